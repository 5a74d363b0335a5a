"""L1 Sparsity: 100 features, a few that matter -- L2 shrinks every weight, L1 selects.

The sparse-100 data set has many more features than samples; only the first
few weights are truly non-zero.  Bars show every learned weight (true weights
as markers), live while training; the penalty and lambda change mid-run.  A
comparison mode trains none / L2 / L1 side by side on the same data, and the
regularisation path shows every weight against lambda.

A table of many named features (the Wisconsin breast cancer measurements) takes
the synthetic data's place: its columns standardised over the training rows (a
weight is then log-odds per standard deviation, and bars compare), 30 % of the
rows held out, and the features L1 keeps named on their bars and in the counts.
"""
from __future__ import annotations

from functools import partial

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...data import sparse_100, sparse_holdout
from ...data.datasets import Dataset
from ...data.table import TableSpec, labelled_from_dict, labelled_to_dict
from ...models import RegularizedLogisticRegression
from ...models.path import ABSENT, KEEP, jitter_band, regularization_path, solve_at, weight_counts
from ...session import SessionError, later
from ...settings import Setting
from ..jobs import JobSlot
from ..geometry import drawable
from ..live import LivePlot
from ..titles import set_title
from ..look import zoomed_font
from ..theme import CLASS_HEX, ink, ink_brush, inked, style_plot, themed
from ..widgets.forms import ValueSlider, keep_lines
from ..widgets.panel import Panel
from .base import TrainingTab

PENALTIES = {"none": None, "L2": "l2", "L1 (subgradient)": "l1", "L1 (proximal)": "l1-prox"}
COMPARE = [("none", None), ("L2", "l2"), ("L1", "l1-prox")]
LAM_MIN, LAM_MAX = 1e-4, 1.0
LAM_STEPS = 400
DEFAULT_LR = 0.05
DEFAULT_LAM = 0.05
RELEVANT_HEX = CLASS_HEX[1]
IRRELEVANT_HEX = "muted"  # the theme's grey (see look.THEMES)
TRUE_HEX = CLASS_HEX[0]
#: bars named at most (the largest kept weights): more names than this overlap
NAMED_BARS = 12
#: a table's rows held out to measure what the model learned
HELD_OUT = 0.3


def _feature_brushes(n, relevant):
    """A brush per feature: the relevant ones blue, the rest the theme's grey."""
    relevant = set(np.asarray(relevant, dtype=int).tolist())
    return [ink_brush(RELEVANT_HEX if j in relevant else IRRELEVANT_HEX) for j in range(n)]


