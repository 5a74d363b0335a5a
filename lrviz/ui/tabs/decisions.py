"""Weights & Decisions: read a logistic regression's weights as evidence, then turn
its probabilities into decisions.

Five things about 1,000 students (hours studied, hours slept, practice tests, cups of
coffee, commute minutes) predict who passes; the true effects are known.  Each
weight is drawn with its 95 % interval and the true effect; "one more hour studied
multiplies the odds of passing by ×2.3" reads it aloud.  Sliders describe one
student, and a waterfall shows how each feature moves the score z towards σ(z).
On held-out students a threshold turns P into pass / fail: the confusion matrix,
precision, recall, the ROC and precision–recall curves, and the threshold that a
cost ("a missed positive costs k false alarms") makes cheapest, beside the
calibrated theory 1 / (1 + k).
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass
from functools import partial
from html import escape

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGraphicsItem,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from ...data import Dataset, exam_results, read_table_csv, table_to_dict
from ...data.csvio import MAX_FEATURES as MAX_TABLE_FEATURES
from ...data.table import labelled_from_dict, labelled_to_dict
from ...data.table import TableSpec
from ...fileio import show_path
from ...models import LogisticRegression
from ...models.base import Prepared, parameters_key
from ...models.classifiers import GaussianNaiveBayes
from ...models.core import MIN_SPREAD, column_spread, sigmoid
from ...models.inference import (
    Z95,
    NoIntervals,
    intervals,
    odds,
    standard_errors,
    unweighable,
)
from ...models.metrics import (
    area_under,
    cheapest_threshold,
    cost_at,
    precision_recall_curve,
    roc_curve,
    theory_threshold,
    threshold_report,
)
from ...lessons import LessonError, Measure
from ...session import SessionError, later
from ...settings import Setting
from ...sharing import gui_busy
from ..jobs import JobSlot
from ..spotlight import QWIDGETSIZE_MAX, settle
from ..live import LivePlot
from ..titles import retitle
from ..look import zoomed_font
from ..theme import CLASS_HEX, faint, ink, ink_brush, inked, style_plot, themed
from ..widgets.forms import (
    ValueSlider,
    choose_path,
    fit_columns,
    keep_lines,
    read_only_table,
    set_cell,
)
from ..widgets.panel import TextScroll
from ..widgets.network_diagram import NEGATIVE_HEX, POSITIVE_HEX
from .base import TrainingTab

BUILT_IN, FILE = "exam results", "a CSV file"
ONE_LABEL = "has the same label; decisions need both"
MODEL_NAMES = {"logistic": "logistic regression", "bayes": "naive Bayes"}
#: at most this many times as tall as wide, beside many weights: the curves, the histogram
SHAPES = (1.15, 0.9)
#: the heights the weights and the histogram share with the row's score and the curves
SHARES = (3, 2)
#: the held-out share of a loaded file
FILE_HELD_SHARE = 0.3
SLIDER_STEPS = 200
#: The theory's threshold "agrees" when it costs at most this much more than the cheapest
#: one measured (which is itself a little lucky: it is chosen on the same students).
AGREE = 0.05
#: Training has settled when no weight's gradient is larger than this.
SETTLED = 1e-3
SETTLE_FIRST = ("they describe the best weights; they appear once training has settled there "
                "(press Train)")
#: Weigh (settledness, standard errors) in the background past this much work, rows x
#: (features + 1)^2: the exam's 1,000 students at once, 70,000 training rows of 50
#: features (their Hessian alone outlasts several frames) in a job.
WEIGH_AT_ONCE = 2_000_000
#: Work the decisions out in the background past this many held-out students: the
#: exam's 10,000 at once, a big table's 30,000 (three sorts of them) would outlast a frame.
DECIDE_AT_ONCE = 10_000
#: While training runs, a job of either kind starts at most this often: each costs about
#: an epoch or more, and one after another they took the cores training and the window
#: need.  (Paused, the newest weights are worked out at once.)
JOB_GAP_S = 0.5
#: While training runs on settled weights, their intervals are worked out again only once
#: a weight (per standard deviation) has moved this far: meanwhile they hardly change.
NEAR = 0.01
THEORY_HEX = CLASS_HEX[2]  # Okabe-Ito bluish green
#: Levels of nested layouts between a slider and the window (``settle``), with room
LAYOUT_LEVELS = 10
#: A table of more features than this has its plots painted one per turn of the event
#: loop when it is shown (``InTurns``): fifty features' axes, bars and waterfall rows
#: painted at once held the window 50-60 ms.
PAINT_AT_ONCE_FEATURES = 12
#: past this many features the weights lie sideways, a row each (``Evidence``)
SIDEWAYS = 12


@dataclass(frozen=True)
class Words:
    """How the tab speaks of the classes and of a row: the students' pass and fail, or a
    table's classes by their names."""

    no: str = "fail"  # the classes, as a prediction names them
    yes: str = "pass"
    did: tuple = ("did fail", "did pass")  # the confusion matrix's rows
    shown: tuple = ("failed", "passed")  # the histogram's key
    event: str = "pass"  # P(...)
    odds: str = "passing"  # "Odds of ..."
    row: str = "student"
    rows: str = "students"


STUDENTS = Words()
#: a table whose classes have no names (a CSV file of 0/1 labels, a session's table)
ROW_WORDS = Words("0", "1", ("true 0", "true 1"), ("0", "1"), "label = 1", "label = 1", "row",
                  "rows")


def table_words(data):
    """A table's words (``lrviz.data.table.Labelled``): its classes' names."""
    no, yes = data.classes
    return Words(no, yes, (f"true {no}", f"true {yes}"), (no, yes), data.event(1), data.event(1),
                 "row", "rows")


def _rows_height(plot, rows):
    """The height that gives ``rows`` names on ``plot``'s left axis room apart, at its
    tick labels' size."""
    from PySide6.QtGui import QFontMetricsF

    axis = plot.getPlotItem().getAxis("left")
    line = QFontMetricsF(axis.style.get("tickFont") or axis.font()).lineSpacing()
    return round((1.15 * rows + 4.5) * line)


def _static(plot):
    plot.setMinimumSize(160, 140)  # (pyqtgraph's own minimum would push others aside)
    plot.setMouseEnabled(False, False)
    plot.setMenuEnabled(False)
    plot.getPlotItem().hideButtons()
    # No pixmap of each axis and its grid: these plots are as tall as a table's fifty
    # rows, a new table or size re-rendered pixmaps as large as the plot (8-12 ms of
    # a 25-30 ms first paint), and their ranges seldom move (``keep_in_view``).
    for axis in plot.getPlotItem().axes.values():
        axis["item"].setCacheMode(QGraphicsItem.CacheMode.NoCache)


class _Rows(QWidget):
    """A widget whose plot is as tall as its rows of names (``fit``), fitted again when
    the zoom changes its text's size."""

    def fit(self):
        raise NotImplementedError

    def changeEvent(self, event):
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # (the zoom scales tick fonts after)
            QTimer.singleShot(0, self, self.fit)


