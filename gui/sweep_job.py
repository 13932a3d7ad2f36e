"""The sweep job the worker thread runs: plain data in, plain data out (``core.sweep``)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from core.interactions import Interactions
from core.progress import ProgressCallback
from core.sweep import SweepResult, SweepRow, SweepSpec, sweep_data

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SweepJob:
    job_id: int
    spec: SweepSpec
    data: Interactions  # a private copy
    split_seed: int = 0


@dataclass(frozen=True)
class SweepOutcome:
    job_id: int
    result: SweepResult | None  # None when the sweep could not start
    seconds: float
    error: str = ""


def run_sweep_job(
    job: SweepJob, on_progress: ProgressCallback,
    emit_row: Callable[[tuple[int, SweepRow]], None],
) -> SweepOutcome:
    """Run ``job`` (in the worker thread); rows are sent as they finish, errors become text."""
    from gui.worker import EXPECTED_ERRORS, describe_error

    start = time.perf_counter()
    try:
        result = sweep_data(job.data, job.spec, on_progress,
                            lambda row: emit_row((job.job_id, row)), split_seed=job.split_seed)
    except Exception as exc:  # reported to the user, never raised into Qt
        if not isinstance(exc, EXPECTED_ERRORS):
            log.exception("sweep of %s failed", job.spec.model)
        return SweepOutcome(job.job_id, None, time.perf_counter() - start, describe_error(exc))
    return SweepOutcome(job.job_id, result, time.perf_counter() - start)