class _Bars(LivePlot):
    """All weights as bars (created once, heights updated), true weights as markers."""

    def __init__(self, title):
        super().__init__()
        style_plot(self.getPlotItem(), "feature", "weight", title)
        self.getPlotItem().hideButtons()
        self.setMenuEnabled(False)
        self.setMouseEnabled(False, False)
        self.bars = None
        self.names = ()  # a table's feature names: the largest kept weights say theirs
        self.name_items = []
        self.true_marks = self.plot([], [], pen=None, symbol="t1", symbolSize=11,
                                    symbolBrush=TRUE_HEX, symbolPen="w")
        self.zero_line = inked(pg.InfiniteLine(0, angle=0), "muted", width=1)
        self.addItem(self.zero_line)

    def set_features(self, true_w, relevant, names=()):
        """``true_w`` None: a table's (no weights are known; ``names`` say its features)."""
        n = len(names) if true_w is None else len(true_w)
        if self.bars is not None:
            self.removeItem(self.bars)
        self.bars = themed(pg.BarGraphItem(x=np.arange(n), height=np.zeros(n), width=0.8,
                                           pen=pg.mkPen(None)),
                           lambda bars: bars.setOpts(brushes=_feature_brushes(n, relevant)))
        self.addItem(self.bars)
        if true_w is None:
            self.true_marks.setData([], [])
        else:
            self.true_marks.setData(np.asarray(relevant, float), true_w[relevant])
        self.true_marks.setZValue(10)
        self.names = tuple(names)
        for item in self.name_items:
            item.setText("")
        span = 1.0 if true_w is None else max(1.0, float(np.abs(true_w).max()) * 1.15)
        self.setYRange(-span, span, padding=0)
        self.setXRange(-1, n, padding=0)

    def set_weights(self, w, kept=None):
        """The bars' heights; ``kept`` (a mask), if given: the names of the largest kept
        weights at their bars' tips (a table's)."""
        if len(w) != len(self.bars.opts["x"]):
            return  # a snapshot from before the data changed: never feed Qt mismatched bars
        w = drawable(w, fill=0.0)
        self.bars.setOpts(height=w)
        top = float(np.abs(w).max(initial=0.0))
        if self.names and top > self.getPlotItem().vb.viewRange()[1][1]:
            self.setYRange(-1.15 * top, 1.15 * top, padding=0)  # (grows, never jumps)
        if kept is not None and self.names:
            self._name_bars(w, kept)

    def _name_bars(self, w, kept):
        order = [j for j in np.argsort(-np.abs(w)) if kept[j]][:NAMED_BARS]
        while len(self.name_items) < len(order):
            item = inked(pg.TextItem(angle=90, anchor=(0, 0.5)), "ink")
            self.addItem(item)
            self.name_items.append(item)
        for i, item in enumerate(self.name_items):
            if i < len(order):
                j = int(order[i])
                item.setText(self.names[j])
                item.setAnchor((0, 0.5) if w[j] >= 0 else (1, 0.5))
                item.setPos(j, 0.0)
            else:
                item.setText("")

    def named(self):
        """The names shown on the bars, largest weight first."""
        return [item.toPlainText() for item in self.name_items if item.toPlainText()]

    def heights(self):
        return np.asarray(self.bars.opts["height"], dtype=float)


