"""What every tab offers a lesson: the actions it can be told to do and the numbers
it can measure (``lrviz.lessons.Action`` / ``Measure``).

A tab class lists its own beside these (``actions`` / ``measures``) and
implements each as ``act_<name>(args, live)`` / ``measure_<name>(claim, snap)``.
The lesson runner only asks: ``tab.act(action, live)`` and ``tab.measure(claim)``.
"""
from __future__ import annotations

import math

import numpy as np

from ...lessons import MAX_EPOCHS, Action, LessonError, Measure
from ..widgets.training_controls import LR

#: a step's live training takes about this long, at a pace of at least SLOWEST epochs
#: a second: a few hundred epochs are watched one by one, thousands go by quicker
RUN_SECONDS = 6.0
SLOWEST = 20.0
#: ... and never longer than this (the pace is one of the speed slider's)
LONGEST_RUN = 8.0


def _positive(a, where):
    if not a["value"] > 0:
        raise LessonError(f"{where}: '{a['do']}' should be a positive number")


def _lr(a, where):
    try:  # (the limits of the tab's own box)
        LR.check(a["value"], where)
    except ValueError as exc:
        raise LessonError(str(exc)) from None


def _epochs(a, where):
    if not 0 <= a["epochs"] <= MAX_EPOCHS:
        raise LessonError(f"{where}: 'epochs' should be 0 to {MAX_EPOCHS:,}")


ACTIONS = (
    Action("set", {"values": (dict, True)},
           "settings, then the tab rebuilt from them (the step's starting point)"),
    Action("change", {"values": (dict, True)}, "settings changed as a user would"),
    Action("lr", {"value": (float, True)}, "a learning rate", _lr),
    Action("speed", {"value": (float, True)}, "epochs per second", _positive),
    Action("train", {"epochs": (int, True)},
           "train this many epochs (on Run: at a pace a class can watch)", _epochs),
    Action("reset", {}, "every model back to its start"),
)
_MODEL = {"model": ("model", False)}
MEASURES = (
    Measure("accuracy", _MODEL, doc="share of training points a model gets right",
            comparable=True),
    Measure("loss", _MODEL, doc="a model's loss on its training points", comparable=True),
    Measure("norm", _MODEL, doc="the size ‖w‖ of a model's weights", comparable=True),
    Measure("probability", {**_MODEL, "point": ("point", True), "label": ("label", True)},
            doc="the probability a model gives a class at a point", comparable=True),
    Measure("zeros", _MODEL, doc="how many of a model's weights are exactly zero",
            comparable=True),
    Measure("weights", _MODEL, test="at_most", doc="a model's largest weight, in size"),
)


