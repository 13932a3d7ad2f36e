"""The left column: what data is loaded, the model form, and Train/Stop with the run's progress.

Train and Stop sit below the (vertically scrolling) form, so they stay at the same place whatever
model is chosen. The chosen model and its settings are published to the session
(``Session.set_model_config``), where the Evaluation view and others read them.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from core.interactions import Interactions
from core.models import NEURAL_MODELS
from core.progress import Progress
from gui.i18n import Retranslatable, core_tr
from gui.lesson_controls import FractionKnob
from gui.model_form import ModelForm, describe_params
from gui.progress_format import EtaEstimator, progress_text
from gui.session import Session
from gui.training_run import outcome_message
from gui.worker import TrainResult

COLUMN_WIDTH = 360
STOP_SHORTCUT = "Ctrl+."
TRAIN_SHORTCUT = "Ctrl+T"
RESULT_LINES = 4


def data_summary(data: Interactions) -> str:
    """Two short lines: the table's name, then its size and kind."""
    translate = QCoreApplication.translate
    if data.explicit:
        text = translate("ModelPanel", "<b>{name}</b><br>{users} users × {items} items<br>"
                  "{count} explicit ratings · {density} filled")
    else:
        text = translate("ModelPanel", "<b>{name}</b><br>{users} users × {items} items<br>"
                  "{count} implicit interactions · {density} filled")
    density = data.nnz / max(1, data.n_users * data.n_items)
    return text.format(name=escape(core_tr(data.name) or translate("ModelPanel", "untitled")),
                       users=f"{data.n_users:,}", items=f"{data.n_items:,}",
                       count=f"{data.nnz:,}", density=f"{density:.2%}")


class _FormScroll(QScrollArea):
    """The model form's scroll area: tells the form the height it has (``fit_height``)."""

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        form = self.widget()
        if isinstance(form, ModelForm):
            form.fit_height(self.viewport().height())


