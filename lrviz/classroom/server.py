"""The class's web page and its small API, served beside the window (no Qt).

Tornado serves it, on its own asyncio loop in a thread of its own: one thread holds
hundreds of phones polling once a second, and Tornado's HTTP server has a limit for
each thing a hostile client could stretch (header size and time, body size and
time).  The room (``room.Room``) decides everything else: codes, tokens, answers,
how often an address may ask.

Addresses (``CODE`` is the room code; every request but the start page needs it)::

    GET  /            a box for the room code (static: it says nothing of the room)
    GET  /CODE        the class's page (static HTML and JavaScript from the package)
    POST /api/CODE/join      -> {"token": ...}: one per device
    GET  /api/CODE/step      (header X-Token) -> the step on screen and my answer
    POST /api/CODE/answer    {"token", "key", "choice" | "line"} -> {"ok": true}

Nothing else is served: no file is looked up by a path a client sends.
"""
from __future__ import annotations

import asyncio
import base64
import errno
import hashlib
import json
import re
import socket
import threading
import time
from importlib import resources

import tornado.httpserver
import tornado.ioloop
import tornado.netutil
import tornado.web

from .room import Refused

#: the port tried first (so the address stays the same from one lesson to the next)
PORT = 8765
MAX_HEADER = 8 * 1024
MAX_BODY = 2 * 1024
#: seconds a client may take to send its headers (or sit idle between requests), and
#: its body
HEADER_TIME, BODY_TIME = 10.0, 5.0
#: seconds a client may take to take a reply (Tornado times reading a request only: a
#: client that pipelines requests and never reads would hold its connection for good)
SEND_TIME = 10.0
#: open connections at once, from one address and from all
PER_ADDRESS, MAX_CONNECTIONS = 12, 600
CODE = r"([A-Za-z0-9]{1,16})"


def _page():
    text = resources.files("lrviz.classroom").joinpath("page.html").read_text("utf-8")
    script = re.search(r"<script>(.*?)</script>", text, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    policy = (f"default-src 'none'; script-src 'sha256-{digest}'; "
              "style-src 'unsafe-inline'; img-src data:; connect-src 'self'; "
              "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
    return text.encode("utf-8"), policy


class _Base(tornado.web.RequestHandler):
    def initialize(self, room, page, policy):
        self.room, self.page, self.policy = room, page, policy

    def set_default_headers(self):
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "no-referrer")
        self.clear_header("Server")

    def admit(self, code):
        self.room.admit(self.request.remote_ip, code)

    def reply(self, status, body):
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body, allow_nan=False))

    def write_error(self, status_code, **kwargs):  # (never a traceback, never HTML)
        exc = kwargs.get("exc_info", (None, None))[1]
        message = str(exc) if isinstance(exc, Refused) else {
            400: "bad request", 404: "nothing here", 405: "not allowed here",
            413: "too large"}.get(status_code, "refused")
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"error": message}))

    def log_exception(self, typ, value, tb):
        # a client's mistake (a form body Tornado cannot parse, say) is refused in its
        # reply, not written to the teacher's terminal: a flood would fill it
        if not isinstance(value, tornado.web.HTTPError):
            super().log_exception(typ, value, tb)

    def _handle_request_exception(self, e):
        if isinstance(e, Refused):
            self.send_error(e.status, exc_info=(type(e), e, None))
        else:
            super()._handle_request_exception(e)

    def body_json(self):
        try:
            body = json.loads(self.request.body.decode("utf-8"),
                              parse_constant=lambda c: None)
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise Refused(400, "the body is not JSON") from None
        if not isinstance(body, dict):
            raise Refused(400, "the body is not a JSON object")
        return body

    def show_page(self, body):
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Content-Security-Policy", self.policy)
        self.set_header("X-Frame-Options", "DENY")
        self.finish(body)


class Start(_Base):
    def get(self):
        self.room.throttle(self.request.remote_ip)
        self.show_page(self.page)


class Page(_Base):
    def get(self, code):
        try:
            self.admit(code)
        except Refused as exc:  # (the page says so, and asks for the code again)
            self.set_status(exc.status)
        self.show_page(self.page)


class Join(_Base):
    def post(self, code):
        self.admit(code)
        self.reply(200, {"token": self.room.join(self.request.remote_ip)})


class Current(_Base):
    def get(self, code):
        self.admit(code)
        self.reply(200, self.room.current(self.request.headers.get("X-Token")))


class Answer(_Base):
    def post(self, code):
        self.admit(code)
        body = self.body_json()
        key = body.get("key")
        if isinstance(key, bool) or not isinstance(key, int):
            raise Refused(400, "which step?")
        self.room.answer(body.get("token"), key, choice=body.get("choice"),
                         line=body.get("line"))
        self.reply(200, {"ok": True})


class Nothing(_Base):
    def prepare(self):
        self.room.throttle(self.request.remote_ip)
        raise tornado.web.HTTPError(404)


