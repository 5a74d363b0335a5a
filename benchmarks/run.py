"""lrviz benchmarks: ``python benchmarks/run.py`` (after ``pip install '.[test,bench]'``).

Prints one ``name: value`` line per figure (details go to stderr).  Every ratio
is measured side by side in this one run, the two sides alternating, so machine
noise hits both alike: epoch cost keeps each side's best of several repeats; the
live ratio is the median over paired one-second segments.  Options: ``--quick``
for shorter runs, ``--only NAME[,NAME]`` to pick figures, ``--platform xcb`` to
measure on a real X window (Xvfb is started if there is no display).
"""
from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
import time


def _choose_platform(argv):
    """``--platform xcb``: measure on a real X window.  With no display, start Xvfb
    (when installed) and say so; without it, say that the figures are offscreen.
    Must run before Qt is imported."""
    if "--platform" not in argv or argv[argv.index("--platform") + 1:][:1] != ["xcb"]:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        return None
    import atexit
    import shutil

    os.environ["QT_QPA_PLATFORM"] = "xcb"
    if os.environ.get("DISPLAY"):
        print(f"  measuring on the X display {os.environ['DISPLAY']}", file=sys.stderr)
        return None
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        print("  --platform xcb: no display and Xvfb is not installed; measuring offscreen",
              file=sys.stderr)
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        return None
    display = ":97"
    server = subprocess.Popen([xvfb, display, "-screen", "0", "1920x1080x24"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    atexit.register(server.terminate)
    time.sleep(1.0)  # (the server takes a moment to accept clients)
    os.environ["DISPLAY"] = display
    print(f"  started Xvfb on {display} (1920x1080) to measure on a real X window",
          file=sys.stderr)
    return server


_XVFB = _choose_platform(sys.argv)
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from lrviz import sharing  # noqa: E402

sharing.one_blas_thread()  # as the app does, before numpy is imported

import numpy as np  # noqa: E402


# ------------------------------------------------------------ epoch cost

def _shown_epoch(controller):
    """Epochs run, as the newest snapshot the controller delivered says (the trainer
    belongs to the training thread; its snapshots reach the GUI at up to 30 Hz)."""
    return controller.latest.epoch if controller.latest is not None else 0

def _text_loop(X, y, lr, epochs):
    """Logistic regression the textbook way: a plain numpy loop recording the loss."""
    n, d = X.shape
    w, b = np.zeros(d), 0.0
    losses = []
    for _ in range(epochs):
        z = np.clip(X @ w + b, -500, 500)
        p = 1.0 / (1.0 + np.exp(-z))
        pc = np.clip(p, 1e-12, 1 - 1e-12)
        losses.append(-np.mean(y * np.log(pc) + (1 - y) * np.log(1 - pc)))
        r = p - y
        w -= lr * (X.T @ r / n)
        b -= lr * r.mean()
    return w, b, losses


def _lrviz_loop(model, data, lr, epochs):
    """What the training worker runs each epoch."""
    step = model.step_prepared
    return [step(data, lr) for _ in range(epochs)]


def _in_a_thread(fn, *args):
    """``fn(*args)`` in a thread of its own, as the app trains (a thread's memory comes
    from an allocator arena of its own, which gives memory back to the system
    differently from the main thread's: a figure measured in the main thread alone
    missed what the training thread pays)."""
    import threading

    out = {}
    thread = threading.Thread(target=lambda: out.setdefault("value", fn(*args)))
    thread.start()
    thread.join()
    return out["value"]


def epoch_cost_ratio(quick=False):
    """One epoch of LogisticRegression as the training thread runs it (recording the
    loss) against the text's loop recording it too, worst over N and d; each side's
    best of several alternating runs, in a training thread of their own."""
    return _in_a_thread(_epoch_cost_ratio, quick)


def _epoch_cost_ratio(quick):
    from lrviz.models import LogisticRegression

    rng = np.random.default_rng(0)
    worst, rows = 0.0, []
    sizes = [200, 2_000, 20_000, 100_000]
    dims = [2, 10, 100]
    for n in sizes:
        for d in dims:
            X = rng.normal(size=(n, d))
            y = (X[:, 0] + 0.5 * rng.normal(size=n) > 0).astype(float)
            epochs = max(3, int(2e6 / (n * d + 2000)))
            if quick:
                epochs = max(2, epochs // 4)
            model = LogisticRegression(d)
            data = model.prepare(X, y)
            best_ref = best_ours = np.inf
            for rep in range(9 if not quick else 3):
                # alternate which side goes first, keep each side's best: noise from
                # the machine (other tenants, frequency changes) hits both alike
                for side in ((0, 1) if rep % 2 else (1, 0)):
                    if side == 0:
                        t = time.perf_counter()
                        _text_loop(X, y, 0.1, epochs)
                        best_ref = min(best_ref, time.perf_counter() - t)
                    else:
                        model.reset()
                        t = time.perf_counter()
                        _lrviz_loop(model, data, 0.1, epochs)
                        best_ours = min(best_ours, time.perf_counter() - t)
            ratio = best_ours / best_ref
            rows.append((n, d, best_ours / epochs * 1e6, best_ref / epochs * 1e6, ratio))
            worst = max(worst, ratio)
    for n, d, ours, ref, ratio in rows:
        print(f"  epoch N={n:>6} d={d:>3}: lrviz {ours:9.1f} us, numpy loop {ref:9.1f} us, "
              f"ratio {ratio:.3f}", file=sys.stderr)
    return worst


def _text_fit(X, y, lr, epochs):
    """SPEC.md section 2's loop as the text writes it: no loss recorded."""
    n, d = X.shape
    w, b = np.zeros(d), 0.0
    for _ in range(epochs):
        p = 1.0 / (1.0 + np.exp(-np.clip(X @ w + b, -500, 500)))
        r = p - y
        w -= lr * (X.T @ r / n)
        b -= lr * r.mean()
    return w, b


def fit_cost_ratio(quick=False):
    """``fit`` of LogisticRegression and RegularizedLogisticRegression (no penalty)
    against the text's own loop, worst over N = 200..100,000 and d = 2..100; each
    side's best of several alternating runs, in a thread of their own."""
    return _in_a_thread(_fit_cost_ratio, quick)


def _fit_cost_ratio(quick):
    from lrviz.models import LogisticRegression, RegularizedLogisticRegression

    rng = np.random.default_rng(1)
    worst, rows = 0.0, []
    for n in (200, 5_000, 100_000):
        for d in (2, 20, 100):
            X = rng.normal(size=(n, d))
            y = (X[:, 0] + 0.5 * rng.normal(size=n) > 0).astype(float)
            epochs = max(100, int(4e6 / (n * d + 2000)))  # (a fit of fewer epochs is no fit)
            if quick:
                epochs = max(10, epochs // 4)
            for make in (lambda: LogisticRegression(d),
                         lambda: RegularizedLogisticRegression(d, penalty=None)):
                best_ref = best_ours = np.inf
                for rep in range(7 if not quick else 3):
                    for side in ((0, 1) if rep % 2 else (1, 0)):
                        t = time.perf_counter()
                        if side == 0:
                            _text_fit(X, y, 0.1, epochs)
                            best_ref = min(best_ref, time.perf_counter() - t)
                        else:
                            make().fit(X, y, lr=0.1, epochs=epochs)
                            best_ours = min(best_ours, time.perf_counter() - t)
                ratio = best_ours / best_ref
                rows.append((type(make()).__name__, n, d, ratio))
                worst = max(worst, ratio)
    for name, n, d, ratio in rows:
        print(f"  fit {name:>30} N={n:>6} d={d:>3}: ratio {ratio:.3f}", file=sys.stderr)
    return worst


def _sgd_by_hand(X, y, lr, epochs, seed):
    """One point at a time as plain numpy writes it (SPEC section 6, k = 1)."""
    rng = np.random.default_rng(seed)
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(epochs):
        order = rng.permutation(len(X))
        Xs, ys = X[order], y[order]
        for i in range(len(X)):
            x = Xs[i:i + 1]
            r = 1.0 / (1.0 + np.exp(-(x @ w + b))) - ys[i:i + 1]
            w -= lr * (x.T @ r)
            b -= lr * float(r.mean())
    return w, b


def sgd_epoch_cost_ratio(quick=False):
    """An epoch of one-point-at-a-time training on 1,000 points (``set_batching(1)``)
    against a plain numpy loop doing the same updates; best of alternating runs."""
    return _in_a_thread(_sgd_epoch_cost_ratio, quick)


def _sgd_epoch_cost_ratio(quick):
    from lrviz.models import LogisticRegression

    rng = np.random.default_rng(2)
    X = rng.normal(size=(1000, 2))
    y = (X[:, 0] - X[:, 1] + 0.5 * rng.normal(size=1000) > 0).astype(float)
    epochs = 3 if quick else 10
    best_ref = best_ours = np.inf
    for rep in range(3 if quick else 7):
        for side in ((0, 1) if rep % 2 else (1, 0)):
            t = time.perf_counter()
            if side == 0:
                _sgd_by_hand(X, y, 0.1, epochs, 0)
                best_ref = min(best_ref, time.perf_counter() - t)
            else:
                LogisticRegression(2).set_batching(1, 0).fit(X, y, lr=0.1, epochs=epochs)
                best_ours = min(best_ours, time.perf_counter() - t)
    print(f"  one point at a time, N=1000: lrviz {best_ours / epochs * 1e3:.2f} ms an epoch, "
          f"numpy loop {best_ref / epochs * 1e3:.2f} ms", file=sys.stderr)
    return best_ours / best_ref


# ------------------------------------------------------------ GUI figures
def _app():
    from lrviz.ui.app import make_app

    return make_app()


def _run_for(app, seconds):
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def _blobs(n):
    from lrviz.data import blobs_2d

    d = blobs_2d(seed=1, n_points=n)
    return d.X, d.y.astype(int)


def _twin(page):
    """A windowless trainer with the tab's own models, data and learning rates."""
    from lrviz.training import Trainer
    from lrviz.training.worker import TrainingController

    page.controller.take()
    trainer = Trainer()
    for name, job in page.controller._trainer.jobs.items():  # (a benchmark may look inside)
        X, y, X_test, y_test = job.raw
        trainer.add(name, job.model.clone().reset(), X, y, lr=job.lr, X_test=X_test,
                    y_test=y_test)
    return TrainingController(trainer)


def live_figures(quick=False, tabs=None):
    """Per tab: live_training_ratio_<tab>, frames_per_s_<tab> and
    max_event_loop_stall_ms_<tab>; live_training_ratio and max_event_loop_stall_ms
    are the worst of them.

    One window and a windowless twin of the tab's trainer (the same models, data and
    learning rates) take turns training flat out in short segments, H W H W ... H:
    while one trains the other is paused (a paused window draws nothing, its worker
    sleeps).  Each windowed segment is compared with the mean of the headless
    segments on either side and the figure is the median of those ratios, so the
    drift of this shared machine's speed cancels out.  The Boundary Builder trains
    on 1,000 points.

    ``live_training_ratio_fresh_<tab>`` is the same from scratch -- the moment a class
    watches, when every frame looks different: before each segment both sides start
    their models again (Reset).
    """
    from PySide6.QtCore import QElapsedTimer, QTimer

    from lrviz.ui import MainWindow
    from lrviz.ui.tabs import TABS

    app = _app()
    seconds = 0.6 if quick else 1.0
    pairs = 3 if quick else 6
    from lrviz.ui.live import GuiThreadGarbage

    win = MainWindow()
    win.show()
    GuiThreadGarbage.settle()  # as the app does once its window is up
    win.boundary.editor.set_points(*_blobs(1000))
    out = {}
    for key in (tabs or TABS):
        win.select_tab(key)
        tab = win.current_page()
        tab.controls.max_button.click()  # flat out, not the class's pace
        _run_for(app, 0.3)
        bare = _twin(tab)
        draws = [0]
        count = lambda s: draws.__setitem__(0, draws[0] + 1)  # noqa: E731
        tab.controller.snapshot.connect(count)

        def segment(controller, length=seconds, ticker=None, fresh=False):
            gc.collect()  # not in the middle of a measurement
            if fresh:
                controller.reset()
                _run_for(app, 0.05)
            controller.play()
            _run_for(app, 0.2)
            e0, d0, t0 = _shown_epoch(controller), draws[0], time.perf_counter()
            if ticker is not None:
                ticker()
            _run_for(app, length)
            dt = time.perf_counter() - t0
            rate, fps = (_shown_epoch(controller) - e0) / dt, (draws[0] - d0) / dt
            controller.pause()
            _run_for(app, 0.1)  # the paused side shows where it stopped, then idles
            return rate, fps

        heads, wins = [segment(bare)[0]], []
        for _ in range(pairs):
            wins.append(segment(tab.controller))
            heads.append(segment(bare)[0])
        ratios = [w[0] / (0.5 * (heads[i] + heads[i + 1])) for i, w in enumerate(wins)]
        fresh_heads, fresh = [segment(bare, fresh=True)[0]], []
        for _ in range(pairs):
            fresh.append(segment(tab.controller, fresh=True)[0])
            fresh_heads.append(segment(bare, fresh=True)[0])
        fresh_ratios = [w / (0.5 * (fresh_heads[i] + fresh_heads[i + 1]))
                        for i, w in enumerate(fresh)]

        # The 5 ms ticker that finds stalls is itself Python work on the GUI thread, so
        # the stall is measured in a run of its own.
        clock = QElapsedTimer()
        gaps = []
        timer = QTimer()
        timer.setInterval(5)
        timer.timeout.connect(lambda: gaps.append(clock.restart()))

        def start_ticker():
            gaps.clear()
            clock.start()
            timer.start()
        segment(tab.controller, 1.5 if quick else 3.0, ticker=start_ticker)
        timer.stop()
        tab.controller.snapshot.disconnect(count)
        bare.shutdown()
        fps = float(np.mean([w[1] for w in wins]))
        out[f"live_training_ratio_{key}"] = float(np.median(ratios))
        out[f"live_training_ratio_fresh_{key}"] = float(np.median(fresh_ratios))
        out[f"frames_per_s_{key}"] = fps
        out[f"max_event_loop_stall_ms_{key}"] = float(max(gaps[1:]))
        out[f"p99_gap_ms_{key}"] = float(np.percentile(gaps[1:], 99))
        print(f"  {key}: headless {np.mean(heads):,.0f} epochs/s, with window "
              f"{np.mean([w[0] for w in wins]):,.0f} drawing {fps:.1f} frames/s; ratios "
              + " ".join(f"{r:.2f}" for r in ratios) + "; from scratch "
              + " ".join(f"{r:.2f}" for r in fresh_ratios), file=sys.stderr)
    win.shutdown()
    win.close()
    keys = list(tabs or TABS)
    out["live_training_ratio"] = min(out[f"live_training_ratio_{k}"] for k in keys)
    out["live_training_ratio_fresh"] = min(out[f"live_training_ratio_fresh_{k}"] for k in keys)
    out["max_event_loop_stall_ms"] = max(out[f"max_event_loop_stall_ms_{k}"] for k in keys)
    return out


def boundary_fps(n_points, quick=False):
    """Frames the Boundary Builder draws per second while training flat out (uncapped).

    Worst case: every frame recolours the whole heatmap and repaints the map, as
    in the first seconds of training (once a model settles, unchanged frames are
    skipped and cost far less)."""
    from lrviz.ui import MainWindow

    app = _app()
    win = MainWindow()
    win.show()
    tab = win.boundary
    tab.controls.max_button.click()  # flat out, not the class's pace
    X, y = _blobs(n_points)
    tab.editor.set_points(X, y)
    tab.controller.set_publish_hz(None)  # no 30 Hz cap: measure how fast we can draw
    frames = [0]

    def on_snapshot(_):
        frames[0] += 1  # the tab has drawn and painted it synchronously (paint_now)
        changed.append(tab.map.changed)
        tab.map._force = True  # the next frame redraws everything, changed or not

    changed = []

    tab.controller.snapshot.connect(on_snapshot)
    tab.controller.play()
    _run_for(app, 0.3)
    f0, t0 = frames[0], time.perf_counter()
    _run_for(app, 2.0 if quick else 4.0)
    fps = (frames[0] - f0) / (time.perf_counter() - t0)
    assert tab.map.image.image.shape[0] >= 150
    assert all(changed[2:]), "a frame was not repainted in full"
    win.shutdown()
    win.close()
    return fps


def calibration_fps(quick=False):
    """Frames the Calibration tab draws per second (four maps, the reliability diagram,
    the histogram; 500 training and 5,000 held-out points, 3 copies of x1) while
    logistic regression trains, at the app's own 30 Hz publishing (goal >= 20)."""
    from lrviz.ui import MainWindow

    app = _app()
    win = MainWindow()
    win.show()
    win.select_tab("calibration")
    tab = win.current_page()
    tab.controls.max_button.click()  # flat out, not the class's pace
    tab.form.set_values({"copies": 3})
    tab.rebuild()
    tab.controller.train_now(0)
    frames = [0]
    tab.controller.snapshot.connect(lambda _: frames.__setitem__(0, frames[0] + 1))
    tab.controller.play()
    _run_for(app, 0.5)
    f0, t0 = frames[0], time.perf_counter()
    _run_for(app, 2.0 if quick else 4.0)
    fps = (frames[0] - f0) / (time.perf_counter() - t0)
    print(f"  calibration tab: {fps:.1f} frames/s, epoch {_shown_epoch(tab.controller):,}",
          file=sys.stderr)
    win.shutdown()
    win.close()
    return fps


def boundary_fps_vs_matplotlib(quick=False):
    """The same scene (heatmap, boundary, 1,000 points) redrawn by lrviz and by matplotlib."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    from lrviz.models import LogisticRegression
    from lrviz.ui import MainWindow
    from lrviz.ui.geometry import grid_points
    from lrviz.ui.theme import CLASS_HEX, confidence_rgb
    app = _app()
    X, y = _blobs(1000)
    models = []
    m = LogisticRegression(2)
    data = m.prepare(X, y)
    for _ in range(30):
        for _ in range(5):
            m.step_prepared(data, 0.3)
        models.append(m.clone())

    win = MainWindow()
    win.resize(1440, 900)
    win.show()
    tab = win.boundary
    tab.controls.max_button.click()  # flat out, not the class's pace
    tab.editor.set_points(X, y)
    app.processEvents()
    map_w, map_h = tab.map.width(), tab.map.height()
    cells = tab.map.cells()  # (the same cells on both sides)
    frames = 60 if quick else 150

    def lrviz_frames():
        t = time.perf_counter()
        for i in range(frames):
            tab.map.set_model(models[i % len(models)])
            tab.map.viewport().repaint()
        return frames / (time.perf_counter() - t)

    dpi = 100
    fig = Figure(figsize=(map_w / dpi, map_h / dpi), dpi=dpi)
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    rect = (-5.0, -4.0, 10.0, 8.0)
    pts = grid_points(rect, cells)
    img = ax.imshow(np.zeros((cells, cells, 3), np.uint8), origin="lower",
                    extent=(rect[0], rect[0] + rect[2], rect[1], rect[1] + rect[3]))
    for k in (0, 1):
        ax.scatter(X[y == k, 0], X[y == k, 1], c=CLASS_HEX[k], s=30, edgecolors="white")
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    gx = pts[:, 0].reshape(cells, cells)
    gy = pts[:, 1].reshape(cells, cells)

    def mpl_frames():
        cs = None
        t = time.perf_counter()
        for i in range(frames):
            P = models[i % len(models)].proba_matrix(pts).reshape(cells, cells, -1)
            img.set_data(confidence_rgb(P))
            if cs is not None:
                cs.remove()
            cs = ax.contour(gx, gy, P[..., 1], levels=[0.5], colors="k", linewidths=3)
            canvas.draw()
        return frames / (time.perf_counter() - t)

    best_ours = best_mpl = 0.0
    for _ in range(2 if quick else 3):
        best_ours = max(best_ours, lrviz_frames())
        best_mpl = max(best_mpl, mpl_frames())
    win.shutdown()
    win.close()
    print(f"  same scene: lrviz {best_ours:.1f} frames/s, matplotlib Agg {best_mpl:.1f} frames/s",
          file=sys.stderr)
    return best_ours / best_mpl


def _rss_mb():
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def memory_growth_mb(epochs=10_000_000):
    """Peak resident memory growth over ``epochs`` of live training in the Boundary
    Builder (its 100 default points), the window drawing every update: an hour-long
    lesson must not swell the app.  Ten million epochs take a few minutes."""
    import gc

    from lrviz.ui import MainWindow

    app = _app()
    win = MainWindow()
    win.show()
    tab = win.boundary
    tab.controls.max_button.click()  # flat out, not the class's pace
    tab.controller.play()
    while _shown_epoch(tab.controller) < 2000:  # warm up: caches, first frames
        _run_for(app, 0.05)
    gc.collect()
    before = _rss_mb()
    start = _shown_epoch(tab.controller)
    while _shown_epoch(tab.controller) < start + epochs:
        _run_for(app, 0.1)
    tab.controller.pause()
    _run_for(app, 0.3)
    gc.collect()
    after = _rss_mb()
    win.shutdown()
    win.close()
    print(f"  {epochs:,} epochs: resident memory {before:.1f} MB -> {after:.1f} MB",
          file=sys.stderr)
    return after - before


def startup_s():
    """Seconds from starting a Python process to the first painted main window."""
    probe = (
        "import sys\n"
        "from lrviz.ui.app import make_app\n"
        "app = make_app()\n"
        "from PySide6.QtCore import QObject, QEvent, QTimer\n"
        "from lrviz.ui import MainWindow\n"
        "w = MainWindow()\n"
        "class F(QObject):\n"
        "    def eventFilter(self, o, e):\n"
        "        if e.type() == QEvent.Paint:\n"
        "            print('painted', flush=True); app.quit()\n"
        "        return False\n"
        "f = F(); w.installEventFilter(f); w.show(); app.exec(); w.shutdown()\n"
    )
    env = dict(os.environ, PYTHONPATH=os.path.dirname(HERE))
    best = np.inf
    for _ in range(3):
        t = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", probe], stdout=subprocess.PIPE, env=env,
                                stderr=subprocess.DEVNULL, text=True)
        line = proc.stdout.readline()
        elapsed = time.perf_counter() - t
        proc.wait(30)
        if line.strip() == "painted":
            best = min(best, elapsed)
    return best


def scrub_fps(n_points=10_000, quick=False):
    """Frames per second while the Boundary Builder's timeline is dragged through a run
    over ``n_points`` points: each frame shows another kept epoch (map, line, equation,
    loss marker) and is painted before the next."""
    from lrviz.ui.live import paint_live
    from lrviz.ui import MainWindow

    app = _app()
    win = MainWindow()
    win.resize(1280, 720)
    win.show()
    tab = win.boundary
    X, y = _blobs(n_points)
    tab.editor.set_points(X, y)
    for _ in range(100 if quick else 400):  # Step, Step ...: every epoch kept
        tab.train_now(1)
    app.processEvents()
    n = len(tab.timeline.history)  # (the Builder's: tab.view.timeline)
    frames, t0 = 0, time.perf_counter()
    for rounds in range(2 if quick else 4):
        for i in range(n - 2, -1, -1) if rounds % 2 == 0 else range(n - 1):
            tab.timeline.slider.setValue(i)  # as a drag moves it
            paint_live()
            app.processEvents()
            frames += 1
    fps = frames / (time.perf_counter() - t0)
    assert tab.timeline.in_past
    win.shutdown()
    win.close()
    return fps


def animation_export(quick=False):
    """A 10-second GIF of the Boundary Builder training, at 12 frames/s and 2× its size
    (1280×720 window): the seconds the writer takes after recording, and the longest
    a frame's grab held the GUI thread."""
    import tempfile

    from lrviz.ui import MainWindow
    from lrviz.ui import animation_export as ae

    app = _app()
    win = MainWindow()
    win.resize(1280, 720)
    win.show()
    tab = win.boundary
    tab.editor.load_preset("moons")
    tab.form.set_values({"kind": "Neural network"})
    tab.rebuild()
    grabs = []
    real = ae.grab_rgb

    def timed(widget):
        t = time.perf_counter()
        out = real(widget)
        grabs.append(time.perf_counter() - t)
        return out
    ae.grab_rgb = timed
    with tempfile.TemporaryDirectory() as folder:
        rec = win.recording.export_animation(os.path.join(folder, "clip.gif"), fmt="gif", fps=12,
                                   seconds=3 if quick else 10, scale=2.0)
        while rec.state == "recording":
            _run_for(app, 0.1)
        written = time.perf_counter()
        while not rec.done:
            _run_for(app, 0.1)
        write_seconds = time.perf_counter() - written
        assert rec.message.startswith("Saved"), rec.message
        print(f"  {rec.message}", file=sys.stderr)
    ae.grab_rgb = real
    win.shutdown()
    win.close()
    return write_seconds, 1000 * max(grabs)


def _stall_meter(app):
    """``stall(fn, seconds, until=None)``: call ``fn`` from inside the event loop and
    return the longest gap (ms) between 5 ms timer ticks over the next ``seconds`` --
    or, with ``until``, until ``until()`` is true and ``seconds`` more have passed."""
    from PySide6.QtCore import QElapsedTimer, QTimer

    clock, gaps, timer = QElapsedTimer(), [], QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: gaps.append(clock.restart()))

    def stall(fn, seconds, until=None):
        gaps.clear()
        clock.start()
        timer.start()
        QTimer.singleShot(0, fn)  # from inside the event loop: its whole cost is measured
        if until is not None:
            while not until():
                _run_for(app, 0.1)
        _run_for(app, seconds)
        timer.stop()
        return float(max(gaps or [0]))  # (the first gap holds fn's own run: it counts)
    return stall


def scale_figures(quick=False):
    """The Boundary Builder with 100,000 points (the largest file the reader takes):
    the longest event-loop stall while the file loads and while each model trains
    flat out; frames drawn per second while training; the median latency of an
    edit -- add a point, one step of a drag, undo -- each painted (the worst of the
    three, per model)."""
    from lrviz.ui.live import GuiThreadGarbage, paint_live
    import tempfile

    from lrviz.data import write_points_csv
    from lrviz.ui import MainWindow

    app = _app()
    win = MainWindow()
    win.resize(1600, 1000)
    win.show()
    _run_for(app, 0.5)  # (the window's first paint is not the file's)
    GuiThreadGarbage.settle()  # as the app does once its window is up
    tab = win.boundary
    tab.form.set_values({"learn_live": False})
    X, y = _blobs(100_000)
    stall = _stall_meter(app)
    out = {}
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "big.csv")
        write_points_csv(path, X, y)
        out["max_stall_ms_100000_points_loading"] = stall(lambda: win.files.open_data(path), 1.5)
    assert len(tab.document.points) == 100_000
    frames = [0]
    tab.controller.snapshot.connect(lambda s: frames.__setitem__(0, frames[0] + 1))
    tab.controls.max_button.click()
    for key, kind in (("logistic", "Logistic regression"), ("network", "Neural network")):
        tab.controller.pause()
        _run_for(app, 0.3)
        tab.form["kind"].setCurrentText(kind)
        _run_for(app, 0.5)
        f0, t0 = frames[0], time.perf_counter()
        out[f"max_stall_ms_100000_points_training_{key}"] = stall(tab.controller.play,
                                                                  2.0 if quick else 4.0)
        out[f"boundary_fps_100000_points_{key}"] = (frames[0] - f0) / (time.perf_counter() - t0)
        tab.controller.pause()
        _run_for(app, 0.3)
        lat = {"add": [], "drag": [], "undo": []}

        def timed(name, fn):
            t = time.perf_counter()
            fn()
            paint_live()
            app.processEvents()
            lat[name].append(1000 * (time.perf_counter() - t))
        for i in range(4 if quick else 10):
            from PySide6.QtCore import Qt

            # (the map's signals, as a click and a drag emit them)
            timed("add", lambda: tab.map.pointClicked.emit(0.1 * i, 0.2, Qt.LeftButton,
                                                           Qt.NoModifier))
            j = len(tab.document.points) - 1
            tab.map.points.dragging = j  # as the map's drag does
            tab.map.pointDragged.emit(j, 0.1 * i + 0.04, 0.3, False)
            timed("drag", lambda: tab.map.pointDragged.emit(j, 0.1 * i + 0.05, 0.3, False))
            tab.map.pointDragged.emit(j, 0.1 * i + 0.05, 0.3, True)
            tab.map.points.dragging = None
            tab.map.points.end_drag()
            timed("undo", win.document.undo.undo)
        medians = {k: float(np.median(v)) for k, v in lat.items()}
        print(f"  {key}: edit medians " + ", ".join(f"{k} {v:.0f} ms" for k, v in medians.items()),
              file=sys.stderr)
        out[f"edit_latency_ms_100000_points_{key}"] = max(medians.values())
    win.shutdown()
    win.close()
    out["boundary_fps_100000_points"] = out["boundary_fps_100000_points_logistic"]
    out["edit_latency_ms_100000_points"] = max(out["edit_latency_ms_100000_points_logistic"],
                                               out["edit_latency_ms_100000_points_network"])
    return out


def table_figures(quick=False):
    """A 100,000-row × 30-column table (29 numeric columns, a text label): seconds from
    File → Open data to its column dialog on screen; seconds from the chosen columns
    (two features, the Builder) to the first frame that draws every row; the longest
    event-loop stall over both."""
    import tempfile

    from PySide6.QtCore import QElapsedTimer, QTimer

    from lrviz.ui import MainWindow
    from lrviz.ui.live import GuiThreadGarbage

    app = _app()
    win = MainWindow()
    win.resize(1600, 1000)
    win.show()
    _run_for(app, 0.5)
    GuiThreadGarbage.settle()
    tab = win.boundary
    tab.form.set_values({"learn_live": False})
    rng = np.random.default_rng(3)
    n = 100_000
    X = rng.normal(size=(n, 29)) * 10 + 50
    label = np.where(X[:, 0] + X[:, 1] > 100, "yes", "no")
    clock, gaps, timer = QElapsedTimer(), [], QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: gaps.append(clock.restart()))

    def until(done, limit=20.0):
        t0 = time.perf_counter()
        while not done() and time.perf_counter() - t0 < limit:
            app.processEvents()
            time.sleep(0.001)
        return time.perf_counter() - t0

    out = {}
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "wide.csv")
        with open(path, "w") as fh:
            fh.write(",".join(f"f{j}" for j in range(29)) + ",label\n")
            for row, lab in zip(X.round(6).tolist(), label.tolist()):
                fh.write(",".join(map(repr, row)) + f",{lab}\n")
        gaps.clear()
        clock.start()
        timer.start()
        t0 = time.perf_counter()
        win.files.open_data(path)
        until(lambda: win.files.dialog is not None and win.files.dialog.isVisible())
        out["table_preview_s_100000x30"] = time.perf_counter() - t0
        preview_stall = float(max(gaps or [0]))  # (the first gap holds open_data's call)
        gaps.clear()
        dialog = win.files.dialog
        dialog.set_choice(["f0", "f1"], "label")
        t0 = time.perf_counter()
        dialog.accept()

        def drawn():
            items = tab.map.points.train_items
            return (len(tab.document.points) == n and not tab.map.points._steps
                    and sum(len(i.getData()[0]) for i in items) == n)
        until(drawn)
        app.processEvents()
        out["table_first_frame_s_100000x30"] = time.perf_counter() - t0
        timer.stop()
        print(f"  longest stall: {preview_stall:.0f} ms to the preview, "
              f"{max(gaps or [0]):.0f} ms to the first frame", file=sys.stderr)
        out["max_stall_ms_table_100000x30"] = max(preview_stall, float(max(gaps or [0])))
    win.shutdown()
    win.close()
    return out


