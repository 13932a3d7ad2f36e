"""The growth benchmark part (docs/SCALING.md): its tiny mode end to end in fresh processes, the
paths that stop a model (memory estimate, time cap, projection) and the pages it writes. No
timing is asserted: only which path each point took."""

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # benchmarks/ is not an installed package; it runs from the repo
    sys.path.insert(0, str(REPO))

from benchmarks import growth, growth_tasks, report  # noqa: E402
from core.models import MODELS  # noqa: E402
from core.models.ease import inverse_memory_gb  # noqa: E402
from core.synthetic import shape_size  # noqa: E402

SVG = "{http://www.w3.org/2000/svg}"
PROSE = "# Scaling\n\nhand-written intro\n\n<!-- growth:start -->\nold\n<!-- growth:end -->\n\nmore"


def tiny(**changes):
    base = {"sizes": (2_000, 8_000), "base": 8_000, "models": ("popularity",), "cap_s": 120,
            "neural_cap_s": 120, "train_cap_s": 5, "rec_cap_s": 5, "sample_users": 150,
            "budget_s": 600}
    return growth.Settings(**{**base, **changes})


def by(points, series="interactions"):
    return {(p["model"], tuple(p["shape"])): p for p in points if p["series"] == series}


def test_every_registered_model_is_in_the_full_run():
    assert set(growth.ORDER) == set(MODELS)
    assert growth.Settings().models == growth.ORDER
    assert growth.Settings().sizes[0] == 10_000 and growth.Settings().sizes[-1] == 20_000_000


def test_shop_shape_scales_like_core_synthetic():
    assert growth.shop_shape(2_000_000) == list(shape_size("shop"))
    assert growth.shop_shape(10_000) == list(shape_size("shop", 10_000 / 2_000_000))
    series = growth.series_shapes(1_000_000)
    assert series["users"] == [[12_500, 25_000, 10**6], [50_000, 25_000, 10**6],
                               [200_000, 25_000, 10**6]]
    assert series["items"] == [[50_000, 6_250, 10**6], [50_000, 25_000, 10**6],
                               [50_000, 100_000, 10**6]]


def test_memory_estimate_counts_ease_items_squared_inverse():
    small, wide = [1000, 10_000, 100_000], [1000, 50_000, 100_000]
    assert growth.estimate_gb("ease", wide) - growth.estimate_gb("popularity", wide) == (
        pytest.approx(inverse_memory_gb(50_000)))
    assert growth.estimate_gb("ease", wide) > 12 > growth.estimate_gb("ease", small)
    assert growth.estimate_gb("mlp", wide) > growth.estimate_gb("mlp", small)


def test_projection_from_smaller_points():
    def pt(shape, fit, rec=0.5):
        return {"status": "measured", "shape": shape, "fit_s": fit, "recommend_s": rec}

    # EASE: along the last two points' slope in items, at most cubic (8× items: 2 s → 16 s at
    # slope 1, 2 s → 1,024 s capped at 3), plus the timed top-10
    ease = [pt([10, 1000, 10], 1.0), pt([10, 8000, 10], 8.0)]
    assert growth._projection("ease", ease, [10, 64_000, 10]) == pytest.approx(64.5)
    steep = [pt([10, 1000, 10], 1.0), pt([10, 2000, 10], 100.0)]
    assert growth._projection("ease", steep, [10, 4000, 10]) == pytest.approx(800.5)
    # one point (a fixed overhead of a second at a tiny size) is not enough to project from
    assert growth._projection("hybrid", ease[:1], [10, 10_000, 10]) is None
    # others: the last two points' slope (fit 1 s → 4 s per 10× interactions: 0.6) is raised to
    # at least linear
    done = [pt([1, 1, 100], 1.0), pt([1, 1, 1000], 4.0)]
    assert growth._projection("item-knn", done, [1, 1, 10_000]) == pytest.approx(40.5)
    assert growth._projection("item-knn", done[:1], [1, 1, 10_000]) is None
    assert growth._projection("item-knn", [pt([1, 1, 100], 0.1), pt([1, 1, 1000], 0.2)],
                              [1, 1, 10_000]) is None  # under a second: too noisy to project


