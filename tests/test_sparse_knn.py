"""Sparse and dense kNN paths agree: similarities, top-k, neighbourhoods, the compiled kernel and
whole models (fit + recommend for everyone) on random data of several densities."""

import numpy as np
import pytest
import scipy.sparse as sp

from core import gil_budget
from core.errors import ModelError
from core.interactions import Interactions
from core.models import knn_kernels, similarity
from core.models.knn import ItemKNN, UserKNN
from core.models.similarity import (
    Reference,
    center_by_user,
    keep_top_k,
    kth_largest,
    select_neighbours,
)
from core.models.sparse_similarity import (
    drop_stored,
    fill_short,
    kth_largest_sparse,
    prefer_sparse,
    select_neighbours_sparse,
    sparse_cost,
    sparse_top,
    top_k_sparse,
)
from core.synthetic import SHAPES, shape_data, shape_size

DENSITIES = (0.02, 0.1, 0.4)
TOL = 1e-5


def random_sparse(seed: int, shape=(40, 60), density=0.1, integer=False) -> sp.csr_matrix:
    rng = np.random.default_rng(seed)
    mask = rng.random(shape) < density
    values = rng.integers(1, 6, shape) if integer else rng.random(shape) + 0.01
    return sp.csr_matrix(np.where(mask, values, 0.0).astype(np.float32))


@pytest.mark.parametrize("density", DENSITIES)
@pytest.mark.parametrize("kind", ["cosine", "jaccard", "pearson"])
@pytest.mark.parametrize(("shrinkage", "min_overlap"), [(0.0, 1), (3.0, 2)])
def test_sparse_similarities_equal_the_dense_ones(density, kind, shrinkage, min_overlap):
    m = random_sparse(1, density=density, integer=True)
    if kind == "pearson":
        m = center_by_user(m)
    ref = Reference(m, kind)
    queries = m[:25]
    exclude = np.arange(25)
    dense = ref.similarities(queries, shrinkage=shrinkage, min_overlap=min_overlap)
    dense[np.arange(25), exclude] = 0
    got = ref.sparse_similarities(queries, shrinkage=shrinkage, min_overlap=min_overlap,
                                  exclude=exclude)
    np.testing.assert_allclose(got.toarray(), dense, atol=TOL)


@pytest.mark.parametrize("density", DENSITIES)
@pytest.mark.parametrize("integer", [False, True])  # integers: many ties, lower column wins
def test_sparse_top_k_and_kth_largest_equal_the_dense_ones(density, integer):
    m = random_sparse(2, density=density, integer=integer)
    for k in (1, 3, 7, 100):
        np.testing.assert_array_equal(top_k_sparse(m, k).toarray(),
                                      keep_top_k(m.toarray(), k).toarray())
        np.testing.assert_array_equal(kth_largest_sparse(m, k), kth_largest(m.toarray(), k))


def test_top_k_sparse_hand_computed_ties_go_to_the_lower_column():
    m = sp.csr_matrix(np.array([[0.5, 0, 0.9, 0.5, 0.5], [0, 0, 0, 0, 0], [-1, 2, 0, 0, 0]],
                               dtype=np.float32))
    got = top_k_sparse(m, 2).toarray()
    np.testing.assert_allclose(got, [[0.5, 0, 0.9, 0, 0], [0] * 5, [0, 2, 0, 0, 0]], atol=1e-7)


@pytest.mark.parametrize("mode", ["top-k", "reverse", "mutual"])
@pytest.mark.parametrize("density", DENSITIES)
def test_sparse_neighbourhoods_equal_the_dense_ones(mode, density):
    m = random_sparse(3, density=density)
    thresholds = kth_largest(m.toarray().T.copy(), 3)[:60]
    got = select_neighbours_sparse(m, 3, mode, thresholds).toarray()
    expected = select_neighbours(m.toarray(), 3, mode, thresholds).toarray()
    np.testing.assert_array_equal(got, expected)


def test_drop_stored_and_sparse_top_hand_computed():
    scores = sp.csr_matrix(np.array([[0.2, 0.9, 0.4, 0.0], [0.0, 0.0, 0.0, 0.3]]))
    seen = sp.csr_matrix(np.array([[0, 1, 0, 0], [0, 0, 0, 0]]))
    idx, val = sparse_top(drop_stored(scores, seen), 3)
    np.testing.assert_array_equal(idx, [[2, 0, -1], [3, -1, -1]])
    np.testing.assert_allclose(val, [[0.4, 0.2, -np.inf], [0.3, -np.inf, -np.inf]])


