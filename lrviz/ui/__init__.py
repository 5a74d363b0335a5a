"""The Qt user interface: ``from lrviz.ui import MainWindow``.

Importing ``lrviz.ui`` alone loads no Qt (the command line reads the tab list
from ``lrviz.ui.tabs`` before it decides to open a window).
"""


def __getattr__(name):
    if name == "MainWindow":
        from .main_window import MainWindow

        return MainWindow
    raise AttributeError(name)


__all__ = ["MainWindow"]
