"""Build the standalone app folder: lrviz with its own Python, Qt and libraries, for a
machine with no Python installed.

    pip install '.[standalone]'
    python tools/build_standalone.py            # -> dist/lrviz/lrviz (lrviz.exe on Windows)

The folder runs as the ``lrviz`` command does (``dist/lrviz/lrviz --screenshot
x.png`` too) and can be zipped and copied to another machine of the same
operating system and processor.  PyInstaller builds it (not briefcase): it freezes
the environment lrviz already runs in, in one command and with no project layout
of its own to keep, and its hooks for PySide6, numpy and pyqtgraph are maintained
with them.  It builds for the system it runs on; build on each system you ship to.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Modules lrviz never imports that the freezer would otherwise follow from the
#: environment (the test and benchmark extras, other Qt bindings and parts of Qt;
#: pyqtgraph imports QtOpenGL itself).
EXCLUDE = ["scipy", "sklearn", "matplotlib", "pytest", "_pytest", "pytestqt", "xdist",
           "IPython", "pandas", "tkinter", "PyQt5", "PyQt6", "PySide2", "PyInstaller",
           "setuptools", "pip", "build",
           "PySide6.QtNetwork",
           "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets", "PySide6.QtSql",
           "PySide6.QtTest", "PySide6.QtDBus", "PySide6.QtConcurrent", "PySide6.QtXml",
           "PySide6.QtHelp", "PySide6.QtDesigner", "PySide6.QtUiTools",
           "PySide6.QtPrintSupport"]


def build(dist, work, quiet=True):
    """Build ``dist``/lrviz; returns the path of its executable."""
    try:
        import PyInstaller.__main__
    except ImportError:
        raise SystemExit("PyInstaller is not installed: pip install '.[standalone]'") from None
    args = [str(ROOT / "tools" / "lrviz_app.py"), "--name", "lrviz", "--onedir",
            "--windowed", "--noconfirm", "--clean",
            "--distpath", str(dist), "--workpath", str(work), "--specpath", str(work),
            # the package's own files: icon, built-in lessons
            "--collect-data", "lrviz", "--paths", str(ROOT),
            # the tabs are imported by name from their registry
            "--collect-submodules", "lrviz",
            "--icon", str(ROOT / "lrviz" / "assets" / "icon.png"),
            "--log-level", "WARN" if quiet else "INFO"]
    for name in EXCLUDE:
        args += ["--exclude-module", name]
    PyInstaller.__main__.run(args)
    return Path(dist) / "lrviz" / ("lrviz.exe" if sys.platform == "win32" else "lrviz")


def folder_size(path):
    """Bytes in the folder's files (a link counts once, as the link)."""
    return sum(p.lstat().st_size for p in Path(path).rglob("*")
               if p.is_symlink() or p.is_file())


def main(argv=None):
    p = argparse.ArgumentParser(description="Build the standalone lrviz app folder.")
    p.add_argument("--dist", default=str(ROOT / "dist"), help="where the folder goes "
                   "(default: dist/ in the repository; the app is DIST/lrviz/)")
    p.add_argument("--work", default=str(ROOT / "build" / "standalone"),
                   help="PyInstaller's working folder (default: build/standalone)")
    p.add_argument("--verbose", action="store_true", help="PyInstaller's full log")
    args = p.parse_args(argv)
    start = time.perf_counter()
    exe = build(args.dist, args.work, quiet=not args.verbose)
    size = folder_size(exe.parent) / 1e6
    print(f"{exe}  ({size:.0f} MB, built in {time.perf_counter() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
