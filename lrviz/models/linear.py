"""Linear models: logistic regression (plain and penalised) and softmax regression."""
from __future__ import annotations

import numpy as np

from .base import Model
from .core import (
    affine,
    bce_loss,
    check_count,
    check_number,
    check_X,
    categorical_cross_entropy,
    mean_squared_error,
    scratch,
    sigmoid_inplace,
    softmax,
)

PENALTIES = (None, "l2", "l1", "l1-prox")
#: Largest penalty strength: far past the point where every weight is 0, and small
#: enough that lr * lambda stays a finite step.
MAX_LAMBDA = 1e6
LOSSES = ("bce", "mse")


class LogisticRegression(Model):
    """P(y = 1 | x) = sigma(w.x + b), trained by full-batch gradient descent.

    ``loss="mse"`` swaps cross-entropy for the squared error of the probability
    (a poor, non-convex choice that the Sigmoid & Loss tab shows side by side).
    """

    def __init__(self, n_features, *, loss="bce", features="linear", standardize=False):
        super().__init__(n_features, features=features, standardize=standardize)
        if loss not in LOSSES:
            raise ValueError(f"unknown loss {loss!r}; choose from {LOSSES}")
        self.loss_name = loss
        self._init_params()

    def _init_params(self):
        start = getattr(self, "start", None)
        self.w = np.zeros(self.n_inputs) if start is None else np.array(start[0], dtype=float)
        self.b = 0.0 if start is None else float(start[1])

    def set_start(self, w, b):
        """Start (and reset) gradient descent from (w, b) instead of zeros."""
        w = np.atleast_1d(np.asarray(w, dtype=float))
        if w.shape != (self.n_inputs,) or not np.isfinite(w).all() or not np.isfinite(b):
            raise ValueError(f"start w must be {self.n_inputs} finite numbers and b finite, "
                             f"got {w} and {b}")
        self.start = (w, float(b))
        return self.reset()

    def raw_coefficients(self):
        """(w, b) of z = w.x + b in the inputs' own units (standardisation undone).
        For linear features only."""
        if self.scale is None:
            return self.w.copy(), float(self.b)
        mean, sd = self.scale
        w = self.w / sd
        return w, float(self.b - w @ mean)

    def set_raw_coefficients(self, w, b):
        """Put the line z = w.x + b, given in the inputs' own units, into the model (a
        line set by hand).  For linear features only; raises ValueError if not finite."""
        w = np.asarray(w, dtype=float).reshape(-1)
        if self.features != "linear" or w.shape != (self.n_features,):
            raise ValueError("a line can be set only on the inputs' own features")
        if not np.isfinite(w).all() or not np.isfinite(b):
            raise ValueError("the line's coefficients must be finite numbers")
        if self.scale is None:
            self.w, self.b = w.copy(), float(b)
        else:
            mean, sd = self.scale
            self.w, self.b = w * sd, float(b + w @ mean)
        self.rebase()
        return self

    def boundary_line(self):
        """(w1, w2, b) of the straight boundary w1*x1 + w2*x2 + b = 0 in the inputs' own
        units, or None when the model's features are not the two inputs."""
        if self.features != "linear" or self.n_features != 2:
            return None
        w, b = self.raw_coefficients()
        return float(w[0]), float(w[1]), b

    def pulls(self, X, y):
        """How each point pulls w, in the inputs' own units: (y − ŷ)·x per row.  Their mean
        is the direction in which the next gradient-descent step moves the raw w (the
        data's part: a penalty adds a pull towards 0), so ``lr * mean`` is that step.
        With standardisation x is (x − mean) / sd and the pull is divided by sd once
        more, to say how the line in the inputs' units moves.  Cross-entropy, linear
        features only."""
        data = self.prepare(X, y)
        pull = (data.t - self._proba(data.X))[:, None] * data.X
        return pull if self.scale is None else pull / self.scale[1]

    def decision_function(self, X):
        """z = w.x + b for each row of X."""
        return self._map(check_X(X, self.n_features)) @ self.w + self.b

    def _proba(self, X):
        z = X @ self.w
        z += self.b
        return sigmoid_inplace(z)  # (z is our own: no copy)

    def parameters(self):
        return [self.w, np.array([self.b])]

    def _set_parameters(self, arrays):
        self.w, self.b = arrays[0], float(arrays[1][0])

    def _data_gradient(self, X, y, with_loss=True):
        """(data loss, dL/dw, dL/db); the loss is None without ``with_loss`` (``fit``:
        nobody reads it).  The N-long temporaries of cross-entropy are ``scratch``
        arrays, worked on in place: no N-long array is made afresh in an epoch."""
        n = X.shape[0]
        bce = self.loss_name == "bce"
        p, *work = scratch(n, 4 if bce and with_loss else 1)
        np.matmul(X, self.w, out=p)
        p += self.b
        sigmoid_inplace(p)
        loss = None
        if bce:
            if with_loss:
                loss = bce_loss(p, y, work)
            r = np.subtract(p, y, out=p)  # prediction minus truth
        else:
            if with_loss:
                loss = mean_squared_error(p, y)
            r = p - y
            r = 2.0 * r * p * (1.0 - p)
        return loss, X.T @ r / n, r.sum() / n

    def _gradient(self, X, y):
        loss, gw, gb = self._data_gradient(X, y)
        return loss, (gw, gb)

    def _data_descent(self, X, y):
        """(dL/dw, dL/db) of the data loss, without the loss itself (``fit``)."""
        return self._data_gradient(X, y, with_loss=False)[1:]

    def _descent(self, X, y):
        return self._data_descent(X, y)

    def _apply(self, grads, lr):
        gw, gb = grads
        self.w -= lr * gw
        self.b -= lr * gb

    def loss(self, X, y):
        """Data loss (cross-entropy, or MSE when chosen) at the current parameters."""
        data = self.prepare(X, y)
        return self._data_gradient(data.X, data.t)[0]

    def gradient(self, X, y):
        """(dL/dw, dL/db) of the objective at the current parameters."""
        gw, gb = self.gradient_prepared(self.prepare(X, y))
        return gw.copy(), float(gb)

    def fit(self, X, y, lr=0.1, epochs=200):
        return self._fit(X, y, lr, epochs)


