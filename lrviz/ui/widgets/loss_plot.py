"""A loss curve that grows by batches of per-epoch losses, one line per series."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QGraphicsItem

from ..geometry import drawable, nice_ceiling
from ..live import LivePlot
from ..look import follow, ink
from ..theme import RoomyAxis, TextRoomAxis, add_legend, style_plot


#: The curve is drawn as a min/max envelope over this many bins of the x axis: a
#: bin is under a pixel wide, so it looks the same and strokes far faster.
ENVELOPE_BINS = 800
#: The newest epochs are drawn by a short "tail" curve.  The rest is a settled
#: picture Qt keeps as a pixmap, redrawn only when the tail grows past this many
#: bins (or the axis changes): stroking a long antialiased curve at every redraw
#: was the most expensive part of a live frame.
TAIL_BINS = 96
#: Most vertices a series keeps.  Past this, its history is folded into a min/max
#: envelope on bins of a power-of-two number of epochs (aligned to 0, a quarter as
#: many bins as this), so an hour-long run holds a few megabytes, not hundreds:
#: every extreme stays in the picture, at a resolution far finer than a pixel.
MAX_VERTICES = 100_000
#: Folded history: epochs beyond FOLD_RATE share bins of width x / FOLD_RATE (equal
#: in log epochs, so the early epochs keep their detail on a log axis too).
FOLD_RATE = 2000


def envelope(x, y, width, key=None):
    """Minimum and maximum of ``y`` in each bin [k·width, (k+1)·width) of ``key``
    (``x`` itself, or log10 x for a log-epoch axis).

    Every value stays in the picture.  Bins are aligned to 0, so the envelope of
    the first points is the start of the envelope of all of them; with linear
    bins of one epoch or less the points are returned as they are.
    """
    if len(x) == 0 or (key is None and width <= 1):
        return x, y
    ids = np.floor((x if key is None else key) / width)
    starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
    lo = np.minimum.reduceat(y, starts)
    hi = np.maximum.reduceat(y, starts)
    xs = np.repeat(x[starts], 2)
    ys = np.empty(2 * len(starts))
    ys[0::2], ys[1::2] = hi, lo
    return xs, ys


class _Series:
    """One curve: ``item`` (in the legend) draws the settled epochs, ``tail`` the newest."""

    def __init__(self, item, tail):
        self.item = item
        self.tail = tail
        self.x = np.empty(1024)
        self.y = np.empty(1024)
        self.n = 0
        self.dirty = False
        self.top = -np.inf  # the largest finite value so far (the y axis must reach it)
        self.settled = 0  # points [0, settled) are in item's picture
        self.width = None  # the bin width that picture was made with
        self.joint = None  # its last vertex, where the tail starts

    def extend(self, xs, ys):
        need = self.n + len(xs)
        if need > len(self.x):
            size = max(need, 2 * len(self.x))
            self.x = np.resize(self.x, size)
            self.y = np.resize(self.y, size)
        self.x[self.n:need] = xs
        self.y[self.n:need] = ys
        self.n = need
        self.dirty = True
        if self.n > MAX_VERTICES:
            self._fold()
        finite = np.asarray(ys, dtype=float)
        finite = finite[np.isfinite(finite)]
        if len(finite):
            self.top = max(self.top, float(finite.max()))

    def _fold(self):
        """Keep the history as an envelope (see MAX_VERTICES): epochs up to FOLD_RATE
        as they are, later ones on bins a fixed share of their epoch wide --
        finer than a pixel on a linear axis and on a log axis alike."""
        x, y = self.x[:self.n], self.y[:self.n]
        with np.errstate(divide="ignore", invalid="ignore"):
            later = 1e15 + np.floor(FOLD_RATE * np.log(np.maximum(x, FOLD_RATE) / FOLD_RATE))
        ids = np.where(x <= FOLD_RATE, x, later)
        starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
        ends = np.r_[starts[1:], len(x)] - 1
        hi, lo = np.maximum.reduceat(y, starts), np.minimum.reduceat(y, starts)
        n = 2 * len(starts)  # each bin: its highest at its first epoch, lowest at its last
        self.x[0:n:2], self.x[1:n:2] = x[starts], x[ends]
        self.y[0:n:2], self.y[1:n:2] = hi, lo
        self.n = n
        self.settled, self.width, self.joint = 0, None, None  # draw it all again, once

    def flush(self, width, log=False):
        """Draw the points with bins ``width`` wide on the x axis (epochs, or decades of
        epochs on a log axis)."""
        if not self.dirty:
            return
        self.dirty = False
        x, y = self.x[:self.n], self.y[:self.n]
        to_key = (lambda v: np.log10(np.maximum(v, 1.0))) if log else (lambda v: v)
        if (width, log) != self.width:  # the axis changed: settle everything again
            self.width, self.settled, self.joint = (width, log), 0, None
            self.item.setData([], [])  # (once: emptying it at every redraw would repaint it)
        key = to_key(x[self.settled:])  # (only the tail: the settled part is drawn already)
        if self.n - self.settled > 1:
            linear_points = not log and width <= 1
            bin_of = (lambda v: v) if linear_points else (lambda v: np.floor(v / width))
            last = bin_of(key[-1])
            if last - bin_of(key[0]) > TAIL_BINS:
                # settle every bin but the newest, which may still grow
                cut = self.settled + int(np.searchsorted(
                    key, last if linear_points else last * width))
                xs, ys = envelope(x[:cut], y[:cut], width, to_key(x[:cut]) if log else None)
                if log:
                    xs = np.log10(np.maximum(xs, 1.0))
                self.item.setData(xs, ys, connect="finite")
                key = key[cut - self.settled:]
                self.settled, self.joint = cut, (xs[-1], ys[-1])
        xs, ys = envelope(x[self.settled:], y[self.settled:], width, key if log else None)
        if log:
            xs = np.log10(np.maximum(xs, 1.0))  # drawn in decades; the axis labels say 10^k
        if self.joint is not None:
            xs, ys = np.r_[self.joint[0], xs], np.r_[self.joint[1], ys]
        self.tail.setData(xs, ys, connect="finite")

    def shown(self):
        """The vertices drawn, in epochs: the settled picture, then the tail."""
        if self.settled == 0:
            x, y = self.tail.getData()
        else:
            (x0, y0), (x1, y1) = self.item.getData(), self.tail.getData()
            x, y = np.r_[x0, x1[1:]], np.r_[y0, y1[1:]]
        if self.width is not None and self.width[1] and x is not None:
            x = np.round(10.0 ** x, 6)  # drawn in decades of epochs
        return x, y

    def truncate(self, epoch):
        """Forget the points after ``epoch`` (a run resumed from its past)."""
        n = int(np.searchsorted(self.x[:self.n], epoch, side="right"))
        if n == self.n:
            return
        self.n = n
        y = self.y[:n][np.isfinite(self.y[:n])]
        self.top = float(y.max()) if len(y) else -np.inf
        self.settled, self.width, self.joint = 0, None, None
        self.item.setData([], [])
        self.dirty = True

    def set_pen(self, pen):
        self.item.setPen(pen)
        self.tail.setPen(pen)

    def clear(self):
        self.n = 0
        self.dirty = False
        self.top = -np.inf
        self.settled, self.width, self.joint = 0, None, None
        self.item.setData([], [])
        self.tail.setData([], [])


class DecadeAxis(TextRoomAxis):
    """A log-epoch axis that writes whole decades only (1, 10, 100 …) and marks the
    steps between them without words: "2·10¹ 3·10¹ …" crowd a narrow plot."""

    def logTickValues(self, minVal, maxVal, size, stdTicks):
        lo, hi = int(np.floor(minVal)), int(np.ceil(maxVal))
        decades = [float(v) for v in range(lo, hi + 1) if minVal <= v <= maxVal]
        minor = [v + np.log10(k) for v in range(lo, hi) for k in range(2, 10)]
        return [(1.0, decades), (None, [m for m in minor if minVal < m < maxVal])]

    def generateDrawSpecs(self, p):
        self.style["maxTextLevel"] = 0  # words on the decades only
        return super().generateDrawSpecs(p)


def _legend_share(plot):
    """The share of the plot's height that its legend (and its margin) covers."""
    if not plot.legend.items or not plot.legend.isVisible():
        return 0.0
    view = plot.getPlotItem().vb.height()
    share = (plot.legend.boundingRect().height() + 20) / view if view > 0 else 0.35
    return min(share, 0.6)


