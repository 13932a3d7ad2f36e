"""``python -m core``: datasets, recommend, evaluate, train; errors; no TensorFlow for CF."""

import argparse
import dataclasses
import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from core.cli import add_model_options, main
from core.evaluation import evaluate, leave_last_out
from core.io import load, save_csv
from core.models import create_model
from core.models.params import param
from core.samples import SAMPLES, load_sample, movie_night

ROOT = Path(__file__).resolve().parents[1]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def run_process(*argv: str, python_flags: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *python_flags, "-m", "core", *map(str, argv)],
        cwd=ROOT, capture_output=True, text=True,
    )


@pytest.fixture
def small_csv(tmp_path) -> Path:
    path = tmp_path / "small.csv"
    save_csv(movie_night("small"), path)
    return path


def test_datasets_lists_every_sample():
    code, out, _ = run("datasets")
    assert code == 0
    for name in SAMPLES:
        assert name in out


@pytest.mark.parametrize("form", ["positional", "options"])
def test_datasets_export_writes_a_loadable_csv(tmp_path, form):
    target = tmp_path / "seed.csv"
    argv = (
        ("datasets", "export", "Seed example", target) if form == "positional"
        else ("datasets", "--export", "seed-example", "--out", target)
    )
    code, _, err = run(*argv)
    assert code == 0, err
    assert load(target) == load_sample("Seed example")


def test_datasets_export_unknown_sample_is_a_usage_error(tmp_path):
    code, _, err = run("datasets", "export", "nope", tmp_path / "x.csv")
    assert code == 2 and "unknown sample" in err


def read_recs(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype={"user": str, "item": str})
    assert list(frame.columns) == ["user", "item", "rank", "score"]
    return frame


def check_recommendations(frame: pd.DataFrame, data, k: int) -> None:
    assert set(frame["user"]) == set(data.user_ids)
    for user, group in frame.groupby("user"):
        seen = {data.item_ids[j] for j in data.user_items(user)[0]}
        assert len(group) == min(k, data.n_items - len(seen))
        assert group["rank"].tolist() == list(range(1, len(group) + 1))
        assert not set(group["item"]) & seen
        assert group["item"].is_unique
        assert np.all(np.diff(group["score"].to_numpy()) <= 1e-6)  # best first


@pytest.mark.parametrize("model", ["popularity", "user-knn", "item-knn"])
def test_recommend_writes_k_unseen_items_per_user(tmp_path, small_csv, model):
    out = tmp_path / "recs.csv"
    code, _, err = run("recommend", "--data", small_csv, "--model", model, "--k", 5,
                       "--out", out)
    assert code == 0, err
    check_recommendations(read_recs(out), load(small_csv), 5)


def test_recommend_seed_example_gives_user1_item4_then_item5(tmp_path):
    data_path = tmp_path / "seed.csv"
    save_csv(load_sample("Seed example"), data_path)
    out = tmp_path / "recs.csv"
    code, _, err = run("recommend", "--data", data_path, "--model", "user-knn", "--k", 2,
                       "--out", out)
    assert code == 0, err
    recs = read_recs(out)
    assert recs[recs["user"] == "user1"]["item"].tolist() == ["item4", "item5"]


def test_model_options_reach_the_model(tmp_path, small_csv):
    out = tmp_path / "a.csv"
    code, _, err = run("recommend", "--data", small_csv, "--model", "item-knn", "--k", 3,
                       "--model-k", 2, "--similarity", "jaccard", "--out", out)
    assert code == 0, err
    data = load(small_csv)
    reference = create_model("item-knn", k=2, similarity="jaccard").fit(data)
    idx, _ = reference.recommend_all(3)
    recs = read_recs(out)
    first = recs[recs["user"] == data.user_ids[0]]["item"].tolist()
    assert first == [data.item_ids[j] for j in idx[0] if j >= 0]


