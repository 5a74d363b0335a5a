"""The numpy behind a model, written out: one epoch as a few lines (the Code pane)
and a whole plain script that replays a run (File > Export Python script).  No Qt.

``Recipe.of(model, lr)`` reads what a model is -- logistic regression (plain, with a
penalty, or on the squared error), softmax regression or a network -- with its
settings, the parameters it starts from and its batch size.  ``epoch_lines`` writes
one epoch of its gradient descent; the pane shows exactly these lines and the script
runs exactly these lines in its loop, so what a student reads is what reproduces the
run.  Each line does the same floating-point operations, in the same order, as the
model's own code in ``lrviz.models``: the script ends on the app's numbers.

Models that fit in one pass (naive Bayes, a tree, an SVM) have no epochs to write:
``Recipe.of`` returns None for them.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .models import LogisticRegression, NeuralNetwork, SoftmaxRegression

#: At most this many numbers of data go inside the script; more go to a CSV file beside it.
INLINE_NUMBERS = 2_000

_PENALTY_WORDS = {None: "", "l2": "L2 penalty", "l1": "L1 penalty (subgradient)",
                  "l1-prox": "L1 penalty (proximal step)"}


@dataclass(frozen=True)
class Recipe:
    """What one epoch of a model does, and where its run starts."""

    kind: str  # "logistic", "softmax" or "network"
    loss: str  # "bce", "mse" (logistic only) or "cce" (softmax outputs)
    penalty: str | None
    lam: float
    features: str  # "linear" or "poly2"
    standardize: bool
    activation: str | None  # networks: the hidden units'
    n_classes: int
    layers: tuple  # networks: every layer's width, inputs first
    batch: int | None  # points per step; None: full batch
    seed: int  # the batches' order is drawn from default_rng(seed)
    lr: float
    names: tuple  # the parameters' names, in ``get_parameters`` order
    start: tuple  # their values at the start of the run

    @classmethod
    def of(cls, model, lr):
        """The recipe of a model trained at learning rate ``lr`` (None: not trained by
        gradient descent, so there is no epoch to write)."""
        if isinstance(model, NeuralNetwork):
            kind, layers = "network", tuple(model.layer_sizes)
            count = len(layers) - 1
            names = (*(f"W{i}" for i in range(1, count + 1)),
                     *(f"b{i}" for i in range(1, count + 1)))
        elif isinstance(model, SoftmaxRegression):
            kind, layers, names = "softmax", (), ("W", "b")
        elif isinstance(model, LogisticRegression):
            kind, layers, names = "logistic", (), ("w", "b")
        else:
            return None
        binary = getattr(model, "binary_output", True)
        loss = getattr(model, "loss_name", "bce") if binary else "cce"
        return cls(kind=kind, loss=loss, penalty=getattr(model, "penalty", None),
                   lam=float(getattr(model, "lam", 0.0)), features=model.features,
                   standardize=bool(model.standardize),
                   activation=getattr(model, "activation", None),
                   n_classes=model.n_classes, layers=layers,
                   batch=model.batch_size, seed=int(model.batch_seed), lr=float(lr),
                   names=names, start=tuple(model.start_parameters()))

    @property
    def binary(self):
        return self.n_classes == 2 and self.loss != "cce"

    def describe(self):
        """The model in a few plain words."""
        if self.kind == "network":
            hidden = " × ".join(str(h) for h in self.layers[1:-1])
            text = f"neural network, hidden {hidden} {self.activation}, " + \
                   ("sigmoid output" if self.binary else f"softmax output ({self.n_classes} classes)")
        elif self.kind == "softmax":
            text = f"softmax regression, {self.n_classes} classes"
        else:
            text = "logistic regression" + (", squared error" if self.loss == "mse" else "")
        extras = [_PENALTY_WORDS[self.penalty] + (f", λ = {self.lam:g}" if self.penalty else ""),
                  "standardised inputs" if self.standardize else "",
                  "features x₁, x₂, x₁², x₂², x₁x₂" if self.features == "poly2" else ""]
        return "; ".join([text, *[e for e in extras if e]])

    def full_batch(self, n):
        return self.batch is None or self.batch >= n


# ------------------------------------------------------------------ lines
def _sigmoid(z):
    return f"1 / (1 + np.exp(-np.clip({z}, -500, 500)))"


_ACTIVATE = {"tanh": "np.tanh({z})", "sigmoid": _sigmoid("{z}"), "relu": "np.maximum({z}, 0.0)"}
#: the activation's slope, written through its output H (relu: through Z)
_SLOPE = {"tanh": "(1.0 - {h} * {h})", "sigmoid": "({h} * (1.0 - {h}))", "relu": "({z} > 0)"}


def _shape(*dims):
    return "(" + ", ".join(str(d) for d in dims) + ("," if len(dims) == 1 else "") + ")"


def forward_lines(r, X="X", rows="n"):
    """[(code, note)] from inputs ``X`` to the prediction: ``y_hat`` (two classes) or
    ``P`` (one column per class); the notes give shapes with ``rows`` rows."""
    d, n = _inputs(r), rows
    if r.kind == "logistic":
        return [(f"z = {X} @ w + b", f"{_shape(n, d)} @ {_shape(d)} -> {_shape(n)}"),
                (f"y_hat = {_sigmoid('z')}", "sigmoid: P(y = 1) for each point")]
    if r.kind == "softmax":
        return [(f"Z = {X} @ W + b", f"scores {_shape(n, r.n_classes)}"),
                ("E = np.exp(Z - Z.max(axis=1, keepdims=True))", "each row's largest first off"),
                ("P = E / E.sum(axis=1, keepdims=True)", "softmax: each row sums to 1")]
    lines, H = [], X
    count = len(r.layers) - 1
    for i in range(1, count):
        lines += [(f"Z{i} = {H} @ W{i} + b{i}", f"{_shape(n, r.layers[i])}"),
                  (f"H{i} = " + _ACTIVATE[r.activation].format(z=f"Z{i}"), "hidden layer")]
        H = f"H{i}"
    lines.append((f"Z{count} = {H} @ W{count} + b{count}", f"{_shape(n, r.layers[-1])}"))
    if r.binary:
        lines.append((f"y_hat = {_sigmoid(f'Z{count}[:, 0]')}", "output: logistic regression "
                      "on the hidden features"))
    else:
        lines += [(f"E = np.exp(Z{count} - Z{count}.max(axis=1, keepdims=True))", ""),
                  ("P = E / E.sum(axis=1, keepdims=True)", "output: softmax regression on "
                   "the hidden features")]
    return lines


def step_lines(r, X="X", y="y", n="n", rows=None):
    """[(code, note)] of one gradient-descent step on the rows ``X``, labels ``y`` (one-hot
    ``Y`` with more than two classes), ``n`` of them (``rows`` in the notes: a number)."""
    lines = forward_lines(r, X, n if rows is None else rows)
    truth = y if r.binary else y.replace("y", "Y", 1)
    d = _inputs(r)
    if r.kind == "logistic":
        if r.loss == "mse":
            lines += [(f"residual = y_hat - {truth}", "prediction minus truth"),
                      ("grad_z = 2.0 * residual * y_hat * (1.0 - y_hat)",
                       "squared error keeps the sigmoid's slope: it vanishes at 0 and 1")]
            g = "grad_z"
        else:
            lines.append((f"residual = y_hat - {truth}", "prediction minus truth: the "
                          "sigmoid's slope cancels"))
            g = "residual"
        lines += [(f"grad_w = {X}.T @ {g} / {n}", f"{_shape(d)}"),
                  (f"grad_b = {g}.sum() / {n}", "a number")]
    elif r.kind == "softmax":
        lines += [(f"G = (P - {truth}) / {n}", "probabilities minus one-hot truth"),
                  (f"grad_W = {X}.T @ G", f"{_shape(d, r.n_classes)}"),
                  ("grad_b = G.sum(axis=0)", f"{_shape(r.n_classes)}")]
    else:
        count = len(r.layers) - 1
        if r.binary:
            lines.append((f"D{count} = ((y_hat - {truth}) / {n})[:, None]",
                          "backpropagation: prediction minus truth"))
        else:
            lines.append((f"D{count} = (P - {truth}) / {n}",
                          "backpropagation: probabilities minus truth"))
        for i in range(count, 0, -1):
            H = X if i == 1 else f"H{i - 1}"
            lines += [(f"grad_W{i} = {H}.T @ D{i}", _shape(r.layers[i - 1], r.layers[i])),
                      (f"grad_b{i} = D{i}.sum(axis=0)", _shape(r.layers[i]))]
            if i > 1:
                slope = _SLOPE[r.activation].format(h=f"H{i - 1}", z=f"Z{i - 1}")
                lines.append((f"D{i - 1} = (D{i} @ W{i}.T) * {slope}",
                              "back through the layer, times the activation's slope"))
    weights = _weights(r)
    if r.penalty == "l2":
        lines += [(f"grad_{w} = grad_{w} + 2.0 * lam * {w}", "L2: pulls every weight towards 0")
                  for w in weights]
    elif r.penalty == "l1":
        lines += [(f"grad_{w} = grad_{w} + lam * np.sign({w})", "L1 subgradient")
                  for w in weights]
    lines += [(f"{p} -= lr * grad_{p}", "") for p in _update_order(r)]
    if r.penalty == "l1-prox":
        lines += [(f"{w} = np.sign({w}) * np.maximum(np.abs({w}) - lr * lam, 0.0)",
                   "L1 proximal step: small weights become exactly 0") for w in weights]
    return lines


def epoch_lines(r, n_points):
    """[(code, note)] of one epoch on ``n_points`` training points: one step on all of
    them, or a step on each shuffled batch (SPEC section 6)."""
    if r.full_batch(n_points):
        return step_lines(r, rows=n_points)
    k = r.batch
    steps = math.ceil(n_points / k)
    truth = "y" if r.binary else "Y"
    head = [("order = rng.permutation(n)", "a new shuffle every epoch"),
            (f"X_shuffled, {truth}_shuffled = X[order], {truth}[order]", ""),
            ("for i in range(0, n, k):", f"{steps} steps of {k} point{'s' * (k > 1)}"
             + (" (the last fewer)" if n_points % k else "")),
            (f"    Xb, {truth}b = X_shuffled[i:i + k], {truth}_shuffled[i:i + k]", ""),
            ("    m = len(Xb)", "")]
    body = step_lines(r, "Xb", "yb", "m", rows=k)
    return head + [("    " + code, note) for code, note in body]


def _inputs(r):
    """Columns of the model's input (after its feature map)."""
    return len(r.start[0]) if r.kind != "network" else r.layers[0]


