"""The in-place inverse of a symmetric positive definite matrix against numpy's inverse."""

from types import SimpleNamespace

import numpy as np
import pytest

from core.models import spd_inverse as spd_module
from core.models.spd_inverse import spd_inverse


def _spd(n: int, seed: int, ridge: float = 1.0) -> np.ndarray:
    x = (np.random.default_rng(seed).random((3 * n, n)) < 0.3).astype(np.float64)
    g = x.T @ x
    g[np.diag_indices(n)] += ridge
    return g


@pytest.mark.parametrize("n, columns, mirror", [(1, 1024, 1024), (7, 1024, 1024), (50, 16, 16),
                                              (50, 7, 7), (129, 64, 64), (129, 1, 1024)])
def test_equals_numpy_inverse_and_reuses_the_memory(monkeypatch, n, columns, mirror):
    """In one block and in many (``columns`` per block, down to one), and mirrored in several."""
    monkeypatch.setattr(spd_module, "BLOCK_MIN", columns)
    monkeypatch.setattr(spd_module, "BLOCK_MAX", columns)
    monkeypatch.setattr(spd_module, "_MIRROR_BLOCK", mirror)
    g = _spd(n, n)
    expected = np.linalg.inv(g)
    seconds = []
    work = g.copy()
    got = spd_inverse(work, seconds.append)
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-12)
    np.testing.assert_array_equal(got, got.T)
    assert got.flags.c_contiguous and np.shares_memory(got, work)
    assert seconds and all(s >= 0.0 for s in seconds)
    lower = spd_inverse(g.copy(), lower_only=True)
    np.testing.assert_allclose(np.tril(lower), np.tril(expected), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("n, expected", [(1, 128), (100, 128), (3706, 512), (6000, 768),
                                         (10_000, 1024), (10**6, 1024)])
def test_block_size_makes_about_eight_blocks_within_bounds(n, expected):
    assert spd_module.block_size(n) == expected


@pytest.mark.parametrize("n, nb", [(1000, 128), (1000, 100), (777, 64), (5, 2)])
def test_the_blocked_stages_count_lapacks_arithmetic(n, nb):
    """n³/6 multiply-adds for the factor and for each of potri's two stages, up to the terms of
    lower order that a block's own diagonal adds (brute force: the count of the unblocked
    loops, column by column)."""
    factor = sum(s[1] for s in spd_module._factor_steps(n, nb))
    invert = sum(s[1] for s in spd_module._invert_steps(n, nb))
    one_column = sum(n - j for j in range(n))  # lower-order bound per stage, n²/2
    assert abs(factor - n ** 3 / 6) < 2 * one_column * nb
    assert abs(invert - n ** 3 / 3) < 4 * one_column * nb


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
    assert called == []  # one block: the factor failed in the first call, before any estimate


def test_rejects_non_square_or_non_float64():
    with pytest.raises(ValueError):
        spd_inverse(np.zeros((2, 3)))
    with pytest.raises(ValueError):
        spd_inverse(np.eye(3, dtype=np.float32))


def test_without_scipys_lapack_table_numpy_inverts():
    g = _spd(9, 3)
    expected = np.linalg.inv(g)
    original = spd_module._routine
    try:
        spd_module._routine = lambda name: None
        np.testing.assert_allclose(spd_inverse(g.copy()), expected, rtol=1e-9)
    finally:
        spd_module._routine = original


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


def test_the_time_left_follows_the_blocks_and_counts_the_callers_tail(monkeypatch):
    """Fake clock: each BLAS/LAPACK call takes a second per 10⁶ multiply-adds times its
    routine's relative cost (``ROUTINE_COST``), so the time left after each block is known
    exactly; with a tail of 0.5 s per second of the factor, half the factor's time is added."""
    monkeypatch.setattr(spd_module, "BLOCK_MIN", 32)
    monkeypatch.setattr(spd_module, "BLOCK_MAX", 32)
    clock = [0.0]
    call = spd_module._call

    def timed(name, arguments, m):
        step = next(s for s in steps if s[0] == name and s[2] == arguments)
        clock[0] += spd_module._work(step) / 1e6
        call(name, arguments, m)

    n = 200
    steps = spd_module._factor_steps(n, 32) + spd_module._invert_steps(n, 32)
    whole = sum(spd_module._work(s) for s in steps) / 1e6
    factor = sum(spd_module._work(s) for s in spd_module._factor_steps(n, 32)) / 1e6
    monkeypatch.setattr(spd_module, "_call", timed)
    monkeypatch.setattr(spd_module, "time", SimpleNamespace(perf_counter=lambda: clock[0]))
    left, plain = [], []
    spd_inverse(_spd(n, 6), lambda s: left.append((clock[0], s)), tail_per_factor=0.5)
    clock[0] = 0.0
    spd_inverse(_spd(n, 6), lambda s: plain.append((clock[0], s)))
    assert len(plain) == len(steps) - spd_module.MIN_STEPS + 1  # once MIN_STEPS are timed
    for when, seconds in plain:
        assert seconds == pytest.approx(whole - when, abs=1e-6)
    for (_, seconds), (_, without) in zip(left, plain, strict=True):
        assert seconds == pytest.approx(without + 0.5 * factor, rel=1e-6)


def test_stops_at_the_first_block_lapack_rejects(monkeypatch):
    """A singular triangle (impossible after a good factor, forced here) raises LinAlgError."""
    original = spd_module._routine

    def failing(name):
        if name != "dtrtri":
            return original(name)

        def call(*values):
            values[-1]._obj.value = 3  # LAPACK's info
        return call

    monkeypatch.setattr(spd_module, "_routine", failing)
    with pytest.raises(np.linalg.LinAlgError, match="dtrtri"):
        spd_inverse(_spd(10, 8))


def test_a_stop_ends_the_inverse_before_the_next_block_call(monkeypatch):
    from core.models.spd_inverse import InverseStopped

    monkeypatch.setattr(spd_module, "BLOCK_MIN", 32)
    monkeypatch.setattr(spd_module, "BLOCK_MAX", 32)
    calls = []
    call = spd_module._call

    def counted(name, arguments, m):
        calls.append(name)
        call(name, arguments, m)

    monkeypatch.setattr(spd_module, "_call", counted)
    with pytest.raises(InverseStopped):
        spd_inverse(_spd(200, 4), stop=lambda: len(calls) >= 5)
    assert len(calls) == 5  # no call after the stop
    calls.clear()
    a = _spd(200, 4)
    expected = np.linalg.inv(a)
    np.testing.assert_allclose(spd_inverse(a, stop=lambda: False), expected, rtol=1e-8,
                               atol=1e-12)
    assert len(calls) > 5
