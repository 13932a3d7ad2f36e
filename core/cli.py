"""``python -m core``: list/export samples, recommend, evaluate and train from the command line.

Commands::

    datasets                               list the built-in samples
    datasets export NAME OUT.csv           write one as CSV (also: --export NAME --out OUT.csv)
    recommend --data FILE --model NAME --k 10 --out RECS.csv [--items FILE] [model options]
    recommend --load MODEL --data FILE --k 10 --out RECS.csv
    evaluate  --data FILE --model NAME --split leave-last-out --k 10 [--sampled 99] [--json]
    train     --data FILE --model NAME --save MODEL [model options]
    sweep     --data FILE --model NAME --param k=10,20,50 [--param shrinkage=0,10] --folds 5
              --metric NDCG@10 [--search random --budget 10] [--json] [--csv OUT.csv]
    similar   --data FILE --model NAME (--item ID | --user ID) [--n 10] [model options]

Model options are generated from the chosen model's ``Config`` dataclass (``--field-name``;
booleans as ``--flag/--no-flag``; tuples comma-separated), with the label, help and range each
field declares (``core.models.params``); every setting is validated before any data is loaded.
A field whose name clashes with a command option gets a ``model-`` prefix (item-kNN's neighbour
count ``k`` is ``--model-k``), except ``seed``, which is shared. See
``python -m core recommend --model item-knn --help``.

The options for one model are built only after ``--model`` is known, so neither ``--help`` nor a
CF model ever imports TensorFlow. Bad input exits with status 2 and the loader's message, never a
traceback. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
import time
import typing
from collections.abc import Sequence
from typing import Any, TextIO

import numpy as np

from core.errors import ConfigError, DataError, ModelError
from core.evaluation.splits import SPLITS, make_split
from core.interactions import Interactions
from core.io.writer import atomic_write
from core.models import MODELS, model_class
from core.models.base import ModelConfig, Recommender
from core.models.params import ParamSpec, param_specs
from core.progress import Progress, is_a_range

DEST_PREFIX = "model__"  # argparse destinations of the model options
_SHARED_FIELDS = {"seed"}  # config fields that reuse the command's option of the same name
ITEMS_HELP = (
    "item features for content-based and hybrid models: CSV item,title,genres (genres "
    "separated by |) or item,tag rows"
)


# ---------------------------------------------------------------------------------------------
# Progress on stderr
# ---------------------------------------------------------------------------------------------


class StderrProgress:
    """A ``ProgressCallback`` that prints compact progress: one updating line on a terminal,
    otherwise at most one line per ``interval`` seconds (epochs and stage changes always)."""

    def __init__(self, stream: TextIO | None = None, interval: float = 2.0):
        self.stream = stream if stream is not None else sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.interval = interval
        self._last_time = 0.0
        self._last_message = None
        self._open_line = False

    def __call__(self, event: Progress) -> bool:
        line = format_progress(event)
        now = time.monotonic()
        important = event.kind in ("epoch", "done") or event.message != self._last_message
        self._last_message = event.message
        if self.tty:
            self.stream.write("\r\x1b[K" + line)
            self._open_line = True
            if event.kind in ("epoch", "done"):
                self.stream.write("\n")
                self._open_line = False
        elif important or now - self._last_time >= self.interval:
            self.stream.write(line + "\n")
            self._last_time = now
        self.stream.flush()
        return False

    def say(self, text: str) -> None:
        """A one-off status line (ends any updating line first)."""
        if self._open_line:
            self.stream.write("\n")
            self._open_line = False
        self.stream.write(text + "\n")
        self.stream.flush()


def format_progress(event: Progress) -> str:
    parts = []
    if event.epoch is not None:
        parts.append(f"epoch {event.epoch}" + (f"/{event.n_epochs}" if event.n_epochs else ""))
    if event.batch is not None and event.kind == "batch" and event.epoch is not None:
        parts.append(f"batch {event.batch}" + (f"/{event.n_batches}" if event.n_batches else ""))
    if event.message and (event.epoch is None or event.kind != "batch"):
        parts.insert(0, event.message)
    if event.fraction is not None and event.kind != "epoch":
        parts.append(f"{100 * event.fraction:.0f}%")
    if event.loss is not None:
        parts.append(f"loss {event.loss:.4f}")
    parts.extend(f"{k} {v:.4f}" for k, v in event.metrics.items())
    timing = f"{event.elapsed:.1f}s"
    if event.eta is not None and event.kind != "done":
        soonest = event.soonest_eta()
        timing += (f", eta {soonest:.0f}-{event.eta:.0f}s (early stopping)"
                   if is_a_range(soonest, event.eta) else f", eta {event.eta:.0f}s")
    parts.append(f"({timing})")
    return "  ".join(parts)


# ---------------------------------------------------------------------------------------------
# Model options from a Config dataclass
# ---------------------------------------------------------------------------------------------


def _scalar_parser(kind: Any) -> Any:
    if kind is bool:
        return _parse_bool
    if kind in (int, float, str):
        return kind
    return str


def _parse_bool(text: str) -> bool:
    low = text.strip().lower()
    if low in ("1", "true", "yes", "on"):
        return True
    if low in ("0", "false", "no", "off"):
        return False
    raise argparse.ArgumentTypeError(f"not a yes/no value: {text!r}")


def _sequence_parser(element: Any, container: type) -> Any:
    parse = _scalar_parser(element)

    def parse_list(text: str) -> Any:
        items = [t.strip() for t in text.split(",") if t.strip()]
        try:
            return container(parse(t) for t in items)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"expected comma-separated {getattr(element, '__name__', 'value')}s, got {text!r}"
            ) from None

    return parse_list


def _range_text(spec: ParamSpec) -> str:
    text = spec.describe_range()
    return text.replace("must be ", "") if text else ""


def add_model_options(
    parser: argparse.ArgumentParser, config_cls: type, taken: set[str]
) -> dict[str, str]:
    """Add one option per field of ``config_cls`` (help and range from its ``param`` specs);
    returns {dest: field name}. Values are validated when the config is built
    (``core.models.params``), before any data is loaded."""
    group = parser.add_argument_group(
        f"model options ({config_cls.__name__})",
        "An option not given takes its default, or the setting the model suggests for the "
        "table's shape (named on stderr when it differs).")
    dests: dict[str, str] = {}
    for pf in param_specs(config_cls):
        if pf.name in _SHARED_FIELDS and pf.name in taken:
            dests[pf.name] = pf.name
            continue
        spec, default, hint = pf.spec, pf.default, pf.type
        flag = pf.name.replace("_", "-")
        if flag in taken:
            flag = f"model-{flag}"
        dest = DEST_PREFIX + flag.replace("-", "_")  # (the flag can be read back from it)
        dests[dest] = pf.name
        # None when not given: the model's default, or its suggestion for the table's shape
        # (``_with_suggestions``); the help shows the default
        kwargs: dict[str, Any] = {"dest": dest, "default": None, "metavar": pf.name.upper()}
        if hint is bool:
            kwargs["action"] = argparse.BooleanOptionalAction
            shown = f"default: {'on' if default else 'off'}"
            kwargs.pop("metavar")
        elif spec.choices is not None:
            kwargs["choices"] = list(spec.choices)
            kwargs["type"] = type(spec.choices[0])
            shown = f"one of {', '.join(map(str, spec.choices))}; default: {default}"
            kwargs.pop("metavar")
        elif typing.get_origin(hint) is tuple:
            kwargs["type"] = _sequence_parser(typing.get_args(hint)[0], tuple)
            kwargs["metavar"] = "A,B,..."
            shown = f"comma-separated, each {_range_text(spec)}; default: " + ",".join(
                map(str, default))
        else:
            kwargs["type"] = _scalar_parser(hint)
            shown = f"{_range_text(spec)}; default: {default}"
        kwargs["help"] = f"{spec.label}: {spec.help} ({shown})".replace("%", "%%")
        group.add_argument(f"--{flag}", **kwargs)
    return dests


# ---------------------------------------------------------------------------------------------
# Parser
# ---------------------------------------------------------------------------------------------


def _scan_model(argv: Sequence[str]) -> str | None:
    """The value of --model in ``argv`` without parsing the rest (nothing is imported yet)."""
    for i, arg in enumerate(argv):
        if arg == "--model" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--model="):
            return arg.split("=", 1)[1]
    return None


def _option_names(parser: argparse.ArgumentParser) -> set[str]:
    names = set()
    for action in parser._actions:
        names.update(s[2:] for s in action.option_strings if s.startswith("--"))
    return names


def build_parser(argv: Sequence[str] = ()) -> tuple[argparse.ArgumentParser, dict]:
    """The full parser; model options for the ``--model`` named in ``argv`` (if any)."""
    parser = argparse.ArgumentParser(
        prog="python -m core", description="RecLab from the command line (no display needed).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ds = sub.add_parser("datasets", help="list the built-in samples or export one to CSV")
    ds.add_argument("action", nargs="?", choices=["list", "export"], default="list")
    ds.add_argument("name", nargs="?", help="sample to export (name as listed, or its slug)")
    ds.add_argument("target", nargs="?", metavar="OUT.csv", help="where to write the CSV")
    ds.add_argument("--export", metavar="NAME", help="sample to export")
    ds.add_argument("--out", metavar="FILE", help="where to write the exported CSV")

    model_help = "; ".join(f"{name}: {info.label}" for name, info in MODELS.items())
    epilog = "Give --model NAME together with --help to see that model's options."
    rec = sub.add_parser(
        "recommend", help="top-k recommendations for every user, as CSV", epilog=epilog,
        description="Write user,item,rank,score (rank 1 = best) for every user of --data, "
        "already-seen items excluded (fewer than k rows only when fewer unseen items exist).",
    )
    rec.add_argument("--data", required=True, metavar="FILE", help="interaction data to load")
    rec.add_argument("--items", metavar="FILE", help=ITEMS_HELP)
    rec.add_argument("--model", choices=list(MODELS), metavar="NAME", help=model_help)
    rec.add_argument("--load", metavar="MODEL", help="use a saved model instead of fitting one")
    rec.add_argument("--k", type=int, default=10, help="recommendations per user (default 10)")
    rec.add_argument("--out", required=True, metavar="RECS.csv", help="output CSV")

    ev = sub.add_parser(
        "evaluate", help="hold out interactions and measure ranking metrics", epilog=epilog,
        description="Split --data, fit the model on the training part and rank the held-out "
        "items (formulas and protocols: docs/METRICS.md).",
    )
    ev.add_argument("--data", required=True, metavar="FILE")
    ev.add_argument("--items", metavar="FILE", help=ITEMS_HELP)
    ev.add_argument("--model", required=True, choices=list(MODELS), metavar="NAME",
                    help=model_help)
    ev.add_argument("--split", choices=list(SPLITS), default="leave-last-out",
                    help="; ".join(f"{n}: {info.help}" for n, info in SPLITS.items())
                    .replace("%", "%%"))
    ev.add_argument("--ratio", type=float, default=0.2,
                    help="test share for --split random/temporal (default 0.2)")
    ev.add_argument("--k", type=int, default=10, help="cut-off K of the metrics (default 10)")
    ev.add_argument("--sampled", type=int, metavar="N",
                    help="rank each test item among N sampled unseen items (e.g. 99) "
                         "instead of among all unseen items")
    ev.add_argument("--seed", type=int, default=None,
                    help="seeds the split, the sampled items and the model (default 0)")
    ev.add_argument("--json", action="store_true", help="print the result as JSON")

    tr = sub.add_parser("train", help="fit a model and save it to a file", epilog=epilog)
    tr.add_argument("--data", required=True, metavar="FILE")
    tr.add_argument("--items", metavar="FILE", help=ITEMS_HELP)
    tr.add_argument("--model", required=True, choices=list(MODELS), metavar="NAME",
                    help=model_help)
    tr.add_argument("--save", required=True, metavar="PATH", help="model file to write")

    sim = sub.add_parser(
        "similar", help="the items (users) most similar to one under a model", epilog=epilog,
        description="Fit --model on --data and list the --n items most similar to --item (or "
        "users to --user) under that model's own representation, with their similarity.",
    )
    sim.add_argument("--data", required=True, metavar="FILE")
    sim.add_argument("--model", required=True, choices=list(MODELS), metavar="NAME",
                     help=model_help)
    who = sim.add_mutually_exclusive_group(required=True)
    who.add_argument("--item", metavar="ID", help="item to find similar items for")
    who.add_argument("--user", metavar="ID", help="user to find similar users for")
    sim.add_argument("--n", type=int, default=10, help="how many to list (default 10)")

    sw = _add_sweep_parser(sub, model_help, epilog)

    model_dests: dict[str, str] = {}
    command = next((a for a in argv if not a.startswith("-")), None)
    model = _scan_model(argv)
    target = {"recommend": rec, "evaluate": ev, "train": tr, "sweep": sw,
              "similar": sim}.get(command or "")
    if target is not None and model in MODELS:
        config_cls = model_class(model).Config
        model_dests = add_model_options(target, config_cls, _option_names(target))
    return parser, model_dests


# ---------------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------------


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def cmd_datasets(args: argparse.Namespace, out: TextIO, progress: StderrProgress) -> int:
    from core import samples
    from core.io import save_csv

    name = args.export or args.name
    target = args.out or args.target
    if args.action == "list" and not args.export:
        width = max(len(n) for n in samples.SAMPLES)
        for sample, description in samples.SAMPLES.items():
            out.write(f"{sample:<{width}}  {_slug(sample):<22}  {description}\n")
        return 0
    if not name or not target:
        raise UsageError("datasets export needs a sample NAME and an output file")
    matches = [s for s in samples.SAMPLES if name in (s, _slug(s)) or _slug(name) == _slug(s)]
    if not matches:
        raise UsageError(f"unknown sample {name!r}; choose one of: {', '.join(samples.SAMPLES)}")
    data = samples.load_sample(matches[0])
    path = save_csv(data, target)
    progress.say(f"wrote {matches[0]!r} ({_describe(data)}) to {path}")
    return 0


def _describe(data: Interactions) -> str:
    return f"{data.n_users:,} users × {data.n_items:,} items, {data.nnz:,} interactions"


def _load_data(path: str, progress: StderrProgress, items: str | None = None) -> Interactions:
    from core.io import load

    progress.say(f"loading {path} ...")
    started = time.perf_counter()
    data = load(path)
    progress.say(f"loaded {_describe(data)} in {time.perf_counter() - started:.1f}s")
    for note in data.notes:
        progress.say(f"note: {note}")
    if items:
        from core.io.item_features import load_item_features, with_item_features

        data, matched = with_item_features(data, load_item_features(items))
        progress.say(f"item features from {items} for {matched:,} of {data.n_items:,} items")
    return data


def _model_config(args: argparse.Namespace, dests: dict[str, str]) -> ModelConfig:
    """The chosen model's validated config (``ConfigError`` naming a bad option). Importing the
    model's module does not import TensorFlow; constructing a neural model does."""
    return model_class(args.model).Config(**_given_settings(args, dests))


