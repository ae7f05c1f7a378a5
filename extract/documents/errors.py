"""The one error a reader raises: the file could not be read, and why."""

from __future__ import annotations

from pathlib import Path


class ReadError(Exception):
    """``str(err)`` is a single line: ``<path>: <reason>``."""

    def __init__(self, path: str | Path | None, reason: str):
        self.path = str(path) if path is not None else ""
        self.reason = reason.replace("\n", " ").strip()
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}" if self.path else self.reason


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a text file: UTF-8 (with or without BOM), else cp1252/latin-1.

    Returns (text, encoding). Refuses binary content posing as text.
    """
    head = data[:8192]
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
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if controls > len(head) * 0.05:
        raise ReadError(None, "binary content, not text")
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"
