"""How the window and the training loops share Python's one interpreter (no Qt).

Python runs the bytecode of one thread at a time.  A training loop that runs
flat out would keep the interpreter from the GUI thread, which calls into
Python for every event, every paint of a plot item and every cell of a table,
and the window would stutter.  Everything lrviz does about it is here:

* ``one_blas_thread()`` -- numpy's BLAS keeps to one thread, leaving the other
  core to the window;
* ``configure()`` -- a short switch interval: a thread that waits for the
  interpreter asks for it after 0.2 ms instead of Python's 5 ms; and the window
  paints in its own thread only;
* *holds* -- while the window draws (``gui_busy()``), every training loop that
  shares the interpreter steps aside at its next boundary between pieces of
  work.  A loop registers its hand-off with ``register``; the hand-off keeps the
  count of holds (``lrviz.training.handoff``);
* ``collecting()`` -- the GUI thread's garbage collection (see
  ``lrviz.ui.live.GuiThreadGarbage``): loops wait at their next boundary, since
  destroying a closed window's widgets hands the interpreter back and forth once
  per object and a loop beside it turned a tenth of a second into seconds;
* ``holding_long_lists()`` -- a job that holds millions of numbers in lists
  keeps the GUI thread's collector from visiting each of them;
* ``fine_sleeps()`` and ``yield_interpreter()`` -- what a training thread calls
  to hand the interpreter over cheaply and often.

The Qt half -- painting a plot while training waits, holding training while
the window repaints itself -- is ``lrviz.ui.live``.
"""
from __future__ import annotations

import ctypes
import os
import sys
import threading
import time
import weakref
from contextlib import contextmanager

#: How long a thread waiting for the interpreter waits before it asks the running one
#: to hand it over (Python's default is 5 ms).  The GUI thread calls into Python many
#: times per event; with 5 ms each call could wait behind an epoch loop.  A short
#: interval costs a loop nothing while the window is idle.
SWITCH_INTERVAL_S = 0.0002
#: Longest a loop waits for a garbage collection in the GUI thread.
GC_WAIT_S = 2.0

_not_collecting = threading.Event()
_not_collecting.set()
_long_lists = 0  # jobs inside ``holding_long_lists()``
_long_lists_lock = threading.Lock()
#: Hand-offs whose loops share the interpreter with a window.
_holders: "weakref.WeakSet" = weakref.WeakSet()


#: numpy's BLAS (OpenBLAS) works with this many threads in the app, unless the user
#: set the variable.  With a thread per core, each product of a big table -- every epoch
#: on 70,000 rows of 50 features -- kept both cores of two busy, and BLAS's threads
#: spin a while after each product: the window's thread waited for a core, and Weights
#: & Decisions stalled 84-107 ms while training 100,000 x 50 (one thread: 31-53 ms, and
#: no fewer epochs a second).
BLAS_THREADS = "1"


def one_blas_thread():
    """Ask numpy's BLAS for ``BLAS_THREADS`` threads; only numpy imported after this
    call listens (the app calls it before anything imports numpy)."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", BLAS_THREADS)


def configure():
    """Apply the short switch interval, and keep Qt's painter to the GUI thread (the app
    and the tests call this once, before the QApplication exists).

    Qt splits a large image blit -- every repaint of a plot copies its cached pictures
    -- over a pool of helper threads and waits for them.  With a training thread on one
    of two cores, the helpers take training's core and the painter waits for them: a
    fifth of a frame went on that hand-over, and training lost the helpers' time too.
    """
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")  # (Qt reads it once, at first use)


# ------------------------------------------------------------------ holds
def register(holder):
    """A hand-off (anything with ``hold()`` and ``release()``) whose loop steps aside
    while the window draws.  Kept weakly: a closed tab's hand-off goes by itself."""
    _holders.add(holder)


def hold_all():
    """Every registered loop steps aside until ``release_all(returned)``; prefer
    ``gui_busy`` where a block fits."""
    held = list(_holders)
    for h in held:
        h.hold()
    return held


def release_all(held):
    for h in held:
        h.release()


@contextmanager
def gui_busy():
    """Around drawing in the GUI thread: every training loop steps aside."""
    held = hold_all()
    try:
        yield
    finally:
        release_all(held)


# ------------------------------------------------------- garbage collection
def let_go(value, long=10_000):
    """Free the long lists of numbers (more than ``long``) inside ``value`` (dicts and
    lists, as JSON reads them) one at a time, handing the interpreter over after each
    -- those that nothing else holds, inside containers nothing else holds: each is
    set to None in its container.  Dropped whole, a document of millions of numbers
    is freed in one go: 50-100 ms in which no other thread runs (a big session read
    or written in a job)."""
    keys = list(value) if isinstance(value, dict) else range(len(value))
    for key in keys:
        v = value[key]
        if not isinstance(v, (dict, list)) or sys.getrefcount(v) > 3:
            continue  # (3: the container, ``v`` and the count's own argument)
        if isinstance(v, dict) or (v and isinstance(v[0], (dict, list))):
            let_go(v, long)
        elif len(v) > long:
            value[key] = v = None
            yield_interpreter()


@contextmanager
def collecting():
    """Around a garbage collection in the GUI thread: training loops wait meanwhile."""
    _not_collecting.clear()
    try:
        yield
    finally:
        _not_collecting.set()


@contextmanager
def holding_long_lists():
    """Around a job that holds millions of numbers in Python lists for a while (a big
    session read or written): the GUI thread's collector waits until it is over.  A
    collection visits every number of every list it meets -- 30-45 ms of held
    interpreter for a 100,000 x 50 table -- and these lists need none: nothing in them
    refers back, and the job frees them itself (``let_go``)."""
    global _long_lists
    with _long_lists_lock:
        _long_lists += 1
    try:
        yield
    finally:
        with _long_lists_lock:
            _long_lists -= 1


def long_lists_held():
    """Whether a job holds long lists (see ``holding_long_lists``)."""
    return _long_lists > 0


def wait_while_collecting():
    """A loop's boundary: wait (at most GC_WAIT_S) while the GUI thread collects."""
    if not _not_collecting.is_set():
        _not_collecting.wait(GC_WAIT_S)


# ---------------------------------------------------------- training threads
def yield_interpreter():
    """Let another thread that waits for the interpreter have it now.  The switch
    interval alone does not do it: numpy releases and retakes the lock around its
    loops many times an epoch, and a woken GUI thread mostly loses that race."""
    time.sleep(0)


#: prctl(2)'s option that sets the calling thread's timer slack
_PR_SET_TIMERSLACK = 29


def fine_sleeps():
    """Make this thread's short sleeps short.  Linux lets every sleep of a thread run
    late by its *timer slack*, 50 µs by default, and a loop that yields a thousand
    times a second would spend a good share of its time waiting that out.  With a slack
    of 1 ns a yield costs a few microseconds.  (Elsewhere, or if the call fails: nothing.)"""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None).prctl(_PR_SET_TIMERSLACK, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass
