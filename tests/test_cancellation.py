"""Per-job cancellation: Stop in one view stops that job only.

Before each job had its own token, one stop flag was shared: Stop in the Evaluation view also
stopped a queued training, which then installed a half-computed kNN model as "kept best model"
(reproduced against the old ``gui/worker.py``: the training came back ``stopped=True`` with its
model kept). The worker thread is held by a gate so the order of events is exact, not timed.
"""

import threading

import pytest
from PySide6.QtWidgets import QMessageBox

from core.samples import movie_night
from gui.main_window import MainWindow
from gui.session import Session
from gui.worker import WorkerHost

TIMEOUT = 60_000


@pytest.fixture
def host(qtbot):
    h = WorkerHost()
    yield h
    h.shutdown()


def hold(host: WorkerHost) -> threading.Event:
    """Keep the worker thread busy until the returned event is set."""
    gate = threading.Event()
    host.call(lambda: gate.wait(30))
    return gate


def test_stopping_an_evaluation_leaves_a_queued_training_alone(qtbot, host):
    data = movie_night("small")
    trained, evaluated = [], []
    host.trained.connect(trained.append)
    host.evaluated.connect(evaluated.append)
    gate = hold(host)
    evaluation = host.evaluate("item-knn", {}, data, "leave-last-out")
    training = host.train("item-knn", {"k": 10}, data)
    host.stop(evaluation)
    gate.set()
    qtbot.waitUntil(lambda: bool(trained and evaluated), timeout=TIMEOUT)
    assert evaluated[0].job_id == evaluation and evaluated[0].stopped
    assert trained[0].job_id == training
    assert not trained[0].stopped and trained[0].model is not None
    assert not host.busy


def test_a_new_job_does_not_clear_a_stop_already_asked(qtbot, host):
    data = movie_night("small")
    trained = []
    host.trained.connect(trained.append)
    gate = hold(host)
    first = host.train("item-knn", {}, data)
    host.stop(first)
    host.train("popularity", {}, data)  # used to clear the shared flag
    gate.set()
    qtbot.waitUntil(lambda: len(trained) == 2, timeout=TIMEOUT)
    assert trained[0].stopped and trained[0].model is None and trained[0].discarded
    assert not trained[1].stopped and trained[1].model is not None


def test_a_stopped_non_neural_fit_is_discarded_not_kept(qtbot):
    session = Session(movie_night("small"))
    run = session.training
    gate = hold(session.host)
    messages = []
    run.statusMessage.connect(messages.append)
    assert run.start("user-knn", {"k": 5})
    run.stop()
    gate.set()
    with qtbot.waitSignal(run.finished, timeout=TIMEOUT) as blocker:
        pass
    result, message = blocker.args
    assert result.discarded and session.model is None
    assert "no model was kept" in message and messages[-1] == message
    session.shutdown()


def test_stop_in_the_evaluation_view_never_affects_the_training(qtbot, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Discard)
    window = MainWindow(Session(movie_night("small")))
    qtbot.addWidget(window)
    evaluation, column = window.view("evaluation"), window.model_panel
    column.form.set_model("item-knn")
    gate = hold(window.session.host)
    evaluation.evaluate()
    column.train()
    assert evaluation.stop_button.isEnabled() and column.stop_button.isEnabled()
    evaluation.stop_button.click()
    assert column.stop_button.isEnabled()  # the training is still running, and stoppable
    gate.set()
    with qtbot.waitSignal(window.session.training.finished, timeout=TIMEOUT) as blocker:
        pass
    result = blocker.args[0]
    assert not result.stopped and window.session.model is result.model
    assert column.progress.format() == "Done"
    qtbot.waitUntil(lambda: evaluation.evaluate_button.isEnabled(), timeout=TIMEOUT)
    assert evaluation.progress.format() == "Stopped" and evaluation.comparison.rowCount() == 0
