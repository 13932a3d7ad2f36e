"""The leak checks themselves: a timer left running is found; stopped or finished ones are not."""

from PySide6.QtCore import QTimer
from qt_leaks import TimerWatch


def test_a_repeating_timer_left_running_is_reported(qtbot, monkeypatch):
    watch = TimerWatch()
    watch.install(monkeypatch)
    timer = QTimer()
    timer.setInterval(10)
    timer.start()
    leftovers = watch.dangling(grace_ms=50)
    timer.stop()
    assert len(leftovers) == 1 and "repeating QTimer (10 ms)" in leftovers[0]
    assert "test_qt_leaks.py" in leftovers[0]  # says where it was started


def test_stopped_timers_and_fired_single_shots_are_fine(qtbot, monkeypatch):
    watch = TimerWatch()
    watch.install(monkeypatch)
    timer = QTimer()
    timer.start(10)
    timer.stop()
    fired = []
    QTimer.singleShot(5, lambda: fired.append(True))
    assert watch.dangling(grace_ms=500) == []
    assert fired == [True]


def test_a_long_single_shot_still_pending_is_reported(qtbot, monkeypatch):
    watch = TimerWatch()
    watch.install(monkeypatch)
    fired = []
    QTimer.singleShot(400, lambda: fired.append(True))
    leftovers = watch.dangling(grace_ms=20)
    assert len(leftovers) == 1 and "singleShot callback never run" in leftovers[0]
    qtbot.waitUntil(lambda: bool(fired), timeout=5000)  # let it fire: this test leaves nothing
    assert watch.dangling(grace_ms=0) == []
