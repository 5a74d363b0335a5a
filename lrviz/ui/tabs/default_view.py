"""What a tab shows when it draws nothing of its own: the document's points under its
first model's map, and the loss per epoch of every model."""
from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from ..theme import CLASS_HEX
from ..widgets.loss_plot import LossPlot
from ..widgets.probability_map import ProbabilityMap


class DefaultView(QWidget):
    def __init__(self, document, form=None, controls=None, parent=None):
        super().__init__(parent)
        self.map = ProbabilityMap(title="What the model predicts")
        self.map.setMinimumSize(320, 260)
        self.map.show_points(document.points)
        self.loss_plot = LossPlot("Loss per epoch")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.map, 3)
        layout.addWidget(self.loss_plot, 1)

    def record(self, snap):
        if snap.reset:
            self.loss_plot.reset_curves()
        for i, (name, losses) in enumerate(snap.losses.items()):
            if name not in self.loss_plot.series:
                self.loss_plot.add_series(name, name, "text" if i == 0 else
                                          CLASS_HEX[(i + 1) % len(CLASS_HEX)])
            self.loss_plot.extend(name, snap.first_epoch, losses)

    def draw(self, snap, text_now=True):
        model = next(iter(snap.models.values()), None)
        self.map.set_model(model, errors=text_now)

    def shutdown(self):
        self.map.shutdown()
