"""A launcher in the desktop's application menu: ``lrviz --install-desktop``.

A wheel cannot place files outside the environment it is installed in, so the
command writes them for the user who runs it, where the freedesktop.org
specifications look (``$XDG_DATA_HOME``, by default ``~/.local/share``): the
desktop file ``applications/lrviz.desktop`` and the icon
``icons/hicolor/128x128/apps/lrviz.png``.  The window sets the same name as its
desktop file name (``lrviz.ui.app.DESKTOP_NAME``), so it groups with its launcher.
No Qt here.
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from .theme_paths import icon_path

NAME = "lrviz"


def data_home():
    """``$XDG_DATA_HOME`` if it is an absolute path, else ``~/.local/share``."""
    home = os.environ.get("XDG_DATA_HOME", "")
    return Path(home) if home and os.path.isabs(home) else Path.home() / ".local" / "share"


def paths():
    """(desktop file, icon) where ``install`` writes them."""
    base = data_home()
    return (base / "applications" / f"{NAME}.desktop",
            base / "icons" / "hicolor" / "128x128" / "apps" / f"{NAME}.png")


def _quote(arg):
    """One argument of an Exec line (the desktop entry specification's quoting)."""
    if arg and not any(c in arg for c in ' \t\n"\'\\><~|&;$*?#()`='):
        return arg
    return '"' + "".join("\\" + c if c in '"`$\\' else c for c in arg) + '"'


def command():
    """How the launcher starts lrviz: the standalone app itself, or this Python with
    ``-m lrviz`` (no activated environment needed)."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "lrviz"]


def entry(icon):
    exec_line = " ".join(_quote(a).replace("%", "%%") for a in command())
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Name=lrviz",
        "GenericName=Logistic regression, live",
        "Comment=Watch logistic regression learn, and grow into a neural network",
        f"Exec={exec_line} %f",
        f"Icon={icon}",
        "Terminal=false",
        "Categories=Education;Science;Math;",
        "Keywords=logistic regression;machine learning;neural network;teaching;",
        f"StartupWMClass={NAME}",
        "",
    ])


def install():
    """Write the desktop file and the icon; returns their paths."""
    desktop, icon = paths()
    icon.parent.mkdir(parents=True, exist_ok=True)
    desktop.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(icon_path(), icon)
    tmp = desktop.with_name(desktop.name + ".tmp")
    tmp.write_text(entry(icon), encoding="utf-8")
    os.replace(tmp, desktop)
    return desktop, icon


def uninstall():
    """Remove what ``install`` wrote; returns the paths removed."""
    gone = []
    for path in paths():
        if path.exists():
            path.unlink()
            gone.append(path)
    return gone
