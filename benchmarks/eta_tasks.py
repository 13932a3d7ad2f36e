"""Honest progress (issue 11): how right the ETA of every long stage is, each task run in a fresh
process by ``benchmarks.shapes`` (section "progress").

Per stage: its seconds, its progress events, the worst relative ETA error after the first 10 %
(``eta_error``) and the share of those events that carried an ETA at all (a stage may say
"estimating…" until it has timed enough work; that share shows how much it did).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.tasks import CACHE, _partial, shape_table

Event = tuple[float, float, float | None]  # (seconds since the stage began, fraction, ETA)


def eta_error(events: list[Event], total: float) -> float | None:
    """Worst |ETA − time actually left| / time left over events past 10 % (and > 0.2 s left)."""
    errors = [abs(eta - (total - t)) / (total - t) for t, f, eta in _judged(events, total)
              if eta is not None]
    return max(errors) if errors else None


def eta_shown(events: list[Event], total: float) -> float | None:
    """Share of the judged events (past 10 %, > 0.2 s left) that carried an ETA."""
    judged = _judged(events, total)
    return sum(eta is not None for _, _, eta in judged) / len(judged) if judged else None


def _judged(events: list[Event], total: float) -> list[Event]:
    return [e for e in events if 0.1 <= e[1] < 1.0 and total - e[0] > 0.2]


def summary(events: list[Event], total: float) -> dict[str, Any]:
    return {"seconds": total, "events": len(events), "worst_eta_error": eta_error(events, total),
            "eta_shown": eta_shown(events, total)}


def timed_stage(out: dict[str, Any], name: str, fn: Callable[[Any], Any],
                pick: Callable[[Any], tuple[float, float | None] | None] | None = None) -> Any:
    """Run ``fn(on_progress)`` as one stage; ``pick(event)`` gives (fraction, ETA) of the events
    that belong to the stage (default: every event with a fraction)."""
    events: list[Event] = []
    t0 = time.perf_counter()

    def on_progress(e: Any) -> None:
        got = pick(e) if pick else (None if e.fraction is None else (e.fraction, e.eta))
        if got is not None:
            events.append((time.perf_counter() - t0, got[0], got[1]))

    result = fn(on_progress)
    out[name] = summary(events, time.perf_counter() - t0)
    _partial(step=name, **out[name])
    _trace(name, events, out[name]["seconds"])
    return result


def _trace(name: str, events: list[Event], total: float) -> None:
    """With RECLAB_ETA_TRACE=dir, keep the stage's events there (to study an estimator)."""
    folder = os.environ.get("RECLAB_ETA_TRACE")
    if folder:
        import json

        path = Path(folder) / f"{name.replace(' ', '_')}-{os.getpid()}.json"
        path.write_text(json.dumps({"total": total, "events": events}))


def shop_csv(rows: int) -> Path:
    """The shop shape's first ``rows`` interactions as a user,item CSV (cached)."""
    path = CACHE / f"shop-{rows}.csv"
    if not path.exists():
        m = shape_table("shop").matrix.tocoo()
        keep = slice(0, rows)
        tmp = path.with_name(path.stem + ".part.csv")
        with open(tmp, "w") as f:
            f.write("user,item\n")
            np.savetxt(f, np.c_[m.row[keep] + 1, m.col[keep] + 1], fmt="%d", delimiter=",")
        tmp.replace(path)
    return path


def eta_shop(rows: int = 2_000_000, user_knn: bool = True) -> dict[str, Any]:
    """On the shop shape: loading a generated CSV of ``rows`` rows (a fresh process's first
    load, pandas imported before timing), then item-kNN's fit and top-10 for every user, and
    user-kNN's the same."""
    from core.io import load

    path = shop_csv(rows)
    import pandas  # noqa: F401  (imported before timing, as the app has it by the time one loads)

    out: dict[str, Any] = {}
    loaded = timed_stage(out, "loading", lambda cb: load(path, cb))
    for model in ("item-knn", "user-knn") if user_knn else ("item-knn",):
        _fit_and_recommend(out, model, loaded)
    return out


