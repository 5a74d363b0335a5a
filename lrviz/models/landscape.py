"""Loss of a one-feature logistic model over a grid of (w, b): the landscapes the
Sigmoid & Loss tab draws.  numpy only."""
from __future__ import annotations

import numpy as np

from .core import PROB_EPS, sigmoid


def loss_landscape(x, y, w_values, b_values, loss="bce"):
    """Mean loss at every (w, b); rows follow b_values, columns w_values."""
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    W, B = np.meshgrid(np.asarray(w_values, float), np.asarray(b_values, float))
    out = np.empty(W.shape)
    for i in range(W.shape[0]):  # a row at a time keeps memory at (n_w x N)
        p = sigmoid(W[i][:, None] * x[None, :] + B[i][:, None])
        if loss == "bce":
            p = np.clip(p, PROB_EPS, 1.0 - PROB_EPS)
            out[i] = -np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p), axis=1)
        elif loss == "mse":
            out[i] = np.mean((p - y) ** 2, axis=1)
        else:
            raise ValueError(f"unknown loss {loss!r}; choose 'bce' or 'mse'")
    return out


def least_squares_line(x, y):
    """(slope, intercept) of the straight line fitted to (x, y) by least squares."""
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    A = np.column_stack([x, np.ones_like(x)])
    (slope, intercept), *_ = np.linalg.lstsq(A, y, rcond=None)
    return float(slope), float(intercept)
