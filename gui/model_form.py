"""Mode picker and parameter widgets, built from the model registry and each ``Config``'s params.

The form knows nothing about how a model works: the modes and their help come from
``core.models.MODELS``, and each Config field's widget, label, tooltip and range from
``core.models.params.param_specs`` (bool → check box, int → spin box, float → number field,
a blend weight marked ``slider=True`` → slider 0–1 with its number, choices → drop-down,
tuple of ints → "64, 32" text field). ``core`` validates the values again
when the model's config is built, so a value the widgets let through is still refused there.
"""

from __future__ import annotations

import typing
from typing import Any

from PySide6.QtCore import QCoreApplication, QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import QDoubleValidator, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.interactions import Interactions
from core.models import FAMILIES, MODELS, model_class
from core.models.params import ParamField, param_specs
from gui.i18n import Retranslatable, core_tr

INT_LIMIT = 2**31 - 1  # QSpinBox holds a C int
SLIDER_STEPS = 100  # a [0, 1] slider moves in steps of 0.01
# Between parameter rows (px; the style gives 6). With 6, Caser's form (16 rows) needed the scroll
# bar at 1280 × 800, and in Chinese (taller rows) NeuMF's and the MLP's too; with 4 all fit but
# Caser's in Chinese, which closes up to 2 (``ModelForm.fit_height``).
FIELD_SPACING = 4
MIN_FIELD_SPACING = 1  # how far a long form's rows close up before it scrolls (``fit_height``)
SUGGESTED_MARK = " •"  # after the label of a field set to its suggestion for the table


class WeightSlider(QWidget):
    """A slider over [0, 1] with its value shown beside it, for blend weights (``slider=True``)."""

    valueChanged = Signal(float)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, SLIDER_STEPS)
        self.slider.setPageStep(SLIDER_STEPS // 10)
        self.number = QLabel()
        self.number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.number.setFixedWidth(self.number.fontMetrics().horizontalAdvance("0.00") + 4)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.number)
        self.slider.valueChanged.connect(self._moved)
        self._moved(self.slider.value())

    def value(self) -> float:
        return self.slider.value() / SLIDER_STEPS

    def setValue(self, value: float) -> None:
        self.slider.setValue(round(min(max(float(value), 0.0), 1.0) * SLIDER_STEPS))

    def _moved(self, step: int) -> None:
        self.number.setText(f"{step / SLIDER_STEPS:.2f}")
        self.valueChanged.emit(step / SLIDER_STEPS)


def _modes() -> list[tuple[str, list[tuple[str, str]]]]:
    """(family label, [(model label, registry name), ...]) in ``FAMILIES`` order."""
    modes = []
    for family, label in FAMILIES.items():
        variants = [(info.label, name) for name, info in MODELS.items() if info.family == family]
        if variants:
            modes.append((label, variants))
    return modes


MODES = _modes()


def suggested_params(name: str, data: Interactions) -> dict[str, Any]:
    """Settings that suit the size of ``data`` (the model's ``Config.suggested``)."""
    return model_class(name).Config.suggested(data)


def _shown(value: Any) -> str:
    """A setting's value as the form shows it (in a text field; a check mark for a bool)."""
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "✓" if value else "✗"
    return f"{value:g}" if isinstance(value, float) else str(value)


def describe_params(name: str, params: dict[str, Any]) -> str:
    """Short text of the settings that differ from the model's defaults, e.g. "k=20, pearson"."""
    defaults = model_class(name).Config().to_dict()
    parts = []
    for key, value in params.items():
        if defaults.get(key) == value:
            continue
        if isinstance(value, tuple):
            value = "×".join(str(v) for v in value)
        parts.append(f"{key}={value:g}" if isinstance(value, float) else f"{key}={value}")
    return ", ".join(parts) or QCoreApplication.translate("ModelForm", "defaults")


