"""Similarity heatmap: core's sample against brute-force cosine; the panel shows it."""

import numpy as np
import pytest

from core.interactions import Interactions
from core.samples import movie_night
from core.similarity_view import similarity_sample
from gui.session import Session
from gui.similarity_panel import SimilarityPanel


def brute_cosine(vectors: np.ndarray) -> np.ndarray:
    n = len(vectors)
    out = np.zeros((n, n))
    for a in range(n):
        for b in range(n):
            na, nb = np.linalg.norm(vectors[a]), np.linalg.norm(vectors[b])
            if na and nb:
                out[a, b] = vectors[a] @ vectors[b] / (na * nb)
    return out


@pytest.mark.parametrize("axis", ["users", "items"])
def test_similarities_match_brute_force_cosine(axis):
    data = movie_night("small")
    ids, sim = similarity_sample(data, axis, max_n=500)
    dense = data.matrix.toarray() if axis == "users" else data.matrix.toarray().T
    all_ids = data.user_ids if axis == "users" else data.item_ids
    order = [all_ids.index(i) for i in ids]
    assert sorted(order) == list(range(len(all_ids)))
    assert np.allclose(sim, brute_cosine(dense[order]))


def test_hand_computed_example_and_sampling_keeps_most_active():
    data = Interactions.from_triples(
        ["a", "a", "b", "b", "c", "d", "d", "d"],
        ["x", "y", "x", "z", "z", "x", "y", "z"],
    )
    ids, sim = similarity_sample(data, "users", max_n=4, order=False)
    assert ids == ["a", "b", "c", "d"]
    assert sim[0, 1] == pytest.approx(0.5)  # {x,y}·{x,z} = 1 / (√2·√2)
    assert sim[0, 2] == 0.0
    assert sim[0, 3] == pytest.approx(2 / np.sqrt(6))
    ids, _ = similarity_sample(data, "users", max_n=2)
    assert sorted(ids) == ["a", "d"] or sorted(ids) == ["b", "d"]  # d is most active, a/b tie
    assert "c" not in ids
    with pytest.raises(ValueError):
        similarity_sample(data, "rows")


def test_panel_shows_the_matrix_and_names_hovered_pairs(qtbot):
    session = Session(movie_night("small"))
    panel = SimilarityPanel(session)
    qtbot.addWidget(panel)
    assert panel.image.image is None  # nothing computed until the panel is shown
    panel.show()
    qtbot.waitExposed(panel)
    n = session.data.n_users
    assert panel.image.image.shape == (n, n)
    assert f"all {n} users" in panel.info.text()
    a, b = panel.labels[0], panel.labels[1]
    assert panel.cell_text(0, 1) == f"{a} × {b}: {panel.sim[0, 1]:.2f}"
    panel.size_spin.setValue(10)
    panel.axis_combo.setCurrentIndex(1)  # items: refreshes
    assert panel.image.image.shape == (10, 10)
    assert panel.labels[0] == session.data.item_label(panel.ids[0])
    assert "10 most popular of 40 items" in panel.info.text()
    session.replace_data(Interactions.empty())
    assert panel.ids == [] and "empty" in panel.info.text()
