"""The 2-D map of a model's items/users: what is projected, progress, stop, small inputs."""

import numpy as np
import pytest

from core.embedding_map import build_map, map_features, project
from core.models import create_model
from core.samples import generate, seed_example


@pytest.fixture(scope="module")
def data():
    return generate(120, 80, 1500, seed=3)


@pytest.mark.parametrize("name", ["popularity", "user-knn", "item-knn"])
@pytest.mark.parametrize("side", ["items", "users"])
def test_pca_map_has_one_finite_point_per_id(data, name, side):
    model = create_model(name).fit(data)
    result = build_map(model, side, "pca")
    ids = model.item_ids if side == "items" else model.user_ids
    assert result.ids == tuple(ids)
    assert result.coords.shape == (len(ids), 2) and np.isfinite(result.coords).all()
    assert result.coords.std(axis=0).min() > 0  # a spread, not one dot
    assert result.complete


def test_item_knn_items_use_the_similarity_graph(data):
    model = create_model("item-knn", k=10).fit(data)
    assert "spectral" in build_map(model, "items").source
    # items with identical neighbourhoods in the graph land on the same spot
    features, _ = map_features(model, "items", 4)
    assert features.shape == (len(model.item_ids), 4)


def test_pca_of_dense_vectors_matches_sklearn():
    from sklearn.decomposition import PCA

    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 6))
    coords, complete = project(x, "pca")
    expected = PCA(n_components=2, random_state=0).fit_transform(x)
    assert complete
    assert np.allclose(np.abs(coords), np.abs(expected), atol=1e-8)


def test_factor_vectors_are_what_is_projected(data):
    model = create_model("popularity").fit(data)
    rng = np.random.default_rng(1)
    base = rng.normal(size=(len(model.item_ids), 2))
    model.item_factors = np.hstack([base * 10, rng.normal(size=(len(model.item_ids), 1)) * 0.01])
    result = build_map(model, "items", "pca")
    # the two big directions survive: the distances on the map follow the factors' distances
    d_map = np.linalg.norm(result.coords[:, None] - result.coords[None], axis=2)
    d_fac = np.linalg.norm(model.item_factors[:, None] - model.item_factors[None], axis=2)
    assert np.corrcoef(d_map.ravel(), d_fac.ravel())[0, 1] > 0.99
    assert "factors" in result.source


def test_tsne_reports_progress_and_stops_cooperatively(data):
    model = create_model("user-knn").fit(data)
    events = []

    def on_progress(event):
        events.append(event)
        return event.message == "t-SNE iteration 40"

    result = build_map(model, "items", "tsne", on_progress=on_progress)
    assert not result.complete
    assert result.coords.shape == (len(model.item_ids), 2) and np.isfinite(result.coords).all()
    iterations = [e for e in events if e.message.startswith("t-SNE iteration")]
    assert [e.message for e in iterations][-1] == "t-SNE iteration 40"
    assert all(0 < e.fraction <= 1 for e in iterations)


def test_tsne_runs_to_the_end(data):
    sub = generate(40, 30, 300, seed=1)
    model = create_model("popularity").fit(sub)
    events = []
    result = build_map(model, "items", "tsne", on_progress=events.append)
    assert result.complete and events[-1].kind == "done"
    assert any(e.message.startswith("t-SNE iteration") for e in events)


def test_tiny_data_gives_a_map():
    model = create_model("item-knn").fit(seed_example())
    for method in ("pca", "tsne"):
        result = build_map(model, "items", method)
        assert result.coords.shape == (5, 2) and np.isfinite(result.coords).all()


def test_unknown_method_is_refused(data):
    with pytest.raises(ValueError, match="umap"):
        build_map(create_model("popularity").fit(data), "items", "umap")


def test_spectral_layout_matches_scikit_learn(data):
    from sklearn.manifold import spectral_embedding

    from core.embedding_map import _spectral

    model = create_model("item-knn", k=10).fit(data)
    s = model.similarity_matrix.astype(np.float64)
    graph = (s + s.T) / 2  # both directions averaged, as ours does
    ours = _spectral(model.similarity_matrix, 3, seed=0, regularise=False)
    reference = spectral_embedding(graph, n_components=3, random_state=0, drop_first=True,
                                   eigen_solver="arpack")
    for j in range(3):  # each eigenvector is defined up to its sign
        assert abs(np.corrcoef(ours[:, j], reference[:, j])[0, 1]) > 0.995


def _two_groups_and_fragments(seed: int = 0):
    """Two groups of 150 items, dense inside and sparse across, plus 30 pairs of items that
    only touch each other (a sparse catalogue's rare items); group labels of the first 300."""
    import scipy.sparse as sp

    rng = np.random.default_rng(seed)
    n_group, n_pairs = 150, 30
    n = 2 * n_group + 2 * n_pairs
    label = np.repeat([0, 1], n_group)
    rows, cols = [], []
    for i in range(2 * n_group):
        for j in rng.choice(2 * n_group, 12, replace=False):
            same = label[i] == label[j]
            if i != j and (same or rng.random() < 0.08):
                rows.append(i)
                cols.append(j)
    for p in range(n_pairs):
        a = 2 * n_group + 2 * p
        rows += [a, a + 1]
        cols += [a + 1, a]
    graph = sp.csr_matrix((rng.uniform(0.2, 1.0, len(rows)), (rows, cols)), shape=(n, n))
    return graph, label


def test_regularised_spectral_layout_is_the_regularised_laplacians_eigenvectors():
    from core.embedding_map import _spectral

    graph, _ = _two_groups_and_fragments()
    g = graph.toarray()
    g = (g + g.T) / 2
    n = len(g)
    degree = g.sum(axis=1)
    tau = degree.mean()
    s = 1 / np.sqrt(degree + tau)
    values, vectors = np.linalg.eigh(s[:, None] * (g + tau / n) * s[None, :])  # brute force
    reference = (vectors[:, ::-1] * s[:, None])[:, 1:4]
    ours = _spectral(graph, 3, seed=0)
    assert np.diff(values[::-1][:5]).max() < -1e-3  # distinct eigenvalues: vectors comparable
    for j in range(3):
        assert abs(np.corrcoef(ours[:, j], reference[:, j])[0, 1]) > 0.999


def test_regularising_lets_a_fragmented_graph_show_its_groups():
    from core.embedding_map import _spectral

    graph, label = _two_groups_and_fragments()
    groups = slice(0, len(label))
    plain = _spectral(graph, 2, seed=0, regularise=False)
    regular = _spectral(graph, 2, seed=0)
    # unregularised, both axes tell fragments apart and the 300 grouped items share one spot
    assert np.ptp(plain[groups], axis=0).max() < 1e-6 * np.ptp(plain, axis=0).min()
    # regularised, the first axis is the two groups
    assert abs(np.corrcoef(regular[groups, 0], label)[0, 1]) > 0.9
