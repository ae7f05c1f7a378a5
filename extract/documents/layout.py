"""From lines of plain text to blocks: the reconstruction shared by text, Markdown and PDF.

Reports reach us as lines: a text export with one paragraph per line, a PDF text
layer wrapped at the margin, a Markdown file. The same structures hide in all of
them, and this module finds them once:

* headings (numbered "2. Wmo", "5.1 CJG", or a short line standing alone),
* paragraphs (wrapped lines re-joined, hyphenation at line ends repaired),
* list items (bullets, "a)", and the lost Symbol-font bullet a PDF leaves as a space),
* footnotes ("¹ Voor de ...", or a bare "1" line above the note a PDF separates),
* tables written as text: tab-separated, pipe-separated, label-plus-figures rows whose
  header cells a PDF spread over several lines ("1e / halfjaar / 2015 ..."), short
  "label 23" breakdowns, and the three-column Knelpunt/Oplossingsrichting/Resultaat
  tables whose icons were lost,
* tables one cell per line (:mod:`.cell_lines`) and tables or chart labels whose cells were
  glued together without spaces (:mod:`.glued_rows`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .builder import DocumentBuilder
from .cell_lines import find_cell_line_tables, raw_table
from .glued_rows import find_glued_charts, find_glued_tables
from .inline import SUPERSCRIPTS, clean_inline, strip_bullet
from .tables import RawCell, RawTable, is_numeric

# -- line classification -------------------------------------------------------

#: a figure in a layout row: 1.138 / 6,4* / 92,9 / € 625.000 / 41% / n/b / -
_FIGURE = r"[-−]?\d{1,3}(?:[.,]\d{1,3})?%?\s\((?:19|20)\d\d\)|[-−]?(?:0|\d{2,3})\.\d{1,2}(?=\s|$)|[-−]?\d{1,3}\.\d{1,2}%(?=\s|$)|(?:€\s?)?[-−]?\d{1,3}(?:\.\d{3})*(?:,\d+)?%?\*{0,3}|(?:€\s?)?[-−]?\d+(?:,\d+)?%?\*{0,3}|n/b|n\.b\.|-"
_FIGURE_RUN = re.compile(rf"^(?P<label>.*?[^\s\d.,€%*/-][^\d]*?)\s+(?P<figs>(?:(?:{_FIGURE})\s+)*(?:{_FIGURE}))\s*$")
_FIGURE_TOKEN = re.compile(rf"(?:{_FIGURE})(?=\s|$)")
_ENDS_WITH_FIGURE = re.compile(rf"(?:^|\s)(?:{_FIGURE})\s*$")
_SECTION_NUMBER = re.compile(r"^(?P<num>[1-9]\d?(?:\.\d{1,2})*)\.?\s+(?P<title>\S.*)$")
_ZERO_PADDED = re.compile(r"^0\d\.\s+\S")
_FOOTNOTE_SUP = re.compile(rf"^\s*([{SUPERSCRIPTS}]+)\s*(\S.*)$")
_BARE_NUMBER = re.compile(r"^\s*(\d{1,2})\s*$")
_CAPTION = re.compile(r"^(?:tabel|figuur|grafiek|overzicht)\s*\d+\b", re.I)
_HEADER_WORD = re.compile(r"^[A-Z][a-zë]{3,}$")
_URL_END = re.compile(r"(?:https?://|www\.)\S*-$")
_ORDINAL = re.compile(r"^\d{1,2}(?:e|ste|de)$")
_MONTH = re.compile(r"^(?:jan|feb|maa|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec)", re.I)
#: a heading does not end on a word that needs a continuation ("... van de", "... te")
_FUNCTION_WORDS = frozenset(
    "de het een van en of te naar in op voor met aan bij door om dat die is zijn tot als uit over dan "
    "wordt worden kan kunnen zal er we wij ook nog niet maar".split()
)
_YEARISH = re.compile(r"^(?:(?:19|20)\d\d|\d{1,2}-\d{1,2}-(?:19|20)\d\d)$")


@dataclass
class Line:
    """One line of source text with what the format knows about it."""

    text: str
    line: int | None
    page: int | None = None
    bold: bool = False
    size: float | None = None
    #: set by formats that mark headings themselves (Markdown "#", PDF fonts)
    heading_level: int | None = None
    #: for a line a reader already joined from several source lines (a PDF paragraph):
    #: (offset in ``text``, source line, page) where each of them starts
    starts: list[tuple[int, int | None, int | None]] | None = None


def is_blank(line: Line) -> bool:
    return not line.text.strip()


def figures_of(text: str) -> tuple[str, list[str]] | None:
    """Split "Jongeren met jeugdhulp 6,7 6,9 8,1" into its label and figures."""
    text = text.strip()
    if not _ENDS_WITH_FIGURE.search(text[-40:]):
        return None  # cheap test first: the full pattern backtracks on long prose lines
    m = _FIGURE_RUN.match(text)
    if not m:
        return None
    label = m.group("label").strip()
    figs = _FIGURE_TOKEN.findall(m.group("figs"))
    figs = _join_euro(figs)
    if any(re.match(r"^0\d", f) for f in figs):
        return None  # "023 563 95 50", "0900 1852": phone numbers, not figures
    if not label or label.endswith((".", ",", ";")):
        return None
    return label, figs


_FIGURES_THEN_TEXT = re.compile(
    rf"^(?P<label>.*?[^\s\d.,€%*/-])\s+(?P<figs>(?:{_FIGURE})(?:\s+(?:{_FIGURE})){{2,}})\s+(?P<tail>[^\W\d_][^|\t]*)$")


#: two figures and then a word or two, each capitalised or an acronym: an ambition and a source
_FIGURES_THEN_WORDS = re.compile(
    rf"^(?P<label>.*?[^\s\d.,€%*/-])\s+(?P<figs>(?:{_FIGURE})\s+(?:{_FIGURE}))\s+(?P<tail>(?:[A-Z][\w.-]{{1,14}})(?:\s+[A-Z][\w.-]{{1,14}}){{0,2}})$")


def figures_with_tail(text: str) -> tuple[str, list[str]] | None:
    """A row whose figures are followed by text cells: "Aantal inwoners 30.970 31.205 ...
    18.295 OCD Buurtmonitor en CBS Totaal aantal ...": label, three or more figures, and the
    rest (source, explanation) as one last cell; or two figures and a capitalised word or two
    ("Gezondheidsvoorzieningen 79% 79% Stijging OCD": the ambition and the source)."""
    m = _FIGURES_THEN_TEXT.match(text.strip()) or _FIGURES_THEN_WORDS.match(text.strip())
    if not m or _ENDS_WITH_FIGURE.search(m.group("tail")[-40:]):
        return None
    figs = _join_euro(_FIGURE_TOKEN.findall(m.group("figs")))
    if any(re.match(r"^0\d", f) for f in figs):
        return None
    return m.group("label").strip(), [*figs, m.group("tail").strip()]


def _join_euro(figs: list[str]) -> list[str]:
    """Write every euro figure as "€ 625.000", however the layer spaced it."""
    return ["€ " + f[1:].strip() if f.startswith("€") else f for f in figs]


def heading_level_of(title: str, default: int = 3) -> int:
    """Numbered headings get their depth ("2." -> 1, "5.1" -> 2); "01." items sit below."""
    t = title.strip()
    if _ZERO_PADDED.match(t):
        return max(default, 4)
    m = _SECTION_NUMBER.match(t)
    if (m and not _looks_like_sentence(m.group("title")) and not _YEARISH.match(m.group("num"))
            and not _MONTH.match(m.group("title"))):
        return m.group("num").count(".") + 1
    return default


def _looks_like_sentence(text: str) -> bool:
    return text.rstrip().endswith((".", ";", ",")) or (text[:1].islower())


# -- the engine ------------------------------------------------------------------


class LayoutReader:
    """Walk the lines once, recognising block structures in a fixed order."""

    def __init__(self, builder: DocumentBuilder, lines: list[Line], *, wrapped: bool | None = None,
                 figure_tables: bool = True, guess_headings: bool = True, paragraphs_given: bool = False):
        self.b = builder
        self.lines = lines
        self.wrapped = detect_wrapped(lines) if wrapped is None else wrapped
        self.figure_tables = figure_tables
        #: Markdown with "#" headings marks all its headings; other text needs guessing
        self.guess_headings = guess_headings
        #: the lines are paragraphs the reader has joined already (the PDF reader, which knows
        #: its page breaks): a blank line between two is no page break inside one
        self.paragraphs_given = paragraphs_given
        self.joiner = Joiner([line.text for line in lines])
        self.corners: dict[int, str] = {}  # header line -> the corner cell its grouping found
        self.groups: dict[int, list[str]] = {}  # header line -> the row group lines right below it
        superscript_marks, self.plain_marks = self._footnote_marks()
        self.footnote_marks = superscript_marks | self.plain_marks
        self.layout_tables = self._find_layout_tables()
        self.last_ended_colon = False

    # -- pre-passes
    def _footnote_marks(self) -> tuple[set[str], set[str]]:
        """Marks glued to words: superscripts ("Wmo¹") and, in a PDF text layer, plain
        digits ("(externe1)"). A bare number line is a footnote only when its number is
        such a mark; otherwise it is a page number."""
        superscript, plain = set(), set()
        text = "\n".join(line.text for line in self.lines)
        for m in re.finditer(rf"[a-zà-ÿ)]([{SUPERSCRIPTS}]+)", text):
            superscript.add(m.group(1).translate(str.maketrans(SUPERSCRIPTS, "0123456789")))
        for m in re.finditer(r"\(([a-zà-ÿ]{3,})(\d)\)", text):
            plain.add(m.group(2))
        return superscript, plain

    def _find_layout_tables(self) -> dict[int, tuple[int, RawTable]]:
        """Find tables written one cell per line, then label+figures rows and the header
        fragments a PDF spread above them, where no cell-per-line table is."""
        found: dict[int, tuple[int, RawTable]] = {}
        if not self.figure_tables:
            return found
        for start, table in find_cell_line_tables([line.text for line in self.lines]).items():
            found[start] = (table.last_line, raw_table(table, self.lines))
        found.update(find_glued_tables(self.lines))
        found.update(find_glued_charts(self.lines))
        taken = [(start, last) for start, (last, _) in found.items()]
        found.update((start, value) for start, value in self._figure_tables().items()
                     if not any(s <= value[0] and start <= e for s, e in taken))
        return found

    def _figure_tables(self) -> dict[int, tuple[int, RawTable]]:
        found: dict[int, tuple[int, RawTable]] = {}
        i = 0
        n = len(self.lines)
        while i < n:
            run = self._figure_run(i)
            if run is None:
                i += 1
                continue
            first, last, rows = run
            header_start, header_cells = self._header_above(first, len(rows[0][1]))
            table = self._layout_table(rows, header_cells, first if header_start is None else header_start)
            start = first if header_start is None else header_start
            found[start] = (last, table)
            i = last + 1
        return self._join_row_groups(found)

    def _join_row_groups(self, found: dict[int, tuple[int, RawTable]]) -> dict[int, tuple[int, RawTable]]:
        """One table whose rows a group line divides ("Lasten" / rows / "Baten" / rows): a table
        right below another, as wide, with only such a line between and no header of its own,
        continues it, the line becoming a row of its own. So the rows keep the first part's
        header and scale, and the group its label."""
        joined: dict[int, tuple[int, RawTable]] = {}
        previous: int | None = None
        for start in sorted(found):
            last, table = found[start]
            between = [j for j in range(joined[previous][0] + 1, start) if not is_blank(self.lines[j])] if previous is not None else []
            if previous is not None and 1 <= len(between) <= 2 and not table.header_rows:
                prev_last, prev = joined[previous]
                groups = [self.lines[j] for j in between]
                width = max(len(r) for r in prev.rows)
                if (max(len(r) for r in table.rows) == width
                        and all(len(g.text.strip()) <= 60 and not _ENDS_WITH_FIGURE.search(g.text) for g in groups)):
                    for group in groups:  # "Programma 1 Sociaal, welzijn en educatie" / "Werk en inkomen"
                        prev.rows.append(_group_row(group.text.strip(), width, group))
                    prev.rows.extend(table.rows)
                    joined[previous] = (last, prev)
                    continue
            joined[start] = (last, table)
            previous = start
        return joined

    def _figure_run(self, i: int) -> tuple[int, int, list[tuple[Line, list[str], str]]] | None:
        """Consecutive rows with the same number of figures: >=2 figures, or >=3 rows of one."""
        parsed = self._figure_row(i)
        if parsed is None:
            return None
        width = len(parsed[1])
        rows = [(self.lines[i], parsed[1], parsed[0])]
        j = i + 1
        last = i
        while j < len(self.lines):
            if is_blank(self.lines[j]):
                j += 1
                continue
            nxt = self._figure_row(j)
            if nxt is None or len(nxt[1]) != width:
                break
            rows.append((self.lines[j], nxt[1], nxt[0]))
            last = j
            j += 1
        if (width >= 2 and (self.wrapped or len(rows) >= 2)) or len(rows) >= 3:
            return i, last, rows
        return None

    def _figure_row(self, i: int) -> tuple[str, list[str]] | None:
        line = self.lines[i]
        text = line.text
        if "\t" in text or "|" in text or line.heading_level:
            return None
        parsed = figures_of(text) or figures_with_tail(text)
        if parsed is None:
            return None
        label, figs = parsed
        # a longer label (a BBV indicator with its unit: "22. Jongeren met delict voor rechter % van
        # jongeren tussen 12 en 21 jaar") only before three figures or more
        long_ok = len(figs) >= 3
        if len(label) > (100 if long_ok else 70) or len(label.split()) > (16 if long_ok else 9):
            return None
        if len(figs) == 1 and not re.search(r"[:]\s*$|^\s*[*•-]\s|\b(?:totaal|waarvan)\b", text, re.I):
            return None  # "label 23" alone is prose unless it looks like a breakdown line
        return label, figs

    def _header_above(self, first: int, width: int) -> tuple[int | None, list[str]]:
        """Collect short fragment lines above a figure run and group them into headers: the
        header cells a PDF spread over several lines, or one whitespace-separated header line
        ("Exploitatie Rekening 2021 Primitief 2022 ..."), possibly with the row group's own
        line ("Lasten") between it and the rows. A header with one group more than there are
        figure columns has its corner cell: the label column's header."""
        coded = self._code_header(first, width)
        if coded is not None:
            return coded
        fragments: list[tuple[int, str]] = []
        j = first - 1
        while j >= 0:
            text = self.lines[j].text.strip()
            if not text:
                j -= 1
                continue
            years = len(re.findall(r"\b(?:19|20)\d\d\b", text))
            if (len(text) > (60 * years if years >= 2 else 45) or text.endswith((".", ":", ";", "?"))
                    or self.lines[j].heading_level or self._figure_row(j) is not None):
                break  # a row of figures above is the previous table, not a header
            fragments.append((j, text))
            j -= 1
        if not fragments or width < 2:
            return None, []
        fragments.reverse()
        for n, (j, text) in enumerate(fragments):  # one header line of year columns, as a web page gives it
            by_year = year_groups(text.split(), width)
            below = fragments[n + 1:]
            if by_year is not None and len(below) <= 1 and all(len(t) <= 40 for _, t in below):
                self.corners[j] = by_year[0]
                self.groups[j] = [t for _, t in below]  # "Lasten": the first row group's label
                return j, by_year[1]
        for drop in (0, 1):  # the nearest line may be the row group's label, not the header's
            kept = fragments[:len(fragments) - drop]
            while kept:
                words = " ".join(t for _, t in kept).split()
                headers = group_header_words(words, width)
                if headers is not None:
                    return kept[0][0], headers
                with_corner = group_header_words(words, width + 1)
                if with_corner is not None and re.search(r"\d", " ".join(with_corner[1:])):
                    self.corners[kept[0][0]] = with_corner[0]
                    return kept[0][0], with_corner[1:]
                kept = kept[1:]  # a caption line above the header is not part of it
        return None, []

    def _code_header(self, first: int, width: int, reach: int = 4) -> tuple[int, list[str]] | None:
        """A header line naming its figure columns by short codes, a few lines above the rows:
        "Indicatoren begroting 2022 HIA HIA PPD SLD ZWD ALB DRD H-G Bron Toelichting" over
        "Aantal inwoners 30.970 31.205 ... 18.295 OCD Buurtmonitor ...". The short lines between
        become row group labels."""
        j, seen = first - 1, 0
        while j >= 0 and seen < reach:
            text = self.lines[j].text.strip()
            if text:
                seen += 1
                words = text.split()
                for start in range(len(words)):
                    run = 0
                    while start + run < len(words) and re.fullmatch(r"[A-Z][A-Z-]{1,4}", words[start + run]):
                        run += 1
                    rest = words[start + run:]
                    if run >= 3 and (run == width or (run == width - 1 and rest)):
                        headers = words[start:start + run] + ([" ".join(rest)] if run == width - 1 else [])
                        self.corners[j] = " ".join(words[:start])
                        self.groups[j] = [self.lines[k].text.strip() for k in range(j + 1, first)
                                          if self.lines[k].text.strip()]
                        return j, headers
                    if run:
                        break
            j -= 1
        return None

    def _layout_table(self, rows, header_cells: list[str], start: int) -> RawTable:
        first_line = self.lines[start]
        raw_rows: list[list[RawCell]] = []
        if header_cells:
            raw_rows.append([RawCell(self.corners.get(start, ""), line=first_line.line, page=first_line.page, header=True)]
                            + [RawCell(h, line=first_line.line, page=first_line.page, header=True) for h in header_cells])
        width = 1 + len(rows[0][1])
        for group in self.groups.get(start, []):
            raw_rows.append(_group_row(group, width, first_line))
        for line, figs, label in rows:
            raw_rows.append([RawCell(label.lstrip("*•- ").strip() if label.startswith(("* ", "• ")) else label, line=line.line, page=line.page)]
                            + [RawCell(f, line=line.line, page=line.page) for f in figs])
        return RawTable(rows=raw_rows, source="layout", header_rows=1 if header_cells else 0,
                        line=first_line.line, page=first_line.page)

    # -- main pass
    def run(self) -> None:
        i = 0
        n = len(self.lines)
        while i < n:
            line = self.lines[i]
            if i in self.layout_tables:
                last, table = self.layout_tables[i]
                i = self._emit_table(table, last + 1)
                continue
            if is_blank(line):
                i += 1
                continue
            if line.heading_level:
                self._heading(line.text, line, line.heading_level)
                i += 1
                continue
            for read in (self._tab_block, self._pipe_block, self._knelpunt_block, self._footnote):
                after = read(i)
                if after is not None:
                    i = after
                    break
            else:
                i = self._text_block(i)

    # What a stretch of lines can be besides running text, tried in this order at each line (after
    # the tables found beforehand from whitespace columns and one cell per line, and the headings
    # a format marks): each reads the block that starts at line i and returns the line after it,
    # or None when the line starts no such block. A new form of text table goes here.

    def _tab_block(self, i: int) -> int | None:
        """A table written with tabs between its cells."""
        return self._tab_table(i) if "\t" in self.lines[i].text else None

    def _pipe_block(self, i: int) -> int | None:
        """A table written with pipes between its cells (Markdown, or a text export's)."""
        text = self.lines[i].text
        piped = text.count("|") >= 2 and not text.strip().startswith("|") or re.match(r"^\s*\|.*\|\s*$", text)
        return self._pipe_table(i) if piped else None

    def _knelpunt_block(self, i: int) -> int | None:
        """A table of knelpunten whose header names the years."""
        return self._knelpunt_table(i) if self._knelpunt_header(i) else None

    # -- tables
    def _emit_table(self, table: RawTable, i: int) -> int:
        if not table.caption:
            table.caption = self._colon_caption()
        notes, i = self._notes_after(i)
        table.notes.extend(notes)
        self.b.table(table)
        self.last_ended_colon = False
        return i

    def _colon_caption(self) -> str:
        """A short "Herkomst cliënten nieuwe aanvragen 2017:" paragraph right above is the caption."""
        blocks = self.b.blocks
        if blocks and getattr(blocks[-1], "kind", "") == "paragraph":
            last = blocks[-1]
            if len(last.content) <= 80 and last.content.endswith(":") and not last.list_item:
                return last.content.rstrip(":").strip()
        return ""

    def _notes_after(self, i: int) -> tuple[list[str], int]:
        """Lines right below a table that annotate it: "* = voorlopige cijfers", "*De
        gepresenteerde cijfers ...", or a lone unpunctuated line ("Eén melding kan ...")."""
        notes: list[str] = []
        j = i
        while j < len(self.lines) and is_blank(self.lines[j]):
            j += 1
        while j < len(self.lines):
            text = self.lines[j].text.strip()
            if re.match(r"^(?:-\s*)?\*", text) or re.match(r"^(?:bron|noot|nb)\s*:", text, re.I):
                note = [text.lstrip("- ").strip()]
                j += 1
                while self.wrapped and j < len(self.lines) and not is_blank(self.lines[j]) and not self._starts_block(j):
                    note.append(self.lines[j].text.strip())
                    j += 1
                notes.append(self.joiner.join_all(note))
                while j < len(self.lines) and is_blank(self.lines[j]):
                    j += 1
                continue
            if (self.wrapped and not notes and 20 <= len(text) <= 100 and not text.endswith((".", ":", "?"))
                    and not heading_level_of(text, 0) and self._standalone(j)):
                notes.append(text)
                j += 1
                continue
            break
        return notes, (j if notes else i)

    def _standalone(self, j: int) -> bool:
        nxt = j + 1
        return nxt >= len(self.lines) or is_blank(self.lines[nxt]) or self._looks_like_heading(nxt, check_prev=False)

    def _tab_table(self, i: int) -> int:
        rows = []
        start = i
        while i < len(self.lines) and "\t" in self.lines[i].text:
            line = self.lines[i]
            cells = [c.strip() for c in line.text.rstrip("\n").split("\t")]
            rows.append([RawCell(_cell_text(c), line=line.line, page=line.page) for c in cells])
            i += 1
        width = max(len(r) for r in rows)
        for r in rows:
            r.extend(RawCell("", line=r[0].line, page=r[0].page) for _ in range(width - len(r)))
        first = self.lines[start]
        header_rows = 1 if re.match(r"^\s*(<i>|<b>)", first.text) else None
        table = RawTable(rows=rows, source="tabs", header_rows=header_rows, line=first.line, page=first.page)
        return self._emit_table(table, i)

    def _pipe_table(self, i: int) -> int:
        rows = []
        start = i
        header_rows = None
        while i < len(self.lines) and self.lines[i].text.count("|") >= 1 and not is_blank(self.lines[i]):
            line = self.lines[i]
            text = line.text.strip()
            if re.fullmatch(r"\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?", text) and "|" in text:
                header_rows = len(rows)  # Markdown separator row, also cut short ("---|")
                i += 1
                continue
            if text.count("|") < 2:
                break
            if text.startswith("|"):
                text = text[1:]
            if text.endswith("|"):
                text = text[:-1]
            rows.append([RawCell(_cell_text(c.strip()), line=line.line, page=line.page) for c in text.split("|")])
            i += 1
        if not rows:
            return self._text_block(start)
        width = max(len(r) for r in rows)
        for r in rows:
            r.extend(RawCell("", line=r[0].line, page=r[0].page) for _ in range(width - len(r)))
        if header_rows == 1 and _corner_dropped(rows):
            rows[0] = [RawCell("", line=rows[0][0].line, page=rows[0][0].page), *rows[0][:-1]]
        first = self.lines[start]
        table = RawTable(rows=rows, source="pipes", header_rows=header_rows, line=first.line, page=first.page)
        return self._emit_table(table, i)

    def _knelpunt_header(self, i: int) -> bool:
        words = self.lines[i].text.split()
        if not 2 <= len(words) <= 5 or not all(_HEADER_WORD.match(w) for w in words):
            return False
        # the body alternates text blocks with result lines
        window = range(i + 1, min(i + 40, len(self.lines)))
        return sum(1 for k in window if self._is_result_line(k)) >= 2

    def _knelpunt_table(self, i: int) -> int:
        """Rebuild a Knelpunt | Oplossingsrichting | Resultaat table from its text layer.

        The body is a sequence of solution blocks, each closed by a result line (an
        icon lost to blanks, ``±`` or ``-``). A block of short lines before a solution
        is the problem (knelpunt) of the rows that follow, as a row-spanning cell; a
        problem may also sit glued in front of a solution ("Schotten Jeugd en Wmo We kopen").
        """
        header_line = self.lines[i]
        names = header_line.text.split()
        if len(names) != 3:
            return self._text_block(i)
        rows: list[list[RawCell]] = [[RawCell(n, line=header_line.line, page=header_line.page, header=True) for n in names]]
        problem: list[str] = []
        problem_cell: RawCell | None = None
        resume = i + 1
        while True:
            j = self._skip_blank(resume)
            block = self._line_block(j)
            if not block or self._heading_led(block):
                break
            texts = [self.lines[k].text.strip() for k in block]
            after = self._skip_blank(block[-1] + 1)
            has_result = after < len(self.lines) and self._is_result_line(after)
            if not has_result:
                if all(len(t) <= 26 for t in texts) and not texts[-1].endswith("."):
                    problem, problem_cell = texts, None  # the problem of the rows below
                    resume = block[-1] + 1
                    continue
                break
            glued = _split_glued_problem(texts[0])
            if glued:
                problem, problem_cell = [glued[0]], None
                texts[0] = glued[1]
            first = self.lines[block[0]]
            solution = RawCell(self.joiner.join_all(texts), line=first.line, page=first.page)
            result = RawCell(self.lines[after].text.strip(), line=self.lines[after].line, page=self.lines[after].page)
            if problem_cell is None:
                problem_cell = RawCell(self.joiner.join_all(problem), line=first.line, page=first.page)
                rows.append([problem_cell, solution, result])
            else:
                problem_cell.rowspan += 1
                rows.append([solution, result])
            resume = after + 1
        self.b.repair(f"rebuilt {'/'.join(names)} table from text layout at line {header_line.line}")
        table = RawTable(rows=rows, source="layout", header_rows=1, line=header_line.line, page=header_line.page)
        return self._emit_table(table, resume)

    def _heading_led(self, block: list[int]) -> bool:
        """A heading line followed by running text ends a layout table."""
        return len(block) > 1 and self._looks_like_heading(block[0], check_prev=False) and len(self.lines[block[1]].text.strip()) > 40

    def _is_result_line(self, j: int) -> bool:
        """A result cell: ``±``/``-``, or a lost icon left as a line of two or more spaces."""
        raw = self.lines[j].text
        return raw.strip() in ("±", "-", "–") or (len(raw) >= 2 and not raw.strip())

    def _skip_blank(self, j: int) -> int:
        """Skip empty lines (a lone space counts as empty; two spaces are a lost icon)."""
        while j < len(self.lines) and not self.lines[j].text.strip() and len(self.lines[j].text) < 2:
            j += 1
        return j

    def _line_block(self, j: int) -> list[int]:
        out = []
        while j < len(self.lines) and self.lines[j].text.strip() and not self._is_result_line(j):
            out.append(j)
            j += 1
        return out

    # -- footnotes, headings, paragraphs
    def _footnote(self, i: int) -> int | None:
        line = self.lines[i]
        m = _FOOTNOTE_SUP.match(line.text)
        if m:
            mark = m.group(1).translate(str.maketrans(SUPERSCRIPTS, "0123456789"))
            body = [m.group(2)]
            j = i + 1
            while self.wrapped and j < len(self.lines) and not is_blank(self.lines[j]) and not self._starts_block(j):
                body.append(self.lines[j].text.strip())
                j += 1
            self.b.footnote(mark, clean_inline(self.joiner.join_all(body))[0], line=line.line, page=line.page)
            return j
        m = _BARE_NUMBER.match(line.text)
        if m:
            if m.group(1) in self.footnote_marks and i + 1 < len(self.lines) and not is_blank(self.lines[i + 1]):
                body = [self.lines[i + 1].text.strip()]
                j = i + 2
                while j < len(self.lines) and not is_blank(self.lines[j]) and not self._starts_block(j):
                    body.append(self.lines[j].text.strip())
                    j += 1
                nxt = self._skip_blank(j)
                # a footnote continued after the blank line the PDF put between its lines
                while nxt < len(self.lines) and self.lines[nxt].text[:1].islower():
                    body.append(self.lines[nxt].text.strip())
                    nxt += 1
                    while nxt < len(self.lines) and not is_blank(self.lines[nxt]) and not self._starts_block(nxt):
                        body.append(self.lines[nxt].text.strip())
                        nxt += 1
                    j = nxt
                    nxt = self._skip_blank(j)
                self.b.footnote(m.group(1), clean_inline(self.joiner.join_all(body))[0], line=line.line, page=line.page)
                return j
            self.b.repair(f"dropped page number {m.group(1)} at line {line.line}")
            return i + 1
        return None

    def _looks_like_heading(self, i: int, check_prev: bool = True) -> bool:
        line = self.lines[i]
        text = line.text.strip()
        if not text or line.heading_level:
            return bool(line.heading_level)
        if not self.guess_headings:
            return False
        if _CAPTION.match(text) or "\t" in text or "|" in text:
            return False
        level = heading_level_of(text, 0)
        limit = 120 if level else (85 if self.wrapped else 90)
        if len(text) > limit or text.endswith((".", ",", ";", ":")) or len(text) < 2:
            return False
        if text.split()[-1].lower() in _FUNCTION_WORDS:
            return False
        if not (text[0].isupper() or text[0].isdigit() or text[0] in "'‘\"“("):
            return False
        if text[0].isdigit() and not level and not _ORDINAL.match(text.split()[0]) and not _ZERO_PADDED.match(text):
            return False
        if strip_bullet(line.text)[0] in ("•", "-"):
            return False
        figures = figures_of(text)
        if figures and len(figures[1]) >= 2 and not level:
            return False
        if self.wrapped:
            prev = i - 1
            if check_prev and prev >= 0 and not is_blank(self.lines[prev]):
                ptext = self.lines[prev].text.strip()
                if (not ptext.endswith((".", "?", "!", ":")) and not self._looks_like_heading_simple(ptext)
                        and not _CAPTION.match(ptext)):
                    return False
            nxt = self._skip_blank(i + 1)
            if nxt < len(self.lines) and nxt - i <= 3 and self.lines[nxt].text.strip()[:1].islower():
                return False
        return True

    def _looks_like_heading_simple(self, text: str) -> bool:
        return bool(heading_level_of(text, 0)) and len(text) < 120 and not text.endswith(".")

    def _starts_block(self, j: int) -> bool:
        line = self.lines[j]
        text = line.text
        if line.heading_level or "\t" in text or text.count("|") >= 2:
            return True
        if j in self.layout_tables or _FOOTNOTE_SUP.match(text) or _BARE_NUMBER.match(text):
            return True
        marker, rest = strip_bullet(text)
        if marker and (marker in ("•", "-") or rest[:1].isupper()):
            return True
        if _CAPTION.match(text.strip()):
            return True
        if text.startswith(" ") and text.strip()[:1].isupper() and j > 0:
            prev = self.lines[j - 1].text.strip()
            return not prev or prev.endswith((".", ":", "?", ";"))
        return self._looks_like_heading(j)

    def _heading(self, text: str, line: Line, level: int | None = None) -> None:
        title = text.strip()
        lvl = heading_level_of(title, level or 3) if level is None or level >= 3 else level
        if level and level < 3 and heading_level_of(title, 0):
            lvl = heading_level_of(title, level)
        self.b.heading(title, lvl, line=line.line, page=line.page)
        self.last_ended_colon = False

    def _text_block(self, i: int) -> int:
        line = self.lines[i]
        after_colon = self.wrapped and line.text.startswith(" ") and self.last_ended_colon
        if not after_colon and self._looks_like_heading(i, check_prev=False):
            self._heading(line.text, line)
            return i + 1
        marker, first = strip_bullet(line.text)
        list_item = bool(marker)
        if not list_item and after_colon:
            list_item, marker = True, "•"
        if line.text.rstrip().endswith(" |") and line.text.count("|") == 1:
            first = line.text.rstrip()[:-1].strip()
            list_item, marker = True, ""
        parts = [first.strip()]
        starts = list(line.starts) if line.starts and first == line.text else [(0, line.line, line.page)]
        text = parts[0]
        j = i + 1
        if self.wrapped and not _CAPTION.match(first.strip()):
            while j < len(self.lines):
                if is_blank(self.lines[j]):
                    # a PDF may put blank lines inside a wrapped item: continue on a lower-case line
                    k = self._goes_on_below(j, text, (".", "?", "!", ":"))
                    if k is None:
                        break
                    j = k
                if self._starts_block(j):
                    break
                nxt = self.lines[j]
                text = self.joiner.join(text, nxt.text)
                starts.append((len(text) - len(nxt.text.strip()), nxt.line, nxt.page))
                j += 1
        elif not self.paragraphs_given and not _CAPTION.match(first.strip()):
            # a text exported from a PDF breaks a paragraph at a page end with blank lines between
            # ("... Hierop zijn" / "" / "voor Haarlem en Zandvoort samen 35 vragenlijsten
            # teruggestuurd."): a line without a sentence end goes on in the lower-case line below
            while j < len(self.lines) and is_blank(self.lines[j]):
                k = self._goes_on_below(j, text, (".", "?", "!", ":", ";"))
                if k is None or self._starts_block(k):
                    break
                nxt = self.lines[k]
                text = self.joiner.join(text, nxt.text)
                starts.append((len(text) - len(nxt.text.strip()), nxt.line, nxt.page))
                j = k + 1
        cleaned, _marks = clean_inline(text)
        cleaned = self._unglue_footnotes(cleaned)
        if cleaned != text and len(parts) > 1:
            starts = _rescale(starts, len(text), len(cleaned))
        self.b.paragraph(cleaned, line=line.line, page=line.page, list_item=list_item, marker=marker,
                         line_starts=starts if len(starts) > 1 else None)
        self.last_ended_colon = cleaned.endswith(":") or (list_item and self.last_ended_colon)
        return j

    def _goes_on_below(self, j: int, text: str, ends: tuple[str, ...]) -> int | None:
        """The line where a paragraph ``text`` goes on past the blank lines at ``j``: a lower-case
        line at most two blank lines down, when ``text`` does not end in one of ``ends``."""
        k = self._skip_blank(j)
        if k < len(self.lines) and k - j <= 2 and self.lines[k].text[:1].islower() and not text.endswith(ends):
            return k
        return None

    def _unglue_footnotes(self, text: str) -> str:
        """'(externe1) cliënten' -> '(externe) cliënten' when 1 is a footnote of this document."""
        for mark in self.plain_marks:
            new = re.sub(rf"(?<=[a-zà-ÿ]{{3}})(?<!tabel)(?<!figuur){mark}(?=[)\s,.;:])", "", text)
            if new != text:
                self.b.repair(f"removed footnote mark {mark} glued to a word")
                text = new
        return text


