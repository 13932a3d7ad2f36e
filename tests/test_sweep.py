"""Sweeps: settings, cross-validated rows, seeds, stop, and `python -m core sweep`."""

import csv
import io
import json

import numpy as np
import pytest

from core.cli import main
from core.evaluation import evaluate
from core.evaluation.crossval import user_folds
from core.io import save_csv
from core.models import create_model
from core.samples import movie_night
from core.sweep import (
    SweepError,
    SweepParam,
    SweepSpec,
    parse_param,
    run_sweep,
    settings,
    sweep_data,
)


def test_parse_param_lists_and_ranges():
    assert parse_param("k=10,20, 50") == SweepParam("k", ["10", "20", "50"])
    p = parse_param("shrinkage=1:100:3:log")
    assert (p.scale, p.low, p.high, p.steps) == ("log", 1.0, 100.0, 3)
    assert p.grid(float) == pytest.approx([1.0, 10.0, 100.0])
    assert parse_param("k=10:50:5").grid(int) == [10, 20, 30, 40, 50]
    assert parse_param("k=1:3:5").grid(int) == [1, 2, 3]  # 1, 1.5, 2, 2.5, 3 -> rounded, unique
    for bad in ("k", "k=", "k=1:2", "k=a:b:3"):
        with pytest.raises(SweepError):
            parse_param(bad)


def test_grid_settings_and_type_checks():
    spec = SweepSpec("item-knn", [SweepParam("k", ["5", "10"]),
                                  SweepParam("shrinkage", ["0", "10"])])
    assert settings(spec) == [
        {"k": 5, "shrinkage": 0.0}, {"k": 5, "shrinkage": 10.0},
        {"k": 10, "shrinkage": 0.0}, {"k": 10, "shrinkage": 10.0},
    ]
    with pytest.raises(SweepError, match="no parameter 'kk'"):
        settings(SweepSpec("item-knn", [SweepParam("kk", ["1"])]))
    with pytest.raises(SweepError, match="'ten' is not a valid int"):
        settings(SweepSpec("item-knn", [SweepParam("k", ["ten"])]))
    with pytest.raises(SweepError, match="k: must be >= 1"):
        settings(SweepSpec("item-knn", [SweepParam("k", ["0"])]))
    with pytest.raises(SweepError, match="user_fraction"):
        settings(SweepSpec("item-knn", [SweepParam("user_fraction", ["0.05"])]))


def test_random_search_is_seeded_and_stays_in_range():
    spec = SweepSpec("item-knn", [SweepParam("shrinkage", scale="log", low=1, high=100)],
                     search="random", budget=6, seed=4)
    a, b = settings(spec), settings(spec)
    assert a == b and len(a) == 6
    assert all(1 <= s["shrinkage"] <= 100 for s in a)
    spec.seed = 5
    assert settings(spec) != a


def small_train():
    from core.evaluation import leave_last_out

    return leave_last_out(movie_night("small")).train


def test_rows_are_the_mean_and_std_of_per_fold_evaluations():
    train = small_train()
    spec = SweepSpec("item-knn", [SweepParam("k", ["3", "20"])], folds=3, seed=1)
    result = run_sweep(train, spec)
    assert result.complete and [r.params for r in result.rows] == [{"k": 3}, {"k": 20}]
    # Brute-force reference: fit and evaluate on each fold by hand.
    for row in result.rows:
        expected = []
        for fold in user_folds(train, 3, seed=1):
            model = create_model("item-knn", k=row.params["k"]).fit(fold.train)
            expected.append(evaluate(model, fold, k=10, seed=1).metrics["NDCG@10"])
        assert row.folds["NDCG@10"] == pytest.approx(expected)
        assert row.mean["NDCG@10"] == pytest.approx(np.mean(expected))
        assert row.std["NDCG@10"] == pytest.approx(np.std(expected, ddof=1))
        assert "Novelty@10" in row.mean and "Diversity@10" in row.mean
    best = result.best()
    assert best.mean["NDCG@10"] == max(r.mean["NDCG@10"] for r in result.rows)


def test_same_seed_same_results():
    train = small_train()
    spec = SweepSpec("user-knn", [SweepParam("k", scale="linear", low=2, high=30, steps=3)],
                     folds=2, search="random", budget=3, seed=9)
    a, b = run_sweep(train, spec), run_sweep(train, spec)
    assert [(r.params, r.folds) for r in a.rows] == [(r.params, r.folds) for r in b.rows]


