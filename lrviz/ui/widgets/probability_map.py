"""The plane of inputs coloured by what a model predicts there.

One ``ProbabilityMap`` shows: a confidence heatmap (colour = predicted class,
strength = how sure), the decision boundary, optional probability contours, and
the points of a ``PointSet`` it reads (``show_points``; ``MapPoints`` draws
them), hollow held-out points and a ring on every misclassified point.  Editing
(click, drag, right-click) is opt-in and reported as signals, so the owner
decides what an edit means.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal


from ..geometry import chain_segments, contour_segments, drawable, grid_points, line_in_rect
from ..keyboard import words
from ..live import LivePlot, keep_as_pixmap
from .map_keys import PICK_PX, MapKeys
from .map_points import POINTS_PER_TURN, MapPoints, accuracy_words
from .heatmap_item import HeatmapItem, visibly_changed
from ..look import follow, look
from ..theme import (
    BOUNDARY_HEX,
    confidence_index,
    faint,
    heatmap_table,
    inked,
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

#: a two-class model whose probabilities stay this close to 0.5 over the whole view
#: draws no boundary: a line where P crosses 0.5 by a hair (logistic regression
#: stuck at w ≈ 0 on XOR) would show a decision the model does not make
UNDECIDED = 0.01


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
            points = owner.points
            if ev.isStart():
                start = self.mapSceneToView(ev.buttonDownScenePos())
                points.dragging = owner.nearest_point(start.x(), start.y(), PICK_PX)
            if points.dragging is not None:
                ev.accept()
                pos = self.mapSceneToView(ev.scenePos())
                owner.pointDragged.emit(points.dragging, pos.x(), pos.y(), ev.isFinish())
                if ev.isFinish():
                    points.dragging = None
                    points.end_drag()
                return
        super().mouseDragEvent(ev, axis)


def map_description(view):
    """What a map shows now, for a screen reader: its title, the boundary's equation
    (a straight one), and how many points the model gets right."""
    title = view.title_words()
    parts = [title] if title != view.accessibleName() else []
    model = view.model
    line = getattr(model, "boundary_line", lambda: None)() if model is not None else None
    if model is None:
        parts.append("No model yet")
    elif line is not None and not any(line):
        parts.append("No boundary yet: with w = 0 every point gets P = 0.5")
    elif line is not None and np.isfinite(line).all():
        a, b, c = line
        x1, x2 = (words(view.plot_item.getAxis(s).labelText) for s in ("bottom", "left"))
        parts.append(f"Boundary: {a:.3g}·{x1} {'−' if b < 0 else '+'} {abs(b):.3g}·{x2} "
                     f"{'−' if c < 0 else '+'} {abs(c):.3g} = 0")
    else:
        parts.append("The boundary is curved: the map shows where the model changes its mind")
    parts += accuracy_words(view.points)
    return ". ".join(p for p in parts if p) + "."


class ProbabilityMap(LivePlot):
    """Heatmap + boundary + points.  Feed it ``set_points`` and ``set_model``."""

    describe_with = map_description

    pointClicked = Signal(float, float, object, object)  # x, y, button, modifiers
    pointDragged = Signal(int, float, float, bool)  # index, x, y, finished
    hovered = Signal(float, float)  # data coordinates under the mouse

    def __init__(self, parent=None, editable=False, title=None, labels=("x₁", "x₂"),
                 rect=(-4.0, -4.0, 8.0, 8.0)):
        self.editable = editable
        vb = _EditViewBox(self)
        super().__init__(parent, viewBox=vb)
        self.plot_item = self.getPlotItem()
        style_plot(self.plot_item, labels[0], labels[1], title, grid=False)
        vb.setAspectLocked(True)
        self.plot_item.hideButtons()
        self.image = HeatmapItem()
        self.image.setZValue(-10)
        self.addItem(self.image)
        # the confidence rings and the boundary before the last change of model or
        # penalty: faint references, for comparing
        self.contours = faint(inked(pg.PlotCurveItem(connect="pairs"), "faint", width=1))
        self.boundary = pg.PlotCurveItem(pen=pg.mkPen(BOUNDARY_HEX, width=3), connect="finite")
        self.before = faint(inked(pg.PlotCurveItem(connect="finite"), "faint", width=2,
                                  style=Qt.DashLine))
        self.addItem(self.contours)
        self.addItem(self.before)
        self.addItem(self.boundary)
        # the heatmap under them recolours at almost every frame; the lines move less
        keep_as_pixmap(self.contours, self.before, self.boundary)
        self.points = MapPoints(self)
        self.show_contours = False
        self.discretize = False
        self.model = None
        self.changed = True  # did the last set_model change anything on screen?
        self._has_contours = False
        self._shown_model = None  # (type, hyper-parameters, parameter copies) of the model drawn
        self._shown_index = self._shown_boundary = None
        self._image_rect = None
        self._grid = self._grid_key = None  # the cell centres evaluated, for (rect, cells)
        self._force = False
        self._redraw_due = False  # the view moved while updates were off
        self._theme = None  # the theme the heatmap and the lines are coloured for
        self.setRange(xRange=(rect[0], rect[0] + rect[2]), yRange=(rect[1], rect[1] + rect[3]),
                      padding=0)
        #: the keyboard's cross-hair and what its keys do (an editable map)
        self.keys = MapKeys(self)
        self.scene().sigMouseMoved.connect(self._mouse_moved)
        vb.sigRangeChangedManually.connect(self._range_changed)
        vb.sigResized.connect(self._range_changed)
        follow(self, self._map_look, now=True)

    # ----------------------------------------------------------------- points
    POINTS_PER_TURN = POINTS_PER_TURN

    def show_points(self, points):
        """Draw the points of ``points`` (a ``PointSet``), following its changes."""
        self.points.show(points)

    def set_points(self, X, y, test=None):
        """Draw these points (a point set of the map's own, for data no one edits)."""
        from ...data import PointSet

        own = PointSet()
        own.replace(X, y, test)
        self.points.show(own)

    def points_replaced(self, new_set):
        """Hook: the point set was replaced (``new_set``: other points altogether)."""

    @property
    def train_items(self):
        return self.points.train_items

    @property
    def test_items(self):
        return self.points.test_items

    @property
    def wrong(self):
        return self.points.wrong

    def nearest_point(self, x, y, max_px=None):
        return self.points.nearest(x, y, max_px)

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
        self._redraw_due = False
        if model is None:
            self.image.clear()
            self.boundary.setData([], [])
            self.contours.setData([], [])
            self.points.refresh_errors()
            self._shown_index = self._shown_model = None
            self.changed = True
            return
        rect = self.view_rect()
        params = [np.array(p, copy=True) for p in model.parameters()]
        if not self._force and rect == self._image_rect and self._same_model(model, params):
            self.changed = False  # e.g. logistic regression stuck on XOR: nothing to redo
            self.points.refresh_errors(asked=False)  # (the points may have been edited)
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
        if P.shape[-1] == 2 and np.abs(P[..., 1] - 0.5).max() < UNDECIDED:
            boundary = np.empty((0, 2))  # P = 0.5 all over: no side wins, so no line
        elif line is not None:  # logistic regression on x1, x2: exactly a straight line
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
        self.points.refresh_errors(asked=errors)

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

    def redraw(self, due=False):
        """Recolour everything for the current model (after a display option changed);
        ``due``: only if the view moved while the map's updates were off."""
        if due and not self._redraw_due:
            return
        self._redraw_due = False
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

    def shutdown(self):
        """Stop a background computation of the rings (closing the window)."""
        self.points.shutdown()

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
        width = (5 if look().presenting else 3) + (1 if look().theme == "high contrast" else 0)
        self.boundary.setPen(pg.mkPen(look().colours["boundary"], width=width))
        self.points.restyle()

    def set_size_by_loss(self, on):
        self.points.set_size_by_loss(on)

    # ------------------------------------------------------------------ events
    def _mouse_moved(self, scene_pos):
        if self.plot_item.vb.sceneBoundingRect().contains(scene_pos):
            p = self.plot_item.vb.mapSceneToView(scene_pos)
            self.last_hover = (p.x(), p.y())
            self.hovered.emit(p.x(), p.y())

    def _range_changed(self, *args):
        if self.model is None:
            return
        if not self.updatesEnabled():  # a big new set's frame is still to come
            self._redraw_due = True  # (its fit and layout moved the view more than once)
            return
        self.redraw()


def name_axes(map_, names):
    """A table's columns name ``map_``'s axes, each at its own scale (millimetres and grams
    cannot share one); without names, x₁ and x₂ on one square scale."""
    item = map_.plot_item
    item.getAxis("bottom").setLabel(names.feature(0))
    item.getAxis("left").setLabel(names.feature(1))
    item.vb.setAspectLocked(not names.features)
