"""Sigmoid & Loss: from a straight line to probabilities, likelihood and the gradient.

Five steps on the hours-studied data (pass/fail against hours of study):
1. a least-squares line predicts impossible "probabilities"; the logistic curve
   does not; 2. the sigmoid and its slope, with a cursor; 3. the loss of one
   point as -log of the probability given to the truth; 4. cross-entropy is one
   smooth bowl over (w, b) while squared error on the sigmoid has plateaus --
   click either landscape to start gradient descent there and watch both paths;
   5. the gradient is the average of "prediction minus truth".

A table of one feature and two classes (Challenger's O-rings against launch
temperature) takes the hours' place.  Its feature is standardised for the models,
x̃ = (x − mean) / sd, and the landscapes lie over that (w̃, b̃): on raw degrees the
cross-entropy bowl is a thin trench along b ≈ −70·w where descent crawls for a
million epochs, and no range shows both axes.  Standardised, the bowl is round,
descent reaches the fit in a few hundred epochs, and panel 1 shows the curve in
the table's own units.
"""
from __future__ import annotations

import time
from functools import partial

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...data import hours_studied
from ...data.table import TableSpec, labelled_from_dict, labelled_to_dict
from ...models import LogisticRegression, sigmoid
from ...models.classifiers import PlattScaling
from ...models.landscape import least_squares_line, loss_landscape
from ...session import SessionError, later
from ...settings import Setting
from ..geometry import contour_segments, drawable, moved, set_xy
from ..jobs import JobSlot
from ..live import LivePlot, keep_as_pixmap
from ..look import zoomed_font
from ..theme import (
    CLASS_HEX,
    add_legend,
    faint,
    ink,
    ink_brush,
    inked,
    legend_below,
    style_plot,
    themed,
)
from ..widgets.forms import ValueSlider, fit_columns, keep_lines, read_only_table
from ..widgets.loss_plot import LossPlot
from ..widgets.panel import Panel
from .base import TrainingTab

LOSS_NAMES = {"ce": "cross-entropy", "mse": "squared error"}
W_RANGE = (-4.0, 4.0)  # (w = -3, where a lesson starts both models, is in view)
B_RANGE = (-20.0, 5.0)
#: A table's landscapes (standardised w̃, b̃): centred on the maximum-likelihood fit,
#: this far at least on each side (the start at 0 and the plateaus in view)
TABLE_HALF = 5.0
LANDSCAPE_CELLS = 120
HOURS_MAX = 10.0
DEFAULT_LR = 0.2
SLIDER_STEPS = 1000
MAX_PATH = 4000  # vertices of a drawn descent path
TABLE_HZ = 5.0
SYNC_LANDSCAPE = 30  # above this many points the landscapes are computed in the background
CE_COLOR = CLASS_HEX[1]  # the two losses in the first two Okabe-Ito class colours
MSE_COLOR = CLASS_HEX[0]


def _grid_values(lo, hi, n):
    """Cell centres of n cells covering [lo, hi]."""
    return lo + (np.arange(n) + 0.5) * (hi - lo) / n


def _plot(x_label, y_label):
    p = LivePlot()
    style_plot(p.getPlotItem(), x_label, y_label)
    p.getPlotItem().hideButtons()
    p.setMenuEnabled(False)
    p.setMouseEnabled(False, False)
    p.setMinimumHeight(96)  # axes take ~40 px: the rest must stay a readable picture
    return p


def _text_label(lines):
    label = QLabel()
    label.setTextFormat(Qt.RichText)
    zoomed_font(label, 11, bold=False)
    label.setWordWrap(True)
    keep_lines(label, lines)
    return label


def place_marker(item, x, y):
    """Move a one-point marker drawn at the origin to (x, y); hide it if that is not finite."""
    if np.isfinite(x) and np.isfinite(y):
        item.setPos(float(x), float(y))
        item.show()
    else:
        item.hide()


HOURS_TEXT = ("The dashed least-squares line predicts values below 0 and above 1 (grey "
              "bands). The curve σ(w·hours + b) stays between them; it crosses 0.5 at the "
              "threshold hours = −b/w. Move w and b, or let training find them.")


