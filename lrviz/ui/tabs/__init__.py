"""The tabs of the main window, in order: the one list that the window, the command
line (``--tab``), session files, Help and the tests read.

A new tab is one module in this package (a ``TrainingTab`` subclass whose ``key``
is its entry here) plus one line below.  Importing this package does not import
Qt; ``tab_class`` imports a tab's module when it is first needed.
"""
from __future__ import annotations

import importlib

TABS = {
    "boundary": "boundary:BoundaryTab",
    "sigmoid": "sigmoid:SigmoidTab",
    "sparsity": "sparsity:SparsityTab",
    "xor": "xor:XorTab",
    "calibration": "calibration:CalibrationTab",
    "decisions": "decisions:DecisionsTab",
}


def tab_class(key):
    module, name = TABS[key].split(":")
    cls = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    if cls.key != key:
        raise RuntimeError(f"tab {name} says its key is {cls.key!r}, the registry says {key!r}")
    return cls
