"""Boundary Builder, driven as a user would: clicks, keys, files, training."""
import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from lrviz.models import NeuralNetwork, SoftmaxRegression

from helpers import drag, map_probabilities, plain, said, settle, shown_epoch
from lrviz.ui.jobs import running_jobs


@pytest.fixture
def tab(window):
    t = window.boundary
    t.document.clear()
    t.document.undo.clear()
    return t


def click(qtbot, tab, x, y, button=Qt.LeftButton, modifiers=Qt.NoModifier):
    qtbot.wait(1)  # let pending layout settle the view range, as it has on screen
    pos = tab.map.data_to_widget(x, y)
    qtbot.mouseMove(tab.map.viewport(), pos)
    qtbot.mouseClick(tab.map.viewport(), button, modifiers, pos)
    return pos


def test_click_places_point_of_selected_class_where_clicked(qtbot, tab):
    tab.editor.select_class(1)
    pos = click(qtbot, tab, 1.25, -0.75)
    assert len(tab.document.points) == 1
    x, y = tab.document.points.X[0]
    assert tab.document.points.y[0] == 1
    drawn = tab.map.data_to_widget(x, y)
    assert abs(drawn.x() - pos.x()) <= 1 and abs(drawn.y() - pos.y()) <= 1
    px, py = tab.map.plot_item.vb.viewPixelSize()
    assert abs(x - 1.25) <= px and abs(y + 0.75) <= py
    # the scatter item of class 1 shows it
    xs, ys = tab.map.train_items[1].getData()
    assert len(xs) == 1 and xs[0] == x


def test_shift_click_places_the_other_class_and_keys_choose_class(qtbot, window, tab):
    click(qtbot, tab, 0, 0, modifiers=Qt.ShiftModifier)
    assert tab.document.points.y.tolist() == [1]
    qtbot.keyClick(window, Qt.Key_2)  # the key is the class's own number
    assert tab.editor.current_class == 2
    click(qtbot, tab, 1, 1)
    assert tab.document.points.y.tolist() == [1, 2]