class LinePanel(Panel):
    """1: the least-squares line against the logistic curve, its threshold, w and b."""

    moved = Signal(float, float)  # the sliders: a new start (w, b)

    def __init__(self):
        p = self.plot = _plot("hours studied", "P(pass)")
        super().__init__("1 · A straight line is not a probability", HOURS_TEXT, p)
        self.x_range = (0.0, HOURS_MAX)
        self.scale = None  # a table's (mean, sd): the sliders' w̃, b̃ are standardised
        self.unit = " h"
        self.marks = []  # (x, words) of values a table marks (Challenger's launch)
        p.setXRange(0, HOURS_MAX, padding=0.02)
        p.setYRange(-0.6, 1.6, padding=0)
        for y0, y1 in ((-1e3, 0.0), (1.0, 1e3)):  # (beyond any range the view takes)
            p.addItem(faint(themed(pg.LinearRegionItem((y0, y1), orientation="horizontal",
                                                       movable=False, pen=pg.mkPen(None)),
                                   lambda band: band.setBrush(ink_brush("band")))))
        self.ls_line = inked(p.plot([], [], name="straight line"), "muted", width=2,
                             style=Qt.DashLine)
        self.curve = p.plot([], [], pen=pg.mkPen(CE_COLOR, width=3))
        self.threshold = inked(pg.InfiniteLine(angle=90), "ink", width=1.5, style=Qt.DotLine)
        self.threshold_label = inked(pg.TextItem(anchor=(0, 0.5)), "ink")
        p.addItem(self.threshold)
        p.addItem(self.threshold_label)
        self.points = [p.plot([], [], pen=None, symbol="o", symbolSize=9,
                              symbolBrush=CLASS_HEX[k], symbolPen="w") for k in (0, 1)]
        self.bad_marks = themed(p.plot([], [], pen=None, symbol="x", symbolSize=10),
                                lambda marks: (marks.setSymbolBrush(ink("ink")),
                                               marks.setSymbolPen(ink("ink"))))
        self.bad_labels = [inked(pg.TextItem(anchor=(0.5, 1.2)), "ink") for _ in range(2)]
        for t in self.bad_labels:
            p.addItem(t)
        keep_as_pixmap(self.ls_line, *self.points, self.bad_marks, *self.bad_labels)
        self.w_slider = ValueSlider(*W_RANGE, 0.0, "Weight on hours: how steep the curve is",
                                    name="w", steps=SLIDER_STEPS)
        self.b_slider = ValueSlider(*B_RANGE, 0.0, "Bias: shifts the curve left or right",
                                    name="b", steps=SLIDER_STEPS)
        for s in (self.w_slider, self.b_slider):
            s.slider.valueChanged.connect(lambda *_: self.moved.emit(self.w_slider.value(),
                                                                    self.b_slider.value()))
            self.body_layout.addWidget(s)
        self.mark_items = []

    def name(self, table):
        """The hours' words, or a table's: its feature on the x axis, P(its second class),
        the range of its values (and any value it marks), sliders over w̃ and b̃."""
        item = self.plot.getPlotItem()
        if table is None:
            self.scale, self.unit, self.marks = None, " h", []
            item.setLabel("bottom", "hours studied")
            item.setLabel("left", "P(pass)")
            self.text.setText(HOURS_TEXT)
            self.x_range = (0.0, HOURS_MAX)
            words = ("Weight on hours: how steep the curve is",
                     "Bias: shifts the curve left or right")
        else:
            x = table.X[:, 0]
            feature, (no, yes) = table.features[0], table.classes
            self.scale, self.unit, self.marks = (x.mean(), x.std()), "", list(table.marks)
            item.setLabel("bottom", feature)
            item.setLabel("left", f"P({yes})")
            self.text.setText(
                f"The dashed least-squares line of {yes} (1) / {no} (0) leaves 0 … 1 (grey "
                f"bands); the curve σ(w̃·x̃ + b̃), x̃ = {feature} standardised, never does.")
            values = np.r_[x, [m for m, _ in self.marks]]
            lo, hi = float(values.min()), float(values.max())
            pad = 0.05 * (hi - lo) if hi > lo else 1.0
            self.x_range = (lo - pad, hi + pad)
            words = (f"Weight on standardised {feature}: how steep the curve is",
                     "Bias: shifts the curve left or right (standardised units)")
        self.plot.setXRange(*self.x_range, padding=0.02)
        for slider, tip in zip((self.w_slider, self.b_slider), words):
            slider.slider.setToolTip(tip)
            slider.label.setToolTip(tip)
        for item in self.mark_items:
            self.plot.removeItem(item)
        self.mark_items = []
        for value, said in self.marks:
            line = inked(pg.InfiniteLine(value, angle=90), "muted", width=1.5,
                         style=Qt.DashDotLine)
            words = inked(pg.TextItem(said, anchor=(0, 1)), "ink")
            words.setPos(value, 0.5)
            for item in (line, words):
                self.plot.addItem(item)
                self.mark_items.append(item)

    def set_ranges(self, w_range, b_range):
        """The sliders' ends: the landscapes' (w, b)."""
        self.w_slider.set_range(*w_range)
        self.b_slider.set_range(*b_range)

    def raw(self, w, b):
        """(w, b) in the data's own units, from the models' (standardised for a table)."""
        if self.scale is None:
            return w, b
        mean, sd = self.scale
        return w / sd, b - w * mean / sd

    def set_data(self, x, y):
        """The points and the least-squares line, ``x`` in the data's own units."""
        slope, intercept = least_squares_line(x, y)
        xs = np.array(self.x_range)
        ls = slope * xs + intercept
        self.ls_line.setData(xs, ls)
        bad = (ls < 0) | (ls > 1)
        self.bad_marks.setData(xs[bad], ls[bad])
        for end, (label, x0, v, is_bad) in enumerate(zip(self.bad_labels, xs, ls, bad)):
            label.setText(f"line says {v:.2f}" if is_bad else "")
            # beyond the mark, away from the points at 0 and 1 (below them it lay on them)
            label.setAnchor((end, 1.1 if v > 1 else -0.1))
            label.setPos(x0, v)
        for k in (0, 1):
            self.points[k].setData(x[y == k], y[y == k])
        # a line far out of 0 … 1 (a table's far-off marks) stays in view, and so do its words
        self.plot.setYRange(min(-0.6, float(ls.min()) - 0.25), max(1.6, float(ls.max()) + 0.25),
                            padding=0)

    def draw(self, w, b, text_now):
        """The curve of the models' (w, b) (standardised for a table)."""
        rw, rb = self.raw(w, b)
        lo, hi = self.x_range
        xs = np.linspace(lo, hi, 200)
        set_xy(self.curve, xs, drawable(sigmoid(rw * xs + rb)))
        if abs(rw) > 1e-12 and lo <= -rb / rw <= hi:
            self.threshold.setValue(-rb / rw)
            self.threshold.show()
            self.threshold_label.setText(f"threshold {-rb / rw:.3g}{self.unit}")
            self.threshold_label.setPos(-rb / rw, -0.3)
        else:
            self.threshold.hide()
            self.threshold_label.setText("")
        if text_now:
            self.w_slider.set_value(w, quiet=True)
            self.b_slider.set_value(b, quiet=True)


