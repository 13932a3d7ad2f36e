"""Progress reporting shared by every long computation in ``core``.

Long work calls ``on_progress(Progress(...))``. The callback's return value is how a caller asks
the work to stop: return ``True`` to request a cooperative stop (the work finishes its current
batch, keeps what it has and returns). Returning ``None``/``False`` lets it continue.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

ProgressKind = Literal["stage", "batch", "epoch", "done"]


@dataclass(frozen=True)
class Progress:
    """One progress event; plain data, safe to send across threads."""

    kind: ProgressKind
    message: str = ""
    fraction: float | None = None  # overall 0..1 when known
    epoch: int | None = None  # 1-based
    n_epochs: int | None = None
    batch: int | None = None  # 1-based within the epoch
    n_batches: int | None = None
    loss: float | None = None  # batch loss for "batch", mean epoch loss for "epoch"
    val_loss: float | None = None  # "epoch" (neural): the same loss on the validation hold-out
    metrics: dict[str, float] = field(default_factory=dict)  # e.g. {"HR@10": .., "NDCG@10": ..}
    elapsed: float = 0.0  # seconds since the work started
    eta: float | None = None  # seconds left, when known
    epoch_eta: float | None = None  # "batch" of an epoch: seconds left in this epoch, when known
    # With early stopping: the epoch training ends with if no later epoch improves the monitored
    # metric (it may go on up to n_epochs); ``eta`` is the time left up to n_epochs.
    soonest_end_epoch: int | None = None

    def soonest_eta(self, eta: float | None = None) -> float | None:
        """Time left up to ``soonest_end_epoch`` at the pace that gives ``eta`` (default: this
        event's) for the rest of the ``n_epochs``; None without early stopping."""
        eta = self.eta if eta is None else eta
        if eta is None or self.soonest_end_epoch is None or not self.n_epochs \
                or self.fraction is None or self.fraction >= 1.0:
            return None
        soonest = min(self.soonest_end_epoch / self.n_epochs, 1.0)
        return eta * max(soonest - self.fraction, 0.0) / (1.0 - self.fraction)


ProgressCallback = Callable[[Progress], bool | None]
RANGE_BELOW = 0.9  # an early-stopping ETA is shown as a range when its soonest is below this


def is_a_range(soonest: float | None, eta: float | None) -> bool:
    """Whether the time left is worth showing as "soonest to eta" (early stopping may end the
    work well before ``eta``) rather than as ``eta`` alone."""
    return eta is not None and soonest is not None and soonest < RANGE_BELOW * eta


def report(on_progress: ProgressCallback | None, event: Progress) -> bool:
    """Send ``event`` to ``on_progress`` (if any); True when the caller asked to stop."""
    if on_progress is None:
        return False
    return bool(on_progress(event))
