"""Byte-based progress of loading one table, with an ETA (``core.progress_eta.StageTimer``).

Parsing is pandas' C reader over the whole file in one call, which has no progress hook of its
own; it pulls the bytes through ``read`` calls on a file object, though (256 KiB at a time), so
``CountingReader`` — the file's bytes with a counting ``read`` — tells how far the parser has
got without changing how the file is parsed. The steps before and after parsing (checking the
text encoding and layout; ids to codes; the sorted sparse matrix) have no hook either, but their
cost grows with the file like the parse's, so each is given a fixed share of the bar (``SHARES``,
measured) and the linear ETA holds across them.

Loading cannot be stopped: a stop request returned by the callback is ignored.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable

from core.progress import ProgressCallback
from core.progress_eta import StageTimer

# Where each step of loading a table ends on the bar (the parse runs from "checked" to "parsed"
# by bytes), for tables without and with timestamps (those make the sorted matrix's build, after
# "coded", several times dearer). Measured on generated CSVs of 10^5-3·10^6 rows (shuffled,
# sorted by user, the shop shape) with pandas already imported, on a shared 2-core machine.
SHARES = {"checked": 0.04, "parsed": 0.3, "coded": 0.7}
SHARES_TIMED = {"checked": 0.04, "parsed": 0.3, "coded": 0.4}
STEP = 0.005  # report at most every half per cent (a 700 MB file is ~2,800 reads)


class LoadProgress:
    """Progress of one load, by bytes parsed; never goes backwards (a second parse of the same
    bytes, e.g. ids re-read as text, holds the bar where it is)."""

    def __init__(self, name: str, on_progress: ProgressCallback | None,
                 clock: Callable[[], float] = time.perf_counter):
        self.timer = StageTimer(f"loading {name}" if name else "loading", on_progress, clock)
        self.fraction = 0.0
        self._sent = -1.0
        self.shares = SHARES

    def timed(self, has_timestamps: bool) -> None:
        """Use the shares of a table with (or without) a timestamp column."""
        self.shares = SHARES_TIMED if has_timestamps else SHARES

    @property
    def active(self) -> bool:
        return self.timer.on_progress is not None

    def parsed(self, done: float) -> None:
        """``done`` (0..1) of the bytes have been handed to the parser."""
        lo, hi = self.shares["checked"], self.shares["parsed"]
        done = min(max(done, 0.0), 1.0)
        self._advance(lo + (hi - lo) * done, force=done >= 1.0)

    def reached(self, step: str) -> None:
        """The step named in ``SHARES`` is over."""
        self._advance(self.shares[step], force=True)

    def finished(self) -> None:
        self._advance(1.0, force=True)

    def _advance(self, fraction: float, force: bool = False) -> None:
        if fraction <= self.fraction and self._sent >= 0:
            return
        self.fraction = max(self.fraction, fraction)
        if force or self.fraction - self._sent >= STEP:
            self._sent = self.fraction
            self.timer.update(self.fraction)


class CountingReader(io.BytesIO):
    """``data`` as a binary file whose reads report the share of bytes handed out so far."""

    def __init__(self, data: bytes, on_read: Callable[[float], None]):
        super().__init__(data)
        self._size = max(len(data), 1)
        self._on_read = on_read

    def read(self, size: int | None = -1) -> bytes:
        out = super().read(size)
        self._on_read(self.tell() / self._size)
        return out

    def readinto(self, buffer) -> int:  # type: ignore[override]
        n = super().readinto(buffer)
        self._on_read(self.tell() / self._size)
        return n
