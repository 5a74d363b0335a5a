"""Hostile files, pipes, names and calls: every file the app reads loads, or is refused in
one short line with nothing changed; every public function refuses bad arguments with a
ValueError that names them.  Each case below is one an adversarial review found."""
import copy
import json
import os
import random
import subprocess
import sys

import numpy as np
import pytest

from lrviz import models
from lrviz.data import DataFileError, make_preset, read_points_csv, write_points_csv
from lrviz.models import classifiers, metrics
from lrviz.models.path import regularization_path
from lrviz.session import SessionError, read_session

from helpers import said

MAX_MESSAGE = 300  # "never more than a few hundred characters"


def run(*args, env=None, timeout=60):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **(env or {}))
    return subprocess.run([sys.executable, "-m", "lrviz", *args], capture_output=True,
                          timeout=timeout, env=env)


def one_line(text):
    text = text.decode() if isinstance(text, bytes) else text
    lines = [ln for ln in text.strip().splitlines() if "propagateSizeHints" not in ln]
    assert len(lines) == 1 and "Traceback" not in text, text[:2000]
    assert len(lines[0]) <= MAX_MESSAGE, lines[0][:400]
    return lines[0]


# -------------------------------------------------------------- CSV files
GOOD_CSV = "x1,x2,label\n" + "".join(f"{i * 0.5},{-i * 0.25},{i % 3}\n" for i in range(12))

CSV_CASES = {  # content -> a word the one-line refusal must contain
    "underscore digits": ("x1,x2,label\n1_000,2,0\n", "not a number"),
    "arabic-indic digits": ("x1,x2,label\n١,2,0\n", "not a number"),
    "full-width digits": ("x1,x2,label\n１,2,0\n", "not a number"),
    "underflow to zero": ("x1,x2,label\n1e-400,2,0\n", "too small"),
    "label underflow": ("x1,x2,label\n1,2,1e-400\n", "whole number"),
    "label as float": ("x1,x2,label\n1,2,1.0\n", "whole number"),
    "huge coordinate": ("x1,x2,label\n1e300,2,0\n", "beyond"),
    "overflowing coordinate": ("x1,x2,label\n1e400,2,0\n", "too large"),
    "20 MB cell": ("x1,x2,label\n" + "9" * 20_000_000 + ",1,0\n", "too long"),
    "500 KB line": ("x1,x2,label\n1,2,0\n" + "a" * 500_000 + "\n", "too long"),
}


@pytest.mark.parametrize("kind", list(CSV_CASES))
def test_lenient_or_huge_csv_values_are_refused_in_one_short_line(tmp_path, kind):
    content, word = CSV_CASES[kind]
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        read_points_csv(path)
    line = one_line(str(info.value))
    assert word in line and "bad.csv" in line


def test_a_full_100000_row_file_of_long_lines_loads(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(100_000, 2)) * np.pi * 1e-3
    y = rng.integers(0, 2, 100_000)
    path = tmp_path / "full.csv"
    rows = "".join(f"{a!r:>45},{b!r:>45},{c}\n" for (a, b), c in zip(X.tolist(), y.tolist()))
    path.write_text("x1,x2,label\n" + rows)  # ~94-byte lines, as a spreadsheet might pad them
    assert path.stat().st_size > 9_000_000  # longer than the old reader ever read
    X2, y2 = read_points_csv(path)
    np.testing.assert_array_equal(X2, X)
    np.testing.assert_array_equal(y2, y)


def test_blank_lines_are_not_rows_and_form_feeds_do_not_shift_line_numbers(tmp_path):
    path = tmp_path / "blank.csv"
    path.write_text("x1,x2,label\n" + "1,2,0\n" * 100 + "\n" * 3_000_000)
    X, y = read_points_csv(path)
    assert len(y) == 100
    path.write_text("x1,x2,label\n1,2,0\f\n3,4\u2028,1\nbad,1,0\n")
    with pytest.raises(DataFileError, match=r"line 4: x1 is not a number"):
        read_points_csv(path)


