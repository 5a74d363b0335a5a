"""A heatmap that paints a ready-made RGBX image into a rectangle of data space,
and ``ValueImage``: values on a grid in a colour map, the same way.

pyqtgraph's ImageItem re-renders its image through levels and lookup tables on
every change; our colours are final, so handing Qt the bytes directly makes a
frame several times cheaper.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter

from ..theme import table_colours


def visibly_changed(index, shown, faint_share=0.0):
    """Would colours ``index`` (rows of a colour table, one per cell) look different from
    the ``shown`` ones?  Neighbouring rows differ by one step of a smooth ramp, too
    little to see: a change of one step in at most ``faint_share`` of the cells does
    not count (a settling model's picture then costs no repaint); two steps anywhere,
    or another class, do -- and faint changes add up against what is shown, so
    they are drawn once they grow."""
    if shown is None or shown.shape != index.shape:
        return True
    steps = np.abs(index - shown)
    if not steps.any():
        return False
    return bool(steps.max() >= 2 or np.count_nonzero(steps) > faint_share * steps.size)


class HeatmapItem(pg.GraphicsObject):
    def __init__(self):
        super().__init__()
        self.image = None  # the (rows, cols, 4) uint8 array shown; row 0 at the rect's y0
        self._qimage = None
        self._rect = QRectF(0, 0, 1, 1)
        #: blend neighbouring cells when the image is scaled up (bilinear): a curved
        #: boundary's band of colour is drawn smooth, not as a staircase of cells
        self.smooth = True

    def setImage(self, rgbx):
        rgbx = np.ascontiguousarray(rgbx, dtype=np.uint8)
        if rgbx.ndim != 3 or rgbx.shape[2] != 4:
            raise ValueError(f"need an (rows, cols, 4) RGBX image, got shape {rgbx.shape}")
        self.image = rgbx
        h, w = rgbx.shape[:2]
        # rows top-down for the screen (data y grows upwards); kept alive with the QImage
        self._rows = np.ascontiguousarray(rgbx[::-1])
        self._qimage = QImage(self._rows.data, w, h, 4 * w, QImage.Format_RGBX8888)
        self.update()

    def setRect(self, x, y, w, h):
        self.prepareGeometryChange()
        self._rect = QRectF(x, y, w, h)
        self.update()

    def clear(self):
        self.image = self._qimage = None
        self.update()

    def boundingRect(self):
        return QRectF(self._rect)

    def paint(self, painter, *args):
        if self._qimage is None:
            return
        # Paint in device pixels: Qt's fast scaled-image path does not take the
        # y-flipped transform of a plot, and the generic path costs several times more.
        target = painter.transform().mapRect(self._rect)
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, self.smooth)
        painter.drawImage(target, self._qimage)
        painter.restore()


class ValueImage(HeatmapItem):
    """Values on a grid in a colour map (viridis: low dark, high yellow).

    Each value picks one of 256 colours; a frame whose colours are the ones shown
    already, give or take one step, costs no repaint (a hidden unit that settles).
    ``values`` are the newest given, drawn or not."""

    STEPS = 256

    def __init__(self, colormap="viridis"):
        super().__init__()
        rgb = pg.colormap.get(colormap).getLookupTable(0.0, 1.0, self.STEPS, alpha=False)
        self.table = np.column_stack([rgb, np.full(self.STEPS, 255)]).astype(np.uint8)
        self.values = None  # the (rows, cols) values shown
        self._index = None

    def set_values(self, values, levels):
        """Show ``values`` with ``levels`` = (value drawn darkest, value drawn brightest).
        Returns whether the picture changed."""
        lo, hi = levels
        self.values = values = np.asarray(values, dtype=float)
        scale = (self.STEPS - 1) / (hi - lo) if hi > lo else 0.0
        index = (np.where(np.isfinite(values), values, lo) - lo) * scale + 0.5  # NaN: darkest
        np.clip(index, 0, self.STEPS - 1, out=index)
        index = index.astype(np.intp)
        if not visibly_changed(index, self._index, faint_share=1.0):  # (1/255: invisible)
            return False
        self._index = index
        self.setImage(table_colours(self.table, index))
        return True
