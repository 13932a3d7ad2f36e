"""The training loop both neural models share: batches, progress, stop, early stopping, NaN.

Plain numpy here; the model supplies its own compiled ``train_step``. The loop

- sends a ``"batch"`` event after every batch (loss, elapsed, ETA) and an ``"epoch"`` event after
  every epoch (mean loss and, with validation, HR@10/NDCG@10 in ``metrics`` and the validation
  loss — the training loss's data term on the validation hold-out — in ``val_loss``);
- stops within one batch when the callback answers True, keeping the best weights so far (or the
  current ones when no epoch has been validated yet);
- stops early after ``patience`` epochs without improving the monitored metric and restores the
  best weights;
- raises ``TrainingDiverged`` on a NaN or infinite loss (the weights are then unusable);
- detects divergence with a finite loss (a batch loss over ``DIVERGENCE_FACTOR`` times the first
  batch's, e.g. a learning rate of 1e6): it stops, keeps the best weights so far (validated, or
  those at the end of the last complete epoch) and says so in ``result.diverged`` and in the
  "done" message; with no complete epoch before it, it raises ``TrainingDiverged``.

Prompt stop: the first call of a compiled step can take seconds (NeuMF's XLA compilation), so a
model may pass ``warm_up``, run in a helper thread while the loop keeps reporting a "compiling"
stage and polling the stop request every ``POLL_SECONDS``; stopped then, the loop returns at once
(the warm-up must not change the weights, since it may still finish after the return).
``evaluate(poll)`` calls ``poll()`` between its scoring batches and returns None when it answers
True (a stop during validation).

Determinism: initialisers, shuffling, dropout masks and negatives come from the config's seed
(numpy ``default_rng`` and seeded Keras initialisers), never from global state. On CPU with a
fixed thread count the same seed gives the same weights and scores bit for bit in our tests;
TensorFlow does not promise it across machines, versions or thread counts.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
import scipy.sparse as sp

from core.errors import ModelError, TrainingDiverged, TrainingStopped
from core.polled import polled
from core.progress import Progress, ProgressCallback, report
from core.progress_eta import RecentRate, WorkMeter

T = TypeVar("T")
MAX_VALIDATION_USERS = 5000
RANK_CHUNK = 512  # rows compared at once in ``rank_metrics``
DIVERGENCE_FACTOR = 100.0


@dataclass
class Holdout:
    """Training matrix without each selected user's held-out item, and those items."""

    train: sp.csr_matrix
    users: np.ndarray  # rows with a held-out item
    items: np.ndarray  # their held-out column
    timestamps: np.ndarray | None = None  # aligned with ``train.data`` (None without times)


def holdout_last(
    matrix: sp.csr_matrix, timestamps: np.ndarray | None, seed: int = 0
) -> Holdout:
    """Hold out each user's latest entry (users with ≥ 2 entries).

    Ties on the timestamp (common: MovieLens users rate many films in the same second) are broken
    at random with ``seed``; without timestamps a seeded random entry per user is held out.
    """
    m = sp.csr_matrix(matrix)
    counts = np.diff(m.indptr)
    rows = np.repeat(np.arange(m.shape[0]), counts)
    tie = np.random.default_rng(seed).random(m.nnz)
    key = np.zeros(m.nnz) if timestamps is None else np.asarray(timestamps, dtype=np.float64)
    order = np.lexsort((tie, key, rows))
    users = np.flatnonzero(counts >= 2)
    last = order[m.indptr[users + 1] - 1]
    keep = np.ones(m.nnz, dtype=bool)
    keep[last] = False
    train = sp.csr_matrix((m.data[keep], m.indices[keep], _indptr(rows[keep], m.shape[0])),
                          shape=m.shape)
    train_ts = None if timestamps is None else np.asarray(timestamps)[keep]
    return Holdout(train, users, m.indices[last].astype(np.int64), train_ts)


def _indptr(rows: np.ndarray, n_rows: int) -> np.ndarray:
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n_rows), out=indptr[1:])
    return indptr