def test_settings_suggested_for_the_table_replace_defaults_not_given(tmp_path, small_csv):
    """movie_night('small') has 400 interactions: user-kNN suggests a third of the users as k
    (the desktop form starts from the same); an option given on the command line wins."""
    data = load(small_csv)
    suggested_k = create_model("user-knn").Config.suggested(data)["k"]
    assert suggested_k != create_model("user-knn").config.k
    for extra, k in (((), suggested_k), (("--model-k", 3), 3)):
        out = tmp_path / f"recs{len(extra)}.csv"
        code, _, err = run("recommend", "--data", small_csv, "--model", "user-knn", "--k", 4,
                           "--out", out, *extra)
        assert code == 0, err
        said = f"settings suggested for this table's shape: --model-k {suggested_k}"
        assert (said in err) == (not extra)
        reference = create_model("user-knn", k=k).fit(data)
        idx, _ = reference.recommend_all(4)
        recs = read_recs(out)
        for row, user in enumerate(data.user_ids[:5]):
            expected = [data.item_ids[j] for j in idx[row] if j >= 0]
            assert recs[recs["user"] == user]["item"].tolist() == expected


def test_options_are_generated_from_the_config_fields():
    @dataclasses.dataclass
    class Config:
        hidden: tuple[int, ...] = param((64, 32), label="Hidden", help="Layer sizes.", minimum=1)
        dropout: float = param(0.5, label="Dropout", help="Hidden share.", minimum=0, maximum=1,
                               exclusive_maximum=True)
        validation: bool = param(True, label="Validate", help="Hold out.")
        k: int = param(3, label="Neighbours", help="How many.", minimum=1)

    parser = argparse.ArgumentParser()
    parser.add_argument("--k", type=int, default=10)
    dests = add_model_options(parser, Config, {"k"})
    args = parser.parse_args(["--hidden", "8,4,2", "--no-validation", "--model-k", "7", "--k", "5"])
    values = {field: getattr(args, dest) for dest, field in dests.items()}
    assert values == {"hidden": (8, 4, 2), "dropout": None, "validation": False, "k": 7}
    assert args.k == 5
    text = parser.format_help()
    assert "Dropout: Hidden share. (>= 0 and < 1; default: 0.5)" in " ".join(text.split())


@pytest.mark.parametrize(("option", "value", "field"), [
    ("--epochs", "0", "epochs"), ("--dropout", "2", "dropout"), ("--dropout", "1.0", "dropout"),
    ("--learning-rate", "-0.01", "learning_rate"), ("--batch-size", "0", "batch_size"),
])
def test_out_of_range_model_options_exit_2_naming_the_field(small_csv, tmp_path, option, value,
                                                             field):
    code, _, err = run("train", "--data", small_csv, "--model", "mlp", option, value,
                       "--save", tmp_path / "m.zip")
    assert code == 2
    assert f"{field}: must be" in err
    assert "loading" not in err  # refused before the data was read
    assert not (tmp_path / "m.zip").exists()


def test_evaluate_json_matches_calling_evaluate(small_csv):
    code, out, err = run("evaluate", "--data", small_csv, "--model", "item-knn", "--k", 5,
                         "--sampled", 20, "--seed", 3, "--json")
    assert code == 0, err
    payload = json.loads(out)
    data = load(small_csv)
    split = leave_last_out(data, seed=3)
    suggested = create_model("item-knn").Config.suggested(data)  # as the CLI applies them
    model = create_model("item-knn", **suggested).fit(split.train)
    direct = evaluate(model, split, k=5, sampled=20, seed=3)
    assert payload["protocol"] == "sampled-20" and payload["k"] == 5
    assert payload["n_users"] == direct.n_users
    assert payload["metrics"] == pytest.approx(direct.metrics)


def test_evaluate_prints_a_table(small_csv):
    code, out, _ = run("evaluate", "--data", small_csv, "--model", "popularity",
                       "--split", "random", "--ratio", 0.3)
    assert code == 0
    assert "full ranking" in out and "random-0.3" in out
    for key in ("HR@10", "NDCG@10", "Precision@10", "Recall@10", "MAP@10", "MRR@10",
                "Coverage@10"):
        assert key in out


