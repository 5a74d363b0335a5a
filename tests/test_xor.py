"""XOR Network tab: SPEC's XOR numbers through the tab, and pictures that follow the weights."""
import numpy as np
import pytest

from helpers import viridis_values

from lrviz.models.projection import hidden_projection
from lrviz.ui.tabs.xor import CORNERS_01
from lrviz.ui.widgets.network_diagram import MAX_WIDTH, NEGATIVE_HEX, POSITIVE_HEX


@pytest.fixture
def tab(make_tab):
    from lrviz.ui.tabs.xor import XorTab

    return make_tab(XorTab)


def test_xor_reference_state_is_shown(tab):
    assert tab.form["units"].value() == 4 and tab.form["activation"].currentText() == "sigmoid"
    assert tab.form["seed"].value() == 5 and tab.controls.lr.value() == 2.0
    snap = tab.train_now(3000)
    table = np.array([[float(tab.xor_page.features.item(i, j).text()) for j in range(1, 6)]
                      for i in range(4)])  # the learned features as the table shows them
    H, out = table[:, :4], table[:, 4]
    np.testing.assert_allclose(out, [0, 1, 1, 0], atol=5e-3)
    np.testing.assert_allclose(H[2], [0.975, 0.041, 1.0, 0.813], atol=5e-4)
    np.testing.assert_allclose(H[3], [1.0, 0.985, 0.988, 0.224], atol=5e-4)
    assert tab.xor_page.features.item(2, 1).text() == "0.975"
    np.testing.assert_allclose(out, snap.models["net"].predict_proba(CORNERS_01), atol=5e-4)
    # logistic regression beside it: flat at 0.5, w = [0, 0], 50 %
    lr = snap.models["lr"]
    np.testing.assert_array_equal(lr.w, [0, 0])
    np.testing.assert_allclose(lr.predict_proba(CORNERS_01), 0.5)
    assert snap.metrics["lr"]["accuracy"] == 0.5
    assert "accuracy 50%" in tab.xor_page.lr_caption.text()


def test_reset_returns_to_the_same_start(tab):
    a = tab.train_now(200).models["net"]
    tab.controller.reset()
    tab.controller.train_now(0)
    b = tab.train_now(200).models["net"]
    for wa, wb in zip(a.weights, b.weights):
        np.testing.assert_array_equal(wa, wb)


def test_edges_follow_the_weights(tab):
    """Read from the drawn edges: colour = sign (in colours no class uses, negative
    dashed too), width = size; the title names the colours as drawn."""
    from PySide6.QtCore import Qt

    from lrviz.ui.theme import CLASS_HEX

    snap = tab.train_now(500)
    W = snap.models["net"].weights
    biggest = max(float(np.abs(w).max()) for w in W)
    assert len(tab.xor_page.diagram.edges) == 2 * 4 + 4 * 1
    drawn = []
    for layer, i, j, item in tab.xor_page.diagram.edges:
        pen = item.opts["pen"]
        w = W[layer][i, j]
        assert pen.color().name().upper() == (POSITIVE_HEX if w >= 0 else NEGATIVE_HEX).upper()
        assert pen.style() == (Qt.SolidLine if w >= 0 else Qt.DashLine)
        # (drawn in quarter-pixel steps)
        assert pen.widthF() == pytest.approx(0.5 + (MAX_WIDTH - 0.5) * abs(w) / biggest, abs=0.126)
        drawn.append((pen.widthF(), abs(w)))
    assert max(drawn)[1] == pytest.approx(biggest)  # the thickest edge is the biggest weight
    # an edge whose look does not change is not touched again (no repaint)
    before = [item.opts["pen"] for *_, item in tab.xor_page.diagram.edges]
    tab.xor_page.diagram.set_weights([W_ + 1e-9 * np.sign(W_) for W_ in W])
    assert all(item.opts["pen"] is pen for (*_, item), pen in zip(tab.xor_page.diagram.edges, before))
    tab.xor_page.diagram.set_weights([-W_ for W_ in W])  # ... and one that does, is
    assert all(item.opts["pen"] is not pen for (*_, item), pen in zip(tab.xor_page.diagram.edges, before))
    assert {POSITIVE_HEX, NEGATIVE_HEX}.isdisjoint(CLASS_HEX)
    title = tab.xor_page.diagram.getPlotItem().titleLabel.text
    assert "purple +" in title and "brown −" in title


