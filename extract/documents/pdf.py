"""Reader for PDF renditions: PDFium for the text layer, pdfplumber's table finder for ruled tables.

pdfplumber parses every page with pdfminer (about 8 pages/s); PDFium reads the same
text layer and drawing objects in C at hundreds of pages per second. So PDFium gives
the characters with their boxes and the ruling lines of every page, and
pdfplumber's lattice algorithm (``TableFinder``) turns those ruling lines into table
cells without parsing the page a second time. Everything else is repaired here:

* reading order and line numbers per page (``Span.line`` is the visual line on the page),
* running headers/footers (same text at the same place on most pages) and bare
  page numbers are dropped,
* wrapped lines are re-joined into paragraphs by vertical spacing, hyphenation at
  line ends repaired (shared with the text reader through :mod:`.layout`),
* headings come from fonts (bold and larger than the body text), their level from
  the size rank of the heading styles,
* ruled tables keep merged cells as row/column spans; tables laid out with spaces
  only (no ruling) are rebuilt from the x positions of their words,
* a table broken over a page is joined again,
* a page PDFium cannot load is skipped and the rest read, and a page whose search for
  ruled tables runs past :data:`~extract.limits.PAGE_SECONDS` is read as text lines;
  both are recorded, so one damaged or pathological page does not cost the document.

The paragraphs go through :func:`.layout.LayoutReader` like every text format, so
footnotes, list items and tables written as text are found the same way.
"""

from __future__ import annotations

import ctypes
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from itertools import accumulate

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.table import TableFinder

from .. import limits
from ..limits import check_pages
from ..model import Document, Metadata
from .builder import DocumentBuilder
from .errors import ReadError
from .layout import Joiner, LayoutReader, Line
from .tables import RawCell, RawTable

#: characters PDFium reports for a hyphen it took for a soft hyphen at a line end
_SOFT_HYPHENS = "\ufffe\x02"
_SOFT_HYPHEN_BREAKS = {ord(ch): "-\n" for ch in _SOFT_HYPHENS}
_BULLET_START = re.compile(r"^(?:[•●▪◦·\-–*]|\d{1,2}[.)]|[a-z]\))\s")
_PAGE_NUMBER = re.compile(r"^\W*(?:pagina|page|blz\.?)?\s*\d{1,4}(?:\s*(?:van|of|/)\s*\d{1,4})?\W*$", re.I)
_SENTENCE_END = (".", "!", "?", ":")
#: pdfplumber's default settings for ruled tables
_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


@dataclass(slots=True)
class _Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    index: int


class _VLine:
    """A visual line: the characters at one height, left to right, with its box."""

    __slots__ = ("chars", "page", "number", "size", "bold", "x0", "x1", "top", "bottom", "text", "column", "words")

    def __init__(self, chars: list[_Char], page: int):
        self.chars = chars
        self.page = page
        self.number = 0
        self.size = 0.0
        self.bold = False
        #: (band, side) on a page set in two columns: a band between lines that span both
        #: columns, side -1 for such a line, 0 the left column, 1 the right; (0, 0) elsewhere
        self.column = (0, 0)
        self.finish()

    def finish(self) -> None:
        """Compute the box and text once the characters are complete."""
        visible = [c for c in self.chars if not c.text.isspace()] or self.chars
        self.x0 = self.chars[0].x0
        self.x1 = max(c.x1 for c in visible)
        self.top = min(c.top for c in visible)
        self.bottom = max(c.bottom for c in visible)
        self.text = _chars_text(self.chars)
        self.words: list[list[_Char]] | None = None  # _words(), once asked

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass
class _PageTable:
    """A table found on one page, before joining across pages."""

    rows: list[list[RawCell]]
    top: float
    x0: float
    x1: float
    page: int
    source: str
    line: int | None = None
    n_cols: int = 0


@dataclass
class _Block:
    """Running text of consecutive lines: one paragraph, heading, list item or footnote."""

    lines: list[_VLine]
    #: lines continued from the next page (a paragraph cut by a page break)
    extra: list[_VLine] = field(default_factory=list)

    @property
    def all_lines(self) -> list[_VLine]:
        return self.lines + self.extra


# -- entry point -------------------------------------------------------------------


def read(data: bytes, meta: Metadata) -> Document:
    """Read a PDF into a Document (see the module docstring for what is repaired)."""
    pdf = _open(data)
    repairs: list[str] = []  # what reading the pages repaired, before there is a builder to tell
    unmapped: list[int] = []  # pages whose text has no Unicode map
    try:
        check_pages(len(pdf))
        meta.pages = len(pdf)
        pages = [page for i in range(len(pdf)) if (page := _read_page(pdf, i, repairs, unmapped)) is not None]
    finally:
        pdf.close()
    _check_mapped(unmapped, meta.pages)
    _check_loaded(pages, meta.pages, repairs)
    joiner = Joiner([page.text.translate(_SOFT_HYPHEN_BREAKS) for page in pages])
    for page in pages:
        page.tables = [t for t in (_ruled_table(cells, page.chars, page.number, joiner) for cells in page.ruled) if t]
        _number_lines(page)
    builder = DocumentBuilder(meta)
    for repair in repairs:
        builder.repair(repair)
    if unmapped:
        which = f"pages {_number_ranges(unmapped)}" if len(unmapped) > 1 else f"page {unmapped[0]}"
        builder.truncate(f"{which} of {meta.pages}: no readable text (its fonts have no Unicode map: "
                         "the characters come out as glyph codes); OCR them to read them")
    _drop_running_lines(pages, builder)
    _read_columns(pages, builder)
    items = _join_tables(_page_items(pages, joiner), builder)
    styles = _heading_styles(pages)
    _emit(builder, items, _heading_levels(styles), len(styles) <= 1, joiner)
    return builder.build()


