"""The MLP's sparse input path (tf.SparseTensor into the first layer) equals the dense one."""

import numpy as np
import pytest
import scipy.sparse as sp

from core.models import create_model
from core.synthetic import shape_data


@pytest.mark.parametrize("hidden", [(16,), (12, 8), (6, 5, 4)])
@pytest.mark.parametrize("density", [0.01, 0.2])
def test_sparse_forward_pass_equals_the_dense_one(hidden, density):
    model = create_model("mlp", hidden=hidden, epochs=1, batch_size=16, validation=False)
    model.item_ids = [str(j) for j in range(300)]
    model._build()
    rng = np.random.default_rng(1)
    rows = sp.random(40, 300, density=density, random_state=2, format="csr", dtype=np.float32)
    rows.data = rng.random(rows.nnz).astype(np.float32) + 0.1
    x = model._sparse_input(rows)
    dense = model.network(x.toarray(), training=False).numpy()
    sparse = model._logits(x)
    np.testing.assert_allclose(sparse, dense, rtol=1e-5, atol=1e-5)
    # the normalised input: unit rows, zeros where the row is empty
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    np.testing.assert_allclose(norms[np.diff(rows.indptr) > 0], 1.0, rtol=1e-6)


def test_mlp_trains_on_a_wide_sparse_table_and_scores_every_user():
    data = shape_data("long-tail", scale=0.05)  # 100 users × 1,000 items, 0.25 % dense
    model = create_model("mlp", hidden=(16,), epochs=2, batch_size=32, validation=False)
    model.fit(data)
    scores = model.score_rows(data.matrix[:10], np.arange(10))
    assert scores.shape == (10, data.n_items) and np.isfinite(scores).all()
