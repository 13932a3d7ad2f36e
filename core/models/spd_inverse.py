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

``on_factorised`` is called between the two calls with the factor's seconds, so a caller can
say how long the rest will take (``INVERT_PER_FACTOR``). When rounding makes the matrix not
positive definite (λ tiny against the counts) the factor fails part-way; the matrix is then
restored from its untouched triangle and inverted by LU.
"""

from __future__ import annotations

import ctypes
import functools
import time
from collections.abc import Callable

import numpy as np

# Seconds of potri with the mirroring and EASE's scaling and float32 copy after it, per potrf
# second, on the quiet 2-core machine of docs/BENCHMARKS.md (OpenBLAS, two threads): 2.5-2.8 at
# 3,706 items (the ML-1M shape: factor 0.13 s) and 8,000 items (factor 1.0 s). potri does twice
# the factor's arithmetic.
INVERT_PER_FACTOR = 2.7
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


def spd_inverse(a: np.ndarray, on_factorised: Callable[[float], None] | None = None) -> np.ndarray:
    """The inverse of the symmetric positive definite float64 matrix ``a`` (square), computed in
    ``a``'s memory when it is contiguous (``a`` is then destroyed); returned C-ordered."""
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
    size, info = ctypes.c_int(n), ctypes.c_int(0)
    data = work.ctypes.data_as(ctypes.POINTER(ctypes.c_double))
    started = time.perf_counter()
    potrf(b"L", ctypes.byref(size), data, ctypes.byref(size), ctypes.byref(info))
    if info.value > 0:  # not positive definite in floating point: restore, then LU
        _mirror_upper_to_lower(work)
        work[np.diag_indices(n)] = diagonal
        return np.linalg.inv(work)
    if info.value < 0:
        raise ValueError(f"LAPACK potrf rejected argument {-info.value}")
    if on_factorised is not None:
        on_factorised(time.perf_counter() - started)
    potri(b"L", ctypes.byref(size), data, ctypes.byref(size), ctypes.byref(info))
    if info.value != 0:
        raise np.linalg.LinAlgError(f"the Cholesky factor is singular (potri info {info.value})")
    _mirror_lower_to_upper(work)
    return work.T  # symmetric: its transpose is the same matrix, C-ordered


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
