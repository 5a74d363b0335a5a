"""Weights as evidence: standard errors, intervals and odds of a logistic regression
(numpy only; SPEC.md section 5).

At the best (w, b) the curvature of the log-likelihood, the Hessian
H = X₁ᵀ·diag(p(1 − p))·X₁ with a column of ones for b, says how sharply the data
pin each weight down: its inverse is the weights' covariance, and the square roots
of its diagonal are their standard errors.  A 95 % interval is w ± 1.96·se.
"""
from __future__ import annotations

import numpy as np

from .core import sigmoid

Z95 = 1.959963984540054


class NoIntervals(ValueError):
    """The standard errors do not exist for these data; ``str()`` says why, plainly."""


def standard_errors(X, y, w, b, names=None):
    """(se of each weight, se of b) at (w, b), which should be the unpenalised optimum.

    Raises ``NoIntervals`` when the Hessian cannot be inverted: a feature that never
    changes (it cannot be told from the bias), features that are mixes of one
    another, or classes separated perfectly (the best weights are infinite).
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float).ravel()
    names = list(names) if names is not None else [f"x{j + 1}" for j in range(X.shape[1])]
    spread = X.max(axis=0) - X.min(axis=0) if len(X) else np.zeros(X.shape[1])
    flat = [names[j] for j in np.flatnonzero(spread == 0)]
    if flat:
        raise NoIntervals(f"'{flat[0]}' has the same value in every row, so its weight "
                          f"cannot be told apart from the bias")
    if len(np.unique(y)) < 2:
        raise NoIntervals("every case has the same label: there is nothing to weigh")
    X1 = np.column_stack([X, np.ones(len(X))])
    p = sigmoid(X1 @ np.r_[np.asarray(w, dtype=float), float(b)])
    curve = p * (1.0 - p)
    if curve.max() < 1e-10:
        raise NoIntervals("the model is certain of every case (the classes are separated "
                          "perfectly): the best weights are infinite")
    H = X1.T @ (X1 * curve[:, None])
    scale = np.sqrt(np.diag(H))
    Hs = H / np.outer(scale, scale)  # (conditioned on the features' own scales)
    if np.linalg.cond(Hs) > 1e12:
        raise NoIntervals("some features are mixes of others (or the classes are nearly "
                          "separated): their weights cannot be pinned down one by one")
    cov = np.linalg.inv(Hs) / np.outer(scale, scale)
    se = np.sqrt(np.clip(np.diag(cov), 0.0, None))
    return se[:-1], float(se[-1])


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