class PathPanel(QWidget):
    """The regularisation path: every weight against λ (fitted to convergence at 40
    values in a background job, with progress; the button cancels it), the counts of
    kept weights, the converged fit at exactly the slider's λ, and the live model's
    weights as dots at its λ.  A click on the path asks for that λ (``lamChosen``)."""

    lamChosen = Signal(float)
    said = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.path_job = JobSlot(self)
        self.exact_job = JobSlot(self)  # the converged fit at exactly the slider's λ
        self.path = None
        self.exact = None  # (λ, w) of that fit
        self.path_args = None  # (X, y, lambdas, penalty, lr) the path was computed with
        self.relevant = ()
        self.lam = DEFAULT_LAM
        self._dot_brushes = []
        self.path_plot = LivePlot()
        style_plot(self.path_plot.getPlotItem(), "log₁₀ λ", "weight",
                   "Regularisation path: every weight against λ (click to set λ)")
        self.count_plot = LivePlot()
        style_plot(self.count_plot.getPlotItem(), "log₁₀ λ", "weights")
        for p in (self.path_plot, self.count_plot):
            p.getPlotItem().hideButtons()
            p.setMenuEnabled(False)
            p.setMouseEnabled(False, False)
        self.count_plot.setXLink(self.path_plot)
        self.count_plot.setFixedHeight(130)
        self.path_lines = None
        self.path_hint = inked(pg.TextItem("Press “Compute path” to fit the model at 40 "
                                           "values of λ", anchor=(0.0, 0.5)), "muted")
        self.path_plot.addItem(self.path_hint)
        self.path_hint.setPos(np.log10(LAM_MIN) + 0.1, 0.5)  # (left: the live dots sit at λ)
        self.count_curve = themed(
            self.count_plot.plot([], [], symbol="o", symbolSize=4),
            lambda curve: (curve.setPen(pg.mkPen(ink("ink"), width=2)),
                           curve.setSymbolBrush(ink("ink")), curve.setSymbolPen(ink("ink"))))
        self.nonzero_curve = inked(self.count_plot.plot([], []), "muted", width=2,
                                   style=Qt.DashLine)
        # the live model's weights at the slider's λ: they walk onto the path as it trains
        self.live_dots = themed(pg.ScatterPlotItem(size=7), self._recolour_dots)
        self.live_dots.setZValue(20)
        self.path_plot.addItem(self.live_dots)
        self.lam_lines = []
        for p in (self.path_plot, self.count_plot):
            line = inked(pg.InfiniteLine(np.log10(DEFAULT_LAM), angle=90), "orange", width=2)
            p.addItem(line)
            self.lam_lines.append(line)
        self.path_plot.scene().sigMouseClicked.connect(self._clicked)
        self.path_plot.setXRange(np.log10(LAM_MIN), np.log10(LAM_MAX), padding=0.02)
        self.path_plot.setYRange(-1, 1, padding=0)
        self.path_button = QPushButton("Compute path")
        self.path_button.setToolTip("Fit the model to convergence at 40 values of λ, largest "
                                    "first, each starting from the previous weights")
        self.path_progress = QProgressBar()
        self.path_progress.setFixedWidth(220)
        self.path_progress.setFormat("%v of %m λ values")
        self.path_progress.setRange(0, 40)
        self.path_progress.setValue(0)
        row = QHBoxLayout()
        row.addWidget(self.path_button)
        row.addWidget(self.path_progress)
        row.addStretch(1)
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 0, 0, 0)
        v.addLayout(row)
        self.path_plot.setMinimumHeight(150)  # a data area to read, at any text size
        v.addWidget(self.path_plot, 1)
        v.addWidget(self.count_plot)

    def _clicked(self, ev):
        vb = self.path_plot.getPlotItem().vb
        if ev.button() == Qt.LeftButton and vb.sceneBoundingRect().contains(ev.scenePos()):
            self.lamChosen.emit(10 ** vb.mapSceneToView(ev.scenePos()).x())

    def new_data(self, relevant):
        """Other data: no path, no converged fit, until computed again."""
        self.cancel()
        self.relevant = relevant
        self._dot_brushes = []
        self.path = self.exact = None
        self._clear()

    def compute(self, args):
        """Fit at 40 values of λ in a background job, with progress; ``args``: (X, y,
        lambdas, penalty, lr).  Asked again while it runs: cancel it."""
        if self.path_job.running:
            self.cancel()
            return
        X, y, lambdas, pen, lr = args
        self.path_button.setText("Cancel")
        self.path_job.start(
            lambda progress, cancelled: regularization_path(X, y, lambdas, pen, lr,
                                                            progress=progress,
                                                            cancelled=cancelled),
            lambda result: self.show_path(result, args), self._failed,
            lambda d, t: (self.path_progress.setMaximum(t), self.path_progress.setValue(d)))

    def cancel(self):
        if self.path_job.running:
            self.said.emit("Regularisation path cancelled.")
        self.path_job.cancel()
        self.exact_job.cancel()
        self.path_button.setText("Compute path")

    def _failed(self, message):
        self.path_button.setText("Compute path")
        self.said.emit(f"Path not computed: {message}")

    def show_path(self, result, args):
        self.path_button.setText("Compute path")
        if result is None:
            return
        self.path, self.path_args = result, args
        lambdas, W, _ = result
        self.path_progress.setRange(0, len(lambdas))
        self.path_progress.setValue(len(lambdas))
        logl = np.log10(lambdas)
        self._clear()
        self.path_hint.hide()
        self.path_lines = []
        relevant = set(np.asarray(self.relevant, dtype=int).tolist())
        for j in range(W.shape[1]):
            rel = j in relevant
            item = inked(self.path_plot.plot(logl, W[:, j]),
                         RELEVANT_HEX if rel else IRRELEVANT_HEX, width=2.5 if rel else 1)
            item.setZValue(5 if rel else 0)
            self.path_lines.append(item)
        band = np.array([jitter_band(args[3], args[4], lam) for lam in lambdas])
        kept = (np.abs(W) > np.maximum(KEEP, band)[:, None]).sum(axis=1)
        self.count_curve.setData(logl, kept)
        self.nonzero_curve.setData(logl, np.count_nonzero(W, axis=1))
        self.count_plot.setYRange(0, W.shape[1], padding=0.05)
        span = max(float(np.abs(W).max()), 0.1) * 1.08  # every weight in view, never clipped
        self.path_plot.setYRange(-span, span, padding=0)
        self.path_plot.setXRange(logl.min(), logl.max(), padding=0.02)
        self.show_lam(self.lam)
        self.said.emit(f"Path computed for {args[3]}: {len(lambdas)} values of λ, each "
                       "fitted until it stopped moving.")

    def _clear(self):
        for item in self.path_lines or []:
            self.path_plot.removeItem(item)
        self.path_lines = None
        self.count_curve.setData([], [])
        self.nonzero_curve.setData([], [])

    def show_lam(self, lam):
        """The slider's λ: its lines, and the counts of the converged fit there (worked
        out in the background, warm-started from the nearest point of the path)."""
        self.lam = lam
        for line in self.lam_lines:
            line.setValue(np.log10(lam))
        if self.path is None:
            return
        if self.exact is not None and np.isclose(self.exact[0], lam):
            self._title_counts()
            return
        lambdas, W, B = self.path
        X, y, _, pen, lr = self.path_args
        i = int(np.argmin(np.abs(np.log10(lambdas) - np.log10(lam))))
        start = (W[i].copy(), float(B[i]))
        set_title(self.count_plot, f"at λ = {lam:.4f}: fitting…", 10)
        self.exact_job.start(
            lambda progress, cancelled: solve_at(X, y, lam, pen, lr, start, cancelled),
            lambda result: self._exact_done(lam, result))

    def _exact_done(self, lam, result):
        if result is not None:
            self.exact = (lam, result[0])
            self._title_counts()

    def _title_counts(self):
        lam, w = self.exact
        c = weight_counts(w, self.relevant, jitter_band(self.path_args[3], self.path_args[4], lam))
        set_title(self.count_plot,
                  f"━ kept  ┅ non-zero — converged at λ = {lam:.4f}: {c['kept']} kept, "
                  f"{c['nonzero']} non-zero", 10)

    def converged_kept(self, model, band):
        """Weights kept by the converged fit at the model's λ and penalty, or None."""
        if self.exact is None or not np.isclose(self.exact[0], model.lam) \
                or self.path_args[3] != model.penalty:
            return None
        return weight_counts(self.exact[1], self.relevant, band)["kept"]

    def _recolour_dots(self, dots):
        """The live dots in the theme's colours: outlined in the background's colour."""
        dots.setPen(pg.mkPen(ink("background"), width=0.8))
        self._dot_brushes = _feature_brushes(len(self._dot_brushes), self.relevant)
        if len(dots.data) == len(self._dot_brushes) > 0:
            dots.setBrush(self._dot_brushes)

    def show_live(self, model):
        """The live model's weights as dots at its λ (none without a penalty)."""
        if model is None or model.penalty is None:
            self.live_dots.setData([], [])
            return
        if len(self._dot_brushes) != len(model.w):  # (made once per data set, not per frame)
            self._dot_brushes = _feature_brushes(len(model.w), self.relevant)
        w = drawable(model.w, fill=0.0)
        self.live_dots.setData(np.full(len(w), np.log10(max(model.lam, LAM_MIN))), w,
                               brush=self._dot_brushes)
        top = float(np.abs(w).max(initial=0.0))
        if self.path is None and top > self.path_plot.getPlotItem().vb.viewRange()[1][1]:
            self.path_plot.setYRange(-1.1 * top, 1.1 * top, padding=0)  # (grows, never jumps)

    def shutdown(self):
        self.path_job.shutdown()
        self.exact_job.shutdown()


