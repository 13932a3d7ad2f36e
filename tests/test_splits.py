"""Splits: properties checked against the data they come from."""

import numpy as np
import pytest

from core.errors import DataError
from core.evaluation import leave_last_out, random_holdout, temporal_ratio
from core.interactions import Interactions


def random_table(seed: int, n_users: int = 60, n_items: int = 40, n: int = 700,
                 timestamps: bool = True) -> Interactions:
    rng = np.random.default_rng(seed)
    users = rng.integers(0, n_users, n)
    items = rng.integers(0, n_items, n)
    ts = rng.integers(0, 50, n) if timestamps else None  # few distinct values: many ties
    return Interactions.from_codes(
        [f"u{i}" for i in range(n_users)], [f"i{j}" for j in range(n_items)], users, items,
        np.ones(n), ts,
    )


def entries(data: Interactions) -> set[tuple[int, int]]:
    coo = data.matrix.tocoo()
    return set(zip(coo.row.tolist(), coo.col.tolist(), strict=True))


def held_out_entries(split):
    return {(int(u), int(j)) for u, items in zip(split.test_users, split.test_items, strict=True)
            for j in items}


def check_partition(data, split):
    """train ∪ test = data, disjoint, same ids, timestamps carried along."""
    train, test = entries(split.train), held_out_entries(split)
    assert not train & test
    assert train | test == entries(data)
    assert split.train.user_ids == data.user_ids and split.train.item_ids == data.item_ids
    assert split.n_test == len(test)
    if data.timestamps is not None:
        ts = {(u, j): t for (u, j), t in zip(sorted(entries(data)), data.timestamps, strict=True)}
        coo = split.train.matrix.tocoo()
        for u, j, t in zip(coo.row, coo.col, split.train.timestamps, strict=True):
            assert ts[(u, j)] == t


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_leave_last_out_holds_out_each_users_latest(seed):
    data = random_table(seed)
    split = leave_last_out(data, seed=seed)
    check_partition(data, split)
    counts = np.diff(data.matrix.indptr)
    assert split.test_users.tolist() == np.flatnonzero(counts >= 2).tolist()
    for u, test in zip(split.test_users, split.test_items, strict=True):
        assert len(test) == 1
        lo, hi = data.matrix.indptr[u], data.matrix.indptr[u + 1]
        row_items, row_ts = data.matrix.indices[lo:hi], data.timestamps[lo:hi]
        assert row_ts[row_items == test[0]][0] == row_ts.max()
    for u in np.flatnonzero(counts < 2):  # untouched
        assert split.train.matrix[u].nnz == counts[u]


def test_leave_last_out_ties_are_seeded_and_deterministic():
    data = random_table(5, n_users=30, n_items=30, n=600)
    data.timestamps[:] = 7  # every interaction at the same time
    a, b = leave_last_out(data, seed=1), leave_last_out(data, seed=1)
    assert [t.tolist() for t in a.test_items] == [t.tolist() for t in b.test_items]
    other = leave_last_out(data, seed=2)
    assert [t.tolist() for t in a.test_items] != [t.tolist() for t in other.test_items]


def test_leave_last_out_without_timestamps_is_a_seeded_random_choice():
    data = random_table(3, timestamps=False)
    split = leave_last_out(data, seed=4)
    check_partition(data, split)
    assert all(len(t) == 1 for t in split.test_items)
    again = leave_last_out(data, seed=4)
    assert [t.tolist() for t in split.test_items] == [t.tolist() for t in again.test_items]
    # Over many seeds a user's held-out item varies (not always the first or last of the row).
    u = int(split.test_users[0])
    picks = {int(leave_last_out(data, seed=s).test_items[0][0]) for s in range(30)}
    assert picks == set(data.matrix.indices[data.matrix.indptr[u]:data.matrix.indptr[u + 1]])


@pytest.mark.parametrize("ratio", [0.1, 0.25, 0.5])
def test_random_holdout_takes_the_ratio(ratio):
    data = random_table(7)
    split = random_holdout(data, ratio=ratio, seed=3)
    check_partition(data, split)
    assert split.n_test == round(ratio * data.nnz)
    assert all(len(t) >= 1 for t in split.test_items)
    assert split.test_users.tolist() == sorted(split.test_users.tolist())


def test_random_holdout_is_seeded():
    data = random_table(8)
    a, b, c = (random_holdout(data, 0.2, seed=s) for s in (1, 1, 2))
    assert held_out_entries(a) == held_out_entries(b) != held_out_entries(c)


@pytest.mark.parametrize("ratio", [0.2, 0.5])
def test_temporal_ratio_holds_out_each_users_latest_fraction(ratio):
    data = random_table(9)
    split = temporal_ratio(data, ratio=ratio)
    check_partition(data, split)
    counts = np.diff(data.matrix.indptr)
    assert split.test_users.tolist() == np.flatnonzero(counts >= 2).tolist()
    for u, test in zip(split.test_users, split.test_items, strict=True):
        n = counts[u]
        assert len(test) == min(max(int(np.floor(ratio * n)), 1), n - 1)
        lo, hi = data.matrix.indptr[u], data.matrix.indptr[u + 1]
        row_items, row_ts = data.matrix.indices[lo:hi], data.timestamps[lo:hi]
        in_test = np.isin(row_items, test)
        assert row_ts[in_test].min() >= row_ts[~in_test].max()  # nothing in train is later


def test_temporal_ratio_needs_timestamps_and_a_sane_ratio():
    with pytest.raises(DataError, match="timestamps"):
        temporal_ratio(random_table(1, timestamps=False))
    with pytest.raises(ValueError, match="ratio"):
        random_holdout(random_table(1), ratio=1.5)


def test_subset_keeps_the_chosen_users():
    split = leave_last_out(random_table(2))
    sub = split.subset(np.array([0, 2]))
    assert sub.test_users.tolist() == split.test_users[[0, 2]].tolist()
    assert sub.test_items[1].tolist() == split.test_items[2].tolist()
    assert sub.train is split.train


def test_split_registry_names_every_split_and_make_split_uses_the_seed():
    from core.evaluation.splits import SPLITS, make_split

    rng = np.random.default_rng(3)
    users = [f"u{u}" for u in range(30) for _ in range(6)]
    items = [f"i{i}" for i in rng.integers(0, 40, len(users))]
    data = Interactions.from_triples(users, items, None, [0] * len(users))  # all tied in time
    assert set(SPLITS) == {"leave-last-out", "random", "temporal", "cold-items"}
    for name, info in SPLITS.items():
        assert info.name == name and info.label and info.help
        a = make_split(data, name, ratio=0.3, seed=1)
        b = make_split(data, name, ratio=0.3, seed=2)
        assert a.n_test > 0
        tests_a = [tuple(t) for t in a.test_items]
        tests_b = [tuple(t) for t in b.test_items]
        assert tests_a != tests_b or list(a.test_users) != list(b.test_users), name
    assert not SPLITS["leave-last-out"].needs_ratio and SPLITS["temporal"].needs_ratio
    with pytest.raises(ValueError, match="unknown split"):
        make_split(data, "nope", ratio=0.2, seed=0)
