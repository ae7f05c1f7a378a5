"""Quantities in Dutch text: value, unit, scale, qualifier and the interval as written.

``find_quantities("Het gaat om een gezamenlijk pgb budget van ruim € 1.524.000.")``
gives one quantity: 1524000 eur, qualifier "ruim", interval [1524000, 1905000]. The
interval combines the precision of the written digits (12,04 is [12,035, 12,045];
11% is [10,5, 11,5]) with the qualifier's widening, so that later checks never call a
rounding difference an error. Euros are whole euros and percentages 0-100.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from .numbers import NUMBER_WORD_RE, ParsedNumber, parse_number, parse_number_word
from .prefilter import Prefilter, any_in, fold, fold_text

SCALES = {
    "miljard": 1e9, "mld": 1e9, "mrd": 1e9, "miljoen": 1e6, "mln": 1e6, "mio": 1e6,
    "duizend": 1e3, "dzd": 1e3, "ton": 1e5,
}

#: units after a number; the first match wins, so longer phrases come first
UNIT_AFTER: list[tuple[str, str]] = [
    (r"%", "percent"),
    (r"procentpunt(?:en)?\b", "percentage_point"),
    (r"(?:procent|pct\.?)(?!\w)", "percent"),
    (r"(?:(?:cliënten|clienten|jongeren|jeugdigen|inwoners)\s+)?per\s+(?:1\.000|1000|duizend)\s+\w+", "per_1000"),
    (r"(?:(?:cliënten|clienten|jongeren|jeugdigen|inwoners)\s+)?per\s+(?:10\.000|10000|tienduizend)\s+\w+", "per_10000"),
    (r"(?:euro|eur)\b", "eur"),
    (r"(?:-\s*uurs|uur|uren)\b", "hours"),
    (r"(?:dagen|dag|werkdagen)\b", "days"),
    (r"(?:weken|week)\b", "weeks"),
    (r"(?:maanden|maand)\b", "months"),
    (r"(?:jaren|jaar)\b", "years"),
    (r"fte\b", "fte"),
    (r"(?:keer|maal)\b", "times"),
]
#: all of them in one pattern, tried in the list's order (no unit starts with a space)
_UNIT_AFTER = re.compile(r"^\s*(?:" + "|".join(f"(?P<u{i}>{body})" for i, (body, _) in enumerate(UNIT_AFTER)) + ")",
                         re.IGNORECASE)


def unit_after(after: str) -> tuple[str, int] | None:
    """The unit written right after a number (``after`` is the text that follows it) and
    where it ends, or None."""
    m = _UNIT_AFTER.match(after)
    if m is None:
        return None
    return UNIT_AFTER[int(m.lastgroup[1:])][1], m.end()


_CURRENCY_BEFORE = Prefilter(re.compile(r"(?:€|EUR|eur)\s*(?:-/-\s*)?$"))
_GRADE_BEFORE = Prefilter(re.compile(r"rapportcijfer(?:\s+van)?(?:\s+een)?\s*$", re.I))
_GRADE_ARTICLE = re.compile(r"\b(?:een|met)\s+(?:een\s+)?$", re.I)  # "met een 7,4"
_WORD_NEXT = re.compile(r"^\s*[a-zà-ÿ]")
_COUNTED = re.compile(r"^\s*(?:\((?P<aside>[a-zà-ÿ ]{1,20})\)\s*)?(?P<first>[A-Za-zÀ-ÿ][a-zà-ÿ-]+)(?:\s+(?P<second>[a-zà-ÿ][a-zà-ÿ-]+))?")
_TUSSEN_BEFORE = re.compile(r"tussen(?:\s+de)?\s*$")
_VAN_BEFORE = re.compile(r"\bvan\s*$")
_MET_BEFORE = re.compile(r"\bmet\s*$")
#: a table cell written with a decimal point: "16.18", "0.39", "1.8%" (never a thousands group of three);
#: "6.1" or "6.71" alone are taakveld codes
_POINT_DECIMAL = re.compile(r"^[-−]?(?:0|\d{2,3})\.\d{1,2}$|^[-−]?\d{1,3}\.\d{1,2}\s?%$")
_NAAR_BEFORE = re.compile(r"\bnaar\s*$")

#: qualifiers just before a number, longest first, with how they widen the interval
#: (low factor, high factor); None is an open bound.
QUALIFIERS: list[tuple[str, tuple[float | None, float | None]]] = [
    ("tot maximaal", (0.0, 1.0)),
    ("iets meer dan", (1.0, 1.1)),
    ("iets minder dan", (0.9, 1.0)),
    ("ruim meer dan", (1.0, None)),
    ("meer dan", (1.0, None)),
    ("minder dan", (0.0, 1.0)),
    ("ten minste", (1.0, None)),
    ("tenminste", (1.0, None)),
    ("minimaal", (1.0, None)),
    ("minstens", (1.0, None)),
    ("maximaal", (0.0, 1.0)),
    ("hooguit", (0.0, 1.0)),
    ("ruim", (1.0, 1.25)),
    ("bijna", (0.9, 1.0)),
    ("nagenoeg", (0.95, 1.0)),
    ("circa", (0.9, 1.1)),
    ("ca.", (0.9, 1.1)),
    ("ongeveer", (0.9, 1.1)),
    ("rond de", (0.9, 1.1)),
    ("rondom", (0.9, 1.1)),
    ("rond", (0.9, 1.1)),
    ("zo'n", (0.9, 1.1)),
    ("zo’n", (0.9, 1.1)),
    ("±", (0.9, 1.1)),
    ("+/-", (0.9, 1.1)),
    ("gemiddeld", (1.0, 1.0)),
]

#: fractions and shares written in words
FRACTIONS = {
    "de helft": 50.0, "een half": 50.0, "een derde": 100 / 3, "twee derde": 200 / 3, "een kwart": 25.0,
    "drie kwart": 75.0, "driekwart": 75.0, "een vijfde": 20.0, "een tiende": 10.0,
}
_FRACTION = Prefilter(re.compile(r"\b(" + "|".join(re.escape(k) for k in sorted(FRACTIONS, key=len, reverse=True)) + r")\b", re.I))
_OUT_OF = Prefilter(re.compile(r"\b(?P<a>\w+)\s+op\s+de\s+(?P<b>\w+)\b", re.I))  # "drie op de tien"

#: a number in digits, optionally with sign, currency and a scale word
_DIGITS = re.compile(
    r"(?<![\w.,/])(?P<neg>-/-\s*|[-−](?=\s?\d))?"
    r"(?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+|\d+)"
    r"(?P<dash>,-{1,2})?"
    r"(?![\d]|[.,]\d)"
)
#: any digit: most sentences have none, and need no number parsing
DIGIT = re.compile(r"\d")
_INLINE_SCALE = re.compile(r"^\s*x\s*€\s*(?P<scale>1\.000(?:\.000)?)(?!\d)")
_SCALE_AFTER = re.compile(r"^\s*(?P<scale>" + "|".join(SCALES) + r")\b(?:(?<=mln|mld|mrd|dzd|mio)\.)?", re.I)
_PAREN_NEGATIVE = re.compile(r"^\((?P<num>\d{1,3}(?:\.\d{3})*(?:,\d+)?)\)$")
#: every number word contains one of these. "een" is left out: the one number word it makes
#: alone is the article (compounds such as "eenentwintig" contain another stem).
_NUMBER_STEMS = ("één", "eén", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf",
                 "twaalf", "tig", "honderd", "duizend")
_LETTERS = re.compile(r"[^\W\d_]+")
_HAS_STEM: dict[str, bool] = {}  # word -> does it contain a stem; words recur, so each is tested once


def _stem_words(text: str) -> Iterator[re.Match[str]]:
    """The words (runs of letters) of ``text`` that contain a number stem: the only ones worth
    parsing as number words."""
    for m in _LETTERS.finditer(text):
        word = m.group()
        hit = _HAS_STEM.get(word)
        if hit is None:
            hit = any_in(_NUMBER_STEMS, fold_text(word))
            if len(_HAS_STEM) < 200_000:
                _HAS_STEM[word] = hit
        if hit:
            yield m


_STOPWORDS = frozenset(
    "de het een en of in op van voor met aan bij door om dat die is zijn was waren tot als uit over dan "
    "per naar te worden wordt werd zal kan er nog ook al niet wel meer minder tussen".split()
)


@dataclass(frozen=True)
class Quantity:
    """One figure as written, normalised: value in whole euros / 0-100 % / the unit."""

    text: str
    start: int
    end: int
    value: float
    unit: str = "count"
    low: float = 0.0
    high: float = 0.0
    decimals: int = 0
    scale: float = 1.0
    qualifier: str = ""
    counted: str = ""  # the counted noun after a count: "cliënten", "meldingen"
    in_words: bool = False
    #: "from"/"to" in "van 110 uur naar 143 uur"; "range" for "tussen 3,0 en 4,0 miljoen"
    role: str = ""

    @property
    def interval(self) -> tuple[float, float]:
        return self.low, self.high


def interval_of(value: float, half_unit: float, qualifier: str = "") -> tuple[float, float]:
    """The interval a written figure stands for: its digits' rounding, widened by its qualifier."""
    low, high = value - half_unit, value + half_unit
    factors = dict(QUALIFIERS).get(qualifier.lower())
    if factors:
        lo_f, hi_f = factors
        a, b = (low, high) if value >= 0 else (high, low)
        low = -math.inf if lo_f is None else min(a * lo_f, low)
        high = math.inf if hi_f is None else max(b * hi_f, high)
        if lo_f == 1.0:
            low = value - half_unit
    return low, high


