"""One-cell edits (kept per row until the matrix is read) give the same table as a rebuild."""

import numpy as np
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from core.interactions import Interactions, SetCell

N_USERS, N_ITEMS = 5, 6

cells = st.tuples(st.integers(0, N_USERS - 1), st.integers(0, N_ITEMS - 1))
edits = st.lists(
    st.tuples(cells, st.one_of(st.none(), st.integers(1, 5).map(float)),
              st.booleans(),  # read the whole matrix after this edit (compacts)
              st.booleans()),  # ask for the item counts after this edit (caches them)
    max_size=25,
)


def start_table(seed: int, timestamps: bool) -> Interactions:
    rng = np.random.default_rng(seed)
    mask = rng.random((N_USERS, N_ITEMS)) < 0.4
    rows, cols = np.nonzero(mask)
    values = rng.integers(1, 6, len(rows)).astype(float)
    ts = rng.integers(0, 50, len(rows)) if timestamps else None
    return Interactions.from_codes([f"u{i}" for i in range(N_USERS)],
                                   [f"i{j}" for j in range(N_ITEMS)], rows, cols, values, ts)


def rebuild(cells: dict) -> Interactions:
    """The table built from scratch from {(u, j): (value, ts)}."""
    keys = sorted(cells)
    rows = np.array([u for u, _ in keys], dtype=np.int64)
    cols = np.array([j for _, j in keys], dtype=np.int64)
    values = np.array([cells[k][0] for k in keys])
    ts = None if not cells or cells[keys[0]][1] is None else np.array(
        [cells[k][1] for k in keys], dtype=np.int64)
    return Interactions.from_codes([f"u{i}" for i in range(N_USERS)],
                                   [f"i{j}" for j in range(N_ITEMS)], rows, cols,
                                   values if len(values) else np.zeros(0), ts)


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 1000), timestamps=st.booleans(), script=edits)
def test_one_cell_edits_equal_a_rebuild_and_undo_restores(seed, timestamps, script):
    data = start_table(seed, timestamps)
    original = data.copy()
    m = data.matrix
    ts = data.timestamps
    reference = {}
    for u in range(N_USERS):
        for p in range(m.indptr[u], m.indptr[u + 1]):
            reference[(u, int(m.indices[p]))] = (float(m.data[p]),
                                                 None if ts is None else int(ts[p]))
    latest = -1 if ts is None or not len(ts) else int(ts.max())
    undo = []
    for (u, j), value, read_all, count in script:
        user, item = f"u{u}", f"i{j}"
        expected_old = reference.get((u, j), (None, None))[0]
        assert data.get(user, item) == expected_old
        undo.append(data.apply(SetCell(user, item, value)))
        if value is None:
            reference.pop((u, j), None)
        else:
            new_ts = None if ts is None else latest + 1
            if new_ts is not None:
                latest = new_ts
            reference[(u, j)] = (value, new_ts)
        assert data.nnz == len(reference)
        assert data.get(user, item) == value
        idx, vals = data.user_items(user)
        mine = sorted((jj, v) for (uu, jj), (v, _) in reference.items() if uu == u)
        assert list(zip(idx.tolist(), vals.tolist(), strict=True)) == mine
        row = data.row_vectors([user], data.item_ids).toarray()[0]
        assert row.tolist() == [dict(mine).get(jj, 0.0) for jj in range(N_ITEMS)]
        if count:
            expected = np.bincount([jj for _, jj in reference], minlength=N_ITEMS)
            assert data.item_counts().tolist() == expected.tolist()
        if read_all:
            assert data == rebuild(reference) if reference else data.nnz == 0
    if reference:
        assert data == rebuild(reference)
    for inverse in reversed(undo):
        data.apply(inverse)
    assert data == original
    assert data.item_counts().tolist() == np.bincount(original.matrix.indices,
                                                      minlength=N_ITEMS).tolist()


def test_user_view_is_the_users_current_row():
    data = start_table(3, True)
    data.set_cell("u1", "i2", 4.0)
    view = data.user_view("u1")
    assert view.user_ids == ["u1"] and view.item_ids == data.item_ids
    np.testing.assert_array_equal(view.matrix.toarray()[0],
                                  data.matrix[data.user_index("u1")].toarray()[0])
    idx, _ = data.user_items("u1")
    assert sp.csr_matrix(view.matrix).nnz == len(idx) == len(view.timestamps)


def test_a_new_cell_after_clearing_the_latest_gets_the_latest_time_held_plus_one():
    data = Interactions.from_triples(["a", "a", "b"], ["x", "y", "x"], None, [5, 9, 7])
    data.clear_cell("a", "y")  # held time 9
    data.matrix  # noqa: B018  (folds the edit in)
    data.set_cell("b", "y", 1.0)
    assert data.timestamps[data.matrix.indptr[1] + 1] == 10


def test_item_counts_follow_structural_edits():
    from core.interactions import AddItem, RemoveUser

    data = start_table(3, True)
    data.item_counts()  # cached, then invalidated by the structural edits below
    data.apply(AddItem("new", 2))
    data.apply(RemoveUser("u1"))
    assert data.item_counts().tolist() == np.bincount(data.matrix.indices,
                                                      minlength=data.n_items).tolist()
    assert data.item_counts()[data.item_index("new")] == 0
