"""Render the "look inside" views to docs/screenshots/ (used in the README).

    QT_QPA_PLATFORM=offscreen python -m gui.inside_screenshots [output-folder]

The main window at 1280 × 800:

- map_genre.png: the Map view of item-kNN on "Movie night (medium)", coloured by genre, one item
  clicked (its nearest neighbours ringed and listed);
- map_user.png: the same map with one user's history and top-10 recommendations marked;
- why_seed.png: Recommendations on the seed example (user-kNN, user1) with the Why? panel of
  the first recommendation, item4.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
SIZE = (1280, 800)


def _wait(condition, timeout: float = 300.0) -> None:
    deadline = time.monotonic() + timeout
    loop = QEventLoop()
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the view did not reach the expected state in time")
        QTimer.singleShot(20, loop.quit)
        loop.exec()


def _window(data, model: str):
    """A main window on ``data`` with ``model`` trained from the model column."""
    from gui.main_window import MainWindow
    from gui.session import Session

    session = Session(data)
    window = MainWindow(session)
    window.resize(*SIZE)
    window.show()
    column = window.model_panel
    column.form.set_model(model)
    column.train()
    _wait(lambda: not column.training and session.model is not None)
    return session, window


def main(out: Path = OUT) -> list[Path]:
    import tempfile

    from PySide6.QtCore import QCoreApplication, QSettings

    from core.samples import load_sample, seed_example

    app = QApplication.instance() or QApplication(sys.argv)
    QCoreApplication.setOrganizationName("RecLab")
    QCoreApplication.setApplicationName("RecLab-screenshots")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      tempfile.mkdtemp(prefix="reclab-shots-"))
    out.mkdir(parents=True, exist_ok=True)
    written = []

    def shot(window, name: str) -> None:
        app.processEvents()
        written.append(out / name)
        window.grab().save(str(written[-1]))

    session, window = _window(load_sample("Movie night (medium)"), "item-knn")
    try:
        window.show_view("map")
        view = window.view("map")
        view.colour_combo.setCurrentIndex(view.colour_combo.findData("genre"))
        view.compute()
        _wait(lambda: view.map is not None and view._thread is None)
        # an item away from the crowd, so its ringed neighbours are visible
        centre = view.coords.mean(axis=0)
        spread = ((view.coords - centre) ** 2).sum(axis=1)
        pick = int(((spread > spread.mean()) * view.counts).argmax())
        view.select_item(view.ids[pick])
        _wait(lambda: bool(view.neighbours))
        shot(window, "map_genre.png")
        view.selected, view.neighbours, view.recommended = -1, [], []
        counts = session.data.matrix.getnnz(axis=1)
        user = session.data.user_ids[int(np.argmin(np.abs(counts - 25)))]  # a short history
        view.show_user(user)
        _wait(lambda: bool(view.recommended))
        shot(window, "map_user.png")
    finally:
        window.shutdown()
        window.close()

    session, window = _window(seed_example(), "user-knn")
    try:
        window.show_view("recommendations")
        recs = window.view("recommendations")
        recs.set_user("user1")
        _wait(lambda: not recs.pending)
        recs.splitter.setSizes([330, 570])  # room for the Why? table's columns
        recs.table.selectRow(0)
        _wait(lambda: recs.why.current is not None)
        shot(window, "why_seed.png")
    finally:
        window.shutdown()
        window.close()
    return written


if __name__ == "__main__":
    for path in main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT):
        print(path)
