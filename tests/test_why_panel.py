"""The Why? panel: appears for a recommendation, its rows add up, hovering highlights; the
Similar items/users dialog lists the model's answer."""

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMenu

from core.models import create_model
from core.samples import load_sample, seed_example
from gui.highlight import bus_for
from gui.similar_dialog import SimilarDialog, add_similar_actions
from gui.why_panel import WhyPanel


def make_panel(new_session, qtbot, data, name, **params):
    session = new_session(data)
    session.set_model(create_model(name, **params).fit(session.data), name)
    panel = WhyPanel(session)
    qtbot.addWidget(panel)
    panel.resize(700, 500)
    panel.show()
    return session, panel


def shown(qtbot, panel, user, item):
    with qtbot.waitSignal(panel.shown, timeout=30_000):
        panel.show_for(user, item)


def column(model, name):
    return model.headers().index(name)


def test_seed_example_user_knn_rows_and_sum(qtbot, new_session):
    _, panel = make_panel(new_session, qtbot, seed_example(), "user-knn")
    shown(qtbot, panel, "user1", "item4")
    model = panel.table_model
    assert model.rowCount() == 3  # user2, user3, then the sum
    cells = {model.index(r, 0).data(): [model.index(r, c).data()
                                        for c in range(model.columnCount())]
             for r in range(model.rowCount())}
    assert cells["user2"][1:] == ["2", "2", "3", "0.6667", "1", "0.6667"]
    assert cells["user3"][1:] == ["1", "1", "3", "0.3333", "1", "0.3333"]
    assert cells["sum"][-1] == "1"
    assert "score 1.0000" in panel.title.text() and "add up" in panel.title.text()
    assert "— User-based kNN: score" in panel.title.text()  # the label the model form shows
    assert "sim = cosine" in panel.formula.text() and "50 most similar" in panel.formula.text()
    assert panel.bars.isHidden()


@pytest.mark.parametrize("name", ["user-knn", "item-knn", "popularity"])
def test_rows_add_up_to_the_listed_score(qtbot, name, new_session):
    session, panel = make_panel(new_session, qtbot, load_sample("Movie night (small)"), name)
    user = session.data.user_ids[4]
    for rec in session.model.recommend(session.data, user, 3, explain=False):
        shown(qtbot, panel, user, rec.item)
        why = panel.current
        products = sum(r.contribution for r in why.rows)
        assert products == pytest.approx(rec.score, abs=1e-4)
        last = panel.table_model.rowCount() - 1
        shown_sum = float(panel.table_model.index(last, panel.table_model.columnCount() - 1)
                          .data())
        assert shown_sum == pytest.approx(rec.score, abs=1e-4)


def test_hovering_a_row_highlights_it_and_tells_the_map(qtbot, new_session):
    session, panel = make_panel(new_session, qtbot, load_sample("Movie night (small)"), "item-knn")
    user = session.data.user_ids[1]
    rec = session.model.recommend(session.data, user, 1, explain=False)[0]
    shown(qtbot, panel, user, rec.item)
    heard = []
    bus_for(session).highlighted.connect(lambda side, key: heard.append((side, key)))
    index = panel.table_model.index(1, 0)
    panel._hover(index)
    assert panel.table_model.highlight == 1
    assert heard[-1] == ("items", panel.current.rows[1].contributor)
    assert panel.table_model.data(panel.table_model.index(1, 2),
                                  Qt.ItemDataRole.BackgroundRole) is not None
    panel.highlight("")
    assert panel.table_model.highlight == -1


def test_neural_attribution_shows_bars_and_the_note(qtbot, new_session):
    session, panel = make_panel(new_session, qtbot, load_sample("Movie night (small)"), "mlp",
                                hidden=(8,), epochs=1, batch_size=16, validation=False)
    user = session.data.user_ids[0]
    rec = session.model.recommend(session.data, user, 1, explain=False)[0]
    shown(qtbot, panel, user, rec.item)
    assert not panel.bars.isHidden()
    assert "not the model's arithmetic" in panel.note.text()
    assert "do not add up" in panel.title.text()


