"""Sessions saved by every earlier format open, showing what was saved.

tests/sessions/ keeps one file per format, each saved by the lrviz of its time with
tests/sessions/make_session.py: settings moved off their defaults (through that
version's own Open session, which checked them), every tab trained 25 epochs.
Version 1 is the first format; version 2 grew a setting at a time without a new
number; version 3 keeps Weights & Decisions' loaded table.
"""
import json
from pathlib import Path

import numpy as np

from helpers import settle

HERE = Path(__file__).parent / "sessions"

#: file -> the commit whose lrviz saved it, and what its format lacks
FORMATS = {
    "v1.json": ("b74c933", "nested Builder settings, no speed, no standardising"),
    "v2-first.json": ("546e2f5", "no standardising, no 'learn while I edit', no two scores"),
    "v2-standardize.json": ("5bb3a6a", "no 'learn while I edit', no Calibration tab"),
    "v2-calibration.json": ("eb82589", "Calibration without its noise"),
    "v2-noise.json": ("77900d7", "no 'learn while I edit'"),
    "v2-learn-live.json": ("25e5d72", "no circle-network controls"),
    "v2-circle-controls.json": ("feb05b4", "no Weights & Decisions tab"),
    "v2-decisions.json": ("28c93b8", "no gradient arrows, handles or two scores"),
    "v2-hands-on.json": ("42c924a", "no look inside the circle networks"),
    "v2-inside.json": ("af1f67c", "the last version 2 format"),
    "v2-table.json": ("6e7333a", "a loaded table, not kept"),
    "v3.json": ("this branch", "a loaded table, kept"),
}

#: Settings a file may lack whose default is not what the app did before they existed
BEFORE_THEY_EXISTED = {("boundary", "standardize"): False, ("boundary", "learn_live"): False}
#: Version 1 ran flat out: there was no speed control
V1_SPEED = "max"


def test_every_format_is_kept():
    assert sorted(p.name for p in HERE.glob("*.json")) == sorted(FORMATS)


def _settings_saved(part):
    """The settings a saved part holds, flat (version 1 nested the Builder's)."""
    flat = {}
    for key, value in part.items():
        if key in ("model", "show") and isinstance(value, dict):
            flat.update(value)
        elif key == "preset" and isinstance(value, dict):
            flat.update(preset=value["name"], n=value["n"], noise=value["noise"],
                        seed=value["seed"])
        elif key not in ("points", "weights", "epoch", "table"):
            flat[key] = value
    return flat


def test_a_session_of_each_format_opens_as_it_was_saved(qtbot, window):
    """Every file in one window (opening one after another is what a teacher does)."""
    for name in sorted(FORMATS):
        _opens_as_saved(qtbot, window, name)
    # a file from before standardising (the model saw x1, x2 as they are: standardised,
    # its weights would draw another boundary) and one from after
    for name, ticked in (("v2-first.json", False), ("v2-standardize.json", True)):
        assert window.files.open_session(str(HERE / name), quiet=True)
        assert window.boundary.form["standardize"].isChecked() is ticked, name


def _opens_as_saved(qtbot, window, name):
    path = HERE / name
    saved = json.loads(path.read_text())
    assert window.files.open_session(str(path), quiet=True), window.files.last_error
    assert window.current_page().key == saved["current_tab"]
    for key, part in saved["tabs"].items():
        page = window.page[key]
        shown = {**page.form.values(), **page.controls.state()}
        expected = _settings_saved(part)
        for setting, value in shown.items():
            where = f"{name}: {key} '{setting}'"
            if setting in expected:
                want = expected[setting]
            elif setting == "speed":
                want = V1_SPEED
            elif setting == "batch":
                want = 0  # (every earlier format trained full batch: "all")
            elif (key, setting) in BEFORE_THEY_EXISTED:
                want = BEFORE_THEY_EXISTED[key, setting]
            else:
                want = page.form.declaration(setting).default
            assert (list(value) if isinstance(value, tuple) else value) == want, where
        if key == "boundary":
            points = page.document.points
            np.testing.assert_array_equal(points.X, np.c_[part["points"]["x1"],
                                                          part["points"]["x2"]])
            np.testing.assert_array_equal(points.y, part["points"]["label"])
            np.testing.assert_array_equal(points.test, part["points"]["test"])
        snap = settle(qtbot, page)  # (one-pass models are fitted in the background)
        if key == "decisions" and part["data"] == "a CSV file" and "table" not in part:
            continue  # (see the next test)
        assert snap.epoch == part["epoch"] == 25, (name, key)
        for model, arrays in part["weights"].items():
            for have, want in zip(snap.models[model].get_parameters(), arrays):
                np.testing.assert_array_equal(have, np.array(want), err_msg=f"{name} {model}")


