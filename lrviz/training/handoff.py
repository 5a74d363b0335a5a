"""The hand-off between the GUI thread and the training thread, in one place, free of Qt.

Two threads share the work of training:

* the **GUI thread** asks (play, pause, step, stop, speed), submits *changes*
  (``lrviz.training.changes``: new data, a new model, a learning rate ...),
  takes snapshots out of the mailbox and draws them;
* the **loop thread** (``loop.TrainingLoop``) applies the changes, runs epochs
  and publishes snapshots.

Everything they share lives in one ``Handoff`` object, behind one lock: the
requests, the change queue, the one-slot mailbox, the GUI's holds and the
pacing of snapshots.  Nothing else is shared; the loop reads nothing from the
GUI and the GUI reads the trainer only through snapshots.

Invariants (each one has a test in ``tests/test_handoff.py``):

H1  The hold count is never negative, and it is 0 again once every delivered
    snapshot has been taken and every ``gui_busy`` block has closed, whatever
    the interleaving of publish / take / hold / release.
H2  A change submitted before ``pause()`` returns is applied before the next
    epoch starts (changes and the decision to run an epoch are taken together,
    under the lock).
H3  No epoch starts after ``pause()`` returns, until ``play()`` or ``step()``.
H4  ``step(n)`` starts exactly n epochs (a step while running first stops the
    run: the epochs that had already started are not counted); ``play(n)`` runs
    exactly n epochs at the set speed, in n / speed seconds however long frames
    held it up, and then rests, showing where it stopped.
H5  Every submitted change is applied exactly once, in the order submitted -- or
    merged into the next one, submitted right after it, that makes it moot (two
    learning rates in a row: the second); nothing else is merged or dropped.
H6  The mailbox holds at most one snapshot; an unread one is merged into the
    next, so no epoch's loss is lost or delivered twice.
H7  At rest (paused, nothing pending) the newest published snapshot says
    ``running=False`` and shows the trainer's current epoch.
H8  A snapshot made before a model-replacing change was applied is never
    handed to the views (its shapes belong to models they no longer show).
H9  A one-pass fit (an RBF SVM) stops at its next check once ``cancel_fit()``
    returns, and its model is shown unfitted until its data or settings change;
    a fit made moot (the loop stopping, a model-replacing change queued) stops
    too, and runs again when its result is next needed.

Python threads share one interpreter (see ``lrviz.sharing``): the GUI *holds*
the loop while it draws, and the loop steps aside once per frame, at most
``GUI_WAIT_S``, at its boundaries between pieces of work (``step_aside``).
"""
from __future__ import annotations

import math
import threading
import time
from collections import deque
from dataclasses import dataclass, field

from .. import sharing

#: The GUI never needs more than this many pictures a second.
DEFAULT_PUBLISH_HZ = 60.0
#: However costly the frames, the picture follows training at least this often (s):
#: one expensive frame -- a tab's first maps, a collection of old windows' garbage --
#: otherwise spaced the next snapshots by seconds, and the window looked frozen.
MAX_PUBLISH_INTERVAL = 0.25
#: Drawing may take this share of the time ...
DRAW_SHARE = 0.15
#: ... as long as the picture still changes this many times a second; past that, a
#: costly frame is paced to take at most half of the time.  (A class sees no
#: difference between 26 and 30 frames a second, while a frame of a busy tab at 30
#: would take training's time; the hand-off itself -- waking the threads, yielding the
#: interpreter -- costs training a few per cent more, and 15 % for drawing leaves it
#: at least 80 % of its speed.)
MIN_FPS = 26.0
#: Longest the loop waits for the GUI to finish drawing before it trains on.
GUI_WAIT_S = 0.05
@dataclass
class Turn:
    """What the loop does next (see ``Handoff.next_turn``)."""

    stopped: bool = False
    changes: list = field(default_factory=list)
    kind: str | None = None  # "run", "step" or None
    rest: bool = False  # nothing to do but show the loop at rest