def test_hidden_space_shows_the_models_activations_and_output_boundary(tab):
    snap = tab.train_now(3000)
    net = snap.models["net"]
    X, y, _, _ = tab.xor_data(tab.form.values())
    H = net.hidden_activations(X)[0]
    for index in range(tab.xor_page.view.count()):
        tab.xor_page.view.setCurrentIndex(index)
        pair = tab.xor_page.view.currentData()
        coords, (a1, a2, c) = hidden_projection(H, net.weights[1][:, 0], net.biases[1][0], pair)
        np.testing.assert_allclose(_drawn_hidden(tab, y), coords)
        bx, by = tab.xor_page.hidden_boundary.getData()  # the output unit's line as drawn
        np.testing.assert_allclose(a1 * bx + a2 * by + c, 0, atol=1e-9)
        if pair is not None:
            np.testing.assert_allclose(coords, H[:, list(pair)])
            assert (a1, a2) == pytest.approx((net.weights[1][pair[0], 0], net.weights[1][pair[1], 0]))
    # along the output weights the line is exact: each point is on the side of its class
    tab.xor_page.view.setCurrentIndex(0)
    coords = _drawn_hidden(tab, y)
    z = H @ net.weights[1][:, 0] + net.biases[1][0]
    bx, _ = tab.xor_page.hidden_boundary.getData()  # a vertical line u = -b / |w|
    np.testing.assert_allclose(bx, bx[0])
    norm = np.linalg.norm(net.weights[1][:, 0])
    np.testing.assert_allclose(norm * (coords[:, 0] - bx[0]), z, atol=1e-9)
    assert (((coords[:, 0] - bx[0]) > 0) == (y == 1)).all()


def _drawn_hidden(tab, y):
    """The points drawn in hidden space, back in the data's order."""
    coords = np.empty((len(y), 2))
    for k in (0, 1):
        xs, ys = tab.xor_page.hidden_points[k].getData()
        coords[y == k] = np.column_stack([xs, ys])
    return coords


def test_unit_lines_and_unit_map(qtbot, tab):
    snap = tab.train_now(300)
    net = snap.models["net"]
    lines = np.column_stack(tab.xor_page.unit_lines.getData())
    pts = lines[np.isfinite(lines).all(axis=1)]
    z = pts @ net.weights[0] + net.biases[0]
    # every drawn end point lies on one hidden unit's line w.x + b = 0
    assert np.isclose(z, 0, atol=1e-9).any(axis=1).all()
    tab.xor_page.diagram.select(2)  # hovering or clicking h3 shows h3's own map
    from lrviz.ui.geometry import grid_points
    from lrviz.ui.tabs.xor import UNIT_GRID

    grid = grid_points(tab.xor_page.net_map.view_rect(), UNIT_GRID)
    expected = net.hidden_activations(grid)[0][:, 2].reshape(UNIT_GRID, UNIT_GRID)
    lo, hi = {"sigmoid": (0, 1), "tanh": (-1, 1)}[net.activation]
    # the colours drawn, read back: the unit's activation, to the colour map's step
    np.testing.assert_allclose(viridis_values(tab.xor_page.unit_image, (lo, hi)), expected,
                               atol=(hi - lo) * 1.5 / 255)
    assert np.ptp(expected) > 0.3  # (a map with something to show)
    assert "h3" in tab.xor_page.unit_plot.getPlotItem().titleLabel.text


def test_noisy_cloud_and_other_activations_train(tab):
    tab.form["data"].setCurrentIndex(1)
    tab.form["activation"].setCurrentText("tanh")
    tab.controls.lr.setValue(0.5)
    snap = tab.train_now(2000)
    assert snap.metrics["net"]["accuracy"] > 0.95
    assert snap.metrics["lr"]["accuracy"] < 0.7


