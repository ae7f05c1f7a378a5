"""DOCX reader: the body in reading order, styles as structure, tables from the XML.

A DOCX says more than its text: heading styles give the outline, numbering
properties mark list items, ``gridSpan``/``vMerge`` give table spans and
``tblHeader`` the header rows. python-docx repeats a merged cell in every grid slot
it covers, so tables are read from the ``w:tc`` elements themselves. Renditions
made from text carry that text's debris (footnote lines in the body, paragraphs
cut by a page break, one heading style for every level); those are repaired here
and every repair is recorded.

``line`` is the 1-based number of a paragraph in the body, counting every paragraph
in document order, table-cell paragraphs included. Pages are counted from explicit
and rendered page breaks when the file has any, else unknown.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import parse_xml
from docx.oxml.exceptions import InvalidXmlError
from docx.oxml.ns import qn
from lxml import etree

from ..model import Document, Metadata
from .builder import DocumentBuilder
from .errors import ReadError
from .inline import clean_inline, footnote_line, strip_bullet
from .tables import RawCell, RawTable

#: refuse archives that would unpack to more than this, or expand more than MAX_RATIO
MAX_UNCOMPRESSED = 200_000_000
MAX_RATIO = 100
#: below this size a high compression ratio is harmless (repetitive XML compresses well)
RATIO_FLOOR = 10_000_000
#: one XML part (word/document.xml) over this is refused: its tree would take about 20 times
#: as much memory (a 16-page report's document.xml is 137 KB, a 1,000-page one about 10 MB)
MAX_XML_PART = 32_000_000
#: members are unpacked in pieces of this size, never more at once
_CHUNK = 1 << 20
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_P, _TBL, _TR, _TC, _R = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:r")
_CONTAINERS = {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"), qn("w:smartTag")}
#: subtrees whose text is not part of the paragraph: deletions, drawings, text boxes, fallbacks
_SKIP = {
    qn("w:del"), qn("w:drawing"), qn("w:pict"), qn("w:pPr"), qn("w:rPr"),
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
}
_HEADING_STYLE = re.compile(r"^(?:heading|kop)\s*(\d)$", re.I)
_TITLE_STYLE = re.compile(r"^(?:title|titel)$", re.I)
_TOC_STYLE = re.compile(r"^(?:toc|inhoudsopgave)\s*\d", re.I)
_LIST_STYLE = re.compile(r"\b(?:list|lijst)", re.I)
_TABLE_HEADING_STYLE = re.compile(r"^table heading$", re.I)
#: a section number in front of a heading: "2. Wmo", "3.1 Cliënten"
_SECTION_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+\D")
#: a page break in a paragraph's pieces (explicit ``w:br`` or ``w:lastRenderedPageBreak``)
_PAGE_BREAK = object()
_SENTENCE_END = re.compile(r"[.!?:;]['\"”’)]*$")


def read(data: bytes, meta: Metadata) -> Document:
    """Read a DOCX; a bomb or a broken zip is refused before anything is unpacked."""
    check_zip(data)
    document = _open(_unpacked(data))
    walker = _Walker(document)
    items = walker.items()
    b = DocumentBuilder(meta)
    _repair(items, b)
    for item in items:
        _emit(item, b)
    for marker, text in walker.footnotes():
        b.footnote(marker, text)
    if walker.pages.known:
        meta.pages = walker.pages.page
    return b.build()


def check_zip(data: bytes) -> None:
    """Refuse what is not a zip, and a zip whose declared sizes make it a bomb.

    ``zipfile`` never returns more bytes than a member declares, but it may inflate more
    before it cuts them off: :func:`_unpacked` bounds that, this checks what is declared.
    """
    if data.startswith(_OLE_MAGIC):
        raise ReadError(None, "corrupt DOCX: an old Word 97-2003 .doc or a password-protected DOCX (OLE file, not a zip)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as err:
        raise ReadError(None, f"corrupt DOCX: not a zip archive{_what_it_is(data)} ({err})") from None
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        raise ReadError(None, f"DOCX refused: uncompressed size {_mb(total)} exceeds limit of {_mb(MAX_UNCOMPRESSED)}")
    if total > RATIO_FLOOR and total > MAX_RATIO * max(packed, 1):
        raise ReadError(
            None,
            f"DOCX refused: uncompressed size {_mb(total)} exceeds limit of {MAX_RATIO}:1 "
            f"compression ({total // max(packed, 1)}:1, a zip bomb?)",
        )
    if any(i.flag_bits & 0x1 for i in infos):
        raise ReadError(None, "corrupt DOCX: encrypted zip members")


def _unpacked(data: bytes) -> bytes:
    """The archive again with every member stored uncompressed, each unpacked in pieces.

    ``zipfile.read()`` inflates a member's whole stream at once and only then cuts it to the
    declared size, so a member that declares 100 KB and inflates to 1 GB costs 1 GB; read in
    pieces it costs one piece, and the stream that does not end where declared fails its CRC.
    python-docx then reads the stored copy, which has nothing left to inflate.
    """
    out = io.BytesIO()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as stored:
            for info in zf.infolist():
                if info.filename.endswith(".xml") and info.file_size > MAX_XML_PART:
                    raise ReadError(None, f"DOCX refused: {info.filename} is {_mb(info.file_size)} uncompressed, over "
                                          f"the limit of {_mb(MAX_XML_PART)} for one part")
                with zf.open(info) as member:
                    content = b"".join(iter(lambda: member.read(_CHUNK), b""))
                stored.writestr(info.filename, content)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as err:
        raise ReadError(None, f"corrupt DOCX: {err} (a member that does not match its declared size?)") from None
    return out.getvalue()


def _mb(n: int) -> str:
    return f"{n / 1e6:.0f} MB"


def _what_it_is(data: bytes) -> str:
    head = data[:4096]
    if head and b"\x00" not in head and sum(ch < 9 or 13 < ch < 32 for ch in head) == 0:
        return ", the file is plain text"
    return ""


def _open(data: bytes):
    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error, EOFError) as err:
        raise ReadError(None, f"corrupt DOCX: {type(err).__name__}: {err}") from None


# -- what the walk produces -------------------------------------------------------


@dataclass
class _Item:
    """A body paragraph or table before repairs; ``level`` is set for headings."""

    text: str = ""
    line: int | None = None
    page: int | None = None
    level: int = 0
    numbered_level: int = 0  # depth of a "2.1" section number in a heading
    list_item: bool = False
    marker: str = ""
    footnote: str = ""
    table: RawTable | None = None
    line_starts: list[tuple[int, int, int | None]] = field(default_factory=list)


def _emit(item: _Item, b: DocumentBuilder) -> None:
    if item.table is not None:
        b.table(item.table)
    elif item.level:
        b.heading(item.text, item.level, line=item.line, page=item.page)
    elif item.footnote:
        b.footnote(item.footnote, item.text, line=item.line, page=item.page)
    else:
        b.paragraph(
            item.text, line=item.line, page=item.page, list_item=item.list_item, marker=item.marker,
            line_starts=item.line_starts or None,
        )


# -- repairs ------------------------------------------------------------------------


def _repair(items: list[_Item], b: DocumentBuilder) -> None:
    _levels_from_numbers(items, b)
    _join_split_paragraphs(items, b)


def _levels_from_numbers(items: list[_Item], b: DocumentBuilder) -> None:
    """One heading style for every heading says nothing about the outline; then the
    section numbers do: "2. Wmo" (level 1) is above "RegioRijder" (its style level)."""
    headings = [i for i in items if i.level]
    depths = [i.numbered_level for i in headings if i.numbered_level]
    if len({i.level for i in headings}) != 1 or not depths:
        return
    below = max(headings[0].level, max(depths) + 1)
    for h in headings:
        h.level = h.numbered_level or below
    b.repair(f"heading levels from section numbers (all {len(headings)} headings share one style)")


def _join_split_paragraphs(items: list[_Item], b: DocumentBuilder) -> None:
    """Join a paragraph cut in two by a page break of the source: the first half has
    no sentence end, the second starts in lower case (footnotes may sit between)."""
    kept: list[_Item] = []
    open_para: _Item | None = None
    for item in items:
        if item.footnote:
            kept.append(item)
            continue
        if _continues(open_para, item):
            assert open_para is not None
            open_para.line_starts = open_para.line_starts or [(0, open_para.line, open_para.page)]
            open_para.line_starts.append((len(open_para.text) + 1, item.line, item.page))
            open_para.text = f"{open_para.text} {item.text}"
            b.repair(f"joined paragraph {item.line} to paragraph {open_para.line} (split by a page break)")
            continue
        kept.append(item)
        open_para = item if _is_plain(item) else None
    items[:] = kept


def _is_plain(item: _Item) -> bool:
    return item.table is None and not item.level and not item.list_item and not item.footnote


def _continues(first: _Item | None, item: _Item) -> bool:
    return (
        first is not None
        and _is_plain(item)
        and item.text[:1].islower()
        and not _SENTENCE_END.search(first.text)
    )


# -- the walk over the XML ------------------------------------------------------------


class _Pages:
    """Page counter: explicit breaks count, a rendered break counts unless it only
    repeats an explicit one (Word writes both)."""

    def __init__(self, known: bool):
        self.known = known
        self.page = 1
        self._fresh = True

    @property
    def current(self) -> int | None:
        return self.page if self.known else None

    def page_break(self) -> None:
        if not self._fresh:
            self.page += 1
        self._fresh = True

    def text(self) -> None:
        self._fresh = False


class _Walker:
    def __init__(self, document):
        self.document = document
        self.body = document.element.body
        self.styles = _styles(document)
        self.numbering = _Numbering(document)
        self.pages = _Pages(_has_page_info(self.body))
        self.line = 0
        self.footnote_refs: list[str] = []

    def items(self) -> list[_Item]:
        out = []
        for el in _block_elements(self.body):
            item = self._table(el) if el.tag == _TBL else self._paragraph(el)
            if item is not None:
                out.append(item)
        return out

    # paragraphs
    def _paragraph(self, p) -> _Item | None:
        self.line += 1
        line = self.line
        style = self.styles.get(_style_id(p), _Style())
        if _on(p, "w:pPr/w:pageBreakBefore"):
            self.pages.page_break()
        text, page = self._text(p)
        if _xpath(p, "w:pPr/w:sectPr") and not _xpath(p, "w:pPr/w:sectPr/w:type[@w:val='continuous']"):
            self.pages.page_break()
        if style.toc:
            return None
        text = _clean(text.replace("\n", " "))
        num = _num_pr(p) or style.num
        marker = self.numbering.marker(*num) if num else ""
        if not text:
            return None
        item = _Item(text=text, line=line, page=page)
        level = _outline_level(p) or style.level
        if level:
            item.level = level
            item.text = f"{marker} {text}" if marker and marker != "•" else text
            m = _SECTION_NUMBER.match(item.text)
            item.numbered_level = m.group(1).count(".") + 1 if m else 0
            return item
        note = footnote_line(text)
        if note:
            item.footnote, item.text = note
            return item
        if num or style.list:
            item.list_item, item.marker = True, marker or "•"
            return item
        bullet, rest = strip_bullet(text)
        if bullet in ("•", "-") and rest:
            item.list_item, item.marker, item.text = True, bullet, rest
        return item

    def _text(self, p) -> tuple[str, int | None]:
        """The paragraph's text and the page its first character is on."""
        parts: list[str] = []
        first_page = None
        for piece in self._pieces(p):
            if piece is _PAGE_BREAK:
                self.pages.page_break()
                continue
            if piece.strip():
                first_page = self.pages.current if first_page is None else first_page
                self.pages.text()
            parts.append(piece)
        return "".join(parts), first_page if first_page is not None else self.pages.current

    def _pieces(self, el):
        for child in el:
            if child.tag in _SKIP or child.tag in (_P, _TBL):
                continue
            if child.tag == _R:
                yield from self._run(child)
            else:
                yield from self._pieces(child)

    def _run(self, r):
        if _is_superscript_number(r):
            return  # a footnote mark typed as superscript digits
        for child in r:
            tag = child.tag
            if tag == qn("w:t"):
                yield child.text or ""
            elif tag == qn("w:tab"):
                yield "\t"
            elif tag == qn("w:br"):
                yield _PAGE_BREAK if child.get(qn("w:type")) == "page" else "\n"
            elif tag == qn("w:cr"):
                yield "\n"
            elif tag == qn("w:noBreakHyphen"):
                yield "-"
            elif tag == qn("w:sym"):
                yield _symbol(child)
            elif tag == qn("w:lastRenderedPageBreak"):
                yield _PAGE_BREAK
            elif tag == qn("w:footnoteReference"):
                self.footnote_refs.append(child.get(qn("w:id"), ""))

    # tables
    def _table(self, tbl) -> _Item | None:
        rows: list[list[RawCell]] = []
        open_merges: dict[int, RawCell] = {}
        first_line = self.line + 1
        first_page = self.pages.current
        for tr in tbl.iterchildren(_TR):
            row, open_merges = self._row(tr, open_merges)
            rows.append(row)
        if not any(c.text for row in rows for c in row):
            return None
        raw = RawTable(rows=rows, source="docx", line=first_line, page=first_page)
        return _Item(table=raw, line=first_line, page=first_page)

    def _row(self, tr, open_merges: dict[int, RawCell]) -> tuple[list[RawCell], dict[int, RawCell]]:
        """One row's cells; a ``vMerge`` continuation grows the cell above instead."""
        header = True if _on(tr, "w:trPr/w:tblHeader") else None
        col = _int_val(tr, "w:trPr/w:gridBefore", 0)
        row: list[RawCell] = [RawCell("", colspan=col)] if col else []
        still_open: dict[int, RawCell] = {}
        styled_header = True
        for tc in tr.iterchildren(_TC):
            span = max(1, _int_val(tc, "w:tcPr/w:gridSpan", 1))
            merge = _vmerge(tc)
            above = open_merges.get(col)
            if merge == "continue" and above is not None and above.colspan == span:
                above.rowspan += 1
                still_open[col] = above
                self._cell_text(tc)  # keeps paragraph and page counts in step
            else:
                text, line, page, heading_style = self._cell_text(tc)
                styled_header = styled_header and heading_style
                cell = RawCell(text, colspan=span, line=line, page=page, header=header)
                row.append(cell)
                if merge == "restart":
                    still_open[col] = cell
            col += span
        if header is None and styled_header and row:
            for cell in row:
                cell.header = True
        return row, still_open

    def _cell_text(self, tc) -> tuple[str, int, int | None, bool]:
        """Cell text, one line per paragraph, with the place of its first paragraph."""
        lines, first_line, first_page, heading_style = [], self.line + 1, None, True
        for p in _paragraphs(tc):
            self.line += 1
            text, page = self._text(p)
            heading_style = heading_style and bool(_TABLE_HEADING_STYLE.match(self.styles.get(_style_id(p), _Style()).name))
            text = "\n".join(t for t in (_clean(x) for x in text.split("\n")) if t)
            if text:
                lines.append(text)
                first_page = page if first_page is None else first_page
        return "\n".join(lines), first_line, first_page if first_page is not None else self.pages.current, heading_style

    # footnotes
    def footnotes(self) -> list[tuple[str, str]]:
        """Footnote bodies from word/footnotes.xml, numbered in order of reference."""
        try:
            part = self.document.part.part_related_by(RT.FOOTNOTES)
        except KeyError:
            return []
        root = parse_xml(part.blob)
        order = {fid: str(n) for n, fid in enumerate(dict.fromkeys(self.footnote_refs), 1)}
        out = []
        for note in root.iterchildren(qn("w:footnote")):
            if note.get(qn("w:type")) in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            text = _clean(" ".join("".join(x for x in self._pieces(p) if isinstance(x, str)) for p in _paragraphs(note)))
            if text:
                fid = note.get(qn("w:id"), "")
                out.append((order.get(fid, fid), text))
        return out


