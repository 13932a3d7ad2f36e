"""Row-to-row similarities for neighbourhood models, computed in batches over sparse rows.

Every function compares *query rows* with *reference rows* that share a column space (users over
items for user-kNN, items over users for item-kNN). Nothing dense larger than
``batch × n_reference`` is ever built.

- ``cosine``: a·b / (‖a‖ ‖b‖): rows scaled to unit length once, then one sparse product (the
  same result as scikit-learn's ``cosine_similarity``, which the tests compare against, without
  its seconds of import time and float64 copies).
- ``jaccard``: |a ∩ b| / |a ∪ b| on the stored entries (values ignored).
- ``pearson``: cosine after subtracting, from every stored rating, the mean of the ratings of the
  user who gave it (see ``center_by_user``). That is Pearson correlation for user-kNN and the
  "adjusted cosine" for item-kNN; it only makes sense for explicit ratings.

Then, with ``overlap`` = number of shared stored entries:
``shrinkage`` multiplies by overlap / (overlap + shrinkage) (distrusts similarities built on few
shared entries) and pairs with overlap < ``min_overlap`` get 0.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Literal, TypeVar

import numpy as np
import scipy.sparse as sp

from core.models.sparse_similarity import prefer_sparse, row_of_entries, sparse_cost
from core.models.split_product import SplitProduct
from core.ranking import top_k

SimilarityName = Literal["cosine", "jaccard", "pearson"]
Neighbourhood = Literal["top-k", "reverse", "mutual"]
SIMILARITIES: tuple[str, ...] = ("cosine", "jaccard", "pearson")
NEIGHBOURHOODS: tuple[str, ...] = ("top-k", "reverse", "mutual")
# Batches computed at once by ``map_batches``: scipy.sparse products, BLAS and numpy's partition
# release the GIL, so threads run them in parallel (each holds its own dense batch in memory).
# Meanwhile BLAS runs single-threaded: a multi-threaded BLAS call in every worker oversubscribes
# the cores (measured at ML-1M size on 2 cores: item-kNN fit 0.48 → 0.38 s, user-kNN top-10 for
# every user 1.03 → 0.76 s).
WORKERS = max(1, min(4, os.cpu_count() or 1))
T = TypeVar("T")
B = TypeVar("B")
# Reference columns shared by at least this fraction of references are multiplied densely (see
# ``core.models.split_product``); measured best at ML-1M size for both user and item similarities.
DENSE_FROM = 0.1
# "reverse" compares sim(u, v) with v's k-th largest, computed from v's side: the same number in
# exact arithmetic, summed in another order in float32. Within this slack they count as equal.
SLACK = 1e-6
GATHER_PART = 1 << 20  # entries gathered per part where an nnz-long temporary would be large


def center_by_user(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """Users × items ratings with each user's mean rating subtracted from their stored entries.

    Entries equal to their user's mean become explicit zeros (kept, so overlaps still count them).
    """
    m = sp.csr_matrix(matrix, dtype=np.float64, copy=True)
    counts = np.diff(m.indptr)
    sums = _row_sums(m, m.data)
    means = np.where(counts > 0, sums / np.maximum(counts, 1), 0.0)
    m.data -= np.repeat(means, counts)
    return m


def _row_sums(m: sp.csr_matrix, values: np.ndarray) -> np.ndarray:
    """Per row of ``m``: the sum of ``values`` (aligned with ``m.data``); 0 for empty rows.

    scipy's product with a vector of ones adds each row's values in stored order from 0, as a
    weighted ``bincount`` does (the same float64 sums), in one pass ~5x faster.
    """
    summed = sp.csr_matrix((np.asarray(values, dtype=np.float64), m.indices, m.indptr),
                           shape=m.shape)
    return summed @ np.ones(m.shape[1])


def _binary(m: sp.csr_matrix, dtype: type = np.float64) -> sp.csr_matrix:
    b = sp.csr_matrix(m, dtype=dtype, copy=True)
    b.data = np.ones_like(b.data)
    return b


def _unit_rows(m: sp.csr_matrix, dtype: type) -> sp.csr_matrix:
    """Rows scaled to unit length (all-zero rows stay zero), so cosine = a plain dot product."""
    m = sp.csr_matrix(m, dtype=dtype, copy=True)
    m.data *= np.repeat(_unit_scale(m), np.diff(m.indptr))
    return m


def _unit_scale(m: sp.csr_matrix) -> np.ndarray:
    """Per row of ``m``: 1 / its length (0 for all-zero rows), in ``m``'s dtype."""
    norms = np.sqrt(_row_sums(m, m.data.astype(np.float64) ** 2))
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    return scale.astype(m.dtype)


