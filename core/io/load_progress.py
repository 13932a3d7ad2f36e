"""Progress of loading one table, with an ETA from the parse's measured pace.

Loading is four steps: reading and checking the text (encoding, layout), parsing (pandas' C
reader), coding the ids, and building the sorted sparse matrix. The parse can be followed as it
runs: it pulls the bytes through ``read`` calls on a file object (256 KiB at a time), so
``CountingReader`` — the file's bytes with a counting ``read`` — tells how far it has got
without changing how the file is parsed. pandas converts the tokens to columns a chunk of rows
at a time between those reads (``low_memory``), so the reads' pace covers the conversion too;
what is left after the last read (the last chunk, joining the chunks) and the later steps are
single numpy / pandas calls without a hook.

So the parse is the yardstick: its pace (seconds per byte) is measured from the first read on —
what comes before (pandas' own one-off start-up in a fresh process) is not the file's work. The
reads come in cycles: ~10-25 quick reads, then one that waits while a chunk is converted
(``STALL`` times the median interval or more). A pace taken part-way through a cycle swings with
it, so once cycles show, the pace is taken at the end of each, from the end of the first: its
memory is written for the first time, and per byte it ran 1.0-2.1x (median 1.35x) as long as
the later cycles in 36 recorded loads of the tables below. Each later part is expected to
take a measured multiple of the whole parse's reads (``AFTER_TOKENS``, by the kind of table: ids
written as text are coded a chunk at a time between the reads, ``core.io.delimited``, so their
coding is part of the measured pace, and what follows is joining the chunks' codes; a table not
yet in (user, item) order must be sorted, which a sorted file skips — guessed from the first
64 KiB, then checked on a sample of the parsed columns and of the codes). Once the parse is
over, its measured time from the first read is the yardstick for the last two steps instead
(``AFTER_PARSE``). The ETA is the expected time of what is left; the bar shows the share of
the expected time spent (elapsed / (elapsed + ETA)), never going back. Until two cycles are
timed (or, where none show, ``MIN_READS`` reads) there is no ETA (``None``: "estimating…").

Loading cannot be stopped: a stop request returned by the callback is ignored.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable

import numpy as np

from core.progress import Progress, ProgressCallback, report

# By (ids written as text, has a timestamp column, rows already in (user, item) order): the
# build sorts the rows unless they are in order already (a file sorted by user and item), which
# costs 3-6x more; with text ids the order of the codes (by first appearance) is rarely that,
# and the sort matters less against the coding, so text ids are not told apart by order.
# Medians of ``benchmarks.eta_tasks:load_steps`` (the first load of a fresh process, as the app's
# first load) on a quiet 2-core machine, 5 runs each (2026-12-02 18:45 UTC, measured again after
# the loader's last changes, which had left the text-id ETAs ~10 % short) of its kinds of table:
# "int" with 2·10^6 rows (integer ids of the shop shape, in order), "log" (10^6 of them
# shuffled, as an event log has them), "text" (ids written "u12" / "i7"), "timed" and
# "timed-log" (the ML-1M shape with rating and timestamp, in order and shuffled), "text-timed"
# (the same with text ids). The text-id rows measured again (5 runs each, 2026-12-03 03:45 UTC)
# once text ids were coded chunk by chunk during the parse.
# Between runs the ratios moved by up to ±30 % (memory the machine hands out fresh or reused).
# Seconds of (the parse after the last read, coding the ids, building the matrix) per second of
# tokens (reads, each chunk's conversion between them):
AFTER_TOKENS = {
    (False, False, True): (0.42, 0.27, 0.36),
    (False, False, False): (0.56, 0.3, 1.46),
    (False, True, True): (0.55, 0.07, 0.11),
    (False, True, False): (0.53, 0.06, 0.77),
    (True, False, False): (0.02, 0.29, 0.25),
    (True, True, False): (0.04, 0.05, 0.22),
}
# Seconds of (coding the ids, building the matrix) per second of the measured parse:
AFTER_PARSE = {
    (False, False, True): (0.19, 0.25),
    (False, False, False): (0.19, 0.92),
    (False, True, True): (0.04, 0.07),
    (False, True, False): (0.04, 0.51),
    (True, False, False): (0.29, 0.25),
    (True, True, False): (0.05, 0.21),
}
STALL = 4.0  # an interval between reads this many times the median holds a chunk's conversion
SAMPLED_PAIRS = 4096  # neighbouring rows checked to tell whether a table is in order
# Reads before the parse's pace is trusted when it has not shown two cycles of reads and a
# chunk's conversion (a cycle is ~12 reads on the generated tables above; with one cycle timed
# and the next part-way, the pace since the first read was 30-50 % high on the shop table).
MIN_READS = 48
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
        self.ordered = False
        self.steps: dict[str, float] = {}
        self._mark = self.start  # when the current step began
        self._first: tuple[float, float] | None = None  # (time, share of bytes) of the first read
        self._bytes = 0.0  # share of the bytes handed to the tokenizer
        self._reads = 0
        self._sent_bytes = -1.0
        self._tokens: float | None = None  # the tokenizer's expected seconds for the whole file
        self._intervals: list[float] = []  # seconds between consecutive reads
        self._last_read = 0.0
        self._stall_ends: list[tuple[float, float]] = []  # (time, bytes) of reads after stalls
        self._parse: float | None = None  # seconds from the first read to the parse's end

    def kind(self, *, text_ids: bool, timestamps: bool, ordered: bool = False) -> None:
        """The table's kind, which sets the expected cost of the steps after the tokenizer."""
        self.text_ids, self.timestamps, self.ordered = text_ids, timestamps, ordered

    def in_order(self, users: np.ndarray, items: np.ndarray) -> None:
        """What the user and item columns (integer ids or codes, both in the order of the ids)
        tell of the table's order, from a sample of neighbouring rows."""
        self.ordered = sampled_in_order(users, items)

    def _costs_key(self) -> tuple[bool, bool, bool]:
        return self.text_ids, self.timestamps, self.ordered and not self.text_ids

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
            self._last_read = now
            return
        t0, b0 = self._first
        self._intervals.append(now - self._last_read)
        self._last_read = now
        stall = self._intervals[-1] > STALL * float(np.median(self._intervals))
        if stall:
            self._stall_ends.append((now, self._bytes))
        if len(self._stall_ends) >= 2:
            # over whole cycles from the end of the first (see the module docstring)
            if stall or self._tokens is None:
                t0, b0 = self._stall_ends[0]
                self._tokens = (now - t0) / (self._bytes - b0)
        elif self._reads > MIN_READS and now > t0:  # no cycles to go by: since the first read
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
        convert, coding, building = AFTER_TOKENS[self._costs_key()]
        return self._tokens * (1.0 - self._bytes + convert + coding + building)

    def reached(self, step: str) -> None:
        """The step named in ``STEPS`` is over."""
        now = self.clock()
        if step in self.steps:
            return
        self.steps[step] = now - self._mark
        self._mark = now
        coding, building = AFTER_PARSE[self._costs_key()]
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


def sampled_in_order(users: np.ndarray, items: np.ndarray, pairs: int = SAMPLED_PAIRS) -> bool:
    """Whether rows spread over the table are each before the next in (user, item) order: a
    cheap guess (for the ETA only) that the whole table is sorted."""
    n = len(users)
    if n < 2:
        return True
    at = np.unique(np.linspace(0, n - 2, min(pairs, n - 1)).astype(np.int64))
    u0, u1 = users[at], users[at + 1]
    return bool(((u0 < u1) | ((u0 == u1) & (items[at] < items[at + 1]))).all())
