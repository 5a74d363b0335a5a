"""Writing a lesson in the panel: the current tab captured as a step, a step's words,
question and actions edited, steps moved, copied and deleted, and the lesson saved."""
from __future__ import annotations

import copy

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QGridLayout, QPushButton, QVBoxLayout, QWidget

from ...fileio import show_path
from ...lessons import Lesson, Step, write_lesson
from ..widgets.forms import choose_path
from .claims import ClaimEditor


class Authoring(QObject):
    """The panel's "Write a lesson" tools; they act on ``panel.lesson`` at ``panel.index``."""

    def __init__(self, panel):
        super().__init__(panel)
        self.panel = panel
        self.box = QWidget()
        outer = QVBoxLayout(self.box)
        outer.setContentsMargins(0, 0, 0, 0)
        self.toggle = QPushButton("Write a lesson ▸")
        self.toggle.setCheckable(True)
        self.toggle.setToolTip("Tools to make your own lesson from what is on screen")
        tools = QWidget()
        column = QVBoxLayout(tools)
        column.setContentsMargins(0, 0, 0, 0)
        self.capture_button = QPushButton("Add this moment as a step")
        self.capture_button.setToolTip("A new step after this one, starting from the current "
                                       "tab exactly as it is now")
        self.capture_button.clicked.connect(self.capture)
        row = QGridLayout()  # (two a row: five in one were cut in a narrow panel)
        self.buttons = {}
        for k, (name, text, tip, fn) in enumerate((
                ("edit", "Edit…", "Edit this step's words, question and actions", self.edit),
                ("copy", "Copy", "Duplicate this step", self.duplicate),
                ("up", "↑", "Move this step earlier", lambda: self.move(-1)),
                ("down", "↓", "Move this step later", lambda: self.move(1)),
                ("delete", "Delete", "Delete this step", self.delete))):
            b = self.buttons[name] = QPushButton(text)
            b.setToolTip(tip)
            b.clicked.connect(fn)
            row.addWidget(b, k // 2, k % 2, 1, 2 if k == 4 else 1)
        self.save_button = QPushButton("Save lesson…")
        self.save_button.clicked.connect(lambda: self.save())
        column.addWidget(self.capture_button)
        column.addLayout(row)
        self.claims = ClaimEditor(panel)  # the step's claims, and new ones from menus
        column.addWidget(self.claims)
        column.addWidget(self.save_button)
        tools.setVisible(False)

        def toggled(on):
            tools.setVisible(on)
            self.toggle.setText("Write a lesson ▾" if on else "Write a lesson ▸")
        self.toggle.toggled.connect(toggled)
        outer.addWidget(self.toggle)
        outer.addWidget(tools)

    def enable(self, index, n):
        """Buttons for step ``index`` of ``n``."""
        self.buttons["up"].setEnabled(index > 0)
        self.buttons["down"].setEnabled(index + 1 < n)
        self.buttons["delete"].setEnabled(n > 1)
        self.claims.show_step(self.panel.step)

    def capture(self):
        """A new step after this one, starting from the current tab as it is now."""
        panel = self.panel
        if panel.lesson is None:
            panel.lesson, panel.index = Lesson("My lesson", []), -1
        page = panel.window_.current_page()
        step = Step(title=f"{page.title}: a new step", tab=page.key,
                    text="What should the class look at here?", state=page.session.state())
        panel.lesson.steps.insert(panel.index + 1, step)
        panel.index += 1
        panel.relist()
        return step

    def edit(self):
        from .editor import StepEditor

        panel = self.panel
        if panel.step is None:
            return
        dialog = StepEditor(panel.step, panel)
        if dialog.exec() == QDialog.Accepted:
            panel.lesson.steps[panel.index] = dialog.result_step
            panel.relist()

    def move(self, by):
        panel = self.panel
        i, j = panel.index, panel.index + by
        steps = panel.lesson.steps if panel.lesson else []
        if 0 <= j < len(steps):
            steps[i], steps[j] = steps[j], steps[i]
            panel.index = j
            panel.relist()

    def duplicate(self):
        panel = self.panel
        if panel.step is not None:
            panel.lesson.steps.insert(panel.index + 1, copy.deepcopy(panel.step))
            panel.index += 1
            panel.relist()

    def delete(self):
        panel = self.panel
        if panel.lesson is not None and len(panel.lesson.steps) > 1:
            del panel.lesson.steps[panel.index]
            panel.index = min(panel.index, len(panel.lesson.steps) - 1)
            panel.relist()

    def save(self, path=None):
        panel = self.panel
        if panel.lesson is None:
            return False
        path = choose_path(panel, path, "Save lesson", panel.path or "lesson.json",
                           "lrviz lessons (*.json)", save=True)
        if path is None:
            return False
        bar = panel.window_.statusBar()
        try:
            write_lesson(path, panel.lesson)
        except (OSError, ValueError) as exc:
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            bar.showMessage(f"Could not save {show_path(path)}: {why}", 10000)
            return False
        panel.path = path
        bar.showMessage(f"Saved the lesson to {show_path(path)}", 8000)
        return True
