"""The training loop, free of Qt.

``Trainer`` holds what is trained: named *jobs*, each a model with its data and
learning rate.  It belongs to the loop's thread: its methods act at once, and
they are called either before any thread runs, synchronously, or from changes
that the loop applies between two epochs.

``TrainerRequests`` is the other side: what the GUI may ask of a trainer.  Each
method checks its arguments in the caller's thread (raising ``ValueError``
there), copies them, and queues a change through the ``Handoff``.  Data are
*prepared* for a model only in the loop, against the model that is there when
the change runs, so a model swap and a data edit in any order always leave a
model with data it fits.

``TrainingLoop`` runs turns of ``Handoff.next_turn``: apply changes, run an
epoch, publish snapshots.  An exception in a change or an epoch pauses the loop
and is reported (``on_failure``); the loop itself goes on waiting for requests.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np

from ..models import Model
from ..models.base import MAX_ABS_WEIGHT
from ..models.core import MIN_LR, check_lr, check_X
from ..sharing import fine_sleeps, yield_interpreter
from .changes import LoadState, Reset, SetData, SetLr, SetModel, SetModels, UpdateModel
from .handoff import Handoff


@dataclass
class Job:
    """One model, the data it learns from, and its learning rate."""

    model: Model
    lr: float
    raw: tuple = (None, None, None, None)  # (X, y, X_test, y_test) as given, checked and copied
    data: object = None  # Prepared for ``model``, or None when there is nothing to learn from
    test: object = None  # Prepared held-out data, optional
    # since the last snapshot, the data loss and the penalty at the parameters *after*
    # each epoch (an epoch's step returns them before it: the next step, or the
    # snapshot, pays what the newest epoch owes -- ``owes_loss``)
    losses: list = field(default_factory=list)
    penalties: list = field(default_factory=list)
    owes_loss: bool = False
    fitted: bool = False  # one-pass models: fitted to the current data and parameters
    scale: float = 1.0  # this job learns at ``scale`` times the learning rate set
    cancelled: bool = False  # one-pass models: the user cancelled this fit
    measured: dict = None  # one-pass models: their metrics since the fit (they cannot change)
    #: the epoch since which its learning rate, data and settings are what they are now
    #: (0: the whole run), so that "start, settings, epochs" replays the run exactly
    steady_from: int = 0

    @property
    def one_pass(self):
        return getattr(self.model, "fits_in_one_pass", False)


@dataclass
class Snapshot:
    """What the GUI draws: copies, never arrays the loop still changes."""

    epoch: int
    models: dict  # name -> Model clone (in the trainer's order)
    losses: dict  # name -> np.ndarray of the data loss after each epoch since the last one
    first_epoch: int  # the epoch number of losses[name][0] (epochs count from 1)
    metrics: dict  # name -> {"loss", "accuracy", "n", "test_loss", "test_accuracy", "test_n"}
    lrs: dict = field(default_factory=dict)  # name -> learning rate in force
    running: bool = False
    diverged: str = ""  # a plain-language message when training blew up
    error: str = ""  # a plain-language message when a change or an epoch failed
    reset: bool = False  # True when the history restarted since the previous snapshot
    penalties: dict = field(default_factory=dict)  # name -> the penalty after each epoch
    applied: int = 0  # sequence number of the newest change applied before it was made (H8)
    #: name -> the (X, y, X_test, y_test) the model learns from, as checked: the loop
    #: never changes these arrays (new data are new arrays), so they are shared, not copied
    data: dict = field(default_factory=dict)
    #: name -> the epoch since which its settings and data held (``Job.steady_from``)
    steady_from: dict = field(default_factory=dict)

    def merge_older(self, older: "Snapshot"):
        """Take over the losses and news of an older snapshot that was never drawn."""
        self.diverged = self.diverged or older.diverged
        self.error = self.error or older.error
        if self.reset:
            return  # the older history ended at a reset: nothing of it is still true
        self.losses = {name: np.concatenate([older.losses.get(name, np.empty(0)), arr])
                       for name, arr in self.losses.items()}
        self.penalties = {name: np.concatenate([older.penalties.get(name, np.empty(0)), arr])
                          for name, arr in self.penalties.items()}
        self.first_epoch = older.first_epoch
        self.reset = older.reset


def check_data(X, y, X_test=None, y_test=None):
    """Check and copy data for a later ``Trainer.set_data`` (any model): finite 2-D X,
    whole-number labels >= 0, one label per row.  Empty or None means no data.

    A read-only float array that owns its numbers is taken as it is: nobody can change
    it behind the trainer's back, and copying a big table (70,000 rows of 50 features)
    held the window for a frame."""
    def one(X, y, name):
        if X is None or len(X) == 0:
            return None, None
        X = check_X(X, name=name)
        if X.flags.writeable or not X.flags.owndata:
            X = X.copy()
        y = np.asarray(y)
        if y.ndim != 1 or len(y) != len(X):
            raise ValueError(f"{name} has {len(X)} rows but its labels have shape {y.shape}")
        yf = y.astype(float)
        if not np.isfinite(yf).all() or (yf != np.round(yf)).any() or (yf < 0).any():
            raise ValueError(f"labels of {name} must be whole numbers >= 0")
        return X, yf.astype(int)
    return (*one(X, y, "X"), *one(X_test, y_test, "X_test"))


class Trainer:
    """Named jobs trained side by side, one full-batch epoch at a time (loop thread)."""

    def __init__(self, titles=None):
        self.jobs: dict[str, Job] = {}
        self.titles = dict(titles or {})  # job name -> plain words for messages
        self.epoch = 0
        self._history_restarted = False
        #: the loop's hand-off: one-pass fits report progress to it and ask it
        #: whether to stop (see ``Handoff.fit_cancelled``); None: fit to the end
        self.watch = None

    # ------------------------------------------------------------ jobs
    def add(self, name, model, X=None, y=None, lr=0.1, X_test=None, y_test=None):
        job = Job(model, check_lr(lr))
        self.jobs[name] = job
        self._load(job, check_data(X, y, X_test, y_test))
        return job

    def set_lr(self, lr, name=None):
        for job in self._select(name):
            if job.lr != lr * job.scale:
                job.steady_from = self.epoch
            job.lr = lr * job.scale

    def set_data(self, raw, name=None):
        """Give jobs new data (``raw`` from ``check_data``), prepared for their models."""
        for job in self._select(name):
            self._load(job, raw)
            job.steady_from = self.epoch

    def set_model(self, name, model, lr=None, raw=None):
        """Replace one job's model (on ``raw`` data, or the job's own); restarts the history."""
        old = self.jobs.get(name)
        lr = (old.lr if old else 0.1) if lr is None else lr
        job = Job(model, lr)
        self._load(job, raw if raw is not None else (old.raw if old else job.raw))
        self.jobs[name] = job
        self.reset()

    def set_models(self, models, lr, raw, scales=None):
        """Replace every job with ``models`` (name -> model), all on the same data;
        ``scales``: name -> multiple of ``lr`` that job learns at (1 if not named)."""
        jobs = {}
        for name, model in models.items():
            scale = (scales or {}).get(name, 1.0)
            jobs[name] = Job(model, lr * scale, scale=scale)
            self._load(jobs[name], raw)
        self.jobs = jobs
        self.reset()

    def update_model(self, method, args, name=None):
        """``model.<method>(*args)`` for the named job, or for every job whose model has
        that method (a penalty, λ, a start, a line set by hand; a naive Bayes model
        beside them has no penalty to set)."""
        for job in self._select(name):
            fn = getattr(job.model, method, None)
            if fn is None and name is None:
                continue
            fn(*args)
            job.fitted, job.cancelled, job.measured = False, False, None
            job.steady_from = self.epoch

    def reset(self):
        """Every model back to its start, epoch 0, the loss history restarts."""
        for job in self.jobs.values():
            job.model.reset()  # (a one-pass model stays fitted to its data)
            _forget_history(job)
            job.steady_from = 0
        self.epoch = 0
        self._history_restarted = True

    def load_state(self, parameters, epoch):
        """Put saved parameters (name -> list of arrays) into the models at ``epoch``."""
        for name, arrays in parameters.items():
            if name in self.jobs:
                self.jobs[name].model.set_parameters(arrays)
                self.jobs[name].model.epoch = epoch
                self.jobs[name].steady_from = epoch
                _forget_history(self.jobs[name])
        self.epoch = epoch
        self._history_restarted = True

    # ------------------------------------------------------------ epochs
    def fit_one_pass(self):
        """Fit the one-pass models (naive Bayes, trees, an SVM) whose data or settings
        changed.  Called before an epoch or a snapshot needs them: a burst of queued
        changes costs one fit, of the models that are there at the end."""
        first = None
        watch = self.watch
        for name, job in self.jobs.items():
            if job.one_pass and not job.fitted and not job.cancelled and job.data is not None:
                progress = cancelled = None
                if watch is not None:
                    if watch.fit_cancelled():
                        continue  # moot (stopping, or the models are about to be replaced)
                    progress = lambda fraction, name=name: watch.report_progress(name, fraction)  # noqa: E731
                    cancelled = watch.fit_cancelled
                try:
                    done = job.model.fit_prepared(job.data, progress, cancelled)
                except Exception as exc:
                    job.data = job.test = None  # data it cannot fit: nothing to show or retry
                    first = first or exc
                    continue
                finally:
                    if progress is not None:
                        progress(1.0)  # ended, one way or another
                if not done:  # stopped: cancelled by the user, or moot (fitted when needed)
                    job.cancelled = watch.fit_cancelled() == "asked"
                    continue
                job.fitted, job.measured = True, None
        if first is not None:
            raise first

    def epoch_step(self):
        """One epoch for every job that has data.  Returns a message if one diverged."""
        self.fit_one_pass()
        self.epoch += 1
        message = ""
        for name, job in self.jobs.items():
            if job.data is None:
                _record(job, math.nan, math.nan)
                continue
            if job.one_pass:  # fitted once (above), then nothing to step
                _record(job, self._metrics(job).get("loss", math.nan), 0.0)
                continue
            penalty = _penalty(job.model)
            objective = job.model.step_prepared(job.data, job.lr)  # (at the epoch before)
            if job.owes_loss:
                _record(job, objective - penalty, penalty)
            job.owes_loss = True
            if job.model.diverged and not message:
                message = divergence_message(self._title(name), job)
        return message

    @property
    def diverged(self):
        return any(job.model.diverged for job in self.jobs.values())

    @property
    def needs_fit(self):
        """A one-pass model waits for its fit (one stopped by a loop that ended)."""
        return any(job.one_pass and not job.fitted and not job.cancelled and job.data is not None
                   for job in self.jobs.values())

    def wild_weights_message(self):
        """Divergence that the loss does not show yet: one step on points far out sends
        a weight to 1e12 or to -inf while the loss was still finite.  (The model checks
        this every few epochs; a snapshot about to show the weights checks it now.)"""
        for name, job in self.jobs.items():
            if job.one_pass or job.model.diverged:
                continue
            biggest = job.model.max_abs_weight()
            if not biggest <= MAX_ABS_WEIGHT:  # also NaN
                job.model.diverged = True
                job.model.divergence_reason = (f"a weight grew to {biggest:.3g}"
                                               if np.isfinite(biggest) else
                                               "a weight is no longer a finite number")
                return divergence_message(self._title(name), job)
        return ""

    def snapshot(self, running=False, diverged="", error=""):
        self.fit_one_pass()
        losses, penalties = {}, {}
        metrics = {name: self._metrics(job) for name, job in self.jobs.items()}
        for name, job in self.jobs.items():
            if job.owes_loss:  # the newest epoch's loss, at the parameters it left
                m = metrics[name]
                _record(job, m.get("loss", math.nan), m.get("penalty", 0.0))
                job.owes_loss = False
            losses[name] = np.array(job.losses, dtype=float)
            penalties[name] = np.array(job.penalties, dtype=float)
            job.losses.clear()
            job.penalties.clear()
        n = len(next(iter(losses.values()))) if losses else 0
        snap = Snapshot(
            epoch=self.epoch,
            models={name: job.model.clone() for name, job in self.jobs.items()},
            losses=losses,
            first_epoch=self.epoch - n + 1,
            metrics=metrics,
            lrs={name: job.lr for name, job in self.jobs.items()},
            running=running,
            diverged=diverged,
            error=error,
            reset=self._history_restarted,
            penalties=penalties,
            data={name: job.raw for name, job in self.jobs.items()},
            steady_from={name: job.steady_from for name, job in self.jobs.items()},
        )
        self._history_restarted = False
        return snap

    # ------------------------------------------------------------ helpers
    def _title(self, name):
        """How a message names a job: plainly, and not at all when it is the only one."""
        return self.titles.get(name, name) if len(self.jobs) > 1 else ""

    def _select(self, name):
        names = list(self.jobs) if name is None else [name]
        return [self.jobs[n] for n in names if n in self.jobs]

    @staticmethod
    def _load(job, raw):
        """Prepare ``raw`` for the job's model (raises ValueError if it does not fit)."""
        X, y, X_test, y_test = raw
        if X is not None and getattr(job.model, "standardize", False):
            job.model.fit_scale(X)  # on the training inputs; test inputs use the same scale
        data = None if X is None else job.model.prepare(X, y)
        test = None if X_test is None else job.model.prepare(X_test, y_test)
        job.raw, job.data, job.test, job.fitted, job.measured = raw, data, test, False, None
        job.cancelled = False
        job.model.rebase()  # (one-pass models are fitted when first needed: see fit_one_pass)

    @staticmethod
    def _metrics(job):
        if job.one_pass and job.fitted and job.measured is not None:
            return job.measured
        out = {}
        if job.one_pass and not job.fitted:
            return out  # cancelled, or waiting for its fit: nothing to measure
        for key, data in (("", job.data), ("test_", job.test)):
            if data is not None:
                out[key + "loss"], out[key + "accuracy"] = job.model.evaluate(data)
                out[key + "n"] = len(data.labels)
        out["penalty"] = _penalty(job.model)
        if job.one_pass and job.fitted:
            job.measured = out
        return out


