"""Item titles, genres and tags read from a table's rows (``core.io.delimited._item_details``):
each item's details come from its first row that has any, checked against a row-by-row loop."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from core.interactions import ItemInfo
from core.io import load
from core.io.delimited import _item_details


def row_by_row(columns: dict[str, list], item_ids: list[str], cols: list[int]) -> dict:
    """The rule spelt out: the first row (in file order) of each item with any detail after
    stripping; missing values are blank."""
    def text(role: str, k: int) -> str:
        v = columns[role][k] if role in columns else ""
        return "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip()

    info: dict[str, ItemInfo] = {}
    for k, code in enumerate(cols):
        title, genres, tags = text("title", k), text("genres", k), text("tags", k)
        if item_ids[code] in info or not (title or genres or tags):
            continue
        info[item_ids[code]] = ItemInfo(title, tuple(g for g in genres.split("|") if g),
                                        tuple(t for t in tags.split("|") if t))
    return info


detail = st.sampled_from(["", " ", "  A  ", "B", "Drama|Comedy", "|x|", None, 7])


@given(rows=st.lists(st.tuples(st.integers(0, 5), detail, detail, detail), min_size=1,
                     max_size=30),
       roles=st.sets(st.sampled_from(["title", "genres", "tags"]), min_size=1))
@settings(max_examples=200, deadline=None)
def test_details_come_from_each_items_first_row_with_any(rows, roles):
    cols = [r[0] for r in rows]
    raw = {"title": [r[1] for r in rows], "genres": [r[2] for r in rows],
           "tags": [r[3] for r in rows]}
    raw = {role: values for role, values in raw.items() if role in roles}
    item_ids = [f"i{k}" for k in range(6)]
    columns = {role: pd.Series(values, dtype=object) for role, values in raw.items()}
    got = _item_details(columns, item_ids, np.asarray(cols, dtype=np.int64))
    assert got == row_by_row(raw, item_ids, cols)


def test_a_table_with_titles_on_every_row_loads_each_items_first(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("user,item,title,genres\n1,10, ,\n1,11,Eleven,Drama\n2,10,Ten ,A|B\n"
                    "3,10,Later,C\n3,12,,\n")
    data = load(path)
    assert data.items_info == {"10": ItemInfo("Ten", ("A", "B")),
                               "11": ItemInfo("Eleven", ("Drama",))}
