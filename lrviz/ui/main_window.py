"""The main window: the registered tabs around the window's document, the status
bar, the look, and the lesson beside them.  Its menus are ``menus``, its files
``files`` (sessions, points, pictures) and its recordings ``recording``."""
from __future__ import annotations

import math
from collections.abc import Mapping

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QWidget

from ..document import Document
from .files import WindowFiles
from .keyboard import ControlKeys
from .habits import Habits
from .live import PaintGuard, flush_live
from .look import look
from .menus import build_menus
from .spotlight import Spotlight, screen_area
from .recording import Recording
from .tabs import TABS, tab_class
from .widgets.forms import FixedColumn, keep_lines, scrolling

def window_area(widget):
    """The part of the screen the window must fit in, frame and all (no task bar); None
    with no real screen (``--screenshot``, tests: pictures at the usual size)."""
    if QGuiApplication.platformName() in ("offscreen", "minimal"):
        return None
    return screen_area(widget)


#: Presentation mode on a screen shorter than this (in pixels) folds the panels'
#: explanations behind their ? buttons: at 1280×720 the pictures need the room.
COMPACT_BELOW = 1000


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
        self.resize(self._first_size())
        #: the points every tab that learns from points reads (the Builder edits them)
        self.document = Document.with_preset()
        self.files = WindowFiles(self)
        #: what the app remembers between runs, Recent, drops (nothing without a store)
        self.habits = Habits(self)  # (it also takes the files dropped on the window)
        self.recording = Recording(self, self.files)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        # a click on a tab leaves the focus (and the one-key shortcuts) where it was
        self.tabs.tabBar().setFocusPolicy(Qt.TabFocus)
        ControlKeys.install()
        self._lesson_panel = None
        # A tab is built when it is first shown (or a session needs it): the window
        # opens faster and a tab nobody opens costs nothing.
        self._built, self._holders = {}, {}
        #: what a lesson step (or the presenter) asks the class to look at
        self.spotlight = Spotlight(self)
        for key in TABS:
            holder = QWidget()
            column = FixedColumn(holder)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(0)
            column.addWidget(self.spotlight.bar(key))
            self._holders[key] = holder
            # a tab larger than a small screen (960×540 at 2× scale) scrolls: every
            # control stays reachable, and the window never outgrows the screen
            self.tabs.addTab(scrolling(holder), tab_class(key).title.replace("&", "&&"))
        self.page = _Pages(self)
        self._paint_guard = None  # installed on the native window when first shown
        self.setCentralWidget(self.tabs)
        self._current_key = next(iter(TABS))  # built when shown or first asked for
        self.tabs.currentChanged.connect(self._tab_changed)
        self._build_status_bar()
        build_menus(self)
        self.document.subscribe(self._document_changed)
        self._document_changed()
        self._tab_changed(0)
        look().changed.connect(self._look_changed)

    def _first_size(self):
        """1440×900, or the screen's free area when it is smaller (a 1280×720 projector,
        960×540 at 2× scale); ``_fit_screen`` takes the frame off once it is known."""
        area = window_area(self)
        if area is None:
            return QSize(1440, 900)
        return QSize(min(1440, area.width()), min(900, area.height()))

    def _fit_screen(self):
        """The whole window, its frame too, inside the screen's free area."""
        area = window_area(self)
        if area is None or self.isFullScreen():
            return
        frame = self.frameGeometry()
        chrome = frame.size() - self.geometry().size()  # title bar and borders
        size = QSize(min(self.width(), area.width() - chrome.width()),
                     min(self.height(), area.height() - chrome.height()))
        if size != self.size():
            self.resize(size)
        frame = self.frameGeometry()
        x = max(area.left(), min(frame.left(), area.right() + 1 - frame.width()))
        y = max(area.top(), min(frame.top(), area.bottom() + 1 - frame.height()))
        if (x, y) != (frame.left(), frame.top()):
            self.move(x, y)

    # ---------------------------------------------------------------- tabs
    def _build(self, key):
        page = self._built.get(key)
        if page is None:
            page = self._built[key] = tab_class(key)(self.document)
            self._holders[key].layout().addWidget(page)
            self.spotlight.watch(page)
            page.show()  # (now: Qt shows a child laid out in a visible holder only later,
            #              and a spotlight or lesson measuring it at once found it hidden)
            page.statusChanged.connect(lambda info, p=page: self._status(p, info))
            page.message.connect(lambda text, p=page: self._message(p, text))
        return page

    def current_page(self):
        return self._build(self._current_key)

    @property
    def pages(self):
        """Every tab, in the registry's order (builds those not built yet)."""
        return [self._build(key) for key in TABS]

    @property
    def boundary(self):
        return self._build("boundary")

    def select_tab(self, key):
        self.tabs.setCurrentIndex(list(TABS).index(key))

    def showEvent(self, event):
        self._tab_changed(self.tabs.currentIndex())  # build and announce the visible tab
        self._fit_screen()
        if self._paint_guard is None and self.windowHandle() is not None:
            self._paint_guard = PaintGuard(self)
            self.windowHandle().installEventFilter(self._paint_guard)
        super().showEvent(event)

    def _tab_changed(self, index):
        if self._lesson_panel is not None:
            QTimer.singleShot(0, self._lesson_panel.fit_screen)
        key = list(TABS)[index]
        old = self._built.get(self._current_key)
        if old is not None and key != self._current_key:
            old.leave()
            if self.recording.active:
                self.recording.toggle()  # frames of one tab only
        self._current_key = key
        page = self.current_page()
        page._emit_status(page.controller.latest)

    # ------------------------------------------------------- status and title
    def _build_status_bar(self):
        bar = self.statusBar()
        self.epoch_label = QLabel("epoch 0")
        self.loss_label = QLabel("training loss —")
        self.acc_label = QLabel("training accuracy —")
        self.state_label = QLabel("paused")
        # the status bar's figures are on the training set (a tab's held-out figures
        # say "held out"): the words say which
        for w, chars in ((self.epoch_label, 16), (self.loss_label, 38),
                         (self.acc_label, 24), (self.state_label, 16)):
            # changing text must not re-lay-out the window ("loss … + penalty …": longer)
            keep_lines(w, 1, chars=chars)
            bar.addPermanentWidget(w)
        # a message ("Saved …", "Presentation mode: F11 to leave") takes the room of the
        # two widest figures while it shows: at 1280 pixels it was cut after a few words
        bar.messageChanged.connect(lambda text: [w.setHidden(bool(text)) for w in
                                                 (self.loss_label, self.acc_label)])

    def _status(self, page, info):
        if page.key != self._current_key:
            return
        self.epoch_label.setText(f"epoch {info['epoch']:,}")
        loss, acc = info["loss"], info["accuracy"]
        penalty = info.get("penalty", 0.0)
        self.loss_label.setText("training loss —" if math.isnan(loss) else
                                f"training loss {loss:.4f} + penalty {penalty:.4f}"
                                if penalty > 0 else f"training loss {loss:.4f}")
        self.acc_label.setText("training accuracy —" if math.isnan(acc)
                               else f"training accuracy {acc:.1%}")
        self.state_label.setText(info["state"])

    def _message(self, page, text):
        if page.key == self._current_key:
            self.statusBar().showMessage(text, 15000)

    def _document_changed(self):
        """The title names the points' file and marks changes not saved; Undo and Redo
        say what they would do."""
        doc = self.document
        self.setWindowTitle(f"{doc.name}[*] — lrviz")
        self.setWindowModified(doc.modified and doc.path is not None)
        for act, text, verb in ((self.undo_action, doc.undo.undo_text, "Undo"),
                                (self.redo_action, doc.undo.redo_text, "Redo")):
            act.setEnabled(bool(text))
            act.setText(f"{verb} {text}" if text else verb)

    # ------------------------------------------------------------- the look
    def set_theme(self, name):
        """Light, dark or high contrast: the window, every plot and every map."""
        look().set_theme(name)
        self.statusBar().showMessage(f"{name.capitalize()} theme", 4000)

    def zoom(self, direction):
        """Larger (1) or smaller (-1) text everywhere; 0: the usual size again."""
        if direction:
            look().zoom(direction)
        else:
            look().zoom_normal()

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
                              and screen.geometry().height() < COMPACT_BELOW)
        self.statusBar().showMessage("Presentation mode: F11 to leave" if on else "", 5000)

    def _look_changed(self):
        if self._lesson_panel is not None:
            self._lesson_panel.place()  # larger text: is there still room beside?

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
        self.lesson_panel.place()  # (hidden: the subject's mark goes with it)

    def lesson_step(self, method):
        """Next / Previous step of the open lesson (PageDown / PageUp)."""
        if self._lesson_panel is not None and self._lesson_panel.lesson is not None:
            getattr(self._lesson_panel, method)()

    def open_lesson(self, name_or_path=None, step=0, quiet=False, live=True):
        """A built-in lesson by name or a lesson file: checked in full first (a bad one
        is refused in one line and nothing changes), then shown at ``step`` (``live``:
        its setup trains in the background; otherwise at once, for a picture)."""
        from ..lessons import BUILTIN, LessonError
        from .lessons import check_states, open_lesson
        from .widgets.forms import choose_path

        if name_or_path is None:
            name_or_path = choose_path(self, None, "Open lesson", "",
                                       "lrviz lessons (*.json);;All files (*)", save=False)
            if name_or_path is None:
                return False
        from ..fileio import show_path

        try:
            lesson = open_lesson(name_or_path)
            builtin = name_or_path in BUILTIN
            check_states(lesson, self, name_or_path if builtin else show_path(name_or_path))
        except LessonError as exc:
            self.files.error("Lesson not opened", f"{exc}. Nothing was changed.", quiet)
            return False
        self.lesson_panel.open(lesson, None if builtin else name_or_path, step, live)
        if not builtin:  # (File → Recent: a lesson file opens again from there)
            self.habits.opened(name_or_path, "lesson")
        return True

    # ---------------------------------------------------------------- the end
    def flush(self):
        """Draw everything that waits for its next redraw (before a screenshot)."""
        flush_live()

    def shutdown(self):
        if self._lesson_panel is not None:
            self._lesson_panel.shutdown()
        self.recording.shutdown()
        self.files.shutdown()
        for page in self._built.values():
            page.shutdown()
        look().reset()  # (the text size and the palette are the application's)

    def closeEvent(self, event):
        if self.habits.should_wait():  # points not saved: the question decides
            event.ignore()
            return
        self.habits.remember()
        self.shutdown()
        super().closeEvent(event)
