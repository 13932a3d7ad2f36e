"""EASE (Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", WWW 2019).

An item × item weight matrix ``B`` with a zero diagonal that reconstructs each user's row from
their other items, in closed form: with the Gram matrix ``G = XᵀX + λI`` and ``P = G⁻¹``,

    B[i, j] = -P[i, j] / P[j, j]   (i ≠ j),   B[j, j] = 0,

and a user's scores are ``x · B``. λ (``l2``) is the only knob; it shrinks the weights towards 0
and matters more than anything else (Steck uses hundreds on MovieLens-sized data).

The inverse is dense: ``n_items² × 8`` bytes, held twice while it is computed (the Gram matrix and
its inverse). Above ``WARN_ITEMS`` items the progress stream says how much that is; when it
exceeds ``max_memory_gb`` (or the machine's physical memory) the fit refuses with a
``ModelError`` naming the figure instead of swapping.

With ``recency`` > 0 and timestamps, a user's items are weighted exp(-r / recency) at scoring
time (r = distinct later timestamps, ``core.models.recency``, as item-kNN does); the weights ``B``
themselves are learned from the plain binary matrix. Fold-in is exact: scores come from the row.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from core import gil_budget
from core.errors import ModelError, TrainingStopped
from core.interactions import Interactions
from core.models.base import Explanation, ModelConfig, Recommender
from core.models.params import param
from core.models.recency import recency_weights, row_recency, scoring_recency_param
from core.models.sparse_similarity import sparse_cost
from core.models.spd_inverse import InverseStopped, spd_inverse
from core.polled import polled
from core.progress import Progress, ProgressCallback, report
from core.progress_eta import RecentRate, StageTimer
from core.touched_memory import touched_zeros

WARN_ITEMS = 20_000
GRAM_PART_ENTRIES = 1 << 21  # dense entries of the Gram matrix made per part (16 MB)
# Making one entry of the Gram matrix dense and writing it, in sparse multiply-adds' time: ~0.3
# to ~3 at 10,000 items while the matrix's pages were mapped as it was written; 0.03-0.8 on the
# generated shapes (fits of part times) since its memory is written first. Kept at 1: the whole
# product then takes ≤ 0.4 s at 10,000 items, under the ~0.5 s from which an ETA is judged.
DENSE_ENTRY_COST = 1.0
# The weights made from the inverse (``_weights_from_lower``, n² entries), in seconds per second
# of the inverse's Cholesky factor (n³/6 multiply-adds) at 10,000 items, so ∝ 1/n: measured
# 0.11 at 10,000 items, 0.17 at 6,000, 0.26-0.38 at 3,706, 0.60 at 2,000, their memory written
# beforehand (0.15-0.3 at 10,000 when its pages were first touched there).
WEIGHTS_PER_FACTOR_AT_10K = 0.11
WEIGHTS_TILE = 512  # rows and columns of a tile of the weights' pass (2 MB in float64)
EXPLAIN_TOP = 5
_COPIES = 2  # Gram matrix + its inverse (float64) alive at the peak of the fit


@dataclass
class EASEConfig(ModelConfig):
    """EASE's closed form.

    l2: lambda, the L2 penalty on the item weights (larger = smoother, more popular picks).
    recency: decay of a user's older items at scoring time, exp(-r / recency); 0 = off.
    use_ratings: learn from and score the rating values instead of 1 per interaction.
    max_memory_gb: refuse to fit when the dense items x items inverse would need more.
    """

    l2: float = param(
        500.0, label="L2 penalty (λ)", minimum=0, exclusive_minimum=True, maximum=1e7,
        log_scale=True,
        help="Shrinks the item-item weights towards 0: larger is smoother and favours popular "
             "items (Steck uses hundreds on MovieLens-sized data).")
    recency: float = scoring_recency_param()
    use_ratings: bool = param(
        False, label="Use rating values",
        help="Learn from and score the rating values instead of 1 per interaction.")
    max_memory_gb: float = param(
        8.0, label="Memory limit (GB)", minimum=0, exclusive_minimum=True, maximum=1e5,
        help="Refuse to train when the dense items × items inverse would need more memory.")


def inverse_memory_gb(n_items: int) -> float:
    """GB the fit needs at its peak for ``n_items`` (dense float64 Gram matrix and inverse)."""
    return _COPIES * 8.0 * n_items * n_items / 1024**3


def physical_memory_gb() -> float | None:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    except (ValueError, OSError, AttributeError):
        return None


def item_gram(
    matrix: sp.spmatrix, stop: Callable[[], bool] | None = None,
    on_part: Callable[[float], None] | None = None, out: np.ndarray | None = None,
) -> np.ndarray | None:
    """XᵀX (dense float64), built in parts of its rows (into ``out`` when given: zeros, n × n,
    C-ordered): part ``s:e`` is the sparse product ``X[:, s:e]ᵀ X`` made dense straight into
    those rows. ``stop()`` is asked before each part (None is returned when it says so) and
    ``on_part(fraction)`` told the share of the work (multiply-adds, and the dense entries
    written) done after each.

    Measured on the ML-1M shape (3,706 items, 2.9·10^8 multiply-adds): 4.2 s the old way (parts of
    users, each product's ~10^7 entries added into the matrix by fancy indexing), 1.3 s this way.
    scipy's product holds the GIL, so the parts are cut by estimated work
    (``_gram_parts``): about ``core.gil_budget``'s seconds each when a window must stay
    responsive, else bounded by memory."""
    x = sp.csr_matrix(matrix, dtype=np.float64)
    xt = sp.csr_matrix(x.T)
    n = x.shape[1]
    # each row of XᵀX: its multiply-adds, and making its n entries dense (most of the time on a
    # wide, sparse catalogue, where most items' rows take few multiply-adds)
    cost = sparse_cost(xt, x) + DENSE_ENTRY_COST * n
    done, total = 0.0, max(float(cost.sum()), 1.0)
    gram = touched_zeros([((n, n), np.float64)])[0] if out is None else out
    for s, e in _gram_parts(cost, n):
        if stop is not None and stop():
            return None
        (xt[s:e] @ x).toarray(out=gram[s:e])  # added into the zeros: no temporary block
        done += float(cost[s:e].sum())
        if on_part is not None:
            on_part(done / total)
    return gram


def _gram_parts(cost: np.ndarray, n: int) -> list[tuple[int, int]]:
    """Row ranges of the Gram matrix: each at most ``GRAM_PART_ENTRIES`` dense entries and, with
    a GIL budget, about that many seconds of scipy's product."""
    return gil_budget.cut_by_cost(cost, max_rows=max(1, GRAM_PART_ENTRIES // max(n, 1)))


def ease_weights(matrix: sp.spmatrix, l2: float, gram: np.ndarray | None = None,
                 on_left: Callable[[float], None] | None = None,
                 dtype: type = np.float64, out: np.ndarray | None = None,
                 stop: Callable[[], bool] | None = None) -> np.ndarray:
    """The closed-form EASE item × item weights (``dtype``, zero diagonal; into ``out`` when
    given, n × n C-ordered ``dtype``) of a user × item matrix (``gram``: its XᵀX when already
    computed; it is overwritten and its memory reused).
    ``on_left(seconds)`` is told the seconds expected to be left, as the work goes
    (``core.models.spd_inverse``, then the pace of the weights' rows). ``stop()`` is asked
    between blocks and tile columns (``InverseStopped`` when it says so)."""
    if gram is None:
        gram = item_gram(matrix)
    gram[np.diag_indices_from(gram)] += l2
    tail = WEIGHTS_PER_FACTOR_AT_10K * 10_000 / max(gram.shape[0], 1)
    inverse = spd_inverse(gram, on_left, lower_only=True, tail_per_factor=tail, stop=stop)
    return _weights_from_lower(inverse, dtype, on_left, out, stop)


def _weights_from_lower(inverse: np.ndarray, dtype: type,
                        on_left: Callable[[float], None] | None = None,
                        out: np.ndarray | None = None,
                        stop: Callable[[], bool] | None = None) -> np.ndarray:
    """B = -P / diag(P) column-wise with a zero diagonal, as a C-ordered ``dtype`` array (new, or
    ``out``), from ``P`` of which only the lower triangle is read (LAPACK's inverse leaves the
    rest).

    Square tiles of the lower triangle are each read once and written twice (in place and
    transposed): every tile costs the same, so the pace is even (reading whole rows of the
    Fortran-ordered triangle instead slowed from 6 to 55 ms per block as the rows went on, and
    the ETA with it), and no full mirror, float64 division or copy is made."""
    n = inverse.shape[0]
    scale = -1.0 / np.diag(inverse).astype(np.float64)
    if out is None:
        out = np.empty((n, n), dtype=dtype)
    starts = range(0, n, WEIGHTS_TILE)
    total = len(starts) * (len(starts) + 1) // 2
    pace, began, done = RecentRate(), time.perf_counter(), 0
    for j0 in starts:
        if stop is not None and stop():
            raise InverseStopped
        j1 = min(j0 + WEIGHTS_TILE, n)
        for i0 in range(j0, n, WEIGHTS_TILE):
            i1 = min(i0 + WEIGHTS_TILE, n)
            tile = inverse[i0:i1, j0:j1]
            if i0 == j0:
                tile = np.tril(tile) + np.tril(tile, -1).T
            out[i0:i1, j0:j1] = tile * scale[None, j0:j1]
            if i0 != j0:
                out[j0:j1, i0:i1] = tile.T * scale[None, i0:i1]
            done += 1
        left = pace.update(time.perf_counter() - began, done / total)
        # the estimate made after the factor stands until a tenth of the tiles are done
        if on_left is not None and left is not None and done >= 0.1 * total:
            on_left(left)
    out[np.arange(n), np.arange(n)] = 0.0
    return out


class EASE(Recommender):
    """EASE item-item autoencoder; see the module docstring."""

    name = "ease"
    Config = EASEConfig
    config: EASEConfig

    def _fit(self, data: Interactions, on_progress: ProgressCallback | None) -> None:
        cfg = self.config
        n = data.n_items
        need = inverse_memory_gb(n)
        limit = cfg.max_memory_gb
        physical = physical_memory_gb()
        if physical is not None:
            limit = min(limit, 0.8 * physical)
        if need > limit:
            raise ModelError(
                f"EASE needs a dense {n:,} × {n:,} item matrix and its inverse: about "
                f"{need:.1f} GB, above the limit of {limit:.1f} GB. Use item-kNN or ALS for a "
                "catalogue this wide, or raise max_memory_gb if the machine has the memory."
            )
        if n > WARN_ITEMS:
            report(on_progress, Progress(
                "stage", f"EASE: {n:,} items — the items × items inverse needs ~{need:.1f} GB",
                fraction=0.0))
        stopped = [False]

        def stage(message: str) -> Callable[[float], None]:
            """A stage's ``on_fraction``: reports it (timed from now) and keeps a stop request."""
            timer = StageTimer(message, on_progress)

            def on_fraction(fraction: float) -> None:
                stopped[0] = timer.update(fraction) or stopped[0]
            return on_fraction

        # written before the arithmetic, so that its pace is even (``core.touched_memory``)
        memory = touched_zeros([((n, n), np.float64), ((n, n), np.float32)],
                               stage("EASE: memory for the item matrices"), lambda: stopped[0])
        if memory is None:
            raise TrainingStopped("EASE: stopped before the inverse was done; nothing to keep")
        gram = item_gram(self._values(data.matrix), lambda: stopped[0],
                         stage("EASE: item Gram matrix"), out=memory[0])
        # The inverse is LAPACK and BLAS calls of up to seconds each that cannot be interrupted
        # (and release the GIL): they run in a helper thread while Stop is polled; an abandoned
        # inverse ends at its next block (``abandoned``), its matrices unused.
        latest: list[tuple[float, float]] = []  # (when, seconds then expected to be left)
        abandoned = [False]
        began = time.perf_counter()

        def status() -> tuple[float | None, float | None]:
            """(fraction, ETA) of the inverse from its latest estimate (the bar starts again
            from 0 for this stage; 'estimating…' until two of its blocks are done)."""
            if not latest:
                return 0.0, None
            when, left = latest[-1]
            now = time.perf_counter()
            left = max(left - (now - when), 0.0)
            spent = now - began
            return spent / max(spent + left, 1e-9), left

        done, weights = (False, None) if gram is None else polled(
            lambda: ease_weights(None, cfg.l2, gram, lambda left: latest.append(
                (time.perf_counter(), left)), dtype=np.float32, out=memory[1],
                stop=lambda: abandoned[0]),
            on_progress, "EASE: item × item inverse", status=status)
        if not done:
            abandoned[0] = True
            raise TrainingStopped("EASE: stopped before the inverse was done; nothing to keep")
        self.weights = weights
        report(on_progress, Progress("stage", "EASE: inverse done", fraction=1.0))
        self.popularity = np.bincount(data.matrix.indices, minlength=n).astype(np.float64)
        self._recency = recency_weights(data.matrix, data.timestamps, cfg.recency)

    def _values(self, rows: sp.spmatrix) -> sp.csr_matrix:
        m = sp.csr_matrix(rows, dtype=np.float32, copy=True)
        if not self.config.use_ratings:
            m.data = np.ones_like(m.data)
        return m

    def row_weights(self, rows: sp.spmatrix, user_indices: np.ndarray) -> sp.csr_matrix:
        """Each row's values (1 or rating) × its recency weight (1s when recency is off)."""
        values = self._values(rows)
        if getattr(self, "_recency", None) is None:
            return values
        weighted = values.multiply(row_recency(values, user_indices, self._recency))
        return sp.csr_matrix(weighted, dtype=np.float32)

    def score_rows(self, rows: sp.csr_matrix, user_indices: np.ndarray) -> np.ndarray:
        return np.asarray(self.row_weights(rows, np.asarray(user_indices)) @ self.weights)

    def explain(self, row: sp.csr_matrix, user_index: int, item_index: int) -> Explanation:
        w = self.row_weights(sp.csr_matrix(row), np.array([user_index]))
        own = w.indices
        contributions = w.data * self.weights[own, item_index]
        order = np.argsort(-contributions, kind="stable")[:EXPLAIN_TOP]
        order = order[contributions[order] > 0]
        if not len(order):
            n = int(self.popularity[item_index])
            return Explanation("popularity", (), f"none of your items points to it; "
                                                 f"popular with {n} users")
        contributors = tuple((self.item_ids[own[p]], float(contributions[p])) for p in order)
        return Explanation.naming("items", contributors, "because you liked {names}")

    # -- persistence (declared state; see core.persistence) ---------------------------------------

    def state_arrays(self) -> dict[str, np.ndarray | sp.csr_matrix]:
        state: dict[str, np.ndarray | sp.csr_matrix] = {
            "weights": self.weights, "popularity": self.popularity}
        if self._recency is not None:
            state["recency"] = self._recency
        return state

    def restore_state(self, arrays: dict[str, np.ndarray | sp.csr_matrix]) -> None:
        self.weights = np.asarray(arrays["weights"], dtype=np.float32)
        self.popularity = np.asarray(arrays["popularity"], dtype=np.float64)
        rec = arrays.get("recency")
        self._recency = None if rec is None else sp.csr_matrix(rec)
