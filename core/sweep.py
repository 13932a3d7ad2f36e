"""Hyperparameter sweeps scored by cross-validation over users (never on the test hold-out).

A ``SweepSpec`` names a model, one or two of its Config fields with the values to try (a list,
or a range with linear or log steps), the fixed settings of the other fields, the number of folds
and the metric. ``run_sweep(train, spec)`` scores every setting on the folds of
``core.evaluation.crossval.user_folds(train, folds, seed)`` — give it the *training part* of the
evaluation split (``sweep_data`` does that from a whole table), so the final test hold-out is
never seen. Each fold: fit on the fold's training table, evaluate (full ranking, the app's
protocol) on the fold's users, plus the beyond-accuracy figures.

- Grid search tries every combination; random search draws ``budget`` settings (seeded): from a
  range uniformly (log-uniformly for log ranges; ints rounded), from a list uniformly.
- Progress: "setting i of n, fold j of k" with an ETA; the callback's True asks for a stop. The
  setting being scored is dropped, finished rows are kept (``SweepResult.complete`` False).
- ``on_row(row)`` is called as each setting finishes (a live chart appends it).
- Results are plain dataclasses; ``to_csv`` / ``to_json`` write them.

Row statistics: mean and sample standard deviation (ddof 1; 0 with one fold) over the folds.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import itertools
import json
import math
import time
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from core.errors import DataError, ModelError
from core.evaluation.beyond import beyond_of
from core.evaluation.crossval import user_folds
from core.evaluation.evaluate import evaluate
from core.evaluation.splits import leave_last_out
from core.interactions import Interactions
from core.models import model_class
from core.models.params import ParamSpec, param_specs
from core.progress import Progress, ProgressCallback, report
from core.subsample import USER_FRACTION, build_model

Scale = Literal["list", "linear", "log"]
LOWER_IS_BETTER = ("PopPercentile", "HeadShare")


class SweepError(ValueError):
    """A sweep that cannot run as specified (message names the parameter and the problem)."""


@dataclass
class SweepParam:
    """One swept field: explicit ``values`` (scale "list") or ``low``..``high`` in ``steps``."""

    name: str
    values: list[Any] = field(default_factory=list)
    scale: Scale = "list"
    low: float | None = None
    high: float | None = None
    steps: int = 5

    def grid(self, kind: type) -> list[Any]:
        """The values a grid search tries, converted to the field's type."""
        if self.scale == "list":
            return [_convert(self.name, v, kind) for v in self.values]
        lo, hi = float(self.low), float(self.high)
        if self.scale == "log":
            raw = np.geomspace(lo, hi, self.steps)
        else:
            raw = np.linspace(lo, hi, self.steps)
        values = [_convert(self.name, float(v), kind) for v in raw]
        return list(dict.fromkeys(values))  # int rounding may repeat values

    def draw(self, kind: type, rng: np.random.Generator) -> Any:
        """One random value (random search)."""
        if self.scale == "list":
            return _convert(self.name, self.values[rng.integers(len(self.values))], kind)
        lo, hi = float(self.low), float(self.high)
        if self.scale == "log":
            value = math.exp(rng.uniform(math.log(lo), math.log(hi)))
        else:
            value = rng.uniform(lo, hi)
        return _convert(self.name, value, kind)


@dataclass
class SweepSpec:
    model: str
    params: list[SweepParam]
    fixed: dict[str, Any] = field(default_factory=dict)
    folds: int = 5
    metric: str = "NDCG@10"
    k: int = 10
    search: Literal["grid", "random"] = "grid"
    budget: int = 10  # settings drawn by random search
    seed: int = 0


@dataclass
class SweepRow:
    """One scored setting: per-fold values of every metric, their mean and std."""

    index: int  # 1-based position in the sweep
    params: dict[str, Any]
    folds: dict[str, list[float]]
    mean: dict[str, float]
    std: dict[str, float]
    seconds: float


