"""Small multilayer networks: logistic regression on features the network learns."""
from __future__ import annotations

import numpy as np

from .base import Model
from .linear import Penalized
from .core import (
    affine,
    ACTIVATIONS,
    bce_loss,
    categorical_cross_entropy,
    check_count,
    check_X,
    sigmoid,
    softmax,
)


class NeuralNetwork(Penalized, Model):
    """A network with 1-2 hidden layers of 1-16 units and a logistic (or softmax) output.
    Optionally an L2 or L1 penalty on every weight matrix, never on a bias (``Penalized``).

    ``rng``: a ``numpy.random.Generator`` for the initial weights; when omitted the
    legacy global generator (``np.random.randn``) is used, so ``np.random.seed``
    reproduces published numbers.  Weights are drawn layer by layer, each scaled
    by sqrt(2 / fan_in); biases start at zero.
    """

    def __init__(self, n_features, hidden=(4,), *, activation="sigmoid", n_classes=2,
                 features="linear", rng=None, standardize=False, penalty=None, lam=0.0):
        super().__init__(n_features, features=features, standardize=standardize)
        layers = hidden if isinstance(hidden, (tuple, list)) else (hidden,)
        if not 1 <= len(layers) <= 2:
            raise ValueError(f"hidden must be 1 or 2 layers of 1..16 units, got {hidden!r:.40}")
        hidden = tuple(check_count(h, "hidden", 1, 16) for h in layers)
        if activation not in ACTIVATIONS:
            raise ValueError(f"unknown activation {activation!r}; choose from {sorted(ACTIVATIONS)}")
        n_classes = check_count(n_classes, "n_classes", 2, 5)
        self.hidden = hidden
        self.activation = activation
        self.n_classes = n_classes
        self.binary_output = n_classes == 2
        self.rng = rng
        self._cache_forward = None
        self._init_params()
        # Reset goes back to these very weights (not a new draw), so a seeded
        # network always restarts from the same place.
        self._initial = ([W.copy() for W in self.weights], [b.copy() for b in self.biases])
        self.set_penalty(penalty, lam)

    # ------------------------------------------------------------ parameters
    @property
    def layer_sizes(self):
        return (self.n_inputs, *self.hidden, 1 if self.binary_output else self.n_classes)

    def _scales(self):
        return [np.sqrt(2.0 / n) for n in self.layer_sizes[:-1]]

    def _randn(self, *shape):
        return self.rng.standard_normal(shape) if self.rng is not None else np.random.randn(*shape)

    def _init_params(self):
        sizes = self.layer_sizes
        self.weights = []
        for (n_in, n_out), scale in zip(zip(sizes[:-1], sizes[1:]), self._scales()):
            # randn(n_in, 1) and randn(n_in) draw the same numbers: legacy seeds hold
            self.weights.append(self._randn(n_in, n_out) * scale)
        self.biases = [np.zeros(n) for n in sizes[1:]]

    # --------------------------------------------------------------- forward
    def _forward(self, X):
        """Return (pre-activations, activations incl. X, output probabilities)."""
        act = ACTIVATIONS[self.activation][0]
        zs, hs = [], [X]
        for W, b in zip(self.weights[:-1], self.biases[:-1]):
            z = affine(hs[-1], W, b)
            zs.append(z)
            hs.append(act(z))
        z_out = affine(hs[-1], self.weights[-1], self.biases[-1])
        zs.append(z_out)
        out = sigmoid(z_out[:, 0]) if self.binary_output else softmax(z_out)
        return zs, hs, out

    def forward(self, X):
        """Output probabilities; keeps ``z1``, ``h`` (first hidden layer) and ``z2`` (last)."""
        zs, hs, out = self._forward(self._map(check_X(X, self.n_features)))
        self._cache_forward = (zs, hs)
        return out

    @property
    def z1(self):
        return self._cache_forward[0][0]

    @property
    def h(self):
        return self._cache_forward[1][1]

    @property
    def z2(self):
        z = self._cache_forward[0][-1]
        return z[:, 0] if self.binary_output else z

    def hidden_activations(self, X):
        """The activations of each hidden layer for inputs X (a list, first layer first)."""
        return self._forward(self._map(check_X(X, self.n_features)))[1][1:]

    def reset(self):
        """Back to the weights this network was created with."""
        super().reset()
        weights, biases = self._initial
        self.weights = [W.copy() for W in weights]
        self.biases = [b.copy() for b in biases]
        return self

    def start_parameters(self):
        weights, biases = self._initial
        return [np.array(a, dtype=float) for a in (*weights, *biases)]

    def _proba(self, X):
        return self._forward(X)[2]

    def parameters(self):
        return [*self.weights, *self.biases]

    def _set_parameters(self, arrays):
        n = len(self.weights)
        self.weights, self.biases = arrays[:n], arrays[n:]

    # -------------------------------------------------------------- backward
    def _loss_of_output(self, out, t):
        """The data loss of outputs ``out`` (``_proba``) for targets ``t``: what a
        snapshot shows needs no backward pass (it cost as much as the forward one)."""
        return bce_loss(out, t) if self.binary_output \
            else categorical_cross_entropy(out, t)

    def _gradient(self, X, t):
        zs, hs, out = self._forward(X)
        n = X.shape[0]
        loss = self._loss_of_output(out, t)
        if self.binary_output:
            d = ((out - t) / n)[:, None]
        else:
            d = (out - t) / n
        dact = ACTIVATIONS[self.activation][1]
        gW, gb = [], []
        for layer in range(len(self.weights) - 1, -1, -1):
            gW.append(hs[layer].T @ d)
            gb.append(d.sum(axis=0))
            if layer:
                d = (d @ self.weights[layer].T) * dact(zs[layer - 1], hs[layer])
        objective, gW = self._penalized(loss, gW[::-1])
        return objective, (gW, gb[::-1])

    def _penalized_arrays(self):
        return self.weights

    def _set_penalized_arrays(self, arrays):
        self.weights = list(arrays)

    def _apply(self, grads, lr):
        for W, b, gW, gb in zip(self.weights, self.biases, *grads):
            W -= lr * gW
            b -= lr * gb
        self._shrink(lr)

    def loss(self, X, y):
        """Data loss (cross-entropy) at the current parameters, without the penalty."""
        return self.objective(X, y) - self.penalty_value()

    def fit(self, X, y, lr=1.0, epochs=2000):
        return self._fit(X, y, lr, epochs)

    def get_params(self):
        return {**super().get_params(), "hidden": self.hidden, "activation": self.activation,
                "n_classes": self.n_classes}


