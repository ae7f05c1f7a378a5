"""Every number in a document, with a status: a quantity, or a non-measurement and why.

``document_mentions(doc)`` walks the Document model and gives one :class:`Mention`
per number token of ``doc.text`` (none dropped silently). A mention is a
non-measurement when the document structure says so (a heading's section number, a
list number, a footnote mark), when one of the reasons in ``rules/mentions.yaml``
covers it (a kenmerk, a phone number, an age bound, ...), or when the period parser
finds it inside a date or period. Everything else is a quantity: a candidate
measurement, with its parsed :class:`~extract.text.quantities.Quantity` and the periods
of its sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from ..documents.cell_lines import PERIOD, SPACE_GROUPED, cell_kind
from ..model import Block, Document, Footnote, Heading, Paragraph, Span, Table
from ..ruleset.reasons import Reason, Reasons, load_reasons
from ..text.periods import MONTHS, Anchor, PeriodMention, ResolvedPeriod, assign_periods, find_periods, reversed_ranges
from ..text.prefilter import fold
from ..text.quantities import DIGIT, Quantity, find_quantities, parse_cell

#: a number token: a date "1-8-2017", or digits with Dutch separators "1.524.000", "12,04", "2016/2555655"
NUMBER_TOKEN = re.compile(r"(?<!\d)(?:\d{1,2}-\d{1,2}-\d{4}|\d+(?:[.,/]\d+)*)(?!\d)")

STATUS_QUANTITY = "quantity"
STATUS_NON_MEASUREMENT = "non_measurement"
#: the reason of the years of a range that ends before it starts ("augustus 2017 tot en met juli
#: 2017"): a period, and a slip the checks report (HC011)
PERIOD_REVERSED = "period_reversed"


@dataclass
class Mention:
    """One number token of a document."""

    text: str
    start: int  # offsets in doc.text
    end: int
    line: int | None
    page: int | None
    status: str
    reason: str = ""
    block: int = 0  # index in doc.blocks
    cell: tuple[int, int] | None = None  # (row, col) for a table cell
    quantity: Quantity | None = None
    periods: list[PeriodMention] = field(default_factory=list)
    #: the period the figure refers to (quantities only), and where it was read
    period: ResolvedPeriod | None = None

    @property
    def value(self) -> float | None:
        return self.quantity.value if self.quantity else None


# -- classification -------------------------------------------------------------------


def classify_numbers(text: str, anchor: Anchor | None = None, reasons: tuple[Reason, ...] | None = None,
                     periods: list[PeriodMention] | None = None) -> list[tuple[re.Match[str], str]]:
    """The reason of every number token in ``text`` ("" for a quantity)."""
    tokens = list(NUMBER_TOKEN.finditer(text))
    found = classify_spans(text, [t.span() for t in tokens], anchor, reasons, periods)
    return list(zip(tokens, found, strict=True))


def classify_spans(text: str, spans: list[tuple[int, int]], anchor: Anchor | None = None,
                   reasons: tuple[Reason, ...] | None = None, periods: list[PeriodMention] | None = None) -> list[str]:
    """The reason each span of ``text`` (a number in digits or in words) is not a measurement, or ""."""
    if not spans:
        return []
    reasons = reasons if reasons is not None else load_reasons()
    if not isinstance(reasons, Reasons):
        reasons = Reasons(reasons)
    folded = fold(text)
    may_match = iter(reasons.prefilter.screen(folded))
    result: dict[int, str] = {}
    for reason in reasons:
        if len(result) == len(spans):
            break
        if reason.id == "period":
            found = periods if periods is not None else find_periods(text, anchor, folded)
            covered = [(p.start, p.end) for p in found]
            backwards = reversed_ranges(text, found)
            for k, (start, end) in enumerate(spans):
                if backwards and any(a <= start and end <= b for a, b in backwards):
                    result[k] = PERIOD_REVERSED
        else:
            covered = [s for pattern, maybe in zip(reason.patterns, may_match, strict=False) if maybe
                       for m in pattern.finditer(text) for s in _covered(m)]
        for k, (start, end) in enumerate(spans):
            if k not in result and any(a <= start and end <= b for a, b in covered):
                result[k] = reason.id
    return [result.get(k, "") for k in range(len(spans))]


def _covered(m: re.Match[str]) -> list[tuple[int, int]]:
    named = [name for name in m.re.groupindex if m.group(name) is not None]
    if not named:
        return [m.span()]
    return [m.span(name) for name in named]


def document_mentions(doc: Document, reasons: Reasons | None = None) -> list[Mention]:
    """All number mentions of a document in reading order, classified by ``reasons`` (those of
    the rule set in use: ``RuleSet.reasons``; by default the rule folder's)."""
    anchor = Anchor.of(doc.meta.period.start, doc.meta.period.end) if doc.meta.period else None
    reasons = reasons if reasons is not None else load_reasons()
    out: list[Mention] = []
    cell_periods: dict[str, list[PeriodMention]] = {}
    for index, block in enumerate(doc.blocks):
        if isinstance(block, Table):
            out.extend(_table_mentions(doc, index, block, anchor, reasons, cell_periods))
        else:
            out.extend(_text_mentions(doc, index, block, anchor, reasons))
    return out


def _text_mentions(doc, index: int, block: Block, anchor, reasons) -> list[Mention]:
    out = []
    structural = _structural_prefix(block)
    sentences = getattr(block, "sentences", None) or []
    pieces = [(s.text, s.span) for s in sentences] or [(block.text, block.span)]
    paragraph = _ParagraphPeriod(doc, block.section, anchor)
    for text, span in pieces:
        quantities = find_quantities(text)
        if not quantities and not DIGIT.search(text):
            paragraph.skip(text)  # two sentences in three have no figure
            continue
        periods = find_periods(text, anchor)
        found = []
        for tok, reason in classify_numbers(text, anchor, reasons, periods):
            if structural and tok.end() <= structural:
                reason = "section_number" if isinstance(block, Heading) else "footnote_marker"
            found.append(_mention(tok.group(0), span.start + tok.start(), span, reason, index, None, quantities, periods, tok))
        found.extend(_word_mentions(text, span, index, quantities, periods, found, anchor, reasons))
        _resolve_sentence_periods(text, [m for m in found if m.status == STATUS_QUANTITY], periods,
                                  paragraph.fallback)
        out.extend(found)
        quantities_here = [m for m in found if m.status == STATUS_QUANTITY and m.period is not None]
        own = [p for p in periods if not p.relative]
        if quantities_here and quantities_here[-1].period.source == "sentence":
            last = quantities_here[-1].period  # what the sentence's last figure was about
            paragraph.named(ResolvedPeriod(last.start, last.end, last.label, "paragraph", last.moment))
        elif own and not quantities_here:
            paragraph.named(ResolvedPeriod.of(own[-1], "paragraph"))
    if isinstance(block, Paragraph) and block.marker:
        for tok in NUMBER_TOKEN.finditer(block.marker):
            out.append(Mention(tok.group(0), block.span.start, block.span.start, block.span.line, block.span.page,
                               STATUS_NON_MEASUREMENT, "list_number", index))
    if isinstance(block, Footnote):
        for tok in NUMBER_TOKEN.finditer(block.marker):
            out.append(Mention(tok.group(0), block.span.start, block.span.start, block.span.line, block.span.page,
                               STATUS_NON_MEASUREMENT, "footnote_marker", index))
    out.sort(key=lambda m: m.start)
    return out


class _ParagraphPeriod:
    """The period a paragraph gives a figure whose own sentence names none: the last one an
    earlier sentence named, else the section's or the document's.

    Both are worked out only when a figure needs them: sentences without a figure are
    kept unread until then, and most figures have a period of their own.
    """

    def __init__(self, doc: Document, section: tuple[str, ...], anchor: Anchor | None):
        self._doc, self._section, self._anchor = doc, section, anchor
        self._carried: ResolvedPeriod | None = None
        self._unread: list[str] = []  # figure-less sentences since the last one that set _carried
        self._context: ResolvedPeriod | None = None
        self._context_known = False

    def skip(self, text: str) -> None:
        self._unread.append(text)

    def named(self, period: ResolvedPeriod) -> None:
        """A sentence with figures named this period: it is what the next sentences speak of."""
        self._carried = period
        self._unread = []

    def fallback(self) -> ResolvedPeriod | None:
        for text in reversed(self._unread):  # the last figure-less sentence that names a period
            own = [p for p in find_periods(text, self._anchor) if not p.relative]
            if own:
                self._carried = ResolvedPeriod.of(own[-1], "paragraph")
                break
        self._unread = []
        if self._carried is not None:
            return self._carried
        if not self._context_known:
            self._context = _context_period(self._doc, self._section, self._anchor)
            self._context_known = True
        return self._context


def _word_mentions(text: str, span: Span, index: int, quantities: list[Quantity], periods: list[PeriodMention],
                   digit_mentions: list[Mention], anchor: Anchor | None, reasons) -> list[Mention]:
    """Figures written in words ("twee klachten", "een derde") are mentions too, classified
    by the same reasons as digits ("één huishouden, één plan, één regisseur" is a name)."""
    taken = [(m.start - span.start, m.end - span.start) for m in digit_mentions]
    words = [q for q in quantities if q.in_words and all(q.end <= a or q.start >= b for a, b in taken)]
    found = classify_spans(text, [(q.start, q.end) for q in words], anchor, reasons, periods)
    out = []
    for q, reason in zip(words, found, strict=True):
        status = STATUS_NON_MEASUREMENT if reason else STATUS_QUANTITY
        out.append(Mention(q.text, span.start + q.start, span.start + q.end, span.line, span.page, status,
                           reason, index, None, q if not reason else None, list(periods) if not reason else []))
    return out


def _resolve_sentence_periods(text: str, quantities: list[Mention], periods: list[PeriodMention],
                              fallback: Callable[[], ResolvedPeriod | None]) -> None:
    """Give every quantity the period of its sentence, else ``fallback()`` (the paragraph's,
    section's or document's)."""
    chosen = assign_periods(text, [(m.quantity.start, m.quantity.end) for m in quantities], periods)
    other = fallback() if any(p is None for p in chosen) else None
    for m, p in zip(quantities, chosen, strict=True):
        m.period = ResolvedPeriod.of(p, "sentence") if p is not None else other


def _context_period(doc: Document, section: tuple[str, ...], anchor: Anchor | None,
                    extra: list[tuple[str, str]] = ()) -> ResolvedPeriod | None:
    """The period a figure's surroundings give: table headers or caption (``extra``, as
    (text, source) pairs, innermost first), the nearest heading that names exactly one
    period, or the document's own period."""
    for text, source in [*extra, *((title, "section") for title in reversed(section))]:
        found = own_periods(text, anchor)
        if len(found) == 1:
            return ResolvedPeriod.of(found[0], source)
        nested = _innermost(found)
        if nested is not None:  # "Begroting 2025 Progr.begr. 2025-2028": the year, inside the plan's span
            return ResolvedPeriod.of(nested, source)
    period = doc.meta.period
    if period is None:
        return None
    return ResolvedPeriod(period.start, period.end, period.label, "document", False)


def _innermost(periods: tuple[PeriodMention, ...]) -> PeriodMention | None:
    """Of several periods, the one inside all the others, if there is one."""
    if len(periods) < 2:
        return None
    inner = min(periods, key=lambda p: (_days(p), p.period_start))
    if all(p is inner or (p.period_start <= inner.period_start and inner.period_end <= p.period_end) for p in periods):
        return None if sum(1 for p in periods if _days(p) == _days(inner)) > 1 else inner
    return None


def _days(p: PeriodMention) -> int:
    """How long a period lasts; an open end ("2018 e.v.") as long as can be."""
    if p.period_end >= "9999":
        return 10**6
    return (date.fromisoformat(p.period_end) - date.fromisoformat(p.period_start)).days


@lru_cache(maxsize=4096)
def own_periods(text: str, anchor: Anchor | None) -> tuple[PeriodMention, ...]:
    """The periods a heading, caption or header names ("now" and "previous" phrases excluded)."""
    return tuple(p for p in find_periods(text, anchor) if not p.moment or not p.relative)


def _structural_prefix(block: Block) -> int:
    """Length of a heading's section number ("2. ", "5.1 ", "01. ") at its start, else 0."""
    if isinstance(block, Heading):
        m = re.match(r"^\s*\d{1,2}(?:\.\d{1,2})*\.?(?=\s)", block.title)
        return m.end() if m else 0
    return 0


def _mention(text, start, span: Span, reason, index, cell, quantities, periods, tok) -> Mention:
    quantity = None
    if not reason:
        quantity = next((q for q in quantities if q.start <= tok.start() and tok.end() <= q.end), None)
    status = STATUS_QUANTITY if not reason else STATUS_NON_MEASUREMENT
    if status == STATUS_QUANTITY and quantity is None:
        reason = "unparsed"
        status = STATUS_NON_MEASUREMENT
    return Mention(text, start, start + len(text), span.line, span.page, status, reason, index, cell, quantity,
                   list(periods) if status == STATUS_QUANTITY else [])


def _table_mentions(doc, index: int, table: Table, anchor, reasons,
                    cell_periods: dict[str, list[PeriodMention]]) -> list[Mention]:
    out = []
    scale, unit = _scale_of(table.unit_hint)
    intro = _introduction(doc, index)
    for cell in table.cells:
        text = cell.text
        if not text:
            continue
        if DIGIT.search(text):  # only digits make mentions in a cell: a label's number words do not
            if text not in cell_periods:  # cells repeat ("2017", "0", "100%") across a document's tables
                cell_periods[text] = find_periods(text, anchor)
            out.extend(_cell_mentions(doc, index, table, cell, anchor, reasons, list(cell_periods[text]),
                                      scale, unit, intro))
        if cell.footnote:
            out.append(Mention(cell.footnote, cell.span.end, cell.span.end, cell.span.line, cell.span.page,
                               STATUS_NON_MEASUREMENT, "footnote_marker", index, (cell.row, cell.col)))
    for note_start, note in table_notes(doc, table):
        span = Span(note_start, note_start + len(note), table.span.line, table.span.page)
        quantities, periods = find_quantities(note), find_periods(note, anchor)
        for tok, reason in classify_numbers(note, anchor, reasons, periods):
            out.append(_mention(tok.group(0), note_start + tok.start(), span, reason, index, None, quantities,
                                periods, tok))
    return out


def _pairs(table: Table) -> bool:
    """Whether a table puts two figures in a cell (see :data:`_FIGURE_PAIR`), asked once per table."""
    known = table.__dict__.get("_pairs")
    if known is None:
        known = table.__dict__["_pairs"] = any(_FIGURE_PAIR.fullmatch(c.text.strip()) for c in table.cells)
    return known


def _cell_mentions(doc, index: int, table: Table, cell, anchor, reasons, periods: list[PeriodMention],
                   scale: float, unit: str, intro: str) -> list[Mention]:
    """The numbers of one table cell: a figure when the cell is a number, else classified like prose."""
    text = cell.text
    bare = text.replace("€", "").replace("%", "").replace(",-", "").strip().lstrip("-−+").strip()
    dated = None if cell.header else _FIGURE_AND_YEAR.fullmatch(text)
    if dated is not None:
        # "1.8% (2013)": the figure with its own year in brackets (that year dates it, below)
        q = parse_cell(dated.group("figure"), scale_hint=scale, unit_hint=unit)
        quantities = [q] if q else []
        classified = [(tok, "" if tok.start() < dated.end("figure") else "period") for tok in NUMBER_TOKEN.finditer(text)]
    elif not cell.header and (grouped := _SPACE_GROUPED.fullmatch(text)) is not None and not _pairs(table):
        # "29 115": thousands grouped by spaces, as CBS tables and many PDFs print them, is one figure in a cell
        q = parse_cell(re.sub(r"[ \u00a0\u202f]", ".", text), scale_hint=scale, unit_hint=unit)
        quantities = [replace(q, text=text)] if q else []
        classified = [(grouped, "")]
    elif cell.header or not NUMBER_TOKEN.fullmatch(bare):  # a signed cell ("-5.811") is a figure too
        quantities = find_quantities(text)
        classified = classify_numbers(text, anchor, reasons, periods)
        if cell.header:
            classified = [(tok, reason or "header") for tok, reason in classified]
    else:
        q = parse_cell(text, scale_hint=scale, unit_hint=unit)
        quantities = [q] if q else []
        classified = [(tok, "") for tok in NUMBER_TOKEN.finditer(text)]
    out = []
    context = None
    for tok, reason in classified:
        m = _mention(tok.group(0), cell.span.start + tok.start(), cell.span, reason, index,
                     (cell.row, cell.col), quantities, periods, tok)
        if m.status == STATUS_QUANTITY:
            if context is None:
                own = own_periods(text, anchor)
                context = (ResolvedPeriod.of(own[0], "cell") if len(own) == 1 else _context_period(
                    doc, table.section, anchor,
                    [(_row_period(table, cell), "row"), (table.column_header(cell.col), "column"),
                     (table.row_header(cell.row), "row"), (table.caption, "caption"), (intro, "introduction")]))
                if context is not None and context.source == "document" and _dates_its_columns(table, anchor):
                    context = None  # the table dates its columns and not this one: the document's year would be a guess
                context = _day_of_column_year(table.row_header(cell.row), context)
            m.period = context
        out.append(m)
    return out


#: a table cell of one figure whose thousands are grouped by spaces (see cell_lines.SPACE_GROUPED)
_SPACE_GROUPED = re.compile(SPACE_GROUPED)
#: a cell of two figures side by side ("883,1 727,9", "650,9* 351,7*"): its table puts two series in
#: a cell, and a space between digits there separates figures
_FIGURE_PAIR = re.compile(r"[-−]?\d+,\d+\*?\s+[-−]?\d+,\d+\*?")
#: a table cell of a figure and its year in brackets, as BBV tables give the latest measurement
_FIGURE_AND_YEAR = re.compile(r"(?P<figure>[-−]?\s?(?:€\s?)?\d[\d.,]*\s?%?)\s*\((?:19|20)\d\d\)")


def _dates_its_columns(table: Table, anchor: Anchor | None) -> bool:
    """Whether two or more of a table's columns name a period of their own ("2021", "2022",
    ...): then a figure in a column without one has no known period."""
    dated = sum(1 for col in range(table.n_cols) if len(own_periods(table.column_header(col), anchor)) == 1)
    return dated >= 2


#: a day of the year without its year, as a row label gives it: "Stand 1 januari", "per 31 december", "1-1"
_DAY_WITHOUT_YEAR = re.compile(
    r"\b(?P<day>[0-3]?\d)\s+(?P<month>" + "|".join(m for m in MONTHS if len(m) > 3) + r")\b(?!\s*(?:19|20)?\d\d)"
    r"|(?<![\d-])(?P<nday>1|31)-(?P<nmon>1|12)(?![\d-])", re.I)  # "1-1", "31-12"; not an age range "6-12"


def _day_of_column_year(row_label: str, context: ResolvedPeriod | None) -> ResolvedPeriod | None:
    """A row that names a day ("Stand 1 januari", "Aantal uitkeringen per 31 december") under a
    column that names a year ("2017") is that day of that year, a moment: the stock on 1 January
    2017, not a flow over 2017."""
    if context is None or context.source != "column" or context.moment:
        return context
    if not (context.start.endswith("-01-01") and context.end.endswith("-12-31") and context.start[:4] == context.end[:4]):
        return context
    found = _DAY_WITHOUT_YEAR.search(row_label)
    if found is None:
        return context
    day = int(found.group("day") or found.group("nday"))
    month = MONTHS[found.group("month").lower()] if found.group("month") else int(found.group("nmon"))
    try:
        when = date(int(context.start[:4]), month, day).isoformat()
    except ValueError:
        return context
    return ResolvedPeriod(when, when, f"{found.group(0)} {context.label}", "row and column", True)


def _row_period(table: Table, cell) -> str:
    """The period cell of a figure's row ("Banen | ... | 685,1 | 2017 | LISA"): BBV indicator
    tables give each row its own peildatum in a "Periode" or "Jaar" column, and it dates the
    row's figures more exactly than a column header (a download date "1 augustus 2019").
    With several, the nearest one left of the figure: "Jaar | Gemeente | Ref." repeated."""
    periods = [col for col in range(table.n_cols)
               if (other := table.cell(cell.row, col)) is not None and other is not cell and not other.header
               and cell_kind(other.text) == PERIOD]
    if not periods:
        return ""
    left = [col for col in periods if col < cell.col]
    return table.cell(cell.row, max(left) if left else min(periods)).text


_INTRODUCES = re.compile(r"\b(?:onderstaande?|hieronder|volgende|deze)\s+(?:tabel|overzicht|figuur|cijfers)\b|"
                        r"\b(?:tabel|overzicht)\s+(?:hieronder|geeft)", re.I)


def _introduction(doc: Document, index: int) -> str:
    """The sentence right above a table that introduces it ("Onderstaand overzicht geeft
    inzicht in ..."), with the sentence before it: their period is the table's."""
    for k in range(index - 1, max(-1, index - 3), -1):
        block = doc.blocks[k]
        if isinstance(block, Paragraph) and _INTRODUCES.search(block.content):
            sentences = block.sentences
            for i, s in enumerate(sentences):
                if _INTRODUCES.search(s.text):
                    return " ".join(x.text for x in sentences[max(0, i - 1):i + 1])
        if isinstance(block, Table):
            break
    return ""


def table_notes(doc: Document, table: Table) -> list[tuple[int, str]]:
    """The notes below a table with their offsets in doc.text."""
    out = []
    pos = table.span.start
    for note in table.notes:
        at = doc.text.find(note, pos, table.span.end)
        if at >= 0:
            out.append((at, note))
            pos = at + len(note)
    return out


def _scale_of(hint: str) -> tuple[float, str]:
    """The scale and unit a table's hint gives its bare cells: "x € 1.000" -> (1000, "eur")."""
    if not hint:
        return 1.0, ""
    m = re.search(r"[x×*]\s*(€)?\s*(\d{1,3}(?:\.\d{3})+|1000(?:000)?\b)", hint, re.I)  # "x € 1.000", "* € 1.000", "x € 1000"
    if m:
        return float(m.group(2).replace(".", "")), "eur" if m.group(1) else ""
    if re.search(r"per\s+10\.000", hint):
        return 1.0, "per_10000"
    if re.search(r"per\s+1\.000", hint):
        return 1.0, "per_1000"
    if hint.strip() in ("%", "in %", "(%)"):
        return 1.0, "percent"
    return 1.0, ""


def status_counts(mentions: list[Mention]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for m in mentions:
        key = m.status if m.status == STATUS_QUANTITY else f"{m.status}:{m.reason}"
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


__all__ = ["Mention", "document_mentions", "classify_numbers", "status_counts"]
