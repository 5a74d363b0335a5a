"""The Builder's curves: the loss per epoch (with "training + penalty" when there is
a penalty, and the held-out points' loss) and the size of the weights ‖w‖."""
from __future__ import annotations

from ...widgets.loss_plot import LossPlot


class BuilderCurves:
    def __init__(self):
        self.loss_plot = LossPlot("Loss per epoch")
        self.loss_plot.add_series("train", "training", "text")
        # what gradient descent lowers when there is a penalty: shown only then
        # (in the theme's Okabe-Ito sky blue: no class's colour)
        self.loss_plot.add_series("objective", "training + penalty", "sky", dashed=True)
        self.loss_plot.show_series("objective", False)
        self.loss_plot.add_series("test", "test", "muted", dashed=True)
        # how long w is: without a penalty on separable points it grows without end
        self.norm_plot = LossPlot("Size of the weights ‖w‖ per epoch", y_label="‖w‖")
        self.norm_plot.add_series("norm", "‖w‖", "text")
        self.norm_plot.getPlotItem().setLabel("bottom", None)  # the loss plot's axis, above
        self.norm_plot.set_height_lines(7)
        self.norm_plot.legend.setVisible(False)  # one curve, named by its axis
        self.resumed_at = None  # a run that goes on from an epoch of its past

    def record(self, snap):
        model = snap.models["model"]
        if snap.reset:
            if self.resumed_at is not None:
                for plot in (self.loss_plot, self.norm_plot):
                    plot.truncate(self.resumed_at)
                self.resumed_at = None
            else:
                self.loss_plot.reset_curves()
                self.norm_plot.reset_curves()
        self.loss_plot.extend("train", snap.first_epoch, snap.losses["model"])
        penalties = snap.penalties.get("model")
        if penalties is not None:
            self.loss_plot.extend("objective", snap.first_epoch, snap.losses["model"] + penalties)
        self.loss_plot.show_series("objective", bool(getattr(model, "penalty", None)
                                                     and model.lam > 0))
        m = snap.metrics.get("model", {})
        if "test_loss" in m:
            self.loss_plot.append_point("test", snap.epoch, m["test_loss"])
        self.norm_plot.append_point("norm", snap.epoch, model.weight_norm())

    def show_test(self, on):
        """A test curve only while some points are held out."""
        self.loss_plot.show_series("test", on)
