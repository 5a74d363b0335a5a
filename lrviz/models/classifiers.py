"""Three other classifiers, to set logistic regression's probabilities beside (numpy only).

* ``GaussianNaiveBayes``: one pass over the data; counts each feature as separate
  evidence, so copies of a feature make it overconfident.
* ``SupportVectorMachine``: a score, not a probability; ``PlattScaling`` turns
  held-out scores into probabilities -- by fitting logistic regression again.
* ``DecisionTree``: CART with Gini impurity; a leaf's class fraction is its
  probability (few distinct values).

Each has ``fit(X, y)`` returning self, ``predict_proba`` (P(y = 1) for two classes,
one column per class otherwise, like the core's models) and ``predict``.  Models
that fit in one pass also plug into the trainer (``fits_in_one_pass``).
"""
from __future__ import annotations

import copy
import time

import numpy as np

from .base import MAX_EPOCHS, Prepared
from .core import (
    MIN_SPREAD,
    check_count,
    check_labels,
    check_number,
    check_X,
    column_spread,
    predicted_class,
    sigmoid,
)


def _check_fit(X, y, n_classes=None):
    X = check_X(X)
    y = np.asarray(y)
    k = n_classes or (int(np.max(y)) + 1 if y.size and np.isfinite(y.astype(float)).all() else 2)
    labels = check_labels(y, X.shape[0], max(2, k))
    if len(np.unique(labels)) < 2:
        raise ValueError("fitting needs examples of at least two classes, got one")
    return X, labels


class _Classifier:
    n_classes = 2
    fits_in_one_pass = True

    def _require_fit(self):
        if not getattr(self, "fitted", False):
            raise ValueError(f"{type(self).__name__} is not fitted yet: call fit(X, y) first")

    def predict(self, X):
        return predicted_class(self.predict_proba(X))

    def proba_matrix(self, X):
        P = self.predict_proba(X)
        return np.column_stack([1.0 - P, P]) if P.ndim == 1 else P

    def _out(self, P):
        return P[:, 1] if P.shape[1] == 2 else P

    # --- the trainer's interface (one-pass jobs)
    def prepare(self, X, y):
        X, labels = check_X(X, self.n_features), check_labels(y, len(X), self.n_classes)
        return Prepared(np.array(X, dtype=float), labels.astype(float), labels)

    #: does ``fit`` take ``progress(fraction)`` and ``cancelled()`` callbacks?
    reports_progress = False

    def fit_prepared(self, data, progress=None, cancelled=None):
        """Fit on prepared data; returns False when ``cancelled()`` stopped the fit
        (the model stays unfitted then)."""
        start = time.perf_counter()
        if self.reports_progress:
            self.fit(data.X, data.labels, progress, cancelled)
        else:
            self.fit(data.X, data.labels)
        self.fit_seconds = time.perf_counter() - start  # shown beside the measures
        return bool(self.fitted)

    def evaluate(self, data):
        """(log loss, accuracy) on prepared data."""
        P = np.clip(self.proba_matrix(data.X), 1e-15, 1.0)
        loss = -np.mean(np.log(P[np.arange(len(data.labels)), data.labels]))
        return float(loss), float(np.mean(self.predict(data.X) == data.labels))

    def rebase(self):
        pass

    def reset(self):
        """Nothing to undo: a one-pass model is fitted again when its data change."""
        return self

    def parameters(self):
        """The fitted arrays (a drawing compares them to skip an unchanged model)."""
        self._require_fit()
        return [np.asarray(a, dtype=float) for a in self._fitted_arrays()]

    def get_params(self):
        return {k: v for k, v in vars(self).items()
                if isinstance(v, (int, float, str, bool)) and k != "fitted"}

    def clone(self):
        return copy.deepcopy(self)


