"""Training lessons: the overfitting preset's two loss curves, best epoch, N % of users."""

import numpy as np
import pytest

from core.interactions import Interactions
from core.presets import OVERFIT
from core.samples import movie_night
from gui.model_panel import ModelPanel
from gui.session import Session
from gui.training_view import TrainingView

TIMEOUT = 120_000


@pytest.fixture
def lab(qtbot):
    other = Interactions.from_triples(["a", "a", "b"], ["x", "y", "x"], name="other")
    session = Session(other)
    column, view = ModelPanel(session), TrainingView(session)
    for widget in (column, view):
        qtbot.addWidget(widget)
    view.resize(1000, 600)
    yield session, column, view
    session.shutdown()


def test_overfitting_preset_draws_two_loss_curves_whose_gap_grows(qtbot, lab):
    session, column, view = lab
    view.presets.buttons["overfit"].click()
    assert session.data.name == OVERFIT.sample  # the preset opened its sample
    form = column.form
    assert form.model_name() == "mlp"
    params = form.params()
    assert params["dropout"] == 0 and params["l2"] == 0 and params["hidden"] == (1024, 1024)
    assert params["patience"] == params["epochs"]  # no early stopping
    form.set_params({"epochs": 10, "patience": 10})  # a shorter run for the test
    with qtbot.waitSignal(session.training.finished, timeout=TIMEOUT):
        column.train()
    train_x, train_y = view.epoch_curve.getData()
    val_x, val_y = view.val_loss_curve.getData()
    assert len(train_x) == len(val_x) == 10
    gap = np.asarray(val_y) - np.asarray(train_y)
    assert gap[-1] > gap[0] + 1.0
    assert view.best_epoch is not None and view.best_lines[0].isVisible()
    assert view.best_lines[0].value() == view.best_epoch == view.best_lines[1].value()


def test_cure_preset_from_the_menu_and_user_fraction_reach_the_job(qtbot, lab):
    session, column, view = lab
    actions = {a.text(): a for a in view.menu_actions()}
    actions["Cure it"].trigger()
    assert column.form.params()["dropout"] == 0.5
    column.fraction.set_user_fraction(0.3)
    assert session.model_config[1]["user_fraction"] == pytest.approx(0.3)
    column.form.set_params({"epochs": 2})
    with qtbot.waitSignal(session.host.trained, timeout=TIMEOUT) as blocker:
        column.train()
    result = blocker.args[0]
    assert result.error == "" and result.params["user_fraction"] == pytest.approx(0.3)
    assert result.model.user_fraction == pytest.approx(0.3)
    assert result.model.trained_users.sum() == round(0.3 * movie_night("small").n_users)
