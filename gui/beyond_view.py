"""Beyond accuracy in the Evaluation view: novelty, diversity, popularity bias per evaluation,
a bar chart of any metric across evaluations, the per-group tables and the long-tail plot
(figures from ``core.evaluation.beyond``). Results of the sampled protocol are labelled so.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.evaluation.beyond import BeyondAccuracy
from gui.comparison_model import ComparisonModel
from gui.core_messages import model_label
from gui.i18n import Retranslatable, translate_marked
from gui.long_tail_plot import LongTailPlot

BEYOND_HEADERS = ["#", QT_TRANSLATE_NOOP("BeyondView", "Model"),
                  QT_TRANSLATE_NOOP("BeyondView", "Coverage"),
                  QT_TRANSLATE_NOOP("BeyondView", "Novelty (bits)"),
                  QT_TRANSLATE_NOOP("BeyondView", "Diversity"),
                  QT_TRANSLATE_NOOP("BeyondView", "Pop. percentile"),
                  QT_TRANSLATE_NOOP("BeyondView", "Held-out pop. percentile"),
                  QT_TRANSLATE_NOOP("BeyondView", "Head share")]
GROUP_METRICS = ("HR", "NDCG", "Recall", "MRR")
SUMMARY_ROWS = 3  # the summary table shows this many evaluations without scrolling
SWEEP_NOTE = QT_TRANSLATE_NOOP(
    "BeyondView", "The test hold-out here is never used by a sweep: the Sweep view scores "
    "settings by cross-validation on the training part only.")
TIPS = {
    "Novelty (bits)": QT_TRANSLATE_NOOP(
        "BeyondView", "Mean self-information −log2(popularity share) of recommended items: "
        "higher = less obvious items."),
    "Diversity": QT_TRANSLATE_NOOP(
        "BeyondView", "1 − mean cosine similarity of the items within each list (genres when "
        "the data has them, otherwise who interacted with them)."),
    "Pop. percentile": QT_TRANSLATE_NOOP(
        "BeyondView", "Mean popularity percentile of recommended items (100 = the most popular "
        "item)."),
    "Held-out pop. percentile": QT_TRANSLATE_NOOP(
        "BeyondView", "The same for the items users actually chose next: a model far above "
        "this pushes the head harder than users do."),
    "Head share": QT_TRANSLATE_NOOP(
        "BeyondView", "Share of recommendations taken by the 20 % most popular items."),
}


class _TipModel(ComparisonModel):
    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._headers):
            header = self._headers[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return translate_marked("BeyondView", TIPS.get(header, ""))
            if role == Qt.ItemDataRole.DisplayRole:
                return translate_marked("BeyondView", header)
        return super().headerData(section, orientation, role)


class BeyondView(Retranslatable, QWidget):
    """One row per evaluation, groups of the chosen evaluation, and the long-tail plot."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.results: list[tuple[str, BeyondAccuracy]] = []
        self.summary = _TipModel(BEYOND_HEADERS, 2, self)
        self.summary_table = _table(self.summary)
        self.groups = ComparisonModel([self.tr("Group"), "n", *GROUP_METRICS], 1, self)
        self.groups_table = _table(self.groups)
        self.group_choice = QComboBox()
        self.group_kind = QComboBox()
        self.group_kind.addItem("", "users")
        self.group_kind.addItem("", "items")
        self.long_tail = LongTailPlot()
        self.metrics: list[dict[str, float]] = []  # every figure of each evaluation
        self.chart_metric = QComboBox()
        self.chart = pg.PlotWidget(background="w")
        self.chart.showGrid(y=True, alpha=0.2)
        self.chart.setMouseEnabled(x=False, y=False)
        self.chart.hideButtons()
        self.chart.getPlotItem().getAxis("left").enableAutoSIPrefix(False)
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.6, brush=(31, 119, 180))
        self.chart.addItem(self.bars)

        groups_box = QWidget()
        g = QVBoxLayout(groups_box)
        g.setContentsMargins(0, 0, 0, 0)
        pick = QHBoxLayout()
        self.groups_label, self.compare_label = QLabel(), QLabel()
        pick.addWidget(self.groups_label)
        pick.addWidget(self.group_choice, 1)
        g.addLayout(pick)
        g.addWidget(self.group_kind)
        g.addWidget(self.groups_table, 1)
        self.groups_table.horizontalHeader().setStretchLastSection(False)
        chart_box = QWidget()
        c = QVBoxLayout(chart_box)
        c.setContentsMargins(0, 0, 0, 0)
        chart_pick = QHBoxLayout()
        chart_pick.addWidget(self.compare_label)
        chart_pick.addWidget(self.chart_metric, 1)
        c.addLayout(chart_pick)
        c.addWidget(self.chart, 1)
        # The summary spans the width (all its columns show at 1280 × 800); under it the
        # long-tail plot takes the height, beside the group table and the chart (one tab each).
        self.side_tabs = QTabWidget()
        self.side_tabs.setDocumentMode(True)
        self.side_tabs.addTab(chart_box, "")
        self.side_tabs.addTab(groups_box, "")
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(self.long_tail)
        bottom.addWidget(self.side_tabs)
        bottom.setChildrenCollapsible(False)
        bottom.setStretchFactor(0, 3)
        bottom.setStretchFactor(1, 2)
        bottom.setSizes([540, 360])
        self.summary_table.setMinimumHeight(_rows_height(self.summary_table, SUMMARY_ROWS))
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.summary_table)
        splitter.addWidget(bottom)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([self.summary_table.minimumHeight(), 600])
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter, 1)
        self.group_choice.currentIndexChanged.connect(self._show_groups)
        self.group_kind.currentIndexChanged.connect(self._show_groups)
        self.chart_metric.currentIndexChanged.connect(self._redraw_chart)
        self.retranslate()

    def retranslate(self) -> None:
        self.group_choice.setToolTip(self.tr("Which evaluation the group table shows."))
        self.group_kind.setItemText(0, self.tr("Users: cold (≤ 5) / regular / heavy (top 10 %)"))
        self.group_kind.setItemText(1, self.tr("Held-out items: head (top 20 %) / tail"))
        self.chart_metric.setToolTip(
            self.tr("The metric the bar chart compares across evaluations."))
        self.groups_label.setText(self.tr("Groups of"))
        self.compare_label.setText(self.tr("Compare"))
        self.side_tabs.setTabText(0, self.tr("Compare"))
        self.side_tabs.setTabText(1, self.tr("Groups"))
        self.side_tabs.setTabToolTip(0, self.tr("A bar chart of any metric across evaluations."))
        self.side_tabs.setTabToolTip(1, self.tr("Results per user group or held-out item group."))
        self.summary.headerDataChanged.emit(Qt.Orientation.Horizontal, 0,
                                            len(BEYOND_HEADERS) - 1)
        self._show_groups()
        self.long_tail.retranslate()

    def add(self, label: str, beyond: BeyondAccuracy, number: int | None = None,
            metrics: dict[str, float] | None = None, protocol: str = "full") -> None:
        """Add evaluation ``number`` (its row in the comparison table; default: next) with its
        accuracy ``metrics`` (for the chart); a sampled ``protocol`` is named in its label."""
        # the table names the model as the form does; the charts and legends keep the short
        # registry key (as the evaluation's bar chart), which fits under a bar
        shown = model_label(label)
        if protocol != "full":
            label, shown = f"{label} [{protocol}]", f"{shown} [{protocol}]"
        self.results.append((label, beyond))
        self.metrics.append({**(metrics or {}), **beyond.metrics()})
        m = beyond
        n = number if number is not None else len(self.results)
        self.summary.append([str(n), shown, f"{m.coverage:.3f}", f"{m.novelty:.2f}",
                             f"{m.diversity:.3f} ({m.diversity_basis})",
                             f"{m.popularity_recommended:.1f}", f"{m.popularity_heldout:.1f}",
                             f"{m.head_share:.3f}"])
        self.summary_table.resizeColumnsToContents()
        self.long_tail.add(f"{n}: {label}", beyond.long_tail)
        self.group_choice.addItem(f"{n}: {label}")
        self.group_choice.setCurrentIndex(len(self.results) - 1)
        keys = list(self.metrics[-1])
        if [self.chart_metric.itemText(i) for i in range(self.chart_metric.count())] != keys:
            current = self.chart_metric.currentText()
            self.chart_metric.blockSignals(True)
            self.chart_metric.clear()
            self.chart_metric.addItems(keys)
            index = self.chart_metric.findText(current)
            self.chart_metric.setCurrentIndex(index if index >= 0 else keys.index(
                next((k for k in keys if k.startswith("Novelty")), keys[0])))
            self.chart_metric.blockSignals(False)
        self._redraw_chart()

    def clear(self) -> None:
        self.results.clear()
        self.summary.clear()
        self.groups.clear()
        self.group_choice.clear()
        self.long_tail.clear_curves()
        self.metrics.clear()
        self._redraw_chart()

    def _redraw_chart(self, *_: object) -> None:
        key = self.chart_metric.currentText()
        xs = list(range(1, len(self.metrics) + 1))
        heights = [m.get(key, 0.0) for m in self.metrics]
        self.bars.setOpts(x=xs, height=heights, width=0.6)
        self.chart.setTitle(key)
        labels = [label for label, _ in self.results]
        self.chart.getPlotItem().getAxis("bottom").setTicks(
            [[(x, label) for x, label in zip(xs, labels, strict=True)]])
        top = max(heights, default=1.0)
        self.chart.setRange(xRange=(0.4, max(len(xs), 1) + 0.6),
                            yRange=(0, max(top, 1e-6) * 1.15), padding=0)

    def _show_groups(self, *_: object) -> None:
        i = self.group_choice.currentIndex()
        self.groups.clear()
        if not 0 <= i < len(self.results):
            return
        beyond = self.results[i][1]
        if self.group_kind.currentData() == "users":
            self.groups.set_headers([self.tr("Group"), self.tr("Users"),
                                     *(f"{m}@{beyond.k}" for m in GROUP_METRICS)])
            for g in beyond.user_groups:
                self.groups.append([g.group, str(g.n),
                                    *(_fmt(g.metrics.get(m)) for m in GROUP_METRICS)])
        else:
            k = beyond.k
            self.groups.set_headers([self.tr("Group"), self.tr("Held-out items"),
                                     self.tr("HR@{k} per held-out item").format(k=k),
                                     self.tr("Share of recommendations@{k}").format(k=k)])
            for g in beyond.item_groups:
                self.groups.append([g.group, str(g.n),
                                    _fmt(g.metrics.get(f"HR@{k} (per held-out item)")),
                                    _fmt(g.metrics.get(f"share of recommendations@{k}"))])
        self.groups_table.resizeColumnsToContents()


def _table(model: ComparisonModel) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    return table


def _rows_height(table: QTableView, rows: int) -> int:
    """Height that shows the header, ``rows`` rows and a horizontal scroll bar."""
    return (table.horizontalHeader().sizeHint().height()
            + rows * table.verticalHeader().defaultSectionSize()
            + table.horizontalScrollBar().sizeHint().height() + 2 * table.frameWidth())


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"
