"""DocumentBuilder: the one way readers emit blocks.

Every reader calls ``heading``, ``paragraph``, ``footnote`` and ``table`` in reading
order. The builder writes the normalised text, gives each block, sentence and cell
its offsets and source place, keeps the section path, takes a "Tabel 1" line or the
heading right above a table as its caption, and normalises tables the same way for
every format. Readers never compute offsets themselves.
"""

from __future__ import annotations

import re

from .. import limits
from ..limits import check_table
from ..model import Block, Cell, Document, Footnote, Heading, Metadata, Paragraph, Sentence, Span, Table, cell_display
from ..text.sentences import split_sentences
from .inline import clean_inline
from .tables import (
    MONEY_SCALE,
    CellValue,
    RawCell,
    RawTable,
    detect_header_cols,
    detect_header_rows,
    find_unit_hint,
    grid_positions,
    split_marker,
    split_year_footnotes,
)

_CAPTION_LINE = re.compile(r"^(?:tabel|tab\.|overzicht|figuur)\s*\d*\b", re.I)
#: a caption with its number ("Tabel 1", "Figuur 2.3: ..."), never a section's heading
_DIGIT = re.compile(r"\d")
_NUMBERED_CAPTION = re.compile(r"^(?:tabel|tab\.|figuur|grafiek)\s+\d{1,3}(?:\.\d{1,2})?\b(?![.,]\d)", re.I)
BLOCK_SEPARATOR = "\n\n"