def _corner_dropped(rows: list[list[RawCell]]) -> bool:
    """Whether a pipe table's header lost its empty corner cell, as tables converted from HTML
    to Markdown do ("Beginstand | Instroom | Uitstroom | Eindstand | |" over "Totaal | 29 115 |
    4 470 | 5 625 | 27 960 |"): the header ends empty and starts with a column's name, while
    every body row starts with a label and ends with a figure."""
    header, body = rows[0], rows[1:]
    if not body or header[-1].text or not header[0].text or any(is_numeric(c.text) for c in header):
        return False
    return all(r[0].text and not is_numeric(r[0].text) and is_numeric(r[-1].text) for r in body)


def _group_row(label: str, width: int, line: Line) -> list[RawCell]:
    """A row of a table that only names the group of the rows below it ("Baten")."""
    return [RawCell(label, line=line.line, page=line.page)] + [RawCell("", line=line.line, page=line.page)
                                                                for _ in range(width - 1)]


def _rescale(starts, old_len: int, new_len: int):
    if old_len == 0:
        return starts
    return [(int(off * new_len / old_len), ln, pg) for off, ln, pg in starts]


def _cell_text(raw: str) -> str:
    """A cell of a tab or pipe table; block HTML inside (lists, paragraphs) becomes lines."""
    from .inline import has_block_html

    if has_block_html(raw):
        from .html import html_fragment_to_text

        return html_fragment_to_text(raw)
    return raw


