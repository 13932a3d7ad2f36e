"""Similarities and neighbourhood selection against brute-force numpy references."""

import numpy as np
import pytest
import scipy.sparse as sp

from core.models.similarity import (
    Reference,
    center_by_user,
    keep_top_k,
    kth_largest,
    select_neighbours,
    similarities,
)


def random_ratings(seed: int, shape=(9, 12), density=0.4) -> sp.csr_matrix:
    rng = np.random.default_rng(seed)
    mask = rng.random(shape) < density
    values = rng.integers(1, 6, size=shape).astype(np.float64)
    return sp.csr_matrix(np.where(mask, values, 0.0))


def brute_force(a: np.ndarray, b: np.ndarray, kind: str, shrink: float, min_overlap: int,
                a_mask: np.ndarray, b_mask: np.ndarray) -> np.ndarray:
    out = np.zeros((len(a), len(b)))
    for i in range(len(a)):
        for j in range(len(b)):
            both = a_mask[i] & b_mask[j]
            overlap = both.sum()
            if overlap < max(min_overlap, 1):
                continue
            if kind == "jaccard":
                s = overlap / (a_mask[i] | b_mask[j]).sum()
            else:
                na, nb = np.linalg.norm(a[i]), np.linalg.norm(b[j])
                s = a[i] @ b[j] / (na * nb) if na > 0 and nb > 0 else 0.0
            out[i, j] = s * (overlap / (overlap + shrink) if shrink > 0 else 1.0)
    return out


@pytest.mark.parametrize("kind", ["cosine", "jaccard", "pearson"])
@pytest.mark.parametrize(("shrink", "min_overlap"), [(0.0, 1), (3.0, 1), (0.0, 3), (2.0, 2)])
def test_similarities_match_brute_force(kind, shrink, min_overlap):
    m = random_ratings(seed=len(kind) * 7 + min_overlap)
    mask = m.toarray() > 0
    if kind == "pearson":
        dense = m.toarray()
        means = np.array([row[row > 0].mean() if (row > 0).any() else 0 for row in dense])
        ref = np.where(mask, dense - means[:, None], 0.0)
        rows = center_by_user(m)
    else:
        ref = m.toarray()
        rows = m
    got = similarities(rows[:4], rows, kind, shrinkage=shrink, min_overlap=min_overlap)
    expected = brute_force(ref[:4], ref, kind, shrink, min_overlap, mask[:4], mask)
    np.testing.assert_allclose(got, expected, atol=1e-12)


@pytest.mark.parametrize("kind", ["cosine", "jaccard"])
@pytest.mark.parametrize("dense_from", [0.0, 0.3, 0.6, 2.0])  # all, some, few, no dense columns
def test_reference_split_product_matches_sklearn_and_brute_force(kind, dense_from, monkeypatch):
    from sklearn.metrics.pairwise import cosine_similarity

    from core.models import similarity

    monkeypatch.setattr(similarity, "DENSE_FROM", dense_from)
    dense = random_ratings(seed=11, shape=(30, 25), density=0.3).toarray()
    dense[:, ::5] = 0  # a few empty columns
    dense[7] = 0  # and an empty row
    m = sp.csr_matrix(dense)
    ref = Reference(m, kind)
    got = ref.similarities(m[:12], shrinkage=1.0)
    assert got.dtype == np.float32
    mask = m.toarray() > 0
    expected = brute_force(m.toarray()[:12], m.toarray(), kind, 1.0, 1, mask[:12], mask)
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)
    if kind == "cosine":
        np.testing.assert_allclose(ref.similarities(m[:12]), cosine_similarity(m[:12], m),
                                   rtol=1e-5, atol=1e-6)


def test_cosine_hand_computed():
    # seed example users: {1,2,3}, {2,3,4}, {3,4,5}
    m = sp.csr_matrix(np.array([[1, 1, 1, 0, 0], [0, 1, 1, 1, 0], [0, 0, 1, 1, 1]], float))
    got = similarities(m, m, "cosine")
    np.testing.assert_allclose(got[0], [1, 2 / 3, 1 / 3])
    np.testing.assert_allclose(similarities(m, m, "jaccard")[0], [1, 2 / 4, 1 / 5])
    np.testing.assert_allclose(similarities(m, m, "cosine", shrinkage=1)[0], [0.75, 4 / 9, 1 / 6])


