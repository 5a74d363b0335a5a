"""Data sets and CSV files: exact generation, exact round trips, clear refusals."""
import numpy as np
import pytest

from lrviz.data import (
    PRESETS_2D,
    DataFileError,
    blobs_2d,
    hours_studied,
    make_preset,
    read_points_csv,
    sparse_100,
    sparse_holdout,
    three_class,
    write_points_csv,
)


def test_spec_datasets_are_exact():
    np.random.seed(42)
    pos = np.random.randn(50, 2) + [2, 2]
    neg = np.random.randn(50, 2) + [-1, -1]
    d = blobs_2d()
    np.testing.assert_array_equal(d.X, np.vstack([pos, neg]))
    np.testing.assert_array_equal(d.y, [1.0] * 50 + [0.0] * 50)

    np.random.seed(7)
    X = np.random.randn(80, 100)
    tw = np.zeros(100)
    tw[:5] = np.random.randn(5) * 3
    s = sparse_100()
    np.testing.assert_array_equal(s.X, X)
    np.testing.assert_array_equal(s.info["true_w"], tw)
    assert abs(s.info["true_w"][0]) == pytest.approx(0.01, abs=0.005)

    np.random.seed(99)
    parts = [np.random.randn(40, 2) * 0.8 + c for c in [(-2, 0), (2, 0), (0, 3)]]
    np.testing.assert_array_equal(three_class().X, np.vstack(parts))


def test_generators_leave_global_state_alone():
    np.random.seed(1)
    expected = np.random.rand()
    np.random.seed(1)
    blobs_2d(); sparse_100(); make_preset("spiral")
    assert np.random.rand() == expected


@pytest.mark.parametrize("name", list(PRESETS_2D))
def test_presets_are_reproducible(name):
    a, b = make_preset(name, seed=3), make_preset(name, seed=3)
    np.testing.assert_array_equal(a.X, b.X)
    assert a.X.shape[1] == 2 and set(np.unique(a.y)) <= {0, 1, 2}
    if name != "xor":
        assert not np.array_equal(a.X, make_preset(name, seed=4).X)
        assert len(make_preset(name, n_points=60).X) == 60


def test_holdout_uses_same_truth_and_hours_is_1d():
    np.testing.assert_array_equal(sparse_holdout().info["true_w"], sparse_100().info["true_w"])
    h = hours_studied()
    assert h.X.shape == (20, 1) and set(np.unique(h.y)) == {0.0, 1.0}


def test_csv_round_trip_is_exact(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(500, 2)) * 10 ** rng.uniform(-8, 8, (500, 2))
    X[0] = [0.1, 1 / 3]
    y = rng.integers(0, 5, 500)
    path = tmp_path / "points.csv"
    write_points_csv(path, X, y)
    X2, y2 = read_points_csv(path)
    assert X2.tobytes() == X.tobytes()
    np.testing.assert_array_equal(y2, y)


BAD_FILES = {
    "empty": (b"", "empty"),
    "header only": (b"x1,x2,label\n", "no data rows"),
    "wrong header": (b"a,b,c\n1,2,0\n", "line 1: header must be"),
    "missing header": (b"1,2,0\n", "line 1: header must be"),
    "short row": (b"x1,x2,label\n1,2,0\n3,4\n", "line 3: expected 3 values"),
    "long row": (b"x1,x2,label\n1,2,0,9\n", "line 2: expected 3 values"),
    "text": (b"x1,x2,label\n1,abc,0\n", "line 2: x2 is not a number: 'abc'"),
    "nan": (b"x1,x2,label\nnan,1,0\n", "line 2: x1 must be a finite number"),
    "inf": (b"x1,x2,label\n1,inf,0\n", "line 2: x2 must be a finite number"),
    "float label": (b"x1,x2,label\n1,2,0.5\n", "line 2: label must be a whole number"),
    "label written as a float": (b"x1,x2,label\n1,2,1.0\n", "line 2: label must be a whole number"),
    "big label": (b"x1,x2,label\n1,2,7\n", "line 2: label must be 0..4"),
    "negative label": (b"x1,x2,label\n1,2,-1\n", "line 2: label must be 0..4"),
    "latin-1": (b"x1,x2,label\n1,2,0\n\xe9,1,0\n", "line 3: is not UTF-8"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00", "binary data"),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_bad_csv_is_refused_with_file_line_and_problem(tmp_path, kind):
    content, message = BAD_FILES[kind]
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(DataFileError) as info:
        read_points_csv(path)
    text = str(info.value)
    assert str(path) in text and message in text
    assert "\n" not in text


def test_too_many_rows_refused(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("x1,x2,label\n" + "1,2,0\n" * 101)
    with pytest.raises(DataFileError, match="more than 100 rows"):
        read_points_csv(path, max_rows=100)
    path.write_text("x1,x2,label\n" + "1,2,0\n" * 100_001)
    with pytest.raises(DataFileError, match="more than 100,000 rows"):
        read_points_csv(path)


def test_missing_file_and_tolerated_variants(tmp_path):
    with pytest.raises(DataFileError, match="cannot be read"):
        read_points_csv(tmp_path / "nope.csv")
    path = tmp_path / "ok.csv"
    path.write_bytes(b"\xef\xbb\xbfX1, x2 ,Label\r\n1, 2, 1\r\n\r\n3,4e0,2\r\n")
    X, y = read_points_csv(path)
    np.testing.assert_array_equal(X, [[1, 2], [3, 4]])
    np.testing.assert_array_equal(y, [1, 2])


def test_points_handed_out_for_training_never_change_under_their_holder():
    """train_test hands out the set's own arrays when nothing is held out (selecting
    100,000 rows four times cost 3.5 ms of a file's loading); a move replaces the
    array instead of writing into it, so what a holder read stays as it read it."""
    from lrviz.data.points import PointSet

    p = PointSet()
    p.replace([[0.0, 0.0], [1.0, 1.0]], [0, 1])
    X, y, X_test, y_test = p.train_test()
    assert X is p.X and len(X_test) == len(y_test) == 0
    p.move(0, 5.0, 5.0)
    np.testing.assert_array_equal(X, [[0.0, 0.0], [1.0, 1.0]])
    np.testing.assert_array_equal(p.X, [[5.0, 5.0], [1.0, 1.0]])
    p.replace(p.X, p.y, [True, False])  # with held-out points: selections
    X, y, X_test, y_test = p.train_test()
    np.testing.assert_array_equal(X_test, [[5.0, 5.0]])
    np.testing.assert_array_equal(X, [[1.0, 1.0]])


def test_every_edit_of_the_points_leaves_what_was_read_before_it_as_it_was():
    """The undo steps and the saved file's copy hold the arrays themselves (copying
    100,000 rows five times made a file's loading stall the window): so no edit may
    write into them, and no reader can either."""
    from lrviz.data.points import PointSet

    p = PointSet()
    p.replace([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]], [0, 1, 0])
    held = [a.copy() for a in p.state()]
    before = p.state()
    for edit in (lambda: p.add(3.0, 3.0, 1), lambda: p.move(0, 9.0, 9.0), lambda: p.remove(1),
                 lambda: p.insert(0, (np.array([4.0, 4.0]), 1, True)),
                 lambda: p.replace(p.X, p.y, np.ones(len(p.y), bool))):
        edit()
        for a, b in zip(before, held):
            np.testing.assert_array_equal(a, b)
        for a in p.state():
            with pytest.raises(ValueError, match="read-only"):
                a[0] = a[0]

