"""``python -m benchmarks [PART ...]`` — run all parts or the named ones, then rebuild
docs/BENCHMARKS.md from every part's results."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time

from benchmarks.common import RESULTS, load_results, log, save_result
from benchmarks.report import PARTS, write_report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="RecLab benchmarks: accuracy beside peers, speed and memory, loading, scale "
                    "to ML-20M size, and the desktop app. Results go to benchmarks/results/ "
                    "and docs/BENCHMARKS.md.",
    )
    parser.add_argument("parts", nargs="*", choices=[*PARTS, []], metavar="PART",
                        help=f"parts to run (default: all): {', '.join(PARTS)}")
    parser.add_argument("--quick", action="store_true",
                        help="reduced sizes for a smoke test; results and report go to "
                             "benchmarks/results/quick/ instead")
    parser.add_argument("--models", metavar="NAMES",
                        help="accuracy and stop only: re-run just these models' rows "
                             "(comma-separated registry names, e.g. caser,ease) and merge them "
                             "into the last full result")
    parser.add_argument("--report-only", action="store_true",
                        help="only rebuild docs/BENCHMARKS.md from existing results")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    failed = []
    results_dir = RESULTS / "quick" if args.quick else RESULTS
    for part in ([] if args.report_only else args.parts or list(PARTS)):
        log(f"== {part} ==")
        start = time.perf_counter()
        module = importlib.import_module(f"benchmarks.{part}")
        try:
            if args.models and part in ("accuracy", "stop"):
                models = [m.strip() for m in args.models.split(",") if m.strip()]
                previous = load_results(results_dir).get(part)
                result = module.run(quick=args.quick, models=models, previous=previous)
            else:
                result = module.run(quick=args.quick)
        except Exception as exc:
            log(f"{part} failed: {type(exc).__name__}: {exc}")
            failed.append(part)
            continue
        result["seconds"] = time.perf_counter() - start
        save_result(part, result, results_dir)
        log(f"{part} done in {result['seconds']:.0f} s")
    path = write_report(results_dir / "BENCHMARKS.md" if args.quick else None, results_dir)
    log(f"wrote {path}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
