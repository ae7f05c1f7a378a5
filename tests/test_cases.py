"""Table-driven cases quoted from the corpus: quantities, periods and number mentions.

The data lives in ``tests/cases/*.yaml``; every case is a sentence, table row or cell
copied from a corpus document with what a careful reader of Dutch expects in it. A
case the code does not yet get right carries ``xfail: "<what the code does wrong>"``
and runs as a strict xfail, so the suite stays green and every known gap is listed
(a case that starts passing fails the run until its ``xfail`` line is removed).

What "the code's answer" is, per file:

- quantities: ``find_quantities(text)`` for running text, keeping the quantities the
  pipeline would keep as candidate measurements: those with a number token that
  ``classify_numbers`` leaves as a quantity (or no number token at all: number words).
  For a table cell (``cell: true``) it is ``parse_cell(text)``; ``unit_hint`` and
  ``scale_hint`` give the context the table provides for a bare cell.
- periods: ``find_periods(text, Anchor.of(*anchor))``.
- mentions: ``classify_numbers(text, anchor)``; a token without a reason is a quantity
  when ``find_quantities`` covers it (else the pipeline calls it "unparsed").
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from extract.documents import read_document
from extract.extraction.mentions import NUMBER_TOKEN, classify_numbers
from extract.text.periods import Anchor, find_periods
from extract.text.quantities import find_quantities, parse_cell

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
CASES = Path(__file__).resolve().parent / "cases"

#: the report period of each document: what year-less and relative phrases resolve against
ANCHORS = {
    "haarlem_2017-q2_rapportage-sociaal-domein.txt": ("2017-01-01", "2017-06-30"),
    "haarlemmermeer_2017-06_raadsbrief-sociaal-domein.md": ("2017-01-01", "2017-06-30"),
    "haarlem_2017_jaarverslag-sociaal-domein.txt": ("2017-01-01", "2017-12-31"),
    "haarlemmermeer_2024_jaarverslag-sociaal-domein.txt": ("2024-01-01", "2024-12-31"),
    "haarlem-regio_2017-03_uitvoeringsprogramma-opvang-wonen-herstel.md": ("2017-01-01", "2020-12-31"),
}
UNITS = {
    "count", "percent", "percentage_point", "eur", "hours", "days", "weeks", "months", "years", "fte", "times",
    "per_1000", "per_10000", "grade",
}
ROLES = {"", "from", "to", "range"}
REASONS = {
    "url", "reference_number", "phone_number", "postcode", "house_number", "section_number", "table_figure_number",
    "law_name", "age_bound", "period", "ordinal", "name",
}
QUANTITY_FIELDS = {"text", "value", "unit", "qualifier", "low", "high", "role", "counted"}
NUMERIC_FIELDS = {"value", "low", "high"}
MINIMUM = {"quantities": 150, "periods": 80, "mentions": 90}
CASE_KEYS = {
    "quantities": {"doc", "text", "cell", "expect", "unit_hint", "scale_hint", "synthetic", "xfail", "note"},
    "periods": {"doc", "text", "anchor", "expect", "synthetic", "xfail", "note"},
    "mentions": {"doc", "text", "numbers", "synthetic", "xfail", "note"},
}


@cache
def load_cases(kind: str) -> tuple[dict, ...]:
    data = yaml.safe_load((CASES / f"{kind}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, list), f"{kind}.yaml must be a list of cases"
    return tuple(data)


def params(kind: str) -> list:
    out = []
    for n, case in enumerate(load_cases(kind), start=1):
        marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if case.get("xfail") else []
        out.append(pytest.param(case, id=f"{kind}-{n}", marks=marks))
    return out


def all_params() -> list:
    return [
        pytest.param(kind, case, id=f"{kind}-{n}")
        for kind in MINIMUM
        for n, case in enumerate(load_cases(kind), start=1)
    ]


def anchor_of(doc: str) -> Anchor:
    return Anchor.of(*ANCHORS[doc])


def _iso(value) -> str | None:
    """A date from the YAML (a date or a string; null for an open bound) as ISO text."""
    return None if value in (None, "") else str(value)


# -- the cases themselves ------------------------------------------------------------


def test_enough_cases():
    counts = {kind: len(load_cases(kind)) for kind in MINIMUM}
    assert sum(counts.values()) >= 320, counts
    for kind, minimum in MINIMUM.items():
        assert counts[kind] >= minimum, counts


@pytest.mark.parametrize("kind, case", all_params())
def test_case_is_well_formed(kind, case):
    assert set(case) <= CASE_KEYS[kind], set(case) - CASE_KEYS[kind]
    assert case["doc"] in ANCHORS
    assert isinstance(case["text"], str) and case["text"].strip()
    assert "xfail" not in case or (isinstance(case["xfail"], str) and case["xfail"].strip())
    if kind == "quantities":
        assert isinstance(case["cell"], bool)
        for q in case["expect"]:
            assert set(q) <= QUANTITY_FIELDS and {"text", "value"} <= set(q), q
            assert q.get("unit", "count") in UNITS and q.get("role", "") in ROLES, q
            assert q["text"] in case["text"], f"{q['text']!r} is not in the case text"
    elif kind == "periods":
        assert len(case["anchor"]) == 2
        for p in case["expect"]:
            assert set(p) == {"text", "start", "end", "moment"}, p
            assert p["text"].lower() in " ".join(case["text"].split()).lower(), p
    else:
        tokens = [m.group(0) for m in NUMBER_TOKEN.finditer(case["text"])]
        assert [n["text"] for n in case["numbers"]] == tokens, "list every number token of the text, in order"
        for n in case["numbers"]:
            assert n["status"] in ("quantity", "non_measurement"), n
            assert (n["status"] == "quantity") == ("reason" not in n), n
            assert "reason" not in n or n["reason"] in REASONS, n


def _fold(text: str) -> str:
    return " ".join(text.split())


@cache
def corpus_texts(doc: str) -> tuple[str, str]:
    """The document as the readers normalise it, and the raw file with light normalisation; whitespace folded."""
    path = CORPUS / doc
    raw = path.read_text(encoding="utf-8")
    raw = re.sub(r"</?[a-zA-Z][^>]*>", "", raw).replace("**", "")
    raw = re.sub(r"(\d) \^(e|ste|de)\b", r"\1\2", raw)
    return _fold(read_document(path).text), _fold(raw)


@pytest.mark.parametrize(
    "kind, case", [p for p in all_params() if not p.values[1].get("synthetic")]
)
def test_case_text_occurs_in_its_document(kind, case):
    text = _fold(case["text"])
    normalised, raw = corpus_texts(case["doc"])
    assert text in normalised or text in raw, f"not found verbatim in {case['doc']}: {text!r}"


# -- quantities ----------------------------------------------------------------------


def code_quantities(case: dict) -> list:
    text = case["text"]
    hints = {k: case[k] for k in ("unit_hint", "scale_hint") if k in case}
    if case["cell"]:
        q = parse_cell(text, **hints)
        return [q] if q is not None else []
    classified = classify_numbers(text, anchor_of(case["doc"]))
    kept = []
    for q in find_quantities(text, **hints):
        reasons = [reason for tok, reason in classified if tok.start() < q.end and q.start < tok.end()]
        if not reasons or "" in reasons:
            kept.append(q)
    return kept


def _describe(qs) -> str:
    return "; ".join(
        f"{q.text!r}={q.value:g} {q.unit} q={q.qualifier!r} [{q.low:g},{q.high:g}] role={q.role!r} counted={q.counted!r}"
        for q in qs
    ) or "(none)"


@pytest.mark.parametrize("case", params("quantities"))
def test_quantities(case):
    got = code_quantities(case)
    expected = case["expect"]
    assert len(got) == len(expected), f"expected {[e['text'] for e in expected]}, code: {_describe(got)}"
    for exp, q in zip(expected, got, strict=True):
        for field, want in exp.items():
            have = getattr(q, field)
            if field in NUMERIC_FIELDS:
                assert have == pytest.approx(want, rel=1e-6, abs=1e-3), f"{field} of {exp['text']!r}: {_describe([q])}"
            else:
                assert have == want, f"{field} of {exp['text']!r}: {_describe([q])}"


# -- periods -------------------------------------------------------------------------

#: words before a period expression that do not change what it means ("in het tweede kwartaal",
#: "op 1 juli 2017", "in de maanden mei"): the text compares without them, case-insensitively
_LEADING = re.compile(r"^(?:(?:in|op|per|over|tijdens|gedurende|vanaf|sinds|tot|het|de|maand|maanden|periode)\s+)+", re.I)


def _period_text(text: str) -> str:
    return _LEADING.sub("", _fold(text)).lower()


@pytest.mark.parametrize("case", params("periods"))
def test_periods(case):
    got = find_periods(case["text"], Anchor.of(*(_iso(d) for d in case["anchor"])))
    have = [(_period_text(p.text), _iso(p.period_start), _iso(p.period_end), p.moment) for p in got]
    want = [(_period_text(p["text"]), _iso(p["start"]), _iso(p["end"]), p["moment"]) for p in case["expect"]]
    assert have == want


# -- mentions ------------------------------------------------------------------------


@pytest.mark.parametrize("case", params("mentions"))
def test_mentions(case):
    text = case["text"]
    quantities = find_quantities(text)
    have = []
    for tok, reason in classify_numbers(text, anchor_of(case["doc"])):
        if not reason and not any(q.start <= tok.start() and tok.end() <= q.end for q in quantities):
            reason = "unparsed"
        have.append((tok.group(0), "non_measurement", reason) if reason else (tok.group(0), "quantity", None))
    want = [(n["text"], n["status"], n.get("reason")) for n in case["numbers"]]
    assert have == want