class _Field:
    """One Config field's widget plus how to read and write it."""

    def __init__(self, pf: ParamField):
        self.name = pf.name
        kind, spec = pf.type, pf.spec
        self.kind = kind
        self.choices = spec.choices
        if kind is bool:
            self.widget: QWidget = QCheckBox()
        elif spec.choices is not None:
            w = QComboBox()
            w.addItems([str(c) for c in spec.choices])
            self.widget = w
        elif kind is float and spec.slider:
            self.widget = WeightSlider()
        elif kind is int:
            w = QSpinBox()
            low = 0 if spec.minimum is None else int(spec.minimum) + spec.exclusive_minimum
            high = INT_LIMIT if spec.maximum is None else min(int(spec.maximum), INT_LIMIT)
            w.setRange(low, high)
            w.setAccelerated(True)
            self.widget = w
        else:
            w = QLineEdit()
            if kind is float:
                low = -1e12 if spec.minimum is None else spec.minimum
                high = 1e12 if spec.maximum is None else spec.maximum
                v = QDoubleValidator(low, high, 10, w)
                v.setNotation(QDoubleValidator.Notation.ScientificNotation)
                w.setValidator(v)
            elif typing.get_origin(kind) is tuple:
                pattern = QRegularExpression(r"^\s*\d+(\s*,\s*\d+)*\s*,?\s*$")
                w.setValidator(QRegularExpressionValidator(pattern, w))
            self.widget = w
        self.default = pf.default
        self.set(pf.default)

    def set(self, value: Any) -> None:
        w = self.widget
        if isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, WeightSlider):
            w.setValue(float(value))
        elif isinstance(w, QSpinBox):
            w.setValue(int(value))
        elif isinstance(w, QComboBox):
            w.setCurrentIndex(list(self.choices).index(value) if value in self.choices else 0)
        else:
            w.setText(_shown(value))

    def get(self) -> Any:
        w = self.widget
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, (QSpinBox, WeightSlider)):
            return w.value()
        if isinstance(w, QComboBox):
            return self.choices[max(w.currentIndex(), 0)]
        text = w.text().strip()
        try:
            if self.kind is float:
                return float(text)
            if typing.get_origin(self.kind) is tuple:
                return tuple(int(p) for p in text.split(",") if p.strip())
        except ValueError:
            return self.default
        return text

    def connect(self, slot) -> None:
        w = self.widget
        if isinstance(w, QCheckBox):
            w.toggled.connect(slot)
        elif isinstance(w, (QSpinBox, WeightSlider)):
            w.valueChanged.connect(slot)
        elif isinstance(w, QComboBox):
            w.currentIndexChanged.connect(slot)
        else:
            w.editingFinished.connect(slot)


def _compact(widget: QWidget) -> None:
    """Let a field shrink to a narrow column (no horizontal scrolling at 1280 × 800)."""
    if isinstance(widget, QComboBox):
        widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        widget.setMinimumContentsLength(6)
    elif not isinstance(widget, QCheckBox):
        widget.setMinimumWidth(widget.fontMetrics().horizontalAdvance("0") * 8)


