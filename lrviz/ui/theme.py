"""Heatmap colours, axes, legends and pyqtgraph settings shared by every view (the
class colours themselves: ``lrviz.colours``)."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF
from PySide6.QtWidgets import QGraphicsItem

from ..models import predicted_class
from .look import AXIS_LABEL_PT, LEGEND_PT, THEMES, TICK_PT, TITLE_PT, follow, ink, look  # noqa: F401
from .titles import fit_title

from ..colours import (  # noqa: F401 (for the views)
    BOUNDARY_HEX,
    CLASS_HEX,
    CLASS_RGB,
    CLASS_WORDS,
    MISCLASSIFIED_HEX,
)

#: How far the heatmap goes towards a class colour at full confidence; points
#: stay readable on top of it.
HEATMAP_STRENGTH = 0.62

#: The grid's opacity: a faint reference, 1.5:1 or more against every theme's background
GRID_ALPHA = 0.25

_configured = False


def configure_pyqtgraph():
    global _configured
    if not _configured:
        pg.setConfigOptions(antialias=True, background="w", foreground="#222222",
                            imageAxisOrder="row-major")
        _configured = True


configure_pyqtgraph()  # every view imports this module: the options are set before any plot


def class_color(k, alpha=255):
    c = QColor(CLASS_HEX[k % len(CLASS_HEX)])
    c.setAlpha(alpha)
    return c


def faint(item):
    """Mark ``item`` a deliberately faint reference (a previous boundary, a diagonal, a
    shaded band): it needs 1.5:1 against its background, not the 3:1 of what carries
    meaning (tests/test_contrast.py reads the mark)."""
    item.lrviz_faint = True
    return item


def themed(item, paint):
    """``paint(item)`` now and whenever the look changes, for as long as ``item`` (a
    pyqtgraph item) lives: its colours follow the theme."""
    follow(item, lambda: paint(item), now=True)
    return item


def inked(item, colour, **pen):
    """Draw ``item`` -- a curve, a line, a text, bars or a scatter's outlines -- with a
    pen of ``colour`` (a role of the theme, see ``look.ink``), now and in every theme."""
    def paint(item):
        p = pg.mkPen(ink(colour), **pen)
        if isinstance(item, pg.TextItem):
            item.setColor(p.color())
        elif isinstance(item, (pg.BarGraphItem, pg.ErrorBarItem)):
            item.setOpts(pen=p)
        else:
            item.setPen(p)
    return themed(item, paint)


def ink_brush(colour, alpha=None):
    """A brush of a role's colour (or any colour), optionally at ``alpha`` (0..255)."""
    c = pg.mkColor(ink(colour))  # ("#rrggbbaa" as pyqtgraph reads it; Qt reads #aarrggbb)
    if alpha is not None:
        c.setAlpha(alpha)
    return pg.mkBrush(c)


#: Confidence steps in the heatmap's colour table (more than the eye can tell apart).
LEVELS = 64




def _heatmap_table(strength, neutral=(255, 255, 255)):
    steps = np.linspace(0.0, 1.0, LEVELS)[:, None] * strength
    table = np.asarray(neutral, float) * (1.0 - steps[None]) + CLASS_RGB[:, None, :] * steps[None]
    rgb = np.round(table).astype(np.uint8).reshape(-1, 3)  # row = class * LEVELS + level
    return np.column_stack([rgb, np.full(len(rgb), 255, np.uint8)])  # RGBX: Qt paints it fast


_TABLES = {}


def confidence_index(P, discretize=False):
    """Row of the heatmap colour table for each cell: class * LEVELS + confidence level.

    P: (..., K) class probabilities.  Confidence is rescaled so that a uniform
    guess (1/K) is level 0 (white) and certainty is the top level.
    """
    K = P.shape[-1]
    binary = K == 2  # the common case, several times faster: no argmax, no gather
    top = predicted_class(P)  # the rule accuracy uses: a tie at 0.5 is class 1
    if discretize:
        return top * LEVELS + (LEVELS - 1)
    if binary:
        conf = np.abs(P[..., 1] - P[..., 0])  # = (max - 1/2) / (1 - 1/2)
    else:
        conf = (np.take_along_axis(P, top[..., None], axis=-1)[..., 0] - 1.0 / K) / (1.0 - 1.0 / K)
    level = np.clip((conf * (LEVELS - 1) + 0.5).astype(np.intp), 0, LEVELS - 1)
    return top * LEVELS + level


