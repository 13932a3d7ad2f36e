"""Caser: learns a sequential pattern, explains with the preceding items in order, refuses data
without timestamps, keeps its scores through save/load."""

import contextlib

import numpy as np
import pytest

from core.errors import ModelError
from core.interactions import Interactions
from core.models import create_model
from core.persistence import load_model, save_model

# Learning rate 1e-2: at 5e-3, Adam on the summed gradients (``FusedAdam``) stops early on this
# toy at epoch 8 with 15 of 40 users right; at 1e-2, 37 of 40
SMALL = dict(length=3, embedding=8, horizontal=4, vertical=2, epochs=25, batch_size=64,
             learning_rate=1e-2, dropout=0.0)


def _cycles(n_users: int = 40, n_items: int = 12, length: int = 8, seed: int = 0) -> Interactions:
    """Every user walks the items in the cycle 0 → 1 → … → 11 → 0 from a random start: the next
    item is fully determined by the last one, and no order-free signal tells which it is."""
    rng = np.random.default_rng(seed)
    users, items, ts = [], [], []
    for u in range(n_users):
        start = rng.integers(n_items)
        for t in range(length):
            users.append(f"u{u}")
            items.append(f"i{(start + t) % n_items}")
            ts.append(t)
    return Interactions.from_triples(users, items, None, ts)


@pytest.fixture(scope="module")
def trained():
    data = _cycles()
    return data, create_model("caser", **SMALL).fit(data)


def test_caser_predicts_the_next_item_of_the_cycle(trained):
    data, model = trained
    hits = 0
    ptr = data.matrix.indptr
    for u in range(data.n_users):
        cols = data.matrix.indices[ptr[u]:ptr[u + 1]]
        latest = data.item_ids[cols[np.argmax(data.timestamps[ptr[u]:ptr[u + 1]])]]
        expected = f"i{(int(latest[1:]) + 1) % data.n_items}"
        hits += model.recommend(data, f"u{u}", k=1, explain=False)[0].item == expected
    assert hits / data.n_users > 0.8


def test_explanation_names_preceding_items_in_time_order(trained):
    data, model = trained
    rec = model.recommend(data, "u0", k=1)[0]
    why = rec.explanation
    assert why.kind == "sequence" and why.text.startswith("after ")
    seq = [model.item_ids[j] for j in model.sequences[0]]
    named = [item for item, _ in why.contributors]
    assert named and all(item in seq for item in named)
    assert [seq.index(i) for i in named] == sorted(seq.index(i) for i in named)


def test_save_and_load_keep_the_scores(trained, tmp_path):
    data, model = trained
    loaded = load_model(save_model(model, tmp_path / "caser.zip"))
    users = np.arange(data.n_users)
    np.testing.assert_allclose(loaded.score_rows(data.matrix, users),
                               model.score_rows(data.matrix, users), rtol=1e-5, atol=1e-5)


def test_refuses_data_without_timestamps_and_new_users():
    data = Interactions.from_triples(["a", "a", "b", "b"], ["x", "y", "x", "z"])
    with pytest.raises(ModelError, match="no timestamps"):
        create_model("caser", **SMALL).fit(data)
    timed = _cycles(n_users=6)
    model = create_model("caser", **{**SMALL, "epochs": 1}).fit(timed)
    with pytest.raises(ModelError, match="retrain"):
        model.score_rows(timed.matrix[:1], np.array([-1]))


def test_stop_while_the_step_compiles_is_honoured_before_any_batch():
    """The XLA step compiles in a helper thread (seconds) while Stop is polled."""
    from core.errors import TrainingStopped

    seen = []

    def on_progress(event):
        seen.append(event.message)
        return event.message == "compiling the training step"

    with contextlib.suppress(TrainingStopped):
        create_model("caser", **SMALL).fit(_cycles(), on_progress=on_progress)
    assert "compiling the training step" in seen
    assert not any(m.startswith("epoch") or "batch" in m for m in seen)


def test_the_warm_up_changes_no_weight(monkeypatch):
    """Compiling runs the real step once with its gradients scaled by 0: every weight and
    Adam's step count stay as built."""
    from core.models.neural import base

    class Seen(Exception):
        pass

    def fake_training(*, get_weights, warm_up, **_kwargs):
        before = [w.copy() for w in get_weights()]
        warm_up()
        raise Seen(before, get_weights())

    monkeypatch.setattr(base, "run_training", fake_training)
    with pytest.raises(Seen) as seen:
        create_model("caser", **SMALL).fit(_cycles())
    before, after = seen.value.args
    assert len(before) == len(after) > 0
    for a, b in zip(before, after, strict=True):
        np.testing.assert_array_equal(a, b)
