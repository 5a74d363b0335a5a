"""One-off background jobs (a regularisation path, ...) with progress and cancel.

``BackgroundTask(fn)`` runs ``fn(progress, cancelled)`` in its own QThread;
``fn`` is plain Python with no Qt, reporting ``progress(done, total)`` and
checking ``cancelled()``.  Signals arrive in the GUI thread.
"""
from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QThread, Signal, Slot

from .worker import _THREADS, _alive


class _Runner(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(str)

    def __init__(self, fn, cancel_event):
        super().__init__()
        self.fn, self.cancel_event = fn, cancel_event

    @Slot()
    def run(self):
        try:
            result = self.fn(lambda d, t: self.progress.emit(int(d), int(t)),
                             self.cancel_event.is_set)
        except Exception as exc:  # reported to the user, never a crash
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.done.emit(result)


class BackgroundTask(QObject):
    """``progress(done, total)``, ``finished(result or None if cancelled)``, ``failed(str)``."""

    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, fn, parent=None):
        super().__init__(parent)
        self._cancel = threading.Event()
        self._runner = _Runner(fn, self._cancel)
        self._thread = QThread()
        self._thread.setObjectName("lrviz-task")
        self._runner.moveToThread(self._thread)
        self._thread.started.connect(self._runner.run)
        self._runner.progress.connect(self.progress)
        self._runner.done.connect(self._finish)
        self._runner.failed.connect(self._fail)
        _THREADS.add(self._thread)

    def start(self):
        self._thread.start()
        return self

    def cancel(self):
        self._cancel.set()

    @property
    def running(self):
        return _alive(self._thread) and self._thread.isRunning()

    def _finish(self, result):
        self._join()
        self.finished.emit(None if self._cancel.is_set() else result)

    def _fail(self, message):
        self._join()
        self.failed.emit(message)

    def _join(self):
        if _alive(self._thread):
            self._thread.quit()
            self._thread.wait(10000)

    def shutdown(self):
        self.cancel()
        self._join()