def _weights(r):
    """The arrays a penalty acts on (never a bias)."""
    if r.kind == "network":
        return [f"W{i}" for i in range(1, len(r.layers))]
    return ["W"] if r.kind == "softmax" else ["w"]


def _update_order(r):
    if r.kind == "network":
        return [p for i in range(1, len(r.layers)) for p in (f"W{i}", f"b{i}")]
    return list(r.names)


def as_text(lines, indent="", width=None):
    """Lines of (code, note) as text, the notes as comments lined up after the code."""
    width = width or max((len(c) for c, _ in lines), default=0)
    return "\n".join(indent + (f"{c:<{width}}  # {note}" if note else c)
                     for c, note in lines)


# ----------------------------------------------------------------- values now
def _fmt(a, limit=6):
    a = np.asarray(a, dtype=float)
    if a.ndim == 0:
        return f"{float(a):.4g}"
    flat = a.ravel()
    shown = ", ".join(f"{v:.4g}" for v in flat[:limit])
    more = f", … ({flat.size} numbers)" if flat.size > limit else ""
    return f"[{shown}{more}]"


def gradient_arrays(r, grads):
    """The model's gradients (``Model.gradient_prepared``) as [(name, array)], named as
    the code names them."""
    if r.kind == "network":
        gW, gb = grads
        return [(f"grad_W{i + 1}", g) for i, g in enumerate(gW)] + \
               [(f"grad_b{i + 1}", g) for i, g in enumerate(gb)]
    return [(f"grad_{name}", g) for name, g in zip(r.names, grads)]


