"""The training loop, free of Qt.

``Trainer`` holds what is trained: one or more named models, each with its own
data and learning rate, stepped together one epoch at a time.  Changes asked
for from another thread (learning rate, penalty, data, reset) wait in a queue
and are applied between two epochs, from copies made when they were asked for.

``run_training(trainer, state)`` is the loop itself.  Its only link to the
outside is ``LoopState``: play / pause / step / stop / speed requests come in,
snapshots go out through a one-slot mailbox (the newest wins, losses are
merged so none is lost).  Tests drive it synchronously; the Qt worker runs it
in a thread and turns "mail waiting" into a signal.
"""
from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field

import numpy as np

from ..models import Model
from ..models.core import check_lr

#: The GUI never needs more than this many pictures a second.
DEFAULT_PUBLISH_HZ = 60.0
#: Longest the loop waits for the GUI to finish drawing before it trains on.
GUI_WAIT_S = 0.05


@dataclass
class Job:
    """One model and the data it learns from."""

    model: Model
    lr: float
    data: object = None  # Prepared, or None when there is no data to learn from
    test: object = None  # Prepared held-out data, optional
    losses: list = field(default_factory=list)  # since the last snapshot


@dataclass
class Snapshot:
    """What the GUI draws: copies, never arrays the worker still changes."""

    epoch: int
    models: dict  # name -> Model clone
    losses: dict  # name -> np.ndarray of the objective per epoch since the last snapshot
    first_epoch: int  # the epoch number of losses[name][0] (epochs count from 1)
    metrics: dict  # name -> {"accuracy", "test_loss", "test_accuracy"} (those that apply)
    running: bool = False
    diverged: str = ""  # a plain-language message when training blew up
    reset: bool = False  # True when the models were reset since the previous snapshot
    generation: int = 0  # which set of models (see Trainer.generation)

    def merge_older(self, older: "Snapshot"):
        """Take over the losses of an older snapshot that was never drawn."""
        if self.reset:
            return  # the older history ended at a reset: nothing of it is still true
        self.losses = {name: np.concatenate([older.losses.get(name, np.empty(0)), arr])
                       for name, arr in self.losses.items()}
        self.first_epoch = older.first_epoch
        self.reset = older.reset
        self.diverged = self.diverged or older.diverged


