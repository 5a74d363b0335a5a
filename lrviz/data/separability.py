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


#: directions of the extreme points whose polygon rules out the points inside it
#: before the hull is traced (Akl–Toussaint): 16 of them leave a few per cent of a
#: large cloud, or of a noisy ring, to the point-by-point loop
DIRECTIONS = 16


def _outside_extremes(P):
    """The points not strictly inside the polygon of the extreme points along
    DIRECTIONS directions: the only ones that can be corners of the hull.  (One
    direction, one edge at a time over the columns: a few short numpy calls each, never
    one long one that holds the interpreter from the window.)"""
    if len(P) < 8 * DIRECTIONS:
        return P
    x, y = np.ascontiguousarray(P[:, 0]), np.ascontiguousarray(P[:, 1])
    ends = []
    for angle in np.pi * np.arange(DIRECTIONS) / DIRECTIONS:
        proj = np.cos(angle) * x + np.sin(angle) * y
        ends += [int(proj.argmin()), int(proj.argmax())]
    poly = _monotone_chain(np.unique(P[np.unique(ends)], axis=0))
    if len(poly) < 3:
        return P
    # anticlockwise: inside is left of every edge, n·p < n·a with n the edge's right normal
    outside = np.zeros(len(P), bool)
    for a, b in zip(poly, np.roll(poly, -1, axis=0)):
        nx, ny = b[1] - a[1], a[0] - b[0]
        outside |= nx * x + ny * y >= nx * a[0] + ny * a[1]
    return P[outside]


def convex_hull(P):
    """Corners of the convex hull of 2-D points, anticlockwise (Andrew's monotone chain);
    one or two points for degenerate sets."""
    P = np.asarray(P, dtype=float).reshape(-1, 2)
    return _monotone_chain(np.unique(_outside_extremes(P), axis=0))


def _monotone_chain(P):
    """Hull of points sorted by x, then y, without duplicates."""
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

    rows = P.tolist()  # (Python floats: numpy's rows are slow to take apart one by one)
    lower, upper = half(rows), half(rows[::-1])
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
