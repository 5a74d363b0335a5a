"""The machinery that shares the interpreter between the window and training, tested
directly: background jobs, the paint guard, live plots, fine sleeps, the collector."""
import ctypes
import sys
import threading

import pytest
from PySide6.QtCore import QEvent

from lrviz import sharing
from lrviz.training import Handoff
from lrviz.ui.jobs import JobSlot, running_jobs, wait_for_jobs


# ------------------------------------------------------------------ jobs
def test_a_superseded_job_never_delivers(qtbot):
    """The old job finishes last: its result is dropped, only the new one arrives."""
    slot = JobSlot()
    release_old = threading.Event()
    got, failed = [], []

    def old(progress, cancelled):
        release_old.wait(5)
        return "old"
    slot.start(old, got.append, failed.append)
    slot.start(lambda p, c: "new", got.append, failed.append)
    qtbot.waitUntil(lambda: got == ["new"], timeout=5000)
    release_old.set()
    assert not wait_for_jobs(5)
    qtbot.wait(20)  # any queued call of the old job would have run by now
    assert got == ["new"] and not failed and not slot.running


def test_a_job_asked_for_after_the_turn_starts_then_or_never(qtbot):
    """``after_turn``: the job's thread starts once the turn that asked for it is over
    (it counts as running meanwhile); cancelled before then, it never runs."""
    from PySide6.QtCore import QCoreApplication

    slot = JobSlot()
    ran, got = [], []

    def work(progress, cancelled):
        ran.append(threading.current_thread())
        return "done"
    slot.start(work, got.append, after_turn=True)
    assert slot.running and not ran and work not in [j.fn for j in running_jobs()]
    qtbot.waitUntil(lambda: got == ["done"], timeout=5000)
    assert ran[0] is not threading.main_thread() and not slot.running
    ran.clear()
    slot.start(work, got.append, after_turn=True)
    slot.cancel()
    for _ in range(5):
        QCoreApplication.processEvents()
    assert not ran and not slot.running and not running_jobs() and slot.shutdown(5)


def test_a_failure_is_one_line_to_its_callback_or_the_slots_signal(qtbot):
    slot = JobSlot()
    failed = []
    slot.start(lambda p, c: 1 / 0, lambda r: None, failed.append)
    qtbot.waitUntil(lambda: failed == ["division by zero"], timeout=5000)
    assert not slot.running and not wait_for_jobs(5)
    with qtbot.waitSignal(slot.failed, timeout=5000) as blocker:
        slot.start(lambda p, c: int("x" * 500), lambda r: None)
    line = blocker.args[0]
    assert line.startswith("invalid literal") and len(line) <= 200 and "\n" not in line


def test_results_and_progress_arrive_in_the_gui_thread_for_the_current_job_only(qtbot):
    slot = JobSlot()
    threads, progress = [], []
    step = threading.Event()

    def work(report, cancelled):
        for k in range(3):
            report(k + 1, 3)
        step.wait(5)
        return threading.current_thread().name

    def done(name):
        threads.append((name, threading.current_thread() is threading.main_thread()))
    slot.start(work, done, on_progress=lambda d, t: progress.append(
        (d, t, threading.current_thread() is threading.main_thread())))
    qtbot.waitUntil(lambda: len(progress) == 3, timeout=5000)
    step.set()
    qtbot.waitUntil(lambda: bool(threads), timeout=5000)
    assert progress == [(1, 3, True), (2, 3, True), (3, 3, True)]
    assert threads[0][0].startswith("lrviz-job") and threads[0][1]


def test_cancel_tells_the_function_drops_its_result_and_says_it_ended(qtbot):
    slot = JobSlot()
    started, got, ended = threading.Event(), [], []
    slot.ended.connect(lambda: ended.append(1))

    def work(progress, cancelled):
        started.set()
        while not cancelled():
            pass
        return "late"
    slot.start(work, got.append)
    assert started.wait(5)
    slot.cancel()
    assert ended == [1] and not slot.running
    assert not wait_for_jobs(5)  # the function saw cancelled() and returned
    qtbot.wait(20)
    assert got == []


def test_shutdown_waits_until_the_functions_return(qtbot):
    slot = JobSlot()
    started = threading.Event()

    def work(progress, cancelled):
        started.set()
        while not cancelled():
            pass
        return None
    slot.start(work, lambda r: None)
    assert started.wait(5) and running_jobs()
    assert slot.shutdown(timeout=5)
    assert not running_jobs()


def test_a_slot_deleted_before_its_job_ends_calls_nothing(qtbot):
    from PySide6.QtWidgets import QWidget
    from shiboken6 import delete

    owner = QWidget()
    slot = JobSlot(owner)
    go, got = threading.Event(), []
    slot.start(lambda p, c: go.wait(5) and "done", got.append)
    delete(owner)  # the owner (and its slot) gone while the job runs
    go.set()
    assert not wait_for_jobs(5)
    qtbot.wait(20)
    assert got == []
    # and a window closing after its slot was deleted shuts the slot down quietly (a
    # teardown once raised "Signal source has been deleted")
    assert slot.shutdown(timeout=5)


