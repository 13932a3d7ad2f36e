"""GUI cold start: Add item asks for genres; the recommendations view says why a CF model cannot
recommend a new item; item features load from the File menu with clear errors."""

import pytest
from PySide6.QtWidgets import QMessageBox

from core.interactions import ItemInfo
from core.models import create_model
from core.samples import movie_night
from gui.main_window import MainWindow
from gui.recommendations_panel import RecommendationsPanel
from gui.session import Session
from gui.table_view import DataTab, IdDialog


def test_add_item_dialog_reads_genres_and_the_item_gets_them(qtbot):
    dialog = IdDialog(None, "Add item", "New item id:", set(), "i9", with_title=True)
    qtbot.addWidget(dialog)
    dialog.genres_edit.setText("Sci-Fi | Comedy, Sci-Fi")
    assert dialog.genres() == ("Sci-Fi", "Comedy")
    session = Session(movie_night("small"))
    tab = DataTab(session)
    qtbot.addWidget(tab)
    assert tab.add_item("new", "Brand New Film", ("Sci-Fi", "Thriller"))
    assert session.data.items_info["new"].genres == ("Sci-Fi", "Thriller")
    session.undo_stack.undo()
    assert "new" not in session.data.item_ids


@pytest.mark.parametrize("name, expected", [
    ("item-knn", "cannot recommend “Brand New Film”"),
    ("content", "can still recommend it from its genres"),
])
def test_recommendations_view_says_why_a_cold_item_is_or_is_not_recommended(qtbot, name,
                                                                            expected):
    data = movie_night("small")
    data.add_item("new", ItemInfo("Brand New Film", ("Sci-Fi",)))
    panel = RecommendationsPanel(Session(data))
    qtbot.addWidget(panel)
    try:
        panel.session.set_model(create_model(name).fit(data), name)
        panel.set_user(data.user_ids[0])
        qtbot.waitUntil(lambda: not panel.pending, timeout=20_000)
        assert expected in panel.banner.text()
    finally:
        panel.session.shutdown()


def test_item_features_load_from_the_file_menu(qtbot, monkeypatch, tmp_path):
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Discard)
    boxes = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes.append(box.text()) or 0)
    win = MainWindow()
    qtbot.addWidget(win)
    item = win.session.data.item_ids[0]
    good = tmp_path / "tags.csv"
    good.write_text(f"{item},space\n", encoding="utf-8")
    assert win.files.load_item_features(str(good))
    assert win.session.data.items_info[item].tags == ("space",)
    bad = tmp_path / "bad.csv"
    bad.write_text("1,a,b\n2,c\n", encoding="utf-8")
    assert not win.files.load_item_features(str(bad))
    assert boxes and f"{bad}, line 2" in boxes[-1]
    assert win.files.item_features_action in win.menuBar().actions()[0].menu().actions()
