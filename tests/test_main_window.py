"""The main window: start-up state, files, samples, errors, undo, settings, closing."""

import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent, QKeySequence
from PySide6.QtWidgets import QMessageBox

from core.samples import SAMPLES, seed_example
from gui import about
from gui.file_actions import MAX_RECENT, read_recent, remember_recent
from gui.main_window import MainWindow, summary


@pytest.fixture
def window(qtbot, monkeypatch):
    """The main window; an unsaved-edits question (e.g. when qtbot closes it) answers Discard."""
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Discard)
    win = MainWindow()
    qtbot.addWidget(win)
    return win


@pytest.fixture
def shown_boxes(monkeypatch):
    """Every QMessageBox that would be shown: (title, text); answers Ok without blocking."""
    boxes = []

    def fake_exec(box):
        boxes.append((box.windowTitle(), box.text()))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return boxes


def test_starts_with_the_seed_example(window):
    assert window.session.data == seed_example()
    model = window.data_tab.model
    assert (model.rowCount(), model.columnCount()) == (3, 5)
    assert window.windowTitle().startswith("Seed example")
    assert window._summary.text() == "3 users × 5 items · 9 interactions · implicit"
    assert not window.isWindowModified()


def test_summary_line():
    data = seed_example()
    assert summary(data) == "3 users × 5 items · 9 interactions · implicit"
    data.explicit = True
    assert summary(data) == "3 users × 5 items · 9 ratings · explicit"


def test_undo_redo_actions_and_modified_marker(window):
    assert window.undo_action.shortcut() == QKeySequence("Ctrl+Z")
    assert QKeySequence("Ctrl+Shift+Z") in window.redo_action.shortcuts()
    model = window.data_tab.model
    index = model.index(0, 4)  # user1 × item5: empty in the seed
    assert model.toggle(index)
    assert window.session.data.get("user1", "item5") == 1.0
    assert window.isWindowModified()
    assert window.undo_action.isEnabled()
    window.undo_action.trigger()
    assert window.session.data.get("user1", "item5") is None
    assert not window.isWindowModified()
    window.redo_action.trigger()
    assert window.session.data.get("user1", "item5") == 1.0


def test_every_sample_loads(window):
    for name in SAMPLES:
        if "medium" in name:
            continue  # same code path, 100k ratings: kept out of the fast suite
        assert window.files.load_sample(name, confirm=False)
        data = window.session.data
        model = window.data_tab.model
        assert (model.rowCount(), model.columnCount()) == data.shape
        assert window._summary.text() == summary(data)
        assert window.windowTitle().startswith(data.name)


def test_samples_menu_lists_every_sample(window):
    names = [a.text() for a in window.files.samples_menu.actions()]
    assert names == list(SAMPLES)


def test_malformed_file_shows_the_error_and_keeps_the_table(window, qtbot, shown_boxes,
                                                            tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("user,item,rating\n1,10,4\n2,20,five\n")
    model = window.data_tab.model
    assert model.toggle(model.index(0, 4))  # an edit, so there is undo history to keep
    before = window.session.data.copy()
    with qtbot.waitSignal(window.files.failed):
        assert window.files.load_path(str(bad), confirm=False)  # started in the background
    assert not window.files.loading
    assert len(shown_boxes) == 1
    title, text = shown_boxes[0]
    assert "bad.csv" in title
    assert "bad.csv" in text and "line 3" in text and "five" in text
    assert window.session.data == before
    assert window.session.undo_stack.count() == 1
    assert (model.rowCount(), model.columnCount()) == (3, 5)
    assert read_recent(QSettings()) == []


def test_save_then_open_round_trips_and_marks_clean(window, qtbot, tmp_path):
    model = window.data_tab.model
    model.toggle(model.index(0, 4))
    path = tmp_path / "edited.csv"
    assert window.files.write(str(path))
    assert window.session.undo_stack.isClean() and not window.isWindowModified()
    saved = window.session.data.copy()
    window.files.load_sample("Movie night (small)", confirm=False)
    with qtbot.waitSignal(window.files.loaded):
        assert window.files.load_path(str(path), confirm=False)
    loaded = window.session.data
    assert sorted(zip(*loaded.triples()[:3], strict=True)) == \
        sorted(zip(*saved.triples()[:3], strict=True))
    assert window.windowTitle().startswith("edited.csv")
    assert read_recent(QSettings())[0] == str(path)
    assert window.files.recent_menu.actions()[0].toolTip() == str(path)


def test_unsaved_edits_prompt_before_replacing(window, monkeypatch, tmp_path):
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard]
    asked = []

    def fake_question(*args, **kwargs):
        asked.append(args[1])
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", fake_question)
    model = window.data_tab.model
    model.toggle(model.index(0, 4))
    assert not window.files.load_sample("Movie night (small)")  # Cancel: nothing happens
    assert window.session.data.get("user1", "item5") == 1.0
    assert window.files.load_sample("Movie night (small)")  # Discard
    assert window.session.data.name == "Movie night (small)"
    assert asked == ["Unsaved edits", "Unsaved edits"]


