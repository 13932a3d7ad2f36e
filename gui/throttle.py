"""Coalesce a fast stream of progress events into a few GUI updates per second.

A training loop may report thousands of batches a second; redrawing (or even queueing one Qt
event) per batch would swamp the GUI thread. The worker thread ``push``es events into a
``ProgressBuffer`` (a lock-protected list, no Qt involved); a ``QTimer`` in the GUI thread drains
it about 25 times a second and emits every event gathered since the last tick in one list, so no
event is lost and the view redraws at most at the timer's rate.
"""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

DEFAULT_INTERVAL_MS = 40  # 25 Hz


class ProgressBuffer(QObject):
    """Thread-safe queue of plain progress events, drained in the GUI thread by a timer."""

    drained = Signal(list)  # the pushed items, oldest first; never empty

    def __init__(self, interval_ms: int = DEFAULT_INTERVAL_MS, parent: QObject | None = None):
        super().__init__(parent)
        self._lock = threading.Lock()
        self._events: list[Any] = []
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.flush)

    def push(self, event: Any) -> None:
        """Add an event; safe to call from any thread."""
        with self._lock:
            self._events.append(event)

    def start(self) -> None:
        """Begin periodic draining (GUI thread)."""
        self._timer.start()

    def stop(self) -> None:
        """Stop the timer and deliver whatever is still buffered (GUI thread)."""
        self._timer.stop()
        self.flush()

    def flush(self) -> None:
        with self._lock:
            events, self._events = self._events, []
        if events:
            self.drained.emit(events)

    @property
    def active(self) -> bool:
        return self._timer.isActive()
