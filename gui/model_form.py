"""Mode picker and parameter widgets, built from each model's ``Config`` dataclass.

The form knows nothing about how a model works: it reads the Config's fields and their types
(bool → check box, int → spin box, float → number field, Literal → drop-down, tuple of ints →
"64, 32" text field) and adds a label and a one-sentence tooltip from the tables below. A field
without an entry there still gets a widget, labelled by its name.
"""

from __future__ import annotations

import dataclasses
import typing
from typing import Any

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QDoubleValidator, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.interactions import Interactions
from core.models import model_class

# (mode label, [(variant label, registry name), ...])
MODES: list[tuple[str, list[tuple[str, str]]]] = [
    ("Collaborative filtering", [("Item-based", "item-knn"), ("User-based", "user-knn")]),
    ("Neural", [("MLP (Mult-DAE)", "mlp"), ("NeuMF", "neumf")]),
    ("Popularity (baseline)", [("Most popular items", "popularity")]),
]

MODE_HELP = {
    "item-knn": "Recommends items similar to the ones the user already has.",
    "user-knn": "Recommends what the most similar users have.",
    "mlp": "A neural network reads the user's whole row and predicts the rest "
           "(folds in edits without retraining).",
    "neumf": "Learns an embedding per user and per item (edits need a retrain).",
    "popularity": "Recommends the items most users have — the baseline to beat.",
}

LABELS = {
    "k": "Neighbours", "similarity": "Similarity", "shrinkage": "Shrinkage",
    "min_overlap": "Minimum overlap", "neighbourhood": "Neighbourhood",
    "use_ratings": "Use rating values", "batch_size": "Batch size", "recency": "Recency decay",
    "recency_target": "Recency-weighted target",
    "hidden": "Hidden sizes", "dropout": "Dropout", "l2": "L2 penalty",
    "learning_rate": "Learning rate", "epochs": "Epochs", "seed": "Random seed",
    "validation": "Validate each epoch", "patience": "Patience", "monitor": "Monitor",
    "gmf_size": "GMF embedding size", "mlp_size": "MLP embedding size",
    "negatives": "Negatives per positive",
}

TOOLTIPS = {
    "k": "How many most-similar neighbours contribute to each score.",
    "similarity": "How the likeness of two rows is measured (pearson needs ratings).",
    "shrinkage": "Shrinks similarities computed from few shared interactions towards 0.",
    "min_overlap": "Pairs sharing fewer interactions than this count as not similar at all.",
    "neighbourhood": "Which neighbours count: each one's top-k, the reverse, or only mutual ones.",
    "use_ratings": "Use the rating values instead of treating every interaction as 1.",
    "batch_size": "How many rows are processed at once; larger is faster but uses more memory.",
    "recency": "How fast a user's older items lose weight (0 = all items count equally).",
    "recency_target": "Also weight the predicted items by recency, so recent ones count more.",
    "hidden": "Sizes of the hidden layers, comma separated, such as 64, 32.",
    "dropout": "Share of the input randomly hidden during training, to avoid memorising.",
    "l2": "Penalty on large weights; higher values give a simpler, smoother model.",
    "learning_rate": "Step size of the optimiser; too high diverges, too low learns slowly.",
    "epochs": "Maximum number of passes over the training data.",
    "seed": "Fixes the random initialisation and sampling so runs are repeatable.",
    "validation": "Hold out each user's latest item and report HR@10/NDCG@10 after every "
                  "epoch, keeping the best epoch.",
    "patience": "Stop after this many epochs without improvement on the validation metric.",
    "monitor": "Validation metric that picks the best epoch and drives early stopping.",
    "gmf_size": "Length of the user and item vectors in the matrix-factorisation tower.",
    "mlp_size": "Length of the user and item vectors fed to the MLP tower.",
    "negatives": "Unseen items sampled as negatives for every positive interaction.",
}

INT_RANGES = {
    "k": (1, 10_000), "min_overlap": (0, 1000), "batch_size": (1, 1_000_000),
    "epochs": (1, 10_000), "seed": (0, 2**31 - 1), "patience": (1, 1000),
    "gmf_size": (1, 4096), "mlp_size": (1, 4096), "negatives": (1, 100),
}
FLOAT_RANGES = {"dropout": (0.0, 0.99), "learning_rate": (1e-7, 10.0), "l2": (0.0, 10.0),
                "shrinkage": (0.0, 1e6), "recency": (0.0, 1e6)}