def _block_elements(parent):
    """Paragraphs and tables of a body or cell in order, through content controls."""
    for child in parent:
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag in _CONTAINERS:
            yield from _block_elements(child)


def _paragraphs(parent):
    """Every paragraph of a cell or footnote in order, nested tables flattened."""
    for el in _block_elements(parent):
        if el.tag == _P:
            yield el
        else:
            for tc in el.iter(_TC):
                yield from (p for p in _block_elements(tc) if p.tag == _P)


def _clean(text: str) -> str:
    return clean_inline(text)[0]


@functools.lru_cache(maxsize=64)
def _compiled(path: str) -> etree.XPath:
    return etree.XPath(path, namespaces={"w": _W})


def _xpath(el, path: str) -> list:
    """XPath with the ``w:`` prefix on any element (python-docx's own ``xpath`` only
    knows its registered element classes)."""
    return _compiled(path)(el)


def _on(el, path: str) -> bool:
    """A Word on/off property (``<w:tblHeader/>``): present and not switched off."""
    found = _xpath(el, path)
    return bool(found) and found[0].get(qn("w:val"), "true").lower() not in ("0", "false", "off")


def _int_val(el, path: str, default: int) -> int:
    found = _xpath(el, path)
    try:
        return int(found[0].get(qn("w:val"))) if found else default
    except (TypeError, ValueError):
        return default


