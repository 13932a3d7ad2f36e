"""Train a model and watch it learn: form, Train/Stop, progress bar and live curves.

Training runs in the session's worker thread (``gui.worker``); this panel only sends the job and
draws the ``Progress`` events it gets back, already coalesced to ~25 updates a second. Each
curve is one ``PlotDataItem`` updated with ``setData`` (downsampled, clipped to view).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pyqtgraph.exporters
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from core.progress import Progress
from gui.model_form import ModelForm, describe_params
from gui.session import Session
from gui.worker import TrainResult, WorkerHost

SMOOTHING = 0.1  # weight of the newest batch in the smoothed loss (exponential moving average)
LOSS_COLOR = (31, 119, 180)
VAL_COLORS = {"HR@10": (214, 39, 40), "NDCG@10": (44, 160, 44)}


def format_seconds(seconds: float | None) -> str:
    if seconds is None or not np.isfinite(seconds):
        return "?"
    seconds = max(0, round(seconds))
    return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"


def progress_text(event: Progress) -> str:
    """One line for the progress bar: epoch, batch and time left."""
    parts = []
    if event.epoch is not None:
        parts.append(f"Epoch {event.epoch}/{event.n_epochs or '?'}")
    if event.batch is not None:
        parts.append(f"batch {event.batch}/{event.n_batches or '?'}")
    if not parts and event.message:
        parts.append(event.message)
    if event.eta is not None:
        parts.append(f"ETA {format_seconds(event.eta)}")
    return " · ".join(parts) or "Working…"


LEGEND_HEIGHT = 28


def _legend(layout: pg.GraphicsLayoutWidget, row: int) -> pg.LegendItem:
    """A one-line legend in its own layout row under a plot, where it hides no data; the row
    keeps its natural height and the plots take the rest."""
    legend = pg.LegendItem(colCount=4, labelTextColor=(60, 60, 60))
    layout.addItem(legend, row=row, col=0)
    grid = layout.ci.layout
    grid.setRowStretchFactor(row - 1, 1)
    grid.setRowStretchFactor(row, 0)
    grid.setRowMaximumHeight(row, LEGEND_HEIGHT)
    return legend


def _curve(plot: pg.PlotItem, **kwargs) -> pg.PlotDataItem:
    item = plot.plot([], [], **kwargs)
    item.setDownsampling(auto=True, method="peak")
    item.setClipToView(True)
    return item


class TrainingPanel(QWidget):
    statusMessage = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.host = WorkerHost.for_session(session)
        self._job_id: int | None = None
        self._reset_series()

        self.form = ModelForm()
        self.train_button = QPushButton("Train")
        self.train_button.setToolTip("Train the chosen model on the current table (Ctrl+T).")
        self.train_button.setShortcut("Ctrl+T")
        self.stop_button = QPushButton("Stop")
        self.stop_button.setToolTip("Stop after the current batch and keep the best model so far.")
        self.stop_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.progress.setTextVisible(True)
        self.progress.setFormat("Ready")
        self.result_label = QLabel("No model trained yet.")
        self.result_label.setWordWrap(True)
        self.export_button = QPushButton("Export plot…")
        self.export_button.setToolTip("Save the training curves as a PNG image.")

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.train_button)
        buttons.addWidget(self.stop_button)
        left = QVBoxLayout()
        left.addWidget(scroll, 1)
        left.addLayout(buttons)
        left.addWidget(self.progress)
        left.addWidget(self.result_label)
        left_box = QWidget()
        left_box.setLayout(left)
        left_box.setMinimumWidth(280)
        left_box.setMaximumWidth(380)

        self.plots = pg.GraphicsLayoutWidget()
        self.plots.setBackground("w")
        self.loss_plot = self.plots.addPlot(row=0, col=0, title="Training loss")
        self.loss_plot.setLabel("bottom", "epoch")
        self.loss_plot.setLabel("left", "loss")
        self.loss_plot.showGrid(x=True, y=True, alpha=0.2)
        self.loss_legend = _legend(self.plots, row=1)
        self.val_plot = self.plots.addPlot(row=2, col=0, title="Validation")
        self.val_plot.setLabel("bottom", "epoch")
        self.val_plot.setLabel("left", "metric")
        self.val_plot.showGrid(x=True, y=True, alpha=0.2)
        self.val_legend = _legend(self.plots, row=3)
        for plot in (self.loss_plot, self.val_plot):
            plot.getAxis("left").enableAutoSIPrefix(False)
        self.val_plot.setXLink(self.loss_plot)
        self.batch_curve = _curve(self.loss_plot, pen=pg.mkPen((*LOSS_COLOR, 60), width=1))
        self.smooth_curve = _curve(self.loss_plot, pen=pg.mkPen((*LOSS_COLOR, 170), width=1.5))
        self.epoch_curve = _curve(self.loss_plot, pen=pg.mkPen((20, 20, 20), width=3),
                                  symbol="o", symbolSize=6, symbolBrush=(20, 20, 20))
        for curve, label in ((self.batch_curve, "batch"), (self.smooth_curve, "batch (smoothed)"),
                             (self.epoch_curve, "epoch mean")):
            self.loss_legend.addItem(curve, label)
        self.val_curves = {
            key: _curve(self.val_plot, pen=pg.mkPen(color, width=2.5), symbol="o",
                        symbolSize=6, symbolBrush=color)
            for key, color in VAL_COLORS.items()
        }
        for key, curve in self.val_curves.items():
            self.val_legend.addItem(curve, key)
        right = QVBoxLayout()
        right.addWidget(self.plots, 1)
        export_row = QHBoxLayout()
        export_row.addStretch(1)
        export_row.addWidget(self.export_button)
        right.addLayout(export_row)

        layout = QHBoxLayout(self)
        layout.addWidget(left_box)
        layout.addLayout(right, 1)

        self.train_button.clicked.connect(self.train)
        self.stop_button.clicked.connect(self.stop)
        self.export_button.clicked.connect(self._ask_export)
        self.form.changed.connect(self._publish_config)
        self.host.progress.connect(self._on_progress)
        self.host.trained.connect(self._on_trained)
        self.host.statusMessage.connect(self._status)
        session.dataReplaced.connect(self._data_replaced)
        self._data_replaced()
        self._show_validation(False)  # until a run with validation starts

    # -- actions ---------------------------------------------------------------------------------

    def train(self) -> None:
        if self._job_id is not None:
            return
        data = self.session.data
        if data.nnz == 0:
            self._status("Nothing to train on: the table is empty.")
            return
        name, params = self.form.model_name(), self.form.params()
        self._reset_series(float(params.get("epochs") or 0))
        if not self._planned_epochs:
            self.loss_plot.enableAutoRange(axis="x")
        self._redraw()
        self.loss_plot.setTitle(f"Training loss — {name}")
        self._show_validation(bool(params.get("validation", False)))
        self.progress.setValue(0)
        self.progress.setFormat("Starting…")
        self.train_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.form.setEnabled(False)
        self._job_id = self.host.train(name, params, data)
        self._status(f"Training {name}…")

    def stop(self) -> None:
        if self._job_id is not None:
            self.host.stop()
            self.stop_button.setEnabled(False)

    def export_plot(self, path: str) -> None:
        """Save both plots as one PNG image at ``path``."""
        exporter = pg.exporters.ImageExporter(self.plots.scene())
        exporter.parameters()["width"] = max(800, self.plots.width())
        exporter.export(path)

    def shutdown(self) -> None:
        """Stop the worker and wait for its thread; call from the window's closeEvent."""
        self.host.shutdown()

    @property
    def training(self) -> bool:
        return self._job_id is not None

    # -- worker results --------------------------------------------------------------------------

    def _on_progress(self, items: list) -> None:
        last = None
        for job_id, event in items:
            if job_id != self._job_id:
                continue
            self._record(event)
            last = event
        if last is None:
            return
        if last.fraction is not None:
            self.progress.setValue(int(1000 * min(max(last.fraction, 0.0), 1.0)))
        if last.kind != "done":
            self.progress.setFormat(progress_text(last))
        self._redraw()

    def _on_trained(self, result: TrainResult) -> None:
        if result.job_id != self._job_id:
            return
        self._job_id = None
        self.loss_plot.enableAutoRange(axis="x")  # fit what was trained (early stop: fewer)
        self.train_button.setEnabled(True)
        self.stop_button.setEnabled(False)
        self.form.setEnabled(True)
        self.progress.setValue(1000 if result.model is not None else 0)
        if result.model is None:
            self.progress.setFormat("Failed")
            message = f"Training {result.name} failed: {result.error}"
        else:
            self.session.set_model(result.model, result.name)
            settings = describe_params(result.name, result.params)
            if result.stopped:
                at = f" at epoch {result.epochs_done}" if result.epochs_done else ""
                message = f"Stopped{at} — kept best model ({result.name})"
                self.progress.setFormat("Stopped")
            else:
                message = f"Trained {result.name} in {result.seconds:.1f} s"
                self.progress.setFormat("Done")
            diverged = getattr(getattr(result.model, "training_result", None), "diverged", "")
            if diverged:  # stopped on a growing loss; the best weights so far were kept
                message = f"Warning: {result.name} {diverged}; kept the best weights so far"
                self.progress.setFormat("Diverged")
            self.result_label.setText(f"{message}.\nSettings: {settings}.")
        if result.model is None:
            self.result_label.setText(message)
        self._status(message)

    # -- internals -------------------------------------------------------------------------------

    def _reset_series(self, planned_epochs: float = 0.0) -> None:
        self._planned_epochs = planned_epochs  # the x axis grows in steps up to this (0: auto)
        self._x_max = 0.0
        self._bx: list[float] = []
        self._by: list[float] = []
        self._sy: list[float] = []
        self._ex: list[float] = []
        self._ey: list[float] = []
        self._vx: list[float] = []
        self._vy: dict[str, list[float]] = {key: [] for key in VAL_COLORS}
        self._batch_count = 0

    def _record(self, event: Progress) -> None:
        if event.kind == "batch" and event.loss is not None:
            self._batch_count += 1
            if event.epoch is not None and event.batch is not None and event.n_batches:
                x = event.epoch - 1 + event.batch / event.n_batches
            else:
                x = float(self._batch_count)
            smooth = event.loss if not self._sy else (
                SMOOTHING * event.loss + (1 - SMOOTHING) * self._sy[-1])
            self._bx.append(x)
            self._by.append(event.loss)
            self._sy.append(smooth)
        elif event.kind == "epoch" and event.epoch is not None:
            if event.loss is not None:
                self._ex.append(float(event.epoch))
                self._ey.append(event.loss)
            if event.metrics:
                self._vx.append(float(event.epoch))
                for key in VAL_COLORS:
                    self._vy[key].append(event.metrics.get(key, np.nan))
                self._show_validation(True)

    def _grow_epoch_axis(self) -> None:
        """Widen the x axis in steps (2, 4, 8 … epochs, at most the planned number) rather than
        auto-ranging on every update: the axes, most of each frame's GUI-thread paint time while
        training, are then repainted only when a step is taken."""
        x = max(self._bx[-1] if self._bx else 0.0, self._ex[-1] if self._ex else 0.0)
        if not self._planned_epochs or (self._x_max and x <= self._x_max):
            return
        x_max = max(self._x_max, 2.0)
        while x_max < x:
            x_max *= 2
        self._x_max = min(x_max, self._planned_epochs)
        self.loss_plot.setXRange(0, self._x_max, padding=0.02)

    def _show_validation(self, visible: bool) -> None:
        """Put the validation plot and its legend in the layout, or take them out (a hidden item
        would keep its space in the layout)."""
        if visible == (self.val_plot in self.plots.ci.items):
            return
        if visible:
            self.plots.addItem(self.val_plot, row=2, col=0)
            self.plots.addItem(self.val_legend, row=3, col=0)
        else:
            self.plots.removeItem(self.val_plot)
            self.plots.removeItem(self.val_legend)

    def _redraw(self) -> None:
        self._grow_epoch_axis()
        self.batch_curve.setData(self._bx, self._by)
        self.smooth_curve.setData(self._bx, self._sy)
        self.epoch_curve.setData(self._ex, self._ey)
        for key, curve in self.val_curves.items():
            curve.setData(self._vx, self._vy[key])

    def _publish_config(self) -> None:
        self.host.current_config = (self.form.model_name(), self.form.params())

    def _data_replaced(self) -> None:
        self.form.apply_suggestions(self.session.data)
        self._publish_config()

    def _ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export plot", "training.png",
                                              "PNG image (*.png)")
        if path:
            self.export_plot(path)
            self._status(f"Plot saved to {path}")

    def _status(self, message: str) -> None:
        self.statusMessage.emit(message)
        window = self.window()
        bar = getattr(window, "statusBar", None)
        if window is not self and callable(bar):
            bar().showMessage(message, 8000)


__all__ = ["TrainingPanel", "format_seconds", "progress_text"]
