"""Recording the current tab while it trains: numbered PNG frames (File → Record
training) or an animated GIF, WebP or PNG (File → Export animation…)."""
from __future__ import annotations

import os
import time

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QFileDialog

from ..fileio import show_path, write_atomically
from .pictures import image_bytes

#: frames a second written while recording, and the most frames one recording writes
RECORD_FPS = 10
RECORD_MAX_FRAMES = 3000


class Recording(QObject):
    def __init__(self, window, files):
        super().__init__(window)
        self.window, self.files = window, files
        self._frames = None  # {"page", "folder", "count", "last"} while frames are written
        self.animation = None  # the animation being recorded or written
        self.action = None  # File → Record training (checked while it records)

    @property
    def active(self):
        return self._frames is not None

    def _checked(self, on):
        if self.action is not None:
            self.action.setChecked(on)

    def toggle(self, folder=None):
        """Start or stop writing frame_00001.png, ... of the current tab while it trains;
        returns the frames written (when stopping), 0 (starting) or None."""
        rec = self._frames
        if rec is not None:
            rec["page"].controller.snapshot.disconnect(self._frame)
            self._frames = None
            self._checked(False)
            self.files.say(f"Recording stopped: {rec['count']} frames in {rec['folder']}", 10000)
            return rec["count"]
        if folder is None:
            folder = QFileDialog.getExistingDirectory(self.window, "Record training into folder")
            if not folder:
                self._checked(False)
                return None
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError as exc:
            self._checked(False)
            self.files.error("Recording not started", f"Cannot use {folder}: {exc}")
            return None
        page = self.window.current_page()
        self._frames = {"page": page, "folder": folder, "count": 0, "last": 0.0}
        page.controller.snapshot.connect(self._frame)
        self._checked(True)
        self.files.say(f"Recording into {folder}: Ctrl+R to stop", 10000)
        return 0

    def _frame(self, snap):
        rec = self._frames
        if rec is None:
            return
        now = time.perf_counter()
        if now - rec["last"] < 1.0 / RECORD_FPS and snap.running:
            return
        rec["last"] = now
        rec["count"] += 1
        path = os.path.join(rec["folder"], f"frame_{rec['count']:05d}.png")
        try:
            write_atomically(path, image_bytes(rec["page"].grab().toImage(), "PNG"))
        except (OSError, ValueError) as exc:
            self.toggle()
            self.files.error("Recording stopped", f"Could not write {show_path(path)}: {exc}")
            return
        if rec["count"] >= RECORD_MAX_FRAMES:
            self.toggle()

    def export_animation(self, path=None, **choices):
        """Record the current tab and write an animation (choices: fmt, fps, scale,
        seconds, replay; asked in a dialog when not given).  Returns the recorder."""
        from ..animation import FORMATS
        from .animation_export import AnimationDialog, AnimationRecorder

        page = self.window.current_page()
        if self.animation is not None and not self.animation.done:
            self.files.say("An animation is being recorded already")
            return None
        if not choices:
            dialog = AnimationDialog(self.window, can_replay=page.timeline is not None
                                     and len(page.timeline.history) > 1)
            if dialog.exec() != QDialog.Accepted:
                return None
            choices = dialog.choices()
        fmt = choices.get("fmt", "gif")
        if path is None:
            name, suffix = FORMATS[fmt][0], FORMATS[fmt][1]
            path, _ = QFileDialog.getSaveFileName(self.window, "Export animation",
                                                  "lrviz" + suffix, f"{name} (*{suffix})")
            if not path:
                return None
        folder = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(folder) or not os.access(folder, os.W_OK):
            self.files.error("Animation not recorded",
                             f"Cannot write into {show_path(folder)}: no such folder, or not "
                             "writable")
            return None
        timer = choices.pop("timer", True)
        recorder = AnimationRecorder(page, path, parent=self.window, **choices)
        recorder.finished.connect(lambda text: self.files.say(text, 15000))
        self.animation = recorder
        recorder.start(timer=timer, dialog=timer)
        return recorder

    def shutdown(self):
        if self._frames is not None:
            self.toggle()
        if self.animation is not None and not self.animation.done:
            self.animation.cancel()  # (its threads write nothing and end on their own)
