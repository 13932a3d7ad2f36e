"""Writing an ``Interactions`` table as CSV that ``core.io.load`` reads back identically.

Every save goes through ``atomic_write`` (``core.io.atomic``, re-exported here).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from core.interactions import Interactions
from core.io.atomic import atomic_write

__all__ = ["atomic_write", "save_csv"]


def save_csv(data: Interactions, path: str | Path) -> Path:
    """Write ``data`` to ``path`` atomically; returns the path.

    Columns: ``user,item`` plus ``rating`` for explicit data and ``timestamp`` when present.
    Rows go user by user in row order, so users keep their order on reload; integer ids are
    ordered numerically on reload, other item ids by first appearance. Users and items without
    any interaction are not written (a CSV row is an interaction).
    """
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
    return atomic_write(
        path, lambda out: frame.to_csv(out, index=False, lineterminator="\n"), text=True
    )


def _format(value: float) -> str:
    """Shortest text that reads back as the same float32 (4.0 -> "4", 3.5 -> "3.5")."""
    return np.format_float_positional(np.float32(value), unique=True, trim="-")
