"""Training panel lessons: the overfitting preset's two loss curves, best epoch, N % of users."""

import numpy as np
import pytest

from core.interactions import Interactions
from core.presets import OVERFIT
from core.samples import movie_night
from gui.session import Session
from gui.training_panel import TrainingPanel

TIMEOUT = 120_000


@pytest.fixture
def panel(qtbot):
    other = Interactions.from_triples(["a", "a", "b"], ["x", "y", "x"], name="other")
    p = TrainingPanel(Session(other))
    qtbot.addWidget(p)
    p.resize(1000, 600)
    yield p
    p.shutdown()


def test_overfitting_preset_draws_two_loss_curves_whose_gap_grows(qtbot, panel):
    panel.lessons.preset_buttons["overfit"].click()
    assert panel.session.data.name == OVERFIT.sample  # the preset opened its sample
    assert panel.form.model_name() == "mlp"
    params = panel.form.params()
    assert params["dropout"] == 0 and params["l2"] == 0 and params["hidden"] == (1024, 1024)
    panel.form.set_params({"epochs": 10, "patience": 10})  # a shorter run for the test
    with qtbot.waitSignal(panel.host.trained, timeout=TIMEOUT):
        panel.train()
    train_x, train_y = panel.epoch_curve.getData()
    val_x, val_y = panel.val_loss_curve.getData()
    assert len(train_x) == len(val_x) == 10
    gap = np.asarray(val_y) - np.asarray(train_y)
    assert gap[-1] > gap[0] + 1.0
    assert panel.best_epoch is not None and panel.best_lines[0].isVisible()
    assert panel.best_lines[0].value() == panel.best_epoch == panel.best_lines[1].value()


def test_cure_preset_and_user_fraction_reach_the_job(qtbot, panel):
    panel.lessons.preset_buttons["cure"].click()
    assert panel.form.params()["dropout"] == 0.5
    panel.lessons.set_user_fraction(0.3)
    assert panel.host.current_config[1]["user_fraction"] == pytest.approx(0.3)
    panel.form.set_params({"epochs": 2})
    with qtbot.waitSignal(panel.host.trained, timeout=TIMEOUT) as blocker:
        panel.train()
    result = blocker.args[0]
    assert result.error == "" and result.params["user_fraction"] == pytest.approx(0.3)
    model = result.model
    assert model.user_fraction == pytest.approx(0.3)
    assert model.trained_users.sum() == round(0.3 * movie_night("small").n_users)
