"""Beyond accuracy: coverage, novelty, intra-list diversity, popularity bias, user/item groups.

Everything here works on plain arrays computed from the *training* table and the top-K lists the
evaluator produced (``EvalResult.top_items``, one row per evaluated test user, -1 padding).
Formulas, with hand-computed examples, are in docs/METRICS.md ("Beyond accuracy"):

- popularity of item i = number of training users who have i (``item_popularity``);
- novelty = mean over recommended slots of -log2(max(pop_i, 1) / n_users) (self-information);
- intra-list diversity = mean over lists of (1 - mean pairwise cosine of the list's item vectors);
- popularity percentile of an item = 100 * (average rank of pop_i among all items - 1) /
  (n_items - 1): the least popular item is 0, the most popular 100 (ties share their mean rank);
- user groups by training interactions: cold (<= 5), heavy (the top 10 % of users by count, and
  more than 5), regular (the rest); item groups: head (the 20 % most popular items), tail.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from core.evaluation.evaluate import EvalResult
from core.evaluation.metrics import coverage
from core.evaluation.splits import Split

COLD_MAX = 5  # users with at most this many training interactions are "cold"
HEAVY_SHARE = 0.10  # the most active users (by count) that are "heavy"
HEAD_SHARE = 0.20  # the most popular items that make the "head"
USER_GROUPS = ("cold", "regular", "heavy")
ITEM_GROUPS = ("head", "tail")


def item_popularity(train: sp.csr_matrix) -> np.ndarray:
    """Training users per item (each stored entry counts once, whatever its value)."""
    m = sp.csr_matrix(train)
    return np.bincount(m.indices, minlength=m.shape[1]).astype(np.int64)


def novelty(top_items: np.ndarray, popularity: np.ndarray, n_users: int) -> float:
    """Mean self-information -log2(p_i) of the recommended items, p_i = max(pop_i, 1) / n_users.

    Items no training user has count as popularity 1 (their information is log2(n_users)).
    """
    items = _valid(top_items)
    if len(items) == 0 or n_users < 1:
        return 0.0
    p = np.maximum(popularity[items], 1) / n_users
    return float(np.mean(-np.log2(p)))


def interaction_vectors(train: sp.csr_matrix) -> sp.csr_matrix:
    """Items × users binary matrix: each item described by who interacted with it."""
    m = sp.csr_matrix(train, copy=True)
    m.data = np.ones_like(m.data, dtype=np.float64)
    return sp.csr_matrix(m.T)


def genre_vectors(item_ids: list[str], items_info: dict) -> sp.csr_matrix | None:
    """Items × genres binary matrix, or None when no item has a genre."""
    genres: dict[str, int] = {}
    rows, cols = [], []
    for i, item in enumerate(item_ids):
        info = items_info.get(item)
        for g in getattr(info, "genres", ()) or ():
            rows.append(i)
            cols.append(genres.setdefault(g, len(genres)))
    if not genres:
        return None
    data = np.ones(len(rows))
    return sp.csr_matrix((data, (rows, cols)), shape=(len(item_ids), len(genres)))


def intra_list_diversity(top_items: np.ndarray, vectors: sp.spmatrix) -> float:
    """Mean over lists (with >= 2 items) of 1 - mean pairwise cosine of the items' vectors.

    Uses ||sum_i v_i||^2 = sum_i ||v_i||^2 + 2 sum_{i<j} v_i·v_j on unit-normalised rows, so no
    k × k block is built. An item with an all-zero vector has cosine 0 with every other item.
    """
    tops = np.atleast_2d(np.asarray(top_items, dtype=np.int64))
    v = sp.csr_matrix(vectors, dtype=np.float64)
    norms = np.sqrt(np.asarray(v.multiply(v).sum(axis=1)).ravel())
    unit = sp.diags(np.where(norms > 0, 1.0 / np.maximum(norms, 1e-300), 0.0)) @ v
    valid = tops >= 0
    sizes = valid.sum(axis=1)
    keep = sizes >= 2
    if not np.any(keep):
        return 0.0
    tops, valid, sizes = tops[keep], valid[keep], sizes[keep]
    rows = np.repeat(np.arange(len(tops)), valid.sum(axis=1))
    lists = sp.csr_matrix(
        (np.ones(len(rows)), (rows, tops[valid])), shape=(len(tops), v.shape[0])
    )
    summed = lists @ unit
    total = np.asarray(summed.multiply(summed).sum(axis=1)).ravel()
    self_part = np.asarray(lists @ (norms > 0).astype(np.float64)).ravel()
    mean_cos = (total - self_part) / (sizes * (sizes - 1))
    return float(np.mean(1.0 - mean_cos))


def popularity_percentiles(popularity: np.ndarray) -> np.ndarray:
    """Each item's popularity percentile, 0 = least popular, 100 = most (ties: mean rank)."""
    n = len(popularity)
    if n < 2:
        return np.full(n, 100.0)
    _, inverse, counts = np.unique(popularity, return_inverse=True, return_counts=True)
    first = np.cumsum(counts) - counts + 1  # 1-based rank of each distinct value's first item
    average = first + (counts - 1) / 2.0
    return 100.0 * (average[inverse.ravel()] - 1.0) / (n - 1)