def find_quantities(text: str, *, scale_hint: float = 1.0, unit_hint: str = "") -> list[Quantity]:
    """All quantities in a sentence or cell, in order of appearance."""
    found: list[Quantity] = []
    for m in _DIGITS.finditer(text) if DIGIT.search(text) else ():  # two sentences in three have none
        if found and m.start() < found[-1].end:
            continue  # part of the quantity before it ("x €1.000" after "€ 49.382")
        q = _from_digits(text, m, scale_hint, unit_hint)
        if q is not None:
            found.append(q)
    found.extend(_from_words(text, [(q.start, q.end) for q in found]))
    if not found:
        return found
    found.sort(key=lambda q: q.start)
    found = _shared_percent(text, _ranges(text, found))
    return _roles(text, _without_restatements(text, found))


_LISTED = re.compile(r"\s*(?:,|en|of|,\s*en)\s*")


def _shared_percent(text: str, qs: list[Quantity]) -> list[Quantity]:
    """Bare figures listed before a percentage share its sign: "groeide de uitkeringen ... met
    respectievelijk 9,1 en 2,9 procent" holds two percentages, "5, 6 en 7%" three."""
    out = list(qs)
    for i in range(len(out) - 2, -1, -1):
        a, b = out[i], out[i + 1]
        if (b.unit == "percent" and a.unit == "count" and not a.counted and not a.in_words and a.scale == 1.0
                and not _is_year_like(a) and _LISTED.fullmatch(text, a.end, b.start)):
            out[i] = replace(a, unit="percent")
    return out


