"""The house: layers that point one way, no import cycles, small classes, and a new tab
that is one module plus one registry line -- the README's own example, verbatim."""
import ast
import os
import re
import subprocess
import sys
import types

import numpy as np
import pytest

ROOT = os.path.join(os.path.dirname(__file__), "..", "lrviz")

#: what each part of lrviz may import from lrviz (besides itself and the parts below
#: it that have no Qt: numeric, colours, fileio, settings, sharing, history)
FOUNDATION = {"lrviz", "lrviz.numeric", "lrviz.colours", "lrviz.fileio", "lrviz.settings",
              "lrviz.sharing", "lrviz.history", "lrviz.theme_paths"}
MAY_IMPORT = {
    "lrviz.models": set(),
    "lrviz.data": set(),
    "lrviz.training": {"lrviz.models"},
    "lrviz.document": {"lrviz.data"},
    "lrviz.lessons": set(),
    "lrviz.session": set(),
    "lrviz.animation": set(),
    "lrviz.ui.widgets": {"lrviz.models", "lrviz.data", "lrviz.ui", "lrviz.codegen"},
    "lrviz.codegen": {"lrviz.models"},
}
#: ... and what it may not, though a wider rule above allows it
MAY_NOT = {"lrviz.ui.widgets": ("lrviz.ui.tabs", "lrviz.ui.lessons", "lrviz.ui.main_window",
                                "lrviz.ui.files", "lrviz.ui.menus")}


def _modules():
    """{module name: [(imported name, in a function?)]} for every module of lrviz."""
    out = {}
    base = os.path.dirname(ROOT)
    for folder, _, files in os.walk(ROOT):
        for f in files:
            if not f.endswith(".py"):
                continue
            path = os.path.join(folder, f)
            name = os.path.relpath(path, base)[:-3].replace(os.sep, ".")
            package = name if f == "__init__.py" else name.rsplit(".", 1)[0]
            name = name.removesuffix(".__init__")
            imports = []
            for node in ast.walk(ast.parse(open(path, encoding="utf-8").read())):
                if isinstance(node, ast.ImportFrom):
                    if node.level:
                        parts = package.split(".")[:len(package.split(".")) - node.level + 1]
                        target = ".".join(parts + ([node.module] if node.module else []))
                    else:
                        target = node.module or ""
                    if target.startswith("lrviz"):
                        imports.append(target)
                        imports += [f"{target}.{a.name}" for a in node.names]
                elif isinstance(node, ast.Import):
                    imports += [a.name for a in node.names if a.name.startswith("lrviz")]
            out[name] = imports
    return out


def _resolve(target, known):
    while target not in known and "." in target:
        target = target.rsplit(".", 1)[0]
    return target


def _area(name):
    for area in sorted(MAY_IMPORT, key=len, reverse=True):
        if name == area or name.startswith(area + "."):
            return area
    return name


def test_the_layers_point_one_way():
    """Models and data share what lies below both; training uses models, the document
    uses data; shared widgets use neither training nor the tabs; nothing below the
    user interface imports it."""
    modules = _modules()
    wrong = []
    for name, imports in modules.items():
        area = _area(name)
        if area not in MAY_IMPORT:
            continue
        allowed = MAY_IMPORT[area] | FOUNDATION | {area}
        for target in {_resolve(t, modules) for t in imports}:
            ok = target in FOUNDATION or any(target == a or target.startswith(a + ".")
                                             for a in allowed - {"lrviz"})
            if not ok or target.startswith(MAY_NOT.get(area, ("-",))):
                wrong.append(f"{name} imports {target}")
    assert not wrong, wrong


def test_no_import_cycles():
    modules = _modules()
    graph = {name: {_resolve(t, modules) for t in imports} - {name}
             for name, imports in modules.items()}
    # a package's __init__ re-exporting its own modules is not a cycle of parts
    for name in graph:
        graph[name] = {t for t in graph[name] if not (name.startswith(t + ".") and t in graph)}
    state = {}

    def visit(node, path):
        state[node] = "open"
        for nxt in graph.get(node, ()):
            if state.get(nxt) == "open":
                raise AssertionError(" -> ".join(path + [node, nxt]))
            if nxt not in state:
                visit(nxt, path + [node])
        state[node] = "done"
    for node in graph:
        if node not in state:
            visit(node, [])