@dataclass
class SweepResult:
    spec: SweepSpec
    rows: list[SweepRow]
    n_settings: int
    complete: bool
    n_train_users: int = 0  # users of the training part the folds came from
    n_test_users_untouched: int = 0  # test users of the final hold-out (never used)

    def best(self) -> SweepRow | None:
        """The row with the best mean ``spec.metric`` (lowest for popularity-bias metrics)."""
        scored = [r for r in self.rows if self.spec.metric in r.mean]
        if not scored:
            return None
        sign = self._better_sign()
        return max(scored, key=lambda r: sign * r.mean[self.spec.metric])

    def _better_sign(self) -> float:
        """+1 when a higher ``spec.metric`` is better, -1 for the popularity-bias metrics."""
        return -1.0 if self.spec.metric.startswith(LOWER_IS_BETTER) else 1.0

    def indistinguishable_from_best(self) -> list[SweepRow]:
        """The other rows the folds cannot tell from the best: their mean ``spec.metric`` is
        within one standard error of the best's, compared fold by fold (the same folds score
        every setting, so the paired differences are what varies: SE = their sample std /
        √folds). Empty with fewer than two folds. Why: a sweep's "best" often wins by less than
        the folds disagree, and the lesson of tuning by cross-validation is to read the ± first
        (the one-standard-error rule; Hastie, Tibshirani & Friedman, ESL §7.10)."""
        best, metric = self.best(), self.spec.metric
        if best is None:
            return []
        sign = self._better_sign()
        reference = np.asarray(best.folds.get(metric, []), dtype=np.float64)
        out = []
        for row in self.rows:
            values = np.asarray(row.folds.get(metric, []), dtype=np.float64)
            if row is best or len(values) < 2 or len(values) != len(reference):
                continue
            gap = sign * (reference - values)  # how much better the best was, fold by fold
            if gap.mean() <= gap.std(ddof=1) / np.sqrt(len(gap)):
                out.append(row)
        return out

    def table(self) -> tuple[list[str], list[list[Any]]]:
        """Header and rows: parameters, then mean and std of every metric, then seconds."""
        names = [p.name for p in self.spec.params]
        metrics = list(self.rows[0].mean) if self.rows else [self.spec.metric]
        header = names + [h for m in metrics for h in (m, f"{m} std")] + ["seconds"]
        body = [
            [r.params[n] for n in names]
            + [v for m in metrics for v in (r.mean.get(m), r.std.get(m))]
            + [round(r.seconds, 2)]
            for r in self.rows
        ]
        return header, body

    def to_csv(self) -> str:
        header, body = self.table()
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(body)
        return out.getvalue()

    def to_dict(self) -> dict:
        best = self.best()
        return {
            "model": self.spec.model, "metric": self.spec.metric, "folds": self.spec.folds,
            "search": self.spec.search, "seed": self.spec.seed, "fixed": self.spec.fixed,
            "complete": self.complete, "n_settings": self.n_settings,
            "n_train_users": self.n_train_users,
            "test_hold_out": f"{self.n_test_users_untouched} test users never used by the sweep",
            "best": None if best is None else best.params,
            "within_one_standard_error_of_best": [
                r.params for r in self.indistinguishable_from_best()],
            "rows": [dataclasses.asdict(r) for r in self.rows],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, default=_json_default)


def param_kinds(model: str) -> dict[str, type]:
    """Type (int, float, bool, str, tuple) of each sweepable field of ``model``'s Config, read
    from its param specs (``core.models.params``), plus the "user_fraction" knob."""
    kinds: dict[str, type] = {}
    for pf in param_specs(model_class(model).Config):
        hint, origin = pf.type, typing.get_origin(pf.type)
        if pf.spec.choices is not None:
            kinds[pf.name] = type(pf.spec.choices[0])
        elif hint in (int, float, bool, str):
            kinds[pf.name] = hint
        elif origin is Literal:
            kinds[pf.name] = str
        elif origin is tuple or isinstance(pf.default, tuple):
            kinds[pf.name] = tuple
        else:
            kinds[pf.name] = type(pf.default)
    kinds[USER_FRACTION] = float
    return kinds


