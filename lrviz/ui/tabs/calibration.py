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
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from ...data import Dataset, blobs_2d, circles, moons, redundant_2d, study_and_sleep
from ...models import LogisticRegression
from ...models.base import parameters_key
from ...models.classifiers import CalibratedSVM, DecisionTree, GaussianNaiveBayes
from ...models.metrics import (
    bin_index,
    brier_score,
    expected_calibration_error,
    log_loss,
    reliability_curve,
)
from ...models.projection import OnPlane
from ...lessons import Measure
from ...settings import Setting
from ..jobs import JobSlot
from ..geometry import set_xy
from ..live import LivePlot, keep_as_pixmap
from ..look import zoomed_font
from ...data.table import NO_NAMES, TableSpec
from ..theme import CLASS_HEX, faint, ink, ink_brush, inked, legend_below, style_plot, themed
from ..widgets.forms import fit_columns, read_only_table, set_cell
from ..widgets.probability_map import ProbabilityMap, name_axes
from .base import TrainingTab

BUILDER = "Boundary Builder's points"
DATA = ("redundant-2d", "blobs", "moons", "circles", "hours-studied", BUILDER)
#: each preset's own noise (the "noise" setting multiplies it)
BASE_NOISE = {"redundant-2d": 1.0, "blobs": 2.0, "moons": 0.15, "circles": 0.1,
              "hours-studied": 1.0}
#: share of the Builder's points held out when none are marked as test points
BUILDER_HELD_SHARE = 0.4
BINS = 10
#: name, title, curve colour (a role of the theme's colours: colour-blind safe, none of
#: the class colours) and style
#: the legend's short names (it must fit under a narrow diagram)
LEGEND = {"logistic": "logistic", "bayes": "naive Bayes", "tree": "tree", "svm": "SVM + Platt"}
#: how the hover note names the models
SHORT = {"logistic": "logistic regression", "bayes": "naive Bayes", "tree": "decision tree",
         "svm": "SVM"}
MODELS = [("logistic", "Logistic regression", "ink", Qt.SolidLine),
          ("bayes", "Naive Bayes", "orange", Qt.DashLine),
          ("tree", "Decision tree", "sky", Qt.DashDotLine),
          ("svm", "SVM + Platt scaling", "pink", Qt.DotLine)]
FACTS = {  # probabilities, learns online, how to read it (short: the table fits 1280 pixels)
    "logistic": ("native", "yes: epoch by epoch", "weights: sign, size"),
    "bayes": ("native; assumes independent features", "no: one pass", "mean, spread per class"),
    "tree": ("leaf fractions, few values", "no: one pass", "if/else rules"),
    "svm": ("via Platt scaling", "yes: epoch by epoch", "weights, as logistic"),
    "svm-rbf": ("via Platt scaling", "no: SMO, one pass", "support vectors"),
    "svm-raw": ("none: a score", "", ""),
}
NOTE = ("<b>Reading the diagram.</b> Points are grouped by what the model predicted; a "
        "curve on the diagonal means \"when it says 70 %, it is right 70 % of the time\"."
        "<br><br><b>Why logistic regression is calibrated.</b> It is fitted by the "
        "log-likelihood of P(y | x) itself: a model that says 70 % where 50 % come up "
        "loses likelihood, so training pulls its probabilities toward the frequencies. "
        "Naive Bayes, fitted to each feature on its own, is calibrated too as long as "
        "the features are independent given the class (no copies)."
        "<br><br><b>Copies of x₁.</b> Naive Bayes multiplies the evidence of every feature "
        "as if each were independent, so a copied feature is counted again and again and "
        "its probabilities run to 0 and 1: where it says \"10 %\" more are positive, where it "
        "says \"90 %\" fewer, so its curve lies above the diagonal on the left and below it "
        "on the right. Logistic regression shares one weight among the copies and stays "
        "calibrated."
        "<br><br><b>The SVM</b> gives a score, not a probability: σ(score) is not calibrated "
        "(thin line). Platt scaling fits σ(A·score + B) on separate points — that is "
        "logistic regression again. The linear SVM learns epoch by epoch beside logistic "
        "regression; the RBF kernel is fitted in one pass.")
#: the progress bar appears only for fits that last longer than this (ms)
PROGRESS_DELAY_MS = 250
MIN_HELD_OUT = 10
CALIBRATION_POINTS = 1000


