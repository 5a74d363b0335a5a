"""The class's page in a real browser: headless Chromium (Debian's ``chromium``
package, ``apt-get install chromium``) opens it, a student taps an answer, and the
teacher's count changes.  Chromium is driven over its DevTools protocol with
Tornado's WebSocket client (Tornado serves the page too).  Skipped where Chromium is
not installed; ``.ci/run`` installs it where it can.
"""
import asyncio
import base64
import json
import os
import re
import shutil
import signal
import subprocess
import urllib.request

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")]


class Browser:
    """One headless Chromium tab, driven by DevTools commands sent one at a time."""

    def __init__(self, folder):
        self.process = subprocess.Popen(
            [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-sync",
             "--disable-component-update", "--remote-debugging-port=0",
             f"--user-data-dir={folder}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            start_new_session=True)  # (its helpers end with it: see close)
        try:
            self._connect()
        except BaseException:
            self._kill()
            raise

    def _connect(self):
        for line in self.process.stderr:  # "DevTools listening on ws://127.0.0.1:PORT/..."
            found = re.search(r"ws://127\.0\.0\.1:(\d+)/", line)
            if found:
                break
        else:
            raise RuntimeError("Chromium did not start")
        port = found.group(1)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
            page = next(t for t in json.load(r) if t["type"] == "page")
        self.loop = asyncio.new_event_loop()
        self.next_id = 0
        from tornado.websocket import websocket_connect

        async def connect():
            return await websocket_connect(page["webSocketDebuggerUrl"],
                                           max_message_size=64 << 20)
        self.ws = self.loop.run_until_complete(connect())

    def send(self, method, **params):
        self.next_id += 1
        ask = self.next_id
        async def exchange():
            await self.ws.write_message(json.dumps({"id": ask, "method": method,
                                                    "params": params}))
            while True:
                reply = json.loads(await asyncio.wait_for(self.ws.read_message(), 20))
                if reply.get("id") == ask:
                    return reply
        reply = self.loop.run_until_complete(exchange())
        assert "error" not in reply, reply
        return reply.get("result", {})

    def js(self, expression):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    def tap(self, selector_js):
        """A real click (mouse down and up) in the middle of the element."""
        box = self.js(f"(function(){{var r = ({selector_js}).getBoundingClientRect();"
                      "return [r.left + r.width / 2, r.top + r.height / 2];})()")
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1],
                      button="left", clickCount=1)

    def _kill(self):
        try:
            os.killpg(self.process.pid, signal.SIGKILL)  # Chromium and its helpers
        except ProcessLookupError:
            pass
        self.process.wait(10)

    def close(self):
        try:
            self.ws.close()
        finally:
            self._kill()
            self.loop.close()


@pytest.fixture
def browser(tmp_path):
    b = Browser(tmp_path / "profile")
    b.send("Emulation.setDeviceMetricsOverride", width=390, height=844, deviceScaleFactor=1,
           mobile=True)  # a phone's screen
    yield b
    b.close()


@pytest.fixture(autouse=True)
def any_free_port(monkeypatch):
    import lrviz.ui.lessons.classroom as classroom

    monkeypatch.setattr(classroom, "PORT", 0)


def until(qtbot, check, timeout=10000):
    """Wait (with the window's events going on) until ``check()`` is true."""
    qtbot.waitUntil(lambda: bool(check()), timeout=timeout)


def test_a_student_taps_an_answer_and_the_teachers_count_changes(qtbot, window, browser,
                                                                 tmp_path):
    assert window.open_lesson("intro", step=8, quiet=True, live=False)
    panel = window.lesson_panel
    box = panel.classroom
    box.network.setCurrentIndex(box.network.findData("127.0.0.1"))
    box.toggle.click()
    until(qtbot, lambda: "Room code" in box.where.text())  # (its process listens)
    host, port = box.server.host, box.server.port
    # the student types the short address, then the room code read off the screen
    browser.send("Page.navigate", url=f"http://{host}:{port}/")
    until(qtbot, lambda: browser.js("!!document.getElementById('code')"))
    browser.js(f"document.getElementById('code').value = '{box.room.code.lower()}'")
    browser.tap("document.querySelector('form button')")
    until(qtbot, lambda: browser.js("document.querySelectorAll('button').length") == 3)
    words = browser.js("document.body.innerText")
    assert panel.step.question in words and "Step 9 of 24" in words
    assert "Make your prediction" in words
    # a tap on (b): the teacher's count goes from 0 to 1
    until(qtbot, lambda: box.count.text() == "<b>0</b> of 1<br>answered")  # (joined)
    browser.tap("document.querySelectorAll('button')[1]")
    until(qtbot, lambda: box.count.text() == "<b>1</b> of 1<br>answered")
    until(qtbot, lambda: "Your answer is in" in browser.js("document.body.innerText"))
    assert box.room.counts()[2] == [0, 1, 0]
    shot = browser.send("Page.captureScreenshot", format="png")["data"]
    (tmp_path / "phone.png").write_bytes(base64.b64decode(shot))  # (to look at by hand)
    if os.environ.get("LRVIZ_KEEP_SHOTS"):
        shutil.copy(tmp_path / "phone.png", os.environ["LRVIZ_KEEP_SHOTS"])
    # Run: the phone shows what happened and that it predicted it
    panel.run(live=False)
    until(qtbot, lambda: "You predicted it" in browser.js("document.body.innerText"))
    # the teacher's Next: the page follows by itself
    panel.next()
    until(qtbot, lambda: "Step 10 of 24" in browser.js("document.body.innerText"))


