"""The calibration tab's core: naive Bayes, an SVM with Platt scaling, a decision tree and
the metrics, each against scikit-learn (a test-only oracle) and SPEC.md section 5."""
import numpy as np
import pytest

from lrviz.data import redundant_2d
from lrviz.models import LogisticRegression
from lrviz.models.classifiers import (
    DecisionTree,
    GaussianNaiveBayes,
    PlattScaling,
    SupportVectorMachine,
)
from lrviz.models.metrics import (
    brier_score,
    confusion_matrix,
    expected_calibration_error,
    log_loss,
    reliability_curve,
    roc_auc,
    roc_curve,
)

sk = pytest.importorskip("sklearn")


def _blobs(seed, n=400, d=3):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    X = rng.normal(size=(n, d)) + np.where(y[:, None] == 1, 0.8, -0.8) * rng.random(d)
    return X, y


def test_naive_bayes_equals_scikit_learn():
    from sklearn.naive_bayes import GaussianNB

    for seed in range(3):
        X, y = _blobs(seed)
        ours = GaussianNaiveBayes(3).fit(X, y).predict_proba(X[:50] * 1.5)
        theirs = GaussianNB().fit(X, y).predict_proba(X[:50] * 1.5)[:, 1]
        np.testing.assert_allclose(ours, theirs, atol=1e-9, rtol=0)


def test_naive_bayes_answers_the_same_at_any_scale():
    """Rescaling a feature changes nothing naive Bayes predicts; near 1e300 the squares
    overflowed and near 1e-300 they underflowed, and every probability was NaN."""
    from sklearn.naive_bayes import GaussianNB

    X, y = _blobs(1)
    plain = GaussianNaiveBayes(3).fit(X, y).predict_proba(X)
    for scale in (1e300, 1e-300, 1e-155):
        P = GaussianNaiveBayes(3).fit(X * scale, y).predict_proba(X * scale)
        np.testing.assert_allclose(P, plain, atol=1e-9, rtol=0)
    # mixed scales: the smoothing (a share of the largest variance) drowns the tiny feature
    mixed = X * [1e-150, 1.0, 1e9]
    P = GaussianNaiveBayes(3).fit(mixed, y).predict_proba(mixed)
    theirs = GaussianNB().fit(mixed, y).predict_proba(mixed)[:, 1]
    np.testing.assert_allclose(P, theirs, atol=1e-9, rtol=0)
    assert np.isfinite(GaussianNaiveBayes(3).fit(X * [1e-300, 1.0, 1e300], y).predict_proba(X)).all()
    # a variance of 0 (no smoothing, a feature constant within a class) stays a number
    X[y == 1, 0] = 2.0
    P = GaussianNaiveBayes(3, var_smoothing=0).fit(X, y).predict_proba(X)
    assert np.isfinite(P).all() and (P[y == 0] < 0.5).mean() > 0.9


def test_tree_reaches_scikit_learns_training_accuracy():
    from sklearn.tree import DecisionTreeClassifier

    for seed, depth, leaf in ((0, 3, 1), (1, 4, 5), (2, 6, 10)):
        X, y = _blobs(seed)  # continuous features: no ties
        ours = DecisionTree(3, max_depth=depth, min_samples_leaf=leaf).fit(X, y)
        theirs = DecisionTreeClassifier(max_depth=depth, min_samples_leaf=leaf,
                                        random_state=0).fit(X, y)
        assert np.mean(ours.predict(X) == y) == np.mean(theirs.predict(X) == y)
        assert "if x" in ours.rules() and "samples" in ours.rules()


def test_linear_svm_finds_scikit_learns_direction():
    from sklearn.svm import SVC

    for C in (0.1, 1.0):
        X, y = _blobs(4, d=2)
        ours = SupportVectorMachine(2, C=C).fit(X, y)
        ref = SVC(kernel="linear", C=C).fit(X, y)
        w = ref.coef_[0]
        cos = ours.w @ w / np.linalg.norm(ours.w) / np.linalg.norm(w)
        assert cos > 0.99


def test_rbf_svm_agrees_with_scikit_learn_on_held_out_points():
    from sklearn.svm import SVC

    X, y = _blobs(5, n=300, d=2)
    Xt, _ = _blobs(6, n=2000, d=2)
    ours = SupportVectorMachine(2, kernel="rbf", C=1.0, gamma=0.5).fit(X, y)
    theirs = SVC(kernel="rbf", C=1.0, gamma=0.5).fit(X, y)
    assert np.mean(ours.predict(Xt) == theirs.predict(Xt)) >= 0.98