class SparsityTab(TrainingTab):
    key = "sparsity"
    title = "L1 Sparsity"
    subjects = {
        "weights": ("the weights learned and the true ones", "bar_plots.0"),
        "paths": ("the weights along λ", "paths.path_plot"),
        "counts": ("how many weights are exactly 0", "counts"),
    }
    default_lr = DEFAULT_LR
    default_speed = 50  # L1 needs a few hundred epochs to zero the weights
    panel_width = 380
    model_titles = {"model": "The model", "none": "The model without a penalty",
                    "L2": "The L2 model", "L1": "The L1 model"}
    inputs = 100
    #: a table of many named features (two or more) and two classes
    table_spec = TableSpec(2, 200, 2)
    explanations = ("scale_note",)  # (why the subgradient step never lands on 0)
    settings = (
        Setting("n_samples", 80, 10, 2000, affects="none", tip="Training samples"),
        Setting("n_features", 100, 5, 500, affects="none", tip="Features"),
        Setting("n_relevant", 5, 1, 20, affects="none", tip="Features that really matter"),
        Setting("seed", 7, 0, 99999, affects="none", tip="Seed: the same seed, the same data"),
        Setting("penalty", "L1 (proximal)", choices=tuple(PENALTIES), affects="live",
                tip="What is added to the loss to keep the weights small"),
        Setting("lam", DEFAULT_LAM, LAM_MIN, LAM_MAX, affects="live",
                tip="λ on a log scale: how hard the penalty pulls (live)"),
        Setting("compare", False, label="compare none / L2 / L1 side by side",
                tip="Train three models on the same data at once"),
    )

    def build(self):
        self._lam = DEFAULT_LAM
        self._sets = None  # (values that drew them, data set, held-out set)
        self.table = None  # a table shown instead of the synthetic data
        self.bar_plots = [_Bars("Weights learned (bars) and true weights (▲)"),
                          _Bars(""), _Bars("")]
        self.paths = PathPanel()
        self.paths.lamChosen.connect(self.set_lam)
        self.paths.said.connect(self.message)
        self.paths.path_button.clicked.connect(self.compute_path)
        bars = QVBoxLayout()
        for p in self.bar_plots:
            bars.addWidget(p, 1)
        body = QWidget()
        left = QVBoxLayout(body)
        left.setContentsMargins(0, 0, 0, 0)
        left.addLayout(bars, 3)
        left.addWidget(self.paths, 2)
        self._build_side_panel()
        return body

    def _build_side_panel(self):
        v = self.panel.body
        self.intro = Panel("Many features, few samples", "")
        v.addWidget(self.intro)
        box = QGroupBox("Penalty")
        form = QFormLayout(box)
        self.penalty, self.compare = self.form["penalty"], self.form["compare"]
        # λ on a log scale, said beside it
        self.lam_box = ValueSlider(LAM_MIN, LAM_MAX, DEFAULT_LAM, self.form.tip("lam"),
                                   fmt="{:.4f}".format, steps=LAM_STEPS, log=True, chars=6)
        self.lam_slider = self.lam_box.slider
        self.form.adopt("lam", self.lam_slider, self.lam, self.set_lam,
                        self.lam_slider.valueChanged)
        form.addRow("Penalty", self.penalty)
        form.addRow("λ", self.lam_box)
        form.addRow(self.compare)
        v.addWidget(box)
        data_box = QGroupBox("Data")
        dform = QFormLayout(data_box)
        regen = QPushButton("New data")
        regen.setToolTip("Draw the data again with these sizes and seed (after a table: "
                         "the synthetic data again)")
        regen.clicked.connect(self.new_data)
        row = QHBoxLayout()
        for w in (self.form["n_samples"], QLabel("×"), self.form["n_features"],
                  QLabel("relevant"), self.form["n_relevant"]):
            row.addWidget(w)
        dform.addRow("samples", row)
        seed_row = QHBoxLayout()
        seed_row.addWidget(self.form["seed"])
        seed_row.addWidget(regen)
        dform.addRow("seed", seed_row)
        v.addWidget(data_box)
        self.counts = QLabel()
        self.counts.setTextFormat(Qt.RichText)
        zoomed_font(self.counts, 11, bold=False)
        self.counts.setWordWrap(True)
        keep_lines(self.counts, 9)
        self.counts.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        v.addWidget(self.counts)
        self.scale_note = QLabel()
        self.scale_note.setWordWrap(True)
        self.scale_note.setObjectName("note")
        v.addWidget(self.scale_note)
        self.lam_slider.valueChanged.connect(lambda _: self._show_lam(self.lam_box.value()))
        self._show_lam(DEFAULT_LAM)

    # ----------------------------------------------------------------- data
    def _datasets(self, values):
        """(data set, held-out set) the settings describe (drawn once per settings)."""
        key = tuple(values[k] for k in ("seed", "n_samples", "n_features", "n_relevant"))
        if self._sets is None or self._sets[0] != key:
            seed, n, p, relevant = key
            relevant = min(relevant, p)
            self._sets = (key, sparse_100(seed, n, p, relevant),
                          sparse_holdout(400, seed, n, p, relevant))
        return self._sets[1:]

    def make_data(self, values, extra=None):
        table = self.table if extra is None else extra["table"]
        d, h = self._datasets(values) if table is None else table_sets(table, values["seed"])
        return d.X, d.y, h.X, h.y

    def extra_state(self):
        """The data settings a session keeps are those of the data drawn (sizes typed
        but not yet drawn with "New data" are not kept): the saved weights fit them.
        And the table shown instead of the synthetic data, if any."""
        return {**dict(zip(("seed", "n_samples", "n_features", "n_relevant"), self._sets[0])),
                "table": None if self.table is None else
                later(partial(labelled_to_dict, self.table), self.table.X.size)}

    def check_extra(self, d, where):
        """The table a session part holds (None: the synthetic data); a part without the
        key (saved before tables were kept) keeps the tab's own."""
        if "table" not in d:
            return {"table": self.table}
        if d["table"] is None:
            return {"table": None}
        table = labelled_from_dict(d["table"], where, most=self.table_spec.most)
        if len(table.features) < self.table_spec.least or len(np.unique(table.y)) < 2:
            raise SessionError(f"{where}: its table needs {self.table_spec.count_words()} "
                               "and both classes")
        return {"table": table}

    def apply_extra(self, extra):
        self.table = extra["table"]  # (the rebuild that follows shows it)

    def take_table(self, data, path=None):
        """A table of named features instead of the synthetic data (the Builder's points
        stay as they are)."""
        self.table = data
        self.rebuild()

    def new_data(self):
        self.table = None
        self.rebuild()

    def rebuild(self):
        """The data the settings describe (drawn again by "New data"), or the table's,
        and the models."""
        values = self.form.values()
        table = self.table
        self.data, self.holdout = self._datasets(values) if table is None else \
            table_sets(table, values["seed"])
        self.true_w, self.relevant = self.data.info["true_w"], self.data.info["relevant"]
        names = table.features if table is not None else ()
        for p in self.bar_plots:
            p.set_features(self.true_w, self.relevant, names)
            p.getPlotItem().setLabel("left", "weight" if table is None
                                     else f"weight (toward {table.classes[1]})")
        self.intro.text.setText(intro_words(table, len(self.data.y)))
        for name in ("n_samples", "n_features", "n_relevant"):  # (the seed splits a table)
            self.form[name].setEnabled(table is None)
        self.scale_note.setText(self._scale_note())
        self.paths.new_data(self.relevant)
        compare = values["compare"]
        what = "weights (bars) and true weights (▲)" if table is None else \
            "weights per sd of each feature, the largest kept named"
        titles = [f"{name}: {what}" for name, _ in COMPARE] if compare \
            else [what[0].upper() + what[1:]]
        for i, p in enumerate(self.bar_plots):
            p.setVisible(i < len(titles))
            if i < len(titles):
                set_title(p, titles[i], 11)
        self.penalty.setEnabled(not compare)
        return super().rebuild()

    # ---------------------------------------------------------------- models
    def lam(self):
        return self._lam

    def build_models(self, values, data):
        n, lam = data[0].shape[1], values["lam"]
        if values["compare"]:
            return {name: RegularizedLogisticRegression(n, lam=lam, penalty=pen)
                    for name, pen in COMPARE}
        return {"model": RegularizedLogisticRegression(n, lam=lam,
                                                       penalty=PENALTIES[values["penalty"]])}

    @classmethod
    def models_for(cls, values):
        return [name for name, _ in COMPARE] if values["compare"] else ["model"]

    def live_changes(self, name, values):
        if name == "lam":
            return [("set_lam", (values["lam"],))]  # (from the next epoch on)
        if values["compare"]:
            return []
        return [("set_penalty", (PENALTIES[values["penalty"]], values["lam"]))]

    def set_lam(self, lam):
        """Set λ exactly (the slider only shows it on its log scale)."""
        lam = float(np.clip(lam, LAM_MIN, LAM_MAX))
        self.lam_box.set_value(lam, quiet=True)
        self._show_lam(lam)
        self.controller.update_model("set_lam", lam)
        self.controller.apply()

    def _show_lam(self, lam):
        self._lam = lam
        self.paths.show_lam(lam)

    def compute_path(self):
        """Fit at 40 values of λ in the background (again: cancel)."""
        pen = "l1-prox" if self.compare.isChecked() else PENALTIES[self.penalty.currentText()]
        lambdas = np.logspace(np.log10(LAM_MAX), np.log10(LAM_MIN), 40)
        self.paths.compute((self.data.X.copy(), self.data.y.copy(), lambdas, pen or "l1-prox",
                            self.controls.lr.value()))

    # ------------------------------------------------------------- drawing
    def draw(self, snap):
        if any(len(m.w) != self.data.X.shape[1] for m in snap.models.values()):
            return  # drawn before the new data reached the worker: the next one will fit
        names = list(snap.models)
        rows = []
        for plot, name in zip(self.bar_plots, names):
            m = snap.models[name]
            band = jitter_band(m.penalty, self.controls.lr.value(), m.lam)
            plot.set_weights(m.w, np.abs(m.w) > max(KEEP, band) if self.pace.text_now else None)
            label = name if name != "model" else self.penalty.currentText()
            met = snap.metrics.get(name, {})
            rows.append(self._count_rows(label, m, met, converged=len(names) == 1)
                        if self.table is None else table_rows(label, m, met, band,
                                                              self.table.features))
        self.paths.show_live(snap.models["model"] if names == ["model"] else None)
        if self.pace.text_now:
            self.counts.setText("<br>".join(rows))

    def _count_rows(self, label, m, met, converged):
        band = jitter_band(m.penalty, self.controls.lr.value(), m.lam)
        c = weight_counts(m.w, self.relevant, band, self.true_w)
        lines = [f"<b>{label}</b>: {c['kept']} weight{'' if c['kept'] == 1 else 's'} kept · "
                 f"{c['nonzero']} non-zero"]
        kept = self.paths.converged_kept(m, band) if converged else None
        if kept is not None:
            lines[0] += f" · {kept} once converged (the path)"
        lines.append(f"found {c['hits']} of the {c['matter']} features that matter · "
                     f"{c['false_alarms']} false alarm{'' if c['false_alarms'] == 1 else 's'}")
        lines.append(f"cos(w, true w) {_cosine(m.w, self.true_w):.2f} · training accuracy "
                     f"{met.get('accuracy', np.nan):.1%}, held out "
                     f"{met.get('test_accuracy', np.nan):.1%}")
        return "<br>".join(lines)

    def _scale_note(self):
        if self.table is not None:
            return (f"Each column is standardised over the training rows, so a bar is the "
                    f"change in the log-odds of {self.table.classes[1]} for one standard "
                    f"deviation more of its feature: bars of different units compare. Kept: "
                    f"|w| > {KEEP} (and, for plain L1 steps, outside their jitter band "
                    "2·lr·λ). Near-copies (radius, perimeter, area) share their evidence; L1 "
                    "tends to keep one of each group.")
        rel = np.asarray(self.relevant, dtype=int)
        absent = [int(i) for i in rel if abs(self.true_w[i]) < ABSENT]
        note = [f"Kept: |w| > {KEEP}. Plain (subgradient) L1 steps push a small weight "
                "across 0 and back, by lr·λ each time, so it is never exactly 0: for it, "
                "kept also means outside that jitter band (|w| > 2·lr·λ).",
                "The bars are shorter than ▲: a label here says only which side of x·w = 0 "
                "a student is on, so any multiple of the true weights gives the same labels. "
                "The data fix the direction of w (cos near 1 is a match), not its size, and "
                "the penalty picks a small size. Compare which bars stand out, and their "
                "signs."]
        if absent:
            which = ", ".join(f"{i} ({self.true_w[i]:.2g})" for i in absent)
            note.append(f"True weight of feature {which}: too small to matter, so it is not "
                        f"counted as a miss.")
        return "<br><br>".join(note)

    def before_screenshot(self):
        """Compute the path (and the fit at λ) in this thread so the picture shows them."""
        pen = "l1-prox" if self.compare.isChecked() else PENALTIES[self.penalty.currentText()]
        pen = pen or "l1-prox"
        X, y, lr = self.data.X, self.data.y, self.controls.lr.value()
        lambdas = np.logspace(np.log10(LAM_MAX), np.log10(LAM_MIN), 40)
        self.paths.exact = (self.lam(), solve_at(X, y, self.lam(), pen, lr)[0])
        self.paths.show_path(regularization_path(X, y, lambdas, pen, lr),
                             (X, y, lambdas, pen, lr))
        self.show_latest()

    def shutdown(self):
        self.paths.shutdown()
        super().shutdown()


