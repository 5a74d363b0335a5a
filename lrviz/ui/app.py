"""Creating the QApplication, shared by the command line and the per-tab previews."""
from __future__ import annotations

import os
import sys

from ..theme_paths import icon_path
from .. import sharing
from .live import GuiThreadGarbage


def make_app(offscreen=False):
    if offscreen:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # unless the user chose one
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from .theme import configure_pyqtgraph

    sharing.configure()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    GuiThreadGarbage.install()  # cycles are collected in this thread only (see there)
    app.setApplicationName("lrviz")
    app.setWindowIcon(QIcon(str(icon_path())))
    configure_pyqtgraph()
    return app


def run_single_tab(tab_class):
    """Open one tab on its own (``python -m lrviz.ui.tabs.NAME``)."""
    from PySide6.QtWidgets import QMainWindow

    app = make_app()
    win = QMainWindow()
    tab = tab_class()
    win.setCentralWidget(tab)
    win.setWindowTitle(f"lrviz — {tab.title}")
    win.resize(1400, 860)
    app.aboutToQuit.connect(tab.shutdown)
    win.show()
    sys.exit(app.exec())