def _fit_and_recommend(out: dict[str, Any], name: str, data: Any) -> None:
    from core.models import create_model

    model = create_model(name, k=20)
    timed_stage(out, f"{name} fit", lambda cb: model.fit(data, cb))
    timed_stage(out, f"{name} top-10 all users",
                lambda cb: model.recommend_all(10, on_progress=cb))


def eta_user_knn(shape: str = "ml-20m", scale: float = 1.0) -> dict[str, Any]:
    """user-kNN's fit (its lookup structures: a few O(interactions) steps) on a large shape."""
    from core.models import create_model

    data = shape_table(shape, scale)
    out: dict[str, Any] = {"shape": [data.n_users, data.n_items, data.nnz]}
    timed_stage(out, f"user-knn fit ({data.nnz:,} interactions)",
                lambda cb: create_model("user-knn").fit(data, cb))
    return out


def eta_als(shape: str = "long-tail") -> dict[str, Any]:
    """ALS (defaults) fitted on a generated shape: its iterations are the stage's work."""
    from core.models import create_model

    data = shape_table(shape)
    out: dict[str, Any] = {"shape": [data.n_users, data.n_items, data.nnz]}
    timed_stage(out, "ALS fit", lambda cb: create_model("als").fit(data, cb))
    return out


def eta_evaluation(shape: str = "shop", scale: float = 0.2) -> dict[str, Any]:
    """Full-ranking leave-last-out evaluation (HR@10 / NDCG@10) of item-kNN fitted on the train
    part of a generated shape."""
    from core.evaluation.evaluate import evaluate
    from core.evaluation.splits import leave_last_out
    from core.models import create_model

    data = shape_table(shape, scale)
    split = leave_last_out(data)
    model = create_model("item-knn", k=20).fit(split.train)
    out: dict[str, Any] = {"shape": [data.n_users, data.n_items, data.nnz]}
    timed_stage(out, "evaluation", lambda cb: evaluate(model, split, on_progress=cb))
    return out


def eta_ease(shape: str = "ml-1m", scale: float = 1.0) -> dict[str, Any]:
    """EASE (defaults) fitted on a generated shape: its three stages, its memory written (progress
    by bytes), the Gram matrix (by multiply-adds) and the inverse (by the multiply-adds of its
    blocks, then the weights' tiles), each judged from the previous stage's last event to its
    own last."""
    from core.models import create_model

    data = shape_table(shape, scale)
    events: list[tuple[float, str, float | None, float | None]] = []
    t0 = time.perf_counter()
    create_model("ease").fit(data, lambda e: events.append(
        (time.perf_counter() - t0, e.message, e.fraction, e.eta)) and False)
    end = time.perf_counter() - t0
    out: dict[str, Any] = {"shape": [data.n_users, data.n_items, data.nnz]}

    def last(message: str) -> float:
        return max((t for t, m, _, _ in events if m == message), default=end)

    memory, gram = "EASE: memory for the item matrices", "EASE: item Gram matrix"
    inverse = "EASE: item × item inverse"
    bounds = [0.0, last(memory), last(gram), last("EASE: inverse done")]
    items = f"{data.n_items:,} items"
    stages = {f"EASE memory ({items})": (memory, bounds[0], bounds[1]),
              f"EASE Gram matrix ({items})": (gram, bounds[1], bounds[2]),
              f"EASE inverse ({items})": (inverse, bounds[2], bounds[3])}
    for name, (wanted, lo, hi) in stages.items():
        own = [(t - lo, f, eta) for t, message, f, eta in events
               if message == wanted and f is not None]
        out[name] = summary(own, hi - lo)
        _trace(name, own, hi - lo)
    _partial(step="ease", **out)
    return out


