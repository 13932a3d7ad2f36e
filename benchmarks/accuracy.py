"""Part 1 — accuracy: RecLab's models beside peers on the same leave-last-out split, same evaluator.

For ML-100K and ml-latest-small: HR@10 and NDCG@10 by full ranking and by the sampled-99
protocol, plus fit seconds, one run (seed 0), in two tables so that like is compared with like:

- order-free: every model ignores the order of a user's items (recency off; the peers as they
  are);
- order-aware: RecLab's models with their recency weighting or sequence model, and EASE/ALS given
  the same signal (their user rows recency-weighted at scoring time), plus a control: Caser
  trained on each user's training items in a shuffled order (same split, same test items).

ML-100K also gets a cold-item split (all interactions of 10 % of the items held out) and a
3-seed mean ± std for the neural models.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from benchmarks.common import DATASETS, log, shared_dataset
from benchmarks.tables import NA, table, target

OURS = ["popularity", "user-knn", "item-knn", "mlp", "neumf"]
# (row label, registry name, settings): the order-free and order-aware variants
ORDER_FREE = [
    ("popularity", "popularity", {}), ("user-knn", "user-knn", {}),
    ("item-knn (recency off)", "item-knn", {"recency": 0.0}),
    ("mlp (recency off)", "mlp", {"recency": 0.0}),
    ("neumf (recency off)", "neumf", {"recency": 0.0}),
    ("ease", "ease", {}), ("als", "als", {}),
    ("content (recency off)", "content", {"recency": 0.0}), ("hybrid", "hybrid", {}),
]
ORDER_AWARE = [
    ("item-knn", "item-knn", {}), ("mlp", "mlp", {}), ("neumf", "neumf", {}),
    ("ease + recency", "ease", {"recency": 2.0}), ("als + recency", "als", {"recency": 2.0}),
    ("content", "content", {}), ("caser", "caser", {}),
    ("caser (shuffled order)", "caser", {}),
]
COLD = [("popularity", "popularity", {}), ("item-knn", "item-knn", {}), ("ease", "ease", {}),
        ("als", "als", {}), ("content", "content", {}), ("hybrid", "hybrid", {})]
VARIANCE = ("mlp", "neumf", "caser")
SHUFFLED = "caser (shuffled order)"
PEER_NAMES = ["popularity (ref)", "EASE", "implicit ALS", "implicit BPR", "implicit cosine"]
SEEDS = (0, 1, 2)
PEER_NOTE = (
    "Peers (benchmarks/peers.py, tuned once on ML-100K and used unchanged): EASE λ = 500; "
    "implicit ALS factors 32, regularization 0.05, alpha 1, 15 iterations; BPR factors 64, "
    "learning rate 0.01, regularization 0.001, 100 iterations; cosine K = 20; all on the binary "
    "matrix, 2 threads, random_state 0."
)


def make_model(name: str, seed: int = 0, quick: bool = False, settings: dict | None = None):
    """A fresh model by name (ours from the registry, peers from ``benchmarks.peers``)."""
    from core.models import NEURAL_MODELS, create_model

    if name in PEER_NAMES:
        from benchmarks.peers import PEERS

        cls = PEERS[name]
        params = {"seed": seed} if "seed" in cls.Config.__dataclass_fields__ else {}
        if quick and "iterations" in cls.Config.__dataclass_fields__:
            params["iterations"] = 3
        return cls(**params)
    params: dict[str, Any] = dict(settings or {})
    if name in NEURAL_MODELS:
        params["seed"] = seed
        if quick:
            params["epochs"] = 2
    return create_model(name, **params)


def fit_and_evaluate(name: str, split, seed: int = 0, quick: bool = False,
                     settings: dict | None = None, label: str | None = None,
                     train=None) -> dict[str, Any]:
    """Fit ``name`` on the split's training table (or ``train``, a variant of it with the same
    users and items) and evaluate it under both protocols."""
    from core.evaluation import evaluate

    label = label or name
    try:
        model = make_model(name, seed, quick, settings)
    except (ImportError, AttributeError) as exc:
        return {"model": label, "error": f"{NA} ({type(exc).__name__}: {exc})"}
    start = time.perf_counter()
    model.fit(split.train if train is None else train)
    fit_s = time.perf_counter() - start
    row: dict[str, Any] = {"model": label, "fit_s": fit_s, "settings": dict(settings or {})}
    for protocol, sampled in (("full", None), ("sampled-99", 99)):
        t0 = time.perf_counter()
        result = evaluate(model, split, k=10, sampled=sampled, seed=0)
        row[protocol] = {"HR@10": result.metrics["HR@10"], "NDCG@10": result.metrics["NDCG@10"],
                         "eval_s": time.perf_counter() - t0, "n_users": result.n_users}
    return row


def _safe(name: str, split, seed: int, quick: bool, settings: dict | None = None,
          label: str | None = None, train=None) -> dict[str, Any]:
    try:
        return fit_and_evaluate(name, split, seed, quick, settings, label, train)
    except Exception as exc:
        return {"model": label or name, "error": f"failed: {type(exc).__name__}: {exc}"[:200]}


def shuffled_order(data, seed: int = 0):
    """``data`` with each user's timestamps permuted among their own items (same items, same
    times, order destroyed): the control for models that read the order."""
    import numpy as np

    from core.interactions import Interactions

    rng = np.random.default_rng(seed)
    ts = np.array(data.timestamps, copy=True)
    ptr = data.matrix.indptr
    for u in range(data.n_users):
        ts[ptr[u]:ptr[u + 1]] = rng.permutation(ts[ptr[u]:ptr[u + 1]])
    return Interactions(list(data.user_ids), list(data.item_ids), data.matrix.copy(), ts,
                        data.explicit, dict(data.items_info), data.name)


def _rows(variants, split, quick: bool, label: str, order: str,
          models: set[str] | None = None) -> list[dict]:
    rows = []
    for name, model, settings in variants:
        if models is not None and model not in models:
            continue
        log(f"accuracy {label} ({order}): {name}")
        train = shuffled_order(split.train) if name == SHUFFLED else None
        row = _safe(model, split, 0, quick, settings, name, train)
        row["order"] = order
        rows.append(row)
        log(f"  -> {_brief(row)}")
    return rows


def run(quick: bool = False, models: list[str] | None = None,
        previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """Every row; with ``models`` (registry names, e.g. ["caser", "ease"]) only their rows are
    re-run and merged into ``previous`` (the last full result), the other rows kept as they were.
    """
    from core.evaluation import leave_last_out
    from core.io import load

    only = set(models) if models else None
    if only is not None and not previous:
        raise ValueError("--models needs an earlier full accuracy result to merge into")

    datasets: dict[str, Any] = {}
    for label, folder in DATASETS.items():
        path = shared_dataset(folder)
        if path is None:
            datasets[label] = {"skipped": f"../shared/data/{folder} not found"}
            continue
        data = load(path)
        split = leave_last_out(data, seed=0)
        peers = [(p, p, {}) for p in PEER_NAMES]
        aware = ORDER_AWARE if label == "ML-100K" else ORDER_AWARE[:-1]
        rows = _rows(ORDER_FREE + peers, split, quick, label, "free", only)
        rows += _rows(aware, split, quick, label, "aware", only)
        entry: dict[str, Any] = {"shape": [data.n_users, data.n_items, data.nnz], "rows": rows}
        if label == "ML-100K":
            from core.evaluation import cold_items

            entry["cold"] = _rows(COLD, cold_items(data, 0.1, seed=0), quick, label, "cold",
                                  only)
            entry["variance"] = _variance(split, rows, quick, only)
        if only is not None:
            entry = _merge(previous["datasets"].get(label, {}), entry)
        datasets[label] = entry
    if only is None:
        return {"datasets": datasets, "quick": quick}
    # the rows re-run now and by earlier re-runs merged into the same full run
    rerun = set(only) | set(previous.get("rerun", []))
    return {"datasets": datasets, "quick": quick, "rerun": sorted(rerun),
            "full_run": previous.get("full_run") or previous.get("finished", "?")}


def _merge(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """``old`` with the rows (same label and order) and variances that ``new`` re-ran replaced;
    rows and variances ``new`` did not run are kept."""
    out = dict(old, shape=new["shape"])
    for key in ("rows", "cold"):
        fresh = {(r["model"], r.get("order")): r for r in new.get(key, [])}
        kept = [fresh.pop((r["model"], r.get("order")), r) for r in old.get(key, [])]
        out[key] = kept + list(fresh.values())
    if "variance" in new:
        out["variance"] = {**old.get("variance", {}), **new["variance"]}
    return out


def _variance(split, rows: list[dict], quick: bool,
              models: set[str] | None = None) -> dict[str, Any]:
    """HR@10/NDCG@10 (full ranking) over 3 seeds for the neural models; seed 0 is reused."""
    out = {}
    for name in VARIANCE:
        if models is not None and name not in models:
            continue
        first = next(r for r in rows if r["model"] == name)
        if "error" in first:
            out[name] = {"error": first["error"]}
            continue
        runs = [first]
        for seed in SEEDS[1:]:
            log(f"variance ML-100K: {name} seed {seed}")
            runs.append(_safe(name, split, seed, quick))
        good = [r for r in runs if "error" not in r]
        out[name] = {
            metric: {"mean": statistics.mean(r["full"][metric] for r in good),
                     "std": statistics.stdev(r["full"][metric] for r in good) if len(good) > 1
                     else 0.0, "n": len(good)}
            for metric in ("HR@10", "NDCG@10")
        }
    return out


def _brief(row: dict) -> str:
    if "error" in row:
        return row["error"]
    f = row["full"]
    return f"HR@10 {f['HR@10']:.3f} NDCG@10 {f['NDCG@10']:.3f} fit {row['fit_s']:.1f}s"


# -- presentation ---------------------------------------------------------------------------------


COLUMNS = ["model", "HR@10 full", "NDCG@10 full", "HR@10 sampled-99", "NDCG@10 sampled-99",
           "fit s", "eval s (full + sampled)"]
ORDER_TITLES = {
    "free": ("order-free", "Every model ignores the order of a user's items: recency weighting "
             "off, no sequence model; the peers as they are."),
    "aware": ("order-aware", "RecLab's models with their default recency weighting (item-knn, "
              "MLP, NeuMF, content) or sequence model (Caser), and EASE/ALS given the same signal "
              "(the user's row weighted exp(-r/2) at scoring time). Caser (shuffled order) is the "
              "control: the same model trained on each user's training items in a random order."),
}


def _body(rows: list[dict]) -> list[list[str]]:
    body = []
    for r in rows:
        if "error" in r:
            body.append([r["model"], r["error"], "", "", "", "", ""])
            continue
        f, s = r["full"], r["sampled-99"]
        body.append([r["model"], f"{f['HR@10']:.3f}", f"{f['NDCG@10']:.3f}",
                     f"{s['HR@10']:.3f}", f"{s['NDCG@10']:.3f}", f"{r['fit_s']:.1f}",
                     f"{f['eval_s'] + s['eval_s']:.1f}"])
    return body


def present(result: dict[str, Any]) -> tuple[list[dict], list[dict]]:
    tables, targets = [], []
    for label, entry in result["datasets"].items():
        if "skipped" in entry:
            tables.append(table(f"Accuracy — {label}", [], [], f"Skipped: {entry['skipped']}."))
            continue
        n_u, n_i, nnz = entry["shape"]
        shape = f"{n_u} users × {n_i} items, {nnz} interactions"
        groups: dict[str, list[dict]] = {}
        for r in entry["rows"]:
            groups.setdefault(r.get("order", "free"), []).append(r)
        for order, rows in groups.items():
            name, note = ORDER_TITLES.get(order, (order, ""))
            title = (f"Accuracy — {label}, {name} ({shape})" if len(groups) > 1
                     else f"Accuracy — {label} ({shape})")
            tables.append(table(
                title, COLUMNS, _body(rows),
                f"{note} Leave-last-out split (seed 0); RecLab models with default settings "
                "unless the label says otherwise; one run. " + PEER_NOTE))
        if entry.get("cold"):
            tables.append(table(
                f"Cold items — {label} (all interactions of 10 % of the items held out)", COLUMNS,
                _body(entry["cold"]),
                "Cold-item split (seed 0): the test items have no interactions in train, so only "
                "a model that reads item features (genres, titles) can rank them; CF models "
                "score them 0 or not at all."))
        if "variance" in entry:
            vb = []
            for name, v in entry["variance"].items():
                if "error" in v:
                    vb.append([name, v["error"], ""])
                else:
                    vb.append([name] + [f"{v[m]['mean']:.3f} ± {v[m]['std']:.3f} (n={v[m]['n']})"
                                        for m in ("HR@10", "NDCG@10")])
            tables.append(table(f"Neural variance — {label}, full ranking, seeds {SEEDS}",
                                ["model", "HR@10 mean ± std", "NDCG@10 mean ± std"], vb))
    if result.get("rerun"):
        tables.append(table(
            "Re-run rows", [], [],
            f"The rows of {', '.join(result['rerun'])} (and their seeds) were re-run with "
            "`python -m benchmarks accuracy --models " + ",".join(result["rerun"]) + "` and "
            f"merged into the full run of {result.get('full_run', '?')}; the other rows are "
            "from that run."))
    targets = _targets(result)
    return tables, targets


def _metric(entry: dict, model: str, metric: str) -> float | None:
    for r in entry.get("rows", []):
        if r["model"] == model and "error" not in r:
            return r["full"][metric]
    return None


def _cmp(name: str, goal: str, a: float | None, b: float | None, detail: str = "") -> dict:
    if a is None or b is None:
        return target(name, goal, a, None, detail or "a model was not available")
    return target(name, goal, a, a >= b, f"{a:.3f} vs {b:.3f}" + (f"; {detail}" if detail else ""))


def _free(entry: dict, model: str, metric: str) -> float | None:
    """The order-free variant's figure when the run has one (older results: the plain row)."""
    value = _metric(entry, f"{model} (recency off)", metric)
    return value if value is not None else _metric(entry, model, metric)


