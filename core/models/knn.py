"""Neighbourhood collaborative filtering: user-based and item-based kNN.

Both work on sparse rows in batches (see ``core.models.similarity``) and fold new or edited users
in without refitting: a user's scores are always computed from the row passed to ``score_rows``.

- ``UserKNN``: similarities of the scored row to every training user (so an edited user sees the
  change at once), the user themself left out, neighbours chosen per ``neighbourhood``;
  score(item) = Σ over neighbours of sim × neighbour's value for the item.
- ``ItemKNN``: at fit, a sparse item × item matrix ``S`` keeping only each item's ``k`` most similar
  items; score = weighted row @ ``S``. With ``recency`` > 0 and timestamps, each of the user's
  items is weighted by exp(-r / recency), r = how many distinct later timestamps the user has (0
  for the latest items) — on MovieLens what a user did last predicts what they do next far better
  than what they did first. Neighbourhood "auto" chooses the orientation of ``S`` and whether
  recency is used from held-out training data (``core.models.knn_auto``). Items added to a row
  after fit count as the latest (weight 1); a user unknown at fit time has no timestamps, so all
  their items weigh 1 (``core.models.recency``, shared with the neural models).

Rows whose score is 0 everywhere (no neighbour shares anything) fall back to popularity.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, TypeVar

import numpy as np
import scipy.sparse as sp

from core.errors import ModelError, TrainingStopped
from core.interactions import Interactions
from core.models.base import Explanation, ModelConfig, Recommender
from core.models.params import param
from core.models.recency import recency_weights, row_recency
from core.models.similarity import (
    WORKERS,
    Neighbourhood,
    Reference,
    SimilarityName,
    center_by_user,
    keep_top_k,
    kth_largest,
    map_batches,
    select_neighbours,
)
from core.models.sparse_similarity import (
    SPARSE_COST,
    drop_stored,
    fill_short,
    kth_largest_sparse,
    prefer_sparse,
    select_neighbours_sparse,
    sparse_cost,
    sparse_top,
)
from core.models.split_product import SplitProduct
from core.progress import ProgressCallback
from core.progress_eta import StageTimer, StepMeter, WorkMeter
from core.ranking import mask_seen, top_k

T = TypeVar("T")
_SPLIT_LOCK = threading.Lock()
Product = Literal["auto", "dense", "sparse"]
ItemNeighbourhood = Literal["auto", "top-k", "reverse", "mutual"]
EXPLAIN_TOP = 5
DTYPE = np.float32  # similarities and scores: half the memory and time of float64
# Rows of item-kNN's similarity matrix holding at least this fraction of items are multiplied
# densely when scoring (measured best at ML-1M size; see ``_split_scoring``).
SCORE_DENSE_FROM = 0.05
SPARSE_BATCH = 4096  # at most this many rows per batch on the compiled sparse path
# The compiled path against a dense block, in CPU nanoseconds: per sparse multiply-add (top-k
# included) ~1.2-1.5 while the kernel's accumulator row (8 bytes per product column) stays in
# the core's cache, ~5 when it does not (measured quietly on 2 cores: ML-1M's 3,706 items and
# 6,040 users against the shop shape's 100,000 users), against, per cell of the dense block,
# ~8 for the top-k plus ~0.03 per multiply-add of its BLAS product (the shared dimension).
# scipy's sparse path costs ``sparse_similarity.SPARSE_COST`` cells per multiply-add.
KERNEL_NS_CACHED, KERNEL_NS = 1.5, 5.0
CACHED_COLUMNS = 16_384  # product columns whose accumulator (128 KB) stays in cache
ROW_WORK = 200.0  # a row's fixed cost on the compiled path, in multiply-adds (for progress)
# item-kNN's fit after its batches, as a share of the whole: almost all of it preparing the
# compiled scoring operand (~50 MB of new float64 arrays on the shop shape at k = 20), whose time
# follows the memory it gets: a share of 0.03 where a process had just freed memory, 0.07-0.12 in
# memory not used recently (2026-12-02 18:20-18:30 UTC). Between the two (0.04 before left the
# ETA 15-30 % short near the end in fresh memory; 0.09 put it 20-50 % high in reused memory).
FIT_TAIL = 0.06
# user-kNN's fit in top-k mode builds lookup structures only, each step O(interactions): its
# steps' shares of the time from the fit's start (the first step is the copy of the table every
# model takes), measured with the compiled kernel on the ML-20M shape (2·10^7 interactions,
# 3.1-4.1 s; 2026-12-03 09:05 UTC): 0.02-0.13, 0.03-0.16, 0.15-0.23, 0.33-0.52, 0.12-0.28. The
# spread is the virtual machine's memory pages (docs/BENCHMARKS.md, 'Memory pages'): a step
# writing into pages freed a moment ago runs several times faster than into pages not used
# recently, and which steps get which changes from run to run.
USER_INDEX_SHARES = {"copy": 0.10, "popularity": 0.10, "reference": 0.20,
                     "compiled scoring": 0.38, "compiled neighbours": 0.22}
DENSE_CELLS = 2**26  # a dense block of user-kNN's batch × users similarities: at most 256 MB
CELL_NS, FLOP_NS = 8.0, 0.03
TINY_NNZ = 5_000  # tables this small get fewer neighbours suggested (a third of the rows)


@dataclass
class KNNConfig(ModelConfig):
    """Shared kNN parameters (each field's help says what it does)."""

    k: int = param(50, label="Neighbours", minimum=1, maximum=100_000,
                   help="How many most-similar neighbours contribute to each score.")
    similarity: SimilarityName = param(
        "cosine", label="Similarity",
        help="How the likeness of two rows is measured (pearson: mean-centred ratings, "
             "explicit data only).")
    shrinkage: float = param(
        0.0, label="Shrinkage", minimum=0, maximum=1e6,
        help="Similarity × overlap / (overlap + shrinkage): shrinks similarities computed from "
             "few shared interactions towards 0 (0 = off).")
    min_overlap: int = param(
        1, label="Minimum overlap", minimum=0, maximum=100_000,
        help="Pairs sharing fewer interactions than this count as not similar at all.")
    neighbourhood: ItemNeighbourhood = param(
        "top-k", label="Neighbourhood",
        help="Which neighbours count: each one's top-k, the reverse, or only mutual ones "
             "(auto: top-k).")
    use_ratings: bool = param(
        False, label="Use rating values",
        help="Use the rating values instead of treating every interaction as 1.")
    batch_size: int = param(
        512, label="Batch size", minimum=1, maximum=1_000_000,
        help="Rows processed at once; larger is faster but uses more memory.")


@dataclass
class UserKNNConfig(KNNConfig):
    k: int = param(50, label="Neighbours", minimum=1, maximum=100_000,
                   help="How many most-similar users contribute to each score.")

    @classmethod
    def suggested(cls, data: Interactions) -> dict[str, Any]:
        return {"k": max(2, min(50, data.n_users // 3)) if data.nnz < TINY_NNZ else 50}


@dataclass
class ItemKNNConfig(KNNConfig):
    k: int = param(100, label="Neighbours", minimum=1, maximum=100_000,
                   help="How many most-similar items are kept per item.")
    recency: float = param(
        2.0, label="Recency decay", minimum=0, maximum=1e6,
        help="How fast a user's older items lose weight: exp(-r / recency), r = later "
             "timestamps (0 = all items count equally; needs timestamps; with neighbourhood "
             "auto, used only where it ranks held-out items better).")

    neighbourhood: ItemNeighbourhood = param(
        "auto", label="Neighbourhood",
        help="Which neighbours count; auto chooses at fit time, on the latest items of up to "
             "1,000 training users held out: top-k (a candidate scored from its own k nearest "
             "items) or reverse (from the neighbour lists of the user's own items, as implicit "
             "does), with or without the recency decay when there are timestamps — top-k with "
             "timestamps, else reverse, unless another ranks those items clearly better.")

    @classmethod
    def suggested(cls, data: Interactions) -> dict[str, Any]:
        return {"k": max(2, min(100, data.n_items // 3)) if data.nnz < TINY_NNZ else 100}


def _values(matrix: sp.csr_matrix, use_ratings: bool, share: bool = False) -> sp.csr_matrix:
    """``matrix``'s values (or 1s) in ``DTYPE``; with ``share``, on its own index arrays (for a
    temporary that is only read)."""
    if share:
        m = sp.csr_matrix(matrix)
        data = m.data.astype(DTYPE) if use_ratings else np.ones(m.nnz, dtype=DTYPE)
        return sp.csr_matrix((data, m.indices, m.indptr), shape=m.shape)
    m = sp.csr_matrix(matrix, dtype=DTYPE, copy=True)
    if not use_ratings:
        m.data = np.ones_like(m.data)
    return m


def _fallback(scores: np.ndarray, popularity: np.ndarray) -> np.ndarray:
    """Give rows without any positive score the popularity ranking (scaled into [0, 1])."""
    empty = ~(scores > 0).any(axis=1)
    if empty.any():
        scores[empty] = popularity / max(popularity.max(), 1.0)
    return scores


class _KNNBase(Recommender):
    """Shared plumbing. ``product`` picks how similarities and scores are multiplied: "auto"
    chooses per batch by estimated cost (``core.models.sparse_similarity``); "dense" / "sparse"
    force one path (both give the same results; the tests compare them)."""

    config: KNNConfig
    product: ClassVar[Product] = "auto"
    compiled: ClassVar[bool] = True  # may the sparse path use the compiled kernel

    def _use_sparse(
        self, multiply_adds: float, n_rows: int, n_cols: int, kernel: bool = False,
        shared: int = 0,
    ) -> bool:
        """Sparse product (``kernel``: the compiled one) rather than a dense n_rows × n_cols
        block whose product runs over ``shared`` columns."""
        if self.product != "auto":
            return self.product == "sparse"
        if kernel:
            per_add = KERNEL_NS_CACHED if n_cols <= CACHED_COLUMNS else KERNEL_NS
            return multiply_adds * per_add < n_rows * n_cols * (CELL_NS + FLOP_NS * shared)
        return prefer_sparse(multiply_adds, n_rows, n_cols, SPARSE_COST)

    @property
    def _plain_product(self) -> bool:
        """Similarities that are a plain product of rows (the compiled kernel's case)."""
        cfg = self.config
        return cfg.similarity != "jaccard" and cfg.shrinkage <= 0 and cfg.min_overlap <= 1

    def _kernel_batch(self, n: int) -> int:
        """Rows per batch on the compiled path: enough batches to keep every worker busy, each
        large enough that per-batch overheads stay small (the kernel keeps k per row only)."""
        per_worker = -(-n // (4 * WORKERS))
        return int(min(max(per_worker, self.config.batch_size), SPARSE_BATCH))

    def _use_kernel(self) -> bool:
        """Whether sparse products use the compiled kernel (``core.models.knn_kernels``): always
        when allowed and installed (it is precompiled: nothing to pay on first use)."""
        if not self.compiled:
            return False
        from core.models import knn_kernels

        return knn_kernels.available()

    def _batch_scores(
        self, rows: sp.csr_matrix, user_indices: np.ndarray
    ) -> tuple[sp.csr_matrix, sp.csr_matrix, np.ndarray] | np.ndarray:
        """Scores of a batch: the sparse product's operands (left, right) and its per-row cost
        (``sparse_cost``) when that is cheaper, else dense rows (as ``score_rows``)."""
        return self.score_rows(rows, user_indices)

    def _scoring_cost_estimate(self) -> float:
        """Rough multiply-adds of scoring every training user sparsely."""
        return 0.0

    def top_k_rows(
        self, rows: sp.csr_matrix, user_indices: np.ndarray, k: int, *, exclude_seen: bool = True
    ) -> tuple[np.ndarray, np.ndarray]:
        """The shared score → mask → top-k step (``Recommender.top_k_rows``), with sparse batches
        ranked without dense rows (the compiled kernel or scipy) and, on both paths, slots
        without a positive score filled by popularity (``fill_short``)."""
        rows = sp.csr_matrix(rows)
        user_indices = np.asarray(user_indices)
        seen = rows if exclude_seen else sp.csr_matrix(rows.shape, dtype=DTYPE)
        scores = self._batch_scores(rows, user_indices)
        if isinstance(scores, tuple):  # a sparse product (left, right), ranked sparsely
            left, right, costs = scores
            if self._scoring_kernel():
                from core.models.knn_kernels import product_top_k

                idx, val = product_top_k(left, right, k, skip=seen, costs=costs)
                val = np.where(idx >= 0, val, -np.inf).astype(np.float64)
            else:
                product = sp.csr_matrix(left @ right, dtype=DTYPE)
                idx, val = sparse_top(drop_stored(product, seen), k)
        else:
            scores = np.asarray(scores)
            scores[np.isnan(scores)] = -np.inf
            if exclude_seen:
                mask_seen(scores, rows)
            idx, val = top_k(scores, k)
        return fill_short(idx, val, seen, self.popularity)

    def _scoring_kernel(self) -> bool:
        """Whether sparse scoring uses the compiled kernel (decided once per fitted model)."""
        if getattr(self, "_kernel_for_scoring", None) is None:
            self._kernel_for_scoring = self._use_kernel()
        return self._kernel_for_scoring

    def _prepare_scoring(self, right: sp.csr_matrix) -> None:
        """Prepare the compiled scoring product's operand at fit time (not in the first timed
        batch of recommending, where it would skew the ETA)."""
        if self._scoring_kernel() and self._sparse_scoring():
            from core.models import knn_kernels

            knn_kernels.prepare(right)

    def _sparse_scoring(self) -> bool:
        """Whether scoring every user is estimated cheaper on the compiled sparse path."""
        n_users, n_items = self.train_matrix.shape
        shared = n_items if isinstance(self, ItemKNN) else n_users
        return self._use_sparse(self._scoring_cost_estimate(), n_users, n_items, True, shared)

    def _prepare(self, data: Interactions, popularity: bool = True) -> None:
        self._kernel_for_scoring = None  # decided again for the new fit
        if self.config.similarity == "pearson" and not data.explicit:
            raise ModelError("pearson similarity needs explicit ratings; use cosine or jaccard")
        if popularity:
            self.popularity = np.bincount(
                data.matrix.indices, minlength=data.n_items
            ).astype(np.float64)
        self._ratings = self.config.use_ratings or self.config.similarity == "pearson"

    def _restore_popularity(self, arrays: dict[str, np.ndarray | sp.csr_matrix]) -> None:
        self.popularity = _vector(arrays["popularity"], len(self.item_ids), "popularity")
        self.popularity = self.popularity.astype(np.float64)
        self._ratings = self.config.use_ratings or self.config.similarity == "pearson"

    def _sim_input(self, rows: sp.csr_matrix) -> sp.csr_matrix:
        """Rows as the similarity sees them (centred for pearson)."""
        if self.config.similarity == "pearson":
            return center_by_user(rows)
        return _values(rows, self._ratings)

    def _score_batch(self, rows: sp.csr_matrix, user_indices: np.ndarray) -> np.ndarray:
        """Raw dense scores of one batch of rows (no popularity fallback yet)."""
        raise NotImplementedError

    def score_rows(self, rows: sp.csr_matrix, user_indices: np.ndarray) -> np.ndarray:
        rows = sp.csr_matrix(rows)
        user_indices = np.asarray(user_indices)
        out = np.empty((rows.shape[0], len(self.item_ids)), dtype=DTYPE)

        def score(b: np.ndarray) -> None:
            out[b] = self._score_batch(rows[b], user_indices[b])

        workers = 1 if self._kernel_jobs() else WORKERS  # see ``_kernel_jobs``
        for _ in map_batches(score, rows.shape[0], self.config.batch_size, workers):
            pass
        return _fallback(out, self.popularity)

    @property
    def recommend_batch_size(self) -> int:
        """``batch_size`` rows; on the compiled sparse path (memory k per row, not a dense
        block) ``_kernel_batch`` rows, so small jobs do not pay per-batch overheads many times."""
        return self._recommend_batch(reported=True)

    def _recommend_batch(self, reported: bool) -> int:
        """``recommend_batch_size``; when progress is not ``reported`` (nothing to show or stop)
        the compiled path takes ``SPARSE_BATCH`` rows at once: fewer calls, each with its
        per-call overheads, and threads balanced over more rows."""
        size = self.config.batch_size
        if self.product == "dense" or self.train_matrix is None or not self._scoring_kernel():
            return size
        n_users = self.train_matrix.shape[0]
        if not self._sparse_scoring():
            return size
        rows = self._kernel_batch(n_users) if reported else SPARSE_BATCH
        if isinstance(self, UserKNN):  # its neighbour step may still be a dense batch × users
            return min(rows, max(size, DENSE_CELLS // max(n_users, 1)))
        return rows

    def recommend_all(
        self, k: int = 10, *, exclude_seen: bool = True, batch_size: int | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """``Recommender.recommend_all`` with batches of ``_recommend_batch`` rows."""
        if batch_size is None:
            batch_size = self._recommend_batch(reported=on_progress is not None)
        return super().recommend_all(k, exclude_seen=exclude_seen, batch_size=batch_size,
                                     on_progress=on_progress)

    @property
    def _progress_every(self) -> int:  # type: ignore[override]
        """One progress event per round of parallel batches (one batch on the kernel)."""
        return 1 if self._kernel_jobs() else WORKERS

    def _map_user_batches(
        self, fn: Callable[[np.ndarray], T], n: int, batch_size: int
    ) -> Iterator[tuple[np.ndarray, T]]:
        """Batches scored, masked and ranked in parallel (a batch's ``score_rows`` runs inline);
        one at a time when the compiled kernel does the work (``_kernel_jobs``)."""
        return map_batches(fn, n, batch_size, 1 if self._kernel_jobs() else WORKERS)

    def _kernel_jobs(self) -> bool:
        """Whether recommending runs on the compiled kernel, which holds the GIL for each call
        and threads itself: a second worker thread would only queue for the GIL, and the
        window's thread with it (several calls in a row instead of one)."""
        return self._scoring_kernel() and self._sparse_scoring()

    def _popularity_explanation(self, item_index: int) -> Explanation:
        n = int(self.popularity[item_index])
        users = "user" if n == 1 else "users"
        return Explanation(
            "popularity", (), f"no similar {self._peers} — popular with {n} {users}"
        )

    _peers = "users"


class UserKNN(_KNNBase):
    """User-based kNN; scores are computed from the given rows, so fold-in is exact."""

    name = "user-knn"
    Config = UserKNNConfig

    def _fit(self, data: Interactions, on_progress: ProgressCallback | None) -> None:
        steps = StepMeter("indexing users", on_progress, USER_INDEX_SHARES,
                          started=self.fit_began)

        def done(step: str) -> None:
            if steps.done(step):
                raise TrainingStopped("user-kNN: stopped while indexing users; nothing to keep")

        done("copy")
        self._prepare(data)
        done("popularity")
        cfg = self.config
        reference = self._index(done)
        self._thresholds = None
        if self._mode != "top-k":
            n = data.n_users
            thresholds = np.zeros(n, dtype=DTYPE)

            def kth(users: np.ndarray) -> np.ndarray:
                sims = self._similarities(reference[users], users)
                if sp.issparse(sims):
                    return kth_largest_sparse(sims, cfg.k)
                return kth_largest(sims, cfg.k)

            timer = StageTimer("neighbourhoods", on_progress)
            for users, kth_values in map_batches(kth, n, cfg.batch_size):
                thresholds[users] = kth_values
                if timer.update((users[-1] + 1) / n):
                    break
            self._thresholds = thresholds

    def _index(self, done: Callable[[str], None] = lambda step: None) -> sp.csr_matrix:
        """Lookup structures over the training rows (normalised copies, a column view): derived
        from the stored matrix and the config, nothing learned. Returns the similarity input.
        ``done(step)`` is called after each step of ``USER_INDEX_SHARES``."""
        reference = self._sim_input(self.train_matrix)
        # the scoring values are the similarity's input unless it centres them (pearson): then
        # one table serves both, and its transpose (items × users, needed for the similarity's
        # right operand) is also the by-item view explain reads
        shared = self.config.similarity != "pearson"
        by_item = sp.csr_matrix(reference.T) if shared else None
        self._reference = Reference(reference, self.config.similarity, DTYPE, transpose=by_item)
        done("reference")
        if by_item is not None:
            self._scoring = reference
            self._scoring_by_item = sp.csc_matrix(  # one item's users fast, for explain
                (by_item.data, by_item.indices, by_item.indptr), shape=reference.shape)
        else:
            self._scoring = _values(self.train_matrix, self._ratings)
            self._scoring_by_item = self._scoring.tocsc()
        self._kernel = self._use_kernel()
        self._kernel_for_scoring = None
        self._prepare_scoring(self._scoring)
        done("compiled scoring")
        self._compiled_neighbours = False  # neighbours found by the compiled kernel
        if self._kernel and self._plain_product and self._mode == "top-k":
            degree = self._reference.shared_counts.astype(np.float64)
            n, n_items = reference.shape
            if self._use_sparse(float(degree @ degree), n, n, True, n_items):
                self._reference.prepare_compiled()
                self._compiled_neighbours = True
        done("compiled neighbours")
        return reference

    def state_arrays(self) -> dict[str, np.ndarray | sp.csr_matrix]:
        state: dict[str, np.ndarray | sp.csr_matrix] = {"popularity": self.popularity}
        if self._thresholds is not None:  # per user: the k-th largest similarity
            state["thresholds"] = self._thresholds
        return state

    def restore_state(self, arrays: dict[str, np.ndarray | sp.csr_matrix]) -> None:
        self._restore_popularity(arrays)
        self._thresholds = None
        if self._mode != "top-k":
            self._thresholds = _vector(arrays["thresholds"], len(self.user_ids), "thresholds")
        self._index()

    @property
    def _mode(self) -> Neighbourhood:
        """The neighbourhood used: "auto" means "top-k" for user-kNN (item-kNN decides from
        the data, see ``ItemKNN.chosen_neighbourhood``)."""
        nb = self.config.neighbourhood
        return "top-k" if nb == "auto" else nb

    def _similarities(
        self, queries: sp.csr_matrix, user_indices: np.ndarray
    ) -> np.ndarray | sp.csr_matrix:
        """Similarities of a batch to every training user: CSR when sparse is cheaper."""
        cfg = self.config
        ref = self._reference
        cost = float(sparse_cost(queries, ref.shared_counts).sum())
        if self._use_sparse(cost, queries.shape[0], ref.n):
            return ref.sparse_similarities(queries, shrinkage=cfg.shrinkage,
                                           min_overlap=cfg.min_overlap, exclude=user_indices)
        sims = self._reference.similarities(
            queries, shrinkage=cfg.shrinkage, min_overlap=cfg.min_overlap
        )
        own = np.flatnonzero(user_indices >= 0)
        sims[own, user_indices[own]] = 0.0  # a user is not their own neighbour
        return sims

    def neighbours(self, rows: sp.csr_matrix, user_indices: np.ndarray) -> sp.csr_matrix:
        """Sparse (len(rows) × n_training_users) neighbour weights (absent = not a neighbour)."""
        cfg = self.config
        queries, user_indices = self._sim_input(rows), np.asarray(user_indices)
        ref = self._reference
        if self._mode == "top-k":
            cost = float(sparse_cost(queries, ref.shared_counts).sum())
            if self._use_sparse(cost, queries.shape[0], ref.n,
                                self._kernel and self._plain_product, queries.shape[1]):
                return ref.top_k_similarities(
                    queries, cfg.k, shrinkage=cfg.shrinkage, min_overlap=cfg.min_overlap,
                    exclude=user_indices, compiled=self._kernel,
                )
        sims = self._similarities(queries, user_indices)
        if sp.issparse(sims):
            return select_neighbours_sparse(sims, cfg.k, self._mode, self._thresholds)
        return select_neighbours(sims, cfg.k, self._mode, self._thresholds)

    def _score_batch(self, rows: sp.csr_matrix, user_indices: np.ndarray) -> np.ndarray:
        return _dense_product(self.neighbours(rows, user_indices), self._scoring)

    def _batch_scores(
        self, rows: sp.csr_matrix, user_indices: np.ndarray
    ) -> tuple[sp.csr_matrix, sp.csr_matrix, np.ndarray] | np.ndarray:
        weights = self.neighbours(rows, user_indices)
        costs = sparse_cost(weights, self._scoring)
        if self._use_sparse(float(costs.sum()), rows.shape[0], len(self.item_ids),
                            self._scoring_kernel(), len(self.user_ids)):
            return weights, self._scoring, costs
        return _fallback(_dense_product(weights, self._scoring), self.popularity)

    def _kernel_jobs(self) -> bool:
        return getattr(self, "_compiled_neighbours", False) or super()._kernel_jobs()

    def _scoring_cost_estimate(self) -> float:
        degree = np.diff(self._scoring.indptr)
        return float(len(degree) * self.config.k * degree.mean()) if len(degree) else 0.0

    def explain(self, row: sp.csr_matrix, user_index: int, item_index: int) -> Explanation:
        users, weights = self._explained_neighbours(sp.csr_matrix(row), user_index)
        by_item = self._scoring_by_item
        start, end = by_item.indptr[item_index], by_item.indptr[item_index + 1]
        # the neighbours who have the item: only they contribute (users in index order, so that
        # ties keep it, as over the whole dense row)
        _, at_neighbour, at_item = np.intersect1d(users, by_item.indices[start:end],
                                                  assume_unique=True, return_indices=True)
        contributions = weights[at_neighbour] * by_item.data[start:end][at_item]
        order = np.argsort(-contributions, kind="stable")[:EXPLAIN_TOP]
        order = order[contributions[order] > 0]
        if not len(order):
            return self._popularity_explanation(item_index)
        who = users[at_neighbour]
        contributors = tuple((self.user_ids[who[p]], float(contributions[p])) for p in order)
        named = ", ".join(f"{self.user_ids[who[p]]} ({weights[at_neighbour[p]]:.2f})"
                          for p in order[:3])
        return Explanation("users", contributors, f"because similar users {named} liked it")

    def _explained_neighbours(
        self, row: sp.csr_matrix, user_index: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """(neighbour users in index order, their weights) of one row, kept for the next call:
        a list's reasons ask for the same user's neighbours once per item (each search took
        ~2.6 ms on the shop shape's 100,000 users)."""
        key = (user_index, row.indices.tobytes(), np.asarray(row.data).tobytes())
        kept = getattr(self, "_neighbours_kept", None)
        if kept is None or kept[0] != key or kept[1] is not self._reference:
            found = sp.csr_matrix(self.neighbours(row, np.array([user_index])))
            found.sum_duplicates()  # canonical: sorted users, one weight each
            kept = self._neighbours_kept = (key, self._reference, found.indices, found.data)
        return kept[2], kept[3]


class ItemKNN(_KNNBase):
    """Item-based kNN with a sparse top-k item × item similarity matrix."""

    name = "item-knn"
    Config = ItemKNNConfig
    _peers = "items"
    config: ItemKNNConfig
    # knn_auto's model of the held-out check: keeps the k-nearest lists after fit (``_nearest``)
    # and scores with scipy only (no compiled scoring operand prepared)
    keep_nearest = False

    def _fit(self, data: Interactions, on_progress: ProgressCallback | None) -> None:
        self._prepare(data, popularity=False)  # counted from the item rows below
        cfg = self.config
        neighbourhood, choice = self.chosen_neighbourhood(data), None
        if cfg.neighbourhood == "auto":  # first: a short stage without an ETA of its own
            from core.models.knn_auto import choose_scoring

            choice = choose_scoring(self, data, neighbourhood, on_progress)
        # users × items as the similarity sees them (a temporary: read only, so not copied;
        # without ratings a pattern of booleans, a quarter of the bytes to transpose)
        if cfg.similarity == "pearson":
            values = self._sim_input(data.matrix)
        elif self._ratings:
            values = _values(data.matrix, True, share=True)
        else:
            m = data.matrix
            values = sp.csr_matrix((np.ones(m.nnz, dtype=bool), m.indices, m.indptr),
                                   shape=m.shape)
        items = sp.csr_matrix(values.T)
        self.popularity = np.diff(items.indptr).astype(np.float64)  # each item's entries
        reference = Reference(items, cfg.similarity, DTYPE, transpose=values)
        n = data.n_items
        parts = []

        cost = sparse_cost(items, reference.shared_counts)  # per item: sparse multiply-adds
        kernel = self._use_kernel()
        compiled = kernel and self._plain_product

        def nearest(b: np.ndarray) -> sp.csr_matrix:
            if self._use_sparse(float(cost[b].sum()), len(b), n, compiled, data.n_users):
                if compiled:
                    return reference.own_top_k(b, cfg.k, cost[b])
                return reference.top_k_similarities(
                    items[b], cfg.k, shrinkage=cfg.shrinkage, min_overlap=cfg.min_overlap,
                    exclude=b, compiled=kernel,
                )
            sims = reference.similarities(
                items[b], shrinkage=cfg.shrinkage, min_overlap=cfg.min_overlap
            )
            sims[np.arange(len(b)), b] = 0.0
            return keep_top_k(sims, cfg.k)

        sparse_job = compiled and self._use_sparse(float(cost.sum()), n, n, compiled,
                                                   data.n_users)
        size = self._kernel_batch(n) if sparse_job else cfg.batch_size
        if sparse_job and on_progress is None:  # nothing to report or stop: fewest calls
            size = SPARSE_BATCH
        if sparse_job:  # one-off preparation before the timed batches (an honest ETA)
            reference.prepare_compiled(skip=False)
        timer = StageTimer("item similarities", on_progress)
        # progress by estimated work: on the sparse path a row costs its multiply-adds (popular
        # items' rows far more than the rest), on the dense path every row the same
        work = WorkMeter(cost + ROW_WORK if sparse_job else np.ones(n), tail=FIT_TAIL)
        workers = 1 if sparse_job else WORKERS  # see ``_kernel_jobs``
        for i, (b, part) in enumerate(map_batches(nearest, n, size, workers)):
            parts.append(part)
            # one event per round of parallel batches (they finish together)
            if ((i + 1) % workers == 0 or b[-1] + 1 == n) and timer.update(work.after(b[-1])):
                parts.append(sp.csr_matrix((n - b[-1] - 1, n)))
                timer.on_progress = None  # stopped: nothing more to report
                break
        top = sp.vstack(parts, format="csr")  # row i: the k items most similar to item i
        self.neighbourhood, recency = neighbourhood, cfg.recency
        if choice is not None:
            self.neighbourhood, recency = choice
        self.use_neighbourhood(top, self.neighbourhood)
        self.set_recency(data, recency)
        self._nearest = top if self.keep_nearest else None
        if not self.keep_nearest:
            self._prepare_scoring(self.similarity_matrix)
        timer.update(1.0)

    def use_neighbourhood(self, top: sp.csr_matrix, neighbourhood: Neighbourhood) -> None:
        """Score from ``top`` (row i: item i's k most similar items) in ``neighbourhood``.

        score[j] = Σ_i w_i S[i, j]. "top-k": candidate j is scored from its own k nearest items
        (S = topᵀ); "reverse": from the user's items that have j among their k nearest (S = top,
        what implicit's item-item models do); "mutual": both.
        """
        if neighbourhood == "top-k":
            sim = top.T
        elif neighbourhood == "reverse":
            sim = top
        else:
            sim = top.minimum(top.T)
        self.similarity_matrix = sp.csr_matrix(sim, dtype=DTYPE)
        self._kernel_for_scoring = None

    def chosen_neighbourhood(self, data: Interactions) -> Neighbourhood:
        """The configured neighbourhood; for "auto" the starting guess from ``data``'s shape
        (top-k with timestamps and recency, else reverse), which ``core.models.knn_auto`` then
        checks against the alternatives on held-out training data at fit time."""
        if self.config.neighbourhood != "auto":
            return self.config.neighbourhood
        timed = data.timestamps is not None and self.config.recency > 0
        return "top-k" if timed else "reverse"

    def set_recency(self, data: Interactions, recency: float) -> None:
        """Weight the rows of ``data`` (the training table) with ``recency`` from now on."""
        self.use_recency(recency_weights(data.matrix, data.timestamps, recency), recency)

    def use_recency(self, weights: sp.csr_matrix | None, recency: float) -> None:
        """``set_recency`` with the training table's ``recency_weights`` already computed."""
        self._recency = weights
        self.recency_used = recency if weights is not None else 0.0

    def state_arrays(self) -> dict[str, np.ndarray | sp.csr_matrix]:
        state: dict[str, np.ndarray | sp.csr_matrix] = {
            "popularity": self.popularity, "similarity_matrix": self.similarity_matrix,
        }
        if self._recency is not None:  # per training entry, see ``core.models.recency``
            state["recency"] = self._recency
        return state

    def restore_state(self, arrays: dict[str, np.ndarray | sp.csr_matrix]) -> None:
        self._restore_popularity(arrays)
        n = len(self.item_ids)
        sim = sp.csr_matrix(arrays["similarity_matrix"], dtype=DTYPE)
        if sim.shape != (n, n):
            raise ValueError(f"similarity_matrix has shape {sim.shape}, expected {(n, n)}")
        self.similarity_matrix = sim
        self._recency = None
        self.recency_used = 0.0
        if "recency" in arrays:
            recency = sp.csr_matrix(arrays["recency"])
            m = self.train_matrix
            if recency.shape != m.shape or not np.array_equal(recency.indptr, m.indptr) \
                    or not np.array_equal(recency.indices, m.indices):
                raise ValueError("recency weights do not match the training matrix")
            self._recency = recency
            self.recency_used = self.config.recency

    def row_weights(
        self, rows: sp.csr_matrix, user_indices: np.ndarray, share: bool = False
    ) -> sp.csr_matrix:
        """How much each item of each row counts: value (1 or rating) × recency weight.

        Items a training user already had at fit time keep their recency weight; anything else
        (items added since, or a user unknown at fit) weighs 1, as the latest interaction would.
        ``share``: on ``rows``' own index arrays (a temporary that is only read).
        """
        values = _values(rows, self._ratings, share)
        if self._recency is None:
            return values
        weighted = values.multiply(row_recency(rows, user_indices, self._recency))
        return sp.csr_matrix(weighted, dtype=DTYPE)

    @property
    def _scoring_split(self) -> SplitProduct:
        """The dense scoring product of ``similarity_matrix`` (``_split_scoring``), built on first
        use: the compiled path, and knn_auto's check of the candidates, never need it."""
        with _SPLIT_LOCK:  # scoring batches run in threads: build it once
            built = getattr(self, "_split", None)
            if built is None or built[0] is not self.similarity_matrix:
                built = (self.similarity_matrix, _split_scoring(self.similarity_matrix))
                self._split = built
        return built[1]

    def _score_batch(self, rows: sp.csr_matrix, user_indices: np.ndarray) -> np.ndarray:
        return self._scoring_split(self.row_weights(rows, user_indices))

    def _batch_scores(
        self, rows: sp.csr_matrix, user_indices: np.ndarray
    ) -> tuple[sp.csr_matrix, sp.csr_matrix, np.ndarray] | np.ndarray:
        weights = self.row_weights(rows, user_indices, share=True)
        costs = sparse_cost(weights, self.similarity_matrix)
        if self._use_sparse(float(costs.sum()), rows.shape[0], len(self.item_ids),
                            self._scoring_kernel(), len(self.item_ids)):
            return weights, self.similarity_matrix, costs
        return _fallback(self._scoring_split(weights), self.popularity)

    def _scoring_cost_estimate(self) -> float:
        """(Cached per similarity and training matrix: asked several times per recommending.)"""
        sim, train = self.similarity_matrix, self.train_matrix
        cached = getattr(self, "_cost_estimate", None)
        if cached is None or cached[0] is not sim or cached[1] is not train:
            per_item = np.diff(sim.indptr).astype(np.float64)
            cached = (sim, train, float((train @ per_item).sum()))
            self._cost_estimate = cached
        return cached[2]

    def explain(self, row: sp.csr_matrix, user_index: int, item_index: int) -> Explanation:
        weights = self.row_weights(sp.csr_matrix(row), np.array([user_index]))
        own = weights.indices
        contributions = weights.data * entries_towards(self.similarity_matrix, own, item_index)
        order = np.argsort(-contributions, kind="stable")[:EXPLAIN_TOP]
        order = order[contributions[order] > 0]
        if not len(order):
            return self._popularity_explanation(item_index)
        contributors = tuple((self.item_ids[own[p]], float(contributions[p])) for p in order)
        return Explanation.naming("items", contributors, "because you liked {names}")


def entries_towards(matrix: Any, rows: np.ndarray, column: int) -> np.ndarray:
    """``matrix[rows, column]`` as a vector (the matrix's dtype), for a sparse or dense item ×
    item matrix: what a reason needs, the similarities of the user's own items towards the
    recommended one. Sparse: by ``_EntryLookup``, kept for the last matrix asked about (slicing
    the column out of a CSR matrix walks every stored entry: 6 ms per reason on the shop
    shape's 50,000 items; scipy's point indexing searched each row: 0.3 ms on the ML-1M shape,
    against 0.1). Dense: only those entries (not the whole matrix converted)."""
    global _last_lookup
    rows = np.asarray(rows, dtype=np.int64)
    if not sp.issparse(matrix):
        return np.asarray(matrix)[rows, column]
    lookup = _last_lookup
    if lookup is None or lookup.matrix() is not matrix:
        lookup = _last_lookup = _EntryLookup(matrix)
    return lookup.towards(rows, column)


class _EntryLookup:
    """Stored entries of a sparse matrix found by (row, column) in O(log nnz): every entry's
    key ``row * n_columns + column``, sorted. Holds the matrix weakly: a refit's new matrix gets
    a new lookup (a matrix is never changed in place once fitted)."""

    def __init__(self, matrix: Any):
        self.matrix = weakref.ref(matrix)
        csr = sp.csr_matrix(matrix)
        self.n_columns = csr.shape[1]
        rows = np.repeat(np.arange(csr.shape[0], dtype=np.int64), np.diff(csr.indptr))
        keys = rows * self.n_columns + csr.indices
        order = np.argsort(keys, kind="stable")
        self.keys, self.values = keys[order], np.asarray(csr.data)[order]

    def towards(self, rows: np.ndarray, column: int) -> np.ndarray:
        out = np.zeros(len(rows), dtype=self.values.dtype)
        if not len(rows) or not len(self.keys):
            return out
        wanted = rows * self.n_columns + column
        at = np.minimum(np.searchsorted(self.keys, wanted), len(self.keys) - 1)
        found = self.keys[at] == wanted
        out[found] = self.values[at[found]]
        return out


_last_lookup: _EntryLookup | None = None


def _split_scoring(similarity: sp.csr_matrix) -> SplitProduct:
    """The scoring product ``weights @ similarity``, its densest rows split off.

    Popular items are among many items' nearest, so their rows of the matrix are dense, and most
    users have them: those go through BLAS (``core.models.split_product``). Derived from the
    matrix alone, so a loaded model rebuilds it.
    """
    return SplitProduct.of(similarity, DTYPE, dense_from=SCORE_DENSE_FROM)


def _vector(value: object, n: int, name: str) -> np.ndarray:
    """A saved 1-D numeric array of length ``n`` as float32 (``ValueError`` otherwise)."""
    array = np.asarray(value)
    if array.shape != (n,) or not np.issubdtype(array.dtype, np.number):
        raise ValueError(f"{name} has shape {array.shape}, expected ({n},)")
    return array.astype(DTYPE)


def _dense_product(a: sp.spmatrix, b: sp.spmatrix) -> np.ndarray:
    """``a @ b`` as a dense array (both operands sparse)."""
    product = a @ b
    return product.toarray() if sp.issparse(product) else np.asarray(product)
