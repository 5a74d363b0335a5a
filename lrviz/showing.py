"""``lrviz.show``: a student's own arrays (and a fitted model) in the app, from Python.

Everything is checked before Qt is even imported: bad input raises one clear
ValueError and no window opens.  The tab follows the data's shape:

* 1 feature  -> Sigmoid & Loss (two classes; the curve, the losses, both landscapes);
* 2 features -> Boundary Builder (up to five classes, as clicked points would be);
* 3 to 50    -> Weights & Decisions (two classes; a weight, and its evidence, per
  feature -- the columns' names when X is a table with ``columns``).

A model is a fitted lrviz logistic regression (linear features), or any object with
``coef_`` and ``intercept_`` for two classes (scikit-learn's ``LogisticRegression``
among them; scikit-learn is never imported): the tab's model starts from its line,
and Train carries on from there.
"""
from __future__ import annotations

import sys

import numpy as np

from .models.core import check_labels

#: Most rows and features ``show`` takes (as the app's data files)
MAX_ROWS = 100_000
MAX_FEATURES = 50
#: classes each tab can show
CLASSES = {"sigmoid": 2, "boundary": 5, "decisions": 2}

_WINDOWS = []  # windows opened without blocking: kept alive until closed


def tab_for(n_features):
    """The tab that shows data with ``n_features`` columns."""
    return "sigmoid" if n_features == 1 else "boundary" if n_features == 2 else "decisions"


def _array(X):
    try:
        X = np.array(X, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("X must be an array of numbers (rows of features), got "
                         f"{type(X).__name__}") from None
    if X.ndim == 1:
        X = X[:, None]  # one feature
    if X.ndim != 2 or X.shape[0] == 0 or X.shape[1] == 0:
        raise ValueError(f"X must be 2-D, rows of features, got shape {X.shape}")
    if X.shape[0] > MAX_ROWS or X.shape[1] > MAX_FEATURES:
        raise ValueError(f"X has shape {X.shape}: show takes at most {MAX_ROWS:,} rows and "
                         f"{MAX_FEATURES} features")
    bad = ~np.isfinite(X)
    if bad.any():
        r, c = np.argwhere(bad)[0]
        raise ValueError(f"X holds {X[r, c]} at row {r}, column {c}: every value must be a "
                         "finite number")
    return X


def _labels(y, n, limit, key):
    y = np.asarray(y)
    if y.ndim != 1 or len(y) != n:  # (one label per row: not one-hot rows)
        raise ValueError(f"y must be one label per row of X ({n}), got shape {y.shape}")
    try:
        labels = check_labels(y, n, limit)  # (the models' own check, in the tab's words)
    except ValueError as exc:
        raise ValueError(f"{exc}: the {_TITLES[key]} tab shows labels 0..{limit - 1}"
                         + (" (two classes)" if limit == 2 else "")) from None
    if len(np.unique(labels)) < 2:
        raise ValueError(f"every label is {labels[0]}: logistic regression needs two classes")
    return labels


_TITLES = {"sigmoid": "Sigmoid & Loss", "boundary": "Boundary Builder",
           "decisions": "Weights & Decisions"}


def coefficients(model, n_features):
    """(w, b) of a two-class linear model in its inputs' own units; ValueError if it is
    not one (or not for ``n_features`` inputs)."""
    from .models import LogisticRegression

    if isinstance(model, LogisticRegression):
        if model.features != "linear":
            raise ValueError(f"the model uses {model.features} features: show draws a model "
                             "on the inputs themselves")
        w, b = model.raw_coefficients()
    elif hasattr(model, "coef_") and hasattr(model, "intercept_"):
        try:
            w = np.array(model.coef_, dtype=float)
            b = np.array(model.intercept_, dtype=float).reshape(-1)
        except (TypeError, ValueError):
            raise ValueError("the model's coef_ and intercept_ must be numbers") from None
        if w.ndim == 2 and w.shape[0] != 1 or b.size != 1:
            raise ValueError(f"the model has coef_ of shape {w.shape}: show draws two-class "
                             "models (one row of coefficients)")
        w, b = w.reshape(-1), float(b[0])
    else:
        raise ValueError(f"{type(model).__name__} is not a model show can draw: it needs "
                         "coef_ and intercept_, or to be an lrviz LogisticRegression")
    if w.shape != (n_features,):
        raise ValueError(f"the model has {w.size} coefficients, X has {n_features} features")
    if not np.isfinite(w).all() or not np.isfinite(b):
        raise ValueError("the model's coefficients must be finite numbers")
    return w, float(b)


def check(*args):
    """(tab key, X, y, feature names, (w, b) or None) from show's arguments, or ValueError."""
    if len(args) == 2:
        model, (X, y) = None, args
    elif len(args) == 3:
        model, X, y = args
    else:
        raise ValueError(f"show takes (X, y) or (model, X, y), got {len(args)} arguments")
    names = [str(c) for c in X.columns] if hasattr(X, "columns") else None
    X = _array(X)
    key = tab_for(X.shape[1])
    y = _labels(y, len(X), CLASSES[key], key)
    if names is None or len(names) != X.shape[1]:
        names = [f"x{j + 1}" for j in range(X.shape[1])]
    line = None if model is None else coefficients(model, X.shape[1])
    if line is not None and y.max() > 1:
        raise ValueError(f"the labels hold {y.max() + 1} classes: a model with one row of "
                         "coefficients tells two apart (labels 0 and 1)")
    if line is not None and key == "sigmoid":
        from .ui.tabs.sigmoid import B_RANGE, W_RANGE

        if not (W_RANGE[0] <= line[0][0] <= W_RANGE[1] and B_RANGE[0] <= line[1] <= B_RANGE[1]):
            raise ValueError(f"the model's w = {line[0][0]:.4g}, b = {line[1]:.4g} lie outside "
                             f"what the Sigmoid & Loss tab draws (w {W_RANGE[0]:g}..{W_RANGE[1]:g}"
                             f", b {B_RANGE[0]:g}..{B_RANGE[1]:g})")
    return key, X, y, names, line


def event_loop_running(app):
    """Does an event loop already run for ``app`` (a Qt app's, or Jupyter's ``%gui qt``)?"""
    from PySide6.QtCore import QThread

    if QThread.currentThread().loopLevel() > 0:
        return True
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return str(getattr(shell, "active_eventloop", "") or "").startswith("qt")


def show(*args, block=None):
    key, X, y, names, line = check(*args)  # (before any window exists)
    from PySide6.QtCore import Qt

    from .ui.app import make_app
    from .ui.main_window import MainWindow

    app = make_app()
    if block is None:
        block = not event_loop_running(app)
    window = MainWindow()
    window.setAttribute(Qt.WA_DeleteOnClose)
    window.select_tab(key)
    page = window.current_page()
    if key == "boundary":
        window.document.load(X, y)
        page.form.set_values({"kind": "Logistic regression", "poly": False,
                              "two_scores": False})
        page.rebuild()
    elif key == "sigmoid":
        page.use_data(X, y)
    else:
        page.use_table(X, y, names)
    if line is not None:
        w, b = line
        if key == "sigmoid":
            page.set_start(w[0], b)
        else:
            name = "model" if key == "boundary" else "logistic"
            page.controller.update_model("set_raw_coefficients", w, b, name=name)
            page.controller.apply()
    window.show()
    if block:
        app.exec()
        return None
    _WINDOWS.append(window)
    window.destroyed.connect(lambda *_: _WINDOWS.remove(window) if window in _WINDOWS else None)
    return window
