"""Class answers: students predict from their phones before the teacher presses Run.

The room (no Qt) is tested with a clock of its own; the server over real HTTP (the
standard library's client, and raw sockets for hostile clients); the window through
its lesson panel, with a student answering over HTTP.
"""
import csv
import http.client
import io
import json
import socket

import pytest

from lrviz.classroom import server as server_module
from lrviz.classroom.room import BURST, JOINS_PER_ADDRESS, Refused, Room, WRONG_CODES
from lrviz.classroom.server import ClassServer


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def question_room(**kw):
    room = Room(code="KAT34", **kw)
    room.show(2, 3, 9, "Three points", "What will the line do?", ["turn", "stay", "vanish"])
    return room


# ------------------------------------------------------------------ the room, alone
def test_one_answer_per_device_changeable_until_run():
    room = question_room()
    a, b = room.join(), room.join()
    room.answer(a, 2, choice=0)
    room.answer(b, 2, choice=0)
    room.answer(a, 2, choice=1)  # a changes its mind: still one answer
    assert room.counts() == (2, 2, [1, 1, 0])
    room.close()
    with pytest.raises(Refused, match="closed") as e:
        room.answer(b, 2, choice=2)
    assert e.value.status == 409
    assert room.counts() == (2, 2, [1, 1, 0])
    assert room.current(a)["mine"] == 1 and room.current(a)["step"]["open"] is False


@pytest.mark.parametrize("args, why", [
    ({"choice": 3}, "no such answer"), ({"choice": -1}, "no such answer"),
    ({"choice": True}, "no such answer"), ({"choice": "0"}, "no such answer"),
    ({"choice": 1.0}, "no such answer"), ({}, "no such answer")])
def test_an_answer_that_is_not_one_of_the_steps_is_refused(args, why):
    room = question_room()
    t = room.join()
    with pytest.raises(Refused, match=why):
        room.answer(t, 2, **args)
    assert room.counts()[1] == 0


def test_a_device_answers_only_the_step_on_screen_and_only_with_its_token():
    room = question_room()
    t = room.join()
    with pytest.raises(Refused, match="no longer on the screen"):
        room.answer(t, 1, choice=0)
    for bad in ("", "x" * 40, None, 7):
        with pytest.raises(Refused, match="unknown device"):
            room.answer(bad, 2, choice=0)
        with pytest.raises(Refused, match="unknown device"):
            room.current(bad)


def test_the_page_learns_the_question_but_not_its_answer_before_run():
    room = question_room()
    t = room.join()
    shown = room.current(t)["step"]
    assert shown["question"] == "What will the line do?"
    assert shown["answers"] == ["turn", "stay", "vanish"]
    assert shown["happened"] is None
    room.close()
    room.judged(1)
    assert room.current(t)["step"]["happened"] == 1


def test_going_back_to_a_step_keeps_its_answers_and_a_new_step_starts_empty():
    room = question_room()
    t = room.join()
    room.answer(t, 2, choice=2)
    room.show(3, 4, 9, "Next", "And now?", ["up", "down"])
    assert room.counts() == (1, 0, [0, 0])
    room.show(2, 3, 9, "Three points", "What will the line do?", ["turn", "stay", "vanish"])
    assert room.counts() == (1, 1, [0, 0, 1])


def test_a_full_room_refuses_one_more_device():
    room = question_room(max_clients=3)
    [room.join(f"10.0.0.{i}") for i in range(3)]
    with pytest.raises(Refused, match="full") as e:
        room.join("10.0.0.200")
    assert e.value.status == 403


def test_one_machine_cannot_fill_the_room():
    room = question_room()
    [room.join("10.0.0.9") for _ in range(JOINS_PER_ADDRESS)]
    with pytest.raises(Refused, match="too many times"):
        room.join("10.0.0.9")
    room.join("10.0.0.10")
    assert room.counts()[0] == JOINS_PER_ADDRESS + 1


def test_one_address_is_slowed_down_and_the_others_are_not():
    clock = Clock()
    room = Room(code="KAT34", clock=clock)
    for _ in range(BURST):
        room.admit("10.0.0.9", "KAT34")
    with pytest.raises(Refused, match="slow down") as e:
        room.admit("10.0.0.9", "KAT34")
    assert e.value.status == 429
    room.admit("10.0.0.10", "kat34")  # another phone: untouched (and any case)
    clock.now += 1.0  # a second later: a few more
    room.admit("10.0.0.9", "KAT34")