def _check_mapped(unmapped: list[int], count: int) -> None:
    """A PDF none of whose pages maps its characters to Unicode has nothing to read."""
    if count and len(unmapped) == count:
        raise ReadError(None, "no readable text: its fonts have no Unicode map (the characters come out as glyph "
                              "codes, (cid:NN) in other tools); OCR is not supported")


def _check_loaded(pages: list[_Page], count: int, repairs: list[str]) -> None:
    """Pages PDFium cannot load (a damaged page object or xref entry) are skipped, as a
    viewer shows the rest, and the skip is recorded; without a readable page with text
    there is nothing to read, and the reason says whether the file is damaged or a scan."""
    loaded = {page.number for page in pages}
    missing = [n for n in range(1, count + 1) if n not in loaded]
    if not missing:
        if not any(page.chars for page in pages):
            raise ReadError(None, "no text layer (scanned PDF?); OCR is not supported")
        return
    if not pages:
        raise ReadError(None, f"corrupt PDF: {'page 1 cannot' if count == 1 else f'none of its {count} pages can'} be loaded")
    which = f"pages {_number_ranges(missing)}" if len(missing) > 1 else f"page {missing[0]}"
    if not any(page.chars for page in pages):
        raise ReadError(None, f"corrupt PDF: {which} of {count} cannot be loaded and the other pages have no text")
    repairs.insert(0, f"skipped {which} of {count}: corrupt PDF, PDFium cannot load {'them' if len(missing) > 1 else 'it'}")


