"""The Document model: what every reader produces and every later stage reads.

A reader turns one file into a :class:`Document`. The document owns one normalised
text (``Document.text``); every block, sentence and table cell points into it with
character offsets, and back into the source with page and line numbers. That single
text is what makes provenance exact and comparable across formats: a PDF, a DOCX
and a plain-text rendition of one report give the same blocks with the same text.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

#: Cell markers kept apart from the value: ``*`` voorlopig, ``n/b``/``n.b.`` niet
#: bekend, ``-`` nihil/niet van toepassing, ``±`` partly (the traffic-light tables).
MARKERS = ("*", "n/b", "n.b.", "nb", "-", "±", "x", "?")

DOCUMENT_TYPES = (
    "bestuursrapportage",
    "kwartaalrapportage",
    "jaarverslag",
    "raadsbrief",
    "uitvoeringsprogramma",
    "begroting",
    "other",
)


@dataclass(frozen=True)
class Span:
    """Where a piece of text lives: offsets into ``Document.text`` and its source place.

    ``line`` is the 1-based line in the source file for text formats, the 1-based line
    on the page for PDF, and the 1-based paragraph number for DOCX.
    """

    start: int
    end: int
    line: int | None = None
    page: int | None = None


@dataclass
class Sentence:
    text: str
    span: Span


@dataclass
class Block:
    """A unit of reading order. ``section`` is the path of headings above it."""

    span: Span
    section: tuple[str, ...] = ()

    kind = "block"

    @property
    def text(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError


@dataclass
class Heading(Block):
    title: str = ""
    level: int = 1
    kind = "heading"

    @property
    def text(self) -> str:
        return self.title


@dataclass
class Paragraph(Block):
    """Running text; ``list_item`` marks a bullet or numbered item (``marker`` holds it)."""

    content: str = ""
    sentences: list[Sentence] = field(default_factory=list)
    list_item: bool = False
    marker: str = ""
    kind = "paragraph"

    @property
    def text(self) -> str:
        return self.content


@dataclass
class Footnote(Block):
    """A footnote body; ``marker`` is its number or symbol as printed (``1``, ``²``)."""

    marker: str = ""
    content: str = ""
    sentences: list[Sentence] = field(default_factory=list)
    kind = "footnote"

    @property
    def text(self) -> str:
        return self.content


@dataclass
class Cell:
    """One table cell. ``text`` is the value as written, without marker or footnote.

    ``marker`` keeps a status sign (``*`` voorlopig, ``n/b``); a cell that is only a
    marker has an empty ``text``. ``footnote`` is a footnote reference glued to the
    cell (``20241`` read as 2024 with footnote 1).
    """

    row: int
    col: int
    text: str
    span: Span
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    marker: str = ""
    footnote: str = ""
    raw: str = ""


@dataclass
class Table(Block):
    """A grid of cells with header rows/columns, caption, unit hint and notes."""

    cells: list[Cell] = field(default_factory=list)
    n_rows: int = 0
    n_cols: int = 0
    header_rows: int = 0
    header_cols: int = 0
    caption: str = ""
    unit_hint: str = ""
    notes: list[str] = field(default_factory=list)
    #: how the table was found: tabs, pipes, markdown, html, layout, pdf-ruled, pdf-text, docx
    source: str = ""
    kind = "table"

    @property
    def text(self) -> str:
        """The grid (cells by tab, rows by newline), then the notes, one per line."""
        return "\n".join(["\t".join(row) for row in self.rows()] + self.notes)

    def cell(self, row: int, col: int) -> Cell | None:
        """The cell covering grid position (row, col), following spans (the first listed wins).

        Looked up in a position index built on first use: extraction asks this of every
        cell's row and column, and a scan of the cells per question made big tables quadratic."""
        index = self.__dict__.get("_positions")
        if index is None or index[0] != len(self.cells):
            positions: dict[tuple[int, int], Cell] = {}
            for c in self.cells:
                for r in range(c.row, c.row + c.rowspan):
                    for k in range(c.col, c.col + c.colspan):
                        positions.setdefault((r, k), c)
            index = self.__dict__["_positions"] = (len(self.cells), positions)
        return index[1].get((row, col))

    def rows(self) -> list[list[str]]:
        """The grid as text (marker appended), a spanning cell filling its first slot."""
        grid = [["" for _ in range(self.n_cols)] for _ in range(self.n_rows)]
        for c in self.cells:
            grid[c.row][c.col] = cell_display(c)
        return grid

    def body_rows(self) -> list[list[Cell | None]]:
        return [[self.cell(r, c) for c in range(self.n_cols)] for r in range(self.header_rows, self.n_rows)]

    def column_header(self, col: int) -> str:
        """The header text of a column: its header-row cells joined top to bottom."""
        parts = []
        for r in range(self.header_rows):
            c = self.cell(r, col)
            if c is not None and c.text and (not parts or parts[-1] != c.text):
                parts.append(c.text)
        return " ".join(parts)

    def row_header(self, row: int) -> str:
        parts = []
        for col in range(self.header_cols):
            c = self.cell(row, col)
            if c is not None and c.text and (not parts or parts[-1] != c.text):
                parts.append(c.text)
        return " ".join(parts)


