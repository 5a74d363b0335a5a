"""What a desktop app remembers and the small habits around its files: File → Recent,
files dropped on the window, the last folder of each kind of file, the theme, the
text size, the last tab and the window's place between runs, and a question
before closing on points not saved.

``Habits(window, store)`` keeps them in ``store`` (a ``QSettings``).  The ``lrviz``
command gives the user's own settings; a window made without a store (tests, a
tab embedded elsewhere) remembers nothing and never asks: nothing it does may
stop on a question or leak into the user's settings.
"""
from __future__ import annotations

import os

from PySide6.QtCore import QEvent, QObject, QSettings
from PySide6.QtWidgets import QMessageBox

RECENT = 10
KINDS = ("data", "session", "lesson", "image")


def user_store():
    return QSettings("lrviz", "lrviz")


class Habits(QObject):
    def __init__(self, window, store=None):
        super().__init__(window)
        self.window, self.store = window, store
        self._closing_asked = False
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def eventFilter(self, obj, event):
        """Files dragged over the window are welcome; dropped, they open."""
        kind = event.type()
        if kind in (QEvent.DragEnter, QEvent.DragMove, QEvent.Drop) and obj is self.window:
            mime = event.mimeData()
            if kind == QEvent.Drop:
                taken = self.drop(mime)
            else:
                taken = bool(self.dropped_paths(mime))
            if taken:
                event.acceptProposedAction()
                return True
        return False

    # ------------------------------------------------------------ recent files
    def recent(self):
        if self.store is None:
            return []
        value = self.store.value("recent", [])
        paths = [value] if isinstance(value, str) else list(value or [])
        return [p for p in paths if isinstance(p, str)][:RECENT]

    def opened(self, path, kind="data"):
        """A file was opened or saved: first in File → Recent, its folder remembered."""
        if self.store is None or path is None:
            return
        path = os.path.abspath(os.fsdecode(path))
        paths = [path] + [p for p in self.recent() if p != path]
        self.store.setValue("recent", paths[:RECENT])
        self.store.setValue(f"folder/{kind}", os.path.dirname(path))

    def folder(self, kind, name=""):
        """Where a file dialog of this kind starts: the last folder used for it."""
        folder = self.store.value(f"folder/{kind}", "") if self.store is not None else ""
        return (os.path.join(folder, name) if name else folder) if folder else name

    def fill_recent(self, menu):
        menu.clear()
        paths = self.recent()
        for i, path in enumerate(paths):
            act = menu.addAction(f"&{(i + 1) % 10} {os.path.basename(path)}")
            act.setToolTip(path)
            act.triggered.connect(lambda _=False, p=path: self.window.files.open_any(p))
        if not paths:
            menu.addAction("(no files yet)").setEnabled(False)

    # ------------------------------------------------------------------- drops
    @staticmethod
    def dropped_paths(mime):
        return [u.toLocalFile() for u in mime.urls() if u.isLocalFile()] if mime.hasUrls() else []

    def drop(self, mime):
        """Open the first file dropped: a session, a lesson or a table, by what it holds."""
        paths = self.dropped_paths(mime)
        if paths:
            self.window.files.open_any(paths[0])
        return bool(paths)

    # -------------------------------------------------------------- remembering
    def restore(self, tab=True, theme=True):
        """The theme, text size, last tab and window geometry of the last run."""
        if self.store is None:
            return
        from .look import THEMES, look

        s = self.store
        name = s.value("theme", "")
        if theme and name in THEMES:
            look().set_theme(name)
        try:
            zoom = int(s.value("zoom", 0))
        except (TypeError, ValueError):
            zoom = 0
        if zoom:
            look().zoom(zoom)
        key = s.value("tab", "")
        if tab and key in self.window.page:
            self.window.select_tab(key)
        geometry = s.value("geometry")
        if geometry is not None:
            self.window.restoreGeometry(geometry)

    def remember(self):
        if self.store is None:
            return
        from .look import PRESENT_STEPS, look

        lk, s = look(), self.store
        s.setValue("theme", lk.theme)
        s.setValue("zoom", lk.zoom_level - (PRESENT_STEPS if lk.presenting else 0))
        s.setValue("tab", self.window._current_key)
        if not self.window.isFullScreen():
            s.setValue("geometry", self.window.saveGeometry())
        s.sync()

    # ------------------------------------------------------------------ closing
    def should_wait(self):
        """Closing now would lose edited points: ask first (True: the close waits)."""
        doc = self.window.document
        if self.store is None or self._closing_asked or not doc.modified or not len(doc.points):
            return False
        box = QMessageBox(QMessageBox.Question, "Close lrviz",
                          f"The points ({doc.name}) have changes that are not saved.",
                          QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel,
                          self.window)
        box.setInformativeText("Save them as a CSV file before closing?")
        box.finished.connect(lambda answer: self._answered(box.standardButton(box.clickedButton())))
        self.box = box
        box.open()
        return True

    def _answered(self, button):
        if button == QMessageBox.Cancel or button == QMessageBox.NoButton:
            return
        if button == QMessageBox.Save and not self.window.files.save_data():
            return  # (not saved after all: the window stays)
        self._closing_asked = True
        self.window.close()
