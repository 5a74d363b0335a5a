"""Shared drawing pieces: what reaches the screen, when, and in which colours."""
import numpy as np
import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QImage

from lrviz.models import LogisticRegression
from lrviz.ui.geometry import chain_segments, contour_segments
from lrviz.ui.live import paint_pending
from lrviz.ui.theme import LEVELS, confidence_index, heatmap_table, table_colours
from lrviz.ui.widgets.loss_plot import LossPlot, nice_ceiling
from lrviz.ui.widgets.probability_map import ProbabilityMap

from helpers import map_probabilities


class PaintCounter(QObject):
    def __init__(self, widget):
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Paint:
            self.count += 1
        return False


def _pieces(polylines):
    """The segments a NaN-separated polyline draws, as a sorted list of point pairs."""
    out = []
    for p, q in zip(polylines[:-1], polylines[1:]):
        if np.isfinite(p).all() and np.isfinite(q).all():
            out.append(tuple(sorted((tuple(p), tuple(q)))))
    return sorted(out)


@pytest.mark.parametrize("seed", range(6))
def test_chained_boundary_draws_each_contour_piece_exactly_once(seed):
    """Joining marching-squares pieces into polylines adds, drops and doubles nothing:
    closed rings, lines ending at the border, saddles, and a level exactly at grid
    values (where more than two pieces meet)."""
    rng = np.random.default_rng(seed)
    F = rng.normal(size=(40, 40)).cumsum(0).cumsum(1) if seed % 2 else rng.normal(size=(40, 40))
    if seed >= 4:
        F = np.round(F)  # level 0 hits grid values
    seg = contour_segments(F, 0.0, (-1.0, -1.0, 2.0, 2.0))
    chained = chain_segments(seg)
    pieces = sorted(tuple(sorted((tuple(seg[2 * i]), tuple(seg[2 * i + 1]))))
                    for i in range(len(seg) // 2))
    assert len(pieces) > 20
    assert _pieces(chained) == pieces
    # far fewer polylines than pieces: the joining happened
    assert np.isnan(chained[:, 0]).sum() < len(pieces) / 3


def _shown_map(qtbot, side):
    """An empty map, side x side pixels, on screen."""
    view = ProbabilityMap()
    qtbot.addWidget(view)
    view.resize(side, side)
    view.show()
    qtbot.waitExposed(view)
    return view


def _model(w1, w2, b):
    m = LogisticRegression(2)
    m.w[:] = (w1, w2)
    m.b = b
    return m


def test_a_changed_map_is_painted_once_at_once_and_a_settled_one_not_at_all(qtbot):
    """Training waits while a frame is painted; a second paint later would run
    beside training and compete with it for the interpreter."""
    view = _shown_map(qtbot, 500)
    rng = np.random.default_rng(0)
    view.set_points(rng.normal(size=(50, 2)), rng.integers(0, 2, 50))
    view.set_model(_model(1.0, 0.0, 0.0))
    paints = PaintCounter(view.viewport())
    for _ in range(50):  # let the first show settle (layout, aspect lock, first paints)
        before = paints.count
        qtbot.wait(100)
        if paints.count == before:
            break
    paints.count = 0

    view.set_model(_model(0.0, 2.0, 0.5))  # the boundary turns: the picture changes
    assert view.changed
    paint_pending(view)
    assert paints.count == 1  # painted here, synchronously
    qtbot.wait(50)
    assert paints.count == 1  # and nothing left over for the event loop

    view.set_model(_model(0.0, 2.0, 0.5))  # the same model again: nothing to paint
    assert not view.changed
    paint_pending(view)
    qtbot.wait(50)
    assert paints.count == 1


@pytest.mark.parametrize("value, expected", [
    (1.0, 1.0), (1.2, 1.5), (7.0, 8.0), (9.9, 10.0), (10.0, 10.0), (1234, 1500.0),
    (0.693, 0.8), (0.0021, 0.0025), (0.0, 1.0), (float("nan"), 1.0)])
def test_nice_ceiling_rounds_up_to_a_round_number(value, expected):
    assert nice_ceiling(value) == pytest.approx(expected)


def test_a_steady_view_moves_only_when_the_values_leave_it_or_fill_under_half():
    from lrviz.ui.geometry import steady_view

    view = steady_view((np.inf, -np.inf), -3.0, 5.0)  # (nothing shown yet: a new view)
    assert view[0] < -3 and view[1] > 5 and 8 / (view[1] - view[0]) >= 0.5
    assert steady_view(view, -3.2, 5.3) is None  # inside, and most of it: kept
    assert steady_view(view, -1.0, 1.0) is not None  # a quarter of it: closer
    assert steady_view(view, -3.0, 9.0) is not None  # outside: wider
    assert steady_view(view, 0.0, 0.0) is not None and steady_view((-1, 1), np.nan, 1) is None
    counts = steady_view((0, 1), 0, 437, anchored=True)  # counts: from 0 to a round number
    assert counts == (0.0, 500.0)
    assert steady_view(counts, 0, 480, anchored=True) is None
    assert steady_view(counts, 0, 100, anchored=True) == (0.0, 150.0)
    one = steady_view((np.inf, -np.inf), 2.0, 2.0)  # one value: a small view around it
    assert one[0] < 2 < one[1] and steady_view(one, 2.0, 2.0) is None


def test_loss_axes_hold_still_between_round_limits_and_show_every_value(qtbot):
    plot = LossPlot(log_epochs=False)
    qtbot.addWidget(plot)
    plot.add_series("train", "training", "#000000")
    plot.resize(500, 250)
    plot.show()
    qtbot.waitExposed(plot)
    losses = 0.05 + 0.64 * np.exp(-np.arange(3000) / 400)

    def shown():
        plot.flush()
        return plot.getPlotItem().vb.viewRange()

    plot.extend("train", 1, losses[:1234])
    (x0, x1), (y0, y1) = shown()
    assert x0 <= 0 and 1234 <= x1 <= 1.1 * 1500  # room up to the next round number
    assert y0 <= 0 and losses.max() <= y1 <= 1.1 * 0.8  # from zero, above the highest loss
    plot.extend("train", 1235, losses[1234:1400])
    assert shown() == [[x0, x1], [y0, y1]]  # still inside the limits: not a pixel moves
    plot.extend("train", 1401, losses[1400:])
    (_, x2), (_, y2) = shown()
    assert x2 >= 3000 > x1 and y2 == y1
    plot.reset_curves()
    (_, x3), _ = shown()
    assert x3 < x1  # a fresh start gets a fresh, small axis


def test_two_class_confidence_matches_the_general_rule():
    """The fast path for two classes picks the same colour row as the model's rule
    (P(y=1) >= 0.5, so a tie is class 1) and (max - 1/K) / (1 - 1/K) would."""
    rng = np.random.default_rng(3)
    p = np.concatenate([rng.random(5000), [0.5, 0.0, 1.0, 0.25, 0.75]])
    P = np.stack([1 - p, p], axis=-1)
    top = (p >= 0.5).astype(int)
    conf = (P.max(axis=-1) - 0.5) / 0.5
    level = np.clip((conf * (LEVELS - 1) + 0.5).astype(int), 0, LEVELS - 1)
    np.testing.assert_array_equal(confidence_index(P), top * LEVELS + level)
    np.testing.assert_array_equal(confidence_index(P, discretize=True), top * LEVELS + LEVELS - 1)
    table = heatmap_table()
    idx = confidence_index(P.reshape(65, 77, 2))
    np.testing.assert_array_equal(table_colours(table, idx), table[idx])


def test_loss_curve_drawn_in_pieces_is_the_envelope_of_every_epoch(qtbot):
    """However the epochs arrive (one at a time, in big batches) and however often
    the curve is redrawn, what is drawn equals the envelope of all the losses:
    nothing dropped, nothing drawn twice, every maximum and minimum kept."""
    from lrviz.ui.widgets.loss_plot import ENVELOPE_BINS, envelope

    plot = LossPlot(log_epochs=False)
    qtbot.addWidget(plot)
    plot.add_series("train", "training", "#000000")
    rng = np.random.default_rng(5)
    losses = np.abs(0.7 * np.exp(-np.arange(60_000) / 9000) + 0.05 * rng.normal(size=60_000))
    losses[12_345] = np.nan  # a diverged epoch leaves a gap
    done = 0
    for size in [1] * 30 + list(rng.integers(1, 4000, 60)):
        if done >= len(losses):
            break
        batch = losses[done:done + size]
        plot.extend("train", done + 1, batch)
        done += len(batch)
        plot.flush()
        x, y = plot.values("train")
        width = plot._limits[0] / ENVELOPE_BINS
        want_x, want_y = envelope(x, y, width)
        got_x, got_y = plot.shown("train")
        np.testing.assert_array_equal(got_x, want_x)
        np.testing.assert_array_equal(got_y, want_y)
    assert done == len(losses)
    got_y = plot.shown("train")[1]
    assert np.nanmax(got_y) == np.nanmax(losses) and np.nanmin(got_y) == np.nanmin(losses)
    assert np.isnan(got_y).any()  # the gap is drawn as a gap
    assert plot.series["train"].settled > 0.9 * len(losses)  # most of it is a settled picture


def test_sticky_rect_holds_still_until_the_content_leaves_or_shrinks():
    from lrviz.ui.geometry import sticky_rect

    first = sticky_rect(None, (0.0, 0.0, 2.0, 1.0), margin=0.25)
    assert first == (-0.5, -0.25, 3.0, 1.5)
    assert sticky_rect(first, (0.2, 0.1, 1.9, 1.0), margin=0.25) == first  # moved a little
    assert sticky_rect(first, (0.0, 0.0, 2.7, 1.0), margin=0.25) != first  # left the view
    assert sticky_rect(first, (0.0, 0.0, 0.5, 0.5), margin=0.25) != first  # far too small now


def test_map_skips_an_identical_model_but_not_one_that_predicts_differently(qtbot):
    """A stuck model (logistic regression on XOR) costs nothing per frame, yet a
    network with the same weights and another activation is recoloured."""
    from lrviz.models import NeuralNetwork

    from lrviz.ui.theme import confidence_index, heatmap_table, table_colours

    view = _shown_map(qtbot, 300)
    view.set_model(_model(1.0, -1.0, 0.2))
    first = view.image.image
    calls = []
    same = _model(1.0, -1.0, 0.2)
    same.proba_matrix = lambda X: calls.append(1) or _model(1.0, -1.0, 0.2).proba_matrix(X)
    view.set_model(same)
    assert not view.changed and view.image.image is first and not calls  # not even computed
    view.set_model(_model(1.0, -1.0, 0.3))
    assert view.changed and not np.array_equal(view.image.image, first)
    tanh = NeuralNetwork(2, (3,), activation="tanh", rng=np.random.default_rng(0))
    relu = NeuralNetwork(2, (3,), activation="relu", rng=np.random.default_rng(0))
    assert all(np.array_equal(a, b) for a, b in zip(tanh.parameters(), relu.parameters()))
    view.set_model(tanh)
    shown = view.image.image
    view.set_model(relu)
    assert view.image.image is not shown
    np.testing.assert_array_equal(view.image.image, table_colours(
        heatmap_table(), confidence_index(map_probabilities(view))))


def test_a_small_map_evaluates_cells_a_few_pixels_wide_and_a_large_one_at_most_160(qtbot):
    """160 x 160 cells in a 400-pixel map were 2.5 pixels each, finer than the smooth
    scaling shows, and a third of a network tab's frame.  Cells are CELL_PX wide now,
    from 64 to 160 a side, and the picture follows a resize."""
    from lrviz.ui.geometry import grid_points
    from lrviz.ui.widgets.probability_map import CELL_PX, GRID

    view = _shown_map(qtbot, 360)
    model = _model(1.0, -1.0, 0.2)
    view.set_model(model)
    vb = view.plot_item.vb
    side = max(vb.width(), vb.height()) * view.devicePixelRatioF()
    n = view.image.image.shape[0]
    assert view.image.image.shape[:2] == (n, n) and 64 <= n < GRID
    assert side / n >= CELL_PX and side / (n + 1) < CELL_PX  # the finest that fit
    # each cell shows the model at its centre
    from lrviz.ui.theme import confidence_index, heatmap_table, table_colours

    def drawn_for(points, n):
        P = model.proba_matrix(points).reshape(n, n, -1)
        return table_colours(heatmap_table(), confidence_index(P))
    np.testing.assert_array_equal(view.image.image,
                                  drawn_for(grid_points(view.view_rect(), n), n))
    view.resize(900, 900)
    qtbot.waitUntil(lambda: view.image.image.shape[0] == GRID, timeout=5000)
    np.testing.assert_array_equal(view.image.image,
                                  drawn_for(grid_points(view.view_rect(), GRID), GRID))


def test_one_level_of_confidence_in_a_few_cells_is_not_worth_a_repaint():
    from lrviz.ui.widgets.heatmap_item import visibly_changed

    shown = np.full(100, 64 + 30)  # class 1 at level 30, 100 cells
    same = shown.copy()
    assert visibly_changed(shown, None) and not visibly_changed(same, shown, 0.02)
    faint = shown.copy()
    faint[:2] += 1  # one level in 2 % of the cells: unseen
    assert not visibly_changed(faint, shown, 0.02)
    faint[2] -= 1  # ... in 3 %: drawn
    assert visibly_changed(faint, shown, 0.02)
    two = shown.copy()
    two[0] += 2  # two levels in one cell: drawn
    assert visibly_changed(two, shown, 0.02)
    flipped = shown.copy()
    flipped[0] = 30  # the same confidence for the other class: drawn
    assert visibly_changed(flipped, shown, 0.02)
    assert visibly_changed(shown[:50], shown, 0.02)  # another grid


def test_a_settling_map_waits_until_its_faint_changes_add_up(qtbot):
    """A network that has learned XOR sharpens a few hundred cells by one confidence
    level at every frame; repainting the map for that cost the tab a sixth of its
    frame.  Such a frame leaves the picture as it is; once the changes add up --
    compared with what is shown, not with the last frame -- it is drawn in full."""
    from lrviz.ui.theme import confidence_index, heatmap_table, table_colours
    from lrviz.ui.widgets.probability_map import FAINT_SHARE

    view = _shown_map(qtbot, 360)
    view.set_model(_model(3.0, -2.0, 0.2))
    drawn = view.image.image.copy()
    shown = confidence_index(map_probabilities(view))

    def colours(model):
        _, points = view.grid()
        view_copy = confidence_index(model.proba_matrix(points).reshape(shown.shape + (-1,)))
        return view_copy, table_colours(heatmap_table(), view_copy)

    # the smallest nudge of the bias that moves some cells by one level
    for step in np.geomspace(1e-6, 1e-2, 200):
        index, _ = colours(_model(3.0, -2.0, 0.2 + step))
        d = np.abs(index - shown)
        if d.any():
            break
    assert d.max() == 1 and 0 < np.count_nonzero(d) <= FAINT_SHARE * d.size
    view.set_model(_model(3.0, -2.0, 0.2 + step))
    assert not view.changed
    np.testing.assert_array_equal(view.image.image, drawn)  # the picture as it was
    # further nudges in the same direction, until they add up
    for k in np.unique(np.round(np.geomspace(2, 1e6, 400))):
        model = _model(3.0, -2.0, 0.2 + k * step)
        index, expected = colours(model)
        view.set_model(model)
        if view.changed:
            break
        np.testing.assert_array_equal(view.image.image, drawn)
    else:
        raise AssertionError("the faint changes never added up to a repaint")
    d = np.abs(index - shown)
    assert d.max() >= 2 or np.count_nonzero(d) > FAINT_SHARE * d.size
    np.testing.assert_array_equal(view.image.image, expected)  # drawn in full, exactly


def test_an_hour_long_run_keeps_a_bounded_history_with_every_extreme(qtbot):
    """Ten million epochs of losses: the history stays under MAX_VERTICES and the
    curve still reaches every highest and lowest loss."""
    from lrviz.ui.widgets.loss_plot import MAX_VERTICES, LossPlot

    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.add_series("train", "training", "text")
    rng = np.random.default_rng(0)
    highest, lowest, epoch = -np.inf, np.inf, 1
    for _ in range(100):
        losses = rng.random(100_000) / (1 + epoch / 1e6)
        highest, lowest = max(highest, losses.max()), min(lowest, losses.min())
        plot.extend("train", epoch, losses)
        epoch += len(losses)
    plot.flush()
    x, y = plot.values("train")
    assert len(x) <= MAX_VERTICES and x[-1] == epoch - 1
    assert y.max() == highest and y.min() == lowest
    sx, sy = plot.shown("train")
    assert sy.max() == highest and sy.min() == lowest
    # the curve reaches the newest epoch to within one drawn bin (under a pixel)
    assert np.log10(sx[-1]) >= np.log10(epoch - 1) - plot.bin_width()


def test_on_the_log_epoch_axis_a_long_run_keeps_its_start_readable(qtbot):
    """A million epochs: on the log axis, epochs 1-10 take as much room as the last
    decade, the axis ends at whole decades, and what is drawn is the envelope of
    the losses in bins of equal log-epoch width -- the early fall of the loss keeps
    every one of its first epochs even after the history was folded."""
    from lrviz.ui.widgets.loss_plot import ENVELOPE_BINS, MAX_VERTICES, envelope

    plot = LossPlot()  # the app's: log epochs
    qtbot.addWidget(plot)
    plot.add_series("train", "training", "#000000")
    assert plot.getPlotItem().getAxis("bottom").labelText == "epoch (log scale)"
    epochs = np.arange(1, 1_000_001)
    losses = 0.7 * np.exp(-epochs / 50.0) + 0.01 + 1e-3 * np.sin(epochs)
    for start in range(0, len(epochs), 250_000):
        plot.extend("train", start + 1, losses[start:start + 250_000])
        plot.flush()
    x_range = plot.getPlotItem().vb.viewRange()[0]
    assert x_range[0] <= 0 and 6 <= x_range[1] <= 6.2  # decades: 10^0 .. 10^6
    x, y = plot.values("train")
    assert len(x) <= MAX_VERTICES
    np.testing.assert_array_equal(x[:20:2], epochs[:10])  # the first epochs, one by one
    np.testing.assert_allclose(y[:20:2], losses[:10])
    got_x, got_y = plot.shown("train")
    want_x, want_y = envelope(x, y, np.log10(1e6) / ENVELOPE_BINS, np.log10(x))
    np.testing.assert_array_equal(got_x, want_x)
    np.testing.assert_array_equal(got_y, want_y)
    assert got_y.max() == losses.max() and got_y.min() == losses.min()
    # no epoch 0 on a log axis: a point before training is simply not drawn
    plot.reset_curves()
    plot.extend("train", 0, np.array([0.9, 0.8]))
    assert list(plot.values("train")[0]) == [1]


def test_the_heatmap_is_drawn_smooth_not_as_a_staircase_of_cells(qtbot):
    """Scaled up to a large window, the grid of probabilities is blended between cells:
    along a line across a curved boundary the drawn colours change pixel by pixel,
    not in steps a cell wide (read from the painted picture)."""
    from lrviz.models import NeuralNetwork

    view = _shown_map(qtbot, 900)
    net = NeuralNetwork(2, (6,), activation="tanh", rng=np.random.default_rng(2))
    view.set_model(net)
    view.boundary.setVisible(False)  # (the black line itself is a jump on any picture)

    def largest_step():
        """The largest colour jump between neighbouring pixels along the middle row."""
        view.viewport().repaint()
        img = view.grab().toImage()
        y = img.height() // 2
        row = np.array([img.pixelColor(x, y).getRgb()[:3] for x in range(60, img.width() - 20)],
                       dtype=int)
        return int(np.abs(np.diff(row, axis=0)).max())
    smooth = largest_step()
    view.image.smooth = False
    blocky = largest_step()
    assert smooth < 0.5 * blocky, (smooth, blocky)  # blended over pixels, not stepped per cell


def _picture(view):
    img = view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    return np.frombuffer(img.constBits(), np.uint8).reshape(img.height(), -1)[:, :4 * img.width()].copy()


def _settled_map(qtbot, X, y, test):
    view = ProbabilityMap(editable=True)
    qtbot.addWidget(view)
    view.resize(420, 420)
    view.show()
    qtbot.waitExposed(view)
    view.set_points(X, y, test)
    view.set_model(_model(1.0, -0.5, 0.2))
    paint_pending(view)
    return view


def test_moving_adding_and_dragging_points_repaints_exactly_what_a_fresh_map_shows(qtbot):
    """Among thousands of points an edit repaints only around the points it touches;
    the picture must still be the one a map drawn from scratch shows: no ghost where
    a point was, nothing missing where it went (read from the painted pixels)."""
    rng = np.random.default_rng(3)
    X = rng.normal(size=(4000, 2)) * 0.5  # a dense cloud, with the plane's corners
    X[:4] = [(-3.5, -3.5), (3.5, -3.5), (-3.5, 3.5), (3.5, 3.5)]  # fixing its extent,
    X[4:8] = [(2.0, 2.0), (-2.0, -2.0), (2.0, -2.0), (-2.0, 2.5)]  # and points alone
    y = (X[:, 0] > 0).astype(int)
    test = np.zeros(4000, bool)
    test[8:800] = True
    view = _settled_map(qtbot, X, y, test)
    before = _picture(view)
    points = view.points.points  # the point set the map shows: edits go there
    points.move(4, 1.0, 2.8)  # as an undo does: no drag
    points.add(-1.2, -2.6, 0)
    view.points.dragging = 5  # a drag: the point travels alone, then lands
    points.move(5, -1.0, 1.0)
    points.move(5, -2.6, -1.0)
    view.points.dragging = None
    view.points.end_drag()
    points.move(7, -2.0, 2.5)  # a move to where it already is changes nothing
    view.set_model(_model(1.0, -0.5, 0.2))
    paint_pending(view)
    edited = _picture(view)
    fresh = _picture(_settled_map(qtbot, points.X.copy(), points.y, points.test))
    assert not np.array_equal(edited, before)  # the edits show
    assert np.array_equal(edited, fresh)


def test_a_short_loss_plot_never_crowds_its_value_labels(qtbot):
    """The Builder's ‖w‖ plot is a few lines of text high: its value axis writes its
    labels at least a line and a half of text apart (it wrote four over each other),
    and a tall plot keeps pyqtgraph's finer steps."""
    from PySide6.QtGui import QFontMetricsF

    def label_gap(height_lines):
        plot = LossPlot("‖w‖", y_label="‖w‖")
        qtbot.addWidget(plot)
        plot.resize(360, 100)
        plot.set_height_lines(height_lines)
        plot.show()
        qtbot.waitExposed(plot)
        plot.add_series("norm", "‖w‖", "#000000")
        plot.extend("norm", 1, np.linspace(0.05, 0.9, 50))
        plot.flush()
        axis = plot.getPlotItem().getAxis("left")
        lo, hi = axis.range
        ticks = [v for spacing, values in axis.tickValues(lo, hi, axis.height())[:1]
                 for v in values if lo <= v <= hi]
        px = axis.height() / (hi - lo) * np.diff(sorted(ticks)).min() if len(ticks) > 1 \
            else np.inf
        return len(ticks), px, QFontMetricsF(axis.style["tickFont"]).height()
    n, gap, line = label_gap(7)
    assert n >= 1 and gap >= 1.5 * line - 1e-9
    n_tall, gap_tall, _ = label_gap(20)
    assert n_tall > n


def test_a_big_new_set_is_drawn_a_class_per_turn_and_an_edit_never_waits_for_it(qtbot):
    """Both classes of a 100,000-point file drawn in one paint held the window 35 ms.
    A set of more than POINTS_PER_TURN points: the old points go at once, each class
    comes in a turn of its own -- and an edit in between finds every point drawn."""
    view = _shown_map(qtbot, 400)
    rng = np.random.default_rng(1)
    n = view.POINTS_PER_TURN + 10
    X, y = rng.normal(size=(n, 2)), (np.arange(n) % 2)
    view.set_points(X[:100], y[:100])  # a small set: drawn at once
    assert len(view.train_items[0].getData()[0]) == 50

    def drawn(k):
        xs, ys = view.train_items[k].getData()
        return np.column_stack([xs, ys])

    view.set_points(X, y)
    assert len(drawn(0)) == len(drawn(1)) == 0  # the old points are gone
    assert not view.updatesEnabled()  # the window's layout and the new frame wait for
    view.points._next_step()  # turns of their own ...
    assert not view.updatesEnabled()
    view.points._next_step()
    assert view.updatesEnabled() and len(drawn(0)) == len(drawn(1)) == 0
    view.points._next_step()  # ... and so does each class
    assert {len(drawn(0)), len(drawn(1))} == {0, int((y == 0).sum())}
    view.points._next_step()
    np.testing.assert_array_equal(drawn(0), X[y == 0])
    np.testing.assert_array_equal(drawn(1), X[y == 1])
    # a new set again, and a point added before any turn came: nothing is lost
    view.set_points(X[::-1], y[::-1])
    view.points.points.add(9.0, 9.0, 1)
    np.testing.assert_array_equal(drawn(0), X[::-1][y[::-1] == 0])
    np.testing.assert_array_equal(drawn(1), np.vstack([X[::-1][y[::-1] == 1], [[9.0, 9.0]]]))
    assert view.updatesEnabled()
    view.points._next_step()  # (a turn left over has nothing to do)
    assert len(drawn(1)) == (y == 1).sum() + 1


def test_a_big_class_is_drawn_a_strip_at_a_time_and_ends_as_if_drawn_at_once(qtbot, monkeypatch):
    """A class of 50,000 points took one paint of 15 - 25 ms; more than POINTS_PER_TURN
    points of one class are drawn a strip of the map at a time, left to right, and the
    picture they end in is the one a map that drew them all at once shows (read from
    the painted pixels: no strip missing, none cut at its edges)."""
    from lrviz.ui.widgets import map_points

    rng = np.random.default_rng(4)
    n = 3 * ProbabilityMap.POINTS_PER_TURN - 10
    X, y = rng.uniform(-3, 3, size=(n, 2)), np.zeros(n, int)
    view = _shown_map(qtbot, 420)
    view.set_points(X, y)
    for _ in range(3):  # the layout, the frame, and the class's first strip
        view.points._next_step()

    def orange_share(picture):  # share of the left and right thirds that is class 0's
        r, g, b = picture[..., 2].astype(int), picture[..., 1].astype(int), picture[..., 0]
        orange = (r > 180) & (g > 60) & (g < 130) & (b < 60)
        third = orange.shape[1] // 3
        return orange[:, :third].mean(), orange[:, -third:].mean()

    left, right = orange_share(_picture(view).reshape(420, 420, 4))
    assert left > 0.05 and right == 0
    strips = 0
    while view.points._steps:
        view.points._next_step()
        strips += 1
    assert strips == 2
    paint_pending(view)
    in_strips = _picture(view)
    assert min(orange_share(in_strips.reshape(420, 420, 4))) > 0.05
    monkeypatch.setattr(map_points, "POINTS_PER_TURN", 10 * n)
    fresh = _shown_map(qtbot, 420)
    fresh.set_points(X, y)
    paint_pending(fresh)
    np.testing.assert_array_equal(in_strips, _picture(fresh))
