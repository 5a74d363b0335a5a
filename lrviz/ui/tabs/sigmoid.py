"""Sigmoid & Loss: from a straight line to probabilities, likelihood and the gradient.

Five steps on the hours-studied data (pass/fail against hours of study):
1. a least-squares line predicts impossible "probabilities"; the logistic curve
   does not; 2. the sigmoid and its slope, with a cursor; 3. the loss of one
   point as -log of the probability given to the truth; 4. cross-entropy is one
   smooth bowl over (w, b) while squared error on the sigmoid has plateaus --
   click either landscape to start gradient descent there and watch both paths;
   5. the gradient is the average of "prediction minus truth".
"""
from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...data import hours_studied
from ...models import LogisticRegression, sigmoid
from ...models.landscape import least_squares_line, loss_landscape
from ...settings import Setting
from ..jobs import JobSlot
from ..geometry import moved, set_xy, drawable
from ..live import LivePlot, keep_as_pixmap
from ..look import zoomed_font
from ..theme import CLASS_HEX, add_legend, style_plot
from ..widgets.loss_plot import LossPlot
from ..widgets.forms import fit_columns, keep_lines, read_only_table
from ..widgets.panel import Panel
from .base import TrainingTab

W_RANGE = (-1.0, 4.0)
B_RANGE = (-20.0, 5.0)
LANDSCAPE_CELLS = 120
HOURS_MAX = 10.0
DEFAULT_LR = 0.2
SLIDER_STEPS = 1000
MAX_PATH = 4000  # vertices of a drawn descent path
TABLE_HZ = 5.0
SYNC_LANDSCAPE = 30  # above this many points the landscapes are computed in the background
CE_COLOR = "#0072B2"
MSE_COLOR = "#D55E00"


def _grid_values(lo, hi, n):
    """Cell centres of n cells covering [lo, hi]."""
    return lo + (np.arange(n) + 0.5) * (hi - lo) / n


class _Slider(QWidget):
    """A labelled float slider."""

    def __init__(self, name, lo, hi, value, tip):
        super().__init__()
        self.lo, self.hi = lo, hi
        self.slider = QSlider(Qt.Horizontal)
        self.slider.setRange(0, SLIDER_STEPS)
        self.slider.setToolTip(tip)
        self.label = QLabel()
        self.label.setFixedWidth(90)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        name_label = QLabel(name)
        name_label.setFixedWidth(16)
        row.addWidget(name_label)
        row.addWidget(self.slider, 1)
        row.addWidget(self.label)
        self.slider.valueChanged.connect(lambda _: self._show())
        self.set_value(value)

    def value(self):
        return self.lo + (self.hi - self.lo) * self.slider.value() / SLIDER_STEPS

    def set_value(self, v, quiet=False):
        pos = int(round((np.clip(v, self.lo, self.hi) - self.lo) / (self.hi - self.lo) * SLIDER_STEPS))
        self.slider.blockSignals(quiet)
        self.slider.setValue(pos)
        self.slider.blockSignals(False)
        self._show(v)

    def _show(self, v=None):
        self.label.setText(f"{self.value() if v is None else v:+.3f}")


def place_marker(item, x, y):
    """Move a one-point marker drawn at the origin to (x, y); hide it if that is not finite."""
    if np.isfinite(x) and np.isfinite(y):
        item.setPos(float(x), float(y))
        item.show()
    else:
        item.hide()


