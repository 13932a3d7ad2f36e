"""Recency weights: a user's latest items count most (shared by item-kNN and the neural models).

Each training entry gets exp(-r / tau), where r is how many *distinct later timestamps* the same
user has (0 for the latest items; items rated in the same second share a weight). What a user did
last predicts what they do next far better than what they did first — under leave-last-out
evaluation the held-out item is exactly the next one.

At scoring time ``row_recency`` applies the stored weights to the row being scored: items a
training user already had at fit time keep their weight; anything else (items added since fit, or
every item of a user unknown at fit) weighs 1, as the latest interaction would.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

from core.models.params import param

# Smallest stored weight: very old entries (r / tau > ~745) would underflow to 0, and a stored 0
# would read as "not present at fit time", i.e. weight 1.
MIN_WEIGHT = np.finfo(np.float64).tiny


def scoring_recency_param() -> Any:
    """The ``recency`` setting of a model that weights the user's row at scoring time only
    (EASE, ALS): off by default, so the model ignores order unless asked."""
    return param(
        0.0, label="Recency decay", minimum=0, maximum=1e6,
        help="At scoring time a user's older items weigh exp(-r / recency), r = later "
             "timestamps (0 = order ignored; needs timestamps).")


def recency_ranks(matrix: sp.csr_matrix, timestamps: np.ndarray) -> np.ndarray:
    """Per stored entry of ``matrix`` (CSR order): the number of later distinct times in its row.

    Written to hold few entry-sized temporaries at once (on a 20M-interaction table each is
    160 MB): the sort key is built in place and dropped as soon as it has been compared.
    """
    m = sp.csr_matrix(matrix)
    counts = np.diff(m.indptr)
    ts_all = np.asarray(timestamps, dtype=np.int64)
    ranks = np.empty(len(ts_all), dtype=np.float64)
    if not len(ts_all):
        return ranks
    n_rows = m.shape[0]
    latest = int(ts_all.max())
    span = latest - int(ts_all.min()) + 1
    if span * n_rows < 2**62:  # one integer key (row, then latest first) sorts fastest
        key = np.repeat(np.arange(n_rows, dtype=np.int64) * span, counts)
        key += latest
        key -= ts_all
        order = np.argsort(key)  # equal keys (same row and time) share a rank: any order
        key = key[order]
        new_value = np.empty(len(order), dtype=bool)
        new_value[0] = True
        np.not_equal(key[1:], key[:-1], out=new_value[1:])
        del key
    else:
        row_of = np.repeat(np.arange(n_rows, dtype=np.int64), counts)
        order = np.lexsort((-ts_all, row_of))
        ts, rows = ts_all[order], row_of[order]
        new_value = np.ones(len(order), dtype=bool)
        new_value[1:] = (ts[1:] != ts[:-1]) | (rows[1:] != rows[:-1])
        del ts, rows, row_of
    small = np.int32 if len(order) < 2**31 else np.int64
    ranks_sorted = np.cumsum(new_value, dtype=small)
    del new_value
    nonempty = counts > 0  # rows stay contiguous and in order, so row r starts at indptr[r]
    ranks_sorted -= np.repeat(ranks_sorted[m.indptr[:-1][nonempty]], counts[nonempty])
    ranks[order] = ranks_sorted
    return ranks


def recency_weights(
    matrix: sp.csr_matrix, timestamps: np.ndarray | None, tau: float
) -> sp.csr_matrix | None:
    """CSR like ``matrix`` holding exp(-r / tau) per entry; None when off (tau ≤ 0, no times)."""
    m = sp.csr_matrix(matrix)
    if tau <= 0 or timestamps is None or not m.nnz:
        return None
    weights = recency_ranks(m, timestamps)
    weights *= -1.0 / tau  # in place: no entry-sized temporaries
    np.exp(weights, out=weights)
    np.maximum(weights, MIN_WEIGHT, out=weights)
    return sp.csr_matrix((weights, m.indices.copy(), m.indptr.copy()), shape=m.shape)


def row_recency(
    rows: sp.csr_matrix, user_indices: np.ndarray, fitted: sp.csr_matrix | None
) -> sp.csr_matrix:
    """Recency weight of every stored entry of ``rows`` (see module docstring); 1s when off.

    ``user_indices[k]`` is row k's training user (or -1); ``fitted`` comes from
    ``recency_weights`` on the training matrix.
    """
    present = sp.csr_matrix(rows, dtype=np.float64, copy=True)
    present.data = np.ones_like(present.data)
    if fitted is None:
        return present
    user_indices = np.asarray(user_indices)
    if len(user_indices) and (user_indices >= 0).all():
        at_fit = fitted[user_indices]
        if _same_entries(present, at_fit):  # the users' own rows as fitted (recommend for all)
            return sp.csr_matrix((at_fit.data, present.indices, present.indptr),
                                 shape=present.shape)
    known = (user_indices >= 0).astype(np.float64)
    at_fit = sp.diags(known) @ fitted[np.maximum(user_indices, 0)]
    kept = present.multiply(at_fit)
    return sp.csr_matrix(kept + (present - present.multiply(at_fit.sign())))


def _same_entries(a: sp.csr_matrix, b: sp.csr_matrix) -> bool:
    """Whether two CSR matrices store entries at exactly the same places (in the same order)."""
    return (a.shape == b.shape and np.array_equal(a.indptr, b.indptr)
            and np.array_equal(a.indices, b.indices))
