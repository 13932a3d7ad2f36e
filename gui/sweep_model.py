"""Table model of a sweep's rows: parameters, the chosen metric (mean, ± std), other metrics."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from core.sweep import SweepRow

Index = QModelIndex | QPersistentModelIndex


class SweepTableModel(QAbstractTableModel):
    """Rows of ``core.sweep.SweepRow``; sortable by any column (``sort`` reorders the rows)."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.rows: list[SweepRow] = []
        self.params: list[str] = []
        self.metric = "NDCG@10"
        self.others: list[str] = []
        self.best_index: int | None = None  # row of the best setting (shown in bold)

    def reset(self, params: list[str], metric: str) -> None:
        self.beginResetModel()
        self.rows, self.params, self.metric, self.others = [], list(params), metric, []
        self.best_index = None
        self.endResetModel()

    def append(self, row: SweepRow, best: SweepRow | None) -> None:
        if not self.rows:
            self.beginResetModel()
            self.others = [m for m in row.mean if m != self.metric]
            self.rows.append(row)
            self.endResetModel()
        else:
            n = len(self.rows)
            self.beginInsertRows(QModelIndex(), n, n)
            self.rows.append(row)
            self.endInsertRows()
        self.mark_best(best)

    def mark_best(self, best: SweepRow | None) -> None:
        self.best_index = next((i for i, r in enumerate(self.rows) if r is best), None)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.rows) - 1, self.columnCount() - 1))

    def headers(self) -> list[str]:
        return [*self.params, self.metric, "±", *self.others, self.tr("seconds")]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers())

    def value(self, row: SweepRow, column: int) -> Any:
        n = len(self.params)
        if column < n:
            return row.params[self.params[column]]
        if column == n:
            return row.mean.get(self.metric)
        if column == n + 1:
            return row.std.get(self.metric)
        if column == self.columnCount() - 1:
            return row.seconds
        return row.mean.get(self.others[column - n - 2])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        value = self.value(row, index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            if isinstance(value, float):
                return f"{value:.1f}" if index.column() == self.columnCount() - 1 else (
                    f"{value:.4g}" if index.column() < len(self.params) else f"{value:.4f}")
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.UserRole:
            return value
        if role == Qt.ItemDataRole.FontRole and index.row() == self.best_index:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= len(self.params):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == len(self.params) + 1:
            return self.tr("Standard deviation of the metric over the folds")
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not self.rows or column >= self.columnCount():
            return
        best = self.rows[self.best_index] if self.best_index is not None else None
        self.layoutAboutToBeChanged.emit()

        def key(row: SweepRow) -> tuple:
            value = self.value(row, column)
            if value is None:
                return (1, 0.0, "")
            if isinstance(value, bool | int | float):
                return (0, float(value), "")
            return (0, 0.0, str(value))

        self.rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self.best_index = next((i for i, r in enumerate(self.rows) if r is best), None)
        self.layoutChanged.emit()
