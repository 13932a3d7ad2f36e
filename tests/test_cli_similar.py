"""``python -m core similar``: the most similar items / users under a fitted model."""

import csv
import io

import pytest

from core.io import save_csv
from core.models import create_model
from core.samples import movie_night, seed_example
from tests.test_cli import run


@pytest.fixture
def seed_csv(tmp_path):
    path = tmp_path / "seed.csv"
    save_csv(seed_example(), path)
    return path


def rows(out: str) -> list[dict]:
    body = [line for line in out.splitlines() if not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(body))))


def test_similar_items_of_the_seed_example(seed_csv):
    code, out, err = run("similar", "--data", seed_csv, "--model", "item-knn", "--item", "item3")
    assert code == 0, err
    found = rows(out)
    assert [r["rank"] for r in found] == ["1", "2", "3", "4"]
    scores = {r["id"]: float(r["similarity"]) for r in found}
    assert scores == pytest.approx({"item2": 2 / 6 ** 0.5, "item4": 2 / 6 ** 0.5,
                                    "item1": 3 ** -0.5, "item5": 3 ** -0.5}, abs=1e-5)
    assert "cosine" in out.splitlines()[0]


def test_similar_users_with_model_options_and_n(tmp_path):
    path = tmp_path / "small.csv"
    data = movie_night("small")
    save_csv(data, path)
    code, out, err = run("similar", "--data", path, "--model", "user-knn", "--user", "Alice",
                         "--n", "3", "--similarity", "jaccard")
    assert code == 0, err
    expected = create_model("user-knn", similarity="jaccard").fit(data).similar_users("Alice", 3)
    assert [(r["id"], float(r["similarity"])) for r in rows(out)] == [
        (u, pytest.approx(s, abs=1e-5)) for u, s in expected]


def test_similar_errors_are_clear(seed_csv):
    code, _, err = run("similar", "--data", seed_csv, "--model", "user-knn", "--item", "nope")
    assert code == 1 and "'nope'" in err and "Traceback" not in err
    code, _, err = run("similar", "--data", seed_csv, "--model", "user-knn", "--item", "item1",
                       "--n", "0")
    assert code == 2 and "--n" in err
