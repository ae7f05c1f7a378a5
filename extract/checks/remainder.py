"""HC012 remainder: a total broken down in prose, its last part stated as "the rest".

"Voor de zogenaamde oude taken is in 2017 € 43,4 miljoen beschikbaar. Onderdeel hiervan is
€ 24,9 miljoen voor bijstandverlening. [...] circa € 6,4 miljoen [...] €1,3 miljoen [...] Het
overige budget van circa € 10 miljoen is ten behoeve van [...]": a remainder ("het overige",
"de overige", "de resterende", "de rest") closes a breakdown, so the figures before it, back to
the total they break down, add up to that total. The figures are those of the same document,
unit and indicator (or both labelled) written before the remainder, within a paragraph's
reach. Totals are tried from the nearest figure back: when one of them is the sum of the
figures between it and the remainder, the breakdown holds ("13 kandidaten gestart. Eén
kandidaat is voortijdig opgehouden. De overige 12 ..."). When none is, a finding is raised only
where the text says a breakdown begins ("hiervan", "daarvan", "waarvan", "onderdeel",
"bestaat uit") right after the total: without such words a figure before the remainder may
belong to another sentence's subject. A breakdown that fits only by the rounding of its digits
is information; one that fits only once its approximate figures ("circa") are stretched as far
as their word allows, a warning.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ..records import Finding, Measurement
from ..ruleset.load import RuleSet
from ..text.quantities import find_quantities
from .evidence import amount, bounds, finding, place
from .intervals import ZERO, compare, digits, interval, same

CODE = "HC012"
NAME = "remainder"
DESCRIPTION = "A total broken down in prose adds up with its remainder ('het overige budget van circa € 10 miljoen')."
MESSAGES = {
    "mismatch": "The breakdown of {total} ({place}) does not add up: its {n} parts and the remainder stated as {rest} "
                "({rest_place}) make {sum}{range}, {gap} {side} the total; the remainder would be {expected}.{approx}",
    "rounding": "The breakdown of {total} ({place}) adds up only by rounding: its {n} parts and the remainder "
                "{rest} ({rest_place}) make {sum} ({range}).",
}

#: the words that make a figure the rest of a breakdown, and the few words between them and it
_REMAINDER = re.compile(
    r"\b(?:de|het)\s+(?:overige|resterende|rest(?:\s+van\s+(?:het|de))?)\s+(?:[a-zà-ÿ-]+\s+){0,2}?"
    r"(?:van\s+)?\(?\s*(?:(?:circa|ca\.|ongeveer|bijna|ruim)\s+)?(?=[€\d]|een\b|één\b)", re.I)
#: the words after a total that say its parts follow
_BREAKDOWN = re.compile(r"\b(?:hiervan|daarvan|waarvan|onderdeel|bestaat\s+uit|verdeeld|opgebouwd\s+uit)\b", re.I)
#: how far back, in characters of the document, a total may stand before its remainder
REACH = 1200
#: the most figures a breakdown is tried with
MAX_PARTS = 8


def run(measurements: list[Measurement], rules: RuleSet | None) -> list[Finding]:
    prose: dict[tuple, list[Measurement]] = defaultdict(list)
    for m in measurements:
        if m.method == "prose" and m.start is not None:
            prose[(m.doc_id or m.doc, m.unit, m.indicator)].append(m)
    findings = []
    for figures in prose.values():
        figures.sort(key=lambda m: m.start)
        for k, rest in enumerate(figures):
            if _is_remainder(rest):
                found = _check(rest, [m for m in figures[:k] if rest.start - m.start <= REACH][-MAX_PARTS - 1:])
                if found is not None:
                    findings.append(found)
    return findings


def _is_remainder(m: Measurement) -> bool:
    """Whether the remainder words stand right before this figure in its sentence."""
    for hit in _REMAINDER.finditer(m.quote):
        after = find_quantities(m.quote[hit.end():hit.end() + 40])
        if after and after[0].start == 0 and same(after[0].value, m.value):
            return True
    return False


def _check(rest: Measurement, before: list[Measurement]) -> Finding | None:
    """None when some earlier figure is the total of the ones between it and the remainder;
    else the finding for the total the text marks as broken down, if any."""
    marked = None
    for i in range(len(before) - 2, -1, -1):  # a total needs at least one part between it and the rest
        total, parts = before[i], before[i + 1:]
        if compare(interval(total), _sum(parts, rest), sum(p.value for p in parts) + rest.value) == "ok":
            return None
        if marked is None and _breaks_down(total, parts[0]):
            marked = (total, parts)
    return _finding(*marked, rest) if marked else None


def _breaks_down(total: Measurement, first: Measurement) -> bool:
    """The text says the total's parts follow: breakdown words in the first part's sentence
    (when it is another) or after the total in its own."""
    if first.quote != total.quote:
        return bool(_BREAKDOWN.search(first.quote))
    written = find_quantities(total.quote)
    at = next((q.end for q in written if same(q.value, total.value)), None)
    return at is not None and bool(_BREAKDOWN.search(total.quote, at))


def _sum(parts: list[Measurement], rest: Measurement, of=interval):
    return sum((of(m) for m in [*parts, rest]), ZERO)


def _finding(total: Measurement, parts: list[Measurement], rest: Measurement) -> Finding | None:
    """Graded by what it takes to fit: the rounding of the digits is information; stretching
    the approximate figures ("circa") as far as their word allows, a warning; nothing, an error."""
    value = sum(p.value for p in parts) + rest.value
    unit = total.unit
    involved = [(total, "total")] + [(m, "part") for m in parts] + [(rest, "remainder")]
    fields = {"total": amount(total.value, unit), "place": place(total), "n": len(parts),
              "rest": amount(rest.value, unit), "rest_place": place(rest), "sum": amount(value, unit)}
    as_digits = _sum(parts, rest, digits)
    outcome = compare(digits(total), as_digits, value)
    if outcome == "ok":
        return None
    if outcome == "rounding":
        message = MESSAGES["rounding"].format(**fields, range=bounds(as_digits, unit))
        return finding(CODE, "info", message, involved, expected=fields["sum"], stated=fields["total"])
    stretched = compare(interval(total), _sum(parts, rest), value) != "mismatch"
    approximate = sorted({m.qualifier for m in [*parts, rest] if m.qualifier})
    stated = digits(total)
    side = "above" if as_digits.low > stated.high else "below"
    fields["range"] = "" if as_digits.low == as_digits.high else f" ({bounds(as_digits, unit)} given rounding)"
    approx = (f" It fits only if the approximate figures ({', '.join(approximate)}) are stretched as far as "
              "their words allow." if stretched else "")
    message = MESSAGES["mismatch"].format(gap=amount(abs(total.value - value), unit), side=side,
                                          expected=amount(total.value - value + rest.value, unit), approx=approx,
                                          **fields)
    return finding(CODE, "warning" if stretched else "error", message, involved,
                   expected=f"{fields['sum']}{fields['range']}", stated=fields["total"])