def test_bad_file_exits_nonzero_with_the_line_and_no_traceback(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("user,item,rating\nu1,i1,5\nu2,i2,lots\n")
    result = run_process("evaluate", "--data", bad, "--model", "popularity")
    assert result.returncode == 2
    assert "line 3" in result.stderr and "bad.csv" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_file_and_unknown_model_are_clear_errors(tmp_path):
    code, _, err = run("recommend", "--data", tmp_path / "none.csv", "--model", "popularity",
                       "--out", tmp_path / "r.csv")
    assert code == 2 and "none.csv" in err
    result = run_process("evaluate", "--data", tmp_path / "x.csv", "--model", "magic")
    assert result.returncode == 2
    assert "magic" in result.stderr and "item-knn" in result.stderr
    assert "Traceback" not in result.stderr


def test_recommend_needs_exactly_one_of_model_and_load(tmp_path, small_csv):
    code, _, err = run("recommend", "--data", small_csv, "--out", tmp_path / "r.csv")
    assert code == 2 and "--load" in err


def test_train_then_recommend_from_the_saved_model(tmp_path, small_csv):
    model_path = tmp_path / "model.reclab"
    code, _, err = run("train", "--data", small_csv, "--model", "item-knn", "--save", model_path)
    assert code == 0, err
    fitted, loaded = tmp_path / "fitted.csv", tmp_path / "loaded.csv"
    assert run("recommend", "--data", small_csv, "--model", "item-knn", "--out", fitted)[0] == 0
    code, _, err = run("recommend", "--load", model_path, "--data", small_csv, "--out", loaded)
    assert code == 0, err
    a, b = read_recs(fitted), read_recs(loaded)
    pd.testing.assert_frame_equal(a[["user", "item", "rank"]], b[["user", "item", "rank"]])
    np.testing.assert_allclose(a["score"], b["score"], rtol=1e-5)


def test_recommend_on_ml100k_with_item_knn(tmp_path, ml100k):
    out = tmp_path / "recs.csv"
    result = run_process("recommend", "--data", ml100k, "--model", "item-knn", "--k", 10,
                         "--out", out)
    assert result.returncode == 0, result.stderr
    assert "fitting" in result.stderr  # progress goes to stderr
    recs = read_recs(out)
    assert recs["user"].nunique() == 943 and len(recs) == 9430
    assert recs.groupby("user")["rank"].apply(list).map(lambda r: r == list(range(1, 11))).all()
    data = load(ml100k)
    seen = set(zip(*[np.asarray(data.user_ids)[data.matrix.tocoo().row],
                     np.asarray(data.item_ids)[data.matrix.tocoo().col]], strict=True))
    assert not seen & set(zip(recs["user"], recs["item"], strict=True))


@pytest.mark.parametrize("argv", [
    ("evaluate", "--model", "item-knn", "--help"),
    ("evaluate", "--data", "{data}", "--model", "item-knn", "--k", "5"),
])
def test_cf_commands_never_import_tensorflow(small_csv, argv):
    argv = [a.replace("{data}", str(small_csv)) for a in argv]
    code = (
        "import runpy, sys\n"
        f"sys.argv = ['core', *{argv!r}]\n"
        "try:\n"
        "    runpy.run_module('core', run_name='__main__')\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "print('TF-LOADED' if {'tensorflow', 'keras'} & set(sys.modules) else 'TF-FREE')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("TF-FREE")


def test_progress_lines_are_throttled_but_epochs_always_shown():
    from core.cli import StderrProgress
    from core.progress import Progress

    stream = io.StringIO()
    printer = StderrProgress(stream, interval=3600)
    for b in range(1, 50):
        assert printer(Progress("batch", "training", epoch=1, n_epochs=2, batch=b,
                                n_batches=49, loss=1.0 / b)) is False
    printer(Progress("epoch", "training", epoch=1, n_epochs=2, loss=0.5,
                     metrics={"HR@10": 0.25}))
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2  # the first batch line, then the epoch line
    assert lines[0].startswith("epoch 1/2  batch 1/49  loss 1.0000")
    assert "HR@10 0.2500" in lines[1] and "loss 0.5000" in lines[1]


def test_a_negative_seed_is_refused_before_loading(small_csv):
    code, _, err = run("evaluate", "--data", small_csv, "--model", "item-knn", "--seed", "-1")
    assert code == 2 and "--seed must be 0 or more" in err and "loading" not in err


def test_beyond_groups_without_users_say_so():
    from types import SimpleNamespace

    from core.cli import format_beyond

    group = SimpleNamespace
    beyond = SimpleNamespace(
        diversity_basis="interactions", metrics=lambda: {"Coverage@10": 0.5},
        user_groups=[group(group="cold", n=0, metrics={}),
                     group(group="regular", n=3, metrics={"HR": 0.25, "Precision": 0.1})],
        item_groups=[])
    lines = format_beyond(beyond).splitlines()
    assert "  cold     n=0      (none in this split)" in lines
    assert "  regular  n=3      HR 0.2500" in lines  # precision, recall and MAP left out
