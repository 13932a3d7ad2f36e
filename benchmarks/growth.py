"""Part 'growth' — how time and memory grow with interactions, users and items, for every
registered model (``core.models.MODELS``), and where each stops on this machine.

Data: the *shop* shape's generator (``core.synthetic``, seeded, no third-party data) scaled so
that users and items grow with the interactions (10^4 … 2·10^7), plus, at 10^6 interactions,
users ×¼ and ×4 at fixed items and items ×¼ and ×4 at fixed users. Each point runs in a fresh
process (``benchmarks.growth_tasks:measure``) with a time cap and an address-space limit; a
point whose memory estimate is over ``skip_gb`` is not started. When a model is over its cap
(or fails, or is skipped) at a size, its larger sizes are not run. docs/SCALING.md's tables and
log-log plots are written from these results.
"""

from __future__ import annotations

import json
import math
import os
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from benchmarks.common import REPO, log, run_child
from benchmarks.tables import NA, table

ORDER = ("popularity", "item-knn", "user-knn", "als", "content", "ease", "hybrid", "mlp",
         "neumf", "caser")
SIZES = (10_000, 100_000, 1_000_000, 2_000_000, 10_000_000, 20_000_000)
SHOP = (100_000, 50_000, 2_000_000)  # core.synthetic.SHAPES["shop"]: users, items, interactions
GB = 1024**3


@dataclass(frozen=True)
class Settings:
    sizes: tuple[int, ...] = SIZES
    base: int = 1_000_000  # interactions of the users-only / items-only series
    models: tuple[str, ...] = ORDER
    cap_s: float = 240.0  # whole point (data, fit, top-10), non-neural
    neural_cap_s: float = 240.0  # whole point, neural
    train_cap_s: float = 30.0  # neural: one epoch stopped here, then projected
    rec_cap_s: float = 30.0  # top-10 sample stopped here, then projected
    sample_users: int = 10_000
    memory_gb: float = 14.0  # address-space limit of each point's process
    skip_gb: float = 12.0  # points estimated above this are not started
    neural_stop_s: float = 1800.0  # an epoch projected longer: the model stops there
    budget_s: float = 3300.0  # points after this much time are not run


QUICK = Settings(sizes=(2_000, 8_000), base=8_000, models=("popularity", "item-knn", "ease"),
                 cap_s=120, neural_cap_s=120, train_cap_s=5, rec_cap_s=5, sample_users=200,
                 budget_s=600)


def shop_shape(n: int) -> list[int]:
    """Users, items and interactions of the shop shape scaled to ``n`` interactions."""
    return [max(1, round(SHOP[0] * n / SHOP[2])), max(1, round(SHOP[1] * n / SHOP[2])), n]


