"""The plane of inputs coloured by what a model predicts there.

One ``ProbabilityMap`` shows: a confidence heatmap (colour = predicted class,
strength = how sure), the decision boundary, optional probability contours,
the data points (one scatter item per class, so adding a point touches one
item and never rebuilds the scene), hollow test points and a cross on every
misclassified point.  Editing (click, drag, right-click) is opt-in and reported
through callbacks so the owner decides what an edit means.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, QTimer, Signal
from PySide6.QtWidgets import QGraphicsItem

from ...models import predicted_class

from ..geometry import chain_segments, contour_segments, drawable, grid_points, line_in_rect
from ..live import LivePlot, keep_as_pixmap
from ..jobs import JobSlot
from .dots import Dots
from .heatmap_item import HeatmapItem, visibly_changed
from ..look import follow, look
from ..theme import (
    BOUNDARY_HEX,
    CLASS_HEX,
    MISCLASSIFIED_HEX,
    confidence_index,
    heatmap_table,
    style_plot,
    table_colours,
)

GRID = 160  # most heatmap cells per side ...
GRID_MIN = 64
#: ... each at least this many pixels wide: the image is scaled up smoothly and the
#: boundary is traced across cells, so finer cells than this change nothing one can
#: see -- and in a small window they cost a third of a network tab's frame
CELL_PX = 3.5
#: A model whose confidence moved by one level (1/64 of a colour's strength) in at most
#: this share of the cells is not recoloured until the change grows: a settling
#: network sharpens a few hundred cells by a level at every frame, which nobody sees
FAINT_SHARE = 0.02
PICK_PX = 12  # how close (in pixels) a press must be to grab a point


class _EditViewBox(pg.ViewBox):
    """A ViewBox that hands clicks and point drags to its owner when editing is on."""

    def __init__(self, owner):
        super().__init__(enableMenu=False)
        self.owner = owner

    def mouseClickEvent(self, ev):
        if self.owner.editable and ev.button() in (Qt.LeftButton, Qt.RightButton):
            ev.accept()
            pos = self.mapSceneToView(ev.scenePos())
            self.owner.pointClicked.emit(pos.x(), pos.y(), ev.button(), ev.modifiers())
        else:
            super().mouseClickEvent(ev)

    def mouseDragEvent(self, ev, axis=None):
        owner = self.owner
        if owner.editable and ev.button() == Qt.LeftButton:
            if ev.isStart():
                start = self.mapSceneToView(ev.buttonDownScenePos())
                owner._drag_index = owner.nearest_point(start.x(), start.y(), PICK_PX)
            if owner._drag_index is not None:
                ev.accept()
                pos = self.mapSceneToView(ev.scenePos())
                owner.pointDragged.emit(owner._drag_index, pos.x(), pos.y(), ev.isFinish())
                if ev.isFinish():
                    owner._drag_index = None
                    owner.end_drag()
                return
        super().mouseDragEvent(ev, axis)


class ProbabilityMap(LivePlot):
    """Heatmap + boundary + points.  Feed it ``set_points`` and ``set_model``."""

    pointClicked = Signal(float, float, object, object)  # x, y, button, modifiers
    pointDragged = Signal(int, float, float, bool)  # index, x, y, finished
    hovered = Signal(float, float)  # data coordinates under the mouse

    def __init__(self, parent=None, editable=False, title=None, labels=("x₁", "x₂"),
                 rect=(-4.0, -4.0, 8.0, 8.0)):
        self.editable = editable
        self._drag_index = None
        vb = _EditViewBox(self)
        super().__init__(parent, viewBox=vb)
        self.plot_item = self.getPlotItem()
        style_plot(self.plot_item, labels[0], labels[1], title, grid=False)
        vb.setAspectLocked(True)
        self.plot_item.hideButtons()
        self.image = HeatmapItem()
        self.image.setZValue(-10)
        self.addItem(self.image)
        self.contours = pg.PlotCurveItem(pen=pg.mkPen((60, 60, 60, 110), width=1), connect="pairs")
        self.boundary = pg.PlotCurveItem(pen=pg.mkPen(BOUNDARY_HEX, width=3), connect="finite")
        # the boundary before the last change of model or penalty: faint, for comparing
        self.before = pg.PlotCurveItem(pen=pg.mkPen((80, 80, 80, 150), width=2, style=Qt.DashLine),
                                       connect="finite")
        self.addItem(self.contours)
        self.addItem(self.before)
        self.addItem(self.boundary)
        # the heatmap under them recolours at almost every frame; the lines move less
        keep_as_pixmap(self.contours, self.before, self.boundary)
        self.train_items = []
        self.test_items = []
        for k, hexcol in enumerate(CLASS_HEX):
            filled = Dots(size=11, brush=pg.mkBrush(hexcol), pen=pg.mkPen("w", width=1.2),
                          name=f"class {k}")
            hollow = Dots(size=11, brush=pg.mkBrush(255, 255, 255, 200),
                          pen=pg.mkPen(hexcol, width=2.5))
            for item in (filled, hollow):
                item.setZValue(5)
                # kept as a picture while its points stay put: the heatmap under it
                # changes every frame, and redrawing 100,000 symbols each time would
                # cost more than the rest of the frame together
                item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
                self.addItem(item)
            self.train_items.append(filled)
            self.test_items.append(hollow)
        # a ring around each misclassified point: clear, and the point's colour stays visible
        self.wrong = Dots(size=19, symbol="o", brush=pg.mkBrush(None),
                          pen=pg.mkPen(MISCLASSIFIED_HEX, width=2.2))
        self.wrong.setZValue(6)
        # (a picture too: an untrained model can ring half of 100,000 points)
        self.wrong.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.addItem(self.wrong)
        # the point being dragged, drawn alone (see move_point)
        self.float_item = Dots(size=11)
        self.float_item.setZValue(5.5)
        self.float_item.setVisible(False)
        self.addItem(self.float_item)
        self._floating = None
        # costly pictures drawn one per turn of the event loop (see _next_step)
        self._steps = []  # ("class", item, x, y) or ("rings", wrong, version) or ("frame",)
        self._step_timer = QTimer(self, singleShot=True, interval=1)
        self._step_timer.timeout.connect(self._next_step)
        self._version = 0  # counts edits of the points (a late ring computation is dropped)
        self._errors_task = JobSlot(self)
        self._errors_again = False
        self.show_contours = False
        self.discretize = False
        self.size_by_loss = False
        self.X = np.empty((0, 2))
        self.y = np.empty(0, dtype=int)
        self.test = np.empty(0, dtype=bool)
        self.model = None
        self.P_grid = None
        self.changed = True  # did the last set_model change anything on screen?
        self._has_contours = False
        self._shown_model = None  # (type, hyper-parameters, parameter copies) of the model drawn
        self._shown_index = self._shown_boundary = self._shown_wrong = None
        self._image_rect = None
        self._grid = self._grid_key = None  # the cell centres evaluated, for (rect, cells)
        self._force = False
        self._theme = None  # the theme the heatmap and the lines are coloured for
        self.setRange(xRange=(rect[0], rect[0] + rect[2]), yRange=(rect[1], rect[1] + rect[3]),
                      padding=0)
        self.scene().sigMouseMoved.connect(self._mouse_moved)
        vb.sigRangeChangedManually.connect(self._range_changed)
        vb.sigResized.connect(self._range_changed)
        follow(self, self._map_look, now=True)

    # ----------------------------------------------------------------- points
    #: In a new set of more points than this, each class's item is drawn in a turn of
    #: the event loop of its own: drawing 50,000 symbols takes ~10 ms, and every class
    #: of a 100,000-point file in one paint held the window for 35 ms
    POINTS_PER_TURN = 20_000

    def set_points(self, X, y, test=None):
        """Show these points (replacing all); one setData per class item."""
        self._version += 1
        self._floating = None
        self._steps = []  # (another set's: moot)
        self.setUpdatesEnabled(True)
        self.float_item.setVisible(False)
        self.X = np.asarray(X, dtype=float).reshape(-1, 2)
        self.y = np.asarray(y, dtype=int)
        self.test = np.zeros(len(self.y), bool) if test is None else np.asarray(test, bool)
        by_turns = len(self.y) > self.POINTS_PER_TURN
        classes = []
        for k in range(len(CLASS_HEX)):
            for items, mask in ((self.train_items, ~self.test), (self.test_items, self.test)):
                sel = (self.y == k) & mask
                if by_turns and sel.any():
                    classes.append(("class", items[k], self.X[sel, 0], self.X[sel, 1]))
                    items[k].setData([], [])  # (the old points go at once)
                else:
                    items[k].setData(self.X[sel, 0], self.X[sel, 1])
                items[k].setVisible(bool(sel.any()))  # empty items still cost a paint
        if classes:
            # the new set's first paint (its range, axes, heatmap) is a step of its own
            # too: queued by Qt, it ran straight after this turn, before waiting timers
            self.setUpdatesEnabled(False)
            self._steps[:0] = [("frame",)] + classes
            self._step_timer.start()
        self._shown_wrong = None
        self.refresh_errors()

    def _next_step(self):
        """One costly picture -- the frame of a big new set, one of its classes, tens of
        thousands of rings -- painted now, while training steps aside; the next one
        after the timers and input that are waiting by then (from a timer: a queued
        call would run in the same sweep as the other queued work)."""
        if not self._steps:
            return
        step = self._steps.pop(0)
        self.paint_now(lambda: self._do_step(step), repaint=step[0] == "frame")
        if self._steps:
            self._step_timer.start()

    def _do_step(self, step):
        if step[0] == "frame":
            self.setUpdatesEnabled(True)
        elif step[0] == "class":
            step[1].setData(step[2], step[3])
        elif step[2] == self._version:  # rings of the points as they still are
            self._show_wrong(step[1])

    def _flush_pending(self):
        """Every class as it is, now: an edit acts on the items."""
        steps, self._steps = self._steps, []
        for step in steps:
            self._do_step(step)

    def add_point(self, x, y, label, test=False):
        """Append one point without touching the other classes' items."""
        self._flush_pending()
        self._version += 1
        self.X = np.vstack([self.X, [[x, y]]])
        self.y = np.append(self.y, int(label))
        self.test = np.append(self.test, bool(test))
        item = (self.test_items if test else self.train_items)[int(label)]
        item.addPoints([x], [y])
        item.setVisible(True)
        self._edited()

    def move_point(self, i, x, y):
        """Point ``i`` is now at (x, y).  While it is being dragged it is drawn by a
        one-point item of its own, so a drag step never re-sets the thousands of
        points of its class; afterwards (or for an undo) only its class's item is
        set again."""
        self._flush_pending()
        self._version += 1
        self.X[i] = (x, y)
        k, test = int(self.y[i]), bool(self.test[i])
        if self._drag_index == i:
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

    def _edited(self):
        """After an edit of the points: ring the misclassified ones again -- at once for
        a few thousand points; for more, the model drawn next does it (an edit is
        followed by one), so a big file's network is not run over every point twice."""
        self._shown_wrong = None
        if len(self.X) <= self.ERRORS_EVERY_FRAME_UPTO:
            self.refresh_errors()

    def end_drag(self):
        """The dragged point goes back into its class's item."""
        i, self._floating = self._floating, None
        if i is not None:
            self.float_item.setVisible(False)
            self.float_item.setData([], [])
            if i < len(self.y):
                self._set_class(int(self.y[i]), bool(self.test[i]))

    def _set_class(self, k, test, leave_out=None):
        """Set one class's item again; ``leave_out``: a point not drawn there (it keeps
        its place as a blank, so the item repaints only where that point was)."""
        sel = (self.y == k) & (self.test if test else ~self.test)
        xs, ys = self.X[sel, 0], self.X[sel, 1]
        if leave_out is not None and sel[leave_out]:
            at = np.count_nonzero(sel[:leave_out])
            xs[at] = ys[at] = np.nan
        item = (self.test_items if test else self.train_items)[k]
        item.setData(xs, ys)
        item.setVisible(bool(sel.any()))

    def nearest_point(self, x, y, max_px=None):
        """Index of the point nearest to data position (x, y), measured in screen
        pixels; None if there is none within ``max_px``."""
        if not len(self.X):
            return None
        px, py = self.plot_item.vb.viewPixelSize()
        d = ((self.X[:, 0] - x) / px) ** 2 + ((self.X[:, 1] - y) / py) ** 2
        i = int(np.argmin(d))
        if max_px is not None and d[i] > max_px ** 2:
            return None
        return i

    def data_to_widget(self, x, y):
        """Where a data point appears in this widget's viewport (for clicks and tests)."""
        scene = self.plot_item.vb.mapViewToScene(QPointF(x, y))
        return self.mapFromScene(scene)

    # ------------------------------------------------------------------ model
    def view_rect(self):
        (x0, x1), (y0, y1) = self.plot_item.vb.viewRange()
        return (x0, y0, x1 - x0, y1 - y0)

    def cells(self):
        """Heatmap cells per side: one per CELL_PX pixels of the map's longer side,
        GRID_MIN to GRID (GRID while the map has no size yet)."""
        vb = self.plot_item.vb
        side = max(vb.width(), vb.height()) * self.devicePixelRatioF()
        if side <= 0:
            return GRID
        return int(np.clip(side // CELL_PX, GRID_MIN, GRID))

    def grid(self):
        """(view rectangle, the points the map evaluates a model at): for a caller that
        computes a costly model's probabilities elsewhere (``set_model(model, P)``)."""
        key = (self.view_rect(), self.cells())
        if key != self._grid_key:
            self._grid, self._grid_key = grid_points(*key), key
        return key[0], self._grid

    #: With more points than this, the rings of misclassified points are worked out
    #: only when ``set_model`` is asked to (the owner's text pace), not every frame:
    #: predicting 100,000 points through a network takes longer than the frame
    ERRORS_EVERY_FRAME_UPTO = 20_000

    def set_model(self, model, computed=None, errors=True):
        """Recolour the map for this model (None clears it).

        Only what changed on screen is updated, and ``changed`` says whether
        anything did: a model that has settled costs no repaint at all.
        ``computed``: (rect, P) from ``grid()`` and ``model.proba_matrix``, worked out
        off the GUI thread; used when the view has not moved since.  ``errors`` False:
        leave the rings of misclassified points as they are if there are many points
        (see ERRORS_EVERY_FRAME_UPTO).
        """
        self.model = model
        if model is None:
            self.image.clear()
            self.boundary.setData([], [])
            self.contours.setData([], [])
            self.wrong.setData([], [])
            self.P_grid = self._shown_index = self._shown_model = None
            self.changed = True
            return
        rect = self.view_rect()
        params = [np.array(p, copy=True) for p in model.parameters()]
        if not self._force and rect == self._image_rect and self._same_model(model, params):
            self.changed = False  # e.g. logistic regression stuck on XOR: nothing to redo
            if self._shown_wrong is None and len(self.X):  # the points were edited
                self.refresh_errors()
            return
        self._shown_model = (type(model), model.get_params(), params)
        rect, points = self.grid()
        if computed is not None and computed[0] == rect and len(computed[1]) == len(points):
            P = computed[1]
        else:
            P = model.proba_matrix(points)
        # a diverged model: no colour rather than garbage
        n = self._grid_key[1]
        P = drawable(P, fill=0.0).reshape(n, n, -1)
        self.P_grid = P
        index = confidence_index(P, self.discretize)
        self.changed = False
        if visibly_changed(index, self._shown_index, FAINT_SHARE) \
                or rect != self._image_rect or self._force:
            colours = look().colours
            table = heatmap_table(colours["strength"], colours["neutral"])
            self.image.setImage(table_colours(table, index))
            self._shown_index = index
            self.changed = True
        if rect != self._image_rect:
            self.image.setRect(*rect)
            self._image_rect = rect
        line = getattr(model, "boundary_line", lambda: None)()
        if line is not None and not np.isfinite(line).all():
            line = None  # diverged: trace whatever the grid shows instead
        if line is not None:  # logistic regression on x1, x2: exactly a straight line
            boundary = line_in_rect(*line, rect)
        else:
            boundary = chain_segments(self._boundary_segments(P, rect))
        if self._moved(boundary, self._shown_boundary) or self._force:
            self.boundary.setData(*boundary.T, connect="finite")
            self._shown_boundary = boundary
            self.changed = True
        if self.show_contours and (self.changed or self._force):
            field = P[..., 1] if P.shape[-1] == 2 else P.max(axis=-1)
            segs = [contour_segments(field, lv, rect) for lv in np.arange(0.1, 0.95, 0.1)]
            self.contours.setData(*np.concatenate(segs).T)
        elif not self.show_contours and self._has_contours:
            self.contours.setData([], [])  # (only once: clearing an empty item still repaints)
        self._has_contours = self.show_contours
        self._force = False
        if errors or len(self.X) <= self.ERRORS_EVERY_FRAME_UPTO or self._shown_wrong is None:
            self.refresh_errors()

    def _same_model(self, model, params):
        """Does ``model`` predict exactly what the model drawn last predicted?"""
        shown = self._shown_model
        if shown is None or shown[0] is not type(model) \
                or shown[1] != model.get_params() or len(shown[2]) != len(params):
            return False
        return all(a.shape == b.shape and np.array_equal(a, b) for a, b in zip(shown[2], params))

    def keep_before(self):
        """Show the boundary drawn now as the faint "before" line (the model is about to
        change: penalty, λ, kind)."""
        x, y = self.boundary.getData()
        if x is not None and len(x) > 1:  # (no line yet: keep the one before it)
            self.before.setData(x, y, connect="finite")

    def clear_before(self):
        self.before.setData([], [])

    def redraw(self):
        """Recolour everything for the current model (after a display option changed)."""
        self.image.smooth = not self.discretize  # regions only: crisp edges between them
        self._force = True
        if self.model is not None:
            self.set_model(self.model)

    def _moved(self, new, old):
        """Did a polyline move by half a pixel or more?"""
        if old is None or new.shape != old.shape:
            return True
        if not len(new):
            return False
        px, py = self.plot_item.vb.viewPixelSize()
        with np.errstate(invalid="ignore"):
            d = np.nan_to_num(np.abs(new - old), nan=0.0)
        return bool((d[:, 0] > 0.5 * px).any() or (d[:, 1] > 0.5 * py).any())

    @staticmethod
    def _boundary_segments(P, rect):
        if P.shape[-1] == 2:
            return contour_segments(P[..., 1], 0.5, rect)
        # several classes: where each class stops being the most likely one
        segs = []
        for k in range(P.shape[-1]):
            others = np.delete(P, k, axis=-1).max(axis=-1)
            segs.append(contour_segments(P[..., k] - others, 0.0, rect))
        return np.concatenate(segs)

    def refresh_errors(self):
        """Cross out misclassified points (and size points by loss if asked).

        With more than ERRORS_EVERY_FRAME_UPTO points (and no sizing by loss) the
        model is run over them in a background thread and the rings change when it is
        done: a network over 100,000 points takes longer than a frame."""
        if self.model is None or not len(self.X):
            self._errors_task.cancel()
            self.wrong.setData([], [])
            self._shown_wrong = None
            return
        if len(self.X) > self.ERRORS_EVERY_FRAME_UPTO and not self.size_by_loss:
            if self._errors_task.running:  # one at a time; the newest model goes next
                self._errors_again = True
            else:
                self._start_errors()
            return
        self._errors_task.cancel()
        if self.size_by_loss:
            self._flush_pending()  # (sizes per point: the items need their points)
        P = self.model.proba_matrix(self.X)
        self._show_wrong(predicted_class(P) != self.y)  # the rule accuracy uses
        if self.size_by_loss:
            p_true = np.clip(P[np.arange(len(self.y)), np.minimum(self.y, P.shape[1] - 1)], 1e-12, 1)
            sizes = np.clip(7 + 5 * -np.log(p_true), 7, 30)
            for k in range(len(CLASS_HEX)):
                for items, mask in ((self.train_items, ~self.test), (self.test_items, self.test)):
                    sel = (self.y == k) & mask
                    if sel.any():
                        items[k].setSize(sizes[sel])

    def _start_errors(self):
        self._errors_again = False
        model, X, y, version = self.model, self.X.copy(), self.y.copy(), self._version

        def done(wrong):
            if version == self._version:
                # drawn in a turn of its own (_next_step): tens of thousands of rings take
                # as long as a frame, and added to one -- or to a new file's first paint
                # -- they held the window twice as long
                self._steps.append(("rings", wrong, version))
                if not self._step_timer.isActive():
                    self._step_timer.start()
            if self._errors_again or version != self._version:
                self.refresh_errors()
        self._errors_task.start(
            lambda progress, cancelled: predicted_class(model.proba_matrix(X)) != y, done)

    def _show_wrong(self, wrong):
        if self._shown_wrong is None or not np.array_equal(wrong, self._shown_wrong):
            self.wrong.setData(self.X[wrong, 0], self.X[wrong, 1])
            self.wrong.setVisible(bool(wrong.any()))
            self._shown_wrong = wrong
            self.changed = True

    def shutdown(self):
        """Stop a background computation of the rings (closing the window)."""
        self._errors_task.shutdown()

    def _map_look(self):
        """Points, lines and rings for the theme, bigger and thicker in presentation
        mode; the heatmap recoloured when the theme changed."""
        if self.gone:
            return
        self._restyle()
        if look().theme != self._theme:
            self._theme = look().theme
            self.redraw()

    def _restyle(self):
        on, colours = look().presenting, look().colours
        contrast = look().theme == "high contrast"
        size = 16 if on else (13 if contrast else 11)
        for k, (filled, hollow) in enumerate(zip(self.train_items, self.test_items)):
            filled.setSize(size)
            hollow.setSize(size)
            filled.setPen(pg.mkPen("#000000" if contrast else colours["background"], width=1.2))
        width = (5 if on else 3) + (1 if contrast else 0)
        self.boundary.setPen(pg.mkPen(colours["boundary"], width=width))
        self.wrong.setSize(26 if on else 19)
        self.wrong.setPen(pg.mkPen(colours["boundary"], width=2.2))

    def set_size_by_loss(self, on):
        self.size_by_loss = on
        if not on:
            self._restyle()  # one size again: the mode's (16 in presentation mode, not 11)
        self.refresh_errors()

    # ------------------------------------------------------------------ events
    def _mouse_moved(self, scene_pos):
        if self.plot_item.vb.sceneBoundingRect().contains(scene_pos):
            p = self.plot_item.vb.mapSceneToView(scene_pos)
            self.last_hover = (p.x(), p.y())
            self.hovered.emit(p.x(), p.y())

    def _range_changed(self, *args):
        if self.model is not None:
            self.redraw()
