"""Hybrid: the blend is alpha x normalised CF + (1 - alpha) x normalised content; cold items
take the content score; save/load keeps the scores."""

import numpy as np
import pytest

from core.models import create_model
from core.models.hybrid import Hybrid, minmax_rows
from core.persistence import load_model, save_model
from core.samples import movie_night


def test_blend_equals_the_weighted_sum_of_min_max_normalised_parts():
    data = movie_night("small")
    users = np.arange(data.n_users)
    model = Hybrid(alpha=0.3).fit(data)
    cf = create_model("ease", l2=500.0, recency=0.0).fit(data).score_rows(data.matrix, users)
    content = create_model("content", recency=0.0).fit(data).score_rows(data.matrix, users)
    a = np.where(np.bincount(data.matrix.indices, minlength=data.n_items) > 0, 0.3, 0.0)
    expected = a * minmax_rows(cf) + (1 - a) * minmax_rows(content)
    np.testing.assert_allclose(model.score_rows(data.matrix, users), expected, atol=1e-5)
    assert minmax_rows(np.array([[2.0, 4.0, 3.0]])).tolist() == [[0.0, 1.0, 0.5]]


@pytest.mark.parametrize("params", [dict(alpha=1.0), dict(method="augmented")])
def test_alpha_one_is_cf_only_and_augmented_runs(params):
    data = movie_night("small")
    model = Hybrid(**params).fit(data)
    recs = model.recommend(data, data.user_ids[0], k=5)
    assert len(recs) == 5 and all(r.explanation.text for r in recs)


def test_save_and_load_keep_the_scores(tmp_path):
    data = movie_night("small")
    model = Hybrid(alpha=0.6, recency=2.0).fit(data)
    loaded = load_model(save_model(model, tmp_path / "h.zip"))
    users = np.arange(data.n_users)
    np.testing.assert_allclose(loaded.score_rows(data.matrix, users),
                               model.score_rows(data.matrix, users))


def test_bad_alpha_is_refused():
    with pytest.raises(Exception, match="alpha"):
        Hybrid(alpha=1.5).fit(movie_night("small"))
