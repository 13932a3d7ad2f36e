"""How fast every model honours Stop: random stop requests during ``fit`` on ML-100K.

For each model, ``TRIALS`` fits start from scratch; a timer thread sets the stop request at a
random moment within the model's usual fit time (seeded), and the progress callback answers
True from then on. The latency is the time from the request to ``fit`` returning. A fit that
ends on its own before the request counts as "finished first" (it did not need to stop).
Target: every model within 1 s in every trial.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Any

import numpy as np

from benchmarks.common import log, shared_dataset
from benchmarks.tables import table

TRIALS = 50
LIMIT_S = 1.0
# Stop requests are drawn uniformly from [0, window] seconds after fit starts.
# Every registered model has a window (a test checks), so a new model cannot skip this benchmark.
# Windows near each model's fit time on a quiet machine, so most requests land mid-fit.
WINDOWS = {"popularity": 0.05, "user-knn": 3.0, "item-knn": 0.4, "mlp": 12.0, "neumf": 14.0,
           "ease": 0.4, "als": 1.2, "content": 0.15, "hybrid": 0.5, "caser": 20.0}


def _trial(name: str, data: Any, delay: float) -> dict[str, Any]:
    from core.errors import TrainingStopped
    from core.models import create_model

    requested = threading.Event()
    at: list[float] = []

    def request() -> None:
        at.append(time.perf_counter())
        requested.set()

    model = create_model(name)
    timer = threading.Timer(delay, request)
    start = time.perf_counter()
    timer.start()
    failure = None
    try:
        model.fit(data, on_progress=lambda event: requested.is_set())
    except TrainingStopped:  # stopped before training began (nothing to keep): honoured
        pass
    except Exception as exc:  # recorded as a failed request, never the end of the benchmark
        failure = f"{type(exc).__name__}: {exc}"
    end = time.perf_counter()
    timer.cancel()
    if failure is not None:
        return {"delay": delay, "finished_first": False, "latency": end - (at or [end])[0],
                "fit_s": end - start, "error": failure}
    if not at or at[0] > end:
        return {"delay": delay, "finished_first": True, "fit_s": end - start}
    return {"delay": delay, "finished_first": False, "latency": end - at[0], "fit_s": end - start}


def run(quick: bool = False, models: list[str] | None = None,
        previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """Every model's trials, or only ``models``' (the others kept from ``previous``)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    path = shared_dataset("ml-100k")
    kept = {k: v for k, v in (previous or {}).get("trials", {}).items()
            if models is not None and k not in models}
    out: dict[str, Any] = {"quick": quick, "trials": kept, "limit_s": LIMIT_S,
                           "conditions": load_conditions()}
    if path is None:
        out["skipped"] = "ML-100K not found"
        return out
    from core.io import load

    data = load(path)
    n = 5 if quick else TRIALS
    for name, window in WINDOWS.items():
        if models is not None and name not in models:
            continue
        rng = np.random.default_rng(sorted(WINDOWS).index(name))  # per model: runs comparable
        rows = []
        for k in range(n):
            rows.append(_trial(name, data, float(rng.uniform(0, window))))
            if "latency" in rows[-1]:
                log(f"stop: {name} #{k + 1}: {rows[-1]['latency']:.3f} s"
                    + (f" ({rows[-1]['error']})" if "error" in rows[-1] else ""))
        out["trials"][name] = rows
    out["trials"] = {k: out["trials"][k] for k in WINDOWS if k in out["trials"]}
    return out


def load_conditions() -> str:
    """The machine's load when the run started: a latency depends on what else runs."""
    one, five, _ = os.getloadavg()
    return (f"Load average at the start of the run: {one:.1f} (1 min) / {five:.1f} (5 min) on "
            f"{os.cpu_count()} cores.")


def summary(rows: list[dict[str, Any]], limit: float = LIMIT_S) -> dict[str, Any]:
    lat = np.array([r["latency"] for r in rows if not r["finished_first"]])
    failed = np.array([bool(r.get("error")) for r in rows if not r["finished_first"]], bool)
    first = sum(r["finished_first"] for r in rows)
    within = int(((lat <= limit) & ~failed).sum()) + first
    return {
        "n": len(rows), "finished_first": first, "within": within, "errors": int(failed.sum()),
        "median": float(np.median(lat)) if len(lat) else 0.0,
        "p95": float(np.percentile(lat, 95)) if len(lat) else 0.0,
        "max": float(lat.max()) if len(lat) else 0.0,
    }


def present(result: dict[str, Any]) -> tuple[list[dict], list[dict]]:
    if result.get("skipped"):
        return [], []
    limit = result.get("limit_s", LIMIT_S)
    rows, targets = [], []
    worst_ok = True
    for name, trials in result["trials"].items():
        s = summary(trials, limit)
        longest = max(r["fit_s"] for r in trials)
        rows.append([name, s["n"], s["finished_first"], f"{s['median']:.3f}", f"{s['p95']:.3f}",
                     f"{s['max']:.3f}", f"{s['within']} of {s['n']}", s["errors"],
                     f"{longest:.3f}"])
        worst_ok = worst_ok and s["within"] == s["n"]
    worst = max((summary(t, limit)["max"] for t in result["trials"].values()), default=0.0)
    targets.append({"name": "Stop honoured within 1 s, every model, every request",
                    "goal": f"{TRIALS} of {TRIALS} per model", "measured": round(worst, 3),
                    "met": worst_ok and not result.get("quick"),
                    "detail": "worst latency in seconds over all models"})
    return [table(
        "Time to honour Stop (ML-100K, default settings)",
        ["model", "requests", "finished first", "median s", "p95 s", "max s",
         f"within {limit:g} s", "errors", "longest fit s"], rows,
        "Each request is a fresh fit with a stop requested at a seeded random moment (uniform in "
        f"[0, window]: {', '.join(f'{k} {v:g} s' for k, v in WINDOWS.items())}); latency = "
        "request to `fit` returning. 'Finished first' = the fit ended before the request "
        "(popularity and user-kNN fit ML-100K in under 25 ms, item-kNN in under 1 s, so any "
        "stop of theirs is honoured within 1 s). 'Errors' = fits that ended in an error other "
        "than a stop (counted as not honoured). "
        + str(result.get("conditions", "")),
    )], targets
