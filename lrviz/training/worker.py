"""Run the training loop in a QThread and hand the newest snapshot to the GUI.

``TrainingController`` lives in the GUI thread and owns a ``QThread`` with a
``_Worker`` moved into it.  The worker runs ``run_training``; whenever a
snapshot lands in the empty mailbox it emits one signal.  The controller's slot
takes the newest snapshot and re-emits it as ``snapshot(object)`` for the views.
So at most one update is ever queued, however fast the epochs run, and the
views always draw the latest state (losses arrive in batches, none dropped).
"""
from __future__ import annotations

import time
import weakref
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from .loop import LoopState, Trainer, run_training

_THREADS: "weakref.WeakSet[QThread]" = weakref.WeakSet()
_STATES: "weakref.WeakSet[LoopState]" = weakref.WeakSet()


@contextmanager
def gui_busy():
    """Around heavy drawing in the GUI thread: every training loop steps aside.

    Python threads share one interpreter lock.  A drawing GUI thread calls back
    into Python many times per frame and would queue behind the worker's epochs
    for each call; pausing the workers for the few milliseconds of a frame
    makes the frame cost what it costs and keeps the window responsive.
    """
    states = [s for s in list(_STATES) if s.share_gil]
    for s in states:
        s.hold()
    try:
        yield
    finally:
        for s in states:
            s.release()


def running_threads():
    """Training threads still running (a test fixture checks this is empty)."""
    return [t for t in list(_THREADS) if _alive(t) and t.isRunning()]


def _alive(obj):
    try:
        obj.objectName()
        return True
    except RuntimeError:  # the C++ object is gone
        return False


class _QtLoopState(LoopState):
    def __init__(self, worker, publish_hz):
        super().__init__(publish_hz)
        self._worker = worker
        self.share_gil = True
        _STATES.add(self)

    def notify(self):
        self._worker.mail.emit()

    def diverged(self, message):
        self._worker.divergence.emit(message)


class _Worker(QObject):
    mail = Signal()
    divergence = Signal(str)
    done = Signal()

    def __init__(self, trainer, publish_hz):
        super().__init__()
        self.trainer = trainer
        self.state = _QtLoopState(self, publish_hz)

    @Slot()
    def run(self):
        try:
            run_training(self.trainer, self.state)
        finally:
            self.done.emit()


class TrainingController(QObject):
    """Play / pause / step / reset / speed for one ``Trainer``, trained off the GUI thread.

    Signals: ``snapshot(Snapshot)`` with the newest state to draw,
    ``diverged(str)`` with a plain-language message, ``runningChanged(bool)``.
    """

    snapshot = Signal(object)
    diverged = Signal(str)
    runningChanged = Signal(bool)

    def __init__(self, trainer: Trainer, parent=None, publish_hz=30.0):
        super().__init__(parent)
        self.trainer = trainer
        self._worker = _Worker(trainer, publish_hz)
        self._thread = None
        self._worker.mail.connect(self._deliver)
        self._worker.divergence.connect(self._on_diverged)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self.latest = None
        self._base_interval = self.state.publish_interval
        self._paced = True
        self._frame_cost = 0.0

    @property
    def state(self):
        return self._worker.state

    @property
    def running(self):
        return self.state.running

    def _ensure_thread(self):
        if self._thread is None and not self.state.stopped:
            self._thread = QThread()
            self._thread.setObjectName("lrviz-training")
            self._worker.moveToThread(self._thread)
            self._thread.started.connect(self._worker.run)
            self._worker.done.connect(self._thread.quit)
            _THREADS.add(self._thread)
            self._thread.start()

    # ------------------------------------------------------------ controls
    def play(self):
        self._ensure_thread()
        self.state.play()
        self.runningChanged.emit(True)

    def pause(self):
        self.state.pause()
        self.runningChanged.emit(False)

    def toggle(self):
        (self.pause if self.running else self.play)()

    def step(self, n=1):
        self._ensure_thread()
        was = self.running
        self.state.step(n)
        if was:
            self.runningChanged.emit(False)

    def reset(self):
        self._ensure_thread()
        self.trainer.request_reset()

    def set_speed(self, epochs_per_second):
        self.state.set_speed(epochs_per_second)

    def set_publish_hz(self, hz):
        """Most snapshots per second.  None: no limit and no pacing by frame cost, a
        new snapshot as soon as the last one is drawn (benchmarks: how fast can we draw)."""
        self._base_interval = 0.0 if not hz else 1.0 / hz
        self._paced = bool(hz)
        self.state.publish_interval = self._interval()

    def _interval(self):
        # A frame that costs more than a publishing period would leave training no
        # time at all: space the snapshots so drawing takes at most half.
        return max(self._base_interval, 2.0 * self._frame_cost) if self._paced else 0.0

    def sync(self):
        """After submitting changes: with no thread yet, apply them and show the result now.

        (With a thread, a paused loop wakes, applies them and publishes by itself.)
        """
        if self._thread is None:
            self.trainer.apply_pending()
            self.state.publish(self.trainer, force=True)
            self._deliver()

    def take(self):
        """Deliver any waiting snapshot now (used by tests and before screenshots)."""
        self._deliver()
        return self.latest

    # ------------------------------------------------------------ delivery
    @Slot()
    def _deliver(self):
        start = time.perf_counter()
        with gui_busy():
            snap = self.state.take()  # lets the worker publish again, once we are done
            if snap is not None:
                self.latest = snap
                self.snapshot.emit(snap)
        if snap is not None:
            cost = time.perf_counter() - start
            self._frame_cost = 0.7 * self._frame_cost + 0.3 * cost
            self.state.publish_interval = self._interval()

    @Slot(str)
    def _on_diverged(self, message):
        self.runningChanged.emit(False)
        self.diverged.emit(message)

    # ------------------------------------------------------------ shutdown
    def shutdown(self, timeout_ms=10000):
        """Stop training and join the thread; safe to call more than once."""
        self.state.stop()
        thread, self._thread = self._thread, None
        if thread is not None and _alive(thread):
            thread.quit()
            if not thread.wait(timeout_ms):
                raise RuntimeError("training thread did not stop")
        return True
