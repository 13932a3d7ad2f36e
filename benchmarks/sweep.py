"""Part 6 — sweeps: item-kNN's k over 5 values × 5-fold cross-validation over users on ML-100K
(``core.sweep.sweep_data``: leave-last-out split, folds from the training part only), timed
end to end after loading. Target: ≤ 60 s on this machine."""

from __future__ import annotations

import time
from typing import Any

from benchmarks.common import log, shared_dataset
from benchmarks.tables import table, target

VALUES = ["10", "20", "50", "100", "200"]
FOLDS = 5
COMMAND = ("python -m core sweep --data ../shared/data/ml-100k --model item-knn "
           "--param k=10,20,50,100,200 --folds 5 --metric NDCG@10")


def run(quick: bool = False) -> dict[str, Any]:
    from core.io import load
    from core.sweep import SweepParam, SweepSpec, sweep_data

    path = shared_dataset("ml-100k")
    if path is None:
        return {"skipped": "ML-100K not found", "rows": []}
    data = load(path)
    values, folds = (VALUES[:2], 2) if quick else (VALUES, FOLDS)
    spec = SweepSpec("item-knn", [SweepParam("k", values)], folds=folds, metric="NDCG@10")
    runs = []
    for attempt in range(1 if quick else 3):
        start = time.perf_counter()
        result = sweep_data(data, spec)
        seconds = time.perf_counter() - start
        log(f"sweep: run {attempt + 1}: {len(result.rows)} settings × {folds} folds "
            f"in {seconds:.1f} s")
        runs.append(seconds)
    rows = [{"k": r.params["k"], "mean": r.mean["NDCG@10"], "std": r.std["NDCG@10"],
             "hr": r.mean["HR@10"], "seconds": r.seconds} for r in result.rows]
    return {"quick": quick, "runs_s": runs, "rows": rows, "folds": folds,
            "best": result.best().params, "command": COMMAND}


def present(result: dict[str, Any]) -> tuple[list[dict], list[dict]]:
    if result.get("skipped"):
        return [table("Sweep (skipped)", [], [], result["skipped"])], [
            target("item-kNN k sweep, 5 values × 5 folds, ML-100K", "≤ 60 s", None, None)]
    best_of = min(result["runs_s"])
    rows = [[r["k"], f"{r['mean']:.4f} ± {r['std']:.4f}", f"{r['hr']:.4f}",
             f"{r['seconds']:.1f}"] for r in result["rows"]]
    runs = ", ".join(f"{s:.1f}" for s in result["runs_s"])
    note = (f"`{result['command']}` (the same sweep through `core.sweep.sweep_data`, after "
            f"loading). Mean ± sample std over {result['folds']} folds of the training part of "
            "a leave-last-out split (the 943 test items are never used). Runs: "
            f"{runs} s (machine shared with other jobs; best of the runs is the target figure).")
    return [table("Sweep: item-kNN k by 5-fold cross-validation (ML-100K)",
                  ["k", "NDCG@10 (mean ± std)", "HR@10", "seconds"], rows, note)], [
        target("item-kNN k sweep, 5 values × 5 folds, ML-100K", "≤ 60 s", round(best_of, 1),
               best_of <= 60, f"all runs: {runs} s")]
