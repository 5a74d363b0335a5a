"""Grids and contour lines in plain numpy (no Qt), fast enough to run every frame."""
from __future__ import annotations

import numpy as np


def grid_points(rect, n):
    """Centres of an n x n grid of cells covering rect = (x0, y0, width, height).

    Returns (points (n*n, 2) in row-major order, with rows going up in y)."""
    x0, y0, w, h = rect
    xs = x0 + (np.arange(n) + 0.5) * (w / n)
    ys = y0 + (np.arange(n) + 0.5) * (h / n)
    gx, gy = np.meshgrid(xs, ys)
    return np.column_stack([gx.ravel(), gy.ravel()])


def contour_segments(F, level, rect):
    """Marching squares: the line segments where the grid F crosses ``level``.

    F is sampled at the cell centres of ``grid_points(rect, n)`` (rows = y).
    Returns an (2 * n_segments, 2) array of segment end points in data
    coordinates, ready for a curve drawn with ``connect="pairs"``.
    """
    F = np.asarray(F, dtype=float)
    ny, nx = F.shape
    if ny < 2 or nx < 2:
        return np.empty((0, 2))
    above = F >= level
    # only the cells whose corners disagree hold a piece of the curve
    mixed = above[:-1, :-1] ^ above[:-1, 1:] | above[:-1, :-1] ^ above[1:, :-1] \
        | above[1:, 1:] ^ above[:-1, 1:]
    i, j = np.nonzero(mixed)
    if not len(i):
        return np.empty((0, 2))
    a, b, c, d = F[i, j], F[i, j + 1], F[i + 1, j + 1], F[i + 1, j]
    fi, fj = i.astype(float), j.astype(float)
    edges = (  # (start value, end value, point at fraction t along the edge)
        (a, b, lambda t: (fj + t, fi)),          # top: a -> b
        (b, c, lambda t: (fj + 1, fi + t)),      # right: b -> c
        (d, c, lambda t: (fj + t, fi + 1)),      # bottom: d -> c
        (a, d, lambda t: (fj, fi + t)),          # left: a -> d
    )
    pts = np.empty((4, len(i), 2))
    masks = np.empty((4, len(i)), bool)
    for e, (p, q, at) in enumerate(edges):
        crosses = (p >= level) != (q >= level)
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.where(crosses, (level - p) / np.where(crosses, q - p, 1.0), 0.0)
        x, y = at(t)
        pts[e, :, 0], pts[e, :, 1] = x, y
        masks[e] = crosses
    count = masks.sum(axis=0)
    segs = []
    two = count == 2
    if two.any():
        m = masks[:, two]
        first = m.argmax(axis=0)
        last = 3 - m[::-1].argmax(axis=0)
        p = pts[:, two]
        cols = np.arange(p.shape[1])
        segs.append(np.stack([p[first, cols], p[last, cols]], axis=1))
    four = count == 4  # a saddle: pair the edges up one way, it is one pixel wide
    if four.any():
        p = pts[:, four]
        segs.append(np.stack([p[0], p[1]], axis=1))
        segs.append(np.stack([p[2], p[3]], axis=1))
    if not segs:
        return np.empty((0, 2))
    seg = np.concatenate(segs).reshape(-1, 2)
    x0, y0, w, h = rect
    out = np.empty_like(seg)
    out[:, 0] = x0 + (seg[:, 0] + 0.5) * (w / nx)
    out[:, 1] = y0 + (seg[:, 1] + 0.5) * (h / ny)
    return out


def chain_segments(seg):
    """Join contour segments (pairs of rows) into polylines separated by NaN rows.

    Neighbouring cells compute a shared crossing with the same arithmetic, so
    their end points are equal to the bit and can be matched exactly.  One long
    path strokes much faster than hundreds of separate pieces.  The matching is
    done by numpy; Python only follows the links (a boundary is redrawn every frame).
    """
    seg = np.asarray(seg, dtype=float)
    n = len(seg) // 2
    if n == 0:
        return np.empty((0, 2))
    seg = np.ascontiguousarray(seg[:2 * n])
    key = seg.view(np.complex128).ravel()  # (x, y) as one number: sorts as a pair
    order = np.argsort(key, kind="stable")
    same = key[order[1:]] == key[order[:-1]]
    if (same[1:] & same[:-1]).any():  # a level exactly at a grid value: lines meet there
        return _chain_any(seg)
    partner = np.full(2 * n, -1)
    a, b = order[:-1][same], order[1:][same]
    partner[a], partner[b] = b, a
    partner = partner.tolist()
    used = bytearray(n)
    path = []
    # open lines from one of their free ends first; whatever is left is a closed loop
    for e in [e for e in range(2 * n) if partner[e] < 0] + list(range(0, 2 * n, 2)):
        if used[e >> 1]:
            continue
        path.append(e)
        while True:  # enter a segment at end e, leave it at the other end
            used[e >> 1] = 1
            path.append(e ^ 1)
            e = partner[e ^ 1]
            if e < 0 or used[e >> 1]:
                break
        path.append(-1)
    index = np.array(path)
    out = seg[index]
    out[index < 0] = np.nan
    return out


def _chain_any(seg):
    """``chain_segments`` for segments whose end points may be shared by more than two."""
    n = len(seg) // 2
    keys = [tuple(p) for p in seg.tolist()]
    ends = {}
    for s in range(n):
        for end in (0, 1):
            ends.setdefault(keys[2 * s + end], []).append((s, end))
    used = bytearray(n)
    lines = []
    for start in range(n):
        if used[start]:
            continue
        used[start] = 1
        line = [keys[2 * start], keys[2 * start + 1]]
        for grow_front in (False, True):
            while True:
                tip = line[0] if grow_front else line[-1]
                nxt = None
                for s, end in ends.get(tip, ()):
                    if not used[s]:
                        nxt = (s, end)
                        break
                if nxt is None:
                    break
                s, end = nxt
                used[s] = 1
                other = keys[2 * s + 1 - end]
                if grow_front:
                    line.insert(0, other)
                else:
                    line.append(other)
        lines.append(line)
        lines.append([(np.nan, np.nan)])
    return np.array([p for line in lines for p in line], dtype=float)


