"""A generated event log: sparse, with daily timestamps (many ties), planted structure.

Shops, news and click logs record *sessions*: on a given day a user looks at a few items that
belong together, and what they look at next resembles what they looked at last. Such a log is
sparse (≈ 0.4 % dense at 1,100 users × 10,000 items × 40,000 events), its timestamps are days
(so a user's last day usually holds several items: ties), and it has structure that a
recommender can find:

- items belong to one of ``n_groups`` latent groups and have Zipf-like popularity;
- each user likes one or two groups; each session (one day) picks one of them — the previous
  session's group again with probability ``stickiness`` — and draws 1 + Poisson(``session_mean``
  − 1) items from it, ∝ popularity (with probability ``noise`` an item is drawn from the whole
  catalogue instead);
- user activity is long-tailed (lognormal), every user has at least 2 distinct items;
- a (user, item) pair is kept once, at its first day; timestamps are midnight UTC of the day.

Deterministic in ``seed``; no third-party data.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from core.interactions import Interactions

_T0 = 1_577_836_800  # 2020-01-01 UTC
DAY = 86_400


def event_log(
    n_users: int, n_items: int, n_events: int, seed: int = 0, *, n_groups: int = 40,
    zipf: float = 1.0, stickiness: float = 0.6, session_mean: float = 3.0, noise: float = 0.1,
    n_days: int = 365,
) -> Interactions:
    """The event log described in the module docstring (about ``n_events`` distinct pairs)."""
    if n_users < 1 or n_items < 2 or n_events < 0:
        raise ValueError("need at least one user and two items")
    rng = np.random.default_rng(seed)
    item_group = rng.integers(0, n_groups, n_items)
    popularity = 1.0 / np.arange(1, n_items + 1) ** zipf
    popularity = popularity[rng.permutation(n_items)]
    cdf_all = np.cumsum(popularity) / popularity.sum()
    members = [np.flatnonzero(item_group == g) for g in range(n_groups)]
    cdfs = [np.cumsum(popularity[m]) / popularity[m].sum() if len(m) else None for m in members]

    activity = rng.lognormal(0.0, 1.0, n_users)
    quota = np.maximum(2, np.rint(activity / activity.sum() * n_events)).astype(np.int64)
    quota = np.minimum(quota, n_items // 2)
    likes = rng.integers(0, n_groups, (n_users, 2))
    likes[:, 1] = np.where(rng.random(n_users) < 0.5, likes[:, 1], likes[:, 0])

    def draw(group: int, n: int) -> np.ndarray:
        from_group = rng.random(n) >= noise
        out = np.searchsorted(cdf_all, rng.random(n))
        m, cdf = members[group], cdfs[group]
        if cdf is not None and from_group.any():
            out[from_group] = m[np.minimum(np.searchsorted(cdf, rng.random(int(from_group.sum()))),
                                           len(m) - 1)]
        return np.minimum(out, n_items - 1)

    users, items, days = [], [], []
    for u in range(n_users):
        seen: dict[int, int] = {}
        day = int(rng.integers(0, n_days // 2))
        group = int(likes[u, rng.integers(0, 2)])
        for _ in range(50 * int(quota[u])):  # bounded: a session adds ≥ 1 new item in practice
            if len(seen) >= quota[u]:
                break
            if rng.random() >= stickiness:
                group = int(likes[u, rng.integers(0, 2)])
            for item in draw(group, 1 + int(rng.poisson(session_mean - 1))).tolist():
                if len(seen) < quota[u]:
                    seen.setdefault(item, day)
            day += 1 + int(rng.geometric(0.15))
        users.append(np.full(len(seen), u))
        items.append(np.fromiter(seen.keys(), dtype=np.int64, count=len(seen)))
        days.append(np.fromiter(seen.values(), dtype=np.int64, count=len(seen)))
    rows, cols, day_of = np.concatenate(users), np.concatenate(items), np.concatenate(days)
    order = np.lexsort((cols, rows))
    rows, cols, day_of = rows[order], cols[order], day_of[order]
    indptr = np.zeros(n_users + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n_users), out=indptr[1:])
    matrix = sp.csr_matrix((np.ones(len(rows), np.float32), cols.astype(np.int32), indptr),
                           shape=(n_users, n_items))
    matrix.has_sorted_indices = True
    return Interactions([str(k) for k in range(1, n_users + 1)],
                        [str(k) for k in range(1, n_items + 1)], matrix,
                        _T0 + DAY * day_of, name=f"Event log {n_users}×{n_items}")
