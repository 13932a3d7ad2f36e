"""Right-click "Similar items" / "Similar users": a small dialog listing the top-N under the
current model, and the helpers every view uses to offer it (table header, recommendation list,
map).

The lookup runs where the model lives: through the session's worker (``host.call``) when the
host has one — a Keras model must be used from the thread that built it — otherwise inline (a
kNN or popularity lookup takes milliseconds). ``run_with_model`` is that adapter.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.core_messages import error_text
from gui.i18n import translate_marked

N_SIMILAR = 20
_Index = QModelIndex | QPersistentModelIndex


def _host(session: Any) -> Any:
    host = getattr(session, "host", None)
    if host is None:
        from gui.worker import WorkerHost

        if not hasattr(WorkerHost, "call") or not hasattr(WorkerHost, "for_session"):
            return None
        host = WorkerHost.for_session(session)
    return host if hasattr(host, "call") else None


def run_with_model(session: Any, fn: Callable[[], Any], on_done: Callable[[Any], None],
                   on_error: Callable[[str], None]) -> None:
    """Run ``fn()`` in the model's thread when the session has one, else now; then call
    ``on_done(value)`` or ``on_error(message)`` in the GUI thread."""
    from gui.worker import EXPECTED_ERRORS

    host = _host(session)
    if host is None:
        try:
            value = fn()
        except EXPECTED_ERRORS as exc:
            on_error(str(exc))
            return
        on_done(value)
        return
    job_id = None

    def answered(result: Any) -> None:
        if result.job_id != job_id:
            return
        host.called.disconnect(answered)
        if result.error:
            on_error(result.error)
        else:
            on_done(result.value)

    host.called.connect(answered)
    job_id = host.call(fn)


def model_data(session: Any) -> Any:
    """A private copy of the session's table for a job, with items renamed since training given
    back the ids the model knows (the GUI keeps editing its own table meanwhile)."""
    from gui.worker import as_the_model_knows

    renames = getattr(session, "item_renames", None)
    renames = renames() if callable(renames) else (renames or {})
    return as_the_model_knows(session.data.copy(), renames)


def user_model_data(session: Any, user: str) -> Any:
    """``model_data`` for a job about one user: only that user's row is copied (O(row + items)),
    so asking after every edit of a large table does not stall the window."""
    from gui.worker import as_the_model_knows

    if not session.data.has_user(user):
        return model_data(session)
    renames = getattr(session, "item_renames", None)
    renames = renames() if callable(renames) else (renames or {})
    return as_the_model_knows(session.data.user_view(user), renames)


def table_id(session: Any, item: str) -> str:
    """The table's id now of an item the model knows as ``item``."""
    renames = getattr(session, "item_renames", None)
    renames = renames() if callable(renames) else (renames or {})
    return renames.get(item, item)


def model_id(session: Any, item: str) -> str:
    """The id the model knows for the table's ``item``."""
    renames = getattr(session, "item_renames", None)
    renames = renames() if callable(renames) else (renames or {})
    back = {now: before for before, now in renames.items()}
    return back.get(item, item)


class SimilarModel(QAbstractTableModel):
    """Rows of (rank, id, label, similarity)."""

    HEADERS = ("#", QT_TRANSLATE_NOOP("SimilarModel", "Id"),
               QT_TRANSLATE_NOOP("SimilarModel", "Title"),
               QT_TRANSLATE_NOOP("SimilarModel", "Similarity"))

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list[tuple[int, str, str, float]] = []

    def set_rows(self, rows: list[tuple[int, str, str, float]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return translate_marked("SimilarModel", self.HEADERS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = row[index.column()]
            return f"{value:.4f}" if index.column() == 3 else str(value)
        if role == Qt.ItemDataRole.UserRole:
            return row[1]
        return None


class SimilarDialog(QDialog):
    """The top-N most similar items (or users) to one, under the session's current model."""

    def __init__(self, session: Any, side: str, key: str, parent: QWidget | None = None,
                 n: int = N_SIMILAR):
        super().__init__(parent)
        self.session, self.side, self.key = session, side, key
        label = session.data.item_label(key) if side == "items" else key
        if side == "items":
            title = self.tr("Similar items to {label}")
            heading = self.tr("Finding the items most similar to <b>{label}</b> …")
        else:
            title = self.tr("Similar users to {label}")
            heading = self.tr("Finding the users most similar to <b>{label}</b> …")
        self.setWindowTitle(title.format(label=label))
        self.heading = QLabel(heading.format(label=label))
        self.heading.setWordWrap(True)
        self.model = SimilarModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(520, 420)
        self._start(n)

    def _start(self, n: int) -> None:
        model = self.session.model
        if model is None:
            self._failed(
                self.tr("Train a model first: similarity is measured by the current model."))
            return
        side, key = self.side, (model_id(self.session, self.key) if self.side == "items"
                                else self.key)

        def lookup() -> tuple[str, list[tuple[str, float]]]:
            found = model.similar_items(key, n) if side == "items" else model.similar_users(key, n)
            return model.similarity_label(side), found

        run_with_model(self.session, lookup, self._show, self._failed)

    def _show(self, value: tuple[str, list[tuple[str, float]]]) -> None:
        how, found = value
        data = self.session.data
        label = data.item_label if self.side == "items" else str
        self.model.set_rows([(rank, other, label(other), score)
                             for rank, (other, score) in enumerate(found, start=1)])
        name = self.session.model_name or self.tr("the model")
        self.heading.setText(self.tr("{n} most similar under <b>{model}</b>: {how}").format(
            n=len(found), model=name, how=how))

    def _failed(self, message: str) -> None:
        self.heading.setText(error_text(message))


def add_similar_actions(menu: QMenu, session: Any, parent: QWidget, *, item: str | None = None,
                        user: str | None = None) -> None:
    """Add "Similar items" (for ``item``) / "Similar users" (for ``user``) to ``menu``."""
    enabled, translate = session.model is not None, QCoreApplication.translate
    if item is not None:
        action = menu.addAction(translate("SimilarDialog", "Similar items") if enabled else
                                translate("SimilarDialog", "Similar items (train a model first)"))
        action.setEnabled(enabled)
        action.triggered.connect(lambda: show_similar(session, "items", item, parent))
    if user is not None:
        action = menu.addAction(translate("SimilarDialog", "Similar users") if enabled else
                                translate("SimilarDialog", "Similar users (train a model first)"))
        action.setEnabled(enabled)
        action.triggered.connect(lambda: show_similar(session, "users", user, parent))


def show_similar(session: Any, side: str, key: str, parent: QWidget) -> SimilarDialog:
    dialog = SimilarDialog(session, side, key, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def similar_menu(session: Any, parent: QWidget, pos: QPoint, *, item: str | None = None,
                 user: str | None = None) -> QMenu:
    """A context menu with the similar actions, shown at ``pos`` (global coordinates)."""
    menu = QMenu(parent)
    add_similar_actions(menu, session, parent, item=item, user=user)
    menu.popup(pos)
    return menu
