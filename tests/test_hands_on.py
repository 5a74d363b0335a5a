"""Hands on the model (Boundary Builder): gradient arrows, the line by hand, the timeline,
‖w‖ and separability, softmax with two scores.  Read from what is drawn."""
import re
import sys

import numpy as np
import pytest


from lrviz.data import blobs_2d
from lrviz.data.separability import linearly_separable
from lrviz.models import LogisticRegression, SoftmaxRegression
from lrviz.history import History

from helpers import drag


@pytest.fixture
def tab(window):
    t = window.boundary
    t.document.undo.clear()
    return t


def overlapping(tab, n=40, seed=3):
    d = blobs_2d(n_points=n, noise=1.5, seed=seed)
    tab.editor.set_points(d.X, d.y.astype(int))
    return d.X, d.y.astype(int)


def drawn_line(tab):
    """(point on, unit direction of) the boundary as the map draws it."""
    x, y = tab.map.boundary.getData()
    p = np.column_stack([x, y])
    p = p[np.isfinite(p).all(axis=1)]
    d = p[-1] - p[0]
    return p[0], d / np.hypot(*d)


def scale_of(text, after):
    return float(re.search(after + r".*?×([0-9.e+-]+)", text).group(1))


# ------------------------------------------------------------------ arrows
@pytest.mark.parametrize("standardize", [False, True])
def test_the_mean_pull_drawn_is_the_step_gradient_descent_takes(qtbot, tab, standardize):
    tab.form["standardize"].setChecked(standardize)
    X, y = overlapping(tab)
    tab.form["arrows"].setChecked(True)
    tab.train_now(5)
    snap = tab.controller.latest
    model = snap.models["model"]
    drawn = tab.hands.tools.drawn_arrows()
    starts, vectors = drawn["pulls"]
    np.testing.assert_allclose(starts, X, atol=1e-12)  # one arrow at each point
    key = tab.hands.key.text()
    pull_scale = scale_of(key, "pulls")
    w_scale = scale_of(key, "→ w")
    # the purple arrow is the mean of the thin ones, on w's scale
    step_start, step = drawn["step"]
    np.testing.assert_allclose(step[0] / w_scale, vectors.mean(axis=0) / pull_scale, atol=1e-9)
    # ... and it is where one epoch of gradient descent moves the line's raw w
    lr = tab.controls.lr.value()
    w0, _ = model.raw_coefficients()
    nxt = model.clone()
    nxt.step(X, y, lr)
    w1, _ = nxt.raw_coefficients()
    np.testing.assert_allclose(step[0] / w_scale, (w1 - w0) / lr, rtol=1e-9, atol=1e-12)
    if not standardize:  # the text's formula: the mean of (y - ŷ)·x is minus the gradient
        np.testing.assert_allclose(step[0] / w_scale, -model.gradient(X, y)[0], atol=1e-9)
    # w is drawn across the drawn boundary, from it, to scale
    (w_start,), (w_vec,) = drawn["w"]
    p, d = drawn_line(tab)
    assert abs(w_vec @ d) / np.hypot(*w_vec) < 1e-6
    assert abs(d[0] * (w_start - p)[1] - d[1] * (w_start - p)[0]) < 1e-6 * np.hypot(*(w_start - p)) + 1e-9
    np.testing.assert_allclose(w_vec / w_scale, w0, rtol=1e-9)
    np.testing.assert_allclose(step_start[0], w_start + w_vec, atol=1e-12)  # from w's tip


def test_arrows_are_offered_only_where_there_is_one_line_and_one_w(qtbot, tab):
    overlapping(tab)
    tab.form["arrows"].setChecked(True)
    tab.train_now(3)
    assert tab.hands.tools.drawn_arrows()
    tab.form["kind"].setCurrentText("Neural network")
    tab.train_now(3)
    assert not tab.form["arrows"].isEnabled() and "logistic regression" in tab.form["arrows"].toolTip()
    assert not tab.hands.tools.drawn_arrows() and not tab.hands.key.isVisible()


# ---------------------------------------------------------------- by hand
def angle(w):
    return np.degrees(np.arctan2(w[1], w[0]))


def _grab_after_training(qtbot, tab):
    """Train 20 epochs, show the handles: (w, b) drawn, and the move handle's place."""
    tab.train_now(20)
    tab.form["grab"].setChecked(True)
    qtbot.wait(1)
    w0, b0 = tab.hands.current_line()
    return w0, b0, np.array(tab.hands.tools.move_handle.pos().toTuple())


