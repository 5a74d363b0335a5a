"""Claims in the authoring tools: a claim about the step's tab built from menus (its
kind, the measure, the model, bounds, point), shown as JSON that an expert may edit,
judged now by the lesson runner's own ``holds`` (✓ / ✗), and added to the step's
``expect`` or to an answer's ``check``; the step's claims listed, each ✓ or ✗ now.
A claim the tab cannot measure is refused in one line and nothing changes."""
from __future__ import annotations

import json

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QWidget,
)

from ...lessons import COMPARISONS, LessonError, check_claim, claim_args, claim_kinds
from ..tabs import catalog
from .runner import CANNOT  # (what judging a claim may meet: no crash, a "?")

#: what a claim's bounds start at in the menus (the author changes them)
DEFAULTS = {"min": 0.5, "max": 1.0, "max_abs": 1.0}


def menu(items, tip):
    """A narrow drop-down of (text, data) items."""
    box = QComboBox()
    box.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(8)
    box.setToolTip(tip)
    for text, data in items:
        box.addItem(text, data)
    return box


def _row(*widgets):
    row = QWidget()
    h = QHBoxLayout(row)
    h.setContentsMargins(0, 0, 0, 0)
    for w in widgets:
        h.addWidget(w, 1)
    return row


def words(claim):
    """A claim in a line: its kind, then its arguments."""
    rest = ", ".join(f"{k} {json.dumps(v)}" for k, v in claim.items() if k != "claim")
    return f"{claim.get('claim')}" + (f" ({rest})" if rest else "")


class ClaimArguments(QWidget):
    """Menus and spin boxes for the arguments of one claim kind (``show_for``);
    ``value()`` is them as a claim's arguments (an unticked bound is left out)."""

    changed = Signal()

    def __init__(self):
        super().__init__()
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setRowWrapPolicy(QFormLayout.WrapLongRows)
        self.read = {}  # argument -> its value now (None: left out)
        self.controls = {}  # argument -> its menu or spin box (a point's: the first)

    def show_for(self, kind, measure, models, inputs, classes=2):
        while self.form.rowCount():
            self.form.removeRow(0)
        self.read, self.controls = {}, {}
        if measure.models is not None:  # (a measure of some of the tab's models only)
            models = [m for m in models if m in measure.models]
        sizes = {"point": inputs, "feature": inputs, "label": classes}
        for name, (k, required) in claim_args(kind, measure).items():
            if name != "of":
                widget, self.read[name] = self._control(name, k, required, kind, models, sizes)
                self.form.addRow(name, widget)

    def _control(self, name, k, required, kind, models, sizes):
        if name == "sign":
            up, down = ("rises", "falls") if kind == "change" else ("is above", "is below")
            box = menu([(up, 1), (down, -1)], "Which way the claim says it goes")
        elif k == "model":
            box = menu(([] if required else [("the main one", None)])
                       + [(m, m) for m in models], "The model the claim is about")
            box.setCurrentIndex(min(box.count() - 1, int(name == "than")))
        elif k is bool:
            box = menu([("true", True), ("false", False)], "What the claim says it is")
        else:
            return self._number(name, k, required, sizes)
        self.controls[name] = box
        box.currentIndexChanged.connect(self.changed)
        return box, box.currentData

    def _number(self, name, k, required, sizes):
        whole = k is int or k in ("label", "feature")  # (a class, a feature: its number)
        spins = [QSpinBox() if whole else QDoubleSpinBox()
                 for _ in range(sizes["point"] if k == "point" else 1)]
        for spin in spins:
            spin.setRange(*((0, sizes[k] - 1) if k in ("label", "feature") else
                            (0, 99) if k is int else (-100, 100) if k == "point" else
                            (-1000, 1000)))
            if not whole:
                spin.setDecimals(2 if k == "point" else 3)  # (two side by side: narrow)
                spin.setSingleStep(0.05)
                spin.setValue(DEFAULTS.get(name, 0.0))
            spin.valueChanged.connect(self.changed)
        self.controls[name] = spins[0]
        if k == "point":
            return _row(*spins), lambda: [s.value() for s in spins]
        spin = spins[0]
        if required:
            return spin, spin.value
        on = QCheckBox()
        on.setToolTip(f"Include '{name}' in the claim")
        on.setChecked(name == "min")
        on.toggled.connect(spin.setEnabled)
        on.toggled.connect(self.changed)
        spin.setEnabled(on.isChecked())
        return _row(on, spin), lambda: spin.value() if on.isChecked() else None

    def value(self):
        return {n: v for n, read in self.read.items() if (v := read()) is not None}


