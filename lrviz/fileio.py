"""Reading and writing files safely, for every file the app touches (no Qt).

* ``read_bytes`` reads only regular files, never blocks: a named pipe, a device
  or a directory is refused before anything is read, and so is a file larger
  than the caller's limit; ``read_chunks`` reads them the same way, a piece at
  a time.
* ``write_atomically`` writes a unique temporary file beside the target and
  replaces the target in one step: a reader sees the old file or the new one,
  a failure leaves nothing behind, two writers never share a temporary name.
  It writes through a symbolic link to its target, keeps a file's permissions,
  gives a new file the umask's usual mode, and never replaces a device, a pipe
  or a folder.
* ``parse_number`` accepts plain ASCII numbers only (sign, digits, a decimal
  point, an exponent such as ``1.5e-3``), as spreadsheets and ``numpy.savetxt``
  write them -- never ``1_000``, other scripts' digits, ``nan`` or ``inf``.
* ``json_bytes`` writes JSON compactly enough for large tables, and never larger
  than its reader opens.
* ``excerpt`` quotes at most a few dozen characters of what a file held, so no
  message grows beyond one short line.
* ``show_path`` prints any path, even one that is not valid UTF-8.
"""
from __future__ import annotations

import errno
import json
import math
import os
import re
import secrets
import stat

from .sharing import yield_interpreter


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
        if len(raw) > LONG_LIST_BYTES:
            try:
                return _loads_in_pieces(raw)
            except (ValueError, RecursionError):
                pass  # (read whole below, for the same answer or the same complaint)
        return json.loads(raw.decode("utf-8"), parse_constant=no_constants)
    except UnicodeDecodeError:
        raise error(f"{where}: not a text file (not UTF-8)") from None
    except RecursionError:
        raise error(f"{where}: nested too deeply to be a {what}") from None
    except ValueError as exc:
        raise error(f"{where}: not valid JSON ({excerpt(exc, 80)[1:-1]})") from None


#: a list of numbers whose text is longer than this is read apart, a piece at a time
LONG_LIST_BYTES = 1 << 16
_LONG_LIST = re.compile(rb"\[([-+0-9.eE,\s]{%d,})\]" % LONG_LIST_BYTES)


def _loads_in_pieces(raw):
    """``json.loads`` of ``raw`` (bytes), with each long list of numbers read apart, a
    piece of about 64 KB at a time, handing the interpreter to any thread that waits
    for it after each: Python's reader keeps the interpreter for a whole call, and
    reading a session with a 100,000-row table in a job still held the window for a
    second.  The rest of the document is read at once, each long list standing in it
    as a string no file can guess.  ValueError when this reading cannot be sure of
    the answer (the caller then reads the whole document at once, which says why it
    is not JSON, if it is not)."""
    mark = "\0" + secrets.token_hex(8) + ":"
    skeleton, spans, at = [], [], 0
    for match in _LONG_LIST.finditer(raw):
        skeleton += [raw[at:match.start()], b'"\\u0000%s%d"' % (mark[1:].encode(), len(spans))]
        spans.append(match.span(1))
        at = match.end()
        yield_interpreter()
    if not spans:
        raise ValueError("no long lists")
    skeleton.append(raw[at:])
    lists = [_numbers_in_pieces(raw, *span) for span in spans]

    def refuse(name):
        raise ValueError(name)
    doc = json.loads(b"".join(skeleton).decode("utf-8"), parse_constant=refuse)
    return _filled(doc, mark, lists)


def _filled(value, mark, lists):
    """``value`` with each string starting with ``mark`` replaced by the list it names.
    (Not a nested function: one that calls itself is a cycle, and the lists it held
    were freed only by the next collection, all at once.)"""
    if isinstance(value, str) and value.startswith(mark):
        return lists[int(value[len(mark):])]
    if isinstance(value, list):
        return [_filled(v, mark, lists) for v in value]
    if isinstance(value, dict):
        if any(k.startswith(mark) for k in value):
            raise ValueError("a list as a key")  # (not JSON)
        return {k: _filled(v, mark, lists) for k, v in value.items()}
    return value


def _numbers_in_pieces(raw, start, end):
    """The numbers written between ``start`` and ``end`` of ``raw`` (a list's text
    without its brackets), read about 64 KB at a time; ValueError if any piece of it is
    not a list of numbers."""
    numbers = []
    while start < end:
        cut = raw.find(b",", min(start + LONG_LIST_BYTES, end), end)
        cut = end if cut < 0 else cut
        piece = json.loads(b"[" + raw[start:cut] + b"]")
        if not piece or cut == end - 1:  # ("[1,]" or "[1, ]" read as pieces)
            raise ValueError("an empty place in a list")
        numbers += piece
        start = cut + 1
        yield_interpreter()
    return numbers


class NotRegularFile(OSError):
    """A save refused because its target is a device, a pipe or a folder; ``str()``
    is the reason alone (as ``strerror`` is for other OSErrors)."""

    def __str__(self):
        return self.strerror


CONTAINERS = {dict, list, tuple}


