"""Part 4 — scale: generated ML-20M-sized data (138,493 users × 26,744 items × 20M interactions).

Steps, each in a fresh process with a time cap: load the 20M-row CSV (the loading part's figure),
fit item-knn and recommend top-10 for 10,000 users, train the MLP for one epoch (stopped at its
cap and projected from the share of batches done). Where a step breaks, the table says where and
why.
"""

from __future__ import annotations

from typing import Any

from benchmarks.common import RESULTS, load_results, log, run_child
from benchmarks.tables import table
from benchmarks.tasks import ML20M, generated

KNN_CAP_S = 300
MLP_CAP_S = 90
QUICK_SHAPE = (5000, 2000, 200_000)


def _load_step(quick: bool) -> dict[str, Any]:
    """The loading part's 20M-row CSV measurement, or a fresh one when it is missing."""
    if not quick:
        for row in load_results(RESULTS).get("loading", {}).get("rows", []):
            if row.get("size") == "20M" and row.get("format") == "CSV with header":
                return {**row, "source": "loading part"}
    from benchmarks.loading import write_files

    label = "scale-quick" if quick else "20M"
    path = write_files(label, QUICK_SHAPE if quick else ML20M)["CSV with header"]
    return {**run_child("benchmarks.tasks:load_file", {"path": str(path)}, 900),
            "source": "measured here"}


def run(quick: bool = False) -> dict[str, Any]:
    shape = list(QUICK_SHAPE if quick else ML20M)
    out: dict[str, Any] = {"shape": shape, "quick": quick}
    log("scale: preparing generated data (cached)")
    generated(*shape)
    log("scale: load")
    out["load"] = _load_step(quick)
    log(f"  -> {out['load']}")
    log("scale: item-knn fit + top-10 for 10,000 users")
    out["item_knn"] = run_child("benchmarks.tasks:scale_item_knn", {"shape": shape},
                                KNN_CAP_S)
    log(f"  -> {out['item_knn']}")
    log("scale: MLP one epoch (capped)")
    out["mlp"] = run_child("benchmarks.tasks:neural_epochs",
                           {"model": "mlp", "shape": shape, "epochs": 1, "cap_s": MLP_CAP_S},
                           MLP_CAP_S + 300)
    log(f"  -> {out['mlp']}")
    return out


def _mem(r: dict) -> str:
    return f"{r['peak_mb']:.0f}" if "peak_mb" in r else "—"


def present(result: dict[str, Any]) -> tuple[list[dict], list[dict]]:
    n_u, n_i, nnz = result["shape"]
    rows = []
    ld = result["load"]
    rows.append(["load 20M-row CSV (core.io.load)",
                 f"{ld['load_s']:.1f}" if "load_s" in ld else "—", _mem(ld),
                 ld.get("error", f"from the {ld.get('source', '')}")])
    knn = result["item_knn"]
    err = knn.get("error", "")
    rows.append(["item-knn fit", f"{knn['fit_s']:.1f}" if "fit_s" in knn else "—", _mem(knn),
                 err if "fit_s" not in knn else ""])
    rows.append([f"item-knn top-10 for {knn.get('n_users', 10000):,} users",
                 f"{knn['recommend_s']:.1f}" if "recommend_s" in knn else "—", _mem(knn),
                 (err or "") if "recommend_s" not in knn else "peak is the whole process"])
    mlp = result["mlp"]
    if "epoch_s" in mlp:
        how = ("full epoch" if mlp.get("complete") else
               f"stopped at its {MLP_CAP_S} s cap after {mlp['fraction_done']:.1%} of the "
               "batches; epoch time projected")
        rows.append(["MLP one epoch", f"{mlp['epoch_s']:.0f}", _mem(mlp), how])
    else:
        rows.append(["MLP one epoch", "—", _mem(mlp), mlp.get("error", "no epoch finished")])
    return [table(f"Scale — generated {n_u:,} users × {n_i:,} items, {nnz:,} interactions",
                  ["step", "seconds", "peak RSS MB", "note"], rows,
                  f"Each step in a fresh process on this {n_u:,}-user table; time caps: "
                  f"item-knn {KNN_CAP_S} s, MLP {MLP_CAP_S} s (then projected).")], []
