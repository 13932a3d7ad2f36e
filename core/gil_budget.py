"""How long compiled code may hold the GIL in one call, when something else must stay responsive.

Some compiled kernels (sparse_dot_topn's product, ``core.models.knn_kernels``) hold Python's GIL for
a whole call. In a script that costs nothing, and fewer, larger calls are fastest. In the desktop
app the window's thread waits for the GIL as long as one call lasts while a model trains in the
worker thread, so the app asks for short calls (``set_call_seconds``) at start. This module has
no dependencies, so setting it costs the app's start nothing.
"""

from __future__ import annotations

_call_seconds: float | None = None


def set_call_seconds(seconds: float | None) -> None:
    """Cut compiled work into calls of about ``seconds`` each (None: one call per batch)."""
    global _call_seconds
    if seconds is not None and seconds <= 0:
        raise ValueError(f"call seconds must be positive, got {seconds}")
    _call_seconds = seconds


def call_seconds() -> float | None:
    """The current budget per compiled call (None: no limit)."""
    return _call_seconds