def decisions_scale_figures(quick=False):
    """Weights & Decisions on the largest table it reads, 100,000 rows of 50 features (70,000
    train, 30,000 held out): the longest event-loop stall while the file loads, while
    logistic regression trains flat out, and when the threshold moves."""
    import tempfile

    from lrviz.ui import MainWindow
    from lrviz.ui.live import GuiThreadGarbage

    app = _app()
    win = MainWindow()
    win.resize(1600, 1000)
    win.show()
    win.select_tab("decisions")
    tab = win.current_page()
    _run_for(app, 0.5)
    GuiThreadGarbage.settle()
    rng = np.random.default_rng(7)
    X = rng.normal(size=(100_000, 50)) * rng.uniform(0.5, 20, 50) + rng.uniform(-5, 50, 50)
    z = (X - X.mean(axis=0)) / X.std(axis=0) @ rng.normal(0, 0.5, 50)
    y = (rng.random(100_000) < 1 / (1 + np.exp(-z))).astype(int)
    stall = _stall_meter(app)
    out = {}
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "table.csv")
        with open(path, "w") as f:
            f.write(",".join(f"f{j}" for j in range(50)) + ",label\n")
            f.writelines(",".join(f"{v:.6g}" for v in row) + f",{label}\n"
                         for row, label in zip(X.tolist(), y.tolist()))
        out["max_stall_ms_100000x50_decisions_loading"] = stall(
            lambda: tab.load_csv(path), 1.0, until=lambda: len(tab.names) == 50)
    tab.controls.max_button.click()
    epoch = tab.controller.latest.epoch if tab.controller.latest else 0
    out["max_stall_ms_100000x50_decisions_training"] = stall(tab.controller.play,
                                                             2.0 if quick else 4.0)
    print(f"  decisions: {tab.controller.latest.epoch - epoch} epochs while measured",
          file=sys.stderr)
    tab.controller.pause()
    _run_for(app, 1.0)
    out["max_stall_ms_100000x50_decisions_threshold"] = stall(
        lambda: tab.form["threshold"].setValue(0.3), 1.0)
    out["max_stall_ms_100000x50_decisions"] = max(out.values())
    # a session holding the table: written in the background, then opened (read and
    # checked in the background, then put into the tabs a turn each).  Every tab built
    # first: a first save builds the tabs not yet shown.
    win.pages
    _run_for(app, 1.0)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "session.lrviz.json")
        status = win.statusBar()
        t0 = time.perf_counter()
        out["max_stall_ms_100000x50_session_save"] = stall(
            lambda: win.files.save_session(path), 0.2,
            until=lambda: "Session saved" in status.currentMessage())
        out["session_save_s_100000x50"] = time.perf_counter() - t0 - 0.2
        t0 = time.perf_counter()
        out["max_stall_ms_100000x50_session_open"] = stall(
            lambda: win.files.open_session(path, quiet=True), 0.2,
            until=lambda: "Opened session" in status.currentMessage())
        out["session_open_s_100000x50"] = time.perf_counter() - t0 - 0.2
    win.shutdown()
    win.close()
    return out


