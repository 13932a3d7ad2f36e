"""Where files come from: a folder on disk or a .zip archive, seen the same way.

A ``Source`` lists relative file names and reads their bytes, and names each file for error
messages (``ml-100k.zip/ml-100k/u.data``), so loaders do not care which it is.
"""

from __future__ import annotations

import os
import zipfile
from abc import ABC, abstractmethod
from pathlib import Path, PurePosixPath

from core.errors import DataError
from core.io.bounded import open_regular, read_regular
from core.io.zipcap import read_member

MAX_MEMBER_BYTES = 4 << 30  # refuse zip members that would inflate beyond 4 GiB


class Source(ABC):
    """Files of one place a dataset lives in: a folder or a zip archive."""

    def __init__(self, path: Path):
        self.path = path

    @abstractmethod
    def names(self) -> list[str]:
        """Relative names of every file, with '/' separators."""

    @abstractmethod
    def read(self, name: str) -> bytes:
        """The bytes of one file; DataError when it cannot be read."""

    @abstractmethod
    def has(self, name: str) -> bool:
        """Whether the file exists."""

    def label(self, name: str) -> str:
        return str(self.path / name)


class FolderSource(Source):
    MAX_DEPTH = 2  # the folder itself and two levels below (e.g. downloads/ml-100k/u.data)

    def names(self) -> list[str]:
        out = []
        try:
            for root, dirs, files in os.walk(self.path):
                rel = Path(root).relative_to(self.path)
                if len(rel.parts) >= self.MAX_DEPTH:
                    dirs.clear()
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                out.extend((rel / f).as_posix() for f in files)
        except OSError as exc:
            raise DataError(f"cannot list the folder ({exc.strerror or exc})", self.path) from None
        return sorted(out)

    def read(self, name: str) -> bytes:
        return read_file(self.path / name)

    def has(self, name: str) -> bool:
        return (self.path / name).is_file()


class ZipSource(Source):
    def __init__(self, path: Path):
        super().__init__(path)
        handle = open_regular(path)
        try:
            self._zip = zipfile.ZipFile(handle)
            self._infos = {i.filename: i for i in self._zip.infolist() if not i.is_dir()}
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            handle.close()
            raise DataError(f"not a readable zip archive ({exc})", path) from None

    def names(self) -> list[str]:
        return sorted(n for n in self._infos if "__MACOSX" not in n)

    def read(self, name: str) -> bytes:
        return read_member(self._zip, name, self.label(name), MAX_MEMBER_BYTES)

    def has(self, name: str) -> bool:
        return name in self._infos

    def label(self, name: str) -> str:
        return f"{self.path}/{name}"


def read_file(path: Path) -> bytes:
    """A regular file's bytes, bounded (FIFOs, devices and huge files are refused)."""
    return read_regular(path)


def basename(name: str) -> str:
    return PurePosixPath(name).name
