"""Every tab readable on any projector: at 1280×720 up to 1920×1080, and in presentation
mode, no label's text is cut, no table cell elided, no plot title clipped and no two
controls overlap -- read from the laid-out widgets themselves."""
import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QProgressBar,
    QScrollArea,
    QTableWidget,
    QWidget,
)

from lrviz.ui.tabs import TABS

SIZES = [(1280, 720), (1366, 768), (1600, 900), (1920, 1080)]
CHECKED = (QLabel, QAbstractButton, QAbstractSpinBox, QComboBox, QAbstractSlider, QGroupBox,
           QProgressBar, QTableWidget, pg.GraphicsView)


def _shown(w):
    return w.isVisible() and w.width() > 0 and w.height() > 0


def _problems(window):
    found = []
    for label in window.findChildren(QLabel):
        if not _shown(label) or not label.text() or label.pixmap() is not None and not label.pixmap().isNull():
            continue
        room = label.contentsRect()
        if label.wordWrap():
            need = label.heightForWidth(room.width())
            if need > room.height() + 1:
                found.append(f"label {label.text()[:40]!r}: needs {need}px of height, has {room.height()}")
        else:
            hint = label.sizeHint()
            if hint.width() > room.width() + 1 or label.fontMetrics().height() > room.height() + 1:
                found.append(f"label {label.text()[:40]!r}: needs {hint.width()}px, has {room.width()}")
    for table in window.findChildren(QTableWidget):
        if not _shown(table):
            continue
        fm = table.fontMetrics()
        for c in range(table.columnCount()):
            for r in range(table.rowCount()):
                item = table.item(r, c)
                if item is not None and item.text() and not table.isColumnHidden(c):
                    if fm.horizontalAdvance(item.text()) + 6 > table.columnWidth(c):
                        found.append(f"table cell {item.text()!r} elided")
    for view in window.findChildren(pg.PlotWidget):
        if not _shown(view):
            continue
        item = view.getPlotItem()
        room = view.viewport().width()
        title = item.titleLabel
        if title.text and title.isVisible():
            if title.item.boundingRect().width() > room + 1:
                found.append(f"plot title {title.text[:40]!r} clipped")
        if item.width() > room + 2 or item.height() > view.viewport().height() + 2:
            found.append(f"plot {title.text[:30]!r} squeezed below its smallest size: clipped")
        elif item.vb.height() < 40 or item.vb.width() < 40:
            found.append(f"plot {title.text[:30]!r}: data area squeezed to "
                         f"{item.vb.width():.0f}×{item.vb.height():.0f} px")
    # a scroll area that never scrolls sideways must hold its content's whole width
    for area in window.findChildren(QScrollArea):
        inner = area.widget()
        if _shown(area) and inner is not None and \
                area.horizontalScrollBarPolicy() == Qt.ScrollBarAlwaysOff and \
                inner.width() > area.viewport().width() + 1:
            cut = [f"{type(w).__name__} {w.text()!s:.20}" for w in inner.findChildren(QWidget)
                   if isinstance(w, CHECKED) and _shown(w) and hasattr(w, "text")
                   and w.mapTo(inner, w.rect().topRight()).x() > area.viewport().width()]
            found.append(f"{inner.width()}px of content in a {area.viewport().width()}px "
                         f"scroll area: cut at the right ({', '.join(cut[:4])})")
    # siblings must not overlap
    for parent in [window] + window.findChildren(QWidget):
        kids = [k for k in parent.children() if isinstance(k, CHECKED) and _shown(k)]
        for i, a in enumerate(kids):
            for b in kids[i + 1:]:
                inter = a.geometry().intersected(b.geometry())
                if inter.width() > 1 and inter.height() > 1:
                    found.append(f"{type(a).__name__} {getattr(a, 'text', lambda: '')()!s:.20} "
                                 f"overlaps {type(b).__name__} {getattr(b, 'text', lambda: '')()!s:.20}")
    return found


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_tab_fits_the_screen_with_nothing_cut_or_overlapping(qtbot, window, size):
    window.resize(*size)
    assert window.minimumSizeHint().width() <= size[0] and window.minimumSizeHint().height() <= size[1]
    problems = {}
    for key in TABS:
        window.select_tab(key)
        window.current_page().train_now(20)  # real numbers in every label
        qtbot.wait(1)
        assert window.width() == size[0] and window.height() == size[1]
        found = _problems(window)
        if found:
            problems[key] = found
    window.select_tab("boundary")  # softmax's longer equation, five classes of points
    window.boundary.editor.load_preset("three-class")
    X, y, _ = window.boundary.document.points.state()
    window.boundary.editor.set_points(X, np.arange(len(y)) % 5)
    window.boundary.train_now(20)
    qtbot.wait(1)
    found = _problems(window)
    if found:
        problems["boundary, five classes"] = found
    found = _a_moment_of_a_long_run(qtbot, window)
    if found:
        problems["boundary, the timeline in the past"] = found
    assert not problems