def cell_display(c: Cell) -> str:
    """A cell as a reader sees it: value plus marker (``11,1*``, ``n/b``)."""
    if c.marker and c.text:
        return f"{c.text}{c.marker}" if c.marker == "*" else f"{c.text} {c.marker}"
    return c.text or c.marker


@dataclass
class Period:
    """A span of time with the words that named it. ISO dates, inclusive end."""

    start: str
    end: str
    label: str = ""


@dataclass
class Metadata:
    id: str  # sha256 of the file bytes
    path: str
    format: str
    title: str | None = None
    municipality: str | None = None
    region: str | None = None
    doc_type: str = "other"
    period: Period | None = None
    date: str | None = None
    reference: str | None = None
    pages: int | None = None
    #: for each field read from the content, the quote it came from ("manifest" if overridden)
    evidence: dict[str, str] = field(default_factory=dict)
    #: the CBS code of ``municipality`` (GM0392), and where the municipality was found:
    #: "text", "file name", "folder" or "manifest" (None: not found)
    municipality_code: str | None = None
    municipality_source: str | None = None


@dataclass
class Document:
    meta: Metadata
    text: str = ""
    blocks: list[Block] = field(default_factory=list)
    #: repairs the reader made (joined hyphenation, merged split table, ...), for `harvest parse`
    repairs: list[str] = field(default_factory=list)
    #: what the reader could not read (a parser limit, pages without readable text): a document
    #: with any is stored as ``partial``, never as whole
    truncated: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The file name without extension: the ``doc`` column of every export (``Path.stem``,
        spelled with os.path: it is asked for every measurement)."""
        return os.path.splitext(os.path.basename(self.meta.path))[0]

    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]

    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def footnotes(self) -> list[Footnote]:
        return [b for b in self.blocks if isinstance(b, Footnote)]

    def sentences(self) -> Iterator[tuple[Block, Sentence]]:
        for b in self.blocks:
            for s in getattr(b, "sentences", ()):
                yield b, s

    def to_dict(self) -> dict[str, Any]:
        blocks = []
        for b in self.blocks:
            d = _plain(b)
            d["kind"] = b.kind
            d["section"] = list(b.section)
            blocks.append(d)
        return {"meta": _plain(self.meta), "text": self.text, "blocks": blocks, "repairs": list(self.repairs),
                "truncated": list(self.truncated)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        meta = dict(data["meta"])
        if meta.get("period"):
            meta["period"] = Period(**meta["period"])
        blocks: list[Block] = []
        for d in data["blocks"]:
            d = dict(d)
            kind = d.pop("kind")
            d["span"] = Span(**d["span"])
            d["section"] = tuple(d.get("section", ()))
            if "sentences" in d:
                d["sentences"] = [Sentence(s["text"], Span(**s["span"])) for s in d["sentences"]]
            if kind == "table":
                d["cells"] = [Cell(**{**c, "span": Span(**c["span"])}) for c in d["cells"]]
            blocks.append(BLOCK_TYPES[kind](**d))
        return cls(meta=Metadata(**meta), text=data.get("text", ""), blocks=blocks, repairs=list(data.get("repairs", [])),
                   truncated=list(data.get("truncated", [])))


_FIELDS: dict[type, tuple[str, ...]] = {}


def _plain(value: Any) -> Any:
    """``dataclasses.asdict`` without its deep copies: the same dicts, lists and tuples,
    several times faster (every stored document is converted)."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    names = _FIELDS.get(type(value))
    if names is None and is_dataclass(value) and not isinstance(value, type):
        names = _FIELDS[type(value)] = tuple(f.name for f in fields(value))
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


BLOCK_TYPES: dict[str, type[Block]] = {
    "heading": Heading,
    "paragraph": Paragraph,
    "footnote": Footnote,
    "table": Table,
}
