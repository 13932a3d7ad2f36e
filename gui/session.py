"""The GUI's shared state: the current table, the current model, and the undo stack.

One ``Session`` lives in the GUI thread. Views read ``session.data`` / ``session.model`` and
listen to its signals; every edit goes through ``session.push_change`` so it lands on the undo
stack. Workers never touch the session: they get copies of plain data and send results back by
signal, and the GUI thread calls ``set_model``.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from core.interactions import Change, Interactions
from core.models.base import Recommender


class ChangeCommand(QUndoCommand):
    """An undoable edit of the table: redo applies the change, undo applies its inverse."""

    def __init__(self, session: Session, change: Change, inverse: Change, text: str):
        super().__init__(text)
        self._session = session
        self._change = change
        self._inverse: Change | None = inverse
        self._applied = True  # push_change applied it already, so a bad edit never lands

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self._inverse = self._session._apply(self._change)

    def undo(self) -> None:
        assert self._inverse is not None
        self._change = self._session._apply(self._inverse)


class Session(QObject):
    dataReplaced = Signal()  # a new table was loaded: views reset entirely
    dataEdited = Signal(object)  # the Change just applied (plain record from core.interactions)
    modelChanged = Signal()  # a model was trained/loaded/cleared
    modelStale = Signal(bool)  # True when the table changed since the model was trained

    def __init__(self, data: Interactions | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.data: Interactions = data if data is not None else Interactions.empty()
        self.model: Recommender | None = None
        self.model_name: str = ""
        self.source_path: str | None = None
        self.undo_stack = QUndoStack(self)

    def replace_data(self, data: Interactions, source_path: str | None = None) -> None:
        """Swap in a newly loaded table; clears undo history and the model."""
        self.data = data
        self.source_path = source_path
        self.undo_stack.clear()
        self.model = None
        self.model_name = ""
        self.dataReplaced.emit()
        self.modelChanged.emit()

    def push_change(self, change: Change, text: str) -> None:
        """Apply ``change`` through the undo stack (raises KeyError/ValueError if it cannot)."""
        inverse = self._apply(change)
        self.undo_stack.push(ChangeCommand(self, change, inverse, text))

    def set_model(self, model: Recommender | None, name: str = "") -> None:
        self.model = model
        self.model_name = name
        self.modelChanged.emit()
        self.modelStale.emit(False)

    @property
    def model_is_stale(self) -> bool:
        return self.model is not None and self.model.fitted_version != self.data.version

    def _apply(self, change: Change) -> Change:
        inverse = self.data.apply(change)
        self.dataEdited.emit(change)
        if self.model is not None:
            self.modelStale.emit(self.model_is_stale)
        return inverse
