"""User- and item-kNN: hand-computed scores, brute-force references, fold-in, explanations."""

import itertools
import math

import numpy as np
import pytest
import scipy.sparse as sp

from core.errors import ModelError
from core.interactions import Interactions
from core.models import create_model
from core.models.knn import ItemKNN, UserKNN

SEED_USERS = ["user1"] * 3 + ["user2"] * 3 + ["user3"] * 3
SEED_ITEMS = ["item1", "item2", "item3", "item2", "item3", "item4", "item3", "item4", "item5"]


@pytest.fixture
def seed() -> Interactions:
    return Interactions.from_triples(SEED_USERS, SEED_ITEMS)


def random_table(seed: int, n_users=14, n_items=11, density=0.35, timestamps=False):
    rng = np.random.default_rng(seed)
    mask = rng.random((n_users, n_items)) < density
    rows, cols = np.nonzero(mask)
    values = rng.integers(1, 6, size=len(rows)).astype(float)
    ts = rng.integers(0, 6, size=len(rows)) if timestamps else None
    return Interactions.from_codes(
        [f"u{i}" for i in range(n_users)], [f"i{j}" for j in range(n_items)],
        rows, cols, values, ts,
    )


F32 = 1e-5  # scores and similarities are float32


def assert_scores(got: np.ndarray, expected: np.ndarray, data: Interactions) -> None:
    """Rows with a positive score match ``expected``; the others fall back to popularity."""
    has = (expected > 0).any(axis=1)
    np.testing.assert_allclose(got[has], expected[has], rtol=F32, atol=F32)
    popularity = data.binary().toarray().sum(axis=0)
    fallback = np.tile(popularity / popularity.max(), ((~has).sum(), 1))
    np.testing.assert_allclose(got[~has], fallback, rtol=F32)


