"""Weights & Decisions: weights as evidence (standard errors, odds, one student's
score) and decisions (threshold, ROC, costs), checked against independent code."""
import re

import numpy as np
import pytest

from lrviz.data import DataFileError, exam_results, read_table_csv
from lrviz.models.core import sigmoid
from lrviz.models.inference import NoIntervals, intervals, standard_errors
from lrviz.models.metrics import (
    cheapest_threshold,
    cost_at,
    decision_costs,
    precision_recall_curve,
    roc_auc,
    roc_curve,
    threshold_report,
)

from helpers import said


def _optimum(X, y):
    from scipy.optimize import minimize

    def nll(theta):
        z = X @ theta[:-1] + theta[-1]
        return np.sum(np.logaddexp(0, z) - y * z)

    def grad(theta):
        r = sigmoid(X @ theta[:-1] + theta[-1]) - y
        return np.r_[X.T @ r, r.sum()]
    theta = minimize(nll, np.zeros(X.shape[1] + 1), jac=grad, method="BFGS",
                     options={"gtol": 1e-10, "maxiter": 10000}).x
    return theta[:-1], theta[-1]


def test_standard_errors_match_the_inverse_hessian_and_cover_the_true_effects():
    d = exam_results(4, 1000)
    w, b = _optimum(d.X, d.y)
    se, se_b = standard_errors(d.X, d.y, w, b)
    # statsmodels' way, written out: the inverse of X1' diag(p(1-p)) X1
    X1 = np.column_stack([d.X, np.ones(len(d.X))])
    p = sigmoid(X1 @ np.r_[w, b])
    cov = np.linalg.inv(X1.T @ (X1 * (p * (1 - p))[:, None]))
    np.testing.assert_allclose(np.r_[se, se_b], np.sqrt(np.diag(cov)), rtol=1e-6)
    lo, hi = intervals(w, se)
    covered = (lo <= d.info["true_w"]) & (d.info["true_w"] <= hi)
    assert covered.sum() >= 4
    assert lo[3] < 0 < hi[3]  # coffee: no effect, and the interval says it may be none


@pytest.mark.parametrize("scale", [1e-155, 1e-300, 1e9, [1e-155, 1.0, 1e9, 1e-300, 3.0]])
def test_standard_errors_at_any_scale_are_the_unit_scales_rescaled(scale):
    """A feature measured in units a million times smaller has a weight and a standard
    error a million times larger: nothing else changes.  Near 1e-155 and 1e-300 the
    Hessian's entries underflowed ("SVD did not converge"); mixed scales gave 0 to inf."""
    d = exam_results(4, 1000)
    w, b = _optimum(d.X, d.y)
    se, se_b = standard_errors(d.X, d.y, w, b)
    scale = np.asarray(scale, dtype=float)
    se_s, se_b_s = standard_errors(d.X * scale, d.y, w / scale, b)
    np.testing.assert_allclose(se_s, se / scale, rtol=1e-6)
    assert se_b_s == pytest.approx(se_b, rel=1e-6)


def test_no_intervals_for_a_constant_feature_or_one_class():
    d = exam_results(4, 200)
    X = d.X.copy()
    X[:, 1] = 7.0
    with pytest.raises(NoIntervals, match="'slept' has the same value in every row"):
        standard_errors(X, d.y, np.zeros(5), 0.0, ["studied", "slept", "t", "c", "m"])
    with pytest.raises(NoIntervals, match="same label"):
        standard_errors(d.X, np.ones(len(d.y)), np.zeros(5), 0.0)


def test_threshold_measures_roc_and_pr_equal_scikit_learn():
    from sklearn import metrics as sk

    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 500).astype(float)
    p = np.clip(0.3 * y + rng.uniform(0, 0.7, 500), 0, 1).round(2)  # with ties
    for t in (0.2, 0.5, 0.77):
        r = threshold_report(y, p, t)
        pred = (p >= t).astype(float)
        (tn, fp), (fn, tp) = sk.confusion_matrix(y, pred)
        assert (r["tn"], r["fp"], r["fn"], r["tp"]) == (tn, fp, fn, tp)
        assert r["precision"] == pytest.approx(sk.precision_score(y, pred))
        assert r["recall"] == pytest.approx(sk.recall_score(y, pred))
        assert r["f1"] == pytest.approx(sk.f1_score(y, pred))
        assert r["accuracy"] == pytest.approx(sk.accuracy_score(y, pred))
    fpr, tpr, _ = roc_curve(y, p)
    sk_fpr, sk_tpr, _ = sk.roc_curve(y, p, drop_intermediate=False)
    np.testing.assert_allclose(fpr, sk_fpr)
    np.testing.assert_allclose(tpr, sk_tpr)
    assert roc_auc(y, p) == pytest.approx(sk.roc_auc_score(y, p))
    recall, precision, thresholds = precision_recall_curve(y, p)
    sk_prec, sk_rec, sk_thr = sk.precision_recall_curve(y, p)
    ours = dict(zip(np.round(thresholds, 9), zip(recall, precision)))
    for t, r_, p_ in zip(np.round(sk_thr, 9), sk_rec[:-1], sk_prec[:-1]):
        assert ours[t] == pytest.approx((r_, p_))
    nothing = threshold_report(y, p, np.inf)  # (nothing predicted positive)
    assert nothing["tp"] + nothing["fp"] == 0 and np.isnan(nothing["precision"])


def test_the_cheapest_threshold_is_the_true_minimum_and_the_theory_agrees_when_calibrated():
    d = exam_results(11, 20_000)
    p = sigmoid(d.X @ d.info["true_w"] + d.info["true_b"])  # calibrated by construction
    for k in (1.0, 4.0, 9.0):
        t, cost = cheapest_threshold(d.y, p, k)
        everywhere = [cost_at(d.y, p, s, k) for s in np.r_[np.unique(p), np.inf]]
        assert cost == pytest.approx(min(everywhere), abs=1e-12)
        assert cost_at(d.y, p, t, k) == pytest.approx(cost)
        theory = cost_at(d.y, p, 1 / (1 + k), k)
        assert theory <= 1.02 * cost  # within 2 %
    thresholds, costs = decision_costs(d.y, p, 4.0)
    assert np.isinf(thresholds[0]) and costs[0] == pytest.approx(4.0 * d.y.mean())


# ----------------------------------------------------------------- the tab
@pytest.fixture
def tab(make_tab):
    from lrviz.ui.tabs.decisions import DecisionsTab

    return make_tab(DecisionsTab)


def test_the_drawn_weights_their_odds_and_the_student_waterfall_agree(tab):
    snap = tab.train_now(2000)
    model = snap.models["logistic"]
    w, b = model.raw_coefficients()
    heights = np.asarray(tab.evidence.bars.opts["height"], dtype=float)
    np.testing.assert_allclose(heights, w)
    text = tab.evidence.odds_label.text()
    for short, h in zip(tab.short, heights):
        assert f"{short}: ×{np.exp(h):.3g}" in text
    student = np.array([8.0, 6.0, 4.0, 2.0, 60.0])
    tab.set_student(student)
    widths = np.asarray(tab.student.fall_bars.opts["width"], dtype=float)
    z = float(b + w @ student)
    assert widths[:-1].sum() == pytest.approx(z, abs=1e-9)  # the steps add up to z ...
    assert widths[-1] == pytest.approx(z, abs=1e-9)  # ... drawn as the last bar
    p_model = float(model.predict_proba(student[None, :])[0])
    assert f"P(pass) = σ(z) = {p_model:.1%}" in tab.student.label.text()
    tab.form["standardised"].setChecked(True)
    sd = tab.train.X.std(axis=0)
    np.testing.assert_allclose(np.asarray(tab.evidence.bars.opts["height"], float), w * sd)


