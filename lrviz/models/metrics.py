"""How good are predicted probabilities?  Calibration, scores and ROC (numpy only).

Every function takes ``(y, p)`` in that order, as scikit-learn does: ``y`` the
true 0/1 labels, ``p`` the predicted P(y = 1).  Definitions follow SPEC.md
section 5.
"""
from __future__ import annotations

import numpy as np

from ..numeric import real_number

EPS = 1e-15


def _check(y, p):
    y = np.asarray(y, dtype=float).ravel()
    p = np.asarray(p, dtype=float).ravel()
    if y.shape != p.shape:
        raise ValueError(f"y and p differ in length: {y.shape} and {p.shape}")
    if not len(y):
        raise ValueError("y and p are empty")
    if not np.isin(y, (0.0, 1.0)).all():
        raise ValueError("y must hold 0/1 labels only")
    if not np.isfinite(p).all() or (p < 0).any() or (p > 1).any():
        raise ValueError("p must hold probabilities in [0, 1]")
    return y, p


def bin_index(p, bins=10):
    """Which of ``bins`` equal-width bins of [0, 1] each p falls in (0-based): the
    first is [0, 1/bins], the others (a, b], so p = 1 falls in the last."""
    edges = np.linspace(0.0, 1.0, int(bins) + 1)
    return np.searchsorted(edges[1:-1], np.asarray(p, dtype=float), side="left")


def reliability_curve(y, p, bins=10):
    """(mean predicted, fraction positive, count) for each non-empty bin of
    ``bins`` equal-width bins of p on [0, 1]: the first is [0, 0.1], the others
    (a, b], so p = 1 falls in the last (as scikit-learn's calibration_curve)."""
    y, p = _check(y, p)
    if int(bins) < 1:
        raise ValueError(f"bins must be at least 1, got {bins}")
    idx = bin_index(p, bins)  # bins (a, b]: an edge value closes its bin
    count = np.bincount(idx, minlength=bins)
    sum_p = np.bincount(idx, weights=p, minlength=bins)
    sum_y = np.bincount(idx, weights=y, minlength=bins)
    keep = count > 0
    return sum_p[keep] / count[keep], sum_y[keep] / count[keep], count[keep]


def expected_calibration_error(y, p, bins=10):
    """Σ over bins of (share of points) × |mean predicted − fraction positive|."""
    mean_p, frac, count = reliability_curve(y, p, bins)
    return float(np.sum(count / count.sum() * np.abs(mean_p - frac)))


def brier_score(y, p):
    y, p = _check(y, p)
    return float(np.mean((p - y) ** 2))


def log_loss(y, p):
    y, p = _check(y, p)
    p = np.clip(p, EPS, 1 - EPS)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def roc_curve(y, p):
    """(false-positive rates, true-positive rates, thresholds): one point per distinct
    score, from the highest threshold (nothing predicted positive) down to the lowest."""
    y, p = _check(y, p)
    n_pos, n_neg = y.sum(), len(y) - y.sum()
    if n_pos == 0 or n_neg == 0:
        raise ValueError("a ROC curve needs both classes in y")
    thresholds, tp, fp = _sweep(y, p)
    return np.r_[0.0, fp / n_neg], np.r_[0.0, tp / n_pos], np.r_[np.inf, thresholds]


def roc_auc(y, p):
    """Area under the ROC curve by the trapezoid rule (ties count one half)."""
    fpr, tpr, _ = roc_curve(y, p)
    return area_under(fpr, tpr)


def area_under(fpr, tpr):
    """Area under a ROC curve already worked out (``roc_curve``), by the trapezoid rule."""
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))


def check_threshold(threshold):
    """A threshold on P(y = 1): a number from 0 to 1, or +inf (nothing predicted positive:
    the first threshold ``roc_curve`` and ``decision_costs`` return); else ValueError."""
    t = real_number(threshold, "threshold")
    if not (0.0 <= t <= 1.0 or t == np.inf):  # (NaN fails both)
        raise ValueError(f"threshold must be a probability from 0 to 1, got {t}")
    return t


