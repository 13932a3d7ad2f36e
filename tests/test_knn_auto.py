"""item-kNN's "auto" neighbourhood (core.models.knn_auto) and the generated event log.

The held-out ranks are checked against the evaluator itself (the brute-force reference: dense
scores, pessimistic ties), the significance rule against hand-computed numbers, and the choice
against tables built so that the right answer is known: timestamps that order what users do
(recency must be kept) and timestamps that carry no order (recency must be dropped).
"""

import numpy as np
import pytest
import scipy.sparse as sp

from core.evaluation import evaluate, leave_last_out
from core.interactions import Interactions
from core.models import knn_auto
from core.models.knn import ItemKNN
from core.models.knn_auto import better, choose_scoring, held_out_ranks, sample_users
from core.synthetic import SHAPES, shape_data
from core.synthetic_events import DAY, event_log


def drifting_users(seed: int = 0, n_users: int = 400, timed_order: bool = True) -> Interactions:
    """Items in 40 clusters of 10. Each user takes 6 items of cluster A, then 6 of cluster B:
    with ``timed_order`` the B items come later (what a user does last predicts what they do
    next), otherwise the timestamps are a random order of the same items."""
    rng = np.random.default_rng(seed)
    rows, cols, ts = [], [], []
    for u in range(n_users):
        a, b = rng.choice(40, 2, replace=False)
        items = np.concatenate([10 * a + rng.choice(10, 6, replace=False),
                                10 * b + rng.choice(10, 6, replace=False)])
        times = np.arange(12) if timed_order else rng.permutation(12)
        rows += [u] * 12
        cols += items.tolist()
        ts += (1000 * u + times).tolist()
    return Interactions.from_codes([f"u{u}" for u in range(n_users)],
                                   [f"i{j}" for j in range(400)], np.array(rows),
                                   np.array(cols), None, np.array(ts))


@pytest.mark.parametrize("neighbourhood", ["top-k", "reverse"])
@pytest.mark.parametrize("timed", [True, False])
def test_held_out_ranks_equal_the_evaluators(neighbourhood, timed):
    data = shape_data("events", scale=0.05, seed=1)
    if not timed:
        data.timestamps = None
    split = leave_last_out(data, seed=0)
    model = ItemKNN(k=5, neighbourhood=neighbourhood).fit(split.train)
    ranks = held_out_ranks(model, split)
    reference = evaluate(model, split, per_user=True).per_user["rank"]
    np.testing.assert_array_equal(ranks, reference)
    assert (ranks > 10).any() and (ranks <= 10).any()  # (the popularity fallback: hand test)


@pytest.mark.parametrize("budget", [1e-9, 1e-6])
def test_held_out_ranks_in_parts_under_a_gil_budget_are_the_same(monkeypatch, budget):
    """In the app (a GIL budget) users are ranked in parts: 1e-9 s is one user a part."""
    from core import gil_budget

    data = shape_data("events", scale=0.05, seed=2)
    split = leave_last_out(data, seed=0)
    model = ItemKNN(k=5, neighbourhood="reverse").fit(split.train)
    whole = held_out_ranks(model, split)
    monkeypatch.setattr(gil_budget, "_call_seconds", budget)
    parts = []
    real = knn_auto._ranks
    monkeypatch.setattr(knn_auto, "_ranks", lambda m, r, w, h: parts.append(len(h)) or
                        real(m, r, w, h))
    np.testing.assert_array_equal(held_out_ranks(model, split), whole)
    assert len(parts) > 1 and sum(parts) == len(whole)
    if budget == 1e-9:
        assert max(parts) == 1


