"""The one error a reader raises: the file could not be read, and why."""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..errors import HarvestError


class ReadError(HarvestError):
    """``str(err)`` is a single line: ``<path>: <reason>``."""

    def __init__(self, path: str | Path | None, reason: str):
        self.path = str(path) if path is not None else ""
        self.reason = reason.replace("\n", " ").strip()
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}" if self.path else self.reason


def path_text(path: str | Path) -> str:
    """A path as text that can be stored and printed: a name whose bytes are not UTF-8 (Python
    holds them as lone surrogates) gets them as ``\\xff`` escapes."""
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace")
    return text


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a text file: UTF-8 (with or without BOM), else cp1252/latin-1.

    Returns (text, encoding). Refuses binary content posing as text.
    """
    head = data[:8192]
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):  # before UTF-16: its BOM starts the same
        try:
            return data.decode("utf-32"), "utf-32"
        except UnicodeDecodeError as err:
            raise ReadError(None, f"broken UTF-32 text ({err.reason} at byte {err.start})") from None
    if b"\x00" in head and not (head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff")):
        raise ReadError(None, "binary content, not text (NUL bytes)")
    if head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff"):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as err:
            raise ReadError(None, f"broken UTF-16 text ({err.reason} at byte {err.start})") from None
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    mixed = _utf8_with_a_few_bad_bytes(data)
    if mixed is not None:
        text, bad = mixed
        return text, f"utf-8 with {bad} byte{'s' if bad != 1 else ''} that {'are' if bad != 1 else 'is'} not (read as cp1252)"
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if controls > len(head) * 0.05:
        raise ReadError(None, "binary content, not text")
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def decoding_repair(encoding: str) -> str | None:
    """The repair a reader notes for how its bytes were decoded, or None for plain UTF-8."""
    if encoding in ("utf-8", "utf-16", "utf-32"):
        return None
    if encoding.startswith("utf-8 "):
        return f"decoded as {encoding}"
    return f"decoded as {encoding} (not valid UTF-8)"


#: a UTF-8 sequence of two to four bytes: a file that holds some is UTF-8, whatever else it holds
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
#: more bad bytes than this and the file is not UTF-8 with slips but another encoding
MAX_BAD_BYTES = 100


def _utf8_with_a_few_bad_bytes(data: bytes) -> tuple[str, int] | None:
    """UTF-8 text with a few bytes that are not ("caf\\xe9" pasted into a UTF-8 file): the valid
    parts decoded as UTF-8, each bad byte as cp1252, and how many there were; None when the file
    holds no UTF-8 sequence at all or too many bad bytes. One pass: the bad bytes come out of the
    decoder as lone surrogates (``surrogateescape``) and are replaced afterwards."""
    if not _UTF8_SEQUENCE.search(data):
        return None
    text = data.decode("utf-8-sig", errors="surrogateescape")
    bad = len(_ESCAPED.findall(text))
    if bad > MAX_BAD_BYTES:
        return None
    return _ESCAPED.sub(lambda m: bytes([ord(m.group(0)) - 0xDC00]).decode("cp1252", errors="replace"), text), bad


#: a byte that is not UTF-8, as ``surrogateescape`` hands it back (U+DC80..U+DCFF)
_ESCAPED = re.compile("[\udc80-\udcff]")