def _split_glued_problem(first: str) -> tuple[str, str] | None:
    """Split "Schotten Jeugd en Wmo We kopen een ..." where a narrow first column's text
    runs into the second. Only a line wider than the solution column can hold (78+
    characters) is glued; it splits at the longest prefix of at most 26 characters that
    ends before a capitalised word."""
    if len(first) < 78:
        return None
    words = first.split()
    best = None
    for k in range(1, len(words)):
        prefix = " ".join(words[:k])
        if len(prefix) > 26:
            break
        if words[k][:1].isupper():
            best = (prefix, " ".join(words[k:]))
    if best and best[0][:1].isupper():
        return best
    return None


class Joiner:
    """Re-joins wrapped lines with the document's own vocabulary.

    A hyphen at a line end is a hyphenation only when the document spells the word
    whole elsewhere ("maatwerk-" + "voorzieningen" when "maatwerkvoorzieningen"
    occurs); otherwise it is a real hyphen and stays ("re-integratie", "Zuid-Kennemerland",
    "1-8-2017"). "In-" + "en uitstroom" keeps its space.
    """

    _CONJUNCTIONS = frozenset({"en", "of", "tot", "noch"})

    def __init__(self, texts: list[str]):
        words: set[str] = set()
        for text in texts:
            words.update(re.findall(r"[^\W\d_]{2,}", text.lower()))
        self.words = words

    def is_word_break(self, text: str, line: str) -> bool:
        """Is ``line`` the rest of a word ``text`` ends with, broken without a hyphen?"""
        head = re.search(r"[^\W\d_]*$", text).group(0)
        tail = re.match(r"[^\W\d_]*", line).group(0)
        return bool(head and tail) and (head + tail).lower() in self.words

    def join(self, text: str, line: str) -> str:
        line = line.strip()
        if not text:
            return line
        if not line:
            return text
        if _URL_END.search(text):
            return text + line
        if re.search(r"\d-$", text) and line[:1].isdigit():
            return text + line  # a date or range broken at its dash: "1-8-" + "2017"
        if re.search(r"[^\W\d_]-$", text):
            head = re.search(r"([^\W\d_]*)-$", text).group(1)
            tail = re.match(r"[^\W\d_]*", line).group(0)
            if tail.lower() in self._CONJUNCTIONS:
                return f"{text} {line}"
            if head and tail and line[:1].islower() and (head + tail).lower() in self.words:
                return text[:-1] + line
            return text + line
        return f"{text} {line}"

    def join_all(self, parts: list[str]) -> str:
        out = ""
        for part in parts:
            out = self.join(out, part)
        return out


