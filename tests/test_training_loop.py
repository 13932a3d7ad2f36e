"""The shared neural training loop without TensorFlow: divergence, warm-up and validation stops."""

import threading

import numpy as np
import pytest

from core.errors import TrainingDiverged
from core.models.neural.training import DIVERGENCE_FACTOR, run_training


class FakeNet:
    """Weights = number of steps taken; losses follow a script."""

    def __init__(self, losses):
        self.losses = list(losses)
        self.steps = 0

    def step(self, *_batch):
        self.steps += 1
        return self.losses.pop(0)

    def get_weights(self):
        return [np.array(self.steps)]

    def set_weights(self, weights):
        self.steps = int(weights[0])


def _batches(n):
    return lambda epoch: (iter([(b,) for b in range(n)]), n)


def test_a_finite_but_exploding_loss_stops_keeps_the_last_good_epoch_and_warns():
    net = FakeNet([1.0, 0.9, 0.8, 0.7, 50.0, 1e11, 1e12, 1e13])
    events = []
    result = run_training(n_epochs=4, batches=_batches(2), train_step=net.step,
                          get_weights=net.get_weights, set_weights=net.set_weights,
                          on_progress=lambda e: events.append(e) and False, name="MLP")
    assert "diverged at epoch 3, batch 2" in result.diverged
    assert result.epochs_run == 2
    assert net.steps == 4  # the weights at the end of epoch 2, not the diverged ones
    assert events[-1].kind == "done" and events[-1].message.startswith("warning: MLP training")
    assert "kept the weights of epoch 2" in events[-1].message


def test_with_validation_the_best_validated_weights_are_kept():
    net = FakeNet([1.0, 1.0, 1.0, 1.0, 1.0, 1e9])
    scores = iter([0.3, 0.1])
    result = run_training(n_epochs=5, batches=_batches(2), train_step=net.step,
                          get_weights=net.get_weights, set_weights=net.set_weights,
                          evaluate=lambda poll: {"NDCG@10": next(scores)}, patience=5)
    assert result.diverged and result.best_epoch == 1 and net.steps == 2


def test_divergence_in_the_first_epoch_leaves_nothing_to_keep():
    net = FakeNet([1.0, DIVERGENCE_FACTOR * 2])
    with pytest.raises(TrainingDiverged, match="no epoch finished"):
        run_training(n_epochs=2, batches=_batches(3), train_step=net.step,
                     get_weights=net.get_weights, set_weights=net.set_weights)


def test_a_stop_during_the_warm_up_returns_without_waiting_for_it():
    release = threading.Event()
    calls = []

    def warm_up():
        release.wait(30)  # a compilation that takes long

    def on_progress(event):
        calls.append(event.message)
        return len(calls) >= 3  # stop on the third "compiling" report

    net = FakeNet([1.0] * 10)
    result = run_training(n_epochs=2, batches=_batches(2), train_step=net.step,
                          get_weights=net.get_weights, set_weights=net.set_weights,
                          on_progress=on_progress, warm_up=warm_up)
    release.set()
    assert result.stopped and result.epochs_run == 0 and net.steps == 0
    assert calls[:3] == ["compiling the training step"] * 3


def test_a_warm_up_failure_is_raised_in_the_training_thread():
    def warm_up():
        raise ValueError("bad shape")

    with pytest.raises(ValueError, match="bad shape"):
        run_training(n_epochs=1, batches=_batches(1), train_step=lambda b: 1.0,
                     get_weights=list, set_weights=lambda w: None, warm_up=warm_up)


def test_a_stop_during_validation_ends_without_counting_the_epoch():
    net = FakeNet([1.0] * 10)
    stop_now = {"on": False}

    def evaluate(poll):
        stop_now["on"] = True
        return None if poll() else {"NDCG@10": 0.5}

    result = run_training(n_epochs=3, batches=_batches(2), train_step=net.step,
                          get_weights=net.get_weights, set_weights=net.set_weights,
                          evaluate=evaluate, on_progress=lambda e: stop_now["on"])
    assert result.stopped and result.epochs_run == 0 and result.history == []


def test_a_stop_while_an_epoch_is_prepared_returns_without_waiting():
    release = threading.Event()

    def slow_batches(epoch):
        if epoch == 2:
            release.wait(30)  # e.g. NeuMF sampling its negatives
        return iter([(0,), (1,)]), 2

    net = FakeNet([1.0] * 10)
    stop = {"on": False}

    def on_progress(event):
        if event.kind == "epoch":
            stop["armed"] = True
        if event.message == "preparing the epoch" and stop.get("armed"):
            stop["on"] = True
        return stop["on"]

    result = run_training(n_epochs=3, batches=slow_batches, train_step=net.step,
                          get_weights=net.get_weights, set_weights=net.set_weights,
                          on_progress=on_progress)
    release.set()
    assert result.stopped and result.epochs_run == 1 and net.steps == 2


