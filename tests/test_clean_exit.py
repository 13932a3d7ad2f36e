"""The app's process ends cleanly: closing mid-training, and no refcount-corrupting Qt binding."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CLOSE_MID_TRAINING = """
import sys
from PySide6.QtCore import QTimer
from gui.app import create_application, dispose
from gui.main_window import MainWindow
from core.samples import movie_night

app = create_application()
window = MainWindow()
window.session.replace_data(movie_night("medium"))
window.show()
panel = window.model_panel
panel.form.set_model("mlp")
panel.form.set_params({"epochs": 200, "hidden": (32,), "batch_size": 32, "validation": False})
seen = []

def on_progress(events):
    if events and not seen:
        seen.append(True)
        print("training", flush=True)
        QTimer.singleShot(0, window.close)  # close while the worker is mid-epoch

window.session.host.progress.connect(on_progress)
panel.train()
QTimer.singleShot(120_000, lambda: sys.exit(3))  # never hang the test suite
code = app.exec()
print("closed", code, window.session.host.closed, flush=True)
dispose(window)
sys.exit(code)
"""


def test_closing_the_window_mid_training_exits_cleanly(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path),
               TF_CPP_MIN_LOG_LEVEL="3")
    result = subprocess.run([sys.executable, "-c", CLOSE_MID_TRAINING], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "training" in result.stdout
    assert "closed 0 True" in result.stdout
    assert "QThread: Destroyed" not in result.stderr
    assert "Traceback" not in result.stderr


def test_void_qt_calls_do_not_drop_references_to_none(qapp):
    """PySide6 6.12.0 decremented None's refcount on every void call; the app then aborted."""
    from PySide6.QtWidgets import QWidget

    widget = QWidget()
    before = sys.getrefcount(None)
    for _ in range(2000):
        widget.setEnabled(True)
    assert sys.getrefcount(None) >= before - 50
