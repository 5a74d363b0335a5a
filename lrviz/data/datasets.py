"""Built-in data sets.  The SPEC ones are generated exactly as specified (a
``RandomState`` seeded like ``np.random.seed`` draws the same numbers without
touching numpy's global generator); the others are seeded presets with a
number of points and a noise level."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..numeric import check_count, check_number, sigmoid

#: The presets' ranges (the Builder's controls are narrower).
MAX_NOISE = 10.0
MAX_PRESET_POINTS = 100_000


@dataclass
class Dataset:
    X: np.ndarray
    y: np.ndarray
    name: str
    info: dict = field(default_factory=dict)

    @property
    def n_classes(self):
        return int(self.y.max()) + 1 if self.y.size else 0


def _rs(seed):
    return np.random.RandomState(seed)


def blobs_2d(seed=42, n_points=100, noise=1.0):
    """Two Gaussian clouds: positives around (2, 2), negatives around (-1, -1).

    With the defaults this is SPEC's blobs-2d exactly (positives first)."""
    rs = _rs(seed)
    n_pos = n_points // 2
    pos = rs.randn(n_pos, 2) * noise + [2, 2]
    neg = rs.randn(n_points - n_pos, 2) * noise + [-1, -1]
    X = np.vstack([pos, neg])
    y = np.concatenate([np.ones(n_pos), np.zeros(n_points - n_pos)])
    return Dataset(X, y, "blobs")


def sparse_100(seed=7, n_samples=80, n_features=100, n_relevant=5):
    """Many features, few samples; only the first ``n_relevant`` weights are non-zero."""
    rs = _rs(seed)
    X = rs.randn(n_samples, n_features)
    true_w = np.zeros(n_features)
    true_w[:n_relevant] = rs.randn(n_relevant) * 3
    y = (sigmoid(X @ true_w) > 0.5).astype(float)
    return Dataset(X, y, "sparse-100", {"true_w": true_w, "relevant": np.arange(n_relevant)})


def sparse_holdout(n_samples=400, seed=7, n_train=80, n_features=100, n_relevant=5,
                   holdout_seed=1007):
    """New samples labelled by the same true weights as ``sparse_100(seed, n_train, ...)``."""
    true_w = sparse_100(seed, n_train, n_features, n_relevant).info["true_w"]
    X = _rs(holdout_seed).randn(n_samples, n_features)
    y = (sigmoid(X @ true_w) > 0.5).astype(float)
    return Dataset(X, y, "sparse-100 held out", {"true_w": true_w})


def three_class(seed=99, n_per_class=40, noise=0.8):
    """Three clouds around (-2, 0), (2, 0), (0, 3) labelled 0, 1, 2 (SPEC at defaults)."""
    rs = _rs(seed)
    centres = [(-2, 0), (2, 0), (0, 3)]
    X = np.vstack([rs.randn(n_per_class, 2) * noise + c for c in centres])
    y = np.repeat(np.arange(3), n_per_class).astype(float)
    return Dataset(X, y, "three-class")


def xor():
    """The four corners of the unit square labelled by exclusive or."""
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    return Dataset(X, np.array([0.0, 1.0, 1.0, 0.0]), "xor")


def noisy_xor(seed=0, n_points=200, noise=0.25):
    """A cloud around each XOR corner (centred at +-1), label = exclusive or of the signs."""
    rs = _rs(seed)
    corners = np.array([[-1, -1], [-1, 1], [1, -1], [1, 1]], dtype=float)
    idx = np.arange(n_points) % 4
    X = corners[idx] + rs.randn(n_points, 2) * noise
    y = np.array([0.0, 1.0, 1.0, 0.0])[idx]
    return Dataset(X, y, "noisy-xor")


def circles(seed=0, n_points=200, noise=0.1, factor=0.45):
    """A ring (class 0, radius 1) around a disc (class 1, radius ``factor``)."""
    rs = _rs(seed)
    n_in = n_points // 2
    angles = rs.uniform(0, 2 * np.pi, n_points)
    radius = np.where(np.arange(n_points) < n_in, factor, 1.0)
    X = np.column_stack([np.cos(angles), np.sin(angles)]) * radius[:, None] * 1.5
    X += rs.randn(n_points, 2) * noise
    y = (np.arange(n_points) < n_in).astype(float)
    return Dataset(X, y, "circles")


