"""Saving a table as CSV keeps the items' tags (a '|'-separated ``tags`` column) beside titles and
genres, and loading the file gives them back."""

from core.interactions import Interactions, ItemInfo
from core.io import load, save_csv


def _table() -> Interactions:
    return Interactions.from_triples(
        ["u1", "u1", "u2", "u2"], ["a", "b", "a", "c"], [4, 3, 5, 2], [10, 20, 30, 40],
        items_info={"a": ItemInfo("Alien", ("Horror", "Sci-Fi"), ("space", "classic film")),
                    "b": ItemInfo("Babe", ("Comedy",)),
                    "c": ItemInfo("", (), ("pixar",))})


def test_tags_round_trip_through_csv(tmp_path):
    data = _table()
    path = save_csv(data, tmp_path / "t.csv")
    header = path.read_text(encoding="utf-8").splitlines()[0]
    assert header == "user,item,rating,timestamp,title,genres,tags"
    back = load(path)
    assert back.items_info == data.items_info
    assert back.matrix.nnz == 4 and back.timestamps.tolist() == [10, 20, 30, 40]


def test_no_tags_column_when_no_item_has_tags(tmp_path):
    data = Interactions.from_triples(["u1"], ["a"], None, None,
                                     items_info={"a": ItemInfo("Alien", ("Horror",))})
    path = save_csv(data, tmp_path / "t.csv")
    assert path.read_text(encoding="utf-8").splitlines() == ["user,item,title,genres",
                                                             "u1,a,Alien,Horror"]
    assert load(path).items_info == data.items_info


def test_a_tags_column_in_a_users_file_is_read(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("user,item,tags\nu1,a,space|pixar\nu2,a,\nu2,b,\n", encoding="utf-8")
    data = load(path)
    assert data.items_info == {"a": ItemInfo("", (), ("space", "pixar"))}