class Reference:
    """Reference rows prepared once (normalised, split for the product) for many query batches.

    ``Reference(rows, "cosine").similarities(query_rows)`` equals
    ``similarities(query_rows, rows, "cosine")`` in ``dtype`` (float32 by default: half the memory
    and time of float64, and ranking neighbours needs no more precision).
    """

    def __init__(
        self, reference: sp.csr_matrix, similarity: SimilarityName = "cosine",
        dtype: type = np.float32, transpose: sp.csr_matrix | None = None,
    ):
        """``transpose``: ``reference``'s transpose as CSR with sorted indices, when the caller
        has it anyway (item-kNN: the users × items table its item rows were transposed from),
        so that none is taken here."""
        if similarity not in SIMILARITIES:
            raise ValueError(f"unknown similarity {similarity!r}; choose one of {SIMILARITIES}")
        reference = sp.csr_matrix(reference)
        self.similarity = similarity
        self.dtype = dtype
        self.n = reference.shape[0]
        self._counts = np.diff(reference.indptr).astype(dtype)
        self._overlap: SplitProduct | None = None
        self._cosine: SplitProduct | None = None
        self._reference = reference
        if transpose is not None:
            transpose = sp.csr_matrix(transpose)
            if not transpose.has_sorted_indices:
                transpose = transpose.sorted_indices()
        self._transpose = transpose
        # entries per row of the transpose: what a query entry in that column costs to multiply
        self.shared_counts = (np.diff(transpose.indptr) if transpose is not None else
                              np.bincount(reference.indices, minlength=reference.shape[1]))
        self._dense_ready = False

    @functools.cached_property
    def _binary(self) -> sp.csr_matrix:
        return _binary(self._reference, self.dtype)

    @functools.cached_property
    def _binary_t(self) -> sp.csr_matrix:
        if self._transpose is not None:
            return _binary(self._transpose, self.dtype)
        return sp.csr_matrix(self._binary.T)

    @functools.cached_property
    def _ones(self) -> bool:
        """Whether every stored value is 1 (binary data): lengths are counts, unit values the
        scale itself (the same floats, without the passes over the entries)."""
        return bool(np.all(self._reference.data == 1))

    @functools.cached_property
    def _scale(self) -> np.ndarray:
        """Per reference row: 1 / its length (as ``_unit_scale``)."""
        if not self._ones:
            return _unit_scale(sp.csr_matrix(self._reference, dtype=self.dtype))
        norms = np.sqrt(np.diff(self._reference.indptr).astype(np.float64))  # √(Σ 1²)
        scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
        return scale.astype(self.dtype)

    @functools.cached_property
    def _unit(self) -> sp.csr_matrix:
        """The reference rows scaled to unit length (as ``_unit_rows``; shares the index
        arrays)."""
        m = self._reference
        scale = np.repeat(self._scale, np.diff(m.indptr))
        if self._ones:  # 1 × scale: the scale itself
            data = scale
        else:
            data = m.data.astype(self.dtype)
            data *= scale
        return sp.csr_matrix((data, m.indices, m.indptr), shape=m.shape)

    @functools.cached_property
    def _unit64(self) -> sp.csr_matrix:
        """``_unit`` in float64, the compiled product's left operand (built without the float32
        copy when the values are 1s)."""
        if "_unit" in self.__dict__ or not self._ones:
            return sp.csr_matrix(self._unit, dtype=np.float64)
        m = self._reference
        data = np.repeat(self._scale.astype(np.float64), np.diff(m.indptr))
        return sp.csr_matrix((data, m.indices, m.indptr), shape=m.shape)

    @functools.cached_property
    def _unit_t(self) -> sp.csr_matrix:
        """The transpose of ``_unit`` (the right operand of every product)."""
        if self._transpose is None:
            return sp.csr_matrix(self._unit.T)
        t = self._transpose
        return sp.csr_matrix((self._unit_t_values(), t.indices, t.indptr), shape=t.shape)

    def _unit_t_values(self) -> np.ndarray:
        """The values of ``_unit_t`` (in ``dtype``) from the given transpose, entry for entry:
        the same float products as scaling the reference's rows, without a transpose."""
        t = self._transpose
        if self._ones:
            return self._scale[t.indices]
        data = t.data.astype(self.dtype)
        data *= self._scale[t.indices]
        return data

    def _prepare_dense(self) -> None:
        if not self._dense_ready and self.similarity != "jaccard":
            self._cosine = SplitProduct.of(self._unit.T, self.dtype, DENSE_FROM)
        self._dense_ready = True

    def prefers_sparse(self, queries: sp.csr_matrix) -> bool:
        """Whether ``sparse_similarities`` is cheaper than ``similarities`` for these queries."""
        cost = float(sparse_cost(queries, self.shared_counts).sum())
        return prefer_sparse(cost, queries.shape[0], self.n)

    def prepare_compiled(self, skip: bool = True) -> None:
        """Build the compiled path's operand now (``knn_kernels.prepare``), not in a batch
        (``skip``: for ``top_k_similarities`` with ``exclude``; ``own_top_k`` needs none)."""
        from core.models import knn_kernels

        knn_kernels.prepare(self._compiled_right, skip)

    @functools.cached_property
    def _compiled_right(self) -> sp.csr_matrix:
        """The compiled product's right operand: ``_unit_t``, prepared for ``knn_kernels``
        (once). With the transpose given, a stand-in holding its entries' tie-broken float64
        values, computed in one gather and prepared from them: ``_unit_t`` itself is never
        built on the compiled path (only the scipy paths read it)."""
        from core.models import knn_kernels

        if self._transpose is None:
            return self._unit_t
        t, factors = self._transpose, knn_kernels.tie_scale(self.n)
        scaled = knn_kernels.stack_buffer(t)
        values = scaled[:t.nnz]
        if self._ones:  # unit values are the scale itself: one gather of scale × factor
            np.take(self._scale.astype(np.float64) * factors, t.indices, out=values,
                    mode="clip")  # (unbuffered, as in ``knn_kernels._Right``)
        else:
            values[...] = self._unit_t_values()
            for start in range(0, t.nnz, GATHER_PART):  # (no nnz-long gathered temporary)
                part = slice(start, start + GATHER_PART)
                values[part] *= factors[t.indices[part]]
        right = sp.csr_matrix((values, t.indices, t.indptr), shape=t.shape)
        knn_kernels.prepare(right, skip=False, scaled=scaled)  # (not scaled twice)
        return right

    def top_k_similarities(
        self, queries: sp.csr_matrix, k: int, *, shrinkage: float = 0.0, min_overlap: int = 1,
        exclude: np.ndarray | None = None, compiled: bool = True,
    ) -> sp.csr_matrix:
        """Each query's ``k`` most similar references (positive only) as CSR, by sparse products:
        the compiled product (``core.models.knn_kernels``) when ``compiled``, available and the
        similarity is a plain product (cosine, pearson; no shrinkage, no minimum overlap), else
        ``sparse_similarities`` then ``top_k_sparse``. Both equal ``keep_top_k`` of the dense
        similarities (``exclude`` as in ``sparse_similarities``)."""
        from core.models import knn_kernels
        from core.models.sparse_similarity import top_k_sparse

        queries = sp.csr_matrix(queries)
        need_overlap = self.similarity == "jaccard" or shrinkage > 0 or min_overlap > 1
        if need_overlap or not (compiled and knn_kernels.available()):
            sims = self.sparse_similarities(queries, shrinkage=shrinkage,
                                            min_overlap=min_overlap, exclude=exclude)
            return top_k_sparse(sims, k)
        skip = None if exclude is None else knn_kernels.diagonal_skip(exclude, self.n)
        idx, val = knn_kernels.product_top_k(_unit_rows(queries, self.dtype),
                                             self._compiled_right, k, skip=skip)
        return knn_kernels.to_csr(idx, val, self.n)

    def own_top_k(self, rows: np.ndarray, k: int, costs: np.ndarray | None = None
                  ) -> sp.csr_matrix:
        """``top_k_similarities(reference[rows], k, exclude=rows)`` on the compiled path (a plain
        product only): the reference's own rows, normalised once for every batch, and their own
        column dropped from the k + 1 best instead of skipped in the product (the other values
        are the same sums: no skip columns to stack on either operand). ``costs``: their
        ``sparse_cost`` against the reference, when the caller has it."""
        from core.models import knn_kernels

        rows = np.asarray(rows)
        queries = self._unit64
        if len(rows) and np.array_equal(rows, np.arange(rows[0], rows[0] + len(rows))):
            if len(rows) < self.n:  # a block of rows: a slice, not a gather
                queries = queries[int(rows[0]): int(rows[0]) + len(rows)]
        else:
            queries = queries[rows]
        idx, val = knn_kernels.product_top_k(queries, self._compiled_right, k + 1, costs=costs)
        idx, val = knn_kernels.without_columns(idx, val, rows, k)
        return knn_kernels.to_csr(idx, val, self.n)

    def sparse_similarities(
        self, queries: sp.csr_matrix, *, shrinkage: float = 0.0, min_overlap: int = 1,
        exclude: np.ndarray | None = None,
    ) -> sp.csr_matrix:
        """``similarities`` as CSR holding only pairs that share an entry (the rest are 0).

        ``exclude[r]`` (≥ 0) is a reference column removed from query row r (itself).
        """
        queries = sp.csr_matrix(queries)
        need_overlap = self.similarity == "jaccard" or shrinkage > 0 or min_overlap > 1
        overlap = None
        if need_overlap:
            overlap = sp.csr_matrix(_binary(queries, self.dtype) @ self._binary_t)
        if self.similarity == "jaccard":
            q_n = np.diff(queries.indptr).astype(self.dtype)
            rows = row_of_entries(overlap)
            union = q_n[rows] + self._counts[overlap.indices] - overlap.data
            sims = sp.csr_matrix((overlap.data / union, overlap.indices.copy(),
                                  overlap.indptr.copy()), shape=overlap.shape)
        else:
            sims = sp.csr_matrix(_unit_rows(queries, self.dtype) @ self._unit_t)
        if overlap is not None and (shrinkage > 0 or min_overlap > 1):
            o = overlap.data
            factor = np.where(o >= max(min_overlap, 1), 1.0, 0.0)
            if shrinkage > 0:
                factor *= o / (o + shrinkage)
            f = sp.csr_matrix((factor.astype(self.dtype), overlap.indices, overlap.indptr),
                              shape=overlap.shape)
            sims = sp.csr_matrix(sims.multiply(f))
        sims = sp.csr_matrix(sims, dtype=self.dtype)
        if exclude is not None:
            own = sims.indices == np.repeat(np.asarray(exclude), np.diff(sims.indptr))
            sims.data[own] = 0
        sims.eliminate_zeros()
        return sims

    def overlap(self, queries: sp.csr_matrix) -> np.ndarray:
        """Number of shared stored entries of each query with each reference row."""
        if self._overlap is None:
            self._overlap = SplitProduct.of(self._binary.T, self.dtype, DENSE_FROM)
        return self._overlap(_binary(queries, self.dtype))

    def similarities(
        self, queries: sp.csr_matrix, *, shrinkage: float = 0.0, min_overlap: int = 1
    ) -> np.ndarray:
        """Dense (n_queries × n_reference) similarities (see ``similarities``)."""
        queries = sp.csr_matrix(queries)
        self._prepare_dense()
        need_overlap = self.similarity == "jaccard" or shrinkage > 0 or min_overlap > 1
        overlap = self.overlap(queries) if need_overlap else None
        if self.similarity == "jaccard":
            q_n = np.diff(queries.indptr).astype(self.dtype)
            union = q_n[:, None] + self._counts[None, :] - overlap
            sims = np.divide(overlap, union, out=np.zeros_like(overlap), where=union > 0)
        else:
            sims = self._cosine(_unit_rows(queries, self.dtype))
        return _adjust(sims, overlap, shrinkage, min_overlap)


