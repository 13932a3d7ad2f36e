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
    from core.models._knn_numba import kernel

    return kernel


def loaded() -> bool:
    """Whether the kernel is already compiled or loaded in this process (using it is free)."""
    return available.cache_info().currsize > 0 and available()


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
