"""HTML reader, and the HTML helpers the Markdown reader uses for embedded markup.

Elements are read in document order: ``h1``–``h6`` are headings, every run of
inline content (in ``p``, ``div``, ``blockquote``, ``li`` ...) is a paragraph, list
items keep their marker, tables keep their spans and ``th``/``thead`` headers.
Script, style, navigation and the head are dropped. ``line`` is the source line of
the element: bs4's lxml tree builder does not record source lines, so the tree is
built with ``lxml.html`` itself (the same libxml2 parser).

Exported documents are rarely tidy: bullets typed as text inside a ``<ul>`` without
``<li>`` (``<ul> • Training ... • Toegang tot SWT``), unclosed tags, ``<sup>``
footnote marks glued to words. Bare text in a list is split into items at its
bullets; a ``<sup>`` holding a number is a footnote reference and is dropped.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable

import lxml.html
from lxml import etree

from ..model import Document, Metadata
from .builder import DocumentBuilder
from .errors import ReadError, decode_text, decoding_repair
from .inline import clean_inline, footnote_line, normalise_spaces, strip_bullet
from .tables import RawCell, RawTable

_DROP = ("script", "style", "nav", "head", "noscript", "template", "svg", "iframe")
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_LISTS = ("ul", "ol")
_BLOCK = {
    "html", "body", "p", "div", "section", "article", "main", "header", "footer", "aside", "blockquote",
    "ul", "ol", "li", "table", "pre", "figure", "figcaption", "dl", "dt", "dd", "hr", "address",
    "center", "details", "summary", "form", "fieldset", "caption", "tr", "td", "th", "thead", "tbody", "tfoot",
    *_HEADINGS,
}
#: blocks that hold a list item's own text rather than starting a block of their own
_ITEM_PARTS = {"p", "div", "blockquote", "pre", "dl", "dt", "dd", "figure", "figcaption", "address", "center"}
_WHITESPACE = re.compile(r"\s+")
#: where bare text in a list starts a new item: whitespace before a bullet and a space
_ITEM_START = re.compile(r"\s(?=[•◦▪▫●○■□➢►\uf0b7\-–]\s)")
_NOTE_MARK = re.compile(r"^(?:\d{1,3}|\*{1,3}|[†‡])$")
_TO_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_:.-]+)", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_FOOTNOTE_SECTION = re.compile(r"footnote|endnote", re.I)
#: browsers read these labels as windows-1252 (WHATWG encoding standard)
_AS_CP1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "us-ascii", "ascii", "windows-1252", "cp1252"}
_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)


def read(data: bytes, meta: Metadata) -> Document:
    text, encoding = _decode(data)
    root = _parse(text)
    for el in root.xpath("|".join(f"//{tag}" for tag in _DROP)):
        el.drop_tree()
    b = DocumentBuilder(meta)
    if (note := decoding_repair(encoding)) is not None:
        b.repair(note)
    if (cut := _depth_limit(_PARSER.error_log)) is not None:
        b.truncate(cut)
    body = root.find("body")
    _Emitter(b).flow(body if body is not None else root)
    return b.build()


def html_fragment_to_text(fragment: str) -> str:
    """A cell's HTML as plain text, one line per list item or paragraph.

    Tags go, entities are decoded, everything else (``2^e``, bullets) stays as written.
    """
    return "\n".join(text for text, _ in _segments(_fragment(fragment)))


def tables_from_html(fragment: str, line: int | None = None) -> list[RawTable]:
    """Every top-level ``<table>`` of an HTML fragment; ``line`` is the fragment's first line."""
    root = _fragment(fragment)

    def line_of(el) -> int | None:
        if el.sourceline is None:
            return line
        return el.sourceline if line is None else line + el.sourceline - 1

    return [_raw_table(t, line_of) for t in root.iter("table") if _owner_table(t) is None]


# -- decoding and parsing ----------------------------------------------------------


def _decode(data: bytes) -> tuple[str, str]:
    """UTF-8 when the bytes are UTF-8; otherwise the ``<meta>`` charset, else cp1252."""
    text, encoding = decode_text(data)
    declared = _declared_charset(data)
    if encoding.startswith("utf-") or declared in (None, "utf-8"):
        return text, encoding
    return data.decode(declared, errors="replace"), declared