class Reliability(QWidget):
    """The reliability diagram over the histogram of predictions; pointing at a bin of
    the diagram lights its held-out points up on every map, in their true class's colour."""

    def __init__(self, maps, parent=None):
        super().__init__(parent)
        self.maps = maps
        self.held = None
        self.positive = "y = 1"  # what class 1 is called (a table's name)
        self.shown_p = {}  # name -> the held-out probabilities drawn now
        self._shown_hist = {}  # name -> the shares its histogram shows now
        self.hover_bin = None
        self.lit = {}
        self._brushes = np.array([pg.mkBrush(c) for c in CLASS_HEX], dtype=object)
        for name, m in maps.items():
            lit = pg.ScatterPlotItem(size=8, pen=pg.mkPen("#000000", width=1))
            lit.setZValue(8)
            m.addItem(lit)
            self.lit[name] = lit
        self.diagram = LivePlot()
        item = self.diagram.getPlotItem()
        style_plot(item, "predicted P(y = 1) (mean in each bin)",
                   "fraction that really is y = 1", "Reliability on the held-out points")
        self.diagram.setMouseEnabled(False, False)
        item.hideButtons()
        self.diagram.setXRange(0, 1, padding=0.02)
        self.diagram.setYRange(0, 1, padding=0.02)
        legend_below(item, columns=2, text_size=8)  # under the axis: it hides no curve
        self.bin_band = faint(themed(pg.LinearRegionItem((0, 0.1), movable=False,
                                                         pen=pg.mkPen(None)),
                                     lambda band: band.setBrush(ink_brush("band"))))
        self.bin_band.setVisible(False)
        self.diagram.addItem(self.bin_band)
        faint(inked(self.diagram.plot([0, 1], [0, 1], name="calibrated"), "faint", width=1.5,
                    style=Qt.DashLine))
        self.histogram = LivePlot()
        style_plot(self.histogram.getPlotItem(), "predicted P(y = 1)", "share of points",
                   "Where the predictions fall")
        self.histogram.setMouseEnabled(False, False)
        self.histogram.getPlotItem().hideButtons()
        self.histogram.setXRange(0, 1, padding=0.02)
        self.curves, self.hist = {}, {}
        for name, title, colour, style in MODELS:
            self.curves[name] = themed(
                self.diagram.plot([], [], symbol="o", symbolSize=6, name=LEGEND[name]),
                lambda curve, c=colour, s=style: (
                    curve.setPen(pg.mkPen(ink(c), width=2.5, style=s)),
                    curve.setSymbolBrush(ink(c)), curve.setSymbolPen(ink(c))))
            self.hist[name] = inked(self.histogram.plot([], [], stepMode="center"), colour,
                                    width=2.5, style=style)
        self.svm_raw = inked(self.diagram.plot([], [], name="SVM, σ(score)"), "pink",
                             width=1.2)
        # the diagonal and the one-pass models' curves stand still while the others train
        keep_as_pixmap(*self.diagram.getPlotItem().listDataItems()[:1], self.curves["bayes"],
                       self.curves["tree"], self.hist["bayes"], self.hist["tree"])
        self.diagram.scene().sigMouseMoved.connect(self._hover)
        self.hover_note = QLabel()
        self.hover_note.setWordWrap(True)
        zoomed_font(self.hover_note, 10, bold=False)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.diagram, 3)
        column.addWidget(self.hover_note)
        column.addWidget(self.histogram, 2)
        self.show_bin(None)

    def new_data(self, held, positive=None):
        """Held-out points, whose class 1 is called ``positive`` (None: y = 1)."""
        self.held = held
        self.shown_p = {}
        self.positive = positive or "y = 1"
        event = f"P({self.positive})"
        self.diagram.getPlotItem().setLabel("bottom", f"predicted {event} (mean in each bin)")
        self.diagram.getPlotItem().setLabel("left", f"fraction that really is {self.positive}")
        self.histogram.getPlotItem().setLabel("bottom", f"predicted {event}")
        self.show_bin(None)

    def draw(self, name, p, raw=None):
        """Model ``name``'s held-out probabilities ``p`` (None: not fitted); ``raw``: the
        SVM's plain σ(score).  (Each curve redrawn only when it moves by half a pixel: a
        settled model's curves cost no repaint while it trains on.)"""
        y = self.held.y
        if p is None:
            set_xy(self.curves[name], [], [])
            self._set_hist(name, None)
            self.shown_p.pop(name, None)
            if name == "svm":
                set_xy(self.svm_raw, [], [])
            return
        if self.shown_p.get(name) is p:
            return  # a one-pass model, unchanged: its curves stand as drawn
        self.shown_p[name] = p
        mean_p, frac, _ = reliability_curve(y, p)
        set_xy(self.curves[name], mean_p, frac)
        self._set_hist(name, np.histogram(p, bins=20, range=(0, 1))[0] / len(p))
        if raw is not None:
            mean_r, frac_r, _ = reliability_curve(y, raw)
            set_xy(self.svm_raw, mean_r, frac_r)

    def _set_hist(self, name, shares):
        """One model's histogram: ``shares`` of the points in 20 bins (None: none);
        set only when a point changed bins."""
        shown = self._shown_hist.get(name)
        if shares is None and shown is not None:
            self.hist[name].setData([], [])
        elif shares is not None and (shown is None or not np.array_equal(shares, shown)):
            self.hist[name].setData(np.linspace(0.0, 1.0, len(shares) + 1), shares)
        self._shown_hist[name] = shares

    def _hover(self, scene_pos):
        """The mouse over the diagram: light up one bin's held-out points."""
        b = None
        if scene_pos is not None and self.shown_p:
            vb = self.diagram.getPlotItem().vb
            if vb.sceneBoundingRect().contains(scene_pos):
                x = vb.mapSceneToView(scene_pos).x()
                if 0.0 <= x <= 1.0:
                    b = min(int(x * BINS), BINS - 1)
        self.show_bin(b)

    def show_bin(self, b):
        """Light up bin ``b`` (0..9) on the maps, or none (None)."""
        self.hover_bin = b
        if b is None or not self.shown_p:
            self.bin_band.setVisible(False)
            for name, lit in self.lit.items():
                lit.setData([], [])
                self.maps[name].points.dim(False)
            self.hover_note.setText("Point at the diagram: the held-out points of one bin "
                                    "light up on the maps, in their true class's colour.")
            return
        lo, hi = b / BINS, (b + 1) / BINS
        self.bin_band.setRegion((lo, hi))
        self.bin_band.setVisible(True)
        X, y = self.held.X[:, :2], self.held.y.astype(int)
        parts = []
        for name, title, _, _ in MODELS:
            p = self.shown_p.get(name)
            if p is None:
                self.lit[name].setData([], [])
                self.maps[name].points.dim(False)
                continue
            inside = bin_index(p) == b
            self.lit[name].setData(X[inside, 0], X[inside, 1], brush=self._brushes[y[inside]])
            self.maps[name].points.dim(True)
            n = int(inside.sum())
            parts.append(f"{SHORT[name]} {n:,}"
                         + (f" ({np.mean(y[inside]):.0%} are {self.positive})" if n else ""))
        self.hover_note.setText(f"Predicted {lo:.0%}–{hi:.0%}: " + "; ".join(parts) + ".")


