"""Sigmoid & Loss tab (to come): a placeholder that says what it will show."""
from __future__ import annotations

from .base import PlaceholderTab


class SigmoidTab(PlaceholderTab):
    title = "Sigmoid & Loss"

    def __init__(self, parent=None):
        super().__init__(self.title, "Why a straight line fails for pass/fail, the sigmoid and its slope, cross-entropy from likelihood, the convex bowl against the MSE plateaus, and the gradient as prediction minus truth — each with plots that move while the model trains.", parent)


if __name__ == "__main__":  # python -m lrviz.ui.tabs.sigmoid
    from ..app import run_single_tab

    run_single_tab(SigmoidTab)
