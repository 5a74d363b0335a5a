"""A loss curve that grows by batches of per-epoch losses, one line per series."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from ..theme import style_plot


class _Series:
    def __init__(self, item):
        self.item = item
        self.x = np.empty(1024)
        self.y = np.empty(1024)
        self.n = 0

    def extend(self, xs, ys):
        need = self.n + len(xs)
        if need > len(self.x):
            size = max(need, 2 * len(self.x))
            self.x = np.resize(self.x, size)
            self.y = np.resize(self.y, size)
        self.x[self.n:need] = xs
        self.y[self.n:need] = ys
        self.n = need
        self.item.setData(self.x[:self.n], self.y[:self.n], connect="finite")

    def clear(self):
        self.n = 0
        self.item.setData([], [])


class LossPlot(pg.PlotWidget):
    """``add_series(name, color)``, then feed it snapshots with ``update_from``."""

    def __init__(self, title="Loss per epoch", parent=None, y_label="loss"):
        super().__init__(parent)
        self.setMinimumHeight(150)
        style_plot(self.getPlotItem(), "epoch", y_label, title)
        self.getPlotItem().setDownsampling(auto=True, mode="peak")
        self.getPlotItem().setClipToView(True)
        self.legend = self.getPlotItem().addLegend(offset=(-10, 10), labelTextSize="9pt")
        self.series: dict[str, _Series] = {}
        self.setMouseEnabled(x=False, y=False)
        self.getPlotItem().hideButtons()

    def add_series(self, key, label, color, dashed=False, width=2):
        pen = pg.mkPen(color, width=width, style=Qt.DashLine if dashed else Qt.SolidLine)
        item = self.plot([], [], pen=pen, name=label)
        self.series[key] = _Series(item)

    def extend(self, key, first_epoch, losses):
        losses = np.asarray(losses, dtype=float)
        if len(losses):
            self.series[key].extend(np.arange(first_epoch, first_epoch + len(losses)), losses)

    def append_point(self, key, epoch, value):
        self.series[key].extend([epoch], [value])

    def clear(self):
        for s in self.series.values():
            s.clear()

    def values(self, key):
        s = self.series[key]
        return s.x[:s.n].copy(), s.y[:s.n].copy()
