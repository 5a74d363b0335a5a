"""Session files: every tab's data, model, hyper-parameters, weights and epoch as JSON.

Versioned and validated: reading never runs code (JSON only, no pickle), checks
the format name, the version and every value, and raises one ``SessionError``
naming the problem -- before anything in the window is changed.
"""
from __future__ import annotations

import math
import threading
from contextlib import contextmanager

import numpy as np

from . import __version__
from .fileio import (
    FileRefused,
    excerpt,
    json_document,
    json_pieces,
    read_bytes,
    show_path,
    write_atomically_with,
)
from .sharing import holding_long_lists, let_go

FORMAT = "lrviz-session"
#: 1: the first; 2: the Builder's settings flat, a speed per tab; 3: Weights & Decisions
#: keeps a loaded table, and every tab's part holds every setting.  Older files are
#: brought up to date when read (``_from_version_1``, ``_from_version_2``).
VERSION = 3
#: Largest session read: room for a loaded table of 100,000 rows of 50 features written
#: with every digit (about 125 MB at worst; a few MB for most tables).
MAX_BYTES = 200 * 1024 * 1024
#: Largest weight a session may hold (training calls 1,000 divergence already).
MAX_ABS_VALUE = 1e6
#: Largest epoch a session may hold (a year at 30,000 epochs a second).
MAX_EPOCH = 10 ** 12

#: Settings added while version 2 was current, which version 2 files may lack, each
#: with the value that shows what the app did before the setting existed.
ADDED_IN_VERSION_2 = {
    "boundary": {
        "standardize": False,  # the model saw x1, x2 as they are
        "learn_live": False,  # an edit waited for Train
        "two_scores": False, "arrows": False, "grab": False,  # none of these were drawn
    },
    "calibration": {"noise": 1.0},  # each data set's own noise
    "xor": {"circle_units": 8, "circle_activation": "tanh",  # the circle networks' own
            "inside": 1},  # (a view added later: its default)
}


class SessionError(ValueError):
    """A session file that cannot be opened; ``str()`` names the file and the problem."""


class Later:
    """A part of a session's state worked out when its file is written, not when the
    state is taken: a loaded table's numbers as lists took 0.2 s of the window's time
    for 100,000 rows by 50 features.  What ``make`` works from must not change
    meanwhile (a table's arrays never do); ``numbers``: how many it holds."""

    def __init__(self, make, numbers):
        self.make, self.numbers = make, numbers


_taking = threading.local()


@contextmanager
def taking_for_later():
    """While a state is taken for a file written afterwards: ``later`` parts wait."""
    _taking.on = True
    try:
        yield
    finally:
        _taking.on = False


def later(make, numbers):
    """``make()`` now -- or, inside ``taking_for_later``, a ``Later`` the writer works
    out (``make`` takes no arguments: bind what it works from when it is called)."""
    return Later(make, numbers) if getattr(_taking, "on", False) else make()


def worked_out(value):
    """``value`` with every ``Later`` part in it worked out."""
    if isinstance(value, Later):
        return value.make()
    if isinstance(value, dict):
        return {k: worked_out(v) for k, v in value.items()}
    if isinstance(value, list) and value and isinstance(value[0], (dict, list, Later)):
        return [worked_out(v) for v in value]
    return value


def write_session(path, tabs, current_tab):
    """Write a session file atomically; ValueError (nothing written) if it is not
    JSON-ready or larger than a session may be."""
    doc = {"format": FORMAT, "version": VERSION, "app_version": __version__,
           "current_tab": current_tab, "tabs": worked_out(tabs)}
    with holding_long_lists():
        pieces = json_pieces(doc, MAX_BYTES, "session")  # (checked before the file is touched)
        let_go(doc)  # (the numbers a table was turned into, freed a list at a time)
    write_atomically_with(path, lambda fh: [fh.write(piece) for piece in pieces])


def read_session(path):
    """Return the parsed document (format and version checked, brought up to the
    current version) or raise SessionError."""
    where = show_path(path)
    try:
        raw = read_bytes(path, MAX_BYTES)
    except FileRefused as exc:
        raise SessionError(f"{where}: {exc}") from None
    doc = json_document(raw, where, "session", SessionError)
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise SessionError(f"{where}: not an lrviz session file")
    version = doc.get("version")
    if type(version) is not int:
        raise SessionError(f"{where}: the session version is missing or not a whole number")
    if version > VERSION:
        shown = version if version < 10 ** 6 else "from the future"
        raise SessionError(f"{where}: made by a newer lrviz (session version {shown}; "
                           f"this lrviz reads up to {VERSION})")
    if version < 1:
        raise SessionError(f"{where}: unknown session version {version}")
    if not isinstance(doc.get("tabs"), dict):
        raise SessionError(f"{where}: 'tabs' is missing")
    if version == 1:
        doc = _from_version_1(doc)
    if doc["version"] == 2:
        doc = _from_version_2(doc)
    return doc


