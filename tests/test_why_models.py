"""Why? and similar items for the models of the "more ways to recommend" branch (EASE, ALS,
content-based), where they are present: the terms add up to the model's score to 1e-5."""

import numpy as np
import pytest

from core.samples import load_sample
from core.why import why
from tests.test_similar import brute_cosine, check


@pytest.fixture(scope="module")
def data():
    return load_sample("Movie night (small)")


def adds_up(model, data, users=4, k=4):
    for user in data.user_ids[:users]:
        for rec in model.recommend(data, user, k, explain=False):
            table = why(model, data, user, rec.item)
            assert table.exact
            assert table.total == pytest.approx(rec.score, abs=1e-5)
            assert sum(r.contribution for r in table.rows) == pytest.approx(rec.score, abs=1e-5)


def test_ease(data):
    ease = pytest.importorskip("core.models.ease")
    model = ease.EASE(l2=5.0).fit(data)
    adds_up(model, data)
    table = why(model, data, data.user_ids[0], model.recommend(data, data.user_ids[0], 1)[0].item)
    assert "EASE weight" in table.columns


def test_als_factors(data):
    als = pytest.importorskip("core.models.als")
    model = als.ALS(factors=6, iterations=3).fit(data)
    adds_up(model, data)
    check(model.similar_items(model.item_ids[3], 6),
          brute_cosine(np.asarray(model.item_factors, dtype=np.float64)), model.item_ids, 3, 6)


def test_content_based(data):
    content = pytest.importorskip("core.models.content")
    model = content.ContentBased(recency=0.0).fit(data)
    adds_up(model, data)
    user = data.user_ids[1]
    item = model.recommend(data, user, 1)[0].item
    table = why(model, data, user, item)
    assert table.kind == "features"
    expected = model.feature_contributions(data.row_vectors([user], model.item_ids), 1,
                                           model.item_ids.index(item))
    by_name = {r.contributor: r.contribution for r in table.rows}
    for f in np.flatnonzero(expected):
        assert by_name[str(model.feature_names[f])] == pytest.approx(expected[f], abs=1e-6)
    vectors = model.item_vectors.toarray().astype(np.float64)
    check(model.similar_items(model.item_ids[2], 6), brute_cosine(vectors), model.item_ids, 2, 6)


def test_caser_similar_items_use_its_output_embeddings(data):
    caser = pytest.importorskip("core.models.neural.caser")
    model = caser.CaserRecommender(epochs=1).fit(data)
    vectors = np.asarray(model._out_emb.embeddings, dtype=np.float64)
    check(model.similar_items(model.item_ids[4], 6), brute_cosine(vectors), model.item_ids, 4, 6)
    users = np.asarray(model._user_emb.embeddings, dtype=np.float64)
    check(model.similar_users(model.user_ids[2], 5), brute_cosine(users), model.user_ids, 2, 5)
    user = data.user_ids[0]
    table = why(model, data, user, model.recommend(data, user, 1, explain=False)[0].item)
    assert table.kind == "attribution" and not table.exact
