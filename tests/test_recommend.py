"""The shared ``Recommender.recommend``: what a user sees for one user of the current table."""

import numpy as np

from core.interactions import Interactions, ItemInfo
from core.models import Explanation, Recommender, create_model
from core.models.popularity import PopularityConfig


def test_item_explanations_name_titles_when_the_table_knows_them():
    data = Interactions.from_triples(
        ["u1", "u1", "u2", "u2", "u2"], ["a", "b", "a", "b", "c"],
        items_info={"a": ItemInfo("Alpha"), "b": ItemInfo("Beta"), "c": ItemInfo("Gamma")},
    )
    model = create_model("item-knn", recency=0.0).fit(data)
    (rec,) = model.recommend(data, "u1", k=1)
    assert rec.item == "c"
    assert {item for item, _ in rec.explanation.contributors} == {"a", "b"}
    text = rec.explanation.text
    assert text.startswith("because you liked ")
    assert set(text.removeprefix("because you liked ").split(", ")) == {"Alpha", "Beta"}


def test_item_explanations_keep_ids_without_titles():
    data = Interactions.from_triples(["u1", "u1", "u2", "u2", "u2"], ["a", "b", "a", "b", "c"])
    (rec,) = create_model("item-knn", recency=0.0).fit(data).recommend(data, "u1", k=1)
    assert "a" in rec.explanation.text and "b" in rec.explanation.text


class _Embedded(Recommender):
    """A stand-in whose explanation names embedding neighbours (as NeuMF's does)."""

    name = "embedded"
    Config = PopularityConfig

    def _fit(self, data, on_progress):
        pass

    def score_rows(self, rows, user_indices):
        return np.tile(np.arange(len(self.item_ids), dtype=np.float64), (rows.shape[0], 1))

    def explain(self, row, user_index, item_index):
        template = "Close, in what it learned, to {names}."
        return Explanation.naming("embedding", (("a", 0.9),), template)


def test_the_models_own_sentence_is_kept_and_only_names_become_titles():
    data = Interactions.from_triples(
        ["u1", "u2", "u2"], ["a", "b", "c"],
        items_info={"a": ItemInfo("Alpha"), "c": ItemInfo("Gamma")},
    )
    (rec,) = _Embedded().fit(data).recommend(data, "u1", k=1)
    assert rec.item == "c"
    assert rec.explanation.kind == "embedding"
    assert rec.explanation.text == "Close, in what it learned, to Alpha."


def test_one_top_k_step_masks_seen_items_and_nan_scores():
    data = Interactions.from_triples(["u1", "u1", "u2"], ["a", "b", "c"])
    model = _Embedded().fit(data)
    rows = data.matrix
    idx, val = model.top_k_rows(rows, np.arange(2), 3)
    assert idx.tolist() == [[2, -1, -1], [1, 0, -1]]
    assert val[0, 0] == 2.0 and np.isneginf(val[0, 1])
    assert model.top_k_rows(rows, np.arange(2), 1, exclude_seen=False)[0].tolist() == [[2], [2]]
