"""One long-lived worker thread that builds, trains, evaluates and queries models.

Keras models are not thread-safe, so a model is built, fitted and asked for predictions in the
same thread: the ``ModelWorker`` below runs every job in one ``QThread`` (``JobThread``), shared
by every view of a session (the ``Session`` owns the one ``WorkerHost``). The GUI thread queues
*jobs* (frozen dataclasses of plain data plus a copy of the table) and gets *results* back by queued
signal; the worker never touches a widget or the session.

Why a job queue in ``QThread.run`` rather than slots on an object moved to the thread: PySide
gives every slot call made from a thread's event loop a fresh Python thread state, and TensorFlow
keeps per-thread state there. A Keras model trained in one slot call and asked for an eager
gradient in the next hung for good (PySide6 6.12, TensorFlow 2.21). One long ``run()`` keeps one
Python thread state for the thread's whole life.

Stopping is cooperative and per job: every train/evaluate job carries its own ``CancelToken``
(as Orange's ``TaskState``); ``core`` calls the progress callback after every batch and stops when
it answers True, which it does once ``WorkerHost.stop(job_id)`` has set that job's token. Stopping
one job never touches another, queued or running. A stopped non-neural fit is discarded (a kNN
model cut off half way is not a model); a stopped neural fit keeps its best weights.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from core.errors import DataError, ModelError, TrainingDiverged, TrainingStopped
from core.evaluation.splits import make_split
from core.interactions import Interactions, RenameItem
from core.models import NEURAL_MODELS
from core.models.base import Recommendation, Recommender
from core.progress import Progress
from core.subsample import build_model
from gui.throttle import ProgressBuffer

log = logging.getLogger(__name__)
EXPECTED_ERRORS = (DataError, ModelError, TrainingDiverged, ValueError, KeyError, MemoryError)


# -- jobs and results: plain data crossing the thread boundary -------------------------------------


class CancelToken:
    """One job's stop request: set from the GUI thread, read by the worker between batches."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


@dataclass(frozen=True)
class TrainJob:
    job_id: int
    name: str
    params: dict[str, Any]
    data: Interactions  # a private copy; the GUI keeps editing its own table
    token: CancelToken = field(default_factory=CancelToken, compare=False)


@dataclass(frozen=True)
class TrainResult:
    job_id: int
    name: str
    params: dict[str, Any]
    model: Recommender | None  # None when training failed
    seconds: float
    stopped: bool
    epochs_done: int | None = None
    n_epochs: int | None = None
    error: str = ""
    discarded: bool = False  # stopped before a usable model existed (non-neural, or not begun)


@dataclass(frozen=True)
class RecommendJob:
    job_id: int
    model: Recommender
    data: Interactions
    user: str
    k: int
    renames: dict[str, str] = field(default_factory=dict)  # model's item id -> table's id now


@dataclass(frozen=True)
class RecRow:
    rank: int
    item: str
    title: str
    genres: str
    score: float
    explanation: str


@dataclass(frozen=True)
class RecommendResult:
    job_id: int
    user: str
    rows: list[RecRow] = field(default_factory=list)
    error: str = ""


@dataclass(frozen=True)
class EvaluateJob:
    job_id: int
    name: str
    params: dict[str, Any]
    data: Interactions
    split: str  # a key of core.evaluation.SPLITS
    k: int = 10
    ratio: float = 0.2  # test share for the random and temporal splits
    sampled: int | None = None  # rank among this many sampled negatives instead of all items
    seed: int = 0
    token: CancelToken = field(default_factory=CancelToken, compare=False)


@dataclass(frozen=True)
class EvaluateOutcome:
    job_id: int
    name: str
    params: dict[str, Any]
    split: str
    k: int
    protocol: str = ""
    metrics: dict[str, float] = field(default_factory=dict)
    n_users: int = 0
    seconds: float = 0.0
    stopped: bool = False
    error: str = ""
    beyond: Any = None  # core.evaluation.beyond.BeyondAccuracy of a complete evaluation


