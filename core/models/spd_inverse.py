"""The inverse of a symmetric positive definite matrix, in place, through its Cholesky factor.

EASE inverts ``XᵀX + λI``, symmetric and positive definite for λ > 0. The Cholesky factor
(``potrf``), the inverse of that triangle (``trtri``) and its product with its transpose
(``lauum``; the last two are LAPACK's ``potri``) take n³/6 multiply-adds each — half the
arithmetic of a general inverse (LU factor and inverse) — and work in the matrix's own memory:
1.6x faster than ``scipy.linalg.inv`` at 3,706 items, measured.

In blocks, for progress: one LAPACK call is opaque for seconds (potri alone ran ~7 s at 10,000
items), so its ETA could only be guessed from earlier calls, and that guess was 84-149 % off in
half the benchmark's runs. Here the three stages run as LAPACK's own blocked algorithms written
out (the loops of ``dpotrf``, ``dtrtri`` and ``dlauum`` over column blocks of ``block_size``),
so the BLAS level-3 calls that do the work (gemm, syrk, trsm, trmm) are separate and the
multiply-adds done are known after each: ``on_left(seconds)`` is told the time left from the
measured pace (``core.progress_eta.RecentRate``). Measured on two threads at 10,000 items:
10.2-11.7 s for the native ``potrf`` + ``potri`` and 11.0-11.1 s in blocks of 1,024 (four and
two runs); at 3,706 items 0.62-0.65 s native and 0.68-0.73 s here, in blocks of 512. EASE's
whole fit took the same time either way, side by side (13.0-13.4 s at 10,000 items, 2.2-2.5 s
at 3,706).

The GIL: SciPy's Python wrappers of LAPACK (``scipy.linalg.lapack``, ``scipy.linalg.inv``) hold
it for the whole call — measured with a thread ticking every 1 ms: a 3,000-item inverse stopped
it for 0.9-1.8 s, so the window froze while EASE trained in the app's worker thread. The same
routines are called here through SciPy's public Cython BLAS and LAPACK tables (``cython_blas``'s
and ``cython_lapack``'s function pointers, as numba does) with ctypes, which releases the GIL
during a foreign call. Where those tables cannot be read, ``numpy.linalg.inv`` (which releases
the GIL; LU, into a new array) does the work.

When rounding makes the matrix not positive definite (λ tiny against the counts) the factor
fails part-way; the matrix is then restored from its untouched triangle and inverted by LU.
"""

from __future__ import annotations

import ctypes
import functools
import time
from collections.abc import Callable

import numpy as np

from core.progress_eta import RecentRate

BLOCK_STEPS = 8  # column blocks per stage, at least (finer progress, smaller calls)
BLOCK_MIN, BLOCK_MAX = 128, 1024  # columns per block (below 1,024 BLAS ran ~5-15 % slower)
# Calls timed before there is an ETA: the first blocks of the factor (small products) run up to
# ~2x slower per multiply-add than the rest, which put the first ETA ~40 % high at 3,706 items.
MIN_STEPS = 8
_MIRROR_BLOCK = 1024  # rows per block when mirroring a triangle (bounded temporaries)
# Routine: (table, number of arguments); LAPACK's routines end with ``info``.
_ROUTINES = {
    "dgemm": ("cython_blas", 13), "dsyrk": ("cython_blas", 10),
    "dtrsm": ("cython_blas", 11), "dtrmm": ("cython_blas", 11),
    "dpotrf": ("cython_lapack", 5), "dtrtri": ("cython_lapack", 6),
    "dlauum": ("cython_lapack", 5),
}
_Step = tuple[str, float, tuple]  # (routine, multiply-adds, arguments; (i, j) = a block's corner)
# Time per multiply-add of each routine against dgemm's, for the progress (not the arithmetic):
# the triangular and symmetric routines and the small diagonal-block factors run slower, and the
# factor's first blocks are mostly those, so counting plain multiply-adds put the first ETA
# 19-45 % high at 3,706 items. Measured per call on two threads (2026-12-02 18:45 UTC), relative
# to dgemm at 3,706 / 10,000 items: trmm 1.06 / 0.99, syrk 1.40 / 1.14, trsm 1.67 / 1.29,
# lauum 1.83 / 1.36, potrf 5.0 (its first call starts BLAS's threads) / 1.85, trtri 2.4 / 1.75.
ROUTINE_COST = {"dgemm": 1.0, "dtrmm": 1.0, "dsyrk": 1.25, "dtrsm": 1.5, "dlauum": 1.6,
                "dpotrf": 2.5, "dtrtri": 2.0}


class _NotPositiveDefinite(Exception):
    pass


