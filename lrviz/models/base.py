"""The shared shape of every lrviz model: validate once, then step epoch by epoch.

A model implements ``_init_params``, ``_gradient`` (loss and gradients of the
objective on prepared data: the one gradient code path) and ``_apply`` (the
parameter update).  ``step`` is one epoch of gradient descent -- full batch, or
with ``set_batching`` shuffled mini-batches of k points (SPEC section 6); ``fit``
is a loop over it.  Input is checked once per data set by ``prepare``; the hot
loop works on the prepared arrays so an epoch costs what the arithmetic costs.
"""
from __future__ import annotations

import copy
import math
from dataclasses import dataclass

import numpy as np

from .core import (
    FEATURE_MAPS,
    MIN_SPREAD,
    check_count,
    check_labels,
    check_lr,
    check_X,
    column_spread,
    predicted_class,
)

#: Most input features a model takes (the data readers allow 50; the sparse demo 500).
MAX_FEATURES = 10_000

#: The loss may wobble while training; a jump to this many times the best loss
#: seen so far (plus a small margin) means the learning rate throws the model
#: out of its valley: we call that diverging.
DIVERGENCE_FACTOR = 3.0
DIVERGENCE_MARGIN = 0.5
#: A weight this large saturates every sigmoid on inputs of ordinary scale: the
#: steps are overshooting, even where the loss still looks fine.  Checked every
#: ``WEIGHT_CHECK_EVERY`` epochs so the check costs nothing measurable.
MAX_ABS_WEIGHT = 1e3
WEIGHT_CHECK_EVERY = 16
#: Most epochs one call trains (``fit``, a lesson's step, ``--epochs``): a few minutes
#: at most on the app's data, where 10**30 would run for ever.
MAX_EPOCHS = 1_000_000


@dataclass(frozen=True)
class Prepared:
    """Checked training data in the form the model's gradient wants."""

    X: np.ndarray  # features after the model's feature map
    t: np.ndarray  # targets: 0/1 floats (binary) or one-hot rows (multi-class)
    labels: np.ndarray  # integer labels 0..K-1


_labels_of = predicted_class


