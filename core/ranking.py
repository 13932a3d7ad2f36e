"""Top-k selection over score matrices (shared by recommendation and evaluation)."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp


def mask_seen(scores: np.ndarray, seen: sp.csr_matrix) -> np.ndarray:
    """Set the scores of every stored entry of ``seen`` (same shape) to -inf, in place."""
    seen = sp.csr_matrix(seen)
    rows = np.repeat(np.arange(seen.shape[0]), np.diff(seen.indptr))
    scores[rows, seen.indices] = -np.inf
    return scores


def _lower_bound_of_kth(scores: np.ndarray, k: int) -> np.ndarray:
    """Per row, a value ≤ its ``k``-th largest score: the ``k``-th largest of its group maxima.

    Columns are dealt into ~8k groups (column j into group j mod n_groups, so the maxima are
    element-wise maxima of contiguous slices, which vectorise well). The ``k`` groups with the
    largest maxima each hold a score at least that high, so at least ``k`` scores are ≥ it; and
    with many more groups than ``k``, few others are.
    """
    n_rows, n_cols = scores.shape
    n_groups = min(n_cols, 8 * k)
    depth = n_cols // n_groups
    maxima = scores[:, : depth * n_groups].reshape(n_rows, depth, n_groups).max(axis=1)
    if depth * n_groups < n_cols:
        tail = scores[:, depth * n_groups:]
        maxima[:, : tail.shape[1]] = np.maximum(maxima[:, : tail.shape[1]], tail)
    return np.partition(maxima, n_groups - k, axis=1)[:, n_groups - k]


def top_k(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices and scores of the ``k`` highest scores of each row, best first.

    ``-inf`` scores (masked items) are never returned; rows with fewer than ``k`` finite scores
    are padded with index -1 and score -inf. Ties are broken by the lower item index.

    Only the candidates above a cheap per-row bound (``_lower_bound_of_kth``) are sorted: much
    faster than ``argpartition`` on real score rows, whose many near-equal values make it slow.
    Rows with fewer than ``k`` scores above their bound take the rest from the scores equal to
    it in index order, without sorting them: where most scores tie at the bound (0 for every
    item no neighbour scored, in user-kNN) sorting them all took most of an evaluation.
    """
    scores = np.atleast_2d(scores)
    n_rows, n_cols = scores.shape
    dtype = np.result_type(scores.dtype, np.float32)
    idx = np.full((n_rows, k), -1, dtype=np.int64)
    val = np.full((n_rows, k), -np.inf, dtype=dtype)
    k_eff = min(k, n_cols)
    if k_eff <= 0 or n_rows == 0:
        return idx, val
    bound = _lower_bound_of_kth(scores, k_eff)
    rows, cols = np.nonzero(scores > bound[:, None])
    values = scores[rows, cols]
    order = np.lexsort((cols, -values, rows))
    rows, cols, values = rows[order], cols[order], values[order]
    rank = np.arange(len(rows)) - np.searchsorted(rows, rows)
    keep = (rank < k_eff) & np.isfinite(values)
    idx[rows[keep], rank[keep]] = cols[keep]
    val[rows[keep], rank[keep]] = values[keep]
    above = np.bincount(rows, minlength=n_rows)
    short = np.flatnonzero((above < k_eff) & np.isfinite(bound))
    if len(short):
        _fill_from_floor(scores, bound, short, above[short], k_eff, idx, val)
    return idx, val


def _fill_from_floor(scores: np.ndarray, bound: np.ndarray, rows: np.ndarray, filled: np.ndarray,
                     k: int, idx: np.ndarray, val: np.ndarray) -> None:
    """Fill slots ``filled[i]..k-1`` of each row ``rows[i]`` with its scores equal to its bound,
    in index order. Columns are searched in growing chunks, since such ties are usually most of
    a row and the first few columns hold the ones needed."""
    start, width = 0, 8 * k
    n_cols = scores.shape[1]
    while len(rows) and start < n_cols:
        tie_rows, tie_cols = np.nonzero(
            scores[rows, start:start + width] == bound[rows, None])  # index order within rows
        tie_rank = np.arange(len(tie_rows)) - np.searchsorted(tie_rows, tie_rows)
        slot = filled[tie_rows] + tie_rank
        fill = slot < k
        target = rows[tie_rows[fill]]
        idx[target, slot[fill]] = tie_cols[fill] + start
        val[target, slot[fill]] = bound[target]
        filled = filled + np.bincount(tie_rows[fill], minlength=len(rows))
        left = filled < k
        rows, filled = rows[left], filled[left]
        start += width
        width *= 4
