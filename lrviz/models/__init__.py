"""lrviz's model core: numpy only, never Qt.

Seed-compatible API (SPEC section 2) plus what the views need: one-epoch
``step``, penalties with a proximal L1, networks with 1-2 hidden layers,
softmax regression, polynomial features, losses and accuracy.
"""
from .base import Model, Prepared
from .core import (
    ACTIVATIONS,
    accuracy,
    binary_cross_entropy,
    categorical_cross_entropy,
    mean_squared_error,
    one_hot,
    polynomial_features,
    predicted_class,
    sigmoid,
    sigmoid_derivative,
    softmax,
)
from .linear import LogisticRegression, RegularizedLogisticRegression, SoftmaxRegression
from .network import NeuralNetwork, TinyNeuralNetwork

__all__ = [
    "ACTIVATIONS", "LogisticRegression", "Model", "NeuralNetwork", "Prepared",
    "RegularizedLogisticRegression", "SoftmaxRegression", "TinyNeuralNetwork", "accuracy",
    "binary_cross_entropy", "categorical_cross_entropy", "mean_squared_error", "one_hot",
    "polynomial_features", "predicted_class", "sigmoid", "sigmoid_derivative", "softmax",
]
