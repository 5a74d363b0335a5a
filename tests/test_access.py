"""Keyboard only, and through a screen reader's eyes: what a user who cannot use the
mouse, or cannot see the screen, meets in every tab."""
import re

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAccessible, QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QTabBar, QWidget

from lrviz.ui.keyboard import walk
from lrviz.ui.tabs import TABS


def press(key, modifiers=Qt.NoModifier):
    """A key pressed as on a keyboard: to the widget that has the focus."""
    QTest.keyClick(QApplication.focusWidget(), key, modifiers)


def key(kind, k, modifiers=Qt.NoModifier):
    """One key event as a keyboard sends it (QTest presses and releases a modifier
    around every key)."""
    QApplication.sendEvent(QApplication.focusWidget(), QKeyEvent(kind, k, modifiers))


def focus(qtbot, window, widget):
    window.activateWindow()
    widget.setFocus(Qt.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() in (widget, widget.focusProxy()))


def said(widget):
    """(name, description) as a screen reader hears them (a tab bar: its current page,
    which is what has the focus in it)."""
    iface = QAccessible.queryAccessibleInterface(widget)
    if isinstance(widget, QTabBar):
        iface = iface.child(widget.currentIndex())
    return (widget.accessibleName() or iface.text(QAccessible.Name),
            iface.text(QAccessible.Description))


# ------------------------------------------------------------------- keys
def test_a_focused_control_keeps_its_own_keys(window, qtbot):
    tab = window.boundary
    learn = tab.form["learn_live"]
    focus(qtbot, window, learn)
    was = learn.isChecked()
    press(Qt.Key_Space)
    assert learn.isChecked() is not was  # Space ticked the box ...
    assert window.state_label.text() == "paused"  # ... and did not start training

    n = tab.form["n"]
    focus(qtbot, window, n)
    n.selectAll()
    for key in (Qt.Key_2, Qt.Key_5, Qt.Key_0):
        press(key)
    assert n.value() == 250  # the digits went into the box ...
    assert tab.editor.class_buttons[0].isChecked()  # ... not to the class shortcuts
    assert not tab.editor.class_buttons[2].isChecked()

    speed = tab.controls.speed
    focus(qtbot, window, speed)
    before = speed.value()
    press(Qt.Key_Left)
    press(Qt.Key_Left)
    press(Qt.Key_Right)
    assert speed.value() == before - 1  # ← and → moved the slider ...
    assert window.epoch_label.text() == "epoch 0"  # ... and took no step

    # out of the text box with Esc: the shortcuts act again
    focus(qtbot, window, n)
    press(Qt.Key_Escape)
    press(Qt.Key_2)
    assert tab.editor.class_buttons[2].isChecked()
    press(Qt.Key_S)
    qtbot.waitUntil(lambda: window.epoch_label.text() == "epoch 1")


def test_a_click_on_a_button_leaves_the_shortcuts_working(window, qtbot):
    tab = window.boundary
    focus(qtbot, window, tab.map)
    qtbot.mouseClick(tab.controls.step_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: window.epoch_label.text() == "epoch 1")
    press(Qt.Key_Space)  # Train, not a second click on Step
    qtbot.waitUntil(lambda: window.state_label.text() == "training")
    press(Qt.Key_Space)
    qtbot.waitUntil(lambda: window.state_label.text() != "training")


def test_ctrl_0_brings_the_text_back_to_its_size(window, qtbot):
    size = QApplication.font().pointSizeF()
    QTest.keyClick(window, Qt.Key_Equal, Qt.ControlModifier)
    QTest.keyClick(window, Qt.Key_Equal, Qt.ControlModifier)
    assert QApplication.font().pointSizeF() > size
    QTest.keyClick(window, Qt.Key_0, Qt.ControlModifier)
    assert QApplication.font().pointSizeF() == size


def test_f1_says_when_the_one_key_shortcuts_act(window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: shown.append(a[2]))
    QTest.keyClick(window, Qt.Key_F1)
    text = re.sub(r"<[^>]+>", " ", shown[0])
    assert "when no text box, button, slider or list has the focus" in text
    assert "Ctrl+0" in text and "Normal text size" in text
    for keys in ("Arrows", "Enter", "Shift+arrows", "N / P"):
        assert keys in text


