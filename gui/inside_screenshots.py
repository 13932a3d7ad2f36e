"""Render the "look inside" views to docs/screenshots/ (used in the README).

    QT_QPA_PLATFORM=offscreen python -m gui.inside_screenshots [output-folder]

- map_genre.png: item-kNN's item map of "Movie night (medium)", coloured by genre, one item
  clicked (its nearest neighbours ringed and listed);
- map_user.png: the same map with one user's history and top-10 recommendations marked;
- why_seed.png: the Why? panel on the seed example: user-kNN, user1, item4.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def _wait(condition, timeout: float = 300.0) -> None:
    deadline = time.monotonic() + timeout
    loop = QEventLoop()
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the view did not reach the expected state in time")
        QTimer.singleShot(20, loop.quit)
        loop.exec()


def main(out: Path = OUT) -> list[Path]:
    from core.models import create_model
    from core.samples import load_sample, seed_example
    from gui.map_view import MapView
    from gui.session import Session
    from gui.why_panel import WhyPanel

    app = QApplication.instance() or QApplication(sys.argv)
    out.mkdir(parents=True, exist_ok=True)
    written = []

    session = Session(load_sample("Movie night (medium)"))
    session.set_model(create_model("item-knn").fit(session.data), "item-knn")
    view = MapView(session)
    view.resize(1280, 800)
    view.show()
    view.colour_combo.setCurrentIndex(view.colour_combo.findData("genre"))
    view.compute()
    _wait(lambda: view.map is not None and view._thread is None)
    popular = int(view.counts.argmax())
    view.select_item(view.ids[popular])
    _wait(lambda: bool(view.neighbours))
    app.processEvents()
    written.append(out / "map_genre.png")
    view.grab().save(str(written[-1]))

    user = session.data.user_ids[int(session.data.matrix.getnnz(axis=1).argmin())]
    view.select_item("")
    view.selected, view.neighbours = -1, []
    view.show_user(user)
    _wait(lambda: bool(view.recommended))
    app.processEvents()
    written.append(out / "map_user.png")
    view.grab().save(str(written[-1]))
    view.shutdown()

    seed = Session(seed_example())
    seed.set_model(create_model("user-knn").fit(seed.data), "user-knn")
    panel = WhyPanel(seed)
    panel.resize(760, 240)
    panel.show()
    panel.show_for("user1", "item4")
    _wait(lambda: panel.current is not None)
    app.processEvents()
    written.append(out / "why_seed.png")
    panel.grab().save(str(written[-1]))
    return written


if __name__ == "__main__":
    for path in main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT):
        print(path)
