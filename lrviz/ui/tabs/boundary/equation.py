"""The Builder's words about a model: its boundary's equation and how to read the map
(pure functions of the model, no Qt)."""
from __future__ import annotations

import numpy as np

from ....models import RegularizedLogisticRegression, SoftmaxRegression
from ....models.core import sigmoid
from ....colours import CLASS_HEX, CLASS_WORDS
from ....data.table import NO_NAMES
from ...look import ink


def number(v, first=False):
    """A coefficient as the equation writes it: a sign (none in front), then the size
    with as many digits as it needs."""
    sign = "−" if v < 0 else ("" if first else "+ ")
    a = abs(v)
    text = f"{a:.0f}" if a >= 100 else f"{a:.2f}" if a >= 1 or a == 0 else f"{a:.3g}"
    return f"{sign}{text}" if first or v >= 0 else f"{sign} {text}"


def _terms(coefficients, names):
    return " ".join(f"{number(v, i == 0)}·{n}" for i, (v, n) in enumerate(zip(coefficients,
                                                                          names)))


def twin_row(twin, d, db, names, linear):
    """Logistic regression trained beside two-class softmax at twice the learning
    rate: its z, and how far it is from softmax's z₁ − z₀."""
    w, b = twin.raw_coefficients() if linear else (twin.w, twin.b)
    gap = float(np.max(np.abs(np.r_[w - d, b - db])))
    agree = f"differs by {gap:.0e}" if np.isfinite(gap) else "no number to compare"
    return (f"<span style='color:{ink('pink')}'>┈ logistic regression, 2 × learning rate: "
            f"z = {_terms(w, names)} {number(b)}</span> ({agree})")


def class_name(names, k):
    """What class ``k`` is called: its name in the table, else its colour."""
    return names.of_class(k, CLASS_WORDS[k])


def class_key(names, n_classes):
    """Each class's colour and name, for a table's named classes ("" without)."""
    if not names.classes:
        return ""
    return " ".join(f"<span style='color:{CLASS_HEX[k]}'>■ {class_name(names, k)}</span>"
                    for k in range(n_classes)) + "<br>"


def equation_html(model, names=NO_NAMES, twin=None):
    """The model's boundary as an equation in the inputs' own units (rich text); a
    table's columns are written by their names; ``twin``: logistic regression trained
    beside two-class softmax, compared with z₁ − z₀."""
    linear = model.features == "linear"
    scaled = model.scale is not None and not linear
    names_ = names
    names = ["x̃₁", "x̃₂", "x̃₁²", "x̃₂²", "x̃₁x̃₂"] if scaled else ["x₁", "x₂", "x₁²", "x₂²", "x₁x₂"]
    if names_.features and linear:
        names = list(names_.features)
    note = ""
    if scaled:
        (m1, m2), (s1, s2) = model.scale
        note = (f"<br><small>in standardised units: x̃₁ = (x₁ − {m1:.3g}) / {s1:.3g}, "
                f"x̃₂ = (x₂ − {m2:.3g}) / {s2:.3g}</small>")
    elif model.scale is not None:
        note = "<br><small>(learnt on standardised inputs; shown in your units)</small>"
    if isinstance(model, RegularizedLogisticRegression):
        if not np.any(model.w):  # w = 0: z = b everywhere, so there is no line at all
            return ("<b>No boundary yet</b>: with w = 0 every point gets the same "
                    f"P = {float(sigmoid(model.b)):.2f}. Train, or click a point, to find one.")
        w, b = model.raw_coefficients() if linear else (model.w, model.b)
        return (f"<b>Boundary</b> (where P = 0.5, z = 0):<br>"
                f"<span style='font-size:large'>{_terms(w, names)} {number(b)} = 0</span>{note}")
    if isinstance(model, SoftmaxRegression):
        W, bs = model.raw_coefficients() if linear else (model.W, model.b)
        rows = [f"<span style='color:{CLASS_HEX[k]}'>z<sub>{k}</sub> = "
                f"{_terms(W[:, k], names)} {number(bs[k])}</span>" for k in range(model.n_classes)]
        if model.n_classes == 2:  # the difference of the scores is logistic regression
            d, db = W[:, 1] - W[:, 0], bs[1] - bs[0]
            rows.append(f"P(class 1) = σ(z₁ − z₀); z₁ − z₀ = {_terms(d, names)} {number(db)}")
            if twin is not None:
                rows.append(twin_row(twin, d, db, names, linear))
        return ("<b>Softmax regression</b>: P(class k) = e<sup>z<sub>k</sub></sup> / "
                "Σ<sub>j</sub> e<sup>z<sub>j</sub></sup>; the biggest score wins.<br>"
                + "<br>".join(rows) + note)
    sizes = " → ".join(str(s) for s in model.layer_sizes)
    return (f"<b>Network</b> {sizes} ({model.activation}). Its last layer is logistic "
            "regression on features the hidden units learn, so the boundary can bend.")


def map_key(n_classes):
    """How to read the map, in one line under it, for ``n_classes`` classes."""
    swatches = "".join(f"<span style='color:{CLASS_HEX[k]}'>■</span>" for k in range(n_classes))
    if n_classes == 2:
        unsure, line = "white: 50 %", "<b>━</b> boundary, P = 0.5"
    else:
        unsure, line = "white: no class stands out", "<b>━</b> boundaries, where two classes tie"
    return (f"{swatches} colour: the predicted class, paler where the model is less sure "
            f"({unsure}) · <b>◯</b> ringed: misclassified · {line} · "
            f"<span style='color:{ink('faint')}'>┅</span> grey dashes: the boundary before your last "
            "change of model or penalty")


def separable_note(separable, penalised=False):
    """Whether one straight line splits the two classes, and what that does to the
    weights: ``separable`` True, False, or None while it is being worked out."""
    if separable is None:
        return "Checking whether one straight line splits these points…"
    if not separable:
        return ("<b>Not linearly separable:</b> no straight line puts every point on its "
                "own class's side.")
    return ("<b>Linearly separable:</b> one straight line splits these points. "
            + ("Without a penalty ‖w‖ would grow without end; the penalty levels it off (see "
               "‖w‖ below the loss)." if penalised else
               "With no penalty ‖w‖ grows without end (see the plot under the loss), the edge "
               "sharpens towards a step and the loss creeps towards 0 without reaching it. An "
               "L2 penalty levels ‖w‖ off."))


#: every text the note can show (its room is the longest's, at any width)
SEPARABLE_NOTES = tuple(separable_note(s, p) for s in (None, False, True) for p in (False, True))