def test_turning_the_ring_by_90_degrees_turns_w_by_90_and_train_goes_on_from_there(
        qtbot, tab):
    X, y = overlapping(tab)
    w0, b0, c = _grab_after_training(qtbot, tab)
    r = np.array(tab.hands.tools.turn_handle.pos().toTuple())
    v = r - c
    target = c + np.array([-v[1], v[0]])  # the ring a quarter turn anticlockwise
    vp = tab.map.viewport()
    drag(vp, tab.map.data_to_widget(*r), tab.map.data_to_widget(*target), steps=10)
    qtbot.waitUntil(lambda: tab.hands.current_line() is not None
                    and abs(((angle(tab.hands.current_line()[0]) - angle(w0)) % 360) - 90) < 1,
                    timeout=5000)
    w1, b1 = tab.hands.current_line()
    assert abs(np.hypot(*w1) - np.hypot(*w0)) < 1e-9 * np.hypot(*w0)  # same steepness
    assert abs(w1 @ c + b1) < 1e-9 * (1 + abs(b1))  # still through the centre handle
    # the map draws the hand-set line, and loss / accuracy follow it
    p, d = drawn_line(tab)
    assert abs(w1 @ d) / np.hypot(*w1) < 1e-6
    ref = LogisticRegression(2, standardize=True)
    ref.fit_scale(X)
    ref.set_raw_coefficients(w1, b1)
    assert f"{ref.score(X, y):.1%}" in tab.view.accuracy.text()
    # "Train from here": one epoch from exactly the hand-set parameters
    assert tab.hands.train_here.isVisible()
    ref.step(X, y, tab.controls.lr.value())
    tab.train_now(1)
    np.testing.assert_allclose(tab.hands.current_line()[0], ref.raw_coefficients()[0], rtol=1e-12)
    # undo: the training epoch is not a hand move; the hand move is
    tab.document.undo.undo()
    qtbot.waitUntil(lambda: np.allclose(tab.hands.current_line()[0], w0, rtol=1e-12), timeout=5000)


def test_the_steepness_handle_lengthens_w_and_keeps_the_line(qtbot, tab):
    overlapping(tab)
    w0, b0, c = _grab_after_training(qtbot, tab)
    tip = np.array(tab.hands.tools.steep_handle.pos().toTuple())
    drag(tab.map.viewport(), tab.map.data_to_widget(*tip),
         tab.map.data_to_widget(*(c + 2 * (tip - c))), steps=10)
    qtbot.waitUntil(lambda: abs(np.hypot(*tab.hands.current_line()[0]) / np.hypot(*w0) - 2) < 0.05,
                    timeout=5000)
    w1, b1 = tab.hands.current_line()
    assert abs(angle(w1) - angle(w0)) < 0.5  # same direction
    assert abs(w1 @ c + b1) < 1e-9 * (1 + abs(b1))


def test_grabbing_a_model_that_has_no_line_yet_gives_it_one(qtbot, tab):
    overlapping(tab)
    tab.train_now(0)
    tab.form["grab"].setChecked(True)
    qtbot.waitUntil(lambda: tab.hands.current_line() is not None and np.any(tab.hands.current_line()[0]),
                    timeout=5000)
    assert tab.hands.tools.move_handle.isVisible()


