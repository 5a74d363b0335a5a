"""A note under the Builder's map that says whether one straight line can split the
two classes' training points (decided exactly, in a background job for big sets).

The note keeps the room of its longest text whatever it says, so a decision that
arrives late -- after a big file's points are drawn -- changes words, never the
map's size: a map laid out again paints every one of its points again."""
from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel

from ....data.separability import linearly_separable
from ...jobs import JobSlot
from .equation import SEPARABLE_NOTES, separable_note

#: up to this many training points the check runs at once (a few ms); beyond, in the
#: background, so an edit of a 100,000-point file never waits for it
SYNC_SEPARABLE = 20_000


class SeparableNote(QLabel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.RichText)
        self.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.setVisible(False)
        self.separable = False  # or None: being worked out
        self.two_classes = False  # (the note speaks of two classes only)
        self.folded = False  # (a lesson's question about what ‖w‖ does is open)
        self.job = JobSlot(self)
        self.on_decided = lambda: None  # the owner shows the note for its model again
        self._room = (None, 0)  # ((width, font), height)

    def check(self, points, new_set=False):
        """Work out whether one line splits the training points of ``points``.
        ``new_set``: other points altogether; what the note said of the old ones goes
        at once."""
        X, y, _, _ = points.train_test()
        self.job.cancel()
        self.two_classes = points.n_classes == 2
        if not self.two_classes or len(y) < 2:
            self._decided(False)
        elif len(y) <= SYNC_SEPARABLE:
            self._decided(linearly_separable(X, y))
        else:
            if new_set:
                self._decided(None)
            # (the set's own arrays: an edit replaces them, never writes into them)
            self.job.start(lambda progress, cancelled: linearly_separable(X, y), self._decided)

    def _decided(self, value):
        self.separable = None if value is None else bool(value)
        self.on_decided()

    def show_for(self, model, layout):
        """The note for ``model`` (penalised or not); ``layout``: the one the note sits
        in, laid out again at once when the note comes or goes (the number of classes
        changed, a lesson's question opened or closed)."""
        note = ""
        if self.two_classes:
            penalised = bool(getattr(model, "penalty", None) and model.lam > 0)
            note = separable_note(self.separable, penalised)
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

    # ------------------------------------------------------------------ room
    def hasHeightForWidth(self):
        return True

    def heightForWidth(self, width):
        """The height of the longest note at ``width``, whichever one is shown."""
        key = (width, self.font().key())
        if self._room[0] != key:
            m = self.contentsMargins()
            doc = QTextDocument()
            doc.setDefaultFont(self.font())
            doc.setDocumentMargin(0)
            doc.setTextWidth(max(1, width - m.left() - m.right() - 2 * self.margin()))
            height = 0.0
            for text in SEPARABLE_NOTES:
                doc.setHtml(text)
                height = max(height, doc.size().height())
            self._room = (key, math.ceil(height) + m.top() + m.bottom() + 2 * self.margin())
        return self._room[1]

    def shutdown(self):
        self.job.shutdown()
