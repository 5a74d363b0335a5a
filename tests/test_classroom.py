"""In front of a class: a watchable pace by default, "Max" one click away, and the
Builder learning while the teacher places points -- with a title that tells the truth."""
import math

import numpy as np
import pytest
from PySide6.QtCore import Qt

from lrviz.ui.tabs import TABS
from lrviz.ui.widgets.training_controls import SPEEDS

from helpers import map_probabilities, settle, shown_epoch

pytestmark = pytest.mark.watchable  # the tabs keep their own default speed here


def test_every_tab_starts_at_a_pace_a_class_can_follow(window):
    for key in TABS:
        window.select_tab(key)
        controls = window.current_page().controls
        pace = SPEEDS[controls.speed.value()]
        assert 10 <= pace <= 100, key  # tens of epochs a second, not "max"
        assert controls.speed_label.text() == f"{pace:g}/s"
        assert window.current_page().controller.handoff.speed == pace


def test_max_is_one_click_away_and_the_same_click_brings_the_pace_back(qtbot, window):
    controls = window.boundary.controls
    pace = controls.speed_label.text()
    qtbot.mouseClick(controls.max_button, Qt.LeftButton)
    assert controls.speed_label.text() == "max" and math.isinf(window.boundary.controller.handoff.speed)
    qtbot.mouseClick(controls.max_button, Qt.LeftButton)
    assert controls.speed_label.text() == pace
    # a pace chosen on the slider is the one "Max" returns to
    controls.speed.setValue(SPEEDS.index(5))
    qtbot.mouseClick(controls.max_button, Qt.LeftButton)
    qtbot.mouseClick(controls.max_button, Qt.LeftButton)
    assert controls.speed_label.text() == "5/s"


def test_at_the_default_pace_the_map_still_changes_after_several_seconds(window):
    """The class sees the learning, not just its end: three seconds into a run at the
    default pace, the map's band of doubt (0.2 < P < 0.8, the pale strip along the
    boundary) is still far wider than where training takes it -- read from the
    probabilities the map draws."""
    tab = window.boundary
    pace = SPEEDS[tab.controls.speed.value()]

    def doubtful_share():
        P = map_probabilities(tab.map)[..., 1]
        return float(np.mean((P > 0.2) & (P < 0.8)))
    tab.train_now(int(1 * pace))
    one = doubtful_share()
    tab.train_now(int(2 * pace))
    three = doubtful_share()
    tab.train_now(int(30 * pace))
    later = doubtful_share()
    assert one > three > 1.5 * later  # still visibly sharpening after three seconds


def test_the_builder_learns_while_points_are_placed_and_says_so(qtbot, window):
    from test_boundary import click

    tab = window.boundary
    tab.controls.max_button.click()  # (quick, for the test)
    assert not tab.controller.running
    assert tab.map.getPlotItem().titleLabel.text == "Click to add points — training starts when you do"
    click(qtbot, tab, 1.0, 1.0)
    assert tab.controller.running  # the click started training
    assert tab.map.getPlotItem().titleLabel.text == "Click to add points — the model learns as you edit"
    qtbot.waitUntil(lambda: shown_epoch(tab) > 5, timeout=5000)
    settle(qtbot, tab)
    # turned off: edits wait for Train, and the title says so
    tab.form["learn_live"].setChecked(False)
    assert tab.map.getPlotItem().titleLabel.text == "Click to add points, then press Train"
    epoch = tab.controller.latest.epoch
    click(qtbot, tab, -1.0, -1.0)
    assert not tab.controller.running and tab.controller.latest.epoch == epoch
    assert "learn_live" in window.files.session_state()["boundary"]


def test_changing_the_penalty_leaves_the_old_boundary_as_a_faint_before_line(qtbot, window):
    tab = window.boundary
    tab.train_now(200)
    old_x, old_y = (np.asarray(a).copy() for a in tab.map.boundary.getData())
    before = tab.map.before.getData()[0]
    assert before is None or len(before) == 0
    tab.form["penalty"].setCurrentText("L2")
    tab.form["lam"].setValue(1.0)
    tab.train_now(300)
    bx, by = tab.map.before.getData()
    assert len(bx) > 1  # the grey dashes: where the boundary was before the change
    nx, ny = tab.map.boundary.getData()
    assert not (len(nx) == len(bx) and np.allclose(nx, bx) and np.allclose(ny, by))  # it moved
    tab.editor.load_preset("moons")  # other points: the old line means nothing there
    assert len(tab.map.before.getData()[0]) == 0
    assert "grey dashes" in tab.view.key.text() and "ringed: misclassified" in tab.view.key.text()


