"""Calibration tab: what the class sees -- curves, table and maps -- measured, read from
what is drawn, and SPEC.md section 5's figures through the tab."""
import threading

import numpy as np
import pytest
from PySide6.QtCore import Qt

from lrviz.models.metrics import expected_calibration_error, reliability_curve

from helpers import settle, shown_epoch


@pytest.fixture
def tab(window):
    window.select_tab("calibration")
    return window.current_page()


def _ece_shown(tab, row):
    return float(tab.table.item(row, 2).text())


def test_naive_bayes_grows_overconfident_with_copies_while_logistic_stays_calibrated(tab):
    tab.form.set_values({"copies": 3})
    tab.rebuild()
    snap = tab.train_now(400)
    assert tab.table.item(0, 0).text() == "Logistic regression"
    assert _ece_shown(tab, 0) <= 0.03  # SPEC: logistic regression's ECE <= 0.03
    assert _ece_shown(tab, 1) >= 0.10  # SPEC: naive Bayes's ECE >= 0.10 at r = 3
    assert tab.table.item(1, 1).text().endswith("ms, one pass")
    assert tab.table.item(0, 1).text() == f"live, epoch {snap.epoch:,}"
    # the drawn curves are the reliability curves of the models' held-out probabilities
    for name, model in snap.models.items():
        p = model.predict_proba(tab.held.X)
        mean_p, frac, _ = reliability_curve(tab.held.y, p)
        x, y = tab.reliability.curves[name].getData()
        np.testing.assert_allclose(x, mean_p)
        np.testing.assert_allclose(y, frac)
    # what the note on screen says of naive Bayes: above the diagonal on the left, below on the right
    x, y = tab.reliability.curves["bayes"].getData()
    assert (y[x < 0.3] > x[x < 0.3]).all() and (y[x > 0.7] < x[x > 0.7]).all()
    ece = expected_calibration_error(tab.held.y, snap.models["bayes"].predict_proba(tab.held.X))
    assert f"{ece:.3f}" in tab.why.text() and "3 copies" in tab.why.text()


def test_without_copies_both_are_calibrated_and_the_tree_is_coarse(tab):
    tab.train_now(400)
    assert _ece_shown(tab, 0) <= 0.03 and _ece_shown(tab, 1) <= 0.03
    p_tree = tab.controller.latest.models["tree"].predict_proba(tab.held.X)
    assert len(np.unique(p_tree)) <= 16  # a depth-4 tree has at most 16 leaf values
    # Platt scaling beats the plain sigmoid of the SVM's score
    assert float(tab.table.item(3, 2).text()) < float(tab.table.item(4, 2).text())
    assert tab.table.item(4, 0).text() == "SVM, plain σ(score)"


def test_logistic_regression_trains_live_and_the_others_fit_once(qtbot, tab):
    tab.controller.play()
    qtbot.waitUntil(lambda: shown_epoch(tab) > 200, timeout=10000)
    snap = settle(qtbot, tab)
    assert snap.epoch > 200 and snap.metrics["logistic"]["accuracy"] > 0.8
    x, y = tab.reliability.curves["bayes"].getData()
    assert len(x) >= 8  # drawn from the first snapshot on: one pass, no epochs needed


def test_a_one_class_training_set_is_refused_with_a_message_and_the_picture_stays(qtbot, window, tab):
    tab.train_now(10)
    before = tab.reliability.curves["bayes"].getData()[1].copy()
    X = np.random.default_rng(0).normal(size=(30, 2))
    with qtbot.waitSignal(tab.controller.failed, timeout=5000) as blocker:
        tab.controller.set_data(X, np.ones(30), tab.held.X, tab.held.y)
        tab.controller.train_now(0)
    assert "two classes" in blocker.args[0]
    assert "two classes" in window.statusBar().currentMessage()
    np.testing.assert_array_equal(tab.reliability.curves["bayes"].getData()[1], before)


@pytest.mark.parametrize("data", ["blobs", "moons", "circles"])
def test_every_data_choice_trains_and_draws(tab, data):
    tab.form["data"].setCurrentText(data)  # as the user picks it
    snap = tab.train_now(300)
    assert not snap.error and all(len(tab.reliability.curves[n].getData()[0]) for n in snap.models)
    assert tab.table.item(0, 0).text() == "Logistic regression"


