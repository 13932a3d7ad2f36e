"""The behaviour table: users × items interactions, sparse underneath.

``Interactions`` holds a CSR matrix (rows = users, columns = items) whose stored entries are the
interactions: value 1.0 for implicit data (a click, a purchase), the rating for explicit data.
Optional timestamps are kept in an array aligned with ``matrix.data`` (same order), so the two can
never disagree about which cells exist. Users and items have stable string ids; their position in
``user_ids`` / ``item_ids`` is their row / column index.

Edits go through ``apply(change)``, which returns the inverse change: applying that undoes the edit.
This is what the GUI's undo stack stores. A dense users × items copy is never made. Setting or
clearing one cell costs O(that user's row): edited rows wait in a ``RowOverlay`` and are folded
into ``matrix`` (O(all interactions), once) only when the whole matrix or timestamps are read;
``get``, ``user_items``, ``row_vectors`` and ``nnz`` read the overlay directly. A new cell without
a given timestamp gets the latest timestamp the table has held + 1.

Duplicate (user, item) pairs in input: the latest by timestamp wins; without timestamps (or on a
timestamp tie) the one that comes last in the input wins.

``input_order`` (optional, aligned with ``matrix.data``) is each entry's position in the input it
was built from (``from_codes``); splits use it to break timestamp ties the way a stable sort of the
input would (``core.evaluation.splits``). Any edit but a rename drops it (positions no longer mean
anything), and it takes no part in equality.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from core.errors import DataError
from core.row_overlay import RowOverlay, edit_row

VALUE_DTYPE = np.float32


@dataclass(frozen=True)
class ItemInfo:
    """Optional metadata of an item, for display."""

    title: str = ""
    genres: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()  # free-text tags (MovieLens tags.csv, a user's item file)


# ---------------------------------------------------------------------------------------------
# Changes: plain records of an edit. ``Interactions.apply`` performs one and returns its inverse.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SetCell:
    """Set (value) or clear (value=None) the interaction of ``user`` with ``item``."""

    user: str
    item: str
    value: float | None
    timestamp: int | None = None


@dataclass(frozen=True)
class AddUser:
    """Insert a user at ``position`` (None = last) with the given cells (item id, value, ts)."""

    user: str
    position: int | None = None
    cells: tuple[tuple[str, float, int | None], ...] = ()


@dataclass(frozen=True)
class RemoveUser:
    user: str


@dataclass(frozen=True)
class RenameUser:
    old: str
    new: str


@dataclass(frozen=True)
class AddItem:
    """Insert an item at ``position`` (None = last) with metadata and cells (user id, value, ts)."""

    item: str
    position: int | None = None
    info: ItemInfo | None = None
    cells: tuple[tuple[str, float, int | None], ...] = ()


@dataclass(frozen=True)
class RemoveItem:
    item: str


@dataclass(frozen=True)
class RenameItem:
    old: str
    new: str


Change = SetCell | AddUser | RemoveUser | RenameUser | AddItem | RemoveItem | RenameItem


def _natural_order(values: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Codes and string ids: ids kept as written (surrounding whitespace stripped), shown in
    numeric order when every one is a whole number, else in order of first appearance.

    "007" and "7" are different ids (listed by value, ties by text: "007" before "7"); nothing
    is rewritten. Numpy only: pandas costs ~0.8 s to import at start-up.
    """
    strings = np.char.strip(_texts(values))
    if not len(strings):
        return np.zeros(0, dtype=np.int64), []
    uniques, first, inverse = np.unique(strings, return_index=True, return_inverse=True)
    numbers = _as_whole_numbers(uniques)
    if numbers is not None:
        order = np.argsort(numbers, kind="stable")  # ties keep np.unique's text order
    else:
        order = np.argsort(first, kind="stable")
    position = np.empty(len(order), dtype=np.int64)
    position[order] = np.arange(len(order))
    return position[inverse.ravel()], [str(u) for u in uniques[order]]


