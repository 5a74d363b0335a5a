"""Boundary Builder: place points by hand and watch the boundary and its confidence learn.

Click to add a point of the selected class (Shift+click: the other class when
there are two), drag to move one, right-click or Delete to remove the nearest;
every edit can be undone.  While training runs each edit is learnt from the
next epoch on.  With three or more classes the model becomes softmax
regression (or a network with a softmax output).
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
)

from ...fileio import show_path
from ..jobs import JobSlot
from ...data import (
    PRESETS_2D,
    PointSet,
    make_preset,
    read_points_csv,
    write_points_csv,
)
from ...data.separability import linearly_separable
from ...models import NeuralNetwork, RegularizedLogisticRegression, SoftmaxRegression
from ...models.core import sigmoid
from ...settings import Setting
from ..geometry import line_in_rect, set_xy
from ..titles import retitle
from ..look import zoomed_font
from ..theme import CLASS_HEX, CLASS_WORDS, OBJECTIVE_HEX
from ..widgets.forms import choose_path, keep_lines, side_panel
from ..widgets.line_tools import LineTools
from ..widgets.loss_plot import LossPlot
from ..widgets.probability_map import ProbabilityMap
from ..widgets.timeline import Timeline
from .base import TrainingTab

MAX_CLASSES = 5
#: up to this many training points the separability check runs at once (a few ms);
#: beyond, in the background, so an edit of a 100,000-point file never waits for it
SYNC_SEPARABLE = 20_000
TEST_FRACTION = 0.3
PRESET_DEFAULTS = {"blobs": (100, 1.0), "xor": (4, 0.0), "noisy-xor": (200, 0.25),
                   "circles": (200, 0.1), "moons": (200, 0.15), "spiral": (200, 0.1),
                   "three-class": (120, 0.8)}
KINDS = ("Logistic regression", "Neural network")
PENALTY_NAMES = {"none": None, "L2": "l2", "L1": "l1-prox"}


class _Add(QUndoCommand):
    def __init__(self, points, x, y, label, test=False):
        super().__init__(f"add {CLASS_WORDS[label]} point")
        self.points, self.args = points, (x, y, label, test)

    def redo(self):
        self.points.add(*self.args)

    def undo(self):
        self.points.remove(len(self.points) - 1)


class _Remove(QUndoCommand):
    def __init__(self, points, i):
        super().__init__("remove point")
        self.points, self.i, self.row = points, i, None

    def redo(self):
        self.row = self.points.remove(self.i)

    def undo(self):
        self.points.insert(self.i, self.row)


class _Move(QUndoCommand):
    def __init__(self, points, i, old, new):
        super().__init__("move point")
        self.points, self.i, self.old, self.new = points, i, old, new

    def redo(self):
        self.points.move(self.i, *self.new)

    def undo(self):
        self.points.move(self.i, *self.old)


class _Replace(QUndoCommand):
    def __init__(self, points, new, text):
        super().__init__(text)
        self.points, self.new, self.old = points, new, points.state()

    def redo(self):
        self.points.replace(*self.new)

    def undo(self):
        self.points.replace(*self.old)


class _SetLine(QUndoCommand):
    """A line moved by hand: (w, b) in the inputs' units, before and after."""

    def __init__(self, tab, old, new):
        super().__init__("move the line by hand")
        self.tab, self.old, self.new = tab, old, new

    def redo(self):
        self.tab.set_line(*self.new)

    def undo(self):
        self.tab.set_line(*self.old)


def map_key(n_classes):
    """How to read the map, in one line under it, for ``n_classes`` classes."""
    swatches = "".join(f"<span style='color:{CLASS_HEX[k]}'>■</span>" for k in range(n_classes))
    if n_classes == 2:
        unsure, line = "white: 50 %", "<b>━</b> boundary, P = 0.5"
    else:
        unsure, line = "white: no class stands out", "<b>━</b> boundaries, where two classes tie"
    return (f"{swatches} colour: the predicted class, paler where the model is less sure "
            f"({unsure}) · <b>◯</b> ringed: misclassified · {line} · "
            "<span style='color:#505050'>┅</span> grey dashes: the boundary before your last "
            "change of model or penalty")


