"""The lesson panel: a guided, predict-then-run path through the live app.

``LessonRunner`` carries a step out on a window: ``enter`` puts the step's tab in
its starting state (exactly, every time: "Back to the lesson"), ``run`` performs
its live actions at a pace a class can watch (or at once: tests, screenshots),
and ``verdict`` checks each answer's claim against what the app computed.
``LessonPanel`` is the dock beside the tabs: the step's words, the question,
Run, the outcome, Back / Next (PageUp / PageDown: a presenter's clicker),
contents, and the authoring tools.
"""
from __future__ import annotations

import copy
import json

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..lessons import (
    BUILTIN,
    Lesson,
    LessonError,
    Step,
    builtin_lesson,
    check_step,
    read_lesson,
    write_lesson,
)
from ..fileio import excerpt, show_path
from .tabs import TABS, tab_class

#: a step's live training takes about this long, at a pace of at least SLOWEST epochs
#: a second: a few hundred epochs are watched one by one, thousands go by quicker
RUN_SECONDS = 6.0
SLOWEST = 20.0


def settings_of(key):
    return tab_class(key).settings


def open_lesson(name_or_path):
    """A built-in lesson by name, or a lesson file: checked in full, or LessonError."""
    import os

    if name_or_path in BUILTIN:
        return builtin_lesson(name_or_path, list(TABS), settings_of)
    if not os.path.lexists(name_or_path):
        raise LessonError(f"no built-in lesson {excerpt(name_or_path, 40)} ({', '.join(BUILTIN)}) "
                          "and no such file")
    return read_lesson(name_or_path, list(TABS), settings_of)


def check_states(lesson, window, where="lesson"):
    """Check every captured state against its tab (as a session part is checked);
    LessonError names the first that does not fit.  Nothing changes."""
    from ..session import SessionError

    for i, step in enumerate(lesson.steps):
        if step.state is not None:
            try:
                window.page[step.tab].check_session(
                    step.state, f"{where} step {i + 1} ({step.tab})")
            except SessionError as exc:
                raise LessonError(str(exc)) from None