def similarities(
    queries: sp.csr_matrix,
    reference: sp.csr_matrix,
    similarity: SimilarityName = "cosine",
    *,
    shrinkage: float = 0.0,
    min_overlap: int = 1,
    dtype: type = np.float64,
) -> np.ndarray:
    """Dense (n_queries × n_reference) similarities; rows must already be centred for pearson.

    Pairs with no shared entry are always 0. For many batches against the same reference rows,
    build a ``Reference`` once instead.
    """
    return Reference(reference, similarity, dtype).similarities(
        queries, shrinkage=shrinkage, min_overlap=min_overlap
    )


def _adjust(
    sims: np.ndarray, overlap: np.ndarray | None, shrinkage: float, min_overlap: int
) -> np.ndarray:
    if overlap is None:  # no shared entry means a zero dot product already
        return sims
    sims[overlap < max(min_overlap, 1)] = 0.0
    if shrinkage > 0:
        sims *= overlap / (overlap + shrinkage)
    return sims


def keep_top_k(sims: np.ndarray, k: int) -> sp.csr_matrix:
    """Sparse copy of ``sims`` keeping only each row's ``k`` largest positive entries.

    Ties at the k-th place go to the lower column index (``core.ranking.top_k``).
    """
    cols, vals = top_k(sims, min(k, sims.shape[1]))
    keep = vals > 0
    indptr = np.concatenate([[0], np.cumsum(keep.sum(axis=1))])
    out = sp.csr_matrix((vals[keep].astype(sims.dtype, copy=False), cols[keep], indptr),
                        shape=sims.shape)
    out.sort_indices()
    return out


