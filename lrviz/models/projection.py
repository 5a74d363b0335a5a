"""Hidden spaces in two dimensions: where a network's hidden layer puts the points (numpy)."""
from __future__ import annotations

import numpy as np


def hidden_projection(H, w_out, b_out, pair=None):
    """Place points at their hidden activations in 2-D and give the output's boundary there.

    H: (n, units) activations; w_out, b_out: the output unit's weights.
    pair=(i, j) draws units i and j (the other units held at their mean, so the
    line is exact only when there are two units).  Otherwise the first axis is
    the direction of the output weights -- the one direction the output unit
    looks along -- and the second the largest remaining spread of the points:
    then the line is exact for every point.  Returns (coords (n, 2),
    (a1, a2, c)) for the line a1*u + a2*v + c = 0.
    """
    H = np.asarray(H, dtype=float)
    w_out = np.asarray(w_out, dtype=float)
    mean = H.mean(axis=0)
    if pair is not None:
        i, j = pair
        rest = [k for k in range(H.shape[1]) if k not in (i, j)]
        c = float(b_out + w_out[rest] @ mean[rest])
        return H[:, [i, j]], (float(w_out[i]), float(w_out[j]), c)
    norm = float(np.linalg.norm(w_out))
    u1 = w_out / norm if norm > 0 else np.eye(H.shape[1])[0]
    rest = (H - mean) - np.outer((H - mean) @ u1, u1)
    _, _, Vt = np.linalg.svd(rest, full_matrices=False)
    u2 = Vt[0] - (Vt[0] @ u1) * u1
    n2 = np.linalg.norm(u2)
    u2 = u2 / n2 if n2 > 1e-12 else np.zeros_like(u1)
    if u2[np.abs(u2).argmax()] < 0:  # a fixed sign: the picture does not flip between frames
        u2 = -u2
    coords = np.column_stack([H @ u1, (H - mean) @ u2])
    # z = w.h + b = norm * u + b: the boundary is the vertical line u = -b / norm
    return coords, (norm, 0.0, float(b_out))


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
        """Logistic regression stays a straight line on the plane: the copies' weights
        add to x1's."""
        raw = getattr(self.model, "raw_coefficients", None)
        if raw is None or getattr(self.model, "features", "") != "linear":
            return None
        w, b = raw()
        return float(w[0] + w[2:].sum()), float(w[1]), float(b)
