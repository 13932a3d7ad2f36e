"""The GUI's shared state: the table, the model, the chosen model config, the undo stack and the
worker host.

One ``Session`` lives in the GUI thread. Views read ``session.data`` / ``session.model`` and
listen to its signals; every edit goes through ``session.push_change`` so it lands on the undo
stack. Workers never touch the session: they get copies of plain data and send results back by
signal, and the GUI thread calls ``set_model``.

The session owns the one ``WorkerHost`` (``session.host``, started on first use) and the model
config chosen in the form (``session.model_config``); ``session.shutdown()`` is the one place
that stops the host. Views never talk to each other: they meet here.
"""

from __future__ import annotations

import itertools
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from core.interactions import Change, Interactions, ItemInfo, RenameItem
from core.models.base import Recommender
from gui.training_run import TrainingRun
from gui.worker import WorkerHost

_STATE_IDS = itertools.count(1)
_FEATURE_IDS = itertools.count(1)


class ChangeCommand(QUndoCommand):
    """An undoable edit of the table: redo applies the change, undo applies its inverse."""

    def __init__(self, session: Session, change: Change, inverse: Change, text: str,
                 states: tuple[int, int]):
        super().__init__(text)
        self._session = session
        self._change = change
        self._inverse: Change | None = inverse
        self._applied = True  # push_change applied it already, so a bad edit never lands
        # Identity of the table's state before and after this edit (see Session.data_state).
        self._state_before, self._state_after = states

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self._session._state = self._state_after
        self._inverse = self._session._apply(self._change)

    def undo(self) -> None:
        assert self._inverse is not None
        self._session._state = self._state_before
        self._change = self._session._apply(self._inverse)


class ItemsInfoCommand(QUndoCommand):
    """An undoable swap of the items' titles, genres and tags (not an edit of the interactions:
    the table state stays, only the item features version moves)."""

    def __init__(self, session: Session, before: dict[str, ItemInfo],
                 after: dict[str, ItemInfo], text: str, versions: tuple[int, int]):
        super().__init__(text)
        self._session = session
        self._before, self._after = before, after
        self._versions = versions

    def redo(self) -> None:
        self._session._swap_info(self._after, self._versions[1])

    def undo(self) -> None:
        self._session._swap_info(self._before, self._versions[0])


