"""The application's document: the points, their undo stack, their file (no Qt).

The window owns one ``Document``.  The Boundary Builder edits its points, the
Calibration tab can learn from them, File → Open data fills it; views read
``document.points`` and never keep a copy.  Every edit is an undoable command
(``push``), so Edit → Undo undoes the last one whichever tab made it.

Listeners:

* ``document.points.subscribe(fn)`` -- ``fn(kind, index)`` after every change
  of the points (see ``lrviz.data.points``);
* ``document.subscribe(fn)`` -- ``fn()`` after anything a window shows about the
  document changed: the file name, whether it changed since it was saved, what
  Undo and Redo would do.
"""
from __future__ import annotations

import os

import numpy as np

from .data import PointSet, make_preset, read_points_csv, write_points_csv
from .data.table import NO_NAMES, is_points_header, read_table, write_named_csv

#: Most commands the undo stack keeps (a long session of clicks stays small).
UNDO_LIMIT = 500


class Command:
    """An undoable edit: ``redo()`` makes it (also the first time), ``undo()`` takes it
    back; ``text`` says what it is ("add orange point")."""

    text = ""

    def redo(self):
        raise NotImplementedError

    def undo(self):
        raise NotImplementedError


class UndoStack:
    """Commands done, and those undone that can be redone."""

    def __init__(self, on_change=None, limit=UNDO_LIMIT):
        self._done, self._undone = [], []
        self.limit = limit
        self._on_change = on_change or (lambda: None)

    def push(self, command):
        command.redo()
        self._done.append(command)
        del self._done[:-self.limit]
        self._undone.clear()
        self._on_change()

    def undo(self):
        if self._done:
            command = self._done.pop()
            command.undo()
            self._undone.append(command)
            self._on_change()

    def redo(self):
        if self._undone:
            command = self._undone.pop()
            command.redo()
            self._done.append(command)
            self._on_change()

    def clear(self):
        self._done.clear()
        self._undone.clear()
        self._on_change()

    @property
    def undo_text(self):
        """What Undo would take back ("" when nothing)."""
        return self._done[-1].text if self._done else ""

    @property
    def redo_text(self):
        return self._undone[-1].text if self._undone else ""

    def __len__(self):
        return len(self._done)


class _Add(Command):
    def __init__(self, points, row, text):
        self.points, self.row, self.text = points, row, text

    def redo(self):
        self.points.add(*self.row)

    def undo(self):
        self.points.remove(len(self.points) - 1)


class _Remove(Command):
    text = "remove point"

    def __init__(self, points, i):
        self.points, self.i, self.row = points, i, None

    def redo(self):
        self.row = self.points.remove(self.i)

    def undo(self):
        self.points.insert(self.i, self.row)


class _Move(Command):
    text = "move point"

    def __init__(self, points, i, old, new):
        self.points, self.i, self.old, self.new = points, i, old, new

    def redo(self):
        self.points.move(self.i, *self.new)

    def undo(self):
        self.points.move(self.i, *self.old)


class _Replace(Command):
    def __init__(self, points, new, names, text):
        self.points, self.new, self.old, self.text = points, new, points.state(), text
        self.names, self.old_names = names, points.names

    def redo(self):
        self.points.replace(*self.new, names=self.names)

    def undo(self):
        self.points.replace(*self.old, names=self.old_names)


class Document:
    """The points (``points``), their undo stack (``undo``), the file they were last
    opened from or saved to (``path``) and whether they changed since (``modified``)."""

    def __init__(self):
        self.points = PointSet()
        self.undo = UndoStack(self._changed)
        self.path = None
        self._saved = self.points.state()
        self._listeners = []
        self.points.subscribe(lambda kind, index: self._changed())

    @classmethod
    def with_preset(cls, name="blobs"):
        """A document holding a built-in data set at its usual size (nothing to save)."""
        doc = cls()
        d = make_preset(name)
        doc.load(d.X, d.y.astype(int))
        return doc

    # --------------------------------------------------------------- listening
    def subscribe(self, fn):
        self._listeners.append(fn)

    def _changed(self):
        for fn in self._listeners:
            fn()

    @property
    def modified(self):
        """Do the points differ from the file they came from (or from the built-in set
        the window started with)?"""
        return not all(a is b or np.array_equal(a, b)
                       for a, b in zip(self.points.state(), self._saved))

    @property
    def name(self):
        """The file's name, or "untitled"."""
        return os.path.basename(self.path) if self.path else "untitled"

    # ----------------------------------------------------------------- edits
    def push(self, command):
        """Do an edit so that Undo takes it back (a point added, a line set by hand)."""
        self.undo.push(command)

    def add_point(self, x, y, label, test=False, text="add point"):
        self.push(_Add(self.points, (float(x), float(y), int(label), bool(test)), text))

    def remove_point(self, i):
        self.push(_Remove(self.points, int(i)))

    def drag_point(self, i, x, y):
        """Point ``i`` follows the mouse (not undoable by itself: ``moved`` at the end)."""
        self.points.move(int(i), float(x), float(y))

    def moved(self, i, old, new):
        """A drag of point ``i`` ended: one undoable move from ``old`` to ``new``."""
        self.push(_Move(self.points, int(i), tuple(old), tuple(new)))

    def replace(self, X, y, test=None, text="replace points", names=None):
        """New points (undoably); ``names`` of their columns and classes (None: as now)."""
        X = np.asarray(X, dtype=float).reshape(-1, 2)
        test = np.zeros(len(X), bool) if test is None else np.asarray(test, bool)
        names = self.points.names if names is None else names
        self.push(_Replace(self.points, (X, np.asarray(y, dtype=int), test), names, text))

    def clear(self):
        if len(self.points):
            self.replace(np.empty((0, 2)), np.empty(0, int), None, "clear points")

    # ------------------------------------------------------------------ files
    def load(self, X, y, test=None, path=None, names=NO_NAMES):
        """Points that start a new history: from a session, a file on the command
        line, a new window.  Not undoable; nothing to save."""
        self.points.replace(X, y, test, names=names)
        self.undo.clear()
        self.path = path
        self._saved = self.points.state()
        self._changed()

    @staticmethod
    def read_csv(path):
        """(X, y) from a points file, or DataFileError (the window runs this in a job)."""
        return read_points_csv(path)

    @staticmethod
    def read_any(path):
        """(X, y) from the app's own points file (header x1,x2,label, read strictly), or
        a ``Table`` of any other CSV file; DataFileError if neither (run in a job)."""
        table = read_table(path)
        return Document.read_csv(path) if is_points_header(table) else table

    def opened(self, X, y, path, names=NO_NAMES):
        """Points read from ``path``: they replace these (undoably) and are the file's."""
        self.path = path  # (first: the views that follow the new points read where from)
        self.replace(X, y, None, "open file", names)
        self._saved = self.points.state()
        self._changed()

    def save_csv(self, path):
        """Write the points as CSV (atomically); OSError if it cannot."""
        names = self.points.names
        if names.features or names.classes:
            write_named_csv(path, self.points.X, self.points.y, names)
        else:
            write_points_csv(path, self.points.X, self.points.y)
        self.path = path
        self._saved = self.points.state()
        self._changed()
