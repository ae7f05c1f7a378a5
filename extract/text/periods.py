"""Periods in Dutch report text: "2e kwartaal 2017", "eind juni 2017", "vorig kwartaal".

A figure means nothing without its period. This module finds every period
expression in a sentence and resolves it to ISO dates against an anchor (the report's
own period), telling a moment (a stock: "op 1 juli 2017", "eind 2016", "op dit
moment") from a span (a flow: "in 2017", "het tweede kwartaal"). Relative phrases
("vorig kwartaal", "een jaar eerder") are resolved against the anchor.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from .prefilter import PatternSet, Prefilter, fold

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "april": 4, "apr": 4, "mei": 5,
    "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
ORDINALS = {
    "eerste": 1, "1e": 1, "1ste": 1, "tweede": 2, "2e": 2, "2de": 2, "derde": 3, "3e": 3, "3de": 3,
    "vierde": 4, "4e": 4, "4de": 4, "laatste": 4,
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_ORD = r"(?P<ord>" + "|".join(sorted(ORDINALS, key=len, reverse=True)) + r")"
_YEAR = r"(?P<year>(?:19|20)\d\d|'\d\d|’\d\d)"
_YEAR2 = r"(?P<year>(?:19|20)\d\d|'?\d\d)"


@dataclass(frozen=True)
class PeriodMention:
    """A period expression found in a text, resolved to inclusive ISO dates."""

    text: str
    start: int  # offsets in the searched text
    end: int
    period_start: str
    period_end: str
    moment: bool  # a point in time (stock) rather than a span (flow)
    relative: bool = False  # resolved against the anchor ("vorig kwartaal")

    @property
    def label(self) -> str:
        return self.text


@dataclass(frozen=True)
class Anchor:
    """What relative and year-less expressions are resolved against: the report's period."""

    start: date
    end: date

    @classmethod
    def of(cls, start: str, end: str) -> Anchor:
        return cls(date.fromisoformat(start), date.fromisoformat(end))

    @property
    def year(self) -> int:
        """The year a year-less phrase ("het tweede kwartaal", "in mei") is in: the report's
        year, or for a multi-year programme the year it starts (when it was written)."""
        return self.start.year


def _year(text: str | None, anchor: Anchor | None) -> int | None:
    if text:
        t = text.strip("'’")
        return int(t) if len(t) == 4 else 2000 + int(t)
    return anchor.year if anchor else None


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _month_span(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), _last_day(year, month)


def quarter(year: int, q: int) -> tuple[date, date]:
    return date(year, 3 * q - 2, 1), _last_day(year, 3 * q)


def half(year: int, h: int) -> tuple[date, date]:
    return (date(year, 1, 1), date(year, 6, 30)) if h == 1 else (date(year, 7, 1), date(year, 12, 31))


def _iso(d: date) -> str:
    return d.isoformat()


# Each pattern: regex and a function(match, anchor) -> (start, end, moment, relative) or None.
#: (pattern, resolver) in order of precedence
_PATTERNS: list[tuple[re.Pattern[str], object]] = []


def _pattern(regex: str):
    def register(fn):
        _PATTERNS.append((re.compile(regex, re.I), fn))
        return fn

    return register


@_pattern(rf"\b(?:(?:in|over|tijdens|gedurende)\s+)?(?:het|de)?\s*{_ORD}\s+"
          rf"(?:kwartaal\b(?:\s+(?:van\s+)?(?P<y4>(?:19|20)\d\d|'\d\d|’\d\d)(?!\d))?|kw\b\.?(?:\s+{_YEAR2}(?!\d))?)")
def _quarter(m, anchor):
    written = m.group("y4") or m.group("year")
    year = _year(written, anchor)
    if year is None:
        return None
    s, e = quarter(year, ORDINALS[m.group("ord").lower()])
    return s, e, False, written is None


@_pattern(rf"\b[Qq](?P<q>[1-4])\s*(?:{_YEAR2}(?!\d))?")
def _q(m, anchor):
    year = _year(m.group("year"), anchor)
    if year is None:
        return None
    s, e = quarter(year, int(m.group("q")))
    return s, e, False, m.group("year") is None