class SigmoidTab(TrainingTab):
    key = "sigmoid"
    title = "Sigmoid & Loss"
    default_lr = DEFAULT_LR
    model_titles = {"ce": "The cross-entropy model", "mse": "The squared-error model"}
    settings = (
        Setting("n_points", 20, 6, 200, tip="How many students the data set has"),
        Setting("seed", 1, 0, 99999, tip="Seed of the data: the same seed gives the same students"),
        Setting("start", (0.0, 0.0), min(B_RANGE), max(W_RANGE),
                tip="Where gradient descent starts: (w, b)"),
        Setting("cursor_z", 1.0, -8.0, 8.0, tip="Where the cursor on the sigmoid reads"),
    )

    def __init__(self, parent=None):
        super().__init__(parent)
        self.start = (0.0, 0.0)
        self.path = {"ce": [], "mse": []}
        self._prev = None  # (epoch, w, b) of the previous snapshot, for the step check
        self._table_time = 0.0
        self.landscapes = JobSlot(self)

        grid = QGridLayout()
        grid.setSpacing(6)
        grid.addWidget(self._build_line_panel(), 0, 0)
        grid.addWidget(self._build_sigmoid_panel(), 0, 1)
        grid.addWidget(self._build_likelihood_panel(), 0, 2)
        grid.addWidget(self._build_landscape_panel("ce"), 1, 0)
        grid.addWidget(self._build_landscape_panel("mse"), 1, 1)
        grid.addWidget(self._build_gradient_panel(), 1, 2)
        for c in range(3):
            grid.setColumnStretch(c, 1)
        grid.setRowStretch(0, 1)
        grid.setRowStretch(1, 1)

        self.loss_plot = LossPlot("Loss per epoch, from the same start:", key_in_title=True)
        self.loss_plot.add_series("ce", "cross-entropy", CE_COLOR)
        self.loss_plot.add_series("mse", "squared error", MSE_COLOR, dashed=True)
        self.loss_plot.set_height_lines(8)
        self.n_points, self.seed = self.form["n_points"], self.form["seed"]
        self.form.adopt("start", None, lambda: self.start, lambda v: setattr(self, "start", tuple(v)))
        self.form.adopt("cursor_z", self.z_cursor, lambda: float(self.z_cursor.value()),
                        self._set_cursor)
        new_data = QPushButton("New data")
        new_data.setToolTip("Draw a new class of students (keeps the starting point)")
        new_data.clicked.connect(lambda: self.set_data(self.n_points.value(), self.seed.value()))
        side = QVBoxLayout()
        side.addWidget(self.controls)
        data_row = QHBoxLayout()
        for w in (QLabel("students"), self.n_points, QLabel("seed"), self.seed, new_data):
            data_row.addWidget(w)
        side.addLayout(data_row)
        side.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.loss_plot, 3)
        bottom.addLayout(side, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(grid, 1)
        layout.addLayout(bottom)

        self.controller.set_models(self.build_models(None), DEFAULT_LR)
        self.set_data(20, 1)

    # ------------------------------------------------------------ panels
    def _plot(self, x_label, y_label):
        p = LivePlot()
        style_plot(p.getPlotItem(), x_label, y_label)
        p.getPlotItem().hideButtons()
        p.setMenuEnabled(False)
        p.setMinimumHeight(96)  # axes take ~40 px: the rest must stay a readable picture
        return p

    def _build_line_panel(self):
        p = self._plot("hours studied", "P(pass)")
        p.setXRange(0, HOURS_MAX, padding=0.02)
        p.setYRange(-0.6, 1.6, padding=0)
        p.setMouseEnabled(False, False)
        for y0, y1 in ((-0.6, 0.0), (1.0, 1.6)):
            band = pg.LinearRegionItem((y0, y1), orientation="horizontal", movable=False,
                                       brush=pg.mkBrush(0, 0, 0, 18), pen=pg.mkPen(None))
            p.addItem(band)
        self.ls_line = p.plot([], [], pen=pg.mkPen("#777777", width=2, style=Qt.DashLine),
                              name="straight line")
        self.curve = p.plot([], [], pen=pg.mkPen(CE_COLOR, width=3))
        self.threshold = pg.InfiniteLine(angle=90, pen=pg.mkPen("#444444", width=1.5,
                                                                style=Qt.DotLine))
        self.threshold_label = pg.TextItem(color="#222222", anchor=(0, 0.5))
        p.addItem(self.threshold)
        p.addItem(self.threshold_label)
        self.points_1d = [p.plot([], [], pen=None, symbol="o", symbolSize=9,
                                 symbolBrush=CLASS_HEX[k], symbolPen="w") for k in (0, 1)]
        self.bad_marks = p.plot([], [], pen=None, symbol="x", symbolSize=10, symbolBrush="#222",
                                symbolPen="#222")
        self.bad_labels = [pg.TextItem(color="#222222", anchor=(0.5, 1.2)) for _ in range(2)]
        for t in self.bad_labels:
            p.addItem(t)
        keep_as_pixmap(self.ls_line, *self.points_1d, self.bad_marks, *self.bad_labels)
        self.line_plot = p
        self.w_slider = _Slider("w", *W_RANGE, 0.0, "Weight on hours: how steep the curve is")
        self.b_slider = _Slider("b", *B_RANGE, 0.0, "Bias: shifts the curve left or right")
        for s in (self.w_slider, self.b_slider):
            s.slider.valueChanged.connect(self._slider_moved)
        panel = Panel("1 · A straight line is not a probability",
                      "The dashed least-squares line predicts values below 0 and above 1 "
                      "(grey bands). The curve σ(w·hours + b) stays between them; it crosses "
                      "0.5 at the threshold hours = −b/w. Move w and b, or let training "
                      "find them.", p)
        panel.body_layout.addWidget(self.w_slider)
        panel.body_layout.addWidget(self.b_slider)
        return panel

    def _build_sigmoid_panel(self):
        p = self._plot("z = w·x + b", "value")
        z = np.linspace(-8, 8, 400)
        s = sigmoid(z)
        p.plot(z, s, pen=pg.mkPen(CE_COLOR, width=3), name="σ(z)")
        p.plot(z, s * (1 - s), pen=pg.mkPen(MSE_COLOR, width=3, style=Qt.DashLine))
        add_legend(p.getPlotItem(), offset=(10, 10), colCount=2)  # one row: σ is low there
        p.getPlotItem().legend.addItem(p.getPlotItem().listDataItems()[0], "σ(z)")
        p.getPlotItem().legend.addItem(p.getPlotItem().listDataItems()[1], "σ′(z) = σ(1 − σ)")
        p.setMouseEnabled(False, False)
        self.z_cursor = pg.InfiniteLine(1.0, angle=90, movable=True,
                                        pen=pg.mkPen("#222222", width=2),
                                        hoverPen=pg.mkPen("#009E73", width=3))
        self.z_cursor.setBounds((-8, 8))
        self.z_dots = p.plot([], [], pen=None, symbol="o", symbolSize=10,
                             symbolBrush=[CE_COLOR, MSE_COLOR], symbolPen="w")
        p.addItem(self.z_cursor)
        self.z_readout = QLabel()
        zoomed_font(self.z_readout, 11, bold=False)
        self.z_readout.setWordWrap(True)
        keep_lines(self.z_readout, 3)
        self.z_cursor.sigPositionChanged.connect(self._cursor_moved)
        panel = Panel("2 · The sigmoid and its slope",
                      "σ(z) = 1 / (1 + e<sup>−z</sup>) turns any score into a probability: "
                      "z = 0 gives exactly 0.5. Its slope is made of the function itself. "
                      "Drag the line to read both.", p)
        panel.body_layout.addWidget(self.z_readout)
        self._cursor_moved()
        return panel

    def _build_likelihood_panel(self):
        p = self._plot("ŷ = predicted P(pass)", "loss of one point")
        yhat = np.linspace(0.005, 0.995, 300)
        p.plot(yhat, -np.log(yhat), pen=pg.mkPen(CLASS_HEX[1], width=3))
        p.plot(yhat, -np.log(1 - yhat), pen=pg.mkPen(CLASS_HEX[0], width=3))
        t1 = pg.TextItem("passed (y = 1): −log ŷ", color=CLASS_HEX[1], anchor=(0, 1))
        t1.setPos(0.05, 4.2)
        t0 = pg.TextItem("failed (y = 0): −log(1 − ŷ)", color=CLASS_HEX[0], anchor=(1, 1))
        t0.setPos(0.95, 4.2)
        p.addItem(t1)
        p.addItem(t0)
        keep_as_pixmap(t0, t1, *p.getPlotItem().listDataItems())
        p.setXRange(0, 1, padding=0.02)
        p.setYRange(0, 5, padding=0.02)
        p.setMouseEnabled(False, False)
        self.lik_plot = p
        self.lik_points = [p.plot([], [], pen=None, symbol="o", symbolSize=9,
                                  symbolBrush=CLASS_HEX[k], symbolPen="w") for k in (0, 1)]
        self.lik_label = QLabel()
        zoomed_font(self.lik_label, 11, bold=False)
        self.lik_label.setWordWrap(True)
        keep_lines(self.lik_label, 2)
        panel = Panel("3 · Loss from likelihood",
                      "The model gives the true label probability ŷ<sup>y</sup>(1 − ŷ)"
                      "<sup>1−y</sup>. Taking −log turns \"likely\" into \"small loss\": a "
                      "confident wrong answer costs a lot. Their mean is the cross-entropy.", p)
        panel.body_layout.addWidget(self.lik_label)
        return panel

    def _build_landscape_panel(self, key):
        p = self._plot("w", "b")
        image = pg.ImageItem(axisOrder="row-major")
        image.setColorMap(pg.colormap.get("viridis"))
        p.addItem(image)
        contours = pg.PlotCurveItem(pen=pg.mkPen((255, 255, 255, 150), width=1), connect="pairs")
        p.addItem(contours)
        colour = CE_COLOR if key == "ce" else MSE_COLOR
        path = p.plot([], [], pen=pg.mkPen("w", width=3.5))
        path_inner = p.plot([], [], pen=pg.mkPen(colour, width=2))
        # one-point markers drawn at the origin and moved with setPos: far cheaper per
        # frame than handing a scatter new data
        # (plain scatter items: a PlotDataItem recomputes its data on every setPos)
        start = pg.ScatterPlotItem([0.0], [0.0], symbol="o", size=12, brush="w", pen=colour)
        now = pg.ScatterPlotItem([0.0], [0.0], symbol="star", size=16, brush=colour, pen="w")
        p.addItem(start)
        p.addItem(now)
        start.hide()
        now.hide()
        best = p.plot([], [], pen=None, symbol="+", symbolSize=14, symbolPen=pg.mkPen("w", width=2))
        keep_as_pixmap(image, contours, best, start)
        p.setXRange(*W_RANGE, padding=0)
        p.setYRange(*B_RANGE, padding=0)
        p.setMouseEnabled(False, False)
        p.scene().sigMouseClicked.connect(lambda ev, p=p: self._landscape_clicked(p, ev))
        setattr(self, f"{key}_land", {"plot": p, "image": image, "contours": contours,
                                       "path": path, "inner": path_inner, "start": start,
                                       "now": now, "best": best, "values": None})
        if key == "ce":
            title = "4 · Cross-entropy over (w, b): one bowl"
            text = ("Darker is lower. Cross-entropy is convex: from any start, downhill leads "
                    "to the one minimum (+). <b>Click to start gradient descent there.</b>")
        else:
            title = "4 · Squared error on the sigmoid: plateaus"
            text = ("The same data scored by (ŷ − y)². Far from the answer the surface is "
                    "almost flat, so the gradient vanishes and descent crawls.")
        return Panel(title, text, p)

    def _build_gradient_panel(self):
        self.table = read_only_table(QTableWidget(0, 6))
        self.table.setMinimumHeight(48)  # the header and the sums row (it scrolls for the rest)
        self.table.setHorizontalHeaderLabels(["x (hours)", "ŷ", "y", "ŷ−y", "(ŷ−y)x/N",
                                              "(ŷ−y)/N"])
        self.grad_label = QLabel()
        self.grad_label.setTextFormat(Qt.RichText)
        zoomed_font(self.grad_label, 11, bold=False)
        self.grad_label.setWordWrap(True)
        keep_lines(self.grad_label, 3)
        panel = Panel("5 · Gradient = prediction − truth",
                      "Through the chain rule σ′ cancels: each student pulls on w by "
                      "(ŷ − y)·x and on b by (ŷ − y). The column sums are the gradient; one "
                      "step moves (w, b) by −learning rate × gradient.", self.table)
        panel.body_layout.addWidget(self.grad_label)
        return panel

    # ------------------------------------------------------------- data
    def set_data(self, n_points=20, seed=1):
        d = hours_studied(seed=seed, n_points=n_points)
        self.x, self.y = d.X[:, 0], d.y
        self.controller.set_data(d.X, d.y)
        self.slope, self.intercept = least_squares_line(self.x, self.y)
        self._draw_data()
        self._compute_landscapes()
        self.set_start(*self.start)

    def _draw_data(self):
        xs = np.array([0.0, HOURS_MAX])
        ls = self.slope * xs + self.intercept
        self.ls_line.setData(xs, ls)
        bad = (ls < 0) | (ls > 1)
        self.bad_marks.setData(xs[bad], ls[bad])
        for label, x, v, is_bad in zip(self.bad_labels, xs, ls, bad):
            label.setText(f"line says {v:.2f}" if is_bad else "")
            label.setAnchor((0, -0.1) if x == 0 else (1, -0.1))  # just below the mark
            label.setPos(x, v)
        for k in (0, 1):
            sel = self.y == k
            self.points_1d[k].setData(self.x[sel], self.y[sel])
        self.table.setRowCount(len(self.x) + 1)

    def _compute_landscapes(self):
        """Once per data set, never per frame.  120 x 120 cells take ~13 ms for 20
        students but ~100 ms for 200: above SYNC_LANDSCAPE points they are computed
        in a background thread and shown when ready."""
        ws = _grid_values(*W_RANGE, LANDSCAPE_CELLS)
        bs = _grid_values(*B_RANGE, LANDSCAPE_CELLS)
        self.grid_w, self.grid_b = ws, bs
        x, y = self.x.copy(), self.y.copy()

        def compute(progress=None, cancelled=lambda: False):
            out = {}
            for key, loss in (("ce", "bce"), ("mse", "mse")):
                if cancelled():
                    return None  # superseded: stop spending the CPU
                out[key] = loss_landscape(x, y, ws, bs, loss)
            return out

        self.landscapes.cancel()  # an older landscape must never be drawn over this one
        if len(x) <= SYNC_LANDSCAPE:
            self._show_landscapes(compute())
            return
        self.landscapes.start(compute, self._show_landscapes,
                              lambda m: self.message.emit(f"Landscape not computed: {m}"))

    def _show_landscapes(self, values_by_key):
        from ..geometry import contour_segments

        ws, bs = self.grid_w, self.grid_b
        rect = (W_RANGE[0], B_RANGE[0], W_RANGE[1] - W_RANGE[0], B_RANGE[1] - B_RANGE[0])
        for key, values in values_by_key.items():
            land = getattr(self, f"{key}_land")
            land["values"] = values
            shown = np.log(values + 1e-3)  # log: shows the floor of the bowl and the plateaus
            lo, hi = float(shown.min()), float(np.percentile(shown, 99))
            land["image"].setImage(shown, levels=(lo, hi))
            land["image"].setRect(*rect)
            levels = np.linspace(lo, hi, 12)[1:-1]
            land["contours"].setData(*np.concatenate(
                [contour_segments(shown, lv, rect) for lv in levels]).T)
            i, j = np.unravel_index(np.argmin(values), values.shape)
            land["best"].setData([ws[j]], [bs[i]])
            land["grid_min"] = (ws[j], bs[i])

    def shutdown(self):
        self.landscapes.shutdown()
        super().shutdown()

    # ---------------------------------------------------------- starting point
    def set_start(self, w, b):
        """Start both models at (w, b): a click on a landscape or the sliders."""
        w = float(np.clip(w, *W_RANGE))
        b = float(np.clip(b, *B_RANGE))
        self.start = (w, b)
        self.controller.update_model("set_start", np.array([w], float), float(b))
        self.controller.request_reset()
        for key in self.path:
            self.path[key] = [(w, b)]
        self._prev = None
        self.loss_plot.reset_curves()
        self.controller.apply()

    def reset_training(self):
        self.set_start(*self.start)

    def _slider_moved(self, *_):
        self.set_start(self.w_slider.value(), self.b_slider.value())

    def _landscape_clicked(self, plot, ev):
        vb = plot.getPlotItem().vb
        if ev.button() != Qt.LeftButton or not vb.sceneBoundingRect().contains(ev.scenePos()):
            return
        p = vb.mapSceneToView(ev.scenePos())
        self.set_start(p.x(), p.y())

    # ----------------------------------------------------------- drawing
    def _set_cursor(self, z):
        self.z_cursor.setValue(z)
        self._cursor_moved()

    def _cursor_moved(self, *_):
        z = float(self.z_cursor.value())
        s = float(sigmoid(z))
        d = s * (1 - s)
        self.z_dots.setData([z, z], [s, d])
        self.z_readout.setText(f"z = {z:+.2f}:  σ(z) = {s:.3f},  σ′(z) = {d:.3f} "
                               f"= {s:.3f} × (1 − {s:.3f})")

    def draw(self, snap):
        ce = snap.models["ce"]
        w, b = float(ce.w[0]), ce.b
        hours = np.linspace(0, HOURS_MAX, 200)
        set_xy(self.curve, hours, drawable(sigmoid(w * hours + b)))
        if abs(w) > 1e-9 and 0 <= -b / w <= HOURS_MAX:
            self.threshold.setValue(-b / w)
            self.threshold.show()
            self.threshold_label.setText(f"threshold {-b / w:.2f} h")
            self.threshold_label.setPos(-b / w, -0.3)
        else:
            self.threshold.hide()
            self.threshold_label.setText("")
        if self._text_now:
            self.w_slider.set_value(w, quiet=True)
            self.b_slider.set_value(b, quiet=True)
        # 3: each point on the loss curve of its own label
        p = sigmoid(w * self.x + b)
        for k in (0, 1):
            sel = self.y == k
            yhat = p[sel]
            loss = -np.log(np.clip(yhat if k else 1 - yhat, 1e-12, 1))
            set_xy(self.lik_points[k], yhat, np.minimum(loss, 5))
        ce_loss = snap.metrics["ce"].get("loss", np.nan)
        if self._text_now:
            self.lik_label.setText(f"mean over the {len(self.x)} students: L = {ce_loss:.4f}")
        # 4: paths
        if snap.reset:
            self.loss_plot.reset_curves()
            for key in self.path:
                self.path[key] = [self.start]
        for key in ("ce", "mse"):
            m = snap.models[key]
            path = self.path[key]
            land = getattr(self, f"{key}_land")
            point = (float(m.w[0]), m.b)
            # a step of less than half a pixel adds nothing to the picture: the path
            # (and its repaint) grows only when gradient descent visibly moves
            if len(path) < 2 or moved(land["plot"].getPlotItem().vb, np.array(path[-1]),
                                      drawable(np.array(point))):
                path.append(point)
                if len(path) > MAX_PATH:  # long runs: thin the middle, keep both ends
                    self.path[key] = path = path[:1] + path[1:-1:2] + path[-1:]
                pts = drawable(np.array(path))
                land["path"].setData(pts[:, 0], pts[:, 1])
                land["inner"].setData(pts[:, 0], pts[:, 1])
                place_marker(land["start"], *pts[0])
                place_marker(land["now"], *pts[-1])
            self.loss_plot.extend(key, snap.first_epoch, snap.losses[key])
        # 5: the residual table (a hundred cells: at most TABLE_HZ while running)
        now = time.perf_counter()
        if not snap.running or now - self._table_time >= 1.0 / TABLE_HZ:
            self._table_time = now
            self._fill_table(ce, snap)

    def _fill_table(self, model, snap):
        x, y = self.x, self.y
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
        text = (f"∂L/∂w = {gw[0]:+.4f},  ∂L/∂b = {gb:+.4f} (the sums in the table). "
                f"Next step: w {-lr * gw[0]:+.4f}, b {-lr * gb:+.4f}.")
        prev = self._prev
        if prev is not None and snap.epoch == prev[0] + 1:
            dw, db = model.w[0] - prev[1], model.b - prev[2]
            text += (f"<br>Step just taken: Δw = {dw:+.4f}, Δb = {db:+.4f} "
                     f"= −{lr:g} × the previous gradient.")
        self._prev = (snap.epoch, float(model.w[0]), model.b)
        self.grad_label.setText(text)

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

    # ----------------------------------------------------------- sessions
    def build_models(self, values, extra=None):
        return {"ce": LogisticRegression(1), "mse": LogisticRegression(1, loss="mse")}

    def refresh(self):
        self.set_data(self.n_points.value(), self.seed.value())


    def path_of(self, key):
        """The gradient-descent path drawn on a landscape, as (w values, b values)."""
        return getattr(self, f"{key}_land")["path"].getData()

    def primary(self, snap):
        return "ce"


if __name__ == "__main__":  # python -m lrviz.ui.tabs.sigmoid
    from ..app import run_single_tab

    run_single_tab(SigmoidTab)
