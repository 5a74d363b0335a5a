"""Calibration: when a model says 70 %, is it right about 70 % of the time?

Four classifiers learn the same points: logistic regression (trained live), Gaussian
naive Bayes and a decision tree (one pass over the data each), and a support-vector
machine whose score becomes a probability by Platt scaling.  A large held-out set
measures each: the reliability diagram (predicted against observed), the
histogram of predictions, ECE, Brier score, log loss and accuracy.  Add copies of
x₁ and watch naive Bayes grow overconfident while logistic regression stays on
the diagonal.
"""
from __future__ import annotations

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
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...data import blobs_2d, circles, moons, redundant_2d
from ...models import LogisticRegression
from ...models.classifiers import CalibratedSVM, DecisionTree, GaussianNaiveBayes
from ...models.metrics import (
    brier_score,
    expected_calibration_error,
    log_loss,
    reliability_curve,
)
from ...models.projection import OnPlane
from ...settings import Setting
from ..theme import style_plot, title_font
from ..widgets.forms import side_panel
from ..widgets.probability_map import ProbabilityMap
from .base import TrainingTab

DATA = ("redundant-2d", "blobs", "moons", "circles")
#: name, title, curve colour and style (colour-blind safe, none of the class colours)
MODELS = [("logistic", "Logistic regression", "#000000", Qt.SolidLine),
          ("bayes", "Naive Bayes", "#E69F00", Qt.DashLine),
          ("tree", "Decision tree", "#56B4E9", Qt.DashDotLine),
          ("svm", "SVM + Platt scaling", "#CC79A7", Qt.DotLine)]
FACTS = {  # probabilities, learns online, how to read it
    "logistic": ("native", "yes (epoch by epoch)", "a weight per feature: its sign and size"),
    "bayes": ("native (too extreme with copies)", "no: one pass", "a mean and spread per class"),
    "tree": ("leaf fractions (few values)", "no: one pass", "if/else rules"),
    "svm": ("via Platt scaling", "no here", "support vectors; no direct reading"),
}
MIN_HELD_OUT = 10
CALIBRATION_POINTS = 1000