def test_separable_points_are_named_and_the_reason_weights_grow_is_given(window):
    tab = window.boundary
    tab.editor.load_preset("blobs", n_points=60, noise=0.3, seed=1)  # far apart: separable
    tab.train_now(300)
    assert tab.view.note.isVisible() and "Linearly separable" in tab.view.note.text()
    assert "grows without end" in tab.view.note.text()
    w_300 = np.abs(tab.controller.latest.models["model"].w).max()
    tab.train_now(3000)
    # still growing (like the log of the epochs): no limit in sight
    assert np.abs(tab.controller.latest.models["model"].w).max() > 1.3 * w_300
    tab.form["penalty"].setCurrentText("L2")
    tab.form["lam"].setValue(0.1)
    tab.train_now(50)
    assert "levels it off" in tab.view.note.text()  # with a penalty: why w stops growing
    tab.editor.load_preset("blobs", n_points=100, noise=2.5, seed=1)  # overlapping clouds
    tab.form["penalty"].setCurrentText("none")
    tab.train_now(300)
    assert tab.view.note.text().startswith("<b>Not linearly separable:</b>")


def test_a_greyed_out_control_says_why(window):
    tab = window.boundary
    assert not tab.form["lam"].isEnabled() and "no penalty" in tab.form["lam"].toolTip()
    assert not tab.form["layers"].isEnabled() and "neural network" in tab.form["layers"].toolTip()
    tab.form["kind"].setCurrentIndex(1)
    assert tab.form["layers"].isEnabled() and "Hidden layers of the network" in tab.form["layers"].toolTip()
    assert tab.form["penalty"].isEnabled() and "never a bias" in tab.form["penalty"].toolTip()


def test_a_network_takes_an_l2_penalty_on_its_weights(window):
    """L2 for networks: the same penalty box, every weight matrix pulled, the loss
    plot showing the penalty apart."""
    tab = window.boundary
    tab.editor.load_preset("xor")
    tab.form["kind"].setCurrentIndex(1)
    tab.train_now(400)
    free = sum(float(np.sum(W ** 2)) for W in tab.controller.latest.models["model"].weights)
    tab.form["penalty"].setCurrentText("L2")
    tab.form["lam"].setValue(0.05)
    tab.controller.reset()
    snap = tab.train_now(400)
    net = snap.models["model"]
    assert type(net).__name__ == "NeuralNetwork" and net.penalty == "l2" and net.lam == 0.05
    assert sum(float(np.sum(W ** 2)) for W in net.weights) < 0.7 * free
    assert snap.metrics["model"]["penalty"] == pytest.approx(net.penalty_value())
    tab.view.curves.loss_plot.flush()
    assert "training + penalty" in tab.view.curves.loss_plot.legend_labels()


def test_three_classes_are_softmax_regression_by_name_and_take_a_penalty(window):
    tab = window.boundary
    tab.editor.load_preset("three-class")
    assert tab.form["kind"].currentText() == "Softmax regression"
    assert tab.form.value("kind") == "Logistic regression"  # (the saved value is unchanged)
    tab.train_now(400)
    free = np.abs(tab.controller.latest.models["model"].W).sum()
    assert tab.form["penalty"].isEnabled()
    tab.form["penalty"].setCurrentText("L2")
    tab.form["lam"].setValue(0.5)
    tab.train_now(400)
    model = tab.controller.latest.models["model"]
    assert model.penalty == "l2" and np.abs(model.W).sum() < 0.6 * free  # L2 shrinks W
    assert "Softmax regression" in tab.view.equation.text()
    key = tab.view.key.text()  # the key under the map names every class's colour
    assert key.count("■") == 3 and "two classes tie" in key
    tab.editor.load_preset("blobs")
    assert tab.form["kind"].currentText() == "Logistic regression"


def test_before_training_the_equation_says_there_is_no_boundary_yet(window):
    tab = window.boundary
    tab.controller.reset()
    assert tab.view.equation.text().startswith("<b>No boundary yet</b>") and "P = 0.50" in tab.view.equation.text()
    tab.train_now(1)
    assert "Boundary" in tab.view.equation.text() and "No boundary" not in tab.view.equation.text()


