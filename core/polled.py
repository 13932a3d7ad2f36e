"""Running an uninterruptible call (a compile, a LAPACK inverse) while Stop stays responsive.

``polled(fn, on_progress, message)`` runs ``fn`` in a helper thread and reports a ``message``
stage every ``POLL_SECONDS`` from the calling thread; a stop request returns at once and leaves
``fn`` to finish unused in the background. Such threads are joined at interpreter exit:
native code (TensorFlow, LAPACK) running in a thread during shutdown can abort.
"""

from __future__ import annotations

import atexit
import threading
import time
import weakref
from collections.abc import Callable
from typing import TypeVar

from core.progress import Progress, ProgressCallback, report

T = TypeVar("T")
POLL_SECONDS = 0.1

_RUNNING: weakref.WeakSet[threading.Thread] = weakref.WeakSet()


@atexit.register
def _join_running(timeout: float = 60.0) -> None:
    """Let a call abandoned by a stop finish before the interpreter (and the native libraries
    it runs in) shut down."""
    for thread in list(_RUNNING):
        thread.join(timeout)


def polled(
    fn: Callable[[], T], on_progress: ProgressCallback | None, message: str,
    start: float | None = None,
    status: Callable[[], tuple[float | None, float | None]] | None = None,
) -> tuple[bool, T | None]:
    """(True, fn()) — ``fn`` run in a helper thread while a ``message`` stage is reported every
    ``POLL_SECONDS`` (with ``status()``'s (fraction, ETA) when given); (False, None) as soon as
    the callback asks to stop (``fn`` then finishes in the background, so it must only touch what
    the caller will discard). Without a callback ``fn`` runs inline."""
    if on_progress is None:
        return True, fn()
    begun = time.perf_counter() if start is None else start
    value: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            value.append(fn())
        except BaseException as exc:  # re-raised in the calling thread
            failure.append(exc)

    thread = threading.Thread(target=run, name="reclab-prepare", daemon=True)
    _RUNNING.add(thread)
    thread.start()
    while True:
        fraction, eta = (None, None) if status is None else status()
        event = Progress("stage", message, elapsed=time.perf_counter() - begun, fraction=fraction,
                         eta=eta)
        if report(on_progress, event):
            return False, None
        thread.join(POLL_SECONDS)
        if not thread.is_alive():
            break
    if failure:
        raise failure[0]
    return True, value[0]
