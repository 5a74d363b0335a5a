import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from lrviz import sharing  # noqa: E402

sharing.configure()  # as the app does: the GUI thread never waits long for Python


def pytest_collection_modifyitems(config, items):
    """The long walks first: started last, one of them kept a core busy for half a
    minute after the other had finished."""
    items.sort(key=lambda item: item.get_closest_marker("long") is None)


def pytest_addoption(parser):
    parser.addoption("--soak", action="store_true",
                     help="run the soak tests at their full counts (50 window closes while "
                          "training, 2,000 random actions) instead of a fifth of them")


@pytest.fixture
def soak(request):
    """How many times more a soak test repeats than by default (``--soak``: 5)."""
    return 5 if request.config.getoption("--soak") else 1


@pytest.fixture(autouse=True, scope="session")
def garbage_in_the_gui_thread(qapp):
    """As the app does: cycles are collected in the GUI thread only (a collection in
    a training thread could destroy a closed window's widgets there: a deadlock)."""
    from lrviz.ui.live import GuiThreadGarbage

    GuiThreadGarbage.install()


@pytest.fixture(autouse=True)
def flat_out(request, monkeypatch):
    """Tabs start at "max" speed in tests (the app starts at a pace a class can watch),
    so tests that wait for hundreds of epochs do not wait for seconds.  Tests of the
    watchable pace itself are marked ``watchable``."""
    if "watchable" in request.keywords:
        return
    import math

    from lrviz.ui.tabs import TABS, tab_class

    for key in TABS:
        monkeypatch.setattr(tab_class(key), "default_speed", math.inf)


@pytest.fixture(autouse=True)
def no_training_thread_left_running(request):
    """Fail any test that leaves a training QThread or a background job running."""
    yield
    if "qapp" not in request.fixturenames and "qtbot" not in request.fixturenames:
        return
    from lrviz.training.worker import running_threads
    from lrviz.ui.jobs import wait_for_jobs

    jobs = wait_for_jobs(timeout=10)  # (a cancelled job ends at its next look at "cancelled")
    assert not jobs, f"test left {len(jobs)} background job(s) running"

    left = running_threads()
    for thread in left:  # stop them, so that one failure cannot slow every later test
        loop = getattr(thread, "loop", None)
        if loop is not None:
            loop.handoff.stop()
        thread.quit()
        thread.wait(5000)
    assert not left, f"test left {len(left)} training thread(s) running"


@pytest.fixture
def make_tab(qtbot):
    """Build a tab on its own, shown at a classroom size; shut down after the test."""
    made = []

    def make(cls):
        from PySide6.QtCore import Qt

        tab = cls()
        tab.setAttribute(Qt.WA_DeleteOnClose)
        qtbot.addWidget(tab)
        tab.resize(1400, 860)
        tab.show()
        qtbot.waitExposed(tab)
        made.append(tab)
        return tab

    yield make
    for tab in made:
        tab.shutdown()


@pytest.fixture
def window(qtbot):
    """The main window at a classroom size."""
    from lrviz.ui import MainWindow

    from PySide6.QtCore import Qt

    win = MainWindow()
    win.setAttribute(Qt.WA_DeleteOnClose)  # as the app's window: freed once closed
    qtbot.addWidget(win)
    win.resize(1400, 880)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.shutdown()
