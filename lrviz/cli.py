"""Command line: ``lrviz [--tab T] [--preset P] [--data F] [--epochs N] [--screenshot F]``."""
from __future__ import annotations

import argparse
import sys

from . import __version__
from .fileio import show_path


def build_parser():
    from .data import PRESETS_2D
    from .ui.tabs import TABS

    p = argparse.ArgumentParser(
        prog="lrviz",
        description="Watch logistic regression learn, and grow into a neural network.")
    p.add_argument("session", nargs="?", metavar="SESSION.json",
                   help="open a session saved with File > Save session")
    p.add_argument("--version", action="version", version=f"lrviz {__version__}")
    p.add_argument("--tab", choices=list(TABS), help="tab to open (default boundary, or the session's)")
    p.add_argument("--preset", choices=list(PRESETS_2D),
                   help="data set for the Boundary Builder")
    p.add_argument("--data", metavar="FILE.csv",
                   help="points for the Boundary Builder (header x1,x2,label)")
    p.add_argument("--epochs", type=int, default=0, metavar="N",
                   help="train N epochs before showing the window (default 0)")
    p.add_argument("--presentation", action="store_true",
                   help="start in presentation mode (full screen, larger text; F11 leaves it)")
    p.add_argument("--theme", choices=["light", "dark", "high contrast"],
                   help="colours of the window and plots (default: the system's dark or "
                        "high-contrast setting, else light)")
    p.add_argument("--lesson", metavar="NAME|FILE.json",
                   help="open a lesson beside the tabs: a built-in one (intro, xor, l1) or a "
                        "lesson file")
    p.add_argument("--step", type=int, default=1, metavar="K",
                   help="with --lesson: start at step K (default 1)")
    p.add_argument("--screenshot", metavar="FILE.png",
                   help="save a picture of the window and exit (works with no display)")
    return p




def _say(text):
    """One line on stderr, whatever bytes a path held."""
    print(f"lrviz: {text}", file=sys.stderr)


def main(argv=None):
    interrupt = _Interrupt()
    args = build_parser().parse_args(argv)
    from .models.base import MAX_EPOCHS  # (the models' own limit: a few minutes of training)

    if not 0 <= args.epochs <= MAX_EPOCHS:
        _say(f"--epochs must be 0..{MAX_EPOCHS:,}")
        return 2
    if args.screenshot:
        from .ui.pictures import picture_format

        try:
            picture_format(args.screenshot)
        except ValueError as exc:
            _say(f"{show_path(args.screenshot)}: {exc}")
            return 2
    if args.session:  # refused before any window exists
        from .session import SessionError, read_session

        try:
            read_session(args.session)
        except SessionError as exc:
            _say(exc)
            return 2
    if args.lesson:  # refused before any window exists
        from .lessons import LessonError
        from .ui.lessons import open_lesson

        try:
            lesson = open_lesson(args.lesson)
        except LessonError as exc:
            _say(exc)
            return 2
        if not 1 <= args.step <= len(lesson.steps):
            _say(f"--step must be 1..{len(lesson.steps)} for the lesson "
                 f"'{lesson.title}'")
            return 2
    points = None
    if args.data:
        from .data import DataFileError, read_points_csv

        try:
            points = read_points_csv(args.data)
        except DataFileError as exc:
            _say(exc)
            return 2

    from .ui.app import make_app

    app = make_app(offscreen=bool(args.screenshot))
    from .ui import MainWindow
    from .ui.live import GuiThreadGarbage

    win = MainWindow()
    win.select_tab(args.tab or "boundary")
    if args.session:
        if not win.files.open_session(args.session, quiet=True):
            _say(win.files.last_error)
            win.shutdown()
            return 2
        if args.tab:
            win.select_tab(args.tab)
    if args.preset:
        win.boundary.editor.load_preset(args.preset)
    if points is not None:
        win.document.load(*points, path=args.data)
    win.document.undo.clear()  # (the points the window opens with are not an edit)
    if args.epochs:
        win.current_page().train_now(args.epochs)
    if args.lesson:
        if not win.open_lesson(args.lesson, step=args.step - 1, quiet=True):
            _say(win.files.last_error)
            win.shutdown()
            return 2
    if args.theme:
        win.set_theme(args.theme)
    else:  # no theme chosen (and none is saved): the system's dark or high contrast
        from .ui.look import look, system_theme

        look().set_theme(system_theme(app))
    if args.presentation:
        win.show()
        win.toggle_presentation()
    if args.screenshot:
        win.current_page().before_screenshot()
        win.show()
        win.flush()
        for _ in range(3):
            app.processEvents()
        from .ui.pictures import save_widget

        try:
            save_widget(win, args.screenshot)
        except (OSError, ValueError) as exc:
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            _say(f"could not write {show_path(args.screenshot)}: {why}")
            return 1
        finally:
            win.shutdown()
            win.close()
        print(show_path(args.screenshot))
        return 0
    win.show()
    GuiThreadGarbage.settle()
    app.aboutToQuit.connect(win.shutdown)
    if interrupt.requested:  # Ctrl+C while the window was being built
        win.close()
        return 0
    interrupt.close_on_request(win)
    return app.exec()


class _Interrupt:
    """Ctrl+C in the terminal closes the window as its close button does.

    Until the window exists a request is only noted (no traceback from half-built
    objects).  Python runs signal handlers only between its own bytecodes; a timer
    gives it that chance while Qt's event loop waits."""

    def __init__(self):
        import signal

        self.requested = False
        self.window = None
        signal.signal(signal.SIGINT, self._handle)

    def _handle(self, *_):
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)  # closing once is enough
        self.requested = True
        if self.window is not None:
            self.window.close()

    def close_on_request(self, win):
        from PySide6.QtCore import QTimer

        self.window = win
        timer = QTimer(win)
        timer.timeout.connect(lambda: None)
        timer.start(200)


def run(argv=None):
    """The ``lrviz`` command: ``main``, with Ctrl+C during start-up a quiet exit (130)."""
    import signal

    try:
        return main(argv)
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        return 130


if __name__ == "__main__":
    sys.exit(run())