def test_decisions_for_a_calibrated_and_an_overconfident_model(tab):
    tab.train_now(2000)
    tab.form["threshold"].setValue(0.3)
    y = tab.held.y
    p = tab.controller.latest.models["logistic"].predict_proba(tab.held.X)
    r = threshold_report(y, p, 0.3)
    table = [[tab.decisions.confusion.item(i, j).text() for j in (1, 2)] for i in (0, 1)]
    assert table == [[f"{r['tn']} right", f"{r['fp']} false alarm{'' if r['fp'] == 1 else 's'}"],
                     [f"{r['fn']} missed", f"{r['tp']} right"]]
    x, yy = tab.decisions.curve_items["roc"][1].getData()
    assert (x[0], yy[0]) == pytest.approx((r["fpr"], r["recall"]))
    assert f"AUC = {roc_auc(y, p):.3f}" in tab.decisions.roc.getPlotItem().titleLabel.text
    assert "close, because these probabilities are calibrated" in tab.decisions.text.text()
    best, _ = cheapest_threshold(y, p, tab.form.value("cost"))
    assert tab.decisions.threshold_lines["measured"].value() == pytest.approx(best)
    assert tab.decisions.threshold_lines["theory"].value() == pytest.approx(1 / (1 + 4.0))
    tab.form["decider"].setCurrentText("bayes")  # counts practice tests and study twice
    assert "naive Bayes" in tab.decisions.text.text()
    assert "not calibrated, so 1 / (1 + k) misses" in tab.decisions.text.text()


def _write(tmp_path, text, name="t.csv"):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


@pytest.mark.parametrize("text,problem", [
    ("a,b,label\n1,2,0\n1,x,1\n", "line 3: b"),
    ("a,A,label\n1,2,0\n", "appears twice"),
    ("a,b\n1,2\n", "exactly one column called 'label'"),
    ("a,b,label\n1,2,3\n", "line 2: label"),
    ("a,b,label\n1,2\n", "expected 3 values"),
    ("", "is empty"),
])
def test_a_bad_table_is_refused_in_one_line(tmp_path, text, problem):
    with pytest.raises(DataFileError, match=problem) as info:
        read_table_csv(_write(tmp_path, text))
    assert "\n" not in str(info.value)


def test_a_long_table_reads_back_exactly(tmp_path, monkeypatch):
    """The reader decodes the text a piece at a time and turns rows into numbers a block
    at a time: across the pieces' and blocks' edges every value and label comes back as
    written, and a bad byte far into the file is reported on its own line."""
    from lrviz.data import csvio

    monkeypatch.setattr(csvio, "TEXT_PIECE", 4096)  # (about 60 rows a piece)
    rng = np.random.default_rng(5)
    n = 2 * csvio.BLOCK_ROWS + 345
    X = rng.normal(size=(n, 3)) * [1e-7, 1.0, 1e6]
    y = rng.integers(0, 2, n)
    text = "a,label,b,c\n" + "\n".join(f"{a!r},{lab},{b!r},{c!r}"
                                       for (a, b, c), lab in zip(X.tolist(), y))
    got, labels, names = read_table_csv(_write(tmp_path, "\ufeff" + text))  # (a BOM too)
    assert names == ["a", "b", "c"]
    np.testing.assert_array_equal(got, X)
    np.testing.assert_array_equal(labels, y)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(text.encode() + b"\n1,0,\xff,2\n")
    with pytest.raises(DataFileError, match=f"line {n + 2}: is not UTF-8 text"):
        read_table_csv(str(bad))


def test_a_table_loaded_in_the_background_shows_the_cores_figures(qtbot, tab, tmp_path):
    """The job that reads a file also splits it and measures its training rows (each
    feature's range, median and spread), for the seed set when loading began: what the
    tab then shows is what numpy works out for those rows -- also when the seed changed
    while the file was read (the split is made again, for the new seed)."""
    rng = np.random.default_rng(3)
    n = 2000
    X = np.c_[rng.normal(170, 9, n), rng.integers(0, 5, n), rng.uniform(-2e3, 5e3, n),
              rng.normal(size=n)]
    y = (X[:, 0] - 170 + 3 * X[:, 1] + rng.normal(0, 4, n) > 5).astype(int)
    names = ["height", "siblings", "wide", "noise"]
    path = _write(tmp_path, ",".join(names) + ",label\n" + "\n".join(
        ",".join(repr(float(v)) for v in row) + f",{lab}" for row, lab in zip(X, y)))
    tab.form.set_values({"seed": 3}, quiet=False)

    def load_then_reseed():
        tab.load_csv(path)  # (split for seed 3 in the job ...)
        tab.form.set_values({"seed": 8}, quiet=False)  # (... which is no longer the seed)
    assert said(qtbot, tab, load_then_reseed).startswith("Loaded 2,000 rows")
    held = np.zeros(n, bool)  # the tab's rule: 30 % held out, drawn by the seed
    held[np.random.default_rng(8).permutation(n)[:round(0.3 * n)]] = True
    train = X[~held]
    lo, hi = train.min(axis=0), train.max(axis=0)
    assert [s.slider.toolTip() or s.toolTip() for s in tab.student.sliders] == [
        f"{name}: {a:g} to {b:g}" for name, a, b in zip(names, lo, hi)]
    assert [s.label.text() for s in tab.student.sliders] == [  # a typical row: the medians
        s.fmt(m) for s, m in zip(tab.student.sliders, np.median(train, axis=0))]
    snap = tab.train_now(300)
    w, b = snap.models["logistic"].raw_coefficients()
    tab.set_student(np.median(train, axis=0))
    typical = np.asarray(tab.student.fall_bars.opts["width"], float)[0]
    assert typical == pytest.approx(b + w @ train.mean(axis=0), rel=1e-9, abs=1e-9)
    tab.form["standardised"].setChecked(True)
    np.testing.assert_allclose(np.asarray(tab.evidence.bars.opts["height"], float),
                               w * train.std(axis=0), rtol=1e-9)


def test_beside_a_table_the_panel_gives_its_own_split_not_the_exams_sizes(qtbot, tab,
                                                                          tmp_path):
    """With a table loaded, the exam's "training 1000, held out 10000" stood greyed
    beside 300 rows: the panel now says how the table itself is split, and gives the
    exam's sizes back with the exam."""
    from lrviz.ui.tabs.decisions import BUILT_IN

    sizes = (tab.form["n_train"], tab.form["n_held"])
    assert all(s.isVisible() for s in sizes) and not tab.table_split.isVisible()
    rng = np.random.default_rng(1)
    rows = "\n".join(f"{a},{b},{int(a > b)}" for a, b in rng.normal(size=(300, 2)))
    said(qtbot, tab, lambda: tab.load_csv(_write(tmp_path, "a,b,label\n" + rows)))
    assert not any(s.isVisible() for s in sizes) and tab.table_split.isVisible()
    assert (len(tab.train.y), len(tab.held.y)) == (210, 90)
    assert tab.table_split.text() == "210 rows to train on, 90 held out (30%)"
    tab.form["data"].setCurrentText(BUILT_IN)
    assert all(s.isVisible() for s in sizes) and not tab.table_split.isVisible()
    assert len(tab.train.y) == sizes[0].value()


