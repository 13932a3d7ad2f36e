"""Recency weights shared by item-kNN and the neural models, against hand-computed values."""

import math

import numpy as np
import pytest
import scipy.sparse as sp

from core.models.recency import recency_ranks, recency_weights, row_recency


def _matrix():
    # row 0: items 0..3 at t = 1, 5, 5, 3; row 1: nothing; row 2: items 0, 2 at t = 7, 2
    m = sp.csr_matrix(np.array([[1, 1, 1, 1], [0, 0, 0, 0], [1, 0, 1, 0]], dtype=np.float32))
    return m, np.array([1, 5, 5, 3, 7, 2])


def test_ranks_count_distinct_later_timestamps_of_the_same_user():
    m, ts = _matrix()
    assert recency_ranks(m, ts).tolist() == [2, 0, 0, 1, 0, 1]


def test_weights_are_exp_of_minus_rank_over_tau():
    m, ts = _matrix()
    w = recency_weights(m, ts, 2.0).toarray()
    e = math.exp
    np.testing.assert_allclose(w[0], [e(-1.0), 1.0, 1.0, e(-0.5)])
    np.testing.assert_allclose(w[1], 0.0)
    np.testing.assert_allclose(w[2], [1.0, 0.0, e(-0.5), 0.0])
    assert recency_weights(m, ts, 0.0) is None
    assert recency_weights(m, None, 2.0) is None


def test_very_old_entries_keep_a_positive_weight_instead_of_underflowing():
    n = 2000
    m = sp.csr_matrix(np.ones((1, n), dtype=np.float32))
    w = recency_weights(m, np.arange(n), 1.0)
    assert np.all(w.data > 0) and w.data[-1] == 1.0
    # so an old item still reads as "present at fit" rather than "added since" (weight 1)
    assert row_recency(m, np.array([0]), w).toarray()[0, 0] < 1e-300


def test_row_recency_keeps_fit_weights_and_counts_new_items_and_users_as_latest():
    m, ts = _matrix()
    fitted = recency_weights(m, ts, 2.0)
    edited = sp.csr_matrix(np.array([[0, 1, 1, 1], [1, 1, 0, 0]], dtype=np.float32))
    got = row_recency(edited, np.array([2, -1]), fitted).toarray()
    # training user 2 lost item 0, kept item 2 (e^-0.5), gained items 1 and 3 (weight 1)
    np.testing.assert_allclose(got[0], [0.0, 1.0, math.exp(-0.5), 1.0])
    np.testing.assert_allclose(got[1], [1.0, 1.0, 0.0, 0.0])  # unknown at fit: all 1
    np.testing.assert_allclose(row_recency(edited, np.array([0, 0]), None).toarray(),
                               edited.toarray())
    assert got[0, 2] == pytest.approx(fitted[2, 2])


def test_row_recency_of_the_users_own_rows_is_their_fitted_weights():
    m, ts = _matrix()
    fitted = recency_weights(m, ts, 2.0)
    users = np.array([2, 0, 1])
    got = row_recency(m[users], users, fitted)
    np.testing.assert_allclose(got.toarray(), fitted[users].toarray())
    # one row differing from the fitted one takes the general path for the whole batch
    edited = m[users].tolil()
    edited[1, 0] = 0
    mixed = row_recency(sp.csr_matrix(edited), users, fitted).toarray()
    e = math.exp
    np.testing.assert_allclose(mixed[1], [0.0, 1.0, 1.0, e(-0.5)])
    np.testing.assert_allclose(mixed[[0, 2]], fitted[users[[0, 2]]].toarray())
