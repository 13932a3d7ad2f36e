"""Lesson controls: the "train on N % of users" knob and the overfitting / cure presets.

- ``FractionKnob`` sits under the model form (``gui.model_panel``). Its value joins the model
  settings as "user_fraction" (``core.subsample``) when below 100 %, so Train, Evaluate and
  sweeps all honour it; it follows a config another view puts in the session.
- The presets ("Show me overfitting", "Cure it") are data in ``core.presets``. ``apply_preset``
  opens the preset's sample (only when another table is open, asking first if it has unsaved
  edits) and puts the preset's model and settings in the session; the form follows.
  ``PresetButtons`` and ``preset_actions`` (Model menu) trigger it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QSpinBox, QWidget

from core.presets import PRESETS, Preset
from core.samples import load_sample
from core.subsample import USER_FRACTION
from gui.i18n import Retranslatable, core_tr, follow_language
from gui.session import Session


class FractionKnob(Retranslatable, QWidget):
    """"Train on [N] % of users" (10-100 %)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.spin = QSpinBox()
        self.spin.setRange(10, 100)
        self.spin.setSingleStep(10)
        self.spin.setValue(100)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        layout.addWidget(self.label)
        layout.addWidget(self.spin, 1)
        self.spin.valueChanged.connect(lambda *_: self.changed.emit())
        self.retranslate()

    def retranslate(self) -> None:
        self.spin.setSuffix(self.tr(" % of users"))
        self.spin.setToolTip(self.tr(
            "Learn from a seeded share of the users only (every model; validation and "
            "evaluation still use every user): the less data, the more a large network "
            "overfits."))
        self.label.setText(self.tr("Train on"))
        self.label.setToolTip(self.spin.toolTip())

    def user_fraction(self) -> float:
        return self.spin.value() / 100.0

    def set_user_fraction(self, fraction: float) -> None:
        self.spin.setValue(round(100 * fraction))

    def add_to(self, params: dict[str, Any]) -> dict[str, Any]:
        """``params`` plus "user_fraction" when the knob is below 100 % (without it otherwise)."""
        out = {k: v for k, v in params.items() if k != USER_FRACTION}
        fraction = self.user_fraction()
        return {**out, USER_FRACTION: fraction} if fraction < 1.0 else out

    def follow(self, params: dict[str, Any]) -> None:
        """Show the fraction of a config chosen elsewhere (100 % when it has none)."""
        self.set_user_fraction(float(params.get(USER_FRACTION, 1.0)))


def apply_preset(session: Session, key: str, parent: QWidget | None = None) -> bool:
    """Open preset ``key``'s sample if needed and choose its model and settings."""
    preset: Preset = PRESETS[key]
    if session.data.name != preset.sample:
        if not session.undo_stack.isClean():
            answer = QMessageBox.question(
                parent, core_tr(preset.label),
                QCoreApplication.translate(
                    "LessonControls", "This preset opens the {sample} sample; your unsaved edits "
                    "to the current table would be lost. Continue?").format(
                        sample=core_tr(preset.sample)))
            if answer != QMessageBox.StandardButton.Yes:
                return False
        session.replace_data(load_sample(preset.sample))
    params = dict(preset.params)
    if preset.user_fraction < 1.0:
        params[USER_FRACTION] = preset.user_fraction
    session.set_model_config(preset.model, params)
    return True


class PresetButtons(Retranslatable, QWidget):
    """One button per preset."""

    applied = Signal(str)  # the preset's key

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.buttons: dict[str, QPushButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for key in PRESETS:
            button = QPushButton()
            button.clicked.connect(lambda _=False, k=key: self.apply(k))
            self.buttons[key] = button
            layout.addWidget(button)
        self.retranslate()

    def retranslate(self) -> None:
        for key, preset in PRESETS.items():
            self.buttons[key].setText(core_tr(preset.label))
            self.buttons[key].setToolTip(
                self.tr("{description} Opens the {sample} sample; then press Train.").format(
                    description=core_tr(preset.description), sample=core_tr(preset.sample)))

    def apply(self, key: str) -> None:
        if apply_preset(self.session, key, self):
            self.applied.emit(key)


def preset_actions(session: Session, parent: QWidget) -> list[QAction]:
    """Model-menu actions applying each preset."""
    actions = []
    for key, preset in PRESETS.items():
        action = QAction(parent)

        def retranslate(action: QAction = action, preset: Preset = preset) -> None:
            action.setText(core_tr(preset.label))
            action.setToolTip(core_tr(preset.description))

        retranslate()
        follow_language(action, retranslate)
        action.triggered.connect(lambda _=False, k=key: apply_preset(session, k, parent))
        actions.append(action)
    return actions
