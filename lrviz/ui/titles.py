"""Plot titles and horizontal axis titles that fit their plots at any size and zoom."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject


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
