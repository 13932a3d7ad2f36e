"""Model column + Training view: real worker thread, CF and a tiny MLP end to end, Stop, plot
export, form, and what a model without epochs shows."""

import dataclasses

import pytest

from core.models import MODELS, model_class
from core.samples import movie_night
from gui.model_form import ModelForm, describe_params, suggested_params
from gui.model_panel import ModelPanel
from gui.progress_format import format_seconds, progress_text
from gui.session import Session
from gui.training_view import TrainingView

TIMEOUT = 60_000


class Training:
    """The model column and the Training view of one session, side by side."""

    def __init__(self, session: Session, column: ModelPanel, view: TrainingView):
        self.session, self.column, self.view = session, column, view
        self.form, self.host = column.form, session.host
        self.statusMessage = column.statusMessage

    def train(self):
        self.column.train()

    def stop(self):
        self.column.stop()

    @property
    def training(self):
        return self.column.training

    def __getattr__(self, name):  # buttons live on the column, plots and series on the view
        if hasattr(self.column, name):
            return getattr(self.column, name)
        return getattr(self.view, name)


@pytest.fixture
def panel(qtbot):
    session = Session(movie_night("small"))
    column, view = ModelPanel(session), TrainingView(session)
    for widget in (column, view):
        qtbot.addWidget(widget)
    view.resize(1000, 600)
    yield Training(session, column, view)
    session.shutdown()


def test_cf_training_end_to_end_sets_session_model(qtbot, panel):
    panel.form.set_model("user-knn")
    panel.form.set_params({"k": 7})
    messages = []
    panel.statusMessage.connect(messages.append)
    with qtbot.waitSignal(panel.session.training.finished, timeout=TIMEOUT):
        panel.train()
    assert panel.session.model_name == "user-knn"
    assert panel.session.model.config.k == 7
    assert not panel.training and panel.train_button.isEnabled()
    assert messages[-1].startswith("Trained User-based kNN in ")
    assert not panel.view.showing_plots  # no empty loss plot for a model without epochs
    assert panel.view.message.text().startswith("User–user similarities computed for 50 users")


def test_als_draws_its_loss_per_iteration(qtbot, panel):
    """ALS reports its loss after every iteration: the view plots it (no batch or validation
    curve), titled as a training loss, rather than saying there is no loss curve."""
    panel.form.set_model("als")
    assert panel.view.showing_plots  # picked: the empty plot where its curve will grow
    panel.form.set_params({"iterations": 4, "factors": 4})
    with qtbot.waitSignal(panel.host.trained, timeout=TIMEOUT) as blocker:
        panel.train()
    result = blocker.args[0]
    assert result.error == "" and result.model is not None
    assert panel.view.showing_plots
    assert list(panel.epoch_curve.xData) == [1.0, 2.0, 3.0, 4.0]
    assert list(panel.epoch_curve.yData) == pytest.approx(list(result.model.loss_history))
    assert panel.batch_curve.xData is None or len(panel.batch_curve.xData) == 0
    assert panel.view.loss_plot.titleLabel.text.startswith("Training loss — ")
    legend = [label.text for _, label in panel.view.loss_legend.items]
    assert legend == ["training (after each iteration)"]  # no batch or validation entries
    panel.form.set_model("mlp")  # a neural model: its four curves named again
    assert [label.text for _, label in panel.view.loss_legend.items] == [
        "batch", "batch (smoothed)", "training (epoch mean)", "validation"]


def test_caser_names_no_validation_loss_it_does_not_draw(panel):
    """Caser validates by HR/NDCG only: its loss legend and title name no validation loss
    (they did, over an empty curve); NeuMF's do."""
    panel.form.set_model("caser")
    assert [label.text for _, label in panel.view.loss_legend.items] == [
        "batch", "batch (smoothed)", "training (epoch mean)"]
    assert panel.view.loss_plot.titleLabel.text.startswith("Training loss — Caser")
    panel.form.set_model("neumf")
    assert [label.text for _, label in panel.view.loss_legend.items][-1] == "validation"
    assert panel.view.loss_plot.titleLabel.text.startswith("Training and validation loss — ")


