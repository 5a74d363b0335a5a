"""Changes to a trainer, as small named values (no Qt).

The window asks for a change (``SetLr(0.3)``); the hand-off queues it; the loop
applies it to its ``Trainer`` before its next epoch.  A change is checked and
copied when it is made, in the window's thread, so applying it never fails for
a reason the window could have seen.

Being values, changes can be logged (each has a readable ``repr``), compared
in tests, and merged: a change that makes the one queued just before it moot
replaces it (``merged``), so twenty steps of a spin box cost one change, not
twenty.  ``cost()`` is the number of data rows the change makes the loop
prepare and measure: the controller applies costly changes in its thread and
cheap ones at once (``TrainingController.apply``).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


class Change:
    """One thing to do to a ``Trainer`` (``apply``), in the loop's thread."""

    #: snapshots made before it was applied show models that are gone (handoff H8)
    replaces_models = False

    def apply(self, trainer):
        raise NotImplementedError

    def merged(self, newer):
        """The one change that does what ``self`` and then ``newer`` do, when ``newer``
        makes ``self`` moot (the same kind, on the same target); else None."""
        return newer if type(newer) is type(self) and newer.target() == self.target() \
            else None

    def target(self):
        """What the change acts on: two changes of one kind on one target merge."""
        return getattr(self, "name", None)

    def cost(self):
        """Data rows the loop prepares and measures to apply it."""
        return 0


def _rows(raw):
    """Training and held-out rows of data from ``loop.check_data``."""
    if raw is None:
        return 0
    return sum(len(a) for a in (raw[1], raw[3]) if a is not None)


def _describe(raw):
    n, held = (0 if raw[1] is None else len(raw[1])), (0 if raw[3] is None else len(raw[3]))
    return f"{n:,} points" + (f", {held:,} held out" if held else "")


def _named(name):
    return "" if name is None else f", {name!r}"


@dataclass(frozen=True, eq=False)
class SetLr(Change):
    lr: float
    name: str | None = None

    def apply(self, trainer):
        trainer.set_lr(self.lr, self.name)

    def __repr__(self):
        return f"SetLr({self.lr:g}{_named(self.name)})"


@dataclass(frozen=True, eq=False)
class SetData(Change):
    """New data (``raw`` from ``loop.check_data``) for one job, or every job."""

    raw: tuple
    name: str | None = None

    def apply(self, trainer):
        trainer.set_data(self.raw, self.name)

    def cost(self):
        return _rows(self.raw)

    def __repr__(self):
        return f"SetData({_describe(self.raw)}{_named(self.name)})"


@dataclass(frozen=True, eq=False)
class SetModel(Change):
    """A new model for one job (on new data, or the job's own); the history restarts."""

    name: str
    model: object
    lr: float | None = None
    raw: tuple | None = None
    replaces_models = True

    def apply(self, trainer):
        trainer.set_model(self.name, self.model, self.lr, self.raw)

    def merged(self, newer):
        if type(newer) is not SetModel or newer.name != self.name:
            return None
        # (the newer model learns from the data and rate this one brought, unless it
        # brings its own)
        return SetModel(self.name, newer.model, self.lr if newer.lr is None else newer.lr,
                        self.raw if newer.raw is None else newer.raw)

    def cost(self):
        return _rows(self.raw)

    def __repr__(self):
        data = "" if self.raw is None else f", {_describe(self.raw)}"
        return f"SetModel({self.name!r}, {type(self.model).__name__}{data})"


@dataclass(frozen=True, eq=False)
class SetModels(Change):
    """Every job replaced by these models (name -> model), all on the same data."""

    models: dict
    lr: float
    raw: tuple
    scales: dict = None  # name -> multiple of lr that model learns at
    replaces_models = True

    def apply(self, trainer):
        trainer.set_models(self.models, self.lr, self.raw, self.scales)

    def cost(self):
        return _rows(self.raw) * len(self.models)

    def __repr__(self):
        names = ", ".join(f"{n}: {type(m).__name__}" for n, m in self.models.items())
        return f"SetModels({{{names}}}, lr {self.lr:g}, {_describe(self.raw)})"


@dataclass(frozen=True, eq=False)
class UpdateModel(Change):
    """``model.<method>(*args)`` on one job's model, or on every model that has the
    method (a penalty, λ, a starting point, a line set by hand); the weights stay."""

    method: str
    args: tuple = ()
    name: str | None = None

    def apply(self, trainer):
        trainer.update_model(self.method, self.args, self.name)

    def target(self):
        return (self.method, self.name)

    def __repr__(self):
        args = ", ".join(_short(a) for a in self.args)
        return f"UpdateModel({self.method}({args}){_named(self.name)})"


@dataclass(frozen=True, eq=False)
class Reset(Change):
    """Every model back to its start, epoch 0."""

    def apply(self, trainer):
        trainer.reset()

    def __repr__(self):
        return "Reset()"


@dataclass(frozen=True, eq=False)
class LoadState(Change):
    """Saved parameters (name -> list of arrays, checked against the models) at an epoch."""

    parameters: dict
    epoch: int

    def apply(self, trainer):
        trainer.load_state(self.parameters, self.epoch)

    def __repr__(self):
        return f"LoadState({', '.join(self.parameters)} at epoch {self.epoch:,})"


def _short(value):
    if isinstance(value, np.ndarray):
        return np.array2string(value, precision=3, threshold=6)
    text = repr(value)
    return text if len(text) <= 30 else text[:29] + "…"
