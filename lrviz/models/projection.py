"""Hidden spaces in two dimensions: where a network's hidden layer puts the points (numpy)."""
from __future__ import annotations

import functools

import numpy as np


def hidden_view(H, w_out, b_out, pair=None):
    """How to draw a hidden space in 2-D: (project, line).

    H: (n, units) activations of the points; w_out, b_out: the output unit's weights.
    pair=(i, j) draws units i and j (the other units held at the points' mean, so the
    line is exact only when there are two units).  Otherwise the first axis is
    the direction of the output weights -- the one direction the output unit
    looks along -- and the second the largest remaining spread of the points:
    then the line is exact for every point.  ``project(H2)`` places any
    activations (the points', a warped grid's) in that picture; the line is
    (a1, a2, c) for a1*u + a2*v + c = 0.
    """
    H = np.asarray(H, dtype=float)
    w_out = np.asarray(w_out, dtype=float)
    mean = H.mean(axis=0)
    if pair is not None:
        i, j = pair
        rest = [k for k in range(H.shape[1]) if k not in (i, j)]
        c = float(b_out + w_out[rest] @ mean[rest])
        return (lambda H2: np.asarray(H2, dtype=float)[:, [i, j]]), \
            (float(w_out[i]), float(w_out[j]), c)
    norm = float(np.linalg.norm(w_out))
    u1 = w_out / norm if norm > 0 else np.eye(H.shape[1])[0]
    rest = (H - mean) - np.outer((H - mean) @ u1, u1)
    _, _, Vt = np.linalg.svd(rest, full_matrices=False)
    u2 = Vt[0] - (Vt[0] @ u1) * u1
    n2 = np.linalg.norm(u2)
    u2 = u2 / n2 if n2 > 1e-12 else np.zeros_like(u1)
    if u2[np.abs(u2).argmax()] < 0:  # a fixed sign: the picture does not flip between frames
        u2 = -u2

    def project(H2):
        H2 = np.asarray(H2, dtype=float)
        return np.column_stack([H2 @ u1, (H2 - mean) @ u2])
    # z = w.h + b = norm * u + b: the boundary is the vertical line u = -b / norm
    return project, (norm, 0.0, float(b_out))


def hidden_projection(H, w_out, b_out, pair=None):
    """The points at their hidden activations in 2-D, and the output's boundary there:
    (coords (n, 2), (a1, a2, c)); see ``hidden_view``."""
    project, line = hidden_view(H, w_out, b_out, pair)
    return project(H), line


@functools.lru_cache(maxsize=8)
def warped_grid(rect, lines=9, samples=48):
    """Grid lines over the input rectangle (x0, y0, w, h) as one polyline with NaN
    breaks: drawn through a hidden layer, they show how it bends the plane.
    (Made once per rectangle -- a window draws it at every frame -- and read-only.)"""
    x0, y0, w, h = rect
    t = np.linspace(0.0, 1.0, samples)
    parts = []
    for v in np.linspace(0.0, 1.0, lines):
        parts.append(np.column_stack([x0 + t * w, np.full(samples, y0 + v * h)]))
        parts.append(np.column_stack([np.full(samples, x0 + v * w), y0 + t * h]))
    pts = np.concatenate([np.vstack([p, [[np.nan, np.nan]]]) for p in parts])
    pts.flags.writeable = False
    return pts


class OnPlane:
    """A model of ``n_features`` inputs drawn on the (x1, x2) plane: the first two
    inputs are the plane's, every further input is a copy of x1 (as the redundant-2d
    data set makes them, less their small noise).  Offers what a map draws."""

    def __init__(self, model, n_features):
        self.model, self.n_features = model, int(n_features)

    def _lift(self, X):
        X = np.asarray(X, dtype=float)
        return np.column_stack([X] + [X[:, :1]] * (self.n_features - 2))

    def proba_matrix(self, X):
        return self.model.proba_matrix(self._lift(X))

    def predict_proba(self, X):
        return self.model.predict_proba(self._lift(X))

    def parameters(self):
        return self.model.parameters()

    def get_params(self):
        return {**self.model.get_params(), "on_plane": self.n_features}

    def boundary_line(self):
        """Logistic regression (and a calibrated linear SVM) stays a straight line on the
        plane: the copies' weights add to x1's."""
        line = getattr(self.model, "boundary_coefficients", None)
        if line is not None:
            coefficients = line()
        else:
            raw = getattr(self.model, "raw_coefficients", None)
            if raw is None or getattr(self.model, "features", "") != "linear":
                return None
            coefficients = raw()
        if coefficients is None:
            return None
        w, b = coefficients
        return float(w[0] + w[2:].sum()), float(w[1]), float(b)
