"""Activations, losses, metrics and input checks shared by every model.

numpy only: nothing in ``lrviz.models`` may import Qt.
"""
from __future__ import annotations

import threading

import numpy as np

from ..numeric import check_count, check_number, real_number, sigmoid, sigmoid_inplace  # noqa: F401

PROB_EPS = 1e-12


_SCRATCH = threading.local()


def scratch(n, count):
    """``count`` float arrays of length ``n`` for an epoch's temporaries: the same memory
    call after call, in each thread its own.

    Why: an epoch that makes its N-long temporaries afresh and drops them all on return
    leaves megabytes free at the top of the C heap; the allocator gives them back to the
    system, and the next epoch gets new pages, each zeroed by the kernel on a page fault.
    At large N that costs as much as the arithmetic.  Arrays kept from epoch to epoch are
    never given back.  A caller must not hand them out (return copies or scalars), nor
    call anything that uses ``scratch`` while it holds them."""
    arrays = _SCRATCH.__dict__.setdefault("arrays", [])
    while len(arrays) < count:
        arrays.append(np.empty(0))
    for i in range(count):
        if arrays[i].shape[0] < n:
            arrays[i] = np.empty(n)
    return [a[:n] for a in arrays[:count]]


def affine(H, W, b):
    """``H @ W + b`` for a batch of rows H, the same numbers to the bit, and faster.

    numpy adds a short bias row to N rows one row at a time (an inner loop of a few
    units, N times over); added along the transposed result, each unit's column is one
    long loop.  (A 2x16 network on 100,000 points spent more time adding its biases
    than multiplying its weights.)"""
    Z = H @ W
    Zt = Z.T
    Zt += np.asarray(b)[:, None]
    return Z


def sigmoid_derivative(z):
    """sigma'(z) = sigma(z) * (1 - sigma(z))."""
    s = sigmoid(z)
    return s * (1.0 - s)


def softmax(Z):
    """Row-wise softmax with each row's maximum subtracted first."""
    Z = np.asarray(Z, dtype=float)
    E = np.exp(Z - Z.max(axis=-1, keepdims=True))
    return E / E.sum(axis=-1, keepdims=True)


def binary_cross_entropy(p, y):
    """Mean of -[y log p + (1 - y) log(1 - p)], p clipped to [1e-12, 1 - 1e-12].
    ValueError unless p holds probabilities (finite, 0..1) and y as many targets 0..1."""
    p, y = np.asarray(p), np.asarray(y)
    for name, a in (("p", p), ("y", y)):
        if a.dtype.kind not in "biuf":
            raise ValueError(f"{name} must hold real numbers, got dtype {a.dtype}")
    p, y = p.astype(float), y.astype(float)
    if p.shape != y.shape or not p.size:
        raise ValueError(f"p and y must be the same non-empty shape, got {p.shape} and {y.shape}")
    for name, a in (("p", p), ("y", y)):
        if not ((a >= 0) & (a <= 1)).all():  # (NaN fails both)
            bad = a[~((a >= 0) & (a <= 1))][0]
            raise ValueError(f"{name} must hold numbers from 0 to 1, got {bad}")
    return bce_loss(p, y)


def bce_loss(p, y, work=None):
    """``binary_cross_entropy`` for the models' own loops: no checks, so a p that is NaN
    (diverged weights) gives a NaN loss, which the trainer reads as divergence.

    ``work``: three float arrays shaped like p to compute in, instead of new ones (the
    same operations on the same operands, so the same number to the bit)."""
    if work is None:
        p = np.clip(p, PROB_EPS, 1.0 - PROB_EPS)
        return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))
    pc, a, b = work
    np.clip(p, PROB_EPS, 1.0 - PROB_EPS, out=pc)
    np.multiply(y, np.log(pc, out=a), out=a)  # y log p
    np.subtract(1.0, y, out=b)
    np.multiply(b, np.log(np.subtract(1.0, pc, out=pc), out=pc), out=b)  # (1 - y) log(1 - p)
    return float(-np.mean(np.add(a, b, out=a)))


def categorical_cross_entropy(P, Y):
    """Mean over rows of -sum_k Y_k log P_k (Y one-hot), P clipped like above."""
    P = np.clip(P, PROB_EPS, 1.0)
    return float(-np.sum(Y * np.log(P)) / P.shape[0])


def mean_squared_error(p, y):
    """Mean of (p - y)^2: the squared error of a probability against a 0/1 label."""
    return float(np.mean((p - y) ** 2))


def predicted_class(P):
    """The one rule for the predicted class, everywhere it is shown (accuracy, rings,
    regions, the readout): with two classes P(y = 1) >= 0.5 is class 1 (a tie at
    exactly 0.5 goes to class 1); with more, the most probable class (ties: the lowest).
    ``P``: P(y = 1) as a vector, or probabilities with one column per class."""
    P = np.asarray(P)
    if P.ndim == 1:
        return (P >= 0.5).astype(np.intp)
    if P.shape[-1] == 2:
        return (P[..., 1] >= 0.5).astype(np.intp)
    return P.argmax(axis=-1)


def accuracy(y_true, y_pred):
    """Fraction of equal labels, 0.0 for empty input."""
    y_true = np.asarray(y_true)
    if y_true.size == 0:
        return 0.0
    return float(np.mean(y_true == np.asarray(y_pred)))


def one_hot(y, n_classes):
    """Rows of 0/1 with a single 1 at each label; labels must be whole numbers 0..n_classes-1."""
    n_classes = check_count(n_classes, "n_classes", 1)
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D labels, got shape {y.shape}")
    labels = check_labels(y, len(y), n_classes)
    Y = np.zeros((len(y), n_classes))
    Y[np.arange(len(y)), labels] = 1.0
    return Y


