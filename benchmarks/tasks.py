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

    data = generated(*shape)
    rec = create_model(model)
    t0 = time.perf_counter()
    rec.fit(data)
    t1 = time.perf_counter()
    idx, _ = rec.recommend_all(10)
    t2 = time.perf_counter()
    assert idx.shape == (data.n_users, 10)
    return {"fit_s": t1 - t0, "recommend_s": t2 - t1, "total_s": t2 - t0}


def cf_implicit(shape: list[int], K: int = 20) -> dict[str, Any]:
    """implicit's CosineRecommender: fit and ``recommend`` top-10 for every user (2 threads)."""
    import warnings

    from implicit.nearest_neighbours import CosineRecommender

    data = generated(*shape)
    x = sp.csr_matrix(data.matrix, dtype=np.float32, copy=True)
    x.data[:] = 1.0
    model = CosineRecommender(K=K, num_threads=2)
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(x, show_progress=False)
    t1 = time.perf_counter()
    users = np.arange(x.shape[0])
    ids, _ = model.recommend(users, x, N=10, filter_already_liked_items=True)
    t2 = time.perf_counter()
    assert ids.shape == (x.shape[0], 10)
    return {"fit_s": t1 - t0, "recommend_s": t2 - t1, "total_s": t2 - t0}


def neural_epochs(model: str, shape: list[int], epochs: int = 1,
                  cap_s: float | None = None, **params: Any) -> dict[str, Any]:
    """Train ``model`` without validation for ``epochs`` on generated data; per-epoch seconds.

    With ``cap_s`` the run is stopped cooperatively after that many seconds and the epoch time is
    projected from the fraction of batches done.
    """
    from core.models import create_model
    from core.progress import Progress

    data = generated(*shape)
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
    out: dict[str, Any] = {"fit_s": total, "nnz": data.nnz, "epoch_ends_s": epochs_done}
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
