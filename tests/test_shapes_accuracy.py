"""The shapes benchmark's accuracy section: means over seeds and the paired difference to implicit
(hand-computed), and the target rule (met when ≥ 0 or not below beyond 2 standard errors)."""

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # benchmarks/ is not an installed package; it runs from the repo
    sys.path.insert(0, str(REPO))

from benchmarks import shapes_accuracy  # noqa: E402


def _run(seed, implicit, ours, chosen="reverse"):
    return {"seed": seed, "rows": [
        {"label": "implicit cosine K=20", "HR@10": implicit, "NDCG@10": implicit / 2,
         "chosen": None},
        {"label": "item-knn k=20 (defaults)", "HR@10": ours, "NDCG@10": ours / 2,
         "chosen": chosen}]}


def test_summary_means_and_paired_difference_hand_computed():
    entry = {"k": 20, "runs": [_run(0, 0.10, 0.11), _run(1, 0.12, 0.12),
                               _run(2, 0.14, 0.16, "top-k")]}
    ref, ours = shapes_accuracy.summary(entry)
    assert ref["HR@10"] == pytest.approx(0.12) and ref["HR@10 std"] == pytest.approx(0.02)
    assert ours["HR@10"] == pytest.approx(0.13)
    # differences 0.01, 0, 0.02: mean 0.01, sample std 0.01, se 0.01 / √3
    assert ours["diff"] == pytest.approx(0.01)
    assert ours["diff se"] == pytest.approx(0.01 / 3 ** 0.5)
    assert ours["chosen"] == "reverse ×2, top-k ×1"
    assert ours["NDCG@10"] == pytest.approx(0.065)


@pytest.mark.parametrize(("ours", "met"), [
    ((0.098, 0.121, 0.139), True),   # −0.002, +0.001, −0.001: mean −0.00067, se 0.00088
    ((0.099, 0.121, 0.137), True),   # −0.001, +0.001, −0.003: mean −0.001, se 0.00115
    ((0.095, 0.115, 0.135), False),  # −0.005 every seed: no spread, below
    ((0.11, 0.13, 0.15), True),
])
def test_target_met_unless_below_beyond_noise(ours, met):
    runs = [_run(s, imp, o) for s, (imp, o) in enumerate(zip((0.10, 0.12, 0.14), ours,
                                                             strict=True))]
    tables, targets = shapes_accuracy.present({"long-tail": {"k": 20, "runs": runs}})
    assert len(targets) == 1 and targets[0]["met"] is met
    assert "paired difference" in targets[0]["detail"] and "3 seeds" in targets[0]["detail"]
    assert len(tables) == 1 and len(tables[0]["rows"]) == 2


def test_single_run_needs_at_least_implicit():
    for ours, met in ((0.2078, True), (0.099, False)):
        _, targets = shapes_accuracy.present({"ML-100K": {"k": 100, "runs": [_run(0, 0.105,
                                                                                   ours)]}})
        assert targets[0]["met"] is met


def test_old_results_without_seeds_and_failed_runs_are_skipped():
    assert shapes_accuracy.present({"ML-100K": {"rows": []}}) == ([], [])
    entry = {"k": 20, "runs": [{"error": "failed"}, _run(1, 0.1, 0.1)]}
    assert len(shapes_accuracy.summary(entry)) == 2
