"""Implicit-feedback matrix factorisation by alternating least squares (Hu, Koren, Volinsky,
"Collaborative Filtering for Implicit Feedback Datasets", ICDM 2008).

Every user × item cell has a preference p (1 where the user has the item, else 0) and a
confidence c = 1 + alpha × value (1 for the empty cells). ALS minimises

    Σ_{u,i} c_ui (p_ui − x_u · y_i)² + λ (Σ_u |x_u|² + Σ_i |y_i|²)

by fixing the item factors Y and solving every user's weighted least squares, then the other way
round. Each solve is a few conjugate-gradient steps warm-started from the previous factors (the
approach of Takács et al. 2011, as in the ``implicit`` library), vectorised over a block of
users at a time with sparse products: a step costs O(nnz × factors), and never forms a per-user
matrix. CG minimises the quadratic over a growing Krylov space from the previous point, so the
loss never rises from one iteration to the next; it is reported per iteration (``"epoch"``
events), which the training plot draws live, and the progress within an iteration after the
blocks (``"batch"`` events without a loss, ``_IterationProgress``). A stop request is honoured
between blocks: the rows solved so far keep their new factors, the rest their previous ones.

Blocks: every user's rows at once made each step write several (stored cells × factors)
temporaries — 1.3 GB each on 5·10^6 interactions, memory written for the first time at every
step — and an iteration there took 10-12 s. Blocks of ~``BLOCK_CELLS`` stored cells keep them in
cache, and run on ``WORKERS`` threads: 1.9-2.2 s, the same factors (tests/test_als.py).

Scoring folds a row in exactly: the user's factor is solved from the row being scored with Y
fixed (``fold_in``), so a new or edited user gets recommendations at once. With ``recency`` > 0
and timestamps the row's values are weighted exp(-r / recency) before the solve (the confidence
of an older item drops towards 1, i.e. towards "not seen"; ``core.models.recency``).

The user and item factors are the model's embeddings (``embeddings()``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import scipy.sparse as sp

from core.errors import ModelError
from core.interactions import Interactions
from core.models.base import Explanation, ModelConfig, Recommender
from core.models.params import param
from core.models.recency import recency_weights, row_recency, scoring_recency_param
from core.models.similar import unit_rows
from core.models.similarity import WORKERS, map_ordered
from core.progress import Progress, ProgressCallback, report
from core.progress_eta import RecentRate

T = TypeVar("T")
EXPLAIN_TOP = 3
BLOCK_CELLS = 1 << 15  # stored cells per block of rows solved together (module docstring)
REPORT_SECONDS = 0.05  # least time between two progress events within an iteration
# Share of an iteration's time spent on its loss, after both solves (medians 0.10-0.16 on the
# ML-1M, ML-20M × 0.25, shop and long-tail shapes): the first iteration's guess (then measured)
LOSS_SHARE = 0.13


@dataclass
class ALSConfig(ModelConfig):
    """Implicit ALS.

    factors: size of the user and item vectors.
    l2: lambda, the L2 penalty on every factor.
    alpha: confidence of an interaction is 1 + alpha x value.
    iterations: ALS sweeps (users, then items).
    cg_steps: conjugate-gradient steps per solve (warm-started).
    recency: decay of a user's older items at scoring time, exp(-r / recency); 0 = off.
    use_ratings: confidence grows with the rating instead of 1 per interaction.
    seed: initial factors.
    """

    factors: int = param(32, label="Factors", minimum=1, maximum=4096,
                         help="Length of each user's and item's vector.")
    l2: float = param(0.05, label="L2 penalty (λ)", minimum=0, maximum=1e6, log_scale=True,
                      help="Penalty on large factors; higher values give smoother factors.")
    alpha: float = param(
        1.0, label="Confidence (α)", minimum=0, exclusive_minimum=True, maximum=1e6,
        log_scale=True,
        help="An interaction counts 1 + α times as much as an empty cell in the loss.")
    iterations: int = param(15, label="Iterations", minimum=1, maximum=10_000,
                            help="Alternating sweeps: all users, then all items.")
    cg_steps: int = param(3, label="CG steps", minimum=1, maximum=100,
                          help="Conjugate-gradient steps per solve, warm-started.")
    recency: float = scoring_recency_param()
    use_ratings: bool = param(
        False, label="Use rating values",
        help="Confidence grows with the rating value instead of 1 per interaction.")
    seed: int = param(0, label="Random seed", minimum=0, maximum=2**31 - 1,
                      help="Fixes the initial factors so runs are repeatable.")


def cg_solve(
    conf: sp.csr_matrix, fixed: np.ndarray, current: np.ndarray, l2: float, steps: int,
    after_block: Callable[[int], bool] | None = None,
) -> np.ndarray:
    """Improve ``current`` (one factor row per row of ``conf``) toward the weighted least-squares
    solution with ``fixed`` held, by ``steps`` conjugate-gradient steps on every row, a block of
    rows at a time (``row_blocks``), on ``WORKERS`` threads.

    ``conf`` holds ``c − 1`` of the stored cells (the extra confidence); the preference is 1 there.
    Row u solves (FᵀF + Fᵀ(C_u − I)F + λI) x_u = Fᵀ C_u 1. ``after_block(cells)`` is called in
    row order after each block with its stored cells; when it returns True the remaining rows
    keep their ``current`` factors.
    """
    gram = fixed.T @ fixed + l2 * np.eye(fixed.shape[1])
    x = current.copy()

    def solve(block: tuple[int, int]) -> np.ndarray:
        lo, hi = block
        return _cg_rows(conf[lo:hi], fixed, x[lo:hi], gram, steps)

    solved = _over_blocks(solve, conf.indptr)
    try:
        for (lo, hi), rows in solved:
            x[lo:hi] = rows
            if after_block is not None and after_block(int(conf.indptr[hi] - conf.indptr[lo])):
                break
    finally:
        solved.close()  # a stop: blocks not started are dropped
    return x


def _over_blocks(fn: Callable[[tuple[int, int]], T], indptr: np.ndarray
                 ) -> Iterator[tuple[tuple[int, int], T]]:
    """``fn`` over the ``row_blocks`` of ``BLOCK_CELLS`` cells, in row order, on ``WORKERS``
    threads (one block: no pool)."""
    blocks = row_blocks(indptr, BLOCK_CELLS)
    return map_ordered(fn, iter(blocks), WORKERS if len(blocks) > 1 else 1)


def row_blocks(indptr: np.ndarray, cells: int) -> list[tuple[int, int]]:
    """Consecutive row ranges ``(lo, hi)`` of about ``cells`` stored cells each (a row with more
    forms a block of its own); together they cover every row."""
    n, out, lo = len(indptr) - 1, [], 0
    while lo < n:
        hi = int(np.searchsorted(indptr, indptr[lo] + cells, side="right")) - 1
        hi = min(max(hi, lo + 1), n)
        out.append((lo, hi))
        lo = hi
    return out


def _cg_rows(
    conf: sp.csr_matrix, fixed: np.ndarray, current: np.ndarray, gram: np.ndarray, steps: int
) -> np.ndarray:
    """``cg_solve``'s steps on the rows of one block (``gram`` = FᵀF + λI)."""
    counts = np.diff(conf.indptr)
    cols = conf.indices
    extra = conf.data.astype(np.float64)
    ones = sp.csr_matrix((extra + 1.0, cols, conf.indptr), shape=conf.shape)
    b = ones @ fixed
    fixed_at = fixed[cols]  # the fixed side's vector of every stored cell, gathered once
    owner = np.repeat(np.arange(conf.shape[0]), counts)  # each stored cell's row

    def apply(v: np.ndarray) -> np.ndarray:
        dots = np.einsum("ef,ef->e", fixed_at, v[owner])
        weighted = sp.csr_matrix((extra * dots, cols, conf.indptr), shape=conf.shape)
        return v @ gram + weighted @ fixed

    x = current.copy()
    r = b - apply(x)
    p = r.copy()
    rs = np.einsum("uf,uf->u", r, r)
    for _ in range(steps):
        ap = apply(p)
        denom = np.einsum("uf,uf->u", p, ap)
        alpha = np.divide(rs, denom, out=np.zeros_like(rs), where=denom > 1e-20)
        x += alpha[:, None] * p
        r -= alpha[:, None] * ap
        rs_new = np.einsum("uf,uf->u", r, r)
        beta = np.divide(rs_new, rs, out=np.zeros_like(rs), where=rs > 1e-20)
        p = r + beta[:, None] * p
        rs = rs_new
    return x


