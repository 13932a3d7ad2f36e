"""Reading a data file off the GUI thread, so a big file never freezes the window.

``core.io.load`` cannot be interrupted, so there is no cancel: the owner waits for the thread
(``QThread.wait``) before the window goes away. Its byte-based progress (share done, ETA) is
emitted as ``progress`` (at most every half per cent, ``core.io.load_progress``). This is
deliberately not the model worker (``gui.worker``): opening a file must not queue behind a
training run.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal

from core.errors import DataError
from core.interactions import Interactions
from core.io import load
from core.progress import Progress


def problem_message(exc: BaseException, path: str) -> str:
    """A one-paragraph message for the error dialog; never a traceback."""
    name, translate = Path(path).name or path, QCoreApplication.translate  # thread-safe
    if isinstance(exc, DataError):
        return str(exc)
    if isinstance(exc, MemoryError):
        return translate("FileLoader",
            "Not enough memory to load {name}. Try a smaller file or close "
                  "other programs.").format(name=name)
    if isinstance(exc, OSError):
        reason = exc.strerror or str(exc) or type(exc).__name__
        return translate("FileLoader", "Could not read {path}: {reason}").format(
            path=exc.filename or path, reason=reason)
    return translate("FileLoader", "{name} could not be read: {error}").format(
        name=name, error=f"{type(exc).__name__}: {exc}")


class FileLoader(QThread):
    """Runs ``core.io.load(path)`` once in its own thread.

    Emits ``loaded(data, path)`` or ``failed(message)`` from the loading thread, then
    ``finished``. The outcome also stays on the object (``data`` / ``error``) so an owner that
    listens to ``finished`` alone can read it after the thread ended.
    """

    loaded = Signal(object, str)
    failed = Signal(str)
    progress = Signal(float, object)  # share done 0..1, seconds left (None when unknown)

    def __init__(self, path: str, parent: QObject | None = None):
        super().__init__(parent)
        self.path = path
        self.data: Interactions | None = None
        self.error: str | None = None

    def run(self) -> None:
        try:
            data = load(self.path, self._on_progress)
        except Exception as exc:  # the thread boundary: every failure (even a bug) gets a dialog
            self.error = problem_message(exc, self.path)
            self.failed.emit(self.error)
            return
        self.data = data
        self.loaded.emit(data, self.path)

    def _on_progress(self, event: Progress) -> None:
        if event.fraction is not None:
            self.progress.emit(float(event.fraction), event.eta)
