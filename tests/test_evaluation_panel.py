"""Evaluation panel: runs core's protocol in the worker and accumulates comparable rows."""

import pytest
from PySide6.QtCore import Qt

from core.evaluation import evaluate, leave_last_out, random_holdout
from core.models import create_model
from core.samples import movie_night
from gui.evaluation_panel import EvaluationPanel
from gui.session import Session

TIMEOUT = 30_000


@pytest.fixture
def panel(qtbot):
    p = EvaluationPanel(Session(movie_night("small")))
    qtbot.addWidget(p)
    yield p
    p.session.shutdown()


def run(qtbot, panel):
    with qtbot.waitSignal(panel.resultAdded, timeout=TIMEOUT) as blocker:
        panel.evaluate()
    return blocker.args[0]


def test_evaluate_adds_a_row_with_cores_metrics(qtbot, panel):
    data = panel.session.data
    panel.session.set_model_config("item-knn", {"k": 10})
    outcome = run(qtbot, panel)
    split = leave_last_out(data, seed=0)
    expected = evaluate(create_model("item-knn", k=10).fit(split.train), split, k=10)
    assert outcome.metrics == pytest.approx(expected.metrics)
    assert panel.comparison.rowCount() == 1
    headers = [panel.comparison.headerData(c, Qt.Orientation.Horizontal)
               for c in range(panel.comparison.columnCount())]
    hr_col = headers.index("HR@K")
    assert panel.comparison.cell(0, 1) == "item-knn"
    assert panel.comparison.cell(0, hr_col) == f"{expected.metrics['HR@10']:.3f}"


def test_results_accumulate_across_models_splits_and_chart(qtbot, panel):
    data = panel.session.data
    panel.session.set_model_config("popularity", {})
    run(qtbot, panel)
    panel.session.set_model_config("user-knn", {"k": 5})
    panel.split_combo.setCurrentIndex(panel.split_combo.findData("random"))
    panel.k_combo.setCurrentIndex(panel.k_combo.findData(5))
    second = run(qtbot, panel)
    split = random_holdout(data, 0.2, 0)
    expected = evaluate(create_model("user-knn", k=5).fit(split.train), split, k=5)
    assert second.metrics == pytest.approx(expected.metrics)
    assert panel.comparison.rowCount() == 2 and len(panel.results) == 2
    heights = panel._bars["NDCG"].opts["height"]
    assert list(heights) == pytest.approx([panel.results[0].metrics["NDCG@10"],
                                           expected.metrics["NDCG@5"]])
    panel.clear()
    assert panel.comparison.rowCount() == 0 and len(panel._bars["HR"].opts["height"]) == 0


def test_sampled_protocol_and_uses_trained_model_when_form_is_absent(qtbot, panel):
    session = panel.session
    session.set_model(create_model("user-knn", k=4).fit(session.data), "user-knn")
    assert panel.chosen_config() == ("user-knn", session.model.config.to_dict())
    panel.sampled_check.setChecked(True)
    outcome = run(qtbot, panel)
    assert outcome.protocol == "sampled-99" and outcome.params["k"] == 4


def test_bad_evaluation_reports_error_without_a_row(qtbot, panel):
    panel.session.set_model_config("user-knn", {"k": 0})  # core rejects k < 1
    messages = []
    panel.statusMessage.connect(messages.append)
    with qtbot.waitSignal(panel.host.evaluated, timeout=TIMEOUT):
        panel.evaluate()
    assert panel.comparison.rowCount() == 0
    assert messages[-1].startswith("Evaluation of user-knn failed")
    assert panel.evaluate_button.isEnabled()


def test_comparison_model_passes_qt_model_tester(qtmodeltester):
    from gui.comparison_model import ComparisonModel

    model = ComparisonModel(["#", "Model", "HR@K"], first_numeric=2)
    model.append(["1", "item-knn", "0.203"])
    model.append(["2", "mlp", "0.182"])
    qtmodeltester.check(model)
    assert model.data(model.index(1, 1)) == "mlp"
    assert model.data(model.index(0, 2), Qt.ItemDataRole.TextAlignmentRole) == int(
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    )
    with pytest.raises(ValueError):
        model.append(["3", "too short"])
