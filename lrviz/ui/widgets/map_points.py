"""The points of a ``ProbabilityMap``: drawn from a ``PointSet`` it reads, never copies.

One ``Dots`` item per class for the training points and one for the held-out
points (hollow), so adding a point touches one item; a ring around each
misclassified point; the point being dragged drawn alone.  The layer follows
its point set's changes: "add" and "move" touch one item, anything else draws
them all -- a big new set over several turns of the event loop, so the window
answers meanwhile.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QGraphicsItem

from ...data import PointSet
from ...models import predicted_class
from ..jobs import JobSlot
from ..look import look
from ..theme import CLASS_HEX, MISCLASSIFIED_HEX
from .dots import Dots

#: In a new set of more points than this, each class's item is drawn in turns of the
#: event loop of its own, at most this many points a turn (a strip of the map at a
#: time): drawing 50,000 symbols takes as long as a frame, and every class of a
#: 100,000-point file in one paint held the window for several frames.
POINTS_PER_TURN = 20_000
#: With more points than this, the rings of misclassified points are worked out in the
#: background and only when asked (the owner's text pace), not every frame: predicting
#: 100,000 points through a network takes longer than the frame.
ERRORS_EVERY_FRAME_UPTO = 20_000


class MapPoints(QObject):
    """The point items of ``map`` (a ``ProbabilityMap``), showing a ``PointSet``."""

    def __init__(self, map_):
        super().__init__(map_)
        self.map = map_
        self.points = PointSet()
        self.train_items, self.test_items = [], []
        for k, hexcol in enumerate(CLASS_HEX):
            filled = Dots(size=11, brush=pg.mkBrush(hexcol), pen=pg.mkPen("w", width=1.2),
                          name=f"class {k}")
            hollow = Dots(size=11, brush=pg.mkBrush(255, 255, 255, 200),
                          pen=pg.mkPen(hexcol, width=2.5))
            for item in (filled, hollow):
                item.setZValue(5)
                # kept as a picture while its points stay put: the heatmap under it changes
                # every frame, and redrawing 100,000 symbols each time would cost more
                # than the rest of the frame together
                item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
                map_.addItem(item)
            self.train_items.append(filled)
            self.test_items.append(hollow)
        # a ring around each misclassified point: clear, and the point's colour stays visible
        self.wrong = Dots(size=19, symbol="o", brush=pg.mkBrush(None),
                          pen=pg.mkPen(MISCLASSIFIED_HEX, width=2.2))
        self.wrong.setZValue(6)
        self.wrong.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        map_.addItem(self.wrong)
        self.float_item = Dots(size=11)  # the point being dragged, drawn alone
        self.float_item.setZValue(5.5)
        self.float_item.setVisible(False)
        map_.addItem(self.float_item)
        self.dragging = None  # the index of the point the mouse drags, if any
        self._floating = None
        self._steps = []  # ("call" fn | "layout" | "frame" | "class" | "strip" | "rings", ...)
        self._step_timer = QTimer(self, singleShot=True, interval=1)
        self._step_timer.timeout.connect(self._next_step)
        self._version = 0  # counts edits of the points (a late ring computation is dropped)
        self._errors = JobSlot(self)
        self._errors_again = False
        self._shown_wrong = None
        self.size_by_loss = False

    # ------------------------------------------------------------- following
    def show(self, points):
        """Show ``points`` (a ``PointSet``) from now on, following its changes."""
        if points is not self.points:
            self.points.unsubscribe(self._changed)
            self.points = points
            points.subscribe(self._changed)
        self.set_all()

    def _changed(self, kind, index):
        if kind == "add":
            self.add(index)
        elif kind == "move":
            self.move(index)
        else:
            self.set_all()
            self.map.points_replaced(index == -1)

    def set_all(self):
        """Every point drawn again; a big set one class per turn of the event loop."""
        self._version += 1
        self._floating = None
        self._steps = []  # (another set's: moot)
        self.map.setUpdatesEnabled(True)
        self.float_item.setVisible(False)
        X, y, test = self.points.X, self.points.y, self.points.test
        by_turns = len(y) > POINTS_PER_TURN
        classes = []
        for k in range(len(CLASS_HEX)):
            for items, mask in ((self.train_items, ~test), (self.test_items, test)):
                sel = (y == k) & mask
                if by_turns and sel.any():
                    classes.append(("class", items[k], X[sel, 0], X[sel, 1]))
                    items[k].setData([], [])  # (the old points go at once)
                else:
                    items[k].setData(X[sel, 0], X[sel, 1])
                items[k].setVisible(bool(sel.any()))  # empty items still cost a paint
        if classes:
            # the window's layout and the map's first frame are steps of their own too:
            # queued by Qt, they ran straight after this turn, before waiting timers
            self.map.setUpdatesEnabled(False)
            self._steps[:0] = [("layout",), ("frame",)] + classes
            self._step_timer.start()
        self._shown_wrong = None
        self.refresh_errors()

    def _next_step(self):
        """One costly picture -- the frame of a big new set, one of its classes, tens of
        thousands of rings -- painted now, while training steps aside; the next one
        after the timers and input waiting by then (from a timer: a queued call would
        run in the same sweep as the other queued work)."""
        if not self._steps:
            return
        step = self._steps.pop(0)
        self.map.paint_now(lambda: self._do_step(step), repaint=step[0] == "frame")
        if self._steps:
            self._step_timer.start()

    def before_frame(self, fn):
        """Run ``fn`` (a new set's names on the axes, buttons and keys) in a turn of its
        own before a big new set's layout and first frame; at once when none waits."""
        if self._steps and self._steps[0][0] == "layout":
            self._steps.insert(0, ("call", fn))
        else:
            fn()

    def _do_step(self, step):
        if step[0] == "call":
            step[1]()
        elif step[0] == "layout":
            # the window laid out for the new set's names before the map's first frame,
            # which a layout after it would paint twice (a pass per level of widgets)
            for _ in range(3):
                QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        elif step[0] == "frame":
            self.map.setUpdatesEnabled(True)
            self.map.redraw(due=True)
        elif step[0] == "class":  # a strip of the map at a time, each in a turn of its own
            self._steps[:0] = [("strip", step[1], upto)
                               for upto in step[1].set_in_strips(*step[2:], POINTS_PER_TURN)]
        elif step[0] == "strip":
            step[1].reveal(step[2])
        elif step[2] == self._version:  # rings of the points as they still are
            self._show_wrong(step[1])

    def _flush_pending(self):
        """Every class as it is, now: an edit acts on the items."""
        while self._steps:  # (a class's step adds the steps of its strips)
            self._do_step(self._steps.pop(0))

    def add(self, i):
        """Point ``i`` was appended: drawn without touching the other classes' items."""
        self._flush_pending()
        self._version += 1
        (x, y), label, test = self.points.X[i], self.points.y[i], self.points.test[i]
        item = (self.test_items if test else self.train_items)[int(label)]
        item.addPoints([x], [y])
        item.setVisible(True)
        self._edited()

    def move(self, i):
        """Point ``i`` moved.  While it is dragged it is drawn by a one-point item of its
        own, so a drag step never re-sets the thousands of points of its class;
        afterwards (or for an undo) only its class's item is set again."""
        self._flush_pending()
        self._version += 1
        x, y = self.points.X[i]
        k, test = int(self.points.y[i]), bool(self.points.test[i])
        if self.dragging == i:
            if self._floating is None:
                self._floating = i
                item = (self.test_items if test else self.train_items)[k]
                self.float_item.setPen(item.opts["pen"])
                self.float_item.setBrush(item.opts["brush"])
                self.float_item.setSize(item.opts["size"])
                self._set_class(k, test, leave_out=i)
            self.float_item.setData([x], [y])
            self.float_item.setVisible(True)
        else:
            self.end_drag()
            self._set_class(k, test)
        self._edited()

    def end_drag(self):
        """The dragged point goes back into its class's item."""
        i, self._floating = self._floating, None
        if i is not None:
            self.float_item.setVisible(False)
            self.float_item.setData([], [])
            if i < len(self.points):
                self._set_class(int(self.points.y[i]), bool(self.points.test[i]))

    def _set_class(self, k, test, leave_out=None):
        """Set one class's item again; ``leave_out``: a point not drawn there (it keeps
        its place as a blank, so the item repaints only where that point was)."""
        p = self.points
        sel = (p.y == k) & (p.test if test else ~p.test)
        xs, ys = p.X[sel, 0], p.X[sel, 1]
        if leave_out is not None and sel[leave_out]:
            at = np.count_nonzero(sel[:leave_out])
            xs[at] = ys[at] = np.nan
        item = (self.test_items if test else self.train_items)[k]
        item.setData(xs, ys)
        item.setVisible(bool(sel.any()))

    def _edited(self):
        """After an edit: ring the misclassified points again -- at once for a few
        thousand points; for more, the model drawn next does it (an edit is followed by
        one), so a big file's network is not run over every point twice."""
        self._shown_wrong = None
        if len(self.points) <= ERRORS_EVERY_FRAME_UPTO:
            self.refresh_errors()

    def nearest(self, x, y, max_px=None):
        """Index of the point nearest to data position (x, y), measured in screen
        pixels; None if there is none within ``max_px``."""
        X = self.points.X
        if not len(X):
            return None
        px, py = self.map.plot_item.vb.viewPixelSize()
        d = ((X[:, 0] - x) / px) ** 2 + ((X[:, 1] - y) / py) ** 2
        i = int(np.argmin(d))
        if max_px is not None and d[i] > max_px ** 2:
            return None
        return i

    # ----------------------------------------------------------------- rings
    def refresh_errors(self, asked=True):
        """Ring the points the map's model misclassifies (and size them by loss if
        asked).  Over ERRORS_EVERY_FRAME_UPTO points (and no sizing by loss) the model
        runs over them in a background job, and only when ``asked``."""
        model, p = self.map.model, self.points
        if model is None or not len(p):
            self._errors.cancel()
            self.wrong.setData([], [])
            self._shown_wrong = None
            return
        if len(p) > ERRORS_EVERY_FRAME_UPTO and not self.size_by_loss:
            if not asked and self._shown_wrong is not None:
                return
            if self._errors.running:  # one at a time; the newest model goes next
                self._errors_again = True
            else:
                self._start_errors()
            return
        self._errors.cancel()
        if self.size_by_loss:
            self._flush_pending()  # (sizes per point: the items need their points)
        P = model.proba_matrix(p.X)
        self._show_wrong(predicted_class(P) != p.y)  # the rule accuracy uses
        if self.size_by_loss:
            p_true = np.clip(P[np.arange(len(p.y)), np.minimum(p.y, P.shape[1] - 1)], 1e-12, 1)
            sizes = np.clip(7 + 5 * -np.log(p_true), 7, 30)
            for k in range(len(CLASS_HEX)):
                for items, mask in ((self.train_items, ~p.test), (self.test_items, p.test)):
                    sel = (p.y == k) & mask
                    if sel.any():
                        items[k].setSize(sizes[sel])

    def _start_errors(self):
        self._errors_again = False
        model, X, y, version = self.map.model, self.points.X, self.points.y, self._version

        def done(wrong):
            if version == self._version:
                # drawn in a turn of its own (_next_step): tens of thousands of rings take
                # as long as a frame, and added to one they held the window twice as long
                self._steps.append(("rings", wrong, version))
                if not self._step_timer.isActive():
                    self._step_timer.start()
            if self._errors_again or version != self._version:
                self.refresh_errors()
        # (the arrays are the set's own: an edit replaces them, never writes into them)
        self._errors.start(
            lambda progress, cancelled: predicted_class(model.proba_matrix(X)) != y, done)

    def _show_wrong(self, wrong):
        if self._shown_wrong is None or not np.array_equal(wrong, self._shown_wrong):
            X = self.points.X
            self.wrong.setData(X[wrong, 0], X[wrong, 1])
            self.wrong.setVisible(bool(wrong.any()))
            self._shown_wrong = wrong
            self.map.changed = True

    # ------------------------------------------------------------------ look
    def restyle(self):
        """Sizes and outlines for the look: bigger in presentation mode, outlined in
        black in high contrast."""
        on, colours = look().presenting, look().colours
        contrast = look().theme == "high contrast"
        size = 16 if on else (13 if contrast else 11)
        for filled, hollow in zip(self.train_items, self.test_items):
            filled.setSize(size)
            hollow.setSize(size)
            filled.setPen(pg.mkPen("#000000" if contrast else colours["background"], width=1.2))
        self.wrong.setSize(26 if on else 19)
        self.wrong.setPen(pg.mkPen(colours["boundary"], width=2.2))

    def set_size_by_loss(self, on):
        self.size_by_loss = on
        if not on:
            self.restyle()  # one size again: the mode's (16 in presentation mode, not 11)
        self.refresh_errors()

    def dim(self, on):
        """Fade every point (while others are lit over them)."""
        for item in (*self.train_items, *self.test_items, self.wrong):
            item.setOpacity(0.15 if on else 1.0)

    def shutdown(self):
        self.points.unsubscribe(self._changed)
        self._errors.shutdown()


def accuracy_words(layer):
    """["N training points, P % classified correctly", the same for held-out points]
    as the rings of ``layer`` (a ``MapPoints``) show them now ([] before they are
    worked out)."""
    wrong, p = layer._shown_wrong, layer.points
    if wrong is None or len(wrong) != len(p.y):
        return ["No points yet"] if not len(p.y) else []
    out = []
    for mask, kind in ((~p.test, "training"), (p.test, "held-out")):
        n = int(mask.sum())
        if n:
            right = 1 - wrong[mask].sum() / n
            out.append(f"{n:,} {kind} points, {right:.1%} classified correctly")
    return out
