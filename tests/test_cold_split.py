"""The cold-item split and the models that can (content, hybrid) or cannot (CF) rank cold items."""

import numpy as np

from core.evaluation import cold_items, evaluate
from core.models import create_model
from core.samples import movie_night


def test_cold_items_holds_out_every_interaction_of_ten_percent_of_items():
    data = movie_night("small")
    split = cold_items(data, 0.1, seed=3)
    used = np.flatnonzero(np.bincount(data.matrix.indices, minlength=data.n_items))
    held = np.unique(np.concatenate(split.test_items))
    assert len(held) == round(0.1 * len(used))
    train_counts = np.bincount(split.train.matrix.indices, minlength=data.n_items)
    assert np.all(train_counts[held] == 0)  # cold in train
    # every interaction with a held-out item is in test, nothing else is
    full = data.matrix.tocsc()
    assert split.n_test == sum(full[:, j].nnz for j in held)
    assert split.train.nnz + split.n_test == data.nnz
    assert cold_items(data, 0.1, seed=3).test_users.tolist() == split.test_users.tolist()


def test_content_and_hybrid_rank_cold_items_where_cf_cannot():
    data = movie_night("small")
    split = cold_items(data, 0.2, seed=0)
    hr = {name: evaluate(create_model(name).fit(split.train), split, k=10).metrics["HR@10"]
          for name in ("ease", "content", "hybrid")}
    assert hr["ease"] == 0.0  # EASE gives a cold item exactly 0: it never ranks in the top 10
    assert hr["content"] > 0.1 and hr["hybrid"] > 0.1