class _HTTPServer(tornado.httpserver.HTTPServer):
    """Tornado's server, refusing a connection beyond ``PER_ADDRESS`` from one address
    or ``MAX_CONNECTIONS`` in all (a client holding many open does not crowd out the
    class), and closing one whose reply has waited ``SEND_TIME`` to be taken."""

    def initialize(self, *args, **kwargs):
        super().initialize(*args, **kwargs)
        self.open_from = {}
        self.address_of = {}
        self.sending_since = {}  # connection -> when its reply began to wait
        self.watch = tornado.ioloop.PeriodicCallback(self._cut_slow_readers,
                                                     SEND_TIME * 1000 / 4)

    def _cut_slow_readers(self):
        now = time.monotonic()
        for conn in list(self._connections):
            if not conn.stream.writing():
                self.sending_since.pop(conn, None)
            elif now - self.sending_since.setdefault(conn, now) > SEND_TIME:
                conn.stream.close()

    def handle_stream(self, stream, address):
        ip = address[0] if isinstance(address, tuple) else str(address)
        if (self.open_from.get(ip, 0) >= PER_ADDRESS
                or sum(self.open_from.values()) >= MAX_CONNECTIONS):
            stream.close()
            return
        self.open_from[ip] = self.open_from.get(ip, 0) + 1
        before = set(self._connections)
        super().handle_stream(stream, address)
        for conn in self._connections - before:
            self.address_of[conn] = ip

    def on_close(self, server_conn):
        self.sending_since.pop(server_conn, None)
        ip = self.address_of.pop(server_conn, None)
        if ip is not None:
            self.open_from[ip] -= 1
            if not self.open_from[ip]:
                del self.open_from[ip]
        super().on_close(server_conn)


class ClassServer:
    """The room's page and API on ``host`` (one local interface), from ``start()`` to
    ``stop()``, in a thread of its own."""

    def __init__(self, room, host="127.0.0.1", port=PORT):
        self.room, self.host, self.port = room, host, port
        self._thread = None
        self._loop = None
        self._server = None
        self._ready = threading.Event()
        self._error = None

    @property
    def running(self):
        return self._thread is not None and self._thread.is_alive()

    @property
    def address(self):
        """The short address to type: host:port."""
        return f"{self.host}:{self.port}"

    @property
    def url(self):
        """The page's address with the room code (what the QR code holds)."""
        return f"http://{self.host}:{self.port}/{self.room.code}"

    def start(self):
        """Listen (on ``port``, or any free port if it is taken); OSError if the
        interface cannot be listened on."""
        if self.running:
            return
        self._ready.clear()
        self._error = None
        self._thread = threading.Thread(target=self._serve, name="lrviz class answers",
                                        daemon=True)
        self._thread.start()
        self._ready.wait(10.0)
        if self._error is not None:
            self._thread.join(2.0)
            self._thread = None
            raise self._error

    def stop(self, wait=True, timeout=3.0):
        """Stop listening and close every connection (``wait``: until the thread has
        ended; the window does not wait -- it takes the thread a few milliseconds)."""
        thread, loop = self._thread, self._loop
        if thread is None:
            return
        if loop is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(loop.stop)
            except RuntimeError:  # (closed meanwhile)
                pass
        if wait:
            thread.join(timeout)

    def wait(self, timeout=3.0):
        """True once the thread has ended (after ``stop(wait=False)``)."""
        if self._thread is not None:
            self._thread.join(timeout)
        return not self.running

    def _bind(self):
        """Sockets on ``port`` -- waiting up to a second for it, as a room that just
        stopped frees it -- or on any free port."""
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        if self.port:
            for _ in range(20):
                try:
                    return tornado.netutil.bind_sockets(self.port, self.host, family=family)
                except OSError as exc:
                    if exc.errno != errno.EADDRINUSE:
                        raise
                    time.sleep(0.05)
        return tornado.netutil.bind_sockets(0, self.host, family=family)

    def _serve(self):
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            sockets = self._bind()
            self.port = sockets[0].getsockname()[1]
            loop.run_until_complete(self._listen(sockets))
        except Exception as exc:  # (the window says it in a line)
            self._error = exc if isinstance(exc, OSError) else OSError(str(exc))
            self._ready.set()
            loop.close()
            return
        self._loop = loop
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            self._server.watch.stop()
            self._server.stop()
            try:
                loop.run_until_complete(asyncio.wait_for(
                    self._server.close_all_connections(), 2.0))
            except (asyncio.TimeoutError, Exception):
                pass
            loop.close()

    async def _listen(self, sockets):
        page, policy = _page()
        args = {"room": self.room, "page": page, "policy": policy}
        app = tornado.web.Application(
            [(r"/", Start, args), (rf"/{CODE}", Page, args),
             (rf"/api/{CODE}/join", Join, args), (rf"/api/{CODE}/step", Current, args),
             (rf"/api/{CODE}/answer", Answer, args)],
            default_handler_class=Nothing, default_handler_args=args,
            compress_response=False, serve_traceback=False,
            log_function=lambda _handler: None)  # (no line on stderr per request)
        self._server = _HTTPServer(app, max_header_size=MAX_HEADER, max_body_size=MAX_BODY,
                                   idle_connection_timeout=HEADER_TIME,
                                   body_timeout=BODY_TIME, xheaders=False)
        self._server.add_sockets(sockets)
        self._server.watch.start()
