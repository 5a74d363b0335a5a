"""Reading and writing labelled 2-D points as CSV (header ``x1,x2,label``).

Reading checks everything and raises one ``DataFileError`` that names the file,
the line and the problem; nothing is returned unless the whole file is good.
Writing uses Python's shortest round-trip float repr, so write-then-read gives
back exactly the same numbers.
"""
from __future__ import annotations

import numpy as np

from ..fileio import (
    FileRefused,
    excerpt,
    parse_number,
    parse_whole,
    read_bytes,
    show_path,
    write_atomically,
)
from ..sharing import yield_interpreter

HEADER = ("x1", "x2", "label")
MAX_ROWS = 100_000
MAX_LABEL = 4
#: Largest file read: 100,000 rows of long numbers fit many times over.
MAX_BYTES = 64 * 1024 * 1024
#: Longest line: three numbers never need more.
MAX_LINE = 1_000
#: Coordinates beyond this size are refused: nothing drawn or learnt needs them, and
#: squares of larger values overflow.
MAX_ABS = 1e9


class DataFileError(ValueError):
    """A data file that cannot be used; ``str()`` is one line: file, line, problem."""

    def __init__(self, path, line, problem):
        self.path, self.line, self.problem = path, line, problem
        where = show_path(path) + (f", line {line}" if line else "")
        super().__init__(f"{where}: {problem}")


def _parse_float(text, path, lineno, column):
    try:
        value = parse_number(text)
    except ValueError as exc:
        raise DataFileError(path, lineno, f"{column} {exc}: {excerpt(text)}") from None
    if abs(value) > MAX_ABS:
        raise DataFileError(path, lineno, f"{column} = {excerpt(text)} is beyond ±{MAX_ABS:g}")
    return value


def _parse_label(text, path, lineno):
    try:
        return parse_whole(text, 0, MAX_LABEL)
    except ValueError as exc:
        raise DataFileError(path, lineno, f"label {exc}, got {excerpt(text)}") from None


def _text_lines(path):
    """The file's lines (UTF-8, no NUL bytes, at most MAX_BYTES); DataFileError if not."""
    try:
        raw = read_bytes(path, MAX_BYTES)
    except FileRefused as exc:
        raise DataFileError(path, None, str(exc)) from None
    if b"\x00" in raw:
        raise DataFileError(path, raw[: raw.index(b"\x00")].count(b"\n") + 1,
                            "contains binary data (NUL bytes): not a CSV text file")
    lines, at, codec = [], 0, "utf-8-sig"
    while True:  # a piece at a time, each ending at a line's end (see TEXT_PIECE)
        end = raw.find(b"\n", at + TEXT_PIECE)
        try:
            text = raw[at:] if end < 0 else raw[at:end]
            lines += text.decode(codec).split("\n")  # only \n ends a line (not U+2028)
        except UnicodeDecodeError as exc:
            line = raw[: at + exc.start].count(b"\n") + 1
            raise DataFileError(path, line, "is not UTF-8 text") from None
        if end < 0:
            return lines
        at, codec = end + 1, "utf-8"


#: A file's text is decoded and split into lines this many bytes at a time: read in a
#: background thread, one decoding and one split of a 30 MB table each held the
#: interpreter -- and the window -- for 30-50 ms.
TEXT_PIECE = 1 << 20


def _rows(path, max_rows, max_line, empty):
    """(line number, line, cells) of the header first, then of every non-blank row:
    each line at most ``max_line`` characters, at most ``max_rows`` rows.
    ``empty``: what to say of a file with no header."""
    lines = _text_lines(path)
    header_no = next((i for i, line in enumerate(lines) if line.strip()), None)
    if header_no is None:
        raise DataFileError(path, None, empty)
    rows = -1  # (the header is not a row)
    for lineno in range(header_no + 1, len(lines) + 1):
        # each line let go as it is read: all freed at the end, a 40 MB table's lines
        # held the interpreter -- and the window -- for 35-60 ms
        line, lines[lineno - 1] = lines[lineno - 1], None
        if len(line) > max_line:
            raise DataFileError(path, lineno, f"is too long ({len(line):,} characters; "
                                              f"a row needs at most {max_line:,})")
        line = line.rstrip("\r")
        if rows >= 0 and not line.strip():
            continue
        if rows >= max_rows:
            raise DataFileError(path, lineno, f"has more than {max_rows:,} rows")
        rows += 1
        yield lineno, line, [c.strip() for c in line.split(",")]


