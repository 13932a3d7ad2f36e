"""Guessing the shape of a delimited table: separator, header, and which column is which."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from core.errors import DataError

ROLES = ("user", "item", "rating", "timestamp")

# Column names we recognise (compared lower-case with spaces, '_' and '-' removed).
KNOWN_NAMES: dict[str, frozenset[str]] = {
    "user": frozenset({
        "user", "userid", "users", "uid", "customer", "customerid", "visitor", "visitorid",
        "reviewer", "reviewerid", "person", "member", "memberid", "client", "clientid",
    }),
    "item": frozenset({
        "item", "itemid", "items", "iid", "movie", "movieid", "product", "productid", "asin",
        "book", "bookid", "isbn", "song", "songid", "track", "trackid", "artist", "artistid",
        "film", "filmid", "article", "articleid",
    }),
    "rating": frozenset({
        "rating", "ratings", "score", "value", "stars", "preference", "weight", "count",
    }),
    "timestamp": frozenset({"timestamp", "time", "ts", "unixtime", "unixreviewtime", "epoch"}),
    # Item details, repeated on each of the item's rows (as ``core.io.save_csv`` writes them).
    "title": frozenset({"title", "itemtitle", "movietitle"}),
    "genres": frozenset({"genres", "genre"}),
    "tags": frozenset({"tags"}),
}

# pandas separator -> human name. "\x1f" stands for MovieLens' "::" (replaced before parsing).
SEPARATORS = {
    "\x1f": "'::'",
    "\t": "tab",
    ",": "comma",
    ";": "semicolon",
    "|": "'|'",
    r"\s+": "spaces",
}
SAMPLE_LINES = 200


@dataclass(frozen=True)
class Layout:
    sep: str
    n_fields: int
    header_line: int | None  # 1-based line of the header, None when there is none
    first_line: int  # 1-based line of the first non-blank line
    roles: dict[str, int]  # role -> column position
    column_names: tuple[str, ...]


def split_fields(line: str, sep: str) -> list[str]:
    if sep == r"\s+":
        return line.split()
    try:
        return next(csv.reader([line], delimiter=sep), [])
    except csv.Error:
        return line.split(sep)


def _normal(name: str) -> str:
    return name.strip().strip('"').lower().replace("_", "").replace("-", "").replace(" ", "")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _sample(text: str) -> list[tuple[int, str]]:
    """(1-based line number, line) of the first non-blank lines."""
    head = text[: 1 << 16]
    lines = head.split("\n")
    if len(head) < len(text):
        lines = lines[:-1] or lines  # the last one may be cut off
    out = []
    for k, line in enumerate(lines, start=1):
        line = line.rstrip("\r")
        if line.strip():
            out.append((k, line))
            if len(out) >= SAMPLE_LINES:
                break
    return out


def _choose_separator(sample: list[tuple[int, str]], path: str) -> tuple[str, int]:
    best: tuple[float, str, int] | None = None
    for rank, sep in enumerate(SEPARATORS):
        counts = [len(split_fields(line, sep)) for _, line in sample]
        if counts[0] < 2:
            continue
        agree = sum(c == counts[0] for c in counts) / len(counts)
        if agree == 1.0:
            return sep, counts[0]
        score = agree - rank * 1e-3
        if best is None or score > best[0]:
            best = (score, sep, counts[0])
    if best is None:
        raise DataError(
            "cannot find columns: expected user and item (optionally rating and timestamp) "
            "separated by commas, tabs, semicolons, '|' or spaces",
            path, sample[0][0],
        )
    return best[1], best[2]


def _looks_like_header(fields: list[str], rest: list[list[str]]) -> bool:
    known = set().union(*KNOWN_NAMES.values())
    if any(_normal(f) in known for f in fields):
        return True
    for col, value in enumerate(fields):
        below = [r[col] for r in rest if len(r) > col]
        if not _is_number(value) and below and all(_is_number(v) for v in below):
            return True
    return False


def _roles_from_names(names: list[str], path: str, line: int) -> dict[str, int]:
    roles: dict[str, int] = {}
    for col, name in enumerate(names):
        for role, known in KNOWN_NAMES.items():
            if _normal(name) in known and role not in roles:
                roles[role] = col
                break
    if "user" in roles and "item" in roles:
        return roles
    if roles:
        missing = [r for r in ("user", "item") if r not in roles]
        taken = set(roles.values())
        free = [c for c in range(len(names)) if c not in taken]
        if len(free) < len(missing):
            raise DataError(f"no {' or '.join(missing)} column in the header", path, line)
        roles.update(zip(missing, free, strict=False))
        return roles
    return _positional(len(names), path, line)


def _positional(n_fields: int, path: str, line: int) -> dict[str, int]:
    if n_fields > len(ROLES):
        raise DataError(
            f"{n_fields} columns but no header naming them: expected user, item, "
            "and optionally rating and timestamp",
            path, line,
        )
    return {role: k for k, role in enumerate(ROLES[:n_fields])}


def sniff(text: str, path: str, sep: str | None = None) -> Layout:
    """Find separator, header and column roles from the start of ``text``."""
    sample = _sample(text)
    if not sample:
        raise DataError("empty file", path, 1)
    if sep is None:
        sep, n_fields = _choose_separator(sample, path)
    else:
        n_fields = len(split_fields(sample[0][1], sep))
    if n_fields < 2:
        raise DataError(
            f"expected at least two columns (user and item) separated by {SEPARATORS[sep]}",
            path, sample[0][0],
        )
    rows = [split_fields(line, sep) for _, line in sample]
    first_line = sample[0][0]
    if _looks_like_header(rows[0], rows[1:]):
        roles = _roles_from_names(rows[0], path, first_line)
        return Layout(sep, n_fields, first_line, first_line, roles, tuple(rows[0]))
    roles = _positional(n_fields, path, first_line)
    return Layout(sep, n_fields, None, first_line, roles, tuple(roles))


def records(text: str, sep: str, path: str) -> Iterator[tuple[int, list[str]]]:
    """Yield (1-based line, fields) of every non-blank record, as a slow but exact reference."""
    if sep == r"\s+":
        for k, line in enumerate(text.split("\n"), start=1):
            fields = line.split()
            if fields:
                yield k, fields
        return
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    start = 1
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise DataError(f"malformed line ({exc})", path, reader.line_num) from None
        if any(f.strip() for f in fields):
            yield start, fields
        start = reader.line_num + 1
