"""Recommendations panel: the list shown is core's list; edits refresh it; non-fold-in models go
stale; CSV export."""

import csv

import pytest
from PySide6.QtCore import Qt

from core.interactions import SetCell
from core.models import create_model
from core.models.popularity import Popularity
from core.samples import movie_night
from gui.recommendations_panel import COLUMNS, RecommendationsPanel
from gui.session import Session

TIMEOUT = 20_000


class NoFoldIn(Popularity):
    """Stand-in for NeuMF: a model that cannot score edited rows without retraining."""

    name = "no-fold-in"
    supports_fold_in = False


@pytest.fixture
def panel(qtbot):
    p = RecommendationsPanel(Session(movie_night("small")))
    qtbot.addWidget(p)
    yield p
    p.session.shutdown()


def show(qtbot, panel, action):
    """Run ``action`` and wait until the panel shows the list for the resulting state."""
    action()
    qtbot.waitUntil(lambda: not panel.pending, timeout=TIMEOUT)


def table(panel):
    m = panel.model
    return [[m.data(m.index(r, c)) for c in range(m.columnCount())] for r in range(m.rowCount())]


def test_list_and_explanations_are_cores_for_the_chosen_user(qtbot, panel):
    data = panel.session.data
    model = create_model("user-knn", k=5).fit(data)
    panel.session.set_model(model, "user-knn")
    panel.k_spin.setValue(6)
    show(qtbot, panel, lambda: panel.set_user("Dave"))
    expected = model.recommend(data, "Dave", 6)
    shown = table(panel)
    assert [row[0] for row in shown] == [1, 2, 3, 4, 5, 6]
    assert [row[1] for row in shown] == [data.item_label(r.item) for r in expected]
    assert [row[2] for row in shown] == [", ".join(data.items_info[r.item].genres)
                                         for r in expected]
    assert [row[3] for row in shown] == [f"{r.score:.3f}" for r in expected]
    assert [row[4] for row in shown] == [r.explanation.text for r in expected]
    assert shown[0][4].startswith("because similar users")
    headers = [panel.model.headerData(c, Qt.Orientation.Horizontal) for c in range(len(COLUMNS))]
    assert headers == ["Rank", "Item", "Genres", "Score", "Why"]
    assert "Top 6 for Dave from User-based kNN." in panel.banner.text()  # the form's label
    assert not panel.table.isColumnHidden(2)


def test_the_genres_column_is_hidden_when_no_item_has_genres(qtbot):
    from core.interactions import Interactions

    data = movie_night("small")
    bare = Interactions(data.user_ids, data.item_ids, data.matrix, data.timestamps)
    panel = RecommendationsPanel(Session(bare))
    qtbot.addWidget(panel)
    try:
        panel.session.set_model(create_model("popularity").fit(bare), "popularity")
        show(qtbot, panel, lambda: panel.set_user("Dave"))
        assert panel.model.rowCount() == 10 and panel.table.isColumnHidden(2)
        panel.resize(900, 500)
        panel.show()
        qtbot.waitExposed(panel)
        header = panel.table.horizontalHeader()
        last = header.count() - 1
        right = header.sectionViewportPosition(last) + header.sectionSize(last)
        assert abs(right - panel.table.viewport().width()) <= 1  # Why still takes the rest
    finally:
        panel.session.shutdown()


def test_table_model_passes_qtmodeltester(qtbot, qtmodeltester, panel):
    panel.session.set_model(create_model("popularity").fit(panel.session.data), "popularity")
    show(qtbot, panel, lambda: panel.set_user("Dave"))
    assert panel.model.rowCount() == 10
    qtmodeltester.check(panel.model)


def test_editing_the_table_refreshes_cf_recommendations_at_once(qtbot, panel):
    session = panel.session
    model = create_model("item-knn", k=10).fit(session.data)
    session.set_model(model, "item-knn")
    show(qtbot, panel, lambda: panel.set_user("Alice"))
    top_item = panel.model.rows[0].item
    show(qtbot, panel, lambda: session.push_change(SetCell("Alice", top_item, 1.0), "add"))
    assert top_item not in [r.item for r in panel.model.rows]
    expected = model.recommend(session.data, "Alice", 10)
    assert [r.item for r in panel.model.rows] == [r.item for r in expected]
    assert "fold-in" in panel.banner.text()
    show(qtbot, panel, session.undo_stack.undo)
    assert panel.model.rows[0].item == top_item


def test_model_that_cannot_fold_in_shows_out_of_date_state(qtbot, panel):
    session = panel.session
    session.set_model(NoFoldIn().fit(session.data), "neumf")
    show(qtbot, panel, lambda: panel.set_user("Alice"))
    assert not panel.stale and panel.model.rowCount() == 10
    item = panel.model.rows[0].item
    session.push_change(SetCell("Alice", item, 1.0), "add")
    panel.refresh()
    assert panel.stale
    assert "out of date" in panel.banner.text() and "retrain" in panel.banner.text()
    session.set_model(NoFoldIn().fit(session.data), "neumf")  # retrained
    show(qtbot, panel, panel.refresh)
    assert not panel.stale and item not in [r.item for r in panel.model.rows]


