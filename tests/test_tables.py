"""Any table as people have it: the reader (European and text-labelled files, every
refusal in one line), the real data sets and their reference figures, and the
window's habits around files (the column dialog, drops, Recent, what it remembers,
the question before closing)."""
import numpy as np
import pytest

from lrviz.data import DataFileError
from lrviz.data.catalog import REAL, open_real
from lrviz.data.table import Names, TableSpec, read_table

from helpers import said, settle

EUROPEAN = ('\ufeffGröße;"Gewicht, kg";Ergebnis\r\n'
            '1,5;2,25;ja\r\n2,5;;nein\r\n3;4,75;nein\r\n"4,5";-1,5e1;ja\r\n')


def _file(tmp_path, text, name="t.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_a_european_file_reads_with_its_decimal_commas_and_empty_cells(tmp_path):
    table = read_table(_file(tmp_path, EUROPEAN))
    assert table.columns == ["Größe", "Gewicht, kg", "Ergebnis"]
    assert table.describe() == "4 rows, 3 columns, semicolon-separated, decimal commas"
    assert table.kinds == ["number", "number", "text"]
    data = table.choose(["Größe", "Gewicht, kg"], "Ergebnis")
    np.testing.assert_array_equal(data.X, [[1.5, 2.25], [3.0, 4.75], [4.5, -15.0]])
    assert data.classes == ["ja", "nein"] and data.y.tolist() == [0, 1, 0]
    assert data.dropped == 1 and data.summary() == \
        "3 rows; ja 2, nein 1; 1 with an empty cell left out"
    assert data.features == ["Größe", "Gewicht, kg"]


def test_text_labels_are_named_classes_sorted_and_numbers_sorted_by_value(tmp_path):
    text = "hours\tsleep\tresult\n1\t7\tpass\n2\t5\tfail\n3\t8\tpass\n"
    data = read_table(_file(tmp_path, text)).choose(["hours", "sleep"], "result")
    assert data.classes == ["fail", "pass"] and data.y.tolist() == [1, 0, 1]
    numbers = "a,b,grade\n1,2,10\n3,4,9\n5,6,10\n"
    data = read_table(_file(tmp_path, numbers)).choose(["a", "b"], "grade")
    assert data.classes == ["9", "10"] and data.y.tolist() == [1, 0, 1]  # 9 < 10, not "10" < "9"


REFUSED = {
    "text feature": ("x,kind,y\n1,red,a\n2,blue,b\n", (["x", "kind"], "y"),
                     "line 2: the column 'kind' holds text ('red'"),
    "one class": ("x,z,y\n1,2,a\n2,3,a\n", (["x", "z"], "y"), "has one class only ('a')"),
    "too many classes": ("x,z,y\n" + "".join(f"{i},{i},c{i}\n" for i in range(6)),
                         (["x", "z"], "y"), "has 6 classes; this tab shows at most 5"),
    "no row left": ("x,z,y\n1,,a\n,3,b\n", (["x", "z"], "y"), "has no row left"),
    "no such column": ("x,z,y\n1,2,a\n", (["x", "w"], "y"), "has no column 'w'"),
    "nan": ("x,z,y\n1,nan,a\n2,3,b\n", (["x", "z"], "y"), "line 2: the column 'z' holds text"),
    "long row": ("x,z,y\n1,2,a,9\n", (["x", "z"], "y"), "line 2: has 4 cells"),
}


@pytest.mark.parametrize("kind", list(REFUSED))
def test_bad_choices_are_refused_in_one_line(tmp_path, kind):
    text, columns, message = REFUSED[kind]
    path = _file(tmp_path, text)
    with pytest.raises(DataFileError) as info:
        read_table(path).choose(*columns)
    assert message in str(info.value) and str(path) in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("piece", [1, 2, 3, 7, 64])
def test_a_file_read_a_piece_at_a_time_reads_as_a_whole(tmp_path, monkeypatch, piece):
    """(A big file is decoded, split and converted in pieces, so the window never waits
    on one long step: a piece's edge must never show.)"""
    import lrviz.data.table as table_module

    path = _file(tmp_path, EUROPEAN)
    whole = read_table(path).choose(["Größe", "Gewicht, kg"], "Ergebnis")
    monkeypatch.setattr(table_module, "CHUNK", piece)
    monkeypatch.setattr(table_module, "CELLS", piece)
    monkeypatch.setattr(table_module, "MAX_LINE", 40)
    table = read_table(path)
    assert table.columns == ["Größe", "Gewicht, kg", "Ergebnis"]
    assert table.describe() == "4 rows, 3 columns, semicolon-separated, decimal commas"
    data = table.choose(["Größe", "Gewicht, kg"], "Ergebnis")
    np.testing.assert_array_equal(data.X, whole.X)
    assert data.summary() == whole.summary()
    rows = "a,b,c\n" + "1,2,x\n" * 5
    for content, message in (
            (rows + "1,été,x\n", "line 7: the column 'b' holds text ('été'"),
            ((rows + "1,2,x\n").encode() + b"1,\xff,x\n", "line 8: is not UTF-8 text"),
            ((rows + "1,2,x\n").encode() + b"1,\x00,x\n", "line 8: contains binary data"),
            (rows + "1," + "2" * 60 + ",x\n", "line 7: is too long"),
            (rows + "1," + "2" * 60, "line 7: is too long")):
        bad = tmp_path / "bad.csv"
        bad.write_bytes(content if isinstance(content, bytes) else content.encode())
        with pytest.raises(DataFileError) as info:
            read_table(bad).choose(["a", "b"], "c")
        assert message in str(info.value), (piece, message)


def test_bad_files_are_refused_in_one_line(tmp_path):
    for text, message in (("1,2,3\n4,5,6\n", "line 1: the first line should name the columns"),
                          ("", "is empty"), ("a,b,c\n", "no data rows"),
                          ("a,a,b\n1,2,3\n", "'a' appears twice"),
                          ("abc\n1\n", "one column only")):
        with pytest.raises(DataFileError, match=message):
            read_table(_file(tmp_path, text))
    big = _file(tmp_path, "a,b,c\n" + "1,2,x\n" * 101, "big.csv")
    with pytest.raises(DataFileError, match="more than 100 rows"):
        read_table(big, max_rows=100)


def _newton(x, y, steps=50):
    """Maximum likelihood logistic regression on one feature (an independent solver)."""
    A = np.column_stack([np.ones_like(x), x])
    beta = np.zeros(2)
    for _ in range(steps):
        p = 1 / (1 + np.exp(-A @ beta))
        beta += np.linalg.solve(A.T @ (A * (p * (1 - p))[:, None]), A.T @ (y - p))
    return beta


def test_the_real_data_sets_reproduce_the_spec():
    ch = open_real("challenger", "decisions")
    assert len(ch.y) == 23 and ch.classes == ["no", "yes"] and ch.y.sum() == 7
    b, w = _newton(ch.X[:, 0], ch.y.astype(float))
    assert (round(b, 4), round(w, 4)) == (15.0429, -0.2322)
    table = read_table(REAL["penguins"].path)
    assert table.n_rows == 344
    every = table.choose(["year"], "species")  # (a column no row leaves empty)
    assert every.summary() == "344 rows; Adelie 152, Chinstrap 68, Gentoo 124"
    bills = open_real("penguins", "boundary")
    assert len(bills.y) == 342 and bills.dropped == 2  # the two without bill measurements
    two = open_real("penguins", "calibration")
    assert two.classes == ["Adelie", "Chinstrap"] and len(two.y) == 151 + 68
    wdbc = open_real("breast_cancer", "decisions")
    assert wdbc.X.shape == (569, 30) and wdbc.summary() == "569 rows; benign 357, malignant 212"
    assert "mean_radius" in wdbc.features and "worst_concavity" in wdbc.features
    iris = open_real("iris", "boundary")
    assert iris.summary() == "150 rows; setosa 50, versicolor 50, virginica 50"
    for s in REAL.values():  # each one says where it comes from and under which licence
        assert s.source and s.licence and s.row and s.path.is_file()


def test_help_names_every_data_set_with_its_source_and_licence():
    from lrviz.data.catalog import help_html

    html = help_html()
    for s in REAL.values():
        assert s.title in html and s.licence in html
    assert "Dalal, Fowlkes &amp; Hoadley" in html or "Dalal, Fowlkes & Hoadley" in html


def test_a_session_keeps_the_names_of_the_points():
    from lrviz.data import PointSet

    p = PointSet()
    names = Names(("bill_length_mm", "bill_depth_mm"), ("Adelie", "Gentoo"))
    p.replace([[40.0, 18.0], [47.0, 15.0]], [0, 1], names=names)
    X, y, test, back = PointSet.from_dict(p.to_dict(), "here")
    assert back == names
    with pytest.raises(ValueError, match="'classes' should be at most"):
        PointSet.from_dict({**p.to_dict(), "classes": ["a"] * 6}, "here")


def test_what_a_file_is_comes_from_what_it_holds(tmp_path):
    from lrviz.filekind import file_kind

    assert file_kind(_file(tmp_path, EUROPEAN)) == "data"
    assert file_kind(_file(tmp_path, '{"format": "lrviz-lesson", "steps": []}', "l.txt")) == "lesson"
    assert file_kind(_file(tmp_path, '{"tabs": {}, "format": "lrviz-session"}', "s")) == "session"


# ------------------------------------------------------------------ the window
PENGUINS = ("species,bill_length_mm,bill_depth_mm\n" + "Adelie,39.1,18.7\nAdelie,38.0,19.0\n"
            "Gentoo,47.5,15.0\nGentoo,49.0,14.5\nChinstrap,49.5,18.5\nChinstrap,,18.0\n")


@pytest.fixture
def window(qtbot):
    from lrviz.ui import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    yield win
    win.shutdown()


def test_a_text_labelled_table_opens_with_its_names_everywhere(qtbot, window, tmp_path):
    path = _file(tmp_path, PENGUINS, "penguins.csv")
    tab = window.boundary
    line = said(qtbot, tab, lambda: window.files.open_data(str(path)))
    assert line.startswith("Loaded 5 rows; Adelie 2, Chinstrap 1, Gentoo 2; 1 with an empty "
                           "cell left out")
    assert [b.text().strip() for b in tab.editor.class_buttons[:3]] == \
        ["Adelie", "Chinstrap", "Gentoo"]
    assert "Chinstrap" in tab.view.key.text()
    axis = tab.map.plot_item.getAxis
    assert axis("bottom").labelText == "bill_length_mm" and axis("left").labelText == "bill_depth_mm"
    tab.train_now(50)
    tab.view.hovered(45.0, 16.0)
    assert "P(Gentoo)" in tab.view.readout.text() and "bill_length_mm 45" in tab.view.readout.text()
    assert "bill_depth_mm" in tab.view.equation.text()
    tab.editor.select_class(2)
    tab.editor.add_point(48.0, 15.0, 2)
    assert window.undo_action.text() == "Undo add Gentoo point"
    assert window.windowTitle().startswith("penguins.csv")
    window.document.undo.undo()
    window.document.undo.undo()  # the file's names go with its points
    assert tab.editor.class_buttons[0].text().strip() == "0"


def test_a_wide_table_asks_for_its_columns_and_refuses_text_features(qtbot, window, tmp_path):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialogButtonBox

    path = _file(tmp_path, "island;species;bill;depth;mass\n" + "".join(
        f"Biscoe;{s};{40 + i},5;{15 + i % 3};{3000 + 100 * i}\n"
        for i, s in enumerate(["Adelie", "Gentoo"] * 5)), "wide.csv")
    before = window.document.points.state()
    window.files.open_data(str(path))
    qtbot.waitUntil(lambda: window.files.dialog is not None and window.files.dialog.isVisible(),
                    timeout=5000)
    dialog = window.files.dialog
    ok = dialog.buttons.button(QDialogButtonBox.Ok)
    assert dialog.chosen() == (["bill", "depth"], "island")  # the first text column, a guess
    items = [dialog.features.item(i) for i in range(dialog.features.count())]
    assert not items[0].flags() & Qt.ItemIsEnabled  # text: cannot be ticked as a feature
    dialog.set_choice(["bill", "depth", "mass"], "species")
    assert not ok.isEnabled() and "Tick two feature columns; 3 ticked" in dialog.problem.text()
    dialog.set_choice(["bill", "mass"], "species")
    assert ok.isEnabled()
    line = said(qtbot, window.boundary, ok.click)
    assert line.startswith("Loaded 10 rows; Adelie 5, Gentoo 5")
    np.testing.assert_array_equal(window.document.points.X[0], [40.5, 3000])
    assert not np.array_equal(window.document.points.X, before[0])


def test_a_text_column_named_as_a_feature_is_refused_and_nothing_changes(qtbot, window,
                                                                         tmp_path):
    path = _file(tmp_path, PENGUINS, "p.csv")
    before = window.document.points.state()
    line = said(qtbot, window.boundary, lambda: window.files.open_data(
        str(path), columns=(["species", "bill_depth_mm"], "bill_length_mm")))
    assert line.startswith("Not loaded") and "'species' holds text" in line
    for a, b in zip(window.document.points.state(), before):
        np.testing.assert_array_equal(a, b)


def test_named_points_saved_and_opened_again_keep_their_names(qtbot, window, tmp_path):
    path = _file(tmp_path, PENGUINS, "p.csv")
    said(qtbot, window.boundary, lambda: window.files.open_data(str(path)))
    out = tmp_path / "saved.csv"
    assert window.files.save_data(str(out))
    names, X = window.document.points.names, window.document.points.X
    window.document.clear()
    said(qtbot, window.boundary, lambda: window.files.open_data(str(out)))
    assert window.document.points.names == names
    np.testing.assert_array_equal(window.document.points.X, X)


def test_a_data_set_opens_where_it_teaches(qtbot, window):
    line = said(qtbot, window.boundary, lambda: window.files.open_dataset("penguins", "calibration"))
    assert line == ("Loaded 219 rows; Adelie 151, Chinstrap 68; 1 with an empty cell left "
                    "out from Palmer penguins")
    assert window.current_page().key == "calibration"
    assert window.page["calibration"].form.value("data") == "Boundary Builder's points"
    line = said(qtbot, window.boundary, lambda: window.files.open_dataset("breast_cancer",
                                                                          "decisions"))
    assert "benign 357, malignant 212" in line
    assert window.page["decisions"].names[0] == "mean_radius"


def test_a_dropped_file_opens_by_what_it_holds(qtbot, window, tmp_path):
    from PySide6.QtCore import QMimeData, QUrl

    path = _file(tmp_path, PENGUINS, "dropped.csv")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    enter = QDragEnterEvent(QPoint(200, 200), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(window, enter)  # (Qt drops only where the drag was welcome)
    assert enter.isAccepted()
    event = QDropEvent(QPointF(200, 200), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    line = said(qtbot, window.boundary, lambda: QApplication.sendEvent(window, event))
    assert line.startswith("Loaded 5 rows") and event.isAccepted()


def test_recent_files_and_what_the_window_remembers(qtbot, window, tmp_path):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMenu

    from lrviz.ui import MainWindow
    from lrviz.ui.look import look

    store = QSettings(str(tmp_path / "lrviz.ini"), QSettings.IniFormat)
    window.habits.store = store
    paths = []
    for i in range(12):
        paths.append(_file(tmp_path, PENGUINS, f"f{i}.csv"))
        said(qtbot, window.boundary, lambda p=paths[-1]: window.files.open_data(str(p)))
    menu = QMenu()
    window.habits.fill_recent(menu)
    texts = [a.text() for a in menu.actions()]
    assert len(texts) == 10 and texts[0] == "&1 f11.csv" and texts[-1] == "&0 f2.csv"
    assert window.habits.folder("data") == str(tmp_path)
    window.set_theme("dark")
    window.zoom(1)
    window.select_tab("sparsity")
    window.habits.remember()
    look().reset()
    again = MainWindow()
    qtbot.addWidget(again)
    again.habits.store = store
    again.habits.restore()
    try:
        assert look().theme == "dark" and look().zoom_level == 1
        assert again.current_page().key == "sparsity"
    finally:
        again.shutdown()


def test_closing_on_points_not_saved_asks_first(qtbot, window, tmp_path):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox

    window.habits.store = QSettings(str(tmp_path / "lrviz.ini"), QSettings.IniFormat)
    window.boundary.editor.add_point(0.5, 0.5, 1, learn=False)
    assert not window.close()  # the question decides
    box = window.habits.box
    assert box.isVisible() and "not saved" in box.text()
    box.button(QMessageBox.Cancel).click()
    assert window.isVisible()
    window.close()
    window.habits.box.button(QMessageBox.Discard).click()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=2000)


def test_table_spec_says_what_a_tab_takes():
    spec = TableSpec(2, 2, 5)
    assert spec.problem(["a"], "b") == "Tick two feature columns; 1 ticked."
    assert spec.problem(["a", "b"], "b").startswith("b is ticked as a feature")
    assert spec.problem(["a", "c"], "b") == ""


def test_the_command_line_opens_tables_by_content_and_refuses_in_one_line(tmp_path, capsys):
    from lrviz.cli import main

    simple = _file(tmp_path, PENGUINS, "p.csv")
    png = tmp_path / "p.png"
    assert main([str(simple), "--screenshot", str(png)]) == 0 and png.is_file()
    wide = _file(tmp_path, "a,b,c,label\n1,2,3,x\n2,3,4,y\n", "wide.csv")
    assert main([str(wide), "--screenshot", str(png)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("lrviz: ") and "--features A,B" in err and "\n" not in err
    assert main(["--data", str(wide), "--features", "a,c", "--label", "label",
                 "--screenshot", str(png)]) == 0
    assert main(["--data", str(wide), "--features", "a,label", "--label", "label",
                 "--screenshot", str(png)]) == 2
    assert "cannot be the label too" in capsys.readouterr().err
    assert main(["--dataset", "iris", "--tab", "sigmoid", "--screenshot", str(png)]) == 2
    assert "offered in the tabs boundary" in capsys.readouterr().err


def test_challenger_on_the_sigmoid_tab_reaches_the_fit_and_a_line_leaves_0_to_1(qtbot, window):
    tab = window.page["sigmoid"]
    before = window.document.points.state()
    line = said(qtbot, tab, lambda: window.files.open_dataset("challenger", "sigmoid"))
    assert line == "Loaded 23 rows; no 16, yes 7 from Challenger O-rings"
    assert window.current_page() is tab
    axis = tab.line.plot.getPlotItem().getAxis
    assert axis("bottom").labelText == "temperature_F" and axis("left").labelText == "P(yes)"
    assert "mean over the 23 rows" in tab.likelihood.label.text()
    assert tab.gradient.table.horizontalHeaderItem(0).text() == "x̃ (temperature_F)"
    tab.train_now(1500)
    # the drawn curve, in degrees: its log-odds are the fitted line w·x + b
    x, p = tab.line.curve.getData()
    assert x.min() < 31 < 53 and x.max() > 81  # every flight, and the launch at 31 °F
    w, b = np.polyfit(x, np.log(p / (1 - p)), 1)
    assert abs(w - -0.2322) < 1e-3 and abs(b - 15.0429) < 1e-3
    assert 0 < p.min() and p.max() < 1  # the sigmoid never leaves 0 … 1
    xs, ls = tab.line.ls_line.getData()
    assert ls.max() > 1 and ls.min() < 0  # the straight line does, at both ends
    assert [t.toPlainText() for t in tab.line.bad_labels] == \
        [f"line says {ls[0]:.2f}", f"line says {ls[1]:.2f}"]
    # the landscapes are centred on the fit in standardised units, their minimum in view
    (w0, w1), (b0, b1) = tab.lands["ce"].ranges
    sd = np.std([53, 57, 58, 63, 66, 67, 67, 67, 68, 69, 70, 70, 70, 70, 72, 73, 75, 75, 76, 76,
                 78, 79, 81])
    assert np.isclose((w0 + w1) / 2, -0.2322 * sd, atol=1e-2)
    gw, gb = tab.lands["ce"].grid_min
    assert abs(gw - -0.2322 * sd) < (w1 - w0) / 100 and b0 < gb < b1
    for a, c in zip(window.document.points.state(), before):  # the Builder's points stay
        np.testing.assert_array_equal(a, c)


def test_the_sigmoid_tab_goes_back_to_the_hours_and_refuses_two_features(qtbot, window,
                                                                         tmp_path):
    from PySide6.QtWidgets import QPushButton

    tab = window.page["sigmoid"]
    window.select_tab("sigmoid")
    path = _file(tmp_path, "temp,damage\n53,yes\n57,yes\n70,no\n75,no\n81,no\n", "t.csv")
    line = said(qtbot, tab, lambda: window.files.open_data(str(path)))
    assert line.startswith("Loaded 5 rows; no 3, yes 2")  # one number, one label: no questions
    assert tab.line.plot.getPlotItem().getAxis("bottom").labelText == "temp"
    assert tab.table_spec.problem(["a", "b"], "c") == "Tick one feature column; 2 ticked."
    new_data = next(b for b in tab.findChildren(QPushButton) if b.text() == "New data")
    new_data.click()
    assert tab.line.plot.getPlotItem().getAxis("bottom").labelText == "hours studied"
    assert "mean over the 20 students" in tab.likelihood.label.text()
    assert tab.lands["ce"].ranges == ((-4.0, 4.0), (-20.0, 5.0))


def test_l1_on_the_breast_cancer_data_names_the_features_it_keeps(qtbot, window):
    from lrviz.models.path import KEEP

    tab = window.page["sparsity"]
    line = said(qtbot, tab, lambda: window.files.open_dataset("breast_cancer", "sparsity"))
    assert "benign 357, malignant 212" in line and window.current_page() is tab
    assert tab.holdout.X.shape == (171, 30) and tab.data.X.shape == (398, 30)
    assert not tab.form["n_features"].isEnabled()  # (the table says how many)
    tab.set_lam(0.1)
    tab.train_now(2000)
    w = tab.controller.latest.models["model"].w
    np.testing.assert_allclose(tab.bar_plots[0].heights(), w)
    kept = [j for j in np.argsort(-np.abs(w)) if abs(w[j]) > KEEP]
    names = [tab.table.features[j] for j in kept]
    assert 0 < len(kept) < 15 and tab.bar_plots[0].named() == names[:12]
    assert all(n in tab.table.features for n in tab.bar_plots[0].named())
    text = tab.counts.text()
    assert f"{len(kept)} of 30 features kept" in text and names[0] in text
    assert "held out" in text and "cos(w, true w)" not in text
    assert tab.bar_plots[0].getPlotItem().getAxis("left").labelText == \
        "weight (toward malignant)"
    tab.new_data()  # back to the synthetic data and its true weights
    assert tab.bar_plots[0].named() == [] and tab.form["n_features"].isEnabled()
    tab.train_now(5)
    assert "cos(w, true w)" in tab.counts.text()


def test_weights_and_decisions_speak_of_a_tables_classes_and_its_held_out_rows(qtbot, window):
    from lrviz.ui.tabs.decisions import BUILT_IN

    tab = window.page["decisions"]
    said(qtbot, tab, lambda: window.files.open_dataset("challenger", "decisions"))
    tab.train_now(3000)
    d = tab.decisions
    title = d.histogram.getPlotItem().titleLabel.text
    assert ">no</span> and <span" in title and ">yes</span> by P" in title
    assert d.histogram.getPlotItem().getAxis("bottom").labelText == "predicted P(distress = yes)"
    assert [d.confusion.horizontalHeaderItem(j).text() for j in (1, 2)] == \
        ["predicted\nno", "predicted\nyes"]
    assert [d.confusion.item(i, 0).text() for i in (0, 1)] == ["true no", "true yes"]
    odds = tab.evidence.odds_label.text()
    assert odds.startswith("Learned from 16 of the 23 rows; the other 7 are held out")
    assert "Odds of distress = yes" in odds and "▲" not in \
        tab.evidence.plot.getPlotItem().titleLabel.text
    assert "P(distress = yes) = σ(z)" in tab.student.label.text()
    for text in (d.text.text(), odds, tab.student.label.text(), title):
        assert "student" not in text and "pass" not in text
    assert tab.decide.title() == "Decisions on held-out rows"
    tab.form.set_values({"data": BUILT_IN}, quiet=False)  # the students again, in their words
    tab.train_now(50)
    assert [d.confusion.item(i, 0).text() for i in (0, 1)] == ["did fail", "did pass"]
    assert "P(pass)" in tab.student.label.text() and "Learned from" not in \
        tab.evidence.odds_label.text()


def test_the_preset_box_says_no_preset_for_a_files_points(qtbot, window, tmp_path):
    box = window.boundary.form["preset"]
    assert box.currentText() == "blobs"
    said(qtbot, window.boundary,
         lambda: window.files.open_data(str(_file(tmp_path, PENGUINS, "p.csv"))))
    assert box.currentText() == "" and box.placeholderText() == "—"
    assert window.boundary.form.value("preset") == "blobs"  # (what Load preset would load)
    window.boundary.editor.load_preset("moons")
    assert box.currentText() == "moons" and window.document.points.names.features == ()
    window.document.undo.undo()  # the file's points again: no preset names them
    assert box.currentText() == ""


def test_the_calibration_maps_name_their_axes_by_the_tables_columns(qtbot, window):
    said(qtbot, window.boundary, lambda: window.files.open_dataset("penguins", "calibration"))
    page = window.page["calibration"]
    for m in page.maps.values():
        axis = m.plot_item.getAxis
        assert (axis("bottom").labelText, axis("left").labelText) == \
            ("bill_length_mm", "bill_depth_mm")
    page.form.set_values({"data": "moons"}, quiet=False)
    assert page.maps["logistic"].plot_item.getAxis("bottom").labelText == "x₁"


def test_recent_keeps_lessons_and_files_named_on_the_command_line(qtbot, window, tmp_path,
                                                                  monkeypatch):
    from pathlib import Path

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from lrviz import cli, lessons
    from lrviz.ui import MainWindow, app as app_module, habits
    from lrviz.ui.live import GuiThreadGarbage

    store = QSettings(str(tmp_path / "lrviz.ini"), QSettings.IniFormat)
    window.habits.store = store
    lesson = tmp_path / "my lesson.json"
    lesson.write_bytes((Path(lessons.__file__).parent / "builtin" / "intro.json").read_bytes())
    assert window.open_lesson(str(lesson), quiet=True)
    assert window.habits.recent()[0] == str(lesson)
    assert window.habits.folder("lesson") == str(tmp_path)

    class NoLoop:  # the app as the command line makes it, without its event loop
        def __init__(self, real):
            self.real = real

        def __getattr__(self, name):
            return getattr(self.real, name)

        def exec(self):
            return 0
    made = app_module.make_app
    monkeypatch.setattr(app_module, "make_app", lambda **kw: NoLoop(made(**kw)))
    monkeypatch.setattr(habits, "user_store", lambda: store)
    monkeypatch.setattr(GuiThreadGarbage, "settle", staticmethod(lambda: None))
    data = _file(tmp_path, PENGUINS, "from the command line.csv")
    before = {id(w) for w in QApplication.topLevelWidgets()}
    assert cli.main([str(data)]) == 0
    opened = [w for w in QApplication.topLevelWidgets()
              if isinstance(w, MainWindow) and id(w) not in before]
    for w in opened:
        qtbot.addWidget(w)
        w.shutdown()
    assert habits.Habits.recent(window.habits)[:2] == [str(data), str(lesson)]


def test_a_read_table_keeps_no_object_per_row_for_the_window_s_collector(tmp_path):
    """Python's cycle collector runs in the window's thread (``GuiThreadGarbage``): a
    (line number, text) pair kept per row made its first pass after a 100,000-row file
    walk 100,000 objects, and the window stood still for 20 - 27 ms.  A table read and
    waiting for its columns to be chosen keeps its rows in a few flat lists."""
    import gc

    path = tmp_path / "rows.csv"
    path.write_text("a,b,label\n" + "".join(f"{i},{i % 7},{'yes' if i % 3 else 'no'}\n"
                                            for i in range(20_000)))
    gc.collect()
    before = len(gc.get_objects())
    table = read_table(str(path))
    assert table.n_rows == 20_000
    assert len(gc.get_objects()) - before < 1_000
    data = table.choose(["a", "b"], "label")  # (the rows still read as before)
    assert data.X[-1].tolist() == [19_999.0, 19_999 % 7] and data.classes == ["no", "yes"]


def _names_shown(window):
    """What a table's names put on screen in each tab that takes tables (read from the
    axes, buttons, titles and texts drawn)."""
    def axis(plot, side):
        return plot.getPlotItem().getAxis(side).labelText
    b, c, s, sp, d = (window.page[k] for k in ("boundary", "calibration", "sigmoid",
                                                "sparsity", "decisions"))
    return {
        "boundary": ([x.text().strip() for x in b.editor.class_buttons[:2]],
                     axis(b.map, "bottom"), axis(b.map, "left")),
        "calibration": ([axis(m, "bottom") for m in c.maps.values()],
                        axis(c.reliability.diagram, "bottom")),
        "sigmoid": (axis(s.line.plot, "bottom"), axis(s.line.plot, "left"),
                    axis(s.likelihood.plot, "bottom"), s.line.text.text(),
                    [i.toPlainText() for i in s.line.mark_items if hasattr(i, "toPlainText")]),
        "sparsity": (axis(sp.bar_plots[0], "left"), sp.intro.text.text(),
                     sp.bar_plots[0].named()),
        "decisions": (axis(d.decisions.histogram, "bottom"), d.cost_label.text(),
                      list(d.names)),
    }


def test_a_session_keeps_every_tabs_table_and_its_names(qtbot, window, tmp_path):
    """A table loaded in each tab that takes one, saved, reopened in a fresh window:
    every tab shows the same table under the same names (the classes' names, not 0 and
    1; Sigmoid's and Sparsity's tables, not the hours and the synthetic data)."""
    from lrviz.ui import MainWindow

    for key, tab in (("penguins", "calibration"), ("challenger", "sigmoid"),
                     ("breast_cancer", "sparsity"), ("breast_cancer", "decisions")):
        window.statusBar().clearMessage()  # (two tabs say the same line of one data set)
        said(qtbot, window.boundary, lambda: window.files.open_dataset(key, tab))
    for page in window.pages:
        page.train_now(20)
    shown = _names_shown(window)
    assert shown["boundary"][0] == ["Adelie", "Chinstrap"]
    assert shown["sigmoid"][:3] == ("temperature_F", "P(yes)", "ŷ = predicted P(yes)")
    assert shown["sigmoid"][4] == ["launch, 31 °F"]
    assert shown["decisions"][1] == "missed malignant costs"
    assert shown["sparsity"][0] == "weight (toward malignant)"
    assert shown["calibration"][1] == "predicted P(Chinstrap) (mean in each bin)"
    path = str(tmp_path / "tables.lrviz.json")
    assert window.files.save_session(path)

    fresh = MainWindow()
    qtbot.addWidget(fresh)
    fresh.show()
    try:
        assert fresh.files.open_session(path, quiet=True), fresh.files.last_error
        for page in fresh.pages:
            assert settle(qtbot, page).epoch == 20, page.key
        assert _names_shown(fresh) == shown
        np.testing.assert_array_equal(fresh.page["sparsity"].data.X,
                                      window.page["sparsity"].data.X)
        for k in (0, 1):  # the same rows drawn, at the same places
            np.testing.assert_array_equal(fresh.page["sigmoid"].line.points[k].getData(),
                                          window.page["sigmoid"].line.points[k].getData())
    finally:
        fresh.shutdown()


def test_a_damaged_name_of_a_tables_class_in_a_session_is_refused_in_one_line(
        qtbot, window, tmp_path):
    import json

    said(qtbot, window.boundary, lambda: window.files.open_dataset("challenger", "sigmoid"))
    path = tmp_path / "s.json"
    assert window.files.save_session(str(path))
    good = json.loads(path.read_text())
    before = json.dumps(window.files.session_state(), sort_keys=True)
    for key, value, word in (("classes", ["no"], "two classes' names"),
                             ("classes", ["yes", "yes"], "two classes' names"),
                             ("classes", "no,yes", "two classes' names"),
                             ("marks", [[1e300, "far"]], "pairs [value, words]"),
                             ("marks", [["31", "launch"]], "pairs [value, words]"),
                             ("source", 5, "'source' should be text")):
        doc = json.loads(json.dumps(good))
        doc["tabs"]["sigmoid"]["table"][key] = value
        path.write_text(json.dumps(doc))
        assert not window.files.open_session(str(path), quiet=True), (key, value)
        error = window.files.last_error
        assert "\n" not in error and len(error) < 300 and word in error, (key, error)
        assert json.dumps(window.files.session_state(), sort_keys=True) == before, key


def test_calibration_names_the_class_its_probabilities_are_of(qtbot, window):
    """The reliability diagram and the histogram say P(Chinstrap), as Sigmoid & Loss says
    P(yes) of Challenger's table; on data without names, P(y = 1)."""
    from lrviz.ui.tabs.calibration import BUILDER

    tab = window.page["calibration"]
    said(qtbot, window.boundary, lambda: window.files.open_dataset("penguins", "calibration"))
    assert tab.form.value("data") == BUILDER
    diagram, histogram = (p.getPlotItem() for p in (tab.reliability.diagram,
                                                    tab.reliability.histogram))
    assert diagram.getAxis("bottom").labelText == "predicted P(Chinstrap) (mean in each bin)"
    assert diagram.getAxis("left").labelText == "fraction that really is Chinstrap"
    assert histogram.getAxis("bottom").labelText == "predicted P(Chinstrap)"
    tab.form.set_values({"data": "redundant-2d"}, quiet=False)  # (built-in: no names)
    assert histogram.getAxis("bottom").labelText == "predicted P(y = 1)"
    assert diagram.getAxis("left").labelText == "fraction that really is y = 1"


def test_thirty_weights_lie_a_row_each_named_apart(qtbot, window):
    """The diagnosis data's 30 weights stood side by side with their names underneath,
    written over each other; past twelve features they lie sideways, a row per feature
    named on the left, each bar its weight, with room for every name -- a name long
    enough to tell it from the others ("mean co…" was "mean compactness", "mean
    concavity" and "mean concave points"), drawn whole."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QFontMetricsF

    said(qtbot, window.boundary, lambda: window.files.open_dataset("breast_cancer",
                                                                  "decisions"))
    tab = window.page["decisions"]
    tab.train_now(5000)  # (settled: the intervals are drawn too)
    bars = tab.evidence.bars.opts
    w, _ = tab.weights
    np.testing.assert_allclose(np.asarray(bars["width"], float), w)  # lengths: the weights
    np.testing.assert_allclose(bars["y"], -np.arange(30))  # a row each, the first on top
    intervals = tab.evidence.error_bars
    assert intervals.boundingRect().height() > 0  # drawn (it raised: old keys were kept)
    np.testing.assert_allclose(intervals.opts["y"], -np.arange(30))
    assert intervals.opts["top"] is None and intervals.opts["left"] is not None
    item = tab.evidence.plot.getPlotItem()
    ticks = item.getAxis("left")._tickLevels[0]
    assert [name for _, name in ticks] == tab.short and len(tab.short) == 30
    row = (item.vb.mapViewToScene(QPointF(0, 0)) - item.vb.mapViewToScene(QPointF(0, 1))).y()
    font = item.getAxis("left").style.get("tickFont") or item.getAxis("left").font()
    assert abs(row) >= QFontMetricsF(font).height()  # the names do not overlap
    assert len(set(tab.short)) == 30  # told apart
    assert "mean_concave_points" in tab.short and "mean_compactness" in tab.short
    widest = max(QFontMetricsF(font).horizontalAdvance(name) for name in tab.short)
    axis = item.getAxis("left")
    assert axis.width() >= widest + axis.style["tickTextOffset"][0]  # drawn whole
    # five features stand again, a bar per feature named underneath
    from lrviz.ui.tabs.decisions import BUILT_IN

    tab.form["data"].setCurrentText(BUILT_IN)
    assert len(tab.short) == 5
    tab.train_now(50)
    assert np.asarray(tab.evidence.bars.opts["height"], float) == pytest.approx(tab.weights[0])
    assert tab.evidence.bars.opts["y"] is None
    tab.train_now(1500)  # (intervals once settled)
    assert intervals.boundingRect().height() > 0 and intervals.opts["left"] is None
