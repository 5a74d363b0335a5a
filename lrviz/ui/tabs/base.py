"""What every tab shares: a Trainer, its QThread controller and the status line."""
from __future__ import annotations

import math
import time

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from ...training import LoopState, Trainer, run_training
from ...training.worker import TrainingController
from ..painting import paint_pending


class TrainingTab(QWidget):
    """Base of the four tabs.  Subclasses fill ``self.trainer`` and draw snapshots."""

    title = ""
    #: {"epoch", "loss", "accuracy", "state"} for the window's status bar
    statusChanged = Signal(dict)
    #: a sentence for the status bar (divergence, refused files, ...)
    message = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.trainer = Trainer()
        self.controller = TrainingController(self.trainer, self)
        self.controller.snapshot.connect(self._on_snapshot)
        self.controller.diverged.connect(self._on_diverged)
        self.controller.runningChanged.connect(lambda _: self._emit_status(self.controller.latest))
        self.undo_stack = None  # tabs that edit data set a QUndoStack
        self._text_time = 0.0
        self._text_now = True

    # ---------------------------------------------------------------- hooks
    def draw(self, snap):
        """Draw a snapshot (the newest state of the models)."""

    def reset_training(self):
        """Reset (button and R key); tabs with a chosen starting point override it."""
        self.controller.reset()

    def primary(self):
        """Name of the job whose numbers go to the status bar."""
        return next(iter(self.trainer.jobs), None)

    # ------------------------------------------------------------- plumbing
    #: plots whose pictures change with every snapshot (painted by ``paint_now``)
    live_plots = ()

    def paint_now(self):
        """Paint what ``draw`` changed synchronously, while training waits: painted
        later, each Python paint callback would compete with the worker for the
        interpreter, and the frame's cost would not count in the pacing of snapshots."""
        for plot in self.live_plots:
            if plot.isVisible():
                paint_pending(plot)

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
        if snap.generation < self.trainer.requested:
            return  # made before the models were replaced: its shapes no longer fit the views
        self._text_now = self.text_due(snap)
        self.draw(snap)
        if self._text_now:
            self._emit_status(snap)
        self.paint_now()

    def _on_diverged(self, text):
        self.message.emit(text)
        self._emit_status(self.controller.latest)

    def _emit_status(self, snap):
        name = self.primary()
        info = {"epoch": 0, "loss": math.nan, "accuracy": math.nan,
                "state": "training" if self.controller.running else "paused"}
        if snap is not None and name in snap.metrics:
            m = snap.metrics[name]
            info.update(epoch=snap.epoch, loss=m.get("loss", math.nan),
                        accuracy=m.get("accuracy", math.nan))
            if snap.diverged and not self.controller.running:
                info["state"] = "diverged"
        self.statusChanged.emit(info)

    def train_now(self, epochs):
        """Train ``epochs`` epochs synchronously in this thread, then draw the result.

        Used by ``--screenshot`` and tests so pictures are deterministic; the
        background thread must not be running.
        """
        if self.controller.running:
            raise RuntimeError("train_now while the training thread runs")
        state = LoopState()
        state.play()
        run_training(self.trainer, state, max_epochs=int(epochs))
        snap = state.take()
        if snap is not None:
            self.controller.latest = snap
            self.controller.snapshot.emit(snap)
        return snap

    def before_screenshot(self):
        """Finish any slow extra a picture of this tab should show (``--screenshot``)."""

    # --------------------------------------------------------------- sessions
    key = ""  # name of the tab in session files

    def fresh_models(self):
        """Models as the current settings would build them (for checking saved weights)."""
        return {}

    def session_state(self):
        """This tab's part of a session file (JSON-ready)."""
        return {}

    def restore_session(self, d, where):
        """Apply a session part; raise SessionError (from lrviz.session) if it is bad."""

    def _training_state(self):
        snap = self.controller.take()
        if snap is None:
            return {"epoch": 0, "weights": {}}
        from ...session import model_state

        return {"epoch": int(snap.epoch),
                "weights": {n: model_state(m) for n, m in snap.models.items()}}

    def _restore_training(self, d, where):
        from ...session import SessionError, check_weights, get, load_weights

        epoch = get(d, "epoch", int, where, lo=0)
        weights = get(d, "weights", dict, where)
        models = self.fresh_models()
        checked = {}
        for name, raw in weights.items():
            if name not in models:
                raise SessionError(f"{where}: weights for an unknown model '{name}'")
            checked[name] = check_weights(raw, models[name], f"{where} '{name}'")

        def change(t):
            for name, arrays in checked.items():
                if name in t.jobs:
                    load_weights(t.jobs[name].model, arrays)
                    t.jobs[name].model.epoch = epoch
            t.epoch = epoch
            t._reset_flag = True
        self.controller.pause()
        self.trainer.submit(change)
        self.controller.sync()

    def leave(self):
        """The user switched to another tab: stop spending the CPU here."""
        if self.controller.running:
            self.controller.pause()

    def shutdown(self):
        self.controller.shutdown()
