"""L1 Sparsity: 100 features, 5 that matter -- L2 shrinks every weight, L1 selects.

The sparse-100 data set has many more features than samples; only the first
few weights are truly non-zero.  Bars show every learned weight (true weights
as markers), live while training; the penalty and lambda change mid-run.  A
comparison mode trains none / L2 / L1 side by side on the same data, and the
regularisation path shows every weight against lambda.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from ...data import sparse_100, sparse_holdout
from ...models import RegularizedLogisticRegression
from ...models.path import KEEP, regularization_path, weight_counts
from ...settings import Setting
from ...training.tasks import TaskSlot
from ..geometry import drawable
from ..theme import CLASS_HEX, style_plot, title_font
from ..widgets.forms import keep_lines, side_panel
from ..widgets.panel import Panel
from .base import TrainingTab

PENALTIES = {"none": None, "L2": "l2", "L1 (subgradient)": "l1", "L1 (proximal)": "l1-prox"}
COMPARE = [("none", None), ("L2", "l2"), ("L1", "l1-prox")]
LAM_MIN, LAM_MAX = 1e-4, 1.0
LAM_STEPS = 400
DEFAULT_LR = 0.05
DEFAULT_LAM = 0.05
RELEVANT_HEX = CLASS_HEX[1]
IRRELEVANT_HEX = "#9A9A9A"
TRUE_HEX = CLASS_HEX[0]


def lam_from_slider(v):
    return float(10 ** (np.log10(LAM_MIN) + (np.log10(LAM_MAX) - np.log10(LAM_MIN)) * v / LAM_STEPS))


def slider_from_lam(lam):
    t = (np.log10(lam) - np.log10(LAM_MIN)) / (np.log10(LAM_MAX) - np.log10(LAM_MIN))
    return int(round(np.clip(t, 0, 1) * LAM_STEPS))


class _Bars(pg.PlotWidget):
    """All weights as bars (created once, heights updated), true weights as markers."""

    def __init__(self, title):
        super().__init__()
        style_plot(self.getPlotItem(), "feature", "weight", title)
        self.getPlotItem().hideButtons()
        self.setMenuEnabled(False)
        self.setMouseEnabled(False, False)
        self.bars = None
        self.true_marks = self.plot([], [], pen=None, symbol="t1", symbolSize=11,
                                    symbolBrush=TRUE_HEX, symbolPen="w")
        self.zero_line = pg.InfiniteLine(0, angle=0, pen=pg.mkPen("#444", width=1))
        self.addItem(self.zero_line)

    def set_features(self, true_w, relevant):
        n = len(true_w)
        colours = [pg.mkBrush(IRRELEVANT_HEX)] * n
        for i in relevant:
            colours[i] = pg.mkBrush(RELEVANT_HEX)
        if self.bars is not None:
            self.removeItem(self.bars)
        self.bars = pg.BarGraphItem(x=np.arange(n), height=np.zeros(n), width=0.8,
                                    brushes=colours, pen=pg.mkPen(None))
        self.addItem(self.bars)
        self.true_marks.setData(np.asarray(relevant, float), true_w[relevant])
        self.true_marks.setZValue(10)
        span = max(1.0, float(np.abs(true_w).max()) * 1.15)
        self.setYRange(-span, span, padding=0)
        self.setXRange(-1, n, padding=0)

    def set_weights(self, w):
        if len(w) != len(self.bars.opts["x"]):
            return  # a snapshot from before the data changed: never feed Qt mismatched bars
        self.bars.setOpts(height=drawable(w, fill=0.0))

    def heights(self):
        return np.asarray(self.bars.opts["height"], dtype=float)


class SparsityTab(TrainingTab):
    key = "sparsity"
    title = "L1 Sparsity"
    default_lr = DEFAULT_LR
    default_speed = 50  # L1 needs a few hundred epochs to zero the weights
    model_titles = {"none": "The model without a penalty", "L2": "The L2 model",
                    "L1": "The L1 model"}
    settings = (
        Setting("n_samples", 80, 10, 2000, tip="Training samples"),
        Setting("n_features", 100, 5, 500, tip="Features"),
        Setting("n_relevant", 5, 1, 20, tip="Features that really matter"),
        Setting("seed", 7, 0, 99999, tip="Seed: the same seed, the same data"),
        Setting("penalty", "L1 (proximal)", choices=tuple(PENALTIES),
                tip="What is added to the loss to keep the weights small"),
        Setting("lam", DEFAULT_LAM, LAM_MIN, LAM_MAX,
                tip="λ on a log scale: how hard the penalty pulls (live)"),
        Setting("compare", False, label="compare none / L2 / L1 side by side",
                tip="Train three models on the same data at once"),
    )

    def __init__(self, parent=None):
        super().__init__(parent)
        self.path_task = TaskSlot(self)
        self.path = None
        self._lam = DEFAULT_LAM
        self.bar_plots = [_Bars("Weights learned (bars) and true weights (▲)"),
                          _Bars(""), _Bars("")]

        bars = QVBoxLayout()
        for p in self.bar_plots:
            bars.addWidget(p, 1)
        left = QVBoxLayout()
        left.addLayout(bars, 3)
        left.addWidget(self._build_path_panel(), 2)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addWidget(self._build_side_panel())

        self.set_data()

    # ------------------------------------------------------------- building
    def _build_side_panel(self):
        panel, v = side_panel(380)
        intro = Panel("Many features, few samples",
                      "80 students, 100 measurements, and only the first 5 decide the label "
                      "(blue bars; ▲ are the true weights). With no penalty the model uses "
                      "every feature to memorise the training set. L2 adds λ‖w‖²: every "
                      "weight shrinks, none reaches zero. L1 adds λ‖w‖₁: useless weights go "
                      "to exactly zero, so L1 selects features. Plain subgradient steps make "
                      "L1 weights jitter around zero; the proximal step lands on it.")
        v.addWidget(intro)
        box = QGroupBox("Penalty")
        form = QFormLayout(box)
        self.penalty, self.compare = self.form["penalty"], self.form["compare"]
        self.lam_slider = QSlider(Qt.Horizontal)
        self.lam_slider.setRange(0, LAM_STEPS)
        self.lam_slider.setValue(slider_from_lam(DEFAULT_LAM))
        self.lam_slider.setToolTip(self.form.tip("lam"))
        self.form.adopt("lam", self.lam_slider, self.lam, self.set_lam, self.lam_slider.valueChanged)
        self.lam_label = QLabel()
        self.lam_label.setFixedWidth(70)
        lam_row = QHBoxLayout()
        lam_row.addWidget(self.lam_slider, 1)
        lam_row.addWidget(self.lam_label)
        form.addRow("Penalty", self.penalty)
        form.addRow("λ", lam_row)
        form.addRow(self.compare)
        v.addWidget(box)

        data_box = QGroupBox("Data")
        dform = QFormLayout(data_box)
        self.n_samples, self.n_features = self.form["n_samples"], self.form["n_features"]
        self.n_relevant, self.seed = self.form["n_relevant"], self.form["seed"]
        regen = QPushButton("New data")
        regen.setToolTip("Draw the data again with these sizes and seed")
        regen.clicked.connect(self.set_data)
        row = QHBoxLayout()
        for w in (self.n_samples, QLabel("×"), self.n_features, QLabel("relevant"),
                  self.n_relevant):
            row.addWidget(w)
        dform.addRow("samples", row)
        seed_row = QHBoxLayout()
        seed_row.addWidget(self.seed)
        seed_row.addWidget(regen)
        dform.addRow("seed", seed_row)
        v.addWidget(data_box)

        self.counts = QLabel()
        self.counts.setTextFormat(Qt.RichText)
        self.counts.setFont(title_font(11, bold=False))
        self.counts.setWordWrap(True)
        keep_lines(self.counts, 11)
        self.counts.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        v.addWidget(self.counts)
        v.addStretch(1)
        panel.pin(self.controls)

        self.penalty.currentIndexChanged.connect(self._penalty_changed)
        self.lam_slider.valueChanged.connect(self._lam_changed)
        self.compare.toggled.connect(self._rebuild)
        self._show_lam()
        return panel

    def _build_path_panel(self):
        self.path_plot = pg.PlotWidget()
        style_plot(self.path_plot.getPlotItem(), "log₁₀ λ", "weight",
                   "Regularisation path: every weight against λ (click to set λ)")
        self.path_plot.getPlotItem().hideButtons()
        self.path_plot.setMenuEnabled(False)
        self.path_plot.setMouseEnabled(False, False)
        self.count_plot = pg.PlotWidget()
        style_plot(self.count_plot.getPlotItem(), "log₁₀ λ", "kept")
        self.count_plot.getPlotItem().hideButtons()
        self.count_plot.setMouseEnabled(False, False)
        self.count_plot.setXLink(self.path_plot)
        self.count_plot.setFixedHeight(120)
        self.path_lines = None
        self.path_hint = pg.TextItem("Press “Compute path” to fit the model at 40 values of λ",
                                     color="#555555", anchor=(0.5, 0.5))
        self.path_plot.addItem(self.path_hint)
        self.path_hint.setPos(np.log10(DEFAULT_LAM), 0.5)
        self.count_curve = self.count_plot.plot([], [], pen=pg.mkPen("#222", width=2),
                                                symbol="o", symbolSize=4, symbolBrush="#222")
        self.lam_lines = []
        for p in (self.path_plot, self.count_plot):
            line = pg.InfiniteLine(np.log10(DEFAULT_LAM), angle=90,
                                   pen=pg.mkPen(CLASS_HEX[4], width=2))
            p.addItem(line)
            self.lam_lines.append(line)
        self.path_plot.scene().sigMouseClicked.connect(self._path_clicked)
        self.path_plot.setXRange(np.log10(LAM_MIN), np.log10(LAM_MAX), padding=0.02)
        self.path_plot.setYRange(-1, 1, padding=0)
        self.path_button = QPushButton("Compute path")
        self.path_button.setToolTip("Fit the model at 40 values of λ, largest first, each "
                                    "starting from the previous weights")
        self.path_button.clicked.connect(self.compute_path)
        self.path_progress = QProgressBar()
        self.path_progress.setFixedWidth(220)
        self.path_progress.setFormat("%v of %m λ values")
        self.path_progress.setRange(0, 40)
        self.path_progress.setValue(0)
        row = QHBoxLayout()
        row.addWidget(self.path_button)
        row.addWidget(self.path_progress)
        row.addStretch(1)
        box = QWidget()
        v = QVBoxLayout(box)
        v.setContentsMargins(0, 0, 0, 0)
        v.addLayout(row)
        self.path_plot.setMinimumHeight(150)  # a data area to read, at any text size
        v.addWidget(self.path_plot, 1)
        v.addWidget(self.count_plot)
        return box

    # ----------------------------------------------------------------- data
    def set_data(self, *_):
        self.cancel_path()
        d = sparse_100(self.seed.value(), self.n_samples.value(), self.n_features.value(),
                       min(self.n_relevant.value(), self.n_features.value()))
        h = sparse_holdout(400, self.seed.value(), self.n_samples.value(), self.n_features.value(),
                           min(self.n_relevant.value(), self.n_features.value()))
        self.data, self.holdout = d, h
        self.true_w = d.info["true_w"]
        self.relevant = d.info["relevant"]
        for p in self.bar_plots:
            p.set_features(self.true_w, self.relevant)
        self.path = None
        self._clear_path()
        self._rebuild()

    # ---------------------------------------------------------------- models
    def lam(self):
        return self._lam

    def build_models(self, values, extra=None):
        n, lam = values["n_features"], values["lam"]
        if values["compare"]:
            return {name: RegularizedLogisticRegression(n, lam=lam, penalty=pen)
                    for name, pen in COMPARE}
        return {"model": RegularizedLogisticRegression(n, lam=lam,
                                                       penalty=PENALTIES[values["penalty"]])}

    def refresh(self):
        self.set_lam(self._lam)
        self.set_data()

    def _rebuild(self, *_):
        compare = self.compare.isChecked()
        titles = [f"{name}: weights (bars) and true weights (▲)" for name, _ in COMPARE] \
            if compare else ["Weights learned (bars) and true weights (▲)"]
        for i, p in enumerate(self.bar_plots):
            p.setVisible(i < len(titles))
            if i < len(titles):
                p.getPlotItem().setTitle(titles[i], size="11pt")
        self.penalty.setEnabled(not compare)
        self.controller.set_models(self.build_models(self.form.values()), self.controls.lr.value(),
                                   self.data.X, self.data.y, self.holdout.X, self.holdout.y)
        self.controller.sync()

    def _penalty_changed(self, *_):
        pen, lam = PENALTIES[self.penalty.currentText()], self.lam()
        if not self.compare.isChecked():
            self.controller.update_model(lambda m: m.set_penalty(pen, lam))
            self.controller.sync()

    def _lam_changed(self, value):
        self._apply_lam(lam_from_slider(value))

    def _apply_lam(self, lam):
        self._lam = lam
        self._show_lam()
        self.controller.update_model(lambda m: m.set_penalty(m.penalty, lam))  # next epoch
        for line in self.lam_lines:
            line.setValue(np.log10(lam))
        self._show_path_count()
        self.controller.sync()

    def set_lam(self, lam):
        """Set λ exactly (the slider only shows it on its log scale)."""
        lam = float(np.clip(lam, LAM_MIN, LAM_MAX))
        self.lam_slider.blockSignals(True)
        self.lam_slider.setValue(slider_from_lam(lam))
        self.lam_slider.blockSignals(False)
        self._apply_lam(lam)

    def _show_lam(self):
        self.lam_label.setText(f"{self._lam:.4f}")
        return self._lam

    # ------------------------------------------------------------- drawing
    def draw(self, snap):
        if any(len(m.w) != len(self.true_w) for m in snap.models.values()):
            return  # drawn before the new data reached the worker: the next one will fit
        names = list(snap.models)
        rows = []
        for plot, name in zip(self.bar_plots, names):
            m = snap.models[name]
            plot.set_weights(m.w)
            c = weight_counts(m.w, self.relevant)
            met = snap.metrics.get(name, {})
            label = name if name != "model" else self.penalty.currentText()
            rows.append(
                f"<b>{label}</b>: {c['kept']} weights kept (|w| > {KEEP}), "
                f"{c['nonzero']} non-zero<br>"
                f"found {c['hits']} of {len(self.relevant)} relevant · "
                f"{c['false_alarms']} false alarms<br>"
                f"accuracy: training {met.get('accuracy', np.nan):.1%} · "
                f"held out {met.get('test_accuracy', np.nan):.1%}")
        if self._text_now:
            self.counts.setText("<br>".join(rows))

    @property
    def live_plots(self):
        return self.bar_plots

    # --------------------------------------------------------------- path
    def compute_path(self):
        """Fit at 40 values of λ in a background thread, with progress; click again to cancel."""
        if self.path_task.running:
            self.cancel_path()
            return
        X, y = self.data.X.copy(), self.data.y.copy()
        pen = "l1-prox" if self.compare.isChecked() else PENALTIES[self.penalty.currentText()]
        pen = pen or "l1-prox"
        lr = self.controls.lr.value()
        lambdas = np.logspace(np.log10(LAM_MAX), np.log10(LAM_MIN), 40)
        self.path_penalty = pen
        self.path_button.setText("Cancel")
        self.path_task.start(
            lambda progress, cancelled: regularization_path(X, y, lambdas, pen, lr, 150,
                                                            progress, cancelled),
            self._path_done, self._path_failed,
            lambda d, t: (self.path_progress.setMaximum(t), self.path_progress.setValue(d)))

    def cancel_path(self):
        if self.path_task.running:
            self.message.emit("Regularisation path cancelled.")
        self.path_task.cancel()
        self.path_button.setText("Compute path")

    def _path_failed(self, message):
        self.path_button.setText("Compute path")
        self.message.emit(f"Path not computed: {message}")

    def _path_done(self, result):
        self.path_button.setText("Compute path")
        if result is None:
            return
        self.path = result
        lambdas, W = result
        self.path_progress.setRange(0, len(lambdas))
        self.path_progress.setValue(len(lambdas))
        logl = np.log10(lambdas)
        self._clear_path()
        self.path_hint.hide()
        self.path_lines = []
        for j in range(W.shape[1]):
            rel = j in set(self.relevant.tolist())
            pen = pg.mkPen(RELEVANT_HEX if rel else IRRELEVANT_HEX, width=2.5 if rel else 1)
            item = self.path_plot.plot(logl, W[:, j], pen=pen)
            item.setZValue(5 if rel else 0)
            self.path_lines.append(item)
        kept = (np.abs(W) > KEEP).sum(axis=1)
        self.count_curve.setData(logl, kept)
        self.path_plot.setXRange(logl.min(), logl.max(), padding=0.02)
        self._show_path_count()
        self.message.emit(f"Path computed for {self.path_penalty}: {len(lambdas)} values of λ.")

    def _clear_path(self):
        for item in self.path_lines or []:
            self.path_plot.removeItem(item)
        self.path_lines = None
        self.count_curve.setData([], [])

    def _show_path_count(self):
        if self.path is None:
            return
        lambdas, W = self.path
        i = int(np.argmin(np.abs(np.log10(lambdas) - np.log10(self.lam()))))
        self.count_plot.getPlotItem().setTitle(
            f"at λ = {lambdas[i]:.4f}: {(np.abs(W[i]) > KEEP).sum()} weights kept", size="10pt")

    def _path_clicked(self, ev):
        vb = self.path_plot.getPlotItem().vb
        if ev.button() == Qt.LeftButton and vb.sceneBoundingRect().contains(ev.scenePos()):
            self.set_lam(10 ** vb.mapSceneToView(ev.scenePos()).x())

    def before_screenshot(self):
        """Compute the path in this thread so the picture shows it."""
        lambdas = np.logspace(np.log10(LAM_MAX), np.log10(LAM_MIN), 40)
        pen = PENALTIES[self.penalty.currentText()] or "l1-prox"
        self.path_penalty = pen
        self._path_done(regularization_path(self.data.X, self.data.y, lambdas, pen,
                                            self.controls.lr.value(), 150))

    def shutdown(self):
        self.path_task.shutdown()
        super().shutdown()


if __name__ == "__main__":  # python -m lrviz.ui.tabs.sparsity
    from ..app import run_single_tab

    run_single_tab(SparsityTab)
