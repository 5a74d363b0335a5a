"""Run the training loop in a QThread and hand the newest snapshot to the GUI.

``TrainingController`` lives in the GUI thread.  It owns a ``Handoff`` (the
protocol, see ``handoff.py``) and, while training runs, a ``QThread`` that runs
a ``TrainingLoop``.  When a snapshot lands in the empty mailbox the loop's
thread emits one queued signal; the controller's slot takes the newest
snapshot and re-emits it as ``snapshot(object)`` for the views.  So at most one
update is ever queued, however fast the epochs run.

A thread is started on the first play or step, and again after the loop ended
(a crash, ``train_now``): the controller never reuses a finished thread.
"""
from __future__ import annotations

import time
import weakref
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot

from ..sharing import gui_busy
from .handoff import Handoff
from .loop import Trainer, TrainerRequests, TrainingLoop, failure_message, train_synchronously

__all__ = ["TrainingController", "running_threads"]

_THREADS: "weakref.WeakSet[QThread]" = weakref.WeakSet()
#: Threads that did not stop when asked: kept referenced, since deleting a
#: running QThread aborts the process.
_STUCK: list = []


def running_threads():
    """Training and task threads still running (a test fixture checks this is empty)."""
    return [t for t in list(_THREADS) if _alive(t) and t.isRunning()]


def _alive(obj):
    try:
        obj.objectName()
        return True
    except RuntimeError:  # the C++ object is gone
        return False


def track_thread(thread):
    _THREADS.add(thread)


def join_thread(thread, timeout_ms=10000):
    """quit() and wait(); a thread that does not stop is kept alive, never deleted.
    Returns True when the thread has stopped."""
    if thread is None or not _alive(thread):
        return True
    thread.quit()
    if thread.wait(timeout_ms):
        return True
    _STUCK.append(thread)
    return False


class _LoopThread(QThread):
    crashed = Signal(str)

    def __init__(self, loop):
        super().__init__()
        self.setObjectName("lrviz-training")
        self.loop = loop

    def run(self):
        try:
            self.loop.run()
        except Exception as exc:  # a fault of the loop itself: reported, never silent
            self.loop.handoff.pause()
            self.crashed.emit(failure_message(exc))


