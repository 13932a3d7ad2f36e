"""The numba functions behind ``core.models.knn_kernels`` (imported only when they are used).

Defined at module level so ``cache=True`` can reuse the machine code across processes (numba
cannot cache closures).
"""

import numba
import numpy as np

JACCARD = 1


@numba.njit(cache=True, nogil=True, inline="always")
def _better(v1, c1, v2, c2):
    """(v1, c1) ranks before (v2, c2): larger value, then lower column."""
    return v1 > v2 or (v1 == v2 and c1 < c2)

@numba.njit(cache=True, nogil=True)
def _sift_up(hv, hc, i):
    while i > 0:
        parent = (i - 1) // 2
        if _better(hv[parent], hc[parent], hv[i], hc[i]):
            hv[parent], hv[i] = hv[i], hv[parent]
            hc[parent], hc[i] = hc[i], hc[parent]
            i = parent
        else:
            break

@numba.njit(cache=True, nogil=True)
def _sift_down(hv, hc, size):
    i = 0
    while True:
        left = 2 * i + 1
        worst = i
        if left < size and _better(hv[worst], hc[worst], hv[left], hc[left]):
            worst = left
        if left + 1 < size and _better(hv[worst], hc[worst], hv[left + 1], hc[left + 1]):
            worst = left + 1
        if worst == i:
            break
        hv[worst], hv[i] = hv[i], hv[worst]
        hc[worst], hc[i] = hc[i], hc[worst]
        i = worst

@numba.njit(cache=True, nogil=True, fastmath=False)
def kernel(a_ptr, a_idx, a_val, b_ptr, b_idx, b_val, n_cols, k, s_ptr, s_idx,
           kind, need_overlap, min_overlap, shrinkage, q_counts, r_counts):
    n_rows = len(a_ptr) - 1
    out_idx = np.full((n_rows, k), -1, dtype=np.int64)
    out_val = np.zeros((n_rows, k), dtype=np.float32)
    acc = np.zeros(n_cols, dtype=np.float64)
    cnt = np.zeros(n_cols, dtype=np.float64)
    mark = np.zeros(n_cols, dtype=np.bool_)
    touched = np.empty(n_cols, dtype=np.int64)
    skipped = np.zeros(n_cols, dtype=np.bool_)
    heap_v = np.empty(max(k, 1), dtype=np.float32)
    heap_c = np.empty(max(k, 1), dtype=np.int64)
    for r in range(n_rows):
        m = 0
        for p in range(a_ptr[r], a_ptr[r + 1]):
            s = a_idx[p]
            w = a_val[p]
            for q in range(b_ptr[s], b_ptr[s + 1]):
                j = b_idx[q]
                if not mark[j]:
                    mark[j] = True
                    touched[m] = j
                    m += 1
                acc[j] += w * b_val[q]
                cnt[j] += 1.0
        for p in range(s_ptr[r], s_ptr[r + 1]):
            skipped[s_idx[p]] = True
        size = 0  # heap of the best k so far; heap[0] is the worst of them
        for t in range(m):
            j = touched[t]
            o = cnt[j]
            v = o / (q_counts[r] + r_counts[j] - o) if kind == JACCARD else acc[j]
            if need_overlap:
                if o < min_overlap:
                    v = 0.0
                elif shrinkage > 0:
                    v *= o / (o + shrinkage)
            v = np.float32(v)
            if v <= 0 or skipped[j]:
                continue
            if size < k:
                heap_v[size] = v
                heap_c[size] = j
                size += 1
                _sift_up(heap_v, heap_c, size - 1)
            elif _better(v, j, heap_v[0], heap_c[0]):
                heap_v[0] = v
                heap_c[0] = j
                _sift_down(heap_v, heap_c, size)
        # best first: repeatedly move the worst to the end
        for end in range(size - 1, 0, -1):
            heap_v[0], heap_v[end] = heap_v[end], heap_v[0]
            heap_c[0], heap_c[end] = heap_c[end], heap_c[0]
            _sift_down(heap_v, heap_c, end)
        for c in range(size):
            out_idx[r, c] = heap_c[c]
            out_val[r, c] = heap_v[c]
        for t in range(m):
            j = touched[t]
            acc[j] = 0.0
            cnt[j] = 0.0
            mark[j] = False
        for p in range(s_ptr[r], s_ptr[r + 1]):
            skipped[s_idx[p]] = False
    return out_idx, out_val
