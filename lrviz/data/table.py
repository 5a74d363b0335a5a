"""Any table of data, as people have it (no Qt): a spreadsheet export, a Kaggle file,
a class survey.

``read_table(path)`` reads a CSV file whatever its habits -- comma, semicolon or
tab between cells, decimal commas when the cells are split by semicolons, quoted
cells, a byte-order mark, CRLF line ends -- and returns a ``Table``: the column
names, a preview of the first rows and what each column seems to hold.  Nothing
is converted yet, so a large file reaches its preview quickly.

``table.choose(features, label, max_classes)`` then reads the chosen columns in
full: ``Labelled`` data (X, y, the features' names, the classes' names) with the
rows that have an empty cell in a chosen column left out and counted.  A label
may be text ("yes"/"no", species) or numbers; the classes are its distinct values
in sorted order (numbers by value), so "no" is class 0 and "yes" class 1.

Every refusal is a ``DataFileError``: one line naming the file, the line when
there is one, and the problem.
"""
from __future__ import annotations

import codecs
import csv
import re
from dataclasses import dataclass, field

import numpy as np

from ..fileio import FileRefused, excerpt, parse_number, read_chunks, show_path, write_atomically
from .csvio import (
    MAX_ABS,
    MAX_BYTES,
    MAX_ROWS,
    DataFileError,
    table_from_dict,
    table_to_dict,
)

#: Most columns a table may have, and longest line (30 long numbers fit many times over).
MAX_COLUMNS = 200
MAX_LINE = 20_000
#: Rows shown in a preview, and rows looked at to guess what a column holds.
PREVIEW_ROWS = 12
SAMPLE_ROWS = 200
SEPARATORS = {",": "comma", ";": "semicolon", "\t": "tab"}
#: Cells converted to numbers at a time: a column of 100,000 in one call held the
#: interpreter (and the window) for tens of milliseconds.
CELLS = 8192
#: What a number may be written with (anything else in a column: a slow, exact check).
_NUMBER_CHARS = re.compile(r"[^0-9eE+\-.\n]")


@dataclass(frozen=True)
class Names:
    """What the points' columns and classes are called; empty: x₁, x₂ and the
    classes' colours."""

    features: tuple = ()
    classes: tuple = ()

    def feature(self, j, plain=False):
        if j < len(self.features):
            return self.features[j]
        return f"x{j + 1}" if plain else "x" + "₀₁₂₃₄₅₆₇₈₉"[j + 1]

    def of_class(self, k, default):
        return self.classes[k] if k < len(self.classes) else default


NO_NAMES = Names()


@dataclass(frozen=True)
class TableSpec:
    """What a tab takes from a table: ``least``..``most`` feature columns and at most
    ``max_classes`` classes."""

    least: int
    most: int
    max_classes: int = 2

    def count_words(self):
        if self.least == self.most:
            return {1: "one feature column", 2: "two feature columns"}.get(
                self.least, f"{self.least} feature columns")
        return f"{self.least} to {self.most} feature columns"

    def ask(self):
        return f"This tab takes {self.count_words()} and a label with at most " \
               f"{self.max_classes} classes."

    def features_words(self):
        return "features" if self.most > 1 else "feature"

    def problem(self, features, label):
        """Why this choice cannot be taken ("" when it can), before any cell is read."""
        if not self.least <= len(features) <= self.most:
            return f"Tick {self.count_words()}; {len(features)} ticked."
        if label in features:
            return f"{label} is ticked as a feature: it cannot be the label too."
        return ""


@dataclass
class Labelled:
    """Chosen columns of a table: X (n, d) floats, y (n,) class numbers 0..K-1."""

    X: np.ndarray
    y: np.ndarray
    names: Names
    dropped: int = 0
    source: str = ""
    #: (value of the first feature, words) a picture marks: a data set's story
    marks: tuple = ()
    #: the label column's name
    label: str = ""

    @property
    def features(self):
        return list(self.names.features)

    @property
    def classes(self):
        return list(self.names.classes)

    def event(self, k=1):
        """Class ``k`` as a probability names it: "distress = yes" (the class alone
        without a label column's name)."""
        name = self.names.of_class(k, str(k))
        return f"{self.label} = {name}" if self.label else name

    def summary(self):
        """One line: rows, features, classes and the rows left out."""
        counts = np.bincount(self.y, minlength=len(self.names.classes))
        classes = ", ".join(f"{name} {n:,}" for name, n in zip(self.names.classes, counts))
        text = f"{len(self.y):,} rows; {classes}"
        if self.dropped:
            text += f"; {self.dropped:,} with an empty cell left out"
        return text