def test_without_a_model_the_panel_says_so(qtbot, new_session):
    session = new_session(seed_example())
    panel = WhyPanel(session)
    qtbot.addWidget(panel)
    panel.show_for("user1", "item4")
    assert "Train a model" in panel.title.text()


def test_similar_dialog_lists_the_models_answer(qtbot, new_session):
    session = new_session(seed_example())
    session.set_model(create_model("item-knn").fit(session.data), "item-knn")
    dialog = SimilarDialog(session, "items", "item3")
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 4, timeout=5_000)
    rows = dialog.model.rows
    assert {r[1] for r in rows} == {"item1", "item2", "item4", "item5"}
    assert [round(r[3], 4) for r in rows] == [0.8165, 0.8165, 0.5774, 0.5774]
    users = SimilarDialog(session, "users", "user1")
    qtbot.addWidget(users)
    qtbot.waitUntil(lambda: users.model.rowCount() == 2, timeout=5_000)
    assert [r[1] for r in users.model.rows] == ["user2", "user3"]
    menu = QMenu()
    add_similar_actions(menu, session, dialog, item="item3", user="user1")
    assert [a.text() for a in menu.actions()] == ["Similar items", "Similar users"]
    session.set_model(None)
    menu = QMenu()
    add_similar_actions(menu, session, dialog, item="item3")
    assert not menu.actions()[0].isEnabled()


def test_table_headers_offer_similar_items_and_users(qtbot, monkeypatch, new_session):
    from gui import table_view

    session = new_session(seed_example())
    session.set_model(create_model("user-knn").fit(session.data), "user-knn")
    tab = table_view.DataTab(session)
    qtbot.addWidget(tab)
    seen = []

    class Recording(QMenu):
        def exec(self, *args):
            seen.append([x.text() for x in self.actions()])

    monkeypatch.setattr(table_view, "QMenu", Recording)
    tab.resize(600, 400)
    tab.show()
    qtbot.waitExposed(tab)
    for header, kind in ((tab.view.verticalHeader(), "user"),
                         (tab.view.horizontalHeader(), "item")):
        tab._header_menu(header, kind, QPoint(3, 3))
    assert "Similar users" in seen[0]
    assert "Similar items" in seen[1]


def test_recommendations_view_explains_the_seed_example_first(qtbot, new_session):
    """On the seed sample the first thing the Why? panel shows is user1 → item4, by hand."""
    from gui.recommendations_panel import RecommendationsPanel

    session = new_session(seed_example())
    panel = RecommendationsPanel(session)
    qtbot.addWidget(panel)
    session.set_model(create_model("user-knn").fit(session.data), "user-knn")
    panel.set_user("user1")
    qtbot.waitUntil(lambda: not panel.pending, timeout=20_000)
    assert [r.item for r in panel.model.rows] == ["item4", "item5"]
    qtbot.waitUntil(lambda: panel.why.current is not None, timeout=20_000)
    why = panel.why.current
    assert (why.user, why.item) == ("user1", "item4")
    assert {r.contributor: r.values[3] for r in why.rows} == {
        "user2": pytest.approx(2 / 3), "user3": pytest.approx(1 / 3)}
    panel.table.selectRow(1)
    qtbot.waitUntil(lambda: panel.why.current.item == "item5", timeout=20_000)
    assert panel.why.current.total == pytest.approx(1 / 3)


def test_label_column_leaves_the_numbers_in_view(qtbot, new_session):
    _, panel = make_panel(new_session, qtbot, load_sample("Movie night (small)"), "item-knn")
    panel.resize(340, 600)
    panel.show()
    qtbot.waitExposed(panel)
    session = panel.session
    user = session.data.user_ids[0]
    rec = session.model.recommend(session.data, user, 1)[0]
    shown(qtbot, panel, user, rec.item)
    columns = panel.table.horizontalHeader()
    assert columns.count() > 1
    assert columns.sectionSize(0) <= max(120, 0.45 * panel.table.viewport().width()) + 1
    first = panel.table_model.index(0, 0)
    assert panel.table_model.data(first, Qt.ItemDataRole.ToolTipRole) == \
        panel.table_model.data(first)
