"""Small maps of hidden units, side by side: what each unit responds to over the inputs."""
from __future__ import annotations

import pyqtgraph as pg

from ..geometry import drawable, grid_points
from .heatmap_item import ValueImage

GRID = 32  # cells per side of each small map


class UnitMaps(pg.GraphicsLayoutWidget):
    """One small heatmap per hidden unit (viridis: low dark, high yellow), titled h1, h2 …"""

    def __init__(self, columns=4, parent=None):
        super().__init__(parent)
        self.setMinimumHeight(90)
        self.setBackground(None)
        self.columns = columns
        self.cells = []  # (view box, image item, title label)
        self._rect = None

    def _ensure(self, n):
        if len(self.cells) == n:
            return
        self._rect = None
        self.clear()
        self.cells = []
        for j in range(n):
            r, c = divmod(j, self.columns)
            label = self.addLabel(f"h{j + 1}", row=2 * r, col=c, size="9pt")
            self.ci.layout.setRowMaximumHeight(2 * r, 22)  # a title row, not half the cell
            vb = self.addViewBox(row=2 * r + 1, col=c, lockAspect=False, enableMouse=False,
                                 enableMenu=False)
            img = ValueImage("viridis")
            vb.addItem(img)
            self.cells.append((vb, img, label))

    def show_layer(self, net, layer, rect, titles=None):
        """Each unit of hidden ``layer`` of ``net`` over the input rectangle ``rect``."""
        A = net.hidden_activations(grid_points(rect, GRID))[layer]
        self._ensure(A.shape[1])
        lo, hi = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}.get(net.activation, (None, None))
        moved, self._rect = rect != self._rect, rect
        for j, (vb, img, label) in enumerate(self.cells):
            a = drawable(A[:, j], fill=0.0).reshape(GRID, GRID)
            levels = (lo, hi) if lo is not None else (0.0, max(1e-9, float(a.max())))
            img.set_values(a, levels)
            if moved:
                img.setRect(*rect)
                vb.setRange(xRange=(rect[0], rect[0] + rect[2]),
                            yRange=(rect[1], rect[1] + rect[3]), padding=0)
            if titles is not None:
                label.setText(titles[j], size="9pt")
