"""Honest progress while loading a table: the tokenizer's pace (from the first read on) times
measured multiples for the steps after it (fake clock, no real timing), and byte-based progress
on real files."""

import zipfile
from itertools import pairwise

import numpy as np
import pytest

from core.io import load, load_bytes
from core.io.load_progress import (
    AFTER_PARSE,
    AFTER_TOKENS,
    MIN_READS,
    CountingReader,
    LoadProgress,
    sampled_in_order,
)


class FakeClock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _parse(progress, clock, reads: int, seconds_per_read: float, slow_start: float = 0.0):
    """``reads`` equal reads of the whole file, each ``seconds_per_read`` after the one before,
    the first ``slow_start`` after the parse began (pandas' one-off start-up)."""
    clock.now += slow_start
    for k in range(1, reads + 1):
        progress.parsed(k / reads)
        clock.now += seconds_per_read


def test_eta_while_parsing_is_the_tokens_left_plus_the_steps_after_them():
    clock, events = FakeClock(), []
    progress = LoadProgress("r.csv", events.append, clock)
    progress.kind(text_ids=False, timestamps=False)
    clock.now += 0.5  # reading and checking the text
    progress.reached("checked")
    assert events[-1].eta is None and events[-1].fraction == 0.0
    reads = 100  # 0.01 s per read: 1 s of tokens, after a 0.3 s one-off start
    _parse(progress, clock, reads, 0.01, slow_start=0.3)
    convert, coding, building = AFTER_TOKENS[(False, False, False)]
    timed = [e for e in events if e.eta is not None]
    # "estimating…" at "checked" and, with no cycles showing, until MIN_READS intervals
    # between reads are timed
    assert len(events) - len(timed) == MIN_READS
    # from then on (read MIN_READS + 1 on), timed from the first read (the start does not
    # count), every ETA is the tokens left plus the steps after them: 1 s of tokens in all
    for j, e in enumerate(timed):
        read = MIN_READS + 1 + j
        assert e.eta == pytest.approx(1 - read / reads + convert + coding + building)


def test_after_the_parse_the_measured_parse_is_the_yardstick():
    clock, events = FakeClock(), []
    progress = LoadProgress("r.csv", events.append, clock)
    progress.kind(text_ids=True, timestamps=True)
    progress.reached("checked")
    _parse(progress, clock, 10, 0.1)  # first read at 100.0, last at 100.9
    clock.now = 102.0  # converting the tokens took the rest: 2 s of parse from the first read
    progress.reached("parsed")
    coding, building = AFTER_PARSE[(True, True, False)]
    assert events[-1].eta == pytest.approx(2.0 * (coding + building))
    clock.now += 1.0
    progress.reached("coded")
    assert events[-1].eta == pytest.approx(2.0 * building)
    progress.finished()
    fractions = [e.fraction for e in events]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and events[-1].eta == 0.0
    assert progress.steps["tokens"] == pytest.approx(0.9)
    assert progress.steps["parsed"] == pytest.approx(2.0)
    assert progress.steps["coded"] == pytest.approx(1.0)


def test_the_bar_is_the_share_of_the_expected_time_and_never_goes_back():
    clock, events = FakeClock(), []
    progress = LoadProgress("r.csv", events.append, clock)
    progress.reached("checked")
    _parse(progress, clock, 50, 0.01)
    e = events[-1]
    assert e.fraction == pytest.approx(e.elapsed / (e.elapsed + e.eta))
    before = len(events)
    progress.parsed(0.1)  # a second parse of the same bytes (ids re-read as text): ignored
    assert len(events) == before
    clock.now += 50.0  # a very slow conversion: the bar holds, it does not go back
    progress.reached("parsed")
    progress.reached("coded")
    fractions = [e.fraction for e in events]
    assert fractions == sorted(fractions)


def test_events_are_throttled_to_half_a_per_cent_of_the_bytes():
    clock, events = FakeClock(), []
    progress = LoadProgress("r.csv", events.append, clock)
    progress.reached("checked")
    _parse(progress, clock, 2001, 0.001)
    assert len(events) <= 1 + 1 / 0.005 + 2


def test_without_a_callback_the_steps_are_still_timed():
    clock = FakeClock()
    progress = LoadProgress("r.csv", None, clock)
    clock.now += 1.0
    progress.reached("checked")
    assert not progress.active and progress.steps == {"checked": 1.0}


def test_counting_reader_reports_the_share_read_and_returns_the_same_bytes():
    seen = []
    reader = CountingReader(b"abcdefghij", seen.append)
    assert reader.read(4) == b"abcd" and reader.read() == b"efghij"
    assert seen == [0.4, 1.0]


