"""The best-epoch line is named in the validation legend, so no text covers the curves."""

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QGraphicsTextItem

from core.progress import Progress
from core.samples import movie_night
from gui.session import Session
from gui.training_view import BEST_LABEL, TrainingView

HR = [0.54, 0.58, 0.60, 0.58, 0.52, 0.52, 0.42, 0.40]  # best at epoch 3, at the top of the plot
NDCG = [0.33, 0.36, 0.38, 0.34, 0.27, 0.25, 0.21, 0.19]


@pytest.fixture
def view(qtbot):
    session = Session(movie_night("small"))
    view = TrainingView(session)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    qtbot.waitExposed(view)
    yield view
    session.shutdown()


def test_no_text_covers_a_data_point_and_the_legend_names_the_best_epoch(qtbot, view):
    view._on_started("mlp", {"epochs": len(HR), "validation": True, "monitor": "NDCG@10"})
    view.stack.setCurrentWidget(view.plots)
    view._on_progress([Progress("epoch", epoch=e + 1, loss=3.0 - 0.1 * e, val_loss=3.0 + 0.2 * e,
                                metrics={"HR@10": hr, "NDCG@10": nd})
                       for e, (hr, nd) in enumerate(zip(HR, NDCG, strict=True))])
    qtbot.wait(50)
    assert view.best_epoch == 3 and view.best_lines[1].isVisible()

    for plot, curves in ((view.val_plot, view.val_curves.values()),
                         (view.loss_plot, (view.epoch_curve, view.val_loss_curve))):
        box = plot.vb.sceneBoundingRect()
        points = [plot.vb.mapViewToScene(QPointF(x, y))
                  for curve in curves for x, y in zip(*curve.getData(), strict=True)]
        assert points and all(box.contains(p) for p in points)
        texts = [t for t in plot.scene().items() if isinstance(t, QGraphicsTextItem)
                 and t.isVisible() and t.sceneBoundingRect().intersects(box)]
        for text in texts:
            rect = text.sceneBoundingRect().adjusted(-3, -3, 3, 3)  # marker radius
            assert not any(rect.contains(p) for p in points), text.toPlainText()

    label = view.val_legend.getLabel(view.best_sample)
    assert label.text == f"{BEST_LABEL}: 3"
    legend = view.val_legend.sceneBoundingRect()
    assert legend.top() >= view.val_plot.sceneBoundingRect().bottom() - 1
