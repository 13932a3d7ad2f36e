"""Compiled sparse × sparse product with top-k per row (numba), for kNN on sparse data.

``product_top_k(a, b, k, ...)`` returns, for every row r of ``a``, the ``k`` largest positive
entries of ``a[r] @ b`` — never building the product row as a sparse matrix or a dense block: one
dense accumulator of ``b``'s width per call, the touched columns listed, then a stable sort of
only those. It is what implicit's and sparse_dot_topn's C++ do; scipy's product builds the full
result first (two passes) and the top-k is then a sort over every stored entry.

Options reproduce ``core.models.similarity`` exactly: ``skip`` (CSR, same rows as ``a``) lists
columns a row must not get (itself, items already seen); ``overlap`` semantics (``min_overlap``,
``shrinkage``, jaccard) count shared entries in a second accumulator.

The kernel runs single-threaded with the GIL released (``nogil``); ``map_batches`` runs batches
in threads. Compiled once per install (``cache=True`` keeps the machine code on disk next to this
module, or in numba's user cache dir when that is read-only). When numba is missing or fails to
compile, ``available()`` is False and callers use the numpy/scipy path (tests check both agree).
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import scipy.sparse as sp

DOT, JACCARD = 0, 1


@functools.cache
def _kernel() -> Any:
    import numba

    @numba.njit(cache=True, nogil=True, inline="always")
    def _better(v1, c1, v2, c2):
        """(v1, c1) ranks before (v2, c2): larger value, then lower column."""
        return v1 > v2 or (v1 == v2 and c1 < c2)

    @numba.njit(cache=True, nogil=True)
    def _sift_up(hv, hc, i):
        while i > 0:
            parent = (i - 1) // 2
            if _better(hv[parent], hc[parent], hv[i], hc[i]):
                hv[parent], hv[i] = hv[i], hv[parent]
                hc[parent], hc[i] = hc[i], hc[parent]
                i = parent
            else:
                break

    @numba.njit(cache=True, nogil=True)
    def _sift_down(hv, hc, size):
        i = 0
        while True:
            left = 2 * i + 1
            worst = i
            if left < size and _better(hv[worst], hc[worst], hv[left], hc[left]):
                worst = left
            if left + 1 < size and _better(hv[worst], hc[worst], hv[left + 1], hc[left + 1]):
                worst = left + 1
            if worst == i:
                break
            hv[worst], hv[i] = hv[i], hv[worst]
            hc[worst], hc[i] = hc[i], hc[worst]
            i = worst

    @numba.njit(cache=True, nogil=True, fastmath=False)
    def kernel(a_ptr, a_idx, a_val, b_ptr, b_idx, b_val, n_cols, k, s_ptr, s_idx,
               kind, need_overlap, min_overlap, shrinkage, q_counts, r_counts):
        n_rows = len(a_ptr) - 1
        out_idx = np.full((n_rows, k), -1, dtype=np.int64)
        out_val = np.zeros((n_rows, k), dtype=np.float32)
        acc = np.zeros(n_cols, dtype=np.float64)
        cnt = np.zeros(n_cols, dtype=np.float64)
        mark = np.zeros(n_cols, dtype=np.bool_)
        touched = np.empty(n_cols, dtype=np.int64)
        skipped = np.zeros(n_cols, dtype=np.bool_)
        heap_v = np.empty(max(k, 1), dtype=np.float32)
        heap_c = np.empty(max(k, 1), dtype=np.int64)
        for r in range(n_rows):
            m = 0
            for p in range(a_ptr[r], a_ptr[r + 1]):
                s = a_idx[p]
                w = a_val[p]
                for q in range(b_ptr[s], b_ptr[s + 1]):
                    j = b_idx[q]
                    if not mark[j]:
                        mark[j] = True
                        touched[m] = j
                        m += 1
                    acc[j] += w * b_val[q]
                    cnt[j] += 1.0
            for p in range(s_ptr[r], s_ptr[r + 1]):
                skipped[s_idx[p]] = True
            size = 0  # heap of the best k so far; heap[0] is the worst of them
            for t in range(m):
                j = touched[t]
                o = cnt[j]
                v = o / (q_counts[r] + r_counts[j] - o) if kind == JACCARD else acc[j]
                if need_overlap:
                    if o < min_overlap:
                        v = 0.0
                    elif shrinkage > 0:
                        v *= o / (o + shrinkage)
                v = np.float32(v)
                if v <= 0 or skipped[j]:
                    continue
                if size < k:
                    heap_v[size] = v
                    heap_c[size] = j
                    size += 1
                    _sift_up(heap_v, heap_c, size - 1)
                elif _better(v, j, heap_v[0], heap_c[0]):
                    heap_v[0] = v
                    heap_c[0] = j
                    _sift_down(heap_v, heap_c, size)
            # best first: repeatedly move the worst to the end
            for end in range(size - 1, 0, -1):
                heap_v[0], heap_v[end] = heap_v[end], heap_v[0]
                heap_c[0], heap_c[end] = heap_c[end], heap_c[0]
                _sift_down(heap_v, heap_c, end)
            for c in range(size):
                out_idx[r, c] = heap_c[c]
                out_val[r, c] = heap_v[c]
            for t in range(m):
                j = touched[t]
                acc[j] = 0.0
                cnt[j] = 0.0
                mark[j] = False
            for p in range(s_ptr[r], s_ptr[r + 1]):
                skipped[s_idx[p]] = False
        return out_idx, out_val

    return kernel


@functools.cache
def available() -> bool:
    """Whether the compiled kernel can be used (numba importable and compiling)."""
    try:
        product_top_k(sp.csr_matrix(np.ones((1, 1))), sp.csr_matrix(np.ones((1, 1))), 1)
    except Exception:  # no numba, or it cannot compile here: the numpy path does the work
        return False
    return True


def product_top_k(
    a: sp.csr_matrix, b: sp.csr_matrix, k: int, *, skip: sp.csr_matrix | None = None,
    jaccard: bool = False, min_overlap: int = 1, shrinkage: float = 0.0,
    q_counts: np.ndarray | None = None, r_counts: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Per row of ``a @ b``: (columns, values) of the ``k`` largest positive entries, best first.

    Rows with fewer are padded with -1 / 0. ``jaccard`` (with the entry counts of each query row
    ``q_counts`` and each column ``r_counts``) turns overlaps into |a ∩ b| / |a ∪ b|; with
    ``min_overlap`` > 1 or ``shrinkage`` > 0 values are adjusted as in ``similarity._adjust``.
    """
    a = sp.csr_matrix(a, dtype=np.float32)
    b = sp.csr_matrix(b, dtype=np.float32)
    n_rows, n_cols = a.shape[0], b.shape[1]
    if skip is None:
        skip = sp.csr_matrix((n_rows, n_cols), dtype=np.float32)
    skip = sp.csr_matrix(skip)
    need_overlap = jaccard or min_overlap > 1 or shrinkage > 0
    q = np.zeros(n_rows) if q_counts is None else np.asarray(q_counts, dtype=np.float64)
    rc = np.zeros(n_cols) if r_counts is None else np.asarray(r_counts, dtype=np.float64)
    return _kernel()(
        a.indptr.astype(np.int64), a.indices.astype(np.int64), a.data,
        b.indptr.astype(np.int64), b.indices.astype(np.int64), b.data, n_cols, int(k),
        skip.indptr.astype(np.int64), skip.indices.astype(np.int64),
        JACCARD if jaccard else DOT, need_overlap, float(max(min_overlap, 1)), float(shrinkage),
        q, rc,
    )


def to_csr(idx: np.ndarray, val: np.ndarray, n_cols: int) -> sp.csr_matrix:
    """The (columns, values) rows of ``product_top_k`` as sorted CSR."""
    keep = idx >= 0
    counts = keep.sum(axis=1)
    indptr = np.zeros(len(idx) + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    out = sp.csr_matrix((val[keep], idx[keep], indptr), shape=(len(idx), n_cols))
    out.sort_indices()
    return out


def diagonal_skip(columns: np.ndarray, n_cols: int) -> sp.csr_matrix:
    """CSR with one entry per row r at column ``columns[r]`` (skipped when negative)."""
    columns = np.asarray(columns)
    keep = columns >= 0
    indptr = np.zeros(len(columns) + 1, dtype=np.int64)
    np.cumsum(keep, out=indptr[1:])
    return sp.csr_matrix((np.ones(int(keep.sum()), dtype=np.float32), columns[keep], indptr),
                         shape=(len(columns), n_cols))