class Evidence(_Rows):
    """The weights with their 95 % intervals and the true effects, read aloud as odds."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.plot = LivePlot()
        style_plot(self.plot.getPlotItem(), "", "weight",
                   "Weights with 95 % intervals (▲ true effect)")
        _static(self.plot)
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.6)
        self.plot.addItem(self.bars)
        self.error_bars = pg.ErrorBarItem(x=np.array([]), y=np.array([]), beam=0.25,
                                          pen=pg.mkPen(ink("ink"), width=2))
        inked(self.error_bars, "ink", width=2)
        self.plot.addItem(self.error_bars)
        self.true_marks = themed(
            self.plot.plot([], [], pen=None, symbol="t1", symbolSize=13,
                           symbolBrush=CLASS_HEX[4]),
            lambda marks: marks.setSymbolPen(ink("ink")))  # (the outline makes them show)
        self.zero = inked(pg.InfiniteLine(0, angle=0), "muted")
        self.plot.addItem(self.zero)
        self.sideways = False
        self._rows = 0  # the names lying a row each (0: standing under their bars)
        self._power = None  # the power of ten the weights are drawn in
        self.odds_label = QLabel()
        self.odds_label.setTextFormat(Qt.RichText)
        self.odds_label.setWordWrap(True)
        zoomed_font(self.odds_label, 10, bold=False)
        self.odds_scroll = TextScroll(self.odds_label)  # (scrolls on a short screen)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.plot, 1)
        column.addWidget(self.odds_scroll)

    def new_data(self, short):
        """A bar per feature: standing, named underneath -- or, past ``SIDEWAYS``
        features (thirty names under a plot ran into each other), lying, a row per
        feature named on the left, read top to bottom as the waterfall reads."""
        item = self.plot.getPlotItem()
        self.sideways = len(short) > SIDEWAYS
        names, values = ("left", "bottom") if self.sideways else ("bottom", "left")
        item.getAxis(names).setTicks([[(-j if self.sideways else j, name)
                                       for j, name in enumerate(short)]])
        item.getAxis(names).make_room(short)
        item.getAxis(values).setTicks(None)
        item.getAxis(names).setLabel("")
        item.getAxis(values).setLabel("weight")
        self.zero.setAngle(90 if self.sideways else 0)
        self._power = None  # (the values' axis is set afresh at the next draw)
        self._rows = len(short) if self.sideways else 0
        if self.sideways:
            self.plot.setYRange(-len(short) + 0.4, 0.6, padding=0)
        else:  # (room at both ends for the first and last names, centred under their bars)
            self.plot.setXRange(-0.8, len(short) - 0.2, padding=0)
        self.fit()

    def fit(self):
        """Room for every name lying beside its bar at the tick labels' size: when the
        zoom grew them (presenting), thirty names ran into each other."""
        self.plot.setMinimumHeight(_rows_height(self.plot, self._rows) if self._rows else 140)

    def draw(self, tab, per_sd):
        """The weights ``tab`` shows now (raw, or per standard deviation), with the
        intervals of its last weighing (``Workings.weighing``) when it found them."""
        w, _ = tab.weights
        unit = tab.spread if per_sd else np.ones(len(w))
        with np.errstate(over="ignore", invalid="ignore"):
            shown = w * unit
        shown = np.where(np.isfinite(shown), shown, 0.0)  # (never: weights stay below 1e306)
        se, why = tab.work.weighing()
        half = None if se is None else Z95 * se * unit
        true_w = None if tab.true_w is None else tab.true_w * unit
        # Bars coloured one by one are recorded with 32-bit coordinates: past 3.4e38 they
        # vanished.  Weights that large (per unit of a tiny unit) are drawn in units of
        # a power of ten, which the title names.
        every = np.r_[shown, shown if half is None else np.r_[shown + half, shown - half],
                      [] if true_w is None else true_w]
        biggest = float(np.abs(every[np.isfinite(every)]).max(initial=0.0))
        power = int(np.floor(np.log10(biggest))) if biggest > 1e30 else 0
        ten = 10.0 ** power
        x = np.arange(len(w))
        brushes = _signed_brushes(shown)
        none = np.array([])  # (every array: old ones of another length would be kept)
        if self.sideways:  # (a row per feature, the first at the top)
            self.bars.setOpts(x=None, x0=np.zeros(len(w)), width=shown / ten, y=-x, y0=None,
                              height=0.6, brushes=brushes)
            bars = ({"x": none, "y": none, "left": none, "right": none} if half is None else
                    {"x": shown / ten, "y": -x, "left": half / ten, "right": half / ten})
            bars.update(top=None, bottom=None)  # (the item keeps what it is not told)
            marks = (true_w / ten, -x) if true_w is not None else ([], [])
        else:
            self.bars.setOpts(x=x, x0=None, width=0.6, y=None, y0=None, height=shown / ten,
                              brushes=brushes)
            bars = ({"x": none, "y": none, "top": none, "bottom": none} if half is None else
                    {"x": x, "y": shown / ten, "top": half / ten, "bottom": half / ten})
            bars.update(left=None, right=None)
            marks = (x, true_w / ten) if true_w is not None else ([], [])
        self.error_bars.setData(**bars)
        self.true_marks.setData(*marks)
        lines, withheld = [], []
        for j in range(len(w)):
            factor = _factor(shown[j])
            text = f"{tab.short[j]}: ×{factor or f'e^({shown[j]:.3g})'}"
            if se is not None:
                ends = [_factor(shown[j] - half[j]), _factor(shown[j] + half[j])]
                if factor and all(ends) and ends[0] != ends[1]:
                    text += f" ({ends[0]} to {ends[1]})"
                else:
                    withheld.append(tab.short[j])
            lines.append(text)
        odds = f"<b>Odds of {tab.words.odds}</b>"
        head = ((f"{odds} for one standard deviation more of each feature "
                 "(95 % interval). Per standard deviation the sizes compare.")
                if per_sd else
                (f"{odds} for one more " + ", ".join(tab.units[:3]) +
                 (" …" if len(tab.units) > 3 else "") + " (95 % interval). Raw weights are "
                 "per unit: their sizes cannot be compared across units."))
        head += (" Each ×factor is e^w: above 1 (w &gt; 0) the feature raises the odds, "
                 "below 1 (w &lt; 0) it lowers them.")  # (a bare "<" began a tag: the rest
        #                                                  of the sentence was not shown)
        if tab.train.name == "file":  # (a small table's weights come from fewer rows)
            n, held = len(tab.train.y), len(tab.held.y)
            head = (f"Learned from {n:,} of the {n + held:,} rows; the other {held:,} are "
                    "held out for the decisions. " + head)
        if why:
            head += f" <i>No intervals: {why}.</i>"
        if withheld:
            head += (f" <i>No interval {'per standard deviation' if per_sd else 'per unit'} "
                     f"for {', '.join(withheld[:6])}{' …' if len(withheld) > 6 else ''}: "
                     f"{'their' if len(withheld) > 1 else 'its'} odds factors are too large, "
                     f"or too close to 1, to write out"
                     f"{'' if per_sd else '; per standard deviation they show'}.</i>")
        self.odds_label.setText(head + "<br>" + " · ".join(lines[:12]))
        top = np.r_[every, 0.0] / ten
        top = top[np.isfinite(top)]
        self.plot.keep_in_view(float(top.min()), float(top.max()),
                               "x" if self.sideways else "y",
                               fresh=self._power != power)  # (a view of other units)
        self._power = power
        marks = " (▲ true effect)" if true_w is not None else ""
        retitle(self.plot, f"Weights per {'standard deviation' if per_sd else 'unit'}"
                           f"{f' in units of 1e{power:+d}' if power else ''} with 95 % "
                           f"intervals{marks}")


def _signed_brushes(values):
    """A brush per value, by its sign (two brushes shared: one made per bar took a
    tenth of a 50-feature frame's drawing)."""
    up, down = pg.mkBrush(POSITIVE_HEX), pg.mkBrush(NEGATIVE_HEX)
    return [up if v >= 0 else down for v in values]


def _factor(w):
    """e^w written with three digits, or "" when that cannot be written so: past 1e304
    (e^700), or so close to 1 that it would read "1" while w is not 0."""
    if not abs(w) <= 700:  # (NaN too)
        return ""
    text = f"{np.exp(w):.3g}"
    return text if text != "1" or w == 0 else ""


class Student(_Rows):
    """One student: sliders for each feature (in the side panel), and a waterfall from
    a typical student's score to this one's z, then P = σ(z) and the odds."""

    moved = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.waterfall = LivePlot()
        style_plot(self.waterfall.getPlotItem(), "score z (log-odds)", "", "")
        _static(self.waterfall)
        # a horizontal waterfall: a row per step, named on the left, read top to bottom
        self.fall_bars = pg.BarGraphItem(x0=[], y=[], width=[], height=0.6)
        self.waterfall.addItem(self.fall_bars)
        self.waterfall.addItem(inked(pg.InfiniteLine(0, angle=90), "muted", style=Qt.DashLine))
        self._steps = None
        themed(self.fall_bars, lambda _: self._steps is not None and self.draw(self._steps))
        self.sliders_box = QGroupBox("The student")
        self.sliders_form = QFormLayout(self.sliders_box)
        self.sliders = []
        self.label = QLabel()
        self.label.setTextFormat(Qt.RichText)
        self.label.setWordWrap(True)
        zoomed_font(self.label, 11, bold=False)
        self.scroll = TextScroll(self.label)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.waterfall, 1)
        column.addWidget(self.scroll)
        self.values = None
        self._to_make = None  # sliders to make: (names, lows, highs, box shown)
        self._rows = 0
        self.words = STUDENTS
        self.name(STUDENTS)

    def name(self, words):
        """The student's words, or a table's row's."""
        self.words = words
        retitle(self.waterfall, f"This {words.row}'s score")
        self.sliders_box.setTitle(f"The {words.row}")

    def new_data(self, split, names, short, later=False):
        """Sliders for the features of ``split`` (a ``Split``), each over its training
        values, at a typical student's, and a waterfall row for each -- the sliders made
        now, or by ``make_sliders`` if ``later`` (a turn of their own: beside a wide
        table's other changes, 5-15 ms)."""
        # The box hidden meanwhile, its new rows are shown with it, at once: added to a
        # box on screen, each was shown in a queued call of its own, and each asked the
        # X server where the pointer was (12 sliders: 10-15 ms of the window's time).
        shown = self._to_make[3] if self._to_make else not self.sliders_box.isHidden()
        self.sliders_box.hide()
        while self.sliders_form.rowCount():  # (deleted later: a signal may still be on its way)
            row = self.sliders_form.takeRow(0)
            for item in (row.labelItem, row.fieldItem):
                if item is not None and item.widget() is not None:
                    item.widget().hide()
                    item.widget().deleteLater()
        self.sliders = []
        self.values = split.typical.copy()
        self._to_make = (names, split.low, split.high, shown)
        rows = ["typical"] + list(short) + ["= z"]
        self.waterfall.getPlotItem().getAxis("left").setTicks(
            [[(-i, name) for i, name in enumerate(rows)]])
        self.waterfall.getPlotItem().getAxis("left").make_room(rows)
        self.waterfall.setYRange(-len(names) - 1.6, 0.6, padding=0)
        self._rows = len(names) + 2  # typical, each feature, = z
        self.fit()  # (later, the layouts between shrank the plots and grew them back)
        if not later:
            self.make_sliders()

    def make_sliders(self):
        """The sliders ``new_data`` left for later, if any, shown with their box."""
        if self._to_make is None:
            return
        names, lo, hi, shown = self._to_make
        self._to_make = None
        for j, name in enumerate(names[:12]):  # a file's first 12 features get sliders
            # this student's value beside each slider, as precise as its range asks
            # ("hours studied 6.5", "commute minutes 45")
            fmt = _value_format(hi[j] - lo[j])
            s = ValueSlider(lo[j], hi[j], self.values[j], f"{name}: {lo[j]:g} to {hi[j]:g}",
                            fmt=fmt, steps=SLIDER_STEPS,
                            chars=max(6, len(fmt(lo[j])), len(fmt(hi[j]))))
            s.slider.valueChanged.connect(lambda _, j=j, s=s: self._slid(j, s.value()))
            self.sliders_form.addRow(_short(name, 18), s)
            self.sliders.append(s)
        self.sliders_box.setVisible(shown)

    def fit(self):
        """Room for every row name at the tick labels' size: at 1280x720 in presentation
        mode seven names were written over each other."""
        self.waterfall.setMinimumHeight(_rows_height(self.waterfall, self._rows))

    def _slid(self, j, value):
        self.values[j] = value
        self.moved.emit()

    def set_values(self, values):
        """Describe the student by every feature's value: the sliders move to them and
        say them (quietly: the caller draws)."""
        self.values = np.asarray(values, dtype=float).copy()
        for s, v in zip(self.sliders, self.values):
            s.set_value(v, quiet=True)

    def draw(self, steps):
        """The waterfall's ``steps`` (see ``DecisionsTab.contributions``) and z, P, odds."""
        ends = np.cumsum(steps)
        starts = ends - steps
        z = float(ends[-1])
        n = len(steps)
        self._steps = steps
        # the bias in grey, each feature's push by its sign, the sum z in the text's colour
        colours = [ink_brush("muted")] + _signed_brushes(steps[1:])
        self.fall_bars.setOpts(x0=np.r_[starts, 0.0], y=-np.arange(n + 1),
                               width=np.r_[steps, z], height=0.6,
                               brushes=colours + [ink_brush("ink")])
        reach = np.r_[starts, ends, 0.0]
        self.waterfall.keep_in_view(float(reach.min()), float(reach.max()), "x")
        p = float(sigmoid(z))
        o = float(odds(p)) if p < 1 else float("inf")
        self.label.setText(
            f"z = {z:+.2f} → <b>P({self.words.event}) = σ(z) = {p:.1%}</b> · odds "
            f"P / (1 − P) = {o:.3g} : 1 "
            f"(z is the log-odds)")


