"""The GroupLens MovieLens layouts (100K, 1M/10M, latest-small/20M/25M), from a folder or zip.

- 100K: ``u.data`` (tab: user item rating timestamp) and ``u.item`` (latin-1, '|':
  id|title|release date|video date|url|19 genre flags, genre names in ``u.genre``).
- 1M / 10M: ``ratings.dat`` (``user::movie::rating::timestamp``) and ``movies.dat``
  (``id::title::Genre|Genre``), latin-1.
- latest-small / 20M / 25M: ``ratings.csv`` (userId,movieId,rating,timestamp) and ``movies.csv``
  (movieId,title,genres with '|'), UTF-8.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pandas as pd

from core.errors import DataError
from core.interactions import Interactions, ItemInfo
from core.io.delimited import read_table
from core.io.load_progress import LoadProgress
from core.io.source import Source, basename
from core.io.text import decode

GENRES_100K = (
    "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime",
    "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance",
    "Sci-Fi", "Thriller", "War", "Western",
)

# ratings file -> (its items file, encoding of both, items parser)
LAYOUTS: dict[str, tuple[str, str, str]] = {
    "u.data": ("u.item", "latin-1", "100k"),
    "ratings.dat": ("movies.dat", "latin-1", "dat"),
    "ratings.csv": ("movies.csv", "utf-8", "csv"),
}


def find_ratings(names: list[str]) -> str | None:
    """The shallowest MovieLens ratings file among ``names`` (relative posix paths)."""
    found = [n for n in names if basename(n) in LAYOUTS]
    return min(found, key=lambda n: (n.count("/"), n)) if found else None


def load_movielens(source: Source, ratings: str, name: str = "",
                   progress: LoadProgress | None = None) -> Interactions:
    folder = ratings[: -len(basename(ratings))]
    items_name, encoding, kind = LAYOUTS[basename(ratings)]
    info: dict[str, ItemInfo] = {}
    notes = []
    if source.has(folder + items_name):
        parser: Callable[[str, str, Source, str], dict[str, ItemInfo]] = _PARSERS[kind]
        path = source.label(folder + items_name)
        try:
            text = decode(source.read(folder + items_name), path, encoding)
            info = parser(text, path, source, folder)
        except DataError as exc:  # the titles are optional: load the ratings, say why not
            notes.append(f"titles not loaded: {exc}")
    if source.has(folder + "tags.csv"):
        from core.io.item_features import ItemFeatures, merge_info, parse_movielens_tags

        label = source.label(folder + "tags.csv")
        tags = parse_movielens_tags(decode(source.read(folder + "tags.csv"), label), label)
        info = merge_info(info, ItemFeatures(tags=tags))
    raw = source.read(ratings)
    if raw and not raw.endswith(b"\n"):
        last = raw.count(b"\n") + 1
        raise DataError(
            f"the file ends in the middle of line {last} (cut short?): every MovieLens "
            "ratings row ends with a line break", source.label(ratings), last,
        )
    sep = "\t" if kind == "100k" else None
    data = read_table(raw, source.label(ratings), encoding=encoding, sep=sep, items_info=info,
                      name=name, progress=progress)
    data.notes.extend(notes)
    return data


def _frame(text: str, path: str, sep: str, n_min: int, header: bool) -> pd.DataFrame:
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=sep, header=0 if header else None, dtype=str,
            keep_default_na=False, engine="c" if len(sep) == 1 else "python",
            quotechar='"',
        )
    except (ValueError, pd.errors.ParserError) as exc:
        raise DataError(f"cannot read the movie list ({exc})", path, 1) from None
    if frame.shape[1] < n_min:
        raise DataError(
            f"movie list has {frame.shape[1]} columns, expected at least {n_min}", path, 1
        )
    return frame


def _items_100k(text: str, path: str, source: Source, folder: str) -> dict[str, ItemInfo]:
    genres = _genre_names(source, folder)
    frame = _frame(text, path, "|", 5 + len(genres), header=False)
    flags = frame.iloc[:, 5:5 + len(genres)].to_numpy() == "1"
    out = {}
    for key, title, row in zip(frame[0], frame[1], flags, strict=True):
        out[str(key).strip()] = ItemInfo(
            str(title), tuple(g for g, f in zip(genres, row, strict=True) if f)
        )
    return out


def _genre_names(source: Source, folder: str) -> tuple[str, ...]:
    name = folder + "u.genre"
    if not source.has(name):
        return GENRES_100K
    text = decode(source.read(name), source.label(name), "latin-1")
    pairs = [line.split("|") for line in text.splitlines() if "|" in line]
    try:
        ordered = sorted((int(k), g) for g, k in pairs)
    except ValueError:
        return GENRES_100K
    names = tuple(g for _, g in ordered)
    return names if len(names) == len(GENRES_100K) else GENRES_100K


def _split_genres(text: str) -> tuple[str, ...]:
    return tuple(g for g in text.split("|") if g and g != "(no genres listed)")


def _items_dat(text: str, path: str, source: Source, folder: str) -> dict[str, ItemInfo]:
    out = {}
    for line in text.splitlines():
        parts = line.split("::")
        if len(parts) >= 3:
            out[parts[0].strip()] = ItemInfo(parts[1], _split_genres(parts[2]))
    return out


def _items_csv(text: str, path: str, source: Source, folder: str) -> dict[str, ItemInfo]:
    frame = _frame(text, path, ",", 3, header=True)
    return {
        str(k).strip(): ItemInfo(str(t), _split_genres(str(g)))
        for k, t, g in zip(frame.iloc[:, 0], frame.iloc[:, 1], frame.iloc[:, 2], strict=True)
    }


_PARSERS = {"100k": _items_100k, "dat": _items_dat, "csv": _items_csv}
