"""Pick a user, see their top-K recommendations with the reason ``core`` gives for each.

The list is computed by the session's worker thread (a neural model may only be used from the
thread that built it), then shown through ``RecommendationsModel``. Edits to the table refresh
the list at once for models that fold in edits (kNN, popularity, MLP); for a model that cannot
(NeuMF) the panel says the model is out of date and must be retrained.

The selected row's explanation is shown in full in the details pane beside the list, which also
holds a slot (``why_slot``) for a richer "Why?" widget. Items with no evidence at all (score 0
from a non-neural model) are not shown as padding: the banner says how many were left out.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
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
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.errors import DataError
from core.interactions import AddUser, RemoveUser, RenameItem, RenameUser
from core.io.writer import atomic_write
from core.models import NEURAL_MODELS
from core.progress import Progress
from core.recommend_all import recommend_everyone
from gui.core_messages import error_text, explanation_text, model_label, phrase_text
from gui.highlight import bus_for
from gui.i18n import Retranslatable, translate_marked
from gui.live_text import live
from gui.progress_format import EtaEstimator, format_seconds
from gui.session import Session
from gui.similar_dialog import similar_menu
from gui.why_panel import WhyPanel
from gui.worker import (
    LongCallResult,
    RecommendResult,
    RecRow,
    as_the_model_knows,
    rec_rows,
)

COLUMNS = (QT_TRANSLATE_NOOP("RecommendationsModel", "Rank"),
           QT_TRANSLATE_NOOP("RecommendationsModel", "Item"),
           QT_TRANSLATE_NOOP("RecommendationsModel", "Genres"),
           QT_TRANSLATE_NOOP("RecommendationsModel", "Score"),
           QT_TRANSLATE_NOOP("RecommendationsModel", "Why"))
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
            return translate_marked("RecommendationsModel", COLUMNS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.rank, row.title or row.item, row.genres, f"{row.score:.3f}",
                    explanation_text(row.explanation))[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 1:
                return (self.tr("{title} (item {item})").format(title=row.title, item=row.item)
                        if row.title else self.tr("item {item}").format(item=row.item))
            if col == 4:
                return explanation_text(row.explanation)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (0, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None


CSV_HEADER = ["user", "rank", "item", "title", "genres", "score", "explanation"]


def write_csv_atomic(path: str, lists: list[tuple[str, list[RecRow]]]) -> None:
    """Write (user, rows) lists to ``path`` as CSV, all or nothing (``core``'s atomic_write:
    also refuses devices and FIFOs, writes through symlinks, keeps the file's mode)."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for user, rows in lists:
        for r in rows:
            writer.writerow([user, r.rank, r.item, r.title, r.genres, f"{r.score:.6g}",
                             r.explanation])
    atomic_write(path, lambda fh: fh.write(text.getvalue()), encoding="utf-8")


def with_evidence(rows: list[RecRow], neural: bool) -> list[RecRow]:
    """``rows`` without the zero-score padding of a non-neural model (no evidence at all)."""
    return list(rows) if neural else [r for r in rows if r.score != 0.0]


def export_everyone(model, data, k: int, renames: dict[str, str], neural: bool, path: str,
                    on_progress: Callable[[Progress], bool]) -> tuple[int, int, int] | None:
    """Every user's top-``k`` list with its reasons (``core.recommend_all``) written to
    ``path`` as CSV (runs in the worker thread); (recommendations, users, users left out), or
    None when stopped (nothing is written)."""
    known = as_the_model_knows(data, renames)
    found = recommend_everyone(model, known, k, on_progress=on_progress)
    if found is None:
        return None
    lists = [(user, with_evidence(rec_rows(recs, data, renames), neural))
             for user, recs in found.lists]
    write_csv_atomic(path, lists)
    return sum(len(rows) for _, rows in lists), len(lists), found.left_out


class RecommendationsPanel(Retranslatable, QWidget):
    statusMessage = Signal(str)
    refreshed = Signal()  # a new list (possibly empty) is on screen
    rowSelected = Signal(object)  # the selected RecRow, or None (for a widget in why_slot)

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.host = session.host
        self._request_id: int | None = None
        self._export: tuple[int, str] | None = None  # (job id, path) of an all-users export
        self._export_eta = EtaEstimator()
        self._shown_user = ""

        self.user_combo = QComboBox()
        self.user_combo.setEditable(True)
        self.user_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.user_combo.setMinimumWidth(200)
        self._users = QStringListModel(self)
        self.user_combo.setModel(self._users)
        completer = QCompleter(self._users, self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.user_combo.setCompleter(completer)
        self.k_spin = QSpinBox()
        self.k_spin.setRange(1, 200)
        self.k_spin.setValue(10)
        self.export_button = QPushButton()
        self.export_all_button = QPushButton()
        self._banner_text = str  # what the banner says, as a function of the language
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        # At least one line plus the style's padding: a short dock squeezes the table, not this.
        self.banner.setMinimumHeight(self.banner.fontMetrics().lineSpacing() + 14)

        self.model = RecommendationsModel(self)
        self.table = QTableView()
        self._genres_hidden = False
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)

        # Details of the selected recommendation: the explanation in full, and a slot below it
        # for a "Why?" widget (e.g. the contributors of the score).
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        details_box = QWidget()
        details_layout = QVBoxLayout(details_box)
        details_layout.addWidget(self.details)
        self.why_slot = QVBoxLayout()
        details_layout.addLayout(self.why_slot, 1)
        self.why = WhyPanel(session)
        self.why_slot.addWidget(self.why)
        details_layout.addStretch(0)
        self.details_box = details_box

        top = QHBoxLayout()
        self.user_label, self.k_label = QLabel(), QLabel()
        top.addWidget(self.user_label)
        top.addWidget(self.user_combo, 1)
        top.addSpacing(12)
        top.addWidget(self.k_label)
        top.addWidget(self.k_spin)
        top.addStretch(1)
        top.addWidget(self.export_button)
        top.addWidget(self.export_all_button)
        # The details scroll when taller than the view (a long "Why?" table with its plot at
        # 1280 × 800), rather than their widgets being squeezed on top of each other.
        details_scroll = QScrollArea()
        details_scroll.setWidgetResizable(True)
        details_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        details_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        details_scroll.setWidget(details_box)
        self.details_scroll = details_scroll
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(details_scroll)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        split.setSizes([560, 360])
        self.splitter = split
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(split, 1)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(30)  # coalesces bursts of edits into one request
        self._refresh_timer.timeout.connect(self.refresh)

        self.user_combo.currentTextChanged.connect(self._user_typed)
        self.k_spin.valueChanged.connect(self.schedule_refresh)
        self.export_button.clicked.connect(self._ask_export)
        self.export_all_button.clicked.connect(self._ask_export_all)
        self.table.selectionModel().currentRowChanged.connect(self._show_details)
        self.rowSelected.connect(lambda row: self.why.show_row(self._shown_user, row))
        self.refreshed.connect(self._why_top)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._similar_menu)
        self.model.modelReset.connect(self._show_details)
        self.host.recommended.connect(self._on_recommended)
        self.host.calledLong.connect(self._on_exported)
        self.host.progress.connect(self._on_export_progress)
        session.dataReplaced.connect(self._reload_users)
        session.dataEdited.connect(self._data_edited)
        session.modelChanged.connect(self.schedule_refresh)
        session.itemsInfoChanged.connect(self.schedule_refresh)
        self._reload_users()
        self.retranslate()

    def retranslate(self) -> None:
        self.user_combo.setToolTip(self.tr("The user to recommend for; type to search."))
        self.k_spin.setToolTip(self.tr("How many recommendations to show."))
        self.export_button.setText(self.tr("Export CSV…"))
        self.export_button.setToolTip(self.tr("Save this list as a CSV file."))
        if self.exporting:
            self.export_all_button.setText(self.tr("Stop export"))
            self.export_all_button.setToolTip(
                self.tr("Stop computing every user's list; nothing is written."))
        else:
            self.export_all_button.setText(self.tr("Export all users…"))
            self.export_all_button.setToolTip(
                self.tr("Compute the top-K list of every user, with the reasons, and save them "
                        "all in one CSV file (progress in the status bar; it can be stopped)."))
        self.user_label.setText(self.tr("User"))
        self.k_label.setText(self.tr("Top K"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self.model.rows:  # the reasons column follows the language
            self.model.dataChanged.emit(self.model.index(0, 0),
                                        self.model.index(len(self.model.rows) - 1,
                                                         len(COLUMNS) - 1))
        self.banner.setText(self._banner_text())
        self._show_details()

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
            self._show_state(lambda: self.tr(
                "Press Train (Ctrl+T) in the left column to see recommendations."), STYLE_INFO)
            self._clear()
            return
        if not session.data.has_user(user):
            self._show_state(lambda: self.tr("Pick a user from the list.") if not user
                             else self.tr("No user named {user} in the table — pick one from the "
                                          "list.").format(user=repr(user)), STYLE_WARN)
            self._clear()
            return
        if not model.supports_fold_in and session.model_is_stale:
            name = session.model_name
            self._show_state(lambda: self.tr(
                "The {model} model is out of date — retrain it to see recommendations that "
                "reflect your edits (it cannot fold in changes).").format(model=name), STYLE_WARN)
            self.table.setEnabled(False)
            return
        self._request_id = self.host.recommend(model, session.data, user, self.k_spin.value(),
                                               session.item_renames)
        if self.host.busy:
            self._show_state(lambda: self.tr("Waiting for the running job to finish…"),
                             STYLE_INFO)

    @property
    def pending(self) -> bool:
        """True while a refresh is scheduled or the worker's answer has not arrived."""
        return self._request_id is not None or self._refresh_timer.isActive()

    @property
    def stale(self) -> bool:
        return not self.table.isEnabled()

    def export_csv(self, path: str) -> None:
        write_csv_atomic(path, [(self._shown_user, self.model.rows)])

    def export_all(self, path: str) -> bool:
        """Compute every user's list in the worker, then write them to ``path`` (CSV)."""
        model, data = self.session.model, self.session.data
        if model is None:
            self.statusMessage.emit(self.tr("Train a model first: there is nothing to export."))
            return False
        k, copy, renames = self.k_spin.value(), data.copy(), self.session.item_renames
        neural = self.session.model_name in NEURAL_MODELS
        job = self.host.call_long(
            lambda on_progress: export_everyone(model, copy, k, renames, neural, path,
                                                on_progress))
        self._export = (job, path)
        self._export_eta.reset()
        self.retranslate()
        self.statusMessage.emit(self.tr("Computing the top {k} of {users} users…").format(
            k=k, users=f"{data.n_users:,}"))
        return True

    def stop_export(self) -> None:
        """Ask the running all-users export to stop (nothing is written)."""
        if self._export is not None:
            self.host.stop(self._export[0])

    @property
    def exporting(self) -> bool:
        return self._export is not None

    # -- internals -------------------------------------------------------------------------------

    def _on_recommended(self, result: RecommendResult) -> None:
        if result.job_id != self._request_id:
            return
        self._request_id = None
        if result.error:
            error = result.error
            self._show_state(lambda: error_text(error), STYLE_ERROR)
            self._clear()
            return
        self._shown_user = result.user
        neural = self.session.model_name in NEURAL_MODELS
        rows = with_evidence(result.rows, neural)
        self.model.set_rows(rows)
        bus_for(self.session).userSelected.emit(result.user)
        self.table.setEnabled(True)
        # The Genres column only where items have genres. The state is kept here: asking Qt
        # (isColumnHidden) runs the header's posted layout early, and the Why column then kept
        # its content width instead of stretching to the list's edge.
        no_genres = bool(rows) and not any(row.genres for row in rows)
        toggled = no_genres != self._genres_hidden
        if toggled:
            self._genres_hidden = no_genres
            self.table.setColumnHidden(2, no_genres)
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        header.resizeSection(1, min(header.sectionSize(1), 240))
        header.resizeSection(2, min(header.sectionSize(2), 140))
        if toggled:  # the last section stretches again to the list's edge
            header.setStretchLastSection(False)
            header.setStretchLastSection(True)
        model = self.session.model
        stale = self.session.table_changed
        features_stale = self.session.features_stale
        count, padding = len(rows), len(result.rows) - len(rows)
        user, name = result.user, self.session.model_name
        cold = None
        if model is not None:
            from core.models.cold_start import cold_item_phrase

            cold = cold_item_phrase(model, self.session.data)  # translated in banner()

        def banner() -> str:
            if count:
                text = self.tr("Top {count} for {user} from {model}.").format(
                    count=count, user=user, model=model_label(name))
            else:
                text = self.tr("Nothing to recommend to {user}: no item has any evidence.").format(
                    user=user)
            if stale:
                text += " " + self.tr(
                    "The table changed since training; scores use the edited row (fold-in).")
            if features_stale:
                text += " " + self.tr(
                    "The item features changed since training: retrain {model} to use them."
                ).format(model=name)
            if padding:
                text += " " + self.tr(
                    "{n} more item(s) would score 0: the model has no evidence for them, so they "
                    "are not shown.").format(n=padding)
            return text + (" " + phrase_text(cold) if cold is not None else "")

        self._show_state(banner, STYLE_INFO)
        self.refreshed.emit()

    def _show_state(self, text, style: str) -> None:
        """Show ``text()`` in the banner (called again when the language changes)."""
        self._banner_text = text
        self.banner.setText(text())
        self.banner.setStyleSheet(style)

    def _clear(self) -> None:
        self.model.set_rows([])
        self.table.setEnabled(True)
        self.refreshed.emit()

    def _why_top(self) -> None:
        """A new list with nothing selected: the Why? panel explains the top recommendation."""
        if not self.table.currentIndex().isValid():
            rows = self.model.rows
            self.why.show_row(self._shown_user, rows[0] if rows else None)

    def _similar_menu(self, pos: QPoint) -> None:
        """Right-click a recommendation: similar items to it, similar users to the user."""
        index = self.table.indexAt(pos)
        row = self.model.data(index, Qt.ItemDataRole.UserRole) if index.isValid() else None
        user = self._shown_user or None
        self._menu = similar_menu(self.session, self, self.table.viewport().mapToGlobal(pos),
                                  item=row.item if row is not None else None, user=user)

    def _user_typed(self, _text: str) -> None:
        self.schedule_refresh()  # an unknown user says so and clears the list

    def _show_details(self, *_args) -> None:
        index = self.table.currentIndex()
        row = self.model.data(index, Qt.ItemDataRole.UserRole) if index.isValid() else None
        self.rowSelected.emit(row)
        if row is None:
            self.details.setText(
                self.tr("Select a recommendation to read why it was recommended."))
            return
        from html import escape

        title = escape(row.title or row.item)
        genres = f"<br><i>{escape(row.genres)}</i>" if row.genres else ""
        why = escape(explanation_text(row.explanation)) or escape(
            self.tr("(this model gives no reason)"))
        self.details.setText(self.tr(
            "<b>#{rank} {title}</b> (item {item}){genres}<br>score {score}<p><b>Why:</b> {why}</p>"
        ).format(rank=row.rank, title=title, item=escape(row.item), genres=genres,
                 score=f"{row.score:.4g}", why=why))

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
        if isinstance(change, RenameItem):
            self.schedule_refresh()  # titles and ids in the list follow the rename
        elif isinstance(change, AddUser | RemoveUser | RenameUser):
            if isinstance(change, RenameUser) and self.current_user() == change.old:
                self.user_combo.setCurrentText(change.new)
            self._reload_users()
        else:
            self.schedule_refresh()

    def _ask_export(self) -> None:
        if not self.model.rows:
            self.statusMessage.emit(self.tr("No recommendations to export."))
            return
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export recommendations"), f"recommendations_{self._shown_user}.csv",
            self.tr("CSV files (*.csv)"))
        if path:
            try:
                self.export_csv(path)
            except (OSError, DataError) as exc:
                problem = str(exc)
                self.statusMessage.emit(live(lambda: error_text(problem)))
                return
            self.statusMessage.emit(self.tr("Saved {count} recommendations to {path}").format(
                count=len(self.model.rows), path=path))

    def _ask_export_all(self) -> None:
        if self.exporting:
            self.stop_export()
            return
        if self.session.model is None:
            self.statusMessage.emit(self.tr("Train a model first: there is nothing to export."))
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export recommendations for all users"),
                                              "recommendations_all.csv",
                                              self.tr("CSV files (*.csv)"))
        if path:
            self.export_all(path)

    def _on_export_progress(self, items: list) -> None:
        if self._export is None:
            return
        mine = [event for job_id, event in items if job_id == self._export[0]]
        if not mine or mine[-1].fraction is None or mine[-1].kind == "done":
            return
        eta = None
        for event in mine:
            eta = self._export_eta.update(event)
        percent = int(100 * mine[-1].fraction)
        if eta is None:
            self.statusMessage.emit(self.tr("Exporting every user's recommendations: {percent} %")
                                    .format(percent=percent))
        else:
            self.statusMessage.emit(
                self.tr("Exporting every user's recommendations: {percent} % · ETA {time}")
                .format(percent=percent, time=format_seconds(eta)))

    def _on_exported(self, result: LongCallResult) -> None:
        if self._export is None or result.job_id != self._export[0]:
            return
        path = self._export[1]
        self._export = None
        self.retranslate()
        if result.error:
            error = result.error
            self.statusMessage.emit(live(lambda: self.tr("Export failed: {error}").format(
                error=error_text(error))))
            return
        if result.value is None:  # stopped before the file was written (after it, it stands)
            self.statusMessage.emit(self.tr("Export stopped; nothing was written."))
            return
        total, users, left_out = result.value
        message = self.tr("Saved {total} recommendations of {users} users to {path}").format(
            total=f"{total:,}", users=f"{users:,}", path=path)
        if left_out:
            message += " " + self.tr("({count} users added since training were left out: "
                                     "retrain to include them.)").format(count=f"{left_out:,}")
        self.statusMessage.emit(message)


__all__ = ["RecommendationsModel", "RecommendationsPanel", "write_csv_atomic"]