def test_loading_a_table_trains_on_it_and_bad_ones_change_nothing(qtbot, tab, tmp_path):
    rng = np.random.default_rng(1)
    X = rng.normal(size=(300, 3))
    y = (X[:, 0] - X[:, 2] + rng.normal(0, 0.5, 300) > 0).astype(int)
    rows = "\n".join(f"{a},{b},{c},{lab}" for (a, b, c), lab in zip(X, y))
    line = said(qtbot, tab, lambda: tab.load_csv(_write(tmp_path, "height,constant,age,label\n" + rows)))
    assert line.startswith("Loaded 300 rows with 3 features")
    assert tab.names == ["height", "constant", "age"]
    snap = tab.train_now(500)
    assert len(snap.models["logistic"].w) == 3
    before = (tab.names, tab.train.X.copy())
    one_class = "a,label\n" + "\n".join(f"{v},1" for v in range(20))
    assert "same label" in said(qtbot, tab, lambda: tab.load_csv(_write(tmp_path, one_class, "one.csv")))
    assert "line 2" in said(qtbot, tab, lambda: tab.load_csv(_write(tmp_path, "a,b,label\n1,oops,0\n", "bad.csv")))
    assert tab.names == before[0] and np.array_equal(tab.train.X, before[1])
    # a feature that never changes: no intervals, and the reason -- never a NaN on screen
    flat = "a,b,label\n" + "\n".join(f"{v},5,{v % 2}" for v in range(60))
    assert said(qtbot, tab, lambda: tab.load_csv(_write(tmp_path, flat, "flat.csv"))).startswith("Loaded")
    tab.train_now(200)
    assert "No intervals: 'b' has the same value in every row" in tab.evidence.odds_label.text()
    assert "nan" not in tab.evidence.odds_label.text().lower()


@pytest.mark.parametrize("scale", [1e-155, 1e-300, [1e-155, 1.0, 1e7, 1e-300, 1.0]])
def test_a_table_of_tiny_or_mixed_scales_is_weighed_as_ordinary_numbers(qtbot, tab, tmp_path,
                                                                      scale):
    """The exam results with features measured in tiny (or wildly different) units: it
    loads, trains and draws like the plain table (drawing raised ten tracebacks a second
    and the weights stopped updating).  Per standard deviation the weights, their
    intervals and odds are the plain table's; per unit, where an odds factor is too large
    (or too near 1) to write out, the interval is left out and the text says why."""
    d = exam_results(4, 600)
    names = ["study", "sleep", "tests", "coffee", "commute"]
    rows = "\n".join(",".join(repr(v) for v in x) + f",{int(label)}"
                     for x, label in zip((d.X * scale).tolist(), d.y))
    plain_path = _write(tmp_path, ",".join(names) + ",label\n" + "\n".join(
        ",".join(repr(v) for v in x) + f",{int(label)}" for x, label in zip(d.X.tolist(), d.y)),
        "plain.csv")
    scaled_path = _write(tmp_path, ",".join(names) + ",label\n" + rows, "scaled.csv")
    tab.form["standardised"].setChecked(True)

    def weighed(path):
        assert said(qtbot, tab, lambda: tab.load_csv(path)).startswith("Loaded 600 rows")
        tab.train_now(3000)
        assert "appear once" not in tab.evidence.odds_label.text()  # settled
        heights = np.asarray(tab.evidence.bars.opts["height"], dtype=float)
        bars = tab.evidence.error_bars.opts
        return heights, np.asarray(bars["top"], float), tab.evidence.odds_label.text()
    plain, plain_top, plain_text = weighed(plain_path)
    heights, top, text = weighed(scaled_path)
    np.testing.assert_allclose(heights, plain, rtol=1e-6)
    np.testing.assert_allclose(top, plain_top, rtol=1e-6)
    assert text == plain_text and "No interval" not in text
    assert all(f"{n}: ×" in text and " to " in text for n in names)
    # per unit: the odds factors of tiny units (huge) or of a huge unit (all but 1) are
    # beyond writing out as numbers, and the text says so in place of their intervals
    tab.form["standardised"].setChecked(False)
    text = tab.evidence.odds_label.text()
    assert "inf" not in text and "nan" not in text.lower()
    odd = [n for n, s in zip(names, np.broadcast_to(scale, 5)) if s != 1.0]
    assert f"No interval per unit for {', '.join(odd)}: " in text
    raw = tab.controller.latest.models["logistic"].raw_coefficients()[0]
    listed = text.split("<br>")[1]
    for n, w in zip(names, raw):
        assert (f"{n}: ×e^({w:.3g})" in listed) == (n in odd)
        with np.errstate(over="ignore"):
            assert (f"{n}: ×{np.exp(w):.3g} (" in listed) == (n not in odd)
    # the bars are drawn in units of a power of ten that the title names (bars coloured
    # one by one are recorded with 32-bit coordinates: past 3.4e38 they were not drawn)
    heights = np.asarray(tab.evidence.bars.opts["height"], dtype=float)
    title = tab.evidence.plot.getPlotItem().titleLabel.text
    power = re.search(r"in units of 1e([-+]\d+)", title)
    np.testing.assert_allclose(heights * 10.0 ** (int(power[1]) if power else 0), raw, rtol=1e-9)
    assert (power is not None) == (np.abs(raw).max() > 1e30) and np.abs(heights).max() < 1e30
    lo, hi = tab.evidence.plot.getPlotItem().vb.viewRange()[1]
    assert np.isfinite([lo, hi]).all() and lo < heights.min() and heights.max() < hi


def test_while_training_the_axes_move_seldom_and_show_every_bar(tab):
    """Each new range draws an axis and its grid again -- on a table's tall plots 10-20
    ms a frame -- and an axis that slides at every frame is hard to read off a
    projector.  So the weights' axis and the held-out counts' axis move a few times
    while training, yet every bar, interval, true effect and count is always in view,
    and together they never shrink below half of it."""
    vb = tab.evidence.plot.getPlotItem().vb
    hist = tab.decisions.histogram.getPlotItem().vb
    views, heights_seen = [], []
    for _ in range(40):
        tab.train_now(15)
        heights = np.asarray(tab.evidence.bars.opts["height"], dtype=float)
        bars = tab.evidence.error_bars.opts
        ends = np.r_[heights, 0.0, tab.evidence.true_marks.getData()[1]]  # (▲ true effects)
        if len(bars["x"]):
            ends = np.r_[ends, heights + bars["top"], heights - bars["bottom"]]
        lo, hi = vb.viewRange()[1]
        assert lo <= ends.min() and ends.max() <= hi
        assert ends.max() - ends.min() >= 0.5 * (hi - lo)
        views.append((lo, hi))
        heights_seen.append(tuple(heights))
        counts = np.r_[tuple(curve.getData()[1] for curve in tab.decisions.hist_curves)]
        bottom, top = hist.viewRange()[1]
        assert bottom == 0 and counts.max() <= top and counts.max() >= 0.45 * top
    assert len(set(heights_seen)) == 40  # the weights moved at every frame,
    moves = sum(a != b for a, b in zip(views, views[1:]))
    assert 1 <= moves <= 8  # the axis a few times


def test_before_training_no_interval_and_no_verdict_is_claimed(tab):
    """At w = 0 every student gets P = 0.5: no interval (they describe the best
    weights) and no word on calibration until the model has learned."""
    assert "appear once training has settled" in tab.evidence.odds_label.text()
    assert len(tab.evidence.error_bars.opts["x"]) == 0
    assert "has not learned yet" in tab.decisions.text.text()
    tab.train_now(1500)
    assert "appear once" not in tab.evidence.odds_label.text()
    assert len(tab.evidence.error_bars.opts["x"]) == 5
    assert "calibrated" in tab.decisions.text.text()