def test_held_out_ranks_hand_computed():
    # 3 users × 4 items; user 0 holds out item 3 (latest), users 1 and 2 item 0.
    train = sp.csr_matrix(np.array([[1, 1, 0, 0], [0, 1, 1, 0], [0, 0, 0, 1]], np.float32))
    data = Interactions([f"u{u}" for u in range(3)], [f"i{j}" for j in range(4)], train)
    model = ItemKNN(k=3, neighbourhood="reverse", recency=0).fit(data)
    split = knn_auto_split(data, [np.array([3]), np.array([0]), np.array([0])])
    # cosine: i0~i1 = 1/√2, i1~i2 = 1/√2, nothing else shared; user 0 (i0, i1): i2 = 1/√2, i3 = 0
    # -> i3 ties with nothing positive: rank = 4 items − 2 seen = 2. User 1 (i1, i2): i0 = 1/√2,
    # the only unseen positive -> rank 1. User 2 (i3): no positive score at all -> popularity
    # (i0 1, i1 2, i2 1): i0 ties with i2, and i1 is above: rank 3.
    np.testing.assert_array_equal(held_out_ranks(model, split), [2, 1, 3])


def knn_auto_split(data, test_items):
    from core.evaluation.splits import Split

    return Split(data, np.arange(data.n_users), test_items, "hand")


def test_better_needs_more_than_z_standard_errors():
    a = np.array([1, 1, 1, 0, 0, 1, 0, 0], float)
    b = np.array([0, 1, 1, 0, 0, 0, 0, 0], float)
    # d = a − b: two 1s out of 8 -> mean 0.25, sample std √(0.25·0.75·8/7) = 0.4629, se 0.1637
    assert better(a, b, z=1.5)
    assert not better(a, b, z=1.6)
    assert not better(b, a, z=0.0)
    assert better(np.ones(5), np.zeros(5))  # every user better: no spread, still better
    assert not better(np.ones(5), np.ones(5))


def test_sample_users_is_bounded_and_seeded(monkeypatch):
    data = shape_data("long-tail", scale=0.05)
    monkeypatch.setattr(knn_auto, "SAMPLE_USERS", 30)
    sample = sample_users(data)
    counts = np.diff(sample.matrix.indptr)
    assert (counts > 0).sum() == 30 and sample.nnz <= data.nnz
    kept = np.flatnonzero(counts)
    np.testing.assert_array_equal(sample.matrix[kept].toarray(), data.matrix[kept].toarray())
    np.testing.assert_array_equal(sample_users(data).matrix.indptr, sample.matrix.indptr)
    monkeypatch.setattr(knn_auto, "SAMPLE_INTERACTIONS", 200)
    assert sample_users(data).nnz <= 200
    monkeypatch.setattr(knn_auto, "SAMPLE_INTERACTIONS", 10**9)
    monkeypatch.setattr(knn_auto, "SAMPLE_COST", 500)
    degrees = np.diff(sample_users(data).matrix.indptr)
    assert 0 < (degrees.astype(float) ** 2).sum() <= 500 or (degrees > 0).sum() == 1


def test_auto_keeps_recency_where_timestamps_order_what_users_do():
    data = drifting_users(timed_order=True)
    model = ItemKNN(k=20).fit(data)
    assert model.neighbourhood in ("top-k", "reverse") and model.recency_used == 2.0
    assert model._recency is not None


def test_auto_drops_recency_where_timestamps_carry_no_order():
    data = drifting_users(timed_order=False)
    model = ItemKNN(k=20).fit(data)
    assert model.recency_used == 0.0 and model._recency is None
    # an explicit neighbourhood keeps the configured recency: no check is made
    assert ItemKNN(k=20, neighbourhood="top-k").fit(data).recency_used == 2.0


def test_auto_picks_the_orientation_the_held_out_items_favour(monkeypatch):
    """The choice is the candidate the check measures best, and only when clearly better."""
    data = drifting_users(timed_order=False)
    data.timestamps = None
    seen = []

    def fake_ranks(model, split):
        seen.append(model.similarity_matrix.nnz)
        n = len(split.test_users)
        top_k = np.array_equal(model.similarity_matrix.toarray(), model._nearest.T.toarray())
        return np.full(n, 1 if top_k else 50)  # top-k hits everyone, reverse no one

    monkeypatch.setattr(knn_auto, "held_out_ranks", fake_ranks)
    assert choose_scoring(ItemKNN(k=20), data, "reverse") == ("top-k", 2.0)
    assert len(seen) == 2  # without timestamps only the orientation is in question
    monkeypatch.setattr(knn_auto, "held_out_ranks", lambda m, s: np.ones(len(s.test_users)))
    assert choose_scoring(ItemKNN(k=20), data, "reverse") == ("reverse", 2.0)  # a tie: the guess