class _CostlyPictures(QObject):
    """An RBF SVM costs a good part of a second to evaluate on the map and the held-out
    points (its support vectors times the points): worked out in a background job,
    once per fit, and drawn when it is ready."""

    def __init__(self, tab):
        super().__init__(tab)
        self.tab = tab
        self.job = JobSlot(self)
        self.key = None  # the fit being worked out

    def ready(self, name, model, d, now=False):
        tab = self.tab
        keys = (tab._params_key(name, False, model), tab._params_key(name, True, model))
        if all(k in tab._cache for k in keys):
            return True
        if self.key == keys[0] and not now:
            return False  # being worked out
        self.key = keys[0]
        plane = OnPlane(model, d)
        rect, points = tab.maps[name].grid()
        held = tab.held.X

        def work(progress, cancelled):
            return plane.proba_matrix(points), model.predict_proba(held), model.raw_proba(held)

        def done(result):
            P, p, raw = result
            tab._cache = {k: v for k, v in tab._cache.items() if k[0] != name}
            tab._cache[keys[0]], tab._cache[keys[1]] = p, raw
            tab.maps[name].set_model(plane, computed=(rect, P))
            self.key = None
            tab.show_latest()

        def failed(message):
            self.key = None
            tab.message.emit(f"The SVM could not be drawn: {message}")

        if now:
            self.job.cancel()
            done(work(None, None))
            return True
        self.job.start(work, done, failed)
        return False

    def cancel(self):
        self.job.cancel()
        self.key = None


