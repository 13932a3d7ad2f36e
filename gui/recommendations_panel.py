"""Pick a user, see their top-K recommendations with the reason ``core`` gives for each.

The list is computed by the session's worker thread (a neural model may only be used from the
thread that built it), then shown through ``RecommendationsModel``. Edits to the table refresh
the list at once for models that fold in edits (kNN, popularity, MLP); for a model that cannot
(NeuMF) the panel says the model is out of date and must be retrained.
"""

from __future__ import annotations

import csv
import os
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.errors import DataError
from core.interactions import AddUser, RemoveUser, RenameUser
from core.io.atomic import atomic_write
from gui.session import Session
from gui.worker import RecommendResult, RecRow, WorkerHost

COLUMNS = ("Rank", "Item", "Genres", "Score", "Why")
STYLE_INFO = "padding: 6px; border-radius: 4px; background: #eef3fb; color: #1d3b66;"
STYLE_WARN = "padding: 6px; border-radius: 4px; background: #fff3cd; color: #6b4e00;"
STYLE_ERROR = "padding: 6px; border-radius: 4px; background: #f8d7da; color: #721c24;"

_Index = QModelIndex | QPersistentModelIndex


class RecommendationsModel(QAbstractTableModel):
    """Read-only table of ``RecRow``s: rank, item (title when known), genres, score, reason."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[RecRow] = []

    def set_rows(self, rows: list[RecRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.rank, row.title or row.item, row.genres, f"{row.score:.3f}",
                    row.explanation)[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 1:
                return f"{row.title} (item {row.item})" if row.title else f"item {row.item}"
            if col == 4:
                return row.explanation
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (0, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None


def write_csv_atomic(path: str | os.PathLike, user: str, rows: list[RecRow]) -> None:
    """Write the list to ``path`` atomically (``core.io.writer.atomic_write``)."""

    def write(f: Any) -> None:
        writer = csv.writer(f)
        writer.writerow(["user", "rank", "item", "title", "genres", "score", "explanation"])
        for r in rows:
            writer.writerow([user, r.rank, r.item, r.title, r.genres, f"{r.score:.6g}",
                             r.explanation])

    atomic_write(path, write, encoding="utf-8")


class RecommendationsPanel(QWidget):
    statusMessage = Signal(str)
    refreshed = Signal()  # a new list (possibly empty) is on screen

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.host = WorkerHost.for_session(session)
        self._request_id: int | None = None
        self._shown_user = ""

        self.user_combo = QComboBox()
        self.user_combo.setEditable(True)
        self.user_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.user_combo.setMinimumWidth(200)
        self.user_combo.setToolTip("The user to recommend for; type to search.")
        self._users = QStringListModel(self)
        self.user_combo.setModel(self._users)
        completer = QCompleter(self._users, self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.user_combo.setCompleter(completer)
        self.k_spin = QSpinBox()
        self.k_spin.setRange(1, 200)
        self.k_spin.setValue(10)
        self.k_spin.setToolTip("How many recommendations to show.")
        self.export_button = QPushButton("Export CSV…")
        self.export_button.setToolTip("Save this list as a CSV file.")
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        # At least one line plus the style's padding: a short dock squeezes the table, not this.
        self.banner.setMinimumHeight(self.banner.fontMetrics().lineSpacing() + 14)

        self.model = RecommendationsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)

        top = QHBoxLayout()
        top.addWidget(QLabel("User"))
        top.addWidget(self.user_combo, 1)
        top.addSpacing(12)
        top.addWidget(QLabel("Top K"))
        top.addWidget(self.k_spin)
        top.addStretch(1)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(30)  # coalesces bursts of edits into one request
        self._refresh_timer.timeout.connect(self.refresh)

        self.user_combo.currentTextChanged.connect(self._user_typed)
        self.k_spin.valueChanged.connect(self.schedule_refresh)
        self.export_button.clicked.connect(self._ask_export)
        self.host.recommended.connect(self._on_recommended)
        session.dataReplaced.connect(self._reload_users)
        session.dataEdited.connect(self._data_edited)
        session.modelChanged.connect(self.schedule_refresh)
        self._reload_users()

    # -- public ----------------------------------------------------------------------------------

    def current_user(self) -> str:
        return self.user_combo.currentText().strip()

    def set_user(self, user: str) -> None:
        self.user_combo.setCurrentText(user)
        self.refresh()

    def schedule_refresh(self) -> None:
        self._refresh_timer.start()

    def refresh(self) -> None:
        """Ask the worker for the current user's list (or show why there is none)."""
        self._refresh_timer.stop()
        session, user = self.session, self.current_user()
        model = session.model
        if model is None:
            self._show_state(
                "Press Train in the Model & training panel to see recommendations.", STYLE_INFO
            )
            self._clear()
            return
        if not session.data.has_user(user):
            self._show_state("Pick a user from the list." if not user
                             else f"No user named {user!r} in the table.", STYLE_INFO)
            self._clear()
            return
        if not model.supports_fold_in and session.model_is_stale:
            self._show_state(
                f"The {session.model_name} model is out of date — retrain it to see "
                "recommendations that reflect your edits (it cannot fold in changes).",
                STYLE_WARN)
            self.table.setEnabled(False)
            return
        self._request_id = self.host.recommend(model, session.data, user, self.k_spin.value())
        if self.host.busy:
            self._show_state("Waiting for the running job to finish…", STYLE_INFO)

    @property
    def pending(self) -> bool:
        """True while a refresh is scheduled or the worker's answer has not arrived."""
        return self._request_id is not None or self._refresh_timer.isActive()

    @property
    def stale(self) -> bool:
        return not self.table.isEnabled()

    def export_csv(self, path: str) -> None:
        write_csv_atomic(path, self._shown_user, self.model.rows)

    def shutdown(self) -> None:
        self.host.shutdown()

    # -- internals -------------------------------------------------------------------------------

    def _on_recommended(self, result: RecommendResult) -> None:
        if result.job_id != self._request_id:
            return
        self._request_id = None
        if result.error:
            self._show_state(result.error, STYLE_ERROR)
            self._clear()
            return
        self._shown_user = result.user
        self.model.set_rows(result.rows)
        self.table.setEnabled(True)
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        header.resizeSection(1, min(header.sectionSize(1), 240))
        header.resizeSection(2, min(header.sectionSize(2), 140))
        model = self.session.model
        note = ""
        if model is not None and self.session.model_is_stale:
            note = " The table changed since training; scores use the edited row (fold-in)."
        count = len(result.rows)
        self._show_state(
            f"Top {count} for {result.user} from {self.session.model_name}.{note}"
            if count else f"Nothing left to recommend to {result.user}.", STYLE_INFO)
        self.refreshed.emit()

    def _show_state(self, text: str, style: str) -> None:
        self.banner.setText(text)
        self.banner.setStyleSheet(style)

    def _clear(self) -> None:
        self.model.set_rows([])
        self.table.setEnabled(True)
        self.refreshed.emit()

    def _user_typed(self, text: str) -> None:
        if self.session.data.has_user(text.strip()):
            self.schedule_refresh()

    def _reload_users(self) -> None:
        current = self.current_user()
        users = list(self.session.data.user_ids)
        self.user_combo.blockSignals(True)
        self._users.setStringList(users)
        if current in users:
            self.user_combo.setCurrentText(current)
        elif users:
            self.user_combo.setCurrentIndex(0)
        self.user_combo.blockSignals(False)
        self.schedule_refresh()

    def _data_edited(self, change: object) -> None:
        if isinstance(change, AddUser | RemoveUser | RenameUser):
            if isinstance(change, RenameUser) and self.current_user() == change.old:
                self.user_combo.setCurrentText(change.new)
            self._reload_users()
        else:
            self.schedule_refresh()

    def _ask_export(self) -> None:
        if not self.model.rows:
            self.statusMessage.emit("No recommendations to export.")
            return
        path, _ = QFileDialog.getSaveFileName(
            self, "Export recommendations", f"recommendations_{self._shown_user}.csv",
            "CSV files (*.csv)")
        if path:
            try:
                self.export_csv(path)
            except DataError as exc:
                self.statusMessage.emit(f"Not saved: {exc}")
                return
            self.statusMessage.emit(f"Saved {len(self.model.rows)} recommendations to {path}")


__all__ = ["RecommendationsModel", "RecommendationsPanel", "write_csv_atomic"]