class ClaimEditor(QGroupBox):
    """The step's claims, each ✓ or ✗ now, and a claim built from menus and added to
    the step (see the module's docstring).  ``panel``: the lesson panel."""

    def __init__(self, panel):
        super().__init__("Claims")
        self.panel = panel
        self.step = self.tab = None
        self._judged = set()  # the claims Run measured before and after ("change")
        self.listing = QListWidget()
        self.listing.setWordWrap(True)
        self.listing.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.listing.setMaximumHeight(110)
        self.remove_button = QPushButton("Remove claim")
        self.remove_button.clicked.connect(self.remove)
        self.kind = menu([], "What the claim is about")
        self.of = menu([], "The measure a change or comparison is about")
        self.args = ClaimArguments()
        self.raw = QLineEdit()
        self.raw.setToolTip("The claim as JSON: the menus write it; experts may edit it")
        self.now = QLabel()
        self.now.setWordWrap(True)
        self.target = menu([], "Where the claim goes: what the step shows, or an answer's check")
        self.add_button = QPushButton("Add claim")
        self.add_button.clicked.connect(self.add)
        self.message = QLabel()
        self.message.setWordWrap(True)
        form = QFormLayout(self)
        form.setContentsMargins(4, 4, 4, 4)  # (the panel is narrow)
        form.setRowWrapPolicy(QFormLayout.WrapLongRows)
        for label, w in (("", self.listing), ("", self.remove_button), ("Claim", self.kind),
                         ("of", self.of), ("", self.args), ("JSON", self.raw), ("", self.now),
                         ("Add to", self.target), ("", self.add_button), ("", self.message)):
            if label:
                form.addRow(label, w)
            else:
                form.addRow(w)  # (the whole width)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.of.currentIndexChanged.connect(self._kind_changed)
        self.args.changed.connect(self._compose)
        self.raw.textChanged.connect(self._preview)
        self.setEnabled(False)

    # ------------------------------------------------------------ the step
    def show_step(self, step):
        """The claims of ``step`` (None: no lesson) and menus for its tab."""
        self.step, self._judged = step, set()
        self.setEnabled(step is not None)
        if step is None:
            return
        if step.tab != self.tab:
            self.tab = step.tab
            measures = catalog().measures[step.tab]
            self.setTitle(f"Claims ({step.tab} tab)")  # (a longer title widened the panel)
            for box, items in ((self.kind, claim_kinds(measures)),
                               (self.of, [m.name for m in measures.values() if m.comparable])):
                box.blockSignals(True)
                box.clear()
                for name in items:
                    box.addItem(name, name)
                    doc = catalog().claims(step.tab).get(name) or measures[name].doc
                    box.setItemData(box.count() - 1, doc, Qt.ToolTipRole)
                box.blockSignals(False)
            self._kind_changed()
        self.target.clear()
        self.target.addItem("what the step shows", None)
        for i, a in enumerate(step.answers):
            self.target.addItem(f"answer ({chr(97 + i)}) {a['text'][:30]}", i)
        self.relist()

    def judged(self, step):
        """Run has just measured ``step``'s claims (a change is judged by Run alone)."""
        if step is self.step:
            self._judged = {json.dumps(c, sort_keys=True) for c in self._claims()[1]}
            self.relist()

    def _claims(self):
        """[(where, index)], [claim]: the step's claims and where each sits."""
        at = [(("answer", i), a["check"]) for i, a in enumerate(self.step.answers)
              if a.get("check")] + [(("expect", i), c) for i, c in enumerate(self.step.expect)]
        return [w for w, _ in at], [c for _, c in at]

    def relist(self):
        self.listing.clear()
        for (where, i), claim in zip(*self._claims()):
            mark, why = self.verdict(claim)
            name = f"answer ({chr(97 + i)})" if where == "answer" else "shows"
            item = QListWidgetItem(f"{mark} {name}: {words(claim)}")
            item.setData(Qt.UserRole, (where, i))
            item.setToolTip(why)
            self.listing.addItem(item)
        self.remove_button.setEnabled(self.listing.count() > 0)
        self._preview()

    def verdict(self, claim):
        """(mark, words): whether a checked claim holds now, by the runner's own test."""
        if claim["claim"] == "change" and json.dumps(claim, sort_keys=True) not in self._judged:
            return "◦", "a change is judged by Run: press Run"
        try:
            held = self.panel.runner.holds(claim, self.panel.window_.page[self.step.tab])
        except CANNOT as exc:
            return "?", f"cannot be measured now: {exc}"
        return ("✓", "holds now") if held else ("✗", "does not hold now")

    # ------------------------------------------------------- a new claim
    def _kind_changed(self):
        kind = self.kind.currentData()
        if kind is None:
            return
        measures = catalog().measures[self.tab]
        about = measures[self.of.currentData()] if kind in COMPARISONS else measures[kind]
        self.of.setEnabled(kind in COMPARISONS)
        known = catalog()
        self.args.show_for(kind, about, known.models[self.tab], known.inputs[self.tab],
                           known.classes[self.tab])
        self._compose()

    def _compose(self):
        kind = self.kind.currentData()
        claim = {"claim": kind, **({"of": self.of.currentData()} if kind in COMPARISONS else {}),
                 **self.args.value()}
        self.raw.setText(json.dumps(claim))

    def claim(self):
        """The claim the JSON says, checked against the step's tab (LessonError)."""
        try:
            claim = json.loads(self.raw.text())
        except ValueError:
            raise LessonError("the claim is not JSON") from None
        check_claim(claim, "this claim", catalog(), self.tab)
        return claim

    def _preview(self):
        if self.step is None:
            return
        try:
            mark, why = self.verdict(self.claim())
            self.now.setText(f"{mark} {why}")
        except LessonError as exc:
            self.now.setText(f"— {exc}")

    def add(self):
        """The claim into the step (what it shows, or the chosen answer's check);
        refused in one line, nothing changed, if the tab cannot measure it."""
        try:
            claim = self.claim()
        except LessonError as exc:
            self.message.setText(f"Not added: {exc}")
            return False
        answer = self.target.currentData()
        if answer is None:
            self.step.expect.append(claim)
        else:
            self.step.answers[answer]["check"] = claim
        self.message.setText("")
        self.panel.relist()
        return True

    def remove(self):
        item = self.listing.currentItem() or self.listing.item(0)
        if item is None:
            return
        where, i = item.data(Qt.UserRole)
        if where == "expect":
            del self.step.expect[i]
        else:
            self.step.answers[i].pop("check", None)
        self.panel.relist()