def idle_window_figures(quick=False):
    """The meter's floor: the window shown with nothing to do, a thread beside it
    multiplying a 70,000 x 50 table by a vector flat out (numpy without the interpreter,
    as an epoch's products are), for 120 s (30 with ``--quick``): the longest gap between
    5 ms ticks, and how many gaps passed 33 ms.  A stall here is the platform's (the X
    server, the machine), not lrviz's work: read the other stall figures beside it."""
    import threading

    from PySide6.QtCore import QElapsedTimer, QTimer

    from lrviz.ui import MainWindow

    app = _app()
    win = MainWindow()
    win.resize(1600, 1000)
    win.show()
    _run_for(app, 0.5)
    stop = threading.Event()
    X, w = np.random.default_rng(0).normal(size=(70_000, 50)), np.ones(50)

    def busy():
        while not stop.is_set():
            X @ w
    thread = threading.Thread(target=busy, daemon=True)
    thread.start()
    _run_for(app, 0.5)
    clock, gaps, timer = QElapsedTimer(), [], QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: gaps.append(clock.restart()))
    clock.start()
    timer.start()
    _run_for(app, 30.0 if quick else 120.0)
    timer.stop()
    stop.set()
    thread.join()
    win.close()
    return {"idle_window_stall_ms": float(max(gaps)),
            "idle_window_gaps_over_33_ms": float(sum(g > 33 for g in gaps))}


