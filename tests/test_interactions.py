"""core.interactions: construction rules, reading helpers, and every edit with its undo."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import DataError
from core.interactions import (
    AddItem,
    AddUser,
    Interactions,
    ItemInfo,
    RemoveItem,
    RemoveUser,
    RenameItem,
    RenameUser,
    SetCell,
)


def table() -> Interactions:
    """u1: a=5 b=3; u2: b=4 c=1; u3: (nothing) — explicit, with timestamps."""
    data = Interactions.from_triples(
        ["u1", "u1", "u2", "u2"], ["a", "b", "b", "c"], [5, 3, 4, 1], [10, 11, 12, 13],
        items_info={"a": ItemInfo("Alpha", ("Drama",))},
    )
    data.add_user("u3")
    return data


def dense(data: Interactions) -> list[list[float]]:
    return data.matrix.toarray().tolist()


def test_from_triples_orders_numeric_ids_numerically_and_others_by_appearance():
    data = Interactions.from_triples(["10", "9", "100"], ["b", "a", "b"])
    assert data.user_ids == ["9", "10", "100"]
    assert data.item_ids == ["b", "a"]
    mixed = Interactions.from_triples(["10", "x", "9"], ["1", "1", "1"])
    assert mixed.user_ids == ["10", "x", "9"]  # not all numeric: order of appearance
    assert Interactions.from_triples([3, 1], [2.0, 1.0]).item_ids == ["1", "2"]


def test_from_triples_with_odd_numeric_ids_does_not_overflow():
    data = Interactions.from_triples(["a", "b"], ["1e30", "inf"])
    assert data.item_ids == ["1e30", "inf"]


def test_duplicates_latest_timestamp_wins_then_last_in_input():
    data = Interactions.from_triples(
        ["u", "u", "u", "u"], ["i", "i", "j", "j"], [5, 2, 3, 4], [20, 10, 7, 7]
    )
    assert data.get("u", "i") == 5.0 and data.get("u", "j") == 4.0
    assert data.timestamps.tolist() == [20, 7]
    no_ts = Interactions.from_triples(["u", "u"], ["i", "i"], [5, 2])
    assert no_ts.get("u", "i") == 2.0 and no_ts.nnz == 1


def test_explicit_is_inferred_from_values():
    assert not Interactions.from_triples(["u"], ["i"]).explicit
    assert not Interactions.from_triples(["u"], ["i"], [1.0]).explicit
    assert Interactions.from_triples(["u"], ["i"], [2.0]).explicit


def test_from_codes_places_cells_and_drops_duplicates():
    a = Interactions.from_codes(["x", "y"], ["p", "q", "r"], [1, 0, 1], [2, 0, 2], [3, 4, 5])
    assert dense(a) == [[4, 0, 0], [0, 0, 5]]  # (y, r) twice: the last one wins
    assert a.explicit and a.matrix.has_sorted_indices


def test_shape_mismatch_and_duplicate_ids_are_rejected():
    with pytest.raises(ValueError):
        Interactions(["a"], ["x"], sp.csr_matrix((2, 1)))
    with pytest.raises(DataError, match="duplicate user ids"):
        Interactions(["a", "a"], ["x"], sp.csr_matrix((2, 1)))


def test_reading_helpers():
    data = table()
    assert data.shape == (3, 3) and data.nnz == 4
    assert data.get("u1", "c") is None
    idx, vals = data.user_items("u2")
    assert idx.tolist() == [1, 2] and vals.tolist() == [4.0, 1.0]
    assert data.item_label("a") == "Alpha" and data.item_label("b") == "b"
    assert data.binary().toarray().tolist() == [[1, 1, 0], [0, 1, 1], [0, 0, 0]]
    with pytest.raises(KeyError, match="unknown user 'zz'"):
        data.user_index("zz")


def test_filter_entries_keeps_marked_cells_and_their_timestamps():
    data = table()
    kept = data.filter_entries(np.array([True, False, False, True]), name="train")
    assert dense(kept) == [[5, 0, 0], [0, 0, 1], [0, 0, 0]]
    assert kept.timestamps.tolist() == [10, 13]
    assert kept.user_ids == data.user_ids and kept.name == "train"
    assert data.nnz == 4  # the original is untouched


def test_row_vectors_over_another_item_index():
    data = table()
    rows = data.row_vectors(["u2", "u1"], ["c", "zz", "a"])
    assert rows.toarray().tolist() == [[1, 0, 0], [0, 0, 5]]
    same = data.row_vectors(["u1"], data.item_ids)
    assert same.toarray().tolist() == [[5, 3, 0]]


# -- edits and their inverses --------------------------------------------------------------------


def assert_undo_restores(change):
    data = table()
    before = data.copy()
    info_before = dict(data.items_info)
    inverse = data.apply(change)
    assert data != before
    redo = data.apply(inverse)
    assert data == before
    assert data.items_info == info_before
    data.apply(redo)
    again = table()
    again.apply(change)
    assert data == again
    return data


@pytest.mark.parametrize("change", [
    SetCell("u1", "c", 2.0),  # new cell
    SetCell("u1", "a", 1.5),  # overwrite
    SetCell("u1", "a", None),  # clear
    SetCell("u3", "b", 4.0, timestamp=99),
    AddUser("new", position=0, cells=(("c", 2.0, None), ("a", 1.0, 50))),
    AddUser("last"),
    RemoveUser("u1"),
    RemoveUser("u3"),
    RenameUser("u2", "bob"),
    AddItem("d", position=1, info=ItemInfo("Delta"), cells=(("u2", 3.0, None),)),
    AddItem("e"),
    RemoveItem("b"),
    RemoveItem("a"),
    RenameItem("a", "alpha"),
], ids=repr)
def test_every_edit_is_undone_by_its_inverse(change):
    assert_undo_restores(change)


def test_edits_do_what_they_say():
    data = table()
    start = data.version
    data.set_cell("u3", "a", 2.0)
    assert data.get("u3", "a") == 2.0
    assert data.timestamps[-1] == 14  # newest timestamp + 1
    data.clear_cell("u1", "a")
    assert data.get("u1", "a") is None
    data.add_item("d", ItemInfo("Delta"))
    assert data.item_ids[-1] == "d" and data.item_label("d") == "Delta"
    data.rename_item("a", "alpha")
    assert data.has_item("alpha") and not data.has_item("a")
    assert data.items_info["alpha"].title == "Alpha"
    data.remove_user("u2")
    assert data.user_ids == ["u1", "u3"]
    assert dense(data) == [[0, 3, 0, 0], [2, 0, 0, 0]]
    assert data.version == start + 5


def test_bad_edits_raise_and_leave_the_table_untouched():
    data = table()
    before = data.copy()
    for change in [
        SetCell("u1", "a", 0.0), SetCell("u1", "a", float("nan")), SetCell("zz", "a", 1.0),
        AddUser("u1"), AddUser(""), AddUser("x", position=9), RenameUser("u1", "u2"),
        AddItem("a"), RenameItem("a", "b"), RemoveItem("zz"),
    ]:
        with pytest.raises((KeyError, ValueError)):
            data.apply(change)
    assert data == before and data.version == before.version


USERS = ["u1", "u2", "u3", "n1"]
ITEMS = ["a", "b", "c", "n2"]
changes = st.one_of(
    st.builds(SetCell, st.sampled_from(USERS), st.sampled_from(ITEMS),
              st.none() | st.sampled_from([1.0, 2.5, 5.0])),
    st.builds(AddUser, st.sampled_from(USERS), st.none() | st.integers(0, 3)),
    st.builds(RemoveUser, st.sampled_from(USERS)),
    st.builds(RenameUser, st.sampled_from(USERS), st.sampled_from(USERS)),
    st.builds(AddItem, st.sampled_from(ITEMS), st.none() | st.integers(0, 3)),
    st.builds(RemoveItem, st.sampled_from(ITEMS)),
    st.builds(RenameItem, st.sampled_from(ITEMS), st.sampled_from(ITEMS)),
)


@settings(max_examples=100, deadline=None)
@given(st.lists(changes, max_size=12))
def test_any_edit_sequence_is_undone_in_reverse(sequence):
    data = table()
    before = data.copy()
    undo = []
    for change in sequence:
        try:
            undo.append(data.apply(change))
        except (KeyError, ValueError):
            continue
        assert data.matrix.has_sorted_indices
        assert data.timestamps is None or len(data.timestamps) == data.nnz
    for inverse in reversed(undo):
        data.apply(inverse)
    assert data == before
    assert data.items_info == before.items_info


def _reference_build(rows, cols, values, stamps, n_items):
    """Duplicates by the module's rule, brute force: latest timestamp, then last in input."""
    best: dict[tuple[int, int], tuple[int, int]] = {}
    for position, (r, c) in enumerate(zip(rows, cols, strict=True)):
        rank = (stamps[position] if stamps is not None else 0, position)
        if (r, c) not in best or rank >= best[(r, c)]:
            best[(r, c)] = rank
    kept = sorted(best.items())
    return ([k for k, _ in kept], [values[p] for _, (_, p) in kept],
            [stamps[p] for _, (_, p) in kept] if stamps is not None else None,
            [p for _, (_, p) in kept])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 4), st.integers(1, 5),
                          st.integers(0, 3)), max_size=40),
       st.booleans(), st.booleans())