def test_fill_short_uses_popularity_and_skips_seen_and_taken():
    popularity = np.array([5.0, 9.0, 1.0, 9.0, 3.0])
    idx = np.array([[4, -1, -1], [-1, -1, -1]])
    val = np.array([[0.7, -np.inf, -np.inf], [-np.inf] * 3])
    seen = sp.csr_matrix(np.array([[0, 1, 0, 0, 0], [0, 0, 0, 1, 0]]))
    fill_short(idx, val, seen, popularity)
    # row 0: has 4 scored; 1 is seen, so 3 (9, ties to the lower index after 1) then 0 (5)
    np.testing.assert_array_equal(idx, [[4, 3, 0], [1, 0, 4]])
    # a row with no positive score gets popularity scaled into [0, 1], as score_rows gives it
    np.testing.assert_allclose(val, [[0.7, 0, 0], [1.0, 5 / 9, 3 / 9]])


def test_cost_estimate_counts_multiply_adds():
    q = sp.csr_matrix(np.array([[1, 1, 0], [0, 0, 1]], dtype=np.float32))
    right = sp.csr_matrix(np.array([[1, 1, 0, 0], [1, 0, 0, 0], [1, 1, 1, 1]], dtype=np.float32))
    np.testing.assert_array_equal(sparse_cost(q, right), [3, 4])
    assert prefer_sparse(10, 100, 100) and not prefer_sparse(10_000, 10, 10)


# -- the compiled kernel ----------------------------------------------------------------------


def kernel_or_skip():
    pytest.importorskip("sparse_dot_topn")
    assert knn_kernels.available()


@pytest.mark.parametrize("density", DENSITIES)
@pytest.mark.parametrize("kind", ["cosine", "jaccard", "pearson"])
@pytest.mark.parametrize(("shrinkage", "min_overlap"), [(0.0, 1), (2.0, 2)])
def test_compiled_kernel_agrees_with_the_numpy_path(density, kind, shrinkage, min_overlap):
    kernel_or_skip()
    m = random_sparse(4, density=density, integer=kind == "jaccard")
    if kind == "pearson":
        m = center_by_user(m)
    ref = Reference(m, kind)
    exclude = np.arange(m.shape[0])
    kw = dict(shrinkage=shrinkage, min_overlap=min_overlap, exclude=exclude)
    compiled = ref.top_k_similarities(m, 5, compiled=True, **kw).toarray()
    numpy_path = ref.top_k_similarities(m, 5, compiled=False, **kw).toarray()
    dense = ref.similarities(m, shrinkage=shrinkage, min_overlap=min_overlap)
    dense[exclude, exclude] = 0
    if kind != "jaccard":  # continuous values: no ties, the same neighbours on every path
        np.testing.assert_allclose(compiled, numpy_path, atol=TOL)
        np.testing.assert_allclose(compiled, keep_top_k(dense, 5).toarray(), atol=TOL)
    else:  # ratios of small integers tie often; float rounding may pick another of the tied
        np.testing.assert_allclose(np.sort(compiled, axis=1), np.sort(numpy_path, axis=1),
                                   atol=TOL)


def test_compiled_kernel_hand_computed_with_skip():
    kernel_or_skip()
    a = sp.csr_matrix(np.array([[1, 2], [0, 1]], dtype=np.float32))
    b = sp.csr_matrix(np.array([[1, 0, 3], [1, 1, 0]], dtype=np.float32))
    skip = sp.csr_matrix(np.array([[0, 0, 1], [0, 0, 0]], dtype=np.float32))
    idx, val = knn_kernels.product_top_k(a, b, 2, skip=skip)
    # row 0: [3, 2, 3] with column 2 skipped; row 1: [1, 1, 0]: a tie, the lower column first
    np.testing.assert_array_equal(idx, [[0, 1], [0, 1]])
    np.testing.assert_allclose(val, [[3, 2], [1, 1]])


def brute_force_top_k(a, b, k, skip):
    """Per row: the k largest positive entries of a @ b not in skip, ties to the lower column."""
    product = (a @ b).toarray().astype(np.float64)
    product[skip.toarray() != 0] = 0
    idx = np.full((a.shape[0], k), -1)
    val = np.zeros((a.shape[0], k))
    for r, row in enumerate(product):
        order = sorted(np.flatnonzero(row > 0), key=lambda j: (-row[j], j))[:k]
        idx[r, :len(order)], val[r, :len(order)] = order, row[order]
    return idx, val