def series_shapes(base: int) -> dict[str, list[list[int]]]:
    u, i, n = shop_shape(base)
    return {"users": [[max(1, u // 4), i, n], [u, i, n], [4 * u, i, n]],
            "items": [[u, max(1, i // 4), n], [u, i, n], [u, 4 * i, n]]}


def estimate_gb(model: str, shape: list[int], sample_batch_cells: int = 2**26) -> float:
    """Rough peak memory of one point (GB): the table, ids and one block of scores, plus the
    model's own dominant arrays (EASE: the dense items² Gram matrix and inverse; MLP: its two
    items × hidden weight matrices with gradients and Adam's two moments, and a batch of
    logits)."""
    u, i, n = shape
    gb = (40 * n + 200 * (u + i) + 8 * min(sample_batch_cells, 2048 * i)) / GB
    if model in ("ease", "hybrid"):
        gb += inverse_memory_gb(i)
    elif model == "mlp":
        gb += (4 * 2 * i * 600 * 4 + 6 * 128 * i * 4) / GB
    elif model == "neumf":
        gb += 4 * (u + i) * 96 * 4 / GB
    elif model == "caser":
        gb += 4 * (u + 2 * i) * 50 * 4 / GB
    elif model == "als":
        gb += 3 * (u + i) * 32 * 8 / GB
    return gb


def inverse_memory_gb(n_items: int) -> float:
    from core.models.ease import inverse_memory_gb as need

    return need(n_items)


def ease_limit_gb() -> float:
    """EASE's default memory limit: it (and the hybrid, which builds one) refuses beyond."""
    from core.models.ease import EASEConfig

    return EASEConfig().max_memory_gb


def _is_neural(model: str) -> bool:
    from core.models import NEURAL_MODELS

    return model in NEURAL_MODELS


def _projection(model: str, done: list[dict], shape: list[int]) -> float | None:
    """Seconds of fit + timed top-10 this point is projected to take from the model's last two
    measured points of at least a second (None without them): the fit extrapolated along the
    log-log slope of those two, at least linear in interactions — for EASE and the hybrid in
    items, at most cubic (their inverse). The timed top-10 is itself capped, so only the fit
    grows past it. A fixed overhead (imports) only flattens the slope: never a false skip."""
    pts = [p for p in done if p["status"] == "measured" and p.get("fit_s", 0) >= 1.0]
    if len(pts) < 2:
        return None
    (a, b) = pts[-2:]
    axis = 1 if model in ("ease", "hybrid") else 2
    if b["shape"][axis] <= a["shape"][axis]:
        return None
    slope = math.log(b["fit_s"] / a["fit_s"]) / math.log(b["shape"][axis] / a["shape"][axis])
    slope = min(slope, 3.0) if axis == 1 else max(slope, 1.0)
    return b["fit_s"] * (shape[axis] / b["shape"][axis]) ** slope + b["recommend_s"]


def _dominated(point_shape: list[int], stops: list[dict]) -> dict | None:
    """A stopping point of the model no larger in users, items and interactions, if any."""
    for p in stops:
        if all(a <= b for a, b in zip(p["shape"], point_shape, strict=True)):
            return p
    return None


def _classify(model: str, res: dict[str, Any], s: Settings) -> tuple[str, str]:
    """(status, note) of a point whose process ran, from its result."""
    if "error" not in res and "total_s" not in res:  # died after a partial report
        res = {**res, "error": res.get("exit_warning", "no result")
               + (f" after step '{res['step']}'" if "step" in res else "")}
    if "error" in res:
        if "time cap" in res["error"]:
            return "over the cap", res["error"]
        if "TrainingStopped" in res["error"]:  # the training cap passed before any batch
            return "over the cap", (f"no training batch within the {s.train_cap_s:.0f} s "
                                    "training cap (building the training data took longer)")
        return "failed", res["error"].removeprefix("failed: ")
    users = _users_note(res)
    if not _is_neural(model):
        return "measured", users
    if res.get("complete"):
        return "measured", "; ".join(filter(None, ["one epoch measured", users]))
    note = "; ".join(filter(None, [f"epoch projected from {res['fraction_done']:.1%} of its "
                                   f"batches (stopped at {s.train_cap_s:.0f} s)", users]))
    if res["epoch_s"] > s.neural_stop_s:
        return "over the cap", (f"one epoch projected at {res['epoch_s'] / 60:.0f} min (over "
                                f"{s.neural_stop_s / 60:.0f} min); {note}")
    return "projected", note


def _users_note(res: dict[str, Any]) -> str:
    if res.get("recommend_all_measured"):
        return ""
    return (f"top-10 timed for {res['users_done']:,} of {res['shape'][0]:,} users, all users "
            "projected linearly")


def relabel(result: dict[str, Any]) -> dict[str, Any]:
    """``result`` with the status and note of every point whose process ran derived afresh
    from its stored figures (so saved results read with this code's labels)."""
    names = Settings.__dataclass_fields__
    s = Settings(**{k: v for k, v in result.get("settings", {}).items() if k in names})
    points = []
    for p in result.get("points", []):
        if "load" in p:
            status, note = _classify(p["model"], p, s)
            p = {**p, "status": status, "note": note}
        points.append(p)
    return {**result, "points": points}


def _point(model: str, shape: list[int], s: Settings, done: list[dict], stops: list[dict],
           deadline: float) -> dict[str, Any]:
    """One point, never raising: a harness error is recorded as the point's failure."""
    try:
        p = _point_or_raise(model, shape, s, done, stops, deadline)
    except Exception as exc:
        p = {"model": model, "shape": shape, "status": "failed",
             "note": f"benchmark error: {type(exc).__name__}: {exc}"}
    log(f"growth point: {json.dumps(p, default=float)}")
    return p


def _point_or_raise(model: str, shape: list[int], s: Settings, done: list[dict],
                    stops: list[dict], deadline: float) -> dict[str, Any]:
    point: dict[str, Any] = {"model": model, "shape": shape}
    blocker = _dominated(shape, stops)
    if blocker is not None:
        u, i, n = blocker["shape"]
        return {**point, "status": "not run",
                "note": f"{blocker['status']} at {u:,} × {i:,} × {n:,}"}
    if time.monotonic() > deadline:
        return {**point, "status": "not run", "note": "the run's time budget was spent"}
    need = estimate_gb(model, shape)
    point["estimate_gb"] = round(need, 2)
    if need > s.skip_gb:
        return {**point, "status": "skipped", "note": f"needs ~{need:.0f} GB (estimate; over "
                f"{s.skip_gb:.0f} GB on this shared machine)"}
    neural = _is_neural(model)
    # EASE refuses a fit over its own memory limit within seconds: run it to record that
    refuses = model in ("ease", "hybrid") and inverse_memory_gb(shape[1]) > ease_limit_gb()
    projected = None if neural or refuses else _projection(model, done, shape)
    if projected is not None and projected > 2 * s.cap_s:
        return {**point, "status": "skipped", "projected_s": projected,
                "note": f"projected ~{projected:.0f} s from the smaller points (over twice the "
                        f"{s.cap_s:.0f} s cap)"}
    args = {"model": model, "shape": shape, "rec_cap_s": s.rec_cap_s,
            "sample_users": s.sample_users, "train_cap_s": s.train_cap_s,
            "memory_gb": s.memory_gb}
    load = os.getloadavg()[0]
    res = run_child("benchmarks.growth_tasks:measure", args,
                    s.neural_cap_s if neural else s.cap_s)
    status, note = _classify(model, res, s)
    point.update(res)
    point.update(shape=shape, status=status, note=note,
                 load=[round(load, 1), round(os.getloadavg()[0], 1)])
    return point


def run(quick: bool = False, settings: Settings | None = None,
        docs: Path | None = None, write: bool = True) -> dict[str, Any]:
    """Measure every point (see the module docstring); write docs/SCALING.md unless quick."""
    s = settings or (QUICK if quick else Settings())
    start = time.monotonic()
    deadline = start + s.budget_s
    out: dict[str, Any] = {"quick": quick, "settings": asdict(s), "points": [],
                           "load_start": [round(x, 1) for x in os.getloadavg()]}
    shapes = [shop_shape(n) for n in s.sizes]
    extra = [sh for series in series_shapes(s.base).values() for sh in series]
    for shape in shapes + [sh for sh in extra if sh not in shapes]:
        res = run_child("benchmarks.growth_tasks:prepare", {"shape": shape}, 1800)
        log(f"growth: data {shape}: {res}")
    for model in s.models:
        done: list[dict] = []
        stops: list[dict] = []
        for shape in shapes:
            p = _point(model, shape, s, done, stops, deadline)
            p["series"] = "interactions"
            log(f"growth: {model} {shape}: {p['status']} {p.get('total_s', '')} {p['note']}")
            out["points"].append(p)
            (done if p["status"] in ("measured", "projected") else stops).append(p)
    for model in s.models:
        mine = [p for p in out["points"] if p["model"] == model]
        stops = [p for p in mine if p["status"] not in ("measured", "projected", "not run")]
        for series, shapes_ in series_shapes(s.base).items():
            for shape in shapes_:
                same = next((p for p in mine if p["shape"] == shape
                             and p["series"] == "interactions"), None)
                if same is not None:
                    out["points"].append({**same, "series": series, "shared": True})
                    continue
                p = _point(model, shape, s, [], stops, deadline)
                p["series"] = series
                log(f"growth: {model} {series} {shape}: {p['status']} {p.get('total_s', '')} "
                    f"{p['note']}")
                out["points"].append(p)
                if p["status"] not in ("measured", "projected", "not run"):
                    stops.append(p)
    out["load_end"] = [round(x, 1) for x in os.getloadavg()]
    if write and (not quick or docs is not None):
        write_scaling(out, docs or REPO / "docs")
    return out


# -- presentation ---------------------------------------------------------------------------


def _f(value: Any, digits: int = 2) -> str:
    return NA if value is None else f"{value:.{digits}f}"


def _row(p: dict[str, Any]) -> list[Any]:
    u, i, n = p["shape"]
    measured = p["status"] in ("measured", "projected")
    neural = "epoch_s" in p
    fit = p.get("epoch_s") if neural else p.get("fit_s")
    top = (f"{_f(p['recommend_s'])} ({p['users_done']:,} users)"
           if "recommend_s" in p else "")
    total = _f(p.get("total_s")) if measured else ""
    if measured and (p["status"] == "projected" or not p.get("recommend_all_measured")):
        total += " (projected)"
    load = p.get("load")
    return [f"{n:,}", f"{u:,}", f"{i:,}", p["model"], p["status"],
            (_f(fit) + (" (1 epoch)" if neural else "")) if fit is not None else "",
            top, _f(p.get("recommend_all_s")) if "recommend_all_s" in p else "", total,
            f"{p['peak_mb']:.0f}" if "peak_mb" in p else "",
            f"{load[0]:.1f}" if load else "", p.get("note", "")]


COLUMNS = ["interactions", "users", "items", "model", "status", "fit s", "top-10 timed s",
           "top-10 all users s", "total s", "peak MB", "load", "note"]


SLOW_S = 600.0  # "fit + top-10 for every user" beyond this is no longer a session's wait


def stops(result: dict[str, Any]) -> list[list[str]]:
    """Per model: the largest interactions point fitted, the first where fit + top-10 for every
    user (projected or measured) passes ``SLOW_S``, and the first that did not fit."""
    rows = []
    points = [p for p in result.get("points", []) if p.get("series") == "interactions"]
    for model in result.get("settings", {}).get("models", ORDER):
        mine = [p for p in points if p["model"] == model]
        ok = [p for p in mine if p["status"] in ("measured", "projected")]
        stop = next((p for p in mine if p["status"] not in ("measured", "projected")), None)
        slow = next((p for p in ok if p.get("total_s", 0) > SLOW_S), None)
        largest = ok[-1] if ok else None
        how = "" if largest is None or largest["status"] == "measured" else ", projected"
        rows.append([model,
                     f"{largest['shape'][2]:,} ({_f(largest.get('total_s'), 1)} s, "
                     f"{largest.get('peak_mb', 0):.0f} MB{how})" if largest else "none",
                     f"{slow['shape'][2]:,} (~{slow['total_s'] / 60:.0f} min)" if slow
                     else "—",
                     f"{stop['shape'][2]:,}: {stop['status']} — {stop['note']}" if stop
                     else "fits at every size run"])
    return rows


def _note(result: dict[str, Any]) -> str:
    s = result.get("settings", {})
    return (f"Each point in a fresh process with a {s.get('cap_s', 0):.0f} s cap "
            f"({s.get('neural_cap_s', 0):.0f} s for neural models) and a "
            f"{s.get('memory_gb', 0):.0f} GB address-space limit; points estimated over "
            f"{s.get('skip_gb', 0):.0f} GB are not started. Every model at its defaults. fit = "
            "fit() (neural: ONE epoch without validation, stopped after "
            f"{s.get('train_cap_s', 0):.0f} s and projected from the share of batches done). "
            f"top-10 timed = top-10 (seen excluded) for the first {s.get('sample_users', 0):,} "
            f"users (a random sample: the generator draws users at random), stopped after "
            f"{s.get('rec_cap_s', 0):.0f} s; 'all users' is that time scaled to every user "
            "(measured when every user was done). total = fit (or one epoch) + all users. "
            "Peak MB = the process's peak resident memory (~50 MB of it is Python, numpy and "
            "scipy; ~500 MB more for TensorFlow). load = 1-minute load average when the point "
            "started (on 2 cores, above ~1 something else ran beside it and timings are "
            "inflated).")


def present(result: dict[str, Any]) -> tuple[list[dict], list[dict]]:
    result = relabel(result)
    pts = result.get("points", [])
    main = [p for p in pts if p.get("series") == "interactions"]
    other = [p for p in pts if p.get("series") in ("users", "items") and not p.get("shared")]
    tables = [table("Growth — where each model stops (shop shape scaled)",
                    ["model", "largest size fitted (fit + top-10 for all s, peak)",
                     f"total over {SLOW_S / 60:.0f} min from", "first size not fitted"],
                    stops(result), "On one 2-core / 24 GB machine; "
                    f"load average {result.get('load_start', [NA])[0]} at the start, "
                    f"{result.get('load_end', [NA])[0]} at the end." + "".join(
                        f" Re-run {r['finished']}: {', '.join(r['models'])} (load "
                        f"{(r.get('load_start') or [NA])[0]} → {(r.get('load_end') or [NA])[0]})."
                        for r in result.get("reruns", []))),
              table("Growth with interactions (shop shape scaled: users and items grow too)",
                    COLUMNS, [_row(p) for p in main], _note(result))]
    if other:
        tables.append(table(f"Growth with users alone / items alone (at "
                            f"{result['settings'].get('base', 0):,} interactions)",
                            ["series", *COLUMNS], [[p["series"], *_row(p)] for p in other],
                            "The base point (the middle of each series) is in the table "
                            "above."))
    return tables, []


def _series(points: list[dict], key: str, axis: int) -> dict[str, list[tuple[float, float]]]:
    out: dict[str, list[tuple[float, float]]] = {}
    for p in points:
        if p["status"] in ("measured", "projected") and p.get(key):
            out.setdefault(p["model"], []).append((float(p["shape"][axis]), float(p[key])))
    return out


def write_scaling(result: dict[str, Any], docs: Path) -> None:
    """Plots and the measured block of ``docs``/SCALING.md (the prose around it is kept)."""
    from benchmarks.report import render_table
    from benchmarks.svg_plot import loglog_svg

    result = relabel(result)
    pts = result.get("points", [])
    main = [p for p in pts if p.get("series") == "interactions"]
    users = [p for p in pts if p.get("series") == "users"]
    items = [p for p in pts if p.get("series") == "items"]
    plots = [("scaling-time.svg", "fit (neural: 1 epoch) + top-10 for every user (most "
              "projected from a sample)", main, "total_s", 2, "interactions", "seconds"),
             ("scaling-memory.svg", "peak resident memory", main, "peak_mb", 2,
              "interactions", "MB"),
             ("scaling-users.svg", "total seconds, users alone (items, interactions fixed)",
              users, "total_s", 0, "users", "seconds"),
             ("scaling-items.svg", "total seconds, items alone (users, interactions fixed)",
              items, "total_s", 1, "items", "seconds")]
    for name, title, points, key, axis, x_label, y_label in plots:
        series = _series(points, key, axis)
        if series:
            loglog_svg(docs / name, title, x_label, y_label, series)
    tables, _ = present(result)
    lines = [f"Run finished {result.get('finished', time.strftime('%Y-%m-%d %H:%M UTC'))}"
             + (f" in {result['seconds'] / 60:.0f} min" if result.get("seconds") else "")
             + ".", ""]
    for tab in tables:
        lines += render_table(tab)
    path = docs / "SCALING.md"
    text = path.read_text() if path.exists() else ""
    start, end = "<!-- growth:start -->", "<!-- growth:end -->"
    block = start + "\n" + "\n".join(lines).rstrip() + "\n" + end
    if start in text and end in text:
        text = text[: text.index(start)] + block + text[text.index(end) + len(end):]
    else:
        text += "\n" + block + "\n"
    path.write_text(text)


def with_settings(**changes: Any) -> Settings:
    """The full run's settings with some changed (tests, partial re-runs)."""
    return replace(Settings(), **changes)


def merge(previous: dict[str, Any], fresh: dict[str, Any]) -> dict[str, Any]:
    """``previous`` with the points of ``fresh``'s models replaced by ``fresh``'s (a partial
    re-run of some models); every model keeps its place in the order."""
    rerun = set(fresh["settings"]["models"])
    order = list(previous.get("settings", {}).get("models", ORDER))
    order += [m for m in fresh["settings"]["models"] if m not in order]
    points = [p for p in previous.get("points", []) if p["model"] not in rerun]
    points += fresh["points"]
    points.sort(key=lambda p: (p["series"] != "interactions", order.index(p["model"])))
    settings = {**previous.get("settings", fresh["settings"]), "models": order}
    reruns = [*previous.get("reruns", []), {"models": sorted(rerun),
                                            "finished": time.strftime("%Y-%m-%d %H:%M UTC",
                                                                      time.gmtime()),
                                            "load_start": fresh.get("load_start"),
                                            "load_end": fresh.get("load_end")}]
    return {**previous, "settings": settings, "points": points, "reruns": reruns}


def main(argv: list[str] | None = None) -> int:
    """``python -m benchmarks.growth --docs-only``: rewrite docs/SCALING.md's measured block and
    plots from benchmarks/results/growth.json (after editing the prose around them);
    ``--models a,b``: re-run those models' points, merge them into the saved results and rebuild
    docs/SCALING.md and docs/BENCHMARKS.md."""
    import argparse

    from benchmarks.common import RESULTS, load_results, save_result
    from benchmarks.report import write_report

    parser = argparse.ArgumentParser(prog="python -m benchmarks.growth")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--docs-only", action="store_true",
                       help="re-render docs/SCALING.md from the saved results")
    group.add_argument("--models", metavar="NAMES",
                       help="re-run these models (comma-separated registry names)")
    args = parser.parse_args(argv)
    result = load_results(RESULTS).get("growth")
    if result is None:
        log("no benchmarks/results/growth.json yet: run `python -m benchmarks growth`")
        return 1
    if args.models:
        models = tuple(m.strip() for m in args.models.split(",") if m.strip())
        start = time.perf_counter()
        fresh = run(settings=replace(Settings(), models=models), docs=None, write=False)
        result = merge(result, fresh)
        result["reruns"][-1]["seconds"] = time.perf_counter() - start
        save_result("growth", result)  # keeps the first run's "finished"; reruns say theirs
        result = load_results(RESULTS)["growth"]
        write_report()
    write_scaling(result, REPO / "docs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