class ModelForm(Retranslatable, QWidget):
    """Pick a model and set its parameters; ``changed`` fires on every choice."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._fields: dict[str, _Field] = {}
        self._saved: dict[str, dict[str, Any]] = {}  # values per model, kept across switches
        self._name = ""
        self._nothing: QLabel | None = None  # the "Nothing to tune." row, when shown
        self._labels: list[tuple[QLabel, ParamField]] = []  # the parameter rows' labels
        self._data_for_suggestions: Interactions | None = None
        self._available: int | None = None  # the height the form is shown in (``fit_height``)

        self.mode = QComboBox()
        self.variant = QComboBox()
        for label, _ in MODES:
            self.mode.addItem(core_tr(label))
        _compact(self.mode)
        _compact(self.variant)
        self.mode_label, self.model_label = QLabel(), QLabel()
        top = QFormLayout()
        top.addRow(self.mode_label, self.mode)
        top.addRow(self.model_label, self.variant)
        self.help = QLabel()
        self.help.setWordWrap(True)
        self.help.setStyleSheet("color: palette(mid);")
        self.params_box = QWidget()
        self.params_layout = QFormLayout(self.params_box)
        self.params_layout.setContentsMargins(0, 0, 0, 0)
        self.params_layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.params_layout.setVerticalSpacing(FIELD_SPACING)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.help)
        layout.addWidget(self.params_box)
        layout.addStretch(1)

        self.changed.connect(self._mark_suggested)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.variant.currentIndexChanged.connect(self._variant_changed)
        self._mode_changed(0)
        self.retranslate()

    def retranslate(self) -> None:
        """Texts of the form; the models' labels and help come from core (``core_tr``)."""
        self.mode.setToolTip(self.tr("The family of recommender to train."))
        self.variant.setToolTip(self.tr("Which model of that family."))
        self.mode_label.setText(self.tr("Mode"))
        self.model_label.setText(self.tr("Model"))
        for m, (label, _) in enumerate(MODES):
            self.mode.setItemText(m, core_tr(label))
        for v, (label, _) in enumerate(MODES[max(self.mode.currentIndex(), 0)][1]):
            self.variant.setItemText(v, core_tr(label))
        if self._name:
            self._update_help()
        self._mark_suggested()
        QTimer.singleShot(0, self.fit_height)  # the new texts' heights
        if self._nothing is not None:
            self._nothing.setText(self.tr("Nothing to tune."))

    # -- public ----------------------------------------------------------------------------------

    def model_name(self) -> str:
        return self._name

    def params(self) -> dict[str, Any]:
        return {name: f.get() for name, f in self._fields.items()}

    def set_model(self, name: str) -> None:
        for m, (_, variants) in enumerate(MODES):
            for v, (_, reg) in enumerate(variants):
                if reg == name:
                    self.mode.setCurrentIndex(m)
                    self.variant.setCurrentIndex(v)
                    return
        raise ValueError(f"unknown model {name!r}")

    def set_params(self, params: dict[str, Any]) -> None:
        for key, value in params.items():
            if key in self._fields:
                self._fields[key].set(value)
        self.changed.emit()

    def apply_suggestions(self, data: Interactions) -> None:
        """Reset every model's values to the defaults suggested for ``data``'s size."""
        self._data_for_suggestions = data
        self._saved.clear()
        self._build(self._name)
        self.set_params(suggested_params(self._name, data))

    def fit_height(self, available: int | None = None) -> None:
        """Close up the rows (their spacing down to ``MIN_FIELD_SPACING``) when the form is a
        few pixels taller than ``available`` (the last height given, if None), so that a long
        form still fits without a scroll bar; a form that fits keeps ``FIELD_SPACING``."""
        if available is not None:
            self._available = available
        layout = self.params_layout
        layout.setVerticalSpacing(FIELD_SPACING)
        if self._available is None:
            return
        self._relayout()  # rows relabelled count in the height below
        width = max(self.width(), self.minimumSizeHint().width())
        height = self.heightForWidth(width) if self.hasHeightForWidth() else -1
        excess = (height if height > 0 else self.sizeHint().height()) - self._available
        if excess > 0:
            gaps = max(layout.rowCount() - 1, 1)
            squeeze = min(FIELD_SPACING - MIN_FIELD_SPACING, -(-excess // gaps))
            layout.setVerticalSpacing(FIELD_SPACING - squeeze)
            self._relayout()

    def _relayout(self) -> None:
        """Lay the form out now (its layouts cache their heights for a width)."""
        self.params_layout.invalidate()
        self.layout().invalidate()
        self.layout().activate()

    def field_widget(self, name: str) -> QWidget:
        return self._fields[name].widget

    def field_label(self, name: str) -> QLabel:
        return next(label for label, pf in self._labels if pf.name == name)

    # -- internals -------------------------------------------------------------------------------

    def _mode_changed(self, index: int) -> None:
        self.variant.blockSignals(True)
        self.variant.clear()
        for label, _ in MODES[index][1]:
            self.variant.addItem(core_tr(label))
        self.variant.setEnabled(len(MODES[index][1]) > 1)
        self.variant.blockSignals(False)
        self._variant_changed(0)

    def _variant_changed(self, index: int) -> None:
        if index < 0:
            return
        name = MODES[self.mode.currentIndex()][1][index][1]
        if self._name:
            self._saved[self._name] = self.params()
        self._build(name)
        if name in self._saved:
            self.set_params(self._saved[name])
        elif self._data_for_suggestions is not None:
            self.set_params(suggested_params(name, self._data_for_suggestions))
        self.changed.emit()

    def _mark_suggested(self) -> None:
        """Label and tooltip of every field; a field holding the value suggested for the
        loaded table's shape (not the default) is marked, its tooltip saying so."""
        suggested = {}
        if self._name and self._data_for_suggestions is not None:
            suggested = suggested_params(self._name, self._data_for_suggestions)
        for label, pf in self._labels:
            tip, text = core_tr(pf.spec.help), core_tr(pf.spec.label)
            value = self._fields[pf.name].get()
            if pf.name in suggested and value == suggested[pf.name] != pf.default:
                text += SUGGESTED_MARK
                tip += "\n" + self.tr("Suggested for this table's shape (the default is "
                                      "{default}).").format(default=_shown(pf.default))
            label.setText(text)
            label.setToolTip(tip)
            self._fields[pf.name].widget.setToolTip(tip)

    def _update_help(self) -> None:
        """The model's summary, plus a warning when it needs timestamps this table lacks."""
        info = MODELS[self._name]
        text = core_tr(info.summary)
        data = self._data_for_suggestions
        if info.needs_timestamps and data is not None and data.timestamps is None:
            text += " " + self.tr("This table has no timestamps, so it cannot be trained here: "
                                  "it reads the order of each user's items.")
        self.help.setText(text)

    def _build(self, name: str) -> None:
        while self.params_layout.rowCount():
            self.params_layout.removeRow(0)
        self._fields.clear()
        self._labels.clear()
        self._nothing = None
        self._name = name
        self._update_help()
        for pf in param_specs(model_class(name).Config):
            field = _Field(pf)
            _compact(field.widget)
            label = QLabel()
            self.params_layout.addRow(label, field.widget)
            field.connect(lambda *_: self.changed.emit())
            self._fields[pf.name] = field
            self._labels.append((label, pf))
        self._mark_suggested()
        # (new rows are shown, and so counted by the layout, once the event loop runs)
        QTimer.singleShot(0, self.fit_height)
        if not self._fields:
            self._nothing = QLabel(self.tr("Nothing to tune."))
            self.params_layout.addRow(self._nothing)
