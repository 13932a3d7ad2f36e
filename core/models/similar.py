"""Similar items and similar users under a trained model: ``model.similar_items(item, n)``.

Every model gets a default from its own representation and a better one where it has it:

- kNN (user- and item-based): the model's own similarity measure (cosine / jaccard / pearson, with
  its shrinkage and minimum overlap) between item columns or user rows of the training table —
  the full similarity, before the neighbourhood keeps only the top ``k``.
- Embedding models: cosine of the learned vectors. NeuMF: GMF and MLP item (user) embeddings side
  by side; MLP (Mult-DAE): the output layer's weight column of each item, and for users the last
  hidden layer's activation of their row; Caser: the output item embeddings its sequence
  vector is scored against, and its user embeddings. Any model with ``item_factors`` /
  ``user_factors`` arrays (matrix factorisation, ALS) uses those.
- Content models (an ``item_features`` or ``item_vectors`` matrix attribute): cosine of the
  items' feature vectors.
- Everything else (popularity, linear item-item models): cosine of the items' columns (users'
  rows) in the training table — "people who had this also had ...".

The mixin ``SimilarMixin`` puts ``similar_items`` / ``similar_users`` on ``Recommender``; the
functions below hold the logic so the representation can be reused (the embedding map).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import scipy.sparse as sp

from core.errors import ModelError

Side = Literal["items", "users"]


@dataclass(frozen=True)
class Representation:
    """How a model represents one side: a row per item (user) and the similarity used on rows.

    ``measure`` is "cosine" for vectors; for kNN models it is the model's configured similarity
    (``knn`` holds the model so its shrinkage and overlap rules apply).
    """

    vectors: np.ndarray | sp.csr_matrix
    label: str
    measure: str = "cosine"
    knn: Any = None


def _is_knn(model: Any) -> bool:
    return hasattr(model, "_sim_input") and hasattr(model.config, "similarity")


def _trained(model: Any) -> sp.csr_matrix:
    if getattr(model, "train_matrix", None) is None:
        raise ModelError("the model is not trained yet")
    return model.train_matrix


def _binary(m: sp.csr_matrix) -> sp.csr_matrix:
    b = sp.csr_matrix(m, dtype=np.float64, copy=True)
    b.data = np.ones_like(b.data)
    return b


def _mlp_hidden(model: Any, rows: sp.csr_matrix, users: np.ndarray) -> np.ndarray:
    """Activation of the MLP's last hidden layer for each row (its user representation)."""
    x = model._input(model._rows_in(rows, users))
    for layer in model.network.layers:
        if layer.name.startswith("hidden_"):
            x = np.asarray(layer(x))
    return np.asarray(x, dtype=np.float64)


def representation(model: Any, side: Side) -> Representation:
    """The model's own representation of ``side`` (see the module docstring)."""
    train = _trained(model)
    if side not in ("items", "users"):
        raise ValueError(f"side must be 'items' or 'users', got {side!r}")
    if _is_knn(model):
        rows = model._sim_input(train)
        vectors = sp.csr_matrix(rows.T) if side == "items" else sp.csr_matrix(rows)
        name = model.config.similarity
        what = "item columns" if side == "items" else "user rows"
        return Representation(vectors, f"{name} similarity of {what} ({model.name})", name, model)
    factors = getattr(model, "item_factors" if side == "items" else "user_factors", None)
    if factors is not None:
        return Representation(np.asarray(factors, np.float64), f"{model.name} {side[:-1]} factors")
    layers = getattr(model, "_layers", None)
    if layers is not None and "gmf_item" in layers:  # NeuMF
        prefix = "item" if side == "items" else "user"
        v = np.concatenate([np.asarray(layers[f"gmf_{prefix}"].embeddings),
                            np.asarray(layers[f"mlp_{prefix}"].embeddings)], axis=1)
        return Representation(v.astype(np.float64), f"NeuMF {prefix} embeddings (GMF + MLP)")
    out_emb = getattr(model, "_out_emb", None)
    if out_emb is not None and getattr(model, "network", None) is not None:  # Caser
        if side == "items":
            return Representation(np.asarray(out_emb.embeddings, dtype=np.float64),
                                  f"{model.name} output item embeddings")
        return Representation(np.asarray(model._user_emb.embeddings, dtype=np.float64),
                              f"{model.name} user embeddings")
    network = getattr(model, "network", None)
    if network is not None and hasattr(model, "_rows_in"):  # MLP (Mult-DAE)
        if side == "items":
            kernel = np.asarray(network.get_layer("logits").kernel, dtype=np.float64)
            return Representation(kernel.T, "MLP output-layer item vectors")
        users = np.arange(train.shape[0])
        return Representation(_mlp_hidden(model, train, users), "MLP hidden-layer user vectors")
    features = getattr(model, "item_features", None)
    if features is None and not callable(getattr(model, "item_vectors", None)):
        features = getattr(model, "item_vectors", None)  # content-based: a feature matrix
    if features is not None and side == "items":
        matrix = sp.csr_matrix(features) if sp.issparse(features) else np.asarray(features)
        return Representation(matrix, f"{model.name} content features")
    if side == "items":
        return Representation(sp.csr_matrix(_binary(train).T), "co-occurrence (item columns)")
    return Representation(_binary(train), "co-occurrence (user rows)")


