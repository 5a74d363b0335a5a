"""Where the class looks: every lesson step names its subject, and opening the step
brings that subject into view, whole, readable and marked -- at a 1280×720 projector
and at 1920×1080, in normal and presentation mode, with the lesson docked beside it."""
from contextlib import contextmanager

import pytest
from PySide6.QtCore import QPoint, QRect
from pyqtgraph import GraphicsView

from lrviz.lessons import BUILTIN
from lrviz.ui import spotlight as spot
from lrviz.ui.lessons import open_lesson
from lrviz.ui.look import look
from lrviz.ui.tabs import TABS, catalog, tab_class

SIZES = [(1280, 720), (1920, 1080)]


def _screen(monkeypatch, size):
    """The screen the window and the lesson panel see (the offscreen one is 800×600)."""
    monkeypatch.setattr(spot, "screen_area", lambda widget: QRect(0, 0, *size))
    import lrviz.ui.lessons.placement as panel_module

    monkeypatch.setattr(panel_module, "screen_area", lambda widget: QRect(0, 0, *size))


def _set_mode(window, presenting, size):
    if look().presenting != presenting:
        window.toggle_presentation()
    window.showNormal()  # (the offscreen screen is not this size: its size, by hand)
    window.resize(*size)


def _seen(window, widget, min_size):
    """What keeps the class from seeing ``widget`` whole (empty: nothing)."""
    problems = []
    name = type(widget).__name__
    if not spot.fully_visible(widget):
        problems.append(f"{name} not wholly in view")
    top_left = widget.mapTo(window, widget.rect().topLeft())
    inside = QRect(top_left, widget.size())
    if not window.rect().contains(inside):
        problems.append(f"{name} outside the window: {inside}")
    panel = window.lesson_panel
    if panel.isFloating() and panel.isVisible():
        over = QRect(window.mapToGlobal(top_left), widget.size()).intersected(panel.frameGeometry())
        if not over.isEmpty():
            problems.append(f"{name} under the floating lesson panel")
    if not panel.isFloating() and panel.geometry().intersects(QRect(top_left, widget.size())):
        problems.append(f"{name} under the docked lesson panel")
    pictures = [widget] if isinstance(widget, GraphicsView) else widget.findChildren(GraphicsView)
    for p in pictures:
        if p.isVisible() and (p.width() < min_size[0] or p.height() < min_size[1]):
            problems.append(f"picture in {name} only {p.width()}×{p.height()}")
    return problems


def test_every_builtin_step_names_subjects_its_tab_declares():
    offered = catalog().subjects
    for name in BUILTIN:
        for i, step in enumerate(open_lesson(name).steps):
            assert step.subject, f"{name} step {i + 1} names no subject"
            assert set(step.subject) <= set(offered[step.tab])


def _verdict_in_view(panel):
    """After Run: the verdict's top in view, and all of it unless it is taller than the panel."""
    out = panel.outcome
    if not out.text():
        return ["no verdict"]
    if spot.fully_visible(out):
        return []
    viewport = out.parentWidget().parentWidget()  # (the scroll area's viewport)
    top = out.mapTo(viewport, out.rect().topLeft()).y()
    if out.height() > viewport.height() and top == 0:
        return []
    return [f"verdict out of view (top at {top}, {out.height()} px tall)"]


@pytest.mark.long
@pytest.mark.parametrize("presenting", [False, True], ids=["normal", "presenting"])
@pytest.mark.parametrize("name", list(BUILTIN))
def test_opening_a_step_shows_its_subject_whole_readable_and_marked(qtbot, window, monkeypatch,
                                                                   name, presenting):
    assert window.open_lesson(name, quiet=True, live=False), window.files.last_error
    panel = window.lesson_panel
    steps = panel.lesson.steps
    failures, cases = [], 0
    for i, step in enumerate(steps):
        panel.go(i, live=False)  # (entered once; then every way of showing it)
        for size in SIZES:  # (one resize per size: laying every plot out again is dear)
            _screen(monkeypatch, size)
            _set_mode(window, presenting, size)
            for floating in (False, True):
                if floating:  # as the user floats it, over the window's right edge
                    panel.setFloating(False)
                    spot.settle()
                    width = panel.width()
                    panel.setFloating(True)
                    top_right = window.mapToGlobal(window.rect().topRight())
                    panel.setGeometry(top_right.x() - width, top_right.y() + 60, width,
                                      size[1] - 160)
                elif panel.isFloating():
                    panel.setFloating(False)
                qtbot.waitUntil(lambda: window.spotlight.names == step.subject)
                qtbot.wait(1)  # (placed again, and room made, on the loop's next turn)
                spot.settle()
                cases += 1
                widgets = window.spotlight.widgets()
                found = [] if widgets else ["nothing marked"]
                for w in widgets:
                    found += _seen(window, w, spot.READABLE)
                bar = window.spotlight.bar(step.tab)
                if not bar.isVisible() or "Look at:" not in bar.label.text():
                    found.append("the bar does not say what to look at")
                if size == SIZES[0] and step.run:
                    panel.run(live=False)
                    spot.settle()
                    found += _verdict_in_view(panel)
                if found:
                    failures.append(f"step {i + 1} at {size}"
                                    f"{' presenting' if presenting else ''}"
                                    f"{' floating' if floating else ' docked'}: {found}")
    panel.setFloating(False)
    _set_mode(window, False, (1400, 880))
    mode = "presenting" if presenting else "normal"
    print(f"{name}, {mode}: {cases - len(failures)} of {cases} cases show their subject whole")
    assert not failures, "\n".join(failures)


