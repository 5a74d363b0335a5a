"""Training: the GUI-worker protocol (``handoff``), the Qt-free loop (``loop``) and the
QThread worker that runs it (``worker``).

Importing this package does not import Qt; import ``lrviz.training.worker`` for that.
"""
from .handoff import Handoff
from .loop import (
    Snapshot,
    Trainer,
    TrainerRequests,
    TrainingLoop,
    check_data,
    train_synchronously,
)

__all__ = ["Handoff", "Snapshot", "Trainer", "TrainerRequests", "TrainingLoop", "check_data",
           "train_synchronously"]