@dataclass
class Table:
    """A CSV file read but not converted: ``columns`` (names), ``preview`` (the first
    rows' cells), ``kinds`` ("number" / "text" / "empty" per column, guessed from the
    first rows), ``n_rows``."""

    path: object
    columns: list
    separator: str
    decimal_comma: bool
    n_rows: int
    preview: list
    kinds: list
    # each row's text and its line number in the file, as two lists: a (number, text)
    # pair per row made 100,000 objects the cycle collector walked, in the window's
    # thread, the first time it ran after the file was read
    _texts: list = field(repr=False, default_factory=list)
    _line_numbers: list = field(repr=False, default_factory=list)
    _quoted: bool = False

    @property
    def where(self):
        return show_path(self.path)

    def describe(self):
        """How the file was read, in a few words."""
        decimal = ", decimal commas" if self.decimal_comma else ""
        return (f"{self.n_rows:,} rows, {len(self.columns)} columns, "
                f"{SEPARATORS[self.separator]}-separated{decimal}")

    def numeric(self):
        """The columns that look like numbers, in order."""
        return [c for c, k in zip(self.columns, self.kinds) if k == "number"]

    def obvious(self, n_features):
        """(features, label) when there is only one way to read the table for a tab that
        takes ``n_features`` features: exactly that many numeric columns and one more
        column for the label; else None."""
        if len(self.columns) != n_features + 1:
            return None
        numeric = [j for j, k in enumerate(self.kinds) if k == "number"]
        if len(numeric) == n_features + 1:  # all numbers: the last one is the label
            return self.columns[:n_features], self.columns[-1]
        if len(numeric) == n_features:
            label = next(c for j, c in enumerate(self.columns) if j not in numeric)
            return [self.columns[j] for j in numeric], label
        return None

    def index(self, name):
        try:
            return self.columns.index(name)
        except ValueError:
            raise DataFileError(self.path, None, f"has no column {excerpt(name)}; its columns "
                                f"are {excerpt(', '.join(self.columns), 80)}") from None

    # --------------------------------------------------------------- choosing
    def _cells(self, wanted):
        """For each wanted column index, its cells of every row (stripped text), and the
        line number of each row."""
        sep, width = self.separator, len(self.columns)
        out = [[] for _ in wanted]
        lines = []
        rows = csv.reader(self._texts, delimiter=sep) if self._quoted else None
        for lineno, text in zip(self._line_numbers, self._texts):
            cells = next(rows) if rows is not None else text.split(sep)
            if len(cells) > width and any(c.strip() for c in cells[width:]):
                raise DataFileError(self.path, lineno, f"has {len(cells)} cells; the header "
                                                       f"names {width} columns")
            for o, j in zip(out, wanted):
                o.append(cells[j].strip() if j < len(cells) else "")
            lines.append(lineno)
        return out, lines

    def choose(self, features, label, max_classes=5, only=()):
        """``Labelled`` data of the named feature columns and label column; DataFileError
        for a text column chosen as a feature, a label with one class or more than
        ``max_classes``, or no row left after the empty cells.  ``only``: the classes
        kept (the other rows are left out and not counted as dropped)."""
        features = list(features)
        if not features:
            raise DataFileError(self.path, None, "choose at least one feature column")
        if label in features:
            raise DataFileError(self.path, None, f"the column {excerpt(label)} cannot be both "
                                                 "a feature and the label")
        if len(set(features)) != len(features):
            raise DataFileError(self.path, None, "a feature column is chosen twice")
        wanted = [self.index(c) for c in features] + [self.index(label)]
        cells, lines = self._cells(wanted)
        keep = np.ones(len(lines), bool)
        for col in cells:
            keep &= np.fromiter((c != "" for c in col), bool, len(col))
        asked = np.fromiter((c in only for c in cells[-1]), bool, len(lines)) if only \
            else np.ones(len(lines), bool)  # (rows of other classes were never asked for)
        dropped = int((~keep & asked).sum())
        keep &= asked
        if not keep.any():
            raise DataFileError(self.path, None, "has no row left: every row has an empty "
                                                 "cell in a chosen column")
        idx = np.flatnonzero(keep)
        some = len(idx) < len(lines)
        lines = [lines[i] for i in idx] if some else lines
        X = np.empty((len(idx), len(features)))
        for j, (name, col) in enumerate(zip(features, cells)):
            col = [col[i] for i in idx] if some else col
            X[:, j] = self._numbers(col, name, lines)
        y, classes = _classes([cells[-1][i] for i in idx] if some else cells[-1])
        if len(classes) < 2:
            raise DataFileError(self.path, None, f"the label {excerpt(label)} has one class "
                                                 f"only ({excerpt(classes[0])}): nothing to "
                                                 "tell apart")
        if len(classes) > max_classes:
            raise DataFileError(self.path, None, f"the label {excerpt(label)} has "
                                                 f"{len(classes)} classes; this tab shows at "
                                                 f"most {max_classes}")
        return Labelled(X, y, Names(tuple(features), tuple(classes)), dropped, self.where,
                        label=label)

    def _numbers(self, col, name, lines):
        """A column of numbers, checked: the column's text is scanned for characters no
        number has at C speed, and only a column that has some is read cell by cell to
        say which cell is wrong."""
        if self.decimal_comma:
            col = [c.replace(",", ".") for c in col]
        values = np.empty(len(col))
        for at in range(0, len(col), CELLS):  # (a piece at a time: see CELLS)
            piece = col[at:at + CELLS]
            if _NUMBER_CHARS.search("\n".join(piece)) is not None:
                break
            try:
                values[at:at + CELLS] = np.array(piece, dtype=float)
            except ValueError:
                break  # ("1-2", "e5", "1.2.3": the cell by cell check says which)
        else:
            if np.isfinite(values).all() and not (np.abs(values) > MAX_ABS).any():
                return values
        for text, lineno in zip(col, lines):
            try:
                value = parse_number(text)
            except ValueError as exc:
                raise DataFileError(self.path, lineno, f"the column {excerpt(name)} holds "
                                                       f"text ({excerpt(text)}, which {exc}): "
                                                       "a feature must be a number") from None
            if abs(value) > MAX_ABS:
                raise DataFileError(self.path, lineno, f"{name} = {excerpt(text)} is beyond "
                                                       f"±{MAX_ABS:g}")
        raise DataFileError(self.path, None, f"the column {excerpt(name)} cannot be read as "
                                             "numbers")  # (not reached: a cell was refused)