class SigmoidPanel(Panel):
    """2: σ and its slope, with a cursor that reads both."""

    def __init__(self):
        p = _plot("z = w·x + b", "value")
        super().__init__("2 · The sigmoid and its slope",
                         "σ(z) = 1 / (1 + e<sup>−z</sup>) turns any score into a probability: "
                         "z = 0 gives exactly 0.5. Its slope is made of the function itself. "
                         "Drag the line to read both.", p)
        z = np.linspace(-8, 8, 400)
        s = sigmoid(z)
        legend = add_legend(p.getPlotItem(), offset=(10, 10), colCount=2)  # one row: σ is low
        legend.addItem(p.plot(z, s, pen=pg.mkPen(CE_COLOR, width=3)), "σ(z)")
        legend.addItem(p.plot(z, s * (1 - s), pen=pg.mkPen(MSE_COLOR, width=3,
                                                           style=Qt.DashLine)),
                       "σ′(z) = σ(1 − σ)")
        self.cursor = inked(pg.InfiniteLine(1.0, angle=90, movable=True,
                                            hoverPen=pg.mkPen(CLASS_HEX[2], width=3)),
                            "ink", width=2)
        self.cursor.setBounds((-8, 8))
        self.dots = p.plot([], [], pen=None, symbol="o", symbolSize=10,
                           symbolBrush=[CE_COLOR, MSE_COLOR], symbolPen="w")
        p.addItem(self.cursor)
        self.readout = _text_label(3)
        self.cursor.sigPositionChanged.connect(self._cursor_moved)
        self.body_layout.addWidget(self.readout)
        self._cursor_moved()

    def z(self):
        return float(self.cursor.value())

    def set_z(self, z):
        self.cursor.setValue(z)
        self._cursor_moved()

    def _cursor_moved(self, *_):
        z = self.z()
        s = float(sigmoid(z))
        d = s * (1 - s)
        self.dots.setData([z, z], [s, d])
        self.readout.setText(f"z = {z:+.2f}:  σ(z) = {s:.3f},  σ′(z) = {d:.3f} "
                             f"= {s:.3f} × (1 − {s:.3f})")