class _Sets:
    """The training, held-out and calibration points the settings describe: built-in
    data sets, or the document's points split into training and held out."""

    def __init__(self, document):
        self.document = document

    def split_builder(self, v):
        """(train, held-out, Platt's calibration set) from the document's points, or a
        sentence that says why they cannot be used."""
        X, y, test = self.document.points.state()
        if len(y) and y.max() > 1:
            return ("The Builder's points have more than two classes; calibration here "
                    "compares two (0 and 1).")
        if not test.any() or test.all():  # no split of the user's own: hold out a share
            rng = np.random.default_rng(v["seed"])
            test = np.zeros(len(y), bool)
            test[rng.permutation(len(y))[:int(round(BUILDER_HELD_SHARE * len(y)))]] = True
        train = Dataset(X[~test], y[~test].astype(float), BUILDER)
        held = Dataset(X[test], y[test].astype(float), BUILDER)
        # few points: Platt scaling learns on the training points themselves
        return train, held, train

    def of(self, v):
        """(train, held-out, calibration) data sets, or a sentence saying why not."""
        if v["data"] == BUILDER:
            return self.split_builder(v)
        n, seed, copies = v["n_train"], v["seed"], v["copies"]
        noise = BASE_NOISE[v["data"]] * v["noise"]
        if v["data"] == "redundant-2d":
            make = lambda s, m: redundant_2d(s, m, copies, noise)  # noqa: E731
        else:
            gen = {"blobs": blobs_2d, "moons": moons, "circles": circles,
                   "hours-studied": study_and_sleep}[v["data"]]
            make = lambda s, m: gen(seed=s, n_points=m, noise=noise)  # noqa: E731
        return make(seed, n), make(seed + 1, v["n_held"]), make(seed + 2, CALIBRATION_POINTS)

    @staticmethod
    def problem(sets):
        """Why these sets cannot be used ("" when they can)."""
        if isinstance(sets, str):
            return sets
        train, held, cal = sets
        if len(held.y) < MIN_HELD_OUT or len(np.unique(held.y)) < 2 \
                or len(np.unique(train.y)) < 2 or len(np.unique(cal.y)) < 2:
            return ("Calibration needs both classes in the training points and at least "
                    f"{MIN_HELD_OUT} held-out points with both classes.")
        for d in sets:
            if not np.isfinite(d.X).all():
                return "The points hold values that are not finite numbers."
        return ""

    def usable(self, values):
        """The sets, or redundant-2d's when these cannot be used (a session naming
        Builder's points the Builder lacks: the models still have their shapes)."""
        sets = self.of(values)
        if self.problem(sets):
            sets = self.of({**values, "data": "redundant-2d"})
        return sets