class InverseStopped(Exception):
    """``stop()`` said so between two block calls; the matrix is left part-way (discard it)."""


@functools.cache
def _routine(name: str) -> Callable[..., None] | None:
    """SciPy's compiled BLAS or LAPACK routine ``name`` as a ctypes function (GIL released while
    it runs), or None when it cannot be found."""
    table_name, arguments = _ROUTINES[name]
    try:
        import importlib

        table = importlib.import_module(f"scipy.linalg.{table_name}")
        capsule = table.__pyx_capi__[name]
        get_name = ctypes.pythonapi.PyCapsule_GetName
        get_name.restype, get_name.argtypes = ctypes.c_char_p, [ctypes.py_object]
        get_pointer = ctypes.pythonapi.PyCapsule_GetPointer
        get_pointer.restype = ctypes.c_void_p
        get_pointer.argtypes = [ctypes.py_object, ctypes.c_char_p]
        signature = get_name(capsule)
        if not signature.startswith(b"void (char *") or signature.count(b",") != arguments - 1:
            return None
        kind = ctypes.CFUNCTYPE(None, *([ctypes.c_void_p] * arguments))
        return kind(get_pointer(capsule, signature))
    except Exception:  # not this SciPy's layout: numpy does the work
        return None


def block_size(n: int) -> int:
    """Columns per block for an ``n`` × ``n`` matrix: about ``BLOCK_STEPS`` blocks, a multiple
    of 64 within [``BLOCK_MIN``, ``BLOCK_MAX``]."""
    return int(min(BLOCK_MAX, max(BLOCK_MIN, -(-n // BLOCK_STEPS // 64) * 64)))


def spd_inverse(a: np.ndarray, on_left: Callable[[float], None] | None = None,
                lower_only: bool = False, tail_per_factor: float = 0.0,
                stop: Callable[[], bool] | None = None) -> np.ndarray:
    """The inverse of the symmetric positive definite float64 matrix ``a`` (square), computed in
    ``a``'s memory when it is contiguous (``a`` is then destroyed); returned C-ordered, or with
    ``lower_only`` as it comes from LAPACK: only its lower triangle (diagonal included) holds the
    inverse, the rest is left over.

    ``on_left(seconds)`` is told the seconds expected to be left after each block, from the
    measured pace; ``tail_per_factor`` is the caller's work after the inverse, in seconds per
    second of the factor (the first of the three stages), included in those figures.
    ``stop()`` is asked before each block call; when it says so, ``InverseStopped`` is raised
    (an abandoned inverse ends within one block instead of running on unused for seconds)."""
    n = a.shape[0]
    if a.ndim != 2 or a.shape != (n, n) or a.dtype != np.float64:
        raise ValueError(f"expected a square float64 matrix, got {a.shape} {a.dtype}")
    if n == 0 or any(_routine(name) is None for name in _ROUTINES):
        return np.linalg.inv(a)
    # LAPACK works in Fortran order: a symmetric C-ordered matrix is its own Fortran-ordered
    # transpose, so the lower triangle of ``work`` is the upper triangle of ``a`` (same values)
    work = a.T if a.flags.c_contiguous else np.asfortranarray(a)
    diagonal = np.diag(work).copy()
    nb = block_size(n)
    factor, invert = _factor_steps(n, nb), _invert_steps(n, nb)
    total = sum(_work(step) for step in factor + invert)
    factor_share = sum(_work(step) for step in factor) / total
    timed = min(MIN_STEPS, max(len(factor) + len(invert) - 1, 1))  # calls before an ETA
    pace, began, done = RecentRate(trust_start=True, min_intervals=timed), time.perf_counter(), 0.0
    try:
        for step in factor + invert:
            name, _, arguments = step
            if stop is not None and stop():
                raise InverseStopped
            _call(name, arguments, work)
            done += _work(step)
            if on_left is not None:
                elapsed = time.perf_counter() - began
                left = pace.update(elapsed, min(done / total, 1.0))
                if left is not None:
                    on_left(left + tail_per_factor * factor_share * (elapsed + left))
    except _NotPositiveDefinite:  # not positive definite in floating point: restore, then LU
        _mirror_upper_to_lower(work)
        work[np.diag_indices(n)] = diagonal
        return np.linalg.inv(work)
    if lower_only:
        return work
    _mirror_lower_to_upper(work)
    return work.T  # symmetric: its transpose is the same matrix, C-ordered


def _work(step: _Step) -> float:
    """A step's share of the time, in dgemm multiply-adds (``ROUTINE_COST``)."""
    return step[1] * ROUTINE_COST.get(step[0], 1.0)


def _factor_steps(n: int, nb: int) -> list[_Step]:
    """LAPACK ``dpotrf``'s blocked loop (lower, left-looking): A = L Lᵀ, L over A's lower
    triangle."""
    steps: list[_Step] = []
    for j in range(0, n, nb):
        jb, rest = min(nb, n - j), n - j - min(nb, n - j)
        if j:
            steps.append(("dsyrk", jb * jb * j / 2, (b"L", b"N", jb, j, -1.0, (j, 0), 1.0,
                                                      (j, j))))
        steps.append(("dpotrf", jb ** 3 / 6, (b"L", jb, (j, j))))
        if rest:
            if j:
                steps.append(("dgemm", rest * jb * j, (b"N", b"T", rest, jb, j, -1.0,
                                                       (j + jb, 0), (j, 0), 1.0, (j + jb, j))))
            steps.append(("dtrsm", rest * jb * jb / 2, (b"R", b"L", b"T", b"N", rest, jb, 1.0,
                                                        (j, j), (j + jb, j))))
    return steps


def _invert_steps(n: int, nb: int) -> list[_Step]:
    """LAPACK ``dtrtri``'s blocked loop (L⁻¹ in place, last block first), then ``dlauum``'s
    (L⁻ᵀ L⁻¹ = A⁻¹ over the lower triangle): ``dpotri``'s two stages."""
    steps: list[_Step] = []
    for j in range((n - 1) // nb * nb, -1, -nb):
        jb, rest = min(nb, n - j), n - j - min(nb, n - j)
        if rest:
            steps.append(("dtrmm", rest * rest * jb / 2, (b"L", b"L", b"N", b"N", rest, jb, 1.0,
                                                          (j + jb, j + jb), (j + jb, j))))
            steps.append(("dtrsm", rest * jb * jb / 2, (b"R", b"L", b"N", b"N", rest, jb, -1.0,
                                                        (j, j), (j + jb, j))))
        steps.append(("dtrtri", jb ** 3 / 6, (b"L", b"N", jb, (j, j))))
    for i in range(0, n, nb):
        ib, rest = min(nb, n - i), n - i - min(nb, n - i)
        if i:
            steps.append(("dtrmm", ib * ib * i / 2, (b"L", b"L", b"T", b"N", ib, i, 1.0, (i, i),
                                                     (i, 0))))
        steps.append(("dlauum", ib ** 3 / 6, (b"L", ib, (i, i))))
        if rest:
            if i:
                steps.append(("dgemm", ib * i * rest, (b"T", b"N", ib, i, rest, 1.0, (i + ib, i),
                                                       (i + ib, 0), 1.0, (i, 0))))
            steps.append(("dsyrk", ib * ib * rest / 2, (b"L", b"T", ib, rest, 1.0, (i + ib, i),
                                                        1.0, (i, i))))
    return steps


def _call(name: str, arguments: tuple, m: np.ndarray) -> None:
    """Routine ``name`` on the Fortran-ordered square ``m``: ``arguments`` as in BLAS/LAPACK, a
    block's corner ``(i, j)`` standing for its address and the leading dimension."""
    lda = ctypes.c_int(m.shape[0])
    base, step = m.ctypes.data, m.itemsize
    values: list = []
    for argument in arguments:
        if isinstance(argument, bytes):
            values.append(argument)
        elif isinstance(argument, tuple):
            i, j = argument
            values += [ctypes.c_void_p(base + step * (i + j * m.shape[0])), ctypes.byref(lda)]
        elif isinstance(argument, float):
            values.append(ctypes.byref(ctypes.c_double(argument)))
        else:
            values.append(ctypes.byref(ctypes.c_int(argument)))
    info = ctypes.c_int(0)
    if _ROUTINES[name][0] == "cython_lapack":
        values.append(ctypes.byref(info))
    _routine(name)(*values)
    if info.value > 0 and name == "dpotrf":
        raise _NotPositiveDefinite
    if info.value > 0:
        raise np.linalg.LinAlgError(f"the Cholesky factor is singular ({name} info {info.value})")
    if info.value < 0:
        raise ValueError(f"LAPACK {name} rejected argument {-info.value}")


def _mirror_lower_to_upper(m: np.ndarray) -> None:
    """Copy the lower triangle of square ``m`` onto its upper triangle, block by block."""
    n = m.shape[0]
    for r in range(0, n, _MIRROR_BLOCK):
        e = min(r + _MIRROR_BLOCK, n)
        block = m[r:e, r:e]
        block[...] = np.tril(block) + np.tril(block, -1).T
        m[r:e, e:] = m[e:, r:e].T


def _mirror_upper_to_lower(m: np.ndarray) -> None:
    """Copy the upper triangle of square ``m`` onto its lower triangle, block by block."""
    _mirror_lower_to_upper(m.T)
