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
        codes, uniques = pd.factorize(column, sort=True)
        return codes.astype(np.int64), [str(u) for u in uniques]
    codes, uniques = pd.factorize(column.astype(str).str.strip(), sort=False)
    codes = codes.astype(np.int64)
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