class LikelihoodPanel(Panel):
    """3: each student's loss as −log of the probability given to the truth."""

    def __init__(self):
        p = self.plot = _plot("ŷ = predicted P(pass)", "loss of one point")
        super().__init__("3 · Loss from likelihood",
                         "The model gives the true label probability ŷ<sup>y</sup>(1 − ŷ)"
                         "<sup>1−y</sup>. Taking −log turns \"likely\" into \"small loss\": a "
                         "confident wrong answer costs a lot. Their mean is the "
                         "cross-entropy.", p)
        yhat = np.linspace(0.005, 0.995, 300)
        # the key in a row of its own under the axis: two words inside the plot ran into
        # each other at 1280×720 and lay over the curves
        self.legend = legend_below(p.getPlotItem())
        self.curves = [p.plot(yhat, -np.log(1 - yhat), pen=pg.mkPen(CLASS_HEX[0], width=3)),
                       p.plot(yhat, -np.log(yhat), pen=pg.mkPen(CLASS_HEX[1], width=3))]
        self.name(None)
        keep_as_pixmap(*self.curves)
        p.setXRange(0, 1, padding=0.02)
        p.setYRange(0, 5, padding=0.02)
        self.points = [p.plot([], [], pen=None, symbol="o", symbolSize=9,
                              symbolBrush=CLASS_HEX[k], symbolPen="w") for k in (0, 1)]
        self.label = _text_label(2)
        self.body_layout.addWidget(self.label)

    def name(self, table):
        """The classes' names in the key and on the axis: passed/failed, or a table's."""
        no, yes = ("failed", "passed") if table is None else table.classes
        self.rows = "students" if table is None else "rows"
        self.plot.getPlotItem().setLabel("bottom", "ŷ = predicted P(pass)" if table is None
                                         else f"ŷ = predicted P({yes})")
        self.legend.clear()
        self.legend.addItem(self.curves[1], f"{yes} (y = 1): −log ŷ")
        self.legend.addItem(self.curves[0], f"{no} (y = 0): −log(1 − ŷ)")

    def draw(self, w, b, x, y, loss, text_now):
        p = sigmoid(w * x + b)
        for k in (0, 1):
            yhat = p[y == k]
            point_loss = -np.log(np.clip(yhat if k else 1 - yhat, 1e-12, 1))
            set_xy(self.points[k], yhat, np.minimum(point_loss, 5))
        if text_now:
            self.label.setText(f"mean over the {len(x)} {self.rows}: L = {loss:.4f}")


class Landscape(Panel):
    """4: one loss over (w, b), and the path gradient descent takes on it; a click
    starts descent there (``clicked(w, b)``)."""

    clicked = Signal(float, float)

    def __init__(self, key):
        p = self.plot = _plot("w", "b")
        ce = key == "ce"
        super().__init__(
            # (neutral titles: the shapes are what a lesson asks about; the texts, which
            # fold while a question is open, name them)
            "4 · Cross-entropy over (w, b)" if ce else
            "4 · Squared error on the sigmoid over (w, b)",
            "<b>One bowl.</b> Darker is lower. Cross-entropy is convex: from any start, "
            "downhill leads to the one minimum (+). <b>Click to start gradient descent "
            "there.</b>" if ce else
            "<b>Plateaus.</b> The same data scored by (ŷ − y)². Far from the answer the "
            "surface is almost flat, so the gradient vanishes and descent crawls.", p)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setColorMap(pg.colormap.get("viridis"))
        p.addItem(self.image)
        # light rings on a dark edge: faint, but on the dark valleys and the bright
        # plateaus alike
        self.contours = faint(pg.PlotCurveItem(
            pen=pg.mkPen(ink_brush("halo", 150).color(), width=1),
            shadowPen=pg.mkPen(ink_brush("shade", 110).color(), width=2.5), connect="pairs"))
        p.addItem(self.contours)
        colour = CE_COLOR if ce else MSE_COLOR
        # the path in its loss's colour on a light halo: it shows on the dark valleys
        self.path_item = p.plot([], [], pen=pg.mkPen(colour, width=2),
                                shadowPen=pg.mkPen(ink("halo"), width=4.5))
        # one-point markers drawn at the origin and moved with setPos: far cheaper per
        # frame than handing a scatter new data (a PlotDataItem recomputes it on setPos)
        self.start = pg.ScatterPlotItem([0.0], [0.0], symbol="o", size=12, brush=ink("halo"),
                                        pen=colour)
        self.now = pg.ScatterPlotItem([0.0], [0.0], symbol="star", size=16, brush=colour,
                                      pen=ink("halo"))
        for item in (self.start, self.now):
            p.addItem(item)
            item.hide()
        self.best = p.plot([], [], pen=None, symbol="+", symbolSize=14, symbolBrush=colour,
                           symbolPen=pg.mkPen(ink("halo"), width=1.5))
        keep_as_pixmap(self.image, self.contours, self.best, self.start)
        self.set_ranges(W_RANGE, B_RANGE)
        p.scene().sigMouseClicked.connect(self._clicked)
        self.values = None
        self.grid_min = None
        self.path = []

    def _clicked(self, ev):
        vb = self.plot.getPlotItem().vb
        if ev.button() == Qt.LeftButton and vb.sceneBoundingRect().contains(ev.scenePos()):
            p = vb.mapSceneToView(ev.scenePos())
            self.clicked.emit(p.x(), p.y())

    def set_ranges(self, w_range, b_range, standardised=False):
        self.ranges = (w_range, b_range)
        self.plot.setXRange(*w_range, padding=0)
        self.plot.setYRange(*b_range, padding=0)
        item = self.plot.getPlotItem()
        item.setLabel("bottom", "w̃ (standardised)" if standardised else "w")
        item.setLabel("left", "b̃" if standardised else "b")

    def set_values(self, values, ws, bs):
        """The loss on the grid of cell centres ``ws`` × ``bs``."""
        (w0, w1), (b0, b1) = self.ranges
        rect = (w0, b0, w1 - w0, b1 - b0)
        self.values = values
        shown = np.log(values + 1e-3)  # log: shows the floor of the bowl and the plateaus
        lo, hi = float(shown.min()), float(np.percentile(shown, 99))
        self.image.setImage(shown, levels=(lo, hi))
        self.image.setRect(*rect)
        self.contours.setData(*np.concatenate(
            [contour_segments(shown, lv, rect) for lv in np.linspace(lo, hi, 12)[1:-1]]).T)
        i, j = np.unravel_index(np.argmin(values), values.shape)
        self.best.setData([ws[j]], [bs[i]])
        self.grid_min = (ws[j], bs[i])

    def restart(self, start):
        self.path = [start]

    def walk(self, point):
        """Gradient descent is at ``point``: the path grows if that shows (half a pixel)."""
        path = self.path
        if len(path) < 2 or moved(self.plot.getPlotItem().vb, np.array(path[-1]),
                                  drawable(np.array(point))):
            path.append(point)
            if len(path) > MAX_PATH:  # long runs: thin the middle, keep both ends
                self.path = path = path[:1] + path[1:-1:2] + path[-1:]
            pts = drawable(np.array(path))
            self.path_item.setData(pts[:, 0], pts[:, 1])
            place_marker(self.start, *pts[0])
            place_marker(self.now, *pts[-1])


