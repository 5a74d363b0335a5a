"""The editable set of labelled 2-D points behind the Boundary Builder (no Qt).

Listeners subscribed with ``subscribe(fn)`` hear ``fn(kind, index)`` after each
edit: kind "add" (one point appended at ``index``), "move" (point ``index`` moved)
or "all" (anything else).
``to_dict`` / ``from_dict`` are its part of a session file, checked in full.
"""
from __future__ import annotations

import numpy as np

from .csvio import MAX_ABS, MAX_LABEL, MAX_ROWS
from .table import NO_NAMES, Names

#: Longest name of a class or a feature kept in a session.
MAX_NAME = 80


class PointSetError(ValueError):
    """Points in a session that cannot be used; ``str()`` says where and why."""


class PointSet:
    def __init__(self):
        self.X = np.empty((0, 2))
        self.y = np.empty(0, dtype=int)
        self.test = np.empty(0, dtype=bool)
        #: what the two columns and the classes are called (a table's own names)
        self.names = NO_NAMES
        self._freeze()
        self._listeners = []

    def subscribe(self, fn):
        self._listeners.append(fn)

    def unsubscribe(self, fn):
        if fn in self._listeners:
            self._listeners.remove(fn)

    def _changed(self, kind, index):
        for fn in self._listeners:
            fn(kind, index)

    def __len__(self):
        return len(self.y)

    @property
    def n_classes(self):
        """Classes the model must tell apart: at least 2 and every named class, else the
        largest label + 1."""
        return max(2, len(self.names.classes), int(self.y.max()) + 1 if len(self.y) else 2)

    # ---------------------------------------------------------------- edits
    def add(self, x, y, label, test=False):
        self.X = np.vstack([self.X, [[x, y]]])
        self.y = np.append(self.y, int(label))
        self.test = np.append(self.test, bool(test))
        self._freeze()
        self._changed("add", len(self.y) - 1)

    def row(self, i):
        return self.X[i].copy(), int(self.y[i]), bool(self.test[i])

    def remove(self, i):
        row = self.row(i)
        self.X = np.delete(self.X, i, axis=0)
        self.y = np.delete(self.y, i)
        self.test = np.delete(self.test, i)
        self._freeze()
        self._changed("all", i)
        return row

    def insert(self, i, row):
        xy, label, test = row
        self.X = np.insert(self.X, i, xy, axis=0)
        self.y = np.insert(self.y, i, label)
        self.test = np.insert(self.test, i, test)
        self._freeze()
        self._changed("all", i)

    def move(self, i, x, y):
        X = self.X.copy()  # (never in place: train_test hands out the array itself)
        X[i] = (x, y)
        self.X = X
        self._freeze()
        self._changed("move", i)

    def replace(self, X, y, test=None, quiet=False, names=NO_NAMES):
        self.names = names
        self.X = np.array(X, dtype=float).reshape(-1, 2)
        self.y = np.array(y, dtype=int)
        self.test = np.zeros(len(self.y), bool) if test is None else np.array(test, bool)
        self._freeze()
        if not quiet:
            self._changed("all", -1)

    # ---------------------------------------------------------------- views
    def state(self):
        """(X, y, test) themselves, not copies.  Every edit puts new arrays in their
        place and none changes them in place (they are read-only), so holding them
        keeps this moment's points: an undo step's, the saved file's."""
        return self.X, self.y, self.test

    def _freeze(self):
        for a in (self.X, self.y, self.test):
            a.flags.writeable = False

    def train_test(self):
        """(X, y) to train on and (X, y) held out -- the set's own arrays when nothing is
        held out (not copies: read them, never change them)."""
        if not self.test.any():  # (no selections: they copy every row of a big set)
            return self.X, self.y, self.X[:0], self.y[:0]
        tr = ~self.test
        return self.X[tr], self.y[tr], self.X[self.test], self.y[self.test]

    def nearest(self, x, y):
        """Index of the point nearest to (x, y), or None when there are none."""
        if not len(self.y):
            return None
        return int(np.argmin(((self.X - [x, y]) ** 2).sum(axis=1)))

    # ------------------------------------------------------------- sessions
    def to_dict(self):
        d = {"x1": self.X[:, 0].tolist(), "x2": self.X[:, 1].tolist(),
             "label": self.y.tolist(), "test": self.test.tolist()}
        if self.names.features:
            d["features"] = list(self.names.features)
        if self.names.classes:
            d["classes"] = list(self.names.classes)
        return d

    @staticmethod
    def _names_from(d, where):
        """The optional names of a session's points, checked."""
        got = {}
        for key, most in (("features", 2), ("classes", MAX_LABEL + 1)):
            v = d.get(key, [])
            if not (isinstance(v, list) and len(v) <= most and all(
                    isinstance(n, str) and 0 < len(n) <= MAX_NAME for n in v)):
                raise PointSetError(f"{where}: points '{key}' should be at most {most} names "
                                    f"of 1..{MAX_NAME} characters")
            got[key] = tuple(v)
        if got["features"] and len(got["features"]) != 2:
            raise PointSetError(f"{where}: points 'features' should name both columns")
        return Names(**got)

    @staticmethod
    def from_dict(d, where):
        """(X, y, test, names) from a session's points, every value checked; PointSetError
        if bad."""
        if not isinstance(d, dict):
            raise PointSetError(f"{where}: 'points' should be an object")
        cols = {}
        for key in ("x1", "x2", "label", "test"):
            v = d.get(key)
            if not isinstance(v, list):
                raise PointSetError(f"{where}: points '{key}' should be a list")
            if len(v) > MAX_ROWS:
                raise PointSetError(f"{where}: {len(v):,} points, more than {MAX_ROWS:,}")
            cols[key] = v
        n = len(cols["x1"])
        if any(len(c) != n for c in cols.values()):
            raise PointSetError(f"{where}: points 'x1', 'x2', 'label' and 'test' differ in length")
        for key in ("x1", "x2"):
            if not all(type(v) in (int, float) for v in cols[key]):
                raise PointSetError(f"{where}: points '{key}' holds something that is not a number")
        if not all(type(v) is int and 0 <= v <= MAX_LABEL for v in cols["label"]):
            raise PointSetError(f"{where}: labels must be whole numbers 0..{MAX_LABEL}")
        if not all(type(v) is bool for v in cols["test"]):
            raise PointSetError(f"{where}: points 'test' must be true or false")
        try:
            X = np.column_stack([np.array(cols["x1"], float), np.array(cols["x2"], float)]) \
                if n else np.empty((0, 2))
        except OverflowError:
            X = np.full((1, 1), np.inf)
        if not np.isfinite(X).all() or (np.abs(X) > MAX_ABS).any():
            raise PointSetError(f"{where}: a coordinate is not a finite number within ±{MAX_ABS:g}")
        names = PointSet._names_from(d, where)
        return (X.reshape(-1, 2), np.array(cols["label"], int), np.array(cols["test"], bool),
                names)