class GaussianNaiveBayes(_Classifier):
    """Per class a prior and, per feature, a mean and a variance (SPEC.md section 5).

    ``var_smoothing`` (0 or more) adds that share of the largest feature variance to
    every variance, as scikit-learn's GaussianNB does.  The means and variances are
    kept in units of each feature's spread over all of X (``centre``, ``spread``):
    naive Bayes's probabilities do not change when a feature is rescaled, and then
    features near 1e300 or 1e-300 neither overflow nor underflow when squared.
    """

    #: No variance falls below VAR_FLOOR (in units of its feature's spread) and no input
    #: lies further out than FAR spreads: every squared distance stays a finite number,
    #: even summed over 10,000 features.
    VAR_FLOOR, FAR = 1e-100, 1e100

    def __init__(self, n_features, n_classes=2, var_smoothing=1e-9):
        self.n_features = check_count(n_features, "n_features", 1)
        self.n_classes = check_count(n_classes, "n_classes", 2, 5)
        self.var_smoothing = check_number(var_smoothing, "var_smoothing", 0.0,
                                          np.finfo(float).max)
        self.fitted = False

    def fit(self, X, y):
        X, labels = _check_fit(X, y, self.n_classes)
        if X.shape[1] != self.n_features:
            raise ValueError(f"X has {X.shape[1]} features, the model expects {self.n_features}")
        K = self.n_classes
        self.centre, sd = column_spread(X)
        self.spread = np.where(sd > MIN_SPREAD, sd, 1.0)
        Xs = self._standardized(X)
        # scikit-learn's var_smoothing * (largest variance), in each feature's own units
        with np.errstate(over="ignore"):
            ratio = np.minimum(sd.max() / self.spread, 1e50)
        eps = np.minimum(self.var_smoothing * ratio * ratio, 1e100)
        self.counts = np.bincount(labels, minlength=K).astype(float)
        self.prior = self.counts / len(labels)
        self.mean = np.zeros((K, X.shape[1]))
        self.var = np.ones((K, X.shape[1]))
        for k in range(K):
            if self.counts[k]:
                self.mean[k] = Xs[labels == k].mean(axis=0)
                self.var[k] = np.maximum(Xs[labels == k].var(axis=0) + eps, self.VAR_FLOOR)
        self.fitted = True
        return self

    def _standardized(self, X):
        with np.errstate(over="ignore"):
            return np.clip((X - self.centre) / self.spread, -self.FAR, self.FAR)

    def _fitted_arrays(self):
        return [self.prior, self.mean, self.var, self.centre, self.spread]

    def joint_log_likelihood(self, X):
        """log P(x, class) per row and class, up to a constant shared by every class."""
        self._require_fit()
        Xs = self._standardized(check_X(X, self.n_features))
        ll = np.empty((len(Xs), self.n_classes))
        for k in range(self.n_classes):  # (one class at a time: an N x d temporary, not N x K x d)
            ll[:, k] = -0.5 * (np.log(2 * np.pi * self.var[k]).sum()
                               + ((Xs - self.mean[k]) ** 2 / self.var[k]).sum(axis=1))
        with np.errstate(divide="ignore"):
            return ll + np.log(self.prior)[None]

    def predict_proba(self, X):
        jll = self.joint_log_likelihood(X)
        jll -= jll.max(axis=1, keepdims=True)  # log-sum-exp
        P = np.exp(jll)
        return self._out(P / P.sum(axis=1, keepdims=True))


