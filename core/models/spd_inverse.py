"""The inverse of a symmetric positive definite matrix, in place, through its Cholesky factor.

EASE inverts ``XᵀX + λI``, symmetric and positive definite for λ > 0. LAPACK's ``potrf`` (the
Cholesky factor, n³/3 multiply-adds) then ``potri`` (the inverse from it, 2n³/3) do half the
arithmetic of a general inverse (LU factor and inverse, 2n³) and work in the matrix's own memory:
1.6x faster than ``scipy.linalg.inv`` at 3,706 items, measured.

The GIL: SciPy's Python wrappers of LAPACK (``scipy.linalg.lapack``, ``scipy.linalg.inv``) hold
it for the whole call — measured with a thread ticking every 1 ms: a 3,000-item inverse stopped
it for 0.9-1.8 s, so the window froze while EASE trained in the app's worker thread. The same
routines are called here through SciPy's public Cython LAPACK table (``cython_lapack``'s function
pointers, as numba does) with ctypes, which releases the GIL during a foreign call: the ticking
thread then never waited more than 16 ms. Where that table cannot be read, ``numpy.linalg.inv``
(which releases the GIL; LU, into a new array) does the work.

How long it will take: ``on_left(seconds)`` is told the seconds expected to be left before the
factor starts, from a probe — the factor of the leading quarter block (1/64 of the factor's
arithmetic; ~1.5 % of its time), scaled by the measured ratio of the two (``factor_per_probe``:
small blocks run further from the machine's peak) — and again once the factor is done, from its
own time (the rest takes ``INVERT_PER_FACTOR`` times as long).

When rounding makes the matrix not positive definite (λ tiny against the counts) the factor
fails part-way; the matrix is then restored from its untouched triangle and inverted by LU.
"""

from __future__ import annotations

import ctypes
import functools
import time
from collections.abc import Callable

import numpy as np

# potri's seconds per second of the factor (potrf) on the quiet 2-core machine of
# docs/BENCHMARKS.md (OpenBLAS, two threads): 1.8-2.0 in one process and up to 2.3 in the
# benchmarks' fresh processes at 3,706-10,000 items (factor 0.13-2.1 s), huge pages off for the
# matrix (``core.models.ease``). It does twice the factor's arithmetic.
INVERT_PER_FACTOR = 2.1
# The factor's seconds per second of the probe's (the leading n/4 block's factor), measured on
# that machine: 25.4, 29.1, 34.1, 39.3 at n = 2,000, 3,706, 5,000, 8,000 (growing ~n^0.31, as
# the small block's efficiency falls behind; at most the arithmetic's 64).
PROBE_RATIO_AT_2000 = 25.4
PROBE_RATIO_SLOPE = 0.31
PROBE_MIN_ITEMS = 1000  # below, the inverse takes milliseconds: no probe
_BLOCK = 1024  # rows per block when mirroring a triangle (bounded temporaries)
_INT_P = ctypes.POINTER(ctypes.c_int)
# void (char *uplo, int *n, double *a, int *lda, int *info)
_SIGNATURE = ctypes.CFUNCTYPE(None, ctypes.c_char_p, _INT_P, ctypes.POINTER(ctypes.c_double),
                              _INT_P, _INT_P)


@functools.cache
def _lapack(name: str) -> Callable[..., None] | None:
    """SciPy's compiled LAPACK routine ``name`` as a ctypes function (GIL released while it
    runs), or None when it cannot be found."""
    try:
        from scipy.linalg import cython_lapack

        capsule = cython_lapack.__pyx_capi__[name]
        get_name = ctypes.pythonapi.PyCapsule_GetName
        get_name.restype, get_name.argtypes = ctypes.c_char_p, [ctypes.py_object]
        get_pointer = ctypes.pythonapi.PyCapsule_GetPointer
        get_pointer.restype = ctypes.c_void_p
        get_pointer.argtypes = [ctypes.py_object, ctypes.c_char_p]
        signature = get_name(capsule)
        if not signature.startswith(b"void (char *, int *,") or b"_d *, int *, int *)" not in \
                signature:
            return None
        return _SIGNATURE(get_pointer(capsule, signature))
    except Exception:  # not this SciPy's layout: numpy does the work
        return None


