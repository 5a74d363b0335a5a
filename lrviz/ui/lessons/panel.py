"""The lesson dock beside the tabs."""
from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...fileio import show_path
from . import check_states
from .authoring import Authoring
from .classroom import ClassAnswers
from .placement import Placement
from ..look import clear_choice
from ..spotlight import settle
from .runner import LessonRunner

#: what to do with a step's guess, under its question
GUESS_HINTS = {"line": "Drag the dashed pink line on the map to where you expect the "
                       "boundary: its ends turn it, its middle moves it. Then press Run."}


class LessonPanel(QDockWidget):
    """The lesson beside the tabs (View → Lesson): the step's words, its question and
    answers, Run and what happened, Back / Next, contents, and ``authoring``."""

    def __init__(self, window):
        super().__init__("Lesson", window)
        self.setObjectName("lesson")
        self.window_ = window
        self.runner = LessonRunner(window)
        self.runner.finished.connect(self._show_verdict)
        self.runner.progress.connect(self._setup_progress)
        self.runner.entered.connect(lambda _complete: self._show_setup())
        self.runner.entered.connect(lambda _complete: self._tell_class())
        self.lesson = None
        self.index = 0
        self.path = None
        self.chosen = None
        self.placement = Placement(self)
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
        # a setup that trains: how far it is, and Cancel (the window goes on meanwhile)
        self.setup_row = QWidget()
        row = QHBoxLayout(self.setup_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.setup_bar = QProgressBar()
        self.setup_bar.setToolTip("The step's starting point is being trained, in the "
                                  "background")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop setting the step up: it stays where it got to")
        self.cancel_button.clicked.connect(lambda: self.runner.cancel_setup())
        row.addWidget(self.setup_bar, 1)
        row.addWidget(self.cancel_button)
        self.setup_row.hide()
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
        v.addWidget(self.setup_row)
        run_row = QHBoxLayout()  # (with the class's count beside it when it answers)
        run_row.addWidget(self.run_button, 1)
        v.addLayout(run_row)
        v.addWidget(self.outcome)
        v.addLayout(nav)
        v.addWidget(self.restore_button)
        self.classroom = ClassAnswers(self)
        run_row.addWidget(self.classroom.count)
        v.addWidget(self.classroom)
        self.authoring = Authoring(self)
        v.addWidget(self.authoring.box)
        v.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setWidget(scroll)
        self._scroll = scroll
        self.setMinimumWidth(250)  # (a 1280-pixel projector keeps room for the tab)
        self._show()

    # ------------------------------------------------------------ a lesson
    def open(self, lesson, path=None, step=0, live=True):
        """Show ``lesson`` (already checked) at ``step`` (``live``: see ``go``)."""
        check_states(lesson, self.window_, show_path(path) if path else lesson.title)
        if lesson is not self.lesson:
            self.classroom.new_lesson()  # (a new room: its steps are another lesson's)
        self.lesson, self.path, self.index = lesson, path, 0
        self.relist()
        self.show()
        self.raise_()
        self.go(max(0, min(step, len(lesson.steps) - 1)), live)

    @property
    def step(self):
        return None if self.lesson is None else self.lesson.steps[self.index]

    def go(self, index, live=True):
        """Show step ``index``, its tab set up as it starts; live: its training in the
        background, with progress and Cancel (otherwise at once: a picture, a test)."""
        if self.lesson is None:
            return
        self.index = max(0, min(int(index), len(self.lesson.steps) - 1))
        self.chosen = None
        self.runner.enter(self.step, live)
        self._show()
        self._tell_class()
        self._show_setup()
        self.place()

    def _tell_class(self):
        if self.step is not None:
            self.classroom.show_step(self.index, self.step, len(self.lesson.steps),
                                     self.runner.guess_map)

    def shutdown(self):
        """The app quits: training and the class's server stop."""
        self.runner.stop()
        self.classroom.halt()

    def closeEvent(self, event):
        super().closeEvent(event)
        self.classroom.stop()  # (nothing listens without the lesson)
        self.window_.spotlight.clear()  # (its close button: no subject without the lesson)
        self.runner.unfold()
        self.runner.end_guess()
        if self.step is not None:
            self.runner.about(self.runner.tab(self.step))

    def place(self):
        """The step's subject in view and marked, and this panel where it hides none of
        it (``Placement``)."""
        self.placement.place()

    def fit_screen(self):
        self.placement.fit_screen()

    def next(self):
        if self.lesson is not None and self.index + 1 < len(self.lesson.steps):
            self.go(self.index + 1)

    def previous(self):
        if self.lesson is not None and self.index > 0:
            self.go(self.index - 1)

    def run(self, live=True):
        step = self.step
        if step is None or self.runner.running or self.runner.setting_up:
            return None
        self.run_button.setEnabled(False)
        self.outcome.setText("<i>Running…</i>")
        self.classroom.closed()
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
            self.run_button.setVisible(True)
            self.counter.setText("")
            self.step_title.setText("")
            self.text.setText("")
            self.question.setText("")
            return
        n = len(lesson.steps)
        self.contents.setCurrentIndex(self.index)
        self.counter.setText(f"step {self.index + 1} of {n}")
        # (a title, a question and its answers are plain words, as on the class's phones;
        # only the step's text is rich)
        self.step_title.setText(f"<b>{escape(step.title)}</b>")
        self.text.setText(step.text)
        self.question.setText((f"<b>{escape(step.question)}</b>" if step.question else "")
                              + (f"<br>{GUESS_HINTS[step.guess]}" if step.guess else ""))
        self.question.setVisible(bool(step.question))
        for i, a in enumerate(step.answers):
            row = clear_choice(QWidget())  # (the answer's words wrap in a narrow panel)
            h = QHBoxLayout(row)
            h.setContentsMargins(0, 0, 0, 0)
            b = QRadioButton(f"({chr(97 + i)})")
            words = QLabel(a["text"])
            words.setTextFormat(Qt.PlainText)
            words.setWordWrap(True)
            words.mousePressEvent = lambda _e, b=b: b.click()  # the words choose it too
            h.addWidget(b)
            h.addWidget(words, 1)
            self.answer_group.addButton(b, i)
            self.answers_box.addWidget(row)
        # (a step that only shows something has no button: nothing to run or check)
        self.run_button.setVisible(bool(step.run) or bool(step.answers) or bool(step.expect))
        self.run_button.setText("Run ▶" if step.run else "Check ▶")
        self.back_button.setEnabled(self.index > 0)
        self.next_button.setEnabled(self.index + 1 < n)
        self.authoring.enable(self.index, n)

    def _setup_progress(self, done, total):
        self.setup_bar.setRange(0, max(1, total))
        self.setup_bar.setValue(min(done, total))
        self.setup_bar.setFormat(f"{done:,} / {total:,}")  # (fits the narrowest panel)

    def _show_setup(self):
        """The setup's progress while it trains; then Run, and what went wrong if
        anything did."""
        setting_up = self.runner.setting_up
        self.setup_row.setVisible(setting_up)
        if self.step is None:
            return
        self.run_button.setEnabled(not setting_up)
        if setting_up:
            self._setup_progress(0, self.runner.setup_epochs)
            self.outcome.setText(f"<i>Setting up the step: {self.runner.setup_epochs:,} "
                                 "epochs of training…</i>")
            return
        lines = [] if self.runner.complete else [
            "The setup was stopped before its end: the step does not start where it "
            "should. <i>Back to the lesson</i> sets it up again."]
        self.outcome.setText("<br>".join(lines + self.runner.failures))

    def _show_verdict(self, verdict):
        step = self.step
        self.run_button.setEnabled(True)
        lines = []
        if verdict.get("failed"):
            lines += ["<b>Not everything could be checked:</b>"] + verdict["failed"]
        if step.answers:
            happened = verdict["happened"]
            if happened:
                i = happened[0]
                lines.append(f"What happened: <b>({chr(97 + i)}) "
                             f"{escape(step.answers[i]['text'])}</b>")
                if self.chosen is not None:
                    lines.append("✓ As you predicted." if self.chosen == i else
                                 f"You predicted ({chr(97 + self.chosen)}).")
            else:
                lines.append("None of the answers describes what happened this time.")
        if verdict.get("guess"):
            lines.append(verdict["guess"])
        if step.expect:
            ok = sum(verdict["expect"])
            lines.append(f"{ok} of {len(step.expect)} " + ("thing this step shows holds now."
                         if len(step.expect) == 1 else "things this step shows hold now."))
        lines += self.classroom.judged(step, verdict, self.runner.tab(step))
        if step.explain:
            lines.append(step.explain)
        self.outcome.setText("<br>".join(lines))
        self.authoring.claims.judged(step)  # (its ✓ and ✗ after Run, changes too)
        # the verdict in view: its top, and as much of it as the panel holds
        settle()  # (the scroll area learns the verdict's height first)
        self._scroll.ensureWidgetVisible(self.outcome, 0, 0)
        if self.outcome.height() > self._scroll.viewport().height():
            top = self.outcome.mapTo(self._scroll.widget(), self.outcome.rect().topLeft()).y()
            self._scroll.verticalScrollBar().setValue(top)

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
