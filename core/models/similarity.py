"""Row-to-row similarities for neighbourhood models, computed in batches over sparse rows.

Every function compares *query rows* with *reference rows* that share a column space (users over
items for user-kNN, items over users for item-kNN). Nothing dense larger than
``batch × n_reference`` is ever built.

- ``cosine``: a·b / (‖a‖ ‖b‖) (scikit-learn's ``cosine_similarity`` on sparse input).
- ``jaccard``: |a ∩ b| / |a ∪ b| on the stored entries (values ignored).
- ``pearson``: cosine after subtracting, from every stored rating, the mean of the ratings of the
  user who gave it (see ``center_by_user``). That is Pearson correlation for user-kNN and the
  "adjusted cosine" for item-kNN; it only makes sense for explicit ratings.

Then, with ``overlap`` = number of shared stored entries:
``shrinkage`` multiplies by overlap / (overlap + shrinkage) (distrusts similarities built on few
shared entries) and pairs with overlap < ``min_overlap`` get 0.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import numpy as np
import scipy.sparse as sp

SimilarityName = Literal["cosine", "jaccard", "pearson"]
Neighbourhood = Literal["top-k", "reverse", "mutual"]
SIMILARITIES: tuple[str, ...] = ("cosine", "jaccard", "pearson")
NEIGHBOURHOODS: tuple[str, ...] = ("top-k", "reverse", "mutual")


def center_by_user(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """Users × items ratings with each user's mean rating subtracted from their stored entries.

    Entries equal to their user's mean become explicit zeros (kept, so overlaps still count them).
    """
    m = sp.csr_matrix(matrix, dtype=np.float64, copy=True)
    counts = np.diff(m.indptr)
    sums = np.add.reduceat(m.data, m.indptr[:-1]) if m.nnz else np.zeros(m.shape[0])
    means = np.where(counts > 0, sums / np.maximum(counts, 1), 0.0)
    m.data -= np.repeat(means, counts)
    return m


def _binary(m: sp.csr_matrix) -> sp.csr_matrix:
    b = sp.csr_matrix(m, dtype=np.float64, copy=True)
    b.data = np.ones_like(b.data)
    return b


def similarities(
    queries: sp.csr_matrix,
    reference: sp.csr_matrix,
    similarity: SimilarityName = "cosine",
    *,
    shrinkage: float = 0.0,
    min_overlap: int = 1,
) -> np.ndarray:
    """Dense (n_queries × n_reference) similarities; rows must already be centred for pearson.

    Pairs with no shared entry are always 0.
    """
    # scikit-learn is imported here, not at module level: it costs seconds at app start-up.
    from sklearn.metrics.pairwise import cosine_similarity
    from sklearn.utils.extmath import safe_sparse_dot

    if similarity not in SIMILARITIES:
        raise ValueError(f"unknown similarity {similarity!r}; choose one of {SIMILARITIES}")
    need_overlap = similarity == "jaccard" or shrinkage > 0 or min_overlap > 1
    overlap = None
    if need_overlap:
        qb, rb = _binary(queries), _binary(reference)
        overlap = np.asarray(safe_sparse_dot(qb, rb.T, dense_output=True), dtype=np.float64)
    if similarity == "jaccard":
        q_n = np.diff(qb.indptr).astype(np.float64)
        r_n = np.diff(rb.indptr).astype(np.float64)
        union = q_n[:, None] + r_n[None, :] - overlap
        return _adjust(np.divide(overlap, union, out=np.zeros_like(overlap), where=union > 0),
                       overlap, shrinkage, min_overlap)
    sims = cosine_similarity(
        sp.csr_matrix(queries, dtype=np.float64), sp.csr_matrix(reference, dtype=np.float64),
        dense_output=True,
    )
    return _adjust(np.asarray(sims, dtype=np.float64), overlap, shrinkage, min_overlap)


def _adjust(
    sims: np.ndarray, overlap: np.ndarray | None, shrinkage: float, min_overlap: int
) -> np.ndarray:
    if overlap is None:  # no shared entry means a zero dot product already
        return sims
    sims[overlap < max(min_overlap, 1)] = 0.0
    if shrinkage > 0:
        sims *= overlap / (overlap + shrinkage)
    return sims


def keep_top_k(sims: np.ndarray, k: int) -> sp.csr_matrix:
    """Sparse copy of ``sims`` keeping only each row's ``k`` largest positive entries."""
    n_rows, n_cols = sims.shape
    if k < n_cols:
        cols = np.argpartition(-sims, k - 1, axis=1)[:, :k]
    else:
        cols = np.broadcast_to(np.arange(n_cols), (n_rows, n_cols))
    vals = np.take_along_axis(sims, cols, axis=1)
    keep = vals > 0
    indptr = np.concatenate([[0], np.cumsum(keep.sum(axis=1))])
    out = sp.csr_matrix((vals[keep], cols[keep], indptr), shape=sims.shape)
    out.sort_indices()
    return out


def kth_largest(sims: np.ndarray, k: int) -> np.ndarray:
    """Each row's ``k``-th largest positive similarity (0 when the row has fewer than ``k``)."""
    pos = np.where(sims > 0, sims, 0.0)
    if k > pos.shape[1]:
        return np.zeros(pos.shape[0])
    return -np.partition(-pos, k - 1, axis=1)[:, k - 1]


def select_neighbours(
    sims: np.ndarray, k: int, neighbourhood: Neighbourhood, thresholds: np.ndarray | None = None
) -> sp.csr_matrix:
    """Sparse neighbour weights from a dense batch of similarities (self-pairs already zeroed).

    - ``top-k``: each query keeps its own ``k`` most similar references.
    - ``reverse``: a query keeps reference ``v`` when the query would be among ``v``'s own ``k``
      most similar, i.e. sim ≥ ``thresholds[v]`` (``v``'s k-th largest similarity at fit time).
      Popular "hub" references that are near everyone stop dominating every neighbourhood.
    - ``mutual``: both of the above.
    """
    if neighbourhood not in NEIGHBOURHOODS:
        raise ValueError(f"unknown neighbourhood {neighbourhood!r}; choose one of {NEIGHBOURHOODS}")
    if neighbourhood == "top-k":
        return keep_top_k(sims, k)
    if thresholds is None:
        raise ValueError(f"{neighbourhood!r} neighbourhoods need the references' thresholds")
    reverse = sp.csr_matrix(np.where((sims > 0) & (sims >= thresholds[None, :]), sims, 0.0))
    if neighbourhood == "reverse":
        return reverse
    return sp.csr_matrix(reverse.multiply(keep_top_k(sims, k) > 0))


def batches(n: int, batch_size: int) -> Iterator[np.ndarray]:
    for start in range(0, n, batch_size):
        yield np.arange(start, min(n, start + batch_size))
