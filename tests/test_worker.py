"""The model worker: jobs run synchronously (logic) and through the real thread (wiring)."""

import threading

import numpy as np
import pytest

from core.evaluation import evaluate, leave_last_out
from core.models import create_model
from core.progress import Progress
from core.samples import movie_night
from gui.throttle import ProgressBuffer
from gui.worker import EvaluateJob, ModelWorker, TrainJob, WorkerHost


@pytest.fixture
def data():
    return movie_night("small")


@pytest.fixture
def host(qtbot):
    h = WorkerHost()
    yield h
    h.shutdown()
    assert not h._thread.isRunning()


def test_buffer_delivers_every_event_in_order_from_another_thread(qtbot):
    buffer = ProgressBuffer()
    events = [Progress("batch", batch=i) for i in range(500)]
    pusher = threading.Thread(target=lambda: [buffer.push(e) for e in events])
    pusher.start()
    pusher.join()
    got = []
    buffer.drained.connect(got.extend)
    buffer.flush()
    buffer.flush()  # nothing left: no second emission
    assert got == events


def test_buffer_timer_drains_while_active(qtbot):
    buffer = ProgressBuffer(interval_ms=10)
    buffer.start()
    buffer.push("a")
    with qtbot.waitSignal(buffer.drained, timeout=2000) as blocker:
        pass
    assert blocker.args == [["a"]]
    buffer.stop()
    assert not buffer.active


def test_train_job_runs_synchronously_and_matches_core(qtbot, data):
    buffer = ProgressBuffer()
    worker = ModelWorker(buffer)
    results = []
    worker.trained.connect(results.append)
    worker.train(TrainJob(1, "user-knn", {"k": 5}, data))
    (result,) = results
    assert result.error == "" and not result.stopped
    expected = create_model("user-knn", k=5).fit(data).recommend(data, "Dave", 5)
    assert result.model.recommend(data, "Dave", 5) == expected


def test_train_job_reports_bad_settings_instead_of_raising(qtbot, data):
    worker = ModelWorker(ProgressBuffer())
    results = []
    worker.trained.connect(results.append)
    worker.train(TrainJob(1, "user-knn", {"no_such_knob": 1}, data))
    assert results[0].model is None
    assert "no_such_knob" in results[0].error


def test_evaluate_job_matches_core_evaluate(qtbot, data):
    worker = ModelWorker(ProgressBuffer())
    outcomes = []
    worker.evaluated.connect(outcomes.append)
    worker.evaluate(EvaluateJob(3, "item-knn", {"k": 10}, data, "leave-last-out", k=10))
    split = leave_last_out(data, seed=0)
    expected = evaluate(create_model("item-knn", k=10).fit(split.train), split, k=10)
    assert outcomes[0].metrics == pytest.approx(expected.metrics)
    assert outcomes[0].protocol == "full"


def test_host_trains_and_recommends_in_its_thread(qtbot, host, data):
    with qtbot.waitSignal(host.trained, timeout=10_000) as blocker:
        host.train("item-knn", {"k": 10}, data)
    result = blocker.args[0]
    assert result.model is not None and not host.busy
    with qtbot.waitSignal(host.recommended, timeout=10_000) as blocker:
        host.recommend(result.model, data, "Alice", 4)
    rows = blocker.args[0].rows
    expected = result.model.recommend(data, "Alice", 4)
    assert [r.item for r in rows] == [r.item for r in expected]
    assert np.allclose([r.score for r in rows], [r.score for r in expected])
    assert [r.explanation for r in rows] == [r.explanation.text for r in expected]
    assert rows[0].title == data.items_info[expected[0].item].title


def test_host_skips_superseded_recommendation_requests(qtbot, host, data):
    model = create_model("popularity").fit(data)
    answers = []
    host.recommended.connect(answers.append)
    host.recommend(model, data, "Alice", 3)
    last = host.recommend(model, data, "Bob", 3)
    qtbot.waitUntil(lambda: any(a.job_id == last for a in answers), timeout=10_000)
    assert [a.user for a in answers][-1] == "Bob"


def test_host_trains_copy_so_later_edits_do_not_leak_into_the_job(qtbot, host, data):
    version = data.version
    with qtbot.waitSignal(host.trained, timeout=10_000) as blocker:
        host.train("popularity", {}, data)
        data.set_cell("Alice", data.item_ids[-1], 1.0)
    assert blocker.args[0].model.fitted_version == version


def test_shutdown_is_idempotent_and_refuses_new_jobs(qtbot, data):
    h = WorkerHost()
    h.shutdown()
    h.shutdown()
    h.train("popularity", {}, data)
    assert not h.busy and not h._thread.isRunning()


@pytest.mark.parametrize(("name", "params", "field"), [
    ("item-knn", {"k": 0}, "k"),
    ("user-knn", {"shrinkage": -1.0}, "shrinkage"),
    ("popularity", {"k": 3}, "k"),
])
def test_train_job_refuses_out_of_range_settings_naming_the_field(qtbot, data, name, params,
                                                                  field):
    worker = ModelWorker(ProgressBuffer())
    results = []
    worker.trained.connect(results.append)
    worker.train(TrainJob(1, name, params, data))
    assert results[0].model is None
    assert field in results[0].error
