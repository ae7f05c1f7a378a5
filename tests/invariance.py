"""Format invariance: a rendition must give the same tables and figures as its text.

Used by the reader tests of every format. Tables are compared cell by cell (text as
displayed, whitespace folded); paragraph figures as the multiset of numeric tokens
per top-level section, so a reader that loses, duplicates or misplaces a figure
fails, while line wrapping and hyphenation do not matter.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from extract.model import Document, Table

NUMBER_TOKEN = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")


def fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"\s+", " ", text).strip()


def table_grid(table: Table) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(fold(v) for v in row) for row in table.rows())


def table_grids(doc: Document) -> list[tuple[tuple[str, ...], ...]]:
    return [table_grid(t) for t in doc.tables()]


def numeric_tokens(text: str) -> list[str]:
    return NUMBER_TOKEN.findall(text)


def section_key(section: tuple[str, ...], depth: int = 1) -> str:
    return " / ".join(fold(s).lower() for s in section[:depth])


def numbers_by_section(doc: Document, depth: int = 1) -> dict[str, Counter]:
    """Numeric tokens of running text (headings, paragraphs, footnotes) per section."""
    out: dict[str, Counter] = {}
    for block in doc.blocks:
        if isinstance(block, Table):
            continue
        key = section_key(block.section, depth)
        out.setdefault(key, Counter()).update(numeric_tokens(block.text))
    return out


def all_numbers(doc: Document, tables: bool = True) -> Counter:
    c: Counter = Counter()
    for block in doc.blocks:
        if isinstance(block, Table) and not tables:
            continue
        c.update(numeric_tokens(block.text))
    return c
