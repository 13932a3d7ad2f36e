"""Beyond-accuracy metrics against hand-computed values (docs/METRICS.md, "Beyond accuracy")."""

import math

import numpy as np
import pytest
import scipy.sparse as sp

from core.evaluation import evaluate, leave_last_out
from core.evaluation.beyond import (
    beyond_accuracy,
    beyond_of,
    genre_vectors,
    head_items,
    interaction_vectors,
    intra_list_diversity,
    item_popularity,
    novelty,
    popularity_percentiles,
    user_groups,
)
from core.interactions import Interactions, ItemInfo
from core.models import create_model


def small_train() -> sp.csr_matrix:
    # u0: 0,1   u1: 0,2   u2: 0   u3: 0,1,3   -> popularity [4, 2, 1, 1]
    rows = [0, 0, 1, 1, 2, 3, 3, 3]
    cols = [0, 1, 0, 2, 0, 0, 1, 3]
    return sp.csr_matrix((np.ones(8), (rows, cols)), shape=(4, 4))


def test_popularity_and_novelty_by_hand():
    pop = item_popularity(small_train())
    assert pop.tolist() == [4, 2, 1, 1]
    # -log2(4/4) = 0, -log2(2/4) = 1, -log2(1/4) = 2 twice -> mean 5/4
    assert novelty(np.array([[0, 1], [2, 3]]), pop, 4) == pytest.approx(1.25)
    # Padding (-1) is ignored; an item nobody has counts as popularity 1.
    assert novelty(np.array([[1, -1]]), np.array([0, 0]), 8) == pytest.approx(3.0)


def test_intra_list_diversity_by_hand():
    vectors = interaction_vectors(small_train())
    # item0 users {0,1,2,3}, item1 {0,3}: cos = 2 / (2 * sqrt 2); item2 {1}, item3 {3}: cos 0.
    ild = intra_list_diversity(np.array([[0, 1], [2, 3]]), vectors)
    assert ild == pytest.approx(((1 - 1 / math.sqrt(2)) + 1.0) / 2)
    # Three items: pairs (0,1)=1/sqrt2, (0,3)=1/2, (1,3)=1/sqrt2 -> 1 - mean.
    three = intra_list_diversity(np.array([[0, 1, 3]]), vectors)
    assert three == pytest.approx(1 - (2 / math.sqrt(2) + 0.5) / 3)
    # Lists shorter than 2 do not count.
    assert intra_list_diversity(np.array([[0, -1], [2, 3]]), vectors) == pytest.approx(1.0)


def test_diversity_brute_force_on_random_lists():
    rng = np.random.default_rng(3)
    m = sp.random(30, 25, density=0.2, random_state=4, format="csr")
    vectors = interaction_vectors(m)
    dense = vectors.toarray()
    tops = np.array([rng.choice(25, 6, replace=False) for _ in range(10)])
    expected = []
    for row in tops:
        cos = [
            dense[a] @ dense[b] / (np.linalg.norm(dense[a]) * np.linalg.norm(dense[b]))
            if np.linalg.norm(dense[a]) and np.linalg.norm(dense[b]) else 0.0
            for i, a in enumerate(row) for b in row[i + 1:]
        ]
        expected.append(1 - np.mean(cos))
    assert intra_list_diversity(tops, vectors) == pytest.approx(np.mean(expected))


def test_genre_vectors():
    info = {"a": ItemInfo("A", ("Drama", "Comedy")), "b": ItemInfo("B", ("Drama",)),
            "c": ItemInfo("C", ("Horror",))}
    v = genre_vectors(["a", "b", "c"], info)
    assert v.toarray().tolist() == [[1, 1, 0], [1, 0, 0], [0, 0, 1]]
    assert intra_list_diversity(np.array([[0, 1]]), v) == pytest.approx(1 - 1 / math.sqrt(2))
    assert genre_vectors(["a"], {}) is None


def test_popularity_percentiles_with_ties():
    # ranks (average) of [4, 2, 1, 1] are [4, 3, 1.5, 1.5] -> 100 * (r - 1) / 3
    assert popularity_percentiles(np.array([4, 2, 1, 1])) == pytest.approx(
        [100, 200 / 3, 50 / 3, 50 / 3])


def test_user_and_item_groups():
    counts = [1, 6, 7, 8, 9, 10, 11, 12, 13, 20]
    rows = np.repeat(np.arange(10), counts)
    cols = np.concatenate([np.arange(c) for c in counts])
    m = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(10, 20))
    groups = user_groups(m).tolist()
    assert groups == ["cold"] + ["regular"] * 8 + ["heavy"]
    assert head_items(np.array([1, 9, 3, 9, 0])).tolist() == [False, True, False, False, False]


def test_beyond_accuracy_by_hand():
    out = beyond_accuracy(
        small_train(), np.array([[0, 1], [2, 3]]), np.array([0, 1]),
        [np.array([3]), np.array([1])],
        {"user": np.array([0, 1]), "HR": np.array([1.0, 0.0]), "rank": np.array([1, 20])},
        np.array([1, 20]), k=2,
    )
    assert out.coverage == 1.0
    assert out.novelty == pytest.approx(1.25)
    assert out.popularity_recommended == pytest.approx(50.0)  # (100 + 66.7 + 16.7 + 16.7) / 4
    assert out.popularity_heldout == pytest.approx((50 / 3 + 200 / 3) / 2)
    assert out.head_share == pytest.approx(0.25)  # item 0 is the head (ceil 20 % of 4 = 1)
    cold = out.user_groups[0]
    assert (cold.group, cold.n, cold.metrics["HR"]) == ("cold", 2, 0.5)
    head, tail = out.item_groups
    assert head.n == 0 and tail.n == 2
    assert tail.metrics["HR@2 (per held-out item)"] == 0.5
    assert out.long_tail.popularity.tolist() == [4, 2, 1, 1]
    assert out.long_tail.recommended.tolist() == [1, 1, 1, 1]


def test_beyond_of_a_real_evaluation():
    rng = np.random.default_rng(0)
    n = 600
    data = Interactions.from_codes(
        [f"u{i}" for i in range(50)], [f"i{j}" for j in range(40)],
        rng.integers(0, 50, n), np.minimum(rng.geometric(0.08, n) - 1, 39), np.ones(n),
        rng.integers(0, 1000, n),
    )
    split = leave_last_out(data)
    model = create_model("popularity").fit(split.train)
    result = evaluate(model, split, k=5, per_user=True)
    out = beyond_of(result, split)
    # Popularity recommends the most popular items: far above the held-out items' percentile.
    assert out.popularity_recommended > out.popularity_heldout
    assert sum(g.n for g in out.user_groups) == result.n_users
    assert out.long_tail.recommended.sum() == (result.top_items >= 0).sum()
    with pytest.raises(ValueError, match="per_user"):
        beyond_of(evaluate(model, split, k=5), split)


def test_popularity_percentiles_match_scipy_average_ranks():
    from scipy.stats import rankdata

    pop = np.random.default_rng(1).integers(0, 6, 50)
    expected = 100 * (rankdata(pop, method="average") - 1) / 49
    assert popularity_percentiles(pop) == pytest.approx(expected)
