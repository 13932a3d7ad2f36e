"""Render the learning lab in the main window to docs/screenshots/ (used in the README).

    QT_QPA_PLATFORM=offscreen python -m gui.lab_screenshots [output-folder]

At 1280 × 800 (name.png) and 1920 × 1080 (name-1920x1080.png):

- overfitting: the "Show me overfitting" preset trained — training and validation loss on one
  axis, the best epoch marked (Training view);
- sweep-heatmap: a two-parameter item-kNN sweep (k × shrinkage, 3 folds) on Movie night
  (medium) (Sweep view);
- long-tail: the Evaluation view's "Beyond accuracy and long tail" tab after popularity,
  item-kNN and user-kNN on ML-100K (from ../shared/data; Movie night (medium) without it).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from gui.screenshots import OUT, shooting, wait_for

ML100K = Path(__file__).resolve().parents[2] / "shared" / "data" / "ml-100k"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    from core.io import load
    from core.samples import movie_night

    with shooting(Path(args[0]) if args else OUT) as shooter:
        window, session, shot = shooter.window, shooter.session, shooter.shot
        training = window.view("training")
        window.show_view("training")
        training.presets.buttons["overfit"].click()
        window.model_panel.train()
        wait_for(lambda: not window.model_panel.training)
        shot("overfitting", "training")

        session.replace_data(movie_night("medium"))
        sweep = window.view("sweep")
        window.show_view("sweep")
        sweep.set_model("item-knn")
        sweep.set_param(0, "k", "5, 10, 20, 50, 100")
        sweep.set_param(1, "shrinkage", "0, 10, 50")
        sweep.folds_spin.setValue(3)
        sweep.run()
        wait_for(lambda: not sweep.running)
        shot("sweep-heatmap", "sweep")

        session.replace_data(load(ML100K) if (ML100K / "u.data").exists()
                             else movie_night("medium"))
        evaluation = window.view("evaluation")
        window.show_view("evaluation")
        for name, params in (("popularity", {}), ("item-knn", {"k": 50}),
                             ("user-knn", {"k": 50})):
            session.set_model_config(name, params)
            count = len(evaluation.results)
            evaluation.evaluate()
            wait_for(lambda count=count: len(evaluation.results) > count)
        evaluation.lower_tabs.setCurrentWidget(evaluation.beyond)
        shot("long-tail", "evaluation")
    return 0


if __name__ == "__main__":
    sys.exit(main())
