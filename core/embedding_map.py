"""A 2-D map of a model's items (or users): every point placed by the model's representation.

The representation is the one ``core.models.similar`` uses for "similar items", so points that
are near on the map are the ones the model calls similar:

- embedding models (NeuMF, MLP's output-layer item vectors, matrix factors): the vectors;
- item-kNN: a spectral embedding of its item-item similarity graph (the kept top-k similarities,
  symmetrised), which places items that share neighbours together;
- user-kNN, popularity and other models: the items' columns (users' rows) of the training table,
  L2-normalised and reduced with a truncated SVD (PCA without centring, which a sparse matrix
  cannot afford);
- content models: the item feature vectors.

Projection to 2-D: ``"pca"`` (instant) or ``"tsne"`` (scikit-learn's ``TSNE``, seconds for
thousands of points). t-SNE reports progress per iteration and stops cooperatively: scikit-learn
has no callback, so its private gradient-descent loop is wrapped for the run (``_tsne_watch``);
if a future scikit-learn renames it the run still works, with stage-level progress only.
A stopped t-SNE returns the layout reached so far (``complete`` False).
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import scipy.sparse as sp

from core.models.similar import Side, representation
from core.progress import Progress, ProgressCallback, report

Method = Literal["pca", "tsne"]
METHODS: dict[str, str] = {"pca": "PCA (instant)", "tsne": "t-SNE (scikit-learn, slower)"}
TSNE_DIMS = 50  # features reduced to this many dimensions before t-SNE
SPECTRAL_DIMS = 8
TSNE_ITERATIONS = 1000
_TSNE_LOCK = threading.Lock()  # the wrapped scikit-learn function is module-wide


@dataclass(frozen=True)
class EmbeddingMap:
    """``coords[k]`` is the 2-D position of ``ids[k]``; ``source`` says what was projected."""

    side: str
    ids: tuple[str, ...]
    coords: np.ndarray  # (n, 2) float32
    source: str
    method: str
    seconds: float
    complete: bool = True


class _Stopped(Exception):
    def __init__(self, params: np.ndarray):
        super().__init__("stopped")
        self.params = params


def _pad2(coords: np.ndarray, n: int) -> np.ndarray:
    out = np.zeros((n, 2), dtype=np.float32)
    if coords.size:
        out[:, :min(2, coords.shape[1])] = coords[:, :2]
    return out


def _spectral(graph: sp.spmatrix, dims: int, seed: int, regularise: bool = True) -> np.ndarray:
    """Laplacian eigenmap of a similarity graph (as scikit-learn's ``spectral_embedding`` with
    the normalised Laplacian), from the top eigenvectors of D^-1/2 A D^-1/2.

    Computed here because scikit-learn's ARPACK path factorises the Laplacian (shift-invert):
    minutes for item-kNN's 10k-item graph, against about a second for the top eigenvectors
    found directly.

    ``regularise``: the graph gets a weak link between every pair of items, τ/n each with τ its
    mean degree (A + τ/n·J, degrees D + τ: regularised spectral clustering, Qin & Rohe 2013).
    Why: a sparse catalogue's kNN graph falls apart into many small parts (rare items that only
    co-occur with each other); unregularised, every top eigenvector is one such part against the
    rest, and the map showed a few far-off dots with all 20,000 items of a generated long tail
    on one spot. The weak links make one connected graph, where the top eigenvectors follow the
    large structure. The link is applied as a rank-one term, never stored (n² entries).
    """
    from scipy.sparse.linalg import LinearOperator, eigsh

    g = abs(sp.csr_matrix(graph, dtype=np.float32))
    g = sp.csr_matrix((g + g.T) * 0.5)  # both directions of a kept similarity, averaged
    diagonal = g.diagonal()
    if diagonal.any():
        g = sp.csr_matrix(g - sp.diags(diagonal))
    g.eliminate_zeros()
    n = g.shape[0]
    k = min(dims + 1, n - 2)
    if k < 2:
        return np.zeros((n, 0))
    degree = np.asarray(g.sum(axis=1), dtype=np.float64).ravel()
    tau = float(degree.mean()) if regularise else 0.0
    degree += tau
    scale = np.divide(1.0, np.sqrt(degree), out=np.zeros_like(degree), where=degree > 0)
    normalised = sp.csr_matrix(sp.diags(scale.astype(np.float32)) @ g @ sp.diags(
        scale.astype(np.float32)))
    operator: Any = normalised
    if tau > 0:
        link = scale * np.sqrt(tau / n)  # τ/n·s sᵀ = link linkᵀ

        def product(x: np.ndarray) -> np.ndarray:
            x = x.reshape(n, -1)
            return normalised @ x + np.outer(link, link @ x)

        operator = LinearOperator((n, n), matvec=product, matmat=product, dtype=np.float64)
    start = np.random.default_rng(seed).uniform(-1, 1, n).astype(np.float32)
    values, vectors = eigsh(operator, k=k, which="LA", v0=start, tol=1e-5, maxiter=n * 20)
    order = np.argsort(-values)
    embedding = vectors[:, order].astype(np.float64) * scale[:, None]  # undo the normalising
    return embedding[:, 1:]  # the first is constant on each connected part


def _reduce(vectors: np.ndarray | sp.csr_matrix, dims: int, seed: int) -> np.ndarray:
    """At most ``dims`` columns: truncated SVD of unit rows (sparse) or PCA (dense)."""
    n, width = vectors.shape
    if sp.issparse(vectors):
        from sklearn.decomposition import TruncatedSVD
        from sklearn.preprocessing import normalize

        k = min(dims, width - 1, n - 1)
        if k < 1:
            return np.asarray(vectors.toarray(), dtype=np.float64)
        # ARPACK rather than the randomized solver: faster here (10k items, 2 components: 0.55 s
        # vs 2.1 s; ML-1M-sized, 50: 2.9 s vs 4.6 s), and its many short sparse products let the
        # GUI thread in between, where the randomized solver's long ones hold the GIL for up to
        # ~200 ms at a time.
        svd = TruncatedSVD(n_components=k, random_state=seed, algorithm="arpack")
        return svd.fit_transform(normalize(vectors.astype(np.float64)))
    vectors = np.asarray(vectors, dtype=np.float64)
    if width <= dims:
        return vectors
    from sklearn.decomposition import PCA

    return PCA(n_components=min(dims, n), random_state=seed).fit_transform(vectors)


def map_features(model: Any, side: Side, dims: int, seed: int = 0) -> tuple[np.ndarray, str]:
    """Dense features (n × ≤ ``dims``) of the model's representation of ``side``, and a label."""
    rep = representation(model, side)
    graph = getattr(model, "similarity_matrix", None)
    with _leave_a_core():
        if side == "items" and rep.knn is not None and graph is not None:
            label = "spectral embedding of item-kNN's similarity graph"
            return _spectral(graph, max(dims, 2), seed), label
        return _reduce(rep.vectors, dims, seed), rep.label


