"""HC013 repeated-label: one table gives two figures under the same label in one column.

A row label that comes back lower in the same table, with another figure in the same column,
is either a repeated row (one of the two is wrong) or a row under a group heading the reader
did not see ("BUIG" under "Lasten" and again under "Baten"), or a chart with two series whose
data labels say the same ("Werk en inkomen / Begroting | 132,4 miljoen" and "... | 78,7
miljoen"). Typed figures with one indicator, period and breakdown are HC005's; this check
takes the labelled ones, whose label is all that says what they are: two figures under one
label cannot be told apart by a researcher using the export. It is information: the document
may well be right, and the label needs the source to be read.
"""

from __future__ import annotations

from collections import defaultdict

from ..records import Finding, Measurement
from ..ruleset.load import RuleSet
from .evidence import amount, dims, finding, place

CODE = "HC013"
NAME = "repeated-label"
DESCRIPTION = "A table gives one label (row and column) only one figure; labelled figures that share one are flagged."
MESSAGES = {
    "repeated": "The table at {place} gives more than one figure under {n} label(s): {labels}. Nothing in its "
                "labels tells them apart (a repeated row, a group heading such as Lasten/Baten that was not read, "
                "or a chart with two series): read the source before using them.",
}
#: the labels a message lists by name; the evidence holds them all
SHOWN = 3


def run(measurements: list[Measurement], rules: RuleSet | None) -> list[Finding]:
    cells: dict[tuple, list[Measurement]] = defaultdict(list)
    for m in measurements:
        if not m.indicator and m.method == "table" and m.table is not None and m.cell is not None:
            cells[(m.doc_id or m.doc, m.table, m.cell[1], m.label.strip().lower(), m.unit, m.kind,
                   m.period_start, m.period_end, m.geography, dims(m))].append(m)
    tables: dict[tuple, list[list[Measurement]]] = defaultdict(list)
    for key, same in cells.items():
        rows = sorted({m.cell[0]: m for m in same}.values(), key=lambda m: m.cell[0])
        if len(rows) > 1 and len({m.value for m in rows}) > 1:
            tables[key[:2]].append(rows)
    return [_finding(repeated) for repeated in tables.values()]


def _finding(repeated: list[list[Measurement]]) -> Finding:
    repeated.sort(key=lambda rows: (rows[0].cell[0], rows[0].cell[1]))
    named = [f"'{rows[0].label}' " + ", ".join(f"{amount(m.value, m.unit)} (row {m.cell[0]})" for m in rows)
             for rows in repeated[:SHOWN]]
    more = f" and {len(repeated) - SHOWN} more" if len(repeated) > SHOWN else ""
    message = MESSAGES["repeated"].format(place=place(repeated[0][0]), n=len(repeated), labels="; ".join(named) + more)
    return finding(CODE, "info", message, [(m, "same label") for rows in repeated for m in rows])
