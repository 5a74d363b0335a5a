"""A timeline under a plot: drag back through a run, replay it, resume from any moment.

The owner feeds it the states it draws (``record(epoch, state)``) and draws
whatever ``moved`` hands back: a past state, or None for the present.  The
states live in a bounded ``History`` (thinned in log-epoch), so a run of any
length costs the same memory.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider, QWidget

from ...history import History
from .forms import keep_lines

#: a replay takes about this long, whatever the number of states kept
REPLAY_SECONDS = 6.0
REPLAY_FPS = 30


class Timeline(QWidget):
    """Slider over the kept states; "Replay", "Resume here" and "Now"."""

    #: (epoch, state) of the moment to draw, or None: draw the present
    moved = Signal(object)
    #: (epoch, state): train on from this moment
    resumeRequested = Signal(int, object)

    def __init__(self, parent=None, capacity=None):
        super().__init__(parent)
        self.history = History() if capacity is None else History(capacity)
        self.slider = QSlider(Qt.Horizontal)
        self.slider.setRange(0, 0)
        self.slider.setMinimumWidth(90)
        self.slider.setToolTip("Drag to go back through the run: the map, the line, the "
                               "equation and the loss marker show that epoch")
        # "epoch 131,071 / 999,999" on two lines if need be, in room measured in its own
        # font now and whenever the text grows (presentation mode, zoom): a width measured
        # once in the first font cut it, and one line of it made the row too wide for the
        # map column at 1280 pixels in presentation mode
        self.label = QLabel()
        self.label.setWordWrap(True)
        keep_lines(self.label, 2, chars=15)
        self.replay_button = QPushButton("Replay")
        self.replay_button.setCheckable(True)
        self.replay_button.setToolTip("Play the run again from its first kept epoch")
        self.resume_button = QPushButton("Resume here")
        self.resume_button.setToolTip("Train on from the epoch shown; the later past is "
                                      "forgotten")
        self.now_button = QPushButton("Now")
        self.now_button.setToolTip("Back to the present state of the run")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        title = QLabel("Timeline")
        title.setToolTip(self.slider.toolTip())
        row.addWidget(title)
        row.addWidget(self.slider, 1)
        row.addWidget(self.label)
        for b in (self.replay_button, self.resume_button, self.now_button):
            row.addWidget(b)
        self._index = None  # the kept state shown, None: the present
        self._timer = QTimer(self)
        self._timer.setInterval(round(1000 / REPLAY_FPS))
        self._timer.timeout.connect(self._replay_tick)
        self.slider.valueChanged.connect(self._slid)
        self.replay_button.toggled.connect(self._replay_toggled)
        self.resume_button.clicked.connect(self.resume)
        self.now_button.clicked.connect(self.back_to_now)
        self._show()

    # -------------------------------------------------------------- feeding
    def record(self, epoch, state, show=True):
        """The run reached ``epoch`` in ``state`` (drawn now).  ``show`` False: keep it,
        and let the slider catch up at the next shown one (the slider repaints at
        the pace of the window's text, not at every frame)."""
        self.history.add(epoch, state)
        if show or not self.history.epochs[:-1]:
            self._show_range()

    def clear(self):
        """A new run: nothing to go back to."""
        self.history.clear()
        self._index = None
        self._timer.stop()
        self._show_range()

    @property
    def in_past(self):
        return self._index is not None

    def shown_epoch(self):
        """The epoch shown: a kept one in the past, or the newest."""
        h = self.history
        if not len(h):
            return None
        return h.epochs[self._index if self._index is not None else -1]

    # -------------------------------------------------------------- moving
    def go_to(self, index):
        """Show kept state ``index`` (the newest one is the present)."""
        h = self.history
        if not len(h):
            return
        if self.slider.maximum() != len(h) - 1:
            self._show_range()  # (states kept since the slider was last shown)
        index = max(0, min(int(index), len(h) - 1))
        if index == len(h) - 1:
            self.back_to_now()
            return
        self._index = index
        self.slider.blockSignals(True)
        self.slider.setValue(index)
        self.slider.blockSignals(False)
        self._show()
        self.moved.emit(h[index])

    def go_to_epoch(self, epoch):
        """Show the kept state nearest to ``epoch``."""
        i = self.history.nearest(epoch)
        if i is not None:
            self.go_to(i)

    def back_to_now(self):
        self._timer.stop()
        self.replay_button.setChecked(False)
        was, self._index = self._index, None
        self._show_range()
        if was is not None:
            self.moved.emit(None)

    def resume(self):
        if self._index is None:
            return
        epoch, state = self.history[self._index]
        self.history.truncate(epoch)
        self._index = None
        self._timer.stop()
        self.replay_button.setChecked(False)
        self._show_range()
        self.resumeRequested.emit(epoch, state)

    def _slid(self, value):
        self._timer.stop()
        self.replay_button.blockSignals(True)
        self.replay_button.setChecked(False)
        self.replay_button.blockSignals(False)
        self.go_to(value)

    def _replay_toggled(self, on):
        if on and len(self.history) > 1:
            self._step = max(1, round(len(self.history) / (REPLAY_SECONDS * REPLAY_FPS)))
            if self._index is None:
                self.go_to(0)
            self._timer.start()
        else:
            self._timer.stop()

    def _replay_tick(self):
        nxt = (self._index if self._index is not None else 0) + self._step
        if nxt >= len(self.history) - 1:
            self.back_to_now()
        else:
            self.go_to(nxt)

    # -------------------------------------------------------------- showing
    def _show_range(self):
        n = len(self.history)
        self.slider.blockSignals(True)
        self.slider.setRange(0, max(0, n - 1))
        if self._index is None:
            self.slider.setValue(max(0, n - 1))
        self.slider.blockSignals(False)
        self._show()

    def _show(self):
        h, past = self.history, self._index is not None
        self.resume_button.setEnabled(past)
        self.now_button.setEnabled(past)
        self.replay_button.setEnabled(len(h) > 1)
        self.slider.setEnabled(len(h) > 1)
        if past:
            text = f"epoch {h.epochs[self._index]:,} / {h.epochs[-1]:,}"
        else:
            text = "now" if len(h) else "no epochs yet"
        if text != self.label.text():
            self.label.setText(text)
