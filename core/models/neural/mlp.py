"""MLP recommender: Mult-DAE (Liang et al., "Variational Autoencoders for Collaborative
Filtering", WWW 2018), the seed article's "row → Dense → softmax over items" made correct.

A user's row (binary unless ``use_ratings``) is L2-normalised, dropped out (training only),
passed through tanh hidden layer(s) and mapped to one logit per item. The loss is the
multinomial log-likelihood ``-sum(x * log_softmax(logits))`` per user (mean over the batch) plus
L2 weight decay on the kernels. The loss *reported* (progress, plots) is the data term per
interaction, ``-sum(x * log_softmax) / sum(x)`` averaged over the batch, without the L2 penalty:
its scale does not grow with how many items a user has, so learning stays readable, and the
validation loss — ``-log_softmax(logits)[held-out item]`` for each validation user, from their
training row without dropout — is the same quantity on the validation hold-out. Scoring feeds the
*current* row through the network, so a user added or edited after training is scored without
retraining (fold-in).

Recency (``recency`` > 0, data with timestamps): each entry of the row is multiplied by
exp(-r / tau) before normalising (r = the user's number of distinct later timestamps), and with
``recency_target`` the target is weighted the same way, so the network learns to reconstruct
what the user did last. Training uses weights computed without the validation hold-out; scoring
uses the weights of the whole training table, stored with the model (and saved with it). Items
added to a known user's row after fit, and every item of a user unknown at fit, weigh 1 (as the
latest interaction). See ``core.models.recency``.

Wide catalogues: rows stay sparse all the way into the network. Training batches and scoring
feed ``tf.SparseTensor`` rows through ``_forward_sparse``: the first layer is a sparse × dense
matmul (cost ∝ the batch's interactions, not batch × items) followed by the same layers as the
Keras model, whose dense forward pass it equals (tested). Dropout is applied to the stored
entries only (dropping a zero changes nothing). The output softmax stays full. The targets are
sparse batches too, the L2 penalty enters as its gradient only and Adam runs as one fused kernel
per variable (``core.models.neural.mlp_step``); validation ranks and its loss are computed without
float64 copies of the users × items scores. Together these halved an epoch on the 20,000-item
long-tail shape (docs/BENCHMARKS.md, part 'shapes'); what remains is mostly the output layer's
three batch × hidden × items products per step and scoring every item for validation. Where the
CPU multiplies bfloat16 natively, the training step runs those products in bfloat16 (config
``precision``, ``core.models.neural.precision``: the whole fit 61 → 52 s in one back-to-back pair on
the long tail); validation and scoring do not.

Explanation: gradient × input — for the recommended item's logit, the gradient with respect to
the (normalised) input row times that row; the user's items with the largest positive
contributions are the ones that pushed the item up. One ``GradientTape`` pass per explanation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import numpy as np
import scipy.sparse as sp

from core.errors import ModelError
from core.interactions import Interactions
from core.models.base import Explanation
from core.models.neural.base import NeuralRecommender, TrainingPlan
from core.models.neural.config import MLPConfig
from core.models.neural.mlp_step import make_step
from core.models.neural.precision import resolve
from core.models.neural.training import check_finite
from core.models.recency import recency_weights, row_recency

SCORE_BATCH = 1024
POLL_BATCH = 256  # rows scored between two stop checks during validation


class MLPRecommender(NeuralRecommender):
    """Mult-DAE over user rows; supports fold-in. See the module docstring."""

    name: ClassVar[str] = "mlp"
    label: ClassVar[str] = "MLP"
    Config = MLPConfig
    supports_fold_in: ClassVar[bool] = True
    config: MLPConfig

    def __init__(self, config: MLPConfig | None = None, **params: Any):
        super().__init__(config, **params)
        self._recency: sp.csr_matrix | None = None  # per training entry, see ``row_recency``
        self._predict: Any = None
        self.step_products = "float32"  # what ``precision`` resolved to at the last fit

    # -- network --------------------------------------------------------------------------------

    def _build(self) -> None:
        import keras

        cfg = self.config
        n_items = len(self.item_ids)
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

    def _weighted(self, rows: sp.csr_matrix, recency: sp.csr_matrix | None) -> sp.csr_matrix:
        """Rows as the network sees them before normalising: 1 (or the rating) × recency."""
        rows = sp.csr_matrix(rows, dtype=np.float32, copy=True)
        if not self.config.use_ratings:
            rows.data = (rows.data != 0).astype(np.float32)
        if recency is not None:
            rows = sp.csr_matrix(rows.multiply(recency), dtype=np.float32)
        return rows

    def _input(self, rows: sp.csr_matrix) -> np.ndarray:
        """Dense float32 rows of ``_weighted`` values, L2-normalised."""
        return self._sparse_input(rows).toarray()

    @staticmethod
    def _sparse_input(rows: sp.csr_matrix) -> sp.csr_matrix:
        """``_weighted`` rows L2-normalised, still sparse (float32)."""
        x = sp.csr_matrix(rows, dtype=np.float32, copy=True)
        with np.errstate(invalid="ignore", over="ignore"):  # inf ratings: caught as divergence
            sq = np.bincount(np.repeat(np.arange(x.shape[0]), np.diff(x.indptr)),
                             weights=x.data.astype(np.float64) ** 2, minlength=x.shape[0])
            norm = np.maximum(np.sqrt(sq), 1e-12).astype(np.float32)
            x.data /= np.repeat(norm, np.diff(x.indptr))
        return x

    @staticmethod
    def _to_tf_sparse(x: sp.csr_matrix) -> Any:
        import tensorflow as tf

        coo = x.tocoo()
        indices = np.stack([coo.row, coo.col], axis=1).astype(np.int64)
        return tf.SparseTensor(indices, coo.data.astype(np.float32), coo.shape)

    def _forward_sparse(self, x: Any, training: bool, products: str = "float32") -> Any:
        """The network on a ``tf.SparseTensor`` batch (rows in CSR order): the first Dense layer
        as a sparse × dense matmul, then the remaining layers as they are, or with their
        products in bfloat16 (``products``; ``core.models.neural.precision``)."""
        import tensorflow as tf

        layers = [layer for layer in self.network.layers if hasattr(layer, "kernel")]
        first = layers[0]
        h = first.activation(tf.sparse.sparse_dense_matmul(x, first.kernel) + first.bias)
        for layer in layers[1:]:
            if products == "bfloat16":
                z = tf.matmul(tf.cast(h, tf.bfloat16), tf.cast(layer.kernel, tf.bfloat16))
                h = layer.activation(tf.cast(z, tf.float32) + layer.bias)
            else:
                h = layer(h, training=training)
        return h

    def _logits(self, x: sp.csr_matrix) -> np.ndarray:
        """Logits of normalised input rows (sparse, or dense for a few rows)."""
        return self._logits_and_norms(x)[0]

    def _logits_and_norms(self, x: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
        """Logits of normalised input rows and each row's log-sum-exp (float32), from one
        compiled call: the validation loss needs both, and a separate pass over the users ×
        items logits cost ~0.1 s per epoch on the 20,000-item long tail."""
        import tensorflow as tf

        x = sp.csr_matrix(x, dtype=np.float32)
        if self._predict is None:
            def predict(v: Any) -> tuple[Any, Any]:
                z = self._forward_sparse(v, training=False)
                return z, tf.reduce_logsumexp(z, axis=1)

            self._predict = tf.function(
                predict, input_signature=[tf.SparseTensorSpec([None, x.shape[1]], tf.float32)])
        z, norms = self._predict(self._to_tf_sparse(x))
        return z.numpy(), norms.numpy()

    # -- training -------------------------------------------------------------------------------

    def _training_plan(
        self, data: Interactions, train: sp.csr_matrix, train_timestamps: np.ndarray | None
    ) -> TrainingPlan:
        import tensorflow as tf

        cfg = self.config
        net = self.network
        n_items = train.shape[1]
        users = np.flatnonzero(np.diff(train.indptr) > 0)
        if self.trained_users is not None:  # "train on N % of users"
            users = users[self.trained_users[users]]
        if len(users) == 0:
            raise ModelError("no user has an interaction to train on")
        # Scoring uses the weights of the whole training table; training (and validation) those
        # of the table without the held-out items, so the latest *trained* item weighs 1.
        self._recency = recency_weights(self.train_matrix, data.timestamps, cfg.recency)
        train_recency = recency_weights(train, train_timestamps, cfg.recency)
        train_in = self._weighted(train, train_recency)
        target_m = self._weighted(train, train_recency if cfg.recency_target else None)
        rng = np.random.default_rng(cfg.seed)
        self.step_products = resolve(cfg.precision)

        def forward(x: Any, training: bool) -> Any:
            return self._forward_sparse(x, training, self.step_products)

        step, optimizer = make_step(forward, net, n_items, float(cfg.l2), cfg.learning_rate)
        one = tf.constant(1.0)

        def warm_up() -> None:
            """Trace the step (zero gradients: nothing changes) and the scoring function."""
            empty = self._to_tf_sparse(sp.csr_matrix((1, n_items), dtype=np.float32))
            step(empty, empty, tf.constant(0.0))
            optimizer.iterations.assign(0)
            self._logits(np.zeros((1, n_items), np.float32))

        keep = 1.0 - cfg.dropout
        sizes = [min(cfg.batch_size, len(users) - s) for s in range(0, len(users), cfg.batch_size)]
        n_batches = len(sizes)

        def batches(epoch: int):
            order = rng.permutation(users)

            def gen():
                for s in range(0, len(order), cfg.batch_size):
                    idx = order[s:s + cfg.batch_size]
                    x = self._sparse_input(train_in[idx])
                    if cfg.dropout > 0:  # on the stored entries: dropping a zero is a no-op
                        x.data *= (rng.random(x.nnz, dtype=np.float32) < keep) / keep
                    yield self._to_tf_sparse(x), self._to_tf_sparse(target_m[idx]), one

            return gen(), n_batches, sizes

        block = ValidationBlock()

        def validation_scores(
            val_users: np.ndarray, poll: Callable[[], bool]
        ) -> np.ndarray | None:
            return block.score(self._logits_and_norms, train_in[val_users], poll)

        def validation_loss(scores: np.ndarray, _users: np.ndarray, items: np.ndarray) -> float:
            return block.nll(scores, items)

        return TrainingPlan(batches, step, validation_scores, warm_up, validation_loss)

    # -- scoring --------------------------------------------------------------------------------

    def _score_dense(self, rows: sp.csr_matrix) -> np.ndarray:
        """Logits of ``_weighted`` rows."""
        out = np.empty(rows.shape, dtype=np.float32)
        for s in range(0, rows.shape[0], SCORE_BATCH):
            out[s:s + SCORE_BATCH] = self._logits(self._sparse_input(rows[s:s + SCORE_BATCH]))
        return out

    def score_rows(self, rows: sp.csr_matrix, user_indices: np.ndarray) -> np.ndarray:
        self._require_network()
        return check_finite(self._score_dense(self._rows_in(rows, user_indices)), "MLP")

    def _rows_in(self, rows: sp.csr_matrix, user_indices: np.ndarray) -> sp.csr_matrix:
        """Scored rows weighted by recency: stored weights for what a training user had at fit,
        1 (the latest) for anything added since and for users unknown at fit."""
        rows = sp.csr_matrix(rows)
        recency = None if self._recency is None else row_recency(rows, user_indices, self._recency)
        return self._weighted(rows, recency)

    def explain(self, row: sp.csr_matrix, user_index: int, item_index: int) -> Explanation:
        import tensorflow as tf

        row = sp.csr_matrix(row)
        items = row.indices
        if len(items) == 0:
            return Explanation("items", (), "You have no items yet; this is a popular choice.")
        x = tf.constant(self._input(self._rows_in(row, np.array([user_index]))))
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
        return Explanation.naming("items", top, "Mostly because you have {names}.")

    # -- persistence ----------------------------------------------------------------------------

    def _extra_state(self) -> dict[str, np.ndarray | sp.csr_matrix]:
        # Recency weights of the training entries (aligned with the stored training matrix).
        return {} if self._recency is None else {"recency": self._recency}

    def _restore_extra(self, arrays: dict[str, np.ndarray | sp.csr_matrix]) -> None:
        recency = arrays.get("recency")
        self._recency = None
        if recency is not None:
            recency = sp.csr_matrix(recency)
            m = self.train_matrix
            if recency.shape != m.shape or not np.array_equal(recency.indptr, m.indptr) \
                    or not np.array_equal(recency.indices, m.indices):
                raise ValueError("recency weights do not match the training matrix")
            self._recency = recency


class ValidationBlock:
    """The validation users' logits, scored into one buffer kept for the whole fit (a fresh
    users × items array each epoch is memory written for the first time: 160 MB on the
    20,000-item long tail), with each row's log-sum-exp for the validation loss."""

    def __init__(self) -> None:
        self.logits = np.empty((0, 0), dtype=np.float32)
        self.log_norms = np.empty(0, dtype=np.float32)

    def score(
        self, logits_and_norms: Callable[[sp.csr_matrix], tuple[np.ndarray, np.ndarray]],
        rows: sp.csr_matrix, poll: Callable[[], bool],
    ) -> np.ndarray | None:
        """Logits of the ``_weighted`` ``rows`` (a view of the kept buffer); None when
        ``poll()``, asked between batches, says stop."""
        if self.logits.shape != rows.shape:
            self.logits = np.empty(rows.shape, dtype=np.float32)
            self.log_norms = np.empty(rows.shape[0], dtype=np.float32)
        for s in range(0, rows.shape[0], POLL_BATCH):
            if poll():
                return None
            end = min(s + POLL_BATCH, rows.shape[0])
            z, norms = logits_and_norms(MLPRecommender._sparse_input(rows[s:end]))
            self.logits[s:end], self.log_norms[s:end] = z, norms
        return None if poll() else self.logits

    def nll(self, logits: np.ndarray, items: np.ndarray) -> float:
        """``validation_nll`` of the block just scored, from its log-sum-exps."""
        return validation_nll(logits, items, self.log_norms)


def validation_nll(logits: np.ndarray, items: np.ndarray,
                   log_norms: np.ndarray | None = None) -> float:
    """Mean of -log_softmax(logits)[held-out item] over the validation users; ``log_norms``
    (each row's log-sum-exp) when already known.

    The log-sum-exp runs in TensorFlow (threaded, in the logits' own precision): in float64
    numpy it took ~0.8 s per epoch on a 2,000 × 20,000 validation block."""
    z = np.asarray(logits)
    if not np.issubdtype(z.dtype, np.floating):
        z = z.astype(np.float64)
    if log_norms is None:
        import tensorflow as tf

        log_norms = tf.reduce_logsumexp(z, axis=1).numpy()
    picked = z[np.arange(len(items)), items].astype(np.float64)
    return float(np.mean(np.asarray(log_norms, dtype=np.float64) - picked))
