"""Lessons in the window: a guided, predict-then-run path through the live app.

``runner.LessonRunner`` carries a step out on a window -- it asks the step's tab
to act and to measure, and knows nothing of the tabs' insides; ``panel``'s
``LessonPanel`` is the dock beside the tabs (the step's words, the question,
Run, the outcome, Back / Next, contents); ``authoring`` and ``editor`` make and
edit lessons from what is on screen.
"""
from __future__ import annotations

import os

from ...fileio import excerpt
from ...lessons import BUILTIN, LessonError, builtin_lesson, read_lesson
from ..tabs import catalog


def open_lesson(name_or_path):
    """A built-in lesson by name, or a lesson file: checked in full, or LessonError."""
    if name_or_path in BUILTIN:
        return builtin_lesson(name_or_path, catalog())
    if not os.path.lexists(name_or_path):
        raise LessonError(f"no built-in lesson {excerpt(name_or_path, 40)} ({', '.join(BUILTIN)}) "
                          "and no such file")
    return read_lesson(name_or_path, catalog())


def check_states(lesson, window, where="lesson"):
    """Check every captured state against its tab (as a session part is checked);
    LessonError names the first that does not fit.  Nothing changes."""
    from ...session import SessionError

    for i, step in enumerate(lesson.steps):
        if step.state is not None:
            try:
                window.page[step.tab].session.check(step.state,
                                                    f"{where} step {i + 1} ({step.tab})")
            except SessionError as exc:
                raise LessonError(str(exc)) from None


def __getattr__(name):  # the panel needs Qt widgets: imported when first asked for
    if name == "LessonPanel":
        from .panel import LessonPanel

        return LessonPanel
    if name == "LessonRunner":
        from .runner import LessonRunner

        return LessonRunner
    raise AttributeError(name)
