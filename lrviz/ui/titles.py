"""Plot titles and horizontal axis titles that fit their plots at any size and zoom."""
from __future__ import annotations

from functools import lru_cache

from .look import AXIS_LABEL_PT, look


@lru_cache(maxsize=256)
def plain_text(html):
    """The words of a rich-text title (a text document per call, once per title: titles
    are fitted again whenever an axis beside them moves)."""
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setHtml(html)
    return doc.toPlainText()


def set_title(plot, text, size=11.0):
    """Title a plot at ``size`` points (times the window's text zoom), fitted to it."""
    label = plot.getPlotItem().titleLabel
    label.lrviz_size = float(size)
    plot.getPlotItem().setTitle(text, size=f"{look().pt(size):.1f}pt")
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
    from PySide6.QtGui import QFont, QFontMetricsF

    _fit_axis_title(plot, width)
    _fit_legend_below(plot, width)
    label = plot.getPlotItem().titleLabel
    if not label.text:
        return
    base = getattr(label, "lrviz_size", None)
    if base is None:  # the size it was first given: the size at zoom 1
        base = label.lrviz_size = float(str(label.opts.get("size") or "11pt").removesuffix("pt"))
    wanted = look().pt(base)
    font = QFont(label.item.font())
    font.setPointSizeF(wanted)
    need = QFontMetricsF(font).horizontalAdvance(plain_text(label.text)) + 12
    item = plot.getPlotItem()
    axis = item.getAxis("left")
    whole = plot.viewport().width() if width is None else width
    beside = (axis.width() if axis.isVisible() else 0) + 8  # the title spans the view only
    # ... unless the view is too narrow for it, and the axis's own title, written up
    # along it, does not reach up beside it
    tall = axis.isVisible() and axis.label.isVisible() and bool(axis.labelText) \
        and axis.label.boundingRect().width() > axis.height()
    _span(item, need > whole - beside and not tall)
    room = max(1, whole - (8 if getattr(label, "lrviz_wide", False) else beside))
    size = round(max(7.0, min(wanted, wanted * room / need)), 1)
    if f"{size}pt" != label.opts.get("size"):
        label.setText(label.text, size=f"{size}pt")
    # never wider than its room, even at 7 pt: a title sets its plot's smallest width,
    # and a long one made the histogram wider than its place (P above 0.9 cut off)
    label.setMinimumWidth(min(label.itemRect().width(), room))


def _span(item, wide):
    """The title over the view only -- or, ``wide``, over the whole plot, its left axis
    too: beside thirty long feature names, presenting at 1280x720, the weights' title
    was fitted into the view's 180 pixels at 7 pt."""
    label = item.titleLabel
    if getattr(label, "lrviz_wide", False) == wide:
        return
    label.lrviz_wide = wide
    item.layout.removeItem(label)
    if wide:
        item.layout.addItem(label, 0, 0, 1, 3)
    else:
        item.layout.addItem(label, 0, 1)


def _fit_legend_below(plot, width=None):
    """A legend under the plot (``theme.legend_below``) at its intended size times the
    zoom, or smaller -- down to 7 pt -- when the plot is narrower than its columns."""
    item = plot.getPlotItem()
    legend = item.legend
    base = getattr(legend, "lrviz_below", None)
    if base is None or not legend.items:
        return
    left = item.getAxis("left")
    room = (plot.viewport().width() if width is None else width) \
        - (left.width() if left.isVisible() else 0) - 8
    wanted = look().pt(base)
    shown = float(legend.labelTextSize().removesuffix("pt"))
    need = legend.layout.minimumWidth() * wanted / shown  # (words scale with their size)
    size = round(max(7.0, min(wanted, wanted * room / need)) if need > 0 else wanted, 1)
    if abs(size - shown) > 0.05:
        legend.setLabelTextSize(f"{size}pt")
        for _, label in legend.items:
            label.setText(label.text, size=f"{size}pt")


def _fit_axis_title(plot, width=None):
    from PySide6.QtGui import QFontMetricsF

    item = plot.getPlotItem()
    axis = item.getAxis("bottom")
    if not axis.label.isVisible() or not axis.labelText:
        return
    wanted = look().pt(AXIS_LABEL_PT)
    font = axis.label.font()
    font.setPointSizeF(wanted)
    need = QFontMetricsF(font).horizontalAdvance(plain_text(axis.labelString())) + 8
    left = item.getAxis("left")
    room = max(1, (plot.viewport().width() if width is None else width)
               - (left.width() if left.isVisible() else 0) - 8)
    size = round(max(7.0, min(wanted, wanted * room / need)), 1)
    if abs(axis.label.font().pointSizeF() - size) > 0.05:
        font.setPointSizeF(size)
        axis.label.setFont(font)
        axis.resizeEvent()  # (centred under the axis again)
