"""Measurements run in a fresh process by ``benchmarks.child`` (one per measurement, so the peak
resident memory reported belongs to that measurement alone). Each returns a plain dict."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

CACHE = Path(tempfile.gettempdir()) / "reclab-bench-cache"
ML1M = (6040, 3706, 1_000_000)
ML20M = (138_493, 26_744, 20_000_000)


def generated(n_users: int, n_items: int, n_interactions: int, seed: int = 0):
    """``core.samples.generate`` data, cached on disk (generating ML-20M size takes a minute)."""
    from core.interactions import Interactions
    from core.samples import generate

    path = CACHE / f"gen-{n_users}-{n_items}-{n_interactions}-{seed}.npz"
    if path.exists():
        with np.load(path) as z:
            matrix = sp.csr_matrix((z["data"], z["indices"], z["indptr"]),
                                   shape=(n_users, n_items))
            ts = z["ts"]
        return Interactions([str(i) for i in range(1, n_users + 1)],
                            [str(i) for i in range(1, n_items + 1)], matrix, ts,
                            name="generated")
    data = generate(n_users, n_items, n_interactions, seed=seed, titles=False)
    expected_ids = [str(i) for i in range(1, n_users + 1)]
    if data.user_ids == expected_ids and data.item_ids == [str(i) for i in
                                                           range(1, n_items + 1)]:
        CACHE.mkdir(parents=True, exist_ok=True)
        m = data.matrix
        tmp = path.with_name(path.stem + ".part.npz")
        np.savez(tmp, data=m.data, indices=m.indices, indptr=m.indptr,
                 ts=data.timestamps if data.timestamps is not None else np.zeros(m.nnz, np.int64))
        tmp.replace(path)
    return data


def cf_ours(model: str, shape: list[int]) -> dict[str, Any]:
    """Fit RecLab's ``model`` and compute top-10 (seen excluded) for every user."""
    from core.models import create_model

    return reclab_timed(create_model(model), generated(*shape))


def reclab_timed(rec: Any, data: Any) -> dict[str, float]:
    """Seconds of a RecLab recommender to fit ``data`` and give every user's top-10."""
    t0 = time.perf_counter()
    rec.fit(data)
    t1 = time.perf_counter()
    idx, _ = rec.recommend_all(10)
    t2 = time.perf_counter()
    assert idx.shape == (data.n_users, 10)
    return {"fit_s": t1 - t0, "recommend_s": t2 - t1, "total_s": t2 - t0}


def cf_implicit(shape: list[int], K: int = 20) -> dict[str, Any]:
    """implicit's CosineRecommender: fit and ``recommend`` top-10 for every user (2 threads)."""
    return implicit_cosine_timed(generated(*shape).matrix, K, chunk=None)


def implicit_cosine_timed(matrix: sp.spmatrix, k: int, chunk: int | None) -> dict[str, float]:
    """Seconds of implicit's CosineRecommender (binary data, 2 threads) to fit and give the
    top-10 of every user, ``chunk`` users per ``recommend`` call (all at once for None)."""
    import warnings

    from implicit.nearest_neighbours import CosineRecommender

    x = sp.csr_matrix(matrix, dtype=np.float32, copy=True)
    x.data[:] = 1.0
    model = CosineRecommender(K=k, num_threads=2)
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(x, show_progress=False)
    t1 = time.perf_counter()
    step = chunk or x.shape[0]
    for lo in range(0, x.shape[0], step):
        users = np.arange(lo, min(x.shape[0], lo + step))
        ids, _ = model.recommend(users, x[users], N=10, filter_already_liked_items=True)
        assert ids.shape == (len(users), 10)
    t2 = time.perf_counter()
    return {"fit_s": t1 - t0, "recommend_s": t2 - t1, "total_s": t2 - t0}