def test_data_choices_include_hours_studied_and_noise_makes_classes_overlap(tab):
    tab.form["data"].setCurrentText("hours-studied")
    tab.form["noise"].setValue(0.5)
    clean = tab.train_now(400).metrics["logistic"]["test_accuracy"]
    tab.form["noise"].setValue(3.0)
    noisy = tab.train_now(400).metrics["logistic"]["test_accuracy"]
    assert clean > noisy + 0.1
    assert float(tab.table.item(0, 2).text()) <= 0.05  # the truth is logistic: calibrated
    assert not tab.form["copies"].isEnabled()  # copies belong to redundant-2d
    assert "redundant-2d" in tab.form["copies"].toolTip()


def test_the_builders_points_are_split_into_training_and_held_out(qtbot, window, tab):
    builder = window.page["boundary"]
    builder.editor.load_preset("blobs", n_points=60, noise=1.5, seed=3)
    tab.form["data"].setCurrentText("Boundary Builder's points")
    snap = tab.train_now(200)
    assert not snap.error
    assert len(tab.held.y) == 24  # 40 % of 60 held out
    shown = sum(len(item.getData()[0]) for item in tab.maps["logistic"].train_items)
    assert shown == 36  # the maps show the 36 training points
    assert not tab.form["n_train"].isEnabled() and "Builder" in tab.form["n_train"].toolTip()
    # the Builder's own test split is used when it has one
    X, y, _ = window.document.points.state()
    test = np.zeros(len(y), bool)
    test[::3] = True
    window.document.points.replace(X, y, test)  # (notifies: this tab is shown, so it refreshes)
    assert len(tab.held.y) == 20
    # three classes cannot be compared here: a clear message, the picture stays
    before = tab.reliability.curves["bayes"].getData()[1].copy()
    builder.editor.load_preset("three-class")
    assert "more than two classes" in window.statusBar().currentMessage()
    np.testing.assert_array_equal(tab.reliability.curves["bayes"].getData()[1], before)


def test_hovering_a_bin_lights_its_held_out_points_on_every_map(tab):
    snap = tab.train_now(300)
    vb = tab.reliability.diagram.getPlotItem().vb
    scene = vb.mapViewToScene(pg_point(0.65, 0.5))
    tab.reliability.diagram.scene().sigMouseMoved.emit(scene)  # the mouse moves over the diagram
    for name in ("logistic", "bayes", "tree", "svm"):
        p = snap.models[name].predict_proba(tab.held.X)
        inside = (p > 0.6) & (p <= 0.7)
        x, y = tab.reliability.lit[name].getData()
        assert len(x) == inside.sum() > 0
        np.testing.assert_allclose(np.sort(x), np.sort(tab.held.X[inside, 0]))
    n = int(((snap.models["logistic"].predict_proba(tab.held.X) > 0.6) &
             (snap.models["logistic"].predict_proba(tab.held.X) <= 0.7)).sum())
    assert tab.reliability.hover_note.text().startswith("Predicted 60%–70%: logistic regression " + f"{n:,}")
    assert tab.reliability.bin_band.isVisible() and tab.reliability.bin_band.getRegion() == (0.6, 0.7)
    tab.reliability.diagram.scene().sigMouseMoved.emit(vb.mapViewToScene(pg_point(0.5, 1.4)))  # off the view
    assert not tab.reliability.bin_band.isVisible() and len(tab.reliability.lit["logistic"].getData()[0]) == 0


def pg_point(x, y):
    from PySide6.QtCore import QPointF

    return QPointF(x, y)


def test_the_linear_svm_learns_live_and_its_table_row_says_so(tab):
    tab.train_now(5)
    early = tab.reliability.curves["svm"].getData()[1].copy()
    snap = tab.train_now(400)
    assert tab.table.item(3, 1).text() == f"live, epoch {snap.epoch:,}"
    assert tab.table.item(3, 7).text().startswith("yes")
    assert not np.array_equal(early, tab.reliability.curves["svm"].getData()[1])  # it moved while learning
    assert float(tab.table.item(3, 2).text()) <= 0.05