@contextmanager
def _decisions_histogram_step(qtbot, window, monkeypatch, index, presenting):
    """Deciding with probabilities at step ``index`` (about the histogram and the
    numbers) at 1280x720, the lesson docked: the histogram."""
    _screen(monkeypatch, (1280, 720))
    _set_mode(window, presenting, (1280, 720))
    try:
        assert window.open_lesson("decisions", quiet=True, live=False)
        window.lesson_panel.go(index, live=False)
        qtbot.waitUntil(lambda: window.spotlight.names == ["histogram", "numbers"])
        qtbot.wait(1)
        spot.settle()
        yield window.page["decisions"].decisions.histogram
    finally:
        _set_mode(window, False, (1400, 880))


def test_a_plot_a_step_is_about_takes_the_room_of_the_panels_folded_away(qtbot, window,
                                                                         monkeypatch):
    """Deciding with probabilities, step 4, presenting at 1280x720: the histogram alone
    in its column fills the tab's height (it kept three fifths of it, the rest held for
    the curves folded away, once the histogram and the curves shared one column)."""
    from PySide6.QtWidgets import QScrollArea

    with _decisions_histogram_step(qtbot, window, monkeypatch, 3, True) as plot:
        area = plot.parentWidget()
        while not isinstance(area, QScrollArea):
            area = area.parentWidget()
        assert plot.height() >= 0.8 * area.viewport().height()


def test_a_long_title_never_makes_its_plot_wider_than_its_place(qtbot, window, monkeypatch):
    """Deciding with probabilities, step 3, at 1280x720 with the lesson docked: the
    histogram's title (its key) set the plot's smallest width, wider than its place,
    and the plot was cut off on the right -- P above 0.9, the tallest bar, out of
    sight.  Now the whole plot is in its place, the title whole above it."""
    with _decisions_histogram_step(qtbot, window, monkeypatch, 2, False) as plot:
        item = plot.getPlotItem()
        assert item.width() <= plot.viewport().width() + 1
        view = item.vb.sceneBoundingRect()  # (P from 0 to 1, all of it in sight)
        assert item.vb.viewRange()[0][1] >= 1.0 and view.right() <= plot.viewport().width()
        title = item.titleLabel.item
        drawn = title.mapRectToScene(title.boundingRect())
        assert 0 <= drawn.left() and drawn.right() <= plot.viewport().width()


def test_show_every_panel_brings_back_what_was_folded_and_marks_nothing(qtbot, window):
    window.resize(1280, 720)
    window.select_tab("sigmoid")
    tab = window.current_page()
    shown = {n: w.isVisible() for n, w in (("line", tab.line), ("gradient", tab.gradient))}
    window.spotlight.show(tab, "landscapes", alone=True)
    spot.settle()
    assert not tab.line.isVisible() and not tab.gradient.isVisible()
    for land in tab.lands.values():
        assert land.width() >= spot.READABLE[0] and land.height() >= spot.READABLE[1]
    marks = [m for land in tab.lands.values() for m in land.findChildren(spot._Mark)]
    assert len(marks) == 2 and all(m.isVisible() for m in marks)
    window.findChild(type(window.menuBar().actions()[0]), "") is not None
    every = [a for a in window.actions() if a.text() == "Show every panel"][0]
    assert every.shortcut().toString() == "Esc"
    every.trigger()
    spot.settle()
    assert {n: w.isVisible() for n, w in (("line", tab.line), ("gradient", tab.gradient))} == shown
    assert not [m for m in tab.findChildren(spot._Mark) if m.isVisible()]
    assert not window.spotlight.bar("sigmoid").isVisible()


def test_a_step_naming_a_subject_its_tab_lacks_is_refused_in_one_line(tmp_path):
    import json

    from lrviz.lessons import LessonError
    from lrviz.ui.lessons import open_lesson as open_file

    bad = {"format": "lrviz-lesson", "version": 1, "title": "t",
           "steps": [{"title": "s", "tab": "boundary", "subject": "landscapes"}]}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad))
    with pytest.raises(LessonError, match="unknown subject 'landscapes' on the boundary tab"):
        open_file(str(path))


@pytest.mark.parametrize("key", list(TABS))
def test_every_declared_subject_is_a_widget_of_its_tab(window, key):
    window.select_tab(key)
    tab = window.current_page()
    assert tab_class(key).subjects, f"{key} declares no subjects"
    for name in tab.subjects:
        for w in spot.subject_widgets(tab, [name]):
            assert tab.isAncestorOf(w), f"{key}: {name}"


def test_a_presenter_double_clicks_a_panel_to_show_it_alone_and_again_to_bring_all_back(
        qtbot, window):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    window.resize(1280, 720)
    window.select_tab("sigmoid")
    tab = window.current_page()
    qtbot.waitUntil(tab.isVisible)
    spot.settle()
    name, (_doc, path, *_rest) = next(iter(tab.subjects.items()))
    subject = spot.resolve(tab, path)
    others = [w for n in tab.subjects for w in spot.subject_widgets(tab, [n])
              if n != name and w.isVisible() and not subject.isAncestorOf(w)
              and not w.isAncestorOf(subject)]
    assert others, "nothing else on the tab to fold away"
    QTest.mouseDClick(subject, Qt.LeftButton, pos=subject.rect().topLeft() + QPoint(4, 4))
    spot.settle()
    assert window.spotlight.alone and window.spotlight.names == [name]
    assert not any(w.isVisible() for w in others)
    assert window.spotlight.bar("sigmoid").isVisible()
    QTest.mouseDClick(subject, Qt.LeftButton, pos=subject.rect().topLeft() + QPoint(4, 4))
    spot.settle()
    assert not window.spotlight.alone and all(w.isVisible() for w in others)
