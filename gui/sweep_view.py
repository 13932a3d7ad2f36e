"""Sweep view: choose settings by cross-validation, watch the metric against the parameter.

Pick a model, one or two of its parameters and their values (a list such as "10, 20, 50", or a
range "10:200:5" / "0.0001:0.1:4:log"), grid or seeded random search, folds and a metric. The
sweep (``core.sweep``) runs in the session's worker thread on the *training part* of a
leave-last-out split: the test hold-out the Evaluation view scores on is never seen. Rows arrive
as each setting finishes: the chart (error bars, or a heatmap for two parameters) and the
sortable table grow live; Stop keeps the finished rows. "Use best" puts the winning setting
in the session (``Session.set_model_config``): the model form follows, and a swept "train on
N % of users" moves that knob. Labels, help and valid ranges come from each model's param specs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.models import MODELS, model_class
from core.models.params import param_specs
from core.progress import Progress
from core.subsample import USER_FRACTION
from core.sweep import (
    SweepError,
    SweepResult,
    SweepRow,
    SweepSpec,
    param_kinds,
    param_spec,
    parse_param,
    settings,
)
from gui.core_messages import error_text
from gui.i18n import Retranslatable, core_tr, translate_marked
from gui.live_text import live
from gui.progress_format import format_seconds
from gui.session import Session
from gui.sweep_chart import SweepChart
from gui.sweep_model import SweepTableModel
from gui.worker import SweepOutcome

NONE = QT_TRANSLATE_NOOP("SweepView", "(none)")
METRIC_CHOICES = ("NDCG@10", "HR@10", "Recall@10", "MRR@10", "Coverage@10", "Novelty@10",
                  "Diversity@10", "PopPercentile@10")
HOLD_OUT_NOTE = QT_TRANSLATE_NOOP(
    "SweepView", "Scored by cross-validation over users on the training part of a leave-last-out "
    "split: the test hold-out used by the Evaluation view is never touched.")


def default_values(name: str, kind: type, default: Any, spec: Any = None) -> str:
    """A sensible first list of values to try, inside the parameter's valid range."""
    if name == USER_FRACTION:
        return "0.2, 0.4, 0.6, 0.8, 1"
    if spec is not None and spec.choices is not None:
        return ", ".join(str(c).lower() if isinstance(c, bool) else str(c) for c in spec.choices)
    if kind is bool:
        return "false, true"
    if isinstance(default, tuple):
        return ", ".join("x".join(map(str, t)) for t in (default, tuple(
            max(1, v // 2) for v in default)))
    if kind not in (int, float) or not isinstance(default, int | float):
        return str(default)
    if kind is int:
        base = max(int(default), 1)
        values = sorted({max(1, base // 4), max(1, base // 2), base, base * 2})
    elif default > 0:
        values = [default * f for f in (0.1, 1, 10)]
    else:
        values = [0.0, 0.1, 1.0, 10.0]
    if spec is not None:
        values = [v for v in values if spec.problem(v) is None] or [default]
    return ", ".join(f"{v:g}" if isinstance(v, float) else str(v) for v in values)


class SweepView(Retranslatable, QWidget):
    statusMessage = Signal(str)
    useBest = Signal(str, dict)  # model name, parameters of the best row

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.host = session.host
        self.result_rows: list[SweepRow] = []
        self.spec: SweepSpec | None = None
        self._job_id: int | None = None

        self.model_combo = QComboBox()
        for name, info in MODELS.items():
            self.model_combo.addItem(core_tr(info.label), name)
            self.model_combo.setItemData(self.model_combo.count() - 1, core_tr(info.summary),
                                         Qt.ItemDataRole.ToolTipRole)
        self.param_combos = [QComboBox(), QComboBox()]
        self.value_edits = [QLineEdit(), QLineEdit()]
        self.search_combo = QComboBox()
        self.search_combo.addItem("", "grid")
        self.search_combo.addItem("", "random")
        self.budget_spin = QSpinBox()
        self.budget_spin.setRange(1, 500)
        self.budget_spin.setValue(10)
        self.folds_spin = QSpinBox()
        self.folds_spin.setRange(1, 10)
        self.folds_spin.setValue(3)
        self.metric_combo = QComboBox()
        self.metric_combo.addItems(METRIC_CHOICES)
        self.run_button = QPushButton()
        self.stop_button = QPushButton()
        self.stop_button.setEnabled(False)
        self.best_button = QPushButton()
        self.best_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setFormat(self.tr("Ready"))
        self.progress.setTextVisible(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)

        self.table_model = SweepTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.table_model)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.chart = SweepChart()

        form_layout = QFormLayout()
        self.labels = {key: QLabel() for key in ("model", "param0", "values0", "param1",
                                                 "values1", "budget", "search", "metric", "folds")}
        form_layout.addRow(self.labels["model"], self.model_combo)
        for i in range(2):
            form_layout.addRow(self.labels[f"param{i}"], self.param_combos[i])
            form_layout.addRow(self.labels[f"values{i}"], self.value_edits[i])
        search_row = QHBoxLayout()
        search_row.addWidget(self.search_combo, 2)
        search_row.addWidget(self.labels["budget"])
        search_row.addWidget(self.budget_spin)
        form_layout.addRow(self.labels["search"], search_row)
        fold_row = QHBoxLayout()
        fold_row.addWidget(self.folds_spin)
        fold_row.addWidget(self.labels["metric"])
        fold_row.addWidget(self.metric_combo, 1)
        form_layout.addRow(self.labels["folds"], fold_row)
        buttons = QHBoxLayout()
        for b in (self.run_button, self.stop_button, self.best_button):
            buttons.addWidget(b)
        left = QVBoxLayout()
        left.addLayout(form_layout)
        left.addLayout(buttons)
        left.addWidget(self.progress)
        left.addWidget(self.note)
        left.addWidget(self.message)
        left.addStretch(1)
        left_box = QWidget()
        left_box.setLayout(left)
        left_box.setMaximumWidth(420)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.chart)
        right.addWidget(self.table)
        right.setSizes([420, 220])
        layout = QHBoxLayout(self)
        layout.addWidget(left_box)
        layout.addWidget(right, 1)

        self.model_combo.currentIndexChanged.connect(self._model_changed)
        for i in range(2):
            self.param_combos[i].currentIndexChanged.connect(
                lambda _=0, i=i: self._param_changed(i))
        self.search_combo.currentIndexChanged.connect(self._search_changed)
        self.run_button.clicked.connect(self.run)
        self.stop_button.clicked.connect(self.stop)
        self.best_button.clicked.connect(self.use_best)
        self.host.progress.connect(self._on_progress)
        self.host.sweepRow.connect(self._on_row)
        self.host.swept.connect(self._on_swept)
        self._model_changed()
        self._search_changed()
        self.retranslate()

    def retranslate(self) -> None:
        if getattr(self, "_said", None) is not None:
            self.message.setText(self._said())
        for index, info in enumerate(MODELS.values()):
            self.model_combo.setItemText(index, core_tr(info.label))
            self.model_combo.setItemData(index, core_tr(info.summary), Qt.ItemDataRole.ToolTipRole)
        self.model_combo.setToolTip(self.tr("The model whose parameters are swept."))
        for edit in self.value_edits:
            edit.setToolTip(self.tr("Values to try: a list (10, 20, 50) or a range "
                                    "LOW:HIGH:STEPS, with :log for log steps "
                                    "(0.0001:0.1:4:log)."))
        self.search_combo.setItemText(0, self.tr("Grid (every combination)"))
        self.search_combo.setItemText(1, self.tr("Random (seeded, budget)"))
        self.search_combo.setToolTip(self.tr(
            "Grid tries every combination; random draws 'budget' settings, from ranges uniformly "
            "(log-uniformly for :log)."))
        self.budget_spin.setToolTip(self.tr("Settings drawn by random search."))
        self.folds_spin.setToolTip(self.tr("Cross-validation folds over users (1 = one "
                                           "validation hold-out of every user's latest item; "
                                           "fastest)."))
        self.metric_combo.setToolTip(self.tr("The metric that picks the best setting."))
        self.run_button.setText(self.tr("Run sweep"))
        self.stop_button.setText(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Stop after the current fold; finished rows are kept."))
        self.best_button.setText(self.tr("Use best"))
        self.best_button.setToolTip(
            self.tr("Apply the best setting to the Model & training form."))
        self.note.setText(translate_marked("SweepView", HOLD_OUT_NOTE))
        for key, text in (("model", self.tr("Model")), ("param0", self.tr("Parameter 1")),
                          ("param1", self.tr("Parameter 2")), ("values0", self.tr("    values")),
                          ("values1", self.tr("    values")), ("budget", self.tr("budget")),
                          ("search", self.tr("Search")), ("metric", self.tr("Metric")),
                          ("folds", self.tr("Folds"))):
            self.labels[key].setText(text)
        self.param_combos[1].setItemText(0, translate_marked("SweepView", NONE))

    # -- public ----------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._job_id is not None

    def set_model(self, name: str) -> None:
        self.model_combo.setCurrentIndex(self.model_combo.findData(name))

    def set_param(self, i: int, name: str | None, values: str = "") -> None:
        """Choose parameter ``i`` (0 or 1; None = none for the second) and its values."""
        combo = self.param_combos[i]
        combo.setCurrentIndex(combo.findData(name) if name else combo.findData(None))
        if values:
            self.value_edits[i].setText(values)

    def build_spec(self) -> SweepSpec:
        """The spec of the current choices; raises ``SweepError`` with a readable message."""
        model = self.model_combo.currentData()
        params = []
        for combo, edit in zip(self.param_combos, self.value_edits, strict=True):
            name = combo.currentData()
            if name:
                params.append(parse_param(f"{name}={edit.text()}"))
        fixed: dict[str, Any] = {}
        config = self.session.model_config
        if config is not None and config[0] == model:  # the other settings: the form's
            fixed = {k: v for k, v in config[1].items() if k not in {p.name for p in params}}
        spec = SweepSpec(model, params, fixed, folds=self.folds_spin.value(),
                         metric=self.metric_combo.currentText(),
                         search=self.search_combo.currentData(),
                         budget=self.budget_spin.value())
        settings(spec)  # validates every setting before anything runs
        return spec

    def run(self) -> None:
        if self.running:
            return
        data = self.session.data
        if data.nnz == 0:
            self._say(self.tr("Nothing to sweep on: the table is empty."))
            return
        try:
            spec = self.build_spec()
            n = len(settings(spec))
        except (SweepError, ValueError) as exc:
            problem = str(exc)
            self._say(lambda: error_text(problem))
            return
        self.spec = spec
        self.result_rows = []
        names = [p.name for p in spec.params]
        self.table_model.reset(names, spec.metric)
        kinds = param_kinds(spec.model)
        grids = ([p.grid(kinds[p.name]) for p in spec.params] if spec.search == "grid" else None)
        self.chart.reset(names, spec.metric, log_x=spec.params[0].scale == "log", values=grids)
        self.run_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.best_button.setEnabled(False)
        self.progress.setValue(0)
        self.progress.setFormat(self.tr("Starting: {n} settings × {folds} folds").format(
            n=n, folds=spec.folds))
        self._job_id = self.host.sweep(spec, data)
        self._say(self.tr("Sweeping {model}: {n} settings × {folds} folds…").format(
            model=spec.model, n=n, folds=spec.folds))

    def stop(self) -> None:
        if self._job_id is not None:
            self.host.stop(self._job_id)
            self.stop_button.setEnabled(False)
            self.progress.setFormat(self.tr("Stopping after this fold…"))

    def best(self) -> SweepRow | None:
        if self.spec is None or not self.result_rows:
            return None
        return SweepResult(self.spec, self.result_rows, len(self.result_rows), False).best()

    def use_best(self) -> None:
        """Put the best setting in the session: the model form (and the N % knob) follow."""
        best = self.best()
        if best is None or self.spec is None:
            return
        config = self.session.model_config
        base = dict(config[1]) if config is not None and config[0] == self.spec.model else {}
        params = {**{k: v for k, v in base.items() if k != USER_FRACTION}, **self.spec.fixed,
                  **best.params}
        if float(params.get(USER_FRACTION, 1.0)) >= 1.0:
            params.pop(USER_FRACTION, None)
        self.session.set_model_config(self.spec.model, params)
        self.useBest.emit(self.spec.model, dict(best.params))
        shown = ", ".join(f"{k} = {v}" for k, v in best.params.items())
        self._say(self.tr("Chose the best setting for the model form: {settings}.").format(
            settings=shown))

    # -- worker ----------------------------------------------------------------------------------

    def _on_progress(self, items: list) -> None:
        last: Progress | None = None
        for job_id, event in items:
            if job_id == self._job_id:
                last = event
        if last is None or last.kind == "done":
            return
        if last.fraction is not None:
            self.progress.setValue(int(1000 * min(max(last.fraction, 0.0), 1.0)))
        where = last.message.split(":")[0]
        eta = (" · " + self.tr("ETA {time}").format(time=format_seconds(last.eta))
               if last.eta is not None else "")
        self.progress.setFormat(f"{where}{eta}")

    def _on_row(self, item: tuple[int, SweepRow]) -> None:
        job_id, row = item
        if job_id != self._job_id:
            return
        self.result_rows.append(row)
        best = self.best()
        self.table_model.append(row, best)
        self.chart.set_rows(self.result_rows, best)
        self.best_button.setEnabled(True)

    def _on_swept(self, outcome: SweepOutcome) -> None:
        if outcome.job_id != self._job_id:
            return
        self._job_id = None
        self.run_button.setEnabled(True)
        self.stop_button.setEnabled(False)
        if outcome.result is None:
            self.progress.setFormat(self.tr("Failed"))
            error = outcome.error
            self._say(lambda: self.tr("Sweep failed: {error}").format(error=error_text(error)))
            return
        result = outcome.result
        best = result.best()
        done = self.tr("{n} of {total} settings").format(n=len(result.rows),
                                                          total=result.n_settings)
        if result.complete:
            self.progress.setValue(1000)
            self.progress.setFormat(self.tr("Done: {done} in {time}").format(
                done=done, time=format_seconds(outcome.seconds)))
        else:
            self.progress.setFormat(self.tr("Stopped: kept {done}").format(done=done))
        if best is not None:
            def setting(row: Any) -> str:
                return ", ".join(f"{k} = {v}" for k, v in row.params.items())

            metric = result.spec.metric
            close = "; ".join(setting(row) for row in result.indistinguishable_from_best())

            def said() -> str:
                text = self.tr("Best {metric}: {mean} ± {std} with {settings} ({n} test users "
                               "never used).").format(
                    metric=metric, mean=f"{best.mean[metric]:.4f}",
                    std=f"{best.std[metric]:.4f}", settings=setting(best),
                    n=result.n_test_users_untouched)
                if close:
                    text += " " + self.tr(
                        "Within one standard error of it, fold by fold: {settings}; the folds "
                        "cannot tell these from the best.").format(settings=close)
                return text

            self._say(said)

    # -- internals -------------------------------------------------------------------------------

    def _model_changed(self, *_: Any) -> None:
        name = self.model_combo.currentData()
        kinds = param_kinds(name)
        defaults = {pf.name: pf.default for pf in param_specs(model_class(name).Config)}
        defaults[USER_FRACTION] = 1.0
        self._kinds, self._defaults = kinds, defaults
        for i, combo in enumerate(self.param_combos):
            combo.blockSignals(True)
            combo.clear()
            if i == 1:
                combo.addItem(translate_marked("SweepView", NONE), None)
            for pname in kinds:
                spec = param_spec(name, pname)
                combo.addItem(f"{core_tr(spec.label)} ({pname})", pname)
                tip = f"{core_tr(spec.help)} {spec.describe_range().capitalize()}".strip()
                combo.setItemData(combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
            combo.blockSignals(False)
        self.param_combos[0].setCurrentIndex(0)
        self.param_combos[1].setCurrentIndex(0)
        self._param_changed(0)
        self._param_changed(1)

    def _param_changed(self, i: int) -> None:
        name = self.param_combos[i].currentData()
        edit = self.value_edits[i]
        edit.setEnabled(bool(name))
        if not name:
            edit.setText("")
            return
        spec = param_spec(self.model_combo.currentData(), name)
        edit.setText(default_values(name, self._kinds[name], self._defaults.get(name), spec))
        edit.setToolTip(f"{spec.help} {spec.describe_range().capitalize()} — a list (10, 20, "
                        "50) or a range LOW:HIGH:STEPS, with :log for log steps"
                        + (" (this setting is usually stepped geometrically)."
                           if spec.log_scale else "."))

    def _search_changed(self, *_: Any) -> None:
        self.budget_spin.setEnabled(self.search_combo.currentData() == "random")

    def _say(self, text: str | Callable[[], str]) -> None:
        """Show ``text`` under the form and in the status bar; a function is worded again after
        a language switch."""
        self._said = text if callable(text) else None
        shown = live(text) if callable(text) else text
        self.message.setText(shown)
        self.statusMessage.emit(shown)


__all__ = ["HOLD_OUT_NOTE", "SweepView", "default_values"]
