"""Compiled sparse × sparse product with top-k per row, for kNN on sparse data.

``product_top_k(a, b, k, skip=...)`` returns, for every row r of ``a``, the ``k`` largest positive
entries of ``a[r] @ b`` — never building the product row as a sparse matrix or a dense block. The
product and the per-row selection are sparse_dot_topn's ``sp_matmul_topn`` (precompiled C++,
nothing is compiled on the user's machine; importing it costs ~0.06 s and a few MB, where numba
cost 8-45 s to compile once and ~100 MB of LLVM). It holds the GIL while it runs, so the worker
threads of ``core.models.similarity.map_batches`` cannot overlap two calls: each call splits its
own rows over ``THREADS`` OpenMP threads instead (measured on the shop shape, 2 cores: one call
0.91 → 0.47 s; two worker threads each calling it single-threaded took as long as one). For the
same reason, when an interactive front end asks for it (``core.gil_budget``: the desktop app
does), a batch is cut into calls of about that many seconds each (``next_call_work``): the GUI
thread waits for the GIL as long as one call lasts (a 1,000-row call of user-kNN on the shop shape
froze a ticking thread for 0.5 s). Scripts keep one call per batch: short calls cost up to 2x on
a busy machine (measured on the ML-1M shape at load ~3).

What sparse_dot_topn does not do is done around it, exactly:

- ``skip`` (CSR, same rows as ``a``: a row's own column, items already seen) — the product is
  taken as ``[a | big·skip] @ [b ; −I]``, so a skipped entry is pushed below 0 and dropped by the
  positive threshold (``big`` per row exceeds any product value of that row). When ``skip``
  stores exactly ``a``'s entries (recommending: the user's own items) and ``b`` is square, −big
  sits on ``b``'s diagonal instead (``DIAGONAL_RATIO``): no stacked left operand to build per
  call. Either way the other columns get the same sums in the same order, and skipped columns
  never reach the top-k (ranked by value only), so the results are the same bits.
- Ties (very common on sparse data: items with the same few users) go to the lower column:
  sparse_dot_topn compares values only, so the product runs in float64 with column j of ``b``
  scaled by 1 + ``TIE_BREAK`` · (n − j) / n. Equal values then rank by column; values that
  differ by more than ``TIE_BREAK`` (relative) keep their order — float32 results, the
  precision kNN works in, differ by at least ~6e-8 when they differ at all. The kept values
  are divided back by the same factor.

Overlap-based options (jaccard, shrinkage, a minimum overlap) are not products of the inputs;
``core.models.similarity`` computes those with scipy. When sparse_dot_topn is missing,
``available()`` is False and callers use the numpy/scipy path (tests check both agree).
"""

from __future__ import annotations

import functools
import os
import time
import weakref
from typing import Any

import numpy as np
import scipy.sparse as sp

from core import gil_budget
from core.models.sparse_similarity import sparse_cost

DTYPE = np.float32
TIE_BREAK = 1e-8
THREADS = max(1, min(4, os.cpu_count() or 1))
# With a GIL budget (``core.gil_budget``) calls start this small and grow to fit the budget.
FIRST_CALL_WORK = 2e5
# Fewer rows than this per thread run on one thread: OpenMP's start and barrier cost more than
# they save on a few rows, several times more when other processes share the cores (measured:
# 5-row calls on two threads 3x slower than on one, 100-row calls as fast).
MIN_ROWS_PER_THREAD = 16
# Calls with less work than this (multiply-adds, ~1 ms on one core) run on one thread too: a
# thread of the team that another process has descheduled holds the call at OpenMP's barrier for
# a scheduler slice (measured ~12 ms per call on a busy 2-core machine for calls of ~0.4 M); on a
# quiet machine the team costs tens of microseconds, so calls of 0.4 M still gain from it.
PARALLEL_MIN_WORK = 2.5e5
# A skip list storing exactly the left operand's entries (recommending: the user's own items)
# goes on a square right operand's diagonal as −big, big = 2 · this · max|b| + 1, when every
# row's Σ|a| is within this many times its smallest value (binary rows: up to 2^20 items);
# other rows stack ``[a | big·skip] @ [b ; −I]``. The product of the other columns is the same
# sums either way; the diagonal saves building the stacked left operand of every call.
DIAGONAL_RATIO = float(2**20)


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


