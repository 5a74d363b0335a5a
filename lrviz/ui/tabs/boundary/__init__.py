"""Boundary Builder: place points by hand and watch the boundary and its confidence learn.

Click to add a point of the selected class (Shift+click: the other class when
there are two), drag to move one, right-click or Delete to remove the nearest;
every edit can be undone.  While training runs each edit is learnt from the
next epoch on.  With three or more classes the model becomes softmax
regression (or a network with a softmax output).

The tab is a few parts around the window's document of points: ``editing``
(what clicks and data sets do to the points), ``model_choice`` (the model the
settings describe), ``view`` (the map, the timeline and the texts),
``hands_on`` (the line's arrows and handles), ``curves`` and the pure
``equation`` text.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QGridLayout, QGroupBox

from ....data import PRESETS_2D, PointSet
from ....data.table import TableSpec
from ....lessons import Action, LessonError
from ....settings import Setting
from ..base import TrainingTab, classes_in
from . import editing, hands_on, model_choice
from .guess import GuessLine
from .model_choice import ModelChoice, model_from
from .view import BuilderView


def _preset_ok(a, where):
    if a["name"] not in PRESETS_2D:
        raise LessonError(f"{where}: no preset {a['name'][:30]!r}; choose from "
                          f"{', '.join(PRESETS_2D)}")
    limits = {s.name: s for s in editing.SETTINGS}
    for key in ("n", "noise", "seed"):
        if key in a:
            try:
                limits[key].check(a[key], where)
            except ValueError as exc:
                raise LessonError(str(exc)) from None


def _points_ok(a, where):
    """Points as a session's or a file's are checked (their number, sizes, labels)."""
    cols = {k: a[k] for k in ("x1", "x2", "label")}
    try:
        PointSet.from_dict({**cols, "test": [False] * len(a["x1"])}, where)
    except ValueError as exc:
        raise LessonError(str(exc)) from None


def _point_ok(a, where):
    _points_ok({"x1": [a["x"]], "x2": [a["y"]], "label": [a["label"]]}, where)


class BoundaryTab(TrainingTab):
    key = "boundary"
    title = "Boundary Builder"
    subjects = {
        "map": ("the map of probabilities and the points", "view.map"),
        "equation": ("the equation of the model", "view.equation"),
        "loss": ("the loss per epoch", "view.curves.loss_plot"),
        "norm": ("the size of the weights ‖w‖ per epoch", "view.curves.norm_plot"),
        "timeline": ("the timeline of the run", "view.timeline"),
    }
    explanations = ("view.note",)  # (what ‖w‖ does on separable points)
    guesses = ("line",)
    lr_scales = {"twin": model_choice.TWIN_SCALE}  # (two-class softmax's logistic twin)
    panel_width = 390
    table_spec = TableSpec(2, 2, editing.MAX_CLASSES)
    classes = editing.MAX_CLASSES
    settings = (
        *editing.SETTINGS,
        *model_choice.SETTINGS,
        Setting("contours", False, label="contours 0.1 … 0.9", affects="none",
                tip="Lines of equal probability 0.1, 0.2 … 0.9 around the boundary"),
        Setting("discretize", False, label="regions only", affects="none",
                tip="Colour by predicted class only, ignoring confidence (discretised)"),
        *hands_on.SETTINGS,
        Setting("size_by_loss", False, label="size by loss", affects="none",
                tip="Big points cost the model a lot; confident correct points are small "
                    "and barely move the weights"),
    )
    actions = (
        Action("preset", {"name": (str, True), "n": (int, False), "noise": (float, False),
                          "seed": (int, False)}, "points of a built-in data set", _preset_ok),
        Action("points", {"x1": (list, True), "x2": (list, True), "label": (list, True)},
               "these points", _points_ok),
        Action("add_point", {"x": (float, True), "y": (float, True), "label": ("label", True)},
               "one point more, as a click adds it", _point_ok),
    )

    def build(self):
        self.view = BuilderView(self.document, self.form, self.controller)
        self.editor, self.hands, self.map = self.view.editor, self.view.hands, self.view.map
        self.timeline = self.view.timeline
        self.choice = ModelChoice(self.form)
        self.guess = GuessLine(self.map)
        show = QGroupBox("Show")
        grid = QGridLayout(show)  # two columns: the loss plots stay in view at 720 pixels
        for i, w in enumerate((self.form["contours"], self.form["discretize"],
                               self.form["size_by_loss"], self.editor.split,
                               self.form["arrows"], self.form["grab"])):
            grid.addWidget(w, i // 2, i % 2)
        v = self.panel.body
        for w, stretch in ((self.choice, 0), (show, 0), (self.view.equation, 0),
                           (self.view.readout, 0), (self.view.curves.loss_plot, 1),
                           (self.view.curves.norm_plot, 0), (self.view.accuracy, 0)):
            v.addWidget(w, stretch)
        self.form.connect("kind penalty lam activation layers units poly standardize "
                          "two_scores", self.map.keep_before)
        self.form.connect("kind poly two_scores", self._model_widgets)
        self._model_widgets()
        return self.view

    # --------------------------------------------------------------- models
    def make_data(self, values, extra=None):
        if extra is not None:  # a session's points
            X, y, test = extra[:3]
            return X[~test], y[~test], X[test], y[test]
        return self.document.points.train_test()

    def follows_document(self):
        return True

    def build_models(self, values, data):
        n_classes = classes_in(data[1])
        twin = model_choice.twin_of(values, n_classes)
        return {"model": model_from(values, n_classes), **({"twin": twin} if twin else {})}


    def live_changes(self, name, values):
        twin = model_choice.twin_penalty(values)
        return [("set_penalty", (model_choice.PENALTY_NAMES[values["penalty"]], values["lam"]),
                 "model"), ("set_penalty", (twin["penalty"], twin["lam"]), "twin")]

    def rebuild(self):
        self._model_widgets()
        super().rebuild()

    def _model_widgets(self):
        n = self.document.points.n_classes
        self.hands.allow(self.choice.update_for(n))

    def primary(self, snap):
        return "model"

    # -------------------------------------------------------------- drawing
    def record(self, snap):
        self.view.record(snap, self.pace.text_now)

    def draw(self, snap):
        self.view.draw(snap, self.pace.text_now)

    # ------------------------------------------------------------- sessions
    def check_extra(self, d, where):
        return PointSet.from_dict(d.get("points"), where)

    def extra_state(self):
        return {"points": self.document.points.to_dict()}

    def apply_extra(self, points):
        X, y, test, names = points
        self.document.load(X, y, test, names=names)

    # -------------------------------------------------------------- lessons
    def act_preset(self, a, live):
        self.editor.load_preset(a["name"], a.get("n"), a.get("noise"), a.get("seed"))

    def act_points(self, a, live):
        self.editor.set_points(np.column_stack([a["x1"], a["x2"]]), np.array(a["label"]),
                               "lesson points")

    def act_add_point(self, a, live):
        self.editor.add_point(a["x"], a["y"], a["label"], learn=False)

    def start_guess(self, kind):
        X, y = self.document.points.train_test()[:2]
        self.guess.start(X)
        return self.guess.page_map(X, y)

    def class_guesses(self, kind, lines):
        self.guess.show_class(lines)
        snap = self.controller.latest
        return "" if snap is None else self.guess.judge_class(
            snap.models["model"], self.document.points.train_test()[0], lines)

    def freeze_guess(self):
        self.guess.freeze()

    def judge_guess(self, kind):
        snap = self.controller.latest
        return "" if snap is None else self.guess.judge(snap.models["model"],
                                                        self.document.points.train_test()[0])

    def end_guess(self):
        self.guess.stop()

    def train_chunks(self, epochs):
        # the timeline and ‖w‖ keep pictures of the past: they get them at epochs 1, 3, 7,
        # 15 ... as a class watching would (the same every time)
        chunks, chunk = [], 1
        while epochs > 0:
            chunks.append(min(chunk, epochs))
            epochs -= chunks[-1]
            chunk *= 2
        return chunks
