"""MLP recommender: Mult-DAE (Liang et al., "Variational Autoencoders for Collaborative
Filtering", WWW 2018), the seed article's "row → Dense → softmax over items" made correct.

A user's row (binary unless ``use_ratings``) is L2-normalised, dropped out (training only),
passed through tanh hidden layer(s) and mapped to one logit per item. The loss is the
multinomial log-likelihood ``-sum(x * log_softmax(logits))`` per user (mean over the batch) plus
L2 weight decay on the kernels. Scoring feeds the *current* row through the network, so a user
added or edited after training is scored without retraining (fold-in).

Explanation: gradient × input — for the recommended item's logit, the gradient with respect to
the (normalised) input row times that row; the user's items with the largest positive
contributions are the ones that pushed the item up. One ``GradientTape`` pass per explanation.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import scipy.sparse as sp

from core.errors import ModelError
from core.interactions import Interactions
from core.models.base import Explanation, Recommender
from core.models.neural.config import MLPConfig
from core.models.neural.training import (
    TrainingResult,
    check_finite,
    holdout_last,
    rank_metrics,
    run_training,
    validation_subset,
)
from core.progress import ProgressCallback

SCORE_BATCH = 1024


class MLPRecommender(Recommender):
    """Mult-DAE over user rows; supports fold-in. See the module docstring."""

    name: ClassVar[str] = "mlp"
    Config = MLPConfig
    supports_fold_in: ClassVar[bool] = True
    config: MLPConfig

    def __init__(self, config: MLPConfig | None = None, **params: Any):
        super().__init__(config, **params)
        import keras  # noqa: F401  (constructing a neural model is where TensorFlow loads)

        self.network = None
        self.training_result: TrainingResult | None = None

    # -- network --------------------------------------------------------------------------------

    def _build(self, n_items: int) -> None:
        import keras

        cfg = self.config
        inputs = keras.Input((n_items,), dtype="float32")
        h = inputs
        for k, size in enumerate(cfg.hidden):
            h = keras.layers.Dense(
                size, activation="tanh", name=f"hidden_{k}",
                kernel_initializer=keras.initializers.GlorotUniform(seed=cfg.seed * 101 + k),
            )(h)
        out = keras.layers.Dense(
            n_items, name="logits",
            kernel_initializer=keras.initializers.GlorotUniform(seed=cfg.seed * 101 + 99),
        )(h)
        self.network = keras.Model(inputs, out, name="mult_dae")
        self._predict = None

    def _input(self, rows: sp.csr_matrix) -> np.ndarray:
        """Dense float32 rows, binary unless ``use_ratings``, L2-normalised."""
        x = rows.toarray().astype(np.float32)
        if not self.config.use_ratings:
            x = (x != 0).astype(np.float32)
        with np.errstate(invalid="ignore", over="ignore"):  # inf ratings: caught as divergence
            norm = np.linalg.norm(x, axis=1, keepdims=True)
            return x / np.maximum(norm, 1e-12)

    def _logits(self, x: np.ndarray) -> np.ndarray:
        import tensorflow as tf

        if self._predict is None:
            net = self.network
            self._predict = tf.function(
                lambda v: net(v, training=False),
                input_signature=[tf.TensorSpec((None, x.shape[1]), tf.float32)],
            )
        return self._predict(tf.constant(x)).numpy()

    # -- training -------------------------------------------------------------------------------

    def _fit(self, data: Interactions, on_progress: ProgressCallback | None) -> None:
        import keras
        import tensorflow as tf

        cfg = self.config
        matrix = self.train_matrix
        n_items = matrix.shape[1]
        self._build(n_items)
        net = self.network
        holdout = None
        if cfg.validation:
            holdout = holdout_last(matrix, data.timestamps, cfg.seed)
            if len(holdout.users) == 0:
                holdout = None
        train = holdout.train if holdout is not None else matrix
        users = np.flatnonzero(np.diff(train.indptr) > 0)
        if len(users) == 0:
            raise ModelError("no user has an interaction to train on")
        target_m = train.copy()
        if not cfg.use_ratings:
            target_m.data = np.ones_like(target_m.data)
        rng = np.random.default_rng(cfg.seed)
        optimizer = keras.optimizers.Adam(learning_rate=cfg.learning_rate)
        kernels = [w for w in net.trainable_variables if "kernel" in w.path]
        l2 = float(cfg.l2)

        spec = tf.TensorSpec((None, n_items), tf.float32)

        @tf.function(input_signature=[spec, spec])
        def step(x_in: tf.Tensor, target: tf.Tensor) -> tf.Tensor:
            with tf.GradientTape() as tape:
                logits = net(x_in, training=True)
                nll = -tf.reduce_mean(
                    tf.reduce_sum(tf.nn.log_softmax(logits) * target, axis=1)
                )
                loss = nll + l2 * tf.add_n([tf.reduce_sum(tf.square(w)) for w in kernels])
            grads = tape.gradient(loss, net.trainable_variables)
            optimizer.apply_gradients(zip(grads, net.trainable_variables, strict=True))
            return loss

        keep = 1.0 - cfg.dropout
        n_batches = -(-len(users) // cfg.batch_size)

        def batches(epoch: int):
            order = rng.permutation(users)

            def gen():
                for s in range(0, len(order), cfg.batch_size):
                    idx = order[s:s + cfg.batch_size]
                    x = self._input(train[idx])
                    if cfg.dropout > 0:
                        x = x * (rng.random(x.shape, dtype=np.float32) < keep) / keep
                    yield tf.constant(x), tf.constant(target_m[idx].toarray())

            return gen(), n_batches

        evaluate = None
        if holdout is not None:
            val = validation_subset(holdout, cfg.seed)
            seen = train[val.users]

            def evaluate() -> dict[str, float]:
                scores = self._score_dense(seen)
                return rank_metrics(scores, seen, val.items)

        self.training_result = run_training(
            n_epochs=cfg.epochs, batches=batches, train_step=step,
            get_weights=net.get_weights, set_weights=net.set_weights, evaluate=evaluate,
            monitor=cfg.monitor, patience=cfg.patience, on_progress=on_progress, name="MLP",
        )

    # -- scoring --------------------------------------------------------------------------------

    def _score_dense(self, rows: sp.csr_matrix) -> np.ndarray:
        out = np.empty(rows.shape, dtype=np.float32)
        for s in range(0, rows.shape[0], SCORE_BATCH):
            out[s:s + SCORE_BATCH] = self._logits(self._input(rows[s:s + SCORE_BATCH]))
        return out

    def score_rows(self, rows: sp.csr_matrix, user_indices: np.ndarray) -> np.ndarray:
        if self.network is None:
            raise ModelError("the model is not trained yet")
        return check_finite(self._score_dense(sp.csr_matrix(rows)), "MLP")

    def explain(self, row: sp.csr_matrix, user_index: int, item_index: int) -> Explanation:
        import tensorflow as tf

        row = sp.csr_matrix(row)
        items = row.indices
        if len(items) == 0:
            return Explanation("items", (), "You have no items yet; this is a popular choice.")
        x = tf.constant(self._input(row))
        with tf.GradientTape() as tape:
            tape.watch(x)
            logit = self.network(x, training=False)[0, item_index]
        contrib = (tape.gradient(logit, x).numpy() * x.numpy())[0, items]
        order = np.argsort(-contrib, kind="stable")[:3]
        top = tuple(
            (self.item_ids[items[j]], float(contrib[j])) for j in order if contrib[j] > 0
        )
        if not top:
            return Explanation("items", (), "No single item of yours stands out for this one.")
        names = ", ".join(item for item, _ in top)
        return Explanation("items", top, f"Mostly because you have {names}.")

    # -- persistence ----------------------------------------------------------------------------

    def get_state(self) -> dict[str, np.ndarray]:
        if self.network is None:
            raise ModelError("the model is not trained yet")
        return {f"w{k}": w for k, w in enumerate(self.network.get_weights())}

    def set_state(self, state: dict[str, np.ndarray]) -> None:
        self._build(len(self.item_ids))
        weights = [state[f"w{k}"] for k in range(len(state))]
        self.network.set_weights(weights)