class Trainer:
    """Named models trained side by side, one full-batch epoch at a time."""

    def __init__(self):
        self.jobs: dict[str, Job] = {}
        self.epoch = 0
        self._pending = []
        self._lock = threading.Lock()
        self._reset_flag = False
        self.wake = lambda: None  # set by the loop so a change wakes a paused worker
        # Replacing models bumps ``requested`` at once (caller's thread) and
        # ``generation`` when the change is applied: a snapshot older than the
        # newest request describes models the views no longer show.
        self.requested = 0
        self.generation = 0

    # ------------------------------------------------ setup (before running)
    def add(self, name, model, X=None, y=None, lr=0.1, X_test=None, y_test=None):
        job = Job(model, check_lr(lr))
        self.jobs[name] = job
        self._set_data_now(job, *self._prepare(model, X, y, X_test, y_test))
        return job

    # --------------------------------------------- changes from any thread
    def submit(self, change):
        """Queue ``change(trainer)`` to run between two epochs, in the loop's thread."""
        with self._lock:
            self._pending.append(change)
        self.wake()

    def has_pending(self):
        return bool(self._pending)

    def set_lr(self, lr, name=None):
        lr = check_lr(lr)

        def change(t):
            for job in t._select(name):
                job.lr = lr
        self.submit(change)

    def set_data(self, X, y, name=None, X_test=None, y_test=None):
        """Check and copy the data now (raising ValueError here), apply it next epoch."""
        prepared = {n: self._prepare(self.jobs[n].model, X, y, X_test, y_test)
                    for n in self._names(name)}

        def change(t):
            for n, (data, test) in prepared.items():
                if n in t.jobs:
                    t._set_data_now(t.jobs[n], data, test)
        self.submit(change)

    def set_model(self, name, model, lr=None, X=None, y=None, X_test=None, y_test=None):
        """Swap in another model (for example softmax when a third class appears)."""
        prepared = self._prepare(model, X, y, X_test, y_test)
        self.requested += 1
        generation = self.requested

        def change(t):
            t.generation = generation
            old_lr = t.jobs[name].lr if name in t.jobs else 0.1
            job = Job(model, old_lr if lr is None else check_lr(lr))
            t.jobs[name] = job
            t._set_data_now(job, *prepared)
            t.reset()  # the old loss history belongs to another model
        self.submit(change)

    def set_models(self, models, lr, X=None, y=None, X_test=None, y_test=None):
        """Replace every job with ``models`` (name -> model), all on the same data."""
        prepared = {n: self._prepare(m, X, y, X_test, y_test) for n, m in models.items()}
        self.requested += 1
        generation = self.requested

        def change(t):
            t.generation = generation
            t.jobs = {}
            for n, m in models.items():
                job = Job(m, check_lr(lr))
                t._set_data_now(job, *prepared[n])
                t.jobs[n] = job
            t.reset()
        self.submit(change)

    def update_model(self, fn, name=None):
        """Run ``fn(model)`` between epochs, e.g. to change a penalty or lambda."""
        def change(t):
            for job in t._select(name):
                fn(job.model)
        self.submit(change)

    def request_reset(self):
        self.submit(lambda t: t.reset())

    # ----------------------------------------------------- in the loop thread
    def apply_pending(self):
        with self._lock:
            pending, self._pending = self._pending, []
        for change in pending:
            change(self)

    def reset(self):
        for job in self.jobs.values():
            job.model.reset()
            job.losses.clear()
        self.epoch = 0
        self._reset_flag = True

    def epoch_step(self):
        """One epoch for every model that has data.  Returns a message if one diverged."""
        self.epoch += 1
        message = ""
        for name, job in self.jobs.items():
            if job.data is None:
                job.losses.append(math.nan)
                continue
            job.losses.append(job.model.step_prepared(job.data, job.lr))
            if job.model.diverged and not message:
                message = divergence_message(name if len(self.jobs) > 1 else "", job)
        return message

    @property
    def diverged(self):
        return any(job.model.diverged for job in self.jobs.values())

    def snapshot(self, running=False, diverged=""):
        losses = {}
        for name, job in self.jobs.items():
            losses[name] = np.array(job.losses, dtype=float)
            job.losses.clear()
        n = len(next(iter(losses.values()))) if losses else 0
        snap = Snapshot(
            epoch=self.epoch,
            models={name: job.model.clone() for name, job in self.jobs.items()},
            losses=losses,
            first_epoch=self.epoch - n + 1,
            metrics={name: self._metrics(job) for name, job in self.jobs.items()},
            running=running,
            diverged=diverged,
            reset=self._reset_flag,
            generation=self.generation,
        )
        self._reset_flag = False
        return snap

    # -------------------------------------------------------------- helpers
    def _names(self, name):
        return list(self.jobs) if name is None else [name]

    def _select(self, name):
        return [self.jobs[n] for n in self._names(name) if n in self.jobs]

    @staticmethod
    def _prepare(model, X, y, X_test, y_test):
        data = None if X is None or len(X) == 0 else model.prepare(X, y)
        test = None if X_test is None or len(X_test) == 0 else model.prepare(X_test, y_test)
        return data, test

    @staticmethod
    def _set_data_now(job, data, test):
        job.data, job.test = data, test
        job.model.rebase()

    @staticmethod
    def _metrics(job):
        out = {}
        for key, data in (("", job.data), ("test_", job.test)):
            if data is not None:
                out[key + "loss"], out[key + "accuracy"] = job.model.evaluate(data)
        return out


def divergence_message(name, job):
    who = f"{name}: " if name else ""
    return (f"{who}training diverged at learning rate {job.lr:g} ({job.model.divergence_reason}). "
            "Lower the learning rate and press Reset.")


