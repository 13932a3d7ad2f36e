"""Stage progress with elapsed time and an ETA, for long loops over batches (or bytes).

``StageTimer(message, on_progress).update(fraction)`` sends ``Progress("stage", ...)`` with the
seconds elapsed since the timer started and an ETA from ``RecentRate``; it returns True when the
caller asked to stop. ``clock`` is injectable so tests can feed it fake times.

Why not plain linear extrapolation (elapsed × remaining / done)? Measured on the benchmark
shapes (``benchmarks.eta_tasks``), a stage's first batches often pay one-off costs — threads
starting, memory touched for the first time (the second batch of an evaluation is as slow as
the first), TensorFlow tracing its step — and on a shared machine single batches stall while
another job runs. Extrapolating from the start carries those for the whole stage. So
``RecentRate`` takes the *pace* (seconds per unit of work) of each interval between reports,
and uses the work-weighted median pace over the recent three quarters of the work done: a few
slow intervals do not move a median, and a lasting change of speed (the machine freed or taken)
is followed once it covers half of the window. The start itself (the time before the first
report, which holds whatever set-up the stage did) never counts unless the caller says it is
plain work (``trust_start``), and there is no ETA (``None``: the GUI shows "estimating…") until
``MIN_INTERVALS`` intervals have been timed.

``fraction`` must measure *work*, not batches, when batches cost differently: ``WorkMeter``
turns per-unit cost estimates (cumulated) into the fraction after each unit, keeping a share for
the steps after the loop.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from core.progress import Progress, ProgressCallback, report

WINDOW = 0.75  # the pace is measured over the recent three quarters of the work done
MIN_INTERVALS = 2  # timed intervals between reports before there is an ETA


class RecentRate:
    """ETA from the median pace over the recent work (see the module docstring).

    ``update(elapsed, fraction)`` returns the seconds left, or None without enough evidence.
    """

    def __init__(self, trust_start: bool = False, window: float = WINDOW,
                 min_intervals: int = MIN_INTERVALS):
        self.trust_start = trust_start
        self.window = window
        self.min_intervals = min_intervals
        self._points: list[tuple[float, float]] = [(0.0, 0.0)]  # (elapsed, fraction)

    def update(self, elapsed: float, fraction: float) -> float | None:
        if fraction >= 1.0:
            self._points.append((elapsed, 1.0))
            return 0.0
        if fraction > self._points[-1][1]:
            self._points.append((elapsed, fraction))
        first = 0 if self.trust_start else 1
        last = len(self._points) - 1
        if fraction <= 0 or last - first < self.min_intervals:
            return None
        # the window: from the latest report at most (1 - window) × fraction, keeping at least
        # ``min_intervals`` intervals
        limit = fraction * (1.0 - self.window)
        ref = first
        for i in range(first + 1, last):
            if self._points[i][1] > limit:
                break
            ref = i
        ref = min(ref, last - self.min_intervals)
        pace = median_pace(self._points[ref:])
        if pace is None:
            return None
        # time since the latest report (the same fraction reported again) counts as spent
        return max(0.0, pace * (1.0 - self._points[-1][1]) - (elapsed - self._points[-1][0]))


def median_pace(points: list[tuple[float, float]]) -> float | None:
    """The work-weighted (lower) median of the seconds per unit of work between consecutive
    ``(elapsed, fraction)`` points; None when no work or time lies between them."""
    t, f = np.asarray(points, dtype=np.float64).T
    dt, df = np.diff(t), np.diff(f)
    ok = df > 0
    if not ok.any():
        return None
    paces, weights = dt[ok] / df[ok], df[ok]
    order = np.argsort(paces, kind="stable")
    cumulative = np.cumsum(weights[order])
    pace = float(paces[order][np.searchsorted(cumulative, 0.5 * cumulative[-1])])
    return pace if pace > 0 else None


class StageTimer:
    def __init__(self, message: str, on_progress: ProgressCallback | None,
                 clock: Callable[[], float] = time.perf_counter, trust_start: bool = False,
                 started: float | None = None):
        """``started``: when the stage's work began on ``clock``, if before now."""
        self.message = message
        self.on_progress = on_progress
        self.clock = clock
        self.start = clock() if started is None else started
        self.estimator = RecentRate(trust_start)

    def update(self, fraction: float) -> bool:
        if self.on_progress is None:
            return False
        fraction = min(max(float(fraction), 0.0), 1.0)
        elapsed = self.clock() - self.start
        event = Progress("stage", self.message, fraction=fraction, elapsed=elapsed,
                         eta=self.estimator.update(elapsed, fraction))
        return report(self.on_progress, event)


class WorkMeter:
    """Fraction of a stage done after each unit (row, batch...), from estimated unit costs.

    ``costs[i]`` is unit i's estimated work (any unit: multiply-adds, rows...); ``tail`` is the
    share of the whole stage kept for the steps after the loop (assembling the result), so the
    bar ends the loop at ``1 - tail``.
    """

    def __init__(self, costs: np.ndarray, tail: float = 0.0):
        costs = np.maximum(np.asarray(costs, dtype=np.float64), 0.0)
        self._done = np.cumsum(costs)
        total = self._done[-1] if len(self._done) else 0.0
        if total <= 0:  # nothing to tell the units apart: all alike
            self._done = np.arange(1, len(costs) + 1, dtype=np.float64)
            total = max(float(len(costs)), 1.0)
        self._scale = (1.0 - tail) / total

    def after(self, unit: int) -> float:
        """The fraction of the stage done once units 0..``unit`` are."""
        return float(self._done[unit] * self._scale)


class StepMeter:
    """Progress of a stage made of a few steps whose relative costs are known (``shares``, in
    the order they run): ``done(step)`` reports the shares of the steps done so far. The first
    step is plain work (``trust_start``), so there is an ETA once two steps are done."""

    def __init__(self, message: str, on_progress: ProgressCallback | None,
                 shares: dict[str, float], clock: Callable[[], float] = time.perf_counter,
                 started: float | None = None):
        self.timer = StageTimer(message, on_progress, clock, trust_start=True, started=started)
        self.work = WorkMeter(np.fromiter(shares.values(), dtype=np.float64))
        self.position = {step: i for i, step in enumerate(shares)}

    def done(self, step: str) -> bool:
        """Report ``step`` done; True when the caller asked to stop."""
        return self.timer.update(self.work.after(self.position[step]))