@_pattern(rf"\b{_ORD}\s+(?:half\s*jaar|halfjaar|helft|hj)(?:\s+(?:van\s+)?{_YEAR}(?!\d))?")
def _half(m, anchor):
    year = _year(m.group("year"), anchor)
    n = ORDINALS[m.group("ord").lower()]
    if year is None or n > 2:
        return None
    s, e = half(year, n)
    return s, e, False, m.group("year") is None


@_pattern(r"\b(?:vorig|vorige|afgelopen)\s+kwartaal\b")
def _previous_quarter(m, anchor):
    if anchor is None:
        return None
    q = (anchor.end.month - 1) // 3 + 1
    year = anchor.end.year
    q, year = (4, year - 1) if q == 1 else (q - 1, year)
    s, e = quarter(year, q)
    return s, e, False, True


@_pattern(r"\b(?:vorig|vorige|afgelopen)\s+jaar\b")
def _previous_year(m, anchor):
    if anchor is None:
        return None
    y = anchor.end.year - 1
    return date(y, 1, 1), date(y, 12, 31), False, True


@_pattern(r"\b(?:op\s+dit\s+moment|momenteel|op\s+peildatum|thans|inmiddels)\b")
def _now(m, anchor):
    if anchor is None:
        return None
    return anchor.end, anchor.end, True, True


@_pattern(rf"\b(?P<day>[0-3]?\d)\s+{_MONTH}\s+{_YEAR}\b")
def _day_month_year(m, anchor):
    d = _safe_date(_year(m.group("year"), anchor), MONTHS[m.group("month").lower()], int(m.group("day")))
    return (d, d, True, False) if d else None


@_pattern(r"\b(?P<day>[0-3]?\d)-(?P<mon>[01]?\d)-(?P<year>(?:19|20)\d\d)\b")
def _numeric_date(m, anchor):
    d = _safe_date(int(m.group("year")), int(m.group("mon")), int(m.group("day")))
    return (d, d, True, False) if d else None


@_pattern(rf"\b(?:per|op|vanaf|sinds|tot)\s+(?P<day>[0-3]?\d)\s+{_MONTH}(?!\s+(?:19|20)\d\d)\b")
def _day_month(m, anchor):
    if anchor is None:
        return None
    d = _safe_date(anchor.year, MONTHS[m.group("month").lower()], int(m.group("day")))
    return (d, d, True, True) if d else None


@_pattern(rf"\b(?P<when>eind|einde|ultimo|begin|medio|half)\s+(?:{_MONTH}\s+)?{_YEAR}(?!\d)")
def _edge_of(m, anchor):
    year = _year(m.group("year"), anchor)
    month = MONTHS[m.group("month").lower()] if m.group("month") else None
    d = _edge(m.group("when"), year, month)
    return d, d, True, False


def _edge(when: str, year: int, month: int | None) -> date:
    """The day "begin", "medio"/"half" or "eind" of a month, or of the year without one."""
    when = when.lower()
    if month is None:
        return {"begin": date(year, 1, 1), "medio": date(year, 6, 30), "half": date(year, 6, 30)}.get(when, date(year, 12, 31))
    return {"begin": date(year, month, 1), "medio": date(year, month, 15), "half": date(year, month, 15)}.get(
        when, _last_day(year, month))


@_pattern(rf"\b(?P<when>eind|einde|ultimo|begin|medio)\s+{_MONTH}(?!\s+(?:19|20)\d\d)\b")
def _edge_of_month(m, anchor):
    if anchor is None:
        return None
    d = _edge(m.group("when"), anchor.year, MONTHS[m.group("month").lower()])
    return d, d, True, True


@_pattern(rf"\b(?:(?:in|over|tijdens|gedurende)\s+)?(?:de\s+(?:maanden|periode)\s+)?"
          rf"(?P<m1>januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)\s+"
          rf"(?:tot\s+en\s+met|t/m|tot|en)\s+{_MONTH}(?:\s+{_YEAR})?")
def _month_range(m, anchor):
    year = _year(m.group("year"), anchor)
    if year is None:
        return None
    a, b = MONTHS[m.group("m1").lower()], MONTHS[m.group("month").lower()]
    if b < a:
        return None
    return date(year, a, 1), _last_day(year, b), False, m.group("year") is None