def _texts(values: np.ndarray) -> np.ndarray:
    """Ids as text; numbers given as numbers (not text) are written plainly (2.0 -> "2")."""
    arr = np.asarray(values)
    if arr.dtype.kind == "f" and np.isfinite(arr).all() and (arr == np.floor(arr)).all():
        arr = arr.astype(np.int64)
    elif arr.dtype == object:
        arr = np.array([int(v) if isinstance(v, float) and v.is_integer() else v for v in arr],
                       dtype=object)
    return arr.astype(str)


def _as_whole_numbers(strings: np.ndarray) -> np.ndarray | None:
    """Numeric values of ``strings`` (for ordering only) when every one is a finite whole
    number below 2**62, else None."""
    try:
        floats = np.array([float(x) for x in strings], dtype=np.float64)
    except (ValueError, OverflowError):
        return None
    if not (np.isfinite(floats).all() and (np.abs(floats) < 2.0**62).all()):
        return None
    if not (floats == np.floor(floats)).all():
        return None
    return np.array([_whole(x) for x in strings], dtype=np.int64)


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return int(float(text))


def _stable_order(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the positions that sort ``key`` stably, the sorted keys). Where key × n fits 63 bits,
    key × n + position is unique, and numpy's vectorised sort of those is ~2x faster than a
    stable argsort (timsort) of the keys; ``key`` is overwritten either way."""
    n = len(key)
    if int(key.max()) < (2**63 - 1) // n - 1:
        key *= n
        key += np.arange(n, dtype=np.int64)
        key.sort()
        order = key % n
        key //= n
        return order, key
    order = np.argsort(key, kind="stable")
    return order, key[order]


def _kept_entries(rows: np.ndarray, cols: np.ndarray, n_items: int,
                  timestamps: np.ndarray | None) -> np.ndarray | None:
    """Input positions of the entries to keep, in (row, column) order: of duplicate (row,
    column) pairs the latest timestamp wins, then the last in input. None when the input is in
    that order already without duplicates (a file sorted by user and item), so that nothing
    need be sorted or copied."""
    key = rows * max(n_items, 1)
    key += cols
    if len(key) < 2 or bool((key[1:] > key[:-1]).all()):
        return None
    order, key = _stable_order(key)
    last = np.ones(len(order), dtype=bool)
    last[:-1] = key[1:] != key[:-1]
    if timestamps is not None and not last.all():
        # only the runs of equal keys need ordering by time (stable: ties keep input order)
        repeated = ~last[:-1]
        in_run = np.zeros(len(order), dtype=bool)
        in_run[:-1] |= repeated
        in_run[1:] |= repeated
        at = np.flatnonzero(in_run)
        runs = order[at]
        order[at] = runs[np.lexsort((timestamps[runs], key[at]))]
    return order[last]


@dataclass
class Interactions:
    """Users × items behaviour table (see module docstring)."""

    user_ids: list[str]
    item_ids: list[str]
    matrix: sp.csr_matrix
    timestamps: np.ndarray | None = None
    explicit: bool = False
    items_info: dict[str, ItemInfo] = field(default_factory=dict)
    name: str = ""
    version: int = 0  # bumped by every applied change; lets models and views notice staleness
    # What the loader wants the user to know (e.g. "titles not loaded: ..."); not part of the data.
    notes: list[str] = field(default_factory=list, compare=False, repr=False)
    input_order: np.ndarray | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.matrix = sp.csr_matrix(self.matrix, dtype=VALUE_DTYPE)
        if self.matrix.shape != (len(self.user_ids), len(self.item_ids)):
            raise ValueError(
                f"matrix shape {self.matrix.shape} does not match "
                f"{len(self.user_ids)} users × {len(self.item_ids)} items"
            )
        if not self.matrix.has_sorted_indices:
            if self.timestamps is not None:
                raise ValueError("timestamps need a matrix with sorted indices")
            self.matrix.sort_indices()
        if self.timestamps is not None:
            self.timestamps = np.asarray(self.timestamps, dtype=np.int64)
            if self.timestamps.shape != (self.matrix.nnz,):
                raise ValueError("timestamps must align with matrix.data")
        if self.input_order is not None:
            self.input_order = np.asarray(self.input_order, dtype=np.int64)
            if self.input_order.shape != (self.matrix.nnz,):
                raise ValueError("input_order must align with matrix.data")
        self._rebuild_indexes()

    # -- construction ---------------------------------------------------------------------------

    @classmethod
    def from_codes(
        cls,
        user_ids: Sequence[str],
        item_ids: Sequence[str],
        rows: np.ndarray,
        cols: np.ndarray,
        values: np.ndarray | None = None,
        timestamps: np.ndarray | None = None,
        *,
        explicit: bool | None = None,
        items_info: dict[str, ItemInfo] | None = None,
        name: str = "",
        copy: bool = True,
    ) -> Interactions:
        """Build from integer row/column codes (the fast path for loaders).

        Duplicates follow the module's rule (latest timestamp, then last in input, wins).
        ``explicit=None`` means: explicit when values are given and are not all 1.
        ``copy=False``: ``values`` and ``timestamps`` are the caller's to give away (a loader's
        own arrays) and may become the table's, uncopied.
        """
        rows = np.asarray(rows, dtype=np.int64)
        cols = np.asarray(cols, dtype=np.int64)
        n_users, n_items = len(user_ids), len(item_ids)
        vals = (
            np.ones(len(rows), dtype=VALUE_DTYPE)
            if values is None
            else np.asarray(values, dtype=VALUE_DTYPE)
        )
        if explicit is None:
            explicit = values is not None and bool(len(vals)) and not np.all(vals == 1.0)
        ts = None if timestamps is None else np.asarray(timestamps, dtype=np.int64)
        keep = _kept_entries(rows, cols, n_items, ts)
        if keep is None:  # already in (row, column) order without duplicates: nothing moves
            keep = np.arange(len(rows), dtype=np.int64)
            counts = np.bincount(rows, minlength=n_users)
            cols = cols.astype(np.int32)
            if copy:  # never share the caller's arrays
                vals = vals if values is None else vals.copy()
                ts = None if ts is None else ts.copy()
        else:
            counts = np.bincount(rows[keep], minlength=n_users)
            vals, cols = vals[keep], cols[keep].astype(np.int32)
            ts = None if ts is None else ts[keep]
        indptr = np.zeros(n_users + 1, dtype=np.int64)
        np.cumsum(counts, out=indptr[1:])
        matrix = sp.csr_matrix((vals, cols, indptr), shape=(n_users, n_items))
        matrix.has_sorted_indices = True
        return cls(
            list(map(str, user_ids)),
            list(map(str, item_ids)),
            matrix,
            ts,
            explicit=bool(explicit),
            items_info=dict(items_info or {}),
            name=name,
            input_order=keep,
        )

    @classmethod
    def from_triples(
        cls,
        users: Iterable,
        items: Iterable,
        values: Iterable | None = None,
        timestamps: Iterable | None = None,
        *,
        explicit: bool | None = None,
        items_info: dict[str, ItemInfo] | None = None,
        name: str = "",
    ) -> Interactions:
        """Build from parallel sequences of user ids, item ids and optional values/timestamps.

        Integer-like ids are ordered numerically; other ids keep their order of first appearance.
        """
        u = np.asarray(list(users) if not isinstance(users, np.ndarray) else users, dtype=object)
        i = np.asarray(list(items) if not isinstance(items, np.ndarray) else items, dtype=object)
        rows, user_ids = _natural_order(u)
        cols, item_ids = _natural_order(i)
        v = None if values is None else np.asarray(list(values), dtype=np.float64)
        t = None if timestamps is None else np.asarray(list(timestamps), dtype=np.int64)
        return cls.from_codes(
            user_ids, item_ids, rows, cols, v, t,
            explicit=explicit, items_info=items_info, name=name,
        )

    @classmethod
    def empty(cls, *, explicit: bool = False, name: str = "") -> Interactions:
        return cls([], [], sp.csr_matrix((0, 0), dtype=VALUE_DTYPE), None, explicit, {}, name)

    # -- reading --------------------------------------------------------------------------------

    @property
    def n_users(self) -> int:
        return len(self.user_ids)

    @property
    def n_items(self) -> int:
        return len(self.item_ids)

    @property
    def nnz(self) -> int:
        return int(self._matrix.nnz) + self._overlay.nnz_delta

    @property
    def shape(self) -> tuple[int, int]:
        return (self.n_users, self.n_items)

    def user_index(self, user: str) -> int:
        """Row of ``user``; KeyError naming the user when unknown."""
        try:
            return self._user_pos[user]
        except KeyError:
            raise KeyError(f"unknown user {user!r}") from None

    def item_index(self, item: str) -> int:
        try:
            return self._item_pos[item]
        except KeyError:
            raise KeyError(f"unknown item {item!r}") from None

    def has_user(self, user: str) -> bool:
        return user in self._user_pos

    def has_item(self, item: str) -> bool:
        return item in self._item_pos

    def get(self, user: str, item: str) -> float | None:
        """The value of a cell, or None when the user has no interaction with the item."""
        idx, val, _ = self._row(self.user_index(user))
        j = self.item_index(item)
        k = int(np.searchsorted(idx, j))
        return float(val[k]) if k < len(idx) and idx[k] == j else None

    def user_items(self, user: str | int) -> tuple[np.ndarray, np.ndarray]:
        """(item indices, values) of one user's row."""
        u = self.user_index(user) if isinstance(user, str) else int(user)
        idx, val, _ = self._row(u)
        return idx.copy(), val.copy()

    def user_view(self, user: str) -> Interactions:
        """A one-user table (same items and item info) holding ``user``'s current row.

        O(that row + the number of items): what a recommendation refresh needs, without copying
        the whole table.
        """
        idx, val, ts = self._row(self.user_index(user))
        m = sp.csr_matrix((val.copy(), idx.copy(), np.array([0, len(idx)])),
                          shape=(1, self.n_items))
        m.has_sorted_indices = True
        view = Interactions.__new__(Interactions)
        # Same items: reuse the item index (never changed in place) instead of rebuilding it.
        view._known_item_pos = self._item_pos
        view.__init__([user], list(self.item_ids), m, None if ts is None else ts.copy(),
                      self.explicit, dict(self.items_info), self.name, self.version)
        return view

    def item_counts(self) -> np.ndarray:
        """Interactions per item (read-only), kept up to date by cell edits in O(1) each, so a
        view can ask after every edit without folding the edits into the whole matrix."""
        if self._item_counts is None:
            m = self._matrix
            self._item_counts = np.bincount(m.indices, minlength=self.n_items).astype(np.int64)
            for u, (idx, _values, _ts) in self._overlay.rows.items():
                np.subtract.at(self._item_counts, m.indices[m.indptr[u]:m.indptr[u + 1]], 1)
                np.add.at(self._item_counts, idx, 1)
        view = self._item_counts.view()
        view.flags.writeable = False
        return view

    def item_label(self, item: str) -> str:
        """The item's title when known, else its id."""
        info = self.items_info.get(item)
        return info.title if info and info.title else item

    def binary(self) -> sp.csr_matrix:
        """The matrix with every stored entry set to 1 (the implicit view of explicit data)."""
        m = self.matrix.copy()
        m.data = np.ones_like(m.data)
        return m

    def row_vectors(self, users: Sequence[str], item_ids: Sequence[str]) -> sp.csr_matrix:
        """Rows of ``users`` expressed over another item index (e.g. a trained model's).

        Items this table has but ``item_ids`` lacks are dropped.
        """
        if self._overlay:
            parts = [self._row(self.user_index(u)) for u in users]
            indptr = np.concatenate([[0], np.cumsum([len(p[0]) for p in parts])])
            rows = sp.csr_matrix(
                (np.concatenate([p[1] for p in parts] or [np.zeros(0, VALUE_DTYPE)]),
                 np.concatenate([p[0] for p in parts] or [np.zeros(0, np.int32)]), indptr),
                shape=(len(parts), self.n_items))
        else:
            rows = self.matrix[[self.user_index(u) for u in users]]
        if list(item_ids) == self.item_ids:
            return sp.csr_matrix(rows)
        pos = {it: j for j, it in enumerate(item_ids)}
        mapping = np.array([pos.get(it, -1) for it in self.item_ids], dtype=np.int64)
        coo = rows.tocoo()
        new_cols = mapping[coo.col] if coo.nnz else coo.col
        ok = new_cols >= 0
        return sp.csr_matrix(
            (coo.data[ok], (coo.row[ok], new_cols[ok])), shape=(rows.shape[0], len(item_ids))
        )

    def filter_entries(self, keep: np.ndarray, name: str | None = None) -> Interactions:
        """A copy keeping only the stored entries where ``keep`` (aligned with matrix.data)."""
        keep = np.asarray(keep, dtype=bool)
        coo_rows = np.repeat(np.arange(self.n_users), np.diff(self.matrix.indptr))
        counts = np.bincount(coo_rows[keep], minlength=self.n_users)
        indptr = np.zeros(self.n_users + 1, dtype=np.int64)
        np.cumsum(counts, out=indptr[1:])
        m = sp.csr_matrix(
            (self.matrix.data[keep], self.matrix.indices[keep], indptr), shape=self.shape
        )
        m.has_sorted_indices = True
        return Interactions(
            list(self.user_ids), list(self.item_ids), m,
            None if self.timestamps is None else self.timestamps[keep],
            self.explicit, dict(self.items_info), self.name if name is None else name,
            input_order=None if self.input_order is None else self.input_order[keep],
        )

    def copy(self) -> Interactions:
        return Interactions(
            list(self.user_ids), list(self.item_ids), self.matrix.copy(),
            None if self.timestamps is None else self.timestamps.copy(),
            self.explicit, dict(self.items_info), self.name, self.version,
            input_order=None if self.input_order is None else self.input_order.copy(),
        )

    def triples(self) -> tuple[list[str], list[str], np.ndarray, np.ndarray | None]:
        """(user ids, item ids, values, timestamps) of every stored entry, row-major."""
        coo_rows = np.repeat(np.arange(self.n_users), np.diff(self.matrix.indptr))
        users = [self.user_ids[r] for r in coo_rows]
        items = [self.item_ids[c] for c in self.matrix.indices]
        ts = None if self.timestamps is None else self.timestamps.copy()
        return users, items, self.matrix.data.copy(), ts

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Interactions):
            return NotImplemented
        if (self.user_ids, self.item_ids, self.explicit) != (
            other.user_ids, other.item_ids, other.explicit
        ):
            return False
        if (self.matrix != other.matrix).nnz:
            return False
        if (self.timestamps is None) != (other.timestamps is None):
            return False
        return self.timestamps is None or np.array_equal(self.timestamps, other.timestamps)

    __hash__ = None  # type: ignore[assignment]

    # -- editing --------------------------------------------------------------------------------

    def apply(self, change: Change) -> Change:
        """Perform ``change`` and return the change that undoes it.

        Raises ``KeyError``/``ValueError`` (and leaves the table untouched) when the change does not
        fit the table, e.g. an unknown user or a duplicate id.
        """
        handler = {
            SetCell: self._set_cell,
            AddUser: self._add_user,
            RemoveUser: self._remove_user,
            RenameUser: self._rename_user,
            AddItem: self._add_item,
            RemoveItem: self._remove_item,
            RenameItem: self._rename_item,
        }[type(change)]
        inverse = handler(change)
        if not isinstance(change, RenameUser | RenameItem):
            self.input_order = None  # entries may have moved, appeared or gone: positions void
        self.version += 1
        return inverse

    # Convenience wrappers used by the GUI and scripts; each returns the inverse change.
    def set_cell(self, user: str, item: str, value: float | None) -> Change:
        return self.apply(SetCell(user, item, value))

    def clear_cell(self, user: str, item: str) -> Change:
        return self.apply(SetCell(user, item, None))

    def add_user(self, user: str) -> Change:
        return self.apply(AddUser(user))

    def remove_user(self, user: str) -> Change:
        return self.apply(RemoveUser(user))

    def rename_user(self, old: str, new: str) -> Change:
        return self.apply(RenameUser(old, new))

    def add_item(self, item: str, info: ItemInfo | None = None) -> Change:
        return self.apply(AddItem(item, info=info))

    def remove_item(self, item: str) -> Change:
        return self.apply(RemoveItem(item))

    def rename_item(self, old: str, new: str) -> Change:
        return self.apply(RenameItem(old, new))

    # -- internals ------------------------------------------------------------------------------

    def _rebuild_indexes(self) -> None:
        self._user_pos = {u: k for k, u in enumerate(self.user_ids)}
        known = self.__dict__.pop("_known_item_pos", None)
        self._item_pos = (known if known is not None and len(known) == len(self.item_ids)
                          else {it: k for k, it in enumerate(self.item_ids)})
        if len(self._user_pos) != len(self.user_ids):
            raise DataError("duplicate user ids", self.name or None)
        if len(self._item_pos) != len(self.item_ids):
            raise DataError("duplicate item ids", self.name or None)

    def _row(self, u: int) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        """Row ``u`` now: (sorted item indices, values, timestamps); read-only views."""
        return self._overlay.row(self._matrix, self._timestamps, u)

    def _compact(self) -> None:
        if self._overlay:
            self._matrix, self._timestamps = self._overlay.compact(self._matrix, self._timestamps)

    def _replace_arrays(
        self, data: np.ndarray, indices: np.ndarray, indptr: np.ndarray,
        ts: np.ndarray | None, shape: tuple[int, int],
    ) -> None:
        m = sp.csr_matrix(
            (data.astype(VALUE_DTYPE, copy=False), indices.astype(np.int32, copy=False),
             indptr.astype(np.int64, copy=False)),
            shape=shape,
        )
        m.has_sorted_indices = True
        self.matrix = m
        self.timestamps = ts

    def _count_item(self, j: int, change: int) -> None:
        if self._item_counts is not None:
            self._item_counts[j] += change

    def _next_timestamp(self) -> int | None:
        """The latest timestamp the table has held + 1 (kept up to date in O(1) per edit)."""
        if self._timestamps is None:
            return None
        return self._max_ts + 1

    def _check_value(self, value: float) -> float:
        value = float(value)
        if not np.isfinite(value):
            raise ValueError(f"value must be a finite number, got {value!r}")
        if value <= 0:
            raise ValueError("value must be positive (clear the cell to remove an interaction)")
        return value

    def _set_cell(self, c: SetCell) -> Change:
        u, j = self.user_index(c.user), self.item_index(c.item)
        row = self._row(u)
        idx, val, times = row
        k = int(np.searchsorted(idx, j))
        present = k < len(idx) and idx[k] == j
        old_value = float(val[k]) if present else None
        old_ts = int(times[k]) if present and times is not None else None
        inverse = SetCell(c.user, c.item, old_value, old_ts)
        if c.value is None:
            if present:
                self._overlay.put(u, len(idx), edit_row(row, j, None, None)[0])
                self._count_item(j, -1)
            return inverse
        value = self._check_value(c.value)
        ts_value = c.timestamp if c.timestamp is not None else self._next_timestamp()
        if self._timestamps is not None and ts_value is not None:
            self._max_ts = max(self._max_ts, int(ts_value))
        self._overlay.put(u, len(idx), edit_row(row, j, value, ts_value)[0])
        if not present:
            self._count_item(j, 1)
        return inverse

    def _add_user(self, c: AddUser) -> Change:
        if not c.user or c.user in self._user_pos:
            raise ValueError(f"user id {c.user!r} is empty or already exists")
        cells = [(self.item_index(it), self._check_value(v), t) for it, v, t in c.cells]
        pos = self.n_users if c.position is None else int(c.position)
        if not 0 <= pos <= self.n_users:
            raise ValueError(f"position {pos} out of range")
        cells.sort(key=lambda x: x[0])
        m = self.matrix
        k = m.indptr[pos]
        new_idx = np.array([x[0] for x in cells], dtype=np.int32)
        new_val = np.array([x[1] for x in cells], dtype=VALUE_DTYPE)
        indptr = np.concatenate([m.indptr[: pos + 1], m.indptr[pos:] + len(cells)])
        ts = None
        if self.timestamps is not None:
            fill = self._next_timestamp()
            new_ts = np.array([fill if t is None else t for _, _, t in cells], dtype=np.int64)
            ts = np.concatenate([self.timestamps[:k], new_ts, self.timestamps[k:]])
        self._replace_arrays(
            np.concatenate([m.data[:k], new_val, m.data[k:]]),
            np.concatenate([m.indices[:k], new_idx, m.indices[k:]]),
            indptr, ts, (self.n_users + 1, self.n_items),
        )
        self.user_ids.insert(pos, c.user)
        self._rebuild_indexes()
        return RemoveUser(c.user)

    def _remove_user(self, c: RemoveUser) -> Change:
        u = self.user_index(c.user)
        m = self.matrix
        start, end = m.indptr[u], m.indptr[u + 1]
        cells = tuple(
            (
                self.item_ids[m.indices[p]],
                float(m.data[p]),
                None if self.timestamps is None else int(self.timestamps[p]),
            )
            for p in range(start, end)
        )
        indptr = np.concatenate([m.indptr[:u], m.indptr[u + 1:] - (end - start)])
        ts = None
        if self.timestamps is not None:
            ts = np.concatenate([self.timestamps[:start], self.timestamps[end:]])
        self._replace_arrays(
            np.concatenate([m.data[:start], m.data[end:]]),
            np.concatenate([m.indices[:start], m.indices[end:]]),
            indptr, ts, (self.n_users - 1, self.n_items),
        )
        del self.user_ids[u]
        self._rebuild_indexes()
        return AddUser(c.user, u, cells)

    def _rename_user(self, c: RenameUser) -> Change:
        u = self.user_index(c.old)
        if not c.new or (c.new in self._user_pos and c.new != c.old):
            raise ValueError(f"user id {c.new!r} is empty or already exists")
        self.user_ids[u] = c.new
        self._rebuild_indexes()
        return RenameUser(c.new, c.old)

    def _add_item(self, c: AddItem) -> Change:
        if not c.item or c.item in self._item_pos:
            raise ValueError(f"item id {c.item!r} is empty or already exists")
        pos = self.n_items if c.position is None else int(c.position)
        if not 0 <= pos <= self.n_items:
            raise ValueError(f"position {pos} out of range")
        cells = {self.user_index(u): (self._check_value(v), t) for u, v, t in c.cells}
        m = self.matrix
        rows = np.repeat(np.arange(self.n_users), np.diff(m.indptr))
        cols = m.indices.astype(np.int64)
        cols = np.where(cols >= pos, cols + 1, cols)
        data = m.data
        ts = self.timestamps
        if cells:
            fill = self._next_timestamp()
            add_rows = np.array(sorted(cells), dtype=np.int64)
            rows = np.concatenate([rows, add_rows])
            cols = np.concatenate([cols, np.full(len(add_rows), pos)])
            data = np.concatenate([data, [cells[r][0] for r in add_rows]])
            if ts is not None:
                extra = [fill if cells[r][1] is None else cells[r][1] for r in add_rows]
                ts = np.concatenate([ts, np.array(extra, dtype=np.int64)])
        order = np.lexsort((cols, rows))
        counts = np.bincount(rows, minlength=self.n_users)
        indptr = np.zeros(self.n_users + 1, dtype=np.int64)
        np.cumsum(counts, out=indptr[1:])
        self._replace_arrays(
            np.asarray(data)[order], cols[order], indptr,
            None if ts is None else ts[order], (self.n_users, self.n_items + 1),
        )
        self.item_ids.insert(pos, c.item)
        if c.info is not None:
            self.items_info[c.item] = c.info
        self._rebuild_indexes()
        return RemoveItem(c.item)

    def _remove_item(self, c: RemoveItem) -> Change:
        j = self.item_index(c.item)
        m = self.matrix
        rows = np.repeat(np.arange(self.n_users), np.diff(m.indptr))
        hit = m.indices == j
        cells = tuple(
            (
                self.user_ids[r],
                float(v),
                None if self.timestamps is None else int(t),
            )
            for r, v, t in zip(
                rows[hit], m.data[hit],
                self.timestamps[hit] if self.timestamps is not None else [None] * int(hit.sum()),
                strict=True,
            )
        )
        keep = ~hit
        cols = m.indices[keep].astype(np.int64)
        cols = np.where(cols > j, cols - 1, cols)
        counts = np.bincount(rows[keep], minlength=self.n_users)
        indptr = np.zeros(self.n_users + 1, dtype=np.int64)
        np.cumsum(counts, out=indptr[1:])
        self._replace_arrays(
            m.data[keep], cols, indptr,
            None if self.timestamps is None else self.timestamps[keep],
            (self.n_users, self.n_items - 1),
        )
        del self.item_ids[j]
        info = self.items_info.pop(c.item, None)
        self._rebuild_indexes()
        return AddItem(c.item, j, info, cells)

    def _rename_item(self, c: RenameItem) -> Change:
        j = self.item_index(c.old)
        if not c.new or (c.new in self._item_pos and c.new != c.old):
            raise ValueError(f"item id {c.new!r} is empty or already exists")
        self.item_ids[j] = c.new
        if c.old in self.items_info:
            self.items_info[c.new] = self.items_info.pop(c.old)
        self._rebuild_indexes()
        return RenameItem(c.new, c.old)