def _from_version_1(doc):
    """Version 1 kept the Builder's settings in nested groups and had no speed (training
    ran flat out)."""
    tabs = {}
    for key, part in doc["tabs"].items():
        if not isinstance(part, dict):
            tabs[key] = part
            continue
        part = dict(part)
        part.setdefault("speed", "max")
        if key == "boundary":
            for group in ("model", "show"):
                g = part.pop(group, None)
                if isinstance(g, dict):
                    part.update(g)
            preset = part.pop("preset", None)
            if isinstance(preset, dict):
                part.update({"preset": preset.get("name"), "n": preset.get("n"),
                             "noise": preset.get("noise"), "seed": preset.get("seed")})
        tabs[key] = part
    return {**doc, "version": 2, "tabs": tabs}


def _from_version_2(doc):
    """Version 2 files may lack the settings added while it was current, and kept no
    table loaded in Weights & Decisions: a part that learnt from one keeps its
    settings and starts training again (its weights were for a table that is gone),
    showing the built-in students until the table is loaded again."""
    tabs = {}
    for key, part in doc["tabs"].items():
        if isinstance(part, dict):
            part = {**ADDED_IN_VERSION_2.get(key, {}), **part}
            if key == "decisions":
                part["table"] = None
                if part.get("data") == "a CSV file":
                    part.update(epoch=0, weights={})
        tabs[key] = part
    return {**doc, "version": 3, "tabs": tabs}


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
        raise SessionError(f"{where}: '{key}' should be {kind.__name__}, got {excerpt(v)}")
    if kind in (int, float):
        if isinstance(v, int) and abs(v) > 2 ** 53:
            raise SessionError(f"{where}: '{key}' = {excerpt(v)} is outside {lo}..{hi}")
        if not math.isfinite(v):
            raise SessionError(f"{where}: '{key}' must be finite, got {v}")
        if (lo is not None and v < lo) or (hi is not None and v > hi):
            raise SessionError(f"{where}: '{key}' = {v} is outside {lo}..{hi}")
    if choices is not None and v not in choices:
        raise SessionError(f"{where}: '{key}' = {excerpt(v)} is not one of {list(choices)}")
    return v


def array(d, key, where, shape=None, dtype=float):
    """A finite numeric array from a JSON list, with an optional exact shape."""
    raw = get(d, key, list, where)
    if not _numbers_only(raw, bool if dtype is bool else (int, float)):
        raise SessionError(f"{where}: '{key}' is not a list of numbers")
    try:
        a = np.array(raw, dtype=dtype)
    except (TypeError, ValueError, OverflowError):
        raise SessionError(f"{where}: '{key}' is not a list of finite numbers") from None
    if a.dtype == object or (a.dtype.kind == "f" and not np.isfinite(a).all()):
        raise SessionError(f"{where}: '{key}' holds values that are not finite numbers")
    if a.dtype.kind == "f" and a.size and np.abs(a).max() > MAX_ABS_VALUE:
        raise SessionError(f"{where}: '{key}' holds a value beyond ±{MAX_ABS_VALUE:g}")
    if shape is not None and a.shape != tuple(shape):
        raise SessionError(f"{where}: '{key}' has shape {a.shape}, expected {tuple(shape)}")
    return a


def _numbers_only(raw, kinds, depth=0):
    """Nested lists whose leaves are all of ``kinds`` (never a bool where numbers belong)."""
    if depth > 4:
        return False
    for v in raw:
        if isinstance(v, list):
            if not _numbers_only(v, kinds, depth + 1):
                return False
        elif type(v) is bool and kinds is not bool or not isinstance(v, kinds):
            return False
    return True


def check_training(d, where, models):
    """(epoch, {name: parameter arrays}) from a session part, each model's saved
    parameters checked against a freshly built model of the same settings."""
    epoch = get(d, "epoch", int, where, lo=0, hi=MAX_EPOCH)
    weights = get(d, "weights", dict, where)
    checked = {}
    for name, raw in weights.items():
        if name not in models:
            raise SessionError(f"{where}: weights for an unknown model '{name}'")
        if not isinstance(raw, list):
            raise SessionError(f"{where} '{name}': 'weights' should be a list of arrays")
        arrays = [array({"w": r}, "w", f"{where} '{name}' weights[{i}]") for i, r in enumerate(raw)]
        try:
            models[name].clone().set_parameters(arrays)
        except ValueError as exc:
            raise SessionError(f"{where} '{name}': {exc}") from None
        checked[name] = arrays
    return epoch, checked