class _Right:
    """``b`` in float64 with columns scaled by the tie-break factors, and its two skip forms
    (built on first use with a skip list): ``[b ; −I]``, and for a square ``b`` the same with
    −``big`` added on the diagonal instead (see ``product_top_k``)."""

    def __init__(self, b: sp.csr_matrix, scaled: np.ndarray | None = None):
        b = sp.csr_matrix(b)
        self.scale = tie_scale(b.shape[1])
        nnz = b.nnz
        if scaled is None:
            scaled = stack_buffer(b)
            # (mode "clip": indices are in range, and the default "raise" writes through a
            # temporary as large as the output)
            np.take(self.scale, b.indices, out=scaled[:nnz], mode="clip")
            scaled[:nnz] *= b.data
        # with room for ``stacked``'s −1 entries, ``b``'s values are the first part of its data
        self._stack_data = scaled if len(scaled) == stack_size(b) else None
        self.b = sp.csr_matrix((scaled[:nnz], b.indices, b.indptr), shape=b.shape)
        self._stacked: sp.csr_matrix | None = None
        self._diagonal: sp.csr_matrix | None = None
        # seconds per unit of work of the latest call against this operand (sizes the first
        # call of the next batch under a GIL budget)
        self.pace: float | None = None

    @functools.cached_property
    def max_abs(self) -> float:
        """The largest |value| of ``b`` (sizes the skip's −big; products without one skip it)."""
        data = self.b.data
        return max(float(data.max()), -float(data.min())) if len(data) else 0.0

    @property
    def big(self) -> float:
        return 2.0 * DIAGONAL_RATIO * self.max_abs + 1.0

    @property
    def square(self) -> bool:
        return self.b.shape[0] == self.b.shape[1]

    @property
    def diagonal(self) -> sp.csr_matrix:
        """``b`` with an entry −``big`` appended to each row i, in column i."""
        if self._diagonal is None:
            b, n = self.b, self.b.shape[0]
            index = b.indices.dtype if b.nnz + n < 2**31 else np.int64
            indptr = (b.indptr + np.arange(n + 1)).astype(index)
            last = indptr[1:] - 1  # each row's new last entry
            stored = np.ones(b.nnz + n, dtype=bool)
            stored[last] = False
            indices = np.empty(b.nnz + n, dtype=index)
            indices[stored], indices[last] = b.indices, np.arange(n)
            data = np.empty(b.nnz + n)
            data[stored], data[last] = b.data, -self.big
            self._diagonal = sp.csr_matrix((data, indices, indptr), shape=b.shape)
        return self._diagonal

    @property
    def stacked(self) -> sp.csr_matrix:
        if self._stacked is None:
            b, n = self.b, self.b.shape[1]
            index = b.indices.dtype if b.nnz + n < 2**31 else np.int64
            indptr = np.concatenate([b.indptr, b.nnz + np.arange(1, n + 1)], dtype=index)
            indices = np.concatenate([b.indices, np.arange(n)], dtype=index)
            data = self._stack_data
            if data is None:
                data = np.concatenate([b.data, np.empty(n)])
            data[b.nnz:] = -1.0
            self._stacked = sp.csr_matrix((data, indices, indptr), shape=(b.shape[0] + n, n))
        return self._stacked


def stack_size(b: sp.spmatrix) -> int:
    """Entries of ``b``'s stacked skip form ``[b ; −I]`` (see ``product_top_k``)."""
    return b.nnz + b.shape[1]


def stack_buffer(b: sp.spmatrix) -> np.ndarray:
    """An uninitialised float64 array for ``b``'s scaled values (the first ``b.nnz``) with room
    for its stacked skip form: passed to ``prepare`` as ``scaled``, the stacked form shares it
    instead of copying every value (8 bytes per stored entry: 160 MB at 2·10^7)."""
    return np.empty(stack_size(b))


def tie_scale(n: int) -> np.ndarray:
    """The factor of each of ``n`` columns: 1 + ``TIE_BREAK`` · (n − j) / n (module docstring)."""
    return 1.0 + TIE_BREAK * (n - np.arange(n, dtype=np.float64)) / max(n, 1)


_PREPARED: dict[int, tuple[weakref.ref, _Right]] = {}


def _prepared(b: sp.csr_matrix, scaled: np.ndarray | None = None) -> _Right:
    """``b`` prepared once per matrix object (kNN reuses one right operand for every batch).
    The prepared operand shares ``b``'s index arrays: ``b`` must not change afterwards."""
    key = id(b)
    hit = _PREPARED.get(key)
    if hit is not None and hit[0]() is b:
        return hit[1]
    right = _Right(b, scaled)
    try:
        ref = weakref.ref(b, lambda _, key=key: _PREPARED.pop(key, None))
    except TypeError:  # not weak-referenceable: prepared per call
        return right
    _PREPARED[key] = (ref, right)
    return right


def prepare(b: sp.csr_matrix, skip: bool = True, scaled: np.ndarray | None = None) -> None:
    """Prepare ``b`` as a right operand now (with ``skip``: its skip form too), so that this
    one-off cost does not land in the first batch of a timed stage (and its ETA). ``scaled``:
    ``b``'s values in float64 times ``tie_scale`` of their columns, when the caller has them
    (in a ``stack_buffer``: then the stacked form shares them)."""
    right = _prepared(b, scaled)
    if skip:
        right.stacked  # noqa: B018  (built on first use)
        if right.square:
            right.diagonal  # noqa: B018


