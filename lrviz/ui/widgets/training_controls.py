"""Play/pause, step, reset, speed, learning rate and batch size: the controls every
tab shares.

The learning rate, the batch size and the speed are wired here, once: a change
goes straight to the controller (every model of the tab), and all three are saved
in sessions.
"""
from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QStyle,
    QToolButton,
    QWidget,
)

from ...models.core import MIN_LR
from ...settings import Setting, check_values
from .forms import keep_lines

#: Slider positions, slow motion for a class up to as fast as the machine goes.
SPEEDS = [1, 2, 5, 10, 20, 50, 100, 300, 1000, 3000, 10000, math.inf]
#: A pace a class can follow: the boundary moves for several seconds on the default data.
WATCHABLE = 20


def speed_text(v):
    return "max" if math.isinf(v) else f"{v:g}/s"


LR = Setting("lr", 0.5, MIN_LR, 1e4, tip="Learning rate: how far each epoch moves the weights "
             "along the gradient")
BATCH = Setting("batch", 0, 0, 1_000_000,
                tip="Points per step: 'all' is full-batch gradient descent (one step an "
                    "epoch); k takes a step on each of the shuffled batches of k points; 1 "
                    "learns from one point at a time (stochastic gradient descent)")
SPEED = Setting("speed", speed_text(WATCHABLE), choices=tuple(speed_text(v) for v in SPEEDS),
                tip="Epochs per second: slow motion on the left, flat out on the right")


