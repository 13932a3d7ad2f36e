"""The Training view: watch the session's training run — live loss and validation curves for
neural models, and for the others (kNN, popularity) a sentence saying what was computed.

With validation on, the loss plot draws the training loss and the validation loss (the same loss
on the validation hold-out) on one axis, so an opening gap — overfitting — is the first thing
seen; the best epoch (by the monitored metric) is marked on both plots. The lessons' presets
("Show me overfitting", "Cure it") are buttons here and in the Model menu
(``gui.lesson_controls``).

The run is started from the model column (``gui.model_panel``); both follow
``Session.training`` (``gui.training_run``) and never talk to each other. Progress events arrive
coalesced to ~25 updates a second. Each curve is one ``PlotDataItem`` updated with ``setData``
(downsampled, clipped to view).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pyqtgraph.exporters
from PySide6.QtCore import QCoreApplication, QSaveFile, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGraphicsItem,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from core.models import LOSS_CURVE_MODELS, NEURAL_MODELS, VALIDATION_LOSS_MODELS
from core.progress import Progress
from gui.core_messages import model_label
from gui.i18n import Retranslatable
from gui.lesson_controls import PresetButtons, preset_actions
from gui.progress_format import format_seconds
from gui.session import Session
from gui.training_run import outcome_message
from gui.worker import TrainResult

SMOOTHING = 0.1  # weight of the newest batch in the smoothed loss (exponential moving average)
LOSS_COLOR = (31, 119, 180)
VAL_LOSS_COLOR = (255, 127, 14)
BEST_COLOR = (120, 120, 120)
BEST_LABEL = "best epoch"  # the legend's English wording (shown through tr())
VAL_COLORS = {"HR@10": (214, 39, 40), "NDCG@10": (44, 160, 44)}

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


def _plan(params: dict) -> float:
    """The epochs (ALS: iterations) a run's settings plan; 0 when they do not say."""
    return float(params.get("epochs") or params.get("iterations") or 0)


def _curve(plot: pg.PlotItem, **kwargs) -> pg.PlotDataItem:
    item = plot.plot([], [], **kwargs)
    item.setDownsampling(auto=True, method="peak")
    item.setClipToView(True)
    return item


def fit_summary(name: str, shape: tuple[int, int, int], seconds: float,
                model: object | None = None) -> str:
    """What a model without epochs computed ('… similarities computed for 1,682 items in 0.1 s'),
    and what item-kNN's neighbourhood "auto" chose."""
    translate = QCoreApplication.translate
    users, items, nnz = (f"{n:,}" for n in shape)
    took = (format_seconds(seconds) if seconds >= 1
            else translate("progress", "{seconds} s").format(seconds=f"{seconds:.1f}"))
    if name == "item-knn":
        text = translate("TrainingView",
            "Item–item similarities computed for {items} items in {took}.")
    elif name == "user-knn":
        text = translate("TrainingView",
            "User–user similarities computed for {users} users in {took}.")
    elif name == "popularity":
        text = translate("TrainingView",
                  "Counted the users of {items} items ({nnz} interactions) in {took}.")
    else:
        text = translate("TrainingView",
            "{name} fitted on {users} users × {items} items in {took}.")
    text = text.format(name=model_label(name), users=users, items=items, nnz=nnz, took=took)
    config = getattr(model, "config", None)
    if name == "item-knn" and getattr(config, "neighbourhood", None) == "auto":
        recency = getattr(model, "recency_used", 0.0)
        choice = (translate("TrainingView", "Neighbourhood auto chose {neighbourhood} with "
                            "recency decay {recency}, measured on held-out items.")
                  if recency else
                  translate("TrainingView", "Neighbourhood auto chose {neighbourhood} without "
                            "recency decay, measured on held-out items."))
        text += " " + choice.format(neighbourhood=model.neighbourhood, recency=f"{recency:g}")
    return text


