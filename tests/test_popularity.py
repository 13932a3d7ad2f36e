"""Popularity baseline: item counts, exclusion of seen items, explanation."""

import numpy as np
import pytest

from core.errors import ModelError
from core.interactions import Interactions
from core.models import create_model
from core.models.popularity import Popularity


@pytest.fixture
def table() -> Interactions:
    # item b: 3 users, a: 2 users, c: 1 user; ratings must not matter
    return Interactions.from_triples(
        ["u1", "u1", "u2", "u2", "u3", "u4"], ["a", "b", "b", "c", "b", "a"],
        [5, 1, 2, 4, 3, 1],
    )


def test_scores_are_user_counts_not_ratings(table):
    model = Popularity().fit(table)
    scores = model.score_rows(table.matrix, np.arange(table.n_users))
    expected = {"a": 2, "b": 3, "c": 1}
    for j, item in enumerate(model.item_ids):
        assert np.all(scores[:, j] == expected[item])


def test_recommend_excludes_seen_and_explains(table):
    model = create_model("popularity").fit(table)
    recs = model.recommend(table, "u4", k=5)
    assert [(r.item, r.score, r.rank) for r in recs] == [("b", 3.0, 1), ("c", 1.0, 2)]
    assert recs[0].explanation.kind == "popularity"
    assert recs[0].explanation.text == "popular with 3 users"
    assert recs[1].explanation.text == "popular with 1 user"
    everything = model.recommend(table, "u4", k=5, exclude_seen=False)
    assert [r.item for r in everything] == ["b", "a", "c"]


def test_new_user_gets_the_popular_items(table):
    model = Popularity().fit(table)
    edited = table.copy()
    edited.add_user("new")
    assert [r.item for r in model.recommend(edited, "new", k=2)] == ["b", "a"]


def test_empty_table_cannot_be_fitted():
    with pytest.raises(ModelError):
        Popularity().fit(Interactions.empty())
