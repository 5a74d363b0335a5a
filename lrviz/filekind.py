"""What a file is, by what it holds (no Qt): ``lrviz FILE`` and a file dropped on the
window open a session, a lesson or a table of data alike."""
from __future__ import annotations

import json
import re

from .fileio import FileRefused, read_bytes, read_chunks

#: Largest file looked at (the largest table the app reads).
MAX_BYTES = 64 * 1024 * 1024
#: Characters searched for the format's name: a JSON file names it near its start.
HEAD = 64 * 1024


def file_kind(path):
    """"session", "lesson" or "data".  A JSON file of neither format is "session" and
    a file that cannot be read is "data": their readers then say why in their words."""
    from .lessons import FORMAT as LESSON

    try:  # (the start only: a table, the usual case, is known by its first character)
        pieces = read_chunks(path, MAX_BYTES, HEAD)
        head = next(pieces, b"")
        pieces.close()
    except FileRefused:
        return "data"
    text = head.decode("utf-8-sig", errors="replace").lstrip()
    if not text.startswith("{"):
        return "data"
    found = re.search(r'"format"\s*:\s*"([^"]*)"', text)
    if found is not None:
        name = found.group(1)
    else:
        try:  # (the format named late in a file of other fields)
            doc = json.loads(read_bytes(path, MAX_BYTES).decode("utf-8-sig"))
            name = doc.get("format") if isinstance(doc, dict) else None
        except (ValueError, RecursionError):  # (FileRefused too)
            name = None
    return "lesson" if name == LESSON else "session"
