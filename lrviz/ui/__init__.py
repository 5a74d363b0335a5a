"""The Qt user interface: ``from lrviz.ui import MainWindow``."""
from .theme import configure_pyqtgraph

configure_pyqtgraph()

from .main_window import MainWindow  # noqa: E402

__all__ = ["MainWindow"]