class Decisions(QWidget):
    """On held-out students: who gets which P per true class, the threshold, the ROC and
    precision–recall curves with the threshold's point, the confusion matrix and the
    threshold a cost makes cheapest beside the calibrated theory 1 / (1 + k)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.histogram = LivePlot()
        style_plot(self.histogram.getPlotItem(), "", "", "")
        _static(self.histogram)
        self.hist_curves = [self.histogram.plot([], [], stepMode="center", fillLevel=0,
                                                pen=pg.mkPen(CLASS_HEX[k], width=2),
                                                brush=pg.mkBrush(CLASS_HEX[k] + "40"))
                            for k in (0, 1)]
        self.threshold_lines = {}
        for key, colour, style in (("t", "ink", Qt.SolidLine),
                                   ("measured", "ink", Qt.DotLine),
                                   ("theory", THEORY_HEX, Qt.DashLine)):
            line = inked(pg.InfiniteLine(0.5, angle=90), colour, width=2.5, style=style)
            self.histogram.addItem(line)
            self.threshold_lines[key] = line
        self.histogram.setXRange(0, 1, padding=0.02)
        self.roc = LivePlot()
        style_plot(self.roc.getPlotItem(), "false-positive rate", "true-positive rate", "ROC")
        self.pr = LivePlot()
        style_plot(self.pr.getPlotItem(), "recall", "precision", "Precision–recall")
        self.curve_items = {}
        for plot in (self.roc, self.pr):
            _static(plot)
            plot.setXRange(0, 1, padding=0.02)
            plot.setYRange(0, 1, padding=0.02)
        faint(inked(self.roc.plot([0, 1], [0, 1]), "faint", style=Qt.DashLine))
        for key, plot in (("roc", self.roc), ("pr", self.pr)):
            curve = inked(plot.plot([], []), "ink", width=2.5)
            point = themed(plot.plot([], [], pen=None, symbol="o", symbolSize=12,
                                     symbolBrush=CLASS_HEX[0]),
                           lambda point: point.setSymbolPen(ink("ink")))
            point.setZValue(5)
            self.curve_items[key] = (curve, point)
        self.confusion = read_only_table(QTableWidget(2, 3))
        for bar in (self.confusion.setVerticalScrollBarPolicy,
                    self.confusion.setHorizontalScrollBarPolicy):
            bar(Qt.ScrollBarAlwaysOff)
        self.text = QLabel()
        self.text.setTextFormat(Qt.RichText)
        self.text.setWordWrap(True)
        zoomed_font(self.text, 10, bold=False)
        keep_lines(self.text, 9)
        self.curves_box = QWidget()  # (a widget: a lesson's spotlight hides it whole,
        self.curves = QHBoxLayout(self.curves_box)  # and the histogram takes its room)
        self.curves.setContentsMargins(0, 0, 0, 0)
        self.curves.addWidget(self.roc)
        self.curves.addWidget(self.pr)
        # the histogram above the curves, one column beside the weights and the row's
        # score: beside fifty rows of weights all three keep to its top, in sight
        self.column = QVBoxLayout()
        self.column.addWidget(self.histogram, SHARES[0])
        self.column.addWidget(self.curves_box, SHARES[1])
        self.column.addStretch(0)
        self.shaped = False
        for plot in (self.histogram, self.roc, self.pr):
            plot.installEventFilter(self)
        self._curves_due = None  # decisions whose curves wait for a turn of their own
        self._curves_turn = QTimer(self, singleShot=True, interval=1)  # (a timer: a
        self._curves_turn.timeout.connect(self.draw_curves)  # queued call shares a sweep)
        self.name(STUDENTS)

    def keep_shape(self, on):
        """``on``: the plots no taller than a plot's shape (``SHAPES``).  Beside fifty
        rows of weights the tab is two screens tall: the ROC curve was drawn 300 pixels
        wide and 1,000 tall, and the taller the plot, the longer each paint."""
        self.shaped = on
        for index, share in enumerate((0, 0, 1) if on else (*SHARES, 0)):
            self.column.setStretch(index, share)  # (shaped: the room left goes below)
        for plot in (self.histogram, self.roc, self.pr):
            self._shape(plot)
            layout = self.column if plot is self.histogram else self.curves
            layout.setAlignment(plot, Qt.AlignTop if on else Qt.Alignment())

    def _shape(self, plot):
        ratio = SHAPES[plot is self.histogram]
        plot.setMaximumHeight(max(plot.minimumHeight(), round(ratio * plot.width()))
                              if self.shaped else QWIDGETSIZE_MAX)

    def eventFilter(self, obj, event):
        if self.shaped and event.type() == QEvent.Type.Resize:
            self._shape(obj)  # (its height follows its width)
        return False

    def name(self, words):
        """The classes' names in the key, on the axes and in the confusion matrix."""
        self.words = words
        item = self.histogram.getPlotItem()
        item.setLabel("bottom", f"predicted P({words.event})")
        item.setLabel("left", words.rows)
        # the key is the title: a legend would take rows a short screen does not have
        no, yes = (escape(w) for w in words.shown)
        retitle(self.histogram,
                f"Held out: <span style='color:{CLASS_HEX[0]}'>{no}</span> and "
                f"<span style='color:{CLASS_HEX[1]}'>{yes}</span> by P · ━ threshold "
                f"┅ cheapest <span style='color:{THEORY_HEX}'>╍ 1/(1+k)</span>")
        self.confusion.setHorizontalHeaderLabels(["", f"predicted\n{words.no}",
                                                  f"predicted\n{words.yes}"])

    def not_yet(self, t, k):
        """Nothing learned (again): no decisions to show -- and none of the last model's
        left in the pictures (back at a lesson's start, its histogram stayed); the
        threshold ``t`` and the theory's 1 / (1 + ``k``) where the settings put them."""
        self.threshold_lines["t"].setValue(t)
        self.threshold_lines["theory"].setValue(theory_threshold(k))
        self._fill_confusion([[self.words.did[0], "—", "—"], [self.words.did[1], "—", "—"]])
        self.text.setText(f"The model has not learned yet: every {self.words.row} gets "
                          "P = 0.5. Press Train.")
        for item in (*self.hist_curves, *(i for pair in self.curve_items.values() for i in pair)):
            item.setData([], [])
        self.threshold_lines["measured"].setVisible(False)
        retitle(self.roc, "ROC")
        self._curves_due = None

    def draw(self, d, name, curves_later=False):
        """Show what ``decide`` worked out (``d``) for the model called ``name``;
        ``curves_later``: its ROC and precision–recall curves in a turn of the event loop
        of their own (a big table's decisions, landing while it trains: the three plots
        drawn and painted in one sweep held the window 25 ms)."""
        for counts, curve in zip(d.histograms, self.hist_curves):
            curve.setData(HIST_EDGES, counts)
        self.histogram.keep_in_view(0.0, float(max(max(c) for c in d.histograms)),
                                    anchored=True)
        r = d.report
        self.threshold_lines["t"].setValue(d.t)
        self.threshold_lines["measured"].setValue(min(d.best_t, 1.0))
        self.threshold_lines["measured"].setVisible(True)
        self.threshold_lines["theory"].setValue(d.theory)
        self._curves_due = d
        if curves_later:
            self._curves_turn.start()
        else:
            self.draw_curves()
        did = self.words.did
        self._fill_confusion([[did[0], f"{r['tn']} right", f"{r['fp']} false alarm{'' if r['fp'] == 1 else 's'}"],
                              [did[1], f"{r['fn']} missed", f"{r['tp']} right"]])
        gap = (d.theory_cost - d.best_cost) / max(d.best_cost, 1e-12)
        verdict = (f"the theory costs {gap:.1%} more: close, because these probabilities are "
                   f"calibrated" if gap <= AGREE else
                   f"the theory costs {gap:.1%} more: these probabilities are not calibrated, "
                   f"so 1 / (1 + k) misses")
        self.text.setText(
            f"<b>At {d.t:.2f}</b> ({MODEL_NAMES[name]}): precision {pct(r['precision'])}, "
            f"recall {pct(r['recall'])}, F1 {pct(r['f1'])}, accuracy {pct(r['accuracy'])}; "
            f"cost {d.cost:.3f} a {self.words.row}.<br>"
            f"<b>Cheapest</b> measured threshold {min(d.best_t, 1.0):.2f} "
            f"(cost {d.best_cost:.3f}); theory 1 / (1 + k) = {d.theory:.2f} "
            f"(cost {d.theory_cost:.3f}): {verdict}.")

    def draw_curves(self):
        """The ROC and precision–recall curves of the decisions drawn last, if they wait."""
        d, self._curves_due = self._curves_due, None
        if d is None or d.roc is None:
            return
        r = d.report
        self.curve_items["roc"][0].setData(*d.roc)
        self.curve_items["roc"][1].setData([r["fpr"]], [r["recall"]])
        self.curve_items["pr"][0].setData(*d.pr)
        shown = [] if np.isnan(r["precision"]) else [r["precision"]]
        self.curve_items["pr"][1].setData([r["recall"]] if shown else [], shown)
        retitle(self.roc, f"ROC: AUC = {d.auc:.3f}")

    def _fill_confusion(self, rows):
        table = self.confusion
        for i, row in enumerate(rows):
            for j, text in enumerate(row):
                set_cell(table, i, j, text)
        fit_columns(table)
        # exactly its two rows, at any text size
        table.setFixedHeight(table.horizontalHeader().sizeHint().height() + table.rowHeight(0)
                             + table.rowHeight(1) + 2 * table.frameWidth())


