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
    tab.controller.train_now(0)
    return tab.train_now(epochs)


def test_subgradient_reference(tab):
    snap = _train(tab, "L1 (subgradient)", 0.05)
    w = snap.models["model"].w
    assert (np.abs(w) > 0.01).sum() == 17
    assert list(np.argsort(np.abs(w))[-5:]) == [3, 36, 2, 4, 1]
    assert not (w == 0).any()
    assert "17 weights kept · 100 non-zero" in tab.counts.text()


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
    tab.controller.train_now(0)
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
    qtbot.waitUntil(lambda: tab.paths.path is not None, timeout=30000)
    lambdas, W, _ = tab.paths.path
    assert lambdas[0] == pytest.approx(1.0) and len(lambdas) == 40
    assert (np.abs(W[0]) <= KEEP).sum() >= 99  # largest λ: (almost) everything is zero
    assert (np.abs(W[-1]) > KEEP).sum() > 30  # smallest: most weights in use
    assert tab.paths.path_progress.value() == 40
    assert len(tab.paths.path_lines) == 100


def test_path_can_be_cancelled(qtbot, tab):
    tab.compute_path()
    tab.compute_path()  # the button now cancels
    assert not tab.paths.path_job.running and tab.paths.path is None
    assert tab.paths.path_button.text() == "Compute path"


def test_new_data_sizes(tab):
    tab.form.set_values({"n_samples": 120, "n_features": 30})
    tab.rebuild()
    snap = tab.controller.latest
    assert snap.models["model"].w.shape == (30,)
    np.testing.assert_array_equal(tab.data.X, sparse_100(7, 120, 30, 5).X)


# --------------------------------------------------- the path tells the truth
def _path(qtbot, tab, penalty, lam=0.05):
    tab.penalty.setCurrentText(penalty)
    tab.set_lam(lam)
    tab.controls.lr.setValue(0.05)
    tab.compute_path()
    qtbot.waitUntil(lambda: tab.paths.path is not None, timeout=30000)
    qtbot.waitUntil(lambda: "converged at" in tab.paths.count_plot.getPlotItem().titleLabel.text,
                    timeout=10000)
    return tab.paths.path


def _title_count(tab):
    import re

    title = tab.paths.count_plot.getPlotItem().titleLabel.text
    return int(re.search(r"converged at λ = [0-9.]+: (\d+) kept", title).group(1))


def test_the_live_model_lands_on_the_path_at_the_same_lambda(qtbot, tab):
    """The path is the converged fit: trained long enough at the slider's λ, the live
    model keeps the same weights the path's title counts (it did not: 8 vs 4)."""
    _path(qtbot, tab, "L1 (proximal)", 0.099)
    assert "converged at λ = 0.0990" in tab.paths.count_plot.getPlotItem().titleLabel.text
    on_path = _title_count(tab)
    snap = _train(tab, "L1 (proximal)", 0.099, epochs=300)
    early = (np.abs(snap.models["model"].w) > KEEP).sum()
    snap = tab.train_now(5000)
    w = snap.models["model"].w
    assert (np.abs(w) > KEEP).sum() == on_path == 4 != early
    assert f"4 weights kept · {np.count_nonzero(w)} non-zero · 4 once converged" \
        in tab.counts.text()
    # the live weights are drawn at the slider's λ, on the path
    x, y = tab.paths.live_dots.getData()
    np.testing.assert_allclose(x, np.log10(0.099))
    np.testing.assert_allclose(y, w)


def test_the_converged_path_matches_scikit_learn():
    import warnings

    from sklearn.linear_model import LogisticRegression

    from lrviz.models.path import regularization_path, solve_at

    d = sparse_100()
    n = len(d.X)
    lambdas, W, B = regularization_path(d.X, d.y, [0.2, 0.05, 0.01], "l1-prox")
    for lam, w, b in zip(lambdas, W, B):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # scikit-learn: C * (sum of losses) + ||w||_1, = N*C * (mean loss + λ||w||_1)
            sk = LogisticRegression(penalty="l1", C=1 / (n * lam), solver="saga", tol=1e-10,
                                    max_iter=100000).fit(d.X, d.y)
        np.testing.assert_allclose(w, sk.coef_[0], atol=2e-5)
        assert b == pytest.approx(sk.intercept_[0], abs=2e-5)
    w, b = solve_at(d.X, d.y, 0.05, "l1-prox", start=(W[0], B[0]))  # warm or cold, one answer
    np.testing.assert_allclose(w, W[1], atol=1e-5)


def test_subgradient_counts_leave_out_the_jitter_band(qtbot, tab):
    """Plain L1 never reaches 0: counting |w| > 0.01 made "kept" climb back to ~80 as
    λ -> 1.  Kept now means outside the jitter band too, drawn beside "non-zero"."""
    lambdas, W, _ = _path(qtbot, tab, "L1 (subgradient)", 0.5)
    logl, kept = tab.paths.count_curve.getData()
    _, nonzero = tab.paths.nonzero_curve.getData()
    np.testing.assert_allclose(logl, np.log10(lambdas))
    assert (nonzero == 100).all()  # every subgradient weight is non-zero ...
    big = lambdas >= 0.1
    assert kept[big].max() <= 5  # ... but none of the jitter counts as kept
    assert (np.abs(W[lambdas >= 0.3]) > KEEP).sum(axis=1).min() > 20  # (the old count)
    snap = tab.train_now(500)
    assert snap.models["model"].penalty == "l1"
    assert "100 non-zero" in tab.counts.text()
    assert "jitter band" in tab.scale_note.text()


def test_the_path_shows_every_weight_unclipped(qtbot, tab):
    _, W, _ = _path(qtbot, tab, "L1 (proximal)")
    (_, _), (lo, hi) = tab.paths.path_plot.getPlotItem().vb.viewRange()
    assert lo <= W.min() and W.max() <= hi
    assert hi < 1.3 * np.abs(W).max()  # and not lost in empty space


def test_a_true_weight_of_001_is_not_a_miss(tab):
    _train(tab, "L1 (proximal)", 0.05, epochs=3000)
    assert "found 4 of the 4 features that matter" in tab.counts.text()
    assert "feature 0 (0.01)" in tab.scale_note.text()
    assert "direction of w" in tab.scale_note.text()


def test_a_session_keeps_the_data_drawn_not_sizes_typed_but_not_drawn(qtbot, window, tmp_path):
    """The data sizes act on "New data": a session saved between keeps the data the
    weights were learnt on, and opens again (it was refused: 110 weights for 335)."""
    tab = window.page["sparsity"]
    tab.train_now(20)
    tab.form["n_features"].setValue(335)  # (not drawn yet)
    path = tmp_path / "s.json"
    assert window.files.save_session(str(path))
    assert window.files.open_session(str(path), quiet=True), window.files.last_error
    assert tab.form.value("n_features") == 100 and tab.controller.latest.epoch == 20
    assert len(tab.bar_plots[0].bars.opts["height"]) == 100
