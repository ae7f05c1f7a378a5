"""HC014 stock-flow: the stock at the end of a period against the start plus what came in and out.

Tables that follow a stock over a period give its begin, what came in, what went out and its
end: the verloop of a reserve ("Stand 1 januari | - Stortingen | - Onttrekkingen | Stand 31
december", per year in the columns) or of a caseload ("Beginstand | Instroom | Uitstroom |
Eindstand", per kind of case in the rows). The roles are read from the row labels, or else
from the column headers, with the words of ``stock_flow`` in ``rules/vocabulary.yaml``; an
outflow written as a positive figure is subtracted, one written negative is added as it is.
Where begin + inflow − outflow (or + the net mutation) is not the end, beyond the rounding of
the figures, that is reported.

Counts of people and cases need not close: the documents themselves say so (a couple's
benefit ended while one of them keeps one; a measure ending on the last day is not in the end
stock), so a count that does not close is information. An amount in euros is bookkeeping,
where a reserve's stand that does not follow from its mutations is a warning.
"""

from __future__ import annotations

from collections import defaultdict

from ..records import Finding, Measurement
from ..ruleset.load import RuleSet, Vocabulary
from .evidence import amount, bounds, by_table, finding, place
from .intervals import ZERO, compare, interval

CODE = "HC014"
NAME = "stock-flow"
DESCRIPTION = "A stock at the end equals the stock at the start plus inflow minus outflow (rounding allowed)."
MESSAGES = {
    "mismatch": "The end stock {end} ({place}) does not follow from the start {begin} and its flows ({flows}): "
                "they give {computed}{range}, {gap} {side}.{why}",
    "rounding": "The end stock {end} ({place}) follows from the start {begin} and its flows ({flows}) only by "
                "rounding: they give {computed} ({range}).",
}
_COUNT_CAUSE = (" Counts of cases need not close exactly (a case that ends and restarts, a measure ending on the "
                "last day), as reports often say.")
_ROLES = ("begin", "instroom", "uitstroom", "mutatie", "eind")


def run(measurements: list[Measurement], rules: RuleSet | None) -> list[Finding]:
    if rules is None or not rules.vocabulary.stock_flow:
        return []
    findings = []
    for cells in by_table(measurements):
        for line in _lines(cells, rules.vocabulary):
            found = _compare(line)
            if found is not None:
                findings.append(found)
    return findings


def _lines(cells: list[Measurement], vocabulary: Vocabulary) -> list[dict[str, list[Measurement]]]:
    """Each column (roles in the row labels) or each row (roles in the column headers) as
    {role: its figures}, when it has a begin, an end and a flow."""
    by_rows = _by_role(cells, vocabulary, lambda m: m.quote.split(" | ")[0], lambda m: m.cell[1])
    if not by_rows:
        by_rows = _by_role(cells, vocabulary, lambda m: m.label.split(" / ")[-1], lambda m: m.cell[0])
    return by_rows


def _by_role(cells, vocabulary: Vocabulary, label_of, line_of) -> list[dict[str, list[Measurement]]]:
    lines: dict[int, dict[str, list[Measurement]]] = defaultdict(lambda: defaultdict(list))
    for m in cells:
        role = vocabulary.stock_flow_role(label_of(m))
        if role is not None:
            lines[line_of(m)][role].append(m)
    return [roles for _, roles in sorted(lines.items())
            if len(roles["begin"]) == 1 and len(roles["eind"]) == 1
            and (roles["instroom"] or roles["uitstroom"] or roles["mutatie"])
            and len({m.unit for role in _ROLES for m in roles[role]}) == 1]


def _compare(line: dict[str, list[Measurement]]) -> Finding | None:
    begin, end = line["begin"][0], line["eind"][0]
    outflow = [(m, -1.0 if m.value > 0 else 1.0) for m in line["uitstroom"]]
    signed = [(begin, 1.0)] + [(m, 1.0) for m in line["instroom"] + line["mutatie"]] + outflow
    value = sum(sign * m.value for m, sign in signed)
    computed = sum((interval(m) if sign > 0 else ZERO - interval(m) for m, sign in signed), ZERO)
    outcome = compare(interval(end), computed, value)
    if outcome == "ok":
        return None
    unit = end.unit
    flows = ", ".join(f"{'−' if sign < 0 else '+'} {amount(abs(m.value), unit)}" for m, sign in signed[1:])
    fields = {"end": amount(end.value, unit), "place": place(end), "begin": amount(begin.value, unit),
              "flows": flows, "computed": amount(value, unit)}
    involved = [(begin, "begin")] + [(m, role) for role in ("instroom", "mutatie", "uitstroom") for m in line[role]]
    involved.append((end, "eind"))
    if outcome == "rounding":
        message = MESSAGES["rounding"].format(**fields, range=bounds(computed, unit))
        return finding(CODE, "info", message, involved, expected=fields["computed"], stated=fields["end"])
    stated = interval(end)
    side = "above the end stock" if computed.low > stated.high else "below the end stock"
    fields["range"] = "" if computed.low == computed.high else f" ({bounds(computed, unit)} given rounding)"
    severity = "warning" if unit == "eur" else "info"
    message = MESSAGES["mismatch"].format(gap=amount(abs(end.value - value), unit), side=side,
                                          why="" if unit == "eur" else _COUNT_CAUSE, **fields)
    return finding(CODE, severity, message, involved, expected=fields["computed"], stated=fields["end"])