class CalibrationTab(TrainingTab):
    key = "calibration"
    title = "Calibration"
    default_lr = 0.5
    model_titles = {name: title for name, title, _, _ in MODELS}
    settings = (
        Setting("data", "redundant-2d", choices=DATA, tip="Which points the four models learn"),
        Setting("copies", 0, 0, 10, tip="Near-copies of x₁ added as extra features (redundant-2d): "
                "naive Bayes counts each as fresh evidence"),
        Setting("n_train", 500, 20, 2000, tip="Training points"),
        Setting("n_held", 5000, MIN_HELD_OUT, 20000,
                tip="Held-out points that measure calibration (many: a stable curve)"),
        Setting("seed", 1, 0, 99999, tip="Seed of the training points (held-out points use seed + 1)"),
        Setting("depth", 4, 1, 12, tip="Largest depth of the decision tree"),
        Setting("kernel", "linear", choices=("linear", "rbf"), tip="The SVM's kernel"),
        Setting("C", 1.0, 0.01, 100.0, step=0.1, tip="The SVM's C: how much a margin violation costs"),
    )

    def __init__(self, parent=None):
        super().__init__(parent)
        self._cache = {}  # (name, fitted arrays) -> held-out probabilities
        maps = QWidget()
        grid = QGridLayout(maps)
        grid.setContentsMargins(0, 0, 0, 0)
        self.maps = {}
        for i, (name, title, _, _) in enumerate(MODELS):
            m = ProbabilityMap(title=title)
            m.setMinimumSize(220, 200)
            grid.addWidget(m, i // 2, i % 2)
            self.maps[name] = m
        self.reliability = pg.PlotWidget()
        style_plot(self.reliability.getPlotItem(), "predicted P(y = 1) (mean in each bin)",
                   "fraction that really is y = 1", "Reliability on the held-out points")
        self.reliability.setMouseEnabled(False, False)
        self.reliability.getPlotItem().hideButtons()
        self.reliability.setXRange(0, 1, padding=0.02)
        self.reliability.setYRange(0, 1, padding=0.02)
        # top left: the emptiest corner (a curve there would mean "says 10 %, is 90 %")
        self.reliability.addLegend(offset=(10, 10), labelTextSize="9pt")
        self.reliability.plot([0, 1], [0, 1], pen=pg.mkPen("#888888", width=1.5, style=Qt.DashLine),
                              name="perfectly calibrated")
        self.curves, self.hist = {}, {}
        self.histogram = pg.PlotWidget()
        style_plot(self.histogram.getPlotItem(), "predicted P(y = 1)", "share of points",
                   "Where the predictions fall")
        self.histogram.setMouseEnabled(False, False)
        self.histogram.getPlotItem().hideButtons()
        self.histogram.setXRange(0, 1, padding=0.02)
        for name, title, colour, style in MODELS:
            pen = pg.mkPen(colour, width=2.5, style=style)
            self.curves[name] = self.reliability.plot([], [], pen=pen, symbol="o", symbolSize=6,
                                                      symbolBrush=colour, symbolPen=colour,
                                                      name=title)
            self.hist[name] = self.histogram.plot([], [], pen=pen, stepMode="center")
        self.svm_raw = self.reliability.plot([], [], pen=pg.mkPen("#CC79A7", width=1.2),
                                             name="SVM, plain σ(score)")
        self.table = QTableWidget(len(MODELS) + 1, 9)
        self.table.setHorizontalHeaderLabels(["model", "fit time", "ECE", "Brier", "log loss",
                                              "accuracy", "probabilities", "learns online",
                                              "how to read it"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMaximumHeight(190)
        self.why = QLabel()
        self.why.setWordWrap(True)
        self.why.setTextFormat(Qt.RichText)
        self.why.setFont(title_font(10, bold=False))

        plots = QVBoxLayout()
        plots.addWidget(self.reliability, 3)
        plots.addWidget(self.histogram, 2)
        top = QHBoxLayout()
        top.addWidget(maps, 1)
        top.addLayout(plots, 1)
        left = QVBoxLayout()
        left.addLayout(top, 1)
        left.addWidget(self.table)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addWidget(self._build_side_panel())
        self.form.connect("data copies n_train n_held seed depth kernel C", self.refresh)
        self.refresh(background=False)  # the first picture at once (500 points: ~0.1 s)

    def _build_side_panel(self):
        panel, v = side_panel(330)
        box = QGroupBox("Data and models")
        form = QFormLayout(box)
        for name, label in (("data", "data"), ("copies", "copies of x₁"), ("n_train", "training"),
                            ("n_held", "held out"), ("seed", "seed"), ("depth", "tree depth"),
                            ("kernel", "SVM kernel"), ("C", "SVM C")):
            form.addRow(label, self.form[name])
        v.addWidget(box)
        note = QLabel(
            "<b>Reading the diagram.</b> Points are grouped by what the model predicted; a "
            "curve on the diagonal means \"when it says 70 %, it is right 70 % of the time\"."
            "<br><br><b>Copies of x₁.</b> Naive Bayes multiplies the evidence of every feature "
            "as if each were independent, so a copied feature is counted again and again and "
            "its probabilities run to 0 and 1: where it says \"10 %\" more are positive, where it "
            "says \"90 %\" fewer, so its curve lies above the diagonal on the left and below it "
            "on the right. Logistic regression shares one weight among the copies and stays "
            "calibrated."
            "<br><br><b>The SVM</b> gives a score, not a probability: σ(score) is not calibrated "
            "(thin line). Platt scaling fits σ(A·score + B) on separate points — that is "
            "logistic regression again.")
        note.setWordWrap(True)
        note.setTextFormat(Qt.RichText)
        note.setFont(title_font(10, bold=False))
        text = QWidget()
        tv = QVBoxLayout(text)
        tv.setContentsMargins(0, 0, 4, 0)
        tv.addWidget(note)
        tv.addWidget(self.why)
        tv.addStretch(1)
        scroll = QScrollArea()  # larger text (presentation mode) scrolls, never clips
        scroll.setWidget(text)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        v.addWidget(scroll, 1)
        v.addWidget(self.controls)
        return panel

    # ------------------------------------------------------------------ data
    def _datasets(self, v):
        n, seed, copies = v["n_train"], v["seed"], v["copies"]
        if v["data"] == "redundant-2d":
            make = lambda s, m: redundant_2d(s, m, copies)  # noqa: E731
        else:
            gen = {"blobs": lambda seed, n_points: blobs_2d(seed, n_points, 2.0),
                   "moons": moons, "circles": circles}[v["data"]]
            make = lambda s, m: gen(seed=s, n_points=m)  # noqa: E731
        return make(seed, n), make(seed + 1, v["n_held"]), make(seed + 2, CALIBRATION_POINTS)

    def build_models(self, values, extra=None):
        train, _, cal = self._datasets(values)
        d = train.X.shape[1]
        return {"logistic": LogisticRegression(d, standardize=True),
                "bayes": GaussianNaiveBayes(d),
                "tree": DecisionTree(d, max_depth=values["depth"]),
                "svm": CalibratedSVM(d, cal.X, cal.y, kernel=values["kernel"], C=values["C"])}

    def refresh(self, background=True):
        v = self.form.values()
        train, held, _ = self._datasets(v)
        if len(held.y) < MIN_HELD_OUT or len(np.unique(held.y)) < 2 or len(np.unique(train.y)) < 2:
            self.message.emit("Calibration needs both classes in the training points and at "
                              f"least {MIN_HELD_OUT} held-out points; the picture is unchanged.")
            return
        self.held = held
        self._cache.clear()
        models = self.build_models(v)
        for m in self.maps.values():
            m.set_points(train.X[:, :2], train.y.astype(int))
            lo, hi = train.X[:, :2].min(axis=0), train.X[:, :2].max(axis=0)
            pad = (hi - lo) * 0.1
            m.setRange(xRange=(lo[0] - pad[0], hi[0] + pad[0]),
                       yRange=(lo[1] - pad[1], hi[1] + pad[1]), padding=0)
        self.controller.set_models(models, self.controls.lr.value(), train.X, train.y,
                                   held.X, held.y)
        if background:
            self.controller.apply_in_background()  # fitting an SVM must never block the window
        else:
            self.controller.sync()

    # --------------------------------------------------------------- drawing
    def _held_proba(self, name, model, raw=False):
        """Held-out probabilities, computed once per fitted state (one-pass models do
        not change between frames; logistic regression does)."""
        key = (name, raw, tuple(np.asarray(a, dtype=float).tobytes() for a in model.parameters()))
        p = self._cache.get(key)
        if p is None:
            p = (model.raw_proba if raw else model.predict_proba)(self.held.X)
            self._cache = {k: v for k, v in self._cache.items() if k[:2] != (name, raw)}
            self._cache[key] = p
        return p

    def draw(self, snap):
        if not hasattr(self, "held") or any(n not in snap.models for n, *_ in MODELS):
            return
        y = self.held.y
        d = self.held.X.shape[1]
        rows = []
        for name, title, _, _ in MODELS:
            model = snap.models[name]
            if name != "logistic" and not getattr(model, "fitted", False):
                continue
            self.maps[name].set_model(OnPlane(model, d))
            p = self._held_proba(name, model)
            mean_p, frac, _ = reliability_curve(y, p)
            self.curves[name].setData(mean_p, frac)
            counts, edges = np.histogram(p, bins=20, range=(0, 1))
            self.hist[name].setData(edges, counts / len(p))
            rows.append((name, title, p))
            if name == "svm":
                raw = self._held_proba(name, model, raw=True)
                mean_r, frac_r, _ = reliability_curve(y, raw)
                self.svm_raw.setData(mean_r, frac_r)
                rows.append(("svm-raw", "SVM, plain σ(score)", raw))
        if self._text_now:
            self._fill_table(snap, rows)

    def _fill_table(self, snap, rows):
        y = self.held.y
        eces = {}
        for i, (name, title, p) in enumerate(rows):
            ece = expected_calibration_error(y, p)
            eces[name] = ece
            base = name.split("-")[0]
            facts = FACTS[base] if name != "svm-raw" else ("none: a score", "no here", "")
            seconds = getattr(snap.models[base], "fit_seconds", None)
            fit = (f"live, epoch {snap.epoch:,}" if name == "logistic" else
                   ("< 1 ms" if seconds < 0.001 else f"{seconds * 1000:.0f} ms") + ", one pass"
                   if seconds is not None and name != "svm-raw" else "")
            cells = [title, fit, f"{ece:.3f}", f"{brier_score(y, p):.3f}", f"{log_loss(y, p):.3f}",
                     f"{np.mean((p >= 0.5) == y):.1%}", facts[0], facts[1], facts[2]]
            for j, text in enumerate(cells):
                item = self.table.item(i, j)
                if item is None:
                    item = QTableWidgetItem()
                    self.table.setItem(i, j, item)
                item.setText(text)
        if "bayes" in eces and "logistic" in eces:
            copies = self.form.value("copies")
            self.why.setText(
                f"<b>Now:</b> ECE {eces['logistic']:.3f} for logistic regression, "
                f"{eces['bayes']:.3f} for naive Bayes"
                + (f" with {copies} cop{'y' if copies == 1 else 'ies'} of x₁." if copies else "."))

    @property
    def live_plots(self):
        return (*self.maps.values(), self.reliability, self.histogram)

    def primary(self, snap):
        return "logistic"


if __name__ == "__main__":  # python -m lrviz.ui.tabs.calibration
    from ..app import run_single_tab

    run_single_tab(CalibrationTab)