def test_no_class_of_the_user_interface_is_larger_than_a_reader_holds():
    """About 300 lines and 25 methods at most (the Builder was 800 lines, 55 methods)."""
    big = []
    for folder, _, files in os.walk(os.path.join(ROOT, "ui")):
        for f in files:
            if f.endswith(".py"):
                path = os.path.join(folder, f)
                for node in ast.walk(ast.parse(open(path, encoding="utf-8").read())):
                    if isinstance(node, ast.ClassDef):
                        lines = node.end_lineno - node.lineno + 1
                        methods = sum(isinstance(m, ast.FunctionDef) for m in node.body)
                        if lines > 300 or methods > 25:
                            big.append(f"{f}:{node.name} {lines} lines, {methods} methods")
    assert not big, big


def test_models_data_training_and_the_document_load_no_qt():
    code = ("import sys, lrviz.models, lrviz.data, lrviz.training, lrviz.document, "
            "lrviz.lessons, lrviz.sharing, lrviz.session, lrviz.codegen, "
            "lrviz.classroom.room, lrviz.classroom.server\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'PySide6', 'pyqtgraph', 'shiboken6'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, cwd=os.path.dirname(ROOT))
    assert out.returncode == 0 and out.stdout.strip() == "[]", out.stderr


# ------------------------------------------------------- the README's own tab
def _readme_tab():
    """The README's example tab, exactly as written there, as a module of its own."""
    readme = open(os.path.join(ROOT, "..", "README.md"), encoding="utf-8").read()
    section = readme[readme.index("**Adding a tab**"):]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    module = types.ModuleType("readme_demo_tab")
    sys.modules[module.__name__] = module
    exec(compile(code, "README.md", "exec"), module.__dict__)
    return module.DemoTab


@pytest.fixture
def demo(monkeypatch):
    from lrviz.ui.tabs import TABS

    cls = _readme_tab()
    monkeypatch.setitem(TABS, "demo", cls)  # the one registry line
    return cls


def test_the_readme_example_tab_trains_saves_restores_and_is_offered(qtbot, demo, tmp_path):
    from lrviz.cli import build_parser
    from lrviz.ui import MainWindow
    from lrviz.ui.menus import tabs_help

    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.select_tab("demo")
    tab = win.current_page()
    assert isinstance(tab, demo) and win.tabs.tabText(win.tabs.currentIndex()) == "Demo"
    # its declared setting has a control, laid out in the tab's side panel and labelled
    lam = tab.form["lam"]
    qtbot.waitUntil(lam.isVisible, timeout=5000)
    assert lam.window() is win and lam.parent().title() == "Settings"
    snap = tab.train_now(50)
    assert list(snap.models) == ["model"] and snap.epoch == 50
    loss = tab.view.loss_plot.values("model")[1]  # drawn: the loss of every epoch
    assert len(loss) == 50 and loss[-1] < loss[0]
    assert tab.view.map.model is not None  # and the map of what it predicts
    lam.setValue(0.5)  # a changed setting builds the models again, with it
    snap = tab.train_now(20)
    assert snap.models["model"].lam == 0.5 and snap.epoch == 20
    path = tmp_path / "demo.json"
    assert win.files.save_session(str(path))
    weights = snap.models["model"].get_parameters()
    other = MainWindow()
    qtbot.addWidget(other)
    assert other.files.open_session(str(path), quiet=True)
    back = other.page["demo"].controller.latest
    assert back.epoch == 20 and other.page["demo"].form.value("lam") == 0.5
    for a, b in zip(back.models["model"].get_parameters(), weights):
        np.testing.assert_array_equal(a, b)
    assert build_parser().parse_args(["--tab", "demo"]).tab == "demo"
    assert "Demo" in tabs_help() and "--tab demo" in tabs_help()
    other.shutdown()
    win.shutdown()
