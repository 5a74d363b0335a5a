"""What every tab shares: declared settings laid out and acted on, models built from
them and trained, snapshots drawn, sessions, status and lessons.

A tab subclasses ``TrainingTab`` and declares:

* ``key`` and ``title`` (and one line in the registry, ``__init__.py``);
* ``settings``: its ``Setting`` declarations.  Each becomes a control
  (``self.form[name]``) -- laid out in a "Settings" box unless the tab places it
  itself -- and a part of the session.  A change of one acts as its ``affects``
  says: "models" (the default) builds the models again, "live" changes the
  models in place (``live_changes``), "view" draws the newest state again
  (``draw``), "none" is left to the tab;
* ``build_models(values, data)``: the models the settings describe, by name;
* optionally ``make_data(values)``: what they learn from, (X, y, X_test, y_test)
  -- the window's document's points unless the tab says otherwise;
* optionally ``build()``: the tab's pictures (a map of the points and a loss plot
  unless it says otherwise), ``record(snap)`` (once per snapshot: loss curves, a
  history) and ``draw(snap)`` (the pictures of a state; may run again).

The base hands models and data to ``self.controller``, whose ``apply()`` decides
whether they are applied now or in the training thread.  A tab never touches
the trainer and learns about training only from snapshots.
"""
from __future__ import annotations

import math
import sys
import time

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QWidget

from ...document import Document
from ...sharing import gui_busy
from ...training import Trainer
from ...training.worker import TrainingController
from ..keyboard import describe_plots, prepare_tab
from ..live import paint_live
from ..widgets.forms import SidePanel
from ..widgets.settings import SettingsForm
from ..widgets.training_controls import WATCHABLE, TrainingControls
from .sessions import TabSession
from .teaching import Teaching


def classes_in(y):
    """Classes a model must tell apart for labels ``y``: at least 2."""
    if y is None or not len(y):
        return 2
    return max(2, int(np.max(y)) + 1)  # (not Python's max: it walks 100,000 labels one by one)


class Pace:
    """What the snapshot being drawn redraws while training runs.

    * ``text_now`` -- numbers shown as text change at most TEXT_HZ times a second: every
      label repaint costs the GUI thread time it takes from training, and nobody reads
      digits at 30 Hz;
    * ``on_turn(k)`` -- a picture that is costly and secondary (the eye follows the main
      one) is drawn on every other snapshot, and two such pictures take turns (k = 0
      and 1), so that every frame costs about the same.  A frame's cost is training's
      loss: a tab whose every picture moved at every frame left training less than
      80 % of its speed.

    A paused, stepped or redrawn snapshot redraws everything.
    """

    TEXT_HZ = 10.0

    def __init__(self):
        self.text_now, self.turn, self._text_time = True, None, -math.inf

    def next(self, snap):
        now = time.perf_counter()
        self.text_now = not snap.running or now - self._text_time >= 1.0 / self.TEXT_HZ
        if self.text_now:
            self._text_time = now
        self.turn = None if not snap.running else (1 if self.turn == 0 else 0)

    def everything(self):
        self.text_now, self.turn = True, None

    def on_turn(self, k):
        """Is the snapshot drawn now turn ``k`` (0 or 1), or one that draws everything?"""
        return self.turn is None or self.turn == k


