"""Metric formulas: hand-computed cases and a brute-force per-user reference."""

import math

import numpy as np
import pytest

from core.evaluation import coverage, per_user_metrics


def metrics_of(ranks_per_user: list[list[int]], k: int) -> dict[str, np.ndarray]:
    ranks = np.concatenate([np.array(r, dtype=np.int64) for r in ranks_per_user])
    owner = np.repeat(np.arange(len(ranks_per_user)), [len(r) for r in ranks_per_user])
    return per_user_metrics(ranks, owner, np.array([len(r) for r in ranks_per_user]), k)


def test_leave_one_out_by_hand():
    # Three users, one test item each, at ranks 1, 3 and 12; k = 10.
    m = metrics_of([[1], [3], [12]], k=10)
    assert m["HR"].tolist() == [1, 1, 0]
    assert m["NDCG"] == pytest.approx([1.0, 0.5, 0.0])  # 1/log2(3+1) = 0.5
    assert m["MRR"] == pytest.approx([1.0, 1 / 3, 0.0])
    assert m["Precision"] == pytest.approx([0.1, 0.1, 0.0])
    assert m["Recall"] == pytest.approx([1.0, 1.0, 0.0])
    assert m["MAP"] == pytest.approx([1.0, 1 / 3, 0.0])


def test_multi_item_user_by_hand():
    # Test items at ranks 2, 4 and 7 with k = 5: hits at 2 and 4.
    m = metrics_of([[7, 2, 4]], k=5)
    dcg = 1 / math.log2(3) + 1 / math.log2(5)
    idcg = 1 + 1 / math.log2(3) + 1 / math.log2(4)
    assert m["HR"][0] == 1
    assert m["NDCG"][0] == pytest.approx(dcg / idcg)
    assert m["Precision"][0] == pytest.approx(2 / 5)
    assert m["Recall"][0] == pytest.approx(2 / 3)
    assert m["MAP"][0] == pytest.approx((1 / 2 + 2 / 4) / 3)  # min(|T|, k) = 3
    assert m["MRR"][0] == pytest.approx(1 / 2)


def test_more_test_items_than_k_by_hand():
    # Six test items, k = 2, the top two are both hits: a perfect list.
    m = metrics_of([[1, 2, 3, 4, 5, 6]], k=2)
    assert m["NDCG"][0] == pytest.approx(1.0)
    assert m["MAP"][0] == pytest.approx(1.0)
    assert m["Precision"][0] == pytest.approx(1.0)
    assert m["Recall"][0] == pytest.approx(2 / 6)


def brute_force(ranks: list[int], k: int) -> dict[str, float]:
    """Straight from the definitions in docs/METRICS.md, one user at a time."""
    ranked = sorted(ranks)
    hits = [r for r in ranked if r <= k]
    dcg = sum(1 / math.log2(r + 1) for r in hits)
    idcg = sum(1 / math.log2(i + 1) for i in range(1, min(len(ranks), k) + 1))
    ap = sum((i + 1) / r for i, r in enumerate(hits)) / min(len(ranks), k)
    return {
        "HR": float(bool(hits)),
        "NDCG": dcg / idcg,
        "Precision": len(hits) / k,
        "Recall": len(hits) / len(ranks),
        "MAP": ap,
        "MRR": 1 / hits[0] if hits else 0.0,
    }


@pytest.mark.parametrize("seed", range(5))
def test_vectorised_metrics_match_brute_force(seed):
    rng = np.random.default_rng(seed)
    k = int(rng.integers(1, 15))
    users = []
    for _ in range(200):
        n = int(rng.integers(1, 12))
        users.append(rng.choice(np.arange(1, 40), n, replace=False).tolist())  # distinct ranks
    fast = metrics_of(users, k)
    for u, ranks in enumerate(users):
        slow = brute_force(ranks, k)
        for name, value in slow.items():
            assert fast[name][u] == pytest.approx(value), (name, ranks, k)


def test_coverage_counts_distinct_items_ignoring_padding():
    lists = np.array([[0, 1, 2], [2, 1, -1], [5, -1, -1]])
    assert coverage(lists, n_items=10) == pytest.approx(4 / 10)


def test_bad_k_is_refused():
    with pytest.raises(ValueError):
        metrics_of([[1]], k=0)
