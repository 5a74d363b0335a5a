"""Can one straight line split two classes of 2-D points?  Exactly, by convex hulls (numpy).

Two finite point sets can be split by a line, with no point on it, exactly when
their convex hulls do not meet.  Two disjoint convex polygons always have a
separating line parallel to one of their edges (the separating axis theorem);
a hull that is a segment or a single point also needs the line across it, so
the axes tried are every hull edge's normal and direction, and the line
between two single points.  O(n log n): instant for the largest point file.
"""
from __future__ import annotations

import numpy as np

#: Gaps smaller than this share of the points' extent count as touching: a line
#: through a point does not split it from the other class.
TOUCH = 1e-12


def convex_hull(P):
    """Corners of the convex hull of 2-D points, anticlockwise (Andrew's monotone chain);
    one or two points for degenerate sets."""
    P = np.unique(np.asarray(P, dtype=float).reshape(-1, 2), axis=0)  # sorted by x, then y
    if len(P) <= 2:
        return P

    def half(points):
        chain = []
        for p in points:
            while len(chain) >= 2:
                (ax, ay), (bx, by) = chain[-2], chain[-1]
                if (bx - ax) * (p[1] - ay) - (by - ay) * (p[0] - ax) > 0:
                    break
                chain.pop()
            chain.append(p)
        return chain

    lower, upper = half(P), half(P[::-1])
    return np.array(lower[:-1] + upper[:-1])


def _axes(hull):
    if len(hull) < 2:
        return []
    edges = np.roll(hull, -1, axis=0) - hull
    edges = edges[np.hypot(*edges.T) > 0]
    return list(edges) + [np.array([-e[1], e[0]]) for e in edges]


def linearly_separable(X, y):
    """True when a straight line has every point of class 0 strictly on one side and
    every point of class 1 strictly on the other (False with an empty class)."""
    X = np.asarray(X, dtype=float).reshape(-1, 2)
    y = np.asarray(y)
    A, B = X[y == 0], X[y == 1]
    if not len(A) or not len(B) or len(A) + len(B) != len(X):
        return False
    hA, hB = convex_hull(A), convex_hull(B)
    axes = _axes(hA) + _axes(hB)
    if len(hA) == 1 and len(hB) == 1:
        axes.append(hB[0] - hA[0])
    extent = max(float(np.abs(X).max()), 1e-300)
    for a in axes:
        if not np.hypot(*a) > 0:
            continue  # two points of different classes in one place
        a = a / np.hypot(*a)
        pa, pb = hA @ a, hB @ a
        if pa.max() < pb.min() - TOUCH * extent or pb.max() < pa.min() - TOUCH * extent:
            return True
    return False
