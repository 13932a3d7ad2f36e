"""Shared plumbing: paths, result files, timing and fresh-subprocess measurements."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
RESULTS = REPO / "benchmarks" / "results"
DATASETS = {"ML-100K": "ml-100k", "ml-latest-small": "ml-latest-small"}
MARKERS = {"ml-100k": "u.data", "ml-latest-small": "ratings.csv"}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def shared_dataset(folder: str) -> Path | None:
    """Path of a ``../shared/data`` data set, or None (with a message) when it is absent."""
    path = SHARED_DATA / folder
    if not (path / MARKERS.get(folder, "")).exists():
        log(f"skipped: {path} not found")
        return None
    return path


def save_result(part: str, payload: dict[str, Any], directory: Path = RESULTS) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{part}.json"
    payload = {"part": part, "finished": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
               **payload}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(payload, indent=1, default=_jsonable))
    tmp.replace(path)
    return path


def load_results(directory: Path = RESULTS) -> dict[str, dict[str, Any]]:
    out = {}
    for path in sorted(directory.glob("*.json")):
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        out[data.get("part", path.stem)] = data
    return out


def _jsonable(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    if hasattr(value, "tolist"):
        return value.tolist()
    return str(value)


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def module_available(name: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def run_child(task: str, args: dict[str, Any], timeout: float) -> dict[str, Any]:
    """Run ``benchmarks.child`` task in a fresh interpreter; its JSON result plus peak memory.

    A fresh process per measurement makes ``ru_maxrss`` (peak resident memory) belong to that
    measurement alone. On timeout or crash the result says so in ``error``.
    """
    cmd = [sys.executable, "-m", "benchmarks.child", task, json.dumps(args)]
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "PYTHONWARNINGS": "ignore"}
    start = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=timeout,
                              env=env)
    except subprocess.TimeoutExpired as exc:
        partial = _last_json(exc.stdout.decode() if isinstance(exc.stdout, bytes)
                             else exc.stdout or "")
        return {**partial, "error": f"stopped at the {timeout:.0f} s time cap"
                + (f" after step '{partial['step']}'" if "step" in partial else ""),
                "wall_s": time.perf_counter() - start}
    result = _last_json(proc.stdout)
    if result and proc.returncode != 0:  # measured, then crashed while exiting
        result["exit_warning"] = f"process exited with code {proc.returncode} after reporting"
    if not result:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        if proc.returncode < 0:
            tail = f"killed by signal {-proc.returncode} (out of memory?); {tail}"
        return {**result, "error": f"failed: {tail[:300]}", "wall_s": time.perf_counter() - start}
    return result


def _last_json(stdout: str) -> dict[str, Any]:
    lines = [ln for ln in stdout.splitlines() if ln.startswith("{")]
    return json.loads(lines[-1]) if lines else {}