class BoundaryTab(TrainingTab):
    key = "boundary"
    title = "Boundary Builder"
    settings = (
        Setting("preset", "blobs", choices=tuple(PRESETS_2D), tip="A built-in data set to start from"),
        Setting("n", 100, 4, 10000, tip="Number of points the preset draws"),
        Setting("noise", 1.0, 0.0, 3.0, step=0.05, tip="Spread of the preset's clouds"),
        Setting("seed", 42, 0, 99999, tip="Seed: the same seed draws the same points"),
        Setting("kind", KINDS[0], choices=KINDS,
                tip="Logistic regression draws one straight boundary; a network can bend it"),
        Setting("penalty", "none", choices=tuple(PENALTY_NAMES),
                tip="Penalty on the weights: L2 shrinks them, L1 pushes them to zero"),
        Setting("lam", 0.1, 0.0, 10.0, step=0.01, decimals=3,
                tip="λ: how strongly the penalty pulls the weights"),
        Setting("poly", False, label="add x₁², x₂², x₁x₂",
                tip="Polynomial features: a linear model on them can draw circles and ellipses"),
        Setting("standardize", True, label="standardise x₁, x₂ inside the model",
                tip="The model sees (x − mean) / sd of the training points, so data of any "
                    "scale (exam scores of 30–100) trains at an ordinary learning rate; the "
                    "equation stays in your units"),
        Setting("layers", 1, 1, 2, tip="Hidden layers of the network"),
        Setting("units", 6, 1, 16, tip="Units in each hidden layer"),
        Setting("activation", "tanh", choices=("tanh", "sigmoid", "relu"),
                tip="The hidden units' activation function"),
        Setting("contours", False, label="contours 0.1 … 0.9",
                tip="Lines of equal probability 0.1, 0.2 … 0.9 around the boundary"),
        Setting("discretize", False, label="regions only",
                tip="Colour by predicted class only, ignoring confidence (discretised)"),
        Setting("learn_live", True, label="learn while I edit",
                tip="Adding, moving or removing a point starts training at the set speed, so "
                    "the boundary follows your edits; untick to place points first and press "
                    "Train"),
        Setting("two_scores", False, label="as softmax: a score per class (K = 2)",
                tip="Two classes trained as softmax regression: each class gets its own score "
                    "line z₀, z₁ (dashed); the boundary is where they tie.  w₁ − w₀ follows "
                    "logistic regression's w at twice the learning rate"),
        Setting("arrows", False, label="gradient arrows",
                tip="w as an arrow across the line (longer = steeper), each point's pull "
                    "(y − ŷ)·x, and their mean: where the next step moves w.  Best at a slow "
                    "speed or with Step"),
        Setting("grab", False, label="grab the line",
                tip="Handles on the line: the square moves it, the ring turns it, the "
                    "diamond at the tip of w sets its steepness.  Loss and accuracy follow; "
                    "Train carries on from your line (Ctrl+Z undoes a move)"),
        Setting("size_by_loss", False, label="size by loss",
                tip="Big points cost the model a lot; confident correct points are small "
                    "and barely move the weights"),
    )

    def __init__(self, parent=None):
        super().__init__(parent)
        self.points = PointSet()
        self.undo_stack = QUndoStack(self)
        self.current_class = 0
        self._drag_origin = None
        self._n_classes = 2

        self.map = ProbabilityMap(editable=True, title=self._map_title())
        self.map.setMinimumSize(420, 300)
        self.loss_plot = LossPlot("Loss per epoch")
        self.loss_plot.add_series("train", "training", "text")
        # what gradient descent lowers when there is a penalty: shown only then
        self.loss_plot.add_series("objective", "training + penalty", OBJECTIVE_HEX, dashed=True)
        self.loss_plot.show_series("objective", False)
        self.loss_plot.add_series("test", "test", "#777777", dashed=True)
        # how long w is: without a penalty on separable points it grows without end
        self.norm_plot = LossPlot("Size of the weights ‖w‖ per epoch", y_label="‖w‖")
        self.norm_plot.add_series("norm", "‖w‖", "text")
        self.norm_plot.getPlotItem().setLabel("bottom", None)  # the loss plot's axis, above
        self.norm_plot.set_height_lines(7)
        self.norm_plot.legend.setVisible(False)  # one curve, named by its axis
        self.tools = LineTools(self.map)
        self.tools.lineMoved.connect(self._line_moved)
        self._grab_origin = None
        self.score_lines = [pg.PlotCurveItem(pen=pg.mkPen(CLASS_HEX[k], width=2.5,
                                                          style=Qt.DashLine)) for k in (0, 1)]
        for item in self.score_lines:
            item.setZValue(4)
            self.map.addItem(item)
        self.timeline = Timeline()
        self.timeline.moved.connect(self._show_moment)
        self.timeline.resumeRequested.connect(self._resume)
        self._now = None  # the newest snapshot (the timeline's present)
        self._resumed_at = None
        self._separable = False
        self.separable_task = JobSlot(self)
        self.file_job = JobSlot(self)  # a points file being read

        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        left.addLayout(self._build_toolbar())
        left.addWidget(self.map, 1)
        left.addWidget(self.timeline)
        # how to read the map, once, under it
        self.map_key = QLabel(map_key(2))
        self.map_key.setWordWrap(True)
        self.map_key.setTextFormat(Qt.RichText)
        left.addWidget(self.map_key)
        self.arrow_key = QLabel()  # what the arrows are, and their scales
        self.arrow_key.setWordWrap(True)
        self.arrow_key.setTextFormat(Qt.RichText)
        self.arrow_key.setVisible(False)
        left.addWidget(self.arrow_key)
        self.separable = QLabel()  # why the weights of separable points grow without end
        self.separable.setWordWrap(True)
        self.separable.setTextFormat(Qt.RichText)
        self.separable.setVisible(False)
        left.addWidget(self.separable)
        layout.addLayout(left, 1)
        layout.addWidget(self._build_side_panel())

        self.points.subscribe(self._points_changed)
        self.form["learn_live"].toggled.connect(self._show_title)
        self.controller.runningChanged.connect(self._show_title)
        self.controller.runningChanged.connect(self._running_changed)
        self.map.pointClicked.connect(self._clicked)
        self.map.pointDragged.connect(self._dragged)
        self.map.hovered.connect(self._hovered)

        self.controller.set_model("model", self._build_model(2), lr=self.default_lr)
        self.load_preset("blobs")
        self.undo_stack.clear()

    # ------------------------------------------------------------- building
    def _build_toolbar(self):
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Class:"))
        self.class_group = QButtonGroup(self)
        self.class_buttons = []
        for k, hexcol in enumerate(CLASS_HEX):
            b = QToolButton()
            b.setText(f" {k} ")
            b.setCheckable(True)
            b.setMinimumSize(34, 28)
            b.setToolTip(f"Place {CLASS_WORDS[k]} points of class {k} (key {k})")
            b.setStyleSheet(
                f"QToolButton {{ background: {hexcol}; color: white; font-weight: bold;"
                f" border: 2px solid {hexcol}; border-radius: 4px; }}"
                "QToolButton:checked { border: 3px solid #111; }")
            self.class_group.addButton(b, k)
            self.class_buttons.append(b)
            bar.addWidget(b)
        self.class_buttons[0].setChecked(True)
        self.class_group.idClicked.connect(self.select_class)
        bar.addStretch(1)
        presets = QHBoxLayout()  # a row of its own: the toolbar fits a 1280-pixel screen
        f = self.form
        self.preset_box, self.n_points, self.noise, self.seed = f["preset"], f["n"], f["noise"], f["seed"]
        load = QPushButton("Load preset")
        load.setToolTip("Replace the points with the preset (undo brings them back)")
        load.clicked.connect(lambda: self.load_preset(self.preset_box.currentText(),
                                                      self.n_points.value(), self.noise.value(),
                                                      self.seed.value()))
        self.preset_box.currentTextChanged.connect(self._preset_defaults)
        clear = QPushButton("Clear")
        clear.setToolTip("Remove every point (undo brings them back)")
        clear.clicked.connect(self.clear_points)
        self.fit_button = QPushButton("Fit view")
        self.fit_button.setToolTip("Show every point again.  The wheel zooms the map and "
                                   "dragging empty space pans it; clicks still add points.")
        self.fit_button.clicked.connect(self.fit_view)
        for w in (QLabel("Preset:"), self.preset_box, QLabel("n"), self.n_points):
            presets.addWidget(w)
        presets.addStretch(1)
        presets.addWidget(self.fit_button)
        draw = QHBoxLayout()
        for w in (QLabel("noise"), self.noise, QLabel("seed"), self.seed):
            draw.addWidget(w)
        draw.addStretch(1)
        # with the line's handles: gradient descent carries on from the line set by hand
        self.train_here = QPushButton("Train from here")
        self.train_here.setToolTip("Gradient descent starts from the line you set by hand")
        self.train_here.clicked.connect(self.controller.play)
        self.train_here.setVisible(False)
        draw.addWidget(self.train_here)
        draw.addWidget(self.form["learn_live"])
        for w in (load, clear):  # with the class buttons: both rows fit 1280 pixels at any size
            bar.addWidget(w)
        rows = QVBoxLayout()
        rows.addLayout(bar)
        rows.addLayout(presets)
        rows.addLayout(draw)
        return rows

    def _build_side_panel(self):
        panel, v = side_panel(390)

        model_box = QGroupBox("Model")
        form = QFormLayout(model_box)
        f = self.form
        self.model_kind, self.penalty, self.lam, self.poly = f["kind"], f["penalty"], f["lam"], f["poly"]
        self.layers, self.units, self.activation = f["layers"], f["units"], f["activation"]
        form.addRow("Type", self.model_kind)
        pen_row = QHBoxLayout()
        pen_row.addWidget(self.penalty)
        pen_row.addWidget(QLabel("λ"))
        pen_row.addWidget(self.lam)
        form.addRow("Penalty", pen_row)
        form.addRow("Features", self.poly)
        self.two_scores = f["two_scores"]
        form.addRow("", self.two_scores)
        self.standardize = self.form["standardize"]
        form.addRow("", self.standardize)
        net_row = QHBoxLayout()
        for w in (self.layers, QLabel("layers ×"), self.units, QLabel("units"), self.activation):
            net_row.addWidget(w)
        self.net_label = QLabel("Hidden")
        form.addRow(self.net_label, net_row)
        self._net_widgets = [self.layers, self.units, self.activation]
        v.addWidget(model_box)

        show_box = QGroupBox("Show")
        sv = QGridLayout(show_box)  # two columns: the loss plots stay in view at 720 pixels
        self.contours, self.discretize, self.size_by_loss = (
            f["contours"], f["discretize"], f["size_by_loss"])
        self.split = QCheckBox(f"hold out {int(TEST_FRACTION * 100)} %")
        self.split.setToolTip(f"Train on {100 - int(TEST_FRACTION * 100)} % of the points and "
                              "test on the rest (drawn hollow)")
        self.show_arrows, self.grab_line = f["arrows"], f["grab"]
        for i, w in enumerate((self.contours, self.discretize, self.size_by_loss, self.split,
                               self.show_arrows, self.grab_line)):
            sv.addWidget(w, i // 2, i % 2)
        v.addWidget(show_box)

        self.equation = QLabel()
        self.equation.setWordWrap(True)
        zoomed_font(self.equation, 11, bold=False)
        self.equation.setTextFormat(Qt.RichText)
        keep_lines(self.equation, 5)
        self.equation.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        v.addWidget(self.equation)
        self.readout = QLabel("Hover over the map to read the model's probabilities.")
        self.readout.setWordWrap(True)
        self.readout.setTextFormat(Qt.RichText)
        keep_lines(self.readout, 3)  # text changes must never re-lay-out the window
        self.readout.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        v.addWidget(self.readout)
        v.addWidget(self.loss_plot, 1)
        v.addWidget(self.norm_plot)
        self.accuracy = QLabel()
        zoomed_font(self.accuracy, 11)
        self.accuracy.setWordWrap(True)
        keep_lines(self.accuracy, 1)
        v.addWidget(self.accuracy)
        panel.pin(self.controls)

        self.form.connect("kind penalty activation layers units poly standardize two_scores",
                          self._config_changed)
        self.show_arrows.toggled.connect(self._tools_changed)
        self.grab_line.toggled.connect(self._grab_toggled)
        self.lam.valueChanged.connect(self._penalty_changed)
        self.contours.toggled.connect(self._display_changed)
        self.discretize.toggled.connect(self._display_changed)
        self.size_by_loss.toggled.connect(self.map.set_size_by_loss)
        self.split.toggled.connect(self._split_changed)
        self._show_model_widgets()
        return panel

    # --------------------------------------------------------------- model
    def build_models(self, values, extra=None):
        n_classes = self.points.n_classes if extra is None else max(2, int(max(extra[1], default=1)) + 1)
        return {"model": self._model_from(values, n_classes)}

    @staticmethod
    def _model_from(v, n_classes):
        common = {"features": "poly2" if v["poly"] else "linear", "standardize": v["standardize"]}
        penalty = {"penalty": PENALTY_NAMES[v["penalty"]], "lam": v["lam"]}
        if v["kind"] == KINDS[1]:
            return NeuralNetwork(2, (v["units"],) * v["layers"], activation=v["activation"],
                                 n_classes=n_classes, rng=np.random.default_rng(v["seed"]),
                                 **penalty, **common)
        if n_classes > 2 or v["two_scores"]:
            return SoftmaxRegression(2, n_classes, **penalty, **common)
        return RegularizedLogisticRegression(2, **penalty, **common)

    def _build_model(self, n_classes):
        return self._model_from(self.form.values(), n_classes)

    def _penalty_name(self):
        return PENALTY_NAMES[self.penalty.currentText()]

    def _rebuild_model(self):
        Xtr, ytr, Xte, yte = self.points.train_test()
        self.controller.set_model("model", self._build_model(self._n_classes), X=Xtr, y=ytr,
                                  X_test=Xte, y_test=yte)
        self.loss_plot.reset_curves()
        self.norm_plot.reset_curves()
        self.controller.apply()

    def _show_model_widgets(self):
        net = self.model_kind.currentIndex() == 1
        for w in self._net_widgets:
            w.setEnabled(net)
        self.lam.setEnabled(self._penalty_name() is not None)
        # with three or more classes the linear model is softmax regression: say so
        self.model_kind.setItemText(0, "Softmax regression" if self._n_classes > 2
                                    else "Logistic regression")
        self.map_key.setText(map_key(self._n_classes))
        # room for its equation: a heading, a score line per class, the note on units
        keep_lines(self.equation, max(5, 3 + self._n_classes))
        # a control that is greyed out says why
        self.penalty.setToolTip(self.form.tip("penalty") + (" (every weight matrix of the "
                                                            "network, never a bias)" if net else ""))
        self.lam.setToolTip("Choose L2 or L1 first: with no penalty λ does nothing"
                            if self._penalty_name() is None else self.form.tip("lam"))
        for name, w in zip(("layers", "units", "activation"), self._net_widgets):
            w.setToolTip(self.form.tip(name) if net else
                         "Hidden layers belong to the neural network: choose it under Type")
        two = not net and self._n_classes == 2
        self.two_scores.setEnabled(two)
        self.two_scores.setToolTip(self.form.tip("two_scores") if two else
                                   "For two classes and the linear model only (with more "
                                   "classes the linear model is softmax already)")
        line = self._has_line()
        for name in ("arrows", "grab"):
            self.form[name].setEnabled(line)
            self.form[name].setToolTip(self.form.tip(name) if line else
                                       "For logistic regression on x₁, x₂ (two classes, no "
                                       "added features, not as softmax): its boundary is one "
                                       "line with one w")
        self.train_here.setVisible(self.grab_line.isChecked() and line)

    def _has_line(self):
        """Is the model logistic regression with one straight line (arrows, handles)?"""
        v = self.form.values()
        return (v["kind"] == KINDS[0] and self._n_classes == 2 and not v["poly"]
                and not v["two_scores"])

    def _config_changed(self, *_):
        self.map.keep_before()  # the class compares the new boundary with this one
        self._show_model_widgets()
        self._rebuild_model()

    def _penalty_changed(self, *_):
        self.map.keep_before()
        self.controller.update_model("set_penalty", self._penalty_name(), self.lam.value())
        self.controller.apply()

    # ------------------------------------------------------------- editing
    def select_class(self, k):
        if 0 <= k < MAX_CLASSES:
            self.current_class = k
            self.class_buttons[k].setChecked(True)

    def _map_title(self):
        """What the map's title promises, true in every state."""
        if not self.form.value("learn_live"):
            return ("Training — click to add points" if self.controller.running
                    else "Click to add points, then press Train")
        return ("Click to add points — the model learns as you edit" if self.controller.running
                else "Click to add points — training starts when you do")

    def _show_title(self, *_):
        retitle(self.map, self._map_title())

    def _edited(self):
        """The user changed the points on the map: learn from them now (if wanted)."""
        if self.form.value("learn_live") and not self.controller.running:
            self.controller.play()

    def _clicked(self, x, y, button, modifiers):
        if button == Qt.RightButton:
            i = self.map.nearest_point(x, y)
            if i is not None:
                self.undo_stack.push(_Remove(self.points, i))
                self._edited()
            return
        label = self.current_class
        if modifiers & Qt.ShiftModifier and self._n_classes == 2 and label < 2:
            label = 1 - label
        self.undo_stack.push(_Add(self.points, x, y, label))
        self._edited()

    def _dragged(self, i, x, y, finished):
        if self._drag_origin is None:
            self._drag_origin = tuple(self.points.X[i])
        if finished:
            old, self._drag_origin = self._drag_origin, None
            self.undo_stack.push(_Move(self.points, i, old, (x, y)))
            self._edited()
        else:
            self.points.move(i, x, y)

    def add_point(self, x, y, label, learn=True):
        """Add a point of class ``label`` as a click would (undoable; learnt live if
        "learn while I edit" is on and ``learn``: a lesson trains it itself)."""
        self.undo_stack.push(_Add(self.points, float(x), float(y), int(label)))
        if learn:
            self._edited()

    def delete_nearest(self):
        """Remove the point nearest to the mouse (the Delete key)."""
        i = self.points.nearest(*getattr(self.map, "last_hover", (0.0, 0.0)))
        if i is not None:
            self.undo_stack.push(_Remove(self.points, i))
            self._edited()

    def fit_view(self):
        """Show every point with a margin (the default square when there are none)."""
        X = self.points.X
        if not len(X):
            lo, hi = np.array([-4.0, -4.0]), np.array([4.0, 4.0])
        else:
            # (column by column: numpy's min along rows of two columns is 13x slower)
            lo = np.array([X[:, 0].min(), X[:, 1].min()])
            hi = np.array([X[:, 0].max(), X[:, 1].max()])
            centre, half = (lo + hi) / 2, np.maximum((hi - lo) / 2, 1e-3 * np.abs(lo + hi) + 0.5)
            lo, hi = centre - 1.25 * half, centre + 1.25 * half
        self.map.setRange(xRange=(lo[0], hi[0]), yRange=(lo[1], hi[1]), padding=0)

    def clear_points(self):
        if len(self.points):
            self.undo_stack.push(_Replace(self.points, (np.empty((0, 2)), np.empty(0), None),
                                          "clear points"))

    def set_points(self, X, y, text="replace points"):
        test = self._split_mask(len(y)) if self.split.isChecked() else None
        self.undo_stack.push(_Replace(self.points, (X, y, test), text))

    def load_preset(self, name, n_points=None, noise=None, seed=None):
        d = make_preset(name, n_points, noise, seed)
        if self.preset_box.currentText() != name:
            self.form.set_values({"preset": name})
            if n_points is None and noise is None:
                self._preset_defaults(name)
        # the controls say what drew these points
        given = {"n": n_points, "noise": noise, "seed": seed}
        self.form.set_values({k: v for k, v in given.items() if v is not None})
        self.set_points(d.X, d.y.astype(int), f"load {name}")

    def _preset_defaults(self, name):
        n, noise = PRESET_DEFAULTS[name]
        self.form.set_values({"n": n, "noise": noise})

    def _split_mask(self, n):
        rng = np.random.default_rng(self.seed.value())
        mask = np.zeros(n, bool)
        mask[rng.permutation(n)[: int(round(n * TEST_FRACTION))]] = True
        return mask

    def _split_changed(self, on):
        X, y, _ = self.points.state()
        test = self._split_mask(len(y)) if on else None
        self.undo_stack.push(_Replace(self.points, (X, y, test),
                                      "hold out test points" if on else "use all points"))

    def _points_changed(self, kind, index):
        p = self.points
        self.timeline.back_to_now()  # an edit acts on the present
        if not (kind == "add" and not self._separable):  # (a point more never separates)
            self._check_separable(new_set=kind not in ("add", "move"))
        self.loss_plot.show_series("test", bool(p.test.any()))  # a test curve only with test points
        n_classes = p.n_classes
        if kind == "add":
            self.map.add_point(*p.X[index], p.y[index], p.test[index])
        elif kind == "move":
            self.map.move_point(index, *p.X[index])
        else:
            self.map.set_points(p.X, p.y, p.test)
            if index == -1:  # a new set of points (preset, file, clear, undo of those)
                self.fit_view()
                self.map.clear_before()  # a boundary of other points means nothing here
        if n_classes != self._n_classes:
            self._n_classes = n_classes
            self._show_model_widgets()
            self._rebuild_model()
        else:
            Xtr, ytr, Xte, yte = p.train_test()
            self.controller.set_data(Xtr, ytr, X_test=Xte, y_test=yte)
            self.controller.apply()

    # ----------------------------------------------------------- sessions
    def check_extra(self, d, where):
        return PointSet.from_dict(d.get("points"), where)

    def extra_state(self):
        return {"points": self.points.to_dict()}

    def apply_extra(self, points):
        X, y, test = points
        self.split.blockSignals(True)
        self.split.setChecked(bool(test.any()))
        self.split.blockSignals(False)
        self.points.replace(X, y, test, quiet=True)
        self.undo_stack.clear()
        self.map.set_points(self.points.X, self.points.y, self.points.test)
        self._n_classes = self.points.n_classes

    def refresh(self):
        self._display_changed()
        self.map.set_size_by_loss(self.size_by_loss.isChecked())
        self._show_model_widgets()
        self._rebuild_model()

    # -------------------------------------------------------------- files
    def open_csv(self, path=None):
        """Load points from CSV; a bad file is refused and the current points kept."""
        path = choose_path(self, path, "Open points", "", "CSV files (*.csv)", save=False)
        if path is None:
            return None

        def loaded(points):
            self.set_points(*points, "open file")
            self.message.emit(f"Loaded {len(points[1]):,} points from {show_path(path)}")
        # (read in a thread: the window goes on while a big file is read; a file chosen
        # meanwhile takes its place)
        return self.file_job.start(
            lambda progress, cancelled: read_points_csv(path), loaded,
            lambda why: self.message.emit(f"Not loaded — {why}. Your points are unchanged."))

    def save_csv(self, path=None):
        path = choose_path(self, path, "Save points", "points.csv", "CSV files (*.csv)",
                           save=True)
        if path is None:
            return False
        try:
            write_points_csv(path, self.points.X, self.points.y)
        except OSError as exc:
            self.message.emit(f"Could not save {show_path(path)}: {exc.strerror or exc}")
            return False
        self.message.emit(f"Saved {len(self.points):,} points to {show_path(path)}")
        return True

    # ------------------------------------------------------------- drawing
    def _display_changed(self, *_):
        self.map.show_contours = self.contours.isChecked()
        self.map.discretize = self.discretize.isChecked()
        self.map.redraw()

    def draw(self, snap):
        model = snap.models["model"]
        if snap.reset:
            if self._resumed_at is not None:  # the run goes on from an epoch of its past
                self.loss_plot.truncate(self._resumed_at)
                self.norm_plot.truncate(self._resumed_at)
                self._resumed_at = None
            else:
                self.loss_plot.reset_curves()
                self.norm_plot.reset_curves()
                self.timeline.clear()
        self.loss_plot.extend("train", snap.first_epoch, snap.losses["model"])
        penalties = snap.penalties.get("model")
        if penalties is not None:
            self.loss_plot.extend("objective", snap.first_epoch, snap.losses["model"] + penalties)
        self.loss_plot.show_series("objective", bool(getattr(model, "penalty", None)
                                                     and model.lam > 0))
        m = snap.metrics.get("model", {})
        if "test_loss" in m:
            self.loss_plot.append_point("test", snap.epoch, m["test_loss"])
        self.norm_plot.append_point("norm", snap.epoch, model.weight_norm())
        self._now = snap
        self.timeline.record(snap.epoch, model, show=self._text_now)
        if not self.timeline.in_past:
            self._show_model(model, m)

    def _show_model(self, model, m, epoch=None):
        """Map, line tools, equation and numbers for ``model`` (``m``: its metrics); an
        ``epoch`` says it is a moment of the past shown by the timeline."""
        self.map.set_model(model, errors=self._text_now or epoch is not None)
        self._show_tools(model, past=epoch is not None)
        self._show_score_lines(model)
        self.loss_plot.mark(epoch)
        if not self._text_now and epoch is None:
            return
        parts = [] if epoch is None else [f"<b>epoch {epoch:,}</b>"]
        if "accuracy" in m:
            parts.append(f"training accuracy {m['accuracy']:.1%}")
        if "test_accuracy" in m:
            parts.append(f"test accuracy {m['test_accuracy']:.1%}")
        if epoch is not None and "loss" in m:
            parts.append(f"loss {m['loss']:.4f}")
        self.accuracy.setText(" · ".join(parts) or "no points yet: click on the map")
        self.equation.setText(self._equation_html(model))
        self._show_separable(model)
        if hasattr(self.map, "last_hover"):  # the readout follows the model, not just the mouse
            self._hovered(*self.map.last_hover)

    def _check_separable(self, new_set=False):
        """Work out whether one line splits the training points; the note follows.
        ``new_set``: other points altogether; a note about the old ones goes at once
        (before the map is drawn at its size without the note)."""
        X, y, _, _ = self.points.train_test()
        self.separable_task.cancel()
        if self.points.n_classes != 2 or len(y) < 2:
            self._set_separable(False)
        elif len(y) <= SYNC_SEPARABLE:
            self._set_separable(linearly_separable(X, y))
        else:
            if new_set:
                self._set_separable(False)
            X, y = X.copy(), y.copy()
            self.separable_task.start(lambda progress, cancelled: linearly_separable(X, y),
                                      self._set_separable)

    def _set_separable(self, value):
        self._separable = bool(value)
        if self._now is not None and not self.timeline.in_past:
            self._show_separable(self._now.models["model"])

    def shutdown(self):
        self.file_job.shutdown()
        self.separable_task.shutdown()
        self.map.shutdown()
        super().shutdown()

    def _show_separable(self, model):
        note = ""
        if self._separable:
            penalised = getattr(model, "penalty", None) and model.lam > 0
            note = ("<b>Linearly separable:</b> one straight line splits these points. "
                    + ("Without a penalty ‖w‖ would grow without end; the penalty levels it "
                       "off (see ‖w‖ below the loss)." if penalised else
                       "With no penalty ‖w‖ grows without end (see the plot under the loss), "
                       "the edge sharpens towards a step and the loss creeps towards 0 "
                       "without reaching it. An L2 penalty levels ‖w‖ off."))
        if note != self.separable.text():
            self.separable.setText(note)
            if self.separable.isHidden() == bool(note):  # (isVisible: False until shown)
                self.separable.setVisible(bool(note))
                # the map takes its new size now, before it is painted: painted first and
                # resized after, it drew every point twice (100,000 points: 40 ms more)
                self.layout().activate()

    # ------------------------------------------------------- line by hand
    def _line_of(self, model):
        if not isinstance(model, RegularizedLogisticRegression) or model.features != "linear":
            return None
        return model.raw_coefficients()

    def _show_tools(self, model, past=False):
        line = self._line_of(model) if self._has_line() else None
        arrows_on = self.show_arrows.isChecked() and line is not None
        pulls = X = None
        if arrows_on:
            X, y, _, _ = self.points.train_test()
            pulls = model.pulls(X, y) if X is not None and len(X) else None
        self.tools.show(line, X, pulls, arrows_on=arrows_on,
                        handles_on=self.grab_line.isChecked() and not past and line is not None)
        key = self.tools.key()
        if (key or "") != self.arrow_key.text() and (self._text_now or past or key is None):
            self.arrow_key.setText(key or "")
            self.arrow_key.setVisible(bool(key))

    def _show_score_lines(self, model):
        """Softmax with two classes: each class's own score line z_k = 0, dashed."""
        rect = self.map.view_rect()
        on = isinstance(model, SoftmaxRegression) and model.n_classes == 2 \
            and model.features == "linear"
        for k, item in enumerate(self.score_lines):
            seg = []
            if on:
                W, b = model.raw_coefficients()
                if np.isfinite(W).all() and np.any(W[:, k]):
                    seg = line_in_rect(W[0, k], W[1, k], b[k], rect)
            set_xy(item, *np.asarray(seg, dtype=float).reshape(-1, 2).T)  # (unchanged: untouched)

    def _tools_changed(self, *_):
        if self._now is not None and not self.timeline.in_past:
            self._show_tools(self._now.models["model"])

    def _grab_toggled(self, on):
        self.train_here.setVisible(on and self._has_line())
        if on:
            self.controller.pause()
            model = self._now.models["model"] if self._now is not None else None
            line = self._line_of(model) if model is not None else None
            if line is not None and not np.any(line[0]):  # w = 0: no line yet to grab
                X = self.points.X
                centre = X.mean(axis=0) if len(X) else np.zeros(2)
                self.undo_stack.push(_SetLine(self, line, (np.array([0.0, 1.0]),
                                                           float(-centre[1]))))
        self._tools_changed()

    def current_line(self):
        """(w, b) of the model's line in the inputs' units (None without one)."""
        return None if self._now is None else self._line_of(self._now.models["model"])

    def set_line(self, w, b):
        """Put the line w·x + b = 0 (inputs' units) into the model; training pauses."""
        w, b = np.array(w, dtype=float), float(b)
        self.controller.pause()
        self.controller.update_model("set_raw_coefficients", w, b)
        self.controller.apply()

    def _line_moved(self, w, b, finished):
        if self._grab_origin is None:
            self._grab_origin = self.current_line()
        if finished:
            old, self._grab_origin = self._grab_origin, None
            if old is not None:
                self.undo_stack.push(_SetLine(self, old, (np.array(w), float(b))))
        else:
            self.set_line(w, b)

    # ------------------------------------------------------------ timeline
    def _show_moment(self, moment):
        """The timeline moved: show a kept moment of the run (None: the present)."""
        if moment is None:
            if self._now is not None:
                self._text_now = True
                self._show_model(self._now.models["model"], self._now.metrics.get("model", {}))
            return
        self.controller.pause()
        epoch, model = moment
        m = {}
        X, y, _, _ = self.points.train_test()
        if X is not None and len(X):
            m["loss"], m["accuracy"] = model.evaluate(model.prepare(X, y))
        self._show_model(model, m, epoch)

    def _resume(self, epoch, model):
        """Train on from a moment of the past: its parameters at its epoch."""
        self._resumed_at = epoch
        self.controller.load_state({"model": model.get_parameters()}, epoch)
        self.controller.play()

    def _running_changed(self, running):
        if running and self.timeline.in_past:
            self.timeline.back_to_now()


    def _equation_html(self, model):
        def num(v, first=False):
            sign = "−" if v < 0 else ("" if first else "+ ")
            a = abs(v)
            text = f"{a:.0f}" if a >= 100 else f"{a:.2f}" if a >= 1 or a == 0 else f"{a:.3g}"
            return f"{sign}{text}" if first or v >= 0 else f"{sign} {text}"

        linear = model.features == "linear"
        scaled = model.scale is not None and not linear
        names = ["x̃₁", "x̃₂", "x̃₁²", "x̃₂²", "x̃₁x̃₂"] if scaled else ["x₁", "x₂", "x₁²", "x₂²", "x₁x₂"]
        note = ""
        if scaled:
            (m1, m2), (s1, s2) = model.scale
            note = (f"<br><small>in standardised units: x̃₁ = (x₁ − {m1:.3g}) / {s1:.3g}, "
                    f"x̃₂ = (x₂ − {m2:.3g}) / {s2:.3g}</small>")
        elif model.scale is not None:
            note = "<br><small>(learnt on standardised inputs; shown in your units)</small>"
        if isinstance(model, RegularizedLogisticRegression):
            if not np.any(model.w):  # w = 0: z = b everywhere, so there is no line at all
                return ("<b>No boundary yet</b>: with w = 0 every point gets the same "
                        f"P = {float(sigmoid(model.b)):.2f}. Train, or click a point, to find one.")
            w, b = model.raw_coefficients() if linear else (model.w, model.b)
            terms = " ".join(f"{num(v, i == 0)}·{n}" for i, (v, n) in enumerate(zip(w, names)))
            return (f"<b>Boundary</b> (where P = 0.5, z = 0):<br>"
                    f"<span style='font-size:large'>{terms} {num(b)} = 0</span>{note}")
        if isinstance(model, SoftmaxRegression):
            W, bs = model.raw_coefficients() if linear else (model.W, model.b)
            rows = []
            for k in range(model.n_classes):
                terms = " ".join(f"{num(v, i == 0)}·{n}"
                                 for i, (v, n) in enumerate(zip(W[:, k], names)))
                rows.append(f"<span style='color:{CLASS_HEX[k]}'>z<sub>{k}</sub> = "
                            f"{terms} {num(bs[k])}</span>")
            if model.n_classes == 2:  # the difference of the scores is logistic regression
                d, db = W[:, 1] - W[:, 0], bs[1] - bs[0]
                rows.append(f"z₁ − z₀ = {num(d[0], True)}·{names[0]} {num(d[1])}·{names[1]} "
                            f"{num(db)}: the boundary, as logistic regression's z at twice "
                            "the learning rate")
            return ("<b>Softmax regression</b>: each class has a score z; the biggest "
                    "wins.<br>" + "<br>".join(rows) + note)
        sizes = " → ".join(str(s) for s in model.layer_sizes)
        return (f"<b>Network</b> {sizes} ({model.activation}). Its last layer is logistic "
                "regression on features the hidden units learn, so the boundary can bend.")

    def _hovered(self, x, y):
        model = self.map.model
        if model is None:
            return
        P = model.proba_matrix(np.array([[x, y]]))[0]
        probs = ", ".join(f"<span style='color:{CLASS_HEX[k]}'>P({CLASS_WORDS[k]}) "
                          f"{p:.3f}</span>" for k, p in enumerate(P))
        extra = ""
        if isinstance(model, RegularizedLogisticRegression):
            extra = f"; z = w·x + b = {model.decision_function([[x, y]])[0]:.3f}"
        self.readout.setText(f"At ({x:.2f}, {y:.2f}): {probs}{extra}")


if __name__ == "__main__":  # python -m lrviz.ui.tabs.boundary
    from ..app import run_single_tab

    run_single_tab(BoundaryTab)
