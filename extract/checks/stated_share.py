"""HC002 stated-share: a percentage recomputed from the two figures it is a ratio of.

Pairing, since reports never say "numerator" and "denominator":

* the share is a percentage of a ``share`` indicator;
* its figures are two measurements of one unit that is not itself a share, rate or
  score (two amounts, two counts): in the same table row, or in prose in the same
  sentence or one of the sentences just before it (within :data:`WINDOW` characters:
  "Voor 2017 ... een waarde van € 23,1 miljoen. In het eerste halfjaar is € 12,04
  miljoen besteed, wat overeen komt met 53% van de contractwaarde.");
* at least one of the two stands in the share's own sentence or row;
* the numerator is at most the denominator, unless the indicator allows over 100%;
* of all such pairs the one whose ratio comes nearest the stated share is taken,
  and only when it is near enough to be the ratio meant (within :data:`NEAR`
  percentage points or a quarter of the share): a sentence with unrelated figures
  gives no finding rather than a false one.
"""

from __future__ import annotations

from ..records import Finding, Measurement
from ..ruleset.load import RuleSet
from .evidence import amount, as_written, bounds, by_document, finding, indicators, place
from .intervals import compare, interval

CODE = "HC002"
NAME = "stated-share"
DESCRIPTION = "A stated percentage equals its own numerator divided by its denominator (rounding allowed)."
MESSAGES = {
    "mismatch": "{share} is stated ({place}), but {numerator} of {denominator} is {ratio} ({range} given the "
                "rounding of both figures): {gap} percentage points apart. The share may be of another whole than "
                "the one the sentence names (the budget after a change, a part of the group).",
    "rounding": "{share} ({place}) matches {numerator} of {denominator} = {ratio} only by rounding ({range}).",
}

WINDOW = 400
NEAR = 5.0
_NOT_PARTS = {"share", "rate", "score"}


def run(measurements: list[Measurement], rules: RuleSet | None) -> list[Finding]:
    known = indicators(rules)

    def quantity(m: Measurement) -> str:
        ind = known.get(m.indicator)
        return ind.quantity if ind else ("share" if m.unit == "percent" else "")

    findings = []
    for document in by_document(measurements).values():
        figures = [m for m in document if m.unit != "percent" and quantity(m) not in _NOT_PARTS and m.kind != "change"]
        for share in document:
            if share.unit != "percent" or quantity(share) != "share" or share.kind == "change":
                continue
            ind = known.get(share.indicator)
            best = _best_pair(share, [m for m in figures if _near(share, m)], ind.allow_over_100 if ind else False)
            found = _compare(share, *best) if best is not None else None
            if found is not None:
                findings.append(found)
    return findings


def _near(share: Measurement, m: Measurement) -> bool:
    if m.method != share.method:
        return False
    if share.method == "table":
        return m.table == share.table and m.cell is not None and share.cell is not None and m.cell[0] == share.cell[0]
    if m.quote == share.quote:
        return True
    return m.start is not None and share.start is not None and 0 < share.start - m.start <= WINDOW


def _best_pair(share: Measurement, near: list[Measurement], over_100: bool):
    best, best_gap = None, None
    for numerator in near:
        for denominator in near:
            if numerator is denominator or numerator.unit != denominator.unit or denominator.value <= 0:
                continue
            if numerator.value == denominator.value and numerator.quote == denominator.quote:
                continue  # one figure given twice ("Saldo | 127,05% | € 9.011" on two tiles) is no part of itself
            if share.quote not in (numerator.quote, denominator.quote):
                continue
            if numerator.value > denominator.value and not over_100:
                continue
            ratio = 100 * numerator.value / denominator.value
            gap = abs(ratio - share.value)
            if best_gap is None or gap < best_gap:
                best, best_gap = (numerator, denominator), gap
    if best is None or best_gap > max(NEAR, share.value / 4):
        return None
    return best


def _compare(share: Measurement, numerator: Measurement, denominator: Measurement) -> Finding | None:
    computed = interval(numerator).percent_of(interval(denominator))
    if computed is None:
        return None
    ratio = 100 * numerator.value / denominator.value
    stated = interval(share)
    outcome = compare(stated, computed, ratio)
    if outcome == "ok":
        return None
    fields = {"share": as_written(share), "place": place(share), "numerator": as_written(numerator),
              "denominator": as_written(denominator), "ratio": amount(ratio, "percent", 2),
              "range": bounds(computed, "percent")}
    involved = [(share, "stated share"), (numerator, "numerator"), (denominator, "denominator")]
    expected = f"{fields['ratio']} ({fields['range']})"
    if outcome == "rounding":
        return finding(CODE, "info", MESSAGES["rounding"].format(**fields), involved, expected=expected,
                       stated=fields["share"])
    message = MESSAGES["mismatch"].format(gap=amount(stated.gap(computed), "", 2), **fields)
    return finding(CODE, "error", message, involved, expected=expected, stated=fields["share"])
