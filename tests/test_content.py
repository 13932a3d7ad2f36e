"""Content-based model: scores equal hand-computed cosines; explanations name the features."""

import numpy as np
import pytest
import scipy.sparse as sp

from core.errors import ModelError
from core.interactions import Interactions, ItemInfo
from core.models import create_model
from core.models.content import ContentBased, describe_features


def _table(timestamps=None) -> Interactions:
    info = {
        "a": ItemInfo("", ("Sci-Fi", "Action")),
        "b": ItemInfo("", ("Sci-Fi",)),
        "c": ItemInfo("", ("Comedy",)),
        "d": ItemInfo("", ("Comedy", "Action")),
        "e": ItemInfo("", ("Sci-Fi", "Comedy")),  # nobody has it: a cold item
    }
    data = Interactions.from_triples(
        ["u", "u", "v", "v"], ["a", "b", "c", "d"], None, timestamps, items_info=info)
    return data.__class__(data.user_ids, ["a", "b", "c", "d", "e"],
                          sp.hstack([data.matrix, sp.csr_matrix((2, 1))], format="csr"),
                          data.timestamps, data.explicit, info)


def test_scores_equal_hand_computed_cosines_of_genre_profiles():
    data = _table()
    model = ContentBased(title_weight=0.0, tag_weight=0.0, recency=0.0).fit(data)
    # genre columns in sorted order: Action, Comedy, Sci-Fi; item vectors are unit one-hots
    r2 = 1 / np.sqrt(2)
    vec = {"a": [r2, 0, r2], "b": [0, 0, 1], "c": [0, 1, 0], "d": [r2, r2, 0], "e": [0, r2, r2]}
    profile_u = (np.array(vec["a"]) + np.array(vec["b"])) / 2
    expected = [np.dot(profile_u, vec[i]) / np.linalg.norm(profile_u) for i in "abcde"]
    got = model.score_rows(data.matrix[0], np.array([0]))[0]
    np.testing.assert_allclose(got, expected, rtol=1e-6)
    # the cold item "e" (Sci-Fi, Comedy) is recommended to u before "c" (Comedy)
    assert [r.item for r in model.recommend(data, "u", k=3)] == ["e", "d", "c"]


def test_recency_weights_the_profile_towards_the_latest_item():
    data = _table(timestamps=[1, 2, 1, 2])  # u: a then b
    model = ContentBased(title_weight=0.0, tag_weight=0.0, recency=1.0).fit(data)
    r2 = 1 / np.sqrt(2)
    w_a, w_b = np.exp(-1.0), 1.0
    profile = (w_a * np.array([r2, 0, r2]) + w_b * np.array([0, 0, 1])) / (w_a + w_b)
    expected = np.dot(profile, [r2, r2, 0]) / np.linalg.norm(profile)
    got = model.score_rows(data.matrix[0], np.array([0]))[0, 3]
    assert got == pytest.approx(expected, rel=1e-6)


def test_explanation_names_the_features_that_contributed_most():
    data = _table()
    model = ContentBased(recency=0.0).fit(data)
    why = model.explain(data.matrix[0], 0, 4)
    assert why.kind == "features"
    assert why.text == "because you like Sci-Fi"
    assert sum(w for _, w in why.contributors) == pytest.approx(
        model.score_rows(data.matrix[0], np.array([0]))[0, 4], rel=1e-5)
    assert describe_features(["Sci-Fi", "space", "star"], ["genre", "tag", "title"]) == (
        "Sci-Fi, space (tags), star (title)")


def test_tags_and_title_words_are_tf_idf_features():
    info = {"x": ItemInfo("Star Wars (1977)", (), ("space", "classic")),
            "y": ItemInfo("Star Trek (1979)", (), ("space",)),
            "z": ItemInfo("Toy Story (1995)", (), ("pixar",))}
    data = Interactions.from_triples(["u"], ["x"], items_info=info)
    data = data.__class__(["u"], ["x", "y", "z"], sp.csr_matrix(([1.0], ([0], [0])), (1, 3)),
                          None, False, info)
    model = ContentBased(recency=0.0).fit(data)
    names = set(model.feature_names)
    assert {"space", "classic", "pixar", "star", "wars", "toy"} <= names
    assert "1977" not in names
    recs = model.recommend(data, "u", k=2)
    assert recs[0].item == "y" and "space (tags)" in recs[0].explanation.text


def test_a_table_without_features_is_refused_clearly():
    data = Interactions.from_triples(["u", "v"], ["a", "b"])
    with pytest.raises(ModelError, match="item features"):
        create_model("content").fit(data)


def test_save_and_load_keep_the_scores(tmp_path):
    from core.persistence import load_model, save_model

    data = _table(timestamps=[1, 2, 1, 2])
    model = ContentBased(recency=1.0).fit(data)
    loaded = load_model(save_model(model, tmp_path / "c.zip"))
    users = np.arange(data.n_users)
    np.testing.assert_array_equal(loaded.score_rows(data.matrix, users),
                                  model.score_rows(data.matrix, users))
    assert loaded.recommend(data, "u", k=3) == model.recommend(data, "u", k=3)