def test_dropping_a_folder_opens_it(window, qtbot, ml100k):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(ml100k))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.files.loaded, timeout=30_000):
        window.dropEvent(event)
    assert window.session.data.shape == (943, 1682)
    assert window._summary.text() == "943 users × 1,682 items · 100,000 ratings · explicit"
    assert window.windowTitle().startswith("ml-100k")
    model = window.data_tab.model
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Toy Story (1995)"


def test_recent_files_keep_the_last_eight(qtbot, tmp_path):
    settings = QSettings()
    for n in range(MAX_RECENT + 3):
        remember_recent(settings, str(tmp_path / f"f{n}.csv"))
    remember_recent(settings, str(tmp_path / "f5.csv"))
    recent = read_recent(settings)
    assert len(recent) == MAX_RECENT
    assert recent[0] == str(tmp_path / "f5.csv") and recent.count(recent[0]) == 1


def test_window_layout_is_remembered(qtbot):
    first = MainWindow()
    qtbot.addWidget(first)
    first.show_view("evaluation")
    first.splitter.setSizes([300, 980])
    width = first.splitter.sizes()[0]
    first.close()
    second = MainWindow()
    qtbot.addWidget(second)
    assert second.current_view() == "evaluation"
    assert second.splitter.sizes()[0] == width


def test_about_names_the_methods_and_papers(window, shown_boxes):
    about.show_about(window)
    (title, text), = shown_boxes
    assert title == "About RecLab"
    for cite in ("Sarwar", "Herlocker", "Liang", "He", "Harper", "Konstan", "WWW 2017",
                 "WWW 2018"):
        assert cite in text


def test_close_stops_background_threads(qtbot):
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    host = win.session.host
    win.close()
    assert win._shut_down and host.closed


def test_window_renders(window, tmp_path):
    window.show()
    picture = window.grab()
    assert not picture.isNull()
    assert picture.save(str(tmp_path / "shell.png"))
    assert Path(tmp_path / "shell.png").stat().st_size > 0


def test_closing_with_unsaved_edits_asks_first(window, monkeypatch):
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))
    window.show()
    model = window.data_tab.model
    model.toggle(model.index(0, 4))
    assert not window.close()  # Cancel keeps the window and the edit
    assert window.isVisible() and not window._shut_down
    assert window.close()  # Discard
    assert window._shut_down and answers == []


# -- loading in the background -----------------------------------------------------------------


@pytest.fixture
def slow_load(monkeypatch):
    """core.io.load as seen by the loader thread, 0.5 s slower; records the loading thread."""
    from gui import file_loader

    real_load = file_loader.load
    threads = []

    def slow(path, on_progress=None):
        threads.append(threading.get_ident())
        time.sleep(0.5)
        return real_load(path, on_progress)

    monkeypatch.setattr(file_loader, "load", slow)
    return threads


