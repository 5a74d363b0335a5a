"""L1 Sparsity tab: SPEC's reference behaviour through the tab's own models."""
import numpy as np
import pytest

from lrviz.data import sparse_100
from lrviz.models.path import KEEP, weight_counts

from helpers import settle, shown_epoch


@pytest.fixture
def tab(make_tab):
    from lrviz.ui.tabs.sparsity import SparsityTab

    return make_tab(SparsityTab)


def _train(tab, penalty, lam, epochs=500):
    tab.penalty.setCurrentText(penalty)
    tab.set_lam(lam)
    tab.controls.lr.setValue(0.05)
    tab.controller.reset()
    tab.controller.sync()
    return tab.train_now(epochs)


def test_subgradient_reference(tab):
    snap = _train(tab, "L1 (subgradient)", 0.05)
    w = snap.models["model"].w
    assert (np.abs(w) > 0.01).sum() == 17
    assert list(np.argsort(np.abs(w))[-5:]) == [3, 36, 2, 4, 1]
    assert not (w == 0).any()
    assert "17 weights kept" in tab.counts.text() and "100 non-zero" in tab.counts.text()


def test_proximal_reference_and_bars_equal_weights(tab):
    snap = _train(tab, "L1 (proximal)", 0.05)
    w = snap.models["model"].w
    assert np.count_nonzero(w) == 19
    assert snap.metrics["model"]["accuracy"] == pytest.approx(0.9875)
    np.testing.assert_array_equal(tab.bar_plots[0].heights(), w)
    assert "19 non-zero" in tab.counts.text()
    snap = _train(tab, "L1 (proximal)", 0.1)
    assert np.count_nonzero(snap.models["model"].w) == 6


def test_counts_are_right():
    w = np.zeros(100)
    w[[0, 1, 2]] = [0.5, -0.02, 0.005]   # two relevant kept, one too small
    w[[50, 60]] = [0.3, 1e-9]            # one false alarm, one tiny non-zero
    c = weight_counts(w, np.arange(5))
    assert c == {"kept": 3, "hits": 2, "false_alarms": 1, "zeros": 95, "nonzero": 5}
    assert KEEP == 0.01


def test_no_penalty_overfits_held_out_is_worse(tab):
    snap = _train(tab, "none", 0.05, epochs=3000)
    m = snap.metrics["model"]
    assert m["accuracy"] == 1.0
    assert m["test_accuracy"] < 0.9


def test_lambda_change_mid_training_applies_at_next_epoch(qtbot, tab):
    _train(tab, "L1 (proximal)", 0.05, epochs=10)
    tab.controller.play()
    qtbot.waitUntil(lambda: shown_epoch(tab) > 50, timeout=5000)
    tab.set_lam(0.5)
    qtbot.waitUntil(lambda: tab.controller.latest.models["model"].lam == 0.5, timeout=5000)
    e = shown_epoch(tab)
    qtbot.waitUntil(lambda: shown_epoch(tab) > e + 300, timeout=10000)
    snap = settle(qtbot, tab)
    assert np.count_nonzero(snap.models["model"].w) <= 2


def test_comparison_mode_trains_three_side_by_side(tab):
    tab.compare.setChecked(True)
    tab.controller.sync()
    snap = tab.train_now(500)
    assert list(snap.models) == ["none", "L2", "L1"]
    assert all(p.isVisible() for p in tab.bar_plots)
    for plot, name in zip(tab.bar_plots, snap.models):
        np.testing.assert_array_equal(plot.heights(), snap.models[name].w)
    zeros = {n: int((m.w == 0).sum()) for n, m in snap.models.items()}
    assert zeros["none"] == 0 and zeros["L2"] == 0 and zeros["L1"] > 50
    norms = {n: float(np.abs(m.w).sum()) for n, m in snap.models.items()}
    assert norms["L2"] < norms["none"]


def test_path_in_the_background_ends_with_all_weights_zero(qtbot, tab):
    tab.compute_path()
    qtbot.waitUntil(lambda: tab.path is not None, timeout=30000)
    lambdas, W = tab.path
    assert lambdas[0] == pytest.approx(1.0) and len(lambdas) == 40
    assert (np.abs(W[0]) <= KEEP).sum() >= 99  # largest λ: (almost) everything is zero
    assert (np.abs(W[-1]) > KEEP).sum() > 30  # smallest: most weights in use
    assert tab.path_progress.value() == 40
    assert len(tab.path_lines) == 100


def test_path_can_be_cancelled(qtbot, tab):
    tab.compute_path()
    tab.compute_path()  # the button now cancels
    assert not tab.path_task.running and tab.path is None
    assert tab.path_button.text() == "Compute path"


def test_new_data_sizes(tab):
    tab.n_samples.setValue(120)
    tab.n_features.setValue(30)
    tab.set_data()
    snap = tab.controller.latest
    assert snap.models["model"].w.shape == (30,)
    np.testing.assert_array_equal(tab.data.X, sparse_100(7, 120, 30, 5).X)
