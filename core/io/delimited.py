"""CSV / TSV / '::' tables of user, item[, rating][, timestamp] rows.

Fast path: pandas' C reader over the whole file. If it fails, or its result breaks a rule (missing
value, bad rating...), a slow pass over the text with the csv module finds the first bad line
and reports it, so errors always name the exact line.

Ids written as text (as the first 64 KiB show, or as found after the fast path) are read a chunk
of rows at a time and each chunk's ids coded as it comes (``core.io.ids.TextIdCoder``). Coding
them was ~60 % of such a load, done after the parse, where the load's progress could only guess
its time as a multiple of the parse's, measured on short ids ("u12"): on a click log with long
ids (hex visitor ids, URLs) that guess put the ETA 75-123 % out, and now that the parse's
measured pace covers the coding, 15-24 % (docs/BENCHMARKS.md). Loads take as long as before.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Callable
from itertools import pairwise

import numpy as np
import pandas as pd

from core.errors import DataError
from core.interactions import Interactions, ItemInfo
from core.io.ids import TextIdCoder, natural_codes
from core.io.load_progress import CountingReader, LoadProgress
from core.io.sniff import SEPARATORS, Layout, records, sniff
from core.io.text import check_not_binary, detect, strip_bom, utf16_to_utf8

FLOAT32_MAX = float(np.finfo(np.float32).max)
SNIFF_BYTES = 1 << 16  # the start of a file that its layout and kind are guessed from
_TS_LIMIT = 2.0**62
ID_CHUNK_ROWS = 1 << 16  # rows read and coded at a time when the ids are text
DETAIL_ROLES = ("title", "genres", "tags")  # item details a table's rows may carry


def read_table(
    data: bytes,
    path: str,
    *,
    encoding: str = "utf-8",
    sep: str | None = None,
    items_info: dict[str, ItemInfo] | None = None,
    name: str = "",
    progress: LoadProgress | None = None,
) -> Interactions:
    """Parse a delimited ratings table held in ``data`` (the bytes of file ``path``); parsing
    reports to ``progress`` by bytes (``core.io.load_progress``)."""
    data = strip_bom(utf16_to_utf8(data, path))
    if not data or data.isspace():  # (no stripped copy of a file of any size)
        raise DataError("empty file", path, 1)
    if b"\r" in data and b"\n" not in data:
        data = data.replace(b"\r", b"\n")  # old Mac line endings
    if b"::" in data[:SNIFF_BYTES] and (sep is None or sep == "::"):
        data = data.replace(b"::", b"\x1f")
        sep = "\x1f"
    text, used, whole = _decoded(data, path, encoding)
    if used != encoding:  # GB18030 found: hand pandas UTF-8
        data, encoding = text.encode("utf-8"), "utf-8"
    layout = sniff(text, path, sep)
    text_ids, ordered = _first_rows_kind(text, path, layout)
    if progress is not None:
        progress.kind(text_ids=text_ids, timestamps="timestamp" in layout.roles, ordered=ordered)
        progress.reached("checked")
    try:
        frame, coders = _read_frame(data, layout, encoding, text_ids, progress)
        columns = _columns(frame, layout, with_ids=coders is None)
    except pd.errors.EmptyDataError:
        raise DataError("no interactions: the file has a header but no rows", path,
                        (layout.header_line or 0) + 1) from None
    except _Invalid:
        _diagnose(whole(), path, layout)
        raise DataError("could not read the table", path, layout.first_line) from None
    except (ValueError, OverflowError, UnicodeError) as exc:
        _diagnose(whole(), path, layout)
        found = re.search(r"line (\d+)", str(exc))
        line = int(found.group(1)) if found else layout.first_line
        raise DataError(f"could not read the table ({exc})", path, line) from None
    if not len(frame):
        raise DataError("no interactions: the file has a header but no rows", path,
                        (layout.header_line or 0) + 1)
    if progress is not None:
        if coders is None and all(columns[r].dtype.kind in "iu" for r in ("user", "item")):
            progress.in_order(columns["user"].to_numpy(), columns["item"].to_numpy())
        progress.reached("parsed")
    if coders is None:
        (rows, user_ids), (cols, item_ids) = (natural_codes(columns[r]) for r in ("user", "item"))
    else:
        (rows, user_ids), (cols, item_ids) = (coders[r].result() for r in ("user", "item"))
    if "" in user_ids or "" in item_ids:
        _diagnose(whole(), path, layout)
        raise DataError("could not read the table", path, layout.first_line)
    if progress is not None:
        progress.in_order(rows, cols)
        progress.reached("coded")
    info = None
    if items_info:
        info = {i: items_info[i] for i in item_ids if i in items_info}
    elif any(role in columns for role in DETAIL_ROLES):
        info = _item_details(columns, item_ids, cols)
    values = columns.get("rating")
    return Interactions.from_codes(
        user_ids, item_ids, rows, cols,
        None if values is None else values.to_numpy(),
        None if "timestamp" not in columns else columns["timestamp"].to_numpy(),
        items_info=info, name=name, copy=False,
    )


def _item_details(columns: dict[str, pd.Series], item_ids: list[str],
                  cols: np.ndarray) -> dict[str, ItemInfo]:
    """Title, genres and tags (both '|'-separated) from each item's first row that has any.

    Only rows that can decide are read: each item's first row, then every row of the items
    whose first row has none. Stripping every row of a 10^6-row table with titles and genres
    (as RecLab writes them, on every row) took ~1 s of a 1.4 s load, and the load's progress
    had no measure of it."""
    roles = [role for role in DETAIL_ROLES if role in columns]
    values = {role: columns[role].to_numpy(dtype=object) for role in roles}

    def details(at: np.ndarray) -> dict[str, list[str]]:
        return {role: ["" if missing else str(v).strip()
                       for v, missing in zip(values[role][at], pd.isna(values[role][at]),
                                             strict=True)]
                for role in roles}

    def first_with_details(at: np.ndarray) -> tuple[np.ndarray, dict[str, list[str]]]:
        """The rows ``at`` (in file order) with any detail, first per item, and their details."""
        found = details(at)
        has = np.zeros(len(at), dtype=bool)
        for texts in found.values():
            has |= np.fromiter(map(bool, texts), dtype=bool, count=len(at))
        _, first = np.unique(cols[at[has]], return_index=True)
        picked = np.flatnonzero(has)[first]
        return at[picked], {role: [texts[k] for k in picked] for role, texts in found.items()}

    firsts = np.flatnonzero(~pd.Series(cols).duplicated().to_numpy())  # hashed: no sort
    rows, found = first_with_details(firsts)
    undecided = np.setdiff1d(cols[firsts], cols[rows], assume_unique=True)
    if len(undecided):
        later, more = first_with_details(np.flatnonzero(np.isin(cols, undecided)))
        rows = np.concatenate([rows, later])
        found = {role: found[role] + more[role] for role in roles}
    info: dict[str, ItemInfo] = {}
    blank = [""] * len(rows)
    for k, code in enumerate(cols[rows].tolist()):
        genres, tags = found.get("genres", blank)[k], found.get("tags", blank)[k]
        info[item_ids[code]] = ItemInfo(found.get("title", blank)[k],
                                        tuple(g for g in genres.split("|") if g),
                                        tuple(t for t in tags.split("|") if t))
    return info


def _decoded(data: bytes, path: str, encoding: str) -> tuple[str, str, Callable[[], str]]:
    """(text to sniff, the encoding used, the whole text when needed): the whole file decoded
    and checked (``core.io.text.detect``), except for plain ASCII asked to be read as UTF-8 —
    valid as it is — where only its first 64 KiB are decoded now and the rest only to name a
    bad line (the whole text of a 20M-row file cost 1.5 s and ~0.5 GB)."""
    if encoding.replace("-", "").lower() == "utf8" and data.isascii():
        check_not_binary(data, path)
        return data[:SNIFF_BYTES + 1].decode("ascii"), encoding, lambda: data.decode("ascii")
    text, used = detect(data, path, encoding)
    return text, used, lambda: text


def _first_rows_kind(text: str, path: str, layout: Layout) -> tuple[bool, bool]:
    """(ids written as text, rows in (user, item) order) as far as the first 64 KiB tell: a
    guess for progress, made before the parse."""
    pairs: list[tuple[str, str]] = []
    try:
        for line, fields in records(text[:SNIFF_BYTES], layout.sep, path):
            if line != layout.header_line and len(fields) == layout.n_fields:
                pairs.append((fields[layout.roles["user"]].strip(),
                              fields[layout.roles["item"]].strip()))
    except DataError:  # a bad row: the parse will name it
        pass
    if len(text) > SNIFF_BYTES:
        pairs = pairs[:-1]  # the last row may be cut short
    if not pairs:
        return False, False
    if not all(u.isdigit() and i.isdigit() for u, i in pairs):
        return True, False
    keys = [(int(u), int(i)) for u, i in pairs]
    return False, all(a < b for a, b in pairwise(keys))


class _Invalid(Exception):
    """The fast path found a value breaking a rule; the slow pass names the line."""


def _source(data: bytes, progress: LoadProgress | None) -> io.BytesIO:
    if progress is None or not progress.active:
        return io.BytesIO(data)
    return CountingReader(data, progress.parsed)


def _read_frame(
    data: bytes, layout: Layout, encoding: str, text_ids: bool,
    progress: LoadProgress | None = None,
) -> tuple[pd.DataFrame, dict[str, TextIdCoder] | None]:
    """The table as pandas reads it, or — where its ids are text (``text_ids``: as its first
    rows show), or turn out to need reading verbatim — without its id columns, which come
    coded instead (``_read_coded``)."""
    options = dict(
        sep=layout.sep, header=None, skiprows=layout.header_line or 0, engine="c",
        encoding=encoding, keep_default_na=False, na_values=[""], skip_blank_lines=True,
        quotechar='"', low_memory=True,
    )
    with warnings.catch_warnings():
        # low_memory: pandas converts the file in chunks as it reads it (so the byte progress
        # covers the conversion too); a column whose chunks came out of different types is
        # mixed, which is checked below, so pandas' warning about it says nothing new
        warnings.simplefilter("ignore", pd.errors.DtypeWarning)
        if text_ids:
            return _read_coded(data, layout, options, progress)
        frame = pd.read_csv(_source(data, progress), **options)
        if frame.shape[1] != layout.n_fields:
            raise _Invalid
        ids = [layout.roles["user"], layout.roles["item"]]
        if any(frame[c].dtype.kind in "fbc" or _mixed(frame[c]) for c in ids) or (
            any(frame[c].dtype.kind in "iu" for c in ids) and may_rewrite_integers(data)
        ):
            # Ids that pandas took for floats or booleans ("1.50", "True"), or integers it
            # would rewrite ("007" -> 7, "+1" -> 1), in all rows or in some chunks (mixed with
            # text in others): read them verbatim.
            return _read_coded(data, layout, options, progress)
    return frame, None


def _read_coded(
    data: bytes, layout: Layout, options: dict, progress: LoadProgress | None
) -> tuple[pd.DataFrame, dict[str, TextIdCoder]]:
    """The table read ``ID_CHUNK_ROWS`` rows at a time with its ids as written (text), each
    chunk's ids coded before the next is read; the other columns joined into one frame."""
    ids = {role: layout.roles[role] for role in ("user", "item")}
    coders = {role: TextIdCoder() for role in ids}
    rest: list[pd.DataFrame] = []
    with pd.read_csv(_source(data, progress), dtype=dict.fromkeys(ids.values(), str),
                     chunksize=ID_CHUNK_ROWS, **options) as reader:
        for chunk in reader:
            if chunk.shape[1] != layout.n_fields:
                raise _Invalid
            for role, column in ids.items():
                if chunk[column].isna().any():
                    raise _Invalid
                coders[role].add(chunk[column])
            rest.append(chunk.drop(columns=list(ids.values())))
    if not rest:
        raise pd.errors.EmptyDataError
    return (pd.concat(rest, ignore_index=True) if len(rest) > 1 else rest[0]), coders


