"""What every neural recommender shares: TensorFlow loading, the validation hold-out, the
training-loop wiring with early stopping, and the saved state (the network's weights).

A subclass supplies

- ``_build()``: create ``self.network`` (a Keras model) for ``len(self.user_ids)`` users and
  ``len(self.item_ids)`` items, seeded by ``config.seed``;
- ``_training_plan(data, train, train_timestamps)``: its batches over ``train`` (the training
  matrix without the validation hold-out), its compiled train step and how it scores the
  validation users (``TrainingPlan``);
- optionally ``_extra_state()`` / ``_restore_extra(arrays)`` for arrays beside the weights.

The config must have ``epochs``, ``seed``, ``validation``, ``patience`` and ``monitor`` (see
``core.models.neural.config``). The loop itself (progress, stop, early stopping, NaN) is
``core.models.neural.training.run_training``.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import scipy.sparse as sp

from core.errors import ModelError
from core.interactions import Interactions
from core.models.base import ModelConfig, Recommender
from core.models.neural.backend import load_tensorflow
from core.models.neural.training import (
    TargetRanks,
    TrainingResult,
    holdout_last,
    prepare_or_stop,
    run_training,
    validation_subset,
)
from core.progress import ProgressCallback


@dataclass
class TrainingPlan:
    """How one model trains: ``batches(epoch)`` → (batch argument tuples, count), the compiled
    ``step(*batch)`` → loss, and (with validation) ``validation_scores(users)`` → dense scores
    of those training users against every item, as seen without their held-out item."""

    batches: Callable[[int], tuple[Iterable[Sequence[Any]], int]]
    step: Callable[..., Any]
    # ``validation_scores(users, poll)``: None when ``poll()`` (asked between scoring batches)
    # says stop.
    validation_scores: Callable[[np.ndarray, Callable[[], bool]], np.ndarray | None] | None = None
    # Compiles/traces ``step`` (and the scoring function) without changing any weight; run by
    # ``run_training`` in a helper thread so that Stop stays prompt meanwhile.
    warm_up: Callable[[], object] | None = None
    # (scores of the validation users, their indices, their held-out items) → the training
    # loss's data term on the hold-out; reported each epoch as ``Progress.val_loss``.
    validation_loss: Callable[[np.ndarray, np.ndarray, np.ndarray], float] | None = None


class KeptWeights:
    """The network's weights copied into arrays kept for the whole fit: ``take()`` overwrites
    them with the current weights and returns them (so only the latest taken weights can be
    restored, which is all early stopping needs).

    Why: Keras's ``get_weights()`` returns new arrays, and new memory is slow to write the
    first time (on the benchmark machine ~150 ms for the MLP's 96 MB on the 20,000-item long
    tail, against ~23 ms into arrays written before), once per improving epoch."""

    def __init__(self, network: Any):
        self.network = network
        self.arrays: list[np.ndarray] | None = None

    def take(self) -> list[np.ndarray]:
        if self.arrays is None:
            self.arrays = self.network.get_weights()
        else:
            for array, weight in zip(self.arrays, self.network.weights, strict=True):
                np.copyto(array, _current_value(weight))
        return self.arrays


def _current_value(weight: Any) -> np.ndarray:
    """A Keras variable's value as numpy: the TensorFlow variable's own ``numpy()`` (~23 ms
    for 96 MB here, where ``np.asarray`` of the Keras variable made a new copy: ~110 ms)."""
    value = getattr(weight, "value", weight)
    return value.numpy() if hasattr(value, "numpy") else np.asarray(value)


class NeuralRecommender(Recommender):
    """Base of the Keras recommenders; see the module docstring."""

    label: ClassVar[str] = "neural model"  # used in progress and error messages
    # "Train on N % of users": the hold-out is drawn from every user first, then each subclass
    # learns only from ``trained_users`` (so the validation set does not shrink).
    subsamples_itself: ClassVar[bool] = True

    def __init__(self, config: ModelConfig | None = None, **params: Any):
        super().__init__(config, **params)
        load_tensorflow()  # constructing a neural model is where TensorFlow loads
        self.network: Any = None
        self.training_result: TrainingResult | None = None

    # -- to implement -----------------------------------------------------------------------------

    @abstractmethod
    def _build(self) -> None:
        """Create ``self.network`` for the current ``user_ids`` × ``item_ids``."""

    @abstractmethod
    def _training_plan(
        self, data: Interactions, train: sp.csr_matrix, train_timestamps: np.ndarray | None
    ) -> TrainingPlan:
        """Batches and step over ``train`` (the training matrix without the held-out items)."""

    def _extra_state(self) -> dict[str, np.ndarray | sp.csr_matrix]:
        return {}

    def _restore_extra(self, arrays: dict[str, np.ndarray | sp.csr_matrix]) -> None:
        """Read back what ``_extra_state`` gave (the network is already restored)."""

    # -- shared -----------------------------------------------------------------------------------

    def _fit(self, data: Interactions, on_progress: ProgressCallback | None) -> None:
        cfg: Any = self.config

        def prepare() -> tuple[Any, TrainingPlan, sp.csr_matrix]:
            self._build()
            holdout = None
            if cfg.validation:
                holdout = holdout_last(self.train_matrix, data.timestamps, cfg.seed)
                if len(holdout.users) == 0:
                    holdout = None
            train = holdout.train if holdout is not None else self.train_matrix
            train_ts = holdout.timestamps if holdout is not None else data.timestamps
            return holdout, self._training_plan(data, train, train_ts), train

        # Building the network the first time takes a second or more: stay stoppable meanwhile
        # (stopped then, there is nothing to keep: TrainingStopped).
        holdout, plan, train = prepare_or_stop(prepare, on_progress, "building the network",
                                               self.label)
        evaluate = None
        if holdout is not None and plan.validation_scores is not None:
            val = validation_subset(holdout, cfg.seed)
            ranks = TargetRanks(train[val.users], val.items)
            scores, loss = plan.validation_scores, plan.validation_loss

            def evaluate(poll: Callable[[], bool]) -> dict[str, float] | None:
                found = scores(val.users, poll)
                if found is None:
                    return None
                metrics = ranks.metrics(found)
                if loss is not None:
                    metrics["val_loss"] = loss(found, val.users, val.items)
                return metrics

        net = self.network
        kept = KeptWeights(net)
        self.training_result = run_training(
            n_epochs=cfg.epochs, batches=plan.batches, train_step=plan.step,
            get_weights=kept.take, set_weights=net.set_weights, evaluate=evaluate,
            monitor=cfg.monitor, patience=cfg.patience, on_progress=on_progress, name=self.label,
            warm_up=plan.warm_up,
        )

    def _require_network(self) -> Any:
        if self.network is None:
            raise ModelError("the model is not trained yet")
        return self.network

    def state_arrays(self) -> dict[str, np.ndarray | sp.csr_matrix]:
        """The network's weights as ``w0``, ``w1``, ... plus the subclass's extra arrays."""
        state: dict[str, np.ndarray | sp.csr_matrix] = {
            f"w{k}": w for k, w in enumerate(self._require_network().get_weights())
        }
        state.update(self._extra_state())
        return state

    def restore_state(self, arrays: dict[str, np.ndarray | sp.csr_matrix]) -> None:
        self._build()
        expected = len(self.network.get_weights())
        missing = [f"w{k}" for k in range(expected) if f"w{k}" not in arrays]
        if missing:
            raise ValueError(f"the saved weights lack {', '.join(missing)}")
        self.network.set_weights([np.asarray(arrays[f"w{k}"]) for k in range(expected)])
        self._restore_extra(arrays)
