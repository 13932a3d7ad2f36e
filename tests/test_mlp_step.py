"""The MLP's training step on sparse batches equals the former dense one (dense target,
autodiff L2 penalty, keras.optimizers.Adam); the fused Adam equals Keras's; the validation
metrics computed without copies equal the straightforward ones."""

import numpy as np
import pytest
import scipy.sparse as sp

from core.models import create_model
from core.models.neural.mlp import ValidationBlock, validation_nll
from core.models.neural.training import TargetRanks, rank_metrics


def test_fused_adam_follows_keras_adam_step_by_step():
    import keras
    import tensorflow as tf

    from core.models.neural.fused_adam import FusedAdam

    rng = np.random.default_rng(0)
    start = [rng.standard_normal((7, 5)).astype(np.float32),
             rng.standard_normal(5).astype(np.float32)]
    ours = [tf.Variable(w) for w in start]
    ref = [tf.Variable(w) for w in start]
    fused = FusedAdam(ours, learning_rate=0.01)
    keras_adam = keras.optimizers.Adam(learning_rate=0.01)
    for _ in range(6):
        grads = [tf.constant(rng.standard_normal(w.shape).astype(np.float32)) for w in start]
        tf.function(fused.apply)(grads)
        keras_adam.apply_gradients(zip(grads, ref, strict=True))
    assert int(fused.iterations.numpy()) == 6
    for a, b in zip(ours, ref, strict=True):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-5, atol=1e-6)
        assert not np.allclose(a.numpy(), start[0] if a.shape == start[0].shape else start[1])


def test_fused_adam_sums_an_embedding_gradient_before_squaring():
    """An embedding gradient comes as rows with repeats (a user met twice in a batch): the
    fused Adam steps on their sum, exactly as Keras's Adam does given that sum densely (Keras
    given the rows squares each one apart: NeuMF and Caser use the fused Adam for this reason)."""
    import keras
    import tensorflow as tf

    from core.models.neural.fused_adam import FusedAdam

    rng = np.random.default_rng(1)
    start = rng.standard_normal((6, 3)).astype(np.float32)
    ours, ref = tf.Variable(start), tf.Variable(start)
    fused = FusedAdam([ours], learning_rate=0.01)
    keras_adam = keras.optimizers.Adam(learning_rate=0.01)
    for _ in range(4):
        rows = tf.constant([0, 2, 2, 5, 2, 0])
        values = tf.constant(rng.standard_normal((6, 3)).astype(np.float32))
        tf.function(fused.apply)([tf.IndexedSlices(values, rows, tf.constant([6, 3]))])
        summed = tf.math.unsorted_segment_sum(values, rows, 6)
        keras_adam.apply_gradients([(summed, ref)])
    np.testing.assert_allclose(ours.numpy(), ref.numpy(), rtol=1e-5, atol=1e-6)
    untouched = [1, 3, 4]
    np.testing.assert_array_equal(ours.numpy()[untouched], start[untouched])
    assert not np.allclose(ours.numpy()[[0, 2, 5]], start[[0, 2, 5]])


def test_multinomial_terms_equal_the_dense_formula():
    import tensorflow as tf

    rng = np.random.default_rng(3)
    logits = rng.standard_normal((6, 11)).astype(np.float32)
    target = sp.random(6, 11, density=0.3, random_state=4, format="csr", dtype=np.float32)
    target.data = rng.random(target.nnz).astype(np.float32) + 0.2
    from core.models.neural.mlp import MLPRecommender
    from core.models.neural.mlp_step import multinomial_terms

    z = tf.constant(logits)
    upstream = rng.standard_normal(6).astype(np.float32)
    with tf.GradientTape() as tape:
        tape.watch(z)
        per_user, mass = multinomial_terms(z, MLPRecommender._to_tf_sparse(target))
        weighted = tf.reduce_sum(per_user * upstream)
    z64 = logits.astype(np.float64)
    p = np.exp(z64) / np.exp(z64).sum(axis=1, keepdims=True)
    dense = target.toarray().astype(np.float64)
    np.testing.assert_allclose(per_user.numpy(), -(np.log(p) * dense).sum(axis=1), rtol=1e-5)
    np.testing.assert_allclose(mass.numpy(), dense.sum(axis=1), rtol=1e-6)
    # d/dz_j of -sum_j t_j log p_j is (sum_j t_j) p_j - t_j, per user, times its upstream
    want = (dense.sum(axis=1, keepdims=True) * p - dense) * upstream[:, None]
    np.testing.assert_allclose(tape.gradient(weighted, z).numpy(), want, rtol=1e-4, atol=1e-6)


def _former_step(model, l2, learning_rate):
    """The step as it was before the sparse target: dense target, L2 through autodiff, Keras
    Adam."""
    import keras
    import tensorflow as tf

    net = model.network
    optimizer = keras.optimizers.Adam(learning_rate=learning_rate)
    kernels = [w for w in net.trainable_variables if "kernel" in w.path]

    def step(x_in, target):
        with tf.GradientTape() as tape:
            logits = model._forward_sparse(x_in, training=True)
            per_user = -tf.reduce_sum(tf.nn.log_softmax(logits) * target, axis=1)
            loss = tf.reduce_mean(per_user) + l2 * tf.add_n(
                [tf.reduce_sum(tf.square(w)) for w in kernels])
        grads = tape.gradient(loss, net.trainable_variables)
        optimizer.apply_gradients(zip(grads, net.trainable_variables, strict=True))
        mass = tf.maximum(tf.reduce_sum(target, axis=1), 1e-12)
        return tf.reduce_mean(per_user / mass)

    return step