def unit_rows(m: np.ndarray | sp.csr_matrix) -> np.ndarray | sp.csr_matrix:
    """Each row divided by its length (rows of length 0 stay 0)."""
    if sp.issparse(m):
        m = sp.csr_matrix(m, dtype=np.float64, copy=True)
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
        return sp.csr_matrix(sp.diags(scale) @ m)
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    return m / np.where(norms > 0, norms, 1.0)


def similarity_row(rep: Representation, index: int) -> np.ndarray:
    """Similarity of row ``index`` of ``rep`` to every row (itself included)."""
    if rep.knn is not None:
        from core.models.similarity import Reference

        cfg = rep.knn.config
        ref = Reference(rep.vectors, cfg.similarity, np.float64)
        sims = ref.similarities(rep.vectors[index], shrinkage=cfg.shrinkage,
                                min_overlap=cfg.min_overlap)
        return np.asarray(sims, dtype=np.float64)[0]
    unit = unit_rows(rep.vectors)
    row = unit[index]
    out = unit @ (row.T if sp.issparse(row) else row)
    out = out.toarray() if sp.issparse(out) else np.asarray(out)
    return np.asarray(out, dtype=np.float64).ravel()


def _rank(sims: np.ndarray, index: int, ids: list[str], n: int) -> list[tuple[str, float]]:
    sims = sims.copy()
    sims[index] = -np.inf
    order = np.argsort(-sims, kind="stable")
    keep = [j for j in order[:n + 1] if np.isfinite(sims[j]) and sims[j] != 0][:n]
    return [(ids[j], float(sims[j])) for j in keep]


def similar_items(model: Any, item: str, n: int = 10) -> list[tuple[str, float]]:
    """The ``n`` items most similar to ``item`` (id, similarity), best first; never ``item``.

    Items with similarity exactly 0 (nothing in common) are left out, so the list may be shorter.
    """
    _trained(model)
    try:
        index = model.item_ids.index(item)
    except ValueError:
        raise ModelError(f"item {item!r} is not in the model's training data") from None
    sims = similarity_row(representation(model, "items"), index)
    return _rank(sims, index, model.item_ids, n)


def similar_users(model: Any, user: str, n: int = 10) -> list[tuple[str, float]]:
    """The ``n`` users most similar to ``user`` (id, similarity), best first; never ``user``."""
    _trained(model)
    index = model.training_user_index(user)
    if index < 0:
        raise ModelError(f"user {user!r} is not in the model's training data")
    sims = similarity_row(representation(model, "users"), index)
    return _rank(sims, index, model.user_ids, n)


class SimilarMixin:
    """``similar_items`` / ``similar_users`` for every ``Recommender`` (see the module docs)."""

    def similar_items(self, item: str, n: int = 10) -> list[tuple[str, float]]:
        """The ``n`` items most like ``item`` under this model: (id, similarity), best first."""
        return similar_items(self, item, n)

    def similar_users(self, user: str, n: int = 10) -> list[tuple[str, float]]:
        """The ``n`` users most like ``user`` under this model: (id, similarity), best first."""
        return similar_users(self, user, n)

    def similarity_label(self, side: Side = "items") -> str:
        """How similarity is measured for ``side`` under this model, in words."""
        return representation(self, side).label
