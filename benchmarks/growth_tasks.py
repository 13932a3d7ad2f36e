"""Measurements of the growth part (``benchmarks.growth``), each run in a fresh process by
``benchmarks.child``: generated shop-like tables (cached on disk), one model fitted and asked for
top-10 lists, under an address-space limit so that a blow-up fails cleanly in this process
instead of pushing the shared machine out of memory."""

from __future__ import annotations

import json
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

CACHE = Path(tempfile.gettempdir()) / "reclab-bench-cache"
_LETTERS = np.array(list("abcdefghijklmnopqrstuvwxyz"))


def _cache_path(n_users: int, n_items: int, nnz: int, seed: int) -> Path:
    return CACHE / f"growth-{n_users}-{n_items}-{nnz}-{seed}.npz"


def shop_like(n_users: int, n_items: int, nnz: int, seed: int = 0) -> tuple[Any, np.ndarray]:
    """(table without timestamps, the generator's timestamps) of the *shop* shape's generator
    (``core.synthetic.SHAPES['shop']``: 40 taste groups, Zipf 1.0) at any size; cached."""
    from core.interactions import Interactions
    from core.samples import generate
    from core.synthetic import SHAPES

    path = _cache_path(n_users, n_items, nnz, seed)
    if path.exists():
        with np.load(path, allow_pickle=False) as z:
            matrix = sp.csr_matrix((z["data"], z["indices"], z["indptr"]),
                                   shape=(n_users, n_items))
            ts = z["ts"]
        matrix.has_sorted_indices = True
        data = Interactions([str(i) for i in range(1, n_users + 1)],
                            [str(i) for i in range(1, n_items + 1)], matrix, None,
                            name="shop-like")
        return data, ts
    shop = SHAPES["shop"]
    data = generate(n_users, n_items, nnz, seed=seed, titles=False, n_groups=shop.n_groups,
                    zipf=shop.zipf)
    ts = np.asarray(data.timestamps)
    data.timestamps = None
    CACHE.mkdir(parents=True, exist_ok=True)
    m = data.matrix
    tmp = path.with_name(path.stem + ".part.npz")
    np.savez(tmp, data=m.data, indices=m.indices, indptr=m.indptr, ts=ts)
    tmp.replace(path)
    return data, ts


def prepare(shape: list[int]) -> dict[str, Any]:
    """Generate and cache one table (so a measurement's time cap does not pay for it)."""
    t0 = time.perf_counter()
    data, _ = shop_like(*shape)
    return {"shape": [data.n_users, data.n_items, data.nnz], "prepare_s": time.perf_counter() - t0}


def item_features(n_items: int, seed: int = 0) -> dict[str, Any]:
    """Made-up item features for the content models, seeded: one or two of the 15 genres, a
    three-word title from 2,000 invented words, 0-3 tags from 500 invented tags."""
    from core.interactions import ItemInfo
    from core.samples import GENRES

    rng = np.random.default_rng(seed)
    words = ["".join(w) for w in _LETTERS[rng.integers(0, 26, (2000, 6))]]
    tags = ["".join(w) for w in _LETTERS[rng.integers(0, 26, (500, 5))]]
    g1 = rng.integers(0, len(GENRES), n_items)
    g2 = np.where(rng.random(n_items) < 0.4, rng.integers(0, len(GENRES), n_items), g1)
    title_words = rng.integers(0, len(words), (n_items, 3))
    n_tags = rng.integers(0, 4, n_items)
    tag_ids = rng.integers(0, len(tags), (n_items, 3))
    out = {}
    for k in range(n_items):
        genres = (GENRES[g1[k]],) if g1[k] == g2[k] else (GENRES[g1[k]], GENRES[g2[k]])
        out[str(k + 1)] = ItemInfo(" ".join(words[w] for w in title_words[k]), genres,
                                   tuple(tags[t] for t in tag_ids[k, :n_tags[k]]))
    return out


def limit_memory(gb: float) -> None:
    """Cap this process's address space at ``gb`` (an allocation beyond fails with MemoryError
    instead of the kernel's OOM killer picking a process on a shared machine)."""
    limit = int(gb * 1024**3)
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _partial(**values: Any) -> None:
    """An intermediate result line, so a point stopped by its time cap still reports."""
    from benchmarks.child import peak_rss_mb

    print(json.dumps({**values, "peak_mb": round(peak_rss_mb(), 1)}, default=float), flush=True)


