"""The kept past of one training run: states at epochs, in bounded memory (no Qt).

A timeline replays a run from the states the window was shown.  A long run
would keep millions of them; ``History`` keeps at most ``capacity`` and, when
it is full, thins the older ones so that those left are spread evenly in
log-epoch -- every early epoch, then sparser -- the way the loss plot's
log-epoch axis shows the run.  The first and the newest state always stay.
"""
from __future__ import annotations

import bisect
import math

#: States a timeline keeps at most: a few thousand replay smoothly on a slider and
#: cost a few megabytes even for a two-layer network.
CAPACITY = 2000


class History:
    """(epoch, state) pairs, epochs increasing; ``state`` is anything (a model copy)."""

    def __init__(self, capacity=CAPACITY):
        if capacity < 4:
            raise ValueError("a history keeps at least 4 states")
        self.capacity = int(capacity)
        self.epochs: list[int] = []
        self.states: list = []
        self._width = 2.0 ** -20  # of the thinning bins, in log(1 + epoch)

    def __len__(self):
        return len(self.epochs)

    def clear(self):
        self.epochs.clear()
        self.states.clear()
        self._width = 2.0 ** -20

    def add(self, epoch, state):
        """Keep ``state`` as the run at ``epoch``.  An epoch at or before the newest kept
        one means the run went back (resumed from the past, or reset): the states after
        it belong to a future that no longer happens and are dropped."""
        epoch = int(epoch)
        if self.epochs and epoch <= self.epochs[-1]:
            self.truncate(epoch - 1)
        self.epochs.append(epoch)
        self.states.append(state)
        if len(self.epochs) > self.capacity:
            self._thin()

    def truncate(self, epoch):
        """Forget every state after ``epoch``."""
        cut = bisect.bisect_right(self.epochs, epoch)
        del self.epochs[cut:], self.states[cut:]

    def _thin(self):
        """Keep the first state of each bin of log(1 + epoch), bins of a width that
        doubles until at most half the capacity remain (plus the newest): thinning
        then happens once per capacity / 2 new states.  Bins are aligned to 0 and
        each width is twice the last, so a later thinning only merges bins: kept
        states stay less than two bins apart however often it runs."""
        keys = [math.log1p(max(e, 0)) for e in self.epochs]
        while True:
            keep, seen = [], None
            for i, k in enumerate(keys):
                b = int(k // self._width)
                if b != seen:
                    keep.append(i)
                    seen = b
            if len(keep) <= self.capacity // 2:
                break
            self._width *= 2.0
        if keep[-1] != len(self.epochs) - 1:
            keep.append(len(self.epochs) - 1)
        self.epochs = [self.epochs[i] for i in keep]
        self.states = [self.states[i] for i in keep]

    def nearest(self, epoch):
        """Index of the kept state nearest to ``epoch`` (None when empty)."""
        if not self.epochs:
            return None
        i = bisect.bisect_left(self.epochs, epoch)
        if i == len(self.epochs):
            return i - 1
        if i > 0 and epoch - self.epochs[i - 1] <= self.epochs[i] - epoch:
            return i - 1
        return i

    def __getitem__(self, i):
        return self.epochs[i], self.states[i]