def eta_epochs(shape: str = "long-tail", epochs: int = 3) -> dict[str, Any]:
    """MLP (defaults) on a generated shape: each of the first ``epochs`` epochs as a stage (its
    batches; the epoch's ETA is ``Progress.epoch_eta``)."""
    from core.models import create_model
    from core.progress import Progress

    data = shape_table(shape)
    per_epoch: dict[int, list[Event]] = {}
    starts: dict[int, float] = {}
    t0 = time.perf_counter()

    def on_progress(e: Progress) -> bool:
        now = time.perf_counter() - t0
        if e.kind == "batch" and e.epoch is not None and e.n_batches:
            if e.epoch not in starts:  # the epoch began when its batches did
                starts[e.epoch] = now
            per_epoch.setdefault(e.epoch, []).append(
                (now - starts[e.epoch], e.batch / e.n_batches, e.epoch_eta))
        return e.kind == "epoch" and e.epoch >= epochs

    create_model("mlp").fit(data, on_progress)
    out: dict[str, Any] = {"shape": [data.n_users, data.n_items, data.nnz]}
    for epoch, events in sorted(per_epoch.items()):
        total = events[-1][0]  # the epoch's batches end with its last batch
        out[f"MLP epoch {epoch}"] = summary(events, total)
        _trace(f"MLP epoch {epoch}", events, total)
    _partial(step="epochs", **out)
    return out


LOAD_KINDS = {  # kind: (what its ids / columns are, for the progress table)
    "int": "integer ids", "log": "integer ids, rows shuffled", "text": "text ids",
    "timed": "integer ids, rating, timestamp", "text-timed": "text ids, rating, timestamp",
    "text-long": "long text ids: hex visitor ids and URLs",
    "titled": "integer ids, timestamp, title, genres",
}


def kind_csv(kind: str, rows: int = 1_000_000) -> Path:
    """A generated table of ``kind`` as CSV (cached): "int" (the shop shape, user,item, sorted
    by user and item), "log" (the same rows shuffled, as an event log has them), "text" (the
    ids written "u12", "i7"), "timed" (the ML-1M shape with rating and timestamp, sorted),
    "timed-log" (its rows shuffled), "text-timed" (the ML-1M shape with its ids written as
    text), "text-long" (a click log with long ids, ``_long_ids_csv``) or "titled" (the ML-1M
    shape as RecLab saves it with item titles and genres, ``_titled_csv``)."""
    path = CACHE / f"eta-{kind}-{rows}.csv"
    if kind == "text-long" and not path.exists():
        _long_ids_csv(path, rows)
    if kind == "titled" and not path.exists():
        _titled_csv(path)
    if not path.exists():
        timed = kind in ("timed", "timed-log", "text-timed")
        data = shape_table("ml-1m" if timed else "shop")
        m = data.matrix.tocoo()
        keep = slice(0, rows)
        columns: list[np.ndarray] = [m.row[keep] + 1, m.col[keep] + 1]
        if kind.endswith("log"):
            shuffled = np.random.default_rng(0).permutation(len(columns[0]))
            columns = [c[shuffled] for c in columns]
        header, fmt = "user,item", "%d,%d"
        if timed:
            rng = np.random.default_rng(0)
            columns += [rng.integers(1, 6, len(columns[0])), data.timestamps[keep]]
            header, fmt = "user,item,rating,timestamp", "%d,%d,%d,%d"
        if kind.startswith("text"):
            fmt = "u%d,i" + fmt[3:]
        tmp = path.with_name(path.stem + ".part.csv")
        with open(tmp, "w") as f:
            f.write(header + "\n")
            np.savetxt(f, np.column_stack(columns), fmt=fmt)
        tmp.replace(path)
    return path


def _long_ids_csv(path: Path, rows: int) -> None:
    """A click log unlike the others: 32-hex-digit visitor ids and product URLs (~88 bytes a
    row, ~5x the "text" table's), rows in no order, Zipf-like item popularity (seeded)."""
    rng = np.random.default_rng(1)
    users = rng.integers(0, 60_000, rows)
    items = rng.zipf(1.3, rows) % 40_000
    visitor = [f"{(k * 2654435761) % (1 << 64):016x}{k:016x}" for k in range(60_000)]
    tmp = path.with_name(path.stem + ".part.csv")
    with open(tmp, "w") as f:
        f.write("visitor,url\n")
        f.writelines(f"{visitor[u]},https://shop.example.com/products/item-{i:06d}?ref=list\n"
                     for u, i in zip(users.tolist(), items.tolist(), strict=True))
    tmp.replace(path)


