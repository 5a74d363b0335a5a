"""Boundary Builder: place points by hand and watch the boundary and its confidence learn.

Click to add a point of the selected class (Shift+click: the other class when
there are two), drag to move one, right-click or Delete to remove the nearest;
every edit can be undone.  While training runs each edit is learnt from the
next epoch on.  With three or more classes the model becomes softmax
regression (or a network with a softmax output).
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
)

from ...data import PRESETS_2D, DataFileError, make_preset, read_points_csv, write_points_csv
from ...models import NeuralNetwork, RegularizedLogisticRegression, SoftmaxRegression
from ..theme import CLASS_HEX, title_font
from ..widgets.forms import choose_path, combo_box, side_panel, signals_blocked, spin_box
from ..widgets.loss_plot import LossPlot
from ..widgets.probability_map import ProbabilityMap
from ..widgets.training_controls import TrainingControls
from .base import TrainingTab

MAX_CLASSES = 5
TEST_FRACTION = 0.3
COLOUR_WORDS = ["red", "blue", "green", "purple", "orange"]


class PointSet(QObject):
    """The labelled points being edited.  ``changed(kind, index)``: kind "add" or "all"."""

    changed = Signal(str, int)

    def __init__(self):
        super().__init__()
        self.X = np.empty((0, 2))
        self.y = np.empty(0, dtype=int)
        self.test = np.empty(0, dtype=bool)

    def __len__(self):
        return len(self.y)

    def add(self, x, y, label, test=False):
        self.X = np.vstack([self.X, [[x, y]]])
        self.y = np.append(self.y, int(label))
        self.test = np.append(self.test, bool(test))
        self.changed.emit("add", len(self.y) - 1)

    def row(self, i):
        return self.X[i].copy(), int(self.y[i]), bool(self.test[i])

    def remove(self, i):
        row = self.row(i)
        self.X = np.delete(self.X, i, axis=0)
        self.y = np.delete(self.y, i)
        self.test = np.delete(self.test, i)
        self.changed.emit("all", i)
        return row

    def insert(self, i, row):
        xy, label, test = row
        self.X = np.insert(self.X, i, xy, axis=0)
        self.y = np.insert(self.y, i, label)
        self.test = np.insert(self.test, i, test)
        self.changed.emit("all", i)

    def move(self, i, x, y):
        self.X[i] = (x, y)
        self.changed.emit("all", i)

    def replace(self, X, y, test=None):
        self.X = np.array(X, dtype=float).reshape(-1, 2)
        self.y = np.array(y, dtype=int)
        self.test = np.zeros(len(self.y), bool) if test is None else np.array(test, bool)
        self.changed.emit("all", -1)

    def state(self):
        return self.X.copy(), self.y.copy(), self.test.copy()

    def train_test(self):
        tr = ~self.test
        return self.X[tr], self.y[tr], self.X[self.test], self.y[self.test]


class _Add(QUndoCommand):
    def __init__(self, points, x, y, label, test=False):
        super().__init__(f"add {COLOUR_WORDS[label]} point")
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


class BoundaryTab(TrainingTab):
    title = "Boundary Builder"

    def __init__(self, parent=None):
        super().__init__(parent)
        self.points = PointSet()
        self.undo_stack = QUndoStack(self)
        self.current_class = 0
        self._drag_origin = None
        self._n_classes = 2

        self.map = ProbabilityMap(editable=True, title="Click to add points — the model learns live")
        self.map.setMinimumSize(480, 420)
        self.loss_plot = LossPlot("Loss per epoch")
        self.loss_plot.add_series("train", "training", "text")
        self.loss_plot.add_series("test", "test", "#777777", dashed=True)
        self.controls = TrainingControls(self.controller, lr=0.5)

        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        left.addLayout(self._build_toolbar())
        left.addWidget(self.map, 1)
        layout.addLayout(left, 1)
        layout.addWidget(self._build_side_panel())

        self.points.changed.connect(self._points_changed)
        self.map.pointClicked.connect(self._clicked)
        self.map.pointDragged.connect(self._dragged)
        self.map.hovered.connect(self._hovered)
        self.controls.learningRateChanged.connect(lambda lr: self.trainer.set_lr(lr))

        self.trainer.add("model", self._build_model(2), lr=0.5)
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
            b.setToolTip(f"Place {COLOUR_WORDS[k]} points (key {k + 1})")
            b.setStyleSheet(
                f"QToolButton {{ background: {hexcol}; color: white; font-weight: bold;"
                f" border: 2px solid {hexcol}; border-radius: 4px; }}"
                "QToolButton:checked { border: 3px solid #111; }")
            self.class_group.addButton(b, k)
            self.class_buttons.append(b)
            bar.addWidget(b)
        self.class_buttons[0].setChecked(True)
        self.class_group.idClicked.connect(self.select_class)
        bar.addSpacing(16)
        self.preset_box = QComboBox()
        self.preset_box.addItems(list(PRESETS_2D))
        self.preset_box.setToolTip("A built-in data set to start from")
        self.n_points = spin_box(4, 10000, 100, "Number of points the preset draws")
        self.noise = QDoubleSpinBox()
        self.noise.setRange(0.0, 3.0)
        self.noise.setSingleStep(0.05)
        self.noise.setValue(1.0)
        self.noise.setToolTip("Spread of the preset's clouds")
        self.seed = spin_box(0, 99999, 42, "Seed: the same seed draws the same points")
        load = QPushButton("Load preset")
        load.setToolTip("Replace the points with the preset (undo brings them back)")
        load.clicked.connect(lambda: self.load_preset(self.preset_box.currentText(),
                                                      self.n_points.value(), self.noise.value(),
                                                      self.seed.value()))
        self.preset_box.currentTextChanged.connect(self._preset_defaults)
        clear = QPushButton("Clear")
        clear.setToolTip("Remove every point (undo brings them back)")
        clear.clicked.connect(self.clear_points)
        for w in (QLabel("Preset:"), self.preset_box, QLabel("n"), self.n_points,
                  QLabel("noise"), self.noise, QLabel("seed"), self.seed, load, clear):
            bar.addWidget(w)
        bar.addStretch(1)
        return bar

    def _build_side_panel(self):
        panel, v = side_panel(390)

        model_box = QGroupBox("Model")
        form = QFormLayout(model_box)
        self.model_kind = combo_box(["Logistic regression", "Neural network"],
                                    "Logistic regression draws one straight boundary; "
                                    "a network can bend it")
        self.penalty = combo_box(["none", "L2", "L1"],
                                 "Penalty on the weights: L2 shrinks them, L1 pushes them to zero")
        self.lam = QDoubleSpinBox()
        self.lam.setDecimals(3)
        self.lam.setRange(0.0, 10.0)
        self.lam.setSingleStep(0.01)
        self.lam.setValue(0.01)
        self.lam.setToolTip("λ: how strongly the penalty pulls the weights")
        self.poly = QCheckBox("add x₁², x₂², x₁x₂")
        self.poly.setToolTip("Polynomial features: a linear model on them can draw circles "
                             "and ellipses")
        self.layers = spin_box(1, 2, 1, "Hidden layers of the network")
        self.units = spin_box(1, 16, 6, "Units in each hidden layer")
        self.activation = combo_box(["tanh", "sigmoid", "relu"],
                                    "The hidden units' activation function")
        form.addRow("Type", self.model_kind)
        pen_row = QHBoxLayout()
        pen_row.addWidget(self.penalty)
        pen_row.addWidget(QLabel("λ"))
        pen_row.addWidget(self.lam)
        form.addRow("Penalty", pen_row)
        form.addRow("Features", self.poly)
        net_row = QHBoxLayout()
        for w in (self.layers, QLabel("layers ×"), self.units, QLabel("units"), self.activation):
            net_row.addWidget(w)
        self.net_label = QLabel("Hidden")
        form.addRow(self.net_label, net_row)
        self._net_widgets = [self.layers, self.units, self.activation]
        v.addWidget(model_box)

        show_box = QGroupBox("Show")
        sv = QVBoxLayout(show_box)
        self.contours = QCheckBox("probability contours 0.1 … 0.9")
        self.discretize = QCheckBox("discretize (regions only)")
        self.size_by_loss = QCheckBox("size points by their loss")
        self.split = QCheckBox(f"hold out {int(TEST_FRACTION * 100)} % as test points (hollow)")
        self.contours.setToolTip("Lines of equal probability around the boundary")
        self.discretize.setToolTip("Colour by predicted class only, ignoring confidence")
        self.size_by_loss.setToolTip("Big points cost the model a lot; confident correct "
                                     "points are small and barely move the weights")
        self.split.setToolTip("Train on 70 % of the points and test on the rest")
        for w in (self.contours, self.discretize, self.size_by_loss, self.split):
            sv.addWidget(w)
        v.addWidget(show_box)

        self.equation = QLabel()
        self.equation.setWordWrap(True)
        self.equation.setFont(title_font(11, bold=False))
        self.equation.setTextFormat(Qt.RichText)
        self.equation.setFixedSize(380, 120)
        self.equation.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        v.addWidget(self.equation)
        self.readout = QLabel("Hover over the map to read the model's probabilities.")
        self.readout.setWordWrap(True)
        self.readout.setTextFormat(Qt.RichText)
        self.readout.setFixedSize(380, 60)  # text changes must never re-lay-out the window
        self.readout.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        v.addWidget(self.readout)
        v.addWidget(self.loss_plot, 1)
        self.accuracy = QLabel()
        self.accuracy.setFont(title_font(11))
        self.accuracy.setFixedSize(380, 26)
        v.addWidget(self.accuracy)
        v.addWidget(self.controls)

        for w in (self.model_kind, self.penalty, self.activation):
            w.currentIndexChanged.connect(self._config_changed)
        for w in (self.layers, self.units):
            w.valueChanged.connect(self._config_changed)
        self.poly.toggled.connect(self._config_changed)
        self.lam.valueChanged.connect(self._penalty_changed)
        self.contours.toggled.connect(self._display_changed)
        self.discretize.toggled.connect(self._display_changed)
        self.size_by_loss.toggled.connect(self.map.set_size_by_loss)
        self.split.toggled.connect(self._split_changed)
        self._show_model_widgets()
        return panel

    # --------------------------------------------------------------- model
    def _penalty_name(self):
        return {"none": None, "L2": "l2", "L1": "l1-prox"}[self.penalty.currentText()]

    def _build_model(self, n_classes):
        features = "poly2" if self.poly.isChecked() else "linear"
        if self.model_kind.currentIndex() == 1:
            hidden = (self.units.value(),) * self.layers.value()
            return NeuralNetwork(2, hidden, activation=self.activation.currentText(),
                                 n_classes=n_classes, features=features,
                                 rng=np.random.default_rng(self.seed.value()))
        if n_classes > 2:
            return SoftmaxRegression(2, n_classes, features=features)
        return RegularizedLogisticRegression(2, penalty=self._penalty_name(),
                                             lam=self.lam.value(), features=features)

    def _rebuild_model(self):
        Xtr, ytr, Xte, yte = self.points.train_test()
        model = self._build_model(self._n_classes)
        self.trainer.set_model("model", model, lr=self.controls.lr.value(), X=Xtr, y=ytr,
                               X_test=Xte, y_test=yte)
        self.loss_plot.reset_curves()
        self.controller.sync()

    def _show_model_widgets(self):
        net = self.model_kind.currentIndex() == 1
        for w in self._net_widgets:
            w.setEnabled(net)
        self.penalty.setEnabled(not net and self._n_classes == 2)
        self.lam.setEnabled(not net and self._n_classes == 2 and self._penalty_name() is not None)

    def _config_changed(self, *_):
        self._show_model_widgets()
        self._rebuild_model()

    def _penalty_changed(self, *_):
        penalty, lam = self._penalty_name(), self.lam.value()

        def apply(model):
            if isinstance(model, RegularizedLogisticRegression):
                model.set_penalty(penalty, lam)
        self.trainer.update_model(apply)
        self.controller.sync()

    # ------------------------------------------------------------- editing
    def select_class(self, k):
        if 0 <= k < MAX_CLASSES:
            self.current_class = k
            self.class_buttons[k].setChecked(True)

    def _clicked(self, x, y, button, modifiers):
        if button == Qt.RightButton:
            i = self.map.nearest_point(x, y)
            if i is not None:
                self.undo_stack.push(_Remove(self.points, i))
            return
        label = self.current_class
        if modifiers & Qt.ShiftModifier and self._n_classes == 2 and label < 2:
            label = 1 - label
        self.undo_stack.push(_Add(self.points, x, y, label))

    def _dragged(self, i, x, y, finished):
        if self._drag_origin is None:
            self._drag_origin = tuple(self.points.X[i])
        if finished:
            old, self._drag_origin = self._drag_origin, None
            self.undo_stack.push(_Move(self.points, i, old, (x, y)))
        else:
            self.points.move(i, x, y)

    def delete_nearest(self):
        """Remove the point nearest to the mouse (the Delete key)."""
        if not len(self.points):
            return
        hx, hy = getattr(self.map, "last_hover", (0.0, 0.0))
        d = ((self.points.X - [hx, hy]) ** 2).sum(axis=1)
        self.undo_stack.push(_Remove(self.points, int(np.argmin(d))))

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
            self.preset_box.blockSignals(True)
            self.preset_box.setCurrentText(name)
            self.preset_box.blockSignals(False)
            if n_points is None and noise is None:
                self._preset_defaults(name)
        self.set_points(d.X, d.y.astype(int), f"load {name}")

    def _preset_defaults(self, name):
        defaults = {"blobs": (100, 1.0), "xor": (4, 0.0), "noisy-xor": (200, 0.25),
                    "circles": (200, 0.1), "moons": (200, 0.15), "spiral": (200, 0.1),
                    "three-class": (120, 0.8)}
        n, noise = defaults[name]
        self.n_points.setValue(n)
        self.noise.setValue(noise)

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
        n_classes = max(2, int(p.y.max()) + 1 if len(p.y) else 2)
        if kind == "add":
            self.map.add_point(*p.X[index], p.y[index], p.test[index])
        else:
            self.map.set_points(p.X, p.y, p.test)
        if n_classes != self._n_classes:
            self._n_classes = n_classes
            self._show_model_widgets()
            self._rebuild_model()
        else:
            Xtr, ytr, Xte, yte = p.train_test()
            self.trainer.set_data(Xtr, ytr, X_test=Xte, y_test=yte)
            self.controller.sync()

    # ----------------------------------------------------------- sessions
    key = "boundary"

    def fresh_models(self):
        return {"model": self._build_model(self._n_classes)}

    def session_state(self):
        X, y, test = self.points.state()
        return {
            "points": {"x1": X[:, 0].tolist(), "x2": X[:, 1].tolist(), "label": y.tolist(),
                       "test": test.tolist()},
            "model": {"kind": self.model_kind.currentText(), "penalty": self.penalty.currentText(),
                      "lam": self.lam.value(), "poly": self.poly.isChecked(),
                      "layers": self.layers.value(), "units": self.units.value(),
                      "activation": self.activation.currentText()},
            "preset": {"name": self.preset_box.currentText(), "n": self.n_points.value(),
                       "noise": self.noise.value(), "seed": self.seed.value()},
            "show": {"contours": self.contours.isChecked(),
                     "discretize": self.discretize.isChecked(),
                     "size_by_loss": self.size_by_loss.isChecked()},
            "lr": self.controls.lr.value(),
            **self._training_state(),
        }

    def restore_session(self, d, where):
        from ...data import MAX_ROWS
        from ...session import SessionError, array, get

        pts = get(d, "points", dict, where)
        x1 = array(pts, "x1", where)
        n = len(x1)
        if n > MAX_ROWS:
            raise SessionError(f"{where}: {n:,} points, more than {MAX_ROWS:,}")
        x2 = array(pts, "x2", where, shape=(n,))
        label = array(pts, "label", where, shape=(n,))
        if n and (label != np.round(label)).any() or n and not ((0 <= label) & (label <= 4)).all():
            raise SessionError(f"{where}: labels must be whole numbers 0..4")
        test = array(pts, "test", where, shape=(n,), dtype=bool) if n else np.zeros(0, bool)
        m = get(d, "model", dict, where)
        kind = get(m, "kind", str, where, choices=[self.model_kind.itemText(i) for i in range(2)])
        penalty = get(m, "penalty", str, where, choices=["none", "L2", "L1"])
        lam = get(m, "lam", float, where, lo=0, hi=10)
        poly = get(m, "poly", bool, where)
        layers = get(m, "layers", int, where, lo=1, hi=2)
        units = get(m, "units", int, where, lo=1, hi=16)
        act = get(m, "activation", str, where, choices=["tanh", "sigmoid", "relu"])
        pr = get(d, "preset", dict, where)
        preset = get(pr, "name", str, where, choices=list(PRESETS_2D))
        n_pts = get(pr, "n", int, where, lo=4, hi=10000)
        noise = get(pr, "noise", float, where, lo=0, hi=3)
        seed = get(pr, "seed", int, where, lo=0, hi=99999)
        show = get(d, "show", dict, where)
        flags = {k: get(show, k, bool, where) for k in ("contours", "discretize", "size_by_loss")}
        lr = get(d, "lr", float, where, lo=1e-4, hi=1e4)
        get(d, "epoch", int, where, lo=0)
        get(d, "weights", dict, where)
        # everything checked: apply
        with signals_blocked(self.model_kind, self.penalty, self.lam, self.poly, self.layers,
                             self.units, self.activation, self.preset_box, self.n_points,
                             self.noise, self.seed, self.controls.lr, self.split):
            self.model_kind.setCurrentText(kind)
            self.penalty.setCurrentText(penalty)
            self.lam.setValue(lam)
            self.poly.setChecked(poly)
            self.layers.setValue(layers)
            self.units.setValue(units)
            self.activation.setCurrentText(act)
            self.preset_box.setCurrentText(preset)
            self.n_points.setValue(n_pts)
            self.noise.setValue(noise)
            self.seed.setValue(seed)
            self.controls.lr.setValue(lr)
            self.split.setChecked(bool(test.any()))
        self.contours.setChecked(flags["contours"])
        self.discretize.setChecked(flags["discretize"])
        self.size_by_loss.setChecked(flags["size_by_loss"])
        self.trainer.set_lr(lr)
        self.points.blockSignals(True)
        self.points.replace(np.column_stack([x1, x2]) if n else np.empty((0, 2)),
                            label.astype(int), test)
        self.points.blockSignals(False)
        self.undo_stack.clear()
        self.map.set_points(self.points.X, self.points.y, self.points.test)
        self._n_classes = max(2, int(self.points.y.max()) + 1 if n else 2)
        self._show_model_widgets()
        self._rebuild_model()
        self._restore_training(d, where)

    # -------------------------------------------------------------- files
    def open_csv(self, path=None):
        """Load points from CSV; a bad file is refused and the current points kept."""
        path = choose_path(self, path, "Open points", "", "CSV files (*.csv)", save=False)
        if path is None:
            return False
        try:
            X, y = read_points_csv(path)
        except DataFileError as exc:
            self.message.emit(f"Not loaded — {exc}. Your points are unchanged.")
            self.last_error = str(exc)
            return False
        self.set_points(X, y, "open file")
        self.message.emit(f"Loaded {len(y):,} points from {path}")
        return True

    def save_csv(self, path=None):
        path = choose_path(self, path, "Save points", "points.csv", "CSV files (*.csv)",
                           save=True)
        if path is None:
            return False
        try:
            write_points_csv(path, self.points.X, self.points.y)
        except OSError as exc:
            self.message.emit(f"Could not save {path}: {exc.strerror or exc}")
            return False
        self.message.emit(f"Saved {len(self.points):,} points to {path}")
        return True

    # ------------------------------------------------------------- drawing
    def _display_changed(self, *_):
        self.map.show_contours = self.contours.isChecked()
        self.map.discretize = self.discretize.isChecked()
        self.map.redraw()

    def draw(self, snap):
        model = snap.models["model"]
        self.map.set_model(model)
        if snap.reset:
            self.loss_plot.reset_curves()
        self.loss_plot.extend("train", snap.first_epoch, snap.losses["model"])
        m = snap.metrics.get("model", {})
        if "test_loss" in m:
            self.loss_plot.append_point("test", snap.epoch, m["test_loss"])
        if not self._text_now:
            return
        parts = []
        if "accuracy" in m:
            parts.append(f"training accuracy {m['accuracy']:.1%}")
        if "test_accuracy" in m:
            parts.append(f"test accuracy {m['test_accuracy']:.1%}")
        self.accuracy.setText(" · ".join(parts) or "no points yet: click on the map")
        self.equation.setText(self._equation_html(model))
        if hasattr(self.map, "last_hover"):  # the readout follows the model, not just the mouse
            self._hovered(*self.map.last_hover)

    @property
    def live_plots(self):
        return (self.map,)

    def _equation_html(self, model):
        def num(v, first=False):
            sign = "−" if v < 0 else ("" if first else "+")
            return f"{sign} {abs(v):.2f}" if not first else f"{sign}{abs(v):.2f}"

        names = ["x₁", "x₂", "x₁²", "x₂²", "x₁x₂"]
        if isinstance(model, RegularizedLogisticRegression):
            terms = " ".join(f"{num(w, i == 0)}·{n}" for i, (w, n) in enumerate(zip(model.w, names)))
            return (f"<b>Boundary</b> (where P = 0.5, z = 0):<br>"
                    f"<span style='font-size:13pt'>{terms} {num(model.b)} = 0</span>")
        if isinstance(model, SoftmaxRegression):
            rows = []
            for k in range(model.n_classes):
                terms = " ".join(f"{num(w, i == 0)}·{n}"
                                 for i, (w, n) in enumerate(zip(model.W[:, k], names)))
                rows.append(f"<span style='color:{CLASS_HEX[k]}'>z<sub>{k}</sub> = "
                            f"{terms} {num(model.b[k])}</span>")
            return ("<b>Softmax regression</b>: each class has a score z; the biggest "
                    "wins.<br>" + "<br>".join(rows))
        sizes = " → ".join(str(s) for s in model.layer_sizes)
        return (f"<b>Network</b> {sizes} ({model.activation}). Its last layer is logistic "
                "regression on features the hidden units learn, so the boundary can bend.")

    def _hovered(self, x, y):
        model = self.map.model
        if model is None:
            return
        P = model.proba_matrix(np.array([[x, y]]))[0]
        probs = ", ".join(f"<span style='color:{CLASS_HEX[k]}'>P({COLOUR_WORDS[k]}) "
                          f"{p:.3f}</span>" for k, p in enumerate(P))
        extra = ""
        if isinstance(model, RegularizedLogisticRegression):
            extra = f"; z = w·x + b = {model.decision_function([[x, y]])[0]:.3f}"
        self.readout.setText(f"At ({x:.2f}, {y:.2f}): {probs}{extra}")
        self.last_readout = P


if __name__ == "__main__":  # python -m lrviz.ui.tabs.boundary
    from ..app import run_single_tab

    run_single_tab(BoundaryTab)