@pytest.mark.parametrize("density", DENSITIES)
@pytest.mark.parametrize("integer", [False, True])  # integers: ties everywhere, some spill
@pytest.mark.parametrize("k", [1, 3, 20])
def test_compiled_product_top_k_equals_brute_force(density, integer, k):
    kernel_or_skip()
    a = random_sparse(10, (30, 40), density, integer)
    b = random_sparse(11, (40, 50), density, integer)
    skip = random_sparse(12, (30, 50), 0.2)
    got_idx, got_val = knn_kernels.product_top_k(a, b, k, skip=skip)
    idx, val = brute_force_top_k(a, b, k, skip)
    np.testing.assert_array_equal(got_idx, idx)
    np.testing.assert_allclose(got_val, val, rtol=1e-6)


@pytest.mark.parametrize("first", [1.0, 25.0, 200.0])
def test_compiled_product_cut_into_short_calls_equals_one_call(monkeypatch, first):
    kernel_or_skip()
    a = random_sparse(20, (40, 40), 0.3, True)
    b = random_sparse(21, (40, 60), 0.3, True)
    skip = random_sparse(22, (40, 60), 0.2)
    whole = knn_kernels.product_top_k(a, b, 5, skip=skip)
    calls = []
    real = knn_kernels._matmul_topn()
    monkeypatch.setattr(knn_kernels, "_matmul_topn",
                        lambda: lambda part, *args, **kw: calls.append(part.shape[0])
                        or real(part, *args, **kw))
    monkeypatch.setattr(gil_budget, "_call_seconds", 0.01)  # as the app asks
    monkeypatch.setattr(knn_kernels, "FIRST_CALL_WORK", first)
    monkeypatch.setattr(knn_kernels, "next_call_work", lambda work, done, seconds, budget: work)
    b = b.copy()  # a new operand: no pace remembered from the call above
    cut = knn_kernels.product_top_k(a, b, 5, skip=skip)
    assert len(calls) > 1 and sum(calls) == 40  # cut into several calls, every row once
    np.testing.assert_array_equal(cut[0], whole[0])
    np.testing.assert_array_equal(cut[1], whole[1])
    np.testing.assert_array_equal(cut[0], brute_force_top_k(a, b, 5, skip)[0])


@pytest.mark.parametrize("threads", [2, 3])
def test_compiled_product_on_several_threads_equals_brute_force(monkeypatch, threads):
    kernel_or_skip()
    monkeypatch.setattr(knn_kernels, "THREADS", threads)
    monkeypatch.setattr(knn_kernels, "PARALLEL_MIN_WORK", 0)
    monkeypatch.setattr(knn_kernels, "MIN_ROWS_PER_THREAD", 1)
    a = random_sparse(30, (41, 40), 0.3, True)  # an odd row count: shares of 21 and 20
    b = random_sparse(31, (40, 60), 0.3, True)
    skip = random_sparse(32, (41, 60), 0.2)
    idx, val = knn_kernels.product_top_k(a, b, 5, skip=skip)
    want_idx, want_val = brute_force_top_k(a, b, 5, skip)
    np.testing.assert_array_equal(idx, want_idx)
    np.testing.assert_allclose(val, want_val, rtol=1e-6)


def test_the_first_call_of_a_batch_is_sized_by_the_previous_batch(monkeypatch):
    """Under a GIL budget, a second batch against the same operand starts at budget / pace."""
    kernel_or_skip()
    a = random_sparse(40, (200, 40), 0.3, True)
    b = random_sparse(41, (40, 60), 0.3, True)
    monkeypatch.setattr(gil_budget, "_call_seconds", 0.01)
    knn_kernels.product_top_k(a, b, 5)
    pace = knn_kernels._prepared(b).pace
    assert pace is not None and pace > 0
    sizes = []
    monkeypatch.setattr(knn_kernels, "next_call_work",
                        lambda work, done, seconds, budget: sizes.append(work) or work)
    knn_kernels.product_top_k(a, b, 5)
    assert sizes[0] == pytest.approx(max(0.01 / pace, 1e4))


def test_call_size_follows_the_measured_cost_of_a_multiply_add():
    def sized(work, done, seconds):
        return knn_kernels.next_call_work(work, done, seconds, 0.02)

    assert sized(1e6, 1e6, 0.08) == pytest.approx(2.5e5)  # 4x too long: a quarter
    assert sized(1e6, 1e6, 0.0002) == pytest.approx(4e6)  # grows at most 4x per call
    assert sized(1e6, 0.0, 0.0) == 2e6  # nothing measurable yet: double


