"""The evaluator: hand-computed cases, a brute-force per-user reference, the sampled protocol."""

import math

import numpy as np
import pytest
import scipy.sparse as sp
from test_metrics import brute_force

from core.errors import DataError, ModelError
from core.evaluation import Split, evaluate, leave_last_out, random_holdout, temporal_ratio
from core.evaluation.evaluate import _sample_negatives
from core.interactions import Interactions
from core.models.base import Explanation, Recommender


class TableModel(Recommender):
    """Scores come from a fixed users × items table (a stand-in with known ranks)."""

    name = "table"

    def __init__(self, table: np.ndarray):
        super().__init__()
        self.table = np.asarray(table, dtype=np.float64)

    def _fit(self, data, on_progress):
        assert self.table.shape == data.shape

    def score_rows(self, rows, user_indices):
        return self.table[user_indices]

    def explain(self, row, user_index, item_index):
        return Explanation("popularity", (), "")


def table_data(n_users: int, n_items: int, cells: list[tuple[int, int]]) -> Interactions:
    rows, cols = zip(*cells, strict=True)
    return Interactions.from_codes(
        [f"u{i}" for i in range(n_users)], [f"i{j}" for j in range(n_items)], rows, cols
    )


@pytest.fixture
def hand_case():
    scores = np.array([
        [9, 5, 4, 7, 1],  # train {0}, test {3}: rank 1
        [3, 9, 9, 2, 2],  # train {1, 2}, test {4}: tied with item 3 -> pessimistic rank 3
        [1, 6, 5, 6, 0],  # train {4}, test {0, 2}: ranks 4 and 3
    ], dtype=float)
    train = table_data(3, 5, [(0, 0), (1, 1), (1, 2), (2, 4)])
    split = Split(train, np.array([0, 1, 2]), [np.array([3]), np.array([4]), np.array([0, 2])])
    return TableModel(scores).fit(train), split


def test_hand_computed_k3(hand_case):
    model, split = hand_case
    result = evaluate(model, split, k=3, per_user=True)
    assert result.protocol == "full" and result.n_users == 3 and result.complete
    assert result.per_user["rank"].tolist() == [1, 3, 3]
    m = result.metrics
    assert m["HR@3"] == pytest.approx(1.0)
    assert m["NDCG@3"] == pytest.approx((1 + 0.5 + 0.5 / (1 + 1 / math.log2(3))) / 3)
    assert m["MRR@3"] == pytest.approx((1 + 1 / 3 + 1 / 3) / 3)
    assert m["Precision@3"] == pytest.approx(1 / 3)
    assert m["Recall@3"] == pytest.approx((1 + 1 + 0.5) / 3)
    assert m["MAP@3"] == pytest.approx((1 + 1 / 3 + 1 / 6) / 3)
    assert m["Coverage@3"] == pytest.approx(1.0)  # top-3 lists cover all five items


def test_hand_computed_k2(hand_case):
    model, split = hand_case
    m = evaluate(model, split, k=2).metrics
    assert sorted(m) == sorted(
        f"{n}@2" for n in ("HR", "NDCG", "Precision", "Recall", "MAP", "MRR", "Coverage")
    )
    assert m["HR@2"] == pytest.approx(1 / 3)
    assert m["NDCG@2"] == pytest.approx(1 / 3)
    assert m["Coverage@2"] == pytest.approx(3 / 5)  # {3,1} ∪ {0,3} ∪ {1,3}


def test_constant_scores_get_the_worst_rank():
    train = table_data(2, 4, [(0, 0), (1, 1)])
    split = Split(train, np.array([0, 1]), [np.array([2]), np.array([3])])
    result = evaluate(TableModel(np.zeros((2, 4))).fit(train), split, k=2, per_user=True)
    assert result.per_user["rank"].tolist() == [3, 3]  # last of the 3 unseen items
    assert result.metrics["HR@2"] == 0.0


def brute_force_ranks(scores_row, train_items, test_items):
    """Sort the candidates by (score desc, non-test before test): the pessimistic order."""
    candidates = [j for j in range(len(scores_row)) if j not in set(train_items)]
    test = set(test_items)

    def key(j):
        s = scores_row[j]
        s = -math.inf if math.isnan(s) else s
        return (-s, j in test, j)

    order = sorted(candidates, key=key)
    return [order.index(j) + 1 for j in test_items], order


@pytest.mark.parametrize("split_kind", ["leave-last-out", "random", "temporal"])
@pytest.mark.parametrize("seed", [0, 1])
def test_matches_brute_force_reference(split_kind, seed):
    rng = np.random.default_rng(seed)
    n_users, n_items, n = 70, 30, 900
    data = Interactions.from_codes(
        [f"u{i}" for i in range(n_users)], [f"i{j}" for j in range(n_items)],
        rng.integers(0, n_users, n), rng.integers(0, n_items, n), np.ones(n),
        rng.integers(0, 100, n),
    )
    split = {
        "leave-last-out": lambda: leave_last_out(data, seed=seed),
        "random": lambda: random_holdout(data, 0.3, seed=seed),
        "temporal": lambda: temporal_ratio(data, 0.4),
    }[split_kind]()
    scores = rng.integers(0, 6, (n_users, n_items)).astype(float)  # many ties
    scores[rng.random(scores.shape) < 0.05] = np.nan
    model = TableModel(scores).fit(split.train)
    k = 5
    result = evaluate(model, split, k=k, per_user=True, batch_size=16)

    tops = set()
    for pos, (u, test) in enumerate(zip(split.test_users, split.test_items, strict=True)):
        train_items = split.train.user_items(int(u))[0].tolist()
        ranks, order = brute_force_ranks(scores[u], train_items, test.tolist())
        assert result.per_user["rank"][pos] == min(ranks)
        for name, value in brute_force(ranks, k).items():
            assert result.per_user[name][pos] == pytest.approx(value), name
        finite = [j for j in sorted(order, key=lambda j: (-np.nan_to_num(scores[u, j],
                                                                         nan=-np.inf), j))
                  if np.isfinite(scores[u, j])]
        tops.update(finite[:k])
    expected = {
        f"{name}@{k}": np.mean([result.per_user[name]]) for name in
        ("HR", "NDCG", "Precision", "Recall", "MAP", "MRR")
    }
    for key, value in expected.items():
        assert result.metrics[key] == pytest.approx(value)
    assert result.metrics[f"Coverage@{k}"] == pytest.approx(len(tops) / n_items)


