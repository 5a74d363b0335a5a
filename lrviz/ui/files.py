"""The window's files: sessions, the document's points as CSV, and pictures.

Every file read either loads or is refused with one short line (in the status
bar, and in a dialog that does not block the window unless ``quiet``), with
nothing in the window changed; every file written appears whole or not at all.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ..fileio import show_path
from .jobs import JobSlot
from .pictures import save_widget
from .tabs import TABS
from .widgets.forms import choose_path


class WindowFiles(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.reading = JobSlot(self)  # a points file being read
        self.last_error = ""

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
        from ..session import write_session

        path = choose_path(self.window, path, "Save session", "lesson.lrviz.json",
                           "lrviz sessions (*.json)", save=True)
        if path is None:
            return False
        try:
            write_session(path, self.session_state(), self.window.current_page().key)
        except (OSError, ValueError) as exc:
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            self.error("Session not saved", f"Could not write {show_path(path)}: {why}")
            return False
        self.say(f"Session saved to {show_path(path)}")
        return True

    def open_session(self, path=None, quiet=False):
        """Open a session: every tab's part is checked before any tab changes, so a bad
        file is refused with one message and nothing changes."""
        from ..session import SessionError, read_session

        path = choose_path(self.window, path, "Open session", "",
                           "lrviz sessions (*.json);;All files (*)", save=False)
        if path is None:
            return False
        try:
            doc = read_session(path)
            current = doc.get("current_tab")
            if current is not None and (not isinstance(current, str) or current not in TABS):
                raise SessionError(f"{show_path(path)}: 'current_tab' is not one of {list(TABS)}")
            plans = {page.key: page.session.check(doc["tabs"][page.key],
                                                  f"{show_path(path)}: tab '{page.key}'")
                     for page in self.window.pages if page.key in doc["tabs"]}
        except SessionError as exc:
            self.error("Session not opened", f"{exc}. Nothing was changed.", quiet)
            return False
        for key, plan in plans.items():
            self.window.page[key].session.apply(plan)
        if current is not None:
            self.window.select_tab(current)
        self.say(f"Opened session {show_path(path)}")
        return True

    # ------------------------------------------------------------ the points
    def open_data(self, path=None):
        """Read a points file in the background (the window goes on meanwhile; a file
        chosen meanwhile takes its place); the document gets its points, undoably.
        Returns the job, or None when no file was chosen."""
        path = choose_path(self.window, path, "Open points", "", "CSV files (*.csv)", save=False)
        if path is None:
            return None
        document = self.window.document

        def loaded(points):
            document.opened(*points, path)
            self.say(f"Loaded {len(points[1]):,} points from {show_path(path)}", 15000)
        return self.reading.start(
            lambda progress, cancelled: document.read_csv(path), loaded,
            lambda why: self.error("Points not loaded",
                                   f"Not loaded — {why}. Your points are unchanged.", quiet=True))

    def save_data(self, path=None):
        path = choose_path(self.window, path, "Save points", "points.csv", "CSV files (*.csv)",
                           save=True)
        if path is None:
            return False
        try:
            self.window.document.save_csv(path)
        except OSError as exc:
            self.error("Points not saved",
                       f"Could not save {show_path(path)}: {exc.strerror or exc}", quiet=True)
            return False
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
