"""Reading zip members with caps: uncompressed size and compression ratio (zip bombs).

A member's declared size is checked before anything is inflated; ``zipfile`` then never
returns more than the declared size. Deflate can shrink a run of zeros ~1000 times, real data
(ratings, ids, trained weights) rarely beyond 20 times; members larger than ``RATIO_FLOOR``
must stay under ``MAX_RATIO``.
"""

from __future__ import annotations

import zipfile
import zlib

from core.errors import DataError
from core.io.bounded import describe_size

MAX_RATIO = 200
RATIO_FLOOR = 8 << 20  # small members may compress as well as they like
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError,
              RuntimeError, KeyError)


def check_member(info: zipfile.ZipInfo, label: str, limit: int) -> None:
    """Refuse a member whose declared size or compression ratio is beyond the caps."""
    if info.file_size > limit:
        raise DataError(
            f"{info.filename} would inflate to {describe_size(info.file_size)} (the limit is "
            f"{describe_size(limit)})", label,
        )
    if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise DataError(
            f"{info.filename} is compressed {info.file_size // max(info.compress_size, 1)} "
            f"times (more than {MAX_RATIO}): refused as a possible zip bomb", label,
        )


def read_member(zf: zipfile.ZipFile, name: str, label: str, limit: int) -> bytes:
    """The bytes of one member after ``check_member``; DataError for anything broken."""
    try:
        info = zf.getinfo(name)
    except KeyError:
        raise DataError(f"{name} is missing", label) from None
    check_member(info, label, limit)
    try:
        with zf.open(info) as fh:
            data = fh.read(info.file_size + 1)
    except ZIP_ERRORS as exc:
        raise DataError(f"cannot extract {name} ({exc})", label) from None
    if len(data) != info.file_size:
        raise DataError(f"{name} does not have its declared size", label)
    return data
