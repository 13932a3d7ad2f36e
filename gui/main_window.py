"""The main window: the table in the middle, model and results docked on the right.

Layout: a central tab widget ("Data" = the behaviour table, "Similarity"), a "Model & training"
dock and a tabbed "Recommendations" / "Evaluation" dock on the right. The panels come from
their own modules; one that cannot be imported shows a placeholder so the window still opens.
"""

from __future__ import annotations

import importlib
import logging
import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFrame,
    QLabel,
    QMainWindow,
    QProgressBar,
    QScrollArea,
    QTabWidget,
    QToolBar,
    QToolButton,
    QWidget,
)

from core.interactions import Interactions
from gui.about import show_about
from gui.file_actions import FileActions
from gui.i18n import language_menu
from gui.session import Session
from gui.table_view import DataTab

log = logging.getLogger(__name__)
ICON_PATH = Path(__file__).resolve().parents[1] / "assets" / "reclab.svg"
PANELS = {  # attribute name -> (module, class, title)
    "training_panel": ("gui.training_panel", "TrainingPanel", "Model && training"),
    "recommendations_panel": ("gui.recommendations_panel", "RecommendationsPanel",
                              "Recommendations"),
    "similarity_panel": ("gui.similarity_panel", "SimilarityPanel", "Similarity"),
    "evaluation_panel": ("gui.evaluation_panel", "EvaluationPanel", "Evaluation"),
}


def summary(data: Interactions) -> str:
    """One line for the status bar: '943 users × 1,682 items · 100,000 ratings · explicit'."""
    kind = "explicit" if data.explicit else "implicit"
    noun = "rating" if data.explicit else "interaction"
    plural = "" if data.nnz == 1 else "s"
    return (f"{data.n_users:,} users × {data.n_items:,} items · "
            f"{data.nnz:,} {noun}{plural} · {kind}")


def make_panel(session: Session, module: str, cls: str, title: str) -> QWidget:
    """The panel ``module.cls(session)``, or a placeholder label if it is not available."""
    try:
        panel_cls = getattr(importlib.import_module(module), cls)
    except (ImportError, AttributeError) as exc:
        log.warning("panel %s unavailable: %s", cls, exc)
        label = QLabel(f"{title.replace('&&', '&')} is not available in this build.")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        return label
    return panel_cls(session)


def scrollable(widget: QWidget) -> QScrollArea:
    """``widget`` in a scroll area, so its minimum size never forces the window wider.

    The window must fit a 1366 × 768 laptop screen whatever the panels ask for.
    """
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area


def seed_data() -> Interactions:
    try:
        from core.samples import seed_example
    except ImportError:
        return Interactions.empty(name="empty")
    return seed_example()


