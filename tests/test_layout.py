"""The window's layout at 1280 × 800 and 1920 × 1080, measured from widget geometry.

The model form fits its column without horizontal scrolling for every model; every plot is at
least 250 px tall (the training view with validation on, too); the heatmap and the chart stay
inside their views; Train/Stop stay at the same place whatever model is chosen.
"""

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QMessageBox

from core.models import MODELS
from core.samples import movie_night
from gui.main_window import MainWindow
from gui.session import Session

MIN_PLOT_HEIGHT = 250


@pytest.fixture(params=[(1280, 800), (1920, 1080)], ids=["1280x800", "1920x1080"])
def window(request, qtbot, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Discard)
    win = MainWindow(Session(movie_night("small")))
    qtbot.addWidget(win)
    win.resize(*request.param)
    win.show()
    qtbot.waitExposed(win)
    return win


def settle(qtbot, window, key=None):
    if key:
        window.show_view(key)
    qtbot.wait(30)


def plot_height(plot) -> float:
    """Height of a pyqtgraph PlotItem in screen pixels (its scene rectangle)."""
    return plot.sceneBoundingRect().height()


def inside(child, parent) -> bool:
    """True when ``child`` (a QWidget) lies wholly inside ``parent``'s rectangle."""
    top_left = child.mapTo(parent, QPoint(0, 0))
    rect = child.rect().translated(top_left)
    return parent.rect().contains(rect)


def test_the_form_never_needs_horizontal_scrolling(qtbot, window):
    column = window.model_panel
    train_at = None
    for name in MODELS:
        column.form.set_model(name)
        settle(qtbot, window)
        viewport = column.form_scroll.viewport()
        assert column.form.minimumSizeHint().width() <= viewport.width(), name
        assert column.form.width() <= viewport.width(), name
        for outcome in ("Done.", "Trained mlp in 20.1 s.\nSettings: hidden=64, batch_size=8, "
                        "epochs=20, patience=20, dropout=0.2, learning_rate=0.01."):
            column.result_label.setText(outcome)
            settle(qtbot, window)
            where = column.train_button.mapTo(window, QPoint(0, 0))
            assert train_at in (None, where), name  # Train/Stop never move
            train_at = where
        assert inside(column.stop_button, window)


def test_training_plots_get_room_with_validation_on(qtbot, window):
    view = window.view("training")
    settle(qtbot, window, "training")
    view.stack.setCurrentWidget(view.plots)
    view._show_validation(True)
    settle(qtbot, window)
    for plot in (view.loss_plot, view.val_plot):
        assert plot_height(plot) >= MIN_PLOT_HEIGHT
    assert view.loss_plot.sceneBoundingRect().bottom() <= view.val_plot.sceneBoundingRect().top()
    assert inside(view.plots, view)


def test_evaluation_chart_and_heatmap_get_room_inside_their_views(qtbot, window):
    evaluation = window.view("evaluation")
    settle(qtbot, window, "evaluation")
    assert plot_height(evaluation.chart_plot) >= MIN_PLOT_HEIGHT
    assert inside(evaluation.chart, evaluation)
    legend = evaluation.chart_legend.sceneBoundingRect()
    assert legend.top() >= evaluation.chart_plot.sceneBoundingRect().bottom() - 1
    similarity = window.view("similarity")
    settle(qtbot, window, "similarity")
    assert similarity.plot_widget.height() >= MIN_PLOT_HEIGHT
    assert plot_height(similarity.plot) >= MIN_PLOT_HEIGHT
    assert inside(similarity.plot_widget, similarity)


def test_the_selected_explanation_is_shown_in_full(qtbot, window):
    from core.models import create_model

    session = window.session
    session.set_model(create_model("user-knn", k=5).fit(session.data), "user-knn")
    recs = window.view("recommendations")
    settle(qtbot, window, "recommendations")
    recs.set_user("Dave")
    qtbot.waitUntil(lambda: not recs.pending, timeout=20_000)
    recs.table.selectRow(0)
    row = recs.model.rows[0]
    assert row.explanation in recs.details.text()
    assert recs.details.wordWrap() and inside(recs.details_box, recs)


