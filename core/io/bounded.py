"""Reading files that may be hostile: only regular files, never more than a size limit.

``open("fifo")`` blocks until a writer appears and ``/dev/zero`` never ends, so a path is
opened without blocking, checked with ``fstat`` (the same open file, so no race with a swap
after the check) and refused unless it is a regular file no larger than the limit. The
content is then read with the limit as a hard cap (a file that grows while read is refused).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from core.errors import DataError

MAX_DATA_BYTES = 4 << 30  # a data file (MovieLens 25M's ratings.csv is ~0.7 GB)

_KINDS = (
    (stat.S_ISDIR, "is a folder, expected a file"),
    (stat.S_ISFIFO, "is a named pipe (FIFO), not a regular file"),
    (stat.S_ISCHR, "is a character device, not a regular file"),
    (stat.S_ISBLK, "is a block device, not a regular file"),
    (stat.S_ISSOCK, "is a socket, not a regular file"),
)


def describe_size(n: int) -> str:
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} bytes"


def not_regular_reason(mode: int) -> str | None:
    """Why a file of this ``st_mode`` cannot be read as data (None for a regular file)."""
    for test, reason in _KINDS:
        if test(mode):
            return reason
    return None if stat.S_ISREG(mode) else "is not a regular file"


def open_regular(path: str | Path, limit: int = MAX_DATA_BYTES) -> BinaryIO:
    """Open ``path`` for binary reading if it is a regular file of at most ``limit`` bytes."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise DataError("no such file or folder", path) from None
    except IsADirectoryError:
        raise DataError("is a folder, expected a file", path) from None
    except OSError as exc:
        raise DataError(f"cannot open the file ({exc.strerror or exc})", path) from None
    try:
        info = os.fstat(fd)
        reason = not_regular_reason(info.st_mode)
        if reason is not None:
            raise DataError(reason, path)
        if info.st_size > limit:
            raise DataError(
                f"file too large ({describe_size(info.st_size)}; the limit is "
                f"{describe_size(limit)})", path,
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: str | Path, limit: int = MAX_DATA_BYTES) -> bytes:
    """All bytes of a regular file of at most ``limit`` bytes (see ``open_regular``)."""
    with open_regular(path, limit) as fh:
        try:
            data = fh.read(limit + 1)
        except OSError as exc:
            raise DataError(f"cannot read the file ({exc.strerror or exc})", path) from None
    if len(data) > limit:
        raise DataError(f"file too large (grew past the {describe_size(limit)} limit)", path)
    return data
