"""Creating the QApplication, shared by the command line and the per-tab previews."""
from __future__ import annotations

import os
import sys

from ..theme_paths import icon_path
from .. import sharing
from .keyboard import ControlKeys
from .live import GuiThreadGarbage

#: The desktop file (``lrviz --install-desktop``) and the application id the window
#: groups under in a task bar: one name for both.
DESKTOP_NAME = "lrviz"

#: Qt's messages about its own platform plugins that say nothing about what the user
#: did (the offscreen platform of ``--screenshot`` cannot size a window's frame).
UNSAID = ("This plugin does not support propagateSizeHints()",)


def _qt_message(kind, context, text):
    """Qt's messages go to stderr as they would, less the ones in ``UNSAID``."""
    if text not in UNSAID:
        print(text, file=sys.stderr)


def make_app(offscreen=False):
    if offscreen:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # unless the user chose one
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    from .theme import configure_pyqtgraph

    sharing.configure()
    qInstallMessageHandler(_qt_message)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    GuiThreadGarbage.install()  # cycles are collected in this thread only (see there)
    ControlKeys.install()  # a focused control keeps its own keys
    app.setApplicationName("lrviz")
    QGuiApplication.setDesktopFileName(DESKTOP_NAME)
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