def test_center_by_user_keeps_entries_and_subtracts_own_mean():
    m = sp.csr_matrix(np.array([[5, 0, 3], [0, 0, 0], [2, 2, 0]], float))
    c = center_by_user(m)
    assert c.nnz == m.nnz  # entries equal to the mean stay stored (explicit zeros)
    np.testing.assert_allclose(c.toarray(), [[1, 0, -1], [0, 0, 0], [0, 0, 0]])


def test_keep_top_k_and_kth_largest():
    sims = np.array([[0.1, 0.9, 0.5, -0.3], [0.0, 0.2, 0.0, 0.0]])
    np.testing.assert_allclose(keep_top_k(sims, 2).toarray(), [[0, 0.9, 0.5, 0], [0, 0.2, 0, 0]])
    np.testing.assert_allclose(kth_largest(sims, 2), [0.5, 0.0])


def test_neighbourhoods_against_brute_force():
    rng = np.random.default_rng(3)
    full = rng.random((8, 8))
    full = (full + full.T) / 2
    np.fill_diagonal(full, 0)
    k = 3
    top = [set(np.argsort(-full[v])[:k]) for v in range(8)]
    thresholds = kth_largest(full, k)
    for mode in ("top-k", "reverse", "mutual"):
        got = select_neighbours(full, k, mode, thresholds).toarray()
        for u in range(8):
            for v in range(8):
                mine, theirs = v in top[u], u in top[v]
                keep = {"top-k": mine, "reverse": theirs, "mutual": mine and theirs}[mode]
                assert got[u, v] == (full[u, v] if keep else 0.0), (mode, u, v)


@pytest.mark.parametrize("dense_from", [0.0, 0.3, 2.0])
@pytest.mark.parametrize("dense_mb", [64.0, 1e-4])  # the budget caps how many rows go dense
def test_split_product_equals_the_plain_product(dense_from, dense_mb):
    from core.models.split_product import SplitProduct

    rng = np.random.default_rng(3)
    right = sp.csr_matrix(random_ratings(seed=5, shape=(40, 30), density=0.3).toarray()
                          * (rng.random((40, 1)) < 0.8))  # some empty rows
    queries = random_ratings(seed=6, shape=(7, 40), density=0.4)
    split = SplitProduct.of(right, np.float32, dense_from=dense_from, dense_mb=dense_mb)
    got = split(queries)
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, (queries @ right).toarray(), rtol=1e-5)
    if dense_from == 0.0 and dense_mb == 64.0:
        assert len(split.dense_index) == np.count_nonzero(np.diff(right.indptr))
    if dense_from == 2.0:
        assert len(split.dense_index) == 0


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_map_batches_yields_every_batch_in_order(workers):
    from core.models.similarity import batches, map_batches

    got = list(map_batches(lambda b: b * 10, 23, 5, workers=workers))
    assert [list(b) for b, _ in got] == [list(b) for b in batches(23, 5)]
    for b, result in got:
        np.testing.assert_array_equal(result, b * 10)
    stopped = map_batches(lambda b: b, 23, 5, workers=workers)
    assert next(stopped)[0][0] == 0
    stopped.close()  # a cancelled fit: the pending batches finish, nothing hangs


def test_map_batches_runs_blas_single_threaded_in_workers_only():
    from core.models.similarity import _blas_controller, map_batches

    def blas_threads() -> set[int]:
        return {lib["num_threads"] for lib in _blas_controller().info()
                if lib["user_api"] == "blas"}

    before = blas_threads()
    inside = [threads for _, threads in map_batches(lambda b: blas_threads(), 20, 5, workers=2)]
    assert inside and all(threads == {1} for threads in inside)
    assert blas_threads() == before  # restored afterwards
