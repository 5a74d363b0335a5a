"""The Builder's model: its settings, the model they describe, and a box of controls
that says, for each greyed-out control, why it does not apply."""
from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel

from ....models import NeuralNetwork, RegularizedLogisticRegression, SoftmaxRegression
from ....settings import Setting

KINDS = ("Logistic regression", "Neural network")
PENALTY_NAMES = {"none": None, "L2": "l2", "L1": "l1-prox"}

SETTINGS = (
    Setting("kind", KINDS[0], choices=KINDS,
            tip="Logistic regression draws one straight boundary; a network can bend it"),
    Setting("penalty", "none", choices=tuple(PENALTY_NAMES),
            tip="Penalty on the weights: L2 shrinks them, L1 pushes them to zero"),
    Setting("lam", 0.1, 0.0, 10.0, step=0.01, decimals=3, affects="live",
            label="λ, the penalty's strength",
            tip="λ: how strongly the penalty pulls the weights"),
    Setting("poly", False, label="add x₁², x₂², x₁x₂",
            tip="Polynomial features: a linear model on them can draw circles and ellipses"),
    Setting("standardize", True, label="standardise x₁, x₂ inside the model",
            tip="The model sees (x − mean) / sd of the training points, so data of any scale "
                "(exam scores of 30–100) trains at an ordinary learning rate; the equation "
                "stays in your units"),
    Setting("layers", 1, 1, 2, label="hidden layers", tip="Hidden layers of the network"),
    Setting("units", 6, 1, 16, label="units per hidden layer", tip="Units in each hidden layer"),
    Setting("activation", "tanh", choices=("tanh", "sigmoid", "relu"), label="activation",
            tip="The hidden units' activation function"),
    Setting("two_scores", False, label="as softmax: a score per class (K = 2)",
            tip="Two classes trained as softmax regression: each class gets its own score "
                "z₀, z₁; the boundary is where they tie.  w₁ − w₀ follows "
                "logistic regression's w at twice the learning rate (its line dotted, "
                "trained beside it)"),
)


def model_from(values, n_classes):
    """The model the settings describe, for ``n_classes`` classes (softmax regression
    for three or more)."""
    common = {"features": "poly2" if values["poly"] else "linear",
              "standardize": values["standardize"]}
    penalty = {"penalty": PENALTY_NAMES[values["penalty"]], "lam": values["lam"]}
    if values["kind"] == KINDS[1]:
        return NeuralNetwork(2, (values["units"],) * values["layers"],
                             activation=values["activation"], n_classes=n_classes,
                             rng=np.random.default_rng(values["seed"]), **penalty, **common)
    if n_classes > 2 or values["two_scores"]:
        return SoftmaxRegression(2, n_classes, **penalty, **common)
    return RegularizedLogisticRegression(2, **penalty, **common)


def twin_of(values, n_classes):
    """Softmax with two classes trains beside plain logistic regression at twice the
    learning rate (``TWIN_SCALE``): the twin whose w its w₁ − w₀ follows, epoch by epoch
    (None for any other model).  Softmax's L2 term 2λw_k acts on w₁ − w₀ as 2λ(w₁ − w₀),
    so the twin, taking twice the step, carries half the λ; with L1 the two differ."""
    if values["kind"] != KINDS[0] or n_classes != 2 or not values["two_scores"]:
        return None
    return RegularizedLogisticRegression(2, features="poly2" if values["poly"] else "linear",
                                         standardize=values["standardize"],
                                         **twin_penalty(values))


def twin_penalty(values):
    penalty = PENALTY_NAMES[values["penalty"]]
    return {"penalty": penalty, "lam": values["lam"] / 2 if penalty == "l2" else values["lam"]}


def twin_parameters(softmax):
    """The twin's parameters that equal two-class ``softmax``: w = w₁ − w₀, b = b₁ − b₀."""
    W, b = softmax.parameters()
    return [W[:, 1] - W[:, 0], np.array([b[1] - b[0]])]


#: the learning rate of softmax's logistic twin, as a multiple of the one set
TWIN_SCALE = 2.0


def has_line(values, n_classes):
    """Is the model logistic regression with one straight line (arrows, handles)?"""
    return (values["kind"] == KINDS[0] and n_classes == 2 and not values["poly"]
            and not values["two_scores"])


class ModelChoice(QGroupBox):
    """Type, penalty and λ, features, softmax for two classes, standardising, and the
    network's layers, units and activation."""

    def __init__(self, form, parent=None):
        super().__init__("Model", parent)
        self.form = form
        rows = QFormLayout(self)
        rows.addRow("Type", form["kind"])
        penalty = QHBoxLayout()
        penalty.addWidget(form["penalty"])
        penalty.addWidget(QLabel("λ"))
        penalty.addWidget(form["lam"])
        rows.addRow("Penalty", penalty)
        rows.addRow("Features", form["poly"])
        rows.addRow("", form["two_scores"])
        rows.addRow("", form["standardize"])
        net = QHBoxLayout()
        for w in (form["layers"], QLabel("layers ×"), form["units"], QLabel("units"),
                  form["activation"]):
            net.addWidget(w)
        rows.addRow(QLabel("Hidden"), net)
        self.n_classes = 2

    def update_for(self, n_classes):
        """Enable what applies to this model on ``n_classes`` classes, and let every
        greyed-out control say why it is grey."""
        self.n_classes = n_classes
        f, values = self.form, self.form.values()
        net = values["kind"] == KINDS[1]
        penalised = PENALTY_NAMES[values["penalty"]] is not None
        # with three or more classes the linear model is softmax regression: say so
        f["kind"].setItemText(0, "Softmax regression" if n_classes > 2 else "Logistic regression")
        f["lam"].setEnabled(penalised)
        f["lam"].setToolTip(f.tip("lam") if penalised else
                            "Choose L2 or L1 first: with no penalty λ does nothing")
        f["penalty"].setToolTip(f.tip("penalty") + (" (every weight matrix of the network, "
                                                     "never a bias)" if net else ""))
        for name in ("layers", "units", "activation"):
            f[name].setEnabled(net)
            f[name].setToolTip(f.tip(name) if net else
                               "Hidden layers belong to the neural network: choose it under Type")
        two = not net and n_classes == 2
        f["two_scores"].setEnabled(two)
        f["two_scores"].setToolTip(f.tip("two_scores") if two else
                                   "For two classes and the linear model only (with more "
                                   "classes the linear model is softmax already)")
        line = has_line(values, n_classes)
        for name in ("arrows", "grab"):
            f[name].setEnabled(line)
            f[name].setToolTip(f.tip(name) if line else
                               "For logistic regression on x₁, x₂ (two classes, no added "
                               "features, not as softmax): its boundary is one line with one w")
        return line