def test_gil_budget_is_off_for_scripts_set_by_the_app_and_rejects_nonsense(monkeypatch):
    import subprocess
    import sys

    script = "import core.gil_budget as g, core.models.knn_kernels; print(g.call_seconds())"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.stdout.strip() == "None"  # a script keeps one call per batch
    monkeypatch.setattr(gil_budget, "_call_seconds", None)
    gil_budget.set_call_seconds(0.02)
    assert gil_budget.call_seconds() == 0.02
    with pytest.raises(ValueError):
        gil_budget.set_call_seconds(0)


def test_compiled_product_breaks_ties_by_the_lower_column_among_many_equal_values():
    kernel_or_skip()
    a = sp.csr_matrix(np.ones((2, 1), dtype=np.float32))
    b = sp.csr_matrix(np.ones((1, 60), dtype=np.float32))  # every entry of a @ b ties at 1
    skip = knn_kernels.diagonal_skip(np.array([0, -1]), 60)
    idx, val = knn_kernels.product_top_k(a, b, 3, skip=skip)
    np.testing.assert_array_equal(idx, [[1, 2, 3], [0, 1, 2]])
    np.testing.assert_allclose(val, np.ones((2, 3)))


def test_compiled_product_tie_break_never_reorders_distinct_float32_values():
    kernel_or_skip()
    up = float(np.nextafter(np.float32(1), np.float32(2)))  # one float32 ulp above 1
    a = sp.csr_matrix(np.ones((1, 1), dtype=np.float32))
    b = sp.csr_matrix(np.array([[1.0, 1.0, up, 0.5]], dtype=np.float32))
    idx, val = knn_kernels.product_top_k(a, b, 3)
    np.testing.assert_array_equal(idx, [[2, 0, 1]])  # the larger value first, then the tie
    assert val.dtype == np.float32 and val[0, 0] == np.float32(up) and val[0, 1] == 1.0


# -- whole models -----------------------------------------------------------------------------


def random_data(seed: int, density: float, n_users=60, n_items=80) -> Interactions:
    rng = np.random.default_rng(seed)
    mask = rng.random((n_users, n_items)) < density
    mask[np.arange(n_users), rng.integers(0, n_items, n_users)] = True
    rows, cols = np.nonzero(mask)
    values = rng.random(len(rows)) * 4 + 1  # continuous ratings: no ties between neighbours
    return Interactions.from_codes([f"u{i}" for i in range(n_users)],
                                   [f"i{j}" for j in range(n_items)], rows, cols, values)


def fitted(cls, data, product, compiled, **params):
    model = cls(use_ratings=True, k=7, batch_size=16, **params)
    model.product = product
    model.compiled = compiled
    return model.fit(data)


@pytest.mark.parametrize("density", DENSITIES)
@pytest.mark.parametrize("compiled", [False, True])
@pytest.mark.parametrize("neighbourhood", ["top-k", "reverse", "mutual"])
def test_item_knn_sparse_and_dense_paths_agree(density, compiled, neighbourhood):
    if compiled:
        kernel_or_skip()
    data = random_data(5, density)
    dense = fitted(ItemKNN, data, "dense", False, neighbourhood=neighbourhood)
    sparse = fitted(ItemKNN, data, "sparse", compiled, neighbourhood=neighbourhood)
    np.testing.assert_allclose(sparse.similarity_matrix.toarray(),
                               dense.similarity_matrix.toarray(), atol=TOL)
    d_idx, d_val = dense.recommend_all(5)
    s_idx, s_val = sparse.recommend_all(5)
    np.testing.assert_array_equal(s_idx, d_idx)
    np.testing.assert_allclose(s_val, d_val, atol=TOL)


