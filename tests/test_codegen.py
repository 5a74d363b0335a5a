"""From picture to code: the numpy lines of one epoch (the Code pane) do what the model
does, and the script File → Export Python script writes, run in a fresh interpreter,
ends on the weights and the loss the tab shows."""
import ast
import os
import re
import subprocess
import sys

import numpy as np
import pytest

from lrviz.codegen import Recipe, as_text, epoch_lines
from lrviz.models import (
    LogisticRegression,
    NeuralNetwork,
    RegularizedLogisticRegression,
    SoftmaxRegression,
    TinyNeuralNetwork,
)


def _data():
    rng = np.random.default_rng(3)
    X = np.vstack([rng.normal(1, 1, (30, 2)), rng.normal(-1, 1, (30, 2))]) * [10, 1] + [50, 0]
    return X, np.r_[np.ones(30), np.zeros(30)].astype(int), rng.integers(0, 3, 60)


KINDS = {
    "logistic": (lambda: LogisticRegression(2), 2, None),
    "squared error, mini-batches": (lambda: LogisticRegression(2, loss="mse", standardize=True),
                                    2, 7),
    "L2 on poly2": (lambda: RegularizedLogisticRegression(2, penalty="l2", lam=0.1,
                                                          standardize=True, features="poly2"),
                    2, None),
    "L1 subgradient, one point at a time": (
        lambda: RegularizedLogisticRegression(2, penalty="l1", lam=0.05, standardize=True), 2, 1),
    "L1 proximal": (lambda: RegularizedLogisticRegression(2, penalty="l1-prox", lam=0.05,
                                                          standardize=True), 2, 10),
    "softmax, L2": (lambda: SoftmaxRegression(2, 3, standardize=True, penalty="l2", lam=0.01),
                    3, None),
    "softmax, L1 proximal, batches": (lambda: SoftmaxRegression(2, 3, standardize=True,
                                                                penalty="l1-prox", lam=0.01),
                                      3, 16),
    "network tanh": (lambda: NeuralNetwork(2, (6,), activation="tanh", standardize=True,
                                           rng=np.random.default_rng(0)), 2, None),
    "network 2 relu layers, softmax, L2": (
        lambda: NeuralNetwork(2, (5, 4), activation="relu", standardize=True, n_classes=3,
                              rng=np.random.default_rng(0), penalty="l2", lam=1e-3), 3, 9),
    "network sigmoid, L1 proximal": (
        lambda: NeuralNetwork(2, (4,), activation="sigmoid", standardize=True,
                              rng=np.random.default_rng(0), penalty="l1-prox", lam=1e-3), 2, 3),
    "tiny network (SPEC)": (lambda: TinyNeuralNetwork(2, 4, rng=np.random.RandomState(5)),
                            2, None),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_lines_of_an_epoch_are_the_models_own_arithmetic(kind):
    """The lines the pane shows, run as they stand, epoch after epoch, give the model's
    parameters to the bit (full batch, mini-batches shuffled from the seed, one point)."""
    make, classes, batch = KINDS[kind]
    X, y2, y3 = _data()
    y = y2 if classes == 2 else y3
    model = make().set_batching(batch, 5)
    if model.standardize:
        model.fit_scale(X)
    data = model.prepare(X, y)
    recipe = Recipe.of(model, 0.4)
    names = dict(zip(recipe.names, recipe.start))
    if recipe.kind == "logistic":
        names["b"] = names["b"][0]
    ns = {"np": np, "X": data.X, "y": data.t, "Y": data.t, "n": len(X), "lr": 0.4,
          "lam": recipe.lam, "k": batch, "rng": np.random.default_rng(5), **names}
    code = compile(as_text(epoch_lines(recipe, len(X))), kind, "exec")
    for _ in range(60):
        model.step_prepared(data, 0.4)
        exec(code, ns)
    for name, value in zip(recipe.names, model.get_parameters()):
        assert np.array_equal(np.reshape(ns[name], np.shape(value)), value), name


def test_a_penalty_and_a_batch_size_change_the_lines():
    plain = as_text(epoch_lines(Recipe.of(LogisticRegression(2), 0.1), 100))
    l2 = RegularizedLogisticRegression(2, penalty="l2", lam=0.1).set_batching(10, 3)
    lines = as_text(epoch_lines(Recipe.of(l2, 0.1), 100))
    assert "rng.permutation" not in plain and "lam" not in plain
    assert "grad_w = X.T @ residual / n" in plain
    assert "order = rng.permutation(n)" in lines and "2.0 * lam * w" in lines
    assert "10 steps of 10 points" in lines


# ---------------------------------------------------------- exported scripts
def _run_script(path):
    out = subprocess.run([sys.executable, "-I", os.path.basename(path)], capture_output=True,
                         text=True, timeout=120, cwd=os.path.dirname(path))
    assert out.returncode == 0, out.stderr[-2000:]
    printed = {}
    for line in out.stdout.splitlines():
        m = re.fullmatch(r"(\w+): (.+?) = (.*)", line)
        printed.setdefault(m[1], {})[m[2]] = ast.literal_eval(m[3])
    return printed


def _boundary(tab, **values):
    tab.form.set_values({"learn_live": False})  # (an edit would start training)
    preset = values.pop("preset", None)
    if preset:
        tab.editor.load_preset(preset)
    tab.form.set_values(values)
    tab.rebuild()


#: tab, what to set, batch size, epochs, the models the script must replay
CASES = {
    "builder logistic": ("boundary", {}, 10, 150, ["model"]),
    "builder L2, poly": ("boundary", {"penalty": "L2", "lam": 0.05, "poly": True}, 0, 150,
                         ["model"]),
    "builder L1 prox, one point": ("boundary", {"penalty": "L1", "lam": 0.02}, 1, 40,
                                   ["model"]),
    "builder softmax 3 classes": ("boundary", {"preset": "three-class"}, 0, 150, ["model"]),
    "builder softmax K=2 + twin": ("boundary", {"two_scores": True, "penalty": "L2"}, 0, 100,
                                   ["model", "twin"]),
    "builder network": ("boundary", {"preset": "moons", "kind": "Neural network",
                                     "layers": 2, "units": 5, "activation": "relu",
                                     "penalty": "L2", "lam": 0.001}, 16, 120, ["model"]),
    "sigmoid both losses": ("sigmoid", {}, 0, 200, ["ce", "mse"]),
    "sigmoid both losses, batches": ("sigmoid", {}, 4, 100, ["ce", "mse"]),
    "sparsity none / L2 / L1 prox": ("sparsity", {"compare": True}, 0, 150,
                                     ["none", "L2", "L1"]),
    "sparsity L1 subgradient": ("sparsity", {"penalty": "L1 (subgradient)"}, 8, 60, ["model"]),
    "xor logistic + network": ("xor", {}, 0, 1500, ["lr", "net"]),
    "xor circles, two networks": ("xor", {"page": 1}, 0, 150, ["lr", "net1", "net2"]),
    "calibration logistic": ("calibration", {}, 0, 150, ["logistic"]),
    "decisions logistic": ("decisions", {}, 50, 20, ["logistic"]),
}


@pytest.mark.long
@pytest.mark.parametrize("case", list(CASES))
def test_an_exported_script_ends_where_the_tab_shows(case, make_tab, tmp_path):
    from lrviz.ui.script_export import write_script
    from lrviz.ui.tabs import tab_class

    key, values, batch, epochs, names = CASES[case]
    tab = make_tab(tab_class(key))
    if key == "boundary":
        _boundary(tab, **values)
    elif values:
        tab.form.set_values(values, quiet=False)  # (as a user sets them)
    if key == "boundary" and values.get("kind"):
        tab.controls.lr.setValue(0.1)
    tab.controls.batch.setValue(batch)
    tab.controller.pause()
    tab.reset_training()
    snap = tab.train_now(epochs)
    assert snap.epoch == epochs
    path = tmp_path / f"{key}.py"
    said = write_script(tab, path)
    assert said.startswith(f"Saved {path}") and "differ" not in said
    printed = _run_script(str(path))
    assert sorted(printed) == sorted(names)
    for name in names:
        model, shown = snap.models[name], printed[name]
        recipe = Recipe.of(model, 1.0)
        for p, value in zip(recipe.names, model.get_parameters()):
            np.testing.assert_allclose(np.reshape(shown[p], np.shape(value)), value,
                                       rtol=0, atol=1e-12, err_msg=f"{case}: {name} {p}")
        assert abs(shown["training loss"] - snap.metrics[name]["loss"]) <= 1e-12
        assert shown["training accuracy"] == snap.metrics[name]["accuracy"]
    text = path.read_text()
    assert "# %%" in text and "import numpy as np" in text and "lrviz" not in \
        text.split('"""', 2)[2]  # numpy only: nothing of lrviz is imported
    if key in ("calibration", "decisions"):
        assert "Not replayed here (they fit in one pass" in text


def test_a_large_data_set_goes_beside_the_script_and_is_read_exactly(make_tab, tmp_path):
    """The sparse data (80 × 100) go to a CSV file next to the script, read back to the bit."""
    from lrviz.ui.script_export import write_script
    from lrviz.ui.tabs import tab_class

    tab = make_tab(tab_class("sparsity"))
    snap = tab.train_now(30)
    said = write_script(tab, tmp_path / "sparse.py")
    assert "sparse.csv" in said
    table = np.loadtxt(tmp_path / "sparse.csv", delimiter=",", skiprows=1)
    X, y = snap.data["model"][:2]
    assert np.array_equal(table[:, :-1], X) and np.array_equal(table[:, -1], y)


def test_a_run_whose_settings_changed_is_exported_with_a_warning(make_tab, tmp_path):
    from lrviz.ui.script_export import write_script
    from lrviz.ui.tabs import tab_class

    tab = make_tab(tab_class("boundary"))
    tab.train_now(30)
    tab.controls.lr.setValue(0.2)
    tab.train_now(20)
    said = write_script(tab, tmp_path / "run.py")
    assert "changed at epoch 30" in said
    tab.reset_training()
    tab.train_now(20)
    assert "changed" not in write_script(tab, tmp_path / "run.py")


def test_a_tab_with_nothing_to_replay_refuses_in_one_line(make_tab, tmp_path):
    from lrviz.ui.script_export import write_script
    from lrviz.ui.tabs import tab_class

    tab = make_tab(tab_class("boundary"))
    tab.document.replace(np.empty((0, 2)), np.empty(0, int), None, "clear")
    tab.train_now(0)
    with pytest.raises(ValueError, match="no model trained by gradient descent"):
        write_script(tab, tmp_path / "nothing.py")
    assert not (tmp_path / "nothing.py").exists()


# ------------------------------------------------------------- the Code pane
def _pane(window):
    act = next(a for a in window.actions() if a.text() == "Code behind the view")
    act.trigger()
    from lrviz.ui.widgets.code_pane import CodeDock

    return window.findChild(CodeDock).pane


def _row(pane, name):
    """The numbers of one row of the pane's values."""
    line = next(r for r in pane.values.text().splitlines() if r.split()[:1] == [name])
    return [float(v) for v in re.findall(r"-?\d+\.?\d*(?:e[-+]?\d+)?", line.split(")", 1)[-1]
                                         if "(" in line else line.split(None, 1)[1])]


def test_the_code_pane_shows_the_epoch_and_its_values_now(window, qtbot):
    """View → Code behind the view: the lines of an epoch of the Builder's model, and
    its gradient now, as numpy computes it independently; a penalty, a batch size and
    another tab change the lines."""
    pane = _pane(window)
    tab = window.boundary
    snap = tab.train_now(40)
    assert "grad_w = X.T @ residual / n" in pane.code.toPlainText()
    assert "rng" not in pane.code.toPlainText()
    X, y = snap.data["model"][:2]
    Z = (X - X.mean(axis=0)) / X.std(axis=0)  # (the Builder standardises inside the model)
    w, b = snap.models["model"].w, snap.models["model"].b
    p = 1 / (1 + np.exp(-(Z @ w + b)))
    np.testing.assert_allclose(_row(pane, "grad_w"), Z.T @ (p - y) / len(y), rtol=1e-3)
    np.testing.assert_allclose(_row(pane, "loss"), snap.metrics["model"]["loss"], rtol=1e-5)
    assert "after epoch 40" in pane.values.text()

    tab.form.set_values({"penalty": "L2"}, quiet=False)
    tab.controls.batch.setValue(10)
    tab.train_now(5)
    code = pane.code.toPlainText()
    assert "grad_w = grad_w + 2.0 * lam * w" in code and "order = rng.permutation(n)" in code
    assert "batches of 10" in pane.about.text()

    window.select_tab("sigmoid")
    window.current_page().train_now(3)
    assert [pane.chooser.itemText(i) for i in range(pane.chooser.count())] == \
        [window.current_page().model_titles[n] for n in ("ce", "mse")]
    pane.chooser.setCurrentIndex(1)
    pane.chooser.activated.emit(1)
    assert "grad_z = 2.0 * residual * y_hat * (1.0 - y_hat)" in pane.code.toPlainText()


def test_a_tab_without_epochs_says_so_in_the_pane(window):
    pane = _pane(window)
    window.boundary.document.replace(np.empty((0, 2)), np.empty(0, int), None, "clear")
    window.boundary.train_now(0)
    assert pane.about.text() == "No training points yet: add some to see the code."
    assert pane.code.toPlainText() == ""


def test_file_export_python_script_saves_and_says_so(window, tmp_path):
    from lrviz.ui.script_export import export_script

    window.boundary.train_now(10)
    assert export_script(window, str(tmp_path / "run.py"))
    assert window.statusBar().currentMessage().startswith(f"Saved {tmp_path / 'run.py'}")
    assert "model: w = " in subprocess.run([sys.executable, "run.py"], cwd=tmp_path,
                                           capture_output=True, text=True).stdout
    missing = tmp_path / "no such folder" / "run.py"
    assert not export_script(window, str(missing))
    assert window.statusBar().currentMessage().startswith(f"Could not write {missing}")
    assert sorted(os.listdir(tmp_path)) == ["run.py"]
    assert any(a.text() == "Export Python script…" for a in window.actions())
