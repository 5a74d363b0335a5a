"""Small constructors for the controls every tab builds: one place for their habits
(a tooltip always, a range always, a fixed-width side panel)."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QVBoxLayout, QWidget


def combo_box(items, tip, current=None):
    box = QComboBox()
    box.addItems(list(items))
    box.setToolTip(tip)
    if current is not None:
        box.setCurrentText(current)
    return box


def side_panel(width):
    """A fixed-width column for a tab's controls: (widget, its vertical layout)."""
    panel = QWidget()
    panel.setFixedWidth(width)
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(4, 0, 0, 0)
    return panel, layout


def choose_path(parent, path, title, default, filters, save):
    """``path`` if given, else ask with a file dialog; None when the user cancels."""
    if path is not None:
        return path
    from PySide6.QtWidgets import QFileDialog

    ask = QFileDialog.getSaveFileName if save else QFileDialog.getOpenFileName
    chosen, _ = ask(parent, title, default, filters)
    return chosen or None