def current_values(r, model, data=None, metrics=None):
    """[(name, shape, value as text)] of the key quantities at the model's parameters
    now: the parameters, the gradient over every training point (on ``data``, prepared
    for the model; "—" without it) and the loss (``metrics``, as the trainer measured
    it, else measured on ``data``)."""
    rows = [(name, np.shape(a), _fmt(a)) if not _scalar(r, name) else (name, (), _fmt(a[0]))
            for name, a in zip(r.names, model.get_parameters())]
    if data is not None:
        rows += [(name, np.shape(g), _fmt(g)) for name, g in
                 gradient_arrays(r, model.gradient_prepared(data))]
    else:
        rows.append(("grad_…", (), "— (too many points to recompute while it trains)"))
    if metrics is None:
        loss, accuracy = model.evaluate(data)
    else:
        loss, accuracy = metrics.get("loss", math.nan), metrics.get("accuracy", math.nan)
    rows.append(("loss", (), f"{loss:.6g}"))
    if r.penalty:
        rows.append(("penalty", (), f"{model.penalty_value():.6g}"))
    rows.append(("accuracy", (), f"{accuracy:.1%}"))
    return rows


# ------------------------------------------------------------------ scripts
def _literal(a):
    """A numpy array (or a float) written so that Python reads back the same numbers."""
    a = np.asarray(a)
    if a.ndim == 0:
        return repr(float(a)) if a.dtype.kind == "f" else repr(int(a))
    return f"np.array({a.tolist()!r})"