def _titled_csv(path: Path) -> None:
    """The ML-1M shape saved by ``core.io.writer`` (rating, timestamp, and each item's title and
    genres on every row), its items given made-up details."""
    from core.interactions import ItemInfo
    from core.io.writer import save_csv

    data = shape_table("ml-1m")
    genres = ("Drama", "Comedy", "Action", "Thriller", "Romance", "Sci-Fi", "Children's")
    data.items_info = {item: ItemInfo(f"Film number {k} ({1930 + k % 70})",
                                      tuple(genres[j] for j in range(7) if (k >> j) % 3 == 1))
                       for k, item in enumerate(data.item_ids)}
    save_csv(data, path)


def eta_load(kind: str, rows: int = 1_000_000) -> dict[str, Any]:
    """Loading a generated table of ``kind`` (``kind_csv``) as a fresh process's first load,
    pandas imported before timing."""
    from core.io import load

    path = kind_csv(kind, rows)
    import pandas  # noqa: F401  (imported before timing, as the app has it by the time one loads)

    out: dict[str, Any] = {}
    timed_stage(out, f"loading ({LOAD_KINDS[kind]})", lambda cb: load(path, cb))
    return out


def load_steps(kind: str, rows: int = 1_000_000) -> dict[str, Any]:
    """Seconds of each loading step (``core.io.load_progress``) of a fresh process's first load
    of a generated table of ``kind`` (``kind_csv``). Calibrates ``AFTER_TOKENS`` and
    ``AFTER_PARSE``."""
    import core.io as io_module
    from core.io.load_progress import LoadProgress

    path = kind_csv(kind, rows)
    import pandas  # noqa: F401

    made: list[LoadProgress] = []

    class Recording(LoadProgress):
        def __init__(self, *args: Any, **kwargs: Any):
            super().__init__(*args, **kwargs)
            made.append(self)

    io_module.LoadProgress = Recording  # type: ignore[misc]
    t0 = time.perf_counter()
    io_module.load(path, lambda e: None)
    total = time.perf_counter() - t0
    progress = made[0]
    steps, tokens, parse = progress.steps, progress.steps["tokens"], progress._parse
    building = total - sum(v for k, v in steps.items() if k != "tokens")
    return {"kind": kind, "rows": rows, "seconds": total, "steps": steps, "parse": parse,
            "per_tokens": [(parse - tokens) / tokens, steps["coded"] / tokens, building / tokens],
            "per_parse": [steps["coded"] / parse, building / parse]}


def memory_first_touch(gib: float = 1.0) -> dict[str, Any]:
    """The machine's seconds per GiB to write memory a fresh process gets from the system
    (``first``), then the same amount again right after freeing it (``reused``). Where a virtual
    machine's host backs memory lazily and takes freed memory back, the two differ ~20x, and a
    stage's pace changes as its allocations move from reused to fresh pages
    (``core.touched_memory``)."""
    n = int(gib * 2**27)  # float64 values
    began = time.perf_counter()
    values = np.ones(n)
    first = time.perf_counter() - began
    del values
    began = time.perf_counter()
    values = np.ones(n)
    reused = time.perf_counter() - began
    del values
    return {"memory": {"first_s_per_gib": first / gib, "reused_s_per_gib": reused / gib}}


# -- run from ``benchmarks.shapes`` (section "progress"): each task in a fresh process ----------

