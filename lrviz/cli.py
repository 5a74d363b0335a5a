"""Command line: ``lrviz [--tab T] [--preset P] [--data F] [--epochs N] [--screenshot F]``."""
from __future__ import annotations

import argparse
import math
import re
import sys

from . import __version__, sharing
from .fileio import show_path

sharing.one_blas_thread()  # (before anything imports numpy)


def whole_number(text):
    """An argument's whole number, written with the digits 0-9 only (``int`` reads
    other scripts' digits too: '٣' is 3; the files refuse them, and so does this)."""
    if not re.fullmatch(r"[+-]?[0-9]+", text):
        raise argparse.ArgumentTypeError(f"{text[:20]!r} is not a whole number written with "
                                         "the digits 0-9")
    if len(text.lstrip("+-0")) > 15:  # (beyond every range: the range check says so)
        return -math.inf if text.startswith("-") else math.inf
    return int(text)


def build_parser():
    from .data import PRESETS_2D
    from .data.catalog import REAL
    from .ui.tabs import TABS

    p = argparse.ArgumentParser(
        prog="lrviz",
        description="Watch logistic regression learn, and grow into a neural network.")
    p.add_argument("session", nargs="?", metavar="FILE",
                   help="open a file by what it holds: a session (File > Save session), a "
                        "lesson, or a table of data (as --data)")
    p.add_argument("--version", action="version", version=f"lrviz {__version__}")
    p.add_argument("--tab", choices=list(TABS), help="tab to open (default boundary, or the session's)")
    p.add_argument("--preset", choices=list(PRESETS_2D),
                   help="data set for the Boundary Builder")
    p.add_argument("--data", metavar="FILE.csv",
                   help="a table of data for the tab (the Boundary Builder unless --tab names "
                        "one that takes tables): comma, semicolon or tab separated, with a "
                        "header; two numeric columns and a label open as they are")
    p.add_argument("--features", metavar="A,B,...",
                   help="with --data: the columns to learn from, by name")
    p.add_argument("--label", metavar="COLUMN",
                   help="with --data: the column that holds each row's class (text or numbers)")
    p.add_argument("--dataset", metavar="NAME", choices=list(REAL),
                   help="a real data set shipped with lrviz: " + ", ".join(REAL)
                        + " (opened in --tab, or the first tab it teaches in)")
    p.add_argument("--epochs", type=whole_number, default=0, metavar="N",
                   help="train N epochs before showing the window (default 0)")
    p.add_argument("--presentation", action="store_true",
                   help="start in presentation mode (full screen, larger text; F11 leaves it)")
    p.add_argument("--theme", choices=["light", "dark", "high contrast"],
                   help="colours of the window and plots (default: the system's dark or "
                        "high-contrast setting, else light)")
    p.add_argument("--lesson", metavar="NAME|FILE.json",
                   help="open a lesson beside the tabs: a built-in one (intro, xor, l1, "
                        "decisions) or a lesson file")
    p.add_argument("--step", type=whole_number, default=1, metavar="K",
                   help="with --lesson: start at step K (default 1)")
    p.add_argument("--screenshot", metavar="FILE.png",
                   help="save a picture of the window and exit (works with no display)")
    p.add_argument("--install-desktop", action="store_true",
                   help="add lrviz to the desktop's application menu, with its icon "
                        "(for this user: ~/.local/share), and exit")
    p.add_argument("--uninstall-desktop", action="store_true",
                   help="remove what --install-desktop added, and exit")
    return p