class SupportVectorMachine(_Classifier):
    """A two-class SVM: hinge loss max(0, 1 − s·f(x)), s = 2y − 1, with an L2 penalty.

    kernel "linear": f(x) = w·x + b by full-batch subgradient descent on
    (1 / (C·N))·‖w‖²/2 + mean hinge -- the same optimum as scikit-learn's SVC at C.
    It learns epoch by epoch, so the trainer steps it live like logistic regression
    (``step_prepared``; ``fit`` is ``epochs`` such steps).  The step size falls as
    1 / (λ·(t + 100)) and the model reports a running average of its iterates that
    weights late epochs more: subgradient steps jitter, their average does not.
    kernel "rbf": f(x) = Σ αᵢ sᵢ K(xᵢ, x) + b, K = exp(−γ‖x − x'‖²), by a simplified
    SMO on at most 2,000 training points, in one pass (``fit``, with progress and
    cancel).  ``predict_proba`` squashes f with a plain sigmoid -- not a calibrated
    probability: see ``PlattScaling``.
    """

    MAX_RBF_POINTS = 2000
    reports_progress = True
    #: weight of the newest iterate in the running average: (AVERAGE_C + 1) / (t + AVERAGE_C)
    AVERAGE_C = 3.0
    standardize = False
    diverged = False
    divergence_reason = ""

    def __init__(self, n_features, kernel="linear", C=1.0, gamma=1.0, epochs=1000,
                 max_passes=10, tol=1e-3, seed=0):
        self.n_features = check_count(n_features, "n_features", 1)
        if kernel not in ("linear", "rbf"):
            raise ValueError(f"kernel must be 'linear' or 'rbf', got {kernel!r:.20}")
        for name, v in (("C", C), ("gamma", gamma)):
            if not np.isfinite(v) or not v > 0:
                raise ValueError(f"{name} must be a positive number, got {v}")
        self.kernel, self.C, self.gamma = kernel, float(C), float(gamma)
        self.epochs = check_count(epochs, "epochs", 1, MAX_EPOCHS)
        self.max_passes, self.tol, self.seed = check_count(max_passes, "max_passes", 1), tol, seed
        if kernel == "linear":
            self.reset()
        self.fitted = False  # until fit(); the trainer's reset() starts it at w = 0

    @property
    def slow_fit(self):
        """Does its one-pass fit take long (the RBF kernel: n² kernel values)?"""
        return self.kernel == "rbf"

    @property
    def fits_in_one_pass(self):
        """The linear SVM learns live, epoch by epoch; SMO (rbf) runs in one pass."""
        return self.kernel == "rbf"

    def fit(self, X, y, progress=None, cancelled=None):
        X, labels = _check_fit(X, y, 2)
        if X.shape[1] != self.n_features:
            raise ValueError(f"X has {X.shape[1]} features, the model expects {self.n_features}")
        if self.kernel == "linear":
            self.reset()
            data = self.prepare(X, labels)
            for t in range(1, self.epochs + 1):
                self.step_prepared(data)
                if t % 100 == 0:
                    if progress is not None:
                        progress(t / self.epochs)
                    if cancelled is not None and cancelled():
                        return self
        else:
            if len(X) > self.MAX_RBF_POINTS:
                raise ValueError(f"the RBF kernel takes at most {self.MAX_RBF_POINTS:,} training "
                                 f"points, got {len(X):,}")
            s = 2.0 * labels - 1.0
            if not self._fit_smo(X, s, progress, cancelled):
                return self  # cancelled: still unfitted
        self.fitted = True
        return self

    # --- live training (linear kernel): the trainer's step interface
    def reset(self):
        if self.kernel == "linear":
            d = self.n_features
            self._w, self._b = np.zeros(d), np.zeros(1)  # the iterate
            self.w, self._b_avg = np.zeros(d), np.zeros(1)  # the running average: the model
            self.epoch = 0
            self.fitted = True  # w = 0: a score of 0 everywhere, an honest "no idea yet"
        return self

    @property
    def b(self):
        return float(self._b_avg[0]) if self.kernel == "linear" else self._rbf_b

    def objective(self, X, s):
        lam = 1.0 / (self.C * len(X))
        return float(lam * self.w @ self.w / 2 + np.maximum(0.0, 1 - s * (X @ self.w + self.b)).mean())

    def step_prepared(self, data, lr=None):
        """One epoch of subgradient descent (``lr`` is ignored: the step size follows
        the schedule above).  Returns the objective of the averaged model before it."""
        X, s = data.X, 2.0 * data.t - 1.0
        n = len(X)
        lam = 1.0 / (self.C * n)
        loss = self.objective(X, s)
        t = self.epoch + 1
        w, b = self._w, self._b
        active = s * (X @ w + b[0]) < 1
        gw = lam * w - (s[active, None] * X[active]).sum(axis=0) / n
        gb = -s[active].sum() / n
        eta = 1.0 / (lam * (t + 100))
        self._w, self._b = w - eta * gw, b - eta * gb
        g = (self.AVERAGE_C + 1) / (t + self.AVERAGE_C)
        self.w = (1 - g) * self.w + g * self._w
        self._b_avg = (1 - g) * self._b_avg + g * self._b
        self.epoch = t
        return loss

    def max_abs_weight(self):
        """0 while the weights are finite: with its falling step size the SVM cannot
        diverge, though early iterates are large by design (the first steps are big)."""
        finite = np.isfinite(self._w).all() and np.isfinite(self._b).all()
        return 0.0 if finite else np.inf

    def parameters(self):
        if self.kernel == "linear":
            return [self._w, self._b, self.w, self._b_avg]
        return super().parameters()

    def get_parameters(self):
        return [np.array(p, dtype=float) for p in self.parameters()]

    def set_parameters(self, arrays):
        arrays = [np.array(a, dtype=float) for a in arrays]
        current = self.parameters()
        if len(arrays) != len(current) or any(a.shape != c.shape for a, c in zip(arrays, current)):
            raise ValueError(f"the linear SVM takes {len(current)} arrays shaped "
                             f"{[c.shape for c in current]}")
        if not all(np.isfinite(a).all() for a in arrays):
            raise ValueError("the SVM's saved weights are not finite numbers")
        self._w, self._b, self.w, self._b_avg = arrays
        self.fitted = True
        return self

    def _kernel(self, A, B):
        sq = (A * A).sum(axis=1)[:, None] + (B * B).sum(axis=1)[None] - 2 * A @ B.T
        return np.exp(-self.gamma * np.maximum(sq, 0.0))

    def _fit_smo(self, X, s, progress, cancelled):
        """Simplified SMO; returns False when ``cancelled()`` stopped it."""
        n = len(X)
        K = self._kernel(X, X)
        alpha, b = np.zeros(n), 0.0
        rng = np.random.default_rng(self.seed)
        passes, sweeps = 0, 0
        f = np.zeros(n)  # f(x_i) - b, kept up to date
        while passes < self.max_passes and sweeps < 200:
            changed = 0
            for i in range(n):
                Ei = f[i] + b - s[i]
                if (s[i] * Ei < -self.tol and alpha[i] < self.C) or (s[i] * Ei > self.tol and alpha[i] > 0):
                    j = int(rng.integers(n - 1))
                    j += j >= i
                    Ej = f[j] + b - s[j]
                    ai, aj = alpha[i], alpha[j]
                    if s[i] != s[j]:
                        lo, hi = max(0.0, aj - ai), min(self.C, self.C + aj - ai)
                    else:
                        lo, hi = max(0.0, ai + aj - self.C), min(self.C, ai + aj)
                    eta = 2 * K[i, j] - K[i, i] - K[j, j]
                    if lo == hi or eta >= 0:
                        continue
                    aj_new = np.clip(aj - s[j] * (Ei - Ej) / eta, lo, hi)
                    if abs(aj_new - aj) < 1e-5:
                        continue
                    ai_new = ai + s[i] * s[j] * (aj - aj_new)
                    b1 = b - Ei - s[i] * (ai_new - ai) * K[i, i] - s[j] * (aj_new - aj) * K[i, j]
                    b2 = b - Ej - s[i] * (ai_new - ai) * K[i, j] - s[j] * (aj_new - aj) * K[j, j]
                    b = b1 if 0 < ai_new < self.C else (b2 if 0 < aj_new < self.C else (b1 + b2) / 2)
                    f += (ai_new - ai) * s[i] * K[i] + (aj_new - aj) * s[j] * K[j]
                    alpha[i], alpha[j] = ai_new, aj_new
                    changed += 1
            passes = passes + 1 if changed == 0 else 0
            sweeps += 1
            if progress is not None:
                progress(min(sweeps / 200, 1.0))
            if cancelled is not None and cancelled():
                return False
        sv = alpha > 1e-8
        self.support, self.coef, self._rbf_b = X[sv], (alpha * s)[sv], b
        return True

    def _fitted_arrays(self):
        if self.kernel == "linear":
            return [self.w, [self.b]]
        return [self.support, self.coef, [self._rbf_b]]

    def decision_function(self, X):
        self._require_fit()
        X = check_X(X, self.n_features)
        if self.kernel == "linear":
            return X @ self.w + self.b
        return self._kernel(X, self.support) @ self.coef + self._rbf_b

    def predict_proba(self, X):
        """σ(f(x)): a squashed score, not a calibrated probability."""
        return sigmoid(self.decision_function(X))

    def predict(self, X):
        return (self.decision_function(X) >= 0).astype(np.intp)