def _cold(entry: dict, model: str) -> float | None:
    for r in entry.get("cold", []):
        if r["model"] == model and "error" not in r:
            return r["full"]["HR@10"]
    return None


def _targets(result: dict[str, Any]) -> list[dict]:
    entry = result["datasets"].get("ML-100K", {})
    if "rows" not in entry:
        return [target("accuracy targets", "ML-100K needed", None, None, "ML-100K absent")]
    hr = {m: _metric(entry, m, "HR@10") for m in OURS + PEER_NAMES}
    free_hr = {m: _free(entry, m, "HR@10") for m in OURS}
    free_nd = {m: _free(entry, m, "NDCG@10") for m in OURS}
    cf = [m for m in ("user-knn", "item-knn") if free_hr[m] is not None]
    best = max(cf, key=lambda m: free_hr[m]) if cf else None
    best_hr = free_hr[best] if best else None
    cf_default = [m for m in ("user-knn", "item-knn") if hr[m] is not None]
    best_default = max(hr[m] for m in cf_default) if cf_default else None
    peer_nd = {m: _metric(entry, m, "NDCG@10") for m in ("EASE", "implicit ALS")}
    out = [
        _cmp("Best CF ≥ EASE (ML-100K, HR@10 full)", "≥ EASE", best_hr, hr["EASE"],
             f"order-free; best CF = {best}" if best else ""),
        _cmp("Best CF HR@10 ≥ 0.15 (ML-100K full)", "≥ 0.150", best_default,
             0.15 if best_default is not None else None, "default settings"),
        _cmp("MLP ≥ EASE (ML-100K, HR@10 full)", "≥ EASE", free_hr["mlp"], hr["EASE"],
             "order-free"),
        _cmp("MLP ≥ EASE (ML-100K, NDCG@10 full)", "≥ EASE", free_nd["mlp"], peer_nd["EASE"],
             "order-free"),
        _cmp("MLP HR@10 ≥ 0.15 (ML-100K full)", "≥ 0.150", hr["mlp"],
             0.15 if hr["mlp"] is not None else None),
        _cmp("MLP NDCG@10 ≥ 0.075 (ML-100K full)", "≥ 0.075", _metric(entry, "mlp", "NDCG@10"),
             0.075 if hr["mlp"] is not None else None),
        _cmp("NeuMF ≥ implicit ALS (ML-100K, HR@10 full)", "≥ ALS", free_hr["neumf"],
             hr["implicit ALS"], "order-free"),
        _cmp("NeuMF ≥ implicit ALS (ML-100K, NDCG@10 full)", "≥ ALS", free_nd["neumf"],
             peer_nd["implicit ALS"], "order-free"),
    ]
    if any(r["model"] in ("ease", "caser") for r in entry["rows"]):
        out += _issue12_targets(entry)
    return out


