"""Judging a lesson step: each claim of its answers and ``expect`` against what the
step's tab measures (``Judging``, mixed into the runner), a claim that cannot be
measured said in one line rather than raised."""
from __future__ import annotations

import json

import numpy as np

from ...lessons import LessonError
from ..jobs import plain_error

#: what measuring a claim or carrying out an action may meet on a tab that cannot
#: (a model of another shape than the lesson expected, a user's own data ...)
CANNOT = (LessonError, ValueError, KeyError, IndexError, TypeError, AttributeError,
          ArithmeticError)


def _key(claim):
    return json.dumps(claim, sort_keys=True)


class Judging:
    """The runner's judging: needs ``tab(step)``, ``_before`` (the "change" claims'
    values before Run) and ``_failed`` (lines of what could not be done)."""

    @staticmethod
    def _claims(step):
        return [a["check"] for a in step.answers if a.get("check")] + list(step.expect)

    def measures(self, step, tab):
        """What the step's "change" claims compare: measured before Run."""
        return {_key(c): self._measured(lambda c=c: tab.measure(c, of=c["of"]), np.nan)
                for c in self._claims(step) if c["claim"] == "change"}

    def _measured(self, measure, otherwise):
        """``measure()``, or ``otherwise`` when the tab cannot measure it now (said in
        the verdict's ``failed``)."""
        try:
            return measure()
        except CANNOT as exc:
            line = f"a claim could not be measured: {plain_error(exc)}"
            if line not in self._failed:
                self._failed.append(line)
            return otherwise

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
        """{"happened": [answer indices whose claim holds], "expect": [bool, ...],
        "failed": [what could not be done or measured, one line each]}: a claim that
        cannot be measured does not hold; for a guess "guess": the guess against what
        happened, in words."""
        tab = self.tab(step)

        def holds(claim):
            return self._measured(lambda: self.holds(claim, tab), False)
        happened = [i for i, a in enumerate(step.answers) if a.get("check")
                    and holds(a["check"])]
        expect = [holds(c) for c in step.expect]
        out = {"happened": happened, "expect": expect, "failed": list(self._failed)}
        if step.guess:
            out["guess"] = self._measured(lambda: tab.judge_guess(step.guess), "")
        return out
