"""Regularisation path: every weight of a penalised logistic regression against lambda.

numpy only; runs in a worker thread and reports progress through callbacks.

Each point of the path is the *converged* fit at its lambda (warm-started from the
previous one, solved with the largest safe step and momentum), so the live model,
trained long enough at the same lambda and any learning rate, lands on it.  Plain subgradient L1 never converges: its weights keep jumping across zero by
about ``lr * lambda`` each epoch, so it runs a fixed number of epochs instead and
its counts ignore that jitter band (``jitter_band``).
"""
from __future__ import annotations

import numpy as np

from . import base
from .core import check_count, check_lr, check_X
from .linear import RegularizedLogisticRegression

#: A weight counts as kept when |w| > KEEP (the specification's threshold).
KEEP = 0.01
#: A true weight this small hardly moves a label: the feature is effectively absent.
ABSENT = 0.05
#: A fit has converged when no weight or bias moved more than this in an epoch.
TOL = 1e-7
#: Most epochs one lambda gets (sparse-100's fits converge in at most ~2,300).
MAX_EPOCHS = 4000
#: Epochs of a subgradient fit, which never settles.
SUBGRADIENT_EPOCHS = 1500


def jitter_band(penalty, lr, lam):
    """How far from zero a weight that L1's subgradient keeps pushing across zero can
    stray: each epoch moves it by lr·λ, one way or the other, so up to 2·lr·λ.
    Proximal L1 sets such weights to exactly 0, and other penalties have no jitter."""
    return 2.0 * float(lr) * float(lam) if penalty == "l1" else 0.0


def weight_counts(w, relevant, band=0.0, true_w=None):
    """Kept weights (|w| > KEEP and beyond the jitter ``band``), hits among the
    relevant ones, false alarms, exact zeros and non-zeros.  With ``true_w``, the
    relevant features whose true weight is itself below ABSENT (effectively absent)
    are counted apart ("absent"), neither as hits nor as misses ("matter": the rest)."""
    w = np.asarray(w, dtype=float)
    kept = np.abs(w) > max(KEEP, float(band))
    rel = np.zeros(len(w), bool)
    rel[np.asarray(relevant, dtype=int)] = True
    out = {"kept": int(kept.sum()), "hits": int((kept & rel).sum()),
           "false_alarms": int((kept & ~rel).sum()), "zeros": int((w == 0).sum()),
           "nonzero": int(np.count_nonzero(w))}
    if true_w is not None:
        absent = rel & (np.abs(np.asarray(true_w, dtype=float)) < ABSENT)
        out["matter"] = int((rel & ~absent).sum())
        out["absent"] = int(absent.sum())
        out["hits"] = int((kept & rel & ~absent).sum())
    return out


def path_step(data, penalty, lam):
    """The largest safe gradient step for the path's solver: 1 / the Lipschitz constant
    of the objective's gradient, ||[X 1]||^2 / 4N for the cross-entropy (+ 2λ for L2).
    (The path is the minimiser; how fast a solver gets there is not the lesson.)"""
    X = np.hstack([data.X, np.ones((len(data.X), 1))])
    smooth = np.linalg.norm(X, 2) ** 2 / (4.0 * max(len(X), 1))
    return 1.0 / (smooth + (2.0 * lam if penalty == "l2" else 0.0) + 1e-12)


def converge(model, data, lr, max_epochs=MAX_EPOCHS, tol=TOL, cancelled=None):
    """Take ``model`` to the minimiser of its objective: proximal gradient steps of
    size ``lr`` with Nesterov momentum (restarted whenever it points uphill), until an
    epoch moves no weight or bias more than ``tol``, at most ``max_epochs``.  Gradient
    descent at any smaller step reaches the same point, only later.  A subgradient L1
    model has no such point (it jitters): it runs SUBGRADIENT_EPOCHS plain steps.
    Returns the epochs run, or None when ``cancelled()`` became true (checked every
    100 epochs)."""
    if model.penalty == "l1":
        for epoch in range(1, min(int(max_epochs), SUBGRADIENT_EPOCHS) + 1):
            model.step_prepared(data, lr)
            if cancelled is not None and epoch % 100 == 0 and cancelled():
                return None
        return min(int(max_epochs), SUBGRADIENT_EPOCHS)
    x = np.append(model.w, model.b)  # the iterate; the model holds the look-ahead point
    t = 1.0
    for epoch in range(1, int(max_epochs) + 1):
        ahead = np.append(model.w, model.b)
        model.step_prepared(data, lr)
        new = np.append(model.w, model.b)
        moved = new - x
        if np.abs(moved).max(initial=0.0) <= tol:
            return epoch
        if np.dot(ahead - new, moved) > 0:  # momentum overshot: start it again
            t = 1.0
        t_next = (1.0 + np.sqrt(1.0 + 4.0 * t * t)) / 2.0
        look = new + (t - 1.0) / t_next * moved
        model.w, model.b = look[:-1].copy(), float(look[-1])
        x, t = new, t_next
        if cancelled is not None and epoch % 100 == 0 and cancelled():
            return None
    model.w, model.b = x[:-1].copy(), float(x[-1])
    return int(max_epochs)


def solve_at(X, y, lam, penalty="l1-prox", lr=0.05, start=None, cancelled=None):
    """The converged weights at one lambda, warm-started from ``start`` = (w, b) when
    given (a neighbouring point of the path).  None when cancelled."""
    lr = check_lr(lr)
    model = RegularizedLogisticRegression(check_X(X).shape[1], lam=float(lam), penalty=penalty)
    data = model.prepare(X, y)
    if start is not None:
        model.w, model.b = np.array(start[0], dtype=float), float(start[1])
    step = lr if penalty == "l1" else path_step(data, penalty, lam)
    if converge(model, data, step, cancelled=cancelled) is None:
        return None
    return model.w.copy(), float(model.b)


def regularization_path(X, y, lambdas, penalty="l1-prox", lr=0.05, epochs=MAX_EPOCHS,
                        progress=None, cancelled=None):
    """Converged weights at each lambda, largest lambda first, each fit warm-started
    from the last (at most ``epochs`` epochs each).

    Returns (lambdas sorted descending, weights of shape (n_lambdas, n_features),
    biases of shape (n_lambdas,)), or None when ``cancelled()`` became true.
    ``progress(done, total)`` is called after each lambda.
    """
    try:
        lambdas = np.sort(np.asarray(lambdas, dtype=float).ravel())[::-1]
    except (TypeError, ValueError):
        raise ValueError("lambdas must be numbers") from None
    if not len(lambdas) or (lambdas < 0).any() or not np.isfinite(lambdas).all():
        raise ValueError(f"lambdas must be finite and >= 0, got {lambdas[:5]}")
    lr = check_lr(lr)
    epochs = check_count(epochs, "epochs", 0, base.MAX_EPOCHS)
    X = check_X(X)
    model = RegularizedLogisticRegression(X.shape[1], lam=lambdas[0], penalty=penalty)
    data = model.prepare(X, y)
    out = np.empty((len(lambdas), model.n_inputs))
    bias = np.empty(len(lambdas))
    for i, lam in enumerate(lambdas):
        if cancelled is not None and cancelled():
            return None
        model.set_penalty(penalty, lam)
        step = lr if penalty == "l1" else path_step(data, penalty, lam)
        if epochs and converge(model, data, step, epochs, cancelled=cancelled) is None:
            return None
        out[i], bias[i] = model.w, model.b
        if progress is not None:
            progress(i + 1, len(lambdas))
    return lambdas, out, bias
