"""One-off background jobs: the one way the window hands a computation to a thread.

A ``JobSlot`` holds *the current* job of one kind (reading a file, a
regularisation path, the misclassified points of a big set ...).
``slot.start(fn, on_done, on_failed=None, on_progress=None)`` cancels the job
before it and runs ``fn(progress, cancelled)`` -- plain Python, no Qt: it may
report ``progress(done, total)`` and should look at ``cancelled()`` now and
then -- in a worker thread of a ``concurrent.futures`` pool.  Its outcome comes
back to the GUI thread in a queued call: ``on_done(result)``, or
``on_failed(message)`` (one plain line) when ``fn`` raised -- without an
``on_failed``, the slot's ``failed(message)`` signal says it.  Only the current
job's callbacks run: a superseded or cancelled job's result is dropped, however
late it arrives.  Nothing waits for a job in a nested event loop: the caller
goes on in ``on_done``.

``running_jobs()`` lists the jobs whose threads still run (a test fixture checks
it is empty after each test); ``JobSlot.shutdown()`` cancels and joins its jobs
(closing a window).
"""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor, wait

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from shiboken6 import isValid

from ..training.loop import plain_error  # noqa: F401 (one wording, for jobs too)

#: Worker threads for jobs: jobs of different kinds run side by side, and the
#: training thread needs one core of two.
WORKERS = 3

_executor = None
_running: set = set()  # jobs whose function has not returned yet
_lock = threading.Lock()


def _pool():
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="lrviz-job")
        # every worker started now, with the window: a worker started when a job came
        # -- a big file's checks, with training beside them -- held the window while
        # the new thread waited for the interpreter (3 - 4 ms each)
        gate = threading.Barrier(WORKERS)
        for _ in range(WORKERS):
            _executor.submit(gate.wait, 5.0)
    return _executor


class _Post(QObject):
    """Runs callables in the GUI thread: ``call.emit(fn)`` from any thread."""

    call = Signal(object)

    def __init__(self):
        super().__init__()
        self.call.connect(self._run, Qt.QueuedConnection)

    @staticmethod
    def _run(fn):
        fn()


_post = None


def _poster():
    global _post
    if _post is None:
        _post = _Post()  # (made in the GUI thread: the first slot is made there)
    return _post


class Job:
    """One run of a function in the pool: ``cancel()``, ``cancelled``, ``done``."""

    def __init__(self, fn):
        self.fn = fn
        self._cancel = threading.Event()
        self.future = None

    def cancel(self):
        self._cancel.set()

    @property
    def cancelled(self):
        return self._cancel.is_set()

    @property
    def done(self):
        return self.future is not None and self.future.done()

    def _run(self, progress):
        try:
            return "done", self.fn(progress, self._cancel.is_set)
        except Exception as exc:  # reported in the GUI thread, never a dead thread
            return "failed", plain_error(exc)
        finally:
            with _lock:
                _running.discard(self)


def running_jobs():
    """Jobs whose functions still run (cancelled ones included, until they return)."""
    with _lock:
        return list(_running)


def wait_for_jobs(timeout=10.0):
    """Wait for every running job to return; the ones still running after ``timeout``."""
    futures = [job.future for job in running_jobs() if job.future is not None]
    wait(futures, timeout=timeout)
    return running_jobs()


class JobSlot(QObject):
    """The current background job of one kind (see the module's docstring)."""

    #: a job without an ``on_failed`` raised: one plain line
    failed = Signal(str)
    #: the current job ended (done, failed or cancelled): for whoever waits on it
    ended = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._job = None
        self._mine = []  # this slot's jobs that may still run
        _poster()
        _pool()

    @property
    def running(self):
        """Is a current job under way?"""
        return self._job is not None

    def start(self, fn, on_done, on_failed=None, on_progress=None, after_turn=False):
        """Cancel the current job and run ``fn(progress, cancelled)`` instead -- or, if
        ``after_turn``, once the turn of the event loop asking for it is over (it counts
        as running meanwhile): started at once, its thread takes the interpreter in
        turns with whatever that turn still draws (a first frame of 50 weights took 40
        ms instead of 11)."""
        self.cancel()
        job = self._job = Job(fn)
        post = _poster().call

        def progress(done, total):
            if on_progress is not None and not job.cancelled:
                post.emit(lambda: self._is_current(job) and on_progress(done, total))

        def finished(future):
            post.emit(lambda: self._finish(job, future.result(), on_done, on_failed))

        def submit():
            if not self._is_current(job):
                return  # (cancelled or superseded before it started)
            with _lock:
                _running.add(job)
            self._mine = [j for j in self._mine if not j.done] + [job]
            job.future = _pool().submit(job._run, progress)
            job.future.add_done_callback(finished)
        if after_turn:
            QTimer.singleShot(0, self, submit)
        else:
            submit()
        return job

    def _is_current(self, job):
        return isValid(self) and self._job is job and not job.cancelled

    def _finish(self, job, outcome, on_done, on_failed):
        if not self._is_current(job):
            return  # superseded, cancelled, or its owner is gone: dropped
        self._job = None
        kind, value = outcome
        try:
            if kind == "done":
                on_done(value)
            elif on_failed is not None:
                on_failed(value)
            else:
                self.failed.emit(value)
        finally:
            self.ended.emit()

    def cancel(self):
        """Cancel the current job: its result is dropped, its thread ends on its own."""
        job, self._job = self._job, None
        if job is not None:
            job.cancel()
            if isValid(self):  # (a slot deleted with its owner has no one to tell)
                self.ended.emit()

    def shutdown(self, timeout=10.0):
        """Cancel, and wait for this slot's jobs to return (a window closing)."""
        self.cancel()
        for job in self._mine:
            job.cancel()
        wait([j.future for j in self._mine if j.future is not None], timeout=timeout)
        self._mine = [j for j in self._mine if not j.done]
        return not self._mine
