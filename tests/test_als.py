"""Implicit ALS: loss decreases, scoring equals a brute-force dense solve and dot products."""

import itertools

import numpy as np
import pytest
import scipy.sparse as sp

from core.interactions import Interactions
from core.models import create_model
from core.models.als import ALS
from core.progress import Progress


def _table(n_users: int = 30, n_items: int = 20, seed: int = 0) -> Interactions:
    rng = np.random.default_rng(seed)
    dense = rng.random((n_users, n_items)) < 0.25
    dense[np.arange(n_users), rng.integers(0, n_items, n_users)] = True
    rows, cols = np.nonzero(dense)
    return Interactions.from_codes(
        [f"u{k}" for k in range(n_users)], [f"i{k}" for k in range(n_items)], rows, cols,
        timestamps=rng.permutation(len(rows)))


def test_loss_decreases_monotonically_and_is_reported_per_iteration():
    events: list[Progress] = []
    model = ALS(factors=5, l2=0.1, alpha=3.0, iterations=12, cg_steps=2).fit(
        _table(), events.append)
    losses = [e.loss for e in events if e.kind == "epoch"]
    assert len(losses) == 12
    np.testing.assert_allclose(losses, model.loss_history)
    assert all(b <= a + 1e-12 for a, b in itertools.pairwise(losses))
    assert losses[-1] < 0.9 * losses[0]


def _dense_fold_in(row: np.ndarray, items: np.ndarray, l2: float, alpha: float) -> np.ndarray:
    """x = (Yᵀ C Y + λI)⁻¹ Yᵀ C p with the full diagonal confidence matrix C."""
    c = np.diag(1.0 + alpha * row)
    p = (row > 0).astype(float)
    return np.linalg.solve(items.T @ c @ items + l2 * np.eye(items.shape[1]), items.T @ c @ p)


def test_scores_and_recommendations_match_a_brute_force_dot_product_ranking():
    data = _table()
    model = ALS(factors=6, l2=0.2, alpha=2.0, iterations=5).fit(data)
    items = model.item_factors.astype(np.float64)
    x = data.matrix.toarray()
    scores = model.score_rows(data.matrix, np.arange(data.n_users))
    for u in (0, 7, 19):
        factor = _dense_fold_in(x[u], items, 0.2, 2.0)
        expected = items @ factor
        np.testing.assert_allclose(scores[u], expected, rtol=1e-4, atol=1e-5)
        unseen = np.flatnonzero(x[u] == 0)
        ranked = unseen[np.argsort(-expected[unseen], kind="stable")][:5]
        recs = model.recommend(data, f"u{u}", k=5)
        got = [r.item for r in recs]
        # ties within float tolerance could swap; the score sets must agree exactly otherwise
        assert got == [f"i{j}" for j in ranked] or np.allclose(
            sorted(expected[[int(g[1:]) for g in got]]), sorted(expected[ranked]), atol=1e-5)
        assert all(r.explanation.text for r in recs)


def test_training_factors_are_the_embeddings_and_stop_ends_early():
    data = _table()
    model = ALS(factors=4, iterations=10).fit(data, lambda e: e.kind == "epoch" and e.epoch >= 3)
    assert len(model.loss_history) == 3
    emb = model.embeddings()
    assert emb["users"].shape == (data.n_users, 4) and emb["items"].shape == (data.n_items, 4)


def test_empty_row_falls_back_to_popularity_and_recency_changes_the_fold_in():
    data = _table()
    model = ALS(factors=4, iterations=3).fit(data)
    empty = sp.csr_matrix((1, data.n_items))
    pop = np.bincount(data.matrix.indices, minlength=data.n_items)
    assert np.argmax(model.score_rows(empty, np.array([-1]))[0]) == np.argmax(pop)
    recent = ALS(factors=4, iterations=3, recency=1.0).fit(data)
    np.testing.assert_allclose(recent.item_factors, model.item_factors)
    assert not np.allclose(recent.score_rows(data.matrix[:1], np.array([0])),
                           model.score_rows(data.matrix[:1], np.array([0])))


def test_registry_and_bad_config():
    assert isinstance(create_model("als"), ALS)
    with pytest.raises(Exception, match="alpha"):
        ALS(alpha=0.0).fit(_table())


