"""Sigmoid & Loss tab: every number shown comes from the model core."""
import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from lrviz.models import LogisticRegression, sigmoid
from lrviz.ui.tabs.sigmoid import B_RANGE, LANDSCAPE_CELLS, W_RANGE


@pytest.fixture
def tab(make_tab):
    from lrviz.ui.tabs.sigmoid import SigmoidTab

    return make_tab(SigmoidTab)


def test_curve_and_threshold_follow_the_model(tab):
    snap = tab.train_now(300)
    m = snap.models["ce"]
    w, b = m.w[0], m.b
    x, y = tab.line.curve.getData()
    np.testing.assert_allclose(y, sigmoid(w * x + b))
    assert tab.line.threshold.value() == pytest.approx(-b / w)
    assert tab.line.w_slider.label.text() == f"{w:+.3f}"
    # the straight line is the least-squares fit, and it leaves [0, 1]
    slope, intercept = np.polyfit(tab.x, tab.y, 1)
    lx, ly = tab.line.ls_line.getData()
    np.testing.assert_allclose(ly, slope * lx + intercept)
    assert ly.min() < 0 and ly.max() > 1
    assert "line says" in tab.line.bad_labels[0].textItem.toPlainText()


def test_cursor_shows_sigmoid_and_its_derivative(tab):
    tab.sigmoid.cursor.setValue(-1.7)
    zs, (s, d) = tab.sigmoid.dots.getData()  # the two dots drawn on the curves
    assert zs.tolist() == pytest.approx([-1.7, -1.7])
    assert s == pytest.approx(1 / (1 + np.exp(1.7)))
    assert d == pytest.approx(s * (1 - s))
    assert f"{s:.3f}" in tab.sigmoid.readout.text() and f"{d:.3f}" in tab.sigmoid.readout.text()


def test_landscape_minimum_is_within_a_cell_of_the_trained_optimum(tab):
    land = tab.lands["ce"]
    tab.set_start(*land.grid_min)
    tab.controls.lr.setValue(0.3)
    snap = tab.train_now(20000)
    m = snap.models["ce"]
    cell_w = (W_RANGE[1] - W_RANGE[0]) / LANDSCAPE_CELLS
    cell_b = (B_RANGE[1] - B_RANGE[0]) / LANDSCAPE_CELLS
    gw, gb = m.gradient(tab.x[:, None], tab.y)
    assert abs(gw[0]) < 1e-4 and abs(gb) < 1e-4  # really at the optimum
    assert abs(land.grid_min[0] - m.w[0]) <= cell_w
    assert abs(land.grid_min[1] - m.b) <= cell_b
    assert land.values.shape == (LANDSCAPE_CELLS, LANDSCAPE_CELLS)


def test_click_on_landscape_starts_the_path_there(qtbot, tab):
    plot = tab.lands["ce"].plot
    vb = plot.getPlotItem().vb
    qtbot.wait(1)
    pos = plot.mapFromScene(vb.mapViewToScene(QPointF(2.0, -4.0)))
    qtbot.mouseClick(plot.viewport(), Qt.LeftButton, Qt.NoModifier, pos)
    w0, b0 = tab.start
    px, py = vb.viewPixelSize()
    assert abs(w0 - 2.0) <= px and abs(b0 + 4.0) <= py
    snap = tab.train_now(40)
    for key in ("ce", "mse"):
        xs, ys = tab.lands[key].path_item.getData()
        assert (xs[0], ys[0]) == pytest.approx((w0, b0))
        m = snap.models[key]
        assert (xs[-1], ys[-1]) == pytest.approx((m.w[0], m.b))
        land = tab.lands[key]  # the markers sit on both ends of the path
        now, start = land.now, land.start
        assert now.isVisible() and start.isVisible()
        assert (now.pos().x(), now.pos().y()) == pytest.approx((m.w[0], m.b))
        assert (start.pos().x(), start.pos().y()) == pytest.approx((w0, b0))
    # the two losses took different routes from the same start
    assert tab.lands["ce"].path_item.getData()[0][-1] != tab.lands["mse"].path_item.getData()[0][-1]


