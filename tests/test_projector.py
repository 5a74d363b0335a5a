"""At a projector the class sees what the step is about (#26): every figure says which
set it is measured on, the window's epoch counts agree, sliders say their values,
and a small screen still reaches every control."""
import dataclasses

import numpy as np
import pytest



def test_the_status_bar_says_its_figures_are_on_the_training_set(qtbot, window):
    window.select_tab("calibration")
    tab = window.current_page()
    snap = tab.train_now(30)
    m = snap.metrics[tab.primary(snap)]
    assert window.loss_label.text() == f"training loss {m['loss']:.4f}"
    assert window.acc_label.text() == f"training accuracy {m['accuracy']:.1%}"
    # ... and the table's figures, on the held-out points, say so
    heads = [tab.table.horizontalHeaderItem(c).text() for c in range(tab.table.columnCount())]
    assert "held-out log loss" in heads and "held-out accuracy" in heads
    assert "log loss" not in heads and "accuracy" not in heads


def test_the_status_bar_and_the_controls_show_one_epoch_while_training(
        qtbot, window, monkeypatch):
    """A frame slow to draw, then a quick one: the status bar's epoch and the
    controls' "epoch N" come from the same snapshot at the same moment (they had two
    clocks of their own and drifted apart)."""
    import time

    tab = window.current_page()
    first = tab.train_now(5)
    clock = [1e9]  # (later than any real reading: the text's pace starts afresh)
    monkeypatch.setattr(time, "perf_counter", lambda: clock[0])
    drawing = tab.draw

    def draw(snap, cost):  # drawing this snapshot takes ``cost`` seconds
        drawing(snap)
        clock[0] += cost

    def deliver(epoch, cost, after):
        clock[0] += after
        snap = dataclasses.replace(first, epoch=epoch, running=True)
        monkeypatch.setattr(tab, "draw", lambda s: draw(s, cost))
        tab.controller.latest = snap  # as the controller delivers a snapshot
        tab.controller.snapshot.emit(snap)
        return window.epoch_label.text(), tab.controls.epoch_label.text()

    assert deliver(10, cost=0.0625, after=0.0) == ("epoch 10", "epoch 10")
    assert deliver(11, cost=0.0, after=0.0625) == ("epoch 11", "epoch 11")
    assert deliver(12, cost=0.0, after=0.03125) == ("epoch 11", "epoch 11")  # 10 a second
    tab.controller.runningChanged.emit(False)  # paused: the state changes at once
    assert window.epoch_label.text() == tab.controls.epoch_label.text() == "epoch 12"


def test_every_slider_that_describes_something_says_its_value(qtbot, window):
    """Moved by the keyboard as a hand would, each slider says the value it stands for,
    beside it: the student on Weights & Decisions, w and b on Sigmoid, λ on Sparsity."""
    from PySide6.QtCore import Qt

    def move(box, key):
        box.slider.setFocus()
        qtbot.keyClick(box.slider, key)
        assert box.label.isVisible() and box.label.x() > box.slider.geometry().right()
        return box.label.text()

    window.select_tab("decisions")
    tab = window.current_page()
    X = tab.train.X
    studied, commute = tab.student.sliders[0], tab.student.sliders[4]
    assert studied.label.text() == f"{np.median(X[:, 0]):.1f}"  # the typical student
    assert move(studied, Qt.Key_End) == f"{X[:, 0].max():.1f}"
    assert tab.student.values[0] == pytest.approx(X[:, 0].max())
    assert move(commute, Qt.Key_Home) == f"{X[:, 4].min():.0f}"
    tab.set_student([2.5, 8.0, 1.0, 3.0, 60.0])  # (a lesson's student)
    assert [s.label.text() for s in tab.student.sliders] == ["2.5", "8.0", "1.0", "3.0", "60"]

    window.select_tab("sigmoid")
    line = window.current_page().line
    for box in (line.w_slider, line.b_slider):
        assert move(box, Qt.Key_End) == f"{box.hi:+.3f}"
        assert move(box, Qt.Key_PageDown) == f"{box.value():+.3f}"

    window.select_tab("sparsity")
    tab = window.current_page()
    assert move(tab.lam_box, Qt.Key_Home) == "0.0001" and tab.lam() == pytest.approx(1e-4)
    assert move(tab.lam_box, Qt.Key_End) == "1.0000" and tab.lam() == pytest.approx(1.0)


def test_a_960_by_540_screen_holds_the_window_and_reaches_every_control(qtbot, monkeypatch):
    """A 1920×1080 projector at 2× scale has 960×540 of room: the window, frame and all,
    opens inside it (it opened wider, and λ, Reset and a scroll bar were cut off), and
    every control of every tab is in view or scrolls into view."""
    from PySide6.QtCore import QPoint, QRect, Qt
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractSlider,
        QAbstractSpinBox,
        QComboBox,
        QScrollArea,
    )

    import lrviz.ui.main_window as main_window
    from lrviz.ui import MainWindow
    from lrviz.ui.spotlight import fully_visible
    from lrviz.ui.tabs import TABS

    def reveal(w):
        """Scroll every scroll area around ``w`` until all of ``w`` is in view (as the
        user scrolls; ``ensureWidgetVisible`` keeps only a spin box's cursor in view)."""
        node = w.parentWidget()
        while node is not None:
            if isinstance(node, QScrollArea) and node.widget() is not None:
                at = w.mapTo(node.widget(), QPoint(w.width() // 2, w.height() // 2))
                node.ensureVisible(at.x(), at.y(), w.width() // 2 + 1, w.height() // 2 + 1)
            node = node.parentWidget()

    area = QRect(0, 0, 960, 540)
    monkeypatch.setattr(main_window, "window_area", lambda widget: area)
    window = MainWindow()
    window.setAttribute(Qt.WA_DeleteOnClose)
    qtbot.addWidget(window)
    try:
        window.show()
        qtbot.waitExposed(window)
        assert area.contains(window.frameGeometry()), window.frameGeometry()
        out_of_reach = {}
        for key in TABS:
            window.select_tab(key)
            window.current_page().train_now(5)
            qtbot.wait(1)  # (laid out)
            assert area.contains(window.frameGeometry()), (key, window.frameGeometry())
            controls = [w for kind in (QAbstractButton, QAbstractSlider, QAbstractSpinBox,
                                       QComboBox) for w in window.findChildren(kind)
                        if w.isVisible()]
            assert len(controls) > 10
            for w in controls:
                reveal(w)
                if not fully_visible(w):
                    out_of_reach.setdefault(key, []).append(
                        f"{type(w).__name__} {getattr(w, 'text', lambda: '')()!s:.20}")
        assert not out_of_reach
    finally:
        window.shutdown()


def test_a_status_message_is_not_cut_by_the_figures_at_1280_pixels(qtbot, window):
    """Presenting at 1280 x 720, "Presentation mode: F11 to leave" was cut after a few
    words by the figures beside it; while a message shows, the loss and accuracy
    make room for it, and come back after it."""
    from lrviz.ui.look import look

    window.resize(1280, 720)
    window.toggle_presentation()
    try:
        qtbot.waitUntil(lambda: window.statusBar().currentMessage() != "", timeout=2000)
        bar = window.statusBar()
        message = bar.currentMessage()
        room = bar.width() - sum(w.width() for w in (window.epoch_label, window.state_label)
                                 if w.isVisible())
        assert bar.fontMetrics().horizontalAdvance(message) < room
        assert not window.loss_label.isVisible()
        bar.clearMessage()
        assert window.loss_label.isVisible() and window.acc_label.isVisible()
    finally:
        if look().presenting:
            window.toggle_presentation()
