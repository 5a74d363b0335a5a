"""File > Export animation…: record the current tab while it trains (or while its timeline
replays) and write an animated GIF, WebP or PNG, never blocking the window.

The GUI thread only takes each frame (a grab of the tab, a few milliseconds);
a helper thread scales and compresses it, and another encodes the file with
Pillow (``lrviz.animation``) while a progress dialog offers Cancel.  The file
appears under its name only when it is complete.
"""
from __future__ import annotations

import os
import queue
import threading

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QProgressDialog,
    QSpinBox,
)

from ..animation import FORMATS, MAX_FRAMES, Cancelled, Frames, available_formats, write_animation
from ..fileio import show_path

SCALES = (0.5, 1.0, 2.0)


def grab_rgb(widget):
    """The widget as drawn now, as an (h, w, 3) uint8 array (its on-screen pixels)."""
    image = widget.grab().toImage().convertToFormat(QImage.Format_RGB888)
    h, w = image.height(), image.width()
    rows = np.frombuffer(image.constBits(), np.uint8, count=h * image.bytesPerLine())
    return rows.reshape(h, image.bytesPerLine())[:, :3 * w].reshape(h, w, 3).copy()


class AnimationDialog(QDialog):
    """Format, frame rate, scale, length and source of an animation."""

    def __init__(self, parent=None, can_replay=False):
        super().__init__(parent)
        self.setWindowTitle("Export animation")
        form = QFormLayout(self)
        self.format = QComboBox()
        for key in available_formats():
            self.format.addItem(f"{FORMATS[key][0]} ({FORMATS[key][1]})", key)
        self.fps = QSpinBox()
        self.fps.setRange(2, 30)
        self.fps.setValue(12)
        self.fps.setSuffix(" frames/s")
        self.scale = QComboBox()
        for s in SCALES:
            self.scale.addItem(f"{s:g}× the tab's size", s)
        self.scale.setCurrentIndex(1)
        self.scale.setToolTip("2× suits slides (the frames are enlarged smoothly)")
        self.seconds = QSpinBox()
        self.seconds.setRange(1, 60)
        self.seconds.setValue(10)
        self.seconds.setSuffix(" s")
        self.source = QComboBox()
        self.source.addItem("training as it runs", False)
        if can_replay:
            self.source.addItem("the timeline replayed", True)
        for label, w in (("Format", self.format), ("Frame rate", self.fps), ("Size", self.scale),
                         ("Length", self.seconds), ("Record", self.source)):
            form.addRow(label, w)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("Record…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def choices(self):
        return dict(fmt=self.format.currentData(), fps=self.fps.value(),
                    scale=self.scale.currentData(), seconds=self.seconds.value(),
                    replay=bool(self.source.currentData()))


class AnimationRecorder(QObject):
    """One recording: frames while ``seconds`` pass, then the file written in a thread.

    ``finished(message)`` says how it ended (saved, cancelled, failed) in one line; the
    file is under ``path`` only when it is complete.
    """

    finished = Signal(str)

    def __init__(self, page, path, fmt="gif", fps=12, scale=1.0, seconds=10, replay=False,
                 parent=None):
        super().__init__(parent)
        if fmt not in FORMATS:
            raise ValueError(f"unknown animation format {fmt!r}")
        self.page, self.path, self.fmt = page, os.fspath(path), fmt
        self.fps, self.scale, self.seconds, self.replay = int(fps), float(scale), seconds, replay
        self.total = min(MAX_FRAMES, max(1, round(self.fps * self.seconds)))
        self.frames = Frames()
        self.taken = 0
        self.message = ""
        self.state = "idle"  # recording, writing, done
        self._progress = 0.0
        self._cancel = threading.Event()
        self._queue = queue.Queue(maxsize=64)
        self._packer = threading.Thread(target=self._pack, name="lrviz-frames", daemon=True)
        self._writer = None
        self._timer = QTimer(self)
        self._timer.setInterval(max(1, round(1000 / self.fps)))
        self._timer.timeout.connect(self.capture)
        self._poll = QTimer(self)
        self._poll.setInterval(100)
        self._poll.timeout.connect(self._check)
        self.dialog = None

    # ------------------------------------------------------------ recording
    def start(self, timer=True, dialog=True):
        """Begin: training plays (or the timeline replays); ``timer`` False leaves the
        frames to ``capture()`` calls (tests drive it frame by frame)."""
        self.state = "recording"
        self._packer.start()
        if dialog:
            self.dialog = QProgressDialog("Recording…", "Cancel", 0, 100, self.page.window())
            self.dialog.setWindowTitle("Export animation")
            self.dialog.setWindowModality(Qt.NonModal)  # the window stays in use
            self.dialog.setMinimumDuration(0)
            self.dialog.canceled.connect(self.cancel)
            self.dialog.show()
        timeline = getattr(self.page, "timeline", None)
        if self.replay and timeline is not None and len(timeline.history) > 1:
            timeline.replay_button.setChecked(True)
        elif not self.page.controller.running:
            self.page.controller.play()
        if timer:
            self._timer.start()
        self._poll.start()

    def capture(self):
        """Take one frame of the tab as it is drawn now."""
        if self.state != "recording":
            return
        try:
            self._queue.put_nowait(grab_rgb(self.page))
        except queue.Full:  # the helper is behind: skip a frame rather than stall
            return
        self.taken += 1
        if self.dialog is not None:
            self.dialog.setLabelText(f"Recording {self.taken / self.fps:.1f} of "
                                     f"{self.total / self.fps:.0f} s…")
            self.dialog.setValue(round(100 * self.taken / self.total))
        if self.taken >= self.total:
            self.stop_recording()

    def _pack(self):
        """Helper thread: scale and compress the frames the GUI thread took."""
        from PIL import Image

        while True:
            rgb = self._queue.get()
            if rgb is None:
                return
            if self._cancel.is_set():
                continue
            if self.scale != 1.0:
                h, w = rgb.shape[:2]
                size = (max(1, round(w * self.scale)), max(1, round(h * self.scale)))
                rgb = np.asarray(Image.fromarray(rgb).resize(size, Image.Resampling.BICUBIC))
            self.frames.add(rgb)

    def stop_recording(self):
        """Enough frames (or the user stopped early): write what was taken."""
        if self.state != "recording":
            return
        self._timer.stop()
        self._queue.put(None)
        self.state = "writing"
        if self.dialog is not None:
            self.dialog.setLabelText(f"Writing {FORMATS[self.fmt][0]}…")
            self.dialog.setValue(0)
        self._writer = threading.Thread(target=self._write, name="lrviz-animation", daemon=True)
        self._writer.start()

    def _write(self):
        """Writer thread: wait for the helper, then encode all or nothing."""
        self._packer.join()
        try:
            if self._cancel.is_set():
                raise Cancelled()
            n = write_animation(self.path, self.frames, self.fps, self.fmt,
                                progress=self._set_progress, cancelled=self._cancel.is_set)
        except Cancelled:
            self.message = "Animation cancelled: nothing was written."
        except (OSError, ValueError, MemoryError) as exc:
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.message = f"Could not write {show_path(self.path)}: {why}"
        else:
            size = os.path.getsize(self.path)
            w, h = self.frames.size
            self.message = (f"Saved {show_path(self.path)}: {n} frames of {w}×{h} at "
                            f"{self.fps} frames/s ({size / 1e6:.1f} MB)")

    def _set_progress(self, fraction):
        self._progress = fraction

    # ------------------------------------------------------------ the end
    def cancel(self):
        self._cancel.set()
        if self.state == "recording":
            self._timer.stop()
            self._queue.put(None)
            self.state = "writing"  # the writer sees the cancel and writes nothing
            self._writer = threading.Thread(target=self._write, daemon=True)
            self._writer.start()

    @property
    def done(self):
        return self.state == "done"

    def _check(self):
        """GUI thread, 10×/s: show the writer's progress; announce the end."""
        if self.state == "writing" and self.dialog is not None:
            self.dialog.setValue(round(100 * self._progress))
        if self.state == "writing" and self._writer is not None and not self._writer.is_alive():
            self._poll.stop()
            self.state = "done"
            if self.dialog is not None:
                self.dialog.canceled.disconnect(self.cancel)
                self.dialog.close()
                self.dialog.deleteLater()
                self.dialog = None
            timeline = getattr(self.page, "timeline", None)
            if self.replay and timeline is not None:
                timeline.replay_button.setChecked(False)
            self.finished.emit(self.message)