def test_tiny_mlp_draws_batch_epoch_and_validation_curves(qtbot, panel):
    panel.form.set_model("mlp")
    panel.form.set_params({"hidden": (8,), "epochs": 2, "batch_size": 16, "validation": True})
    with qtbot.waitSignal(panel.host.trained, timeout=TIMEOUT) as blocker:
        panel.train()
    result = blocker.args[0]
    assert result.error == "" and result.model is not None
    assert panel.session.model is result.model
    n_batches = -(-panel.session.data.n_users // 16)
    x, y = panel.batch_curve.xData, panel.batch_curve.yData  # full data (getData is clipped)
    assert len(x) == len(y) > 0
    assert max(x) == pytest.approx(2.0)  # epoch 2, last batch
    assert len(x) <= 2 * n_batches
    assert list(panel.epoch_curve.xData) == [1.0, 2.0]
    hr_x, hr_y = panel.val_curves["HR@10"].xData, panel.val_curves["HR@10"].yData
    assert list(hr_x) == [1.0, 2.0] and all(0 <= v <= 1 for v in hr_y)


def test_validation_plot_takes_space_only_when_validation_is_on(panel):
    in_layout = lambda: panel.val_plot in panel.plots.ci.items  # noqa: E731
    assert not in_layout()
    loss_height = panel.loss_plot.size().height()
    panel._show_validation(True)
    panel.plots.ci.layout.activate()
    assert in_layout() and panel.val_legend in panel.plots.ci.items
    assert panel.loss_plot.size().height() < loss_height  # the two plots now share the space
    panel._show_validation(False)
    assert not in_layout() and panel.val_legend not in panel.plots.ci.items


def test_epoch_axis_grows_in_steps_up_to_the_planned_epochs(panel):
    from core.progress import Progress

    panel._reset_series(15.0)
    seen = []
    for epoch in range(1, 16):
        for batch in (1, 2):
            panel._record(Progress("batch", epoch=epoch, n_epochs=15, batch=batch, n_batches=2,
                                   loss=1.0 / epoch))
            panel._redraw()
            seen.append(panel._x_max)
            x_range = panel.loss_plot.viewRange()[0]
            assert x_range[0] <= 0 and x_range[1] >= panel._bx[-1]  # the whole curve shows
    assert sorted(set(seen)) == [2.0, 4.0, 8.0, 15.0]  # four steps, capped at the plan


def test_batches_alone_redraw_only_the_batch_curves(panel, monkeypatch):
    from PySide6.QtWidgets import QGraphicsItem

    from core.progress import Progress

    view = panel.view
    view._on_started("mlp", {"epochs": 5, "validation": True})
    touched = []
    for curve in (view.batch_curve, view.smooth_curve, view.epoch_curve, view.val_loss_curve,
                  *view.val_curves.values()):
        monkeypatch.setattr(curve, "setData", lambda *a, c=curve, **k: touched.append(c))
    view._on_progress([Progress("batch", epoch=1, n_epochs=5, batch=b, n_batches=4, loss=2.0)
                       for b in (1, 2)])
    assert set(touched) == {view.batch_curve, view.smooth_curve}
    touched.clear()
    view._on_progress([Progress("batch", epoch=1, n_epochs=5, batch=4, n_batches=4, loss=1.0),
                       Progress("epoch", epoch=1, n_epochs=5, loss=1.5, val_loss=1.7,
                                metrics={"HR@10": 0.2, "NDCG@10": 0.1})])
    assert view.epoch_curve in touched and view.val_curves["NDCG@10"] in touched
    assert view.best_epoch == 1
    for plot in (view.loss_plot, view.val_plot):  # axes (with their grid) drawn from a cache
        assert plot.getAxis("bottom").cacheMode() == \
            QGraphicsItem.CacheMode.DeviceCoordinateCache


def test_stop_mid_training_keeps_a_usable_model_and_train_works_again(qtbot, panel):
    panel.form.set_model("mlp")
    panel.form.set_params({"hidden": (8,), "epochs": 500, "batch_size": 8, "patience": 500,
                           "validation": True})
    messages = []
    panel.statusMessage.connect(messages.append)
    panel.train()
    qtbot.waitUntil(lambda: len(panel._ex) >= 1, timeout=TIMEOUT)
    with qtbot.waitSignal(panel.host.trained, timeout=TIMEOUT) as blocker:
        panel.stop()
    result = blocker.args[0]
    assert result.stopped and result.model is not None
    assert result.epochs_done is not None and result.epochs_done < 500
    assert messages[-1].startswith("Stopped at epoch")
    assert "kept best model" in messages[-1]
    recs = result.model.recommend(panel.session.data, "Alice", 5)
    assert len(recs) == 5
    panel.form.set_model("popularity")
    with qtbot.waitSignal(panel.host.trained, timeout=TIMEOUT) as blocker:
        panel.train()
    assert blocker.args[0].model is not None and not blocker.args[0].stopped


def test_empty_table_is_reported_not_trained(qtbot, panel):
    from core.interactions import Interactions

    messages = []
    panel.statusMessage.connect(messages.append)
    panel.session.replace_data(Interactions.empty())
    panel.train()
    assert not panel.training and messages[-1].startswith("Nothing to train on")


def test_spin_boxes_keep_values_in_range(qtbot, panel):
    panel.form.set_model("user-knn")
    panel.form.field_widget("k").setValue(0)  # below the minimum: clamped to 1
    assert panel.form.params()["k"] == 1


def test_export_plot_writes_png(qtbot, panel, tmp_path):
    path = tmp_path / "plot.png"
    panel.export_plot(str(path))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_every_model_knob_has_a_one_sentence_tooltip(qtbot):
    form = ModelForm()
    qtbot.addWidget(form)
    for name in MODELS:
        form.set_model(name)
        assert form.model_name() == name
        fields = [f.name for f in dataclasses.fields(model_class(name).Config)]
        assert sorted(form.params()) == sorted(fields)
        for field in fields:
            tip = form.field_widget(field).toolTip()
            assert tip.endswith(".") and tip.count(". ") == 0, (name, field, tip)


def test_form_round_trips_typed_values_and_remembers_them_per_model(qtbot):
    form = ModelForm()
    qtbot.addWidget(form)
    form.set_model("neumf")
    form.set_params({"hidden": (32, 16), "learning_rate": 0.005, "negatives": 2})
    params = form.params()
    assert params["hidden"] == (32, 16) and params["learning_rate"] == 0.005
    assert params["negatives"] == 2 and isinstance(params["validation"], bool)
    model_class("neumf").Config(**params)  # the values build a valid Config
    form.set_model("item-knn")
    form.set_model("neumf")
    assert form.params()["hidden"] == (32, 16)


def test_suggestions_follow_dataset_size():
    small = movie_night("small")
    assert suggested_params("user-knn", small)["k"] < 50
    assert suggested_params("mlp", small)["epochs"] >= 10
    assert describe_params("user-knn", {"k": 50, "similarity": "jaccard"}) == "similarity=jaccard"


def test_fields_set_to_a_suggestion_for_the_table_are_marked_and_say_so(qtbot):
    from gui.model_form import SUGGESTED_MARK

    small = movie_night("small")
    k = suggested_params("user-knn", small)["k"]
    form = ModelForm()
    qtbot.addWidget(form)
    form.set_model("user-knn")
    assert not form.field_label("k").text().endswith(SUGGESTED_MARK)  # no table yet
    form.apply_suggestions(small)
    label = form.field_label("k")
    assert form.params()["k"] == k != 50
    assert label.text() == "Neighbours" + SUGGESTED_MARK
    assert label.toolTip().endswith("Suggested for this table's shape (the default is 50).")
    assert form.field_widget("k").toolTip() == label.toolTip()
    assert form.field_label("similarity").text() == "Similarity"  # default kept: no mark
    form.field_widget("k").setValue(k + 1)  # the user's own value: no longer a suggestion
    assert label.text() == "Neighbours" and "Suggested" not in label.toolTip()
    form.field_widget("k").setValue(k)
    assert label.text().endswith(SUGGESTED_MARK)
    form.set_model("mlp")  # another model: its own suggestions for the same table
    assert form.field_label("epochs").text().endswith(SUGGESTED_MARK)


def test_progress_text_and_time_format():
    from core.progress import Progress

    event = Progress("batch", epoch=3, n_epochs=10, batch=120, n_batches=400, eta=75)
    assert progress_text(event, 75) == "Epoch 3/10 · batch 120/400 · ETA 1 min 15 s"
    assert format_seconds(3725) == "1 h 02 min"
    assert format_seconds(9.6) == "10 s"


def test_no_eta_until_it_can_be_right():
    """10 epochs of 2 s each after 20 s of compiling: the true time left is known exactly."""
    from core.progress import Progress
    from gui.progress_format import EtaEstimator

    compile_s, epoch_s, n = 20.0, 2.0, 10

    def at(epoch: int, part: float, kind: str = "batch") -> Progress:
        done = (epoch - 1 + part) / n
        elapsed = compile_s + (epoch - 1 + part) * epoch_s
        return Progress(kind, epoch=epoch, n_epochs=n, fraction=done, elapsed=elapsed,
                        eta=elapsed / done * (1 - done))  # what core reports

    estimator = EtaEstimator()
    assert estimator.update(at(1, 0.5)) is None  # compiling inside epoch 1: no ETA
    assert estimator.update(at(1, 1.0, "epoch")) is None
    assert estimator.update(at(2, 0.25)) is None  # too little timed yet
    core_says = at(2, 0.6).eta
    ours = estimator.update(at(2, 0.6))
    truth = (n - 1.6) * epoch_s
    assert abs(ours - truth) <= 0.3 * truth
    assert abs(core_says - truth) > 0.3 * truth  # the naive ETA would have been far off
    assert progress_text(at(2, 0.6), ours).endswith(f"ETA {format_seconds(ours)}")
    assert "ETA" not in progress_text(at(2, 0.5))
    early = Progress("stage", "scoring users", fraction=0.05, eta=50)
    late = Progress("stage", "scoring users", fraction=0.5, eta=50)
    assert estimator.update(early) is None and estimator.update(late) == 50


def test_progress_says_when_it_is_still_estimating_and_shows_the_epoch_eta():
    from core.progress import Progress

    first = Progress("batch", epoch=1, n_epochs=10, batch=3, n_batches=40, fraction=0.01,
                     epoch_eta=74.0)
    assert progress_text(first) == "Epoch 1/10 · epoch ETA 1 min 14 s"
    assert progress_text(first, 600.0).endswith("ETA 10 min 00 s")  # the whole fit's, once known
    unsure = Progress("stage", "item similarities", fraction=0.2)
    assert progress_text(unsure) == "item similarities · estimating time left…"
    assert progress_text(Progress("stage", "item similarities", fraction=0.2, eta=3.0),
                         3.0) == "item similarities · ETA 3 s"


def test_a_neural_start_says_it_is_compiling(qtbot, panel):
    import threading

    gate = threading.Event()
    panel.host.call(lambda: gate.wait(30))  # hold the worker: the job has not begun
    panel.form.set_model("neumf")
    panel.train()
    assert panel.column.progress.format() == "Compiling the training step…"
    assert "compiling the training step" in panel.view.loss_plot.titleLabel.text
    panel.stop()
    gate.set()
    with qtbot.waitSignal(panel.session.training.finished, timeout=TIMEOUT) as blocker:
        pass
    assert blocker.args[0].model is None  # stopped before it began: nothing to keep


@pytest.mark.parametrize(("field", "text"), [("dropout", "2"), ("dropout", "1.0"),
                                             ("learning_rate", "-0.001")])
def test_form_values_out_of_range_are_refused_by_core_with_the_field_name(qtbot, field, text):
    from core.errors import ConfigError

    form = ModelForm()
    qtbot.addWidget(form)
    form.set_model("mlp")
    form.field_widget(field).setText(text)
    with pytest.raises(ConfigError, match=f"^{field}: must be"):
        model_class("mlp").Config(**form.params())


def test_form_widgets_take_their_ranges_and_labels_from_the_config(qtbot):
    from PySide6.QtWidgets import QSpinBox

    from core.models.params import param_specs

    form = ModelForm()
    qtbot.addWidget(form)
    for name in MODELS:
        form.set_model(name)
        for pf in param_specs(model_class(name).Config):
            widget = form.field_widget(pf.name)
            assert widget.toolTip() == pf.spec.help
            if isinstance(widget, QSpinBox):
                assert widget.minimum() == pf.spec.minimum
                assert widget.maximum() == min(pf.spec.maximum, 2**31 - 1)


def test_a_diverged_training_is_worded_as_a_warning():
    from core.models import create_model
    from core.models.neural.training import TrainingResult
    from gui.training_run import outcome_message
    from gui.worker import TrainResult

    model = create_model("popularity").fit(movie_night("small"))
    model.training_result = TrainingResult(epochs_run=2, diverged="training diverged at epoch 3")
    message = outcome_message(TrainResult(7, "mlp", {}, model, 1.0, False, 2, 5))
    assert message.startswith("Warning: MLP (Mult-DAE) training diverged at epoch 3")
    assert "kept the best weights" in message


def test_with_early_stopping_the_time_left_is_a_range():
    from core.cli import format_progress
    from core.progress import Progress
    from gui.progress_format import EtaEstimator

    event = Progress("batch", epoch=20, n_epochs=100, batch=3, n_batches=16, fraction=0.2,
                     eta=160.0, elapsed=42.0, soonest_end_epoch=31)
    assert progress_text(event, 160.0, 22.0) == "Epoch 20/100 · ETA 22 s to 2 min 40 s"
    assert progress_text(event, 160.0, 150.0) == \
        "Epoch 20/100 · batch 3/16 · ETA 2 min 40 s"  # near the last epoch: one figure
    assert "eta 22-160s (early stopping)" in format_progress(event)
    estimator = EtaEstimator()
    estimator.update(Progress("epoch", epoch=1, n_epochs=100, fraction=0.01, elapsed=4.0,
                              soonest_end_epoch=11))
    eta = estimator.update(event)  # 38 s for 19 epochs since the first: 2 s an epoch
    assert eta == pytest.approx(160.0)
    assert estimator.soonest == pytest.approx(22.0)  # 11 epochs to go at the soonest
    estimator.reset()
    assert estimator.soonest is None
