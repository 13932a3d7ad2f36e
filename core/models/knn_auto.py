"""item-kNN's "auto" neighbourhood: how to score, chosen at fit time on held-out training data.

Two choices change item-kNN's accuracy a lot and in opposite directions on different data, and
nothing in a table's size or density tells which way (measured in ``benchmarks.shapes``,
docs/METRICS.md "item-kNN's auto neighbourhood"):

- *orientation*: "top-k" scores a candidate from its own k nearest items, "reverse" from the
  neighbour lists of the user's items (implicit's item-item models). top-k is far ahead on
  MovieLens and on session-structured logs (+0.03 to +0.07 HR@10), the two are equal within
  noise on the generated long-tail and planted shapes.
- *recency* (``core.models.recency``): a large gain where timestamps order what users do
  (MovieLens 100K: HR@10 0.12 → 0.21) and a loss where they do not (a sparse event log with
  daily timestamps, where every item a user has is evidence; generated timestamps carry no
  order at all).

So they are measured: ``choose_scoring`` holds out the latest training interaction (a seeded
random one without timestamps) of a seeded sample of users — at most ``SAMPLE_USERS`` users with
at most ``SAMPLE_INTERACTIONS`` interactions and ``SAMPLE_COST`` item-item multiply-adds
between them, only their rows kept — fits item-kNN
on that sample once (the k-nearest lists serve both orientations), and ranks the held-out items
(HR@10, full ranking, as ``core.evaluation``) under each candidate: both orientations, each with
and without the recency decay when the data has timestamps. The starting guess (top-k with
timestamps, reverse without) is kept unless another candidate is better by more than ``Z``
standard errors of the paired per-user difference — so noise does not flip the choice. The
caller's own test items are never seen: only its training table is split. The check runs before
the similarities and costs about one fit on the (capped) sample — a few tenths of a second on the
ML-1M and shop shapes — so it reports one stage event without a fraction before and after, and
the similarity stage's ETA stays the time left of the whole fit.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

from core import gil_budget
from core.interactions import Interactions
from core.models.recency import recency_weights
from core.models.sparse_similarity import row_of_entries, sparse_cost
from core.progress import Progress, ProgressCallback, report

if TYPE_CHECKING:
    from core.evaluation.splits import Split
    from core.models.knn import ItemKNN
    from core.models.similarity import Neighbourhood

SAMPLE_USERS = 1_000
SAMPLE_INTERACTIONS = 50_000
# and at most this Σ over sampled users of their number of items squared: what the sample's
# item-item product costs in multiply-adds (3M: ~1,000 users of the events shape, a third of the
# long-tail shape's cost, ~60 users of the ML-1M shape)
SAMPLE_COST = 3_000_000
MIN_TEST_USERS = 50  # fewer held-out users than this: too few to measure, keep the guess
Z = 2.0
SEED = 0
ORIENTATIONS: tuple[Neighbourhood, ...] = ("top-k", "reverse")
STAGE = "choosing the neighbourhood on held-out items"
K = 10  # HR@10


def choose_scoring(
    model: ItemKNN, data: Interactions, guess: Neighbourhood,
    on_progress: ProgressCallback | None = None,
) -> tuple[Neighbourhood, float] | None:
    """(neighbourhood, recency decay) for ``model`` (item-kNN, neighbourhood "auto") on its
    training table ``data``: ``guess`` and the configured decay when no other candidate is
    clearly better or too few users have 2 interactions; None when a stop was requested."""
    from core.evaluation import leave_last_out
    from core.models.knn import ItemKNN

    cfg = model.config
    default = (guess, cfg.recency)
    split = leave_last_out(sample_users(data), seed=SEED)
    if len(split.test_users) < MIN_TEST_USERS:
        return default
    recencies = (cfg.recency, 0.0) if data.timestamps is not None and cfg.recency > 0 else (
        cfg.recency,)
    candidates = [(nb, r) for nb in ORIENTATIONS for r in recencies]
    # One stage event without a fraction before and after the work: the sample is capped, so
    # the check is short (< ~0.5 s), and a stop request is honoured at both points.
    if report(on_progress, Progress("stage", STAGE)):
        return None
    inner_cfg = copy.copy(cfg)  # (already validated: no second pass over its fields)
    inner_cfg.neighbourhood = guess
    inner = ItemKNN(inner_cfg)
    inner.product, inner.compiled, inner.keep_nearest = model.product, model.compiled, True
    inner.fit(split.train)
    hits: dict[tuple[Neighbourhood, float], np.ndarray] = {}
    ndcg: dict[tuple[Neighbourhood, float], float] = {}
    # each decay's weights once for both orientations (the configured one's came with the fit)
    weights = {r: inner._recency if r == cfg.recency else
               recency_weights(split.train.matrix, split.train.timestamps, r) for r in recencies}
    for nb, recency in candidates:
        if nb != inner.neighbourhood:
            inner.use_neighbourhood(inner._nearest, nb)
            inner.neighbourhood = nb
        inner.use_recency(weights[recency], recency)
        ranks = held_out_ranks(inner, split)
        hits[(nb, recency)] = (ranks <= K).astype(np.float64)
        ndcg[(nb, recency)] = float(np.where(ranks <= K, 1.0 / np.log2(ranks + 1.0), 0.0).mean())
    if report(on_progress, Progress("stage", STAGE)):
        return None
    best = max(candidates, key=lambda c: (hits[c].mean(), ndcg[c]))
    return best if better(hits[best], hits[default]) else default


def held_out_ranks(model: ItemKNN, split: Split) -> np.ndarray:
    """Rank (1-based) of each test user's first held-out item among the items not in their
    training row, as ``core.evaluation`` ranks them (full ranking, ties count against the item,
    rows without any positive score ranked by popularity), from the sparse product of the users'
    weighted rows and the similarity matrix instead of dense score rows.

    Users are ranked in parts of about ``core.gil_budget``'s seconds of scipy's product when a
    window must stay responsive (one part for 1,000 users held the GIL ~60 ms on the shop
    shape); every user's rank is its own, so the parts give the same ranks."""
    users = np.asarray(split.test_users)
    held = np.array([t[0] for t in split.test_items], dtype=np.int64)
    rows = sp.csr_matrix(split.train.matrix[users])
    weights = sp.csr_matrix(model.row_weights(rows, users))
    parts = [(0, len(users))]
    if gil_budget.call_seconds() is not None:
        parts = gil_budget.cut_by_cost(sparse_cost(weights, model.similarity_matrix))
    if len(parts) <= 1:
        return _ranks(model, rows, weights, held)
    return np.concatenate([_ranks(model, rows[a:b], weights[a:b], held[a:b]) for a, b in parts])


