"""Validation loss, the "train on N % of users" knob and the overfitting / cure presets."""

import numpy as np
import pytest

from core.interactions import Interactions
from core.models import create_model
from core.models.neural.mlp import validation_nll
from core.models.neural.neumf import validation_bce
from core.presets import CURE, OVERFIT, PRESETS
from core.samples import load_sample, movie_night
from core.subsample import chosen_users, set_user_fraction, subsample_users


def test_validation_losses_by_hand():
    # softmax of [0, ln 3] = [1/4, 3/4]: -log(3/4) for item 1, -log(1/4) for item 0.
    logits = np.array([[0.0, np.log(3.0)], [0.0, np.log(3.0)]])
    assert validation_nll(logits, np.array([1, 0])) == pytest.approx(
        (-np.log(0.75) - np.log(0.25)) / 2)
    # BCE: positive logit 0 -> ln 2; negative logit ln 3 -> ln(1 + 3) = ln 4.
    assert validation_bce(np.array([0.0]), np.array([[np.log(3.0)]])) == pytest.approx(
        (np.log(2) + np.log(4)) / 2)


def test_chosen_users_are_seeded_and_skip_empty_rows():
    data = movie_night("small")
    a = chosen_users(data, 0.3, seed=1)
    assert a.sum() == round(0.3 * data.n_users)
    assert np.array_equal(a, chosen_users(data, 0.3, seed=1))
    assert not np.array_equal(a, chosen_users(data, 0.3, seed=2))
    sub = subsample_users(data, 0.3, seed=1)
    counts = np.diff(sub.matrix.indptr)
    assert np.array_equal(counts > 0, a) and sub.user_ids == data.user_ids
    with pytest.raises(ValueError, match="between 10% and 100%"):
        chosen_users(data, 0.05)


def test_knn_learns_from_the_fraction_but_scores_everyone():
    data = movie_night("small")
    model = create_model("item-knn", k=10)
    set_user_fraction(model, 0.2, seed=3)
    model.fit(data)
    reference = create_model("item-knn", k=10).fit(subsample_users(data, 0.2, seed=3))
    assert model.train_matrix.nnz == data.nnz  # the evaluator's check still holds
    rows = data.matrix[:5]
    assert np.allclose(model.score_rows(rows, np.arange(5)),
                       reference.score_rows(rows, np.arange(5)))


def fit_history(params, fraction=1.0, data=None):
    model = create_model("mlp", **params)
    if fraction < 1.0:
        set_user_fraction(model, fraction, seed=0)
    events = []
    model.fit(data if data is not None else load_sample(OVERFIT.sample),
              on_progress=lambda e: events.append(e) and None)
    return model.training_result.history, [e for e in events if e.kind == "epoch"]


def test_overfitting_preset_opens_a_gap_and_the_cure_closes_it():
    params = {**OVERFIT.params, "epochs": 12, "patience": 12}
    history, epochs = fit_history(params)
    assert all(e.val_loss is not None for e in epochs)
    assert [h["val_loss"] for h in history] == [e.val_loss for e in epochs]
    gap = [h["val_loss"] - h["loss"] for h in history]
    assert gap[-1] > gap[0] + 1.0  # validation loss pulls away from training loss
    assert history[-1]["loss"] < history[0]["loss"]
    cured, _ = fit_history({**CURE.params, "epochs": 12, "patience": 12})
    assert cured[-1]["val_loss"] - cured[-1]["loss"] < gap[-1] / 2
    assert set(PRESETS) == {"overfit", "cure"}


def test_default_mlp_loss_visibly_decreases_on_movie_night():
    history, _ = fit_history({"epochs": 15, "patience": 15})
    losses = [h["loss"] for h in history]
    assert losses[-1] < losses[0] - 0.3  # per-interaction loss, ~3.7 -> ~3.3 here


def test_fewer_users_keeps_the_validation_set():
    data = movie_night("small")
    seen = []

    import core.models.neural.base as neural_base

    original = neural_base.TargetRanks

    def spy(seen_rows, targets):
        seen.append(len(targets))
        return original(seen_rows, targets)

    mp = pytest.MonkeyPatch()
    mp.setattr(neural_base, "TargetRanks", spy)
    try:
        fit_history({"epochs": 1}, data=data)
        fit_history({"epochs": 1}, fraction=0.2, data=data)
    finally:
        mp.undo()
    assert seen[0] == seen[1] == data.n_users  # every Movie night user has >= 2 ratings


def test_neumf_user_fraction_and_val_loss():
    data = Interactions.from_codes(
        [f"u{i}" for i in range(30)], [f"i{j}" for j in range(20)],
        np.repeat(np.arange(30), 4), np.random.default_rng(0).integers(0, 20, 120),
        np.ones(120), np.arange(120),
    )
    model = create_model("neumf", epochs=2, validation=True, batch_size=64)
    set_user_fraction(model, 0.5)
    model.fit(data)
    assert all("val_loss" in h for h in model.training_result.history)


def test_caser_learns_from_the_chosen_users_only():
    data = movie_night("small")
    model = create_model("caser", epochs=1, validation=True)
    set_user_fraction(model, 0.5)
    model.fit(data)  # the hold-out (from every user) and the knob agree on the table
    assert model.trained_users.sum() == round(0.5 * data.n_users)
    assert model.training_result.epochs_run == 1
