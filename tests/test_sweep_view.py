"""Sweep view: a 2-parameter kNN sweep fills table and heatmap, Use best, Stop, close."""

import pytest
from PySide6.QtCore import Qt

from core.samples import movie_night
from core.sweep import SweepParam, SweepRow, SweepSpec, sweep_data
from gui.model_panel import ModelPanel
from gui.session import Session
from gui.sweep_view import HOLD_OUT_NOTE, SweepView, default_values

TIMEOUT = 60_000


@pytest.fixture
def view(qtbot):
    session = Session(movie_night("small"))
    column, v = ModelPanel(session), SweepView(session)
    qtbot.addWidget(column)
    qtbot.addWidget(v)
    v.column = column  # the model form lives in the model column
    yield v
    session.shutdown()


def start(view, search="grid"):
    view.set_model("item-knn")
    view.set_param(0, "k", "3, 10, 30")
    view.set_param(1, "shrinkage", "0, 20")
    view.folds_spin.setValue(2)
    view.metric_combo.setCurrentText("HR@10")
    view.search_combo.setCurrentIndex(view.search_combo.findData(search))


def test_two_parameter_sweep_fills_table_heatmap_and_use_best(qtbot, view):
    form = view.column.form
    form.set_model("item-knn")  # the form's other settings are the sweep's fixed ones
    start(view)
    with qtbot.waitSignal(view.host.swept, timeout=TIMEOUT):
        view.run()
    model = view.table_model
    assert model.rowCount() == 6
    # The same sweep in core gives the same rows (the view adds nothing of its own).
    fixed = view.build_spec().fixed
    assert fixed and "k" not in fixed and "shrinkage" not in fixed
    expected = sweep_data(movie_night("small"), SweepSpec(
        "item-knn", [SweepParam("k", ["3", "10", "30"]), SweepParam("shrinkage", ["0", "20"])],
        fixed, folds=2, metric="HR@10"))
    assert [r.mean["HR@10"] for r in view.result_rows] == pytest.approx(
        [r.mean["HR@10"] for r in expected.rows])
    assert len(view.chart.cells) == 6
    assert view.chart.cells[(10, 20.0)] == pytest.approx(
        next(r.mean["HR@10"] for r in expected.rows if r.params == {"k": 10, "shrinkage": 20.0}))
    # Sorting by the metric column, descending, puts the best row first.
    metric_col = model.headers().index("HR@10")
    view.table.sortByColumn(metric_col, Qt.SortOrder.DescendingOrder)
    values = [model.value(r, metric_col) for r in model.rows]
    assert values == sorted(values, reverse=True)
    best = expected.best()
    close = expected.indistinguishable_from_best()
    assert close  # on this sample, with two folds
    message = view.message.text()
    assert "Within one standard error of it" in message
    assert all(f"k = {r.params['k']}, shrinkage = {r.params['shrinkage']}" in message
               for r in close)
    form.set_model("user-knn")
    with qtbot.waitSignal(view.useBest) as blocker:
        view.best_button.click()
    assert blocker.args == ["item-knn", best.params]
    assert form.model_name() == "item-knn"  # the form followed the session
    assert form.params()["k"] == best.params["k"]
    assert form.params()["shrinkage"] == pytest.approx(best.params["shrinkage"])
    assert view.note.text() == HOLD_OUT_NOTE and "never touched" in HOLD_OUT_NOTE


def test_use_best_moves_the_user_fraction_knob(qtbot, view):
    start(view)
    view.spec = view.build_spec()
    view.result_rows = [SweepRow(1, {"k": 3, "user_fraction": 0.4}, {}, {"HR@10": 0.2},
                                 {"HR@10": 0.0}, 1.0)]
    view.use_best()
    assert view.column.fraction.user_fraction() == pytest.approx(0.4)
    assert view.column.form.params()["k"] == 3
    assert view.session.model_config[1]["user_fraction"] == pytest.approx(0.4)


def test_stop_mid_sweep_keeps_finished_rows(qtbot, view, monkeypatch):
    import threading

    import core.sweep

    # Folds after the first setting wait until Stop has been pressed, so the sweep cannot
    # finish before the stop arrives however fast (or slow) the machine is.
    stop_pressed, calls, score_fold = threading.Event(), [], core.sweep._score_fold

    def gated(*args, **kwargs):
        calls.append(1)
        if len(calls) > view.folds_spin.value():
            stop_pressed.wait(TIMEOUT / 1000)
        return score_fold(*args, **kwargs)

    monkeypatch.setattr(core.sweep, "_score_fold", gated)
    start(view)
    view.set_param(0, "k", "3, 5, 8, 10, 15, 20, 30, 40")
    with qtbot.waitSignal(view.host.sweepRow, timeout=TIMEOUT):
        view.run()
    view.stop()
    stop_pressed.set()
    with qtbot.waitSignal(view.host.swept, timeout=TIMEOUT) as blocker:
        pass
    result = blocker.args[0].result
    assert not result.complete and 1 <= len(result.rows) < 16
    assert view.table_model.rowCount() == len(result.rows) == len(view.result_rows)
    assert "Stopped" in view.progress.format()
    assert view.run_button.isEnabled()


def test_bad_values_are_reported_not_run(qtbot, view):
    view.set_model("item-knn")
    view.set_param(0, "k", "ten")
    view.run()
    assert not view.running and "not a valid int" in view.message.text()
    view.set_param(0, "k", "0, 5")
    view.run()
    assert not view.running and "k: must be >= 1" in view.message.text()


def test_parameter_choices_and_defaults_come_from_the_param_specs(qtbot, view):
    view.set_model("mlp")
    names = [view.param_combos[0].itemData(i) for i in range(view.param_combos[0].count())]
    assert {"hidden", "dropout", "l2", "learning_rate", "user_fraction"} <= set(names)
    view.set_param(0, "dropout")
    assert view.value_edits[0].text() == "0.05, 0.5"  # 5 is outside dropout's range [0, 1)
    from core.sweep import param_spec

    spec = param_spec("mlp", "dropout")
    assert default_values("dropout", float, 0.5, spec) == "0.05, 0.5"
    index = view.param_combos[0].findData("dropout")
    assert spec.help in view.param_combos[0].itemData(index, Qt.ItemDataRole.ToolTipRole)


def test_main_window_registers_the_sweep_view_and_closes_mid_sweep(qtbot):
    from gui.main_window import MainWindow

    window = MainWindow(Session(movie_night("small")))
    qtbot.addWidget(window)
    window.show()
    view = window.view("sweep")
    assert isinstance(view, SweepView)
    start(view)
    view.set_param(0, "k", "3, 5, 8, 10, 15, 20, 30, 40")
    with qtbot.waitSignal(view.host.sweepRow, timeout=TIMEOUT):
        view.run()
    window.close()  # stops the sweep and waits for the worker thread
    assert view.host.closed and not view.host._thread.isRunning()
