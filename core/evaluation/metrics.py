"""Ranking metrics @K from the ranks of each user's test items (formulas in docs/METRICS.md).

Input is flat: ``ranks[e]`` is the 1-based rank of test entry ``e`` among its user's candidates,
``owner[e]`` the position of that user (0..n_users-1), and ``n_relevant[u]`` the number of test
items of user ``u``. Ranks of one user's test items must be distinct (the evaluator's tie rule
guarantees that). Relevance is binary. Every function returns one value per user; the reported
metric is the mean over users.
"""

from __future__ import annotations

import numpy as np

METRIC_NAMES = ("HR", "NDCG", "Precision", "Recall", "MAP", "MRR")


def metric_key(name: str, k: int) -> str:
    return f"{name}@{k}"


def per_user_metrics(
    ranks: np.ndarray, owner: np.ndarray, n_relevant: np.ndarray, k: int
) -> dict[str, np.ndarray]:
    """HR, NDCG, Precision, Recall, MAP and MRR at ``k`` for each user (see module docstring)."""
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    ranks = np.asarray(ranks, dtype=np.int64)
    owner = np.asarray(owner, dtype=np.int64)
    n_relevant = np.asarray(n_relevant, dtype=np.int64)
    n_users = len(n_relevant)
    if np.any(n_relevant < 1):
        raise ValueError("every user needs at least one test item")

    hit = ranks <= k
    h_owner, h_rank = owner[hit], ranks[hit]
    hits = np.bincount(h_owner, minlength=n_users).astype(np.float64)

    discount = 1.0 / np.log2(np.arange(2, k + 2, dtype=np.float64))  # rank r -> 1/log2(r+1)
    dcg = np.bincount(h_owner, weights=discount[h_rank - 1], minlength=n_users)
    ideal = np.cumsum(discount)[np.minimum(n_relevant, k) - 1]

    reciprocal = np.zeros(n_users)
    np.maximum.at(reciprocal, h_owner, 1.0 / h_rank)

    # Average precision: the i-th hit (by rank) of a user contributes i / rank.
    order = np.lexsort((h_rank, h_owner))
    h_owner_sorted, h_rank_sorted = h_owner[order], h_rank[order]
    first = np.searchsorted(h_owner_sorted, h_owner_sorted, side="left")
    position = np.arange(len(order)) - first + 1
    ap_sum = np.bincount(h_owner_sorted, weights=position / h_rank_sorted, minlength=n_users)

    return {
        "HR": (hits > 0).astype(np.float64),
        "NDCG": dcg / ideal,
        "Precision": hits / k,
        "Recall": hits / n_relevant,
        "MAP": ap_sum / np.minimum(n_relevant, k),
        "MRR": reciprocal,
    }


def coverage(top_items: np.ndarray, n_items: int) -> float:
    """Catalogue coverage: distinct items appearing in any top-K list / ``n_items``.

    ``top_items`` holds item indices, -1 for padding (a list shorter than K).
    """
    if n_items == 0:
        return 0.0
    items = np.asarray(top_items).ravel()
    return float(len(np.unique(items[items >= 0])) / n_items)
