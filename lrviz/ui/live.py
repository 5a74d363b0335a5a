"""The window's half of sharing the interpreter with training (see ``lrviz.sharing``).

* ``LivePlot`` -- the base of every plot that changes while a model trains.  A
  tab draws a snapshot into its plots and ``paint_live()`` paints what changed
  in every visible live plot there and then, while training steps aside: painted
  later, each Python paint callback would compete with the training thread for
  the interpreter, and the frame's cost would not count in the pacing of
  snapshots.  A plot that changes outside a snapshot (a costly picture drawn in
  a turn of its own) calls ``paint_now()``.  A plot author never holds training
  by hand.
* ``PaintGuard`` -- training steps aside while the window repaints itself.
* ``GuiThreadGarbage`` -- Python's cycle collector runs in the GUI thread only.
* ``keep_as_pixmap`` -- items drawn over a changing picture keep their own.
"""
from __future__ import annotations

import gc
import re
import weakref

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QGraphicsItem
from shiboken6 import isValid

from ..sharing import collecting, gui_busy, hold_all, long_lists_held, release_all
from .geometry import steady_view
from .look import follow
from .theme import TextRoomAxis, restyle_plot
from .titles import fit_title

_LIVE: "weakref.WeakSet[LivePlot]" = weakref.WeakSet()


