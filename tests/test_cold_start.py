"""Cold-start notes: CF models say why they cannot recommend a new item, content models can."""

from core.interactions import ItemInfo
from core.models import create_model
from core.models.cold_start import cold_item_note, cold_items
from core.samples import movie_night


def test_cf_explains_it_cannot_recommend_a_new_item_and_content_recommends_it():
    data = movie_night("small")
    data.add_item("new", ItemInfo("Brand New Film", ("Sci-Fi", "Thriller")))
    assert cold_items(data) == ["new"]
    knn = create_model("item-knn").fit(data)
    note = cold_item_note(knn, data)
    assert "cannot recommend “Brand New Film”" in note and "cold start" in note
    content = create_model("content", recency=0.0).fit(data)
    assert "can still recommend it" in cold_item_note(content, data)
    fans = [u for u in data.user_ids
            if any({"Sci-Fi", "Thriller"} & set(data.items_info[data.item_ids[j]].genres)
                   for j in data.user_items(u)[0])]
    recommended = {r.item for u in fans for r in content.recommend(data, u, k=5, explain=False)}
    assert "new" in recommended
    assert "new" not in {r.item for u in fans for r in knn.recommend(data, u, k=5, explain=False)
                         if r.score > 0}


def test_an_item_added_after_training_is_recommended_by_content_at_once():
    data = movie_night("small")
    content = create_model("content", recency=0.0).fit(data)
    hybrid = create_model("hybrid").fit(data)
    data.add_item("late", ItemInfo("Late Film", ("Comedy", "Romance")))
    assert "recommends it from genres" in cold_item_note(content, data)
    assert "retrain hybrid" in cold_item_note(hybrid, data)
    assert "late" not in content.item_ids  # the trained model is unchanged
    recommended = {r.item for u in data.user_ids
                   for r in content.recommend(data, u, k=10, explain=False)}
    assert "late" in recommended
    assert cold_item_note(content, movie_night("small")) == ""