def rank_metrics(
    scores: np.ndarray, seen: sp.csr_matrix, targets: np.ndarray, k: int = 10
) -> dict[str, float]:
    """HR@k and NDCG@k of one target item per row, ranked among the row's unseen items.

    The rank is the number of unseen items scoring strictly higher than the target (a seen
    target counts as scoring -inf). See ``TargetRanks``, which does the work and can be kept
    for the epochs of a fit."""
    return TargetRanks(seen, targets).metrics(scores, k)


class TargetRanks:
    """Ranks of one target item per row among the row's unseen items, for the scores of one
    epoch after another: what does not depend on the scores (the seen cells, whether each
    target is among them) is found once.

    Computed without copying the scores: the items scoring above the target are counted over
    the whole row, then the seen ones among them are taken off (a float64 copy with the seen
    cells masked took ~1 s per epoch on a 2,000 × 20,000 validation block; finding the seen
    cells again every epoch ~40 ms)."""

    def __init__(self, seen: sp.csr_matrix, targets: np.ndarray):
        coo = sp.coo_matrix(seen)
        n_items = seen.shape[1]
        flat = np.unique(coo.row.astype(np.int64) * n_items + coo.col)
        self.seen_rows, self.seen_cols = np.divmod(flat, n_items)
        self.targets = np.asarray(targets)
        self.rows = np.arange(len(self.targets))
        self.target_seen = np.isin(self.rows.astype(np.int64) * n_items + self.targets, flat)

    def ranks(self, scores: np.ndarray) -> np.ndarray:
        """How many unseen items of each row score strictly above its target."""
        scores = np.asarray(scores)
        if not np.issubdtype(scores.dtype, np.floating):
            scores = scores.astype(np.float64)
        target = scores[self.rows, self.targets].copy()
        target[self.target_seen] = -np.inf
        rank = np.empty(len(self.targets), dtype=np.int64)
        for s in range(0, len(self.targets), RANK_CHUNK):
            block = scores[s:s + RANK_CHUNK]
            rank[s:s + RANK_CHUNK] = np.count_nonzero(block > target[s:s + RANK_CHUNK, None],
                                                      axis=1)
        above = scores[self.seen_rows, self.seen_cols] > target[self.seen_rows]
        return rank - np.bincount(self.seen_rows[above], minlength=len(self.targets))

    def metrics(self, scores: np.ndarray, k: int = 10) -> dict[str, float]:
        """HR@k and NDCG@k of the targets under ``scores``."""
        rank = self.ranks(scores)
        hit = rank < k
        ndcg = np.where(hit, 1.0 / np.log2(rank + 2.0), 0.0)
        return {f"HR@{k}": float(hit.mean()), f"NDCG@{k}": float(ndcg.mean())}


def validation_subset(holdout: Holdout, seed: int) -> Holdout:
    """At most ``MAX_VALIDATION_USERS`` held-out users (seeded), to keep validation cheap."""
    if len(holdout.users) <= MAX_VALIDATION_USERS:
        return holdout
    pick = np.sort(
        np.random.default_rng(seed).choice(len(holdout.users), MAX_VALIDATION_USERS, replace=False)
    )
    return Holdout(holdout.train, holdout.users[pick], holdout.items[pick], holdout.timestamps)


@dataclass
class TrainingResult:
    """What happened during ``run_training`` (kept on the model as ``training_result``)."""

    epochs_run: int = 0
    best_epoch: int | None = None
    best_metrics: dict[str, float] = field(default_factory=dict)
    stopped: bool = False  # the caller asked to stop
    early_stopped: bool = False
    history: list[dict[str, float]] = field(default_factory=list)  # one dict per epoch
    seconds: float = 0.0
    diverged: str = ""  # why training stopped on divergence ("" when it did not)


