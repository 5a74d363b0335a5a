"""File → Export Python script: the current tab's run as a plain numpy script.

The script (``lrviz.codegen.script``) starts each model where the run started, with its
learning rate, penalty and batch size, runs as many epochs as the tab shows, and prints
the weights and training loss the tab shows.  Models that fit in one pass are named in
the script's heading, not replayed.
"""
from __future__ import annotations

import os

from .. import __version__
from ..codegen import Recipe, Run, script
from ..fileio import show_path, write_atomically


def tab_runs(page):
    """(runs, left out, changed at) of the tab's newest state: the models gradient descent
    trained, the titles of those it did not (and why), and the latest epoch at which a
    setting or the data changed during the run (0: never)."""
    snap = page.controller.take()
    if snap is None:
        return [], [], 0
    titles = getattr(page, "model_titles", {})
    runs, left_out = [], []
    for name, model in snap.models.items():
        title = titles.get(name, name)
        recipe = Recipe.of(model, snap.lrs.get(name, 0.0))
        raw = snap.data.get(name, (None, None))
        if recipe is None:
            left_out.append(title)
        elif raw[0] is not None:
            runs.append(Run(name, recipe, raw[0], raw[1], snap.epoch, title))
    changed = max((snap.steady_from.get(r.name, 0) for r in runs), default=0)
    return runs, left_out, changed


def write_script(page, path):
    """Write the tab's run to ``path`` (and its data beside it when large); returns the
    line to tell the user.  Raises ValueError when there is nothing to write, OSError
    when a file cannot be written."""
    runs, left_out, changed = tab_runs(page)
    if not runs:
        raise ValueError("this tab has no model trained by gradient descent to write out")
    heading = (f"{page.title}: {runs[0].epochs:,} epochs of lrviz {__version__}, replayed "
               "with numpy alone.")
    if left_out:
        heading += ("\n\nNot replayed here (they fit in one pass, with no epochs): "
                    + ", ".join(left_out) + ".")
    text, files = script(runs, heading, data_file=os.path.basename(os.fspath(path)))
    folder = os.path.dirname(os.path.abspath(os.fspath(path)))
    for name, content in files.items():  # (the data first: the script reads them)
        write_atomically(os.path.join(folder, name), content.encode("utf-8"))
    write_atomically(path, text.encode("utf-8"))
    said = f"Saved {show_path(path)}"
    if files:
        said += f" and its data ({', '.join(files)})"
    if changed:
        return said + (f". Settings or data changed at epoch {changed:,}: the script runs "
                       "today's from the start, so its numbers differ (Reset and train "
                       "again for an exact replay).")
    return said + ": python runs it to the weights shown now."


def export_script(window, path=None):
    """Ask where (unless ``path``), write, and say so in the status bar."""
    from .widgets.forms import choose_path

    page = window.current_page()
    path = choose_path(window, path, "Export Python script", f"lrviz_{page.key}.py",
                       "Python scripts (*.py)", save=True)
    if path is None:
        return False
    try:
        said = write_script(page, path)
    except ValueError as exc:
        window.files.error("Script not saved", f"Not saved: {exc}.", quiet=True)
        return False
    except OSError as exc:
        window.files.error("Script not saved",
                           f"Could not write {show_path(path)}: {exc.strerror or exc}")
        return False
    window.files.say(said, 15000)
    return True