def factor_per_probe(n: int) -> float:
    """Expected seconds of the factor of an ``n`` × ``n`` matrix per second of its leading
    ``n // 4`` block's factor (see ``PROBE_RATIO_AT_2000``)."""
    return float(min(64.0, PROBE_RATIO_AT_2000 * (max(n, 1) / 2000.0) ** PROBE_RATIO_SLOPE))


def spd_inverse(a: np.ndarray, on_left: Callable[[float], None] | None = None,
                lower_only: bool = False, tail_per_factor: float = 0.0) -> np.ndarray:
    """The inverse of the symmetric positive definite float64 matrix ``a`` (square), computed in
    ``a``'s memory when it is contiguous (``a`` is then destroyed); returned C-ordered, or with
    ``lower_only`` as it comes from LAPACK: only its lower triangle (diagonal included) holds the
    inverse, the rest is left over.

    ``on_left(seconds)`` is told the seconds expected to be left: before the factor (from the
    probe) and after it (from its own time); ``tail_per_factor`` is the caller's work after the
    inverse, in seconds per second of the factor, included in those figures."""
    n = a.shape[0]
    if a.ndim != 2 or a.shape != (n, n) or a.dtype != np.float64:
        raise ValueError(f"expected a square float64 matrix, got {a.shape} {a.dtype}")
    potrf, potri = _lapack("dpotrf"), _lapack("dpotri")
    if n == 0 or potrf is None or potri is None:
        return np.linalg.inv(a)
    # LAPACK works in Fortran order: a symmetric C-ordered matrix is its own Fortran-ordered
    # transpose, so the lower triangle of ``work`` is the upper triangle of ``a`` (same values)
    work = a.T if a.flags.c_contiguous else np.asfortranarray(a)
    diagonal = np.diag(work).copy()
    after_factor = INVERT_PER_FACTOR + tail_per_factor
    if on_left is not None and n >= PROBE_MIN_ITEMS:
        probe = np.asfortranarray(work[: n // 4, : n // 4])
        began = time.perf_counter()
        _lower(potrf, probe)
        on_left((time.perf_counter() - began) * factor_per_probe(n) * (1.0 + after_factor))
    started = time.perf_counter()
    info = _lower(potrf, work)
    if info > 0:  # not positive definite in floating point: restore, then LU
        _mirror_upper_to_lower(work)
        work[np.diag_indices(n)] = diagonal
        return np.linalg.inv(work)
    if info < 0:
        raise ValueError(f"LAPACK potrf rejected argument {-info}")
    if on_left is not None:
        on_left((time.perf_counter() - started) * after_factor)
    value = _lower(potri, work)
    if value != 0:
        raise np.linalg.LinAlgError(f"the Cholesky factor is singular (potri info {value})")
    if lower_only:
        return work
    _mirror_lower_to_upper(work)
    return work.T  # symmetric: its transpose is the same matrix, C-ordered


def _lower(routine: Callable[..., None], m: np.ndarray) -> int:
    """``routine`` (potrf or potri, ``_SIGNATURE``) on the lower triangle of the Fortran-ordered
    square ``m``, in place; LAPACK's info."""
    size, info = ctypes.c_int(m.shape[0]), ctypes.c_int(0)
    routine(b"L", ctypes.byref(size), m.ctypes.data_as(ctypes.POINTER(ctypes.c_double)),
            ctypes.byref(size), ctypes.byref(info))
    return info.value


def _mirror_lower_to_upper(m: np.ndarray) -> None:
    """Copy the lower triangle of square ``m`` onto its upper triangle, block by block."""
    n = m.shape[0]
    for r in range(0, n, _BLOCK):
        e = min(r + _BLOCK, n)
        block = m[r:e, r:e]
        block[...] = np.tril(block) + np.tril(block, -1).T
        m[r:e, e:] = m[e:, r:e].T


def _mirror_upper_to_lower(m: np.ndarray) -> None:
    """Copy the upper triangle of square ``m`` onto its lower triangle, block by block."""
    _mirror_lower_to_upper(m.T)