MEMORY = "machine memory"  # run_stages' entry for memory_first_touch
STAGE_TASKS = (  # (task, arguments, quick arguments, time cap in seconds, where)
    ("eta_shop", {"rows": 2_000_000}, {"rows": 100_000, "user_knn": False}, 900,
     "shop shape (loading: its first 2,000,000 interactions as CSV)"),
    *((("eta_load", {"kind": kind}, {"kind": kind, "rows": 100_000}, 300,
        f"generated CSV of 10^6 rows ({what})")
       for kind, what in (("log", "the shop shape's rows shuffled, as in an event log"),
                          ("text", "the shop shape's ids written u12, i7"),
                          ("timed", "the ML-1M shape"),
                          ("text-timed", "the ML-1M shape, ids written u12, i7"),
                          ("text-long", "a click log: 32-hex-digit visitor ids, product URLs"),
                          ("titled", "the ML-1M shape saved by RecLab with titles and genres")))),
    ("eta_evaluation", {"shape": "shop", "scale": 0.2}, {"shape": "long-tail", "scale": 0.1},
     300, "shop shape × 0.2 (20k users × 10k items), item-kNN k=20, leave-last-out, full ranking"),
    ("eta_epochs", {"shape": "long-tail", "epochs": 3}, {"shape": "long-tail", "epochs": 1},
     600, "long-tail shape, MLP defaults"),
    ("eta_als", {"shape": "long-tail"}, {"shape": "long-tail"}, 300,
     "long-tail shape, ALS defaults"),
    ("eta_user_knn", {"shape": "ml-20m"}, {"shape": "long-tail"}, 600,
     "ML-20M shape (138,493 users × 26,744 items), user-kNN defaults"),
    ("eta_ease", {"shape": "ml-1m"}, {"shape": "long-tail", "scale": 0.1}, 300,
     "ML-1M shape, EASE defaults (3,706 items)"),
    ("eta_ease", {"shape": "long-tail", "scale": 0.5}, {"shape": "long-tail", "scale": 0.1}, 300,
     "long-tail shape × 0.5, EASE defaults (10,000 items)"),
)


def run_stages(quick: bool = False) -> dict[str, Any]:
    """Every stage task in a fresh process; {stage: figures + "on": where it was measured}."""
    from benchmarks.common import log, run_child

    out: dict[str, Any] = {}
    res = run_child("benchmarks.eta_tasks:memory_first_touch", {"gib": 0.25 if quick else 1.0},
                    120)
    log(f"  memory_first_touch: {res}")
    if "memory" in res:
        out[MEMORY] = res["memory"]
    for task, args, quick_args, cap, where in STAGE_TASKS:
        res = run_child(f"benchmarks.eta_tasks:{task}", quick_args if quick else args, cap)
        log(f"  {task}: {res}")
        for name, value in res.items():
            if isinstance(value, dict) and "worst_eta_error" in value:
                out[name] = {**value, "on": where}
        if "error" in res:
            out[f"{task} (failed)"] = {"error": res["error"], "on": where}
    return out


def report(stages: dict[str, Any], tables: list[dict], targets: list[dict]) -> None:
    """The progress table and one target per stage of ≥ 0.5 s (``benchmarks.shapes``)."""
    from benchmarks.tables import NA, table, target

    stages = dict(stages)
    memory = stages.pop(MEMORY, None)
    machine = ("" if memory is None else
               f" Memory at the run (1 GiB written in a fresh process): "
               f"{memory['first_s_per_gib']:.2f} s per GiB the first time, "
               f"{memory['reused_s_per_gib']:.2f} s reused at once (see the findings on "
               f"memory pages).")

    def pct(value: float | None) -> str:
        return NA if value is None else f"{100 * value:.0f} %"

    rows = [[name, v.get("on", ""), NA if "seconds" not in v else f"{v['seconds']:.1f}",
             v.get("events", NA), pct(v.get("worst_eta_error")), pct(v.get("eta_shown"))]
            for name, v in stages.items()]
    tables.append(table(
        "Progress: ETA accuracy of every long stage",
        ["stage", "on", "seconds", "progress events", "worst ETA error after 10 %",
         "events with an ETA"], rows,
        "Each task in a fresh process (a first load, a first fit: one-off costs included). "
        "Error = |ETA − time actually left| / time left, over events past 10 % with > 0.2 s "
        "left; 'events with an ETA' = share of those events that carried one (the estimator "
        "says 'estimating…' until it has timed two intervals, core.progress_eta). An epoch is "
        "its batches (ETA = Progress.epoch_eta)." + machine))
    for name, v in stages.items():
        err = v.get("worst_eta_error")
        if v.get("seconds", 0) >= 0.5 or "error" in v:
            detail = v.get("error") or (f"{v['seconds']:.1f} s, {v['events']} events, "
                                        f"{pct(v.get('eta_shown'))} with an ETA")
            targets.append(target(f"ETA within 30 % after 10 %: {name}", "≤ 30 %",
                                  None if err is None else 100 * err,
                                  None if err is None else err <= 0.3, detail))