def test_metrics_equal_scikit_learn_and_the_mann_whitney_identity():
    from sklearn.calibration import calibration_curve
    from sklearn.metrics import brier_score_loss, log_loss as sk_log_loss, roc_auc_score

    rng = np.random.default_rng(7)
    y = rng.integers(0, 2, 1000)
    p = np.clip(rng.random(1000) * 0.6 + 0.4 * y, 0, 1)
    p[:100] = np.round(p[:100], 1)  # ties, and values exactly on bin edges
    p[100] = 1.0
    assert brier_score(y, p) == pytest.approx(brier_score_loss(y, p), abs=1e-12)
    assert log_loss(y, p) == pytest.approx(sk_log_loss(y, np.clip(p, 1e-15, 1 - 1e-15)), abs=1e-12)
    assert roc_auc(y, p) == pytest.approx(roc_auc_score(y, p), abs=1e-12)
    frac, mean = calibration_curve(y, p, n_bins=10, strategy="uniform")
    ours_mean, ours_frac, count = reliability_curve(y, p, 10)
    np.testing.assert_allclose(ours_frac, frac, atol=1e-12)
    np.testing.assert_allclose(ours_mean, mean, atol=1e-12)
    assert count.sum() == 1000
    pos, neg = p[y == 1], p[y == 0]
    mann_whitney = np.mean((pos[:, None] > neg[None]) + 0.5 * (pos[:, None] == neg[None]))
    assert roc_auc(y, p) == pytest.approx(mann_whitney, abs=1e-12)
    fpr, tpr, thr = roc_curve(y, p)
    assert fpr[0] == tpr[0] == 0 and fpr[-1] == tpr[-1] == 1
    cm = confusion_matrix(y, p, 0.5)
    assert cm.sum() == 1000 and cm[1, 1] == np.sum((p >= 0.5) & (y == 1))
    ece = expected_calibration_error(y, p)
    assert ece == pytest.approx(np.sum(count / 1000 * np.abs(ours_mean - ours_frac)))


@pytest.mark.parametrize("copies", [0, 3, 5])
def test_spec_calibration_figures(copies):
    train, held = redundant_2d(1, 500, copies), redundant_2d(2, 5000, copies)
    d = train.X.shape[1]
    lr = LogisticRegression(d).fit(train.X, train.y, lr=0.5, epochs=2000)
    nb = GaussianNaiveBayes(d).fit(train.X, train.y)
    assert expected_calibration_error(held.y, lr.predict_proba(held.X)) <= 0.03
    if copies == 3:
        assert expected_calibration_error(held.y, nb.predict_proba(held.X)) >= 0.10
    for m in (lr, nb):
        assert 0.80 <= np.mean(m.predict(held.X) == held.y) <= 0.87


def test_platt_scaling_is_logistic_regression_on_the_score():
    train, cal, held = redundant_2d(1, 500, 3), redundant_2d(3, 1000, 3), redundant_2d(2, 5000, 3)
    svm = SupportVectorMachine(train.X.shape[1]).fit(train.X, train.y)
    platt = PlattScaling().fit(svm.decision_function(cal.X), cal.y)
    f = svm.decision_function(held.X)
    calibrated = platt.predict_proba(f)
    assert expected_calibration_error(held.y, calibrated) <= 0.03
    assert expected_calibration_error(held.y, calibrated) < expected_calibration_error(
        held.y, svm.predict_proba(held.X))  # the plain sigmoid of the score is worse
    np.testing.assert_allclose(calibrated, 1 / (1 + np.exp(-(platt.A * f + platt.B))))


@pytest.mark.parametrize("make", [lambda d: GaussianNaiveBayes(d), lambda d: DecisionTree(d),
                                  lambda d: SupportVectorMachine(d),
                                  lambda d: SupportVectorMachine(d, kernel="rbf")])
def test_bad_input_is_a_clear_value_error(make):
    X, y = _blobs(0, n=40, d=2)
    m = make(2)
    with pytest.raises(ValueError, match="two classes"):
        m.fit(X, np.zeros(40))
    with pytest.raises(ValueError, match="finite"):
        m.fit(np.where(np.arange(80).reshape(40, 2) == 3, np.nan, X), y)
    with pytest.raises(ValueError, match="not fitted"):
        m.predict_proba(X)
    with pytest.raises(ValueError, match="features"):
        m.fit(X[:, :1], y)


def test_platt_scaling_equals_scikit_learns_unpenalised_logistic_regression():
    from sklearn.linear_model import LogisticRegression as SkLogistic

    rng = np.random.default_rng(11)
    f = rng.normal(0, 3, 800)
    y = (rng.random(800) < 1 / (1 + np.exp(-(0.7 * f - 0.4)))).astype(int)
    ours = PlattScaling().fit(f, y)
    ref = SkLogistic(C=np.inf, tol=1e-12, max_iter=1000).fit(f[:, None], y)
    assert ours.A == pytest.approx(ref.coef_[0, 0], abs=1e-5)
    assert ours.B == pytest.approx(ref.intercept_[0], abs=1e-5)
    # scores that separate the classes perfectly: a finite answer, not an overflow
    sep = PlattScaling().fit(np.r_[-np.ones(10), np.ones(10)], np.r_[np.zeros(10), np.ones(10)])
    assert np.isfinite([sep.A, sep.B]).all() and sep.predict_proba(np.array([1.0]))[0] > 0.99


def test_the_linear_svm_trained_live_is_the_fitted_one():
    from lrviz.training import Handoff, Trainer, train_synchronously

    X, y = _blobs(4, d=2)
    fitted = SupportVectorMachine(2, epochs=300).fit(X, y)
    t = Trainer()
    t.add("svm", SupportVectorMachine(2), X, y)
    t.reset()
    h = Handoff(publish_hz=None)
    train_synchronously(t, h, 300)
    live = h.take().models["svm"]
    np.testing.assert_allclose(live.w, fitted.w, rtol=1e-12)
    assert live.b == pytest.approx(fitted.b, rel=1e-12)
    # a session can put it back exactly where it was
    twin = SupportVectorMachine(2).reset().set_parameters(live.get_parameters())
    np.testing.assert_array_equal(twin.decision_function(X), live.decision_function(X))
