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
* ``expect``: claims for a step without a question;
* ``guess``: instead of answers, the question asks the student to draw their guess
  on the tab ("line": where the boundary will lie), which Run compares with what
  the model learns (``lrviz.lessons.guess``).

Which actions and claims a step may use is what its tab declares (``Action``,
``Measure``; the ``Catalog`` gathers them): a lesson is checked against those
declarations when it is read, and the runner only asks the tab to act and to
measure.  Every claim is checked against what the app computed -- by the panel
after Run, and by the tests for the built-in lessons.  Reading a lesson never
runs code (JSON only) and checks everything before anything changes;
``LessonError`` says what is wrong in one line.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from importlib import resources

from ..fileio import (
    FileRefused,
    excerpt,
    json_bytes,
    json_document,
    read_bytes,
    show_path,
    write_atomically,
)
from ..models.base import MAX_EPOCHS  # noqa: F401 (a lesson's step trains at most this many)

FORMAT = "lrviz-lesson"
VERSION = 1
MAX_BYTES = 20 * 1024 * 1024
MAX_STEPS = 500
MAX_TEXT = 5000
BUILTIN = {"intro": "Logistic regression from scratch", "xor": "Five minutes of XOR",
           "l1": "Why L1 gives zeros", "decisions": "Deciding with probabilities"}



class LessonError(ValueError):
    """A lesson that cannot be opened; ``str()`` names the file and the problem."""


@dataclass(frozen=True)
class Action:
    """Something a tab can be told to do in a lesson step: ``{"do": name, **args}``.

    ``args``: argument -> (kind, required); a kind is a Python type (numbers are finite),
    "model" (the name of one of the tab's models), "point" (one number per input of the
    tab's models), "label" (one of the classes its models tell apart) or "feature" (the
    number of one of its inputs).  ``check(args, where)``, if given, refuses values the tab could
    not act on (raising LessonError).  ``doc`` says in a line what it does."""

    name: str
    args: dict = field(default_factory=dict)
    doc: str = ""
    check: object = None


@dataclass(frozen=True)
class Measure:
    """A number a tab can measure now, which claims are about: ``{"claim": name,
    **args, **bounds}``.  ``test`` says how the claim compares it: "range" (optional
    ``min`` and ``max``), "at_most" (``max_abs``) or "is" (``is``: true or false).
    ``comparable``: a "change" or "compare" claim may be about it (``of``).  ``models``:
    the only models it can be measured on (None: every model of the tab)."""

    name: str
    args: dict = field(default_factory=dict)
    test: str = "range"
    doc: str = ""
    comparable: bool = False
    check: object = None
    models: tuple | None = None

    def bounds(self):
        return {"range": {"min": (float, False), "max": (float, False)},
                "at_most": {"max_abs": (float, True)},
                "is": {"is": (bool, True)}}[self.test]


@dataclass(frozen=True)
class Catalog:
    """What each tab offers a lesson (``lrviz.ui.tabs.catalog()`` makes it from the tabs'
    declarations): tab key -> its settings, actions, measures, model names and the
    number of inputs its models take."""

    settings: dict
    actions: dict
    measures: dict
    models: dict
    inputs: dict
    #: tab key -> {subject name: what it is}: the parts a step may ask the class to
    #: look at (``subject``)
    subjects: dict = field(default_factory=dict)
    #: tab key -> the kinds of guess a student can draw on it ("line")
    guesses: dict = field(default_factory=dict)
    #: tab key -> the most classes its models tell apart (a claim's "label" is below it)
    classes: dict = field(default_factory=dict)
    #: tab key -> ``models_for(values)``: the names of the models these setting values
    #: build (a claim may only name a model that exists when it is judged)
    models_for: dict = field(default_factory=dict)

    @property
    def tabs(self):
        return list(self.settings)

    def claims(self, tab):
        """Every claim a lesson may make about ``tab``: name -> one line (for authors)."""
        out = {m.name: m.doc for m in self.measures[tab].values()}
        comparable = ", ".join(m.name for m in self.measures[tab].values() if m.comparable)
        if comparable:
            out["change"] = f"how Run changes one of: {comparable} (sign 1 up, -1 down)"
            out["compare"] = f"one model's {comparable} above ('sign' 1) or below another's"
        return out


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
    subject: list = field(default_factory=list)  # names of what the class should look at
    guess: str | None = None  # the question is answered by drawing ("line")

    def to_dict(self):
        d = {"title": self.title, "tab": self.tab, "text": self.text}
        if self.guess is not None:
            d.update(question=self.question, guess=self.guess)
        elif self.question is not None:
            d.update(question=self.question, answers=self.answers, correct=self.correct)
        for key in ("subject", "explain", "setup", "run", "expect", "state"):
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


