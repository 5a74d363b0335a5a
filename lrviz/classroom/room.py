"""A room of students answering a lesson's questions (no Qt, no network).

The teacher's window tells the room which step is on screen (``show``), when Run
closes it (``close``) and what happened (``judged``); the server hands the students'
requests to ``join``, ``current`` and ``answer``.  Every method takes the room's lock,
so the window and the server's thread may call them in any order; the window reads
``counts`` and ``lines`` whenever it likes.

What a student can learn from the room is the step on screen and nothing else: its
number, title, question and answers (never which one is right until the teacher has
run it), a guess step's map, and their own answer.
"""
from __future__ import annotations

import csv
import io
import math
import secrets
import threading
import time
from dataclasses import dataclass, field

#: room codes: no 0/O, 1/I/L, so a code read off a projector is typed right
CODE_LETTERS = "ACDEFHJKMNPQRTUVWXY34679"
CODE_LENGTH = 5
MAX_CLIENTS = 250
#: requests one address may make: a burst, then so many a second
BURST, PER_SECOND = 40, 8.0
#: wrong room codes one address may try before it waits (a minute each)
WRONG_CODES = 5
WRONG_CODE_S = 60.0
#: devices one address may join (a phone whose page forgot its token, a second
#: browser): one machine cannot fill the room
JOINS_PER_ADDRESS = 4
#: a guess step's points, at most, sent to the page (a sample of the map's)
MAX_PAGE_POINTS = 400


class Refused(Exception):
    """A request the room will not take; ``status`` is its HTTP status."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


def new_code():
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))


@dataclass
class Step:
    """One step as the class sees it; ``key`` names it in the lesson (its index)."""

    key: int
    number: int
    of: int
    title: str
    question: str
    answers: tuple = ()
    guess: str | None = None
    #: a guess step's map: {"x": [lo, hi], "y": [lo, hi], "points": [[x, y, class]],
    #: "colours": [css colour per class]}
    map: dict | None = None
    open: bool = True
    happened: int | None = None
    #: token -> answer index, or a line (x1, y1, x2, y2) for a guess
    given: dict = field(default_factory=dict)


class Room:
    """A lesson's room: a code, the students' tokens, and their answers per step."""

    def __init__(self, code=None, max_clients=MAX_CLIENTS, clock=time.monotonic):
        self.code = code or new_code()
        self.max_clients = max_clients
        self._clock = clock
        self._lock = threading.Lock()
        self._tokens = set()
        self._steps = {}  # key -> Step (every step shown, for the summary)
        self._current = None
        self._version = 0  # goes up whenever what the page shows changes
        self._buckets = {}  # address -> (tokens left, when)
        self._buckets_limit = 10 * max_clients
        self._wrong = {}  # address -> [when of each wrong code]
        self._wrong_limit = 10 * max_clients
        self._joins = {}  # address -> devices it joined

    # ------------------------------------------------------------ the teacher's side
    def show(self, key, number, of, title, question, answers=(), guess=None, map=None):
        """The step now on the teacher's screen; answers given to it before stay."""
        with self._lock:
            step = self._steps.get(key)
            if step is None or step.question != question or tuple(step.answers) != tuple(answers):
                step = Step(key, number, of, title, question, tuple(answers), guess, map)
                self._steps[key] = step
            else:
                step.number, step.of, step.title, step.map = number, of, title, map
            self._current = step
            self._version += 1

    def close(self):
        """Run was pressed: the current step's answers are final."""
        with self._lock:
            if self._current is not None and self._current.open:
                self._current.open = False
                self._version += 1

    def judged(self, happened):
        """What happened after Run: the index of the answer that held (or None)."""
        with self._lock:
            if self._current is not None:
                self._current.happened = happened
                self._version += 1

    def counts(self):
        """(students joined, answers to the current step, count per answer) now."""
        with self._lock:
            step = self._current
            if step is None:
                return len(self._tokens), 0, []
            per = [0] * len(step.answers)
            for a in step.given.values():
                if isinstance(a, int):
                    per[a] += 1
            return len(self._tokens), len(step.given), per

    def lines(self):
        """The class's guessed lines for the current step, [(x1, y1, x2, y2)]."""
        with self._lock:
            step = self._current
            return [] if step is None else [a for a in step.given.values()
                                            if isinstance(a, tuple)]

    def summary_rows(self):
        """One row per step the class answered: the step, the question, the count per
        answer, what happened and the share who predicted it."""
        with self._lock:
            steps = sorted(self._steps.values(), key=lambda s: s.key)
            rows = []
            for s in steps:
                if not s.answers and not s.given:
                    continue
                per = [0] * len(s.answers)
                for a in s.given.values():
                    if isinstance(a, int):
                        per[a] += 1
                n = len(s.given)
                right = (per[s.happened] / n if s.happened is not None and n and per
                         else None)
                rows.append({"step": s.number, "title": s.title, "question": s.question,
                             "answered": n,
                             "answers": [(t, c) for t, c in zip(s.answers, per)],
                             "happened": None if s.happened is None else s.answers[s.happened],
                             "share_right": right})
            return rows

    def summary_csv(self):
        return summary_csv(self.summary_rows())

    def state(self):
        """What the window shows of the room, in one dict (sent to it from the room's
        process): joined, answered and per answer now, the guessed lines, the summary."""
        joined, answered, per = self.counts()
        return {"joined": joined, "answered": answered, "per": per,
                "lines": [list(v) for v in self.lines()], "rows": self.summary_rows()}

    # ------------------------------------------------------------ the students' side
    def admit(self, address, code):
        """Count a request from ``address`` against its allowance and check its code;
        Refused (429 too many, 403 a wrong code) if not."""
        now = self._clock()
        with self._lock:
            wrong = [t for t in self._wrong.get(address, ()) if now - t < WRONG_CODE_S]
            if len(wrong) >= WRONG_CODES:
                self._wrong[address] = wrong
                raise Refused(429, "too many wrong room codes: wait a minute")
            self._throttle(address, now)
            if not isinstance(code, str) or not secrets.compare_digest(
                    code.upper().encode("utf-8", "replace"), self.code.encode()):
                wrong.append(now)
                self._wrong[address] = wrong
                if len(self._wrong) > self._wrong_limit:  # (forget the minutes up)
                    for a, ts in list(self._wrong.items()):
                        if now - ts[-1] >= WRONG_CODE_S:
                            del self._wrong[a]
                    # (twice what is left: a flood of fresh ones is not scanned each time)
                    self._wrong_limit = max(10 * self.max_clients, 2 * len(self._wrong))
                raise Refused(403, "wrong room code")

    def throttle(self, address):
        """Count a request that needs no code (the start page, a wrong address)."""
        with self._lock:
            self._throttle(address, self._clock())

    def _throttle(self, address, now):
        left, when = self._buckets.get(address, (BURST, now))
        left = min(BURST, left + (now - when) * PER_SECOND)
        if left < 1.0:
            self._buckets[address] = (left, now)
            raise Refused(429, "too many requests: slow down")
        self._buckets[address] = (left - 1.0, now)
        if len(self._buckets) > self._buckets_limit:  # (forget the quiet ones)
            for a in [a for a, (n, t) in self._buckets.items() if now - t > 10.0]:
                del self._buckets[a]
            self._buckets_limit = max(10 * self.max_clients, 2 * len(self._buckets))

    def join(self, address="local"):
        """A new device: its token, or Refused when the room is full (or ``address``
        has joined ``JOINS_PER_ADDRESS`` devices already)."""
        with self._lock:
            if len(self._tokens) >= self.max_clients:
                raise Refused(403, "the room is full")
            if self._joins.get(address, 0) >= JOINS_PER_ADDRESS:
                raise Refused(403, "this device has joined too many times")
            self._joins[address] = self._joins.get(address, 0) + 1
            token = secrets.token_urlsafe(16)
            self._tokens.add(token)
            return token

    def current(self, token):
        """What the page shows now, for this device: the step and its own answer."""
        with self._lock:
            self._known(token)
            step = self._current
            if step is None:
                return {"version": self._version, "step": None}
            mine = step.given.get(token)
            return {"version": self._version,
                    "step": {"key": step.key, "number": step.number, "of": step.of,
                             "title": step.title, "question": step.question,
                             "answers": list(step.answers), "guess": step.guess,
                             "map": step.map, "open": step.open,
                             "happened": step.happened},
                    "mine": list(mine) if isinstance(mine, tuple) else mine}

    def answer(self, token, key, choice=None, line=None):
        """This device's answer to step ``key`` (an answer's index, or a guessed line
        for a guess step); it replaces the device's earlier one until Run."""
        with self._lock:
            self._known(token)
            step = self._current
            if step is None or step.key != key:
                raise Refused(409, "that step is no longer on the screen")
            if not step.open:
                raise Refused(409, "answers are closed: the teacher has pressed Run")
            if step.guess is None:
                if (not step.answers or isinstance(choice, bool)
                        or not isinstance(choice, int) or not 0 <= choice < len(step.answers)):
                    raise Refused(400, "no such answer")
                step.given[token] = choice
            else:
                step.given[token] = _line(line, step.map)

    def _known(self, token):
        if not isinstance(token, str) or token not in self._tokens:
            raise Refused(403, "unknown device: reload the page")