def test_a_student_drags_a_guess_on_the_phone_and_it_shows_on_the_map(qtbot, window,
                                                                     browser, tmp_path):
    assert window.open_lesson("intro", step=7, quiet=True, live=False)
    box = window.lesson_panel.classroom
    box.network.setCurrentIndex(box.network.findData("127.0.0.1"))
    box.toggle.click()
    until(qtbot, lambda: "Room code" in box.where.text())
    browser.send("Page.navigate", url=box.server.url)
    until(qtbot, lambda: browser.js("!!document.querySelector('canvas')"))
    # drag the line's left end (at 20 %, 80 % of the map) to the top left corner
    left, top, side = browser.js("(function(){var r = document.querySelector('canvas')"
                                 ".getBoundingClientRect(); return [r.left, r.top, r.width];})()")
    start = (left + 0.2 * side, top + 0.8 * side)
    end = (left + 0.02 * side, top + 0.02 * side)
    browser.send("Input.dispatchMouseEvent", type="mousePressed", x=start[0], y=start[1],
                 button="left", clickCount=1)
    for k in range(1, 6):
        browser.send("Input.dispatchMouseEvent", type="mouseMoved", button="left",
                     x=start[0] + (end[0] - start[0]) * k / 5,
                     y=start[1] + (end[1] - start[1]) * k / 5)
    browser.send("Input.dispatchMouseEvent", type="mouseReleased", x=end[0], y=end[1],
                 button="left", clickCount=1)
    browser.tap("document.querySelector('main button')")  # "Send my line"
    until(qtbot, lambda: box.count.text() == "<b>1</b> of 1<br>answered")
    (x1, y1, x2, y2), = box.room.lines()
    shown = window.lesson_panel.runner.guess_map  # the map the page drew
    (lo, hi), (blo, bhi) = shown["x"], shown["y"]
    assert x1 == pytest.approx(lo + 0.02 * (hi - lo), abs=0.02 * (hi - lo))
    assert y1 == pytest.approx(bhi - 0.02 * (bhi - blo), abs=0.02 * (bhi - blo))
    shot = browser.send("Page.captureScreenshot", format="png")["data"]
    if os.environ.get("LRVIZ_KEEP_SHOTS"):
        open(os.environ["LRVIZ_KEEP_SHOTS"].replace(".png", "_guess.png"), "wb").write(
            base64.b64decode(shot))
    box.reveal.click()
    xs, ys = window.boundary.guess.class_item.getData()
    assert [xs[0], ys[0], xs[1], ys[1]] == pytest.approx([x1, y1, x2, y2])


def test_a_wrong_code_in_the_address_asks_for_the_code_again(qtbot, browser):
    from lrviz.classroom.room import Room
    from lrviz.classroom.server import ClassServer

    room = Room(code="KAT34")
    room.show(0, 1, 3, "A step", "Which?", ["this", "that"])
    server = ClassServer(room, "127.0.0.1", port=0)
    server.start()
    try:
        browser.send("Page.navigate", url=f"http://127.0.0.1:{server.port}/KAT35")
        until(qtbot, lambda: browser.js("!!document.getElementById('code')"))
        until(qtbot, lambda: "not the one on the screen"
              in (browser.js("document.body.innerText") or ""))
        browser.js("document.getElementById('code').value = 'kat34'")
        browser.tap("document.querySelector('form button')")
        until(qtbot, lambda: "Which?" in (browser.js("document.body.innerText") or ""))
    finally:
        server.stop()