def test_residual_table_sums_to_the_gradient(tab):
    snap = tab.train_now(25)
    m = snap.models["ce"]
    gw, gb = m.gradient(tab.x[:, None], tab.y)
    assert tab.gradient.table.item(0, 4).text() == f"{gw[0]:+.4f}"
    assert tab.gradient.table.item(0, 5).text() == f"{gb:+.4f}"
    rows = np.array([[float(tab.gradient.table.item(i, j).text()) for j in (0, 1, 2)]
                     for i in range(1, len(tab.x) + 1)])  # x, ŷ, y as drawn
    drawn_gw = ((rows[:, 1] - rows[:, 2]) * rows[:, 0]).mean()
    assert drawn_gw == pytest.approx(gw[0], abs=5e-3)  # the rows add up to the sum shown
    n = len(tab.x)
    assert tab.gradient.table.rowCount() == n + 1
    # one step taken: the change in w is -lr times the gradient before it
    before = (m.w[0], m.b)
    snap2 = tab.train_now(1)
    m2 = snap2.models["ce"]
    lr = snap2.lrs["ce"]
    assert m2.w[0] - before[0] == pytest.approx(-lr * gw[0])
    assert "Step just taken" in tab.gradient.label.text()


def test_sliders_set_the_start_and_new_data_recomputes(qtbot, tab):
    tab.line.w_slider.set_value(1.0)
    tab.line.b_slider.set_value(-5.0)
    assert tab.start == pytest.approx((1.0, -5.0), abs=0.03)
    old = tab.lands["ce"].values.copy()
    tab.form.set_values({"n_points": 150, "seed": 7})
    tab.rebuild()  # big enough to be computed in the background
    np.testing.assert_array_equal(old, tab.lands["ce"].values)  # not computed in this thread
    qtbot.waitUntil(lambda: not np.array_equal(old, tab.lands["ce"].values), timeout=10000)
    assert len(tab.x) == 150 and not tab.landscapes.job.running
    from lrviz.models.landscape import loss_landscape

    np.testing.assert_allclose(tab.lands["ce"].values,
                               loss_landscape(tab.x, tab.y, tab.landscapes.ws, tab.landscapes.bs, "bce"))
    snap = tab.controller.latest
    assert snap.models["ce"].w[0] == pytest.approx(tab.start[0])


def test_each_loss_is_drawn_as_a_share_of_its_own_start(tab):
    """On one absolute axis squared error (at most 1) looks lower than cross-entropy the
    whole run -- the opposite of the lesson.  Each curve is its loss over its start."""
    tab.set_start(-3.0, 4.0)
    snap = tab.train_now(300)
    tab.loss_plot.flush()
    x = tab.x[:, None]
    start = {"ce": LogisticRegression(1), "mse": LogisticRegression(1, loss="mse")}
    for key, model in start.items():
        model.set_start(np.array([-3.0]), 4.0)
        epochs, drawn = tab.loss_plot.series[key].shown()
        assert drawn[0] == pytest.approx(snap.losses[key][0] / model.loss(x, tab.y))
        assert drawn[-1] == pytest.approx(snap.metrics[key]["loss"] / model.loss(x, tab.y))
    # cross-entropy's bowl leads it down; squared error crawls on its plateau
    assert tab.loss_plot.series["ce"].shown()[1][-1] < 0.2
    assert tab.loss_plot.series["mse"].shown()[1][-1] > 0.5
    assert "share of its start" in tab.loss_plot.getPlotItem().titleLabel.text


def test_a_batch_size_trains_on_shuffled_batches_from_the_tabs_seed(tab):
    """SPEC section 6 through the window: batch 1 is stochastic gradient descent, its
    order drawn from the data's seed; the panel says an epoch is many steps."""
    tab.controls.batch.setValue(1)
    tab.set_start(-3.0, 4.0)
    snap = tab.train_now(5)
    rng = np.random.default_rng(tab.form.value("seed"))
    w, b, lr = -3.0, 4.0, tab.controls.lr.value()
    for _ in range(5):
        for i in rng.permutation(len(tab.x)):
            p = 1 / (1 + np.exp(-(w * tab.x[i] + b)))
            w, b = w - lr * (p - tab.y[i]) * tab.x[i], b - lr * (p - tab.y[i])
    assert snap.models["ce"].w[0] == pytest.approx(w, abs=1e-12)
    assert snap.models["ce"].b == pytest.approx(b, abs=1e-12)
    assert "an epoch takes 20 steps, each from a single shuffled row" in tab.gradient.label.text()
    assert tab.session.state()["batch"] == 1  # a session keeps it
    tab.controls.batch.setValue(0)  # "all": full batch again, from the same start
    tab.set_start(-3.0, 4.0)
    full = tab.train_now(5).models["ce"]
    ref = LogisticRegression(1)
    ref.set_start(np.array([-3.0]), 4.0)
    ref.fit(tab.x[:, None], tab.y, lr=lr, epochs=5)
    assert full.w[0] == pytest.approx(ref.w[0], abs=1e-12)
    assert "Next step" in tab.gradient.label.text()