def _csv(tmp_path, name="small.csv", text="user,item,rating\nann,x,4\nbob,y,5\n"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_a_file_loads_off_the_gui_thread_and_the_window_stays_responsive(
        window, qtbot, slow_load, tmp_path):
    path = _csv(tmp_path)
    seen_while_loading = []

    def tick():  # runs in the GUI event loop while the loader sleeps
        files = window.files
        seen_while_loading.append((files.loading, files.open_action.isEnabled(),
                                   files.open_folder_action.isEnabled(),
                                   window.statusBar().currentMessage(),
                                   window._load_progress.isVisibleTo(window)))

    with qtbot.waitSignal(window.files.loaded, timeout=10_000):
        assert window.files.load_path(str(path), confirm=False)
        QTimer.singleShot(50, tick)
    assert slow_load and slow_load[0] != threading.get_ident()
    assert seen_while_loading == [(True, False, False, "Loading small.csv…", True)]
    assert window.session.data.shape == (2, 2) and window.session.data.get("bob", "y") == 5.0
    assert window.windowTitle().startswith("small.csv")
    assert read_recent(QSettings()) == [str(path)]
    assert window.files.open_action.isEnabled() and not window._load_progress.isVisibleTo(window)
    assert window.statusBar().currentMessage().startswith("Opened small.csv")


def test_loading_shows_its_share_done_and_time_left(window, qtbot, monkeypatch, tmp_path):
    from core.progress import Progress
    from gui import file_loader

    real_load = file_loader.load
    seen = []

    def stepped(path, on_progress=None):
        for fraction, eta in ((0.05, 9.0), (0.5, 4.0)):
            on_progress(Progress("stage", "loading", fraction=fraction, eta=eta))
            time.sleep(0.3)  # the GUI thread shows each step meanwhile
        return real_load(path)

    def tick():
        seen.append((window._load_progress.maximum(), window._load_progress.value(),
                     window.statusBar().currentMessage()))

    monkeypatch.setattr(file_loader, "load", stepped)
    timer = QTimer()
    timer.timeout.connect(tick)
    with qtbot.waitSignal(window.files.loaded, timeout=10_000):
        assert window.files.load_path(str(_csv(tmp_path)), confirm=False)
        timer.start(100)
    timer.stop()
    # before 10 % no ETA is shown; then the share done and the time left
    assert (1000, 50, "Loading small.csv… 5 %") in seen
    assert (1000, 500, "Loading small.csv… 50 % — 4 s left") in seen
    assert not window._load_progress.isVisibleTo(window)


def test_a_second_open_while_loading_is_ignored(window, qtbot, slow_load, tmp_path):
    first, second = _csv(tmp_path, "first.csv"), _csv(tmp_path, "second.csv")
    with qtbot.waitSignal(window.files.loaded, timeout=10_000) as blocker:
        assert window.files.load_path(str(first), confirm=False)
        assert not window.files.load_path(str(second), confirm=False)
        assert not window.files.load_sample("Movie night (small)", confirm=False)
    assert blocker.args == ["first.csv"]
    assert len(slow_load) == 1
    assert window.session.source_path == str(first)


def test_a_failed_background_load_shows_the_dialog_and_keeps_the_table(
        window, qtbot, slow_load, shown_boxes, tmp_path):
    bad = _csv(tmp_path, "bad.csv", "user,item,rating\n1,10,4\n2,20,five\n")
    before = window.session.data.copy()
    with qtbot.waitSignal(window.files.failed, timeout=10_000) as blocker:
        assert window.files.load_path(str(bad), confirm=False)
        assert window.session.data == before  # nothing changes while it loads
    assert "line 3" in blocker.args[0]
    (title, text), = shown_boxes
    assert title == "Could not open bad.csv" and "five" in text
    assert window.session.data == before and window.windowTitle().startswith("Seed example")
    assert window.files.open_action.isEnabled()


def test_unsaved_edits_prompt_comes_before_the_load_starts(window, qtbot, slow_load, monkeypatch,
                                                            tmp_path):
    asked = []

    def cancel_once(*args, **kwargs):  # Cancel now; Discard when qtbot closes the window
        asked.append(args[1])
        return QMessageBox.StandardButton.Discard if len(asked) > 1 \
            else QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", cancel_once)
    model = window.data_tab.model
    model.toggle(model.index(0, 4))
    assert not window.files.load_path(str(_csv(tmp_path)))
    assert asked == ["Unsaved edits"]
    assert not window.files.loading and slow_load == []
    assert window.session.data.get("user1", "item5") == 1.0


def test_load_path_can_wait_for_the_result(window, qtbot, shown_boxes, tmp_path):
    assert window.files.load_path(str(_csv(tmp_path)), confirm=False, wait=True)
    assert window.session.data.shape == (2, 2)
    bad = _csv(tmp_path, "bad.csv", "user,item,rating\n1,10,4\n2,20,five\n")
    assert not window.files.load_path(str(bad), confirm=False, wait=True)
    assert window.session.data.shape == (2, 2) and len(shown_boxes) == 1


def test_closing_while_loading_waits_for_the_loader(qtbot, slow_load, tmp_path):
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    assert win.files.load_path(str(_csv(tmp_path)), confirm=False)
    loader = win.files._loader
    assert loader.isRunning()
    assert win.close()
    assert not loader.isRunning() and not win.files.loading
    qtbot.wait(10)  # the finished notification arrives after closing and changes nothing
    assert win.session.data == seed_example()


def test_saving_keeps_titles_entered_in_the_gui(window, qtbot, tmp_path):
    from core.interactions import SetCell

    tab = window.data_tab
    assert tab.add_item("film9", "A film typed in the GUI")
    window.session.push_change(SetCell("user1", "film9", 1.0), "mark")
    path = tmp_path / "titled.csv"
    assert window.files.write(str(path))
    with qtbot.waitSignal(window.files.loaded):
        assert window.files.load_path(str(path), confirm=False)
    assert window.session.data.items_info["film9"].title == "A film typed in the GUI"
    assert window.session.data.item_label("film9") == "A film typed in the GUI"


def test_help_menu_lists_stop_and_evaluate_shortcuts(window, shown_boxes):
    table = dict((what, keys) for keys, what in window.shortcut_table())
    assert table["Stop training"] and table["Evaluate"] and table["Train"]
    assert table["Stop evaluation"]
    assert len(set(table.values())) == len(table)  # no key does two things
    from gui.help import show_guide, show_shortcuts

    show_shortcuts(window, window.shortcut_table())
    show_guide(window)
    (title1, text1), (title2, text2) = shown_boxes
    assert title1 == "Keyboard shortcuts" and "Stop training" in text1
    assert title2 == "RecLab guide" and "Ctrl+E" in text2



def test_undo_texts_survive_a_stack_in_its_destructor(movie_window):
    """QUndoStack's destructor clears the stack and signals once more (seen when a session
    went before its window at interpreter exit in a random-order run): the menu texts must
    not read the half-deleted stack."""
    import shiboken6
    from PySide6.QtGui import QUndoStack

    dead = QUndoStack()
    shiboken6.delete(dead)
    session = movie_window.session
    live, session.undo_stack = session.undo_stack, dead
    before = movie_window.undo_action.text()
    try:
        movie_window._update_undo_texts()
    finally:  # before the window closes: closing reads the stack
        session.undo_stack = live
    assert movie_window.undo_action.text() == before


@pytest.mark.parametrize("answer", ["Save", "Cancel"])
def test_saving_names_users_and_items_a_csv_cannot_hold(window, tmp_path, monkeypatch, answer):
    asked = []

    def question(parent, title, text, *args):
        asked.append(text)
        if len(asked) > 1:  # closing the window at the end: unsaved edits are discarded
            return QMessageBox.StandardButton.Discard
        return getattr(QMessageBox.StandardButton, answer)

    monkeypatch.setattr(QMessageBox, "question", question)
    tab = window.data_tab
    assert tab.add_item("film9", "A film nobody has seen")
    path = tmp_path / "table.csv"
    assert window.files.write(str(path)) is (answer == "Save")
    assert len(asked) == 1
    assert "A film nobody has seen" in asked[0] and "table.csv" in asked[0]
    assert path.exists() is (answer == "Save")
    assert window.session.data.has_item("film9")  # the open table keeps it either way


def test_saving_a_table_where_everyone_has_interactions_asks_nothing(window, tmp_path,
                                                                    monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a: pytest.fail("asked"))
    from core.io.writer import not_written

    assert not_written(window.session.data) == ([], [])
    assert window.files.write(str(tmp_path / "t.csv"))


def test_a_long_status_message_ends_in_an_ellipsis_before_the_summary(window, qtbot):
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    bar = window.statusBar()
    message = "Best NDCG@10: 0.1333 ± 0.0244 with k = 5, shrinkage = 10.0. " * 6
    bar.showMessage(message, 8000)
    shown = bar.shown_message()
    assert bar.currentMessage() == message  # kept whole (a language switch rewords it)
    assert shown.endswith("…") and message.startswith(shown[:-1])
    assert bar.fontMetrics().horizontalAdvance(shown) <= bar.message_rect().width()
    assert bar.message_rect().right() < window._summary.x()  # left of the data summary
    assert bar.toolTip() == message
    bar.showMessage("Trained", 8000)
    assert bar.shown_message() == "Trained"
    image = bar.grab().toImage()  # paints without error
    assert not image.isNull()
    bar.removeWidget(window._summary)  # the room then reaches the bar's end
    bar.showMessage(message, 8000)
    assert bar.message_rect().right() == bar.width() - 13  # the load bar is hidden too
