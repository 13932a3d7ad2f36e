"""File ▸ Save model… / Open model…: the versioned model files of ``core.persistence``.

Both run in the worker thread (a Keras model is used only from the thread that built it); the
session's model is replaced only when a file was read completely.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from gui.core_messages import coverage_text, error_text
from gui.session import Session
from gui.worker import CallResult

DIR_KEY = "files/modelDir"


class ModelFiles(QObject):
    status = Signal(str)
    saved = Signal(str)
    opened = Signal(str)
    failed = Signal(str)

    def __init__(self, session: Session, window: QWidget):
        super().__init__(window)
        self.session = session
        self.window = window
        self._pending: dict[int, tuple[str, str]] = {}  # job id -> (what, path)
        self.save_action = QAction(self)
        self.save_action.triggered.connect(lambda _=False: self.ask_save())
        self.open_action = QAction(self)
        self.open_action.triggered.connect(lambda _=False: self.ask_open())
        session.modelChanged.connect(self._update_actions)
        session.host.called.connect(self._on_called)
        self._update_actions()
        self.retranslate()

    def retranslate(self) -> None:
        """Texts of the actions (called by the window on a language change)."""
        self.save_action.setText(self.tr("Save &Model…"))
        self.save_action.setToolTip(
            self.tr("Save the trained model to a file (RecLab's versioned format)."))
        self.open_action.setText(self.tr("Open Mo&del…"))
        self.open_action.setToolTip(self.tr("Load a model saved by RecLab (GUI or command line)."))

    def model_filter(self) -> str:
        return self.tr("RecLab model (*.reclab);;All files (*)")

    def _update_actions(self) -> None:
        self.save_action.setEnabled(self.session.model is not None)

    def _start_dir(self) -> str:
        return str(QSettings().value(DIR_KEY, str(Path.home())))

    def ask_save(self) -> None:
        if self.session.model is None:
            self.status.emit(self.tr("Train a model first: there is nothing to save."))
            return
        start = str(Path(self._start_dir()) / f"{self.session.model_name or 'model'}.reclab")
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Save model"), start,
                                              self.model_filter())
        if path:
            if not Path(path).suffix:
                path += ".reclab"
            self.save(path)

    def ask_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Open model"),
                                              self._start_dir(), self.model_filter())
        if path:
            self.open(path)

    def save(self, path: str) -> int:
        """Write the session's model to ``path`` (in the worker thread); returns the job id."""
        from core.persistence import save_model

        model = self.session.model
        job = self.session.host.call(lambda: save_model(model, path))
        self._pending[job] = ("save", path)
        self.status.emit(self.tr("Saving the model to {name}…").format(name=Path(path).name))
        return job

    def open(self, path: str) -> int:
        """Read a model file (in the worker thread) and make it the session's model."""
        from core.persistence import load_model

        job = self.session.host.call(lambda: load_model(path))
        self._pending[job] = ("open", path)
        self.status.emit(self.tr("Opening {name}…").format(name=Path(path).name))
        return job

    def _on_called(self, result: CallResult) -> None:
        if result.job_id not in self._pending:
            return
        what, path = self._pending.pop(result.job_id)
        name = Path(path).name
        QSettings().setValue(DIR_KEY, str(Path(path).parent))
        if result.error:
            title = (self.tr("Could not save the model") if what == "save"
                     else self.tr("Could not open {name}").format(name=name))
            QMessageBox.warning(self.window, title, error_text(result.error))
            self.failed.emit(result.error)
            return
        if what == "save":
            self.status.emit(self.tr("Saved the model to {name}").format(name=name))
            self.saved.emit(path)
            return
        from core.persistence import describe_coverage

        model = result.value
        data = self.session.data
        same = list(model.user_ids) == list(data.user_ids) and \
            list(model.item_ids) == list(data.item_ids)
        # A model from another table counts as out of date for this one.
        self.session.set_model(model, model.name, trained_on=None if same else -1)
        coverage = describe_coverage(model, data)
        text = self.tr("Opened {model} model from {name}").format(model=model.name,
                                                                   name=name)
        self.status.emit(f"{text} — {coverage_text(coverage)}" if coverage else text)
        self.opened.emit(path)
