"""The Boundary Builder's map from the keyboard: a cross-hair the arrow keys move,
Enter adds a point there (Shift+Enter: the other class), N / P jump to the next or
previous point, Shift+arrows carry the point at the cross-hair (one edit, as a
mouse drag), and Delete (the window's) removes the point nearest it.  The map
reports edits as its mouse does (``pointClicked``, ``pointDragged``)."""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, Qt

from ..theme import BOUNDARY_HEX

PICK_PX = 12  # how close (in pixels) a press must be to grab a point


class MapKeys(QObject):
    """The keys of an editable ``ProbabilityMap`` (an event filter on it)."""

    #: the cross-hair's step, as a share of the view (Ctrl: the fine one)
    STEP, FINE_STEP = 1 / 40, 1 / 200
    _MOVES = {Qt.Key_Left: (-1, 0), Qt.Key_Right: (1, 0), Qt.Key_Up: (0, 1),
              Qt.Key_Down: (0, -1)}
    _ENTER = (Qt.Key_Return, Qt.Key_Enter)

    def __init__(self, map_):
        super().__init__(map_)
        self.map = map_
        self.cursor = pg.ScatterPlotItem(symbol="+", size=26, pen=pg.mkPen(BOUNDARY_HEX, width=2),
                                         brush=pg.mkBrush(None))
        self.cursor.setZValue(8)
        self.cursor.setVisible(False)
        map_.addItem(self.cursor)
        self._at = None  # (x, y) in data coordinates
        self._carrying = None  # the index of the point Shift+arrows carry
        if map_.editable:  # (a map for looking only keeps the usual keys)
            map_.installEventFilter(self)

    def uses(self, event):
        """Keys the map takes before the window's shortcuts (→ is Step)."""
        return self.map.editable and (event.key() in self._MOVES or event.key() in self._ENTER
                                      or event.key() in (Qt.Key_N, Qt.Key_P))

    def position(self):
        """Where the cross-hair is (it starts at the centre of the view)."""
        if self._at is None:
            x, y, w, h = self.map.view_rect()
            self._at = (x + w / 2, y + h / 2)
        return self._at

    def move(self, x, y):
        self._at = (float(x), float(y))
        self.cursor.setData([x], [y])
        self.cursor.setVisible(self.map.editable and self.map.hasFocus())
        self.map.last_hover = self._at  # (Delete and the read-out follow it)
        self.map.hovered.emit(*self._at)

    def eventFilter(self, obj, event):
        m = getattr(self, "map", None)
        if m is None or m.gone:  # (closing: its items are gone)
            return False
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride and self.uses(event):
            event.accept()
            return True
        if kind == QEvent.Type.KeyPress and self.uses(event):
            self._pressed(event)
            return True
        if kind == QEvent.Type.KeyPress:
            self._put_down()
        elif kind == QEvent.Type.KeyRelease and event.key() == Qt.Key_Shift:
            self._put_down()
        elif kind == QEvent.Type.FocusIn and self.map.editable and event.reason() in (
                Qt.TabFocusReason, Qt.BacktabFocusReason):
            # reached by Tab: the cross-hair shows where Enter adds a point (a click that
            # gave the focus shows it only once a key moves it)
            self.move(*self.position())
        elif kind == QEvent.Type.FocusOut:
            self._put_down()
            self.cursor.setVisible(False)
        return False

    def _pressed(self, event):
        key, shift = event.key(), bool(event.modifiers() & Qt.ShiftModifier)
        x, y = self.position()
        m = self.map
        if key in self._MOVES:
            share = self.FINE_STEP if event.modifiers() & Qt.ControlModifier else self.STEP
            _, _, w, h = m.view_rect()
            dx, dy = self._MOVES[key]
            if shift and self._carrying is None:
                self._pick_up(x, y)
                x, y = self.position()
            x, y = x + dx * share * w, y + dy * share * h
            self.move(x, y)
            if self._carrying is not None:
                m.pointDragged.emit(self._carrying, x, y, False)
        elif key in self._ENTER:
            self._put_down()
            m.pointClicked.emit(x, y, Qt.LeftButton, event.modifiers())
        else:  # N, P: the next or previous point
            self._put_down()
            X = m.points.points.X
            if len(X):
                here = m.points.points.nearest(x, y)
                self.move(*X[(here + (-1 if key == Qt.Key_P else 1)) % len(X)])

    def _pick_up(self, x, y):
        """Shift+arrow: carry the point at the cross-hair (within a pick's reach)."""
        i = self.map.nearest_point(x, y, 2 * PICK_PX)
        if i is not None:
            self._carrying = i
            self.map.points.dragging = i
            self.move(*self.map.points.points.X[i])

    def _put_down(self):
        """The carried point stays where it is: one edit, as a mouse drag makes."""
        if self._carrying is not None:
            i, self._carrying = self._carrying, None
            x, y = self.position()
            self.map.pointDragged.emit(i, x, y, True)
            self.map.points.dragging = None
            self.map.points.end_drag()