def neural_epochs(model: str, shape: list[int] | None = None, epochs: int = 1,
                  cap_s: float | None = None, name: str | None = None,
                  **params: Any) -> dict[str, Any]:
    """Train ``model`` without validation for ``epochs`` on generated data (``shape``, or the
    named shape of ``core.synthetic``); per-epoch seconds.

    With ``cap_s`` the run is stopped cooperatively after that many seconds and the epoch time is
    projected from the fraction of batches done.
    """
    from core.models import create_model
    from core.progress import Progress

    data = shape_table(name) if name else generated(*shape)
    rec = create_model(model, epochs=epochs, validation=False, **params)
    epochs_done: list[float] = []
    last: dict[str, Any] = {}

    def on_progress(event: Progress) -> bool:
        if event.kind == "epoch":
            epochs_done.append(event.elapsed)
        if event.kind == "batch" and event.n_batches:
            last.update(batch=event.batch, n_batches=event.n_batches, elapsed=event.elapsed)
        return cap_s is not None and event.elapsed > cap_s

    t0 = time.perf_counter()
    rec.fit(data, on_progress)
    total = time.perf_counter() - t0
    out: dict[str, Any] = {"fit_s": total, "nnz": data.nnz, "epoch_ends_s": epochs_done,
                           "shape": [data.n_users, data.n_items, data.nnz]}
    if epochs_done:
        out["epoch_s"] = epochs_done[0]
        out["complete"] = True
    elif last:
        out["complete"] = False
        out["fraction_done"] = last["batch"] / last["n_batches"]
        out["epoch_s"] = last["elapsed"] / out["fraction_done"]
    return out


def mlp_best_epoch(path: str) -> dict[str, Any]:
    """MLP with default settings on a data set: seconds until its best validation epoch ended."""
    from core.io import load
    from core.models import create_model
    from core.progress import Progress

    data = load(path)
    rec = create_model("mlp")
    history: list[dict[str, Any]] = []

    def on_progress(event: Progress) -> None:
        if event.kind == "epoch":
            history.append({"epoch": event.epoch, "elapsed": event.elapsed, **event.metrics})

    t0 = time.perf_counter()
    rec.fit(data, on_progress)
    total = time.perf_counter() - t0
    monitor = rec.config.monitor
    best = max(history, key=lambda h: h.get(monitor, -1.0))
    return {"best_epoch": best["epoch"], "to_best_s": best["elapsed"], "fit_s": total,
            "epochs_run": len(history), "monitor": monitor, "best_value": best.get(monitor)}


def load_file(path: str) -> dict[str, Any]:
    """Time ``core.io.load`` on one file."""
    from core.io import load

    t0 = time.perf_counter()
    data = load(path)
    return {"load_s": time.perf_counter() - t0, "shape": [data.n_users, data.n_items, data.nnz]}


def _partial(**values: Any) -> None:
    """Print an intermediate result line, so a step killed by its time cap still reports."""
    import json

    from benchmarks.child import peak_rss_mb

    values["peak_mb"] = round(peak_rss_mb(), 1)
    print(json.dumps(values, default=float), flush=True)


def scale_item_knn(shape: list[int], n_users: int = 10_000) -> dict[str, Any]:
    """Fit item-knn on ``shape`` data, then top-10 (seen excluded) for ``n_users`` users."""
    from core.models import create_model

    t0 = time.perf_counter()
    data = generated(*shape)
    prep = time.perf_counter() - t0
    _partial(step="data", data_s=prep)
    rec = create_model("item-knn")
    t0 = time.perf_counter()
    rec.fit(data)
    fit_s = time.perf_counter() - t0
    _partial(step="fit", data_s=prep, fit_s=fit_s)
    users = np.random.default_rng(0).choice(data.n_users, min(n_users, data.n_users),
                                            replace=False)
    t0 = time.perf_counter()
    for lo in range(0, len(users), 1000):
        batch = users[lo:lo + 1000]
        rec.top_k_rows(rec.train_matrix[batch], batch, 10)
    rec_s = time.perf_counter() - t0
    return {"step": "recommend", "data_s": prep, "fit_s": fit_s, "recommend_s": rec_s,
            "n_users": len(users)}


