"""The Why? breakdown: its terms add up to the model's score; the seed example by hand."""

import numpy as np
import pytest

from core.errors import ModelError
from core.models import create_model
from core.samples import seed_example
from core.why import why
from tests.test_similar import random_data


def recommended(model, data, user, k=5):
    return [r for r in model.recommend(data, user, k, explain=False)]


def assert_adds_up(model, data, users):
    checked = 0
    for user in users:
        for rec in recommended(model, data, user):
            table = why(model, data, user, rec.item)
            assert table.exact
            assert table.score == pytest.approx(rec.score, abs=1e-5)
            assert table.total == pytest.approx(rec.score, abs=1e-5)
            assert sum(r.contribution for r in table.rows) == pytest.approx(rec.score, abs=1e-5)
            assert all(len(r.values) == len(table.columns) for r in table.rows)
            checked += 1
    assert checked > 0


@pytest.mark.parametrize("params", [
    {}, {"similarity": "jaccard"}, {"shrinkage": 3.0, "min_overlap": 2},
    {"neighbourhood": "reverse", "k": 4}, {"neighbourhood": "mutual", "k": 4},
    {"similarity": "pearson"}, {"use_ratings": True, "k": 3},
])
def test_user_knn_terms_add_up_to_the_score(params):
    data = random_data(7, explicit=True)
    model = create_model("user-knn", **params).fit(data)
    assert_adds_up(model, data, data.user_ids[:6])


@pytest.mark.parametrize("params", [
    {}, {"k": 3}, {"neighbourhood": "reverse", "k": 3}, {"similarity": "jaccard"},
    {"recency": 2.0}, {"use_ratings": True, "recency": 1.0},
])
def test_item_knn_terms_add_up_to_the_score(params):
    data = random_data(8, explicit=True, timestamps=True)
    model = create_model("item-knn", **params).fit(data)
    assert_adds_up(model, data, data.user_ids[:6])


@pytest.mark.parametrize("use_ratings", [False, True])
def test_item_knn_shows_the_recency_weight(use_ratings):
    data = random_data(9, timestamps=True, density=0.4, explicit=True)
    model = create_model("item-knn", recency=1.0, use_ratings=use_ratings).fit(data)
    user = data.user_ids[0]
    table = why(model, data, user, recommended(model, data, user)[0].item)
    ratings = dict(zip(data.item_ids, data.matrix[data.user_ids.index(user)].toarray()[0],
                       strict=True))
    col = table.columns.index("recency weight")
    weights = [r.values[col] for r in table.rows]
    assert all(0 < w <= 1 for w in weights) and min(weights) < 1
    for r in table.rows:  # weight = value × recency; product = weight × similarity
        value, recency, weight, sim, product = r.values
        assert value == (ratings[r.contributor] if use_ratings else 1.0)
        assert weight == pytest.approx(value * recency, rel=1e-5)
        assert product == pytest.approx(weight * sim, rel=1e-5)


def test_popularity_fallback_and_popularity_model():
    data = random_data(10)
    model = create_model("popularity").fit(data)
    assert_adds_up(model, data, data.user_ids[:3])
    # a user sharing nothing with anyone: kNN falls back to popularity, and the table says so
    lonely = seed_example()
    from core.interactions import AddItem, AddUser
    lonely.apply(AddItem("item9"))
    lonely.apply(AddUser("hermit", cells=(("item9", 1.0, None),)))
    knn = create_model("user-knn").fit(lonely)
    rec = recommended(knn, lonely, "hermit")[0]
    table = why(knn, lonely, "hermit", rec.item)
    assert table.kind == "popularity" and "falls back" in table.formula
    assert table.total == pytest.approx(rec.score, abs=1e-6)