def als_loss(
    conf: sp.csr_matrix, users: np.ndarray, items: np.ndarray, l2: float
) -> float:
    """The ALS objective (module docstring) per user × item cell, computed in O(nnz × factors):
    Σ over all cells of s² plus, on the stored cells, c(1 − s)² − s², with s = x_u · y_i (a block
    of rows at a time, as ``cg_solve``)."""
    def stored_part(block: tuple[int, int]) -> float:
        lo, hi = block
        rows = conf[lo:hi]
        s = np.einsum("ef,ef->e", users[lo:hi][np.repeat(np.arange(hi - lo), np.diff(rows.indptr))],
                      items[rows.indices])
        c = rows.data.astype(np.float64) + 1.0
        return float(np.sum(c * (1.0 - s) ** 2 - s * s))

    stored = 0.0
    for _, part in _over_blocks(stored_part, conf.indptr):
        stored += part  # in row order, whatever the threads' timing
    all_cells = float(np.sum((users.T @ users) * (items.T @ items)))
    reg = l2 * float(np.sum(users * users) + np.sum(items * items))
    return (all_cells + stored + reg) / (conf.shape[0] * conf.shape[1])


class _IterationProgress:
    """``"batch"`` events within each ALS iteration (at most every ``REPORT_SECONDS``), with the
    ETA of the iterations' estimator counting down; ``stopped`` once a stop is asked for.

    An iteration is three parts: the users' solve, the items' solve (each by stored cells
    solved) and the loss. Their shares of the iteration's bar are their shares of the previous
    iteration's time (the first iteration guesses ``LOSS_SHARE`` for the loss and halves the
    rest): per stored cell the items' solve took 1.1-1.4x the users' on tables with many more
    users than items (it gathers the larger factor matrix), and the same bar for both made the
    pace within an iteration swing."""

    def __init__(self, on_progress: ProgressCallback | None, iterations: int, start: float,
                 pace: RecentRate):
        self.on_progress, self.iterations = on_progress, iterations
        self.start, self.pace = start, pace
        self.shares = [(1.0 - LOSS_SHARE) / 2, (1.0 - LOSS_SHARE) / 2, LOSS_SHARE]
        self.stopped = False
        self.iteration, self.part, self.cells, self.done = 0, 0, 1, 0
        self.began: list[float] = []  # when each part of this iteration began
        self.last_report = 0.0

    def begin(self, iteration: int) -> None:
        self.iteration, self.began = iteration, []

    def begin_part(self, part: int, cells: int) -> None:
        self.part, self.cells, self.done = part, max(cells, 1), 0
        self.began.append(time.perf_counter())

    def end(self) -> None:
        """The iteration is over: its parts' times set the next iteration's shares."""
        times = np.diff([*self.began, time.perf_counter()])
        if len(times) == len(self.shares) and times.sum() > 0:
            self.shares = list(times / times.sum())

    def after_block(self, cells: int) -> bool:
        self.done += cells
        now = time.perf_counter()
        if self.on_progress is None or now - self.last_report < REPORT_SECONDS:
            return False
        self.last_report = now
        within = sum(self.shares[:self.part]) + self.shares[self.part] * min(
            self.done / self.cells, 1.0)
        fraction = (self.iteration - 1 + within) / self.iterations
        elapsed = now - self.start
        # the ETA's pace is timed over whole iterations (the parts within one are too short to
        # time steadily on small tables), from the end of the first, which pays one-off costs
        # (threads starting, memory touched first); between iteration ends it counts down
        eta = self.pace.update(elapsed, (self.iteration - 1) / self.iterations)
        event = Progress("batch", f"ALS iteration {self.iteration}", epoch=self.iteration,
                         n_epochs=self.iterations, fraction=fraction, elapsed=elapsed, eta=eta)
        self.stopped = bool(report(self.on_progress, event))
        return self.stopped