def test_a_slow_rbf_fit_shows_progress_and_can_be_cancelled(qtbot, window, tab, monkeypatch):
    tab.train_now(5)
    tab.form.set_values({"kernel": "rbf", "n_train": 2000})
    # the fit waits in its thread after its first report until the test has clicked
    # Cancel: however fast this machine, the fit is still going when the bar shows
    clicked = threading.Event()
    report = tab.controller.handoff.report_progress

    def held(name, fraction):
        report(name, fraction)
        if 0 < fraction < 1:
            clicked.wait(10)
    monkeypatch.setattr(tab.controller.handoff, "report_progress", held)
    with qtbot.waitSignal(tab.controller.fitProgress, timeout=10000,
                          check_params_cb=lambda name, f: 0 < f < 1):
        tab.rebuild()  # in the background: the window stays free
    qtbot.waitUntil(tab.fit_box.isVisible, timeout=5000)  # shown once the fit takes a while
    assert "SVM" in tab.fit_label.text()
    qtbot.mouseClick(tab.fit_cancel, Qt.LeftButton)
    clicked.set()
    qtbot.waitUntil(lambda: not tab.fit_box.isVisible(), timeout=10000)
    qtbot.waitUntil(lambda: tab.table.item(3, 1).text() == "cancelled", timeout=10000)
    assert tab.reliability.curves["svm"].getData()[0] is None  # no curve for a model that is not fitted
    assert len(tab.reliability.curves["bayes"].getData()[0]) > 0  # the others are drawn
    assert tab.table.item(3, 2).text() == "—"
    # changing a setting fits it again, to the end
    tab.form["n_train"].setValue(300)  # as the user types it
    qtbot.waitUntil(lambda: tab.table.item(3, 1).text().endswith("one pass"), timeout=10000)
    assert len(tab.reliability.curves["svm"].getData()[0]) > 0


@pytest.mark.parametrize("case", ["few held out", "nan"])
def test_unusable_builder_points_leave_the_picture_and_say_why(window, tab, case):
    tab.train_now(20)
    before = [tab.reliability.curves[n].getData()[1].copy() for n in ("logistic", "bayes")]
    epoch = tab.controller.latest.epoch
    builder = window.page["boundary"]
    builder.editor.load_preset("blobs", n_points=15, seed=2)
    if case == "nan":
        builder.editor.load_preset("blobs", n_points=60, seed=2)
        X, y, test = window.document.points.state()
        X = X.copy()
        X[5, 0] = np.nan
        window.document.points.replace(X, y, test, quiet=True)
    tab.form["data"].setCurrentText("Boundary Builder's points")
    text = window.statusBar().currentMessage()
    assert ("at least 10 held-out points" if case != "nan" else "not finite") in text
    assert "picture is unchanged" in text
    for n, old in zip(("logistic", "bayes"), before):
        np.testing.assert_array_equal(tab.reliability.curves[n].getData()[1], old)
    assert tab.controller.latest.epoch == epoch


def test_the_svm_map_draws_its_boundary_where_the_calibrated_probability_is_one_half(tab):
    snap = tab.train_now(300)
    svm = snap.models["svm"]
    x, y = tab.maps["svm"].boundary.getData()
    line = np.column_stack([x, y])
    line = line[np.isfinite(line).all(axis=1)]
    assert len(line) == 2  # one straight segment, not a traced contour
    copies = svm.n_features - 2
    lifted = np.column_stack([line] + [line[:, :1]] * copies)
    np.testing.assert_allclose(svm.predict_proba(lifted), 0.5, atol=1e-9)


def test_a_session_saved_after_a_refused_change_keeps_the_data_learnt_on(window, tab,
                                                                          tmp_path):
    """Data the tab cannot use leaves its models as they were: a session saved then
    holds the settings they were built with (it named the refused data: it opened on
    data its weights were not learnt on, or was refused when their sizes differed)."""
    tab.form["copies"].setValue(3)  # redundant-2d: x1, x2 and 3 near-copies of x1
    tab.train_now(20)
    window.page["boundary"].editor.load_preset("blobs", n_points=15, seed=2)
    tab.form["data"].setCurrentText("Boundary Builder's points")  # too few held out
    assert "picture is unchanged" in window.statusBar().currentMessage()
    path = tmp_path / "s.json"
    assert window.files.save_session(str(path))
    assert window.files.open_session(str(path), quiet=True), window.files.last_error
    assert tab.form.value("data") == "redundant-2d" and tab.form.value("copies") == 3
    assert tab.controller.latest.epoch == 20


def test_a_tab_behind_another_draws_what_it_is_sent_once_it_is_shown(window, tab):
    """A snapshot that reaches a tab out of sight (a session's tabs, put in one by one
    behind the tab shown) is kept, not drawn: Calibration's pictures took 12 - 16 ms of
    the window's turns, and nobody saw them.  Shown again, the tab draws the newest state
    before its first paint: what the class then sees is what it was sent."""
    first = tab.train_now(300)
    curve = tab.reliability.curves["logistic"]
    drawn = np.array(curve.getData())
    window.select_tab("boundary")
    later = tab.train_now(3000)  # (sent while hidden)
    assert later.epoch > first.epoch
    np.testing.assert_array_equal(curve.getData(), drawn)  # nothing drawn behind
    window.select_tab("calibration")  # (no event handled since: not painted yet)
    p = later.models["logistic"].predict_proba(tab.held.X)
    np.testing.assert_allclose(curve.getData(), reliability_curve(tab.held.y, p)[:2])