def test_auto_check_is_skipped_on_tiny_tables_and_when_stopped():
    tiny = drifting_users(n_users=20)
    assert choose_scoring(ItemKNN(k=5), tiny, "top-k") == ("top-k", 2.0)
    data = drifting_users(timed_order=False)
    assert choose_scoring(ItemKNN(k=20), data, "top-k", lambda e: True) is None
    stopped = ItemKNN(k=20).fit(data, lambda e: True)  # a stopped fit keeps the guess
    assert stopped.neighbourhood == "top-k" and stopped.recency_used == 2.0


def test_auto_check_runs_first_as_a_short_stage_without_an_eta():
    """The check comes before the similarities, so their stage's ETA is the fit's time left."""
    events = []
    model = ItemKNN(k=20).fit(drifting_users(timed_order=False), events.append)
    messages = [e.message for e in events if e.kind == "stage"]
    assert messages[:2] == [knn_auto.STAGE] * 2 and set(messages[2:]) == {"item similarities"}
    assert all(e.fraction is None and e.eta is None for e in events[:2])
    assert events[-1].fraction == 1.0 and model.recency_used == 0.0


def test_a_saved_auto_model_keeps_its_choice(tmp_path):
    from core.persistence import load_model, save_model

    data = drifting_users(timed_order=False)
    model = ItemKNN(k=20).fit(data)
    path = tmp_path / "m.reclab"
    save_model(model, path)
    loaded = load_model(path)
    assert loaded.recency_used == 0.0 and loaded._recency is None
    users = np.arange(10)
    np.testing.assert_allclose(loaded.score_rows(data.matrix[users], users),
                               model.score_rows(data.matrix[users], users))


# -- the generated event log ----------------------------------------------------------------------

def test_event_log_shape_is_sparse_daily_and_seeded():
    s = SHAPES["events"]
    data = event_log(s.n_users, s.n_items, s.n_interactions, seed=0)
    assert data.n_users == 1_100 and data.n_items == 10_000
    assert abs(data.nnz - 40_000) < 400
    counts = np.diff(data.matrix.indptr)
    assert counts.min() >= 2
    assert (data.matrix.data == 1).all() and data.nnz / (data.n_users * data.n_items) < 0.005
    assert ((data.timestamps - data.timestamps.min()) % DAY == 0).all()
    latest = np.maximum.reduceat(data.timestamps, data.matrix.indptr[:-1])
    rows = np.repeat(np.arange(data.n_users), counts)
    ties = np.bincount(rows[data.timestamps == latest[rows]])
    assert (ties >= 2).mean() > 0.3  # the last day often holds several items
    again = event_log(s.n_users, s.n_items, s.n_interactions, seed=0)
    assert (again.matrix != data.matrix).nnz == 0
    np.testing.assert_array_equal(again.timestamps, data.timestamps)
    other = event_log(s.n_users, s.n_items, s.n_interactions, seed=1)
    assert (other.matrix != data.matrix).nnz > 0


def test_event_log_plants_sessions():
    """A user's items of one day belong together: same-day pairs co-occur across users far more
    often than pairs of the same user on different days."""
    data = event_log(300, 2_000, 6_000, seed=2, n_groups=10)
    m = data.binary().tocsc()
    cooc = (m.T @ m).toarray()
    same, other = [], []
    for u in range(100):
        lo, hi = data.matrix.indptr[u], data.matrix.indptr[u + 1]
        items, days = data.matrix.indices[lo:hi], data.timestamps[lo:hi]
        for a in range(len(items)):
            for b in range(a + 1, len(items)):
                (same if days[a] == days[b] else other).append(cooc[items[a], items[b]] - 1)
    assert np.mean(same) > 1.5 * np.mean(other)


