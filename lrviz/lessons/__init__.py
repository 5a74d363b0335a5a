"""Lessons: guided paths through the live app, as versioned JSON files (no Qt).

A lesson is a title and a list of steps.  A step names its tab and says, in a
few sentences, what to look at; it may ask a question *before* anything runs,
with answers of which one is correct.  Its parts:

* ``setup``: actions that put the tab in the step's starting state, applied at
  once and exactly (so "Back to the lesson" restores it) -- or ``state``: a
  captured session part of that tab (authoring's "Add this moment as a step");
* ``run``: the actions **Run** performs live (train N epochs at a watchable
  pace, add a point, change λ ...);
* ``answers``: each with a ``check``, a claim about what the app shows after
  Run; the answer whose check holds is "what happened", and ``explain`` says why;
* ``expect``: claims for a step without a question.

Every claim is checked against what the app computed -- by the panel after Run,
and by the tests for the built-in lessons.  Reading a lesson never runs code
(JSON only) and checks everything before anything changes; ``LessonError`` says
what is wrong in one line.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from importlib import resources

from ..fileio import FileRefused, excerpt, json_document, read_bytes, show_path, write_atomically

FORMAT = "lrviz-lesson"
VERSION = 1
MAX_BYTES = 20 * 1024 * 1024
MAX_STEPS = 500
MAX_TEXT = 5000
BUILTIN = {"intro": "Logistic regression from scratch", "xor": "Five minutes of XOR",
           "l1": "Why L1 gives zeros"}

#: action name -> {argument: (type, required)}; numbers are finite, lists of numbers
ACTIONS = {
    "set": {"values": (dict, True)},  # settings, then the tab rebuilt from them
    "change": {"values": (dict, True)},  # settings changed as a user would (live)
    "lr": {"value": (float, True)},
    "speed": {"value": (float, True)},
    "preset": {"name": (str, True), "n": (int, False), "noise": (float, False),
               "seed": (int, False)},
    "points": {"x1": (list, True), "x2": (list, True), "label": (list, True)},
    "add_point": {"x": (float, True), "y": (float, True), "label": (int, True)},
    "train": {"epochs": (int, True)},
    "reset": {},
}
#: claim name -> {argument: (type, required)}
CLAIMS = {
    "accuracy": {"model": (str, False), "min": (float, False), "max": (float, False)},
    "loss": {"model": (str, False), "min": (float, False), "max": (float, False)},
    "change": {"of": (str, True), "sign": (int, True), "model": (str, False),
               "point": (list, False), "label": (int, False)},
    "probability": {"point": (list, True), "label": (int, True), "model": (str, False),
                    "min": (float, False), "max": (float, False)},
    "zeros": {"model": (str, False), "min": (int, False), "max": (int, False)},
    "compare": {"of": (str, True), "model": (str, True), "than": (str, True),
                "sign": (int, True)},
    "weights": {"model": (str, False), "max_abs": (float, True)},
    "ece": {"model": (str, True), "min": (float, False), "max": (float, False)},
    "interval_has_zero": {"feature": (int, True), "is": (bool, True)},
}
CHANGES = ("loss", "norm", "probability", "accuracy", "zeros")
MAX_EPOCHS = 1_000_000


class LessonError(ValueError):
    """A lesson that cannot be opened; ``str()`` names the file and the problem."""


@dataclass
class Step:
    title: str
    tab: str
    text: str = ""
    question: str | None = None
    answers: list = field(default_factory=list)  # [{"text": str, "check": claim or None}]
    correct: int | None = None
    explain: str = ""
    setup: list = field(default_factory=list)
    run: list = field(default_factory=list)
    expect: list = field(default_factory=list)
    state: dict | None = None  # a captured session part of ``tab``

    def to_dict(self):
        d = {"title": self.title, "tab": self.tab, "text": self.text}
        if self.question is not None:
            d.update(question=self.question, answers=self.answers, correct=self.correct)
        for key in ("explain", "setup", "run", "expect", "state"):
            value = getattr(self, key)
            if value:
                d[key] = value
        return d


@dataclass
class Lesson:
    title: str
    steps: list

    def to_dict(self):
        return {"format": FORMAT, "version": VERSION, "title": self.title,
                "steps": [s.to_dict() for s in self.steps]}


# ------------------------------------------------------------------ checking
def _kind_ok(value, kind):
    if kind is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool) \
            and math.isfinite(value)
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, kind)


def _check_args(d, table, name, where):
    if not isinstance(d, dict):
        raise LessonError(f"{where}: should be an object, got {excerpt(d, 30)}")
    spec = table.get(d.get(name))
    if spec is None:
        raise LessonError(f"{where}: unknown {name} {excerpt(d.get(name), 30)}; "
                          f"choose from {', '.join(table)}")
    for key, value in d.items():
        if key == name:
            continue
        if key not in spec:
            raise LessonError(f"{where}: '{d[name]}' takes no '{excerpt(key, 20)[1:-1]}'")
        kind, _ = spec[key]
        if not _kind_ok(value, kind):
            raise LessonError(f"{where}: '{key}' of '{d[name]}' should be "
                              f"{kind.__name__ if kind is not float else 'a finite number'}")
    for key, (_, required) in spec.items():
        if required and key not in d:
            raise LessonError(f"{where}: '{d[name]}' needs '{key}'")


def _numbers(values, where, n=None):
    if not isinstance(values, list) or not all(_kind_ok(v, float) for v in values) \
            or (n is not None and len(values) != n):
        raise LessonError(f"{where}: should be a list of "
                          f"{n if n is not None else ''} finite numbers".replace("  ", " "))


def check_action(a, where, settings_of=None, tab=None):
    _check_args(a, ACTIONS, "do", where)
    do = a["do"]
    if do == "train" and not 0 <= a["epochs"] <= MAX_EPOCHS:
        raise LessonError(f"{where}: 'epochs' should be 0 to {MAX_EPOCHS:,}")
    if do in ("lr", "speed") and not a["value"] > 0:
        raise LessonError(f"{where}: '{do}' should be a positive number")
    if do == "points":
        _numbers(a["x1"], f"{where} x1")
        _numbers(a["x2"], f"{where} x2", len(a["x1"]))
        labels = a["label"]
        if len(labels) != len(a["x1"]) or not all(_kind_ok(v, int) and 0 <= v <= 4
                                                   for v in labels):
            raise LessonError(f"{where}: 'label' should be one whole number 0-4 per point")
    if do == "add_point" and not 0 <= a["label"] <= 4:
        raise LessonError(f"{where}: 'label' should be 0 to 4")
    if do in ("preset", "points", "add_point") and tab not in (None, "boundary"):
        raise LessonError(f"{where}: '{do}' belongs to the Boundary Builder, not '{tab}'")
    if do in ("set", "change") and settings_of is not None:
        declared = {s.name: s for s in settings_of(tab)}
        for key, value in a["values"].items():
            if key not in declared:
                raise LessonError(f"{where}: the {tab} tab has no setting "
                                  f"'{excerpt(key, 30)[1:-1]}'")
            try:
                declared[key].check(value, where)
            except ValueError as exc:
                raise LessonError(str(exc)) from None


def check_claim(c, where):
    _check_args(c, CLAIMS, "claim", where)
    if c["claim"] in ("change", "compare"):
        if c["of"] not in CHANGES:
            raise LessonError(f"{where}: a change of {excerpt(c['of'], 20)} cannot be "
                              f"measured; choose from {', '.join(CHANGES)}")
        if c["sign"] not in (-1, 1):
            raise LessonError(f"{where}: 'sign' should be 1 (up) or -1 (down)")
    if "point" in c:
        _numbers(c["point"], f"{where} point")
        if len(c["point"]) not in (1, 2):
            raise LessonError(f"{where}: 'point' should be one or two numbers")


def _text(d, key, where, required=True, limit=MAX_TEXT):
    value = d.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise LessonError(f"{where}: '{key}' should be text")
    if len(value) > limit:
        raise LessonError(f"{where}: '{key}' is longer than {limit:,} characters")
    return value


def _list(d, key, where):
    value = d.get(key, [])
    if not isinstance(value, list):
        raise LessonError(f"{where}: '{key}' should be a list")
    return value


STEP_KEYS = {"title", "tab", "text", "question", "answers", "correct", "explain", "setup",
             "run", "expect", "state"}


def check_step(d, where, tabs, settings_of=None):
    if not isinstance(d, dict):
        raise LessonError(f"{where}: should be an object")
    unknown = set(d) - STEP_KEYS
    if unknown:
        raise LessonError(f"{where}: unknown key '{excerpt(sorted(unknown)[0], 20)[1:-1]}'")
    title = _text(d, "title", where, limit=200)
    tab = d.get("tab")
    if tab not in tabs:
        raise LessonError(f"{where}: unknown tab {excerpt(tab, 20)}; choose from "
                          f"{', '.join(tabs)}")
    step = Step(title=title, tab=tab, text=_text(d, "text", where, required=False) or "",
                explain=_text(d, "explain", where, required=False) or "")
    step.question = _text(d, "question", where, required=False, limit=1000)
    answers = _list(d, "answers", where)
    if step.question is not None:
        if not 2 <= len(answers) <= 6:
            raise LessonError(f"{where}: a question needs 2 to 6 answers")
        correct = d.get("correct")
        if not _kind_ok(correct, int) or not 0 <= correct < len(answers):
            raise LessonError(f"{where}: 'correct' should be the number of one answer "
                              f"(0 to {len(answers) - 1})")
        step.correct = correct
        for i, a in enumerate(answers):
            if not isinstance(a, dict) or set(a) - {"text", "check"}:
                raise LessonError(f"{where} answer {i}: should be {{'text', 'check'}}")
            _text(a, "text", f"{where} answer {i}", limit=300)
            if a.get("check") is not None:
                check_claim(a["check"], f"{where} answer {i} check")
        step.answers = [dict(a) for a in answers]
    elif answers or "correct" in d:
        raise LessonError(f"{where}: answers without a question")
    for key, checker in (("setup", None), ("run", None), ("expect", None)):
        items = _list(d, key, where)
        for i, item in enumerate(items):
            if key == "expect":
                check_claim(item, f"{where} {key}[{i}]")
            else:
                check_action(item, f"{where} {key}[{i}]", settings_of, tab)
        setattr(step, key, [dict(x) for x in items])
    state = d.get("state")
    if state is not None and not isinstance(state, dict):
        raise LessonError(f"{where}: 'state' should be a session part of the {tab} tab")
    step.state = state
    return step


def lesson_from_dict(doc, where="lesson", tabs=(), settings_of=None):
    """A checked ``Lesson`` from a parsed document, or LessonError."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise LessonError(f"{where}: not an lrviz lesson file")
    version = doc.get("version")
    if not _kind_ok(version, int):
        raise LessonError(f"{where}: the lesson version is missing or not a whole number")
    if version > VERSION:
        raise LessonError(f"{where}: made by a newer lrviz (lesson version "
                          f"{version if version < 10 ** 6 else 'from the future'}; this one "
                          f"reads up to {VERSION})")
    if version < 1:
        raise LessonError(f"{where}: lesson version {version} does not exist")
    title = _text(doc, "title", where, limit=200)
    steps = doc.get("steps")
    if not isinstance(steps, list) or not steps:
        raise LessonError(f"{where}: 'steps' should be a list of at least one step")
    if len(steps) > MAX_STEPS:
        raise LessonError(f"{where}: more than {MAX_STEPS} steps")
    return Lesson(title, [check_step(s, f"{where} step {i + 1}", tabs, settings_of)
                          for i, s in enumerate(steps)])


def parse_lesson(raw, where, tabs, settings_of=None):
    return lesson_from_dict(json_document(raw, where, "lesson", LessonError), where, tabs,
                            settings_of)


def read_lesson(path, tabs, settings_of=None):
    """Open a lesson file: everything checked, or LessonError."""
    where = show_path(path)
    try:
        raw = read_bytes(path, MAX_BYTES)
    except FileRefused as exc:
        raise LessonError(f"{where}: {exc}") from None
    return parse_lesson(raw, where, tabs, settings_of)


def builtin_lesson(name, tabs, settings_of=None):
    """A lesson shipped with lrviz, by name (see BUILTIN)."""
    if name not in BUILTIN:
        raise LessonError(f"no built-in lesson {excerpt(name, 30)}; choose from "
                          f"{', '.join(BUILTIN)}")
    raw = resources.files(__package__).joinpath("builtin", f"{name}.json").read_bytes()
    return parse_lesson(raw, f"built-in lesson '{name}'", tabs, settings_of)


def write_lesson(path, lesson):
    """Save atomically; ValueError (nothing written) if it is not JSON-ready."""
    text = json.dumps(lesson.to_dict(), indent=1, ensure_ascii=False, allow_nan=False)
    write_atomically(path, text.encode("utf-8"))
