"""Logistic regression's line made touchable, drawn over a ``ProbabilityMap``.

* **Arrows.**  w as an arrow from the line, perpendicular to it, its length
  proportional to |w| (the steepness of the sigmoid across the line); each
  point's pull (y − ŷ)·x as a thin arrow at the point; and their mean -- the
  direction of the next gradient step on w -- from the tip of w, on w's scale, so
  w moves by the learning rate times it (it shrinks to nothing as the loss
  levels out).
* **Handles.**  Three handles on the line: the centre moves it (b), the ring
  turns it (the direction of w), the tip of w sets its steepness (|w|).  Moves
  are reported as ``lineMoved(w, b, finished)`` in the inputs' own units; the
  owner decides what they do to the model.

Everything is in the map's (the inputs') units: the line is w·x + b = 0.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, Signal

from ..theme import ink, ink_brush, inked, themed

#: the arrows' colours, roles of the theme (look.THEMES): w in the boundary's colour,
#: the step in Okabe-Ito reddish purple (no class's colour), the points' pulls in grey
W_HEX, STEP_HEX, PULL_HEX = "boundary", "pink", "muted"
HEAD = 0.28  # an arrow head's length as a share of the arrow (at most HEAD_MAX of the view)
HEAD_MAX = 0.03


def nice(v):
    """The largest of 1, 2, 5 × 10^k at most ``v`` (scales that read as round numbers)."""
    if not v > 0 or not np.isfinite(v):
        return 1.0
    k = np.floor(np.log10(v))
    for m in (5.0, 2.0, 1.0):
        if m * 10 ** k <= v:
            return float(m * 10 ** k)
    return float(10 ** k)


def arrows(starts, vectors, head):
    """Shaft and two barbs of each arrow, as point pairs (for connect="pairs")."""
    starts = np.asarray(starts, dtype=float).reshape(-1, 2)
    vectors = np.asarray(vectors, dtype=float).reshape(-1, 2)
    tips = starts + vectors
    length = np.hypot(*vectors.T)[:, None]
    unit = np.divide(vectors, length, out=np.zeros_like(vectors), where=length > 0)
    h = np.minimum(length * HEAD, head)
    out = []
    for angle in (0.45, -0.45):
        c, s = np.cos(angle), np.sin(angle)
        back = -np.column_stack([c * unit[:, 0] - s * unit[:, 1], s * unit[:, 0] + c * unit[:, 1]])
        out.append((tips, tips + h * back))
    pairs = [np.stack([starts, tips], axis=1)] + [np.stack(p, axis=1) for p in out]
    return np.concatenate(pairs, axis=0).reshape(-1, 2)


def foot(anchor, w, b):
    """The point of the line w·x + b = 0 nearest to ``anchor``."""
    anchor = np.asarray(anchor, dtype=float)
    return anchor - (w @ anchor + b) / (w @ w) * w


class LineTools(QObject):
    """Arrows and handles for the line w·x + b = 0 on ``plot`` (a ProbabilityMap)."""

    lineMoved = Signal(object, float, bool)  # w (2,), b, finished

    def __init__(self, plot):
        super().__init__(plot)
        self.plot = plot
        self.pull_item = inked(pg.PlotCurveItem(connect="pairs"), PULL_HEX, width=1.3)
        self.w_item = inked(pg.PlotCurveItem(connect="pairs"), W_HEX, width=3.5)
        self.step_item = inked(pg.PlotCurveItem(connect="pairs"), STEP_HEX, width=3.5)
        self.w_label = inked(pg.TextItem("w", anchor=(0, 1)), W_HEX)
        for z, item in enumerate((self.pull_item, self.w_item, self.step_item, self.w_label)):
            item.setZValue(7 + z)
            item.setVisible(False)
            plot.addItem(item)
        handle = dict(size=20, movable=True)
        # (hollow handles: the background's colour inside, the line's around)
        self.move_handle = themed(pg.TargetItem(symbol="s", **handle), lambda h: (
            h.setPen(pg.mkPen(ink(W_HEX), width=2.5)), h.setBrush(ink_brush("background", 220))))
        self.turn_handle = themed(pg.TargetItem(symbol="o", **handle), lambda h: (
            h.setPen(pg.mkPen(ink(W_HEX), width=2.5)), h.setBrush(ink_brush("background", 220))))
        self.steep_handle = themed(pg.TargetItem(symbol="d", **handle), lambda h: (
            h.setPen(pg.mkPen(ink(W_HEX), width=2)), h.setBrush(ink_brush(W_HEX))))
        tips = {self.move_handle: "Drag to move the line (changes b)",
                self.turn_handle: "Drag to turn the line (the direction of w)",
                self.steep_handle: "Drag along w to set its length: a longer w makes the "
                                   "change from 0 to 1 across the line steeper"}
        for h, tip in tips.items():
            h.setToolTip(tip)
            h.setZValue(20)
            h.setVisible(False)
            plot.addItem(h)
            h.sigPositionChanged.connect(lambda _h, h=h: self._dragged(h, False))
            h.sigPositionChangeFinished.connect(lambda _h, h=h: self._dragged(h, True))
        self.arrows_on = False
        self.handles_on = False
        self.line = None  # (w (2,), b) drawn
        self.anchor = None  # where on the line the arrows and handles sit
        self.w_scale = self.pull_scale = 1.0
        self.pulls = self.mean_pull = None
        self._placing = False
        self._dragging = False

    # ----------------------------------------------------------------- state
    def _span(self):
        x0, y0, w, h = self.plot.view_rect()
        return min(w, h), np.array([x0 + w / 2, y0 + h / 2])

    def _in_view(self, p):
        x0, y0, w, h = self.plot.view_rect()
        return x0 + 0.05 * w <= p[0] <= x0 + 0.95 * w and y0 + 0.05 * h <= p[1] <= y0 + 0.95 * h

    def show(self, line, X=None, pulls=None, arrows_on=None, handles_on=None):
        """Draw for the line (w, b) (None: no line), the points X and their pulls."""
        if arrows_on is not None:
            self.arrows_on = arrows_on
        if handles_on is not None:
            self.handles_on = handles_on
        ok = line is not None and np.isfinite(line[0]).all() and np.isfinite(line[1]) \
            and float(np.hypot(*line[0])) > 0
        self.line = (np.asarray(line[0], float), float(line[1])) if ok else None
        self.pulls = None if pulls is None else np.asarray(pulls, float)
        self.X = None if X is None else np.asarray(X, float)
        self._draw()

    def _draw(self):
        arrows_on = self.arrows_on and self.line is not None
        handles_on = self.handles_on and self.line is not None
        for item in (self.w_item, self.w_label, self.step_item, self.pull_item):
            item.setVisible(arrows_on or (handles_on and item in (self.w_item, self.w_label)))
        for h in (self.move_handle, self.turn_handle, self.steep_handle):
            h.setVisible(handles_on)
        if not (arrows_on or handles_on):
            return  # (nothing shown: no work at every frame)
        w, b = self.line
        span, centre = self._span()
        if self.anchor is None or not self._in_view(foot(self.anchor, w, b)):
            self.anchor = centre
        c = foot(self.anchor, w, b)
        self.anchor = c
        # w: the arrow is a fixed multiple of w (round: "1 unit of |w| = s on the map")
        if not self._dragging:  # (a fixed scale under the hand that drags the tip)
            self.w_scale = nice(0.25 * span / max(float(np.hypot(*w)), 1e-12))
        head = HEAD_MAX * span * 1.5
        tip = c + self.w_scale * w
        self.w_item.setData(*arrows(c, self.w_scale * w, head).T, connect="pairs")
        self.w_label.setPos(*tip)
        if arrows_on and self.pulls is not None and len(self.pulls):
            self.mean_pull = self.pulls.mean(axis=0)
            longest = float(np.hypot(*self.pulls.T).max())
            self.pull_scale = nice(0.08 * span / longest) if longest > 0 else 1.0
            self.pull_item.setData(*arrows(self.X, self.pull_scale * self.pulls,
                                           HEAD_MAX * span).T, connect="pairs")
            # on w's own scale, from its tip: w moves by the learning rate times this
            self.step_item.setData(*arrows(tip, self.w_scale * self.mean_pull, head).T,
                                   connect="pairs")
        else:
            self.mean_pull = None
            self.pull_item.setData([], [])
            self.step_item.setData([], [])
        if handles_on and not self._placing:
            self._placing = True
            try:
                u = np.array([-w[1], w[0]]) / np.hypot(*w)
                self.move_handle.setPos(*c)
                self.turn_handle.setPos(*(c + 0.3 * span * u))
                self.steep_handle.setPos(*tip)
            finally:
                self._placing = False

    def key(self):
        """One line saying what the arrows are and their scales (None: no arrows)."""
        if not (self.arrows_on and self.line is not None):
            return None
        text = f"<b style='color:{ink(W_HEX)}'>→ w</b> ×{self.w_scale:g}: longer = steeper"
        if self.mean_pull is not None:
            text += (f" · <span style='color:{ink(PULL_HEX)}'>→ pulls (y − ŷ)·x</span> "
                     f"×{self.pull_scale:g} · <b style='color:{ink(STEP_HEX)}'>→ their mean</b> "
                     f"×{self.w_scale:g}: w moves by η times it")
        return text

    def drawn_arrows(self):
        """{"w", "step", "pulls"}: (starts, vectors) of the drawn shafts, in map units
        (tests, and the scales say how they relate to w and the pulls)."""
        out = {}
        for key, item in (("w", self.w_item), ("step", self.step_item), ("pulls", self.pull_item)):
            x, y = item.getData()
            if x is None or not len(x) or not item.isVisible():
                continue
            pts = np.column_stack([x, y]).reshape(3, -1, 2, 2)[0]  # the shafts: first third
            out[key] = (pts[:, 0], pts[:, 1] - pts[:, 0])
        return out

    # ------------------------------------------------------------- dragging
    def _dragged(self, handle, finished):
        if self._placing or self.line is None:
            return
        self._dragging = not finished
        w, b = self.line
        c = self.anchor
        p = np.array([handle.pos().x(), handle.pos().y()])
        norm = float(np.hypot(*w))
        if handle is self.move_handle:  # the line through p, w unchanged
            self.anchor = p
            b = float(-w @ p)
        elif handle is self.turn_handle:  # the line through c along c -> p, |w| unchanged
            d = p - c
            if np.hypot(*d) < 1e-9:
                return
            u = d / np.hypot(*d)
            w = norm * np.array([u[1], -u[0]])
            b = float(-w @ c)
        else:  # |w| from the distance of p along w's direction
            along = float((p - c) @ (w / norm)) / self.w_scale
            w = w / norm * max(along, 1e-3)
            b = float(-w @ c)
        self.line = (w, b)
        self.lineMoved.emit(w, b, finished)