# ----------------------------------------------------------------- activations
def _tanh_grad(z, h):
    return 1.0 - h * h


def _sigmoid_grad(z, h):
    return h * (1.0 - h)


def _relu(z):
    return np.maximum(z, 0.0)


def _relu_grad(z, h):
    return (z > 0).astype(float)


#: name -> (function, derivative expressed through z and the activation h)
ACTIVATIONS = {
    "sigmoid": (sigmoid, _sigmoid_grad),
    "tanh": (np.tanh, _tanh_grad),
    "relu": (_relu, _relu_grad),
}


# --------------------------------------------------------------- validation
def _all_finite(X):
    """Whether every entry of the 2-D float array X is finite.  The row sums (one
    BLAS pass, no N x d temporary) carry any NaN or infinity along; only when they
    are not all finite, which a mere overflow can also cause, is X read entry by
    entry.  (At N = 100,000 and d = 100 that is 1.5 ms instead of 7.)"""
    with np.errstate(over="ignore", invalid="ignore"):
        sums = X @ np.ones(X.shape[1])
    return bool(np.isfinite(sums).all()) or bool(np.isfinite(X).all())


#: A feature whose standard deviation is below this counts as constant: per unit of it a
#: weight of ordinary size (per standard deviation) would pass the largest float, 1.8e308.
MIN_SPREAD = 1e-303


def column_spread(X):
    """(mean, standard deviation) of each column of the 2-D float array X, also where
    squaring would underflow or overflow: a column of values near 1e-300 (squares: 0)
    or 1e300 (squares: inf) gets its true spread.  Such columns are scaled by their
    largest value before squaring; the others cost what ``X.std`` costs."""
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        mean, sd = X.mean(axis=0), X.std(axis=0)
        careful = ~(np.isfinite(mean) & (sd > 1e-140) & (sd < 1e140))  # (0: underflow?)
        for j in np.flatnonzero(careful):
            big = np.abs(X[:, j]).max()
            if big == 0:
                continue
            scaled = X[:, j] / big  # (within -1..1)
            centre = scaled.mean()
            off = scaled - centre
            far = np.abs(off).max()
            mean[j] = big * centre
            sd[j] = big * far * np.sqrt(np.mean((off / far) ** 2)) if far > 0 else 0.0
    return mean, sd


def check_X(X, n_features=None, name="X"):
    """Return X as a finite 2-D float array, or raise ValueError naming the problem."""
    try:
        X = np.asarray(X)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric: {exc}") from None
    if X.dtype.kind == "c":  # (converting would quietly drop the imaginary parts)
        raise ValueError(f"{name} must hold real numbers, got complex ones")
    try:
        X = X.astype(float, copy=False)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric: {exc}") from None
    if X.ndim == 1 and n_features == 1:
        X = X[:, None]
    if X.ndim != 2:
        raise ValueError(f"{name} must be 2-D (samples x features), got shape {X.shape}")
    if X.shape[0] == 0:
        raise ValueError(f"{name} is empty: shape {X.shape}, need at least one sample")
    if n_features is not None and X.shape[1] != n_features:
        raise ValueError(
            f"{name} has {X.shape[1]} features (shape {X.shape}), the model expects {n_features}"
        )
    if not _all_finite(X):
        bad = np.argwhere(~np.isfinite(X))[0]
        raise ValueError(
            f"{name} contains {X[tuple(bad)]} at row {bad[0]}, column {bad[1]}: "
            "values must be finite numbers"
        )
    return X


def check_labels(y, n_samples, n_classes=2):
    """Return integer labels in 0..n_classes-1 (1-D, or one-hot rows) as float/int arrays."""
    y = np.asarray(y)
    if y.dtype.kind == "c":
        raise ValueError("labels must be real numbers, got complex ones")
    if y.ndim == 2 and y.shape[1] == n_classes and n_classes > 1:
        if y.shape[0] != n_samples:
            raise ValueError(
                f"y has {y.shape[0]} rows (shape {y.shape}) but X has {n_samples} samples"
            )
        if not np.all((y == 0) | (y == 1)) or not np.all(y.sum(axis=1) == 1):
            raise ValueError("one-hot y must hold exactly one 1 per row and 0 elsewhere")
        return y.argmax(axis=1)
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D labels, got shape {y.shape}")
    if y.shape[0] != n_samples:
        raise ValueError(f"y has {y.shape[0]} labels (shape {y.shape}) but X has {n_samples} samples")
    try:
        yf = y.astype(float)
    except (TypeError, ValueError):
        raise ValueError(f"labels must be numbers, got dtype {y.dtype}") from None
    bad = ~np.isin(yf, np.arange(n_classes))
    if bad.any():
        i = int(np.argmax(bad))
        allowed = "{0, 1}" if n_classes == 2 else f"0..{n_classes - 1}"
        raise ValueError(f"label {y[i].item()!r} at index {i} is outside {allowed}")
    return yf.astype(int)


#: The smallest learning rate the app offers.
MIN_LR = 1e-4


def check_lr(lr):
    lr = real_number(lr, "learning rate")
    if not np.isfinite(lr) or lr <= 0:
        raise ValueError(f"learning rate must be a positive finite number, got {lr}")
    return lr


def polynomial_features(X):
    """Map (x1, x2) to (x1, x2, x1^2, x2^2, x1*x2): a linear model on these draws conics."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"polynomial features need X of shape (n, 2), got shape {X.shape}")
    x1, x2 = X[:, 0], X[:, 1]
    return np.column_stack([x1, x2, x1 * x1, x2 * x2, x1 * x2])


FEATURE_MAPS = {"linear": None, "poly2": polynomial_features}
