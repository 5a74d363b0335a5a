"""Paint a plot's pending changes now instead of on a later pass of the event loop."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent


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
