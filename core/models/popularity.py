"""Popularity baseline: every user gets the items most users have interacted with."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from core.interactions import Interactions
from core.models.base import Explanation, ModelConfig, Recommender
from core.progress import ProgressCallback


@dataclass
class PopularityConfig(ModelConfig):
    """Popularity has nothing to tune; the score of an item is its number of users."""


class Popularity(Recommender):
    """Scores each item by how many training users have it (values and ratings ignored)."""

    name = "popularity"
    Config = PopularityConfig

    def _fit(self, data: Interactions, on_progress: ProgressCallback | None) -> None:
        self.counts = np.bincount(data.matrix.indices, minlength=data.n_items).astype(np.float64)

    def state_arrays(self) -> dict[str, np.ndarray]:
        return {"counts": self.counts}

    def restore_state(self, arrays: dict[str, np.ndarray]) -> None:
        self.counts = _vector(arrays["counts"], len(self.item_ids), "counts")

    def score_rows(self, rows: sp.csr_matrix, user_indices: np.ndarray) -> np.ndarray:
        return np.tile(self.counts, (rows.shape[0], 1))

    def explain(self, row: sp.csr_matrix, user_index: int, item_index: int) -> Explanation:
        n = int(self.counts[item_index])
        return Explanation("popularity", (), f"popular with {n} user{'s' if n != 1 else ''}")


def _vector(value: object, n: int, name: str) -> np.ndarray:
    """A saved 1-D float array of length ``n`` (``ValueError`` otherwise)."""
    array = np.asarray(value)
    if array.shape != (n,) or not np.issubdtype(array.dtype, np.number):
        raise ValueError(f"{name} has shape {array.shape}, expected ({n},)")
    return array.astype(np.float64)
