"""Atomic writes: a save that is killed never leaves a half-written file.

``atomic_write`` writes a temporary file beside the destination and renames it over the
destination, so a killed save never leaves a half-written file. It also:

- refuses destinations that are not regular files (folders, devices, FIFOs, sockets): renaming
  over ``/dev/full`` would replace the device node;
- writes through a symbolic link to the file it points to (the link stays a link);
- keeps an existing file's permission bits; a new file gets the usual ``0666 & ~umask``
  (``mkstemp`` alone would give 0600);
- names temporary files ``.NAME.XXXXXXXX.reclab-tmp`` and, on each save, deletes ones of the
  same destination older than an hour (left behind when a save was killed).
"""

from __future__ import annotations

import os
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from core.errors import DataError
from core.io.bounded import not_regular_reason

TEMP_SUFFIX = ".reclab-tmp"
STALE_SECONDS = 3600.0


def atomic_write(
    path: str | Path, write_fn: Callable[[IO[Any]], object], *, encoding: str | None = None
) -> Path:
    """Write ``path`` through ``write_fn(handle)``, atomically; returns the path.

    The handle is binary, or text in ``encoding`` (newlines untranslated) when one is given.
    The temporary file is removed if ``write_fn`` fails; errors of the file system raise
    ``DataError`` naming ``path``. The folder must exist. See the module docstring for what
    else it does.
    """
    if not str(path).strip():
        raise DataError("no output file name given")
    path = Path(path)
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    mode = _mode_for(target, path)
    folder = target.parent if str(target.parent) else Path(".")
    clean_stale_temps(folder, target.name)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=folder)
    except OSError as exc:
        raise DataError(f"cannot write here ({exc.strerror or exc})", path) from None
    try:
        if encoding is None:
            handle: IO[Any] = os.fdopen(fd, "wb")
        else:
            handle = os.fdopen(fd, "w", encoding=encoding, newline="")
        with handle:
            write_fn(handle)
            handle.flush()
            os.fsync(handle.fileno())
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), mode)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise DataError(f"cannot write the file ({exc.strerror or exc})", path) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def clean_stale_temps(folder: Path, name: str, older_than: float = STALE_SECONDS) -> int:
    """Delete ``.NAME.*.reclab-tmp`` files in ``folder`` older than ``older_than`` seconds."""
    removed = 0
    cutoff = time.time() - older_than
    try:
        candidates = list(folder.glob(f".{_glob_escape(name)}.*{TEMP_SUFFIX}"))
    except OSError:
        return 0
    for tmp in candidates:
        try:
            info = tmp.lstat()
            if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                tmp.unlink()
                removed += 1
        except OSError:
            continue
    return removed


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[]" else c for c in name)


def _mode_for(target: Path, shown: Path) -> int:
    """Permission bits for the new file: the existing file's, else 0666 & ~umask."""
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return 0o666 & ~_umask()
    except OSError as exc:
        raise DataError(f"cannot write the file ({exc.strerror or exc})", shown) from None
    reason = not_regular_reason(info.st_mode)
    if reason is not None:
        raise DataError(f"{reason}; refusing to replace it", shown)
    return stat.S_IMODE(info.st_mode)


def _umask() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    current = os.umask(0o022)
    os.umask(current)
    return current
