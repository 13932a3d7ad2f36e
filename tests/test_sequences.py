"""Sequence windows for Caser, checked against a hand-built example."""

import numpy as np
import scipy.sparse as sp

from core.interactions import Interactions
from core.models.neural.sequences import last_items, next_items, sequence_windows, time_order


def _table() -> Interactions:
    # user a: items 3, 0, 4, 1 at times 10, 20, 30, 40 (given out of order on purpose)
    # user b: items 2, 4 at times 5, 7; user c: only item 1
    return Interactions.from_codes(
        ["a", "b", "c"], ["i0", "i1", "i2", "i3", "i4"],
        rows=[0, 0, 0, 0, 1, 1, 2], cols=[1, 4, 0, 3, 4, 2, 1],
        timestamps=[40, 30, 20, 10, 7, 5, 99])


def test_time_order_sorts_each_users_items_by_timestamp():
    data = _table()
    rows, items, rank = time_order(data.matrix, data.timestamps)
    assert rows.tolist() == [0, 0, 0, 0, 1, 1, 2]
    assert items.tolist() == [3, 0, 4, 1, 2, 4, 1]
    assert rank.tolist() == [0, 1, 2, 3, 0, 1, 0]


def test_windows_hold_the_previous_items_oldest_first_left_padded():
    data = _table()
    pad = 5
    users, windows, targets = sequence_windows(data.matrix, data.timestamps, 3, pad)
    assert users.tolist() == [0, 0, 0, 1]
    assert targets.tolist() == [0, 4, 1, 4]
    assert windows.tolist() == [
        [pad, pad, 3],  # before item 0: only item 3
        [pad, 3, 0],    # before item 4: 3 then 0
        [3, 0, 4],      # before item 1: the last three
        [pad, pad, 2],  # user b: before item 4 came item 2
    ]


def test_last_items_are_each_users_latest_items_in_order():
    data = _table()
    assert last_items(data.matrix, data.timestamps, 3, 5).tolist() == [
        [0, 4, 1], [5, 2, 4], [5, 5, 1]]
    assert last_items(sp.csr_matrix((1, 5)), np.array([], dtype=np.int64), 2, 5).tolist() == [
        [5, 5]]


def test_timestamp_ties_are_broken_by_the_seed_not_by_column_order():
    data = Interactions.from_codes(["a"], [f"i{k}" for k in range(6)], [0] * 6, range(6),
                                   timestamps=[1] * 6)
    orders = {tuple(time_order(data.matrix, data.timestamps, seed)[1]) for seed in range(5)}
    assert len(orders) > 1


def test_next_items_are_each_targets_followers_right_padded():
    data = _table()
    pad = 5
    # same windows as above: targets 0, 4, 1 of user a, then 4 of user b
    assert next_items(data.matrix, data.timestamps, 3, pad).tolist() == [
        [0, 4, 1],        # after [3]: 0, then 4, then 1
        [4, 1, pad],      # after [3, 0]: 4, then 1, then a's sequence ends
        [1, pad, pad],
        [4, pad, pad],    # user b's last item; user c's item is not a follower of b's
    ]
    assert next_items(data.matrix, data.timestamps, 1, pad)[:, 0].tolist() == sequence_windows(
        data.matrix, data.timestamps, 3, pad)[2].tolist()