def _mixed(column: pd.Series) -> bool:
    """Whether a column of Python objects holds anything but text (numbers from some chunks)."""
    return column.dtype == object and pd.api.types.infer_dtype(column, skipna=True) != "string"


_FIELD_START = np.frombuffer(b"\n\r,\t;| \x1f", dtype=np.uint8)


def may_rewrite_integers(data: bytes, chunk: int = 1 << 24) -> bool:
    """Whether some field may be an integer written non-canonically ("007", "+1", "-0").

    A cheap over-approximation over the raw bytes (a '+' anywhere, or a '0' starting a field
    and followed by a digit or preceded by '-'); when True the id columns are read as text.
    Scanned in chunks so that a large file costs little extra memory.
    """
    if b"+" in data:
        return True
    raw = np.frombuffer(data, dtype=np.uint8)
    for start in range(0, len(raw), chunk):
        zeros = start + np.flatnonzero(raw[start:start + chunk] == ord("0"))
        if not len(zeros):
            continue
        before = raw[zeros - 1]  # zeros[0] == 0 reads the last byte: harmless, see below
        after = raw[np.minimum(zeros + 1, len(raw) - 1)]
        starts = np.isin(before, _FIELD_START) | (zeros == 0)
        digit_after = (after >= ord("0")) & (after <= ord("9")) & (zeros + 1 < len(raw))
        if (starts & digit_after).any() or (before == ord("-")).any():
            return True
    return False


