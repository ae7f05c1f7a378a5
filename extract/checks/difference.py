"""HC010 difference-column: a "Verschil" column against the columns it is the difference of.

Budget tables end their rows with the difference of two columns: "Begroot 2025 | Begroot 2026 |
Verschil", "Begroting na wijziging | Realisatie | Verschil". A cell of kind ``change`` in a
table row (its column says "verschil" or another change word) is compared with the two
figures of the same indicator and part just left of it in that row: the later column minus
the earlier one, or the other way round, as tables write both. A difference that neither
gives, beyond the rounding of the cells, is an error; one that fits only by rounding is
information. A row with fewer than two such figures left of its difference is not checked.
"""

from __future__ import annotations

from collections import defaultdict

from ..records import Finding, Measurement
from ..ruleset.load import RuleSet
from .evidence import amount, bounds, finding, place
from .intervals import compare, interval

CODE = "HC010"
NAME = "difference-column"
DESCRIPTION = "A table's Verschil column is the difference of the two columns before it (either sign, rounding allowed)."
#: compares figures by indicator and breakdown: typed measurements only
BY_IDENTITY = True
MESSAGES = {
    "mismatch": "The difference {stated} ({place}) of {what} is not the difference of the two columns before it: "
                "{later} − {earlier} is {computed}. The difference may be taken against another column (the "
                "primitive begroting rather than the begroting na wijziging).",
    "rounding": "The difference {stated} ({place}) of {what} matches {later} − {earlier} only by rounding ({range}).",
}


def run(measurements: list[Measurement], rules: RuleSet | None) -> list[Finding]:
    rows: dict[tuple, list[Measurement]] = defaultdict(list)
    for m in measurements:
        if m.method == "table" and m.table is not None and m.cell is not None:
            rows[(m.doc_id or m.doc, m.table, m.cell[0], m.indicator, m.unit, tuple(sorted(m.dimensions.items())))].append(m)
    findings = []
    for cells in rows.values():
        for difference in (m for m in cells if m.kind == "change"):
            left = sorted((m for m in cells if m.kind != "change" and m.cell[1] < difference.cell[1]),
                          key=lambda m: m.cell[1])
            if len(left) < 2:
                continue
            found = _compare(difference, left[-2], left[-1])
            if found is not None:
                findings.append(found)
    return findings


def _compare(difference: Measurement, earlier: Measurement, later: Measurement) -> Finding | None:
    forward, backward = interval(later) - interval(earlier), interval(earlier) - interval(later)
    stated = interval(difference)
    outcomes = [compare(stated, forward, later.value - earlier.value),
                compare(stated, backward, earlier.value - later.value)]
    if "ok" in outcomes:
        return None
    unit = difference.unit
    fields = {"stated": amount(difference.value, unit), "place": place(difference), "what": difference.label,
              "later": amount(later.value, unit), "earlier": amount(earlier.value, unit)}
    involved = [(difference, "difference"), (earlier, "earlier column"), (later, "later column")]
    if "rounding" in outcomes:
        computed = forward if outcomes[0] == "rounding" else backward
        message = MESSAGES["rounding"].format(range=bounds(computed, unit), **fields)
        return finding(CODE, "info", message, involved, expected=bounds(computed, unit), stated=fields["stated"])
    computed = amount(later.value - earlier.value, unit)
    message = MESSAGES["mismatch"].format(computed=computed, **fields)
    return finding(CODE, "error", message, involved, expected=computed, stated=fields["stated"])