@pytest.mark.parametrize(("text", "text_ids", "timestamps", "ordered"), [
    ("user,item,rating\n1,10,4\n2,11,3\n", False, False, True),
    ("user,item,rating\n1,10,4\n1,9,3\n", False, False, False),
    ("user,item,rating,timestamp\nu1,10,4,5\nu2,11,3,6\n", True, True, True),
    ("1\t10\t4\t881250949\n2\t10\t3\t881250950\n", False, True, True),
    ("2\t10\t4\t881250949\n1\t10\t3\t881250950\n", False, True, False),
])
def test_the_table_kind_is_told_to_the_progress(text, text_ids, timestamps, ordered):
    progress = LoadProgress("t", None)
    load_bytes(text.encode(), "t.csv", progress=progress)
    assert (progress.text_ids, progress.timestamps, progress.ordered) == (
        text_ids, timestamps, ordered)


def test_text_ids_use_the_same_costs_in_order_or_not():
    progress = LoadProgress("t", None)
    progress.kind(text_ids=True, timestamps=False, ordered=True)
    assert progress._costs_key() == (True, False, False)
    progress.kind(text_ids=False, timestamps=False, ordered=True)
    assert progress._costs_key() == (False, False, True)


@pytest.mark.parametrize("seed", range(20))
def test_sampled_order_is_exact_on_tables_it_checks_whole(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(0, 60))
    users, items = rng.integers(0, 4, n), rng.integers(0, 4, n)
    if seed % 2:  # half of them sorted (then maybe a duplicate pair: not strictly in order)
        order = np.lexsort((items, users))
        users, items = users[order], items[order]
    pairs = list(zip(users.tolist(), items.tolist(), strict=True))
    expected = all(a < b for a, b in pairwise(pairs))
    assert sampled_in_order(users, items) == expected


def test_a_table_sorted_by_user_only_is_not_in_order():
    users = np.repeat(np.arange(3000), 3)
    items = np.tile([5, 2, 9], 3000)
    assert not sampled_in_order(users, items)
    assert sampled_in_order(users, np.tile([2, 5, 9], 3000))


def _table(n: int) -> str:
    rng = np.random.default_rng(1)
    rows = [f"u{u},i{i},{r}" for u, i, r in zip(rng.integers(0, 300, n), rng.integers(0, 500, n),
                                                 rng.integers(1, 6, n), strict=True)]
    return "user,item,rating\n" + "\n".join(rows) + "\n"


def _events(path):
    events = []
    data = load(path, events.append)
    return data, events


def test_loading_a_csv_reports_byte_progress_with_an_eta_and_loads_the_same_table(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text(_table(120_000))  # ~1.7 MB: the parser reads it in several chunks
    data, events = _events(path)
    assert data == load(path)
    fractions = [e.fraction for e in events]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert sum(e.eta is not None for e in events) >= 3  # the ETA is there during the parse
    assert all(e.eta is None or e.eta >= 0 for e in events) and events[-1].eta == 0.0
    assert all(e.kind == "stage" and e.message == "loading big.csv" for e in events)


def test_loading_a_zip_and_a_movielens_folder_report_progress(tmp_path):
    archive = tmp_path / "data.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("data/ratings.csv", _table(2_000).replace("user,item,rating",
                                                               "userId,movieId,rating"))
    data, events = _events(archive)
    assert data.nnz > 0 and events[-1].fraction == 1.0
    folder = tmp_path / "ml"
    folder.mkdir()
    (folder / "u.data").write_text("1\t10\t4\t881250949\n2\t10\t3\t881250950\n")
    data, events = _events(folder)
    assert data.shape == (2, 1) and [e.fraction for e in events][-1] == 1.0


def test_the_pace_is_taken_over_whole_cycles_of_reads_after_the_first():
    """Reads come in cycles (quick reads, then one that waits for a chunk's conversion): there is
    no ETA until two have ended, then the pace is the time per byte from the end of the first
    cycle (slower: fresh memory) to the end of the latest, held between cycle ends, so it does
    not swing within a cycle."""
    clock, events = FakeClock(), []
    progress = LoadProgress("r.csv", events.append, clock)
    progress.kind(text_ids=False, timestamps=False, ordered=True)
    progress.reached("checked")
    reads, per_cycle = 100, 10
    times, t = [], clock.now
    for k in range(1, reads + 1):
        stalled = k % per_cycle == 1 and k > 1  # a chunk was converted before this read
        t += 0.1 if stalled else (0.02 if k <= per_cycle else 0.01)  # first cycle: half pace
        times.append(t)
    eta_at = {}
    for k, when in enumerate(times, start=1):
        clock.now = when
        before = len(events)
        progress.parsed(k / reads)
        if len(events) > before:
            eta_at[k] = events[-1].eta
    after = sum(AFTER_TOKENS[(False, False, True)])
    cycle_ends = [k for k in range(per_cycle + 1, reads + 1, per_cycle)]
    checked = 0
    for k in range(2, reads):
        ends = [j for j in cycle_ends if j <= k]
        if len(ends) < 2:  # "estimating…" until two cycles show
            assert eta_at.get(k) is None
            continue
        first, last = ends[0], ends[-1]
        pace = (times[last - 1] - times[first - 1]) / ((last - first) / reads)
        assert eta_at[k] == pytest.approx(pace * (1 - k / reads + after))
        checked += 1
    assert checked > 70
