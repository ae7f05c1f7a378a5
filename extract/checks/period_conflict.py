"""HC006 period-conflict: the text around a table gives its figures another period than the table.

A sentence describes a table when it repeats the table's figures: prose
measurements within :data:`LINES` source lines before or after the table, of the
same indicator, unit and dimensions, with the exact value of one of its cells (a
figure with a qualifier, "rond de 150", is not a table figure repeated). When the
sentence's period and the cell's period (from the table's caption, header or the
sentence introducing it) do not overlap, one of the two is wrong:

    2e kwartaal 2017 Bezwaren  ...  Totaal 75
    In het eerste kwartaal van 2017 zijn in totaal 75 bezwaren afgedaan ...

One finding per table and sentence period, with every figure that matches. The sentence
that introduces a table ("Onderstaande tabel geeft weer hoeveel jongeren in het eerste
kwartaal ...") can also disagree with the table's own column header ("Totaal aantal cliënten
in tweede kwartaal"): one finding for the table, with the text that agrees with the columns.
"""

from __future__ import annotations

from collections import defaultdict

from ..records import Finding, Measurement
from ..ruleset.load import RuleSet
from .evidence import by_document, dims, finding, number, period_words, place
from .intervals import same

CODE = "HC006"
NAME = "period-conflict"
DESCRIPTION = "Text describing a table gives the same figures the table's own period."
#: compares figures by indicator, period and breakdown: typed measurements only
BY_IDENTITY = True
MESSAGES = {
    "conflict": "The text at {text_place} gives {figures} of the table at {table_place} ({values}) for "
                "{text_period}, but the table has {them} for {table_period}, from its {source}.",
    "introduction": "The sentence introducing the table at {table_place} dates its figures {intro_period} "
                    "({intro_values}), but the table's own column says {column_period} ({column_values}){text}: "
                    "the introduction's period is likely wrong.",
}

LINES = 6


def run(measurements: list[Measurement], rules: RuleSet | None) -> list[Finding]:
    findings = []
    for document in by_document(measurements).values():
        tables: dict[int, list[Measurement]] = defaultdict(list)
        for m in document:
            if m.method == "table" and m.table is not None and m.line is not None:
                tables[m.table].append(m)
        prose = [m for m in document if m.method == "prose" and m.line is not None and m.period_end]
        for cells in tables.values():
            first, last = min(m.line for m in cells), max(m.line for m in cells)
            conflicts: dict[tuple, list[tuple[Measurement, Measurement]]] = defaultdict(list)
            for text in prose:
                if not (first - LINES <= text.line < first or last < text.line <= last + LINES):
                    continue
                cell = next((c for c in cells if _same_figure(c, text)), None)
                if cell is not None and not _overlap(cell, text):
                    conflicts[(text.period_start, text.period_end, cell.period_start, cell.period_end)].append(
                        (text, cell))
            introduced = _introduction_conflict(cells)
            if introduced is None:
                findings.extend(_finding(pairs) for pairs in conflicts.values())
                continue
            # the text that gives an introduced cell another period says the same as the columns: one finding
            texts = [pair for key, pairs in conflicts.items() for pair in pairs if pair[1].period_source == "introduction"]
            findings.append(_introduction_finding(*introduced, texts))
            findings.extend(_finding(pairs) for pairs in conflicts.values()
                            if all(cell.period_source != "introduction" for _, cell in pairs))
    return findings


def _introduction_conflict(cells: list[Measurement]):
    """The cells dated by the sentence introducing the table and those dated by their own column
    header, when the two periods (both spans, neither a moment) do not overlap: "Onderstaande
    tabel geeft weer hoeveel jongeren in het eerste kwartaal ..." over a column "Totaal aantal
    cliënten in tweede kwartaal". None when they agree or the table has no such two."""
    introduced = [c for c in cells if c.period_source == "introduction" and c.temporal == "flow"]
    dated = [c for c in cells if c.period_source == "column" and c.temporal == "flow"]
    if not introduced or not dated:
        return None
    apart = [c for c in dated if not any(_overlap(c, i) for i in introduced)]
    return (introduced, apart) if apart else None


def _introduction_finding(introduced: list[Measurement], dated: list[Measurement],
                          texts: list[tuple[Measurement, Measurement]]) -> Finding:
    cells = sorted(introduced + dated, key=lambda c: (c.line, c.cell or (0, 0)))
    text = ""
    if texts:
        sentence = texts[0][0]
        text = (f", and the text at {place(sentence)} gives {', '.join(number(t.value) for t, _ in texts)} "
                f"for {period_words(sentence)} too")
    message = MESSAGES["introduction"].format(
        table_place=_lines(cells), intro_period=period_words(introduced[0]),
        intro_values=", ".join(number(c.value) for c in introduced), column_period=period_words(dated[0]),
        column_values=", ".join(number(c.value) for c in dated), text=text)
    involved = [(c, "introduced cell") for c in introduced] + [(c, "dated cell") for c in dated] + \
        [(t, "text") for t, _ in texts]
    return finding(CODE, "error", message, involved, expected=period_words(dated[0]), stated=period_words(introduced[0]))


def _lines(cells: list[Measurement]) -> str:
    first, last = cells[0], cells[-1]
    if first.line == last.line:
        return place(first)
    return (f"p{first.page} " if first.page else "") + f"lines {first.line}-{last.line}"


def _same_figure(cell: Measurement, text: Measurement) -> bool:
    return (cell.indicator == text.indicator and cell.unit == text.unit and dims(cell) == dims(text)
            and same(cell.value, text.value) and not text.qualifier and cell.period_end is not None)


def _overlap(a: Measurement, b: Measurement) -> bool:
    return (a.period_start or a.period_end) <= b.period_end and (b.period_start or b.period_end) <= a.period_end


def _finding(pairs: list[tuple[Measurement, Measurement]]) -> Finding:
    text, cell = pairs[0]
    cells = sorted({id(c): c for _, c in pairs}.values(), key=lambda c: c.line)
    message = MESSAGES["conflict"].format(
        text_place=place(text), figures=f"{len(pairs)} figures" if len(pairs) > 1 else "a figure",
        them="them" if len(pairs) > 1 else "it", table_place=_lines(cells), values=", ".join(number(t.value) for t, _ in pairs),
        text_period=period_words(text), table_period=period_words(cell), source=cell.period_source or "header")
    involved = [(m, "text") for m, _ in pairs] + [(c, "table cell") for c in cells]
    return finding(CODE, "error", message, involved, expected=period_words(cell), stated=period_words(text))