#: what a lesson may measure of the held-out decisions (at the tab's threshold and cost)
DECISION_MEASURES = {
    "recall": "held-out share of true passes predicted to pass, at the threshold",
    "precision": "held-out share of predicted passes that did pass, at the threshold",
    "cost": "held-out cost a student at the threshold (a miss costs k false alarms)",
    "cheapest_threshold": "the held-out threshold with the lowest cost at k",
    "theory_gap": "how much more than the cheapest the threshold 1 / (1 + k) costs (0.1: 10 %)",
    "auc": "the area under the held-out ROC curve",
}


def _show_sizes(tab, data):
    """The exam's sizes, set for the exam only -- or, beside a table, how the table itself
    is split (greyed, the exam's sizes said 1000 and 10000 beside 569 rows)."""
    on_table = data == FILE and tab.table_data is not None
    for size in (tab.form["n_train"], tab.form["n_held"]):
        size.setEnabled(data == BUILT_IN)
        tab.data_rows.setRowVisible(size, not on_table)
    tab.data_rows.setRowVisible(tab.table_split, on_table)
    tab.table_split.setText(f"{len(tab.train.y):,} rows to train on, "
                            f"{len(tab.held.y):,} held out ({FILE_HELD_SHARE:.0%})")


def _build_side_panel(tab):
    """The tab's side panel: its data, the student's sliders, the decision."""
    v, f = tab.panel.body, tab.form
    data = QGroupBox("Data")
    form = QFormLayout(data)
    tab.load_button = QPushButton("Load CSV…")
    tab.load_button.setToolTip("A header of feature names with one 'label' column (0/1); "
                               "at most 100,000 rows and 50 features")
    tab.load_button.clicked.connect(lambda: tab.load_csv())
    form.addRow("data", f["data"])
    form.addRow("", tab.load_button)
    form.addRow("training", f["n_train"])
    form.addRow("held out", f["n_held"])
    tab.data_rows = form  # (a table's own split stands in the two sizes' place)
    tab.table_split = QLabel()
    tab.table_split.setWordWrap(True)
    form.addRow("split", tab.table_split)
    form.addRow("seed", f["seed"])
    form.addRow(f["standardised"])
    v.addWidget(data)
    v.addWidget(tab.student.sliders_box)
    tab.decide = decide = QGroupBox()
    dform = QFormLayout(decide)
    dform.addRow("model", f["decider"])
    dform.addRow("threshold", f["threshold"])
    tab.cost_label = QLabel()
    dform.addRow(tab.cost_label, f["cost"])
    dform.addRow(tab.decisions.confusion)
    v.addWidget(decide)
    v.addWidget(tab.decisions.text)