class CalibrationTab(TrainingTab):
    key = "calibration"
    title = "Calibration"
    subjects = {
        "maps": ("the four models' maps", "maps.logistic", "maps.bayes", "maps.tree", "maps.svm"),
        "diagram": ("the reliability diagram", "reliability.diagram"),
        "histogram": ("how many predictions fall in each bin", "reliability.histogram"),
        "table": ("the table of scores", "table"),
    }
    explanations = ("note",)
    default_lr = 0.5
    model_titles = {name: title for name, title, _, _ in MODELS}
    settings = (
        Setting("data", "redundant-2d", choices=DATA,
                tip="Which points the four models learn (the Builder's points: its test points, "
                    "or 40 % of them, are held out)"),
        Setting("copies", 0, 0, 10, tip="Near-copies of x₁ added as extra features (redundant-2d): "
                "naive Bayes counts each as fresh evidence"),
        Setting("n_train", 500, 20, 2000, tip="Training points"),
        Setting("n_held", 5000, MIN_HELD_OUT, 20000,
                tip="Held-out points that measure calibration (many: a stable curve)"),
        Setting("noise", 1.0, 0.25, 4.0, step=0.25, decimals=2,
                tip="How much the classes overlap, as a multiple of the data set's own noise"),
        Setting("seed", 1, 0, 99999, tip="Seed of the training points (held-out points use seed + 1)"),
        Setting("depth", 4, 1, 12, tip="Largest depth of the decision tree"),
        Setting("kernel", "linear", choices=("linear", "rbf"), tip="The SVM's kernel"),
        Setting("C", 1.0, 0.01, 100.0, step=0.1, tip="The SVM's C: how much a margin violation costs"),
    )
    measures = (Measure("ece", {"model": ("model", True)},
                        doc="a model's expected calibration error on the held-out points",
                        comparable=True),)

    table_spec, table_setting = TableSpec(2, 2, 2), ("data", BUILDER)  # (the Builder's points)

    def build(self):
        self._cache = {}  # (name, raw, fitted arrays) -> held-out probabilities
        self._builder_stale = False
        self.sets = _Sets(self.document)
        self.costly = _CostlyPictures(self)
        maps = QWidget()
        grid = QGridLayout(maps)
        grid.setContentsMargins(0, 0, 0, 0)
        self.maps = {}
        for i, (name, title, _, _) in enumerate(MODELS):
            m = ProbabilityMap(title=title)
            m.setMinimumSize(220, 200)
            grid.addWidget(m, i // 2, i % 2)
            self.maps[name] = m
        self.reliability = Reliability(self.maps)
        self.table = QTableWidget(len(MODELS) + 1, 9)
        # (its figures are on the held-out points; the status bar's on the training set)
        self.table.setHorizontalHeaderLabels(["model", "fit time", "ECE", "Brier",
                                              "held-out log loss", "held-out accuracy",
                                              "probabilities", "learns online",
                                              "how to read it"])
        read_only_table(self.table)
        self._fit_table_height()
        self.why = QLabel()
        self.why.setWordWrap(True)
        self.why.setTextFormat(Qt.RichText)
        zoomed_font(self.why, 10, bold=False)
        top = QHBoxLayout()
        top.addWidget(maps, 1)
        top.addWidget(self.reliability, 1)
        body = QWidget()
        left = QVBoxLayout(body)
        left.setContentsMargins(0, 0, 0, 0)
        left.addLayout(top, 1)
        left.addWidget(self.table)
        self._build_side_panel()
        self._progress_timer = QTimer(self, singleShot=True, interval=PROGRESS_DELAY_MS)
        self._progress_timer.timeout.connect(lambda: self.fit_box.setVisible(True))
        self.controller.fitProgress.connect(self._fit_progress)
        return body

    def _fit_table_height(self):
        """Every row in view, whatever the font size (presentation mode)."""
        t = self.table
        t.resizeRowsToContents()
        rows = sum(t.rowHeight(i) for i in range(t.rowCount()))
        bar = t.horizontalScrollBar().sizeHint().height()  # room for it, should it appear
        t.setFixedHeight(t.horizontalHeader().sizeHint().height() + rows + bar
                         + 2 * t.frameWidth() + 2)

    def changeEvent(self, event):
        super().changeEvent(event)
        if event.type() == event.Type.FontChange and hasattr(self, "table"):
            self._fit_table_height()

    def _build_side_panel(self):
        v = self.panel.body
        box = QGroupBox("Data and models")
        form = QFormLayout(box)
        for name, label in (("data", "data"), ("copies", "copies of x₁"), ("n_train", "training"),
                            ("n_held", "held out"), ("noise", "noise ×"), ("seed", "seed"),
                            ("depth", "tree depth"), ("kernel", "SVM kernel"), ("C", "SVM C")):
            form.addRow(label, self.form[name])
        v.addWidget(box)
        # a slow fit (the RBF SVM): how far it is, and a way out
        self.fit_box = QWidget()
        fit_row = QHBoxLayout(self.fit_box)
        fit_row.setContentsMargins(0, 0, 0, 0)
        self.fit_label = QLabel("Fitting the SVM…")
        self.fit_bar = QProgressBar()
        self.fit_bar.setRange(0, 100)
        self.fit_cancel = QPushButton("Cancel")
        self.fit_cancel.setToolTip("Stop fitting the SVM; the other models are not affected")
        self.fit_cancel.clicked.connect(self.controller.cancel_fit)
        fit_row.addWidget(self.fit_label)
        fit_row.addWidget(self.fit_bar, 1)
        fit_row.addWidget(self.fit_cancel)
        self.fit_box.setVisible(False)
        v.addWidget(self.fit_box)
        self.note = note = QLabel(NOTE)
        note.setWordWrap(True)
        note.setTextFormat(Qt.RichText)
        zoomed_font(note, 10, bold=False)
        v.addWidget(note)
        v.addWidget(self.why)

    # ------------------------------------------------------------------ data
    def make_data(self, values, extra=None):
        train, held, _ = self.sets.usable(values)
        return train.X, train.y, held.X, held.y

    def build_models(self, values, data):
        _, _, cal = self.sets.usable(values)
        d = data[0].shape[1]
        return {"logistic": LogisticRegression(d, standardize=True),
                "bayes": GaussianNaiveBayes(d),
                "tree": DecisionTree(d, max_depth=values["depth"]),
                "svm": CalibratedSVM(d, cal.X, cal.y, kernel=values["kernel"], C=values["C"])}

    def _enable_controls(self, data):
        """Grey out what does not apply to this data, and say why."""
        builder = data == BUILDER
        for name, applies, why in (
                ("copies", data == "redundant-2d", "Copies of x₁ apply to redundant-2d only"),
                ("n_train", not builder, "The Builder's points decide the size"),
                ("n_held", not builder, "The Builder's test points (or 40 % of its points) "
                                        "are held out"),
                ("noise", not builder, "The Builder's points are as you placed them")):
            widget = self.form[name]
            widget.setEnabled(applies)
            widget.setToolTip(self.form.tip(name) if applies else why)

    def rebuild(self):
        v = self.form.values()
        self._enable_controls(v["data"])
        sets = self.sets.of(v)
        problem = self.sets.problem(sets)
        if problem:
            self.message.emit(problem + " The picture is unchanged.")
            return None
        train, self.held, _ = sets
        self._cache.clear()
        self.costly.cancel()
        names = self.document.points.names if v["data"] == BUILDER else NO_NAMES  # (a table's)
        self.reliability.new_data(self.held, names.of_class(1, None))
        both = np.vstack([train.X[:, :2], self.held.X[:, :2]])
        pad = np.maximum((both.max(axis=0) - both.min(axis=0)) * 0.1, 0.5)
        lo, hi = both.min(axis=0) - pad, both.max(axis=0) + pad
        for m in self.maps.values():
            name_axes(m, names)
            m.set_points(train.X[:, :2], train.y.astype(int))
            m.setRange(xRange=(lo[0], hi[0]), yRange=(lo[1], hi[1]), padding=0)
        return super().rebuild()

    def points_changed(self, kind, index):
        """The Builder's points changed: drawn again now if they are shown and this tab
        is in view, else when it is shown."""
        if self.form.value("data") != BUILDER:
            return
        if self.isVisible():
            self.rebuild()
        else:
            self._builder_stale = True

    def showEvent(self, event):
        super().showEvent(event)
        if self._builder_stale:
            self._builder_stale = False
            self.rebuild()

    def _fit_progress(self, name, fraction):
        """A one-pass fit reports: show the bar once it has taken a moment."""
        if fraction >= 1.0:
            self._progress_timer.stop()
            self.fit_box.setVisible(False)
            return
        self.fit_label.setText(f"Fitting the {self.model_titles.get(name, name)}…"
                               if name != "svm" else "Fitting the SVM…")
        self.fit_bar.setValue(int(round(100 * fraction)))
        row = [n for n, *_ in MODELS].index(name) if name in self.model_titles else None
        if row is not None and self.table.item(row, 1) is not None:
            self.table.item(row, 1).setText(f"fitting… {fraction:.0%}")
            fit_columns(self.table)
        if not self.fit_box.isVisible() and not self._progress_timer.isActive():
            self._progress_timer.start()

    # --------------------------------------------------------------- drawing
    def _held_proba(self, name, model, raw=False):
        """Held-out probabilities, computed once per fitted state (one-pass models do
        not change between frames; logistic regression does)."""
        key = self._params_key(name, raw, model)
        p = self._cache.get(key)
        if p is None:
            p = (model.raw_proba if raw else model.predict_proba)(self.held.X)
            self._cache = {k: v for k, v in self._cache.items() if k[:2] != (name, raw)}
            self._cache[key] = p
        return p

    def _params_key(self, name, raw, model):
        return (name, raw, parameters_key(model))

    def before_screenshot(self):
        """Fit and draw a costly model here and now, so the picture shows it."""
        snap = self.controller.train_now(0)
        if snap is not None and hasattr(self, "held"):
            model = snap.models.get("svm")
            if getattr(model, "fitted", False) and getattr(model, "kernel", "") == "rbf":
                self.costly.ready("svm", model, self.held.X.shape[1], now=True)

    def shutdown(self):
        self.costly.job.shutdown()
        super().shutdown()

    def draw(self, snap):
        if not hasattr(self, "held") or any(n not in snap.models for n, *_ in MODELS):
            return
        d = self.held.X.shape[1]
        rows = {}
        for name, title, _, _ in MODELS:
            model = snap.models[name]
            fitted = getattr(model, "fitted", True)
            if fitted and getattr(model, "kernel", "") == "rbf" \
                    and not self.costly.ready(name, model, d):
                fitted = False  # drawn when its pictures are ready
            if not fitted:  # cancelled, not fitted yet, or its pictures are being worked out
                self.reliability.draw(name, None)
                continue
            self.maps[name].set_model(OnPlane(model, d))
            p = self._held_proba(name, model)
            rows[name] = (title, p)
            raw = None
            if name == "svm":
                raw = self._held_proba(name, model, raw=True)
                rows["svm-raw"] = ("SVM, plain σ(score)", raw)
            self.reliability.draw(name, p, raw)
        if self.pace.text_now:
            self._fill_table(snap, rows)
            if self.reliability.hover_bin is not None:
                self.reliability.show_bin(self.reliability.hover_bin)  # (the lit points follow)

    def _fit_text(self, snap, name):
        model = snap.models[name.split("-")[0]]
        if name == "svm-raw":
            return ""
        if not getattr(model, "fitted", True):
            return "cancelled" if self.controller.handoff.fit_cancelled() == "asked" else "fitting…"
        if getattr(model, "kernel", "") == "rbf" and self.costly.key is not None:
            return "drawing…"
        if not getattr(model, "fits_in_one_pass", False):
            return f"live, epoch {snap.epoch:,}"
        seconds = getattr(model, "fit_seconds", 0.0)
        return ("< 1 ms" if seconds < 0.001 else f"{seconds * 1000:,.0f} ms") + ", one pass"

    def _fill_table(self, snap, rows):
        y = self.held.y
        eces = {}
        names = [name for name, *_ in MODELS]
        names.insert(names.index("svm") + 1, "svm-raw")
        for i, name in enumerate(names):
            title, p = rows.get(name, (None, None))
            facts = FACTS["svm-rbf" if name == "svm" and self.form.value("kernel") == "rbf"
                          else name]
            if p is None:
                title = self.model_titles.get(name, "SVM, plain σ(score)")
                cells = [title, self._fit_text(snap, name)] + ["—"] * 4 + list(facts)
            else:
                eces[name] = ece = expected_calibration_error(y, p)
                cells = [title, self._fit_text(snap, name), f"{ece:.3f}",
                         f"{brier_score(y, p):.3f}", f"{log_loss(y, p):.3f}",
                         f"{np.mean((p >= 0.5) == y):.1%}", *facts]
            for j, text in enumerate(cells):
                set_cell(self.table, i, j, text)
        fit_columns(self.table)
        if "bayes" in eces and "logistic" in eces:
            copies = self.form.value("copies") if self.form.value("data") == "redundant-2d" else 0
            self.why.setText(
                f"<b>Now:</b> ECE {eces['logistic']:.3f} for logistic regression, "
                f"{eces['bayes']:.3f} for naive Bayes"
                + (f" with {copies} cop{'y' if copies == 1 else 'ies'} of x₁." if copies else "."))

    def primary(self, snap):
        return "logistic"

    def measure_ece(self, claim, snap):
        _, model = self.claimed_model(claim, snap)
        return expected_calibration_error(self.held.y, model.predict_proba(self.held.X))


if __name__ == "__main__":  # python -m lrviz.ui.tabs.calibration
    from ..app import run_single_tab

    run_single_tab(CalibrationTab)
