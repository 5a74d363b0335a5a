"""The Code pane (View → Code behind the view): the numpy lines of one epoch of the
model on screen, and the values of its key quantities now.

The lines are ``lrviz.codegen``'s, the very lines File → Export Python script runs, so
the pane shows what reproduces the run.  It follows the window's current tab: its
snapshots bring the model and its data; the values change at the tab's pace for text
(``Pace.text_now``, ten times a second at most) and only while the pane is shown.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...codegen import Recipe, current_values, epoch_lines

#: Above this many points × parameters the pane shows no gradient: one over every point
#: would cost a good part of a frame at every tick of the text (the loss comes measured
#: with the snapshot).
MAX_LIVE_NUMBERS = 300_000


def code_text(recipe, n_points):
    """One epoch's lines for reading: each note on its own line above its code."""
    out = ["for epoch in range(epochs):"]
    for code, note in epoch_lines(recipe, n_points):
        indent = "    " + code[:len(code) - len(code.lstrip())]
        if note:
            out.append(f"{indent}# {note}")
        out.append("    " + code)
    return "\n".join(out)


def values_text(rows, epoch, n_points):
    width = max(len(name) for name, _, _ in rows)
    lines = [f"Now, after epoch {epoch:,} (over all {n_points:,} training points):"]
    for name, shape, value in rows:
        shown = "" if shape == () else str(shape)
        lines.append(f"{name:<{width}}  {shown:<9} {value}")
    return "\n".join(lines)


def _mono(widget):
    widget.setFont(QFontDatabase.systemFont(QFontDatabase.FixedFont))
    return widget


class CodePane(QWidget):
    """The code of one of the current tab's models (a chooser when it has several)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.page = None
        self.chooser = QComboBox()
        self.chooser.setToolTip("Which of this tab's models to show")
        self.chooser.activated.connect(lambda _: self.show_latest())
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.code = _mono(QPlainTextEdit())
        self.code.setReadOnly(True)
        self.code.setLineWrapMode(QPlainTextEdit.NoWrap)
        self.code.setToolTip("One epoch of gradient descent, as File → Export Python script "
                             "runs it")
        self.values = _mono(QLabel())
        self.values.setWordWrap(False)
        self.values.setToolTip("The parameters, the gradient over every training point and "
                               "the loss, at the epoch shown")
        row = QHBoxLayout()
        row.addWidget(QLabel("Model"))
        row.addWidget(self.chooser, 1)
        v = QVBoxLayout(self)
        v.addLayout(row)
        v.addWidget(self.about)
        v.addWidget(self.code, 1)
        v.addWidget(self.values)
        self._names = []
        self._prepared = None  # (X it was made from, model's map, Prepared)

    # --------------------------------------------------------- the tab
    def follow(self, page):
        """Show the code of ``page``'s models from now on."""
        if page is self.page:
            return
        if self.page is not None:
            try:
                self.page.controller.snapshot.disconnect(self._on_snapshot)
            except (RuntimeError, TypeError):
                pass
        self.page = page
        self._prepared = None
        page.controller.snapshot.connect(self._on_snapshot)
        self.show_latest()

    def _on_snapshot(self, snap):
        if self.isVisible() and (self.page.pace.text_now or not snap.running):
            self.present(snap)

    def show_latest(self):
        if self.page is not None and self.page.controller.latest is not None:
            self.present(self.page.controller.latest)

    def showEvent(self, event):
        super().showEvent(event)
        self.show_latest()

    # --------------------------------------------------------- drawing
    def present(self, snap):
        """Show the code and the values of the snapshot's model chosen."""
        titles = getattr(self.page, "model_titles", {})
        names = [n for n, m in snap.models.items()
                 if Recipe.of(m, 1.0) is not None and snap.data.get(n, (None,))[0] is not None]
        if names != self._names:
            self._names = names
            self.chooser.clear()
            for n in names:
                self.chooser.addItem(titles.get(n, n), n)
            primary = self.page.primary(snap)
            self.chooser.setCurrentIndex(names.index(primary) if primary in names else 0)
        self.chooser.setEnabled(len(names) > 1)
        name = self.chooser.currentData()
        if name is None:
            self._say_none(snap)
            return
        model, X, y = snap.models[name], *snap.data[name][:2]
        recipe = Recipe.of(model, snap.lrs.get(name, 1.0))
        batch = "full batch" if recipe.full_batch(len(X)) else f"batches of {recipe.batch}"
        self.about.setText(f"{recipe.describe()}. Learning rate {recipe.lr:g}, {batch}"
                           + (f", λ = {recipe.lam:g}" if recipe.penalty else "") + ".")
        text = code_text(recipe, len(X))
        if text != self.code.toPlainText():
            self.code.setPlainText(text)
        cheap = len(X) * sum(p.size for p in model.parameters()) <= MAX_LIVE_NUMBERS
        rows = current_values(recipe, model, self._data(model, X, y) if cheap else None,
                              snap.metrics.get(name))
        self.values.setText(values_text(rows, snap.epoch, len(X)))

    def _say_none(self, snap):
        trained = any(Recipe.of(m, 1.0) is not None for m in snap.models.values())
        self.about.setText("No training points yet: add some to see the code." if trained
                           else "This tab's models fit in one pass: no epochs of gradient "
                           "descent to show.")
        self.code.setPlainText("")
        self.values.setText("")

    def _data(self, model, X, y):
        """The training data prepared for the model's features (kept while they hold)."""
        key = (model.features, None if model.scale is None else
               tuple(a.tobytes() for a in model.scale))
        if self._prepared is None or self._prepared[0] is not X or self._prepared[1] != key:
            self._prepared = (X, key, model.prepare(X, y))
        return self._prepared[2]


class CodeDock(QDockWidget):
    """The Code pane beside the tabs."""

    def __init__(self, parent=None):
        super().__init__("Code behind the view", parent)
        self.setObjectName("code")
        self.pane = CodePane()
        self.setWidget(self.pane)


def toggle_code(window):
    """View → Code behind the view: show the Code pane beside the window's tabs (made
    when first asked for; it follows the current tab), or hide it.  Returns the dock."""
    dock = window.findChild(CodeDock)
    if dock is None:
        dock = CodeDock(window)
        window.addDockWidget(Qt.RightDockWidgetArea, dock)
        dock.show()  # (now, not at the next layout: the next snapshot finds it shown)
        window.tabs.currentChanged.connect(lambda _: dock.pane.follow(window.current_page()))
        dock.pane.follow(window.current_page())
    else:
        dock.setVisible(not dock.isVisible())
    return dock