def test_stop_keeps_finished_rows_and_reports_progress():
    train = small_train()
    spec = SweepSpec("item-knn", [SweepParam("k", ["3", "5", "8", "13"])], folds=2)
    messages = []

    def on_progress(event):
        messages.append(event.message)
        return event.message.startswith("setting 3 of 4")

    rows = []
    result = run_sweep(train, spec, on_progress, on_row=rows.append)
    assert not result.complete and result.n_settings == 4
    assert [r.params["k"] for r in result.rows] == [3, 5] == [r.params["k"] for r in rows]
    assert any(m.startswith("setting 2 of 4, fold 2 of 2") for m in messages)


def test_user_fraction_is_a_sweepable_knob():
    train = small_train()
    spec = SweepSpec("item-knn", [SweepParam("user_fraction", ["0.2", "1"])], folds=2)
    low, full = run_sweep(train, spec).rows
    assert low.params == {"user_fraction": 0.2}
    assert low.folds["NDCG@10"] != full.folds["NDCG@10"]


def test_sweep_data_never_uses_the_test_hold_out(monkeypatch):
    data = movie_night("small")
    seen_tables = []
    import core.sweep as sweep

    original = sweep.user_folds

    def spy(train, k, seed):
        seen_tables.append(train)
        return original(train, k, seed)

    monkeypatch.setattr(sweep, "user_folds", spy)
    result = sweep_data(data, SweepSpec("popularity", [SweepParam("user_fraction", ["1"])],
                                        folds=2))
    from core.evaluation import leave_last_out

    final = leave_last_out(data)
    assert seen_tables[0].matrix.nnz == final.train.nnz == data.nnz - final.n_test
    assert result.n_test_users_untouched == len(final.test_users)


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_cli_sweep_json_and_csv(tmp_path):
    data = tmp_path / "small.csv"
    save_csv(movie_night("small"), data)
    out_csv = tmp_path / "rows.csv"
    code, out, err = run("sweep", "--data", data, "--model", "item-knn", "--param", "k=5,20",
                         "--param", "shrinkage=0,10", "--folds", 3, "--metric", "HR@10",
                         "--json", "--csv", out_csv, "--similarity", "jaccard")
    assert code == 0, err
    payload = json.loads(out)
    assert payload["metric"] == "HR@10" and payload["folds"] == 3
    assert payload["fixed"]["similarity"] == "jaccard"
    assert [r["params"] for r in payload["rows"]] == [
        {"k": 5, "shrinkage": 0.0}, {"k": 5, "shrinkage": 10.0},
        {"k": 20, "shrinkage": 0.0}, {"k": 20, "shrinkage": 10.0}]
    assert "never used" in payload["test_hold_out"]
    best = next(r for r in payload["rows"] if r["params"] == payload["best"])
    gaps = {json.dumps(r["params"]): np.subtract(best["folds"]["HR@10"], r["folds"]["HR@10"])
            for r in payload["rows"] if r is not best}
    assert [json.loads(k) for k, g in gaps.items()
            if g.mean() <= g.std(ddof=1) / np.sqrt(3)] == \
        payload["within_one_standard_error_of_best"]
    with open(out_csv, newline="") as fh:
        table = list(csv.reader(fh))
    assert table[0][:3] == ["k", "shrinkage", "HR@10"] and len(table) == 5
    assert float(table[1][2]) == pytest.approx(payload["rows"][0]["mean"]["HR@10"])


def test_cli_sweep_fixes_the_settings_suggested_for_the_table_unless_given(tmp_path):
    data = tmp_path / "small.csv"
    table = movie_night("small")
    save_csv(table, data)
    from core.models import model_class

    suggested_k = model_class("user-knn").Config.suggested(table)["k"]
    for extra, k in (((), suggested_k), (("--model-k", 4), 4)):
        code, out, err = run("sweep", "--data", data, "--model", "user-knn", "--param",
                             "shrinkage=0,10", "--folds", 2, "--json", *extra)
        assert code == 0, err
        assert json.loads(out)["fixed"]["k"] == k
        assert ("settings suggested for this table's shape" in err) == (not extra)


