"""The "Why?" panel: the arithmetic behind one recommendation (``core.why``) as a table, the
formula in words, and — for neural models — a bar chart of attributions.

The last row of the table is the sum, shown against the score in the list. Hovering a row
highlights it and tells the other views (``gui.highlight``), so the map can light the same
neighbour or item up.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from core.why import Why, why
from gui.core_messages import error_text, model_label, phrase_text, translate_sentence
from gui.highlight import bus_for
from gui.i18n import Retranslatable, translate_marked
from gui.similar_dialog import model_id, run_with_model, user_model_data

_Index = QModelIndex | QPersistentModelIndex
HIGHLIGHT = QColor(255, 236, 160)
POSITIVE, NEGATIVE = (70, 130, 180), (200, 90, 80)
# core.why's column names, translated where shown (an unknown name is shown as it is).
COLUMN_NAMES = (
    QT_TRANSLATE_NOOP("Why", "users"), QT_TRANSLATE_NOOP("Why", "most users"),
    QT_TRANSLATE_NOOP("Why", "count / max"), QT_TRANSLATE_NOOP("Why", "shared items"),
    QT_TRANSLATE_NOOP("Why", "numerator"), QT_TRANSLATE_NOOP("Why", "denominator"),
    QT_TRANSLATE_NOOP("Why", "similarity"), QT_TRANSLATE_NOOP("Why", "value"),
    QT_TRANSLATE_NOOP("Why", "product"), QT_TRANSLATE_NOOP("Why", "recency weight"),
    QT_TRANSLATE_NOOP("Why", "weight"), QT_TRANSLATE_NOOP("Why", "you"),
    QT_TRANSLATE_NOOP("Why", "item"), QT_TRANSLATE_NOOP("Why", "profile"),
    QT_TRANSLATE_NOOP("Why", "term"), QT_TRANSLATE_NOOP("Why", "input"),
    QT_TRANSLATE_NOOP("Why", "gradient × input"), QT_TRANSLATE_NOOP("Why", "cosine in item space"),
    QT_TRANSLATE_NOOP("Why", "neighbour"), QT_TRANSLATE_NOOP("Why", "your item"),
    QT_TRANSLATE_NOOP("Why", "feature"), QT_TRANSLATE_NOOP("Why", "dimension"),
    QT_TRANSLATE_NOOP("Why", "EASE weight"),
)

FACTOR = (QT_TRANSLATE_NOOP("Why", "factor {n}"),)  # core.why's rows of a factor model


def column_name(name: str) -> str:
    return translate_marked("Why", name)


def _fmt(value: float) -> str:
    if abs(value) < 1e6 and abs(value - round(value)) < 1e-6:  # float32 noise of a count
        return f"{round(value)}"
    return f"{value:.4f}"


class WhyTableModel(QAbstractTableModel):
    """One row per term of the score, then a bold "sum" row."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.why: Why | None = None
        self.highlight = -1

    def set_why(self, value: Why | None) -> None:
        self.beginResetModel()
        self.why = value
        self.highlight = -1
        self.endResetModel()

    def set_highlight(self, row: int) -> None:
        if row == self.highlight:
            return
        self.highlight = row
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, self.columnCount() - 1))

    def headers(self) -> tuple[str, ...]:
        if self.why is None:
            return ()
        noun = {"users": "neighbour", "items": "your item", "features": "feature",
                "attribution": "your item", "factors": "dimension"}.get(self.why.kind, "")
        return tuple(column_name(c) for c in (noun or "term", *self.why.columns))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.why is None:
            return 0
        return len(self.why.rows) + 1

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers())

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers()[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.why is None:
            return None
        r, c = index.row(), index.column()
        is_sum = r == len(self.why.rows)
        if role == Qt.ItemDataRole.ToolTipRole and c == 0 and not is_sum:
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        if role == Qt.ItemDataRole.DisplayRole:
            if is_sum:
                if c == 0:
                    return self.tr("sum") if self.why.exact else self.tr("sum (not the score)")
                return _fmt(self.why.total) if c == self.columnCount() - 1 else ""
            row = self.why.rows[r]
            if c == 0:
                if self.why.kind == "factors":  # core's "factor 3": a dimension, not data
                    return translate_sentence(row.label, FACTOR, "Why")
                return row.label if row.label == row.contributor else \
                    f"{row.label} ({row.contributor})"
            return _fmt(row.values[c - 1])
        if role == Qt.ItemDataRole.FontRole and is_sum:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and r == self.highlight and not is_sum:
            return QBrush(HIGHLIGHT)
        if role == Qt.ItemDataRole.TextAlignmentRole and c > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole and not is_sum:
            return self.why.rows[r].contributor
        return None


class WhyPanel(Retranslatable, QWidget):
    """Shows ``core.why.why`` for a (user, item); ``show_for`` computes it in the model's thread."""

    contributorHovered = Signal(str)  # contributor id, "" when the pointer leaves the table
    shown = Signal()  # a breakdown (or a message) is on screen

    def __init__(self, session: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.current: Why | None = None
        self._shown_key: tuple | None = None
        self._request = 0
        self.title = QLabel(self.tr("Select a recommendation to see the arithmetic behind it."))
        self.title.setWordWrap(True)
        self.table_model = WhyTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.table_model)
        self.table.verticalHeader().hide()
        self.table.setMouseTracking(True)
        self.table.setSelectionMode(QTableView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().setDefaultSectionSize(22)
        header = self.table.horizontalHeader()
        # Numbers as wide as they need; the label column is kept to under half the pane
        # (elided, full text in its tooltip; ``_fit_label_column``) so the numbers start in view.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.table.entered.connect(self._hover)
        self.table.viewport().installEventFilter(self)
        self.formula = QLabel()
        self.formula.setWordWrap(True)
        self.formula.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setStyleSheet("color: #8a5a00;")
        self.bars = pg.PlotWidget(background="w")
        self.bars.setMinimumHeight(140)
        self.bars.getPlotItem().hideButtons()
        self.bars.getPlotItem().setMenuEnabled(False)
        self.bars.getPlotItem().setMouseEnabled(False, False)
        self.bars.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table)
        layout.addWidget(self.formula)
        layout.addWidget(self.note)
        layout.addWidget(self.bars, 1)
        layout.addStretch(0)
        self.contributorHovered.connect(self._tell_others)
        self._redo = None  # shows the current state again, in a new language

    def retranslate(self) -> None:
        if self._redo is not None:
            self._redo()
        else:
            self.title.setText(self.tr("Select a recommendation to see the arithmetic behind it."))

    # -- public -----------------------------------------------------------------------------------

    def show_row(self, user: str, row: Any) -> None:
        """Show the breakdown of the recommendations list's ``row`` (a ``RecRow`` or None)."""
        if row is None or not user:
            self._request += 1
            self.show_message(self.tr("Select a recommendation to see the arithmetic behind it."))
            self._redo = None  # the default text: retranslate() words it in the new language
            return
        self.show_for(user, row.item)

    def show_for(self, user: str, item: str) -> None:
        """Compute and show the breakdown of ``item`` for ``user`` under the session's model."""
        model = self.session.model
        self._request += 1
        request = self._request
        if model is None:
            self.show_message(lambda: self.tr("Train a model first."))
            return
        key = (id(model), user, item, self.session.data.version)
        if key == self._shown_key:
            return  # already on screen (e.g. the top row explained, then selected)
        self.title.setText(self.tr("Working out why {item} …").format(
            item=escape(self.session.data.item_label(item))))
        data = user_model_data(self.session, user)
        item = model_id(self.session, item)

        def done(value: Why) -> None:
            if request == self._request:
                self.show_why(value)
                self._shown_key = key

        def failed(message: str) -> None:
            if request == self._request:
                self.show_message(lambda: error_text(message))

        run_with_model(self.session, lambda: why(model, data, user, item), done, failed)

    def show_message(self, text: str | Callable[[], str]) -> None:
        """Show ``text`` instead of a breakdown; a function is worded again after a switch."""
        render = text if callable(text) else (lambda: text)
        self._redo = lambda: self.title.setText(escape(render()))
        self.current = None
        self._shown_key = None
        self.table_model.set_why(None)
        self.title.setText(escape(render()))
        self.formula.clear()
        self.note.clear()
        self.bars.hide()
        self.shown.emit()

    def show_why(self, value: Why) -> None:
        self._redo = lambda: self.show_why(value)
        self.current = value
        self._shown_key = None
        self.table_model.set_why(value)
        self._fit_table()
        label = self.session.data.item_label(value.item)
        sums = (self.tr("the rows add up to the score") if value.exact
                else self.tr("an attribution: the rows do not add up to the score"))
        self.title.setText(self.tr("<b>Why {item} for {user}</b> — {model}: score {score}; {sums}.")
                           .format(item=escape(label), user=escape(value.user),
                                   model=escape(model_label(value.model)),
                                   score=f"{value.score:.4f}", sums=sums))
        # core's formula lines, rule and note are phrases: translated templates, core's numbers
        lines = [phrase_text(part) for part in value.formula_parts] or [value.formula]
        if value.rule_phrase is not None or value.rule:
            lines.append(phrase_text(value.rule_phrase or value.rule))
        formula = "\n".join(lines)
        if value.hidden_rows:
            formula += "\n" + self.tr(
                "({n} smaller terms not listed; the sum includes them)").format(n=value.hidden_rows)
        self.formula.setText(escape(formula).replace("\n", "<br>"))
        self.note.setText(phrase_text(value.note_phrase or value.note))
        self.note.setVisible(bool(value.note))
        self._draw_bars(value)
        self.shown.emit()

    def highlight(self, contributor: str) -> None:
        """Highlight ``contributor``'s row (no row for "" or an unknown id)."""
        rows = self.current.rows if self.current is not None else ()
        match = [k for k, r in enumerate(rows) if r.contributor == contributor]
        self.table_model.set_highlight(match[0] if match else -1)
        self._draw_bars(self.current, match[0] if match else -1)

    # -- internals --------------------------------------------------------------------------------

    def _fit_table(self) -> None:
        """As tall as its rows (up to ~12 of them; scroll beyond), so the formula sits below."""
        rows = min(self.table_model.rowCount(), 12)
        self._fit_label_column()
        header = self.table.horizontalHeader().sizeHint().height()
        scrollbar = self.table.horizontalScrollBar().sizeHint().height()
        self.table.setFixedHeight(header + rows * self.table.verticalHeader()
                                  .defaultSectionSize() + 2 * self.table.frameWidth() + 2
                                  + scrollbar)

    def _fit_label_column(self) -> None:
        """The label column as wide as its texts, but under half the table's width."""
        columns = self.table.horizontalHeader()
        if columns.count() == 0:
            return
        # A model reset gives new sections the default mode: make the first one ours again.
        columns.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        wanted = max(self.table.sizeHintForColumn(0), columns.sectionSizeHint(0))
        columns.resizeSection(0, min(wanted, max(120, int(0.45 * self.table.viewport().width()))))

    def _draw_bars(self, value: Why | None, highlight: int = -1) -> None:
        plot = self.bars.getPlotItem()
        plot.clear()
        if value is None or value.kind != "attribution" or not value.rows:
            self.bars.hide()
            return
        rows = value.rows[:20]
        heights = np.array([r.contribution for r in rows], dtype=float)
        brushes = [pg.mkBrush(*(POSITIVE if h >= 0 else NEGATIVE),
                              255 if k == highlight or highlight < 0 else 90)
                   for k, h in enumerate(heights)]
        plot.addItem(pg.BarGraphItem(x0=0, y=np.arange(len(rows)), height=0.7, width=heights,
                                     brushes=brushes))
        axis = plot.getAxis("left")
        axis.setTicks([[(k, r.label[:24]) for k, r in enumerate(rows)]])
        plot.invertY(True)
        plot.setLabel("bottom", column_name(value.columns[-1]))
        self.bars.show()

    def _hover(self, index: QModelIndex) -> None:
        contributor = index.data(Qt.ItemDataRole.UserRole) if index.isValid() else None
        self.table_model.set_highlight(index.row() if contributor else -1)
        self._draw_bars(self.current, index.row() if contributor else -1)
        self.contributorHovered.emit(contributor or "")

    def eventFilter(self, watched: Any, event: Any) -> bool:
        from PySide6.QtCore import QEvent

        if watched is self.table.viewport() and event.type() == QEvent.Type.Leave:
            self.table_model.set_highlight(-1)
            self.contributorHovered.emit("")
        elif watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_label_column()
        return super().eventFilter(watched, event)

    def _tell_others(self, contributor: str) -> None:
        side = "users" if self.current is not None and self.current.kind == "users" else "items"
        if self.current is not None and self.current.kind in ("features", "factors"):
            return  # features and dimensions are not points on the map
        bus_for(self.session).highlighted.emit(side, contributor)
