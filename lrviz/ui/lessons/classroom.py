"""Class answers in the lesson panel: the class predicts from its phones.

Off by default.  Turned on, it starts the room and its server in a process of their
own (``lrviz.classroom.process``) on the network the teacher picks and shows the QR
code, the short address and the room code once it listens; it tells the room which step is on screen, closes it when Run is pressed and
says what happened.  The count of answers comes in four times a second; the
distribution only when the teacher reveals it, and after Run beside what happened.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPixmap
from PySide6.QtNetwork import QAbstractSocket, QNetworkInterface
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...classroom.process import RoomProcess
from ...classroom.server import PORT
from ..widgets.forms import choose_path

#: how often the count of answers is read from the room (ms)
REFRESH_MS = 250
QR_SMALL, QR_BIG = 120, 560


def networks():
    """[(what to call it, IPv4 address)]: the interfaces that are up, the local
    network's first and this computer alone last."""
    found, alone = [], []
    for iface in QNetworkInterface.allInterfaces():
        flags = iface.flags()
        if not (flags & QNetworkInterface.IsUp and flags & QNetworkInterface.IsRunning):
            continue
        for entry in iface.addressEntries():
            ip = entry.ip()
            if ip.protocol() != QAbstractSocket.IPv4Protocol:
                continue
            if ip.isLoopback():
                alone.append(("this computer only", ip.toString()))
            else:
                found.append((f"{iface.humanReadableName()} ({ip.toString()})", ip.toString()))
    return found + (alone or [("this computer only", "127.0.0.1")])


