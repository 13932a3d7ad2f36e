"""A per-session bus for "look at this one" between views that must not import each other.

The Why? panel says which contributor the pointer is over; the map highlights that point. The
recommendation list says which user and item are selected; the map shows that user's history.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal


class HighlightBus(QObject):
    highlighted = Signal(str, str)  # side ("items" / "users"), id ("" = none)
    userSelected = Signal(str)  # a view showed this user's recommendations
    recommended = Signal(str, list)  # user, their recommended item ids (best first)


def bus_for(session: Any) -> HighlightBus:
    """The session's bus (made on first use, owned by the session)."""
    bus = getattr(session, "_highlight_bus", None)
    if bus is None:
        bus = HighlightBus(session if isinstance(session, QObject) else None)
        session._highlight_bus = bus
    return bus