def run_training(
    *,
    n_epochs: int,
    batches: Callable[[int], tuple[Iterable[Sequence[np.ndarray]], int]
                      | tuple[Iterable[Sequence[np.ndarray]], int, Sequence[int]]],
    train_step: Callable[..., float],
    get_weights: Callable[[], list[np.ndarray]],
    set_weights: Callable[[list[np.ndarray]], None],
    evaluate: Callable[[Callable[[], bool]], dict[str, float] | None] | None = None,
    monitor: str = "NDCG@10",
    patience: int = 5,
    on_progress: ProgressCallback | None = None,
    name: str = "model",
    warm_up: Callable[[], object] | None = None,
) -> TrainingResult:
    """Run the loop described in the module docstring.

    ``batches(epoch)`` returns (iterable of batch argument tuples, number of batches), and may
    add each batch's rows (a last batch that is not full then counts for what it holds in the
    epoch's progress, not for a whole batch);
    ``train_step(*batch)`` trains on one batch and returns its loss. ``evaluate()`` returns the
    validation metrics, and may add "val_loss" (reported as ``Progress.val_loss``).
    ``get_weights()`` may return the same arrays every time, overwritten: only the weights it
    returned last are ever restored.
    """
    if n_epochs < 1:
        raise ModelError("epochs must be at least 1")
    result = TrainingResult()
    start = time.perf_counter()
    best_value = -math.inf
    best_weights: list[np.ndarray] | None = None
    epoch_weights: list[np.ndarray] | None = None  # end of the last epoch (no validation)
    reference: float | None = None  # the first batch's loss
    wait = 0

    def eta(done: float) -> float | None:
        elapsed = time.perf_counter() - start
        return elapsed / done * (1.0 - done) if done > 0 else None

    def soonest_end(finished: int) -> int | None:
        """With early stopping, after ``finished`` validated epochs: the epoch training ends
        with if none of the next improves (the first epoch always does)."""
        if evaluate is None:
            return None
        return min(n_epochs, finished + patience - wait if finished else 1 + patience)

    if warm_up is not None and not _warm_up(warm_up, on_progress, start):
        result.stopped = True
        return _finish(result, start, on_progress, name)

    for epoch in range(1, n_epochs + 1):
        # Preparing an epoch (NeuMF samples its negatives) can take a second: stay stoppable.
        ready, prepared = polled(lambda e=epoch: batches(e), on_progress, "preparing the epoch",
                                 start)
        if not ready:
            result.stopped = True
            break
        batch_iter, n_batches, *sizes = prepared
        # the epoch's share done after each batch: by rows when the batches give their sizes
        # (the MLP's last batch holds what is left: counted as a whole batch, the epoch ETA ran
        # ~10 % high near the end), else by batches
        meter = WorkMeter(sizes[0] if sizes and len(sizes[0]) == n_batches
                          else np.ones(max(n_batches, 1)))
        total, count = 0.0, 0
        epoch_start, epoch_pace = time.perf_counter(), RecentRate()
        for b, batch in enumerate(batch_iter, start=1):
            loss = float(train_step(*batch))
            if not math.isfinite(loss):
                raise TrainingDiverged(
                    f"{name} training diverged: the loss became {loss} at epoch {epoch}, batch "
                    f"{b}; lower the learning rate or raise L2, then retrain"
                )
            if reference is None:
                reference = abs(loss)
            elif reference > 0 and loss > DIVERGENCE_FACTOR * reference:
                result.diverged = (
                    f"training diverged at epoch {epoch}, batch {b}: the loss {loss:.3g} is over "
                    f"{DIVERGENCE_FACTOR:g} times the first batch's {reference:.3g}; lower the "
                    "learning rate"
                )
                break
            total += loss
            count += 1
            within = meter.after(min(b, n_batches) - 1)
            done = (epoch - 1 + within) / n_epochs
            now = time.perf_counter()
            event = Progress(
                "batch", epoch=epoch, n_epochs=n_epochs, batch=b, n_batches=n_batches,
                loss=loss, fraction=done, elapsed=now - start, eta=eta(done),
                epoch_eta=epoch_pace.update(now - epoch_start, within),
                soonest_end_epoch=soonest_end(epoch - 1),
            )
            if report(on_progress, event):
                result.stopped = True
                break
        if result.diverged:
            kept = best_weights if best_weights is not None else epoch_weights
            if kept is None:
                raise TrainingDiverged(
                    f"{name} {result.diverged}; no epoch finished before it, so there are no "
                    "weights to keep; retrain"
                )
            break
        if result.stopped and count < n_batches:
            break  # a partial epoch is not validated; best weights (if any) are restored below
        metrics: dict[str, float] | None = {}
        if evaluate is not None:
            metrics = evaluate(_poller(on_progress, epoch, n_epochs, start,
                                       soonest_end(epoch - 1)))
            if metrics is None:  # stopped during validation: this epoch does not count
                result.stopped = True
                break
        result.epochs_run = epoch
        val_loss = metrics.pop("val_loss", None)
        entry = {"epoch": epoch, "loss": total / max(count, 1), **metrics}
        if val_loss is not None:
            entry["val_loss"] = val_loss
        result.history.append(entry)
        if evaluate is not None:
            value = metrics[monitor]
            if value > best_value:
                best_value, best_weights, wait = value, get_weights(), 0
                result.best_epoch, result.best_metrics = epoch, dict(metrics)
            else:
                wait += 1
        else:
            epoch_weights = get_weights()
        done = epoch / n_epochs
        event = Progress(
            "epoch", epoch=epoch, n_epochs=n_epochs, loss=total / max(count, 1),
            val_loss=val_loss, metrics=metrics, fraction=done,
            elapsed=time.perf_counter() - start, eta=eta(done),
            soonest_end_epoch=soonest_end(epoch),
        )
        if report(on_progress, event) or result.stopped:
            result.stopped = True
            break
        if evaluate is not None and wait >= patience:
            result.early_stopped = True
            break
    if best_weights is not None:
        set_weights(best_weights)
    elif result.diverged and epoch_weights is not None:
        set_weights(epoch_weights)
    return _finish(result, start, on_progress, name)


