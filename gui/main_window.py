"""The main window: a compact model column on the left, the views as large tabs beside it.

Left: the data summary, the model form and Train/Stop (``gui.model_panel``). Centre: one tab per
entry of the view registry (``gui.views.VIEWS``), which alone decides which views exist and in
what order. Views reach the status bar through their ``statusMessage`` signal; none imports
another. Closing the window stops the session's jobs in one place (``Session.shutdown``).
"""

from __future__ import annotations

import os
from pathlib import Path

import shiboken6
from PySide6.QtCore import QByteArray, QCoreApplication, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QProgressBar,
    QSplitter,
    QTabWidget,
    QToolBar,
    QToolButton,
    QWidget,
)

from core.interactions import Interactions
from core.samples import seed_example
from gui.about import show_about
from gui.core_messages import error_text
from gui.file_actions import FileActions
from gui.help import show_guide, show_shortcuts
from gui.i18n import Retranslatable, core_tr, language_menu
from gui.live_text import is_live, live, reword
from gui.model_files import ModelFiles
from gui.model_panel import COLUMN_WIDTH, ModelPanel
from gui.progress_format import format_seconds
from gui.session import Session
from gui.status_bar import ElidingStatusBar
from gui.views import VIEWS

ICON_PATH = Path(__file__).resolve().parents[1] / "assets" / "reclab.svg"
LOAD_ETA_FROM = 0.1  # share of a load done before its ETA is shown (core.io.load_progress)


def summary(data: Interactions) -> str:
    """One line for the status bar: '943 users × 1,682 items · 100,000 ratings · explicit'."""
    translate, one = QCoreApplication.translate, data.nnz == 1
    if data.explicit:
        text = (translate("summary",
            "{users} users × {items} items · {count} rating · explicit") if one
                else translate("summary",
                    "{users} users × {items} items · {count} ratings · explicit"))
    else:
        text = (translate("summary",
            "{users} users × {items} items · {count} interaction · implicit")
                if one else
                translate("summary",
                    "{users} users × {items} items · {count} interactions · implicit"))
    return text.format(users=f"{data.n_users:,}", items=f"{data.n_items:,}",
                       count=f"{data.nnz:,}")


