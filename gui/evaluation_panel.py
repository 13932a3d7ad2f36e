"""Evaluate the chosen model offline and compare every model evaluated in this session.

Evaluate splits the current table with ``core.evaluation`` (leave-last-out, random or temporal),
fits a fresh model with the settings chosen in the left column (``Session.model_config``) on the
split's training part, and ranks the held-out items — all in the session's worker thread. Each
result adds a row to the comparison table and a pair of bars (HR@K, NDCG@K) to the chart. Every row
names the data it ran on (the Data column), so runs on different tables are never mixed silently;
the comparison can be exported as CSV.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSaveFile, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.evaluation.splits import SPLITS
from core.interactions import Interactions
from gui.beyond_view import SWEEP_NOTE, BeyondView
from gui.comparison_model import ComparisonModel
from gui.core_messages import error_text, model_label
from gui.i18n import Retranslatable, core_tr, translate_marked
from gui.live_text import live
from gui.model_form import describe_params
from gui.progress_format import EtaEstimator, progress_text
from gui.session import Session
from gui.worker import EvaluateOutcome

METRICS = ("HR", "NDCG", "Precision", "Recall", "MAP", "MRR", "Coverage")
# Metric names as column headers ("Precision@K"); HR, NDCG, MAP and MRR are kept as they are.
METRIC_NAMES = {"Precision": QT_TRANSLATE_NOOP("metrics", "Precision"),
                "Recall": QT_TRANSLATE_NOOP("metrics", "Recall"),
                "Coverage": QT_TRANSLATE_NOOP("metrics", "Coverage")}


def metric_name(metric: str) -> str:
    return translate_marked("metrics", METRIC_NAMES.get(metric, metric))
SETTINGS_COLUMN = 2
DATA_COLUMN = 3
FIRST_NUMERIC_COLUMN = 6  # "Users" and the metrics
EVALUATE_SHORTCUT = "Ctrl+E"
LEGEND_HEIGHT = 28
PROGRESS_MIN_WIDTH = 340
SAMPLED_NEGATIVES = 99
BAR_COLORS = {"HR": (31, 119, 180), "NDCG": (255, 127, 14)}


class EvaluationPanel(Retranslatable, QWidget):
    statusMessage = Signal(str)
    resultAdded = Signal(object)  # EvaluateOutcome

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.host = session.host
        self.results: list[EvaluateOutcome] = []
        self._job_id: int | None = None
        self._job_data: Callable[[], str] = str  # the Data cell of the running job
        self._eta = EtaEstimator()
        self._row_data: list[Callable[[], str]] = []  # the Data cell of each result

        self.split_combo = QComboBox()
        for info in SPLITS.values():
            self.split_combo.addItem("", info.name)
        self.ratio_spin = QDoubleSpinBox()
        self.ratio_spin.setRange(0.05, 0.9)
        self.ratio_spin.setSingleStep(0.05)
        self.ratio_spin.setValue(0.2)
        self.k_combo = QComboBox()
        for k in (5, 10, 20, 50):
            self.k_combo.addItem(str(k), k)
        self.k_combo.setCurrentIndex(1)
        self.sampled_check = QCheckBox()
        self.evaluate_button = QPushButton()
        self.evaluate_action = QAction(self)
        self.evaluate_action.setShortcut(QKeySequence(EVALUATE_SHORTCUT))
        self.evaluate_action.triggered.connect(self.evaluate)
        self.stop_action = QAction(self)
        self.stop_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.stop_action.setEnabled(False)
        self.stop_action.triggered.connect(self.stop)
        self.export_button = QPushButton()
        self.stop_button = QPushButton()
        self.stop_button.setEnabled(False)
        self.clear_button = QPushButton()
        self.model_label = QLabel()
        self.model_label.setWordWrap(True)
        self.model_label.setMinimumWidth(120)
        self.progress = QProgressBar()
        self.progress.setMinimumWidth(PROGRESS_MIN_WIDTH)  # room for "Epoch … · ETA …"
        self.progress.setRange(0, 1000)
        self._progress_text = self._ready_text  # re-run on a language change
        self.progress.setTextVisible(True)

        self.comparison = ComparisonModel([], FIRST_NUMERIC_COLUMN, self)
        self.table = QTableView()
        self.table.setModel(self.comparison)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)

        # The legend has its own row under the plot, so it never covers a bar.
        self.chart = pg.GraphicsLayoutWidget()
        self.chart.setBackground("w")
        self.chart_plot = self.chart.addPlot(row=0, col=0)
        self.chart_plot.showGrid(y=True, alpha=0.2)
        self.chart_plot.setMouseEnabled(x=False, y=False)
        self.chart_plot.hideButtons()
        self.chart_plot.getAxis("left").enableAutoSIPrefix(False)
        self.chart_legend = pg.LegendItem(colCount=2, labelTextColor=(60, 60, 60))
        self.chart.addItem(self.chart_legend, row=1, col=0)
        grid = self.chart.ci.layout
        grid.setRowStretchFactor(0, 1)
        grid.setRowStretchFactor(1, 0)
        grid.setRowMaximumHeight(1, LEGEND_HEIGHT)
        self._bars = {
            key: pg.BarGraphItem(x=[], height=[], width=0.38, brush=color, name=f"{key}@K")
            for key, color in BAR_COLORS.items()
        }
        for key, bars in self._bars.items():
            self.chart_plot.addItem(bars)
            self.chart_legend.addItem(bars, f"{key}@K")

        controls = QHBoxLayout()
        self.split_label, self.ratio_label = QLabel(), QLabel()
        for widget in (self.split_label, self.split_combo, self.ratio_label, self.ratio_spin,
                       QLabel("K"), self.k_combo, self.sampled_check):
            controls.addWidget(widget)
        controls.addStretch(1)
        status = QHBoxLayout()
        for button in (self.evaluate_button, self.stop_button, self.clear_button,
                       self.export_button):
            status.addWidget(button)
        status.addSpacing(8)
        status.addWidget(self.model_label, 1)
        self.beyond = BeyondView()
        self.lower_tabs = QTabWidget()
        self.lower_tabs.setDocumentMode(True)
        self.lower_tabs.addTab(self.chart, "")
        self.lower_tabs.addTab(self.beyond, "")
        self.sweep_note = QLabel()
        self.sweep_note.setWordWrap(True)
        self.sweep_note.setStyleSheet("color: palette(mid);")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.lower_tabs)
        splitter.setChildrenCollapsible(False)
        self.chart.setMinimumHeight(260)
        splitter.setSizes([130, 470])  # the table shows 3 rows; the tabs below need the room
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addLayout(status)
        layout.addWidget(self.progress)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.sweep_note)

        self.split_combo.currentIndexChanged.connect(self._split_changed)
        self.evaluate_button.clicked.connect(self.evaluate)
        self.stop_button.clicked.connect(self.stop)
        self.clear_button.clicked.connect(self.clear)
        self.export_button.clicked.connect(self._ask_export)
        self.host.progress.connect(self._on_progress)
        self.host.evaluated.connect(self._on_evaluated)
        session.modelChanged.connect(self._update_model_label)
        session.configChanged.connect(self._update_model_label)
        self._split_changed()
        self.retranslate()

    def retranslate(self) -> None:
        for index, info in enumerate(SPLITS.values()):
            self.split_combo.setItemText(index, core_tr(info.label))
            self.split_combo.setItemData(index, core_tr(info.help), Qt.ItemDataRole.ToolTipRole)
        self.split_combo.setToolTip(self.tr("How the table is split into training and test parts."))
        self.ratio_spin.setToolTip(self.tr(
            "Share of each user's interactions held out for testing."))
        self.k_combo.setToolTip(
            self.tr("Length of the recommendation list that is scored (metrics @K)."))
        self.sampled_check.setText(self.tr("Sampled ({n} negatives)").format(n=SAMPLED_NEGATIVES))
        self.sampled_check.setToolTip(self.tr(
            "Rank each held-out item among {n} random unseen items instead of all items (the NCF "
            "paper's protocol; optimistic).").format(n=SAMPLED_NEGATIVES))
        self.evaluate_button.setText(self.tr("Evaluate"))
        self.evaluate_button.setToolTip(self.tr(
            "Split, train the model chosen in the left column on the training part, score the "
            "test part ({keys}).").format(keys=EVALUATE_SHORTCUT))
        self.evaluate_action.setText(self.tr("&Evaluate"))
        self.evaluate_action.setToolTip(self.evaluate_button.toolTip())
        self.stop_action.setText(self.tr("Stop e&valuation"))
        self.export_button.setText(self.tr("Export CSV…"))
        self.export_button.setToolTip(self.tr("Save the comparison table as a CSV file."))
        self.stop_button.setText(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Stop this evaluation only and keep the metrics of "
                                            "the users scored so far (Ctrl+Shift+E)."))
        self.clear_button.setText(self.tr("Clear"))
        self.clear_button.setToolTip(self.tr("Forget the results of this session."))
        self.split_label.setText(self.tr("Split"))
        self.ratio_label.setText(self.tr("Test share"))
        self.chart_plot.setTitle(self.tr("HR@K and NDCG@K per evaluation"))
        self.lower_tabs.setTabText(0, self.tr("HR@K and NDCG@K"))
        self.lower_tabs.setTabText(1, self.tr("Beyond accuracy and long tail"))
        self.lower_tabs.setTabToolTip(1, self.tr(
            "Coverage, novelty, diversity, popularity bias, results per user and item group, and "
            "the long-tail plot"))
        self.sweep_note.setText(translate_marked("BeyondView", SWEEP_NOTE))
        self._set_headers(10)
        self._set_progress_text(self._progress_text)
        self._update_model_label()
        self._reword_rows()

    def _ready_text(self) -> str:
        return self.tr("Ready")

    def _set_progress_text(self, text) -> None:
        """Show ``text()`` on the progress bar (called again on a language change)."""
        self._progress_text = text
        self.progress.setFormat(text())

    # -- public ----------------------------------------------------------------------------------

    def menu_actions(self) -> list[QAction]:
        return [self.evaluate_action, self.stop_action]

    def chosen_config(self) -> tuple[str, dict] | None:
        """The model chosen in the form, else the trained model's name and settings."""
        if self.session.model_config is not None:
            return self.session.model_config
        model = self.session.model
        if model is not None and self.session.model_name:
            return self.session.model_name, model.config.to_dict()
        return None

    def evaluate(self) -> None:
        if self._job_id is not None:
            return
        config = self.chosen_config()
        if config is None:
            self._status(self.tr("Choose a model in the left column first."))
            return
        if self.session.data.nnz == 0:
            self._status(self.tr("Nothing to evaluate: the table is empty."))
            return
        name, params = config
        self._update_model_label()
        self._set_running(True)
        data = self.session.data
        table = (data.name, data.n_users, data.n_items, data.nnz)
        self._job_data = lambda: data_cell(*table)  # worded again after a switch
        self._eta.reset()
        self.progress.setValue(0)
        self._set_progress_text(lambda: self.tr("Splitting…"))
        self._job_id = self.host.evaluate(
            name, params, self.session.data, self.split_combo.currentData(),
            self.k_combo.currentData(), ratio=self.ratio_spin.value(),
            sampled=SAMPLED_NEGATIVES if self.sampled_check.isChecked() else None,
        )
        self._status(self.tr("Evaluating {name}…").format(name=model_label(name)))

    def stop(self) -> None:
        """Stop this view's evaluation only (a training or another job goes on)."""
        if self._job_id is not None:
            self.host.stop(self._job_id)
            self.stop_button.setEnabled(False)
            self.stop_action.setEnabled(False)
            self._set_progress_text(lambda: self.tr("Stopping…"))

    def clear(self) -> None:
        self.results.clear()
        self._row_data.clear()
        self.comparison.clear()
        self.beyond.clear()
        self._redraw_chart()

    def export_csv(self, path: str) -> None:
        """Write the comparison table to ``path`` (atomically, through QSaveFile)."""
        model = self.comparison
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow([model.headerData(c, Qt.Orientation.Horizontal)
                         for c in range(model.columnCount())])
        for r in range(model.rowCount()):
            writer.writerow([model.cell(r, c) for c in range(model.columnCount())])
        write_text_atomic(path, text.getvalue())

    # -- internals -------------------------------------------------------------------------------

    def _set_headers(self, k: int) -> None:
        headers = ["#", self.tr("Model"), self.tr("Settings"), self.tr("Data"), self.tr("Split"),
                   self.tr("Protocol"), self.tr("Users")]
        headers += [f"{metric_name(m)}@K" for m in METRICS] + [self.tr("Time")]
        self.comparison.set_headers(headers)

    def _split_changed(self) -> None:
        self.ratio_spin.setEnabled(SPLITS[self.split_combo.currentData()].needs_ratio)

    def _update_model_label(self) -> None:
        config = self.chosen_config()
        if config is None:
            self.model_label.setText(self.tr("Model: none chosen yet"))
        else:
            name, params = config
            self.model_label.setText(self.tr("Model: {name} ({settings})").format(
                name=model_label(name), settings=describe_params(name, params)))

    def _on_progress(self, items: list) -> None:
        mine = [event for job_id, event in items if job_id == self._job_id]
        if not mine:
            return
        eta = None
        for event in mine:
            eta = self._eta.update(event)
        last = mine[-1]
        if last.fraction is not None:
            self.progress.setValue(int(1000 * min(max(last.fraction, 0.0), 1.0)))
        if last.kind != "done" and self.stop_button.isEnabled():  # not while stopping
            soonest = self._eta.soonest
            self._set_progress_text(lambda: progress_text(last, eta, soonest))

    def _on_evaluated(self, outcome: EvaluateOutcome) -> None:
        if outcome.job_id != self._job_id:
            return
        self._job_id = None
        self._set_running(False)
        if outcome.error:
            self._set_progress_text(lambda: self.tr("Failed"))
            self.progress.setValue(0)
            self._status(lambda: self.tr("Evaluation of {name} failed: {error}").format(
                name=model_label(outcome.name), error=error_text(outcome.error)))
            return
        if not outcome.metrics:
            self._set_progress_text(lambda: self.tr("Stopped"))
            self._status(lambda: self.tr("Evaluation of {name} stopped before any user was "
                                         "scored.").format(name=model_label(outcome.name)))
            return
        self.progress.setValue(1000)
        stopped = outcome.stopped
        self._set_progress_text(lambda: self.tr("Stopped — partial") if stopped
                                else self.tr("Done"))
        self.results.append(outcome)
        self._row_data.append(self._job_data)
        self._add_row(outcome, self._job_data())
        self.table.scrollToBottom()  # the table shows ~3 rows: the newest result stays in view
        self._redraw_chart()
        if outcome.beyond is not None:
            self.beyond.add(outcome.name, outcome.beyond, self.comparison.rowCount(),
                            outcome.metrics, outcome.protocol)
        hr = outcome.metrics.get(f"HR@{outcome.k}", float("nan"))
        ndcg = outcome.metrics.get(f"NDCG@{outcome.k}", float("nan"))
        self._status(lambda: self.tr(
            "Evaluated {name}: HR@{k} {hr}, NDCG@{k} {ndcg} ({seconds} s)").format(
            name=model_label(outcome.name), k=outcome.k, hr=f"{hr:.3f}", ndcg=f"{ndcg:.3f}",
            seconds=f"{outcome.seconds:.1f}"))
        self.resultAdded.emit(outcome)

    def _reword_rows(self) -> None:
        """The comparison's rows again, in the interface language (split, protocol, units)."""
        if not self.comparison.rowCount():
            return
        self.comparison.clear()
        for outcome, data in zip(self.results, self._row_data, strict=True):
            self._add_row(outcome, data())

    def _add_row(self, o: EvaluateOutcome, data: str) -> None:
        row = self.comparison.rowCount()
        split = self.split_combo.itemText(self.split_combo.findData(o.split)) or o.split
        cells = [str(row + 1), model_label(o.name), describe_params(o.name, o.params), data, split,
                 f"{self._protocol(o.protocol)} @{o.k}"
                 + (" " + self.tr("(partial)") if o.stopped else ""),
                 str(o.n_users)]
        cells += [_fmt(o.metrics.get(f"{m}@{o.k}")) for m in METRICS]
        cells.append(self.tr("{seconds} s").format(seconds=f"{o.seconds:.2f}"))
        self.comparison.append(cells)
        self.table.resizeColumnsToContents()
        settings = self.table.horizontalHeader()
        settings.resizeSection(SETTINGS_COLUMN, min(settings.sectionSize(SETTINGS_COLUMN), 160))
        # a long file name would push the metrics out of sight; the tooltip has the whole cell
        settings.resizeSection(DATA_COLUMN, min(settings.sectionSize(DATA_COLUMN), 240))

    def _protocol(self, protocol: str) -> str:
        """core's protocol name ("full", "sampled-99") in the interface language."""
        if protocol == "full":
            return self.tr("full")
        if protocol.startswith("sampled-"):
            return self.tr("sampled-{n}").format(n=protocol.removeprefix("sampled-"))
        return protocol

    def _redraw_chart(self) -> None:
        xs = list(range(1, len(self.results) + 1))
        for offset, (key, bars) in zip((-0.2, 0.2), self._bars.items(), strict=True):
            heights = [o.metrics.get(f"{key}@{o.k}", 0.0) for o in self.results]
            bars.setOpts(x=[x + offset for x in xs], height=heights, width=0.38)
        ticks = [(x, f"{x}: {o.name}") for x, o in zip(xs, self.results, strict=True)]
        self.chart_plot.getAxis("bottom").setTicks([ticks])
        top = max([o.metrics.get(f"HR@{o.k}", 0.0) for o in self.results], default=1.0)
        self.chart_plot.setRange(xRange=(0.4, max(len(xs), 1) + 0.6),
                                 yRange=(0, max(top, 0.05) * 1.15),
                            padding=0)

    def _set_running(self, running: bool) -> None:
        self.evaluate_button.setEnabled(not running)
        self.evaluate_action.setEnabled(not running)
        self.stop_button.setEnabled(running)
        self.stop_action.setEnabled(running)

    def _ask_export(self) -> None:
        if not self.comparison.rowCount():
            self._status(self.tr("Nothing to export: evaluate a model first."))
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export comparison"), "comparison.csv",
                                              self.tr("CSV files (*.csv)"))
        if path:
            try:
                self.export_csv(path)
            except OSError as exc:
                self._status(str(exc))
                return
            self._status(self.tr("Saved the comparison ({rows} rows) to {path}").format(
                rows=self.comparison.rowCount(), path=path))

    def _status(self, message: str | Callable[[], str]) -> None:
        """Send ``message`` to the status bar; a function words it again after a switch."""
        self.statusMessage.emit(live(message) if callable(message) else message)


def data_label(data: Interactions) -> str:
    """The Data cell: name and size, e.g. 'ml-100k (943 × 1,682, 100,000)'."""
    return data_cell(data.name, data.n_users, data.n_items, data.nnz)


def data_cell(name: str, users: int, items: int, interactions: int) -> str:
    """The Data cell of a table called ``name`` of that size, in the interface language."""
    shown = core_tr(name) or QCoreApplication.translate("EvaluationPanel", "untitled")
    return f"{shown} ({users:,} × {items:,}, {interactions:,})"


def write_text_atomic(path: str, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` with QSaveFile: all or nothing."""
    out = QSaveFile(path)
    if not out.open(QSaveFile.OpenModeFlag.WriteOnly):
        raise OSError(f"cannot write {path}: {out.errorString()}")
    out.write(text.encode("utf-8"))
    if not out.commit():
        raise OSError(f"cannot write {path}: {out.errorString()}")


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"