#: a list of numbers is written this many at a time (see ``json_pieces``)
JSON_CHUNK = 1024


def json_pieces(doc, max_bytes, what, ensure_ascii=True):
    """``doc`` as UTF-8 JSON text in pieces of about 64 KB (a list of bytes), a line
    per key and each list of numbers on one line (indented throughout, a table of
    100,000 rows took millions of lines and twice the bytes).  ValueError, before any
    file is touched, if it is not JSON-ready or is larger than ``max_bytes``, the most
    the reader of a ``what`` opens.

    Pieces, and long lists a thousand numbers at a time, handing the interpreter to
    any thread that waits for it after each: Python's encoder keeps the interpreter
    for a whole call, and a session with a 100,000-row table written in a background
    job held the window still for seconds."""
    def dump(value):
        return json.dumps(value, allow_nan=False, ensure_ascii=ensure_ascii,
                          separators=(",", ": "))

    def parts(value, pad):
        inner = pad + " "
        if isinstance(value, dict) and value:
            if not all(isinstance(k, str) for k in value):
                raise TypeError(f"keys must be text, got {excerpt(list(value))}")
            for i, (k, v) in enumerate(value.items()):
                key = json.dumps(k, ensure_ascii=ensure_ascii)
                yield (",\n" if i else "{\n") + f"{inner}{key}: "
                yield from parts(v, inner)
            yield "\n" + pad + "}"
        elif isinstance(value, (list, tuple)) and not CONTAINERS.isdisjoint(map(type, value)):
            for i, v in enumerate(value):
                yield (",\n" if i else "[\n") + inner
                yield from parts(v, inner)
            yield "\n" + pad + "]"
        elif isinstance(value, (list, tuple)) and len(value) > JSON_CHUNK:
            for i in range(0, len(value), JSON_CHUNK):
                yield ("," if i else "[") + dump(list(value[i:i + JSON_CHUNK]))[1:-1]
                yield_interpreter()  # (a thread waiting for the interpreter has it now)
            yield "]"
        else:
            yield dump(value)

    pieces, waiting, size, total = [], [], 0, 0
    try:
        for part in parts(doc, ""):
            waiting.append(part)
            size += len(part)
            if size >= 65536:
                pieces.append("".join(waiting).encode("utf-8"))
                total += len(pieces[-1])
                waiting, size = [], 0
        pieces.append("".join(waiting).encode("utf-8"))
        total += len(pieces[-1])
    except TypeError as exc:
        raise ValueError(f"not JSON-ready ({exc})") from None
    if total > max_bytes:
        raise ValueError(f"the {what} would be {total / 2 ** 20:.3g} MB, more than the "
                         f"{max_bytes / 2 ** 20:.3g} MB a {what} file may hold")
    return pieces


def json_bytes(doc, max_bytes, what, ensure_ascii=True):
    """``json_pieces`` joined: the whole text as bytes."""
    return b"".join(json_pieces(doc, max_bytes, what, ensure_ascii))


def write_atomically(path, data: bytes):
    """Write ``data`` to ``path`` through a unique temporary file in the same folder."""
    write_atomically_with(path, lambda fh: fh.write(data))


def write_atomically_with(path, write):
    """``write(fh)`` into a unique temporary file beside ``path``, then rename it to
    ``path``.  Whatever goes wrong (a full disk, an exception of ``write``, a cancel
    raised by it), nothing is left under ``path`` or beside it.

    A symbolic link is written through: its target gets the new content and the
    link stays.  A target that exists keeps its permission bits (and, where we
    may, its owner); a new file gets the usual mode, 0666 less the umask.  Anything
    that is not a regular file (a device, a pipe, a folder) is refused with
    ``NotRegularFile`` before anything is written: renaming over it would replace it."""
    path = os.path.realpath(os.fsdecode(path))  # (a link's target, in the target's folder)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        info = None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise NotRegularFile(errno.EISDIR, "is a folder, not a file")
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise NotRegularFile(errno.EINVAL, "is not a regular file (a pipe or a device?)")
    folder, base = os.path.split(path)
    fd, tmp = _new_file_beside(folder, base)
    try:
        if info is not None:
            _take_over(fd, info)
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _new_file_beside(folder, base):
    """(fd, path) of a new, unique, empty file in ``folder``, created with mode 0666 so
    that the umask (and a folder's default ACL) gives it the usual mode -- tempfile's
    are 0600 and the renamed file kept that."""
    prefix = "." + base[:40] + "."
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        tmp = os.path.join(folder, prefix + secrets.token_hex(6) + ".tmp")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no unique temporary name was free")


def _take_over(fd, info):
    """Give the new file the old one's owner (where we may) and permission bits."""
    mine = os.fstat(fd)
    if hasattr(os, "fchown") and (info.st_uid, info.st_gid) != (mine.st_uid, mine.st_gid):
        try:
            os.fchown(fd, info.st_uid, info.st_gid)
        except OSError:
            pass  # (only root may give a file away; the permissions still follow)
    if hasattr(os, "fchmod"):
        os.fchmod(fd, stat.S_IMODE(info.st_mode))


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