def test_no_model_and_unknown_user_explain_themselves(qtbot, panel):
    panel.refresh()
    assert "Press Train" in panel.banner.text() and panel.model.rowCount() == 0
    panel.session.set_model(create_model("popularity").fit(panel.session.data), "popularity")
    panel.user_combo.setCurrentText("nobody")
    panel.refresh()
    assert "No user named 'nobody'" in panel.banner.text()


def test_user_list_follows_renames(qtbot, panel):
    from core.interactions import RenameUser

    panel.set_user("Bob")
    panel.session.push_change(RenameUser("Bob", "Robert"), "rename")
    assert panel.current_user() == "Robert"
    assert "Bob" not in panel._users.stringList()


def test_export_csv_round_trips(qtbot, panel, tmp_path):
    data = panel.session.data
    panel.session.set_model(create_model("item-knn").fit(data), "item-knn")
    show(qtbot, panel, lambda: panel.set_user("Carol"))
    path = tmp_path / "recs.csv"
    panel.export_csv(str(path))
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["item"] for r in rows] == [r.item for r in panel.model.rows]
    assert {r["user"] for r in rows} == {"Carol"}
    assert rows[0]["explanation"] == panel.model.rows[0].explanation
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_export_for_all_users_writes_every_users_list(qtbot, panel, tmp_path):
    data = panel.session.data
    model = create_model("user-knn", k=5).fit(data)
    panel.session.set_model(model, "user-knn")
    panel.k_spin.setValue(3)
    path = tmp_path / "all.csv"
    assert panel.export_all(str(path))
    qtbot.waitUntil(lambda: not panel.exporting, timeout=TIMEOUT)
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert {r["user"] for r in rows} == set(data.user_ids)
    for user in ("Alice", "Dave"):
        expected = [r for r in model.recommend(data, user, 3) if r.score != 0]
        assert [r["item"] for r in rows if r["user"] == user] == [r.item for r in expected]
    assert list(tmp_path.iterdir()) == [path]


def test_zero_score_padding_is_left_out_and_said(qtbot, panel):
    from core.interactions import Interactions

    # Two users share nothing with "c": user-knn has no evidence for most items.
    data = Interactions.from_triples(["a", "a", "b", "b", "c"], ["x", "y", "y", "z", "w"])
    panel.session.replace_data(data)
    panel.session.set_model(create_model("user-knn", k=5).fit(data), "user-knn")
    show(qtbot, panel, lambda: panel.set_user("a"))
    scores = [r.score for r in panel.model.rows]
    assert scores and all(s != 0 for s in scores)
    full = create_model("user-knn", k=5).fit(data).recommend(data, "a", 10)
    padding = sum(r.score == 0 for r in full)
    assert padding > 0 and f"{padding} more item(s) would score 0" in panel.banner.text()


def test_an_all_users_export_shows_progress_and_can_be_stopped(qtbot, panel, tmp_path):
    import threading

    import core.recommend_all as recommend_all

    data = panel.session.data
    panel.session.set_model(create_model("item-knn").fit(data), "item-knn")
    messages = []
    panel.statusMessage.connect(lambda text: messages.append(str(text)))
    gate, release = threading.Event(), threading.Event()
    original = recommend_all.StageTimer.update

    def slow_update(self, fraction):  # from its second report on, hold until released
        if fraction > 0.25:
            gate.set()
            release.wait(5)
        return original(self, fraction)

    mp = pytest.MonkeyPatch()
    mp.setattr(recommend_all.StageTimer, "update", slow_update)
    mp.setitem(recommend_all.recommend_everyone.__kwdefaults__, "batch_users", 10)  # 5 reports
    try:
        path = tmp_path / "all.csv"
        assert panel.export_all(str(path))
        assert panel.exporting and panel.export_all_button.text() == "Stop export"
        qtbot.waitUntil(gate.is_set, timeout=TIMEOUT)
        qtbot.waitUntil(lambda: any(m.startswith("Exporting every user's recommendations: 20 %")
                                    for m in messages), timeout=TIMEOUT)
        panel.export_all_button.click()  # Stop
        release.set()
        qtbot.waitUntil(lambda: not panel.exporting, timeout=TIMEOUT)
    finally:
        release.set()
        mp.undo()
    assert not path.exists() and list(tmp_path.iterdir()) == []
    assert messages[-1] == "Export stopped; nothing was written."
    assert panel.export_all_button.text() == "Export all users…"
