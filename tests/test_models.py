"""The model core against SPEC's reference numbers, finite differences and scipy."""
import subprocess
import sys

import numpy as np
import pytest

from lrviz.data import blobs_2d, circles, noisy_xor, sparse_100, three_class, xor
from lrviz.models import (
    LogisticRegression,
    NeuralNetwork,
    RegularizedLogisticRegression,
    SoftmaxRegression,
    TinyNeuralNetwork,
    accuracy,
    one_hot,
    sigmoid,
    sigmoid_derivative,
    softmax,
)


def test_core_imports_no_qt():
    code = ("import sys, lrviz.models, lrviz.data, lrviz.training.loop\n"
            "bad = sorted({m.split('.')[0] for m in sys.modules} & {'PySide6', 'shiboken6', 'pyqtgraph'})\n"
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


# ----------------------------------------------------------- SPEC section 4
def test_blobs_reference():
    d = blobs_2d()
    m = LogisticRegression(2)
    assert m.loss(d.X, d.y) == pytest.approx(0.6931, abs=5e-5)
    m.fit(d.X, d.y, lr=0.5, epochs=300)
    assert m.loss(d.X, d.y) == pytest.approx(0.0242, abs=5e-5)
    assert accuracy(d.y, m.predict(d.X)) == 1.0
    np.testing.assert_allclose(m.w, [2.96423408, 2.17610142], atol=5e-9)
    assert m.b == pytest.approx(-2.335, abs=5e-4)


def test_sparse_l1_subgradient_reference():
    d = sparse_100()
    m = RegularizedLogisticRegression(100).fit(d.X, d.y, lr=0.05, epochs=500, lam=0.05, penalty="l1")
    assert (np.abs(m.w) > 0.01).sum() == 17
    assert list(np.argsort(np.abs(m.w))[-5:]) == [3, 36, 2, 4, 1]
    assert not (m.w == 0).any()


def test_sparse_l1_proximal_reference():
    d = sparse_100()
    m = RegularizedLogisticRegression(100).fit(d.X, d.y, lr=0.05, epochs=500, lam=0.05,
                                               penalty="l1-prox")
    assert np.count_nonzero(m.w) == 19
    assert list(np.argsort(np.abs(m.w))[-5:]) == [3, 36, 2, 4, 1]
    assert m.score(d.X, d.y) == pytest.approx(0.9875)
    m2 = RegularizedLogisticRegression(100).fit(d.X, d.y, lr=0.05, epochs=500, lam=0.1,
                                                penalty="l1-prox")
    assert np.count_nonzero(m2.w) == 6


def test_three_class_reference():
    d = three_class()
    m = SoftmaxRegression(2, 3).fit(d.X, one_hot(d.y, 3), lr=0.3, epochs=500)
    assert m.score(d.X, d.y) == pytest.approx(0.983, abs=5e-4)
    np.testing.assert_allclose(m.predict_proba([[0, 1.5]])[0], [0.061, 0.087, 0.852], atol=5e-4)


def test_xor_logistic_reference():
    d = xor()
    m = LogisticRegression(2).fit(d.X, d.y, lr=1.0, epochs=1000)
    np.testing.assert_allclose(m.predict_proba(d.X), 0.5, atol=5e-3)
    np.testing.assert_array_equal(m.w, [0.0, 0.0])


def test_xor_network_reference():
    d = xor()
    np.random.seed(5)
    m = TinyNeuralNetwork(2, 4).fit(d.X, d.y, lr=2.0, epochs=3000)
    np.testing.assert_allclose(m.forward(d.X), [0, 1, 1, 0], atol=5e-3)
    np.testing.assert_allclose(m.h[2], [0.975, 0.041, 1.0, 0.813], atol=5e-4)
    np.testing.assert_allclose(m.h[3], [1.0, 0.985, 0.988, 0.224], atol=5e-4)


def test_tiny_network_draw_order_and_scale():
    np.random.seed(11)
    W1 = np.random.randn(2, 3) * np.sqrt(2 / 2)
    w2 = np.random.randn(3) * np.sqrt(2 / 2)
    np.random.seed(11)
    m = TinyNeuralNetwork(2, 3)
    np.testing.assert_array_equal(m.W1, W1)
    np.testing.assert_array_equal(m.w2, w2)
    assert m.b2 == 0.0 and not m.b1.any()


# --------------------------------------------------- functions and basics
def test_sigmoid_and_softmax():
    assert sigmoid(0.0) == 0.5
    assert sigmoid(1e6) == 1.0 and np.isfinite(sigmoid(-1e6))
    z = np.linspace(-5, 5, 11)
    h = 1e-6
    np.testing.assert_allclose(sigmoid_derivative(z), (sigmoid(z + h) - sigmoid(z - h)) / (2 * h),
                               rtol=1e-7)
    P = softmax([[1000.0, 1000.0], [0.0, np.log(3.0)]])
    np.testing.assert_allclose(P, [[0.5, 0.5], [0.25, 0.75]])
    # K = 2 softmax is the sigmoid of the difference
    a, b = 0.3, -1.2
    assert softmax([[a, b]])[0, 0] == pytest.approx(sigmoid(a - b))
    # the in-place evaluation is the textbook expression to the bit, and leaves z alone
    z = np.random.default_rng(1).normal(scale=300, size=(500, 3))
    before = z.copy()
    assert np.array_equal(sigmoid(z), 1.0 / (1.0 + np.exp(-np.clip(z, -500, 500))))
    assert np.array_equal(z, before)
    assert sigmoid(np.array([0, 2]))[0] == 0.5 and isinstance(sigmoid(0.3), float)
    # a layer's affine map, its bias added column by column: the same numbers to the bit
    from lrviz.models.core import affine

    rng = np.random.default_rng(2)
    for n, k in ((1, 1), (7, 3), (2000, 16), (300, 1)):
        H, W, b = rng.normal(size=(n, 5)), rng.normal(size=(5, k)), rng.normal(size=k)
        before = (H.copy(), W.copy(), b.copy())
        assert np.array_equal(affine(H, W, b), H @ W + b)
        assert all(np.array_equal(a, c) for a, c in zip((H, W, b), before))


def test_work_arrays_give_the_same_numbers_and_stay_inside():
    """Cross-entropy computed in given arrays is the allocating one to the bit; the
    scratch arrays are each thread's own, and no result a model hands out is one."""
    import threading

    from lrviz.models.core import bce_loss, binary_cross_entropy, scratch, sigmoid_inplace

    rng = np.random.default_rng(3)
    z = rng.normal(scale=40, size=1001)  # saturated both ways: p and 1 - p clipped
    y = (rng.random(1001) < 0.5).astype(float)
    p = sigmoid(z)
    assert np.array_equal(sigmoid_inplace(z.copy()), p)
    before = p.copy()
    work = [np.empty(1001) for _ in range(3)]
    assert bce_loss(p, y, work) == binary_cross_entropy(p, y)
    assert np.array_equal(p, before)

    mine = scratch(10, 2)
    assert scratch(5, 1)[0].__array_interface__["data"] == mine[0].__array_interface__["data"]
    theirs = []
    worker = threading.Thread(target=lambda: theirs.extend(scratch(10, 2)))
    worker.start()
    worker.join()
    assert not any(np.shares_memory(a, b) for a in mine for b in theirs)

    m = LogisticRegression(2)
    data = m.prepare(rng.normal(size=(50, 2)), rng.integers(0, 2, 50))
    g1 = m.gradient_prepared(data)
    kept = [g1[0].copy(), float(g1[1])]
    m.w += 1.0
    m.gradient_prepared(data)
    m.step_prepared(data, 0.1)
    assert np.array_equal(g1[0], kept[0]) and g1[1] == kept[1]
    assert not np.shares_memory(m.predict_proba(data.X), scratch(50, 4)[0])


# ------------------------------------------------------- finite differences
def _models():
    rng = np.random.default_rng(0)
    yield "logistic", LogisticRegression(2), blobs_2d(n_points=30)
    yield "logistic-mse", LogisticRegression(2, loss="mse"), blobs_2d(n_points=30)
    yield "poly", LogisticRegression(2, features="poly2"), circles(n_points=30)
    yield "l2", RegularizedLogisticRegression(2, lam=0.3, penalty="l2"), blobs_2d(n_points=30)
    yield "l1", RegularizedLogisticRegression(2, lam=0.3, penalty="l1"), blobs_2d(n_points=30)
    yield "softmax", SoftmaxRegression(2, 3), three_class(n_per_class=10)
    yield "softmax-l2", SoftmaxRegression(2, 3, penalty="l2", lam=0.2), three_class(n_per_class=10)
    yield "softmax-l1", SoftmaxRegression(2, 3, penalty="l1", lam=0.2), three_class(n_per_class=10)
    for act in ("sigmoid", "tanh", "relu"):
        yield f"net-{act}", NeuralNetwork(2, (5,), activation=act, rng=rng), noisy_xor(n_points=24)
        yield f"net2-{act}", NeuralNetwork(2, (4, 3), activation=act, rng=rng), noisy_xor(n_points=24)
    yield "net-softmax", NeuralNetwork(2, (4,), n_classes=3, activation="tanh", rng=rng), \
        three_class(n_per_class=8)
    yield "net-l2", NeuralNetwork(2, (4, 3), activation="tanh", rng=rng, penalty="l2", lam=0.2), \
        noisy_xor(n_points=24)
    yield "net-l1", NeuralNetwork(2, (5,), activation="tanh", rng=rng, penalty="l1", lam=0.1), \
        noisy_xor(n_points=24)


@pytest.mark.parametrize("name,model,data", list(_models()), ids=lambda v: v if isinstance(v, str) else "")
def test_gradient_matches_finite_differences(name, model, data):
    rng = np.random.default_rng(1)
    # move away from the all-zero start (and from kinks of |w| and ReLU)
    prepared = model.prepare(data.X, data.y)
    for _ in range(5):
        model.step_prepared(prepared, 0.05)
    if hasattr(model, "w"):
        model.w += rng.normal(0, 0.3, model.w.shape)
    loss, grads = model._gradient(prepared.X, prepared.t)
    flat_grads = [np.atleast_1d(np.asarray(g, dtype=float)) for g in _flatten(grads)]
    params = _param_refs(model)
    assert len(params) == len(flat_grads)
    h = 1e-6
    for (get, set_), g in zip(params, flat_grads):
        value = get().astype(float)
        numeric = np.zeros(value.size)
        for i in range(value.size):
            v = value.copy().ravel()
            v[i] += h
            set_(v.reshape(value.shape))
            up = model._gradient(prepared.X, prepared.t)[0]
            v[i] -= 2 * h
            set_(v.reshape(value.shape))
            down = model._gradient(prepared.X, prepared.t)[0]
            set_(value)
            numeric[i] = (up - down) / (2 * h)
        err = np.linalg.norm(numeric - g.ravel()) / max(np.linalg.norm(numeric), 1e-12)
        assert err < 1e-6, f"{name}: relative error {err:.2e}"


def _flatten(grads):
    out = []
    for g in grads:
        if isinstance(g, list):
            out.extend(g)
        else:
            out.append(g)
    return out


def _param_refs(model):
    if isinstance(model, NeuralNetwork):
        refs = []
        for lst in (model.weights, model.biases):
            for i in range(len(lst)):
                refs.append((lambda lst=lst, i=i: lst[i],
                             lambda v, lst=lst, i=i: lst.__setitem__(i, v)))
        return refs
    names = ("W", "b") if isinstance(model, SoftmaxRegression) else ("w", "b")

    def setter(name):
        def set_(v):
            setattr(model, name, float(v[0]) if name == "b" and np.ndim(getattr(model, "b")) == 0 else v)
        return set_

    return [(lambda n=n: np.atleast_1d(np.asarray(getattr(model, n), dtype=float)), setter(n))
            for n in names]


# ---------------------------------------------------- independent optimiser
def test_l2_logistic_reaches_scipy_optimum():
    optimize = pytest.importorskip("scipy.optimize")
    d = blobs_2d()
    lam = 0.05
    m = RegularizedLogisticRegression(2, lam=lam, penalty="l2")
    data = m.prepare(d.X, d.y)
    for _ in range(20000):
        m.step_prepared(data, 1.0)

    def f(theta):
        w, b = theta[:2], theta[2]
        p = sigmoid(d.X @ w + b)
        p = np.clip(p, 1e-12, 1 - 1e-12)
        loss = -np.mean(d.y * np.log(p) + (1 - d.y) * np.log(1 - p)) + lam * w @ w
        r = p - d.y
        return loss, np.concatenate([d.X.T @ r / len(d.y) + 2 * lam * w, [r.mean()]])

    res = optimize.minimize(f, np.zeros(3), jac=True, method="BFGS", options={"gtol": 1e-12})
    np.testing.assert_allclose(np.append(m.w, m.b), res.x, atol=1e-5)


def test_proximal_l1_gives_exact_zeros_and_subgradient_does_not():
    d = sparse_100()
    prox = RegularizedLogisticRegression(100, lam=0.05, penalty="l1-prox").fit(d.X, d.y, lr=0.05, epochs=500)
    sub = RegularizedLogisticRegression(100, lam=0.05, penalty="l1").fit(d.X, d.y, lr=0.05, epochs=500)
    assert (prox.w == 0).sum() > 50
    assert (sub.w == 0).sum() == 0


def test_fit_is_a_loop_over_step():
    d = blobs_2d()
    a = LogisticRegression(2).fit(d.X, d.y, lr=0.5, epochs=50)
    b = LogisticRegression(2)
    losses = [b.step(d.X, d.y, lr=0.5) for _ in range(50)]
    np.testing.assert_array_equal(a.w, b.w)
    assert losses[0] == pytest.approx(np.log(2))
    assert all(l2 <= l1 for l1, l2 in zip(losses, losses[1:]))
    assert b.epoch == 50


def test_poly_features_draw_a_circle():
    d = circles(n_points=200, noise=0.05)
    linear = LogisticRegression(2).fit(d.X, d.y, lr=0.5, epochs=2000)
    poly = LogisticRegression(2, features="poly2").fit(d.X, d.y, lr=0.5, epochs=2000)
    assert linear.score(d.X, d.y) < 0.7
    assert poly.score(d.X, d.y) > 0.95


def test_networks_solve_circles_with_seeded_rng():
    d = circles(n_points=200, noise=0.05)
    for hidden in ((8,), (8, 8)):
        a = NeuralNetwork(2, hidden, activation="tanh", rng=np.random.default_rng(3))
        b = NeuralNetwork(2, hidden, activation="tanh", rng=np.random.default_rng(3))
        np.testing.assert_array_equal(a.weights[0], b.weights[0])
        a.fit(d.X, d.y, lr=0.5, epochs=3000)
        assert a.score(d.X, d.y) > 0.95


def test_clone_is_independent():
    d = blobs_2d()
    m = LogisticRegression(2).fit(d.X, d.y, lr=0.5, epochs=10)
    c = m.clone()
    m.step(d.X, d.y, 0.5)
    assert not np.array_equal(c.w, m.w)
    n = NeuralNetwork(2, (3,), rng=np.random.default_rng(0))
    cn = n.clone()
    n.weights[0] += 1
    assert not np.array_equal(cn.weights[0], n.weights[0])


# -------------------------------------------------------------- bad input
@pytest.mark.parametrize("X,y,match", [
    (np.zeros((3, 3)), np.zeros(3), r"3 features \(shape \(3, 3\)\), the model expects 2"),
    (np.zeros((3, 2)), np.zeros(4), r"y has 4 labels .* X has 3 samples"),
    (np.array([[0.0, np.nan]]), [0], r"nan at row 0, column 1"),
    (np.array([[np.inf, 0.0]]), [0], r"inf at row 0, column 0"),
    (np.zeros((2, 2)), [0, 2], r"label 2 at index 1 is outside \{0, 1\}"),
    (np.zeros((2, 2)), [0, 0.5], r"label 0.5 at index 1"),
    (np.zeros((0, 2)), np.zeros(0), r"empty"),
    (np.zeros(4), np.zeros(4), r"must be 2-D"),
])
def test_bad_input_raises_value_error(X, y, match):
    with pytest.raises(ValueError, match=match):
        LogisticRegression(2).fit(X, y)


def test_non_finite_x_is_found_wherever_it_hides_and_huge_finite_x_is_not_refused():
    """X is checked through its row sums first: a NaN, or +inf and -inf cancelling
    in one row, must still be refused; rows whose sums merely overflow must not."""
    rng = np.random.default_rng(0)
    for bad in ([np.nan], [np.inf], [-np.inf], [np.inf, -np.inf]):
        X = rng.normal(size=(50, 4))
        X[17, :len(bad)] = bad
        with pytest.raises(ValueError, match=r"at row 17, column 0"):
            LogisticRegression(4).fit(X, np.arange(50) % 2, epochs=1)
    huge = np.full((4, 3), 1.5e308)
    assert LogisticRegression(3).fit(huge, [0, 1, 0, 1], epochs=0).w.shape == (3,)


def test_bad_labels_softmax_and_learning_rate():
    with pytest.raises(ValueError, match=r"label 3 at index 0 is outside 0..2"):
        SoftmaxRegression(2, 3).fit(np.zeros((1, 2)), np.array([3]))
    for lr in (0, -1, float("nan")):
        with pytest.raises(ValueError, match="learning rate must be a positive"):
            LogisticRegression(2).fit(np.zeros((2, 2)), [0, 1], lr=lr)
    with pytest.raises(ValueError, match="hidden must be"):
        NeuralNetwork(2, (17,))
    with pytest.raises(ValueError, match="unknown penalty"):
        RegularizedLogisticRegression(2, penalty="l3")


@pytest.mark.parametrize("factory,data", [
    (lambda: LogisticRegression(2), blobs_2d()),
    (lambda: RegularizedLogisticRegression(100, lam=0.05, penalty="l1-prox"), sparse_100()),
    (lambda: SoftmaxRegression(2, 3), three_class()),
    (lambda: NeuralNetwork(2, (4,), rng=np.random.default_rng(0)), noisy_xor()),
])
def test_huge_learning_rate_reports_divergence_without_raising(factory, data):
    m = factory()
    prepared = m.prepare(data.X, data.y)
    for _ in range(100):
        m.step_prepared(prepared, 1e4)
        if m.diverged:
            break
    assert m.diverged and m.divergence_reason
    m.reset()
    assert not m.diverged and m.epoch == 0
    for _ in range(100):
        m.step_prepared(prepared, 0.1)
    assert not m.diverged


@pytest.mark.parametrize("make", [
    lambda: LogisticRegression(2),
    lambda: RegularizedLogisticRegression(2, penalty="l2", lam=0.1),
    lambda: SoftmaxRegression(2, 3),
    lambda: NeuralNetwork(2, (4,), activation="relu", rng=np.random.default_rng(0)),
])
def test_evaluate_is_objective_and_accuracy_without_a_step(make):
    rng = np.random.default_rng(4)
    X = rng.normal(size=(60, 2))
    m = make()
    y = rng.integers(0, m.n_classes, 60)
    data = m.prepare(X, y)
    for _ in range(5):
        m.step_prepared(data, 0.3)
    before = [p.copy() for p in m.parameters()]
    loss, accuracy = m.evaluate(data)
    assert loss == pytest.approx(m.objective(X, y) - m.penalty_value(), rel=1e-12)
    assert accuracy == pytest.approx(m.score(X, y))
    assert all(np.array_equal(a, b) for a, b in zip(before, m.parameters()))  # nothing moved


def test_softmax_with_l2_equals_scikit_learns_multinomial_logistic_regression():
    """Mean cross-entropy + λ‖W‖² (b free) is scikit-learn's multinomial objective with
    C = 1 / (2λN): the same unique optimum, found by an independent solver."""
    from sklearn.linear_model import LogisticRegression as SkLogistic

    d = three_class(n_per_class=40)
    lam, n = 0.05, len(d.y)
    ours = SoftmaxRegression(2, 3, penalty="l2", lam=lam)
    ours.fit(d.X, np.eye(3)[d.y.astype(int)], lr=0.5, epochs=6000)
    ref = SkLogistic(C=1 / (2 * lam * n), tol=1e-10, max_iter=10000).fit(d.X, d.y.astype(int))
    np.testing.assert_allclose(ours.predict_proba(d.X), ref.predict_proba(d.X), atol=1e-4)
    # L1 trained with the proximal step: weights exactly zero where the data do not need them
    sparse = SoftmaxRegression(2, 3, penalty="l1-prox", lam=0.5)
    sparse.fit(d.X, np.eye(3)[d.y.astype(int)], lr=0.1, epochs=2000)
    assert (sparse.W == 0).any() and np.abs(sparse.W).sum() < np.abs(ours.W).sum()


def test_a_network_penalty_acts_on_every_weight_matrix_and_never_on_a_bias():
    from lrviz.data import noisy_xor

    d = noisy_xor(n_points=60)
    plain = NeuralNetwork(2, (6,), activation="tanh", rng=np.random.default_rng(3))
    l2 = NeuralNetwork(2, (6,), activation="tanh", rng=np.random.default_rng(3), penalty="l2",
                       lam=0.05)
    prox = NeuralNetwork(2, (6,), activation="tanh", rng=np.random.default_rng(3),
                         penalty="l1-prox", lam=0.05)
    for m in (plain, l2, prox):
        m.fit(d.X, d.y, lr=0.5, epochs=1500)
    norm = {n: sum(float(np.sum(W * W)) for W in m.weights)
            for n, m in (("plain", plain), ("l2", l2), ("prox", prox))}
    assert norm["l2"] < 0.5 * norm["plain"]  # L2 shrinks every matrix
    assert sum(int((W == 0).sum()) for W in prox.weights) > 0  # L1 (proximal): exact zeros
    assert l2.penalty_value() == pytest.approx(0.05 * norm["l2"])
    # the data loss is the loss; the objective adds the penalty
    assert l2.objective(d.X, d.y) == pytest.approx(l2.loss(d.X, d.y) + l2.penalty_value())
    # biases are never pulled: with lam only on weights, a bias-only change costs nothing
    before = l2.penalty_value()
    l2.biases = [b + 5.0 for b in l2.biases]
    assert l2.penalty_value() == before


@pytest.mark.parametrize("make", [
    lambda: LogisticRegression(3),
    lambda: LogisticRegression(3, loss="mse"),
    lambda: RegularizedLogisticRegression(3, penalty="l2", lam=0.1),
    lambda: RegularizedLogisticRegression(3, penalty="l1", lam=0.05),
    lambda: RegularizedLogisticRegression(3, penalty="l1-prox", lam=0.05),
])
def test_fit_skips_the_loss_but_takes_exactly_the_live_steps(make):
    """``fit`` computes no loss (nobody reads it), yet lands on the very weights the
    live loop reaches step by step."""
    rng = np.random.default_rng(4)
    X = rng.normal(size=(80, 3))
    y = (X[:, 0] - X[:, 1] + rng.normal(0, 0.5, 80) > 0).astype(float)
    fitted, stepped = make().fit(X, y, lr=0.3, epochs=200), make()
    data = stepped.prepare(X, y)
    for _ in range(200):
        stepped.step_prepared(data, 0.3)
    np.testing.assert_array_equal(fitted.w, stepped.w)
    assert fitted.b == stepped.b and fitted.epoch == stepped.epoch == 200
    assert not fitted.diverged


@pytest.mark.parametrize("make", [
    lambda d: LogisticRegression(d),
    lambda d: RegularizedLogisticRegression(d, penalty=None),
])
def test_logistic_regression_is_the_textbook_loop_to_the_bit(make):
    """SPEC section 2's numpy loop, written out plainly, and the model agree to the last
    bit: weights after ``fit``, and weights and losses epoch by epoch in the live loop
    (however the model arranges its arithmetic, it is the same arithmetic)."""
    def textbook(X, y, lr, epochs):
        n, d = X.shape
        w, b, losses = np.zeros(d), 0.0, []
        for _ in range(epochs):
            p = 1.0 / (1.0 + np.exp(-np.clip(X @ w + b, -500, 500)))
            pc = np.clip(p, 1e-12, 1 - 1e-12)
            losses.append(-np.mean(y * np.log(pc) + (1 - y) * np.log(1 - pc)))
            r = p - y
            w -= lr * (X.T @ r / n)
            b -= lr * r.mean()
        return w, b, losses

    rng = np.random.default_rng(5)
    for n, d, scale, lr in ((3001, 3, 1.0, 0.5), (257, 2, 30.0, 2.0)):  # (30: z and p clipped)
        X = scale * rng.normal(size=(n, d))
        y = (X[:, 0] + 0.5 * rng.normal(size=n) > 0).astype(float)
        w, b, losses = textbook(X, y, lr, 60)
        fitted = make(d).fit(X, y, lr=lr, epochs=60)
        assert fitted.w.tobytes() == w.tobytes() and fitted.b == b
        live = make(d)
        data = live.prepare(X, y)
        assert [live.step_prepared(data, lr) for _ in range(60)] == losses
        assert live.w.tobytes() == w.tobytes() and live.b == b


def test_a_fit_whose_weights_overflow_is_refused_and_changes_nothing():
    """lr = 1e300 turned a network's weights to NaN and fit returned as if all was well;
    now it says so, and the network keeps the weights it had."""
    d = xor()
    m = TinyNeuralNetwork(2, 3, rng=np.random.default_rng(0)).fit(d.X, d.y, lr=1.0, epochs=5)
    before = m.get_parameters()
    with pytest.raises(ValueError, match="no longer finite numbers .learning rate 1e.300"):
        m.fit(d.X, d.y, lr=1e300, epochs=100)
    assert all(np.array_equal(a, b) for a, b in zip(before, m.get_parameters()))
    assert m.epoch == 5 and not m.diverged
    assert np.isfinite(m.forward(d.X)).all()


def test_the_epoch_limit_is_the_lessons():
    from lrviz import lessons
    from lrviz.models.base import MAX_EPOCHS

    assert lessons.MAX_EPOCHS == MAX_EPOCHS == 1_000_000
    with pytest.raises(ValueError, match="epochs must be 0..1000000"):
        LogisticRegression(2).fit(np.zeros((2, 2)), [0, 1], epochs=MAX_EPOCHS + 1)


def test_fit_still_notices_divergence():
    X = np.array([[1e3, -1e3], [-1e3, 1e3], [2e3, 1e3], [-2e3, -1e3]])
    m = LogisticRegression(2).fit(X, [0, 1, 0, 1], lr=1e3, epochs=100)
    assert m.diverged and m.divergence_reason


def _sgd_by_hand(X, y, lr, epochs, k, seed):
    """SPEC section 6, written out: one permutation per epoch from a generator seeded
    once, consecutive batches of k, a step with each batch's mean gradient."""
    rng = np.random.default_rng(seed)
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(epochs):
        order = rng.permutation(len(X))
        for i in range(0, len(X), k):
            idx = order[i:i + k]
            p = 1.0 / (1.0 + np.exp(-(X[idx] @ w + b)))
            w, b = w - lr * X[idx].T @ (p - y[idx]) / len(idx), b - lr * np.mean(p - y[idx])
    return w, b


@pytest.mark.parametrize("k", [1, 7, 32])
def test_mini_batches_follow_the_spec_and_the_seed(k):
    from lrviz.models import LogisticRegression

    rng = np.random.default_rng(5)
    X = rng.normal(size=(50, 3))
    y = (X @ [1.0, -2.0, 0.5] + rng.normal(size=50) > 0).astype(float)
    model = LogisticRegression(3).set_batching(k, seed=11)
    for _ in range(4):
        model.step(X, y, lr=0.3)
    w, b = _sgd_by_hand(X, y, 0.3, 4, k, 11)
    np.testing.assert_allclose(model.w, w, atol=1e-12)
    assert model.b == pytest.approx(b, abs=1e-12)
    again = LogisticRegression(3).set_batching(k, seed=11).fit(X, y, lr=0.3, epochs=4)
    np.testing.assert_allclose(again.w, w, atol=1e-12)  # fit and step agree, from the seed
    other = LogisticRegression(3).set_batching(k, seed=12).fit(X, y, lr=0.3, epochs=4)
    assert not np.allclose(other.w, w)
    model.reset()  # a new run draws the same order again
    model.fit(X, y, lr=0.3, epochs=4)
    np.testing.assert_allclose(model.w, w, atol=1e-12)


def test_a_batch_of_every_point_is_exactly_full_batch():
    from lrviz.models import LogisticRegression

    X, y = np.array([[0.5, 1.0], [2.0, -1.0], [-1.0, 0.3]]), np.array([1, 0, 1])
    full = LogisticRegression(2).fit(X, y, lr=0.5, epochs=30)
    for k in (3, 100):
        batched = LogisticRegression(2).set_batching(k, seed=1).fit(X, y, lr=0.5, epochs=30)
        assert batched.w.tolist() == full.w.tolist() and batched.b == full.b
    with pytest.raises(ValueError):
        LogisticRegression(2).set_batching(0)


def test_fit_standardises_when_asked_and_reaches_the_challenger_reference():
    """SPEC section 6: logistic regression of 'any distress' on launch temperature,
    b = 15.0429, w = -0.2322.  ``standardize`` must hold for ``fit`` as it does in the
    app (fit once trained on raw temperatures and ended with w > 0)."""
    from lrviz.models import LogisticRegression

    flights = [(53, 5), (57, 1), (58, 1), (63, 1), (66, 0), (67, 0), (67, 0), (67, 0), (68, 0),
               (69, 0), (70, 1), (70, 0), (70, 1), (70, 0), (72, 0), (73, 0), (75, 0), (75, 1),
               (76, 0), (76, 0), (78, 0), (79, 0), (81, 0)]
    X = np.array([[t] for t, _ in flights], float)
    y = np.array([d > 0 for _, d in flights], float)
    model = LogisticRegression(1, standardize=True).fit(X, y, lr=1.0, epochs=20_000)
    w, b = model.raw_coefficients()
    assert w[0] == pytest.approx(-0.2322, abs=5e-5) and b == pytest.approx(15.0429, abs=5e-4)