def test_neural_points_are_labelled_measured_or_projected():
    s = growth.Settings()
    full = {"shape": [10, 10, 100], "epoch_s": 3.0, "complete": True, "fraction_done": 1.0,
            "users_done": 10, "recommend_all_measured": True, "total_s": 4.0}
    assert growth._classify("mlp", full, s)[0] == "measured"
    part = {**full, "complete": False, "fraction_done": 0.25, "epoch_s": 400.0}
    status, note = growth._classify("neumf", part, s)
    assert status == "projected" and "25.0% of its batches" in note
    assert growth._classify("item-knn", {"error": "stopped at the 5 s time cap"}, s)[0] == (
        "over the cap")
    assert growth._classify("ease", {"error": "failed: ModelError: too wide"}, s)[0] == "failed"
    slow = {**part, "epoch_s": 2 * s.neural_stop_s}
    status, note = growth._classify("mlp", slow, s)
    assert status == "over the cap" and note.startswith("one epoch projected at 60 min")
    status, note = growth._classify(
        "caser", {"error": "failed: TrainingStopped: Caser: stopped before training began"}, s)
    assert status == "over the cap" and "no training batch within the 30 s" in note
    # saved points are relabelled by the current code (sampled users: still 'measured')
    saved = {"settings": {"train_cap_s": 30.0}, "points": [
        {**full, "model": "mlp", "recommend_all_measured": False, "users_done": 4,
         "status": "projected", "note": "old", "load": [1.0, 1.0]},
        {"model": "ease", "shape": [1, 1, 1], "status": "skipped", "note": "needs ~20 GB"}]}
    [mlp, ease] = growth.relabel(saved)["points"]
    assert mlp["status"] == "measured"
    assert mlp["note"] == ("one epoch measured; top-10 timed for 4 of 10 users, all users "
                           "projected linearly")
    assert ease == saved["points"][1]


def test_item_features_are_seeded_and_feed_the_content_model():
    from core.models import create_model

    a, b = growth_tasks.item_features(50, seed=3), growth_tasks.item_features(50, seed=3)
    assert a == b and len(a) == 50 and all(info.genres and info.title for info in a.values())
    data, ts = growth_tasks.shop_like(120, 50, 600)
    assert data.timestamps is None and len(ts) == data.nnz
    data.items_info = a
    rec = create_model("content").fit(data)
    idx, _ = rec.recommend_all(5)
    assert idx.shape == (120, 5) and (idx >= 0).all()


def test_tiny_run_measures_every_point_and_writes_the_scaling_page(tmp_path):
    (tmp_path / "SCALING.md").write_text(PROSE)
    result = growth.run(settings=tiny(models=("popularity", "item-knn")), docs=tmp_path)
    main = by(result["points"])
    assert len(main) == 4
    assert all(p["status"] == "measured" for p in main.values()), main
    big = main[("item-knn", (400, 200, 8_000))]
    assert big["users_done"] == 150 and not big["recommend_all_measured"]
    assert big["recommend_all_s"] == pytest.approx(big["recommend_s"] * 400 / 150)
    assert big["peak_mb"] > 0
    users = by(result["points"], "users")
    assert {s[0] for _, s in users} == {100, 400, 1600}
    text = (tmp_path / "SCALING.md").read_text()
    assert text.startswith("# Scaling\n\nhand-written intro") and text.endswith("more")
    assert "old" not in text and "| 8,000 | 400 | 200 | item-knn | measured |" in text
    root = ET.parse(tmp_path / "scaling-time.svg").getroot()
    assert len(root.findall(f"{SVG}polyline")) == 2
    for name in ("scaling-memory.svg", "scaling-users.svg", "scaling-items.svg"):
        assert (tmp_path / name).exists()
    tables, _ = growth.present(result)
    rendered = "\n".join(line for t in tables for line in report.render_table(t))
    assert "fits at every size run" in rendered