def test_a_version_2_table_is_asked_for_again_and_a_version_3_one_is_there(qtbot, window):
    """Version 2 kept no table: its weights were for a table that is gone, so the tab
    opens on its settings, untrained, and says to load the table again."""
    tab = window.page["decisions"]
    window.select_tab("decisions")
    lines = []
    window.statusBar().messageChanged.connect(lambda text: text and lines.append(text))
    assert window.files.open_session(str(HERE / "v2-table.json"), quiet=True)
    assert tab.form["data"].currentText() == "a CSV file"
    assert settle(qtbot, tab).epoch == 0 and tab.names[0] == "hours studied"
    assert any("Load a CSV file first" in line for line in lines), lines
    assert tab.form.value("threshold") == 0.4 and tab.form.value("seed") == 7
    assert window.files.open_session(str(HERE / "v3.json"), quiet=True)
    assert tab.form["data"].currentText() == "a CSV file"
    assert tab.names == ["height", "siblings", "noise"] and settle(qtbot, tab).epoch == 25
    table = json.loads((HERE / "v3.json").read_text())["tabs"]["decisions"]["table"]
    X = np.r_[tab.train.X, tab.held.X]
    assert sorted(map(tuple, X)) == sorted(zip(*table["columns"]))


def test_a_sessions_text_has_a_line_per_key_and_each_list_of_numbers_on_one():
    """Long lists are written a thousand numbers at a time (the encoder kept the
    interpreter for a whole 100,000-number list, and the window waited); the text is
    what one call writes: each list of numbers whole on one line, exactly the values."""
    from lrviz.fileio import JSON_CHUNK, json_bytes

    rng = np.random.default_rng(5)
    column = rng.normal(size=3 * JSON_CHUNK + 7).tolist()
    doc = {"tabs": {"decisions": {"table": {"columns": [column, column[:JSON_CHUNK]],
                                            "label": [0, 1] * JSON_CHUNK,
                                            "features": ["a", "é"]}}}, "n": None}
    text = json_bytes(doc, 2 ** 30, "session").decode("utf-8")
    assert json.loads(text) == doc
    lines = text.splitlines()
    compact = json.dumps(column, separators=(",", ": "))
    assert sum(line.strip() in (compact, compact + ",") for line in lines) == 1
    assert '"label": ' + json.dumps([0, 1] * JSON_CHUNK, separators=(",", ": ")) + "," in text
    assert '"features": ["a","\\u00e9"]' in text and len(lines) == 15  # (a line a key)


def test_long_lists_of_numbers_are_read_in_pieces_as_json_reads_them(monkeypatch):
    """A session's long lists of numbers are read a piece at a time, handing the
    interpreter over between pieces (read at once, a 100,000 x 50 table's session kept
    it from the window for a second, even in a job).  Whatever the text, the answer is
    the one Python's reader gives: the same document, or a refusal."""
    import random

    import lrviz.fileio as fileio
    from lrviz.fileio import json_document
    from lrviz.session import SessionError
    from lrviz.sharing import let_go

    handed = []
    monkeypatch.setattr(fileio, "yield_interpreter", lambda: handed.append(1))
    random.seed(1)
    big = ",".join(str(random.choice([random.randint(-9, 99), random.random() * 1e5,
                                      -1.5e-300, 3e300])) for _ in range(25_000))
    assert len(big) > 3 * fileio.LONG_LIST_BYTES
    texts = ['{"a": [%s], "b": [[%s], [%s]], "c": "x"}' % (big, big, big[:120_000] + "1"),
             "[%s]" % big, '{"a": [%s,]}' % big, '{"a": [%s, ]}' % big,
             '{"a": [,%s]}' % big, '{"a": [%s,,1]}' % big, '{[%s]: 1}' % big,
             '{"s": "in a string: [%s]"}' % big, '{"a": [%s 1]}' % big,
             '{"a": [1e999,%s]}' % big, '{"a": [%s]' % big, '{"a": [%s]} x' % big,
             '{"a": [  %s  ]}' % big.replace(",", " ,\n "), '{"a": [%s]}' % (" " * 70_000),
             '{"a": [-%s]}' % big, '{"a": [%s]}' % big.replace("e", "E+"),
             '{"a": [%s], "a": 3}' % big, '{"a": [1.%s]}' % big,
             '{"a": [%s], "b": NaN}' % big, '{"a": [%s], "b": "\\u0000"}' % big]

    def no_constants(name):
        raise ValueError(name)
    for text in texts:
        try:
            wanted = json.loads(text, parse_constant=no_constants)
        except ValueError:
            wanted = SessionError
        try:
            got = json_document(text.encode(), "s.json", "session", SessionError)
        except SessionError:
            got = SessionError
        assert got == wanted, text[:60]
    handed.clear()
    doc = json_document(texts[0].encode(), "s.json", "session", SessionError)
    assert len(handed) >= 3 * len(big) // fileio.LONG_LIST_BYTES  # (a piece a turn)
    # and nothing else holds the lists read: freed a list at a time, not in one go
    let_go(doc)
    assert doc == {"a": None, "b": [None, None], "c": "x"}
    assert len(big[:120_000].split(",")) > 10_000


def test_let_go_frees_only_what_nothing_else_holds():
    from lrviz.sharing import let_go

    numbers = [0.5] * 20_000
    kept = {"b": [1.5] * 20_000}
    doc = {"a": list(numbers), "kept": kept, "short": [1, 2], "rows": [[2.5] * 20_000],
           "also": numbers}
    let_go(doc)
    assert doc["a"] is None and doc["rows"] == [None]
    assert kept == {"b": [1.5] * 20_000} and doc["also"] == [0.5] * 20_000  # held elsewhere
    assert doc["short"] == [1, 2]