class DocumentBuilder:
    def __init__(self, meta: Metadata):
        self.meta = meta
        self._parts: list[str] = []
        self._length = 0
        self.blocks: list[Block] = []
        self.repairs: list[str] = []
        self.truncated: list[str] = []
        self._section: list[tuple[int, str]] = []  # (level, title)

    # -- text bookkeeping -------------------------------------------------
    def _append(self, text: str) -> int:
        if self._parts:
            self._parts.append(BLOCK_SEPARATOR)
            self._length += len(BLOCK_SEPARATOR)
        start = self._length
        self._parts.append(text)
        self._length += len(text)
        return start

    @property
    def section(self) -> tuple[str, ...]:
        return tuple(title for _, title in self._section)

    def repair(self, what: str) -> None:
        self.repairs.append(what)

    def _add(self, block) -> None:
        if len(self.blocks) >= limits.MAX_BLOCKS:
            limits.refuse_blocks()
        self.blocks.append(block)

    def truncate(self, what: str) -> None:
        """Record a part of the file that could not be read: the document becomes ``partial``."""
        self.truncated.append(what)

    # -- blocks -------------------------------------------------------------
    def heading(self, title: str, level: int = 1, *, line: int | None = None,
                page: int | None = None) -> Heading | Paragraph | None:
        """A heading opens a section. Two kinds of line set as one (in bold, in a DOCX heading
        style) are text, as the same line is when a text rendition writes it plainly: a
        numbered caption ("Tabel 1") names the table below it, and a lead-in with a figure
        ("Uitstroom van 39 cliënten:") opens the list under it and holds a measurement."""
        title, _ = clean_inline(title)
        title = title.strip("*_# ").strip()
        if len(title) <= 120 and (_NUMBERED_CAPTION.match(title) or (title.endswith(":") and _DIGIT.search(title))):
            return self.paragraph(title, line=line, page=page)
        while self._section and self._section[-1][0] >= level:
            self._section.pop()
        start = self._append(title)
        block = Heading(span=Span(start, start + len(title), line, page), section=self.section, title=title, level=level)
        self._section.append((level, title))
        self._add(block)
        return block

    def paragraph(
        self,
        text: str,
        *,
        line: int | None = None,
        page: int | None = None,
        list_item: bool = False,
        marker: str = "",
        line_starts: list[tuple[int, int, int | None]] | None = None,
    ) -> Paragraph | None:
        """Add running text. ``line_starts`` maps offsets in ``text`` to source lines
        (offset, line, page) so that each sentence knows the line it starts on."""
        text = text.strip()
        if not text:
            return None
        start = self._append(text)
        sentences = self._sentences(text, start, line, page, line_starts)
        block = Paragraph(
            span=Span(start, start + len(text), line, page),
            section=self.section,
            content=text,
            sentences=sentences,
            list_item=list_item,
            marker=marker,
        )
        self._add(block)
        return block

    def footnote(self, marker: str, text: str, *, line: int | None = None, page: int | None = None) -> Footnote:
        text = text.strip()
        start = self._append(text)
        block = Footnote(
            span=Span(start, start + len(text), line, page),
            section=self.section,
            marker=marker,
            content=text,
            sentences=self._sentences(text, start, line, page, None),
        )
        self._add(block)
        return block

    def table(self, raw: RawTable) -> Table | None:
        rows = [row for row in raw.rows if any(c.text.strip() for c in row)]
        if not rows:
            return None
        check_table(rows)
        caption = raw.caption.strip()
        if not caption and self.blocks:
            caption = self._take_caption()
        placed, n_rows, n_cols = grid_positions(rows)
        values: dict[tuple[int, int], CellValue] = {(r, c): split_marker(cell.text) for r, c, cell in placed}
        grid_text = [[values.get((r, c), CellValue("")).text for c in range(n_cols)] for r in range(n_rows)]
        declared = raw.header_rows
        if declared is None and rows and all(c.header for c in rows[0]):
            declared = sum(1 for row in rows if row and all(c.header for c in row))
        header_rows = detect_header_rows(grid_text, declared)
        header_cols = detect_header_cols(grid_text, header_rows)
        for r in range(header_rows):
            split_year_footnotes([values[(rr, c)] for rr, c, _ in placed if rr == r])

        # normalised text of the table: rows by "\n", cells by "\t"
        start = self._length + (len(BLOCK_SEPARATOR) if self._parts else 0)
        offset = start
        cells: list[Cell] = []
        by_row: dict[int, list[tuple[int, RawCell, CellValue]]] = {}
        for r, c, cell in placed:
            by_row.setdefault(r, []).append((c, cell, values[(r, c)]))
        row_texts = []
        for r in range(n_rows):
            parts = []
            for c in range(n_cols):
                entry = next((e for e in by_row.get(r, []) if e[0] == c), None)
                if entry is None:
                    parts.append("")
                    continue
                _, cell, value = entry
                model_cell = Cell(
                    row=r,
                    col=c,
                    text=value.text,
                    span=Span(0, 0, cell.line if cell.line is not None else raw.line, cell.page if cell.page is not None else raw.page),
                    rowspan=max(1, cell.rowspan),
                    colspan=max(1, cell.colspan),
                    header=r < header_rows or c < header_cols,
                    marker=value.marker,
                    footnote=value.footnote,
                    raw=cell.text,
                )
                shown = cell_display(model_cell)
                cell_start = offset + sum(len(p) + 1 for p in parts)
                model_cell.span = Span(cell_start, cell_start + len(shown), model_cell.span.line, model_cell.span.page)
                parts.append(shown)
                cells.append(model_cell)
            row_text = "\t".join(parts)
            row_texts.append(row_text)
            offset += len(row_text) + 1
        notes = [n.strip() for n in raw.notes if n.strip()]
        text = "\n".join(row_texts + notes)
        real_start = self._append(text)
        assert real_start == start
        # the unit of the whole table is in its header rows; a row label's "per 1.000 inwoners" is its own
        header_texts = [c.text for c in cells if c.row < header_rows]
        table = Table(
            span=Span(start, start + len(text), raw.line, raw.page),
            section=self.section,
            cells=cells,
            n_rows=n_rows,
            n_cols=n_cols,
            header_rows=header_rows,
            header_cols=header_cols,
            caption=caption,
            unit_hint=find_unit_hint(caption, header_texts) or self._scale_above(),
            notes=notes,
            source=raw.source,
        )
        self._add(table)
        return table

    def _scale_above(self) -> str:
        """A scale line among the short blocks right above a table ("Bedragen x €1.000" read as
        a heading, with the header's own heading "Lasten" in between)."""
        for block in self.blocks[-4:][::-1]:
            text = block.text if isinstance(block, (Heading, Paragraph)) else ""
            found = MONEY_SCALE.search(text) if len(text) <= 80 else None
            if found:
                return found.group(0).strip()
        return ""

    def _take_caption(self) -> str:
        """A table's caption is the "Tabel 1"-style line or the heading right above it."""
        last = self.blocks[-1]
        if isinstance(last, Heading):
            return last.title
        if isinstance(last, Paragraph) and not last.list_item and len(last.content) <= 120 and _CAPTION_LINE.match(last.content):
            return last.content
        return ""

    def _sentences(self, text, start, line, page, line_starts) -> list[Sentence]:
        out = []
        for s, e in split_sentences(text):
            s_line, s_page = line, page
            if line_starts:
                for off, ln, pg in line_starts:
                    if off <= s:
                        s_line, s_page = ln, pg if pg is not None else page
                    else:
                        break
            out.append(Sentence(text[s:e], Span(start + s, start + e, s_line, s_page)))
        return out

    def build(self) -> Document:
        limits.check_numbers(self._parts)
        return Document(meta=self.meta, text="".join(self._parts), blocks=self.blocks, repairs=self.repairs,
                        truncated=self.truncated)