def test_quoted_text_is_cut_short(tmp_path):
    path = tmp_path / "h.csv"
    path.write_text("a" * 900 + "\n1,2,0\n")
    with pytest.raises(DataFileError) as info:
        read_points_csv(path)
    one_line(str(info.value))


def test_the_writer_refuses_what_the_reader_would(tmp_path):
    path = tmp_path / "w.csv"
    for X, y in (([[0, 0]], [7]), ([[np.nan, 0]], [0]), ([[0, 0]], [0.7]), ([[0, 0]], [-1]),
                 ([[0, 0]], [True])):
        with pytest.raises(ValueError):
            write_points_csv(path, X, y)
        assert not path.exists()
    write_points_csv(path, [[0.1, 2e-5]], [4])
    assert read_points_csv(path)[1].tolist() == [4]


def _mutations(text, rng, n):
    """``n`` mutations of a good file: cut, duplicate, replace, insert bytes and cells."""
    junk = ["", ",", ",,", "nan", "inf", "-", "1e999", "1_0", "٣", "\x00", "\ufeff", '"1"',
            "0x10", "1,2", " ", "\r", "9" * 400, "-1", "5", "2.5", "true", "\u2028", "\f"]
    out = []
    for _ in range(n):
        kind = rng.randrange(5)
        i = rng.randrange(len(text))
        if kind == 0:
            t = text[:i]
        elif kind == 1:
            t = text[:i] + rng.choice(junk) + text[i:]
        elif kind == 2:
            t = text[:i] + rng.choice(junk) + text[i + rng.randrange(1, 6):]
        elif kind == 3:
            t = text[:i] + text[i:][::-1]
        else:
            t = text.replace(",", rng.choice([",", ";", ", ", ",,"]), rng.randrange(1, 4))
        out.append(t)
    return out


def test_a_hundred_and_twenty_mutated_csv_files_load_or_are_refused_in_one_line(tmp_path):
    rng = random.Random(18)
    path = tmp_path / "m.csv"
    for text in _mutations(GOOD_CSV, rng, 120):
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        try:
            X, y = read_points_csv(path)
        except DataFileError as exc:
            one_line(str(exc))
        else:
            assert np.isfinite(X).all() and X.shape[1] == 2 and ((0 <= y) & (y <= 4)).all()


