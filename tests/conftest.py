"""Test configuration shared by every test: headless Qt, shared-data location."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture
def shown_form(qtbot):
    """``shown_form(model, width, height)``: a model form on screen with ``model`` chosen."""
    from gui.model_form import ModelForm

    def show(model: str, width: int, height: int) -> ModelForm:
        form = ModelForm()
        qtbot.addWidget(form)
        form.set_model(model)
        form.resize(width, height)
        form.show()
        qtbot.waitExposed(form)
        return form
    return show


@pytest.fixture
def ml100k() -> Path:
    path = SHARED_DATA / "ml-100k"
    if not (path / "u.data").exists():
        pytest.skip(f"MovieLens 100K not found at {path}")
    return path


@pytest.fixture
def ml_latest_small() -> Path:
    path = SHARED_DATA / "ml-latest-small"
    if not (path / "ratings.csv").exists():
        pytest.skip(f"MovieLens latest-small not found at {path}")
    return path


# -- Qt tests ----------------------------------------------------------------------------------
# The fixtures below are autouse but only act for tests that use pytest-qt's ``qtbot``.


@pytest.fixture(autouse=True)
def isolated_settings(request, tmp_path_factory):
    """Point QSettings at a temporary folder so GUI tests never read or write the user's."""
    if "qtbot" not in request.fixturenames:
        yield None
        return
    from PySide6.QtCore import QCoreApplication, QSettings

    folder = tmp_path_factory.mktemp("settings")
    QCoreApplication.setOrganizationName("RecLab")
    QCoreApplication.setApplicationName("RecLab-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder


@pytest.fixture(autouse=True)
def no_dangling_threads(request, monkeypatch):
    """Fail a Qt test that leaves a QThread or QThreadPool thread running (as napari does).

    Leftover threads are the usual cause of "QThread: Destroyed while thread is still running"
    aborts and segfaults at exit. pytest-qt closes the widgets registered with ``qtbot`` before
    this check, so a window whose closeEvent stops its workers passes.
    """
    if "qtbot" not in request.fixturenames:
        yield
        return
    import traceback
    from weakref import WeakKeyDictionary

    from PySide6.QtCore import QThread, QThreadPool

    started: WeakKeyDictionary = WeakKeyDictionary()
    original_start = QThread.start

    def start_and_remember(self, *args, **kwargs):
        started[self] = "".join(traceback.format_stack(limit=12))
        return original_start(self, *args, **kwargs)

    monkeypatch.setattr(QThread, "start", start_and_remember)
    yield
    dangling = []
    for thread, where in list(started.items()):
        try:
            running = thread.isRunning()
        except RuntimeError:  # the C++ object is gone, so is the thread
            continue
        if running:
            dangling.append(f"{thread.objectName() or thread!r} started at:\n{where}")
            thread.quit()  # so one failing test does not take the whole run down at exit
            thread.wait(2000)
    pool = QThreadPool.globalInstance()
    if pool.activeThreadCount():
        dangling.append(f"{pool.activeThreadCount()} QThreadPool.globalInstance() thread(s)")
    if dangling:
        pytest.fail("test left threads running:\n" + "\n".join(dangling), pytrace=False)


@pytest.fixture(autouse=True)
def no_dangling_timers(request, monkeypatch):
    """Fail a Qt test that leaves a QTimer running (as napari's ``dangling_qtimers`` does).

    A timer left running fires into a closed window or the next test; a repeating one keeps the
    process busy. Short single shots about to fire get a grace period (``qt_leaks.GRACE_MS``).
    """
    if "qtbot" not in request.fixturenames:
        yield
        return
    from qt_leaks import TimerWatch

    watch = TimerWatch()
    watch.install(monkeypatch)
    yield
    leftovers = watch.dangling()
    watch.stop_all()
    if leftovers:
        pytest.fail("test left QTimers running:\n" + "\n".join(leftovers), pytrace=False)


@pytest.fixture(autouse=True)
def garbage_collected_in_gui_thread(request):
    """Qt tests run with automatic garbage collection off and collect in the GUI thread at the
    end, as the app does (``gui.app``): a collection triggered in a worker thread would destroy
    Qt objects of earlier tests there, while the GUI thread paints (a segfault in
    ``GraphicsView.paintEvent`` seen in about one full run in three before this)."""
    if "qtbot" not in request.fixturenames:
        yield
        return
    import gc

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        if was_enabled:
            gc.enable()


@pytest.fixture
def new_session(qtbot):
    """A factory of sessions over given data; each stops its worker thread after the test."""
    from gui.session import Session

    made = []

    def make(data):
        session = Session(data)
        made.append(session)
        return session

    yield make
    while made:
        made.pop().shutdown()


@pytest.fixture
def movie_window(qtbot, monkeypatch):
    """A main window on the small Movie night sample that discards unsaved work when asked."""
    from PySide6.QtWidgets import QMessageBox

    from core.samples import movie_night
    from gui.main_window import MainWindow
    from gui.session import Session

    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Discard)
    win = MainWindow(Session(movie_night("small")))
    qtbot.addWidget(win)
    return win