def test_undo_redo_restore_exactly(qtbot, window, tab):
    for x, y in [(0, 0), (1, 2), (-2, 1)]:
        click(qtbot, tab, x, y)
    after_adds = tab.document.points.state()
    click(qtbot, tab, 1, 2, button=Qt.RightButton)  # removes the nearest
    assert len(tab.document.points) == 2
    tab.document.undo.undo()
    for a, b in zip(tab.document.points.state(), after_adds):
        np.testing.assert_array_equal(a, b)
    tab.document.undo.undo()
    tab.document.undo.undo()
    assert len(tab.document.points) == 1
    qtbot.keyClick(window, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    tab.document.undo.redo()
    for a, b in zip(tab.document.points.state(), after_adds):
        np.testing.assert_array_equal(a, b)


def test_drag_moves_a_point_and_undo_puts_it_back(qtbot, tab):
    tab.document.points.replace([[0.0, 0.0], [2.0, 2.0]], [0, 1])
    vp = tab.map.viewport()
    qtbot.wait(1)
    start, end = tab.map.data_to_widget(0, 0), tab.map.data_to_widget(-1.5, 1.0)
    drag(vp, start, end)
    px, py = tab.map.plot_item.vb.viewPixelSize()
    assert abs(tab.document.points.X[0, 0] + 1.5) < 2 * px and abs(tab.document.points.X[0, 1] - 1.0) < 2 * py
    assert len(tab.document.points) == 2
    tab.document.undo.undo()
    np.testing.assert_array_equal(tab.document.points.X[0], [0.0, 0.0])


def test_training_puts_boundary_between_clusters(qtbot, tab):
    rng = np.random.default_rng(0)
    a = rng.normal([-2, -1], 0.5, (30, 2))
    b = rng.normal([2, 1.5], 0.5, (30, 2))
    tab.editor.set_points(np.vstack([a, b]), [0] * 30 + [1] * 30)
    snap = tab.train_now(500)
    model = snap.models["model"]
    seg = tab.map.boundary.getData()
    ends = np.column_stack(seg)
    assert len(ends) == 2  # logistic regression: a straight line, drawn exactly
    np.testing.assert_allclose(model.decision_function(ends), 0, atol=1e-9)  # z = 0 there
    np.testing.assert_allclose(model.predict_proba(ends), 0.5)
    pts = ends[0] + np.linspace(0, 1, 200)[:, None] * (ends[1] - ends[0])
    # every boundary point is closer to the midline between the clusters than to either
    side = model.predict(np.vstack([a, b]))
    assert side.tolist() == [0] * 30 + [1] * 30
    centre_a, centre_b = a.mean(0), b.mean(0)
    direction = (centre_b - centre_a) / np.linalg.norm(centre_b - centre_a)
    proj = (pts - centre_a) @ direction
    gap = np.linalg.norm(centre_b - centre_a)
    on_segment = np.abs((pts - centre_a) @ np.array([-direction[1], direction[0]])) < 1
    assert on_segment.any()
    assert (proj[on_segment] > 0.2 * gap).all() and (proj[on_segment] < 0.8 * gap).all()
    # the heatmap is confident on each side
    P = tab.map.model.proba_matrix(np.array([centre_a, centre_b]))
    assert P[0, 0] > 0.9 and P[1, 1] > 0.9
    img = tab.map.image.image
    assert img.shape[:2] == (160, 160)
    # a network's curved boundary is traced from the grid instead
    tab.form["kind"].setCurrentIndex(1)
    tab.train_now(300)
    curve = np.column_stack(tab.map.boundary.getData())
    assert len(curve) > 20
    inside = curve[np.isfinite(curve).all(axis=1)]
    P = tab.map.model.proba_matrix(inside)
    assert np.abs(P[:, 1] - 0.5).max() < 0.1


def test_three_classes_switch_to_softmax_with_three_regions(qtbot, tab):
    tab.editor.load_preset("three-class")
    snap = tab.train_now(300)
    assert isinstance(snap.models["model"], SoftmaxRegression)
    regions = np.unique(map_probabilities(tab.map).argmax(axis=-1))
    assert regions.tolist() == [0, 1, 2]
    assert snap.metrics["model"]["accuracy"] > 0.95
    assert tab.form["penalty"].isEnabled() and tab.form["kind"].currentText() == "Softmax regression"


def test_network_bends_the_boundary_around_circles(qtbot, tab):
    tab.editor.load_preset("circles")
    tab.train_now(50)
    tab.form["kind"].setCurrentIndex(1)  # a new model: the loss curve starts again
    snap = tab.train_now(1500)
    assert isinstance(snap.models["model"], NeuralNetwork)
    assert snap.metrics["model"]["accuracy"] > 0.95
    tab.view.curves.loss_plot.flush()
    x, y = tab.view.curves.loss_plot.values("train")
    assert len(x) == 1500 and x[0] == 1 and y[-1] < y[0]
    shown_x, shown_y = tab.view.curves.loss_plot.shown("train")  # drawn as an envelope
    assert shown_x[0] == 1 and shown_x[-1] > 1400 and shown_y.max() == y.max()


def test_hover_reports_the_models_probabilities(qtbot, tab):
    tab.editor.load_preset("blobs")
    snap = tab.train_now(100)
    qtbot.wait(1)
    pos = tab.map.data_to_widget(0.5, 0.25)
    qtbot.mouseMove(tab.map.viewport(), pos)
    qtbot.waitUntil(lambda: tab.view.readout.text().startswith("At ("), timeout=2000)
    x, y = tab.map.last_hover
    expected = snap.models["model"].proba_matrix(np.array([[x, y]]))[0]
    assert f"({x:.2f}, {y:.2f})" in tab.view.readout.text()
    assert f"P(orange) {expected[0]:.3f}" in tab.view.readout.text()  # named as drawn
    assert f"P(blue) {expected[1]:.3f}" in tab.view.readout.text()
    assert "z = w·x + b" in tab.view.readout.text()


def test_live_edits_reach_the_model_while_training(qtbot, tab):
    tab.editor.load_preset("blobs")
    tab.controller.play()
    qtbot.waitUntil(lambda: shown_epoch(tab) > 200, timeout=5000)
    n = tab.controller.latest.metrics["model"]["n"]
    click(qtbot, tab, 3.0, -3.0)
    qtbot.waitUntil(lambda: tab.controller.latest.metrics["model"]["n"] == n + 1, timeout=5000)
    tab.controller.pause()


def test_clearing_while_training_neither_crashes_nor_sticks(qtbot, tab):
    tab.editor.load_preset("blobs")
    tab.controller.play()
    qtbot.waitUntil(lambda: shown_epoch(tab) > 100, timeout=5000)
    tab.document.clear()
    e = shown_epoch(tab)
    qtbot.waitUntil(lambda: shown_epoch(tab) > e + 100, timeout=5000)  # still alive
    for _ in range(5):
        click(qtbot, tab, 1, 1, button=Qt.RightButton)  # nothing to remove: ignored
    tab.document.undo.undo()  # the points come back and training goes on with them
    qtbot.waitUntil(lambda: tab.controller.latest.metrics["model"].get("n") == 100, timeout=5000)
    assert settle(qtbot, tab).metrics["model"]["accuracy"] > 0.9


def test_bad_csv_is_refused_and_points_kept(qtbot, window, tab, tmp_path):
    tab.editor.load_preset("moons")
    before = tab.document.points.state()
    bad = tmp_path / "bad.csv"
    bad.write_text("x1,x2,label\n1,2,0\n3,oops,1\n")
    line = said(qtbot, tab, lambda: tab.window().files.open_data(str(bad)))
    assert "line 3" in line and "unchanged" in line
    assert "line 3" in window.statusBar().currentMessage()
    for a, b in zip(tab.document.points.state(), before):
        np.testing.assert_array_equal(a, b)


def test_csv_save_and_open_round_trip(qtbot, tab, tmp_path):
    tab.editor.load_preset("spiral")
    path = tmp_path / "pts.csv"
    assert tab.window().files.save_data(str(path))
    X, y, _ = tab.document.points.state()
    tab.document.clear()
    assert said(qtbot, tab, lambda: tab.window().files.open_data(str(path))).startswith("Loaded")
    np.testing.assert_array_equal(tab.document.points.X, X)
    np.testing.assert_array_equal(tab.document.points.y, y)


def test_split_draws_hollow_test_points_and_reports_test_accuracy(qtbot, tab):
    tab.editor.load_preset("blobs")
    assert tab.view.curves.loss_plot.legend_labels() == ["training"]  # no "test" entry without test points
    tab.editor.split.setChecked(True)
    assert tab.document.points.test.sum() == 30
    snap = tab.train_now(200)
    assert "test_accuracy" in snap.metrics["model"]
    n_hollow = sum(len(item.getData()[0]) for item in tab.map.test_items)
    assert n_hollow == 30
    assert "held-out accuracy" in tab.view.accuracy.text()
    assert tab.view.curves.loss_plot.legend_labels() == ["training", "test"]
    tab.editor.split.setChecked(False)
    assert tab.view.curves.loss_plot.legend_labels() == ["training"]


def test_divergence_pauses_with_a_plain_message_and_reset_recovers(qtbot, window, tab):
    tab.editor.load_preset("blobs")
    tab.controls.lr.setValue(10000)
    with qtbot.waitSignal(tab.controller.diverged, timeout=5000):
        tab.controller.play()
    qtbot.waitUntil(lambda: "diverged" in window.statusBar().currentMessage(), timeout=2000)
    assert window.state_label.text() == "diverged"
    tab.controls.lr.setValue(0.5)
    tab.controller.reset()
    tab.controller.play()
    qtbot.waitUntil(lambda: shown_epoch(tab) > 100, timeout=5000)
    snap = settle(qtbot, tab)
    assert not snap.diverged
    assert snap.metrics["model"]["accuracy"] == 1.0


def test_a_failure_while_training_is_one_sentence_in_the_status_bar(qtbot, window, tab):
    tab.editor.load_preset("blobs")
    tab.controller.play()
    qtbot.waitUntil(lambda: shown_epoch(tab) > 20, timeout=5000)
    tab.controller.update_model("set_penalty", "l7", 1.0)  # a model that refuses
    qtbot.waitUntil(lambda: window.state_label.text() == "stopped", timeout=5000)
    text = window.statusBar().currentMessage()
    assert text.startswith("Training stopped: unknown penalty 'l7'") and "\n" not in text
    e = shown_epoch(tab)
    qtbot.keyClick(window, Qt.Key_Space)  # Train works again at once
    qtbot.waitUntil(lambda: shown_epoch(tab) > e + 50, timeout=5000)
    assert window.state_label.text() == "training"
    settle(qtbot, tab)


def test_exam_scores_train_on_screen_with_the_equation_in_their_units(qtbot, tab, tmp_path):
    """Real-world data (scores of 30..100): standardised inside the model, the view fits
    the points, and the boundary is written in the file's own units."""
    rng = np.random.default_rng(1)
    X = rng.uniform(30, 100, (200, 2))
    y = (X.sum(axis=1) > 130).astype(int)
    path = tmp_path / "scores.csv"
    path.write_text("x1,x2,label\n" + "".join(f"{a:.1f},{b:.1f},{c}\n" for (a, b), c in zip(X, y)))
    assert said(qtbot, tab, lambda: tab.window().files.open_data(str(path))).startswith("Loaded 200 points")
    (x0, x1), (y0, y1) = tab.map.plot_item.vb.viewRange()
    assert x0 < 30 and x1 > 100 and y0 < 30 and y1 > 100  # every point on screen
    snap = tab.train_now(300)
    assert not snap.diverged and snap.metrics["model"]["accuracy"] > 0.95
    w, b = snap.models["model"].raw_coefficients()
    assert abs(w @ [65, 65] + b) / np.linalg.norm(w) < 3  # the line x₁ + x₂ = 130, near (65, 65)
    assert w[0] == pytest.approx(w[1], rel=0.2) and w[0] > 0
    assert f"{w[0]:.3g}·x₁" in tab.view.equation.text() and "your units" in tab.view.equation.text()
    tab.form["poly"].setChecked(True)  # polynomial features on the same scores train too
    snap = tab.train_now(300)
    assert not snap.diverged and snap.metrics["model"]["accuracy"] > 0.9
    assert "x̃₁ = (x₁ − " in tab.view.equation.text()


def test_advice_is_only_what_can_help():
    from lrviz.models import LogisticRegression
    from lrviz.training import Trainer

    X = np.array([[1e6, -1e6], [-1e6, 1e6], [3e5, 2e5], [-2e5, -7e5]])
    for lr, standardize, advice in ((0.5, False, "Lower the learning rate"),
                                    (1e-4, False, "standardise the features"),
                                    (1e-4, True, "simplify the model")):
        t = Trainer()
        t.add("m", LogisticRegression(2, standardize=standardize), X, [0, 1, 0, 1], lr=lr)
        t.jobs["m"].model.diverged, t.jobs["m"].model.divergence_reason = True, "test"
        from lrviz.training.loop import divergence_message

        assert advice in divergence_message("", t.jobs["m"])


@pytest.mark.parametrize("labels", [[0] * 6 + [1] * 4, [1] * 10, [0] * 10])
def test_rings_and_accuracy_follow_one_rule_even_at_a_tie(qtbot, tab, labels):
    """At epoch 0 every probability is exactly 0.5: accuracy and rings must agree on
    which class that predicts (class 1, as the model's own rule says)."""
    rng = np.random.default_rng(3)
    y = np.array(labels)
    tab.editor.set_points(rng.normal(size=(len(y), 2)), y)
    snap = tab.train_now(0)
    xs = tab.map.wrong.getData()[0]
    ringed = len(xs) if xs is not None and tab.map.wrong.isVisible() else 0
    wrong = int(round((1 - snap.metrics["model"]["accuracy"]) * len(y)))
    assert ringed == wrong == int((y == 0).sum())
    assert f"{snap.metrics['model']['accuracy']:.1%}" in tab.view.accuracy.text()


def test_closing_the_window_while_training_leaves_no_thread(qtbot):
    from lrviz.training.worker import running_threads
    from lrviz.ui import MainWindow

    for _ in range(3):
        win = MainWindow()
        qtbot.addWidget(win)
        win.show()
        win.boundary.controller.play()
        qtbot.waitUntil(lambda: shown_epoch(win.boundary) > 50, timeout=5000)
        win.close()
        assert not running_threads()


def test_adding_a_point_to_10000_does_not_rebuild_the_scatter(qtbot, tab):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(10_000, 2))
    y = (X[:, 0] > 0).astype(int)
    tab.editor.set_points(X, y)
    items = [tab.map.train_items[k] for k in range(5)]
    other_data = tab.map.train_items[0].getData()[0]  # class 0's points
    tab.editor.select_class(1)
    click(qtbot, tab, 1.5, 1.5)
    assert [tab.map.train_items[k] for k in range(5)] == items  # the same items
    assert tab.map.train_items[0].getData()[0] is other_data  # class 0 untouched
    xs, ys = tab.map.train_items[1].getData()
    assert len(xs) == int(y.sum()) + 1 and (xs[-1], ys[-1]) == pytest.approx((1.5, 1.5), abs=0.05)
    assert len(tab.document.points) == 10_001


