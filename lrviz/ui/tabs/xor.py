"""XOR Network: logistic regression fails, one hidden layer succeeds -- and why.

Page 1 trains logistic regression and a one-hidden-layer network side by side
on XOR.  The network is shown as a diagram (edge colour = sign, width = size),
each hidden unit's own line over the input plane, the activation map of the
unit under the mouse, and the hidden feature space where the four points
become linearly separable -- with the output layer's logistic-regression
boundary drawn there.  Page 2 trains logistic regression and networks with one
and two hidden layers on concentric circles.
"""
from __future__ import annotations

import itertools

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...data import circles, noisy_xor, xor
from ...models import LogisticRegression, NeuralNetwork, TinyNeuralNetwork
from ...models.projection import hidden_view, warped_grid
from ...settings import Setting
from ..geometry import drawable, grid_points, line_in_rect, moved, set_xy, sticky_rect
from ..live import LivePlot, keep_as_pixmap
from ..titles import retitle, set_title
from ..look import zoomed_font
from ..theme import CLASS_HEX, faint, inked, style_plot
from ..widgets.heatmap_item import ValueImage
from ..widgets.forms import combo_box, fit_columns, keep_lines, read_only_table
from ..widgets.loss_plot import LossPlot
from ..widgets.network_diagram import NetworkDiagram
from ..widgets.panel import Panel
from ..widgets.probability_map import ProbabilityMap
from ..widgets.unit_maps import UnitMaps
from ...lessons import Action, LessonError
from .base import TrainingTab

def _start_ok(a, where):
    if a["model"] != "lr":
        raise LessonError(f"{where}: only logistic regression ('lr') takes a start")


XOR_LR = 2.0
CIRCLES_LR = 0.5
UNIT_GRID = 60
CORNERS_01 = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
CORNERS_PM = np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]])
RECT_01 = (-0.5, -0.5, 2.0, 2.0)
RECT_PM = (-2.0, -2.0, 4.0, 4.0)
CIRCLE_RECT = (-2.2, -2.2, 4.4, 4.4)
CIRCLE_MODELS = [("lr", "Logistic regression (no hidden layer)"),
                 ("net1", "1 hidden layer (8 tanh units)"),
                 ("net2", "2 hidden layers (8 + 8 tanh units)")]


def circle_title(key, units, activation):
    """A circle map's title, with the network's current shape."""
    return {"lr": "Logistic regression (no hidden layer)",
            "net1": f"1 hidden layer ({units} {activation} units)",
            "net2": f"2 hidden layers ({units} + {units} {activation} units)"}[key]


def through_layer(net, layer, pts):
    """Activations of hidden ``layer`` at input points ``pts`` (rows of NaN stay NaN)."""
    ok = np.isfinite(pts).all(axis=1)
    out = np.full((len(pts), net.hidden[layer]), np.nan)
    out[ok] = net.hidden_activations(pts[ok])[layer]
    return out


def draw_hidden_space(plot, point_items, boundary, grid_item, net, X, y, rect, pair,
                      shown_rect, shown_names, layer=-1):
    """Points, the warped input grid and the output unit's line in the hidden space of
    ``layer`` (the last by default) of ``net``; returns the (rect, axis names) drawn, so
    the next call lays the plot out again only when they change."""
    H = net.hidden_activations(X)[layer]
    project, (a1, a2, c) = hidden_view(H, net.weights[-1][:, 0], net.biases[-1][0], pair)
    coords = drawable(project(H), fill=0.0)
    for k in (0, 1):  # (each redrawn only when it moves half a pixel: set_xy)
        sel = y == k
        set_xy(point_items[k], coords[sel, 0], coords[sel, 1])
    grid = project(through_layer(net, layer, warped_grid(rect)))
    set_xy(grid_item, *grid.T, connect="finite")
    finite = grid[np.isfinite(grid).all(axis=1)]
    both = np.vstack([coords, finite]) if len(finite) else coords
    lo, hi = both.min(axis=0), both.max(axis=0)
    pad = np.maximum((hi - lo) * 0.1, 0.2)
    content = (lo[0] - pad[0], lo[1] - pad[1], hi[0] - lo[0] + 2 * pad[0],
               hi[1] - lo[1] + 2 * pad[1])
    view = sticky_rect(shown_rect, content, margin=0.15)
    seg = line_in_rect(a1, a2, c, view)
    set_xy(boundary, *seg.T) if len(seg) else set_xy(boundary, [], [])
    if view != shown_rect:
        plot.setRange(xRange=(view[0], view[0] + view[2]), yRange=(view[1], view[1] + view[3]),
                      padding=0)
    names = ("output direction", "other spread") if pair is None \
        else (f"h{pair[0] + 1}", f"h{pair[1] + 1}")
    if names != shown_names:  # a new label lays the plot out again: only on change
        plot.getPlotItem().getAxis("bottom").setLabel(names[0])
        plot.getPlotItem().getAxis("left").setLabel(names[1])
    return view, names