def qr_pixmap(text, size):
    """``text`` as a QR code, black on white with its quiet zone, ``size`` pixels wide."""
    import segno

    rows = [list(r) for r in segno.make(text, error="m").matrix_iter(scale=1, border=4)]
    n = len(rows)
    image = QImage(n, n, QImage.Format_RGB32)
    black, white = QColor("black").rgb(), QColor("white").rgb()
    for y, row in enumerate(rows):
        for x, dark in enumerate(row):
            image.setPixel(x, y, black if dark else white)
    scale = max(1, size // n)
    return QPixmap.fromImage(image.scaled(n * scale, n * scale))


def distribution(answers, per):
    """The class's answers as rows of bars (rich text)."""
    total = max(1, sum(per))
    rows = []
    for i, (text, n) in enumerate(zip(answers, per)):
        bar = "█" * round(16 * n / total)
        rows.append(f"<tr><td>({chr(97 + i)})</td><td><tt>{bar or '·'}</tt></td>"
                    f"<td align='right'>&nbsp;{n}</td><td>&nbsp;{100 * n / total:.0f} %</td></tr>")
    return "<table>" + "".join(rows) + "</table>"


class ClassAnswers(QWidget):
    """The panel's "Class answers" part (no frame: the panel may be 250 pixels wide)."""

    def __init__(self, panel):
        super().__init__()
        self.panel = panel
        self.room = None
        #: the room's process while Class answers is on (``room``: the last room, kept
        #: for Save after it is off)
        self.server = None
        self._step = None  # (index, step, steps in all, map) on screen
        self._drawn = None  # the class's guessed lines drawn on the tab
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 6, 0, 0)
        v.addWidget(QLabel("<b>Class answers</b>"))
        self.toggle = QCheckBox("Let phones answer")
        self.toggle.setToolTip("Serve the question to phones and laptops on this network, "
                               "with a room code (off: nothing listens)")
        self.toggle.toggled.connect(self.switch)
        self.network = QComboBox()
        self.network.setToolTip("The network the students' phones are on")
        self.network.setAccessibleName("Network for class answers")
        self.network.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.network.setMinimumContentsLength(8)  # (the panel may be 250 pixels wide)
        for name, ip in networks():
            self.network.addItem(name, ip)
        self.qr = QLabel()
        self.qr.setToolTip("Scan with a phone's camera to open the class's page")
        self.where = QLabel()
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(self.where.textInteractionFlags()
                                           | self.where.textInteractionFlags().TextSelectableByMouse)
        self.big_button = QPushButton("Show big")
        self.big_button.setToolTip("The QR code, the address and the room code, large "
                                   "enough to read from the back of the room")
        self.big_button.clicked.connect(self.show_big)
        #: how many have answered: the panel shows it beside Run
        self.count = QLabel()
        self.count.setWordWrap(True)
        self.count.setToolTip("Students who answered this step, of those who joined")
        self.reveal = QCheckBox("Show answers")
        self.reveal.setToolTip("Off until you choose: seeing the others' answers makes a "
                               "class follow the crowd")
        self.reveal.toggled.connect(lambda _on: self.refresh())
        self.bars = QLabel()
        self.save_button = QPushButton("Save answers…")
        self.save_button.setToolTip("As a CSV table: a row per step, how many chose each answer, what "
                                    "happened, and the share who predicted it")
        self.save_button.clicked.connect(lambda: self.save())
        row = QHBoxLayout()
        row.addWidget(QLabel("Network:"))
        row.addWidget(self.network, 1)
        v.addWidget(self.toggle)
        v.addLayout(row)
        join = QHBoxLayout()  # the QR code, and under it what to type instead
        join.addWidget(self.qr)
        join.addWidget(self.big_button, 0, Qt.AlignBottom)
        join.addStretch(1)
        v.addLayout(join)
        v.addWidget(self.where)
        for w in (self.reveal, self.bars, self.save_button):
            v.addWidget(w)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.refresh()

    # ------------------------------------------------------------ on and off
    def switch(self, on):
        if on:
            self.start()
        else:
            self.stop()

    def start(self):
        """A new room (a new code) on the chosen network, in a process of its own: the
        QR code and the address appear once it listens (``refresh``), or a line says
        why it could not."""
        if self.on:
            return
        self.room = RoomProcess(self.network.currentData() or "127.0.0.1", PORT)
        self.room.start()
        self.server = self.room
        self.toggle.setChecked(True)
        self.network.setEnabled(False)
        self.qr.clear()
        self.where.setText(f"Starting on {self.room.host}…")
        self.timer.start()
        self.refresh()

    def _listening(self):
        """The room's process listens: the QR code, the address, and the step."""
        room = self.room
        self.qr.setPixmap(qr_pixmap(room.url, QR_SMALL))
        self.where.setText(f"Open <b>{room.address}</b><br>Room code <b>{room.code}</b>")
        if self._step is not None:
            self._tell(*self._step)

    def halt(self):
        """The room's process is told to stop (no widget is touched, nothing waits:
        the app may be closing)."""
        if self.server is not None:
            self.server.stop(wait=False)
            self.server = None

    def stop(self):
        """Nothing listens any more; the answers so far stay for Save."""
        self.timer.stop()
        self.halt()
        self.toggle.blockSignals(True)
        self.toggle.setChecked(False)
        self.toggle.blockSignals(False)
        self.network.setEnabled(True)
        self.refresh()

    def new_lesson(self):
        """Another lesson: its steps are not this room's."""
        self.stop()
        self.room = self._step = None
        self.refresh()

    @property
    def on(self):
        return self.server is not None

    # ------------------------------------------------------------ the lesson's steps
    def show_step(self, index, step, of, map=None):
        """The step now on screen (``map``: a guess step's map for the page)."""
        self._step = (index, step, of, map)
        self._drawn = None  # (a new step: its tab has none drawn)
        if self.on:
            self._tell(*self._step)
        self.refresh()

    def _tell(self, index, step, of, map):
        self.room.show(index, index + 1, of, step.title, step.question or "",
                       [a["text"] for a in step.answers], step.guess,
                       map if step.guess else None)

    def closed(self):
        """Run was pressed: the answers are final."""
        if self.on:
            self.room.close()
        self.refresh()

    def judged(self, step, verdict, tab):
        """After Run: the class's answers beside what happened, as lines for the verdict."""
        if self.room is None or self._step is None or self._step[1] is not step:
            return []
        happened = verdict.get("happened") or []
        self.room.judged(happened[0] if happened else None)
        self.room.settle()  # (the answers as Run closed them)
        joined, answered, per = self.room.counts()
        if not answered:
            return ["The class: no answers."]
        if step.guess:
            words = tab.class_guesses(step.guess, self.room.lines())
            return [f"The class: {answered} line{'s' * (answered != 1)}. {words}".strip()]
        self.reveal.setChecked(True)  # (after Run, the distribution is no secret)
        lines = [f"The class ({answered} answered):" + distribution(
            [a["text"] for a in step.answers], per)]
        if happened:
            share = per[happened[0]] / answered
            lines.append(f"{per[happened[0]]} of {answered} ({100 * share:.0f} %) predicted "
                         "what happened.")
        return lines

    def refresh(self):
        if self.on and self.room.receive():
            if self.room.error is not None:
                host, error = self.room.host, self.room.error
                self.stop()
                self.room = None
                self.where.setText(f"Could not listen on {host}: {error}.")
            if self.on and self.room.ready and self.qr.pixmap().isNull():
                self._listening()
        on = self.on
        for w in (self.qr, self.big_button, self.reveal):
            w.setVisible(on and self.room.ready)
        self.where.setVisible(on or self.where.text().startswith("Could not"))
        self.save_button.setVisible(self.room is not None)
        if self.room is None:
            self.count.hide()
            self.bars.hide()
            return
        joined, answered, per = self.room.counts()
        step = None if self._step is None else self._step[1]
        self.count.setText(f"<b>{answered}</b> of {joined}<br>answered")
        self.count.setVisible(on)
        show = self.reveal.isChecked() and step is not None
        if show and step.guess and self.room.lines() != self._drawn:
            # (drawn again only when they changed: the count comes four times a second)
            self._drawn = self.room.lines()
            self.panel.runner.tab(step).class_guesses(step.guess, self._drawn)
        self.bars.setVisible(show and bool(step.answers))
        if show and step.answers:
            self.bars.setText(distribution([a["text"] for a in step.answers], per))

    # ------------------------------------------------------------ showing and saving
    def show_big(self):
        if not self.on:
            return
        dialog = QDialog(self.panel.window_)
        dialog.setWindowTitle("Class answers: join")
        v = QVBoxLayout(dialog)
        qr = QLabel()
        screen = self.screen().availableGeometry()  # (a 1280 x 720 projector: 500 px)
        qr.setPixmap(qr_pixmap(self.server.url, min(QR_BIG, screen.height() - 220)))
        qr.setAlignment(Qt.AlignCenter)
        words = QLabel(f"<div style='font-size:28pt'>Open <b>{self.server.address}</b><br>"
                       f"Room code <b>{self.room.code}</b></div>")
        v.addWidget(qr)
        v.addWidget(words)
        close = QPushButton("Close")
        close.clicked.connect(dialog.accept)
        v.addWidget(close)
        dialog.setModal(False)
        dialog.show()
        self._big = dialog
        return dialog

    def save(self, path=None):
        """The summary per step as CSV (asks where, unless ``path``)."""
        from ...fileio import FileRefused, write_atomically

        if self.room is None:
            return False
        path = choose_path(self.panel.window_, path, "Save the class's answers",
                           "class-answers.csv", "CSV files (*.csv)", save=True)
        if path is None:
            return False
        try:
            write_atomically(path, self.room.summary_csv().encode("utf-8"))
        except (OSError, FileRefused) as exc:
            self.panel.window_.files.error("Not saved", str(exc))
            return False
        return True