def kth_largest(sims: np.ndarray, k: int) -> np.ndarray:
    """Each row's ``k``-th largest positive similarity (0 when the row has fewer than ``k``)."""
    pos = np.where(sims > 0, sims, 0).astype(sims.dtype, copy=False)
    n_cols = pos.shape[1]
    if k > n_cols:
        return np.zeros(pos.shape[0], dtype=sims.dtype)
    return np.partition(pos, n_cols - k, axis=1)[:, n_cols - k]


def select_neighbours(
    sims: np.ndarray, k: int, neighbourhood: Neighbourhood, thresholds: np.ndarray | None = None
) -> sp.csr_matrix:
    """Sparse neighbour weights from a dense batch of similarities (self-pairs already zeroed).

    - ``top-k``: each query keeps its own ``k`` most similar references.
    - ``reverse``: a query keeps reference ``v`` when the query would be among ``v``'s own ``k``
      most similar, i.e. sim ≥ ``thresholds[v]`` (``v``'s k-th largest similarity at fit time).
      Popular "hub" references that are near everyone stop dominating every neighbourhood.
    - ``mutual``: both of the above.
    """
    if neighbourhood not in NEIGHBOURHOODS:
        raise ValueError(f"unknown neighbourhood {neighbourhood!r}; choose one of {NEIGHBOURHOODS}")
    if neighbourhood == "top-k":
        return keep_top_k(sims, k)
    if thresholds is None:
        raise ValueError(f"{neighbourhood!r} neighbourhoods need the references' thresholds")
    reverse = sp.csr_matrix(
        np.where((sims > 0) & (sims >= thresholds[None, :] - SLACK), sims, 0.0)
    )
    if neighbourhood == "reverse":
        return reverse
    return sp.csr_matrix(reverse.multiply(keep_top_k(sims, k) > 0))