def _issue12_targets(entry: dict) -> list[dict]:
    def m(model: str, metric: str = "HR@10") -> float | None:
        return _metric(entry, model, metric)

    def at_least(name: str, value: float | None, goal: float, detail: str = "") -> dict:
        return _cmp(name, f"≥ {goal:.3f}", value, goal if value is not None else None, detail)

    hybrid_cold, ease_cold = _cold(entry, "hybrid"), _cold(entry, "ease")
    return [
        at_least("EASE HR@10 ≥ 0.145 (ML-100K full, order-free)", m("ease"), 0.145),
        at_least("EASE NDCG@10 ≥ 0.073 (ML-100K full, order-free)", m("ease", "NDCG@10"), 0.073),
        at_least("ALS HR@10 ≥ 0.136 (ML-100K full, order-free)", m("als"), 0.136),
        at_least("Caser HR@10 ≥ 0.21 (ML-100K full, order-aware)", m("caser"), 0.21),
        at_least("Caser NDCG@10 ≥ 0.11 (ML-100K full, order-aware)", m("caser", "NDCG@10"),
                 0.11),
        _cmp("Caser ≥ EASE + recency (ML-100K, HR@10, same run)", "≥ EASE + recency",
             m("caser"), m("ease + recency")),
        _cmp("Caser true order > shuffled order (ML-100K, HR@10)", "> shuffled",
             m("caser"), None if m(SHUFFLED) is None else m(SHUFFLED) + 1e-9),
        _cmp("Hybrid ranks cold items better than EASE (cold-item split, HR@10)", "> EASE",
             hybrid_cold, None if ease_cold is None else ease_cold + 1e-9),
    ]