class ModelPanel(Retranslatable, QWidget):
    """Data summary, model form, Train/Stop, progress bar and the last run's outcome."""

    statusMessage = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.run = session.training
        self.eta = EtaEstimator()
        self.setMinimumWidth(260)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.form = ModelForm()
        scroll = _FormScroll()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.form)
        self.form_scroll = scroll
        self.fraction = FractionKnob()

        self.train_action = QAction(self)
        self.train_action.setShortcut(QKeySequence(TRAIN_SHORTCUT))
        self.stop_action = QAction(self)
        self.stop_action.setShortcut(QKeySequence(STOP_SHORTCUT))
        self.stop_action.setEnabled(False)
        self.train_button = QPushButton()
        self.stop_button = QPushButton()
        self.stop_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(True)
        # What the progress bar and the result line say, as functions of the current language:
        # retranslate() calls them again (a finished run's sentence is kept as it was worded).
        self._progress_text = self._ready_text
        self._result_text = self._no_model_text
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        # A fixed height (four lines), so a longer outcome never moves Train/Stop.
        self.result_label.setFixedHeight(self.fontMetrics().lineSpacing() * RESULT_LINES + 4)

        buttons = QHBoxLayout()
        buttons.addWidget(self.train_button)
        buttons.addWidget(self.stop_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.fraction)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.result_label)

        self.train_button.clicked.connect(self.train)
        self.train_action.triggered.connect(self.train)
        self.stop_button.clicked.connect(self.stop)
        self.stop_action.triggered.connect(self.stop)
        self.form.changed.connect(self._publish_config)
        self.fraction.changed.connect(self._publish_config)
        session.configChanged.connect(self._follow_config)
        self.run.started.connect(self._on_started)
        self.run.progress.connect(self._on_progress)
        self.run.finished.connect(self._on_finished)
        self.run.statusMessage.connect(self.statusMessage)
        session.dataReplaced.connect(self._data_replaced)
        session.dataEdited.connect(self._update_summary)
        self._data_replaced()
        self.retranslate()

    def retranslate(self) -> None:
        self.train_action.setText(self.tr("&Train"))
        self.train_action.setToolTip(
            self.tr("Train the chosen model on the current table ({keys}).").format(
                keys=TRAIN_SHORTCUT))
        self.stop_action.setText(self.tr("&Stop training"))
        self.stop_action.setToolTip(
            self.tr("Stop this training after the current batch ({keys}); a neural model keeps "
                    "its best epoch, any other model is discarded.").format(keys=STOP_SHORTCUT))
        self.train_button.setText(self.tr("Train"))
        self.train_button.setToolTip(self.train_action.toolTip())
        self.stop_button.setText(self.tr("Stop"))
        self.stop_button.setToolTip(self.stop_action.toolTip())
        self.progress.setToolTip(
            self.tr("With validation, early stopping ends training once the validation metric "
                    "has not improved for 'patience' epochs: the time left then runs from that "
                    "soonest end to the last planned epoch."))
        self._update_summary()
        self._set_progress_text(self._progress_text)
        self._set_result_text(self._result_text)

    def _ready_text(self) -> str:
        return self.tr("Ready")

    def _no_model_text(self) -> str:
        return self.tr("No model trained yet.")

    def _set_progress_text(self, text) -> None:
        """Show ``text()`` on the progress bar (``text`` is called again on a language change)."""
        self._progress_text = text
        self.progress.setFormat(text())

    def _set_result_text(self, text) -> None:
        self._result_text = text
        self.result_label.setText(text())

    def menu_actions(self) -> list[QAction]:
        return [self.train_action, self.stop_action]

    # -- actions ---------------------------------------------------------------------------------

    def train(self) -> None:
        self.run.start(self.form.model_name(), self.chosen_params())

    def stop(self) -> None:
        if self.run.running:
            self.run.stop()
            self._set_running(False, stopping=True)

    @property
    def training(self) -> bool:
        return self.run.running

    # -- following the run -------------------------------------------------------------------------

    def _set_running(self, running: bool, stopping: bool = False) -> None:
        self.train_button.setEnabled(not running and not stopping)
        self.train_action.setEnabled(not running and not stopping)
        self.stop_button.setEnabled(running)
        self.stop_action.setEnabled(running)
        self.form.setEnabled(not running and not stopping)
        self.fraction.setEnabled(not running and not stopping)
        if stopping:
            self._set_progress_text(lambda: self.tr("Stopping…"))

    def _on_started(self, name: str, _params: dict) -> None:
        self._set_running(True)
        self.eta.reset()
        self.progress.setValue(0)
        self._set_progress_text(lambda: self.tr("Compiling the training step…")
                                if name in NEURAL_MODELS else self.tr("Starting…"))

    def _on_progress(self, events: list[Progress]) -> None:
        eta = None
        for event in events:
            eta = self.eta.update(event)
        last = events[-1]
        if last.fraction is not None:
            self.progress.setValue(int(1000 * min(max(last.fraction, 0.0), 1.0)))
        if last.kind != "done" and self.run.running:
            soonest = self.eta.soonest
            self._set_progress_text(lambda: progress_text(last, eta, soonest))

    def _on_finished(self, result: TrainResult, message: str) -> None:
        self._set_running(False)
        if result.model is None:
            self.progress.setValue(0)
            self._set_progress_text(lambda: self.tr("Failed") if result.error
                                    else self.tr("Stopped"))
            self._set_result_text(lambda: self.tr("{message}.").format(
                message=outcome_message(result)))
            return
        self.progress.setValue(1000)
        self._set_progress_text(lambda: self.tr("Stopped") if result.stopped
                                else self.tr("Done"))
        self._set_result_text(lambda: self.tr("{outcome}.\nSettings: {settings}.").format(
            outcome=outcome_message(result),
            settings=describe_params(result.name, result.params)))

    def chosen_params(self) -> dict:
        """The form's settings plus the "train on N % of users" knob (when below 100 %)."""
        return self.fraction.add_to(self.form.params())

    def _publish_config(self) -> None:
        self.session.set_model_config(self.form.model_name(), self.chosen_params())

    def _follow_config(self) -> None:
        """Another view chose settings (e.g. a sweep's best row): show them in the form."""
        config = self.session.model_config
        if config is None or config == (self.form.model_name(), self.chosen_params()):
            return
        name, params = config
        self.form.blockSignals(True)
        self.fraction.blockSignals(True)
        try:
            self.form.set_model(name)
            self.form.set_params(params)
            self.fraction.follow(params)
        finally:
            self.form.blockSignals(False)
            self.fraction.blockSignals(False)
        self._publish_config()  # the form's full, in-range values

    def _update_summary(self, _change: object = None) -> None:
        self.summary.setText(data_summary(self.session.data))

    def _data_replaced(self) -> None:
        """New data: fresh suggestions, and nothing left from the previous table's run."""
        self._update_summary()
        self.form.apply_suggestions(self.session.data)
        self._publish_config()
        self._set_running(self.run.running)
        self.progress.setValue(0)
        self._set_progress_text(self._ready_text)
        self._set_result_text(self._no_model_text)
