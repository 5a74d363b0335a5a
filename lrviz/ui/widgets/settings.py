"""Controls made from a tab's declared settings (``lrviz.settings.Setting``).

``SettingsForm(declarations)`` builds one control per setting -- a check box,
spin box, or combo box with the declared range, default and tooltip -- and
reads, writes, checks and resets them by name.  A control the form cannot
build (a log-scale slider, a cursor on a plot) is *adopted* with a getter and
a setter, and is then saved, checked and reset like the others.
"""
from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QSpinBox

from ...settings import check_values, defaults


def make_control(s):
    if s.kind is bool:
        w = QCheckBox(s.label)
        w.setChecked(s.default)
    elif s.kind is str:
        w = QComboBox()
        w.addItems(list(s.choices))
        w.setCurrentText(s.default)
    elif s.kind is int:
        w = QSpinBox()
        w.setRange(int(s.lo), int(s.hi))
        w.setValue(s.default)
    elif s.kind is float:
        w = QDoubleSpinBox()
        w.setDecimals(s.decimals)
        w.setRange(s.lo, s.hi)
        if s.step:
            w.setSingleStep(s.step)
        w.setValue(s.default)
    else:
        raise ValueError(f"setting '{s.name}' needs an adopted control")
    w.setToolTip(s.tip)
    if s.label and s.kind is not bool:  # (a box's label is its text)
        w.setAccessibleName(s.label)
    return w


def _accessors(w, s):
    """(get, set, changed signal) of the control ``make_control`` made for setting ``s``."""
    if isinstance(w, QCheckBox):
        return w.isChecked, w.setChecked, w.toggled
    if isinstance(w, QComboBox):  # by position: a tab may reword an item (display only)
        # (none chosen -- a placeholder shown: the points came from elsewhere -- reads as
        # the default, never as the last item, which index -1 would give)
        return (lambda: s.choices[w.currentIndex()] if w.currentIndex() >= 0 else s.default,
                lambda v: w.setCurrentIndex(s.choices.index(v)), w.currentIndexChanged)
    return w.value, w.setValue, w.valueChanged


class SettingsForm:
    def __init__(self, declarations):
        self.declarations = tuple(declarations)
        self._by_name = {s.name: s for s in self.declarations}
        self.controls = {}
        self._get, self._set, self._signal = {}, {}, {}
        for s in self.declarations:
            try:
                w = make_control(s)
            except ValueError:
                continue  # adopted later
            self.controls[s.name] = w
            self._get[s.name], self._set[s.name], self._signal[s.name] = _accessors(w, s)

    def __getitem__(self, name):
        """The control of a setting."""
        return self.controls[name]

    def adopt(self, name, control, get, set_, signal=None):
        """Use a control the form cannot build (or None for a value the tab keeps);
        the form blocks ``control``'s signals while it sets values."""
        if name not in self._by_name:
            raise KeyError(f"no setting '{name}' is declared")
        self.controls[name] = control
        self._get[name], self._set[name], self._signal[name] = get, set_, signal

    def on_change(self, fn):
        """Call ``fn(name)`` when the user changes any setting with a control."""
        for name, signal in self._signal.items():
            if signal is not None:
                signal.connect(lambda *_, name=name: fn(name))

    def declaration(self, name):
        return self._by_name[name]

    def connect(self, names, slot):
        """Call ``slot()`` when the user changes any of these settings."""
        for name in names.split() if isinstance(names, str) else names:
            self._signal[name].connect(lambda *_: slot())

    def value(self, name):
        return self._get[name]()

    def values(self):
        return {s.name: self._get[s.name]() for s in self.declarations}

    def set_values(self, values, quiet=True):
        """Set several controls without any of them firing its own reaction (``quiet``
        False: as a user would, each control's reaction follows)."""
        if not quiet:
            for name, v in values.items():
                self._set[name](v)
            return
        controls = [self.controls[n] for n in values if self.controls[n] is not None]
        blocked = [w.blockSignals(True) for w in controls]
        try:
            for name, v in values.items():
                self._set[name](v)
        finally:
            for w, was in zip(controls, blocked):
                w.blockSignals(was)

    def check(self, d, where):
        """Every setting's value from a session dict, checked against its declaration."""
        return check_values(self.declarations, d, where)

    def defaults(self):
        return defaults(self.declarations)

    def tip(self, name):
        return self._by_name[name].tip
