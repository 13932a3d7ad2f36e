"""Text inputs RecLab used to misread: encodings, line endings, cut files, duplicate JSON keys,
a broken optional movie list."""

import pytest

from core.errors import DataError
from core.io import load


def _write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# -- encodings ----------------------------------------------------------------------------------


def test_a_gb18030_csv_with_chinese_ids_loads_correctly(tmp_path):
    text = "用户,物品,评分\n张伟,红楼梦,5\n张伟,西游记,4\n李娜,红楼梦,3\n"
    path = _write(tmp_path, "ratings.csv", text.encode("gb18030"))
    data = load(path)
    assert data.user_ids == ["张伟", "李娜"]
    assert data.item_ids == ["红楼梦", "西游记"]
    assert data.matrix.toarray().tolist() == [[5, 4], [3, 0]]


def test_a_gb18030_movielens_style_movie_list_gives_chinese_titles(tmp_path):
    folder = tmp_path / "ml"
    _write(folder, "ratings.csv", b"userId,movieId,rating,timestamp\n1,1,5,10\n1,2,4,11\n")
    movies = "movieId,title,genres\n1,霸王别姬 (1993),Drama\n2,大话西游 (1995),Comedy|Fantasy\n"
    _write(folder, "movies.csv", movies.encode("gb18030"))
    data = load(folder)
    assert data.items_info["1"].title == "霸王别姬 (1993)"
    assert data.items_info["2"].genres == ("Comedy", "Fantasy")


def test_utf8_chinese_ids_load_unchanged(tmp_path):
    path = _write(tmp_path, "d.csv", "user,item\n王芳,三体\n".encode())
    assert load(path).item_ids == ["三体"]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_a_byte_order_mark_is_decoded(tmp_path, codec):
    text = "user,item,rating\nu1,书,5\nu2,书,3\n"
    raw = text.encode(codec)
    if codec != "utf-16":
        raw = ("\ufeff" + text).encode(codec)
    data = load(_write(tmp_path, "d.csv", raw))
    assert data.user_ids == ["u1", "u2"] and data.item_ids == ["书"]


def test_utf16_json_is_decoded(tmp_path):
    raw = '{"u1": ["a", "b"]}'.encode("utf-16")
    assert load(_write(tmp_path, "seed.json", raw)).item_ids == ["a", "b"]


def test_an_undeterminable_encoding_is_a_clear_error(tmp_path):
    raw = "user,item\nu1,Café\nu2,Crème brûlée\n".encode("latin-1")
    with pytest.raises(DataError, match="encoding cannot be told") as info:
        load(_write(tmp_path, "d.csv", raw))
    assert info.value.line == 2


# -- line endings and cut files -----------------------------------------------------------------


def test_cr_only_line_endings_are_accepted(tmp_path):
    data = load(_write(tmp_path, "d.csv", b"user,item,rating\ru1,a,5\ru2,b,3\r"))
    assert data.user_ids == ["u1", "u2"] and data.item_ids == ["a", "b"]


def test_a_u_data_cut_mid_line_is_an_error_naming_the_last_line(tmp_path):
    folder = tmp_path / "ml-100k"
    _write(folder, "u.data", b"196\t242\t3\t881250949\n186\t302\t3\t891717742\n22\t377\t1\t87")
    with pytest.raises(DataError, match="ends in the middle of line 3") as info:
        load(folder)
    assert info.value.line == 3 and info.value.path.endswith("u.data")


def test_a_malformed_optional_u_item_still_loads_the_ratings_with_a_note(tmp_path):
    folder = tmp_path / "ml-100k"
    _write(folder, "u.data", b"196\t242\t3\t881250949\n186\t302\t3\t891717742\n")
    _write(folder, "u.item", b"242|Kolya (1996)\n")  # far too few columns
    data = load(folder)
    assert data.n_users == 2 and data.items_info == {}
    assert len(data.notes) == 1
    assert "u.item" in data.notes[0] and "titles" in data.notes[0]


# -- seed JSON ----------------------------------------------------------------------------------


def test_duplicate_keys_in_seed_json_are_an_error_with_key_and_line(tmp_path):
    raw = b'{\n  "u1": ["a"],\n  "u2": ["b"],\n  "u1": ["c"]\n}\n'
    with pytest.raises(DataError, match="user 'u1' appears twice") as info:
        load(_write(tmp_path, "seed.json", raw))
    assert info.value.line == 4


def test_duplicate_items_of_one_user_in_seed_json_are_an_error(tmp_path):
    raw = b'{\n  "u1": {"a": 4,\n         "a": 5}\n}\n'
    with pytest.raises(DataError, match="item 'a' appears twice") as info:
        load(_write(tmp_path, "seed.json", raw))
    assert info.value.line == 3
