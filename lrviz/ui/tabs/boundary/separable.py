"""A note under the Builder's map that appears exactly when one straight line can
split the training points (decided exactly, in a background job for big sets)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from ....data.separability import linearly_separable
from ...jobs import JobSlot
from .equation import separable_note

#: up to this many training points the check runs at once (a few ms); beyond, in the
#: background, so an edit of a 100,000-point file never waits for it
SYNC_SEPARABLE = 20_000


class SeparableNote(QLabel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.RichText)
        self.setVisible(False)
        self.separable = False
        self.folded = False  # (a lesson's question about what ‖w‖ does is open)
        self.job = JobSlot(self)
        self.on_decided = lambda: None  # the owner shows the note for its model again

    def check(self, points, new_set=False):
        """Work out whether one line splits the training points of ``points``.
        ``new_set``: other points altogether; a note about the old ones goes at once
        (before the map is drawn at its size without the note)."""
        X, y, _, _ = points.train_test()
        self.job.cancel()
        if points.n_classes != 2 or len(y) < 2:
            self._decided(False)
        elif len(y) <= SYNC_SEPARABLE:
            self._decided(linearly_separable(X, y))
        else:
            if new_set:
                self._decided(False)
            # (the set's own arrays: an edit replaces them, never writes into them)
            self.job.start(lambda progress, cancelled: linearly_separable(X, y), self._decided)

    def _decided(self, value):
        self.separable = bool(value)
        self.on_decided()

    def show_for(self, model, layout):
        """The note for ``model`` (penalised or not); ``layout``: the one the note sits
        in, laid out again at once when the note comes or goes."""
        note = ""
        if self.separable:
            note = separable_note(bool(getattr(model, "penalty", None) and model.lam > 0))
        if note != self.text():
            self.setText(note)
            self._show(layout)

    def fold(self, folded, layout=None):
        """Hide the note while a lesson's question is open (``Teaching.explanations``)."""
        self.folded = folded
        self._show(layout)

    def _show(self, layout):
        shown = bool(self.text()) and not self.folded
        if self.isHidden() == shown:  # (isVisible: False until shown)
            self.setVisible(shown)
            # the map takes its new size now, before it is painted: painted first and
            # resized after, it would draw every point twice
            if layout is not None:
                layout.activate()

    def shutdown(self):
        self.job.shutdown()
