"""Lesson controls under the model form: the "train on N % of users" knob and the presets.

The presets ("Show me overfitting", "Cure it") are data in ``core.presets``; applying one loads
its sample (only when another table is open, after asking if it has unsaved edits), picks the
model and sets the form. The knob's value joins the training parameters as "user_fraction"
(``core.subsample``), so Train and Evaluate both honour it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.presets import PRESETS, Preset
from core.samples import load_sample
from core.subsample import USER_FRACTION


class LessonControls(QWidget):
    changed = Signal()
    presetApplied = Signal(str)  # the preset's key

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.fraction_spin = QSpinBox()
        self.fraction_spin.setRange(10, 100)
        self.fraction_spin.setSingleStep(10)
        self.fraction_spin.setValue(100)
        self.fraction_spin.setSuffix(" % of users")
        self.fraction_spin.setToolTip(
            "Learn from a seeded share of the users only (validation still uses every user): "
            "the less data, the more a large network overfits.")
        self.preset_buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, preset in PRESETS.items():
            button = QPushButton(preset.label)
            button.setToolTip(f"{preset.description} Loads the {preset.sample} sample.")
            button.clicked.connect(lambda _=False, k=key: self.presetApplied.emit(k))
            self.preset_buttons[key] = button
            row.addWidget(button)
        fraction_row = QHBoxLayout()
        fraction_row.addWidget(QLabel("Train on"))
        fraction_row.addWidget(self.fraction_spin, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(fraction_row)
        layout.addLayout(row)
        self.fraction_spin.valueChanged.connect(lambda *_: self.changed.emit())

    def user_fraction(self) -> float:
        return self.fraction_spin.value() / 100.0

    def set_user_fraction(self, fraction: float) -> None:
        self.fraction_spin.setValue(round(100 * fraction))

    def add_to(self, params: dict[str, Any]) -> dict[str, Any]:
        """``params`` plus the knob's "user_fraction" when it is below 100 %."""
        fraction = self.user_fraction()
        return {**params, USER_FRACTION: fraction} if fraction < 1.0 else dict(params)


def apply_preset(panel: Any, key: str) -> bool:
    """Apply preset ``key`` to a training panel (its session, form and lesson controls)."""
    preset: Preset = PRESETS[key]
    session = panel.session
    if session.data.name != preset.sample:
        if not session.undo_stack.isClean():
            answer = QMessageBox.question(
                panel, preset.label,
                f"This preset opens the {preset.sample} sample; your unsaved edits to the "
                "current table would be lost. Continue?")
            if answer != QMessageBox.StandardButton.Yes:
                return False
        session.replace_data(load_sample(preset.sample))
    panel.form.set_model(preset.model)
    panel.form.set_params(preset.params)
    panel.lessons.set_user_fraction(preset.user_fraction)
    return True
