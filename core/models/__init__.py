"""Model registry. Classes are imported on first use so that TensorFlow loads only for neural
models."""

from __future__ import annotations

import importlib
from typing import Any

from core.models.base import Explanation, ModelConfig, Recommendation, Recommender

MODELS: dict[str, str] = {
    "popularity": "core.models.popularity:Popularity",
    "user-knn": "core.models.knn:UserKNN",
    "item-knn": "core.models.knn:ItemKNN",
    "mlp": "core.models.neural.mlp:MLPRecommender",
    "neumf": "core.models.neural.neumf:NeuMFRecommender",
    "ease": "core.models.ease:EASE",
    "als": "core.models.als:ALS",
    "content": "core.models.content:ContentBased",
    "hybrid": "core.models.hybrid:Hybrid",
    "caser": "core.models.neural.caser:CaserRecommender",
}
NEURAL_MODELS = frozenset({"mlp", "neumf", "caser"})
NEEDS_TIMESTAMPS = frozenset({"caser"})  # models that read the order of a user's items


def model_class(name: str) -> type[Recommender]:
    try:
        target = MODELS[name]
    except KeyError:
        raise ValueError(f"unknown model {name!r}; choose one of {', '.join(MODELS)}") from None
    module, _, cls = target.partition(":")
    return getattr(importlib.import_module(module), cls)


def create_model(name: str, **params: Any) -> Recommender:
    """A new, untrained model; ``params`` are fields of the model's Config."""
    return model_class(name)(**params)


__all__ = [
    "MODELS", "NEEDS_TIMESTAMPS", "NEURAL_MODELS", "Explanation", "ModelConfig", "Recommendation",
    "Recommender",
    "create_model", "model_class",
]