@pytest.mark.parametrize("density", DENSITIES)
@pytest.mark.parametrize("compiled", [False, True])
@pytest.mark.parametrize("neighbourhood", ["top-k", "reverse", "mutual"])
def test_user_knn_sparse_and_dense_paths_agree(density, compiled, neighbourhood):
    if compiled:
        kernel_or_skip()
    data = random_data(6, density)
    dense = fitted(UserKNN, data, "dense", False, neighbourhood=neighbourhood)
    sparse = fitted(UserKNN, data, "sparse", compiled, neighbourhood=neighbourhood)
    rows, users = data.matrix[:20], np.arange(20)
    np.testing.assert_allclose(sparse.neighbours(rows, users).toarray(),
                               dense.neighbours(rows, users).toarray(), atol=TOL)
    d_idx, d_val = dense.recommend_all(5)
    s_idx, s_val = sparse.recommend_all(5)
    np.testing.assert_array_equal(s_idx, d_idx)
    np.testing.assert_allclose(s_val, d_val, atol=TOL)


# -- generated shapes and progress ------------------------------------------------------------


def test_generated_shapes_have_their_size_and_no_timestamps_where_stated():
    for name in ("long-tail", "shop", "planted"):
        data = shape_data(name, scale=0.02)
        n_users, n_items, nnz = shape_size(name, 0.02)
        assert data.shape == (n_users, n_items) and data.nnz == nnz
        assert data.timestamps is None and not SHAPES[name].timestamps
        assert (data.matrix.getnnz(axis=1) > 0).all()
    data = shape_data("ml-1m", scale=0.02)
    assert data.timestamps is not None
    a, b = shape_data("long-tail", scale=0.02), shape_data("long-tail", scale=0.02)
    assert a == b  # seeded


def test_item_knn_fit_reports_an_eta():
    events = []
    ItemKNN(k=5, batch_size=8).fit(random_data(7, 0.1), events.append)
    events = [e for e in events if e.message == "item similarities"]  # (auto's check: no ETA)
    assert sum(e.eta is not None for e in events) >= len(events) - 2  # from the third report on
    fractions = [e.fraction for e in events]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and events[-1].eta == 0.0


def test_item_knn_auto_neighbourhood_follows_the_data_shape():
    untimed = random_data(8, 0.1)
    assert ItemKNN().fit(untimed).neighbourhood == "reverse"
    rng = np.random.default_rng(0)
    timed = Interactions(untimed.user_ids, untimed.item_ids, untimed.matrix,
                         rng.integers(0, 100, untimed.nnz))
    assert ItemKNN().fit(timed).neighbourhood == "top-k"
    assert ItemKNN(recency=0.0).fit(timed).neighbourhood == "reverse"
    assert ItemKNN(neighbourhood="mutual").fit(timed).neighbourhood == "mutual"
    reverse = ItemKNN(neighbourhood="reverse").fit(untimed)
    np.testing.assert_array_equal(ItemKNN().fit(untimed).similarity_matrix.toarray(),
                                  reverse.similarity_matrix.toarray())
    auto, top = UserKNN(neighbourhood="auto").fit(untimed), UserKNN().fit(untimed)
    np.testing.assert_array_equal(auto.recommend_all(5)[0], top.recommend_all(5)[0])
    with pytest.raises(ModelError):
        UserKNN(neighbourhood="nearest")


def test_padded_blocks_give_each_thread_a_run_of_rows_of_about_the_same_work():
    from core.models.knn_kernels import padded_blocks

    m = sp.csr_matrix(np.eye(4, dtype=np.float64))
    out, at = padded_blocks(m, np.array([10.0, 1.0, 3.0, 7.0]), 2)
    # blocks [10] and [1, 3, 7] (cut where a row's middle passes half of 21), padded to 3 rows
    assert at.tolist() == [0, 3, 4, 5] and out.shape == (6, 4)
    np.testing.assert_array_equal(out.toarray()[at], m.toarray())
    assert out[[1, 2]].nnz == 0  # the padding rows are empty
    costs = np.random.default_rng(0).pareto(1.0, 1001)
    rows = random_sparse(1, (1001, 30), 0.2)
    out, at = padded_blocks(rows, costs, 3)
    np.testing.assert_array_equal(out[at].toarray(), rows.toarray())  # every row, in order
    assert np.all(np.diff(at) > 0) and out.nnz == rows.nnz
    share = out.shape[0] // 3  # the static schedule's run of each thread
    work = [costs[(at >= t * share) & (at < (t + 1) * share)].sum() for t in range(3)]
    assert max(work) <= costs.sum() / 3 + costs.max()
    a = sp.csr_matrix(np.array([[1, 0, 1], [0, 0, 0], [0, 1, 0]], dtype=float))
    b = sp.csr_matrix(np.array([[1, 1, 0], [1, 0, 0], [1, 1, 1]], dtype=float))
    assert sparse_cost(a, b).tolist() == [5.0, 0.0, 1.0]  # the work that sets each row's block


