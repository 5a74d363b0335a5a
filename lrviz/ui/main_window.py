"""The main window: the registered tabs, menus, shortcuts and a status bar."""
from __future__ import annotations

import math
import os
from collections.abc import Mapping

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from .. import __version__
from ..fileio import show_path, write_atomically
from .pictures import image_bytes, save_widget
from .live import flush_live
from .look import follow, look
from .tabs import TABS, tab_class
from .widgets.forms import choose_path, keep_lines


class _Pages(Mapping):
    """``window.page[key]``: the tab, built on first use."""

    def __init__(self, window):
        self._window = window

    def __getitem__(self, key):
        if key not in TABS:
            raise KeyError(key)
        return self._window._build(key)

    def __iter__(self):
        return iter(TABS)

    def __len__(self):
        return len(TABS)


class MainWindow(QMainWindow):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("lrviz — logistic regression, live")
        self.resize(self._first_size())
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.undo_group = QUndoGroup(self)
        self._recording = None
        self._animation = None  # the animation being recorded or written
        self._lesson_panel = None
        # A tab is built when it is first shown (or a session needs it): the window
        # opens faster and a tab nobody opens costs nothing.
        self._built = {}
        self._holders = {}
        for key in TABS:
            holder = QWidget()
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self._holders[key] = holder
            self.tabs.addTab(holder, tab_class(key).title.replace("&", "&&"))
        self.page = _Pages(self)
        self._paint_guard = None  # installed on the native window when first shown
        self.setCentralWidget(self.tabs)
        self._current_key = next(iter(TABS))  # built when shown or first asked for
        self.tabs.currentChanged.connect(self._tab_changed)
        self._build_status_bar()
        self._build_menus()
        self._tab_changed(0)
        follow(self, self._look_changed)

    def _look_changed(self):
        if self._lesson_panel is not None:
            self._lesson_panel.fit_screen()  # larger text: is there still room beside?

    @staticmethod
    def _first_size():
        """1440×900, or the screen's free area when it is smaller (a 1280×720 projector)."""
        from PySide6.QtCore import QSize
        from PySide6.QtGui import QGuiApplication

        screen = QGuiApplication.primaryScreen()
        if screen is None or QGuiApplication.platformName() in ("offscreen", "minimal"):
            return QSize(1440, 900)  # no real screen: pictures (--screenshot) at the usual size
        free = screen.availableGeometry().size()
        return QSize(min(1440, free.width()), min(900, free.height()))

    # ---------------------------------------------------------------- tabs
    def _build(self, key):
        page = self._built.get(key)
        if page is not None:
            return page
        page = self._built[key] = tab_class(key)()
        page.peer = self.page.__getitem__
        self._holders[key].layout().addWidget(page)
        page.statusChanged.connect(lambda info, p=page: self._status(p, info))
        page.message.connect(lambda text, p=page: self._message(p, text))
        if page.undo_stack is not None:
            self.undo_group.addStack(page.undo_stack)
        return page

    @property
    def _current(self):
        return self._build(self._current_key)

    def showEvent(self, event):
        self._tab_changed(self.tabs.currentIndex())  # build and announce the visible tab
        if self._paint_guard is None and self.windowHandle() is not None:
            from .live import PaintGuard

            self._paint_guard = PaintGuard(self)
            self.windowHandle().installEventFilter(self._paint_guard)
        super().showEvent(event)

    @property
    def pages(self):
        """Every tab, in the registry's order (builds those not built yet)."""
        return [self._build(key) for key in TABS]

    @property
    def boundary(self):
        """File > Open data / Save data act on the Boundary Builder's points."""
        return self._build("boundary")

    # ---------------------------------------------------------------- pieces
    def _build_status_bar(self):
        bar = self.statusBar()
        self.epoch_label = QLabel("epoch 0")
        self.loss_label = QLabel("loss —")
        self.acc_label = QLabel("accuracy —")
        self.state_label = QLabel("paused")
        for w in (self.epoch_label, self.loss_label, self.acc_label, self.state_label):
            # changing text must not re-lay-out the window ("loss … + penalty …": longer)
            keep_lines(w, 1, chars=30 if w is self.loss_label else 16)
            bar.addPermanentWidget(w)

    def _action(self, menu, text, slot, shortcut=None, tip=None):
        act = QAction(text, self)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
            act.setShortcutContext(Qt.WindowShortcut)
        if tip:
            act.setStatusTip(tip)
            act.setToolTip(tip)
        act.triggered.connect(slot)
        menu.addAction(act)
        self.addAction(act)  # shortcuts work with the menu bar hidden too
        return act

    def _build_menus(self):
        mb = self.menuBar()
        f = mb.addMenu("&File")
        self._action(f, "Open session…", self.open_session, "Ctrl+O",
                     "Open a lesson saved with Save session: every tab as it was left")
        self._action(f, "Save session…", self.save_session, "Ctrl+S",
                     "Save every tab's data, model, settings, weights and epoch")
        f.addSeparator()
        self._action(f, "Open data…", self.open_data, "Ctrl+Shift+O",
                     "Load points from a CSV file into the Boundary Builder")
        self._action(f, "Save data…", self.save_data, "Ctrl+Shift+S",
                     "Save the Boundary Builder's points as CSV")
        self._action(f, "Export image…", self.export_image, "Ctrl+E",
                     "Save the current tab as PNG (at a chosen scale) or SVG")
        self.record_action = self._action(
            f, "Record training…", lambda: self.toggle_recording(), "Ctrl+R",
            "Save the current tab as numbered PNG frames while it trains (again to stop)")
        self.record_action.setCheckable(True)
        self._action(f, "Open lesson…", lambda: self.open_lesson(), "Ctrl+L",
                     "Open a lesson file: a guided path through the tabs")
        self._action(f, "Export animation…", lambda: self.export_animation(), "Ctrl+Shift+E",
                     "Record the current tab while it trains (or its timeline replays) and "
                     "save an animated GIF, WebP or PNG")
        f.addSeparator()
        self._action(f, "Quit", self.close, "Ctrl+Q")

        e = mb.addMenu("&Edit")
        undo = self.undo_group.createUndoAction(self, "Undo")
        undo.setShortcut(QKeySequence.Undo)
        redo = self.undo_group.createRedoAction(self, "Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence.Redo])
        for act in (undo, redo):
            e.addAction(act)
            self.addAction(act)
        self._action(e, "Delete nearest point", lambda: self._call("delete_nearest"), "Delete")
        self._action(e, "Default settings for this tab", lambda: self._current.restore_defaults(),
                     tip="Put every setting of the current tab back to where it started")
        e.addSeparator()
        for k in range(5):
            self._action(e, f"Class {k}", lambda _=False, k=k: self._call("select_class", k),
                         str(k), f"Place points of class {k}")

        t = mb.addMenu("&Training")
        self._action(t, "Play / Pause", lambda: self._current.controller.toggle(), "Space")
        self._action(t, "Step one epoch", lambda: self._current.controller.step(1), "S")
        self._action(t, "Step one epoch (arrow)", lambda: self._current.controller.step(1),
                     "Right")
        self._action(t, "Reset", lambda: self._current.reset_training(), "R")

        v = mb.addMenu("&View")
        self._action(v, "Presentation mode", self.toggle_presentation, "F11",
                     "Full screen with larger text, thicker lines and bigger points")
        self._action(v, "Zoom in", lambda: self.zoom(1), "Ctrl+=", "Larger text")
        self._action(v, "Zoom in (+)", lambda: self.zoom(1), "Ctrl++")
        self._action(v, "Zoom out", lambda: self.zoom(-1), "Ctrl+-", "Smaller text")
        theme_menu = v.addMenu("Theme")
        from .theme import THEMES

        for name in THEMES:
            self._action(theme_menu, name.capitalize(), lambda _=False, n=name: self.set_theme(n),
                         tip=f"{name.capitalize()} colours for every plot")
        self._action(v, "Lesson", self.toggle_lesson, "F9",
                     "The lesson panel beside the tabs (Help → Lessons opens one)")
        v.addSeparator()
        for i, key in enumerate(TABS):
            self._action(v, tab_class(key).title.replace("&", "&&"),
                         lambda _=False, i=i: self.tabs.setCurrentIndex(i), f"Ctrl+{i + 1}")

        h = mb.addMenu("&Help")
        self._action(h, "Keyboard shortcuts", self.show_shortcuts, "F1")
        self._action(h, "What each tab shows", self.show_tabs_help)
        lessons = h.addMenu("Lessons")
        from ..lessons import BUILTIN

        for name, title in BUILTIN.items():
            self._action(lessons, title, lambda _=False, n=name: self.open_lesson(n),
                         tip=f"The built-in lesson '{name}' (lrviz --lesson {name})")
        # a presenter's clicker sends PageUp / PageDown: the lesson's steps
        self._action(lessons, "Next step", lambda: self._lesson_call("next"), "PgDown")
        self._action(lessons, "Previous step", lambda: self._lesson_call("previous"), "PgUp")
        self._action(h, "About lrviz", self.show_about)

    # ------------------------------------------------------------- behaviour
    def _call(self, method, *args):
        fn = getattr(self._current, method, None)
        if fn is not None:
            fn(*args)

    def _tab_changed(self, index):
        if self._lesson_panel is not None:
            QTimer.singleShot(0, self._lesson_panel.fit_screen)
        key = list(TABS)[index]
        old = self._built.get(self._current_key)
        if old is not None and key != self._current_key:
            old.leave()
            if self._recording is not None:
                self.toggle_recording()  # frames of one tab only
        self._current_key = key
        if self._current.undo_stack is not None:
            self.undo_group.setActiveStack(self._current.undo_stack)
        else:
            self.undo_group.setActiveStack(None)
        self._current._emit_status(self._current.controller.latest)

    def _status(self, page, info):
        if page.key != self._current_key:
            return
        self.epoch_label.setText(f"epoch {info['epoch']:,}")
        loss, acc = info["loss"], info["accuracy"]
        penalty = info.get("penalty", 0.0)
        self.loss_label.setText("loss —" if math.isnan(loss) else
                                f"loss {loss:.4f} + penalty {penalty:.4f}" if penalty > 0 else
                                f"loss {loss:.4f}")
        self.acc_label.setText("accuracy —" if math.isnan(acc) else f"accuracy {acc:.1%}")
        self.state_label.setText(info["state"])

    def _message(self, page, text):
        if page.key == self._current_key:
            self.statusBar().showMessage(text, 15000)

    # ------------------------------------------------------------ sessions
    def session_state(self):
        return {page.key: page.session_state() for page in self.pages}

    def save_session(self, path=None):
        from ..session import write_session

        path = choose_path(self, path, "Save session", "lesson.lrviz.json",
                           "lrviz sessions (*.json)", save=True)
        if path is None:
            return False
        try:
            write_session(path, self.session_state(), self._current.key)
        except (OSError, ValueError) as exc:
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            self._error("Session not saved", f"Could not write {show_path(path)}: {why}")
            return False
        self.statusBar().showMessage(f"Session saved to {show_path(path)}", 8000)
        return True

    def open_session(self, path=None, quiet=False):
        """Open a session: every tab's part is checked before any tab changes, so a bad
        file is refused with one message and nothing changes."""
        from ..session import SessionError, read_session

        path = choose_path(self, path, "Open session", "",
                           "lrviz sessions (*.json);;All files (*)", save=False)
        if path is None:
            return False
        try:
            doc = read_session(path)
            current = doc.get("current_tab")
            if current is not None and (not isinstance(current, str) or current not in TABS):
                raise SessionError(f"{show_path(path)}: 'current_tab' is not one of {list(TABS)}")
            plans = {page.key: page.check_session(doc["tabs"][page.key],
                                                  f"{show_path(path)}: tab '{page.key}'")
                     for page in self.pages if page.key in doc["tabs"]}
        except SessionError as exc:
            self._error("Session not opened", f"{exc}. Nothing was changed.", quiet)
            return False
        for key, plan in plans.items():
            self.page[key].apply_session(plan)
        if current is not None:
            self.select_tab(current)
        self.statusBar().showMessage(f"Opened session {show_path(path)}", 8000)
        return True

    # ------------------------------------------------------------ lessons
    @property
    def lesson_panel(self):
        """The lesson dock (made when first needed)."""
        if self._lesson_panel is None:
            from .lessons import LessonPanel

            self._lesson_panel = LessonPanel(self)
            self.addDockWidget(Qt.RightDockWidgetArea, self._lesson_panel)
        return self._lesson_panel

    def toggle_lesson(self):
        """View → Lesson: show the panel, or hide it (it keeps its lesson and step)."""
        shown = self._lesson_panel is not None and self._lesson_panel.isVisible()
        self.lesson_panel.setVisible(not shown)

    def _lesson_call(self, method):
        if self._lesson_panel is not None and self._lesson_panel.lesson is not None:
            getattr(self._lesson_panel, method)()

    def open_lesson(self, name_or_path=None, step=0, quiet=False):
        """A built-in lesson by name or a lesson file: checked in full first (a bad one
        is refused in one line and nothing changes), then shown at ``step``."""
        from ..lessons import BUILTIN, LessonError
        from .lessons import check_states, open_lesson

        if name_or_path is None:
            name_or_path = choose_path(self, None, "Open lesson", "",
                                       "lrviz lessons (*.json);;All files (*)", save=False)
            if name_or_path is None:
                return False
        try:
            lesson = open_lesson(name_or_path)
            builtin = name_or_path in BUILTIN
            check_states(lesson, self, name_or_path if builtin else show_path(name_or_path))
        except LessonError as exc:
            self._error("Lesson not opened", f"{exc}. Nothing was changed.", quiet)
            return False
        self.lesson_panel.open(lesson, None if builtin else name_or_path, step)
        return True

    def _error(self, title, text, quiet=False):
        """One message in the status bar and, unless quiet, in a dialog that does not
        block the window (training and drawing go on behind it)."""
        self.last_error = text
        self.statusBar().showMessage(text, 15000)
        if not quiet:
            box = QMessageBox(QMessageBox.Warning, title, text, QMessageBox.Ok, self)
            box.setAttribute(Qt.WA_DeleteOnClose)
            box.open()

    # ---------------------------------------------------------- recording
    RECORD_FPS = 10
    RECORD_MAX_FRAMES = 3000

    def toggle_recording(self, folder=None):
        """Start or stop writing frame_00001.png, ... of the current tab while it trains."""
        import os
        import time

        if self._recording is not None:
            page, folder, count = self._recording["page"], self._recording["folder"], \
                self._recording["count"]
            page.controller.snapshot.disconnect(self._record_frame)
            self._recording = None
            self.record_action.setChecked(False)
            self.statusBar().showMessage(f"Recording stopped: {count} frames in {folder}", 10000)
            return count
        if folder is None:
            folder = QFileDialog.getExistingDirectory(self, "Record training into folder")
            if not folder:
                self.record_action.setChecked(False)
                return None
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError as exc:
            self.record_action.setChecked(False)
            self._error("Recording not started", f"Cannot use {folder}: {exc}")
            return None
        self._recording = {"page": self._current, "folder": folder, "count": 0, "last": 0.0,
                           "clock": time.perf_counter}
        self._current.controller.snapshot.connect(self._record_frame)
        self.record_action.setChecked(True)
        self.statusBar().showMessage(f"Recording into {folder}: Ctrl+R to stop", 10000)
        return 0

    def _record_frame(self, snap):
        import os

        rec = self._recording
        if rec is None:
            return
        now = rec["clock"]()
        if now - rec["last"] < 1.0 / self.RECORD_FPS and snap.running:
            return
        rec["last"] = now
        rec["count"] += 1
        path = os.path.join(rec["folder"], f"frame_{rec['count']:05d}.png")
        try:
            write_atomically(path, image_bytes(rec["page"].grab().toImage(), "PNG"))
        except (OSError, ValueError) as exc:
            self.toggle_recording()
            self._error("Recording stopped", f"Could not write {show_path(path)}: {exc}")
            return
        if rec["count"] >= self.RECORD_MAX_FRAMES:
            self.toggle_recording()

    # ------------------------------------------------------------- the look
    @property
    def theme(self):
        return look().theme

    @property
    def presenting(self):
        return look().presenting

    def set_theme(self, name):
        """Light, dark or high contrast: the window, every plot and every map."""
        look().set_theme(name)
        self.statusBar().showMessage(f"{name.capitalize()} theme", 4000)

    def zoom(self, direction):
        """Larger (1) or smaller (-1) text everywhere."""
        look().zoom(direction)

    #: Presentation mode on a screen shorter than this (in pixels) folds the panels'
    #: explanations behind their ? buttons: at 1280×720 the pictures need the room.
    COMPACT_BELOW = 1000

    def toggle_presentation(self):
        """F11: full screen, larger text, thicker lines and bigger points (and back)."""
        on = not look().presenting
        if on:
            self._normal_geometry = self.saveGeometry()
            self.showFullScreen()
        else:
            self.showNormal()
            self.restoreGeometry(self._normal_geometry)
        screen = self.screen()
        look().set_presenting(on, compact=screen is not None
                              and screen.geometry().height() < self.COMPACT_BELOW)
        self.statusBar().showMessage("Presentation mode: F11 to leave" if on else "", 5000)

    def select_tab(self, key):
        self.tabs.setCurrentIndex(list(TABS).index(key))

    def current_page(self):
        return self._current

    def open_data(self):
        self.tabs.setCurrentIndex(0)
        self.boundary.open_csv()

    def save_data(self):
        self.tabs.setCurrentIndex(0)
        self.boundary.save_csv()

    def export_image(self, path=None, scale=None):
        """The current tab as PNG (at ``scale`` x its size, for slides) or SVG."""
        if path is None:
            path, kind = QFileDialog.getSaveFileName(
                self, "Export image", "lrviz.png", "PNG image (*.png);;SVG drawing (*.svg)")
            if not path:
                return False
            if scale is None and not path.lower().endswith(".svg"):
                from PySide6.QtWidgets import QInputDialog

                scale, ok = QInputDialog.getDouble(self, "Export image", "Scale (2 for slides):",
                                                   2.0, 1.0, 4.0, 1)
                if not ok:
                    return False
        try:
            save_widget(self._current, path, scale or 1.0)
        except (OSError, ValueError) as exc:
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self._error("Export failed", f"Could not write {show_path(path)}: {why}")
            return False
        self.statusBar().showMessage(f"Saved {show_path(path)}", 8000)
        return True

    def export_animation(self, path=None, **choices):
        """Record the current tab and write an animation (choices: fmt, fps, scale,
        seconds, replay; asked in a dialog when not given).  Returns the recorder."""
        from .animation_export import AnimationDialog, AnimationRecorder
        from ..animation import FORMATS

        page = self._current
        if self._animation is not None and not self._animation.done:
            self.statusBar().showMessage("An animation is being recorded already", 8000)
            return None
        if not choices:
            timeline = getattr(page, "timeline", None)
            dialog = AnimationDialog(self, can_replay=timeline is not None
                                     and len(timeline.history) > 1)
            if dialog.exec() != QDialog.Accepted:
                return None
            choices = dialog.choices()
        fmt = choices.get("fmt", "gif")
        if path is None:
            name, suffix = FORMATS[fmt][0], FORMATS[fmt][1]
            path, _ = QFileDialog.getSaveFileName(self, "Export animation", "lrviz" + suffix,
                                                  f"{name} (*{suffix})")
            if not path:
                return None
        folder = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(folder) or not os.access(folder, os.W_OK):
            self._error("Animation not recorded",
                        f"Cannot write into {show_path(folder)}: no such folder, or not "
                        "writable")
            return None
        timer = choices.pop("timer", True)
        recorder = AnimationRecorder(page, path, parent=self, **choices)
        recorder.finished.connect(lambda text: self.statusBar().showMessage(text, 15000))
        self._animation = recorder
        recorder.start(timer=timer, dialog=timer)
        return recorder

    def shortcut_text(self):
        rows = []
        for act in self.actions():
            seq = act.shortcut().toString(QKeySequence.NativeText)
            if seq:
                rows.append((seq, act.text().replace("&", "")))
        return rows

    def show_shortcuts(self):
        rows = "".join(f"<tr><td><b>{k}</b></td><td>{t}</td></tr>" for k, t in self.shortcut_text())
        extra = ("<tr><td><b>Click</b></td><td>add a point of the selected class</td></tr>"
                 "<tr><td><b>Shift+click</b></td><td>add a point of the other class</td></tr>"
                 "<tr><td><b>Drag</b></td><td>move a point</td></tr>"
                 "<tr><td><b>Right-click</b></td><td>remove the nearest point</td></tr>")
        QMessageBox.information(self, "Keyboard shortcuts",
                                f"<table cellspacing='6'>{rows}{extra}</table>")

    def show_tabs_help(self):
        rows = "".join(f"<p><b>{c.title}</b> (<code>--tab {c.key}</code>): {c.help_text()}</p>"
                       for c in map(tab_class, TABS))
        QMessageBox.information(self, "What each tab shows", rows)

    def show_about(self):
        QMessageBox.about(self, "About lrviz",
                          f"<h3>lrviz {__version__}</h3><p>Logistic regression, and how it "
                          "grows into a neural network, in plots that move while the model "
                          "trains.</p>")

    def flush(self):
        """Draw everything that waits for its next redraw (before a screenshot)."""
        flush_live()

    def shutdown(self):
        if self._lesson_panel is not None:
            self._lesson_panel.runner.stop()
        if self._recording is not None:
            self.toggle_recording()
        if self._animation is not None and not self._animation.done:
            self._animation.cancel()  # (its threads write nothing and end on their own)
        for page in self._built.values():
            page.shutdown()
        look().reset()  # (the text size and the palette are the application's)

    def closeEvent(self, event):
        self.shutdown()
        super().closeEvent(event)
