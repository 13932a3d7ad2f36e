"""Typed configs of the neural models; their defaults reach the ML-100K targets of issue 3.

Shared fields:

- ``validation``: hold out each training user's latest item (by timestamp; a seeded random item
  when the data has no timestamps) and score it after every epoch — HR@10 and NDCG@10 by full
  ranking among the user's unseen items. Early stopping watches ``monitor`` with ``patience``
  epochs and restores the best weights. The held-out items are not trained on.
- ``use_ratings``: explicit ratings are treated as implicit interactions (every stored cell is 1)
  unless this is True, in which case the stored value weights the cell (MLP: the input and the
  multinomial target are the ratings; NeuMF: a positive's BCE weight is its rating).
- ``seed``: fixes initialisation, shuffling, dropout and negative sampling (see ``training``).
- ``recency`` (tau; 0 = off; needs timestamps): a user's entries are weighted exp(-r / tau), r =
  how many distinct later timestamps the user has (``core.models.recency``). Leave-last-out tests
  the user's *next* item, and the latest items predict it best. MLP: the input row is weighted
  (and, with ``recency_target``, the multinomial target too); scoring uses the weights stored at
  fit for a training user's items, 1 for items added since and for users unknown at fit. NeuMF:
  each positive's BCE weight is multiplied by its recency weight (negatives keep weight 1).
  On ML-100K leave-last-out (seed 0) tau = 5 took MLP from HR@10 0.135 / NDCG@10 0.078 to
  0.182 / 0.098 and NeuMF from 0.117 / 0.064 to 0.150 / 0.080.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from core.interactions import Interactions
from core.models.base import ModelConfig
from core.models.neural.precision import Precision
from core.models.params import param

Monitor = Literal["NDCG@10", "HR@10"]
SEED_MAX = 2**31 - 1
TINY_NNZ, LARGE_NNZ = 5_000, 2_000_000  # table sizes whose suggested settings differ
# A wide, sparse catalogue (at least this many items, under this density): the MLP is suggested
# WIDE_LEARNING_RATE. Its items have few users each (4-6 on the generated long-tail, planted and
# events shapes, ~60 on ML-100K) and it reached its best validation epoch in ~10 epochs instead
# of ~20, with the same test accuracy over seeds 0-2: long tail HR@10 / NDCG@10 0.1115 / 0.0685
# (0.1103 / 0.0682 at 1e-3), events 0.180 / 0.103 (0.180 / 0.104), planted 0.081 / 0.052
# (0.080 / 0.052). On ML-100K 2e-3 cost accuracy (0.175 / 0.094 against 0.181 / 0.097), so the
# default stays 1e-3 (docs/BENCHMARKS.md).
WIDE_ITEMS, WIDE_DENSITY, WIDE_LEARNING_RATE = 10_000, 0.01, 2e-3
MONITOR_HELP = "Validation metric that picks the best epoch and drives early stopping."


def _hidden(default: tuple[int, ...]) -> tuple[int, ...]:
    return param(default, label="Hidden sizes", minimum=1, maximum=100_000,
                 help="Sizes of the hidden layers, comma separated, such as 64, 32.")


def _l2(default: float, what: str) -> float:
    return param(default, label="L2 penalty", minimum=0, maximum=10,
                 help=f"Penalty on large {what}; higher values give a simpler, smoother model.")


def _learning_rate(default: float) -> float:
    return param(default, label="Learning rate", minimum=0, maximum=10, exclusive_minimum=True,
                 log_scale=True,
                 help="Step size of the Adam optimiser; too high diverges, too low learns slowly.")


def _batch_size(default: int, what: str) -> int:
    return param(default, label="Batch size", minimum=1, maximum=1_000_000,
                 help=f"{what} per training step; larger is faster per epoch but learns less "
                      "per pass.")


def _epochs(default: int) -> int:
    return param(default, label="Epochs", minimum=1, maximum=10_000,
                 help="Maximum number of passes over the training data.")


def _seed() -> int:
    return param(0, label="Random seed", minimum=0, maximum=SEED_MAX,
                 help="Fixes the random initialisation and sampling so runs are repeatable.")


def _validation(default: bool) -> bool:
    return param(default, label="Validate each epoch",
                 help="Hold out each user's latest item and report HR@10/NDCG@10 after every "
                      "epoch, keeping the best epoch (the held-out items are not trained on).")


def _patience(default: int) -> int:
    return param(default, label="Patience", minimum=1, maximum=1000,
                 help="Stop after this many epochs without improvement on the validation metric.")


def _use_ratings() -> bool:
    return param(False, label="Use rating values",
                 help="Weight each interaction by its rating instead of treating it as 1.")


def _recency(default: float, what: str) -> float:
    return param(default, label="Recency decay", minimum=0, maximum=1e6,
                 help=f"How fast a user's older items lose weight in {what}: exp(-r / tau), r = "
                      "later timestamps (0 = all items count equally; needs timestamps).")


@dataclass
class MLPConfig(ModelConfig):
    """Mult-DAE: row → L2-normalise → dropout → tanh hidden layer(s) → one logit per item."""

    hidden: tuple[int, ...] = _hidden((600,))
    dropout: float = param(
        0.5, label="Dropout", minimum=0, maximum=1, exclusive_maximum=True,
        help="Share of the (normalised) input row randomly hidden during training, to avoid "
             "memorising.")
    l2: float = _l2(1e-4, "weights (sum of squared kernel weights)")
    learning_rate: float = _learning_rate(1e-3)
    batch_size: int = _batch_size(128, "Users")
    epochs: int = _epochs(100)
    seed: int = _seed()
    validation: bool = _validation(True)
    patience: int = _patience(10)
    monitor: Monitor = param("NDCG@10", label="Monitor", help=MONITOR_HELP)
    use_ratings: bool = _use_ratings()
    recency: float = _recency(5.0, "the input row")
    recency_target: bool = param(
        True, label="Recency-weighted target",
        help="Also weight the predicted items by recency, so recent ones count more.")
    precision: Precision = param(
        "auto", label="Training precision",
        help="Number format of the training step's large products: bfloat16 is about twice as "
             "fast on processors that have it (auto picks it there, float32 elsewhere), while "
             "weights, loss, validation and recommendations stay float32.")

    @classmethod
    def suggested(cls, data: Interactions) -> dict[str, Any]:
        if data.nnz < TINY_NNZ:
            return dict(hidden=(32,), epochs=60, batch_size=16, patience=20,
                        validation=data.n_users >= 50)
        if data.nnz > LARGE_NNZ:
            return dict(hidden=(200,), epochs=20, batch_size=512, patience=3)
        if is_wide_and_sparse(data):
            return dict(learning_rate=WIDE_LEARNING_RATE)
        return {}


def is_wide_and_sparse(data: Interactions) -> bool:
    """A catalogue of at least ``WIDE_ITEMS`` items filled under ``WIDE_DENSITY``."""
    cells = data.n_users * data.n_items
    return data.n_items >= WIDE_ITEMS and cells > 0 and data.nnz / cells < WIDE_DENSITY


@dataclass
class NeuMFConfig(ModelConfig):
    """NeuMF: GMF tower (element-wise product) + MLP tower over user/item embeddings."""

    gmf_size: int = param(
        16, label="GMF embedding size", minimum=1, maximum=4096,
        help="Length of the user and item vectors in the matrix-factorisation tower.")
    mlp_size: int = param(
        32, label="MLP embedding size", minimum=1, maximum=4096,
        help="Length of the user and item vectors (per side) fed to the MLP tower.")
    hidden: tuple[int, ...] = _hidden((64, 32, 16))
    l2: float = _l2(1e-6, "embeddings (those a batch touches, per row)")
    learning_rate: float = _learning_rate(2e-3)
    batch_size: int = _batch_size(4096, "(user, item) pairs")
    epochs: int = _epochs(15)
    negatives: int = param(
        4, label="Negatives per positive", minimum=1, maximum=100,
        help="Unseen items sampled as negatives for every positive interaction, resampled "
             "every epoch.")
    seed: int = _seed()
    # Off by default: the held-out item is then never trained on, and NeuMF cannot fold it back
    # in at scoring time (unlike MLP), which cost ~0.02 HR@10 on ML-100K leave-last-out.
    validation: bool = _validation(False)
    patience: int = _patience(4)
    monitor: Monitor = param("NDCG@10", label="Monitor", help=MONITOR_HELP)
    use_ratings: bool = _use_ratings()
    recency: float = _recency(5.0, "the loss (each positive's weight)")

    @classmethod
    def suggested(cls, data: Interactions) -> dict[str, Any]:
        if data.nnz < TINY_NNZ:
            return dict(gmf_size=8, mlp_size=8, hidden=(16, 8), batch_size=64, epochs=40,
                        patience=10, validation=data.n_users >= 50)
        if data.nnz > LARGE_NNZ:
            return dict(batch_size=8192, epochs=10, patience=2)
        return {}
