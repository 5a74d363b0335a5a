"""Pictures of widgets as PNG, JPEG, BMP or SVG bytes, written to exactly the path given.

Qt would turn a file name that is not valid UTF-8 into another name; so the
picture is encoded in memory and Python writes it (atomically) to the path the
user typed, whatever its bytes.
"""
from __future__ import annotations

import os

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRectF, QSize
from PySide6.QtGui import QImage, QPainter

from ..fileio import excerpt, write_atomically

FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".bmp": "BMP", ".svg": "SVG"}
CHOICES = ".png, .jpg, .bmp or .svg"


def picture_format(path):
    """"PNG", "JPEG", "BMP" or "SVG" from the path's extension, else ValueError naming them."""
    ext = os.path.splitext(os.fsdecode(path))[1].lower()
    if ext not in FORMATS:
        what = f"the extension {excerpt(ext, 12)}" if ext else "a name without an extension"
        raise ValueError(f"cannot save a picture as {what}: use {CHOICES}")
    return FORMATS[ext]


def image_bytes(image, fmt):
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.WriteOnly)
    if not image.save(buf, fmt):
        raise ValueError(f"could not encode the picture as {fmt}")
    buf.close()
    return bytes(data.data())


def widget_bytes(widget, fmt, scale=1.0):
    """The widget as it is drawn now, encoded as ``fmt`` (SVG keeps the vectors)."""
    if fmt == "SVG":
        from PySide6.QtSvg import QSvgGenerator

        data = QByteArray()
        buf = QBuffer(data)
        buf.open(QIODevice.WriteOnly)
        gen = QSvgGenerator()
        gen.setOutputDevice(buf)
        gen.setSize(widget.size())
        gen.setViewBox(QRectF(0, 0, widget.width(), widget.height()))
        gen.setTitle("lrviz")
        painter = QPainter(gen)
        widget.render(painter, QPoint())
        painter.end()
        buf.close()
        return bytes(data.data())
    return image_bytes(widget_image(widget, scale), fmt)


def widget_image(widget, scale=1.0, image_format=QImage.Format_ARGB32):
    """The widget drawn again at ``scale`` times its size (text and lines stay sharp)."""
    image = QImage(QSize(int(widget.width() * scale), int(widget.height() * scale)),
                   image_format)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    painter.scale(scale, scale)
    widget.render(painter, QPoint())
    painter.end()
    return image



def save_widget(widget, path, scale=1.0):
    """Write a picture of ``widget`` to ``path``; ValueError or OSError say why not."""
    write_atomically(path, widget_bytes(widget, picture_format(path), scale))
