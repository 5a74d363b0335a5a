"""The look of the application -- theme, text zoom, presentation -- in one object.

``look()`` is the application's one ``Look``.  The window changes it (View →
Theme, Ctrl+= / Ctrl+-, F11); the look applies what is application-wide (the
palette, the text size) and says ``changed``.  Everything else follows by
itself: a widget that draws in the theme's colours or keeps a text size of its
own asks to be told (``follow``), so nobody searches the window for widgets to
restyle, and a tab built later is dressed as the window is dressed now.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

#: name -> colours.  "neutral" is the heatmap's colour for a coin toss; "window" the
#: palette of the window around the plots ("dark", "high contrast", or None for the
#: system's).  The rest are the colours things are drawn in, by role -- the one table
#: every view draws from (``ink``), each at least 3:1 against the theme's background
#: ("faint", for references drawn to be looked past: at least 1.5:1):
#:   ink: the boundary, reference lines a reader reads (thresholds, zero lines), text
#:   muted: secondary but meaningful (a straight-line fit, the test loss, a bias bar)
#:   faint: deliberately faint references (a diagonal, the previous boundary, bands)
#:   orange, sky, pink: Okabe-Ito hues for lines; on white, darker shades of the same
#:   hue (the light Okabe-Ito orange and sky blue are 2.2-2.3:1 there)
#:   highlight: a selected thing's fill (Okabe-Ito yellow; dimmed on dark, under light text)
#:   halo, shade: light and dark edges of lines drawn over a picture (the loss
#:   landscapes), so they show on its dark and its bright parts alike
THEMES = {
    "light": {"background": "#ffffff", "foreground": "#222222", "neutral": (255, 255, 255),
              "boundary": "#111111", "strength": 0.62, "window": None,
              "ink": "#111111", "muted": "#5a5a5a", "faint": "#999999", "band": "#00000038",
              "orange": "#A86F00", "sky": "#2F86BD", "pink": "#B8608F",
              "highlight": "#F0E442", "halo": "#ffffff", "shade": "#000000"},
    "dark": {"background": "#1e1e1e", "foreground": "#dddddd", "neutral": (30, 30, 30),
             "boundary": "#f2f2f2", "strength": 0.7, "window": "dark",
             "ink": "#f2f2f2", "muted": "#a6a6a6", "faint": "#707070", "band": "#ffffff2a",
             "orange": "#E69F00", "sky": "#56B4E9", "pink": "#CC79A7",
             "highlight": "#6E6720", "halo": "#ffffff", "shade": "#000000"},
    "high contrast": {"background": "#ffffff", "foreground": "#000000",
                      "neutral": (255, 255, 255), "boundary": "#000000", "strength": 0.9,
                      "window": "high contrast",
                      "ink": "#000000", "muted": "#333333", "faint": "#767676",
                      "band": "#00000040", "orange": "#8F6200", "sky": "#1F6F9F",
                      "pink": "#9A4A75", "highlight": "#F0E442", "halo": "#ffffff",
                      "shade": "#000000"},
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
#: High contrast, as its plots: black on white, black borders, selection inverted.
_CONTRAST_PALETTE = ((QPalette.Window, "#ffffff"), (QPalette.WindowText, "#000000"),
                     (QPalette.Base, "#ffffff"), (QPalette.AlternateBase, "#ebebeb"),
                     (QPalette.Text, "#000000"), (QPalette.Button, "#ffffff"),
                     (QPalette.ButtonText, "#000000"), (QPalette.BrightText, "#000000"),
                     (QPalette.ToolTipBase, "#ffffff"), (QPalette.ToolTipText, "#000000"),
                     (QPalette.PlaceholderText, "#333333"), (QPalette.Highlight, "#000000"),
                     (QPalette.HighlightedText, "#ffffff"), (QPalette.Link, "#0000b0"),
                     (QPalette.Light, "#ffffff"), (QPalette.Midlight, "#ffffff"),
                     (QPalette.Mid, "#000000"), (QPalette.Dark, "#000000"),
                     (QPalette.Shadow, "#000000"))
_WINDOW_PALETTES = {"dark": (_DARK_PALETTE, "#7a7a7a"), "high contrast": (_CONTRAST_PALETTE,
                                                                           "#555555")}
#: Strong borders around every control in high contrast (the palette alone leaves
#: Fusion's pale grey outlines).
CONTRAST_STYLE = """
QPushButton, QToolButton, QComboBox, QSpinBox, QDoubleSpinBox, QLineEdit, QTextEdit,
QPlainTextEdit, QListView, QTreeView, QTableView, QTextBrowser, QGroupBox, QTabWidget::pane
    { border: 2px solid #000000; }
QPushButton, QToolButton { padding: 3px 8px; background: #ffffff; color: #000000; }
QPushButton:hover, QToolButton:hover { background: #ebebeb; }
QPushButton:pressed, QPushButton:checked, QToolButton:pressed, QToolButton:checked
    { background: #000000; color: #ffffff; }
QPushButton:disabled, QToolButton:disabled { color: #555555; border-style: dashed; }
QGroupBox { margin-top: 1.2em; padding-top: 4px; }
QGroupBox::title { subcontrol-origin: margin; left: 6px; }
QTabBar::tab { border: 2px solid #000000; padding: 4px 10px; background: #ffffff;
    color: #000000; }
QTabBar::tab:selected { background: #000000; color: #ffffff; }
QSlider::groove:horizontal { border: 2px solid #000000; height: 6px; background: #ffffff; }
QSlider::handle:horizontal { background: #000000; border: 2px solid #000000; width: 12px;
    margin: -6px 0; }
QHeaderView::section { border: 1px solid #000000; background: #ffffff; color: #000000; }
QStatusBar { border-top: 2px solid #000000; }
QStatusBar QLabel { color: #000000; }
QDockWidget { border: 2px solid #000000; }
QToolTip { border: 2px solid #000000; background: #ffffff; color: #000000; }
QRadioButton::indicator { width: 10px; height: 10px; border: 2px solid #000000;
    border-radius: 7px; background: #ffffff; }
QRadioButton::indicator:checked { background: qradialgradient(cx: 0.5, cy: 0.5,
    radius: 0.5, fx: 0.5, fy: 0.5, stop: 0 #000000, stop: 0.55 #000000, stop: 0.65 #ffffff,
    stop: 1 #ffffff); }
"""


def ink(colour):
    """The current theme's colour for a role of ``THEMES`` ("ink", "orange" ...); any
    other colour (a class colour, "#rrggbb") as it is."""
    return look().colours.get(colour, colour) if isinstance(colour, str) else colour


def system_theme(app):
    """The theme the system asks for: high contrast (Qt 6.10+ knows it on some systems),
    dark, or light."""
    hints = app.styleHints()
    accessibility = getattr(hints, "accessibility", None)
    if accessibility is not None and hasattr(Qt, "ContrastPreference") and \
            accessibility().contrastPreference() == Qt.ContrastPreference.HighContrast:
        return "high contrast"
    if hints.colorScheme() == Qt.ColorScheme.Dark:
        return "dark"
    return "light"


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
        window = _WINDOW_PALETTES.get(THEMES[name]["window"])
        if window is not None:
            colours, disabled = window
            palette = QPalette()
            for role, colour in colours:
                palette.setColor(role, QColor(colour))
            for role in (QPalette.Text, QPalette.ButtonText, QPalette.WindowText):
                palette.setColor(QPalette.Disabled, role, QColor(disabled))
            app.setPalette(palette)
        else:
            app.setPalette(app.style().standardPalette())
        style = CONTRAST_STYLE if THEMES[name]["window"] == "high contrast" else ""
        if app.styleSheet() != style:
            app.setStyleSheet(style)
        self.changed.emit()

    def zoom(self, steps):
        """The text ``steps`` steps larger (negative: smaller), within ZOOM_LEVELS."""
        self._set_zoom(self.zoom_level + steps)
        self.changed.emit()

    def zoom_normal(self):
        """Ctrl+0: the text size of the mode (normal, or presentation's larger one)."""
        self._set_zoom(PRESENT_STEPS if self.presenting else 0)
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
        app = QApplication.instance()
        style = app.styleSheet()
        if style:  # (a widget styled by a sheet keeps the font it had: set the sheet again)
            app.setStyleSheet("")
        QApplication.setFont(font)
        if style:
            app.setStyleSheet(style)


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


#: an answer's ring and dot by the kind of window (``clear_choice``): Fusion draws the
#: ring in the first colour made darker, the dot in the second, faded
#: (high contrast: its style sheet draws them, over any palette)
_CHOICE = {None: ("#5a5a5a", "#000000"), "dark": ("#ffffff", "#ffffff")}


def clear_choice(widget):
    """``widget``, holding a radio button, with a ring and a dot a room can see (3:1 or
    more).  Fusion draws the ring in the window's colour made darker: on the dark theme's
    window it vanished and the chosen answer was a grey speck, and on the light one it
    was 2:1.  Follows the look."""
    def apply():
        palette = QPalette()
        for role, colour in zip((QPalette.Window, QPalette.Text),
                                _CHOICE.get(THEMES[look().theme]["window"], ())):
            palette.setColor(role, QColor(colour))
        widget.setPalette(palette)
    follow(widget, apply, now=True)
    return widget


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