def test_the_wheel_zooms_fit_view_shows_every_point_again_and_clicks_still_add(qtbot, tab):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    tab.editor.load_preset("blobs")
    qtbot.wait(1)
    vb = tab.map.plot_item.vb

    def every_point_in_view():
        (x0, x1), (y0, y1) = vb.viewRange()
        X = tab.document.points.X
        return (x0 < X[:, 0].min() and X[:, 0].max() < x1 and y0 < X[:, 1].min()
                and X[:, 1].max() < y1)
    assert every_point_in_view()
    width = np.diff(vb.viewRange()[0])[0]
    centre = tab.map.data_to_widget(0.0, 0.0)
    for _ in range(3):  # the wheel, turned towards the screen, zooms in
        event = QWheelEvent(QPointF(centre), QPointF(tab.map.mapToGlobal(centre)), QPoint(0, 0),
                            QPoint(0, 120), Qt.NoButton, Qt.NoModifier, Qt.NoScrollPhase, False)
        QApplication.sendEvent(tab.map.viewport(), event)
    assert np.diff(vb.viewRange()[0])[0] < 0.8 * width and not every_point_in_view()
    n = len(tab.document.points)
    click(qtbot, tab, 0.5, 0.5)  # zoomed in, a click still adds a point where it lands
    assert len(tab.document.points) == n + 1
    assert np.allclose(tab.document.points.X[-1], [0.5, 0.5], atol=0.05)
    qtbot.mouseClick(tab.editor.fit_button, Qt.LeftButton)
    assert every_point_in_view()


