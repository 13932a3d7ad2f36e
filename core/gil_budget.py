"""How long compiled code may hold the GIL in one call, when something else must stay responsive.

Some compiled kernels (sparse_dot_topn's product, ``core.models.knn_kernels``) hold Python's GIL for
a whole call. In a script that costs nothing, and fewer, larger calls are fastest. In the desktop
app the window's thread waits for the GIL as long as one call lasts while a model trains in the
worker thread, so the app asks for short calls (``set_call_seconds``) at start. This module has
no dependencies, so setting it costs the app's start nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

_call_seconds: float | None = None


def set_call_seconds(seconds: float | None) -> None:
    """Cut compiled work into calls of about ``seconds`` each (None: one call per batch)."""
    global _call_seconds
    if seconds is not None and seconds <= 0:
        raise ValueError(f"call seconds must be positive, got {seconds}")
    _call_seconds = seconds


def call_seconds() -> float | None:
    """The current budget per compiled call (None: no limit)."""
    return _call_seconds


# scipy's sparse × sparse product (it holds the GIL), per multiply-add: 1.3 s for 2.9·10^8 on
# the ML-1M shape's Gram matrix, 2 cores shared.
SCIPY_NS_PER_MULTIPLY_ADD = 4.5


def cut_by_cost(costs: Sequence[float], ns_per_unit: float = SCIPY_NS_PER_MULTIPLY_ADD,
                max_rows: int | None = None) -> list[tuple[int, int]]:
    """Row ranges ``(start, stop)`` covering ``len(costs)`` rows in order, each about the budget's
    seconds of work at ``ns_per_unit`` per unit of ``costs`` (at least one row; without a budget,
    one range), and at most ``max_rows`` rows each."""
    import numpy as np

    n = len(costs)
    rows = n if max_rows is None else max(1, max_rows)
    work = np.inf if _call_seconds is None else _call_seconds / (ns_per_unit * 1e-9)
    ends = np.cumsum(np.asarray(costs, dtype=np.float64))
    parts, start = [], 0
    while start < n:
        base = ends[start - 1] if start else 0.0
        stop = int(np.searchsorted(ends, base + work, side="right"))
        stop = min(max(stop, start + 1), start + rows, n)
        parts.append((start, stop))
        start = stop
    return parts
