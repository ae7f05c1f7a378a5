"""Every number gets a status: the rule examples of rules/mentions.yaml, and the real corpus."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from conftest import CORPUS_FILES, HMM_2024, JAARVERSLAG, Q2, RAADSBRIEF, load

from extract.extraction.mentions import (
    NUMBER_TOKEN,
    STATUS_QUANTITY,
    classify_numbers,
    document_mentions,
    status_counts,
)
from extract.ruleset.errors import RuleFileError
from extract.ruleset.reasons import load_reasons
from extract.text.periods import Anchor

REASONS = load_reasons()
EXAMPLES = [(r.id, i, ex) for r in REASONS for i, ex in enumerate(r.examples)]
ANCHOR = Anchor.of("2017-01-01", "2017-06-30")


def test_every_reason_has_examples():
    assert [r.id for r in REASONS if not r.examples] == []


@pytest.mark.parametrize("reason, index, example", EXAMPLES, ids=[f"{r}-{i}" for r, i, _ in EXAMPLES])
def test_rule_example(reason, index, example):
    classified = classify_numbers(example["text"], ANCHOR)
    covered = [tok.group(0) for tok, r in classified if r == reason]
    assert sorted(covered) == sorted(example["covers"]), classified
    left = [tok.group(0) for tok, r in classified if r == ""]
    for number in example["leaves"]:
        assert number in left, f"{number} should stay a quantity in {example['text']!r}"


def test_rule_file_errors_name_file_and_line(tmp_path):
    bad = tmp_path / "mentions.yaml"
    bad.write_text("version: 1\nreasons:\n  - id: x\n    patterns: ['(']\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"mentions.yaml:3: reason 'x': bad pattern"):
        load_reasons(bad)
    bad.write_text("version: 1\nreasons:\n  - id: y\n    pattern: 'a'\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"mentions.yaml:3: reason 'y': unknown key\(s\) pattern"):
        load_reasons(bad)


def test_rule_file_refuses_python_tags(tmp_path):
    bad = tmp_path / "mentions.yaml"
    bad.write_text("version: 1\nreasons: !!python/object/apply:os.system ['echo hacked']\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match="invalid YAML"):
        load_reasons(bad)


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.stem)
def test_every_number_of_the_document_gets_one_status(path):
    doc = load(path)
    mentions = document_mentions(doc)
    in_text = Counter((m.start(), m.group(0)) for m in NUMBER_TOKEN.finditer(doc.text))
    from_mentions = Counter((m.start, m.text) for m in mentions if m.end > m.start and NUMBER_TOKEN.fullmatch(m.text))
    assert from_mentions == in_text
    assert all(m.status in (STATUS_QUANTITY, "non_measurement") for m in mentions)
    assert all(m.reason for m in mentions if m.status != STATUS_QUANTITY)
    assert not [m for m in mentions if m.reason == "unparsed"]


def mention(doc, text: str, context: str):
    for m in document_mentions(doc):
        if m.text == text and context in doc.text[max(0, m.start - 60):m.end + 60]:
            return m
    raise AssertionError(f"no mention {text!r} near {context!r}")


def test_q2_quantities_and_their_periods():
    doc = load(Q2)
    # "Eind 2016 bedroeg het aantal bijstandsgerechtigden 3736."
    m = mention(doc, "3736", "Eind 2016 bedroeg")
    assert m.status == STATUS_QUANTITY and m.value == 3736
    assert [(p.text, p.period_start, p.moment) for p in m.periods][0] == ("Eind 2016", "2016-12-31", True)
    assert mention(doc, "2016", "Eind 2016 bedroeg").reason == "period"
    # "Op dit moment staan er 159 cliënten op de wachtlijst, vorig kwartaal waren dat er 164."
    m = mention(doc, "164", "vorig kwartaal waren")
    assert {p.text: (p.period_start, p.period_end) for p in m.periods}["vorig kwartaal"] == ("2017-01-01", "2017-03-31")
    # "Koersdocument Werk en Inkomen (2016/2555655)"
    assert mention(doc, "2016/2555655", "Koersdocument").reason == "reference_number"
    # "2. Wmo" is a section number; "Tabel 1" a table number
    assert mention(doc, "2", "2. Wmo").reason == "section_number"
    assert mention(doc, "1", "Tabel 1").reason == "table_figure_number"


def test_q2_table_cells_are_quantities_with_scale_and_unit():
    doc = load(Q2)
    m = mention(doc, "1.524.000", "€ 1.000.000\t€ 1.524.000")
    assert m.cell == (1, 4) and m.quantity.unit == "eur" and m.value == 1524000
    m = mention(doc, "41", "625.000\t41%")
    assert m.quantity.unit == "percent" and m.value == 41


def test_raadsbrief_letterhead_is_not_measured():
    doc = load(RAADSBRIEF)
    assert mention(doc, "0900", "Telefoon 0900 1852").reason == "phone_number"
    assert mention(doc, "2130", "2130 AG Hoofddorp").reason == "postcode"
    assert mention(doc, "250", "Postbus 250").reason == "house_number"
    assert mention(doc, "2017.46954", "Ons kenmerk").reason == "reference_number"
    assert mention(doc, "27", "27 JUNI 2017").reason == "period"


def test_jaarverslag_age_bounds_and_the_numbers_beside_them():
    doc = load(JAARVERSLAG)
    # "40 van de te bouwen woningen zijn beschikbaar voor jongeren van 16 t/m 27 jaar."
    assert mention(doc, "16", "jongeren van 16 t/m 27 jaar").reason == "age_bound"
    assert mention(doc, "40", "40 van de te bouwen woningen").status == STATUS_QUANTITY
    # "In het vierde kwartaal is het verzuimcijfer aan het dalen van 10,1% naar 7,39%."
    m = mention(doc, "7,39", "verzuimcijfer")
    assert m.quantity.role == "to" and m.quantity.unit == "percent"


def test_2024_table_header_years_and_footnote():
    doc = load(HMM_2024)
    mentions = [m for m in document_mentions(doc) if m.cell and m.cell[0] == 0]
    assert {(m.text, m.reason) for m in mentions} >= {("2020", "period"), ("2024", "period"), ("1", "footnote_marker")}
    cell = mention(doc, "11,1", "13,6\t11,1*")
    assert cell.status == STATUS_QUANTITY and cell.value == pytest.approx(11.1)


def test_status_counts_on_the_corpus():
    """The share of numbers that are candidate measurements, per document (printed with -s)."""
    for path in CORPUS_FILES:
        counts = status_counts(document_mentions(load(path)))
        total = sum(counts.values())
        share = counts.get(STATUS_QUANTITY, 0) / total
        print(f"{path.stem}: {total} mentions, {share:.0%} quantities, {counts}")
        assert 0.1 < share < 0.8
        assert re.match(r"^(quantity|non_measurement:\w+)$", next(iter(counts)))


def test_each_quantity_gets_the_period_it_refers_to():
    doc = load(Q2)
    # a period right behind a figure is its own: "steeg van 8,1% in 2015 naar 8,8% in 2016"
    assert mention(doc, "8,1", "steeg van 8,1% in 2015").period.label == "2015"
    assert mention(doc, "8,8", "naar 8,8% in 2016").period.label == "2016"
    # "Op dit moment staan er 159 cliënten op de wachtlijst, vorig kwartaal waren dat er 164."
    now, before = mention(doc, "159", "Op dit moment"), mention(doc, "164", "vorig kwartaal")
    assert (now.period.start, now.period.temporal, now.period.source) == ("2017-06-30", "stock", "sentence")
    assert (before.period.start, before.period.end) == ("2017-01-01", "2017-03-31")
    # a table cell takes its column header, then its row, caption, section and the document
    assert mention(doc, "892", "214\t892").period.label == "1-8-2017"
    assert mention(doc, "1106", "892\t1106").period.source == "column"
    assert mention(doc, "6", "Gegronnd\t6").period.label == "2e kwartaal 2017"
    assert mention(doc, "190", "2017\t190").period.source == "row"
    # no period in the sentence: what the paragraph's previous figure was about ("Momenteel ... besteed")
    carried = mention(doc, "43", "43 cliënten nog geen uitgaven").period
    assert (carried.source, carried.start, carried.temporal) == ("paragraph", "2017-06-30", "stock")
    # nor in the paragraph or its headings: the report's own period
    assert mention(doc, "190", "Er zijn 190 cliënten die met een pgb").period.source == "document"


def test_figures_in_words_are_mentions_and_a_slogan_is_not_a_count():
    doc = load(JAARVERSLAG)
    words = [m for m in document_mentions(doc) if not NUMBER_TOKEN.fullmatch(m.text)]
    # "De gemeente ontving in 2017 9 klachten" is in digits; "drie onderzoeken" in words
    assert any(m.text.lower() == "eén" and m.status == STATUS_QUANTITY for m in words)  # "Eén gezin is bij de aanbieder gebleven"
    slogan = [m for m in words if "huishouden" in doc.text[m.start:m.start + 20].lower()]
    assert slogan and all(m.reason == "name" for m in slogan)  # "Eén huishouden, één plan, één regisseur"
