"""The "Data" tab: the behaviour table, a find box, and the add/rename/remove actions.

Implicit data: a click (or Space) toggles a cell. Explicit data: typing sets a rating, Delete
clears it. Users and items are added, renamed and removed from the Edit menu or by right-clicking
a cell or a header; every edit is a ``SetCell``/``AddUser``/… change on the session's undo stack.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.interactions import (
    AddItem,
    AddUser,
    ItemInfo,
    RemoveItem,
    RemoveUser,
    RenameItem,
    RenameUser,
)
from gui.core_messages import error_text
from gui.i18n import Retranslatable, translate_marked
from gui.live_text import live
from gui.session import Session
from gui.similar_dialog import add_similar_actions
from gui.table_model import InteractionTableModel

IMPLICIT_TYPING_HINT = QT_TRANSLATE_NOOP(
    "TableView", "This table records interactions, not ratings: click a cell or press Space to "
    "add or remove one. To work with ratings, open a file that has a rating column.")
SMALL_TABLE = 60  # up to this many columns, fit column widths to their titles
MAX_FITTED_WIDTH_CHARS = 22


class IdDialog(QDialog):
    """Asks for a new user/item id (and optionally a title); OK only while the id is valid."""

    def __init__(self, parent: QWidget | None, title: str, label: str, taken: set[str],
                 initial: str = "", with_title: bool = False, allow: str = ""):
        super().__init__(parent)
        self.setWindowTitle(title)
        self._taken, self._allow = taken, allow
        self.id_edit = QLineEdit(initial)
        self.id_edit.selectAll()
        self.title_edit = QLineEdit() if with_title else None
        self.genres_edit = QLineEdit() if with_title else None
        self.problem = QLabel()
        self.problem.setStyleSheet("color: palette(highlight)")
        form = QFormLayout()
        form.addRow(label, self.id_edit)
        if self.title_edit is not None:
            self.title_edit.setPlaceholderText(self.tr("optional, shown in the table header"))
            form.addRow(self.tr("Title:"), self.title_edit)
            self.genres_edit.setPlaceholderText(self.tr("optional, such as Sci-Fi | Comedy"))
            self.genres_edit.setToolTip(self.tr(
                "Genres separated by | or commas. A new item has no interactions yet, so only "
                "the content-based and hybrid models can recommend it, from its genres."))
            form.addRow(self.tr("Genres:"), self.genres_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.id_edit.textChanged.connect(self._validate)
        self._validate()

    def problem_text(self) -> str:
        text = self.id_edit.text().strip()
        if not text:
            return "The id cannot be empty."
        if text in self._taken and text != self._allow:
            return self.tr("“{text}” is already taken.").format(text=text)
        return ""

    def _validate(self) -> None:
        problem = self.problem_text()
        self.problem.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    def value(self) -> str:
        return self.id_edit.text().strip()

    def title(self) -> str:
        return self.title_edit.text().strip() if self.title_edit is not None else ""

    def genres(self) -> tuple[str, ...]:
        if self.genres_edit is None:
            return ()
        text = self.genres_edit.text().replace(",", "|")
        return tuple(dict.fromkeys(g.strip() for g in text.split("|") if g.strip()))


_NUMBERED = re.compile(r"^(.*?)(\d+)$")


def next_free_id(taken: list[str], prefix: str) -> str:
    """A fresh id in the table's style: the pattern most ids follow ("user1".."user3" →
    "user4", "1".."10" → "11"), else ``prefix`` + n."""
    used = set(taken)
    numbered: dict[str, list[int]] = {}
    for t in taken:
        match = _NUMBERED.match(t)
        if match:
            numbered.setdefault(match.group(1), []).append(int(match.group(2)))
    if numbered:
        stem, numbers = max(numbered.items(), key=lambda kv: (len(kv[1]), max(kv[1])))
        n = max(numbers) + 1
        while f"{stem}{n}" in used:
            n += 1
        return f"{stem}{n}"
    n = len(taken) + 1
    while f"{prefix}{n}" in used:
        n += 1
    return f"{prefix}{n}"


class TableView(QTableView):
    """The grid: click/Space toggles implicit cells, Delete clears, context menus for edits."""

    def __init__(self, model: InteractionTableModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setModel(model)
        self._model = model
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        for header in (self.horizontalHeader(), self.verticalHeader()):
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            header.setHighlightSections(True)
        self.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.clicked.connect(self._on_clicked)
        self._fitted: set[int] = set()  # columns of a large table fitted to their title
        self.horizontalScrollBar().valueChanged.connect(lambda _v: self._fit_visible())
        model.modelReset.connect(self.fit_columns)
        model.columnsInserted.connect(lambda *_: self._fit_if_small())
        self.fit_columns()

    def fit_columns(self) -> None:
        """Compact widths: titles fit on small tables; a fixed width on large ones (fast)."""
        metrics = self.fontMetrics()
        small = self._model.rowCount() <= SMALL_TABLE and self._model.columnCount() <= SMALL_TABLE
        row_height = metrics.height() + max(4, metrics.height() // (1 if small else 3))
        self.verticalHeader().setDefaultSectionSize(row_height)
        base = metrics.horizontalAdvance("0") * (5 if self._model.explicit else 4)
        header = self.horizontalHeader()
        header.setDefaultSectionSize(max(base, metrics.horizontalAdvance("00000") + 8))
        header.setMinimumSectionSize(metrics.horizontalAdvance("00") + 8)
        header.reset()  # forget per-column widths from the previous table
        self._fitted.clear()
        self._fit_if_small()
        self._fit_visible()

    def _fit_if_small(self) -> None:
        model = self._model
        if model.columnCount() > SMALL_TABLE:
            return
        chars = MAX_FITTED_WIDTH_CHARS if model.columnCount() <= 10 else MAX_FITTED_WIDTH_CHARS // 2
        self._fit(range(model.columnCount()), chars)

    def _fit_visible(self) -> None:
        """Large tables: fit the columns scrolled into view (once each), so titles stay readable
        wherever the view jumps (Ctrl+End, find), without measuring thousands of titles."""
        model = self._model
        if model.columnCount() <= SMALL_TABLE:
            return
        header = self.horizontalHeader()
        first = header.logicalIndexAt(0)
        last = header.logicalIndexAt(max(0, self.viewport().width() - 1))
        if first < 0:
            return
        last = model.columnCount() - 1 if last < 0 else last
        todo = [c for c in range(first, last + 1) if c not in self._fitted]
        if not todo:
            return
        self._fitted.update(todo)
        self._fit(todo, MAX_FITTED_WIDTH_CHARS // 2)
        current = self.currentIndex()
        if current.isValid() and first <= current.column() <= last:
            self.updateGeometries()  # the scroll range must include the new widths first
            self.scrollTo(current)  # wider columns moved it: keep the current cell in view

    def _fit(self, columns, chars: int) -> None:
        model, metrics = self._model, self.fontMetrics()
        cap = metrics.horizontalAdvance("M") * chars
        header = self.horizontalHeader()
        for col in columns:
            label = str(model.headerData(col, Qt.Orientation.Horizontal) or "")
            width = metrics.horizontalAdvance(label) + metrics.horizontalAdvance("MM")
            header.resizeSection(col, min(max(width, header.defaultSectionSize()), cap))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_visible()

    def _on_clicked(self, index: QModelIndex) -> None:
        modifiers = QApplication.keyboardModifiers()
        if self._model.explicit or modifiers != Qt.KeyboardModifier.NoModifier:
            return
        self._model.toggle(index)

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key == Qt.Key.Key_Space and not self._model.explicit:
            self._model.toggle(self.currentIndex())
            return
        text = event.text()
        if not self._model.explicit and text.strip() and text.isprintable() and \
                not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier:
            self._model.typedIntoImplicit.emit(translate_marked("TableView", IMPLICIT_TYPING_HINT))
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.state() != \
                QAbstractItemView.State.EditingState:
            self.clear_selected()
            return
        super().keyPressEvent(event)

    def clear_selected(self) -> None:
        """Clear every selected cell, as one undo step."""
        indexes = [i for i in self.selectedIndexes() if self._model.value(i) is not None]
        if not indexes:
            return
        stack = self._model.session.undo_stack
        stack.beginMacro(self.tr("Clear {n} cell(s)").format(n=len(indexes)))
        try:
            for index in indexes:
                self._model.set_cell(index.row(), index.column(), None)
        finally:
            stack.endMacro()


class DataTab(Retranslatable, QWidget):
    """Find box above the table, plus the edit actions (shared with the Edit menu)."""

    statusMessage = Signal(str)  # a message for the status bar

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.model = InteractionTableModel(session, self)
        self.view = TableView(self.model, self)
        self.model.editRejected.connect(
            lambda msg: self.statusMessage.emit(live(lambda: self.tr("Edit refused: {msg}").format(
                msg=error_text(msg)))))
        self.model.typedIntoImplicit.connect(self.statusMessage)
        self.model.confirm_widen = self._ask_widen

        self.find_box = QLineEdit()
        self.find_box.setClearButtonEnabled(True)
        self.find_box.textChanged.connect(lambda _: self.find(restart=True))
        self.find_box.returnPressed.connect(lambda: self.find(restart=False))
        self.find_box.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 10)
        self.find_result = QLabel()
        self.find_result.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.find_box, 2)
        top.addWidget(self.find_result, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view)
        layout.addWidget(self.hint)
        self._matches: list[tuple[str, int]] = []
        self._match_pos = -1

        self._make_actions()
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._cell_menu)
        for header, kind in ((self.view.verticalHeader(), "user"),
                             (self.view.horizontalHeader(), "item")):
            header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            header.customContextMenuRequested.connect(
                lambda pos, h=header, k=kind: self._header_menu(h, k, pos)
            )
        session.dataReplaced.connect(self._update_hint)
        self.retranslate()

    # -- actions -------------------------------------------------------------------------------

    def _make_actions(self) -> None:
        def action(slot, shortcut: str | None = None) -> QAction:
            act = QAction(self)
            if shortcut:
                act.setShortcut(QKeySequence(shortcut))
            act.triggered.connect(lambda _=False: slot())
            return act

        self.add_user_action = action(self.add_user, "Ctrl+Shift+U")
        self.rename_user_action = action(self.rename_user)
        self.remove_user_action = action(self.remove_user)
        self.add_item_action = action(self.add_item, "Ctrl+Shift+I")
        self.rename_item_action = action(self.rename_item)
        self.remove_item_action = action(self.remove_item)
        self.find_action = action(self.focus_find)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)

    def _ask_widen(self, value: float, low: float, high: float) -> bool:
        answer = QMessageBox.question(
            self, self.tr("Rating outside the scale"),
            self.tr("The ratings in this table go from {low} to {high}. Add {value} anyway, "
                    "widening the scale?").format(low=f"{low:g}", high=f"{high:g}",
                                                  value=f"{value:g}"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def retranslate(self) -> None:
        for act, text, tip in (
            (self.add_user_action, self.tr("Add &User…"), self.tr(
                "Add an empty row for a new user")),
            (self.rename_user_action, self.tr("Rename User…"),
             self.tr("Change the id of the selected user")),
            (self.remove_user_action, self.tr("Remove User"),
             self.tr("Delete the selected user's row (undoable)")),
            (self.add_item_action, self.tr("Add &Item…"),
             self.tr("Add an empty column for a new item")),
            (self.rename_item_action, self.tr("Rename Item…"),
             self.tr("Change the id of the selected item")),
            (self.remove_item_action, self.tr("Remove Item"),
             self.tr("Delete the selected item's column (undoable)")),
            (self.find_action, self.tr("&Find…"), self.tr("Find a user or an item")),
        ):
            act.setText(text)
            act.setToolTip(tip)
            act.setStatusTip(tip)
        self.find_box.setPlaceholderText(
            self.tr("Find a user id or an item (id or title)…  Enter = next"))
        self.find_box.setToolTip(
            self.tr("Type a user id or part of an item's title; the table jumps to it. "
                    "Press Enter for the next match."))
        self._update_hint()
        if self.find_box.text():
            self.find(restart=True)
        # Header tooltips and cell tooltips are computed on demand: nothing to refresh.

    def edit_actions(self) -> list[QAction | None]:
        """Actions for the Edit menu (None = separator)."""
        return [self.find_action, None, self.add_user_action, self.rename_user_action,
                self.remove_user_action, None, self.add_item_action, self.rename_item_action,
                self.remove_item_action]

    def focus_find(self) -> None:
        self.find_box.setFocus()
        self.find_box.selectAll()

    # -- add / rename / remove -----------------------------------------------------------------

    def _current_row(self) -> int | None:
        index = self.view.currentIndex()
        return index.row() if index.isValid() else None

    def _current_column(self) -> int | None:
        index = self.view.currentIndex()
        return index.column() if index.isValid() else None

    def _ask(self, title: str, label: str, taken: list[str], initial: str,
             with_title: bool = False, allow: str = "") -> tuple[str, str] | None:
        dialog = IdDialog(self, title, label, set(taken), initial, with_title, allow)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        self._asked_genres = dialog.genres()
        return dialog.value(), dialog.title()

    def add_user(self, user: str | None = None) -> bool:
        data = self.session.data
        if user is None:
            answer = self._ask(self.tr("Add user"), self.tr("New user id:"), data.user_ids,
                               next_free_id(data.user_ids, "u"))
            if answer is None:
                return False
            user = answer[0]
        if self.model.push(AddUser(user), self.tr("Add user {user}").format(user=user)):
            self._select(row=data.user_index(user))
            return True
        return False

    def rename_user(self, row: int | None = None, new: str | None = None) -> bool:
        row = self._current_row() if row is None else row
        if row is None:
            self.statusMessage.emit(self.tr("Select a cell of the user to rename first."))
            return False
        old = self.model.user_at(row)
        if new is None:
            answer = self._ask(self.tr("Rename user"), self.tr(
                "New id for user {old}:").format(old=old),
                               self.session.data.user_ids, old, allow=old)
            if answer is None or answer[0] == old:
                return False
            new = answer[0]
        return self.model.push(RenameUser(old, new), self.tr("Rename user {old} → {new}").format(
            old=old, new=new))

    def remove_user(self, row: int | None = None) -> bool:
        row = self._current_row() if row is None else row
        if row is None:
            self.statusMessage.emit(self.tr("Select a cell of the user to remove first."))
            return False
        user = self.model.user_at(row)
        ok = self.model.push(RemoveUser(user), self.tr("Remove user {user}").format(user=user))
        if ok:
            self.statusMessage.emit(self.tr("Removed user {user} — Ctrl+Z brings it back.").format(
                user=user))
        return ok

    def add_item(self, item: str | None = None, title: str = "",
                 genres: tuple[str, ...] = ()) -> bool:
        data = self.session.data
        if item is None:
            answer = self._ask(self.tr("Add item"), self.tr("New item id:"), data.item_ids,
                               next_free_id(data.item_ids, "i"), with_title=True)
            if answer is None:
                return False
            item, title = answer
            genres = self._asked_genres
        info = ItemInfo(title=title, genres=tuple(genres)) if title or genres else None
        if self.model.push(AddItem(item, info=info), self.tr("Add item {item}").format(
            item=title or item)):
            self._select(column=data.item_index(item))
            return True
        return False

    def rename_item(self, column: int | None = None, new: str | None = None) -> bool:
        column = self._current_column() if column is None else column
        if column is None:
            self.statusMessage.emit(self.tr("Select a cell of the item to rename first."))
            return False
        old = self.model.item_at(column)
        if new is None:
            answer = self._ask(self.tr("Rename item"), self.tr(
                "New id for item {old}:").format(old=old),
                               self.session.data.item_ids, old, allow=old)
            if answer is None or answer[0] == old:
                return False
            new = answer[0]
        return self.model.push(RenameItem(old, new), self.tr("Rename item {old} → {new}").format(
            old=old, new=new))

    def remove_item(self, column: int | None = None) -> bool:
        column = self._current_column() if column is None else column
        if column is None:
            self.statusMessage.emit(self.tr("Select a cell of the item to remove first."))
            return False
        item = self.model.item_at(column)
        label = self.session.data.item_label(item)
        ok = self.model.push(RemoveItem(item), self.tr("Remove item {item}").format(item=label))
        if ok:
            self.statusMessage.emit(self.tr("Removed item {item} — Ctrl+Z brings it back.").format(
                item=label))
        return ok

    # -- context menus -------------------------------------------------------------------------

    def _cell_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        menu = QMenu(self)
        if index.isValid():
            self.view.setCurrentIndex(index)
            user = self.model.user_at(index.row())
            item = self.session.data.item_label(self.model.item_at(index.column()))
            if self.model.value(index) is None:
                if not self.model.explicit:
                    menu.addAction(self.tr("Mark {user} × {item}").format(
                        user=user, item=item), lambda: self.model.toggle(index))
            else:
                menu.addAction(self.tr("Clear cell"), lambda: self.model.set_cell(
                    index.row(), index.column(), None))
            menu.addSeparator()
            menu.addAction(self.tr("Rename user {user}…").format(
                user=user), lambda: self.rename_user(index.row()))
            menu.addAction(self.tr("Remove user {user}").format(
                user=user), lambda: self.remove_user(index.row()))
            menu.addAction(self.tr("Rename item…"), lambda: self.rename_item(index.column()))
            menu.addAction(self.tr("Remove item {item}").format(
                item=item), lambda: self.remove_item(index.column()))
            menu.addSeparator()
        menu.addAction(self.add_user_action)
        menu.addAction(self.add_item_action)
        menu.exec(self.view.viewport().mapToGlobal(pos))

    def _header_menu(self, header: QHeaderView, kind: str, pos: QPoint) -> None:
        section = header.logicalIndexAt(pos)
        menu = QMenu(self)
        if section >= 0 and kind == "user":
            user = self.model.user_at(section)
            menu.addAction(self.tr("Rename user {user}…").format(
                user=user), lambda: self.rename_user(section))
            menu.addAction(self.tr("Remove user {user}").format(
                user=user), lambda: self.remove_user(section))
            add_similar_actions(menu, self.session, self, user=user)
            menu.addSeparator()
        elif section >= 0:
            label = self.session.data.item_label(self.model.item_at(section))
            menu.addAction(self.tr("Rename item…"), lambda: self.rename_item(section))
            menu.addAction(self.tr("Remove item {item}").format(
                item=label), lambda: self.remove_item(section))
            add_similar_actions(menu, self.session, self, item=self.model.item_at(section))
            menu.addSeparator()
        menu.addAction(self.add_user_action if kind == "user" else self.add_item_action)
        menu.exec(header.viewport().mapToGlobal(pos))

    # -- find ----------------------------------------------------------------------------------

    def find(self, restart: bool = True) -> bool:
        """Jump to the next user or item matching the find box; True if something matched."""
        text = self.find_box.text().strip().lower()
        if restart:
            self._matches = self._search(text) if text else []
            self._match_pos = -1
        if not self._matches:
            self.find_result.setText(self.tr("no match") if text else "")
            return False
        self._match_pos = (self._match_pos + 1) % len(self._matches)
        kind, pos = self._matches[self._match_pos]
        if kind == "user":
            self._select(row=pos)
            what = self.tr("user {user}").format(user=self.model.user_at(pos))
        else:
            self._select(column=pos)
            what = self.session.data.item_label(self.model.item_at(pos))
        self.find_result.setText(f"{self._match_pos + 1}/{len(self._matches)}: {what}")
        return True

    def _search(self, text: str) -> list[tuple[str, int]]:
        data = self.session.data
        exact, partial = [], []
        for row, user in enumerate(data.user_ids):
            low = user.lower()
            if low == text:
                exact.append(("user", row))
            elif low.startswith(text):
                partial.append(("user", row))
        for col, item in enumerate(data.item_ids):
            low = item.lower()
            title = data.item_label(item).lower()
            if low == text or title == text:
                exact.append(("item", col))
            elif text in title or low.startswith(text):
                partial.append(("item", col))
        return exact + partial

    def _select(self, row: int | None = None, column: int | None = None) -> None:
        model, view = self.model, self.view
        if model.rowCount() == 0 or model.columnCount() == 0:
            return
        current = view.currentIndex()
        r = row if row is not None else max(current.row(), 0)
        c = column if column is not None else max(current.column(), 0)
        index = model.index(r, c)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        flags |= (QItemSelectionModel.SelectionFlag.Rows if column is None
                  else QItemSelectionModel.SelectionFlag.Columns if row is None
                  else QItemSelectionModel.SelectionFlag.NoUpdate)
        view.selectionModel().setCurrentIndex(index, flags)
        view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def _update_hint(self) -> None:
        if self.model.explicit:
            text = self.tr("Explicit ratings: select a cell and type a rating; Delete clears it. "
                           "Right-click for more.")
        else:
            text = self.tr("Implicit interactions: click a cell (or press Space) to add or remove "
                           "one. Right-click for more.")
        self.hint.setText(text)
