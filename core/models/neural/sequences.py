"""Each user's items in time order, and the fixed-length windows a sequence model reads.

Pure numpy (no TensorFlow): ``time_order`` sorts every user's stored entries by timestamp (ties in
a seeded random order, as leave-last-out does for tables without an input order),
``sequence_windows`` cuts the sorted rows into (previous ``length`` items → next item) training
pairs, ``next_items`` gives each pair's target and the items that followed it (Caser's T
targets), and ``last_items`` gives each user's latest ``length`` items — what the model reads when
it scores the user. Windows are left-padded with ``pad`` (an index past the last item) where a user
has fewer earlier items.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp


def time_order(
    matrix: sp.csr_matrix, timestamps: np.ndarray, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rows, items, rank) of every entry sorted by user, then time (oldest first).

    ``rank`` is the entry's 0-based position in its user's sequence.
    """
    m = sp.csr_matrix(matrix)
    counts = np.diff(m.indptr)
    rows = np.repeat(np.arange(m.shape[0], dtype=np.int64), counts)
    tie = np.random.default_rng(seed).random(m.nnz)
    order = np.lexsort((tie, np.asarray(timestamps, dtype=np.float64), rows))
    starts = np.repeat(m.indptr[:-1], counts)
    return rows[order], m.indices[order].astype(np.int64), np.arange(m.nnz) - starts


def sequence_windows(
    matrix: sp.csr_matrix, timestamps: np.ndarray, length: int, pad: int, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(users, windows, targets): one pair per entry that has at least one earlier entry.

    ``windows[k]`` holds the ``length`` items the user had just before ``targets[k]``, oldest
    first, left-padded with ``pad``.
    """
    rows, items, rank = time_order(matrix, timestamps, seed)
    positions = np.flatnonzero(rank >= 1)
    out = np.full((len(positions), length), pad, dtype=np.int64)
    for back in range(1, length + 1):
        ok = rank[positions] >= back
        out[ok, length - back] = items[positions[ok] - back]
    return rows[positions], out, items[positions]


def next_items(
    matrix: sp.csr_matrix, timestamps: np.ndarray, count: int, pad: int, seed: int = 0
) -> np.ndarray:
    """(n_windows × ``count``): for each pair of ``sequence_windows`` (same order, same seed), its
    target and the ``count`` − 1 items that followed it, right-padded with ``pad`` where the
    user's sequence ends sooner."""
    rows, items, rank = time_order(matrix, timestamps, seed)
    positions = np.flatnonzero(rank >= 1)
    out = np.full((len(positions), count), pad, dtype=np.int64)
    for ahead in range(count):
        later = positions + ahead
        ok = later < len(items)
        ok[ok] = rows[later[ok]] == rows[positions[ok]]
        out[ok, ahead] = items[later[ok]]
    return out


def last_items(
    matrix: sp.csr_matrix, timestamps: np.ndarray, length: int, pad: int, seed: int = 0
) -> np.ndarray:
    """(n_users × ``length``): each user's latest ``length`` items, oldest first, left-padded."""
    m = sp.csr_matrix(matrix)
    _, items, _ = time_order(m, timestamps, seed)
    counts = np.diff(m.indptr)
    out = np.full((m.shape[0], length), pad, dtype=np.int64)
    for back in range(1, length + 1):
        ok = counts >= back
        out[ok, length - back] = items[m.indptr[1:][ok] - back]
    return out