@dataclass
class Run:
    """One model of a tab and its run: its name in the tab, what it is, the data it
    learnt from (X, y) and the epochs it ran."""

    name: str
    recipe: Recipe
    X: np.ndarray
    y: np.ndarray
    epochs: int
    title: str = ""


def script(runs, heading="", data_file=None):
    """A plain numpy script that replays ``runs`` and prints where each ended.

    Cells start with ``# %%`` (notebook editors open them as cells).  Data sets go
    inline, or -- when larger than ``INLINE_NUMBERS`` and ``data_file`` names a file --
    into CSV text returned beside the script: returns (script text, {file name: CSV
    text})."""
    parts = ['"""' + (heading or "A run of lrviz, replayed with numpy alone.") + "\n\n"
             "Run it with `python`, or open it in a notebook editor: each `# %%` starts a "
             "cell.\nIt prints the weights and the training loss the app showed at the "
             "end of the run.\n\"\"\"", "# %%\nfrom pathlib import Path\n\nimport numpy as np"]
    files, data_names = {}, []
    for run in runs:
        key = _data_key(run)
        if key not in [k for k, _ in data_names]:
            data_names.append((key, "" if not data_names else str(len(data_names) + 1)))
            suffix = data_names[-1][1]
            cell, csv = _data_cell(run, suffix, data_file)
            parts.append(cell)
            if csv is not None:
                files[csv[0]] = csv[1]
    for i, run in enumerate(runs, 1):
        suffix = dict(data_names)[_data_key(run)]
        parts += _model_cells(run, i, len(runs), suffix)
    return "\n\n\n".join(parts) + "\n", files


def _data_key(run):
    return (run.X.shape, run.X.tobytes(), np.asarray(run.y).tobytes())


