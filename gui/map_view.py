"""The Map view: every item (or user) of the current model as a point in 2-D.

Positions come from ``core.embedding_map`` (the model's own representation, projected by PCA or
t-SNE). The model's representation is read where the model lives (``run_with_model``); the
projection then runs in a ``ProjectionThread`` with progress (throttled to ~20 Hz) and Stop.

Drawing: one ``pyqtgraph.ScatterPlotItem`` in pixel mode holds every point (smooth up to ~50k);
a second, small one on top draws the highlights (the selected item and its neighbours, the
user's history and recommendations, the contributor hovered in the Why? panel), so changing a
highlight never redraws the whole cloud. Hovering is a nearest-point search in screen pixels.

- Colour by genre (first genre), popularity (log count) or "the selected user": history blue,
  recommended orange, everything else grey. Size grows with popularity.
- Click a point: it is selected, its nearest neighbours *under the model* (``similar_items``)
  are ringed and listed. Shift-drag a box: the points inside are listed. Right-click: "Similar
  items / users".
"""

from __future__ import annotations

import threading
import time
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QPointF,
    QRectF,
    QStringListModel,
    Qt,
    QThread,
    Signal,
)
from PySide6.QtWidgets import (
    QComboBox,
    QGraphicsRectItem,
    QHBoxLayout,
    QLabel,
    QListView,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core.embedding_map import METHODS, EmbeddingMap, map_dims, map_features, project
from core.progress import Progress
from gui.core_messages import error_text
from gui.highlight import bus_for
from gui.i18n import Retranslatable, core_tr, translate_marked
from gui.live_text import live
from gui.similar_dialog import run_with_model, similar_menu, user_model_data

N_NEIGHBOURS = 10
TOP_K = 10
HOVER_PIXELS = 8
PALETTE = [(31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189),
           (140, 86, 75), (227, 119, 194), (188, 189, 34), (23, 190, 207), (90, 90, 90)]
GREY = (190, 190, 190)
HISTORY, RECOMMENDED, SELECTED = (31, 119, 180), (255, 127, 14), (214, 39, 40)
COLOURINGS = {"genre": QT_TRANSLATE_NOOP("MapView", "Genre"),
              "popularity": QT_TRANSLATE_NOOP("MapView", "Popularity (log count)"),
              "user": QT_TRANSLATE_NOOP("MapView", "User: history / recommended")}


def _viridis(values: np.ndarray, levels: int = 32) -> np.ndarray:
    """RGB rows for values in [0, 1], in ``levels`` steps (few distinct brushes to draw)."""
    cmap = pg.colormap.get("viridis")
    stepped = np.round(np.clip(values, 0, 1) * (levels - 1)) / (levels - 1)
    return (cmap.map(stepped, mode="float")[:, :3] * 255).astype(np.uint8)


def _brushes(rgb: np.ndarray, alpha: int) -> list:
    """One brush per point, shared between points of the same colour: making 50k distinct
    QBrush objects costs more than drawing them."""
    colours, inverse = np.unique(rgb, axis=0, return_inverse=True)
    made = [pg.mkBrush(int(r), int(g), int(b), alpha) for r, g, b in colours]
    return [made[k] for k in np.asarray(inverse).ravel()]


class ProjectionThread(QThread):
    """Projects features to 2-D off the GUI thread; progress is throttled, Stop is cooperative."""

    progressed = Signal(float, str)
    projected = Signal(object, bool)  # coords (n × 2), complete
    failed = Signal(str)

    def __init__(self, features: np.ndarray, method: str, parent: Any = None):
        super().__init__(parent)
        self.features, self.method = features, method
        self.stop_event = threading.Event()
        self._last = 0.0

    def _on_progress(self, event: Progress) -> bool:
        now = time.monotonic()
        if now - self._last >= 0.05 or event.kind == "done":
            self._last = now
            self.progressed.emit(event.fraction or 0.0, event.message)
        return self.stop_event.is_set()

    def run(self) -> None:
        try:
            coords, complete = project(self.features, self.method, on_progress=self._on_progress)
        except (ValueError, MemoryError) as exc:
            self.failed.emit(str(exc))
            return
        self.projected.emit(np.nan_to_num(np.asarray(coords, dtype=np.float32)), complete)


class _BoxViewBox(pg.ViewBox):
    """Pans with a plain drag; Shift-drag draws a box and reports the rectangle (data coords)."""

    boxSelected = Signal(QRectF)

    def __init__(self) -> None:
        super().__init__()
        self._box = QGraphicsRectItem()
        self._box.setPen(pg.mkPen((214, 39, 40), width=1, style=Qt.PenStyle.DashLine))
        self._box.setBrush(pg.mkBrush(214, 39, 40, 30))
        self._box.setZValue(1e9)
        self._box.hide()
        self.addItem(self._box, ignoreBounds=True)

    def mouseDragEvent(self, ev: Any, axis: Any = None) -> None:
        if not ev.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            super().mouseDragEvent(ev, axis)
            return
        ev.accept()
        a = self.mapToView(ev.buttonDownPos())
        b = self.mapToView(ev.pos())
        rect = QRectF(a, b).normalized()
        if ev.isFinish():
            self._box.hide()
            self.boxSelected.emit(rect)
        else:
            self._box.setRect(rect)
            self._box.show()


class MapView(Retranslatable, QWidget):
    """See the module docstring."""

    statusMessage = Signal(str)
    mapReady = Signal()
    selectionListed = Signal(list)  # ids now in the side list

    def __init__(self, session: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.map: EmbeddingMap | None = None
        self.coords = np.zeros((0, 2), np.float32)
        self.ids: list[str] = []
        self.counts = np.zeros(0)
        self.selected = -1
        self.neighbours: list[int] = []
        self.history: list[int] = []
        self.recommended: list[int] = []
        self.hovered_contributor = -1
        self.listed: list[str] = []
        self.genre_legend: list[str] = []
        self.sizes = np.zeros(0)
        self._thread: ProjectionThread | None = None
        self._pending: dict[str, Any] = {}
        self._request = 0

        self.side_combo = QComboBox()
        self.side_combo.addItem("", "items")
        self.side_combo.addItem("", "users")
        self.method_combo = QComboBox()
        for key in METHODS:
            self.method_combo.addItem("", key)
        self.colour_combo = QComboBox()
        for key in COLOURINGS:
            self.colour_combo.addItem("", key)
        self.user_combo = QComboBox()
        self.user_combo.setEditable(True)
        self.user_combo.setMinimumContentsLength(10)
        self.user_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.compute_button = QPushButton()
        self.stop_button = QPushButton()
        self.stop_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(120)
        self.progress.hide()
        self.info = QLabel(self.tr("Train a model, then draw its map."))
        self.info.setWordWrap(True)
        self.hover_label = QLabel()
        self.hover_label.setWordWrap(True)

        self.viewbox = _BoxViewBox()
        self.plot_widget = pg.PlotWidget(background="w", viewBox=self.viewbox)
        self.plot = self.plot_widget.getPlotItem()
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        self.plot.hideAxis("left")
        self.plot.hideAxis("bottom")
        self.scatter = pg.ScatterPlotItem(pxMode=True, pen=None)
        self.overlay = pg.ScatterPlotItem(pxMode=True)
        self.overlay.setZValue(10)
        self.plot.addItem(self.scatter)
        self.plot.addItem(self.overlay)
        self.legend = pg.LegendItem(offset=(10, 10), labelTextColor=(40, 40, 40),
                                    brush=pg.mkBrush(255, 255, 255, 220))
        self.legend.setParentItem(self.plot.vb)

        self.list_model = QStringListModel(self)
        self.list_view = QListView()
        self.list_view.setModel(self.list_model)
        self.list_view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.list_title = QLabel(self.tr("Nothing selected"))
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.list_title)
        side_layout.addWidget(self.list_view, 1)

        controls = QHBoxLayout()  # two short rows, so the view fits beside the model column
        self.control_labels = [QLabel() for _ in range(4)]
        for label, widget in zip(self.control_labels[:2], (self.side_combo, self.method_combo),
                                 strict=True):
            controls.addWidget(label)
            controls.addWidget(widget)
        controls.addWidget(self.compute_button)
        controls.addWidget(self.stop_button)
        controls.addWidget(self.progress)
        controls.addStretch(1)
        highlights = QHBoxLayout()
        for label, widget in zip(self.control_labels[2:], (self.colour_combo, self.user_combo),
                                 strict=True):
            highlights.addWidget(label)
            highlights.addWidget(widget)
        highlights.addStretch(1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.plot_widget)
        split.addWidget(side)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        split.setSizes([900, 300])
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addLayout(highlights)
        layout.addWidget(self.info)
        layout.addWidget(split, 1)
        layout.addWidget(self.hover_label)

        self.compute_button.clicked.connect(self.compute)
        self.stop_button.clicked.connect(self.stop)
        self.colour_combo.currentIndexChanged.connect(self._recolour)
        self.user_combo.activated.connect(lambda _i: self.show_user(self.user_combo.currentText()))
        self.viewbox.boxSelected.connect(self._box_selected)
        self.plot.scene().sigMouseMoved.connect(self._mouse_moved)
        self.plot.scene().sigMouseClicked.connect(self._mouse_clicked)
        bus = bus_for(session)
        bus.highlighted.connect(self._highlight_from_elsewhere)
        bus.userSelected.connect(self._user_from_elsewhere)
        session.dataReplaced.connect(self._reload_users)
        session.modelChanged.connect(self._model_changed)
        self._reload_users()
        self.retranslate()

    def retranslate(self) -> None:
        """The controls' texts (messages about a map already drawn keep their wording)."""
        self.side_combo.setItemText(0, self.tr("Items"))
        self.side_combo.setItemText(1, self.tr("Users"))
        for n, label in enumerate(METHODS.values()):
            self.method_combo.setItemText(n, core_tr(label))
        for n, label in enumerate(COLOURINGS.values()):
            self.colour_combo.setItemText(n, translate_marked("MapView", label))
        self.user_combo.setToolTip(
            self.tr("Show this user's history and top recommendations on the map"))
        self.compute_button.setText(self.tr("Draw map"))
        self.compute_button.setToolTip(self.tr("Project the current model's items (users) to 2-D"))
        self.stop_button.setText(self.tr("Stop"))
        self.hover_label.setText(self.tr("Hover a point to name it; click to see its neighbours; "
                                         "Shift-drag to list the points in a box."))
        for label, text in zip(self.control_labels, (self.tr("Show"), self.tr("Projection"),
                                                     self.tr("Colour"), self.tr("User")),
                               strict=True):
            label.setText(text)
        if self.map is None:
            self.list_title.setText(self.tr("Nothing selected"))
            self.info.setText(self.tr("Train a model, then draw its map.")
                              if self.session.model is None
                              else self.tr("Model changed: draw the map again to see what it "
                                           "learned."))

    # -- public -----------------------------------------------------------------------------------

    @property
    def side(self) -> str:
        return self.side_combo.currentData()

    def compute(self) -> None:
        """Read the model's representation, then project it in the projection thread."""
        model = self.session.model
        if model is None:
            self.info.setText(self.tr("Train a model first: the map shows what the model learned."))
            return
        if self._thread is not None:
            return
        side, method = self.side, self.method_combo.currentData()
        self._request += 1
        request = self._request
        ids = list(model.item_ids if side == "items" else model.user_ids)
        self._pending = {"side": side, "method": method, "ids": ids, "request": request,
                         "started": time.perf_counter()}
        self._set_busy(True, self.tr("Reading the model …"))

        def features() -> tuple[np.ndarray, str]:
            return map_features(model, side, map_dims(model, side, method))

        run_with_model(self.session, features, self._project, self._failed)

    def stop(self) -> None:
        if self._thread is not None:
            self._thread.stop_event.set()
            self.info.setText(self.tr("Stopping …"))

    def shutdown(self) -> None:
        """Stop and wait for a running projection (the window is closing)."""
        thread = self._thread
        if thread is not None:
            thread.stop_event.set()
            thread.wait()
        self._thread = None

    def select_item(self, key: str) -> None:
        """Select the point ``key``: ring it and its nearest neighbours under the model."""
        if key not in self.ids:
            return
        self.selected = self.ids.index(key)
        self.neighbours = []
        model = self.session.model
        side = self.map.side if self.map else "items"
        label = self._label(key)
        self.list_title.setText(self.tr("Nearest to {label} under the model …").format(label=label))
        if model is None:
            return

        def lookup() -> list[tuple[str, float]]:
            if side == "items":
                return model.similar_items(key, N_NEIGHBOURS)
            return model.similar_users(key, N_NEIGHBOURS)

        def done(found: list[tuple[str, float]]) -> None:
            if self.selected < 0 or self.ids[self.selected] != key:
                return
            pos = {k: i for i, k in enumerate(self.ids)}
            self.neighbours = [pos[k] for k, _ in found if k in pos]
            self._list([k for k, _ in found],
                       self.tr("Nearest to {label} under the model").format(label=label),
                       [f"{self._label(k)}  ({s:.3f})" for k, s in found])
            self._draw_overlay()

        run_with_model(self.session, lookup, done, self._failed_quietly)
        self._draw_overlay()

    def show_user(self, user: str) -> None:
        """Mark ``user``'s history and top-K recommendations on the item map."""
        user = user.strip()
        model, data = self.session.model, user_model_data(self.session, user)
        if model is None or not user or user not in data.user_ids:
            self.history, self.recommended = [], []
            self._recolour()
            return
        if self.user_combo.currentText() != user:
            self.user_combo.setCurrentText(user)
        pos = {k: i for i, k in enumerate(self.ids)}
        row = data.row_vectors([user], model.item_ids)
        self.history = [pos[model.item_ids[j]] for j in row.indices if model.item_ids[j] in pos]

        def top() -> list[str]:
            return [r.item for r in model.recommend(data, user, TOP_K, explain=False)]

        def done(items: list[str]) -> None:
            self.recommended = [pos[i] for i in items if i in pos]
            if self.colour_combo.currentData() != "user":
                self.colour_combo.setCurrentIndex(self.colour_combo.findData("user"))
            self._recolour()
            self._list(items, self.tr("Top {n} for {user}").format(n=len(items), user=user),
                       [self._label(i) for i in items])

        run_with_model(self.session, top, done, self._failed_quietly)

    def point_at(self, x: float, y: float) -> int:
        """Index of the point within ``HOVER_PIXELS`` screen pixels of (x, y) (view coords), or
        -1."""
        if not len(self.coords):
            return -1
        px, py = self.viewbox.viewPixelSize()
        if px <= 0 or py <= 0:
            return -1
        d2 = ((self.coords[:, 0] - x) / px) ** 2 + ((self.coords[:, 1] - y) / py) ** 2
        k = int(np.argmin(d2))
        return k if d2[k] <= HOVER_PIXELS ** 2 else -1

    def describe(self, index: int) -> str:
        key = self.ids[index]
        if self.map is not None and self.map.side == "users":
            return self.tr("{user} — {n} items").format(user=key, n=int(self.counts[index]))
        info = self.session.data.items_info.get(key)
        genres = ", ".join(info.genres) if info and info.genres else self.tr("no genres")
        return self.tr("{title} ({item}) — {genres} — {n} users").format(
            title=self._label(key), item=key, genres=genres, n=int(self.counts[index]))

    # -- computation ------------------------------------------------------------------------------

    def _project(self, value: tuple[np.ndarray, str]) -> None:
        features, source = value
        pending = self._pending
        if not pending or pending.get("request") != self._request:
            return
        pending["source"] = source
        method = core_tr(METHODS[pending["method"]])
        self.info.setText((self.tr("Projecting {n} items ({method}) …")
                           if pending["side"] == "items"
                           else self.tr("Projecting {n} users ({method}) …")).format(
                               n=f"{len(features):,}", method=method))
        thread = ProjectionThread(np.asarray(features), pending["method"], self)
        thread.progressed.connect(self._progressed)
        thread.projected.connect(self._projected)
        thread.failed.connect(self._failed)
        thread.finished.connect(self._thread_finished)
        self._thread = thread
        self.stop_button.setEnabled(True)
        thread.start()

    def _progressed(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(100 * fraction))
        self.info.setText(f"{message} …")

    def _projected(self, coords: np.ndarray, complete: bool) -> None:
        p = self._pending
        if not p:  # the model changed while projecting: this map is of the old one
            return
        seconds = time.perf_counter() - p["started"]
        self.map = EmbeddingMap(p["side"], tuple(p["ids"]), coords, p["source"], p["method"],
                                seconds, complete)
        self._set_busy(False)
        self._show_map()
        status = "" if complete else " (stopped early: the layout so far)"
        self.info.setText(f"{len(coords):,} {p['side']} — {p['source']}, "
                          f"{METHODS[p['method']]}, {seconds:.1f} s{status}")
        self.statusMessage.emit(self.tr("Map ready in {seconds} s").format(
            seconds=f"{seconds:.1f}"))
        self.mapReady.emit()

    def _thread_finished(self) -> None:
        self._thread = None
        self.stop_button.setEnabled(False)
        self.compute_button.setEnabled(True)

    def _failed(self, message: str) -> None:
        self._set_busy(False)
        self.info.setText(self.tr("Could not draw the map: {message}").format(
            message=error_text(message)))

    def _failed_quietly(self, message: str) -> None:
        self.statusMessage.emit(live(lambda: error_text(message)))

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.compute_button.setEnabled(not busy)
        self.progress.setVisible(busy)
        self.progress.setValue(0)
        if text:
            self.info.setText(text)

    # -- drawing ----------------------------------------------------------------------------------

    def _show_map(self) -> None:
        m = self.map
        model = self.session.model
        self.ids = list(m.ids)
        self.coords = np.asarray(m.coords, dtype=np.float64)
        train = model.train_matrix if model is not None else None
        if train is not None and m.side == "items" and train.shape[1] == len(self.ids):
            self.counts = np.bincount(train.indices, minlength=len(self.ids)).astype(float)
        elif train is not None and train.shape[0] == len(self.ids):
            self.counts = np.diff(train.indptr).astype(float)
        else:
            self.counts = np.zeros(len(self.ids))
        self.selected, self.neighbours, self.hovered_contributor = -1, [], -1
        self.history, self.recommended = [], []
        top = max(float(self.counts.max()) if len(self.counts) else 1.0, 1.0)
        self.sizes = 4.0 + 10.0 * np.sqrt(self.counts / top)
        self._recolour()
        self.plot.enableAutoRange()
        self.plot.autoRange()
        user = self.user_combo.currentText().strip()
        if m.side == "items" and user and self.colour_combo.currentData() == "user":
            self.show_user(user)

    def colours(self) -> np.ndarray:
        """(n × 3) RGB of each point under the current colouring."""
        n = len(self.ids)
        how = self._colouring()
        out = np.tile(np.array(GREY, np.uint8), (n, 1))
        if not n:
            return out
        if how == "popularity":
            logs = np.log1p(self.counts)
            return _viridis(logs / max(logs.max(), 1e-12))
        if how == "genre":
            infos = self.session.data.items_info
            first = [(infos.get(k).genres[0] if infos.get(k) and infos.get(k).genres else "")
                     for k in self.ids]
            names, counts = np.unique([g for g in first if g], return_counts=True)
            ranked = [str(g) for g in names[np.argsort(-counts, kind="stable")]]
            colour = {g: PALETTE[min(k, len(PALETTE) - 1)] for k, g in enumerate(ranked)}
            self.genre_legend = ranked[:len(PALETTE) - 1]
            return np.array([colour.get(g, GREY) for g in first], np.uint8)
        for idx, rgb in ((self.history, HISTORY), (self.recommended, RECOMMENDED)):
            if idx:
                out[idx] = rgb
        return out

    def _colouring(self) -> str:
        """The colouring in effect: "genre" is shown as popularity for users, and for items when
        none of them has a genre (generated data and most logs), rather than all grey."""
        how = self.colour_combo.currentData()
        if how == "genre" and (self.map is None or self.map.side == "users" or not any(
                info.genres for info in self.session.data.items_info.values())):
            return "popularity"
        return how

    def _recolour(self) -> None:
        if self.map is None:
            return
        rgb = self.colours()
        alpha = 255 if self.colour_combo.currentData() == "user" and not (
            self.history or self.recommended) else 200
        self.scatter.setData(pos=self.coords, size=self.sizes, brush=_brushes(rgb, alpha),
                             pen=None)
        self._update_legend()
        self._draw_overlay()

    def _update_legend(self) -> None:
        self.legend.clear()
        how = self._colouring()
        if how == "genre":
            entries = [(g, PALETTE[k]) for k, g in enumerate(self.genre_legend)]
            if self.genre_legend:
                entries.append(("other / none", GREY))
        elif how == "user" and self.map is not None and self.map.side == "items":
            entries = [("history", HISTORY), ("recommended", RECOMMENDED), ("other", GREY)]
        else:
            entries = [("dark = few, yellow = many (log count)", (68, 1, 84))]
        for name, rgb in entries:
            self.legend.addItem(pg.ScatterPlotItem(size=9, brush=pg.mkBrush(*rgb), pen=None),
                                name)

    def _draw_overlay(self) -> None:
        spots = []
        if self.map is not None and self.colour_combo.currentData() == "user":
            for idx, rgb in ((self.history, HISTORY), (self.recommended, RECOMMENDED)):
                spots += [dict(pos=self.coords[i], size=self.sizes[i] + 6, brush=pg.mkBrush(*rgb),
                               pen=pg.mkPen("k", width=1)) for i in idx]
        for i in self.neighbours:
            spots.append(dict(pos=self.coords[i], size=self.sizes[i] + 8, brush=pg.mkBrush(None),
                              pen=pg.mkPen(SELECTED, width=2)))
        if self.selected >= 0:
            i = self.selected
            spots.append(dict(pos=self.coords[i], size=self.sizes[i] + 10, symbol="star",
                              brush=pg.mkBrush(*SELECTED), pen=pg.mkPen("k", width=1)))
        if self.hovered_contributor >= 0:
            i = self.hovered_contributor
            spots.append(dict(pos=self.coords[i], size=self.sizes[i] + 14,
                              brush=pg.mkBrush(255, 215, 0, 180), pen=pg.mkPen("k", width=2)))
        self.overlay.setData(spots=spots)

    def _list(self, keys: list[str], title: str, lines: list[str] | None = None) -> None:
        self.listed = list(keys)
        self.list_title.setText(title)
        self.list_model.setStringList(lines if lines is not None else
                                      [self._label(k) for k in keys])
        self.selectionListed.emit(self.listed)

    def _label(self, key: str) -> str:
        if self.map is not None and self.map.side == "users":
            return key
        return self.session.data.item_label(key)

    # -- events -----------------------------------------------------------------------------------

    def _mouse_moved(self, scene_pos: QPointF) -> None:
        if self.map is None:
            return
        k = -1
        if self.viewbox.sceneBoundingRect().contains(scene_pos):
            p = self.viewbox.mapSceneToView(scene_pos)
            k = self.point_at(p.x(), p.y())
        self.hover_label.setText(self.describe(k) if k >= 0 else " ")
        self.plot_widget.setToolTip(self.describe(k) if k >= 0 else "")

    def _mouse_clicked(self, ev: Any) -> None:
        if self.map is None:
            return
        p = self.viewbox.mapSceneToView(ev.scenePos())
        k = self.point_at(p.x(), p.y())
        if k < 0:
            return
        if ev.button() == Qt.MouseButton.RightButton:
            key = self.ids[k]
            kind = {"item": key} if self.map.side == "items" else {"user": key}
            self._menu = similar_menu(self.session, self, ev.screenPos().toPoint(), **kind)
            ev.accept()
            return
        if ev.button() == Qt.MouseButton.LeftButton:
            self.select_item(self.ids[k])
            ev.accept()

    def _box_selected(self, rect: QRectF) -> None:
        if self.map is None:
            return
        x, y = self.coords[:, 0], self.coords[:, 1]
        inside = np.flatnonzero((x >= rect.left()) & (x <= rect.right()) &
                                (y >= rect.top()) & (y <= rect.bottom()))
        inside = inside[np.argsort(-self.counts[inside], kind="stable")]
        keys = [self.ids[i] for i in inside]
        self._list(keys, self.tr("{n} in the box (most popular first)").format(n=len(keys)))

    def _highlight_from_elsewhere(self, side: str, key: str) -> None:
        if self.map is None or side != self.map.side:
            return
        self.hovered_contributor = self.ids.index(key) if key in self.ids else -1
        self._draw_overlay()

    def _user_from_elsewhere(self, user: str) -> None:
        """Another view showed ``user``: follow it, marking them only if colouring by user."""
        if not user or user == self.user_combo.currentText():
            return
        self.user_combo.setCurrentText(user)
        if self.map is not None and self.map.side == "items" and \
                self.colour_combo.currentData() == "user":
            self.show_user(user)

    def _reload_users(self) -> None:
        current = self.user_combo.currentText()
        self.user_combo.blockSignals(True)
        self.user_combo.clear()
        self.user_combo.addItems(list(self.session.data.user_ids[:5000]))
        users = self.session.data.user_ids
        self.user_combo.setCurrentText(current if current in users else "")
        self.user_combo.blockSignals(False)

    def _model_changed(self) -> None:
        self.stop()
        self._request += 1
        self._pending = {}
        self._set_busy(False)
        self.map = None
        self.ids, self.coords = [], np.zeros((0, 2))
        self.scatter.clear()
        self.overlay.clear()
        self._list([], self.tr("Nothing selected"))
        self.info.setText(self.tr("Model changed: draw the map again to see what it learned.")
                          if self.session.model is not None
                          else self.tr("Train a model, then draw its map."))