# ---------------------------------------------------------- reading order
def test_tab_reaches_every_control_of_the_builder_in_reading_order(window, qtbot):
    tab = window.boundary
    focus(qtbot, window, window.tabs.tabBar())
    reached = []
    for _ in range(80):
        press(Qt.Key_Tab)
        w = QApplication.focusWidget()
        if w is window.tabs.tabBar() or w in reached:
            break
        reached.append(w)
    names = [said(w)[0] for w in reached]
    assert names[:13] == ["class 0, orange", "class 1, blue", "class 2, green",
                          "class 3, pink", "class 4, yellow", "Fit view", "Preset",
                          "Number of points the preset draws", "noise", "seed",
                          "Load preset", "Clear", "learn while I edit"]
    assert names[13] == "Map of probabilities and the points"
    assert names[-7:] == ["Train", "Step", "Reset", "Epochs per second", "Max",
                          "Learning rate", "Batch"]
    every = [w for w, _ in walk(tab) if w.isVisible() and w.isEnabled()]
    assert set(every) <= set(reached)  # no control out of the keyboard's reach


# ------------------------------------------------------------ the map, by keys
def test_the_map_by_keyboard_adds_carries_and_deletes_points(window, qtbot):
    tab = window.boundary
    doc, m = window.document, tab.map
    tab.form.set_values({"learn_live": False}, quiet=False)
    focus(qtbot, window, m)
    assert m.keys.cursor.isVisible()  # reached by Tab: the cross-hair shows
    x0, y0 = m.keys.position()
    press(Qt.Key_Right)  # moves the cross-hair (not Step)
    press(Qt.Key_Up)
    x, y = m.keys.cursor.getData()[0][0], m.keys.cursor.getData()[1][0]
    _, _, w, h = m.view_rect()
    assert (x, y) == pytest.approx((x0 + w / 40, y0 + h / 40))
    assert window.epoch_label.text() == "epoch 0"
    assert tab.view.readout.text().startswith(f"At ({x:.2f}, {y:.2f})")

    n = len(doc.points)
    press(Qt.Key_2)  # the class shortcut still works with the map focused
    press(Qt.Key_Return)
    assert len(doc.points) == n + 1
    assert tuple(doc.points.X[-1]) == pytest.approx((x, y)) and doc.points.y[-1] == 2

    press(Qt.Key_P)  # the cross-hair onto a point: the one just added's neighbour
    press(Qt.Key_N)  # and back
    assert m.keys.position() == pytest.approx((x, y))
    undo_steps = len(doc.undo)
    key(QEvent.KeyPress, Qt.Key_Shift)  # held while ↓ is pressed four times
    for _ in range(4):
        key(QEvent.KeyPress, Qt.Key_Down, Qt.ShiftModifier)
        key(QEvent.KeyRelease, Qt.Key_Down, Qt.ShiftModifier)
    key(QEvent.KeyRelease, Qt.Key_Shift, Qt.ShiftModifier)
    assert tuple(doc.points.X[-1]) == pytest.approx((x, y - 4 * h / 40))
    assert len(doc.undo) == undo_steps + 1  # carried in one edit
    doc.undo.undo()
    assert tuple(doc.points.X[-1]) == pytest.approx((x, y))

    press(Qt.Key_Delete)  # the point at the cross-hair
    assert len(doc.points) == n


# ------------------------------------------------------------ screen readers
def _pictures_and_controls(page):
    stops = [w for w, _ in walk(page)]
    pictures = [w for w in page.findChildren(QAbstractScrollArea)
                if w.focusPolicy() & Qt.TabFocus and w.window() is page.window()]
    return list(dict.fromkeys(stops + pictures))


@pytest.mark.parametrize("key", list(TABS))
def test_every_control_and_plot_has_a_name_and_a_description(window, key):
    window.select_tab(key)
    page = window.page[key]
    found = _pictures_and_controls(page)
    assert len(found) > 10
    for w in found:
        name, description = said(w)
        assert sum(c.isalpha() for c in name) >= 2, (key, type(w).__name__, w.toolTip())
        assert description.strip(), (key, type(w).__name__, name)
    # every widget that takes the focus is one of them (none is a stop without a name)
    for w in page.findChildren(QWidget):
        if w.focusPolicy() & Qt.TabFocus and w.window() is page.window() \
                and w.isVisibleTo(page) and w.focusProxy() is None:
            assert w in found or w.parentWidget() in found or w.focusPolicy() == Qt.ClickFocus, \
                (key, type(w).__name__)


def test_the_maps_description_says_its_boundary_and_accuracy(window, qtbot):
    tab = window.boundary
    assert "No boundary yet" in said(tab.map)[1]
    tab.train_now(300)
    text = said(tab.map)[1]
    w1, w2, b = tab.controller.latest.models["model"].boundary_line()
    assert re.search(r"Boundary: -?[\d.]+·x₁ [+−] [\d.]+·x₂ [+−] [\d.]+ = 0", text)
    assert f"{w1:.3g}·x₁" in text
    accuracy = window.acc_label.text().split()[-1]  # "training accuracy 100.0%"
    assert f"100 training points, {accuracy} classified correctly" in text
    loss = said(tab.view.curves.loss_plot)[1]
    assert re.search(r"training: [\d.]+ at epoch 300", loss)