# ---------------------------------------------------------------------- runner
class LessonRunner(QObject):
    """Carries out steps on a ``MainWindow``.  ``finished(verdict)`` ends a live run."""

    finished = Signal(object)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self._queue = []
        self._before = {}
        self._step = None
        self._target = None
        self._finishing = False
        self.running = False

    def tab(self, step):
        return self.window.page[step.tab]

    # -------------------------------------------------------------- entering
    def enter(self, step):
        """The step's tab, in the step's starting state (the same every time)."""
        self.stop()
        self.window.select_tab(step.tab)
        tab = self.tab(step)
        tab.controller.pause()
        if step.state is not None:
            tab.apply_session(tab.check_session(copy.deepcopy(step.state), step.title))
        else:
            tab.restore_defaults()
            if step.tab == "boundary":
                tab.undo_stack.clear()
        for action in step.setup:
            self._act(tab, action, live=False)
        tab.controller.train_now(0)
        if tab.undo_stack is not None:
            tab.undo_stack.clear()  # the lesson's setup is not the student's to undo
        return tab

    # --------------------------------------------------------------- running
    def run(self, step, live=True):
        """Perform the step's run actions; live: at a watchable pace (RUN_SECONDS), ``finished`` at the end;
        otherwise at once, returning the verdict."""
        tab = self.tab(step)
        self._step = step
        self._before = self.measures(step, tab)
        self._queue = list(step.run)
        if not live:
            for action in self._queue:
                self._act(tab, action, live=False)
            self._queue = []
            tab.controller.train_now(0)
            return self.verdict(step)
        self.running = True
        self._next()
        return None

    def stop(self):
        self._queue = []
        self._target = None
        self.running = False

    def _next(self):
        step = self._step
        tab = self.tab(step)
        while self._queue:
            action = self._queue.pop(0)
            if action["do"] == "train" and action["epochs"] > 0:
                latest = tab.controller.take() or tab.controller.latest
                self._target = (latest.epoch if latest else 0) + action["epochs"]
                self._finishing = False
                tab.controls.set_speed(max(SLOWEST, action["epochs"] / RUN_SECONDS))
                tab.controller.snapshot.connect(self._watch)
                tab.controller.play()
                return  # _watch carries on when the epochs are done
            self._act(tab, action, live=True)
        QTimer.singleShot(0, self._done)

    def _watch(self, snap):
        """Training runs at the watchable pace; the last few epochs are stepped, so it
        ends on exactly the epoch the step says."""
        if self._target is None:
            return
        tab = self.tab(self._step)
        if snap.running:
            per_picture = tab.controller.handoff.speed / 30.0
            if not self._finishing and snap.epoch >= self._target - max(2.0, 2 * per_picture):
                self._finishing = True
                left = self._target - snap.epoch
                if left > 0:
                    tab.controller.step(left)
                else:
                    tab.controller.pause()
            return
        if not self._finishing and snap.epoch < self._target:
            return  # (the picture of the start: training has not begun)
        if snap.epoch < self._target and self._finishing:
            return  # the stepped epochs are still on their way
        tab.controller.snapshot.disconnect(self._watch)
        self._target = None
        if self.running:
            self._next()

    def interrupted(self):
        """The user paused (or reset) in the middle of a run: stop following it."""
        if self.running and self._target is not None:
            self.tab(self._step).controller.snapshot.disconnect(self._watch)
            self.stop()
            return True
        return False

    def _done(self):
        if not self.running:
            return
        self.running = False
        tab = self.tab(self._step)
        tab.controller.train_now(0)  # every change shown before it is judged
        self.finished.emit(self.verdict(self._step))

    def _act(self, tab, a, live):
        do = a["do"]
        if do == "set":
            tab.controller.pause()
            tab.form.set_values(a["values"])
            tab.refresh()
        elif do == "change":
            tab.form.set_values(a["values"], quiet=False)
        elif do == "lr":
            tab.controls.set_lr(a["value"])
        elif do == "speed":
            tab.controls.set_speed(a["value"])
        elif do == "preset":
            tab.load_preset(a["name"], a.get("n"), a.get("noise"), a.get("seed"))
        elif do == "points":
            tab.set_points(np.column_stack([a["x1"], a["x2"]]), np.array(a["label"]),
                           "lesson points")
        elif do == "add_point":
            tab.add_point(a["x"], a["y"], a["label"], learn=False)
        elif do == "train":
            # a tab that keeps pictures of the past (‖w‖, the timeline) gets them at
            # epochs 1, 3, 7, 15 ... as a class watching would (the same every time)
            left = a["epochs"]
            chunk = 1 if hasattr(tab, "timeline") else left
            while left > 0:
                tab.train_now(min(chunk, left))
                left -= min(chunk, left)
                chunk *= 2
        elif do == "reset":
            tab.controller.reset()
            tab.controller.train_now(0)

    # -------------------------------------------------------------- judging
    def _snap(self, tab):
        return tab.controller.take() or tab.controller.latest

    def _model(self, tab, claim, snap):
        name = claim.get("model") or tab.primary(snap)
        if name not in snap.models:
            raise LessonError(f"this tab has no model '{name}' now")
        return name, snap.models[name]

    def measure(self, claim, tab, of=None):
        """The number a claim is about, as the app computed it now."""
        snap = self._snap(tab)
        kind = of or claim["claim"]
        if kind in ("accuracy", "loss"):
            name, _ = self._model(tab, claim, snap)
            return snap.metrics.get(name, {}).get(kind, np.nan)
        if kind == "norm":
            _, model = self._model(tab, claim, snap)
            norm = getattr(model, "weight_norm", None)
            return norm() if norm else float(np.linalg.norm(model.parameters()[0]))
        if kind == "probability":
            _, model = self._model(tab, claim, snap)
            return float(model.proba_matrix(np.array([claim["point"]]))[0][claim["label"]])
        if kind == "zeros":
            _, model = self._model(tab, claim, snap)
            return int(np.sum(model.parameters()[0] == 0.0))
        if kind == "weights":
            _, model = self._model(tab, claim, snap)
            return float(np.max(np.abs(model.parameters()[0])))
        if kind == "ece":
            from ..models.metrics import expected_calibration_error

            _, model = self._model(tab, claim, snap)
            held = tab.held
            return expected_calibration_error(held.y, model.predict_proba(held.X))
        if kind == "interval_has_zero":
            from ..models.inference import intervals, standard_errors

            _, model = self._model(tab, claim, snap)
            w, b = model.raw_coefficients()  # in the features' own units, as drawn
            se, _ = standard_errors(tab.train.X, tab.train.y, w, b)
            lo, hi = intervals(w, se)
            j = claim["feature"]
            return bool(lo[j] <= 0 <= hi[j])
        raise LessonError(f"cannot measure {kind}")

    def measures(self, step, tab):
        """What the step's "change" claims compare: measured before Run."""
        out = {}
        for claim in self._claims(step):
            if claim["claim"] == "change":
                out[_key(claim)] = self.measure(claim, tab, of=claim["of"])
        return out

    @staticmethod
    def _claims(step):
        return [a["check"] for a in step.answers if a.get("check")] + list(step.expect)

    def holds(self, claim, tab):
        kind = claim["claim"]
        if kind == "compare":
            a = self.measure({**claim, "model": claim["model"]}, tab, of=claim["of"])
            b = self.measure({**claim, "model": claim["than"]}, tab, of=claim["of"])
            return bool((a - b) * claim["sign"] > 1e-12)
        if kind == "change":
            now = self.measure(claim, tab, of=claim["of"])
            before = self._before.get(_key(claim), np.nan)
            return bool((now - before) * claim["sign"] > 1e-12)
        value = self.measure(claim, tab)
        if kind == "interval_has_zero":
            return value == claim["is"]
        if kind == "weights":
            return value <= claim["max_abs"]
        lo, hi = claim.get("min", -np.inf), claim.get("max", np.inf)
        return bool(lo <= value <= hi)

    def verdict(self, step):
        """{"happened": [answer indices whose claim holds], "expect": [bool, ...]}."""
        tab = self.tab(step)
        happened = [i for i, a in enumerate(step.answers)
                    if a.get("check") and self.holds(a["check"], tab)]
        return {"happened": happened, "expect": [self.holds(c, tab) for c in step.expect]}