def _declared_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    label = m.group(1).decode("ascii").lower()
    if label in _AS_CP1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _parse(text: str):
    text = _XML_DECLARATION.sub("", text, count=1)
    if not text.strip():
        raise ReadError(None, "empty HTML document")
    try:
        return lxml.html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError) as err:
        raise ReadError(None, f"cannot parse HTML: {err}") from None


def _depth_limit(log) -> str | None:
    """libxml2 stops building the tree at 256 levels of nesting and drops the rest of the file:
    what it said, as the part of the document that is missing."""
    for entry in log:
        if entry.type_name == "ERR_RESOURCE_LIMIT" or "Excessive depth" in entry.message:
            return (f"HTML nested deeper than the parser's limit (256 levels) at line {entry.line}: "
                    "the text after that point is not read")
    return None


def _fragment(fragment: str):
    """A fragment under one ``<div>``; a fragment that is a whole document gives its body."""
    try:
        return lxml.html.fragment_fromstring(fragment or "", create_parent="div")
    except (etree.ParserError, ValueError):
        root = lxml.html.document_fromstring(fragment)
        body = root.find("body")
        return body if body is not None else root


def _tag(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


# -- text collection ------------------------------------------------------------------


class _Buffer:
    """Inline text in segments (a paragraph, a list item, a cell line), each made of
    lines (``<br>``); remembers the source line where each segment starts."""

    def __init__(self):
        self.segments: list[tuple[list[list[str]], int | None]] = [([[]], None)]

    def add(self, text: str | None, line: int | None, split: bool = False) -> None:
        if not text:
            return
        text = _WHITESPACE.sub(" ", text)
        for i, part in enumerate(_ITEM_START.split(text) if split else [text]):
            if i:
                self.hard_break()
            lines, start = self.segments[-1]
            lines[-1].append(part)
            if start is None and part.strip():
                self.segments[-1] = (lines, line)

    def soft_break(self) -> None:
        """``<br>``: a new line; a second one in a row ends the segment."""
        lines, _ = self.segments[-1]
        if "".join(lines[-1]).strip():
            lines.append([])
        else:
            self.hard_break()

    def hard_break(self) -> None:
        if self._current_text():
            self.segments.append(([[]], None))

    def at_segment_start(self) -> bool:
        return not self._current_text()

    def _current_text(self) -> str:
        return "".join("".join(line) for line in self.segments[-1][0]).strip()

    def texts(self) -> list[tuple[str, int | None]]:
        out = []
        for lines, start in self.segments:
            text = "\n".join(t for t in (normalise_spaces("".join(line)) for line in lines) if t)
            if text:
                out.append((text, start))
        return out


def _segments(el) -> list[tuple[str, int | None]]:
    buf = _Buffer()
    _collect(el, buf, split=False)
    return buf.texts()


def _collect(el, buf: _Buffer, split: bool) -> None:
    """Add an element's text to ``buf``; blocks start a new segment, ``<br>`` a new line.

    ``split`` is true for text that sits bare in a list, where a bullet starts an item.
    """
    tag = _tag(el)
    if tag == "br":
        buf.soft_break()
        return
    if tag == "sup" and _NOTE_MARK.match((el.text_content() or "").strip()):
        if buf.at_segment_start():  # "<sup>1</sup> Voor de ..." is a footnote body
            buf.add(el.text_content().strip().translate(_TO_SUPERSCRIPT) + " ", el.sourceline)
        return
    if not tag:
        return
    block = tag in _BLOCK
    inner = tag in _LISTS or (split and not block)
    if block:
        buf.hard_break()
    buf.add(el.text, el.sourceline, inner)
    for child in el:
        _collect(child, buf, inner)
        buf.add(child.tail, child.sourceline, inner)
    if block:
        buf.hard_break()


# -- tables ---------------------------------------------------------------------------


def _owner_table(el):
    return next(el.iterancestors("table"), None)


def _table_rows(table) -> tuple[list, list, list]:
    """The table's own rows (not those of nested tables) as head, body, foot."""
    head, body, foot = [], [], []
    for tr in table.iter("tr"):
        if _owner_table(tr) is not table:
            continue
        section = _tag(tr.getparent())
        (head if section == "thead" else foot if section == "tfoot" else body).append(tr)
    return head, body, foot


def _span(value: str | None, limit: int) -> int:
    """A rowspan/colspan attribute; 0 and oversized values reach ``limit``."""
    try:
        n = int((value or "1").strip())
    except ValueError:
        return 1
    return limit if n <= 0 or n > limit else n


def _raw_table(table, line_of: Callable) -> RawTable:
    head, body, foot = _table_rows(table)
    head = [tr for tr in head if any(_segments(td) for td in tr)]
    trs = head + body + foot
    rows = []
    for r, tr in enumerate(trs):
        cells = []
        for td in tr:
            if _tag(td) not in ("td", "th"):
                continue
            header = True if _tag(td) == "th" or r < len(head) else None
            text = "\n".join(t for t, _ in _segments(td))
            rowspan = _span(td.get("rowspan"), len(trs) - r)
            cells.append(RawCell(text, rowspan, _span(td.get("colspan"), 1000), line_of(td), None, header))
        rows.append(cells)
    caption = next((" ".join(t for t, _ in _segments(c)) for c in table.iterchildren("caption")), "")
    return RawTable(rows=rows, caption=caption, source="html", header_rows=len(head) or None, line=line_of(table))


# -- the document walk -----------------------------------------------------------------


class _Emitter:
    """Walks the body and emits blocks in order through the builder."""

    def __init__(self, b: DocumentBuilder):
        self.b = b

    def flow(self, el, marker: str = "", list_item: bool = False) -> None:
        """Emit an element's content: inline runs become paragraphs, blocks their own blocks."""
        buf = _Buffer()
        split = _tag(el) in _LISTS
        numbers = _ListNumbers(el)
        buf.add(el.text, el.sourceline, split)
        for child in el:
            tag = _tag(child)
            if tag in _BLOCK:
                marker = self._flush(buf, marker, list_item)
                buf = _Buffer()
                if tag == "li":
                    self.flow(child, numbers.next(child), list_item=True)
                elif list_item and tag in _ITEM_PARTS:  # "<li><p>...</p></li>": the item's own text
                    self.flow(child, marker, list_item=True)
                    marker = ""
                else:
                    self.block(child)
            else:
                _collect(child, buf, split)
            buf.add(child.tail, child.sourceline, split)
        self._flush(buf, marker, list_item)

    def block(self, el) -> None:
        tag = _tag(el)
        if tag in _HEADINGS:
            title = " ".join(t.replace("\n", " ") for t, _ in _segments(el))
            if title:
                self.b.heading(title, _HEADINGS[tag], line=el.sourceline)
        elif tag == "table":
            self.b.table(_raw_table(el, lambda e: e.sourceline))
        elif tag == "ol" and _is_footnote_list(el):
            self._footnotes(el)
        elif tag in _LISTS:
            self.flow(el, list_item=True)
        elif tag != "hr":
            self.flow(el)

    def _flush(self, buf: _Buffer, marker: str, list_item: bool) -> str:
        """Emit the buffered segments as paragraphs; returns the marker still unused."""
        for raw, line in buf.texts():
            text = "\n".join(t for t in (clean_inline(x)[0] for x in raw.split("\n")) if t)
            note = footnote_line(raw)
            if note:
                self.b.footnote(note[0], clean_inline(note[1])[0], line=line)
                continue
            bullet, rest = strip_bullet(text)
            if bullet in ("•", "-") and rest:
                self.b.paragraph(rest, line=line, list_item=True, marker=marker or bullet)
            else:
                self.b.paragraph(text, line=line, list_item=list_item, marker=marker)
            marker = ""
        return marker

    def _footnotes(self, ol) -> None:
        """A footnote section's list (``<section class="footnotes"><ol><li>``)."""
        for n, li in enumerate(ol.iterchildren("li"), 1):
            text = " ".join(t for t, _ in _segments(li)).rstrip("↩︎ ").strip()
            if text:
                self.b.footnote(str(n), clean_inline(text)[0], line=li.sourceline)


class _ListNumbers:
    """Markers of a list's items: "•" in a ``<ul>``, "3." in an ``<ol start="3">``."""

    def __init__(self, el):
        self.ordered = _tag(el) == "ol"
        self.n = _span(el.get("start"), 10**6) - 1 if self.ordered else 0

    def next(self, li) -> str:
        if not self.ordered:
            return "•"
        value = li.get("value", "")
        self.n = int(value) if value.strip().isdigit() else self.n + 1
        return f"{self.n}."


def _is_footnote_list(ol) -> bool:
    for el in [ol, *list(ol.iterancestors())[:2]]:
        if _FOOTNOTE_SECTION.search(f"{el.get('class', '')} {el.get('role', '')} {el.get('id', '')}"):
            return True
    return False