class XorPage(QWidget):
    """Page 1: logistic regression and a one-hidden-layer network on XOR -- the maps, the
    units' lines, the hidden space, the diagram, one unit's map, the corners' features."""

    def __init__(self, parent=None):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setSpacing(6)
        self.lr_map = ProbabilityMap(title="Logistic regression", rect=RECT_01)
        self.net_map = ProbabilityMap(title="Network and its units' lines", rect=RECT_01)
        self.unit_lines = inked(pg.PlotCurveItem(connect="finite"), "muted", width=1.5,
                                style=Qt.DashLine)
        self.net_map.addItem(self.unit_lines)
        self.unit_labels = []
        self.hidden_plot = LivePlot()
        style_plot(self.hidden_plot.getPlotItem(), "direction 1", "direction 2",
                   "Hidden feature space")
        self.hidden_plot.getPlotItem().hideButtons()
        self.hidden_plot.setMenuEnabled(False)
        self.hidden_points = [self.hidden_plot.plot([], [], pen=None, symbol="o", symbolSize=11,
                                                    symbolBrush=CLASS_HEX[k], symbolPen="w")
                              for k in (0, 1)]
        self.hidden_boundary = inked(self.hidden_plot.plot([], []), "boundary", width=3)
        # the input plane's grid, carried through the hidden layer: how it bends space
        self.hidden_grid = faint(inked(pg.PlotCurveItem(connect="finite"), "faint", width=1))
        self.hidden_grid.setZValue(-5)
        self.hidden_plot.addItem(self.hidden_grid)
        # each kept as a picture: a frame re-strokes only what moved by half a pixel
        keep_as_pixmap(self.unit_lines, self.hidden_grid, self.hidden_boundary,
                       *self.hidden_points)
        self.diagram = NetworkDiagram()
        self.unit_plot = LivePlot()
        style_plot(self.unit_plot.getPlotItem(), "x₁", "x₂", "h1 over the inputs")
        self.unit_plot.getPlotItem().hideButtons()
        self.unit_plot.setMouseEnabled(False, False)
        self.unit_image = ValueImage("viridis")
        self.unit_plot.addItem(self.unit_image)
        # (no locked aspect: the map fills its axes, as the maps above do)
        self.features = read_only_table(QTableWidget(4, 3))
        # four rows share the panel's height: taller rows, no empty half below them
        self.features.verticalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.loss_plot = LossPlot("Loss per epoch")
        self.loss_plot.add_series("lr", "logistic regression", CLASS_HEX[0], dashed=True)
        self.loss_plot.add_series("net", "network", CLASS_HEX[1])
        self.lr_caption = QLabel()
        self.lr_caption.setWordWrap(True)
        keep_lines(self.lr_caption, 4)
        self.lr_caption.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.view = combo_box([], "Which two directions of the hidden space to draw")
        lr_box = QWidget()
        lv = QVBoxLayout(lr_box)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.lr_map, 1)
        lv.addWidget(self.lr_caption)
        grid.addWidget(lr_box, 0, 0)
        grid.addWidget(self.net_map, 0, 1)
        grid.addWidget(self.hidden_plot, 0, 2)
        feat = Panel("Learned features of the four corners",
                     "Each row is one XOR point seen through the hidden units; the output "
                     "unit is logistic regression on these numbers.", self.features)
        bottom = QHBoxLayout()
        bottom.addWidget(self.diagram, 3)
        bottom.addWidget(self.unit_plot, 3)
        bottom.addWidget(feat, 4)
        bottom.addWidget(self.loss_plot, 4)
        grid.addLayout(bottom, 1, 0, 1, 3)
        for c in range(3):
            grid.setColumnStretch(c, 1)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 2)
        self.data = None  # (X, y, corners, rect)
        self._last = None
        self._hidden_rect = self._hidden_names = self._unit_shown = None
        self.view.currentIndexChanged.connect(lambda _: self.redraw_hidden())
        self.diagram.unitSelected.connect(lambda _: self.redraw_unit())
        self.net_map.plot_item.vb.sigResized.connect(lambda *_: self.place_unit_lines())

    def set_data(self, data, units):
        """New data (X, y, corners, rect) and a network of ``units`` hidden units."""
        self.data, (X, y, _, rect) = data, data
        self._last = None
        self._hidden_rect = self._hidden_names = self._unit_shown = None
        for m in (self.lr_map, self.net_map):
            m.set_points(X, y)
            m.setRange(xRange=(rect[0], rect[0] + rect[2]), yRange=(rect[1], rect[1] + rect[3]),
                       padding=0)
        self.diagram.set_shape((2, units, 1), [["x₁", "x₂"], [f"h{j + 1}" for j in range(units)],
                                               ["ŷ"]])
        self.view.blockSignals(True)
        self.view.clear()
        self.view.addItem("along the output weights")
        for i, j in itertools.combinations(range(units), 2):
            self.view.addItem(f"units h{i + 1} and h{j + 1}", (i, j))
        self.view.setCurrentIndex(0 if units > 2 else 1)
        self.view.blockSignals(False)
        self.features.setColumnCount(units + 2)
        self.features.setHorizontalHeaderLabels(
            ["point"] + [f"h{j + 1}" for j in range(units)] + ["ŷ"])

    def record(self, snap):
        if snap.reset:
            self.loss_plot.reset_curves()
        for key in ("lr", "net"):
            self.loss_plot.extend(key, snap.first_epoch, snap.losses[key])

    def draw(self, snap, text_now, on_turn):
        """``on_turn``: the tab's (the network's map and its units' lines every frame;
        the hidden space, and the rest, on alternate frames while training runs)."""
        self._last = snap
        lr, net = snap.models["lr"], snap.models["net"]
        self.net_map.set_model(net)
        acc = snap.metrics.get("lr", {}).get("accuracy", np.nan)
        if text_now:
            self.lr_caption.setText(f"w = [{lr.w[0]:.3f}, {lr.w[1]:.3f}], b = {lr.b:.3f}; "
                                    f"accuracy {acc:.0%}. No single line separates XOR.")
        self.place_unit_lines(net)
        if on_turn(0):
            self.redraw_hidden()
        if on_turn(1):
            self.lr_map.set_model(lr)
            self.diagram.set_weights([drawable(W, fill=0.0) for W in net.weights])
            self.redraw_unit()
        if text_now:  # the learned features of the four corners
            self._fill_features(net)

    def _fill_features(self, net):
        corners = self.data[2]
        H = net.hidden_activations(corners)[0]
        out = net.predict_proba(corners)
        for i, (pt, h, p) in enumerate(zip(corners, H, out)):
            cells = [f"({pt[0]:g}, {pt[1]:g})"] + [f"{v:.3f}" for v in h] + [f"{p:.3f}"]
            for j, text in enumerate(cells):
                item = self.features.item(i, j)
                if item is None:
                    item = QTableWidgetItem()
                    item.setTextAlignment(Qt.AlignCenter)
                    self.features.setItem(i, j, item)
                item.setText(text)
        fit_columns(self.features)

    def place_unit_lines(self, net=None):
        """Each hidden unit's own line over the input plane, labelled inside the frame;
        again when the map is resized (the frame changes, the network need not)."""
        if net is None:
            if self._last is None:
                return
            net = self._last.models["net"]
        rect = self.net_map.view_rect()
        W1, b1 = net.weights[0], net.biases[0]
        parts = []
        while len(self.unit_labels) < W1.shape[1]:  # made once, moved every frame
            t = inked(pg.TextItem(f"h{len(self.unit_labels) + 1}", anchor=(0.5, 0.5)), "ink")
            self.net_map.addItem(t)
            self.unit_labels.append(t)
        vb = self.net_map.plot_item.vb
        px, py = vb.viewPixelSize()
        for j, t in enumerate(self.unit_labels):
            seg = line_in_rect(W1[0, j], W1[1, j], b1[j], rect) if j < W1.shape[1] else []
            t.setVisible(len(seg) > 0)
            if len(seg):
                parts += [seg, np.full((1, 2), np.nan)]
                at = (seg[0] * 0.85 + seg[1] * 0.15)[None]
                # (inside the frame: a line that runs near an edge cut its label in half)
                box = t.boundingRect()  # in pixels: the label ignores the plot's scale
                mx, my = (box.width() / 2 + 2) * px, (box.height() / 2 + 2) * py
                at = np.clip(at, (rect[0] + mx, rect[1] + my),
                             (rect[0] + rect[2] - mx, rect[1] + rect[3] - my))
                if moved(vb, getattr(t, "_lrviz_at", None), at):  # (half a pixel or more)
                    t.setPos(*at[0])
                    t._lrviz_at = at
        lines = np.vstack(parts) if parts else np.empty((0, 2))
        set_xy(self.unit_lines, *lines.T, connect="finite")

    def redraw_hidden(self):
        if self._last is None:
            return
        X, y, _, rect = self.data
        self._hidden_rect, self._hidden_names = draw_hidden_space(
            self.hidden_plot, self.hidden_points, self.hidden_boundary, self.hidden_grid,
            self._last.models["net"], X, y, rect, self.view.currentData(), self._hidden_rect,
            self._hidden_names)

    def redraw_unit(self):
        if self._last is None:
            return
        net = self._last.models["net"]
        j = min(self.diagram.selected, net.hidden[0] - 1)
        rect = self.net_map.view_rect()
        pts = grid_points(rect, UNIT_GRID)
        A = drawable(net.hidden_activations(pts)[0][:, j], fill=0.0).reshape(UNIT_GRID, UNIT_GRID)
        lo, hi = {"sigmoid": (0, 1), "tanh": (-1, 1)}.get(net.activation, (0, max(1e-9, A.max())))
        self.unit_image.set_values(A, (lo, hi))
        if (rect, j) != self._unit_shown:  # axes and title only when they change
            self._unit_shown = (rect, j)
            self.unit_image.setRect(*rect)
            self.unit_plot.setRange(xRange=(rect[0], rect[0] + rect[2]),
                                    yRange=(rect[1], rect[1] + rect[3]), padding=0)
            set_title(self.unit_plot, f"h{j + 1} over the inputs", 10)