def moons(seed=0, n_points=200, noise=0.15):
    """Two interleaved half circles."""
    rs = _rs(seed)
    n0 = n_points // 2
    t0 = rs.uniform(0, np.pi, n0)
    t1 = rs.uniform(0, np.pi, n_points - n0)
    upper = np.column_stack([np.cos(t0), np.sin(t0)])
    lower = np.column_stack([1 - np.cos(t1), 0.5 - np.sin(t1)])
    X = np.vstack([upper, lower]) + rs.randn(n_points, 2) * noise
    X = (X - [0.5, 0.25]) * 1.6
    y = np.concatenate([np.zeros(n0), np.ones(n_points - n0)])
    return Dataset(X, y, "moons")


def spiral(seed=0, n_points=200, noise=0.1, turns=1.5):
    """Two interleaved spiral arms."""
    rs = _rs(seed)
    n0 = n_points // 2
    parts = []
    for k, n in enumerate((n0, n_points - n0)):
        t = np.sqrt(rs.uniform(0.02, 1, n)) * turns * 2 * np.pi
        r = t / (turns * 2 * np.pi) * 2.5
        ang = t + k * np.pi
        parts.append(np.column_stack([r * np.cos(ang), r * np.sin(ang)]))
    X = np.vstack(parts) + rs.randn(n_points, 2) * noise
    y = np.concatenate([np.zeros(n0), np.ones(n_points - n0)])
    return Dataset(X, y, "spiral")


def redundant_2d(seed=1, n_points=500, copies=0, noise=1.0):
    """SPEC.md section 5: two informative features (class means ±0.75, spread
    ``noise``, 1 in the SPEC), then ``copies`` near-copies of the first,
    X[:, 0] + 0.1 * randn, each drawn in turn.  Naive Bayes counts a copied
    feature as fresh evidence; logistic regression does not."""
    seed = check_count(seed, "seed", 0, 2 ** 32 - 1)
    n = check_count(n_points, "n_points", 2, 1_000_000)
    copies = check_count(copies, "copies", 0, 50)
    noise = check_number(noise, "noise", 0.0, MAX_NOISE)
    rs = np.random.RandomState(seed)
    y = rs.randint(0, 2, n)
    X = rs.randn(n, 2) * noise + np.where(y[:, None] == 1, 0.75, -0.75)
    cols = [X] + [X[:, :1] + 0.1 * rs.randn(n, 1) for _ in range(copies)]
    return Dataset(np.hstack(cols), y.astype(float), "redundant-2d",
                   {"seed": seed, "copies": copies})


def hours_studied(seed=3, n_points=20, noise=1.0):
    """1-D pass/fail: hours of study (0-10) against passing, noisier around 5 hours."""
    rs = _rs(seed)
    hours = np.sort(rs.uniform(0.5, 10, n_points))
    p_pass = sigmoid((hours - 5.0) * 1.6 / max(noise, 1e-3))
    y = (rs.uniform(size=n_points) < p_pass).astype(float)
    return Dataset(hours[:, None], y, "hours-studied")


def study_and_sleep(seed=5, n_points=500, noise=1.0):
    """Exam results from hours studied (0-10) and hours slept (4-10) the night before.

    The truth is a logistic model, so a calibrated model can match it exactly:
    log-odds of passing = (0.9·(studied − 5) + 0.6·(slept − 7)) / noise, about
    half pass.  Larger ``noise`` makes the outcome less predictable.
    """
    seed = check_count(seed, "seed", 0, 2 ** 32 - 1)
    n = check_count(n_points, "n_points", 2, 1_000_000)
    noise = check_number(noise, "noise", 1e-3, MAX_NOISE)
    rs = np.random.RandomState(seed)
    studied, slept = rs.uniform(0, 10, n), rs.uniform(4, 10, n)
    p_pass = sigmoid((0.9 * (studied - 5) + 0.6 * (slept - 7)) / noise)
    y = (rs.uniform(size=n) < p_pass).astype(float)
    return Dataset(np.column_stack([studied, slept]), y, "hours-studied",
                   {"seed": seed, "noise": noise})


