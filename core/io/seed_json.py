"""The seed article's JSON: ``{"user1": ["item1", "item2"], ...}`` (implicit) or
``{"user1": {"item1": 4, ...}, ...}`` (ratings)."""

from __future__ import annotations

import json
import math
import re

import numpy as np

from core.errors import DataError
from core.interactions import Interactions, _natural_order


class _Pairs(list):
    """A JSON object as its (key, value) pairs, so that repeated keys can be reported."""


def _object(pairs: list) -> _Pairs:
    return _Pairs(pairs)


def _unique(pairs: _Pairs, text: str, path: str, kind: str, within: str | None = None) -> dict:
    """``pairs`` as a dict; DataError naming the key and line of a repeated key (``within``:
    the user whose object this is)."""
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            start = _key_positions(text, within)[:1] if within is not None else [0]
            where = _key_positions(text, key, start[0] if start else 0)
            line = text.count("\n", 0, where[1]) + 1 if len(where) > 1 else None
            raise DataError(f"{kind} {key!r} appears twice in the same object", path, line)
        seen.add(key)
    return dict(pairs)


def _key_positions(text: str, key: str, start: int = 0) -> list[int]:
    """Offsets of ``"key":`` in ``text`` from ``start`` on."""
    spellings = {json.dumps(key), json.dumps(key, ensure_ascii=False)}
    pattern = re.compile("(?:" + "|".join(re.escape(s) for s in spellings) + ")\\s*:")
    return [m.start() for m in pattern.finditer(text, start)]


def read_json(text: str, path: str, name: str = "") -> Interactions:
    try:
        doc = json.loads(text, object_pairs_hook=_object)
    except json.JSONDecodeError as exc:
        raise DataError(f"invalid JSON ({exc.msg})", path, exc.lineno) from None
    except RecursionError:
        raise DataError("invalid JSON (nested too deeply)", path, 1) from None
    if isinstance(doc, _Pairs):
        doc = _unique(doc, text, path, "user")
        doc = {
            user: _unique(entry, text, path, "item", user) if isinstance(entry, _Pairs) else entry
            for user, entry in doc.items()
        }
    if not isinstance(doc, dict):
        raise DataError(
            'expected a JSON object of users, like {"user1": ["item1", "item2"]}', path, 1
        )
    if not doc:
        raise DataError("no users in the JSON object", path, 1)
    users: list[str] = []
    items: list[str] = []
    values: list[float] = []
    rated = False
    for user, entry in doc.items():
        line = _line_of_key(text, user)
        if not user.strip():
            raise DataError("empty user id", path, line)
        if isinstance(entry, list):
            pairs = [(_item_id(i, path, line), 1.0) for i in entry]
        elif isinstance(entry, dict):
            rated = True
            pairs = [(_item_id(i, path, line), _rating(v, i, path, line)) for i, v in entry.items()]
        else:
            raise DataError(
                f"user {user!r}: expected a list of items or an object of item: rating",
                path, line,
            )
        for item, value in pairs:
            users.append(user)
            items.append(item)
            values.append(value)
    if not items:
        raise DataError("no interactions: every user's list is empty", path, 1)
    user_codes, user_ids = _natural_order(np.array(list(doc), dtype=object))
    code_of = dict(zip(doc, user_codes.tolist(), strict=True))
    rows = np.array([code_of[u] for u in users], dtype=np.int64)
    cols, item_ids = _natural_order(np.array(items, dtype=object))
    vals = np.array(values, dtype=np.float64) if rated else None
    return Interactions.from_codes(user_ids, item_ids, rows, cols, vals, name=name)


def _line_of_key(text: str, key: str) -> int:
    pos = text.find(json.dumps(key))
    if pos < 0:
        pos = text.find(json.dumps(key, ensure_ascii=False))
    return text.count("\n", 0, pos) + 1 if pos >= 0 else 1


def _item_id(item: object, path: str, line: int) -> str:
    if isinstance(item, bool) or not isinstance(item, str | int):
        raise DataError(f"item {item!r} is not a string or a whole number", path, line)
    text = str(item)
    if not text.strip():
        raise DataError("empty item id", path, line)
    return text


def _rating(value: object, item: str, path: str, line: int) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise DataError(f"rating of {item!r} is not a number: {value!r}", path, line)
    if not math.isfinite(value) or value <= 0 or value > 3.4e38:
        raise DataError(f"rating of {item!r} must be a positive finite number", path, line)
    return float(value)
