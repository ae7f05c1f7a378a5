"""HC005 duplicate-in-document: one figure given twice in a report with different values.

Same document, indicator, unit, kind, dimensions, period and geography. Two values
whose intervals overlap are the same figure at two precisions (warning: "het
landelijk gemiddelde van 11%" and, a paragraph on, "van 10,7%"); intervals that
cannot overlap are two different figures for one thing (error). Values within one
sentence are not compared: a sentence that gives two values for what looks like one
quantity ("€ 200.000 per plek ... een totaalbedrag van € 600.000") says two
different things, however the extractor labelled them.
"""

from __future__ import annotations

from collections import defaultdict

from ..records import Finding, Measurement
from ..ruleset.load import RuleSet
from .evidence import as_written, describe, finding, period, place, series_key, unique
from .intervals import interval, same

CODE = "HC005"
NAME = "duplicate-in-document"
DESCRIPTION = "A report gives one indicator for one period, place and breakdown only one value."
#: compares figures by indicator, period and breakdown: typed measurements only
BY_IDENTITY = True
MESSAGES = {
    "conflict": "{what}, {period}, is given as {values} in one document: different figures for the same thing.",
    "precision": "{what}, {period}, is given as {values} in one document: the same figure at different precisions.",
}


def run(measurements: list[Measurement], rules: RuleSet | None) -> list[Finding]:
    groups: dict[tuple, list[Measurement]] = defaultdict(list)
    for m in measurements:
        if m.period_start or m.period_end:
            groups[(m.doc_id, m.doc, m.period_start, m.period_end, *series_key(m))].append(m)
    findings = []
    for group in groups.values():
        pairs = [(a, b) for i, a in enumerate(group) for b in group[i + 1:]
                 if not same(a.value, b.value) and a.quote != b.quote]
        if not pairs:
            continue
        involved = unique(m for pair in pairs for m in pair)
        conflict = any(not interval(a).overlaps(interval(b)) for a, b in pairs)
        values = _enumerate([f"{as_written(m)} ({place(m)})" for m in involved])
        message = MESSAGES["conflict" if conflict else "precision"].format(
            what=describe(involved[0]), period=period(involved[0]), values=values)
        findings.append(finding(CODE, "error" if conflict else "warning", message, [(m, "statement") for m in involved],
                                expected="one value", stated=", ".join(as_written(m) for m in involved)))
    return findings


def _enumerate(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
