"""``python -m core sweep``: the sweep subcommand's options and handler (see ``core.sweep``)."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path
from typing import Any, TextIO

from core.io.writer import atomic_write


def add_sweep_arguments(sw: argparse.ArgumentParser) -> None:
    sw.add_argument("--param", action="append", required=True, metavar="NAME=VALUES",
                    help="a swept parameter: NAME=V1,V2,... or NAME=LOW:HIGH:STEPS[:log]; "
                         "give it once or twice (user_fraction = train on that share of users)")
    sw.add_argument("--folds", type=int, default=5,
                    help="cross-validation folds over users (1 = one validation hold-out; "
                         "default 5)")
    sw.add_argument("--metric", default="NDCG@10",
                    help="metric that picks the best setting (default NDCG@10; any metric of "
                         "the table, e.g. HR@10, Coverage@10, Novelty@10)")
    sw.add_argument("--k", type=int, default=10, help="cut-off K of the metrics (default 10)")
    sw.add_argument("--search", choices=["grid", "random"], default="grid")
    sw.add_argument("--budget", type=int, default=10,
                    help="settings drawn by --search random (default 10)")
    sw.add_argument("--seed", type=int, default=None,
                    help="seeds the split, the folds, random search and the model (default 0)")
    sw.add_argument("--json", action="store_true", help="print the result as JSON")
    sw.add_argument("--csv", metavar="OUT.csv", help="also write the results table as CSV")


def cmd_sweep(args: argparse.Namespace, dests: dict[str, str], out: TextIO, progress: Any) -> int:
    from core.cli import (
        UsageError,
        _given_settings,
        _load_data,
        say_suggestions,
        suggested_settings,
    )
    from core.sweep import SweepError, SweepSpec, parse_param, sweep_data

    seed = 0 if args.seed is None else args.seed
    try:
        params = [parse_param(text) for text in args.param]
    except SweepError as exc:
        raise UsageError(str(exc)) from None
    swept = {p.name for p in params}
    fixed = {name: value for name, value in _given_settings(args, dests).items()
             if name not in swept}
    if "seed" in dests.values() and "seed" not in swept:
        fixed["seed"] = seed
    spec = SweepSpec(args.model, params, fixed, folds=args.folds, metric=args.metric,
                     k=args.k, search=args.search, budget=args.budget, seed=seed)
    try:
        from core.sweep import settings

        n = len(settings(spec))
    except SweepError as exc:
        raise UsageError(str(exc)) from None
    data = _load_data(args.data, progress)
    suggested = {name: value for name, value in suggested_settings(args.model, data, fixed).items()
                 if name not in swept}
    if suggested:
        say_suggestions(suggested, dests, progress)
        spec = dataclasses.replace(spec, fixed={**suggested, **fixed})
    progress.say(f"sweeping {n} setting(s) x {args.folds} fold(s) on the training part of a "
                 "leave-last-out split (the test hold-out is not used)")
    result = sweep_data(data, spec, on_progress=progress, split_seed=seed)
    if result.rows and args.metric not in result.rows[0].mean:
        raise UsageError(f"unknown metric {args.metric!r}; choose one of: "
                         + ", ".join(result.rows[0].mean))
    if args.csv:
        path = Path(args.csv)
        text = result.to_csv()
        atomic_write(path, lambda fh: fh.write(text), encoding="utf-8")
        progress.say(f"wrote {len(result.rows)} row(s) to {path}")
    if args.json:
        out.write(result.to_json() + "\n")
    else:
        out.write(format_sweep(result) + "\n")
    return 0


def format_sweep(result: Any) -> str:
    metric = result.spec.metric
    names = [p.name for p in result.spec.params]
    lines = [f"{result.spec.model}: {metric} by {result.spec.folds}-fold cross-validation over "
             f"users ({result.n_test_users_untouched} test users held out and never used)"]
    best = result.best()
    close = result.indistinguishable_from_best()
    for row in result.rows:
        setting = ", ".join(f"{n}={row.params[n]}" for n in names)
        mark = ("  <- best" if row is best else
                "  (within one standard error of the best)" if row in close else "")
        lines.append(f"  {setting:<30} {row.mean.get(metric, float('nan')):.4f} "
                     f"± {row.std.get(metric, float('nan')):.4f}{mark}")
    if not result.complete:
        lines.append(f"  (stopped after {len(result.rows)} of {result.n_settings} settings)")
    return "\n".join(lines)