def test_rings_of_a_big_file_are_worked_out_aside_and_end_on_the_latest_model(qtbot, tab,
                                                                            monkeypatch):
    """Past 20,000 points the misclassified points are found in a background thread;
    after training and after moving a point there and back the rings drawn are exactly
    the points the shown model gets wrong (the rule accuracy uses)."""
    from lrviz.models.core import predicted_class

    rng = np.random.default_rng(5)
    X = rng.normal(size=(30_000, 2))
    y = (X[:, 0] + 0.8 * rng.normal(size=30_000) > 0).astype(int)
    tab.form.set_values({"learn_live": False})
    tab.editor.set_points(X, y)

    def rings_match():
        model = tab.controller.latest.models["model"]
        points = tab.document.points
        wrong = predicted_class(model.proba_matrix(points.X)) != points.y
        xs, ys = tab.map.wrong.getData()
        drawn = {(a, b) for a, b in zip(xs.tolist(), ys.tolist())}
        return wrong.any() and drawn == {tuple(p) for p in points.X[wrong].tolist()}

    tab.train_now(1)
    qtbot.waitUntil(rings_match, timeout=10_000)
    # the next computation is held until two more models have been shown: the rings
    # must still end on the last of them, not on the model the held one started with
    import threading

    import lrviz.ui.widgets.map_points as pm

    gate, calls, plain = threading.Event(), [], pm.predicted_class

    def held(P):
        calls.append(1)
        if len(calls) == 1:
            assert gate.wait(10)
        return plain(P)
    monkeypatch.setattr(pm, "predicted_class", held)
    tab.train_now(5)
    qtbot.waitUntil(lambda: len(calls) == 1, timeout=10_000)
    tab.train_now(5)
    tab.train_now(5)
    assert len(calls) == 1 and not rings_match()  # the rings wait for their thread
    gate.set()
    qtbot.waitUntil(rings_match, timeout=10_000)
    assert len(calls) == 2  # one more run, for the newest model
    i = int(np.flatnonzero(y == 1)[0])
    tab.document.points.move(i, -3.0, 0.0)  # deep on the other side: ringed now
    qtbot.waitUntil(rings_match, timeout=10_000)
    assert (-3.0, 0.0) in set(zip(*map(list, tab.map.wrong.getData())))
    tab.document.points.move(i, *X[i])  # and back
    qtbot.waitUntil(rings_match, timeout=10_000)
    assert (-3.0, 0.0) not in set(zip(*map(list, tab.map.wrong.getData())))


