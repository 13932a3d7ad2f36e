"""Part 1 — accuracy: RecLab's models beside peers on the same leave-last-out split, same evaluator.

For ML-100K and ml-latest-small: HR@10 and NDCG@10 by full ranking and by the sampled-99
protocol, plus fit seconds, one run (seed 0). The neural models get a 3-seed mean ± std on ML-100K.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from benchmarks.common import DATASETS, log, shared_dataset
from benchmarks.tables import NA, table, target

OURS = ["popularity", "user-knn", "item-knn", "mlp", "neumf"]
PEER_NAMES = ["popularity (ref)", "EASE", "implicit ALS", "implicit BPR", "implicit cosine"]
SEEDS = (0, 1, 2)
PEER_NOTE = (
    "Peers (benchmarks/peers.py, tuned once on ML-100K and used unchanged): EASE λ = 500; "
    "implicit ALS factors 32, regularization 0.05, alpha 1, 15 iterations; BPR factors 64, "
    "learning rate 0.01, regularization 0.001, 100 iterations; cosine K = 20; all on the binary "
    "matrix, 2 threads, random_state 0."
)


def make_model(name: str, seed: int = 0, quick: bool = False):
    """A fresh model by name (ours from the registry, peers from ``benchmarks.peers``)."""
    from core.models import NEURAL_MODELS, create_model

    if name in PEER_NAMES:
        from benchmarks.peers import PEERS

        cls = PEERS[name]
        params = {"seed": seed} if "seed" in cls.Config.__dataclass_fields__ else {}
        if quick and "iterations" in cls.Config.__dataclass_fields__:
            params["iterations"] = 3
        return cls(**params)
    params: dict[str, Any] = {}
    if name in NEURAL_MODELS:
        params["seed"] = seed
        if quick:
            params["epochs"] = 2
    return create_model(name, **params)


def fit_and_evaluate(name: str, split, seed: int = 0, quick: bool = False) -> dict[str, Any]:
    """Fit ``name`` on the split's training table and evaluate it under both protocols."""
    from core.evaluation import evaluate

    try:
        model = make_model(name, seed, quick)
    except (ImportError, AttributeError) as exc:
        return {"model": name, "error": f"{NA} ({type(exc).__name__}: {exc})"}
    start = time.perf_counter()
    model.fit(split.train)
    fit_s = time.perf_counter() - start
    row: dict[str, Any] = {"model": name, "fit_s": fit_s}
    for protocol, sampled in (("full", None), ("sampled-99", 99)):
        t0 = time.perf_counter()
        result = evaluate(model, split, k=10, sampled=sampled, seed=0)
        row[protocol] = {"HR@10": result.metrics["HR@10"], "NDCG@10": result.metrics["NDCG@10"],
                         "eval_s": time.perf_counter() - t0, "n_users": result.n_users}
    return row


def _safe(name: str, split, seed: int, quick: bool) -> dict[str, Any]:
    try:
        return fit_and_evaluate(name, split, seed, quick)
    except Exception as exc:
        return {"model": name, "error": f"failed: {type(exc).__name__}: {exc}"[:200]}


def run(quick: bool = False) -> dict[str, Any]:
    from core.evaluation import leave_last_out
    from core.io import load

    datasets: dict[str, Any] = {}
    for label, folder in DATASETS.items():
        path = shared_dataset(folder)
        if path is None:
            datasets[label] = {"skipped": f"../shared/data/{folder} not found"}
            continue
        data = load(path)
        split = leave_last_out(data, seed=0)
        rows = []
        for name in OURS + PEER_NAMES:
            log(f"accuracy {label}: {name}")
            rows.append(_safe(name, split, 0, quick))
            log(f"  -> {_brief(rows[-1])}")
        entry: dict[str, Any] = {"shape": [data.n_users, data.n_items, data.nnz], "rows": rows}
        if label == "ML-100K":
            entry["variance"] = _variance(split, rows, quick)
        datasets[label] = entry
    return {"datasets": datasets, "quick": quick}


def _variance(split, rows: list[dict], quick: bool) -> dict[str, Any]:
    """HR@10/NDCG@10 (full ranking) over 3 seeds for the neural models; seed 0 is reused."""
    out = {}
    for name in ("mlp", "neumf"):
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


def present(result: dict[str, Any]) -> tuple[list[dict], list[dict]]:
    tables, targets = [], []
    for label, entry in result["datasets"].items():
        if "skipped" in entry:
            tables.append(table(f"Accuracy — {label}", [], [], f"Skipped: {entry['skipped']}."))
            continue
        n_u, n_i, nnz = entry["shape"]
        cols = ["model", "HR@10 full", "NDCG@10 full", "HR@10 sampled-99", "NDCG@10 sampled-99",
                "fit s", "eval s (full + sampled)"]
        body = []
        for r in entry["rows"]:
            if "error" in r:
                body.append([r["model"], r["error"], "", "", "", "", ""])
                continue
            f, s = r["full"], r["sampled-99"]
            body.append([r["model"], f"{f['HR@10']:.3f}", f"{f['NDCG@10']:.3f}",
                         f"{s['HR@10']:.3f}", f"{s['NDCG@10']:.3f}", f"{r['fit_s']:.1f}",
                         f"{f['eval_s'] + s['eval_s']:.1f}"])
        tables.append(table(
            f"Accuracy — {label} ({n_u} users × {n_i} items, {nnz} interactions)", cols, body,
            "Leave-last-out split (seed 0); RecLab models with default settings; one run. "
            + PEER_NOTE))
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


def _targets(result: dict[str, Any]) -> list[dict]:
    entry = result["datasets"].get("ML-100K", {})
    if "rows" not in entry:
        return [target("accuracy targets", "ML-100K needed", None, None, "ML-100K absent")]
    hr = {m: _metric(entry, m, "HR@10") for m in OURS + PEER_NAMES}
    nd = {m: _metric(entry, m, "NDCG@10") for m in OURS + PEER_NAMES}
    cf = [m for m in ("user-knn", "item-knn") if hr[m] is not None]
    best = max(cf, key=lambda m: hr[m]) if cf else None
    best_hr = hr[best] if best else None
    out = [
        _cmp("Best CF ≥ EASE (ML-100K, HR@10 full)", "≥ EASE", best_hr, hr["EASE"],
             f"best CF = {best}" if best else ""),
        _cmp("Best CF HR@10 ≥ 0.15 (ML-100K full)", "≥ 0.150", best_hr, 0.15 if best else None),
        _cmp("MLP ≥ EASE (ML-100K, HR@10 full)", "≥ EASE", hr["mlp"], hr["EASE"]),
        _cmp("MLP ≥ EASE (ML-100K, NDCG@10 full)", "≥ EASE", nd["mlp"], nd["EASE"]),
        _cmp("MLP HR@10 ≥ 0.15 (ML-100K full)", "≥ 0.150", hr["mlp"],
             0.15 if hr["mlp"] is not None else None),
        _cmp("MLP NDCG@10 ≥ 0.075 (ML-100K full)", "≥ 0.075", nd["mlp"],
             0.075 if nd["mlp"] is not None else None),
        _cmp("NeuMF ≥ implicit ALS (ML-100K, HR@10 full)", "≥ ALS", hr["neumf"],
             hr["implicit ALS"]),
        _cmp("NeuMF ≥ implicit ALS (ML-100K, NDCG@10 full)", "≥ ALS", nd["neumf"],
             nd["implicit ALS"]),
    ]
    return out
