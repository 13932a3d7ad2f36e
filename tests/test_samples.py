"""Built-in samples: the exact seed table, determinism, sizes, and the generator's structure."""

from __future__ import annotations

import numpy as np
import pytest

from core.samples import SAMPLES, generate, load_sample, movie_night, seed_example


def test_seed_example_is_exactly_the_article_table():
    data = seed_example()
    assert data.user_ids == ["user1", "user2", "user3"]
    assert data.item_ids == ["item1", "item2", "item3", "item4", "item5"]
    assert not data.explicit and data.timestamps is None
    dense = data.matrix.toarray().tolist()
    assert dense == [[1, 1, 1, 0, 0], [0, 1, 1, 1, 0], [0, 0, 1, 1, 1]]


def test_every_listed_sample_loads():
    assert set(SAMPLES) == {"Seed example", "Movie night (small)", "Movie night (medium)"}
    for name, description in SAMPLES.items():
        data = load_sample(name)
        assert data.nnz > 0 and description
        assert data.name == name
    with pytest.raises(KeyError, match="unknown sample"):
        load_sample("Nope")


def test_movie_night_small_size_and_content():
    data = movie_night("small")
    assert data.shape == (50, 40) and data.nnz == 400
    assert data.explicit and data.timestamps is not None
    assert set(np.unique(data.matrix.data)) <= {1.0, 2.0, 3.0, 4.0, 5.0}
    assert len(set(np.unique(data.matrix.data))) >= 4  # ratings actually vary
    assert data.user_ids[0] == "Alice" and len(set(data.user_ids)) == 50
    assert set(data.items_info) == set(data.item_ids)
    title = data.items_info["1"].title
    assert title and title != "1" and data.items_info["1"].genres
    assert (np.diff(data.matrix.indptr) > 0).all()  # every user rated something
    assert (np.bincount(data.matrix.indices, minlength=40) > 0).all()  # every film was rated


def test_movie_night_medium_size():
    data = movie_night("medium")
    assert data.shape == (1000, 1500)
    assert data.nnz == 100_000


def test_deterministic_from_seed():
    assert movie_night("small", seed=3) == movie_night("small", seed=3)
    assert movie_night("small", seed=3).items_info == movie_night("small", seed=3).items_info
    assert movie_night("small", seed=3) != movie_night("small", seed=4)
    a, b = generate(200, 100, 3000, seed=9), generate(200, 100, 3000, seed=9)
    assert a == b


def test_generate_exact_count_and_long_tail_popularity():
    data = generate(2000, 500, 40_000, seed=1)
    assert data.shape == (2000, 500) and data.nnz == 40_000
    assert not data.explicit and set(np.unique(data.matrix.data)) == {1.0}
    counts = np.sort(np.bincount(data.matrix.indices, minlength=500))[::-1]
    top_share = counts[:50].sum() / counts.sum()  # the top 10% of items
    assert top_share > 0.3  # uniform would give 0.1


def _mean_cosine(binary: np.ndarray) -> float:
    norms = np.linalg.norm(binary, axis=1)
    sim = binary @ binary.T / np.outer(norms, norms)
    np.fill_diagonal(sim, np.nan)
    return float(np.nanmean(sim))


def test_generate_taste_groups_make_users_agree():
    """Users overlap more than under popularity alone: taste groups give kNN a signal to find.

    Reference: the same users (same number of items each) picking items only by the observed
    item popularity."""
    data = generate(400, 300, 12_000, seed=2, n_groups=4)
    binary = data.binary().toarray()
    popularity = binary.sum(axis=0) / binary.sum()
    rng = np.random.default_rng(0)
    reference = np.zeros_like(binary)
    for u, k in enumerate(binary.sum(axis=1).astype(int)):
        reference[u, rng.choice(300, k, replace=False, p=popularity)] = 1
    assert _mean_cosine(binary) > 1.2 * _mean_cosine(reference)


def test_generate_caps_at_full_table_and_rejects_bad_sizes():
    data = generate(5, 4, 100, seed=0)
    assert data.nnz == 20
    with pytest.raises(ValueError):
        generate(0, 4, 10)
    with pytest.raises(ValueError):
        movie_night("huge")