@dataclass(frozen=True)
class SweepJob:
    job_id: int
    spec: Any  # core.sweep.SweepSpec
    data: Interactions  # a private copy
    split_seed: int = 0
    token: CancelToken = field(default_factory=CancelToken, compare=False)


@dataclass(frozen=True)
class SweepOutcome:
    job_id: int
    result: Any  # core.sweep.SweepResult, None when the sweep could not start
    seconds: float
    error: str = ""


@dataclass(frozen=True)
class CallJob:
    """Any short call that must run in the worker thread (e.g. saving or loading a Keras model)."""

    job_id: int
    fn: Callable[[], Any]


@dataclass(frozen=True)
class CallResult:
    job_id: int
    value: Any = None
    error: str = ""


@dataclass(frozen=True)
class LongCallJob:
    """A long call with progress and Stop: ``fn(on_progress)``, where ``on_progress(event)``
    answers True once Stop was asked (``fn`` then returns early, as ``core``'s work does)."""

    job_id: int
    fn: Callable[[Callable[[Progress], bool]], Any]
    token: CancelToken = field(default_factory=CancelToken, compare=False)


@dataclass(frozen=True)
class LongCallResult:
    job_id: int
    value: Any = None  # what ``fn`` returned (its own answer when it stopped early)
    error: str = ""


def rec_rows(recs: list[Recommendation], data: Interactions,
             renames: dict[str, str]) -> list[RecRow]:
    """``core``'s recommendations as rows of ``data``: the current id of each item (``renames``:
    ids the model knows → ids in ``data``), with its title and genres."""
    rows = []
    for rec in recs:
        item = renames.get(rec.item, rec.item)
        info = data.items_info.get(item)
        rows.append(RecRow(rec.rank, item, info.title if info and info.title else "",
                           ", ".join(info.genres) if info else "", rec.score,
                           rec.explanation.text if rec.explanation else ""))
    return rows


def as_the_model_knows(data: Interactions, renames: dict[str, str]) -> Interactions:
    """``data`` with items renamed since training given back the ids the model knows."""
    if not renames:
        return data
    out = data.copy()
    for original, current in renames.items():
        if out.has_item(current) and not out.has_item(original):
            out.apply(RenameItem(current, original))
    return out


def describe_error(exc: BaseException) -> str:
    if isinstance(exc, EXPECTED_ERRORS):
        return str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {exc}"


# -- the worker (lives in the worker thread) -----------------------------------------------------