def map_dims(model: Any, side: Side, method: Method) -> int:
    """How many dimensions ``map_features`` should keep before projecting by ``method``."""
    if method != "tsne":
        return 2  # the first two spectral / SVD dimensions are the layout
    if getattr(model, "similarity_matrix", None) is not None and side == "items":
        return SPECTRAL_DIMS
    return TSNE_DIMS


@contextlib.contextmanager
def _leave_a_core() -> Iterator[None]:
    """BLAS and OpenMP limited to all cores but one while the block runs.

    The GUI (and the machine's other work) keeps a core; and with every core busy, OpenMP and
    BLAS threads spin waiting on each other — on a loaded 2-core machine t-SNE of 370 points took
    73 s with 2 threads and 5 s with 1, a 10k × 64 PCA 0.25 s and 0.04 s.
    """
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=max(1, (os.cpu_count() or 1) - 1)):
        yield


@contextlib.contextmanager
def _tsne_watch(on_iteration: Callable[[np.ndarray], None]) -> Iterator[None]:
    """Call ``on_iteration(params)`` before every t-SNE gradient step (see module docstring)."""
    with _TSNE_LOCK:
        try:
            from sklearn.manifold import _t_sne
            original = _t_sne._gradient_descent
        except (ImportError, AttributeError):
            yield
            return

        def watched_descent(objective: Callable, p0: np.ndarray, *args: Any, **kw: Any) -> Any:
            def watched(p: np.ndarray, *a: Any, **k: Any) -> Any:
                on_iteration(p)
                return objective(p, *a, **k)

            return original(watched, p0, *args, **kw)

        _t_sne._gradient_descent = watched_descent
        try:
            yield
        finally:
            _t_sne._gradient_descent = original