def test_circles_three_models(tab):
    tab.pages.setCurrentIndex(1)
    snap = tab.train_now(1500)
    acc = {k: v["accuracy"] for k, v in snap.metrics.items()}
    assert acc["lr"] < 0.7 and acc["net1"] > 0.95 and acc["net2"] > 0.95
    assert tab.circles_page.acc["net2"].text() == f"accuracy {acc['net2']:.1%}"
    x, _ = tab.circles_page.loss_plot.values("net1")
    assert len(x) == 1500


def test_the_circles_page_has_controls_that_change_its_networks(tab):
    tab.pages.setCurrentIndex(1)
    assert tab.circle_box.isVisible() and not tab.xor_box.isVisible()  # nothing sits disabled
    tab.form["circle_units"].setValue(3)
    tab.form["circle_activation"].setCurrentText("relu")
    snap = tab.train_now(50)
    net2 = snap.models["net2"]
    assert [W.shape for W in net2.weights] == [(2, 3), (3, 3), (3, 1)]
    assert net2.activation == "relu"
    assert tab.circles_page.maps["net2"].getPlotItem().titleLabel.text == "2 hidden layers (3 + 3 relu units)"
    tab.pages.setCurrentIndex(0)
    assert tab.xor_box.isVisible() and not tab.circle_box.isVisible()


def drawn_grid(curve):
    x, y = curve.getData()
    return np.column_stack([x, y])


def test_the_warped_grid_is_the_input_grid_seen_by_two_hidden_units(tab):
    from lrviz.models.projection import warped_grid
    from lrviz.ui.tabs.xor import RECT_01

    tab.form["units"].setValue(2)
    snap = tab.train_now(2000)
    net = snap.models["net"]
    assert tab.xor_page.view.currentData() == (0, 1)  # two units: their own axes
    pts = warped_grid(RECT_01)
    ok = np.isfinite(pts).all(axis=1)
    W, b = net.weights[0], net.biases[0]
    H = 1.0 / (1.0 + np.exp(-(pts[ok] @ W + b)))  # the sigmoid units, worked out here
    drawn = drawn_grid(tab.xor_page.hidden_grid)
    np.testing.assert_array_equal(np.isfinite(drawn).all(axis=1), ok)  # same breaks
    np.testing.assert_allclose(drawn[ok], H, atol=1e-12)
    # the output unit's line cuts the warped plane where the network says 50 %
    x, y = tab.xor_page.hidden_boundary.getData()
    line = np.column_stack([x, y])
    np.testing.assert_allclose(line @ net.weights[1][:, 0] + net.biases[1][0], 0, atol=1e-9)
    # the warped plane moves as the network trains (from its start to epoch 2,000)
    before = drawn.copy()
    tab.controller.reset()
    tab.train_now(20)
    assert np.abs(drawn_grid(tab.xor_page.hidden_grid)[ok] - before[ok]).max() > 0.1


def test_circles_look_inside_the_last_hidden_layer(tab):
    from lrviz.models.projection import warped_grid
    from lrviz.ui.tabs.xor import CIRCLE_RECT
    from lrviz.ui.widgets.unit_maps import GRID
    from lrviz.ui.geometry import grid_points

    tab.pages.setCurrentIndex(1)
    for index, key in ((0, "net1"), (1, "net2")):
        tab.form["inside"].setCurrentIndex(index)
        snap = tab.train_now(300)
        net = snap.models[key]
        # along the output weights, a grid point's position is its output score:
        # u = (z - b) / |w|, with z the logit of the network's own probability
        pts = warped_grid(CIRCLE_RECT)
        ok = np.isfinite(pts).all(axis=1)
        p = np.clip(net.predict_proba(pts[ok]), 1e-15, 1 - 1e-15)
        z = np.log(p / (1 - p))
        w, b = net.weights[-1][:, 0], net.biases[-1][0]
        u = drawn_grid(tab.circles_page.hidden_grid)[ok, 0]
        np.testing.assert_allclose(u, (z - b) / np.linalg.norm(w), atol=1e-6)
        # one small map per unit of that layer: its activation over the inputs
        assert len(tab.circles_page.unit_maps.cells) == net.hidden[-1]
        A = net.hidden_activations(grid_points(CIRCLE_RECT, GRID))[-1]
        levels = {"sigmoid": (0, 1), "tanh": (-1, 1)}.get(net.activation)
        for j, (_, image, _) in enumerate(tab.circles_page.unit_maps.cells):
            lo, hi = levels or (0.0, A[:, j].max())
            np.testing.assert_allclose(viridis_values(image, (lo, hi)).ravel(), A[:, j],
                                       atol=(hi - lo) * 1.5 / 255)


