"""The window's files: sessions, the document's points as CSV, and pictures.

Every file read either loads or is refused with one short line (in the status
bar, and in a dialog that does not block the window unless ``quiet``), with
nothing in the window changed; every file written appears whole or not at all.
"""
from __future__ import annotations

import itertools
import os
import threading

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ..fileio import show_path
from ..session import MAX_BYTES, SessionError, read_session
from ..sharing import holding_long_lists, let_go
from .jobs import JobSlot, plain_error
from .pictures import save_widget
from .tabs import TABS
from .widgets.forms import choose_path


#: numbers in a session's tables written at once; more are written in the background
SAVE_AT_ONCE = 200_000
#: sessions larger than this (bytes) are read and checked in the background
OPEN_AT_ONCE_BYTES = 4 << 20
_writing = threading.Lock()  # (one session file written at a time)
_saves = itertools.count()  # each save's number: the higher, the newer
_written = {}  # path -> the number of the save written there last


def numbers_in(value):
    """How many numbers the lists of numbers in ``value`` (a session's state) hold,
    without visiting each number."""
    from ..session import Later

    if isinstance(value, Later):
        return value.numbers
    if isinstance(value, dict):
        return sum(numbers_in(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        if value and isinstance(value[0], (dict, list, tuple)):
            return sum(numbers_in(v) for v in value)
        return len(value)
    return 0


def write_in_turn(path, state, current, number):
    """Plain Python (a big session's in a job): write a session file after any other
    being written -- unless a newer save (a higher ``number``) of the same file came
    first: two saves in a row keep the second one's state, whichever job runs first."""
    from ..session import write_session

    with _writing:
        if _written.get(path, -1) > number:
            return
        try:
            write_session(path, state, current)
        except OSError as exc:  # (said without the path, which the message names)
            raise OSError(exc.strerror or str(exc)) from None
        _written[path] = number


def read_and_check(path, checks):
    """Plain Python (a big session's in a job): read the session file ``path`` and check
    each tab's part with ``checks[key](part, where)``, changing nothing: (the tabs'
    plans, the tab to show).  SessionError if anything is wrong."""
    with holding_long_lists():
        doc = read_session(path)
        current = doc.get("current_tab")
        if current is not None and (not isinstance(current, str) or current not in TABS):
            raise SessionError(f"{show_path(path)}: 'current_tab' is not one of {list(TABS)}")
        plans = {key: check(doc["tabs"][key], f"{show_path(path)}: tab '{key}'")
                 for key, check in checks.items() if key in doc["tabs"]}
        let_go(doc)  # (its millions of numbers freed a list at a time, not in one go)
    return plans, current


class WindowFiles(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.reading = JobSlot(self)  # a points file being read
        self.saving = JobSlot(self)  # a big session being written
        self._opening = 0  # the number of the session put into the tabs last
        self.last_error = ""
        self.dialog = None  # the column dialog shown last

    def say(self, text, ms=8000):
        self.window.statusBar().showMessage(text, ms)

    def error(self, title, text, quiet=False):
        """One line in the status bar and, unless quiet, in a dialog that does not block
        the window (training and drawing go on behind it)."""
        self.last_error = text
        self.say(text, 15000)
        if not quiet:
            box = QMessageBox(QMessageBox.Warning, title, text, QMessageBox.Ok, self.window)
            box.setAttribute(Qt.WA_DeleteOnClose)
            box.open()

    # -------------------------------------------------------------- sessions
    def session_state(self):
        return {page.key: page.session.state() for page in self.window.pages}

    def save_session(self, path=None):
        """Save every tab's state: at once (True, or False with the reason said) -- or,
        with tables of more than ``SAVE_AT_ONCE`` numbers, written in the background
        (the job is returned; the status bar says when it is saved, or why not): a
        100,000 x 50 table took five seconds to write out, and the window stood still."""
        habits = self.window.habits
        path = choose_path(self.window, path, "Save session",
                           habits.folder("session", "lesson.lrviz.json"),
                           "lrviz sessions (*.json)", save=True)
        if path is None:
            return False
        from ..session import taking_for_later

        with taking_for_later():  # (tables turned into numbers by the writer)
            state, current = self.session_state(), self.window.current_page().key
        number = next(_saves)
        if numbers_in(state) <= SAVE_AT_ONCE:
            try:
                write_in_turn(path, state, current, number)
            except (OSError, ValueError) as exc:
                return self._not_saved(path, plain_error(exc))
            return self._saved(path)
        self.say(f"Saving the session to {show_path(path)}…", 0)
        return self.saving.start(lambda progress, cancelled: write_in_turn(path, state, current,
                                                                          number),
                                 lambda _: self._saved(path),
                                 lambda why: self._not_saved(path, why))

    def _saved(self, path):
        self.window.habits.opened(path, "session")
        self.say(f"Session saved to {show_path(path)}")
        return True

    def _not_saved(self, path, why):
        self.error("Session not saved", f"Could not write {show_path(path)}: {why}")
        return False

    def open_session(self, path=None, quiet=False, background=True):
        """Open a session: every tab's part is checked before any tab changes, so a bad
        file is refused with one message and nothing changes.  True or False, at once --
        or, for a file of more than ``OPEN_AT_ONCE_BYTES`` (unless not ``background``),
        the job that reads and checks it in the background, after which the tabs change
        (the status bar says so, or why not): a session with a 100,000 x 50 table held
        the window for a second."""
        path = choose_path(self.window, path, "Open session", self.window.habits.folder("session"),
                           "lrviz sessions (*.json);;All files (*)", save=False)
        if path is None:
            return False
        checks = {page.key: page.session.check for page in self.window.pages}

        def read():
            return read_and_check(path, checks)
        try:  # (a file too large for a session is refused at once, unread)
            big = background and OPEN_AT_ONCE_BYTES < os.stat(path).st_size <= MAX_BYTES
        except OSError:
            big = False  # (the reader says why it cannot be read)
        if not big:
            try:
                plans, current = read()
            except SessionError as exc:
                return self._not_opened(str(exc), quiet)
            self.reading.cancel()  # (a file still being read would come after it)
            return self._open(path, plans, current)
        self.say(f"Opening the session {show_path(path)}…", 0)
        return self.reading.start(lambda progress, cancelled: read(),
                                  lambda result: self._open(path, *result, in_turns=True),
                                  lambda why: self._not_opened(why, quiet))

    def _open(self, path, plans, current, in_turns=False, number=None):
        """Put the checked ``plans`` into their tabs: at once -- or ``in_turns`` (a
        session read in the background), a tab a turn of the event loop, the tab to show
        last (at once, six tabs and a big table held the window for 0.2 s).  A session
        put in after it (a higher ``number``) stops it."""
        if number is None:
            number = self._opening = self._opening + 1
        elif number != self._opening:
            return None  # (another session was opened since)
        waiting = sorted(plans.items(), key=lambda item: item[0] == current)
        while waiting:
            key, plan = waiting.pop(0)
            self.window.page[key].session.apply(plan)
            if waiting and in_turns:  # (a 1 ms timer: calls queued with 0 ran two tabs
                QTimer.singleShot(1, self, lambda: self._open(  # in a sweep, with no
                    path, dict(waiting), current, True, number))  # timer between them)
                return None
        if current is not None:
            self.window.select_tab(current)
        self.window.habits.opened(path, "session")
        self.say(f"Opened session {show_path(path)}")
        return True

    def _not_opened(self, why, quiet):
        self.error("Session not opened", f"{why}. Nothing was changed.", quiet)
        return False

    # ------------------------------------------------------------ the points
    def table_page(self):
        """The tab a table goes to: the current one if it takes tables, else the
        Builder."""
        page = self.window.current_page()
        return page if page.table_spec is not None else self.window.boundary

    def open_data(self, path=None, columns=None):
        """Read a data file in the background (the window goes on meanwhile; a file
        chosen meanwhile takes its place).  The app's own points file (x1,x2,label) fills
        the document, undoably.  Any other table goes to the current tab (or the Builder)
        through the column dialog -- without it when ``columns`` (features, label) are
        given, or when a file named here (the command line, a drop) can be read one way
        only.  Returns the job, or None when no file was chosen."""
        asked = path is None
        path = choose_path(self.window, path, "Open data", self.window.habits.folder("data"),
                           "Tables (*.csv *.tsv *.txt);;All files (*)", save=False)
        if path is None:
            return None
        document = self.window.document
        page = self.table_page()

        def loaded(result):
            if isinstance(result, tuple):  # the app's own points file
                document.opened(*result, path)
                self.window.habits.opened(path)
                self.say(f"Loaded {len(result[1]):,} points from {show_path(path)}", 15000)
                return
            self.table_read(result, page, columns, asked)
        return self.reading.start(lambda progress, cancelled: document.read_any(path), loaded,
                                  self._not_loaded)

    def _not_loaded(self, why):
        self.error("Data not loaded", f"Not loaded — {why}. Your points are unchanged.",
                   quiet=True)

    def table_read(self, table, page, columns=None, asked=True):
        """A table was read: take the given or only possible columns, else ask."""
        spec = page.table_spec
        if columns is None and not asked and spec.least == spec.most:
            columns = table.obvious(spec.most)
        if columns is not None:
            problem = spec.problem(*columns)
            if problem:
                self._not_loaded(f"{table.where}: {problem}")
                return None
            return self.choose_columns(table, page, *columns)
        from .widgets.table_dialog import TableDialog

        self.dialog = TableDialog(table, spec, self.window)
        self.dialog.setWindowTitle(f"Open {table.where} in {page.title}")
        self.dialog.accepted.connect(
            lambda d=self.dialog: self.choose_columns(table, page, *d.chosen()))
        self.dialog.open()
        return self.dialog

    def choose_columns(self, table, page, features, label):
        """Read the chosen columns in the background; the tab shows them."""
        spec = page.table_spec
        return self.reading.start(
            lambda progress, cancelled: table.choose(features, label, spec.max_classes),
            lambda data: self._take(page, data, table.path), self._not_loaded)

    def _take(self, page, data, path):
        page.take_table(data, path)
        self.window.habits.opened(path)
        self.window.select_tab(page.key)
        where = show_path(path) if path is not None else data.source
        self.say(f"Loaded {data.summary()} from {where}", 15000)

    def open_dataset(self, key, tab):
        """A real data set shipped with the app, shown in ``tab``."""
        from ..data.catalog import open_real

        page = self.window.page[tab]
        return self.reading.start(
            lambda progress, cancelled: open_real(key, tab, page.table_spec.max_classes),
            lambda data: self._take(page, data, None), self._not_loaded)

    def open_any(self, path, quiet=False):
        """A file by what it holds: a session, a lesson or a table (a drop, ``lrviz
        FILE``)."""
        from ..filekind import file_kind

        kind = file_kind(path)
        if kind == "session":
            return self.open_session(path, quiet)
        if kind == "lesson":
            return self.window.open_lesson(path, quiet=quiet)
        return self.open_data(path)

    def save_data(self, path=None):
        doc = self.window.document
        # (never over the table the points came from: it has columns these do not)
        name = "points.csv" if doc.path is None or doc.points.names.features \
            else os.path.basename(doc.path)
        path = choose_path(self.window, path, "Save points", self.window.habits.folder("data", name),
                           "CSV files (*.csv)", save=True)
        if path is None:
            return False
        try:
            self.window.document.save_csv(path)
        except OSError as exc:
            self.error("Points not saved",
                       f"Could not save {show_path(path)}: {exc.strerror or exc}", quiet=True)
            return False
        self.window.habits.opened(path)
        self.say(f"Saved {len(self.window.document.points):,} points to {show_path(path)}")
        return True

    # -------------------------------------------------------------- pictures
    def export_image(self, path=None, scale=None):
        """The current tab as PNG (at ``scale`` x its size, for slides) or SVG."""
        if path is None:
            path, kind = QFileDialog.getSaveFileName(
                self.window, "Export image", "lrviz.png", "PNG image (*.png);;SVG drawing (*.svg)")
            if not path:
                return False
            if scale is None and not path.lower().endswith(".svg"):
                from PySide6.QtWidgets import QInputDialog

                scale, ok = QInputDialog.getDouble(self.window, "Export image",
                                                   "Scale (2 for slides):", 2.0, 1.0, 4.0, 1)
                if not ok:
                    return False
        try:
            save_widget(self.window.current_page(), path, scale or 1.0)
        except (OSError, ValueError) as exc:
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.error("Export failed", f"Could not write {show_path(path)}: {why}")
            return False
        self.say(f"Saved {show_path(path)}")
        return True

    def shutdown(self):
        self.reading.shutdown()
        if self.saving.running:  # (a session being written is finished, not dropped)
            self.saving.shutdown(timeout=120.0)
