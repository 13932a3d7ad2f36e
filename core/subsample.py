"""The "train on N % of users" knob, shared by every model.

``set_user_fraction(model, fraction, seed)`` makes ``model.fit(data)`` learn from a seeded
``fraction`` (0.1-1) of the users who have interactions; the other users' rows are left out of
learning only. The model still keeps the whole table as ``train_matrix`` (so evaluation, fold-in
and the evaluator's "fitted on split.train" check are unchanged) and scores every user from their
row. Neural models hold out their validation items from *all* users before the subsample is
applied, so the validation set does not shrink with the knob (``Recommender.trained_users``).
"""

from __future__ import annotations

import numpy as np

from core.interactions import Interactions

MIN_FRACTION = 0.1
USER_FRACTION = "user_fraction"  # the knob's key in a params dict (GUI, sweeps)


def chosen_users(data: Interactions, fraction: float, seed: int = 0) -> np.ndarray:
    """Boolean mask over users: a seeded ``round(fraction × active users)`` (at least 1) of the
    users with at least one interaction."""
    check_fraction(fraction)
    active = np.flatnonzero(np.diff(data.matrix.indptr) > 0)
    mask = np.zeros(data.n_users, dtype=bool)
    if fraction >= 1.0:
        mask[active] = True
        return mask
    n = max(1, round(fraction * len(active))) if len(active) else 0
    mask[np.random.default_rng(seed).choice(active, n, replace=False)] = True
    return mask


def subsample_users(data: Interactions, fraction: float, seed: int = 0) -> Interactions:
    """``data`` with the rows of the users not chosen emptied (same users and items index)."""
    mask = chosen_users(data, fraction, seed)
    rows = np.repeat(np.arange(data.n_users), np.diff(data.matrix.indptr))
    return data.filter_entries(mask[rows])


def set_user_fraction(model: object, fraction: float, seed: int = 0) -> None:
    """Make ``model`` learn from ``fraction`` of the users at its next ``fit``."""
    check_fraction(fraction)
    model.user_fraction = float(fraction)
    model.user_fraction_seed = int(seed)


def check_fraction(fraction: float) -> None:
    if not MIN_FRACTION <= fraction <= 1.0:
        raise ValueError(
            f"train on % of users: must be between {MIN_FRACTION:.0%} and 100%, "
            f"got {fraction:.0%}"
        )


def build_model(name: str, params: dict) -> object:
    """``create_model(name, **params)``, where an optional "user_fraction" entry (0.1-1) sets the
    "train on N % of users" knob (seeded by the params' "seed", 0 without one)."""
    from core.models import create_model

    params = dict(params)
    fraction = float(params.pop(USER_FRACTION, 1.0))
    model = create_model(name, **params)
    if fraction < 1.0:
        set_user_fraction(model, fraction, seed=int(params.get("seed", 0) or 0))
    return model
