"""Top-k selection and seen-item masking against brute-force references."""

import numpy as np
import pytest
import scipy.sparse as sp

from core.ranking import mask_seen, top_k


def brute_top_k(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    idx = np.full((len(scores), k), -1)
    val = np.full((len(scores), k), -np.inf)
    for r, row in enumerate(scores):
        order = sorted(range(len(row)), key=lambda j: (-row[j], j))  # best first, low index on ties
        order = [j for j in order if np.isfinite(row[j])][:k]
        idx[r, : len(order)] = order
        val[r, : len(order)] = row[order]
    return idx, val


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("k", [1, 3, 10, 40])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_top_k_matches_brute_force_with_ties_and_masked_items(seed, k, dtype):
    rng = np.random.default_rng(seed)
    n_cols = [1, 7, 30, 97, 250, 501][seed]
    scores = rng.integers(0, 6, size=(12, n_cols)).astype(dtype)  # many ties
    scores[rng.random(scores.shape) < 0.3] = -np.inf
    scores[2] = -np.inf  # a row with nothing left
    scores[3, :] = 1.0  # a row of equal scores
    if n_cols > 3:
        scores[4, : n_cols - 2] = -np.inf  # a row with fewer than k finite scores
    idx, val = top_k(scores, k)
    want_idx, want_val = brute_top_k(scores, k)
    np.testing.assert_array_equal(idx, want_idx)
    np.testing.assert_array_equal(val, want_val)
    assert idx.dtype == np.int64 and val.dtype == dtype


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("k", [1, 10, 25])
def test_rows_with_fewer_than_k_scores_above_a_tied_floor(seed, k):
    """User-kNN's rows: a few positive scores, everything else tied at 0 (or masked), so the
    k-th best is the floor and the slots left are filled from the floor in index order."""
    rng = np.random.default_rng(seed)
    scores = np.zeros((30, 400), dtype=np.float32)
    for r in range(30):
        n_pos = int(rng.integers(0, 2 * k))
        scores[r, rng.choice(400, n_pos, replace=False)] = rng.integers(1, 4, n_pos)
    scores[rng.random(scores.shape) < 0.2] = -np.inf
    scores[5, :390] = -np.inf  # fewer finite scores than k at times
    scores[6] = -1.0  # a negative floor
    idx, val = top_k(scores, k)
    want_idx, want_val = brute_top_k(scores, k)
    np.testing.assert_array_equal(idx, want_idx)
    np.testing.assert_array_equal(val, want_val)


def test_top_k_on_continuous_scores_and_a_single_row():
    rng = np.random.default_rng(9)
    scores = rng.normal(size=(50, 3706)).astype(np.float32)
    idx, val = top_k(scores, 10)
    want_idx, want_val = brute_top_k(scores, 10)
    np.testing.assert_array_equal(idx, want_idx)
    np.testing.assert_array_equal(val, want_val)
    idx1, _ = top_k(scores[7], 10)
    np.testing.assert_array_equal(idx1, want_idx[7:8])


def test_mask_seen_sets_exactly_the_stored_entries():
    seen = sp.csr_matrix(np.array([[0, 1, 0, 1], [0, 0, 0, 0], [1, 0, 0, 0]], dtype=np.float32))
    scores = np.arange(12, dtype=np.float32).reshape(3, 4)
    out = mask_seen(scores, seen)
    assert out is scores
    expected = np.arange(12, dtype=np.float32).reshape(3, 4)
    expected[[0, 0, 2], [1, 3, 0]] = -np.inf
    np.testing.assert_array_equal(scores, expected)


@pytest.mark.parametrize("seed", range(8))
def test_top_k_reads_only_groups_that_can_hold_a_candidate(seed):
    """Column counts with and without a tail past the groups' whole rounds, group maxima that
    tie, and a strided (non-contiguous) block: the same lists as the brute force."""
    rng = np.random.default_rng(seed)
    k = int(rng.choice([1, 5, 10, 20]))
    n_cols = int(rng.integers(k, 3000))
    scores = rng.normal(size=(40, n_cols)).round(1)  # ties among maxima too
    scores[rng.random(scores.shape) < 0.1] = -np.inf
    block = np.asfortranarray(np.repeat(scores, 2, axis=0))[::2]
    idx, val = top_k(block, k)
    want_idx, want_val = brute_top_k(scores, k)
    np.testing.assert_array_equal(idx, want_idx)
    np.testing.assert_array_equal(val, want_val)