@_pattern(rf"\b(?:in\s+(?:de\s+maand\s+)?)?{_MONTH}\s+{_YEAR}\b")
def _month_year(m, anchor):
    year = _year(m.group("year"), anchor)
    month = MONTHS[m.group("month").lower()]
    if m.group("month").lower() in ("mei",) or len(m.group("month")) > 3 or m.group(0).lower().startswith("in"):
        return *_month_span(year, month), False, False
    return None


@_pattern(rf"\b(?:in|over|tijdens|gedurende|sinds|vanaf)\s+(?:de\s+maand(?:en)?\s+)?{_MONTH}(?!\s+(?:19|20)?\d\d)\b")
def _month(m, anchor):
    if anchor is None:
        return None
    month = MONTHS[m.group("month").lower()]
    if len(m.group("month")) <= 3 and m.group("month").lower() != "mei":
        return None
    return *_month_span(anchor.year, month), False, True


@_pattern(r"\b(?P<a>(?:19|20)\d\d)\s*(?:-|–|t/m|tot\s+en\s+met|tot)\s*(?P<b>(?:19|20)\d\d)\b")
def _year_range(m, anchor):
    a, b = int(m.group("a")), int(m.group("b"))
    if b <= a:
        return None
    return date(a, 1, 1), date(b, 12, 31), False, False


@_pattern(r"\b(?P<a>(?:19|20)\d\d)\s+e\.?v\.?")
def _year_onwards(m, anchor):
    a = int(m.group("a"))
    return date(a, 1, 1), date(9999, 12, 31), False, False


@_pattern(rf"^\s*{_MONTH}\s*$")
def _month_label(m, anchor):
    """A table label that is just a month ("mei") is that month of the report's year."""
    return _month_of_report_year(m, anchor)


def _month_of_report_year(m, anchor):
    if anchor is None:
        return None
    month = MONTHS[m.group("month").lower()]
    return *_month_span(anchor.year, month), False, True


SEASONS = {"voorjaar": (3, 5), "lente": (3, 5), "zomer": (6, 8), "najaar": (9, 11), "herfst": (9, 11)}


@_pattern(r"\b(?:(?:in|het|de)\s+)*(?P<season>voorjaar|lente|zomer|najaar|herfst)(?:\s+(?:van\s+)?(?P<year>(?:19|20)\d\d))?\b")
def _season(m, anchor):
    year = _year(m.group("year"), anchor)
    if year is None:
        return None
    a, b = SEASONS[m.group("season").lower()]
    return date(year, a, 1), _last_day(year, b), False, m.group("year") is None


@_pattern(r"\b(?:in\s+)?(?:dit|het\s+lopende|het\s+huidige)\s+(?P<what>jaar|kwartaal)\b")
def _this(m, anchor):
    if anchor is None:
        return None
    if m.group("what").lower() == "jaar":
        return date(anchor.year, 1, 1), date(anchor.year, 12, 31), False, True
    q = (anchor.end.month - 1) // 3 + 1
    s, e = quarter(anchor.end.year, q)
    return s, e, False, True


@_pattern(rf"\b{_MONTH}\s+(?:(?:dit|van\s+dit)\s+jaar)\b")
def _month_this_year(m, anchor):
    return _month_of_report_year(m, anchor)


@_pattern(rf"\b{_MONTH}\s+(?P<yy>'\d\d|’\d\d|\d\d)(?![\d.,])(?!\s*(?:uur|dagen|cliënten|jaar))")
def _month_short_year(m, anchor):
    """Planning cells write "Juli 17", "April '17" for a month of 2017."""
    year = 2000 + int(m.group("yy").strip("'’"))
    month = MONTHS[m.group("month").lower()]
    return *_month_span(year, month), False, False


@_pattern(r"\bgeheel\s+(?P<yy>'\d\d|’\d\d|(?:19|20)\d\d)\b")
def _whole_year(m, anchor):
    year = _year(m.group("yy"), anchor)
    return date(year, 1, 1), date(year, 12, 31), False, False