# -- the fit's shortcuts give what the general functions give, bit for bit --------------------


def test_row_sums_add_in_stored_order_as_a_weighted_bincount():
    from core.models.similarity import _row_sums

    m = random_sparse(40, (50, 70), 0.3)
    values = np.random.default_rng(41).random(m.nnz) * 1e3
    rows = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
    expected = np.bincount(rows, weights=values, minlength=m.shape[0])
    np.testing.assert_array_equal(_row_sums(m, values), expected)  # the same float64 sums
    assert _row_sums(sp.csr_matrix((3, 4)), np.zeros(0)).tolist() == [0, 0, 0]


def test_sparse_cost_takes_the_reference_or_its_counts_per_row():
    q = random_sparse(42, (20, 30), 0.3)
    right = random_sparse(43, (30, 25), 0.2)
    by_matrix = sparse_cost(q, right)
    per_shared = np.diff(right.indptr)
    expected = [per_shared[q.indices[q.indptr[r]:q.indptr[r + 1]]].sum() for r in range(20)]
    np.testing.assert_array_equal(by_matrix, expected)
    np.testing.assert_array_equal(sparse_cost(q, per_shared), by_matrix)


@pytest.mark.parametrize(("kind", "gather_part"), [("cosine", None), ("pearson", None),
                                                  ("pearson", 7)])
def test_a_reference_built_with_its_transpose_prepares_the_same_operands(kind, gather_part,
                                                                         monkeypatch):
    if gather_part is not None:  # the tie-break factors gathered in many parts
        monkeypatch.setattr(similarity, "GATHER_PART", gather_part)
    m = random_sparse(44, (40, 60), 0.2, integer=True)
    if kind == "pearson":
        m = sp.csr_matrix(center_by_user(m))  # explicit zeros where a rating is the mean
    plain = Reference(m, kind)
    given = Reference(m, kind, transpose=sp.csr_matrix(m.T))
    for name in ("_unit_t", "_binary_t"):
        a, b = getattr(plain, name), getattr(given, name)
        np.testing.assert_array_equal(a.indptr, b.indptr)
        np.testing.assert_array_equal(a.indices, b.indices)
        np.testing.assert_array_equal(a.data, b.data)
        assert a.dtype == b.dtype
    np.testing.assert_array_equal(plain.shared_counts, given.shared_counts)
    if knn_kernels.available():  # the compiled right operand: the same tie-broken float64s
        a = knn_kernels._prepared(plain._compiled_right).b
        b = knn_kernels._prepared(given._compiled_right).b
        np.testing.assert_array_equal(a.indices, b.indices)
        np.testing.assert_array_equal(a.data, b.data)


@pytest.mark.parametrize("given", [False, True])
def test_the_stacked_skip_form_is_b_over_minus_identity_and_shares_b_s_values(given):
    kernel_or_skip()
    b = random_sparse(45, (30, 20), 0.3)
    scaled = None
    if given:  # the caller's own scaled values in a stack buffer (as ``Reference`` passes them)
        scaled = knn_kernels.stack_buffer(b)
        scaled[:b.nnz] = b.data * knn_kernels.tie_scale(20)[b.indices]
    right = knn_kernels._Right(b, scaled)
    expected = b.toarray().astype(np.float64) * knn_kernels.tie_scale(20)
    np.testing.assert_array_equal(right.b.toarray(), expected)
    stacked = right.stacked
    np.testing.assert_array_equal(stacked.toarray(), np.vstack([expected, -np.eye(20)]))
    assert np.shares_memory(stacked.data, right.b.data)  # no second copy of the values


@pytest.mark.parametrize("kind", ["cosine", "jaccard", "pearson"])
def test_user_knn_scoring_table_and_its_by_item_view_are_the_training_values(kind):
    data = random_data(8, 0.1)
    model = UserKNN(use_ratings=kind == "pearson", similarity=kind, k=5).fit(data)
    values = data.matrix.toarray() if kind == "pearson" else (data.matrix.toarray() > 0) * 1.0
    np.testing.assert_array_equal(model._scoring.toarray(), values)
    np.testing.assert_array_equal(model._scoring_by_item.toarray(), values)
    assert sp.isspmatrix_csc(model._scoring_by_item)
    if kind != "pearson":  # one table for the similarity's input and the scores
        assert np.shares_memory(model._scoring.data, model._reference._reference.data)


