"""Sentences already on screen follow a language switch: the recommendations view (banner with
the cold-item note, reasons, details), its Why? panel (formula, rule, note, messages) and a
status message still shown. English → 简体中文 → English gives back exactly the English."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt

from core.interactions import ItemInfo
from core.models import create_model
from core.samples import movie_night
from gui import i18n
from gui.recommendations_panel import RecommendationsPanel
from gui.session import Session

HAN = re.compile(r"[\u4e00-\u9fff]")
TIMEOUT = 30_000


@pytest.fixture
def english_after(qapp):
    yield i18n.manager()
    i18n.manager().apply(i18n.ENGLISH)
    qapp.processEvents()


@pytest.fixture
def panel(qtbot):
    data = movie_night("small")
    data.add_item("new", ItemInfo("Brand New Film", ("Sci-Fi",)))  # a cold item
    p = RecommendationsPanel(Session(data))
    qtbot.addWidget(p)
    p.resize(1280, 800)
    p.show()
    yield p
    p.session.shutdown()


def shown_texts(panel) -> dict[str, str]:
    m = panel.model
    why = panel.why
    return {"banner": panel.banner.text(), "details": panel.details.text(),
            "reason": m.data(m.index(0, 4)), "why title": why.title.text(),
            "formula": why.formula.text(), "note": why.note.text(),
            "header": why.table_model.headerData(0, Qt.Orientation.Horizontal)}


def show_list(qtbot, panel, name, **params):
    model = create_model(name, **params).fit(panel.session.data)
    with qtbot.waitSignal(panel.why.shown, timeout=TIMEOUT):
        panel.session.set_model(model, name)
        panel.set_user("Dave")
        qtbot.waitUntil(lambda: not panel.pending, timeout=TIMEOUT)
    panel.table.selectRow(0)
    qtbot.waitUntil(lambda: panel.why.current is not None, timeout=TIMEOUT)


def switch(qapp, language):
    i18n.manager().apply(language)
    qapp.processEvents()


@pytest.mark.parametrize("name,params", [("user-knn", {"k": 5, "shrinkage": 2.0}),
                                         ("item-knn", {})])
def test_recommendations_and_why_follow_a_switch(qtbot, qapp, panel, english_after, name,
                                                 params):
    show_list(qtbot, panel, name, **params)
    english = shown_texts(panel)
    assert "cannot recommend “Brand New Film”" in english["banner"]  # the cold-item note
    assert "score = Σ over" in english["formula"] and "Neighbour" not in english["note"]
    switch(qapp, i18n.CHINESE)
    chinese = shown_texts(panel)
    for key, text in chinese.items():
        if english[key]:
            assert text != english[key] and HAN.search(text), (key, text)
    assert "冷启动" in chinese["banner"] and "cannot recommend" not in chinese["banner"]
    assert "得分 = " in chinese["formula"] and "score" not in chinese["formula"]
    assert "because" not in chinese["reason"] and "because" not in chinese["details"]
    switch(qapp, i18n.ENGLISH)
    assert shown_texts(panel) == english


def test_why_note_and_a_failure_message_follow_a_switch(qtbot, qapp, english_after):
    """An attribution's note and an error shown in the Why? panel follow the switch too."""
    from core.phrase import phrase
    from core.why import Why, WhyRow
    from gui.core_messages import error_text
    from gui.why_panel import WhyPanel

    session = Session(movie_night("small"))
    try:
        why = WhyPanel(session)
        qtbot.addWidget(why)
        item = session.data.item_ids[0]
        note = phrase("{model} has no term-by-term breakdown here: these are the contributors "
                      "its own explanation reports, not its arithmetic.", model="caser")
        formula = phrase("{explanation}", explanation="because you liked Alien (0.50)")
        value = Why(model="caser", user="Dave", item=item, kind="attribution",
                    columns=("weight",), rows=(WhyRow("Alien", "Alien", (0.5,), 0.5),),
                    total=0.5, score=0.5, formula=str(formula), note=str(note), exact=False,
                    formula_parts=(formula,), note_phrase=note)
        why.show_why(value)
        english = (why.title.text(), why.formula.text(), why.note.text())
        assert english[2] == str(note)
        switch(qapp, i18n.CHINESE)
        assert why.note.text().startswith("caser 在这里没有逐项分解")
        assert why.formula.text() == "因为你喜欢 Alien (0.50)"
        switch(qapp, i18n.ENGLISH)
        assert (why.title.text(), why.formula.text(), why.note.text()) == english
        why.show_message(lambda: error_text("x.csv, line 2: missing timestamp"))
        english = why.title.text()
        switch(qapp, i18n.CHINESE)
        assert why.title.text() == "x.csv，第 2 行：缺少时间戳"
        switch(qapp, i18n.ENGLISH)
        assert why.title.text() == english == "x.csv, line 2: missing timestamp"
    finally:
        session.shutdown()


def test_status_message_still_shown_follows_a_switch(qtbot, qapp, english_after):
    from gui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window._on_loading_changed(True, "ratings.csv")
    english = window.statusBar().currentMessage()
    assert english == "Loading ratings.csv…"
    switch(qapp, i18n.CHINESE)
    assert HAN.search(window.statusBar().currentMessage())
    switch(qapp, i18n.ENGLISH)
    assert window.statusBar().currentMessage() == english
    window._on_loading_changed(False, "ratings.csv")


def test_status_message_that_cannot_be_reworded_is_cleared_on_a_switch(qtbot, qapp,
                                                                      english_after):
    from gui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.statusBar().showMessage("Removed user u7.", 8000)  # worded once, not registered
    switch(qapp, i18n.CHINESE)
    assert window.statusBar().currentMessage() == ""


def test_evaluation_rows_follow_a_switch(qtbot, qapp, english_after):
    """The comparison's words (data name, split, protocol, seconds) follow the language; the
    figures stay as they are."""
    from gui.evaluation_panel import EvaluationPanel

    panel = EvaluationPanel(Session(movie_night("small")))
    qtbot.addWidget(panel)
    try:
        panel.session.set_model_config("popularity", {})
        with qtbot.waitSignal(panel.resultAdded, timeout=TIMEOUT):
            panel.evaluate()
        model = panel.comparison

        def rows():
            return [[model.cell(r, c) for c in range(model.columnCount())]
                    for r in range(model.rowCount())]

        english = rows()
        switch(qapp, i18n.CHINESE)
        chinese = rows()
        changed = [c for c, (a, b) in enumerate(zip(english[0], chinese[0], strict=True))
                   if a != b]
        assert len(changed) >= 3 and all(HAN.search(chinese[0][c]) for c in changed[:3])
        assert [english[0][c] for c in range(len(english[0])) if c not in changed] == \
            [chinese[0][c] for c in range(len(chinese[0])) if c not in changed]
        switch(qapp, i18n.ENGLISH)
        assert rows() == english
    finally:
        panel.session.shutdown()