FIGURES = ["epoch_cost_ratio", "fit_cost_ratio", "sgd_epoch_cost_ratio", "live_training_ratio", "max_event_loop_stall_ms", "startup_s",
           "boundary_fps_1000_points", "boundary_fps_10000_points", "boundary_fps_vs_matplotlib",
           "calibration_fps", "memory_growth_mb_10m_epochs", "scrub_fps_10000_points",
           "animation_export_s_10s_2x", "animation_grab_ms_max", "boundary_fps_100000_points",
           "edit_latency_ms_100000_points", "table_preview_s_100000x30",
           "table_first_frame_s_100000x30", "max_stall_ms_table_100000x30",
           "max_stall_ms_100000x50_decisions", "idle_window_stall_ms",
           "class_answers_200_students"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="shorter runs, noisier figures")
    parser.add_argument("--only", help="comma-separated figure names")
    parser.add_argument("--tabs", help="comma-separated tabs for the live figures (all)")
    parser.add_argument("--platform", choices=("offscreen", "xcb"), default="offscreen",
                        help="xcb: a real X window (Xvfb is started when there is no display)")
    args = parser.parse_args(argv)
    want = set(args.only.split(",")) if args.only else set(FIGURES)

    def emit(name, value, fmt="{:.3f}"):
        if name in want:
            print(f"{name}: {fmt.format(value)}", flush=True)

    if "epoch_cost_ratio" in want:
        emit("epoch_cost_ratio", epoch_cost_ratio(args.quick))
    if "fit_cost_ratio" in want:
        emit("fit_cost_ratio", fit_cost_ratio(args.quick))
    if "sgd_epoch_cost_ratio" in want:
        emit("sgd_epoch_cost_ratio", sgd_epoch_cost_ratio(args.quick))
    if want & {"live_training_ratio", "max_event_loop_stall_ms"}:
        live = live_figures(args.quick, args.tabs and args.tabs.split(","))
        for name, value in live.items():  # per tab, then the worst of them
            if not name.startswith(("live_training_ratio", "max_event_loop_stall_ms")):
                print(f"{name}: {value:.1f}", flush=True)
            elif name not in ("live_training_ratio", "max_event_loop_stall_ms"):
                print(f"{name}: {value:.3f}" if name.startswith("live_training_ratio")
                      else f"{name}: {value:.1f}", flush=True)
        emit("live_training_ratio", live["live_training_ratio"])
        emit("max_event_loop_stall_ms", live["max_event_loop_stall_ms"], "{:.1f}")
    if "startup_s" in want:
        emit("startup_s", startup_s(), "{:.2f}")
    if "boundary_fps_1000_points" in want:
        emit("boundary_fps_1000_points", boundary_fps(1000, args.quick), "{:.1f}")
    if "boundary_fps_10000_points" in want:
        emit("boundary_fps_10000_points", boundary_fps(10000, args.quick), "{:.1f}")
    if "boundary_fps_vs_matplotlib" in want:
        emit("boundary_fps_vs_matplotlib", boundary_fps_vs_matplotlib(args.quick), "{:.2f}")
    if "calibration_fps" in want:
        emit("calibration_fps", calibration_fps(args.quick), "{:.1f}")
    if "scrub_fps_10000_points" in want:
        emit("scrub_fps_10000_points", scrub_fps(10_000, args.quick), "{:.1f}")
    if want & {"animation_export_s_10s_2x", "animation_grab_ms_max"}:
        seconds, grab_ms = animation_export(args.quick)
        emit("animation_export_s_10s_2x", seconds, "{:.1f}")
        emit("animation_grab_ms_max", grab_ms, "{:.1f}")
    if want & {"boundary_fps_100000_points", "edit_latency_ms_100000_points"}:
        for name, value in scale_figures(args.quick).items():
            print(f"{name}: {value:.1f}", flush=True)
    if want & {"table_preview_s_100000x30", "table_first_frame_s_100000x30",
               "max_stall_ms_table_100000x30"}:
        for name, value in table_figures(args.quick).items():
            emit(name, value, "{:.1f}" if name.startswith("max_") else "{:.2f}")
    if "max_stall_ms_100000x50_decisions" in want:
        for name, value in decisions_scale_figures(args.quick).items():
            print(f"{name}: {value:.1f}", flush=True)
    if "idle_window_stall_ms" in want:
        for name, value in idle_window_figures(args.quick).items():
            print(f"{name}: {value:.0f}", flush=True)
    if "class_answers_200_students" in want:  # (benchmarks/classroom.py)
        from classroom import class_answer_figures

        for name, value in class_answer_figures().items():
            print(f"{name}: {value:.1f}", flush=True)
    if "memory_growth_mb_10m_epochs" in want:
        emit("memory_growth_mb_10m_epochs",
             memory_growth_mb(1_000_000 if args.quick else 10_000_000), "{:.1f}")


if __name__ == "__main__":
    main()
