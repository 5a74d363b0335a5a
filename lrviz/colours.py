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
#: The objective (data loss + penalty) on a loss plot: Okabe-Ito sky blue, no class's colour
OBJECTIVE_HEX = "#56B4E9"
BOUNDARY_HEX = "#111111"
