"""Many points of one style, cheap to change: the map's classes, rings and dragged point.

``pg.ScatterPlotItem`` keeps a record per point (pen, brush, symbol, a cached
rectangle...) and rebuilds them all on every ``setData``: 50 ms for 50,000 points,
so adding one point to a 100,000-point file, or undoing a move, made the window
wait. ``Dots`` keeps two coordinate arrays and one symbol picture per size: a
change costs a numpy copy, and painting hands Qt every point in one call.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPixmap

try:  # one C array of fragments for Qt (pyqtgraph's own helper for its scatter)
    from pyqtgraph.Qt.internals import PrimitiveArray
except ImportError:  # pragma: no cover - another pyqtgraph: a loop does the same
    PrimitiveArray = None


class Dots(pg.GraphicsObject):
    """Points drawn with one symbol, pen and brush; sizes in pixels, one for all or
    one per point.  Passive: clicks and hovers go to the plane underneath.

    The ScatterPlotItem calls it needs: ``setData``, ``getData``, ``addPoints``,
    ``setSize``, ``setPen``, ``setBrush`` and ``opts`` ("pen", "brush", "size").
    """

    def __init__(self, size=11, symbol="o", pen=None, brush=None, name=None):
        super().__init__()
        self.opts = {"size": size, "symbol": symbol, "name": name,
                     "pen": pg.mkPen(pen) if pen is not None else pg.mkPen(None),
                     "brush": pg.mkBrush(brush) if brush is not None else pg.mkBrush(None)}
        self._x = self._y = np.empty(0)
        self._sizes = None  # per point, or None: opts["size"] for all
        self._pictures = {}  # (size, device pixel ratio) -> pixmap
        self._rect = None
        self._upto = None  # only the points left of this x are drawn, for now (``reveal``)
        self._fragments = PrimitiveArray(QPainter.PixmapFragment, 10) if PrimitiveArray else None

    # ------------------------------------------------------------------ data
    #: A change of at most this many points repaints only around them (a moved or
    #: added point in a big file): the rest of the cached picture stays as it is.
    FEW = 64

    def setData(self, x=(), y=(), size=None, upto=None):
        """The points; ``upto``: for now draw only those left of x = ``upto`` (the
        others with ``reveal``: a big set's picture made in parts)."""
        old_x, old_y, whole = self._x, self._y, self._upto is None
        self._x = np.array(x, dtype=float).ravel()
        self._y = np.array(y, dtype=float).ravel()
        self._upto = upto
        if size is not None:
            self.setSize(size)
            return
        if self._sizes is None and whole and len(old_x) == len(self._x) > self.FEW:
            moved = ~(_same(old_x, self._x) & _same(old_y, self._y))
            if moved.sum() <= self.FEW:
                self._changed_at(np.r_[old_x[moved], self._x[moved]],
                                 np.r_[old_y[moved], self._y[moved]])
                return
        self._sizes = None
        self._changed()

    def set_in_strips(self, x, y, most):
        """Set the points, drawing for now only the strip of the map (left to right)
        holding the first ``most`` or so of them; return the ``reveal`` line of each
        strip after it (the last None: all)."""
        x = np.asarray(x, dtype=float)
        parts = -(-len(x) // most)
        cuts = list(np.unique(np.quantile(x, np.arange(1, parts) / parts))) if parts > 1 else []
        self.setData(x, y, upto=cuts[0] if cuts else None)
        return cuts[1:] + [None] if cuts else []

    def reveal(self, upto=None):
        """Draw the points left of x = ``upto`` as well (None: all of them).  Only the
        strip they fill is painted again: the picture kept of the others stays."""
        old, self._upto = self._upto, upto
        if old is None:
            return
        if upto is not None and upto <= old:  # (fewer: not what it is for)
            self._changed()
            return
        shown = (self._x >= old) if upto is None else (self._x >= old) & (self._x < upto)
        if not shown.any():
            return
        px, py = self.pixelVectors()
        if px is None or py is None:
            self.update()
            return
        pad = self.pixelPadding() * abs(px.x()) + abs(px.x())
        rect = self.boundingRect()
        x0, x1 = self._x[shown].min() - pad, self._x[shown].max() + pad
        self.update(QRectF(x0, rect.top(), x1 - x0, rect.height()))

    def addPoints(self, x, y):
        self.reveal()
        x = np.asarray(x, dtype=float).ravel()
        y = np.asarray(y, dtype=float).ravel()
        self._x = np.concatenate([self._x, x])
        self._y = np.concatenate([self._y, y])
        if self._sizes is not None:
            pad = np.full(len(self._x) - len(self._sizes), float(self.opts["size"]))
            self._sizes = np.concatenate([self._sizes, pad])
        if len(x) <= self.FEW and len(self._x) > len(x):
            self._changed_at(x, y)
        else:
            self._changed()

    def getData(self):
        return self._x, self._y

    def __len__(self):
        return len(self._x)

    # ----------------------------------------------------------------- style
    def setSize(self, size):
        if np.ndim(size):
            size = np.asarray(size, dtype=float).ravel()
            if len(size) != len(self._x):
                raise ValueError(f"{len(size)} sizes for {len(self._x)} points")
            self._sizes = np.round(size)  # whole pixels: one picture per size drawn
        else:
            self.opts["size"], self._sizes = size, None
            self._pictures.clear()
        self._changed()

    def setPen(self, *args, **kwargs):
        self.opts["pen"] = pg.mkPen(*args, **kwargs)
        self._restyled()

    def setBrush(self, *args, **kwargs):
        self.opts["brush"] = pg.mkBrush(*args, **kwargs)
        self._restyled()

    def _restyled(self):
        self._pictures.clear()
        self._changed()

    def _changed(self):
        self.prepareGeometryChange()
        self._rect = None
        self.update()

    def _changed_at(self, xs, ys):
        """Only the points at (xs, ys) -- old and new places -- look different."""
        before = self.boundingRect()
        self._rect = None
        if self.boundingRect() != before:  # the picture grows or shrinks: all of it
            self._rect = before
            self._changed()
            return
        pad = self.pixelPadding()
        px, py = self.pixelVectors()
        if px is None or py is None:
            self.update()
            return
        dx, dy = pad * abs(px.x()) + abs(px.x()), pad * abs(py.y()) + abs(py.y())
        for x, y in zip(xs.tolist(), ys.tolist()):
            if np.isfinite(x) and np.isfinite(y):
                self.update(QRectF(x - dx, y - dy, 2 * dx, 2 * dy))

    def _picture(self, size, ratio):
        key = (size, ratio)
        pix = self._pictures.get(key)
        if pix is None:
            pen = self.opts["pen"]
            margin = pen.widthF() if pen.style() != Qt.PenStyle.NoPen else 0.0
            side = max(1, int(np.ceil((size + margin + 2) * ratio)))
            pix = QPixmap(side, side)
            pix.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pix)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.translate(side / 2, side / 2)
            painter.scale(size * ratio, size * ratio)
            pen = pg.mkPen(pen)
            pen.setWidthF(pen.widthF() * ratio)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.setBrush(self.opts["brush"])
            painter.drawPath(pg.graphicsItems.ScatterPlotItem.Symbols[self.opts["symbol"]])
            painter.end()
            self._pictures[key] = pix
        return pix

    # -------------------------------------------------------------- geometry
    def _largest(self):
        return float(self._sizes.max()) if self._sizes is not None and len(self._sizes) \
            else float(self.opts["size"])

    def pixelPadding(self):
        """Pixels the symbols reach beyond their centres (for the view's auto range)."""
        return 0.5 * self._largest() + self.opts["pen"].widthF() + 1.0

    def dataBounds(self, ax, frac=1.0, orthoRange=None):
        v = self._x if ax == 0 else self._y
        v = v[np.isfinite(v)]
        return (None, None) if not len(v) else (float(v.min()), float(v.max()))

    def viewTransformChanged(self):
        # the padding in data units depends on the zoom
        self.prepareGeometryChange()
        self._rect = None

    def boundingRect(self):
        if self._rect is None:
            ok = np.isfinite(self._x) & np.isfinite(self._y)
            if not ok.any():
                self._rect = QRectF()
            else:
                x, y = self._x[ok], self._y[ok]
                x0, x1, y0, y1 = x.min(), x.max(), y.min(), y.max()
                pad = self.pixelPadding()
                px, py = self.pixelVectors()
                dx = pad * abs(px.x()) if px is not None else 0.0
                dy = pad * abs(py.y()) if py is not None else 0.0
                self._rect = QRectF(x0 - dx, y0 - dy, x1 - x0 + 2 * dx, y1 - y0 + 2 * dy)
        return QRectF(self._rect)

    # ----------------------------------------------------------------- paint
    def paint(self, painter, *args):
        n = len(self._x)
        if not n:
            return
        t = painter.transform()
        X = t.m11() * self._x + t.m21() * self._y + t.dx()
        Y = t.m12() * self._x + t.m22() * self._y + t.dy()
        ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
        keep = np.isfinite(X) & np.isfinite(Y)
        if self._upto is not None:
            keep &= self._x < self._upto
        sizes = self._sizes
        painter.save()
        painter.resetTransform()
        # only the points that reach into what is painted: the part being repainted, or
        # the whole picture (far-off points -- a zoomed view, absurd coordinates -- are
        # never handed to the raster engine)
        area = painter.clipBoundingRect() if painter.hasClipping() else QRectF(painter.window())
        r = self.pixelPadding()
        keep &= (X >= area.left() - r) & (X <= area.right() + r) \
            & (Y >= area.top() - r) & (Y <= area.bottom() + r)
        groups = [(float(self.opts["size"]), keep)] if sizes is None else \
            [(float(s), keep & (sizes == s)) for s in np.unique(sizes[keep])]
        for size, sel in groups:
            if size <= 0 or not sel.any():
                continue
            pix = self._picture(size, ratio)
            self._draw(painter, pix, X[sel], Y[sel], ratio)
        painter.restore()

    def _draw(self, painter, pix, X, Y, ratio):
        w, h = pix.width(), pix.height()
        if self._fragments is None:  # pragma: no cover
            for x, y in zip(X, Y):
                painter.drawPixmap(QRectF(x - w / (2 * ratio), y - h / (2 * ratio),
                                          w / ratio, h / ratio), pix, QRectF(0, 0, w, h))
            return
        frags = self._fragments
        frags.resize(len(X))
        a = frags.ndarray()
        a[:, 0] = X  # the centre of each copy, in device pixels
        a[:, 1] = Y
        # the source rectangle (0, 0, w, h), scale, no rotation, opaque: one row for all
        a[:, 2:] = (0.0, 0.0, w, h, 1.0 / ratio, 1.0 / ratio, 0.0, 1.0)
        painter.drawPixmapFragments(*frags.drawargs(), pix)


def _same(a, b):
    """Element-wise equal, NaN equal to NaN."""
    with np.errstate(invalid="ignore"):
        return (a == b) | (np.isnan(a) & np.isnan(b))