def read_points_csv(path, max_rows=MAX_ROWS):
    """Return (X, y): X float (n, 2), y int (n,).  Raises DataFileError."""
    xs, labels = [], []
    rows = _rows(path, max_rows, MAX_LINE, "is empty: expected a header 'x1,x2,label' and rows")
    lineno, line, cells = next(rows)
    if tuple(c.lower() for c in cells) != HEADER:
        raise DataFileError(path, lineno, f"header must be 'x1,x2,label', "
                                          f"got {excerpt(line.strip())}")
    for lineno, _, cells in rows:
        if len(cells) != 3:
            raise DataFileError(path, lineno, f"expected 3 values (x1,x2,label), found {len(cells)}")
        xs.append((_parse_float(cells[0], path, lineno, "x1"),
                   _parse_float(cells[1], path, lineno, "x2")))
        labels.append(_parse_label(cells[2], path, lineno))
    if not xs:
        raise DataFileError(path, None, "has a header but no data rows")
    return np.array(xs, dtype=float).reshape(-1, 2), np.array(labels, dtype=int)


#: Most features a table of named features may have (Weights & Decisions).
MAX_FEATURES = 50
#: Longest line of such a table: 51 long numbers fit many times over.
MAX_TABLE_LINE = 10_000


def read_table_csv(path, max_rows=MAX_ROWS):
    """A table of named features and a 0/1 outcome: a header of feature names with one
    column called ``label``, then one row per case.  Returns (X float (n, d), y float
    (n,), names).  Raises DataFileError (file, line, problem) for anything else: at
    most MAX_FEATURES features and ``max_rows`` rows, names unique and non-empty,
    every cell a finite number within ±MAX_ABS, labels 0 or 1."""
    rows = _rows(path, max_rows, MAX_TABLE_LINE, "is empty: expected a header of feature "
                 "names with a 'label' column, then rows")
    lineno, line, header = next(rows)
    lowered = [c.lower() for c in header]
    if lowered.count("label") != 1:
        raise DataFileError(path, lineno, "the header needs exactly one column called "
                                          f"'label', got {excerpt(line.strip())}")
    label_at = lowered.index("label")
    names = header[:label_at] + header[label_at + 1:]
    problem = _names_problem(names)
    if problem:
        raise DataFileError(path, lineno, problem)
    rows_x, labels, blocks = [], [], []
    for lineno, _, cells in rows:
        if len(cells) != len(names) + 1:
            raise DataFileError(path, lineno, f"expected {len(names) + 1} values, found "
                                              f"{len(cells)}")
        label = cells.pop(label_at)
        try:
            labels.append(float(parse_whole(label, 0, 1)))
        except ValueError as exc:
            raise DataFileError(path, lineno, f"label {exc}, got {excerpt(label)}") from None
        rows_x.append([_parse_float(c, path, lineno, name) for c, name in zip(cells, names)])
        if len(rows_x) == BLOCK_ROWS:
            blocks.append(np.array(rows_x, dtype=float))
            rows_x = []
    if rows_x:
        blocks.append(np.array(rows_x, dtype=float))
    if not blocks:
        raise DataFileError(path, None, "has a header but no data rows")
    return _stacked(blocks, len(names)), np.array(labels, dtype=float), names


#: A table is read into arrays this many rows at a time.  Read in a background thread,
#: one conversion of 100,000 rows of lists held the interpreter -- and the window --
#: for a fifth of a second, and the 100,000 lists it kept meanwhile made each garbage
#: collection in the window's thread walk them all.
BLOCK_ROWS = 1_000


def _stacked(blocks, columns):
    """The blocks of rows as one array, copied a block at a time (one copy of them all
    would hold the interpreter as long as a frame)."""
    X = np.empty((sum(len(b) for b in blocks), columns))
    at = 0
    for block in blocks:
        X[at:at + len(block)] = block
        at += len(block)
    return X


def _names_problem(names, most=MAX_FEATURES):
    """What is wrong with a table's feature names (as a CSV header gives them), or None."""
    if not names or len(names) > most:
        return f"needs 1..{most} feature columns beside 'label', found {len(names)}"
    if any(not n for n in names):
        return "a feature column has no name"
    folded = [n.lower() for n in names]
    if len(set(folded)) != len(names):
        twice = next(n for n in names if folded.count(n.lower()) > 1)
        return f"the feature name {excerpt(twice)} appears twice"
    return None