def test_a_file_is_read_while_the_window_goes_on(qtbot, tab, tmp_path, monkeypatch):
    """Reading a file happens beside the window: its event loop keeps running (here a
    timer of the window's must fire before the reader may finish).  A second file
    chosen meanwhile takes the first one's place: the first file's points, arriving
    later, are dropped, and the second's are shown."""
    import threading

    from PySide6.QtCore import QTimer

    import lrviz.document as boundary
    from lrviz.data import write_points_csv

    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    write_points_csv(first, np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 2.0]]), np.array([0, 1, 1]))
    write_points_csv(second, np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([0, 1]))
    window_went_on, second_done, plain = threading.Event(), threading.Event(), \
        boundary.read_points_csv

    def slow_read(p):
        if str(p) == str(first):
            assert window_went_on.wait(5), "the window's event loop was not running"
            assert second_done.wait(5)  # the first file arrives last
            return plain(p)
        second_done.set()
        return plain(p)
    monkeypatch.setattr(boundary, "read_points_csv", slow_read)
    lines = []
    tab.window().statusBar().messageChanged.connect(lambda text: text and lines.append(text))

    def meanwhile():
        window_went_on.set()
        tab.window().files.open_data(str(second))  # a second file while the first is read
    QTimer.singleShot(0, meanwhile)
    tab.window().files.open_data(str(first))
    qtbot.waitUntil(lambda: bool(lines), timeout=5000)
    qtbot.waitUntil(lambda: not running_jobs(), timeout=5000)
    qtbot.wait(50)  # (the first file's late result, had it not been dropped, by now)
    assert len(lines) == 1 and lines[0].startswith("Loaded 2 points from")
    assert lines[0].endswith("second.csv")
    assert len(tab.document.points) == 2


