"""Lasten, baten and saldo per Iv3 taakveld (rules/indicators/lasten_baten.yaml), on real
"Wat heeft het gekost?" tables of the dev set, and the checks that compare them."""

from pathlib import Path

import pytest

from extract.checks import run_checks
from extract.documents import read_document
from extract.extraction.extractor import Extractor
from extract.ruleset.load import load_rules

DEVSET = Path(__file__).parent / "devset"
RULES = load_rules()


@pytest.fixture(scope="module")
def extracted():
    extractor = Extractor(RULES)
    cache = {}

    def get(name: str):
        if name not in cache:
            cache[name] = extractor.extract(read_document(DEVSET / f"{name}.txt")).measurements
        return cache[name]
    return get


BRUMMEN = "brummen_2025_begroting-sociale-leefomgeving-wat-mag-het-kosten"
GOOISE_MEREN = "gooise-meren_2022_jaarstukken-werk-en-inkomen-wat-heeft-het-gekost"


def test_a_group_row_names_the_indicator_and_the_row_its_part(extracted):
    # Brummen, begroting 2025, "Bedragen x €1.000": "Lasten" / "Incidenteel 1.330 334 40 39" /
    # "Structureel 33.524 33.575 34.068 34.717" / "Totaal Lasten 34.854 33.909 34.108 34.755"
    lasten = {(m.label.split(" / ")[1], m.period_start): m for m in extracted(BRUMMEN) if m.indicator == "financien.lasten"}
    incidenteel = lasten[("Incidenteel", "2025-01-01")]
    assert (incidenteel.value, incidenteel.kind, incidenteel.dimensions) == (1_330_000, "budget", {"deel": "incidenteel"})
    assert lasten[("Structureel", "2028-01-01")].value == 34_717_000
    total = lasten[("Totaal Lasten", "2025-01-01")]
    assert total.total and total.value == 34_854_000
    baten = [m for m in extracted(BRUMMEN) if m.indicator == "financien.baten" and m.total]
    assert [m.value for m in baten] == [8_119_000, 7_243_000, 7_047_000, 7_063_000]


def test_the_totals_of_a_typed_money_table_are_checked_and_add_up(extracted):
    # 1.330 + 33.524 = 34.854 and 1.127 + 6.991 = 8.118 (8.119 written): sums as written, with rounding
    findings = [f for f in run_checks(extracted(BRUMMEN), RULES) if f.check == "HC001"]
    assert not [f for f in findings if f.severity == "error"], [f.message for f in findings]


def test_a_product_row_the_catalogue_does_not_know_is_typed_as_that_part(extracted):
    # Gooise Meren, jaarstukken 2022: "Lasten" / "622 BUIG 18.553 15.040 14.025 13.353", with
    # "623 Werkvoorziening 3.974 …", "624 Minimabeleid 2.465 …" and "625 Sociale recherche 154 …" adding up
    # to "Totaal Lasten 25.146 20.916 31.854 31.313": the parts keep their names, so the total checks out
    found = extracted(GOOISE_MEREN)
    buig = [m for m in found if "BUIG" in m.label and m.value == 18_553_000]
    assert [(m.indicator, m.dimensions.get("post")) for m in buig] == [("financien.lasten", "buig")]
    assert buig[0].label.startswith("Lasten / BUIG")
    total = [m for m in found if m.indicator == "financien.lasten" and m.value == 25_146_000]
    assert total and total[0].total and "post" not in total[0].dimensions
    assert not [f for f in run_checks(found, RULES) if f.check == "HC001" and f.severity != "info"]


def test_a_sentence_that_does_not_say_lasten_of_what_is_not_typed(extracted):
    # Best, begroting 2024: "In het taakveld Sociaal domein zijn de totale lasten € 154.000 hoger."
    found = [m for m in extracted("best_2024_begroting-wat-mag-het-kosten") if m.value == 154_000]
    assert found and all(not m.indicator.startswith("financien.") for m in found)


def test_labelled_figures_are_not_compared_as_one_thing():
    # Almere, begroting 2026: "bijzondere bijstand | -900 |", "studietoeslag | -147 |", ... all
    # labelled: different rows of one year are different things, not one figure given twice
    measurements = Extractor(RULES).extract(read_document(
        DEVSET / "almere_2026_begroting-financien-knelpunten-bestaanszekerheid.txt")).measurements
    assert sum(1 for m in measurements if not m.indicator) >= 20
    assert not [f for f in run_checks(measurements, RULES) if f.check in ("HC005", "HC006", "HC007")]


def test_columns_under_a_year_name_lasten_baten_and_saldo_of_each_programme(tmp_path):
    # Baarle-Nassau, begroting 2018, "Overzicht van baten en lasten" (test_cell_lines.BAARLE_NASSAU):
    # "Programma 2 | 728 | 44 | 684 | ..." under "Rekening 2016" over "Lasten | Baten | Saldo"; the caption
    # names baten and lasten both, the column says which one a cell is
    from test_cell_lines import BAARLE_NASSAU

    path = tmp_path / "baarle-nassau_2018_begroting-overzicht-van-baten-en-lasten.txt"
    path.write_text("Overzicht van baten en lasten\n\n" + BAARLE_NASSAU, encoding="utf-8")
    found = Extractor(RULES).extract(read_document(path)).measurements
    row = [(m.value, m.indicator, m.dimensions.get("post"), m.kind, m.period_start) for m in found
           if m.label.startswith("Programma 2 / Rekening 2016")]
    assert row == [(728, "financien.lasten", "programma 2", "actual", "2016-01-01"),
                   (44, "financien.baten", "programma 2", "actual", "2016-01-01"),
                   (684, "financien.saldo", "programma 2", "actual", "2016-01-01")]


def test_a_lasten_row_under_the_line_of_its_part_is_typed_as_that_part(tmp_path):
    # Best, begroting 2026 (test_cell_lines.BEST_2026): "Inkomen" / "Lasten (excl. loonkosten) | 8.893 | 8.825 | -68"
    from test_cell_lines import BEST_2026

    path = tmp_path / "best_2026_begroting-financien.txt"
    path.write_text(BEST_2026, encoding="utf-8")
    found = Extractor(RULES).extract(read_document(path)).measurements
    row = [(m.value, m.indicator, m.dimensions.get("post"), m.kind) for m in found if m.label.startswith("Inkomen / Lasten")]
    assert row == [(8893000, "financien.lasten", "inkomen", "budget"), (8825000, "financien.lasten", "inkomen", "budget"),
                   (-68000, "financien.lasten", "inkomen", "change")]


def test_a_dashboard_tile_is_typed_by_its_heading(extracted):
    # Gooise Meren, jaarstukken 2022: the tiles "Uitgaven" / "18,44% € 31.313 x €1.000 18,44% Complete" and
    # "Inkomsten" / "12,61% € -22.302 x €1.000 12,61% Complete" (each shown twice): the programme's lasten and baten;
    # the tile's share of the municipal total stays labelled
    found = extracted(GOOISE_MEREN)
    tiles = [(m.indicator, m.value, m.kind, m.period_start) for m in found if m.rule.endswith(":tile")]
    assert tiles.count(("financien.lasten", 31313000, "actual", "2022-01-01")) == 2
    assert tiles.count(("financien.baten", -22302000, "actual", "2022-01-01")) == 2
    assert all(not m.indicator for m in found if m.value == 18.44)
