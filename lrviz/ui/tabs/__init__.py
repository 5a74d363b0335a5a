"""The tabs of the main window, in order: the one list that the window, the command
line (``--tab``), session files, lessons, Help and the tests read.

A new tab is one module in this package (a ``TrainingTab`` subclass whose ``key``
is its entry here) plus one line below.  Importing this package does not import
Qt; ``tab_class`` imports a tab's module when it is first needed.  (An entry may
also be the class itself, or "package.module:Class" for a tab kept elsewhere.)
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
    entry = TABS[key]
    if isinstance(entry, str):
        module, name = entry.split(":")
        module = module if "." in module else f"{__name__}.{module}"
        cls = getattr(importlib.import_module(module), name)
    else:
        cls = entry
    if cls.key != key:
        raise RuntimeError(f"tab {cls.__name__} says its key is {cls.key!r}, the registry "
                           f"says {key!r}")
    return cls


def catalog():
    """What each tab offers a lesson (``lrviz.lessons.Catalog``), from its declarations."""
    from ...lessons import Catalog

    classes = {key: tab_class(key) for key in TABS}
    return Catalog(settings={k: c.settings for k, c in classes.items()},
                   actions={k: c.lesson_actions() for k, c in classes.items()},
                   measures={k: c.lesson_measures() for k, c in classes.items()},
                   models={k: list(c.model_titles) for k, c in classes.items()},
                   inputs={k: c.inputs for k, c in classes.items()},
                   classes={k: c.classes for k, c in classes.items()},
                   models_for={k: c.models_for for k, c in classes.items()},
                   subjects={k: {n: v[0] for n, v in c.subjects.items()}
                             for k, c in classes.items()},
                   guesses={k: c.guesses for k, c in classes.items()})