class GradientTable(Panel):
    """5: each student's prediction minus truth, whose sums are the gradient."""

    def __init__(self):
        self.table = read_only_table(QTableWidget(0, 6))
        self.table.setMinimumHeight(48)  # the header and the sums row (it scrolls for the rest)
        super().__init__("5 · Gradient = prediction − truth", "", self.table)
        self.name(None)
        self.label = _text_label(3)
        self.body_layout.addWidget(self.label)
        self._time = 0.0
        self._prev = None  # (epoch, w, b) of the previous snapshot, for the step check

    def name(self, table):
        """The hours' words, or a table's (a row, its standardised feature)."""
        x = "x (hours)" if table is None else f"x̃ ({table.features[0]})"
        self.table.setHorizontalHeaderLabels([x, "ŷ", "y", "ŷ−y", "(ŷ−y)x/N", "(ŷ−y)/N"])
        who = "student" if table is None else "row"
        self.text.setText(f"Through the chain rule σ′ cancels: each {who} adds (ŷ − y)·x to "
                          "the gradient on w and (ŷ − y) on b. The column sums are the "
                          "gradient; one step moves (w, b) by −learning rate × gradient, so "
                          f"a {who} pulls w by (y − ŷ)·x.")

    def set_rows(self, n):
        self.table.setRowCount(n + 1)
        self._prev = None

    def draw(self, model, x, y, snap):
        now = time.perf_counter()  # (a hundred cells: at most TABLE_HZ while running)
        if snap.running and now - self._time < 1.0 / TABLE_HZ:
            return
        self._time = now
        n = len(x)
        yhat = sigmoid(model.w[0] * x + model.b)
        r = yhat - y
        cols = [x, yhat, y, r, r * x / n, r / n]
        sums = ["sum", "", "", "", f"{cols[4].sum():+.4f}", f"{cols[5].sum():+.4f}"]
        for j, text in enumerate(sums):  # first row, so the sums are always in view
            self._cell(0, j, text, bold=True)
        for i in range(n):
            for j, col in enumerate(cols):
                self._cell(i + 1, j, f"{col[i]:.3f}" if j != 2 else f"{int(col[i])}")
        fit_columns(self.table)
        gw, gb = model.gradient(x[:, None], y)
        lr = snap.lrs["ce"]
        text = f"∂L/∂w = {gw[0]:+.4f},  ∂L/∂b = {gb:+.4f} (the sums in the table). "
        k = model.batch_size
        if k is not None and k < n:  # an epoch is many steps, each on a batch's rows
            text += (f"One point at a time: an epoch takes {n} steps, each from a single "
                     "shuffled row." if k == 1 else
                     f"With batches of {k}, an epoch takes {-(-n // k)} steps, each with "
                     f"the mean over {k} shuffled rows only.")
            self._prev = None
            self.label.setText(text)
            return
        text += f"Next step: w {-lr * gw[0]:+.4f}, b {-lr * gb:+.4f}."
        prev = self._prev
        if prev is not None and snap.epoch == prev[0] + 1:
            dw, db = model.w[0] - prev[1], model.b - prev[2]
            text += (f"<br>Step just taken: Δw = {dw:+.4f}, Δb = {db:+.4f} "
                     f"= −{lr:g} × the previous gradient.")
        self._prev = (snap.epoch, float(model.w[0]), model.b)
        self.label.setText(text)

    def _cell(self, i, j, text, bold=False):
        item = self.table.item(i, j)
        if item is None:
            item = QTableWidgetItem()
            item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
            self.table.setItem(i, j, item)
            if bold:
                f = item.font()
                f.setBold(True)
                item.setFont(f)
        item.setText(text)


