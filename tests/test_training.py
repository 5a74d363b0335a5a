"""The Qt-free loop, called synchronously, and the QThread worker under pytest-qt."""
import threading
import time

import numpy as np
import pytest

from lrviz.data import blobs_2d
from lrviz.models import LogisticRegression
from lrviz.training import LoopState, Trainer, run_training


def _trainer(lr=0.5):
    d = blobs_2d()
    t = Trainer()
    t.add("lr", LogisticRegression(2), d.X, d.y, lr=lr)
    return t, d


def test_loop_matches_fit_and_keeps_every_loss():
    t, d = _trainer()
    state = LoopState(publish_hz=1e9)  # publish as often as allowed: exercises merging
    state.play()
    assert run_training(t, state, max_epochs=300) == 300
    snap = state.take()
    ref = LogisticRegression(2)
    ref_losses = [ref.step(d.X, d.y, 0.5) for _ in range(300)]
    np.testing.assert_array_equal(snap.models["lr"].w, ref.w)
    assert snap.epoch == 300 and snap.first_epoch == 1
    np.testing.assert_array_equal(snap.losses["lr"], ref_losses)
    assert snap.metrics["lr"]["accuracy"] == 1.0


def test_mailbox_holds_one_and_merges_losses():
    t, _ = _trainer()
    state = LoopState()
    t.epoch_step(); t.epoch_step()
    assert state.publish(t)
    t.epoch_step()
    assert not state.publish(t)  # one is in flight: nothing new is built
    t.epoch_step()
    assert state.publish(t, force=True)
    snap = state.take()
    assert snap.epoch == 4 and snap.first_epoch == 1 and len(snap.losses["lr"]) == 4
    assert state.take() is None


def test_snapshot_is_a_copy():
    t, d = _trainer()
    t.epoch_step()
    snap = t.snapshot()
    w = snap.models["lr"].w.copy()
    t.epoch_step()
    np.testing.assert_array_equal(snap.models["lr"].w, w)


def test_changes_apply_at_next_epoch_from_a_copy():
    t, d = _trainer()
    X = d.X.copy()
    t.set_lr(0.01)
    t.set_data(X, d.y)
    X[:] = 1e9  # the caller changing its array afterwards changes nothing
    assert t.jobs["lr"].lr == 0.5
    t.apply_pending()
    assert t.jobs["lr"].lr == 0.01
    assert float(np.abs(t.jobs["lr"].data.X).max()) < 100


def test_bad_data_is_refused_at_the_door():
    t, d = _trainer()
    with pytest.raises(ValueError, match="nan"):
        t.set_data(np.array([[np.nan, 0.0]]), [0])
    assert not t.has_pending()


def test_empty_data_trains_nothing_and_does_not_fail():
    t, d = _trainer()
    t.set_data(np.zeros((0, 2)), np.zeros(0))
    state = LoopState()
    state.play()
    run_training(t, state, max_epochs=5)
    snap = state.take()
    assert np.isnan(snap.losses["lr"]).all()
    assert not snap.models["lr"].w.any()


def test_divergence_pauses_and_reset_recovers():
    t, d = _trainer(lr=1e4)
    seen = []
    state = LoopState()
    state.diverged = seen.append
    state.play()
    run_training(t, state, max_epochs=200)
    assert not state.running and len(seen) == 1
    assert "learning rate 10000" in seen[0] and "Reset" in seen[0]
    snap = state.take()
    assert snap.diverged == seen[0] and snap.epoch < 200
    t.request_reset()
    t.set_lr(0.5)
    state.play()
    run_training(t, state, max_epochs=50)
    snap = state.take()
    assert snap.reset and not snap.diverged and not t.diverged


def test_single_step_and_pause_in_a_thread():
    t, _ = _trainer()
    state = LoopState()
    th = threading.Thread(target=run_training, args=(t, state))
    th.start()
    state.step(3)
    deadline = time.time() + 5
    while t.epoch < 3 and time.time() < deadline:
        time.sleep(0.005)
    time.sleep(0.05)
    assert t.epoch == 3  # steps run, then it waits
    state.set_speed(20)
    state.play()
    time.sleep(0.5)
    state.pause()
    ran = t.epoch - 3
    assert 4 <= ran <= 16  # about 10 epochs in half a second at 20 epochs/s
    state.stop()
    th.join(5)
    assert not th.is_alive()


def test_slow_speed_publishes_every_epoch():
    t, _ = _trainer()
    state = LoopState()
    got = []
    state.notify = lambda: got.append(state.take())
    state.set_speed(40)  # slower than the 60 Hz publishing: every epoch is shown
    state.play()
    run_training(t, state, max_epochs=20)
    epochs = [s.epoch for s in got if s]
    assert epochs[:20] == list(range(1, 21))


# ---------------------------------------------------------------- QThread
@pytest.fixture
def controller(qtbot):
    from lrviz.training.worker import TrainingController

    t, d = _trainer()
    c = TrainingController(t)
    yield c
    c.shutdown()


def test_worker_streams_every_loss_and_coalesces(qtbot, controller):
    snaps = []
    controller.snapshot.connect(snaps.append)
    controller.play()
    qtbot.waitUntil(lambda: controller.trainer.epoch > 20000, timeout=20000)
    controller.pause()
    qtbot.waitUntil(lambda: snaps and not snaps[-1].running
                    and snaps[-1].epoch == controller.trainer.epoch, timeout=5000)
    total = sum(len(s.losses["lr"]) for s in snaps)
    assert total == snaps[-1].epoch  # every epoch's loss arrived exactly once
    assert [s.first_epoch for s in snaps[1:]] == [s.epoch + 1 for s in snaps[:-1]]
    # coalesced: far fewer deliveries than epochs, none faster than ~60 Hz on average
    assert len(snaps) < snaps[-1].epoch / 50


def test_an_expensive_frame_spaces_the_snapshots_so_training_keeps_half(qtbot, controller):
    """A view that takes 40 ms to draw would leave no time to train at 30 Hz:
    snapshots are spaced so drawing takes at most about half of the time."""
    frames = []

    def slow_view(snap):
        frames.append(time.perf_counter())
        time.sleep(0.04)

    controller.snapshot.connect(slow_view)
    controller.play()
    qtbot.wait(1500)
    controller.pause()
    assert controller.state.publish_interval >= 0.06
    late = np.diff(frames[len(frames) // 2:])
    assert len(late) >= 3 and np.median(late) >= 0.07  # ~2 x 40 ms apart, not back to back
    controller.set_publish_hz(None)  # benchmarks: no limit, no pacing
    assert controller.state.publish_interval == 0.0
    controller.set_publish_hz(30)
    assert controller.state.publish_interval >= 0.06  # the pacing is remembered


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


def test_shutdown_while_running_joins_thread(qtbot):
    from lrviz.training.worker import TrainingController, running_threads

    for _ in range(10):
        t, _ = _trainer()
        c = TrainingController(t)
        c.play()
        qtbot.waitUntil(lambda: t.epoch > 10, timeout=5000)
        c.shutdown()
        assert not running_threads()


def test_leak_fixture_detects_a_running_thread(qtbot):
    from lrviz.training.worker import TrainingController, running_threads

    t, _ = _trainer()
    c = TrainingController(t)
    c.play()
    assert running_threads()  # the autouse fixture would fail a test that ended here
    c.shutdown()
    assert not running_threads()
