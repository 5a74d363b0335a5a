"""Hands on the line: gradient arrows, handles that move, turn and steepen logistic
regression's line (each move undoable), "Train from here", and the line of
logistic regression trained beside two-class softmax."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel, QPushButton

from ....document import Command
from ....models import RegularizedLogisticRegression
from ....settings import Setting
from ...geometry import line_in_rect, set_xy
from ...look import ink
from ...widgets.line_tools import LineTools

SETTINGS = (
    Setting("arrows", False, label="gradient arrows", affects="view",
            tip="w as an arrow across the line (longer = steeper), each point's pull "
                "(y − ŷ)·x, and their mean: where the next step moves w.  Best at a slow "
                "speed or with Step"),
    Setting("grab", False, label="grab the line", affects="none",
            tip="Handles on the line: the square moves it, the ring turns it, the diamond "
                "at the tip of w sets its steepness.  Loss and accuracy follow; Train "
                "carries on from your line (Ctrl+Z undoes a move)"),
)


def line_of(model):
    """(w, b) of logistic regression's line on x₁, x₂ in the inputs' units, or None."""
    if not isinstance(model, RegularizedLogisticRegression) or model.features != "linear":
        return None
    return model.raw_coefficients()


class _SetLine(Command):
    """A line moved by hand: (w, b) in the inputs' units, before and after."""

    text = "move the line by hand"

    def __init__(self, hands, old, new):
        self.hands, self.old, self.new = hands, old, new

    def redo(self):
        self.hands.set_line(*self.new)

    def undo(self):
        self.hands.set_line(*self.old)


class HandsOn(QObject):
    """The line's tools on ``view_map``, the arrows' key, and "Train from here"."""

    def __init__(self, document, form, controller, view_map, parent=None):
        super().__init__(parent)
        self.document, self.form, self.controller, self.map = document, form, controller, view_map
        self.tools = LineTools(view_map)
        self.tools.lineMoved.connect(self._line_moved)
        self._grab_origin = None
        # softmax with two classes: the boundary of logistic regression trained beside it
        # at twice the learning rate (its two score lines z_k = 0 would only lie on the
        # boundary: they are each other's mirror)
        self.twin_line = pg.PlotCurveItem()
        self._twin_ink = None
        self.twin_line.setZValue(4)
        view_map.addItem(self.twin_line)
        self.key = QLabel()  # what the arrows are, and their scales
        self.key.setWordWrap(True)
        self.key.setTextFormat(Qt.RichText)
        self.key.setVisible(False)
        # with the handles: gradient descent carries on from the line set by hand
        self.train_here = QPushButton("Train from here")
        self.train_here.setToolTip("Gradient descent starts from the line you set by hand")
        self.train_here.clicked.connect(controller.play)
        self.train_here.setVisible(False)
        self.line_possible = True
        form["grab"].toggled.connect(self._grab_toggled)

    def _latest_model(self):
        snap = self.controller.latest
        return None if snap is None else snap.models.get("model")

    def draw(self, model, past=False, text_now=True, twin=None):
        """Tools, the twin's line and key for ``model`` (``past``: a moment the timeline
        shows: its handles cannot be grabbed; ``twin``: softmax's logistic twin)."""
        line = line_of(model) if self.line_possible else None
        arrows_on = self.form.value("arrows") and line is not None
        pulls = X = None
        if arrows_on:
            X, y, _, _ = self.document.points.train_test()
            pulls = model.pulls(X, y) if X is not None and len(X) else None
        self.tools.show(line, X, pulls, arrows_on=arrows_on,
                        handles_on=self.form.value("grab") and not past and line is not None)
        key = self.tools.key()
        if (key or "") != self.key.text() and (text_now or past or key is None):
            self.key.setText(key or "")
            self.key.setVisible(bool(key))
        self._show_twin(twin)

    def _show_twin(self, twin):
        """Logistic regression beside two-class softmax: its boundary, dotted on top."""
        seg = []
        line = None if twin is None else line_of(twin)
        if line is not None and np.isfinite(line[0]).all() and np.any(line[0]):
            seg = line_in_rect(line[0][0], line[0][1], line[1], self.map.view_rect())
        if self._twin_ink != ink("pink"):  # (a new pen only when the theme changed)
            self._twin_ink = ink("pink")
            self.twin_line.setPen(pg.mkPen(self._twin_ink, width=3, style=Qt.DotLine))
        set_xy(self.twin_line, *np.asarray(seg, dtype=float).reshape(-1, 2).T)

    def allow(self, possible):
        """Is the model one with a single line (logistic regression on x₁, x₂)?"""
        self.line_possible = possible
        self.train_here.setVisible(self.form.value("grab") and possible)

    def _grab_toggled(self, on):
        self.train_here.setVisible(on and self.line_possible)
        model = self._latest_model()
        if on:
            self.controller.pause()
            line = line_of(model) if model is not None else None
            if line is not None and not np.any(line[0]):  # w = 0: no line yet to grab
                X = self.document.points.X
                centre = X.mean(axis=0) if len(X) else np.zeros(2)
                self.document.push(_SetLine(self, line, (np.array([0.0, 1.0]),
                                                         float(-centre[1]))))
                return
        if model is not None:
            self.draw(model)

    def current_line(self):
        """(w, b) of the model's line in the inputs' units (None without one)."""
        model = self._latest_model()
        return None if model is None else line_of(model)

    def set_line(self, w, b):
        """Put the line w·x + b = 0 (inputs' units) into the model; training pauses."""
        self.controller.pause()
        self.controller.update_model("set_raw_coefficients", np.array(w, dtype=float), float(b))
        self.controller.apply()

    def _line_moved(self, w, b, finished):
        if self._grab_origin is None:
            self._grab_origin = self.current_line()
        if finished:
            old, self._grab_origin = self._grab_origin, None
            if old is not None:
                self.document.push(_SetLine(self, old, (np.array(w), float(b))))
        else:
            self.set_line(w, b)