def test_the_loss_matches_its_definition_on_every_cell():
    """als_loss (O(nnz × factors)) against the objective summed over every user × item cell."""
    from core.models.als import als_loss

    rng = np.random.default_rng(5)
    conf = sp.random(12, 9, density=0.3, format="csr", random_state=6) * 3.0
    users, items, l2 = rng.normal(size=(12, 3)), rng.normal(size=(9, 3)), 0.1
    c = conf.toarray() + 1.0
    p = (conf.toarray() > 0).astype(float)
    s = users @ items.T
    total = (c * (p - s) ** 2).sum() + l2 * ((users**2).sum() + (items**2).sum())
    assert als_loss(conf, users, items, l2) == pytest.approx(total / (12 * 9), rel=1e-10)


def _system(seed: int = 3, n_rows: int = 40, n_fixed: int = 15, factors: int = 4):
    rng = np.random.default_rng(seed)
    conf = sp.random(n_rows, n_fixed, density=0.3, format="csr", random_state=seed) * 2.0
    return conf, rng.normal(size=(n_fixed, factors)), rng.normal(size=(n_rows, factors))


def test_blocked_conjugate_gradient_solves_each_rows_least_squares(monkeypatch):
    """With enough CG steps each row's solve is exact: against a dense solve of
    (Fᵀ C_u F + λI) x = Fᵀ C_u p per row, the rows split over many blocks and threads."""
    import core.models.als as als

    monkeypatch.setattr(als, "BLOCK_CELLS", 7)
    conf, fixed, current = _system()
    assert len(als.row_blocks(conf.indptr, als.BLOCK_CELLS)) > 10
    x = als.cg_solve(conf, fixed, current, 0.1, steps=12)
    dense = conf.toarray()
    for u in range(conf.shape[0]):
        c = 1.0 + dense[u]
        a = fixed.T @ (c[:, None] * fixed) + 0.1 * np.eye(fixed.shape[1])
        want = np.linalg.solve(a, fixed.T @ (c * (dense[u] > 0)))
        np.testing.assert_allclose(x[u], want, rtol=1e-7, atol=1e-9)


def test_blocks_give_the_factors_of_one_block_and_a_stop_keeps_the_rest(monkeypatch):
    import core.models.als as als

    conf, fixed, current = _system(seed=4)
    whole = als.cg_solve(conf, fixed, current, 0.05, steps=2)  # one block: 40 rows, ~180 cells
    monkeypatch.setattr(als, "BLOCK_CELLS", 9)
    np.testing.assert_allclose(als.cg_solve(conf, fixed, current, 0.05, steps=2), whole,
                               rtol=1e-12, atol=1e-14)
    seen: list[int] = []
    stopped = als.cg_solve(conf, fixed, current, 0.05, steps=2,
                           after_block=lambda cells: seen.append(cells) or len(seen) == 2)
    blocks = als.row_blocks(conf.indptr, 9)
    assert seen == [int(conf.indptr[b] - conf.indptr[a]) for a, b in blocks[:2]]
    lo = blocks[2][0]  # the first block not taken
    np.testing.assert_allclose(stopped[:lo], whole[:lo], rtol=1e-12, atol=1e-14)
    np.testing.assert_array_equal(stopped[lo:], current[lo:])


def test_progress_within_iterations_and_a_stop_between_blocks(monkeypatch):
    import core.models.als as als

    monkeypatch.setattr(als, "BLOCK_CELLS", 5)
    monkeypatch.setattr(als, "REPORT_SECONDS", 0.0)
    events: list[Progress] = []
    ALS(factors=3, iterations=4).fit(_table(), events.append)
    fractions = [e.fraction for e in events if e.kind in ("batch", "epoch")]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    batches = [e for e in events if e.kind == "batch"]
    assert len(batches) >= 4 * 5 and all(e.loss is None and e.epoch for e in batches)
    assert all((e.epoch - 1) / 4 < e.fraction < e.epoch / 4 for e in batches)
    model = ALS(factors=3, iterations=4).fit(_table(), lambda e: e.kind == "batch")
    assert len(model.loss_history) == 0  # stopped within the first iteration