def test_l2_at_its_default_strength_visibly_changes_the_picture(window):
    """Choosing L2 (at the default λ) on the default points leaves a clearly wider band
    of doubt than no penalty after the same epochs -- read from the drawn map."""
    tab = window.boundary

    def doubtful_share():
        P = map_probabilities(tab.map)[..., 1]
        return float(np.mean((P > 0.2) & (P < 0.8)))
    tab.train_now(200)
    free = doubtful_share()
    tab.form["penalty"].setCurrentText("L2")
    assert tab.form["lam"].value() == pytest.approx(0.1)
    tab.train_now(200)
    assert doubtful_share() > 1.5 * free


def test_the_loss_curve_and_the_status_bar_say_the_same_loss_and_show_the_penalty_apart(window):
    """One definition: the loss at the parameters an epoch left.  The curve's last
    point is the status bar's loss; with a penalty the data loss is solid, the
    objective (data loss + penalty) dashed and named, and the status bar adds it."""
    import re

    tab = window.boundary
    tab.train_now(50)
    tab.view.curves.loss_plot.flush()
    _, y = tab.view.curves.loss_plot.series["train"].shown()
    status = window.loss_label.text()
    assert status == f"training loss {y[-1]:.4f}"
    assert "training + penalty" not in tab.view.curves.loss_plot.legend_labels()
    tab.form["penalty"].setCurrentText("L2")
    tab.controller.train_now(0)
    snap = tab.train_now(200)
    tab.view.curves.loss_plot.flush()
    assert tab.view.curves.loss_plot.legend_labels() == ["training", "training + penalty"]
    _, data = tab.view.curves.loss_plot.series["train"].shown()
    _, objective = tab.view.curves.loss_plot.series["objective"].shown()
    model = snap.models["model"]
    penalty = model.lam * float(np.sum(model.w ** 2))
    loss = model.loss(tab.document.points.X, tab.document.points.y)  # the data's cross-entropy alone
    assert data[-1] == pytest.approx(loss, rel=1e-9)
    assert objective[-1] == pytest.approx(loss + penalty, rel=1e-9)
    shown = re.fullmatch(r"training loss ([0-9.]+) \+ penalty ([0-9.]+)", window.loss_label.text())
    assert float(shown.group(1)) == pytest.approx(loss, abs=5e-5)
    assert float(shown.group(2)) == pytest.approx(penalty, abs=5e-5)


def test_the_separable_note_keeps_its_room_so_a_late_verdict_never_resizes_the_map(
        qtbot, window):
    """Whether one line splits a big set is worked out in the background, after its
    points are drawn.  The note keeps the room of its longest text whatever it says, so
    the verdict changes words, never the map's size (a map laid out again after its
    points are drawn paints every one of them again)."""
    from lrviz.ui.tabs.boundary.separable import SYNC_SEPARABLE

    tab = window.boundary
    tab.form.set_values({"learn_live": False})
    tab.editor.load_preset("blobs", n_points=60, noise=0.3, seed=1)
    tab.train_now(5)
    assert tab.view.note.text().startswith("<b>Linearly separable:</b>")
    qtbot.wait(1)
    size = tab.map.size()
    rng = np.random.default_rng(2)
    n = SYNC_SEPARABLE + 1000
    tab.editor.set_points(rng.normal(size=(n, 2)), rng.integers(0, 2, n), "one big cloud")
    meanwhile = tab.view.note.text()  # (the verdict comes in a later turn)
    sizes = [tab.map.size()]

    def decided():
        sizes.append(tab.map.size())
        assert tab.view.note.text().startswith("<b>Not linearly separable:</b>")
    qtbot.waitUntil(decided, timeout=20000)
    qtbot.wait(1)
    assert set(sizes + [tab.map.size()]) == {size}
    assert meanwhile.startswith("Checking whether one straight line")


def test_a_screenshot_of_points_that_no_line_splits_says_so_and_three_classes_no_note(qtbot):
    """Drawn before it is shown (``--screenshot``), a tab whose points stop being
    separable says so in the note's room; with three classes the note (about two) goes,
    and leaves no empty room under the map."""
    from lrviz.ui.tabs.boundary import BoundaryTab

    tab = BoundaryTab()  # never shown
    qtbot.addWidget(tab)
    tab.editor.load_preset("blobs", n_points=60, noise=0.3, seed=1)
    tab.train_now(5)
    assert not tab.view.note.isHidden() and "Linearly separable" in tab.view.note.text()
    tab.editor.load_preset("moons")
    tab.train_now(5)
    assert not tab.view.note.isHidden()
    assert tab.view.note.text().startswith("<b>Not linearly separable:</b>")
    tab.editor.load_preset("three-class")
    tab.train_now(5)
    assert tab.view.note.text() == "" and tab.view.note.isHidden()
    tab.shutdown()
