"""Part 3 — loading: MovieLens-format (``ratings.dat``, ``::``) and CSV files of 1M and 20M rows,
written from generated data to a temporary folder; ``core.io.load`` timed in a fresh process
each (peak resident memory included)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.common import log, run_child
from benchmarks.tables import table
from benchmarks.tasks import CACHE, ML1M, ML20M, generated

FILES = CACHE / "files"
QUICK_SIZES = {"100K": (1000, 800, 100_000)}
SIZES = {"1M": ML1M, "20M": ML20M}


def _frame(shape: tuple[int, int, int]):
    import pandas as pd

    data = generated(*shape)
    m = data.matrix.tocoo()
    ratings = np.random.default_rng(0).integers(1, 6, m.nnz)
    return pd.DataFrame({"user": m.row + 1, "item": m.col + 1, "rating": ratings,
                         "timestamp": data.timestamps})


def write_files(label: str, shape: tuple[int, int, int]) -> dict[str, Path]:
    """MovieLens-1M-style ``ratings.dat`` and a headed CSV of ``shape`` (kept for re-runs)."""
    dat = FILES / f"ml-{label.lower()}-generated" / "ratings.dat"
    csv = FILES / f"interactions-{label.lower()}.csv"
    if not (dat.exists() and csv.exists()):
        log(f"loading: writing {label}-row files to {FILES}")
        frame = _frame(shape)
        dat.parent.mkdir(parents=True, exist_ok=True)
        frame.to_csv(csv.with_suffix(".part"), index=False,
                     header=["userId", "movieId", "rating", "timestamp"])
        csv.with_suffix(".part").replace(csv)
        blank = [""] * len(frame)  # ':'-separated with empty columns between gives '::'
        spaced = frame.assign(a=blank, b=blank, c=blank)[
            ["user", "a", "item", "b", "rating", "c", "timestamp"]]
        spaced.to_csv(dat.with_suffix(".part"), sep=":", index=False, header=False)
        dat.with_suffix(".part").replace(dat)
    return {"MovieLens ratings.dat (::)": dat, "CSV with header": csv}


def run(quick: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {"rows": [], "quick": quick}
    for label, shape in (QUICK_SIZES if quick else SIZES).items():
        try:
            files = write_files(label, shape)
        except (OSError, MemoryError) as exc:
            out["rows"].append({"size": label, "format": "-", "error": f"could not write: {exc}"})
            continue
        for fmt, path in files.items():
            log(f"loading: {label} {fmt}")
            read_through(path)
            res = run_child("benchmarks.tasks:load_file", {"path": str(path)}, 900)
            res.update(size=label, format=fmt, file_mb=path.stat().st_size / 2**20)
            out["rows"].append(res)
            log(f"  -> {res}")
    return out


def read_through(path: Path, chunk: int = 16 << 20) -> None:
    """Read the file once, untimed, so the load is timed from the system's file cache. This
    machine's disk reads of a file not read for a while took ~8 s of a 20M-row load (of
    ~9-17 s), and whether it was still cached varied from run to run."""
    with open(path, "rb") as f:
        while f.read(chunk):
            pass


def cleanup() -> None:
    shutil.rmtree(FILES, ignore_errors=True)


def present(result: dict[str, Any]) -> tuple[list[dict], list[dict]]:
    rows = []
    for r in result["rows"]:
        if "error" in r:
            rows.append([r["size"], r["format"], r.get("file_mb", ""), r["error"], "", ""])
            continue
        _n_u, _n_i, nnz = r["shape"]
        rows.append([r["size"], r["format"], f"{r['file_mb']:.0f}", f"{r['load_s']:.1f}",
                     f"{nnz / r['load_s']:,.0f}",
                     f"{r['peak_mb']:.0f} ({r['peak_mb'] - r['baseline_mb']:.0f})"])
    return [table("Loading with core.io.load", ["rows", "format", "file MB", "load s",
                                                 "rows / s", "peak RSS MB (above start)"], rows,
                  "Files written from `core.samples.generate` data (1M: 6,040 × 3,706; 20M: "
                  "138,493 × 26,744) with ratings 1-5 and timestamps; each load in a fresh "
                  "process, the file read through once before (untimed), so that the disk "
                  "is not timed. Writing the files is not timed; they are kept in the system temp "
                  "folder (reclab-bench-cache) for re-runs — on a fresh machine the first run "
                  "spends about 5 more minutes generating and writing them.")], []
