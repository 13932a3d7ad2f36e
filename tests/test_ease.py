"""EASE: the closed form against a brute-force per-column ridge regression, memory refusal,
recency weighting at scoring time, explanations."""

import numpy as np
import pytest
import scipy.sparse as sp
from references import brute_force_ease

from core.errors import ModelError
from core.interactions import Interactions
from core.models import create_model
from core.models.ease import EASE, ease_weights, inverse_memory_gb


def _tiny() -> Interactions:
    rng = np.random.default_rng(3)
    dense = (rng.random((9, 6)) < 0.45).astype(float)
    dense[0, :2] = 1
    rows, cols = np.nonzero(dense)
    return Interactions.from_codes(
        [f"u{k}" for k in range(9)], [f"i{k}" for k in range(6)], rows, cols,
        timestamps=rng.permutation(len(rows)))


@pytest.mark.parametrize("lam", [0.5, 3.0, 40.0])
@pytest.mark.parametrize("tile", [1, 4, 512])  # the weights made in 21, 3 and 1 tiles
def test_weights_equal_the_brute_force_constrained_ridge_solution(monkeypatch, lam, tile):
    from core.models import ease as ease_module

    monkeypatch.setattr(ease_module, "WEIGHTS_TILE", tile)
    data = _tiny()
    x = data.matrix.toarray()
    left = []
    got = ease_weights(data.matrix, lam, on_left=left.append)
    np.testing.assert_allclose(got, brute_force_ease(x, lam), atol=1e-10)
    assert got.dtype == np.float64 and got.flags.c_contiguous
    # after the factor, then from the tiles' pace; the last says nothing is left
    assert len(left) >= 2 and left[-1] == 0.0 and all(x >= 0 for x in left)
    np.testing.assert_allclose(ease_weights(data.matrix, lam, dtype=np.float32),
                               brute_force_ease(x, lam), atol=1e-6)


def test_scores_are_the_row_times_the_weights_and_recommend_ranks_them():
    data = _tiny()
    model = EASE(l2=2.0).fit(data)
    x = data.matrix.toarray()
    expected = x @ brute_force_ease(x, 2.0)
    got = model.score_rows(data.matrix, np.arange(data.n_users))
    np.testing.assert_allclose(got, expected, atol=1e-5)
    recs = model.recommend(data, "u0", k=3)
    unseen = np.flatnonzero(x[0] == 0)
    best = unseen[np.argsort(-expected[0, unseen], kind="stable")][:3]
    assert [r.item for r in recs] == [f"i{j}" for j in best][: len(recs)]
    assert all(r.explanation is not None and r.explanation.text for r in recs)


def test_recency_weights_the_row_at_scoring_time():
    data = _tiny()
    plain = EASE(l2=2.0).fit(data)
    recent = EASE(l2=2.0, recency=1.0).fit(data)
    np.testing.assert_allclose(recent.weights, plain.weights)  # learning ignores recency
    u = 0
    row = data.matrix[u]
    ts = data.timestamps[data.matrix.indptr[u]:data.matrix.indptr[u + 1]]
    later = np.array([(np.unique(ts) > t).sum() for t in ts])
    w = np.zeros(data.n_items)
    w[row.indices] = np.exp(-later / 1.0)
    np.testing.assert_allclose(
        recent.score_rows(row, np.array([u]))[0], w @ plain.weights, rtol=1e-5, atol=1e-6)


def test_too_many_items_is_refused_with_the_memory_figure():
    n = 40_000
    data = Interactions.from_codes(["a"], [str(k) for k in range(n)], [0, 0], [0, n - 1])
    with pytest.raises(ModelError, match=r"40,000 × 40,000.*GB"):
        EASE(max_memory_gb=1.0).fit(data)
    assert inverse_memory_gb(n) == pytest.approx(2 * 8 * n * n / 1024**3)


def test_registry_creates_ease_and_bad_l2_is_refused():
    assert isinstance(create_model("ease"), EASE)
    with pytest.raises(ModelError, match="l2"):
        EASE(l2=0.0).fit(_tiny())


def test_fold_in_scores_a_user_unknown_at_fit():
    data = _tiny()
    model = EASE(l2=2.0).fit(data)
    row = sp.csr_matrix(([1.0, 1.0], ([0, 0], [1, 4])), shape=(1, data.n_items))
    expected = row.toarray() @ model.weights
    np.testing.assert_allclose(model.score_rows(row, np.array([-1])), expected, rtol=1e-6)


def test_stop_during_the_inverse_is_honoured_before_it_ends(monkeypatch):
    """The inverse is LAPACK calls in a helper thread: a stop asked while they run returns at
    once."""
    import threading

    from core.errors import TrainingStopped
    from core.models import ease as ease_module

    release, started = threading.Event(), threading.Event()
    asked: list = []

    def slow_inverse(matrix, l2, gram, on_left=None, dtype=np.float64, out=None, stop=None):
        asked.append(stop)
        started.set()
        release.wait(30)
        return np.zeros_like(gram)

    monkeypatch.setattr(ease_module, "ease_weights", slow_inverse)
    try:
        with pytest.raises(TrainingStopped):
            EASE().fit(_tiny(), on_progress=lambda event: started.is_set())
        assert not release.is_set()  # returned while the inverse was still running
        assert asked[0]() is True  # and the abandoned inverse is told to end at its next block
    finally:
        release.set()


def test_an_abandoned_weights_pass_ends_at_its_next_tile_column():
    from core.models.ease import _weights_from_lower
    from core.models.spd_inverse import InverseStopped

    asked = []

    def stop():
        asked.append(True)
        return len(asked) > 2

    inverse = np.eye(1600) * 2.0  # four tile columns of 512
    with pytest.raises(InverseStopped):
        _weights_from_lower(inverse, np.float32, stop=stop)
    assert len(asked) == 3  # two tile columns done, then stopped


def test_fit_with_progress_gives_the_same_weights_as_without():
    data = _tiny()
    quiet = EASE(l2=3.0).fit(data)
    polled = EASE(l2=3.0).fit(data, on_progress=lambda event: False)
    np.testing.assert_array_equal(quiet.weights, polled.weights)


@pytest.mark.parametrize("entries, budget", [(11, None), (44, None), (10**6, None),
                                             (10**6, 1e-8), (10**6, 1e-6)])
def test_item_gram_in_parts_equals_the_whole_product(monkeypatch, entries, budget):
    """Parts of one row (11 entries of 11 columns), four rows, everything at once; parts cut by a
    GIL budget (1e-8 s: ~2 multiply-adds each, so one row per part)."""
    from core import gil_budget
    from core.models import ease as ease_module

    monkeypatch.setattr(ease_module, "GRAM_PART_ENTRIES", entries)
    monkeypatch.setattr(gil_budget, "_call_seconds", budget)
    x = sp.random(23, 11, density=0.3, random_state=4, format="csr")
    fractions: list[float] = []
    gram = ease_module.item_gram(x, on_part=fractions.append)
    np.testing.assert_allclose(gram, (x.T @ x).toarray(), rtol=1e-12, atol=1e-12)
    cost = ease_module.sparse_cost(sp.csr_matrix(x.T), x) + ease_module.DENSE_ENTRY_COST * 11
    parts = ease_module._gram_parts(cost, 11)
    assert len(fractions) == len(parts)
    assert fractions == sorted(fractions) and fractions[-1] == pytest.approx(1.0)
    assert [p[0] for p in parts[1:]] == [p[1] for p in parts[:-1]]  # contiguous, complete
    assert parts[0][0] == 0 and parts[-1][1] == 11
    expected = {11: 11, 44: 3, 10**6: 1}[entries] if budget is None else None
    if expected is not None:
        assert len(parts) == expected
    if budget == 1e-8:
        assert len(parts) == 11


def test_item_gram_leaves_its_input_alone():
    x = sp.csr_matrix((np.ones(3), np.array([1, 1, 0]), np.array([0, 2, 3])), shape=(2, 3))
    before = (x.data.copy(), x.indices.copy(), x.indptr.copy())
    from core.models.ease import item_gram

    gram = item_gram(x)
    assert gram[1, 1] == 4.0  # the duplicate entry (user 0, item 1) counts as the value 2
    for got, was in zip((x.data, x.indices, x.indptr), before, strict=True):
        np.testing.assert_array_equal(got, was)


def test_stop_while_the_memory_is_written_keeps_nothing(monkeypatch):
    from core import touched_memory
    from core.errors import TrainingStopped

    monkeypatch.setattr(touched_memory, "PART_BYTES", 64)  # 8 float64 a part
    stages = []

    def on_progress(event):
        stages.append(event.message)
        return event.message == "EASE: memory for the item matrices" and event.fraction > 0.3

    model = EASE()
    with pytest.raises(TrainingStopped):
        model.fit(_tiny(), on_progress=on_progress)
    assert "EASE: item Gram matrix" not in stages
    assert getattr(model, "weights", None) is None


def test_stop_between_gram_parts_returns_none(monkeypatch):
    from core.models import ease as ease_module

    monkeypatch.setattr(ease_module, "GRAM_PART_ENTRIES", 11 * 5)  # five rows a part
    asked = []
    x = sp.random(23, 11, density=0.3, random_state=4, format="csr")
    assert ease_module.item_gram(x, lambda: asked.append(1) or len(asked) >= 2) is None
    assert len(asked) == 2


def test_fit_reports_the_gram_by_parts_then_the_inverse_with_an_eta_from_its_blocks(monkeypatch):
    from core.models import ease as ease_module
    from core.models import spd_inverse as spd_module

    monkeypatch.setattr(ease_module, "GRAM_PART_ENTRIES", 6)  # one row of 6 items a part
    routine = spd_module._routine

    def slow_lauum(*args):  # the poller sees blocks done while the last stage runs
        import time

        time.sleep(0.35)
        return routine("dlauum")(*args)

    monkeypatch.setattr(spd_module, "_routine",
                        lambda name: slow_lauum if name == "dlauum" else routine(name))
    events = []
    EASE(l2=3.0).fit(_tiny(), on_progress=lambda e: events.append(e) and False)
    memory = [e for e in events if e.message == "EASE: memory for the item matrices"]
    gram = [e for e in events if e.message == "EASE: item Gram matrix"]
    assert memory and memory[-1].fraction == pytest.approx(1.0)
    assert events.index(memory[-1]) < events.index(gram[0])  # written before the arithmetic
    assert len(gram) == 6 and gram[-1].fraction == pytest.approx(1.0)
    assert [e.fraction for e in gram] == sorted(e.fraction for e in gram)
    inverse = [e for e in events if e.message == "EASE: item × item inverse"]
    timed = [e for e in inverse if e.eta is not None]
    assert timed, "no ETA while the inverse from the factor ran"
    assert all(0.0 <= e.fraction <= 1.0 for e in timed)
    assert all(e.eta >= 0.0 for e in timed)