# ---------------------------------------------------------- session files
@pytest.fixture(scope="module")
def good_session(tmp_path_factory):
    """A real session file, saved by the app with every tab trained a little and a
    table loaded into Weights & Decisions."""
    folder = tmp_path_factory.mktemp("s")
    path, table = folder / "good.json", folder / "table.csv"
    table.write_text("a,b,label\n" + "".join(f"{i % 5},{i * 0.25},{i % 2}\n" for i in range(30)))
    out = subprocess.run(
        [sys.executable, "-c", "import sys\nfrom lrviz.ui.app import make_app\napp = make_app()\n"
         "from lrviz.ui import MainWindow\nw = MainWindow()\nt = w.page['decisions']\n"
         "t.load_csv(sys.argv[2])\n"
         "while t.names != ['a', 'b']: app.processEvents()\n"
         "[p.train_now(5) for p in w.pages]\nw.files.save_session(sys.argv[1])\nw.shutdown()\n",
         str(path), str(table)], capture_output=True, text=True, timeout=120,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert out.returncode == 0, out.stderr
    return json.loads(path.read_text())


def _put(doc, keys, value):
    doc = copy.deepcopy(doc)
    d = doc
    for k in keys[:-1]:
        d = d[k]
    d[keys[-1]] = value
    return doc


HUGE = 10 ** 400
SESSION_CASES = {
    "400-digit epoch": lambda d: _put(d, ["tabs", "boundary", "epoch"], HUGE),
    "400-digit lr": lambda d: _put(d, ["tabs", "boundary", "lr"], HUGE),
    "400-digit seed": lambda d: _put(d, ["tabs", "boundary", "seed"], HUGE),
    "400-digit label": lambda d: _put(d, ["tabs", "boundary", "points", "label", 0], HUGE),
    "400-digit coordinate": lambda d: _put(d, ["tabs", "boundary", "points", "x1", 0], HUGE),
    "400-digit weight": lambda d: _put(d, ["tabs", "boundary", "weights", "model", 0, 0], HUGE),
    "400-digit start": lambda d: _put(d, ["tabs", "sigmoid", "start"], [HUGE, 0]),
    "epoch 2**63": lambda d: _put(d, ["tabs", "boundary", "epoch"], 2 ** 63),
    "epoch 1e20": lambda d: _put(d, ["tabs", "boundary", "epoch"], 1e20),
    "current_tab a list": lambda d: _put(d, ["current_tab"], ["boundary"]),
    "current_tab an object": lambda d: _put(d, ["current_tab"], {"a": 1}),
    "x1 a 2-D list": lambda d: _put(d, ["tabs", "boundary", "points", "x1"],
                                    [[0.0]] * len(d["tabs"]["boundary"]["points"]["x1"])),
    "coordinate as text": lambda d: _put(d, ["tabs", "boundary", "points", "x1", 0], "1"),
    "test flag as text": lambda d: _put(d, ["tabs", "boundary", "points", "test", 0], "yes"),
    "label as a boolean": lambda d: _put(d, ["tabs", "boundary", "points", "label", 0], True),
    "weight as a boolean": lambda d: _put(d, ["tabs", "boundary", "weights", "model", 0, 0], True),
    "5-million-character model name": lambda d: _put(d, ["tabs", "boundary", "kind"], "x" * 5_000_000),
    "huge weight": lambda d: _put(d, ["tabs", "boundary", "weights", "model", 0, 0], 1e200),
    "5-million-character feature name": lambda d: _put(d, ["tabs", "decisions", "table",
                                                           "features", 0], "x" * 5_000_000),
    "a table of 200,000 rows": lambda d: _put(_put(d, ["tabs", "decisions", "table", "label"],
                                                  [0, 1] * 100_000),
                                             ["tabs", "decisions", "table", "columns"],
                                             [[0.5] * 200_000] * 2),
    "table label as a boolean": lambda d: _put(d, ["tabs", "decisions", "table", "label", 0],
                                               True),
    "table value as NaN text": lambda d: _put(d, ["tabs", "decisions", "table", "columns", 0, 0],
                                              "nan"),
}


def test_hostile_sessions_are_refused_in_one_line_in_the_window(qtbot, window, tmp_path,
                                                                good_session):
    """Each case of the review, in one window (the refusals change nothing to share); a
    big one is read in the background."""
    from helpers import open_session

    path = tmp_path / "bad.json"
    assert window.open_lesson("intro", step=3, quiet=True)  # (a lesson open meanwhile)
    before = json.dumps(window.files.session_state(), sort_keys=True)
    for kind, mutate in SESSION_CASES.items():
        path.write_text(json.dumps(mutate(good_session)))
        assert not open_session(qtbot, window, path, quiet=True), kind
        line = one_line(window.files.last_error)
        assert "bad.json" in line and "Nothing was changed" in line, (kind, line)
        assert json.dumps(window.files.session_state(), sort_keys=True) == before, kind


def test_json_nested_thousands_deep_is_refused(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(SessionError, match="nested too deeply"):
        read_session(path)


def test_a_hundred_and_twenty_mutated_sessions_load_or_are_refused(window, tmp_path, good_session):
    """Mutations of a good file: values swapped for others of every type and size."""
    rng = random.Random(1818)
    values = [None, True, False, 0, -1, 1e308, -1e308, 2 ** 63, HUGE, "", "x" * 10_000, [], {},
              [[1, 2]], [True], 0.5, "nan", [1e400 if False else 1e300]]
    leaves = []

    def walk(node, keys):
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, keys + [k])
        elif isinstance(node, list) and node and not isinstance(node[0], (list, dict)):
            leaves.append(keys + [0])
            leaves.append(keys)
        elif isinstance(node, list):
            for i, v in enumerate(node[:2]):
                walk(v, keys + [i])
        else:
            leaves.append(keys)
    walk(good_session, [])
    assert ["tabs", "decisions", "table", "columns", 0, 0] in leaves
    assert window.open_lesson("intro", step=3, quiet=True)  # (a lesson open meanwhile)
    path = tmp_path / "m.json"
    before = json.dumps(window.files.session_state(), sort_keys=True)
    opened = 0
    for _ in range(120):
        doc = _put(good_session, rng.choice(leaves), rng.choice(values))
        path.write_text(json.dumps(doc))
        if window.files.open_session(str(path), quiet=True):
            opened += 1
            before = json.dumps(window.files.session_state(), sort_keys=True)
        else:
            one_line(window.files.last_error)
            assert json.dumps(window.files.session_state(), sort_keys=True) == before
    assert opened < 120  # most mutations are refused, and each refusal changed nothing


def test_saving_twice_at_once_never_shows_a_half_file_or_leaves_a_temporary(tmp_path):
    from lrviz.fileio import write_atomically

    path = tmp_path / "s.json"
    write_atomically(path, b"old")
    with pytest.raises(OSError):
        write_atomically(tmp_path / "no-such-folder" / "s.json", b"x")
    write_atomically(path, b"new")
    assert path.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.json"]  # no .tmp left behind


# --------------------------------------------------- pipes, devices, names
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_named_pipe_is_refused_at_once_everywhere(qtbot, window, tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    out = run("--data", str(fifo), "--screenshot", str(tmp_path / "x.png"))
    assert out.returncode == 2 and "not a regular file" in one_line(out.stderr)
    out = run(str(fifo))
    assert out.returncode == 2 and "not a regular file" in one_line(out.stderr)
    before = window.boundary.document.points.state()
    line = said(qtbot, window.boundary, lambda: window.files.open_data(str(fifo)))
    assert "not a regular file" in line
    assert not window.files.open_session(str(fifo), quiet=True)
    assert "not a regular file" in window.files.last_error
    for a, b in zip(window.boundary.document.points.state(), before):
        np.testing.assert_array_equal(a, b)


def test_dev_zero_and_folders_are_refused():
    for target in ("/dev/zero", os.path.dirname(__file__)):
        if os.path.exists(target):
            out = run(target)
            assert out.returncode == 2
            one_line(out.stderr)


def test_a_screenshot_goes_to_exactly_the_path_given_even_if_not_utf8(tmp_path):
    name = os.fsencode(str(tmp_path)) + b"/shot_\xff.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONIOENCODING="utf-8:strict")
    out = subprocess.run([sys.executable, "-m", "lrviz", "--screenshot", name],
                         capture_output=True, timeout=120, env=env)
    assert out.returncode == 0, out.stderr
    assert os.listdir(os.fsencode(str(tmp_path))) == [b"shot_\xff.png"]
    assert one_line(out.stdout).endswith("shot_\\xff.png")


@pytest.mark.parametrize("name", ["noext", "picture.xyz"])
def test_unknown_picture_formats_name_the_ones_that_work(window, tmp_path, name):
    out = run("--screenshot", str(tmp_path / name))
    assert out.returncode == 2 and ".png" in one_line(out.stderr)
    assert not window.files.export_image(str(tmp_path / name), scale=1.0)
    assert ".png, .jpg, .bmp or .svg" in window.files.last_error
    assert not list(tmp_path.iterdir())


def test_huge_epochs_on_the_command_line_are_refused():
    out = run("--epochs", str(10 ** 30))
    assert out.returncode == 2 and "--epochs" in one_line(out.stderr)


# ------------------------------------------------------- numbers in training
def test_points_far_out_diverge_visibly_and_the_session_still_saves(qtbot, window, tmp_path):
    tab = window.boundary
    X = np.array([[1e9, -1e9], [-1e9, 1e9], [2e8, 1e9], [-1e9, -3e8]])
    tab.editor.set_points(X, np.array([0, 1, 0, 1]))
    tab.controls.lr.setValue(10000)
    tab.controller.step(1)
    qtbot.waitUntil(lambda: window.state_label.text() == "diverged", timeout=5000)
    snap = tab.controller.latest
    assert snap.epoch == 1 and "a weight grew to" in snap.diverged  # after one step, not 16
    assert window.files.save_session(str(tmp_path / "after.json"))
    before = json.dumps(window.files.session_state(), sort_keys=True)
    assert window.files.open_session(str(tmp_path / "after.json"), quiet=True)  # and reopens as it was
    assert json.dumps(window.files.session_state(), sort_keys=True) == before


# ------------------------------------------------------------- Python API
API_CASES = {
    "path lr -1": lambda X, y: __import__("lrviz.models.path", fromlist=["x"]).regularization_path(X, y, [0.1], lr=-1),
    "path lr 0": lambda X, y: __import__("lrviz.models.path", fromlist=["x"]).regularization_path(X, y, [0.1], lr=0),
    "path epochs -5": lambda X, y: __import__("lrviz.models.path", fromlist=["x"]).regularization_path(X, y, [0.1], epochs=-5),
    "path 1-D X": lambda X, y: __import__("lrviz.models.path", fromlist=["x"]).regularization_path(X[:, 0], y, [0.1]),
    "poly on 1e160": lambda X, y: __import__("lrviz.models", fromlist=["x"]).RegularizedLogisticRegression(2, features="poly2").fit(np.full((4, 2), 1e160), [0, 1, 0, 1]),
    "lambda 1e308": lambda X, y: __import__("lrviz.models", fromlist=["x"]).RegularizedLogisticRegression(2, lam=1e308),
    "noise nan": lambda X, y: make_preset("blobs", noise=float("nan")),
    "one_hot -1": lambda X, y: __import__("lrviz.models", fromlist=["x"]).one_hot([-1], 3),
    "one_hot 1.7": lambda X, y: __import__("lrviz.models", fromlist=["x"]).one_hot([1.7], 3),
    "one_hot 5": lambda X, y: __import__("lrviz.models", fromlist=["x"]).one_hot([5], 3),
    "epochs inf": lambda X, y: __import__("lrviz.models", fromlist=["x"]).LogisticRegression(2).fit(X, y, epochs=float("inf")),
    "n_features inf": lambda X, y: __import__("lrviz.models", fromlist=["x"]).LogisticRegression(float("inf")),
    "hidden [[4]]": lambda X, y: __import__("lrviz.models", fromlist=["x"]).NeuralNetwork(2, [[4]]),
    "poly 1-D": lambda X, y: __import__("lrviz.models", fromlist=["x"]).polynomial_features(np.zeros(3)),
    # issue 28, point 8: each of these answered silently (NaN, a dropped imaginary part,
    # everything predicted negative) or ran for ever
    "naive Bayes var_smoothing -1": lambda X, y: classifiers.GaussianNaiveBayes(2, var_smoothing=-1),
    "naive Bayes var_smoothing nan": lambda X, y: classifiers.GaussianNaiveBayes(2, var_smoothing=float("nan")),
    "network forward of a NaN row": lambda X, y: models.TinyNeuralNetwork(2, 3).forward([[np.nan, 1.0]]),
    "network lr 1e300": lambda X, y: models.TinyNeuralNetwork(2, 3, rng=np.random.default_rng(0)).fit(X, y, lr=1e300),
    "cross-entropy of a NaN p": lambda X, y: models.binary_cross_entropy(np.array([np.nan, 0.5]), np.array([1.0, 0.0])),
    "cross-entropy of p 2": lambda X, y: models.binary_cross_entropy(np.array([2.0, 0.5]), np.array([1.0, 0.0])),
    "confusion at threshold nan": lambda X, y: metrics.confusion_matrix(y, np.full(len(y), 0.5), float("nan")),
    "confusion at threshold -1": lambda X, y: metrics.confusion_matrix(y, np.full(len(y), 0.5), -1),
    "confusion at threshold 2": lambda X, y: metrics.confusion_matrix(y, np.full(len(y), 0.5), 2),
    "report at threshold nan": lambda X, y: metrics.threshold_report(y, np.full(len(y), 0.5), float("nan")),
    "report at threshold -1": lambda X, y: metrics.threshold_report(y, np.full(len(y), 0.5), -1),
    "report at threshold 2": lambda X, y: metrics.threshold_report(y, np.full(len(y), 0.5), 2),
    "epochs 10**30": lambda X, y: models.LogisticRegression(2).fit(X, y, epochs=10 ** 30),
    "network epochs 10**30": lambda X, y: models.TinyNeuralNetwork(2, 3).fit(X, y, epochs=10 ** 30),
    "SVM epochs 10**30": lambda X, y: classifiers.SupportVectorMachine(2, epochs=10 ** 30),
    "path epochs 10**30": lambda X, y: regularization_path(X, y, [0.1], epochs=10 ** 30),
    "complex X": lambda X, y: models.LogisticRegression(2).fit(X + 1j, y, epochs=1),
    "complex X to predict": lambda X, y: models.LogisticRegression(2).predict_proba(X * (1 + 0j)),
    "complex X for naive Bayes": lambda X, y: classifiers.GaussianNaiveBayes(2).fit(X + 1j, y),
    "complex labels": lambda X, y: models.LogisticRegression(2).fit(X, y + 1j, epochs=1),
    "complex learning rate": lambda X, y: models.LogisticRegression(2).fit(X, y, lr=np.complex128(0.1 + 1j), epochs=1),
}


@pytest.mark.parametrize("kind", list(API_CASES))
def test_public_functions_refuse_bad_arguments_with_a_value_error(kind):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(20, 2))
    y = (X[:, 0] > 0).astype(int)
    with pytest.raises(ValueError) as info:
        API_CASES[kind](X, y)
    assert len(str(info.value)) < MAX_MESSAGE


def test_ctrl_c_in_the_terminal_closes_the_app_cleanly():
    import signal

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, "-m", "lrviz", "--epochs", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        # the window is up once the process has printed nothing and is still running;
        # ask again until it answers (no fixed sleep)
        for _ in range(100):
            try:
                proc.wait(timeout=0.2)
                break
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    # 0 once the window is up (closed as its close button would); 130 if Ctrl+C came
    # while it was still starting: either way one quiet exit, never a traceback
    assert proc.returncode in (0, 130), err.decode()[-2000:]
    assert b"Traceback" not in err and b"KeyboardInterrupt" not in err


def test_two_writers_and_a_reader_never_meet_a_half_written_session(tmp_path):
    import threading

    from lrviz.session import write_session

    path = tmp_path / "shared.json"
    write_session(path, {"boundary": {"n": 0}}, "boundary")
    stop = threading.Event()
    errors = []

    def writer(k):
        for i in range(40):
            write_session(path, {"boundary": {"n": i, "pad": [k] * 500}}, "boundary")

    def reader():
        while not stop.is_set():
            try:
                json.loads(path.read_text())
            except Exception as exc:  # a half-written file would land here
                errors.append(exc)
    threads = [threading.Thread(target=writer, args=(k,)) for k in (1, 2)]
    r = threading.Thread(target=reader)
    r.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stop.set()
    r.join()
    assert not errors
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shared.json"]


def test_saving_into_a_missing_folder_says_why_and_leaves_nothing(window, tmp_path):
    target = tmp_path / "missing" / "lesson.json"
    assert not window.files.save_session(str(target))
    line = one_line(window.files.last_error)
    assert "No such file or directory" in line and ".tmp" not in line
    assert not window.files.export_image(str(tmp_path / "missing" / "x.png"), scale=1.0)
    assert not window.files.save_data(str(tmp_path / "missing" / "p.csv"))
    assert not (tmp_path / "missing").exists() and not list(tmp_path.iterdir())


# ---------------------------------------------- saving over what is there
def _savers(window):
    """Each kind of file the window writes, saved as its File menu does: name -> save."""
    return {"s.json": window.files.save_session, "p.csv": window.files.save_data,
            "i.png": lambda path: window.files.export_image(path, scale=1.0)}


def _mode(path):
    import stat

    return stat.S_IMODE(os.stat(path).st_mode)


def test_saving_over_a_file_keeps_its_permissions(window, tmp_path):
    for name, save in _savers(window).items():
        path = tmp_path / name
        path.write_bytes(b"old")
        os.chmod(path, 0o640)  # (neither tempfile's 0600 nor the umask's 0644)
        assert save(str(path)), window.files.last_error
        assert path.read_bytes() != b"old" and _mode(path) == 0o640, name
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(_savers(window))


@pytest.mark.parametrize("mask", [0o022, 0o002, 0o027], ids=lambda m: f"umask{m:03o}")
def test_a_new_file_gets_the_usual_mode_from_the_umask(window, tmp_path, mask):
    old = os.umask(mask)
    try:
        for name, save in _savers(window).items():
            assert save(str(tmp_path / name)), window.files.last_error
            assert _mode(tmp_path / name) == 0o666 & ~mask, name
    finally:
        os.umask(old)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symbolic links")
def test_saving_through_a_symbolic_link_writes_its_target_and_keeps_the_link(window, tmp_path):
    real, links = tmp_path / "real", tmp_path / "links"
    real.mkdir()
    links.mkdir()
    for name, save in _savers(window).items():
        target = real / name
        target.write_bytes(b"old")
        os.chmod(target, 0o604)
        os.symlink(os.path.join("..", "real", name), links / name)  # relative, as ln -s makes
        os.symlink(name, links / ("via-" + name))  # a link to the link
        for link in (links / name, links / ("via-" + name)):
            assert save(str(link)), window.files.last_error
            assert os.path.islink(link), f"{link.name} was replaced by a regular file"
            assert target.read_bytes() != b"old" and _mode(target) == 0o604, link.name
            if name == "s.json":
                assert json.loads(target.read_text())["format"] == "lrviz-session"
            target.write_bytes(b"old")
        # a link whose target does not exist yet: the target is made, the link stays
        os.symlink(os.path.join("..", "real", "new-" + name), links / ("new-" + name))
        assert save(str(links / ("new-" + name))), window.files.last_error
        assert os.path.islink(links / ("new-" + name)) and (real / ("new-" + name)).stat().st_size
    assert not [p for p in (*real.iterdir(), *links.iterdir()) if p.name.endswith(".tmp")]


def test_saving_never_replaces_a_pipe_or_a_folder(window, tmp_path):
    import stat

    for name, save in _savers(window).items():
        folder = tmp_path / ("folder-" + name)
        folder.mkdir()
        assert not save(str(folder))
        assert "is a folder" in one_line(window.files.last_error), name
        assert folder.is_dir() and not list(folder.iterdir())
        if hasattr(os, "mkfifo"):
            fifo = tmp_path / ("pipe-" + name)
            os.mkfifo(fifo)
            assert not save(str(fifo))
            assert "not a regular file" in one_line(window.files.last_error), name
            assert stat.S_ISFIFO(os.lstat(fifo).st_mode), f"the pipe {fifo.name} was replaced"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_saving_never_replaces_a_device(window, tmp_path):
    """As root, renaming over /dev/null would replace it: a null device made in a test
    folder stands in for it (making one needs root, else the test is skipped)."""
    import stat

    for name, save in _savers(window).items():
        device, link = tmp_path / ("null-" + name), tmp_path / ("link-" + name)
        try:
            os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        except (AttributeError, OSError) as exc:
            pytest.skip(f"cannot make a device here ({exc})")
        os.symlink(device, link)
        for path in (device, link):
            assert not save(str(path))
            assert "not a regular file" in one_line(window.files.last_error), name
            assert stat.S_ISCHR(os.lstat(device).st_mode), f"the device was replaced ({name})"
            assert os.path.islink(link)
    assert len(list(tmp_path.iterdir())) == 2 * len(_savers(window))  # (no temporary left)


# ------------------------------------------------------------ lesson files (#28)
def _hostile_values(kind, catalog, tab, rnd):
    """A value of an action's or claim's argument kind: often one at or past an edge."""
    n = catalog.inputs[tab]
    choices = {
        int: [0, -1, 1, 3, 4, 5, 9, 2 ** 40, 10 ** 7],
        float: [-1.0, 0.0, 1e-300, 1e300, 0.5, 3.0, 1e5, 1e4, 1e-7],
        bool: [True, False],
        str: ["ghost", "", "blobs", "xor", "three-class", "spiral", "moons"],
        list: [[], [0.0], [1e300, -1e300], [0, 1, 4], [0.5, -0.5]],
        dict: [{}],
        "model": catalog.models[tab] + ["ghost"],
        "point": [[0.0] * n, [1e300] * n, [1e-300] * n, [0.0] * (n + 1)],
        "label": [0, 1, 2, 3, 4, 5, -1],
        "feature": [0, 1, 4, 5, 99, -1],
    }.get(kind, [None])
    return rnd.choice(choices)


def _hostile_step(tab, catalog, rnd):
    """One step of ``tab`` with a few random, often hostile, actions and claims."""
    def action():
        a = rnd.choice(list(catalog.actions[tab].values()))
        if a.name in ("set", "change"):
            s = rnd.choice(catalog.settings[tab])
            edge = [s.lo, s.hi, s.default] if s.lo is not None else \
                list(s.choices or [True, False, s.default])
            if s.kind == "pair":
                edge = [[s.lo, s.hi], [s.hi, s.lo]]
            return {"do": a.name, "values": {s.name: rnd.choice(edge)}}
        if a.name == "train":
            return {"do": "train", "epochs": rnd.choice([0, 1, 30, 200, 10 ** 9])}
        return {"do": a.name, **{k: _hostile_values(kind, catalog, tab, rnd)
                                 for k, (kind, req) in a.args.items() if req or rnd.random() < .5}}

    def claim():
        m = rnd.choice(list(catalog.measures[tab].values()))
        c = {"claim": m.name}
        if m.comparable and rnd.random() < 0.4:
            c = {"claim": rnd.choice(["change", "compare"]), "of": m.name,
                 "sign": rnd.choice([1, -1])}
            if c["claim"] == "compare":
                c.update(model=rnd.choice(catalog.models[tab]),
                         than=rnd.choice(catalog.models[tab]))
            spec = m.args
        else:
            spec = {**m.args, **m.bounds()}
        c.update({k: _hostile_values(kind, catalog, tab, rnd) for k, (kind, req) in spec.items()
                  if (req or rnd.random() < 0.5) and k not in c})
        return c
    return {"title": "hostile", "tab": tab, "text": "",
            "setup": [action() for _ in range(rnd.randrange(3))],
            "run": [action() for _ in range(rnd.randrange(3))] + [{"do": "train", "epochs": 3}],
            "expect": [claim() for _ in range(rnd.randrange(1, 3))]}


@pytest.mark.parametrize("tab", ["boundary", "sigmoid", "sparsity", "xor", "calibration",
                                 "decisions"])
def test_forty_hostile_lessons_per_tab_are_refused_in_one_line_or_run_and_say_so(
        qtbot, window, tmp_path, tab):
    """Each lesson file is refused in one line with the open lesson and its tab untouched,
    or it opens, its step sets up and runs, and the panel says what happened (what could
    not be measured too) with Run usable again: never an exception, never a stuck panel."""
    from lrviz.ui.tabs import catalog

    known, rnd = catalog(), random.Random(f"lessons {tab}")
    assert window.open_lesson("xor", step=1, quiet=True, live=False)
    panel = window.lesson_panel
    refused = opened = 0
    for k in range(40):
        doc = {"format": "lrviz-lesson", "version": 1, "title": f"hostile {k}",
               "steps": [_hostile_step(tab, known, rnd)]}
        path = tmp_path / f"lesson{k}.json"
        path.write_text(json.dumps(doc))
        page = window.current_page()
        before = (panel.lesson.to_dict(), panel.index, json.dumps(page.session.state()))
        if not window.open_lesson(str(path), quiet=True, live=False):
            line = one_line(window.files.last_error)
            assert f"lesson{k}.json step 1" in line, line
            assert (panel.lesson.to_dict(), panel.index,
                    json.dumps(page.session.state())) == before
            assert window.current_page() is page
            refused += 1
            continue
        opened += 1
        verdict = panel.run(live=False)
        assert verdict is not None and panel.run_button.isEnabled(), doc
        assert len(verdict["expect"]) == len(doc["steps"][0]["expect"])
        for line in verdict["failed"]:
            one_line(line)
        assert "Running" not in panel.outcome.text()
    assert refused >= 3 and opened >= 3, (refused, opened)  # (both sides are exercised)