def _penalty(model):
    """What the model's penalty adds to its loss now (models without one: 0)."""
    value = getattr(model, "penalty_value", None)
    return value() if value is not None else 0.0


def _record(job, loss, penalty):
    job.losses.append(loss)
    job.penalties.append(penalty)


def _forget_history(job):
    job.losses.clear()
    job.penalties.clear()
    job.owes_loss = False


def divergence_message(name, job):
    """What happened, and advice that can help: a lower learning rate while there is one
    to choose; past the smallest, the inputs' scale is what to change."""
    who = f"{name}: " if name else ""
    if job.lr > MIN_LR * 1.000001:
        advice = "Lower the learning rate and press Reset."
    elif not job.model.standardize:
        advice = "Even the smallest learning rate is too large for inputs this big: " \
                 "standardise the features and press Reset."
    else:
        advice = "Even the smallest learning rate is too large here: simplify the model " \
                 "(fewer features, a penalty) and press Reset."
    return (f"{who}training diverged at learning rate {job.lr:g} "
            f"({job.model.divergence_reason}). {advice}")


def plain_error(exc):
    """An exception as one short plain line."""
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "…"


def failure_message(exc):
    """What the window says when a change or an epoch raised."""
    return f"Training stopped: {plain_error(exc)}"


class TrainerRequests:
    """What the GUI may ask of a trainer; mixed into a class with a ``handoff``.

    Arguments are checked and copied now, in the caller's thread, into a named
    change (``lrviz.training.changes``); the loop applies it before its next epoch.
    """

    handoff: Handoff

    def set_lr(self, lr, name=None):
        self.handoff.submit(SetLr(check_lr(lr), name))

    def set_data(self, X, y, X_test=None, y_test=None, name=None):
        self.handoff.submit(SetData(check_data(X, y, X_test, y_test), name))

    def set_model(self, name, model, lr=None, X=None, y=None, X_test=None, y_test=None):
        lr = None if lr is None else check_lr(lr)
        raw = None if X is None else check_data(X, y, X_test, y_test)
        self.handoff.submit(SetModel(name, model, lr, raw))

    def set_models(self, models, lr, X=None, y=None, X_test=None, y_test=None, scales=None):
        self.handoff.submit(SetModels(dict(models), check_lr(lr),
                                      check_data(X, y, X_test, y_test), dict(scales or {})))

    def update_model(self, method, *args, name=None):
        """``model.<method>(*args)`` on the named job's model, or on every model that has
        the method; the arguments must not change afterwards (arrays are copied)."""
        args = tuple(np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in args)
        self.handoff.submit(UpdateModel(method, args, name))

    def request_reset(self):
        self.handoff.submit(Reset())

    def load_state(self, parameters, epoch):
        """Saved parameters (already checked against the models) and the epoch they had."""
        self.handoff.submit(LoadState(parameters, int(epoch)))