def measure(model: str, shape: list[int], rec_cap_s: float = 60.0, sample_users: int = 10_000,
            train_cap_s: float = 60.0, memory_gb: float = 14.0,
            params: dict[str, Any] | None = None) -> dict[str, Any]:
    """Fit ``model`` (its defaults) on the shop-like table of ``shape``; then top-10 (seen items
    excluded) for its first ``sample_users`` users, stopped after ``rec_cap_s`` seconds (users
    are drawn at random by the generator, so the first ones are a random sample).

    Neural models train one epoch without validation, stopped after ``train_cap_s`` seconds; the
    epoch's time is then projected from the share of batches done. The time for every user is
    projected linearly from the users done (exact when they are all of them).
    """
    limit_memory(memory_gb)
    out: dict[str, Any] = {}
    try:
        _measure(out, model, shape, rec_cap_s, sample_users, train_cap_s, params or {})
    except Exception as exc:  # a refusal (ModelError), MemoryError under the limit, ...
        out["error"] = f"failed: {type(exc).__name__}: {str(exc)[:300]}"
    return out


def _measure(out: dict[str, Any], model: str, shape: list[int], rec_cap_s: float,
             sample_users: int, train_cap_s: float, params: dict[str, Any]) -> None:
    from core.models import NEURAL_MODELS, create_model

    n_users, n_items, nnz = shape
    data, ts = shop_like(n_users, n_items, nnz)
    if model in ("content", "hybrid"):
        data.items_info = item_features(n_items)
    if model == "caser":  # needs an order: the generator's random times (no order signal)
        data.timestamps = ts
    out["shape"] = [data.n_users, data.n_items, data.nnz]
    _partial(step="data", **out)
    neural = model in NEURAL_MODELS
    if neural:
        rec = create_model(model, epochs=1, validation=False, **params)
        out.update(_train_one_epoch(rec, data, train_cap_s))
    else:
        rec = create_model(model, **params)
        t0 = time.perf_counter()
        rec.fit(data)
        out["fit_s"] = time.perf_counter() - t0
    _partial(step="fit", **out)
    # neural scoring holds several floats per (user, item) pair: a smaller block of scores
    cells = 2**22 if neural else 2**26
    out.update(_top10_sample(rec, min(sample_users, data.n_users), rec_cap_s, cells))
    fit = out["epoch_s"] if neural else out["fit_s"]
    out["total_s"] = fit + out["recommend_all_s"]


def _train_one_epoch(rec: Any, data: Any, cap_s: float) -> dict[str, Any]:
    from core.progress import Progress

    last: dict[str, Any] = {}
    ends: list[float] = []

    def on_progress(event: Progress) -> bool:
        if event.kind == "epoch":
            ends.append(event.elapsed)
        if event.kind == "batch" and event.n_batches:
            last.update(batch=event.batch, n_batches=event.n_batches, elapsed=event.elapsed)
        return event.elapsed > cap_s

    t0 = time.perf_counter()
    rec.fit(data, on_progress)
    out: dict[str, Any] = {"fit_s": time.perf_counter() - t0}
    if ends:
        out.update(epoch_s=ends[0], complete=True, fraction_done=1.0)
    elif last:
        fraction = last["batch"] / last["n_batches"]
        out.update(epoch_s=last["elapsed"] / fraction, complete=False, fraction_done=fraction)
    else:
        raise RuntimeError("no training batch finished")
    return out


def _top10_sample(rec: Any, n: int, cap_s: float, cells: int) -> dict[str, Any]:
    """Top-10 for users 0 … n-1 in the model's own batches (in parallel where the model does
    that: kNN), each batch's dense block of scores bounded to ~``cells`` cells."""
    n_items = len(rec.item_ids)
    size = max(8, min(rec.recommend_batch_size, cells // max(n_items, 1)))

    def rank(users: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return rec.top_k_rows(rec.train_matrix[users], users, 10)

    done = 0
    t0 = time.perf_counter()
    for users, (idx, _) in rec._map_user_batches(rank, n, size):
        assert idx.shape == (len(users), 10)
        done = max(done, int(users[-1]) + 1)
        if time.perf_counter() - t0 > cap_s:
            break
    seconds = time.perf_counter() - t0
    n_all = rec.train_matrix.shape[0]
    return {"recommend_s": seconds, "users_done": done, "recommend_all_s": seconds * n_all / done,
            "recommend_all_measured": done == n_all}
