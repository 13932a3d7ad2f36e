"""Sweep view: a 2-parameter kNN sweep fills table and heatmap, Use best, Stop, close."""

import pytest
from PySide6.QtCore import Qt

from core.samples import movie_night
from core.sweep import SweepParam, SweepSpec, sweep_data
from gui.model_form import ModelForm
from gui.session import Session
from gui.sweep_view import HOLD_OUT_NOTE, SweepView

TIMEOUT = 60_000


@pytest.fixture
def view(qtbot):
    form = ModelForm()
    v = SweepView(Session(movie_night("small")), form=form)
    qtbot.addWidget(v)
    qtbot.addWidget(form)
    yield v
    v.shutdown()


def start(view, search="grid"):
    view.set_model("item-knn")
    view.set_param(0, "k", "3, 10, 30")
    view.set_param(1, "shrinkage", "0, 20")
    view.folds_spin.setValue(2)
    view.metric_combo.setCurrentText("HR@10")
    view.search_combo.setCurrentIndex(view.search_combo.findData(search))


def test_two_parameter_sweep_fills_table_heatmap_and_use_best(qtbot, view):
    start(view)
    with qtbot.waitSignal(view.host.swept, timeout=TIMEOUT):
        view.run()
    model = view.table_model
    assert model.rowCount() == 6
    # The same sweep in core gives the same rows (the view adds nothing of its own).
    expected = sweep_data(movie_night("small"), SweepSpec(
        "item-knn", [SweepParam("k", ["3", "10", "30"]), SweepParam("shrinkage", ["0", "20"])],
        view.build_spec().fixed, folds=2, metric="HR@10"))
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
    view.form.set_model("user-knn")
    with qtbot.waitSignal(view.useBest) as blocker:
        view.best_button.click()
    assert blocker.args == ["item-knn", best.params]
    assert view.form.model_name() == "item-knn"
    assert view.form.params()["k"] == best.params["k"]
    assert view.form.params()["shrinkage"] == pytest.approx(best.params["shrinkage"])
    assert "never touched" in view.note.text() and view.note.text() == HOLD_OUT_NOTE


def test_stop_mid_sweep_keeps_finished_rows(qtbot, view):
    start(view)
    view.set_param(0, "k", "3, 5, 8, 10, 15, 20, 30, 40")
    with qtbot.waitSignal(view.host.sweepRow, timeout=TIMEOUT):
        view.run()
    view.stop()
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


def test_closing_mid_sweep_exits_cleanly(qtbot):
    v = SweepView(Session(movie_night("small")))
    qtbot.addWidget(v)
    v.show()
    start(v)
    v.set_param(0, "k", "3, 5, 8, 10, 15, 20, 30, 40")
    with qtbot.waitSignal(v.host.sweepRow, timeout=TIMEOUT):
        v.run()
    v.close()  # stops the sweep and waits for the worker thread
    assert v.host.closed and not v.host._thread.isRunning()


def test_main_window_has_the_sweep_tab_and_closes_mid_sweep(qtbot):
    from gui.main_window import MainWindow

    window = MainWindow(Session(movie_night("small")))
    qtbot.addWidget(window)
    window.show()
    view = window.sweep_view
    assert view.form is window.training_panel.form
    # A swept "train on N % of users" goes to the knob under the form.
    from core.sweep import SweepRow

    start(view)
    view.spec = view.build_spec()
    view.result_rows = [SweepRow(1, {"k": 3, "user_fraction": 0.4}, {}, {"HR@10": 0.2},
                                 {"HR@10": 0.0}, 1.0)]
    view.use_best()
    assert window.training_panel.lessons.user_fraction() == pytest.approx(0.4)
    assert window.training_panel.form.params()["k"] == 3
    start(view)
    view.set_param(0, "k", "3, 5, 8, 10, 15, 20, 30, 40")
    with qtbot.waitSignal(view.host.sweepRow, timeout=TIMEOUT):
        view.run()
    window.close()
    assert view.host.closed and not view.host._thread.isRunning()
