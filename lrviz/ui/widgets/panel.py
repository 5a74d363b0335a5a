"""A titled panel: a heading, two or three sentences, then the plot or widget."""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
)

from ..look import follow, look, zoomed_font



class TextScroll(QScrollArea):
    """A wrapped label that asks for the height its text needs at its width, and
    scrolls when the layout cannot give it that much (never below one line)."""

    def __init__(self, label):
        super().__init__()
        self.label = label
        self.setWidget(label)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.NoFrame)
        self.setFocusPolicy(Qt.NoFocus)  # (a text to read, not a control)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Maximum)
        self._hint_width = None
        self._whole = False

    #: at most this many lines are asked for; a longer text scrolls, the picture keeps its room
    MAX_LINES = 4

    def sizeHint(self):
        w = max(50, self.viewport().width())
        cap = self.MAX_LINES * self.label.fontMetrics().lineSpacing() + 4
        return QSize(super().sizeHint().width(), min(cap, self.label.heightForWidth(w) + 2))

    def minimumSizeHint(self):
        if self._whole:
            return QSize(0, self.sizeHint().height())
        return QSize(0, min(self.sizeHint().height(), self.label.fontMetrics().lineSpacing() + 4))

    def set_whole(self, on):
        """``on``: never less than the lines asked for (in a page that scrolls anyway,
        one line and a sliver of the next was all a long page left the text)."""
        self._whole = on
        self.updateGeometry()

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if event.size().width() != self._hint_width:  # the text needs another height now
            self._hint_width = event.size().width()
            self.updateGeometry()


class Panel(QFrame):
    """A heading, its explanation, then the picture.  In presentation mode on a short
    screen (the look is ``compact``) the explanation folds away behind a ? button beside
    the heading, so the picture gets the room; the teacher can open it any time."""

    def __init__(self, title, text, body=None, parent=None):
        super().__init__(parent)
        self.setFrameShape(QFrame.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.setSpacing(1)
        self.title = QLabel(title)
        zoomed_font(self.title, 12)
        self.title.setWordWrap(True)  # a long title takes two lines, never widens the window
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.RichText)
        zoomed_font(self.text, 10, bold=False)
        self.more = QToolButton()
        self.more.setText("?")
        self.more.setCheckable(True)
        self.more.setAutoRaise(True)
        self.more.setToolTip("Show or hide the explanation")
        self.more.setAccessibleName(f"Explanation of {' '.join(title.split())}")
        self.more.hide()
        heading = QHBoxLayout()
        heading.setContentsMargins(0, 0, 0, 0)
        heading.addWidget(self.title, 1)
        heading.addWidget(self.more, 0, Qt.AlignTop)
        layout.addLayout(heading)
        # the explanation scrolls when the panel is short (1280×720 in presentation
        # mode); the picture below keeps its room
        self.text_scroll = TextScroll(self.text)
        layout.addWidget(self.text_scroll)
        self.more.toggled.connect(self.text_scroll.setVisible)
        if body is not None:
            layout.addWidget(body, 1)
        self.body_layout = layout
        follow(self, lambda: self.set_compact(look().compact), now=look().compact)

    def set_compact(self, on):
        self.more.setVisible(on)
        self.more.setChecked(not on)
        self.text_scroll.setVisible(not on)
