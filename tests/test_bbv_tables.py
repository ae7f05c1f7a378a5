"""Typing the rows of BBV indicator tables in the forms municipalities print them: the unit in
a description column, glued to the name, or stated differently from the indicator's; a column
of taakvelden before the names; a target column with its own year. From the dev set's tables."""

from __future__ import annotations

import pytest
from conftest import ROOT

from extract.documents import read_document
from extract.extraction.extractor import Extractor
from extract.ruleset.load import load_rules

DEVSET = ROOT / "tests" / "devset"


@pytest.fixture(scope="module")
def extractor():
    return Extractor(load_rules())


def figures(extractor, name, *values):
    found = extractor.extract(read_document(DEVSET / f"{name}.txt")).measurements
    return [(m.value, m.indicator, m.unit, m.geography) for v in values for m in found if m.value == v]


def test_a_name_shared_with_a_count_takes_the_rate_its_description_states(extractor):
    # Arnhem, jaarstukken 2019: "Personen met een bijstandsuitkering | 1e halfjaar 2019 | 768 | 382 |
    # Het aantal personen met een bijstandsuitkering, per 10.000 inwoners. | CBS - Participatiewet";
    # the bare name is also a phrase of bijstand.uitkeringen, a number of people
    assert figures(extractor, "arnhem_2019_jaarverslag-beleidsindicatoren", 768, 382) == [
        (768, "bbv.bijstandsuitkeringen", "per_10000", "Arnhem"), (382, "bbv.bijstandsuitkeringen", "per_10000", "NL")]


def test_a_unit_glued_to_the_name_is_no_part_of_it(extractor):
    # Baarn, begroting 2026: "22. Jongeren met delict voor rechter % van jongeren tussen 12 en 21 jaar | 2023 | 1 | 0,8 | 1 | 1"
    rows = figures(extractor, "baarn_2026_begroting-zorg-voor-elkaar-indicatoren", 0.8)
    assert (0.8, "bbv.jongeren_delict", "percent", "Baarn") in rows


def test_rows_behind_a_taakveld_column_are_named_by_their_indicator_cell(extractor):
    # Gouda, begroting 2019: "6. Sociaal domein | Banen | per 1.000 inwoners 15-64 jaar | 2017 | 752,9 | 758,2 | ..."
    # on every row; and "6. Sociaal domein | Wmo-cliënten met een maatwerkarrangement | % | eerste halfjaar 2016 | 38 | 57":
    # the BBV rate as the table states it, in % (a plausibility check can question the unit, the typing keeps it)
    name = "gouda_2019_begroting-wettelijk-voorgeschreven-indicatoren"
    assert figures(extractor, name, 752.9) == [(752.9, "bbv.banen", "per_1000", "Gouda")]
    assert figures(extractor, name, 38) == [(38, "bbv.wmo_maatwerkarrangementen", "percent", "Gouda")]


def test_the_same_name_without_a_stated_rate_is_the_count(extractor, tmp_path):
    # edge case: the Arnhem row's name with a plain number and no unit anywhere in the row
    path = tmp_path / "arnhem_2019_tabel.txt"
    path.write_text("Indicator\tAantal\nPersonen met een bijstandsuitkering\t768\n", encoding="utf-8")
    [m] = [m for m in extractor.extract(read_document(path)).measurements if m.value == 768]
    assert (m.indicator, m.unit) == ("bijstand.uitkeringen", "count")


def test_a_figure_with_its_year_in_brackets_is_one_cell_dated_by_it(extractor):
    # Hendrik-Ido-Ambacht, jaarstukken 2017, whitespace rows: "Percentage vroegtijdige schoolverlaters zonder
    # startkwalificatie (vsv-ers) 1.8% (2013) 1.4% (2014) Daling DUO": each figure carries its own measurement year
    found = extractor.extract(read_document(DEVSET / "hendrik-ido-ambacht_2017_jaarstukken-indicatoren.txt")).measurements
    row = [(m.value, m.unit, m.indicator, m.period_start) for m in found if "schoolverlaters" in m.quote]
    assert row == [(1.8, "percent", "bbv.vsv", "2013-01-01"), (1.4, "percent", "bbv.vsv", "2014-01-01")]
    assert not any(m.value in (2013, 2014) for m in found if "schoolverlaters" in m.quote)


def test_a_name_on_its_own_row_names_the_unit_and_source_rows_under_it(extractor):
    # Bloemendaal, begroting 2021, one cell per line: "Banen" alone, then "Aantal per 1.000 inwoners
    # 15 - 64 jaar | 482,5 | 2018" and "Bron: CBS / LISA | 491,6 | 2019"; the name is the rows' group
    name = "bloemendaal_2021_begroting-verplichte-kengetallen"
    assert figures(extractor, name, 482.5, 491.6) == [
        (482.5, "bbv.banen", "per_1000", "Bloemendaal"), (491.6, "bbv.banen", "per_1000", "Bloemendaal")]
    assert {m[1] for m in figures(extractor, name, 120.9, 131.8)} == {"bbv.bijstandsuitkeringen"}