class Teaching:
    """Mixed into ``TrainingTab``: carrying out lesson actions and measuring claims."""

    #: the tab's own actions and measures, beside ``ACTIONS`` and ``MEASURES``
    actions = ()
    measures = ()
    #: attribute paths of the tab's words that explain what a lesson's Run shows (its
    #: notes): folded while a step's question is open, so that nothing answers it
    explanations = ()
    #: the kinds of guess a student can draw on this tab before Run ("line": the
    #: boundary), with ``start_guess``, ``freeze_guess``, ``judge_guess``, ``end_guess``
    guesses = ()

    def start_guess(self, kind):
        """Show the thing a student drags to draw their guess (a step with ``guess``);
        returns what the class's page draws it on ("line": {"x": [lo, hi], "y": [lo, hi],
        "points": [[x, y, class]], "colours": [...]}) or None."""
        return None

    def class_guesses(self, kind, lines):
        """Show the class's guesses (``lines``: [(x1, y1, x2, y2)]) on the tab, and say in
        words how they compare with what the model learnt."""
        return ""

    def freeze_guess(self):
        """Run starts: the guess stays as it is."""

    def judge_guess(self, kind):
        """After Run: the guess against what the model learnt, in words (and kept in view)."""
        return ""

    def end_guess(self):
        """The step is left: the guess goes."""

    def fold_explanations(self, folded):
        """Hide (``folded``) or show again the tab's ``explanations``."""
        from ..spotlight import resolve

        for path in self.explanations:
            widget = resolve(self, path)
            fold = getattr(widget, "fold", None)  # (a note that comes and goes by itself)
            fold(folded) if fold is not None else widget.setHidden(folded)

    @classmethod
    def models_for(cls, values):
        """The names of the models ``build_models`` makes for these setting values (a
        lesson's claims are checked against them before anything runs)."""
        return list(cls.model_titles)

    @classmethod
    def lesson_actions(cls):
        return {a.name: a for a in (*ACTIONS, *cls.actions)}

    @classmethod
    def lesson_measures(cls):
        return {m.name: m for m in (*MEASURES, *cls.measures)}

    # ------------------------------------------------------------------ acting
    def act(self, action, live=False):
        """Carry out one checked action of a lesson step (``live``: as Run shows it).
        Returns None when it is done, or the epoch a live action goes on to (the tab
        then rests there)."""
        return getattr(self, f"act_{action['do']}")(action, live)

    def act_set(self, a, live):
        self.controller.pause()
        self.form.set_values(a["values"])
        self.rebuild()

    def act_change(self, a, live):
        self.form.set_values(a["values"], quiet=False)

    def act_lr(self, a, live):
        self.controls.set_lr(a["value"])

    def act_speed(self, a, live):
        self.controls.set_speed(a["value"])

    def train_chunks(self, epochs):
        """The runs ``epochs`` epochs of a step's setup are trained in, each shown at its
        end (a tab that keeps pictures of the past asks for more than one)."""
        return [epochs]

    def act_train(self, a, live):
        if not live:
            for n in self.train_chunks(a["epochs"]):
                self.train_now(n)
            return None
        if a["epochs"] <= 0:
            return None
        start = self.controller.train_now(0).epoch  # (what came before is applied first)
        self.controls.set_pace_for(a["epochs"], RUN_SECONDS, LONGEST_RUN, SLOWEST)
        self.controller.play_for(a["epochs"])
        return start + a["epochs"]

    def act_reset(self, a, live):
        self.controller.reset()
        self.controller.train_now(0)

    # --------------------------------------------------------------- measuring
    def measure(self, claim, of=None):
        """The number a claim is about, as the app computed it now (``of``: the measure
        a change or compare claim names)."""
        snap = self.controller.take() or self.controller.latest
        return getattr(self, f"measure_{of or claim['claim']}")(claim, snap)

    def claimed_model(self, claim, snap):
        name = claim.get("model") or self.primary(snap)
        if name not in snap.models:
            raise LessonError(f"this tab has no model '{name}' now")
        return name, snap.models[name]

    def measure_accuracy(self, claim, snap):
        name, _ = self.claimed_model(claim, snap)
        return snap.metrics.get(name, {}).get("accuracy", math.nan)

    def measure_loss(self, claim, snap):
        name, _ = self.claimed_model(claim, snap)
        return snap.metrics.get(name, {}).get("loss", math.nan)

    def measure_norm(self, claim, snap):
        _, model = self.claimed_model(claim, snap)
        norm = getattr(model, "weight_norm", None)
        return norm() if norm else float(np.linalg.norm(model.parameters()[0]))

    def measure_probability(self, claim, snap):
        _, model = self.claimed_model(claim, snap)
        p = model.proba_matrix(np.array([claim["point"]]))[0]
        if claim["label"] >= len(p):  # (the Builder's points may have fewer classes now)
            raise LessonError(f"there is no class {claim['label']} here: the model tells "
                              f"apart {len(p)} classes")
        return float(p[claim["label"]])

    def measure_zeros(self, claim, snap):
        _, model = self.claimed_model(claim, snap)
        return int(np.sum(model.parameters()[0] == 0.0))

    def measure_weights(self, claim, snap):
        _, model = self.claimed_model(claim, snap)
        return float(np.max(np.abs(model.parameters()[0])))