def suggested_params(name: str, data: Interactions) -> dict[str, Any]:
    """Defaults that suit the size of ``data`` (only fields the model's Config has)."""
    nnz, n_users, n_items = data.nnz, data.n_users, data.n_items
    tiny, large = nnz < 5_000, nnz > 2_000_000
    out: dict[str, Any] = {}
    if name == "user-knn":
        out["k"] = max(2, min(50, n_users // 3)) if tiny else 50
    elif name == "item-knn":
        out["k"] = max(2, min(100, n_items // 3)) if tiny else 100
    elif name == "mlp":
        if tiny:
            out.update(hidden=(32,), epochs=60, batch_size=16, patience=20,
                       validation=n_users >= 50)
        elif large:
            out.update(hidden=(200,), epochs=20, batch_size=512, patience=3)
    elif name == "neumf":
        if tiny:
            out.update(gmf_size=8, mlp_size=8, hidden=(16, 8), batch_size=64, epochs=40,
                       patience=10, validation=n_users >= 50)
        elif large:
            out.update(batch_size=8192, epochs=10, patience=2)
    fields = {f.name for f in dataclasses.fields(model_class(name).Config)}
    return {k: v for k, v in out.items() if k in fields}


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
    return ", ".join(parts) or "defaults"


class _Field:
    """One Config field's widget plus how to read and write it."""

    def __init__(self, name: str, kind: Any, default: Any):
        self.name = name
        origin, args = typing.get_origin(kind), typing.get_args(kind)
        self.kind = kind
        if kind is bool:
            self.widget: QWidget = QCheckBox()
        elif kind is int:
            w = QSpinBox()
            lo, hi = INT_RANGES.get(name, (0, 1_000_000))
            w.setRange(lo, hi)
            w.setAccelerated(True)
            self.widget = w
        elif origin is typing.Literal:
            w = QComboBox()
            w.addItems([str(a) for a in args])
            self.widget = w
        else:
            w = QLineEdit()
            if kind is float:
                lo, hi = FLOAT_RANGES.get(name, (-1e12, 1e12))
                v = QDoubleValidator(lo, hi, 10, w)
                v.setNotation(QDoubleValidator.Notation.ScientificNotation)
                w.setValidator(v)
            elif origin is tuple:
                pattern = QRegularExpression(r"^\s*\d+(\s*,\s*\d+)*\s*,?\s*$")
                w.setValidator(QRegularExpressionValidator(pattern, w))
            self.widget = w
        self.default = default
        self.set(default)

    def set(self, value: Any) -> None:
        w = self.widget
        if isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, QSpinBox):
            w.setValue(int(value))
        elif isinstance(w, QComboBox):
            w.setCurrentText(str(value))
        elif isinstance(value, tuple):
            w.setText(", ".join(str(v) for v in value))
        elif isinstance(value, float):
            w.setText(f"{value:g}")
        else:
            w.setText(str(value))

    def get(self) -> Any:
        w = self.widget
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QSpinBox):
            return w.value()
        if isinstance(w, QComboBox):
            return w.currentText()
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
        elif isinstance(w, QSpinBox):
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


class ModelForm(QWidget):
    """Pick a model and set its parameters; ``changed`` fires on every choice."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._fields: dict[str, _Field] = {}
        self._saved: dict[str, dict[str, Any]] = {}  # values per model, kept across switches
        self._name = ""
        self._data_for_suggestions: Interactions | None = None

        self.mode = QComboBox()
        self.mode.setToolTip("The family of recommender to train.")
        self.variant = QComboBox()
        self.variant.setToolTip("Which model of that family.")
        for label, _ in MODES:
            self.mode.addItem(label)
        _compact(self.mode)
        _compact(self.variant)
        top = QFormLayout()
        top.addRow("Mode", self.mode)
        top.addRow("Model", self.variant)
        self.help = QLabel()
        self.help.setWordWrap(True)
        self.help.setStyleSheet("color: palette(mid);")
        self.params_box = QWidget()
        self.params_layout = QFormLayout(self.params_box)
        self.params_layout.setContentsMargins(0, 0, 0, 0)
        self.params_layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.help)
        layout.addWidget(self.params_box)
        layout.addStretch(1)

        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.variant.currentIndexChanged.connect(self._variant_changed)
        self._mode_changed(0)

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

    def field_widget(self, name: str) -> QWidget:
        return self._fields[name].widget

    # -- internals -------------------------------------------------------------------------------

    def _mode_changed(self, index: int) -> None:
        self.variant.blockSignals(True)
        self.variant.clear()
        for label, _ in MODES[index][1]:
            self.variant.addItem(label)
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

    def _build(self, name: str) -> None:
        while self.params_layout.rowCount():
            self.params_layout.removeRow(0)
        self._fields.clear()
        self._name = name
        self.help.setText(MODE_HELP.get(name, ""))
        config = model_class(name).Config
        hints = typing.get_type_hints(config)
        for f in dataclasses.fields(config):
            default = f.default if f.default is not dataclasses.MISSING else f.default_factory()
            field = _Field(f.name, hints[f.name], default)
            _compact(field.widget)
            tip = TOOLTIPS.get(f.name) or f.metadata.get("help", "")
            field.widget.setToolTip(tip)
            label = QLabel(LABELS.get(f.name, f.name.replace("_", " ").capitalize()))
            label.setToolTip(tip)
            self.params_layout.addRow(label, field.widget)
            field.connect(lambda *_: self.changed.emit())
            self._fields[f.name] = field
        if not self._fields:
            self.params_layout.addRow(QLabel("Nothing to tune."))