class DecisionsTab(TrainingTab):
    key = "decisions"
    title = "Weights & Decisions"
    subjects = {
        "evidence": ("each weight with its interval", "evidence"),
        "student": ("one student's evidence, weight by weight", "student"),
        "histogram": ("the predicted probabilities by class", "decisions.histogram"),
        "roc": ("the ROC curve", "decisions.roc"),
        "pr": ("the precision–recall curve", "decisions.pr"),
        "confusion": ("the confusion matrix at the threshold", "decisions.confusion"),
        "numbers": ("the numbers at the threshold",
                    "decisions.text"),
    }
    default_lr = 0.5
    panel_width = 300
    inputs = 5
    model_titles = {"logistic": "Logistic regression", "bayes": "Naive Bayes"}
    settings = (
        Setting("data", BUILT_IN, choices=(BUILT_IN, FILE),
                tip="Students with known true effects, or a CSV file of your own (a header "
                    "of feature names and a 0/1 'label' column)"),
        Setting("n_train", 1000, 20, 100_000, tip="Training students (exam results)"),
        Setting("n_held", 10_000, 20, 100_000,
                tip="Held-out students the decisions are measured on (many: the cheapest "
                    "threshold measured on few students is mostly luck)"),
        Setting("seed", 4, 0, 99999, tip="Seed: the same seed, the same students (the "
                                         "held-out ones use seed + 10,000)"),
        Setting("standardised", False, label="weights per standard deviation", affects="view",
                tip="Raw weights are per unit (an hour, a minute) and cannot be compared "
                    "across units; per standard deviation they can"),
        Setting("decider", "logistic", choices=tuple(MODEL_NAMES), affects="none",
                tip="Whose probabilities the decisions use: naive Bayes (from the "
                    "Calibration tab) is not calibrated"),
        Setting("threshold", 0.5, 0.0, 1.0, step=0.01, decimals=2, affects="none",
                tip="Predict 'pass' when P(pass) is at least this"),
        Setting("cost", 4.0, 0.1, 100.0, step=0.5, decimals=1, affects="none",
                tip="A missed positive costs this many false alarms"),
    )
    # (naive Bayes has no weights, so no intervals)
    measures = (Measure("interval_has_zero", {"feature": ("feature", True),
                                              "model": ("model", False)},
                        test="is", models=("logistic",),
                        doc="whether a weight's 95 % interval contains zero"),
                Measure("zero_intervals", {"model": ("model", False)}, models=("logistic",),
                        doc="how many weights' 95 % intervals contain zero"),
                *(Measure(name, {"model": ("model", False)}, doc=doc, comparable=True)
                  for name, doc in DECISION_MEASURES.items()))

    def build(self):
        self.table_data = None  # (X, y, names) of a loaded file
        self.table_named = None  # the Labelled data it came from, when its classes have names
        self._split = None  # the last Split: the data sets the settings describe
        self.words = self.table_words = STUDENTS  # how the tab speaks of the classes
        self.file_job = JobSlot(self)  # a table being read
        self.names, self.units, self.short, self.true_w = [], [], [], None
        self.weights = None  # (w raw, b raw) drawn now
        self.work = Workings(self)  # intervals and decisions, at once or in the background
        self._held_p = {}  # model name -> (parameters_key, held-out probabilities)
        self._held_models = {}  # the models of the snapshot drawn last
        self._decisions_due = False  # decision pictures owed to the next frame
        self._epoch = 0
        self.evidence, self.student, self.decisions = Evidence(), Student(), Decisions()
        self.in_turns = InTurns(self, [self.evidence.plot, self.student.waterfall,
                                       self.decisions.histogram, self.decisions.roc,
                                       self.decisions.pr])
        self.student.moved.connect(self._show_student)
        # evidence on the left (the weights; one student), decisions on the right
        body = QWidget()
        grid = QGridLayout(body)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.evidence, 0, 0)
        grid.addWidget(self.student, 1, 0)
        grid.addLayout(self.decisions.column, 0, 1, 2, 1)
        for i, stretch in enumerate(SHARES):
            grid.setColumnStretch(i, 1)
            grid.setRowStretch(i, stretch)
        _build_side_panel(self)
        self.form.connect("decider threshold cost", self._show_decisions)
        return body

    # ----------------------------------------------------------------- data
    def load_csv(self, path=None):
        """Read a table of named features; a bad file changes nothing and says why."""
        path = choose_path(self, path, "Open a table of features", "", "CSV files (*.csv)",
                           save=False)
        if path is None:
            return None
        values = {**self.form.values(), "data": FILE}  # (what the table will be split by)
        return self.file_job.start(lambda progress, cancelled: read_and_split(path, values),
                                   lambda s: self._loaded(path, s.table, split=s),
                                   lambda why: self.message.emit(f"Not loaded: {why}"))

    table_spec = TableSpec(1, 50, 2)

    def take_table(self, data, path=None):
        """A table's named features and two classes (the second one is "positive")."""
        self._loaded(path or data.source, (data.X, data.y.astype(float), data.features),
                     data)

    def _loaded(self, path, table, named=None, split=None):
        """Show ``table`` (X, y, names) read from ``path`` (``named``: the ``Labelled``
        data it came from); ``split``: its ``Split``, when the job that read it worked
        that out already."""
        X, y, names = table
        if split is None and len(np.unique(y)) < 2:  # (the job that split it looked)
            self.message.emit(f"Not loaded: every row of {show_path(path)} {ONE_LABEL}.")
            return
        features = "feature" if len(names) == 1 else "features"
        self.use_table(X, y, names, named, split)
        self.message.emit(f"Loaded {len(y):,} rows with {len(names)} {features} from "
                          f"{show_path(path)}.")

    def use_table(self, X, y, names, named=None, split=None):
        """Learn from a table of named features given as arrays (a file read, or
        ``lrviz.show``); labels 0/1, named as ``named`` names them (the ``Labelled``
        data they came from) else 0 and 1.  ``split``: the table's ``Split``, when a
        background job worked it out already."""
        self.table_data, self._split = (X, y, names), None
        if split is not None:  # (its table: the very arrays, so rebuild finds it)
            self.table_data, self._split = split.table, split
        self._name_table(named)
        if self.form.value("data") != FILE:
            self.form["data"].setCurrentText(FILE)  # (rebuilds)
        else:
            self.rebuild()

    # ------------------------------------------------------------- sessions
    def _name_table(self, named):
        """How the tab speaks of the loaded table's classes: by the names ``named`` (its
        ``Labelled`` data) gives them, else 0 and 1."""
        self.table_named = named if named is not None and named.classes else None
        self.table_words = ROW_WORDS if self.table_named is None else table_words(named)

    def extra_state(self):
        """The loaded table, its classes' names with it (whichever data is chosen: it is
        the tab's to go back to)."""
        if self.table_data is None:
            return {"table": None}
        if self.table_named is not None:
            make = partial(labelled_to_dict, self.table_named)
        else:
            make = partial(table_to_dict, *self.table_data)
        return {"table": later(make, self.table_data[0].size)}

    def check_extra(self, d, where):
        """The table a session part holds (None: none); a part without the key (a
        lesson step captured before tables were kept) keeps the tab's own.  A table
        saved without its classes' names (before they were kept) is named 0 and 1."""
        if "table" not in d:
            return {"table": self.table_data, "named": self.table_named}
        if d["table"] is None:
            return {"table": None, "named": None}
        named = labelled_from_dict(d["table"], where, MAX_TABLE_FEATURES)
        if len(np.unique(named.y)) < 2:
            raise SessionError(f"{where}: every row of its table {ONE_LABEL}")
        return {"table": (named.X, named.y.astype(float), named.features), "named": named}

    def apply_extra(self, extra):
        if extra["table"] is not self.table_data:
            self._name_table(extra["named"])
        self.table_data = extra["table"]

    def _datasets(self, v, table=None):
        """The ``Split`` the setting values ``v`` and ``table`` (the tab's loaded one, or
        a session's) describe; the last one is kept (a rebuild asks twice, and the job
        that reads a table splits it too: a big table's split and measures took a fifth
        of a second)."""
        split = self._split
        if split is None or split.key != split_key(v) or split.table is not table:
            split = self._split = split_data(v, table)
        return split

    def make_data(self, values, extra=None):
        split = self._datasets(values, (extra or {"table": self.table_data})["table"])
        return split.train.X, split.train.y, split.held.X, split.held.y

    def build_models(self, values, data):
        d = data[0].shape[1]
        return {"logistic": LogisticRegression(d, standardize=True),
                "bayes": GaussianNaiveBayes(d)}

    def rebuild(self):
        v = self.form.values()
        if v["data"] == FILE and self.table_data is None:
            self.message.emit("Load a CSV file first (Load CSV…); showing the exam results.")
        split = self._datasets(v, self.table_data)
        self.train, self.held = split.train, split.held
        info = self.train.info
        self.names, self.units = list(info["features"]), list(info["units"])
        self.short = list(info.get("short") or [_short(n) for n in self.names])
        self.true_w = info.get("true_w")
        _show_sizes(self, v["data"])
        in_turns = len(self.names) > PAINT_AT_ONCE_FEATURES and self.isVisible()
        self.student.new_data(split, self.names, self.short, later=in_turns)
        self.evidence.new_data(self.short)
        self.decisions.keep_shape(self.evidence.sideways)
        for text in (self.evidence.odds_scroll, self.student.scroll):
            text.set_whole(self.evidence.sideways)  # (the tab scrolls then: room to read)
        self._name(self.table_words if v["data"] == FILE and self.table_data is not None
                   else STUDENTS)
        # the new sliders and waterfall rows laid out before anything is painted, to
        # the window's scroll bars: left to the event loop, the layouts settled a level
        # per turn, and the plots were painted three times over (a 50-feature table:
        # 40-60 ms each time).  Many features: laid out in a turn of its own.
        if in_turns:
            self.in_turns.start()
        else:
            settle(LAYOUT_LEVELS)
        self._held_p, self._held_models = {}, {}  # (and no decisions owed for the data before)
        self._decisions_due = False
        self.weights = None
        self.work.forget()
        # once per data set: each feature's centre and spread, and whether the data
        # themselves rule out intervals (a feature that never changes, one label)
        self._spread = split.spread
        self.spread = np.where(self._spread[1] > MIN_SPREAD, self._spread[1], 1.0)
        self._unweighable = split.unweighable
        return super().rebuild()

    def _name(self, words):
        self.words = words
        self.student.name(words)
        self.decisions.name(words)
        self.decide.setTitle(f"Decisions on held-out {words.rows}")
        self.cost_label.setText(f"missed {words.yes} costs")

    def set_student(self, values):
        """Describe the student by the values of every feature (tests, lessons)."""
        self.student.set_values(values)
        self._show_student()

    # -------------------------------------------------------------- drawing
    def draw(self, snap):
        model = snap.models.get("logistic")
        if model is None or len(model.w) != len(self.names):
            return
        self.draw_owed()  # (the second half of the last text tick)
        if not self.pace.text_now:  # (every picture here follows the text: 10 times a second)
            return
        self.weights = model.raw_coefficients()
        self._epoch = snap.epoch
        # the held-out probabilities of the model deciding, worked out when first needed
        # (naive Bayes, fitted in one pass, keeps its own until it is fitted again)
        self._held_models = snap.models
        self._held_p.pop("logistic", None)
        self.work.weigh()
        self.evidence.draw(self, self.form.value("standardised"))
        if snap.running or self.in_turns.waiting:  # weights now, the student and
            # decisions in the next frame (or turn): two light frames rather than one
            # that held the window
            self._decisions_due = True
        else:  # (50 features' bars and waterfall together: 14 ms of the window's thread)
            self._show_student()
            self._show_decisions()

    def draw_owed(self):
        """The student and the decisions, if the last frame left them to this one."""
        if self._decisions_due:
            self._decisions_due = False
            self._show_student()
            self._show_decisions()

    def _held_proba(self, name):
        """The held-out probabilities of the model ``name`` if they are known already."""
        model = self._held_models.get(name)
        cached = self._held_p.get(name)
        if model is None or cached is None or cached[0] != parameters_key(model):
            return None
        return cached[1]

    def contributions(self):
        """The waterfall's steps: the score of a typical student (b + w·x̄, the training
        means), then wⱼ·(xⱼ − x̄ⱼ) for each feature: how far this student's value of it
        moves the score.  They add up to the student's z = b + w·x."""
        w, b = self.weights
        mean = self._spread[0]
        return np.r_[b + float(w @ mean), w * (self.student.values - mean)]

    def _show_student(self):
        if self.weights is not None and self.student.values is not None:
            self.student.draw(self.contributions())

    def _show_decisions(self):
        self.work.decide()

    def primary(self, snap):
        return "logistic"

    def before_screenshot(self):
        self.in_turns.finish()
        self.decisions.draw_curves()  # (if they wait for their turn)

    def shutdown(self):
        self.in_turns.finish()
        self.file_job.shutdown()
        self.work.shutdown()
        super().shutdown()


