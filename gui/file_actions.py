"""Opening, saving, samples and recent files — the File and Samples menus.

Files and folders are read by ``core.io.load`` (any supported file, MovieLens folder or zip) in a
background thread (``gui.file_loader.FileLoader``), so the window stays responsive while a big
file loads. One load at a time: while it runs the Open actions, recent files and samples are
disabled and a further ``load_path`` is ignored (returns False). The unsaved-edits question is
asked before the load starts. A ``DataError`` (or an unreadable file) is shown in a dialog with
the loader's message and the current table is left exactly as it was. Built-in samples are fast
and load synchronously. Saving writes CSV through ``core.io.save_csv`` (atomic).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, QSettings, Qt, Signal, Slot
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QStyle, QWidget

from core.errors import DataError
from core.interactions import Interactions
from core.io import SUPPORTED_DESCRIPTION
from core.samples import SAMPLES
from gui.core_messages import error_text
from gui.file_loader import FileLoader
from gui.i18n import core_tr
from gui.session import Session

MAX_RECENT = 8
RECENT_KEY = "files/recent"
DIR_KEY = "files/lastDir"
SHOWN_UNWRITTEN = 5  # users and items named in the warning before a save leaves them out


def read_recent(settings: QSettings) -> list[str]:
    value = settings.value(RECENT_KEY, [])
    if isinstance(value, str):
        value = [value]
    return [str(v) for v in (value or [])][:MAX_RECENT]


def remember_recent(settings: QSettings, path: str) -> list[str]:
    """Put ``path`` first in the recent list (no duplicates, at most MAX_RECENT)."""
    path = os.path.abspath(path)
    recent = [p for p in read_recent(settings) if p != path]
    recent.insert(0, path)
    recent = recent[:MAX_RECENT]
    settings.setValue(RECENT_KEY, recent)
    return recent


class FileActions(QObject):
    """File menu logic for one window; ``loaded`` fires after a table was swapped in.

    ``loadingChanged(True, name)`` fires when a background load starts and
    ``loadingChanged(False, name)`` when it ended (before ``loaded`` or ``failed``).
    """

    loaded = Signal(str)  # a human name of what was loaded
    failed = Signal(str)  # the problem shown to the user; the table is unchanged
    loadingChanged = Signal(bool, str)
    loadingProgress = Signal(float, object)  # share of the load done, seconds left (or None)
    _ended = Signal()  # a background load is over, whatever the outcome
    saved = Signal(str)
    status = Signal(str)

    def __init__(self, session: Session, window: QWidget):
        super().__init__(window)
        self.session = session
        self.window = window
        self.save_path: str | None = None  # where Ctrl+S writes without asking
        self._loader: FileLoader | None = None  # the background load in progress, if any
        self._closed = False
        style = window.style()

        def action(slot, shortcut=None, icon=None) -> QAction:
            act = QAction(self)
            if shortcut is not None:
                act.setShortcut(QKeySequence(shortcut))
            if icon is not None:
                act.setIcon(style.standardIcon(icon))
            act.triggered.connect(lambda _=False: slot())
            return act

        sp = QStyle.StandardPixmap
        self.open_action = action(self.open_dialog, QKeySequence.StandardKey.Open,
                                  sp.SP_DialogOpenButton)
        self.open_folder_action = action(self.open_folder_dialog, "Ctrl+Shift+O",
                                         sp.SP_DirOpenIcon)
        self.save_action = action(self.save, QKeySequence.StandardKey.Save,
                                  sp.SP_DialogSaveButton)
        self.save_as_action = action(self.save_as, "Ctrl+Shift+S")
        self.item_features_action = action(self.item_features_dialog)
        self.recent_menu = QMenu(window)
        self.recent_menu.setToolTipsVisible(True)
        self.samples_menu = QMenu(window)
        self.samples_menu.setToolTipsVisible(True)
        self._sample_actions: dict[str, QAction] = {}
        self._fill_samples_menu()
        self.retranslate()

    def retranslate(self) -> None:
        """Texts of the actions and menus (called by the window on a language change)."""
        for act, text, tip in (
            (self.open_action, self.tr("&Open…"), self.tr(
                "Open a ratings file: CSV/TSV, MovieLens u.data/ratings.dat, a zip, or RecLab "
                "JSON")),
            (self.open_folder_action, self.tr("Open &Folder…"), self.tr(
                "Open a dataset folder, e.g. an unpacked MovieLens download (ml-100k)")),
            (self.save_action, self.tr("&Save"),
             self.tr("Save the table as CSV (user,item,value,timestamp)")),
            (self.save_as_action, self.tr("Save &As / Export CSV…"),
             self.tr("Save the table to a new CSV file")),
            (self.item_features_action, self.tr("Load Item &Features…"), self.tr(
                "Add genres, titles or tags to the table's items from a CSV (item,title,genres or "
                "item,tag), for the content-based and hybrid models")),
        ):
            act.setText(text)
            act.setToolTip(tip)
            act.setStatusTip(tip)
        # The toolbar's short texts (Qt would derive "打开(O)" from a translated "打开(&O)…").
        self.open_action.setIconText(self.tr("Open"))
        self.save_action.setIconText(self.tr("Save"))
        self.recent_menu.setTitle(self.tr("Open &Recent"))
        self.samples_menu.setTitle(self.tr("&Samples"))
        for name, act in self._sample_actions.items():
            act.setText(core_tr(name))
            act.setToolTip(core_tr(SAMPLES[name]))
            act.setStatusTip(core_tr(SAMPLES[name]))
        self.refresh_recent_menu()

    # -- menus ---------------------------------------------------------------------------------

    def _fill_samples_menu(self) -> None:
        for name in SAMPLES:
            act = self._sample_actions[name] = self.samples_menu.addAction(name)
            act.triggered.connect(lambda _=False, n=name: self.load_sample(n))

    def refresh_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = read_recent(QSettings())
        for n, path in enumerate(recent, 1):
            act = self.recent_menu.addAction(f"&{n} {Path(path).name}")
            act.setToolTip(path)
            act.triggered.connect(lambda _=False, p=path: self.load_path(p))
        if recent:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction(self.tr("Clear list"), self._clear_recent)
        self.recent_menu.setEnabled(bool(recent))

    def _clear_recent(self) -> None:
        QSettings().remove(RECENT_KEY)
        self.refresh_recent_menu()

    # -- opening -------------------------------------------------------------------------------

    def _start_dir(self) -> str:
        return str(QSettings().value(DIR_KEY, str(Path.home())))

    def open_dialog(self) -> None:
        if not self.confirm_discard():
            return
        path, _ = QFileDialog.getOpenFileName(
            self.window, self.tr("Open ratings"), self._start_dir(), core_tr(SUPPORTED_DESCRIPTION)
        )
        if path:
            self.load_path(path, confirm=False)

    def item_features_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window, self.tr("Load item features"), self._start_dir(),
            self.tr("Item features (*.csv *.tsv *.txt);;All files (*)"))
        if path:
            self.load_item_features(path)

    def load_item_features(self, path: str) -> bool:
        """Merge the item file at ``path`` into the table's items, undoably. The undo history
        and the model are kept; a model that reads features (content-based, hybrid) is marked
        out of date until it is retrained."""
        from core.io.item_features import load_item_features, with_item_features

        try:
            data, matched = with_item_features(self.session.data, load_item_features(path))
        except DataError as exc:
            self._error(self.tr("Could not load item features"), str(exc))
            return False
        self.session.set_items_info(data.items_info, self.tr("Load item features"))
        message = self.tr("Item features from {name} for {matched} of {items} items.").format(
            name=Path(path).name, matched=f"{matched:,}", items=f"{data.n_items:,}")
        if self.session.features_stale:
            message += " " + self.tr("Retrain {model} to use them.").format(
                model=self.session.model_name)
        self.status.emit(message)
        return True

    def open_folder_dialog(self) -> None:
        if not self.confirm_discard():
            return
        path = QFileDialog.getExistingDirectory(self.window, self.tr("Open dataset folder"),
                                                self._start_dir())
        if path:
            self.load_path(path, confirm=False)

    @property
    def loading(self) -> bool:
        """True while a file or folder is being read in the background."""
        return self._loader is not None

    def load_path(self, path: str, confirm: bool = True, wait: bool = False) -> bool:
        """Start loading ``path`` in the background; on failure show the error, keep the table.

        Returns True when the load started (the outcome arrives as ``loaded`` or ``failed``),
        False when the user kept the unsaved edits or another load is still running. With
        ``wait=True`` (scripts) it returns once the load ended: True only if the table was
        replaced. The window keeps processing events meanwhile.
        """
        if self._closed:
            return False
        if self._loader is not None:
            self.status.emit(self.tr("Still loading {name}…").format(
                name=Path(self._loader.path).name))
            return False
        if confirm and not self.confirm_discard():
            return False
        loader = FileLoader(path, self)
        loader.finished.connect(self._on_loader_finished)
        loader.progress.connect(self.loadingProgress)
        self._loader = loader
        self._set_loading(True, Path(path).name or path)
        if not wait:
            loader.start()
            return True
        outcome: list[bool] = []
        loop = QEventLoop()

        def succeeded(_name: str) -> None:
            outcome.append(True)

        self.loaded.connect(succeeded)
        self._ended.connect(loop.quit)
        try:
            loader.start()
            loop.exec()
        finally:
            self.loaded.disconnect(succeeded)
            self._ended.disconnect(loop.quit)
        return outcome == [True]

    @Slot()
    def _on_loader_finished(self) -> None:
        loader = self.sender()
        if not isinstance(loader, FileLoader) or loader is not self._loader:
            return
        loader.wait()  # ``finished`` is emitted just before the thread really ends
        self._loader = None
        loader.deleteLater()
        name = Path(loader.path).name or loader.path
        if self._closed:
            return
        self._set_loading(False, name)
        if loader.data is None:
            problem = loader.error or self.tr("{name} could not be read.").format(name=name)
            self._error(self.tr("Could not open {name}").format(name=name), problem)
            self.status.emit(self.tr("Could not open {name}; the table is unchanged.").format(
                name=name))
            self.failed.emit(problem)
        else:
            self._adopt(loader.data, loader.path)
        self._ended.emit()

    def _adopt(self, data: Interactions, path: str) -> None:
        settings = QSettings()
        remember_recent(settings, path)
        settings.setValue(DIR_KEY, str(Path(path).parent))
        self.refresh_recent_menu()
        self.save_path = path if Path(path).suffix.lower() == ".csv" and not data.items_info \
            else None
        self.session.replace_data(data, os.path.abspath(path))
        self.loaded.emit(Path(path).name)

    def _set_loading(self, loading: bool, name: str) -> None:
        for act in (self.open_action, self.open_folder_action):
            act.setEnabled(not loading)
        self.recent_menu.setEnabled(not loading and bool(read_recent(QSettings())))
        self.samples_menu.setEnabled(not loading)
        if loading:
            self.window.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.window.unsetCursor()
        self.loadingChanged.emit(loading, name)

    def shutdown(self) -> None:
        """Wait for a running load (it cannot be interrupted) and drop its result."""
        self._closed = True
        loader, self._loader = self._loader, None
        if loader is not None:
            loader.wait()
            loader.deleteLater()
            self._ended.emit()

    def load_sample(self, name: str, confirm: bool = True) -> bool:
        """Load a built-in sample synchronously (they are small); not while a file loads."""
        if self._loader is not None or self._closed:
            return False
        if confirm and not self.confirm_discard():
            return False
        from core.samples import load_sample

        data = self._with_busy_cursor(lambda: load_sample(name), name)
        if data is None:
            return False
        if not data.name:
            data.name = name
        self.save_path = None
        self.session.replace_data(data, None)
        self.loaded.emit(name)
        return True

    def _with_busy_cursor(self, read, what: str) -> Interactions | None:
        self.status.emit(self.tr("Loading {name}…").format(name=core_tr(what)))
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            data, problem = read(), ""
        except DataError as exc:
            data, problem = None, str(exc)
        except (OSError, ValueError, MemoryError) as exc:
            data, problem = None, f"{type(exc).__name__}: {exc}"
        finally:
            QGuiApplication.restoreOverrideCursor()
        if data is None:
            self._error(self.tr("Could not open {name}").format(name=core_tr(what)), problem)
            self.status.emit(self.tr("Could not open {name}; the table is unchanged.").format(
                name=core_tr(what)))
        return data

    def _error(self, title: str, message: str) -> None:
        text = self.tr("{message}\n\nThe current table has not been changed.")
        box = QMessageBox(QMessageBox.Icon.Warning, title,
                          text.format(message=error_text(message)),
                          QMessageBox.StandardButton.Ok, self.window)
        box.setObjectName("loadErrorDialog")
        box.exec()

    # -- saving --------------------------------------------------------------------------------

    def save(self) -> bool:
        if self.save_path is None:
            return self.save_as()
        return self.write(self.save_path)

    def save_as(self) -> bool:
        start = self.save_path or str(
            Path(self._start_dir()) / f"{self.session.data.name or 'ratings'}.csv"
        )
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Save table as CSV"), start,
                                              self.tr("CSV files (*.csv);;All files (*)"))
        if not path:
            return False
        if not Path(path).suffix:
            path += ".csv"
        return self.write(path)

    def write(self, path: str) -> bool:
        from core.io import save_csv

        if not self._confirm_unwritten(path):
            return False
        try:
            save_csv(self.session.data, path)
        except (DataError, OSError, ValueError) as exc:
            QMessageBox.warning(self.window, self.tr("Could not save"), error_text(str(exc)))
            return False
        self.save_path = path
        self.session.undo_stack.setClean()
        remember_recent(QSettings(), path)
        self.refresh_recent_menu()
        self.saved.emit(path)
        self.status.emit(self.tr("Saved {name}").format(name=Path(path).name))
        return True

    def _confirm_unwritten(self, path: str) -> bool:
        """Users and items without interactions cannot go into a CSV (a row is an
        interaction): say which before saving, rather than lose them on the next open."""
        from core.io.writer import not_written

        data = self.session.data
        users, items = not_written(data)
        if not users and not items:
            return True
        shown = [self.tr("user {id}").format(id=u) for u in users[:SHOWN_UNWRITTEN]]
        shown += [data.item_label(i) for i in items[:SHOWN_UNWRITTEN]]
        more = len(users) + len(items) - len(shown)
        names = ", ".join(shown) + (self.tr(" and {n} more").format(n=more) if more else "")
        answer = QMessageBox.question(
            self.window, self.tr("Save without some users and items?"),
            self.tr("{users} user(s) and {items} item(s) have no interactions yet, and a CSV "
                    "file holds only interactions (one per row), so {file} will not contain "
                    "them: {names}. They stay in the open table. Save anyway?").format(
                users=len(users), items=len(items), file=Path(path).name, names=names),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Save

    # -- unsaved edits -------------------------------------------------------------------------

    def confirm_discard(self) -> bool:
        """True when it is fine to drop the current table (clean, saved, or user says discard)."""
        if self.session.undo_stack.isClean():
            return True
        answer = QMessageBox.question(
            self.window, self.tr("Unsaved edits"),
            self.tr("The table has edits that are not saved. Save them first?"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard
