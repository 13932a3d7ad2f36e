"""Neural recommenders: determinism, stop requests, fold-in, NaN handling, lazy TensorFlow."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

import core.models.neural.neumf as neumf_module
from core.errors import ModelError, TrainingDiverged
from core.interactions import Interactions
from core.models import create_model
from core.models.neural.neumf import padded_batches, sample_negatives
from core.models.neural.training import holdout_last, rank_metrics

ROOT = Path(__file__).resolve().parents[1]


def _table(n_users: int = 40, n_items: int = 30, seed: int = 0) -> Interactions:
    """Two taste groups (even/odd items) with timestamps, so there is something to learn."""
    rng = np.random.default_rng(seed)
    users, items, ts = [], [], []
    for u in range(n_users):
        group = np.arange(u % 2, n_items, 2)
        for t, i in enumerate(rng.choice(group, 6, replace=False)):
            users.append(f"u{u}")
            items.append(f"i{i}")
            ts.append(t)
    return Interactions.from_triples(users, items, None, ts)


SMALL = {
    "mlp": dict(hidden=(16,), epochs=3, batch_size=8, patience=2),
    "neumf": dict(
        gmf_size=4, mlp_size=4, hidden=(8,), epochs=3, batch_size=64, patience=2, validation=True
    ),
}


@pytest.fixture(scope="module")
def data() -> Interactions:
    return _table()


@pytest.mark.parametrize("name", ["mlp", "neumf"])
def test_same_seed_gives_same_scores_and_other_seed_differs(name, data):
    users = np.arange(data.n_users)
    scores = []
    for seed in (3, 3, 4):
        model = create_model(name, seed=seed, **SMALL[name]).fit(data)
        scores.append(model.score_rows(data.matrix, users))
    np.testing.assert_array_equal(scores[0], scores[1])
    assert not np.array_equal(scores[0], scores[2])
    assert scores[0].shape == (data.n_users, data.n_items)


def test_neumf_first_epoch_drawn_beside_the_compile_fails_loudly(monkeypatch, data):
    """The first epoch's rows are drawn in a thread while the step compiles: an error there
    reaches the caller (drawing again later would succeed here, with other draws)."""
    calls = []
    draw = neumf_module.sample_negatives

    def broken_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise ModelError("cannot draw negatives")
        return draw(*args, **kwargs)

    monkeypatch.setattr(neumf_module, "sample_negatives", broken_once)
    with pytest.raises(ModelError, match="cannot draw negatives"):
        create_model("neumf", **{**SMALL["neumf"], "validation": False}).fit(data)


@pytest.mark.parametrize("name", ["mlp", "neumf"])
def test_progress_events_and_stop_request_at_batch_two(name, data):
    events = []

    def on_progress(event):
        events.append(event)
        return event.kind == "batch" and event.batch == 2

    model = create_model(name, **SMALL[name]).fit(data, on_progress)
    batch_events = [e for e in events if e.kind == "batch"]
    assert len(batch_events) == 2  # stopped right after the second batch
    assert all(np.isfinite(e.loss) and e.elapsed >= 0 for e in batch_events)
    assert model.training_result.stopped
    recs = model.recommend(data, "u0", k=5)
    assert len(recs) == 5 and all(np.isfinite(r.score) for r in recs)


@pytest.mark.parametrize("name", ["mlp", "neumf"])
def test_epoch_events_carry_validation_metrics_and_best_weights_are_kept(name, data):
    epochs = []
    params = {**SMALL[name], "epochs": 4, "patience": 10}
    model = create_model(name, **params).fit(
        data, lambda e: epochs.append(e) if e.kind == "epoch" else None
    )
    assert [e.epoch for e in epochs] == [1, 2, 3, 4]
    assert all(set(e.metrics) == {"HR@10", "NDCG@10"} for e in epochs)
    result = model.training_result
    best = max(range(4), key=lambda k: (epochs[k].metrics["NDCG@10"], -k))
    assert result.best_epoch == best + 1
    assert result.best_metrics == epochs[best].metrics


def test_mlp_learns_the_two_groups(data):
    model = create_model("mlp", hidden=(32,), epochs=40, batch_size=8, validation=False)
    model.fit(data)
    recs = model.recommend(data, "u0", k=5)
    assert all(int(r.item[1:]) % 2 == 0 for r in recs)  # u0 likes even items


def test_mlp_folds_in_a_new_user_without_retraining(data):
    model = create_model("mlp", hidden=(32,), epochs=40, batch_size=8, validation=False)
    model.fit(data)
    edited = data.copy()
    edited.add_user("newbie")
    for item in ("i1", "i3", "i5"):
        edited.set_cell("newbie", item, 1.0)
    recs = model.recommend(edited, "newbie", k=5)
    assert {r.item for r in recs}.isdisjoint({"i1", "i3", "i5"})
    assert all(int(r.item[1:]) % 2 == 1 for r in recs)  # odd items, like the odd group
    why = recs[0].explanation
    assert why.kind == "items" and {i for i, _ in why.contributors} <= {"i1", "i3", "i5"}


def test_mlp_scores_recency_weighted_rows_by_hand():
    # u0: a at t=1, b and c together at t=4 (latest), d at t=2; u1: a at t=3, d at t=9
    table = Interactions.from_triples(
        ["u0"] * 4 + ["u1"] * 2, ["a", "b", "c", "d", "a", "d"], None, [1, 4, 4, 2, 3, 9]
    )
    model = create_model("mlp", hidden=(4,), epochs=1, batch_size=2, validation=False,
                         recency=2.0).fit(table)
    col = {item: j for j, item in enumerate(model.item_ids)}
    e = np.exp
    expected = np.zeros((3, 4), np.float32)
    for item, w in {"a": e(-1.0), "b": 1.0, "c": 1.0, "d": e(-0.5)}.items():
        expected[0, col[item]] = w
    expected[1, col["a"]], expected[1, col["d"]] = e(-0.5), 1.0
    expected[2, col["a"]] = expected[2, col["d"]] = 1.0  # u1's row scored as a new user
    expected /= np.linalg.norm(expected, axis=1, keepdims=True)
    rows = table.matrix[[0, 1, 1]]
    got = model.score_rows(rows, np.array([0, 1, -1]))
    np.testing.assert_allclose(got, model._logits(expected), rtol=1e-5, atol=1e-6)
    assert not np.allclose(got[1], got[2])
    flat = create_model("mlp", hidden=(4,), epochs=1, batch_size=2, validation=False,
                        recency=0.0).fit(table)
    np.testing.assert_allclose(flat.score_rows(rows, np.array([0, 1, -1]))[1:],
                               flat._logits(expected[[2, 2]]), rtol=1e-5, atol=1e-6)


def test_neumf_refuses_a_new_user_and_asks_to_retrain(data):
    model = create_model("neumf", **SMALL["neumf"]).fit(data)
    edited = data.copy()
    edited.add_user("newbie")
    edited.set_cell("newbie", "i1", 1.0)
    with pytest.raises(ModelError, match="retrain"):
        model.recommend(edited, "newbie")
    why = model.recommend(data, "u0", k=1)[0].explanation
    assert why.kind == "embedding" and len(why.contributors) == 3


@pytest.mark.parametrize("name", ["mlp", "neumf"])
def test_diverging_training_raises_training_diverged(name):
    values = np.ones(12)
    values[5] = np.inf  # used as a weight with use_ratings=True -> infinite loss
    users = [f"u{k % 4}" for k in range(12)]
    items = [f"i{k}" for k in range(12)]
    table = Interactions.from_triples(users, items, values)
    model = create_model(name, **{**SMALL[name], "validation": False, "use_ratings": True})
    with pytest.raises(TrainingDiverged, match="diverged"):
        model.fit(table)
    assert not model.is_fitted


def test_holdout_last_takes_the_latest_item_per_user():
    m = sp.csr_matrix(np.array([[1, 1, 1, 0], [0, 1, 0, 0], [1, 0, 0, 1]], dtype=np.float32))
    ts = np.array([5, 9, 1, 3, 7, 2])  # row 0: items 0,1,2; row 1: item 1; row 2: items 0,3
    h = holdout_last(m, ts)
    assert h.users.tolist() == [0, 2] and h.items.tolist() == [1, 0]
    assert h.train.toarray().tolist() == [[1, 0, 1, 0], [0, 1, 0, 0], [0, 0, 0, 1]]


def test_rank_metrics_by_hand():
    scores = np.array([[0.9, 0.8, 0.1, 0.5], [0.1, 0.2, 0.3, 0.4]])
    seen = sp.csr_matrix(np.array([[1, 0, 0, 0], [0, 0, 0, 0]]))
    # row 0: seen item 0 masked, target 3 ranks behind item 1 -> rank 1; row 1: target 0 rank 3
    got = rank_metrics(scores, seen, np.array([3, 0]), k=2)
    assert got["HR@2"] == pytest.approx(0.5)
    assert got["NDCG@2"] == pytest.approx((1 / np.log2(3)) / 2)


@pytest.mark.parametrize("marked_cells", [1 << 26, 0], ids=["marked", "searched"])
def test_sampled_negatives_avoid_the_users_items(monkeypatch, marked_cells):
    monkeypatch.setattr(neumf_module, "MARKED_CELLS", marked_cells)
    m = sp.csr_matrix(np.array([[1, 1, 1, 0, 0], [0, 0, 1, 1, 1]], dtype=np.float32))
    users = np.repeat([0, 1], 200)
    items = sample_negatives(m, users, np.random.default_rng(0))
    assert set(items[users == 0]) == {3, 4}
    assert set(items[users == 1]) == {0, 1}


def test_sampled_negatives_are_the_same_draws_marked_or_searched(monkeypatch):
    """Both ways of testing a draw against the positives keep the same draws, so a seed gives
    the same negatives on a table small enough to mark and on one that is not."""
    rng = np.random.default_rng(3)
    m = sp.random(300, 80, density=0.3, format="csr", random_state=rng)
    users = rng.integers(0, 300, 5000)
    got = []
    for cells in (1 << 26, 0):
        monkeypatch.setattr(neumf_module, "MARKED_CELLS", cells)
        got.append(sample_negatives(m, users, np.random.default_rng(7)))
    np.testing.assert_array_equal(got[0], got[1])
    assert not m[users, got[0]].any()  # none of them is a positive


@pytest.mark.parametrize("n_rows", [8, 9, 12])
def test_padded_batches_cover_every_row_once_in_equal_batches(n_rows):
    order = np.random.default_rng(1).permutation(n_rows)
    got = list(padded_batches(order, 4))
    assert len(got) == -(-n_rows // 4)
    assert all(len(idx) == 4 and len(mask) == 4 for idx, mask in got)
    real = np.concatenate([idx[mask == 1] for idx, mask in got])
    np.testing.assert_array_equal(real, order)  # every row once, in order, the rest masked
    last_idx, last_mask = got[-1]
    assert last_mask.sum() == n_rows - 4 * (len(got) - 1)
    assert set(last_idx[last_mask == 0]) <= set(order)


def _modules_after(code: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", code + "; import sys; print('tensorflow' in sys.modules)"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    return out.stdout.strip().splitlines()[-1]


def test_load_tensorflow_imports_keras_and_leaves_the_collector_on_with_imports_frozen():
    code = (
        "import gc, sys\n"
        "from core.models.neural.backend import load_tensorflow\n"
        "load_tensorflow()\n"
        "maps = open('/proc/self/maps').read() if sys.platform.startswith('linux') else ''\n"
        "print('keras' in sys.modules, gc.isenabled(), gc.get_freeze_count() > 1000,\n"
        "      'libtensorflow_cc' in maps or not maps)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    assert out.stdout.split() == ["True", "True", "True", "True"]


def test_importing_the_neural_package_does_not_import_tensorflow_but_a_model_does():
    assert _modules_after("import core.models.neural, core.persistence") == "False"
    assert _modules_after("from core.models import create_model; create_model('mlp')") == "True"


def test_kept_weights_reuse_their_arrays_and_hold_the_latest_take():
    from core.models.neural.base import KeptWeights

    model = create_model("mlp", hidden=(4,), seed=3)
    model.item_ids = [str(j) for j in range(6)]
    model._build()
    net = model.network
    kept = KeptWeights(net)
    first = kept.take()
    start = [a.copy() for a in first]
    net.set_weights([w + 1.0 for w in start])
    second = kept.take()
    assert second is first and all(a is b for a, b in zip(first, second, strict=True))
    for a, w in zip(second, start, strict=True):
        np.testing.assert_array_equal(a, w + 1.0)
    net.set_weights([w * 0 for w in start])
    net.set_weights(second)  # what early stopping does with the best epoch's weights
    for a, w in zip(net.get_weights(), start, strict=True):
        np.testing.assert_array_equal(a, w + 1.0)