class ModelWorker(QObject):
    """Runs jobs one at a time in its thread. Can also be driven synchronously in tests."""

    trained = Signal(object)  # TrainResult
    recommended = Signal(object)  # RecommendResult
    evaluated = Signal(object)  # EvaluateOutcome
    called = Signal(object)  # CallResult
    calledLong = Signal(object)  # LongCallResult
    swept = Signal(object)  # SweepOutcome
    sweepRow = Signal(object)  # (job_id, core.sweep.SweepRow), as each setting finishes

    def __init__(self, buffer: ProgressBuffer):
        super().__init__()
        self._buffer = buffer
        self._token = CancelToken()  # the running job's token
        self._last_epoch: int | None = None
        self._n_epochs: int | None = None
        self._job_id = 0
        self.latest_recommend_id = 0  # set by the host; older recommendation jobs are skipped

    def _on_progress(self, event: Progress) -> bool:
        if event.epoch is not None:
            self._n_epochs = event.n_epochs
            if event.kind == "epoch":
                self._last_epoch = event.epoch
        self._buffer.push((self._job_id, event))
        return self._token.cancelled

    @Slot(object)
    def train(self, job: TrainJob) -> None:
        self._job_id, self._token = job.job_id, job.token
        self._last_epoch = self._n_epochs = None
        start = time.perf_counter()
        model: Recommender | None = None
        error = ""
        if not job.token.cancelled:  # a job stopped while queued never starts
            try:
                model = build_model(job.name, job.params)
                model.fit(job.data, self._on_progress)
            except TrainingStopped:  # stopped while the network was built: nothing to keep
                model = None
            except Exception as exc:  # reported to the user, never raised into Qt
                if not isinstance(exc, EXPECTED_ERRORS):
                    log.exception("training %s failed", job.name)
                error, model = describe_error(exc), None
        stopped = job.token.cancelled
        discarded = stopped and (model is None or job.name not in NEURAL_MODELS)
        if discarded:
            model = None
        self._buffer.push((job.job_id, Progress("done", "training finished", fraction=1.0)))
        self.trained.emit(TrainResult(
            job.job_id, job.name, dict(job.params), model, time.perf_counter() - start,
            stopped, self._last_epoch, self._n_epochs, error, discarded and not error,
        ))

    @Slot(object)
    def recommend(self, job: RecommendJob) -> None:
        if job.job_id < self.latest_recommend_id:
            return  # a newer request is queued behind this one
        try:
            recs = job.model.recommend(as_the_model_knows(job.data, job.renames), job.user, job.k)
        except Exception as exc:
            if not isinstance(exc, EXPECTED_ERRORS):
                log.exception("recommend for %s failed", job.user)
            self.recommended.emit(RecommendResult(job.job_id, job.user, [], describe_error(exc)))
            return
        self.recommended.emit(RecommendResult(job.job_id, job.user,
                                              rec_rows(recs, job.data, job.renames)))

    @Slot(object)
    def evaluate(self, job: EvaluateJob) -> None:
        from core.evaluation import evaluate

        self._job_id, self._token = job.job_id, job.token
        start = time.perf_counter()
        base = dict(job_id=job.job_id, name=job.name, params=dict(job.params), split=job.split,
                    k=job.k)
        try:
            if job.token.cancelled:
                raise _StoppedBeforeStart
            self._on_progress(Progress("stage", f"splitting ({job.split})"))
            split = make_split(job.data, job.split, ratio=job.ratio, seed=job.seed)
            model = build_model(job.name, job.params)
            self._on_progress(Progress("stage", f"training {job.name}"))
            model.fit(split.train, self._on_progress)
            if job.token.cancelled:
                outcome = EvaluateOutcome(**base, stopped=True,
                                          seconds=time.perf_counter() - start)
            else:
                from core.evaluation.beyond import beyond_of

                result = evaluate(model, split, k=job.k, sampled=job.sampled, seed=job.seed,
                                  on_progress=self._on_progress, per_user=True)
                outcome = EvaluateOutcome(
                    **base, protocol=result.protocol, metrics=dict(result.metrics),
                    n_users=int(result.n_users), seconds=time.perf_counter() - start,
                    stopped=job.token.cancelled,
                    beyond=beyond_of(result, split) if result.complete else None,
                )
        except _StoppedBeforeStart:
            outcome = EvaluateOutcome(**base, stopped=True)
        except Exception as exc:
            if not isinstance(exc, EXPECTED_ERRORS):
                log.exception("evaluating %s failed", job.name)
            outcome = EvaluateOutcome(**base, error=describe_error(exc),
                                      seconds=time.perf_counter() - start)
        self._buffer.push((job.job_id, Progress("done", "evaluation finished", fraction=1.0)))
        self.evaluated.emit(outcome)

    @Slot(object)
    def sweep(self, job: SweepJob) -> None:
        """Run a ``core.sweep`` on the training part of ``job.data``; rows are sent as each
        setting finishes (``sweepRow``), then the outcome (``swept``)."""
        from core.sweep import sweep_data

        self._job_id, self._token = job.job_id, job.token
        start = time.perf_counter()
        result, error = None, ""
        if not job.token.cancelled:
            try:
                result = sweep_data(job.data, job.spec, self._on_progress,
                                    lambda row: self.sweepRow.emit((job.job_id, row)),
                                    split_seed=job.split_seed)
            except Exception as exc:  # reported to the user, never raised into Qt
                if not isinstance(exc, EXPECTED_ERRORS):
                    log.exception("sweep of %s failed", job.spec.model)
                error = describe_error(exc)
        self._buffer.push((job.job_id, Progress("done", "sweep finished", fraction=1.0)))
        self.swept.emit(SweepOutcome(job.job_id, result, time.perf_counter() - start, error))

    @Slot(object)
    def call(self, job: CallJob) -> None:
        value, error = _reported_call(job.fn)
        self.called.emit(CallResult(job.job_id, value, error))

    @Slot(object)
    def call_long(self, job: LongCallJob) -> None:
        self._job_id, self._token = job.job_id, job.token
        value, error = (None, "") if job.token.cancelled else _reported_call(
            lambda: job.fn(self._on_progress))
        self._buffer.push((job.job_id, Progress("done", "finished", fraction=1.0)))
        self.calledLong.emit(LongCallResult(job.job_id, value, error))


