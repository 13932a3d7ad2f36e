"""Cross-validation folds: exact partition of the training users, never the test hold-out."""

import numpy as np
import pytest

from core.errors import DataError
from core.evaluation import leave_last_out
from core.evaluation.crossval import user_folds
from tests.test_splits import entries, held_out_entries, random_table


@pytest.mark.parametrize("timestamps", [True, False])
def test_folds_partition_training_users_and_spare_the_test_items(timestamps):
    data = random_table(1, timestamps=timestamps)
    final = leave_last_out(data, seed=0)
    train = final.train
    folds = user_folds(train, 4, seed=2)
    assert len(folds) == 4
    eligible = np.flatnonzero(np.diff(train.matrix.indptr) >= 2)
    fold_users = [set(f.test_users.tolist()) for f in folds]
    assert set().union(*fold_users) == set(eligible.tolist())
    assert sum(len(u) for u in fold_users) == len(eligible)  # disjoint
    assert max(map(len, fold_users)) - min(map(len, fold_users)) <= 1
    test_entries = held_out_entries(final)
    for fold in folds:
        held = held_out_entries(fold)
        assert all(len(items) == 1 for items in fold.test_items)
        assert not held & test_entries  # never a final test item
        assert held | entries(fold.train) == entries(train)  # trained on everything else
        assert not held & entries(fold.train)


def test_fold_item_is_the_users_latest():
    data = random_table(5)
    train = leave_last_out(data).train
    rows = np.repeat(np.arange(train.n_users), np.diff(train.matrix.indptr))
    for fold in user_folds(train, 3, seed=0):
        for u, items in zip(fold.test_users, fold.test_items, strict=True):
            mine = rows == u
            latest = train.timestamps[mine].max()
            j = np.flatnonzero(mine & (train.matrix.indices == items[0]))[0]
            assert train.timestamps[j] == latest


def test_folds_are_seeded():
    train = leave_last_out(random_table(2)).train
    a = [f.test_users.tolist() for f in user_folds(train, 3, seed=7)]
    b = [f.test_users.tolist() for f in user_folds(train, 3, seed=7)]
    c = [f.test_users.tolist() for f in user_folds(train, 3, seed=8)]
    assert a == b and a != c


def test_bad_fold_counts():
    train = leave_last_out(random_table(2, n_users=3, n=12)).train
    with pytest.raises(ValueError, match="folds"):
        user_folds(train, 0)
    with pytest.raises(DataError, match="need at least 9 users"):
        user_folds(train, 9)