class TrainingTab(Teaching, QWidget):
    """Base of the tabs (see the module's docstring)."""

    key = ""  # registry key: --tab, session files, lessons
    title = ""
    settings = ()  # Setting declarations
    default_lr = 0.5
    #: epochs per second at first: a pace a class can watch ("Max" is one click away)
    default_speed = WATCHABLE
    #: the tab's models by name, in plain words for messages (and the names a lesson's
    #: claims may use)
    model_titles = {"model": "the model"}
    #: how many inputs its models take (a lesson's "point")
    inputs = 2
    #: the most classes its models tell apart (a lesson's "label" is below it)
    classes = 2
    #: the side panel's width at the normal text size
    panel_width = 330
    #: False: the tab places ``self.controls`` and every setting itself, and has no side
    #: panel (its pictures need the width)
    side_panel = True
    #: model name -> the multiple of the learning rate it learns at (1 if not named)
    lr_scales = {}
    #: the tab's timeline of its run, if it keeps one (Export animation replays it)
    timeline = None
    #: what a lesson step (or View → Show one panel alone) may point the class at:
    #: name -> (what it is, in words; the attribute path of each widget it covers)
    subjects = {}
    #: what the tab takes from a table a user opens (a ``TableSpec``: how many feature
    #: columns, how many classes); None: a table goes to the Boundary Builder
    table_spec = None
    #: (setting, value) that makes the tab learn from the document's points, if one must
    table_setting = None
    #: {"epoch", "loss", "accuracy", "state", "penalty"} for the window's status bar
    statusChanged = Signal(dict)
    #: a sentence for the status bar (divergence, refused files, ...)
    message = Signal(str)

    def __init__(self, document=None, parent=None):
        super().__init__(parent)
        self.document = document if document is not None else Document.with_preset()
        self.controller = TrainingController(Trainer(self.model_titles), self)
        self.controller.snapshot.connect(self._on_snapshot)
        self.controller.diverged.connect(self._on_stopped)
        self.controller.failed.connect(self._on_stopped)
        self.controller.runningChanged.connect(lambda _: self._emit_status(self.controller.latest))
        self.form = SettingsForm(self.settings)
        self.controls = TrainingControls(self.controller, lr=self.default_lr,
                                         speed=self.default_speed, reset=self.reset_training)
        if any(st.name == "seed" for st in self.settings):  # the batches' order from it
            self.controls.batch_seed = lambda: self.form.value("seed")
        self.panel = SidePanel(self.panel_width)
        self.session = TabSession(self)
        #: what the snapshot being drawn redraws (its text? which turn?)
        self.pace = Pace()
        self._shape = None  # (inputs, classes) the models were built for
        self._quiet = False  # (a session is being applied: no reactions meanwhile)
        self._owed = False  # a snapshot came while the tab was hidden: drawn when shown
        self.plots = []  # (lrviz.ui.keyboard.prepare_tab)
        #: the setting values the models were last built with (a tab may refuse a
        #: change it cannot draw, and keep its models: the controls then differ)
        self.built_with = {}
        body = self.build()
        self._lay_out(body)
        self.form.on_change(self._setting_changed)
        self.document.points.subscribe(self.points_changed)
        self.rebuild()
        prepare_tab(self)  # Tab in reading order; a name for every control and plot

    # ---------------------------------------------------------------- hooks
    def build(self):
        """Make the tab's pictures and return the widget that holds them (left of the
        side panel, ``self.panel``).  By default: the points and the first model's map,
        with its loss curve under it."""
        from .default_view import DefaultView

        self.view = DefaultView(self.document, self.form, self.controls)
        return self.view

    def make_data(self, values, extra=None):
        """(X, y, X_test, y_test) the models learn from; ``extra``: a session's content
        that is not a setting (``check_extra``).  By default the document's points."""
        return self.document.points.train_test()

    def build_models(self, values, data):
        """{name: model} as these setting values describe, for this data."""
        return {}

    def live_changes(self, name, values):
        """[(method, args), ...] of the models for a change of an "affects: live"
        setting (``UpdateModel``); (method, args, model name) for one model only."""
        return []


    def record(self, snap):
        """Keep what a snapshot brings once (loss curves, history)."""
        if hasattr(self, "view") and hasattr(self.view, "record"):
            self.view.record(snap)

    def draw(self, snap):
        """Draw the state a snapshot shows (again after a "view" setting changed)."""
        if hasattr(self, "view") and hasattr(self.view, "draw"):
            self.view.draw(snap, self.pace.text_now)

    def reset_training(self):
        """Reset (button and R key); tabs with a chosen starting point override it."""
        self.controller.reset()

    #: the model a lesson step is about: its numbers go to the status bar (None: primary's)
    status_model = None

    def primary(self, snap):
        """Name of the model whose numbers go to the status bar."""
        return next(iter(snap.models), None)

    def before_screenshot(self):
        """Finish any slow extra a picture of this tab should show (``--screenshot``)."""

    # ---------------------------------------------------------------- models
    def rebuild(self):
        """Models built from the settings, on the tab's data, handed to the controller;
        returns the data (None: there is none, and the tab said why)."""
        values = self.form.values()
        data = self.make_data(values)
        if data is None:
            return None
        self._shape = (data[0].shape[1] if data[0] is not None else None, classes_in(data[1]))
        models = self.build_models(values, data)
        for model in models.values():  # (the batch size shown, for new models too)
            if hasattr(model, "set_batching"):
                model.set_batching(*self.controls.batching())
        self.controller.set_models(models, self.controls.lr.value(), *data,
                                   scales=self.lr_scales)
        self.built_with = values
        self.controller.apply()
        return data

    def points_changed(self, kind, index):
        """The document's points changed: learn from them if this tab does (new data for
        the models, or new models when the number of inputs or classes changed)."""
        if self._quiet or not self.follows_document():
            return
        data = self.make_data(self.form.values())
        if data is None:
            return
        shape = (data[0].shape[1] if data[0] is not None else None, classes_in(data[1]))
        if shape != self._shape:
            self.rebuild()  # (another number of classes: other models)
        else:
            self.controller.set_data(*data)
            self.controller.apply()

    def take_table(self, data, path=None):
        """Show ``data`` (``lrviz.data.table.Labelled``, as ``table_spec`` allows), read
        from the file ``path`` (None: a built-in data set).  By default: the document's
        points (two features), and ``table_setting`` set to follow them."""
        self.document.opened(data.X, data.y, path, data.names)
        if self.table_setting is not None:
            name, value = self.table_setting
            if self.form.value(name) != value:
                self.form.set_values({name: value}, quiet=False)

    def follows_document(self):
        """Do the models learn from the document's points (now)?"""
        return type(self).make_data is TrainingTab.make_data

    def _setting_changed(self, name):
        if self._quiet:
            return
        affects = self.form.declaration(name).affects
        if affects == "models":
            self.rebuild()
        elif affects == "live":
            for method, args, *only in self.live_changes(name, self.form.values()):
                self.controller.update_model(method, *args, name=only[0] if only else None)
            self.controller.apply()
        elif affects == "view":
            self.show_latest()

    def train_now(self, epochs):
        """Train ``epochs`` epochs synchronously, then draw the result (``--screenshot``,
        tests, lessons: the picture is always the same)."""
        return self.controller.train_now(epochs)

    # -------------------------------------------------------------- drawing
    def _on_snapshot(self, snap):
        self.pace.next(snap)
        self.record(snap)
        if not self.isVisible() and self.window().isVisible():  # behind another tab:
            self._owed = True  # drawn when shown (Calibration's pictures took 12-16 ms
            return  # of a session's turns, and nobody saw them)
        self.draw(snap)
        if self.pace.text_now:
            self._emit_status(snap)
            describe_plots(self.plots)
        paint_live()  # (while training waits: see lrviz.ui.live)

    def show_latest(self):
        """Draw the newest state again, text and all, and paint it now."""
        snap = self.controller.latest
        if snap is not None:
            with gui_busy():
                self.pace.everything()
                self.draw(snap)
                describe_plots(self.plots)
                paint_live()

    def _on_stopped(self, text):
        self.message.emit(text)
        self._emit_status(self.controller.latest)

    def _emit_status(self, snap):
        info = {"epoch": 0, "loss": math.nan, "accuracy": math.nan,
                "state": "training" if self.controller.running else "paused"}
        name = None
        if snap is not None:  # (a lesson step about another model: that one's figures)
            name = self.status_model if self.status_model in snap.models else self.primary(snap)
        if snap is not None:
            info["epoch"] = snap.epoch
            m = snap.metrics.get(name, {})
            info.update(loss=m.get("loss", math.nan), accuracy=m.get("accuracy", math.nan),
                        penalty=m.get("penalty", 0.0))
            if not self.controller.running:
                info["state"] = "diverged" if snap.diverged else ("stopped" if snap.error
                                                                  else "paused")
        self.controls.show_epoch(info["epoch"])  # (one snapshot, one number: both read it)
        self.statusChanged.emit(info)

    # --------------------------------------------------------------- layout
    def _lay_out(self, body):
        """The pictures, then the side panel: the settings the tab did not place itself
        in a box at its top, Train, Step and Reset pinned under it."""
        layout = QHBoxLayout(self)
        layout.addWidget(body if body is not None else QWidget(), 1)
        if not self.side_panel:
            return
        unplaced = [s for s in self.settings if self.form.controls.get(s.name) is not None
                    and self.form[s.name].parent() is None]
        if unplaced:
            box = QGroupBox("Settings")
            rows = QFormLayout(box)
            for s in unplaced:
                rows.addRow("" if s.kind is bool else (s.label or s.name), self.form[s.name])
            self.panel.body.insertWidget(0, box)
        body_layout = self.panel.body
        if not any(body_layout.stretch(i) for i in range(body_layout.count())):
            body_layout.addStretch(1)
        self.panel.pin(self.controls)
        layout.addWidget(self.panel)

    def showEvent(self, event):
        prepare_tab(self)  # (widgets made since: in the reading order, named)
        if self._owed and self.controller.latest is not None:  # (a snapshot came hidden)
            self.pace.everything()
            self.draw(self.controller.latest)
            describe_plots(self.plots)
        self._owed = False
        super().showEvent(event)

    # ---------------------------------------------------------- the window
    def restore_defaults(self):
        """Every declared setting and the learning rate back to their defaults (Edit menu)."""
        self.controller.pause()
        self.form.set_values(self.form.defaults())
        self.controls.restore({**self.controls.state(), "lr": self.default_lr, "batch": 0})
        self.controls.restore_speed()
        self.rebuild()

    def leave(self):
        """The user switched to another tab: stop spending the CPU here."""
        if self.controller.running:
            self.controller.pause()

    def shutdown(self):
        self.document.points.unsubscribe(self.points_changed)
        view_shutdown = getattr(getattr(self, "view", None), "shutdown", None)
        if view_shutdown is not None:
            view_shutdown()
        self.controller.shutdown()


def help_text(tab_class):
    """The first paragraph of a tab's module docstring, else of its class's (Help >
    What each tab shows)."""
    module = sys.modules.get(tab_class.__module__)
    doc = (module.__doc__ if module is not None else None) or tab_class.__doc__ or ""
    return " ".join(doc.strip().split("\n\n")[0].split())