def _key(claim):
    return json.dumps(claim, sort_keys=True)


# ---------------------------------------------------------------------- panel
class LessonPanel(QDockWidget):
    """The lesson beside the tabs (View → Lesson)."""

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
        v.addWidget(self._build_authoring())
        v.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setWidget(scroll)
        self.setMinimumWidth(250)  # (a 1280-pixel projector keeps room for the tab)
        self._show()

    def _build_authoring(self):
        box = QWidget()
        outer = QVBoxLayout(box)
        outer.setContentsMargins(0, 0, 0, 0)
        self.write_toggle = QPushButton("Write a lesson ▸")
        self.write_toggle.setCheckable(True)
        self.write_toggle.setToolTip("Tools to make your own lesson from what is on screen")
        tools = QWidget()
        grid = QVBoxLayout(tools)
        grid.setContentsMargins(0, 0, 0, 0)
        self.capture_button = QPushButton("Add this moment as a step")
        self.capture_button.setToolTip("A new step after this one, starting from the current "
                                       "tab exactly as it is now")
        self.capture_button.clicked.connect(self.capture)
        row = QHBoxLayout()
        self.edit_button = QPushButton("Edit…")
        self.up_button = QPushButton("↑")
        self.down_button = QPushButton("↓")
        self.copy_button = QPushButton("Copy")
        self.delete_button = QPushButton("Delete")
        for b, tip, fn in ((self.edit_button, "Edit this step's words, question and actions",
                            self.edit),
                           (self.up_button, "Move this step earlier", lambda: self.move(-1)),
                           (self.down_button, "Move this step later", lambda: self.move(1)),
                           (self.copy_button, "Duplicate this step", self.duplicate),
                           (self.delete_button, "Delete this step", self.delete)):
            b.setToolTip(tip)
            b.clicked.connect(fn)
            row.addWidget(b)
        self.save_button = QPushButton("Save lesson…")
        self.save_button.clicked.connect(lambda: self.save())
        grid.addWidget(self.capture_button)
        grid.addLayout(row)
        grid.addWidget(self.save_button)
        tools.setVisible(False)

        def toggled(on):
            tools.setVisible(on)
            self.write_toggle.setText("Write a lesson ▾" if on else "Write a lesson ▸")
        self.write_toggle.toggled.connect(toggled)
        outer.addWidget(self.write_toggle)
        outer.addWidget(tools)
        return box

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
        self.fit_screen()

    def fit_screen(self):
        """Beside the tabs when the screen has room for both; otherwise floating over the
        window's right edge (a 1280-pixel projector in presentation mode): the tab is
        never squeezed below its own minimum."""
        window = self.window_
        screen = window.screen().availableGeometry() if window.screen() else None
        if screen is None or not self.isVisible():
            return
        need = window.current_page().minimumSizeHint().width() + self.minimumWidth() + 40
        floating = need > screen.width()
        if floating != self.isFloating():
            self.setFloating(floating)
        if floating:
            width = max(self.minimumWidth(), round(screen.width() * 0.24))
            self.setGeometry(screen.right() - width - 8, screen.top() + 60, width,
                             min(screen.height() - 120, 560))

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
        self.up_button.setEnabled(self.index > 0)
        self.down_button.setEnabled(self.index + 1 < n)
        self.delete_button.setEnabled(n > 1)

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

    # ------------------------------------------------------------ authoring
    def _ensure_lesson(self):
        if self.lesson is None:
            self.lesson, self.index = Lesson("My lesson", []), -1

    def capture(self):
        """A new step after this one, starting from the current tab as it is now."""
        self._ensure_lesson()
        page = self.window_.current_page()
        step = Step(title=f"{page.title}: a new step", tab=page.key,
                    text="What should the class look at here?", state=page.session_state())
        self.lesson.steps.insert(self.index + 1, step)
        self.index += 1
        self._relist()
        return step

    def edit(self):
        if self.step is None:
            return
        dialog = StepEditor(self.step, self)
        if dialog.exec() == QDialog.Accepted:
            self.lesson.steps[self.index] = dialog.result_step
            self._relist()

    def move(self, by):
        i, j = self.index, self.index + by
        steps = self.lesson.steps if self.lesson else []
        if 0 <= j < len(steps):
            steps[i], steps[j] = steps[j], steps[i]
            self.index = j
            self._relist()

    def duplicate(self):
        if self.step is not None:
            self.lesson.steps.insert(self.index + 1, copy.deepcopy(self.step))
            self.index += 1
            self._relist()

    def delete(self):
        if self.lesson is not None and len(self.lesson.steps) > 1:
            del self.lesson.steps[self.index]
            self.index = min(self.index, len(self.lesson.steps) - 1)
            self._relist()

    def _relist(self):
        self.contents.clear()
        for i, s in enumerate(self.lesson.steps):
            self.contents.addItem(f"{i + 1}. {s.title}")
        self._show()

    def save(self, path=None):
        from .widgets.forms import choose_path

        if self.lesson is None:
            return False
        path = choose_path(self, path, "Save lesson", self.path or "lesson.json",
                           "lrviz lessons (*.json)", save=True)
        if path is None:
            return False
        try:
            write_lesson(path, self.lesson)
        except (OSError, ValueError) as exc:
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            self.window_.statusBar().showMessage(f"Could not save {show_path(path)}: {why}",
                                                 10000)
            return False
        self.path = path
        self.window_.statusBar().showMessage(f"Saved the lesson to {show_path(path)}", 8000)
        return True