class TinyNeuralNetwork(NeuralNetwork):
    """One hidden layer (sigmoid units by default) and a sigmoid output (SPEC's seed API).

    Both weight matrices are scaled by sqrt(2 / n_input), drawn W1 then w2, from
    ``rng`` (a Generator or a seeded ``np.random.RandomState``) or numpy's global
    legacy generator.
    """

    def __init__(self, n_input, n_hidden, *, activation="sigmoid", rng=None):
        super().__init__(n_input, (n_hidden,), activation=activation, rng=rng)

    def _scales(self):
        s = np.sqrt(2.0 / self.n_inputs)
        return [s, s]

    @property
    def W1(self):
        return self.weights[0]

    @W1.setter
    def W1(self, value):
        self.weights[0] = np.asarray(value, dtype=float).reshape(self.weights[0].shape)

    @property
    def b1(self):
        return self.biases[0]

    @b1.setter
    def b1(self, value):
        self.biases[0] = np.asarray(value, dtype=float).reshape(self.biases[0].shape)

    @property
    def w2(self):
        return self.weights[1][:, 0]

    @w2.setter
    def w2(self, value):
        self.weights[1] = np.asarray(value, dtype=float).reshape(-1, 1)

    @property
    def b2(self):
        return float(self.biases[1][0])

    @b2.setter
    def b2(self, value):
        self.biases[1] = np.array([float(value)])
