"""Model registry: the one place a model is added (its module + one ``ModelInfo`` here).

The GUI form (modes, labels, help), the CLI's ``--model`` choices, the persistence tests and the
neural list all read ``MODELS``. Classes are imported on first use (``model_class``), so that
importing ``core`` stays light; TensorFlow loads only when a neural model is constructed.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Literal

from core.models.base import Explanation, ModelConfig, Recommendation, Recommender

Family = Literal["baseline", "cf", "content", "hybrid", "neural"]

# How the GUI groups models, in this order (a family without models is not shown).
FAMILIES: dict[str, str] = {
    "cf": "Collaborative filtering",
    "neural": "Neural",
    "content": "Content-based",
    "hybrid": "Hybrid",
    "baseline": "Baseline",
}


@dataclass(frozen=True)
class ModelInfo:
    """What the app needs to know about a model before importing it."""

    name: str  # registry key, also ``Recommender.name`` and the CLI's --model value
    target: str  # "module:Class"
    label: str  # short name shown in the form
    summary: str  # one sentence for a user: what it recommends
    family: Family
    neural: bool  # imports TensorFlow when constructed
    needs_timestamps: bool = False
    loss_per_epoch: bool = False  # reports a training loss per epoch / iteration (neural: always)
    validation_loss: bool = False  # with validation on, also the loss on the held-out items


_ENTRIES = [
    ModelInfo("item-knn", "core.models.knn:ItemKNN", "Item-based kNN",
              "Recommends items similar to the ones the user already has.", "cf", False),
    ModelInfo("user-knn", "core.models.knn:UserKNN", "User-based kNN",
              "Recommends what the most similar users have.", "cf", False),
    ModelInfo("mlp", "core.models.neural.mlp:MLPRecommender", "MLP (Mult-DAE)",
              "A neural network reads the user's whole row and predicts the rest "
              "(folds in edits without retraining).", "neural", True, validation_loss=True),
    ModelInfo("neumf", "core.models.neural.neumf:NeuMFRecommender", "NeuMF",
              "Learns an embedding per user and per item (edits need a retrain).", "neural",
              True, validation_loss=True),
    ModelInfo("popularity", "core.models.popularity:Popularity", "Most popular items",
              "Recommends the items most users have — the baseline to beat.", "baseline",
              False),
    ModelInfo("ease", "core.models.ease:EASE", "EASE",
              "Learns item-to-item weights in one closed-form step (Steck 2019): a strong, "
              "simple baseline.", "cf", False),
    ModelInfo("als", "core.models.als:ALS", "Matrix factorisation (ALS)",
              "Learns a vector per user and per item whose dot products rebuild the table "
              "(implicit ALS, Hu et al. 2008).", "cf", False, loss_per_epoch=True),
    ModelInfo("content", "core.models.content:ContentBased", "Content-based",
              "Recommends items whose genres, tags and title words match what the user likes; "
              "works for items nobody has touched yet.", "content", False),
    ModelInfo("hybrid", "core.models.hybrid:Hybrid", "CF + content blend",
              "Blends EASE's scores with content-based ones (α sets the mix); new items are "
              "ranked by their content.", "hybrid", False),
    ModelInfo("caser", "core.models.neural.caser:CaserRecommender", "Caser (CNN over the "
              "sequence)", "A convolutional network reads the user's last items in order and "
              "predicts the next one (needs timestamps).", "neural", True,
              needs_timestamps=True),
]
MODELS: dict[str, ModelInfo] = {info.name: info for info in _ENTRIES}
NEURAL_MODELS = frozenset(name for name, info in MODELS.items() if info.neural)
# models whose training draws a loss curve (the training view's plots)
LOSS_CURVE_MODELS = frozenset(name for name, info in MODELS.items()
                              if info.neural or info.loss_per_epoch)
# models that plot a validation loss beside the training loss (Caser validates by HR/NDCG only)
VALIDATION_LOSS_MODELS = frozenset(name for name, info in MODELS.items() if info.validation_loss)


def model_info(name: str) -> ModelInfo:
    try:
        return MODELS[name]
    except KeyError:
        raise ValueError(f"unknown model {name!r}; choose one of {', '.join(MODELS)}") from None


def model_class(name: str) -> type[Recommender]:
    """The model's class (imports its module; constructing a neural one loads TensorFlow)."""
    module, _, cls = model_info(name).target.partition(":")
    return getattr(importlib.import_module(module), cls)


def create_model(name: str, **params: Any) -> Recommender:
    """A new, untrained model; ``params`` are fields of the model's Config (validated)."""
    return model_class(name)(**params)


__all__ = [
    "FAMILIES", "MODELS", "NEURAL_MODELS", "Explanation", "ModelConfig", "ModelInfo",
    "Recommendation", "Recommender", "create_model", "model_class", "model_info",
]