def _ranks(model: ItemKNN, rows: sp.csr_matrix, weights: sp.csr_matrix,
           held: np.ndarray) -> np.ndarray:
    """``held_out_ranks`` for one part of the users (their training rows and weighted rows)."""
    n_items = rows.shape[1]
    scores = sp.csr_matrix(weights @ model.similarity_matrix)
    scores.data[scores.data < 0] = 0  # (similarities are positive; kept as evaluate's >= 0)
    scores.eliminate_zeros()
    own = np.asarray(scores[np.arange(rows.shape[0]), held], dtype=np.float64).ravel()
    # seen items are no candidates: count every stored score >= own, minus the seen ones
    seen = sp.csr_matrix(scores.multiply(sp.csr_matrix(rows, dtype=bool)))
    at_least = _count_at_least(scores, own) - _count_at_least(seen, own)
    # own counted in at_least; an item without a score ties with every unscored unseen item
    ranks = np.where(own > 0, at_least, n_items - np.diff(rows.indptr)).astype(np.int64)
    # rows without any positive score: popularity order (``_fallback``)
    empty = np.flatnonzero(np.diff(scores.indptr) == 0)
    if len(empty):
        pop = model.popularity
        p = pop[held[empty]]
        above = len(pop) - np.searchsorted(np.sort(pop), p, side="left")  # items with pop >= p
        own_rows = rows[empty]
        at = row_of_entries(own_rows)
        seen_above = np.bincount(at, weights=pop[own_rows.indices] >= p[at],
                                 minlength=len(empty))
        ranks[empty] = (above - seen_above).astype(np.int64)
    return ranks


def _count_at_least(m: sp.csr_matrix, values: np.ndarray) -> np.ndarray:
    """Per row r of ``m``: how many stored entries are >= ``values[r]``."""
    at = row_of_entries(m)
    return np.bincount(at, weights=m.data >= values[at], minlength=m.shape[0])


def better(a: np.ndarray, b: np.ndarray, z: float = Z) -> bool:
    """Whether per-user hits ``a`` beat ``b`` (same users) by more than ``z`` standard errors of
    the mean paired difference."""
    d = np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64)
    if len(d) < 2:
        return False
    se = d.std(ddof=1) / np.sqrt(len(d))
    return bool(d.mean() > z * se) if se > 0 else bool(d.mean() > 0)


def sample_users(data: Interactions) -> Interactions:
    """``data`` with only a seeded sample of users' rows kept (same users and items index): users
    in a seeded random order, as many as fit in ``SAMPLE_USERS``, ``SAMPLE_INTERACTIONS`` and
    ``SAMPLE_COST`` (at least one)."""
    counts = np.diff(data.matrix.indptr)
    order = np.random.default_rng(SEED).permutation(np.flatnonzero(counts > 0))
    degree = counts[order].astype(np.float64)
    within = (np.cumsum(degree) <= SAMPLE_INTERACTIONS) & (np.cumsum(degree**2) <= SAMPLE_COST)
    within[:1] = True
    chosen = order[within][:SAMPLE_USERS]
    if len(chosen) == len(order):
        return data
    return _rows_only(data, np.sort(chosen))


def _rows_only(data: Interactions, users: np.ndarray) -> Interactions:
    """``data`` with only ``users``' rows (ascending) kept: what ``filter_entries`` gives for
    their entries, gathering just those instead of masking the whole table."""
    indptr = data.matrix.indptr
    lengths = np.diff(indptr)[users]
    offsets = np.cumsum(lengths) - lengths
    at = np.repeat(indptr[users] - offsets, lengths) + np.arange(int(lengths.sum()))
    counts = np.zeros(data.n_users, dtype=np.int64)
    counts[users] = lengths
    new_indptr = np.zeros(data.n_users + 1, dtype=np.int64)
    np.cumsum(counts, out=new_indptr[1:])
    m = sp.csr_matrix((data.matrix.data[at], data.matrix.indices[at], new_indptr),
                      shape=data.shape)
    m.has_sorted_indices = True
    return Interactions(
        list(data.user_ids), list(data.item_ids), m,
        None if data.timestamps is None else data.timestamps[at],
        data.explicit, dict(data.items_info), data.name,
        input_order=None if data.input_order is None else data.input_order[at],
    )