class MainWindow(QMainWindow):
    def __init__(self, session: Session | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session if session is not None else Session(seed_data())
        self.setObjectName("RecLabMainWindow")
        if ICON_PATH.exists():
            self.setWindowIcon(QIcon(str(ICON_PATH)))
        self.setAcceptDrops(True)
        self._shut_down = False

        self.data_tab = DataTab(self.session, self)
        self.files = FileActions(self.session, self)
        for name, (module, cls, title) in PANELS.items():
            setattr(self, name, make_panel(self.session, module, cls, title))

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.data_tab, "Data")
        self.tabs.setTabToolTip(0, "The behaviour table: who interacted with what")
        self.tabs.addTab(scrollable(self.similarity_panel), "Similarity")
        self.tabs.setTabToolTip(1, "How similar users or items are to each other")
        self.setCentralWidget(self.tabs)

        self.training_dock = self._dock("Model && training", "trainingDock", self.training_panel)
        results = QTabWidget()
        results.setDocumentMode(True)
        results.addTab(scrollable(self.recommendations_panel), "Recommendations")
        results.addTab(scrollable(self.evaluation_panel), "Evaluation")
        self.results_tabs = results
        self.results_dock = self._dock("Results", "resultsDock", results)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.training_dock)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.results_dock)
        self.splitDockWidget(self.training_dock, self.results_dock, Qt.Orientation.Vertical)
        self.resize(1280, 800)
        # The right-hand side gets about half the window: recommendations are the main output.
        self.resizeDocks([self.training_dock], [660], Qt.Orientation.Horizontal)
        self.resizeDocks([self.training_dock, self.results_dock], [420, 380],
                         Qt.Orientation.Vertical)

        self._make_menus_and_toolbar()
        self._summary = QLabel()
        self.statusBar().addPermanentWidget(self._summary)
        self._load_progress = QProgressBar()  # busy (indeterminate) while a file loads
        self._load_progress.setRange(0, 0)
        self._load_progress.setMaximumWidth(120)
        self._load_progress.setTextVisible(False)
        self._load_progress.hide()
        self.statusBar().addPermanentWidget(self._load_progress)

        s = self.session
        s.dataReplaced.connect(self._on_data_replaced)
        s.dataEdited.connect(self._update_summary)
        s.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self.data_tab.status.connect(self._show_status)
        self.files.status.connect(self._show_status)
        self.files.loaded.connect(self._on_loaded)
        self.files.loadingChanged.connect(self._on_loading_changed)
        self._update_summary()
        self._update_title()
        self._restore_settings()

    # -- construction --------------------------------------------------------------------------

    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        return dock

    def _make_menus_and_toolbar(self) -> None:
        f, stack = self.files, self.session.undo_stack
        menu = self.menuBar()

        file_menu = menu.addMenu("&File")
        for act in (f.open_action, f.open_folder_action):
            file_menu.addAction(act)
        file_menu.addMenu(f.recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(f.save_action)
        file_menu.addAction(f.save_as_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        edit_menu = menu.addMenu("&Edit")
        style = self.style()
        self.undo_action = stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.undo_action.setIcon(style.standardIcon(style.StandardPixmap.SP_ArrowBack))
        self.redo_action = stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.redo_action.setIcon(style.standardIcon(style.StandardPixmap.SP_ArrowForward))
        self.undo_action.setIconText("Undo")  # the toolbar stays short; the menu names the edit
        self.redo_action.setIconText("Redo")
        self.undo_action.setToolTip("Undo the last edit of the table (Ctrl+Z)")
        self.redo_action.setToolTip("Redo the edit just undone (Ctrl+Shift+Z)")
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        for act in self.data_tab.edit_actions():
            if act is None:
                edit_menu.addSeparator()
            else:
                edit_menu.addAction(act)

        menu.addMenu(f.samples_menu)

        view_menu = menu.addMenu("&View")
        for n, text in enumerate(("&Data", "&Similarity"), 1):
            act = view_menu.addAction(text)
            act.setShortcut(QKeySequence(f"Ctrl+{n}"))
            act.triggered.connect(lambda _=False, n=n: self.tabs.setCurrentIndex(n - 1))
        view_menu.addSeparator()
        view_menu.addAction(self.training_dock.toggleViewAction())
        view_menu.addAction(self.results_dock.toggleViewAction())
        view_menu.addSeparator()
        self.language_menu = language_menu(self)
        view_menu.addMenu(self.language_menu)

        help_menu = menu.addMenu("&Help")
        about = help_menu.addAction("&About RecLab…")
        about.setMenuRole(QAction.MenuRole.AboutRole)
        about.triggered.connect(lambda: show_about(self))

        bar = QToolBar("Main toolbar", self)
        bar.setObjectName("mainToolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for act in (f.open_action, f.save_action):
            bar.addAction(act)
        samples = QToolButton(bar)
        samples.setText("Samples")
        samples.setIcon(style.standardIcon(style.StandardPixmap.SP_FileDialogContentsView))
        samples.setToolTip("Load one of the built-in example datasets")
        samples.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        samples.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        samples.setMenu(f.samples_menu)
        bar.addWidget(samples)
        bar.addSeparator()
        bar.addAction(self.undo_action)
        bar.addAction(self.redo_action)
        panel_actions = getattr(self.training_panel, "toolbar_actions", None)
        if callable(panel_actions):
            bar.addSeparator()
            for act in panel_actions():
                bar.addAction(act)
        self.addToolBar(bar)
        self.toolbar = bar

    # -- state shown to the user ---------------------------------------------------------------

    def _on_data_replaced(self) -> None:
        self._update_summary()
        self._update_title()

    def _show_status(self, message: str) -> None:
        self.statusBar().showMessage(message, 6000)

    def _on_loaded(self, name: str) -> None:
        self.statusBar().showMessage(f"Opened {name}: {summary(self.session.data)}", 8000)

    def _on_loading_changed(self, loading: bool, name: str) -> None:
        self._load_progress.setVisible(loading)
        if loading:
            self.statusBar().showMessage(f"Loading {name}…")  # stays until the load ends
        else:
            self.statusBar().clearMessage()

    def _on_clean_changed(self, clean: bool) -> None:
        self.setWindowModified(not clean)

    def _update_summary(self, _change: object = None) -> None:
        self._summary.setText(summary(self.session.data))

    def document_name(self) -> str:
        path = self.session.source_path
        if path:
            return os.path.basename(path.rstrip("/\\")) or path
        return self.session.data.name or "untitled"

    def _update_title(self) -> None:
        self.setWindowTitle(f"{self.document_name()}[*] — RecLab")
        self.setWindowModified(not self.session.undo_stack.isClean())

    # -- drag and drop -------------------------------------------------------------------------

    def dragEnterEvent(self, event) -> None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if len(urls) == 1 and urls[0].isLocalFile():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            event.acceptProposedAction()
            self.files.load_path(urls[0].toLocalFile())

    # -- settings and closing ------------------------------------------------------------------

    def _restore_settings(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray | bytes):
            self.restoreGeometry(geometry)
        state = settings.value("window/state")
        if isinstance(state, QByteArray | bytes):
            self.restoreState(state)
        tab = settings.value("window/tab", 0, type=int)
        if 0 <= tab < self.tabs.count():
            self.tabs.setCurrentIndex(tab)

    def _save_settings(self) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/tab", self.tabs.currentIndex())

    def shutdown(self) -> None:
        """Stop background work and wait for its threads (idempotent)."""
        if self._shut_down:
            return
        self._shut_down = True
        self.files.shutdown()  # waits for a file still loading: core.io.load cannot be stopped
        for name in PANELS:
            stop = getattr(getattr(self, name), "shutdown", None)
            if callable(stop):
                stop()
        host = getattr(self.session, "_worker_host", None)
        if host is not None and hasattr(host, "shutdown"):
            host.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.files.confirm_discard():
            event.ignore()
            return
        self._save_settings()
        self.shutdown()
        event.accept()
