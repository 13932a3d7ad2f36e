"""Evaluation panel: runs core's protocol in the worker and accumulates comparable rows."""

import numpy as np
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
    assert panel.comparison.cell(0, 1) == "Item-based kNN"  # the label the form shows
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


def test_the_newest_result_scrolls_into_view(qtbot, panel):
    panel.resize(1000, 600)
    panel.show()
    panel.session.set_model_config("popularity", {})
    for _ in range(6):
        run(qtbot, panel)
    last = panel.comparison.rowCount() - 1
    top = panel.table.rowViewportPosition(last)
    assert top >= 0 and top + panel.table.rowHeight(last) <= panel.table.viewport().height()
    assert panel.table.rowViewportPosition(0) < 0  # the first rows scrolled away


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
    assert messages[-1].startswith("Evaluation of User-based kNN failed")
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


def test_beyond_accuracy_tables_and_long_tail_plot(qtbot, panel):
    from core.evaluation.beyond import beyond_of

    data = panel.session.data
    panel.session.set_model_config("popularity", {})
    run(qtbot, panel)
    panel.session.set_model_config("item-knn", {"k": 10})
    outcome = run(qtbot, panel)
    split = leave_last_out(data, seed=0)
    model = create_model("item-knn", k=10).fit(split.train)
    expected = beyond_of(evaluate(model, split, k=10, per_user=True), split)
    view = panel.beyond
    assert view.summary.rowCount() == 2
    assert view.summary.cell(1, 3) == f"{expected.novelty:.2f}"
    assert outcome.beyond.diversity == pytest.approx(expected.diversity)
    # Long tail: one curve per evaluation, x = items by popularity, y = times recommended.
    assert len(view.long_tail.curves) == 2
    from gui.long_tail_plot import binned

    assert view.long_tail.curves[1].yData == pytest.approx(
        binned(expected.long_tail.recommended)[1])
    # Ranks 1..7 in log bins with 3 edges over geomspace(1, 8, 4) = 1, 2, 4, 8:
    centres, means = binned(np.array([8, 4, 2, 2, 1, 1, 1]), n_bins=3)
    assert means == pytest.approx([8, 3, 1.25])
    assert centres == pytest.approx([1, np.sqrt(2 * 3), np.sqrt(4 * 7)])
    # Per-group table of the latest evaluation, users then items.
    assert view.groups.rowCount() == 3 and view.groups.cell(0, 0) == "cold"
    view.group_kind.setCurrentIndex(1)
    assert [view.groups.cell(r, 0) for r in range(2)] == ["head", "tail"]
    assert "never used by a sweep" in panel.sweep_note.text()
    # The chart compares any metric, accuracy or beyond.
    view.chart_metric.setCurrentText("PopPercentile@10")
    assert list(view.bars.opts["height"]) == pytest.approx(
        [panel.results[0].beyond.popularity_recommended, expected.popularity_recommended])
    view.chart_metric.setCurrentText("HR@10")
    assert view.bars.opts["height"][1] == pytest.approx(outcome.metrics["HR@10"])
    panel.clear()
    assert view.summary.rowCount() == 0 and not view.long_tail.curves


def test_sampled_results_are_labelled_in_the_beyond_view(qtbot, panel):
    panel.session.set_model_config("popularity", {})
    panel.sampled_check.setChecked(True)
    run(qtbot, panel)
    assert panel.beyond.summary.cell(0, 1) == "Most popular items [sampled-99]"
    assert panel.beyond.group_choice.itemText(0).endswith("[sampled-99]")


def test_a_long_data_name_does_not_push_the_metrics_away(qtbot):
    from core.interactions import Interactions
    from gui.evaluation_panel import DATA_COLUMN

    sample = movie_night("small")
    data = Interactions(sample.user_ids, sample.item_ids, sample.matrix, sample.timestamps,
                        name="a very long export name from the shop's analytics system " * 3)
    panel = EvaluationPanel(Session(data))
    qtbot.addWidget(panel)
    try:
        panel.session.set_model_config("popularity", {})
        run(qtbot, panel)
        assert panel.table.columnWidth(DATA_COLUMN) <= 240
        cell = panel.comparison.index(0, DATA_COLUMN)
        assert data.name in cell.data(Qt.ItemDataRole.ToolTipRole)  # the whole name on hover
    finally:
        panel.session.shutdown()


def test_rank_ticks_label_every_round_rank_only_over_few_decades():
    from gui.long_tail_plot import rank_ticks

    labelled, minor = rank_ticks(500)
    assert [t[1] for t in labelled] == ["1", "2", "5", "10", "20", "50", "100", "200", "500"]
    assert minor == []
    labelled, minor = rank_ticks(20_000)
    assert [t[1] for t in labelled] == ["1", "10", "100", "1,000", "10,000"]
    assert [round(10 ** t[0]) for t in minor] == [2, 5, 20, 50, 200, 500, 2000, 5000, 20000]
    assert {t[1] for t in minor} == {""}
