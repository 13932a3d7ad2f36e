"""The "Beyond accuracy and long tail" tab at 1280 × 800 and 1920 × 1080, from widget geometry:
the long-tail legend sits under the plot (covers no curve), the tables show their rows and
columns, and the plots keep at least 250 px."""

import pytest
from PySide6.QtWidgets import QMessageBox

from core.evaluation import evaluate, leave_last_out
from core.evaluation.beyond import beyond_of
from core.models import create_model
from core.samples import movie_night
from gui.main_window import MainWindow
from gui.session import Session

MIN_PLOT_HEIGHT = 250


@pytest.fixture(params=[(1280, 800), (1920, 1080)], ids=["1280x800", "1920x1080"])
def beyond(request, qtbot, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Discard)
    data = movie_night("small")
    win = MainWindow(Session(data))
    qtbot.addWidget(win)
    evaluation = win.view("evaluation")
    split = leave_last_out(data, seed=0)
    for n, (name, params) in enumerate((("popularity", {}), ("item-knn", {"k": 10}),
                                        ("user-knn", {"k": 10})), start=1):
        model = create_model(name, **params).fit(split.train)
        evaluation.beyond.add(name, beyond_of(evaluate(model, split, k=10, per_user=True),
                                              split), n)
    win.resize(*request.param)
    win.show()
    win.show_view("evaluation")
    evaluation.lower_tabs.setCurrentWidget(evaluation.beyond)
    qtbot.waitExposed(win)
    qtbot.wait(30)
    return evaluation.beyond


def shows_all_rows(table) -> bool:
    last = table.model().rowCount() - 1
    return table.rowViewportPosition(last) + table.rowHeight(last) <= table.viewport().height()


def test_long_tail_legend_is_under_the_plot_and_the_plot_keeps_its_room(qtbot, beyond):
    plot = beyond.long_tail.recommended_plot.sceneBoundingRect()
    legend = beyond.long_tail.legend.sceneBoundingRect()
    assert len(beyond.long_tail.legend.items) == 3
    assert legend.top() >= plot.bottom() - 1  # own row: covers no curve
    assert legend.bottom() <= beyond.long_tail.height() + 1  # and is not clipped
    assert beyond.long_tail.height() >= MIN_PLOT_HEIGHT
    assert beyond.chart.height() >= MIN_PLOT_HEIGHT


def test_beyond_tables_show_their_rows_and_columns(qtbot, beyond):
    summary = beyond.summary_table
    assert summary.model().rowCount() == 3 and shows_all_rows(summary)
    assert summary.horizontalScrollBar().maximum() == 0  # no column cut ("Pop. perce…")
    header = summary.horizontalHeader()
    for column in range(summary.model().columnCount()):
        assert header.sectionSize(column) >= header.sectionSizeFromContents(column).width() - 1
    beyond.side_tabs.setCurrentIndex(beyond.side_tabs.indexOf(beyond.groups_table.parentWidget()))
    qtbot.wait(30)
    groups = beyond.groups_table
    assert groups.model().rowCount() == 3 and shows_all_rows(groups)
