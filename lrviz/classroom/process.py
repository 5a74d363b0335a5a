"""The room and its server in a process of their own (no Qt).

A phone's request costs Python work: parsing, checking, replying.  Two hundred
phones, or one hostile client flooding the server, would take Python's one
interpreter from the window's thread if the server ran beside it (measured: the
window stood still for up to a third of a second under a flood).  So the room
lives in a child process (``python -m lrviz.classroom.process``; the standalone
app runs itself with ``--class-room``), and the two exchange lines of JSON only:

* window -> room, on its standard input, never waited for: ``show``, ``close``,
  ``judged``; the input's end stops the room;
* room -> window, on its standard output: "ready" (the port) or "error" once,
  then the room's ``state`` whenever it changed (at most twenty times a second).

``RoomProcess`` is the window's side: a thread of its own reads the room's lines,
and the reading methods (``counts``, ``lines``, ``summary_rows``, ``summary_csv``)
answer from the last state received, so the window never waits for the child.
"""
from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time

from .room import MAX_CLIENTS, Room, new_code, summary_csv
from .server import PORT, ClassServer

#: seconds between two looks for a change in the room (and for the window's messages)
TICK = 0.05


def child_command():
    """How this Python (or the standalone app) starts a room's process."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "--class-room"]
    return [sys.executable, "-m", "lrviz.classroom.process"]


class RoomProcess:
    """A room of code ``code`` served on ``host`` from a child process."""

    def __init__(self, host="127.0.0.1", port=PORT, max_clients=MAX_CLIENTS, code=None):
        self.host, self.port = host, port
        self.code = code or new_code()
        self.max_clients = max_clients
        self.ready = False
        self.error = None
        self._state = {"joined": 0, "answered": 0, "per": [], "lines": [], "rows": [],
                       "taken": 0}
        self._sent = 0  # messages sent; the state says how many the room has taken
        self._inbox = queue.Queue()  # the room's messages, read by the reader thread
        self._child = None

    # ------------------------------------------------------------ life
    def start(self):
        """Start the child (it reports "ready" or "error" through ``receive``)."""
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        path = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        env["PYTHONPATH"] = os.pathsep.join(p for p in (path, env.get("PYTHONPATH")) if p)
        self._child = subprocess.Popen(
            child_command() + [self.host, str(self.port), self.code, str(self.max_clients)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, encoding="utf-8", bufsize=1, env=env)
        threading.Thread(target=self._read, args=(self._child.stdout,), daemon=True,
                         name="lrviz class answers: the room's news").start()

    def _read(self, stream):
        for line in stream:
            try:
                self._inbox.put(json.loads(line))
            except ValueError:
                continue
        self._inbox.put(["ended", None])

    def receive(self, wait=0.0):
        """Take every message the child sent (waiting up to ``wait`` seconds for the
        first); True if anything changed."""
        changed = False
        while True:
            try:
                kind, value = self._inbox.get(timeout=wait) if wait > 0 and not changed \
                    else self._inbox.get_nowait()
            except queue.Empty:
                return changed
            changed = True
            if kind == "ready":
                self.ready, self.port = True, value
            elif kind == "error":
                self.error = value
            elif kind == "ended":
                if not self.ready and self.error is None:
                    self.error = "the room's process ended"
                self._child = None if self._child is None or self._child.poll() is not None \
                    else self._child
            else:
                self._state = value

    def _send(self, *message):
        if self._child is not None and self._child.poll() is None:
            try:
                self._child.stdin.write(json.dumps(message) + "\n")
                self._child.stdin.flush()
                self._sent += 1
            except (OSError, ValueError):  # (the child ended)
                pass

    def settle(self, timeout=0.5):
        """Wait (at most ``timeout`` seconds) for the room's state after every message
        sent so far -- after Run, the answers as they were when it closed.  After a
        live Run it has long arrived: nothing waits."""
        end = time.monotonic() + timeout
        while self._state["taken"] < self._sent and self.running:
            left = end - time.monotonic()
            if left <= 0:
                break
            self.receive(wait=left)

    def stop(self, wait=False, timeout=3.0):
        """The child stops listening and ends (``wait``: until it has)."""
        if self._child is not None:
            try:
                self._child.stdin.close()  # (its input's end: the room stops)
            except OSError:
                pass
        if wait:
            self.wait(timeout)

    def wait(self, timeout=3.0):
        """True once the child has ended (killed if it has not within ``timeout``)."""
        child = self._child
        if child is None:
            return True
        try:
            child.wait(timeout)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait(2.0)
        return child.poll() is not None

    @property
    def running(self):
        return self._child is not None and self._child.poll() is None

    @property
    def address(self):
        return f"{self.host}:{self.port}"

    @property
    def url(self):
        return f"http://{self.host}:{self.port}/{self.code}"

    # ------------------------------------------------------------ the teacher's side
    def show(self, *args):
        self._send("show", *args)

    def close(self):
        self._send("close")

    def judged(self, happened):
        self._send("judged", happened)

    def counts(self):
        s = self._state
        return s["joined"], s["answered"], list(s["per"])

    def lines(self):
        return [tuple(v) for v in self._state["lines"]]

    def summary_rows(self):
        return self._state["rows"]

    def summary_csv(self):
        return summary_csv(self.summary_rows())


# ------------------------------------------------------------ the child
def serve(host, port, code, max_clients, inbox=sys.stdin, out=sys.stdout):
    """The room and its server until the window's messages end."""
    room = Room(code=code, max_clients=max_clients)
    server = ClassServer(room, host, port)

    def say(*message):
        out.write(json.dumps(message) + "\n")
        out.flush()
    try:
        server.start()
    except OSError as exc:
        say("error", exc.strerror or str(exc))
        return 1
    say("ready", server.port)
    messages = queue.Queue()

    def listen():
        for line in inbox:
            try:
                messages.put(json.loads(line))
            except ValueError:
                continue
        messages.put(["stop"])
    threading.Thread(target=listen, daemon=True).start()
    seen, taken = None, 0
    try:
        while True:
            try:
                kind, *args = messages.get(timeout=TICK)
            except queue.Empty:
                kind = None
            if kind == "stop":
                break
            if kind in ("show", "close", "judged"):
                getattr(room, kind)(*args)
            if kind is not None:
                taken += 1
            state = dict(room.state(), taken=taken)
            if state != seen:
                say("state", state)
                seen = state
    except (OSError, ValueError):  # the window is gone: so is the room
        pass
    finally:
        server.stop()
    return 0


def main(argv=None):
    host, port, code, max_clients = (argv if argv is not None else sys.argv[1:])[:4]
    return serve(host, int(port), code, int(max_clients))


if __name__ == "__main__":
    sys.exit(main())
