"""Class answers under a class: 200 students answer within two seconds.

``class_answer_figures()`` opens a lesson step in the window, turns Class answers on
and starts a second process (the phones are other machines: their work must not
share the window's interpreter) in which 200 students, each from its own loopback
address, join, poll the step once a second as the page does, and answer at a random
moment within two seconds.  The window meanwhile shows the count four times a
second.  Figures: answers counted of those sent, the 99th percentile of the time
from an answer's sending to the count on screen including it, the longest stall
of the window's event loop (beside the same window's with no class, measured just
before), and the window's memory growth over two such rounds.

``python benchmarks/classroom.py students HOST PORT CODE N SECONDS`` is the class.
"""
from __future__ import annotations

import asyncio
import json
import os
import random
import subprocess
import sys
import time


# ------------------------------------------------------------ the class (its own process)
async def _request(ip, host, port, method, path, body=None, token=None):
    reader, writer = await asyncio.open_connection(host, port, local_addr=(ip, 0))
    data = b"" if body is None else json.dumps(body).encode()
    head = (f"{method} {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n"
            + (f"X-Token: {token}\r\n" if token else "") + "\r\n")
    writer.write(head.encode() + data)
    await writer.drain()
    reply = await reader.read()
    writer.close()
    status = int(reply.split(b" ", 2)[1])
    return status, json.loads(reply.split(b"\r\n\r\n", 1)[1] or b"{}")


async def _student(i, host, port, code, seconds, out):
    ip = f"127.0.{1 + i // 250}.{2 + i % 250}"
    rng = random.Random(i)
    status, body = await _request(ip, host, port, "POST", f"/api/{code}/join", {})
    if status != 200:
        raise RuntimeError(f"{ip}: join refused ({status}, {body})")
    token = body["token"]
    status, shown = await _request(ip, host, port, "GET", f"/api/{code}/step", token=token)
    step = shown["step"]
    answer_at = time.monotonic() + rng.uniform(0.0, seconds)
    polled = time.monotonic()
    while time.monotonic() < answer_at:  # the page polls once a second
        await asyncio.sleep(min(answer_at, polled + 1.0) - time.monotonic())
        if time.monotonic() >= polled + 1.0:
            polled = time.monotonic()
            await _request(ip, host, port, "GET", f"/api/{code}/step", token=token)
    sent = time.monotonic()
    status, _ = await _request(ip, host, port, "POST", f"/api/{code}/answer",
                               {"token": token, "key": step["key"],
                                "choice": rng.randrange(len(step["answers"]))})
    out.append({"sent": sent, "status": status})
    for _ in range(2):  # and goes on polling a little
        await asyncio.sleep(1.0)
        await _request(ip, host, port, "GET", f"/api/{code}/step", token=token)


async def _class(host, port, code, n, seconds):
    out = []
    await asyncio.gather(*(_student(i, host, port, code, seconds, out) for i in range(n)))
    return out


# ------------------------------------------------------------ the window
def class_answer_figures(n=200, seconds=2.0):
    sys.path.insert(0, __file__.rsplit("/", 1)[0])
    from run import _app, _rss_mb, _run_for, _stall_meter
    from lrviz.ui import MainWindow

    app = _app()
    win = MainWindow()
    # (as the other figures: offscreen, the virtual screen is 800 pixels wide, and a
    # 1280-pixel window's floating lesson panel was placed again and again)
    win.resize(1600, 1000)
    win.show()
    _run_for(app, 0.5)
    assert win.open_lesson("intro", step=8, quiet=True, live=False)
    box = win.lesson_panel.classroom
    box.network.setCurrentIndex(box.network.findData("127.0.0.1"))
    box.toggle.click()

    def listening():
        while "Room code" not in box.where.text():
            _run_for(app, 0.05)
    listening()
    seen = []  # (when, the count on screen), at every change of the label
    refresh = box.refresh

    def watched():
        refresh()
        shown = int(box.count.text().split("<b>")[1].split("<")[0])
        if not seen or seen[-1][1] != shown:
            seen.append((time.monotonic(), shown))
    box.timer.timeout.disconnect()
    box.timer.timeout.connect(watched)
    stall = _stall_meter(app)
    # the same window with Class answers on and no class, for comparison: on a busy
    # machine the stalls come from elsewhere
    out = {"class_answers_idle_max_stall_ms": stall(lambda: None, 3.0)}
    latencies, stalls, rss = [], [], [_rss_mb()]
    for _round in range(2):
        seen.clear()
        before = box.room.counts()[1]
        cls = subprocess.Popen([sys.executable, __file__, "students", box.server.host,
                                str(box.server.port), box.room.code, str(n), str(seconds)],
                               stdout=subprocess.PIPE, text=True,
                               preexec_fn=lambda: os.nice(19))  # (on its own devices)
        stalls.append(stall(lambda: None, 1.0, until=lambda: cls.poll() is not None))
        sent = json.loads(cls.stdout.read())
        ok = sorted(s["sent"] for s in sent if s["status"] == 200)
        _run_for(app, 0.5)  # (the room's last state reaches the window)
        counted = box.room.counts()[1] - before
        out[f"class_answers_counted_of_{n}"] = min(out.get(f"class_answers_counted_of_{n}", n),
                                                   counted)
        for k, t in enumerate(ok):  # the k-th answer is in the first count above k
            shown = next((w for w, c in seen if c - before > k), None)
            latencies.append(float("inf") if shown is None else 1000 * (shown - t))
        rss.append(_rss_mb())
        box.toggle.click()  # off, and on again: a new room for the second class
        box.toggle.click()
        listening()
    box.stop()
    win.shutdown()
    latencies.sort()
    out["class_answer_to_count_p99_ms"] = latencies[int(0.99 * (len(latencies) - 1))]
    out["class_answers_max_stall_ms"] = max(stalls)
    out["class_answers_memory_growth_mb"] = rss[-1] - rss[1]  # (the second round's)
    return out


if __name__ == "__main__" and sys.argv[1:2] == ["students"]:
    host, port, code, n, seconds = sys.argv[2:7]
    result = asyncio.run(_class(host, int(port), code, int(n), float(seconds)))
    print(json.dumps(result))
