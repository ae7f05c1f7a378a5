"""The consistency checks: what a careful reader of a report would catch.

Each check is a module with a stable ``CODE`` (HC001...), a ``NAME``, a one-line
``DESCRIPTION``, its ``MESSAGES`` (templates with the numbers, per situation) and
``run(measurements, rules) -> list[Finding]``. Checks see only the stored
measurements (with their quotes, offsets and table cells), so they run the same on a
fresh extraction and on a store built months ago. Comparisons use interval
arithmetic on the figures as written (:mod:`.intervals`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

from ..records import Finding, Measurement
from ..ruleset.load import RuleSet
from . import (
    cross_document,
    direction,
    duplicates,
    period_conflict,
    plausibility,
    stated_change,
    stated_share,
    table_total,
)
from .evidence import SEVERITIES


@dataclass(frozen=True)
class Check:
    code: str
    name: str
    description: str
    messages: dict[str, str]
    run: Callable[[list[Measurement], RuleSet | None], list[Finding]]
    #: whether the check compares figures by what they are (indicator, period, breakdown)
    #: across sentences, tables or documents: it then sees only typed measurements, since
    #: two labelled ones ("Lasten / BUIG", "Lasten / Minimabeleid") are not one thing
    by_identity: bool = False

    @classmethod
    def of(cls, module: ModuleType) -> Check:
        return cls(module.CODE, module.NAME, module.DESCRIPTION, dict(module.MESSAGES), module.run,
                   getattr(module, "BY_IDENTITY", False))


ALL_CHECKS: list[Check] = [Check.of(m) for m in (
    table_total, stated_share, stated_change, direction, duplicates, period_conflict, cross_document, plausibility,
)]


def severity_rank(severity: str) -> int:
    """info 0, warning 1, error 2; an unknown severity is refused."""
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r} (known: {', '.join(SEVERITIES)})")
    return SEVERITIES.index(severity)


def run_checks(measurements: list[Measurement], rules: RuleSet | None, min_severity: str = "info") -> list[Finding]:
    """Every check's findings at or above ``min_severity``: errors first, then by document and check."""
    floor = severity_rank(min_severity)
    typed = [m for m in measurements if m.indicator]
    found = [f for check in ALL_CHECKS for f in check.run(typed if check.by_identity else measurements, rules)
             if severity_rank(f.severity) >= floor]
    return sorted(found, key=lambda f: (-severity_rank(f.severity), f.doc, f.check))


__all__ = ["ALL_CHECKS", "Check", "SEVERITIES", "run_checks", "severity_rank"]