def _tsne(features: np.ndarray, seed: int, on_progress: ProgressCallback | None,
          started: float) -> tuple[np.ndarray, bool]:
    from sklearn.manifold import TSNE

    n = features.shape[0]
    perplexity = float(min(30.0, max(2.0, (n - 1) / 3.0)))
    tsne = TSNE(n_components=2, perplexity=perplexity, init="pca", random_state=seed,
                max_iter=TSNE_ITERATIONS, learning_rate="auto")
    done = [0]

    def on_iteration(params: np.ndarray) -> None:
        done[0] += 1
        if done[0] % 10 == 0:
            event = Progress("stage", f"t-SNE iteration {done[0]}",
                             fraction=min(done[0] / TSNE_ITERATIONS, 1.0),
                             elapsed=time.perf_counter() - started)
            if report(on_progress, event):
                raise _Stopped(np.array(params, copy=True))

    with _tsne_watch(on_iteration):
        try:
            return tsne.fit_transform(features), True
        except _Stopped as stop:
            return stop.params.reshape(n, 2), False


def project(features: np.ndarray, method: Method = "pca", *, seed: int = 0,
            on_progress: ProgressCallback | None = None) -> tuple[np.ndarray, bool]:
    """(n × 2 coordinates, complete) of ``features`` by ``method``."""
    if method not in METHODS:
        raise ValueError(f"unknown projection {method!r}; choose one of {', '.join(METHODS)}")
    features = np.asarray(features, dtype=np.float64)
    n = features.shape[0]
    if n < 5 or features.shape[1] <= 2:  # nothing to project, or too few points for t-SNE
        return _pad2(features, n), True
    with _leave_a_core():
        if method == "tsne":
            return _tsne(features, seed, on_progress, time.perf_counter())
        from sklearn.decomposition import PCA

        return PCA(n_components=2, random_state=seed).fit_transform(features), True


def build_map(
    model: Any, side: Side = "items", method: Method = "pca", *, seed: int = 0,
    on_progress: ProgressCallback | None = None,
) -> EmbeddingMap:
    """The 2-D map of the model's ``side`` (see the module docstring)."""
    if method not in METHODS:
        raise ValueError(f"unknown projection {method!r}; choose one of {', '.join(METHODS)}")
    started = time.perf_counter()
    ids = tuple(model.item_ids if side == "items" else model.user_ids)
    report(on_progress, Progress("stage", f"reading the model's {side}", fraction=0.0))
    features, source = map_features(model, side, map_dims(model, side, method), seed)
    if report(on_progress, Progress("stage", f"projecting ({METHODS[method]})", fraction=0.05,
                                    elapsed=time.perf_counter() - started)):
        return EmbeddingMap(side, ids, _pad2(features, len(ids)), source, method,
                            time.perf_counter() - started, complete=False)
    coords, complete = project(features, method, seed=seed, on_progress=on_progress)
    coords = np.nan_to_num(np.asarray(coords, dtype=np.float32))
    seconds = time.perf_counter() - started
    report(on_progress, Progress("done", "map ready", fraction=1.0, elapsed=seconds))
    return EmbeddingMap(side, ids, coords, source, method, seconds, complete)