def test_event_log_rejects_an_empty_shape():
    with pytest.raises(ValueError):
        event_log(0, 10, 10)


def test_training_view_says_what_auto_chose(qtbot):
    from gui.training_view import fit_summary

    data = drifting_users(timed_order=False)
    auto = ItemKNN(k=20).fit(data)
    text = fit_summary("item-knn", (data.n_users, data.n_items, data.nnz), 0.4, auto)
    assert text.startswith("Item–item similarities computed for 400 items")
    assert text.endswith(f"Neighbourhood auto chose {auto.neighbourhood} without recency decay, "
                         "measured on held-out items.")
    ordered = drifting_users(timed_order=True)
    kept = ItemKNN(k=20).fit(ordered)
    assert "with recency decay 2, measured" in fit_summary(
        "item-knn", (ordered.n_users, ordered.n_items, ordered.nnz), 0.4, kept)
    manual = ItemKNN(k=20, neighbourhood="reverse").fit(data)
    assert "auto" not in fit_summary("item-knn", (400, 400, data.nnz), 0.4, manual)


@pytest.mark.parametrize(("shape", "scale", "seed"),
                         [("ml-1m", 0.05, 0), ("events", 0.2, 3), ("long-tail", 0.1, 2)])
def test_the_check_ranks_every_candidate_as_a_model_fitted_for_it(monkeypatch, shape, scale,
                                                                  seed):
    """The check fits once and switches orientation and decay in place: each candidate's
    held-out ranks equal those of a model fitted and set up for that candidate alone."""
    data = shape_data(shape, scale=scale, seed=seed)
    seen = {}

    def recording(model, split):
        ranks = held_out_ranks(model, split)
        seen[(model.neighbourhood, model.recency_used)] = (ranks, split)
        return ranks

    monkeypatch.setattr(knn_auto, "held_out_ranks", recording)
    model = ItemKNN(k=10)
    choice = choose_scoring(model, data, model.chosen_neighbourhood(data))
    assert len(seen) == (4 if data.timestamps is not None else 2)
    hits = {}
    for (nb, recency), (ranks, split) in seen.items():
        alone = ItemKNN(k=10, neighbourhood=nb, recency=recency).fit(split.train)
        np.testing.assert_array_equal(held_out_ranks(alone, split), ranks)
        hits[(nb, recency)] = (ranks <= knn_auto.K).astype(float)
    guess = (model.chosen_neighbourhood(data), model.config.recency)
    best = max(hits, key=lambda c: hits[c].mean())
    assert choice == guess or (choice == best and better(hits[best], hits[guess]))


def test_sample_rows_are_what_filter_entries_keeps():
    """The sample gathers only its users' entries: the same table filter_entries gives."""
    data = shape_data("events", scale=0.1, seed=2)
    data.input_order = np.random.default_rng(3).permutation(data.nnz)
    users = np.sort(np.random.default_rng(4).choice(data.n_users, 40, replace=False))
    keep = np.zeros(data.n_users, dtype=bool)
    keep[users] = True
    expected = data.filter_entries(np.repeat(keep, np.diff(data.matrix.indptr)))
    got = knn_auto._rows_only(data, users)
    for attr in ("indptr", "indices", "data"):
        np.testing.assert_array_equal(getattr(got.matrix, attr), getattr(expected.matrix, attr))
    np.testing.assert_array_equal(got.timestamps, expected.timestamps)
    np.testing.assert_array_equal(got.input_order, expected.input_order)
    assert got.user_ids == expected.user_ids and got.item_ids == expected.item_ids
    split, reference = leave_last_out(got, seed=0), leave_last_out(expected, seed=0)
    np.testing.assert_array_equal(split.test_users, reference.test_users)
