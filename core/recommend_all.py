"""Top-k recommendations with their reasons for every user of a table: what the app's "Export
all users…" writes.

The users' rows are scored a batch at a time (one ``top_k_rows`` call per batch, as the command
line's ``recommend`` does), then each recommendation gets its reason (``explain``). One
``recommend`` call per user scored a single row at a time and built its item lookup anew: on the
shop shape (100,000 users × 50,000 items) that was ~3 ms a user before any reason, and the work
reported no progress and could not be stopped. Here progress is reported after every batch,
with an ETA (``core.progress_eta.StageTimer``), and a stop request ends the work between
batches.

Users a model without fold-in was not trained on (added to the table since) cannot be scored;
they are left out and counted.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from core.interactions import Interactions
from core.models.base import Recommendation, Recommender
from core.progress import ProgressCallback
from core.progress_eta import StageTimer

BATCH_USERS = 256  # users scored together (and explained) between two progress reports


@dataclass(frozen=True)
class EveryonesRecommendations:
    """Each scored user's list, in the table's user order, and the users left out."""

    lists: list[tuple[str, list[Recommendation]]]
    left_out: int = 0  # users a model without fold-in was not trained on


def scorable_users(model: Recommender, data: Interactions) -> list[str]:
    """The users of ``data`` that ``model`` can score: all with fold-in, else those it was
    trained on."""
    return [u for u in data.user_ids
            if model.supports_fold_in or model.training_user_index(u) >= 0]


def scored_batches(
    model: Recommender, data: Interactions, users: list[str], k: int,
    on_progress: ProgressCallback | None = None, batch_users: int = BATCH_USERS,
) -> Iterator[tuple[int, list[str], sp.csr_matrix, np.ndarray, np.ndarray, np.ndarray]]:
    """``(start, batch, rows, indices, items, scores)`` for ``users`` a batch at a time: their
    current rows (in ``model.item_ids``' order), training indices (-1: unknown at fit) and
    top-``k`` unseen items with scores. Progress with an ETA is reported after each batch has
    been used; when ``on_progress`` asks to stop, ``StopRecommending`` is raised there."""
    timer = StageTimer("recommending", on_progress)
    for start in range(0, len(users), batch_users):
        batch = users[start:start + batch_users]
        rows = data.row_vectors(batch, model.item_ids)
        indices = np.array([model.training_user_index(u) for u in batch], dtype=np.int64)
        items, scores = model.top_k_rows(rows, indices, k)
        yield start, batch, rows, indices, items, scores
        if timer.update((start + len(batch)) / len(users)):
            raise StopRecommending


class StopRecommending(Exception):
    """Raised out of ``scored_batches`` when the progress callback asked to stop."""


def recommend_everyone(
    model: Recommender, data: Interactions, k: int, *, explain: bool = True,
    on_progress: ProgressCallback | None = None, batch_users: int = BATCH_USERS,
) -> EveryonesRecommendations | None:
    """Top-``k`` recommendations (unseen items) for every user of ``data`` the model can score,
    from their current rows (fold-in); None when ``on_progress`` asked to stop."""
    users = scorable_users(model, data)
    lists: list[tuple[str, list[Recommendation]]] = []
    try:
        for _, batch, rows, indices, items, scores in scored_batches(
                model, data, users, k, on_progress, batch_users):
            for i, user in enumerate(batch):
                lists.append((user, model.recommendations(
                    data, rows[i], int(indices[i]), items[i], scores[i], explain=explain)))
    except StopRecommending:
        return None
    return EveryonesRecommendations(lists, data.n_users - len(users))