class CirclesPage(QWidget):
    """Page 2: logistic regression and networks of one and two hidden layers on circles,
    and inside the one chosen: its last hidden layer's space and each unit's map."""

    def __init__(self, parent=None):
        super().__init__(parent)
        grid = QGridLayout(self)
        self.maps, self.acc = {}, {}
        for c, (key, title) in enumerate(CIRCLE_MODELS):
            m = ProbabilityMap(title=title, rect=CIRCLE_RECT)
            acc = QLabel("accuracy —")
            zoomed_font(acc, 12)
            acc.setAlignment(Qt.AlignCenter)
            keep_lines(acc, 1)
            grid.addWidget(m, 0, c)
            grid.addWidget(acc, 1, c)
            self.maps[key], self.acc[key] = m, acc
        self.loss_plot = LossPlot("Loss per epoch")
        for (key, title), colour, dashed in zip(CIRCLE_MODELS, (CLASS_HEX[0], CLASS_HEX[1],
                                                                 CLASS_HEX[2]), (True, False, False)):
            self.loss_plot.add_series(key, title.split(" (")[0], colour, dashed=dashed)
        self.hidden = LivePlot()
        style_plot(self.hidden.getPlotItem(), "output direction", "other spread",
                   "Last hidden layer's space")
        self.hidden.getPlotItem().hideButtons()
        self.hidden.setMenuEnabled(False)
        self.hidden_grid = faint(inked(pg.PlotCurveItem(connect="finite"), "faint", width=1))
        self.hidden_grid.setZValue(-5)
        self.hidden.addItem(self.hidden_grid)
        self.hidden_points = [self.hidden.plot([], [], pen=None, symbol="o", symbolSize=6,
                                               symbolBrush=CLASS_HEX[k], symbolPen=None)
                              for k in (0, 1)]
        self.hidden_line = inked(self.hidden.plot([], []), "boundary", width=3)
        keep_as_pixmap(self.hidden_grid, self.hidden_line, *self.hidden_points)
        self._hidden_shown = (None, None)
        self.unit_maps = UnitMaps(columns=4)
        below = QHBoxLayout()  # the loss plot gets the widest share: its axes need it
        below.addWidget(self.loss_plot, 5)
        below.addWidget(self.hidden, 4)
        below.addWidget(Panel("Hidden units over the inputs",
                              "Each unit of the last hidden layer (dark: low, yellow: high).",
                              self.unit_maps), 4)
        grid.addLayout(below, 2, 0, 1, 3)
        for m in self.maps.values():
            m.setMinimumHeight(200)  # the maps come first on a short screen
        self.hidden.setMinimumHeight(150)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(2, 2)
        self.data = None
        self._last = None
        self.inside = 0  # which network to look inside: 0 one layer, 1 two

    def set_data(self, X, y, units, activation):
        self.data = (X, y)
        for key, m in self.maps.items():
            m.set_points(X, y)
            retitle(m, circle_title(key, units, activation))

    def record(self, snap):
        if snap.reset:
            self.loss_plot.reset_curves()
        for key in snap.models:
            self.loss_plot.extend(key, snap.first_epoch, snap.losses[key])

    def draw(self, snap, text_now, on_turn):
        """``on_turn``: the tab's (the networks' maps every frame; the hidden space and
        logistic regression's map on alternate frames while training runs)."""
        self._last = snap
        for key, m in snap.models.items():
            if key != "lr" or on_turn(1):
                self.maps[key].set_model(m)
            if text_now:
                acc = snap.metrics.get(key, {}).get("accuracy", np.nan)
                self.acc[key].setText(f"accuracy {acc:.1%}")
        self.draw_inside(force=False, text_now=text_now, space=on_turn(0))

    def draw_inside(self, force=True, text_now=True, space=True):
        """The chosen circle network's last hidden layer: warped space (``space``) and
        unit maps (``text_now``)."""
        snap = self._last
        if snap is None or "net1" not in snap.models:
            return
        net = snap.models[("net1", "net2")[self.inside]]
        X, y = self.data[0], self.data[1].astype(int)
        if force:
            self._hidden_shown = (None, None)
        if space or force:
            self._hidden_shown = draw_hidden_space(
                self.hidden, self.hidden_points, self.hidden_line, self.hidden_grid, net, X, y,
                CIRCLE_RECT, None, *self._hidden_shown)
        if text_now or force:  # a dozen small maps: at the text's pace
            self.unit_maps.show_layer(net, -1, CIRCLE_RECT)


