"""Paint a plot's pending changes now instead of on a later pass of the event loop;
hold training while the window paints."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QGraphicsItem

from ..training.handoff import hold_all, release_all


class TitleFitter(QObject):
    """Keeps every plot title inside its plot: when a plot is narrower than its title
    at the intended size (a 1280×720 projector, presentation mode), the title is set
    smaller -- never below 7 pt -- instead of being cut off; wider again, it grows back.
    Install on each pyqtgraph PlotWidget (``fit_titles``)."""

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Resize:  # (the viewport is not resized yet)
            fit_title(obj, event.size().width() - 2 * obj.frameWidth())
        return False


_FITTER = None


def fit_titles(root):
    """Fit the titles of the plots under ``root`` now and whenever they resize."""
    import pyqtgraph as pg

    global _FITTER
    if _FITTER is None:
        _FITTER = TitleFitter()
    for plot in root.findChildren(pg.PlotWidget):
        plot.installEventFilter(_FITTER)
        fit_title(plot)


def text_zoom():
    """How much larger than normal the window's text is (presentation mode, Ctrl+=)."""
    app = QCoreApplication.instance()
    zoom = app.property("lrviz_zoom") if app is not None else None
    return float(zoom) if zoom else 1.0


def set_title(plot, text, size=11.0):
    """Title a plot at ``size`` points (times the window's text zoom), fitted to it."""
    label = plot.getPlotItem().titleLabel
    label.lrviz_size = float(size)
    plot.getPlotItem().setTitle(text, size=f"{size * text_zoom():.1f}pt")
    fit_title(plot)


def retitle(plot, text):
    """A new title at the plot's own title size (``set_title``); the same title again
    costs nothing (laying a title out takes most of a millisecond)."""
    label = plot.getPlotItem().titleLabel
    if label.text == text and label.isVisible():
        return
    size = getattr(label, "lrviz_size", None)
    if size is None:
        size = float(str(label.opts.get("size") or "11pt").removesuffix("pt"))
    set_title(plot, text, size)


def fit_title(plot, width=None):
    """The plot's title, and the title of its horizontal axis, at their intended size
    times the text zoom -- or smaller, down to 7 pt, when the plot is narrower than
    they are (a 1280x720 projector cut "false-positive rate" off)."""
    from PySide6.QtGui import QFont, QFontMetricsF, QTextDocument

    _fit_axis_title(plot, width)
    label = plot.getPlotItem().titleLabel
    if not label.text:
        return
    base = getattr(label, "lrviz_size", None)
    if base is None:  # the size it was first given: the size at zoom 1
        base = label.lrviz_size = float(str(label.opts.get("size") or "11pt").removesuffix("pt"))
    wanted = base * text_zoom()
    doc = QTextDocument()
    doc.setHtml(label.text)
    font = QFont(label.item.font())
    font.setPointSizeF(wanted)
    need = QFontMetricsF(font).horizontalAdvance(doc.toPlainText()) + 12
    item = plot.getPlotItem()
    axis = item.getAxis("left")
    beside = (axis.width() if axis.isVisible() else 0) + 8  # the title spans the view only
    room = max(1, (plot.viewport().width() if width is None else width) - beside)
    size = round(max(7.0, min(wanted, wanted * room / need)), 1)
    if f"{size}pt" != label.opts.get("size"):
        label.setText(label.text, size=f"{size}pt")


def _fit_axis_title(plot, width=None):
    from PySide6.QtGui import QFontMetricsF, QTextDocument

    from .theme import AXIS_LABEL_PT

    item = plot.getPlotItem()
    axis = item.getAxis("bottom")
    if not axis.label.isVisible() or not axis.labelText:
        return
    wanted = AXIS_LABEL_PT * text_zoom()
    doc = QTextDocument()
    doc.setHtml(axis.labelString())
    font = axis.label.font()
    font.setPointSizeF(wanted)
    need = QFontMetricsF(font).horizontalAdvance(doc.toPlainText()) + 8
    left = item.getAxis("left")
    room = max(1, (plot.viewport().width() if width is None else width)
               - (left.width() if left.isVisible() else 0) - 8)
    size = round(max(7.0, min(wanted, wanted * room / need)), 1)
    if abs(axis.label.font().pointSizeF() - size) > 0.05:
        font.setPointSizeF(size)
        axis.label.setFont(font)
        axis.resizeEvent()  # (centred under the axis again)


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


def keep_as_pixmap(*items):
    """Items that change less often than what they are drawn with (data points, fixed
    curves, labels; a boundary over a heatmap that recolours at every frame) keep their
    picture as a pixmap: a frame that repaints the view around them then copies it
    instead of calling their Python paint again (a thick antialiased or dashed curve
    costs half a millisecond to stroke).  A PlotDataItem caches its curve and its
    symbols."""
    mode = QGraphicsItem.CacheMode.DeviceCoordinateCache
    for item in items:
        parts = [getattr(item, "curve", None), getattr(item, "scatter", None)]
        for part in [p for p in parts if p is not None] or [item]:
            part.setCacheMode(mode)
