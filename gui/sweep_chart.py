"""Live chart of a sweep: metric against one parameter with error bars, or a two-parameter heatmap.

Redrawn from the finished rows each time one arrives (a sweep yields a row every few seconds at
most, so no throttling is needed). One parameter: mean ± std over the folds, the best setting
marked with a star; numeric values sit at their value (log axis for log ranges), others at
evenly spaced ticks. Two parameters: one cell per combination coloured by the mean (viridis;
grey until scored) with the value written in it, the best cell outlined.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QRectF
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QGraphicsRectItem

from core.sweep import SweepRow

LINE_COLOR = (31, 119, 180)
BEST_COLOR = (214, 39, 40)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class SweepChart(pg.PlotWidget):
    def __init__(self, parent: Any = None):
        super().__init__(parent, background="w")
        self.showGrid(x=True, y=True, alpha=0.2)
        self.getPlotItem().getAxis("left").enableAutoSIPrefix(False)
        self.getPlotItem().getAxis("bottom").enableAutoSIPrefix(False)
        self.params: list[str] = []
        self.metric = ""
        self.log_x = False
        self.cells: dict[tuple[Any, Any], float] = {}  # two parameters: (v1, v2) -> mean
        self._known: list[list[Any]] = [[], []]
        self.setTitle(QCoreApplication.translate(
            "SweepChart", "Sweep: run one to see the metric against the parameter"))

    def reset(self, params: list[str], metric: str, *, log_x: bool = False,
              values: list[list[Any]] | None = None) -> None:
        """Start a new sweep; ``values`` are the grid values when known (cells appear grey)."""
        self.clear()
        self.params, self.metric, self.log_x = list(params), metric, log_x
        self._known = [list(v) for v in (values or [[], []])] + [[]] * (2 - len(values or []))
        self.cells = {}
        self.getPlotItem().setLogMode(x=False, y=False)
        if len(params) == 2:
            self.setLabel("bottom", params[0])
            self.setLabel("left", params[1])
            self.setTitle(QCoreApplication.translate(
                "SweepChart", "{metric}: mean over the folds").format(metric=metric))
        else:
            self.setLabel("bottom", params[0] if params else "")
            self.setLabel("left", metric)
            self.setTitle(QCoreApplication.translate(
                "SweepChart", "{metric}: mean ± std over the folds").format(metric=metric))
        self.set_rows([], None)

    def set_rows(self, rows: list[SweepRow], best: SweepRow | None) -> None:
        self.clear()
        if len(self.params) == 2:
            self._heatmap(rows, best)
        elif self.params:
            self._line(rows, best)

    # -- one parameter ---------------------------------------------------------------------------

    def _line(self, rows: list[SweepRow], best: SweepRow | None) -> None:
        name = self.params[0]
        self.getPlotItem().getAxis("left").setTicks(None)
        self.getPlotItem().enableAutoRange()
        values = [r.params[name] for r in rows]
        numeric = all(_is_number(v) for v in values + self._known[0])
        axis = self.getPlotItem().getAxis("bottom")
        if numeric:
            axis.setTicks(None)
            use_log = self.log_x and all(v > 0 for v in values)
            xs = np.log10(np.array(values, dtype=float)) if use_log else np.array(
                values, dtype=float)
            if use_log:
                axis.setTicks([[(float(np.log10(v)), f"{v:g}") for v in sorted(set(values))]])
        else:
            order = list(dict.fromkeys(self._known[0] + values))
            xs = np.array([order.index(v) for v in values], dtype=float)
            axis.setTicks([[(float(i), str(v)) for i, v in enumerate(order)]])
        if not rows:
            return
        ys = np.array([r.mean.get(self.metric, np.nan) for r in rows])
        std = np.array([r.std.get(self.metric, 0.0) for r in rows])
        order = np.argsort(xs, kind="stable")
        self.addItem(pg.ErrorBarItem(x=xs, y=ys, height=2 * std, beam=0.0,
                                     pen=pg.mkPen((*LINE_COLOR, 160), width=1.5)))
        self.plot(xs[order], ys[order], pen=pg.mkPen(LINE_COLOR, width=2), symbol="o",
                  symbolSize=8, symbolBrush=LINE_COLOR)
        if best is not None and best in rows:
            i = rows.index(best)
            self.plot([xs[i]], [ys[i]], pen=None, symbol="star", symbolSize=18,
                      symbolBrush=BEST_COLOR, symbolPen="w")

    # -- two parameters --------------------------------------------------------------------------

    def _heatmap(self, rows: list[SweepRow], best: SweepRow | None) -> None:
        a, b = self.params
        xs = _ordered(self._known[0] + [r.params[a] for r in rows])
        ys = _ordered(self._known[1] + [r.params[b] for r in rows])
        self.cells = {(r.params[a], r.params[b]): r.mean.get(self.metric, np.nan) for r in rows}
        finite = [v for v in self.cells.values() if np.isfinite(v)]
        lo, hi = (min(finite), max(finite)) if finite else (0.0, 1.0)
        cmap = pg.colormap.get("viridis")
        for i, x in enumerate(xs):
            for j, y in enumerate(ys):
                value = self.cells.get((x, y))
                rect = QGraphicsRectItem(QRectF(i - 0.5, j - 0.5, 1.0, 1.0))
                if value is None or not np.isfinite(value):
                    rect.setBrush(QBrush(QColor(220, 220, 220)))
                else:
                    t = 0.5 if hi == lo else (value - lo) / (hi - lo)
                    rect.setBrush(QBrush(cmap.map(t, mode="qcolor")))
                rect.setPen(QPen(QColor(255, 255, 255), 0))
                self.addItem(rect)
                if value is not None and np.isfinite(value):
                    t = 0.5 if hi == lo else (value - lo) / (hi - lo)
                    text = pg.TextItem(f"{value:.3f}", anchor=(0.5, 0.5),
                                       color=(0, 0, 0) if t > 0.6 else (255, 255, 255))
                    text.setPos(i, j)
                    self.addItem(text)
        if best is not None and best in rows:
            i, j = xs.index(best.params[a]), ys.index(best.params[b])
            outline = QGraphicsRectItem(QRectF(i - 0.5, j - 0.5, 1.0, 1.0))
            pen = QPen(QColor(*BEST_COLOR), 0)
            pen.setWidth(3)
            pen.setCosmetic(True)
            outline.setPen(pen)
            self.addItem(outline)
        self.getPlotItem().getAxis("bottom").setTicks(
            [[(float(i), _label(v)) for i, v in enumerate(xs)]])
        self.getPlotItem().getAxis("left").setTicks(
            [[(float(j), _label(v)) for j, v in enumerate(ys)]])
        self.setXRange(-0.5, max(len(xs), 1) - 0.5, padding=0.02)
        self.setYRange(-0.5, max(len(ys), 1) - 0.5, padding=0.02)


def _ordered(values: list[Any]) -> list[Any]:
    unique = list(dict.fromkeys(values))
    if all(_is_number(v) for v in unique):
        return sorted(unique)
    return unique


def _label(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
