"""core.io: every supported format on small hand-checked files, the real MovieLens data, every
kind of bad input, and the CSV round trip."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest

from core.errors import DataError
from core.interactions import Interactions, ItemInfo
from core.io import SUPPORTED_DESCRIPTION, load, load_bytes, save_csv
from core.samples import movie_night, seed_example


def write(path: Path, content: str | bytes, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode(encoding)
    path.write_bytes(content)
    return path


def cells(data: Interactions) -> dict[tuple[str, str], float]:
    users, items, values, _ = data.triples()
    return {(u, i): float(v) for u, i, v in zip(users, items, values, strict=True)}


# -- formats ----------------------------------------------------------------------


def test_headerless_tsv_with_rating_and_timestamp(tmp_path):
    path = write(tmp_path / "r.tsv", "10\t7\t4\t100\n2\t7\t5\t101\n10\t3\t2\t102\n")
    data = load(path)
    assert data.user_ids == ["2", "10"]  # numeric ids ordered numerically
    assert data.item_ids == ["3", "7"]
    assert data.explicit
    assert cells(data) == {("10", "7"): 4.0, ("2", "7"): 5.0, ("10", "3"): 2.0}
    assert data.get("10", "3") == 2.0
    assert sorted(data.timestamps.tolist()) == [100, 101, 102]
    assert data.timestamps[data.matrix.indptr[1]] == 102  # user 10's first entry is item 3


def test_header_csv_with_movielens_column_names(tmp_path):
    text = "userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n1,1029,3.0,1260759179\n"
    data = load(write(tmp_path / "mine.csv", text))
    assert data.shape == (1, 2)
    assert data.item_ids == ["31", "1029"]
    assert cells(data) == {("1", "31"): 2.5, ("1", "1029"): 3.0}


def test_columns_found_by_name_in_any_order(tmp_path):
    text = "timestamp;rating;item_id;user_id\n5;3;apple;zoe\n6;4;pear;adam\n"
    data = load(write(tmp_path / "x.txt", text))
    assert data.user_ids == ["zoe", "adam"]  # string ids: order of first appearance
    assert cells(data) == {("zoe", "apple"): 3.0, ("adam", "pear"): 4.0}
    assert data.timestamps.tolist() == [5, 6]


@pytest.mark.parametrize("sep", [",", "\t", ";", "|", "  "])
def test_delimiter_is_sniffed(tmp_path, sep):
    text = "\n".join(sep.join(row) for row in [("a", "x"), ("b", "y"), ("a", "y")]) + "\n"
    data = load(write(tmp_path / "data", text))
    assert not data.explicit
    assert set(cells(data)) == {("a", "x"), ("b", "y"), ("a", "y")}


def test_odd_ids_are_kept_verbatim(tmp_path):
    data = load(write(tmp_path / "ids.csv", "user,item\n1.50,1e30\nTrue,5\nNA,None\n"))
    assert data.user_ids == ["1.50", "True", "NA"]
    assert data.item_ids == ["1e30", "5", "None"]


def test_quoted_fields_may_hold_separators(tmp_path):
    data = load(write(tmp_path / "q.csv", 'user,item\n"Smith, Ann","Book, The"\nb,c\n'))
    assert data.user_ids == ["Smith, Ann", "b"] and data.item_ids == ["Book, The", "c"]


def test_all_ones_rating_column_is_implicit_and_bom_is_ignored(tmp_path):
    data = load(write(tmp_path / "r.csv", "\ufeffuser,item,rating\nu,i,1\nv,i,1\n"))
    assert not data.explicit
    assert data.user_ids == ["u", "v"]


def test_duplicates_latest_timestamp_wins_then_last_row(tmp_path):
    text = "u,i,5,200\nu,i,1,100\nu,j,2,7\nu,j,3,7\n"
    data = load(write(tmp_path / "d.csv", text))
    assert data.get("u", "i") == 5.0  # newer timestamp wins though it comes first
    assert data.get("u", "j") == 3.0  # tie: last in the file wins
    no_ts = load(write(tmp_path / "e.csv", "u,i,5\nu,i,2\n"))
    assert no_ts.get("u", "i") == 2.0 and no_ts.nnz == 1


def test_movielens_1m_style_folder(tmp_path):
    folder = tmp_path / "ml-1m"
    write(folder / "ratings.dat", "1::1193::5::978300760\n1::661::3::978302109\n2::1193::4::1\n")
    write(folder / "movies.dat",
          "661::James and the Giant Peach (1996)::Animation|Children's|Musical\n"
          "1193::One Flew Over the Cuckoo's Nest (1975)::Drama\n"
          "2000::Amélie (2001)::Comedy\n", encoding="latin-1")
    data = load(folder)
    assert data.shape == (2, 2) and data.item_ids == ["661", "1193"]
    assert data.get("2", "1193") == 4.0
    assert data.items_info["661"] == ItemInfo(
        "James and the Giant Peach (1996)", ("Animation", "Children's", "Musical")
    )
    assert "2000" not in data.items_info  # only items that have interactions


def test_movielens_100k_style_folder_with_latin1_titles(tmp_path):
    folder = tmp_path / "ml-100k"
    write(folder / "u.data", "196\t242\t3\t881250949\n186\t302\t3\t891717742\n")
    flags_242 = "|".join("1" if k in (5, 8) else "0" for k in range(19))
    flags_302 = "|".join("1" if k == 16 else "0" for k in range(19))
    write(folder / "u.item",
          f"242|Kolya (1996)|24-Jan-1997||http://x|{flags_242}\n"
          f"302|L.A. Confidential (1997)|01-Jan-1997||http://y|{flags_302}\n"
          f"303|Café (1997)|01-Jan-1997||http://z|{flags_302}\n", encoding="latin-1")
    data = load(folder)
    assert data.user_ids == ["186", "196"]
    assert data.items_info["242"] == ItemInfo("Kolya (1996)", ("Comedy", "Drama"))
    assert data.items_info["302"].genres == ("Thriller",)


def test_grouplens_zip_with_top_folder(tmp_path):
    archive = tmp_path / "ml-latest-small.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("ml-latest-small/ratings.csv",
                   "userId,movieId,rating,timestamp\n1,1,4.0,964982703\n2,3,0.5,964981247\n")
        z.writestr("ml-latest-small/movies.csv",
                   'movieId,title,genres\n1,Toy Story (1995),Adventure|Animation\n'
                   '3,"Grumpier Old Men, The (1995)",(no genres listed)\n')
        z.writestr("ml-latest-small/README.txt", "hello")
    data = load(archive)
    assert data.shape == (2, 2)
    assert data.get("2", "3") == 0.5
    assert data.items_info["3"] == ItemInfo("Grumpier Old Men, The (1995)", ())
    assert data.items_info["1"].genres == ("Adventure", "Animation")


def test_zip_holding_one_csv(tmp_path):
    archive = tmp_path / "mine.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("folder/table.csv", "user,item\nann,book\n")
    assert cells(load(archive)) == {("ann", "book"): 1.0}


def test_seed_article_json(tmp_path):
    text = '{"user1": ["item1", "item2", "item3"], "user2": ["item2", "item3", "item4"]}'
    data = load(write(tmp_path / "seed.json", text))
    assert data.user_ids == ["user1", "user2"]
    assert data.item_ids == ["item1", "item2", "item3", "item4"]
    assert not data.explicit and data.nnz == 6


def test_json_with_ratings_and_a_user_without_items(tmp_path):
    data = load(write(tmp_path / "r.json", '{"b": {"x": 4, "y": 2.5}, "a": {}}'))
    assert data.explicit
    assert data.user_ids == ["b", "a"]
    assert cells(data) == {("b", "x"): 4.0, ("b", "y"): 2.5}


def test_content_not_name_decides(tmp_path):
    json_named_csv = load(write(tmp_path / "data.csv", '{"u": ["i"]}'))
    assert cells(json_named_csv) == {("u", "i"): 1.0}
    zip_named_txt = tmp_path / "archive.txt"
    with zipfile.ZipFile(zip_named_txt, "w") as z:
        z.writestr("ml-1m/ratings.dat", "1::2::3::4\n")
    assert cells(load(zip_named_txt)) == {("1", "2"): 3.0}


def test_supported_description_names_the_extensions():
    assert "*.csv" in SUPPORTED_DESCRIPTION and "*.zip" in SUPPORTED_DESCRIPTION


# -- the real MovieLens data ----------------------------------------------------------------------


def test_real_ml100k(ml100k):
    data = load(ml100k)
    assert data.shape == (943, 1682) and data.nnz == 100_000
    assert data.explicit and data.timestamps is not None
    assert data.items_info["1"] == ItemInfo("Toy Story (1995)",
                                            ("Animation", "Children's", "Comedy"))
    assert data.user_ids[:3] == ["1", "2", "3"]
    assert load(ml100k / "u.data") == data


def test_real_ml_latest_small(ml_latest_small):
    data = load(ml_latest_small)
    assert data.shape == (610, 9724) and data.nnz == 100_836
    assert data.explicit
    assert len(data.items_info) == 9724
    assert data.items_info["1"].title == "Toy Story (1995)"
    assert set(np.unique(data.matrix.data)) == {0.5 * k for k in range(1, 11)}


def test_real_ml100k_from_zip(ml100k, tmp_path):
    archive = tmp_path / "ml-100k.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for name in ("u.data", "u.item", "u.genre"):
            z.write(ml100k / name, f"ml-100k/{name}")
    data = load(archive)
    assert data == load(ml100k)
    assert data.items_info == load(ml100k).items_info


# -- bad input ----------------------------------------------------------------------

BAD_FILES = [
    ("empty.csv", b"", 1, "empty file"),
    ("crlf.csv", b"\r\n\r\nuser,item,rating\r\na,b,4\r\nc,d,x\r\n", 5, "'x' is not a number"),
    ("blank.csv", b"\n  \n\n", 1, "empty file"),
    ("cols.csv", b"user,item,rating\na,b,4\nc,d\ne,f,5\n", 3, "wrong number of columns"),
    ("many.tsv", b"a\tb\t4\n\nc\td\t4\te\n", 3, "wrong number of columns"),
    ("rating.csv", b"user,item,rating\na,b,4\nc,d,good\n", 3, "'good' is not a number"),
    ("truth.csv", b"user,item,rating\na,b,True\nc,d,False\n", 2, "'True' is not a number"),
    ("missing.csv", b"user,item,rating\na,,4\n", 2, "missing item id"),
    ("spaces.csv", b"user,item\nu1,i2\nu2,i3\n  ,i4\n", 4, "missing user id"),
    ("quoted.csv", b'user,item\nu1,i2\nu2," "\n', 3, "missing item id"),
    ("norating.csv", b"user,item,rating\na,b,4\nb,c,\n", 3, "missing rating"),
    ("zero.csv", b"a,b,3\na,c,0\n", 2, "not positive"),
    ("negative.csv", b"a,b,-1\n", 1, "not positive"),
    ("inf.csv", b"a,b,2\nc,d,inf\n", 2, "not a finite number"),
    ("nan.csv", b"a,b,nan\n", 1, "not a finite number"),
    ("time.csv", b"a,b,3,10\nc,d,3,yesterday\n", 2, "timestamp 'yesterday'"),
    ("binary.csv", b"a,b\nc,d\n\x00\x01\x02", 3, "binary data"),
    ("latin.csv", "a,b\nCafé,d\n".encode("latin-1"), 2, "cannot decode"),
    ("header.csv", b"user,item\n", 2, "no rows"),
    ("onecol.csv", b"hello\nworld\n", 1, "cannot find columns"),
    ("wide.csv", b"1,2,3,4,5\n", 1, "5 columns"),
    ("quote.csv", b'a,b\n"c,d\n', 2, "malformed"),
    ("bad.json", b'{"a": [1, 2],\n "b": [3\n', 3, "invalid JSON"),
    ("shape.json", b'{"a": ["x"],\n "b": 3}', 2, "expected a list of items"),
    ("list.json", b'["a", "b"]', 1, "expected a JSON object"),
    ("rating.json", b'{"a": {"x": -2}}', 1, "positive"),
]


@pytest.mark.parametrize(("name", "content", "line", "problem"), BAD_FILES,
                         ids=[b[0] for b in BAD_FILES])
def test_bad_file_names_file_line_and_problem(tmp_path, name, content, line, problem):
    path = write(tmp_path / name, content)
    with pytest.raises(DataError) as info:
        load(path)
    err = info.value
    assert err.path == str(path) and err.line == line
    assert problem in err.problem
    assert str(path) in str(err) and f"line {line}" in str(err) and problem in str(err)


def test_nonexistent_path(tmp_path):
    with pytest.raises(DataError, match="no such file") as info:
        load(tmp_path / "nope.csv")
    assert "nope.csv" in str(info.value)


def test_folder_with_nothing_recognisable(tmp_path):
    write(tmp_path / "a.png", b"\x89PNG")
    with pytest.raises(DataError, match="no ratings found in this folder") as info:
        load(tmp_path)
    assert str(tmp_path) in str(info.value)


def test_zip_without_ratings(tmp_path):
    archive = tmp_path / "movies.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("ml-1m/README", "no ratings here")
        z.writestr("ml-1m/picture.png", b"\x89PNG")
    with pytest.raises(DataError, match="no ratings found in this zip archive") as info:
        load(archive)
    assert "movies.zip" in str(info.value)


def test_corrupt_zip(tmp_path):
    with pytest.raises(DataError, match="not a readable zip"):
        load(write(tmp_path / "x.zip", b"PK\x03\x04 truncated"))


def test_bad_rating_inside_zip_names_the_member(tmp_path):
    archive = tmp_path / "ml.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("ml-1m/ratings.dat", "1::2::3::4\n1::3::x::5\n")
    with pytest.raises(DataError) as info:
        load(archive)
    assert info.value.path == f"{archive}/ml-1m/ratings.dat" and info.value.line == 2
    assert "'x' is not a number" in info.value.problem


# -- writing ----------------------------------------------------------------------


def test_save_csv_writes_header_and_rows(tmp_path):
    data = Interactions.from_triples(["b", "a"], ["x", "y"], [4.0, 2.5], [7, 8])
    path = save_csv(data, tmp_path / "out.csv")
    assert path.read_text().splitlines() == ["user,item,rating,timestamp", "b,x,4,7", "a,y,2.5,8"]
    implicit = save_csv(seed_example(), tmp_path / "seed.csv")  # its items carry genres
    assert implicit.read_text().splitlines()[:2] == ["user,item,title,genres",
                                                     "user1,item1,,Comedy"]


def test_round_trip_movielens(ml100k, tmp_path):
    data = load(ml100k)
    again = load(save_csv(data, tmp_path / "ml.csv"))
    assert again == data


@pytest.mark.parametrize("make", [seed_example, movie_night], ids=["seed", "movie-night"])
def test_round_trip_samples(tmp_path, make):
    data = make()
    assert load(save_csv(data, tmp_path / "s.csv")) == data


def test_round_trip_of_hand_edited_data_keeps_the_cells(tmp_path):
    data = seed_example()
    data.add_item("zebra")
    data.add_user("anna")
    data.set_cell("anna", "zebra", 1.0)
    data.set_cell("user3", "item1", 1.0)
    data.rename_item("item2", "2")
    again = load(save_csv(data, tmp_path / "edited.csv"))
    assert cells(again) == cells(data)
    assert not again.explicit


def test_save_is_atomic_and_leaves_no_temp_files(tmp_path):
    path = write(tmp_path / "out.csv", "old content")
    save_csv(seed_example(), path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]
    with pytest.raises(DataError, match="cannot write"):
        save_csv(seed_example(), tmp_path / "missing-folder" / "x.csv")


def test_saved_table_keeps_item_titles_and_genres(tmp_path):
    from core.interactions import AddItem, SetCell

    data = Interactions.from_triples(["a", "a", "b"], ["x", "y", "y"], [4.0, 3.0, 5.0],
                                     items_info={"x": ItemInfo("Film, the \"first\"",
                                                               ("Drama", "Sci-Fi"))})
    data.apply(AddItem("z", info=ItemInfo("Added in the GUI")))
    data.apply(SetCell("b", "z", 2.0))
    path = save_csv(data, tmp_path / "titled.csv")
    back = load(path)
    assert back.items_info["x"] == ItemInfo('Film, the "first"', ("Drama", "Sci-Fi"))
    assert back.items_info["z"] == ItemInfo("Added in the GUI", ())
    assert "y" not in back.items_info
    assert back.get("b", "z") == 2.0 and back.explicit
    header = path.read_text().splitlines()[0]
    assert header == "user,item,rating,title,genres"


def test_not_written_lists_users_and_items_without_interactions():
    from core.interactions import AddItem, AddUser, SetCell
    from core.io.writer import not_written

    data = Interactions.from_codes(["a", "b"], ["x", "y", "z"], [0, 1], [0, 0])
    assert not_written(data) == ([], ["y", "z"])
    data.apply(AddUser("c"))
    data.apply(AddItem("w"))
    data.apply(SetCell("a", "y", 1.0))
    assert not_written(data) == (["c"], ["z", "w"])


def test_ids_of_mixed_chunks_are_kept_as_written():
    """pandas converts a large file in chunks (2^18 rows of two columns): "1.50" in the first
    (numbers) and "abc" in the second (text) make a mixed column, which is read again as text
    ("1.50" stays "1.50")."""
    n = 270_000
    rows = ["user,item", "1.50,3"] + [f"{i},{i % 50}" for i in range(n)] + ["abc,007"]
    data = load_bytes(("\n".join(rows) + "\n").encode(), "mixed.csv")
    assert {"1.50", "abc", "0", str(n - 1)} <= set(data.user_ids) and "1.5" not in data.user_ids
    assert "007" in data.item_ids and data.nnz == n + 2


def test_a_bad_row_far_into_a_large_ascii_file_is_named(tmp_path):
    """Only the start of a plain ASCII file is decoded to sniff it; a bad row past that start is
    still found and named by its line."""
    rows = ["user,item,rating"] + [f"u{i},i{i % 97},3" for i in range(20_000)]
    rows[15_000] = "u1,i2,lots"
    path = tmp_path / "late.csv"
    path.write_text("\n".join(rows) + "\n")
    assert path.stat().st_size > 1 << 16
    with pytest.raises(DataError, match="'lots' is not a number") as err:
        load(path)
    assert err.value.line == 15_001
