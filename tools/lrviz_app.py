"""The standalone app's entry point (``tools/build_standalone.py`` freezes it): the
``lrviz`` command, exit status and all."""
import sys

from lrviz.cli import run

if __name__ == "__main__":
    sys.exit(run())
