"""Animated pictures of training: frames kept small in memory, written as GIF, WebP or
APNG by Pillow, all or nothing (no Qt).

``Frames`` holds RGB frames compressed (zlib, fast level): a ten-second clip at
twice the window's size takes tens of megabytes, not gigabytes.  ``write_animation``
encodes them in the calling thread (the window runs it in a worker thread),
reports progress, stops when asked, and writes through a temporary file, so a
cancel, a bad folder or a full disk never leaves a half-written file under the
chosen name.
"""
from __future__ import annotations

import threading
import zlib

import numpy as np

from .fileio import write_atomically_with

#: format key -> (the name a user reads, file suffix, Pillow's format name)
FORMATS = {"gif": ("GIF", ".gif", "GIF"), "webp": ("WebP", ".webp", "WEBP"),
           "apng": ("Animated PNG", ".png", "PNG")}
#: how many times Pillow's writer reads every frame, per format
PASSES = {"gif": 1, "webp": 1, "apng": 2}
#: most frames a clip holds (a minute at 10 frames/s)
MAX_FRAMES = 600


class Cancelled(Exception):
    """The user cancelled writing an animation."""


def available_formats():
    """The format keys this Pillow can write (WebP needs Pillow built with libwebp)."""
    from PIL import features

    return [k for k in FORMATS if k != "webp" or features.check("webp")]


class Frames:
    """RGB frames of one size, compressed; ``add`` is safe from one producer thread
    while another thread reads ``len``."""

    def __init__(self):
        self._data = []
        self.size = None  # (width, height)
        self._lock = threading.Lock()

    def __len__(self):
        with self._lock:
            return len(self._data)

    def add(self, rgb):
        """Keep an (h, w, 3) uint8 frame; frames of another size are fitted to the first
        (padded or cut at the bottom right: a window resized while recording)."""
        rgb = np.asarray(rgb, dtype=np.uint8)
        if rgb.ndim != 3 or rgb.shape[2] != 3:
            raise ValueError(f"a frame must be height x width x 3, got {rgb.shape}")
        h, w = rgb.shape[:2]
        if self.size is None:
            self.size = (w, h)
        W, H = self.size
        if (w, h) != (W, H):
            fitted = np.full((H, W, 3), 255, np.uint8)
            fitted[:min(h, H), :min(w, W)] = rgb[:H, :W]
            rgb = fitted
        packed = zlib.compress(np.ascontiguousarray(rgb).tobytes(), 1)
        with self._lock:
            self._data.append(packed)

    def frame(self, i):
        W, H = self.size
        return np.frombuffer(zlib.decompress(self._data[i]), np.uint8).reshape(H, W, 3)

    def nbytes(self):
        with self._lock:
            return sum(len(d) for d in self._data)


def write_animation(path, frames, fps, fmt="gif", progress=None, cancelled=None):
    """Write ``frames`` to ``path`` at ``fps`` frames per second, looping.

    progress(fraction) is called as frames are encoded; cancelled() -> True stops
    the writing (raises Cancelled).  OSError (bad folder, full disk) and Cancelled
    leave no file under ``path``."""
    from PIL import Image

    if fmt not in FORMATS:
        raise ValueError(f"unknown animation format {fmt!r}; choose from {sorted(FORMATS)}")
    n = len(frames)
    if n == 0:
        raise ValueError("no frames were recorded")
    duration = max(20, round(1000.0 / fps))  # ms; GIF keeps hundredths of a second

    # Pillow's APNG and WebP writers go through the frames twice (first to check
    # them): progress counts every frame each pass makes
    passes = PASSES[fmt]
    made = [0]

    def image(i):
        if cancelled is not None and cancelled():
            raise Cancelled()
        im = Image.fromarray(frames.frame(i), "RGB")
        if fmt == "gif":  # 256 colours a frame: an adaptive palette, no dithering noise
            im = im.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
        made[0] += 1
        if progress is not None:
            progress(min(1.0, made[0] / (passes * n)))
        return im

    class Rest:  # frames 2..n, made when a pass reaches them (never all held at once)
        def __iter__(self):
            return (image(i) for i in range(1, n))

    options = {"save_all": True, "append_images": Rest(), "duration": duration, "loop": 0}
    if fmt == "webp":
        options.update(lossless=False, quality=85, method=2)
    elif fmt == "apng":
        options.update(optimize=False)
    else:
        options.update(optimize=False, disposal=1)

    def save(fh):
        image(0).save(fh, format=FORMATS[fmt][2], **options)

    write_atomically_with(path, save)
    if progress is not None:
        progress(1.0)
    return n
