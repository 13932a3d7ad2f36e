"""Evaluate the chosen model offline and compare every model evaluated in this session.

Evaluate splits the current table with ``core.evaluation`` (leave-last-out, random or temporal),
fits a fresh model with the current settings of the Model & training panel on the split's
training part, and ranks the held-out items — all in the session's worker thread. Each result
adds a row to the comparison table and a pair of bars (HR@K, NDCG@K) to the chart.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
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
from gui.comparison_model import ComparisonModel
from gui.model_form import describe_params
from gui.session import Session
from gui.training_panel import progress_text
from gui.worker import EvaluateOutcome, WorkerHost

METRICS = ("HR", "NDCG", "Precision", "Recall", "MAP", "MRR", "Coverage")
SETTINGS_COLUMN = 2
FIRST_NUMERIC_COLUMN = 5  # "Users" and the metrics
SAMPLED_NEGATIVES = 99
BAR_COLORS = {"HR": (31, 119, 180), "NDCG": (255, 127, 14)}


class EvaluationPanel(QWidget):
    statusMessage = Signal(str)
    resultAdded = Signal(object)  # EvaluateOutcome

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.host = WorkerHost.for_session(session)
        self.results: list[EvaluateOutcome] = []
        self._job_id: int | None = None

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
            "Split, train the model chosen in Model & training on the training part, "
            "score the test part.")
        self.stop_button = QPushButton("Stop")
        self.stop_button.setEnabled(False)
        self.stop_button.setToolTip("Stop and keep the metrics of the users scored so far.")
        self.clear_button = QPushButton("Clear")
        self.clear_button.setToolTip("Forget the results of this session.")
        self.model_label = QLabel()
        self.model_label.setWordWrap(True)
        self.model_label.setMinimumWidth(120)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(160)
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

        self.chart = pg.PlotWidget(background="w", title="HR@K and NDCG@K per evaluation")
        self.chart.showGrid(y=True, alpha=0.2)
        self.chart.setMouseEnabled(x=False, y=False)
        self.chart.hideButtons()
        self.chart.getPlotItem().getAxis("left").enableAutoSIPrefix(False)
        self.chart.addLegend(offset=(-10, 10), brush=(255, 255, 255, 210))
        self._bars = {
            key: pg.BarGraphItem(x=[], height=[], width=0.38, brush=color, name=f"{key}@K")
            for key, color in BAR_COLORS.items()
        }
        for bars in self._bars.values():
            self.chart.addItem(bars)

        controls = QHBoxLayout()
        for widget in (QLabel("Split"), self.split_combo, QLabel("Test share"), self.ratio_spin,
                       QLabel("K"), self.k_combo, self.sampled_check):
            controls.addWidget(widget)
        controls.addStretch(1)
        status = QHBoxLayout()
        status.addWidget(self.model_label, 1)
        status.addWidget(self.progress, 1)
        status.addWidget(self.evaluate_button)
        status.addWidget(self.stop_button)
        status.addWidget(self.clear_button)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.chart)
        splitter.setSizes([170, 230])
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addLayout(status)
        layout.addWidget(splitter, 1)

        self.split_combo.currentIndexChanged.connect(self._split_changed)
        self.evaluate_button.clicked.connect(self.evaluate)
        self.stop_button.clicked.connect(self.host.stop)
        self.clear_button.clicked.connect(self.clear)
        self.host.progress.connect(self._on_progress)
        self.host.evaluated.connect(self._on_evaluated)
        session.modelChanged.connect(self._update_model_label)
        self._split_changed()
        self._update_model_label()

    # -- public ----------------------------------------------------------------------------------

    def chosen_config(self) -> tuple[str, dict] | None:
        """The Model & training panel's choice, else the trained model's name and settings."""
        if self.host.current_config is not None:
            return self.host.current_config
        model = self.session.model
        if model is not None and self.session.model_name:
            return self.session.model_name, model.config.to_dict()
        return None

    def evaluate(self) -> None:
        if self._job_id is not None:
            return
        config = self.chosen_config()
        if config is None:
            self._status("Choose a model in the Model & training panel first.")
            return
        if self.session.data.nnz == 0:
            self._status("Nothing to evaluate: the table is empty.")
            return
        name, params = config
        self._update_model_label()
        self.evaluate_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.progress.setValue(0)
        self.progress.setFormat("Splitting…")
        self._job_id = self.host.evaluate(
            name, params, self.session.data, self.split_combo.currentData(),
            self.k_combo.currentData(), ratio=self.ratio_spin.value(),
            sampled=SAMPLED_NEGATIVES if self.sampled_check.isChecked() else None,
        )
        self._status(f"Evaluating {name}…")

    def clear(self) -> None:
        self.results.clear()
        self.comparison.clear()
        self._redraw_chart()

    def shutdown(self) -> None:
        self.host.shutdown()

    # -- internals -------------------------------------------------------------------------------

    def _set_headers(self, k: int) -> None:
        headers = ["#", "Model", "Settings", "Split", "Protocol", "Users"]
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
        last = mine[-1]
        if last.fraction is not None:
            self.progress.setValue(int(1000 * min(max(last.fraction, 0.0), 1.0)))
        if last.kind != "done":
            self.progress.setFormat(progress_text(last))

    def _on_evaluated(self, outcome: EvaluateOutcome) -> None:
        if outcome.job_id != self._job_id:
            return
        self._job_id = None
        self.evaluate_button.setEnabled(True)
        self.stop_button.setEnabled(False)
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
        cells = [str(row + 1), o.name, describe_params(o.name, o.params), split,
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
        self.chart.getPlotItem().getAxis("bottom").setTicks([ticks])
        top = max([o.metrics.get(f"HR@{o.k}", 0.0) for o in self.results], default=1.0)
        self.chart.setRange(xRange=(0.4, max(len(xs), 1) + 0.6), yRange=(0, max(top, 0.05) * 1.15),
                            padding=0)

    def _status(self, message: str) -> None:
        self.statusMessage.emit(message)
        window = self.window()
        bar = getattr(window, "statusBar", None)
        if window is not self and callable(bar):
            bar().showMessage(message, 8000)


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"
