"""A student's guess of a boundary, set against the one the model learnt (no Qt).

A "Draw your guess" step asks for a line before Run: where will the boundary lie?
After Run the two are compared in the two numbers a line has: its direction (the
angle between the lines, 0° to 90°) and its place (how far the guess passes from
the boundary where the boundary runs through the middle of the points).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class LineGuess:
    angle: float  # degrees between the two lines, 0 to 90 (nan: the model has no line)
    offset: float  # distance from the guess to the boundary at the points' middle

    def words(self):
        """The comparison in a sentence."""
        if not np.isfinite(self.angle):
            return ("The model drew no boundary (it gives every point P = 0.5), so there "
                    "is no line to compare your guess with.")
        turn = "the same direction" if self.angle < 0.5 else f"directions {self.angle:.0f}° apart"
        near = "on it" if self.offset < 0.005 else f"{self.offset:.2g} away"
        return (f"Your guess and the boundary run in {turn}; where the boundary passes the "
                f"middle of the points, your guess is {near}.")


def compare_line(ends, w, b, centre):
    """``ends``: two points of the guessed line; the boundary is w·x + b = 0; ``centre``:
    the middle of the points.  Refuses a guess of two equal points."""
    p, q = (np.asarray(e, dtype=float) for e in ends)
    d = q - p
    if not np.isfinite(d).all() or not np.hypot(*d) > 0:
        raise ValueError("a guessed line needs two different points")
    w = np.asarray(w, dtype=float)
    if not np.isfinite(w).all() or not np.isfinite(b) or not np.hypot(*w) > 0:
        return LineGuess(float("nan"), float("nan"))
    along = np.array([-w[1], w[0]])  # the boundary's direction
    cos = abs(d @ along) / (np.hypot(*d) * np.hypot(*along))
    angle = float(np.degrees(np.arccos(min(1.0, cos))))
    c = np.asarray(centre, dtype=float)
    middle = c - (w @ c + b) / (w @ w) * w  # the boundary's point nearest the middle
    offset = abs(d[0] * (middle - p)[1] - d[1] * (middle - p)[0]) / np.hypot(*d)
    return LineGuess(angle, float(offset))


def compare_lines(lines, w, b, centre):
    """A class's guessed lines against the boundary w·x + b = 0, in a sentence: how many
    ran within 15° of its direction, and the middle (median) angle and distance."""
    found = [compare_line(((x1, y1), (x2, y2)), w, b, centre) for x1, y1, x2, y2 in lines]
    found = [g for g in found if np.isfinite(g.angle)]
    if not found:
        return ""
    angles = np.array([g.angle for g in found])
    offsets = np.array([g.offset for g in found])
    near = int((angles <= 15.0).sum())
    return (f"{near} of {len(found)} ran within 15° of the boundary's direction; the "
            f"middle guess was {np.median(angles):.0f}° off and passed "
            f"{np.median(offsets):.2g} from it at the middle of the points.")