def confusion_matrix(y, p, threshold=0.5):
    """[[TN, FP], [FN, TP]] when P(y=1) >= threshold predicts class 1."""
    y, p = _check(y, p)
    pred = p >= check_threshold(threshold)
    pos = y == 1
    return np.array([[np.sum(~pred & ~pos), np.sum(pred & ~pos)],
                     [np.sum(~pred & pos), np.sum(pred & pos)]])


def threshold_report(y, p, threshold=0.5):
    """Everything a decision at ``threshold`` (P >= threshold predicts 1) gets right and
    wrong: the four counts, precision, recall (true-positive rate), false-positive rate,
    F1 and accuracy.  A ratio with nothing to divide by is NaN (no positive predicted:
    precision is undefined, not 0)."""
    (tn, fp), (fn, tp) = confusion_matrix(y, p, threshold)

    def ratio(a, b):
        return float(a / b) if b else float("nan")
    precision, recall = ratio(tp, tp + fp), ratio(tp, tp + fn)
    f1 = ratio(2 * tp, 2 * tp + fp + fn)
    return {"tn": int(tn), "fp": int(fp), "fn": int(fn), "tp": int(tp),
            "precision": precision, "recall": recall, "fpr": ratio(fp, fp + tn), "f1": f1,
            "accuracy": ratio(tp + tn, tn + fp + fn + tp)}


def _sweep(y, p):
    """Counts at every distinct threshold, highest first (as ``roc_curve``): the
    thresholds, and the true and false positives when P >= each predicts 1."""
    order = np.argsort(-p, kind="mergesort")
    p_sorted, y_sorted = p[order], y[order]
    last = np.r_[np.flatnonzero(np.diff(p_sorted)), len(p) - 1]
    tp = np.cumsum(y_sorted)[last]
    return p_sorted[last], tp, (last + 1) - tp


def precision_recall_curve(y, p):
    """(recall, precision, thresholds) at every distinct threshold, highest first."""
    y, p = _check(y, p)
    if not y.any():
        raise ValueError("a precision-recall curve needs positives in y")
    thresholds, tp, fp = _sweep(y, p)
    return tp / y.sum(), tp / (tp + fp), thresholds


def decision_costs(y, p, k):
    """Mean cost per case when a missed positive costs ``k`` and a false alarm 1, at
    every distinct threshold and at +inf (nothing predicted positive).  Returns
    (thresholds, costs), highest threshold first."""
    y, p = _check(y, p)
    k = float(k)
    if not np.isfinite(k) or k <= 0:
        raise ValueError(f"the cost ratio k must be a positive number, got {k}")
    thresholds, tp, fp = _sweep(y, p)
    fn = y.sum() - tp
    return (np.r_[np.inf, thresholds],
            np.r_[k * y.sum(), k * fn + fp] / len(y))


def theory_threshold(k):
    """The threshold that is cheapest when the probabilities are calibrated and a missed
    positive costs ``k`` false alarms: decide positive once P >= 1 / (1 + k)."""
    return 1.0 / (1.0 + float(k))


def cheapest_threshold(y, p, k):
    """(threshold, mean cost) with the lowest measured cost over every threshold; on a
    tie, the threshold nearest 1 / (1 + k), the calibrated theory's answer."""
    thresholds, costs = decision_costs(y, p, k)
    best = np.flatnonzero(costs <= costs.min() + 1e-12)
    theory = theory_threshold(k)
    finite = np.where(np.isfinite(thresholds[best]), thresholds[best], 2.0)
    i = best[np.argmin(np.abs(finite - theory))]
    return float(thresholds[i]), float(costs[i])


def cost_at(y, p, threshold, k):
    """Mean cost per case of deciding at ``threshold`` (see ``decision_costs``)."""
    r = threshold_report(y, p, threshold)
    return (float(k) * r["fn"] + r["fp"]) / len(np.ravel(y))