def table_sets(table, seed):
    """(training, held-out) Datasets of a table: HELD_OUT of its rows held out (chosen by
    ``seed``), every column standardised by the training rows' mean and sd."""
    n = len(table.y)
    test = np.zeros(n, bool)
    test[np.random.default_rng(seed).permutation(n)[:int(round(HELD_OUT * n))]] = True
    X = table.X
    mean, sd = X[~test].mean(axis=0), X[~test].std(axis=0)
    X = (X - mean) / np.where(sd > 0, sd, 1.0)
    info = {"true_w": None, "relevant": np.arange(X.shape[1])}  # (all in one colour)
    return (Dataset(X[~test], table.y[~test], table.source, info),
            Dataset(X[test], table.y[test], f"{table.source} held out", info))


def intro_words(table, n_train):
    """The side panel's first words: the synthetic story, or the table's."""
    if table is None:
        return ("80 students, 100 measurements, and only the first 5 decide the label (blue "
                "bars; ▲ are the true weights). With no penalty the model uses every feature "
                "to memorise the training set. L2 adds λ‖w‖²: every weight shrinks, none "
                "reaches zero. L1 adds λ‖w‖₁: useless weights go to exactly zero, so L1 "
                "selects features. Plain subgradient steps make L1 weights jitter around "
                "zero; the proximal step lands on it.")
    return (f"{table.source}: {len(table.features)} named features, {n_train} rows to learn "
            f"from and {len(table.y) - n_train} held out. Nobody knows the true weights. L2 "
            "shrinks every weight; L1 sets most to exactly zero and keeps a few features, "
            "named on their bars. Raise λ and watch which survive.")


def table_rows(label, m, met, band, names):
    """A table's count lines: how many features a model keeps, which, and its accuracy."""
    kept = np.abs(m.w) > max(KEEP, band)
    order = [j for j in np.argsort(-np.abs(m.w)) if kept[j]]
    which = ", ".join(names[j] for j in order[:NAMED_BARS]) or "none"
    if len(order) > NAMED_BARS:
        which += f" and {len(order) - NAMED_BARS} more"
    return "<br>".join([
        f"<b>{label}</b>: {int(kept.sum())} of {len(m.w)} features kept · "
        f"{np.count_nonzero(m.w)} non-zero",
        f"kept, largest first: {which}",
        f"training accuracy {met.get('accuracy', np.nan):.1%}, held out "
        f"{met.get('test_accuracy', np.nan):.1%}"])


def _cosine(a, b):
    na, nb = np.linalg.norm(a), np.linalg.norm(b)
    return float(np.dot(a, b) / (na * nb)) if na > 0 and nb > 0 else 0.0


if __name__ == "__main__":  # python -m lrviz.ui.tabs.sparsity
    from ..app import run_single_tab

    run_single_tab(SparsityTab)