def _top_right(plot, right):
    """The highest value shown in the right half of the x axis (under the legend)."""
    start = right ** 0.5 if plot.log_epochs else 0.5 * right
    top = -np.inf
    for s in plot.series.values():
        if s.n and s.item.isVisible():
            y = s.y[:s.n][s.x[:s.n] >= start]
            y = y[np.isfinite(y)]
            if len(y):
                top = max(top, float(y.max()))
    return top


#: The curve is redrawn at most this often: plenty for the eye, cheap for the GUI.
REDRAW_MS = 100


def _ink(colour):
    """A series' colour now: "text" is the theme's text colour, a role its colour."""
    return ink("foreground" if colour == "text" else colour)


def _marker_pen():
    return pg.mkPen(ink("ink"), width=2, style=Qt.DotLine)


def loss_description(plot):
    """What a loss plot shows now: its title and each shown curve's newest value."""
    from ..keyboard import words

    parts = [plot.title_words()] if plot.title_words() != plot.accessibleName() else []
    for s in plot.series.values():
        if s.item.isVisible() and s.n:
            parts.append(f"{words(s.label)}: {s.y[s.n - 1]:.4g} at epoch {s.x[s.n - 1]:,.0f}")
    return ". ".join(p for p in parts if p) or "No epochs yet"


