"""Train/test splits of an ``Interactions`` table.

Every split keeps the table's users and items (same ``user_ids``/``item_ids``, so a model fitted on
``train`` scores in the same index) and moves some stored entries to the test side:

- ``leave_last_out``: each user's latest interaction is their one test item.
- ``random_holdout``: a uniformly random ``ratio`` of all interactions.
- ``temporal_ratio``: each user's latest ``ratio`` of interactions.
- ``cold_items``: every interaction of a random ``ratio`` of the items (cold start: the test
  items have no interactions in train, so only a model reading item features can rank them).

``SPLITS`` lists them by the name the CLI, the GUI worker and the evaluation panel use, with a label
and help text; ``make_split(data, name, ratio=..., seed=...)`` makes one by that name.

Ties in time are broken by a seeded random order, so a split is a deterministic function of the
data and ``seed``; without timestamps the "latest" interaction is a seeded random one. Users with
fewer than 2 interactions stay wholly in train in the per-user splits. Everything is vectorised
over ``matrix.data`` (no per-user Python loop), so ML-20M-sized tables split in seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.errors import DataError
from core.interactions import Interactions


@dataclass
class Split:
    """A training table and, per test user, the item indices held out for them."""

    train: Interactions
    test_users: np.ndarray  # int64 user indices (rows of ``train``), ascending
    test_items: list[np.ndarray]  # item indices held out for each test user, ascending
    name: str = ""

    @property
    def n_test(self) -> int:
        """Number of held-out interactions."""
        return int(sum(len(t) for t in self.test_items))

    def subset(self, users: np.ndarray) -> Split:
        """The same split restricted to the test users at positions ``users`` (e.g. a sample)."""
        users = np.asarray(users, dtype=np.int64)
        return Split(
            self.train, self.test_users[users], [self.test_items[i] for i in users], self.name
        )


def _entry_rows(data: Interactions) -> np.ndarray:
    """User index of every stored entry (aligned with ``matrix.data``)."""
    return np.repeat(np.arange(data.n_users, dtype=np.int64), np.diff(data.matrix.indptr))


def _make_split(data: Interactions, test_mask: np.ndarray, name: str) -> Split:
    rows = _entry_rows(data)
    test_rows = rows[test_mask]
    test_cols = data.matrix.indices[test_mask].astype(np.int64)
    counts = np.bincount(test_rows, minlength=data.n_users)
    users = np.flatnonzero(counts).astype(np.int64)
    # Entries are stored row-major with sorted columns, so each user's test items are ascending.
    items = np.split(test_cols, np.cumsum(counts[users])[:-1]) if len(users) else []
    train = data.filter_entries(~test_mask, name=f"{data.name} [train: {name}]".strip())
    return Split(train, users, items, name)


def _time_order_rank(data: Interactions, seed: int) -> np.ndarray:
    """Each entry's position within its user's row when sorted by timestamp, 0 = oldest.

    Timestamp ties (all entries, without timestamps) are ordered randomly: the entries are put in a
    seeded random order and then sorted on one int64 key (row, timestamp). Any deterministic sort
    of randomly permuted equal keys leaves them in uniformly random relative order, and this is
    several times faster than a stable multi-key ``lexsort`` at ML-20M size.
    """
    nnz = data.nnz
    rows = _entry_rows(data)
    if data.timestamps is None or nnz == 0:
        ts = np.zeros(nnz, dtype=np.int64)
    else:
        ts = data.timestamps.astype(np.int64) - data.timestamps.min()
        if int(ts.max()) + 1 > (2**62) // max(data.n_users, 1):  # the key would overflow
            ts = np.unique(ts, return_inverse=True)[1].astype(np.int64)
    span = int(ts.max()) + 1 if nnz else 1
    shuffle = np.random.default_rng(seed).permutation(nnz)
    order = shuffle[np.argsort((rows * span + ts)[shuffle])]  # grouped by user, ascending time
    rank = np.empty(nnz, dtype=np.int64)
    rank[order] = np.arange(nnz, dtype=np.int64) - np.repeat(
        data.matrix.indptr[:-1], np.diff(data.matrix.indptr)
    )
    return rank


def leave_last_out(data: Interactions, seed: int = 0) -> Split:
    """Hold out each user's latest interaction (by timestamp) as their single test item.

    Timestamp ties, and tables without timestamps, are resolved by a random order seeded by
    ``seed``. Users with fewer than 2 interactions stay wholly in train.
    """
    counts = np.diff(data.matrix.indptr)
    rows = _entry_rows(data)
    nonempty = data.matrix.indptr[:-1][counts > 0]

    def row_max(values: np.ndarray) -> np.ndarray:
        out = np.full(data.n_users, np.iinfo(np.int64).min, dtype=np.int64)
        if len(nonempty):
            out[counts > 0] = np.maximum.reduceat(values, nonempty)
        return out[rows]

    # Candidates: the entries at their row's latest timestamp (all entries without timestamps).
    # Among them the one with the largest seeded random key wins (no sorting needed).
    if data.timestamps is None:
        latest = np.ones(data.nnz, dtype=bool)
    else:
        ts = data.timestamps.astype(np.int64)
        latest = ts == row_max(ts)
    random_key = np.random.default_rng(seed).integers(0, 2**62, data.nnz)
    key = np.where(latest, random_key, -1)
    test = (key == row_max(key)) & (counts[rows] >= 2)
    # Two equal 62-bit keys in one row are astronomically unlikely; keep one if it ever happens.
    chosen = np.flatnonzero(test)
    test[chosen[1:][rows[chosen[1:]] == rows[chosen[:-1]]]] = False
    return _make_split(data, test, "leave-last-out")


def random_holdout(data: Interactions, ratio: float = 0.2, seed: int = 0) -> Split:
    """Hold out ``round(ratio * nnz)`` interactions chosen uniformly at random (seeded).

    Per interaction, not per user: a user may end up with no test items, or (rarely) with none
    left in train.
    """
    _check_ratio(ratio)
    n_test = round(ratio * data.nnz)
    rng = np.random.default_rng(seed)
    test = np.zeros(data.nnz, dtype=bool)
    test[rng.permutation(data.nnz)[:n_test]] = True
    return _make_split(data, test, f"random-{ratio:g}")


def temporal_ratio(data: Interactions, ratio: float = 0.2, seed: int = 0) -> Split:
    """Hold out each user's latest ``ratio`` of interactions by timestamp.

    A user with ``n >= 2`` interactions gives ``clip(floor(ratio * n), 1, n - 1)`` test items, so
    every such user is tested and keeps at least one training item; users with fewer than 2 stay
    in train. Timestamp ties are broken by a random order seeded by ``seed``.
    """
    _check_ratio(ratio)
    if data.timestamps is None:
        raise DataError("a temporal split needs timestamps, and this table has none", data.name)
    counts = np.diff(data.matrix.indptr)
    n_test = np.clip(np.floor(ratio * counts).astype(np.int64), 1, np.maximum(counts - 1, 0))
    n_test[counts < 2] = 0
    rows = _entry_rows(data)
    rank = _time_order_rank(data, seed)
    test = rank >= (counts - n_test)[rows]
    return _make_split(data, test, f"temporal-{ratio:g}")


def cold_items(data: Interactions, ratio: float = 0.1, seed: int = 0) -> Split:
    """Hold out all interactions of ``round(ratio × n)`` of the ``n`` items that have any
    (seeded choice). In train those items are cold: present as columns, with no interactions.
    """
    _check_ratio(ratio)
    used = np.flatnonzero(np.bincount(data.matrix.indices, minlength=data.n_items))
    n_cold = max(1, round(ratio * len(used))) if len(used) > 1 else 0
    cold = np.zeros(data.n_items, dtype=bool)
    cold[np.random.default_rng(seed).choice(used, n_cold, replace=False)] = True
    return _make_split(data, cold[data.matrix.indices], f"cold-items-{ratio:g}")


@dataclass(frozen=True)
class SplitInfo:
    """A split as a user picks it: name (CLI value), label, one sentence of help, and whether it
    takes the test share ``ratio``."""

    name: str
    label: str
    help: str
    needs_ratio: bool
    needs_timestamps: bool = False


SPLITS: dict[str, SplitInfo] = {
    "leave-last-out": SplitInfo(
        "leave-last-out", "Leave last out",
        "Hold out each user's latest interaction (a seeded random one without timestamps); "
        "users with fewer than 2 interactions stay in train.", needs_ratio=False),
    "random": SplitInfo(
        "random", "Random hold-out",
        "Hold out a random share of all interactions (seeded).", needs_ratio=True),
    "temporal": SplitInfo(
        "temporal", "Temporal",
        "Hold out the latest share of every user's interactions by time (needs timestamps).",
        needs_ratio=True, needs_timestamps=True),
    "cold-items": SplitInfo(
        "cold-items", "Cold items",
        "Hold out every interaction of a random 10 % of the items: only models that read item "
        "features (content-based, hybrid) can rank them.", needs_ratio=False),
}
COLD_ITEM_SHARE = 0.1


def make_split(data: Interactions, name: str, *, ratio: float = 0.2, seed: int = 0) -> Split:
    """The split called ``name`` (a key of ``SPLITS``); ``ratio`` is ignored by leave-last-out."""
    if name == "leave-last-out":
        return leave_last_out(data, seed=seed)
    if name == "random":
        return random_holdout(data, ratio, seed=seed)
    if name == "temporal":
        return temporal_ratio(data, ratio, seed=seed)
    if name == "cold-items":
        return cold_items(data, COLD_ITEM_SHARE, seed=seed)
    raise ValueError(f"unknown split {name!r}; choose one of {', '.join(SPLITS)}")


def _check_ratio(ratio: float) -> None:
    if not 0.0 < ratio < 1.0:
        raise ValueError(f"ratio must be between 0 and 1 (exclusive), got {ratio}")