class TrainingController(QObject, TrainerRequests):
    """Play / pause / step / reset / speed and the trainer's changes, off the GUI thread.

    Signals: ``snapshot(Snapshot)`` with the newest state to draw,
    ``diverged(str)`` and ``failed(str)`` with a plain-language message (training
    is paused then), ``runningChanged(bool)``, ``fitProgress(name, fraction)``.
    """

    snapshot = Signal(object)
    diverged = Signal(str)
    failed = Signal(str)
    runningChanged = Signal(bool)
    #: a one-pass fit (an RBF SVM) of the named job is this far, 0..1 (1: ended);
    #: always emitted in the GUI thread (re-emitted from the queued ``_progress``)
    fitProgress = Signal(str, float)
    _mail = Signal()
    _progress = Signal(str, float)
    _halted = Signal(str, str)

    def __init__(self, trainer: Trainer, parent=None, publish_hz=30.0):
        super().__init__(parent)
        self._trainer = trainer  # the loop's: only the loop (or a synchronous run) touches it
        self.handoff = Handoff(publish_hz, share_gil=True, on_mail=self._mail.emit,
                               on_progress=self._progress.emit)
        self._thread = None
        self._closed = False
        self.latest = None  # the newest snapshot delivered to the views
        self._said_running = False  # the last runningChanged said True
        self._applying_once = 0  # depth of ``applied_once`` blocks
        self.runningChanged.connect(self._note_running)
        self._mail.connect(self._deliver, Qt.QueuedConnection)
        # (queued: a plain Python callable connected to fitProgress -- a test's
        # waitSignal -- must never run in the training thread)
        self._progress.connect(self.fitProgress.emit, Qt.QueuedConnection)
        self._halted.connect(self._on_halted)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    @property
    def running(self):
        return self.handoff.running

    def _note_running(self, running):
        self._said_running = running

    @property
    def closed(self):
        """Shut down for good (its window was closed)."""
        return self._closed

    # ------------------------------------------------------------ the thread
    def _ensure_thread(self):
        if self._closed or (self._thread is not None and self._thread.isRunning()):
            return
        self.handoff.restart()
        thread = _LoopThread(TrainingLoop(self._trainer, self.handoff, self._halted.emit))
        thread.crashed.connect(self._on_crash)
        thread.finished.connect(lambda t=thread: self._thread_finished(t))
        track_thread(thread)
        self._thread = thread
        thread.start()

    def _thread_finished(self, thread):
        if self._thread is thread:
            self._thread = None
        thread.deleteLater()

    def _join(self, timeout_ms=10000):
        thread, self._thread = self._thread, None
        if thread is None:
            return True
        self.handoff.stop()
        return join_thread(thread, timeout_ms)

    # ------------------------------------------------------------ controls
    def play(self):
        if self.handoff.ending:  # (Train, Step and Space wait for a lesson's Run: it ends
            return               # on the epoch the step names)
        self._ensure_thread()
        self.handoff.play()
        self.runningChanged.emit(True)

    def play_for(self, epochs):
        """Train exactly ``epochs`` epochs at the set speed, then rest (a lesson's Run);
        ``runningChanged(False)`` and a resting snapshot say when it is over."""
        self._ensure_thread()
        self.handoff.play(epochs)
        self.runningChanged.emit(True)

    def pause(self):
        self.handoff.pause()
        self.runningChanged.emit(False)

    def toggle(self):
        if not self.handoff.ending:
            (self.pause if self.running else self.play)()

    def step(self, n=1):
        if self.handoff.ending:
            return
        was = self.running
        self._ensure_thread()
        self.handoff.step(n)
        if was:
            self.runningChanged.emit(False)

    def reset(self):
        self.request_reset()
        self.apply()

    def set_speed(self, epochs_per_second):
        self.handoff.set_speed(epochs_per_second)

    def set_publish_hz(self, hz):
        self.handoff.set_publish_hz(hz)

    #: Queued changes that make the loop prepare and measure more data rows than this
    #: are applied in the training thread (preparing 100,000 points, measuring four
    #: models on 5,000 held-out points, takes longer than a frame); fewer, here and now,
    #: so the picture follows at once.
    HEAVY_ROWS = 20_000

    def apply(self):
        """After submitting changes: have them applied and shown.  A thread, running or
        paused, applies them itself; costly ones (``HEAVY_ROWS``, or a model that fits in
        one long pass) start a paused thread for it, so the window never waits; cheap
        ones -- and the first picture, which comes with the tab that shows it -- are
        applied here and now."""
        if self._applying_once:
            return  # (at the block's end)
        if self._thread is not None and self._thread.isRunning():
            self.handoff.wake()
        elif self.latest is not None and (self.handoff.pending_cost() > self.HEAVY_ROWS
                                          or self.handoff.pending_slow()):
            self._ensure_thread()
            self.handoff.wake()
        else:
            self.train_now(0)

    @contextmanager
    def applied_once(self):
        """Changes submitted inside are applied, and drawn, once at the end rather than at
        each ``apply()`` inside: a session's settings, data, start and weights for a tab
        arrive together (each drawn on its own, a tab took three times as long)."""
        self._applying_once += 1
        try:
            yield
        finally:
            self._applying_once -= 1
            if not self._applying_once:
                self.apply()

    def cancel_fit(self):
        """Stop a slow one-pass fit (an RBF SVM); its model stays unfitted."""
        self.handoff.cancel_fit()

    def train_now(self, epochs):
        """Train ``epochs`` epochs synchronously in this thread, then deliver the result.

        For ``--screenshot``, tests and lessons: the picture is always the same.
        A running thread is stopped first; the next play starts a new one.
        """
        if self._closed:
            return None
        self._join()
        self.handoff.restart()
        train_synchronously(self._trainer, self.handoff, epochs, self._halted.emit)
        self._deliver()
        return self.latest

    def take(self):
        """Deliver any waiting snapshot now (before saving or a screenshot)."""
        self._deliver()
        return self.latest

    # ------------------------------------------------------------ delivery
    @Slot()
    def _deliver(self):
        start = time.perf_counter()
        with gui_busy():
            snap = self.handoff.take()  # lets the loop announce the next one, once we are done
            if snap is not None:
                self.latest = snap
                self.snapshot.emit(snap)
        if snap is not None:
            self.handoff.frame_drawn(time.perf_counter() - start)
            if not snap.running and not self.running and self._said_running:
                self.runningChanged.emit(False)  # a run with an end (play_for) ended

    @Slot(str, str)
    def _on_halted(self, kind, message):
        self.runningChanged.emit(False)
        (self.diverged if kind == "diverged" else self.failed).emit(message)

    @Slot(str)
    def _on_crash(self, message):
        self._deliver()
        self.runningChanged.emit(False)
        self.failed.emit(message)

    # ------------------------------------------------------------ shutdown
    def shutdown(self, timeout_ms=10000):
        """Stop training and join the thread for good; safe to call more than once."""
        self._closed = True
        return self._join(timeout_ms)