class LossPlot(LivePlot):
    """``add_series(key, label, color)``, then ``extend`` it with batches of losses.

    Batches are stored at once and drawn at most every ``REDRAW_MS``.
    """

    describe_with = loss_description

    def __init__(self, title="Loss per epoch", parent=None, y_label="loss", log_epochs=True,
                 key_in_title=False):
        axes = {"left": RoomyAxis("left")}
        if log_epochs:
            axes["bottom"] = DecadeAxis("bottom")
        super().__init__(parent, axisItems=axes)
        self.setMinimumHeight(150)
        style_plot(self.getPlotItem(), "epoch (log scale)" if log_epochs else "epoch", y_label,
                   title)
        #: A log-epoch axis keeps the curve's shape readable at every moment of a run:
        #: epochs 1-10 take as much room as 100,000-1,000,000, so a long run never
        #: squashes its start into an L against the axes.
        self.log_epochs = log_epochs
        # the curves are drawn in log10(epoch) (see _Series.flush); the axis writes 10^k
        self.getPlotItem().getAxis("bottom").setLogMode(log_epochs)
        # no clipToView/downsampling: the envelope already keeps the curve small
        self.legend = add_legend(self.getPlotItem(), offset=(-10, 10))
        # a wide, short plot (Sigmoid & Loss) names its curves in its title instead:
        # a legend would cover most of its few pixels of height
        self.key_in_title, self._title = key_in_title, title
        self._key_always_in_title = key_in_title
        self.legend.setVisible(not key_in_title)
        self.series: dict[str, _Series] = {}
        self.setMouseEnabled(x=False, y=False)
        self.getPlotItem().hideButtons()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REDRAW_MS)
        self._timer.timeout.connect(self.flush)
        # The axes jump between round limits instead of following every epoch:
        # steadier for the eye, and an axis whose range is unchanged is not
        # re-laid-out and re-rendered at each redraw (that was most of its cost).
        self.getPlotItem().vb.disableAutoRange()
        self._limits = None
        self._marker = None
        self._fit_axes()
        follow(self, lambda: self.gone or self.recolour())

    def _fit_axes(self):
        """x from 0 to a round number of epochs, y from 0 to a round loss above the highest."""
        last = max((s.x[s.n - 1] for s in self.series.values() if s.n), default=0.0)
        top = max((s.top for s in self.series.values()), default=-np.inf)
        if self.log_epochs:  # whole decades: 1 to 10, 100, 1,000 ...
            right = 10.0 ** max(1, int(np.ceil(np.log10(max(last, 10.0)) - 1e-9)))
        else:
            right = nice_ceiling(max(last, 10.0))
        # the legend sits in the top right corner: raise the axis until the curves'
        # right half passes under it instead of through it
        top = max(top, _top_right(self, right) / (1.0 - _legend_share(self)))
        limits = (right, nice_ceiling(top) if top > 0 else 1.0)
        if limits != self._limits:
            self._limits = limits
            x_range = (0, np.log10(right)) if self.log_epochs else (0, right)
            self.setRange(xRange=x_range, yRange=(0, limits[1]), padding=0.02)

    def set_height_lines(self, lines):
        """A fixed height of ``lines`` lines of the window's text: it grows with the text
        (presentation mode), so the tick labels never crowd a squeezed data area."""
        self._height_lines = lines
        self.setFixedHeight(round(lines * self.fontMetrics().lineSpacing()))

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._fit_key()

    def _fit_key(self):
        """A legend wider than the plot (a narrow plot, presentation mode's larger
        text) would hang out of it: the curves are then named in the title instead."""
        if getattr(self, "_key_always_in_title", True) or not self.legend.items:
            return  # (also while pyqtgraph's constructor resizes it, before ours ran)
        from shiboken6 import isValid

        if self.gone or not isValid(self.getPlotItem().vb):
            return  # (a window being closed)
        # the data area, or what the widget shows of it when it is narrower than
        # pyqtgraph's own layout would like (its right side is then cut off)
        view = min(self.getPlotItem().vb.width(), self.viewport().width() - 60)
        wide = view > 0 and self.legend.boundingRect().width() > 0.85 * view
        if wide != self.key_in_title:
            from ..titles import retitle

            self.key_in_title = wide
            self.legend.setVisible(not wide)
            if wide:
                self._show_key()
            else:
                retitle(self, self._title)

    def changeEvent(self, event):
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            if getattr(self, "_height_lines", None):
                self.set_height_lines(self._height_lines)
            QTimer.singleShot(0, self, self._fit_key)  # (once the legend has its new size;
            # with this plot as the context: a plot closed meanwhile drops the call)

    def sizeHint(self):
        """Modest: a side panel that scrolls asks for its contents' preferred height,
        and pyqtgraph's 640×480 would push the curve out of view."""
        from PySide6.QtCore import QSize

        return QSize(360, 170)

    def flush(self):
        if not self.gone and any(s.dirty for s in self.series.values()):
            self.paint_now(self._flush_series)

    def _flush_series(self):
        self._fit_axes()
        for s in self.series.values():
            s.flush(self.bin_width(), self.log_epochs)

    def bin_width(self):
        """Width of the drawn envelope's bins: in epochs, or decades on a log axis."""
        span = np.log10(self._limits[0]) if self.log_epochs else self._limits[0]
        return span / ENVELOPE_BINS

    def _schedule(self):
        if not self._timer.isActive():
            self._timer.start()

    def add_series(self, key, label, color, dashed=False, width=2):
        """``color``: a colour, or a role of the theme that follows it ("text" is the
        theme's text colour, dark on light, light on dark; see ``look.ink``)."""
        style = Qt.DashLine if dashed else Qt.SolidLine
        pen = pg.mkPen(_ink(color), width=width, style=style)
        item = self.plot([], [], pen=pen, name=label)
        item.curve.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        tail = pg.PlotCurveItem(pen=pen)
        self.addItem(tail)
        self.series[key] = _Series(item, tail)
        self.series[key].label = label
        self.series[key].pen_style = (width, style)
        self.series[key].colour = color
        self._show_key()

    def _show_key(self):
        if not self.key_in_title:
            return
        from ..titles import retitle

        keys = [f"<span style='color:{self._colour(s)}'>{'┅' if s.pen_style[1] == Qt.DashLine else '━'}"
                f" {s.label}</span>" for s in self.series.values() if s.item.isVisible()]
        if not self._key_always_in_title and keys:  # (a plot too narrow for its legend:
            retitle(self, "  ".join(keys))        # the key alone, the axis says "loss")
            return
        retitle(self, self._title + ("  " + "  ".join(keys) if keys else ""))

    def _colour(self, s):
        return _ink(s.colour)

    def show_series(self, key, on):
        """Show or hide a series and its legend entry (no "test" entry without test points)."""
        s = self.series[key]
        shown = any(sample.item is s.item for sample, _ in self.legend.items)
        s.item.setVisible(on)
        s.tail.setVisible(on)
        if on and not shown:
            self.legend.addItem(s.item, s.label)
        elif not on and shown:
            self.legend.removeItem(s.item)
        if on != shown:
            self._show_key()

    def legend_labels(self):
        return [label.text for _, label in self.legend.items]

    def recolour(self):
        """Curves drawn in a role's colour follow the theme (dark on light, light on dark)."""
        for s in self.series.values():
            width, style = s.pen_style
            s.set_pen(pg.mkPen(_ink(s.colour), width=width, style=style))
        if self._marker is not None:
            self._marker.setPen(_marker_pen())
        self._show_key()

    def extend(self, key, first_epoch, losses):
        losses = drawable(losses)  # a diverged loss leaves a gap, never a wild axis
        epochs = np.arange(first_epoch, first_epoch + len(losses))
        if self.log_epochs and len(epochs) and epochs[0] < 1:  # (no epoch 0 on a log axis)
            epochs, losses = epochs[epochs >= 1], losses[epochs >= 1]
        if len(losses):
            self.series[key].extend(epochs, losses)
            self._schedule()

    def append_point(self, key, epoch, value):
        if self.log_epochs and epoch < 1:
            return
        self.series[key].extend([epoch], drawable([value]))
        self._schedule()

    def reset_curves(self):
        """Empty every curve.  (Not ``clear``: PlotWidget binds that name to
        PlotItem.clear, which would remove the curves themselves.)"""
        for s in self.series.values():
            s.clear()
        self._fit_axes()

    def truncate(self, epoch):
        """Every curve ends at ``epoch`` again: the run went back there and goes on."""
        for s in self.series.values():
            s.truncate(epoch)
        self._limits = None
        self._fit_axes()
        self._schedule()

    def mark(self, epoch):
        """A vertical line at ``epoch`` (the moment a timeline shows); None removes it."""
        if self._marker is None:
            self._marker = pg.InfiniteLine(angle=90, movable=False, pen=_marker_pen())
            self.addItem(self._marker)
        self._marker.setVisible(epoch is not None)
        if epoch is not None:
            self._marker.setValue(np.log10(max(epoch, 1)) if self.log_epochs else epoch)

    def marked(self):
        """The epoch the marker shows, or None."""
        m = self._marker
        if m is None or not m.isVisible():
            return None
        return round(10.0 ** m.value()) if self.log_epochs else m.value()

    def shown(self, key):
        """The vertices drawn for a series (an envelope once there are many epochs)."""
        return self.series[key].shown()

    def values(self, key):
        """The history kept: every (epoch, loss) up to MAX_VERTICES, an envelope beyond."""
        s = self.series[key]
        return s.x[:s.n].copy(), s.y[:s.n].copy()
