"""The main window's menus and shortcuts, and the Help texts made from them."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from .. import __version__
from ..lessons import BUILTIN
from .look import THEMES
from .script_export import export_script
from .widgets.code_pane import toggle_code
from .tabs import TABS, tab_class


def action(window, menu, text, slot, shortcut=None, tip=None):
    """A menu entry whose shortcut works anywhere in the window (menu bar hidden too)."""
    act = QAction(text, window)
    if shortcut:
        keys = shortcut if isinstance(shortcut, list) else [shortcut]
        act.setShortcuts([QKeySequence(k) for k in dict.fromkeys(keys)])
        act.setShortcutContext(Qt.WindowShortcut)
    if tip:
        act.setStatusTip(tip)
        act.setToolTip(tip)
    act.triggered.connect(slot)
    menu.addAction(act)
    window.addAction(act)
    return act


def _panels_menu(window, menu):
    """The current tab's subjects, each shown alone and marked when chosen."""
    menu.clear()
    page = window.current_page()
    for name, (doc, *_paths) in page.subjects.items():
        act = menu.addAction(doc[:1].upper() + doc[1:])
        act.triggered.connect(lambda _=False, n=name: window.spotlight.show(page, n, alone=True))
    menu.setEnabled(bool(page.subjects))


def _editor(window):
    """The point editor of the current tab, if it has one (the Builder)."""
    return getattr(window.current_page(), "editor", None)


def _on_editor(window, method, *args):
    editor = _editor(window)
    if editor is not None:
        getattr(editor, method)(*args)


def _escape(window):
    """Esc: every panel back, and out of a text box (the one-key shortcuts work again)."""
    from .keyboard import is_text_box

    focused = window.focusWidget()
    if focused is not None and (is_text_box(focused) or is_text_box(focused.parentWidget())):
        focused.clearFocus()
    window.spotlight.clear()


def build_menus(window):
    mb, files, rec = window.menuBar(), window.files, window.recording
    page = window.current_page
    f = mb.addMenu("&File")
    action(window, f, "Open session…", lambda: files.open_session(), "Ctrl+O",
           "Open a lesson saved with Save session: every tab as it was left")
    action(window, f, "Save session…", lambda: files.save_session(), "Ctrl+S",
           "Save every tab's data, model, settings, weights and epoch")
    f.addSeparator()
    action(window, f, "Open data…", lambda: files.open_data(), "Ctrl+Shift+O",
           "Load points from a CSV file (the Boundary Builder shows them)")
    action(window, f, "Save data as…", lambda: files.save_data(), "Ctrl+Shift+S",
           "Save the points as CSV (x1,x2,label, or a table's own column and class names)")
    _data_sets_menu(window, f.addMenu("Data sets"))
    recent = f.addMenu("Recent")
    recent.aboutToShow.connect(lambda: window.habits.fill_recent(recent))
    action(window, f, "Export image…", lambda: files.export_image(), "Ctrl+E",
           "Save the current tab as PNG (at a chosen scale) or SVG")
    rec.action = action(window, f, "Record training…", lambda: rec.toggle(), "Ctrl+R",
                        "Save the current tab as numbered PNG frames while it trains "
                        "(again to stop)")
    rec.action.setCheckable(True)
    action(window, f, "Open lesson…", lambda: window.open_lesson(), "Ctrl+L",
           "Open a lesson file: a guided path through the tabs")
    action(window, f, "Export animation…", lambda: rec.export_animation(), "Ctrl+Shift+E",
           "Record the current tab while it trains (or its timeline replays) and save an "
           "animated GIF, WebP or PNG")
    action(window, f, "Export Python script…", lambda: export_script(window), tip=
           "Save the current tab's run as a plain numpy script that ends on the same weights")
    f.addSeparator()
    action(window, f, "Quit", window.close, "Ctrl+Q")

    e = mb.addMenu("&Edit")
    window.undo_action = action(window, e, "Undo", window.document.undo.undo,
                                QKeySequence(QKeySequence.Undo).toString())
    window.redo_action = action(window, e, "Redo", window.document.undo.redo,
                                ["Ctrl+Shift+Z", QKeySequence(QKeySequence.Redo).toString()])
    action(window, e, "Delete nearest point", lambda: _on_editor(window, "delete_nearest"),
           "Delete")
    action(window, e, "Default settings for this tab", lambda: page().restore_defaults(),
           tip="Put every setting of the current tab back to where it started")
    e.addSeparator()
    for k in range(5):
        action(window, e, f"Class {k}", lambda _=False, k=k: _on_editor(window, "select_class", k),
               str(k), f"Place points of class {k}")

    t = mb.addMenu("&Training")
    action(window, t, "Play / Pause", lambda: page().controller.toggle(), "Space")
    action(window, t, "Step one epoch", lambda: page().controller.step(1), "S")
    action(window, t, "Step one epoch (arrow)", lambda: page().controller.step(1), "Right")
    action(window, t, "Reset", lambda: page().reset_training(), "R")

    v = mb.addMenu("&View")
    action(window, v, "Presentation mode", window.toggle_presentation, "F11",
           "Full screen with larger text, thicker lines and bigger points")
    action(window, v, "Zoom in", lambda: window.zoom(1), "Ctrl+=", "Larger text")
    action(window, v, "Zoom in (+)", lambda: window.zoom(1), "Ctrl++")
    action(window, v, "Zoom out", lambda: window.zoom(-1), "Ctrl+-", "Smaller text")
    action(window, v, "Normal text size", lambda: window.zoom(0), "Ctrl+0",
           "The text at its usual size again")
    themes = v.addMenu("Theme")
    for name in THEMES:
        action(window, themes, name.capitalize(), lambda _=False, n=name: window.set_theme(n),
               tip=f"{name.capitalize()} colours for every plot")
    action(window, v, "Code behind the view", lambda: toggle_code(window), "F8",
           "The numpy lines of one epoch of the current tab's model, with their values now")
    action(window, v, "Lesson", window.toggle_lesson, "F9",
           "The lesson panel beside the tabs (Help → Lessons opens one)")
    alone = v.addMenu("Show one panel alone")
    alone.aboutToShow.connect(lambda: _panels_menu(window, alone))
    action(window, v, "Show every panel", lambda: _escape(window), "Esc",
           "Bring back the panels folded away and stop marking one (and leave a text box)")
    v.addSeparator()
    for i, key in enumerate(TABS):
        action(window, v, tab_class(key).title.replace("&", "&&"),
               lambda _=False, i=i: window.tabs.setCurrentIndex(i), f"Ctrl+{i + 1}")

    h = mb.addMenu("&Help")
    action(window, h, "Keyboard shortcuts", lambda: show_shortcuts(window), "F1")
    action(window, h, "What each tab shows", lambda: show_tabs_help(window))
    action(window, h, "Data sets", lambda: show_data_sets(window),
           tip="The real data sets shipped with lrviz: what a row is, source and licence")
    lessons = h.addMenu("Lessons")
    for name, title in BUILTIN.items():
        action(window, lessons, title, lambda _=False, n=name: window.open_lesson(n),
               tip=f"The built-in lesson '{name}' (lrviz --lesson {name})")
    # a presenter's clicker sends PageUp / PageDown: the lesson's steps
    action(window, lessons, "Next step", lambda: window.lesson_step("next"), "PgDown")
    action(window, lessons, "Previous step", lambda: window.lesson_step("previous"), "PgUp")
    action(window, h, "About lrviz", lambda: show_about(window))


