"""Item-kNN's explanation reads the similarities towards one item by (row, column) lookup."""

import numpy as np
import scipy.sparse as sp

from core.models.knn import entries_towards


def _rows_reversed(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """The same matrix with each row's entries stored in reverse column order."""
    indices, data = matrix.indices.copy(), matrix.data.copy()
    for r in range(matrix.shape[0]):
        a, b = matrix.indptr[r], matrix.indptr[r + 1]
        indices[a:b], data[a:b] = indices[a:b][::-1], data[a:b][::-1]
    out = sp.csr_matrix((data, indices, matrix.indptr.copy()), shape=matrix.shape)
    out.has_sorted_indices = False
    return out


def test_entries_towards_one_column_equal_the_column_slice():
    rng = np.random.default_rng(0)
    for trial in range(300):
        n = int(rng.integers(1, 40))
        matrix = sp.random(n, n, density=float(rng.random()), random_state=trial, format="csr")
        if trial % 2:
            matrix = _rows_reversed(matrix)
        rows = rng.integers(0, n, int(rng.integers(0, 12)))  # repeats and empty rows too
        column = int(rng.integers(0, n))
        want = matrix[:, column].toarray().ravel()[rows]
        np.testing.assert_array_equal(entries_towards(matrix, rows, column), want)


def _user_knn_reason_dense(model, row, user_index, item_index):
    """The reason as computed before: over dense rows of every training user."""
    weights = model.neighbours(sp.csr_matrix(row), np.array([user_index])).toarray()[0]
    column = model._scoring_by_item[:, item_index].toarray().ravel()
    contributions = weights * column
    order = np.argsort(-contributions, kind="stable")[:3]
    order = order[contributions[order] > 0]
    return [(model.user_ids[v], float(contributions[v])) for v in order]


def test_user_knn_reasons_equal_the_dense_computation():
    from core.models import create_model
    from core.samples import movie_night

    data = movie_night("small")
    for params in ({"k": 5}, {"k": 50, "similarity": "jaccard"}, {"k": 3, "shrinkage": 10}):
        model = create_model("user-knn", **params).fit(data)
        for user in data.user_ids[:12]:
            row = data.row_vectors([user], model.item_ids)
            u = model.training_user_index(user)
            for item in range(0, len(model.item_ids), 3):
                got = model.explain(row, u, item)
                want = _user_knn_reason_dense(model, row, u, item)
                if want:
                    assert [(n, round(c, 6)) for n, c in got.contributors[:3]] == \
                        [(n, round(c, 6)) for n, c in want]
                else:
                    assert got.kind == "popularity"
