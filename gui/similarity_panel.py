"""Heatmap of user-user or item-item cosine similarity of the current table.

The numbers come from ``core.similarity_view.similarity_sample`` (at most 200 × 200, the most
active users / popular items on large data, clustered so similar ones sit together). Hovering a
cell names the pair and their similarity.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.similarity_view import similarity_sample
from gui.i18n import Retranslatable
from gui.session import Session

MAX_N = 200
TICK_LIMIT = 40  # label every row/column only when there are this few


class SimilarityPanel(Retranslatable, QWidget):
    statusMessage = Signal(str)
    updated = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.ids: list[str] = []
        self.labels: list[str] = []
        self.sim = np.zeros((0, 0))

        self.axis_combo = QComboBox()
        self.axis_combo.addItem("", "users")
        self.axis_combo.addItem("", "items")
        self.size_spin = QSpinBox()
        self.size_spin.setRange(2, MAX_N)
        self.size_spin.setValue(MAX_N)
        self.refresh_button = QPushButton()
        self.info = QLabel()
        self._info_text = str  # what the info line says, as a function of the language
        self.hover_label = QLabel()

        self.plot_widget = pg.PlotWidget(background="w")
        self.plot = self.plot_widget.getPlotItem()
        self.plot.setAspectLocked(True)
        self.plot.invertY(True)
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.plot.addItem(self.image)
        cmap = pg.colormap.get("viridis")
        self.colorbar = pg.ColorBarItem(values=(0.0, 1.0), colorMap=cmap, interactive=False)
        self.colorbar.setImageItem(self.image, insert_in=self.plot)
        self.plot_widget.scene().sigMouseMoved.connect(self._hover)

        top = QHBoxLayout()
        self.show_label, self.size_label = QLabel(), QLabel()
        top.addWidget(self.show_label)
        top.addWidget(self.axis_combo)
        top.addWidget(self.size_label)
        top.addWidget(self.size_spin)
        top.addWidget(self.refresh_button)
        top.addStretch(1)
        top.addWidget(self.info)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.plot_widget, 1)
        layout.addWidget(self.hover_label)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self.refresh_when_shown)
        self.axis_combo.currentIndexChanged.connect(self.refresh_when_shown)
        self.size_spin.editingFinished.connect(self.refresh_when_shown)
        self.refresh_button.clicked.connect(self.refresh)
        session.dataReplaced.connect(self.refresh_when_shown)
        session.dataEdited.connect(lambda _change: self._timer.start())
        self._dirty = True  # computed on first show: start-up must not pay for scikit-learn
        self.retranslate()

    def retranslate(self) -> None:
        self.axis_combo.setItemText(0, self.tr("Users × users"))
        self.axis_combo.setItemText(1, self.tr("Items × items"))
        self.axis_combo.setToolTip(
            self.tr("Compare users by what they have, or items by who has them."))
        self.size_spin.setToolTip(
            self.tr("At most this many users/items are shown (the most active)."))
        self.refresh_button.setText(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr(
            "Recompute the similarities from the current table."))
        self.hover_label.setText(
            self.tr("Hover a cell to see the pair and their cosine similarity."))
        self.show_label.setText(self.tr("Show"))
        self.size_label.setText(self.tr("Max size"))
        self.colorbar.getAxis("left").setLabel(self.tr("cosine"))  # as ColorBarItem(label=)
        self.info.setText(self._info_text())

    def _set_info(self, text) -> None:
        self._info_text = text
        self.info.setText(text())

    def refresh_when_shown(self) -> None:
        """Recompute now if the panel is on screen, else on its next show."""
        if self.isVisible():
            self.refresh()
        else:
            self._dirty = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def axis(self) -> str:
        return self.axis_combo.currentData()

    def refresh(self) -> None:
        self._timer.stop()
        self._dirty = False
        data, axis = self.session.data, self.axis()
        total = data.n_users if axis == "users" else data.n_items
        if data.nnz == 0:
            self.ids, self.labels, self.sim = [], [], np.zeros((0, 0))
            self.image.clear()
            self._set_info(lambda: self.tr("The table is empty."))
            self.updated.emit()
            return
        self.ids, self.sim = similarity_sample(data, axis, self.size_spin.value())
        self.labels = self.ids if axis == "users" else [data.item_label(i) for i in self.ids]
        n = len(self.ids)
        self.image.setImage(self.sim.astype(np.float32), levels=(0.0, 1.0))
        self.image.setRect(0, 0, n, n)
        ticks = [(k + 0.5, label[:18]) for k, label in enumerate(self.labels)]
        ticks = ticks if n <= TICK_LIMIT else []
        for side in ("bottom", "left"):
            self.plot.getAxis(side).setTicks([ticks] if ticks else None)
        width = max((len(t[1]) for t in ticks), default=0)
        self.plot.getAxis("left").setWidth(int(12 + 7 * width) if ticks else None)
        self.plot.setRange(xRange=(0, n), yRange=(0, n), padding=0.02)
        self._set_info(lambda: self._sample_text(axis, n, total))
        self.updated.emit()

    def _sample_text(self, axis: str, n: int, total: int) -> str:
        if axis == "users":
            text = (self.tr("Showing the {n} most active of {total} users, grouped by similarity.")
                    if n < total else self.tr("Showing all {n} users, grouped by similarity."))
        else:
            text = (self.tr("Showing the {n} most popular of {total} items, grouped by similarity.")
                    if n < total else self.tr("Showing all {n} items, grouped by similarity."))
        return text.format(n=n, total=total)

    def cell_text(self, row: int, col: int) -> str:
        return f"{self.labels[row]} × {self.labels[col]}: {self.sim[row, col]:.2f}"

    def _hover(self, pos: QPointF) -> None:
        if not self.ids:
            return
        point = self.plot.vb.mapSceneToView(pos)
        col, row = int(np.floor(point.x())), int(np.floor(point.y()))
        n = len(self.ids)
        if 0 <= row < n and 0 <= col < n:
            text = self.cell_text(row, col)
            self.hover_label.setText(text)
            self.plot_widget.setToolTip(text)
        else:
            self.plot_widget.setToolTip("")
