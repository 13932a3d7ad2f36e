"""Large zeroed arrays whose memory is written before the work that fills them, in parts, with
progress and a way to stop.

Why: the first write of a page of memory can cost far more than the work done in it, and not
evenly. On the benchmark machine (a virtual machine whose host backs its memory lazily and takes
freed memory back within ~20-60 s) the first write of a page not used recently cost ~2.5 s per
GiB, against ~0.13 s per GiB for pages reused a moment ago (measured: ``np.ones(2**27)``, 2.8 s
then 0.13 s in one process; after 60 s idle, 3.1 s again). A stage that filled a new GB-sized
array (EASE's Gram matrix or its weights) changed pace up to 8x mid-way as the allocator moved
from reused to fresh pages, and its ETA could not follow. Written first, in a stage of its own
(its progress: bytes written), the memory is mapped before the arithmetic starts, which then runs
at an even pace. The total time is the same: every page is written once either way.

The arrays are allocated without numpy's huge-page advice, when numpy's private switch exists:
with it, writing EASE's Gram matrix took 0.2 s in one run and 1.5-1.8 s in the next at 10,000
items (the kernel compacts memory for huge pages once free ones run out).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

PART_BYTES = 32 << 20  # bytes written per part between reports


def touched_zeros(
    shapes: Sequence[tuple[tuple[int, ...], type]],
    on_fraction: Callable[[float], None] | None = None,
    stop: Callable[[], bool] | None = None,
) -> list[np.ndarray] | None:
    """A C-ordered array of zeros per ``(shape, dtype)``, every page written; ``on_fraction``
    is told the share of all their bytes written after each part, ``stop()`` asked before each
    (None is returned when it says so)."""
    arrays = [_empty_small_pages(shape, dtype) for shape, dtype in shapes]
    total = max(sum(a.nbytes for a in arrays), 1)
    done = 0
    for array in arrays:
        flat = array.reshape(-1)
        step = max(PART_BYTES // max(array.itemsize, 1), 1)
        for start in range(0, flat.size, step):
            if stop is not None and stop():
                return None
            part = flat[start:start + step]
            part[...] = 0
            done += part.nbytes
            if on_fraction is not None:
                on_fraction(done / total)
    return arrays


def _empty_small_pages(shape: tuple[int, ...], dtype: type) -> np.ndarray:
    """``np.empty`` without numpy's huge-page advice (see the module docstring)."""
    try:
        from numpy._core import multiarray
    except ImportError:  # another numpy layout: its default
        return np.empty(shape, dtype=dtype)
    switch = getattr(multiarray, "_set_madvise_hugepage", None)
    if switch is None:
        return np.empty(shape, dtype=dtype)
    before = switch(False)
    try:
        return np.empty(shape, dtype=dtype)
    finally:
        switch(before)
