"""Working the window from the keyboard and with a screen reader.

* ``ControlKeys`` -- the window's one-key shortcuts (Space, S, R, →, digits,
  Delete) act only when the focused widget does not use that key itself: Space
  ticks a focused check box, a digit goes into a focused number box, → moves a
  focused slider.  It listens to the focused widget alone (it moves its filter
  with the focus), so no other event costs anything.
* ``prepare(root)`` -- once a tab (or panel) is laid out: buttons, check boxes,
  sliders and lists take the focus from Tab, not from a click (Space still
  trains after a click on Step); scroll areas are not stops of their own; Tab
  follows the reading order of the layouts; and every control and plot gets an
  accessible name (the label beside it, else what its tooltip says it is) and a
  description (its tooltip).
* ``describe_plots(plots)`` -- each plot's description says what it shows now
  (``LivePlot.describe``), at the pace of the window's text.
"""
from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)
from shiboken6 import isValid

#: keys that stay the window's whatever has the focus (F1, F9, F11, the clicker's
#: PageUp / PageDown, Esc, and Tab itself)
WINDOW_KEYS = {Qt.Key_Escape, Qt.Key_Tab, Qt.Key_Backtab, Qt.Key_PageUp, Qt.Key_PageDown,
               *(getattr(Qt, f"Key_F{i}") for i in range(1, 36))}
_ARROWS = {Qt.Key_Left, Qt.Key_Right, Qt.Key_Up, Qt.Key_Down, Qt.Key_Home, Qt.Key_End}
_EDITING = {Qt.Key_Delete, Qt.Key_Backspace}


def _typed(event):
    text = event.text()
    return bool(text) and text.isprintable()


def is_text_box(w):
    """Does ``w`` take typed text (a number box, an editable line or text)?"""
    if isinstance(w, (QTextEdit, QPlainTextEdit)):
        return not w.isReadOnly()
    if isinstance(w, QLineEdit):
        return not w.isReadOnly()
    if isinstance(w, QComboBox):
        return w.isEditable()
    return isinstance(w, QAbstractSpinBox)


def _owner(w):
    """The control a focused part belongs to (a spin box's line edit: the spin box)."""
    p = w.parentWidget()
    if isinstance(w, QLineEdit) and isinstance(p, (QAbstractSpinBox, QComboBox)):
        return p
    return w


def uses_key(w, event):
    """Does the focused widget ``w`` use this key itself (so no shortcut takes it)?"""
    key = event.key()
    if key in WINDOW_KEYS or event.modifiers() & (Qt.ControlModifier | Qt.AltModifier
                                                  | Qt.MetaModifier):
        return False
    w = _owner(w)
    if is_text_box(w):
        return _typed(event) or key in _ARROWS or key in _EDITING
    if isinstance(w, QAbstractButton):
        return key == Qt.Key_Space
    if isinstance(w, QAbstractSlider):
        return key in _ARROWS
    if isinstance(w, QTabBar):
        return key in _ARROWS
    if isinstance(w, (QComboBox, QAbstractItemView)):
        return key == Qt.Key_Space or key in _ARROWS or _typed(event)
    return False


def prepare_tab(tab):
    """``prepare`` a tab, again when it has made widgets since (a CSV file's sliders);
    ``tab.plots`` are then its plots, whose descriptions follow what they show."""
    widgets = tab.findChildren(QWidget)
    if len(widgets) != getattr(tab, "_keys_prepared", None):
        tab._keys_prepared = len(widgets)
        tab.plots = [w for w in widgets if hasattr(w, "describe")]  # (the live plots)
        prepare(tab, subject_names(tab))


