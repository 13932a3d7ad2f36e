"""Loading item features in the GUI keeps the undo history and the trained model; only a model
that reads features (content-based, hybrid) is marked out of date, and the load itself undoes."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from core.interactions import SetCell
from core.models import create_model
from gui.main_window import MainWindow
from gui.recommendations_panel import RecommendationsPanel


@pytest.fixture
def window(qtbot, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Discard)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)
    win = MainWindow()
    qtbot.addWidget(win)
    yield win
    win.session.shutdown()


def _edit_and_features(win, tmp_path):
    """One table edit on the undo stack, then a tag file for the first item."""
    session = win.session
    data = session.data
    user, item = data.user_ids[0], data.item_ids[0]
    session.push_change(SetCell(user, data.item_ids[-1], 4.0), "Set a rating")
    path = tmp_path / "tags.csv"
    path.write_text(f"{item},space opera\n", encoding="utf-8")
    return item, path


@pytest.mark.parametrize("name, stale", [("item-knn", False), ("content", True)])
def test_loading_features_keeps_undo_history_and_model(window, tmp_path, name, stale):
    session = window.session
    item, path = _edit_and_features(window, tmp_path)
    model = create_model(name).fit(session.data)
    session.set_model(model, name)
    assert not session.model_is_stale
    edited = session.data.copy()
    messages = []
    window.files.status.connect(messages.append)

    assert window.files.load_item_features(str(path))

    assert session.model is model and session.model_name == name
    assert session.undo_stack.count() == 2  # the edit is still there, the load is on top
    assert session.undo_stack.command(0).text() == "Set a rating"
    assert session.data.items_info[item].tags == ("space opera",)
    assert session.data.nnz == edited.nnz and session.data.item_ids == edited.item_ids
    assert session.features_stale is stale and session.model_is_stale is stale
    assert not session.table_changed
    assert ("Retrain" in messages[-1]) is stale

    session.undo_stack.undo()  # the load undoes: features gone, the model is current again
    assert session.data.items_info.get(item) is None or not session.data.items_info[item].tags
    assert not session.model_is_stale
    session.undo_stack.redo()
    assert session.data.items_info[item].tags == ("space opera",)
    assert session.model_is_stale is stale


def test_recommendations_banner_says_a_content_model_needs_retraining(qtbot, window, tmp_path):
    session = window.session
    _, path = _edit_and_features(window, tmp_path)
    session.set_model(create_model("content").fit(session.data), "content")
    panel = RecommendationsPanel(session)
    qtbot.addWidget(panel)
    panel.set_user(session.data.user_ids[0])
    qtbot.waitUntil(lambda: not panel.pending, timeout=20_000)
    assert "retrain" not in panel.banner.text()
    assert window.files.load_item_features(str(path))
    qtbot.waitUntil(lambda: "item features changed since training: retrain content"
                    in panel.banner.text(), timeout=20_000)


def test_item_headers_follow_new_titles(qtbot, window, tmp_path):
    session = window.session
    item = session.data.item_ids[0]
    path = tmp_path / "items.csv"
    path.write_text(f"item,title,genres\n{item},A Brand New Title,Drama\n", encoding="utf-8")
    from gui.table_model import InteractionTableModel

    table = InteractionTableModel(session)
    changed = []
    table.headerDataChanged.connect(lambda orient, a, b: changed.append((orient, a, b)))
    assert window.files.load_item_features(str(path))
    assert changed and changed[-1][0] == Qt.Orientation.Horizontal
    col = next(c for c in range(table.columnCount()) if table.item_at(c) == item)
    assert table.headerData(col, Qt.Orientation.Horizontal) == "A Brand New Title"
