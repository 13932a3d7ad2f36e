"""Part 2 — speed and memory at ML-1M size (generated), each measurement in a fresh process.

- CF: fit + top-10 for every user, user-knn and item-knn vs implicit's CosineRecommender (K=20,
  2 threads); ratio ours / implicit (target ≤ 1.0) and peak resident memory; EASE (λ = 500) for
  its fit time (no peer target).
- NeuMF: two epochs (4 negatives per positive, no validation) — seconds of each and rows per
  second of the first (which includes compiling the training step).
- MLP: seconds to its best validation epoch on ML-100K with default settings.
"""

from __future__ import annotations

from typing import Any

from benchmarks.common import log, run_child, shared_dataset
from benchmarks.tables import NA, table, target
from benchmarks.tasks import ML1M, generated

QUICK_SHAPE = (1000, 800, 60_000)


def _defaults_note(name: str) -> str:
    """These rows time RecLab's defaults against implicit's K = 20; part 'shapes' (section
    'speed') compares like with like at the same ML-1M shape, K = 20 on both sides."""
    from core.models import model_class

    check = ", fit-time check" if name == "item-knn" else ""
    return (f"defaults (k = {model_class(name).Config().k}{check}) vs implicit K = 20; "
            "K = 20 both sides: part shapes, 'ml-1m'")


def run(quick: bool = False) -> dict[str, Any]:
    shape = list(QUICK_SHAPE if quick else ML1M)
    out: dict[str, Any] = {"shape": shape, "quick": quick, "cf": {}}
    log("speed: preparing generated data")
    generated(*shape)  # cached on disk, so the measured processes only read it
    for name in ("implicit cosine", "user-knn", "item-knn", "ease"):
        log(f"speed: {name}")
        if name == "implicit cosine":
            res = run_child("benchmarks.tasks:cf_implicit", {"shape": shape}, 900)
        else:
            res = run_child("benchmarks.tasks:cf_ours", {"model": name, "shape": shape}, 900)
        out["cf"][name] = res
        log(f"  -> {res}")
    log("speed: NeuMF two epochs")
    out["neumf"] = run_child("benchmarks.tasks:neural_epochs",
                             {"model": "neumf", "shape": shape, "epochs": 2, "negatives": 4,
                              "cap_s": 120}, 600)
    log(f"  -> {out['neumf']}")
    path = shared_dataset("ml-100k")
    if path is None:
        out["mlp"] = {"error": "skipped: ../shared/data/ml-100k not found"}
    else:
        log("speed: MLP to best epoch on ML-100K")
        out["mlp"] = run_child("benchmarks.tasks:mlp_best_epoch", {"path": str(path)}, 600)
        log(f"  -> {out['mlp']}")
    return out


def _ratio(res: dict, ref: dict) -> float | None:
    if "error" in res or "error" in ref:
        return None
    return res["total_s"] / ref["total_s"]


def present(result: dict[str, Any]) -> tuple[list[dict], list[dict]]:
    n_u, n_i, nnz = result["shape"]
    cf = result["cf"]
    ref = cf.get("implicit cosine", {"error": NA})
    rows, targets = [], []
    for name, res in cf.items():
        if "error" in res:
            rows.append([name, res["error"], "", "", "", ""])
            continue
        ratio = _ratio(res, ref)
        rows.append([name, f"{res['fit_s']:.2f}", f"{res['recommend_s']:.2f}",
                     f"{res['total_s']:.2f}", "1.00 (reference)" if name == "implicit cosine"
                     else (f"{ratio:.2f}" if ratio is not None else NA),
                     f"{res['peak_mb']:.0f} ({res['peak_mb'] - res['baseline_mb']:.0f})"])
        if name in ("user-knn", "item-knn"):
            targets.append(target(f"{name} fit + top-10 all users vs implicit cosine (ratio)",
                                  "≤ 1.00", ratio, None if ratio is None else ratio <= 1.0,
                                  f"{res['total_s']:.2f} s vs {ref.get('total_s', 0):.2f} s; "
                                  f"{_defaults_note(name)}"))
    for name in ("user-knn", "item-knn"):
        if name not in cf or "error" in cf[name]:
            targets.append(target(f"{name} fit + top-10 all users vs implicit cosine (ratio)",
                                  "≤ 1.00", None, None, cf.get(name, {}).get("error", NA)))
    tables = [table(
        f"CF speed — generated {n_u} users × {n_i} items, {nnz} interactions",
        ["model", "fit s", "top-10 all users s", "total s", "ratio to implicit cosine",
         "peak RSS MB (above start)"], rows,
        "Each row in a fresh process (peak = VmHWM; in brackets the rise above the process "
        "after imports). RecLab models with default settings; implicit CosineRecommender K=20, "
        "2 threads.")]
    nm = result["neumf"]
    if "error" in nm or "epoch_s" not in nm:
        nrow = [["NeuMF, 4 negatives", nm.get("error", NA), "", "", "", ""]]
        targets.append(target("NeuMF seconds per epoch at ML-1M size", "≤ 10 s", None, None,
                              nm.get("error", NA)))
    else:
        rows_per_epoch = nm["nnz"] * 5
        rate = rows_per_epoch / nm["epoch_s"]
        how = "full epoch" if nm.get("complete") else (
            f"projected from {nm['fraction_done']:.0%} of the epoch (time cap)")
        ends = nm.get("epoch_ends_s", [])
        second = f"{ends[1] - ends[0]:.1f}" if len(ends) > 1 else NA
        nrow = [["NeuMF, 4 negatives", f"{nm['epoch_s']:.1f}", second, f"{rate:,.0f}",
                 f"{nm['peak_mb']:.0f}", how]]
        targets.append(target("NeuMF seconds per epoch at ML-1M size", "≤ 10 s",
                              round(nm["epoch_s"], 2), nm["epoch_s"] <= 10.0,
                              f"{rate:,.0f} rows/s; {how}"))
    tables.append(table("Neural speed — NeuMF epochs at ML-1M size",
                        ["model", "first epoch s", "second epoch s", "rows / s (first epoch)",
                         "peak RSS MB", "how"], nrow,
                        "Rows = positives + 4 sampled negatives each; no validation. The first "
                        "epoch includes compiling the training step (XLA), so the target is "
                        "judged on it; later epochs take the second epoch's time."))
    mlp = result["mlp"]
    if "error" in mlp:
        mrow = [["MLP (defaults), ML-100K", mlp["error"], "", "", ""]]
        targets.append(target("MLP time to best epoch on ML-100K", "≤ 30 s", None, None,
                              mlp["error"]))
    else:
        mrow = [["MLP (defaults), ML-100K", f"{mlp['to_best_s']:.1f}", str(mlp["best_epoch"]),
                 f"{mlp['fit_s']:.1f} ({mlp['epochs_run']} epochs)",
                 f"{mlp['peak_mb']:.0f}"]]
        targets.append(target("MLP time to best epoch on ML-100K", "≤ 30 s",
                              round(mlp["to_best_s"], 2), mlp["to_best_s"] <= 30.0,
                              f"best epoch {mlp['best_epoch']} ({mlp['monitor']} "
                              f"{mlp['best_value']:.3f})"))
    tables.append(table("MLP time to best validation epoch — ML-100K",
                        ["model", "s to best epoch", "best epoch", "whole fit s (with patience)",
                         "peak RSS MB"], mrow))
    return tables, targets