class MainWindow(Retranslatable, QMainWindow):
    def __init__(self, session: Session | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session if session is not None else Session(seed_example())
        self.setObjectName("RecLabMainWindow")
        if ICON_PATH.exists():
            self.setWindowIcon(QIcon(str(ICON_PATH)))
        self.setAcceptDrops(True)
        self._shut_down = False

        self.files = FileActions(self.session, self)
        self.model_files = ModelFiles(self.session, self)
        self.model_panel = ModelPanel(self.session)
        self.views: dict[str, QWidget] = {}
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        for key, spec in VIEWS.items():
            view = spec.load()(self.session)
            self.views[key] = view
            self.tabs.addTab(view, "")
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.model_panel)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.setCentralWidget(self.splitter)
        self.resize(1280, 800)
        self.splitter.setSizes([COLUMN_WIDTH, 1280 - COLUMN_WIDTH])

        self._make_menus_and_toolbar()
        self.setStatusBar(ElidingStatusBar(self))
        self._summary = QLabel()
        self.statusBar().addPermanentWidget(self._summary)
        # busy (indeterminate) while a file loads, then the share of its bytes parsed
        self._load_progress = QProgressBar()
        self._load_progress.setRange(0, 0)
        self._load_progress.setMaximumWidth(120)
        self._load_progress.setTextVisible(False)
        self._load_progress.hide()
        self._loading_name = ""
        self.statusBar().addPermanentWidget(self._load_progress)

        s = self.session
        s.dataReplaced.connect(self._on_data_replaced)
        s.dataEdited.connect(self._update_summary)
        s.undo_stack.cleanChanged.connect(self._on_clean_changed)
        for source in (self.model_panel, *self.views.values()):
            signal = getattr(source, "statusMessage", None)
            if signal is not None:
                signal.connect(self._show_status)
        self.files.status.connect(self._show_status)
        self.model_files.status.connect(self._show_status)
        self.files.loaded.connect(self._on_loaded)
        self.files.loadingChanged.connect(self._on_loading_changed)
        self.files.loadingProgress.connect(self._on_loading_progress)
        self.retranslate()
        self._restore_settings()
        self._picked_model = (s.model_config or ("", {}))[0]
        s.configChanged.connect(self._on_config_changed)

    # -- views -----------------------------------------------------------------------------------

    def _on_config_changed(self) -> None:
        """Picking another model on the Table view shows the Training view, where its curves
        will grow. On the other views the picked model is what they work with (Evaluate scores
        it, Recommendations and the Map show it once trained), so they stay: comparing models
        on the Evaluation view is pick, Evaluate, pick, Evaluate."""
        config = self.session.model_config
        name = config[0] if config else ""
        if name != self._picked_model:
            self._picked_model = name
            if "training" in self.views and self.current_view() == "table":
                self.show_view("training")

    def view(self, key: str) -> QWidget:
        """The view registered as ``key`` in ``gui.views.VIEWS``."""
        return self.views[key]

    @property
    def data_tab(self) -> QWidget:
        return self.views["table"]

    def show_view(self, key: str) -> None:
        self.tabs.setCurrentWidget(self.views[key])

    def current_view(self) -> str:
        current = self.tabs.currentWidget()
        return next((k for k, v in self.views.items() if v is current), "")

    # -- construction --------------------------------------------------------------------------

    def _make_menus_and_toolbar(self) -> None:
        f, stack = self.files, self.session.undo_stack
        menu = self.menuBar()

        self.file_menu = file_menu = menu.addMenu("")
        for act in (f.open_action, f.open_folder_action):
            file_menu.addAction(act)
        file_menu.addMenu(f.recent_menu)
        file_menu.addAction(f.item_features_action)
        file_menu.addSeparator()
        file_menu.addAction(f.save_action)
        file_menu.addAction(f.save_as_action)
        file_menu.addSeparator()
        file_menu.addAction(self.model_files.open_action)
        file_menu.addAction(self.model_files.save_action)
        file_menu.addSeparator()
        self.quit_action = quit_action = QAction(self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        self.edit_menu = edit_menu = menu.addMenu("")
        style = self.style()
        self.undo_action = QAction(self)
        self.undo_action.triggered.connect(stack.undo)
        stack.canUndoChanged.connect(self.undo_action.setEnabled)
        stack.undoTextChanged.connect(self._update_undo_texts)
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.undo_action.setIcon(style.standardIcon(style.StandardPixmap.SP_ArrowBack))
        self.redo_action = QAction(self)
        self.redo_action.triggered.connect(stack.redo)
        stack.canRedoChanged.connect(self.redo_action.setEnabled)
        stack.redoTextChanged.connect(self._update_undo_texts)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.redo_action.setIcon(style.standardIcon(style.StandardPixmap.SP_ArrowForward))
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        for act in self.data_tab.edit_actions():
            if act is None:
                edit_menu.addSeparator()
            else:
                edit_menu.addAction(act)

        menu.addMenu(f.samples_menu)

        model_menu = menu.addMenu("")
        for act in self.model_panel.menu_actions():
            model_menu.addAction(act)
        for key, view in self.views.items():
            actions = getattr(view, "menu_actions", None)
            if callable(actions):
                model_menu.addSeparator()
                for act in actions():
                    act.triggered.connect(lambda _=False, k=key: self.show_view(k))
                    model_menu.addAction(act)
        self.model_menu = model_menu

        self.view_menu = view_menu = menu.addMenu("")
        self.view_actions = {}
        for n, key in enumerate(VIEWS, 1):
            act = self.view_actions[key] = view_menu.addAction("")
            if n <= 9:
                act.setShortcut(QKeySequence(f"Ctrl+{n}"))
            act.triggered.connect(lambda _=False, k=key: self.show_view(k))
        view_menu.addSeparator()
        self.language_menu = language_menu(self)
        view_menu.addMenu(self.language_menu)

        self.help_menu = help_menu = menu.addMenu("")
        self.guide_action = guide = help_menu.addAction("")
        guide.setShortcut(QKeySequence("F1"))
        guide.triggered.connect(lambda: show_guide(self))
        self.keys_action = keys = help_menu.addAction("")
        keys.triggered.connect(lambda: show_shortcuts(self, self.shortcut_table()))
        help_menu.addSeparator()
        self.about_action = about = help_menu.addAction("")
        about.setMenuRole(QAction.MenuRole.AboutRole)
        about.triggered.connect(lambda: show_about(self))

        bar = QToolBar(self)
        bar.setObjectName("mainToolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for act in (f.open_action, f.save_action):
            bar.addAction(act)
        self.samples_button = samples = QToolButton(bar)
        samples.setIcon(style.standardIcon(style.StandardPixmap.SP_FileDialogContentsView))
        samples.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        samples.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        samples.setMenu(f.samples_menu)
        bar.addWidget(samples)
        bar.addSeparator()
        bar.addAction(self.undo_action)
        bar.addAction(self.redo_action)
        self.addToolBar(bar)
        self.toolbar = bar

    def retranslate(self) -> None:
        """Every text of the window itself (the views retranslate themselves)."""
        for index, spec in enumerate(VIEWS.values()):
            self.tabs.setTabText(index, spec.translated_title())
            self.tabs.setTabToolTip(index, spec.translated_tip())
            self.view_actions[spec.key].setText(spec.translated_title())
        self.file_menu.setTitle(self.tr("&File"))
        self.quit_action.setText(self.tr("&Quit"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self._update_undo_texts()
        self.undo_action.setToolTip(self.tr("Undo the last edit of the table (Ctrl+Z)"))
        self.redo_action.setToolTip(self.tr("Redo the edit just undone (Ctrl+Shift+Z)"))
        self.model_menu.setTitle(self.tr("&Model"))
        self.view_menu.setTitle(self.tr("&View"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.guide_action.setText(self.tr("Short &guide"))
        self.keys_action.setText(self.tr("&Keyboard shortcuts"))
        self.about_action.setText(self.tr("&About RecLab…"))
        self.toolbar.setWindowTitle(self.tr("Main toolbar"))
        self.samples_button.setText(self.tr("Samples"))
        self.samples_button.setToolTip(self.tr("Load one of the built-in example datasets"))
        self.files.retranslate()  # not widgets: they get no LanguageChange of their own
        self.model_files.retranslate()
        self._update_summary()
        self._update_title()
        self._reword_status()

    def _reword_status(self) -> None:
        """A status message still on screen follows the switch (``gui.live_text``); one that
        cannot be worded again is cleared rather than left in the other language."""
        bar = self.statusBar()
        shown = bar.currentMessage()
        if not shown:
            return
        if not is_live(shown):
            bar.clearMessage()
        elif reword(shown) != shown:
            bar.showMessage(reword(shown), 8000)

    def _update_undo_texts(self, _text: str = "") -> None:
        """The menu names the edit: "Undo Mark user1 × item2" (as QUndoStack's own actions)."""
        stack = self.session.undo_stack
        if not shiboken6.isValid(stack):  # its destructor clears it and signals one last time
            return
        self.undo_action.setEnabled(stack.canUndo())
        self.redo_action.setEnabled(stack.canRedo())
        undo, redo = stack.undoText(), stack.redoText()
        self.undo_action.setText(self.tr("&Undo {edit}").format(edit=undo).strip() if undo
                                 else self.tr("&Undo"))
        self.redo_action.setText(self.tr("&Redo {edit}").format(edit=redo).strip() if redo
                                 else self.tr("&Redo"))
        # setText above also replaced the icon text: keep the toolbar's short one.
        self.undo_action.setIconText(self.tr("Undo"))
        self.redo_action.setIconText(self.tr("Redo"))

    def shortcut_table(self) -> list[tuple[str, str]]:
        """(keys, what they do) for every menu action with a shortcut, in menu order."""
        rows = []
        for menu_action in self.menuBar().actions():
            menu = menu_action.menu()
            for act in menu.actions() if menu is not None else []:
                keys = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                if keys:
                    rows.append((keys, act.text().replace("&", "")))
        return rows

    # -- state shown to the user ---------------------------------------------------------------

    def _on_data_replaced(self) -> None:
        self._update_summary()
        self._update_title()

    def _show_status(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    def _on_loaded(self, name: str) -> None:
        data = self.session.data

        def opened() -> str:
            notes = "".join(" — " + self.tr("note: {note}").format(note=error_text(note))
                            for note in data.notes)
            return self.tr("Opened {name}: {summary}").format(
                name=name, summary=summary(data)) + notes

        self.statusBar().showMessage(live(opened), 8000 if not data.notes else 20000)

    def _on_loading_changed(self, loading: bool, name: str) -> None:
        self._load_progress.setRange(0, 0)
        self._load_progress.setVisible(loading)
        self._loading_name = name if loading else ""
        if loading:
            # stays until the load ends
            self.statusBar().showMessage(live(lambda: self.tr("Loading {name}…").format(name=name)))
        else:
            self.statusBar().clearMessage()

    def _on_loading_progress(self, fraction: float, eta: object) -> None:
        if not self._loading_name:  # a late event of a load already over
            return
        self._load_progress.setRange(0, 1000)
        self._load_progress.setValue(round(1000 * fraction))
        name = self._loading_name

        def text() -> str:
            shown = self.tr("Loading {name}… {percent} %").format(name=name,
                                                                  percent=round(100 * fraction))
            if isinstance(eta, float) and fraction >= LOAD_ETA_FROM:
                shown += " — " + self.tr("{time} left").format(time=format_seconds(eta))
            return shown

        self.statusBar().showMessage(live(text))

    def _on_clean_changed(self, clean: bool) -> None:
        self.setWindowModified(not clean)

    def _update_summary(self, _change: object = None) -> None:
        self._summary.setText(summary(self.session.data))

    def document_name(self) -> str:
        path = self.session.source_path
        if path:
            return os.path.basename(path.rstrip("/\\")) or path
        return core_tr(self.session.data.name) or self.tr("untitled")

    def _update_title(self) -> None:
        self.setWindowTitle(self.tr("{document}[*] — RecLab").format(
            document=self.document_name()))
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
        split = settings.value("window/splitter")
        if isinstance(split, QByteArray | bytes):
            self.splitter.restoreState(split)
        key = settings.value("window/view", "", type=str)
        if key in self.views:
            self.show_view(key)

    def _save_settings(self) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/splitter", self.splitter.saveState())
        settings.setValue("window/view", self.current_view())

    def shutdown(self) -> None:
        """Stop background work and wait for its threads (idempotent)."""
        if self._shut_down:
            return
        self._shut_down = True
        self.files.shutdown()  # waits for a file still loading: core.io.load cannot be stopped
        self.session.shutdown()  # stops every job and ends the worker thread
        for view in self.views.values():
            stop = getattr(view, "shutdown", None)
            if callable(stop):
                stop()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.files.confirm_discard():
            event.ignore()
            return
        self._save_settings()
        self.shutdown()
        event.accept()