# ---------------------------------------------------------------- timeline
def test_scrubbing_shows_the_run_as_it_was_and_resume_goes_on_from_there(qtbot, tab):
    X, y = overlapping(tab)
    lr = tab.controls.lr.value()
    ref = LogisticRegression(2, standardize=True)
    ref.fit_scale(X)
    past = [ref.raw_coefficients()]
    for _ in range(40):  # Step, Step, Step ...: every epoch drawn, every epoch kept
        tab.train_now(1)
        ref.step(X, y, lr)
        past.append(ref.raw_coefficients())
    for k in (1, 7, 23):
        tab.view.timeline.go_to_epoch(k)
        assert tab.view.timeline.label.text() == f"epoch {k} / 40"
        p, d = drawn_line(tab)
        w, b = past[k]
        assert abs(w @ p + b) < 1e-9 * np.hypot(*w) * (1 + np.abs(p).max())  # on its line
        assert abs(w @ d) < 1e-9 * np.hypot(*w)
        assert f"epoch {k}" in tab.view.accuracy.text()
        assert tab.view.curves.loss_plot.marked() == k
        assert f"{past[k][0][0]:.3g}"[:4] in tab.view.equation.text()
    # Resume from here: the run goes on from epoch 23's parameters, the loss curve too
    tab.view.timeline.go_to_epoch(23)
    kept = tab.view.timeline.history[tab.view.timeline.history.nearest(23)][1].clone()
    tab.view.timeline.resume_button.click()
    tab.controller.pause()
    snap = tab.train_now(5)  # (the thread stops first: however far it got, then 5 more)
    assert snap.epoch >= 28 and not tab.view.timeline.in_past
    for _ in range(snap.epoch - 23):
        kept.step(X, y, lr)
    np.testing.assert_allclose(snap.models["model"].w, kept.w, rtol=1e-12)
    if snap.epoch <= 40:  # the same epochs as the first time round
        np.testing.assert_allclose(snap.models["model"].raw_coefficients()[0],
                                   past[snap.epoch][0], rtol=1e-12)
    x, _ = tab.view.curves.loss_plot.values("train")
    assert x.min() == 1 and x.max() == snap.epoch  # the curve went on, not from scratch
    assert np.all(np.diff(x) > 0)  # with no second branch after epoch 23
    assert tab.view.timeline.history.epochs[-1] == snap.epoch