def test_sampled_negatives_are_unseen_distinct_and_capped():
    rng = np.random.default_rng(0)
    rows = sp.csr_matrix(np.array([[1, 1, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 1, 1, 1]]))
    local, cols = np.array([0, 0, 1]), np.array([2, 3, 0])
    chosen, valid = _sample_negatives(rows, local, cols, 8, 3, rng)
    for r, forbidden in ((0, {0, 1, 2, 3}), (1, {5, 6, 7, 0})):
        picked = chosen[r][valid[r]].tolist()
        assert len(picked) == len(set(picked)) == 3
        assert not set(picked) & forbidden
    # Asking for more than exist gives every allowed item once, the rest flagged invalid.
    chosen, valid = _sample_negatives(rows, local, cols, 8, 8, rng)
    assert sorted(chosen[0][valid[0]].tolist()) == [4, 5, 6, 7]
    assert sorted(chosen[1][valid[1]].tolist()) == [1, 2, 3, 4]


def test_sampled_negatives_are_uniform():
    n = 3000  # identical rows: each of the 6 allowed items should be drawn about n * 3/6 times
    rows = sp.csr_matrix(np.tile([1, 1, 0, 0, 0, 0, 0, 0, 0], (n, 1)))
    chosen, valid = _sample_negatives(
        rows, np.arange(n), np.full(n, 8), 9, 3, np.random.default_rng(1)
    )
    counts = np.bincount(chosen[valid], minlength=9)
    assert counts[[0, 1, 8]].sum() == 0
    assert np.all(np.abs(counts[2:8] - n / 2) < 0.1 * n / 2)


def test_sampled_protocol_with_every_item_equals_full(hand_case):
    model, split = hand_case
    full = evaluate(model, split, k=3)
    sampled = evaluate(model, split, k=3, sampled=50)
    assert sampled.protocol == "sampled-50"
    assert sampled.metrics == pytest.approx(full.metrics)


def test_sampled_protocol_ranks_among_n_items():
    rng = np.random.default_rng(3)
    n_users, n_items = 40, 300
    data = Interactions.from_codes(
        [f"u{i}" for i in range(n_users)], [f"i{j}" for j in range(n_items)],
        rng.integers(0, n_users, 3000), rng.integers(0, n_items, 3000), np.ones(3000),
        rng.integers(0, 10**6, 3000),
    )
    split = leave_last_out(data)
    scores = rng.random((n_users, n_items))
    model = TableModel(scores).fit(split.train)
    full = evaluate(model, split, k=10, per_user=True)
    sampled = evaluate(model, split, k=10, sampled=20, per_user=True, seed=4)
    assert np.all(sampled.per_user["rank"] <= 21)
    assert np.all(sampled.per_user["rank"] <= full.per_user["rank"])
    assert sampled.metrics["HR@10"] > full.metrics["HR@10"]
    again = evaluate(model, split, k=10, sampled=20, per_user=True, seed=4)
    assert again.per_user["rank"].tolist() == sampled.per_user["rank"].tolist()
    # Test items the model puts last are ranked last among the 20 negatives.
    worst = scores.copy()
    worst[split.test_users, [t[0] for t in split.test_items]] = -1.0
    last = evaluate(TableModel(worst).fit(split.train), split, sampled=20, per_user=True)
    assert last.per_user["rank"].tolist() == [21] * len(split.test_users)


def test_stop_request_returns_partial_result(hand_case):
    model, split = hand_case
    events = []

    def on_progress(event):
        events.append(event)
        return event.kind == "batch"

    result = evaluate(model, split, k=3, batch_size=1, on_progress=on_progress)
    assert not result.complete and result.n_users == 1
    assert result.metrics["HR@3"] == 1.0  # user 0 alone
    assert [e.kind for e in events] == ["batch", "done"]


def test_progress_reaches_the_end(hand_case):
    model, split = hand_case
    events = []
    evaluate(model, split, batch_size=2, on_progress=events.append)
    batches = [e for e in events if e.kind == "batch"]
    assert [e.batch for e in batches] == [1, 2] and batches[-1].fraction == 1.0
    assert events[-1].kind == "done" and "HR@10" in events[-1].metrics


def test_refuses_unfitted_or_foreign_models(hand_case):
    model, split = hand_case
    with pytest.raises(ModelError, match="not trained"):
        evaluate(TableModel(np.zeros((3, 5))), split)
    other = table_data(3, 6, [(0, 0), (1, 5)])
    with pytest.raises(ModelError, match="not fitted on this split"):
        evaluate(TableModel(np.zeros((3, 6))).fit(other), split)
    train = split.train.copy()
    train.set_cell("u0", "i3", 1.0)  # the whole table, test item included: would leak
    with pytest.raises(ModelError, match="different table"):
        evaluate(TableModel(model.table).fit(train), split)
    empty = Split(split.train, np.array([], dtype=np.int64), [])
    with pytest.raises(DataError, match="no test users"):
        evaluate(model, empty)
