"""Start-up: the window opens without TensorFlow, and a missing display is a clear message."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gui.app import NO_DISPLAY_MESSAGE, display_problem

ROOT = Path(__file__).resolve().parents[1]


def _run(args: list[str], env: dict[str, str], timeout: float = 120):
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)


def _offscreen_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path))
    env.pop("PYTHONSTARTUP", None)
    return env


def test_window_opens_with_the_seed_example_without_tensorflow(tmp_path):
    code = (
        "import sys\n"
        "from gui.app import create_application, dispose\n"
        "from gui.main_window import MainWindow\n"
        "app = create_application()\n"
        "window = MainWindow()\n"
        "window.show()\n"
        "app.processEvents()\n"
        "print(window.session.data.name, window.session.data.shape)\n"
        "print(sorted(m for m in ('tensorflow', 'keras') if m in sys.modules))\n"
        "window.close()\n"
        "dispose(window)\n"  # as gui.app.main does: see its docstring
    )
    result = _run(["-c", code], _offscreen_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["Seed example (3, 5)", "[]"]


def test_main_py_runs_and_exits_cleanly(tmp_path):
    shot = tmp_path / "window.png"
    result = _run(["main.py", "--screenshot", str(shot), "--quit-after", "200"],
                  _offscreen_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert shot.stat().st_size > 1000
    assert "QThread: Destroyed" not in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland check is Linux's")
def test_no_display_prints_one_clear_line_and_exits_2(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["XDG_CONFIG_HOME"] = str(tmp_path)
    result = _run(["main.py"], env, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip() == NO_DISPLAY_MESSAGE
    assert "QT_QPA_PLATFORM=offscreen" in result.stderr and "xvfb-run" in result.stderr
    assert result.stdout == ""


def test_display_problem_rules():
    assert display_problem({}, "linux") == NO_DISPLAY_MESSAGE
    assert display_problem({"QT_QPA_PLATFORM": "xcb"}, "linux") == NO_DISPLAY_MESSAGE
    assert display_problem({"DISPLAY": ":0"}, "linux") is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display_problem({}, "darwin") is None
    assert display_problem({}, "win32") is None