class PlattScaling:
    """P(y = 1 | f) = σ(A·f + B), fitted on held-out scores f: logistic regression on
    one feature, its two parameters found by Newton's method (a handful of steps,
    so a live SVM's probabilities can be refitted for every picture).  The
    inputs are standardised first; a tiny L2 term keeps A finite when the scores
    separate the classes perfectly."""

    RIDGE = 1e-9

    def __init__(self, max_steps=100, tol=1e-10):
        self.max_steps, self.tol = check_count(max_steps, "max_steps", 1), tol
        self.fitted = False

    def fit(self, f, y):
        f = check_X(np.asarray(f, dtype=float).reshape(-1, 1), 1, name="scores")[:, 0]
        t = check_labels(y, len(f), 2).astype(float)
        if len(np.unique(t)) < 2:
            raise ValueError("Platt scaling needs held-out scores of both classes")
        mu, sd = f.mean(), f.std()
        sd = sd if sd > 0 else 1.0
        Z = np.column_stack([(f - mu) / sd, np.ones_like(f)])
        n, theta = len(f), np.zeros(2)

        def cost(th):
            z = Z @ th
            return (np.logaddexp(0, z) - t * z).mean() + self.RIDGE * th[0] ** 2 / 2

        current = cost(theta)
        for _ in range(self.max_steps):
            p = sigmoid(Z @ theta)
            grad = Z.T @ (p - t) / n + [self.RIDGE * theta[0], 0.0]
            H = (Z * (p * (1 - p))[:, None]).T @ Z / n + np.diag([self.RIDGE, 1e-12])
            step = np.linalg.solve(H, grad)
            scale = 1.0
            while scale > 1e-8:  # damped: never a step that raises the loss
                trial = cost(theta - scale * step)
                if trial <= current:
                    break
                scale /= 2
            else:
                break
            theta, improvement, current = theta - scale * step, current - trial, trial
            if improvement < self.tol:
                break
        self.A, self.B = float(theta[0] / sd), float(theta[1] - theta[0] * mu / sd)
        self.fitted = True
        return self

    def predict_proba(self, f):
        if not self.fitted:
            raise ValueError("PlattScaling is not fitted yet: call fit(scores, y) first")
        return sigmoid(self.A * np.asarray(f, dtype=float) + self.B)