class TrainingView(Retranslatable, QWidget):
    statusMessage = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.run = session.training
        self._reset_series()

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setStyleSheet("font-size: 14px; color: #333; padding: 24px;")
        self.export_button = QPushButton()
        # Texts that depend on the run's state, as functions of the current language.
        self._message_text = self._idle_text
        self._title_text = str
        self._loss_title = self._plain_loss_title

        self.plots = pg.GraphicsLayoutWidget()
        self.plots.setBackground("w")
        self.loss_plot = self.plots.addPlot(row=0, col=0)
        self.loss_plot.showGrid(x=True, y=True, alpha=0.2)
        self.loss_legend = _legend(self.plots, row=1)
        self.val_plot = self.plots.addPlot(row=2, col=0)
        self.val_plot.showGrid(x=True, y=True, alpha=0.2)
        self.val_legend = _legend(self.plots, row=3)
        for plot in (self.loss_plot, self.val_plot):
            plot.getAxis("left").enableAutoSIPrefix(False)
            for side in ("left", "bottom"):
                # an axis draws its grid across the plot, so each new batch of a curve repainted
                # it: ~5 ms a replay of its ticks and labels. Cached, it is blitted until it
                # changes itself (new ticks).
                plot.getAxis(side).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.val_plot.setXLink(self.loss_plot)
        self.batch_curve = _curve(self.loss_plot, pen=pg.mkPen((*LOSS_COLOR, 60), width=1))
        self.smooth_curve = _curve(self.loss_plot, pen=pg.mkPen((*LOSS_COLOR, 170), width=1.5))
        self.epoch_curve = _curve(self.loss_plot, pen=pg.mkPen((20, 20, 20), width=3),
                                  symbol="o", symbolSize=6, symbolBrush=(20, 20, 20))
        self.val_loss_curve = _curve(self.loss_plot, pen=pg.mkPen(VAL_LOSS_COLOR, width=3),
                                     symbol="s", symbolSize=6, symbolBrush=VAL_LOSS_COLOR)
        self._built = False
        self._legend_key: tuple[bool, bool] | None = None  # (per batch, with validation loss)
        self._set_legend("mlp")
        # The best epoch (by the monitored validation metric), marked on both plots; it is named
        # in the validation legend, not by a label on the line (which covered the best points).
        best_pen = pg.mkPen(BEST_COLOR, width=1.5, style=Qt.PenStyle.DashLine)
        self.best_lines = [pg.InfiniteLine(angle=90, movable=False, pen=best_pen)
                           for _ in range(2)]
        self.best_sample = pg.PlotDataItem([], [], pen=best_pen)  # legend swatch only
        self.loss_plot.addItem(self.best_lines[0])
        self.val_plot.addItem(self.best_lines[1])
        self.presets = PresetButtons(session)
        self.val_curves = {
            key: _curve(self.val_plot, pen=pg.mkPen(color, width=2.5), symbol="o",
                        symbolSize=6, symbolBrush=color)
            for key, color in VAL_COLORS.items()
        }
        for key, curve in self.val_curves.items():
            self.val_legend.addItem(curve, key)
        self.val_legend.addItem(self.best_sample, "")

        self.stack = QStackedWidget()
        self.stack.addWidget(self.message)
        self.stack.addWidget(self.plots)
        top = QHBoxLayout()
        self.title = QLabel()
        top.addWidget(self.title, 1)
        top.addWidget(self.presets)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)

        self.export_button.clicked.connect(self._ask_export)
        self.run.started.connect(self._on_started)
        self.run.progress.connect(self._on_progress)
        self.run.finished.connect(self._on_finished)
        session.dataReplaced.connect(self.clear)
        session.configChanged.connect(self._on_config_changed)
        self.clear()
        self.retranslate()
        self._built = True

    def retranslate(self) -> None:
        self.export_button.setText(self.tr("Export plot…"))
        self.export_button.setToolTip(self.tr("Save the training curves as a PNG image."))
        for plot in (self.loss_plot, self.val_plot):
            plot.setLabel("bottom", self.tr("epoch"))
        self.loss_plot.setLabel("left", self.tr("loss"))
        self.val_plot.setLabel("left", self.tr("metric"))
        self.val_plot.setTitle(self.tr("Validation"))
        per_batch = self._legend_key is not None and self._legend_key[0]
        epoch_text = (self.tr("training (epoch mean)") if per_batch
                      else self.tr("training (after each iteration)"))
        for curve, text in ((self.batch_curve, self.tr("batch")),
                            (self.smooth_curve, self.tr("batch (smoothed)")),
                            (self.epoch_curve, epoch_text),
                            (self.val_loss_curve, self.tr("validation"))):
            label = self.loss_legend.getLabel(curve)
            if label is not None:  # in the legend for this model
                label.setText(text)
        self._redraw()  # the legend's "best epoch: N"
        self._set_texts()

    def _idle_text(self) -> str:
        return self.tr("Press Train (Ctrl+T) in the left column.\n\nNeural models (MLP, NeuMF) "
                       "draw their loss here batch by batch, and HR/NDCG per epoch when "
                       "validation is on; kNN and popularity say what they computed.")

    def _set_legend(self, name: str) -> None:
        """The loss legend names the curves model ``name`` draws: a neural model's batches,
        epochs and (MLP, NeuMF) validation loss, or (ALS) its loss after each iteration alone."""
        per_batch = name in NEURAL_MODELS
        key = (per_batch, name in VALIDATION_LOSS_MODELS)
        if key == self._legend_key:
            return
        self._legend_key = key
        self.loss_legend.clear()
        curves = ((self.batch_curve, self.smooth_curve, self.epoch_curve)
                  if per_batch else (self.epoch_curve,)) + (
                      (self.val_loss_curve,) if key[1] else ())
        for curve in curves:
            self.loss_legend.addItem(curve, "")
        if self._built:  # name the entries (while building, ``retranslate`` runs at the end)
            self.retranslate()

    def _plain_loss_title(self) -> str:
        return self.tr("Training and validation loss")

    def _named_loss_title(self, name: str) -> str:
        """The loss plot's title for model ``name``: ALS and Caser have no validation loss."""
        if name in VALIDATION_LOSS_MODELS:
            return self.tr("Training and validation loss — {name}").format(
                name=model_label(name))
        return self.tr("Training loss — {name}").format(name=model_label(name))

    def _set_texts(self, message=None, title=None, loss_title=None) -> None:
        """Change the state-dependent texts (functions, re-run on a language change)."""
        self._message_text = message or self._message_text
        self._title_text = title or self._title_text
        self._loss_title = loss_title or self._loss_title
        self.message.setText(self._message_text())
        self.title.setText(self._title_text())
        self.loss_plot.setTitle(self._loss_title())

    # -- public ----------------------------------------------------------------------------------

    def clear(self) -> None:
        """Back to the empty state: no curves, no title, the hint shown (e.g. after new data)."""
        self._reset_series()
        self._redraw()
        self._show_validation(False)
        self._set_texts(self._idle_text, str, self._plain_loss_title)
        self.stack.setCurrentWidget(self.message)
        self.export_button.setEnabled(False)

    def menu_actions(self) -> list:
        """The lessons' presets for the Model menu."""
        return preset_actions(self.session, self)

    def export_plot(self, path: str) -> None:
        """Save both plots as one PNG image at ``path`` (written atomically)."""
        exporter = pg.exporters.ImageExporter(self.plots.scene())
        exporter.parameters()["width"] = max(800, self.plots.width())
        image = exporter.export(toBytes=True)
        out = QSaveFile(path)
        if not out.open(QSaveFile.OpenModeFlag.WriteOnly) or not image.save(out, "PNG") \
                or not out.commit():
            out.cancelWriting()
            raise OSError(f"cannot write {path}: {out.errorString()}")

    # -- the run ---------------------------------------------------------------------------------

    def _on_started(self, name: str, params: dict) -> None:
        self._reset_series(_plan(params))
        self._monitor = str(params.get("monitor", "NDCG@10"))
        self.loss_plot.enableAutoRange(axis="y")  # fit this run, not the previous one
        self.val_plot.enableAutoRange(axis="y")
        if not self._planned_epochs:
            self.loss_plot.enableAutoRange(axis="x")
        self._redraw()
        self._show_validation(bool(params.get("validation", False)))
        self._set_texts(title=lambda: self.tr("Training {name}…").format(name=model_label(name)))
        if name in VALIDATION_LOSS_MODELS:
            self._set_texts(loss_title=lambda: self.tr(
                "Training and validation loss — {name} (compiling the training step…)").format(
                    name=model_label(name)))
        elif name in NEURAL_MODELS:
            self._set_texts(loss_title=lambda: self.tr(
                "Training loss — {name} (compiling the training step…)").format(
                    name=model_label(name)))
        elif name in LOSS_CURVE_MODELS:
            self._set_texts(loss_title=lambda: self._named_loss_title(name))
        if name in LOSS_CURVE_MODELS:
            self._set_legend(name)
            self.stack.setCurrentWidget(self.plots)
            self.export_button.setEnabled(True)
        else:
            self._set_texts(message=lambda: self.tr("Fitting {name}…").format(
                name=model_label(name)))
            self.stack.setCurrentWidget(self.message)
            self.export_button.setEnabled(False)

    def _on_progress(self, events: list[Progress]) -> None:
        had_batches = bool(self._bx)
        for event in events:
            self._record(event)
        if self._bx and not had_batches:
            name = self.run.name
            self._set_texts(loss_title=lambda: self._named_loss_title(name))
        self._redraw(epochs=any(event.kind == "epoch" for event in events))

    def _on_finished(self, result: TrainResult, message: str) -> None:
        self.loss_plot.enableAutoRange(axis="x")  # fit what was trained (early stop: fewer)
        self._set_texts(title=lambda: self.tr("{message}.").format(
                            message=outcome_message(result)),
                        loss_title=lambda: self._named_loss_title(result.name))
        if result.name not in LOSS_CURVE_MODELS:
            shape = self.run.data_shape
            if result.model is not None and not result.stopped:
                self._set_texts(message=lambda: fit_summary(result.name, shape, result.seconds,
                                                            result.model)
                                + "\n\n" + self.tr("This model is not trained in epochs, so "
                                                    "there is no loss curve."))
            else:
                self._set_texts(message=lambda: self.tr("{message}.").format(
                    message=outcome_message(result)))
            self.stack.setCurrentWidget(self.message)

    def _on_config_changed(self) -> None:
        """Before any run, a picked neural model shows its (empty) plots, so the user sees where
        its curves will grow; a model without epochs shows the hint again."""
        config = self.session.model_config
        if config is None or self.run.running or self._bx:
            return
        name, params = config
        if name in LOSS_CURVE_MODELS:
            self._reset_series(_plan(params))  # the axis spans the plan
            self._redraw()
            self._show_validation(bool(params.get("validation", False)))
            self._set_texts(loss_title=lambda: self._named_loss_title(name))
            self._set_legend(name)
            self.stack.setCurrentWidget(self.plots)
        else:
            self._set_texts(loss_title=self._plain_loss_title)
            self.stack.setCurrentWidget(self.message)

    @property
    def showing_plots(self) -> bool:
        return self.stack.currentWidget() is self.plots

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
        self._lx: list[float] = []  # validation loss per epoch
        self._ly: list[float] = []
        self.best_epoch: int | None = None
        self._best = -np.inf
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
            if event.val_loss is not None:
                self._lx.append(float(event.epoch))
                self._ly.append(event.val_loss)
            monitored = event.metrics.get(getattr(self, "_monitor", "NDCG@10"))
            if monitored is not None and monitored > self._best:
                self.best_epoch, self._best = event.epoch, monitored
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

    def _redraw(self, epochs: bool = True) -> None:
        """Give the curves their data; ``epochs`` False (only batches came in): the batch curves
        alone. Setting a curve's data, even unchanged, repaints its plot and axes: during an
        epoch that was the validation plot's whole paint time, ~25 ms a frame on the GUI thread
        (measured: the MLP on the 20,000-item long tail, whose steps share the 2 cores)."""
        self._grow_epoch_axis()
        self.batch_curve.setData(self._bx, self._by)
        self.smooth_curve.setData(self._bx, self._sy)
        if not epochs:
            return
        self.epoch_curve.setData(self._ex, self._ey)
        self.val_loss_curve.setData(self._lx, self._ly)
        for line in self.best_lines:
            line.setVisible(self.best_epoch is not None)
            if self.best_epoch is not None:
                line.setValue(self.best_epoch)
        best = self.val_legend.getLabel(self.best_sample)
        if best is not None:
            best.setText(self.tr("best epoch") if self.best_epoch is None
                         else self.tr("best epoch: {epoch}").format(epoch=self.best_epoch))
        for key, curve in self.val_curves.items():
            curve.setData(self._vx, self._vy[key])

    def _ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export plot"), "training.png",
                                              self.tr("PNG image (*.png)"))
        if path:
            try:
                self.export_plot(path)
            except OSError as exc:
                self.statusMessage.emit(str(exc))
                return
            self.statusMessage.emit(self.tr("Plot saved to {path}").format(path=path))


__all__ = ["TrainingView", "fit_summary"]