def test_after_a_reset_no_picture_shows_the_last_models_decisions(tab):
    """Back at a lesson's first step the model starts again: the table said "not yet",
    while the histogram, the cheapest threshold and the curves still showed the model
    trained before, and the threshold stood where the step after it had moved it."""
    tab.train_now(1500)
    d = tab.decisions
    assert max(max(c.getData()[1]) for c in d.hist_curves) > 0
    tab.form["threshold"].setValue(0.2)  # (a step before changed the threshold) ...
    tab.form.set_values({"threshold": 0.5, "cost": 9.0})  # ... a step's start restores it
    tab.controller.reset()
    assert "has not learned yet" in d.text.text()
    assert d.threshold_lines["t"].value() == 0.5  # (drawn where the settings put it)
    assert d.threshold_lines["theory"].value() == pytest.approx(0.1)
    assert all(len(c.getData()[0] if c.getData()[0] is not None else []) == 0
               for c in d.hist_curves)
    for curve, point in d.curve_items.values():
        assert curve.getData()[0] is None or len(curve.getData()[0]) == 0
    assert not d.threshold_lines["measured"].isVisible()
    tab.train_now(1500)  # (and all of it comes back with the next model)
    assert max(max(c.getData()[1]) for c in d.hist_curves) > 0
    assert d.threshold_lines["measured"].isVisible()
    assert "AUC" in d.roc.getPlotItem().titleLabel.text


def test_while_training_the_decisions_follow_the_weights_one_frame_later(tab):
    """A running snapshot's text tick draws the weights at once, and the student's
    waterfall and the decision pictures in the very next frame (two light frames rather
    than one heavy one that held the window 30 ms); a paused snapshot draws all at once."""
    import dataclasses

    def drawn():
        return (np.asarray(tab.evidence.bars.opts["height"], float).copy(),
                np.array(tab.decisions.curve_items["roc"][0].getData()),
                np.asarray(tab.student.fall_bars.opts["width"], float).copy())

    def quiet(snap, running):  # the same models again, without their losses
        return dataclasses.replace(snap, running=running, reset=False,
                                   losses={k: v[:0] for k, v in snap.losses.items()})
    early = tab.train_now(3)
    w_early, roc_early, fall_early = drawn()
    later = tab.train_now(300)
    w_later, roc_later, fall_later = drawn()
    assert not np.allclose(w_early, w_later) and not np.array_equal(roc_early, roc_later)
    assert not np.allclose(fall_early, fall_later)
    tab._on_snapshot(quiet(early, running=False))  # paused: all of it at once
    assert np.array_equal(drawn()[0], w_early) and np.array_equal(drawn()[1], roc_early)
    assert np.array_equal(drawn()[2], fall_early)
    tab.pace._text_time = -1e9  # the next frame is a text tick
    tab._on_snapshot(quiet(later, running=True))
    assert np.array_equal(drawn()[0], w_later) and np.array_equal(drawn()[1], roc_early)
    assert np.array_equal(drawn()[2], fall_early)  # (the student: next frame too)
    tab._on_snapshot(quiet(later, running=True))  # the frame after: no text tick
    assert np.array_equal(drawn()[1], roc_later) and np.array_equal(drawn()[2], fall_later)


def test_on_a_big_table_intervals_and_decisions_come_from_the_background(qtbot, make_tab,
                                                                         monkeypatch):
    """Past a size (here: any) the standard errors and the decisions are worked out in
    background jobs (at 100,000 rows x 50 features they held the window for 0.6 s at a
    time): what they show once they arrive is what a small table shows at once."""
    from lrviz.ui.tabs import decisions

    small = make_tab(decisions.DecisionsTab)
    snap = small.train_now(1500)
    shown = (small.evidence.odds_label.text(), small.decisions.text.text(),
             np.array(small.evidence.error_bars.opts["top"], float))
    monkeypatch.setattr(decisions, "WEIGH_AT_ONCE", 0)
    monkeypatch.setattr(decisions, "DECIDE_AT_ONCE", 0)
    big = make_tab(decisions.DecisionsTab)
    big.train_now(1500)  # (the same students, the same weights)
    qtbot.waitUntil(lambda: big.decisions.text.text() == shown[1], timeout=10000)
    qtbot.waitUntil(lambda: big.evidence.odds_label.text() == shown[0], timeout=10000)
    np.testing.assert_array_equal(big.evidence.error_bars.opts["top"], shown[2])
    big.form["threshold"].setValue(0.3)  # a setting: worked out again, in the background
    p = snap.models["logistic"].predict_proba(big.held.X)
    r = threshold_report(big.held.y, p, 0.3)
    qtbot.waitUntil(lambda: big.decisions.confusion.item(1, 1).text() == f"{r['fn']} missed")
    assert big.decisions.confusion.item(0, 2).text() == f"{r['fp']} false alarm{'' if r['fp'] == 1 else 's'}"


def test_a_big_tables_curves_are_painted_in_a_turn_after_its_histogram(qtbot, make_tab,
                                                                        monkeypatch):
    """A big table's decisions land from a background job while it trains.  Drawn and
    painted in one sweep, the histogram, the ROC and the precision-recall curves held the
    window 25 ms with 50 features; the curves now follow in a turn of their own, after a
    timer had its turn.  They show what a small table shows at once; a reset before their
    turn drops them; a screenshot does not wait for them."""
    from PySide6.QtCore import QTimer

    from lrviz.ui.tabs import decisions

    small = make_tab(decisions.DecisionsTab)
    small.train_now(1500)
    d = small.decisions
    expected = [np.array(d.curve_items[k][0].getData()) for k in ("roc", "pr")]
    monkeypatch.setattr(decisions, "DECIDE_AT_ONCE", 0)
    big = make_tab(decisions.DecisionsTab)
    ticked, seen = [], {}

    def drawn(item):
        return item.getData()[1] is not None and len(item.getData()[1]) > 0

    def histogram_drawn():  # decisions landed: a timer started as their histogram is drawn
        if drawn(big.decisions.hist_curves[1]):
            ticked.clear()
            QTimer.singleShot(0, lambda: ticked.append(True))

    def curves_drawn():  # the first curves drawn: had that timer had its turn?
        if drawn(big.decisions.curve_items["roc"][0]):
            seen.setdefault("after a tick", bool(ticked))
    big.decisions.hist_curves[1].sigPlotChanged.connect(histogram_drawn)
    big.decisions.curve_items["roc"][0].sigPlotChanged.connect(curves_drawn)
    big.train_now(1500)  # (the same students, the same weights)
    qtbot.waitUntil(lambda: "after a tick" in seen, timeout=10000)
    assert seen["after a tick"]
    for k, curve in zip(("roc", "pr"), expected):
        np.testing.assert_array_equal(big.decisions.curve_items[k][0].getData(), curve)
    assert big.decisions.roc.getPlotItem().titleLabel.text == d.roc.getPlotItem().titleLabel.text
    # a reset before the curves' turn: they are not drawn after it
    model = small._held_models["logistic"]
    found = decisions.decide(model, None, small.held.X, small.held.y, 0.5, 9.0)
    for tab, ends in ((big, "reset"), (small, "screenshot")):
        tab.decisions.not_yet(0.5, 9.0)
        tab.decisions.draw(found, "logistic", curves_later=True)
        if ends == "reset":
            tab.decisions.not_yet(0.5, 9.0)
            qtbot.wait(20)
            assert len(tab.decisions.curve_items["roc"][0].getData()[0] or []) == 0
            assert tab.decisions.roc.getPlotItem().titleLabel.text == "ROC"
        else:
            tab.before_screenshot()
            np.testing.assert_array_equal(tab.decisions.curve_items["roc"][0].getData(),
                                          expected[0])