def test_prepare_or_stop_raises_training_stopped_when_asked():
    from core.errors import TrainingStopped
    from core.models.neural.training import prepare_or_stop

    release = threading.Event()
    with pytest.raises(TrainingStopped, match="stopped before training began"):
        prepare_or_stop(lambda: release.wait(30), lambda e: True, "building", "MLP")
    release.set()
    assert prepare_or_stop(lambda: 5, lambda e: False, "building", "MLP") == 5


def test_an_epochs_progress_counts_rows_when_the_batches_say_how_many():
    """Batches of 128, 128 and 64 rows: after each, 0.4, 0.8 and 1.0 of the epoch (by rows),
    not 1/3, 2/3, 1 (by batches); without sizes, by batches."""
    from core.progress import Progress

    for sizes, expected in (([128, 128, 64], [0.4, 0.8, 1.0]), (None, [1 / 3, 2 / 3, 1.0])):
        net = FakeNet([1.0] * 6)
        events: list[Progress] = []

        def batches(epoch, sizes=sizes):
            made = (iter([(b,) for b in range(3)]), 3)
            return made if sizes is None else (*made, sizes)

        run_training(n_epochs=2, batches=batches, train_step=net.step,
                     get_weights=net.get_weights, set_weights=net.set_weights,
                     on_progress=lambda e, events=events: events.append(e) and False)
        shown = [e.fraction for e in events if e.kind == "batch"]
        assert shown == pytest.approx([f / 2 for f in expected] + [(1 + f) / 2 for f in expected])


def test_events_say_when_early_stopping_ends_training_at_the_soonest():
    """patience 3: each event names the epoch training ends with if nothing improves again."""
    net = FakeNet([1.0] * 40)
    scores = iter([0.1, 0.2, 0.15, 0.3, 0.25, 0.2, 0.1])
    events = []
    result = run_training(n_epochs=20, batches=_batches(2), train_step=net.step,
                          get_weights=net.get_weights, set_weights=net.set_weights,
                          evaluate=lambda poll: {"NDCG@10": next(scores)}, patience=3,
                          on_progress=lambda e: events.append(e) and False)
    assert result.early_stopped and result.epochs_run == 7 and result.best_epoch == 4
    by_epoch = {e.epoch: e.soonest_end_epoch for e in events if e.kind == "epoch"}
    # improved at 1, 2 and 4 (-> that + 3); not at 3, 5, 6 (the end stays put)
    assert by_epoch == {1: 4, 2: 5, 3: 5, 4: 7, 5: 7, 6: 7, 7: 7}
    batches = {e.epoch: e.soonest_end_epoch for e in events if e.kind == "batch"}
    assert batches == {1: 4, 2: 4, 3: 5, 4: 5, 5: 7, 6: 7, 7: 7}  # as of the epoch before
    short = []
    run_training(n_epochs=2, batches=_batches(1), train_step=FakeNet([1.0] * 4).step,
                 get_weights=net.get_weights, set_weights=net.set_weights,
                 evaluate=lambda poll: {"NDCG@10": 0.1}, patience=5,
                 on_progress=lambda e: short.append(e) and False)
    assert {e.soonest_end_epoch for e in short if e.epoch} == {2}  # never past n_epochs
    plain = []
    run_training(n_epochs=2, batches=_batches(1), train_step=FakeNet([1.0] * 4).step,
                 get_weights=net.get_weights, set_weights=net.set_weights,
                 on_progress=lambda e: plain.append(e) and False)
    assert all(e.soonest_end_epoch is None for e in plain)  # no validation: no early stop


def test_the_soonest_eta_by_hand():
    from core.progress import Progress

    # 20 of 100 epochs done, 80 s left for the other 80: 1 s an epoch, soonest end epoch 31
    event = Progress("epoch", epoch=20, n_epochs=100, fraction=0.2, eta=80.0,
                     soonest_end_epoch=31)
    assert event.soonest_eta() == pytest.approx(11.0)
    assert event.soonest_eta(40.0) == pytest.approx(5.5)  # another pace, the same share
    assert Progress("epoch", epoch=20, n_epochs=100, fraction=0.2, eta=80.0).soonest_eta() \
        is None
