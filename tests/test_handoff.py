"""The GUI-worker protocol's invariants (lrviz/training/handoff.py, H1-H8), tested by
deterministic interleavings: the loop runs in the test thread, and what the GUI
does is injected at exact points -- inside an epoch, while a snapshot is being
built, inside a change.  No sleeps, no second thread."""
import itertools
import random
import threading

import numpy as np
import pytest

from lrviz.data import blobs_2d, three_class
from lrviz.models import LogisticRegression, RegularizedLogisticRegression, SoftmaxRegression
from lrviz.training import Handoff, Trainer, TrainerRequests, TrainingLoop, train_synchronously
from lrviz.training.changes import SetData, SetLr, SetModel, UpdateModel

from helpers import Probe


class Hooked(LogisticRegression):
    """Logistic regression that calls ``hook(epoch)`` in the middle of each epoch:
    the moment at which the GUI acts while the loop computes."""

    hook = None

    def step_prepared(self, data, lr):
        loss = super().step_prepared(data, lr)
        if self.hook is not None:
            self.hook(self.epoch)
        return loss


class Remote(TrainerRequests):
    """The GUI's side, without Qt."""

    def __init__(self, handoff):
        self.handoff = handoff


def setup(model=None, share_gil=False):
    d = blobs_2d()
    t = Trainer()
    t.add("m", model or Hooked(2), d.X, d.y, lr=0.5)
    h = Handoff(publish_hz=None, share_gil=share_gil)
    stops = []
    loop = TrainingLoop(t, h, on_stop=lambda kind, msg: stops.append((kind, msg)))
    return t, h, loop, Remote(h), stops, d


def turn(loop):
    """One turn of the loop, never waiting (the test thread is the loop thread)."""
    return loop.turn(loop.handoff.next_turn(loop.dirty, idle_ok=False))


def turn_aside(loop):
    """One turn of the loop in a thread of its own, as the loop's thread would run it:
    (the thread, an Event set when the turn has returned)."""
    returned = threading.Event()

    def one_turn():
        turn(loop)
        returned.set()
    thread = threading.Thread(target=one_turn)
    thread.start()
    return thread, returned


# ----------------------------------------------------------------- H1 holds
def test_h1_take_between_publish_and_announcement_leaves_no_hold():
    """Reproduces 'Save session while training makes training crawl': a take() (File >
    Save session does one) landing while the loop builds a snapshot used to leave the
    hold count at 1 for good, and the loop then waited after every publish."""
    t, h, loop, _, _, _ = setup(share_gil=True)
    h.play()
    turn(loop)

    def make(running):
        h.take()  # the GUI takes while the snapshot is still being built
        return t.snapshot(running=running)
    assert h.publish(make, force=True)
    assert h.holds == 1  # announced: the GUI will draw it
    with_frame = h.take()
    assert with_frame is not None
    assert h.holds == 0 and h._gui_idle.is_set()
    # ... and a take() landing at the moment of the announcement (old main: between
    # setting "in flight" and taking the hold)
    h._on_mail = h.take
    turn(loop)
    assert h.publish(lambda running: t.snapshot(running=running), force=True)
    assert h.holds == 0 and h._gui_idle.is_set()
    assert h.step_aside(-1) == -1  # the loop does not wait for a frame nobody draws


def test_a_published_picture_is_drawn_before_the_next_epoch_starts(monkeypatch):
    """An epoch on 100,000 points through a network outlasts a frame: the loop stepped
    aside after its *next* epoch, so the window drew beside it, numpy and the window
    taking turns with the interpreter, and a frame took three times as long (stalls
    of 50 ms).  The loop now waits for the picture it published, then trains on."""
    from lrviz.training import handoff as handoff_module

    monkeypatch.setattr(handoff_module, "GUI_WAIT_S", 30.0)  # (no time-out in this test)
    model = Hooked(2)
    epochs = []
    model.hook = epochs.append
    t, h, loop, _, _, _ = setup(model, share_gil=True)
    h.play()
    thread, returned = turn_aside(loop)
    assert not returned.wait(0.3)  # published, and waiting for the window
    assert epochs == [1] and h.holds == 1
    h.hold()  # the window's frame: gui_busy, then take
    snap = h.take()
    assert snap.epoch == 1
    assert not returned.wait(0.1)  # still drawing
    h.release()
    assert returned.wait(5)  # drawn: the loop goes on
    thread.join()
    assert epochs == [1] and h.holds == 0