def _given_settings(args: argparse.Namespace, dests: dict[str, str]) -> dict[str, Any]:
    """{field: value} of the model options given on the command line."""
    given = {}
    for dest, field_name in dests.items():
        value = getattr(args, dest, None)
        if value is not None:
            given[field_name] = value
    return given


def suggested_settings(model: str, data: Interactions, given: dict[str, Any]) -> dict[str, Any]:
    """The settings ``model`` suggests for ``data``'s shape (``Config.suggested``, which the
    desktop app's form starts from) that differ from its defaults and were not ``given``."""
    config_cls = model_class(model).Config
    defaults = config_cls()
    return {name: value for name, value in config_cls.suggested(data).items()
            if name not in given and getattr(defaults, name) != value}


def _with_suggestions(args: argparse.Namespace, dests: dict[str, str], config: ModelConfig,
                      data: Interactions, progress: StderrProgress) -> ModelConfig:
    """``config`` with the model's suggestions for ``data`` in place of the defaults of the
    options not given (said on stderr, so that a run can be repeated with them spelt out)."""
    suggested = suggested_settings(args.model, data, _given_settings(args, dests))
    if suggested:
        say_suggestions(suggested, dests, progress)
        config = dataclasses.replace(config, **suggested)
    return config


def say_suggestions(suggested: dict[str, Any], dests: dict[str, str],
                    progress: StderrProgress) -> None:
    """One stderr line with the suggested settings spelt as their options."""
    flags = {field_name: _flag_of(dest, field_name) for dest, field_name in dests.items()}
    spelt = " ".join(f"--{flags.get(name, name)} {_option_text(value)}"
                     for name, value in suggested.items())
    progress.say(f"settings suggested for this table's shape: {spelt} (give an option to "
                 "override it)")


