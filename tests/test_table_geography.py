"""The area a table figure is of: the columns of the national and provincial figures, of
comparison groups and of other municipalities, from the dev set's BBV tables."""

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


def places(extractor, name, value):
    found = extractor.extract(read_document(DEVSET / f"{name}.txt")).measurements
    return [m.geography for m in found if m.value == value]


def test_columns_headed_nederland_and_a_province(extractor):
    # Kerkrade, jaarrekening 2018, header "omschrijving | bron | eenheid | periode | Kerkrade | Nederland | Limburg",
    # row "Banen | LISA | Aantal per 1.000 inwoners 15-74 jr | 2017 | 420,5 | 651,5 | 594,7"
    name = "kerkrade_2018_jaarverslag-beleidsindicatoren"
    assert [places(extractor, name, v)[0] for v in (420.5, 651.5, 594.7)] == ["Kerkrade", "NL", "Limburg"]


def test_a_column_headed_nl_and_one_of_a_size_class(extractor):
    # Eindhoven, begroting 2023, columns "NL | 100.000- 300.000 | Eindhoven",
    # row "Banen (per 1.000 inwoners van 15-64 jaar) | 2021 | 805,5 | 886,2 | 1.052,8"
    name = "eindhoven_2023_begroting-bbv-indicatoren-sociaal-domein"
    assert [places(extractor, name, v)[0] for v in (805.5, 886.2, 1052.8)] == ["NL", "100.000-300.000", "Eindhoven"]


def test_a_comparison_group_keeps_its_own_name(extractor):
    # Laarbeek, begroting 2021: "Absoluut verzuim | Ja | per 1.000 leerlingen | 2017 | 0 | 1,3" under
    # "Laarbeek | gemiddelde gemeente < 25.000 inwoners"
    assert places(extractor, "laarbeek_2021_begroting-beleidsindicatoren", 1.3)[0] == \
        "gemiddelde gemeente < 25.000 inwoners"


def test_a_cell_of_two_figures_takes_the_area_of_its_series(extractor):
    # Almelo, jaarverslag 2019: "Banen per 1.000 inwoners van 15-64 jaar | Almelo Grootteklasse | 883,1 727,9 | ..."
    name = "almelo_2019_jaarverslag-beleidsindicatoren"
    assert (places(extractor, name, 883.1), places(extractor, name, 727.9)) == (["Almelo"], ["Grootteklasse"])


def test_a_row_that_only_mentions_the_national_average_is_the_municipalitys(extractor):
    # Culemborg, begroting 2017: "Inzicht in de hoogte van de gemiddelde uitkering in relatie tot het
    # landelijk gemiddelde | €13.200 | ...": Culemborg's own figure, described against the national one
    assert places(extractor, "culemborg_2017_begroting-indicatoren-sociaal-domein", 13200) == ["Culemborg"]


def test_reference_values_of_the_municipality_are_no_comparison_group(extractor):
    # Hilversum, begroting 2025: columns "Referentiewaarde 2021 ... Streefwaarde 2025" are Hilversum's own
    found = extractor.extract(read_document(DEVSET / "hilversum_2025_begroting-indicatoren-ondersteunende-stad.txt"))
    assert {m.geography for m in found.measurements} == {"Hilversum"}