def test_every_unit_label_sits_inside_the_map(qtbot, tab):
    """A unit's line that ran near the map's edge put its label half outside: 'h4'
    showed as 'h' in presentation mode at 1280x720."""
    tab.train_now(2000)
    for size in ((1280, 720), (900, 560)):
        tab.window().resize(*size)
        qtbot.waitUntil(lambda: tab.window().width() == size[0], timeout=5000)
        qtbot.wait(50)  # (the layouts settle)
        tab.train_now(0)
        frame = tab.xor_page.net_map.plot_item.vb.sceneBoundingRect()
        shown = [t for t in tab.xor_page.unit_labels if t.isVisible()]
        assert len(shown) >= 3
        for t in shown:
            assert frame.contains(t.sceneBoundingRect()), (size, t.toPlainText())


def test_while_training_runs_the_hidden_space_takes_turns_and_a_pause_shows_it_all(tab):
    """The network's map follows every frame; the hidden space every other one (a
    frame's cost is training's loss), and a paused snapshot brings it up to date."""
    import dataclasses

    def quiet(snap, running):  # the same models again, without their losses
        return dataclasses.replace(snap, running=running, reset=False,
                                   losses={k: v[:0] for k, v in snap.losses.items()})

    def drawn():
        return (_drawn_hidden(tab, y), tab.xor_page.net_map.boundary.getData()[0].copy())
    y = tab.xor_data(tab.form.values())[1]
    early = tab.train_now(200)
    space_early, line_early = drawn()
    later = tab.train_now(2000)
    space_later, line_later = drawn()
    assert not np.allclose(space_early, space_later)
    assert not np.array_equal(line_early, line_later, equal_nan=True)
    tab._on_snapshot(quiet(early, running=False))
    shown = [drawn()]
    for snap in (later, early, early):  # three frames of a run
        tab._on_snapshot(quiet(snap, running=True))
        shown.append(drawn())
    lines = [line for _, line in shown]
    expected = [line_early, line_later, line_early, line_early]
    assert [np.array_equal(a, b, equal_nan=True) for a, b in zip(lines, expected)] == [True] * 4
    spaces = [np.allclose(space, space_later) for space, _ in shown]
    assert spaces == [False, True, True, False]  # the space follows frames 1 and 3 only
    tab._on_snapshot(quiet(later, running=False))  # paused: everything, at once
    assert np.allclose(drawn()[0], space_later)


def test_logistic_regression_stuck_at_half_draws_no_boundary(tab):
    """From a slanted start, logistic regression walks back to w ≈ 0 on XOR: P = 0.5
    all over the map, so no line may claim a decision (step 19 drew one at w ~ 1e-4)."""
    tab.act_start({"model": "lr", "w": [2.0, -1.0], "b": 0.5}, live=False)
    snap = tab.train_now(30)
    x, _ = tab.xor_page.lr_map.boundary.getData()
    assert len(x) > 0  # early on it still leans: a line
    snap = tab.train_now(2000)
    assert np.abs(snap.models["lr"].w).max() < 0.01
    x, _ = tab.xor_page.lr_map.boundary.getData()
    assert x is None or len(x) == 0