class Penalized:
    """An L2 or L1 penalty on a model's weights (never on its biases): mixed into
    logistic and softmax regression, whose weights are ``WEIGHTS`` ("w" or "W"), and
    into networks, whose weight matrices are all penalised (``_penalized_arrays``).

    penalty: None, "l2" (adds lam*||W||^2), "l1" (adds lam*||W||_1, trained with
    the subgradient lam*sign(W): weights jitter around zero) or "l1-prox" (same
    objective, trained with a proximal soft-threshold step: exact zeros).
    """

    WEIGHTS = "w"
    penalty, lam = None, 0.0

    def set_penalty(self, penalty, lam):
        if penalty not in PENALTIES:
            raise ValueError(f"unknown penalty {penalty!r}; choose from {PENALTIES}")
        lam = check_number(lam, "lambda", 0.0, MAX_LAMBDA)
        self.penalty, self.lam = penalty, lam
        self.rebase()

    def set_lam(self, lam):
        """A new λ for the same penalty (a slider moved while training)."""
        self.set_penalty(self.penalty, lam)

    def _penalized_arrays(self):
        """The weight arrays the penalty acts on (never a bias)."""
        return [getattr(self, self.WEIGHTS)]

    def _set_penalized_arrays(self, arrays):
        setattr(self, self.WEIGHTS, arrays[0])

    def weight_norm(self):
        """‖w‖: the length of every penalisable weight together (never a bias)."""
        return float(np.sqrt(sum(float(np.sum(W * W)) for W in self._penalized_arrays())))

    def penalty_value(self):
        arrays = self._penalized_arrays()
        if self.penalty == "l2":
            return self.lam * sum(float(np.sum(W * W)) for W in arrays)
        if self.penalty in ("l1", "l1-prox"):
            return self.lam * sum(float(np.abs(W).sum()) for W in arrays)
        return 0.0

    def _penalized(self, loss, gW):
        """The objective and the weights' gradient with the penalty added."""
        return loss + self.penalty_value(), self._penalty_gradient(gW)

    def _penalty_gradient(self, gW):
        """The weights' gradient (an array, or a list of them in the order of
        ``_penalized_arrays``) with the penalty's added ("l1-prox" acts in
        ``_shrink`` instead)."""
        if self.penalty not in ("l2", "l1"):
            return gW
        many = isinstance(gW, list)
        grads = gW if many else [gW]
        arrays = self._penalized_arrays()
        if self.penalty == "l2":
            grads = [g + 2.0 * self.lam * W for g, W in zip(grads, arrays)]
        else:
            grads = [g + self.lam * np.sign(W) for g, W in zip(grads, arrays)]
        return grads if many else grads[0]

    def _shrink(self, lr):
        if self.penalty == "l1-prox":
            t = lr * self.lam
            self._set_penalized_arrays([np.sign(W) * np.maximum(np.abs(W) - t, 0.0)
                                        for W in self._penalized_arrays()])


