"""A titled panel: a heading, two or three sentences, then the plot or widget."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

from ..theme import title_font


class Panel(QFrame):
    def __init__(self, title, text, body=None, parent=None):
        super().__init__(parent)
        self.setFrameShape(QFrame.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(2)
        self.title = QLabel(title)
        self.title.setFont(title_font(12))
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.RichText)
        self.text.setFont(title_font(10, bold=False))
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        if body is not None:
            layout.addWidget(body, 1)
        self.body_layout = layout
