"""lrviz: watch logistic regression learn, and grow into a neural network."""

__version__ = "0.1.0"
