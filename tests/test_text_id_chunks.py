"""Ids written as text, coded a chunk of rows at a time while the file is read
(``core.io.ids.TextIdCoder``, ``core.io.delimited._read_coded``): the same codes and tables as
coding whole columns, checked against a brute-force rule and against one-chunk reads."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import core.io.delimited as delimited
from core.errors import DataError
from core.io import load
from core.io.ids import TextIdCoder, natural_codes


def brute_force_codes(values: list[str]) -> tuple[list[int], list[str]]:
    """The rule of ``core.io.ids`` spelt out: ids stripped; numeric order (ties by text) when
    every id is a whole number, else order of first appearance."""
    stripped = [v.strip() for v in values]
    firsts = list(dict.fromkeys(stripped))

    def whole(s: str) -> bool:
        try:
            f = float(s)
        except ValueError:
            return False
        return np.isfinite(f) and f == int(f) and abs(f) < 2.0**62

    ids = sorted(firsts, key=lambda s: (float(s), s)) if firsts and all(map(whole, firsts)) \
        else firsts
    code = {s: k for k, s in enumerate(ids)}
    return [code[s] for s in stripped], ids


id_text = st.sampled_from(["7", " 7", "7 ", "007", "+7", "7.0", "12", "-3", "a", " a", "b7",
                           "中文", "1e3", "x y"])


@given(values=st.lists(id_text, min_size=1, max_size=40),
       cuts=st.lists(st.integers(0, 40), max_size=6))
@settings(max_examples=200, deadline=None)
def test_coding_in_parts_follows_the_rule(values, cuts):
    coder = TextIdCoder()
    bounds = sorted({0, len(values), *(c for c in cuts if c <= len(values))})
    for start, end in itertools.pairwise(bounds):
        coder.add(pd.Series(values[start:end], dtype=str))
    codes, strings = coder.result()
    want_codes, want_strings = brute_force_codes(values)
    assert codes.tolist() == want_codes
    assert strings == want_strings
    assert natural_codes(pd.Series(values, dtype=str))[0].tolist() == want_codes


def test_a_coder_given_nothing_codes_nothing():
    codes, strings = TextIdCoder().result()
    assert codes.tolist() == [] and strings == []


def _tables_equal(a, b):
    assert a.user_ids == b.user_ids and a.item_ids == b.item_ids
    assert (a.matrix != b.matrix).nnz == 0
    assert a.matrix.shape == b.matrix.shape
    if a.timestamps is None:
        assert b.timestamps is None
    else:
        np.testing.assert_array_equal(a.timestamps, b.timestamps)
    assert a.items_info == b.items_info


TABLES = {
    "text ids with spaces": "user,item\nu1,i1\n u2,i1\nu1 , i2\nu3,i3\nu2,i3\n u1,i3\nu4, i1\n",
    "ratings and timestamps": "user,item,rating,timestamp\n" + "".join(
        f"u{k % 7},i{k % 5},{1 + k % 5},{1000 + k}\n" for k in range(40)),
    "numeric text ids": "user,item\n" + "".join(f"{k % 9:03d},{k % 4}\n" for k in range(30)),
    "titles and genres": "user,item,rating,title,genres\n" + "".join(
        f"a{k % 5},b{k % 3},{1 + k % 4},Film {k % 3},Drama|Comedy\n" for k in range(20)),
}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_reading_in_chunks_gives_the_table_of_one_read(tmp_path, monkeypatch, name):
    path = tmp_path / "t.csv"
    path.write_text(TABLES[name])
    whole = load(path)
    monkeypatch.setattr(delimited, "ID_CHUNK_ROWS", 3)
    _tables_equal(load(path), whole)
    _tables_equal(load(path, lambda e: None), whole)


def test_ids_that_turn_to_text_after_the_first_rows_are_coded_as_written(tmp_path):
    """The first 64 KiB show integer ids; text comes later: read again verbatim, in chunks."""
    rows = [f"{k % 500},{k % 300}" for k in range(20_000)] + ["u7,007", "7,i1"]
    path = tmp_path / "t.csv"
    path.write_text("user,item\n" + "\n".join(rows) + "\n")
    data = load(path)
    users, items = zip(*(r.split(",") for r in rows), strict=True)
    want_users, want_items = brute_force_codes(list(users)), brute_force_codes(list(items))
    assert data.user_ids == want_users[1] and data.item_ids == want_items[1]
    coo = data.matrix.tocoo()
    got = set(zip(coo.row.tolist(), coo.col.tolist(), strict=True))
    assert got == set(zip(want_users[0], want_items[0], strict=True))


def test_a_missing_id_in_a_later_chunk_names_its_line(tmp_path, monkeypatch):
    monkeypatch.setattr(delimited, "ID_CHUNK_ROWS", 2)
    path = tmp_path / "t.csv"
    path.write_text("user,item\nu1,i1\nu2,i2\nu3,i3\nu4,\nu5,i5\n")
    with pytest.raises(DataError, match="line 5: missing item id"):
        load(path)
