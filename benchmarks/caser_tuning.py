"""Part — how Caser's defaults were chosen: candidate settings scored on a validation fold of the
ML-100K *training part* (never the test hold-out), then confirmed with more seeds.

The evaluation split is leave-last-out (seed 0), exactly the accuracy part's; its training part is
split again by ``core.evaluation.crossval.user_folds(train, 1, seed=0)``: every eligible user
holds out their latest *training* item, the model trains on the rest and is scored on those items
(full ranking, HR@10 / NDCG@10, the app's protocol). The test items of the accuracy part are never
seen. Each candidate is fitted with one or more seeds; the defaults are the best mean NDCG@10.

``python -m benchmarks caser_tuning`` runs every candidate; ``python -m benchmarks.caser_tuning
'{"length": 5}' 0`` fits one setting with one seed and prints its row as JSON (how the sweep was
spread over processes on a shared machine).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from typing import Any

from benchmarks.common import log, shared_dataset
from benchmarks.tables import table

# (label, settings that differ from today's defaults, seeds): the sweep that chose negatives = 10
# (the other settings were the defaults before and after it).
OLD = {"negatives": 3}
CANDIDATES: list[tuple[str, dict[str, Any], tuple[int, ...]]] = [
    ("defaults before tuning", OLD, (0, 1, 2)),
    ("T = 3 targets per window", {**OLD, "targets": 3}, (0,)),
    ("no validation hold-out, 30 epochs", {**OLD, "validation": False, "epochs": 30}, (0,)),
    ("patience 10", {**OLD, "patience": 10}, (0,)),
    ("patience 10, learning rate 3e-3", {**OLD, "patience": 10, "learning_rate": 3e-3}, (0,)),
    ("L2 1e-4", {**OLD, "l2": 1e-4}, (0,)),
    ("negatives 10", {"negatives": 10}, (0, 1, 2)),
    ("negatives 20", {"negatives": 20}, (0, 1)),
]
COMMAND = "python -m benchmarks caser_tuning"


def validation_fold():
    """The single validation fold of the ML-100K training part (None without the data)."""
    from core.evaluation import leave_last_out
    from core.evaluation.crossval import user_folds
    from core.io import load

    path = shared_dataset("ml-100k")
    if path is None:
        return None
    split = leave_last_out(load(path), seed=0)
    return user_folds(split.train, 1, seed=0)[0]


def fit_fold(fold, settings: dict[str, Any], seed: int) -> dict[str, Any]:
    """Fit Caser with ``settings`` and ``seed`` on the fold's training table; score the fold."""
    from core.evaluation import evaluate
    from core.models import create_model

    start = time.perf_counter()
    model = create_model("caser", **{**settings, "seed": seed})
    model.fit(fold.train)
    result = evaluate(model, fold, k=10, seed=0)
    trained = model.training_result
    return {"settings": settings, "seed": seed, "HR@10": result.metrics["HR@10"],
            "NDCG@10": result.metrics["NDCG@10"], "n_users": result.n_users,
            "best_epoch": trained.best_epoch if trained else None,
            "epochs_run": trained.epochs_run if trained else None,
            "fit_s": time.perf_counter() - start}


def run(quick: bool = False) -> dict[str, Any]:
    fold = validation_fold()
    if fold is None:
        return {"skipped": "ML-100K not found", "runs": []}
    runs = []
    for label, settings, seeds in CANDIDATES:
        for seed in seeds[:1] if quick else seeds:
            log(f"caser tuning: {label} seed {seed}")
            settings = {**settings, "epochs": 2} if quick else settings
            runs.append({"label": label, **fit_fold(fold, settings, seed)})
    return {"runs": runs, "command": COMMAND, "quick": quick}


def summary(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Mean (and sample std) of HR@10 / NDCG@10 per candidate, in first-seen order."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in runs:
        groups.setdefault(r["label"], []).append(r)
    out = []
    for label, rows in groups.items():
        row = {"label": label, "settings": rows[0]["settings"], "n": len(rows),
               "seeds": [r["seed"] for r in rows]}
        for metric in ("HR@10", "NDCG@10"):
            values = [r[metric] for r in rows]
            row[metric] = statistics.mean(values)
            row[metric + " std"] = statistics.stdev(values) if len(values) > 1 else 0.0
        out.append(row)
    return out


def present(result: dict[str, Any]) -> tuple[list[dict], list[dict]]:
    if result.get("skipped"):
        return [table("How Caser's defaults were chosen (skipped)", [], [],
                      result["skipped"])], []
    rows = []
    for s in summary(result["runs"]):
        settings = ", ".join(f"{k}={v}" for k, v in s["settings"].items()) or "(defaults then)"
        rows.append([s["label"], settings, ", ".join(map(str, s["seeds"])),
                     f"{s['HR@10']:.4f} ± {s['HR@10 std']:.4f}",
                     f"{s['NDCG@10']:.4f} ± {s['NDCG@10 std']:.4f}"])
    note = result.get("note", "")
    return [table("How Caser's defaults were chosen — validation fold of the ML-100K training "
                  "part", ["candidate", "settings", "seeds", "HR@10 (mean ± std)",
                           "NDCG@10 (mean ± std)"], rows,
                  f"`{result['command']}`. " + note)], []


if __name__ == "__main__":
    fold = validation_fold()
    print(json.dumps(fit_fold(fold, json.loads(sys.argv[1]), int(sys.argv[2]))), flush=True)
