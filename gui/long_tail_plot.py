"""The long-tail plot: items sorted by training popularity on x, how often each model
recommends them on y — popularity bias at a glance.

The top strip shows each item's popularity (training users), the main plot one curve per
evaluation: the number of evaluated top-K lists containing the item. A model that hugs the left
edge recommends the head; one with mass further right reaches into the tail. The x axis is the
popularity rank on a log scale (the head gets room); per-item counts are spiky, so each curve is
the mean count over log-spaced rank bins (``binned``: ranks 1, 2, 3-4, ... ).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication

from core.evaluation.beyond import LongTail

LEGEND_HEIGHT = 28  # one line of legend
LEGEND_COLUMNS = 4
_ROUND_RANKS = [m * 10**e for e in range(8) for m in (1, 2, 5)]
LABELLED_DECADES = 3  # up to 1,000 ranks, 1-2-5 are all labelled; beyond, powers of ten only
COLORS = [(31, 119, 180), (214, 39, 40), (44, 160, 44), (148, 103, 189), (255, 127, 14),
          (140, 86, 75), (227, 119, 194), (23, 190, 207)]


def rank_ticks(n: int) -> list[list[tuple[float, str]]]:
    """Ticks of a log rank axis over 1..``n`` (pyqtgraph's levels: labelled, then unlabelled):
    1, 2, 5, 10… all labelled over a few decades; over more, 2 and 5 unlabelled, since their
    labels ran into each other ("5001,0002,000…" at 20,000 items)."""
    ranks = [r for r in _ROUND_RANKS if r <= max(n, 1)]
    labelled = [r for r in ranks if n <= 10**LABELLED_DECADES or str(r).startswith("1")]
    return [[(float(np.log10(r)), f"{r:,}") for r in labelled],
            [(float(np.log10(r)), "") for r in ranks if r not in labelled]]


class LongTailPlot(pg.GraphicsLayoutWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setBackground("w")
        self.popularity_plot = self.addPlot(row=0, col=0)
        self.popularity_plot.hideAxis("bottom")
        self.popularity_plot.setMouseEnabled(x=True, y=False)
        self.popularity_curve = self.popularity_plot.plot(
            [], [], pen=pg.mkPen((120, 120, 120), width=1), fillLevel=0,
            brush=(180, 180, 180, 120))
        self.recommended_plot = self.addPlot(row=1, col=0)
        for plot in (self.popularity_plot, self.recommended_plot):
            plot.setLogMode(x=True, y=False)
        self.recommended_plot.setXLink(self.popularity_plot)
        self.recommended_plot.showGrid(y=True, alpha=0.2)
        # The legend has its own row under the plot (as in the Training view): it covers no curve.
        self.legend = pg.LegendItem(colCount=LEGEND_COLUMNS, labelTextColor=(60, 60, 60))
        self.addItem(self.legend, row=2, col=0)
        layout = self.ci.layout
        layout.setRowStretchFactor(0, 2)
        layout.setRowStretchFactor(1, 3)
        layout.setRowStretchFactor(2, 0)
        layout.setRowMaximumHeight(2, LEGEND_HEIGHT)
        for plot in (self.popularity_plot, self.recommended_plot):
            plot.getAxis("left").enableAutoSIPrefix(False)
            plot.getAxis("left").setWidth(56)
        self.curves: list[pg.PlotDataItem] = []
        self.retranslate()

    def retranslate(self) -> None:
        """Titles and axis labels (called by the view that holds the plot on LanguageChange)."""
        translate = QCoreApplication.translate
        self.popularity_plot.setLabel("left", translate("LongTailPlot", "popularity"))
        self.popularity_plot.setTitle(translate(
            "LongTailPlot", "Long tail: items by training popularity (most popular left)"))
        self.recommended_plot.setLabel("left", translate("LongTailPlot", "recommended"))
        self.recommended_plot.setLabel(
            "bottom", translate("LongTailPlot", "popularity rank (1 = most popular; log scale)"))

    def add(self, label: str, tail: LongTail) -> None:
        """Add one evaluation's curve (the popularity strip shows the latest table)."""
        x = np.arange(1, len(tail.popularity) + 1)  # popularity rank (log axis)
        ticks = rank_ticks(len(x))
        for plot in (self.popularity_plot, self.recommended_plot):
            plot.getAxis("bottom").setTicks(ticks)
        self.popularity_curve.setData(x, tail.popularity.astype(float))
        color = COLORS[len(self.curves) % len(COLORS)]
        centres, means = binned(tail.recommended)
        curve = self.recommended_plot.plot(
            centres, means, pen=pg.mkPen(color, width=2), symbol="o", symbolSize=4,
            symbolBrush=color, symbolPen=None)
        self.legend.addItem(curve, label)
        self.curves.append(curve)
        self._fit_legend()

    def _fit_legend(self) -> None:
        """One legend line per ``LEGEND_COLUMNS`` curves, the plots taking the rest."""
        lines = max(1, -(-len(self.curves) // LEGEND_COLUMNS))
        self.ci.layout.setRowMaximumHeight(2, LEGEND_HEIGHT * lines)

    def clear_curves(self) -> None:
        for curve in self.curves:
            self.recommended_plot.removeItem(curve)
        self.legend.clear()
        self.curves.clear()
        self._fit_legend()
        self.popularity_curve.setData([], [])



def binned(counts: np.ndarray, n_bins: int = 40) -> tuple[np.ndarray, np.ndarray]:
    """Mean of ``counts`` (in popularity-rank order) over log-spaced rank bins.

    Returns each bin's geometric centre rank (1-based) and mean. Bin edges are the distinct
    rounded values of ``geomspace(1, n + 1, n_bins + 1)``, so the first bins are single items.
    """
    v = np.asarray(counts, dtype=float)
    n = len(v)
    if n == 0:
        return np.zeros(0), np.zeros(0)
    edges = np.unique(np.round(np.geomspace(1, n + 1, n_bins + 1)).astype(np.int64))
    sums = np.add.reduceat(v, edges[:-1] - 1)
    sizes = np.diff(edges)
    centres = np.sqrt(edges[:-1] * (edges[1:] - 1).clip(min=edges[:-1]))
    return centres, sums / sizes
