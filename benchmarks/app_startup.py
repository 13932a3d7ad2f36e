"""Cold start of the desktop app, run as ``python -m benchmarks.app_startup`` in a fresh process.

Mirrors ``gui.app.main``: create the application, build and show the main window; when the event
loop first runs after ``show()`` (the window is on screen), print one JSON line with the seconds
since the *parent* launched this process (``RECLAB_BENCH_T0``, a ``time.time()`` stamp, so
interpreter start-up and every import count) and whether TensorFlow was imported, then quit.

With ``RECLAB_BENCH_BARE=1`` an empty ``QMainWindow`` is shown instead: the floor that Python,
Qt and the offscreen platform cost on this machine before any RecLab code.
"""

from __future__ import annotations

import json
import os
import sys
import time


def main() -> None:
    t0 = float(os.environ.get("RECLAB_BENCH_T0", time.time()))
    if os.environ.get("RECLAB_BENCH_BARE") == "1":
        from PySide6.QtWidgets import QApplication, QMainWindow

        app = QApplication([])
        window = QMainWindow()
        window.shutdown = lambda: None
    else:
        from gui.app import create_application

        app = create_application()
        from gui.main_window import MainWindow

        window = MainWindow()
    from PySide6.QtCore import QTimer

    window.show()

    def shown() -> None:
        elapsed = time.time() - t0
        heavy = {m: m in sys.modules for m in ("tensorflow", "sklearn", "pandas", "pyqtgraph")}
        print(json.dumps({"shown_s": elapsed, "visible": window.isVisible(),
                          "tensorflow_imported": heavy.pop("tensorflow"), "imported": heavy}),
              flush=True)
        window.shutdown()
        app.quit()

    QTimer.singleShot(0, shown)
    app.exec()


if __name__ == "__main__":
    main()