def test_closing_the_window_while_a_file_is_read(qtbot, tmp_path, monkeypatch):
    """The window closed while its file is still being read: reading ends, nothing is
    loaded into the closed tab, nothing raises, and no thread is left."""
    import threading

    from PySide6.QtCore import QTimer

    import lrviz.document as boundary
    from lrviz.data import write_points_csv
    from lrviz.training.worker import running_threads
    from lrviz.ui import MainWindow

    path = tmp_path / "p.csv"
    write_points_csv(path, np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 2.0]]), np.array([0, 1, 1]))
    closed, plain = threading.Event(), boundary.read_points_csv

    def slow_read(p):
        assert closed.wait(5)
        return plain(p)
    monkeypatch.setattr(boundary, "read_points_csv", slow_read)
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    tab = win.boundary
    before = len(tab.document.points)

    def close():
        closed.set()  # (the reader may end now; its result must still be dropped)
        win.close()
    lines = []
    win.statusBar().messageChanged.connect(lambda text: text and lines.append(text))
    QTimer.singleShot(0, close)
    win.files.open_data(str(path))
    qtbot.waitUntil(lambda: not win.isVisible() and not running_jobs(), timeout=5000)
    qtbot.wait(50)
    assert len(tab.document.points) == before and lines == []
    assert not running_threads()