def _data_sets_menu(window, menu):
    """File → Data sets: each real data set, in each tab where it teaches."""
    from ..data.catalog import REAL

    for s in REAL.values():
        for tab in s.offers:
            action(window, menu, f"{s.title} — {tab_class(tab).title}",
                   lambda _=False, k=s.key, t=tab: window.files.open_dataset(k, t),
                   tip=f"{s.title} in the {tab_class(tab).title} tab (Help → Data sets "
                       "says where it comes from)")


def show_data_sets(window):
    from ..data.catalog import help_html

    box = QMessageBox(QMessageBox.Information, "Data sets", help_html(), QMessageBox.Ok, window)
    box.setAttribute(Qt.WA_DeleteOnClose)
    box.open()


def shortcut_text(window):
    """(keys, what they do) for every action with a shortcut."""
    rows = []
    for act in window.actions():
        seq = act.shortcut().toString(QKeySequence.NativeText)
        if seq:
            rows.append((seq, act.text().replace("&", "")))
    return rows


def show_shortcuts(window):
    rows = "".join(f"<tr><td><b>{k}</b></td><td>{t}</td></tr>" for k, t in shortcut_text(window))
    extra = "".join(f"<tr><td><b>{k}</b></td><td>{t}</td></tr>" for k, t in MAP_KEYS)
    QMessageBox.information(window, "Keyboard shortcuts",
                            f"<p>{FOCUS_NOTE}</p><table cellspacing='6'>{rows}</table>"
                            f"<p><b>On the Boundary Builder's map</b></p>"
                            f"<table cellspacing='6'>{extra}</table>")


#: what the F1 list says about keys and the focus
FOCUS_NOTE = ("One-key shortcuts (Space, S, R, →, 0–4, Delete) work when no text box, "
              "button, slider or list has the focus: a focused control keeps its own keys "
              "(Space ticks a check box, digits go into a number box). Esc leaves a text "
              "box. Tab and Shift+Tab go from control to control.")

#: the map's mouse and keys (F1)
MAP_KEYS = (("Click", "add a point of the selected class"),
            ("Shift+click", "add a point of the other class"),
            ("Drag", "move a point"),
            ("Right-click", "remove the nearest point"),
            ("Arrows", "move the cross-hair (Ctrl: finer steps; Tab to the map first)"),
            ("Enter", "add a point of the selected class at the cross-hair "
                      "(Shift+Enter: the other class)"),
            ("N / P", "the cross-hair to the next / previous point"),
            ("Shift+arrows", "carry the point at the cross-hair"),
            ("Delete", "remove the point nearest the cross-hair or the mouse"))


def tabs_help():
    """Help → What each tab shows, one paragraph per registered tab."""
    from .tabs.base import help_text

    return "".join(f"<p><b>{c.title}</b> (<code>--tab {c.key}</code>): {help_text(c)}</p>"
                   for c in map(tab_class, TABS))


def show_tabs_help(window):
    QMessageBox.information(window, "What each tab shows", tabs_help())


def show_about(window):
    QMessageBox.about(window, "About lrviz",
                      f"<h3>lrviz {__version__}</h3><p>Logistic regression, and how it grows "
                      "into a neural network, in plots that move while the model trains.</p>")
