"""Progress text shared by every view: epoch, batch, and an ETA only once it can be trusted."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication

from core.progress import Progress, is_a_range
from gui.core_messages import progress_message

ETA_MIN_FRACTION = 0.1  # without epochs: share of the work done before an ETA is shown


def format_seconds(seconds: float | None) -> str:
    if seconds is None or not np.isfinite(seconds):
        return "?"
    seconds = max(0, round(seconds))
    translate = QCoreApplication.translate
    if seconds >= 3600:
        return translate("progress", "{hours} h {minutes} min").format(
            hours=seconds // 3600, minutes=f"{seconds % 3600 // 60:02d}")
    if seconds >= 60:
        return translate("progress", "{minutes} min {seconds} s").format(
            minutes=seconds // 60, seconds=f"{seconds % 60:02d}")
    return translate("progress", "{seconds} s").format(seconds=seconds)


class EtaEstimator:
    """Time left for one job, shown only once it can be right within ~30 %.

    ``core`` extrapolates from the start of the job, so its first epochs' ETA includes one-off
    costs (importing TensorFlow, tracing and compiling the training step) and can be several
    times too long. Here the rate is measured from the end of the first epoch instead, and an
    ETA is given once at least half an epoch has been timed that way. Work without epochs
    (evaluation, kNN) uses ``core``'s ETA (``core.progress_eta``: already robust to a slow start,
    and None until it has timed enough) once a tenth of it is done.
    """

    def __init__(self) -> None:
        self._base: tuple[float, float] | None = None  # (elapsed, fraction) after epoch 1
        # with early stopping: the time left if no later epoch improves (``update`` gives the
        # time left up to the last planned epoch)
        self.soonest: float | None = None

    def reset(self) -> None:
        self._base = None
        self.soonest = None

    def update(self, event: Progress) -> float | None:
        eta = self._update(event)
        self.soonest = event.soonest_eta(eta) if eta is not None else None
        return eta

    def _update(self, event: Progress) -> float | None:
        if event.fraction is None:
            return None
        if event.epoch is None:
            return event.eta if event.fraction >= ETA_MIN_FRACTION else None
        if self._base is None:
            if event.kind == "epoch":
                self._base = (event.elapsed, event.fraction)
            return None
        t0, f0 = self._base
        timed = event.fraction - f0
        if timed <= 0 or timed < 0.5 * f0:
            return None
        return (event.elapsed - t0) / timed * (1.0 - event.fraction)


def progress_text(event: Progress, eta: float | None = None,
                  soonest: float | None = None) -> str:
    """One line for a progress bar: epoch, batch and the time left (when one is given; else
    the epoch's time left, or "estimating…"). With early stopping the time left is a range:
    from ``soonest`` (no later epoch improves) to ``eta`` (every planned epoch runs)."""
    translate = QCoreApplication.translate
    parts = []
    if event.epoch is not None:
        parts.append(translate("progress", "Epoch {epoch}/{total}").format(
            epoch=event.epoch, total=event.n_epochs or "?"))
    # without the whole fit's ETA yet, this epoch's takes the batch count's place (room), and
    # so does an ETA range
    epoch_eta = event.epoch_eta if eta is None else None
    ranged = is_a_range(soonest, eta)
    if event.batch is not None and epoch_eta is None and not ranged:
        parts.append(translate("progress", "batch {batch}/{total}").format(
            batch=event.batch, total=event.n_batches or "?"))
    if not parts and event.message:
        parts.append(progress_message(event.message))
    if ranged:
        parts.append(translate("progress", "ETA {soonest} to {latest}").format(
            soonest=format_seconds(soonest), latest=format_seconds(eta)))
    elif eta is not None:
        parts.append(translate("progress", "ETA {time}").format(time=format_seconds(eta)))
    elif epoch_eta is not None:
        parts.append(translate("progress", "epoch ETA {time}").format(
            time=format_seconds(epoch_eta)))
    elif parts and event.kind in ("stage", "batch") and event.fraction is not None:
        parts.append(translate("progress", "estimating time left…"))
    return " · ".join(parts) or translate("progress", "Working…")