def heatmap_table(strength=HEATMAP_STRENGTH, neutral=(255, 255, 255)):
    key = (strength, tuple(neutral))
    table = _TABLES.get(key)
    if table is None:
        table = _TABLES[key] = _heatmap_table(strength, neutral)
    return table


def table_colours(table, index):
    """``table[index]`` for an RGBX table, gathering one 32-bit word per cell (faster)."""
    words = np.ascontiguousarray(table).view(np.uint32).ravel()
    return words[index].view(np.uint8).reshape(index.shape + (4,))


def confidence_rgb(P, discretize=False, strength=HEATMAP_STRENGTH):
    """Colour = predicted class, strength = confidence: uint8 RGBX of shape (..., 4)."""
    return table_colours(heatmap_table(strength), confidence_index(P, discretize))


class TextRoomAxis(pg.AxisItem):
    """A horizontal axis as tall as its tick text: pyqtgraph measured the words at 18
    pixels where the zoomed font needs 22, and cut their lower parts off (the feature
    names under the weights in presentation mode).

    A vertical axis only widens for its tick text until its plot is resized or its font
    changes (``measure_again``): its width set the view's width, the width (through a
    locked aspect) the ticks, and the ticks the width again -- XOR's maps swung between
    two widths for ever."""

    def __init__(self, *args, **kwargs):
        self._refitting = False
        super().__init__(*args, **kwargs)
        if self.orientation in ("left", "right"):
            self.setStyle(autoReduceTextSpace=False)
            # the titles fit the room beside this axis, which widens when its ticks are
            # first drawn: fitted only when the plot was resized, they overran it (XOR's
            # "Hidden feature space" at 1280×720, presenting)
            self.geometryChanged.connect(self._refit_titles)

    def _refit_titles(self):
        if self._refitting:
            return  # (the plot put back to its view's size moves this axis again)
        scene = self.scene()
        self._refitting = True
        try:
            for view in scene.views() if scene is not None else ():
                if isinstance(view, pg.PlotWidget) and view.isVisible() \
                        and view.getPlotItem().getAxis(self.orientation) is self:
                    fit_title(view)
                    view.resizeEvent(None)  # (the plot back to its view's size, if the
                    #                          titles had made it wider for a moment)
        finally:
            self._refitting = False

    def measure_again(self):
        """Fit the tick text's room to the next ticks drawn, narrower if they are."""
        if self.orientation in ("left", "right"):
            self.textWidth = 0

    def make_room(self, texts):
        """Widen a vertical axis now for the tick ``texts`` it is about to draw, as its
        paint would measure them: widened in the paint, the plot was laid out again and
        painted twice (a table's fifty names: 20 ms each time)."""
        if self.orientation in ("left", "right") and len(texts):
            self.measure_again()  # (as wide as these, not as the last ticks were)
            metrics = QFontMetricsF(self.style.get("tickFont") or self.font())
            box, centre = QRectF(0, 0, 100, 100), Qt.AlignmentFlag.AlignCenter
            self._updateMaxTextSize(max(metrics.boundingRect(box, centre, t).width()
                                        for t in texts))

    def paint(self, p, opt, widget):
        """Draw straight onto the plot's painter.  pyqtgraph records an axis into a
        QPicture and plays it back; each word played back looks its font up again, and
        fifty names took 20 ms a paint.  What pyqtgraph clears when the axis changes
        (``picture``) holds the measured ticks here instead of a recording."""
        p.save()
        try:
            if self.style["tickFont"]:
                p.setFont(self.style["tickFont"])
            if self.picture is None:
                self.picture = self.generateDrawSpecs(p) or ()
            if self.picture:
                self.drawPicture(p, *self.picture)
        finally:
            p.restore()

    def setTickFont(self, font):
        super().setTickFont(font)
        self.measure_again()
        if font is not None and self.orientation in ("top", "bottom"):
            self.setStyle(autoExpandTextSpace=False,
                          tickTextHeight=int(np.ceil(QFontMetricsF(font).height())))


