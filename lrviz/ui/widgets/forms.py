"""Small constructors for the controls every tab builds: one place for their habits
(a tooltip always, a range always, a fixed-width side panel)."""
from __future__ import annotations

import math
import re

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSlider,
    QVBoxLayout,
    QWidget,
)


def combo_box(items, tip, current=None):
    box = QComboBox()
    box.addItems(list(items))
    box.setToolTip(tip)
    if current is not None:
        box.setCurrentText(current)
    return box


def read_only_table(table):
    """A table for reading: no editing, no row numbers, and cells never elided ("0.5…"):
    ``fit_columns`` after each fill sizes the columns to their contents; the table
    scrolls sideways when it is too narrow."""
    from PySide6.QtWidgets import QTableWidget

    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.NoEditTriggers)
    table.setTextElideMode(Qt.ElideNone)
    global _REFITTER
    if _REFITTER is None:
        _REFITTER = _Refit()
    table.installEventFilter(_REFITTER)  # a larger text (presentation mode) needs wider columns
    return table


class _Refit(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.FontChange:
            fit_columns(obj)
        return False


_REFITTER = None


def set_cell(table, row, column, text):
    """Put ``text`` in a cell, making its item the first time (a table refilled ten
    times a second keeps its items)."""
    from PySide6.QtWidgets import QTableWidgetItem

    item = table.item(row, column)
    if item is None:
        item = QTableWidgetItem()
        table.setItem(row, column, item)
    item.setText(text)


def fit_columns(table):
    """Columns as wide as their contents, measured once per fill.  (The header's
    ResizeToContents mode measures every row again at each changed cell: a table of
    400 students refilled ten times a second cost most of the window's time.)"""
    table.resizeColumnsToContents()


class _KeepLines(QObject):
    """Re-sizes labels given to ``keep_lines`` whenever their font changes."""

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.FontChange:
            _size_for_lines(obj)
        return False


_KEEPER = None


def _size_for_lines(label):
    lines, chars = label.property("lrviz_lines"), label.property("lrviz_chars")
    if not lines:  # (not a label given to keep_lines)
        return
    fm = label.fontMetrics()
    m = label.contentsMargins()
    edge = 2 * label.margin() + 4
    label.setFixedHeight(lines * fm.lineSpacing() + m.top() + m.bottom() + edge)
    if chars:
        label.setFixedWidth(chars * fm.horizontalAdvance("0") + m.left() + m.right() + edge)


def set_margin(label, margin):
    """``label.setMargin(margin)``, keeping the lines ``keep_lines`` promised it."""
    label.setMargin(margin)
    _size_for_lines(label)


def keep_lines(label, lines, chars=None):
    """Give ``label`` room for ``lines`` lines (and ``chars`` characters, if given) of
    its own font, now and whenever its font changes (presentation mode, zoom).
    Text that changes many times a second then never re-lays-out the window, and
    larger text never clips."""
    global _KEEPER
    if _KEEPER is None:
        _KEEPER = _KeepLines()
    label.setProperty("lrviz_lines", int(lines))
    label.setProperty("lrviz_chars", int(chars) if chars else 0)
    label.installEventFilter(_KEEPER)
    _size_for_lines(label)
    return label


class FixedColumn(QVBoxLayout):
    """A column whose height does not follow its width.  A scroll area gives the
    widget it lays out its minimum height (or more); asked a height for its width, a
    column of wrapped texts answered one its own layout did not keep, and the bottom
    row of controls lay beyond the end of the scrolling."""

    def hasHeightForWidth(self):
        return False


def scrolling(widget, sideways=True):
    """``widget`` in a frameless scroll area that gives it all its room and scrolls
    only when that is less than ``widget`` needs (``sideways`` False: up and down only)."""
    scroll = QScrollArea()
    scroll.setWidget(widget)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.NoFrame)
    scroll.setFocusPolicy(Qt.NoFocus)  # Tab goes to what it holds, and scrolls to it
    if not sideways:
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
    return scroll