def test_cli_sweep_errors_are_clear(tmp_path):
    data = tmp_path / "small.csv"
    save_csv(movie_night("small"), data)
    code, _, err = run("sweep", "--data", data, "--model", "item-knn", "--param", "kk=1,2")
    assert code == 2 and "no parameter 'kk'" in err
    code, _, err = run("sweep", "--data", data, "--model", "item-knn", "--param", "k=5",
                       "--metric", "Bogus@3", "--folds", 2)
    assert code == 2 and "unknown metric 'Bogus@3'" in err
    code, out, _ = run("sweep", "--data", data, "--model", "item-knn", "--param", "k=5,9",
                       "--folds", 2)
    assert code == 0 and "<- best" in out and "never used" in out


def test_param_specs_give_labels_and_ranges():
    from core.sweep import param_kinds, param_spec

    kinds = param_kinds("mlp")
    assert kinds["hidden"] is tuple and kinds["dropout"] is float and kinds["epochs"] is int
    assert kinds["user_fraction"] is float
    assert param_spec("item-knn", "k").minimum == 1
    assert param_spec("item-knn", "user_fraction").maximum == 1.0
    with pytest.raises(SweepError, match="no parameter"):
        param_spec("item-knn", "nope")


def test_wide_sparse_implicit_data_without_timestamps():
    """Tens of thousands of items, < 1 % dense, no timestamps: folds, sweep and beyond work."""
    from core.interactions import Interactions

    rng = np.random.default_rng(5)
    n_users, n_items, n = 600, 20_000, 6_000
    data = Interactions.from_codes(
        [f"u{i}" for i in range(n_users)], [f"i{j}" for j in range(n_items)],
        rng.integers(0, n_users, n), np.minimum(rng.zipf(1.3, n) - 1, n_items - 1),
        np.ones(n),
    )
    assert data.timestamps is None and data.nnz / (n_users * n_items) < 0.01
    spec = SweepSpec("user-knn", [SweepParam("k", ["5", "20"])], folds=2, metric="Coverage@10")
    result = sweep_data(data, spec)
    assert result.complete and len(result.rows) == 2
    assert all(r.mean["Novelty@10"] >= 0 and 0 <= r.mean["Diversity@10"] <= 1
               for r in result.rows)


def _result(metric: str, folds_by_k: dict[int, list[float]]):
    from core.sweep import SweepResult, SweepRow

    rows = [SweepRow(i + 1, {"k": k}, {metric: v}, {metric: float(np.mean(v))},
                     {metric: float(np.std(v, ddof=1)) if len(v) > 1 else 0.0}, 0.0)
            for i, (k, v) in enumerate(folds_by_k.items())]
    spec = SweepSpec("item-knn", [SweepParam("k", [str(k) for k in folds_by_k])], folds=3,
                     metric=metric)
    return SweepResult(spec, rows, len(rows), True)


def test_settings_within_one_paired_standard_error_of_the_best():
    # by hand, against the best (k=20: 0.30, 0.40, 0.50):
    # k=10: gaps 0.02, 0.00, 0.04 -> mean 0.02, sample std 0.02, SE 0.02/√3 = 0.0115: apart
    # k=30: gaps 0.03, -0.03, 0.03 -> mean 0.01, sample std 0.0346, SE 0.02: indistinguishable
    # k=40: gaps 0.10, 0.10, 0.13 -> mean 0.11, SE 0.0100: apart
    result = _result("NDCG@10", {10: [0.28, 0.40, 0.46], 20: [0.30, 0.40, 0.50],
                                 30: [0.27, 0.43, 0.47], 40: [0.20, 0.30, 0.37]})
    assert result.best().params == {"k": 20}
    assert [r.params["k"] for r in result.indistinguishable_from_best()] == [30]


def test_indistinguishable_follows_the_metrics_direction_and_needs_two_folds():
    # popularity bias: lower is better; k=10 is best, k=20 worse by 0.01 ± SE 0.0058
    lower = _result("HeadShare@10", {10: [1.0, 2.0, 3.0], 20: [1.0, 2.01, 3.02],
                                     30: [2.0, 3.0, 4.0]})
    assert lower.best().params == {"k": 10}
    assert [r.params["k"] for r in lower.indistinguishable_from_best()] == []
    tied = _result("HeadShare@10", {10: [1.0, 2.0, 3.0], 20: [1.02, 1.99, 3.01]})
    assert [r.params["k"] for r in tied.indistinguishable_from_best()] == [20]
    single = _result("NDCG@10", {10: [0.3], 20: [0.31]})
    assert single.indistinguishable_from_best() == []
