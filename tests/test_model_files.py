"""File ▸ Save Model… / Open Model…: core.persistence's files, written and read in the worker."""

import pytest
from PySide6.QtWidgets import QMessageBox

from core.interactions import AddUser
from core.models import create_model
from core.persistence import load_model
from core.samples import movie_night

TIMEOUT = 30_000


@pytest.fixture
def window(movie_window):
    return movie_window


def test_save_then_open_gives_the_same_recommendations(qtbot, window, tmp_path):
    session, files = window.session, window.model_files
    assert not files.save_action.isEnabled()  # nothing trained yet
    model = create_model("item-knn", k=7).fit(session.data)
    session.set_model(model, "item-knn")
    assert files.save_action.isEnabled()
    path = tmp_path / "knn.reclab"
    with qtbot.waitSignal(files.saved, timeout=TIMEOUT):
        files.save(str(path))
    assert load_model(path).config.k == 7
    session.set_model(None)
    with qtbot.waitSignal(files.opened, timeout=TIMEOUT):
        files.open(str(path))
    assert session.model_name == "item-knn" and not session.model_is_stale
    expected = model.recommend(session.data, "Alice", 5)
    assert session.model.recommend(session.data, "Alice", 5) == expected


def test_a_damaged_model_file_is_reported_and_the_model_kept(qtbot, window, tmp_path,
                                                             monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[1:3]))
    session = window.session
    model = create_model("popularity").fit(session.data)
    session.set_model(model, "popularity")
    bad = tmp_path / "bad.reclab"
    bad.write_bytes(b"not a zip")
    with qtbot.waitSignal(window.model_files.failed, timeout=TIMEOUT):
        window.model_files.open(str(bad))
    assert session.model is model
    (title, text), = warnings
    assert title == "Could not open bad.reclab" and "bad.reclab" in text


def test_a_model_from_another_table_counts_as_out_of_date(qtbot, window, tmp_path):
    from core.persistence import save_model

    other = movie_night("small").copy()
    other.apply(AddUser("zed"))
    path = save_model(create_model("popularity").fit(other), tmp_path / "other.reclab")
    with qtbot.waitSignal(window.model_files.opened, timeout=TIMEOUT):
        window.model_files.open(str(path))
    assert window.session.model_is_stale