def _a_moment_of_a_long_run(qtbot, window):
    """The Builder's timeline at a moment of a run of a million epochs, held-out points
    and all: the problems of its labels (the moment's epoch, accuracy and loss)."""
    tab = window.boundary
    window.select_tab("boundary")
    tab.editor.split.setChecked(True)
    snap = tab.train_now(20)
    timeline = tab.view.timeline
    for epoch in (1_000, 131_071, 999_999):  # (kept as a long run keeps them)
        timeline.record(epoch, snap.models["model"].clone())
    qtbot.wait(1)
    found = _problems(window)  # the present: training and held-out accuracy
    timeline.go_to_epoch(131_071)
    qtbot.wait(1)
    assert timeline.label.text() == "epoch 131,071 / 999,999"
    assert tab.view.accuracy.text().startswith("<b>epoch 131,071</b> · training accuracy")
    found += _problems(window)
    timeline.back_to_now()
    tab.editor.split.setChecked(False)
    return found


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)], ids=["1920x1080", "1280x720"])
def test_the_lesson_panel_with_the_authoring_tools_open_fits(qtbot, window, size):
    """Write a lesson ▾ at full HD and on a projector: every button of the tools whole
    inside the panel (its buttons were cut at the right edge)."""
    window.resize(*size)
    window.open_lesson("intro")
    panel = window.lesson_panel
    panel.authoring.toggle.setChecked(True)
    qtbot.wait(1)
    assert panel.authoring.buttons["delete"].isVisible()
    assert _problems(window) == []
    claims = panel.authoring.claims  # the claim editor's widest rows: a point, two models
    for kind in ("probability", "compare"):
        claims.kind.setCurrentIndex(claims.kind.findData(kind))
        qtbot.wait(1)
        assert claims.args.isVisible() and _problems(window) == [], kind


def test_presentation_mode_enlarges_text_and_still_fits_1280_by_720(qtbot, window):
    window.resize(1280, 720)
    window.select_tab("boundary")
    before = window.current_page().findChild(QLabel).font().pointSizeF()
    window.toggle_presentation()
    window.showNormal()  # (the offscreen screen is not 1280×720: its size, by hand)
    window.resize(1280, 720)
    problems = {}
    for key in TABS:
        window.select_tab(key)
        window.current_page().train_now(20)
        qtbot.wait(1)
        assert window.width() == 1280 and window.height() == 720
        found = _problems(window)
        if found:
            problems[key] = found
    found = _a_moment_of_a_long_run(qtbot, window)
    if found:
        problems["boundary, the timeline in the past"] = found
    window.select_tab("boundary")
    assert window.current_page().findChild(QLabel).font().pointSizeF() > before
    assert not problems