def test_guessing_codes_locks_the_address_out_for_a_minute():
    clock = Clock()
    room = Room(code="KAT34", clock=clock)
    for code in ["AAAAA", "KAT35", None, "kat3", "KAT34" * 3][:WRONG_CODES]:
        with pytest.raises(Refused, match="wrong room code"):
            room.admit("10.0.0.9", code)
    with pytest.raises(Refused, match="wait a minute"):
        room.admit("10.0.0.9", "KAT34")  # even the right one now
    room.admit("10.0.0.10", "KAT34")
    clock.now += 61
    room.admit("10.0.0.9", "KAT34")


@pytest.mark.parametrize("line, why", [
    ([0, 0, 1], "four finite"), ([0, 0, 1, float("nan")], "four finite"),
    ([0, 0, 1, float("inf")], "four finite"), ("0,0,1,1", "four finite"),
    ([0, 0, True, 1], "four finite"), ([0, 0, 1e9, 1], "off the map"),
    ([0.5, 0.5, 0.5, 0.5], "same place")])
def test_a_guessed_line_is_checked(line, why):
    room = Room(code="KAT34")
    room.show(7, 8, 20, "Guess", "Where?", (), "line", {"x": [-3, 3], "y": [-2, 2]})
    t = room.join()
    with pytest.raises(Refused, match=why):
        room.answer(t, 7, line=line)
    room.answer(t, 7, line=[-1, 0, 1, 0.5])
    assert room.lines() == [(-1.0, 0.0, 1.0, 0.5)]


def test_the_summary_counts_each_step_and_the_share_that_predicted_it():
    room = question_room()
    ts = [room.join() for _ in range(4)]
    for t, c in zip(ts, (0, 1, 1, 2)):
        room.answer(t, 2, choice=c)
    room.close()
    room.judged(1)
    room.show(4, 5, 9, "=HYPERLINK(\"x\")", "-1 or +1?", ["-1", "+1"])
    room.answer(ts[0], 4, choice=0)
    rows = list(csv.reader(io.StringIO(room.summary_csv())))
    assert rows[0][:4] == ["step", "title", "question", "answered"]
    assert rows[1][:4] == ["3", "Three points", "What will the line do?", "4"]
    assert rows[1][4:10] == ["turn", "1", "stay", "2", "vanish", "1"]
    assert rows[1][-2:] == ["stay", "0.500"]
    # a cell that a spreadsheet would run as a formula is kept as text
    assert rows[2][1] == "'=HYPERLINK(\"x\")" and rows[2][2] == "'-1 or +1?"
    assert rows[2][4:6] == ["'-1", "1"] and rows[2][-1] == ""


# ------------------------------------------------------------------ over HTTP
@pytest.fixture
def served():
    room = question_room()
    server = ClassServer(room, "127.0.0.1", port=0)
    server.start()
    yield room, server
    server.stop()
    assert not server.running