class RoomyAxis(TextRoomAxis):
    """An axis whose value labels never crowd.  pyqtgraph keeps at least two intervals
    between major ticks however short the axis: a short plot wrote four labels over
    each other, a narrow one ran "0.20.40.60.8" together.  Here major ticks are at
    least a line and a half of text apart (a value axis) or a label's width and a bit
    (a horizontal one), on a coarser round step without minor ticks when needed."""

    def tickSpacing(self, minVal, maxVal, size):
        levels = super().tickSpacing(minVal, maxVal, size)
        span = abs(maxVal - minVal)
        if not levels or size <= 0 or span == 0 or self._tickSpacing is not None:
            return levels
        fm = QFontMetricsF(self.style.get("tickFont") or self.font())
        spacing, offset = levels[0]
        for step in (1, 2, 2.5, 5, 10):
            if self.orientation in ("left", "right"):
                need = 1.5 * fm.height()
            else:
                labels = self.tickStrings([minVal, maxVal, 0.5 * (minVal + maxVal)], 1.0,
                                          spacing * step)
                need = max(fm.horizontalAdvance(t) for t in labels) + fm.horizontalAdvance("00")
            if spacing * step / span * size >= need:
                break
        return levels if step == 1 else [(spacing * step, offset)]


def roomy_axes(plot_item):
    """Give a plot's plain left and bottom axes uncrowded labels (``RoomyAxis``)."""
    axes = {name: RoomyAxis(name) for name in ("left", "bottom")
            if type(plot_item.getAxis(name)) is pg.AxisItem}
    if axes:
        plot_item.setAxisItems(axes)



def style_plot(plot_item, x_label, y_label, title=None, grid=True):
    """Readable axes for a projector: labelled, with a larger tick font whose labels
    never crowd; colours and sizes follow the look (``restyle_plot``)."""
    roomy_axes(plot_item)
    for name, label in (("bottom", x_label), ("left", y_label)):
        axis = plot_item.getAxis(name)
        axis.setLabel(label)
        axis.enableAutoSIPrefix(False)
        # Keep the rendered axis (ticks, labels and grid lines) as a pixmap: a curve
        # redrawn over the grid then costs a copy, not re-rendering every tick label.
        # (The axis refreshes its picture itself whenever its range or style changes.)
        axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    if title:
        plot_item.titleLabel.lrviz_size = TITLE_PT
        plot_item.setTitle(title, size=f"{look().pt(TITLE_PT):.1f}pt")
    if grid:
        plot_item.showGrid(x=True, y=True, alpha=GRID_ALPHA)
    view = plot_item.getViewWidget()
    if view is not None:
        restyle_plot(view)


def restyle_plot(plot):
    """A plot widget's colours and text sizes as the look says now: background, axes,
    title, legend (at their own sizes times the zoom; titles fitted to the plot)."""
    colours, item = look().colours, plot.getPlotItem()
    plot.setBackground(colours["background"])
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        axis.setPen(colours["foreground"])
        axis.setTextPen(colours["foreground"])
        font = QFont()
        font.setPointSizeF(look().pt(TICK_PT))
        axis.setTickFont(font)
        font = QFont(axis.label.font())
        font.setPointSizeF(look().pt(AXIS_LABEL_PT))
        axis.label.setFont(font)
    item.titleLabel.setText(item.titleLabel.text, color=colours["foreground"])
    if item.legend is not None:
        style_legend(item.legend)
    fit_title(plot)


def legend_below(plot_item, columns=2, text_size=LEGEND_PT):
    """A legend in its own row under the plot's x-axis label: it can never cover a curve.
    Set as ``plot_item.legend``, so ``plot(..., name=...)`` and the look find it."""
    legend = pg.LegendItem(colCount=columns, labelTextSize=f"{look().pt(text_size):.1f}pt")
    legend.lrviz_pt = legend.lrviz_below = text_size  # (titles.fit_title fits it to the plot)
    plot_item.layout.addItem(legend, 4, 1)  # rows 0-3: title, top axis, view, bottom axis
    plot_item.legend = legend
    return legend


def add_legend(plot_item, text_size=LEGEND_PT, **kwargs):
    """pyqtgraph's legend inside the plot, at ``text_size`` points times the zoom."""
    legend = plot_item.addLegend(labelTextSize=f"{look().pt(text_size):.1f}pt", **kwargs)
    legend.lrviz_pt = text_size
    style_legend(legend)
    return legend


def style_legend(legend):
    """Legend words in the text colour at the legend's size, on a veil of the background
    so a curve passing underneath never strikes through them."""
    colours = look().colours
    veil = QColor(colours["background"])
    veil.setAlpha(150)
    legend.setBrush(pg.mkBrush(veil))
    legend.setLabelTextColor(colours["foreground"])
    size = f"{look().pt(getattr(legend, 'lrviz_pt', LEGEND_PT)):.1f}pt"
    legend.setLabelTextSize(size)
    for _, label in legend.items:  # pyqtgraph restyles a label only when its text is set
        label.setText(label.text, color=colours["foreground"], size=size)