def _reported_call(fn: Callable[[], Any]) -> tuple[Any, str]:
    """(``fn()``, "") or (None, the error as the user reads it); unexpected errors are logged."""
    try:
        return fn(), ""
    except Exception as exc:
        if not isinstance(exc, (*EXPECTED_ERRORS, OSError)):
            log.exception("worker call failed")
        return None, describe_error(exc)


class _StoppedBeforeStart(Exception):
    """A job stopped while it waited in the queue."""


class JobThread(QThread):
    """Runs queued callables one after another in a single ``run()`` (see module docstring)."""

    def __init__(self) -> None:
        super().__init__()
        self._jobs: queue.SimpleQueue[tuple[Callable[[Any], None], Any] | None] = (
            queue.SimpleQueue()
        )

    def submit(self, work: Callable[[Any], None], job: Any) -> None:
        self._jobs.put((work, job))

    def finish(self) -> None:
        """Let the jobs already queued end, then return from ``run()``."""
        self._jobs.put(None)

    def run(self) -> None:
        while (item := self._jobs.get()) is not None:
            work, job = item
            try:
                work(job)
            except Exception:  # the worker reports its own errors; this is a last guard
                log.exception("worker job failed")


# -- the host (lives in the GUI thread) ----------------------------------------------------------


class WorkerHost(QObject):
    """Owns the worker thread; the only way views talk to the worker. One per ``Session``.

    ``progress`` delivers lists of ``(job_id, Progress)`` at most ~25 times a second while a
    train or evaluate job runs, so each panel can pick the events of its own job.
    ``busyChanged`` tells whether such a job is running.
    """

    progress = Signal(list)  # list[tuple[int, Progress]]
    trained = Signal(object)  # TrainResult
    recommended = Signal(object)  # RecommendResult
    evaluated = Signal(object)  # EvaluateOutcome
    called = Signal(object)  # CallResult
    calledLong = Signal(object)  # LongCallResult
    swept = Signal(object)  # SweepOutcome
    sweepRow = Signal(object)  # (job_id, core.sweep.SweepRow)
    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._ids = itertools.count(1)
        self._tokens: dict[int, CancelToken] = {}  # train/evaluate jobs not yet answered
        self._buffer = ProgressBuffer(parent=self)
        self._buffer.drained.connect(self.progress)
        self._closed = False

        self._thread = JobThread()
        self._thread.setObjectName("reclab-model-worker")
        self._worker = ModelWorker(self._buffer)
        self._worker.setParent(self)  # lives in the GUI thread: its signals arrive queued
        self._worker.trained.connect(self._on_trained)
        self._worker.evaluated.connect(self._on_evaluated)
        self._worker.recommended.connect(self.recommended)
        self._worker.called.connect(self.called)
        self._worker.calledLong.connect(self._on_called_long)
        self._worker.swept.connect(self._on_swept)
        self._worker.sweepRow.connect(self.sweepRow)
        self._thread.start()

    # -- requests --------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return bool(self._tokens)

    @property
    def closed(self) -> bool:
        return self._closed

    def train(self, name: str, params: dict[str, Any], data: Interactions) -> int:
        """Queue training of a new ``name`` model on a copy of ``data``; returns the job id."""
        job = TrainJob(next(self._ids), name, dict(params), data.copy())
        self._submit_long(self._worker.train, job)
        return job.job_id

    def evaluate(
        self, name: str, params: dict[str, Any], data: Interactions, split: str, k: int = 10, *,
        ratio: float = 0.2, sampled: int | None = None, seed: int = 0,
    ) -> int:
        job = EvaluateJob(next(self._ids), name, dict(params), data.copy(), split, k, ratio,
                          sampled, seed)
        self._submit_long(self._worker.evaluate, job)
        return job.job_id

    def sweep(self, spec: Any, data: Interactions, split_seed: int = 0) -> int:
        """Queue a ``core.sweep`` (``spec``) on the training part of a copy of ``data``."""
        job = SweepJob(next(self._ids), spec, data.copy(), split_seed)
        self._submit_long(self._worker.sweep, job)
        return job.job_id

    def recommend(self, model: Recommender, data: Interactions, user: str, k: int,
                  renames: dict[str, str] | None = None) -> int:
        """Queue a top-``k`` request; only the newest request's answer is computed.

        ``renames`` maps item ids the model knows to their ids in ``data`` (items renamed since
        training); the answer uses the ids and titles of ``data``.
        """
        # Only the user's row (O(row + items)), not a copy of the whole table on the GUI thread.
        view = data.user_view(user) if data.has_user(user) else data.copy()
        job = RecommendJob(next(self._ids), model, view, user, k, dict(renames or {}))
        if not self._closed:
            self._worker.latest_recommend_id = job.job_id
            self._thread.submit(self._worker.recommend, job)
        return job.job_id

    def call(self, fn: Callable[[], Any]) -> int:
        """Run ``fn()`` in the worker thread; the answer arrives as ``called(CallResult)``."""
        job = CallJob(next(self._ids), fn)
        if not self._closed:
            self._thread.submit(self._worker.call, job)
        return job.job_id

    def call_long(self, fn: Callable[[Callable[[Progress], bool]], Any]) -> int:
        """Run ``fn(on_progress)`` in the worker thread as a long job: its progress arrives in
        ``progress``, ``stop(job_id)`` asks it to end, the answer comes as ``calledLong``."""
        job = LongCallJob(next(self._ids), fn)
        self._submit_long(self._worker.call_long, job)
        return job.job_id

    def stop(self, job_id: int) -> None:
        """Ask job ``job_id`` to stop after its current batch (or never start, if queued).

        Other jobs are untouched; an unknown or finished job id does nothing.
        """
        token = self._tokens.get(job_id)
        if token is not None:
            token.cancel()

    def shutdown(self) -> None:
        """Stop any job, end the thread and wait for it (idempotent; call before closing)."""
        if self._closed:
            return
        self._closed = True
        for token in self._tokens.values():
            token.cancel()
        self._buffer.stop()
        self._thread.finish()
        self._thread.wait()

    # -- internals -------------------------------------------------------------------------------

    def _submit_long(self, work: Callable[[Any], None], job: Any) -> None:
        if self._closed:
            return
        self._tokens[job.job_id] = job.token
        if len(self._tokens) == 1:
            self._buffer.start()
            self.busyChanged.emit(True)
        self._thread.submit(work, job)

    def _finish_long(self, job_id: int) -> None:
        self._tokens.pop(job_id, None)
        if not self._tokens:
            self._buffer.stop()  # delivers the last events before the result
            self.busyChanged.emit(False)
        else:
            self._buffer.flush()

    def _on_trained(self, result: TrainResult) -> None:
        self._finish_long(result.job_id)
        self.trained.emit(result)

    def _on_evaluated(self, outcome: EvaluateOutcome) -> None:
        self._finish_long(outcome.job_id)
        self.evaluated.emit(outcome)

    def _on_called_long(self, result: LongCallResult) -> None:
        self._finish_long(result.job_id)
        self.calledLong.emit(result)

    def _on_swept(self, outcome: SweepOutcome) -> None:
        self._finish_long(outcome.job_id)
        self.swept.emit(outcome)
