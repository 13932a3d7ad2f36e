"""Compiled sparse × sparse product with top-k per row, for kNN on sparse data.

``product_top_k(a, b, k, skip=...)`` returns, for every row r of ``a``, the ``k`` largest positive
entries of ``a[r] @ b`` — never building the product row as a sparse matrix or a dense block. The
product and the per-row selection are sparse_dot_topn's ``sp_matmul_topn`` (precompiled,
multi-threaded C++, releases the GIL; nothing is compiled on the user's machine, and importing it
costs ~0.06 s and a few MB, where numba cost 8-45 s to compile once and ~100 MB of LLVM).

What sparse_dot_topn does not do is done around it, exactly:

- ``skip`` (CSR, same rows as ``a``: a row's own column, items already seen) — the product is
  taken as ``[a | big·skip] @ [b ; −I]``, so a skipped entry is pushed below 0 and dropped by the
  positive threshold (``big`` per row exceeds any product value of that row).
- Ties: sparse_dot_topn keeps *some* of the entries tied at the k-th place. It is asked for
  ``k + margin`` entries; those are re-ranked (value, then the lower column); a row whose tie
  group may reach past what was kept is done again keeping all of its entries.

Overlap-based options (jaccard, shrinkage, a minimum overlap) are not products of the inputs;
``core.models.similarity`` computes those with scipy. When sparse_dot_topn is missing,
``available()`` is False and callers use the numpy/scipy path (tests check both agree).
"""

from __future__ import annotations

import functools
import weakref
from typing import Any

import numpy as np
import scipy.sparse as sp

from core.models.sparse_similarity import _ranked_entries

DTYPE = np.float32
MAX_TOP_N = 4096  # past this many kept per row, rows whose ties spill are ranked with scipy


@functools.cache
def _matmul_topn() -> Any:
    from sparse_dot_topn import sp_matmul_topn

    return sp_matmul_topn


@functools.cache
def available() -> bool:
    """Whether the compiled product can be used (sparse_dot_topn importable)."""
    try:
        _matmul_topn()
    except Exception:  # not installed (or broken): the numpy/scipy path does the work
        return False
    return True


def margin(k: int) -> int:
    """Extra entries asked per row beyond ``k``, so ties at the k-th place resolve exactly."""
    return k + 8


class _Right:
    """``b`` and ``[b ; −I]`` (the latter built on first use with a skip list)."""

    def __init__(self, b: sp.csr_matrix):
        self.b = sp.csr_matrix(b, dtype=DTYPE)
        self.max_abs = float(np.abs(self.b.data).max()) if self.b.nnz else 0.0
        self._stacked: sp.csr_matrix | None = None

    @property
    def stacked(self) -> sp.csr_matrix:
        if self._stacked is None:
            n = self.b.shape[1]
            minus_i = sp.csr_matrix((np.full(n, -1.0, dtype=DTYPE), np.arange(n),
                                     np.arange(n + 1)), shape=(n, n))
            self._stacked = sp.csr_matrix(sp.vstack([self.b, minus_i], format="csr"))
        return self._stacked


_PREPARED: dict[int, tuple[weakref.ref, _Right]] = {}


def _prepared(b: sp.csr_matrix) -> _Right:
    """``b`` prepared once per matrix object (kNN reuses one right operand for every batch)."""
    key = id(b)
    hit = _PREPARED.get(key)
    if hit is not None and hit[0]() is b:
        return hit[1]
    right = _Right(b)
    try:
        ref = weakref.ref(b, lambda _, key=key: _PREPARED.pop(key, None))
    except TypeError:  # not weak-referenceable: prepared per call
        return right
    _PREPARED[key] = (ref, right)
    return right


def product_top_k(
    a: sp.csr_matrix, b: sp.csr_matrix, k: int, *, skip: sp.csr_matrix | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Per row of ``a @ b``: (columns, values) of the ``k`` largest positive entries, best first,
    ties to the lower column; entries stored in ``skip`` are left out. Rows with fewer are padded
    with -1 / 0. Pass the same ``b`` object for many batches: it is prepared once."""
    right = _prepared(b)
    a = sp.csr_matrix(a, dtype=DTYPE)
    n_rows = a.shape[0]
    idx = np.full((n_rows, k), -1, dtype=np.int64)
    val = np.zeros((n_rows, k), dtype=DTYPE)
    if n_rows == 0 or k <= 0 or a.nnz == 0 or right.b.nnz == 0:
        return idx, val
    left, rhs = a, right.b
    if skip is not None and sp.csr_matrix(skip).nnz:
        skip = sp.csr_matrix(skip, dtype=DTYPE, copy=True)
        skip.data[:] = 1.0
        row_l1 = np.asarray(abs(a).sum(axis=1), dtype=np.float64).ravel()
        big = (2.0 * row_l1 * right.max_abs + 1.0).astype(DTYPE)
        skip.data *= np.repeat(big, np.diff(skip.indptr))
        left, rhs = sp.hstack([a, skip], format="csr"), right.stacked
    return _top_k_of(left, rhs, k, k + margin(k))


def _top_k_of(left: sp.csr_matrix, rhs: sp.csr_matrix, k: int,
              top_n: int) -> tuple[np.ndarray, np.ndarray]:
    """Exact top-k per row of ``left @ rhs`` from sparse_dot_topn's ``top_n`` per row: rows whose
    tie at the k-th place may reach past the kept entries are done again with all of theirs."""
    n_rows = left.shape[0]
    idx = np.full((n_rows, k), -1, dtype=np.int64)
    val = np.zeros((n_rows, k), dtype=DTYPE)
    kept = _matmul_topn()(left, rhs, top_n=top_n, threshold=0.0)
    rows, cols, vals = _ranked_entries(sp.csr_matrix(kept))
    starts = np.searchsorted(rows, np.arange(n_rows + 1))
    counts = np.diff(starts)
    rank = np.arange(len(rows)) - starts[rows]
    sel = rank < k
    idx[rows[sel], rank[sel]], val[rows[sel], rank[sel]] = cols[sel], vals[sel]
    full = np.flatnonzero(counts >= top_n)
    if len(full):
        # a full row whose k-th value equals its smallest kept one may have lost tied entries
        spilled = full[vals[starts[full] + k - 1] <= vals[starts[full] + counts[full] - 1]]
        if len(spilled) and top_n < MAX_TOP_N:  # again, keeping more of theirs
            idx[spilled], val[spilled] = _top_k_of(left[spilled], rhs, k, 8 * top_n)
        elif len(spilled):  # all their entries (scipy), skipped ones negative, ranked exactly
            product = sp.csr_matrix(left[spilled] @ rhs)
            s_rows, s_cols, s_vals = _ranked_entries(product)
            s_rank = np.arange(len(s_rows)) - np.searchsorted(s_rows, s_rows)
            s_sel = s_rank < k
            idx[spilled] = -1
            val[spilled] = 0
            at = spilled[s_rows[s_sel]], s_rank[s_sel]
            idx[at], val[at] = s_cols[s_sel], s_vals[s_sel]
    return idx, val


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
    return sp.csr_matrix((np.ones(int(keep.sum()), dtype=DTYPE), columns[keep], indptr),
                         shape=(len(columns), n_cols))
