"""Session files: every tab's data, model, hyper-parameters, weights and epoch as JSON.

Versioned and validated: reading never runs code (JSON only, no pickle), checks
the format name, the version and every value, and raises one ``SessionError``
naming the problem -- before anything in the window is changed.
"""
from __future__ import annotations

import json
import math
import os

import numpy as np

from . import __version__

FORMAT = "lrviz-session"
VERSION = 1
MAX_BYTES = 50 * 1024 * 1024


class SessionError(ValueError):
    """A session file that cannot be opened; ``str()`` names the file and the problem."""


def write_session(path, tabs, current_tab):
    doc = {"format": FORMAT, "version": VERSION, "app_version": __version__,
           "current_tab": current_tab, "tabs": tabs}
    tmp = f"{os.fspath(path)}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(doc, fh, indent=1, allow_nan=False)
    os.replace(tmp, path)


def read_session(path):
    """Return the parsed document (format and version checked) or raise SessionError."""
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise SessionError(f"{path}: too large ({size:,} bytes; the limit is {MAX_BYTES:,})")
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise SessionError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        doc = json.loads(raw.decode("utf-8"), parse_constant=_no_constants)
    except UnicodeDecodeError:
        raise SessionError(f"{path}: not a text file (not UTF-8)") from None
    except ValueError as exc:
        raise SessionError(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise SessionError(f"{path}: not an lrviz session file")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise SessionError(f"{path}: the session version is missing or not a number")
    if version > VERSION:
        raise SessionError(f"{path}: made by a newer lrviz (session version {version}; "
                           f"this lrviz reads up to {VERSION})")
    if version < 1:
        raise SessionError(f"{path}: unknown session version {version}")
    if not isinstance(doc.get("tabs"), dict):
        raise SessionError(f"{path}: 'tabs' is missing")
    return doc


def _no_constants(name):
    raise ValueError(f"{name} is not allowed in a session")


# --------------------------------------------------------- value checks
def get(d, key, kind, where, *, lo=None, hi=None, choices=None):
    """d[key] checked: kind is int/float/bool/str/list/dict; numbers finite and in range."""
    if not isinstance(d, dict) or key not in d:
        raise SessionError(f"{where}: '{key}' is missing")
    v = d[key]
    ok = {int: isinstance(v, int) and not isinstance(v, bool),
          float: isinstance(v, (int, float)) and not isinstance(v, bool),
          bool: isinstance(v, bool), str: isinstance(v, str), list: isinstance(v, list),
          dict: isinstance(v, dict)}[kind]
    if not ok:
        raise SessionError(f"{where}: '{key}' should be {kind.__name__}, got {v!r:.60}")
    if kind in (int, float):
        if not math.isfinite(v):
            raise SessionError(f"{where}: '{key}' must be finite, got {v}")
        if (lo is not None and v < lo) or (hi is not None and v > hi):
            raise SessionError(f"{where}: '{key}' = {v} is outside {lo}..{hi}")
    if choices is not None and v not in choices:
        raise SessionError(f"{where}: '{key}' = {v!r} is not one of {list(choices)}")
    return v


def array(d, key, where, shape=None, dtype=float):
    """A finite numeric array from a JSON list, with an optional exact shape."""
    raw = get(d, key, list, where)
    try:
        a = np.array(raw, dtype=dtype)
    except (TypeError, ValueError):
        raise SessionError(f"{where}: '{key}' is not a list of numbers") from None
    if a.dtype == object or (a.dtype.kind == "f" and not np.isfinite(a).all()):
        raise SessionError(f"{where}: '{key}' holds values that are not finite numbers")
    if shape is not None and a.shape != tuple(shape):
        raise SessionError(f"{where}: '{key}' has shape {a.shape}, expected {tuple(shape)}")
    return a


def model_state(model):
    """The trainable arrays of a model as nested lists."""
    return [np.asarray(p, dtype=float).tolist() for p in model.parameters()]


def check_weights(raw, model, where):
    """Check saved weights against a freshly built model of the same shape."""
    if not isinstance(raw, list):
        raise SessionError(f"{where}: 'weights' should be a list of arrays")
    params = model.parameters()
    if len(raw) != len(params):
        raise SessionError(f"{where}: 'weights' has {len(raw)} arrays, the model has {len(params)}")
    out = []
    for i, (r, p) in enumerate(zip(raw, params)):
        out.append(array({"w": r}, "w", f"{where} weights[{i}]", shape=np.shape(p)))
    return out


def load_weights(model, arrays):
    """Put checked arrays into a model (same layout as ``model.parameters()``)."""
    from .models import LogisticRegression, NeuralNetwork, SoftmaxRegression

    if isinstance(model, LogisticRegression):
        model.w = arrays[0].copy()
        model.b = float(arrays[1][0])
    elif isinstance(model, SoftmaxRegression):
        model.W, model.b = arrays[0].copy(), arrays[1].copy()
    elif isinstance(model, NeuralNetwork):
        n = len(model.weights)
        model.weights = [a.copy() for a in arrays[:n]]
        model.biases = [a.copy() for a in arrays[n:]]
    else:  # pragma: no cover - every model type is listed above
        raise SessionError(f"cannot restore weights of {type(model).__name__}")