def _could_head_a_column(name):
    """Could ``read_table_csv`` read this feature name from a header?"""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # (a lone surrogate: JSON can say it, UTF-8 cannot)
        return False
    return (name == name.strip() and len(name) <= MAX_TABLE_LINE and name.lower() != "label"
            and not any(c in name for c in ",\n\x00"))


def table_to_dict(X, y, names):
    """A table of named features as a session holds it: a column per feature."""
    # (a column at a time: one call for 5,000,000 numbers kept the interpreter 0.2 s)
    return {"features": list(names),
            "columns": [column.tolist() for column in np.asarray(X, dtype=float).T],
            "label": np.asarray(y).astype(int).tolist()}


def table_from_dict(d, where, most=MAX_FEATURES, csv_names=True):
    """(X, y, names) from ``table_to_dict``'s form, checked as ``read_table_csv``
    checks a file (the same names, sizes and numbers load); ValueError naming
    ``where`` and the problem if not.  ``most``: feature columns at most;
    ``csv_names`` False: names any table's header may give (quoted commas, "label"),
    not only ``read_table_csv``'s."""
    def refuse(problem):
        return ValueError(f"{where}: table {problem}")
    if not isinstance(d, dict):
        raise refuse("should be an object")
    names, columns, labels = d.get("features"), d.get("columns"), d.get("label")
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise refuse("'features' should be a list of names")
    bad = next((n for n in names if not (_could_head_a_column(n) if csv_names
                                         else 0 < len(n) <= MAX_TABLE_LINE)), None)
    if bad is not None:
        raise refuse(f"feature name {excerpt(bad)} could not head a CSV column")
    problem = _names_problem(names, most)
    if problem:
        raise refuse(problem)
    if not isinstance(columns, list) or len(columns) != len(names):
        raise refuse(f"'columns' should be a list of {len(names)} columns, one per feature")
    if not isinstance(labels, list) or not 1 <= len(labels) <= MAX_ROWS:
        raise refuse(f"'label' should be a list of 1..{MAX_ROWS:,} labels")
    # (types compared in C: a table may hold 5 million numbers; a bool is no number)
    if not {int}.issuperset(map(type, labels)) or not {0, 1}.issuperset(labels):
        raise refuse("labels must be 0 or 1")
    for name, column in zip(names, columns):
        if not isinstance(column, list) or len(column) != len(labels):
            raise refuse(f"column {excerpt(name)} should hold {len(labels):,} numbers, "
                         "one per label")
        if not {int, float}.issuperset(map(type, column)):
            raise refuse(f"column {excerpt(name)} holds something that is not a number")
    X = np.empty((len(labels), len(names)))
    for j, column in enumerate(columns):  # (a column at a time: at once, 5 million numbers
        try:  # kept the interpreter from the window for a fifth of a second)
            X[:, j] = np.array(column, dtype=float)
        except OverflowError:  # (a whole number too large for a float)
            X[0, j] = np.inf
        yield_interpreter()
    if not np.isfinite(X).all() or (np.abs(X) > MAX_ABS).any():
        raise refuse(f"holds a value that is not a finite number within ±{MAX_ABS:g}")
    return X, np.array(labels, dtype=float), list(names)


def write_points_csv(path, X, y):
    """Write points so that ``read_points_csv`` gives back exactly X and y.

    Raises ValueError, before touching any file, for anything the reader would refuse.
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    if X.ndim != 2 or X.shape[1] != 2 or y.ndim != 1 or len(y) != len(X):
        raise ValueError(f"need X of shape (n, 2) and n labels, got {X.shape} and {np.shape(y)}")
    if not 1 <= len(y) <= MAX_ROWS:
        raise ValueError(f"need 1..{MAX_ROWS:,} points, got {len(y):,}")
    if not np.isfinite(X).all() or (np.abs(X) > MAX_ABS).any():
        raise ValueError(f"coordinates must be finite and within ±{MAX_ABS:g}")
    if y.dtype.kind not in "iu" and not (y.dtype.kind == "f" and (y == np.round(y)).all()):
        raise ValueError("labels must be whole numbers")
    if y.dtype.kind == "b" or (y < 0).any() or (y > MAX_LABEL).any():
        raise ValueError(f"labels must be whole numbers 0..{MAX_LABEL}")
    rows = [",".join(HEADER)]
    rows += [f"{x1!r},{x2!r},{int(lab)}" for (x1, x2), lab in zip(X.tolist(), y.tolist())]
    write_atomically(path, ("\n".join(rows) + "\n").encode("utf-8"))
