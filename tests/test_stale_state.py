"""Stale state never shows: new data, undo back to the trained table, renames, unknown users."""

import pytest

from core.interactions import RenameItem, SetCell
from core.models import create_model

TIMEOUT = 30_000


@pytest.fixture
def window(movie_window):
    return movie_window


def shown(qtbot, recs, action):
    action()
    qtbot.waitUntil(lambda: not recs.pending, timeout=TIMEOUT)


def test_new_data_clears_the_training_view_and_the_done_state(qtbot, window):
    column, view = window.model_panel, window.view("training")
    column.form.set_model("mlp")
    column.form.set_params({"hidden": (8,), "epochs": 2, "batch_size": 16})
    with qtbot.waitSignal(window.session.training.finished, timeout=60_000):
        column.train()
    assert column.progress.format() == "Done" and len(view.batch_curve.xData) > 0
    assert view.showing_plots
    window.files.load_sample("Seed example", confirm=False)
    assert column.progress.format() == "Ready" and column.progress.value() == 0
    assert column.result_label.text() == "No model trained yet."
    assert view.batch_curve.xData is None or len(view.batch_curve.xData) == 0
    assert not view.showing_plots and view.title.text() == ""
    assert "Seed example" in column.summary.text()


def test_undoing_back_to_the_trained_table_is_no_longer_stale(qtbot, window):
    session, recs = window.session, window.view("recommendations")
    session.set_model(create_model("item-knn").fit(session.data), "item-knn")
    shown(qtbot, recs, lambda: recs.set_user("Alice"))
    assert not session.model_is_stale
    item = recs.model.rows[0].item
    shown(qtbot, recs, lambda: session.push_change(SetCell("Alice", item, 1.0), "add"))
    assert session.model_is_stale and "changed since training" in recs.banner.text()
    shown(qtbot, recs, session.undo_stack.undo)
    assert not session.model_is_stale and "changed since training" not in recs.banner.text()
    session.undo_stack.redo()
    assert session.model_is_stale
    session.undo_stack.undo()
    session.push_change(SetCell("Alice", item, 2.0), "another edit")  # a new branch
    assert session.model_is_stale


def test_renaming_an_item_updates_the_shown_recommendations(qtbot, window):
    session, recs = window.session, window.view("recommendations")
    session.set_model(create_model("popularity").fit(session.data), "popularity")
    shown(qtbot, recs, lambda: recs.set_user("Alice"))
    old = recs.model.rows[0].item
    shown(qtbot, recs, lambda: session.push_change(RenameItem(old, "renamed-item"), "rename"))
    items = [r.item for r in recs.model.rows]
    assert old not in items and "renamed-item" in items


def test_an_unknown_user_says_so_with_the_full_text_and_clears_the_list(qtbot, window):
    session, recs = window.session, window.view("recommendations")
    session.set_model(create_model("popularity").fit(session.data), "popularity")
    shown(qtbot, recs, lambda: recs.set_user("Alice"))
    assert recs.model.rowCount() > 0
    shown(qtbot, recs, lambda: recs.user_combo.setCurrentText("nobody at all"))
    assert "'nobody at all'" in recs.banner.text() and recs.model.rowCount() == 0


def test_evaluation_rows_say_which_data_they_ran_on(qtbot, window):
    evaluation, session = window.view("evaluation"), window.session
    session.set_model_config("popularity", {})
    with qtbot.waitSignal(evaluation.resultAdded, timeout=TIMEOUT):
        evaluation.evaluate()
    window.files.load_sample("Seed example", confirm=False)
    session.set_model_config("popularity", {})
    with qtbot.waitSignal(evaluation.resultAdded, timeout=TIMEOUT):
        evaluation.evaluate()
    from gui.evaluation_panel import DATA_COLUMN

    assert evaluation.comparison.cell(0, DATA_COLUMN) == "Movie night (small) (50 × 40, 400)"
    assert evaluation.comparison.cell(1, DATA_COLUMN) == "Seed example (3 × 5, 9)"


def test_the_loss_plots_y_range_fits_each_new_run(qtbot, window):
    view = window.view("training")
    view.loss_plot.setYRange(100, 200)  # e.g. the previous run's losses, or a user's zoom
    assert not view.loss_plot.vb.autoRangeEnabled()[1]
    view._on_started("mlp", {"epochs": 3})
    assert view.loss_plot.vb.autoRangeEnabled()[1] and view.val_plot.vb.autoRangeEnabled()[1]
    from core.progress import Progress

    view._on_progress([Progress("batch", epoch=1, n_epochs=3, batch=1, n_batches=2, loss=0.5),
                       Progress("batch", epoch=1, n_epochs=3, batch=2, n_batches=2, loss=0.4)])
    view.loss_plot.vb.updateAutoRange()
    low, high = view.loss_plot.viewRange()[1]
    assert low <= 0.4 and high >= 0.5 and high < 100


def test_settings_chosen_by_another_view_show_in_the_form(qtbot, window):
    form = window.model_panel.form
    window.session.set_model_config("user-knn", {"k": 7, "similarity": "jaccard"})
    assert form.model_name() == "user-knn"
    params = form.params()
    assert params["k"] == 7 and params["similarity"] == "jaccard"
    assert window.session.model_config == ("user-knn", params)  # the form's full settings