def _say(text):
    """One line on stderr, whatever bytes a path held."""
    print(f"lrviz: {text}", file=sys.stderr)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["--class-room"] and getattr(sys, "frozen", False):
        # the standalone app as Class answers' room (lrviz.classroom.process), no window
        from .classroom.process import main as room

        return room(argv[1:])
    interrupt = _Interrupt()
    args = build_parser().parse_args(argv)
    from .models.base import MAX_EPOCHS  # (the models' own limit: a few minutes of training)

    if args.install_desktop or args.uninstall_desktop:
        return _desktop(args.install_desktop)
    if not 0 <= args.epochs <= MAX_EPOCHS:
        _say(f"--epochs must be 0..{MAX_EPOCHS:,}")
        return 2
    if args.screenshot is not None:  # (an empty name too: not a window left open)
        from .ui.pictures import picture_format

        try:
            picture_format(args.screenshot)
        except ValueError as exc:
            _say(f"{show_path(args.screenshot)}: {exc}")
            return 2
    if args.session:  # a lesson or a table named as FILE is opened as --lesson / --data
        from .filekind import file_kind

        kind = file_kind(args.session)
        if kind != "session" and (args.lesson if kind == "lesson" else args.data):
            _say(f"{show_path(args.session)} is a {'lesson' if kind == 'lesson' else 'table'}"
                 f" and --{'lesson' if kind == 'lesson' else 'data'} names another file")
            return 2
        if kind == "lesson":
            args.lesson, args.session = args.session, None
        elif kind == "data":
            args.data, args.session = args.session, None
    if args.session:  # refused before any window exists
        from .session import SessionError, read_session

        try:
            read_session(args.session)
        except SessionError as exc:
            _say(exc)
            return 2
    if args.lesson is not None:  # refused before any window exists (an empty name too)
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
    try:
        points, table_tab, table = _table_from(args)
    except ValueError as exc:
        _say(exc)
        return 2

    from .ui.app import make_app

    app = make_app(offscreen=bool(args.screenshot))
    from .ui import MainWindow
    from .ui.live import GuiThreadGarbage

    win = MainWindow()
    win.select_tab(args.tab or "boundary")
    saved_theme = False
    if not args.screenshot:  # (a picture shows the defaults, whatever was saved)
        from .ui.habits import user_store

        win.habits.store = user_store()
        saved_theme = bool(win.habits.store.value("theme", "")) and not args.theme
        win.habits.restore(tab=not (args.tab or args.session or args.data or args.dataset),
                           theme=not args.theme)
    if args.session:
        if not win.files.open_session(args.session, quiet=True, background=False):
            _say(win.files.last_error)
            win.shutdown()
            return 2
        if args.tab:
            win.select_tab(args.tab)
    if args.preset:
        win.boundary.editor.load_preset(args.preset)
    if points is not None:
        win.document.load(*points, path=args.data)
    if table is not None:
        win.page[table_tab].take_table(table, args.data)
        win.select_tab(table_tab)
    if args.data and (points is not None or table is not None):
        win.habits.opened(args.data)  # (File → Recent, as a file opened in the window)
    win.document.undo.clear()  # (the points the window opens with are not an edit)
    if args.epochs:
        win.current_page().train_now(args.epochs)
    if args.lesson is not None:
        # (a picture waits for the step's setup; a window trains it in the background)
        if not win.open_lesson(args.lesson, step=args.step - 1, quiet=True,
                               live=not args.screenshot):
            _say(win.files.last_error)
            win.shutdown()
            return 2
    if args.theme:
        win.set_theme(args.theme)
    elif not saved_theme:  # no theme chosen (and none is saved): the system's own
        from .ui.look import look, system_theme

        look().set_theme(system_theme(app))
    if args.presentation:
        win.show()
        win.toggle_presentation()
    if args.screenshot:
        from .ui.pictures import save_widget
        from .ui.spotlight import settle

        win.current_page().before_screenshot()
        win.show()
        win.flush()
        for _ in range(3):  # (each round: what the last one asked for, then every level
            app.processEvents()  # of layout it changed -- a text's size set in a queued
            settle(8)  # call after the zoom moved what lies below it)

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


def _desktop(install):
    """--install-desktop / --uninstall-desktop: the files written or removed, one a line."""
    from . import desktop

    try:
        done = desktop.install() if install else desktop.uninstall()
    except OSError as exc:
        _say(f"could not {'write' if install else 'remove'} "
             f"{show_path(exc.filename or '')}: {exc.strerror or exc}")
        return 1
    for path in done:
        print(show_path(str(path)))
    if not install and not done:
        print("nothing to remove")
    return 0


def _table_from(args):
    """(points of the app's own file, the tab a table goes to, the table's chosen
    columns) from --data / --dataset and their options; ValueError (one line) if they
    cannot be used."""
    from .data import DataFileError
    from .data.catalog import REAL, open_real
    from .ui.tabs import tab_class

    if (args.features or args.label) and not args.data:
        raise ValueError("--features and --label go with --data")
    if args.dataset and args.data:
        raise ValueError("--dataset and --data both name data: choose one")
    if args.dataset:
        offers = REAL[args.dataset].offers
        tab = args.tab if args.tab in offers else None
        if args.tab and tab is None:
            raise ValueError(f"the data set {args.dataset} is offered in the tabs "
                             f"{', '.join(offers)}, not in {args.tab}")
        tab = tab or next(iter(offers))
        return None, tab, open_real(args.dataset, tab, tab_class(tab).table_spec.max_classes)
    if args.data is None:  # (an empty name is refused by the reader, in one line)
        return None, None, None
    from .document import Document

    tab = args.tab if args.tab and tab_class(args.tab).table_spec is not None else "boundary"
    spec = tab_class(tab).table_spec
    try:
        got = Document.read_any(args.data)
        if isinstance(got, tuple):
            if args.features or args.label:
                raise ValueError(f"{show_path(args.data)} is a points file (x1,x2,label): "
                                 "--features and --label do not apply")
            return got, None, None
        if args.features or args.label:
            features = [c.strip() for c in (args.features or "").split(",") if c.strip()]
            guess = got.obvious(spec.most) if spec.least == spec.most else None
            columns = (features or (guess[0] if guess else []),
                       args.label or (guess[1] if guess else None))
        else:
            columns = got.obvious(spec.most) if spec.least == spec.most else None
        if columns is None or columns[1] is None or not columns[0]:
            raise ValueError(f"{show_path(args.data)} has {len(got.columns)} columns "
                             f"({', '.join(got.columns)[:120]}): name {spec.count_words()} "
                             "with --features A,B and the label with --label C")
        problem = spec.problem(*columns)
        if problem:
            raise ValueError(f"{show_path(args.data)}: {problem}")
        return None, tab, got.choose(*columns, spec.max_classes)
    except DataFileError as exc:
        raise ValueError(str(exc)) from None


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
