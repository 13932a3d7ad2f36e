"""Fast id coding with the ordering rule of ``core.interactions``.

Ids that are all integers are ordered numerically (and written canonically, "007" -> "7", as
``Interactions.from_triples`` does); other ids keep their order of first appearance.
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
    codes, uniques = pd.factorize(column.astype(str), sort=False)
    codes = codes.astype(np.int64)
    numeric = pd.to_numeric(pd.Series(np.asarray(uniques, dtype=object)), errors="coerce")
    values = numeric.to_numpy(dtype=np.float64, na_value=np.nan)
    if (
        len(values)
        and np.isfinite(values).all()
        and (np.abs(values) < _INT_LIMIT).all()
        and (values == np.floor(values)).all()
    ):
        ints = values.astype(np.int64)
        sub_codes, sorted_ints = pd.factorize(ints, sort=True)
        return sub_codes[codes].astype(np.int64), [str(v) for v in sorted_ints]
    return codes, [str(u) for u in uniques]
