"""Reader for plain-text renditions (.txt): one paragraph per line, or a wrapped PDF text layer.

All structure comes from :mod:`extract.documents.layout`; this module only decodes
the bytes (UTF-8, else cp1252) and numbers the lines.
"""

from __future__ import annotations

from ..model import Document, Metadata
from .builder import DocumentBuilder
from .errors import decode_text, decoding_repair
from .layout import Line, emit_lines


def read(data: bytes, meta: Metadata) -> Document:
    text, encoding = decode_text(data)
    builder = DocumentBuilder(meta)
    if (note := decoding_repair(encoding)) is not None:
        builder.repair(note)
    lines = [Line(raw.rstrip("\r"), number) for number, raw in enumerate(text.split("\n"), start=1)]
    emit_lines(builder, lines)
    return builder.build()
