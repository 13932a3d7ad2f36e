"""Turning raw bytes into text, with errors that name the line where decoding went wrong.

Encodings: UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark (what
Excel's "Unicode text" writes), and GB18030 (a superset of GBK/GB2312: what Excel writes for a
CSV on a Chinese system). GB18030 is taken only when the text is not UTF-8, decodes as GB18030
and its non-ASCII characters are mostly Chinese; otherwise the encoding cannot be told and the
error says so, naming the line of the first byte that is not UTF-8.
"""

from __future__ import annotations

from core.errors import DataError

UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_CJK_SHARE = 0.8  # share of non-ASCII characters that must be CJK to accept GB18030
_CJK_RANGES = (
    (0x3000, 0x303F), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF),
    (0x2000, 0x206F), (0x20000, 0x2FA1F),
)


def line_of(data: bytes | str, offset: int) -> int:
    """1-based line number of the byte/character at ``offset``."""
    newline = b"\n" if isinstance(data, bytes) else "\n"
    return data.count(newline, 0, offset) + 1  # type: ignore[arg-type]


def check_not_binary(data: bytes, path: str) -> None:
    """Reject data that is clearly not text (NUL bytes or many control characters)."""
    nul = data.find(b"\x00")
    if nul >= 0:
        raise DataError("binary data, not a text file (NUL byte)", path, line_of(data, nul))


def utf16_to_utf8(data: bytes, path: str) -> bytes:
    """UTF-16 text with a byte-order mark as UTF-8 bytes (other data unchanged)."""
    if not data.startswith(UTF16_BOMS):
        return data
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError as exc:
        raise DataError(
            f"cannot decode the text as UTF-16 (it starts with a UTF-16 byte-order mark): "
            f"{exc.reason}", path, line_of(data.decode("utf-16", "replace"), exc.start // 2),
        ) from None
    nul = text.find("\x00")
    if nul >= 0:
        raise DataError("binary data, not a text file (NUL character)", path, line_of(text, nul))
    return text.encode("utf-8")


def detect(data: bytes, path: str, encoding: str = "utf-8") -> tuple[str, str]:
    """(text, encoding used): ``encoding``, or GB18030 when UTF-8 was asked for and the bytes
    are Chinese text in GB18030 (see the module docstring)."""
    check_not_binary(data, path)
    utf8 = encoding.replace("-", "").lower() == "utf8"
    try:
        return data.decode("utf-8-sig" if utf8 else encoding), encoding
    except UnicodeDecodeError as exc:
        bad = exc.start
    if utf8:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            text = None
        if text is not None and looks_chinese(text):
            return text, "gb18030"
        raise DataError(
            f"cannot decode the text: its encoding cannot be told (not UTF-8: byte "
            f"0x{data[bad]:02x}; not UTF-16 or Chinese GB18030); save the file as UTF-8",
            path, line_of(data, bad),
        )
    raise DataError(
        f"cannot decode the text as {encoding} (byte 0x{data[bad]:02x}); save the file as UTF-8",
        path, line_of(data, bad),
    )


def looks_chinese(text: str) -> bool:
    """Whether most non-ASCII characters of ``text`` are CJK characters or punctuation."""
    others = [ord(c) for c in text if ord(c) > 0x7F]
    if not others:
        return False
    cjk = sum(any(lo <= c <= hi for lo, hi in _CJK_RANGES) for c in others)
    return cjk >= _CJK_SHARE * len(others)


def decode(data: bytes, path: str, encoding: str = "utf-8") -> str:
    """Decode ``data`` (a UTF-8 byte-order mark is dropped); DataError at the first bad byte."""
    return detect(data, path, encoding)[0]


def strip_bom(data: bytes) -> bytes:
    return data[3:] if data.startswith(b"\xef\xbb\xbf") else data