#: The loop hands the interpreter to a waiting thread at least this often (see
#: ``lrviz.sharing.yield_interpreter``): with the Calibration tab's SVM, the window's
#: timer ran late at every frame even when nothing was drawn.
YIELD_EVERY_S = 0.001


class TrainingLoop:
    """Turns of the hand-off: changes, then at most one epoch, then maybe a snapshot.

    ``on_stop(kind, message)`` is called when the loop pauses itself: kind
    "diverged" or "failed".
    """

    def __init__(self, trainer: Trainer, handoff: Handoff, on_stop=None,
                 clock=time.perf_counter, steps_aside=True):
        self.trainer, self.handoff = trainer, handoff
        #: False when the loop runs in the GUI thread itself (``train_synchronously``):
        #: waiting for that thread to finish painting would only wait out the timeout
        self.steps_aside = steps_aside
        trainer.watch = handoff
        self.on_stop = on_stop or (lambda kind, message: None)
        self.clock = clock
        # epochs ran that no snapshot has shown yet -- or a fit that an earlier loop
        # stopped waits: the first turn then shows it fitted
        self.dirty = trainer.needs_fit
        self._last_publish = -math.inf
        self._waited = -1  # the GUI hold we last stepped aside for
        self._yielded = -math.inf  # when the loop last let the GUI thread have the interpreter

    def run(self, max_epochs=None):
        """Turn until stopped; or, synchronously, until ``max_epochs`` ran, every queued
        change is applied and the result is published.  Returns the epochs run."""
        done = 0
        h = self.handoff
        if self.steps_aside:  # a thread of its own, which yields often (not the GUI's)
            fine_sleeps()
        while True:
            if max_epochs is not None and done >= max_epochs:
                h.pause()  # what is left: changes, and showing the result
            turn = h.next_turn(self.dirty, idle_ok=max_epochs is None, clock=self.clock)
            if turn.stopped or not (turn.changes or turn.kind or turn.rest):
                break
            done += self.turn(turn)
        if self.dirty or h.shown_running:
            self._publish(force=True, running=False)  # the loop is over: the last snapshot says so
        return done

    def turn(self, turn):
        """Carry out one decided turn; returns the number of epochs run (0 or 1)."""
        h, t = self.handoff, self.trainer
        if turn.changes:
            # (not beside a frame: a new file's data takes a while to prepare and measure)
            self._step_aside()
            error = self._apply(turn.changes)
            if error:
                return 0
        if turn.kind is None:
            self._step_aside()
            self._publish(force=True)  # changes while paused, or the loop at rest
            return 0
        try:
            message = t.epoch_step()
        except Exception as exc:  # a model that raised: stop here and say so
            self._halt("failed", failure_message(exc))
            return 1
        self.dirty = True
        now = self.clock()
        show = turn.kind == "step" or not h.running
        due = show or now - self._last_publish >= h.publish_interval
        if not message and due:  # what a snapshot shows is never silently non-finite
            message = t.wild_weights_message()
        if message:
            self._halt("diverged", message)
        elif show:
            self._publish(force=True)
        elif due:
            self._publish()
        # after the publishing: the window draws a new picture before the next epoch
        # starts, not beside it (an epoch on 100,000 points outlasts a frame, and a frame
        # drawn while numpy and the window take turns with the interpreter lasted three
        # times as long)
        if self._step_aside() and now - self._yielded >= YIELD_EVERY_S:
            yield_interpreter()
            self._yielded = now
        return 1

    def _step_aside(self):
        """Wait for a frame the window is drawing (once per frame); False when this loop
        runs in the window's own thread (``train_synchronously``) and never waits."""
        if self.steps_aside:
            self._waited = self.handoff.step_aside(self._waited)
        return self.steps_aside

    def _apply(self, changes):
        error = ""
        for change in changes:  # every one, in order, exactly once (H5)
            try:
                change.apply(self.trainer)
            except Exception as exc:
                error = error or failure_message(exc)
        try:
            self.trainer.fit_one_pass()  # once, for the models the changes left
        except Exception as exc:
            error = error or failure_message(exc)
        if error:
            self._halt("failed", error)
        return error

    def _halt(self, kind, message):
        self.handoff.pause()
        self._publish(force=True, **{"diverged" if kind == "diverged" else "error": message})
        self.on_stop(kind, message)

    def _publish(self, force=False, running=None, **news):
        def make(running_now):
            return self.trainer.snapshot(running=running_now if running is None else running,
                                         **news)
        started = self.clock()  # (pictures are spaced from start to start: making one
        # takes time, and counting it in stretched every interval by that much)
        if self.handoff.publish(make, force=force):
            self.dirty = False
            self._last_publish = started


def train_synchronously(trainer, handoff, epochs, on_stop=None):
    """Apply what is queued and run ``epochs`` epochs in this thread (no thread may be
    running this trainer); the last snapshot waits in the mailbox."""
    handoff.play()
    try:
        return TrainingLoop(trainer, handoff, on_stop, steps_aside=False).run(
            max_epochs=int(epochs))
    finally:
        handoff.pause()
