"""Item features (titles, genres, tags) from a user's file or MovieLens' ``tags.csv``.

A user item file is CSV (comma, or the first of ``;``, tab, ``|`` that the header line uses), one
of two shapes, with or without a header line:

- ``item,title,genres`` — genres separated by ``|`` (``1,Toy Story (1995),Animation|Comedy``);
- ``item,tag`` — one tag per row, any number of rows per item (``1,pixar``).

Every problem raises ``DataError`` naming the file, the line and the problem (a wrong number of
fields, an empty item id, undecodable or binary bytes, an empty file); nothing is half-loaded.
``with_item_features`` puts the features on a table's ``items_info`` (tags and genres added to
what the table already knows; a title from the file replaces the table's).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, replace
from pathlib import Path

from core.errors import DataError
from core.interactions import Interactions, ItemInfo
from core.io.source import read_file
from core.io.text import decode

SUPPORTED_DESCRIPTION = "Item features (*.csv *.tsv *.txt);;All files (*)"
_HEADER_WORDS = {"item", "items", "itemid", "item_id", "movieid", "movie", "id"}
_NO_GENRES = "(no genres listed)"


@dataclass
class ItemFeatures:
    """Features read from one file, by item id."""

    titles: dict[str, str] = field(default_factory=dict)
    genres: dict[str, tuple[str, ...]] = field(default_factory=dict)
    tags: dict[str, list[str]] = field(default_factory=dict)

    @property
    def items(self) -> set[str]:
        return set(self.titles) | set(self.genres) | set(self.tags)


def split_genres(text: str) -> tuple[str, ...]:
    return tuple(g.strip() for g in text.split("|") if g.strip() and g.strip() != _NO_GENRES)


def _delimiter(first_line: str) -> str:
    for sep in (",", ";", "\t", "|"):
        if sep in first_line:
            return sep
    return ","


def parse_item_features(text: str, path: str) -> ItemFeatures:
    """Parse the text of a user item file (see the module docstring)."""
    lines = text.splitlines()
    first = next((k for k, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise DataError("the item file is empty", path)
    sep = _delimiter(lines[first])
    if sep == "|":  # '|' separates genres; a '|'-delimited file cannot hold them
        raise DataError("use commas between fields ('|' separates genres)", path, first + 1)
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    out = ItemFeatures()
    width = None
    try:
        for number, fields in enumerate(reader, start=1):
            if not fields or all(not f.strip() for f in fields):
                continue
            fields = [f.strip() for f in fields]
            if width is None:
                width = len(fields)
                if width not in (2, 3):
                    raise DataError(
                        f"expected 2 fields (item,tag) or 3 (item,title,genres), found {width}",
                        path, number)
                if fields[0].lower().replace(" ", "") in _HEADER_WORDS:
                    continue
            if len(fields) != width:
                shape = "item,tag" if width == 2 else "item,title,genres"
                raise DataError(
                    f"expected {width} fields ({shape}) like the first line, found "
                    f"{len(fields)}", path, number)
            item = fields[0]
            if not item:
                raise DataError("empty item id", path, number)
            if width == 2:
                if fields[1]:
                    out.tags.setdefault(item, []).append(fields[1])
            else:
                out.titles[item] = fields[1]
                out.genres[item] = split_genres(fields[2])
    except csv.Error as exc:
        raise DataError(f"cannot read the line ({exc})", path, reader.line_num) from None
    if not out.items:
        raise DataError("no items found (only a header?)", path)
    return out


def load_item_features(path: str | Path) -> ItemFeatures:
    """Read a user item file; ``DataError`` names the file and line of any problem."""
    path = Path(path)
    return parse_item_features(decode(read_file(path), str(path)), str(path))


def parse_movielens_tags(text: str, path: str) -> dict[str, list[str]]:
    """MovieLens ``tags.csv`` (userId,movieId,tag,timestamp): every tag of every movie."""
    reader = csv.reader(io.StringIO(text))
    tags: dict[str, list[str]] = {}
    try:
        for number, fields in enumerate(reader, start=1):
            if number == 1 and fields and fields[0].strip().lower() == "userid":
                continue
            if not fields:
                continue
            if len(fields) < 3:
                raise DataError(f"expected userId,movieId,tag,timestamp, found {len(fields)} "
                                "fields", path, number)
            tag = fields[2].strip()
            if tag:
                tags.setdefault(fields[1].strip(), []).append(tag)
    except csv.Error as exc:
        raise DataError(f"cannot read the line ({exc})", path, reader.line_num) from None
    return tags


def merge_info(
    info: dict[str, ItemInfo], features: ItemFeatures, items: list[str] | None = None
) -> dict[str, ItemInfo]:
    """``info`` with ``features`` added (only for ``items`` when given)."""
    out = dict(info)
    keep = features.items if items is None else features.items & set(items)
    for item in keep:
        old = out.get(item, ItemInfo())
        title = features.titles.get(item) or old.title
        genres = features.genres.get(item, old.genres)
        tags = tuple(dict.fromkeys((*old.tags, *features.tags.get(item, ()))))
        out[item] = replace(old, title=title, genres=tuple(genres), tags=tags)
    return out


def with_item_features(data: Interactions, features: ItemFeatures) -> tuple[Interactions, int]:
    """A copy of ``data`` whose items carry ``features``; also how many of its items matched."""
    matched = len(features.items & set(data.item_ids))
    out = data.copy()
    out.items_info = merge_info(data.items_info, features, data.item_ids)
    return out, matched