def _is_year_like(q: Quantity) -> bool:
    return q.decimals == 0 and 1900 <= q.value <= 2100 and "." not in q.text


def _without_restatements(text: str, qs: list[Quantity]) -> list[Quantity]:
    """One figure written twice, in words and then in digits between brackets ("Drie op de tien
    respondenten heeft een mantelzorger (30%)"), is one quantity: the digits."""
    drop = set()
    for i, a in enumerate(qs[:-1]):
        b = qs[i + 1]
        if (a.in_words and not b.in_words and a.unit == b.unit and math.isclose(a.value, b.value)
                and re.fullmatch(r"[^\d()]{0,60}\(\s*", text[a.end:b.start]) and text[b.end:b.end + 2].lstrip().startswith(")")):
            drop.add(i)
    return [q for i, q in enumerate(qs) if i not in drop] if drop else qs


def parse_cell(text: str, *, scale_hint: float = 1.0, unit_hint: str = "") -> Quantity | None:
    """The one quantity of a table cell ("€ 1.524.000", "41%", "(1.234)"), or None."""
    t = text.strip()
    if _POINT_DECIMAL.match(t):
        # "16.18", "0.39": a dot before one or two digits is no thousands separator; read as "16,18", kept as written
        q = parse_cell(t.replace(".", ","), scale_hint=scale_hint, unit_hint=unit_hint)
        return replace(q, text=t) if q is not None else None
    m = _PAREN_NEGATIVE.match(t)
    if m:
        q = find_quantities(m.group("num"), scale_hint=scale_hint, unit_hint=unit_hint)
        if len(q) == 1:
            v = q[0]
            return replace(v, text=t, start=0, end=len(t), value=-v.value, low=-v.high, high=-v.low)
    qs = find_quantities(t, scale_hint=scale_hint, unit_hint=unit_hint)
    return qs[0] if len(qs) == 1 else None


