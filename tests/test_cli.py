"""The command line, run as a user runs it: in a separate process."""
import os
import subprocess
import sys

import pytest

from lrviz import __version__


def run(*args, timeout=120):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "lrviz", *args], capture_output=True, text=True,
                          timeout=timeout, env=env)


def test_version_and_help():
    out = run("--version")
    assert out.returncode == 0 and out.stdout.strip() == f"lrviz {__version__}"
    out = run("--help")
    assert out.returncode == 0
    for flag in ("--tab", "--preset", "--data", "--epochs", "--screenshot"):
        assert flag in out.stdout


def test_screenshot_trains_and_saves_the_window(tmp_path):
    from PySide6.QtGui import QImage

    path = tmp_path / "shot.png"
    out = run("--tab", "boundary", "--preset", "blobs", "--epochs", "300", "--screenshot", str(path))
    assert out.returncode == 0, out.stderr
    img = QImage(str(path))
    assert img.width() >= 1000 and img.height() >= 700
    # the map shows both class tints: sample the left and right of the plot area
    colours = {img.pixelColor(x, img.height() // 2).name() for x in range(50, img.width() // 2, 7)}
    assert len(colours) > 5


def test_bad_data_file_gives_one_line_and_exit_2(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("x1,x2,label\n1,2,9\n")
    out = run("--data", str(bad), "--screenshot", str(tmp_path / "x.png"))
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "bad.csv, line 2" in lines[0] and "label" in lines[0]
    assert "Traceback" not in out.stderr
    assert not (tmp_path / "x.png").exists()


def test_good_data_file_is_loaded(tmp_path):
    from lrviz.data import three_class, write_points_csv

    d = three_class()
    path = tmp_path / "three.csv"
    write_points_csv(path, d.X, d.y.astype(int))
    out = run("--data", str(path), "--epochs", "50", "--screenshot", str(tmp_path / "s.png"))
    assert out.returncode == 0, out.stderr


@pytest.mark.parametrize("args", [["--tab", "nope"], ["--epochs", "-3"], ["--preset", "zzz"]])
def test_bad_arguments_exit_2(args):
    out = run(*args)
    assert out.returncode == 2 and "Traceback" not in out.stderr


@pytest.mark.parametrize("args, why", [
    (["--lesson", ""], "no built-in lesson ''"),  # (#28: ignored, exit 0)
    (["--epochs", "٣"], "digits 0-9"),  # (#28: read as 3; the files refuse such digits)
    (["--epochs", "３"], "digits 0-9"),
    (["--lesson", "xor", "--step", "٢"], "digits 0-9"),
    (["--data", ""], "cannot be read"),
])
def test_empty_names_and_other_scripts_digits_are_refused_in_one_line(tmp_path, args, why):
    picture = tmp_path / "x.png"
    out = run(*args, "--screenshot", str(picture))
    assert out.returncode == 2 and why in out.stderr and "Traceback" not in out.stderr
    assert not picture.exists()


def test_an_empty_picture_name_is_refused_not_a_window_left_open():
    out = run("--screenshot", "", timeout=60)
    assert out.returncode == 2 and "extension" in out.stderr
    assert out.stderr.count("\n") == 1


@pytest.mark.parametrize("preset", [{"name": "ghost"}, {"name": "blobs", "n": 0},
                                    {"name": "blobs", "n": 10 ** 7},
                                    {"name": "blobs", "noise": -1},
                                    {"name": "blobs", "noise": 1e300},
                                    {"name": "blobs", "seed": -1},
                                    {"name": "blobs", "seed": 2 ** 40}])
def test_a_lesson_whose_step_the_tab_cannot_carry_out_exits_2_before_any_window(tmp_path,
                                                                                 preset):
    """#28 point 1: these passed the checks and raised when the step was set up."""
    import json

    lesson = tmp_path / "l.json"
    lesson.write_text(json.dumps({"format": "lrviz-lesson", "version": 1, "title": "t",
                                  "steps": [{"title": "s", "tab": "boundary",
                                             "setup": [{"do": "preset", **preset}]}]}))
    picture = tmp_path / "x.png"
    out = run("--lesson", str(lesson), "--screenshot", str(picture))
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert out.stderr.count("\n") == 1 and "l.json step 1 setup[0]" in out.stderr
    assert not picture.exists()


def test_the_app_keeps_numpys_blas_to_one_thread_unless_told_otherwise():
    """``lrviz`` and ``python -m lrviz`` ask numpy's BLAS for one thread before numpy
    loads (two spun beside the window's thread on two cores and stalled it while a big
    table trained); a number the user set is kept."""
    pytest.importorskip("threadpoolctl")
    ask = ("import runpy, sys; sys.argv = ['lrviz', '--version']\n"
           "try:\n    runpy.run_module('lrviz', run_name='__main__')\n"
           "except SystemExit:\n    pass\n"
           "from threadpoolctl import threadpool_info\n"
           "print(sorted({i['num_threads'] for i in threadpool_info()"
           " if i['user_api'] == 'blas'}))")
    for chosen, expected in ((None, "[1]"), ("2", "[2]")):
        env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
        if chosen is not None:
            env["OPENBLAS_NUM_THREADS"] = chosen
        out = subprocess.run([sys.executable, "-c", ask], capture_output=True, text=True,
                             timeout=120, env=dict(env, QT_QPA_PLATFORM="offscreen"))
        assert out.returncode == 0, out.stderr
        assert out.stdout.strip().splitlines()[-1] == expected