class InTurns:
    """The tab laid out and painted in turns of the event loop, after the timers and
    input waiting by then (``start``): its layouts settled, then the first picture of
    the new models drawn, then all but its plots painted, then the plots one a turn.
    (At once, a new table's tab held the window for 40-60 ms; painted before the first
    picture came, each plot was painted again at once for it.)"""

    WAIT_S = 1.0  # the longest wait for the first picture before painting without it

    def __init__(self, tab, plots):
        self.tab, self.plots, self.waiting = tab, plots, []
        self.timer = QTimer(tab, singleShot=True, interval=1)  # (a timer: a queued
        self.timer.timeout.connect(self._next)  # call would run in the same sweep)
        self._until = 0.0

    def start(self):
        for plot in self.plots:  # (switched off by name: the tab's switch leaves them off)
            plot.setUpdatesEnabled(False)
        self.tab.setUpdatesEnabled(False)
        # a level of layouts a turn (at once, a table's fifty rows took 25-35 ms)
        self.waiting = [self._sliders] + [settle] * LAYOUT_LEVELS + [
            self._drawn, self._rest_drawn, self.tab, *self.plots]
        self._until = time.perf_counter() + self.WAIT_S
        self.timer.start()

    def _sliders(self):
        """The student's sliders, which the tab left to a turn of their own."""
        self.tab.student.make_sliders()
        return True

    def _drawn(self):
        """Whether the weights of the new models are drawn (by the tab, as a snapshot
        came), or it is time to go on without them."""
        return self.tab.weights is not None or time.perf_counter() > self._until

    def _rest_drawn(self):
        """The student and the decisions, which the weights' turn left to a turn of
        their own."""
        self.tab.draw_owed()
        return True

    def _next(self):
        if self.waiting:
            step = self.waiting[0]
            if step is settle:
                settle(1)
            elif step is self.tab:
                with gui_busy():
                    step.setUpdatesEnabled(True)
                    step.repaint()
            elif step in self.plots:
                step.paint_now(lambda: step.setUpdatesEnabled(True))
            elif not step():
                self.timer.start()  # (still waiting)
                return
            self.waiting.pop(0)
        if self.waiting:
            self.timer.start()

    def finish(self):
        """Every plot painted from now on, as usual."""
        if isValid(self.timer):  # (a closed window's may be gone)
            self.timer.stop()
        if self._sliders in self.waiting:
            self._sliders()
        for widget in self.waiting:
            if isinstance(widget, QWidget) and isValid(widget):
                widget.setUpdatesEnabled(True)
        self.waiting = []