class _Landscapes(QObject):
    """Both loss landscapes of a data set: once per data set, never per frame -- in a
    background job above SYNC_LANDSCAPE points (200 students take a tenth of a second)."""

    def __init__(self, panels, say, on_ranges, parent=None):
        super().__init__(parent)
        self.panels, self.say, self.on_ranges = panels, say, on_ranges
        self.job = JobSlot(self)
        # the cell centres of the landscapes shown (a table's follow its fit)
        self.ws = _grid_values(*W_RANGE, LANDSCAPE_CELLS)
        self.bs = _grid_values(*B_RANGE, LANDSCAPE_CELLS)

    def compute(self, x, y, centred=False):
        """Both landscapes of (x, y): over the hours' fixed ranges, or (``centred``: a
        table's standardised x) over ranges centred on the maximum-likelihood fit."""

        def work(progress=None, cancelled=lambda: False):
            ranges = fit_ranges(x, y) if centred else (W_RANGE, B_RANGE)
            ws, bs = (_grid_values(*r, LANDSCAPE_CELLS) for r in ranges)
            out = {"ranges": ranges, "grid": (ws, bs)}
            for key, loss in (("ce", "bce"), ("mse", "mse")):
                if cancelled():
                    return None  # superseded: stop spending the CPU
                out[key] = loss_landscape(x, y, ws, bs, loss)
            return out
        self.job.cancel()  # an older landscape must never be drawn over this one
        if len(x) <= SYNC_LANDSCAPE:
            self._show(work())
        else:
            self.job.start(work, self._show, lambda m: self.say(f"Landscape not computed: {m}"))

    def _show(self, out):
        self.on_ranges(*out["ranges"])
        self.ws, self.bs = out["grid"]
        for key in ("ce", "mse"):
            self.panels[key].set_values(out[key], self.ws, self.bs)


def fit_ranges(x, y):
    """The landscapes' (w, b) ranges for standardised x: centred on the maximum-likelihood
    fit (Platt's few Newton steps), at least TABLE_HALF each side, the start 0 inside."""
    fit = PlattScaling().fit(x, y)
    out = []
    for centre in (fit.A, fit.B):
        centre = float(np.clip(centre, -100, 100))  # (separable data: no finite fit)
        half = max(TABLE_HALF, 1.5 * abs(centre))
        out.append((centre - half, centre + half))
    return tuple(out)


