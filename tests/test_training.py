"""The loop against the model core, and the QThread controller and background tasks
under pytest-qt (the protocol's invariants are in test_handoff.py)."""
import ctypes
import sys
import threading
import time

import numpy as np
import pytest

from lrviz.data import blobs_2d
from lrviz.models import LogisticRegression
from lrviz.training import Handoff, Trainer, TrainingLoop, train_synchronously

from helpers import Probe


def _trainer(lr=0.5):
    d = blobs_2d()
    t = Trainer()
    t.add("lr", LogisticRegression(2), d.X, d.y, lr=lr)
    return t, d


def test_loop_matches_fit_and_keeps_every_loss():
    t, d = _trainer()
    h = Handoff(publish_hz=1e9)  # publish as often as allowed: exercises merging
    assert train_synchronously(t, h, 300) == 300
    snap = h.take()
    ref = LogisticRegression(2)
    before = [ref.step(d.X, d.y, 0.5) for _ in range(300)]  # each step: the loss before it
    np.testing.assert_array_equal(snap.models["lr"].w, ref.w)
    assert snap.epoch == 300 and snap.first_epoch == 1
    # the curve's epoch k is the loss at the parameters epoch k left (one definition,
    # the status bar's too: its last point is the snapshot's loss)
    after = before[1:] + [ref.loss(d.X, d.y)]
    np.testing.assert_allclose(snap.losses["lr"], after, rtol=1e-12)
    assert snap.losses["lr"][-1] == snap.metrics["lr"]["loss"]
    assert snap.metrics["lr"]["accuracy"] == 1.0 and snap.lrs == {"lr": 0.5}


def test_snapshot_is_a_copy():
    t, d = _trainer()
    t.epoch_step()
    snap = t.snapshot()
    w = snap.models["lr"].w.copy()
    t.epoch_step()
    np.testing.assert_array_equal(snap.models["lr"].w, w)


def test_requests_copy_the_data_when_asked():
    from lrviz.training import TrainerRequests

    t, d = _trainer()
    h = Handoff()
    remote = TrainerRequests()
    remote.handoff = h
    X = d.X.copy()
    remote.set_data(X, d.y)
    X[:] = 1e9  # the caller changing its array afterwards changes nothing
    train_synchronously(t, h, 0)
    assert float(np.abs(t.jobs["lr"].data.X).max()) < 100
    with pytest.raises(ValueError, match="nan"):
        remote.set_data(np.array([[np.nan, 0.0]]), [0])  # refused at the door
    assert not h.has_changes()


def test_a_read_only_array_is_taken_without_a_copy():
    """An array its owner made read-only (the Decisions tab's split of a big table) is
    taken as it is -- copying 70,000 rows of 50 features held the window for a frame --
    and still checked; a writable one, or a read-only view of a writable array, is
    copied."""
    from lrviz.training import check_data

    d = _trainer()[1]
    fixed = d.X.copy()
    fixed.setflags(write=False)
    assert check_data(fixed, d.y)[0] is fixed
    view = d.X[:]
    view.setflags(write=False)
    for X in (d.X, view):
        taken = check_data(X, d.y)[0]
        assert not np.shares_memory(taken, d.X)
        np.testing.assert_array_equal(taken, d.X)
    bad = np.array([[np.inf, 0.0]])
    bad.setflags(write=False)
    with pytest.raises(ValueError, match="inf"):
        check_data(bad, [0])


def test_empty_data_trains_nothing_and_does_not_fail():
    t, d = _trainer()
    t.set_data((None, None, None, None))
    h = Handoff()
    train_synchronously(t, h, 5)
    snap = h.take()
    assert np.isnan(snap.losses["lr"]).all()
    assert not snap.models["lr"].w.any()


def test_divergence_pauses_and_reset_recovers():
    t, d = _trainer(lr=1e4)
    h = Handoff()
    seen = []
    train_synchronously(t, h, 200, on_stop=lambda kind, msg: seen.append((kind, msg)))
    assert not h.running and len(seen) == 1 and seen[0][0] == "diverged"
    assert "learning rate 10000" in seen[0][1] and "Reset" in seen[0][1]
    snap = h.take()
    assert snap.diverged == seen[0][1] and snap.epoch < 200
    t.reset()
    t.set_lr(0.5)
    train_synchronously(t, h, 50)
    snap = h.take()
    assert snap.reset and not snap.diverged and not t.diverged