class TrainingControls(QWidget):
    """Drives a ``TrainingController``: its buttons, speed and learning rate."""

    def __init__(self, controller, lr=0.5, parent=None, reset=None, speed=WATCHABLE):
        super().__init__(parent)
        self.controller = controller
        self.default_speed = speed
        self.play_button = QPushButton("Train")
        self.play_button.setIcon(self.style().standardIcon(QStyle.SP_MediaPlay))
        self.play_button.setToolTip("Start or pause training (Space)")
        self.play_button.setMinimumWidth(96)
        self.step_button = QPushButton("Step")
        self.step_button.setIcon(self.style().standardIcon(QStyle.SP_MediaSkipForward))
        self.step_button.setToolTip("Pause and run exactly one epoch (S)")
        self.reset_button = QPushButton("Reset")
        self.reset_button.setIcon(self.style().standardIcon(QStyle.SP_BrowserReload))
        self.reset_button.setToolTip("Put the weights back to where training started (R)")
        self.speed = QSlider(Qt.Horizontal)
        self.speed.setRange(0, len(SPEEDS) - 1)
        self.speed.setToolTip("Epochs per second: slow motion on the left, flat out on the right")
        self.speed_label = QLabel()
        # flat out is one click away, and the same click brings the class's pace back
        self.max_button = QToolButton()
        self.max_button.setText("Max")
        self.max_button.setCheckable(True)
        self.max_button.setToolTip("Train as fast as the computer can; click again for the "
                                   "pace a class can follow")
        self._pace = SPEEDS.index(speed) if speed in SPEEDS else SPEEDS.index(WATCHABLE)
        keep_lines(self.speed_label, 1, chars=7)
        self.lr = QDoubleSpinBox()
        self.lr.setDecimals(4)
        self.lr.setRange(LR.lo, LR.hi)
        self.lr.setStepType(QDoubleSpinBox.AdaptiveDecimalStepType)
        self.lr.setValue(lr)
        self.lr.setToolTip("Learning rate: how far each epoch moves the weights along the gradient")
        self.batch = QSpinBox()
        self.batch.setRange(BATCH.lo, BATCH.hi)
        self.batch.setSpecialValueText("all")
        self.batch.setToolTip(BATCH.tip)
        #: the seed the batches' order is drawn from (the tab's data seed, if it has one)
        self.batch_seed = lambda: 0
        #: the epoch of the snapshot the tab's status shows (``show_epoch``): one number
        #: with the window's status bar, never a count of its own
        self.epoch_label = QLabel("epoch 0")
        # text that changes 30 times a second must not change the layout: a label
        # whose size follows its text makes the whole window lay out and repaint
        keep_lines(self.epoch_label, 1, chars=13)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        for w in (self.play_button, self.step_button, self.reset_button):
            row.addWidget(w)
        grid.addLayout(row, 0, 0, 1, 3)
        grid.addWidget(QLabel("Speed"), 1, 0)
        speed_row = QHBoxLayout()
        speed_row.addWidget(self.speed, 1)
        speed_row.addWidget(self.max_button)
        grid.addLayout(speed_row, 1, 1)
        grid.addWidget(self.speed_label, 1, 2)
        grid.addWidget(QLabel("Learning rate"), 2, 0)
        grid.addWidget(self.lr, 2, 1)
        grid.addWidget(self.epoch_label, 2, 2)
        grid.addWidget(QLabel("Batch"), 3, 0)
        grid.addWidget(self.batch, 3, 1)

        self.play_button.clicked.connect(controller.toggle)
        self.step_button.clicked.connect(lambda: controller.step(1))
        self.reset_button.clicked.connect(reset or controller.reset)
        self.speed.valueChanged.connect(self._speed_changed)
        self.max_button.clicked.connect(self._max_clicked)
        self.speed.setValue(self._pace)
        self._speed_changed(self._pace)
        self.lr.valueChanged.connect(self._lr_changed)
        self.batch.valueChanged.connect(self._batch_changed)
        controller.runningChanged.connect(self._show_running)

    def show_epoch(self, epoch):
        """The epoch the tab's status says (at the pace of its text, from the same
        snapshot as the status bar's)."""
        self.epoch_label.setText(f"epoch {epoch:,}")

    def _lr_changed(self, lr):
        self.controller.set_lr(lr)
        self.controller.apply()

    def set_lr(self, lr):
        """Show and apply a learning rate (a tab's default for a new page)."""
        self.lr.setValue(lr)

    def batching(self):
        """``set_batching``'s arguments for the batch size shown (None: full batch)."""
        return (self.batch.value() or None, int(self.batch_seed()))

    def _batch_changed(self, _):
        self.controller.update_model("set_batching", *self.batching())
        self.controller.apply()

    # ------------------------------------------------------------ sessions
    def state(self):
        return {"lr": self.lr.value(), "speed": speed_text(SPEEDS[self.speed.value()]),
                "batch": self.batch.value()}

    def check(self, d, where):
        values = check_values((LR, SPEED), d, where)
        # (sessions saved before batches had none: full batch, as they trained)
        values["batch"] = BATCH.check(d["batch"], where) if "batch" in d else BATCH.default
        return values

    def restore(self, values):
        for w in (self.lr, self.speed, self.batch):
            w.blockSignals(True)
        self.lr.setValue(values["lr"])
        self.speed.setValue(SPEED.choices.index(values["speed"]))
        self.batch.setValue(values.get("batch", BATCH.default))
        for w in (self.lr, self.speed, self.batch):
            w.blockSignals(False)
        self._speed_changed(self.speed.value())
        self.controller.set_lr(values["lr"])
        self.controller.update_model("set_batching", *self.batching())

    def _speed_changed(self, index):
        v = SPEEDS[index]
        self.speed_label.setText(speed_text(v))
        self.max_button.setChecked(math.isinf(v))
        if not math.isinf(v):
            self._pace = index  # the pace "Max" returns to
        self.controller.set_speed(v)

    def _max_clicked(self, checked):
        self.speed.setValue(len(SPEEDS) - 1 if checked else self._pace)

    def set_speed(self, epochs_per_second):
        """Show and apply the pace nearest to ``epochs_per_second``."""
        finite = [i for i, v in enumerate(SPEEDS) if not math.isinf(v)]
        if math.isinf(epochs_per_second):
            self.speed.setValue(len(SPEEDS) - 1)
        else:
            self.speed.setValue(min(finite, key=lambda i: abs(SPEEDS[i] - epochs_per_second)))

    def set_pace_for(self, epochs, seconds, longest, slowest):
        """A lesson's Run: the pace at which ``epochs`` take nearest to ``seconds``, at
        least ``slowest`` epochs a second, and never more than ``longest`` seconds."""
        fits = [i for i, v in enumerate(SPEEDS) if not math.isinf(v) and v >= slowest
                and epochs / v <= longest]
        want = epochs / seconds
        self.speed.setValue(min(fits, key=lambda i: abs(SPEEDS[i] - want)) if fits
                            else len(SPEEDS) - 1)

    def restore_speed(self):
        """Back to the tab's own pace (Edit > Default settings)."""
        self.speed.setValue(SPEEDS.index(self.default_speed) if self.default_speed in SPEEDS
                            else SPEEDS.index(WATCHABLE))

    def _show_running(self, running):
        self.play_button.setText("Pause" if running else "Train")
        self.play_button.setIcon(self.style().standardIcon(
            QStyle.SP_MediaPause if running else QStyle.SP_MediaPlay))
