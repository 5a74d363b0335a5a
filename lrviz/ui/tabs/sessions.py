"""A tab's part of a session file: its settings, its training controls, content that
is not a setting, and its models' weights and epoch.

``TabSession(tab)``: ``state()`` is the part to save (JSON-ready); ``check(d,
where)`` checks a part completely -- the weights against the models its settings
build -- and returns a plan, changing nothing (SessionError); ``apply(plan)``
puts the plan into the tab.  A tab with content that is not a setting (the
Builder's points) defines ``check_extra(d, where)``, ``extra_state()`` and
``apply_extra(extra)``.
"""
from __future__ import annotations

import numpy as np

from ...session import MAX_ABS_VALUE, SessionError, check_training


class TabSession:
    def __init__(self, tab):
        self.tab = tab

    def _hook(self, name, *args, default=None):
        fn = getattr(self.tab, name, None)
        return fn(*args) if fn is not None else default

    def state(self):
        """This tab's part of a session file (JSON-ready).  Settings that build the
        models are saved as the models were built: a change the tab refused (settings
        that describe no usable data) would not fit the saved weights."""
        tab = self.tab
        values = tab.form.values()
        values.update({s.name: tab.built_with[s.name] for s in tab.form.declarations
                       if s.affects == "models" and s.name in tab.built_with})
        values = {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}
        return {**values, **tab.controls.state(), **self._hook("extra_state", default={}),
                **self._training()}

    def check(self, d, where):
        """Check a session part completely and return a plan for ``apply``.  Raises
        SessionError; nothing on screen changes here."""
        tab = self.tab
        try:
            values = tab.form.check(d, where)
            controls = tab.controls.check(d, where)
            extra = self._hook("check_extra", d, where)
            data = tab.make_data(values, extra)
            if data is None:
                raise SessionError(f"{where}: these settings describe no data")
            training = check_training(d, where, tab.build_models(values, data))
        except SessionError:
            raise
        except ValueError as exc:
            raise SessionError(str(exc)) from None
        return values, controls, extra, training

    def apply(self, plan):
        values, controls, extra, (epoch, parameters) = plan
        tab = self.tab
        tab.controller.pause()
        with tab.controller.applied_once():  # (and drawn once)
            tab._quiet = True  # (the points and settings arrive together: one rebuild)
            try:
                tab.form.set_values(values)
                tab.controls.restore(controls)
                self._hook("apply_extra", extra)
            finally:
                tab._quiet = False
            tab.rebuild()
            tab.controller.load_state(parameters, epoch)

    def _training(self):
        controller = self.tab.controller
        snap = controller.take()
        if not controller.handoff.settled(snap):  # changes still on their way (a slow
            snap = controller.train_now(0)  # fit in the background): save what they make
        # one-pass models (naive Bayes, trees ...) are fitted again from their data
        params = {n: m.get_parameters() for n, m in snap.models.items()
                  if not getattr(m, "fits_in_one_pass", False)} if snap else {}
        if snap is None or not all(np.isfinite(p).all()
                                   and np.abs(p).max(initial=0) <= MAX_ABS_VALUE
                                   for ps in params.values() for p in ps):
            return {"epoch": 0, "weights": {}}  # diverged: the settings are still worth keeping
        return {"epoch": int(snap.epoch),
                "weights": {n: [p.tolist() for p in ps] for n, ps in params.items()}}
