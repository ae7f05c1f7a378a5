"""HC003 stated-change: a stated change against its start and end values.

A change is a measurement of kind ``change`` ("een stijging van 99", "toegenomen met
twaalf", "15 minder dan in het eerste kwartaal"; a decrease is negative). Its end
points are measurements of the same indicator, dimensions and geography that are
not changes, near it in the text (the same sentence or within :data:`WINDOW`
characters either side: "Eind 2016 ... 3736. ... een stijging van 99 ... Eind juni
2017 ... gestegen tot 3835."), or the same table row. The two nearest with
different periods are taken, earliest as start. When only one end point is near,
the change's own period is read as the period compared with ("15 minder dan in het
eerste kwartaal") and its value is looked up in every document of the municipality. A
change in running text is one over time only where its sentence says so ("dan in", "ten
opzichte van", "gestegen", "van ... naar"); "ligt circa 600 hoger" compares with another quantity.

A change in percent of a quantity that is not a percentage is relative
((end - start) / start); otherwise it is end - start.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict

from ..records import Finding, Measurement
from ..ruleset.load import RuleSet
from .evidence import amount, as_written, bounds, dims, finding, period, place
from .intervals import Interval, compare, interval

CODE = "HC003"
NAME = "stated-change"
DESCRIPTION = "A stated change (stijging van, toegenomen met, minder dan) equals end minus start (rounding allowed)."
MESSAGES = {
    "mismatch": "A change of {change} is stated ({place}), but {start} ({start_period}) to {end} ({end_period}) "
                "is {computed}{range}: a gap of {gap}. The change may be counted from another start (a figure "
                "revised later, another date) than the one the text gives.",
    "rounding": "A change of {change} ({place}) matches {start} ({start_period}) to {end} ({end_period}) = "
                "{computed} only by rounding ({range}).",
}

WINDOW = 500
#: words by which a sentence says its change is one over time (against an earlier figure of the
#: same thing), not a difference from another quantity ("ligt circa 600 hoger" than the uitkeringen)
_OVER_TIME = re.compile(r"\b(?:dan\s+(?:in|op|eind|begin|vorig|het|de|afgelopen)|ten\s+opzichte\s+van|t\.o\.v\.|"
                        r"vergeleken\s+met|gestegen|gedaald|toegenomen|afgenomen|stijging|daling|toename|afname|"
                        r"steeg|stegen|daalde|daalden|groei\w*|nam\s+(?:toe|af)|namen\s+(?:toe|af)|van\s+[\d.,]+\s+naar)\b",
                        re.I)


def run(measurements: list[Measurement], rules: RuleSet | None) -> list[Finding]:
    series: dict[tuple, list[Measurement]] = defaultdict(list)
    for m in measurements:
        if m.kind == "actual" and m.period_end is not None:
            series[_key(m)].append(m)
    findings = []
    for change in measurements:
        if change.kind != "change" or (change.method == "prose" and not _OVER_TIME.search(change.quote)):
            continue  # "De totale groep ... ligt circa 600 hoger": higher than another quantity, not than before
        ends = _end_points(change, series.get(_key(change), []))
        found = _compare(change, *ends) if ends is not None else None
        if found is not None:
            findings.append(found)
    return findings


def _key(m: Measurement) -> tuple:
    """What start, end and change share: the quantity, apart from kind, unit and period. A
    labelled figure is its label's: "2,4% groei" of het aantal banen is no change of "6.943"
    Enschedeërs in de bijstand a sentence earlier."""
    return (m.indicator or f"label:{m.label.lower()}", dims(m), m.geography, m.municipality)


def _distance(change: Measurement, m: Measurement) -> int | None:
    """Characters between the two figures when they are near each other in one document, else None."""
    if m.doc != change.doc or m.doc_id != change.doc_id:
        return None
    if change.method == "table":
        near = m.method == "table" and m.table == change.table and m.cell and change.cell and m.cell[0] == change.cell[0]
        return abs(m.cell[1] - change.cell[1]) if near else None
    if m.quote == change.quote:
        return abs((m.start or 0) - (change.start or 0))
    if m.start is None or change.start is None or abs(m.start - change.start) > WINDOW:
        return None
    return abs(m.start - change.start)


def _end_points(change: Measurement, candidates: list[Measurement]) -> tuple[Measurement, Measurement] | None:
    near = sorted((d, i, m) for i, m in enumerate(candidates) if (d := _distance(change, m)) is not None)
    chosen: list[Measurement] = []
    for _, _, m in near:
        if all(_period(m) != _period(c) for c in chosen):
            chosen.append(m)
        if len(chosen) == 2:
            break
    if len(chosen) == 1 and change.period_end and _period(change) != _period(chosen[0]):
        reference = [m for m in candidates if _period(m) == _period(change)]
        reference.sort(key=lambda m: (m.doc != change.doc, abs((m.start or 0) - (change.start or 0))))
        chosen += reference[:1]
    if len(chosen) != 2:
        return None
    start, end = sorted(chosen, key=lambda m: (m.period_end, m.period_start or ""))
    return start, end


def _period(m: Measurement) -> tuple[str | None, str | None]:
    return (m.period_start, m.period_end)


def _compare(change: Measurement, start: Measurement, end: Measurement) -> Finding | None:
    if start.unit != end.unit:
        return None  # "2,4%" and "6.669" are no start and end of one quantity
    relative = change.unit == "percent" and end.unit != "percent"
    unit = "percent" if relative else end.unit
    if relative:
        computed = _relative(interval(start), interval(end))
        if computed is None:
            return None
        value = 100 * (end.value - start.value) / start.value
    else:
        if change.unit not in (end.unit, "percentage_point"):
            return None
        computed = interval(end) - interval(start)
        value = end.value - start.value
    stated = interval(change)
    outcome = compare(stated, computed, value)
    if outcome == "ok":
        return None
    fields = {"change": _signed(change.value, change.unit), "place": place(change), "start": as_written(start),
              "start_period": period(start), "end": as_written(end), "end_period": period(end),
              "computed": _signed(value, unit), "range": "" if computed.low == computed.high
              else f" ({bounds(computed, unit)} given rounding)"}
    involved = [(change, "stated change"), (start, "start"), (end, "end")]
    expected = fields["computed"] + fields["range"]
    if outcome == "rounding":
        message = MESSAGES["rounding"].format(**{**fields, "range": bounds(computed, unit)})
        return finding(CODE, "info", message, involved, expected=expected, stated=fields["change"])
    message = MESSAGES["mismatch"].format(gap=amount(stated.gap(computed), unit), **fields)
    return finding(CODE, "error", message, involved, expected=expected, stated=fields["change"])


def _relative(start: Interval, end: Interval) -> Interval | None:
    if start.low <= 0 or any(math.isinf(x) for x in (start.high, end.low, end.high)):
        return None
    ratios = [100 * (e - s) / s for s in (start.low, start.high) for e in (end.low, end.high)]
    return Interval(min(ratios), max(ratios))


def _signed(x: float, unit: str) -> str:
    return ("+" if x > 0 else "") + amount(x, unit)
