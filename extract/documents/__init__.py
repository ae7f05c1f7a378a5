"""Readers: one module per format, all producing the same :class:`~extract.model.Document`.

``read_document(path)`` is the single entry point. It refuses what cannot be read
with a :class:`ReadError` whose message names the file and the reason, so a batch
can log one line and go on.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from ..limits import MAX_FILE_BYTES as MAX_BYTES
from ..model import Document, Metadata
from .errors import ReadError, path_text

Reader = Callable[[bytes, Metadata], Document]


def reader_for(ext: str) -> Reader:
    """The reader of one extension, imported on first use (PDF and DOCX pull in big libraries)."""
    from importlib import import_module

    module = {"text": "text", "markdown": "markdown", "html": "html", "pdf": "pdf", "docx": "docx"}[FORMATS[ext]]
    return import_module(f"{__name__}.{module}").read


#: extension -> format name recorded in Document.meta.format
FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}
SUPPORTED_EXTENSIONS = tuple(FORMATS)


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_EXTENSIONS


def read_document(path: str | Path, *, max_bytes: int = MAX_BYTES, manifest=None) -> Document:
    """Read one file into a Document, with metadata detected from its content.

    Raises :class:`ReadError` (``str(err)`` is ``"<path>: <reason>"``) for anything
    that cannot be read: missing, empty, too large, unsupported, corrupt, encrypted,
    without a text layer, or not text at all.
    """
    from ..metadata.detect import detect_metadata, settle_municipality

    path = Path(path)
    ext = path.suffix.lower()
    if not path.is_file():
        raise ReadError(path, "no such file")
    if ext not in SUPPORTED_EXTENSIONS:
        raise ReadError(path, f"unsupported file type '{ext or path.name}' (supported: {', '.join(SUPPORTED_EXTENSIONS)})")
    size = path.stat().st_size
    if size == 0:
        raise ReadError(path, "empty file")
    if size > max_bytes:
        raise ReadError(path, f"file too large ({size / 1e6:.1f} MB; limit {max_bytes / 1e6:.0f} MB)")
    data = path.read_bytes()
    meta = Metadata(id=hashlib.sha256(data).hexdigest(), path=path_text(path), format=FORMATS[ext])
    read = reader_for(ext)  # outside the try: a missing module is our bug, not the file's
    try:
        doc = read(data, meta)
    except ReadError as err:
        raise ReadError(path, err.reason) from None
    except Exception as err:  # a reader library choking on hostile input
        raise ReadError(path, f"cannot read {ext[1:].upper()}: {type(err).__name__}: {err}".rstrip(": ")) from err
    if not doc.blocks:
        raise ReadError(path, "no text found (empty document, or a scan without a text layer)")
    detect_metadata(doc)
    if manifest is not None:
        manifest.apply(doc)
    settle_municipality(doc.meta)
    return doc


__all__ = ["ReadError", "read_document", "is_supported", "SUPPORTED_EXTENSIONS", "MAX_BYTES"]
