"""Where the class should look.

A tab declares its *subjects*: the panels, plots and read-outs a lesson step (or a
presenter) may talk about, by name (``TrainingTab.subjects``).  The window's
``Spotlight`` brings a subject into view and marks it with a frame; when the tab has
no room to show it at a readable size -- presentation mode, a 1280×720 projector
with a lesson docked -- it shows the subject alone, full size, and folds the other
panels away until "Show every panel" (or Esc) brings them back.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPen
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedLayout,
    QWidget,
)

from pyqtgraph import GraphicsView

from .look import follow, look
from .widgets.forms import set_margin

#: The smallest a subject may be (logical pixels) before it is shown alone.
READABLE = (320, 200)
#: The frame's colour per theme: at least 3:1 against the background around it.
MARK = {"light": "#B34700", "dark": "#F0E442", "high contrast": "#000000"}
MARK_ROOM = 6  # pixels between a marked label's text and its frame
QWIDGETSIZE_MAX = 16_777_215  # (no limit: a widget's largest size by default)


def resolve(tab, path):
    """The widget at ``path`` ("view.map", "lands.ce") from ``tab``; dict entries by key."""
    obj = tab
    for part in path.split("."):
        obj = (obj[part] if isinstance(obj, dict) else obj[int(part)] if isinstance(obj, list)
               else getattr(obj, part))
    return obj


def subject_widgets(tab, names):
    """The widgets of the named subjects of ``tab`` (KeyError: a name it does not declare)."""
    out = []
    for name in names:
        _doc, *paths = tab.subjects[name]
        out += [resolve(tab, p) for p in paths]
    return out


def fully_visible(widget):
    """Is every pixel of ``widget`` in its window: shown, and clipped by no parent (a
    scroll area's viewport, a tab too small for it)?"""
    if not widget.isVisible() or widget.width() <= 0 or widget.height() <= 0:
        return False
    rect = QRect(widget.rect())
    node = widget
    while not node.isWindow():
        rect.translate(node.geometry().topLeft())
        node = node.parentWidget()
        rect = rect.intersected(node.rect())
    return rect.size() == widget.size()


def _layouts(layout, kind):
    """The layouts of class ``kind`` in ``layout`` and the layouts inside it."""
    if layout is None:
        return []
    out = [layout] if isinstance(layout, kind) else []
    for i in range(layout.count()):
        out += _layouts(layout.itemAt(i).layout(), kind)
    return out


def _laid_out(layout):
    """Every widget ``layout`` places, in it or in the layouts inside it."""
    out = set()
    if layout is None:
        return out
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item.widget() is not None:
            out.add(item.widget())
        elif item.layout() is not None:
            out |= _laid_out(item.layout())
    return out


def settle(rounds=3):
    """Lay out now what waits to be laid out (sizes read next are the ones shown).  Each
    round lays out one level more of nested layouts (a layout that changed size asks its
    parent's in a request of its own)."""
    for _ in range(rounds):
        QApplication.sendPostedEvents(None, QEvent.LayoutRequest)


def _pictures(widget):
    """The plots ``widget`` is or holds."""
    return [widget] if isinstance(widget, GraphicsView) else widget.findChildren(GraphicsView)


def _readable(widget):
    """In view, and a picture at least ``READABLE`` in size (text needs only be in view)."""
    if not fully_visible(widget):
        return False
    return all(p.width() >= READABLE[0] and p.height() >= READABLE[1]
               for p in _pictures(widget) if p.isVisible())


def screen_area(widget):
    """The part of the widget's screen that windows may use (no task bar), or None."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return None if screen is None else screen.availableGeometry()


class _Mark(QWidget):
    """A frame drawn over a subject, letting every click through."""

    def __init__(self, target):
        super().__init__(target)
        self.setAttribute(Qt.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.NoFocus)
        target.installEventFilter(self)
        # a bare label's text reaches its edge, where the frame is drawn: leave it room
        self._margin = target.margin() if isinstance(target, QLabel) else None
        if self._margin is not None:
            set_margin(target, max(self._margin, MARK_ROOM))
        self.setGeometry(target.rect())
        self.raise_()
        self.show()

    def eventFilter(self, obj, event):
        if event.type() in (QEvent.Resize, QEvent.ChildAdded):
            self.setGeometry(obj.rect())
            self.raise_()
        return False

    def paintEvent(self, event):
        painter = QPainter(self)
        width = 3
        pen = QPen(QColor(MARK.get(look().theme, MARK["light"])), width)
        pen.setJoinStyle(Qt.MiterJoin)
        painter.setPen(pen)
        painter.drawRect(QRect(1, 1, self.width() - width, self.height() - width))

    def remove(self):
        if self._margin is not None:
            set_margin(self.parent(), self._margin)
        self.parent().removeEventFilter(self)
        self.hide()
        self.deleteLater()


class SpotlightBar(QFrame):
    """One line above a tab: what to look at, and the way back to every panel."""

    def __init__(self, spotlight):
        super().__init__()
        self.setFrameShape(QFrame.StyledPanel)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 2, 6, 2)
        self.label = QLabel()
        # (wraps: a long subject's words must not set the tab's least width -- on a
        # projector the tab then could not leave room for a floating lesson)
        self.label.setWordWrap(True)
        self.alone = QPushButton("Show it alone")
        self.alone.setToolTip("Fold the other panels away so this one fills the tab")
        self.every = QPushButton("Show every panel (Esc)")
        self.every.setToolTip("Bring back the panels folded away")
        self.close_button = QPushButton("✕")
        self.close_button.setToolTip("Stop marking it")
        self.close_button.setFixedWidth(self.close_button.sizeHint().height() + 6)
        row.addWidget(self.label, 1)
        for b in (self.alone, self.every, self.close_button):
            row.addWidget(b)
        self.alone.clicked.connect(lambda: spotlight.show_alone(True))
        self.every.clicked.connect(lambda: spotlight.show_alone(False))
        self.close_button.clicked.connect(spotlight.clear)
        self.hide()

    def say(self, text, alone):
        self.label.setText(f"Look at: {text}")
        self.label.setToolTip(text)
        self.alone.setVisible(not alone)
        self.every.setVisible(alone)
        self.show()


class Spotlight(QObject):
    """Brings a tab's subjects into view and marks them (see the module)."""

    changed = Signal()

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.tab = None
        self.names = []
        self._marks = []
        self._folded = []  # widgets hidden to give the subject the room
        self._lifted = []  # (widget, min size, max size) freed to grow
        self._stretches = []  # (grid, row stretches, column stretches) as they were
        self._box_stretches = []  # (box layout, index) of subjects given a stretch
        self._bars = {}
        follow(self, self._look_changed)

    # ---------------------------------------------------------------- public
    def bar(self, key):
        """The bar shown above tab ``key`` (the window places it)."""
        if key not in self._bars:
            self._bars[key] = SpotlightBar(self)
        return self._bars[key]

    @property
    def alone(self):
        return bool(self._folded)

    def show(self, tab, names, alone=None):
        """Mark ``names`` of ``tab`` and bring them into view; ``alone``: fold the other
        panels away (None: in presentation mode, or when the subject would otherwise be
        small or out of sight)."""
        self.clear()
        names = [names] if isinstance(names, str) else list(names or ())
        if not names:
            return
        self.tab, self.names = tab, names
        self._marks = [_Mark(w) for w in self.widgets()]
        if alone is None:
            alone = look().presenting or not self.readable()
        self.show_alone(alone)

    def readable(self):
        """Is every widget of the subject in view, and every picture among them at
        least ``READABLE`` in size?  (Lays out what waits to be laid out first.)"""
        settle()
        for w in self.widgets():
            self._reveal(w)
        settle()
        return all(_readable(w) for w in self.widgets())

    def show_alone(self, on):
        """Fold the other panels away (or bring them back), and scroll the subject into view."""
        if self.tab is None:
            return
        if on and not self._folded:
            self._fold(self.widgets())
        elif not on:
            self._unfold()
        settle()
        for w in self.widgets():
            self._reveal(w)
        self._say()
        self.changed.emit()

    def clear(self):
        """No subject: every panel back, no frame, no bar."""
        self._unfold()
        for m in self._marks:
            m.remove()
        self._marks = []
        for bar in self._bars.values():
            bar.hide()
        self.tab, self.names = None, []
        self.changed.emit()

    def widgets(self):
        return subject_widgets(self.tab, self.names) if self.tab is not None else []

    def watch(self, tab):
        """A double click on a subject of ``tab`` (its title, its frame -- not inside its
        plots, where clicks are the data's) shows it alone; another brings every panel
        back: a presenter's way without a lesson."""
        for name in tab.subjects:
            for w in subject_widgets(tab, [name]):
                w.installEventFilter(self)
                if not w.toolTip():
                    w.setToolTip("Double-click: this alone, large (again: every panel)")

    def eventFilter(self, obj, event):
        if event.type() != QEvent.MouseButtonDblClick or event.button() != Qt.LeftButton:
            return False
        tab = obj.parentWidget()
        while tab is not None and not hasattr(tab, "subjects"):
            tab = tab.parentWidget()
        if tab is None:
            return False
        for name in tab.subjects:
            if obj in subject_widgets(tab, [name]):
                if self.alone and self.tab is tab and name in self.names:
                    self.clear()
                else:
                    self.show(tab, name, alone=True)
                return True
        return False

    # --------------------------------------------------------------- private
    def _say(self):
        docs = [self.tab.subjects[n][0] for n in self.names]
        self.bar(self.tab.key).say(" and ".join(docs), self.alone)

    def _look_changed(self):
        for m in self._marks:
            m.update()

    @staticmethod
    def _reveal(widget):
        """Scroll every scroll area around ``widget`` so that it is in view."""
        parent = widget.parentWidget()
        while parent is not None:
            if isinstance(parent, QScrollArea) and parent.widget() is not None:
                parent.widget().layout() and parent.widget().layout().activate()
                parent.ensureWidgetVisible(widget, 0, 0)
            parent = parent.parentWidget()

    def _fold(self, widgets):
        """Hide every visible panel of the tab that holds none of ``widgets``, and let
        the widgets and what holds them grow."""
        keep = set()
        for w in widgets:
            node = w
            while node is not None and node is not self.tab:
                keep.add(node)
                node = node.parentWidget()
        for node in keep:
            parent = node.parentWidget()
            if parent is None or isinstance(parent.layout(), QStackedLayout):
                continue
            laid = set() if isinstance(parent, QSplitter) else _laid_out(parent.layout())
            if not isinstance(parent, QSplitter) and node not in laid:
                continue  # (a scroll area's viewport, a tab widget's page: not a panel)
            for sib in parent.children():
                if (isinstance(sib, QWidget) and sib not in keep and not sib.isWindow()
                        and not sib.isHidden() and (isinstance(parent, QSplitter) or sib in laid)):
                    sib.hide()
                    self._folded.append(sib)
            self._lifted.append((node, node.minimumSize(), node.maximumSize()))
            node.setMinimumSize(0, 0)
            node.setMaximumSize(QWIDGETSIZE_MAX, QWIDGETSIZE_MAX)
        for node in keep:  # a grid's emptied rows and columns give up their share
            parent = node.parentWidget()
            for grid in _layouts(parent.layout() if parent is not None else None, QGridLayout):
                self._squeeze(grid)
        for w in widgets:  # subjects side by side share the room alike
            parent = w.parentWidget()
            for box in _layouts(parent.layout() if parent is not None else None, QBoxLayout):
                i = box.indexOf(w)
                if i >= 0 and box.stretch(i) == 0:
                    self._box_stretches.append((box, i))
                    box.setStretch(i, 1)
        for w in widgets:  # as large as the room allows
            if w not in [n for n, *_ in self._lifted]:
                self._lifted.append((w, w.minimumSize(), w.maximumSize()))
            w.setMaximumSize(QWIDGETSIZE_MAX, QWIDGETSIZE_MAX)
            if isinstance(w, QLabel):  # a read-out keeps its lines whole beside the pictures
                w.setMinimumHeight(w.sizeHint().height())
            for picture in _pictures(w):  # a picture at least readable, where it was shorter
                if picture.minimumHeight() < READABLE[1]:
                    if picture is not w:
                        self._lifted.append((picture, picture.minimumSize(),
                                             picture.maximumSize()))
                        picture.setMaximumSize(QWIDGETSIZE_MAX, QWIDGETSIZE_MAX)
                    picture.setMinimumHeight(READABLE[1])

    def _squeeze(self, grid):
        if any(g is grid for g, *_ in self._stretches):
            return
        shown_rows, shown_cols = set(), set()
        for i in range(grid.count()):
            item = grid.itemAt(i)
            held = [item.widget()] if item.widget() is not None else _laid_out(item.layout())
            if any(not w.isHidden() for w in held):
                r, c, rs, cs = grid.getItemPosition(i)
                shown_rows |= set(range(r, r + rs))
                shown_cols |= set(range(c, c + cs))
        rows = [grid.rowStretch(r) for r in range(grid.rowCount())]
        cols = [grid.columnStretch(c) for c in range(grid.columnCount())]
        self._stretches.append((grid, rows, cols))
        for r in range(grid.rowCount()):
            if r not in shown_rows:
                grid.setRowStretch(r, 0)
        for c in range(grid.columnCount()):
            if c not in shown_cols:
                grid.setColumnStretch(c, 0)

    def _unfold(self):
        for grid, rows, cols in self._stretches:
            for r, v in enumerate(rows):
                grid.setRowStretch(r, v)
            for c, v in enumerate(cols):
                grid.setColumnStretch(c, v)
        self._stretches = []
        for box, i in self._box_stretches:
            box.setStretch(i, 0)
        self._box_stretches = []
        for w in reversed(self._folded):
            w.show()
        for w, lo, hi in reversed(self._lifted):
            w.setMinimumSize(lo)
            w.setMaximumSize(hi)
        self._folded, self._lifted = [], []