def test_the_waterfall_names_every_row_apart_with_large_text(qtbot, window):
    """With presentation's larger text (three zoom steps) in a 1280x720 window, the
    waterfall's row names stay at least a line of their own text apart (they were
    written over each other), read from where each name's row is drawn; the axis under
    the weights is as tall as its names (their lower parts were cut off); and the ROC
    plot's axis title fits its narrow plot (it was cut off)."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QFontMetricsF

    window.select_tab("decisions")
    window.resize(1280, 720)
    window.zoom(3)
    try:
        tab = window.current_page()
        tab.train_now(5)
        qtbot.wait(50)  # (the zoom re-fits the waterfall on the next turn of the loop)
        qtbot.waitUntil(lambda: tab.student.waterfall.height() >= tab.student.waterfall.minimumHeight())
        item = tab.student.waterfall.getPlotItem()
        # the rows sit at y = 0, -1, -2 ... (typical, each feature, = z)
        rows = [item.vb.mapViewToScene(QPointF(0, -i)).y() for i in range(len(tab.names) + 2)]
        line = QFontMetricsF(item.getAxis("left").style["tickFont"]).height()
        assert np.diff(rows).min() >= line
        # and the feature names under the weights are as tall as their text needs
        axis = tab.evidence.plot.getPlotItem().getAxis("bottom")
        assert axis.height() >= QFontMetricsF(axis.style["tickFont"]).height()
        # and the narrow ROC plot's axis title fits under it, set smaller than the rest
        roc = tab.decisions.roc.getPlotItem()
        title = roc.getAxis("bottom").label
        width = QFontMetricsF(title.font()).horizontalAdvance("false-positive rate")
        assert width <= tab.decisions.roc.viewport().width() - roc.getAxis("left").width()
    finally:
        window.zoom(-3)


def test_one_false_alarm_is_not_written_as_many(qtbot):
    """The confusion matrix read "1 false alarms" (breast-cancer data at 0.5), and its
    second row was cut in half when the tab was filled before the window was shown
    (``--screenshot``): its height was taken from a header not yet laid out."""
    from lrviz.data.catalog import open_real
    from lrviz.ui import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    try:
        window.select_tab("decisions")
        tab = window.current_page()
        tab.take_table(open_real("breast_cancer", "decisions"))
        tab.train_now(200)
        p = tab.controller.latest.models["logistic"].predict_proba(tab.held.X)
        ones = [t for t in np.arange(0.05, 1.0, 0.01).round(2)
                if threshold_report(tab.held.y, p, t)["fp"] == 1]
        assert ones  # (a threshold with exactly one false alarm)
        tab.form["threshold"].setValue(float(ones[0]))
        window.show()
        qtbot.waitExposed(window)
        table = tab.decisions.confusion
        assert table.item(0, 2).text() == "1 false alarm"
        # both rows in sight under the two-line header
        assert table.rowViewportPosition(1) + table.rowHeight(1) <= table.viewport().height()
    finally:
        window.shutdown()


def test_beside_fifty_weights_the_held_out_plots_are_all_in_the_first_screen(qtbot, window):
    """Fifty rows of weights make the tab two screens tall.  The histogram stood beside
    them with the screen's height empty under it, and the ROC and precision-recall
    curves came a screen further down, out of sight at 1280x720.  Now the three stand
    one above the other beside the weights, each wholly inside the scrolled view before
    any scrolling, each taller than a third of its width; and the texts keep their
    lines."""
    from PySide6.QtWidgets import QScrollArea

    window.select_tab("decisions")
    window.resize(1280, 720)
    tab = window.current_page()
    rng = np.random.default_rng(3)
    X = rng.normal(size=(300, 50))
    y = (X[:, 0] + rng.normal(size=300) > 0).astype(float)
    tab.use_table(X, y, [f"feature {j}" for j in range(50)])
    tab.train_now(5)
    qtbot.waitUntil(lambda: not tab.in_turns.waiting)
    plots = (tab.decisions.histogram, tab.decisions.roc, tab.decisions.pr)
    area = plots[0].parentWidget()
    while not isinstance(area, QScrollArea):
        area = area.parentWidget()
    view = area.viewport()
    assert area.widget().height() > 1.5 * view.height()  # (the tab does scroll)
    assert area.verticalScrollBar().value() == 0
    for plot in plots:
        top_left = plot.mapTo(view, plot.rect().topLeft())
        bottom_right = plot.mapTo(view, plot.rect().bottomRight())
        assert view.rect().contains(top_left) and view.rect().contains(bottom_right), plot
        assert plot.height() > plot.width() / 3
    # one above the other: histogram, then the two curves side by side
    tops = [plot.mapTo(view, plot.rect().topLeft()).y() for plot in plots]
    assert plots[0].mapTo(view, plots[0].rect().bottomLeft()).y() < tops[1] == tops[2]
    # the page scrolls anyway: the texts under the weights and the row's score get the
    # lines they ask for (a line and a sliver of the next was all they had)
    for text in (tab.evidence.odds_scroll, tab.student.scroll):
        assert text.height() >= text.sizeHint().height() >= 2 * text.label.fontMetrics().height()


def test_a_wide_table_is_laid_out_once_when_it_is_shown(qtbot, window, monkeypatch):
    """Forty features bring forty rows of waterfall and twelve sliders.  The tab is laid
    out a level a turn and painted in turns -- the rest of the tab, then one plot a turn
    -- each plot once, at the size it keeps: three rounds of layouts painted in
    between held a 50-feature table's window for 40-60 ms each, and so did laying it
    out in the turn that brought it.  The plots wait for the new model's first picture,
    however late it comes: painted before it, the weights' plot was painted again at
    once for it (a 100,000 x 50 table: 70-90 ms in one turn)."""
    from PySide6.QtCore import QTimer

    tab = window.page["decisions"]
    window.select_tab("decisions")
    qtbot.wait(50)
    # the first picture comes late: held until the tab's turns have all been taken, or
    # have stood still for five turns (a 100,000-row model's first epoch takes a while)
    draw, held, turns = tab.draw, [], []
    monkeypatch.setattr(tab, "draw", lambda snap: held.append(snap) if not turns
                        else draw(snap))

    def turn():
        turns_waiting = list(tab.in_turns.waiting)
        if held and (not turns_waiting or turns[-5:] == [turns_waiting] * 5):
            turns.append(None)
            draw(held[-1])
        else:
            turns.append(turns_waiting) if turns_waiting else None
            QTimer.singleShot(1, turn)
    rng = np.random.default_rng(2)
    X = rng.normal(size=(400, 40))
    y = (X[:, 0] + rng.normal(size=400) > 0).astype(float)
    plots = [tab.evidence.plot, tab.student.waterfall, tab.decisions.histogram,
             tab.decisions.roc, tab.decisions.pr]
    from PySide6.QtCore import QEvent, QObject

    class Painted(QObject):  # what was painted since the table came, in order, and its size
        order = []

        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                self.order.append((obj, obj.size()))
            return False
    watch = Painted()
    for p in plots:
        p.viewport().installEventFilter(watch)
    bars = []  # how many weights the weights' plot shows when it is painted
    weights_view = tab.evidence.plot.viewport()

    class Bars(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                opts = tab.evidence.bars.opts
                bars.append(len(opts["y"] if opts["x"] is None else opts["x"]))
            return False
    counting = Bars()
    weights_view.installEventFilter(counting)
    # the new sliders are made in a turn of their own and shown with their box at once
    # (added to a box on screen, each was shown in a queued call of its own, each asking
    # the X server for the pointer)
    make, shown = tab.student.make_sliders, []

    def made():
        make()
        shown.extend(s.isVisible() for s in tab.student.sliders)
    monkeypatch.setattr(tab.student, "make_sliders", made)
    tab.use_table(X, y, [f"f{j}" for j in range(40)])
    QTimer.singleShot(1, turn)
    assert tab.student.sliders == [] and not shown  # (not in the turn the table came)
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == [True] * 12
    slider = tab.student.sliders[0].slider
    slider.installEventFilter(watch)
    def in_sight():  # (a plot scrolled out of the view is not painted, rightly)
        return [p.viewport() for p in plots if not p.viewport().visibleRegion().isEmpty()]
    qtbot.waitUntil(lambda: not tab.in_turns.waiting
                    and {o for o, _ in watch.order} >= set(in_sight()))  # (one per turn)
    qtbot.wait(300)
    views = in_sight()
    assert views[0] is weights_view and len(views) >= 3
    painted = [(o, size) for o, size in watch.order if o is not slider]
    # each plot painted in its turn, at the size it keeps; the weights' plot once (its
    # axis widened for the names in its first paint, and it was painted three times).
    # (Qt paints a plot whose place moved even while its updates wait, as it documents
    # for paints the window system asks for: another plot may be painted once before.)
    counts = [sum(o is v for o, _ in painted) for v in views]
    assert held and None in turns  # (the first picture did come late)
    assert counts[0] == 1 and all(1 <= c <= 2 for c in counts), counts
    assert bars == [40]  # painted once, with the new model's forty weights
    last = {o: size for o, size in painted}
    assert [last[v] for v in views] == [v.size() for v in views]


def test_beside_many_weights_the_curves_keep_a_plots_shape(qtbot, window):
    """Forty rows of weights make the tab two screens tall: the histogram and the ROC
    and precision-recall curves beside them stretched to 300 x 1,000 pixels.  They keep
    a plot's shape, one under the other at the top; with five features they fill their
    places."""
    tab = window.page["decisions"]
    window.select_tab("decisions")
    rng = np.random.default_rng(2)
    X = rng.normal(size=(400, 40))
    y = (X[:, 0] + rng.normal(size=400) > 0).astype(float)
    hist, roc, pr = tab.decisions.histogram, tab.decisions.roc, tab.decisions.pr
    tab.use_table(X, y, [f"f{j}" for j in range(40)])
    qtbot.waitUntil(lambda: not tab.in_turns.waiting)  # (laid out and painted)
    qtbot.wait(100)
    for plot in (roc, pr):
        assert plot.height() <= 1.15 * plot.width() + 1
    assert hist.height() <= 0.9 * hist.width() + 1
    assert hist.y() == tab.evidence.y()  # (at the top, the curves right under it)
    top = roc.mapTo(hist.parentWidget(), roc.rect().topLeft()).y()
    assert hist.geometry().bottom() < top < hist.geometry().bottom() + 20
    from lrviz.ui.tabs.decisions import BUILT_IN

    tab.form["data"].setCurrentText(BUILT_IN)
    qtbot.waitUntil(lambda: hist.height() == tab.evidence.height())  # fills its place again


# ------------------------------------------------------------- sessions
def _table_csv(tmp_path, n=240, name="table.csv"):
    """Five named features (the exam data has five too: a table that falls back to it
    would not be refused for its shape) of unusual values, and a 0/1 label."""
    rng = np.random.default_rng(7)
    X = np.c_[rng.normal(170, 9, n), rng.integers(0, 5, n), rng.normal(0, 1e-3, n),
              rng.uniform(-2e8, 2e8, n), rng.normal(size=n)]
    y = (X[:, 0] - 170 + 3 * X[:, 1] + rng.normal(0, 4, n) > 5).astype(int)
    rows = "\n".join(",".join(repr(float(v)) for v in row) + f",{lab}" for row, lab in zip(X, y))
    return _write(tmp_path, "height,siblings,tiny,huge,noise,label\n" + rows, name)


def _what_is_seen(tab):
    """What the tab shows of its data and model: feature names on the axis, the
    sliders' ranges, the drawn weights, the held-out decisions' text."""
    tab.show_latest()
    ticks = tab.evidence.plot.getPlotItem().getAxis("bottom")._tickLevels[0]
    return {"data": tab.form["data"].currentText(), "ticks": [t for _, t in ticks],
            "sliders": [s.toolTip() or s.slider.toolTip() for s in tab.student.sliders],
            "heights": np.asarray(tab.evidence.bars.opts["height"], float).tolist(),
            "decisions": tab.decisions.text.text(),
            "epoch": tab.controller.latest.epoch}


def test_a_loaded_table_is_saved_in_the_session_and_reopens_exactly(qtbot, window, tmp_path):
    from lrviz.ui import MainWindow

    tab = window.page["decisions"]
    window.select_tab("decisions")
    line = said(qtbot, tab, lambda: tab.load_csv(_table_csv(tmp_path)))
    assert line.startswith("Loaded 240 rows with 5 features")
    tab.form.set_values({"threshold": 0.35, "cost": 6.5, "seed": 11}, quiet=False)
    tab.train_now(400)
    seen = _what_is_seen(tab)
    assert seen["ticks"] == ["height", "siblings", "tiny", "huge", "noise"]
    assert seen["epoch"] == 400
    path = tmp_path / "with-table.json"
    assert window.files.save_session(str(path)), window.files.last_error
    other = MainWindow()
    qtbot.addWidget(other)
    try:
        assert other.files.open_session(str(path)), other.files.last_error
        again = other.page["decisions"]
        assert _what_is_seen(again) == seen
        np.testing.assert_array_equal(again.train.X, tab.train.X)
        np.testing.assert_array_equal(again.held.y, tab.held.y)
        # the table stays the tab's when the built-in data is chosen, and comes back
        again.form["data"].setCurrentText("exam results")
        assert again.names[0] == "hours studied"
        assert other.files.save_session(str(path))
        assert other.files.open_session(str(path))
        again.form["data"].setCurrentText("a CSV file")
        assert again.names == ["height", "siblings", "tiny", "huge", "noise"]
    finally:
        other.shutdown()


def test_a_damaged_table_in_a_session_is_refused_in_one_line(qtbot, window, tmp_path):
    import json

    tab = window.page["decisions"]
    window.select_tab("decisions")
    said(qtbot, tab, lambda: tab.load_csv(_table_csv(tmp_path, n=40)))
    path = tmp_path / "s.json"
    assert window.files.save_session(str(path))
    good = json.loads(path.read_text())
    before = json.dumps(window.files.session_state(), sort_keys=True)
    n = len(good["tabs"]["decisions"]["table"]["label"])
    cases = {  # how the table is damaged -> a word of the refusal
        "a label of 2": (["label", 0], 2, "labels must be 0 or 1"),
        "a label as true": (["label", 0], True, "labels must be 0 or 1"),
        "a number as text": (["columns", 1, 3], "4", "not a number"),
        "a value too large": (["columns", 3, 0], 1e300, "finite number within"),
        "a short column": (["columns", 2], [0.0] * (n - 1), "should hold 40 numbers"),
        "a name twice": (["features", 1], "HEIGHT", "appears twice"),
        "a comma in a name": (["features", 0], "a,b", "could not head a CSV column"),
        "a name 'label'": (["features", 0], "Label", "could not head a CSV column"),
        "no names": (["features"], [], "needs 1..50"),
        "one label only": (["label"], [1] * n, "same label"),
        "not a table": ([], "yes", "should be an object"),
    }
    for kind, (keys, value, word) in cases.items():
        doc = json.loads(json.dumps(good))
        d = doc["tabs"]["decisions"]
        keys = ["table"] + keys
        for k in keys[:-1]:
            d = d[k]
        d[keys[-1]] = value
        path.write_text(json.dumps(doc))
        assert not window.files.open_session(str(path), quiet=True), kind
        error = window.files.last_error
        assert "\n" not in error and len(error) < 300 and word in error, (kind, error)
        assert json.dumps(window.files.session_state(), sort_keys=True) == before, kind


def test_a_big_session_is_written_in_the_background_newest_last(qtbot, window, tmp_path,
                                                                 monkeypatch):
    """A 100,000 x 50 table took five seconds to write out while the window stood
    still.  Past ``SAVE_AT_ONCE`` numbers a session is written in a job: the window
    turns while the writer is held (a deterministic hold, no sleeping), the status bar
    says when it is saved, and the file holds the tab's state; two saves in a row keep
    the second one's; a failed one says why."""
    import json
    import threading

    import lrviz.session
    import lrviz.ui.files as files
    from PySide6.QtCore import QTimer

    monkeypatch.setattr(files, "SAVE_AT_ONCE", 1000)  # (a 400 x 5 table: 2,400 numbers)
    real, gate, states = lrviz.session.write_session, threading.Event(), []

    def held(path, state, current):  # the first write waits for the gate
        states.append(state)
        if len(states) == 1:
            assert gate.wait(10)
        real(path, state, current)
    monkeypatch.setattr(lrviz.session, "write_session", held)
    import lrviz.ui.tabs.decisions as decisions

    threads, to_dict = [], decisions.table_to_dict

    def watched(*args):  # the thread that turns the table into numbers
        threads.append(threading.current_thread())
        return to_dict(*args)
    monkeypatch.setattr(decisions, "table_to_dict", watched)
    tab = window.page["decisions"]
    window.select_tab("decisions")
    rng = np.random.default_rng(3)
    first, second = ((rng.normal(size=(400, 5)), (rng.random(400) < 0.5).astype(float))
                     for _ in range(2))
    tab.use_table(*first, [f"a{j}" for j in range(5)])
    path = tmp_path / "big.lrviz.json"
    job = window.files.save_session(str(path))
    assert job is not True and job  # (in the background)
    assert threading.main_thread() not in threads  # (its numbers are the writer's work)
    assert "Saving the session" in window.statusBar().currentMessage()
    turned = []
    QTimer.singleShot(0, lambda: turned.append(True))
    qtbot.waitUntil(lambda: bool(turned))  # the window turns while the file is written
    assert not path.exists()
    tab.use_table(*second, [f"b{j}" for j in range(5)])  # then a second save of another
    assert window.files.save_session(str(path))
    assert threading.main_thread() not in threads
    wanted = json.loads(json.dumps(tab.session.state()))
    gate.set()
    qtbot.waitUntil(lambda: "Session saved" in window.statusBar().currentMessage())
    qtbot.waitUntil(lambda: not window.files.saving.running)
    assert len(states) == 2
    assert json.loads(path.read_text())["tabs"]["decisions"] == wanted  # the newest last
    # each save keeps the table it was asked for, turned into numbers by the writer,
    # not in the window's thread (5,000,000 numbers took it 0.2 s)
    first = lrviz.session.worked_out(states[0])["decisions"]["table"]
    assert first["features"] == [f"a{j}" for j in range(5)]
    assert sum(t.name.startswith("lrviz-job") for t in threads) == 2
    assert window.files.open_session(str(path), quiet=True)
    assert tab.names == [f"b{j}" for j in range(5)]
    window.files.save_session(str(tmp_path / "no such folder" / "s.json"))
    qtbot.waitUntil(lambda: "Could not write" in window.statusBar().currentMessage())
    assert "No such file or directory" in window.files.last_error