def _columns(frame: pd.DataFrame, layout: Layout, with_ids: bool = True) -> dict[str, pd.Series]:
    """The frame's columns by role, checked; the id columns only ``with_ids``."""
    out: dict[str, pd.Series] = {}
    for role in ("user", "item") if with_ids else ():
        col = frame[layout.roles[role]]
        if col.isna().any():
            raise _Invalid
        out[role] = col  # blank ids (text that strips to nothing) are found once coded
    if "rating" in layout.roles:
        col = _numeric(frame[layout.roles["rating"]])
        values = col.to_numpy(dtype=np.float64, na_value=np.nan)
        if not (np.isfinite(values) & (values > 0) & (values <= FLOAT32_MAX)).all():
            raise _Invalid
        out["rating"] = col
    if "timestamp" in layout.roles:
        col = _numeric(frame[layout.roles["timestamp"]])
        if not pd.api.types.is_integer_dtype(col.dtype):
            values = col.to_numpy(dtype=np.float64, na_value=np.nan)
            ok = np.isfinite(values) & (np.abs(values) < _TS_LIMIT)
            if not ok.all() or (values != np.floor(values)).any():
                raise _Invalid
            col = col.astype(np.int64)
        out["timestamp"] = col
    for role in DETAIL_ROLES:
        if role in layout.roles:
            out[role] = frame[layout.roles[role]]  # as read: ``_item_details`` strips what it uses
    return out