@pytest.mark.parametrize("hidden", [(8,), (6, 4)])
def test_sparse_step_equals_the_former_dense_step(hidden):
    import tensorflow as tf

    from core.models.neural.mlp_step import make_step

    n_items, l2, lr = 40, 0.01, 0.05

    def fresh():
        model = create_model("mlp", hidden=hidden, dropout=0.0, seed=2)
        model.item_ids = [str(j) for j in range(n_items)]
        model._build()
        return model

    ours, ref = fresh(), fresh()
    step, _ = make_step(ours._forward_sparse, ours.network, n_items, l2, lr)
    former = _former_step(ref, l2, lr)
    rng = np.random.default_rng(5)
    for b in range(4):
        rows = sp.random(9, n_items, density=0.15, random_state=b, format="csr",
                         dtype=np.float32)
        rows.data = rng.random(rows.nnz).astype(np.float32) + 0.1
        rows = rows[np.diff(rows.indptr) > 0]
        x = ours._sparse_input(rows)
        got = float(step(ours._to_tf_sparse(x), ours._to_tf_sparse(rows), tf.constant(1.0)))
        want = float(former(ref._to_tf_sparse(x), tf.constant(rows.toarray())))
        assert got == pytest.approx(want, rel=1e-5)
    for a, b in zip(ours.network.get_weights(), ref.network.get_weights(), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)


def test_warm_up_step_changes_nothing():
    import tensorflow as tf

    from core.models.neural.mlp_step import make_step

    model = create_model("mlp", hidden=(5,), seed=1)
    model.item_ids = [str(j) for j in range(12)]
    model._build()
    before = model.network.get_weights()
    step, optimizer = make_step(model._forward_sparse, model.network, 12, 0.1, 0.01)
    rows = sp.csr_matrix(np.eye(3, 12, dtype=np.float32))
    step(model._to_tf_sparse(rows), model._to_tf_sparse(rows), tf.constant(0.0))
    optimizer.iterations.assign(0)
    for a, b in zip(before, model.network.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


def _rank_metrics_reference(scores, seen, targets, k):
    """Mask the seen cells with -inf in a float64 copy, then count (the former code)."""
    scores = np.array(scores, dtype=np.float64)
    coo = seen.tocoo()
    scores[coo.row, coo.col] = -np.inf
    target = scores[np.arange(len(targets)), targets]
    rank = (scores > target[:, None]).sum(axis=1)
    hit = rank < k
    ndcg = np.where(hit, 1.0 / np.log2(rank + 2.0), 0.0)
    return {f"HR@{k}": float(hit.mean()), f"NDCG@{k}": float(ndcg.mean())}


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64])
@pytest.mark.parametrize("n_rows", [1, 7, 1300])
def test_rank_metrics_equal_the_masked_copy(dtype, n_rows):
    rng = np.random.default_rng(n_rows)
    n_items = 60
    scores = rng.integers(0, 8, (n_rows, n_items)).astype(dtype)  # many ties
    seen = sp.random(n_rows, n_items, density=0.2, random_state=n_rows, format="csr")
    targets = rng.integers(0, n_items, n_rows)  # some of them seen: they rank last
    for k in (1, 5, 10):
        assert rank_metrics(scores, seen, targets, k) == pytest.approx(
            _rank_metrics_reference(scores, seen, targets, k))
    kept = TargetRanks(seen, targets)  # one per fit, scores changing epoch by epoch
    for shift in range(3):
        moved = np.roll(scores, shift, axis=1)
        assert kept.metrics(moved, 5) == pytest.approx(
            _rank_metrics_reference(moved, seen, targets, 5))


def test_validation_nll_equals_float64_numpy():
    rng = np.random.default_rng(7)
    logits = (rng.standard_normal((50, 300)) * 4).astype(np.float32)
    items = rng.integers(0, 300, 50)
    z = logits.astype(np.float64)
    top = z.max(axis=1, keepdims=True)
    want = np.mean(top[:, 0] + np.log(np.exp(z - top).sum(axis=1)) - z[np.arange(50), items])
    assert validation_nll(logits, items) == pytest.approx(want, rel=1e-5)


def test_validation_block_scores_and_loss_equal_plain_scoring():
    from core.interactions import Interactions
    from core.models.neural.mlp import POLL_BATCH

    rng = np.random.default_rng(5)
    rows = sp.random(600, 40, density=0.1, random_state=5, format="csr", dtype=np.float32)
    rows.data[:] = 1.0
    data = Interactions([f"u{i}" for i in range(600)], [f"i{j}" for j in range(40)], rows)
    model = create_model("mlp", hidden=(8,), epochs=1, validation=False).fit(data)
    block, polls = ValidationBlock(), []
    items = rng.integers(0, 40, 600)
    got = block.score(model._logits_and_norms, rows, lambda: polls.append(1) and False)
    want = model._score_dense(rows)
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-6)
    assert len(polls) == -(-600 // POLL_BATCH) + 1  # between batches and once at the end
    assert block.nll(got, items) == pytest.approx(validation_nll(want, items), rel=1e-5)
    kept = block.logits
    assert block.score(model._logits_and_norms, rows, lambda: False) is kept  # no fresh array
    calls: list[int] = []
    assert block.score(model._logits_and_norms, rows,
                       lambda: bool(calls.append(1)) or len(calls) > 1) is None
