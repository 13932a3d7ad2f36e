"""Turning raw bytes into text, with errors that name the line where decoding went wrong."""

from __future__ import annotations

from core.errors import DataError


def line_of(data: bytes | str, offset: int) -> int:
    """1-based line number of the byte/character at ``offset``."""
    newline = b"\n" if isinstance(data, bytes) else "\n"
    return data.count(newline, 0, offset) + 1  # type: ignore[arg-type]


def check_not_binary(data: bytes, path: str) -> None:
    """Reject data that is clearly not text (NUL bytes or many control characters)."""
    nul = data.find(b"\x00")
    if nul >= 0:
        raise DataError("binary data, not a text file (NUL byte)", path, line_of(data, nul))


def decode(data: bytes, path: str, encoding: str = "utf-8") -> str:
    """Decode ``data`` (a UTF-8 byte-order mark is dropped); DataError at the first bad byte."""
    check_not_binary(data, path)
    if encoding.replace("-", "").lower() == "utf8":
        encoding = "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DataError(
            f"cannot decode the text as {encoding.removesuffix('-sig')} "
            f"(byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            path, line_of(data, exc.start),
        ) from None


def strip_bom(data: bytes) -> bytes:
    return data[3:] if data.startswith(b"\xef\xbb\xbf") else data