class RegularizedLogisticRegression(Penalized, LogisticRegression):
    """Logistic regression with an L2 or L1 penalty on w (never on b); see ``Penalized``."""

    def __init__(self, n_features, *, lam=0.1, penalty="l2", loss="bce", features="linear",
                 standardize=False):
        super().__init__(n_features, loss=loss, features=features, standardize=standardize)
        self.set_penalty(penalty, lam)

    def _gradient(self, X, y):
        loss, gw, gb = self._data_gradient(X, y)
        objective, gw = self._penalized(loss, gw)
        return objective, (gw, gb)

    def _descent(self, X, y):
        gw, gb = self._data_descent(X, y)
        return self._penalty_gradient(gw), gb

    def _apply(self, grads, lr):
        super()._apply(grads, lr)
        self._shrink(lr)

    def fit(self, X, y, lr=0.1, epochs=300, lam=None, penalty="keep"):
        if penalty != "keep" or lam is not None:
            self.set_penalty(self.penalty if penalty == "keep" else penalty,
                             self.lam if lam is None else lam)
        return self._fit(X, y, lr, epochs)


class SoftmaxRegression(Penalized, Model):
    """P(y = k | x) = softmax(x W + b)_k for K classes; W is n_features x K.
    Optionally an L2 or L1 penalty on W, never on b (see ``Penalized``)."""

    binary_output = False
    WEIGHTS = "W"

    def __init__(self, n_features, n_classes=3, *, features="linear", standardize=False,
                 penalty=None, lam=0.0):
        n_classes = check_count(n_classes, "n_classes", 2, 5)
        super().__init__(n_features, features=features, standardize=standardize)
        self.n_classes = n_classes
        self._init_params()
        self.set_penalty(penalty, lam)

    def _init_params(self):
        self.W = np.zeros((self.n_inputs, self.n_classes))
        self.b = np.zeros(self.n_classes)

    def _proba(self, X):
        return softmax(affine(X, self.W, self.b))

    def raw_coefficients(self):
        """(W, b) of the class scores in the inputs' own units (linear features only)."""
        if self.scale is None:
            return self.W.copy(), self.b.copy()
        mean, sd = self.scale
        W = self.W / sd[:, None]
        return W, self.b - mean @ W

    def boundary_line(self):
        """Two classes on x1, x2: the line where the scores tie, (w1 − w0)·x + b1 − b0 = 0."""
        if self.n_classes != 2 or self.features != "linear" or self.n_features != 2:
            return None
        W, b = self.raw_coefficients()
        d = W[:, 1] - W[:, 0]
        return float(d[0]), float(d[1]), float(b[1] - b[0])

    def parameters(self):
        return [self.W, self.b]

    def _set_parameters(self, arrays):
        self.W, self.b = arrays

    def _gradient(self, X, Y):
        P = softmax(affine(X, self.W, self.b))
        loss = categorical_cross_entropy(P, Y)
        G = (P - Y) / X.shape[0]
        objective, gW = self._penalized(loss, X.T @ G)
        return objective, (gW, G.sum(axis=0))

    def _apply(self, grads, lr):
        gW, gb = grads
        self.W -= lr * gW
        self.b -= lr * gb
        self._shrink(lr)

    def loss(self, X, y):
        """Data loss (categorical cross-entropy) at the current parameters, without the penalty."""
        return self.objective(X, y) - self.penalty_value()

    def fit(self, X, y_onehot, lr=0.1, epochs=300):
        return self._fit(X, y_onehot, lr, epochs)
