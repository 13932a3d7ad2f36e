"""Small helpers parts use to describe their results as tables and targets (plain dicts)."""

from __future__ import annotations

from typing import Any

NA = "not available"


def table(title: str, columns: list[str], rows: list[list[Any]], note: str = "") -> dict:
    return {"title": title, "columns": columns, "rows": rows, "note": note}


def target(
    name: str, goal: str, measured: float | None, met: bool | None, detail: str = ""
) -> dict:
    """One target; ``met`` None means it could not be measured (shown as NOT MEASURED)."""
    return {"name": name, "goal": goal, "measured": measured, "met": met, "detail": detail}


def fmt(value: Any, digits: int = 3) -> str:
    if value is None:
        return NA
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)
