"""NeuMF (He et al., "Neural Collaborative Filtering", WWW 2017).

A GMF tower (element-wise product of user and item embeddings) and an MLP tower (ReLU layers
over concatenated user and item embeddings) are fused by one dense unit with a sigmoid, trained
with binary cross-entropy on the user's items (label 1) and ``negatives`` sampled items per
positive (label 0), resampled every epoch.

With ``recency`` > 0 and timestamps, each positive's BCE weight is multiplied by exp(-r / tau)
(r = how many distinct later timestamps the user has; ``core.models.recency``), so a user's
embedding is pulled mostly toward what they did last; negatives keep weight 1. The weights apply
at training only: NeuMF scores from the trained embeddings.

Negative sampling is vectorised numpy and exact: draw uniformly, redraw the draws that hit one of
the user's own items for up to ``MAX_REDRAWS`` rounds, then draw the few left from each such
user's complement directly. (A user who has every item gets uniform draws: there is no negative.)

NeuMF scores users by their *trained* embedding: it cannot fold in a user added after training
(``supports_fold_in = False``, a clear ``ModelError`` asks to retrain), and a known user's edits
after training do not change their scores until it is retrained.

Explanation (kind "embedding"): the user's own items nearest to the recommended item in the model's
item space (cosine of the concatenated GMF and MLP item embeddings) — neighbours in what the model
learned, not items that "caused" the score.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, ClassVar

import numpy as np
import scipy.sparse as sp

from core.errors import ModelError
from core.interactions import Interactions
from core.models.base import Explanation
from core.models.neural.base import NeuralRecommender, TrainingPlan
from core.models.neural.config import NeuMFConfig
from core.models.neural.fused_adam import FusedAdam
from core.models.neural.training import check_finite
from core.models.recency import recency_weights
from core.models.similar import unit_rows

MAX_REDRAWS = 10
# users × items up to which the positives are marked in a byte per cell to test a draw (64 MB);
# beyond, a sorted search among them (the ML-1M shape: 0.41 s per epoch's draws searched, 0.1 s
# marked)
MARKED_CELLS = 1 << 26
SCORE_PAIRS = 1 << 21  # user × item pairs scored per forward pass
POLL_PAIRS = 1 << 18  # the same during validation, where a stop is checked between passes


def sample_negatives(
    positives: sp.csr_matrix, users: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """One uniformly drawn item per entry of ``users`` that (almost surely) is not theirs."""
    n_items = positives.shape[1]
    rows = np.repeat(np.arange(positives.shape[0], dtype=np.int64), np.diff(positives.indptr))
    known = rows * n_items + positives.indices  # sorted: row-major, sorted columns
    cells = positives.shape[0] * n_items
    if cells <= MARKED_CELLS:
        marked = np.zeros(cells, dtype=bool)
        marked[known] = True

        def taken(key: np.ndarray) -> np.ndarray:
            return marked[key]
    else:
        def taken(key: np.ndarray) -> np.ndarray:
            pos = np.minimum(np.searchsorted(known, key), len(known) - 1)
            return known[pos] == key
    items = rng.integers(0, n_items, size=len(users))
    todo = np.arange(len(users))
    for _ in range(MAX_REDRAWS):
        todo = todo[taken(users[todo] * n_items + items[todo])]
        if len(todo) == 0:
            break
        items[todo] = rng.integers(0, n_items, size=len(todo))
    else:
        for k in todo:
            own = positives.indices[positives.indptr[users[k]]:positives.indptr[users[k] + 1]]
            free = np.setdiff1d(np.arange(n_items), own)
            if len(free):
                items[k] = free[rng.integers(len(free))]
    return items


def padded_batches(
    order: np.ndarray, batch_size: int
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """``order`` cut into batches of exactly ``batch_size`` (≤ ``len(order)``) rows, each with a
    float mask (1 = a real row). The last batch is filled up with rows from the start, masked 0,
    so the compiled training step sees one shape only."""
    full = np.ones(batch_size, np.float32)
    for start in range(0, len(order), batch_size):
        idx = order[start:start + batch_size]
        if len(idx) == batch_size:
            yield idx, full
        else:
            mask = (np.arange(batch_size) < len(idx)).astype(np.float32)
            yield np.concatenate([idx, order[:batch_size - len(idx)]]), mask


class NeuMFRecommender(NeuralRecommender):
    """NeuMF over user/item embeddings; needs retraining for new users. See module docstring."""

    name: ClassVar[str] = "neumf"
    label: ClassVar[str] = "NeuMF"
    Config = NeuMFConfig
    supports_fold_in: ClassVar[bool] = False
    config: NeuMFConfig

    def __init__(self, config: NeuMFConfig | None = None, **params: Any):
        super().__init__(config, **params)
        self._score_fn: Any = None

    # -- network --------------------------------------------------------------------------------

    def _build(self) -> None:
        import keras

        cfg = self.config
        n_users, n_items = len(self.user_ids), len(self.item_ids)
        seed = cfg.seed * 101

        def emb(n: int, size: int, k: int, name: str) -> Any:
            init = keras.initializers.RandomNormal(stddev=0.01, seed=seed + k)
            return keras.layers.Embedding(n, size, embeddings_initializer=init, name=name)

        self._layers = {
            "gmf_user": emb(n_users, cfg.gmf_size, 1, "gmf_user"),
            "gmf_item": emb(n_items, cfg.gmf_size, 2, "gmf_item"),
            "mlp_user": emb(n_users, cfg.mlp_size, 3, "mlp_user"),
            "mlp_item": emb(n_items, cfg.mlp_size, 4, "mlp_item"),
        }
        self._dense = [
            keras.layers.Dense(
                size, activation="relu", name=f"mlp_{k}",
                kernel_initializer=keras.initializers.GlorotUniform(seed=seed + 10 + k),
            )
            for k, size in enumerate(cfg.hidden)
        ]
        self._out = keras.layers.Dense(
            1, name="fuse", kernel_initializer=keras.initializers.GlorotUniform(seed=seed + 9)
        )
        u = keras.Input((), dtype="int32")
        i = keras.Input((), dtype="int32")
        logit = self._forward(*(self._layers[n](x) for n, x in (
            ("gmf_user", u), ("gmf_item", i), ("mlp_user", u), ("mlp_item", i))))
        self.network = keras.Model([u, i], logit, name="neumf")
        self._score_fn = None

    def _forward(self, gu: Any, gi: Any, mu: Any, mi: Any) -> Any:
        """Logit from embeddings; the leading axes of user and item sides must match."""
        import keras

        h = keras.ops.concatenate([mu, mi], axis=-1)
        for layer in self._dense:
            h = layer(h)
        return self._out(keras.ops.concatenate([gu * gi, h], axis=-1))[..., 0]

    def _user_scores(
        self, users: np.ndarray, poll: Callable[[], bool] | None = None
    ) -> np.ndarray | None:
        """Scores of ``users`` × all items; None when ``poll()`` (asked between batches) says
        stop."""
        import tensorflow as tf

        if self._score_fn is None:
            lay = self._layers

            @tf.function(input_signature=[tf.TensorSpec((None,), tf.int32)])
            def score(u: tf.Tensor) -> tf.Tensor:
                n, k = tf.shape(u)[0], lay["gmf_item"].embeddings.shape[0]
                gu = lay["gmf_user"](u)[:, None, :]
                gi = lay["gmf_item"].embeddings[None]
                mu = lay["mlp_user"](u)[:, None, :]
                mi = lay["mlp_item"].embeddings[None]
                mu = tf.broadcast_to(mu, [n, k, mu.shape[-1]])
                mi = tf.broadcast_to(mi, [n, k, mi.shape[-1]])
                return self._forward(gu, gi, mu, mi)

            self._score_fn = score
        n_items = len(self.item_ids)
        pairs = SCORE_PAIRS if poll is None else POLL_PAIRS
        step = max(1, pairs // max(n_items, 1))
        out = np.empty((len(users), n_items), dtype=np.float32)
        for s in range(0, len(users), step):
            if poll is not None and poll():
                return None
            out[s:s + step] = self._score_fn(tf.constant(users[s:s + step], tf.int32)).numpy()
        return None if poll is not None and poll() else out

    # -- training -------------------------------------------------------------------------------

    def _training_plan(
        self, data: Interactions, train: sp.csr_matrix, train_timestamps: np.ndarray | None
    ) -> TrainingPlan:
        import tensorflow as tf

        cfg = self.config
        n_users = train.shape[0]
        net = self.network
        pos_users = np.repeat(np.arange(n_users, dtype=np.int64), np.diff(train.indptr))
        pos_items = train.indices.astype(np.int64)
        pos_weight = (
            train.data.astype(np.float32) if cfg.use_ratings
            else np.ones(len(pos_items), np.float32)
        )
        n_pos = len(pos_users)
        neg_users = np.repeat(pos_users, cfg.negatives)
        n_rows = n_pos + len(neg_users)
        labels = np.concatenate([np.ones(n_pos, np.float32), np.zeros(len(neg_users), np.float32)])
        recency = recency_weights(train, train_timestamps, cfg.recency)
        if recency is not None:  # aligned with train's entries, i.e. with pos_items
            pos_weight = pos_weight * recency.data.astype(np.float32)
        if self.trained_users is not None:  # "train on N % of users"; validation keeps all
            mine = self.trained_users[pos_users]
            pos_users, pos_items, pos_weight = pos_users[mine], pos_items[mine], pos_weight[mine]
            if len(pos_users) == 0:
                raise ModelError("no chosen user has an interaction to train on")
            n_pos = len(pos_users)
            neg_users = np.repeat(pos_users, cfg.negatives)
            n_rows = n_pos + len(neg_users)
            labels = np.concatenate(
                [np.ones(n_pos, np.float32), np.zeros(len(neg_users), np.float32)]
            )
        weights = np.concatenate([pos_weight, np.ones(len(neg_users), np.float32)])
        users_all = np.concatenate([pos_users, neg_users]).astype(np.int32)
        rng = np.random.default_rng(cfg.seed)
        # Adam on the embeddings' summed gradients (see ``FusedAdam``): Keras's Adam squares a
        # sparse gradient per occurrence, so a user or item met n times in a batch got the
        # sum of n squares in its second moment instead of the square of the sum
        optimizer = FusedAdam(net.trainable_variables, cfg.learning_rate)
        lay = self._layers
        l2 = float(cfg.l2)
        ivec = tf.TensorSpec((None,), tf.int32)
        fvec = tf.TensorSpec((None,), tf.float32)

        # XLA fuses the step's ~150 small ops (Adam on every variable among them), whose one by one
        # dispatch cost more than the batch's arithmetic: ML-1M epoch 8.3 -> 6.5 s on 2 cores.
        # Every batch has the same shape (the last one padded with rows masked out of loss and
        # L2), so the step is compiled once.
        # ``scale`` multiplies the gradients: 0 for the warm-up call that compiles the step
        # (zero gradients leave Adam's moments and every weight exactly unchanged).
        @tf.function(input_signature=[ivec, ivec, fvec, fvec, fvec, tf.TensorSpec((), tf.float32)],
                     jit_compile=True)
        def step(
            u: tf.Tensor, i: tf.Tensor, y: tf.Tensor, w: tf.Tensor, mask: tf.Tensor,
            scale: tf.Tensor,
        ) -> tf.Tensor:
            with tf.GradientTape() as tape:
                embs = [lay["gmf_user"](u), lay["gmf_item"](i), lay["mlp_user"](u),
                        lay["mlp_item"](i)]
                logit = self._forward(*embs)
                bce = tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logit)
                loss = tf.reduce_sum(bce * w * mask) / tf.reduce_sum(w * mask)
                rows = tf.reduce_sum(mask)
                reg = tf.add_n([tf.reduce_sum(tf.reduce_sum(tf.square(e), axis=1) * mask) / rows
                                for e in embs])
                total = (loss + l2 * reg) * scale
            grads = tape.gradient(total, net.trainable_variables)
            optimizer.apply(grads)
            return loss

        bs = max(1, min(cfg.batch_size, n_rows))
        n_batches = -(-n_rows // bs)
        positions = np.arange(n_rows)
        one = tf.constant(1.0)

        # An epoch's rows, drawn and shuffled into arrays kept for the fit: new ones every epoch
        # (~160 MB on the ML-1M shape) were memory written for the first time, ~0.4 s per epoch
        # on the benchmark machine (see ``core.touched_memory``).
        items_all = np.empty(n_rows, np.int32)
        items_all[:n_pos] = pos_items
        order = np.empty(n_rows, np.int64)
        sources = (users_all, items_all, labels, weights)
        columns = [np.empty(n_rows, a.dtype) for a in sources]

        drawn_ahead = threading.Event()  # the next epoch's rows are drawn already

        def prepare() -> None:
            """Draw the next epoch's negatives and order (epoch after epoch: the seed's draws)."""
            items_all[n_pos:] = sample_negatives(train, neg_users, rng)
            order[:] = positions  # shuffled in place: the same draws as rng.permutation(n_rows)
            rng.shuffle(order)
            # the epoch's rows gathered in its order once (a gather per batch and column cost
            # ~0.3 s per epoch on the ML-1M shape), each batch then a contiguous run of them
            for source, column in zip(sources, columns, strict=True):
                np.take(source, order, out=column)

        def warm_up() -> None:
            """Compile the step for the batch shape without changing anything, while another
            thread draws the first epoch's rows (XLA's compile and numpy's draws each keep a
            core busy: ~0.7 s of the first epoch on the ML-1M shape)."""
            with ThreadPoolExecutor(1, thread_name_prefix="NeuMF first epoch") as pool:
                first = pool.submit(prepare)
                ones = tf.ones((bs,), tf.float32)
                step(tf.constant(users_all[np.arange(bs) % n_rows]), tf.zeros((bs,), tf.int32),
                     tf.zeros((bs,), tf.float32), ones, ones, tf.constant(0.0))
                optimizer.iterations.assign(0)
                if cfg.validation:
                    self._user_scores(np.zeros(1, np.int64))  # traces the scoring function
                first.result()  # its error, if any, is the warm-up's
            drawn_ahead.set()

        def batches(epoch: int):
            if not drawn_ahead.is_set():
                prepare()
            drawn_ahead.clear()

            def gen():
                for idx, mask in padded_batches(positions, bs):
                    yield (*(tf.constant(c[idx]) for c in columns), tf.constant(mask), one)

            return gen(), n_batches

        def validation_loss(scores: np.ndarray, users: np.ndarray, items: np.ndarray) -> float:
            # The training loss (BCE over the positive and ``negatives`` sampled negatives) on
            # the held-out positives; the negatives are drawn with a fixed seed every epoch, so
            # epochs compare.
            neg = sample_negatives(
                train, np.repeat(users, cfg.negatives), np.random.default_rng(cfg.seed + 1)
            ).reshape(len(users), cfg.negatives)
            rows = np.arange(len(users))
            return validation_bce(scores[rows, items], scores[rows[:, None], neg])

        return TrainingPlan(batches, step, self._user_scores, warm_up, validation_loss)

    # -- scoring --------------------------------------------------------------------------------

    def score_rows(self, rows: sp.csr_matrix, user_indices: np.ndarray) -> np.ndarray:
        self._require_network()
        users = np.asarray(user_indices, dtype=np.int64)
        if np.any(users < 0):
            raise ModelError(
                "NeuMF scores only users it was trained on (it has no embedding for a new user); "
                "retrain it to include them"
            )
        return check_finite(self._user_scores(users), "NeuMF")

    def item_vectors(self, items: np.ndarray) -> np.ndarray:
        """Unit-length vectors of ``items``: their GMF and MLP embeddings side by side (only
        those rows: an explanation compares a few items, not the catalogue)."""
        return unit_rows(np.concatenate([
            np.asarray(self._layers["gmf_item"].embeddings)[items],
            np.asarray(self._layers["mlp_item"].embeddings)[items],
        ], axis=1))

    def explain(self, row: sp.csr_matrix, user_index: int, item_index: int) -> Explanation:
        items = sp.csr_matrix(row).indices
        items = items[items != item_index]
        if len(items) == 0:
            return Explanation("embedding", (), "You have no items yet to compare it with.")
        sim = self.item_vectors(items) @ self.item_vectors(np.array([item_index]))[0]
        order = np.argsort(-sim, kind="stable")[:3]
        top = tuple((self.item_ids[items[j]], float(sim[j])) for j in order)
        return Explanation.naming(
            "embedding", top, "Close, in what the model learned, to {names}."
        )


def validation_bce(positive: np.ndarray, negatives: np.ndarray) -> float:
    """Mean BCE over the held-out positives (label 1) and their negatives (label 0), logits in."""
    pos = np.asarray(positive, dtype=np.float64)
    neg = np.asarray(negatives, dtype=np.float64).ravel()
    total = np.logaddexp(0.0, -pos).sum() + np.logaddexp(0.0, neg).sum()
    return float(total / (len(pos) + len(neg)))
