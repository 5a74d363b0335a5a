"""Regularisation path: every weight of a penalised logistic regression against lambda.

numpy only; runs in a worker thread and reports progress through callbacks."""
from __future__ import annotations

import numpy as np

from .core import check_count, check_lr, check_X
from .linear import RegularizedLogisticRegression

#: A weight counts as kept when |w| > KEEP (the specification's threshold).
KEEP = 0.01


def weight_counts(w, relevant):
    """Kept weights (|w| > KEEP), hits among the relevant ones, false alarms, exact zeros."""
    w = np.asarray(w, dtype=float)
    kept = np.abs(w) > KEEP
    rel = np.zeros(len(w), bool)
    rel[np.asarray(relevant, dtype=int)] = True
    return {"kept": int(kept.sum()), "hits": int((kept & rel).sum()),
            "false_alarms": int((kept & ~rel).sum()), "zeros": int((w == 0).sum()),
            "nonzero": int(np.count_nonzero(w))}


def regularization_path(X, y, lambdas, penalty="l1-prox", lr=0.05, epochs=200,
                        progress=None, cancelled=None):
    """Weights at each lambda, largest lambda first, each fit warm-started from the last.

    Returns (lambdas sorted descending, weights of shape (n_lambdas, n_features)),
    or None when ``cancelled()`` became true.  ``progress(done, total)`` is called
    after each lambda.
    """
    try:
        lambdas = np.sort(np.asarray(lambdas, dtype=float).ravel())[::-1]
    except (TypeError, ValueError):
        raise ValueError("lambdas must be numbers") from None
    if not len(lambdas) or (lambdas < 0).any() or not np.isfinite(lambdas).all():
        raise ValueError(f"lambdas must be finite and >= 0, got {lambdas[:5]}")
    lr = check_lr(lr)
    epochs = check_count(epochs, "epochs", 0)
    X = check_X(X)
    model = RegularizedLogisticRegression(X.shape[1], lam=lambdas[0], penalty=penalty)
    data = model.prepare(X, y)
    out = np.empty((len(lambdas), model.n_inputs))
    for i, lam in enumerate(lambdas):
        if cancelled is not None and cancelled():
            return None
        model.set_penalty(penalty, lam)
        for _ in range(int(epochs)):
            model.step_prepared(data, lr)
        out[i] = model.w
        if progress is not None:
            progress(i + 1, len(lambdas))
    return lambdas, out