# ----------------------------------------------------------- painting
def test_the_paint_guard_holds_training_until_the_window_has_painted(qtbot):
    from lrviz.ui.live import PaintGuard

    handoff = Handoff(share_gil=True)
    guard = PaintGuard()
    assert handoff.holds == 0
    guard.eventFilter(None, QEvent(QEvent.Type.UpdateRequest))
    guard.eventFilter(None, QEvent(QEvent.Type.Expose))  # the same paint: no second hold
    assert handoff.holds == 1
    qtbot.waitUntil(lambda: handoff.holds == 0, timeout=2000)  # the next pass of the loop
    guard.eventFilter(None, QEvent(QEvent.Type.MouseMove))  # other events: no hold
    assert handoff.holds == 0


def test_a_live_plot_is_painted_at_once_while_training_is_held_and_only_when_shown(qtbot):
    """paint_live (after a tab drew a snapshot, inside the controller's hold) paints what
    changed in every visible live plot there and then; a hidden plot waits."""
    import pyqtgraph as pg
    from PySide6.QtCore import QRectF

    from lrviz.ui.live import LivePlot, paint_live

    handoff = Handoff(share_gil=True)

    class Counting(pg.GraphicsObject):
        def __init__(self):
            super().__init__()
            self.holds = []  # the training holds open at each paint

        def boundingRect(self):
            return QRectF(0, 0, 1, 1)

        def paint(self, painter, *args):
            self.holds.append(handoff.holds)

    shown, hidden = LivePlot(), LivePlot()
    items = []
    for plot in (shown, hidden):
        qtbot.addWidget(plot)
        items.append(Counting())
        plot.addItem(items[-1])
    shown.show()
    qtbot.waitExposed(shown)
    qtbot.wait(50)
    before = [len(item.holds) for item in items]
    for item in items:
        item.update()
    with sharing.gui_busy():  # (as the controller holds while it delivers a snapshot)
        paint_live()
    assert items[0].holds[before[0]:] == [1]  # painted now, once, while training waited
    assert len(items[1].holds) == before[1]  # not shown: not painted


# ------------------------------------------------------------ threads
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")
def test_fine_sleeps_gives_the_calling_thread_a_one_nanosecond_timer_slack():
    def slack():
        return ctypes.CDLL(None).prctl(30, 0, 0, 0, 0)  # PR_GET_TIMERSLACK

    seen = []

    def thread(fine):
        ctypes.CDLL(None).prctl(29, 50_000, 0, 0, 0)  # Linux's default, 50 µs
        if fine:
            sharing.fine_sleeps()
        seen.append(slack())
    for fine in (True, False):
        t = threading.Thread(target=thread, args=(fine,))
        t.start()
        t.join()
    assert seen == [1, 50_000]


PAINT_A_PICTURE = """
import os, sys
if sys.argv[1] == "configured":
    from lrviz import sharing
    sharing.configure()
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
app = QGuiApplication([])
threads = len(os.listdir("/proc/self/task"))
picture = QImage(1200, 900, QImage.Format_RGBX8888)  # (converted as it is drawn)
picture.fill(Qt.red)
window = QImage(1600, 1200, QImage.Format_ARGB32_Premultiplied)
with QPainter(window) as painter:
    painter.drawImage(QRectF(0, 0, 1600, 1200), picture)
print(len(os.listdir("/proc/self/task")) - threads)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="counts /proc's threads")
def test_the_window_paints_a_large_picture_without_helper_threads():
    import os
    import subprocess

    env = {k: v for k, v in os.environ.items() if k != "QT_NO_GUI_THREADPOOL"}

    def helpers(how):  # (a fresh process: Qt decides about its pool once)
        out = subprocess.run([sys.executable, "-c", PAINT_A_PICTURE, how], check=True, env=env,
                             capture_output=True, text=True, timeout=60).stdout
        return int(out.split()[-1])
    assert helpers("configured") == 0
    assert helpers("as Qt comes") > 0  # (the check sees them when they are there)


def test_the_collector_runs_in_the_gui_thread_while_loops_wait():
    import gc

    from lrviz.ui.live import GuiThreadGarbage

    waits = []
    real = sharing.wait_while_collecting

    class Noted(list):
        def __del__(self):  # runs inside the collection
            waits.append(sharing._not_collecting.is_set())
    thresholds = gc.get_threshold()
    gc.set_threshold(1, thresholds[1], thresholds[2])
    try:
        a, b = Noted(), Noted()
        a.append(b)
        b.append(a)  # a cycle only the collector can free
        del a, b
        generation = GuiThreadGarbage.collect()
    finally:
        gc.set_threshold(*thresholds)
    assert generation >= 0 and waits == [False, False]  # loops were held meanwhile
    assert sharing._not_collecting.is_set() and real is sharing.wait_while_collecting