def test_from_codes_matches_a_brute_force_build(entries, timed, presorted):
    """Sorted or not, with or without duplicates and timestamp ties: the same cells, values,
    timestamps and input positions as the rule applied one entry at a time."""
    if presorted:
        entries = sorted(entries, key=lambda e: (e[0], e[1]))
    rows = [e[0] for e in entries]
    cols = [e[1] for e in entries]
    values = [float(e[2]) for e in entries]
    stamps = [e[3] for e in entries] if timed else None
    built = Interactions.from_codes([f"u{i}" for i in range(4)], [f"i{j}" for j in range(5)],
                                    np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64),
                                    np.array(values), None if stamps is None else np.array(stamps))
    cells, kept_values, kept_stamps, positions = _reference_build(rows, cols, values, stamps, 5)
    m = built.matrix.tocoo()
    assert list(zip(m.row.tolist(), m.col.tolist(), strict=True)) == cells
    assert m.data.tolist() == kept_values
    assert (None if built.timestamps is None else built.timestamps.tolist()) == kept_stamps
    assert built.input_order.tolist() == positions


def test_from_codes_does_not_share_the_callers_arrays():
    values, stamps = np.array([2.0, 3.0], dtype=np.float32), np.array([5, 6])
    built = Interactions.from_codes(["u"], ["a", "b"], np.array([0, 0]), np.array([0, 1]),
                                    values, stamps)
    values[:] = 9.0
    stamps[:] = 0
    assert built.matrix.data.tolist() == [2.0, 3.0] and built.timestamps.tolist() == [5, 6]
