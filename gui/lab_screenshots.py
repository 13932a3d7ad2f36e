"""Render the learning-lab widgets to docs/screenshots/ (used in the README).

    QT_QPA_PLATFORM=offscreen python -m gui.lab_screenshots [output-folder]

- overfitting.png: the "Show me overfitting" preset trained in the Model & training panel —
  training and validation loss on one axis, the best epoch marked;
- sweep-heatmap.png: a two-parameter item-kNN sweep (k × shrinkage, 3 folds) on Movie night
  (medium);
- long-tail.png: the Evaluation view after popularity, item-kNN and user-kNN on ML-100K (from
  ../shared/data; the Movie night (medium) sample when it is absent).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from gui.screenshots import OUT, wait_for

SIZE = (1280, 800)


def overfitting(folder: Path) -> None:
    from core.interactions import Interactions
    from gui.session import Session
    from gui.training_panel import TrainingPanel

    panel = TrainingPanel(Session(Interactions.empty()))
    panel.resize(*SIZE)
    panel.show()
    panel.lessons.preset_buttons["overfit"].click()
    done: list = []
    panel.host.trained.connect(done.append)
    panel.train()
    wait_for(lambda: bool(done))
    panel.grab().save(str(folder / "overfitting.png"))
    panel.shutdown()


def sweep(folder: Path) -> None:
    from core.samples import movie_night
    from gui.session import Session
    from gui.sweep_view import SweepView

    view = SweepView(Session(movie_night("medium")))
    view.resize(*SIZE)
    view.show()
    view.set_model("item-knn")
    view.set_param(0, "k", "5, 10, 20, 50, 100")
    view.set_param(1, "shrinkage", "0, 10, 50")
    view.folds_spin.setValue(3)
    done: list = []
    view.host.swept.connect(done.append)
    view.run()
    wait_for(lambda: bool(done))
    view.grab().save(str(folder / "sweep-heatmap.png"))
    view.shutdown()


def long_tail(folder: Path) -> None:
    from core.io import load
    from core.samples import movie_night
    from gui.evaluation_panel import EvaluationPanel
    from gui.session import Session

    ml100k = Path(__file__).resolve().parents[2] / "shared" / "data" / "ml-100k"
    data = load(ml100k) if (ml100k / "u.data").exists() else movie_night("medium")
    panel = EvaluationPanel(Session(data))
    panel.resize(SIZE[0], 1000)
    panel.show()
    for config in (("popularity", {}), ("item-knn", {"k": 50}), ("user-knn", {"k": 50})):
        before = len(panel.results)
        panel.host.current_config = config
        panel.evaluate()
        wait_for(lambda before=before: len(panel.results) > before)
    panel.grab().save(str(folder / "long-tail.png"))
    panel.shutdown()


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else OUT
    folder.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    for shoot in (overfitting, sweep, long_tail):
        shoot(folder)
        print(f"wrote {shoot.__name__}", file=sys.stderr)
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