class StepEditor(QDialog):
    """A step's words, question, answers (one per line; * marks the right one), the
    explanation, and its actions and claims as JSON (checked on OK)."""

    def __init__(self, step, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Edit step")
        self.step = step
        form = QFormLayout(self)
        self.title = QLineEdit(step.title)
        self.body = QPlainTextEdit(step.text)
        self.question = QLineEdit(step.question or "")
        self.answers = QPlainTextEdit("\n".join(
            ("*" if i == step.correct else "") + a["text"] for i, a in enumerate(step.answers)))
        self.explain = QPlainTextEdit(step.explain)
        self.actions = QPlainTextEdit(json.dumps({"setup": step.setup, "run": step.run,
                                                  "checks": [a.get("check") for a in
                                                             step.answers],
                                                  "expect": step.expect}, indent=1))
        self.error = QLabel()
        self.error.setWordWrap(True)
        for label, w in (("Title", self.title), ("Text", self.body), ("Question", self.question),
                         ("Answers (* = right)", self.answers), ("Why", self.explain),
                         ("Actions and claims", self.actions), ("", self.error)):
            form.addRow(label, w)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.result_step = None

    def _accept(self):
        try:
            extra = json.loads(self.actions.toPlainText() or "{}")
            if not isinstance(extra, dict):
                raise LessonError("actions and claims should be one JSON object")
            lines = [ln for ln in self.answers.toPlainText().splitlines() if ln.strip()]
            checks = list(extra.get("checks") or [])
            answers = [{"text": ln.lstrip("*").strip(),
                        **({"check": checks[i]} if i < len(checks) and checks[i] else {})}
                       for i, ln in enumerate(lines)]
            correct = next((i for i, ln in enumerate(lines) if ln.startswith("*")), 0)
            d = {"title": self.title.text(), "tab": self.step.tab, "text": self.body.toPlainText(),
                 "explain": self.explain.toPlainText(),
                 "setup": extra.get("setup", []), "run": extra.get("run", []),
                 "expect": extra.get("expect", [])}
            if self.question.text().strip():
                d.update(question=self.question.text(), answers=answers, correct=correct)
            if self.step.state is not None:
                d["state"] = self.step.state
            self.result_step = check_step(d, "this step", list(TABS), settings_of)
        except (LessonError, ValueError) as exc:
            self.error.setText(f"<span style='color:#b00'>{exc}</span>")
            return
        self.accept()
