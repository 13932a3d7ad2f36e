"""Progress text shared by every view: epoch, batch, and an ETA only once it can be trusted."""

from __future__ import annotations

import numpy as np

from core.progress import Progress

ETA_MIN_FRACTION = 0.2  # without epochs: share of the work done before an ETA is shown


def format_seconds(seconds: float | None) -> str:
    if seconds is None or not np.isfinite(seconds):
        return "?"
    seconds = max(0, round(seconds))
    if seconds >= 3600:
        return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"
    return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"


def eta_is_reliable(event: Progress) -> bool:
    """True once the ETA can be right within ~30 %.

    The first epoch includes one-off costs (TensorFlow's import, tracing and compiling the
    training step; early-stopping set-up), so an ETA extrapolated from it can be several times
    too long. From the second epoch on, time per epoch is steady. Without epochs, wait until a
    fifth of the work is done.
    """
    if event.eta is None:
        return False
    if event.epoch is not None:
        return event.epoch >= 2
    return event.fraction is not None and event.fraction >= ETA_MIN_FRACTION


def progress_text(event: Progress) -> str:
    """One line for a progress bar: epoch, batch and (when reliable) time left."""
    parts = []
    if event.epoch is not None:
        parts.append(f"Epoch {event.epoch}/{event.n_epochs or '?'}")
    if event.batch is not None:
        parts.append(f"batch {event.batch}/{event.n_batches or '?'}")
    if not parts and event.message:
        parts.append(event.message)
    if eta_is_reliable(event):
        parts.append(f"ETA {format_seconds(event.eta)}")
    return " · ".join(parts) or "Working…"
