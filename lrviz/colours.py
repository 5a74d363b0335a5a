"""The colours every view shares (no Qt).

Class colours come from the Okabe-Ito palette, which stays distinguishable under
the common forms of colour blindness: class 0 is vermillion (the "red" of the
teaching convention), class 1 blue, then bluish green, reddish purple and orange.
"""
from __future__ import annotations

import numpy as np

CLASS_HEX = ["#D55E00", "#0072B2", "#009E73", "#CC79A7", "#E69F00"]
#: The colours' names as a class sees them drawn (Okabe-Ito: vermilion, blue, bluish
#: green, reddish purple, orange), one word each.
CLASS_WORDS = ["orange", "blue", "green", "pink", "yellow"]
CLASS_RGB = np.array([[int(h[i:i + 2], 16) for i in (1, 3, 5)] for h in CLASS_HEX], dtype=float)
MISCLASSIFIED_HEX = "#000000"
BOUNDARY_HEX = "#111111"


def hex_rgb(hexcode):
    """``"#RRGGBB"`` -> (r, g, b) in 0..255."""
    return tuple(int(hexcode[i:i + 2], 16) for i in (1, 3, 5))


def over(rgb, alpha, background):
    """``rgb`` at opacity ``alpha`` (0..1) painted over the opaque ``background``."""
    return tuple(alpha * c + (1.0 - alpha) * b for c, b in zip(rgb, background))


def luminance(rgb):
    """WCAG 2.1 relative luminance of an sRGB colour (0..255 channels)."""
    lin = [(c / 255 / 12.92) if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4
           for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a, b):
    """WCAG 2.1 contrast ratio of two opaque colours: 1 (none) .. 21 (black on white)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