def test_a_change_waits_while_the_window_draws(monkeypatch):
    """A new 100,000-point file is prepared and measured in the loop's thread; done
    beside the window's next frame, numpy and the window took turns with the
    interpreter and the frame took twice as long (the file's stall went over 33 ms).
    Changes wait for a frame in progress, as epochs do."""
    from lrviz.training import handoff as handoff_module

    monkeypatch.setattr(handoff_module, "GUI_WAIT_S", 30.0)  # (no time-out in this test)
    t, h, loop, _, _, _ = setup(share_gil=True)
    applied = []
    h.hold()  # the window is drawing
    h.submit(Probe(lambda trainer: applied.append(trainer.epoch)))
    thread, returned = turn_aside(loop)
    assert not returned.wait(0.3) and applied == []  # held before the change
    h.release()
    assert returned.wait(5)
    thread.join()
    assert applied == [0] and h.take() is not None  # applied, then shown


def test_h1_hold_count_never_negative_over_random_interleavings():
    t, h, loop, _, _, _ = setup(share_gil=True)
    rng = random.Random(3)
    open_holds = 0
    for _ in range(3000):
        op = rng.choice(["publish", "force", "take", "hold", "release", "epoch"])
        if op == "epoch":
            t.epoch_step()
        elif op in ("publish", "force"):
            h.publish(lambda running: t.snapshot(running=running), force=op == "force")
        elif op == "take":
            h.take()
        elif op == "hold":
            h.hold()
            open_holds += 1
        elif open_holds:
            h.release()
            open_holds -= 1
        assert h.holds >= 0
        assert h.holds == open_holds + (1 if h._in_flight else 0)
    for _ in range(open_holds):
        h.release()
    h.take()
    assert h.holds == 0 and h._gui_idle.is_set()
    with pytest.raises(RuntimeError):
        h.release()  # an unbalanced release is a bug, never a silent clamp


# ----------------------------------------------------- H2, H3, H4: requests
def test_h3_no_epoch_starts_after_pause_returns():
    model = Hooked(2)
    t, h, loop, _, _, _ = setup(model)
    model.hook = lambda epoch: h.pause() if epoch == 5 else None  # the GUI pauses mid-epoch
    h.play()
    ran = loop.run(max_epochs=1000)
    assert ran == 5 and t.epoch == 5


def test_h2_a_change_submitted_before_pause_is_applied_before_the_next_epoch():
    model = Hooked(2)
    t, h, loop, remote, _, _ = setup(model)
    seen = []

    def gui(epoch):
        if epoch == 3:
            remote.set_lr(0.01)
            h.pause()
    model.hook = gui
    h.play()
    loop.run(max_epochs=100)
    assert t.epoch == 3
    h.submit(Probe(lambda tr: seen.append(("change", tr.epoch))))
    h.step(1)
    turn(loop)
    assert seen == [("change", 3)]  # applied before epoch 4 ran
    assert t.jobs["m"].lr == 0.01 and t.epoch == 4


@pytest.mark.parametrize("at", [1, 4])
def test_h4_step_while_running_runs_exactly_n(at):
    model = Hooked(2)
    t, h, loop, _, _, _ = setup(model)
    model.hook = lambda epoch: h.step(3) if epoch == at else None
    h.play()
    loop.run(max_epochs=1000)
    assert t.epoch == at + 3  # the epoch in progress, then exactly three


def test_h4_step_runs_exactly_n_and_publishes_each():
    t, h, loop, _, _, _ = setup()
    h.step(4)
    epochs = []
    while turn(loop):
        epochs.append(h.take().epoch)
    assert epochs == [1, 2, 3, 4] and t.epoch == 4
    assert h.next_turn(loop.dirty, idle_ok=False).kind is None


