"""Honest progress: the linear ETA on a simulated steady stage (fake clock, no real timing) and
byte-based progress while loading a table."""

import zipfile

import numpy as np
import pytest

from core.io import load
from core.io.load_progress import SHARES, CountingReader, LoadProgress
from core.progress_eta import StageTimer


class FakeClock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize("spread", [0.0, 0.2, 0.5])
def test_stage_eta_is_within_30_percent_after_the_first_10_percent(spread):
    """A stage of 200 steps whose costs vary by ±spread around the same mean (seeded): from 10 %
    on, every ETA is within 30 % of the time actually left."""
    rng = np.random.default_rng(0)
    costs = 1.0 + spread * (2 * rng.random(200) - 1)
    clock, events = FakeClock(), []
    timer = StageTimer("steady", events.append, clock)
    for step, cost in enumerate(costs, 1):
        clock.now += cost
        timer.update(step / len(costs))
    left = costs.sum() - np.cumsum(costs)  # true seconds left after each step
    checked = 0
    for event, truth in zip(events, left, strict=True):
        assert event.elapsed == pytest.approx(costs.sum() - truth)
        if 0.1 <= event.fraction < 1.0:
            assert abs(event.eta - truth) <= 0.3 * truth
            checked += 1
    assert checked == 180 and events[-1].eta == 0.0


def test_stage_eta_hand_computed():
    clock, events = FakeClock(), []
    timer = StageTimer("work", events.append, clock)
    clock.now += 3.0
    timer.update(0.25)  # 3 s for a quarter: 9 s left
    assert events[-1].elapsed == 3.0 and events[-1].eta == pytest.approx(9.0)
    assert timer.eta(0.0, 1.0) is None


def test_load_progress_follows_the_shares_never_goes_back_and_is_throttled():
    clock, events = FakeClock(), []
    progress = LoadProgress("r.csv", events.append, clock)
    progress.reached("checked")
    for done in np.linspace(0, 1, 2001):  # 2,001 reads: at most one event per half per cent
        progress.parsed(float(done))
    progress.parsed(0.1)  # a second parse of the same bytes: the bar holds
    progress.reached("coded")
    progress.finished()
    fractions = [e.fraction for e in events]
    assert fractions == sorted(fractions) and len(fractions) <= 1 / 0.005 + 4
    assert fractions[0] == SHARES["checked"]
    assert SHARES["parsed"] in fractions and SHARES["coded"] in fractions
    assert fractions[-1] == 1.0 and events[-1].message == "loading r.csv"


def test_counting_reader_reports_the_share_read_and_returns_the_same_bytes():
    seen = []
    reader = CountingReader(b"abcdefghij", seen.append)
    assert reader.read(4) == b"abcd" and reader.read() == b"efghij"
    assert seen == [0.4, 1.0]


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
    parse = [f for f in fractions if SHARES["checked"] < f < SHARES["parsed"]]
    assert len(parse) >= 3  # the bar moves while pandas parses
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert all(e.eta is not None and e.eta >= 0 for e in events) and events[-1].eta == 0.0
    assert all(e.kind == "stage" and e.message == "loading big.csv" for e in events)


def test_loading_a_zip_and_a_movielens_folder_report_progress(tmp_path):
    archive = tmp_path / "data.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("data/ratings.csv", _table(2_000).replace("user,item,rating",
                                                               "userId,movieId,rating"))
    data, events = _events(archive)
    assert data.nnz > 0 and events[-1].fraction == 1.0
    assert any(SHARES["checked"] <= e.fraction <= SHARES["parsed"] for e in events)
    folder = tmp_path / "ml"
    folder.mkdir()
    (folder / "u.data").write_text("1\t10\t4\t881250949\n2\t10\t3\t881250950\n")
    data, events = _events(folder)
    assert data.shape == (2, 1) and [e.fraction for e in events][-1] == 1.0
