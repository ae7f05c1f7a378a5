"""HC011 period-order: a period the text states that ends before it starts.

"gedurende de periode augustus 2017 tot en met juli 2017" cannot be: one of its years is
a slip (the annual report of the same year writes "augustus 2016"), and every figure said
to cover that period, in the sentence or in the table it introduces, has an unreliable
period. The sentence need not hold a figure: the mention stage marks the years of such a
range (reason ``period_reversed``, its sentence kept as context), and this check reads those
mentions, not measurements. A dash between two years is never taken for a range ("Verschil
2017 - 2016" is a difference column).
"""

from __future__ import annotations

import hashlib

from ..extraction.mentions import PERIOD_REVERSED
from ..records import Finding, MentionRecord
from ..ruleset.load import RuleSet
from ..text.periods import find_periods, reversed_ranges
from .evidence import place

CODE = "HC011"
NAME = "period-order"
DESCRIPTION = "A period stated in the text ends before it starts ('augustus 2017 tot en met juli 2017')."
#: reads the mentions of the store (numbers that are no measurement), not measurements
READS_MENTIONS = True
MESSAGES = {
    "reversed": "The text gives the period '{range}' ({place}), which ends before it starts: probably one of its "
                "years is a slip. Figures said to cover this period, in the sentence or in a table it introduces, "
                "have an unreliable period.",
}


def run(mentions: list[MentionRecord], rules: RuleSet | None) -> list[Finding]:
    sentences: dict[tuple[str, str, int | None], list[MentionRecord]] = {}
    for m in mentions:
        if m.reason == PERIOD_REVERSED:
            sentences.setdefault((m.doc_id or m.doc, m.context, m.line), []).append(m)
    findings = []
    for years in sentences.values():
        first = years[0]
        found = find_periods(first.context)
        for start, end in reversed_ranges(first.context, found):
            findings.append(_finding(first, first.context[start:end]))
    return findings


def _finding(m: MentionRecord, stated: str) -> Finding:
    # the keys of a figure's evidence, with no figure: words of the text
    evidence = {"doc": m.doc, "line": m.line, "page": m.page, "quote": m.context, "text": stated,
                "value": None, "unit": "", "period_start": None, "period_end": None, "role": "stated period"}
    key = repr((m.doc, m.line or 0, stated)).encode("utf-8")
    return Finding(check=CODE, severity="error", message=MESSAGES["reversed"].format(range=stated, place=place(m)),
                   doc=m.doc, measurements=[evidence], expected="a period whose end follows its start",
                   stated=stated, finding_id=f"{CODE}-{hashlib.sha1(key).hexdigest()[:10]}", confidence=1.0)