def test_a_big_session_is_read_in_the_background_then_put_in_a_tab_a_turn(
        qtbot, window, tmp_path, monkeypatch):
    """Opening a session with a 100,000 x 50 table held the window for a second.  Past
    ``OPEN_AT_ONCE_BYTES`` a session is read and checked in a job: the window turns
    while the reader is held (a deterministic hold), nothing changes meanwhile; then
    the tabs take their parts a turn each, the tab to show last.  A session opened
    meanwhile wins, and a bad big file is refused with nothing changed."""
    import threading

    import lrviz.ui.files as files
    import lrviz.ui.tabs.sessions as sessions
    from PySide6.QtCore import QTimer

    tab = window.page["decisions"]
    window.select_tab("decisions")
    rng = np.random.default_rng(4)
    X, y = rng.normal(size=(400, 5)), (rng.random(400) < 0.5).astype(float)
    tab.use_table(X, y, [f"a{j}" for j in range(5)])
    saved, other = tmp_path / "a.lrviz.json", tmp_path / "b.lrviz.json"
    assert window.files.save_session(str(saved)) is True
    tab.use_table(X[:, ::-1], y, [f"b{j}" for j in range(5)])
    assert window.files.save_session(str(other)) is True
    window.select_tab("boundary")
    monkeypatch.setattr(files, "OPEN_AT_ONCE_BYTES", 1000)
    real, gate, threads = files.read_and_check, threading.Event(), []

    def held(*args):  # a reader in the background waits for the gate
        threads.append(threading.current_thread())
        if threading.current_thread() is not threading.main_thread():
            assert gate.wait(10)
        return real(*args)
    monkeypatch.setattr(files, "read_and_check", held)
    applied, between, timers, draws = [], [], [], []
    apply = sessions.TabSession.apply

    def watched(self, plan):  # after each tab, a mark posted and a timer (as the window's
        between.append(len(applied) == 0 or applied[-1][1:] == [True, True])  # own):
        applied.append([self.tab.key, False, False])  # have both run before the next tab?
        QTimer.singleShot(0, lambda: applied[-1].__setitem__(1, True))
        timers.append(QTimer(singleShot=True, interval=0))
        timers[-1].timeout.connect(lambda: applied[-1].__setitem__(2, True))
        timers[-1].start()
        drawn = []
        self.tab.controller.snapshot.connect(drawn.append)
        try:
            return apply(self, plan)
        finally:  # settings, data, start and weights drawn together, once
            self.tab.controller.snapshot.disconnect(drawn.append)
            draws.append(len(drawn))
    monkeypatch.setattr(sessions.TabSession, "apply", watched)
    job = window.files.open_session(str(saved), quiet=True)
    assert job not in (True, False, None)  # (in the background)
    assert "Opening the session" in window.statusBar().currentMessage()
    turned = []
    QTimer.singleShot(0, lambda: turned.append(True))
    qtbot.waitUntil(lambda: bool(turned))  # the window turns while the file is read
    assert tab.names == [f"b{j}" for j in range(5)] and not applied  # nothing changed yet
    gate.set()
    qtbot.waitUntil(lambda: "Opened session" in window.statusBar().currentMessage())
    assert [t.name.startswith("lrviz-job") for t in threads] == [True]
    assert tab.names == [f"a{j}" for j in range(5)]
    assert window.current_page() is tab and applied[-1][0] == "decisions"  # shown last
    assert len(applied) == len(window.pages) and all(between), between  # a tab a turn
    assert max(draws) == 1, draws  # (a tab with slow fits draws when they end)
    # a session opened while a big one is read wins, whichever ends first
    gate.clear()
    threads.clear()
    window.files.open_session(str(other), quiet=True)
    qtbot.waitUntil(lambda: bool(threads))
    assert window.files.open_session(str(saved), quiet=True, background=False) is True
    gate.set()
    qtbot.waitUntil(lambda: not window.files.reading.running)
    qtbot.wait(50)
    assert tab.names == [f"a{j}" for j in range(5)]
    # a file refused meanwhile stops nothing
    gate.clear()
    threads.clear()
    window.files.open_session(str(other), quiet=True)
    qtbot.waitUntil(lambda: bool(threads))
    tiny = tmp_path / "tiny.lrviz.json"
    tiny.write_text("{}")
    assert window.files.open_session(str(tiny), quiet=True, background=False) is False
    gate.set()
    qtbot.waitUntil(lambda: "Opened session" in window.statusBar().currentMessage())
    assert tab.names == [f"b{j}" for j in range(5)]
    # a big file that is not a session: refused in one line, nothing changed
    bad = tmp_path / "bad.lrviz.json"
    bad.write_text('{"format": "lrviz-session", "version": 3, "tabs": [' + "1," * 800 + "1]}")
    window.files.open_session(str(bad), quiet=True)
    qtbot.waitUntil(lambda: "bad.lrviz.json" in window.files.last_error)
    assert "'tabs' is missing" in window.files.last_error
    assert "Nothing was changed" in window.files.last_error
    assert tab.names == [f"b{j}" for j in range(5)]