class LivePlot(pg.PlotWidget):
    """A pyqtgraph plot that is painted with each snapshot while training waits; its
    colours and text sizes follow the look, and its titles fit it at any size."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _LIVE.add(self)
        follow(self, self._plot_look, now=True)

    @property
    def gone(self):
        """Closed (pyqtgraph lets go of its plot item then): its items may be gone too."""
        return getattr(self, "plotItem", None) is None

    def _plot_look(self):
        if not self.gone:
            restyle_plot(self)
            self.resizeEvent(None)  # laid out again at its own size, with its new text

    def resizeEvent(self, event):
        # the titles first, for the width the plot is about to have: the plot item takes
        # at least its titles' width when it is laid out
        if event is not None and not self.gone:
            fit_title(self, event.size().width() - 2 * self.frameWidth())
            for axis in self.getPlotItem().axes.values():
                if isinstance(axis["item"], TextRoomAxis):
                    axis["item"].measure_again()
        super().resizeEvent(event)

    def flush(self):
        """Draw what waits for a later redraw (a loss curve's newest epochs)."""

    def keep_in_view(self, low, high, axis="y", pad=0.08, anchored=False, fresh=False):
        """Show the values from ``low`` to ``high`` on ``axis``, moving it only when they
        leave the view or fill less than half of it (``geometry.steady_view``);
        ``fresh``: whatever it shows now."""
        view = (np.inf, -np.inf) if fresh else self.getPlotItem().vb.viewRange()[axis == "y"]
        new = steady_view(view, low, high, pad, anchored)
        if new is not None:
            (self.setYRange if axis == "y" else self.setXRange)(*new, padding=0)

    # ------------------------------------------------------ for screen readers
    def title_words(self):
        """The plot's title in plain words ("" without one)."""
        from .keyboard import words

        return words(self.getPlotItem().titleLabel.text) if not self.gone else ""

    def describe(self):
        """The accessible description: what the plot shows now (``description_now``)."""
        if self.gone:
            return
        text = self.description_now()
        if text != self.accessibleDescription():
            self.setAccessibleDescription(text)

    #: what the plot shows now, in words: a function of the plot (None: the title, the
    #: axes and each named curve's newest value)
    describe_with = None

    def description_now(self):
        """What the plot shows now, in words (``describe_with``)."""
        if self.describe_with is not None:
            return self.describe_with()
        from .keyboard import words

        item = self.getPlotItem()
        parts = [self.title_words()] if self.title_words() != self.accessibleName() else []
        axis = {side: words(item.getAxis(side).labelText) if item.getAxis(side).isVisible()
                else "" for side in ("bottom", "left")}
        if axis["bottom"] and axis["left"]:
            parts.append(f"{axis['left']} against {axis['bottom']}")
        x_name = re.sub(r"\s*\(.*?\)", "", axis["bottom"])
        for curve in item.listDataItems():
            name = words(curve.name() or "")
            x, y = curve.getData()
            if not name or y is None or not len(y):
                continue
            finite = np.flatnonzero(np.isfinite(y))
            if len(finite):
                k = finite[-1]
                at = f" at {x_name} {x[k]:,.4g}" if x_name else ""
                parts.append(f"{name}: {y[k]:.4g}{at}")
        return ". ".join(p for p in parts if p) or self.accessibleName() or "A plot"

    def paint_now(self, change=None, repaint=False):
        """Make ``change()`` (if given) and paint this plot's pending changes now, while
        training steps aside (``repaint``: the whole view, e.g. after its updates were
        switched back on)."""
        with gui_busy():
            if change is not None:
                change()
            if repaint:
                self.viewport().repaint()
            else:
                paint_pending(self)


def paint_live():
    """Paint the pending changes of every visible live plot (after a snapshot was drawn;
    the caller holds training, as the controller does while it delivers one)."""
    for plot in list(_LIVE):
        if not isValid(plot):  # (its window is closed; the wrapper waits for a collection)
            _LIVE.discard(plot)
        elif plot.isVisible():
            paint_pending(plot)


def flush_live():
    """Every live plot draws what waits for its next redraw (before a screenshot)."""
    for plot in list(_LIVE):
        if isValid(plot):
            plot.flush()


def paint_pending(view):
    """Paint what changed in a pyqtgraph view, synchronously, exactly once.

    Changing an item (``setData``, ``setImage``) only marks it dirty; the scene
    collects dirty items in a queued call, which asks the window to repaint.
    Delivering that queued call now makes the paint happen here.  Calling
    ``viewport().repaint()`` instead would paint once now and once more when the
    queued call runs later, outside the hold.  With nothing changed, nothing is
    queued and nothing is painted.
    """
    scene = view.scene()
    scene.prepareForPaint()  # let view boxes settle their auto-range first
    QCoreApplication.sendPostedEvents(scene, QEvent.Type.MetaCall)


def keep_as_pixmap(*items):
    """Items that change less often than what they are drawn with (data points, fixed
    curves, labels; a boundary over a heatmap that recolours at every frame) keep their
    picture as a pixmap: a frame that repaints the view around them then copies it
    instead of calling their Python paint again.  A PlotDataItem caches its curve and
    its symbols."""
    mode = QGraphicsItem.CacheMode.DeviceCoordinateCache
    for item in items:
        parts = [getattr(item, "curve", None), getattr(item, "scatter", None)]
        for part in [p for p in parts if p is not None] or [item]:
            part.setCacheMode(mode)


class PaintGuard(QObject):
    """Training steps aside while the window paints itself.

    A window paints widget by widget, and Qt asks Python for many of them (a table's
    cells, every pyqtgraph item): each ask waits for the interpreter, which a training
    thread at full speed hands over only every switch interval -- so a table could
    take seconds to appear.  Installed on the window's native handle, the guard holds
    every training loop when an expose or update request arrives, and releases them
    once that event is done (a zero timer fires on the next pass of the event loop).
    """

    EVENTS = (QEvent.Type.Expose, QEvent.Type.UpdateRequest)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._holding = [False]

    def eventFilter(self, obj, event):
        if not self._holding[0] and event.type() in self.EVENTS:
            held, holding = hold_all(), self._holding
            holding[0] = True

            def release():  # (a plain function: it runs even if the window is gone by then)
                holding[0] = False
                release_all(held)
            QTimer.singleShot(0, release)
        return False


class GuiThreadGarbage(QObject):
    """Python's cycle collector runs in whichever thread happens to allocate when a
    threshold is crossed.  Run in a training thread, it may destroy a Qt object whose
    last reference sat in a cycle (a closed window's widgets): the object's destructor
    then waits there for the interpreter, while the GUI thread, holding it, waits for
    the object's mutex -- a deadlock.  So automatic collection is switched off and this
    timer collects in the GUI thread instead, a generation at a time, as the automatic
    collector would have, while training loops wait.  ``install()`` once, after the
    QApplication."""

    INTERVAL_MS = 200
    _installed = None

    @classmethod
    def install(cls):
        if cls._installed is None:
            cls._installed = cls(QCoreApplication.instance())
        return cls._installed

    def __init__(self, parent):
        super().__init__(parent)
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(self.INTERVAL_MS)
        self.timer.timeout.connect(self.collect)
        self.timer.start()

    @staticmethod
    def settle():
        """Once the window is up: collect everything, then set the survivors aside
        (``gc.freeze``) so that later full collections pass over only what was made
        since.  The window, its tabs and the libraries live as long as the app; a full
        collection that walks their 75,000 objects holds the event loop for 12-20 ms,
        and with a 100,000-point file loading beside it, twice that."""
        gc.collect()
        gc.freeze()

    @staticmethod
    def collect():
        """Collect the oldest generation whose count passed its threshold, if any --
        not while a job holds long lists (``sharing.holding_long_lists``)."""
        if long_lists_held():
            return -1
        counts, thresholds = gc.get_count(), gc.get_threshold()
        generation = -1
        for g in range(3):
            if counts[g] > thresholds[g]:
                generation = g
        if generation >= 0:
            with collecting():
                gc.collect(generation)
        return generation