def group_header_words(words: list[str], width: int) -> list[str] | None:
    """Group the words of spread header cells into ``width`` headers.

    A new header starts at a capitalised word or an ordinal ("1e"), and at a year when
    the current header already has one; lower-case words, short upper-case codes ("HG",
    "KM") and a first date or year continue the current header. Returns None when the
    grouping does not give exactly ``width`` headers, so a bad guess is never used.
    """
    headers: list[list[str]] = []
    for w in words:
        if not headers:
            headers.append([w])
            continue
        cur = headers[-1]
        has_year = any(_YEARISH.match(x) for x in cur)
        if _YEARISH.match(w):
            if has_year or not any(_ORDINAL.match(x) or x.islower() or x[:1].isupper() for x in cur):
                headers.append([w])
            else:
                cur.append(w)
        elif _ORDINAL.match(w):
            headers.append([w])
        elif w.isupper() and len(w) <= 3:
            cur.append(w)
        elif w[:1].isupper():
            headers.append([w])
        else:
            cur.append(w)
    if len(headers) != width:
        return None
    return [_join_header(h) for h in headers]


#: a word that opens a header cell of a financial or indicator table ("Prim. Begroting 2022")
_KIND_START = re.compile(
    r"^(?:realisatie|rekening|jaarrekening|werkelijk|begroting|begroot|begr\.?|prim\.?|primitief|primitieve|"
    r"primaire|raming|meerjarenraming|prognose|verwachting|streefwaarde|doel|actueel|gewijzigde|saldo|verschil|"
    r"resultaat|jaarschijf|stand)$", re.I)


