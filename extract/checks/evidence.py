"""What a finding shows a researcher: the figures involved, formatted as the reports write them.

Numbers in messages use Dutch notation (``3.835``, ``10,7%``, ``€ 12.040.000``), the
notation of the quotes they sit next to. Every measurement of a finding becomes a
dict with at least the contract's keys (doc, value, unit, quote, period_start,
period_end, page, line) plus its role in the check ("total", "part", "stated", ...).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from ..records import Finding, Measurement
from ..ruleset.load import Indicator, RuleSet
from ..text.periods import find_periods
from .intervals import Interval

SEVERITIES = ("info", "warning", "error")
_NAMED = {
    "": [("-01-01", "-12-31")],
    "-H{n}": [("-01-01", "-06-30"), ("-07-01", "-12-31")],
    "-Q{n}": [("-01-01", "-03-31"), ("-04-01", "-06-30"), ("-07-01", "-09-30"), ("-10-01", "-12-31")],
}
_UNIT_WORDS = {"hours": "uur", "days": "dagen", "weeks": "weken", "months": "maanden", "years": "jaar",
               "fte": "fte", "per_1000": "per 1.000", "per_10000": "per 10.000", "percentage_point": "procentpunt"}


def number(x: float, decimals: int | None = None) -> str:
    """Dutch notation: ``.`` between thousands, ``,`` before decimals; auto decimals up to 2."""
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    if decimals is None:
        decimals = 0 if float(x).is_integer() else next(d for d in (1, 2, 3) if round(x, d) == round(x, 6) or d == 3)
    text = f"{abs(x):,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return ("-" if x < 0 and round(abs(x), decimals) else "") + text


def amount(x: float, unit: str, decimals: int | None = None) -> str:
    """A value with its unit, as a report writes it (``€ 625.000``, ``41%``, ``2,8 uur``)."""
    if unit == "eur":
        return ("-€ " if x < 0 else "€ ") + number(abs(x), 0 if decimals is None and abs(x) >= 1000 else decimals)
    if unit == "percent":
        return number(x, decimals) + "%"
    word = _UNIT_WORDS.get(unit, "")
    return number(x, decimals) + (f" {word}" if word else "")


def bounds(iv: Interval, unit: str, decimals: int = 2) -> str:
    """``51,99% to 52,26%``; a single figure when the interval is a point."""
    if math.isclose(iv.low, iv.high, abs_tol=1e-12):
        return amount(iv.low, unit)
    return f"{amount(iv.low, unit, _decimals(iv.low, decimals))} to {amount(iv.high, unit, _decimals(iv.high, decimals))}"


def _decimals(x: float, decimals: int) -> int | None:
    return None if math.isinf(x) or float(x).is_integer() else decimals


def as_written(m: Measurement) -> str:
    """The figure with its qualifier ("circa 50%")."""
    return (f"{m.qualifier} " if m.qualifier else "") + amount(m.value, m.unit)


def period(m: Measurement) -> str:
    """A period as a researcher names it: ``2017``, ``2017-Q2``, ``2017-H1``, ``2017-05``, a date, or a span."""
    return span(m.period_start, m.period_end)


def span(start: str | None, end: str | None) -> str:
    """:func:`period` of two ISO dates."""
    if not end:
        return "no period"
    if not start or start == end:
        return end
    for name, spans in _NAMED.items():
        for n, (first, last) in enumerate(spans, start=1):
            if start[4:] == first and end[4:] == last and start[:4] == end[:4]:
                return f"{start[:4]}{name.format(n=n)}"
    if start[:7] == end[:7] and start.endswith("-01") and (date.fromisoformat(end) + timedelta(days=1)).day == 1:
        return start[:7]
    return f"{start}..{end}"


def period_words(m: Measurement) -> str:
    """The period with the words that named it: ``2017-Q1 ("In het eerste kwartaal van 2017")``."""
    return f'{period(m)} ("{m.period_label}")' if m.period_label else period(m)


def where(m: Measurement) -> str:
    """``doc p3 line 90`` (page only for formats with pages)."""
    return m.doc + " " + place(m)


def place(m: Measurement) -> str:
    """``p3 line 90``: where in its document."""
    return " ".join(p for p in ((f"p{m.page}" if m.page else ""), (f"line {m.line}" if m.line else "")) if p) or "?"


def evidence(m: Measurement, role: str) -> dict[str, Any]:
    """One entry of ``Finding.measurements``."""
    return {
        "role": role, "doc": m.doc, "indicator": m.indicator, "value": m.value, "unit": m.unit,
        "low": _finite(m.low), "high": _finite(m.high), "qualifier": m.qualifier, "kind": m.kind,
        "period_start": m.period_start, "period_end": m.period_end, "period_label": m.period_label,
        "geography": m.geography, "dimensions": dict(m.dimensions), "quote": m.quote, "page": m.page,
        "line": m.line, "method": m.method, "cell": list(m.cell) if m.cell else None, "confidence": m.confidence,
    }


def finding(code: str, severity: str, message: str, involved: list[tuple[Measurement, str]],
            expected: str = "", stated: str = "") -> Finding:
    docs = list(dict.fromkeys(m.doc for m, _ in involved))
    return Finding(check=code, severity=severity, message=message, doc="; ".join(docs),
                   measurements=[evidence(m, role) for m, role in involved], expected=expected, stated=stated,
                   finding_id=finding_id(code, [m for m, _ in involved]),
                   confidence=round(min((m.confidence for m, _ in involved if m.confidence is not None), default=1.0), 2))


def finding_id(code: str, involved: Iterable[Measurement]) -> str:
    """``HC005-3f2a9c1e7b``: the check and where its figures stand (document, line, table cell,
    value), so that the same finding has the same id in every run, whatever its message says
    and whichever indicator a changed rule gives its figures."""
    places = sorted({(m.doc, m.line or 0, tuple(m.cell) if m.cell else (), round(m.value, 6)) for m in involved})
    return f"{code}-{hashlib.sha1(repr(places).encode('utf-8')).hexdigest()[:10]}"


def indicators(rules: RuleSet | None) -> dict[str, Indicator]:
    """The rule set's indicators by id; a measurement whose indicator is gone gets the defaults."""
    return rules.by_id() if rules is not None else {}