def _data_cell(run, suffix, data_file):
    X, y = np.asarray(run.X, dtype=float), np.asarray(run.y).astype(int)
    n, d = X.shape
    classes = max(2, int(y.max(initial=1)) + 1)
    head = (f"# %% The data: {n} training points, {d} feature{'s' * (d != 1)}, "
            f"labels 0..{classes - 1}")
    if X.size <= INLINE_NUMBERS or data_file is None:
        return (f"{head}\nX_data{suffix} = {_literal(X)}\ny_data{suffix} = {_literal(y)}",
                None)
    stem = data_file.rsplit(".", 1)[0] + (f"_{suffix}" if suffix else "")
    name = f"{stem}.csv"
    header = ",".join([*(f"x{j + 1}" for j in range(d)), "label"])
    rows = "\n".join(",".join([*(repr(float(v)) for v in row), str(int(label))])
                     for row, label in zip(X, y))
    code = (f"{head} (in {name}, beside this script)\n"
            'here = Path(__file__).parent if "__file__" in globals() else Path.cwd()\n'
            f'table = np.loadtxt(here / "{name}", delimiter=",", skiprows=1, ndmin=2)\n'
            f"X_data{suffix}, y_data{suffix} = table[:, :-1], table[:, -1].astype(int)")
    return code, (name, f"{header}\n{rows}\n")


def _scalar(r, p):
    """Is parameter ``p`` one number (logistic regression's b)?"""
    return r.kind == "logistic" and p == "b"


def _model_cells(run, i, count, suffix):
    r, name = run.recipe, run.name
    n = len(run.X)
    title = f"Model {i} of {count}" if count > 1 else "The model"
    setup = [f"# %% {title}, {name!r}: {r.describe()}"]
    if run.title:
        setup.append(f"# ({run.title} in the app)")
    X = f"X_data{suffix}"
    if r.standardize:
        setup += [f"mean, sd = {X}.mean(axis=0), {X}.std(axis=0)",
                  "sd = np.where(sd > 0, sd, 1.0)",
                  f"X = ({X} - mean) / sd  # standardised with the training points' mean "
                  "and sd"]
    else:
        setup.append(f"X = {X}")
    if r.features == "poly2":
        setup.append("X = np.column_stack([X[:, 0], X[:, 1], X[:, 0] * X[:, 0], "
                     "X[:, 1] * X[:, 1], X[:, 0] * X[:, 1]])  # x1, x2, x1², x2², x1·x2")
    if r.binary:
        setup.append(f"y = y_data{suffix}.astype(float)")
    else:
        setup.append(f"Y = np.eye({r.n_classes})[y_data{suffix}]  # one-hot: a row per point")
    setup.append("n = len(X)")
    setup.append(f"lr, epochs = {r.lr!r}, {run.epochs}")
    if r.penalty:
        setup.append(f"lam = {r.lam!r}")
    if not r.full_batch(n):
        setup += [f"k = {r.batch}  # points per step",
                  f"rng = np.random.default_rng({r.seed})  # the batches' order"]
    setup.append("# where gradient descent starts")
    for p, a in zip(r.names, r.start):
        setup.append(f"{p} = {_literal(a[0] if _scalar(r, p) else a)}")
    train = [f"# %% Train: {run.epochs} epochs, "
             + ("full batch (one step an epoch)" if r.full_batch(n) else
                f"mini-batches of {r.batch} (an epoch is one pass over every point)"),
             "for epoch in range(epochs):",
             as_text(epoch_lines(r, n), indent="    ")]
    end = ["# %% Where it ended",
           as_text(forward_lines(r, rows=n))]
    if r.loss == "bce":
        end += ["p = np.clip(y_hat, 1e-12, 1 - 1e-12)",
                "loss = -np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p))",
                "predicted = (y_hat >= 0.5)"]
        truth = "y"
    elif r.loss == "mse":
        end += ["loss = np.mean((y_hat - y) ** 2)", "predicted = (y_hat >= 0.5)"]
        truth = "y"
    else:
        end += ["loss = -np.sum(Y * np.log(np.clip(P, 1e-12, 1.0))) / n",
                "predicted = P.argmax(axis=1)"]
        truth = f"y_data{suffix}"
    end.append(f"accuracy = np.mean(predicted == {truth})")
    for p, a in zip(r.names, r.start):
        end.append(f"print({name + ': ' + p + ' ='!r}, "
                   + (f"float({p}))" if _scalar(r, p) else f"{p}.tolist())"))
    end += [f"print({name + ': training loss ='!r}, float(loss))",
            f"print({name + ': training accuracy ='!r}, float(accuracy))"]
    return ["\n".join(setup), "\n".join(train), "\n".join(end)]
