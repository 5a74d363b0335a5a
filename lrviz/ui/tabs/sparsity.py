"""L1 Sparsity tab (to come): a placeholder that says what it will show."""
from __future__ import annotations

from .base import PlaceholderTab


class SparsityTab(PlaceholderTab):
    title = "L1 Sparsity"

    def __init__(self, parent=None):
        super().__init__(self.title, "One hundred features, five that matter: watch L2 shrink every weight while L1 sets the useless ones exactly to zero, with a regularisation path and held-out accuracy.", parent)


if __name__ == "__main__":  # python -m lrviz.ui.tabs.sparsity
    from ..app import run_single_tab

    run_single_tab(SparsityTab)
