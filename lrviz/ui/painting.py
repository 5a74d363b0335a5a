"""Paint a plot's pending changes now instead of on a later pass of the event loop;
hold training while the window paints."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

from ..training.handoff import hold_all, release_all


class PaintGuard(QObject):
    """Training steps aside while the window paints itself.

    A window paints widget by widget, and Qt asks Python for many of them (a
    table's cells, every pyqtgraph item): each ask waits for the interpreter
    lock, which a training thread at full speed hands over only every switch
    interval -- so a table could take seconds to appear.  Installed on the
    window's native handle, the guard holds every training loop when an expose
    or update request arrives, and releases them once that event is done (a
    zero timer fires on the next pass of the event loop).
    """

    EVENTS = (QEvent.Type.Expose, QEvent.Type.UpdateRequest)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._holding = [False]

    def eventFilter(self, obj, event):
        if not self._holding[0] and event.type() in self.EVENTS:
            held, holding = hold_all(), self._holding
            holding[0] = True

            def release():  # (a plain function: it runs even if the window is gone by then)
                holding[0] = False
                release_all(held)
            QTimer.singleShot(0, release)
        return False


def paint_pending(view):
    """Paint what changed in a pyqtgraph view, synchronously, exactly once.

    Changing an item (``setData``, ``setImage``) only marks it dirty; the scene
    collects dirty items in a queued call, which asks the window to repaint.
    Delivering that queued call now makes the paint happen here, while training
    steps aside (see ``gui_busy``).  Calling ``viewport().repaint()`` instead
    would paint once now and once more when the queued call runs later, outside
    the pause, competing with the worker for the interpreter.  With nothing
    changed, nothing is queued and nothing is painted.
    """
    scene = view.scene()
    scene.prepareForPaint()  # let view boxes settle their auto-range first
    QCoreApplication.sendPostedEvents(scene, QEvent.Type.MetaCall)
