"""The main window: four tabs, menus, shortcuts and a status bar."""
from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
)

from .. import __version__
from .tabs.boundary import BoundaryTab
from .tabs.sigmoid import SigmoidTab
from .tabs.sparsity import SparsityTab
from .tabs.xor import XorTab

TAB_KEYS = {"boundary": 0, "sigmoid": 1, "sparsity": 2, "xor": 3}


class MainWindow(QMainWindow):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("lrviz — logistic regression, live")
        self.resize(1440, 900)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.boundary = BoundaryTab()
        self.pages = [self.boundary, SigmoidTab(), SparsityTab(), XorTab()]
        self.undo_group = QUndoGroup(self)
        for page in self.pages:
            self.tabs.addTab(page, page.title.replace("&", "&&"))
            page.statusChanged.connect(lambda info, p=page: self._status(p, info))
            page.message.connect(lambda text, p=page: self._message(p, text))
            if page.undo_stack is not None:
                self.undo_group.addStack(page.undo_stack)
        self.setCentralWidget(self.tabs)
        self._current = self.pages[0]
        self.tabs.currentChanged.connect(self._tab_changed)
        self._build_status_bar()
        self._build_menus()
        self._tab_changed(0)

    # ---------------------------------------------------------------- pieces
    def _build_status_bar(self):
        bar = self.statusBar()
        self.epoch_label = QLabel("epoch 0")
        self.loss_label = QLabel("loss —")
        self.acc_label = QLabel("accuracy —")
        self.state_label = QLabel("paused")
        for w in (self.epoch_label, self.loss_label, self.acc_label, self.state_label):
            w.setFixedSize(150, 22)  # changing text must not re-lay-out the window
            bar.addPermanentWidget(w)

    def _action(self, menu, text, slot, shortcut=None, tip=None):
        act = QAction(text, self)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
            act.setShortcutContext(Qt.WindowShortcut)
        if tip:
            act.setStatusTip(tip)
            act.setToolTip(tip)
        act.triggered.connect(slot)
        menu.addAction(act)
        self.addAction(act)  # shortcuts work with the menu bar hidden too
        return act

    def _build_menus(self):
        mb = self.menuBar()
        f = mb.addMenu("&File")
        self._action(f, "Open data…", self.open_data, "Ctrl+O", "Load points from a CSV file")
        self._action(f, "Save data…", self.save_data, "Ctrl+S", "Save the points as CSV")
        self._action(f, "Export image…", self.export_image, "Ctrl+E",
                     "Save the current tab as a PNG picture")
        f.addSeparator()
        self._action(f, "Quit", self.close, "Ctrl+Q")

        e = mb.addMenu("&Edit")
        undo = self.undo_group.createUndoAction(self, "Undo")
        undo.setShortcut(QKeySequence.Undo)
        redo = self.undo_group.createRedoAction(self, "Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence.Redo])
        for act in (undo, redo):
            e.addAction(act)
            self.addAction(act)
        self._action(e, "Delete nearest point", lambda: self._call("delete_nearest"), "Delete")
        e.addSeparator()
        for k in range(5):
            self._action(e, f"Class {k}", lambda _=False, k=k: self._call("select_class", k),
                         str(k + 1), f"Place points of class {k}")

        t = mb.addMenu("&Training")
        self._action(t, "Play / Pause", lambda: self._current.controller.toggle(), "Space")
        self._action(t, "Step one epoch", lambda: self._current.controller.step(1), "S")
        self._action(t, "Reset", lambda: self._current.reset_training(), "R")

        v = mb.addMenu("&View")
        for i, page in enumerate(self.pages):
            self._action(v, page.title.replace("&", "&&"), lambda _=False, i=i: self.tabs.setCurrentIndex(i),
                         f"Ctrl+{i + 1}")

        h = mb.addMenu("&Help")
        self._action(h, "Keyboard shortcuts", self.show_shortcuts, "F1")
        self._action(h, "About lrviz", self.show_about)

    # ------------------------------------------------------------- behaviour
    def _call(self, method, *args):
        fn = getattr(self._current, method, None)
        if fn is not None:
            fn(*args)

    def _tab_changed(self, index):
        if self._current is not self.pages[index]:
            self._current.leave()
        self._current = self.pages[index]
        if self._current.undo_stack is not None:
            self.undo_group.setActiveStack(self._current.undo_stack)
        else:
            self.undo_group.setActiveStack(None)
        self._current._emit_status(self._current.controller.latest)

    def _status(self, page, info):
        if page is not self._current:
            return
        self.epoch_label.setText(f"epoch {info['epoch']:,}")
        loss, acc = info["loss"], info["accuracy"]
        self.loss_label.setText("loss —" if math.isnan(loss) else f"loss {loss:.4f}")
        self.acc_label.setText("accuracy —" if math.isnan(acc) else f"accuracy {acc:.1%}")
        self.state_label.setText(info["state"])

    def _message(self, page, text):
        if page is self._current:
            self.statusBar().showMessage(text, 15000)

    def select_tab(self, key):
        self.tabs.setCurrentIndex(TAB_KEYS[key])

    def open_data(self):
        self.tabs.setCurrentIndex(0)
        self.boundary.open_csv()

    def save_data(self):
        self.tabs.setCurrentIndex(0)
        self.boundary.save_csv()

    def export_image(self, path=None):
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "Export image", "lrviz.png",
                                                  "PNG images (*.png)")
            if not path:
                return False
        ok = self._current.grab().save(path)
        self.statusBar().showMessage(f"Saved {path}" if ok else f"Could not write {path}", 8000)
        return ok

    def shortcut_text(self):
        rows = []
        for act in self.actions():
            seq = act.shortcut().toString(QKeySequence.NativeText)
            if seq:
                rows.append((seq, act.text().replace("&", "")))
        return rows

    def show_shortcuts(self):
        rows = "".join(f"<tr><td><b>{k}</b></td><td>{t}</td></tr>" for k, t in self.shortcut_text())
        extra = ("<tr><td><b>Click</b></td><td>add a point of the selected class</td></tr>"
                 "<tr><td><b>Shift+click</b></td><td>add a point of the other class</td></tr>"
                 "<tr><td><b>Drag</b></td><td>move a point</td></tr>"
                 "<tr><td><b>Right-click</b></td><td>remove the nearest point</td></tr>")
        QMessageBox.information(self, "Keyboard shortcuts",
                                f"<table cellspacing='6'>{rows}{extra}</table>")

    def show_about(self):
        QMessageBox.about(self, "About lrviz",
                          f"<h3>lrviz {__version__}</h3><p>Logistic regression, and how it "
                          "grows into a neural network, in plots that move while the model "
                          "trains.</p>")

    def flush(self):
        """Draw everything that waits for its next redraw (before a screenshot)."""
        from .widgets.loss_plot import LossPlot

        for plot in self.findChildren(LossPlot):
            plot.flush()

    def shutdown(self):
        for page in self.pages:
            page.shutdown()

    def closeEvent(self, event):
        self.shutdown()
        super().closeEvent(event)