def test_the_window_title_marks_unsaved_points_and_unmarks_them_when_undone(window):
    doc = window.document
    doc.opened(np.array([[0.0, 0.0], [1.0, 1.0]]), np.array([0, 1]), "/tmp/two.csv")
    assert window.windowTitle().startswith("two.csv") and not window.isWindowModified()
    doc.add_point(0.5, 0.5, 1)
    assert window.isWindowModified()
    doc.undo.undo()
    assert not window.isWindowModified()


@pytest.mark.parametrize("penalty", ["none", "L2"])
def test_two_class_softmax_trains_beside_its_logistic_twin(tab, penalty):
    """Idea 7: softmax with K = 2 is logistic regression on z₁ − z₀.  Plain logistic
    regression trains beside it at twice the learning rate (half the L2 λ), and the
    equation and the map show the two agree at every epoch."""
    tab.editor.load_preset("blobs")
    tab.form.set_values({"two_scores": True, "penalty": penalty, "lam": 0.05}, quiet=False)
    tab.controls.set_lr(0.3)
    X, y, _, _ = tab.document.points.train_test()
    # an independent loop: logistic regression at 2 × 0.3 on standardised inputs
    mean, sd = X.mean(axis=0), X.std(axis=0)
    Z = (X - mean) / sd
    w, b = np.zeros(2), 0.0
    lam = 0.05 / 2 if penalty == "L2" else 0.0
    for epochs in (1, 6, 50):
        for _ in range(epochs):
            p = 1 / (1 + np.exp(-(Z @ w + b)))
            w, b = w - 0.6 * (Z.T @ (p - y) / len(y) + 2 * lam * w), b - 0.6 * np.mean(p - y)
        snap = tab.train_now(epochs)
        W, bs = snap.models["model"].parameters()
        np.testing.assert_allclose(W[:, 1] - W[:, 0], w, atol=1e-12)
        np.testing.assert_allclose(snap.models["twin"].w, w, atol=1e-12)
        assert snap.lrs["twin"] == pytest.approx(0.6) and snap.lrs["model"] == pytest.approx(0.3)
        text = plain(tab.view.equation)
        gap = float(text.split("differs by ")[1].split(")")[0])
        assert gap < 1e-9 and "2 × learning rate" in text
        # the twin's line is drawn through the softmax boundary: P = 0.5 along it
        lx, ly = tab.hands.twin_line.getData()
        P = snap.models["model"].proba_matrix(np.column_stack([lx, ly]))[:, 1]
        np.testing.assert_allclose(P, 0.5, atol=1e-9)


def test_the_twin_is_there_only_for_two_class_softmax(tab):
    tab.editor.load_preset("blobs")
    snap = tab.train_now(5)
    assert "twin" not in snap.models
    x, _ = tab.hands.twin_line.getData()
    assert x is None or len(x) == 0
    assert "differs by" not in plain(tab.view.equation)
