"""HC004 direction: a direction word against the figures it is about.

Two families of words, read in the sentence (the quote) of prose measurements:

* trend words (gestegen, toegenomen, stijging, uitgebreid / gedaald, afgenomen,
  daling, dalen): the figures of one indicator in that sentence go from the
  earliest period to the latest ("gestegen van 8,1% (2015) naar 8,8%"), or, when
  two figures share a period, in the order of "van X naar Y". When the
  sentence has one figure ("Eind juni 2017 is het aantal bijstandsgerechtigden
  gestegen tot 3835"), the start is the nearest figure of the same indicator with an
  earlier period in the sentences just before (within :data:`WINDOW` characters);
* comparatives (meer, hoger, groter / minder, lager, kleiner) followed by "dan" or
  "ten opzichte van": the first figure is compared with the second ("in 2017 (68)
  iets lager dan in 2016 (72)").

A sentence with words for both directions is skipped: which figure each word is
about cannot be told from the sentence alone. A sentence with a direction word but
no figure ("is het aantal bezwaarzaken afgenomen") has no measurement to check.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ..records import Finding, Measurement
from ..ruleset.load import RuleSet
from .evidence import as_written, by_document, describe, finding, period, place, series_key
from .intervals import interval

CODE = "HC004"
NAME = "direction"
DESCRIPTION = "A direction word (gestegen, afgenomen, meer, lager) agrees with the figures it describes."
MESSAGES = {
    "trend": "The text says '{word}' ({place}), but {what} goes from {start} ({start_period}) to {end} "
             "({end_period}): {outcome}. The word may speak of another period or of a part of the group.",
    "compare": "The text says '{word}' ({place}), but {what} {subject} ({subject_period}) against {reference} "
               "({reference_period}) is {outcome}. The word may compare with another reference than this one.",
    "rounding": "The text says '{word}' ({place}); {what} from {start} to {end} goes that way only within "
                "the rounding of the figures.",
}

WINDOW = 400
_TREND = {
    "up": r"gestegen|steeg|stegen|stijgt|stijgen|stijging|toegenomen|toename|neemt toe|nam toe|namen toe|gegroeid"
          r"|groeide|uitgebreid|opgehoogd",
    "down": r"gedaald|daalde|daalden|daalt|dalen|daling|afgenomen|afname|neemt af|nam af|namen af|gekrompen"
            r"|teruggelopen|verminderd",
}
_COMPARE = {"up": r"meer|hoger|groter", "down": r"minder|lager|kleiner"}
_FROM_TO = re.compile(r"\bvan\b.+\b(?:naar|tot)\b", re.I)
_THAN = re.compile(r"\b(?:dan|ten opzichte van|t\.o\.v\.)\b", re.I)


def run(measurements: list[Measurement], rules: RuleSet | None) -> list[Finding]:
    findings = []
    for document in by_document(measurements).values():
        sentences: dict[tuple, list[Measurement]] = defaultdict(list)
        for m in document:
            if m.method == "prose" and m.kind != "change":
                sentences[(m.line, m.quote)].append(m)
        for (_, quote), figures in sentences.items():
            word = _direction_word(quote)
            if word is None:
                continue
            series: dict[tuple, list[Measurement]] = defaultdict(list)
            for m in figures:
                series[series_key(m)].append(m)
            for points in series.values():
                pair = _pair(word[0], points, document)
                found = _judge(*word, *pair) if pair is not None else None
                if found is not None:
                    findings.append(found)
    return findings


def _direction_word(quote: str) -> tuple[str, str, str] | None:
    """(family, up/down, the word) of a sentence, or None when it has none or both directions."""
    found = []
    for way, pattern in _TREND.items():
        found += [("trend", way, w.group(0)) for w in re.finditer(rf"\b(?:{pattern})\b", quote, re.I)]
    for way, pattern in _COMPARE.items():
        for w in re.finditer(rf"\b(?:{pattern})\b", quote, re.I):
            if _THAN.search(quote, w.end()):
                found.append(("compare", way, w.group(0)))
    if not found or len({way for _, way, _ in found}) > 1:
        return None
    trend = [f for f in found if f[0] == "trend"]
    return (trend or found)[0]


def _pair(family: str, points: list[Measurement], document: list[Measurement]):
    """(start, end) for a trend, (reference, subject) for a comparative; None when there is no pair."""
    distinct = []
    for m in sorted(points, key=lambda m: m.start or 0):
        if m.period_end and all((m.period_start, m.period_end) != (d.period_start, d.period_end) for d in distinct):
            distinct.append(m)
    if family == "compare":
        return (distinct[1], distinct[0]) if len(distinct) == 2 else None
    if len(distinct) >= 2:
        ordered = sorted(distinct, key=lambda m: (m.period_end, m.period_start or ""))
        return ordered[0], ordered[-1]
    in_text = sorted(points, key=lambda m: m.start or 0)
    if len(in_text) == 2 and _FROM_TO.search(in_text[0].quote):
        return in_text[0], in_text[1]
    if len(distinct) == 1:
        start = _earlier(distinct[0], document)
        return (start, distinct[0]) if start is not None else None
    return None


def _earlier(end: Measurement, measurements: list[Measurement]) -> Measurement | None:
    """The nearest figure of the same quantity with an earlier period in the sentences before (one document)."""
    if end.start is None:
        return None
    before = [m for m in measurements if m.method == "prose" and m.kind != "change"
              and m.start is not None and 0 < end.start - m.start <= WINDOW
              and m.quote != end.quote and series_key(m) == series_key(end) and m.period_end
              and m.period_end < end.period_end]
    return max(before, key=lambda m: m.start, default=None)


def _judge(family: str, way: str, word: str, first: Measurement, second: Measurement) -> Finding | None:
    diff = interval(second) - interval(first)
    sign = 1 if way == "up" else -1
    low, high = sorted((sign * diff.low, sign * diff.high))
    if low > 0:
        return None
    fields = {"word": word, "place": place(second), "what": describe(second), "start": as_written(first),
              "start_period": period(first), "end": as_written(second), "end_period": period(second)}
    involved = [(first, "start" if family == "trend" else "compared with"),
                (second, "end" if family == "trend" else "subject")]
    stated = f"'{word}' ({'up' if way == 'up' else 'down'})"
    if high > 0:
        return finding(CODE, "info", MESSAGES["rounding"].format(**fields), involved,
                       expected="either way within rounding", stated=stated)
    delta = second.value - first.value
    if family == "trend":
        outcome = "no change" if delta == 0 else ("an increase" if delta > 0 else "a decrease")
        message = MESSAGES["trend"].format(outcome=outcome, **fields)
    else:
        outcome = "equal" if delta == 0 else ("higher" if delta > 0 else "lower")
        message = MESSAGES["compare"].format(subject=fields["end"], subject_period=fields["end_period"],
                                             reference=fields["start"], reference_period=fields["start_period"],
                                             outcome=outcome, **fields)
    return finding(CODE, "error", message, involved, expected=outcome, stated=stated)
