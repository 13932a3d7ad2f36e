"""Item feature files: both shapes, MovieLens tags, clear errors naming file and line."""

import numpy as np
import pytest

from core.errors import DataError
from core.interactions import Interactions, ItemInfo
from core.io import load
from core.io.item_features import load_item_features, with_item_features
from core.samples import load_sample, seed_example


def _write(tmp_path, text: str, name: str = "items.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_title_and_genres_file_with_header_and_quoted_title(tmp_path):
    path = _write(tmp_path, 'item,title,genres\n1,"Heat, The (1995)",Action|Crime\n2,Up,\n')
    f = load_item_features(path)
    assert f.titles == {"1": "Heat, The (1995)", "2": "Up"}
    assert f.genres == {"1": ("Action", "Crime"), "2": ()}


def test_tag_rows_collect_every_tag_of_an_item(tmp_path):
    f = load_item_features(_write(tmp_path, "1,space\n2,pixar\n1,classic\n"))
    assert f.tags == {"1": ["space", "classic"], "2": ["pixar"]}


def test_features_are_merged_into_the_table(tmp_path):
    data = Interactions.from_triples(["u", "u"], ["1", "2"],
                                     items_info={"1": ItemInfo("Old", ("Drama",))})
    f = load_item_features(_write(tmp_path, "1,space\n9,unknown-item\n"))
    out, matched = with_item_features(data, f)
    assert matched == 1
    assert out.items_info["1"] == ItemInfo("Old", ("Drama",), ("space",))
    assert "9" not in out.items_info and data.items_info["1"].tags == ()


@pytest.mark.parametrize("text, line, problem", [
    ("", None, "empty"),
    ("1,a,b|c\n2,b\n", 2, "expected 3 fields"),
    ("1,a,b,c,d\n", 1, "expected 2 fields"),
    ("1,x\n,y\n", 2, "empty item id"),
    ("item,tag\n", None, "no items"),
    ("1|a|b\n", 1, "commas"),
])
def test_bad_files_name_the_file_and_line(tmp_path, text, line, problem):
    path = _write(tmp_path, text)
    with pytest.raises(DataError, match=problem) as info:
        load_item_features(path)
    assert info.value.path == str(path) and info.value.line == line


def test_binary_undecodable_and_missing_files_are_clear_errors(tmp_path):
    (tmp_path / "b.csv").write_bytes(b"1,\x00")
    with pytest.raises(DataError, match="binary"):
        load_item_features(tmp_path / "b.csv")
    (tmp_path / "l.csv").write_bytes(b"1,caf\xe9\n")
    with pytest.raises(DataError, match="decode") as info:
        load_item_features(tmp_path / "l.csv")
    assert info.value.line == 1
    with pytest.raises(DataError, match="no such file"):
        load_item_features(tmp_path / "missing.csv")


def test_every_sample_item_has_genres():
    for name in ("Seed example", "Movie night (small)"):
        data = load_sample(name)
        assert all(data.items_info[i].genres for i in data.item_ids), name
    assert seed_example().item_label("item1") == "item1"


def test_movielens_latest_small_gets_tags_from_tags_csv(ml_latest_small):
    data = load(ml_latest_small)
    tagged = [i for i in data.item_ids if data.items_info.get(i) and data.items_info[i].tags]
    assert len(tagged) > 1000
    assert "pixar" in [t.lower() for t in data.items_info["1"].tags]  # Toy Story


def test_movielens_100k_items_have_titles_and_genres(ml100k):
    data = load(ml100k)
    assert data.items_info["1"].genres == ("Animation", "Children's", "Comedy")
    assert np.mean([bool(data.items_info[i].genres) for i in data.item_ids]) > 0.99