# --------------------------------------------------------- H5: changes
def test_h5_every_change_applied_once_in_order_from_any_point():
    model = Hooked(2)
    t, h, loop, remote, _, _ = setup(model)
    applied = []
    submitted = []

    def submit(tag):
        submitted.append(tag)
        h.submit(Probe(lambda tr, tag=tag: applied.append(tag)))
    model.hook = lambda epoch: [submit(f"e{epoch}.{k}") for k in range(epoch % 3)]
    for k in range(5):
        submit(f"before.{k}")
    h.play()
    loop.run(max_epochs=50)
    h.pause()
    submit("after")
    loop.run(max_epochs=0)
    assert applied == submitted


# ------------------------------------------- data prepared where the model lives
STEPS = ["poly", "plain", "three classes", "two classes", "edit", "epoch"]


def _model_for(y, features):
    """As the Boundary Builder chooses: softmax for three or more classes."""
    k = int(np.max(y)) + 1
    return (SoftmaxRegression(2, k, features=features) if k > 2
            else RegularizedLogisticRegression(2, features=features))


def test_h5_a_change_that_makes_the_one_before_it_moot_replaces_it():
    """Twenty steps of a spin box are one change; changes of other kinds, or on other
    targets, in between keep every one of them."""
    t, h, loop, remote, _, d = setup()
    for k in range(20):
        remote.set_lr(0.01 * (k + 1))
    assert h.pending() and len(h.pending()) == 1 and repr(h.pending()[0]) == "SetLr(0.2)"
    remote.update_model("set_start", np.array([1.0, 2.0]), 0.5)
    remote.set_lr(0.3)
    remote.update_model("set_start", np.array([0.0, 0.0]), 0.0)
    names = [type(c).__name__ for c in h.pending()]
    assert names == ["SetLr", "UpdateModel", "SetLr", "UpdateModel"]  # not consecutive: kept
    assert "set_start([1. 2.], 0.5)" in repr(h.pending()[1])
    loop.run(max_epochs=0)
    assert t.jobs["m"].lr == 0.3 and list(t.jobs["m"].model.start[0]) == [0.0, 0.0]


def test_h5_a_merged_model_swap_keeps_the_data_the_first_one_brought():
    """set_model with new points, then set_model with no points of its own: the second
    model learns from the first one's points, as if both had been applied."""
    t, h, loop, remote, _, d = setup()
    X, y = d.X[:7], d.y[:7]
    remote.set_model("m", LogisticRegression(2), lr=0.2, X=X, y=y)
    remote.set_model("m", RegularizedLogisticRegression(2, lam=0.1))
    assert len(h.pending()) == 1 and isinstance(h.pending()[0], SetModel)
    loop.run(max_epochs=0)
    job = t.jobs["m"]
    assert isinstance(job.model, RegularizedLogisticRegression) and job.lr == 0.2
    assert len(job.data.labels) == 7


def test_changes_say_what_they_are():
    from lrviz.training.changes import LoadState, Reset, SetModels

    d = blobs_2d()
    raw = (d.X, d.y, d.X[:3], d.y[:3])
    assert repr(SetLr(0.5)) == "SetLr(0.5)" and repr(SetLr(0.5, "ce")) == "SetLr(0.5, 'ce')"
    assert repr(SetData(raw)) == f"SetData({len(d.y)} points, 3 held out)"
    assert repr(SetModels({"a": LogisticRegression(2)}, 0.1, raw)).startswith(
        "SetModels({a: LogisticRegression}, lr 0.1,")
    assert repr(UpdateModel("set_penalty", ("l1", 0.1))) == "UpdateModel(set_penalty('l1', 0.1))"
    assert repr(Reset()) == "Reset()"
    assert repr(LoadState({"m": []}, 1234)) == "LoadState(m at epoch 1,234)"
    assert SetData(raw).cost() == len(d.y) + 3