def summary_csv(rows):
    """The summary (``Room.summary_rows``) as CSV text: a row per step, a column per
    answer (a) .. (e)."""
    most = max((len(r["answers"]) for r in rows), default=0)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["step", "title", "question", "answered"]
               + [f"({chr(97 + i)}) {part}" for i in range(most)
                  for part in ("answer", "count")]
               + ["what happened", "share right"])
    for r in rows:
        cells = []
        for i in range(most):
            cells += list(r["answers"][i]) if i < len(r["answers"]) else ["", ""]
        share = "" if r["share_right"] is None else f"{r['share_right']:.3f}"
        w.writerow([r["step"], _cell(r["title"]), _cell(r["question"]), r["answered"]]
                   + [_cell(c) if isinstance(c, str) else c for c in cells]
                   + [_cell(r["happened"] or ""), share])
    return out.getvalue()


def _line(line, map):
    """A guessed line, checked: four finite numbers, its ends apart, near the map."""
    if (not isinstance(line, list) or len(line) != 4
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in line)):
        raise Refused(400, "a line is four finite numbers")
    try:  # (JSON's integers have no size: 10**400 is no float)
        x1, y1, x2, y2 = (float(v) for v in line)
    except OverflowError:
        raise Refused(400, "a line is four finite numbers") from None
    if not all(math.isfinite(v) for v in (x1, y1, x2, y2)):
        raise Refused(400, "a line is four finite numbers")
    (xlo, xhi), (ylo, yhi) = map["x"], map["y"]
    w, h = xhi - xlo, yhi - ylo
    if not (xlo - w <= min(x1, x2) and max(x1, x2) <= xhi + w
            and ylo - h <= min(y1, y2) and max(y1, y2) <= yhi + h):
        raise Refused(400, "the line is off the map")
    if math.hypot((x2 - x1) / w, (y2 - y1) / h) < 1e-3:
        raise Refused(400, "the line's ends are at the same place")
    return (x1, y1, x2, y2)


def _cell(text):
    """A spreadsheet does not run a cell that starts like a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