def year_groups(words: list[str], width: int) -> tuple[str, list[str]] | None:
    """Group a header line of ``width`` year columns: each header runs from the word that opens
    it (a kind: "Realisatie", "Prim. Begroting") through its year and what follows it ("(na
    wijziging)"). Words before the first header are the corner cell. None unless there are
    exactly ``width`` years."""
    years = [i for i, w in enumerate(words) if re.fullmatch(r"(?:19|20)\d\d", w)]
    if len(years) != width or width < 2:
        return None
    starts = []
    previous = -1
    for year in years:
        opener = next((i for i in range(previous + 1, year + 1) if _KIND_START.match(words[i])), previous + 1)
        starts.append(opener)
        previous = year
    groups = [" ".join(words[a:b]) for a, b in zip(starts, [*starts[1:], len(words)], strict=True)]
    return " ".join(words[:starts[0]]), groups


def _join_header(words: list[str]) -> str:
    text = " ".join(words)
    # a word a narrow column broke in two: "Onder zoeken" -> "Onderzoeken"
    return re.sub(r"\b(Onder|Over|Ver|Be|Ge|Aan|Uit|In|Door)\s+([a-z]{4,})\b", r"\1\2", text)


def detect_wrapped(lines: list[Line]) -> bool:
    """Is this a wrapped text layer (PDF-like) rather than one paragraph per line?"""
    nonblank = [ln.text for ln in lines if ln.text.strip()]
    if len(nonblank) < 10:
        return False
    continued = 0
    for a, b in zip(lines, lines[1:], strict=False):
        if a.text.strip() and b.text.strip() and b.text.strip()[:1].islower() and not a.text.rstrip().endswith((".", ":")):
            continued += 1
    return continued >= 0.1 * len(nonblank)


def emit_lines(builder: DocumentBuilder, lines: list[Line], *, wrapped: bool | None = None) -> None:
    """Turn lines of plain text into blocks on ``builder`` (see the module docstring)."""
    LayoutReader(builder, lines, wrapped=wrapped).run()
