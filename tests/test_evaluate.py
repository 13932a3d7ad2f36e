"""The evaluator: hand-computed cases, a brute-force per-user reference, the sampled protocol."""

import importlib
import math

import numpy as np
import pytest
import scipy.sparse as sp
from test_metrics import brute_force

from core import gil_budget
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


evaluate_module = importlib.import_module("core.evaluation.evaluate")


class Float32Model(TableModel):
    """Scores in float32, as the kNN models give them (ranked without a float64 copy)."""

    def score_rows(self, rows, user_indices):
        return self.table[user_indices].astype(np.float32)


def tied_case(seed: int, n_items: int, split_kind: str):
    """Random interactions and scores with many ties, NaN and (float32) near-equal values."""
    rng = np.random.default_rng(seed)
    n_users, n = 40, 12 * n_items
    data = Interactions.from_codes(
        [f"u{i}" for i in range(n_users)], [f"i{j}" for j in range(n_items)],
        rng.integers(0, n_users, n), rng.integers(0, n_items, n), np.ones(n),
        rng.integers(0, 100, n),
    )
    split = leave_last_out(data, seed=seed) if split_kind == "leave-last-out" else (
        random_holdout(data, 0.3, seed=seed))
    scores = rng.integers(0, 4, (n_users, n_items)) + rng.choice([0.0, 1e-9], (n_users, n_items))
    scores[rng.random(scores.shape) < 0.05] = np.nan
    return split, scores


@pytest.mark.parametrize("split_kind", ["leave-last-out", "random"])
@pytest.mark.parametrize("n_items", [7, 30, 113])
@pytest.mark.parametrize("entries", [1, 100, 1 << 23])
def test_blocks_give_the_brute_force_ranks(monkeypatch, split_kind, n_items, entries):
    """Blocks smaller than a batch (down to one user), float32 scores: every test entry's rank
    and every top-k list is the brute-force one."""
    monkeypatch.setattr(evaluate_module, "BLOCK_ENTRIES", entries)
    split, table = tied_case(n_items, n_items, split_kind)
    model = Float32Model(table).fit(split.train)
    scores = table.astype(np.float32).astype(np.float64)  # what the model ranks
    k = 5
    result = evaluate(model, split, k=k, per_user=True, batch_size=16)
    expected_ranks, expected_tops = [], []
    for u, test in zip(split.test_users, split.test_items, strict=True):
        train_items = split.train.user_items(int(u))[0].tolist()
        ranks, order = brute_force_ranks(scores[u], train_items, test.tolist())
        expected_ranks += ranks
        finite = [j for j in sorted(order, key=lambda j: (-np.nan_to_num(scores[u, j],
                                                                         nan=-np.inf), j))
                  if np.isfinite(scores[u, j])]
        expected_tops.append(finite[:k] + [-1] * (k - len(finite[:k])))
    assert result.test_ranks.tolist() == expected_ranks
    assert result.top_items.tolist() == expected_tops


def test_block_size_and_batch_size_change_nothing(monkeypatch):
    split, table = tied_case(3, 50, "random")
    model = Float32Model(table).fit(split.train)
    results = []
    for entries, batch_size in ((1 << 23, 1024), (120, 16), (1, 7), (49, 3)):
        monkeypatch.setattr(evaluate_module, "BLOCK_ENTRIES", entries)
        for sampled in (None, 10):
            r = evaluate(model, split, k=4, sampled=sampled, seed=5, per_user=True,
                         batch_size=batch_size)
            results.append((sampled, r.test_ranks.tolist(), r.top_items.tolist(), r.metrics))
    for sampled in (None, 10):
        mine = [r[1:] for r in results if r[0] == sampled]
        assert all(other == mine[0] for other in mine[1:])


def test_sampled_draws_follow_the_seed(monkeypatch):
    split, table = tied_case(4, 80, "leave-last-out")
    model = TableModel(table).fit(split.train)
    monkeypatch.setattr(evaluate_module, "BLOCK_ENTRIES", 200)
    first = evaluate(model, split, sampled=10, seed=1, per_user=True).test_ranks
    again = evaluate(model, split, sampled=10, seed=1, per_user=True, batch_size=5).test_ranks
    other = evaluate(model, split, sampled=10, seed=2, per_user=True).test_ranks
    assert first.tolist() == again.tolist()
    assert first.tolist() != other.tolist()


def test_stop_between_batches_of_several_blocks(monkeypatch):
    """Each batch of 4 users is scored in blocks of 1: a stop after the first batch returns the
    metrics of those 4 users alone."""
    monkeypatch.setattr(evaluate_module, "BLOCK_ENTRIES", 1)
    split, table = tied_case(5, 30, "random")
    model = TableModel(table).fit(split.train)
    calls = []
    score_rows = model.score_rows
    model.score_rows = lambda rows, users: calls.append(len(users)) or score_rows(rows, users)
    events = []

    def on_progress(event):
        events.append(event)
        return event.kind == "batch"

    result = evaluate(model, split, k=3, batch_size=4, per_user=True, on_progress=on_progress)
    assert not result.complete and result.n_users == 4 and calls == [1, 1, 1, 1]
    assert [e.kind for e in events] == ["batch", "done"] and events[0].n_batches == 10
    first = Split(split.train, split.test_users[:4], split.test_items[:4])
    alone = evaluate(model, first, k=3, per_user=True)
    assert result.metrics == alone.metrics
    assert result.test_ranks.tolist() == alone.test_ranks.tolist()


@pytest.mark.parametrize("n_items", [1, 999, 1000, 1001, 50_000, 10**7])
@pytest.mark.parametrize("batch_size", [1, 16, 1024])
def test_block_rows_bound_the_scores_and_even_out_a_batch(n_items, batch_size):
    rows = evaluate_module.block_rows(n_items, batch_size, 16_000)
    assert 1 <= rows <= batch_size
    assert rows * n_items <= 16_000 or rows == 1
    sizes = [len(range(lo, batch_size)[:rows]) for lo in range(0, batch_size, rows)]
    assert len(sizes) == -(-batch_size // max(1, min(batch_size, 16_000 // n_items)))
    assert max(sizes) - min(sizes) < len(sizes)  # no stub block at the end of a batch


def test_short_blocks_when_a_front_end_set_a_gil_budget():
    assert gil_budget.call_seconds() is None
    assert evaluate_module.block_entries() == evaluate_module.BLOCK_ENTRIES
    gil_budget.set_call_seconds(0.015)
    try:
        assert evaluate_module.block_entries() == evaluate_module.SHORT_BLOCK_ENTRIES
    finally:
        gil_budget.set_call_seconds(None)
    assert evaluate_module.SHORT_BLOCK_ENTRIES < evaluate_module.BLOCK_ENTRIES