def _numeric(column: pd.Series) -> pd.Series:
    """The column as numbers (NaN where a value is not one); a column pandas already read as
    numbers is used as it is (converting it again copied 160 MB per column at 20M rows), one
    it read as True / False is no numbers at all."""
    if pd.api.types.is_bool_dtype(column.dtype):
        return pd.Series(np.nan, index=column.index)
    if pd.api.types.is_numeric_dtype(column.dtype):
        return column
    return pd.to_numeric(column, errors="coerce")


def _diagnose(text: str, path: str, layout: Layout) -> None:
    """Raise a DataError for the first line that breaks a rule (return when none does)."""
    names = ", ".join(layout.column_names)
    for line, fields in records(text, layout.sep, path):
        if line == layout.header_line:
            continue
        if len(fields) != layout.n_fields:
            raise DataError(
                f"wrong number of columns: expected {layout.n_fields} ({names}) "
                f"separated by {SEPARATORS[layout.sep]}, found {len(fields)}",
                path, line,
            )
        for role in ("user", "item"):
            if not fields[layout.roles[role]].strip():
                raise DataError(f"missing {role} id", path, line)
        if "rating" in layout.roles:
            _check_rating(fields[layout.roles["rating"]], path, line)
        if "timestamp" in layout.roles:
            _check_timestamp(fields[layout.roles["timestamp"]], path, line)


def _check_rating(field: str, path: str, line: int) -> None:
    if not field.strip():
        raise DataError("missing rating", path, line)
    try:
        value = float(field)
    except ValueError:
        raise DataError(f"rating {field.strip()!r} is not a number", path, line) from None
    if not np.isfinite(value) or value > FLOAT32_MAX:
        raise DataError(f"rating {field.strip()!r} is not a finite number", path, line)
    if value <= 0:
        raise DataError(
            f"rating {field.strip()!r} is not positive (leave the row out for 'no rating')",
            path, line,
        )


def _check_timestamp(field: str, path: str, line: int) -> None:
    if not field.strip():
        raise DataError("missing timestamp", path, line)
    try:
        value = float(field)
    except ValueError:
        value = float("nan")
    if not np.isfinite(value) or value != np.floor(value) or abs(value) >= _TS_LIMIT:
        raise DataError(
            f"timestamp {field.strip()!r} is not a whole number (seconds since 1970)", path, line
        )
