"""Start-up: check for a display, create the QApplication and the main window.

Kept light on purpose: nothing here (or in the main window) imports TensorFlow; neural models
import it only when one is built, so the window appears quickly.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from core import gil_budget

NO_DISPLAY_MESSAGE = (
    "RecLab needs a display, and none was found (DISPLAY and WAYLAND_DISPLAY are unset). "
    "Run it on a desktop, under a virtual display with `xvfb-run python main.py`, "
    "or without any window with `QT_QPA_PLATFORM=offscreen python main.py`."
)
ORGANISATION = APPLICATION = "RecLab"


def display_problem(environ: dict[str, str] | os._Environ = os.environ,
                    platform: str = sys.platform) -> str | None:
    """Why Qt could not open a window here, or None when it can (Linux/BSD need X11/Wayland)."""
    if not platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return None
    qpa = environ.get("QT_QPA_PLATFORM", "").split(":")[0].strip().lower()
    if qpa and qpa not in ("xcb", "wayland", "wayland-egl"):
        return None  # offscreen, vnc, eglfs, minimal… bring their own surface
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return NO_DISPLAY_MESSAGE


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="main.py", description="RecLab desktop app")
    parser.add_argument("path", nargs="?", help="a ratings file, MovieLens folder or zip to open")
    parser.add_argument("--screenshot", metavar="PNG",
                        help="save a picture of the window to PNG, then quit")
    parser.add_argument("--quit-after", metavar="MS", type=int,
                        help="close the window after MS milliseconds (for smoke tests)")
    return parser.parse_args(list(argv))


GIL_SWITCH_SECONDS = 0.001
COMPILED_CALL_SECONDS = 0.015


def create_application(argv: Sequence[str] = ()):
    """The QApplication (reused if one exists) with RecLab's names, so QSettings finds its file."""
    from PySide6.QtWidgets import QApplication

    # The worker thread's Python training loop shares the GIL with the GUI thread; a shorter
    # switch interval (default 5 ms) lets the GUI thread get it back sooner, so the window stays
    # responsive while a model trains.
    sys.setswitchinterval(GIL_SWITCH_SECONDS)
    # Compiled kernels that hold the GIL (kNN's) work in calls of about this long, for the same
    # reason (``core.gil_budget``).
    gil_budget.set_call_seconds(COMPILED_CALL_SECONDS)
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "reclab",
                                                   *argv])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    _collect_in_gui_thread()
    return app


_collector = None


def _collect_in_gui_thread() -> None:
    """Run Python's cyclic garbage collection only from the GUI thread, on a timer: a collection
    that happens to start in the worker thread (training allocates a lot) would destroy Qt
    objects there while the GUI thread paints, and Qt crashes. pyqtgraph ships the remedy."""
    global _collector
    if _collector is None:
        from pyqtgraph.util.garbage_collector import GarbageCollector

        _collector = GarbageCollector(interval=1.0)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    app = create_application()

    from PySide6.QtCore import QTimer

    from gui.i18n import install_language, warn_about_fonts
    from gui.main_window import MainWindow

    install_language()  # before any widget exists: the remembered language, else the system's
    window = MainWindow()
    app.setWindowIcon(window.windowIcon())
    window.show()
    warn_about_fonts(window)
    if args.path:
        QTimer.singleShot(0, lambda: window.files.load_path(args.path, confirm=False))
    if args.screenshot:
        def shoot() -> None:
            window.grab().save(args.screenshot)
            window.close()

        QTimer.singleShot(args.quit_after or 300, shoot)
    elif args.quit_after is not None:
        QTimer.singleShot(args.quit_after, window.close)
    code = app.exec()
    dispose(window)
    return code


def dispose(window) -> None:
    """Delete the window's C++ side now, while Python is fully alive.

    Left to interpreter shutdown, PySide's exit hook destroys the window after Python has begun
    finalising, and pyqtgraph items then call back into Python: a segfault in ~half the runs.
    """
    import shiboken6

    if shiboken6.isValid(window):
        shiboken6.delete(window)


if __name__ == "__main__":
    sys.exit(main())
