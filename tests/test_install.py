"""Installing lrviz as a newcomer would: the sdist and the wheel, the desktop
launcher, the standalone app folder -- and nothing printed that the user did not
ask for."""
import configparser
import os
import re
import shlex
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

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


# ------------------------------------------------------------------ packaging
def _source_copy(dest):
    """The checkout as a clean tree (no history, caches or builds)."""
    skip = shutil.ignore_patterns(".git", ".ci-venv", "build", "dist", "*.egg-info",
                                  "__pycache__", ".pytest_cache", "out*.png")
    shutil.copytree(ROOT, dest, ignore=skip)
    return dest


def _metadata(wheel):
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        meta = z.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    return names, meta


@pytest.mark.packaging
def test_sdist_and_wheel_are_complete_and_the_suite_runs_from_the_sdist(tmp_path):
    src = _source_copy(tmp_path / "src")
    built = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir",
                            str(tmp_path / "dist"), str(src)],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    assert "deprecat" not in (built.stdout + built.stderr).lower()
    sdist = next((tmp_path / "dist").glob("lrviz-*.tar.gz"))
    wheel = next((tmp_path / "dist").glob("lrviz-*.whl"))

    # the wheel: the licence, the metadata, the package's own files, the command
    names, meta = _metadata(wheel)
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "License-Expression: MIT" in meta
    assert "Classifier: Intended Audience :: Education" in meta
    assert re.search(r"^Keywords: .*logistic regression", meta, re.M)
    assert "lrviz/assets/icon.png" in names
    assert {f"lrviz/lessons/builtin/{n}.json" for n in ("intro", "xor", "l1")} <= set(names)

    # the sdist: the tests with their conftest and helpers, the README's pictures,
    # the benchmarks, the standalone build
    with tarfile.open(sdist) as tar:
        top = sdist.name[:-len(".tar.gz")]
        members = {m.name[len(top) + 1:] for m in tar.getmembers()}
        tar.extractall(tmp_path / "unpacked", filter="data")
    unpacked = tmp_path / "unpacked" / top
    pictures = set(re.findall(r"\]\((assets/[^)]+)\)", (ROOT / "README.md").read_text()))
    assert pictures and pictures <= members
    tests = {p.relative_to(ROOT).as_posix() for p in (ROOT / "tests").glob("*.py")}
    assert tests <= members and {"tests/conftest.py", "tests/helpers.py"} <= members
    assert {"LICENSE", "README.md", "benchmarks/run.py", "tools/build_standalone.py"} <= members

    # the suite from the unpacked sdist, importing lrviz from there: every test is
    # collected (conftest.py and helpers.py are there) and a cross-section passes
    env = dict(os.environ, PYTHONPATH=str(unpacked), QT_QPA_PLATFORM="offscreen")
    where = subprocess.run([sys.executable, "-c", "import lrviz; print(lrviz.__file__)"],
                           capture_output=True, text=True, cwd=unpacked, env=env)
    assert Path(where.stdout.strip()).is_relative_to(unpacked)
    pytest_args = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                   "-n", "0", "-m", "not packaging and not standalone"]
    collected = subprocess.run([*pytest_args, "--collect-only"], capture_output=True,
                               text=True, cwd=unpacked, env=env, timeout=300)
    assert collected.returncode == 0, collected.stdout[-3000:]
    count = int(re.search(r"(\d+) tests? collected", collected.stdout).group(1))
    assert count > 300
    run = subprocess.run([*pytest_args, "tests/test_house.py", "tests/test_cli.py",
                          "tests/test_models.py"],
                         capture_output=True, text=True, cwd=unpacked, env=env, timeout=900)
    assert run.returncode == 0, run.stdout[-3000:]
    assert re.search(r"\d+ passed", run.stdout) and " failed" not in run.stdout


# ------------------------------------------------------------ standalone app
@pytest.mark.standalone
def test_the_standalone_folder_runs_without_any_python(tmp_path):
    """``python tools/build_standalone.py`` builds a folder that runs with no Python on
    the PATH and none of this environment (run with ``-m standalone``)."""
    pytest.importorskip("PyInstaller")
    built = subprocess.run([sys.executable, str(ROOT / "tools" / "build_standalone.py"),
                            "--dist", str(tmp_path / "dist"), "--work", str(tmp_path / "work")],
                           capture_output=True, text=True, timeout=1800)
    assert built.returncode == 0, built.stderr[-3000:]
    # moved away from where it was built, as a copied folder is
    app = shutil.move(tmp_path / "dist" / "lrviz", tmp_path / "elsewhere")
    exe = Path(app) / ("lrviz.exe" if sys.platform == "win32" else "lrviz")
    assert any(p.name.startswith(("libpython3", "python3")) for p in Path(app).rglob("*"))
    empty = tmp_path / "bin"
    empty.mkdir()
    bare = {"PATH": str(empty), "HOME": str(tmp_path), "LANG": "C.UTF-8",
            "QT_QPA_PLATFORM": "offscreen",
            # were the app to look for a Python of its own, it would find none here
            "PYTHONHOME": str(tmp_path / "none"), "PYTHONPATH": str(tmp_path / "none")}
    if sys.platform == "win32":
        bare["SYSTEMROOT"] = os.environ.get("SYSTEMROOT", r"C:\Windows")
    version = subprocess.run([str(exe), "--version"], capture_output=True, text=True,
                             env=bare, timeout=120)
    assert version.stdout.strip() == f"lrviz {__version__}", version.stderr
    shot = tmp_path / "shot.png"
    out = subprocess.run([str(exe), "--tab", "boundary", "--epochs", "200", "--screenshot",
                          str(shot)], capture_output=True, text=True, env=bare, timeout=120)
    assert out.returncode == 0 and out.stderr == "", out.stderr
    from PySide6.QtGui import QImage

    img = QImage(str(shot))
    assert img.width() >= 1000 and img.height() >= 700
    colours = {img.pixelColor(x, img.height() // 2).name() for x in range(50, img.width() // 2, 7)}
    assert len(colours) > 5  # the map's two class tints, the boundary, the points
