"""What the Builder shows: the editable map of the document's points and the model,
the timeline of the run, how to read them, the boundary's equation, the numbers
under the mouse, and the curves."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ....colours import CLASS_HEX
from ....models import RegularizedLogisticRegression
from ...look import zoomed_font
from ...widgets.forms import keep_lines
from ...widgets.probability_map import ProbabilityMap, name_axes
from ...widgets.timeline import Timeline
from .curves import BuilderCurves
from .editing import PointEditor
from .equation import class_key, class_name, equation_html, map_key
from .model_choice import twin_parameters
from .hands_on import HandsOn
from .separable import SeparableNote


def _label(lines, size=None, bold=False):
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.RichText)
    label.setAlignment(Qt.AlignTop | Qt.AlignLeft)
    if size:
        zoomed_font(label, size, bold=bold)
    keep_lines(label, lines)  # text changes must never re-lay-out the window
    return label


class BuilderView(QWidget):
    """The map column (toolbar, map, timeline, keys, the separable-points note) and the
    texts and curves the side panel shows."""

    def __init__(self, document, form, controller, parent=None):
        super().__init__(parent)
        self.document, self.form, self.controller = document, form, controller
        self.map = ProbabilityMap(editable=True)
        self.map.setMinimumSize(420, 300)
        self.map.show_points(document.points)
        self.editor = PointEditor(document, form, controller, self.map)
        self.hands = HandsOn(document, form, controller, self.map)
        self.editor.draw_row.insertWidget(self.editor.draw_row.count() - 1,
                                          self.hands.train_here)
        self.timeline = Timeline()
        self.timeline.moved.connect(self.show_moment)
        self.timeline.resumeRequested.connect(self.resume)
        self.key = QLabel(map_key(2))  # how to read the map, once, under it
        self.key.setWordWrap(True)
        self.key.setTextFormat(Qt.RichText)
        self.note = SeparableNote()
        self.note.on_decided = self._separable_decided
        self.curves = BuilderCurves()
        self.equation = _label(5, 11)
        self.readout = _label(3)
        self.readout.setText("Hover over the map to read the model's probabilities.")
        # the moment shown: the accuracies now, or a past epoch's with its loss (two lines
        # of room: "epoch 511 · training accuracy 100.0% · training loss 0.0250" is one
        # line too many for the side panel, and its second line was cut)
        self.accuracy = _label(2, 11, bold=True)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        for w, stretch in ((self.editor, 0), (self.map, 1), (self.timeline, 0), (self.key, 0),
                           (self.hands.key, 0), (self.note, 0)):
            column.addWidget(w, stretch)
        self._now = None  # the newest snapshot (the timeline's present)
        controller.runningChanged.connect(self._running_changed)
        self.map.hovered.connect(self.hovered)
        for name in ("contours", "discretize"):
            form[name].toggled.connect(self._display_changed)
        form["size_by_loss"].toggled.connect(self.map.set_size_by_loss)
        form["two_scores"].toggled.connect(self._equation_room)
        document.points.subscribe(self._points_changed)
        self._points_changed("all", -1)

    # ------------------------------------------------------------- the points
    def _points_changed(self, kind, index):
        p = self.document.points
        self.timeline.back_to_now()  # an edit acts on the present
        if not (kind == "add" and self.note.separable is False):  # (a point more never separates)
            self.note.check(p, new_set=kind not in ("add", "move"))
        self.curves.show_test(bool(p.test.any()))
        if index == -1:  # a new set of points (preset, file, clear, undo of those)
            self.map.clear_before()
            self.editor.show_split(p.test)
            self.map.points.before_frame(self._new_names)
        else:
            self._keys()

    def _new_names(self):
        """A new set's names and keys, and the view fitted to it (once: each fit draws
        the map's grid again)."""
        self._show_names(self.document.points.names)
        self._keys()

    def _keys(self):
        p = self.document.points
        classes = p.n_classes
        self.key.setText(class_key(p.names, classes) + map_key(classes))
        self._equation_room()

    def _equation_room(self, *_):
        """Room for the equation: a heading, a score line per class (a table's column
        names are long: a score line may take two), the note on units, and for softmax
        on two classes z₁ − z₀ and logistic regression beside it."""
        p = self.document.points
        classes = p.n_classes
        twin = 4 if classes == 2 and self.form.value("two_scores") else 0
        lines = max(5, 3 + classes * (2 if p.names.features else 1)) + twin
        if self.equation.property("lrviz_lines") != lines:
            keep_lines(self.equation, lines)

    def _show_names(self, names):
        """A table's columns name the axes (each at its own scale: millimetres and grams
        cannot share one); the class buttons say the classes' names."""
        name_axes(self.map, names)
        self.editor.name_classes(names)
        self.editor.fit_view()
        if names.features or self.document.path is not None:
            self.editor.no_preset()

    def _separable_decided(self):
        if self._now is not None and not self.timeline.in_past:
            self.note.show_for(self._now.models["model"], self.layout())

    def _display_changed(self, *_):
        self.map.show_contours = self.form.value("contours")
        self.map.discretize = self.form.value("discretize")
        self.map.redraw()

    # ---------------------------------------------------------------- drawing
    def record(self, snap, text_now=True):
        if snap.reset and self.curves.resumed_at is None:
            self.timeline.clear()
        self.curves.record(snap)
        self.timeline.record(snap.epoch, snap.models["model"], show=text_now)

    def draw(self, snap, text_now=True):
        self._now = snap
        if not self.timeline.in_past:
            self.show_model(snap.models["model"], snap.metrics.get("model", {}), text_now,
                            twin=snap.models.get("twin"))

    def show_model(self, model, m, text_now=True, epoch=None, twin=None):
        """Map, line tools, equation and numbers for ``model`` (``m``: its metrics); an
        ``epoch`` says it is a moment of the past shown by the timeline; ``twin``:
        logistic regression trained beside two-class softmax."""
        past = epoch is not None
        self.map.set_model(model, errors=text_now or past)
        self.hands.draw(model, past=past, text_now=text_now, twin=twin)
        self.curves.loss_plot.mark(epoch)
        if not text_now and not past:
            return
        parts = [f"<b>epoch {epoch:,}</b>"] if past else []
        if "accuracy" in m:
            parts.append(f"training accuracy {m['accuracy']:.1%}")
        if "test_accuracy" in m:
            parts.append(f"held-out accuracy {m['test_accuracy']:.1%}")
        if past and "loss" in m:
            parts.append(f"training loss {m['loss']:.4f}")
        self.accuracy.setText(" · ".join(parts) or "no points yet: click on the map")
        self._equation_room()  # (a setting restored with its signals blocked, too)
        self.equation.setText(equation_html(model, self.document.points.names, twin))
        self.note.show_for(model, self.layout())
        if hasattr(self.map, "last_hover"):  # the readout follows the model, not just the mouse
            self.hovered(*self.map.last_hover)

    def hovered(self, x, y):
        model = self.map.model
        if model is None:
            return
        P = model.proba_matrix(np.array([[x, y]]))[0]
        names = self.document.points.names
        probs = ", ".join(f"<span style='color:{CLASS_HEX[k]}'>P({class_name(names, k)}) "
                          f"{p:.3f}</span>" for k, p in enumerate(P))
        extra = ""
        if isinstance(model, RegularizedLogisticRegression):
            extra = f"; z = w·x + b = {model.decision_function([[x, y]])[0]:.3f}"
        where = (f"({x:.2f}, {y:.2f})" if not names.features else
                 f"{names.feature(0)} {x:.4g}, {names.feature(1)} {y:.4g}")
        self.readout.setText(f"At {where}: {probs}{extra}")

    # --------------------------------------------------------------- timeline
    def show_moment(self, moment):
        """The timeline moved: show a kept moment of the run (None: the present)."""
        if moment is None:
            if self._now is not None:
                self.show_model(self._now.models["model"], self._now.metrics.get("model", {}),
                                twin=self._now.models.get("twin"))
            return
        self.controller.pause()
        epoch, model = moment
        m = {}
        X, y, _, _ = self.document.points.train_test()
        if X is not None and len(X):
            m["loss"], m["accuracy"] = model.evaluate(model.prepare(X, y))
        self.show_model(model, m, epoch=epoch)

    def resume(self, epoch, model):
        """Train on from a moment of the past: its parameters at its epoch."""
        self.curves.resumed_at = epoch
        state = {"model": model.get_parameters()}
        if self._now is not None and "twin" in self._now.models:  # (equal by the maths)
            state["twin"] = twin_parameters(model)
        self.controller.load_state(state, epoch)
        self.controller.play()

    def _running_changed(self, running):
        if running and self.timeline.in_past:
            self.timeline.back_to_now()

    def shutdown(self):
        self.document.points.unsubscribe(self._points_changed)
        self.note.shutdown()
        self.map.shutdown()
