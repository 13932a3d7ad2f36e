"""Loading and saving interaction data. ``load`` picks the format from the content.

Supported: CSV/TSV/semicolon/'|'/space-separated tables of user, item[, rating][, timestamp]
(header optional), MovieLens 100K / 1M / 10M / latest-small / 20M / 25M folders or GroupLens
.zip files, and the seed article's JSON. Every problem raises ``core.errors.DataError`` naming
the file, the line and the problem; nothing is half-loaded.
"""

from __future__ import annotations

from pathlib import Path

from core.errors import DataError
from core.interactions import Interactions
from core.io.load_progress import LoadProgress
from core.io.seed_json import read_json
from core.io.source import FolderSource, Source, ZipSource, basename, read_file
from core.io.text import decode, strip_bom, utf16_to_utf8
from core.progress import ProgressCallback

# The table readers and the writer use pandas, which costs ~0.8 s to import; they are imported
# when a file is actually read or written, so that starting the app does not pay for it.

__all__ = ["SUPPORTED_DESCRIPTION", "load", "save_csv"]

SUPPORTED_DESCRIPTION = (
    "Interaction data (*.csv *.tsv *.txt *.dat *.data *.json *.zip);;All files (*)"
)

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_DATA_SUFFIXES = (".csv", ".tsv", ".txt", ".dat", ".data", ".json")


def save_csv(data: Interactions, path: str | Path) -> Path:
    """Write ``data`` as CSV, atomically; see ``core.io.writer.save_csv``."""
    from core.io.writer import save_csv as write

    return write(data, path)


def load(path: str | Path, on_progress: ProgressCallback | None = None) -> Interactions:
    """Load interactions from a file, a folder or a zip archive (format chosen by content).

    ``on_progress`` gets stage events with the share of the ratings bytes parsed and an ETA
    (``core.io.load_progress``); loading cannot be stopped.
    """
    path = Path(path)
    name = path.stem if path.is_file() else path.name
    progress = LoadProgress(path.name, on_progress)
    if path.is_dir():
        data = _load_source(FolderSource(path), path, name, progress)
    else:
        data = _load_file(path, name, progress)
    progress.finished()
    return data


def _load_file(path: Path, name: str, progress: LoadProgress) -> Interactions:
    data = read_file(path)
    if data.startswith(_ZIP_MAGIC):
        return _load_source(ZipSource(path), path, name, progress)
    from core.io.movielens import LAYOUTS, load_movielens

    if basename(path.name) in LAYOUTS and path.parent.is_dir():
        # A MovieLens ratings file picked directly: take the titles from beside it too.
        return load_movielens(FolderSource(path.parent), path.name, name, progress)
    return load_bytes(data, str(path), name, progress=progress)


def load_bytes(data: bytes, path: str, name: str = "", encoding: str = "utf-8",
               progress: LoadProgress | None = None) -> Interactions:
    """Load one file's bytes: JSON when it starts with '{' or '[', else a delimited table."""
    data = utf16_to_utf8(data, path)
    head = strip_bom(data[:64]).lstrip()
    if head.startswith((b"{", b"[")):
        return read_json(decode(data, path), path, name)
    from core.io.delimited import read_table

    return read_table(data, path, encoding=encoding, name=name, progress=progress)


def _load_source(source: Source, path: Path, name: str, progress: LoadProgress) -> Interactions:
    from core.io.movielens import find_ratings, load_movielens

    names = source.names()
    ratings = find_ratings(names)
    if ratings is not None:
        return load_movielens(source, ratings, name, progress)
    candidates = [n for n in names if n.lower().endswith(_DATA_SUFFIXES)]
    if len(candidates) == 1:
        only = candidates[0]
        return load_bytes(source.read(only), source.label(only), name, progress=progress)
    kind = "zip archive" if isinstance(source, ZipSource) else "folder"
    found = f"{len(candidates)} candidate files" if candidates else "no data file"
    raise DataError(
        f"no ratings found in this {kind} ({found}): expected MovieLens u.data, ratings.dat or "
        "ratings.csv, or a single CSV/TSV/JSON file",
        path,
    )