def _check_args(d, spec, head, where, catalog, tab, known):
    """The arguments of an action or claim ``d`` (its name under ``head``) against
    ``spec`` (argument -> (kind, required)); ``known``: the names it may have."""
    if not isinstance(d, dict):
        raise LessonError(f"{where}: should be an object, got {excerpt(d, 30)}")
    name = d.get(head)
    if not isinstance(name, str) or name not in known:
        raise LessonError(f"{where}: the {tab} tab has no {'action' if head == 'do' else 'claim'} "
                          f"{excerpt(name, 30)}; choose from {', '.join(known)}")
    for key, value in d.items():
        if key == head:
            continue
        if key not in spec:
            raise LessonError(f"{where}: '{name}' takes no '{excerpt(key, 20)[1:-1]}'")
        kind, _ = spec[key]
        if kind == "model":
            models = catalog.models[tab]
            if value not in models:
                raise LessonError(f"{where}: the {tab} tab has no model {excerpt(value, 20)}; "
                                  f"choose from {', '.join(models)}")
        elif kind == "point":
            n = catalog.inputs[tab]
            if not isinstance(value, list) or len(value) != n \
                    or not all(_kind_ok(v, float) for v in value):
                raise LessonError(f"{where}: 'point' should be {n} finite number"
                                  f"{'s' if n > 1 else ''} (the {tab} tab's models take {n})")
        elif kind in ("label", "feature"):
            n = catalog.classes.get(tab, 2) if kind == "label" else catalog.inputs[tab]
            if not _kind_ok(value, int) or not 0 <= value < n:
                what = "a class" if kind == "label" else "the number of a feature"
                raise LessonError(f"{where}: '{key}' should be {what}, 0 to {n - 1} on the "
                                  f"{tab} tab, got {excerpt(value, 20)}")
        elif not _kind_ok(value, kind):
            raise LessonError(f"{where}: '{key}' of '{name}' should be "
                              f"{kind.__name__ if kind is not float else 'a finite number'}")
    for key, (_, required) in spec.items():
        if required and key not in d:
            raise LessonError(f"{where}: '{name}' needs '{key}'")


def numbers(values, where, n=None):
    """Refuse anything but a list of (``n``) finite numbers."""
    if not isinstance(values, list) or not all(_kind_ok(v, float) for v in values) \
            or (n is not None and len(values) != n):
        raise LessonError(f"{where}: should be a list of "
                          f"{n if n is not None else ''} finite numbers".replace("  ", " "))


def check_action(a, where, catalog, tab):
    """An action of a step of ``tab``, checked against what the tab declares."""
    actions = catalog.actions[tab]
    _check_args(a, actions.get(a.get("do") if isinstance(a, dict) else None,
                               Action("")).args, "do", where, catalog, tab, list(actions))
    action = actions[a["do"]]
    if action.check is not None:
        action.check(a, where)
    if a["do"] in ("set", "change"):
        declared = {s.name: s for s in catalog.settings[tab]}
        for key, value in a["values"].items():
            if key not in declared:
                raise LessonError(f"{where}: the {tab} tab has no setting "
                                  f"'{excerpt(key, 30)[1:-1]}'")
            try:
                declared[key].check(value, where)
            except ValueError as exc:
                raise LessonError(str(exc)) from None


