"""Carrying out a lesson step on a window, by asking the step's tab.

``enter`` puts the tab in the step's starting state (exactly, every time: "Back
to the lesson"), ``run`` has the tab perform the step's live actions at a pace
a class can watch (or at once: tests, screenshots), and ``verdict`` checks each
answer's claim against what the tab measures.
"""
from __future__ import annotations

import copy
import json

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal


def _key(claim):
    return json.dumps(claim, sort_keys=True)


class LessonRunner(QObject):
    """Carries out steps on a ``MainWindow``.  ``finished(verdict)`` ends a live run."""

    finished = Signal(object)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self._queue = []
        self._before = {}
        self._step = None
        self._until = None  # the epoch a live action ends on
        self._folded = None  # the tab whose explanations wait for Run
        self._pace = None  # (tab, its speed slider's position) during a live Run
        self._guessing = None  # the tab a student draws a guess on
        self.running = False

    def tab(self, step):
        return self.window.page[step.tab]

    def enter(self, step):
        """The step's tab, in the step's starting state (the same every time)."""
        self.stop()
        self.end_guess()
        self.window.spotlight.clear()
        self.window.select_tab(step.tab)
        tab = self.tab(step)
        tab.controller.pause()
        if step.state is not None:
            tab.session.apply(tab.session.check(copy.deepcopy(step.state), step.title))
        else:
            tab.restore_defaults()
        for action in step.setup:
            tab.act(action, live=False)
        tab.controller.train_now(0)
        self.unfold()
        self.about(tab, step)
        if step.question:  # nothing on screen answers it before Run
            tab.fold_explanations(True)
            self._folded = tab
        if step.guess:
            tab.start_guess(step.guess)
            self._guessing = tab
        if tab.follows_document():
            self.window.document.undo.clear()  # the lesson's setup is not the student's to undo
        return tab

    def run(self, step, live=True):
        """Perform the step's run actions; live: at a watchable pace, ``finished`` at the
        end; otherwise at once, returning the verdict."""
        tab = self.tab(step)
        self._step = step
        if step.guess:
            tab.freeze_guess()
        self._before = self.measures(step, tab)
        self._queue = list(step.run)
        if not live:
            for action in self._queue:
                tab.act(action, live=False)
            self._queue = []
            tab.controller.train_now(0)
            self.unfold()
            return self.verdict(step)
        self.running = True
        self._pace = (tab, tab.controls.speed.value())  # the tab's own, back after Run
        self._next()
        return None

    def stop(self):
        if self._until is not None and self._step is not None:
            self.tab(self._step).controller.snapshot.disconnect(self._watch)
        self._queue = []
        self._until = None
        self.running = False
        self._own_pace()

    def _own_pace(self):
        """The pace the tab had before a live Run (a run sets its own)."""
        if self._pace is not None:
            tab, index = self._pace
            self._pace = None
            tab.controls.speed.setValue(index)

    def about(self, tab, step=None):
        """The status bar shows the model ``step``'s claims are about (None: the tab's own
        choice again)."""
        claims = [] if step is None else self._claims(step)
        if step is not None and step.answers:  # (the right answer's first)
            claims.insert(0, step.answers[step.correct].get("check") or {})
        models = [c["model"] for c in claims if c.get("model")]
        tab.status_model = models[0] if models else None
        tab._emit_status(tab.controller.latest)

    def end_guess(self):
        """The guess drawn on a tab goes (another step, or the lesson closed)."""
        if self._guessing is not None:
            self._guessing.end_guess()
            self._guessing = None

    def unfold(self):
        """The explanations a question folded, shown again (after Run, or leaving it)."""
        if self._folded is not None:
            self._folded.fold_explanations(False)
            self._folded = None

    def _next(self):
        tab = self.tab(self._step)
        while self._queue:
            until = tab.act(self._queue.pop(0), live=True)
            if until is not None:  # it goes on live until the tab rests at that epoch
                self._until = until
                tab.controller.snapshot.connect(self._watch)
                return
        QTimer.singleShot(0, self._done)

    def _watch(self, snap):
        if self._until is None or snap.running:
            return
        if snap.epoch < self._until:
            if self.tab(self._step).controller.running:
                return
            self._queue = []  # stopped short (paused, reset, rebuilt): the run is over
        self.tab(self._step).controller.snapshot.disconnect(self._watch)
        self._until = None
        if self.running:
            self._next()

    def _done(self):
        if not self.running:
            return
        self.running = False
        self._own_pace()
        self.tab(self._step).controller.train_now(0)  # every change shown before it is judged
        self.unfold()
        self.finished.emit(self.verdict(self._step))

    # -------------------------------------------------------------- judging
    @staticmethod
    def _claims(step):
        return [a["check"] for a in step.answers if a.get("check")] + list(step.expect)

    def measures(self, step, tab):
        """What the step's "change" claims compare: measured before Run."""
        return {_key(c): tab.measure(c, of=c["of"]) for c in self._claims(step)
                if c["claim"] == "change"}

    def holds(self, claim, tab):
        kind = claim["claim"]
        if kind == "compare":
            a = tab.measure({**claim, "model": claim["model"]}, of=claim["of"])
            b = tab.measure({**claim, "model": claim["than"]}, of=claim["of"])
            return bool((a - b) * claim["sign"] > 1e-12)
        if kind == "change":
            now = tab.measure(claim, of=claim["of"])
            before = self._before.get(_key(claim), np.nan)
            return bool((now - before) * claim["sign"] > 1e-12)
        value, test = tab.measure(claim), tab.lesson_measures()[kind].test
        if test == "is":
            return value == claim["is"]
        if test == "at_most":
            return value <= claim["max_abs"]
        return bool(claim.get("min", -np.inf) <= value <= claim.get("max", np.inf))

    def verdict(self, step):
        """{"happened": [answer indices whose claim holds], "expect": [bool, ...]}, and
        for a guess "guess": the guess against what happened, in words."""
        tab = self.tab(step)
        happened = [i for i, a in enumerate(step.answers)
                    if a.get("check") and self.holds(a["check"], tab)]
        out = {"happened": happened, "expect": [self.holds(c, tab) for c in step.expect]}
        if step.guess:
            out["guess"] = tab.judge_guess(step.guess)
        return out
