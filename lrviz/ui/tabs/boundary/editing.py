"""Editing the document's points on the Builder's map: the class to place, clicks,
drags and right-clicks, built-in data sets, clearing, holding points out -- each
an undoable edit of the window's document.  With "learn while I edit" on, an edit
starts training."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ....colours import CLASS_HEX, CLASS_WORDS
from ....data import PRESETS_2D, make_preset
from ....data.table import NO_NAMES
from ....settings import Setting
from ...titles import retitle

MAX_CLASSES = 5
TEST_FRACTION = 0.3
#: a built-in set's usual size and noise (chosen when it is picked)
PRESET_DEFAULTS = {"blobs": (100, 1.0), "xor": (4, 0.0), "noisy-xor": (200, 0.25),
                   "circles": (200, 0.1), "moons": (200, 0.15), "spiral": (200, 0.1),
                   "three-class": (120, 0.8)}

SETTINGS = (
    Setting("preset", "blobs", choices=tuple(PRESETS_2D), affects="none",
            tip="A built-in data set to start from"),
    Setting("n", 100, 4, 10000, affects="none", tip="Number of points the preset draws"),
    Setting("noise", 1.0, 0.0, 3.0, step=0.05, affects="none",
            tip="Spread of the preset's clouds"),
    Setting("seed", 42, 0, 99999, affects="none",
            tip="Seed: the same seed draws the same points (and the network's first weights)"),
    Setting("learn_live", True, label="learn while I edit", affects="none",
            tip="Adding, moving or removing a point starts training at the set speed, so the "
                "boundary follows your edits; untick to place points first and press Train"),
)


class PointEditor(QWidget):
    """The toolbar above the map, and what clicks on the map do to the points."""

    def __init__(self, document, form, controller, view_map, parent=None):
        super().__init__(parent)
        self.document, self.form, self.controller, self.map = document, form, controller, view_map
        self.current_class = 0
        self._drag_origin = None
        self.split = QCheckBox(f"hold out {int(TEST_FRACTION * 100)} %")
        self.split.setToolTip(f"Train on {100 - int(TEST_FRACTION * 100)} % of the points and "
                              "test on the rest (drawn hollow)")
        self.split.toggled.connect(self._split_changed)
        self._build()
        view_map.pointClicked.connect(self._clicked)
        view_map.pointDragged.connect(self._dragged)
        form["learn_live"].toggled.connect(self.show_title)
        form["preset"].currentTextChanged.connect(self._preset_defaults)
        form["preset"].setPlaceholderText("—")  # (points from a file or a table)
        controller.runningChanged.connect(self.show_title)
        self.show_title()

    def _build(self):
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Class:"))
        # one checked at a time, kept by select_class (Tab skips the unchecked buttons of a
        # QButtonGroup: they were out of a keyboard's reach)
        self.class_buttons = []
        for k, hexcol in enumerate(CLASS_HEX):
            b = QToolButton()
            b.setText(f" {k} ")
            b.setCheckable(True)
            b.setMinimumSize(34, 28)
            b.setToolTip(f"Place {CLASS_WORDS[k]} points of class {k} (key {k})")
            b.setAccessibleName(f"class {k}, {CLASS_WORDS[k]}")
            b.setStyleSheet(
                f"QToolButton {{ background: {hexcol}; color: white; font-weight: bold;"
                f" border: 2px solid {hexcol}; border-radius: 4px; }}"
                "QToolButton:checked { border: 3px solid #111; }"
                # the keyboard's focus (Tab) shows: the sheet hides the style's own mark
                "QToolButton:focus { border: 3px dotted #111; }")
            b.clicked.connect(lambda _=False, k=k: self.select_class(k))
            self.class_buttons.append(b)
            bar.addWidget(b)
        self.class_buttons[0].setChecked(True)
        load = QPushButton("Load preset")
        load.setToolTip("Replace the points with the preset (undo brings them back)")
        load.clicked.connect(lambda: self.load_preset(*(self.form.value(k) for k in
                                                         ("preset", "n", "noise", "seed"))))
        clear = QPushButton("Clear")
        clear.setToolTip("Remove every point (undo brings them back)")
        clear.clicked.connect(self.document.clear)
        self.fit_button = QPushButton("Fit view")
        self.fit_button.setToolTip("Show every point again.  The wheel zooms the map and "
                                   "dragging empty space pans it; clicks still add points.")
        self.fit_button.clicked.connect(self.fit_view)
        bar.addStretch(1)
        bar.addWidget(self.fit_button)
        # the data set, read (and tabbed through) in one line: what, how many, how
        # spread, which draw, then Load (each row fits 1280 pixels at any text size)
        presets = QHBoxLayout()
        for w in (QLabel("Preset:"), self.form["preset"], QLabel("n"), self.form["n"],
                  QLabel("noise"), self.form["noise"], QLabel("seed"), self.form["seed"]):
            presets.addWidget(w)
        presets.addStretch(1)
        self.draw_row = QHBoxLayout()
        for w in (load, clear):
            self.draw_row.addWidget(w)
        self.draw_row.addStretch(1)
        self.draw_row.addWidget(self.form["learn_live"])
        rows = QVBoxLayout(self)
        rows.setContentsMargins(0, 0, 0, 0)
        for row in (bar, presets, self.draw_row):
            rows.addLayout(row)

    # ------------------------------------------------------------ the title
    def map_title(self):
        """What the map's title promises, true in every state."""
        if not self.form.value("learn_live"):
            return ("Training — click to add points" if self.controller.running
                    else "Click to add points, then press Train")
        return ("Click to add points — the model learns as you edit" if self.controller.running
                else "Click to add points — training starts when you do")

    def show_title(self, *_):
        retitle(self.map, self.map_title())

    # -------------------------------------------------------------- editing
    def select_class(self, k):
        if 0 <= k < MAX_CLASSES:
            self.current_class = k
            for i, b in enumerate(self.class_buttons):
                b.setChecked(i == k)

    def edited(self):
        """The user changed the points on the map: learn from them now (if wanted)."""
        if self.form.value("learn_live") and not self.controller.running:
            self.controller.play()

    def _clicked(self, x, y, button, modifiers):
        if button == Qt.RightButton:
            i = self.map.nearest_point(x, y)
            if i is not None:
                self.document.remove_point(i)
                self.edited()
            return
        label = self.current_class
        if modifiers & Qt.ShiftModifier and self.document.points.n_classes == 2 and label < 2:
            label = 1 - label
        self.add_point(x, y, label)

    def add_point(self, x, y, label, learn=True):
        """Add a point of class ``label`` as a click would (undoable; learnt live if
        "learn while I edit" is on and ``learn``)."""
        name = self.document.points.names.of_class(int(label), CLASS_WORDS[int(label)])
        self.document.add_point(x, y, label, text=f"add {name} point")
        if learn:
            self.edited()

    def _dragged(self, i, x, y, finished):
        if self._drag_origin is None:
            self._drag_origin = tuple(self.document.points.X[i])
        if finished:
            old, self._drag_origin = self._drag_origin, None
            self.document.moved(i, old, (x, y))
            self.edited()
        else:
            self.document.drag_point(i, x, y)

    def delete_nearest(self):
        """Remove the point nearest to the mouse (the Delete key)."""
        i = self.document.points.nearest(*getattr(self.map, "last_hover", (0.0, 0.0)))
        if i is not None:
            self.document.remove_point(i)
            self.edited()

    # ------------------------------------------------------------ whole sets
    def load_preset(self, name, n_points=None, noise=None, seed=None):
        """Replace the points with a built-in set (undoable); the controls say what drew
        them."""
        d = make_preset(name, n_points, noise, seed)
        self.set_points(d.X, d.y.astype(int), f"load {name}")
        if self.form.value("preset") != name or self.form["preset"].currentIndex() < 0:
            self.form.set_values({"preset": name})
            if n_points is None and noise is None:
                self._preset_defaults(name)
        given = {"n": n_points, "noise": noise, "seed": seed}
        self.form.set_values({k: v for k, v in given.items() if v is not None})

    def no_preset(self):
        """The points came from a file or a table: no preset names them ("—")."""
        box = self.form["preset"]
        box.blockSignals(True)
        box.setCurrentIndex(-1)
        box.blockSignals(False)

    def _preset_defaults(self, name):
        n, noise = PRESET_DEFAULTS[name]
        self.form.set_values({"n": n, "noise": noise})

    def set_points(self, X, y, text="replace points", names=NO_NAMES):
        test = self._split_mask(len(y)) if self.split.isChecked() else None
        self.document.replace(X, y, test, text, names)

    def name_classes(self, names):
        """Each class button says its class's name (a table's), else its number."""
        for k, b in enumerate(self.class_buttons):
            name = names.of_class(k, None)
            b.setText(f" {k} " if name is None else f" {_short(name)} ")
            b.setToolTip(f"Place {CLASS_WORDS[k]} points of class {k} (key {k})" if name is None
                         else f"Place points of class {name} (key {k})")

    def _split_mask(self, n):
        rng = np.random.default_rng(self.form.value("seed"))
        mask = np.zeros(n, bool)
        mask[rng.permutation(n)[: int(round(n * TEST_FRACTION))]] = True
        return mask

    def _split_changed(self, on):
        X, y, _ = self.document.points.state()
        self.document.replace(X, y, self._split_mask(len(y)) if on else None,
                              "hold out test points" if on else "use all points")

    def show_split(self, test):
        """The check box as the points have it (a session, an undo)."""
        self.split.blockSignals(True)
        self.split.setChecked(bool(np.any(test)))
        self.split.blockSignals(False)

    def fit_view(self):
        """Show every point with a margin (the default square when there are none)."""
        X = self.document.points.X
        if not len(X):
            lo, hi = np.array([-4.0, -4.0]), np.array([4.0, 4.0])
        else:
            # (column by column: numpy's min along rows of two columns is far slower)
            lo = np.array([X[:, 0].min(), X[:, 1].min()])
            hi = np.array([X[:, 0].max(), X[:, 1].max()])
            centre, half = (lo + hi) / 2, np.maximum((hi - lo) / 2, 1e-3 * np.abs(lo + hi) + 0.5)
            lo, hi = centre - 1.25 * half, centre + 1.25 * half
        self.map.setRange(xRange=(lo[0], hi[0]), yRange=(lo[1], hi[1]), padding=0)


def _short(name, limit=12):
    return name if len(name) <= limit else name[:limit - 1] + "…"
