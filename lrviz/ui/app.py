"""Creating the QApplication, shared by the command line and the per-tab previews."""
from __future__ import annotations

import os
import sys

from ..theme_paths import icon_path


#: How long a thread waiting for the interpreter lock waits before it asks the
#: running one to hand it over.  The GUI thread calls into Python many times per
#: event; with the default 5 ms each of those could wait behind a training epoch
#: loop, so a click or a repaint would crawl.  A short interval costs the worker
#: nothing when the GUI is idle (nobody asks).
SWITCH_INTERVAL_S = 0.0002


def configure_threads():
    sys.setswitchinterval(SWITCH_INTERVAL_S)


def make_app(offscreen=False):
    if offscreen:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # unless the user chose one
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from .theme import configure_pyqtgraph

    configure_threads()
    app = QApplication.instance() or QApplication(sys.argv[:1])
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