def user_groups(train: sp.csr_matrix) -> np.ndarray:
    """Group name of every training user: "cold", "regular" or "heavy" (module docstring)."""
    counts = np.diff(sp.csr_matrix(train).indptr)
    groups = np.full(len(counts), "regular", dtype=object)
    active = np.sort(counts[counts > 0])[::-1]
    if len(active):
        n_heavy = max(1, math.ceil(HEAVY_SHARE * len(active)))
        threshold = active[n_heavy - 1]
        groups[counts >= threshold] = "heavy"
    groups[counts <= COLD_MAX] = "cold"
    return groups


def head_items(popularity: np.ndarray) -> np.ndarray:
    """Boolean mask of the head: the ceil(20 %) most popular items (ties by lower index)."""
    n = len(popularity)
    head = np.zeros(n, dtype=bool)
    if n:
        order = np.lexsort((np.arange(n), -popularity))
        head[order[: math.ceil(HEAD_SHARE * n)]] = True
    return head


@dataclass
class GroupRow:
    """Mean metrics of one user or item group."""

    group: str
    n: int  # users (user groups) or held-out items (item groups)
    metrics: dict[str, float] = field(default_factory=dict)


@dataclass
class LongTail:
    """Items sorted by training popularity (descending) and how often each was recommended."""

    popularity: np.ndarray  # training users per item, descending
    recommended: np.ndarray  # times the item appears in the evaluated top-K lists
    items: np.ndarray  # item indices in that order


@dataclass
class BeyondAccuracy:
    """Beyond-accuracy figures of one evaluation (see the module docstring)."""

    k: int
    coverage: float
    novelty: float
    diversity: float
    diversity_basis: str  # "genres" or "interactions"
    popularity_recommended: float  # mean popularity percentile of recommended items
    popularity_heldout: float  # mean popularity percentile of the held-out (test) items
    head_share: float  # share of recommended slots taken by head items
    user_groups: list[GroupRow]
    item_groups: list[GroupRow]
    long_tail: LongTail

    def metrics(self) -> dict[str, float]:
        """The scalar figures under display keys ("Novelty@10", ...)."""
        k = self.k
        return {
            f"Coverage@{k}": self.coverage,
            f"Novelty@{k}": self.novelty,
            f"Diversity@{k}": self.diversity,
            f"PopPercentile@{k}": self.popularity_recommended,
            "PopPercentile(held-out)": self.popularity_heldout,
            f"HeadShare@{k}": self.head_share,
        }

    def to_dict(self) -> dict:
        return {
            "metrics": self.metrics(), "diversity_basis": self.diversity_basis,
            "user_groups": [vars(g) for g in self.user_groups],
            "item_groups": [vars(g) for g in self.item_groups],
        }


