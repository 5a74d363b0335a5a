"""Edit… in the lesson panel: a step's words, question, answers (one per line; * marks
the right one), explanation, and its actions and claims as JSON, checked on OK
against what the step's tab declares."""
from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
)

from ...lessons import LessonError, check_step
from ..tabs import catalog


def offered_html(tab):
    """The actions and claims a step of ``tab`` may use, from what the tab declares."""
    cat = catalog()
    actions = "; ".join(f"<b>{a.name}</b> ({', '.join(a.args) or 'no arguments'}): {a.doc}"
                        for a in cat.actions[tab].values())
    claims = "; ".join(f"<b>{name}</b>: {doc}" for name, doc in cat.claims(tab).items())
    return (f"<small>Actions here — {actions}.<br>Claims here — {claims}. Models: "
            f"{', '.join(cat.models[tab])}.</small>")


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
        kinds = catalog().guesses.get(step.tab, ())
        self.guess = QCheckBox("students answer by drawing their guess (no answers)")
        self.guess.setToolTip("The tab shows a line to drag before Run; Run compares it with "
                              "the boundary the model learns")
        self.guess.setChecked(step.guess is not None)
        self.guess.setVisible(bool(kinds))
        self.guess_kind = kinds[0] if kinds else None
        self.actions = QPlainTextEdit(json.dumps({"setup": step.setup, "run": step.run,
                                                  "checks": [a.get("check") for a in
                                                             step.answers],
                                                  "expect": step.expect}, indent=1))
        self.offered = QLabel(offered_html(step.tab))  # what this step's tab understands
        self.offered.setWordWrap(True)
        self.offered.setTextFormat(Qt.RichText)
        self.error = QLabel()
        self.error.setWordWrap(True)
        for label, w in (("Title", self.title), ("Text", self.body), ("Question", self.question),
                         ("", self.guess),
                         ("Answers (* = right)", self.answers), ("Why", self.explain),
                         ("Actions and claims", self.actions), ("", self.offered),
                         ("", self.error)):
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
            if self.question.text().strip() and self.guess.isChecked() and self.guess_kind:
                d.update(question=self.question.text(), guess=self.guess_kind)
            elif self.question.text().strip():
                d.update(question=self.question.text(), answers=answers, correct=correct)
            if self.step.state is not None:
                d["state"] = self.step.state
            self.result_step = check_step(d, "this step", catalog())
        except (LessonError, ValueError) as exc:
            self.error.setText(f"<span style='color:#b00'>{exc}</span>")
            return
        self.accept()