def _finish(
    result: TrainingResult, start: float, on_progress: ProgressCallback | None, name: str
) -> TrainingResult:
    result.seconds = time.perf_counter() - start
    message = f"{name}: {result.epochs_run} epoch(s)"
    if result.best_epoch is not None:
        message += f", best epoch {result.best_epoch} {result.best_metrics}"
    if result.diverged:
        kept = result.best_epoch or result.epochs_run
        message = f"warning: {name} {result.diverged}; kept the weights of epoch {kept}. {message}"
    report(on_progress, Progress("done", message, fraction=1.0, elapsed=result.seconds))
    return result


def _poller(
    on_progress: ProgressCallback | None, epoch: int, n_epochs: int, start: float,
    soonest_end_epoch: int | None,
) -> Callable[[], bool]:
    """``poll()`` for ``evaluate``: reports a "validating" stage, True when asked to stop."""

    def poll() -> bool:
        event = Progress("stage", "validating", epoch=epoch, n_epochs=n_epochs,
                         fraction=(epoch - 1) / n_epochs, elapsed=time.perf_counter() - start,
                         soonest_end_epoch=soonest_end_epoch)
        return report(on_progress, event)

    return poll


def _warm_up(
    warm_up: Callable[[], object], on_progress: ProgressCallback | None, start: float
) -> bool:
    """Run ``warm_up`` polling the stop request; False when stopped."""
    return polled(warm_up, on_progress, "compiling the training step", start)[0]


def prepare_or_stop(
    fn: Callable[[], T], on_progress: ProgressCallback | None, message: str, name: str
) -> T:
    """``fn()`` run with ``polled``; ``TrainingStopped`` when stopped before it finished (there
    is nothing to keep yet: the network does not exist)."""
    done, value = polled(fn, on_progress, message)
    if not done:
        raise TrainingStopped(f"{name}: stopped before training began; nothing to keep")
    return value  # type: ignore[return-value]


def seed_tensorflow(seed: int) -> None:
    """Seed TensorFlow's global generator (for ops without an explicit seed)."""
    import tensorflow as tf

    tf.random.set_seed(seed)


def check_finite(scores: np.ndarray, name: str) -> np.ndarray:
    if not np.all(np.isfinite(scores)):
        raise TrainingDiverged(f"{name} produced non-finite scores; retrain it")
    return scores