class ControlKeys(QObject):
    """A focused control keeps its own keys; the window's shortcuts get the rest
    (see the module's docstring).  ``install()`` once, after the QApplication."""

    _installed = None

    @classmethod
    def install(cls):
        app = QApplication.instance()
        if cls._installed is None or cls._installed.parent() is not app:
            cls._installed = cls(app)
        return cls._installed

    def __init__(self, app):
        super().__init__(app)
        self._watched = None
        app.focusChanged.connect(self._focus_moved)
        self._focus_moved(None, app.focusWidget())

    def _focus_moved(self, old, new):
        # (the filter stays on a widget that had the focus: a ShortcutOverride goes to
        # the focused widget only, and the one losing the focus may be half destroyed)
        if new is not None and new is not self._watched:
            self._watched = new
            new.installEventFilter(self)

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.ShortcutOverride and uses_key(obj, event):
            event.accept()  # the key goes to the control, not to a shortcut
            return True
        return False


# -------------------------------------------------------------- reading order
def _stops(w):
    """Is ``w`` a stop of Tab (rather than a container to look into)?"""
    return bool(w.focusPolicy() & Qt.TabFocus) and not isinstance(w, (QScrollArea, QTabWidget))


def _in_order(layout):
    """The layout's items in reading order: rows top to bottom, then left to right."""
    items = [layout.itemAt(i) for i in range(layout.count())]
    if isinstance(layout, QGridLayout):
        pos = [layout.getItemPosition(i)[:2] for i in range(layout.count())]
        return [it for _, it in sorted(zip(pos, items), key=lambda p: p[0])]
    if isinstance(layout, QFormLayout):
        rows = []
        for i, it in enumerate(items):
            row, role = layout.getItemPosition(i)
            rows.append(((row, role != QFormLayout.LabelRole), it))
        return [it for _, it in sorted(rows, key=lambda p: p[0])]
    return items


def walk(root):
    """[(widget, the label just before it in its layout or None)] for every Tab stop
    under ``root``, in reading order (the layouts' order, into scroll areas, tab pages
    and splitters)."""
    out = []

    def widget(w):
        if w is None or w.isWindow() and w is not root:
            return
        if _stops(w):
            out.append((w, None))
            return
        if isinstance(w, QScrollArea):
            widget(w.widget())
        elif isinstance(w, QTabWidget):
            bar = w.tabBar()
            if not bar.toolTip():
                bar.setToolTip("Pages: " + ", ".join(w.tabText(i) for i in range(w.count())))
            for i in range(w.count()):  # (a screen reader describes the page it is on)
                if not w.tabToolTip(i):
                    w.setTabToolTip(i, f"Page {i + 1} of {w.count()}: {w.tabText(i)}")
            out.append((bar, None))
            for i in range(w.count()):
                widget(w.widget(i))
        elif isinstance(w, QSplitter):
            for i in range(w.count()):
                widget(w.widget(i))
        elif w.layout() is not None:
            layout(w.layout())

    def layout(lay):
        label = None
        for item in _in_order(lay):
            w = item.widget()
            if w is not None and isinstance(w, QLabel):
                label = w
                continue
            if w is not None:
                before = len(out)
                widget(w)
                if label is not None and len(out) == before + 1 and out[-1][1] is None:
                    out[-1] = (out[-1][0], label)
            elif item.layout() is not None:
                layout(item.layout())
            label = None

    widget(root)
    return out


# ----------------------------------------------------------------- the names
def words(text):
    """The plain words of a label, a title or rich text."""
    text = re.sub(r"<[^>]+>", "", text or "").replace("&&", "\0").replace("&", "")
    return " ".join(text.replace("\0", "&").split()).rstrip(":").strip()


def _has_letters(text):
    return sum(c.isalpha() for c in text) >= 2


def first_clause(tip):
    """What a tooltip says a control is: its words up to the first ':', ';' or '.'."""
    return words(re.split(r"[:;.](?:\s|$)", words(tip), maxsplit=1)[0])


def _form_label(w):
    """The label of ``w``'s row in a form layout (``w`` or the widget holding it)."""
    while w is not None and not w.isWindow():
        parent = w.parentWidget()
        lay = parent.layout() if parent is not None else None
        if isinstance(lay, QFormLayout):
            label = lay.labelForField(w)
            if isinstance(label, QLabel):
                return label
        if parent is None or parent.layout() is None or not isinstance(
                parent, QWidget) or len(_controls_in(parent)) > 1:
            return None
        w = parent
    return None