def _vmerge(tc) -> str:
    found = _xpath(tc, "w:tcPr/w:vMerge")
    if not found:
        return ""
    return "restart" if found[0].get(qn("w:val")) == "restart" else "continue"


def _style_id(p) -> str:
    found = _xpath(p, "w:pPr/w:pStyle/@w:val")
    return str(found[0]) if found else ""


def _num_pr(el) -> tuple[str, int] | None:
    """(numId, ilvl) of a paragraph's own numbering; numId 0 switches numbering off."""
    num_id = _xpath(el, "w:pPr/w:numPr/w:numId/@w:val")
    if not num_id or num_id[0] == "0":
        return None
    return str(num_id[0]), _int_val(el, "w:pPr/w:numPr/w:ilvl", 0)


def _outline_level(p) -> int:
    level = _int_val(p, "w:pPr/w:outlineLvl", 9)
    return level + 1 if 0 <= level < 9 else 0


def _is_superscript_number(r) -> bool:
    """Superscript digits typed after a word are a footnote mark, not part of it."""
    if _xpath(r, "w:rPr/w:vertAlign[@w:val='superscript']"):
        text = "".join(_xpath(r, "w:t/text()")).strip()
        return text.isdigit()
    return False


def _symbol(sym) -> str:
    try:
        return chr(int(sym.get(qn("w:char"), ""), 16))
    except ValueError:
        return ""


