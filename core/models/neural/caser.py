"""Caser (Tang & Wang, "Personalized Top-N Sequential Recommendation via Convolutional Sequence
Embedding", WSDM 2018).

The user's last ``length`` items (L), in time order, are looked up as an L × d "image" of item
embeddings. Horizontal filters (heights 1…L, ``horizontal`` of each, spanning the full width d,
ReLU, max-pooled over time) catch union-level and skip patterns ("after these two, that one");
vertical filters (``vertical`` of them, L × 1) are learned weighted sums of the L rows. Both are
concatenated, dropped out, and passed through a fully connected layer of size d; the result is
joined with the user's own embedding, and the next item's score is the dot product with that
item's output vector plus its bias.

Training pairs are every (previous L items → next item) window of each user's time-ordered
history (``core.models.neural.sequences``; ties in time broken by a seeded order, windows
left-padded with a padding item), each learning its next ``targets`` items (the paper's T; fewer
where the sequence ends) against ``negatives`` sampled items the user has not had, binary
cross-entropy. The step is XLA-compiled with one batch shape (the last batch padded and
masked), like NeuMF's. Validation (optional): each user's latest training item is held out and
scored after every epoch (HR@10 / NDCG@10), with early stopping.

Caser needs timestamps: the order is the model's input. On data without them it refuses with a
``ModelError`` instead of training on an arbitrary order. It scores the users it was trained on
(their user embedding); items added to a user's row after training count as their latest.

Explanation: gradient × input of the recommended item's score over the L positions of the
sequence — the positions that pushed it up most, told in time order ("after A, B and C").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import scipy.sparse as sp

from core.errors import ModelError
from core.interactions import Interactions
from core.models.base import Explanation, ModelConfig
from core.models.neural.base import NeuralRecommender, TrainingPlan
from core.models.neural.config import Monitor
from core.models.neural.fused_adam import FusedAdam
from core.models.neural.neumf import padded_batches, sample_negatives
from core.models.neural.sequences import last_items, next_items, sequence_windows
from core.models.neural.training import check_finite
from core.models.params import param

EXPLAIN_TOP = 3
NO_TIMESTAMPS = (
    "Caser reads the order of each user's items and this table has no timestamps; it will not "
    "train on an arbitrary order. Use a model that ignores order (EASE, ALS, kNN, MLP), or load "
    "data with a timestamp column."
)


@dataclass
class CaserConfig(ModelConfig):
    """Caser: convolutions over the embeddings of a user's last items.

    length: how many of the user's latest items the model reads (L).
    embedding: size d of the item and user embeddings.
    horizontal: horizontal filters per height (heights 1..L).
    vertical: vertical filters.
    dropout: dropout on the convolution features.
    targets: next items each window is trained to predict (T; fewer at the end of a sequence).
    negatives: sampled items per training window (label 0). The paper uses 3; 10 scored better on
        a validation fold of ML-100K's training part (``benchmarks/caser_tuning.py``).
    l2: penalty on the embeddings a batch touches.
    learning_rate: Adam's step size.
    batch_size: windows per step.
    epochs: passes over all windows.
    seed: initialisation, shuffling, dropout and negatives.
    validation: hold out each user's latest training item and score it every epoch.
    patience: epochs without improvement before early stopping (with validation).
    """

    length: int = param(5, label="Sequence length (L)", minimum=1, maximum=200,
                        help="How many of the user's latest items the model reads.")
    embedding: int = param(50, label="Embedding size (d)", minimum=1, maximum=4096,
                           help="Length of the item and user vectors.")
    horizontal: int = param(16, label="Horizontal filters", minimum=0, maximum=1024,
                            help="Filters per height 1..L that slide over the sequence.")
    vertical: int = param(4, label="Vertical filters", minimum=0, maximum=1024,
                          help="Filters that weigh the L positions per embedding dimension.")
    dropout: float = param(0.5, label="Dropout", minimum=0, maximum=1, exclusive_maximum=True,
                           help="Share of the convolution features hidden during training.")
    targets: int = param(1, label="Targets per window (T)", minimum=1, maximum=20,
                         help="How many of the items that came next each window learns to "
                              "predict (the paper's T).")
    negatives: int = param(10, label="Negatives per window", minimum=1, maximum=100,
                           help="Items the user has not had, sampled per training window.")
    l2: float = param(1e-6, label="L2 penalty", minimum=0, maximum=10, log_scale=True,
                      help="Penalty on the embeddings a batch touches.")
    learning_rate: float = param(1e-3, label="Learning rate", minimum=0, exclusive_minimum=True,
                                 maximum=10, log_scale=True,
                                 help="Adam's step size; too high diverges, too low crawls.")
    batch_size: int = param(512, label="Batch size", minimum=1, maximum=1_000_000,
                            help="Training windows per step.")
    epochs: int = param(60, label="Epochs", minimum=1, maximum=10_000,
                        help="Maximum passes over all windows.")
    seed: int = param(0, label="Random seed", minimum=0, maximum=2**31 - 1,
                      help="Fixes initialisation, shuffling, dropout and negatives.")
    validation: bool = param(
        True, label="Validate each epoch",
        help="Hold out each user's latest item, report HR@10/NDCG@10 every epoch, keep the best "
             "epoch and stop early.")
    patience: int = param(5, label="Patience", minimum=1, maximum=1000,
                          help="Epochs without improvement before stopping early.")
    monitor: Monitor = param("NDCG@10", label="Monitor",
                             help="Validation metric that picks the best epoch.")


class CaserRecommender(NeuralRecommender):
    """Caser; see the module docstring."""

    name: ClassVar[str] = "caser"
    label: ClassVar[str] = "Caser"
    Config = CaserConfig
    supports_fold_in: ClassVar[bool] = False
    config: CaserConfig

    # -- network --------------------------------------------------------------------------------

    @property
    def _n_features(self) -> int:
        cfg = self.config
        return cfg.horizontal * cfg.length + cfg.vertical * cfg.embedding

    def _build(self) -> None:
        import keras

        cfg = self.config
        n_users, n_items = len(self.user_ids), len(self.item_ids)
        seed = cfg.seed * 131
        d, L = cfg.embedding, cfg.length

        def init(k: int, std: float | None = None) -> Any:
            if std is not None:
                return keras.initializers.RandomNormal(stddev=std, seed=seed + k)
            return keras.initializers.GlorotUniform(seed=seed + k)

        self._item_emb = keras.layers.Embedding(n_items + 1, d, embeddings_initializer=init(
            1, 1.0 / d), name="item")
        self._user_emb = keras.layers.Embedding(n_users, d, embeddings_initializer=init(
            2, 1.0 / d), name="user")
        self._horizontal = [
            keras.layers.Conv1D(cfg.horizontal, h, activation="relu", kernel_initializer=init(
                10 + h), name=f"h{h}")
            for h in range(1, L + 1)
        ] if cfg.horizontal else []
        self._vertical = keras.layers.Dense(
            cfg.vertical, use_bias=False, kernel_initializer=init(3), name="vertical"
        ) if cfg.vertical else None
        self._fc = keras.layers.Dense(d, activation="relu", kernel_initializer=init(4), name="fc")
        self._out_emb = keras.layers.Embedding(n_items, 2 * d, embeddings_initializer=init(
            5, 1.0 / (2 * d)), name="out")
        self._out_bias = keras.layers.Embedding(n_items, 1, embeddings_initializer="zeros",
                                                name="bias")
        u = keras.Input((), dtype="int32")
        seq = keras.Input((L,), dtype="int32")
        keep = keras.Input((self._n_features,), dtype="float32")
        x = self._features(self._item_emb(seq), self._user_emb(u), keep)
        # The output layers join the graph so the model owns (and saves) their weights.
        item0 = keras.ops.zeros_like(u)
        score = keras.ops.sum(x * self._out_emb(item0), axis=-1) + self._out_bias(item0)[..., 0]
        self.network = keras.Model([u, seq, keep], [x, score], name="caser")
        self._score_fn = None

    def _features(self, emb: Any, user: Any, keep: Any) -> Any:
        """(batch × 2d) from the sequence embeddings (batch × L × d), user embeddings and the
        dropout mask (1/(1-p) where kept, 0 where dropped; all 1 at scoring)."""
        import keras

        parts = []
        for conv in self._horizontal:
            parts.append(keras.ops.max(conv(emb), axis=1))
        if self._vertical is not None:
            v = self._vertical(keras.ops.transpose(emb, (0, 2, 1)))  # batch × d × nv
            parts.append(keras.ops.reshape(v, (-1, self.config.embedding * self.config.vertical)))
        z = keras.ops.concatenate(parts, axis=-1) if len(parts) > 1 else parts[0]
        z = self._fc(z * keep)
        return keras.ops.concatenate([z, user], axis=-1)

    def _all_scores(self, users: np.ndarray, seqs: np.ndarray) -> np.ndarray:
        import tensorflow as tf

        if self._score_fn is None:
            ones = tf.ones((1, self._n_features))

            @tf.function(input_signature=[tf.TensorSpec((None,), tf.int32),
                                          tf.TensorSpec((None, self.config.length), tf.int32)])
            def score(u: tf.Tensor, s: tf.Tensor) -> tf.Tensor:
                x = self._features(self._item_emb(s), self._user_emb(u), ones)
                return (tf.matmul(x, self._out_emb.embeddings, transpose_b=True)
                        + self._out_bias.embeddings[:, 0][None])

            self._score_fn = score
        out = np.empty((len(users), len(self.item_ids)), dtype=np.float32)
        step = max(1, (1 << 21) // max(len(self.item_ids), 1))
        for s in range(0, len(users), step):
            out[s:s + step] = self._score_fn(
                tf.constant(users[s:s + step], tf.int32), tf.constant(seqs[s:s + step], tf.int32)
            ).numpy()
        return out

    # -- training -------------------------------------------------------------------------------

    def _training_plan(
        self, data: Interactions, train: sp.csr_matrix, train_timestamps: np.ndarray | None
    ) -> TrainingPlan:
        import tensorflow as tf

        cfg = self.config
        if data.timestamps is None or train_timestamps is None:
            raise ModelError(NO_TIMESTAMPS)
        matrix = sp.csr_matrix(self.train_matrix)
        n_items = matrix.shape[1]
        pad = n_items
        net = self.network
        # What the model reads when it scores: each user's latest items in the full table.
        self.sequences = last_items(matrix, data.timestamps, cfg.length, pad, cfg.seed)
        self.item_labels = np.asarray([data.item_label(i) for i in data.item_ids], dtype=str)
        users, windows, _ = sequence_windows(train, train_timestamps, cfg.length, pad, cfg.seed)
        targets = next_items(train, train_timestamps, cfg.targets, pad, cfg.seed)
        if self.trained_users is not None:  # "train on N % of users"; validation keeps all
            mine = self.trained_users[users]
            users, windows, targets = users[mine], windows[mine], targets[mine]
        if len(targets) == 0:
            raise ModelError("no user has two or more items: Caser has no sequence to learn")
        n_rows = len(targets)
        users32, windows32, targets32 = (users.astype(np.int32), windows.astype(np.int32),
                                         targets.astype(np.int32))
        rng = np.random.default_rng(cfg.seed)
        # Adam on the summed gradient of each embedding row (``FusedAdam``; Keras's Adam
        # squares each occurrence of an item in the batch apart)
        optimizer = FusedAdam(net.trainable_variables, cfg.learning_rate)
        l2 = float(cfg.l2)
        n_neg, n_pos = cfg.negatives, cfg.targets
        labels = tf.constant(np.concatenate([np.ones(n_pos), np.zeros(n_neg)]).astype(
            np.float32)[None])
        ivec = tf.TensorSpec((None,), tf.int32)

        @tf.function(input_signature=[
            ivec, tf.TensorSpec((None, cfg.length), tf.int32),
            tf.TensorSpec((None, n_pos), tf.int32), tf.TensorSpec((None, n_neg), tf.int32),
            tf.TensorSpec((None, self._n_features), tf.float32), tf.TensorSpec((None,), tf.float32),
            tf.TensorSpec((), tf.float32),
        ], jit_compile=True)
        def step(u: tf.Tensor, seq: tf.Tensor, pos: tf.Tensor, neg: tf.Tensor, keep: tf.Tensor,
                 mask: tf.Tensor, scale: tf.Tensor) -> tf.Tensor:
            with tf.GradientTape() as tape:
                emb = self._item_emb(seq)
                user = self._user_emb(u)
                x = self._features(emb, user, keep)
                # Targets past the end of a user's sequence are the pad: scored as item 0 and
                # masked out of the loss.
                real = tf.cast(pos != pad, tf.float32)
                items = tf.concat([tf.where(pos == pad, 0, pos), neg], axis=1)
                terms = tf.concat([real, tf.ones_like(tf.cast(neg, tf.float32))], axis=1)
                w = self._out_emb(items)
                logits = tf.einsum("bd,bnd->bn", x, w) + self._out_bias(items)[..., 0]
                bce = tf.reduce_sum(tf.nn.sigmoid_cross_entropy_with_logits(
                    labels=tf.broadcast_to(labels, tf.shape(logits)), logits=logits) * terms,
                    axis=1)
                rows = tf.reduce_sum(mask)
                loss = tf.reduce_sum(bce * mask) / rows
                reg = (tf.reduce_sum(tf.square(user) * mask[:, None])
                       + tf.reduce_sum(tf.square(w) * (terms * mask[:, None])[..., None])) / rows
                # ``scale`` 0 for the warm-up call that compiles the step: zero gradients leave
                # Adam's moments and every weight exactly unchanged (as in NeuMF).
                total = (loss + l2 * reg) * scale
            grads = tape.gradient(total, net.trainable_variables)
            optimizer.apply(grads)
            return loss

        # Validation reads each user's sequence without the held-out item.
        val_seqs = last_items(train, train_timestamps, cfg.length, pad, cfg.seed)
        bs = max(1, min(cfg.batch_size, n_rows))
        n_batches = -(-n_rows // bs)
        keep_p = 1.0 - cfg.dropout
        one, zero = tf.constant(1.0), tf.constant(0.0)

        def warm_up() -> None:
            """Compile the step (XLA, seconds) and trace the scoring, changing nothing: run in a
            helper thread while Stop is polled."""
            rows = np.arange(bs) % n_rows
            step(tf.constant(users32[rows]), tf.constant(windows32[rows]),
                 tf.constant(targets32[rows]), tf.zeros((bs, n_neg), tf.int32),
                 tf.ones((bs, self._n_features)), tf.ones((bs,)), zero)
            optimizer.iterations.assign(0)
            if cfg.validation:
                self._all_scores(np.zeros(1, np.int64), val_seqs[:1])

        def batches(epoch: int):
            neg = sample_negatives(train, np.repeat(users, n_neg), rng).reshape(-1, n_neg)
            neg = neg.astype(np.int32)
            order = rng.permutation(n_rows)

            def gen():
                for idx, mask in padded_batches(order, bs):
                    keep = (rng.random((bs, self._n_features)) < keep_p).astype(np.float32)
                    keep /= keep_p
                    yield (tf.constant(users32[idx]), tf.constant(windows32[idx]),
                           tf.constant(targets32[idx]), tf.constant(neg[idx]),
                           tf.constant(keep), tf.constant(mask), one)

            return gen(), n_batches


        def validation_scores(
            val_users: np.ndarray, poll: Callable[[], bool]
        ) -> np.ndarray | None:
            if poll():  # stop checked before and after scoring (see TrainingPlan)
                return None
            scores = self._all_scores(val_users, val_seqs[val_users])
            return None if poll() else scores

        return TrainingPlan(batches, step, validation_scores, warm_up)

    # -- scoring --------------------------------------------------------------------------------

    def current_sequences(self, rows: sp.csr_matrix, user_indices: np.ndarray) -> np.ndarray:
        """Each row's latest L items: the stored sequence, minus items removed since training,
        plus items added since (as the latest, in column order)."""
        rows = sp.csr_matrix(rows)
        L, pad = self.config.length, len(self.item_ids)
        out = np.full((rows.shape[0], L), pad, dtype=np.int64)
        for k, u in enumerate(np.asarray(user_indices)):
            now = rows.indices[rows.indptr[k]:rows.indptr[k + 1]]
            stored = self.sequences[u]
            stored = stored[(stored != pad) & np.isin(stored, now)]
            added = np.setdiff1d(now, self._trained_items(u), assume_unique=False)
            seq = np.concatenate([stored, added])[-L:]
            out[k, L - len(seq):] = seq
        return out

    def _trained_items(self, user: int) -> np.ndarray:
        m = self.train_matrix
        return m.indices[m.indptr[user]:m.indptr[user + 1]]

    def score_rows(self, rows: sp.csr_matrix, user_indices: np.ndarray) -> np.ndarray:
        self._require_network()
        users = np.asarray(user_indices, dtype=np.int64)
        if np.any(users < 0):
            raise ModelError("Caser scores only users it was trained on (it has no embedding "
                             "for a new user); retrain it to include them")
        seqs = self.current_sequences(rows, users)
        return check_finite(self._all_scores(users, seqs), "Caser")

    def position_contributions(
        self, row: sp.csr_matrix, user_index: int, item_index: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """(sequence, gradient × input per position) of ``item_index``'s score."""
        import tensorflow as tf

        seq = self.current_sequences(row, np.array([user_index]))
        ones = tf.ones((1, self._n_features))
        emb = tf.Variable(self._item_emb(tf.constant(seq, tf.int32)))
        with tf.GradientTape() as tape:
            x = self._features(emb, self._user_emb(tf.constant([user_index], tf.int32)), ones)
            score = tf.reduce_sum(x[0] * self._out_emb.embeddings[item_index])
        grad = tape.gradient(score, emb)
        contrib = tf.reduce_sum(grad * emb, axis=-1).numpy()[0]
        return seq[0], contrib

    def explain(self, row: sp.csr_matrix, user_index: int, item_index: int) -> Explanation:
        seq, contrib = self.position_contributions(row, user_index, item_index)
        pad = len(self.item_ids)
        real = np.flatnonzero(seq != pad)
        if not len(real):
            return Explanation("sequence", (), "You have no items yet to follow on from.")
        top = real[np.argsort(-contrib[real], kind="stable")[:EXPLAIN_TOP]]
        top = np.sort(top[contrib[top] > 0]) if np.any(contrib[top] > 0) else np.sort(top[:1])
        contributors = tuple((self.item_ids[seq[p]], float(contrib[p])) for p in top)
        labels = getattr(self, "item_labels", None)
        names = [str(labels[seq[p]]) if labels is not None else self.item_ids[seq[p]]
                 for p in top]
        said = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        return Explanation("sequence", contributors, f"after {said}")

    # -- persistence (the weights are saved by NeuralRecommender) --------------------------------

    def _extra_state(self) -> dict[str, np.ndarray | sp.csr_matrix]:
        return {"sequences": self.sequences, "item_labels": self.item_labels}

    def _restore_extra(self, arrays: dict[str, np.ndarray | sp.csr_matrix]) -> None:
        self.sequences = np.asarray(arrays["sequences"], dtype=np.int64)
        self.item_labels = np.asarray(arrays["item_labels"], dtype=str)