def dims(m: Measurement) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(m.dimensions.items()))


def series_key(m: Measurement) -> tuple:
    """What makes two measurements the same quantity, apart from period and source. A labelled
    measurement is only its own label's: "Banen / 2015" and "Banen / 2016" are one series,
    "Banen" and "Bijstandsuitkeringen" (no indicator either) are not."""
    return (m.indicator or f"label:{undated(m.label).lower()}", m.unit, m.kind, m.municipality, m.geography, dims(m))


@lru_cache(maxsize=8192)
def undated(label: str) -> str:
    """A label without the periods in it: "Banen / 2015" -> "Banen", "Bijstand / tweede halfjaar 2017" -> "Bijstand"."""
    for p in sorted(find_periods(label), key=lambda p: -p.start):
        label = label[:p.start] + label[p.end:]
    return re.sub(r"(?:\s*/\s*)+$", "", re.sub(r"\s+", " ", label)).strip(" /")


def describe(m: Measurement) -> str:
    """``jeugdhulp.jongeren_pct (NL, uitkomst=gegrond)``: the indicator and what narrows it;
    a labelled figure by its label without periods ("Banen (NL)")."""
    narrow = [m.geography] if m.geography and m.geography != m.municipality else []
    narrow += [f"{k}={v}" for k, v in dims(m)]
    name = m.indicator or f"'{undated(m.label)}'"
    return name + (f" ({', '.join(narrow)})" if narrow else "")


def by_document(measurements: Iterable[Measurement]) -> dict[tuple[str, str], list[Measurement]]:
    """Measurements per document (doc_id and name), in order: checks within a document stay linear."""
    docs: dict[tuple[str, str], list[Measurement]] = {}
    for m in measurements:
        docs.setdefault((m.doc_id, m.doc), []).append(m)
    return docs


def by_table(measurements: Iterable[Measurement]) -> list[list[Measurement]]:
    """The table cells of each table (by document and block), in order; prose is left out."""
    tables: dict[tuple[str, int], list[Measurement]] = {}
    for m in measurements:
        if m.method == "table" and m.table is not None and m.cell is not None:
            tables.setdefault((m.doc_id or m.doc, m.table), []).append(m)
    return list(tables.values())


def unique(measurements: Iterable[Measurement]) -> list[Measurement]:
    """In order, each measurement once (measurements are unhashable dataclasses)."""
    seen: set[int] = set()
    return [m for m in measurements if id(m) not in seen and not seen.add(id(m))]


def _finite(x: float | None) -> float | None:
    return None if x is None or math.isinf(x) or math.isnan(x) else x