def test_seed_example_user_knn_by_hand():
    """user1 = {1,2,3}, user2 = {2,3,4}, user3 = {3,4,5}; binary cosine.

    cos(user1, user2) = |{2,3}| / (√3 √3) = 2/3;  cos(user1, user3) = |{3}| / 3 = 1/3.
    item4: user2 and user3 have it → 2/3 + 1/3 = 1;  item5: only user3 → 1/3.
    """
    data = seed_example()
    model = create_model("user-knn").fit(data)
    recs = recommended(model, data, "user1")
    assert [r.item for r in recs] == ["item4", "item5"]
    table = why(model, data, "user1", "item4")
    assert table.columns == ("shared items", "numerator", "denominator", "similarity", "value",
                             "product")
    by_user = {r.contributor: r.values for r in table.rows}
    assert set(by_user) == {"user2", "user3"}
    assert by_user["user2"] == pytest.approx((2, 2, 3, 2 / 3, 1, 2 / 3), abs=1e-6)
    assert by_user["user3"] == pytest.approx((1, 1, 3, 1 / 3, 1, 1 / 3), abs=1e-6)
    assert table.total == pytest.approx(1.0, abs=1e-6)
    assert "50 most similar users" in table.rule
    five = why(model, data, "user1", "item5")
    assert [r.contributor for r in five.rows] == ["user3"]
    assert five.total == pytest.approx(1 / 3, abs=1e-6)


def test_linear_item_item_and_content_hooks_add_up():
    """Duck-typed shapes for EASE (``item_weights``) and content models (``profile``)."""
    data = random_data(11)
    rng = np.random.default_rng(0)
    n = len(data.item_ids)

    class Linear(type(create_model("popularity"))):
        name = "ease-like"

        def _fit(self, data, on_progress):
            self.item_weights = rng.normal(size=(n, n))

        def score_rows(self, rows, user_indices):
            return np.asarray(rows @ self.item_weights)

    model = Linear().fit(data)
    assert_adds_up(model, data, data.user_ids[:4])
    assert why(model, data, data.user_ids[0], data.item_ids[0]).columns[3] == "EASE weight"

    features = rng.random((n, 7)) * (rng.random((n, 7)) > 0.4)

    class Content(type(create_model("popularity"))):
        name = "content-like"
        feature_names = tuple(f"genre{k}" for k in range(7))

        def _fit(self, data, on_progress):
            self.item_features = features

        def profile(self, row, user_index):
            own = row.indices
            return features[own].mean(axis=0) if len(own) else np.zeros(7)

        def score_rows(self, rows, user_indices):
            out = np.zeros((rows.shape[0], n))
            unit = features / np.maximum(np.linalg.norm(features, axis=1, keepdims=True), 1e-12)
            for r in range(rows.shape[0]):
                p = self.profile(rows[r], user_indices[r])
                if np.linalg.norm(p):
                    out[r] = unit @ (p / np.linalg.norm(p))
            return out

    content = Content().fit(data)
    assert_adds_up(content, data, data.user_ids[:4])
    table = why(content, data, data.user_ids[0], data.item_ids[2])
    assert table.kind == "features" and all(r.contributor.startswith("genre") for r in table.rows)


def test_errors_are_clear():
    data = seed_example()
    with pytest.raises(ModelError, match="not trained"):
        why(create_model("user-knn"), data, "user1", "item4")
    with pytest.raises(ModelError, match="'nope'"):
        why(create_model("user-knn").fit(data), data, "user1", "nope")


def test_neural_attribution_is_labelled_as_such():
    from tests.test_similar import random_data as rd

    data = rd(12, n_users=20, n_items=12, density=0.3)
    mlp = create_model("mlp", hidden=(6,), epochs=1, batch_size=8, validation=False).fit(data)
    user = data.user_ids[0]
    item = recommended(mlp, data, user)[0].item
    table = why(mlp, data, user, item)
    assert table.kind == "attribution" and not table.exact and "not the model's arithmetic" in \
        table.note
    # gradient × input equals the explanation's contributions for the user's items
    expl = dict(mlp.explain(data.row_vectors([user], mlp.item_ids), 0, mlp.item_ids.index(item))
                .contributors)
    rows = {r.contributor: r.contribution for r in table.rows}
    for other, value in expl.items():
        assert rows[other] == pytest.approx(value, rel=1e-4, abs=1e-6)
