"""Reading and writing labelled 2-D points as CSV (header ``x1,x2,label``).

Reading checks everything and raises one ``DataFileError`` that names the file,
the line and the problem; nothing is returned unless the whole file is good.
Writing uses Python's shortest round-trip float repr, so write-then-read gives
back exactly the same numbers.
"""
from __future__ import annotations

import math
import os

import numpy as np

HEADER = ("x1", "x2", "label")
MAX_ROWS = 100_000
MAX_LABEL = 4


class DataFileError(ValueError):
    """A data file that cannot be used; ``str()`` is one line: file, line, problem."""

    def __init__(self, path, line, problem):
        self.path, self.line, self.problem = str(path), line, problem
        where = f"{os.fspath(path)}" + (f", line {line}" if line else "")
        super().__init__(f"{where}: {problem}")


def _parse_float(text, path, lineno, column):
    try:
        value = float(text)
    except ValueError:
        raise DataFileError(path, lineno, f"{column} is not a number: {text!r}") from None
    if not math.isfinite(value):
        raise DataFileError(path, lineno, f"{column} must be a finite number, got {text!r}")
    return value


def _parse_label(text, path, lineno):
    try:
        value = float(text)
    except ValueError:
        raise DataFileError(path, lineno, f"label is not a number: {text!r}") from None
    if not math.isfinite(value) or value != int(value):
        raise DataFileError(path, lineno, f"label must be a whole number 0..{MAX_LABEL}, got {text!r}")
    if not 0 <= value <= MAX_LABEL:
        raise DataFileError(path, lineno, f"label must be 0..{MAX_LABEL}, got {text!r}")
    return int(value)


def read_points_csv(path, max_rows=MAX_ROWS):
    """Return (X, y): X float (n, 2), y int (n,).  Raises DataFileError."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read((max_rows + 2) * 80 + 1_000_000)
            truncated = fh.read(1) != b""
    except OSError as exc:
        raise DataFileError(path, None, f"cannot be read ({exc.strerror or exc})") from None
    if b"\x00" in raw:
        raise DataFileError(path, raw[: raw.index(b"\x00")].count(b"\n") + 1,
                            "contains binary data (NUL bytes): not a CSV text file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataFileError(path, line, "is not UTF-8 text") from None
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise DataFileError(path, None, "is empty: expected a header 'x1,x2,label' and rows")
    header_no = next(i for i, line in enumerate(lines) if line.strip())
    header = tuple(c.strip().lower() for c in lines[header_no].split(","))
    if header != HEADER:
        raise DataFileError(path, header_no + 1,
                            f"header must be 'x1,x2,label', got {lines[header_no].strip()!r}")
    xs, labels = [], []
    for lineno, line in enumerate(lines[header_no + 1:], start=header_no + 2):
        if not line.strip():
            continue
        if len(xs) >= max_rows:
            raise DataFileError(path, lineno, f"has more than {max_rows:,} rows")
        cells = [c.strip() for c in line.split(",")]
        if len(cells) != 3:
            raise DataFileError(path, lineno, f"expected 3 values (x1,x2,label), found {len(cells)}")
        xs.append((_parse_float(cells[0], path, lineno, "x1"),
                   _parse_float(cells[1], path, lineno, "x2")))
        labels.append(_parse_label(cells[2], path, lineno))
    if truncated:
        raise DataFileError(path, None, f"is too large: more than {max_rows:,} rows")
    if not xs:
        raise DataFileError(path, None, "has a header but no data rows")
    return np.array(xs, dtype=float).reshape(-1, 2), np.array(labels, dtype=int)


def write_points_csv(path, X, y):
    """Write points so that ``read_points_csv`` gives back exactly X and y."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    if X.ndim != 2 or X.shape[1] != 2 or len(y) != len(X):
        raise ValueError(f"need X of shape (n, 2) and n labels, got {X.shape} and {np.shape(y)}")
    rows = [",".join(HEADER)]
    rows += [f"{x1!r},{x2!r},{int(lab)}" for (x1, x2), lab in zip(X.tolist(), y.tolist())]
    tmp = f"{os.fspath(path)}.tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(rows) + "\n")
    os.replace(tmp, path)  # never leave a half-written file behind
