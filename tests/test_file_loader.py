"""FileLoader: core.io.load in its own thread, with a clear message for every failure."""

import threading

import pytest

from core.errors import DataError
from gui import file_loader
from gui.file_loader import FileLoader, problem_message


def _run(qtbot, loader: FileLoader, signal_name: str) -> list:
    with qtbot.waitSignal(getattr(loader, signal_name), timeout=10_000) as blocker:
        loader.start()
    assert loader.wait(10_000)
    return blocker.args


def test_loads_a_file_in_another_thread(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "r.csv"
    path.write_text("user,item,rating\nann,x,4\nann,y,2\nbob,y,5\n")
    threads = []
    real_load = file_loader.load

    def recording_load(p, on_progress=None):
        threads.append(threading.get_ident())
        return real_load(p, on_progress)

    monkeypatch.setattr(file_loader, "load", recording_load)
    loader = FileLoader(str(path))
    data, loaded_path = _run(qtbot, loader, "loaded")
    assert threads and threads[0] != threading.get_ident()
    assert loaded_path == str(path)
    assert data.shape == (2, 2) and data.get("ann", "y") == 2.0 and data.explicit
    assert loader.data is data and loader.error is None


def test_loading_progress_reaches_the_gui_thread_as_a_signal(qtbot, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("user,item\n" + "".join(f"u{i % 50},i{i % 70}\n" for i in range(5000)))
    loader = FileLoader(str(path))
    seen = []
    loader.progress.connect(lambda fraction, eta: seen.append((fraction, eta)))
    _run(qtbot, loader, "loaded")
    qtbot.waitUntil(lambda: bool(seen) and seen[-1][0] == 1.0, timeout=5_000)
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and seen[-1][1] == 0.0


def test_a_malformed_file_fails_with_the_data_error_message(qtbot, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("user,item,rating\n1,10,4\n2,20,five\n")
    loader = FileLoader(str(path))
    message, = _run(qtbot, loader, "failed")
    assert "bad.csv" in message and "line 3" in message and "five" in message
    assert "Traceback" not in message
    assert loader.data is None and loader.error == message


@pytest.mark.parametrize(("exc", "expected"), [
    (MemoryError(), "Not enough memory to load big.csv"),
    (PermissionError(13, "Permission denied", "/data/big.csv"),
     "Could not read /data/big.csv: Permission denied"),
])
def test_system_errors_get_a_clear_message(qtbot, monkeypatch, exc, expected):
    def failing_load(_path, _on_progress=None):
        raise exc

    monkeypatch.setattr(file_loader, "load", failing_load)
    message, = _run(qtbot, FileLoader("/data/big.csv"), "failed")
    assert message.startswith(expected)


def test_problem_message_passes_data_errors_through():
    exc = DataError("rating 'five' is not a number", "bad.csv", 3)
    assert problem_message(exc, "bad.csv") == str(exc)
    assert problem_message(ValueError("odd"), "/x/y.csv") == \
        "y.csv could not be read: ValueError: odd"