def param_spec(model: str, name: str) -> ParamSpec:
    """The label, help and valid range of one sweepable parameter."""
    if name == USER_FRACTION:
        return ParamSpec("Train on % of users", "Learn from this seeded share of the users "
                         "(0.1-1); evaluation still uses every user.", minimum=0.1, maximum=1.0)
    for pf in param_specs(model_class(model).Config):
        if pf.name == name:
            return pf.spec
    raise SweepError(f"{model} has no parameter {name!r}")


def settings(spec: SweepSpec) -> list[dict[str, Any]]:
    """Every setting the sweep scores, in order; raises ``SweepError`` on a bad spec."""
    if not 1 <= len(spec.params) <= 2:
        raise SweepError("sweep one or two parameters")
    if len({p.name for p in spec.params}) != len(spec.params):
        raise SweepError("the two swept parameters must differ")
    kinds = param_kinds(spec.model)
    for p in spec.params:
        if p.name not in kinds:
            raise SweepError(
                f"{spec.model} has no parameter {p.name!r}; choose from {', '.join(kinds)}"
            )
        if p.scale == "list" and not p.values:
            raise SweepError(f"{p.name}: give at least one value")
        if p.scale != "list":
            if p.low is None or p.high is None or p.steps < 1:
                raise SweepError(f"{p.name}: a range needs low, high and at least 1 step")
            if p.scale == "log" and (p.low <= 0 or p.high <= 0):
                raise SweepError(f"{p.name}: a log range needs positive ends")
    if spec.search == "grid":
        grids = [p.grid(kinds[p.name]) for p in spec.params]
        combos = [dict(zip([p.name for p in spec.params], c, strict=True))
                  for c in itertools.product(*grids)]
    else:
        if spec.budget < 1:
            raise SweepError("random search needs a budget of at least 1 setting")
        rng = np.random.default_rng(spec.seed)
        combos = [{p.name: p.draw(kinds[p.name], rng) for p in spec.params}
                  for _ in range(spec.budget)]
    for combo in combos:
        _check_setting(spec, combo)
    return combos


def run_sweep(
    train: Interactions,
    spec: SweepSpec,
    on_progress: ProgressCallback | None = None,
    on_row: Callable[[SweepRow], None] | None = None,
) -> SweepResult:
    """Score every setting of ``spec`` by cross-validation on ``train`` (module docstring)."""
    combos = settings(spec)
    folds = user_folds(train, spec.folds, spec.seed)
    rows: list[SweepRow] = []
    started = time.perf_counter()
    n_units = len(combos) * len(folds)
    stop = False

    def forward(i: int, j: int) -> ProgressCallback:
        def callback(event: Progress) -> bool:
            nonlocal stop
            within = event.fraction if event.fraction is not None else 0.0
            done = (i * len(folds) + j + min(max(within, 0.0), 1.0)) / n_units
            elapsed = time.perf_counter() - started
            message = (f"setting {i + 1} of {len(combos)}, fold {j + 1} of {len(folds)}"
                       + (f": {event.message}" if event.message else ""))
            wrapped = Progress(
                "stage", message, fraction=done, elapsed=elapsed,
                eta=elapsed / done * (1 - done) if done > 0 else None,
                epoch=event.epoch, n_epochs=event.n_epochs, loss=event.loss,
                val_loss=event.val_loss,
            )
            stop = stop or report(on_progress, wrapped)
            return stop
        return callback

    for i, combo in enumerate(combos):
        per_fold: dict[str, list[float]] = {}
        t0 = time.perf_counter()
        for j, fold in enumerate(folds):
            values = _score_fold(spec, combo, fold, forward(i, j))
            if stop:
                break
            for key, value in values.items():
                per_fold.setdefault(key, []).append(value)
        if stop:
            break
        row = SweepRow(
            index=i + 1, params=dict(combo), folds=per_fold,
            mean={m: float(np.mean(v)) for m, v in per_fold.items()},
            std={m: float(np.std(v, ddof=1)) if len(v) > 1 else 0.0
                 for m, v in per_fold.items()},
            seconds=time.perf_counter() - t0,
        )
        rows.append(row)
        if on_row is not None:
            on_row(row)
    return SweepResult(spec, rows, len(combos), complete=len(rows) == len(combos),
                       n_train_users=train.n_users)


