"""python -m lrviz.ui.tabs.boundary: the Boundary Builder on its own."""
from ...app import run_single_tab
from . import BoundaryTab

run_single_tab(BoundaryTab)
