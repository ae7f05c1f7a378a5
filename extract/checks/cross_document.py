"""HC007 cross-document: reports that give the same figure different values.

Same indicator, municipality, geography, unit, kind, dimensions and period, in two
or more documents. Two documents disagree when they share no value for it; when
the intervals of their values cannot overlap that is an error (one report corrected
the other, or one is wrong), else the same figure at two precisions (info). One
finding per figure, listing each document's statement; documents that share a
value agree, and what differs then is within one of them (HC005).
"""

from __future__ import annotations

from collections import defaultdict

from ..records import Finding, Measurement
from ..ruleset.load import RuleSet
from .evidence import as_written, describe, finding, period, series_key, where
from .intervals import interval

CODE = "HC007"
NAME = "cross-document"
DESCRIPTION = "Reports that give one indicator of one municipality and period give it the same value."
#: compares figures by indicator, period and breakdown: typed measurements only
BY_IDENTITY = True
MESSAGES = {
    "conflict": "{what}, {period}, differs between reports: {values}. {cause}",
    "precision": "{what}, {period}: {values}, the same figure at different precisions.",
}


def run(measurements: list[Measurement], rules: RuleSet | None) -> list[Finding]:
    groups: dict[tuple, dict[tuple, list[Measurement]]] = defaultdict(lambda: defaultdict(list))
    for m in measurements:
        if m.period_end and m.municipality:
            groups[(m.period_start, m.period_end, *series_key(m))][(m.doc, m.doc_id)].append(m)
    findings = []
    for by_doc in groups.values():
        if len(by_doc) > 1:
            found = _compare([by_doc[d] for d in sorted(by_doc)])
            if found is not None:
                findings.append(found)
    return findings


def _compare(docs: list[list[Measurement]]) -> Finding | None:
    # documents with the same values say the same: compare each distinct set of values once
    kinds: dict[frozenset, list[Measurement]] = {}
    for statements in docs:
        kinds.setdefault(frozenset(round(m.value, 9) for m in statements), statements)
    sets = list(kinds.items())
    disagreeing = [(a, b) for i, (va, a) in enumerate(sets) for vb, b in sets[i + 1:] if va.isdisjoint(vb)]
    if not disagreeing:
        return None
    conflict = any(all(not interval(x).overlaps(interval(y)) for x in a for y in b) for a, b in disagreeing)
    involved = [statements[0] for statements in docs]
    values = ", ".join(f"{as_written(m)} in {where(m)}" for m in involved)
    message = MESSAGES["conflict" if conflict else "precision"].format(what=describe(involved[0]),
                                                                      period=period(involved[0]), values=values,
                                                                      cause=_cause(involved))
    return finding(CODE, "error" if conflict else "info", message, [(m, "statement") for m in involved],
                   expected="one value", stated="; ".join(f"{as_written(m)} ({m.doc})" for m in involved))


def _cause(involved: list[Measurement]) -> str:
    """The likely innocent cause of two reports' different values, from what the figures say of themselves."""
    provisional = [m.doc for m in involved if m.provisional]
    if provisional:
        return (f"The figure in {', '.join(provisional)} is marked provisional (voorlopig): a later report may have "
                "revised it.")
    from_context = [m.doc for m in involved if m.period_source in ("document", "section")]
    if from_context:
        return (f"The figure in {', '.join(from_context)} has its period only from its "
                "document or heading: it may be of another period.")
    return "A later report may have revised the figure, or the reports count on other dates or by another definition."
