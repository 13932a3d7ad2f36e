"""Evaluate a fitted recommender on a ``Split`` (protocols and formulas: docs/METRICS.md).

The model must have been fitted on ``split.train``. Test users are scored with
``model.masked_scores(train rows, user indices)`` (the models' one score → mask seen step);
each user's training items are removed from the candidates, and every test item gets a 1-based
rank among the candidates:

- ``full`` protocol (default): candidates are all items not in the user's training row.
- ``sampled-N`` protocol: candidates are the user's test items plus ``N`` items drawn uniformly,
  without replacement, from the items the user has neither in train nor in test (all of them when
  fewer exist). Draws are seeded by ``seed``: one random key per (test user, item), drawn user
  after user from one stream, so they depend neither on ``batch_size`` nor on the blocks.

Progress is reported (and a stop request honoured) per batch of ``batch_size`` users. Within a
batch, users are scored and ranked in blocks of at most ``block_entries()`` scores (users ×
items), so no dense temporary grows with ``batch_size`` times the number of items. On the shop
shape (50k items) a batch of 1024 users made a 51M-score block (~600 MB with its float64
copy) whose single numpy calls ran for 0.1-3 s; while user-kNN was evaluated in the app, the
window stalled for up to 120 ms at them (``benchmarks.app_tasks.evaluation_responsiveness``).
Smaller blocks are also faster, because they stay in cache. Blocks hold 8M scores by default
(in scripts, fewer and larger blocks are faster, because models pay a fixed cost per scoring
call) and 2M when an interactive front end asked for short compiled calls
(``core.gil_budget``, set by the desktop app). Scores are ranked in the model's own floating
dtype: converting float32 to float64 is exact and keeps every order, so the conversion changed
nothing and only cost a copy. Results do not depend on the block size.

Ties are pessimistic: a test item is placed after every non-test candidate whose score is greater
than *or equal* to its own, so a model that scores everything alike cannot look good. Its rank is
``#{non-test candidates with score >= s} + p``, where ``p`` is its position among the user's test
items sorted by score (descending; ties among test items in any order, which no metric can see).
NaN scores count as -inf. Coverage@K always uses the full top-K lists (``core.ranking.top_k``),
i.e. what the app would recommend, under both protocols.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from core import gil_budget
from core.errors import DataError, ModelError
from core.evaluation.metrics import METRIC_NAMES, coverage, metric_key, per_user_metrics
from core.evaluation.splits import Split
from core.models.base import Recommender
from core.progress import Progress, ProgressCallback, report
from core.progress_eta import RecentRate
from core.ranking import mask_seen, top_k

# Scores ranked at once (users × items of a block; also bounds the entries × items temporary
# that counts ranks when users have several test items). See the module docstring.
BLOCK_ENTRIES = 1 << 23
SHORT_BLOCK_ENTRIES = 1 << 21  # when a front end asked for short compiled calls (gil_budget)


@dataclass
class EvalResult:
    """Mean metrics over the evaluated test users.

    ``metrics`` keys are "HR@10", "NDCG@10", "Precision@10", "Recall@10", "MAP@10", "MRR@10" and
    "Coverage@10" (for ``k=10``). ``per_user`` (when asked for) maps "user" (user indices) and each
    metric name without "@K" ("HR", "NDCG", ...) plus "rank" (best rank of the user's test items)
    to arrays aligned with each other. ``complete`` is False when a stop was requested and only
    the first ``n_users`` test users were evaluated.
    """

    metrics: dict[str, float]
    protocol: str  # "full" or "sampled-99"
    k: int
    n_users: int
    seconds: float
    per_user: dict[str, np.ndarray] | None = None
    complete: bool = True
    split: str = ""
    # Top-K item indices of each evaluated test user (-1 padding) and the rank of each of their
    # held-out entries (aligned with ``concatenate(split.test_items[:n_users])``): what
    # ``core.evaluation.beyond`` needs.
    top_items: np.ndarray | None = None
    test_ranks: np.ndarray | None = None

    def to_dict(self) -> dict:
        """Plain JSON-ready data (without per-user arrays)."""
        return {
            "protocol": self.protocol, "split": self.split, "k": self.k,
            "n_users": self.n_users, "seconds": round(self.seconds, 3),
            "complete": self.complete, "metrics": dict(self.metrics),
        }


def evaluate(
    model: Recommender,
    split: Split,
    k: int = 10,
    sampled: int | None = None,
    seed: int = 0,
    on_progress: ProgressCallback | None = None,
    *,
    batch_size: int = 1024,
    per_user: bool = False,
) -> EvalResult:
    """Rank metrics @``k`` of ``model`` (fitted on ``split.train``) on the held-out items.

    ``sampled=N`` switches to the sampled-N protocol (see module docstring). Progress is
    reported per batch of ``batch_size`` users (scored in smaller blocks, see the module
    docstring); when ``on_progress`` asks to stop, the metrics over the users evaluated so far
    are returned with ``complete=False``.
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    if sampled is not None and sampled < 1:
        raise ValueError(f"sampled must be a positive number of items, got {sampled}")
    train = split.train.matrix
    n_items = train.shape[1]
    _check_model(model, split)
    if len(split.test_users) == 0:
        raise DataError(
            "the split has no test users (does every user have fewer than 2 interactions?)",
            split.train.name or None,
        )
    if len(model.item_ids) != n_items:
        raise ModelError(
            f"the model knows {len(model.item_ids)} items but the split has {n_items}; "
            "fit it on split.train"
        )
    started = time.perf_counter()
    users = np.asarray(split.test_users, dtype=np.int64)
    n_relevant = np.array([len(t) for t in split.test_items], dtype=np.int64)
    if np.any(n_relevant < 1):
        raise ValueError("every test user needs at least one test item")
    offsets = np.concatenate([[0], np.cumsum(n_relevant)])
    items = np.concatenate(split.test_items).astype(np.int64)
    rng = np.random.default_rng(seed)

    ranks = np.empty(len(items), dtype=np.int64)
    tops: list[np.ndarray] = []
    n_batches = -(-len(users) // batch_size)
    entries = block_entries()
    step = block_rows(n_items, batch_size, entries)
    done = 0
    pace = RecentRate()  # the ETA (``core.progress_eta``)
    for b in range(n_batches):
        lo, hi = b * batch_size, min(len(users), (b + 1) * batch_size)
        for start in range(lo, hi, step):
            end = min(hi, start + step)
            rows = train[users[start:end]]
            scores = model.masked_scores(rows, users[start:end])
            tops.append(top_k(scores, k)[0])
            e_lo, e_hi = offsets[start], offsets[end]
            block = _Block(rows, scores, offsets[start:end + 1] - e_lo, items[e_lo:e_hi])
            if sampled is None:
                ranks[e_lo:e_hi] = _full_ranks(block, entries)
            else:
                ranks[e_lo:e_hi] = _sampled_ranks(block, sampled, rng)
            del scores, block  # free the block before the next one is scored
        done = hi

        elapsed = time.perf_counter() - started
        event = Progress(
            "batch", f"evaluating {done}/{len(users)} users", fraction=done / len(users),
            batch=b + 1, n_batches=n_batches, elapsed=elapsed,
            eta=pace.update(elapsed, done / len(users)),
        )
        if report(on_progress, event) and done < len(users):
            break

    n_eval_entries = offsets[done]
    owner = np.repeat(np.arange(done), n_relevant[:done])
    values = per_user_metrics(ranks[:n_eval_entries], owner, n_relevant[:done], k)
    metrics = {metric_key(name, k): float(values[name].mean()) for name in METRIC_NAMES}
    metrics[metric_key("Coverage", k)] = coverage(np.concatenate(tops), n_items)
    detail = None
    if per_user:
        best = np.full(done, np.iinfo(np.int64).max)
        np.minimum.at(best, owner, ranks[:n_eval_entries])
        detail = {"user": users[:done].copy(), **values, "rank": best}
    result = EvalResult(
        metrics=metrics,
        protocol="full" if sampled is None else f"sampled-{sampled}",
        k=k,
        n_users=done,
        seconds=time.perf_counter() - started,
        per_user=detail,
        complete=done == len(users),
        split=split.name,
        top_items=np.concatenate(tops)[:done] if tops else np.zeros((0, k), np.int64),
        test_ranks=ranks[:n_eval_entries].copy(),
    )
    report(on_progress, Progress(
        "done", "evaluation finished" if result.complete else "evaluation stopped",
        fraction=done / len(users), metrics=dict(metrics), elapsed=result.seconds,
    ))
    return result


def _check_model(model: Recommender, split: Split) -> None:
    if not model.is_fitted or model.train_matrix is None:
        raise ModelError("the model is not trained yet; fit it on split.train first")
    if list(model.item_ids) != list(split.train.item_ids) or len(model.user_ids) != (
        split.train.n_users
    ):
        raise ModelError("the model was not fitted on this split's training table")
    if model.train_matrix.nnz != split.train.nnz:
        # Typically fitted on the whole table: the held-out items would be known to the model.
        raise ModelError(
            "the model was fitted on a different table than split.train "
            f"({model.train_matrix.nnz:,} vs {split.train.nnz:,} interactions); fit it on "
            "split.train so the test items stay hidden"
        )


def block_entries() -> int:
    """Scores per block: ``SHORT_BLOCK_ENTRIES`` when an interactive front end set a GIL budget
    (``core.gil_budget``), else ``BLOCK_ENTRIES`` (see the module docstring)."""
    return SHORT_BLOCK_ENTRIES if gil_budget.call_seconds() is not None else BLOCK_ENTRIES


def block_rows(n_items: int, batch_size: int, entries: int) -> int:
    """Users scored and ranked at once: at most as many as fit in ``entries`` scores (at least
    one), evened out so that the blocks of a batch of ``batch_size`` users are alike."""
    fit = max(1, entries // max(n_items, 1))
    n_blocks = -(-batch_size // fit)
    return -(-batch_size // n_blocks)


@dataclass
class _Block:
    """One block of consecutive test users: their training rows, their masked scores (the
    model's floating dtype, ranked as is: comparisons are exact in any float dtype), the
    offsets of their test entries (``starts[u]`` .. ``starts[u + 1]``) and those entries'
    items."""

    rows: sp.csr_matrix
    scores: np.ndarray
    starts: np.ndarray
    cols: np.ndarray

    @property
    def local(self) -> np.ndarray:
        """Each test entry's row in the block."""
        return np.repeat(np.arange(len(self.starts) - 1), np.diff(self.starts))


def _full_ranks(block: _Block, entries: int) -> np.ndarray:
    """Pessimistic rank of each test entry among all items not in its user's training row."""
    local, cols, scores = block.local, block.cols, block.scores
    own = scores[local, cols]
    position = _position_among_own(local, own, block.starts)
    scores[local, cols] = -np.inf  # from here on, scores hold non-test candidates only
    above = _count_at_least(scores, local, own, entries)
    n_train = np.diff(block.rows.indptr)[local]
    everything = scores.shape[1] - n_train - np.diff(block.starts)[local]
    return np.where(np.isneginf(own), everything, above) + position


def _sampled_ranks(block: _Block, sampled: int, rng: np.random.Generator) -> np.ndarray:
    """Pessimistic rank of each test entry among its user's test items and ``sampled`` drawn
    negatives (``_sample_negatives``)."""
    local, cols, scores = block.local, block.cols, block.scores
    own = scores[local, cols]
    position = _position_among_own(local, own, block.starts)
    scores[local, cols] = -np.inf
    negatives, valid = _sample_negatives(block.rows, local, cols, scores.shape[1], sampled, rng)
    neg_scores = np.take_along_axis(scores, negatives, axis=1)
    above = np.sum(valid[local] & (neg_scores[local] >= own[:, None]), axis=1)
    return above + position


def _position_among_own(local: np.ndarray, own: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """1-based position of each test entry among its user's test items, by score descending."""
    order = np.lexsort((-own, local))
    position = np.empty(len(own), dtype=np.int64)
    position[order] = np.arange(len(own)) - starts[local[order]] + 1
    return position


def _count_at_least(
    scores: np.ndarray, local: np.ndarray, own: np.ndarray, entries: int
) -> np.ndarray:
    """For each entry e: number of items in row ``local[e]`` of ``scores`` with score >= own[e]
    (rows gathered at most ``entries`` scores at a time)."""
    if len(local) == scores.shape[0]:  # one test item per user: compare the block directly
        return np.count_nonzero(scores >= own[:, None], axis=1)
    out = np.empty(len(local), dtype=np.int64)
    step = max(1, entries // max(scores.shape[1], 1))
    for lo in range(0, len(local), step):
        hi = lo + step
        out[lo:hi] = np.count_nonzero(scores[local[lo:hi]] >= own[lo:hi, None], axis=1)
    return out


def _sample_negatives(
    rows: sp.csr_matrix, local: np.ndarray, cols: np.ndarray, n_items: int, n: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """``n`` items per row drawn uniformly without replacement from items neither in the row
    (train) nor among the row's test items; ``valid`` is False for padding when fewer exist."""
    keys = rng.random((rows.shape[0], n_items))
    mask_seen(keys, rows)  # -inf for training items
    keys[local, cols] = -np.inf  # and for test items
    take = min(n, n_items)
    if take < n_items:
        chosen = np.argpartition(-keys, take - 1, axis=1)[:, :take]
    else:
        chosen = np.broadcast_to(np.arange(n_items), keys.shape).copy()
    valid = np.isfinite(np.take_along_axis(keys, chosen, axis=1))
    return chosen, valid