def product_top_k(
    a: sp.csr_matrix, b: sp.csr_matrix, k: int, *, skip: sp.csr_matrix | None = None,
    costs: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Per row of ``a @ b``: (columns, values) of the ``k`` largest positive entries, best first,
    ties to the lower column; entries stored in ``skip`` are left out. Rows with fewer are padded
    with -1 / 0. Pass the same ``b`` object for many batches: it is prepared once. ``costs``:
    ``sparse_cost(a, b)`` when the caller has it (it sizes the calls and balances the threads)."""
    right = _prepared(b)
    a = sp.csr_matrix(a)
    n_rows = a.shape[0]
    idx = np.full((n_rows, k), -1, dtype=np.int64)
    val = np.zeros((n_rows, k), dtype=DTYPE)
    if n_rows == 0 or k <= 0 or a.nnz == 0 or right.b.nnz == 0:
        return idx, val
    costs = sparse_cost(a, right.b) if costs is None else np.asarray(costs, dtype=np.float64)
    rhs, big = right.b, None
    if skip is not None and sp.csr_matrix(skip).nnz:
        skip = sp.csr_matrix(skip)
        costs = costs + np.diff(skip.indptr)  # one multiply-add per skipped entry
        if _on_diagonal(a, skip, right):
            rhs = right.diagonal
        else:
            big = 2.0 * _row_l1(a) * right.max_abs + 1.0
            rhs = right.stacked
    ends = np.cumsum(costs)
    budget = gil_budget.call_seconds()
    work, start = np.inf, 0
    if budget:  # the first call sized by the pace of the latest batch against ``b``, if any
        work = FIRST_CALL_WORK if right.pace is None else max(budget / right.pace, 1e4)
    while start < n_rows:
        base = ends[start - 1] if start else 0.0
        stop = min(max(int(np.searchsorted(ends, base + work, side="right")), start + 1), n_rows)
        parallel = (stop - start >= THREADS * MIN_ROWS_PER_THREAD
                    and ends[stop - 1] - base >= PARALLEL_MIN_WORK)
        threads = THREADS if parallel else 1
        part = _left_operand(a, skip if big is not None else None, big, slice(start, stop))
        rows_of_call = np.arange(start, stop)
        if threads > 1:  # each thread's rows: a block of about the same work
            own = costs[start:stop]  # plus each row's candidates (at most one per column)
            part, at = padded_blocks(part, own + np.minimum(own, b.shape[1]), threads)
            rows_of_call = np.zeros(part.shape[0], dtype=np.int64)
            rows_of_call[at] = np.arange(start, stop)
        began = time.perf_counter()
        kept = sp.csr_matrix(_matmul_topn()(part, rhs, top_n=k, threshold=0.0, sort=True,
                                            n_threads=threads if threads > 1 else None))
        if budget:
            done, took = ends[stop - 1] - base, time.perf_counter() - began
            if done > 0 and took > 0:
                right.pace = took / done
            work = next_call_work(work, done, took, budget)
        counts = np.diff(kept.indptr)
        rows = np.repeat(rows_of_call, counts)
        rank = np.arange(kept.nnz) - np.repeat(kept.indptr[:-1], counts)
        idx[rows, rank] = kept.indices
        val[rows, rank] = kept.data / right.scale[kept.indices]
        start = stop
    return idx, val


def _on_diagonal(a: sp.csr_matrix, skip: sp.csr_matrix, right: _Right) -> bool:
    """Whether ``skip`` can be applied by ``right.diagonal`` instead of stacking: it stores
    exactly ``a``'s entries (a user's own items when recommending), ``b`` is square and every
    row's Σ|a| / its smallest value is within ``DIAGONAL_RATIO``, so that a skipped column's
    a·(−big) outweighs everything else the row adds to it (checked on the bound longest row ×
    largest value first: rows of ones need no sums)."""
    if not right.square or a.nnz != skip.nnz or not a.nnz:
        return False
    if not (_same(a.indptr, skip.indptr) and _same(a.indices, skip.indices)):
        return False
    smallest = float(a.data.min())
    if smallest <= 0:
        return False
    bound = float(np.diff(a.indptr).max()) * float(a.data.max())
    return bound <= DIAGONAL_RATIO * smallest or (
        float(_row_l1(a).max()) <= DIAGONAL_RATIO * smallest)


def _same(x: np.ndarray, y: np.ndarray) -> bool:
    """Equal arrays (the same array object, shared by a row's weights and its skip list, at
    once)."""
    return x is y or np.array_equal(x, y)


def _row_l1(a: sp.csr_matrix) -> np.ndarray:
    """Per row of ``a``: the sum of its absolute values (float64)."""
    summed = sp.csr_matrix((np.abs(a.data).astype(np.float64), a.indices, a.indptr),
                           shape=a.shape)
    return summed @ np.ones(a.shape[1])


def _left_operand(
    a: sp.csr_matrix, skip: sp.csr_matrix | None, big: np.ndarray | None,
    rows: np.ndarray | slice,
) -> sp.csr_matrix:
    """``[a | big·skip]`` (row r of ``skip`` valued ``big[r]``) restricted to ``rows``, in
    float64: the left operand of one compiled call."""
    whole = isinstance(rows, slice) and rows.start == 0 and rows.stop == a.shape[0]
    part = sp.csr_matrix(a if whole else a[rows], dtype=np.float64)
    if skip is None:
        return part
    skipped = sp.csr_matrix(skip[rows], dtype=np.float64, copy=True)
    skipped.data[:] = np.repeat(big[rows], np.diff(skipped.indptr))
    return sp.csr_matrix(sp.hstack([part, skipped], format="csr"))


def next_call_work(work: float, done: float, seconds: float, budget: float) -> float:
    """Multiply-adds for the next compiled call, so that it lasts about ``budget`` seconds: the
    compiled product holds the GIL for a whole call, and the window's thread waits for the
    longest one. The cost of a multiply-add varies ~10x with the shape (cache misses on wide
    rows, the top-k of many candidates), so it is measured on the calls made so far."""
    if done <= 0 or seconds <= 0:
        return work * 2
    return float(min(max(budget * done / seconds, 1e4), work * 4))


def padded_blocks(
    m: sp.csr_matrix, costs: np.ndarray, threads: int
) -> tuple[sp.csr_matrix, np.ndarray]:
    """``m``'s rows cut into ``threads`` consecutive blocks of about equal ``costs``, each padded
    with empty rows to the longest block's length; returns (padded rows, each row's position).

    OpenMP's static schedule hands thread t the t-th of ``threads`` equal runs of rows, so each
    thread gets one block: about the same work (row costs on Zipf-like data differ by orders of
    magnitude: popular items), without moving any entry — only the row pointers are new, the
    empty rows cost nothing, and every row is computed as it would be alone.
    """
    n = m.shape[0]
    ends = np.cumsum(costs, dtype=np.float64)
    middles = ends - 0.5 * np.asarray(costs, dtype=np.float64)
    cuts = np.searchsorted(middles, ends[-1] * np.arange(1, threads) / threads)
    starts = np.concatenate([[0], cuts])
    lengths = np.diff(np.concatenate([starts, [n]]))
    longest = int(lengths.max())
    at = np.arange(n) + np.repeat(np.arange(threads) * longest - starts, lengths)
    counts = np.zeros(threads * longest, dtype=np.int64)
    counts[at] = np.diff(m.indptr)
    indptr = np.zeros(threads * longest + 1, dtype=m.indptr.dtype)
    np.cumsum(counts, out=indptr[1:])
    out = sp.csr_matrix((m.data, m.indices, indptr), shape=(threads * longest, m.shape[1]))
    return out, at


def to_csr(idx: np.ndarray, val: np.ndarray, n_cols: int) -> sp.csr_matrix:
    """The (columns, values) rows of ``product_top_k`` as sorted CSR."""
    keep = idx >= 0
    counts = keep.sum(axis=1)
    indptr = np.zeros(len(idx) + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    out = sp.csr_matrix((val[keep], idx[keep], indptr), shape=(len(idx), n_cols))
    out.sort_indices()
    return out


def without_columns(
    idx: np.ndarray, val: np.ndarray, columns: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """``product_top_k`` rows of k + 1 with row r's column ``columns[r]`` left out: the ``k``
    best of the rest (the first k where that column is not among them), -1 / 0 padded."""
    at = idx == np.asarray(columns)[:, None]
    # per row: where its own column is (k + 1 when absent); later entries move up one place
    own = np.where(at.any(axis=1), at.argmax(axis=1), idx.shape[1])
    shift = (np.arange(k)[None, :] >= own[:, None]).astype(np.intp)
    take = np.arange(k)[None, :] + shift
    return (np.take_along_axis(idx, take, axis=1), np.take_along_axis(val, take, axis=1))


def diagonal_skip(columns: np.ndarray, n_cols: int) -> sp.csr_matrix:
    """CSR with one entry per row r at column ``columns[r]`` (skipped when negative)."""
    columns = np.asarray(columns)
    keep = columns >= 0
    indptr = np.zeros(len(columns) + 1, dtype=np.int64)
    np.cumsum(keep, out=indptr[1:])
    return sp.csr_matrix((np.ones(int(keep.sum()), dtype=DTYPE), columns[keep], indptr),
                         shape=(len(columns), n_cols))
