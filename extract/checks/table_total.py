"""HC001 table-total: a Totaal row or column against the sum of its parts.

A total is a table cell the extractor marked ``total`` (a "Totaal" row or column
label) or whose category is ``totaal`` (the Veilig Thuis tables). Its parts are the
other cells of the same table and indicator: in its column when the total's row
label says "totaal" (a Totaal row; a "..., waarvan:" total heads the rows below it,
any other total closes the rows above it), else in its row. Indicators declared
``additive: false`` (one Veilig Thuis melding counts as both HG and KM) and
quantities that do not add (rates, scores, durations) are skipped.

A part that is missing (``n/b``, or a row whose figure was not read) makes the sum
open-ended: that is reported as info, not as a wrong total, unless the parts that
are there already exceed it.
"""

from __future__ import annotations

import re

from ..records import Finding, Measurement
from ..ruleset.load import RuleSet
from .evidence import amount, bounds, by_table, finding, indicators, place
from .intervals import INF, ZERO, Interval, compare, interval

CODE = "HC001"
NAME = "table-total"
DESCRIPTION = "A Totaal row or column equals the sum of its parts (rounding allowed; non-additive breakdowns skipped)."
MESSAGES = {
    "mismatch": "Table total {total} ({place}) is not the sum of its {n} parts: they add up to {sum}{range}, "
                "{gap} {side} the total. A total should be the sum of the rows above or below it; if the table "
                "leaves out a row (\"overig\") or the total holds something the rows do not, the total may be right.",
    "rounding": "Table total {total} ({place}) matches the sum of its {n} parts ({sum}) only by rounding: "
                "the parts can add up to {range}.",
    "missing": "Table total {total} ({place}) cannot be checked: {missing} has no figure (n/b or not read); "
               "the {n} parts that are there add up to {sum}.",
}

_TOTAL = re.compile(r"\b(?:totaal|total|samen|generaal)\b", re.I)
_WAARVAN = re.compile(r"\bwaarvan\b", re.I)
_MISSING = {"n/b", "n.b.", "nb", "x", "?"}
_NOT_ADDITIVE = {"rate", "score", "duration"}


def run(measurements: list[Measurement], rules: RuleSet | None) -> list[Finding]:
    known = indicators(rules)
    findings = []
    for cells in by_table(measurements):
        for total in cells:
            ind = known.get(total.indicator)
            if ind is not None and (not ind.additive or ind.quantity in _NOT_ADDITIVE):
                continue
            if not (total.total or "totaal" in total.dimensions.values()):
                continue
            parts, missing = _parts(total, cells)
            if parts and len(parts) + len(missing) >= 2:
                found = _compare(total, parts, missing)
                if found is not None:
                    findings.append(found)
    return findings


def _parts(total: Measurement, cells: list[Measurement]) -> tuple[list[Measurement], list[str]]:
    """The parts of a total and a description of each missing one ("row 5")."""
    row, col = total.cell
    same = [m for m in cells if m is not total and m.indicator == total.indicator and m.unit == total.unit
            and m.kind == total.kind and not _is_total(m)]
    texts = _quote_cells(total)
    if any(_TOTAL.search(text) for text in texts[:col]):
        return _column_parts(total, [m for m in same if m.cell[1] == col], cells)
    parts = [m for m in same if m.cell[0] == row and _part_dimensions(total, m)]
    cols = {m.cell[1] for m in parts}
    span = range(min(cols), max(cols) + 1) if cols else range(0)
    missing = [f"column {c}" for c in span if c not in cols and c != col and c < len(texts)
               and texts[c].strip().lower() in _MISSING]
    return parts, missing


def _column_parts(total: Measurement, column: list[Measurement], cells: list[Measurement]):
    row = total.cell[0]
    totals = sorted(m.cell[0] for m in cells if _is_total(m) and m.cell[1] == total.cell[1] and m is not total)
    heads = _WAARVAN.search(" ".join(_quote_cells(total)[:total.cell[1]])) or all(m.cell[0] > row for m in column)
    if heads:
        stop = min([r for r in totals if r > row], default=10**9)
        parts = [m for m in column if row < m.cell[0] < stop]
    else:
        begin = max([r for r in totals if r < row], default=-1)
        parts = [m for m in column if begin < m.cell[0] < row]
    rows = sorted(m.cell[0] for m in parts)
    quotes = {m.cell[0]: _quote_cells(m) for m in cells}
    span = range(row + 1, stop) if heads else range(begin + 1, row)
    # a figure between the parts that no rule of this indicator names ("BUIG" under "Lasten",
    # kept with its label): the sum of the typed parts is then not the whole
    missing = [f"row {m.cell[0]} ({m.label})" for m in cells if total.indicator and not m.indicator
               and m.cell[1] == total.cell[1] and m.cell[0] in span and not _is_total(m)]
    for r in range(rows[0], rows[-1] + 1) if rows else ():
        if r in rows or any(text.startswith(f"row {r} ") for text in missing):
            continue
        texts = quotes.get(r)
        text = texts[total.cell[1]].strip().lower() if texts and total.cell[1] < len(texts) else None
        if text is None or text in _MISSING:
            missing.append(f"row {r}")
    return parts, missing


def _compare(total: Measurement, parts: list[Measurement], missing: list[str]) -> Finding | None:
    summed = sum((interval(m) for m in parts), ZERO)
    value = sum(m.value for m in parts)
    stated = interval(total)
    involved = [(total, "total")] + [(m, "part") for m in parts]
    fields = {"total": amount(total.value, total.unit), "place": place(total), "n": len(parts),
              "sum": amount(value, total.unit)}
    if missing:
        gone = " and ".join(missing)
        if stated.high >= summed.low:
            return finding(CODE, "info", MESSAGES["missing"].format(missing=gone, **fields), involved,
                           expected=f"at least {amount(summed.low, total.unit)}", stated=fields["total"])
        summed = Interval(summed.low, INF)
        fields["range"] = f" (at least {amount(summed.low, total.unit)}, with {gone} unknown)"
    else:
        fields["range"] = "" if summed.low == summed.high else f" ({bounds(summed, total.unit)} given rounding)"
    outcome = compare(stated, summed, value)
    if outcome == "ok":
        return None
    expected = f"{fields['sum']}{fields['range']}"
    if outcome == "rounding":
        message = MESSAGES["rounding"].format(**{**fields, "range": bounds(summed, total.unit)})
        return finding(CODE, "info", message, involved, expected=expected, stated=fields["total"])
    side = "above" if summed.low > stated.high else "below"
    message = MESSAGES["mismatch"].format(gap=amount(stated.gap(summed), total.unit), side=side, **fields)
    return finding(CODE, "error", message, involved, expected=expected, stated=fields["total"])


def _is_total(m: Measurement) -> bool:
    return m.total or "totaal" in m.dimensions.values()


def _part_dimensions(total: Measurement, part: Measurement) -> bool:
    """A part of a ``totaal`` category differs from the total in that dimension only."""
    keys = [k for k, v in total.dimensions.items() if v == "totaal"]
    if not keys:
        return True
    rest = {k: v for k, v in total.dimensions.items() if k not in keys}
    return all(k in part.dimensions for k in keys) and {k: v for k, v in part.dimensions.items() if k not in keys} == rest


def _quote_cells(m: Measurement) -> list[str]:
    """A table measurement's quote is its row, cells joined by `` | ``."""
    return m.quote.split(" | ")
