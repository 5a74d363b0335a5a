"""``python -m lrviz``: the same as the ``lrviz`` command."""
import sys

try:
    from .cli import run

    sys.exit(run())
except KeyboardInterrupt:  # Ctrl+C before the window's own handler is in place
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.exit(130)