class ValueSlider(QWidget):
    """A horizontal slider that says its value beside it, live, as ``fmt`` writes it: a
    class reads what a position means, not only where the knob is.  From ``lo`` to
    ``hi`` in ``steps`` positions, evenly or on a log scale (``log``; ``lo`` > 0);
    ``name``, if given, on its left.  ``self.slider`` is the QSlider itself."""

    def __init__(self, lo, hi, value, tip, fmt="{:+.3f}".format, name=None, steps=1000,
                 log=False, chars=8):
        super().__init__()
        self.lo, self.hi, self.steps, self.log, self.fmt = float(lo), float(hi), steps, log, fmt
        self.slider = QSlider(Qt.Horizontal)
        self.slider.setRange(0, steps)
        self.slider.setToolTip(tip)
        # (a screen reader's name: the words beside it, else what the tip says it is)
        said = name if name and sum(c.isalpha() for c in name) > 1 else \
            re.split(r"[:;.]\s", tip, maxsplit=1)[0]
        self.slider.setAccessibleName(said)
        self.label = keep_lines(QLabel(), 1, chars=chars)  # (its text never moves the knob)
        self.label.setToolTip(tip)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        if name:
            row.addWidget(QLabel(name))
        row.addWidget(self.slider, 1)
        row.addWidget(self.label)
        self.slider.valueChanged.connect(lambda _: self._show())
        self.set_value(value)

    def _scale(self, v):
        return math.log10(v) if self.log else v

    def value(self):
        """The value the knob's position stands for."""
        a, b = self._scale(self.lo), self._scale(self.hi)
        x = a + (b - a) * self.slider.value() / self.steps
        return float(10 ** x if self.log else x)

    def set_range(self, lo, hi):
        """New ends; the knob stays at the value it stood for (as near as it can)."""
        value = self.value()
        self.lo, self.hi = float(lo), float(hi)
        self.set_value(value, quiet=True)

    def set_value(self, v, quiet=False):
        """Move the knob to the position nearest ``v`` and say ``v`` itself (a value
        between positions or beyond the ends is said as it is); ``quiet``: no signal."""
        v = float(v)
        a, b = self._scale(self.lo), self._scale(self.hi)
        try:
            t = (self._scale(v) - a) / (b - a)
        except (ValueError, ZeroDivisionError):  # (log of v <= 0; one value only)
            t = 0.0
        pos = 0 if math.isnan(t) else round(min(1.0, max(0.0, t)) * self.steps)
        self.slider.blockSignals(quiet)
        self.slider.setValue(pos)
        self.slider.blockSignals(False)
        self._show(v)

    def _show(self, v=None):
        self.label.setText(self.fmt(self.value() if v is None else v))


class SidePanel(QWidget):
    """A fixed-width column for a tab's controls.  Its body scrolls when the window is
    too short for it (a 1280×720 projector, presentation mode's larger text); what
    is ``pin``-ned below the body -- Train, Step, Reset -- always stays in view."""

    def __init__(self, width):
        super().__init__()
        self._width = width  # at the application's unzoomed text size
        self._fit_width()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 0, 0, 0)
        body = QWidget()
        self.body = QVBoxLayout(body)
        self.body.setContentsMargins(0, 0, 6, 0)
        self.scroll = scrolling(body, sideways=False)
        outer.addWidget(self.scroll, 1)
        self._outer = outer

    def _fit_width(self):
        from ..look import look

        self.setFixedWidth(round(self._width * max(1.0, self.font().pointSizeF() / look().base_pt)))

    def changeEvent(self, event):
        """Larger text (presentation mode, zoom) gets a wider column."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_width()

    def pin(self, widget):
        """Keep ``widget`` under the scrolling body, always in view."""
        self._outer.addWidget(widget)


def side_panel(width):
    """(panel, the layout of its scrolling body); see ``SidePanel``."""
    panel = SidePanel(width)
    return panel, panel.body


def choose_path(parent, path, title, default, filters, save):
    """``path`` if given, else ask with a file dialog; None when the user cancels."""
    if path is not None:
        return path
    from PySide6.QtWidgets import QFileDialog

    ask = QFileDialog.getSaveFileName if save else QFileDialog.getOpenFileName
    chosen, _ = ask(parent, title, default, filters)
    return chosen or None
