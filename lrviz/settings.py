"""A tab's settings, declared once (the idea of Orange's ``Setting``), free of Qt.

A ``Setting`` names a value, its type, its range or choices, its default and
the words that explain it.  From that one declaration come the control's range
(``lrviz.ui.widgets.settings``), the check of a session file's value, saving,
and putting the default back -- so a range is never written twice.
"""
from __future__ import annotations

import math
from dataclasses import dataclass


AFFECTS = ("models", "live", "view", "none")


class SettingError(ValueError):
    """A value that does not fit its declaration; ``str()`` says where and why."""


def _describe(v):
    text = repr(v)
    return text if len(text) <= 40 else text[:37] + "…"


@dataclass(frozen=True)
class Setting:
    """One setting: ``kind`` is bool, int, float, str (with ``choices``) or "pair"
    (two finite floats, each within lo..hi).  ``affects`` says what a change of it
    does in its tab: "models" (built again), "live" (changed in place, keeping their
    weights), "view" (only what is drawn) or "none" (the tab acts on it itself)."""

    name: str
    default: object
    lo: float | None = None
    hi: float | None = None
    choices: tuple | None = None
    label: str = ""
    tip: str = ""
    step: float | None = None
    decimals: int = 2
    affects: str = "models"

    def __post_init__(self):
        if self.affects not in AFFECTS:
            raise ValueError(f"setting {self.name!r}: affects must be one of {AFFECTS}")

    @property
    def kind(self):
        if self.choices is not None:
            return str
        if isinstance(self.default, bool):
            return bool
        if isinstance(self.default, tuple):
            return "pair"
        return type(self.default)

    def check(self, value, where):
        """The value if it fits this setting, else SettingError naming where and why."""
        kind, name = self.kind, self.name
        if kind == "pair":
            if not isinstance(value, (list, tuple)) or len(value) != 2:
                raise SettingError(f"{where}: '{name}' should be two numbers, got {_describe(value)}")
            return tuple(self._number(v, float, where) for v in value)
        if kind in (int, float):
            return self._number(value, kind, where)
        if kind is bool:
            if not isinstance(value, bool):
                raise SettingError(f"{where}: '{name}' should be true or false, got {_describe(value)}")
            return value
        if not isinstance(value, str) or value not in self.choices:
            raise SettingError(f"{where}: '{name}' = {_describe(value)} is not one of "
                               f"{list(self.choices)}")
        return value

    def _number(self, v, kind, where):
        name = self.name
        ok = isinstance(v, int) if kind is int else isinstance(v, (int, float))
        if not ok or isinstance(v, bool):
            raise SettingError(f"{where}: '{name}' should be {'a whole number' if kind is int else 'a number'}, "
                               f"got {_describe(v)}")
        if isinstance(v, int) and abs(v) > 2 ** 53:  # beyond any range we declare
            raise SettingError(f"{where}: '{name}' = {_describe(v)} is outside {self.lo}..{self.hi}")
        v = kind(v)
        if not math.isfinite(v):
            raise SettingError(f"{where}: '{name}' must be finite, got {v}")
        if (self.lo is not None and v < self.lo) or (self.hi is not None and v > self.hi):
            raise SettingError(f"{where}: '{name}' = {v:g} is outside {self.lo:g}..{self.hi:g}")
        return v


def check_values(settings, d, where):
    """Every declared setting from the dict ``d``, checked; SettingError on the first problem."""
    if not isinstance(d, dict):
        raise SettingError(f"{where}: should be an object of settings")
    out = {}
    for s in settings:
        if s.name not in d:
            raise SettingError(f"{where}: '{s.name}' is missing")
        out[s.name] = s.check(d[s.name], where)
    return out


def defaults(settings):
    return {s.name: s.default for s in settings}