def test_slow_speed_publishes_every_epoch():
    """A loop thread at 40 epochs a second (slower than the 60 Hz publishing) shows
    every epoch.  The loop runs here, on a clock that moves 30 ms per look."""
    import itertools

    t, _ = _trainer()
    got = []
    h = Handoff(on_mail=lambda: got.append(h.take()))
    h.set_speed(40)
    ticks = itertools.count(0.0, 0.03)
    clock = lambda: next(ticks)  # noqa: E731
    loop = TrainingLoop(t, h, clock=clock)
    h.play()
    for _ in range(20):
        loop.turn(h.next_turn(loop.dirty, idle_ok=True, clock=clock))
    epochs = [s.epoch for s in got if s]
    assert epochs[:20] == list(range(1, 21))


def test_synchronous_training_runs_flat_out_whatever_the_pace():
    """train_now (screenshots, tests, lessons) never waits for the class's pace: at one
    epoch a second, 200 epochs still take one go of the loop."""
    t, _ = _trainer()
    h = Handoff()
    h.set_speed(1)
    assert train_synchronously(t, h, 200) == 200


def test_the_loop_waits_in_a_thread_and_steps_exactly():
    t, _ = _trainer()
    got = []
    arrived = threading.Condition()

    def on_mail():  # the "GUI": takes each snapshot as it is announced
        with arrived:
            got.append(h.take())
            arrived.notify_all()
    h = Handoff(on_mail=on_mail)
    th = threading.Thread(target=TrainingLoop(t, h).run, daemon=True)
    th.start()
    try:
        h.step(3)
        with arrived:
            assert arrived.wait_for(lambda: got and got[-1].epoch == 3 and not got[-1].running,
                                    timeout=10)
        assert [s.epoch for s in got if s is not None][:3] == [1, 2, 3]
    finally:
        h.stop()
        th.join(5)
    assert not th.is_alive()


# ---------------------------------------------------------------- QThread
@pytest.fixture
def controller(qtbot):
    from lrviz.training.worker import TrainingController

    t, d = _trainer()
    c = TrainingController(t)
    yield c
    c.shutdown()


def _epoch(c):
    return c.latest.epoch if c.latest is not None else 0


def test_worker_streams_every_loss_and_coalesces(qtbot, controller):
    snaps = []
    controller.snapshot.connect(snaps.append)
    controller.play()
    qtbot.waitUntil(lambda: _epoch(controller) > 3000, timeout=30000)
    controller.pause()
    qtbot.waitUntil(lambda: snaps and not snaps[-1].running, timeout=5000)
    total = sum(len(s.losses["lr"]) for s in snaps)
    assert total == snaps[-1].epoch  # every epoch's loss arrived exactly once
    assert [s.first_epoch for s in snaps[1:]] == [s.epoch + 1 for s in snaps[:-1]]
    assert any(len(s.losses["lr"]) > 1 for s in snaps)  # coalesced: epochs share deliveries


def test_an_expensive_frame_spaces_the_snapshots_so_training_keeps_half(qtbot, controller):
    """A view that takes 40 ms to draw would leave no time to train at 30 Hz:
    snapshots are spaced so drawing takes at most about half of the time."""
    frames = []

    def slow_view(snap):
        start = time.perf_counter()
        frames.append(start)
        while time.perf_counter() - start < 0.04:  # a view that costs 40 ms of work
            pass

    controller.snapshot.connect(slow_view)
    controller.play()
    qtbot.waitUntil(lambda: len(frames) >= 12, timeout=10000)
    controller.pause()
    # (frames of at least 40 ms each: the pacing asks for at least twice that apart; the
    # spacing the loop then keeps is test_handoff's, by its own clock)
    assert controller.handoff.publish_interval >= 0.06
    controller.set_publish_hz(None)  # benchmarks: no limit, no pacing
    assert controller.handoff.publish_interval == 0.0
    controller.set_publish_hz(30)
    assert controller.handoff.publish_interval >= 0.06  # the pacing is remembered


def test_worker_reports_divergence(qtbot):
    from lrviz.training.worker import TrainingController

    t, _ = _trainer(lr=1e4)
    c = TrainingController(t)
    try:
        with qtbot.waitSignal(c.diverged, timeout=5000) as blocker:
            c.play()
        assert "diverged" in blocker.args[0]
        assert not c.running
    finally:
        c.shutdown()