class Model:
    n_classes = 2
    features = "linear"
    #: True when the model outputs one probability P(y=1) trained on 0/1 targets
    binary_output = True
    #: points per step (``set_batching``): None, or at least the number of points, is
    #: full batch -- the text's ``fit``, exactly
    batch_size = None
    batch_seed = 0
    _batch_rng = None

    def __init__(self, n_features, *, features="linear", standardize=False):
        n_features = check_count(n_features, "n_features", 1, MAX_FEATURES)
        self.standardize = bool(standardize)
        if features not in FEATURE_MAPS:
            raise ValueError(f"unknown feature map {features!r}; choose from {sorted(FEATURE_MAPS)}")
        self.n_features = n_features
        self.features = features
        self.epoch = 0
        self._reset_watch()

    # ------------------------------------------------------------ to override
    def _init_params(self):
        raise NotImplementedError

    def _gradient(self, X, t):
        """Return (objective, gradients) at the current parameters."""
        raise NotImplementedError

    def _apply(self, grads, lr):
        raise NotImplementedError

    def _proba(self, X):
        """Probabilities on mapped features: 1-D P(y=1) if binary, else N x K."""
        raise NotImplementedError

    # ----------------------------------------------------------------- inputs
    @property
    def n_inputs(self):
        """Width of the model's own input after the feature map."""
        fmap = FEATURE_MAPS[self.features]
        return self.n_features if fmap is None else fmap(np.zeros((1, self.n_features))).shape[1]

    #: Standardise the inputs inside the model: with ``standardize`` set, the trainer
    #: calls ``fit_scale`` on the training inputs, and every input (training, test,
    #: a point on the map) is mapped to (x - mean) / sd before the feature map.
    #: Exam scores of 30..100 then train at an ordinary learning rate.
    standardize = False
    scale = None  # (mean, sd) arrays once fitted

    def fit_scale(self, X):
        mean, sd = column_spread(check_X(X, self.n_features))
        self.scale = (mean, np.where(sd > MIN_SPREAD, sd, 1.0))
        return self

    def _map(self, X):
        if self.scale is not None:
            X = (X - self.scale[0]) / self.scale[1]
        fmap = FEATURE_MAPS[self.features]
        return X if fmap is None else fmap(X)

    def _encode(self, labels):
        if self.binary_output:
            return labels.astype(float)
        Y = np.zeros((labels.shape[0], self.n_classes))
        Y[np.arange(labels.shape[0]), labels] = 1.0
        return Y

    def prepare(self, X, y, copy=True):
        """Check X and y once and return them ready for ``step_prepared``.  ``copy``:
        a copy of X, as callers may keep changing their arrays while training goes on
        (``fit``, which returns before anyone can, passes False)."""
        X = check_X(X, self.n_features)
        labels = check_labels(y, X.shape[0], self.n_classes)
        with np.errstate(over="ignore", invalid="ignore"):
            features = self._map(X)
            mapped = (np.array if copy else np.asarray)(features, dtype=float, order="C")
        # check_X found X finite: only a scale or a feature map can have overflowed
        if features is not X and not np.isfinite(mapped).all():
            raise ValueError(f"X is too large for {self.features} features: squares overflow "
                             f"(largest |x| is {np.abs(X).max():.3g})")
        return Prepared(mapped, self._encode(labels), labels)

    # --------------------------------------------------------------- training
    def set_batching(self, batch_size=None, seed=0):
        """Mini-batch training: each epoch shuffles the points (one permutation from a
        generator seeded with ``seed`` once per run) and takes one step per batch of
        ``batch_size`` of them (the last may be smaller), with the batch's mean
        gradient; 1 is one point at a time.  None: full batch."""
        if batch_size is not None:
            batch_size = check_count(batch_size, "batch_size", 1)
        self.batch_size = batch_size
        self.batch_seed = check_count(seed, "seed", 0, 2 ** 32 - 1)
        self._batch_rng = None  # (the order starts again)
        return self

    def _one_pass(self, X, t, lr):
        """The steps of one epoch through every point, without computing a loss."""
        n, k = len(X), self.batch_size
        if k is None or k >= n:
            self._apply(self._descent(X, t), lr)
            return
        if self._batch_rng is None:
            self._batch_rng = np.random.default_rng(self.batch_seed)
        order = self._batch_rng.permutation(n)
        X, t = X[order], t[order]  # (then each batch is a slice: no copy per step)
        for i in range(0, n, k):
            self._apply(self._descent(X[i:i + k], t[i:i + k]), lr)

    def _reset_watch(self):
        self.diverged = False
        self.divergence_reason = ""
        self._best_loss = math.inf

    def rebase(self):
        """The objective changed meaning (new data, penalty or lambda): judge divergence
        against losses from now on, not against the old best."""
        self._best_loss = math.inf

    def step_prepared(self, data: Prepared, lr: float) -> float:
        """One epoch of full-batch gradient descent; returns the objective before it.

        Never raises on divergence: it sets ``diverged`` and says why in
        ``divergence_reason`` so a caller can stop and tell the user.
        """
        if self.batch_size is None or self.batch_size >= len(data.X):
            loss, grads = self._gradient(data.X, data.t)
            self._apply(grads, lr)
        else:  # the loss over every point before the epoch, then its mini-batch steps
            loss = self._gradient(data.X, data.t)[0]
            self._one_pass(data.X, data.t, lr)
        self.epoch += 1
        if not math.isfinite(loss):
            self.diverged = True
            self.divergence_reason = "the loss is no longer a finite number"
        elif loss > DIVERGENCE_FACTOR * self._best_loss + DIVERGENCE_MARGIN:
            self.diverged = True
            self.divergence_reason = (
                f"the loss jumped from {self._best_loss:.3g} to {loss:.3g}"
            )
        elif loss < self._best_loss:
            self._best_loss = loss
        if not self.epoch % WEIGHT_CHECK_EVERY and not self.diverged:
            biggest = self.max_abs_weight()
            if not biggest <= MAX_ABS_WEIGHT:  # also catches NaN
                self.diverged = True
                self.divergence_reason = f"a weight grew to {biggest:.3g}"
        return loss

    def parameters(self):
        """The trainable arrays (views, not copies)."""
        raise NotImplementedError

    def get_parameters(self):
        """Copies of the trainable arrays, in a fixed order (sessions save these)."""
        return [np.array(p, dtype=float) for p in self.parameters()]

    def set_parameters(self, arrays):
        """Put back arrays shaped as ``get_parameters()`` returns them.

        Raises ValueError naming the array when the count, a shape or a value
        does not fit; the model is unchanged then.
        """
        current = self.parameters()
        arrays = list(arrays)
        if len(arrays) != len(current):
            raise ValueError(f"{type(self).__name__} has {len(current)} parameter arrays, "
                             f"got {len(arrays)}")
        checked = []
        for i, (a, p) in enumerate(zip(arrays, current)):
            try:
                a = np.array(a, dtype=float)
            except (TypeError, ValueError):
                raise ValueError(f"parameter array {i} is not numeric") from None
            if a.shape != np.shape(p):
                raise ValueError(f"parameter array {i} has shape {a.shape}, "
                                 f"expected {np.shape(p)}")
            if not np.isfinite(a).all():
                raise ValueError(f"parameter array {i} holds values that are not finite")
            checked.append(a)
        self._set_parameters(checked)
        self.rebase()
        return self

    def _set_parameters(self, arrays):
        raise NotImplementedError

    def start_parameters(self):
        """Copies of the parameters ``reset`` goes back to (shaped as ``get_parameters``),
        without changing this model or drawing any random number."""
        other = copy.copy(self)
        other._init_params()
        return other.get_parameters()

    def max_abs_weight(self):
        return max(float(np.max(np.abs(p))) for p in self.parameters())

    def step(self, X, y, lr=0.1):
        """Check the data, then run one epoch (see ``step_prepared``)."""
        return self.step_prepared(self.prepare(X, y), check_lr(lr))

    def _fit(self, X, y, lr, epochs):
        """``epochs`` steps of gradient descent.  Nobody reads a loss here, so none is
        computed (``_descent``): the textbook loop's cost.  A weight that grows past
        MAX_ABS_WEIGHT still marks the model diverged, as does a final loss that is not
        a finite number.  Weights that stop being finite numbers cannot be used at all:
        then ValueError, and the model is left as it was before."""
        lr = check_lr(lr)
        epochs = check_count(epochs, "epochs", 0, MAX_EPOCHS)
        if self.standardize and self.scale is None:  # (the trainer does this for the app)
            self.fit_scale(X)
        data = self.prepare(X, y, copy=False)
        before = self.clone()
        for epoch in range(1, epochs + 1):
            self._one_pass(data.X, data.t, lr)
            self.epoch += 1
            if not epoch % WEIGHT_CHECK_EVERY and not self.max_abs_weight() <= MAX_ABS_WEIGHT:
                self.diverged = True
                self.divergence_reason = f"a weight grew to {self.max_abs_weight():.3g}"
                break
        if not all(np.isfinite(p).all() for p in self.parameters()):
            at = self.epoch - before.epoch
            self.__dict__.update(before.__dict__)
            raise ValueError(f"training diverged: by epoch {at} the weights were no longer "
                             f"finite numbers (learning rate {lr:g} is far too large)")
        if epochs and not self.diverged and not math.isfinite(self._gradient(data.X, data.t)[0]):
            self.diverged = True
            self.divergence_reason = "the loss is no longer a finite number"
        return self

    def _descent(self, X, t):
        """The gradient alone (models whose loss costs extra override this)."""
        return self._gradient(X, t)[1]

    def reset(self):
        """Back to the initial parameters (re-drawn for random initialisations), and
        the mini-batches' order back to its start."""
        self._init_params()
        self._batch_rng = None
        self.epoch = 0
        self._reset_watch()
        return self

    # -------------------------------------------------------------- inference
    def predict_proba(self, X):
        return self._proba(self._map(check_X(X, self.n_features)))

    def proba_matrix(self, X):
        """Class probabilities as an N x K matrix, whatever the number of classes."""
        P = self.predict_proba(X)
        return np.column_stack([1.0 - P, P]) if P.ndim == 1 else P

    def predict(self, X):
        return _labels_of(self.predict_proba(X))

    def penalty_value(self):
        """What a penalty adds to the data loss at the current parameters (none here)."""
        return 0.0

    def gradient_prepared(self, data: Prepared):
        """The objective's gradient on prepared data at the current parameters; no step."""
        return self._gradient(data.X, data.t)[1]

    def evaluate(self, data: Prepared):
        """(data loss, accuracy) on prepared data at the current parameters; no step.
        The loss is the data's alone: a penalty is ``penalty_value()``, apart."""
        P = self._proba(data.X)
        loss_of = getattr(self, "_loss_of_output", None)
        if loss_of is not None:  # one forward pass gives both
            loss = loss_of(P, data.t)
        else:
            loss = self._gradient(data.X, data.t)[0] - self.penalty_value()
        accuracy = np.mean(_labels_of(P) == data.labels)
        return float(loss), float(accuracy)

    def score(self, X, y):
        """Accuracy on (X, y)."""
        labels = check_labels(y, len(np.asarray(X)), self.n_classes)
        return float(np.mean(self.predict(X) == labels))

    def objective(self, X, y):
        """The quantity gradient descent lowers: data loss plus any penalty."""
        data = self.prepare(X, y)
        return self._gradient(data.X, data.t)[0]

    def clone(self):
        """An independent copy: parameters copied, forward-pass caches dropped."""
        new = copy.copy(self)
        for key, value in self.__dict__.items():
            if key.startswith("_cache"):
                setattr(new, key, None)
            elif isinstance(value, np.ndarray):
                setattr(new, key, value.copy())
            elif isinstance(value, list) and value and isinstance(value[0], np.ndarray):
                setattr(new, key, [v.copy() for v in value])
            elif isinstance(value, np.random.Generator):  # (a copy draws its own batches)
                setattr(new, key, copy.deepcopy(value))
        return new

    def get_params(self):
        """Hyper-parameters, as scikit-learn names them."""
        return {"n_features": self.n_features, "features": self.features}


def parameters_key(model):
    """A model's parameters (any model with ``parameters()``: trained or fitted in one
    pass) as a hashable key of their exact values: equal keys, equal predictions, to
    cache what a model computes until it changes."""
    return tuple(np.asarray(a, dtype=float).tobytes() for a in model.parameters())