def test_without_columns_drops_each_rows_own_column_and_keeps_k():
    idx = np.array([[3, 0, 2], [1, 4, 2], [5, -1, -1], [2, 0, 1]])
    val = np.array([[0.9, 0.5, 0.1], [0.8, 0.7, 0.6], [0.4, 0, 0], [0.3, 0.2, 0.1]],
                   dtype=np.float32)
    got_idx, got_val = knn_kernels.without_columns(idx, val, np.array([0, 9, 5, 1]), 2)
    # row 0 loses column 0 (second), row 1 has not its own (the first two), row 2 loses its
    # only entry, row 3 loses its last: the first two stay
    np.testing.assert_array_equal(got_idx, [[3, 2], [1, 4], [-1, -1], [2, 0]])
    np.testing.assert_array_equal(got_val, np.array([[0.9, 0.1], [0.8, 0.7], [0, 0],
                                                     [0.3, 0.2]], dtype=np.float32))


@pytest.mark.parametrize("density", DENSITIES)
@pytest.mark.parametrize("kind", ["cosine", "pearson"])
@pytest.mark.parametrize("integer", [False, True])  # integers: many ties
@pytest.mark.parametrize("k", [1, 5, 80])
def test_own_rows_top_k_equals_the_queries_top_k_with_themselves_excluded(density, kind,
                                                                         integer, k):
    kernel_or_skip()
    m = random_sparse(45, (50, 60), density, integer)
    if kind == "pearson":
        m = sp.csr_matrix(center_by_user(m))
    rows = np.arange(10, 40)
    ref = Reference(m, kind, transpose=sp.csr_matrix(m.T))
    own = ref.own_top_k(rows, k)
    queries = Reference(m, kind).top_k_similarities(m[rows], k, exclude=rows, compiled=True)
    np.testing.assert_array_equal(own.indptr, queries.indptr)
    np.testing.assert_array_equal(own.indices, queries.indices)
    np.testing.assert_array_equal(own.data, queries.data)
    dense = Reference(m, kind).similarities(m[rows])
    dense[np.arange(len(rows)), rows] = 0
    if not integer:  # continuous values: no ties, the brute-force neighbours
        np.testing.assert_allclose(own.toarray(), keep_top_k(dense, k).toarray(), atol=TOL)


def test_compiled_product_costs_only_size_the_calls(monkeypatch):
    kernel_or_skip()
    monkeypatch.setattr(knn_kernels, "THREADS", 2)
    monkeypatch.setattr(knn_kernels, "PARALLEL_MIN_WORK", 0)
    monkeypatch.setattr(knn_kernels, "MIN_ROWS_PER_THREAD", 1)
    a = random_sparse(46, (41, 40), 0.3, True)
    b = random_sparse(47, (40, 60), 0.3, True)
    skip = random_sparse(48, (41, 60), 0.2)
    want = brute_force_top_k(a, b, 5, skip)
    for costs in (sparse_cost(a, b), np.random.default_rng(49).random(41)):
        idx, val = knn_kernels.product_top_k(a, b, 5, skip=skip, costs=costs)
        np.testing.assert_array_equal(idx, want[0])
        np.testing.assert_allclose(val, want[1], rtol=1e-6)


@pytest.mark.parametrize(("shape", "scale"), [("ml-1m", 0.05), ("long-tail", 0.2)])
def test_item_knn_without_a_progress_callback_gives_what_reported_batches_give(shape, scale):
    """Unreported fits and recommending take larger compiled calls: the same bits."""
    kernel_or_skip()
    data = shape_data(shape, scale=scale)
    quiet, reported = ItemKNN(k=10, batch_size=32), ItemKNN(k=10, batch_size=32)
    quiet.product = reported.product = "sparse"  # the compiled path on every size
    quiet.fit(data)
    events = []
    reported.fit(data, on_progress=lambda p: events.append(p) and False)
    batches = [e for e in events if e.message == "item similarities" and e.fraction < 1]
    assert len(batches) >= 2  # several batches reported
    for attr in ("indptr", "indices", "data"):
        np.testing.assert_array_equal(getattr(quiet.similarity_matrix, attr),
                                      getattr(reported.similarity_matrix, attr))
    q_idx, q_val = quiet.recommend_all(10)
    r_idx, r_val = reported.recommend_all(10, on_progress=lambda p: False)
    np.testing.assert_array_equal(q_idx, r_idx)
    np.testing.assert_array_equal(q_val, r_val)


