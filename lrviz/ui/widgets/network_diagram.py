"""A network drawn as nodes and edges: colour = sign of the weight, width = its size."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal

from ..live import LivePlot
from ..theme import ink, ink_brush, inked, themed

# Signs in colours no class uses (the points beside the diagram are orange and blue),
# told apart without colour too: negative edges are dashed.
POSITIVE_HEX = "#9467BD"  # purple
NEGATIVE_HEX = "#8C6D31"  # brown
SIGN_WORDS = ("purple +", "brown −")  # (the brown edges are dashed too)
MAX_WIDTH = 9.0


def edge_style(weight, biggest):
    """(hex colour, width in pixels) for one edge."""
    colour = POSITIVE_HEX if weight >= 0 else NEGATIVE_HEX
    width = 0.5 + (MAX_WIDTH - 0.5) * min(1.0, abs(weight) / biggest) if biggest > 0 else 0.5
    return colour, width


#: Edge widths are drawn in steps of this many pixels: an edge is repainted only when
#: its look changes by a step, not at every epoch's tiny change of its weight.
WIDTH_STEP = 0.25


def edge_look(weight, biggest):
    """(colour, width rounded to WIDTH_STEP, dashed?) of one edge."""
    colour, width = edge_style(weight, biggest)
    return colour, round(width / WIDTH_STEP) * WIDTH_STEP, weight < 0


def edge_pen(look):
    colour, width, dashed = look
    return pg.mkPen(colour, width=width, style=Qt.DashLine if dashed else Qt.SolidLine)


class NetworkDiagram(LivePlot):
    """Input -> hidden -> output.  ``unitSelected(int)`` when a hidden unit is hovered/clicked."""

    unitSelected = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        pi = self.getPlotItem()
        pi.hideAxis("left")
        pi.hideAxis("bottom")
        pi.hideButtons()
        self.setMenuEnabled(False)
        self.setMouseEnabled(False, False)
        pi.setTitle(f"Weights: {SIGN_WORDS[0]}, {SIGN_WORDS[1]}", size="11pt")
        self.edges = []  # (layer, i, j, item)
        self.sizes = None
        # units: rings in the text's colour around the background, their names inside
        self.nodes = themed(pg.ScatterPlotItem(size=30), lambda nodes: (
            nodes.setPen(pg.mkPen(ink("ink"), width=2)), self._mark_selected()))
        self.nodes.setZValue(10)
        self.addItem(self.nodes)
        self.labels = []
        self.selected = 0
        self.scene().sigMouseMoved.connect(self._hover)
        self.scene().sigMouseClicked.connect(lambda ev: self._hover(ev.scenePos()))

    def _positions(self, sizes):
        pos = []
        for layer, n in enumerate(sizes):
            ys = np.linspace(-(n - 1) / 2, (n - 1) / 2, n) if n > 1 else np.zeros(1)
            pos.append(np.column_stack([np.full(n, layer * 2.0), -ys]))
        return pos

    def set_shape(self, sizes, names):
        """sizes: units per layer; names: labels per layer (lists)."""
        for *_, item in self.edges:
            self.removeItem(item)
        for t in self.labels:
            self.removeItem(t)
        self.edges, self.labels = [], []
        self._looks = {}
        self.sizes = tuple(sizes)
        self.unit_pos = self._positions(sizes)
        for layer in range(len(sizes) - 1):
            for i, a in enumerate(self.unit_pos[layer]):
                for j, b in enumerate(self.unit_pos[layer + 1]):
                    item = pg.PlotCurveItem([a[0], b[0]], [a[1], b[1]])
                    self.addItem(item)
                    self.edges.append((layer, i, j, item))
        self.nodes.setData(pos=np.vstack(self.unit_pos))
        for layer, layer_names in enumerate(names):
            for p, name in zip(self.unit_pos[layer], layer_names):
                t = inked(pg.TextItem(name, anchor=(0.5, 0.5)), "ink")
                t.setPos(*p)
                t.setZValue(20)
                self.addItem(t)
                self.labels.append(t)
        h = max(sizes)
        self.setXRange(-0.6, 2.0 * (len(sizes) - 1) + 0.6, padding=0)
        self.setYRange(-h / 2 - 0.3, h / 2 + 0.3, padding=0)
        self._mark_selected()

    def set_weights(self, weights):
        """weights: one (n_in, n_out) matrix per layer."""
        biggest = max(float(np.abs(W).max()) for W in weights) if weights else 1.0
        for k, (layer, i, j, item) in enumerate(self.edges):
            look = edge_look(weights[layer][i, j], biggest)
            if look != self._looks.get(k):  # (unchanged edges cost nothing to draw)
                self._looks[k] = look
                item.setPen(edge_pen(look))

    def _mark_selected(self):
        if self.sizes is None:
            return
        brushes = [ink_brush("background")] * sum(self.sizes)
        k = self.sizes[0] + self.selected
        if self.selected < self.sizes[1]:
            brushes[k] = ink_brush("highlight")
        self.nodes.setBrush(brushes)

    def select(self, unit):
        if self.sizes is not None and 0 <= unit < self.sizes[1] and unit != self.selected:
            self.selected = unit
            self._mark_selected()
            self.unitSelected.emit(unit)

    def _hover(self, scene_pos):
        if self.sizes is None:
            return
        vb = self.getPlotItem().vb
        p = vb.mapSceneToView(scene_pos)
        hidden = self.unit_pos[1]
        d = np.hypot(hidden[:, 0] - p.x(), hidden[:, 1] - p.y())
        j = int(np.argmin(d))
        if d[j] < 0.45:
            self.select(j)
