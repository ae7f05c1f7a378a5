"""The consistency checks: what a careful reader of a report would catch.

Each check is a module with a stable ``CODE`` (HC001...), a ``NAME``, a one-line
``DESCRIPTION``, its ``MESSAGES`` (templates with the numbers, per situation) and
``run(measurements, rules) -> list[Finding]``. Checks see only what the store keeps: the
measurements (with their quotes, offsets and table cells), or, for a check that declares
``READS_MENTIONS`` (a slip in the text that holds no figure), the mentions; so they run the
same on a fresh extraction and on a store built months ago. Comparisons use interval
arithmetic on the figures as written (:mod:`.intervals`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from types import ModuleType

from ..records import Finding, Measurement, MentionRecord
from ..ruleset.load import RuleSet
from . import (
    balance,
    cross_document,
    difference,
    direction,
    duplicates,
    period_conflict,
    period_order,
    plausibility,
    remainder,
    repeated_label,
    stated_change,
    stated_difference,
    stated_share,
    stock_flow,
    table_total,
)
from .evidence import SEVERITIES


@dataclass(frozen=True)
class Check:
    code: str
    name: str
    description: str
    messages: dict[str, str]
    run: Callable[[list, RuleSet | None], list[Finding]]
    #: whether the check compares figures by what they are (indicator, period, breakdown)
    #: across sentences, tables or documents: it then sees only typed measurements, since
    #: two labelled ones ("Lasten / BUIG", "Lasten / Minimabeleid") are not one thing
    by_identity: bool = False
    #: whether the check reads the store's mentions (numbers that are no measurement, with
    #: their reason and context) instead of measurements
    reads_mentions: bool = False

    @classmethod
    def of(cls, module: ModuleType) -> Check:
        return cls(module.CODE, module.NAME, module.DESCRIPTION, dict(module.MESSAGES), module.run,
                   getattr(module, "BY_IDENTITY", False), getattr(module, "READS_MENTIONS", False))


ALL_CHECKS: list[Check] = [Check.of(m) for m in (
    table_total, stated_share, stated_change, direction, duplicates, period_conflict, cross_document, plausibility,
    balance, difference, period_order, remainder, repeated_label, stock_flow,
    stated_difference,
)]

#: the mention reasons a check reads: the store loads only these mentions for the checks
MENTION_REASONS = (period_order.PERIOD_REVERSED,)


def severity_rank(severity: str) -> int:
    """info 0, warning 1, error 2; an unknown severity is refused."""
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r} (known: {', '.join(SEVERITIES)})")
    return SEVERITIES.index(severity)


def run_checks(measurements: list[Measurement], rules: RuleSet | None, min_severity: str = "info",
               mentions: list[MentionRecord] = ()) -> list[Finding]:
    """Every check's findings at or above ``min_severity``: errors first, then by document and check.
    ``mentions`` need only hold those with a reason in ``MENTION_REASONS``."""
    floor = severity_rank(min_severity)
    typed = [m for m in measurements if m.indicator]
    noted = [m for m in mentions if m.reason in MENTION_REASONS]

    def seen_by(check: Check) -> list:
        return noted if check.reads_mentions else typed if check.by_identity else measurements

    found = _certain(_explained([f for check in ALL_CHECKS for f in check.run(seen_by(check), rules)]))
    return sorted((f for f in found if severity_rank(f.severity) >= floor),
                  key=lambda f: (-severity_rank(f.severity), f.doc, f.check))


def run_checks_by_municipality(groups: Iterable[list[Measurement]], rules: RuleSet | None, min_severity: str = "info",
                               mentions: list[MentionRecord] = ()) -> list[Finding]:
    """:func:`run_checks` on one municipality's measurements at a time: every check compares
    figures of one document or of one municipality (the cross-document and series checks
    match on the municipality), so the findings are those of one run over everything, while
    memory holds one municipality, not the store."""
    by_doc: dict[str, list[MentionRecord]] = {}
    for n in mentions:
        by_doc.setdefault(n.doc_id, []).append(n)
    found: list[Finding] = []
    for group in groups:
        docs = {m.doc_id for m in group}
        found.extend(run_checks(group, rules, min_severity, [n for d in docs for n in by_doc.get(d, ())]))
    return sorted(found, key=lambda f: (-severity_rank(f.severity), f.doc, f.check))


#: below this confidence an error is a warning: figures typed from their headings or kept with
#: their labels may not be what the check takes them for
CERTAIN = 0.6


def _certain(findings: list[Finding]) -> list[Finding]:
    """Severity follows confidence: an error on figures the extractor was not sure of is a warning."""
    return [replace(f, severity="warning") if f.severity == "error" and f.confidence < CERTAIN else f
            for f in findings]


def _explained(findings: list[Finding]) -> list[Finding]:
    """A duplicate (HC005) one of whose figures is a table cell whose period a period conflict
    (HC006) disputes is that conflict seen again: "341 (line 440) and 280" for the first quarter,
    where the 341 has the first quarter only from a wrong introduction. It stays, as information
    that points to the conflict."""
    disputed = {_key(e) for f in findings if f.check == period_conflict.CODE
                for e in f.measurements if e.get("role") in ("table cell", "introduced cell")}
    out = []
    for f in findings:
        if f.check == duplicates.CODE and f.severity != "info" and any(_key(e) in disputed for e in f.measurements):
            f = replace(f, severity="info", message=duplicates.MESSAGES["disputed"].format(message=f.message))
        out.append(f)
    return out


def _key(evidence: dict) -> tuple:
    return evidence.get("doc"), evidence.get("line"), evidence.get("value"), evidence.get("quote")


__all__ = ["ALL_CHECKS", "Check", "MENTION_REASONS", "SEVERITIES", "run_checks", "run_checks_by_municipality",
           "severity_rank"]
