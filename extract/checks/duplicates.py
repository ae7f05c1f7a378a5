"""HC005 duplicate-in-document: one figure given twice in a report with different values.

Same document, indicator, unit, kind, dimensions, period and geography. Two values
whose intervals overlap are the same figure at two precisions (warning: "het
landelijk gemiddelde van 11%" and, a paragraph on, "van 10,7%"); intervals that
cannot overlap are two different figures for one thing (error). Values within one
sentence are not compared: a sentence that gives two values for what looks like one
quantity ("€ 200.000 per plek ... een totaalbedrag van € 600.000") says two
different things, however the extractor labelled them; nor are two cells of one table, which
its layout tells apart.
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
    "conflict": "{what}, {period}, is given as {values} in one document: different figures for the same thing. "
                "They may be of different groups or dates that the text does not name; if not, one of them is wrong.",
    "precision": "{what}, {period}, is given as {values} in one document: the same figure at different precisions.",
    "part": "{what}, {period}, is given as {values} in one paragraph: the smaller figure may be a part of the "
            "larger one (\"Het CJG heeft 5 klachten ontvangen. Eén klacht betrof ...\"), not another value for it.",
    "context": "{what}, {period}, is given as {values} in one document, but {named} named by its heading, not by its "
               "own sentence: the figures may be of different things under one heading.",
    "disputed": "{message} One of them has its period from a table whose period is in conflict (HC006): the two "
                "may be of different periods.",
}
#: below this typing confidence a figure was typed from its heading or surroundings ("context")
CONTEXT_CONFIDENCE = 0.6


def run(measurements: list[Measurement], rules: RuleSet | None) -> list[Finding]:
    groups: dict[tuple, list[Measurement]] = defaultdict(list)
    for m in measurements:
        if m.period_start or m.period_end:
            groups[(m.doc_id, m.doc, m.period_start, m.period_end, *series_key(m))].append(m)
    findings = []
    for group in groups.values():
        pairs = [(a, b) for i, a in enumerate(group) for b in group[i + 1:]
                 if not same(a.value, b.value) and a.quote != b.quote and not _one_table(a, b)]
        if not pairs:
            continue
        involved = unique(m for pair in pairs for m in pair)
        conflict = any(not interval(a).overlaps(interval(b)) for a, b in pairs)
        values = _enumerate([f"{as_written(m)} ({place(m)})" for m in involved])
        fields = {"what": describe(involved[0]), "period": period(involved[0]), "values": values}
        from_context = [m for m in involved if m.confidence is not None and m.confidence < CONTEXT_CONFIDENCE]
        if conflict and from_context:
            named = "one of them is" if len(from_context) == 1 else f"{len(from_context)} of them are"
            severity, message = "info", MESSAGES["context"].format(named=named, **fields)
        elif conflict and _whole_and_part(involved):
            severity, message = "info", MESSAGES["part"].format(**fields)
        else:
            severity = "error" if conflict else "warning"
            message = MESSAGES["conflict" if conflict else "precision"].format(**fields)
        findings.append(finding(CODE, severity, message, [(m, "statement") for m in involved],
                                expected="one value", stated=", ".join(as_written(m) for m in involved)))
    return findings


def _one_table(a: Measurement, b: Measurement) -> bool:
    """Two cells of one table: its rows and columns tell them apart (a reserve per row, the
    primitive and the amended budget per column), even where the typing kept the same breakdown."""
    return a.method == b.method == "table" and a.table is not None and a.table == b.table


def _whole_and_part(involved: list[Measurement]) -> bool:
    """Two prose figures of one paragraph (source line), the smaller stated after the larger:
    a sentence that breaks down the one before ("5 klachten ontvangen. Eén klacht betrof ...")."""
    if len(involved) != 2 or any(m.method != "prose" or m.line is None for m in involved):
        return False
    first, second = sorted(involved, key=lambda m: (m.line, m.start or 0))
    return first.line == second.line and first.value > second.value >= 0


def _enumerate(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
