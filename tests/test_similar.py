"""similar_items / similar_users against brute-force similarities, for every model kind."""

import numpy as np
import pytest
import scipy.sparse as sp

from core.errors import ModelError
from core.interactions import Interactions
from core.models import create_model
from core.samples import seed_example


def random_data(seed: int = 0, n_users: int = 25, n_items: int = 18, density: float = 0.25,
                explicit: bool = False, timestamps: bool = False) -> Interactions:
    rng = np.random.default_rng(seed)
    mask = rng.random((n_users, n_items)) < density
    mask[np.arange(n_users), rng.integers(0, n_items, n_users)] = True  # nobody is empty
    users, items = np.nonzero(mask)
    values = rng.integers(1, 6, len(users)).astype(float) if explicit else None
    ts = rng.permutation(len(users)) if timestamps else None
    return Interactions.from_triples(
        [f"u{u}" for u in users], [f"i{i}" for i in items], values, ts, explicit=explicit
    )


def brute_cosine(vectors: np.ndarray) -> np.ndarray:
    """Dense cosine of every pair of rows, one pair at a time (zero rows give 0)."""
    n = len(vectors)
    out = np.zeros((n, n))
    for a in range(n):
        for b in range(n):
            na, nb = np.linalg.norm(vectors[a]), np.linalg.norm(vectors[b])
            out[a, b] = vectors[a] @ vectors[b] / (na * nb) if na and nb else 0.0
    return out


def brute_jaccard(binary: np.ndarray) -> np.ndarray:
    n = len(binary)
    out = np.zeros((n, n))
    for a in range(n):
        for b in range(n):
            union = np.logical_or(binary[a], binary[b]).sum()
            out[a, b] = np.logical_and(binary[a], binary[b]).sum() / union if union else 0.0
    return out


def expected_ranking(sims: np.ndarray, ids: list[str], index: int, n: int):
    row = sims[index].copy()
    row[index] = -np.inf
    order = [j for j in np.argsort(-row, kind="stable") if row[j] != 0 and np.isfinite(row[j])]
    return [ids[j] for j in order[:n]], row


def check(found, sims, ids, index, n):
    names, row = expected_ranking(sims, ids, index, n)
    assert len(found) == len(names)
    for (other, score) in found:
        assert score == pytest.approx(row[ids.index(other)], abs=1e-5)
    # equal scores may be listed in either order; the multiset of scores must match exactly
    assert sorted(s for _, s in found) == pytest.approx(sorted(row[ids.index(x)] for x in names),
                                                        abs=1e-5)


@pytest.mark.parametrize("name", ["user-knn", "item-knn", "popularity"])
def test_similar_items_and_users_match_brute_force_cosine(name):
    data = random_data(1)
    model = create_model(name).fit(data)
    binary = (data.matrix.toarray() > 0).astype(float)
    item_sims = brute_cosine(binary.T)
    user_sims = brute_cosine(binary)
    for j in (0, 5, 11):
        check(model.similar_items(model.item_ids[j], 6), item_sims, model.item_ids, j, 6)
    for u in (0, 7):
        check(model.similar_users(model.user_ids[u], 5), user_sims, model.user_ids, u, 5)


def test_knn_similar_uses_the_models_own_similarity():
    data = random_data(2)
    model = create_model("item-knn", similarity="jaccard").fit(data)
    binary = (data.matrix.toarray() > 0).astype(float)
    check(model.similar_items(model.item_ids[3], 8), brute_jaccard(binary.T), model.item_ids, 3, 8)
    ratings = create_model("user-knn", use_ratings=True).fit(random_data(3, explicit=True))
    dense = ratings.train_matrix.toarray()
    check(ratings.similar_users(ratings.user_ids[4], 5), brute_cosine(dense),
          ratings.user_ids, 4, 5)


def test_similar_on_the_seed_example_by_hand():
    model = create_model("item-knn").fit(seed_example())
    # item3 is had by all three users; item2 by user1,2 and item4 by user2,3: 2/sqrt(3*2)
    found = dict(model.similar_items("item3", 4))
    assert found["item2"] == pytest.approx(2 / np.sqrt(6))
    assert found["item4"] == pytest.approx(2 / np.sqrt(6))
    assert found["item1"] == pytest.approx(1 / np.sqrt(3))
    assert model.similar_users("user1", 2) == [("user2", pytest.approx(2 / 3)),
                                               ("user3", pytest.approx(1 / 3))]


def test_unknown_ids_and_untrained_models_give_clear_errors():
    model = create_model("user-knn")
    with pytest.raises(ModelError, match="not trained"):
        model.similar_items("i1")
    model.fit(random_data(0))
    with pytest.raises(ModelError, match="'nope'"):
        model.similar_items("nope")
    with pytest.raises(ModelError, match="'ghost'"):
        model.similar_users("ghost")


def test_factor_and_feature_representations_use_cosine():
    """Duck-typed hooks used by matrix factorisation and content models."""
    data = random_data(4)
    model = create_model("popularity").fit(data)
    rng = np.random.default_rng(0)
    model.item_factors = rng.normal(size=(len(model.item_ids), 5))
    model.user_factors = rng.normal(size=(len(model.user_ids), 5))
    check(model.similar_items(model.item_ids[2], 7), brute_cosine(model.item_factors),
          model.item_ids, 2, 7)
    check(model.similar_users(model.user_ids[2], 7), brute_cosine(model.user_factors),
          model.user_ids, 2, 7)
    content = create_model("popularity").fit(data)
    content.item_features = sp.csr_matrix(rng.random((len(model.item_ids), 6)) > 0.5,
                                          dtype=float)
    check(content.similar_items(content.item_ids[1], 5),
          brute_cosine(content.item_features.toarray()), content.item_ids, 1, 5)


@pytest.fixture(scope="module")
def neural_models():
    data = random_data(5, n_users=30, n_items=20, density=0.3)
    mlp = create_model("mlp", hidden=(8,), epochs=1, batch_size=8, validation=False).fit(data)
    neumf = create_model("neumf", gmf_size=4, mlp_size=4, hidden=(8,), epochs=1,
                         batch_size=64).fit(data)
    return data, mlp, neumf


def test_neural_similar_items_use_the_learned_vectors(neural_models):
    _, mlp, neumf = neural_models
    kernel = np.asarray(mlp.network.get_layer("logits").kernel, dtype=np.float64).T
    check(mlp.similar_items(mlp.item_ids[0], 6), brute_cosine(kernel), mlp.item_ids, 0, 6)
    layers = neumf._layers
    items = np.concatenate([np.asarray(layers["gmf_item"].embeddings),
                            np.asarray(layers["mlp_item"].embeddings)], axis=1)
    users = np.concatenate([np.asarray(layers["gmf_user"].embeddings),
                            np.asarray(layers["mlp_user"].embeddings)], axis=1)
    check(neumf.similar_items(neumf.item_ids[3], 6), brute_cosine(items), neumf.item_ids, 3, 6)
    check(neumf.similar_users(neumf.user_ids[3], 6), brute_cosine(users), neumf.user_ids, 3, 6)
    hidden = np.tanh(
        mlp._input(mlp._rows_in(mlp.train_matrix, np.arange(len(mlp.user_ids))))
        @ np.asarray(mlp.network.get_layer("hidden_0").kernel)
        + np.asarray(mlp.network.get_layer("hidden_0").bias)
    )
    check(mlp.similar_users(mlp.user_ids[1], 6), brute_cosine(hidden), mlp.user_ids, 1, 6)