def test_no_collection_visits_a_big_session_while_a_job_reads_or_writes_it(
        qtbot, window, tmp_path, monkeypatch):
    """A big session read or written in the background holds its table as lists of
    millions of numbers; a collection in the window's thread visited every one of them
    (30-45 ms without the event loop, for 100,000 x 50).  While such a job holds them
    (a deterministic hold inside the reader and the writer), the window's collector
    collects nothing, however far past its threshold; once the job is over it does."""
    import gc
    import threading

    import lrviz.session as session
    import lrviz.ui.files as files
    from lrviz.ui.live import GuiThreadGarbage

    tab = window.page["decisions"]
    rng = np.random.default_rng(5)
    X, y = rng.normal(size=(300, 4)), (rng.random(300) < 0.5).astype(float)
    tab.use_table(X, y, [f"a{j}" for j in range(4)])
    monkeypatch.setattr(files, "OPEN_AT_ONCE_BYTES", 1000)
    monkeypatch.setattr(files, "SAVE_AT_ONCE", 100)
    gate, inside = threading.Event(), threading.Event()

    def held(real):
        def wrapper(*args, **kwargs):
            out = real(*args, **kwargs)  # (the lists are made: now hold them)
            inside.set()
            assert gate.wait(10)
            return out
        return wrapper
    collections = []

    def seen(phase, info):
        if phase == "start":
            collections.append(info["generation"])

    def collector_while_held():
        inside.wait(10)
        junk = [[] for _ in range(5 * gc.get_threshold()[0])]  # far past the threshold
        gc.callbacks.append(seen)
        try:
            assert GuiThreadGarbage.collect() == -1 and collections == []
            gate.set()
            qtbot.waitUntil(lambda: not window.files.saving.running
                            and not window.files.reading.running)
            junk += [[] for _ in range(5 * gc.get_threshold()[0])]
            assert GuiThreadGarbage.collect() >= 0 and collections  # (over: it collects)
        finally:
            gc.callbacks.remove(seen)

    path = str(tmp_path / "s.lrviz.json")
    monkeypatch.setattr(session, "json_pieces", held(session.json_pieces))
    assert window.files.save_session(path) not in (True, False)  # (in the background)
    collector_while_held()
    assert "Session saved" in window.statusBar().currentMessage()
    gate.clear()
    inside.clear()
    collections.clear()
    monkeypatch.setattr(files, "read_session", held(files.read_session))
    window.files.open_session(path, quiet=True)
    collector_while_held()
    qtbot.waitUntil(lambda: "Opened session" in window.statusBar().currentMessage())
    assert tab.names == [f"a{j}" for j in range(4)]