class CalibratedSVM(SupportVectorMachine):
    """An SVM whose probabilities come from Platt scaling fitted on its own calibration
    set (never the data it is judged on).  ``raw_proba`` is the plain σ(score).
    Trained live (linear kernel), it refits the scaling whenever a copy is taken
    for a picture: a few Newton steps on the calibration scores."""

    def __init__(self, n_features, X_cal, y_cal, **svm_args):
        self.X_cal = check_X(X_cal, n_features)
        self.y_cal = check_labels(y_cal, len(self.X_cal), 2)
        super().__init__(n_features, **svm_args)

    def fit(self, X, y, progress=None, cancelled=None):
        super().fit(X, y, progress, cancelled)
        if self.fitted:
            self._calibrate()
        return self

    def _calibrate(self):
        self.platt = PlattScaling().fit(self.decision_function(self.X_cal), self.y_cal)

    def reset(self):
        super().reset()
        if self.kernel == "linear" and hasattr(self, "y_cal"):
            self._calibrate()
        return self

    def set_parameters(self, arrays):
        super().set_parameters(arrays)
        self._calibrate()
        return self

    def clone(self):
        twin = super().clone()
        if self.kernel == "linear" and self.fitted:
            twin._calibrate()  # the picture shows this epoch's scaling
        return twin

    def _fitted_arrays(self):
        return super()._fitted_arrays() + [[self.platt.A, self.platt.B]]

    def raw_proba(self, X):
        return sigmoid(self.decision_function(X))

    def boundary_coefficients(self):
        """(w, c) of the line w·x + c = 0 where the calibrated P is 0.5 -- A·f + B = 0 with
        f = w·x + b -- for the linear kernel; None otherwise (a map traces it instead)."""
        if self.kernel != "linear" or not self.fitted or not abs(self.platt.A) > 0:
            return None
        return self.w.copy(), float(self.b + self.platt.B / self.platt.A)

    def predict_proba(self, X):
        return self.platt.predict_proba(self.decision_function(X))