COMPARISONS = ("change", "compare")


def claim_kinds(measures):
    """Every claim a tab with these measures (name -> Measure) may make, in order."""
    comparable = any(m.comparable for m in measures.values())
    return list(measures) + (list(COMPARISONS) if comparable else [])


def claim_args(kind, measure):
    """What a claim of ``kind`` takes besides "claim": argument -> (kind, required).
    ``measure``: the Measure it is about (a change's or compare's: the one ``of`` names)."""
    if kind not in COMPARISONS:
        return {**measure.args, **measure.bounds()}
    extra = {"of": (str, True), "sign": (int, True)}
    if kind == "compare":
        extra.update(model=("model", True), than=("model", True))
    return {**measure.args, **extra}


def check_claim(c, where, catalog, tab, present=None):
    """A claim about ``tab``, checked against the measures the tab declares.
    ``present``: the names of the models the tab has when the claim is judged (a
    change's: before and after Run), if known."""
    measures = catalog.measures[tab]
    comparable = [m for m in measures.values() if m.comparable]
    known = claim_kinds(measures)
    kind = c.get("claim") if isinstance(c, dict) else None
    if kind in COMPARISONS:
        of = measures.get(c.get("of"))
        if of is None or not of.comparable:
            raise LessonError(f"{where}: a {kind} of {excerpt(c.get('of'), 20)} cannot be "
                              f"measured on the {tab} tab; choose from "
                              f"{', '.join(m.name for m in comparable)}")
        _check_args(c, claim_args(kind, of), "claim", where, catalog, tab, known)
        if c["sign"] not in (-1, 1):
            raise LessonError(f"{where}: 'sign' should be 1 (up) or -1 (down)")
        measure = of
    else:
        measure = measures.get(kind)
        spec = {} if measure is None else claim_args(kind, measure)
        _check_args(c, spec, "claim", where, catalog, tab, known)
    if measure.check is not None:
        measure.check(c, where)
    for key in ("model", "than"):
        name = c.get(key)
        if name is None:
            continue
        if measure.models is not None and name not in measure.models:
            raise LessonError(f"{where}: '{measure.name}' cannot be measured on {name!r}; "
                              f"only on {', '.join(measure.models)}")
        if present is not None and name not in present:
            raise LessonError(f"{where}: the {tab} tab has no model {name!r} with the step's "
                              f"settings; it has {', '.join(present)}")


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


STEP_KEYS = {"title", "tab", "text", "subject", "question", "answers", "correct", "explain",
             "setup", "run", "expect", "state", "guess"}


