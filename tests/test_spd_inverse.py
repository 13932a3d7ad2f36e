"""The in-place inverse of a symmetric positive definite matrix against numpy's inverse."""

import numpy as np
import pytest

from core.models import spd_inverse as spd_module
from core.models.spd_inverse import spd_inverse


def _spd(n: int, seed: int, ridge: float = 1.0) -> np.ndarray:
    x = (np.random.default_rng(seed).random((3 * n, n)) < 0.3).astype(np.float64)
    g = x.T @ x
    g[np.diag_indices(n)] += ridge
    return g


@pytest.mark.parametrize("n, block", [(1, 1024), (7, 1024), (50, 16), (50, 7), (129, 64)])
def test_equals_numpy_inverse_and_reuses_the_memory(monkeypatch, n, block):
    monkeypatch.setattr(spd_module, "_BLOCK", block)  # mirrored in several blocks
    g = _spd(n, n)
    expected = np.linalg.inv(g)
    seconds = []
    work = g.copy()
    got = spd_inverse(work, seconds.append)
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-12)
    np.testing.assert_array_equal(got, got.T)
    assert got.flags.c_contiguous and np.shares_memory(got, work)
    assert len(seconds) == 1 and seconds[0] >= 0.0  # after the factor (no probe: small)
    lower = spd_inverse(g.copy(), lower_only=True)
    np.testing.assert_allclose(np.tril(lower), np.tril(expected), rtol=1e-9, atol=1e-12)


def test_fortran_and_strided_inputs():
    g = _spd(20, 1)
    expected = np.linalg.inv(g)
    np.testing.assert_allclose(spd_inverse(np.asfortranarray(g)), expected, rtol=1e-9)
    big = np.zeros((40, 40))
    big[::2, ::2] = g
    np.testing.assert_allclose(spd_inverse(big[::2, ::2]), expected, rtol=1e-9)


def test_not_positive_definite_falls_back_to_lu_on_the_restored_matrix():
    """Symmetric but indefinite: the factor fails part-way; LU inverts the original matrix."""
    g = _spd(12, 2)
    g[5, 5] = -40.0  # indefinite, still invertible
    expected = np.linalg.inv(g)
    called = []
    got = spd_inverse(g.copy(), called.append)
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-12)
    assert called == []  # no factor (and no probe: small), so no estimate


def test_rejects_non_square_or_non_float64():
    with pytest.raises(ValueError):
        spd_inverse(np.zeros((2, 3)))
    with pytest.raises(ValueError):
        spd_inverse(np.eye(3, dtype=np.float32))


def test_without_scipys_lapack_table_numpy_inverts():
    g = _spd(9, 3)
    expected = np.linalg.inv(g)
    original = spd_module._lapack
    try:
        spd_module._lapack = lambda name: None
        np.testing.assert_allclose(spd_inverse(g.copy()), expected, rtol=1e-9)
    finally:
        spd_module._lapack = original


def test_the_lapack_calls_release_the_gil():
    """A thread ticking every millisecond keeps ticking while a 1,500-item inverse runs (through
    scipy.linalg.lapack it would wait for the whole call). The inverse's own length is checked
    first, so the test can tell a released GIL from a fast call."""
    import threading
    import time

    g = _spd(1500, 5)
    began = time.perf_counter()
    spd_inverse(g.copy())
    whole = time.perf_counter() - began
    done, gaps = threading.Event(), []
    worker = threading.Thread(target=lambda: (spd_inverse(g.copy()), done.set()))
    worker.start()
    last = time.perf_counter()
    while not done.is_set():
        time.sleep(0.001)
        now = time.perf_counter()
        gaps.append(now - last)
        last = now
    worker.join()
    if whole < 0.05:
        pytest.skip(f"the inverse took only {whole * 1000:.0f} ms here: nothing to tell apart")
    assert max(gaps) < 0.8 * whole


def test_the_probe_estimates_the_whole_inverse_before_it_starts(monkeypatch):
    monkeypatch.setattr(spd_module, "PROBE_MIN_ITEMS", 40)
    left = []
    g = _spd(80, 6)
    got = spd_inverse(g.copy(), left.append, tail_per_factor=0.5)
    np.testing.assert_allclose(got, np.linalg.inv(g), rtol=1e-9, atol=1e-12)
    assert len(left) == 2 and all(x > 0 for x in left)  # from the probe, then the factor
    small = []
    spd_inverse(_spd(30, 7), small.append)  # under PROBE_MIN_ITEMS: no probe
    assert len(small) == 1


def test_factor_per_probe_grows_with_size_up_to_the_arithmetic_ratio():
    ratios = [spd_module.factor_per_probe(n) for n in (500, 2000, 8000, 10**6)]
    assert ratios == sorted(ratios)
    assert ratios[1] == pytest.approx(spd_module.PROBE_RATIO_AT_2000)
    assert ratios[-1] == 64.0
