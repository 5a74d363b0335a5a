"""Every drawn thing is visible in every theme (issue #26).

For each tab in each theme, after a few epochs of training, every item drawn in every
visible plot -- curves, points, lines, bars, text, bands, handles, axes and their grids
-- is read back from pyqtgraph (its pens and brushes, their alpha composited over
the plot's background) and its WCAG 2.1 contrast ratio with that background measured.
An item shows if any of its parts does (a line or its darker edge under it, a bar's
fill or its outline, a point's fill or its ring).  Meaningful items need 3:1; items
marked faint where they are made (``theme.faint``: a previous boundary, a diagonal
for reference, a shaded band) and the grids need 1.5:1.
"""
import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPalette
from PySide6.QtWidgets import QApplication

from lrviz.colours import contrast, over
from lrviz.ui.look import THEMES
from lrviz.ui.tabs import TABS
from lrviz.ui.widgets.heatmap_item import HeatmapItem

MEANINGFUL, FAINT = 3.0, 1.5


def _rgb(colour):
    return (colour.red(), colour.green(), colour.blue())


def _on(colour, background, opacity=1.0):
    """A QColor as it shows over the opaque ``background`` (an rgb triple)."""
    return over(_rgb(colour), colour.alphaF() * opacity, background)


def _pen_colours(pen):
    if pen is None or pen.style() == Qt.NoPen:
        return []
    return [pen.color()]


def _brush_colours(brush):
    if brush is None or brush.style() == Qt.NoBrush:
        return []
    return [brush.color()]


def _pens(pens):
    return [c for p in pens for c in _pen_colours(pg.mkPen(p))]


def _brushes(brushes):
    return [c for b in brushes for c in _brush_colours(pg.mkBrush(b))]


def _parts(item):
    """The colours an item is drawn in, as alternatives: it shows if any one does.
    None: not drawn (no data, no text)."""
    if isinstance(item, pg.PlotCurveItem):
        if item.xData is None or len(item.xData) == 0:
            return None
        opts = item.opts
        colours = _pen_colours(pg.mkPen(opts["pen"])) + _pen_colours(
            pg.mkPen(opts["shadowPen"]) if opts.get("shadowPen") is not None else None)
        if opts.get("fillLevel") is not None or opts.get("fillOutline"):
            colours += _brush_colours(pg.mkBrush(opts["brush"]) if opts["brush"] is not None
                                      else None)
        return colours
    if isinstance(item, pg.ScatterPlotItem):
        data = item.data[item.data["visible"]] if len(item.data) else item.data
        if len(data) == 0:
            return None
        spots = {}
        for pen, brush in zip(data["pen"], data["brush"]):
            colours = _pens([pen if pen is not None else item.opts["pen"]]) + _brushes(
                [brush if brush is not None else item.opts["brush"]])
            spots[tuple(c.rgba() for c in colours)] = colours
        spots = list(spots.values())
        return spots  # each spot must show: a list of alternatives per spot
    if isinstance(item, pg.InfiniteLine):
        return _pen_colours(item.pen)
    if isinstance(item, pg.BarGraphItem):
        o = item.opts
        n = max(np.size(o[k]) for k in ("x", "x0", "y", "y0", "height", "width")
                if o[k] is not None)
        if n == 0:
            return None
        pens = o["pens"] if o["pens"] is not None else [o["pen"]] * n
        brushes = o["brushes"] if o["brushes"] is not None else [o["brush"]] * n
        return [_pens([p]) + _brushes([b]) for p, b in zip(pens, brushes)]
    if isinstance(item, pg.ErrorBarItem):
        return _pens([item.opts["pen"]]) if item.opts["x"] is not None \
            and len(item.opts["x"]) else None
    if isinstance(item, pg.TextItem):
        if not item.textItem.toPlainText().strip():
            return None
        return [item.textItem.defaultTextColor()]
    if isinstance(item, pg.LinearRegionItem):
        return _brush_colours(item.brush)
    if isinstance(item, pg.TargetItem):
        return _pen_colours(item.pen) + _brush_colours(item.brush)
    if isinstance(item, pg.ArrowItem):
        return _pens([item.opts["pen"]]) + _brushes([item.opts["brush"]])
    return None


def _is_faint(item):
    while item is not None:
        if getattr(item, "lrviz_faint", False):
            return True
        item = item.parentItem()
    return False


def _backgrounds(view, vb):
    """The colours behind the view's items: a picture filling the view (a loss
    landscape)'s darkest and brightest, else the view's background."""
    pictures = [i for i in vb.addedItems if isinstance(i, pg.ImageItem) and i.isVisible()
                and i.image is not None]
    if pictures:
        pictures[0].render()
        image = pictures[0].qimage.convertToFormat(QImage.Format.Format_RGB888)
        rgb = pg.functions.ndarray_from_qimage(image).reshape(-1, 3)
        order = np.argsort(rgb @ [0.2126, 0.7152, 0.0722])
        return [tuple(int(c) for c in rgb[order[i]]) for i in (0, -1)]
    return [_background(view, vb)]