def sweep_data(
    data: Interactions,
    spec: SweepSpec,
    on_progress: ProgressCallback | None = None,
    on_row: Callable[[SweepRow], None] | None = None,
    *,
    split_seed: int = 0,
) -> SweepResult:
    """Split ``data`` leave-last-out (``split_seed``) and sweep on its training part only."""
    split = leave_last_out(data, seed=split_seed)
    result = run_sweep(split.train, spec, on_progress, on_row)
    result.n_test_users_untouched = len(split.test_users)
    return result


def _score_fold(
    spec: SweepSpec, combo: dict[str, Any], fold: Any, on_progress: ProgressCallback
) -> dict[str, float]:
    model = build_model(spec.model, {**spec.fixed, **combo})
    model.fit(fold.train, on_progress=on_progress)
    result = evaluate(model, fold, k=spec.k, seed=spec.seed, on_progress=on_progress,
                      per_user=True)
    if not result.complete:
        return {}
    return {**result.metrics, **beyond_of(result, fold).metrics()}


def _check_setting(spec: SweepSpec, combo: dict[str, Any]) -> None:
    params = {**spec.fixed, **combo}
    fraction = params.pop(USER_FRACTION, 1.0)
    if not 0.1 <= float(fraction) <= 1.0:
        raise SweepError(f"{USER_FRACTION}: must be between 0.1 and 1, got {fraction}")
    try:
        model_class(spec.model).Config(**params)  # a Config validates itself (param specs)
    except (TypeError, ValueError, DataError, ModelError) as exc:
        raise SweepError(f"{spec.model} with {combo}: {exc}") from None


def _convert(name: str, value: Any, kind: type) -> Any:
    try:
        if kind is bool:
            if isinstance(value, str):
                low = value.strip().lower()
                if low not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
                    raise ValueError(value)
                return low in ("1", "true", "yes", "on")
            return bool(value)
        if kind is int:
            number = float(value)
            if not math.isfinite(number):
                raise ValueError(value)
            return round(number)
        if kind is float:
            number = float(value)
            if not math.isfinite(number):
                raise ValueError(value)
            return number
        if kind is tuple:
            if isinstance(value, str):
                return tuple(int(v) for v in value.replace("x", " ").replace("/", " ").split())
            return tuple(value)
        return str(value)
    except (TypeError, ValueError):
        raise SweepError(
            f"{name}: {value!r} is not a valid {getattr(kind, '__name__', kind)}"
        ) from None


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def parse_param(text: str) -> SweepParam:
    """``name=a,b,c`` (a list) or ``name=low:high:steps[:log]`` (a linear or log range)."""
    name, sep, values = text.partition("=")
    name = name.strip().replace("-", "_")
    if not sep or not name or not values.strip():
        raise SweepError(f"--param {text!r}: expected NAME=V1,V2,... or NAME=LOW:HIGH:STEPS[:log]")
    if ":" in values:
        parts = [p.strip() for p in values.split(":")]
        scale = "linear"
        if len(parts) == 4 and parts[3].lower() in ("log", "lin", "linear"):
            scale = "log" if parts[3].lower() == "log" else "linear"
            parts = parts[:3]
        if len(parts) != 3:
            raise SweepError(f"--param {text!r}: a range is LOW:HIGH:STEPS, optionally :log")
        try:
            low, high, steps = float(parts[0]), float(parts[1]), int(parts[2])
        except ValueError:
            raise SweepError(f"--param {text!r}: LOW and HIGH must be numbers, STEPS a whole "
                             "number") from None
        return SweepParam(name, scale=scale, low=low, high=high, steps=steps)
    return SweepParam(name, [v.strip() for v in values.split(",") if v.strip()])
