"""Writing an ``Interactions`` table as CSV that ``core.io.load`` reads back identically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from core.errors import DataError
from core.interactions import Interactions


def save_csv(data: Interactions, path: str | Path) -> Path:
    """Write ``data`` to ``path`` atomically; returns the path.

    Columns: ``user,item`` plus ``rating`` for explicit data, ``timestamp`` when present, and
    ``title,genres`` (genres '|'-separated) when items have details, repeated on each row of
    the item so that ``load`` gives them back.
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
    if data.items_info:
        info = [data.items_info.get(i) for i in data.item_ids]
        titles = np.array([x.title if x else "" for x in info], dtype=object)
        genres = np.array(["|".join(x.genres) if x else "" for x in info], dtype=object)
        frame["title"] = titles[m.indices]
        frame["genres"] = genres[m.indices]
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise DataError(f"cannot write here ({exc.strerror or exc})", path) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            frame.to_csv(out, index=False, lineterminator="\n")
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise DataError(f"cannot write the file ({exc.strerror or exc})", path) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _format(value: float) -> str:
    """Shortest text that reads back as the same float32 (4.0 -> "4", 3.5 -> "3.5")."""
    return np.format_float_positional(np.float32(value), unique=True, trim="-")