def _get_matrix(self: Interactions) -> sp.csr_matrix:
    self._compact()
    return self._matrix


def _set_matrix(self: Interactions, matrix: sp.csr_matrix) -> None:
    self._overlay = RowOverlay()  # a new matrix: edits of the old one no longer apply
    self._matrix = matrix
    self._item_counts = None  # counted again when asked


def _get_timestamps(self: Interactions) -> np.ndarray | None:
    self._compact()
    return self._timestamps


def _set_timestamps(self: Interactions, timestamps: np.ndarray | None) -> None:
    if getattr(self, "_overlay", None):
        self._compact()
    self._timestamps = timestamps
    # The latest timestamp this table has held (a cleared cell's time stays counted), so a new
    # cell's default time is its maximum + 1 whatever was cleared before.
    if timestamps is None:
        self._max_ts = None
    else:
        held = int(np.max(timestamps)) if len(timestamps) else -1
        self._max_ts = max(held, getattr(self, "_max_ts", None) or -1)


# ``matrix`` and ``timestamps`` stay dataclass fields (constructor arguments) but are read through
# properties, so edited rows are folded in before anyone sees the arrays.
Interactions.matrix = property(_get_matrix, _set_matrix)  # type: ignore[assignment]
Interactions.timestamps = property(_get_timestamps, _set_timestamps)  # type: ignore[assignment]
