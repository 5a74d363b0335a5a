"""The lesson dock beside the tabs."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...fileio import show_path
from . import check_states
from .authoring import Authoring
from ..look import look
from ..spotlight import screen_area
from .runner import LessonRunner


class LessonPanel(QDockWidget):
    """The lesson beside the tabs (View → Lesson): the step's words, its question and
    answers, Run and what happened, Back / Next, contents, and ``authoring``."""

    def __init__(self, window):
        super().__init__("Lesson", window)
        self.setObjectName("lesson")
        self.window_ = window
        self.runner = LessonRunner(window)
        self.runner.finished.connect(self._show_verdict)
        self.lesson = None
        self.index = 0
        self.path = None
        self.chosen = None
        self._waiting = False  # a placing asked of the event loop's next turn
        self._tries = 0
        body = QWidget()
        v = QVBoxLayout(body)
        self.lesson_title = QLabel()
        self.lesson_title.setWordWrap(True)
        self.contents = QComboBox()
        self.contents.setToolTip("Contents: jump to any step")
        self.contents.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.contents.setMinimumContentsLength(12)
        self.contents.activated.connect(self.go)
        self.counter = QLabel()
        self.step_title = QLabel()
        self.step_title.setWordWrap(True)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.RichText)
        self.text.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.question = QLabel()
        self.question.setWordWrap(True)
        self.answers_box = QVBoxLayout()
        self.answer_group = QButtonGroup(self)
        self.answer_group.idClicked.connect(self._chose)
        self.run_button = QPushButton("Run ▶")
        self.run_button.setToolTip("Do what the step says, live, then see what happened")
        self.run_button.clicked.connect(lambda: self.run())
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setTextFormat(Qt.RichText)
        nav = QHBoxLayout()
        self.back_button = QPushButton("◀ Back")
        self.back_button.setToolTip("The step before (PageUp)")
        self.next_button = QPushButton("Next ▶")
        self.next_button.setToolTip("The next step (PageDown)")
        self.back_button.clicked.connect(self.previous)
        self.next_button.clicked.connect(self.next)
        nav.addWidget(self.back_button)
        nav.addWidget(self.next_button)
        self.restore_button = QPushButton("Back to the lesson")
        self.restore_button.setToolTip("Put the tab back exactly as this step starts (after "
                                       "you left the path to play)")
        self.restore_button.clicked.connect(lambda: self.go(self.index))
        for w in (self.lesson_title, self.contents, self.counter, self.step_title, self.text,
                  self.question):
            v.addWidget(w)
        v.addLayout(self.answers_box)
        v.addWidget(self.run_button)
        v.addWidget(self.outcome)
        v.addLayout(nav)
        v.addWidget(self.restore_button)
        self.authoring = Authoring(self)
        v.addWidget(self.authoring.box)
        v.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setWidget(scroll)
        self.setMinimumWidth(250)  # (a 1280-pixel projector keeps room for the tab)
        self._show()

    # ------------------------------------------------------------ a lesson
    def open(self, lesson, path=None, step=0):
        """Show ``lesson`` (already checked) at ``step``."""
        check_states(lesson, self.window_, show_path(path) if path else lesson.title)
        self.lesson, self.path = lesson, path
        self.contents.clear()
        for i, s in enumerate(lesson.steps):
            self.contents.addItem(f"{i + 1}. {s.title}")
        self.show()
        self.raise_()
        self.go(max(0, min(step, len(lesson.steps) - 1)))

    @property
    def step(self):
        return None if self.lesson is None else self.lesson.steps[self.index]

    def go(self, index):
        if self.lesson is None:
            return
        self.index = max(0, min(int(index), len(self.lesson.steps) - 1))
        self.chosen = None
        self.runner.enter(self.step)
        self._show()
        self.place()

    def closeEvent(self, event):
        super().closeEvent(event)
        self.window_.spotlight.clear()  # (its close button: no subject without the lesson)

    def place(self):
        """This panel beside the tab, and the step's subject in view, marked: alone
        (the other panels folded away) in presentation mode, when the tab and this panel
        do not fit side by side, or when the subject would be small or out of sight."""
        spotlight = self.window_.spotlight
        step = self.step
        if step is None or not step.subject or not self.isVisible():
            spotlight.clear()
            self.fit_screen()
            return
        tab = self.window_.current_page()
        if not tab.isVisible():
            # A tab built just now shows on the event loop's next turn; a hidden window
            # never shows it, so ask once and no more.
            if self.window_.isVisible() and not self._waiting and self._tries < 20:
                self._waiting = True
                self._tries += 1
                QTimer.singleShot(0, self._place_later)
            return
        self._tries = 0
        spotlight.show(tab, step.subject, alone=look().presenting or not self._room_beside())
        self.fit_screen()
        if not spotlight.alone and not spotlight.readable():
            spotlight.show_alone(True)
            self.fit_screen()

    def _place_later(self):
        self._waiting = False
        self.place()

    def fit_screen(self):
        """Beside the tabs when the screen has room for both; otherwise floating over the
        window's right edge (a 1280-pixel projector in presentation mode): the tab is
        never squeezed below its own minimum."""
        screen = screen_area(self.window_)
        if screen is None or not self.isVisible():
            return
        floating = not self._room_beside()
        if floating != self.isFloating():
            self.setFloating(floating)
        if floating:
            width = max(self.minimumWidth(), round(screen.width() * 0.24))
            self.setGeometry(screen.right() - width - 8, screen.top() + 60, width,
                             min(screen.height() - 120, 560))

    def _room_beside(self):
        """Does the screen hold the tab (as it is shown now) and this panel side by side?"""
        screen = screen_area(self.window_)
        need = self.window_.current_page().minimumSizeHint().width() + self.minimumWidth() + 40
        return screen is None or need <= screen.width()

    def next(self):
        if self.lesson is not None and self.index + 1 < len(self.lesson.steps):
            self.go(self.index + 1)

    def previous(self):
        if self.lesson is not None and self.index > 0:
            self.go(self.index - 1)

    def run(self, live=True):
        step = self.step
        if step is None or self.runner.running:
            return None
        self.run_button.setEnabled(False)
        self.outcome.setText("<i>Running…</i>")
        verdict = self.runner.run(step, live=live)
        if verdict is not None:
            self._show_verdict(verdict)
        return verdict

    def _chose(self, i):
        self.chosen = i

    # ------------------------------------------------------------ showing
    def _show(self):
        step, lesson = self.step, self.lesson
        self.setWindowTitle(f"Lesson: {lesson.title}" if lesson else "Lesson")
        self.lesson_title.setText(f"<b>{lesson.title}</b>" if lesson else
                                  "No lesson open: Help → Lessons, or File → Open lesson…")
        for w in (self.contents, self.run_button, self.back_button, self.next_button,
                  self.restore_button):
            w.setEnabled(step is not None)
        for b in self.answer_group.buttons():
            self.answer_group.removeButton(b)
        while self.answers_box.count():
            row = self.answers_box.takeAt(0).widget()
            row.hide()  # at once: its deletion waits for the event loop
            row.deleteLater()
        self.outcome.setText("")
        if step is None:
            self.counter.setText("")
            self.step_title.setText("")
            self.text.setText("")
            self.question.setText("")
            return
        n = len(lesson.steps)
        self.contents.setCurrentIndex(self.index)
        self.counter.setText(f"step {self.index + 1} of {n}")
        self.step_title.setText(f"<b>{step.title}</b>")
        self.text.setText(step.text)
        self.question.setText(f"<b>{step.question}</b>" if step.question else "")
        self.question.setVisible(bool(step.question))
        for i, a in enumerate(step.answers):
            row = QWidget()  # the answer's words wrap in a narrow panel
            h = QHBoxLayout(row)
            h.setContentsMargins(0, 0, 0, 0)
            b = QRadioButton(f"({chr(97 + i)})")
            words = QLabel(a["text"])
            words.setWordWrap(True)
            words.mousePressEvent = lambda _e, b=b: b.click()  # the words choose it too
            h.addWidget(b)
            h.addWidget(words, 1)
            self.answer_group.addButton(b, i)
            self.answers_box.addWidget(row)
        self.run_button.setEnabled(bool(step.run) or bool(step.answers) or bool(step.expect))
        self.run_button.setText("Run ▶" if step.run else "Check ▶")
        self.back_button.setEnabled(self.index > 0)
        self.next_button.setEnabled(self.index + 1 < n)
        self.authoring.enable(self.index, n)

    def _show_verdict(self, verdict):
        step = self.step
        self.run_button.setEnabled(True)
        lines = []
        if step.answers:
            happened = verdict["happened"]
            if happened:
                i = happened[0]
                lines.append(f"What happened: <b>({chr(97 + i)}) {step.answers[i]['text']}</b>")
                if self.chosen is not None:
                    lines.append("✓ As you predicted." if self.chosen == i else
                                 f"You predicted ({chr(97 + self.chosen)}).")
            else:
                lines.append("None of the answers describes what happened this time.")
        if step.expect:
            ok = sum(verdict["expect"])
            lines.append(f"{ok} of {len(step.expect)} things this step shows hold now.")
        if step.explain:
            lines.append(step.explain)
        self.outcome.setText("<br>".join(lines))

    def relist(self):
        """The contents again, after the lesson's steps changed (authoring)."""
        self.contents.clear()
        for i, s in enumerate(self.lesson.steps):
            self.contents.addItem(f"{i + 1}. {s.title}")
        self._show()

    # (what the authoring tools do, as the panel's own: tests and menus reach them here)
    def capture(self):
        return self.authoring.capture()

    def save(self, path=None):
        return self.authoring.save(path)