@pytest.mark.parametrize("integer", [False, True])
@pytest.mark.parametrize("diagonal_entries", [False, True])
def test_skipping_own_entries_on_the_diagonal_equals_the_stacked_skip(monkeypatch, integer,
                                                                     diagonal_entries):
    """Recommending skips exactly the row's own items: done on b's diagonal, the same bits."""
    kernel_or_skip()
    a = random_sparse(50, (45, 60), 0.2, integer)  # users × items
    b = random_sparse(51, (60, 60), 0.15, integer)  # items × items, square
    if diagonal_entries:  # a similarity matrix may hold its own diagonal (a loaded file)
        b = sp.csr_matrix(b + sp.eye(60, dtype=np.float32))
    skip = sp.csr_matrix(a, copy=True)
    skip.data[:] = 1
    diagonal = knn_kernels.product_top_k(a, b, 6, skip=skip)
    monkeypatch.setattr(knn_kernels, "_on_diagonal", lambda *args: False)
    stacked = knn_kernels.product_top_k(a, sp.csr_matrix(b, copy=True), 6, skip=skip)
    np.testing.assert_array_equal(diagonal[0], stacked[0])
    np.testing.assert_array_equal(diagonal[1], stacked[1])
    want = brute_force_top_k(a, b, 6, skip)
    np.testing.assert_array_equal(diagonal[0], want[0])
    np.testing.assert_allclose(diagonal[1], want[1], rtol=1e-6)


def test_the_diagonal_skip_is_used_only_where_it_outweighs_the_row():
    kernel_or_skip()
    b = sp.csr_matrix(np.full((3, 3), 2.0, dtype=np.float32))
    right = knn_kernels._Right(b)
    a = sp.csr_matrix(np.array([[1, 1, 0], [0, 3, 0]], dtype=np.float32))
    own = sp.csr_matrix(a, copy=True)
    assert knn_kernels._on_diagonal(a, own, right)
    other = sp.csr_matrix(np.array([[1, 0, 0], [0, 1, 0]], dtype=np.float32))
    assert not knn_kernels._on_diagonal(a, other, right)  # not the row's own entries
    tiny = sp.csr_matrix(np.array([[1, 1e-9, 0], [0, 3, 0]], dtype=np.float32))
    assert not knn_kernels._on_diagonal(tiny, sp.csr_matrix(tiny, copy=True), right)
    # the bound (2 entries × 0.75·2^20 over 1) fails, the rows' own sums (0.75·2^20, 2) pass
    spread = sp.csr_matrix(np.array([[0.75 * 2**20, 0, 0], [0, 1, 1]], dtype=np.float32))
    assert knn_kernels._on_diagonal(spread, sp.csr_matrix(spread, copy=True), right)
    wide = knn_kernels._Right(sp.csr_matrix(np.ones((3, 4), dtype=np.float32)))
    assert not knn_kernels._on_diagonal(a, own, wide)  # not square
    idx, _ = knn_kernels.product_top_k(tiny, b, 3, skip=tiny)  # stacked: still skipped
    assert idx[0].tolist() == [2, -1, -1] and idx[1].tolist() == [0, 2, -1]


@pytest.mark.parametrize("kind", ["cosine", "jaccard"])
@pytest.mark.parametrize(("product", "compiled"), [("dense", False), ("sparse", False),
                                                   ("sparse", True)])
def test_item_knn_on_binary_data_keeps_the_brute_force_similarities(kind, product, compiled):
    """Without ratings the fit transposes a boolean pattern: every path still sees 1s."""
    if compiled:
        kernel_or_skip()
    data = random_data(7, 0.2)
    model = ItemKNN(k=5, similarity=kind, neighbourhood="reverse", recency=0, batch_size=16)
    model.product, model.compiled = product, compiled
    model.fit(data)
    x = (data.matrix.toarray() > 0).astype(float).T  # items × users
    overlap = x @ x.T
    if kind == "cosine":
        norms = np.sqrt(np.diag(overlap))
        sims = overlap / np.outer(norms, norms)
    else:
        sizes = np.diag(overlap)
        sims = overlap / (sizes[:, None] + sizes[None, :] - overlap)
    np.fill_diagonal(sims, 0)
    want = -np.sort(-sims, axis=1)[:, :5]  # each item's 5 largest (ties: any of them)
    got = -np.sort(-model.similarity_matrix.toarray(), axis=1)[:, :5]
    np.testing.assert_allclose(got, want, atol=TOL)