def decision_measure(tab, claim, snap, what):
    """One of ``DECISION_MEASURES`` of the held-out decisions of the claimed model (the
    decider's by default), at the tab's threshold and cost, as the tab draws them."""
    name = claim.get("model") or tab.form.value("decider")
    model = snap.models.get(name)
    if model is None or tab.held is None or not getattr(model, "fitted", True) \
            or (name == "logistic" and not tab._epoch):
        return math.nan  # (not learnt yet: every P is 0.5, as the tab says)
    y, p = tab.held.y, model.predict_proba(tab.held.X)
    t, k = tab.form.value("threshold"), tab.form.value("cost")
    if what in ("recall", "precision"):
        return float(threshold_report(y, p, t)[what])
    if what == "cost":
        return float(cost_at(y, p, t, k))
    best_t, best_cost = cheapest_threshold(y, p, k)
    if what == "cheapest_threshold":
        return float(min(best_t, 1.0))
    if what == "theory_gap":
        return float((cost_at(y, p, theory_threshold(k), k) - best_cost) / max(best_cost, 1e-12))
    fpr, tpr, _ = roc_curve(y, p)
    return float(area_under(fpr, tpr))


def _measure_of(what):
    def measure(self, claim, snap):
        return decision_measure(self, claim, snap, what)
    return measure


for _what in DECISION_MEASURES:  # measure_recall, measure_cost ... (``Teaching.measure``)
    setattr(DecisionsTab, f"measure_{_what}", _measure_of(_what))


def zero_in_intervals(tab, claim, snap):
    """For each weight of the claimed model: does its 95 % interval include 0?"""
    _, model = tab.claimed_model(claim, snap)
    w, b = model.raw_coefficients()  # in the features' own units, as drawn
    se, _ = standard_errors(tab.train.X, tab.train.y, w, b, tab.names, tab._spread)
    lo, hi = intervals(w, se)
    return (lo <= 0) & (0 <= hi)


def _measure_interval_has_zero(self, claim, snap):
    has_zero = zero_in_intervals(self, claim, snap)
    j = claim["feature"]
    if j >= len(has_zero):
        raise LessonError(f"there is no feature {j} here (0 to {len(has_zero) - 1})")
    return bool(has_zero[j])


def _measure_zero_intervals(self, claim, snap):
    return int(np.sum(zero_in_intervals(self, claim, snap)))


DecisionsTab.measure_interval_has_zero = _measure_interval_has_zero  # (``Teaching.measure``)
DecisionsTab.measure_zero_intervals = _measure_zero_intervals


@dataclass(frozen=True)
class Split:
    """The tab's data as its settings divide them into training and held-out rows, and
    what the tab measures of the training rows once per data set (``split_data``)."""

    key: tuple  # split_key of the settings
    table: tuple | None  # the tab's loaded table (X, y, names) when it was made
    train: Dataset
    held: Dataset
    spread: tuple  # column_spread of the training features
    unweighable: str  # why no weight here can have an interval ("": nothing in the data)
    low: np.ndarray  # each training feature's smallest value
    high: np.ndarray  # and largest
    typical: np.ndarray  # each training feature's median: a typical student


def split_key(v):
    """What of the settings ``v`` a ``Split`` depends on."""
    return v["data"], v["seed"], v["n_train"], v["n_held"]