def _classes(labels):
    """(y, class names) of label cells: numbers sorted by value, else text sorted."""
    names = sorted(set(labels))
    try:
        names.sort(key=parse_number)
    except ValueError:
        pass
    number = {n: k for k, n in enumerate(names)}
    return np.fromiter((number[c] for c in labels), int, len(labels)), names


#: Bytes decoded and split at a time: a 30 MB file in one piece held the interpreter
#: for tens of milliseconds per step, and the window with it.
CHUNK = 1 << 18


def _lines(path):
    """(the file's lines as text, whether it has a quote character), read, checked and
    decoded a piece at a time; DataFileError for binary or non-UTF-8 content."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    lines, tail, newlines, quoted = [], "", 0, False
    try:
        for chunk in read_chunks(path, MAX_BYTES, CHUNK):
            if b"\x00" in chunk:
                raise DataFileError(path, newlines + chunk[: chunk.index(b"\x00")].count(b"\n")
                                    + 1, "contains binary data (NUL bytes): not a CSV text file")
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                raise DataFileError(path, newlines + chunk[: max(exc.start, 0)].count(b"\n") + 1,
                                    "is not UTF-8 text") from None
            quoted = quoted or b'"' in chunk
            newlines += chunk.count(b"\n")
            parts = (tail + text).split("\n")
            tail = parts.pop()
            lines.extend(parts)
            if len(tail) > MAX_LINE:  # (before a line with no end is copied again and again)
                raise DataFileError(path, newlines + 1, f"is too long (more than {MAX_LINE:,} "
                                                        "characters in a row)")
        tail += decoder.decode(b"", final=True)
    except FileRefused as exc:
        raise DataFileError(path, None, str(exc)) from None
    except UnicodeDecodeError:
        raise DataFileError(path, newlines + 1, "is not UTF-8 text") from None
    lines.append(tail)
    return lines, quoted


def _sniff(lines):
    """The separator that splits the first lines into the same number of cells (two or
    more), the most cells winning; comma when none does."""
    best, most = ",", 1
    for sep in ("\t", ";", ","):
        counts = {len(row) for row in csv.reader(lines, delimiter=sep)}
        if len(counts) == 1 and (n := counts.pop()) > most:
            best, most = sep, n
    return best


def _is_number(text, decimal_comma):
    try:
        parse_number(text.replace(",", ".") if decimal_comma else text)
        return True
    except ValueError:
        return False


def read_table(path, max_rows=MAX_ROWS):
    """A ``Table`` of any CSV file; DataFileError for a file that is not one (too
    large, binary, not UTF-8, no header, too many rows, lines or columns)."""
    lines, quoted = _lines(path)
    numbers, texts = [], []
    for lineno, text in enumerate(lines, start=1):
        if len(text) > MAX_LINE:
            raise DataFileError(path, lineno, f"is too long ({len(text):,} characters; a row "
                                              f"may have at most {MAX_LINE:,})")
        text = text.rstrip("\r")
        if text.strip():
            numbers.append(lineno)
            texts.append(text)
    if not texts:
        raise DataFileError(path, None, "is empty: expected a header naming the columns, "
                                        "then rows")
    sep = _sniff(texts[:20])
    header_no, header = numbers[0], texts[0]
    columns = [c.strip() for c in next(csv.reader([header], delimiter=sep))]
    numbers, texts = numbers[1:], texts[1:]
    if len(texts) > max_rows:
        raise DataFileError(path, numbers[max_rows], f"has more than {max_rows:,} rows")
    if len(columns) > MAX_COLUMNS:
        raise DataFileError(path, header_no, f"has {len(columns)} columns; at most "
                                             f"{MAX_COLUMNS} can be read")
    if len(columns) < 2:
        raise DataFileError(path, header_no, "has one column only: a table needs features "
                                             "and a label (cells split by commas, semicolons "
                                             "or tabs)")
    if all(_is_number(c, False) for c in columns):
        raise DataFileError(path, header_no, "the first line should name the columns, got "
                                             f"{excerpt(header.strip())}")
    if any(not c for c in columns):
        raise DataFileError(path, header_no, f"column {[bool(c) for c in columns].index(False) + 1}"
                                             " has no name")
    folded = [c.lower() for c in columns]
    if len(set(folded)) != len(columns):
        twice = next(c for c in columns if folded.count(c.lower()) > 1)
        raise DataFileError(path, header_no, f"the column name {excerpt(twice)} appears twice")
    if not texts:
        raise DataFileError(path, None, "has a header but no data rows")
    sample = [[c.strip() for c in row] for row in
              csv.reader(texts[:SAMPLE_ROWS], delimiter=sep)]
    # decimal commas: only where a comma cannot be the separator
    decimal_comma = sep != "," and any("," in c and _is_number(c, True)
                                       for row in sample for c in row)
    kinds = []
    for j in range(len(columns)):
        cells = [row[j] for row in sample if j < len(row) and row[j]]
        kinds.append("empty" if not cells else
                     "number" if all(_is_number(c, decimal_comma) for c in cells) else "text")
    return Table(path, columns, sep, decimal_comma, len(texts), sample[:PREVIEW_ROWS], kinds,
                 texts, numbers, quoted)


def labelled_to_dict(data):
    """Chosen columns (``Labelled``, two classes) as a session keeps them: the form
    Weights & Decisions' table has had since session version 3 (the features' names, a
    column per feature, labels 0/1), and what names it: the classes, the label column,
    where it came from and the values it marks."""
    d = table_to_dict(data.X, data.y, data.features)
    d.update(classes=list(data.classes), label_column=data.label, source=data.source,
             marks=[[float(v), str(w)] for v, w in data.marks])
    return d


def labelled_from_dict(d, where, most=MAX_COLUMNS):
    """``Labelled`` data from ``labelled_to_dict``'s form, every value checked
    (ValueError naming ``where`` and the problem); at most ``most`` features.  A table
    saved before its names were kept has none: its ``classes`` are empty, and its
    features are named as ``read_table_csv`` (Load CSV…) reads them."""
    X, y, features = table_from_dict(d, where, most,
                                     csv_names=not isinstance(d, dict) or "classes" not in d)

    def text(key, limit=MAX_LINE):
        v = d.get(key, "")
        if not isinstance(v, str) or len(v) > limit:
            raise ValueError(f"{where}: table '{key}' should be text of at most {limit:,} "
                             "characters")
        return v
    classes = d.get("classes", [])
    if classes != [] and not (isinstance(classes, list) and len(classes) == 2
                              and all(isinstance(c, str) and 0 < len(c) <= MAX_LINE
                                      for c in classes) and classes[0] != classes[1]):
        raise ValueError(f"{where}: table 'classes' should be the two classes' names")
    marks = d.get("marks", [])
    if not (isinstance(marks, list) and len(marks) <= 20 and all(
            isinstance(m, list) and len(m) == 2 and type(m[0]) in (int, float)
            and abs(m[0]) <= MAX_ABS and isinstance(m[1], str) and len(m[1]) <= 200
            for m in marks)):
        raise ValueError(f"{where}: table 'marks' should be at most 20 pairs [value, words]")
    return Labelled(X, y.astype(int), Names(tuple(features), tuple(classes)),
                    source=text("source"), marks=tuple((float(v), w) for v, w in marks),
                    label=text("label_column"))


def is_points_header(table):
    """Is this the app's own points file (header x1, x2, label)?"""
    return [c.lower() for c in table.columns] == ["x1", "x2", "label"] and table.separator == ","


def write_named_csv(path, X, y, names):
    """Points with their table's names: a header of the two features' names and
    "class", each class by its name (quoted where a name needs it), so that opening
    the file gives the same columns and classes back."""
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([names.feature(0, plain=True), names.feature(1, plain=True), "class"])
    for (a, b), k in zip(np.asarray(X, float).tolist(), np.asarray(y).tolist()):
        writer.writerow([repr(a), repr(b), names.of_class(int(k), f"class {int(k)}")])
    write_atomically(path, out.getvalue().encode("utf-8"))
