"""Popularity baseline: item counts, exclusion of seen items, explanation."""

import numpy as np
import pytest
import scipy.sparse as sp

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


@pytest.mark.parametrize("exclude_seen", [True, False])
@pytest.mark.parametrize("k", [1, 4, 12])
def test_fast_top_k_equals_the_generic_score_mask_rank(exclude_seen, k):
    from core.models.base import Recommender

    rng = np.random.default_rng(3)
    dense = (rng.random((40, 12)) < 0.3).astype(np.float32)
    dense[0] = 1.0  # a user who has seen every item: nothing left to recommend
    dense[1, :10] = 1.0  # two items left
    data = Interactions.from_codes([f"u{i}" for i in range(40)], [f"i{j}" for j in range(12)],
                                   *np.nonzero(dense), np.ones(int(dense.sum())))
    model = Popularity().fit(data)  # counts tie often on 40 users: ties go to the lower index
    rows = sp.csr_matrix(dense)
    users = np.arange(40)
    got = model.top_k_rows(rows, users, k, exclude_seen=exclude_seen)
    want = Recommender.top_k_rows(model, rows, users, k, exclude_seen=exclude_seen)
    np.testing.assert_array_equal(got[0], want[0])
    np.testing.assert_array_equal(got[1], want[1])
