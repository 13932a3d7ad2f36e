"""Ids are kept exactly as written (only surrounding whitespace is stripped).

Before, ids that were all whole numbers were rewritten: "007" and "7" merged into one user, an
ISBN lost its leading zero, "+1" became "1" and "2.0" became "2". Whole-number ids are still
*shown* in numeric order, but the ids themselves are never changed.
"""

import json

import pytest

from core.interactions import Interactions
from core.io import load


def _csv(tmp_path, text: str, name: str = "d.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load(path)


def test_007_and_7_are_different_users(tmp_path):
    data = _csv(tmp_path, "user,item\n007,1\n7,2\n7,3\n")
    assert data.user_ids == ["007", "7"]
    assert data.matrix[0].nnz == 1 and data.matrix[1].nnz == 2


def test_isbns_keep_their_leading_zero(tmp_path):
    data = _csv(tmp_path, "user,isbn,rating\n1,0345339703,5\n2,0451526341,3\n2,345339703,4\n")
    # numeric order for display (ties by text); the ids themselves unchanged
    assert data.item_ids == ["0345339703", "345339703", "0451526341"]


@pytest.mark.parametrize("ids", [["+1", "1"], ["2.0", "2"], ["1e1", "10"]])
def test_numbers_written_differently_are_different_ids(tmp_path, ids):
    rows = "".join(f"{u},a\n" for u in ids)
    data = _csv(tmp_path, "user,item\n" + rows)
    assert sorted(data.user_ids) == sorted(ids)


def test_whole_number_ids_are_still_shown_in_numeric_order(tmp_path):
    data = _csv(tmp_path, "user,item\n10,5\n9,5\n010,5\n100,5\n")
    assert data.user_ids == ["9", "010", "10", "100"]


def test_surrounding_whitespace_is_stripped_from_ids(tmp_path):
    data = _csv(tmp_path, "user,item\n u1 ,a\nu1, a\n")
    assert data.user_ids == ["u1"] and data.item_ids == ["a"]


def test_tab_separated_ids_keep_leading_zeros(tmp_path):
    data = _csv(tmp_path, "01\t1\t5\n1\t1\t4\n", name="d.tsv")
    assert data.user_ids == ["01", "1"]


def test_seed_json_keeps_ids_and_strips_whitespace(tmp_path):
    doc = {"007": ["0345339703"], "7": ["345339703"], " u1 ": ["a"]}
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(doc))
    data = load(path)
    assert set(data.user_ids) == {"007", "7", "u1"}
    assert set(data.item_ids) == {"0345339703", "345339703", "a"}


def test_from_triples_keeps_ids_as_written():
    data = Interactions.from_triples(["007", "7", "07"], ["a", "a", "b"])
    assert data.user_ids == ["007", "07", "7"]


@pytest.mark.parametrize(
    "raw, expected",
    [(b"1,2\n3,4\n", False), (b"007,1\n", True), (b"1,+1\n", True), (b"1,-0\n", True),
     (b"0,1\n", False), (b"10,20\n", False), (b"0.5,1\n", False), (b"1,05\n", True)],
)
def test_the_non_canonical_integer_scan_over_chunks(raw, expected):
    from core.io.delimited import may_rewrite_integers

    assert may_rewrite_integers(raw) is expected
    assert may_rewrite_integers(raw, chunk=2) is expected  # a '0' at a chunk boundary