def batches(n: int, batch_size: int) -> Iterator[np.ndarray]:
    for start in range(0, n, batch_size):
        yield np.arange(start, min(n, start + batch_size))


@functools.cache
def _blas_controller() -> Any:
    from threadpoolctl import ThreadpoolController  # scikit-learn's dependency; ~10 ms to scan

    return ThreadpoolController()


@contextlib.contextmanager
def _single_threaded_blas() -> Iterator[None]:
    """BLAS limited to one thread (process-wide) while the block runs."""
    with _blas_controller().limit(limits=1, user_api="blas"):
        yield


def map_batches(
    fn: Callable[[np.ndarray], T], n: int, batch_size: int, workers: int = WORKERS
) -> Iterator[tuple[np.ndarray, T]]:
    """``(batch, fn(batch))`` for ``batches(n, batch_size)`` in order, ``workers`` at a time.

    At most ``workers`` results are in flight, so memory stays bounded; closing the iterator early
    (a cancelled fit) waits only for those.
    """
    return map_ordered(fn, batches(n, batch_size), workers if n > batch_size else 1)


def map_ordered(fn: Callable[[B], T], todo: Iterator[B], workers: int = WORKERS
                ) -> Iterator[tuple[B, T]]:
    """``(b, fn(b))`` for each ``b`` of ``todo`` in order, ``workers`` at a time (see
    ``map_batches``; BLAS is single-threaded meanwhile, the threads being the parallelism)."""
    if workers <= 1:
        for b in todo:
            yield b, fn(b)
        return
    with _single_threaded_blas(), ThreadPoolExecutor(workers) as pool:
        first = itertools.islice(todo, workers)
        pending = deque((b, pool.submit(fn, b)) for b in first)
        try:
            while pending:
                b, future = pending.popleft()
                following = next(todo, None)
                if following is not None:
                    pending.append((following, pool.submit(fn, following)))
                yield b, future.result()
        finally:  # closed early (a stop): batches not started yet are dropped, not computed
            for _, future in pending:
                future.cancel()
