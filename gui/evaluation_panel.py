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

import pyqtgraph as pg
from PySide6.QtCore import QSaveFile, Qt, Signal
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
    QVBoxLayout,
    QWidget,
)

from core.evaluation.splits import SPLITS
from core.interactions import Interactions
from gui.comparison_model import ComparisonModel
from gui.model_form import describe_params
from gui.progress_format import EtaEstimator, progress_text
from gui.session import Session
from gui.worker import EvaluateOutcome

METRICS = ("HR", "NDCG", "Precision", "Recall", "MAP", "MRR", "Coverage")
SETTINGS_COLUMN = 2
DATA_COLUMN = 3
FIRST_NUMERIC_COLUMN = 6  # "Users" and the metrics
EVALUATE_SHORTCUT = "Ctrl+E"
LEGEND_HEIGHT = 28
PROGRESS_MIN_WIDTH = 340
SAMPLED_NEGATIVES = 99
BAR_COLORS = {"HR": (31, 119, 180), "NDCG": (255, 127, 14)}


class EvaluationPanel(QWidget):
    statusMessage = Signal(str)
    resultAdded = Signal(object)  # EvaluateOutcome

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.host = session.host
        self.results: list[EvaluateOutcome] = []
        self._job_id: int | None = None
        self._job_data = ""  # the Data cell of the running job
        self._eta = EtaEstimator()
        self._row_data: list[str] = []  # the Data cell of each result

        self.split_combo = QComboBox()
        for info in SPLITS.values():
            self.split_combo.addItem(info.label, info.name)
            self.split_combo.setItemData(self.split_combo.count() - 1, info.help,
                                         Qt.ItemDataRole.ToolTipRole)
        self.split_combo.setToolTip("How the table is split into training and test parts.")
        self.ratio_spin = QDoubleSpinBox()
        self.ratio_spin.setRange(0.05, 0.9)
        self.ratio_spin.setSingleStep(0.05)
        self.ratio_spin.setValue(0.2)
        self.ratio_spin.setToolTip("Share of each user's interactions held out for testing.")
        self.k_combo = QComboBox()
        for k in (5, 10, 20, 50):
            self.k_combo.addItem(str(k), k)
        self.k_combo.setCurrentIndex(1)
        self.k_combo.setToolTip("Length of the recommendation list that is scored (metrics @K).")
        self.sampled_check = QCheckBox(f"Sampled ({SAMPLED_NEGATIVES} negatives)")
        self.sampled_check.setToolTip(
            f"Rank each held-out item among {SAMPLED_NEGATIVES} random unseen items instead of "
            "all items (the NCF paper's protocol; optimistic).")
        self.evaluate_button = QPushButton("Evaluate")
        self.evaluate_button.setToolTip(
            "Split, train the model chosen in the left column on the training part, "
            f"score the test part ({EVALUATE_SHORTCUT}).")
        self.evaluate_action = QAction("&Evaluate", self)
        self.evaluate_action.setShortcut(QKeySequence(EVALUATE_SHORTCUT))
        self.evaluate_action.setToolTip(self.evaluate_button.toolTip())
        self.evaluate_action.triggered.connect(self.evaluate)
        self.stop_action = QAction("Stop e&valuation", self)
        self.stop_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.stop_action.setEnabled(False)
        self.stop_action.triggered.connect(self.stop)
        self.export_button = QPushButton("Export CSV…")
        self.export_button.setToolTip("Save the comparison table as a CSV file.")
        self.stop_button = QPushButton("Stop")
        self.stop_button.setEnabled(False)
        self.stop_button.setToolTip("Stop this evaluation only and keep the metrics of the users "
                                    "scored so far (Ctrl+Shift+E).")
        self.clear_button = QPushButton("Clear")
        self.clear_button.setToolTip("Forget the results of this session.")
        self.model_label = QLabel()
        self.model_label.setWordWrap(True)
        self.model_label.setMinimumWidth(120)
        self.progress = QProgressBar()
        self.progress.setMinimumWidth(PROGRESS_MIN_WIDTH)  # room for "Epoch … · ETA …"
        self.progress.setRange(0, 1000)
        self.progress.setFormat("Ready")
        self.progress.setTextVisible(True)

        self.comparison = ComparisonModel([], FIRST_NUMERIC_COLUMN, self)
        self.table = QTableView()
        self.table.setModel(self.comparison)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self._set_headers(10)

        # The legend has its own row under the plot, so it never covers a bar.
        self.chart = pg.GraphicsLayoutWidget()
        self.chart.setBackground("w")
        self.chart_plot = self.chart.addPlot(row=0, col=0, title="HR@K and NDCG@K per evaluation")
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
        for widget in (QLabel("Split"), self.split_combo, QLabel("Test share"), self.ratio_spin,
                       QLabel("K"), self.k_combo, self.sampled_check):
            controls.addWidget(widget)
        controls.addStretch(1)
        status = QHBoxLayout()
        for button in (self.evaluate_button, self.stop_button, self.clear_button,
                       self.export_button):
            status.addWidget(button)
        status.addSpacing(8)
        status.addWidget(self.model_label, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.chart)
        splitter.setChildrenCollapsible(False)
        self.chart.setMinimumHeight(260)
        splitter.setSizes([180, 420])
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addLayout(status)
        layout.addWidget(self.progress)
        layout.addWidget(splitter, 1)

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
        self._update_model_label()

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
            self._status("Choose a model in the left column first.")
            return
        if self.session.data.nnz == 0:
            self._status("Nothing to evaluate: the table is empty.")
            return
        name, params = config
        self._update_model_label()
        self._set_running(True)
        self._job_data = data_label(self.session.data)
        self._eta.reset()
        self.progress.setValue(0)
        self.progress.setFormat("Splitting…")
        self._job_id = self.host.evaluate(
            name, params, self.session.data, self.split_combo.currentData(),
            self.k_combo.currentData(), ratio=self.ratio_spin.value(),
            sampled=SAMPLED_NEGATIVES if self.sampled_check.isChecked() else None,
        )
        self._status(f"Evaluating {name}…")

    def stop(self) -> None:
        """Stop this view's evaluation only (a training or another job goes on)."""
        if self._job_id is not None:
            self.host.stop(self._job_id)
            self.stop_button.setEnabled(False)
            self.stop_action.setEnabled(False)
            self.progress.setFormat("Stopping…")

    def clear(self) -> None:
        self.results.clear()
        self._row_data.clear()
        self.comparison.clear()
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
        headers = ["#", "Model", "Settings", "Data", "Split", "Protocol", "Users"]
        headers += [f"{m}@K" for m in METRICS] + ["Time"]
        self.comparison.set_headers(headers)

    def _split_changed(self) -> None:
        self.ratio_spin.setEnabled(SPLITS[self.split_combo.currentData()].needs_ratio)

    def _update_model_label(self) -> None:
        config = self.chosen_config()
        if config is None:
            self.model_label.setText("Model: none chosen yet")
        else:
            name, params = config
            self.model_label.setText(f"Model: {name} ({describe_params(name, params)})")

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
            self.progress.setFormat(progress_text(last, eta))

    def _on_evaluated(self, outcome: EvaluateOutcome) -> None:
        if outcome.job_id != self._job_id:
            return
        self._job_id = None
        self._set_running(False)
        if outcome.error:
            self.progress.setFormat("Failed")
            self.progress.setValue(0)
            self._status(f"Evaluation of {outcome.name} failed: {outcome.error}")
            return
        if not outcome.metrics:
            self.progress.setFormat("Stopped")
            self._status(f"Evaluation of {outcome.name} stopped before any user was scored.")
            return
        self.progress.setValue(1000)
        self.progress.setFormat("Stopped — partial" if outcome.stopped else "Done")
        self.results.append(outcome)
        self._row_data.append(self._job_data)
        self._add_row(outcome)
        self._redraw_chart()
        hr = outcome.metrics.get(f"HR@{outcome.k}", float("nan"))
        ndcg = outcome.metrics.get(f"NDCG@{outcome.k}", float("nan"))
        self._status(f"Evaluated {outcome.name}: HR@{outcome.k} {hr:.3f}, "
                     f"NDCG@{outcome.k} {ndcg:.3f} ({outcome.seconds:.1f} s)")
        self.resultAdded.emit(outcome)

    def _add_row(self, o: EvaluateOutcome) -> None:
        row = self.comparison.rowCount()
        split = self.split_combo.itemText(self.split_combo.findData(o.split)) or o.split
        cells = [str(row + 1), o.name, describe_params(o.name, o.params), self._job_data, split,
                 f"{o.protocol} @{o.k}" + (" (partial)" if o.stopped else ""), str(o.n_users)]
        cells += [_fmt(o.metrics.get(f"{m}@{o.k}")) for m in METRICS]
        cells.append(f"{o.seconds:.2f} s")
        self.comparison.append(cells)
        self.table.resizeColumnsToContents()
        settings = self.table.horizontalHeader()
        settings.resizeSection(SETTINGS_COLUMN, min(settings.sectionSize(SETTINGS_COLUMN), 160))

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
            self._status("Nothing to export: evaluate a model first.")
            return
        path, _ = QFileDialog.getSaveFileName(self, "Export comparison", "comparison.csv",
                                              "CSV files (*.csv)")
        if path:
            try:
                self.export_csv(path)
            except OSError as exc:
                self._status(str(exc))
                return
            self._status(f"Saved the comparison ({self.comparison.rowCount()} rows) to {path}")

    def _status(self, message: str) -> None:
        self.statusMessage.emit(message)


def data_label(data: Interactions) -> str:
    """The Data cell: name and size, e.g. 'ml-100k (943 × 1,682, 100,000)'."""
    return f"{data.name or 'untitled'} ({data.n_users:,} × {data.n_items:,}, {data.nnz:,})"


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
