"""Every user's recommendations at once (``core.recommend_all``) equal one ``recommend`` call per
user, report progress, stop when asked and leave out users a model cannot score."""

import pytest

from core.errors import ModelError
from core.models import create_model
from core.recommend_all import recommend_everyone
from core.samples import movie_night


def _as_plain(recs):
    return [(r.item, r.rank, pytest.approx(r.score, rel=1e-5, abs=1e-7),
             r.explanation.text if r.explanation else None) for r in recs]


@pytest.mark.parametrize("name", ["popularity", "item-knn", "user-knn", "ease", "als"])
def test_everyone_at_once_equals_one_user_at_a_time(name):
    data = movie_night("small")
    model = create_model(name).fit(data)
    data.set_cell(data.user_ids[2], data.item_ids[0], 4.0)  # an edit since training: folded in
    events = []
    found = recommend_everyone(model, data, 4, batch_users=7,
                               on_progress=lambda e: events.append(e) and False)
    assert [user for user, _ in found.lists] == data.user_ids and found.left_out == 0
    for user, recs in found.lists:
        assert _as_plain(recs) == _as_plain(model.recommend(data, user, 4))
    fractions = [e.fraction for e in events]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert len(events) == -(-data.n_users // 7)  # one report per batch of users


def test_a_stop_request_ends_it_between_batches():
    data = movie_night("small")
    model = create_model("item-knn").fit(data)
    calls = []
    assert recommend_everyone(model, data, 3, batch_users=5,
                              on_progress=lambda e: calls.append(e) or len(calls) >= 2) is None
    assert len(calls) == 2


def test_users_a_model_cannot_score_are_left_out_and_counted():
    data = movie_night("small")
    model = create_model("neumf", epochs=1).fit(data)  # no fold-in: new users need a retrain
    data.add_user("Newcomer")
    with pytest.raises(ModelError, match="must be retrained"):
        model.recommend(data, "Newcomer", 3)
    found = recommend_everyone(model, data, 3, explain=False)
    assert found.left_out == 1
    assert [user for user, _ in found.lists] == [u for u in data.user_ids if u != "Newcomer"]
    assert all(r.explanation is None for _, recs in found.lists for r in recs)