def _controls_in(w):
    return [c for c in w.findChildren(QWidget) if _stops(c)]


def name_of(w, label=None):
    """The accessible name ``w`` should have: its own, its text, the label beside
    it, or what its tooltip says it is."""
    if w.accessibleName():
        return w.accessibleName()
    if isinstance(w, QAbstractButton) and _has_letters(w.text()):
        return words(w.text())
    for candidate in (label, _form_label(w)):
        if candidate is not None and _has_letters(words(candidate.text())):
            return words(candidate.text())
    if w.toolTip():
        return first_clause(w.toolTip())
    if label is not None and words(label.text()):
        return words(label.text())
    return ""


def _name(w, label=None):
    name = name_of(w, label)
    if name and name != w.accessibleName():
        w.setAccessibleName(name)
    if label is not None and label.buddy() is None:
        label.setBuddy(w)
    if not w.accessibleDescription() and not w.toolTip():
        w.setAccessibleDescription(name)


def prepare(root, plots=()):
    """Focus by Tab in reading order, and names for every control under ``root``;
    ``plots``: {plot: name} for plots named by their owner (a tab's subjects)."""
    for w in root.findChildren(QWidget):
        policy = w.focusPolicy()
        if isinstance(w, QScrollArea) and policy != Qt.NoFocus:
            w.setFocusPolicy(Qt.NoFocus)  # a container, not a stop of its own
        elif isinstance(w, (QAbstractButton, QAbstractSlider, QTabBar)) \
                or isinstance(w, QComboBox) and not w.isEditable():
            if policy & Qt.ClickFocus:
                w.setFocusPolicy(Qt.TabFocus)  # a click leaves the shortcuts working
    order = walk(root)
    for (a, _), (b, _) in zip(order, order[1:]):
        QWidget.setTabOrder(a, b)
    for w, label in order:
        if not isinstance(w, QAbstractScrollArea):
            _name(w, label)
    for w in root.findChildren(QAbstractScrollArea):
        if _stops(w):  # a plot or a table: named as its owner says, or by its title
            _name_picture(w, plots)
    return order


def _name_picture(w, plots):
    panel = _panel(w)
    title = w.title_words() if hasattr(w, "title_words") else ""
    name = plots.get(w) or title or (words(panel.title.text()) if panel is not None
                                     else "") or w.accessibleName() or name_of(w)
    if not name and hasattr(w, "description_now"):
        name = "Plot of " + w.description_now()
    if name and w.accessibleName() != name:
        w.setAccessibleName(name)
    if hasattr(w, "describe"):
        w.describe()
    elif not w.accessibleDescription():
        w.setAccessibleDescription(words(panel.text.text()) if panel is not None
                                   else first_clause(w.toolTip()) or name)


def _panel(w):
    """The titled ``Panel`` around ``w``, if any."""
    from .widgets.panel import Panel

    p = w.parentWidget()
    while p is not None and not p.isWindow():
        if isinstance(p, Panel):
            return p
        p = p.parentWidget()
    return None


def subject_names(tab):
    """{widget: name} of a tab's subjects that are one widget each (a plot, a table),
    in the tab's own words ("the map of probabilities and the points")."""
    from .spotlight import subject_widgets

    out = {}
    for key, (doc, *_paths) in getattr(tab, "subjects", {}).items():
        text = doc[4:] if doc.startswith("the ") else doc
        found = subject_widgets(tab, [key])
        if len(found) == 1:
            out.setdefault(found[0], text[:1].upper() + text[1:])
    return out


def describe_plots(plots):
    """Each plot's description as it shows now (``LivePlot.describe``)."""
    for plot in plots:
        if isValid(plot):
            plot.describe()
