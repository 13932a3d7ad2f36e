"""Writing files atomically, and an ``Interactions`` table as CSV that ``core.io.load`` reads back
identically.

``atomic_write`` is the one way ``core`` writes a file (tables, recommendation CSVs, model files):
the content goes to a temporary file beside the target, which replaces the target only once it is
complete, so a crash or a full disk never leaves a half-written file under the user's name. It
lives in ``core.io.atomic`` (also: non-regular destinations refused, symlinks written through,
modes kept, stale temporary files cleaned) and is re-exported here.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

import numpy as np

from core.interactions import Interactions
from core.io.atomic import atomic_write

__all__ = ["atomic_write", "not_written", "save_csv"]


def save_csv(data: Interactions, path: str | Path) -> Path:
    """Write ``data`` to ``path`` atomically; returns the path.

    Columns: ``user,item`` plus ``rating`` for explicit data, ``timestamp`` when present, and
    ``title,genres`` (genres '|'-separated) when items have details, and ``tags`` ('|'-separated)
    when any item has tags, repeated on each row of the item so that ``load`` gives them back.
    A genre or tag containing '|' comes back split at it.
    Rows go user by user in row order, so users keep their order on reload; integer ids are
    ordered numerically on reload, other item ids by first appearance. Users and items without
    any interaction are not written (a CSV row is an interaction).
    """
    import pandas as pd  # ~0.8 s to import: only when a table is written

    path = Path(path)
    m = data.matrix
    rows = np.repeat(np.arange(data.n_users), np.diff(m.indptr))
    user_ids = np.asarray(data.user_ids, dtype=object)
    item_ids = np.asarray(data.item_ids, dtype=object)
    frame = pd.DataFrame({"user": user_ids[rows], "item": item_ids[m.indices]})
    if data.explicit:
        uniques, inverse = np.unique(m.data, return_inverse=True)
        frame["rating"] = np.array([_format(v) for v in uniques], dtype=object)[inverse]
    if data.timestamps is not None:
        frame["timestamp"] = data.timestamps
    if data.items_info:
        info = [data.items_info.get(i) for i in data.item_ids]
        titles = np.array([x.title if x else "" for x in info], dtype=object)
        genres = np.array(["|".join(x.genres) if x else "" for x in info], dtype=object)
        frame["title"] = titles[m.indices]
        frame["genres"] = genres[m.indices]
        if any(x is not None and x.tags for x in info):
            tags = np.array(["|".join(x.tags) if x else "" for x in info], dtype=object)
            frame["tags"] = tags[m.indices]

    def write(out: IO[Any]) -> None:
        frame.to_csv(out, index=False, lineterminator="\n")

    return atomic_write(path, write, encoding="utf-8")


def _format(value: float) -> str:
    """Shortest text that reads back as the same float32 (4.0 -> "4", 3.5 -> "3.5")."""
    return np.format_float_positional(np.float32(value), unique=True, trim="-")


def not_written(data: Interactions) -> tuple[list[str], list[str]]:
    """(users, items) of ``data`` that ``save_csv`` cannot write: those without any
    interaction, since each CSV row is one interaction."""
    users = np.flatnonzero(np.diff(data.matrix.indptr) == 0)
    items = np.flatnonzero(data.item_counts() == 0)
    return ([data.user_ids[u] for u in users], [data.item_ids[j] for j in items])