def test_an_older_save_that_comes_last_does_not_overwrite_a_newer_one(window, tmp_path):
    """Two big saves of one file run in two jobs; whichever runs first, the file keeps
    the newer save's state (each save is numbered when it is asked for)."""
    import json

    from lrviz.ui.files import write_in_turn

    path = str(tmp_path / "s.lrviz.json")
    state = window.files.session_state()
    older, newer = (json.loads(json.dumps(state)) for _ in range(2))
    older["decisions"]["seed"], newer["decisions"]["seed"] = 11, 22
    write_in_turn(path, newer, "decisions", 7)
    write_in_turn(path, older, "decisions", 3)  # (its job ran late)
    with open(path) as f:
        assert json.load(f)["tabs"]["decisions"]["seed"] == 22
    write_in_turn(path, older, "decisions", 8)  # a newer save still writes
    with open(path) as f:
        assert json.load(f)["tabs"]["decisions"]["seed"] == 11


def test_the_odds_text_says_what_a_factor_below_one_means(tab):
    """The sentence read "below 1 (w No intervals: ...": its "<" began a tag in the rich
    text, and the words up to the next one were not shown."""
    from helpers import plain

    tab.train_now(5)
    text = plain(tab.evidence.odds_label)
    assert "above 1 (w > 0) the feature raises the odds, below 1 (w < 0) it lowers them." \
        in text


def test_thirty_weights_lie_a_line_apart_when_the_text_grows(qtbot, window):
    """Thirty names beside the weights, then presentation's larger text (three zoom
    steps) in a 1280x720 window: each name's row stays a line of its text apart, read
    from where the rows are drawn (the plot kept the height of the smaller text, and
    each name's underscores ran into the next one's letters); and the title keeps its
    size."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QFontMetricsF

    tab = window.page["decisions"]
    window.select_tab("decisions")
    window.resize(1280, 720)
    rng = np.random.default_rng(6)
    X = rng.normal(size=(300, 30))
    tab.use_table(X, (X[:, 0] > 0).astype(float), [f"mean_name_{j}" for j in range(30)])
    qtbot.waitUntil(lambda: not tab.in_turns.waiting)
    window.zoom(3)
    try:
        plot = tab.evidence.plot
        line = QFontMetricsF(plot.getPlotItem().getAxis("left").style["tickFont"]).height()
        view = plot.getPlotItem().vb

        def rows():  # (a row per feature at y = 0, -1, -2 ...)
            return np.diff([view.mapViewToScene(QPointF(0, -j)).y() for j in range(30)])
        qtbot.waitUntil(lambda: rows().min() >= line)
        # and the title, over the whole plot (names too), is written at its own size,
        # whole: fitted into the view beside the names it was 7 pt
        from lrviz.ui.look import look

        title = plot.getPlotItem().titleLabel
        qtbot.waitUntil(lambda: float(title.opts["size"].removesuffix("pt"))
                        >= 0.9 * look().pt(title.lrviz_size))
        assert title.item.mapRectToScene(title.item.boundingRect()).width() <= plot.viewport().width()
    finally:
        window.zoom(-3)
