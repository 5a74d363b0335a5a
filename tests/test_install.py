"""Installing lrviz as a newcomer would: the sdist and the wheel, the desktop
launcher, the standalone app folder -- and nothing printed that the user did not
ask for."""
import configparser
import os
import shlex
import subprocess
import sys
from pathlib import Path

from lrviz import __version__

ROOT = Path(__file__).resolve().parents[1]


def lrviz(*args, env=None, timeout=120):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **(env or {}))
    return subprocess.run([sys.executable, "-m", "lrviz", *args], capture_output=True,
                          text=True, timeout=timeout, env=env)


def test_a_screenshot_prints_its_path_and_nothing_else(tmp_path):
    """Qt's offscreen platform says it cannot size a window's frame: nothing the user
    did, so nothing is printed."""
    shot = tmp_path / "shot.png"
    out = lrviz("--screenshot", str(shot))
    assert out.returncode == 0
    assert out.stdout == f"{shot}\n"
    assert out.stderr == ""


def test_other_qt_messages_still_reach_stderr():
    code = ("from lrviz.ui.app import make_app; make_app(offscreen=True); "
            "from PySide6.QtCore import qWarning; qWarning('a message of Qt')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert out.returncode == 0 and out.stderr == "a message of Qt\n"


# ---------------------------------------------------------------- the desktop
def test_install_desktop_writes_a_launcher_that_starts_lrviz(tmp_path):
    home = tmp_path / "share"
    out = lrviz("--install-desktop", env={"XDG_DATA_HOME": str(home)})
    assert out.returncode == 0, out.stderr
    desktop = home / "applications" / "lrviz.desktop"
    icon = home / "icons" / "hicolor" / "128x128" / "apps" / "lrviz.png"
    assert out.stdout.split("\n")[:2] == [str(desktop), str(icon)]
    assert icon.read_bytes() == (ROOT / "lrviz" / "assets" / "icon.png").read_bytes()

    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(desktop, encoding="utf-8")
    e = entry["Desktop Entry"]
    assert (e["Type"], e["Name"], e["Icon"], e["Terminal"]) == \
        ("Application", "lrviz", str(icon), "false")
    # the window's desktop file name is the launcher's: the window groups with it
    assert e["StartupWMClass"] == "lrviz" == desktop.stem
    assert "Education" in e["Categories"].split(";")
    # the launcher's command starts lrviz (here: asked for its version)
    argv = [a for a in shlex.split(e["Exec"]) if a != "%f"]
    assert argv[0] == sys.executable
    started = subprocess.run([*argv, "--version"], capture_output=True, text=True, timeout=60)
    assert started.stdout.strip() == f"lrviz {__version__}"

    out = lrviz("--uninstall-desktop", env={"XDG_DATA_HOME": str(home)})
    assert out.returncode == 0 and not desktop.exists() and not icon.exists()
    assert lrviz("--uninstall-desktop", env={"XDG_DATA_HOME": str(home)}).stdout \
        == "nothing to remove\n"


def test_install_desktop_refused_in_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    out = lrviz("--install-desktop", env={"XDG_DATA_HOME": str(blocker)})
    assert out.returncode == 1
    assert out.stderr.startswith("lrviz: could not write ") and out.stderr.count("\n") == 1
    assert blocker.read_text() == "not a folder"


def test_the_window_says_its_desktop_file_name(qapp):
    from PySide6.QtGui import QGuiApplication

    from lrviz.ui.app import DESKTOP_NAME, make_app

    make_app()
    assert QGuiApplication.desktopFileName() == DESKTOP_NAME == "lrviz"
