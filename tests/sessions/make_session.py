"""Save a session file for tests/sessions/ with the lrviz on sys.path (any commit since
sessions exist), settings moved off their defaults and every tab trained 25 epochs:

    git -C REPO archive COMMIT lrviz | tar -x -C /tmp/old
    cd /tmp/old && PYTHONPATH=/tmp/old python .../tests/sessions/make_session.py OUT.json [TABLE.csv]

TABLE.csv is loaded into Weights & Decisions first (Load CSV…) when given.  The
changed values go through that lrviz's own Open session, so they are values it
accepted.  Not a test: pytest does not collect it.
"""
import json
import os
import sys
import time

#: tab -> setting -> its new value (or how to change the saved one); "*": every tab
TWEAKS = {"*": {"seed": lambda v: v + 3, "lr": lambda v: v / 2},
          "boundary": {"lam": 0.2, "contours": True, "size_by_loss": True, "units": 5},
          "sigmoid": {"cursor_z": -0.5, "n_points": 30},
          "sparsity": {"lam": 0.11, "compare": True},
          "xor": {"units": 3, "activation": "tanh"},
          "calibration": {"depth": 3, "noise": 1.5},
          "decisions": {"threshold": 0.4, "cost": 3.0}}


def tweak(doc):
    for key, part in doc["tabs"].items():
        groups = [part] + [v for k, v in part.items() if k in ("model", "show")]  # (version 1)
        for d in groups:
            for name, new in {**TWEAKS["*"], **TWEAKS.get(key, {})}.items():
                # (version 1's Builder seed is the preset's, beside its points)
                if name in d and not (key == "boundary" and name == "seed"
                                      and isinstance(part.get("preset"), dict)):
                    d[name] = new(d[name]) if callable(new) else new
        part["epoch"], part["weights"] = 0, {}


def main(out, csv=None):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from lrviz.ui.app import make_app

    app = make_app(offscreen=True)
    from PySide6.QtCore import QCoreApplication

    from lrviz.ui import MainWindow

    win = MainWindow()
    pages = list(win.pages)
    files = getattr(win, "files", win)  # (early versions: the window itself)
    if csv:
        tab = win.page["decisions"]
        win.select_tab("decisions")
        tab.load_csv(csv)
        start = time.time()
        while tab.table_data is None and time.time() - start < 20:
            QCoreApplication.processEvents()
    files.save_session(out)
    with open(out) as fh:
        doc = json.load(fh)
    tweak(doc)
    with open(out, "w") as fh:
        json.dump(doc, fh)
    if not files.open_session(out, quiet=True):
        sys.exit("the changed settings were refused: " + files.last_error)
    for page in pages:
        page.train_now(25)
    win.select_tab("sparsity")
    ok = files.save_session(out)
    win.shutdown()
    app.processEvents()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