def test_points_over_the_memory_estimate_are_not_started(tmp_path):
    result = growth.run(settings=tiny(skip_gb=1e-9), docs=tmp_path)
    main = by(result["points"])
    first, second = main[("popularity", (100, 50, 2_000))], main[("popularity", (400, 200, 8_000))]
    assert first["status"] == "skipped" and first["note"].startswith("needs ~")
    assert "peak_mb" not in first  # no process was started for it
    assert second["status"] == "not run" and "skipped at 100 × 50 × 2,000" in second["note"]
    assert "skipped — needs ~" in (tmp_path / "SCALING.md").read_text()


def test_a_point_over_its_time_cap_stops_the_larger_sizes(tmp_path):
    # 0.01 s is less than a fresh interpreter needs to start: every started point is over it
    result = growth.run(settings=tiny(cap_s=0.01), docs=tmp_path)
    main = by(result["points"])
    assert main[("popularity", (100, 50, 2_000))]["status"] == "over the cap"
    larger = main[("popularity", (400, 200, 8_000))]
    assert larger["status"] == "not run" and "over the cap at 100 × 50 × 2,000" in larger["note"]
    users = by(result["points"], "users")
    assert users[("popularity", (1600, 200, 8_000))]["status"] == "not run"
    stops = {row[0]: row[3] for row in growth.stops(result)}
    assert stops["popularity"].startswith("2,000: over the cap")


def test_memory_limit_turns_a_blow_up_into_an_error():
    import subprocess

    code = ("from benchmarks.growth_tasks import limit_memory; limit_memory(0.5)\n"
            "import numpy as np\n"
            "try:\n    np.ones(2**28)\nexcept MemoryError:\n    print('refused')\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                         timeout=60)
    assert out.stdout.strip() == "refused"
    assert np.ones(2**10).sum() == 2**10  # this process keeps its own limit


def test_stops_table_names_the_largest_fit_the_slow_size_and_the_first_failure():
    def pt(n, status, total=None, note=""):
        p = {"series": "interactions", "model": "user-knn", "shape": [n // 20, n // 40, n],
             "status": status, "note": note, "peak_mb": 100.0}
        return p if total is None else {**p, "total_s": total}

    result = {"settings": {"models": ["user-knn"]},
              "points": [pt(10_000, "measured", 1.0), pt(100_000, "measured", 900.0),
                         pt(1_000_000, "over the cap", note="stopped at the 240 s time cap"),
                         pt(2_000_000, "not run")]}
    [row] = growth.stops(result)
    assert row == ["user-knn", "100,000 (900.0 s, 100 MB)", "100,000 (~15 min)",
                   "1,000,000: over the cap — stopped at the 240 s time cap"]


def test_a_rerun_of_some_models_replaces_only_their_points():
    def pt(model, series="interactions", value=1.0):
        return {"model": model, "series": series, "shape": [1, 1, 10], "status": "measured",
                "total_s": value, "note": ""}

    previous = {"settings": {"models": ["popularity", "item-knn", "ease"]},
                "finished": "then", "points": [pt("popularity"), pt("item-knn"), pt("ease"),
                                               pt("item-knn", "users")]}
    fresh = {"settings": {"models": ["item-knn"]}, "load_start": [1.0], "load_end": [2.0],
             "points": [pt("item-knn", value=0.5), pt("item-knn", "users", 0.5)]}
    merged = growth.merge(previous, fresh)
    assert [(p["model"], p["series"], p["total_s"]) for p in merged["points"]] == [
        ("popularity", "interactions", 1.0), ("item-knn", "interactions", 0.5),
        ("ease", "interactions", 1.0), ("item-knn", "users", 0.5)]
    assert merged["finished"] == "then" and merged["reruns"][0]["models"] == ["item-knn"]
    tables, _ = growth.present(merged)
    assert "Re-run" in tables[0]["note"] and "item-knn (load 1.0 → 2.0)" in tables[0]["note"]
