"""What several test modules need: reading training's progress from what the window got."""


def shown_epoch(tab):
    """The epoch of the newest snapshot the tab drew (0 before the first)."""
    latest = tab.controller.latest
    return latest.epoch if latest is not None else 0


def settle(qtbot, tab, timeout=15000):
    """Pause and wait until the window shows the state where training stopped."""
    c = tab.controller
    c.pause()

    def at_rest():
        c.take()
        assert c.latest is not None and not c.latest.running
        assert not c.handoff.shown_running and not c.handoff.has_changes()
    qtbot.waitUntil(at_rest, timeout=timeout)
    return c.latest
