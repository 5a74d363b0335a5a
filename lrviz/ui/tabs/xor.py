"""XOR Network tab (to come): a placeholder that says what it will show."""
from __future__ import annotations

from .base import PlaceholderTab


class XorTab(PlaceholderTab):
    title = "XOR Network"

    def __init__(self, parent=None):
        super().__init__(self.title, "Logistic regression stuck at 50 % on XOR beside a one-hidden-layer network that solves it, with its learned features and the space where the classes become separable.", parent)


if __name__ == "__main__":  # python -m lrviz.ui.tabs.xor
    from ..app import run_single_tab

    run_single_tab(XorTab)
