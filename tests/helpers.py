"""What several test modules need: reading training's progress from what the window got,
and a mouse dragged as a hand drags it."""
import numpy as np
from PySide6.QtCore import QPoint, Qt

from lrviz.training.changes import Change


class Probe(Change):
    """A change for tests: ``fn(trainer)`` in the loop's thread; it never merges."""

    def __init__(self, fn):
        self.fn = fn

    def apply(self, trainer):
        self.fn(trainer)

    def merged(self, newer):
        return None

    def __repr__(self):
        return "Probe()"


def said(qtbot, widget, start, timeout=10000):
    """Call ``start()`` -- which reads a file in the background, say -- and wait for the
    one line the window then shows in its status bar (a tab on its own: the line it
    says); return it."""
    from PySide6.QtWidgets import QMainWindow

    window = widget.window()
    signal = window.statusBar().messageChanged if isinstance(window, QMainWindow) \
        else widget.message
    lines = []

    def heard(text):
        if text:
            lines.append(text)
    signal.connect(heard)
    try:
        start()
        qtbot.waitUntil(lambda: bool(lines), timeout=timeout)
    finally:
        signal.disconnect(heard)
    return lines[0]


def map_probabilities(view):
    """What the model a map shows predicts at the centre of each heatmap cell:
    (cells, cells, classes), row 0 at the bottom, as the map evaluates it."""
    _, points = view.grid()
    n = view.cells()
    return view.model.proba_matrix(points).reshape(n, n, -1)


def shown_epoch(tab):
    """The epoch of the newest snapshot the tab drew (0 before the first)."""
    latest = tab.controller.latest
    return latest.epoch if latest is not None else 0


def settle(qtbot, tab, timeout=15000):
    """Pause and return the state where training stopped, as the window shows it.

    The training thread is stopped and joined, every queued change applied and the
    result drawn (``train_now(0)``): waiting for an idle-looking hand-off instead
    could return while the loop was still in the middle of a turn (changes taken,
    snapshot not yet published)."""
    c = tab.controller
    c.pause()
    snap = c.train_now(0)
    assert snap is not None and not snap.running
    assert not c.handoff.shown_running and not c.handoff.has_changes()
    return snap


def _send(widget, kind, pos, button, buttons):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    p = QPointF(pos)
    ev = QMouseEvent(kind, p, QPointF(widget.mapToGlobal(pos)), button, buttons,
                     Qt.NoModifier)
    QApplication.sendEvent(widget, ev)


def drag(widget, start, end, steps=6):
    """Press, move with the button held (as a real mouse reports it), release.

    pyqtgraph drops mouse moves that come faster than the screen refreshes, so
    the moves are spaced out like a hand's."""
    from PySide6.QtCore import QEvent
    from PySide6.QtTest import QTest

    _send(widget, QEvent.MouseMove, start, Qt.NoButton, Qt.NoButton)
    _send(widget, QEvent.MouseButtonPress, start, Qt.LeftButton, Qt.LeftButton)
    for t in np.linspace(0, 1, steps)[1:]:
        p = QPoint(int(round(start.x() + t * (end.x() - start.x()))),
                   int(round(start.y() + t * (end.y() - start.y()))))
        QTest.qWait(25)
        _send(widget, QEvent.MouseMove, p, Qt.NoButton, Qt.LeftButton)
    _send(widget, QEvent.MouseButtonRelease, end, Qt.LeftButton, Qt.NoButton)


def viridis_values(item, levels):
    """The values a ``ValueImage`` shows, read back from the colours it draws: each
    pixel's nearest of viridis's 256 colours, between ``levels`` (low, high).  Exact to
    1.5 steps of the colour map, (high - low) * 1.5 / 255: two pairs of its neighbouring
    steps share one colour in bytes."""
    import pyqtgraph as pg

    table = pg.colormap.get("viridis").getLookupTable(0.0, 1.0, 256, alpha=False).astype(float)
    rgb = item.image[..., :3].astype(float)
    nearest = ((rgb[..., None, :] - table) ** 2).sum(axis=-1).argmin(axis=-1)
    lo, hi = levels
    return lo + nearest / 255 * (hi - lo)


def plain(label):
    """A label's text as a reader sees it (rich text rendered to plain text)."""
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setHtml(label.text())
    return doc.toPlainText()


def open_session(qtbot, window, path, **options):
    """File → Open session, waiting for a big file read in the background: True when
    it opened, False when it was refused (``window.files.last_error`` says why)."""
    result = window.files.open_session(str(path), **options)
    if result is True or result is False:
        return result
    window.files.last_error = ""
    status = window.statusBar()
    qtbot.waitUntil(lambda: "Opened session" in status.currentMessage()
                    or bool(window.files.last_error), timeout=30000)
    return not window.files.last_error