def line_in_rect(w1, w2, b, rect):
    """The piece of the line w1*x + w2*y + b = 0 inside rect, as a (2, 2) array
    of end points (empty when the line misses the rectangle or w = 0)."""
    x0, y0, w, h = rect
    x1, y1 = x0 + w, y0 + h
    pts = []
    if abs(w2) > 1e-300:
        for x in (x0, x1):
            y = -(w1 * x + b) / w2
            if y0 <= y <= y1:
                pts.append((x, y))
    if abs(w1) > 1e-300:
        for y in (y0, y1):
            x = -(w2 * y + b) / w1
            if x0 <= x <= x1:
                pts.append((x, y))
    if len(pts) < 2 or not np.isfinite(pts).all():
        return np.empty((0, 2))
    pts = np.array(pts, dtype=float)
    direction = np.array([w2, -w1])
    t = pts @ direction
    return pts[[int(np.argmin(t)), int(np.argmax(t))]]


def sticky_rect(current, content, margin=0.25, min_fill=0.4):
    """A view rectangle (x0, y0, width, height) that holds still while ``content``
    (a rectangle of the same form) moves about inside it.

    Keeps ``current`` while the content lies inside it and spans at least
    ``min_fill`` of its width and height; otherwise returns the content grown by
    ``margin`` of its size on every side.  Points drifting a little then move over
    still axes, which are cheaper to draw and easier to follow than axes that
    rescale at every frame.
    """
    cx, cy, cw, ch = content
    if current is not None:
        x0, y0, w, h = current
        inside = x0 <= cx and cx + cw <= x0 + w and y0 <= cy and cy + ch <= y0 + h
        if inside and cw >= min_fill * w and ch >= min_fill * h:
            return current
    return (cx - margin * cw, cy - margin * ch, cw * (1 + 2 * margin), ch * (1 + 2 * margin))


#: Largest coordinate handed to Qt: far beyond any view, yet small enough that the
#: raster engine never overflows (enormous or non-finite coordinates can crash it).
DRAW_LIMIT = 1e6


def drawable(a, fill=np.nan):
    """Values made safe to draw: non-finite ones become ``fill``, the rest are clipped
    to +-DRAW_LIMIT.  A diverging model must never put garbage on the screen."""
    a = np.array(a, dtype=float)
    bad = ~np.isfinite(a)
    if bad.any():
        a[bad] = fill
    np.minimum(a, DRAW_LIMIT, out=a)  # (in place: np.clip costs several times more)
    np.maximum(a, -DRAW_LIMIT, out=a)
    return a if a.ndim else a[()]


def moved(view, old, new, fraction=0.5):
    """Would points drawn at ``old`` land at least ``fraction`` of a pixel away at ``new``
    in the view box ``view``?  (Shapes differ, or no old: yes.)"""
    if old is None or new.shape != old.shape:
        return True
    if not len(new):
        return False
    px, py = view.viewPixelSize()
    with np.errstate(invalid="ignore"):
        d = np.abs(new - old)
    gone = np.isnan(new) != np.isnan(old)
    d = np.nan_to_num(d, nan=0.0)
    return bool(gone.any() or (d[..., 0] >= fraction * px).any()
                or (d[..., 1] >= fraction * py).any())


def set_xy(item, x, y, **options):
    """``item.setData(x, y)`` -- unless every point would stay within half a pixel of
    where it is drawn: a settling model then costs no redraw and no repaint.
    Returns whether the item was updated."""
    new = np.column_stack([np.asarray(x, dtype=float), np.asarray(y, dtype=float)])
    view = item.getViewBox()
    if view is not None and not moved(view, getattr(item, "_lrviz_xy", None), new):
        return False
    item.setData(new[:, 0], new[:, 1], **options)
    item._lrviz_xy = new
    return True


#: Axis limits are rounded up to the next of these (times a power of ten).
NICE_STEPS = (1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def nice_ceiling(v):
    """The smallest "round" number at or above ``v`` (> 0): 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 ×10^k."""
    if not v > 0 or not np.isfinite(v):
        return 1.0
    scale = 10.0 ** np.floor(np.log10(v))
    for step in NICE_STEPS:
        if step * scale >= v * (1 - 1e-12):
            return float(step * scale)
    return float(10 * scale)


def steady_view(view, low, high, pad=0.08, anchored=False):
    """The range an axis should show for values from ``low`` to ``high`` when it shows
    ``view`` (a, b) now: ``None`` (keep it) while they lie inside and fill at least
    half of it, else a new range with headroom, so that values that keep moving (a
    model training) move the axis a few times rather than at every frame.
    ``anchored``: the range starts at ``low`` itself (counts start at 0) and ends at a
    round number.  Each new range re-renders the axis and its grid, a picture as large
    as the plot: on a tall plot that was 10-20 ms of the window's time per frame."""
    a, b = view
    if not (np.isfinite(low) and np.isfinite(high)):
        return None
    span = max(high - low, 1e-3 * max(abs(low), abs(high)), 1e-3)  # (a single value)
    fits = a <= low and high <= b and span >= 0.5 * (b - a)
    if anchored:
        fits = fits and a == low
    if fits:
        return None
    if anchored:
        return float(low), float(low + nice_ceiling(span * (1 + pad)))
    room = span * (pad + 0.15)
    return float(low - room), float(high + room)
