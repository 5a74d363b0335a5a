"""Numbers every layer shares -- the logistic function and the checks of a count or
a number given as an argument -- below both the models and the data sets (no Qt)."""
from __future__ import annotations

import math

import numpy as np


def sigmoid(z):
    """Logistic function 1 / (1 + e^-z), input clipped to [-500, 500].

    Worked out in one buffer, step by step in place: the same numbers as
    ``1 / (1 + exp(-clip(z, -500, 500)))`` to the bit, without the temporaries and
    the slow ``np.clip`` (the window evaluates a network's map on tens of thousands of
    points every frame)."""
    t = sigmoid_inplace(np.array(z, dtype=float))  # (a copy: z is never changed)
    return t if t.ndim else t[()]


def sigmoid_inplace(t):
    """``sigmoid`` of the float array t, written over t (the same steps, the same
    numbers); returns t.  For a z that nobody else holds, it spares the copy."""
    np.negative(t, out=t)
    np.minimum(t, 500.0, out=t)
    np.maximum(t, -500.0, out=t)
    np.exp(t, out=t)
    t += 1.0
    np.reciprocal(t, out=t)
    return t


def check_count(value, name, lo, hi=None):
    """A whole number lo..hi (an int, or a float with no fraction), else ValueError."""
    ok = isinstance(value, (int, np.integer)) and not isinstance(value, bool)
    if not ok and isinstance(value, (float, np.floating)):
        ok = math.isfinite(value) and value == int(value)
    if not ok:
        raise ValueError(f"{name} must be a whole number, got {value!r:.40}")
    value = int(value)
    if value < lo or (hi is not None and value > hi):
        span = f"{lo} or more" if hi is None else f"{lo}..{hi}"
        raise ValueError(f"{name} must be {span}, got {value}")
    return value


def real_number(value, name):
    """``float(value)``, or ValueError naming ``name`` when it is not a real number (a
    complex one is refused: ``float`` of a numpy complex quietly drops its imaginary part)."""
    if np.iscomplexobj(value):
        raise ValueError(f"{name} must be a real number, got {value!r:.40}")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r:.40}") from None


def check_number(value, name, lo, hi):
    """A finite number lo..hi, else ValueError naming it."""
    value = real_number(value, name)
    if not lo <= value <= hi:  # also refuses NaN
        raise ValueError(f"{name} must be {lo:g}..{hi:g}, got {value}")
    return value
