"""Weights as evidence: standard errors, intervals and odds of a logistic regression
(numpy only; SPEC.md section 5).

At the best (w, b) the curvature of the log-likelihood, the Hessian
H = X₁ᵀ·diag(p(1 − p))·X₁ with a column of ones for b, says how sharply the data
pin each weight down: its inverse is the weights' covariance, and the square roots
of its diagonal are their standard errors.  A 95 % interval is w ± 1.96·se.
"""
from __future__ import annotations

import numpy as np

from .core import MIN_SPREAD, column_spread, sigmoid

Z95 = 1.959963984540054


class NoIntervals(ValueError):
    """The standard errors do not exist for these data; ``str()`` says why, plainly."""


def unweighable(X, y, names=None, spread=None):
    """Why no weight on these data can have a standard error, whatever the weights --
    a feature that never changes (it cannot be told from the bias), or one label only
    -- or "" when nothing in the data themselves stands in the way.  ``spread``:
    ``column_spread(X)`` when it is known already."""
    X = np.asarray(X, dtype=float)
    names = list(names) if names is not None else [f"x{j + 1}" for j in range(X.shape[1])]
    _, sd = column_spread(X) if spread is None else spread
    for j in np.flatnonzero(sd <= MIN_SPREAD):
        if X[:, j].min() == X[:, j].max():
            return (f"'{names[j]}' has the same value in every row, so its weight cannot "
                    f"be told apart from the bias")
        return (f"'{names[j]}' hardly changes (its spread is below {MIN_SPREAD:g}), so its "
                f"weight cannot be told apart from the bias")
    if len(np.unique(np.asarray(y, dtype=float))) < 2:
        return "every case has the same label: there is nothing to weigh"
    return ""


def standard_errors(X, y, w, b, names=None, spread=None):
    """(se of each weight, se of b) at (w, b), which should be the unpenalised optimum.

    Worked out on standardised features (each centred and divided by its spread, see
    ``column_spread``; ``spread``: that of X, when it is known already) and turned back
    into the features' own units: the numbers do not depend on the units, and features
    near 1e-300 or 1e9 neither underflow nor overflow (their Hessian's entries did, and
    the inverse failed or came out inf).

    Raises ``NoIntervals`` when the Hessian cannot be inverted: a problem of the data
    (``unweighable``), features that are mixes of one another, or classes separated
    perfectly (the best weights are infinite).
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float).ravel()
    spread = column_spread(X) if spread is None else spread
    why = unweighable(X, y, names, spread)
    if why:
        raise NoIntervals(why)
    centre, sd = spread
    w, b = np.asarray(w, dtype=float), float(b)
    with np.errstate(over="ignore", invalid="ignore"):
        # the same line on standardised features x' = (x - centre) / sd
        ws, bs = w * sd, b + float(w @ centre)
    if not (np.isfinite(ws).all() and np.isfinite(bs)):
        raise NoIntervals("the weights are too large for intervals to be worked out")
    X1 = np.empty((len(X), len(w) + 1))
    np.subtract(X, centre, out=X1[:, :-1])
    X1[:, :-1] /= sd
    X1[:, -1] = 1.0
    p = sigmoid(X1 @ np.r_[ws, bs])
    curve = p * (1.0 - p)
    if curve.max() < 1e-10:
        raise NoIntervals("the model is certain of every case (the classes are separated "
                          "perfectly): the best weights are infinite")
    H = X1.T @ (X1 * curve[:, None])
    scale = np.sqrt(np.diag(H))
    mixes = NoIntervals("some features are mixes of others (or the classes are nearly "
                        "separated): their weights cannot be pinned down one by one")
    if not (scale > 0).all():
        raise mixes
    Hs = H / np.outer(scale, scale)  # (conditioned on the features' own scales)
    try:
        if not np.linalg.cond(Hs) <= 1e12:  # (NaN too)
            raise mixes
        cov = np.linalg.inv(Hs) / np.outer(scale, scale)
    except np.linalg.LinAlgError:
        raise mixes from None
    # back to the features' own units: w = w' / sd, b = b' - sum of w'_j centre_j / sd_j
    back = np.r_[-centre / sd, 1.0]
    se = np.sqrt(np.clip(np.diag(cov)[:-1], 0.0, None)) / sd
    se_b = np.sqrt(max(float(back @ cov @ back), 0.0))
    return se, se_b


def intervals(w, se, z=Z95):
    """(low, high) of the 95 % intervals w ± 1.96·se."""
    w, se = np.asarray(w, dtype=float), np.asarray(se, dtype=float)
    return w - z * se, w + z * se


def odds(p):
    """p / (1 − p): how many times likelier passing is than failing."""
    p = np.asarray(p, dtype=float)
    with np.errstate(divide="ignore"):
        return p / (1.0 - p)


def odds_factor(w):
    """One more unit of a feature multiplies the odds by e^w."""
    with np.errstate(over="ignore"):
        return np.exp(np.asarray(w, dtype=float))
