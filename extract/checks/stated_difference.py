"""HC015 stated-difference: a difference stated in the text against the table it speaks of.

Begrotingen and jaarstukken explain their tables in a sentence below them: "In het
resultaatgebied 7.4 Jeugd zijn de lasten € 49.000 hoger." under "Lasten | 8.380 | 8.601 |
8.650 | ..." (Best, begroting 2020: 8.650 − 8.601), "De uitkeringslasten zijn € 170.000 hoger
dan begroot." A change in running text (kind ``change``) is matched with the nearest table
before it in the document (within :data:`REACH` characters), and there with the row whose label
its sentence names as its subject ("zijn de lasten" names the row "Lasten", "hogere lasten
leerlingenvervoer" in the list below it does not; the longest label wins). A sentence that
names a part ("In het deelgebied Participatie zijn de lasten ...") speaks of the row only when
the table is that part's (its heading).
The differences the row can give are those between two of its columns that differ in period or
in kind (begroting against realisatie), in the unit of the stated change. When the stated change
is one of them, either way round and within the rounding of the figures, all is well; when it is
none of them, that is reported as a warning: the sentence may speak of a part of the row (one
budget within it) or of another table, so it is not an error.
"""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import combinations

from ..records import Finding, Measurement
from ..ruleset.load import RuleSet
from .evidence import amount, finding, period, place
from .intervals import compare, interval

CODE = "HC015"
NAME = "stated-difference"
DESCRIPTION = "A difference stated in the text under a table is the difference of two of its columns in the row it names."
MESSAGES = {
    "mismatch": "The text gives a difference of {change} ({place}) for the row '{row}' of the table above "
                "({table_place}), but no two of its columns differ by that: {pairs}. The sentence may speak of a "
                "part of the row (one budget within it) or of another table.",
}
#: the row's label is the sentence's subject: "zijn de lasten", "de totale lasten", not "hogere lasten
#: leerlingenvervoer" (a part of the lasten, as the list under the sentence gives them)
_DETERMINER = r"(?:de|het|onze|totale|de\s+totale)\s+"
#: the part a sentence says it speaks of: "In het deelgebied Participatie zijn de lasten ..."
_PART = re.compile(r"\b(?:deelgebied|resultaatgebied|taakveld|programma|subprogramma|beleidsveld|beleidsterrein|"
                   r"productgroep|onderdeel)\s+(?P<part>.+?)\s+(?:zijn|is|bedragen|bedraagt|vallen|valt|komen|komt)\b")
#: how far before the sentence, in characters of the document, its table may end
REACH = 3000
#: the pairs a message lists by name
SHOWN = 4


def run(measurements: list[Measurement], rules: RuleSet | None) -> list[Finding]:
    rows: dict[tuple, dict[int, list[Measurement]]] = defaultdict(lambda: defaultdict(list))
    for m in measurements:
        if m.method == "table" and m.table is not None and m.cell is not None and m.start is not None:
            rows[(m.doc_id or m.doc, m.table)][m.cell[0]].append(m)
    ends = {key: max(m.start for cells in table.values() for m in cells) for key, table in rows.items()}
    findings = []
    for change in measurements:
        if change.method != "prose" or change.kind != "change" or change.start is None:
            continue
        row = _row_named(change, rows, ends)
        if row is not None:
            found = _compare(change, row)
            if found is not None:
                findings.append(found)
    return findings


def _row_named(change: Measurement, tables: dict[tuple, dict[int, list[Measurement]]],
               ends: dict[tuple, int]) -> list[Measurement] | None:
    """The row of the nearest table before the sentence whose label the sentence names
    (``ends``: where each table's last figure stands)."""
    doc = change.doc_id or change.doc
    before = [(end, key) for key, end in ends.items()
              if key[0] == doc and end < change.start and change.start - end <= REACH]
    if not before:
        return None
    table = tables[max(before)[1]]
    text = change.quote.lower()
    named = [(len(label), cells) for cells in table.values()
             if (label := _row_label(cells[0])) and re.search(rf"\b{_DETERMINER}{re.escape(label)}(?!\w)", text)]
    if not named:
        return None
    row = max(named, key=lambda n: n[0])[1]
    return row if _same_part(text, row) else None


def _same_part(text: str, row: list[Measurement]) -> bool:
    """A sentence that names its part ("In het deelgebied Participatie zijn de lasten ...") speaks
    of the row only when the table is that part's (its heading "7.4 - Jeugd" for "resultaatgebied
    7.4 Jeugd"); a sentence that names none speaks of the row."""
    part = _PART.search(text)
    if part is None:
        return True
    words = set(re.findall(r"[a-zà-ÿ]{3,}", part.group("part")))
    where = " ".join(v.lower() for m in row[:1] for v in m.dimensions.values())
    return bool(words) and words <= set(re.findall(r"[a-zà-ÿ]{3,}", where))


def _row_label(m: Measurement) -> str:
    return m.quote.split(" | ")[0].strip(" -–•*:").lower()


def _pairs(change: Measurement, row: list[Measurement]) -> list[tuple[Measurement, Measurement]]:
    cells = sorted((m for m in row if m.unit == change.unit and m.kind != "change"), key=lambda m: m.cell[1])
    pairs = [(a, b) for a, b in combinations(cells, 2) if (period(a), a.kind) != (period(b), b.kind)]
    return sorted(pairs, key=lambda p: (p[1].cell[1] - p[0].cell[1], p[0].cell[1]))  # neighbours first


def _compare(change: Measurement, row: list[Measurement]) -> Finding | None:
    pairs = _pairs(change, row)
    if not pairs:
        return None
    stated = interval(change)
    for a, b in pairs:
        for first, second in ((a, b), (b, a)):
            if compare(stated, interval(second) - interval(first), second.value - first.value) != "mismatch":
                return None
    unit = change.unit
    shown = "; ".join(f"{amount(b.value, unit)} − {amount(a.value, unit)} = {amount(b.value - a.value, unit)}"
                      for a, b in pairs[:SHOWN])
    more = f" and {len(pairs) - SHOWN} more" if len(pairs) > SHOWN else ""
    message = MESSAGES["mismatch"].format(change=amount(change.value, unit), place=place(change),
                                          row=row[0].quote.split(" | ")[0].strip(), table_place=place(row[0]),
                                          pairs=shown + more)
    involved = [(change, "stated difference")] + [(m, "column") for m in sorted({id(m): m for p in pairs for m in p}
                                                                                .values(), key=lambda m: m.cell[1])]
    return finding(CODE, "warning", message, involved, expected="the difference of two columns",
                   stated=amount(change.value, unit))
