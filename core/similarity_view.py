"""A small, dense similarity matrix of users or items, for drawing as a heatmap.

On large data only the ``max_n`` most active users (or most popular items) are kept — a random
sample of a sparse table is mostly zeros — with ties broken by a seeded shuffle. The kept rows are
then ordered by hierarchical clustering so that groups of similar users/items sit together.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import scipy.sparse as sp
from scipy.cluster.hierarchy import leaves_list, linkage
from scipy.spatial.distance import squareform

from core.interactions import Interactions
from core.models.similarity import similarities

Axis = Literal["users", "items"]


def similarity_sample(
    data: Interactions, axis: Axis = "users", max_n: int = 200, seed: int = 0,
    *, order: bool = True,
) -> tuple[list[str], np.ndarray]:
    """(ids, dense cosine similarities) of at most ``max_n`` users or items of ``data``.

    ``sim[a, b]`` is the cosine of the two rows (users) or columns (items) of the stored values;
    the diagonal is 1 for any non-empty row, 0 for an empty one. ``order`` reorders the ids by
    average-linkage clustering on 1 - similarity.
    """
    if axis not in ("users", "items"):
        raise ValueError(f"axis must be 'users' or 'items', got {axis!r}")
    if max_n < 1:
        raise ValueError(f"max_n must be at least 1, got {max_n}")
    matrix = sp.csr_matrix(data.matrix if axis == "users" else data.matrix.T, dtype=np.float64)
    ids = data.user_ids if axis == "users" else data.item_ids
    n = matrix.shape[0]
    if n > max_n:
        counts = np.diff(matrix.indptr)
        shuffled = np.random.default_rng(seed).permutation(n)
        by_activity = shuffled[np.argsort(-counts[shuffled], kind="stable")]
        keep = np.sort(by_activity[:max_n])
    else:
        keep = np.arange(n)
    rows = matrix[keep]
    sim = similarities(rows, rows, "cosine")
    if order and len(keep) > 2:
        dist = np.clip(1.0 - sim, 0.0, None)
        np.fill_diagonal(dist, 0.0)
        dist = (dist + dist.T) / 2
        perm = leaves_list(linkage(squareform(dist, checks=False), method="average"))
        keep, sim = keep[perm], sim[np.ix_(perm, perm)]
    return [ids[i] for i in keep], sim
