"""The look of the application -- theme, text zoom, presentation -- in one object.

``look()`` is the application's one ``Look``.  The window changes it (View →
Theme, Ctrl+= / Ctrl+-, F11); the look applies what is application-wide (the
palette, the text size) and says ``changed``.  Everything else follows by
itself: a widget that draws in the theme's colours or keeps a text size of its
own asks to be told (``follow``), so nobody searches the window for widgets to
restyle, and a tab built later is dressed as the window is dressed now.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

#: name -> colours.  "neutral" is the heatmap's colour for a coin toss; "window" the
#: palette of the window around the plots ("dark", or None for the system's).
THEMES = {
    "light": {"background": "#ffffff", "foreground": "#222222", "neutral": (255, 255, 255),
              "boundary": "#111111", "strength": 0.62, "window": None},
    "dark": {"background": "#1e1e1e", "foreground": "#dddddd", "neutral": (30, 30, 30),
             "boundary": "#f2f2f2", "strength": 0.7, "window": "dark"},
    "high contrast": {"background": "#ffffff", "foreground": "#000000",
                      "neutral": (255, 255, 255), "boundary": "#000000", "strength": 0.9,
                      "window": None},
}
#: Text sizes at normal zoom (presentation mode and Ctrl+= scale them; a narrow plot
#: fits its titles): tick labels, axis titles, plot titles, legends
TICK_PT = 10
AXIS_LABEL_PT = 10
TITLE_PT = 11
LEGEND_PT = 9
#: Each step of Ctrl+= makes the text this much larger.
ZOOM_STEP = 1.12
ZOOM_LEVELS = (-3, 6)
#: Presentation mode's text is this many steps larger.
PRESENT_STEPS = 3

_DARK_PALETTE = ((QPalette.Window, "#2b2b2b"), (QPalette.WindowText, "#e6e6e6"),
                 (QPalette.Base, "#1e1e1e"), (QPalette.AlternateBase, "#2b2b2b"),
                 (QPalette.Text, "#e6e6e6"), (QPalette.Button, "#353535"),
                 (QPalette.ButtonText, "#e6e6e6"), (QPalette.ToolTipBase, "#353535"),
                 (QPalette.ToolTipText, "#e6e6e6"), (QPalette.Highlight, "#0072B2"),
                 (QPalette.HighlightedText, "#ffffff"))


class Look(QObject):
    """Theme, zoom level and presentation; ``changed`` after any of them changed."""

    changed = Signal()

    def __init__(self, app):
        super().__init__(app)
        self.theme = "light"
        self.zoom_level = 0
        self.presenting = False
        #: presentation mode on a short screen: explanations fold behind their ? buttons
        self.compact = False
        self.base_pt = app.font().pointSizeF()  # the text size at zoom level 0

    @property
    def colours(self):
        return THEMES[self.theme]

    @property
    def text_zoom(self):
        """How much larger than normal the text is."""
        return ZOOM_STEP ** self.zoom_level

    def pt(self, size):
        """``size`` points at the current zoom."""
        return size * self.text_zoom

    def set_theme(self, name):
        if name not in THEMES:
            raise ValueError(f"no theme {name!r}; choose from {', '.join(THEMES)}")
        self.theme = name
        app = QApplication.instance()
        if THEMES[name]["window"] == "dark":
            palette = QPalette()
            for role, colour in _DARK_PALETTE:
                palette.setColor(role, QColor(colour))
            for role in (QPalette.Text, QPalette.ButtonText, QPalette.WindowText):
                palette.setColor(QPalette.Disabled, role, QColor("#7a7a7a"))
            app.setPalette(palette)
        else:
            app.setPalette(app.style().standardPalette())
        self.changed.emit()

    def zoom(self, steps):
        """The text ``steps`` steps larger (negative: smaller), within ZOOM_LEVELS."""
        self._set_zoom(self.zoom_level + steps)
        self.changed.emit()

    def set_presenting(self, on, compact=False):
        """Presentation mode: larger text (and, by those who follow, bigger points and
        thicker lines); ``compact``: the screen is short, explanations fold away."""
        if on != self.presenting:
            self._set_zoom(self.zoom_level + (PRESENT_STEPS if on else -PRESENT_STEPS))
        self.presenting, self.compact = bool(on), bool(on and compact)
        self.changed.emit()

    def reset(self):
        """Back to the light theme, normal text, no presentation (a window closing: the
        text size and the palette are the application's)."""
        if (self.theme, self.zoom_level, self.presenting) != ("light", 0, False):
            self.presenting = self.compact = False
            self._set_zoom(0)
            self.set_theme("light")

    def _set_zoom(self, level):
        self.zoom_level = max(ZOOM_LEVELS[0], min(ZOOM_LEVELS[1], level))
        font = QApplication.font()
        font.setPointSizeF(self.pt(self.base_pt))
        QApplication.setFont(font)


_LOOK = None


def look():
    """The application's look (made with the first call, after the QApplication)."""
    global _LOOK
    if _LOOK is None:
        _LOOK = Look(QApplication.instance())
    return _LOOK


class _Follower(QObject):
    def __init__(self, owner, fn):
        super().__init__(owner)  # (gone with its owner, and its connection with it)
        self.fn = fn
        look().changed.connect(self.react)

    def react(self):
        self.fn()


def follow(owner, fn, now=False):
    """Call ``fn()`` whenever the look changes, for as long as ``owner`` (a QObject)
    lives; ``now``: once at once too."""
    _Follower(owner, fn)
    if now:
        fn()


def zoomed_font(widget, size, bold=True):
    """Give ``widget`` a font of ``size`` points at the current zoom, now and whenever
    the zoom changes."""
    def apply():
        font = QFont(widget.font())
        font.setPointSizeF(look().pt(size))
        font.setBold(bold)
        widget.setFont(font)
    follow(widget, apply, now=True)
    return widget