#: exam_results' features: (name, unit for "one more …", low, high, whole numbers?, true
#: effect on the log-odds of passing per unit, centre the effect is measured from)
EXAM_FEATURES = (
    ("hours studied", "hour studied", 0.0, 10.0, False, 0.8, 5.0),
    ("hours slept", "hour slept", 4.0, 10.0, False, 0.5, 7.0),
    ("practice tests", "practice test", 0.0, 6.0, True, 0.6, 3.0),
    ("cups of coffee", "cup of coffee", 0.0, 5.0, True, 0.0, 2.5),
    ("commute minutes", "minute of commute", 5.0, 90.0, False, -0.03, 45.0),
)


def exam_results(seed=3, n_points=400):
    """Who passes an exam, from five things about each student, with known true effects.

    The truth is a logistic model: the log-odds of passing are
    0.8·(studied − 5) + 0.5·(slept − 7) + 0.6·(tests − 3) + 0·(coffee − 2.5)
    − 0.03·(commute − 45), so about half pass.  Coffee has no effect at all (its
    weight should come out near 0, its interval across 0) and a long commute hurts.
    ``info``: "features" (names), "units" (for "one more …"), "true_w" (per unit of
    each feature) and "true_b" (the intercept in raw units).
    """
    seed = check_count(seed, "seed", 0, 2 ** 32 - 1)
    n = check_count(n_points, "n_points", 10, 100_000)
    rs = np.random.RandomState(seed)
    cols = []
    for _, _, lo, hi, whole, _, _ in EXAM_FEATURES:
        cols.append(rs.randint(int(lo), int(hi) + 1, n).astype(float) if whole
                    else rs.uniform(lo, hi, n))
    # who studies more also takes more practice tests: two features that carry much the
    # same evidence (logistic regression shares it out; naive Bayes counts it twice)
    cols[2] = np.clip(np.round(0.55 * cols[0] + rs.normal(0.0, 0.7, n)), 0, 6)
    X = np.column_stack(cols)
    true_w = np.array([f[5] for f in EXAM_FEATURES])
    true_b = -float(sum(f[5] * f[6] for f in EXAM_FEATURES))
    y = (rs.uniform(size=n) < sigmoid(X @ true_w + true_b)).astype(float)
    return Dataset(X, y, "exam-results",
                   {"seed": seed, "features": [f[0] for f in EXAM_FEATURES],
                    "short": ["studied", "slept", "tests", "coffee", "commute"],
                    "units": [f[1] for f in EXAM_FEATURES], "true_w": true_w,
                    "true_b": true_b})


#: Presets of 2-D points for the Boundary Builder: name -> (generator, default n)
PRESETS_2D = {
    "blobs": blobs_2d,
    "xor": xor,
    "noisy-xor": noisy_xor,
    "circles": circles,
    "moons": moons,
    "spiral": spiral,
    "three-class": three_class,
}


def make_preset(name, n_points=None, noise=None, seed=None):
    """Build a 2-D preset by name with optional size, noise and seed."""
    if name not in PRESETS_2D:
        raise ValueError(f"unknown preset {name!r}; choose from {', '.join(PRESETS_2D)}")
    if name == "xor":
        return xor()
    kwargs = {}
    if seed is not None:
        kwargs["seed"] = check_count(seed, "seed", 0, 2 ** 32 - 1)
    if noise is not None:
        kwargs["noise"] = check_number(noise, "noise", 0.0, MAX_NOISE)
    if n_points is not None:
        n_points = check_count(n_points, "n_points", 3, MAX_PRESET_POINTS)
        if name == "three-class":
            kwargs["n_per_class"] = max(1, n_points // 3)
        else:
            kwargs["n_points"] = n_points
    return PRESETS_2D[name](**kwargs)
