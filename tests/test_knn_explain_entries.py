"""Item-kNN's explanation reads the similarities towards one item by (row, column) lookup."""

import numpy as np
import scipy.sparse as sp

from core.models.knn import _EntryLookup


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
        np.testing.assert_array_equal(_EntryLookup(matrix).towards(rows, column), want)