class SigmoidTab(TrainingTab):
    key = "sigmoid"
    title = "Sigmoid & Loss"
    subjects = {
        "line": ("the straight line and the sigmoid over the students", "line"),
        "sigmoid": ("the sigmoid and its slope", "sigmoid"),
        "likelihood": ("the loss of one point", "likelihood"),
        "landscapes": ("the two loss landscapes", "lands.ce", "lands.mse"),
        "gradient": ("the table of prediction minus truth", "gradient"),
        "loss": ("the loss per epoch", "loss_plot"),
        "accuracy": ("each model's training accuracy", "accuracy"),
    }
    default_lr = DEFAULT_LR
    inputs = 1
    #: a table of one feature and two classes takes the hours' place (see the docstring)
    table_spec = TableSpec(1, 1, 2)
    side_panel = False  # six panels need the width: the controls sit under them
    model_titles = {"ce": "The cross-entropy model", "mse": "The squared-error model"}
    explanations = ("lands.ce.text", "lands.mse.text")  # (how each descent goes)
    settings = (
        Setting("n_points", 20, 6, 200, affects="none", tip="How many students the data set has"),
        Setting("seed", 1, 0, 99999, affects="none",
                tip="Seed of the data: the same seed gives the same students"),
        Setting("start", (0.0, 0.0), -1000.0, 1000.0, affects="none",
                tip="Where gradient descent starts: (w, b)"),
        Setting("cursor_z", 1.0, -8.0, 8.0, affects="none", tip="Where the cursor on the sigmoid reads"),
    )

    def build(self):
        self.start = (0.0, 0.0)
        self.start_loss = {"ce": 1.0, "mse": 1.0}  # (set with the start, see set_start)
        self.x = self.y = np.empty(0)
        self.table = None  # a table's Labelled data, shown instead of the hours
        self.ranges = (W_RANGE, B_RANGE)  # the landscapes' and the sliders' (w, b)
        self.line, self.sigmoid, self.likelihood = LinePanel(), SigmoidPanel(), LikelihoodPanel()
        self.lands = {"ce": Landscape("ce"), "mse": Landscape("mse")}
        self.gradient = GradientTable()
        self.landscapes = _Landscapes(self.lands, self.message.emit, self.set_ranges, self)
        self.line.moved.connect(self.set_start)
        for land in self.lands.values():
            land.clicked.connect(self.set_start)
        grid = QGridLayout()
        grid.setSpacing(6)
        for i, panel in enumerate((self.line, self.sigmoid, self.likelihood, self.lands["ce"],
                                   self.lands["mse"], self.gradient)):
            grid.addWidget(panel, i // 3, i % 3)
        for c in range(3):
            grid.setColumnStretch(c, 1)
        for r in range(2):
            grid.setRowStretch(r, 1)
        # each loss as a share of its own value at the start: on one absolute axis the
        # squared error (at most 1) always looks lower than cross-entropy, the opposite
        # of what the two runs teach
        self.loss_plot = LossPlot("Loss as a share of its start:", y_label="loss ÷ start",
                                  key_in_title=True)
        self.loss_plot.add_series("ce", LOSS_NAMES["ce"], CE_COLOR)
        self.loss_plot.add_series("mse", LOSS_NAMES["mse"], MSE_COLOR, dashed=True)
        self.loss_plot.set_height_lines(8)
        self.form.adopt("start", None, lambda: self.start,
                        lambda v: setattr(self, "start", tuple(v)))
        self.form.adopt("cursor_z", self.sigmoid.cursor, self.sigmoid.z, self.sigmoid.set_z)
        new_data = QPushButton("New data")
        new_data.setToolTip("Draw a new class of students (keeps the starting point; "
                            "after a table, the hours data again)")
        new_data.clicked.connect(lambda: self._show_table(None) if self.table is not None
                                 else self.rebuild())
        side = QVBoxLayout()
        side.addWidget(self.controls)
        data_row = QHBoxLayout()
        for w in (QLabel("students"), self.form["n_points"], QLabel("seed"), self.form["seed"],
                  new_data):
            data_row.addWidget(w)
        side.addLayout(data_row)
        side.addStretch(1)
        self.accuracy = QLabel()  # (the loss curves alone do not say which classifies better)
        self.accuracy.setWordWrap(True)
        self.accuracy.setTextFormat(Qt.RichText)
        self.accuracy.setMaximumWidth(11 * self.accuracy.fontMetrics().averageCharWidth())
        curves = QHBoxLayout()  # each model's accuracy beside its loss curve
        curves.addWidget(self.loss_plot, 1)
        curves.addWidget(self.accuracy)
        bottom = QHBoxLayout()
        bottom.addLayout(curves, 3)
        bottom.addLayout(side, 1)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid, 1)
        layout.addLayout(bottom)
        return body

    # --------------------------------------------------------------- models
    #: (X, y) a student gave (``lrviz.show``) instead of the built-in students, or None
    own_data = None

    def use_data(self, X, y):
        """Learn from these points (one feature, labels 0/1) instead of the students."""
        self.own_data = (np.asarray(X, dtype=float).reshape(-1, 1), np.asarray(y, dtype=int))
        self._show_table(None)  # (the hours' words and ranges; rebuilt on these points)

    def make_data(self, values, extra=None):
        table = self.table if extra is None else extra["table"]
        if table is not None:  # (standardised: see the module's docstring)
            x = table.X[:, :1]
            return (x - x.mean()) / (x.std() or 1.0), table.y, None, None
        if self.own_data is not None:
            return (*self.own_data, None, None)
        d = hours_studied(seed=values["seed"], n_points=values["n_points"])
        return d.X, d.y, None, None

    def take_table(self, data, path=None):
        """A table of one feature and two classes instead of the hours (the Builder's
        points stay as they are); both models start again from (0, 0)."""
        self._show_table(data)

    def _show_table(self, table):
        self._name_table(table)
        self.start = (0.0, 0.0)
        self.rebuild()

    def _name_table(self, table):
        """The table's words on every panel (the hours' for None)."""
        self.table = table
        if table is not None:
            self.own_data = None  # (a table replaces arrays given by ``lrviz.show``)
        for panel in (self.line, self.likelihood, self.gradient):
            panel.name(table)
        for name in ("n_points", "seed"):  # (they draw students, not a table's rows)
            self.form[name].setEnabled(table is None)
        if table is None:
            self.set_ranges(W_RANGE, B_RANGE)

    # ------------------------------------------------------------- sessions
    def extra_state(self):
        """The table shown instead of the hours (None: the hours)."""
        return {"table": None if self.table is None else
                later(partial(labelled_to_dict, self.table), self.table.X.size)}

    def check_extra(self, d, where):
        """The table a session part holds (None: the hours); a part without the key
        (saved before tables were kept) keeps the tab's own."""
        if "table" not in d:
            return {"table": self.table}
        if d["table"] is None:
            return {"table": None}
        table = labelled_from_dict(d["table"], where, most=1)
        if len(np.unique(table.y)) < 2:
            raise SessionError(f"{where}: every row of its table has the same label")
        return {"table": table}

    def apply_extra(self, extra):
        if extra["table"] is not self.table:  # (the start is a setting: already set)
            self._name_table(extra["table"])

    def set_ranges(self, w_range, b_range):
        """The (w, b) the landscapes and the sliders span."""
        self.ranges = (w_range, b_range)
        for land in self.lands.values():
            land.set_ranges(w_range, b_range, standardised=self.table is not None)
        self.line.set_ranges(w_range, b_range)

    def build_models(self, values, data):
        return {"ce": LogisticRegression(1), "mse": LogisticRegression(1, loss="mse")}

    def rebuild(self):
        """New students (the settings' number and seed), or the table's rows; both models
        from the start."""
        X, y, _, _ = self.make_data(self.form.values())
        self.x, self.y = X[:, 0], y
        self.line.set_data(self.x if self.table is None else self.table.X[:, 0], self.y)
        self.gradient.set_rows(len(self.x))
        self.landscapes.compute(self.x.copy(), self.y.copy(), centred=self.table is not None)
        for land in self.lands.values():
            land.restart(self.start)
        data = super().rebuild()
        self.set_start(*self.start)
        return data

    def set_start(self, w, b):
        """Start both models at (w, b): a click on a landscape or the sliders."""
        (w_range, b_range) = self.ranges
        w, b = float(np.clip(w, *w_range)), float(np.clip(b, *b_range))
        self.start = (w, b)
        self.start_loss = {key: float(loss_landscape(self.x, self.y, [w], [b], loss)[0, 0])
                           for key, loss in (("ce", "bce"), ("mse", "mse"))}
        self.controller.update_model("set_start", np.array([w], float), b)
        self.controller.request_reset()
        for land in self.lands.values():
            land.restart(self.start)
        self.loss_plot.reset_curves()
        self.controller.apply()

    def reset_training(self):
        self.set_start(*self.start)

    def primary(self, snap):
        return "ce"

    # -------------------------------------------------------------- drawing
    def record(self, snap):
        if snap.reset:
            self.loss_plot.reset_curves()
            for land in self.lands.values():
                land.restart(self.start)
        for key in ("ce", "mse"):
            start = self.start_loss[key]
            scale = 1.0 / start if start > 0 else 1.0  # (a start already at zero loss)
            self.loss_plot.extend(key, snap.first_epoch, np.asarray(snap.losses[key]) * scale)

    def draw(self, snap):
        ce = snap.models["ce"]
        w, b = float(ce.w[0]), ce.b
        self.line.draw(w, b, self.pace.text_now)
        self.likelihood.draw(w, b, self.x, self.y, snap.metrics["ce"].get("loss", np.nan),
                             self.pace.text_now)
        for turn, (key, land) in enumerate(self.lands.items()):
            if self.pace.on_turn(turn):  # (the two landscapes take turns while training runs)
                m = snap.models[key]
                land.walk((float(m.w[0]), m.b))
        self.gradient.draw(ce, self.x, self.y, snap)
        if self.pace.text_now:  # each model's accuracy beside its loss: which classifies better
            parts, words = [], []
            for key, name in LOSS_NAMES.items():
                acc = snap.metrics.get(key, {}).get("accuracy", np.nan)
                shown = "—" if np.isnan(acc) else f"{acc:.0%}"
                colour, mark = (CE_COLOR, "━") if key == "ce" else (MSE_COLOR, "┅")
                parts.append(f"<span style='color:{ink(colour)}'>{mark}</span> {shown}")
                words.append(f"{name} {shown}")
            # beside the curves, each model by its curve's mark in the loss plot's key, a
            # line each (under the plot they squeezed panel 3's plot at 720 pixels)
            self.accuracy.setText("training<br>accuracy<br>" + "<br>".join(parts))
            self.accuracy.setToolTip("Training accuracy: " + ", ".join(words))


if __name__ == "__main__":  # python -m lrviz.ui.tabs.sigmoid
    from ..app import run_single_tab

    run_single_tab(SigmoidTab)