@_pattern(r"\b(?:per|vanaf\s+1\s+januari)\s+(?P<y>(?:19|20)\d\d)\b")
def _per_year(m, anchor):
    y = int(m.group("y"))
    return date(y, 1, 1), date(y, 1, 1), True, False


@_pattern(r"\b(?:het\s+)?(?:einde|eind)\s+van\s+(?P<y>(?:19|20)\d\d)\b")
def _end_of_year(m, anchor):
    y = int(m.group("y"))
    return date(y, 12, 31), date(y, 12, 31), True, False


@_pattern(r"\b(?P<a>(?:19|20)\d\d)\s+en\s+(?:verder|later)\b")
def _year_and_later(m, anchor):
    return date(int(m.group("a")), 1, 1), date(9999, 12, 31), False, False


@_pattern(r"\b(?:rek|rekening|begr|begroting|real|realisatie|prim|raming|jr)\.?\s*(?P<yy>'?\d\d)(?![\d.,%])")
def _kind_short_year(m, anchor):
    """A table header's kind with a two-digit year: "Rek. 18", "Begr. 19", "Real. '20"."""
    y = 2000 + int(m.group("yy").lstrip("'"))
    return date(y, 1, 1), date(y, 12, 31), False, False


@_pattern(r"\b(?P<a>(?:19|20)\d\d)/(?P<b>(?:19|20)\d\d)\b")
def _year_pair(m, anchor):
    a, b = int(m.group("a")), int(m.group("b"))
    if b != a + 1:
        return None
    return date(a, 1, 1), date(b, 12, 31), False, False


@_pattern(r"(?<![\d.,/-])(?P<y>(?:19|20)\d\d)(?![\d.,]\d|-\d|/\d)")
def _plain_year(m, anchor):
    y = int(m.group("y"))
    return date(y, 1, 1), date(y, 12, 31), False, False


#: skips the patterns whose words a text lacks (most sentences name no month, season or quarter)
_SCREEN = PatternSet(regex for regex, _ in _PATTERNS)


def _safe_date(year: int | None, month: int, day: int) -> date | None:
    if year is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_periods(text: str, anchor: Anchor | None = None, folded: str | None = None) -> list[PeriodMention]:
    """All period expressions in ``text``, longest first where they overlap, in order.

    ``folded`` is ``prefilter.fold(text)`` when the caller has it already.
    """
    folded = fold(text) if folded is None else folded
    found: list[PeriodMention] = []
    taken: list[tuple[int, int]] = []
    candidates = []
    for order, ((regex, fn), may_match) in enumerate(zip(_PATTERNS, _SCREEN.screen(folded), strict=True)):
        if not may_match:
            continue
        for m in regex.finditer(text):
            candidates.append((m.start(), -(m.end() - m.start()), order, m, fn))
    candidates.sort(key=lambda c: (c[1], c[2]))  # longest match first, then pattern order
    for _, _, _, m, fn in candidates:
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        if any(not (e <= a or s >= b) for a, b in taken):
            continue
        resolved = fn(m, anchor)
        if resolved is None:
            continue
        start, end, moment, relative = resolved
        found.append(PeriodMention(text[s:e].strip(), s, e, _iso(start), _iso(end), moment, relative))
        taken.append((s, e))
    found.sort(key=lambda p: p.start)
    return _year_earlier(text, folded, found, anchor)


_YEAR_EARLIER = Prefilter(re.compile(r"\b(?:een\s+jaar\s+(?:eerder|geleden|daarvoor)|het\s+jaar\s+(?:ervoor|daarvoor))\b", re.I))
_EARLIER_YEARS = Prefilter(re.compile(r"\b(?:voorgaande|voorafgaande|eerdere|vorige)\s+jaren\b", re.I))


