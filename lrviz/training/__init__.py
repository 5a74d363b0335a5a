"""Training: a Qt-free loop (``loop``) and the QThread worker that runs it (``worker``).

Importing this package does not import Qt; import ``lrviz.training.worker`` for that.
"""
from .loop import LoopState, Snapshot, Trainer, run_training

__all__ = ["LoopState", "Snapshot", "Trainer", "run_training"]