def ask(server, method, path, body=None, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
    c.request(method, path, body=data, headers=headers or {})
    r = c.getresponse()
    out = r.status, r.read(), dict(r.getheaders())
    c.close()
    return out


def joined(server):
    status, body, _ = ask(server, "POST", "/api/KAT34/join", b"")
    assert status == 200
    return json.loads(body)["token"]


def test_a_student_joins_reads_the_question_and_answers(served):
    room, server = served
    status, page, headers = ask(server, "GET", "/KAT34")
    assert status == 200 and b"class answers" in page
    assert "script-src 'sha256-" in headers["Content-Security-Policy"]
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    token = joined(server)
    status, body, _ = ask(server, "GET", "/api/KAT34/step", headers={"X-Token": token})
    shown = json.loads(body)
    assert status == 200 and shown["step"]["answers"] == ["turn", "stay", "vanish"]
    assert set(shown) == {"version", "step", "mine"}  # the step, my answer: nothing else
    status, body, _ = ask(server, "POST", "/api/KAT34/answer",
                          {"token": token, "key": 2, "choice": 1})
    assert (status, json.loads(body)) == (200, {"ok": True})
    assert room.counts() == (1, 1, [0, 1, 0])


@pytest.mark.parametrize("method, path, body, status", [
    ("GET", "/api/WRONG/step", None, 403),
    ("POST", "/api/WRONG/join", b"", 403),
    ("GET", "/../../etc/passwd", None, 404),
    ("GET", "/%2e%2e/%2e%2e/etc/passwd", None, 404),
    ("GET", "/KAT34/../../lrviz/session.py", None, 404),
    ("GET", "/api/KAT34/../../../etc/passwd", None, 404),
    ("GET", "/page.html", None, 404),
    ("GET", "/api/KAT34/session", None, 404),
    ("POST", "/api/KAT34/answer", b"{not json", 400),
    ("POST", "/api/KAT34/answer", b"[1, 2]", 400),
    ("POST", "/api/KAT34/answer", b"\xff\xfe", 400),
    ("POST", "/api/KAT34/answer", b"[" * 1020 + b"]" * 1020, 400),
    ("POST", "/api/KAT34/answer", b'{"key": NaN, "choice": 0}', 400),
    ("POST", "/api/KAT34/answer", b'{"key": 2, "choice": 0}', 403),
    ("DELETE", "/api/KAT34/step", None, 405),
    ("PUT", "/KAT34", b"x", 405),
])
def test_hostile_requests_are_refused_in_a_line_and_change_nothing(served, method, path,
                                                                   body, status):
    room, server = served
    before = room.counts()
    got, text, _ = ask(server, method, path, body)
    assert got == status
    assert len(text) < 200 and b"Traceback" not in text and b"root:" not in text
    if text:  # (a body past the limit: Tornado's bare 400, the connection closed)
        assert set(json.loads(text)) == {"error"}
    assert room.counts() == before


def test_an_oversized_body_is_refused_and_the_server_goes_on(served):
    room, server = served
    token = joined(server)
    body = json.dumps({"token": token, "key": 2, "choice": 0, "pad": "x" * 5000}).encode()
    try:
        status = ask(server, "POST", "/api/KAT34/answer", body)[0]
    except ConnectionResetError:  # (closed before the reply was read)
        status = 400
    assert status == 400 and room.counts()[1] == 0
    assert ask(server, "GET", "/api/KAT34/step", headers={"X-Token": token})[0] == 200


def test_oversized_headers_are_refused(served):
    _, server = served
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as s:
        s.sendall(b"GET /KAT34 HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n")
        reply = b""
        while chunk := s.recv(4096):
            reply += chunk
    assert not reply.startswith(b"HTTP/1.1 200")


def test_a_slow_client_is_cut_off_and_the_class_is_not_crowded_out(monkeypatch):
    monkeypatch.setattr(server_module, "HEADER_TIME", 0.3)
    room = question_room()
    server = ClassServer(room, "127.0.0.1", port=0)
    server.start()
    try:
        slow = [socket.create_connection(("127.0.0.1", server.port), timeout=5)
                for _ in range(server_module.PER_ADDRESS + 3)]
        for s in slow:
            s.sendall(b"GET /KAT34 HTTP/1.1\r\nHost:")  # ... and never the rest
        # every one of them is closed by the server: the extra ones at once, the others
        # once their time for headers is up (recv returns b"" when the server closes; a
        # connection left open would raise socket.timeout after 5 s)
        for s in slow:
            try:
                while s.recv(100):
                    pass
            except ConnectionResetError:  # (closed before it read what was sent)
                pass
            s.close()
        assert joined(server)  # and a phone gets in afterwards
    finally:
        server.stop()


def test_the_server_stops_and_nothing_listens(served):
    _, server = served
    port = server.port
    server.stop()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


def test_a_busy_port_moves_to_a_free_one():
    room = Room()
    first = ClassServer(room, "127.0.0.1", port=0)
    first.start()
    second = ClassServer(room, "127.0.0.1", port=first.port)
    try:
        second.start()
        assert second.port != first.port and joined_any(second, room)
    finally:
        first.stop()
        second.stop()


def joined_any(server, room):
    status, body, _ = ask(server, "POST", f"/api/{room.code}/join", b"")
    return status == 200


def test_an_interface_that_is_not_this_machines_is_refused_in_a_line():
    with pytest.raises(OSError):
        ClassServer(Room(), "203.0.113.7", port=0).start()


# ------------------------------------------------------------------ in the window
@pytest.fixture(autouse=True)
def any_free_port(monkeypatch):
    """The window's rooms listen on any free port (tests run side by side)."""
    import lrviz.ui.lessons.classroom as classroom

    monkeypatch.setattr(classroom, "PORT", 0)


def class_on(qtbot, window, lesson="intro", step=8):
    assert window.open_lesson(lesson, step=step, quiet=True, live=False)
    box = window.lesson_panel.classroom
    assert not box.toggle.isChecked() and box.server is None  # off by default
    box.network.setCurrentIndex(box.network.findData("127.0.0.1"))
    box.toggle.click()
    assert box.toggle.isChecked() and box.server.running
    listening(qtbot, box)
    return box


def listening(qtbot, box):
    """Once the room's process listens, the box shows where (and the QR code)."""
    qtbot.waitUntil(lambda: "Room code" in box.where.text(), timeout=20000)


def qr_of(text):
    import segno

    return [[bool(v) for v in row] for row in segno.make(text, error="m").matrix_iter(border=4)]


def drawn_qr(label, url=None):
    """The QR code drawn on ``label``, read back module by module (dark or light)."""
    image = label.pixmap().toImage()
    n = len(qr_of(url or label.parent().server.url))
    side = image.width() / n
    assert side >= 3  # (at least three pixels a module: a phone reads it off a projector)
    return [[image.pixelColor(int((x + 0.5) * side), int((y + 0.5) * side)).lightness() < 128
             for x in range(n)] for y in range(n)]


def student(box):
    """A phone: it joins with the code the window shows, and answers over HTTP."""
    code = box.where.text().split("Room code <b>")[1].split("<")[0]
    host, port = box.where.text().split("Open <b>")[1].split("<")[0].split(":")
    assert box.server.url == f"http://{host}:{port}/{code}"  # what the QR code holds

    def call(method, what, body=None, token=None):
        c = http.client.HTTPConnection(host, int(port), timeout=5)
        c.request(method, f"/api/{code}/{what}", body=None if body is None else
                  json.dumps(body).encode(), headers={"X-Token": token} if token else {})
        r = c.getresponse()
        out = r.status, json.loads(r.read() or b"{}")
        c.close()
        return out

    token = call("POST", "join", {})[1]["token"]
    return lambda method, what, body=None: call(method, what, body, token), token


def test_the_class_answers_the_step_on_screen_and_the_teacher_sees_the_count(qtbot, window):
    box = class_on(qtbot, window)
    panel = window.lesson_panel
    assert drawn_qr(box.qr) == qr_of(box.server.url)  # the page's address, with its code
    phones = [student(box) for _ in range(3)]
    call, token = phones[0]
    status, shown = call("GET", "step")
    assert shown["step"]["question"] == panel.step.question
    assert shown["step"]["answers"] == [a["text"] for a in panel.step.answers]
    assert (shown["step"]["number"], shown["step"]["of"]) == (9, len(panel.lesson.steps))
    for (call, _), choice in zip(phones, (0, 1, 1)):
        assert call("POST", "answer", {"token": _, "key": 8, "choice": choice})[0] == 200
    qtbot.waitUntil(lambda: box.count.text() == "<b>3</b> of 3<br>answered", timeout=3000)
    # the distribution stays hidden until the teacher chooses to show it
    assert not box.bars.isVisible()
    box.reveal.click()
    assert box.bars.isVisible() and ">&nbsp;2</td>" in box.bars.text()
    box.reveal.click()
    # Run closes the answers; the verdict shows the class beside what happened ((b))
    panel.run(live=False)
    words = panel.outcome.text()
    assert "What happened: <b>(b)" in words
    assert "The class (3 answered)" in words and "2 of 3 (67 %) predicted what happened" in words
    status, refused = phones[2][0]("POST", "answer", {"token": phones[2][1], "key": 8,
                                                      "choice": 0})
    assert status == 409 and "closed" in refused["error"]
    assert phones[0][0]("GET", "step")[1]["step"]["happened"] == 1
    # the page follows the teacher's Next by itself
    panel.next()
    assert phones[0][0]("GET", "step")[1]["step"]["number"] == 10


def test_a_drawn_guess_from_a_phone_shows_on_the_teachers_map(qtbot, window):
    box = class_on(qtbot, window, step=7)
    tab, panel = window.boundary, window.lesson_panel
    call, token = student(box)
    shown = call("GET", "step")[1]["step"]
    assert shown["guess"] == "line" and shown["answers"] == []
    X, y = tab.document.points.train_test()[:2]
    (x0, x1), (y0, y1) = shown["map"]["x"], shown["map"]["y"]  # every point on a square map
    assert x0 < X[:, 0].min() and X[:, 0].max() < x1 and y0 < X[:, 1].min() < X[:, 1].max() < y1
    assert x1 - x0 == pytest.approx(y1 - y0) and len(shown["map"]["points"]) == len(X)
    x0, y0, k = shown["map"]["points"][0]
    assert (x0, y0, k) == (pytest.approx(X[0, 0], abs=1e-4), pytest.approx(X[0, 1], abs=1e-4),
                           y[0])
    line = [-2.0, -1.0, 2.0, 1.0]
    assert call("POST", "answer", {"token": token, "key": 7, "line": line})[0] == 200
    qtbot.waitUntil(lambda: box.count.text().startswith("<b>1</b>"), timeout=5000)
    box.reveal.click()
    xs, ys = tab.guess.class_item.getData()
    assert list(xs) == [-2.0, 2.0] and list(ys) == [-1.0, 1.0]
    panel.run(live=False)
    assert "The class: 1 line." in panel.outcome.text()
    assert "of 1 ran within 15°" in panel.outcome.text()
    panel.next()
    assert tab.guess.class_item is None  # the guesses go with the step


def test_the_code_shown_big_holds_the_address_and_fits_the_screen(qtbot, window, monkeypatch):
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QLabel

    from lrviz.ui.lessons.classroom import ClassAnswers

    class Projector:  # a 1280 x 720 screen, less a task bar
        def availableGeometry(self):
            return QRect(0, 0, 1280, 690)
    monkeypatch.setattr(ClassAnswers, "screen", lambda self: Projector())
    box = class_on(qtbot, window)
    dialog = box.show_big()
    qr, words = [w for w in dialog.findChildren(QLabel)][:2]
    assert drawn_qr(qr, box.server.url) == qr_of(box.server.url)
    assert box.room.code in words.text() and box.server.address in words.text()
    assert dialog.sizeHint().height() <= 690
    dialog.close()


def test_the_summary_is_saved_as_csv(qtbot, tmp_path, window):
    box = class_on(qtbot, window)
    call, token = student(box)
    call("POST", "answer", {"token": token, "key": 8, "choice": 1})
    window.lesson_panel.run(live=False)
    assert box.save(str(tmp_path / "class.csv"))
    rows = list(csv.reader(open(tmp_path / "class.csv", encoding="utf-8")))
    assert rows[1][0] == "9" and rows[1][3] == "1" and rows[1][-1] == "1.000"


def test_the_server_stops_with_the_switch_the_lesson_and_the_app(qtbot, window):
    box = class_on(qtbot, window)
    server = box.server
    box.toggle.click()
    assert server.wait() and not box.count.isVisible() and not box.qr.isVisible()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", server.port), timeout=2).close()
    box.toggle.click()
    server = box.server
    listening(qtbot, box)
    window.lesson_panel.close()
    assert server.wait() and not box.toggle.isChecked()
    window.lesson_panel.show()
    box.toggle.click()
    server = box.server
    listening(qtbot, box)
    window.shutdown()
    assert server.wait()


def test_a_new_switch_on_is_a_new_room(qtbot, window):
    box = class_on(qtbot, window)
    call, token = student(box)
    assert call("GET", "step")[0] == 200
    box.toggle.click()
    box.toggle.click()
    listening(qtbot, box)
    try:
        status, _ = call("GET", "step")
    except ConnectionRefusedError:  # (the new room listens on another port)
        status = None
    assert status in (403, None)  # the old code (or device) is not the new room's
