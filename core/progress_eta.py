"""Stage progress with elapsed time and an ETA, for long loops over batches (or bytes).

``StageTimer(message, on_progress).update(fraction)`` sends ``Progress("stage", ...)`` with the
seconds elapsed since the timer started and a linear ETA (elapsed × remaining / done): batches of
one stage cost about the same, so after the first ~10 % the estimate stays within the spread of
batch costs. Returns True when the caller asked to stop. ``clock`` is injectable so tests can
feed it fake times.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from core.progress import Progress, ProgressCallback, report


class StageTimer:
    def __init__(self, message: str, on_progress: ProgressCallback | None,
                 clock: Callable[[], float] = time.perf_counter):
        self.message = message
        self.on_progress = on_progress
        self.clock = clock
        self.start = clock()

    def eta(self, fraction: float, elapsed: float) -> float | None:
        """Seconds left by linear extrapolation; None before anything is done."""
        if fraction <= 0:
            return None
        return max(0.0, elapsed * (1.0 - fraction) / fraction)

    def update(self, fraction: float) -> bool:
        if self.on_progress is None:
            return False
        fraction = min(max(float(fraction), 0.0), 1.0)
        elapsed = self.clock() - self.start
        event = Progress("stage", self.message, fraction=fraction, elapsed=elapsed,
                         eta=self.eta(fraction, elapsed))
        return report(self.on_progress, event)