def _has_page_info(body) -> bool:
    return bool(
        _xpath(body, ".//w:br[@w:type='page'] | .//w:lastRenderedPageBreak | .//w:pageBreakBefore | .//w:pPr/w:sectPr")
    )


# -- styles and numbering ---------------------------------------------------------------


@dataclass
class _Style:
    name: str = ""
    level: int = 0
    list: bool = False
    toc: bool = False
    num: tuple[str, int] | None = None


def _styles(document) -> dict[str, _Style]:
    """Paragraph styles by id: heading level (name or outline level), list, TOC.

    A style python-docx cannot make sense of (a ``w:type`` that is no style type, none
    at all) means word/styles.xml is damaged. The file is refused rather than read
    without it: styles make the headings, and figures filed under the wrong section
    are worse than a file named as corrupt.
    """
    out: dict[str, _Style] = {}
    try:
        for style in document.styles:
            if style.type != WD_STYLE_TYPE.PARAGRAPH:
                continue
            name = style.name or ""
            level = _style_level(style)
            out[style.style_id] = _Style(
                name=name,
                level=level,
                list=bool(_LIST_STYLE.search(name)),
                toc=bool(_TOC_STYLE.match(name)),
                num=_inherited(style, _num_pr),
            )
    except (ValueError, KeyError, InvalidXmlError) as err:
        detail = "a style without a type (w:type)" if isinstance(err, KeyError) else str(err)
        raise ReadError(None, f"corrupt DOCX: damaged styles ({_styles_member(document)}): {detail}") from None
    return out


