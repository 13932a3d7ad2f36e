"""Fast checks of the benchmark harness: the EASE peer, the report writer and the CLI."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # benchmarks/ is not an installed package; it runs from the repo
    sys.path.insert(0, str(REPO))

from references import brute_force_ease  # noqa: E402

from benchmarks import accuracy, report  # noqa: E402
from benchmarks.common import run_child, save_result  # noqa: E402
from benchmarks.peers import EASE, PopularityRef, ease_weights  # noqa: E402
from core.interactions import Interactions  # noqa: E402

X = np.array([
    [1, 1, 0, 0, 1],
    [0, 1, 1, 0, 0],
    [1, 0, 1, 1, 0],
    [0, 0, 0, 1, 1],
    [1, 1, 1, 0, 0],
    [0, 1, 0, 1, 1],
], dtype=np.float64)


def test_ease_closed_form_matches_per_item_ridge_regressions():
    for lam in (0.5, 3.0, 100.0):
        got = ease_weights(sp.csr_matrix(X), lam)
        np.testing.assert_allclose(got, brute_force_ease(X, lam), atol=1e-10)
        assert np.all(np.diag(got) == 0.0)


def test_ease_recommender_scores_rows_with_the_weights():
    data = Interactions.from_codes([f"u{i}" for i in range(6)], [f"i{j}" for j in range(5)],
                                   *np.nonzero(X), values=np.full(int(X.sum()), 4.0))
    model = EASE(lam=2.0).fit(data)
    scores = model.score_rows(data.matrix[[0, 3]], np.array([0, 3]))
    np.testing.assert_allclose(scores, X[[0, 3]] @ brute_force_ease(X, 2.0), rtol=1e-5,
                               atol=1e-6)
    recs = model.recommend(data, "u3", k=2)
    assert [r.item for r in recs] == [f"i{j}" for j in np.argsort(-scores[1])
                                      if X[3, j] == 0][:2]
    pop = PopularityRef().fit(data)
    np.testing.assert_allclose(pop.score_rows(data.matrix[:2], np.array([0, 1])),
                               np.tile(X.sum(axis=0), (2, 1)))


def _fake_accuracy(mlp_hr: float) -> dict:
    def row(model, hr, ndcg):
        return {"model": model, "fit_s": 1.0,
                "full": {"HR@10": hr, "NDCG@10": ndcg, "eval_s": 0.5, "n_users": 943},
                "sampled-99": {"HR@10": 0.5, "NDCG@10": 0.3, "eval_s": 0.5, "n_users": 943}}
    rows = [row("user-knn", 0.150, 0.070), row("item-knn", 0.160, 0.080),
            row("mlp", mlp_hr, 0.080), {"model": "neumf", "error": "not available (x)"},
            row("EASE", 0.155, 0.077), row("implicit ALS", 0.148, 0.076)]
    return {"datasets": {"ML-100K": {"shape": [943, 1682, 100000], "rows": rows},
                         "ml-latest-small": {"skipped": "not found"}}}


def test_accuracy_targets_compare_against_the_peers():
    tables, targets = accuracy.present(_fake_accuracy(mlp_hr=0.149))
    by_name = {t["name"]: t for t in targets}
    assert by_name["Best CF ≥ EASE (ML-100K, HR@10 full)"]["met"] is True  # item-knn .160
    assert by_name["MLP HR@10 ≥ 0.15 (ML-100K full)"]["met"] is False
    assert by_name["MLP ≥ EASE (ML-100K, NDCG@10 full)"]["met"] is True
    assert by_name["NeuMF ≥ implicit ALS (ML-100K, HR@10 full)"]["met"] is None
    assert "Skipped" in tables[-1]["note"]


def test_report_renders_tables_and_target_status(tmp_path):
    save_result("accuracy", _fake_accuracy(mlp_hr=0.151), tmp_path)
    out = report.write_report(tmp_path / "BENCHMARKS.md", tmp_path)
    text = out.read_text()
    assert "| item-knn | 0.160 | 0.080 | 0.500 | 0.300 | 1.0 | 1.0 |" in text
    assert "| MLP HR@10 ≥ 0.15 (ML-100K full) | ≥ 0.150 | 0.151 | **MET** |" in text
    assert "NOT MEASURED" in text  # neumf missing
    assert "neumf | not available (x)" in text
    assert "## Speed" in text and "Not run yet" in text
    machine = report.machine_info()
    assert machine["cores"] >= 1 and "numpy" in machine["libraries"]
    assert f"{machine['cores']} cores" in text


def test_memory_first_touch_times_both_writes():
    from benchmarks.eta_tasks import memory_first_touch

    memory = memory_first_touch(gib=1 / 64)["memory"]
    assert memory["first_s_per_gib"] > 0 and memory["reused_s_per_gib"] > 0


def test_run_child_reports_a_failure_instead_of_raising():
    result = run_child("benchmarks.tasks:no_such_task", {}, timeout=60)
    assert result["error"].startswith("failed:")


def test_cli_help():
    proc = subprocess.run([sys.executable, "-m", "benchmarks", "--help"], cwd=REPO,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0
    for part in report.PARTS:
        assert part in proc.stdout


def test_shapes_part_targets_and_scaling_plot(tmp_path):
    import xml.etree.ElementTree as ET

    from benchmarks import shapes
    from benchmarks.svg_plot import loglog_svg

    def res(total, peak, n=100_000):
        return {"shape": [2000, 20000, n], "fit_s": total / 2, "recommend_s": total / 2,
                "total_s": total, "peak_mb": peak}

    block = {"implicit cosine": res(1.0, 100), "item-knn": res(1.5, 250), "user-knn": res(2.5, 90)}
    result = {"speed": {"long-tail": block}, "growth": {"1.0": block},
              "edits": {"nnz": 25_000_000, "n_edits": 10, "edit_ms_median": 0.1,
                        "edit_ms_max": 3.0, "undo_ms_median": 12.0, "undo_ms_max": 20.0,
                        "user_view_ms_median": 5.0, "compact_s": 1.0},
              "kernel_first_use": {"available": True, "first_use_s": 0.2},
              "progress": {"loading": {"seconds": 4.0, "events": 90, "worst_eta_error": 0.2},
                           "item-knn fit": {"seconds": 3.0, "events": 9,
                                            "worst_eta_error": 0.45},
                           "short": {"seconds": 0.1, "events": 1, "worst_eta_error": None},
                           "machine memory": {"first_s_per_gib": 2.5,
                                              "reused_s_per_gib": 0.125}}}
    tables, targets = shapes.present(result)
    progress = next(t for t in tables if t["title"].startswith("Progress"))
    assert "2.50 s per GiB the first time, 0.12 s reused" in progress["note"]
    assert not any("machine memory" in str(row) for row in progress["rows"])
    met = {t["name"]: t["met"] for t in targets}
    assert met["item-knn fit + top-10 all users vs implicit cosine on 'long-tail' (ratio)"]
    assert not met["user-knn fit + top-10 all users vs implicit cosine on 'long-tail' (ratio)"]
    assert not met["item-knn peak memory vs implicit on 'long-tail'"]  # 2.5 ×
    assert met["one cell edit at 25M (ms, median)"] and not met["undo at 25M (ms, median)"]
    assert met["compiled kNN kernel: first use in a fresh process (s, nothing compiled on the "
               "machine)"]
    assert met["ETA within 30 % after 10 %: loading"]
    assert not met["ETA within 30 % after 10 %: item-knn fit"]
    assert not any("short" in name for name in met)  # stages under 0.5 s need no ETA
    path = loglog_svg(tmp_path / "p.svg", "t", "x", "y",
                      shapes._growth_series({"growth": {"a": block, "b": {
                          "item-knn": res(20.0, 300, 1_000_000)}}}, "total_s"))
    root = ET.parse(path).getroot()
    assert len(root.findall("{http://www.w3.org/2000/svg}polyline")) == 3


def test_shapes_window_targets_need_short_stalls_and_edits_that_overlap_a_refresh():
    from benchmarks import shapes

    def gui(during, stall):
        return {"nnz": 25_000_000, "cycles": 4, "edits": 8, "undo_redo": 4,
                "edits_while_refresh_in_worker": during, "refreshes_answered": 8, "ticks": 99,
                "p99_stall_ms": 5.0, "max_stall_ms": stall, "slowest_calls": [],
                "refresh_s": 0.2}

    def trained(stall):
        return {"train_s": 3.0, "ticks": 500, "p99_stall_ms": 9.0, "max_stall_ms": stall}

    name = "largest GUI stall, editing during a refresh at 25M (ms)"
    for during, stall, met in ((4, 20.0, True), (0, 20.0, False), (4, 80.0, False)):
        _, targets = shapes.present({"edits": {"gui": gui(during, stall)}})
        assert {t["name"]: t["met"] for t in targets}[name] is met
    _, targets = shapes.present({"window": {"item-knn": trained(30.0),
                                            "user-knn": trained(70.0)}})
    met = {t["name"]: t["met"] for t in targets}
    assert met["GUI stall max while item-knn trains on 'shop' (ms)"]
    assert not met["GUI stall max while user-knn trains on 'shop' (ms)"]


def test_shapes_window_evaluation_row_and_target():
    from benchmarks import shapes

    def evaluated(stall):
        return {"shape": [100, 50, 2000], "k": 20, "cap_s": 60.0, "capped": True,
                "split_fit_s": 1.0, "evaluate_s": 59.0, "n_users_evaluated": 4096,
                "ticks": 9000, "p99_stall_ms": 9.0, "max_stall_ms": stall,
                "evaluate_max_stall_ms": stall,
                "stall_sources": [["api.py:284 sp_matmul_topn", 12, stall, 300.0]]}

    for stall, met in ((30.0, True), (50.0, True), (51.0, False)):
        tables, targets = shapes.present({"window_evaluation": {"user-knn": evaluated(stall)}})
        [mine] = [t for t in targets if "is evaluated" in t["name"]]
        assert mine["met"] is met and mine["goal"] == "≤ 50"
        assert "sp_matmul_topn: 12 ×" in mine["detail"] and "60 s cap" in mine["detail"]
        [rows] = [t["rows"] for t in tables if "is evaluated" in t["title"]]
        assert rows[0][0] == "user-knn (k = 20)" and rows[0][-2] == f"{stall:.1f}"
    assert not [t for t in shapes.present({})[1] if "is evaluated" in t["name"]]


def test_accuracy_rerun_of_some_models_replaces_only_their_rows():
    old = {"shape": [1, 2, 3], "rows": [
        {"model": "ease", "order": "free", "full": 1}, {"model": "caser", "order": "aware",
                                                        "full": 1},
        {"model": "mlp", "order": "aware", "full": 1}],
        "cold": [{"model": "ease", "order": "cold", "full": 1}],
        "variance": {"mlp": {"n": 3}, "caser": {"n": 3, "old": True}}}
    new = {"shape": [1, 2, 3], "rows": [{"model": "caser", "order": "aware", "full": 2},
                                        {"model": "caser (shuffled order)", "order": "aware",
                                         "full": 2}],
           "cold": [], "variance": {"caser": {"n": 3}}}
    merged = accuracy._merge(old, new)
    assert [(r["model"], r["full"]) for r in merged["rows"]] == [
        ("ease", 1), ("caser", 2), ("mlp", 1), ("caser (shuffled order)", 2)]
    assert merged["cold"] == old["cold"]
    assert merged["variance"] == {"mlp": {"n": 3}, "caser": {"n": 3}}
    with pytest.raises(ValueError, match="earlier full"):
        accuracy.run(models=["caser"], previous=None)


def test_stop_benchmark_covers_every_registered_model():
    from benchmarks import stop
    from core.models import MODELS

    assert set(stop.WINDOWS) == set(MODELS)


def test_caser_tuning_summary_means_each_candidate_over_its_seeds():
    from benchmarks import caser_tuning

    runs = [{"label": "a", "settings": {"negatives": 3}, "seed": s, "HR@10": hr, "NDCG@10": nd}
            for s, hr, nd in ((0, 0.2, 0.1), (1, 0.4, 0.3))]
    runs.append({"label": "b", "settings": {}, "seed": 0, "HR@10": 0.5, "NDCG@10": 0.25})
    a, b = caser_tuning.summary(runs)
    assert (a["label"], a["seeds"], a["n"]) == ("a", [0, 1], 2)
    assert a["HR@10"] == pytest.approx(0.3) and a["NDCG@10"] == pytest.approx(0.2)
    assert a["HR@10 std"] == pytest.approx(np.std([0.2, 0.4], ddof=1))
    assert b["HR@10 std"] == 0.0
    tables, _ = caser_tuning.present({"runs": runs, "command": "cmd", "note": "n"})
    assert tables[0]["rows"][0][:3] == ["a", "negatives=3", "0, 1"]
    assert tables[0]["rows"][1][1] == "(defaults then)"
