"""Fast id coding with the ordering rule of ``core.interactions``.

Ids are kept exactly as written, only surrounding whitespace stripped: "007" and "7" are two
ids, an ISBN keeps its leading zero, "+1" and "2.0" stay as they are. When every id of a
column is a whole number the ids are *ordered* numerically (ties by text), otherwise by first
appearance. Integer columns from pandas are only used when the reader has checked that every
id was written canonically (see ``core.io.delimited``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

_INT_LIMIT = 2.0**62


def natural_codes(column: pd.Series) -> tuple[np.ndarray, list[str]]:
    """(codes aligned with ``column``, id strings) for one id column."""
    if pd.api.types.is_integer_dtype(column.dtype):
        return _integer_codes(column.to_numpy())
    # distinct values as written first, then each stripped once: "7" and " 7" merge into one
    # id, coded by the first appearance of either (stripping every row costs ~10x more)
    raw_codes, raw = pd.factorize(column, sort=False)
    stripped = pd.Index(raw).astype(str).str.strip()
    merged, uniques = pd.factorize(stripped, sort=False)
    codes = merged.astype(np.int64)[raw_codes]
    strings = np.asarray(uniques, dtype=object)
    numeric = pd.to_numeric(pd.Series(strings), errors="coerce")
    values = numeric.to_numpy(dtype=np.float64, na_value=np.nan)
    if (
        len(values)
        and np.isfinite(values).all()
        and (np.abs(values) < _INT_LIMIT).all()
        and (values == np.floor(values)).all()
    ):
        order = np.lexsort((strings.astype(str), values))
        position = np.empty(len(order), dtype=np.int64)
        position[order] = np.arange(len(order))
        return position[codes], [str(strings[k]) for k in order]
    return codes, [str(u) for u in uniques]


def _integer_codes(values: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Codes in numeric order of integer ids. Where the ids span a range not much wider than
    the column (the usual 1..n numbering), a table of the range marks the ids present and their
    running count is the code: two linear passes, where a sort or hash of every value costs
    several times more."""
    if len(values) and values.dtype.kind == "i":
        low, high = int(values.min()), int(values.max())
        if high - low < 4 * len(values) + 1024:
            offsets = values - low
            present = np.zeros(high - low + 1, dtype=bool)
            present[offsets] = True
            code_of = np.cumsum(present, dtype=np.int64)
            code_of -= 1
            uniques = np.flatnonzero(present) + low
            return code_of[offsets], [str(u) for u in uniques.tolist()]
    codes, uniques = pd.factorize(values, sort=True)
    return codes.astype(np.int64, copy=False), [str(u) for u in uniques]
