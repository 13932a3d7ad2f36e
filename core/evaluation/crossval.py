"""K-fold cross-validation over users, inside the training part of a split.

The final test hold-out is never touched: folds are built from ``train`` only (pass
``split.train`` of the evaluation split). Users of ``train`` with at least 2 interactions are
*eligible*; they are shuffled with ``seed`` and dealt into ``k`` folds of near-equal size. For fold
j, each of its users holds out their latest training interaction (by timestamp; a seeded random
one without timestamps, exactly as ``leave_last_out``) and the model is trained on everything
else — the other folds' users keep all their interactions. ``k = 1`` is a single validation
hold-out: every eligible user holds out their latest item at once (fastest).
"""

from __future__ import annotations

import numpy as np

from core.errors import DataError
from core.evaluation.splits import Split, _entry_rows, _make_split, leave_last_out
from core.interactions import Interactions

MAX_FOLDS = 10


def user_folds(train: Interactions, k: int, seed: int = 0) -> list[Split]:
    """``k`` validation splits of ``train`` (see the module docstring); named "fold j/k"."""
    if not 1 <= k <= MAX_FOLDS:
        raise ValueError(f"folds must be between 1 and {MAX_FOLDS}, got {k}")
    last = leave_last_out(train, seed=seed)
    users = last.test_users
    if len(users) < k:
        raise DataError(
            f"{k} folds need at least {k} users with 2 or more interactions; "
            f"the training part has {len(users)}", train.name or None,
        )
    held = np.array([items[0] for items in last.test_items], dtype=np.int64)
    # Mark each eligible user's held-out entry in the stored-entry order of ``train``.
    rows = _entry_rows(train)
    cols = train.matrix.indices.astype(np.int64)
    held_of_row = np.full(train.n_users, -1, dtype=np.int64)
    held_of_row[users] = held
    is_last = cols == held_of_row[rows]
    fold_of_user = np.full(train.n_users, -1, dtype=np.int64)
    shuffled = np.random.default_rng(seed).permutation(users)
    for j, part in enumerate(np.array_split(shuffled, k)):
        fold_of_user[part] = j
    fold_of_entry = fold_of_user[rows]
    return [
        _make_split(train, is_last & (fold_of_entry == j), f"fold {j + 1}/{k}")
        for j in range(k)
    ]
