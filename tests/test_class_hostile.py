"""Class answers under attack: requests a hostile student (or a broken phone) could
send, found by probing the server with raw sockets and many source addresses.

Every address in 127.0.0.0/8 reaches the loopback interface on Linux, so a test
looks like many devices by binding its client to 127.0.x.y.
"""
import http.client
import json
import logging
import select
import shutil
import socket
import sys
import tracemalloc

import pytest

from lrviz.classroom import server as server_module
from lrviz.classroom.room import Refused, Room
from lrviz.classroom.server import ClassServer

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="other 127.x.y.z addresses reach loopback on Linux")


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def guess_room():
    room = Room(code="KAT34")
    room.show(7, 8, 20, "Guess", "Where?", (), "line",
              {"x": [-3, 3], "y": [-2, 2], "points": []})
    return room


def serve(room):
    server = ClassServer(room, "127.0.0.1", port=0)
    server.start()
    return server


def ask(server, method, path, body=None, headers=None, source="127.0.0.1"):
    c = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5,
                                   source_address=(source, 0))
    c.request(method, path, body=body, headers=headers or {})
    r = c.getresponse()
    out = r.status, r.read()
    c.close()
    return out


def server_lines(caplog):
    """What the server wrote to the teacher's terminal (Tornado logs there)."""
    return [r.getMessage() for r in caplog.records
            if r.name.startswith("tornado") and r.levelno >= logging.WARNING]


# ------------------------------------------------------------------ the body
@pytest.mark.parametrize("value", [10 ** 400, -10 ** 400], ids=["huge", "-huge"])
def test_a_guessed_line_of_huge_integers_is_refused(value):
    room = guess_room()
    t = room.join()
    with pytest.raises(Refused, match="four finite numbers") as e:
        room.answer(t, 7, line=[value, 0, 1, 1])
    assert e.value.status == 400 and room.lines() == []


def test_a_huge_integer_in_a_line_is_refused_over_http_without_a_traceback(caplog):
    room = guess_room()
    server = serve(room)
    try:
        status, body = ask(server, "POST", "/api/KAT34/join", b"")
        token = json.loads(body)["token"]
        line = b"[" + b"9" * 400 + b", 0, 1, 1]"  # (JSON's integers have no size limit)
        status, body = ask(server, "POST", "/api/KAT34/answer",
                           b'{"token": "%s", "key": 7, "line": %s}' % (token.encode(), line))
        assert (status, json.loads(body)) == (400, {"error": "a line is four finite numbers"})
        assert room.lines() == [] and server_lines(caplog) == []
    finally:
        server.stop()


@pytest.mark.parametrize("headers", [
    {"Content-Type": "multipart/form-data; boundary=zz"},
    {"Content-Type": "multipart/form-data"},
    {"Content-Type": "application/x-www-form-urlencoded", "Content-Encoding": "gzip"},
])
def test_a_malformed_form_body_is_refused_without_a_line_on_the_terminal(caplog, headers):
    """Tornado parses form bodies itself, before any handler, and logs what it cannot
    parse: a flood of them would fill the teacher's terminal, a line per request."""
    room = guess_room()
    server = serve(room)
    try:
        for path in ("/api/KAT34/answer", "/api/KAT34/join", "/api/KAT34/step"):
            status, body = ask(server, "POST" if "step" not in path else "GET", path,
                               b"abcd", headers)
            assert status == 400 and set(json.loads(body)) == {"error"}
        assert server_lines(caplog) == []
        assert room.counts()[0] == 0
    finally:
        server.stop()


# ------------------------------------------------------------------ slow readers
@linux_only
def test_a_client_that_never_reads_its_replies_is_cut_off(monkeypatch):
    """Tornado's timeouts cover reading a request, not sending the reply: a client that
    pipelines requests and never reads held its connection open for good (twelve per
    address, six hundred in all: a few addresses kept the class out)."""
    monkeypatch.setattr(server_module, "SEND_TIME", 0.5, raising=False)
    server = serve(guess_room())
    try:
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)
        s.bind(("127.0.5.5", 0))
        s.connect(("127.0.0.1", server.port))
        s.setblocking(False)
        request = b"GET /KAT34 HTTP/1.1\r\nHost: x\r\n\r\n"
        try:  # until the server stops reading: its replies fill both sides' buffers
            while True:
                s.send(request * 64)
        except BlockingIOError:
            pass
        # the server hangs up: an error or end of stream, while its replies still sit
        # unread (without ever reading them; a connection left open: 20 s, then fail)
        poll = select.poll()
        poll.register(s, select.POLLERR | select.POLLHUP | select.POLLRDHUP)
        assert poll.poll(20_000), "the server kept a connection that never read"
        s.close()
    finally:
        server.stop()


# ------------------------------------------------------------------ memory
def test_wrong_codes_from_ever_new_addresses_do_not_pile_up():
    """Each address that gave a wrong code was remembered for good; an address is
    only refused for a minute, so after it the room forgets it."""
    clock = Clock()
    room = Room(code="KAT34", clock=clock, max_clients=50)

    def round_of(r, n=1000):
        for i in range(n):
            with pytest.raises(Refused, match="wrong room code"):
                room.admit(f"10.{r}.{i // 250}.{i % 250}", "WRONG")
        clock.now += 61.0

    tracemalloc.start()
    try:
        for r in range(2):
            round_of(r)
        before = tracemalloc.get_traced_memory()[0]
        for r in range(2, 8):
            round_of(r)
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < 100_000, f"{grown:,} bytes more after 6,000 more addresses"
    # and within its minute an address that guessed is still refused
    for _ in range(5):
        with pytest.raises(Refused):
            room.admit("10.99.0.1", "WRONG")
    with pytest.raises(Refused, match="wait a minute"):
        room.admit("10.99.0.1", "KAT34")


# ------------------------------------------------------------------ the page
@pytest.mark.browser
@pytest.mark.skipif(shutil.which("chromium") is None and shutil.which("chromium-browser") is None,
                    reason="Chromium is not installed")
def test_markup_in_a_lesson_is_shown_on_the_phone_as_text(tmp_path):
    """A lesson file is anyone's: its title, question and answers reach the phones as
    words, never as HTML that the page would run or load."""
    from test_class_page_browser import Browser

    room = Room(code="KAT34")
    room.show(2, 3, 9, "<img src=x onerror=document.title='ran'>Title",
              "What <b will <script>document.title='ran'</script> do?",
              ["<img src=x>", "<b", "</button><h1>big</h1> &amp;"])
    server = serve(room)
    browser = Browser(tmp_path / "profile")
    try:
        browser.send("Page.navigate", url=server.url)
        for _ in range(200):  # (until the page has asked for the step: 10 s at most)
            if browser.js("document.querySelectorAll('main button').length") == 3:
                break
            browser.send("Runtime.evaluate", expression="new Promise(r => setTimeout(r, 50))",
                         awaitPromise=True)
        else:
            raise AssertionError("the page did not show the question")
        words = browser.js("document.body.innerText")
        assert "<img src=x onerror=document.title='ran'>Title" in words
        assert "What <b will <script>document.title='ran'</script> do?" in words
        assert [browser.js(f"document.querySelectorAll('main button')[{i}].textContent")
                for i in range(3)] == ["(a) <img src=x>", "(b) <b",
                                       "(c) </button><h1>big</h1> &amp;"]
        assert browser.js("Array.from(document.querySelectorAll('#view img, #view h1, #view b, #view script'))"
                          ".map(e => e.outerHTML)") == []
        assert browser.js("document.title") != "ran"
    finally:
        browser.close()
        server.stop()