def _year_earlier(text: str, folded: str, found: list[PeriodMention], anchor: Anchor | None) -> list[PeriodMention]:
    """"een jaar eerder" shifts the period the sentence speaks of (or the anchor) back a year;
    "voorgaande jaren" is everything before that year."""
    out = list(found)
    for m in _YEAR_EARLIER.finditer(text, folded):
        base = next((p for p in reversed(found) if p.start < m.start() and not p.relative), None)
        if base is not None:
            s, e = date.fromisoformat(base.period_start), date.fromisoformat(base.period_end)
        elif anchor is not None:
            s, e = anchor.start, anchor.end
        else:
            continue
        out.append(PeriodMention(m.group(0), m.start(), m.end(), _iso(_minus_year(s)), _iso(_minus_year(e)),
                                 base.moment if base else False, relative=True))
    for m in _EARLIER_YEARS.finditer(text, folded):
        base = next((p for p in reversed(found) if p.start < m.start() and not p.relative), None)
        year = date.fromisoformat(base.period_start).year if base else (anchor.year if anchor else None)
        if year is not None:
            out.append(PeriodMention(m.group(0), m.start(), m.end(), "", f"{year - 1}-12-31", False, relative=True))
    out.sort(key=lambda p: p.start)
    return out


#: a dash is left out: "Verschil 2017 - 2016" is a difference column, not a range
_RANGE_BETWEEN = re.compile(r"\s*(?:tot\s+en\s+met|t/m|tot)\s*", re.I)


def reversed_ranges(text: str, found: list[PeriodMention]) -> list[tuple[int, int]]:
    """The spans of ``text`` where a stated range ends before it starts: "augustus 2017 tot en
    met juli 2017", "2018 tot 2016". Two periods of their own (not relative to the report)
    joined by "tot (en met)" or "t/m", the second ending before the first begins."""
    out = []
    for first, second in zip(found, found[1:], strict=False):
        if first.relative or second.relative or not first.period_start or not second.period_end:
            continue
        if _RANGE_BETWEEN.fullmatch(text, first.end, second.start) and second.period_end < first.period_start:
            out.append((first.start, second.end))
    return out


def _minus_year(d: date) -> date:
    try:
        return d.replace(year=d.year - 1)
    except ValueError:  # 29 February
        return d.replace(year=d.year - 1, day=28)




@dataclass(frozen=True)
class ResolvedPeriod:
    """The period a figure refers to, and where that was read: the figure's own sentence,
    its table column, row or caption, its section heading, or the document's period."""

    start: str
    end: str
    label: str
    source: str
    moment: bool

    @property
    def temporal(self) -> str:
        """A count on a date is a stock ("159 cliënten op de wachtlijst"); over a span, a flow."""
        return "stock" if self.moment else "flow"

    @classmethod
    def of(cls, p: PeriodMention, source: str) -> ResolvedPeriod:
        return cls(p.period_start, p.period_end, p.text, source, p.moment)


_ATTACHED_AFTER = re.compile(r"^\s*(?:\(|in\s+|op\s+|per\s+|over\s+|eind\s+)?\s*$", re.I)


def assign_periods(text: str, spans: list[tuple[int, int]], periods: list[PeriodMention]) -> list[PeriodMention | None]:
    """For each figure (its span in ``text``), the period of the sentence it refers to.

    A period right behind a figure belongs to it ("8,1% (2015)", "8,8% in 2016"); otherwise
    the nearest period before it in the sentence ("Eind 2016 bedroeg ... 3736"), skipping
    periods that another figure already took as its own; otherwise the nearest after it.
    """
    result: list[PeriodMention | None] = [None] * len(spans)
    used: set[int] = set()
    for i, (_, e) in enumerate(spans):
        for k, p in enumerate(periods):
            if p.start >= e and p.start - e <= 12 and _ATTACHED_AFTER.match(text[e:p.start]):
                result[i] = p
                used.add(k)
                break
    for i, (s, e) in enumerate(spans):
        if result[i] is not None:
            continue
        before = [(k, p) for k, p in enumerate(periods) if p.end <= s and k not in used]
        after = [(k, p) for k, p in enumerate(periods) if p.start >= e and k not in used]
        if before:
            result[i] = max(before, key=lambda kp: kp[1].end)[1]
        elif after:
            result[i] = min(after, key=lambda kp: kp[1].start)[1]
    return result


__all__ = ["Anchor", "PeriodMention", "ResolvedPeriod", "assign_periods", "find_periods", "reversed_ranges", "quarter", "half", "MONTHS"]
