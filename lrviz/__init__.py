"""lrviz: watch logistic regression learn, and grow into a neural network."""

__version__ = "0.1.0"


def show(*args, block=None):
    """Open lrviz on your own data: ``show(X, y)`` or ``show(model, X, y)``.

    X: rows of 1 feature (Sigmoid & Loss), 2 (Boundary Builder, labels 0..4) or 3 to 50
    (Weights & Decisions); y: labels 0/1.  ``model``: a fitted lrviz
    ``LogisticRegression`` or any two-class model with ``coef_`` and ``intercept_``
    (scikit-learn's, say): the tab's model starts from its line.  Bad input raises
    ValueError before any window opens.

    From a script it shows the window and returns when it is closed.  Where a Qt event
    loop already runs (Jupyter after ``%gui qt``) it returns the window at once;
    ``block`` decides either way.
    """
    from .showing import show as _show  # (Qt only now: ``import lrviz`` stays light)

    return _show(*args, block=block)
