"""The behaviour table as a Qt model: users are rows, items are columns, cells read the CSR matrix.

Nothing is materialised per cell: ``data()`` looks the cell up in ``session.data`` when the view
asks for it, so a MovieLens-1M-sized table (6,040 × 3,706) costs no more than the visible cells.

The model keeps its own copy of the user and item id lists. Edits reach it through
``Session.dataEdited`` *after* ``core`` has applied them, and the copy is what lets it tell Qt
which row or column was removed (and keep ``rowCount`` consistent inside begin/end pairs).
Every edit the model makes goes through ``Session.push_change``, so it lands on the undo stack.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from core.interactions import (
    AddItem,
    AddUser,
    Change,
    RemoveItem,
    RemoveUser,
    RenameItem,
    RenameUser,
    SetCell,
)
from gui.session import Session

Index = QModelIndex | QPersistentModelIndex

IMPLICIT_MARK = "✓"
ROW_CACHE_SIZE = 512
_IMPLICIT_COLOUR = QColor(96, 156, 222)
_LOW, _HIGH = QColor(253, 224, 161), QColor(214, 96, 77)  # low rating → high rating


def format_value(value: float) -> str:
    """A rating as people write it: 4, 3.5, 0.25."""
    return f"{value:g}"


def parse_rating(text: str) -> float | None:
    """None for empty text (clear the cell), else a positive finite number; ValueError if not."""
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ValueError(QCoreApplication.translate("TableModel", "{text} is not a number").format(
            text=repr(text))) from None
    if not value > 0 or value == float("inf"):
        raise ValueError(QCoreApplication.translate(
            "TableModel", "a rating must be a positive number (leave it empty to clear)"))
    return value


def _blend(a: QColor, b: QColor, t: float) -> QColor:
    t = min(max(t, 0.0), 1.0)
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    )


class InteractionTableModel(QAbstractTableModel):
    """Users × items over ``session.data`` (see module docstring)."""

    editRejected = Signal(str)  # an edit core refused, with the reason (for the status bar)
    typedIntoImplicit = Signal(str)  # what to do instead of typing into an implicit table

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self._session = session
        # Asked when a typed rating lies outside the table's scale: (value, low, high) -> widen?
        # Without it such a rating is refused.
        self.confirm_widen: Callable[[float, float, float], bool] | None = None
        self._sync()
        session.dataReplaced.connect(self._on_replaced)
        session.dataEdited.connect(self._on_edited)
        session.itemsInfoChanged.connect(self._on_items_info)

    # -- reading -------------------------------------------------------------------------------

    @property
    def session(self) -> Session:
        return self._session

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self._users)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def user_at(self, row: int) -> str:
        return self._users[row]

    def item_at(self, column: int) -> str:
        return self._items[column]

    def value(self, index: Index) -> float | None:
        """The cell's value (1 for an implicit interaction, the rating if explicit) or None."""
        return self._row(index.row()).get(index.column())

    def _row(self, row: int) -> dict[int, float]:
        """One user's cells as {column: value}, cached for the rows on screen.

        A view asks for several roles of every visible cell on each repaint; a dict lookup is
        far cheaper than a numpy search per role. Any edit or reload empties the cache.
        """
        cells = self._rows.get(row)
        if cells is None:
            if len(self._rows) >= ROW_CACHE_SIZE:
                self._rows.clear()
            columns, values = self._session.data.user_items(row)  # O(row), edits included
            cells = dict(zip(columns.tolist(), values.tolist(), strict=True))
            self._rows[row] = cells
        return cells

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            value = self.value(index)
            if value is None:
                return ""
            return format_value(value) if self._explicit else IMPLICIT_MARK
        if role == Qt.ItemDataRole.EditRole:
            value = self.value(index)
            if self._explicit:
                return "" if value is None else format_value(value)
            return value is not None
        if role == Qt.ItemDataRole.BackgroundRole:
            value = self.value(index)
            if value is None:
                return None
            if not self._explicit:
                return _IMPLICIT_COLOUR
            span = self._max - self._min
            return _blend(_LOW, _HIGH, (value - self._min) / span if span > 0 else 1.0)
        if role == Qt.ItemDataRole.ForegroundRole:
            return None if self.value(index) is None else QColor(Qt.GlobalColor.black)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._cell_tooltip(index)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        horizontal = orientation == Qt.Orientation.Horizontal
        ids = self._items if horizontal else self._users
        if not 0 <= section < len(ids):
            return None
        key = ids[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._session.data.item_label(key) if horizontal else key
        if role == Qt.ItemDataRole.ToolTipRole:
            if not horizontal:
                return self.tr("User {user} — right-click to rename or remove").format(user=key)
            info = self._session.data.items_info.get(key)
            lines = [info.title if info and info.title else self.tr("Item {item}").format(item=key)]
            if info and info.title:
                lines.append(self.tr("id {item}").format(item=key))
            if info and info.genres:
                lines.append(" · ".join(info.genres))
            return "\n".join(lines)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._explicit:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    @property
    def explicit(self) -> bool:
        return self._explicit

    # -- editing (always through the session's undo stack) -------------------------------------

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        try:
            if self._explicit:
                new = parse_rating(str(value)) if not isinstance(value, float | int) else (
                    float(value) if value else None
                )
            else:
                new = 1.0 if value else None
        except ValueError as exc:
            self.editRejected.emit(str(exc))
            return False
        if new is not None and self._explicit and not self._in_scale(new):
            return False
        return self.set_cell(index.row(), index.column(), new)

    def rating_scale(self) -> tuple[float, float] | None:
        """(lowest, highest) rating in the table, or None when it has none yet."""
        values = self._session.data.matrix.data
        return (self._min, self._max) if len(values) else None

    def _in_scale(self, value: float) -> bool:
        """True if ``value`` fits the table's rating scale, or the user agreed to widen it."""
        scale = self.rating_scale()
        if scale is None or scale[0] <= value <= scale[1]:
            return True
        low, high = scale
        if self.confirm_widen is not None and self.confirm_widen(value, low, high):
            return True
        self.editRejected.emit(self.tr(
            "{value} is outside this table's rating scale ({low}–{high})").format(
                value=format_value(value), low=format_value(low), high=format_value(high)))
        return False

    def set_cell(self, row: int, column: int, value: float | None) -> bool:
        """Set (or clear, with None) one cell as an undoable edit; False if core refuses it."""
        user, item = self._users[row], self._items[column]
        old = self.value(self.index(row, column))
        if old == value:
            return True
        label = self._session.data.item_label(item)
        if value is None:
            text = self.tr("Clear {user} × {item}").format(user=user, item=label)
        elif self._explicit:
            text = self.tr("Rate {item} {value} for {user}").format(
                item=label, value=format_value(value), user=user)
        else:
            text = self.tr("Mark {user} × {item}").format(user=user, item=label)
        return self.push(SetCell(user, item, value), text)

    def toggle(self, index: Index) -> bool:
        """Implicit data: add the interaction if absent, remove it if present."""
        if not index.isValid():
            return False
        present = self.value(index) is not None
        default = 1.0 if not self._explicit else self._default_rating()
        return self.set_cell(index.row(), index.column(), None if present else default)

    def push(self, change: Change, text: str) -> bool:
        """Apply ``change`` through the undo stack; False (and ``editRejected``) if core refuses."""
        try:
            self._session.push_change(change, text)
        except (KeyError, ValueError) as exc:
            self.editRejected.emit(str(exc).strip("'\""))
            return False
        return True

    def _default_rating(self) -> float:
        return self._max if self._max > 0 else 1.0

    # -- following the session -----------------------------------------------------------------

    def _sync(self) -> None:
        self._rows: dict[int, dict[int, float]] = {}
        data = self._session.data
        self._users = list(data.user_ids)
        self._items = list(data.item_ids)
        self._explicit = bool(data.explicit)
        self._update_range()

    def _update_range(self) -> None:
        values = self._session.data.matrix.data
        self._min = float(values.min()) if len(values) else 1.0
        self._max = float(values.max()) if len(values) else 1.0

    def _on_replaced(self) -> None:
        self.beginResetModel()
        self._sync()  # also empties the row cache
        self.endResetModel()

    def _on_items_info(self) -> None:
        """New titles/genres/tags: only the item headers (labels, tooltips) change."""
        if self._items:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._items) - 1)

    def _on_edited(self, change: Change) -> None:
        self._rows.clear()
        data = self._session.data
        if isinstance(change, SetCell):
            row, col = data.user_index(change.user), data.item_index(change.item)
            old_range = (self._min, self._max)
            if change.value is not None:  # O(1): the colour range only widens on cell edits
                self._min, self._max = min(self._min, change.value), max(self._max, change.value)
            if (self._min, self._max) != old_range and self._explicit:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1)
                )
            else:
                cell = self.index(row, col)
                self.dataChanged.emit(cell, cell)
        elif isinstance(change, AddUser):
            row = data.user_index(change.user)
            self.beginInsertRows(QModelIndex(), row, row)
            self._users.insert(row, change.user)
            self._update_range()
            self.endInsertRows()
        elif isinstance(change, RemoveUser):
            row = self._users.index(change.user)
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._users[row]
            self._update_range()
            self.endRemoveRows()
        elif isinstance(change, AddItem):
            col = data.item_index(change.item)
            self.beginInsertColumns(QModelIndex(), col, col)
            self._items.insert(col, change.item)
            self._update_range()
            self.endInsertColumns()
        elif isinstance(change, RemoveItem):
            col = self._items.index(change.item)
            self.beginRemoveColumns(QModelIndex(), col, col)
            del self._items[col]
            self._update_range()
            self.endRemoveColumns()
        elif isinstance(change, RenameUser):
            row = self._users.index(change.old)
            self._users[row] = change.new
            self.headerDataChanged.emit(Qt.Orientation.Vertical, row, row)
        elif isinstance(change, RenameItem):
            col = self._items.index(change.old)
            self._items[col] = change.new
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, col, col)

    def _cell_tooltip(self, index: Index) -> str:
        user, item = self._users[index.row()], self._items[index.column()]
        label = self._session.data.item_label(item)
        value = self.value(index)
        if self._explicit:
            state = (self.tr("not rated") if value is None
                     else self.tr("rated {value}").format(value=format_value(value)))
            hint = self.tr("type a rating, or Delete to clear")
        else:
            state = self.tr("no interaction") if value is None else self.tr("interacted")
            hint = self.tr("click or press Space to toggle")
        return self.tr("User {user} × {item}: {state}\n({hint})").format(
            user=user, item=label, state=state, hint=hint)