def _styles_member(document) -> str:
    """The zip member of the styles part, for the reason a damaged one is refused with."""
    try:
        return str(document.part.part_related_by(RT.STYLES).partname).lstrip("/")
    except KeyError:
        return "word/styles.xml"


def _style_level(style) -> int:
    m = _HEADING_STYLE.match(style.name or "")
    if m:
        return int(m.group(1))
    if _TITLE_STYLE.match(style.name or ""):
        return 1
    return _inherited(style, _outline_level) or 0


def _inherited(style, get):
    """A property of a style or the nearest style it is based on."""
    seen = set()
    while style is not None and style.style_id not in seen:
        seen.add(style.style_id)
        value = get(style.element)
        if value:
            return value
        style = style.base_style
    return None


_ROMAN = [
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
]


def _format_number(n: int, fmt: str) -> str:
    """A list counter in a Word number format (``lowerLetter`` 3 -> "c")."""
    if fmt in ("lowerLetter", "upperLetter"):
        s = ""
        while n > 0:
            n, rem = divmod(n - 1, 26)
            s = chr(ord("a") + rem) + s
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        s = ""
        for value, numeral in _ROMAN:
            while n >= value:
                s, n = s + numeral, n - value
        return s.upper() if fmt == "upperRoman" else s
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


class _Numbering:
    """List markers as Word prints them: counters per abstract list, "%1.%2" templates."""

    def __init__(self, document):
        #: (abstractNumId, ilvl) -> (numFmt, lvlText, start)
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.abstract_of: dict[str, str] = {}
        self.counts: dict[str, dict[int, int]] = {}
        try:
            root = document.part.part_related_by(RT.NUMBERING).element
        except KeyError:
            return
        for abstract in _xpath(root, "w:abstractNum"):
            aid = abstract.get(qn("w:abstractNumId"))
            for lvl in _xpath(abstract, "w:lvl"):
                ilvl = lvl.get(qn("w:ilvl"), "0")
                fmt = (_xpath(lvl, "w:numFmt/@w:val") or ["decimal"])[0]
                template = (_xpath(lvl, "w:lvlText/@w:val") or [""])[0]
                self.levels[(aid, int(ilvl) if ilvl.isdigit() else 0)] = (fmt, template, _int_val(lvl, "w:start", 1))
        for num in _xpath(root, "w:num"):
            self.abstract_of[num.get(qn("w:numId"))] = (_xpath(num, "w:abstractNumId/@w:val") or [""])[0]

    def marker(self, num_id: str, ilvl: int) -> str:
        aid = self.abstract_of.get(num_id)
        fmt, template, start = self.levels.get((aid, ilvl), ("bullet", "", 1))
        if fmt in ("bullet", "none"):
            return "•" if fmt == "bullet" else ""
        counts = self.counts.setdefault(aid, {})
        counts[ilvl] = counts.get(ilvl, start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]

        def level_number(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            k_fmt = self.levels.get((aid, k), ("decimal", "", 1))[0]
            return _format_number(counts.get(k, 1), k_fmt)

        return re.sub(r"%(\d)", level_number, template).strip() or str(counts[ilvl])