class Handoff:
    """Requests in, changes in, snapshots out: the protocol between GUI and loop.

    ``on_mail()`` is called (from the loop thread) when a snapshot lands in an
    empty mailbox; the Qt worker turns it into a queued signal.
    ``on_progress(name, fraction)`` is called (from the loop thread) while a
    one-pass fit runs, and with 1.0 when it ended.
    """

    def __init__(self, publish_hz=DEFAULT_PUBLISH_HZ, share_gil=False, on_mail=None,
                 on_progress=None):
        self._cond = threading.Condition()
        # requests
        self._running = False
        self._budget = None  # epochs left of a run with an end (``play(epochs)``)
        self._steps = 0
        self._stopped = False
        self._speed = math.inf
        # changes: (sequence number, change)
        self._changes = deque()
        self._submitted = 0
        self._replaced = 0  # sequence number of the newest model-replacing change
        self._handed_out = 0  # ... of the newest change handed to the loop (applied before
        # the loop publishes again: snapshots are stamped with it, see H8)
        # mailbox
        self._mail = None
        self._in_flight = False  # a snapshot was announced and not yet taken
        self._shown_running = False  # did the newest published snapshot say "running"?
        # holds: the GUI's open gui_busy blocks, plus the announced snapshot
        self._busy = 0
        self._frames = 0  # counts holds begun, so the loop steps aside once per hold
        self._gui_idle = threading.Event()
        self._gui_idle.set()
        # pacing
        self._next_due = None  # when the next epoch of a slow run is due (None: now)
        self._base_interval = 0.0 if not publish_hz else 1.0 / publish_hz
        self._paced = bool(publish_hz)
        self._frame_cost = 0.0
        self.publish_interval = self._base_interval
        self.share_gil = share_gil
        self._on_mail = on_mail or (lambda: None)
        # one-pass fits (an RBF SVM): progress out, cancel in
        self._cancelled_upto = -1  # fits of the state after this change are cancelled
        self._on_progress = on_progress or (lambda name, fraction: None)
        if share_gil:
            sharing.register(self)  # it steps aside while the window draws

    # ================================================= GUI side: requests
    def play(self, epochs=None):
        """Run at the set speed -- for good, or ``epochs`` epochs and then rest (H4)."""
        if epochs is not None and int(epochs) < 1:
            raise ValueError(f"a run needs at least 1 epoch, got {epochs}")
        with self._cond:
            if not self._running:
                self._next_due = None  # a new run: its first epoch is due now
            self._running = True
            self._budget = None if epochs is None else int(epochs)
            self._cond.notify_all()

    def pause(self):
        """After this returns no epoch starts until ``play`` or ``step`` (H3)."""
        with self._cond:
            self._running = False
            self._budget = None
            self._steps = 0
            self._cond.notify_all()

    def step(self, n=1):
        """Stop any run, then start exactly ``n`` epochs (H4)."""
        n = int(n)
        if n < 1:
            raise ValueError(f"step needs at least 1 epoch, got {n}")
        with self._cond:
            self._running = False
            self._budget = None
            self._steps += n
            self._cond.notify_all()

    def stop(self):
        """End the loop (it returns after the epoch in progress)."""
        with self._cond:
            self._stopped = True
            self._running = False
            self._steps = 0
            self._cond.notify_all()

    def restart(self):
        """Allow a new loop after ``stop`` (the controller starts a new thread)."""
        with self._cond:
            self._stopped = False

    def set_speed(self, epochs_per_second):
        """Epochs per second; None or inf for as fast as possible."""
        v = math.inf if epochs_per_second is None else float(epochs_per_second)
        if not v > 0:
            raise ValueError(f"speed must be positive, got {epochs_per_second}")
        with self._cond:
            self._speed = v
            self._cond.notify_all()

    def wake(self):
        """Let a waiting loop look at its work again."""
        with self._cond:
            self._cond.notify_all()

    @property
    def running(self):
        with self._cond:
            return self._running

    @property
    def ending(self):
        """Is a run with an end (``play(epochs)``) under way?"""
        with self._cond:
            return self._running and self._budget is not None

    @property
    def speed(self):
        return self._speed

    @property
    def stopped(self):
        return self._stopped

    @property
    def shown_running(self):
        """Did the newest published snapshot say "running"?"""
        return self._shown_running

    # ================================================== GUI side: changes
    def submit(self, change):
        """Queue a ``Change`` (``lrviz.training.changes``); the loop applies it before its
        next epoch.  A change that makes the one queued just before it moot replaces
        it (``Change.merged``, H5).  Snapshots made before a change that replaces the
        models is applied are dropped (H8).  Returns the change's sequence number.
        """
        with self._cond:
            self._submitted += 1
            if self._changes:
                merged = self._changes[-1][1].merged(change)
                if merged is not None:
                    self._changes.pop()
                    change = merged
            self._changes.append((self._submitted, change))
            if change.replaces_models:
                self._replaced = self._submitted
            self._cond.notify_all()
            return self._submitted

    def settled(self, snap):
        """Does ``snap`` show every change submitted so far?"""
        with self._cond:
            return snap is not None and snap.applied >= self._submitted

    def has_changes(self):
        with self._cond:
            return bool(self._changes)

    def pending_cost(self):
        """Data rows the queued changes make the loop prepare and measure."""
        with self._cond:
            return sum(change.cost() for _, change in self._changes)

    def pending_slow(self):
        """Does a queued change bring a model that fits in one long pass (an RBF SVM)?"""
        with self._cond:
            return any(getattr(m, "slow_fit", False) for _, change in self._changes
                       for m in getattr(change, "models", {getattr(change, "model", None): 0}))

    def pending(self):
        """The queued changes, oldest first (for a reader of the log, and tests)."""
        with self._cond:
            return [change for _, change in self._changes]

    def cancel_fit(self):
        """Stop the one-pass fit in progress; its model stays unfitted until its data or
        settings change again."""
        with self._cond:
            self._cancelled_upto = self._handed_out
            self._cond.notify_all()

    # ================================================== GUI side: mailbox
    def take(self):
        """The newest snapshot (or None); taking it lets the next one be announced.

        A snapshot made before the newest model-replacing change is dropped (H8).
        """
        with self._cond:
            snap, self._mail = self._mail, None
            self._in_flight = False
            self._update_idle()
            stale = snap is not None and snap.applied < self._replaced
        return None if stale else snap

    def hold(self):
        """The GUI starts heavy work (drawing): the loop steps aside until ``release``."""
        with self._cond:
            self._busy += 1
            self._frames += 1
            self._update_idle()

    def release(self):
        with self._cond:
            if self._busy <= 0:
                raise RuntimeError("Handoff.release() without a matching hold()")
            self._busy -= 1
            self._update_idle()

    @property
    def holds(self):
        """Open holds: gui_busy blocks, plus one for an announced, untaken snapshot (H1)."""
        with self._cond:
            return self._busy + (1 if self._in_flight and self.share_gil else 0)

    def _update_idle(self):
        if self._busy == 0 and not (self._in_flight and self.share_gil):
            self._gui_idle.set()
        else:
            self._gui_idle.clear()

    # =================================================== GUI side: pacing
    def set_publish_hz(self, hz):
        """Most snapshots per second.  None: no limit and no pacing by frame cost, a
        new snapshot as soon as the last one is drawn (benchmarks: how fast can we draw)."""
        self._base_interval = 0.0 if not hz else 1.0 / hz
        self._paced = bool(hz)
        self.publish_interval = self._interval()

    def frame_drawn(self, seconds):
        """The GUI drew a snapshot in ``seconds``: space the next ones so that drawing
        takes at most DRAW_SHARE of the time while MIN_FPS can be kept, and at most
        about half of it when not (a 40 ms frame at 30 Hz would leave no time at all)."""
        self._frame_cost = 0.7 * self._frame_cost + 0.3 * seconds
        self.publish_interval = self._interval()

    def _interval(self):
        if not self._paced:
            return 0.0
        cost = self._frame_cost
        share = min(cost / DRAW_SHARE, max(1.0 / MIN_FPS, 2.0 * cost))
        return min(MAX_PUBLISH_INTERVAL, max(self._base_interval, share))

    # =================================================== loop side
    def next_turn(self, dirty, idle_ok=True, clock=time.perf_counter):
        """Wait for something to do and decide it atomically (H2, H3, H4).

        ``dirty``: the loop ran epochs that no snapshot has shown yet.  Returns a
        ``Turn``: the changes to apply now (all that were queued, in order) and
        ``kind``, "run" (an epoch of a run), "step" (one of the epochs owed by
        ``step``) or None (no epoch: apply the changes, or show the loop at rest
        when ``rest`` is set).  With ``idle_ok`` False (a synchronous caller) it
        returns an empty turn instead of waiting, and runs its epochs without
        pacing.  While running at a finite speed (in a loop thread) it waits for
        the epoch's due time; requests cut the wait short.
        """
        with self._cond:
            while True:
                if self._stopped:
                    return Turn(stopped=True)
                kind = "run" if self._running else ("step" if self._steps else None)
                # (a synchronous caller -- train_now -- runs flat out: no pacing)
                if kind == "run" and math.isfinite(self._speed) and idle_ok:
                    now = clock()
                    if self._next_due is None:
                        self._next_due = now
                    if now < self._next_due:
                        if not self._changes:
                            self._cond.wait(self._next_due - now)
                            continue
                        kind = None  # apply the changes now; the epoch comes when due
                    else:
                        period = 1.0 / self._speed
                        # a run with an end keeps to its time: n epochs take n / speed
                        # seconds however long the frames between them took (a lesson's
                        # Run); an endless run does not catch up in a burst after a stall
                        floor = -math.inf if self._budget is not None else now - period
                        self._next_due = max(self._next_due + period, floor)
                elif kind == "run":
                    self._next_due = clock()
                if kind == "step":
                    self._steps -= 1
                elif kind == "run" and self._budget is not None:
                    self._budget -= 1
                    if self._budget <= 0:  # the run's last epoch: at rest after it
                        self._running, self._budget = False, None
                if self._changes or kind:
                    changes = [c for _, c in self._changes]
                    if self._changes:
                        self._handed_out = self._changes[-1][0]
                    self._changes.clear()
                    return Turn(changes=changes, kind=kind)
                if dirty or self._shown_running:
                    return Turn(rest=True)  # paused: show exactly where it stopped (H7)
                if not idle_ok:
                    return Turn()
                self._cond.wait()

    def publish(self, make_snapshot, force=False):
        """Put a snapshot in the mailbox unless the previous one is still unread.

        ``make_snapshot(running)`` builds it (outside the lock: that costs time).
        ``force`` (pause, step, stop, divergence) always delivers, merging an
        unread snapshot into the new one so no loss is dropped (H6).
        Returns True when a snapshot was published.
        """
        with self._cond:
            if self._in_flight and not force:
                return False
            running = self._running
        snap = make_snapshot(running)
        with self._cond:
            snap.applied = self._handed_out
            if self._mail is not None:
                snap.merge_older(self._mail)
            self._mail = snap
            announce = not self._in_flight
            self._in_flight = True
            self._shown_running = snap.running
            if announce and self.share_gil:
                self._frames += 1  # the GUI will draw this one: a new hold to step aside for
            self._update_idle()
        if announce:
            self._on_mail()
        return True

    def fit_cancelled(self):
        """Should a one-pass fit stop now?  "asked" (``cancel_fit``), "moot" (the loop
        is stopping, or a change that replaces the models is queued: the fit would be
        thrown away; it runs again when needed) or "" (go on)."""
        with self._cond:
            if self._cancelled_upto >= self._handed_out:
                return "asked"
            return "moot" if self._stopped or self._replaced > self._handed_out else ""

    def report_progress(self, name, fraction):
        """A one-pass fit of job ``name`` is this far (0..1; 1 when it ended).  Each report
        also lets the GUI thread have the interpreter: a fit is one long Python loop,
        and without a real yield the window could wait for it from report to report."""
        self._on_progress(name, fraction)
        time.sleep(0)

    def step_aside(self, last_seen):
        """Called by the loop between its pieces of work -- before it applies changes,
        before it shows them, after each epoch once the snapshot it was due (if any) is
        published: if the GUI holds the loop (drawing, or about to draw that snapshot),
        wait for it once per hold.

        Returns the hold counter to pass next time.  At most ``GUI_WAIT_S``
        per hold, so a GUI that never releases cannot stall training.
        """
        sharing.wait_while_collecting()
        if not self.share_gil or self._gui_idle.is_set():
            return last_seen
        frames = self._frames
        if frames == last_seen:
            return last_seen
        self._gui_idle.wait(GUI_WAIT_S)
        return frames
