"""Find QTimers a test left running (as napari's ``dangling_qtimers`` fixture does).

``TimerWatch.install`` wraps ``QTimer.start`` and ``QTimer.singleShot`` (calls made from
Python) to remember every timer started and every single-shot callback not yet run.
``dangling`` then gives the leftovers a short grace period (a 30 ms debounce that is about to
fire is fine) and describes whatever is still pending: a repeating timer nobody stopped, or a
long single shot that would fire into a closed window.
"""

from __future__ import annotations

import time
import traceback
from weakref import WeakKeyDictionary

GRACE_MS = 500


class TimerWatch:
    def __init__(self) -> None:
        self.started: WeakKeyDictionary = WeakKeyDictionary()
        self.pending_shots: dict[int, str] = {}
        self._ids = 0

    def install(self, monkeypatch) -> None:
        from PySide6.QtCore import QTimer

        original_start, original_single_shot = QTimer.start, QTimer.singleShot
        watch = self

        def start(timer, *args, **kwargs):
            watch.started[timer] = "".join(traceback.format_stack(limit=8)[:-1])
            return original_start(timer, *args, **kwargs)

        def single_shot(*args, **kwargs):
            if len(args) == 2 and callable(args[1]) and not kwargs:
                watch._ids += 1
                key = watch._ids
                watch.pending_shots[key] = "".join(traceback.format_stack(limit=8)[:-1])
                callback = args[1]

                def run() -> None:
                    watch.pending_shots.pop(key, None)
                    callback()

                return original_single_shot(args[0], run)
            return original_single_shot(*args, **kwargs)

        monkeypatch.setattr(QTimer, "start", start)
        monkeypatch.setattr(QTimer, "singleShot", staticmethod(single_shot))

    def _active(self) -> list[str]:
        active = []
        for timer, where in list(self.started.items()):
            try:
                running = timer.isActive()
            except RuntimeError:  # deleted with its parent: it cannot fire any more
                continue
            if running:
                kind = "single-shot" if timer.isSingleShot() else "repeating"
                active.append(f"a {kind} QTimer ({timer.interval()} ms) started at:\n{where}")
        return active

    def dangling(self, grace_ms: int = GRACE_MS) -> list[str]:
        """What is still pending after up to ``grace_ms`` of event processing."""
        from PySide6.QtCore import QCoreApplication

        deadline = time.monotonic() + grace_ms / 1000
        while (self._active() or self.pending_shots) and time.monotonic() < deadline:
            QCoreApplication.processEvents()
            time.sleep(0.01)
        leftovers = self._active()
        leftovers += [f"a QTimer.singleShot callback never run, scheduled at:\n{where}"
                      for where in self.pending_shots.values()]
        return leftovers

    def stop_all(self) -> None:
        """Stop what is left, so one failing test does not disturb the next."""
        for timer in list(self.started):
            try:
                timer.stop()
            except RuntimeError:
                continue
        self.pending_shots.clear()
