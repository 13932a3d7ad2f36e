"""The MLP wide-catalogue benchmark's presentation: per-epoch table, targets and the accuracy
check against the figures before the change."""

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # benchmarks/ is not an installed package; it runs from the repo
    sys.path.insert(0, str(REPO))

from benchmarks import mlp_wide, shapes  # noqa: E402


def _fit(epochs, cpu, fit_s, early=True):
    n = len(epochs)
    return {"shape": [2000, 20000, 100000], "epoch_s": epochs, "train_s": [e * 0.7 for e in epochs],
            "validation_s": [e * 0.3 for e in epochs], "cpu_s": cpu,
            "metrics": [{"HR@10": 0.1, "NDCG@10": 0.05}] * n, "fit_s": fit_s,
            "fit_cpu_s": sum(cpu), "epochs_run": n, "best_epoch": 2, "early_stopped": early,
            "load_before": 1.0, "load_after": 1.0}


def test_targets_use_the_median_epoch_after_the_first_and_the_whole_fit():
    result = {"mlp": {"fit": _fit([9.0, 2.0, 4.0, 2.5], [5.0, 3.0, 3.2, 3.1], 40.0),
                      "ml100k": {"runs": [{"seed": s, "HR@10": h, "NDCG@10": n, "fit_s": 5.0}
                                          for s, h, n in ((0, 0.182, 0.098), (1, 0.179, 0.098),
                                                          (2, 0.181, 0.096))]},
                      "stop": {"trials": [{"delay": 1.0, "latency": 0.2},
                                          {"delay": 2.0, "latency": 1.4},
                                          {"delay": 0.1, "finished_first": True}], "load": 1.0}}}
    tables, targets = shapes.present(result)
    got = {t["name"]: t for t in targets}
    epoch = got["MLP epoch on 'long-tail' (s, median after the first)"]
    assert epoch["measured"] == 2.5 and epoch["met"]  # median of 2.0, 4.0, 2.5
    fit = got["MLP whole fit with early stopping on 'long-tail' (s)"]
    assert fit["measured"] == 40.0 and fit["met"]
    assert not got["MLP Stop honoured on 'long-tail' (s, worst trial)"]["met"]  # 1.4 s
    hr = got["MLP HR@10 on ML-100K unchanged (mean of seeds (0, 1, 2))"]
    assert abs(hr["measured"] - 0.1806667) < 1e-6 and hr["met"]
    titles = [t["title"] for t in tables]
    assert any(t.startswith("MLP (defaults) on the long-tail shape") for t in titles)
    first = next(t for t in tables if t["title"].startswith("MLP (defaults) on the long-tail"))
    suggested = {"mlp": {"fit": {**_fit([9.0, 2.0], [5.0, 3.0], 20.0),
                                 "settings": {"learning_rate": 0.002}}}}
    titles = [t["title"] for t in shapes.present(suggested)[0]]
    assert any(t.startswith("MLP (defaults + suggested for the table: learning_rate = 0.002) "
                            "on the long-tail shape") for t in titles)
    assert len(first["rows"]) == 4 and first["rows"][1][:2] == [2, "2.00"]


def test_a_slow_or_unstopped_fit_and_a_changed_accuracy_are_not_met():
    mlp = {"fit": _fit([9.0, 5.0, 6.0], [5.0, 3.0, 3.0], 80.0),
           "ml100k": {"runs": [{"seed": 0, "HR@10": 0.15, "NDCG@10": 0.097, "fit_s": 5.0}]}}
    _, targets = mlp_wide.present(mlp)
    got = {t["name"]: t["met"] for t in targets}
    assert not got["MLP epoch on 'long-tail' (s, median after the first)"]
    assert not got["MLP whole fit with early stopping on 'long-tail' (s)"]
    assert not got["MLP HR@10 on ML-100K unchanged (mean of seeds (0, 1, 2))"]
    assert got["MLP NDCG@10 on ML-100K unchanged (mean of seeds (0, 1, 2))"]
    fast_but_capped = {"fit": _fit([9.0, 1.0, 1.0], [2.0, 1.0, 1.0], 30.0, early=False)}
    _, targets = mlp_wide.present(fast_but_capped)
    assert not {t["name"]: t["met"] for t in targets}[
        "MLP whole fit with early stopping on 'long-tail' (s)"]


def test_wide_accuracy_compares_suggested_with_defaults_seed_by_seed():
    def runs(defaults, suggested):
        return [{"seed": s, "settings": label, "HR@10": h, "NDCG@10": h / 2, "fit_s": 1.0}
                for s, (d, g) in enumerate(zip(defaults, suggested, strict=True))
                for label, h in (("defaults", d), ("suggested", g))]

    same = {"suggested": {"learning_rate": 0.002}, "shape": [2000, 20000, 100000],
            "runs": runs([0.10, 0.12, 0.11], [0.11, 0.12, 0.11])}  # diffs +0.01, 0, 0
    worse = {"suggested": {"learning_rate": 0.002},
             "runs": runs([0.10, 0.12, 0.11], [0.08, 0.10, 0.085])}  # -0.02, -0.02, -0.025
    tables, targets = mlp_wide.present({"wide": {"long-tail": same, "events": worse}})
    got = {t["name"]: t for t in targets}
    hr = got["MLP suggested settings on 'long-tail': HR@10 unchanged within noise"]
    assert abs(hr["measured"] - 0.01 / 3) < 1e-9 and hr["met"]
    bad = got["MLP suggested settings on 'events': NDCG@10 unchanged within noise"]
    # paired differences -0.01, -0.01, -0.0125: mean -0.010833, se 0.000833: below -2 se
    assert abs(bad["measured"] + 0.0108333) < 1e-6 and not bad["met"]
    title = next(t["title"] for t in tables if "'long-tail'" in t["title"])
    assert "learning_rate = 0.002" in title
