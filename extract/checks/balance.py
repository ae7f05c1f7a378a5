"""HC009 balance: a table's saldo against its own lasten and baten.

Every "Wat heeft het gekost?" table and the BBV overzicht van baten en lasten give, per
programme, taakveld or part and per column, the lasten, the baten and their saldo. The three
are figures of one table with the same period, kind and part (the dimensions ``post``,
``onderdeel`` and ``taakveld``): in one row under "Begroting lasten | baten | saldo", or in
one column under "Participatie" / "Lasten" / "Baten" / "Saldo". Where the table gives one of
each, the saldo must be what the table's own sign convention makes of the other two: baten −
lasten, lasten − baten, or their sum where the baten are written negative ("+ = nadeel | - =
voordeel"). A saldo that none of the conventions gives, beyond the rounding of the three
cells, is an error; one that fits only by rounding is information.

A part that is written twice (the parts and the "Totaal lasten" of a table) takes its total;
where a table gives two lasten for one part and column, or none, nothing is checked.
"""

from __future__ import annotations

from collections import defaultdict

from ..records import Finding, Measurement
from ..ruleset.load import RuleSet
from .evidence import amount, bounds, finding, period, place
from .intervals import Interval, compare, interval

CODE = "HC009"
NAME = "balance"
DESCRIPTION = "A table's saldo is its baten minus its lasten (or the table's own sign convention), rounding allowed."
#: compares figures by indicator, period and breakdown: typed measurements only
BY_IDENTITY = True
MESSAGES = {
    "mismatch": "Saldo {saldo} ({place}) of {part}{when} does not follow from the table's lasten {lasten} and baten "
                "{baten}: baten − lasten is {baten_minus_lasten}, lasten − baten {lasten_minus_baten}{sum}. A saldo "
                "that includes mutaties in reserves, or lasten and baten of another column, would explain it.",
    "rounding": "Saldo {saldo} ({place}) of {part}{when} matches the table's lasten {lasten} and baten {baten} only by "
                "rounding ({range}).",
}

LASTEN, BATEN, SALDO = "financien.lasten", "financien.baten", "financien.saldo"
#: the dimensions that say which part of the budget a figure is of; the others ("deel",
#: "bestemming") say which kind of lasten or saldo it is
PART_DIMENSIONS = ("post", "onderdeel", "taakveld")


def run(measurements: list[Measurement], rules: RuleSet | None) -> list[Finding]:
    groups: dict[tuple, dict[str, list[Measurement]]] = defaultdict(lambda: defaultdict(list))
    for m in measurements:
        if m.method == "table" and m.table is not None and m.indicator in (LASTEN, BATEN, SALDO) and m.unit == "eur":
            part = tuple((d, m.dimensions.get(d, "")) for d in PART_DIMENSIONS)
            groups[(m.doc_id or m.doc, m.table, m.period_start, m.period_end, m.kind, part)][m.indicator].append(m)
    findings = []
    for by_indicator in groups.values():
        lasten, baten, saldo = (_one(by_indicator.get(i, [])) for i in (LASTEN, BATEN, SALDO))
        if lasten is not None and baten is not None and saldo is not None:
            found = _compare(lasten, baten, saldo)
            if found is not None:
                findings.append(found)
    return findings


def _one(cells: list[Measurement]) -> Measurement | None:
    """The one figure of a part and column: the only one, else the only total; a saldo before
    the reserve mutations where the table gives both; None when it stays ambiguous."""
    cells = [m for m in cells if m.dimensions.get("bestemming") != "na"]
    if len(cells) > 1:
        cells = [m for m in cells if m.total] or cells
    return cells[0] if len(cells) == 1 else None


def _compare(lasten: Measurement, baten: Measurement, saldo: Measurement) -> Finding | None:
    low, high = interval(lasten), interval(baten)
    conventions = [(high - low, baten.value - lasten.value), (low - high, lasten.value - baten.value),
                   (low + high, lasten.value + baten.value), (Interval(-(low.high + high.high), -(low.low + high.low)),
                                                              -(lasten.value + baten.value))]
    stated = interval(saldo)
    outcomes = [compare(stated, computed, value) for computed, value in conventions]
    if "ok" in outcomes:
        return None
    part = saldo.dimensions.get("post") or saldo.dimensions.get("taakveld") or saldo.dimensions.get("onderdeel") \
        or "the table"
    fields = {"saldo": amount(saldo.value, "eur"), "place": place(saldo), "part": part,
              "when": f", {period(saldo)}" if saldo.period_end else "", "lasten": amount(lasten.value, "eur"),
              "baten": amount(baten.value, "eur")}
    involved = [(saldo, "saldo"), (lasten, "lasten"), (baten, "baten")]
    if "rounding" in outcomes:
        computed, _ = conventions[outcomes.index("rounding")]
        message = MESSAGES["rounding"].format(range=bounds(computed, "eur"), **fields)
        return finding(CODE, "info", message, involved, expected=bounds(computed, "eur"), stated=fields["saldo"])
    negative_baten = baten.value < 0 < lasten.value
    message = MESSAGES["mismatch"].format(
        baten_minus_lasten=amount(baten.value - lasten.value, "eur"),
        lasten_minus_baten=amount(lasten.value - baten.value, "eur"),
        sum=f", their sum {amount(lasten.value + baten.value, 'eur')}" if negative_baten else "", **fields)
    return finding(CODE, "error", message, involved, expected=amount(baten.value - lasten.value, "eur"),
                   stated=fields["saldo"])
