"""The Builder's "Draw your guess": a line the student drags to where they expect the
boundary, before Run; after Run it stays beside the boundary, and the two are
compared (``lrviz.lessons.guess``)."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from ....colours import CLASS_HEX
from ....lessons.guess import compare_line, compare_lines
from ...look import ink
from .hands_on import line_of

GUESS_ROLE = "pink"  # the theme's Okabe-Ito reddish purple: no class's colour


class GuessLine:
    """A dashed segment with a handle at each end on ``view_map``: drag an end to turn
    it, the segment to move it."""

    def __init__(self, view_map):
        self.map = view_map
        self.roi = None
        self.class_item = None  # the class's guesses, faint

    def page_map(self, X, y, most=400):
        """The map as the class's page draws it (a square): the points' extent with a
        margin (the view's range, if there are none), at most ``most`` of the points
        (an even sample) and the classes' colours."""
        X = np.zeros((0, 2)) if X is None else X
        if len(X):
            lo, hi = X.min(axis=0), X.max(axis=0)
            middle, half = (lo + hi) / 2, 0.6 * max(float((hi - lo).max()), 1e-9)
            (x0, x1), (y0, y1) = (middle[0] - half, middle[0] + half), (middle[1] - half,
                                                                         middle[1] + half)
        else:
            (x0, x1), (y0, y1) = self.map.plot_item.vb.viewRange()
        pick = np.linspace(0, len(X) - 1, min(len(X), most)).astype(int) if len(X) else []
        return {"x": [float(x0), float(x1)], "y": [float(y0), float(y1)],
                "points": [[round(float(X[i, 0]), 4), round(float(X[i, 1]), 4), int(y[i])]
                           for i in pick],
                "colours": list(CLASS_HEX)}

    def show_class(self, lines):
        """The class's guessed lines, thin and faint under the student's own."""
        if self.class_item is None:
            self.class_item = pg.PlotCurveItem(connect="pairs")
            self.class_item.setZValue(15)
            self.map.addItem(self.class_item)
        colour = pg.mkColor(ink(GUESS_ROLE))
        colour.setAlpha(110)
        self.class_item.setPen(pg.mkPen(colour, width=2))
        xs = np.array([[a, c] for a, _, c, _ in lines], dtype=float).ravel()
        ys = np.array([[b, d] for _, b, _, d in lines], dtype=float).ravel()
        self.class_item.setData(xs, ys)
        self.class_item.setToolTip(f"The class's guesses: {len(lines)}")

    def judge_class(self, model, X, lines):
        line = line_of(model)
        if line is None or not lines:
            return ""
        centre = X.mean(axis=0) if X is not None and len(X) else np.zeros(2)
        return compare_lines(lines, *line, centre)

    def start(self, X):
        """A level line through the middle of the points ``X`` (the view's, if none)."""
        self.stop()
        (x0, x1), (y0, y1) = self.map.plot_item.vb.viewRange()
        centre = X.mean(axis=0) if X is not None and len(X) else ((x0 + x1) / 2, (y0 + y1) / 2)
        half = 0.3 * (x1 - x0)
        pen = pg.mkPen(ink(GUESS_ROLE), width=4, style=Qt.DashLine)
        self.roi = pg.LineSegmentROI([(centre[0] - half, centre[1]), (centre[0] + half, centre[1])],
                                     pen=pen, hoverPen=pg.mkPen(ink(GUESS_ROLE), width=6),
                                     handlePen=pg.mkPen(ink(GUESS_ROLE), width=3))
        self.roi.setZValue(20)
        self.roi.setToolTip("Your guess: drag an end to turn it, the line to move it")
        self.map.addItem(self.roi)

    def ends(self):
        """The two ends of the guess, in the map's units (None: no guess shown)."""
        if self.roi is None:
            return None
        return [np.array([p.x(), p.y()]) for p in
                (self.roi.mapToParent(h.pos()) for h in self.roi.getHandles())]

    def freeze(self):
        """Run has started: the guess stays as it was."""
        if self.roi is not None:
            self.roi.translatable = False
            for h in self.roi.getHandles():
                h.setVisible(False)

    def judge(self, model, X):
        line = line_of(model)
        ends = self.ends()
        if ends is None:
            return ""
        if line is None:
            return "Your guess is a straight line; this model's boundary is not one."
        centre = X.mean(axis=0) if X is not None and len(X) else (ends[0] + ends[1]) / 2
        return compare_line(ends, *line, centre).words()

    def stop(self):
        if self.class_item is not None:
            self.map.removeItem(self.class_item)
            self.class_item = None
        if self.roi is not None:
            self.map.removeItem(self.roi)
            self.roi = None
