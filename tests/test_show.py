"""``lrviz.show``: a student's arrays (and a fitted model) open in the tab that fits
their shape, drawn as given; bad input is refused with a ValueError before any window."""
import subprocess
import sys

import numpy as np
import pytest

import lrviz


def _blobs(n=40, seed=0):
    rng = np.random.default_rng(seed)
    X = np.vstack([rng.normal(2, 1, (n, 2)), rng.normal(-1, 1, (n, 2))])
    return X, np.r_[np.ones(n), np.zeros(n)].astype(int)


@pytest.fixture
def shown(qtbot):
    windows = []

    def show(*args):
        win = lrviz.show(*args, block=False)
        qtbot.addWidget(win)
        qtbot.waitExposed(win)
        windows.append(win)
        return win
    yield show
    for win in windows:
        win.shutdown()


def test_two_features_open_the_builder_with_those_points(shown):
    X, y = _blobs()
    win = shown(X, y)
    tab = win.current_page()
    assert win.tabs.tabText(win.tabs.currentIndex()) == "Boundary Builder"
    for k in (0, 1):
        xs, ys = tab.map.train_items[k].getData()
        assert sorted(zip(xs, ys)) == sorted(map(tuple, X[y == k]))
    assert win.windowTitle().endswith("lrviz")


def test_a_fitted_scikit_learn_model_is_the_line_drawn(shown):
    sklearn = pytest.importorskip("sklearn.linear_model")
    X, y = _blobs(seed=1)
    fitted = sklearn.LogisticRegression().fit(X, y)
    win = shown(fitted, X, y)
    tab = win.current_page()
    tab.controller.take()
    xs, ys = tab.map.boundary.getData()  # the drawn line lies on w·x + b = 0
    z = fitted.coef_[0] @ np.vstack([xs, ys]) + fitted.intercept_[0]
    assert len(xs) >= 2 and np.abs(z).max() < 1e-6
    assert "lrviz" not in type(fitted).__module__


def test_an_lrviz_model_is_drawn_too(shown):
    from lrviz.models import LogisticRegression

    X, y = _blobs(seed=2)
    model = LogisticRegression(2).fit(X, y, lr=0.5, epochs=300)
    win = shown(model, X, y)
    xs, ys = win.current_page().map.boundary.getData()
    w, b = model.raw_coefficients()
    assert np.abs(w @ np.vstack([xs, ys]) + b).max() < 1e-6


def test_one_feature_opens_sigmoid_and_many_open_decisions(shown):
    X, y = _blobs(seed=3)
    win = shown(X[:, 0], y)
    tab = win.current_page()
    assert tab.key == "sigmoid"
    for k in (0, 1):  # the students' dots on the first panel are the points given
        xs, _ = tab.line.points[k].getData()
        assert sorted(xs) == sorted(X[y == k, 0])

    class Table:  # a table with named columns (a pandas DataFrame, say)
        columns = ["age", "dose", "weight"]

        def __array__(self, dtype=None, copy=None):
            return np.column_stack([X, X[:, 0] * X[:, 1]])
    win = shown(Table(), y)
    tab = win.current_page()
    assert tab.key == "decisions"
    ticks = tab.evidence.plot.getPlotItem().getAxis("bottom")._tickLevels[0]
    assert [t for _, t in ticks] == ["age", "dose", "weight"]
    assert len(tab.train.y) + len(tab.held.y) == len(y)


BAD = {
    "no labels": ((np.zeros((4, 2)),), "takes \\(X, y\\) or \\(model, X, y\\)"),
    "wrong length": ((np.zeros((4, 2)), [0, 1]), "one label per row of X \\(4\\)"),
    "NaN": ((np.array([[0, 1], [np.nan, 2]]), [0, 1]), "nan at row 1, column 0"),
    "one class": ((np.arange(8.0).reshape(4, 2), [1, 1, 1, 1]), "needs two classes"),
    "six classes": ((np.arange(12.0).reshape(6, 2), [0, 1, 2, 3, 4, 5]),
                    "label 5 at index 5 is outside 0..4: the Boundary Builder tab shows labels 0..4"),
    "three classes, 5 features": ((np.ones((3, 5)), [0, 1, 2]), "two classes"),
    "not numbers": (("points", [0, 1]), "array of numbers"),
    "3-D X": ((np.zeros((2, 2, 2)), [0, 1]), "must be 2-D"),
    "not a model": ((object(), np.eye(2), [0, 1]), "needs coef_ and intercept_"),
    "coefficients of 3 classes": ((type("M", (), {"coef_": np.ones((3, 2)),
                                                  "intercept_": np.zeros(3)})(),
                                   np.eye(2), [0, 1]), "two-class models"),
    "too few coefficients": ((type("M", (), {"coef_": np.ones((1, 3)),
                                             "intercept_": np.zeros(1)})(),
                              np.eye(2), [0, 1]), "3 coefficients, X has 2"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_is_a_value_error_before_any_window(case, qapp):
    from PySide6.QtWidgets import QApplication

    before = set(QApplication.topLevelWidgets())
    args, message = BAD[case]
    with pytest.raises(ValueError, match=message):
        lrviz.show(*args, block=False)
    assert set(QApplication.topLevelWidgets()) == before


def test_import_lrviz_and_bad_input_load_no_qt():
    code = ("import sys, lrviz\n"
            "try:\n    lrviz.show([[1, 2], [3, 4]], [0, 0])\nexcept ValueError as e:\n"
            "    print(e)\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'PySide6', 'pyqtgraph'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60)
    assert out.stdout.splitlines() == ["every label is 0: logistic regression needs two "
                                       "classes", "[]"], out.stderr


def test_from_a_script_show_returns_when_the_window_closes(tmp_path):
    code = ("import lrviz\n"
            "from lrviz.ui.app import make_app\n"
            "from PySide6.QtCore import QTimer\n"
            "from PySide6.QtWidgets import QApplication\n"
            "app = make_app(offscreen=True)\n"
            "def close():\n"
            "    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]\n"
            "    print('open:', [w.current_page().key for w in shown if hasattr(w, 'page')])\n"
            "    [w.close() for w in shown]\n"
            "QTimer.singleShot(0, close)  # (runs once the window's event loop does)\n"
            "print('returned', lrviz.show([[0, 0], [1, 1], [0, 1]], [0, 1, 1]))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, cwd=tmp_path)
    assert out.stdout.splitlines() == ["open: ['boundary']", "returned None"], out.stderr


def test_in_jupyter_with_gui_qt_show_does_not_block(shown, monkeypatch):
    """With IPython's Qt event loop on (``%gui qt``), show returns the open window."""
    import types

    shell = types.SimpleNamespace(active_eventloop="qt6")
    monkeypatch.setitem(sys.modules, "IPython", types.SimpleNamespace(get_ipython=lambda: shell))
    X, y = _blobs(seed=4)
    win = lrviz.show(X, y)  # (blocking here would hang the test)
    try:
        assert win is not None and win.isVisible() and win.current_page().key == "boundary"
    finally:
        win.shutdown()
        win.close()
