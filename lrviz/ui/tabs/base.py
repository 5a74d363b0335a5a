"""What every tab shares: its training controller, declared settings, sessions and status.

A tab subclasses ``TrainingTab`` and fills in:

* ``key`` and ``title`` (the registry in ``__init__.py`` lists the tab);
* ``settings``: its ``Setting`` declarations -- controls, session checks and
  defaults all come from them (``self.form``);
* ``build_models(values, extra)``: the models the settings describe;
* ``refresh()``: rebuild after settings were set without signals (sessions);
* ``draw(snap)``: draw a snapshot -- the only way a tab learns about training;
* optionally ``check_extra`` / ``extra_state`` / ``apply_extra`` for session
  content that is not a setting (the Builder's points).

The tab asks for training changes through ``self.controller`` (see
``lrviz.training.loop.TrainerRequests``) and never touches the trainer.
"""
from __future__ import annotations

import math
import sys
import time

import numpy as np

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from ...session import MAX_ABS_VALUE
from ...training import Trainer
from ...training.worker import TrainingController
from ...sharing import gui_busy
from ..live import paint_live
from ..widgets.settings import SettingsForm
from ..widgets.training_controls import WATCHABLE, TrainingControls


class TrainingTab(QWidget):
    """Base of the tabs.  Subclasses declare settings, build models and draw snapshots."""

    key = ""  # registry key: --tab, session files, lessons
    title = ""
    settings = ()  # Setting declarations
    default_lr = 0.5
    #: epochs per second at first: a pace a class can watch ("Max" is one click away)
    default_speed = WATCHABLE
    #: plain names for the tab's models, as messages call them (job name -> words)
    model_titles = {}
    #: {"epoch", "loss", "accuracy", "state", "penalty"} for the window's status bar
    statusChanged = Signal(dict)
    #: a sentence for the status bar (divergence, refused files, ...)
    message = Signal(str)
    #: ``peer(key)``: another tab of the window (the Calibration tab borrows the
    #: Builder's points); set by the main window, None when a tab runs alone
    peer = None

    def __init__(self, parent=None):
        super().__init__(parent)
        self.controller = TrainingController(Trainer(self.model_titles), self)
        self.controller.snapshot.connect(self._on_snapshot)
        self.controller.diverged.connect(self._on_stopped)
        self.controller.failed.connect(self._on_stopped)
        self.controller.runningChanged.connect(lambda _: self._emit_status(self.controller.latest))
        self.form = SettingsForm(self.settings)
        self.controls = TrainingControls(self.controller, lr=self.default_lr,
                                         speed=self.default_speed,
                                         reset=self.reset_training)
        self.undo_stack = None  # tabs that edit data set a QUndoStack
        self._text_time = 0.0
        self._text_now = True

    @classmethod
    def help_text(cls):
        """The first paragraph of the tab module's docstring (Help > Tabs)."""
        doc = sys.modules[cls.__module__].__doc__ or ""
        return " ".join(doc.strip().split("\n\n")[0].split())

    # ---------------------------------------------------------------- hooks
    def build_models(self, values, extra=None):
        """{name: model} as these setting values (and extra session content) describe."""
        return {}

    def refresh(self):
        """Rebuild data and models from the current controls (after a session)."""

    def draw(self, snap):
        """Draw a snapshot (the newest state of the models)."""

    def reset_training(self):
        """Reset (button and R key); tabs with a chosen starting point override it."""
        self.controller.reset()

    def primary(self, snap):
        """Name of the model whose numbers go to the status bar."""
        return next(iter(snap.models), None)

    def check_extra(self, d, where):
        """Check session content that is not a setting; return it for ``apply_extra``."""

    def extra_state(self):
        return {}

    def apply_extra(self, extra):
        pass

    # ------------------------------------------------------------- plumbing
    #: Numbers shown as text change at most this often while training runs: every
    #: label repaint costs the GUI thread time it takes from training, and nobody
    #: reads digits at 30 Hz.  A paused or stepped snapshot always updates them.
    TEXT_HZ = 10.0

    def text_due(self, snap):
        """Should this snapshot refresh the tab's text (labels, tables)?"""
        now = time.perf_counter()
        if not snap.running or now - self._text_time >= 1.0 / self.TEXT_HZ:
            self._text_time = now
            return True
        return False

    def _on_snapshot(self, snap):
        self._text_now = self.text_due(snap)
        self.draw(snap)
        if self._text_now:
            self._emit_status(snap)
        paint_live()  # (while training waits: see lrviz.ui.live)

    def redraw(self):
        """Draw the newest snapshot again, text and all, and paint it now (a costly
        picture is ready).  For tabs whose ``draw`` takes no losses."""
        snap = self.controller.latest
        if snap is not None:
            with gui_busy():
                self._text_now = True
                self.draw(snap)
                paint_live()

    def _on_stopped(self, text):
        self.message.emit(text)
        self._emit_status(self.controller.latest)

    def _emit_status(self, snap):
        info = {"epoch": 0, "loss": math.nan, "accuracy": math.nan,
                "state": "training" if self.controller.running else "paused"}
        name = self.primary(snap) if snap is not None else None
        if snap is not None:
            info["epoch"] = snap.epoch
            m = snap.metrics.get(name, {})
            info.update(loss=m.get("loss", math.nan), accuracy=m.get("accuracy", math.nan),
                        penalty=m.get("penalty", 0.0))
            if not self.controller.running:
                info["state"] = "diverged" if snap.diverged else ("stopped" if snap.error
                                                                  else "paused")
        self.statusChanged.emit(info)

    def train_now(self, epochs):
        """Train ``epochs`` epochs synchronously, then draw the result (``--screenshot``,
        tests, lessons: the picture is always the same)."""
        return self.controller.train_now(epochs)

    def before_screenshot(self):
        """Finish any slow extra a picture of this tab should show (``--screenshot``)."""

    # --------------------------------------------------------------- sessions
    def session_state(self):
        """This tab's part of a session file (JSON-ready)."""
        values = {k: list(v) if isinstance(v, tuple) else v for k, v in self.form.values().items()}
        return {**values, **self.controls.state(), **self.extra_state(), **self._training_state()}

    def check_session(self, d, where):
        """Check a session part completely -- settings, content, the weights against the
        models those settings build -- and return a plan for ``apply_session``.
        Raises SessionError; nothing on screen changes here."""
        from ...session import SessionError, check_training

        try:
            values = self.form.check(d, where)
            controls = self.controls.check(d, where)
            extra = self.check_extra(d, where)
            training = check_training(d, where, self.build_models(values, extra))
        except SessionError:
            raise
        except ValueError as exc:
            raise SessionError(str(exc)) from None
        return values, controls, extra, training

    def apply_session(self, plan):
        values, controls, extra, (epoch, parameters) = plan
        self.controller.pause()
        self.form.set_values(values)
        self.controls.restore(controls)
        self.apply_extra(extra)
        self.refresh()
        self.controller.load_state(parameters, epoch)
        self.controller.apply()

    def restore_defaults(self):
        """Every declared setting and the learning rate back to their defaults (Edit menu)."""
        self.controller.pause()
        self.form.set_values(self.form.defaults())
        self.controls.restore({**self.controls.state(), "lr": self.default_lr})
        self.controls.restore_speed()
        self.refresh()

    def _training_state(self):
        snap = self.controller.take()
        if not self.controller.handoff.settled(snap):  # changes still on their way (a slow
            snap = self.controller.train_now(0)  # fit in the background): save what they make
        # one-pass models (naive Bayes, trees ...) are fitted again from their data
        params = {n: m.get_parameters() for n, m in snap.models.items()
                  if not getattr(m, "fits_in_one_pass", False)} if snap else {}
        if snap is None or not all(np.isfinite(p).all() and np.abs(p).max(initial=0) <= MAX_ABS_VALUE
                                   for ps in params.values() for p in ps):
            return {"epoch": 0, "weights": {}}  # diverged: the settings are still worth keeping
        return {"epoch": int(snap.epoch),
                "weights": {n: [p.tolist() for p in ps] for n, ps in params.items()}}

    def leave(self):
        """The user switched to another tab: stop spending the CPU here."""
        if self.controller.running:
            self.controller.pause()

    def shutdown(self):
        self.controller.shutdown()
