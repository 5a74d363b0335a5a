"""Carrying out a lesson step on a window, by asking the step's tab.

``enter`` puts the tab in the step's starting state (exactly, every time: "Back
to the lesson") -- its training in the tab's training thread, flat out, while the
window goes on (``progress``, ``cancel_setup``, ``entered``), or at once for a
picture; ``run`` has the tab perform the step's live actions at a pace a class
can watch (or at once: tests, screenshots), and ``verdict`` checks each answer's
claim against what the tab measures.  A claim that cannot be measured, or an
action that fails, is said in the verdict (``failed``): never an exception in a
slot.
"""
from __future__ import annotations

import copy

from PySide6.QtCore import QObject, QTimer, Signal

from ..jobs import plain_error
from .judging import CANNOT, Judging

class LessonRunner(Judging, QObject):
    """Carries out steps on a ``MainWindow``.  ``finished(verdict)`` ends a live run;
    ``progress(done, total)`` counts a setup's epochs trained in the background and
    ``entered(complete)`` says it is over (False: it was stopped before its end)."""

    finished = Signal(object)
    progress = Signal(int, int)
    entered = Signal(bool)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self._queue = []
        self._before = {}
        self._failed = []
        self._step = None
        self._until = None  # the epoch a live action or a setup's training ends on
        self._folded = None  # the tab whose explanations wait for Run
        self._pace = None  # (tab, its speed slider's position) during a live Run or setup
        self._guessing = None  # the tab a student draws a guess on
        #: the map a guess is drawn on, for the class's page (``Teaching.start_guess``)
        self.guess_map = None
        self.running = False
        # a setup trained in the background: the actions left, the chunks of epochs left
        # of the current "train", and its epochs done and in all
        self._setup, self._chunks, self._trained, self._total = [], [], 0, 0
        self._from = self._epochs = 0  # the current "train": its first epoch, its epochs
        self.setting_up = False
        #: the last setup reached its end (False: stopped before it)
        self.complete = True
        self._edited = False  # a setup action since the undo history was last cleared

    def tab(self, step):
        return self.window.page[step.tab]

    def enter(self, step, live=True):
        """The step's tab, in the step's starting state (the same every time).  Live: its
        training runs in the tab's training thread and ``entered`` says when it is over;
        otherwise everything happens here and now (a picture, a test)."""
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
        self.unfold()
        self.about(tab, step)
        self._fold(tab, step)
        self._step = step
        self._failed = []
        self._total = sum(a["epochs"] for a in step.setup if a["do"] == "train")
        if not live:
            for action in step.setup:
                self._act(tab, action, live=False)
            self._entered(tab, True)
            return tab
        self._setup = list(step.setup)
        self._trained = 0
        self.setting_up = True
        self._next_setup()
        return tab

    def _fold(self, tab, step):
        if step.question:  # nothing on screen answers it before Run
            tab.fold_explanations(True)
            self._folded = tab

    def _act(self, tab, action, live):
        """``tab.act``; an action the tab cannot carry out is remembered, not raised."""
        self._edited = True
        try:
            return tab.act(action, live=live)
        except CANNOT as exc:
            self._failed.append(f"'{action['do']}' could not be done: {plain_error(exc)}")
            return None

    def _next_setup(self):
        """The setup's actions in order; its training in the training thread, in the
        tab's chunks (the Builder's timeline keeps the moments a class would see)."""
        tab = self.tab(self._step)
        while self._chunks or self._setup:
            if not self._chunks:
                action = self._setup.pop(0)
                if action["do"] != "train" or action["epochs"] <= 0:
                    self._act(tab, action, live=False)
                    continue
                self._clear_undo(tab)
                snap = tab.controller.train_now(0)  # (what came before, applied first)
                if snap is None:  # (the window is closing)
                    return
                self._until = self._from = snap.epoch
                self._epochs = action["epochs"]
                self._chunks = list(tab.train_chunks(action["epochs"]))
                if self._pace is None:
                    self._pace = (tab, tab.controls.speed.value())
                tab.controls.set_speed(float("inf"))  # (flat out: nobody watches a setup)
                tab.controller.snapshot.connect(self._watch)
            n = self._chunks.pop(0)
            self._until += n
            tab.controller.play_for(n)
            return
        self._entered(tab, True)

    def _entered(self, tab, complete):
        self.setting_up, self.complete = False, complete
        self._own_pace()
        tab.controller.train_now(0)
        self._fold(tab, self._step)  # (again: a rebuild may have shown a note)
        if self._step.guess:  # (on the points the setup left)
            self.guess_map = tab.start_guess(self._step.guess)
            self._guessing = tab
        self._clear_undo(tab)
        self.entered.emit(complete)

    def _clear_undo(self, tab):
        if self._edited and tab.follows_document():
            self.window.document.undo.clear()  # the lesson's setup is not the student's to undo
        self._edited = False

    def cancel_setup(self):
        """Stop a setup's training where it is (Cancel); ``entered(False)`` says so."""
        if not self.setting_up:
            return
        tab = self.tab(self._step)
        self._stop_watching()
        self._setup, self._chunks = [], []
        tab.controller.pause()
        self._entered(tab, False)

    @property
    def setup_epochs(self):
        """The epochs the step's setup trains in all."""
        return self._total

    @property
    def failures(self):
        """What could not be done or measured in the step so far (one line each)."""
        return list(self._failed)

    def run(self, step, live=True):
        """Perform the step's run actions; live: at a watchable pace, ``finished`` at the
        end; otherwise at once, returning the verdict."""
        tab = self.tab(step)
        self._step = step
        self._failed = []
        if step.guess:
            tab.freeze_guess()
        self._before = self.measures(step, tab)
        self._queue = list(step.run)
        if not live:
            for action in self._queue:
                self._act(tab, action, live=False)
            self._queue = []
            tab.controller.train_now(0)
            self.unfold()
            return self.verdict(step)
        self.running = True
        self._pace = (tab, tab.controls.speed.value())  # the tab's own, back after Run
        self._next()
        return None

    def _stop_watching(self):
        if self._until is not None and self._step is not None:
            try:
                self.tab(self._step).controller.snapshot.disconnect(self._watch)
            except (RuntimeError, TypeError):
                pass  # (not connected: between two live actions)
        self._until = None

    def stop(self):
        if self.setting_up:  # (a setup's training ends with it)
            self.tab(self._step).controller.pause()
        self._stop_watching()
        self._queue, self._setup, self._chunks = [], [], []
        self.running = self.setting_up = False
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
        self.guess_map = None

    def unfold(self):
        """The explanations a question folded, shown again (after Run, or leaving it)."""
        if self._folded is not None:
            self._folded.fold_explanations(False)
            self._folded = None

    def _next(self):
        tab = self.tab(self._step)
        while self._queue:
            until = self._act(tab, self._queue.pop(0), live=True)
            if until is not None:  # it goes on live until the tab rests at that epoch
                self._until = until
                tab.controller.snapshot.connect(self._watch)
                return
        QTimer.singleShot(0, self._done)

    def _watch(self, snap):
        """A live action's or a setup's training goes on until the tab rests at its
        epoch; stopped short by the user, a setup is over (``entered(False)``)."""
        if self._until is None:
            return
        tab = self.tab(self._step)
        if self.setting_up:
            self.progress.emit(self._trained + max(0, snap.epoch - self._from), self._total)
        if snap.running:
            return
        if snap.epoch < self._until:
            if tab.controller.running:
                return
            if self.setting_up and not (snap.diverged or snap.error):
                self.cancel_setup()  # paused or reset meanwhile: as Cancel
                return
            # stopped short (paused, reset, rebuilt -- or diverged, as at once): over
            self._queue, self._chunks = [], []
        elif self.setting_up and self._chunks:
            self._next_setup()  # the next chunk of the same "train"
            return
        self._stop_watching()
        if self.setting_up:
            self._trained += self._epochs
            self._own_pace()  # (a "speed" after this "train" sets the pace the step keeps)
            self._next_setup()
        elif self.running:
            self._next()

    def _done(self):
        if not self.running:
            return
        self.running = False
        self._own_pace()
        self.tab(self._step).controller.train_now(0)  # every change shown before it is judged
        self.unfold()
        self.finished.emit(self.verdict(self._step))
