"""Helpers for attacking model files: train small models, rewrite their manifest and arrays.

Used by tests/test_model_file.py, tests/test_model_file_fuzz.py and
benchmarks/reliability.py (which regenerates the figures of docs/RELIABILITY.md).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

from core.interactions import Interactions

CF_PARAMS = {"user-knn": dict(k=5), "item-knn": dict(k=5), "popularity": {}}

# What a child process prints as its last line: OK (loaded and scored) or ERROR (DataError).
LOAD_SCRIPT = """
import sys
from core.errors import DataError
from core.persistence import load_model
try:
    model = load_model(sys.argv[1])
    n = min(3, len(model.user_ids))
    import numpy as np
    model.score_rows(model.train_matrix[:n], np.arange(n))
except DataError as exc:
    print("ERROR", exc)
else:
    print("OK")
"""


def small_table(seed: int = 1, n_users: int = 20, n_items: int = 15) -> Interactions:
    rng = np.random.default_rng(seed)
    users, items, ts = [], [], []
    for u in range(n_users):
        for t, i in enumerate(rng.choice(n_items, 5, replace=False)):
            users.append(f"u{u}")
            items.append(f"i{i}")
            ts.append(t)
    return Interactions.from_triples(users, items, None, ts)


def read_parts(path: Path) -> tuple[dict, dict[str, np.ndarray]]:
    with zipfile.ZipFile(path) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        with np.load(io.BytesIO(zf.read("arrays.npz")), allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in npz.files}
    return manifest, arrays


def write_parts(path: Path, manifest: dict | bytes, arrays: dict[str, np.ndarray] | bytes) -> Path:
    """A model zip from a manifest (dict or raw bytes) and arrays (dict or raw .npz bytes)."""
    if isinstance(arrays, dict):
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)
        arrays = buffer.getvalue()
    raw = manifest if isinstance(manifest, bytes) else json.dumps(manifest).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", raw)
        zf.writestr("arrays.npz", arrays)
    return path


def mutate(
    source: Path, target: Path,
    change: Callable[[dict, dict[str, np.ndarray]], object],
) -> Path:
    """Copy ``source`` to ``target`` with ``change(manifest, arrays)`` applied in place."""
    manifest, arrays = read_parts(source)
    change(manifest, arrays)
    return write_parts(target, manifest, arrays)


def npy_bytes(header: dict, payload: bytes) -> bytes:
    """A raw version-1.0 ``.npy`` with any header (e.g. a shape that lies about the data)."""
    text = repr(header).encode("latin1")
    pad = 64 - (10 + len(text) + 1) % 64
    head = text + b" " * pad + b"\n"
    return b"\x93NUMPY\x01\x00" + len(head).to_bytes(2, "little") + head + payload


def npz_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def load_in_child(path: Path, timeout: float = 60.0, cwd: Path | None = None) -> tuple[str, str]:
    """(outcome, detail) of loading ``path`` in a fresh interpreter.

    outcome: "ok", "error" (DataError), "crash" (killed by a signal), "traceback" (any other
    exception) or "hang" (no answer within ``timeout`` seconds).
    """
    try:
        proc = subprocess.run(
            [sys.executable, "-c", LOAD_SCRIPT, str(path)], capture_output=True, text=True,
            timeout=timeout, cwd=cwd or Path(__file__).resolve().parents[1],
        )
    except subprocess.TimeoutExpired:
        return "hang", f"no answer in {timeout:.0f}s"
    lines = proc.stdout.strip().splitlines()
    if proc.returncode < 0 or proc.returncode in (134, 139):
        return "crash", f"exit {proc.returncode}"
    if proc.returncode != 0 or not lines:
        return "traceback", proc.stderr.strip().splitlines()[-1:][0] if proc.stderr else ""
    last = lines[-1]
    return ("ok", "") if last == "OK" else ("error", last[len("ERROR "):])


SERVER_SCRIPT = """
import sys, traceback
import numpy as np
from core.errors import DataError
from core.persistence import load_model
for line in sys.stdin:
    path = line.rstrip("\\n")
    try:
        model = load_model(path)
        n = min(3, len(model.user_ids))
        model.score_rows(model.train_matrix[:n], np.arange(n))
        model.recommend_all(3)
    except DataError as exc:
        print("ERROR", str(exc).replace("\\n", " "), flush=True)
    except BaseException as exc:
        print("TRACEBACK", type(exc).__name__, str(exc).replace("\\n", " ")[:300], flush=True)
    else:
        print("OK", flush=True)
"""


class LoaderChild:
    """A child interpreter that loads model files one by one (so a crash cannot kill the
    caller); ``load(path)`` returns (outcome, detail) like ``load_in_child``."""

    def __init__(self, timeout: float = 60.0, cwd: Path | None = None):
        import queue
        import threading

        self.timeout = timeout
        self.proc = subprocess.Popen(
            [sys.executable, "-c", SERVER_SCRIPT], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True, cwd=cwd or Path(__file__).resolve().parents[1],
        )
        self.lines: queue.Queue[str | None] = queue.Queue()

        def pump() -> None:
            for line in self.proc.stdout:
                self.lines.put(line.rstrip("\n"))
            self.lines.put(None)

        threading.Thread(target=pump, daemon=True).start()

    def load(self, path: Path) -> tuple[str, str]:
        import queue

        if self.proc.poll() is not None:
            return "crash", f"child already dead (exit {self.proc.returncode})"
        self.proc.stdin.write(f"{path}\n")
        self.proc.stdin.flush()
        try:
            line = self.lines.get(timeout=self.timeout)
        except queue.Empty:
            self.close()
            return "hang", f"no answer in {self.timeout:.0f}s"
        if line is None:
            self.proc.wait()
            return "crash", f"exit {self.proc.returncode}"
        word, _, detail = line.partition(" ")
        return {"OK": "ok", "ERROR": "error"}.get(word, "traceback"), detail

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