def test_history_of_a_million_epochs_costs_what_a_thousand_do():
    def grow(n):
        h = History()
        for e in range(1, n + 1):
            h.add(e, np.full(30, float(e)))  # a model's worth of parameters per epoch
        size = sum(a.nbytes + sys.getsizeof(a) for a in h.states) + 2 * sys.getsizeof(h.states)
        return h, size
    small, small_bytes = grow(1000)
    big, big_bytes = grow(1_000_000)
    assert len(big) <= big.capacity
    assert big_bytes - small_bytes < 50e6
    # thinned evenly in log-epoch: the first and the newest kept, early epochs dense
    assert big.epochs[0] == 1 and big.epochs[-1] == 1_000_000
    assert big.epochs[:10] == list(range(1, 11))
    epochs = np.array(big.epochs)
    thinned = np.diff(epochs) > 1  # where states were left out, at most a few bins apart
    width = np.log1p(1_000_000) / (big.capacity // 2)
    assert thinned.any() and np.diff(np.log1p(epochs))[thinned].max() < 4 * width
    assert np.all(big.states[big.nearest(123_456)] == big.epochs[big.nearest(123_456)])


def test_going_back_in_history_forgets_the_future_it_replaces():
    h = History(capacity=8)
    for e in range(20):
        h.add(e, e)
    h.add(5, "again")
    assert h.epochs[-1] == 5 and h.states[-1] == "again" and max(h.epochs) == 5


# ------------------------------------------------------------ separability
def linprog_separable(X, y):
    from scipy.optimize import linprog

    s = np.where(y == 1, 1.0, -1.0)
    A = -(s[:, None] * np.c_[X, np.ones(len(X))])
    r = linprog(np.zeros(3), A_ub=A, b_ub=-np.ones(len(X)), bounds=[(None, None)] * 3,
                method="highs")
    return r.status == 0


def test_the_hull_of_a_big_cloud_holds_every_point_at_its_corners():
    from lrviz.data.separability import convex_hull

    rng = np.random.default_rng(4)
    for shape in ("cloud", "ring", "square"):
        P = rng.normal(size=(20_000, 2)) * [30, 0.2]
        if shape == "ring":
            P = P[:, :1] / np.abs(P[:, :1]).max() * np.pi
            P = np.c_[np.cos(P), np.sin(P)] * rng.uniform(0.9, 1, size=(len(P), 1))
        elif shape == "square":
            P = rng.uniform(-1, 1, size=(20_000, 2))
        hull = convex_hull(P)
        edges = np.roll(hull, -1, axis=0) - hull
        cross = edges[:, :1] * (P[:, 1] - hull[:, 1:2]) - edges[:, 1:] * (P[:, 0] - hull[:, :1])
        assert (cross >= -1e-9).all(), shape  # every point inside or on the hull
        assert all((P == c).all(axis=1).any() for c in hull)  # its corners are points
        assert len(hull) >= 3


def test_separability_agrees_with_linear_programming():
    rng = np.random.default_rng(1)
    seen = set()
    for _ in range(600):
        n = int(rng.integers(2, 30))
        X = rng.normal(size=(n, 2))
        if rng.random() < 0.3:
            X = np.round(X)  # duplicates and collinear points
        d = rng.normal(size=2)
        y = ((X @ d + 0.3 * rng.normal() + rng.choice([0, 0.4]) * rng.normal(size=n)) > 0)
        y = y.astype(int)
        if len(set(y)) < 2:
            continue
        ours = linearly_separable(X, y)
        assert ours == linprog_separable(X, y), (X, y)
        seen.add(ours)
    assert seen == {True, False}
    seen.clear()
    for _ in range(30):  # big sets: the extreme points' polygon leaves few to the hull's loop
        n = int(rng.integers(200, 3000))
        X = rng.normal(size=(n, 2)) * rng.uniform(0.1, 100, size=2)
        y = (X @ rng.normal(size=2) + rng.choice([0.0, 0.05]) * rng.normal(size=n) > 0)
        y = y.astype(int)
        ours = linearly_separable(X, y)
        assert ours == linprog_separable(X, y), n
        seen.add(ours)
    assert seen == {True, False}
    # touching is not separated: the same point in both classes, collinear interleaving
    assert not linearly_separable([[0, 0], [0, 0]], [0, 1])
    assert not linearly_separable([[0, 0], [1, 0], [2, 0]], [0, 1, 0])
    assert linearly_separable([[0, 0], [1, 0], [2, 0]], [0, 0, 1])


def test_the_separable_note_and_the_growing_norm(qtbot, tab):
    tab.editor.set_points([[-2.0, 0.0], [-1.0, 1.0], [1.0, 0.0], [2.0, 1.0]], [0, 0, 1, 1])
    tab.train_now(1)
    assert tab.view.note.isVisible() and "grows without end" in tab.view.note.text()
    for _ in range(4):
        tab.train_now(500)
    _, norms = tab.view.curves.norm_plot.values("norm")
    assert np.all(np.diff(norms) > 0) and norms[-1] > 2 * norms[0]  # no penalty: no end
    tab.form["penalty"].setCurrentText("L2")
    tab.form["lam"].setValue(0.05)
    tab.controller.reset()
    for _ in range(6):
        tab.train_now(500)
    _, norms = tab.view.curves.norm_plot.values("norm")
    assert abs(norms[-1] / norms[-2] - 1) < 1e-3  # levelled off
    assert "levels it off" in tab.view.note.text()
    # an orange point among the blue: no line splits them any more
    tab.document.points.add(2.0, 0.5, 0)
    tab.train_now(1)
    assert tab.view.note.text().startswith("<b>Not linearly separable:</b>")


# ----------------------------------------------------------------- softmax
def test_two_class_softmax_is_logistic_regression_at_twice_the_rate():
    d = blobs_2d(n_points=60, noise=1.2, seed=2)
    X, y = d.X, d.y.astype(int)
    for eta in (0.05, 0.4):
        lr_model = LogisticRegression(2).fit(X, y, lr=2 * eta, epochs=500)
        sm = SoftmaxRegression(2, 2).fit(X, np.eye(2)[y], lr=eta, epochs=500)
        np.testing.assert_allclose(sm.W[:, 1] - sm.W[:, 0], lr_model.w, rtol=0, atol=1e-12)
        assert abs((sm.b[1] - sm.b[0]) - lr_model.b) < 1e-12
        np.testing.assert_allclose(sm.predict_proba(X)[:, 1], lr_model.predict_proba(X),
                                   atol=1e-12)


def test_the_builder_draws_the_difference_of_the_scores_and_its_twin(qtbot, tab):
    overlapping(tab)
    tab.form["two_scores"].setChecked(True)
    tab.train_now(50)
    model = tab.controller.latest.models["model"]
    assert isinstance(model, SoftmaxRegression) and model.n_classes == 2
    W, b = model.raw_coefficients()
    x, yy = tab.hands.twin_line.getData()  # logistic regression's line, beside it
    np.testing.assert_allclose(np.column_stack([x, yy]) @ (W[:, 1] - W[:, 0]) + b[1] - b[0], 0,
                               atol=1e-9)
    p, d = drawn_line(tab)  # the boundary: where the scores tie
    diff = W[:, 1] - W[:, 0]
    assert abs(diff @ p + b[1] - b[0]) < 1e-9 and abs(diff @ d) < 1e-9
    assert "z₁ − z₀" in tab.view.equation.text()