def check_step(d, where, catalog):
    if not isinstance(d, dict):
        raise LessonError(f"{where}: should be an object")
    unknown = set(d) - STEP_KEYS
    if unknown:
        raise LessonError(f"{where}: unknown key '{excerpt(sorted(unknown)[0], 20)[1:-1]}'")
    title = _text(d, "title", where, limit=200)
    tab = d.get("tab")
    if not isinstance(tab, str) or tab not in catalog.tabs:
        raise LessonError(f"{where}: unknown tab {excerpt(tab, 20)}; choose from "
                          f"{', '.join(catalog.tabs)}")
    step = Step(title=title, tab=tab, text=_text(d, "text", where, required=False) or "",
                explain=_text(d, "explain", where, required=False) or "")
    step.question = _text(d, "question", where, required=False, limit=1000)
    answers = _list(d, "answers", where)
    guess = d.get("guess")
    if guess is not None:
        offered = catalog.guesses.get(tab, ())
        if guess not in offered:
            raise LessonError(f"{where}: the {tab} tab takes no guess {excerpt(guess, 20)}"
                              + (f"; choose from {', '.join(offered)}" if offered else ""))
        if step.question is None or answers or "correct" in d:
            raise LessonError(f"{where}: a guess needs a question and no answers")
        if not d.get("run"):
            raise LessonError(f"{where}: a guess needs a 'run' to compare it with")
        step.guess = guess
    elif step.question is not None:
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
        step.answers = [dict(a) for a in answers]
    elif answers or "correct" in d:
        raise LessonError(f"{where}: answers without a question")
    state = d.get("state")
    if state is not None and not isinstance(state, dict):
        raise LessonError(f"{where}: 'state' should be a session part of the {tab} tab")
    step.state = state
    values = _starting_values(catalog, tab, state)
    for key in ("setup", "run"):
        items = _list(d, key, where)
        for i, item in enumerate(items):
            check_action(item, f"{where} {key}[{i}]", catalog, tab)
            if item["do"] in ("set", "change"):
                values.update(item["values"])
        setattr(step, key, [dict(x) for x in items])
        if key == "setup":
            before = _models(catalog, tab, values)
    after = _models(catalog, tab, values)
    step.expect = [dict(x) for x in _list(d, "expect", where)]
    judged = [(f"{where} answer {i} check", a["check"]) for i, a in enumerate(step.answers)
              if a.get("check") is not None] \
        + [(f"{where} expect[{i}]", c) for i, c in enumerate(step.expect)]
    for at, claim in judged:
        check_claim(claim, at, catalog, tab, after)
        if claim["claim"] == "change":  # (measured before Run too)
            check_claim(claim, at, catalog, tab, before)
    step.subject = _subject(d.get("subject"), where, catalog.subjects.get(tab, {}), tab)
    return step


def _starting_values(catalog, tab, state):
    """The setting values a step starts from: its state's, else the tab's defaults."""
    values = {}
    for setting in catalog.settings[tab]:
        values[setting.name] = setting.default
        if state is not None and setting.name in state:
            try:
                values[setting.name] = setting.check(state[setting.name], "state")
            except ValueError:
                pass  # (refused with the whole state, when the window checks it)
    return values


def _models(catalog, tab, values):
    """The names of the models ``tab`` has with these setting values."""
    models_for = catalog.models_for.get(tab)
    return list(models_for(values)) if models_for is not None else list(catalog.models[tab])


def _subject(value, where, offered, tab):
    """The names of a step's ``subject`` (one name, or a list of names the tab offers)."""
    if value is None:
        return []
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not names or len(names) > 4:
        raise LessonError(f"{where}: 'subject' should be one name, or a list of up to four")
    for name in names:
        if not isinstance(name, str) or name not in offered:
            raise LessonError(f"{where}: unknown subject {excerpt(name, 20)} on the {tab} tab; "
                              f"choose from {', '.join(offered) or 'none'}")
    return list(dict.fromkeys(names))


def lesson_from_dict(doc, where, catalog):
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
    return Lesson(title, [check_step(s, f"{where} step {i + 1}", catalog)
                          for i, s in enumerate(steps)])


def parse_lesson(raw, where, catalog):
    return lesson_from_dict(json_document(raw, where, "lesson", LessonError), where, catalog)


def read_lesson(path, catalog):
    """Open a lesson file: everything checked, or LessonError."""
    where = show_path(path)
    try:
        raw = read_bytes(path, MAX_BYTES)
    except FileRefused as exc:
        raise LessonError(f"{where}: {exc}") from None
    return parse_lesson(raw, where, catalog)


def builtin_lesson(name, catalog):
    """A lesson shipped with lrviz, by name (see BUILTIN)."""
    if name not in BUILTIN:
        raise LessonError(f"no built-in lesson {excerpt(name, 30)}; choose from "
                          f"{', '.join(BUILTIN)}")
    raw = resources.files(__package__).joinpath("builtin", f"{name}.json").read_bytes()
    return parse_lesson(raw, f"built-in lesson '{name}'", catalog)


def write_lesson(path, lesson):
    """Save atomically; ValueError (nothing written) if it is not JSON-ready or larger
    than a lesson may be (a step's captured state may hold a loaded table)."""
    write_atomically(path, json_bytes(lesson.to_dict(), MAX_BYTES, "lesson",
                                      ensure_ascii=False))