def test_model_swaps_and_data_edits_in_any_order_leave_a_matched_pair():
    """Reproduces 'data prepared for the wrong model': ticking polynomial features (or
    adding a third class) and then editing points before the worker applied the swap
    gave 2-column data to a 5-input model, or raised in the GUI."""
    two, three = blobs_2d(), three_class()
    for order in itertools.permutations(STEPS):
        t, h, loop, remote, stops, _ = setup(LogisticRegression(2))
        X, y, features = two.X, two.y, "linear"
        for what in order:  # everything queued before the loop runs: the worst case
            if what in ("poly", "plain"):
                features = "poly2" if what == "poly" else "linear"
                remote.set_model("m", _model_for(y, features), X=X, y=y)
            elif what in ("three classes", "two classes"):  # the class count changes
                X, y = (three.X, three.y) if what == "three classes" else (two.X, two.y)
                remote.set_model("m", _model_for(y, features), X=X, y=y)
            elif what == "edit":  # a point removed: only the data change
                X, y = X[1:], y[1:]
                remote.set_data(X, y)
            else:
                h.step(1)
                turn(loop)
        loop.run(max_epochs=3)
        job = t.jobs["m"]
        assert not stops, (order, stops)
        assert job.data.X.shape[1] == job.model.n_inputs, order
        np.testing.assert_array_equal(job.data.labels, y)


def test_data_that_does_not_fit_the_model_is_a_reported_failure_not_a_dead_loop():
    t, h, loop, remote, stops, d = setup(LogisticRegression(2))
    three = three_class()
    remote.set_data(three.X, three.y)  # a binary model cannot take label 2
    h.play()
    assert loop.run(max_epochs=10) == 0
    assert stops and stops[0][0] == "failed" and "label 2" in stops[0][1]
    snap = h.take()
    assert snap.error == stops[0][1] and not snap.running
    remote.set_data(d.X, d.y)  # the user fixes it: training goes on
    h.play()
    assert loop.run(max_epochs=10) == 10


# --------------------------------------------- failures, mailbox, staleness
def test_a_failing_change_pauses_applies_the_rest_and_reset_works():
    t, h, loop, remote, stops, _ = setup()
    h.play()
    loop.run(max_epochs=3)
    h.submit(Probe(lambda tr: 1 / 0))
    remote.set_lr(0.25)
    h.play()
    loop.run(max_epochs=5)
    assert stops == [("failed", "Training stopped: division by zero")]
    assert not h.running and t.jobs["m"].lr == 0.25  # the change after it still applied
    remote.request_reset()
    h.play()
    assert loop.run(max_epochs=5) == 5 and t.epoch == 5


def test_a_failing_epoch_pauses_with_a_message():
    model = Hooked(2)
    t, h, loop, _, stops, _ = setup(model)

    def boom(epoch):
        if epoch == 2:
            raise FloatingPointError("overflow in exp")
    model.hook = boom
    h.play()
    assert loop.run(max_epochs=10) == 2
    assert stops == [("failed", "Training stopped: overflow in exp")]
    assert h.take().error == stops[0][1]


def test_h6_mailbox_merges_and_loses_no_loss():
    model = Hooked(2)
    t, h, loop, _, _, _ = setup(model)
    got = []
    model.hook = lambda epoch: got.append(h.take()) if epoch % 7 == 0 else None
    h.play()
    loop.run(max_epochs=200)
    got.append(h.take())
    got = [s for s in got if s is not None]
    losses = np.concatenate([s.losses["m"] for s in got])
    assert len(losses) == 200
    assert [s.first_epoch for s in got[1:]] == [s.epoch + 1 for s in got[:-1]]


def test_h7_at_rest_the_last_snapshot_says_stopped_at_the_current_epoch():
    model = Hooked(2)
    t, h, loop, _, _, _ = setup(model)
    model.hook = lambda epoch: (h.take(), h.pause()) if epoch == 9 else None
    h.play()
    loop.run(max_epochs=100)
    snap = h.take()
    assert snap.epoch == t.epoch == 9 and not snap.running


def test_h8_snapshots_made_before_a_model_swap_are_never_delivered():
    t, h, loop, remote, _, d = setup()
    h.play()
    loop.run(max_epochs=3)  # a snapshot of the old model waits in the mailbox
    remote.set_model("m", SoftmaxRegression(2, 2), X=d.X, y=d.y)
    assert h.take() is None  # stale: its shapes belong to a model the views no longer show
    loop.run(max_epochs=0)
    snap = h.take()
    assert isinstance(snap.models["m"], SoftmaxRegression) and snap.reset


