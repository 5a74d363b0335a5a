"""Reading and writing files safely, for every file the app touches (no Qt).

* ``read_bytes`` reads only regular files, never blocks: a named pipe, a device
  or a directory is refused before anything is read, and so is a file larger
  than the caller's limit; ``read_chunks`` reads them the same way, a piece at
  a time.
* ``write_atomically`` writes a unique temporary file beside the target and
  replaces the target in one step: a reader sees the old file or the new one,
  a failure leaves nothing behind, two writers never share a temporary name.
* ``parse_number`` accepts plain ASCII numbers only (sign, digits, a decimal
  point, an exponent such as ``1.5e-3``), as spreadsheets and ``numpy.savetxt``
  write them -- never ``1_000``, other scripts' digits, ``nan`` or ``inf``.
* ``excerpt`` quotes at most a few dozen characters of what a file held, so no
  message grows beyond one short line.
* ``show_path`` prints any path, even one that is not valid UTF-8.
"""
from __future__ import annotations

import json
import math
import os
import re
import stat
import tempfile


class FileRefused(ValueError):
    """A file that cannot be read at all; ``str()`` is the problem, without the path."""


def excerpt(text, limit=40):
    """``repr`` of ``text`` cut to about ``limit`` characters."""
    text = str(text)
    if len(text) > limit:
        return repr(text[:limit]) + f"… ({len(text):,} characters)"
    return repr(text)


def show_path(path):
    """A path as text that can always be printed: undecodable bytes shown as \\xNN."""
    raw = os.fsencode(path)
    return raw.decode("utf-8", errors="backslashreplace")


def read_bytes(path, max_bytes):
    """The whole content of a regular file of at most ``max_bytes``; FileRefused if not."""
    return b"".join(read_chunks(path, max_bytes))


def read_chunks(path, max_bytes, size=1 << 20):
    """The content of a regular file of at most ``max_bytes``, ``size`` bytes at a time
    (a reader that works on each piece as it comes never holds the interpreter for long
    over one huge piece); FileRefused if it is not one, before anything is read."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise FileRefused(f"cannot be read ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise FileRefused("is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused("is not a regular file (a pipe or a device?)")
        if info.st_size > max_bytes:
            raise FileRefused(f"is too large ({info.st_size:,} bytes; the limit is {max_bytes:,})")
        total = 0
        while True:
            chunk = os.read(fd, size)
            if not chunk:
                break
            total += len(chunk)
            if total > max_bytes:  # it grew while we read it
                raise FileRefused(f"is too large (more than {max_bytes:,} bytes)")
            yield chunk
    except OSError as exc:
        raise FileRefused(f"cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def json_document(raw, where, what, error):
    """Parse the bytes of a JSON file (a session, a lesson): the document, or
    ``error(one line)`` naming ``where`` and what is wrong.  NaN and Infinity, which
    Python's reader would accept, are refused: JSON has no such numbers."""
    def no_constants(name):
        raise ValueError(f"{name} is not allowed in a {what}")
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=no_constants)
    except UnicodeDecodeError:
        raise error(f"{where}: not a text file (not UTF-8)") from None
    except RecursionError:
        raise error(f"{where}: nested too deeply to be a {what}") from None
    except ValueError as exc:
        raise error(f"{where}: not valid JSON ({excerpt(exc, 80)[1:-1]})") from None


def write_atomically(path, data: bytes):
    """Write ``data`` to ``path`` through a unique temporary file in the same folder."""
    write_atomically_with(path, lambda fh: fh.write(data))


def write_atomically_with(path, write):
    """``write(fh)`` into a unique temporary file in ``path``'s folder, then rename it to
    ``path``.  Whatever goes wrong (a full disk, an exception of ``write``, a cancel
    raised by it), nothing is left under ``path`` or beside it."""
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    base = os.path.basename(path)
    prefix = "." + (base if isinstance(base, str) else os.fsdecode(base))[:40] + "."
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\Z")
_WHOLE = re.compile(r"[0-9]+\Z")


def parse_number(text):
    """A finite float from plain ASCII text, else ValueError saying why."""
    if not _NUMBER.match(text):
        if text.strip("+-").lower() in ("nan", "inf", "infinity"):
            raise ValueError("must be a finite number")
        raise ValueError("is not a number")
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("is too large to represent")
    if value == 0.0 and re.search(r"[1-9]", text.split("e")[0].split("E")[0]):
        raise ValueError("is too small to represent (it would read as 0)")
    return value


def parse_whole(text, lo, hi):
    """A whole number written with ASCII digits only, within lo..hi, else ValueError."""
    if not _WHOLE.match(text.lstrip("-")):
        raise ValueError(f"must be a whole number {lo}..{hi} written with digits")
    if len(text) > 6 or not lo <= int(text) <= hi:
        raise ValueError(f"must be {lo}..{hi}")
    return int(text)