class Session(QObject):
    dataReplaced = Signal()  # a new table was loaded: views reset entirely
    dataEdited = Signal(object)  # the Change just applied (plain record from core.interactions)
    modelChanged = Signal()  # a model was trained/loaded/cleared
    modelStale = Signal(bool)  # True when the table changed since the model was trained
    configChanged = Signal()  # the model config chosen in the form changed
    itemsInfoChanged = Signal()  # titles, genres or tags of the items were replaced

    def __init__(self, data: Interactions | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.data: Interactions = data if data is not None else Interactions.empty()
        self.model: Recommender | None = None
        self.model_name: str = ""
        self.source_path: str | None = None
        self.undo_stack = QUndoStack(self)
        self._state = next(_STATE_IDS)
        self._model_state: int | None = None
        self._renamed: dict[str, str] = {}  # item id the model knows -> its id in the table now
        self._features = next(_FEATURE_IDS)  # version of the items' titles/genres/tags
        self._model_features = self._features  # that version when the model was trained
        self._config: tuple[str, dict[str, Any]] | None = None
        self._host: WorkerHost | None = None
        self._training: TrainingRun | None = None

    # -- the worker host (owned here, shut down here) ----------------------------------------------

    @property
    def host(self) -> WorkerHost:
        """The session's worker host, started on first use."""
        if self._host is None:
            self._host = WorkerHost(parent=self)
        return self._host

    @property
    def training(self) -> TrainingRun:
        """The session's training run (Train/Stop and its progress), made on first use."""
        if self._training is None:
            self._training = TrainingRun(self)
        return self._training

    @property
    def has_host(self) -> bool:
        return self._host is not None

    def shutdown(self) -> None:
        """Stop every job and end the worker thread (idempotent; the one place that does it)."""
        if self._host is not None:
            self._host.shutdown()

    # -- the model config chosen in the form -------------------------------------------------------

    @property
    def model_config(self) -> tuple[str, dict[str, Any]] | None:
        """(model name, parameters) chosen in the form; None before the form publishes one."""
        if self._config is None:
            return None
        name, params = self._config
        return name, dict(params)

    def set_model_config(self, name: str, params: dict[str, Any]) -> None:
        config = (name, dict(params))
        if config != self._config:
            self._config = config
            self.configChanged.emit()

    # -- the table -------------------------------------------------------------------------------

    @property
    def data_state(self) -> int:
        """Identity of the table's current content: undoing back to a state gives its id again.

        A new edit after an undo gets a fresh id (the redo branch is gone), and so does a new table.
        """
        return self._state

    def replace_data(self, data: Interactions, source_path: str | None = None) -> None:
        """Swap in a newly loaded table; clears undo history and the model."""
        self.data = data
        self.source_path = source_path
        self.undo_stack.clear()
        self._state = next(_STATE_IDS)
        self._features = next(_FEATURE_IDS)
        self.model = None
        self.model_name = ""
        self._model_state = None
        self._renamed = {}
        self.dataReplaced.emit()
        self.modelChanged.emit()

    @property
    def features_version(self) -> int:
        """Version of the items' titles, genres and tags (changed by ``set_items_info``)."""
        return self._features

    def set_items_info(self, info: dict[str, ItemInfo], text: str) -> None:
        """Replace the items' titles, genres and tags (e.g. loaded item features), undoably.

        They are metadata, not interactions: the undo history, the table state and the model are
        kept. Only a model that reads item features (content-based, hybrid) becomes stale
        (``features_stale``) until it is retrained, or until the load is undone.
        """
        versions = (self._features, next(_FEATURE_IDS))
        self.undo_stack.push(ItemsInfoCommand(self, dict(self.data.items_info), dict(info), text,
                                              versions))

    def _swap_info(self, info: dict[str, ItemInfo], version: int) -> None:
        self.data.items_info = dict(info)
        self._features = version
        self.itemsInfoChanged.emit()
        if self.model is not None:
            self.modelStale.emit(self.model_is_stale)

    @property
    def features_stale(self) -> bool:
        """True when the model reads item features and they changed since it was trained."""
        from core.models.cold_start import reads_item_features

        return (self.model is not None and reads_item_features(self.model)
                and self._model_features != self._features)

    def push_change(self, change: Change, text: str) -> None:
        """Apply ``change`` through the undo stack (raises KeyError/ValueError if it cannot)."""
        before, after = self._state, next(_STATE_IDS)
        self._state = after
        try:
            inverse = self._apply(change)
        except BaseException:
            self._state = before
            raise
        self.undo_stack.push(ChangeCommand(self, change, inverse, text, (before, after)))

    def set_model(self, model: Recommender | None, name: str = "",
                  trained_on: int | None = None, features: int | None = None) -> None:
        """Install ``model``, fitted on table state ``trained_on`` and item features version
        ``features`` (default: the current ones)."""
        self.model = model
        self.model_name = name
        self._model_state = self._state if trained_on is None else trained_on
        self._model_features = self._features if features is None else features
        self._renamed = {}
        self.modelChanged.emit()
        self.modelStale.emit(self.model_is_stale)

    @property
    def model_is_stale(self) -> bool:
        """True when the table (or, for a model that reads them, the item features) differs from
        the one the model was trained on."""
        return self.table_changed or self.features_stale

    @property
    def table_changed(self) -> bool:
        """True when the interactions differ from the ones the model was trained on."""
        return self.model is not None and self._model_state != self._state

    @property
    def item_renames(self) -> dict[str, str]:
        """Items renamed since the model was trained: {id the model knows: id in the table}."""
        return dict(self._renamed)

    def _follow_rename(self, change: RenameItem) -> None:
        original = next((k for k, v in self._renamed.items() if v == change.old), change.old)
        if original == change.new:
            self._renamed.pop(original, None)
        else:
            self._renamed[original] = change.new

    def _apply(self, change: Change) -> Change:
        inverse = self.data.apply(change)
        if isinstance(change, RenameItem) and self.model is not None:
            self._follow_rename(change)
        self.dataEdited.emit(change)
        if self.model is not None:
            self.modelStale.emit(self.model_is_stale)
        return inverse
