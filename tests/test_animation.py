"""File > Export animation…: a clip of the tab while it trains, all or nothing."""
import errno
import os

import numpy as np
import pytest
from PIL import Image

from lrviz import animation
from lrviz.animation import Frames, write_animation


def record(qtbot, window, path, frames=12, epochs=5, **choices):
    """Record ``frames`` frames, training ``epochs`` epochs between them (deterministic:
    the test takes each frame where a timer would)."""
    tab = window.current_page()
    rec = window.recording.export_animation(path, timer=False, **choices)
    assert rec is not None
    tab.controller.pause()
    for _ in range(frames):
        tab.train_now(epochs)
        rec.capture()
    qtbot.waitUntil(lambda: rec.done, timeout=30000)
    return rec


def decoded(path):
    im = Image.open(path)
    out = []
    for i in range(im.n_frames):
        im.seek(i)
        out.append(np.asarray(im.convert("RGB")).astype(int))
    return im, out


@pytest.mark.parametrize("fmt", ["gif", "webp", "apng"])
def test_a_clip_decodes_with_its_frames_and_size_and_moves(qtbot, window, tmp_path, fmt):
    if fmt not in animation.available_formats():
        pytest.skip(f"this Pillow cannot write {fmt}")
    window.boundary.editor.load_preset("blobs", 40, 1.5, 3)
    path = tmp_path / f"clip{animation.FORMATS[fmt][1]}"
    rec = record(qtbot, window, path, fmt=fmt, fps=10, seconds=1.2, scale=0.5)
    assert path.exists() and rec.message.startswith("Saved") and str(path.name) in rec.message
    im, frames = decoded(path)
    assert abs(len(frames) - 12) <= 1
    tab = window.current_page()
    assert im.size == (round(tab.width() * 0.5), round(tab.height() * 0.5))
    changed = [np.abs(a - b).mean() for a, b in zip(frames, frames[1:])]
    assert sum(c > 0.05 for c in changed) >= len(changed) // 2  # it trains: frames differ
    assert window.statusBar().currentMessage() == rec.message
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary left


def test_twice_the_size_for_slides(qtbot, window, tmp_path):
    path = tmp_path / "big.gif"
    rec = record(qtbot, window, path, frames=3, fmt="gif", fps=10, seconds=0.3, scale=2.0)
    assert rec.message.startswith("Saved")
    tab = window.current_page()
    assert Image.open(path).size == (2 * tab.width(), 2 * tab.height())


def test_the_timeline_replays_into_a_clip(qtbot, window, tmp_path):
    tab = window.boundary
    tab.editor.load_preset("blobs", 40, 1.5, 3)
    for _ in range(30):
        tab.train_now(1)
    rec = window.recording.export_animation(tmp_path / "replay.gif", timer=False, fmt="gif", fps=10,
                                  seconds=0.6, scale=0.5, replay=True)
    assert tab.view.timeline.in_past and tab.view.timeline.replay_button.isChecked()
    for _ in range(6):
        tab.view.timeline._replay_tick()  # the replay's own timer, one tick per frame here
        rec.capture()
    qtbot.waitUntil(lambda: rec.done, timeout=30000)
    _, frames = decoded(tmp_path / "replay.gif")
    assert len(frames) == 6 and np.abs(frames[0] - frames[-1]).mean() > 0.05


def test_cancel_leaves_nothing(qtbot, window, tmp_path):
    path = tmp_path / "never.gif"
    path.write_bytes(b"the user's older file")
    rec = window.recording.export_animation(path, timer=False, fmt="gif", fps=10, seconds=1, scale=0.5)
    window.current_page().controller.pause()
    rec.capture()
    rec.cancel()
    qtbot.waitUntil(lambda: rec.done, timeout=30000)
    assert "cancelled" in rec.message
    assert path.read_bytes() == b"the user's older file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["never.gif"]


def test_cancel_while_writing_stops_the_writer_and_leaves_nothing(tmp_path):
    frames = Frames()
    for i in range(30):
        frames.add(np.full((40, 60, 3), 8 * i, np.uint8))
    asked = []

    def cancelled():
        asked.append(1)
        return len(asked) > 10  # the user presses Cancel a third of the way in
    with pytest.raises(animation.Cancelled):
        write_animation(tmp_path / "a.gif", frames, 10, "gif", cancelled=cancelled)
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_leaves_no_half_written_file(qtbot, window, tmp_path, monkeypatch):
    real = Image.Image.save

    def full_disk(self, fp, *args, **kwargs):
        fp.write(b"GIF89a half a frame")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    monkeypatch.setattr(Image.Image, "save", full_disk)
    path = tmp_path / "full.gif"
    rec = record(qtbot, window, path, frames=2, fmt="gif", fps=10, seconds=0.2, scale=0.5)
    monkeypatch.setattr(Image.Image, "save", real)
    assert "No space left on device" in rec.message
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_is_not_there_is_refused_before_recording(qtbot, window, tmp_path,
                                                              monkeypatch):
    errors = []
    monkeypatch.setattr(window.files, "error", lambda title, text, quiet=False: errors.append(text))
    assert window.recording.export_animation(tmp_path / "no" / "such" / "clip.gif", fmt="gif", fps=10,
                                   seconds=1, scale=1.0, timer=False) is None
    assert errors and "no such folder" in errors[0] and window.recording.animation is None


def test_frames_of_another_size_are_fitted_to_the_first():
    frames = Frames()
    frames.add(np.zeros((4, 6, 3), np.uint8))
    frames.add(np.full((5, 5, 3), 9, np.uint8))  # the window was resized meanwhile
    assert frames.frame(1).shape == (4, 6, 3)
    assert frames.frame(1)[0, 0, 0] == 9 and frames.frame(1)[0, 5, 0] == 255
    with pytest.raises(ValueError):
        frames.add(np.zeros((4, 6), np.uint8))
