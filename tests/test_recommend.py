"""The shared ``Recommender.recommend``: what a user sees for one user of the current table."""

from core.interactions import Interactions, ItemInfo
from core.models import create_model


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