class LoopState:
    """Requests into the loop and the snapshot mailbox out of it (no Qt)."""

    def __init__(self, publish_hz=DEFAULT_PUBLISH_HZ):
        self._cond = threading.Condition()
        self.running = False
        self._steps = 0
        self._stopped = False
        self.speed = math.inf  # epochs per second
        self.publish_interval = 0.0 if not publish_hz else 1.0 / publish_hz
        self._mail = None
        self._in_flight = False
        self.share_gil = False  # True when a GUI thread runs Python beside the loop
        self.shown_running = False  # did the last snapshot published say "running"?
        self._gui_idle = threading.Event()
        self._gui_idle.set()
        self._holds = 0
        self._holds_made = 0
        self._mail_lock = threading.Lock()

    # --------------------------------------------------- requests (any thread)
    def _set(self, **values):
        with self._cond:
            for k, v in values.items():
                setattr(self, k, v)
            self._cond.notify_all()

    def play(self):
        self._set(running=True)

    def pause(self):
        self._set(running=False, _steps=0)

    def step(self, n=1):
        with self._cond:
            self.running = False
            self._steps += int(n)
            self._cond.notify_all()

    def stop(self):
        self._set(_stopped=True, running=False)

    @property
    def stopped(self):
        return self._stopped

    def set_speed(self, epochs_per_second):
        """Epochs per second; None or inf for as fast as possible."""
        v = math.inf if epochs_per_second is None else float(epochs_per_second)
        if not v > 0:
            raise ValueError(f"speed must be positive, got {epochs_per_second}")
        self._set(speed=v)

    def wake(self):
        with self._cond:
            self._cond.notify_all()

    # ----------------------------------------------------- mailbox (any thread)
    def publish(self, trainer, force=False, diverged=""):
        """Leave a snapshot in the mailbox unless the previous one is still unread.

        ``force`` (pause, step, stop, divergence) always delivers, merging with an
        unread snapshot so no loss is dropped.
        """
        with self._mail_lock:
            if self._in_flight and not force:
                return False  # losses stay in the trainer and ride with the next one
        snap = trainer.snapshot(running=self.running, diverged=diverged)
        self.shown_running = snap.running
        with self._mail_lock:
            if self._mail is not None:
                snap.merge_older(self._mail)
            self._mail = snap
            notify = not self._in_flight
            self._in_flight = True
        if notify:
            if self.share_gil:
                self.hold()  # released by the GUI once it has drawn this snapshot
            self.notify()
        return True

    def take(self):
        """The newest snapshot (or None); reading it lets the next one be sent."""
        with self._mail_lock:
            snap, self._mail = self._mail, None
            was, self._in_flight = self._in_flight, False
        if was and self.share_gil:
            self.release()
        return snap

    def hold(self):
        """The GUI starts heavy work (drawing): the loop steps aside until ``release``."""
        with self._mail_lock:
            self._holds += 1
            self._holds_made += 1
            self._gui_idle.clear()

    def release(self):
        with self._mail_lock:
            self._holds = max(0, self._holds - 1)
            if not self._holds:
                self._gui_idle.set()

    def notify(self):
        """Called when mail arrives and nothing is in flight; the Qt worker emits here."""

    def diverged(self, message):
        """Called once when training stops because it diverged."""


def run_training(trainer: Trainer, state: LoopState, max_epochs=None, clock=time.perf_counter):
    """Run epochs as ``state`` asks until it is stopped (or ``max_epochs`` are done).

    With ``max_epochs`` (synchronous use, as in tests and ``--screenshot``) it
    returns as soon as it has nothing to do instead of waiting for requests.
    Returns the number of epochs run.
    """
    trainer.wake = state.wake
    done = 0
    dirty = False  # epochs ran that no snapshot has shown yet
    waited = -1  # the GUI hold we last stepped aside for
    last_publish = -math.inf
    next_due = clock()
    cond = state._cond

    def has_work():
        return state._stopped or state.running or state._steps or trainer.has_pending()

    while max_epochs is None or done < max_epochs:
        with cond:
            # Sleep only once the views show where training stopped (checked under
            # the lock, so a pause arriving now cannot slip between check and wait).
            while not has_work() and not (dirty or state.shown_running) and max_epochs is None:
                cond.wait()
            stopped, idle = state._stopped, not has_work()
            if not idle:
                single = not state.running and state._steps > 0
                if single:
                    state._steps -= 1
                work = state.running or single
        if stopped:
            break
        if idle:
            if dirty or state.shown_running:
                state.publish(trainer, force=True)  # paused: show exactly where it stopped
                dirty = False
                continue
            break  # called synchronously (max_epochs) and nothing is left to do
        if trainer.has_pending():
            trainer.apply_pending()
            if not work:
                state.publish(trainer, force=True)
                dirty = False
                continue
        if state.running and math.isfinite(state.speed):
            now = clock()
            if now < next_due:
                with cond:
                    cond.wait(next_due - now)  # pause/stop/changes cut the wait short
                continue
            next_due = max(next_due + 1.0 / state.speed, now - 1.0 / state.speed)
        elif state.running:
            next_due = clock()
        message = trainer.epoch_step()
        if state.share_gil and not state._gui_idle.is_set() and waited != state._holds_made:
            # The GUI is drawing the snapshot it was sent.  Step aside until it has
            # finished: otherwise each of its many Python callbacks would queue for
            # the GIL behind our epochs, and a frame would take many times its cost.
            # At most GUI_WAIT_S once per hold, so a busy GUI never stalls training.
            waited = state._holds_made
            state._gui_idle.wait(GUI_WAIT_S)
        done += 1
        dirty = True
        if message:
            state._set(running=False, _steps=0)
            state.publish(trainer, force=True, diverged=message)
            dirty = False
            state.diverged(message)
            continue
        now = clock()
        if single or not state.running:
            state.publish(trainer, force=True)
            dirty = False
            last_publish = now
        elif now - last_publish >= state.publish_interval and state.publish(trainer):
            dirty = False
            last_publish = now
    state._set(running=False)  # the loop is over: the last snapshot says so
    if dirty or state.shown_running or state._mail is None:
        state.publish(trainer, force=True)
    return done
