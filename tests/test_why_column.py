"""The list's Why column takes the rest of the list's width and has the sentence as a tooltip;
at 1920 × 1080 the whole sentence shows. Measured from the header's geometry."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from core.models import create_model
from core.samples import movie_night
from gui.main_window import MainWindow
from gui.recommendations_panel import COLUMNS
from gui.session import Session

WHY = COLUMNS.index("Why")


@pytest.fixture(params=[(1280, 800), (1920, 1080)], ids=["1280x800", "1920x1080"])
def recs(request, qtbot, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Discard)
    session = Session(movie_night("small"))
    win = MainWindow(session)
    qtbot.addWidget(win)
    win.resize(*request.param)
    win.show()
    qtbot.waitExposed(win)
    session.set_model(create_model("user-knn", k=5).fit(session.data), "user-knn")
    view = win.view("recommendations")
    win.show_view("recommendations")
    view.set_user("Dave")
    qtbot.waitUntil(lambda: not view.pending and view.model.rowCount() > 0, timeout=20_000)
    qtbot.wait(30)
    return request.param, view


def test_why_column_fills_the_list_and_tells_the_full_sentence(qtbot, recs):
    size, view = recs
    header, table = view.table.horizontalHeader(), view.table
    assert header.count() - 1 == WHY and header.stretchLastSection()
    right = header.sectionViewportPosition(WHY) + header.sectionSize(WHY)
    assert abs(right - table.viewport().width()) <= 1  # takes the rest of the width
    assert table.horizontalScrollBar().maximum() == 0
    for r, row in enumerate(view.model.rows):
        tip = view.model.index(r, WHY).data(Qt.ItemDataRole.ToolTipRole)
        assert tip == row.explanation and tip
    longest = max(table.fontMetrics().horizontalAdvance(row.explanation)
                  for row in view.model.rows)
    if size == (1920, 1080):
        assert header.sectionSize(WHY) >= longest + 8  # the sentence is not elided

    before = header.sectionSize(WHY)
    sizes = view.splitter.sizes()
    view.splitter.setSizes([sizes[0] + 100, sizes[1] - 100])
    qtbot.wait(30)
    assert header.sectionSize(WHY) >= before + 90  # more room for the list goes to Why


def test_details_scroll_rather_than_overlap_in_a_short_window(qtbot, recs):
    _, view = recs
    session = view.session
    session.set_model(create_model("user-knn", k=40).fit(session.data), "user-knn")
    qtbot.waitUntil(lambda: not view.pending and view.model.rowCount() > 0, timeout=20_000)
    view.window().resize(1280, 560)  # a tall "Why?" table (many neighbours) in a short window
    view.table.selectRow(0)
    qtbot.waitUntil(lambda: view.why.table.model().rowCount() > 0, timeout=20_000)
    qtbot.wait(50)
    why = view.why
    stack = [w for w in (view.details, why.title, why.table, why.formula, why.note)
             if w.isVisible()]
    tops = [w.mapTo(view.details_box, w.rect().topLeft()).y() for w in stack]
    bottoms = [t + w.height() for t, w in zip(tops, stack, strict=True)]
    for above, below in zip(range(len(stack)), range(1, len(stack)), strict=False):
        assert bottoms[above] <= tops[below], (stack[above], stack[below])