class DecisionTree(_Classifier):
    """CART: greedy splits x_j <= threshold minimising the Gini impurity of the children."""

    def __init__(self, n_features, n_classes=2, max_depth=4, min_samples_leaf=1):
        self.n_features = check_count(n_features, "n_features", 1)
        self.n_classes = check_count(n_classes, "n_classes", 2, 5)
        self.max_depth = check_count(max_depth, "max_depth", 1, 30)
        self.min_samples_leaf = check_count(min_samples_leaf, "min_samples_leaf", 1)
        self.fitted = False

    def fit(self, X, y):
        X, labels = _check_fit(X, y, self.n_classes)
        if X.shape[1] != self.n_features:
            raise ValueError(f"X has {X.shape[1]} features, the model expects {self.n_features}")
        # nodes: feature, threshold, left, right (-1 for a leaf), class fractions, count
        self.feature, self.threshold, self.left, self.right, self.value, self.count = \
            [], [], [], [], [], []
        self._grow(X, labels, 0)
        self.value = np.array(self.value)
        self.fitted = True
        return self

    def _new(self, labels):
        k = len(self.feature)
        counts = np.bincount(labels, minlength=self.n_classes)
        for lst, v in ((self.feature, -1), (self.threshold, np.nan), (self.left, -1),
                       (self.right, -1), (self.value, counts / counts.sum()),
                       (self.count, len(labels))):
            lst.append(v)
        return k

    def _grow(self, X, labels, depth):
        node = self._new(labels)
        m = self.min_samples_leaf
        if depth >= self.max_depth or len(labels) < 2 * m or len(np.unique(labels)) == 1:
            return node
        best = self._best_split(X, labels, m)
        if best is None:
            return node
        j, thr = best
        go_left = X[:, j] <= thr
        self.feature[node], self.threshold[node] = j, thr
        self.left[node] = self._grow(X[go_left], labels[go_left], depth + 1)
        self.right[node] = self._grow(X[~go_left], labels[~go_left], depth + 1)
        return node

    def _best_split(self, X, labels, m):
        n, K = len(labels), self.n_classes
        onehot = np.eye(K)[labels]
        best, best_score = None, np.inf
        for j in range(X.shape[1]):
            order = np.argsort(X[:, j], kind="mergesort")
            xs = X[order, j]
            left = np.cumsum(onehot[order], axis=0)[:-1]  # counts left of each cut
            n_left = np.arange(1, n)
            right = left[-1] + onehot[order[-1]] - left
            ok = (xs[1:] > xs[:-1]) & (n_left >= m) & (n - n_left >= m)
            if not ok.any():
                continue
            gini_l = 1 - ((left / n_left[:, None]) ** 2).sum(axis=1)
            gini_r = 1 - ((right / (n - n_left)[:, None]) ** 2).sum(axis=1)
            score = np.where(ok, n_left * gini_l + (n - n_left) * gini_r, np.inf)
            i = int(np.argmin(score))
            if score[i] < best_score - 1e-12:
                best_score, best = score[i], (j, (xs[i] + xs[i + 1]) / 2)
        return best

    def _fitted_arrays(self):
        return [self.value, np.nan_to_num(np.array(self.threshold, dtype=float), nan=-1.0),
                self.feature]

    def apply(self, X):
        """The leaf each row of X ends in."""
        self._require_fit()
        X = check_X(X, self.n_features)
        node = np.zeros(len(X), dtype=int)
        feature, threshold = np.array(self.feature), np.array(self.threshold)
        left, right = np.array(self.left), np.array(self.right)
        for _ in range(self.max_depth + 1):
            inner = feature[node] >= 0
            if not inner.any():
                break
            idx = np.flatnonzero(inner)
            f = feature[node[idx]]
            go_left = X[idx, f] <= threshold[node[idx]]
            node[idx] = np.where(go_left, left[node[idx]], right[node[idx]])
        return node

    def predict_proba(self, X):
        leaves = self.apply(X)
        return self._out(self.value[leaves])

    def rules(self, names=None):
        """The tree as indented if/else text, with each leaf's class fractions."""
        self._require_fit()
        names = names or [f"x{j + 1}" for j in range(self.n_features)]
        lines = []

        def walk(k, indent):
            pad = "  " * indent
            if self.feature[k] < 0:
                frac = ", ".join(f"{v:.2f}" for v in self.value[k])
                lines.append(f"{pad}→ P = [{frac}] ({self.count[k]} samples)")
                return
            name, thr = names[self.feature[k]], self.threshold[k]
            lines.append(f"{pad}if {name} <= {thr:.3g}:")
            walk(self.left[k], indent + 1)
            lines.append(f"{pad}else:  # {name} > {thr:.3g}")
            walk(self.right[k], indent + 1)
        walk(0, 0)
        return "\n".join(lines)