def split_data(v, table):
    """Plain Python (a big table's in the background job that reads it): the ``Split``
    the setting values ``v`` describe -- of ``table`` when a file is chosen and loaded,
    else of the exam's students."""
    if v["data"] == FILE and table is not None:
        X, y, names = table
        rng = np.random.default_rng(v["seed"])
        held = np.zeros(len(y), bool)
        held[rng.permutation(len(y))[:max(1, int(round(FILE_HELD_SHARE * len(y))))]] = True
        # names stand under a few bars, eight letters each; past SIDEWAYS they lie on
        # the left, where "mean concave points" and "mean compactness" need more than
        # "mean co…" to be told apart
        limit = 8 if len(names) <= SIDEWAYS else 20
        info = {"features": names, "units": [f"unit of {n}" for n in names],
                "short": [_short(n, limit) for n in names]}
        train = Dataset(_fixed(X[~held]), y[~held], "file", info)
        held_out = Dataset(_fixed(X[held]), y[held], "file")
    else:
        train, held_out = exam_results(v["seed"], v["n_train"]), exam_results(
            v["seed"] + 10_000, v["n_held"])
    X = train.X
    spread = column_spread(X)
    # (a typical student: every feature's median -- of at most about 10,000 rows, a
    # table's 70,000 took a tenth of a second to sort)
    typical = np.median(X[::max(1, len(X) // 10_000)], axis=0)
    return Split(split_key(v), table, train, held_out, spread,
                 unweighable(X, train.y, train.info["features"], spread),
                 X.min(axis=0), X.max(axis=0), typical)


def _fixed(X):
    """``X`` (an array of its own) made read-only: the trainer then takes it as it is
    instead of copying it in the window's thread (``lrviz.training.loop.check_data``)."""
    X.setflags(write=False)
    return X


def read_and_split(path, values):
    """Plain Python (the job that loads a file): the table in ``path`` and its ``Split``
    by the setting values ``values``; ValueError for a table of one label."""
    table = read_table_csv(path)
    if len(np.unique(table[1])) < 2:
        raise ValueError(f"every row of {show_path(path)} {ONE_LABEL}.")
    return split_data(values, table)


class Workings:
    """The tab's two pieces of heavy arithmetic -- weighing its weights (settled? their
    standard errors) and deciding on the held-out students -- worked out at once on small
    data and in background jobs on big data: at most one job of each kind at a time,
    then one for the newest weights and settings."""

    def __init__(self, tab):
        self.tab = tab
        self.weigh_job, self.decide_job = JobSlot(tab), JobSlot(tab)
        self.started = {}  # kind of job -> when the last one started (time.monotonic)
        self.forget()

    def forget(self):
        """New data: nothing weighed or decided, and no job for the old data goes on."""
        self.last = None  # the last Weighing
        self.decided = None  # what the decision pictures show: (model, parameters, t, k)
        self.weigh_job.cancel()
        self.decide_job.cancel()

    def _may_start(self, kind):
        """May a background job of ``kind`` start now (``JOB_GAP_S``)?"""
        now = time.monotonic()
        if self.tab.controller.running and now - self.started.get(kind, -1e9) < JOB_GAP_S:
            return False
        self.started[kind] = now
        return True

    # ---------------------------------------------------------------- weighing
    def weigh(self):
        """Weigh the newest weights (``weigh``) unless that is done or under way."""
        tab, last = self.tab, self.last
        model = tab._held_models.get("logistic")
        if model is None or tab._unweighable or self.weigh_job.running:
            return
        if last is not None and (last.key == parameters_key(model) or
                                 tab.controller.running and last.settled and
                                 _near(last, model)):
            return
        task = partial(weigh, model, last.data if last is not None else None,
                       tab.train.X, tab.train.y, tab.names, tab._spread)
        if len(tab.train.y) * (len(tab.names) + 1) ** 2 <= WEIGH_AT_ONCE:
            self.last = task()
        elif self._may_start("weigh"):
            self.weigh_job.start(lambda progress, cancelled: task(), self._weighed,
                                 lambda why: tab.message.emit(f"No intervals: {why}"),
                                 after_turn=True)

    def _weighed(self, weighing):
        self.last = weighing
        # (while training, the next frame draws them: drawn now, they and their paint
        # often landed in the turn of a frame, 10-25 ms more in it with 50 features)
        if self.tab.weights is not None and not self.tab.controller.running:
            self.tab.evidence.draw(self.tab, self.tab.form.value("standardised"))
        self.weigh()  # (newer weights may have come meanwhile)

    def weighing(self):
        """(standard errors of the raw weights drawn now, or None; why there are none)."""
        if self.tab._unweighable:
            return None, self.tab._unweighable
        model, last = self.tab._held_models.get("logistic"), self.last
        if model is None or last is None or not (last.key == parameters_key(model) or
                                                 last.settled and _near(last, model)):
            return None, SETTLE_FIRST  # (not weighed yet, or far from where it was)
        return last.se, last.why

    # ---------------------------------------------------------------- deciding
    def decide(self):
        """Work out and draw the decisions of the chosen model at the chosen threshold
        and cost (``decide``)."""
        tab = self.tab
        name = tab.form.value("decider")
        model = tab._held_models.get(name)
        if model is None or not getattr(model, "fitted", True) or (
                name == "logistic" and not tab._epoch):
            self.decided = None
            self.decide_job.cancel()
            tab.decisions.not_yet(tab.form.value("threshold"), tab.form.value("cost"))
            return
        t, k = tab.form.value("threshold"), tab.form.value("cost")
        key = (name, parameters_key(model), t, k)
        if key == self.decided or self.decide_job.running:
            return
        task = partial(decide, model, tab._held_proba(name), tab.held.X, tab.held.y, t, k)
        if len(tab.held.y) <= DECIDE_AT_ONCE:
            self._decided(key, task())
        elif self._may_start("decide"):
            self.decide_job.start(lambda progress, cancelled: task(),
                                  lambda d: self._decided(key, d, later=True),
                                  lambda why: tab.message.emit(f"No decisions: {why}"),
                                  after_turn=True)

    def _decided(self, key, d, later=False):
        self.decided = key
        self.tab._held_p[key[0]] = (key[1], d.p)
        self.tab.decisions.draw(d, key[0], curves_later=later)
        if not self.decide_job.running:
            self.decide()  # (newer weights or settings may have come meanwhile)

    def shutdown(self):
        self.weigh_job.shutdown()
        self.decide_job.shutdown()


@dataclass(frozen=True)
class Weighing:
    """What ``weigh`` found at one model's weights."""

    key: tuple  # the model's parameters_key
    w: np.ndarray  # its own weights (per standard deviation): how far later ones moved
    settled: bool
    se: np.ndarray | None  # standard errors of the raw weights, when there are any
    why: str  # why there are none ("" when there are)
    data: Prepared  # the training data prepared for the model, for the next weighing


def weigh(model, data, X, y, names, spread):
    """Plain Python (a background job on a big table): has training settled at the
    logistic regression ``model``'s weights, and if so, their standard errors.
    ``data``: (X, y) prepared for the model, when known already; ``spread``:
    ``column_spread(X)``."""
    if data is None:
        data = model.prepare(X, y)
    gw, gb = model.gradient_prepared(data)
    settled = max(float(np.abs(gw).max(initial=0.0)), abs(gb)) < SETTLED  # (NaN: no)
    se, why = None, SETTLE_FIRST
    if settled:
        w, b = model.raw_coefficients()
        try:
            se, _ = standard_errors(X, y, w, b, names, spread)
            why = ""
        except NoIntervals as exc:
            why = str(exc)
    return Weighing(parameters_key(model), model.w.copy(), settled, se, why, data)


HIST_EDGES = np.linspace(0.0, 1.0, 21)


@dataclass(frozen=True)
class Decided:
    """Everything the decision pictures show at a threshold and a cost (``decide``)."""

    p: np.ndarray  # the held-out probabilities it was worked out from
    t: float
    histograms: tuple  # students per bin of HIST_EDGES, failed then passed
    report: dict  # threshold_report at t
    cost: float  # mean cost a student at t
    best_t: float
    best_cost: float
    theory: float  # 1 / (1 + k)
    theory_cost: float
    roc: tuple | None  # (fpr, tpr), thinned; None with one class only
    pr: tuple | None  # (recall, precision), thinned
    auc: float


def decide(model, p, X, y, t, k):
    """Plain Python (a background job on many held-out rows): what the decision pictures
    show when ``model`` decides on (X, y) at threshold ``t`` with a missed positive
    costing ``k``.  ``p``: the model's probabilities on X when known already."""
    if p is None:
        p = model.predict_proba(X)
    r = threshold_report(y, p, t)
    best_t, best_cost = cheapest_threshold(y, p, k)
    theory = theory_threshold(k)
    roc = pr = None
    auc = float("nan")
    if len(np.unique(y)) == 2:
        fpr, tpr, _ = roc_curve(y, p)
        recall, precision, _ = precision_recall_curve(y, p)
        roc, pr, auc = _thin(fpr, tpr), _thin(recall, precision), area_under(fpr, tpr)
    return Decided(p, t, tuple(np.histogram(p[y == c], bins=HIST_EDGES)[0] for c in (0, 1)),
                   r, (k * r["fn"] + r["fp"]) / len(y), best_t, best_cost, theory,
                   cost_at(y, p, theory, k), roc, pr, auc)


def _near(weighing, model):
    """Are ``model``'s weights within NEAR of those ``weighing`` weighed?"""
    return bool(np.abs(model.w - weighing.w).max(initial=0.0) <= NEAR)


def _thin(x, y, most=600):
    """At most ``most`` vertices of a curve (first and last kept): 10,000 held-out
    students give 10,000 ROC corners, more than a plot's pixels, and each costs
    drawing time the training thread could have."""
    if len(x) <= most:
        return x, y
    keep = np.unique(np.r_[np.linspace(0, len(x) - 1, most).astype(int), len(x) - 1])
    return x[keep], y[keep]


def _value_format(span):
    """How a value of a feature that spans ``span`` is written: to about a hundredth of
    the span (0 to 10 hours: "6.5"; 5 to 90 minutes: "45"; 0 to 0.01: "0.0042")."""
    if np.isfinite(span) and span > 0 and not 1e-4 <= span <= 1e6:
        return "{:.3g}".format  # (0 to 1e-300: not "0.0000" for every value)
    digits = 2 - int(np.round(np.log10(span))) if np.isfinite(span) and span > 0 else 2
    return f"{{:.{min(4, max(0, digits))}f}}".format


def pct(x):
    return "—" if np.isnan(x) else f"{x:.1%}"


def _short(name, limit=14):
    """A feature's name short enough for an axis tick."""
    return name if len(name) <= limit else name[:limit - 1] + "…"


if __name__ == "__main__":  # python -m lrviz.ui.tabs.decisions
    from ..app import run_single_tab

    run_single_tab(DecisionsTab)