def _background(view, vb):
    brush = vb.background.brush() if vb.background.isVisible() else view.backgroundBrush()
    if brush.style() == Qt.NoBrush:
        return _rgb(view.palette().color(QPalette.Window))
    return _rgb(brush.color())


def _walk(item):
    for child in item.childItems():
        if child.isVisible() and not isinstance(child, (HeatmapItem, pg.ImageItem)):
            yield child
            yield from _walk(child)


def _title(view, vb):
    parent = vb.parentItem()
    while parent is not None and not isinstance(parent, pg.PlotItem):
        parent = parent.parentItem()
    text = parent.titleLabel.text if parent is not None else ""
    return f"{type(view).__name__} {text[:40]!r}"


def measure(page):
    """(description, ratio, needed) for every drawn item of the page's visible plots."""
    out = []
    for view in page.findChildren(pg.GraphicsView):
        if not view.isVisible():
            continue
        for vb in [i for i in view.scene().items() if isinstance(i, pg.ViewBox)]:
            if not vb.isVisible():
                continue
            backgrounds, where = _backgrounds(view, vb), _title(view, vb)
            for item in _walk(vb.childGroup):
                parts = _parts(item)
                if not parts:
                    continue
                needed = FAINT if _is_faint(item) else MEANINGFUL
                opacity = item.effectiveOpacity()
                groups = parts if isinstance(parts[0], list) else [parts]
                worst = min(max((contrast(_on(c, bg, opacity), bg) for c in g), default=1.0)
                            for g in groups for bg in backgrounds)
                colour = (groups[0] or [None])[0]
                out.append((f"{where} {type(item).__name__} "
                            f"{colour.name(colour.NameFormat.HexArgb) if colour else '-'}",
                            worst, needed))
        for axis in [i for i in view.scene().items() if isinstance(i, pg.AxisItem)]:
            if not axis.isVisible():
                continue
            bg, where = _rgb(view.backgroundBrush().color()), f"{type(view).__name__} axis"
            for name, colour in (("ticks", axis.pen().color()),
                                 ("tick labels", axis.textPen().color())):
                out.append((f"{where} {axis.orientation} {name} {colour.name()}",
                            contrast(_on(colour, bg), bg), MEANINGFUL))
            if axis.grid is not False:
                colour = axis.pen().color()
                out.append((f"{where} {axis.orientation} grid {colour.name()}",
                            contrast(_on(colour, bg, axis.grid / 255), bg), FAINT))
    return out


@pytest.mark.parametrize("theme", list(THEMES))
def test_every_drawn_item_stands_out_from_its_background(window, theme):
    # every tab built and trained in another theme first: the colours must follow a change
    window.set_theme("dark" if theme == "light" else "light")
    for key in TABS:
        window.select_tab(key)
        window.current_page().train_now(20)
    window.set_theme(theme)
    found = []
    for key in TABS:
        window.select_tab(key)
        page = window.current_page()
        window.flush()
        found += [(f"{key}: {what}", ratio, needed) for what, ratio, needed in measure(page)]
    low = [f for f in found if f[1] < f[2]]
    below3 = sum(r < MEANINGFUL for _, r, n in found if n == MEANINGFUL)
    below15 = sum(r < FAINT for _, r, _n in found)
    print(f"\n{theme}: {len(found)} items checked, {below3} meaningful below 3:1, "
          f"{below15} below 1.5:1, {sum(n == FAINT for *_, n in found)} faint")
    assert len(found) > 100  # (every tab's plots were walked)
    assert not low, "\n".join(f"{what}: {ratio:.2f} < {needed}" for what, ratio, needed in low)


def _contrast_of(palette, text_role, background_role):
    return contrast(_rgb(palette.color(text_role)), _rgb(palette.color(background_role)))


