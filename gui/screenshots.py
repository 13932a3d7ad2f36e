"""Render the main window in each state to docs/screenshots/*.png (used in the README).

    QT_QPA_PLATFORM=offscreen python -m gui.screenshots [output-folder] [--language zh_CN]

States: the behaviour table, training with live curves (a small MLP), recommendations with
explanations, the evaluation comparison, and the similarity heatmap, each at 1280 × 800 (name.png,
used in the README) and 1920 × 1080 (name-1920x1080.png). Runs offscreen by default.
``--language zh_CN`` renders the Chinese interface into docs/screenshots/zh_CN/ (README.zh-CN.md);
it needs a CJK font installed (fonts-noto-cjk), or the pictures show boxes.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
SIZES = ((1280, 800), (1920, 1080))  # the first size is the README's; others get a suffix


def wait_for(condition: Callable[[], bool], timeout: float = 300.0) -> None:
    """Run the event loop until ``condition()`` holds (or raise after ``timeout`` seconds)."""
    deadline = time.monotonic() + timeout
    loop = QEventLoop()
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not reach the expected state in time")
        QTimer.singleShot(20, loop.quit)
        loop.exec()


def settle(ms: int = 300) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


class Shooter:
    """A main window on the small Movie night sample, photographed view by view."""

    def __init__(self, out: Path, language: str | None = None):
        from core.samples import movie_night
        from gui.i18n import manager
        from gui.main_window import MainWindow
        from gui.session import Session

        self.out = out
        self.saved: list[Path] = []
        if language:
            manager().apply(language)
        self.session = Session(movie_night("small"))
        self.window = MainWindow(self.session)
        self.window.resize(*SIZES[0])
        self.window.show()

    def shot(self, name: str, view: str) -> None:
        """One picture of ``view`` per size: name.png at the first size, name-WxH.png after."""
        window = self.window
        window.show_view(view)
        for n, (width, height) in enumerate(SIZES):
            window.resize(width, height)
            settle()
            path = self.out / (f"{name}.png" if n == 0 else f"{name}-{width}x{height}.png")
            window.grab().save(str(path))
            self.saved.append(path)
        window.resize(*SIZES[0])


@contextmanager
def shooting(out: Path, language: str | None = None) -> Iterator[Shooter]:
    """An offscreen app with fresh settings (the default layout, never a remembered one) and a
    window to photograph; the window is shut down and the saved paths printed at the end."""
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    QCoreApplication.setOrganizationName("RecLab")
    QCoreApplication.setApplicationName("RecLab-screenshots")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      tempfile.mkdtemp(prefix="reclab-shots-"))
    shooter = Shooter(out, language)
    try:
        yield shooter
    finally:
        shooter.window.shutdown()
        shooter.window.close()
    for path in shooter.saved:
        print(path)
    del app


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    language = None
    if "--language" in args:
        at = args.index("--language")
        language = args[at + 1]
        del args[at:at + 2]
    out = Path(args[0]) if args else OUT / language if language else OUT
    with shooting(out, language) as shooter:
        window, session, shot = shooter.window, shooter.session, shooter.shot
        shot("table", "table")

        column = window.model_panel
        column.form.set_model("mlp")
        column.form.set_params({"hidden": (64,), "epochs": 20, "batch_size": 8,
                                "validation": True, "patience": 20})
        mlp_params = column.form.params()
        window.show_view("training")
        column.train()
        wait_for(lambda: not column.training)
        shot("training", "training")

        recs = window.view("recommendations")
        window.show_view("recommendations")
        recs.set_user(session.data.user_ids[3])
        wait_for(lambda: not recs.pending)
        recs.table.selectRow(0)
        shot("recommendations", "recommendations")

        evaluation = window.view("evaluation")
        for name, params in (("popularity", {}), ("user-knn", {}), ("item-knn", {}),
                             ("mlp", mlp_params)):
            session.set_model_config(name, params)
            count = len(evaluation.results)
            evaluation.evaluate()
            wait_for(lambda count=count: len(evaluation.results) > count)
        shot("evaluation", "evaluation")

        shot("similarity", "similarity")
    return 0


if __name__ == "__main__":
    sys.exit(main())