def beyond_accuracy(
    train: sp.csr_matrix,
    top_items: np.ndarray,
    test_users: np.ndarray,
    test_items: list[np.ndarray],
    per_user: dict[str, np.ndarray],
    test_ranks: np.ndarray,
    k: int,
    *,
    item_ids: list[str] | None = None,
    items_info: dict | None = None,
) -> BeyondAccuracy:
    """All figures for the evaluated users (the first ``len(top_items)`` test users).

    ``per_user`` is ``EvalResult.per_user`` (metric arrays aligned with the evaluated users),
    ``test_ranks`` the rank of every held-out entry of those users (``EvalResult.test_ranks``).
    """
    train = sp.csr_matrix(train)
    n_users, n_items = train.shape
    tops = np.asarray(top_items, dtype=np.int64)
    done = len(tops)
    pop = item_popularity(train)
    pct = popularity_percentiles(pop)
    rec = _valid(tops)
    held = np.concatenate(test_items[:done]).astype(np.int64) if done else np.zeros(0, np.int64)
    vectors, basis = None, "interactions"
    if item_ids is not None and items_info:
        vectors = genre_vectors(item_ids, items_info)
        basis = "genres" if vectors is not None else basis
    if vectors is None:
        vectors = interaction_vectors(train)
    head = head_items(pop)
    groups = user_groups(train)[np.asarray(test_users[:done], dtype=np.int64)]
    names = [m for m in per_user if m not in ("user", "rank")]
    user_rows = [
        GroupRow(g, int(np.sum(groups == g)),
                 {m: float(per_user[m][groups == g].mean()) for m in names}
                 if np.any(groups == g) else {})
        for g in USER_GROUPS
    ]
    hit = np.asarray(test_ranks[: len(held)]) <= k
    item_rows = []
    for g, mask in (("head", head[held]), ("tail", ~head[held])):
        metrics = {f"HR@{k} (per held-out item)": float(hit[mask].mean())} if mask.any() else {}
        if mask.any():
            metrics[f"share of recommendations@{k}"] = (
                float(np.mean(head[rec] if g == "head" else ~head[rec])) if len(rec) else 0.0
            )
        item_rows.append(GroupRow(g, int(mask.sum()), metrics))
    order = np.lexsort((np.arange(n_items), -pop))
    counts = np.bincount(rec, minlength=n_items)
    return BeyondAccuracy(
        k=k,
        coverage=coverage(tops, n_items),
        novelty=novelty(tops, pop, n_users),
        diversity=intra_list_diversity(tops, vectors),
        diversity_basis=basis,
        popularity_recommended=float(pct[rec].mean()) if len(rec) else 0.0,
        popularity_heldout=float(pct[held].mean()) if len(held) else 0.0,
        head_share=float(head[rec].mean()) if len(rec) else 0.0,
        user_groups=user_rows,
        item_groups=item_rows,
        long_tail=LongTail(pop[order], counts[order], order),
    )


def _valid(top_items: np.ndarray) -> np.ndarray:
    items = np.asarray(top_items, dtype=np.int64).ravel()
    return items[items >= 0]


def beyond_of(result: EvalResult, split: Split) -> BeyondAccuracy:
    """``beyond_accuracy`` of an ``evaluate(..., per_user=True)`` result on ``split``."""
    if result.per_user is None or result.top_items is None or result.test_ranks is None:
        raise ValueError("evaluate with per_user=True to get beyond-accuracy figures")
    return beyond_accuracy(
        split.train.matrix, result.top_items, split.test_users, split.test_items,
        result.per_user, result.test_ranks, result.k,
        item_ids=list(split.train.item_ids), items_info=split.train.items_info,
    )
