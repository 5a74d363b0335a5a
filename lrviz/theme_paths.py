"""Where the files shipped inside the package live (works from a wheel too)."""
from __future__ import annotations

from importlib import resources
from pathlib import Path


def asset(name):
    return Path(str(resources.files("lrviz") / "assets" / name))


def icon_path():
    return asset("icon.png")
