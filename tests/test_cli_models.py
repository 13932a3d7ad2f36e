"""CLI for the content, hybrid, EASE, ALS and Caser models: --items, --alpha, cold-items split."""

import io

import pytest

from core.cli import main
from core.io import save_csv
from core.samples import movie_night


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def files(tmp_path):
    data = movie_night("small")
    ratings = save_csv(data, tmp_path / "ratings.csv")
    items = tmp_path / "items.csv"
    lines = ["item,title,genres"] + [
        f'{i},"{data.items_info[i].title}",{"|".join(data.items_info[i].genres)}'
        for i in data.item_ids]
    items.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ratings, items


def test_content_without_item_features_says_how_to_add_them(tmp_path):
    ratings = tmp_path / "plain.csv"
    ratings.write_text("user,item\n" + "".join(f"u{k % 7},i{k % 11}\n" for k in range(60)))
    code, _, err = run("evaluate", "--data", ratings, "--model", "content")
    assert code == 1 and "--items FILE" in err


def test_hybrid_with_items_and_alpha_on_the_cold_item_split(files):
    ratings, items = files
    code, out, err = run("evaluate", "--data", ratings, "--items", items, "--model", "hybrid",
                         "--alpha", "0.4", "--split", "cold-items", "--json")
    assert code == 0, err
    assert "item features from" in err and '"split": "cold-items-0.1"' in out


def test_recommend_and_train_with_the_new_models(files, tmp_path):
    ratings, items = files
    for model in ("ease", "als", "content"):
        out_csv = tmp_path / f"{model}.csv"
        code, _, err = run("recommend", "--data", ratings, "--items", items, "--model", model,
                           "--k", "3", "--out", out_csv)
        assert code == 0, err
        assert out_csv.read_text().startswith("user,item,rank,score")
    code, _, err = run("train", "--data", ratings, "--model", "ease", "--l2", "50",
                       "--save", tmp_path / "ease.zip")
    assert code == 0, err


def test_a_bad_item_file_is_a_clear_error(files, tmp_path):
    ratings, _ = files
    bad = tmp_path / "bad.csv"
    bad.write_text("1,a,b\n2,c\n", encoding="utf-8")
    code, _, err = run("evaluate", "--data", ratings, "--items", bad, "--model", "content")
    assert code == 2 and f"{bad}, line 2" in err


def test_caser_refuses_data_without_timestamps(tmp_path):
    path = tmp_path / "no_times.csv"
    path.write_text("user,item\n" + "".join(f"u{k % 7},i{k % 11}\n" for k in range(60)))
    code, _, err = run("train", "--data", path, "--model", "caser", "--save", tmp_path / "c.zip")
    assert code == 1 and "no timestamps" in err