def _flag_of(dest: str, field_name: str) -> str:
    """The option that sets ``field_name`` (``add_model_options``)."""
    name = dest.removeprefix(DEST_PREFIX) if dest.startswith(DEST_PREFIX) else field_name
    return name.replace("_", "-")


def _option_text(value: Any) -> str:
    """``value`` as its option is written (tuples comma-separated)."""
    if isinstance(value, tuple):
        return ",".join(map(str, value))
    return str(value)


def _new_model(args: argparse.Namespace, config: ModelConfig) -> Recommender:
    return model_class(args.model)(config=config)


def _fit(model: Recommender, data: Interactions, progress: StderrProgress) -> None:
    progress.say(f"fitting {_model_name(model)} ...")
    started = time.perf_counter()
    model.fit(data, on_progress=progress)
    progress.say(f"fitted in {time.perf_counter() - started:.1f}s")


def _model_name(model: Recommender) -> str:
    return model.name or type(model).__name__


def recommend_for(
    model: Recommender, data: Interactions, k: int, batch_size: int = 2048,
    on_progress: StderrProgress | None = None,
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Top-``k`` (item indices into ``model.item_ids``, scores) for every user of ``data``.

    Users are scored from their rows in ``data`` (fold-in); their seen items are excluded. Users a
    model without fold-in was not trained on are skipped. Returns (user ids, indices, scores).
    """
    from core.recommend_all import scorable_users, scored_batches

    users = scorable_users(model, data)
    all_idx = np.full((len(users), k), -1, dtype=np.int64)
    all_val = np.full((len(users), k), -np.inf)
    for start, batch, _, _, items, scores in scored_batches(model, data, users, k, on_progress,
                                                            batch_size):
        all_idx[start:start + len(batch)], all_val[start:start + len(batch)] = items, scores
    return users, all_idx, all_val


def write_recommendations(
    path: str, users: Sequence[str], item_ids: Sequence[str], idx: np.ndarray, val: np.ndarray
) -> int:
    """CSV ``user,item,rank,score`` (rank 1 = best), written atomically; returns the row count."""
    import pandas as pd

    k = idx.shape[1]
    keep = idx >= 0
    user_col = np.repeat(np.asarray(users, dtype=object), k).reshape(idx.shape)[keep]
    items = np.asarray(item_ids, dtype=object)[idx[keep]]
    ranks = np.broadcast_to(np.arange(1, k + 1), idx.shape)[keep]
    frame = pd.DataFrame({"user": user_col, "item": items, "rank": ranks, "score": val[keep]})
    atomic_write(path, lambda fh: frame.to_csv(fh, index=False, float_format="%.6g"),
                 encoding="utf-8")
    return len(frame)


def cmd_recommend(
    args: argparse.Namespace, dests: dict[str, str], out: TextIO, progress: StderrProgress
) -> int:
    if args.k < 1:
        raise UsageError("--k must be at least 1")
    if bool(args.model) == bool(args.load):
        raise UsageError("give either --model NAME (fit on --data) or --load MODEL")
    if not args.out.strip():
        raise UsageError("--out needs a file name")
    config = _model_config(args, dests) if args.model else None
    data = _load_data(args.data, progress, args.items)
    if config is not None:
        config = _with_suggestions(args, dests, config, data, progress)
    if args.load:
        from core.coverage import check_coverage
        from core.persistence import load_model

        model = load_model(args.load)
        progress.say(f"loaded model {_model_name(model)} from {args.load}")
        note = check_coverage(model, data)
        if note:
            progress.say(f"note: {note}")
        k = clamp_k(args.k, len(model.item_ids), progress)
        users, idx, val = recommend_for(model, data, k, on_progress=progress)
    else:
        model = _new_model(args, config)
        k = clamp_k(args.k, data.n_items, progress)
        _fit(model, data, progress)
        idx, val = model.recommend_all(k, on_progress=progress)
        users = list(model.user_ids)
    if not (idx >= 0).any():
        raise ModelError("no recommendations: every user has already seen every item the model "
                         "knows; nothing was written")
    n = write_recommendations(args.out, users, model.item_ids, idx, val)
    progress.say(f"wrote {n:,} recommendations for {len(users):,} users to {args.out}")
    return 0


def clamp_k(k: int, n_items: int, progress: StderrProgress) -> int:
    """``k`` limited to the number of items (a larger k only costs memory), with a note."""
    if k > n_items:
        progress.say(f"note: --k {k:,} is more than the {n_items:,} items; using {n_items:,}")
        return max(n_items, 1)
    return k


def cmd_evaluate(
    args: argparse.Namespace, dests: dict[str, str], out: TextIO, progress: StderrProgress
) -> int:
    from core.evaluation import evaluate

    if args.k < 1:
        raise UsageError("--k must be at least 1")
    if args.sampled is not None and args.sampled < 1:
        raise UsageError("--sampled must be a positive number of items")
    if SPLITS[args.split].needs_ratio and not 0 < args.ratio < 1:
        raise UsageError("--ratio must be between 0 and 1")
    if args.seed is not None and args.seed < 0:
        raise UsageError("--seed must be 0 or more")
    seed = 0 if args.seed is None else args.seed
    config = _model_config(args, dests)
    data = _load_data(args.data, progress, args.items)
    config = _with_suggestions(args, dests, config, data, progress)
    args.k = clamp_k(args.k, data.n_items, progress)
    progress.say(f"splitting ({args.split}) ...")
    split = make_split(data, args.split, ratio=args.ratio, seed=seed)
    model = _new_model(args, config)
    _fit(model, split.train, progress)
    result = evaluate(model, split, k=args.k, sampled=args.sampled, seed=seed,
                      on_progress=progress, per_user=True)
    from core.evaluation.beyond import beyond_of

    beyond = beyond_of(result, split)
    if args.json:
        payload = {"data": args.data, "model": args.model, **result.to_dict(),
                   "beyond_accuracy": beyond.to_dict()}
        out.write(json.dumps(payload, indent=2) + "\n")
    else:
        out.write(format_result(args.model, args.data, result) + "\n")
        out.write(format_beyond(beyond) + "\n")
    return 0


def format_beyond(beyond: Any) -> str:
    """Beyond-accuracy figures and the per-group table (docs/METRICS.md)."""
    lines = [f"beyond accuracy (diversity from {beyond.diversity_basis}):"]
    lines += [f"  {key:<24}  {value:.4f}" for key, value in beyond.metrics().items()]
    for title, groups in (("users", beyond.user_groups), ("held-out items", beyond.item_groups)):
        lines.append(f"by {title}:")
        for g in groups:
            shown = "  ".join(f"{k} {v:.4f}" for k, v in g.metrics.items()
                              if k not in ("Precision", "Recall", "MAP"))
            lines.append(f"  {g.group:<8} n={g.n:<6} {shown or '(none in this split)'}".rstrip())
    return "\n".join(lines)


def format_result(model: str, data: str, result: Any) -> str:
    protocol = (
        "full ranking (all unseen items)" if result.protocol == "full"
        else f"sampled ranking ({result.protocol}: test item among sampled unseen items)"
    )
    lines = [
        f"{model} on {data}",
        f"split {result.split}, {protocol}, {result.n_users:,} test users, "
        f"{result.seconds:.1f}s" + ("" if result.complete else " (stopped early)"),
    ]
    width = max(len(key) for key in result.metrics)
    lines += [f"  {key:<{width}}  {value:.4f}" for key, value in result.metrics.items()]
    return "\n".join(lines)


def cmd_train(
    args: argparse.Namespace, dests: dict[str, str], out: TextIO, progress: StderrProgress
) -> int:
    from core.persistence import save_model

    config = _model_config(args, dests)
    data = _load_data(args.data, progress, args.items)
    config = _with_suggestions(args, dests, config, data, progress)
    model = _new_model(args, config)
    _fit(model, data, progress)
    path = save_model(model, args.save)
    progress.say(f"saved {_model_name(model)} to {path}")
    return 0


def _add_sweep_parser(sub: Any, model_help: str, epilog: str) -> argparse.ArgumentParser:
    from core.sweep_cli import add_sweep_arguments

    sw = sub.add_parser(
        "sweep", help="score settings of one or two parameters by cross-validation",
        epilog=epilog, description="Split --data leave-last-out, then score each setting by "
        "k-fold cross-validation over the users of the training part only (the test hold-out "
        "is never used). Other model options fix the remaining parameters.",
    )
    sw.add_argument("--data", required=True, metavar="FILE")
    sw.add_argument("--model", required=True, choices=list(MODELS), metavar="NAME",
                    help=model_help)
    add_sweep_arguments(sw)
    return sw


def cmd_similar(
    args: argparse.Namespace, dests: dict[str, str], out: TextIO, progress: StderrProgress
) -> int:
    if args.n < 1:
        raise UsageError("--n must be at least 1")
    config = _model_config(args, dests)
    data = _load_data(args.data, progress)
    config = _with_suggestions(args, dests, config, data, progress)
    model = _new_model(args, config)
    _fit(model, data, progress)
    side = "items" if args.item is not None else "users"
    if side == "items":
        found = model.similar_items(args.item, args.n)
        label = data.item_label
    else:
        found = model.similar_users(args.user, args.n)
        label = str
    out.write(f"# {side} most similar to {args.item or args.user} under {_model_name(model)}: "
              f"{model.similarity_label(side)}\n")
    import csv

    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["rank", "id", "similarity", "label"])
    for rank, (other, score) in enumerate(found, start=1):
        writer.writerow([rank, other, f"{score:.6g}", label(other)])
    return 0


class UsageError(Exception):
    """Options that do not fit together (exit status 2, like argparse's own errors)."""


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None,
         stderr: TextIO | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    parser, dests = build_parser(argv)
    args = parser.parse_args(argv)
    progress = StderrProgress(err)
    try:
        if args.command == "datasets":
            return cmd_datasets(args, out, progress)
        from core.sweep_cli import cmd_sweep

        handler = {"recommend": cmd_recommend, "evaluate": cmd_evaluate, "train": cmd_train,
                   "sweep": cmd_sweep, "similar": cmd_similar}
        return handler[args.command](args, dests, out, progress)
    except UsageError as exc:
        parser.print_usage(err)
        err.write(f"error: {exc}\n")
        return 2
    except ConfigError as exc:  # an option out of range: the message names the field
        err.write(f"error: invalid model option {exc}\n")
        return 2
    except DataError as exc:
        progress.say(f"error: {exc}")
        return 2
    except (ModelError, ValueError) as exc:
        progress.say(f"error: {exc}")
        return 1
    except OSError as exc:
        progress.say(f"error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))
        return 1
    except KeyboardInterrupt:
        progress.say("interrupted")
        return 130