def test_a_failure_in_the_worker_reaches_the_window_and_training_restarts(qtbot, controller):
    """Reproduces 'a failure in the worker ends training for good, silently': a change
    that raised killed the thread, left running True and Train could not restart it."""
    controller.play()
    qtbot.waitUntil(lambda: _epoch(controller) > 10, timeout=5000)
    with qtbot.waitSignal(controller.failed, timeout=5000) as blocker:
        controller.handoff.submit(Probe(lambda t: 1 / 0))
    assert blocker.args == ["Training stopped: division by zero"]
    assert not controller.running
    qtbot.waitUntil(lambda: controller.latest.error and not controller.latest.running,
                    timeout=5000)
    e = _epoch(controller)
    controller.play()  # Train works again
    qtbot.waitUntil(lambda: _epoch(controller) > e + 100, timeout=5000)
    controller.reset()  # and so does Reset
    qtbot.waitUntil(lambda: controller.latest.reset or _epoch(controller) < e, timeout=5000)
    controller.pause()


def test_a_crash_of_the_loop_itself_is_reported_and_a_new_thread_starts(qtbot, controller,
                                                                        monkeypatch):
    from lrviz.training import loop as loop_module
    from lrviz.training.worker import running_threads

    real = loop_module.TrainingLoop.turn
    calls = []

    def broken(self, turn):
        calls.append(1)
        if len(calls) == 5:
            raise RuntimeError("the loop tripped")
        return real(self, turn)
    monkeypatch.setattr(loop_module.TrainingLoop, "turn", broken)
    with qtbot.waitSignal(controller.failed, timeout=5000) as blocker:
        controller.play()
    assert "the loop tripped" in blocker.args[0] and not controller.running
    qtbot.waitUntil(lambda: not running_threads(), timeout=5000)  # that thread ended
    controller.play()
    qtbot.waitUntil(lambda: _epoch(controller) > 50, timeout=5000)
    controller.pause()


def test_train_now_leaves_the_worker_hearing_changes(qtbot, controller):
    controller.play()
    qtbot.waitUntil(lambda: _epoch(controller) > 10, timeout=5000)
    controller.train_now(5)  # stops the thread, trains here
    controller.play()  # a new thread
    controller.set_lr(0.125)
    qtbot.waitUntil(lambda: controller.latest.lrs["lr"] == 0.125, timeout=5000)
    controller.pause()


def test_shutdown_while_running_joins_thread(qtbot):
    from lrviz.training.worker import TrainingController, running_threads

    for _ in range(10):
        t, _ = _trainer()
        c = TrainingController(t)
        c.play()
        qtbot.waitUntil(lambda: _epoch(c) > 10, timeout=5000)
        assert c.shutdown()
        assert not running_threads()


def test_leak_fixture_detects_a_running_thread(qtbot):
    from lrviz.training.worker import TrainingController, running_threads

    t, _ = _trainer()
    c = TrainingController(t)
    c.play()
    assert running_threads()  # the autouse fixture would fail a test that ended here
    c.shutdown()
    assert not running_threads()


def test_cycles_are_collected_in_the_gui_thread_never_in_a_worker(qtbot):
    """A collection in the training thread could destroy a closed window's widgets
    there and deadlock with the GUI thread (seen: one window close in a hundred
    froze).  Automatic collection is off; the GUI thread's timer collects."""
    import gc

    assert not gc.isenabled()
    where = []

    class Node:
        def __del__(self):
            where.append(threading.current_thread() is threading.main_thread())

    kept = []

    def worker():
        node = Node()
        node.me = node  # a cycle: only the collector can free it
        del node
        kept.extend([] for _ in range(5000))  # far past the collector's threshold

    t = threading.Thread(target=worker)
    t.start()
    t.join()
    assert where == []  # nothing was collected in the worker

    def collected():  # (the window's own work allocates as it goes: Python's count of
        kept.extend([] for _ in range(1000))  # new objects also falls as objects are freed,
        return bool(where)  # and an earlier test's window freed meanwhile could undo it)
    qtbot.waitUntil(collected, timeout=5000)
    assert where == [True]  # ... but soon after, in the GUI thread


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's per-thread timer slack")
def test_the_training_thread_sleeps_with_a_fine_timer_slack(qtbot, controller):
    """The loop yields the interpreter a thousand times a second with a zero sleep.
    Linux let each one run late by the thread's 50 µs timer slack: 8 % of training
    time went to waiting, window or not.  The loop's thread asks for 1 ns."""
    def slack():
        return ctypes.CDLL(None).prctl(30, 0, 0, 0, 0)  # PR_GET_TIMERSLACK: this thread's

    seen = []
    controller.handoff.submit(Probe(lambda t: seen.append(slack())))  # runs in the loop's thread
    controller.play()
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=5000)
    controller.pause()
    assert seen == [1]
