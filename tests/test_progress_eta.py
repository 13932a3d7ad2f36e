"""The stage ETA (``core.progress_eta``): median pace over the recent work, no ETA without
evidence, and progress weighted by estimated work. Fake clocks and hand-computed values only."""

import numpy as np
import pytest

from core.progress_eta import (
    MIN_INTERVALS,
    RecentRate,
    StageTimer,
    StepMeter,
    WorkMeter,
    median_pace,
)


class FakeClock:
    def __init__(self):
        self.now = 10.0

    def __call__(self) -> float:
        return self.now


def _run(costs, fractions=None, **kwargs):
    """Feed a RecentRate one report per step of ``costs`` seconds; (ETAs, true seconds left)."""
    costs = np.asarray(costs, dtype=float)
    fractions = np.arange(1, len(costs) + 1) / len(costs) if fractions is None else fractions
    rate, etas, t = RecentRate(**kwargs), [], 0.0
    for cost, f in zip(costs, fractions, strict=True):
        t += cost
        etas.append(rate.update(t, float(f)))
    return etas, costs.sum() - np.cumsum(costs)


def test_median_pace_is_the_work_weighted_lower_median():
    # intervals: 1 s for 0.1 (10 s/unit), 1 s for 0.4 (2.5 s/unit), 3 s for 0.1 (30 s/unit)
    points = [(0.0, 0.0), (1.0, 0.1), (2.0, 0.5), (5.0, 0.6)]
    assert median_pace(points) == pytest.approx(2.5)  # the 0.4 of work holds the median
    assert median_pace([(0.0, 0.0), (1.0, 0.25), (3.0, 0.5)]) == pytest.approx(4.0)  # lower
    assert median_pace([(0.0, 0.5), (1.0, 0.5)]) is None  # no work between them


def test_no_eta_until_enough_intervals_are_timed_and_the_start_does_not_count():
    etas, left = _run([5.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0])  # 5 s of set-up
    assert etas[:MIN_INTERVALS] == [None] * MIN_INTERVALS
    # from then on the set-up is forgotten: 1 s per tenth, exactly right
    assert etas[MIN_INTERVALS:-1] == pytest.approx(list(left[MIN_INTERVALS:-1]))
    assert etas[-1] == 0.0
    trusted, _ = _run([1.0] * 10, trust_start=True)
    assert trusted[0] is None and trusted[1] == pytest.approx(8.0)  # the start counts


def test_a_slow_start_and_single_stalls_do_not_swing_the_eta():
    """Two slow first batches (memory touched the first time) and a stall midway: once two
    intervals of steady work are timed, every ETA is within 30 % of the time left, where
    linear extrapolation from the start is more than twice too long early on."""
    costs = np.full(40, 1.0)
    costs[:2] = [6.0, 4.0]
    costs[25] = 5.0
    etas, left = _run(costs)
    judged = [(e, t) for e, t in zip(etas[:-1], left[:-1], strict=True) if e is not None]
    assert len(judged) >= 30
    assert all(abs(e - t) <= 0.3 * t for e, t in judged[1:])
    elapsed = np.cumsum(costs)
    linear = elapsed[4] * (1 - 5 / 40) / (5 / 40)
    assert linear > 2 * left[4]


def test_a_lasting_change_of_speed_is_followed():
    costs = np.r_[np.full(20, 2.0), np.full(60, 1.0)]  # the machine frees up after a quarter
    etas, left = _run(costs)
    assert all(abs(e - t) <= 0.3 * t for e, t in zip(etas[40:-1], left[40:-1], strict=True))


@pytest.mark.parametrize("spread", [0.0, 0.2, 0.5])
def test_steady_work_with_a_spread_of_batch_costs_is_within_30_percent(spread):
    rng = np.random.default_rng(0)
    costs = 1.0 + spread * (2 * rng.random(200) - 1)
    etas, left = _run(costs)
    checked = [(e, t) for f, e, t in zip(np.arange(1, 201) / 200, etas, left, strict=True)
               if 0.1 <= f < 1.0]
    assert len(checked) == 180 and all(abs(e - t) <= 0.3 * t for e, t in checked)


def test_a_report_repeated_late_counts_the_time_since_as_spent():
    rate = RecentRate()
    for k in range(1, 5):
        rate.update(float(k), k / 10)  # 1 s per tenth
    assert rate.update(4.0, 0.4) == pytest.approx(6.0)
    assert rate.update(5.0, 0.4) == pytest.approx(5.0)  # no progress for a second
    assert rate.update(20.0, 0.4) == 0.0  # never negative


def test_stage_timer_sends_elapsed_and_the_estimate():
    clock, events = FakeClock(), []
    timer = StageTimer("work", events.append, clock)
    for k in range(1, 5):
        clock.now += 2.0
        assert not timer.update(k / 8)
    assert [e.eta for e in events[:MIN_INTERVALS]] == [None] * MIN_INTERVALS
    assert events[-1].elapsed == 8.0 and events[-1].eta == pytest.approx(8.0)
    assert events[-1].message == "work" and events[-1].fraction == 0.5
    assert StageTimer("quiet", None).update(0.5) is False
    stop = StageTimer("stop", lambda e: True, clock)
    assert stop.update(0.1) is True


def test_work_meter_weights_progress_by_estimated_cost_and_keeps_a_tail():
    meter = WorkMeter(np.array([1.0, 3.0, 0.0, 4.0]), tail=0.2)
    assert [meter.after(i) for i in range(4)] == pytest.approx([0.1, 0.4, 0.4, 0.8])
    flat = WorkMeter(np.zeros(4))  # nothing to tell the units apart: all alike
    assert [flat.after(i) for i in range(4)] == pytest.approx([0.25, 0.5, 0.75, 1.0])


def test_cost_weighted_progress_keeps_the_eta_right_where_rows_cost_differently():
    """Rows whose costs grow tenfold along the stage (popular items last): by rows the ETA is
    far too short, by estimated work (the same costs, known up front) it is exact."""
    costs = np.linspace(1.0, 10.0, 50)
    meter = WorkMeter(costs)
    by_work, left = _run(costs, [meter.after(i) for i in range(50)])
    by_rows, _ = _run(costs)
    judged = slice(MIN_INTERVALS, 49)
    assert by_work[judged] == pytest.approx(list(left[judged]))
    assert by_rows[10] < 0.7 * left[10]


def test_step_meter_reports_the_shares_done_and_an_eta_after_two_steps():
    clock, events = FakeClock(), []
    steps = StepMeter("indexing", events.append, {"a": 1.0, "b": 3.0, "c": 4.0}, clock)
    clock.now += 1.0
    assert not steps.done("a")
    clock.now += 3.0
    assert not steps.done("b")
    assert [e.fraction for e in events] == [0.125, 0.5]
    # the first step is work (trust_start): two intervals, both at 8 s per stage -> 4 s left
    assert events[0].eta is None and events[1].eta == pytest.approx(4.0)
    clock.now += 4.0
    assert not steps.done("c")
    assert events[-1].fraction == 1.0 and events[-1].eta == 0.0 and events[-1].elapsed == 8.0
    assert StepMeter("stop", lambda e: True, {"a": 1.0}, clock).done("a") is True