class XorTab(TrainingTab):
    key = "xor"
    title = "XOR Network"
    subjects = {
        "maps": ("logistic regression's map and the network's",
                 "xor_page.lr_map", "xor_page.net_map"),
        "lr map": ("logistic regression's map", "xor_page.lr_map"),
        "net map": ("the network's map and its units' lines", "xor_page.net_map"),
        "hidden space": ("the points in the hidden space", "xor_page.hidden_plot"),
        "diagram": ("the network's diagram", "xor_page.diagram"),
        "features": ("the learned features of the four corners", "xor_page.features"),
        "circles": ("the three models on the circles", "circles_page.maps.lr",
                    "circles_page.maps.net1", "circles_page.maps.net2"),
        "circles hidden": ("the circles in the last hidden layer", "circles_page.hidden"),
    }
    actions = (Action("start", {"model": ("model", True), "w": ("point", True),
                                "b": (float, False)},
                      "logistic regression starts from this line instead of w = 0",
                      _start_ok),)
    explanations = ("note",)
    default_lr = XOR_LR
    default_speed = 100  # a network needs thousands of epochs: a quicker pace to watch
    model_titles = {"lr": "Logistic regression", "net": "The network",
                    "net1": "The 1-hidden-layer network", "net2": "The 2-hidden-layer network"}
    settings = (
        Setting("page", 0, 0, 1, affects="none", tip="XOR (0) or circles (1)"),
        Setting("data", 0, 0, 1, tip="XOR as four corners (0), or as four noisy clouds (1)"),
        Setting("units", 4, 2, 8, tip="Hidden units of the XOR network"),
        Setting("activation", "sigmoid", choices=("sigmoid", "tanh", "relu"),
                tip="The hidden units' activation function"),
        Setting("seed", 5, 0, 99999, tip="Seed of the initial weights (numpy's legacy generator)"),
        Setting("circle_units", 8, 2, 16, tip="Hidden units in each layer of the two circle "
                "networks"),
        Setting("circle_activation", "tanh", choices=("tanh", "sigmoid", "relu"),
                tip="The circle networks' hidden activation"),
        Setting("inside", 1, 0, 1, affects="none",
                tip="Which network's last hidden layer to look inside: the space it maps the "
                    "plane to, and each unit's map"),
    )

    def build(self):
        self.xor_page, self.circles_page = XorPage(), CirclesPage()
        self.pages = QTabWidget()
        self.pages.addTab(self.xor_page, "XOR: why a hidden layer helps")
        self.pages.addTab(self.circles_page, "Circles: 0, 1 and 2 hidden layers")
        self.form.adopt("page", self.pages, self.pages.currentIndex, self.pages.setCurrentIndex)
        sv = self.panel.body
        self.xor_box = QGroupBox("Network and data")
        form = QFormLayout(self.xor_box)
        data_kind = combo_box(["the 4 points", "noisy cloud (200 points)"], self.form.tip("data"))
        self.form.adopt("data", data_kind, data_kind.currentIndex, data_kind.setCurrentIndex,
                        data_kind.currentIndexChanged)
        form.addRow("XOR data", data_kind)
        form.addRow("hidden units", self.form["units"])
        form.addRow("activation", self.form["activation"])
        form.addRow("seed", self.form["seed"])
        form.addRow("hidden space", self.xor_page.view)
        sv.addWidget(self.xor_box)
        # the Circles page has controls of its own (shown there instead of the XOR ones)
        self.circle_box = QGroupBox("Circle networks")
        cform = QFormLayout(self.circle_box)
        cform.addRow("units per layer", self.form["circle_units"])
        cform.addRow("activation", self.form["circle_activation"])
        inside = combo_box(["1 hidden layer", "2 hidden layers"], self.form.tip("inside"))
        self.form.adopt("inside", inside, inside.currentIndex, inside.setCurrentIndex,
                        inside.currentIndexChanged)
        cform.addRow("look inside", inside)
        inside.currentIndexChanged.connect(self._look_inside)
        sv.addWidget(self.circle_box)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.RichText)
        zoomed_font(self.note, 10, bold=False)
        # (its text changes with the page only: it may take the lines it needs)
        self.note.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        sv.addWidget(self.note)
        self.pages.currentChanged.connect(self._page_changed)
        return self.pages

    # ------------------------------------------------------------ models
    @staticmethod
    def xor_data(values):
        if values["data"] == 0:
            d = xor()
            return d.X, d.y, CORNERS_01, RECT_01
        d = noisy_xor(seed=values["seed"])
        return d.X, d.y, CORNERS_PM, RECT_PM

    def make_data(self, values, extra=None):
        if values["page"] == 1:
            d = circles(seed=0, n_points=200, noise=0.1)
            return d.X, d.y, None, None
        X, y, _, _ = self.xor_data(values)
        return X, y, None, None

    def build_models(self, values, data):
        if values["page"] == 1:
            return self._circle_models(values["circle_units"], values["circle_activation"])
        net = TinyNeuralNetwork(2, values["units"], activation=values["activation"],
                                rng=np.random.RandomState(values["seed"]))
        return {"lr": LogisticRegression(2), "net": net}

    @classmethod
    def models_for(cls, values):
        return [name for name, _ in CIRCLE_MODELS] if values["page"] == 1 else ["lr", "net"]

    @staticmethod
    def _circle_models(units=8, activation="tanh"):
        return {"lr": LogisticRegression(2),
                "net1": NeuralNetwork(2, (units,), activation=activation,
                                      rng=np.random.default_rng(1)),
                "net2": NeuralNetwork(2, (units, units), activation=activation,
                                      rng=np.random.default_rng(2))}

    def rebuild(self):
        """The page's data and models; each page shows the controls that shape it."""
        values = self.form.values()
        xor_page = values["page"] == 0
        self.xor_box.setVisible(xor_page)
        self.circle_box.setVisible(not xor_page)
        if xor_page:
            self.xor_page.set_data(self.xor_data(values), values["units"])
        else:
            X, y, _, _ = self.make_data(values)
            self.circles_page.set_data(X, y, values["circle_units"], values["circle_activation"])
            self.circles_page.inside = values["inside"]
        self._show_note(xor_page)
        return super().rebuild()

    def _page_changed(self, index):
        self.controller.pause()
        self.controls.set_lr(XOR_LR if index == 0 else CIRCLES_LR)
        self.rebuild()

    def _look_inside(self, index):
        self.circles_page.inside = index
        self.circles_page.draw_inside()

    def _show_note(self, xor_page):
        if xor_page:
            text = ("<b>Why logistic regression fails.</b> It can only split the plane "
                    "with one straight line, and no line has both blue corners on one side "
                    "and both orange on the other. So no line does better than saying "
                    "P = 0.5 everywhere: its loss is lowest at w = 0, wherever it starts "
                    "it ends there, and from w = 0 it never moves (the four pulls "
                    "cancel).<br><br>"
                    "<b>Why the network works.</b> Each hidden unit is a logistic regression "
                    "with its own line (dashed). Their outputs are new features; in that "
                    "hidden space (right) the classes can be split by one line, and the "
                    "output unit — logistic regression again — learns exactly that line. "
                    "Hover a hidden unit in the diagram to see its map.")
        else:
            text = ("<b>A network is logistic regression on learned features.</b> A ring "
                    "around a disc has no straight boundary, so logistic regression stays "
                    "near chance. One hidden layer learns features in which the ring can be "
                    "cut off; two layers compose features of features. The last layer of "
                    "each network is the same logistic regression as on the left.")
        self.note.setText(text)

    # ------------------------------------------------------------ drawing
    def _page_for(self, snap):
        if "net" in snap.models and self.pages.currentIndex() == 0:
            return self.xor_page
        if "net1" in snap.models and self.pages.currentIndex() == 1:
            return self.circles_page
        return None  # (a snapshot of the other page's models, on its way out)

    def record(self, snap):
        page = self._page_for(snap)
        if page is not None:
            page.record(snap)

    def draw(self, snap):
        page = self._page_for(snap)
        if page is not None:
            page.draw(snap, self.pace.text_now, self.pace.on_turn)

    def primary(self, snap):
        return "net" if "net" in snap.models else "net1"

    def act_start(self, a, live):
        self.controller.update_model("set_start", np.array(a["w"], float), a.get("b", 0.0),
                                     name=a["model"])
        self.controller.request_reset()
        self.controller.apply()


if __name__ == "__main__":  # python -m lrviz.ui.tabs.xor
    from ..app import run_single_tab

    run_single_tab(XorTab)
