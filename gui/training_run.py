"""The session's one training run: start, stop, progress of that job only, and its outcome.

Both the model column (Train/Stop, progress bar) and the Training view (live curves) follow the
same run; neither knows the other. ``TrainingRun`` filters the worker host's progress to its own
job, installs a finished model in the session (with the table state it was trained on, so
"changed since training" is exact) and words the outcome once for every view.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from core.progress import Progress
from gui.core_messages import error_text, model_label
from gui.live_text import live
from gui.worker import TrainResult

if TYPE_CHECKING:
    from gui.session import Session


def outcome_message(result: TrainResult, seconds_text: str | None = None) -> str:
    """One sentence saying what came of ``result``."""
    translate, name = QCoreApplication.translate, model_label(result.name)
    if result.error:
        return translate("TrainingRun", "Training {name} failed: {error}").format(
            name=name, error=error_text(result.error))
    if result.discarded:
        return translate("TrainingRun", "Stopped — {name} was not finished, so no model was kept "
                  "(only a neural model keeps its best epoch when stopped)").format(name=name)
    diverged = getattr(getattr(result.model, "training_result", None), "diverged", "")
    if diverged:  # stopped on a growing loss; the best weights so far were kept
        return translate("TrainingRun", "Warning: {name} {problem}; kept the best weights so far"
                         ).format(name=name, problem=error_text(diverged))
    if result.stopped:
        if result.epochs_done:
            return translate("TrainingRun",
                "Stopped at epoch {epoch} — kept best model ({name})").format(
                epoch=result.epochs_done, name=name)
        return translate("TrainingRun", "Stopped — kept best model ({name})").format(name=name)
    took = seconds_text or translate("progress", "{seconds} s").format(
        seconds=f"{result.seconds:.1f}")
    return translate("TrainingRun", "Trained {name} in {seconds}").format(name=name, seconds=took)


class TrainingRun(QObject):
    """Start/stop the session's training job and relay what belongs to it."""

    started = Signal(str, dict)  # model name, parameters
    progress = Signal(list)  # list[Progress] of this run, oldest first
    finished = Signal(object, str)  # TrainResult, outcome message
    statusMessage = Signal(str)

    def __init__(self, session: Session):
        super().__init__(session)
        self._session = session
        self._job_id: int | None = None
        self._trained_on: int | None = None
        self._features: int | None = None  # item features version the run started with
        self._abandoned: set[int] = set()  # jobs whose table was replaced while they ran
        self.name = ""
        self.params: dict[str, Any] = {}
        self.data_shape = (0, 0, 0)  # users, items, interactions the run trains on
        host = session.host
        host.progress.connect(self._on_progress)
        host.trained.connect(self._on_trained)
        session.dataReplaced.connect(self._abandon)

    @property
    def running(self) -> bool:
        return self._job_id is not None

    def start(self, name: str, params: dict[str, Any]) -> bool:
        """Queue training of ``name`` on the current table; False if it cannot start."""
        if self._job_id is not None:
            return False
        data = self._session.data
        if data.nnz == 0:
            self.statusMessage.emit(self.tr("Nothing to train on: the table is empty."))
            return False
        self.name, self.params = name, dict(params)
        self.data_shape = (data.n_users, data.n_items, data.nnz)
        self._trained_on = self._session.data_state
        self._features = self._session.features_version
        self._job_id = self._session.host.train(name, params, data)
        self.started.emit(name, dict(params))
        self.statusMessage.emit(live(lambda: self.tr("Training {name}…").format(
            name=model_label(name))))
        return True

    def stop(self) -> None:
        """Stop this run only (other jobs, e.g. an evaluation, go on)."""
        if self._job_id is not None:
            self._session.host.stop(self._job_id)

    def _abandon(self) -> None:
        """A new table: the running job trains on data that is gone; stop it, drop its result."""
        if self._job_id is None:
            return
        self._abandoned.add(self._job_id)
        self._session.host.stop(self._job_id)
        self._job_id = None
        self.statusMessage.emit(self.tr("New data: the running training was stopped."))

    def _on_progress(self, items: list[tuple[int, Progress]]) -> None:
        mine = [event for job_id, event in items if job_id == self._job_id]
        if mine:
            self.progress.emit(mine)

    def _on_trained(self, result: TrainResult) -> None:
        if result.job_id in self._abandoned:
            self._abandoned.discard(result.job_id)
            return
        if result.job_id != self._job_id:
            return
        self._job_id = None
        if result.model is not None:
            self._session.set_model(result.model, result.name, trained_on=self._trained_on,
                                    features=self._features)
        message = live(lambda: outcome_message(result))  # the status bar words it again
        self.finished.emit(result, message)
        self.statusMessage.emit(message)