def test_synchronous_training_leaves_changes_flowing():
    """Reproduces 'train_now leaves a paused worker deaf': training synchronously used
    to rewire the trainer's wake-up to a throwaway state."""
    t, h, loop, remote, _, _ = setup()
    train_synchronously(t, h, 10)
    remote.set_lr(0.05)
    assert h.has_changes()
    turn_ = h.next_turn(False, idle_ok=True)  # a waiting loop would wake: there is work
    assert turn_.changes and turn_.kind is None


# ------------------------------------------------------- H9 cancelling slow fits
class SlowFit:
    """A one-pass model whose fit takes five checks; ``hook(i)`` runs at check i:
    the moment at which the GUI acts while the loop fits."""

    fits_in_one_pass = True
    reports_progress = True
    standardize = False
    hook = None

    def __init__(self):
        self.fitted, self.fits, self.checks = False, 0, 0

    def prepare(self, X, y):
        return LogisticRegression(2).prepare(X, y)

    def rebase(self):
        pass

    def reset(self):
        return self

    def fit_prepared(self, data, progress=None, cancelled=None):
        self.fits += 1
        for i in range(5):
            self.checks += 1
            if self.hook is not None:
                self.hook(i)
            progress(i / 5)
            if cancelled():
                return False
        self.fitted = True
        return True

    def evaluate(self, data):
        return 0.5, 0.5

    def clone(self):
        twin = SlowFit()
        twin.fitted = self.fitted
        return twin


def _slow_setup():
    d = blobs_2d()
    t = Trainer()
    model = SlowFit()
    t.add("slow", model, d.X, d.y)
    reports = []
    h = Handoff(publish_hz=None, on_progress=lambda name, f: reports.append((name, f)))
    loop = TrainingLoop(t, h)
    return t, h, loop, Remote(h), model, d, reports


def test_h9_a_cancelled_fit_stops_at_its_next_check_and_is_not_retried():
    t, h, loop, gui, model, d, reports = _slow_setup()
    model.hook = lambda i: h.cancel_fit() if i == 2 else None  # the user presses Cancel
    gui.set_data(d.X, d.y)
    turn(loop)  # applies the change: the fit starts and is cancelled
    assert model.checks == 3 and not model.fitted
    assert reports[-1] == ("slow", 1.0)  # the bar is told the fit ended
    assert [f for _, f in reports[:-1]] == [0.0, 0.2, 0.4]
    snap = h.take()
    assert not snap.models["slow"].fitted  # shown unfitted
    model.hook = None
    h.step(3)
    for _ in range(3):
        turn(loop)
    assert model.fits == 1  # epochs and snapshots do not start it again
    gui.set_data(d.X[:50], d.y[:50])  # new data: a new fit, to the end
    turn(loop)
    assert model.fits == 2 and model.fitted


def test_h9_a_fit_made_moot_by_a_model_swap_stops_and_the_new_model_is_fitted():
    t, h, loop, gui, model, d, _ = _slow_setup()
    fresh = SlowFit()
    model.hook = lambda i: gui.set_model("slow", fresh) if i == 1 else None
    gui.set_data(d.X, d.y)
    turn(loop)  # the old model's fit stops: a queued change replaces it
    assert model.checks == 2 and not model.fitted
    turn(loop)  # the swap is applied and the new model fitted once, to the end
    assert fresh.fits == 1 and fresh.fitted
    snap = h.take()
    assert snap.models["slow"].fitted


def test_h9_stopping_the_loop_mid_fit_leaves_the_fit_for_the_next_loop():
    t, h, loop, gui, model, d, _ = _slow_setup()
    model.hook = lambda i: h.stop() if i == 0 else None  # window closing, train_now
    gui.set_data(d.X, d.y)
    turn(loop)
    assert not model.fitted
    model.hook = None
    h.restart()
    train_synchronously(t, h, 0)  # the next loop fits it
    assert model.fitted and h.take().models["slow"].fitted


