"""Tables and chart labels whose cells reached the text glued together (a web page's table
flattened without spaces): split into the same cells as the page shows, from the dev set's
Leeuwarden page, with synthetic rows for the readings that leave a choice."""

from __future__ import annotations

import pytest
from conftest import ROOT

from extract.documents import read_document
from extract.documents.glued_rows import glued_row, header_words, segmentations, split_row
from extract.extraction.extractor import Extractor
from extract.ruleset.load import load_rules

LEEUWARDEN = ROOT / "tests" / "devset" / "leeuwarden_2019_jaarstukken-sociaal-wat-heeft-het-gekost.txt"
COLUMNS = ["lasten", "baten", "saldo"] * 3


@pytest.fixture(scope="module")
def document():
    return read_document(LEEUWARDEN)


def test_a_glued_header_splits_at_capitals_and_at_the_words_of_financial_tables():
    # Leeuwarden, jaarstukken 2019: " BegrotingRekeningResultaat" over " lastenbatensaldolastenbatensaldolastenbatensaldo"
    assert header_words(" BegrotingRekeningResultaat") == ["Begroting", "Rekening", "Resultaat"]
    assert header_words(" lastenbatensaldolastenbatensaldolastenbatensaldo") == COLUMNS
    assert header_words("Iedereen doet naar vermogen mee in Leeuwarden.") == []  # a sentence is no header
    assert header_words("Sociaal") == []


def test_a_glued_row_splits_by_thousands_groups_into_the_header_columns():
    # "Werk en inkomen132.395.32478.658.853-53.736.471135.288.89382.869.517-52.419.376-2.893.5694.210.6641.317.095"
    label, digits = glued_row("Werk en inkomen132.395.32478.658.853-53.736.471135.288.89382.869.517"
                              "-52.419.376-2.893.5694.210.6641.317.095")
    assert label == "Werk en inkomen"
    assert split_row(label, digits, COLUMNS) == ("Werk en inkomen", [
        "132.395.324", "78.658.853", "-53.736.471", "135.288.893", "82.869.517", "-52.419.376",
        "-2.893.569", "4.210.664", "1.317.095"])


def test_one_figure_after_a_label_is_no_glued_row():
    assert glued_row("Programma 6") is None
    assert glued_row("Werk 2019") is None


def test_a_figure_under_a_thousand_glued_to_the_next_is_read_by_the_saldo():
    # "6603.096" reads as 660 | 3.096 or 6 | 603.096: only one of them has saldo = lasten - baten
    assert segmentations("6603.096", 2) == [["6", "603.096"], ["660", "3.096"]]
    assert split_row("Wmo", "3.7566603.096", ["lasten", "baten", "saldo"]) == ("Wmo", ["3.756", "660", "3.096"])


def test_a_row_that_reads_two_ways_is_left_as_text():
    # without a saldo column nothing tells 6 | 603.096 from 660 | 3.096
    assert split_row("Wmo", "6603.096", ["Begroting", "Rekening"]) is None


def test_too_many_readings_are_not_enumerated():
    assert segmentations("1" * 60) == []


def test_the_leeuwarden_table_has_its_two_header_rows_and_four_programme_rows(document):
    (table,) = [t for t in document.tables() if t.source == "glued-cells"]
    rows = table.rows()
    assert table.header_rows == 2
    assert rows[1][1:] == COLUMNS
    assert [r[0] for r in rows[2:]] == ["Werk en inkomen", "Sociale basis", "Jeugdzorg en maatsch. ondersteuning",
                                        "Sociaal"]
    assert rows[5][1:4] == ["354.103.608", "92.280.659", "-261.822.949"]


def test_chart_data_labels_become_a_table_of_amounts_and_shares(document):
    # "Werk en inkomenBegroting132,4 miljoen" then "37%"; the totals "Begroting354,1 miljoen" have no share
    (chart,) = [t for t in document.tables() if t.source == "glued-chart"]
    rows = chart.rows()
    assert rows[0] == ["", "Bedrag", "Aandeel"]
    assert rows[1] == ["Werk en inkomen / Begroting", "132,4 miljoen", "37%"]
    assert rows[-1] == ["Rekening", "99,8 miljoen", ""]
    assert len(rows) == 17


def test_the_glued_figures_become_labelled_euros():
    found = Extractor(load_rules()).extract(read_document(LEEUWARDEN)).measurements
    saldo = next(m for m in found if m.value == -53736471)
    assert (saldo.unit, saldo.label, saldo.kind) == ("eur", "Werk en inkomen / Begroting saldo", "budget")
    chart = next(m for m in found if m.value == 132.4e6)
    assert chart.unit == "eur"  # "Bedrag" names an amount of money
    # "Daling van het aantal bijstandsgerechtigden met 300 naar 5.700.": 5.700 is the level reached
    level = next(m for m in found if abs(m.value) == 5700)
    assert level.value == 5700 and level.kind == "actual"
