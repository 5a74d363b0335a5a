"""One-off background jobs (a regularisation path, a loss landscape ...) with progress.

``BackgroundTask(fn)`` runs ``fn(progress, cancelled)`` in its own QThread;
``fn`` is plain Python with no Qt, reporting ``progress(done, total)`` and
checking ``cancelled()``.  Signals arrive in the GUI thread: ``finished(result)``
only for a task that was not cancelled, ``failed(message)`` when ``fn`` raised.
A task deletes its thread once it has joined it.

``TaskSlot`` owns *the current* task of one kind: starting a new one cancels
the old, and only the current task's signals reach the callbacks, so an older
result can never overwrite a newer one (whichever finishes last).
"""
from __future__ import annotations

import threading

from PySide6.QtCore import QEventLoop, QObject, QThread, Signal

from .loop import plain_error
from .worker import _alive, join_thread, track_thread


class _TaskThread(QThread):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(str)

    def __init__(self, fn, cancel_event):
        super().__init__()
        self.setObjectName("lrviz-task")
        self.fn, self.cancel_event = fn, cancel_event

    def run(self):
        try:
            result = self.fn(lambda d, t: self.progress.emit(int(d), int(t)),
                             self.cancel_event.is_set)
        except Exception as exc:  # reported to the user, never a crash
            self.failed.emit(plain_error(exc))
        else:
            self.done.emit(result)


class BackgroundTask(QObject):
    """``progress(done, total)``, ``finished(result)`` unless cancelled, ``failed(str)``."""

    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)
    ended = Signal()  # the thread has stopped and been deleted, whatever the outcome

    def __init__(self, fn, parent=None):
        super().__init__(parent)
        self._cancel = threading.Event()
        self._thread = _TaskThread(fn, self._cancel)
        self._thread.progress.connect(self._progress)
        self._thread.done.connect(self._finish)
        self._thread.failed.connect(self._fail)
        self._thread.finished.connect(self._join)
        track_thread(self._thread)

    def start(self):
        self._thread.start()
        return self

    def cancel(self):
        self._cancel.set()

    @property
    def cancelled(self):
        return self._cancel.is_set()

    @property
    def running(self):
        return self._thread is not None and _alive(self._thread) and self._thread.isRunning()

    def _progress(self, done, total):
        if not self._cancel.is_set():
            self.progress.emit(done, total)

    def _finish(self, result):
        stopped = self._join()
        if not self._cancel.is_set() and stopped:
            self.finished.emit(result)

    def _fail(self, message):
        self._join()
        if not self._cancel.is_set():
            self.failed.emit(message)

    def _join(self, timeout_ms=10000):
        thread, self._thread = self._thread, None
        if thread is None:
            return True
        if not join_thread(thread, timeout_ms):
            self.failed.emit("a background computation did not stop; it was left to finish")
            return False
        thread.deleteLater()
        self.ended.emit()
        return True

    def shutdown(self):
        """Cancel and join: no signal of this task is emitted afterwards."""
        self.cancel()
        return self._join()


class TaskSlot(QObject):
    """The current background task of one kind (see the module's docstring).

    ``start(fn, on_done, on_failed=None, on_progress=None)``: cancels the task
    before it, then runs ``fn``; ``on_done(result)`` and the others are called
    only for this task and only while it is still the current one.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.task = None
        self._retired = set()  # cancelled tasks whose threads have not stopped yet

    @property
    def running(self):
        return self.task is not None and self.task.running

    def start(self, fn, on_done, on_failed=None, on_progress=None):
        self.cancel()
        task = BackgroundTask(fn, self)
        self.task = task

        def current(callback):
            def call(*args):
                if self.task is task:
                    if callback is not on_progress:
                        self.task = None  # done or failed: nothing is running any more
                    callback(*args)
            return call

        task.finished.connect(current(on_done))
        if on_failed is not None:
            task.failed.connect(current(on_failed))
        if on_progress is not None:
            task.progress.connect(current(on_progress))
        task.start()
        return task

    def cancel(self):
        """Cancel the current task: its result is dropped, its thread ends on its own."""
        task, self.task = self.task, None
        if task is None:
            return
        task.cancel()
        if task.running:
            self._retired.add(task)
            task.ended.connect(lambda t=task: self._forget(t))
        else:
            task.deleteLater()

    def _forget(self, task):
        self._retired.discard(task)
        task.deleteLater()

    def shutdown(self):
        """Cancel everything and join every thread (closing the tab)."""
        self.cancel()
        for task in list(self._retired):
            task.shutdown()
            self._forget(task)


def run_aside(fn, *args):
    """``fn(*args)`` in a background thread while the window goes on (a local event
    loop runs until it is done); returns its result or raises its exception.

    For work a caller needs before it can go on, yet too long to freeze the window
    for: reading a 100,000-row file took half a second of the GUI thread.
    """
    out = {}

    def work(progress, cancelled):
        try:
            out["value"] = fn(*args)
        except Exception as exc:  # handed back to the caller, in its thread
            out["error"] = exc
    task = BackgroundTask(work)
    loop = QEventLoop()
    task.ended.connect(loop.quit)
    task.start()
    loop.exec()  # (a thread that ended already has its "ended" queued for this loop)
    task.deleteLater()
    if "error" in out:
        raise out["error"]
    return out.get("value")