def _number_ranges(numbers: list[int]) -> str:
    """``[3, 4, 5, 9]`` -> ``"3-5, 9"``."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs)


def _open(data: bytes) -> pdfium.PdfDocument:
    """Open with PDFium; refuse what is not a whole, readable PDF with a clear reason."""
    if b"%PDF-" not in data[:1024]:
        raise ReadError(None, "not a PDF (no %PDF header; a text or other file renamed to .pdf?)")
    if b"%%EOF" not in data[-2048:]:
        raise ReadError(None, "corrupt or truncated PDF: no end-of-file marker (%%EOF)")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        if pdfium_c.FPDF_GetLastError() == pdfium_c.FPDF_ERR_PASSWORD or "password" in str(err).lower():
            raise ReadError(None, "encrypted PDF (password protected)") from None
        raise ReadError(None, f"corrupt or truncated PDF: {err}") from None


# -- one page ----------------------------------------------------------------------------


@dataclass
class _Page:
    number: int
    height: float
    text: str
    chars: list[_Char]
    lines: list[_VLine]
    #: cell boxes of each ruled table, then the tables built from them
    ruled: list[list[tuple[float, float, float, float]]]
    tables: list[_PageTable] = field(default_factory=list)
    #: the two columns' gutter and the tops of the lines that span it, on a page set in two columns
    columns: _Columns | None = None


def _read_page(pdf: pdfium.PdfDocument, index: int, repairs: list[str], unmapped: list[int]) -> _Page | None:
    """Characters, ruled table cells and the visual lines outside those tables of one page;
    None when PDFium cannot load the page or its text. A page whose characters have no
    Unicode map is read as a page without text and its number added to ``unmapped``."""
    try:
        page = pdf[index]
    except pdfium.PdfiumError:
        return None
    try:
        height = page.get_height()
        try:
            textpage = page.get_textpage()
        except pdfium.PdfiumError:
            return None
        try:
            text, chars = _page_chars(textpage, height)
            if chars and _unmapped(textpage, text):
                unmapped.append(index + 1)
                text, chars = "", []
            ruled = _ruled_table_cells_in_time(page, height, index + 1, repairs) if chars else []
            inside = {c.index for cells in ruled for c in _chars_in(chars, _bbox(cells))}
            lines = _visual_lines([c for c in chars if c.index not in inside], index + 1)
            _font_info(textpage, lines)
        finally:
            textpage.close()
    finally:
        page.close()
    return _Page(index + 1, height, text, chars, lines, ruled)


def _page_chars(textpage, height: float) -> tuple[str, list[_Char]]:
    """The page text and its characters with their loose boxes (top-down coordinates)."""
    count = textpage.count_chars()
    if count <= 0:
        return "", []
    text = textpage.get_text_range(0, count)
    if len(text) != count:  # PDFium text and char indices disagree: fall back to one char at a time
        text = "".join(textpage.get_text_range(i, 1) or " " for i in range(count))
    rect = pdfium_c.FS_RECTF()
    box = pdfium_c.FPDFText_GetLooseCharBox
    out = []
    for i, ch in enumerate(text):
        if ch in "\r\n":
            continue
        if ch in _SOFT_HYPHENS:
            ch = "-"
        box(textpage, i, rect)
        if rect.right > rect.left or ch == " ":
            out.append(_Char(ch, rect.left, rect.right, height - rect.top, height - rect.bottom, i))
    return text, out


#: characters sampled per page to tell whether its fonts map to Unicode
UNICODE_SAMPLE = 200


def _unmapped(textpage, text: str) -> bool:
    """Most of the page's characters (a sample) have no Unicode map: PDFium hands back glyph
    codes, which read as garbage (``%&'()*``) or control characters."""
    step = max(1, len(text) // UNICODE_SAMPLE)
    sample = [i for i in range(0, len(text), step) if not text[i].isspace()]
    errors = sum(pdfium_c.FPDFText_HasUnicodeMapError(textpage, i) == 1 for i in sample)
    return bool(sample) and errors > len(sample) / 2


def _chars_text(chars: list[_Char]) -> str:
    """Text of chars on one line: a space where PDFium put one or where a gap shows one."""
    out: list[str] = []
    prev: _Char | None = None
    for c in chars:
        if c.text.isspace():
            if out and out[-1] != " ":
                out.append(" ")
            prev = None
            continue
        if prev is not None and c.x0 - prev.x1 > 0.25 * (c.bottom - c.top) and out[-1] != " ":
            out.append(" ")
        out.append(c.text)
        prev = c
    return "".join(out).strip()


def _visual_lines(chars: list[_Char], page: int) -> list[_VLine]:
    """Group characters into lines by vertical overlap; order lines top to bottom. A space
    stays with the character before it, and only when it sits on that character's line."""
    groups: list[list[_Char]] = []
    last: list[_Char] | None = None
    for c in chars:
        if c.text.isspace():
            if last is not None and _overlaps(last[0], c):
                last.append(c)
            continue
        if last is None or not _overlaps(last[0], c):
            last = next((g for g in reversed(groups[-6:]) if _overlaps(g[0], c)), None)
            if last is None:
                last = []
                groups.append(last)
        last.append(c)
    lines = []
    for group in groups:
        group.sort(key=lambda c: (c.x0, c.index))
        while group[-1].text.isspace():
            group.pop()
        lines.append(_VLine(group, page))
    lines.sort(key=lambda ln: (round(ln.top, 1), ln.x0))
    return lines


def _overlaps(ref: _Char, c: _Char) -> bool:
    """Do two characters share at least half of the smaller one's height?"""
    overlap = min(ref.bottom, c.bottom) - max(ref.top, c.top)
    return overlap >= 0.5 * min(ref.bottom - ref.top, c.bottom - c.top)


def _font_info(textpage, lines: list[_VLine]) -> None:
    """Size and boldness of each line, from its first and last characters' fonts."""
    buf = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    for line in lines:
        visible = [c for c in line.chars if not c.text.isspace()]
        probes = {visible[0].index, visible[-1].index, visible[len(visible) // 2].index}
        line.size = pdfium_c.FPDFText_GetFontSize(textpage, visible[0].index)
        bold = True
        for index in probes:
            n = pdfium_c.FPDFText_GetFontInfo(textpage, index, buf, len(buf), flags)
            name = buf.value[: max(0, n - 1)].decode("latin-1").lower()
            weight = pdfium_c.FPDFText_GetFontWeight(textpage, index)
            bold = bold and (any(w in name for w in ("bold", "black", "heavy", "semibold")) or weight >= 600)
        line.bold = bold


def _number_lines(page: _Page) -> None:
    """Number the visual lines of a page top to bottom, the lines inside tables included."""
    merged: list[float] = []
    for top in sorted({round(c.top) for c in page.chars if not c.text.isspace()}):
        if not merged or top - merged[-1] > 2:
            merged.append(top)
    for line in page.lines:
        line.number = _rank(merged, line.top)
    for table in page.tables:
        table.line = _rank(merged, table.top)
        for row in table.rows:
            for cell in row:
                cell.line = _rank(merged, cell.line)


def _rank(tops: list[float], top: float) -> int:
    """1-based index of the visual line at ``top``."""
    best = 0
    for i, t in enumerate(tops):
        if t <= top + 2:
            best = i
    return best + 1


# -- ruled tables --------------------------------------------------------------------


class _EdgePage:
    """The part of a pdfplumber page that its lattice TableFinder reads: edges and bbox."""

    def __init__(self, edges: list[dict], width: float, height: float):
        self.edges = edges
        self.bbox = (0, 0, width, height)


def _ruled_table_cells_in_time(page, height: float, number: int, repairs: list[str]) -> list:
    """The ruled tables of a page, searched under :data:`~extract.limits.PAGE_SECONDS`. The
    lattice search grows with the square of a grid's crossings, so one page drawn as a fine
    grid (a map, a chart's gridlines) could eat the document's whole time; past the limit
    the page is read as text lines (a table among them may still be rebuilt from the word
    positions) and the fallback recorded."""
    seconds = limits.PAGE_SECONDS
    try:
        with limits.time_limit(seconds, limits.PageTimeout):
            return _ruled_table_cells(page, height)
    except limits.PageTimeout:
        repairs.append(f"page {number}: search for ruled tables stopped after {seconds:g} s; page read as text lines")
        return []


def _ruled_table_cells(page, height: float) -> list[list[tuple[float, float, float, float]]]:
    """Cell boxes of the ruled tables on a page: PDFium's ruling lines, pdfplumber's lattice."""
    edges = _page_edges(page, height)
    if len(edges) < 4:
        return []
    finder = TableFinder(_EdgePage(edges, page.get_width(), height), _TABLE_SETTINGS)
    return [table.cells for table in finder.tables]


def _page_edges(page, height: float) -> list[dict]:
    """Horizontal and vertical segments of the page's path objects, as pdfplumber edges."""
    edges: list[dict] = []
    matrix = pdfium_c.FS_MATRIX()
    x, y = ctypes.c_float(), ctypes.c_float()
    for obj in page.get_objects(max_depth=1):
        if obj.type != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        pdfium_c.FPDFPageObj_GetMatrix(obj.raw, matrix)
        points: list[tuple[float, float]] = []
        start: tuple[float, float] | None = None
        for s in range(pdfium_c.FPDFPath_CountSegments(obj.raw)):
            seg = pdfium_c.FPDFPath_GetPathSegment(obj.raw, s)
            pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
            px = matrix.a * x.value + matrix.c * y.value + matrix.e
            py = height - (matrix.b * x.value + matrix.d * y.value + matrix.f)
            kind = pdfium_c.FPDFPathSegment_GetType(seg)
            if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not points:
                start = (px, py)
            elif kind == pdfium_c.FPDF_SEGMENT_LINETO:
                _add_edge(edges, points[-1], (px, py))
            points.append((px, py))
            if pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None:
                _add_edge(edges, (px, py), start)
    return edges


def _add_edge(edges: list[dict], a: tuple[float, float], b: tuple[float, float]) -> None:
    """Keep axis-aligned segments (ruling lines); diagonals and curves belong to figures."""
    (ax, ay), (bx, by) = a, b
    if abs(ay - by) < 0.5 and abs(ax - bx) >= 1:
        x0, x1 = sorted((ax, bx))
        edges.append({"x0": x0, "x1": x1, "top": ay, "bottom": ay, "doctop": ay, "width": x1 - x0, "height": 0,
                      "orientation": "h", "object_type": "line"})
    elif abs(ax - bx) < 0.5 and abs(ay - by) >= 1:
        top, bottom = sorted((ay, by))
        edges.append({"x0": ax, "x1": ax, "top": top, "bottom": bottom, "doctop": top, "width": 0,
                      "height": bottom - top, "orientation": "v", "object_type": "line"})


def _bbox(cells) -> tuple[float, float, float, float]:
    return (min(c[0] for c in cells), min(c[1] for c in cells), max(c[2] for c in cells), max(c[3] for c in cells))


def _chars_in(chars: list[_Char], box) -> list[_Char]:
    """Characters whose centre lies inside ``box`` (x0, top, x1, bottom)."""
    x0, top, x1, bottom = box
    return [c for c in chars if x0 <= (c.x0 + c.x1) / 2 <= x1 and top <= (c.top + c.bottom) / 2 <= bottom]


def _ruled_table(cells, chars: list[_Char], page: int, joiner: Joiner) -> _PageTable | None:
    """Turn pdfplumber cell boxes into rows of RawCells with row/column spans."""
    xs = sorted({round(c[0], 1) for c in cells})
    tops = sorted({round(c[1], 1) for c in cells})
    by_row: dict[float, list] = {}
    for cell in cells:
        by_row.setdefault(round(cell[1], 1), []).append(cell)
    box = _bbox(cells)
    chars = _chars_in(chars, box)
    bands: dict[tuple[float, float], list[_Char]] = {}  # the characters of a row's height, found once per row
    rows: list[list[RawCell]] = []
    for top in tops:
        row = []
        for cell in sorted(by_row.get(top, []), key=lambda c: c[0]):
            colspan = sum(1 for x in xs if cell[0] - 0.5 <= x < cell[2] - 0.5)
            rowspan = sum(1 for t in tops if cell[1] - 0.5 <= t < cell[3] - 0.5)
            band = bands.get((cell[1], cell[3]))
            if band is None:
                band = bands[cell[1], cell[3]] = _chars_in(chars, (box[0], cell[1], box[2], cell[3]))
            inner = _chars_in(band, cell)
            text = _cell_text(inner, cell, joiner)
            row.append(RawCell(text, rowspan=max(1, rowspan), colspan=max(1, colspan),
                               line=min((c.top for c in inner), default=cell[1]), page=page))
        rows.append(row)
    if not any(c.text for row in rows for c in row):
        return None
    x0, top, x1, _ = _bbox(cells)
    return _PageTable(rows, top, x0, x1, page, "pdf-ruled", n_cols=len(xs))


def _cell_text(chars: list[_Char], box, joiner: Joiner) -> str:
    """The text of a cell: its lines re-joined, a word a narrow column broke kept whole."""
    lines = _visual_lines(chars, 0)
    if not lines:
        return ""
    pad = max(1.0, min(ln.x0 for ln in lines) - box[0])
    return _join_cell_lines(lines, box[2] - pad, joiner)


def _join_cell_lines(lines: list[_VLine], right: float, joiner: Joiner) -> str:
    """Join wrapped cell lines. A single word running up to the column edge may be a word
    the column broke ("Waarstaatjegemeente.n" + "l", "Deelprojec" + "t"): glued back when
    the document spells the whole word elsewhere."""
    text = ""
    for prev, line in zip([None, *lines], lines, strict=False):
        t = line.text
        if prev is None:
            text = t
        elif " " not in prev.text and prev.x1 >= right - 0.8 * max(prev.height, 1) and joiner.is_word_break(text, t):
            text += t
        else:
            text = joiner.join(text, t)
    return text


# -- tables laid out with spaces -------------------------------------------------------


def _segments(line: _VLine) -> list[list[_Char]]:
    """Split a line where a gap wider than two character heights separates its parts."""
    parts: list[list[_Char]] = [[]]
    prev: _Char | None = None
    gap = 2.0 * line.height
    for c in line.chars:
        if c.text.isspace():
            continue
        if prev is not None and c.x0 - prev.x1 > gap:
            parts.append([])
        parts[-1].append(c)
        prev = c
    return [p for p in parts if p]


def _layout_regions(lines: list[_VLine]) -> list[tuple[int, int]]:
    """Runs of lines that form a table without ruling: from a line of two or more parts
    to the last such line, over at most three single-part lines (wrapped cells) between
    them, and the closely spaced lines that wrap the last row."""
    multi = [len(_segments(ln)) >= 2 for ln in lines]
    regions: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if not multi[i]:
            i += 1
            continue
        start = end = i
        for j in range(i + 1, len(lines)):
            if lines[j].top - lines[j - 1].bottom > 2.5 * max(lines[j - 1].size, lines[j - 1].height):
                break
            if multi[j]:
                end = j
            elif j - end > 3:
                break
        while end + 1 < len(lines) and lines[end + 1].top - lines[end].bottom < 0.35 * lines[end].height:
            end += 1
        if sum(multi[start:end + 1]) >= 2:
            regions.append((start, end))
        i = end + 1
    return regions


def _layout_table(lines: list[_VLine], page: int, joiner: Joiner) -> _PageTable | None:
    """Rebuild a space-aligned table: columns between the gutters no row crosses, rows where
    the vertical spacing is wider than inside a wrapped cell."""
    spans = _column_spans(lines)
    if len(spans) < 2:
        return None
    columns = [a for a, _ in spans]
    rows = _row_groups(lines)
    raw_rows: list[list[RawCell]] = []
    for group in rows:
        cells: list[list[_VLine]] = [[] for _ in columns]
        for i in group:
            for col, chars in _split_by_columns(lines[i], spans):
                cells[col].append(_VLine(chars, page))
        raw_rows.append([
            RawCell(_join_cell_lines(parts, _column_right(columns, k, lines), joiner) if parts else "",
                    line=lines[group[0]].number, page=page)
            for k, parts in enumerate(cells)
        ])
    return _PageTable(raw_rows, lines[0].top, lines[0].x0, max(ln.x1 for ln in lines), page, "pdf-text",
                      line=lines[0].number, n_cols=len(columns))


def _words(line: _VLine) -> list[list[_Char]]:
    """Words of a line: runs of characters without spaces or visible gaps (found once per line:
    the table and column searches ask it of every line several times)."""
    if line.words is None:
        line.words = _split_words(line)
    return line.words


def _split_words(line: _VLine) -> list[list[_Char]]:
    words: list[list[_Char]] = [[]]
    prev: _Char | None = None
    for c in line.chars:
        if c.text.isspace() or (prev is not None and c.x0 - prev.x1 > 0.25 * line.height):
            words.append([])
        if not c.text.isspace():
            words[-1].append(c)
            prev = c
    return [w for w in words if w]


def _column_spans(lines: list[_VLine]) -> list[tuple[float, float]]:
    """The x-ranges of a table's columns. First the gutters: where no word of any row stands
    over a width wider than a word space (Camelot's stream idea, within the region only), so
    figures set right-aligned under a header form one column whatever their widths. Then,
    inside such a range, a left edge that words of several rows share and no word crosses
    (a column set close to the one before it). The first row is left out of the search when
    rows follow: a header spans its columns ("Begroting" over lasten, baten, saldo) or stands
    out over right-aligned figures ("Behaald 2015" over "1.117")."""
    groups = _row_groups(lines)
    body = [i for group in groups[1:] for i in group] if len(groups) > 2 else list(range(len(lines)))
    words = [(i, w) for i in body for w in _words(lines[i])]
    if not words:
        return []
    gutter, space = _gaps(words)
    ranges: list[list[float]] = []
    for x0, x1 in sorted((w[0].x0, w[-1].x1) for _, w in words):
        if ranges and x0 - ranges[-1][1] < 1.3 * space:  # wider than a word space
            ranges[-1][1] = max(ranges[-1][1], x1)
        else:
            ranges.append([x0, x1])
    inner = [x for x in _column_starts(words, gutter, space) if any(a + 3 < x < b for a, b in ranges)]
    starts = sorted({a for a, _ in ranges} | set(inner))
    spans = []
    for k, start in enumerate(starts):
        end = starts[k + 1] - 3 if k + 1 < len(starts) else float("inf")
        mine = [w for _, w in words if start - 3 <= w[0].x0 < end]
        spans.append((start, max(w[-1].x1 for w in mine) if mine else start))
    return spans


def _gaps(words: list[tuple[int, list[_Char]]]) -> tuple[dict[int, float], float]:
    """The gap before each word on its line (by ``id``; infinite for a line's first word), and
    a word space: the lowest quarter of those gaps."""
    gutter: dict[int, float] = {}
    previous: dict[int, _Char] = {}
    for i, w in words:
        gutter[id(w)] = w[0].x0 - previous[i].x1 if i in previous else float("inf")
        previous[i] = w[-1]
    spaces = sorted(g for g in gutter.values() if g != float("inf"))
    return gutter, spaces[len(spaces) // 4] if spaces else 0.0


def _column_starts(words: list[tuple[int, list[_Char]]], gutter: dict[int, float], space: float) -> list[float]:
    """Left edges shared by words of two or more rows standing behind a gutter wider than a
    word space, and crossed by no word (a column's text is left-aligned)."""
    clusters: list[list[tuple[int, list[_Char]]]] = []
    for item in sorted(words, key=lambda iw: iw[1][0].x0):
        if clusters and item[1][0].x0 - clusters[-1][0][1][0].x0 <= 3:
            clusters[-1].append(item)
        else:
            clusters.append([item])
    starts = []
    for cluster in clusters:
        x = min(w[0].x0 for _, w in cluster)
        wide = sum(1 for _, w in cluster if gutter[id(w)] > 1.3 * space)
        crossed = any(w[0].x0 < x - 3 and w[-1].x1 > x + 3 for _, w in words)
        if len({i for i, _ in cluster}) >= 2 and wide * 2 >= len(cluster) and not crossed:
            starts.append(x)
    return starts


def _row_groups(lines: list[_VLine]) -> list[list[int]]:
    """Lines closer than a third of a line height belong to one (wrapped) table row."""
    groups: list[list[int]] = [[0]]
    for i in range(1, len(lines)):
        if lines[i].top - lines[i - 1].bottom > 0.35 * lines[i - 1].height:
            groups.append([])
        groups[-1].append(i)
    return groups


def _split_by_columns(line: _VLine, spans: list[tuple[float, float]]) -> list[tuple[int, list[_Char]]]:
    """The characters of a line per column: a word belongs to the column it overlaps most,
    else the nearest one (a header word standing out over its right-aligned figures)."""
    out: dict[int, list[_Char]] = {}
    for word in _words(line):
        x0, x1 = word[0].x0, word[-1].x1
        col = max(range(len(spans)), key=lambda k: (min(x1, spans[k][1]) - max(x0, spans[k][0]),
                                                   -abs((x0 + x1) / 2 - (spans[k][0] + spans[k][1]) / 2)))
        chars = out.setdefault(col, [])
        if chars:
            chars.append(_Char(" ", chars[-1].x1, word[0].x0, word[0].top, word[0].bottom, -1))
        chars.extend(word)
    return sorted(out.items())


def _column_right(columns: list[float], k: int, lines: list[_VLine]) -> float:
    """Where a column's text must stop: before the next column, or at the table's right."""
    if k + 1 < len(columns):
        return columns[k + 1] - 0.6 * max(ln.height for ln in lines)
    return max(ln.x1 for ln in lines)


# -- page furniture ---------------------------------------------------------------------


def _drop_running_lines(pages: list[_Page], builder: DocumentBuilder) -> None:
    """Drop running headers/footers (same text, digits aside, at the same height on most
    pages) and bare page numbers in the top or bottom margin."""
    if len(pages) >= 3:
        seen: Counter = Counter()
        for page in pages:
            seen.update({_furniture_key(ln) for ln in page.lines if _in_margin(ln, page.height)})
        running = {key for key, n in seen.items() if n >= max(3, 0.5 * len(pages))}
        for key in sorted(running):
            builder.repair(f"dropped running header/footer '{key[0]}' on {seen[key]} pages")
        for page in pages:
            page.lines = [ln for ln in page.lines if _furniture_key(ln) not in running]
    dropped = 0
    for page in pages:
        keep = [ln for ln in page.lines if not (_in_margin(ln, page.height) and _PAGE_NUMBER.match(ln.text))]
        dropped += len(page.lines) - len(keep)
        page.lines = keep
    if dropped:
        builder.repair(f"dropped {dropped} page number line(s)")


def _furniture_key(line: _VLine) -> tuple[str, int]:
    return re.sub(r"\d+", "#", line.text.strip().lower()), round(line.top / 3)


def _in_margin(line: _VLine, height: float) -> bool:
    return line.top < 0.09 * height or line.bottom > 0.91 * height


# -- reading order ------------------------------------------------------------------


def _page_items(pages: list[_Page], joiner: Joiner) -> list[_Block | _PageTable]:
    """Blocks of text and tables of all pages in reading order."""
    items: list[_Block | _PageTable] = []
    for page in pages:
        lines = page.lines
        regions = _layout_regions(lines)
        placed: list[tuple[tuple[int, int, float], _Block | _PageTable]] = [
            ((*(page.columns.place(t.x0, t.x1, t.top) if page.columns else (0, 0)), t.top), t) for t in page.tables]
        taken: set[int] = set()
        for start, end in regions:
            table = _layout_table(lines[start:end + 1], page.number, joiner)
            if table is not None:
                placed.append(((*lines[start].column, table.top), table))
                taken.update(range(start, end + 1))
        free = [ln for i, ln in enumerate(lines) if i not in taken]
        placed.extend(((*block.lines[0].column, block.lines[0].top), block) for block in _blocks(free))
        placed.sort(key=lambda item: item[0])
        items.extend(item for _, item in placed)
    return items


def _blocks(lines: list[_VLine]) -> list[_Block]:
    """Group lines into paragraphs: a new one after wider spacing, at a change of font,
    or at a bullet or numbered item."""
    blocks: list[_Block] = []
    for line in lines:
        if blocks and not _starts_block(blocks[-1].lines[-1], line):
            blocks[-1].lines.append(line)
        else:
            blocks.append(_Block([line]))
    return blocks


def _starts_block(prev: _VLine, line: _VLine) -> bool:
    gap = line.top - prev.bottom
    if gap > 0.3 * max(prev.height, 1) or gap < -0.5 * prev.height:
        return True
    if prev.bold != line.bold or abs(prev.size - line.size) > 0.5:
        return True
    return bool(_BULLET_START.match(line.text))


def _heading_styles(pages: list[_Page]) -> list[float]:
    """Font sizes of the heading styles (bold and larger than the body text), largest first."""
    sizes: Counter = Counter()
    for page in pages:
        for line in page.lines:
            sizes[round(line.size, 1)] += len(line.chars)
    if not sizes:
        return []
    body = sizes.most_common(1)[0][0]
    return sorted({round(ln.size, 1) for p in pages for ln in p.lines if ln.bold and ln.size > body + 0.5}, reverse=True)


def _heading_levels(styles: list[float]) -> dict[tuple[bool, float], int]:
    """Heading level per font style. One style marks only the headings a word processor
    styled, so the layout engine numbers them as in text (level 3, numbered titles by
    their number) and still guesses the rest; a hierarchy of styles marks every heading:
    the largest is level 2 and each smaller style one deeper, as in Markdown."""
    if len(styles) == 1:
        return {(True, styles[0]): 3}
    return {(True, size): rank + 2 for rank, size in enumerate(styles)}


# -- tables over page breaks -------------------------------------------------------------


def _join_tables(items: list[_Block | _PageTable], builder: DocumentBuilder) -> list[_Block | _PageTable]:
    """A table that ends a page and one that starts the next with the same columns and
    position are one table; a repeated header row is dropped."""
    out: list[_Block | _PageTable] = []
    for item in items:
        prev = out[-1] if out else None
        if (isinstance(item, _PageTable) and isinstance(prev, _PageTable) and item.page == prev.page + 1
                and item.source == prev.source and item.n_cols == prev.n_cols
                and abs(item.x0 - prev.x0) < 5 and abs(item.x1 - prev.x1) < 5):
            rows = [r for r in item.rows if any(c.text for c in r)]
            if rows and [c.text for c in rows[0]] == [c.text for c in prev.rows[0]]:
                rows = rows[1:]
            prev.rows.extend(rows)
            builder.repair(f"joined table across pages {prev.page}-{item.page}")
            continue
        if isinstance(item, _PageTable):
            item.rows = [r for r in item.rows if any(c.text for c in r)]
        out.append(item)
    return _join_paragraphs(out)


def _join_paragraphs(items: list[_Block | _PageTable]) -> list[_Block | _PageTable]:
    """A paragraph cut by a page break (no sentence end, next page starts in lower case)
    continues in the first block of the next page."""
    out: list[_Block | _PageTable] = []
    for item in items:
        prev = out[-1] if out else None
        if (isinstance(item, _Block) and isinstance(prev, _Block) and _continues(prev, item)
                and not prev.all_lines[-1].text.endswith(_SENTENCE_END) and item.lines[0].text[:1].islower()
                and not prev.lines[0].bold and not item.lines[0].bold):
            prev.extra.extend(item.lines)
            continue
        out.append(item)
    return out


def _continues(prev: _Block, item: _Block) -> bool:
    """Whether ``item`` starts where ``prev`` may go on: the next page, the next column, or below
    it in one column when ``prev`` is a paragraph of more than one line (one a rendition broke
    with blank space: "... Hierop zijn" / "voor Haarlem en Zandvoort samen 35 vragenlijsten
    teruggestuurd."; a one-line title over "maart 2017" is none)."""
    last, first = prev.all_lines[-1], item.lines[0]
    if first.page == last.page + 1:
        return True
    if first.page != last.page:
        return False
    if first.column == (last.column[0], last.column[1] + 1) and last.column[1] == 0:
        return True
    return first.column == last.column and first.top > last.bottom and len(prev.all_lines) > 1


# -- two columns --------------------------------------------------------------------------


@dataclass
class _Columns:
    """A page set in two columns: the gutter between them and the tops of the lines that
    span both (a heading over the columns), which cut the page into bands."""

    gutter: tuple[float, float]
    spanning: list[float]

    def place(self, x0: float, x1: float, top: float) -> tuple[int, int]:
        """(band, side) of a box: side -1 for one that spans the gutter, else 0 left, 1 right."""
        band = bisect_right(self.spanning, top + 0.5)
        if x0 < self.gutter[0] and x1 > self.gutter[1]:
            return band, -1
        return band, 0 if x1 <= self.gutter[1] else 1


def _read_columns(pages: list[_Page], builder: DocumentBuilder) -> None:
    """Read a page set in two columns column by column: its lines, which run across both
    columns at one height, are cut at the gutter, and each band between lines that span
    both columns gives its left column, then its right one."""
    two = []
    for page in pages:
        gutter = _gutter(page.lines)
        if gutter is None:
            continue
        page.columns = _Columns(gutter, [])
        page.lines = _column_order(page.lines, page.columns)
        two.append(page.number)
    if two:
        builder.repair(f"read {_pages_named(two)} column by column (set in two columns)")


def _pages_named(numbers: list[int]) -> str:
    return f"pages {_number_ranges(numbers)}" if len(numbers) > 1 else f"page {numbers[0]}"


def _gutter(lines: list[_VLine]) -> tuple[float, float] | None:
    """The gutter of a page set in two columns of running text: an empty strip near the
    middle that most lines leave open, with text lines filling both columns beside it
    (a table's label and figure columns fill neither, and hold figures)."""
    if len(lines) < 10:
        return None
    left, right = min(ln.x0 for ln in lines), max(ln.x1 for ln in lines)
    lo, hi = left + 0.3 * (right - left), left + 0.7 * (right - left)
    steps = [0] * (int(hi - lo) + 2)  # +1 where a word starts covering, -1 after it ends
    for ln in lines:
        for w in _words(ln):
            a, b = max(0, int(w[0].x0 - lo)), min(len(steps) - 2, int(w[-1].x1 - lo))
            if a <= b:
                steps[a] += 1
                steps[b + 1] -= 1
    covered = list(accumulate(steps[:-1]))
    open_ = [n <= 0.15 * len(lines) for n in covered]
    best, start = (0, 0), None
    for x, free in enumerate([*open_, False]):
        if free and start is None:
            start = x
        elif not free and start is not None:
            best = max(best, (x - start, start))
            start = None
    width, at = best
    fewest = min(covered[at:at + width], default=0)
    while width and covered[at] > fewest:  # the strip's edges where a few long lines reach in
        at, width = at + 1, width - 1
    while width and covered[at + width - 1] > fewest:
        width -= 1
    height = sorted(ln.height for ln in lines)[len(lines) // 2]
    if width < 0.6 * height:
        return None
    g0, g1 = lo + at + 1, lo + at + width - 2  # the open bins, less the fractions of the words beside them
    beside = [ln for ln in lines if not _crosses(ln, g0, g1)]
    lefts = sorted(w for ln in beside if (w := _width(ln, right=g0)))
    rights = sorted(w for ln in beside if (w := _width(ln, left=g1)))
    if len(lefts) < 5 or len(rights) < 5:
        return None
    text = "".join(ln.text for ln in beside)
    letters = sum(ch.isalpha() for ch in text) / max(1, len(text.replace(" ", "")))
    if lefts[len(lefts) // 2] < 0.7 * (g0 - left) or rights[len(rights) // 2] < 0.7 * (right - g1) or letters < 0.7:
        return None  # columns of running text fill their width; a table's label and figure columns do not
    return g0, g1


def _width(line: _VLine, *, left: float = -1.0, right: float = float("inf")) -> float:
    """How wide the part of a line between two x positions is (0 when it holds no character)."""
    xs = [(c.x0, c.x1) for c in line.chars if c.x0 >= left and c.x1 <= right and not c.text.isspace()]
    return max(x1 for _, x1 in xs) - min(x0 for x0, _ in xs) if xs else 0.0


def _crosses(line: _VLine, g0: float, g1: float) -> bool:
    return any(w[0].x0 < g1 and w[-1].x1 > g0 for w in _words(line))


def _column_order(lines: list[_VLine], columns: _Columns) -> list[_VLine]:
    """The page's lines cut at the gutter, in reading order: per band, the left column top
    to bottom, then the right one."""
    g0, g1 = columns.gutter
    spanning = [_crosses(ln, g0, g1) for ln in lines]
    columns.spanning = sorted(ln.top for ln, spans in zip(lines, spanning, strict=True) if spans)
    out: list[_VLine] = []
    for line, spans in zip(lines, spanning, strict=True):
        if spans:
            parts = [line]
        else:
            middle = (g0 + g1) / 2
            parts = [_VLine(chars, line.page) for chars in ([c for c in line.chars if c.x1 <= middle],
                                                             [c for c in line.chars if c.x1 > middle])
                     if any(not c.text.isspace() for c in chars)]
        for part in parts:
            part.number, part.size, part.bold = line.number, line.size, line.bold
            part.column = columns.place(part.x0, part.x1, part.top)
            out.append(part)
    out.sort(key=lambda ln: (*ln.column, ln.top))
    return out


# -- emitting -----------------------------------------------------------------------------


def _emit(builder: DocumentBuilder, items: list[_Block | _PageTable], levels: dict[tuple[bool, float], int],
          guess_headings: bool, joiner: Joiner) -> None:
    """Send text to the shared layout engine and tables to the builder, in reading order."""
    chunk: list[Line] = []
    guess = guess_headings
    for item in items:
        if isinstance(item, _PageTable):
            _emit_text(builder, chunk, guess)
            chunk = []
            builder.table(RawTable(rows=item.rows, source=item.source, line=item.line, page=item.page))
            continue
        first = item.lines[0]
        text, starts = _block_text(item.all_lines, joiner)
        level = levels.get((first.bold, round(first.size, 1)))
        chunk.append(Line(text, first.number, first.page, bold=first.bold, size=first.size, heading_level=level,
                          starts=starts if len(starts) > 1 else None))
        chunk.append(Line("", None, first.page))
    _emit_text(builder, chunk, guess)


def _block_text(lines: list[_VLine], joiner: Joiner) -> tuple[str, list[tuple[int, int, int | None]]]:
    """Join a block's lines and remember where each source line starts in the text."""
    text = ""
    starts: list[tuple[int, int, int | None]] = []
    for line in lines:
        joined = joiner.join(text, line.text)
        offset = len(joined) - len(line.text.strip())
        starts.append((max(0, offset), line.number, line.page))
        text = joined
    return text, starts


def _emit_text(builder: DocumentBuilder, chunk: list[Line], guess_headings: bool) -> None:
    """Run the layout engine on a stretch of text (headings only guessed when fonts mark none)."""
    if chunk:
        LayoutReader(builder, chunk, wrapped=False, guess_headings=guess_headings, paragraphs_given=True).run()
