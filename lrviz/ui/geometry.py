"""Grids and contour lines in plain numpy (no Qt), fast enough to run every frame."""
from __future__ import annotations

import numpy as np


def grid_points(rect, n):
    """Centres of an n x n grid of cells covering rect = (x0, y0, width, height).

    Returns (points (n*n, 2) in row-major order, with rows going up in y)."""
    x0, y0, w, h = rect
    xs = x0 + (np.arange(n) + 0.5) * (w / n)
    ys = y0 + (np.arange(n) + 0.5) * (h / n)
    gx, gy = np.meshgrid(xs, ys)
    return np.column_stack([gx.ravel(), gy.ravel()])


def contour_segments(F, level, rect):
    """Marching squares: the line segments where the grid F crosses ``level``.

    F is sampled at the cell centres of ``grid_points(rect, n)`` (rows = y).
    Returns an (2 * n_segments, 2) array of segment end points in data
    coordinates, ready for a curve drawn with ``connect="pairs"``.
    """
    F = np.asarray(F, dtype=float)
    ny, nx = F.shape
    if ny < 2 or nx < 2:
        return np.empty((0, 2))
    a, b = F[:-1, :-1], F[:-1, 1:]
    c, d = F[1:, 1:], F[1:, :-1]
    i, j = np.meshgrid(np.arange(ny - 1, dtype=float), np.arange(nx - 1, dtype=float),
                       indexing="ij")
    pts, masks = [], []
    for p, q, fx, fy in (
        (a, b, lambda t: j + t, lambda t: i),          # top edge, a -> b
        (b, c, lambda t: j + 1, lambda t: i + t),      # right edge, b -> c
        (d, c, lambda t: j + t, lambda t: i + 1),      # bottom edge, d -> c
        (a, d, lambda t: j, lambda t: i + t),          # left edge, a -> d
    ):
        crosses = (p >= level) != (q >= level)
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.where(crosses, (level - p) / (q - p), 0.0)
        pts.append(np.stack(np.broadcast_arrays(fx(t), fy(t)), axis=-1))
        masks.append(crosses)
    pts = np.stack(pts)        # (4, ny-1, nx-1, 2)
    masks = np.stack(masks)    # (4, ny-1, nx-1)
    count = masks.sum(axis=0)
    segs = []
    two = count == 2
    if two.any():
        m = masks[:, two]                     # (4, n)
        first = m.argmax(axis=0)
        last = 3 - m[::-1].argmax(axis=0)
        p = pts[:, two]                       # (4, n, 2)
        cols = np.arange(p.shape[1])
        segs.append(np.stack([p[first, cols], p[last, cols]], axis=1))
    four = count == 4
    if four.any():
        p = pts[:, four]
        segs.append(np.stack([p[0], p[1]], axis=1))
        segs.append(np.stack([p[2], p[3]], axis=1))
    if not segs:
        return np.empty((0, 2))
    seg = np.concatenate(segs).reshape(-1, 2)
    x0, y0, w, h = rect
    out = np.empty_like(seg)
    out[:, 0] = x0 + (seg[:, 0] + 0.5) * (w / nx)
    out[:, 1] = y0 + (seg[:, 1] + 0.5) * (h / ny)
    return out