def _from_digits(text: str, m: re.Match[str], scale_hint: float, unit_hint: str) -> Quantity | None:
    parsed = parse_number(m.group("num"))
    if parsed is None:
        return None
    start, end = m.start(), m.end()
    before = text[max(0, start - 40):start]
    after = text[end:end + 60]
    negative = bool(m.group("neg"))
    if negative and m.group("neg").startswith("-") and not m.group("neg").startswith("-/-"):
        # a dash right after a word is a hyphen ("18-/18+", "Wmo-2015"), not a minus
        if start > 0 and text[start - 1].isalnum():
            negative = False
            start = m.start("num")
    value = parsed.value
    half = parsed.half_unit
    unit = "count"
    scale = 1.0
    cur = _CURRENCY_BEFORE.search(before)
    if cur:
        unit = "eur"
        start = start - (len(before) - cur.start())
        if "-/-" in cur.group(0):
            negative = True
    sm = _SCALE_AFTER.match(after)
    inline = _INLINE_SCALE.match(after)
    if inline and unit == "eur":  # "€ 49.382 x €1.000": the amount in thousands, as a dashboard writes it
        scale = float(inline.group("scale").replace(".", ""))
        end += inline.end()
        after = text[end:end + 60]
    elif sm:
        scale_word = sm.group("scale").lower().rstrip(".")
        scale = SCALES[scale_word]
        if scale_word == "ton":
            unit = "eur"  # "5 ton" is half a million euro
        end += sm.end()
        after = text[end:end + 60]
    found = unit_after(after)
    if found:
        name, length = found
        if name == "eur":
            unit = "eur"
        elif unit != "eur":
            unit = name
        end += length
    if unit == "count" and (_GRADE_BEFORE.search(before) or (
            parsed.decimals == 1 and 1 <= parsed.value <= 10 and _GRADE_ARTICLE.search(before)
            and not _WORD_NEXT.match(after))):
        unit = "grade"
    if unit == "count" and unit_hint:
        unit = unit_hint
    if scale == 1.0 and scale_hint != 1.0 and unit in ("eur", "count"):
        scale = scale_hint
    value *= scale
    half *= scale
    if negative:
        value = -value
    qualifier = _qualifier(text[:start])
    low, high = interval_of(value, half, qualifier)
    if qualifier:
        start = start - len(qualifier) - (len(text[:start]) - len(text[:start].rstrip()))
        start = max(0, start)
    yearlike = parsed.decimals == 0 and 1900 <= parsed.value <= 2100 and unit == "count"
    counted = _counted(text[end:end + 40]) if unit == "count" and not yearlike else ""
    return Quantity(
        text=text[start:end].strip(), start=start, end=end, value=value, unit=unit, low=low, high=high,
        decimals=parsed.decimals, scale=scale, qualifier=qualifier.lower(), counted=counted,
    )


def _qualifier(before: str) -> str:
    """The qualifier ("ruim", "iets meer dan") that ``before`` (the text before a number) ends with."""
    tail = before[-60:]  # the longest qualifier is 15 letters; the rest of the sentence is not needed
    if len(tail) < len(before) and len(tail.rstrip()) < 20:  # a window of mostly spaces: take it all
        tail = before
    stripped = tail.rstrip()
    b = stripped.lower()
    for word, _ in QUALIFIERS:
        if b.endswith(word) and (len(b) == len(word) or not b[-len(word) - 1].isalnum()):
            return stripped[-len(word):]
    return ""


def _counted(after: str) -> str:
    """The noun a count counts: "cliënten"; with the adjective before it ("nieuwe aanvragen",
    "Oekraïense ontheemden") and an aside in brackets ("(mogelijk) gedupeerden") kept."""
    m = _COUNTED.match(after)
    if not m:
        return ""
    first, second = m.group("first"), m.group("second")
    if first.lower() in _STOPWORDS:
        return ""
    aside = f"({m.group('aside')}) " if m.group("aside") else ""
    if second and first.endswith("e") and second.lower() not in _STOPWORDS:
        return f"{aside}{first} {second}"  # an inflected adjective before its noun
    if first[:1].isupper():
        return ""  # "5 Euro", "2 De ...": a capital starts a name or a sentence
    return aside + first