def test_progress_text_is_never_clipped(qtbot, window):
    from core.progress import Progress
    from gui.progress_format import progress_text

    longest = progress_text(Progress("batch", epoch=888, n_epochs=1000, batch=88888,
                                     n_batches=99999), 35_999)
    assert "ETA 9 h 59 min" in longest
    epoch_only = progress_text(Progress("batch", epoch=888, n_epochs=1000, batch=88888,
                                        n_batches=99999, epoch_eta=35_999))
    assert "9 h 59 min" in epoch_only
    ranged = progress_text(Progress("batch", epoch=888, n_epochs=1000, batch=88888,
                                    n_batches=99999), 35_999, 32_000)
    assert "ETA 8 h 53 min to 9 h 59 min" in ranged
    for key, bar in (("training", window.model_panel.progress),
                     ("evaluation", window.view("evaluation").progress)):
        settle(qtbot, window, key)
        room = bar.contentsRect().width()
        for text in (longest, epoch_only, ranged):
            assert bar.fontMetrics().horizontalAdvance(text) + 8 <= room, key


def test_the_window_fits_a_1024_wide_screen(qtbot, window):
    assert window.minimumSizeHint().width() <= 1024


def test_picking_a_neural_model_shows_its_plots_with_room(qtbot, window):
    window.show_view("table")
    window.model_panel.form.set_model("item-knn")
    window.model_panel.form.set_model("mlp")
    settle(qtbot, window)
    view = window.view("training")
    assert window.current_view() == "training"
    assert view.showing_plots and view.plots.isVisible()
    visible = [p for p in (view.loss_plot, view.val_plot) if p.isVisible()]
    assert visible and all(plot_height(p) >= MIN_PLOT_HEIGHT for p in visible)
    window.model_panel.form.set_model("item-knn")
    settle(qtbot, window)
    assert not view.showing_plots  # kNN has no epochs: the hint, not empty axes


def test_picking_a_model_elsewhere_keeps_the_view(qtbot, window):
    for key in ("evaluation", "recommendations", "map"):
        window.show_view(key)
        window.model_panel.form.set_model("ease")
        window.model_panel.form.set_model("popularity")
        settle(qtbot, window)
        assert window.current_view() == key
    assert "Most popular" in window.view("evaluation").model_label.text()


# Chinese rows are taller: at 1280 × 800 Caser's 16 rows need the column's scroll bar there.
FITS_UNSCROLLED = {"en": tuple(MODELS), "zh_CN": tuple(MODELS)}


@pytest.mark.parametrize("window", [(1280, 800)], ids=["1280x800"], indirect=True)
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_forms_fit_a_1280x800_window_without_scrolling(qtbot, window, language):
    """The settings are in sight at once (Caser's 17 rows in Chinese close up to do so)."""
    from gui import i18n

    assert window.width() == 1280
    i18n.manager().apply(language)
    try:
        column = window.model_panel
        for name in FITS_UNSCROLLED[language]:
            column.form.set_model(name)
            settle(qtbot, window)
            assert not column.form_scroll.verticalScrollBar().isVisible(), (language, name)
    finally:
        i18n.manager().apply(i18n.ENGLISH)


def test_a_long_form_closes_up_its_rows_before_it_scrolls(qtbot, shown_form):
    from gui.model_form import FIELD_SPACING, MIN_FIELD_SPACING

    form = shown_form("caser", 340, 900)
    qtbot.wait(10)
    form.fit_height(2000)  # room to spare: the usual spacing
    assert form.params_layout.verticalSpacing() == FIELD_SPACING
    natural = form.heightForWidth(form.width())
    gaps = form.params_layout.rowCount() - 1
    rows = form.params_box.heightForWidth(form.width())
    form.fit_height(natural - gaps)  # one pixel short per gap: closed up by one
    assert form.params_layout.verticalSpacing() == FIELD_SPACING - 1
    assert form.params_box.heightForWidth(form.width()) == rows - gaps
    form.fit_height(natural - 100 * gaps)  # far too short: no tighter than the minimum
    assert form.params_layout.verticalSpacing() == MIN_FIELD_SPACING