def cosine_matrix(a: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(a, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = (a @ a.T) / np.outer(norms, norms)
    return np.nan_to_num(out)


# -- the seed article -----------------------------------------------------------------------------

def test_user_knn_seed_example_recommends_item4_then_item5(seed):
    model = create_model("user-knn").fit(seed)
    recs = model.recommend(seed, "user1", k=10)
    assert [r.item for r in recs] == ["item4", "item5"]
    # cos(user1, user2) = 2/3, cos(user1, user3) = 1/3; item4 is liked by both, item5 by user3
    assert recs[0].score == pytest.approx(1.0)
    assert recs[1].score == pytest.approx(1 / 3)
    why = recs[0].explanation
    assert why.kind == "users"
    assert [u for u, _ in why.contributors] == ["user2", "user3"]
    assert sum(w for _, w in why.contributors) == pytest.approx(recs[0].score)
    assert why.text == "because similar users user2 (0.67), user3 (0.33) liked it"


def test_item_knn_seed_example_hand_computed(seed):
    model = create_model("item-knn").fit(seed)
    recs = model.recommend(seed, "user1", k=10)
    # items over users: item1 {u1}, item2 {u1,u2}, item3 {u1,u2,u3}, item4 {u2,u3}, item5 {u3}
    # item4: cos(item2,item4)=1/2 + cos(item3,item4)=2/sqrt(6); item5: cos(item3,item5)=1/sqrt(3)
    assert [r.item for r in recs] == ["item4", "item5"]
    assert recs[0].score == pytest.approx(0.5 + 2 / math.sqrt(6))
    assert recs[1].score == pytest.approx(1 / math.sqrt(3))
    why = recs[0].explanation
    assert why.kind == "items"
    assert [i for i, _ in why.contributors] == ["item3", "item2"]
    assert [w for _, w in why.contributors] == pytest.approx([2 / math.sqrt(6), 0.5])
    assert why.text == "because you liked item3, item2"


# -- brute-force references -----------------------------------------------------------------------

@pytest.mark.parametrize("neighbourhood", ["top-k", "reverse", "mutual"])
def test_user_knn_matches_brute_force(neighbourhood):
    data = random_table(1)
    k = 3
    model = UserKNN(k=k, neighbourhood=neighbourhood, use_ratings=True).fit(data)
    x = data.matrix.toarray().astype(float)
    sims = cosine_matrix(x)
    np.fill_diagonal(sims, 0)
    top = [set(np.argsort(-sims[v], kind="stable")[:k]) for v in range(len(x))]
    expected = np.zeros_like(x)
    for u in range(len(x)):
        for v in range(len(x)):
            if sims[u, v] <= 0:
                continue
            mine, theirs = v in top[u], u in top[v]
            keep = {"top-k": mine, "reverse": theirs, "mutual": mine and theirs}[neighbourhood]
            if keep:
                expected[u] += sims[u, v] * x[v]
    assert_scores(model.score_rows(data.matrix, np.arange(data.n_users)), expected, data)


@pytest.mark.parametrize("neighbourhood", ["top-k", "reverse", "mutual"])
def test_item_knn_matches_brute_force(neighbourhood):
    data = random_table(2)
    k = 3
    model = ItemKNN(k=k, neighbourhood=neighbourhood, use_ratings=True, recency=0).fit(data)
    x = data.matrix.toarray().astype(float)
    sims = cosine_matrix(x.T)
    np.fill_diagonal(sims, 0)
    top = [set(np.argsort(-sims[i], kind="stable")[:k]) for i in range(x.shape[1])]
    weights = np.zeros_like(sims)  # weights[i, j]: how much owning item i adds to item j
    for i in range(x.shape[1]):
        for j in range(x.shape[1]):
            own_list, candidate_list = j in top[i], i in top[j]
            keep = {"top-k": candidate_list, "reverse": own_list,
                    "mutual": own_list and candidate_list}[neighbourhood]
            if keep and sims[i, j] > 0:
                weights[i, j] = sims[i, j]
    assert_scores(model.score_rows(data.matrix, np.arange(data.n_users)), x @ weights, data)


def test_pearson_needs_explicit_ratings(seed):
    with pytest.raises(ModelError, match="explicit"):
        UserKNN(similarity="pearson").fit(seed)


def test_pearson_user_knn_uses_centred_ratings():
    data = random_table(3)
    model = UserKNN(k=50, similarity="pearson").fit(data)
    x = data.matrix.toarray().astype(float)
    mask = x > 0
    means = np.array([r[r > 0].mean() if (r > 0).any() else 0 for r in x])
    sims = cosine_matrix(np.where(mask, x - means[:, None], 0))
    np.fill_diagonal(sims, 0)
    sims = np.where(sims > 0, sims, 0)
    assert_scores(model.score_rows(data.matrix, np.arange(data.n_users)), sims @ x, data)


# -- fold-in ---------------------------------------------------------------------------------------

def test_user_knn_new_user_is_scored_against_all_training_users():
    data = random_table(4)
    model = UserKNN(k=4).fit(data)
    row = sp.csr_matrix(np.array([[1, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0]], float))
    x = data.binary().toarray()
    sims = cosine_matrix(np.vstack([row.toarray(), x]))[0, 1:]
    keep = np.argsort(-sims, kind="stable")[:4]
    expected = sims[keep] @ x[keep]
    got = model.score_rows(row, np.array([-1]))[0]
    np.testing.assert_allclose(got, expected, rtol=F32, atol=F32)


def test_user_added_to_table_gets_recommendations_without_refit(seed):
    model = UserKNN().fit(seed)
    edited = seed.copy()
    edited.add_user("newbie")
    edited.set_cell("newbie", "item1", 1.0)
    edited.set_cell("newbie", "item2", 1.0)
    recs = model.recommend(edited, "newbie", k=3)
    # like user1 but without item3: cos(new, user1)=2/sqrt(6), cos(new, user2)=1/sqrt(6)
    assert [r.item for r in recs] == ["item3", "item4", "item5"]
    assert recs[2].score == 0.0  # user3 shares nothing with the newcomer
    assert recs[0].score == pytest.approx(3 / math.sqrt(6))
    assert recs[1].score == pytest.approx(1 / math.sqrt(6))


def test_item_knn_fold_in_row_scores_like_a_training_row():
    data = random_table(5)
    model = ItemKNN(k=4, recency=0).fit(data)
    known = model.score_rows(data.matrix, np.arange(data.n_users))
    as_new = model.score_rows(data.matrix, np.full(data.n_users, -1))
    np.testing.assert_allclose(as_new, known)
    # and an unseen row is row @ S with the same S
    row = sp.csr_matrix(np.array([[0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0]], float))
    s = model.similarity_matrix.toarray()
    np.testing.assert_allclose(model.score_rows(row, np.array([-1]))[0], (row @ s).ravel())


def test_item_knn_edited_user_sees_change_at_once(seed):
    model = ItemKNN().fit(seed)
    edited = seed.copy()
    edited.set_cell("user1", "item4", 1.0)
    recs = model.recommend(edited, "user1", k=3)
    assert [r.item for r in recs] == ["item5"]
    # item5's neighbours among user1's items: item3 (1/sqrt(3)) and now item4 (1/sqrt(2))
    assert recs[0].score == pytest.approx(1 / math.sqrt(3) + 1 / math.sqrt(2))


# -- recency --------------------------------------------------------------------------------------

def test_recency_weights_hand_computed():
    # user a: item x at t=1, y and z together at t=5 (the latest), w at t=3
    data = Interactions.from_triples(
        ["a", "a", "a", "a", "b", "b"], ["x", "y", "z", "w", "x", "y"],
        timestamps=[1, 5, 5, 3, 7, 2],
    )
    model = ItemKNN(recency=2.0).fit(data)
    weights = model.row_weights(data.matrix, np.array([0, 1])).toarray()
    col = {item: j for j, item in enumerate(model.item_ids)}
    e = math.exp
    assert weights[0, col["y"]] == pytest.approx(1.0)
    assert weights[0, col["z"]] == pytest.approx(1.0)
    assert weights[0, col["w"]] == pytest.approx(e(-1 / 2))
    assert weights[0, col["x"]] == pytest.approx(e(-2 / 2))
    assert weights[1, col["x"]] == pytest.approx(1.0)
    assert weights[1, col["y"]] == pytest.approx(e(-1 / 2))
    # an item added after fit counts as the latest; a user unknown at fit has all weights 1
    edited = data.matrix.toarray()
    edited[1, col["w"]] = 1
    w2 = model.row_weights(sp.csr_matrix(edited[1:]), np.array([1])).toarray()[0]
    assert w2[col["w"]] == pytest.approx(1.0)
    assert w2[col["y"]] == pytest.approx(e(-1 / 2))
    w3 = model.row_weights(sp.csr_matrix(edited[1:]), np.array([-1])).toarray()[0]
    np.testing.assert_allclose(w3, (edited[1] > 0).astype(float))


def test_recency_changes_item_knn_scores_by_those_weights():
    data = random_table(6, timestamps=True)
    model = ItemKNN(k=5, recency=1.5).fit(data)
    weights = model.row_weights(data.matrix, np.arange(data.n_users)).toarray()
    expected = weights @ model.similarity_matrix.toarray()
    assert_scores(model.score_rows(data.matrix, np.arange(data.n_users)), expected, data)


# -- recommend / explain ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["user-knn", "item-knn"])
def test_exclude_seen(name):
    data = random_table(7, density=0.5)
    model = create_model(name).fit(data)
    for user in data.user_ids[:5]:
        seen = {data.item_ids[j] for j in data.user_items(user)[0]}
        recs = model.recommend(data, user, k=data.n_items, explain=False)
        assert not seen & {r.item for r in recs}
        assert [r.rank for r in recs] == list(range(1, len(recs) + 1))
        assert all(a.score >= b.score for a, b in itertools.pairwise(recs))
        everything = model.recommend(data, user, k=data.n_items, exclude_seen=False, explain=False)
        assert len(everything) == data.n_items


@pytest.mark.parametrize("name", ["user-knn", "item-knn"])
def test_explanation_contributors_sum_to_score_and_are_ordered(name):
    data = random_table(8, n_users=10, n_items=8, density=0.3)
    model = create_model(name, k=2).fit(data)
    checked = 0
    for user in data.user_ids:
        for rec in model.recommend(data, user, k=3):
            weights = [w for _, w in rec.explanation.contributors]
            assert weights == sorted(weights, reverse=True)
            if rec.explanation.kind != "popularity" and len(weights) < 5:
                assert sum(weights) == pytest.approx(rec.score)
                checked += 1
    assert checked > 5


def test_no_neighbours_falls_back_to_popularity():
    data = Interactions.from_triples(["a", "a", "b", "c", "c", "d"], ["x", "y", "x", "x", "y", "z"])
    model = UserKNN().fit(data)
    recs = model.recommend(data, "d", k=2)  # shares nothing with anyone
    assert [r.item for r in recs] == ["x", "y"]
    assert recs[0].explanation.kind == "popularity"


def test_recommend_all_matches_recommend():
    data = random_table(9)
    model = ItemKNN(k=3, batch_size=4).fit(data)
    idx, _ = model.recommend_all(k=3)
    for u, user in enumerate(data.user_ids):
        recs = model.recommend(data, user, k=3, explain=False)
        assert [model.item_ids[j] for j in idx[u] if j >= 0] == [r.item for r in recs]


def test_stop_request_ends_fit_early():
    data = random_table(10, n_items=30)
    events = []

    def stop(event):
        events.append(event)
        return True

    model = ItemKNN(batch_size=10).fit(data, on_progress=stop)
    assert len(events) == 1
    assert model.similarity_matrix.shape == (30, 30)


def test_bad_config_is_a_model_error(seed):
    with pytest.raises(ModelError):
        UserKNN(k=0).fit(seed)
    with pytest.raises(ModelError):
        ItemKNN(neighbourhood="everyone").fit(seed)


def test_item_knn_reaches_target_on_ml100k(ml100k):
    from core.evaluation import evaluate, leave_last_out
    from core.io import load

    split = leave_last_out(load(ml100k))
    result = evaluate(create_model("item-knn").fit(split.train), split, k=10)
    assert result.metrics["HR@10"] >= 0.15


def test_item_knn_refit_and_dense_scoring_split_give_the_plain_product(monkeypatch):
    from core.models import knn

    first, second = random_table(1, timestamps=True), random_table(2, timestamps=True)
    model = ItemKNN(k=5).fit(first).fit(second)  # a refit must not keep the first fit's split
    fresh = ItemKNN(k=5).fit(second)
    users = np.arange(second.n_users)
    np.testing.assert_allclose(model.score_rows(second.matrix, users),
                               fresh.score_rows(second.matrix, users), rtol=F32)
    monkeypatch.setattr(knn, "SCORE_DENSE_FROM", 0.0)  # every non-empty row through BLAS
    dense = ItemKNN(k=5).fit(second)
    assert len(dense._scoring_split.dense_index) > 0
    weights = dense.row_weights(second.matrix, users).toarray()
    expected = weights @ dense.similarity_matrix.toarray()
    assert_scores(dense.score_rows(second.matrix, users), expected, second)


@pytest.mark.parametrize("cls", [UserKNN, ItemKNN])
@pytest.mark.parametrize("exclude_seen", [True, False])
def test_batched_recommend_all_equals_the_generic_one(cls, exclude_seen):
    from core.ranking import mask_seen, top_k

    data = random_table(11, n_items=30)
    model = cls(k=4, batch_size=3).fit(data)
    idx, val = model.recommend_all(k=5, exclude_seen=exclude_seen)
    scores = model.score_rows(data.matrix, np.arange(data.n_users))  # all users at once
    if exclude_seen:
        mask_seen(scores, data.matrix)
    ref_idx, ref_val = top_k(scores, 5)
    np.testing.assert_array_equal(idx, ref_idx)
    np.testing.assert_allclose(val, ref_val, rtol=1e-6)  # the kernel sums in float64


def test_stop_request_ends_recommend_all_early():
    data = random_table(12, n_items=30)
    model = UserKNN(k=3, batch_size=2).fit(data)
    events = []
    idx, _ = model.recommend_all(k=3, on_progress=lambda e: events.append(e) or True)
    assert len(events) == 1
    # the first event comes after one round of parallel batches of 2 users each
    done = 2 * model._progress_every
    assert done < data.n_users and events[0].fraction == done / data.n_users
    assert (idx[:done] >= 0).any() and (idx[done:] == -1).all()


def test_user_knn_fit_reports_its_indexing_steps_and_can_be_stopped():
    from core.errors import TrainingStopped
    from core.models.knn import USER_INDEX_SHARES
    from core.samples import movie_night

    data = movie_night("small")
    events = []
    model = create_model("user-knn").fit(data, lambda e: events.append(e) and False)
    fractions = [e.fraction for e in events if e.message == "indexing users"]
    want = np.cumsum(list(USER_INDEX_SHARES.values())) / sum(USER_INDEX_SHARES.values())
    np.testing.assert_allclose(fractions, want)
    assert fractions[-1] == 1.0 and model.is_fitted
    calls = []
    with pytest.raises(TrainingStopped, match="user-kNN"):
        create_model("user-knn").fit(data, lambda e: calls.append(e) or len(calls) >= 2)
    assert len(calls) == 2  # stopped at the second step: nothing after it ran


def test_user_knn_fit_times_its_progress_from_before_the_table_is_copied(monkeypatch):
    """The copy every fit takes first is the stage's first step: its time is in the ETA's."""
    import time

    import scipy.sparse as sp

    from core.samples import movie_night

    data = movie_night("small")
    copy = sp.csr_matrix.copy

    def slow_copy(self, *args, **kwargs):
        time.sleep(0.2)
        return copy(self, *args, **kwargs)

    monkeypatch.setattr(sp.csr_matrix, "copy", slow_copy)
    events = []
    create_model("user-knn").fit(data, lambda e: events.append(e) and False)
    first = next(e for e in events if e.message == "indexing users")
    assert first.elapsed >= 0.2
