"""Brute-force references that tests of several modules compare against."""

import numpy as np


def brute_force_ease(x: np.ndarray, lam: float) -> np.ndarray:
    """EASE weights, column j: ridge regression of item j on every other item (b_jj = 0),
    solved one column at a time: argmin_b |x_j - X_{-j} b|^2 + lam |b|^2."""
    n = x.shape[1]
    b = np.zeros((n, n))
    for j in range(n):
        others = [i for i in range(n) if i != j]
        a = x[:, others]
        b[others, j] = np.linalg.solve(a.T @ a + lam * np.eye(n - 1), a.T @ x[:, j])
    return b
