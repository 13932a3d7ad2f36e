"""Progress of loading one table, with an ETA from the parse's measured pace.

Loading is four steps: reading and checking the text (encoding, layout), parsing (pandas' C
reader over the whole file in one call), coding the ids, and building the sorted sparse matrix.
Only the parse can be followed as it runs: it pulls the bytes through ``read`` calls on a file
object (256 KiB at a time), so ``CountingReader`` — the file's bytes with a counting ``read`` —
tells how far its tokenizer has got without changing how the file is parsed. The rest of the
parse (converting the tokens to columns, after the last read) and the later steps are single
numpy / pandas calls without a hook.

So the tokenizer is the yardstick: its pace (seconds per byte) is measured from the first read
on — what comes before (pandas' own one-off start-up in a fresh process) is not the file's work;
over all the reads since, not a median of single reads, whose times alternate between two
levels (the reader's buffering) — and each later part is expected to take a measured multiple
of the whole tokenization (``AFTER_TOKENS``, by the kind of table: ids written as text cost many
times more to convert and code than integers; timestamps make the build sort by time too).
Once the parse is over, the time from the first read to its end (tokens and conversion, both
measured) is the yardstick for the last two steps instead (``AFTER_PARSE``). The ETA is the
expected time of what is left; the bar shows the share of the expected time spent
(elapsed / (elapsed + ETA)), never going back. Until the tokenizer has been timed over
``MIN_READS`` reads there is no ETA (``None``: "estimating…").

Loading cannot be stopped: a stop request returned by the callback is ignored.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable

from core.progress import Progress, ProgressCallback, report

# By (ids written as text, has a timestamp column). Medians of ``benchmarks.eta_tasks:load_steps``
# (the first load of a fresh process, as the app's first load) on a quiet 2-core machine, 4-8
# runs each: integer ids of the shop shape (2·10^6 rows); the same written "u12" / "i7" (10^6);
# the ML-1M shape with rating and timestamp (few distinct ids, cheap to code; the build sorts by
# time); the ML-1M shape with text ids. On a busy machine the ratios move by up to 2x either way
# (each step is one large call that stalls differently), so there the ETA of a sub-second load
# is rough. Seconds of (converting the tokens, coding the ids, building the matrix) per second
# of tokens:
AFTER_TOKENS = {
    (False, False): (0.7, 0.46, 0.54),
    (False, True): (1.13, 0.22, 2.2),
    (True, False): (4.5, 4.35, 0.82),
    (True, True): (3.2, 2.25, 2.2),
}
# Seconds of (coding the ids, building the matrix) per second of the measured parse:
AFTER_PARSE = {
    (False, False): (0.27, 0.31),
    (False, True): (0.1, 1.03),
    (True, False): (0.79, 0.15),
    (True, True): (0.54, 0.53),
}
# Timed intervals between reads before the tokenizer's pace is trusted: its buffers grow by
# doubling, so single reads of ~1 ms alternate with stalls of 3-7 ms; over 4 reads the pace was
# off by 20-40 %, over 16 by under 20 % (replayed traces of the generated tables above).
MIN_READS = 16
STEP = 0.005  # report at most every half per cent of the bytes (a 700 MB file is ~2,800 reads)
STEPS = ("checked", "parsed", "coded")


class LoadProgress:
    """Progress of one load (see the module docstring). ``steps`` keeps each step's seconds
    (and ``tokens``: the tokenizer's seconds from the first read to the last)."""

    def __init__(self, name: str, on_progress: ProgressCallback | None,
                 clock: Callable[[], float] = time.perf_counter):
        self.message = f"loading {name}" if name else "loading"
        self.on_progress = on_progress
        self.clock = clock
        self.start = clock()
        self.fraction = 0.0
        self.text_ids = False
        self.timestamps = False
        self.steps: dict[str, float] = {}
        self._mark = self.start  # when the current step began
        self._first: tuple[float, float] | None = None  # (time, share of bytes) of the first read
        self._bytes = 0.0  # share of the bytes handed to the tokenizer
        self._reads = 0
        self._sent_bytes = -1.0
        self._tokens: float | None = None  # the tokenizer's expected seconds for the whole file
        self._parse: float | None = None  # seconds from the first read to the parse's end

    def kind(self, *, text_ids: bool, timestamps: bool) -> None:
        """The table's kind, which sets the expected cost of the steps after the tokenizer."""
        self.text_ids, self.timestamps = text_ids, timestamps

    @property
    def active(self) -> bool:
        return self.on_progress is not None

    def parsed(self, done: float) -> None:
        """``done`` (0..1) of the bytes have been handed to the parser."""
        if "checked" not in self.steps or "parsed" in self.steps or done <= self._bytes:
            return  # a second parse of the same bytes (ids re-read as text): the bar holds
        now, self._bytes = self.clock(), min(done, 1.0)
        self._reads += 1
        if self._first is None:
            self._first = (now, self._bytes)
            return
        t0, b0 = self._first
        if self._reads > MIN_READS and now > t0:  # the pace since the first read
            self._tokens = (now - t0) / (self._bytes - b0)
        if self._bytes >= 1.0:
            self.steps["tokens"] = now - self._first[0]
        if self._bytes - self._sent_bytes >= STEP or self._bytes >= 1.0:
            self._sent_bytes = self._bytes
            self._report(now, self._eta_parsing(now))

    def _eta_parsing(self, now: float) -> float | None:
        """The tokens left, their conversion, coding and building (after the first read)."""
        if self._tokens is None:
            return None
        convert, coding, building = AFTER_TOKENS[(self.text_ids, self.timestamps)]
        return self._tokens * (1.0 - self._bytes + convert + coding + building)

    def reached(self, step: str) -> None:
        """The step named in ``STEPS`` is over."""
        now = self.clock()
        if step in self.steps:
            return
        self.steps[step] = now - self._mark
        self._mark = now
        coding, building = AFTER_PARSE[(self.text_ids, self.timestamps)]
        if step == "parsed" and self._first is not None:
            self._parse = now - self._first[0]
        if step == "checked" or self._parse is None:
            eta = None
        elif step == "parsed":
            eta = self._parse * (coding + building)
        else:  # coded
            eta = self._parse * building
        self._report(now, eta)

    def finished(self) -> None:
        self.fraction = 1.0
        self._report(self.clock(), 0.0)

    def _report(self, now: float, eta: float | None) -> None:
        elapsed = now - self.start
        if eta is not None:
            self.fraction = max(self.fraction, min(elapsed / max(elapsed + eta, 1e-9), 1.0))
        if self.active:
            report(self.on_progress, Progress("stage", self.message, fraction=self.fraction,
                                              elapsed=elapsed, eta=eta))


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