def test_drawing_takes_15_percent_of_the_time_unless_that_drops_below_26_frames_a_second():
    """Pictures at 30 Hz, each costing 9 ms of the GUI's time, left training 73 % of
    it.  A frame that cheap is spaced so drawing takes 15 % -- but never slower
    than 26 frames a second; a costly frame (40 ms) takes at most half of the time."""
    from lrviz.training.handoff import DRAW_SHARE, MIN_FPS

    def paced(seconds):
        h = Handoff(publish_hz=30)
        for _ in range(40):
            h.frame_drawn(seconds)
        return h.publish_interval

    assert paced(0.004) == pytest.approx(1 / 30)  # cheap: the full 30 frames a second
    assert paced(0.0055) == pytest.approx(0.0055 / DRAW_SHARE, rel=1e-6)  # 27.3 a second
    assert paced(0.009) == pytest.approx(1 / MIN_FPS)  # the floor: 26, drawing 23 %
    assert paced(0.04) == pytest.approx(0.08, rel=1e-3)  # expensive: half the time
    assert MIN_FPS >= 26 and DRAW_SHARE == 0.15


def test_one_expensive_frame_never_spaces_the_pictures_by_more_than_a_quarter_second():
    """A tab's first frame may cost seconds (its maps); pacing by twice the frame cost
    then left the window still for seconds.  The spacing is capped."""
    from lrviz.training.handoff import MAX_PUBLISH_INTERVAL

    h = Handoff(publish_hz=30)
    for _ in range(40):
        h.frame_drawn(0.04)
    assert h.publish_interval == pytest.approx(0.08, rel=1e-3)  # still paced by cost ...
    h.frame_drawn(3.0)
    assert h.publish_interval == MAX_PUBLISH_INTERVAL == 0.25  # ... but never frozen


def test_a_loop_waits_at_its_epoch_boundary_while_the_gui_thread_collects_garbage():
    """Destroying a closed window's widgets hands the interpreter lock back and forth
    per object; a loop running flat out beside it made a collection last seconds."""
    from lrviz.sharing import collecting

    h = Handoff(share_gil=True)
    reached, returned = threading.Event(), threading.Event()

    def loop():
        reached.set()
        h.step_aside(-1)
        returned.set()

    with collecting():
        t = threading.Thread(target=loop)
        t.start()
        assert reached.wait(5)
        assert not returned.wait(0.2)  # held at the boundary while the collection runs
    assert returned.wait(5)  # and on its way as soon as it ends
    t.join()
    h.step_aside(-1)  # (outside a collection: no wait at all)


def test_the_loop_hands_the_interpreter_over_every_millisecond_not_every_epoch(monkeypatch):
    """The switch interval alone let the window's timer run 30 ms late behind the
    Calibration SVM's epochs; the loop now yields for real, at most once a millisecond
    (a yield each epoch would cost the fastest models), and never in a synchronous run."""
    from lrviz.training import loop as loop_module

    yields = []
    monkeypatch.setattr(loop_module, "yield_interpreter", lambda: yields.append(clock[0]))
    clock = [0.0]
    t, h, _, remote, _, d = setup()
    loop = TrainingLoop(t, h, clock=lambda: clock[0])
    h.play()
    for _ in range(20):  # epochs 0.25 ms apart: a yield every fourth
        turn(loop)
        clock[0] += 0.00025
    assert len(yields) == 5 and np.allclose(np.diff(yields), 0.001)
    yields.clear()
    h.pause()
    train_synchronously(t, h, 10)  # the GUI thread itself: nobody to hand over to
    assert yields == []


def test_a_run_with_an_end_keeps_its_time_after_a_stall_and_an_endless_one_does_not():
    """play(n) at s epochs a second takes n / s seconds even when frames held the loop
    up (a lesson's Run); an endless run does not burst to catch up."""
    def epochs_due(budget, stall):
        h = Handoff(publish_hz=None)
        h.set_speed(10.0)
        h.play(budget)
        now = [0.0]
        assert h.next_turn(False, clock=lambda: now[0]).kind == "run"  # epoch 1, at 0 s
        now[0] = stall  # the loop was held up; then as many epochs as are due now
        ran = 0
        while h.running:
            with h._cond:
                due = h._next_due
            if due > now[0]:
                break
            assert h.next_turn(False, clock=lambda: now[0]).kind == "run"
            ran += 1
        return ran

    assert epochs_due(100, 1.0) == 10  # 1 s late at 10/s: the ten epochs due, at once
    assert epochs_due(None, 1.0) <= 3  # endless: on from about now