def edit_table(n_users: int = 138_493, n_items: int = 26_744, nnz: int = 25_000_000):
    """A ``nnz``-interaction implicit table with timestamps, built fast: every user has the same
    number of items, in 1,000 repeated patterns (the edits, not the data's shape, are measured)."""
    from core.interactions import Interactions

    rng = np.random.default_rng(0)
    c = -(-nnz // n_users)  # the same number per user (rounded up)
    patterns = np.stack([np.sort(rng.choice(n_items, c, replace=False)) for _ in range(1000)])
    indices = patterns[np.arange(n_users) % 1000].ravel()
    nnz = len(indices)
    indptr = np.arange(n_users + 1, dtype=np.int64) * c
    m = sp.csr_matrix((np.ones(nnz, np.float32), indices.astype(np.int32), indptr),
                      shape=(n_users, n_items))
    m.has_sorted_indices = True
    users = [str(i) for i in range(n_users)]
    items = [str(j) for j in range(n_items)]
    data = Interactions(users, items, m, rng.integers(0, 10**9, nnz))
    data.nnz  # noqa: B018  (warm)
    return data


def edit_cells(n_users: int = 138_493, n_items: int = 26_744, nnz: int = 25_000_000,
               n_edits: int = 200) -> dict[str, Any]:
    """Set, clear and undo single cells of a ``nnz``-interaction table (with timestamps); also
    a recommendation refresh's hand-over (``user_view``) and the one-off compaction."""
    from core.interactions import SetCell

    rng = np.random.default_rng(0)
    data = edit_table(n_users, n_items, nnz)
    users, items = data.user_ids, data.item_ids
    nnz = data.nnz
    times_set, times_undo, times_view = [], [], []
    for _ in range(n_edits):
        u, j = users[rng.integers(n_users)], items[rng.integers(n_items)]
        value = None if data.get(u, j) is not None else 4.0
        t0 = time.perf_counter()
        inverse = data.apply(SetCell(u, j, value))
        t1 = time.perf_counter()
        data.user_view(u)
        t2 = time.perf_counter()
        data.apply(inverse)
        t3 = time.perf_counter()
        data.apply(SetCell(u, j, value))  # redo, kept
        times_set.append(t1 - t0)
        times_view.append(t2 - t1)
        times_undo.append(t3 - t2)
    t0 = time.perf_counter()
    data.matrix  # noqa: B018  (folds the edited rows in)
    compact_s = time.perf_counter() - t0
    return {"nnz": nnz, "n_edits": n_edits,
            "edit_ms_median": 1e3 * float(np.median(times_set)),
            "edit_ms_max": 1e3 * float(np.max(times_set)),
            "undo_ms_median": 1e3 * float(np.median(times_undo)),
            "undo_ms_max": 1e3 * float(np.max(times_undo)),
            "user_view_ms_median": 1e3 * float(np.median(times_view)),
            "compact_s": compact_s}


def shape_table(name: str, scale: float = 1.0, seed: int = 0):
    """``core.synthetic.shape_data``, cached on disk like ``generated``."""
    from core.interactions import Interactions
    from core.synthetic import shape_data

    path = CACHE / (f"shape-{name}-{scale}.npz" if seed == 0 else
                    f"shape-{name}-{scale}-seed{seed}.npz")
    if path.exists():
        with np.load(path, allow_pickle=False) as z:
            shape = tuple(z["shape"])
            matrix = sp.csr_matrix((z["data"], z["indices"], z["indptr"]), shape=shape)
            ts = z["ts"] if z["has_ts"] else None
        matrix.has_sorted_indices = True
        return Interactions([str(i) for i in range(1, shape[0] + 1)],
                            [str(i) for i in range(1, shape[1] + 1)], matrix, ts, name=name)
    data = shape_data(name, scale=scale, seed=seed)
    CACHE.mkdir(parents=True, exist_ok=True)
    m = data.matrix
    tmp = path.with_name(path.stem + ".part.npz")
    np.savez(tmp, data=m.data, indices=m.indices, indptr=m.indptr, shape=np.array(m.shape),
             has_ts=data.timestamps is not None,
             ts=data.timestamps if data.timestamps is not None else np.zeros(0, np.int64))
    tmp.replace(path)
    return data


def cf_on_shape(model: str, name: str, scale: float = 1.0, k: int = 20,
                repeats: int = 2) -> dict[str, Any]:
    """Fit ``model`` (or implicit's cosine) on a generated shape, then top-10 (seen excluded)
    for every user; the best of ``repeats`` runs in this process (a repeat is skipped when the
    first took over a minute). The compiled kNN kernel is loaded before timing, as implicit is
    imported before timing; its load time is reported apart."""
    data = shape_table(name, scale)
    out: dict[str, Any] = {"shape": [data.n_users, data.n_items, data.nnz]}
    if model != "implicit cosine":
        from core.models import knn_kernels

        t = time.perf_counter()
        out["kernel"] = knn_kernels.available()
        out["kernel_load_s"] = time.perf_counter() - t
    runs = []
    for _ in range(repeats):
        runs.append(_cf_once(model, data, k))
        _partial(step="run", **runs[-1])
        if runs[-1]["total_s"] > 60:
            break
    best = min(runs, key=lambda r: r["total_s"])
    out.update(best, runs=len(runs), first_total_s=runs[0]["total_s"])
    return out


# item-kNN computing what implicit's CosineRecommender computes: each candidate scored from the
# neighbour lists of the user's items, every item counting the same, no held-out check at fit.
LIKE_IMPLICIT = "item-knn, implicit's scoring"
LIKE_IMPLICIT_PARAMS = {"neighbourhood": "reverse", "recency": 0.0}


def _cf_once(model: str, data: Any, k: int) -> dict[str, float]:
    if model == "implicit cosine":
        return implicit_cosine_timed(data.matrix, k, chunk=10_000)
    from core.models import create_model

    if model == LIKE_IMPLICIT:
        return reclab_timed(create_model("item-knn", k=k, **LIKE_IMPLICIT_PARAMS), data)
    if model == "ease":  # no neighbourhood size
        return reclab_timed(create_model(model), data)
    return reclab_timed(create_model(model, k=k), data)


def accuracy_on(dataset: str, models: list[list[Any]], seed: int = 0) -> dict[str, Any]:
    """HR@10 / NDCG@10 (leave-last-out, full ranking) of (label, model, params) on a MovieLens
    folder (``dataset`` = a path) or a generated shape (``dataset`` = its name; ``seed`` seeds
    both the data and the split's random hold-out)."""
    from benchmarks.peers import ImplicitCosine
    from core.evaluation import evaluate, leave_last_out
    from core.io import load
    from core.models import create_model

    name, _, variant = dataset.partition(":")  # "events:untimed": the shape without timestamps
    data = load(dataset) if "/" in dataset else shape_table(name, seed=seed)
    if variant == "untimed":
        data.timestamps = None
    split = leave_last_out(data, seed=seed)
    rows = []
    for label, model, params in models:
        rec = ImplicitCosine(**params) if model == "implicit cosine" else create_model(model,
                                                                                        **params)
        t0 = time.perf_counter()
        rec.fit(split.train)
        result = evaluate(rec, split, k=10)
        rows.append({"label": label, "HR@10": result.metrics["HR@10"],
                     "NDCG@10": result.metrics["NDCG@10"], "seconds": time.perf_counter() - t0,
                     "chosen": _chosen(rec, data)})
    return {"shape": [data.n_users, data.n_items, data.nnz], "seed": seed, "rows": rows}


def _chosen(rec: Any, data: Any) -> str | None:
    """item-kNN's neighbourhood and (with timestamps) recency as used after fit."""
    nb = getattr(rec, "neighbourhood", None)
    if nb is None or data.timestamps is None:
        return nb
    used = getattr(rec, "recency_used", 0.0)
    return f"{nb}, recency {used:g}" if used else f"{nb}, no recency"


def mlp_epochs_on_shape(name: str, epochs: int = 2, cap_s: float = 240) -> dict[str, Any]:
    """MLP with default settings (validation on) on a generated shape: seconds per epoch."""
    from core.models import create_model
    from core.progress import Progress

    data = shape_table(name)
    ends: list[float] = []

    def on_progress(event: Progress) -> bool:
        if event.kind == "epoch":
            ends.append(event.elapsed)
            _partial(step="epoch", epoch_ends_s=ends)
        return len(ends) >= epochs or event.elapsed > cap_s

    t0 = time.perf_counter()
    create_model("mlp").fit(data, on_progress)
    return {"epoch_ends_s": ends, "fit_s": time.perf_counter() - t0,
            "epoch_s": [b - a for a, b in zip([0.0, *ends], ends, strict=False)]}


def kernel_first_use() -> dict[str, Any]:
    """Seconds from nothing to the compiled kNN kernel's first result in a fresh process (import
    included): what a fresh install pays the first time (nothing is compiled on the machine)."""
    t0 = time.perf_counter()
    from core.models import knn_kernels

    ok = knn_kernels.available()
    if ok:
        m = sp.random(200, 300, density=0.05, format="csr", dtype=np.float32, random_state=0)
        knn_kernels.product_top_k(m, sp.csr_matrix(m.T), 10)
    return {"available": ok, "first_use_s": time.perf_counter() - t0}