class ALS(Recommender):
    """Implicit ALS; see the module docstring."""

    name = "als"
    Config = ALSConfig
    config: ALSConfig

    def _confidence(self, rows: sp.spmatrix, weights: sp.csr_matrix | None = None) -> sp.csr_matrix:
        """``alpha × value`` (× recency weight) per stored cell: the extra confidence c − 1."""
        m = sp.csr_matrix(rows, dtype=np.float64, copy=True)
        if not self.config.use_ratings:
            m.data = np.ones_like(m.data)
        if weights is not None:
            m = sp.csr_matrix(m.multiply(weights))
        m.sort_indices()
        m.data *= self.config.alpha
        return m

    def _fit(self, data: Interactions, on_progress: ProgressCallback | None) -> None:
        cfg = self.config
        conf = self._confidence(data.matrix)
        conf_t = sp.csr_matrix(conf.T)
        conf_t.sort_indices()
        rng = np.random.default_rng(cfg.seed)
        scale = 0.01
        users = rng.normal(0, scale, (data.n_users, cfg.factors))
        items = rng.normal(0, scale, (data.n_items, cfg.factors))
        history: list[float] = []
        # the ETA (``core.progress_eta``): from whole iterations, the first one left out
        start, pace = time.perf_counter(), RecentRate(min_intervals=1)
        within = _IterationProgress(on_progress, cfg.iterations, start, pace)
        for it in range(1, cfg.iterations + 1):
            within.begin(it)
            within.begin_part(0, conf.nnz)
            users = cg_solve(conf, items, users, cfg.l2, cfg.cg_steps, within.after_block)
            if not within.stopped:
                within.begin_part(1, conf.nnz)
                items = cg_solve(conf_t, users, items, cfg.l2, cfg.cg_steps, within.after_block)
            if within.stopped:
                break
            within.begin_part(2, 0)
            loss = als_loss(conf, users, items, cfg.l2)
            within.end()
            if not np.isfinite(loss):
                raise ModelError(f"ALS diverged at iteration {it}; raise l2 and retrain")
            history.append(loss)
            elapsed = time.perf_counter() - start
            event = Progress("epoch", f"ALS iteration {it}", epoch=it, n_epochs=cfg.iterations,
                             loss=loss, fraction=it / cfg.iterations, elapsed=elapsed,
                             eta=pace.update(elapsed, it / cfg.iterations))
            if report(on_progress, event):
                break
        self.loss_history = np.asarray(history)
        self.user_factors = users.astype(np.float32)
        self.item_factors = items.astype(np.float32)
        self.popularity = np.bincount(data.matrix.indices, minlength=data.n_items).astype(
            np.float64)
        self._recency = recency_weights(data.matrix, data.timestamps, cfg.recency)
        self._gram = None
        report(on_progress, Progress("done", f"ALS: {len(self.loss_history)} iteration(s)",
                                     fraction=1.0))

    # -- scoring ----------------------------------------------------------------------------------

    def fold_in(self, rows: sp.spmatrix, user_indices: np.ndarray) -> np.ndarray:
        """Each row's user factor, solved exactly with the item factors fixed."""
        cfg = self.config
        rows = sp.csr_matrix(rows)
        weights = None
        if getattr(self, "_recency", None) is not None:
            weights = row_recency(rows, np.asarray(user_indices), self._recency)
        conf = self._confidence(rows, weights)
        y = self.item_factors.astype(np.float64)
        if getattr(self, "_gram", None) is None:
            self._gram = y.T @ y + cfg.l2 * np.eye(y.shape[1])
        out = np.zeros((rows.shape[0], y.shape[1]))
        for u in range(rows.shape[0]):
            lo, hi = conf.indptr[u], conf.indptr[u + 1]
            if lo == hi:
                continue
            yu = y[conf.indices[lo:hi]]
            extra = conf.data[lo:hi]
            a = self._gram + yu.T @ (yu * extra[:, None])
            out[u] = np.linalg.solve(a, yu.T @ (extra + 1.0))
        return out

    def score_rows(self, rows: sp.csr_matrix, user_indices: np.ndarray) -> np.ndarray:
        factors = self.fold_in(rows, user_indices).astype(np.float32)
        scores = factors @ self.item_factors.T
        empty = np.diff(sp.csr_matrix(rows).indptr) == 0
        if empty.any():  # nothing to fold in: most popular first
            scores[empty] = self.popularity / max(self.popularity.max(), 1.0)
        return scores

    def explain(self, row: sp.csr_matrix, user_index: int, item_index: int) -> Explanation:
        """The user's items whose factor points most the recommended item's way."""
        own = sp.csr_matrix(row).indices
        own = own[own != item_index]
        if not len(own):
            n = int(self.popularity[item_index])
            return Explanation("popularity", (), f"you have no items yet; popular with {n} users")
        # only the rows used are normalised (all of them cost ~3 ms per reason at 50,000 items)
        sim = unit_rows(self.item_factors[own]) @ unit_rows(self.item_factors[[item_index]])[0]
        order = np.argsort(-sim, kind="stable")[:EXPLAIN_TOP]
        top = tuple((self.item_ids[own[j]], float(sim[j])) for j in order)
        return Explanation.naming("embedding", top, "close, in the learned factors, to {names}")

    def embeddings(self) -> dict[str, np.ndarray]:
        """The learned factors: ``{"users": n_users × f, "items": n_items × f}``."""
        return {"users": self.user_factors, "items": self.item_factors}

    # -- persistence (declared state; see core.persistence) ---------------------------------------

    def state_arrays(self) -> dict[str, np.ndarray | sp.csr_matrix]:
        state: dict[str, np.ndarray | sp.csr_matrix] = {
            "user_factors": self.user_factors, "item_factors": self.item_factors,
            "popularity": self.popularity,
            "loss_history": np.asarray(self.loss_history, dtype=np.float64),
        }
        if self._recency is not None:
            state["recency"] = self._recency
        return state

    def restore_state(self, arrays: dict[str, np.ndarray | sp.csr_matrix]) -> None:
        self.user_factors = np.asarray(arrays["user_factors"], dtype=np.float32)
        self.item_factors = np.asarray(arrays["item_factors"], dtype=np.float32)
        self.popularity = np.asarray(arrays["popularity"], dtype=np.float64)
        self.loss_history = np.asarray(arrays["loss_history"], dtype=np.float64)
        rec = arrays.get("recency")
        self._recency = None if rec is None else sp.csr_matrix(rec)
        self._gram = None
