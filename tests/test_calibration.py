"""Calibration tab: what the class sees -- curves, table and maps -- measured, read from
what is drawn, and SPEC.md section 5's figures through the tab."""
import numpy as np
import pytest

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
    tab.refresh()
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
        x, y = tab.curves[name].getData()
        np.testing.assert_allclose(x, mean_p)
        np.testing.assert_allclose(y, frac)
    # what the note on screen says of naive Bayes: above the diagonal on the left, below on the right
    x, y = tab.curves["bayes"].getData()
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
    x, y = tab.curves["bayes"].getData()
    assert len(x) >= 8  # drawn from the first snapshot on: one pass, no epochs needed


def test_a_one_class_training_set_is_refused_with_a_message_and_the_picture_stays(qtbot, window, tab):
    tab.train_now(10)
    before = tab.curves["bayes"].getData()[1].copy()
    X = np.random.default_rng(0).normal(size=(30, 2))
    with qtbot.waitSignal(tab.controller.failed, timeout=5000) as blocker:
        tab.controller.set_data(X, np.ones(30), tab.held.X, tab.held.y)
        tab.controller.sync()
    assert "two classes" in blocker.args[0]
    assert "two classes" in window.statusBar().currentMessage()
    np.testing.assert_array_equal(tab.curves["bayes"].getData()[1], before)


@pytest.mark.parametrize("data", ["blobs", "moons", "circles"])
def test_every_data_choice_trains_and_draws(tab, data):
    tab.form["data"].setCurrentText(data)  # as the user picks it
    snap = tab.train_now(300)
    assert not snap.error and all(len(tab.curves[n].getData()[0]) for n in snap.models)
    assert tab.table.item(0, 0).text() == "Logistic regression"