def test_presentation_mode_enlarges_plot_titles_and_legends_and_folds_explanations(
        qtbot, window, monkeypatch):
    """Every text grows in presentation mode, plot titles and legends too (they stayed
    small); on a short screen the panels' explanations fold behind a ? button that
    opens them again."""
    import pyqtgraph as pg
    from PySide6.QtCore import Qt

    from lrviz.ui.widgets.panel import Panel

    import lrviz.ui.main_window as main_window
    monkeypatch.setattr(main_window, "COMPACT_BELOW", 10 ** 6)  # every screen is short
    window.resize(1920, 1080)
    for key in ("sigmoid", "boundary"):
        window.select_tab(key)
    window.boundary.form["penalty"].setCurrentText("L2")
    window.boundary.train_now(20)  # the Builder's loss legend gains its penalty entry

    def drawn():
        titles = {}
        for key in ("sigmoid", "boundary"):
            window.select_tab(key)  # (a hidden tab is laid out when shown)
            qtbot.wait(1)
            titles.update({id(p): p.getPlotItem().titleLabel.item.boundingRect().height()
                           for p in window.current_page().findChildren(pg.PlotWidget)
                           if p.getPlotItem().titleLabel.text})
        legend = window.boundary.view.curves.loss_plot.legend
        words = [label.item.boundingRect().height() for _, label in legend.items]
        return titles, words

    titles, words = drawn()
    panels = window.findChildren(Panel)
    assert panels and all(p.text_scroll.isVisibleTo(p) for p in panels)
    window.toggle_presentation()
    window.showNormal()
    window.resize(1920, 1080)
    qtbot.wait(1)
    big_titles, big_words = drawn()
    assert all(big_titles[k] > 1.2 * titles[k] for k in titles)
    assert len(big_words) == 2 and all(b > 1.2 * w for b, w in zip(big_words, words))
    window.select_tab("sigmoid")
    panel = window.current_page().findChildren(Panel)[0]
    assert not panel.text_scroll.isVisibleTo(panel) and panel.more.isVisibleTo(panel)
    qtbot.mouseClick(panel.more, Qt.LeftButton)
    assert panel.text_scroll.isVisibleTo(panel)
    window.toggle_presentation()
    assert all(p.text_scroll.isVisibleTo(p) and not p.more.isVisibleTo(p) for p in panels)


def test_a_loss_plot_too_narrow_for_its_legend_names_its_curves_in_the_title(qtbot):
    from lrviz.ui.widgets.loss_plot import LossPlot

    plot = LossPlot("Loss per epoch")
    qtbot.addWidget(plot)
    for key, label in (("a", "Logistic regression"), ("b", "1 hidden layer"),
                       ("c", "2 hidden layers")):
        plot.add_series(key, label, "#0072B2")
    plot.resize(800, 300)
    plot.show()
    qtbot.waitExposed(plot)
    assert plot.legend.isVisible() and plot.getPlotItem().titleLabel.text == "Loss per epoch"
    plot.resize(200, 300)
    qtbot.waitUntil(lambda: not plot.legend.isVisible(), timeout=2000)
    title = plot.getPlotItem().titleLabel.text
    assert all(label in title for label in ("Logistic regression", "1 hidden layer",
                                            "2 hidden layers"))
    plot.resize(800, 300)
    qtbot.waitUntil(plot.legend.isVisible, timeout=2000)
    assert plot.getPlotItem().titleLabel.text == "Loss per epoch"


def test_a_value_axis_narrows_for_shorter_ticks_only_when_its_plot_is_resized(qtbot):
    """A value axis as wide as its ticks set the width of a map with a locked aspect,
    the width its ticks, and the ticks the axis's width: XOR's maps swung between two
    widths for ever and the window never came back to the event loop.  Now the axis
    only widens until its plot is resized, and the title still fits beside it."""
    from lrviz.ui.live import LivePlot
    from lrviz.ui.theme import RoomyAxis
    from lrviz.ui.titles import set_title

    plot = LivePlot(axisItems={"left": RoomyAxis("left")})
    qtbot.addWidget(plot)
    set_title(plot, "A title long enough to be fitted to the plot", 14)
    plot.resize(420, 300)
    plot.show()
    qtbot.waitExposed(plot)
    axis = plot.getPlotItem().getAxis("left")

    def settled():
        for _ in range(5):
            qtbot.wait(1)
        return axis.width()

    plot.setYRange(-123456, 123456, padding=0)
    wide = settled()
    plot.setYRange(0, 1, padding=0)
    assert settled() == wide  # shorter ticks: no narrower axis (and no new layout)
    plot.resize(400, 300)
    narrow = settled()
    assert narrow < wide - 10
    item = plot.getPlotItem()
    assert item.width() <= plot.viewport().width() + 1
    # (an axis with no title of its own leaves the title the plot's whole width)
    title = item.titleLabel.item
    drawn = title.mapRectToScene(title.boundingRect())
    assert 0 <= drawn.left() and drawn.right() <= plot.viewport().width()
