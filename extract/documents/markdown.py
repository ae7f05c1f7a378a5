"""Reader for Markdown renditions (.md): ATX headings, emphasis, lists, tables, embedded HTML.

Markdown paragraphs are joined here (a paragraph is the lines up to a blank line; a
line ending in two spaces is a hard break and stays its own line, which keeps a
letterhead such as "Ons kenmerk **X2017.46954**" apart). Headings come from the
``#`` marks; everything else goes through the shared layout engine, so tab tables
whose cells hold ``<ul>``/``<p>`` HTML are rebuilt the same way as in text files.
"""

from __future__ import annotations

import re

from ..model import Document, Metadata
from .builder import DocumentBuilder
from .errors import decode_text, decoding_repair
from .layout import LayoutReader, Line
from .tables import RawTable

_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=\S)\*(?![\w*])")
_FOOTNOTE_DEF = re.compile(r"^\[\^(\w+)\]:\s*(.*)$")
_LIST_START = re.compile(r"^\s*(?:[-*+•]|\d{1,2}[.)]|[a-z]\))\s+\S")


def strip_emphasis(text: str) -> str:
    text = _STRONG.sub(r"\2", text)
    return _EMPHASIS.sub(r"\1", text)


def _is_structural(text: str) -> bool:
    """Lines that never join a paragraph: tables, list starts, headings, footnotes, HTML blocks."""
    s = text.strip()
    return (
        "\t" in text
        or s.count("|") >= 2
        or bool(_ATX.match(text))
        or bool(_LIST_START.match(text))
        or bool(_FOOTNOTE_DEF.match(s))
        or s.startswith("<")
        or s[:1] in "¹²³⁴⁵⁶⁷⁸⁹"
    )


def logical_lines(text: str) -> tuple[list[Line], list[tuple[int, str]]]:
    """Join soft-wrapped paragraph lines; collect ``<table>`` blocks by their first line."""
    raw = text.split("\n")
    lines: list[Line] = []
    html_tables: list[tuple[int, str]] = []
    i = 0
    while i < len(raw):
        number = i + 1
        current = raw[i].rstrip("\r")
        if re.match(r"^\s*<table\b", current, re.I):
            block = [current]
            while "</table>" not in raw[i].lower() and i + 1 < len(raw):
                i += 1
                block.append(raw[i])
            html_tables.append((len(lines), "\n".join(block)))
            lines.append(Line("", number))
            i += 1
            continue
        if "\t" not in current.rstrip("\t") and re.match(r"^\s*<(?:p|ul|ol|div|blockquote)\b", current, re.I):
            # an HTML block outside a table (up to the next blank line): its paragraphs
            # and list items become lines
            from .html import html_fragment_to_text

            block = [current.rstrip("\t")]
            while i + 1 < len(raw) and raw[i + 1].strip() and "\t" not in raw[i + 1].rstrip("\t"):
                i += 1
                block.append(raw[i].rstrip("\t"))
            for part in html_fragment_to_text(" ".join(block)).split("\n"):
                if part.strip():
                    lines.append(Line(part.strip(), number))
            lines.append(Line("", number))
            i += 1
            continue
        heading = _ATX.match(current)
        if heading:
            title = strip_emphasis(heading.group(2)).strip("*_ ")
            lines.append(Line(title, number, heading_level=len(heading.group(1))))
            i += 1
            continue
        footnote = _FOOTNOTE_DEF.match(current.strip())
        if footnote:
            lines.append(Line(_superscript(footnote.group(1)) + " " + strip_emphasis(footnote.group(2)), number))
            i += 1
            continue
        joined = current
        hard_break = current.endswith("  ")
        while (not hard_break and i + 1 < len(raw) and raw[i + 1].strip() and current.strip()
               and not _is_structural(current) and not _is_structural(raw[i + 1])):
            i += 1
            joined = joined.rstrip() + " " + raw[i].strip()
            hard_break = raw[i].endswith("  ")
        lines.append(Line(strip_emphasis(joined.rstrip()) if "\t" not in joined else joined.rstrip(), number))
        i += 1
    return lines, html_tables


def _superscript(mark: str) -> str:
    return mark.translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")) if mark.isdigit() else mark


class _MarkdownLayout(LayoutReader):
    """The layout engine with ``<table>`` blocks spliced in at their place."""

    def __init__(self, builder, lines, html_tables):
        self.options = {"wrapped": False, "figure_tables": False,
                        "guess_headings": not any(line.heading_level for line in lines)}
        super().__init__(builder, lines, **self.options)
        self.html_tables = dict(html_tables)

    def run(self) -> None:
        if not self.html_tables:
            return super().run()
        from .html import tables_from_html

        lines = self.lines
        start = 0
        for index in sorted(self.html_tables):
            self._run_slice(lines[start:index])
            for table in tables_from_html(self.html_tables[index], line=lines[index].line):
                self.b.table(table)
            start = index + 1
        self._run_slice(lines[start:])

    def _run_slice(self, lines: list[Line]) -> None:
        LayoutReader(self.b, lines, **self.options).run()


def read(data: bytes, meta: Metadata) -> Document:
    text, encoding = decode_text(data)
    builder = DocumentBuilder(meta)
    if (note := decoding_repair(encoding)) is not None:
        builder.repair(note)
    lines, html_tables = logical_lines(text)
    _MarkdownLayout(builder, lines, html_tables).run()
    return builder.build()


__all__ = ["read", "logical_lines", "strip_emphasis", "RawTable"]
