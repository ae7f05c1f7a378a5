"""HC008 plausibility: figures that cannot be what the indicator says.

* a percentage over 100 where the indicator does not allow it (error); only for a typed
  figure of a percentage indicator: a labelled "130% van het sociaal minimum" or a dashboard's
  "Saldo 127,05%" (of the total saldo) may well exceed 100;
* a negative count that is not a change (error), for a typed figure: a labelled "-1" under
  "Ontwikkeling bestand t.o.v. landelijke lijn" may be a difference the label does not say;
* a value outside the indicator's ``plausible`` range (warning);
* a jump of an order of magnitude in a series of one indicator, municipality,
  geography, kind and breakdown across periods and documents: a value ten times
  the series' median or a tenth of it (with two periods: ten times the other);
  figures under :data:`SMALL` are left alone, small counts jump naturally, and so
  are figures already reported as impossible or out of range (warning);
* a target reported as actual: an actual value in a sentence that speaks of a
  target (the rules' target cues, "moeten ... worden gerealiseerd") in which the
  extractor found no target (warning).
"""

from __future__ import annotations

import re
from collections import defaultdict
from statistics import median

from ..records import Finding, Measurement
from ..ruleset.load import RuleSet
from .evidence import amount, as_written, describe, finding, indicators, number, period, place, series_key, where

CODE = "HC008"
NAME = "plausibility"
DESCRIPTION = "Figures are possible for their indicator: shares up to 100%, counts not negative, in range, no jumps."
MESSAGES = {
    "over_100": "{figure} ({place}) is a percentage over 100 for {what}, which cannot exceed 100%.",
    "negative": "{figure} ({place}) is a negative count for {what}, and it is not a change.",
    "range": "{figure} ({place}) is outside the plausible range of {what}: {low} to {high}.",
    "jump": "{what} jumps by an order of magnitude: {outliers}, against a median of {typical} in the series. "
            "A change of scale (\"x 1.000\", per 1.000 inwoners) or of definition between the figures is the "
            "likely cause, more than a real jump.",
    "jump_pair": "{what} jumps by an order of magnitude between {outliers}. A change of scale (\"x 1.000\", per "
                 "1.000 inwoners) or of definition between the figures is the likely cause, more than a real jump.",
    "target": "{figure} ({place}) is read as an actual value, but the sentence speaks of a target ('{cue}').",
}

SMALL = 20
_TARGET_CUES = r"moet(?:en)?\b.{0,60}?\bworden (?:gerealiseerd|behaald)|te worden gerealiseerd|streef\w*"


def run(measurements: list[Measurement], rules: RuleSet | None) -> list[Finding]:
    known = indicators(rules)
    cues = _target_cues(rules)
    findings, flagged = [], set()
    for m in measurements:
        found = _single(m, known.get(m.indicator))
        if found is not None:
            findings.append(found)
            flagged.add(id(m))
    findings += _targets(measurements, cues)
    findings += _jumps([m for m in measurements if id(m) not in flagged])
    return findings


def _single(m: Measurement, ind) -> Finding | None:
    fields = {"figure": as_written(m), "place": place(m), "what": describe(m)}
    if m.unit == "percent" and m.value > 100 and m.kind != "change" and ind is not None and not ind.allow_over_100 \
            and ind.unit == "percent":
        return finding(CODE, "error", MESSAGES["over_100"].format(**fields), [(m, "figure")],
                       expected="at most 100%", stated=fields["figure"])
    if m.unit == "count" and m.value < 0 and m.kind != "change" and ind is not None:
        return finding(CODE, "error", MESSAGES["negative"].format(**fields), [(m, "figure")],
                       expected="0 or more", stated=fields["figure"])
    if ind is not None and ind.plausible and m.kind != "change" and m.unit == ind.unit:
        low, high = ind.plausible
        if not low <= m.value <= high:
            plausible = f"{amount(low, m.unit)} to {amount(high, m.unit)}"
            return finding(CODE, "warning", MESSAGES["range"].format(low=amount(low, m.unit), high=amount(high, m.unit),
                                                                      **fields),
                           [(m, "figure")], expected=plausible, stated=fields["figure"])
    return None


def _target_cues(rules: RuleSet | None) -> re.Pattern[str]:
    words = rules.vocabulary.kinds.get("target", ()) if rules is not None else ()
    listed = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\b(?:{_TARGET_CUES}{'|' + listed if listed else ''})\b", re.I)


def _targets(measurements: list[Measurement], cues: re.Pattern[str]) -> list[Finding]:
    with_target = {(m.doc_id, m.doc, m.quote) for m in measurements if m.kind == "target"}
    findings = []
    for m in measurements:
        if m.method != "prose" or m.kind != "actual" or (m.doc_id, m.doc, m.quote) in with_target:
            continue
        cue = cues.search(m.quote)
        if cue is not None:
            message = MESSAGES["target"].format(figure=as_written(m), place=place(m), cue=cue.group(0))
            findings.append(finding(CODE, "warning", message, [(m, "figure")], expected="kind target",
                                    stated="kind actual"))
    return findings


def _jumps(measurements: list[Measurement]) -> list[Finding]:
    series: dict[tuple, list[Measurement]] = defaultdict(list)
    for m in measurements:
        if m.kind != "change" and m.value > 0 and m.period_end:
            series[series_key(m)].append(m)
    findings = []
    for points in series.values():
        if len({(m.period_start, m.period_end) for m in points}) < 2:
            continue
        typical = median(m.value for m in points) if len(points) > 2 else None
        if typical is None:
            low, high = sorted(points, key=lambda m: m.value)
            outliers = [low, high] if high.value >= 10 * low.value and high.value >= SMALL else []
        else:
            outliers = [m for m in points if max(m.value, typical) >= SMALL
                        and (m.value >= 10 * typical or m.value * 10 <= typical)]
        if not outliers:
            continue
        listed = ", ".join(f"{as_written(m)} for {period(m)} ({where(m)})" for m in outliers)
        template = MESSAGES["jump_pair"] if typical is None else MESSAGES["jump"]
        typical_text = number(typical) if typical is not None else ""
        message = template.format(what=describe(points[0]), outliers=listed, typical=typical_text)
        others = [m for m in points if all(m is not o for o in outliers)]
        findings.append(finding(CODE, "warning", message, [(m, "outlier") for m in outliers] + [(m, "series") for m in others],
                                expected="within a factor 10 of " + (f"the median {typical_text}" if typical_text
                                                                       else "each other"),
                                stated=", ".join(as_written(m) for m in outliers)))
    return findings