def test_high_contrast_restyles_the_whole_window_and_light_brings_it_back(window):
    """Not only the plots: labels, buttons, tabs and the status bar go black on white
    with strong borders, and back again."""
    from PySide6.QtWidgets import QLabel, QPushButton

    label = window.epoch_label  # (in the status bar)
    button = window.current_page().findChild(QPushButton)
    tab_label = next(w for w in window.current_page().findChildren(QLabel) if w.isVisible())

    def ratios():
        return [_contrast_of(w.palette(), fg, bg) for w, fg, bg in
                ((label, QPalette.WindowText, QPalette.Window),
                 (tab_label, QPalette.WindowText, QPalette.Window),
                 (button, QPalette.ButtonText, QPalette.Button))]

    def border():  # the button's edge as drawn, against the window around it
        image = button.grab().toImage()
        edge = image.pixelColor(1, image.height() // 2)
        return contrast(_rgb(edge), _rgb(button.palette().color(QPalette.Window)))

    light = ratios(), border()
    assert light[1] < 3.0  # (Fusion's pale outline)
    window.set_theme("high contrast")
    assert min(ratios()) >= 7.0, ratios()
    assert border() >= 7.0
    window.set_theme("light")
    assert (ratios(), border()) == light
    assert QApplication.instance().styleSheet() == ""


@pytest.mark.parametrize("scheme, contrast_preference, chosen, expected", [
    ("Dark", "NoPreference", None, "dark"),
    ("Light", "HighContrast", None, "high contrast"),
    ("Unknown", "NoPreference", None, "light"),
    ("Dark", "HighContrast", "light", "light"),  # the user's --theme wins
])
def test_at_first_start_the_window_follows_the_system(qapp, monkeypatch, tmp_path, scheme,
                                                      contrast_preference, chosen, expected):
    from PySide6.QtGui import QAccessibilityHints, QStyleHints

    from lrviz import cli
    from lrviz.ui import pictures
    from lrviz.ui.look import look

    monkeypatch.setattr(QStyleHints, "colorScheme", lambda self: getattr(Qt.ColorScheme, scheme))
    monkeypatch.setattr(QAccessibilityHints, "contrastPreference",
                        lambda self: getattr(Qt.ContrastPreference, contrast_preference))
    seen = []

    def picture(widget, path, scale=1.0):  # what the window looks like when it is shown
        seen.append((look().theme, _rgb(widget.palette().color(QPalette.Window))))
    monkeypatch.setattr(pictures, "save_widget", picture)
    monkeypatch.setattr(cli, "_Interrupt", lambda: None)  # (Ctrl+C stays pytest's)
    argv = ["--tab", "calibration", "--screenshot", str(tmp_path / "x.png")]
    assert cli.main(argv + (["--theme", chosen] if chosen else [])) == 0
    window = {"light": (239, 239, 239), "dark": (43, 43, 43), "high contrast": (255, 255, 255)}
    assert seen[0][0] == expected
    assert seen[0][1] == window[expected] or expected == "light"


@pytest.mark.parametrize("theme", list(THEMES))
def test_presentation_mode_enlarges_the_lesson_and_menus_in_every_theme(qtbot, window, theme):
    """A style sheet (high contrast) kept widgets at the font they had: the lesson's
    text stayed at 9 pt on the projector while the plots grew."""
    window.set_theme(theme)
    assert window.open_lesson("intro", quiet=True)
    qtbot.wait(1)  # (a new font reaches the widgets through the event loop)
    text = window.lesson_panel.text
    before = (text.fontInfo().pointSizeF(), window.menuBar().fontInfo().pointSizeF())
    window.toggle_presentation()
    qtbot.wait(1)
    try:
        after = (text.fontInfo().pointSizeF(), window.menuBar().fontInfo().pointSizeF())
        assert after[0] > before[0] * 1.2 and after[1] > before[1] * 1.2
    finally:
        window.toggle_presentation()
        window.set_theme("light")


@pytest.mark.parametrize("theme", list(THEMES))
def test_a_lessons_answers_show_their_ring_and_the_chosen_one_its_dot(qtbot, window, theme):
    """Read from the drawn panel: an answer's ring stands out from the panel 3:1 or more
    (WCAG's contrast for the parts of a control), and the chosen answer's dot from an
    empty ring's inside.  In the dark theme the ring vanished and the dot was a grey
    speck: from the back of a room nobody could tell which answer was chosen."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QStyle

    window.set_theme(theme)
    try:
        assert window.open_lesson("xor", quiet=True, live=False)
        panel = window.lesson_panel
        panel.go(2, live=False)  # (a question with two answers)
        chosen, other = panel.answer_group.buttons()[:2]
        chosen.click()
        qtbot.waitUntil(lambda: chosen.isVisible() and chosen.height() < 4 * chosen.width())
        qtbot.wait(20)  # (the new answers laid out and painted)
        background = _rgb(panel.palette().color(QPalette.Window))
        side = chosen.style().pixelMetric(QStyle.PM_ExclusiveIndicatorWidth, None, chosen)

        def indicator(button):  # the indicator's square, as the window shows it
            top = (button.height() - side) // 2
            image = window.grab(QRect(button.mapTo(window, QPoint(0, top)),
                                      button.mapTo(window, QPoint(side - 1, top + side - 1))
                                      )).toImage().convertToFormat(QImage.Format_RGB32)
            return [[_rgb(image.pixelColor(x, y)) for x in range(image.width())]
                    for y in range(image.height())]
        for button in (chosen, other):
            ring = max(contrast(p, background) for row in indicator(button) for p in row)
            assert ring >= MEANINGFUL, f"{button.text()}: the ring {ring:.2f}:1"
        mid = side // 2
        dot = contrast(indicator(chosen)[mid][mid], indicator(other)[mid][mid])
        assert dot >= MEANINGFUL, f"the chosen answer's dot {dot:.2f}:1"
    finally:
        window.set_theme("light")