def _from_words(text: str, taken: list[tuple[int, int]]) -> list[Quantity]:
    """Numbers, fractions and "drie op de tien" written in words."""
    out: list[Quantity] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken + [(q.start, q.end) for q in out])

    folded = fold(text)
    # "drie op de tien" needs a number word after "op de", and every one has a stem: no stem, no scan
    stems = any_in(_NUMBER_STEMS, folded)
    for m in _OUT_OF.finditer(text, folded) if stems else ():
        a, b = parse_number_word(m.group("a")), parse_number_word(m.group("b"))
        if a and b and a < b and free(m.start(), m.end()):
            v = 100.0 * a / b
            out.append(Quantity(m.group(0), m.start(), m.end(), v, "percent", v - 50.0 / b, v + 50.0 / b, in_words=True))
    for m in _FRACTION.finditer(text, folded):
        if free(m.start(), m.end()):
            v = FRACTIONS[m.group(1).lower()]
            qualifier = _qualifier(text[:m.start()])
            low, high = interval_of(v, 0.5, qualifier)
            out.append(Quantity(m.group(0), m.start(), m.end(), v, "percent", low, high, qualifier=qualifier.lower(), in_words=True))
    for m in _stem_words(text) if stems else ():
        word = m.group(0)
        lower = word.lower()
        if lower == "een" or (lower == "één" and not _counted(text[m.end():m.end() + 40])):
            continue  # the article, or "één" standing alone as a pronoun
        if not free(m.start(), m.end()) or not NUMBER_WORD_RE.fullmatch(word):
            continue
        value = parse_number_word(word)
        if value is None:
            continue
        after = text[m.end():m.end() + 40]
        unit = "count"
        end = m.end()
        found = unit_after(after)
        if found:
            unit = found[0]
            if unit in ("percent", "percentage_point"):
                end += found[1]
        qualifier = _qualifier(text[:m.start()])
        low, high = interval_of(float(value), 0.0, qualifier)
        out.append(Quantity(text[m.start():end], m.start(), end, float(value), unit, low, high,
                            qualifier=qualifier.lower(), counted=_counted(after) if unit == "count" else "",
                            in_words=True))
    return out


def _ranges(text: str, qs: list[Quantity]) -> list[Quantity]:
    """Merge "tussen (de) X en Y", "X à Y", "X tot (maximaal) Y" into one ranged quantity."""
    out: list[Quantity] = []
    i = 0
    while i < len(qs):
        a = qs[i]
        if i + 1 < len(qs):
            b = qs[i + 1]
            between = text[a.end:b.start].strip().lower()
            if not between and b.qualifier in ("tot maximaal", "tot"):
                between = b.qualifier
            before = text[max(0, a.start - 12):a.start].lower()
            is_range = (
                (between == "en" and _TUSSEN_BEFORE.search(before))
                or between in ("à", "a", "-", "–", "tot", "tot maximaal", "tot en met")
            )
            if is_range and b.value >= a.value and not (a.unit == "count" and b.unit == "count" and between == "-" and _yearlike(a, b)):
                unit = b.unit if a.unit == "count" else a.unit
                scale = b.scale if a.scale == 1.0 and b.scale != 1.0 else a.scale
                a_value = a.value * scale / a.scale if a.scale != scale else a.value
                a_low = a_value - (a.value - a.low) * scale / a.scale
                start = a.start - (len(before) - before.rfind("tussen")) if "tussen" in before and between == "en" else a.start
                qualifier = a.qualifier or ("tussen" if between == "en" else between)
                out.append(Quantity(
                    text=text[start:b.end], start=start, end=b.end, value=(a_value + b.value) / 2, unit=unit,
                    low=min(a_low, b.low), high=b.high, decimals=max(a.decimals, b.decimals), scale=scale,
                    qualifier=qualifier, counted=b.counted, role="range",
                ))
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _yearlike(a: Quantity, b: Quantity) -> bool:
    return 1900 <= a.value <= 2100 and 1900 <= b.value <= 2100


def _roles(text: str, qs: list[Quantity]) -> list[Quantity]:
    """Mark the start and end of a change: "van 110 uur naar 143 uur", "van 8,1% (2015) naar 8,8%";
    in "gedaald met 300 naar 5.700" only the end, the figure after "met" is the change itself."""
    out = list(qs)
    for i, a in enumerate(out):
        before = text[max(0, a.start - 6):a.start].lower()
        start = bool(_VAN_BEFORE.search(before))
        if not start and not _MET_BEFORE.search(before):
            continue
        for j in range(i + 1, min(i + 4, len(out))):
            b = out[j]
            gap = text[a.end:b.start]
            if len(gap) <= 40 and _NAAR_BEFORE.search(gap.lower()):
                if start:  # "van 2.100 naar 7.700 inwoners": the start counts what the end counts
                    counted = a.counted or (b.counted if a.unit == b.unit == "count" else "")
                    out[i] = replace(a, role="from", counted=counted)
                out[j] = replace(b, role="to")
                break
    return out


__all__ = ["Quantity", "find_quantities", "parse_cell", "interval_of", "ParsedNumber", "SCALES"]
