"""Measurements extracted from the real Q2 report, as issue 4 lists them, with their provenance."""

from __future__ import annotations

from functools import cache

import pytest
from conftest import HMM_2024, JAARVERSLAG, Q2, ROOT, UITVOERINGSPROGRAMMA, load

from extract.extraction.extractor import Extractor
from extract.ruleset.load import load_rules


@cache
def extractor() -> Extractor:
    return Extractor(load_rules(ROOT / "rules"))


@cache
def measurements(path):
    return extractor().extract(load(path)).measurements


def find(path, indicator: str, value: float, **fields):
    found = [m for m in measurements(path) if m.indicator == indicator and m.value == pytest.approx(value)
             and all(getattr(m, k) == v for k, v in fields.items())]
    assert found, f"no {indicator} = {value} {fields}"
    return found[0]


def test_bijstandsgerechtigden_end_2016_and_end_june_2017():
    # "Eind 2016 bedroeg het aantal bijstandsgerechtigden 3736." / "Eind juni 2017 ... gestegen tot 3835."
    m = find(Q2, "bijstand.uitkeringen", 3736)
    assert (m.period_start, m.period_end, m.kind, m.unit, m.temporal) == ("2016-12-31", "2016-12-31", "actual", "count", "stock")
    assert (m.doc, m.line, m.method, m.quote) == (
        "haarlem_2017-q2_rapportage-sociaal-domein", 47, "prose", "Eind 2016 bedroeg het aantal bijstandsgerechtigden 3736.")
    assert load(Q2).text[m.start:m.end] == "3736"
    assert find(Q2, "bijstand.uitkeringen", 3835).period_end == "2017-06-30"
    # "Het eerste half jaar van 2017 laat een stijging van 99 bijstandsgerechtigden zien."
    assert find(Q2, "bijstand.uitkeringen", 99).kind == "change"


def test_bezwaren_of_q2_2017_by_uitkomst_with_total_75():
    table = [m for m in measurements(Q2) if m.indicator == "bezwaren.afgedaan" and m.method == "table"]
    by_outcome = {m.dimensions.get("uitkomst"): m.value for m in table if not m.total}
    assert by_outcome == {"anders_opgelost": 19, "gegrond": 6, "deels_gegrond": 5, "ongegrond": 35,
                          "niet_ontvankelijk": 8, "ingetrokken": 2}
    total = next(m for m in table if m.total)
    assert total.value == 75 and sum(by_outcome.values()) == 75
    assert {(m.period_start, m.period_end) for m in table} == {("2017-04-01", "2017-06-30")}
    assert total.quote == "Totaal\t75".replace("\t", " | ") and total.cell == (6, 1)


def test_regiorijder_stiptheid_per_month_and_the_target():
    # "<i>Maand</i> ... <i>Stiptheid (streefwaarde 92%)</i>" / "mei 29.446 92,9 171"
    months = {m.period_start: m.value for m in measurements(Q2) if m.indicator == "regiorijder.stiptheid" and m.method == "table"}
    assert months == {"2017-05-01": 92.9, "2017-06-01": 93.5, "2017-07-01": 89.1}
    # "In de maanden mei en juni was de stiptheid op of net iets boven de streefwaarde van 92%"
    target = find(Q2, "regiorijder.stiptheid", 92)
    assert (target.kind, target.unit) == ("target", "percent")


def test_jeugdhulp_haarlem_and_the_national_average_given_twice():
    assert find(Q2, "jeugdhulp.jongeren_pct", 8.8, geography="Haarlem").period_start == "2016-01-01"
    # "onder het landelijk gemiddelde van 11%" and, a page later, "van 10,7%"
    eleven = find(Q2, "jeugdhulp.jongeren_pct", 11, geography="NL")
    ten_seven = find(Q2, "jeugdhulp.jongeren_pct", 10.7, geography="NL")
    assert (eleven.low, eleven.high) == (10.5, 11.5)
    assert (ten_seven.low, ten_seven.high) == pytest.approx((10.65, 10.75))


def test_jeugd_contracts_spent_of_value():
    # "Voor 2017 vertegenwoordigen de gezamenlijke afspraken een waarde van € 23,1 miljoen.
    #  In het eerste halfjaar is € 12,04 miljoen besteed, wat overeen komt met 53% van de contractwaarde."
    value = find(Q2, "contracten.waarde", 23_100_000)
    spent = find(Q2, "contracten.besteed", 12_040_000)
    share = find(Q2, "contracten.benutting", 53)
    assert (value.kind, spent.kind, share.kind) == ("budget", "actual", "actual")
    assert (spent.period_start, spent.period_end) == ("2017-01-01", "2017-06-30")
    assert spent.dimensions["domein"] == value.dimensions["domein"] == "jeugd"


def test_wachtlijst_now_and_previous_quarter():
    # "Op dit moment staan er 159 cliënten op de wachtlijst, vorig kwartaal waren dat er 164."
    now, before = find(Q2, "bw.wachtlijst", 159), find(Q2, "bw.wachtlijst", 164)
    assert (now.period_start, now.temporal) == ("2017-06-30", "stock")
    assert (before.period_start, before.period_end) == ("2017-01-01", "2017-03-31")


def test_jeugdhulp_table_of_the_jaarverslag_with_provisional_figures():
    # "Jongeren met jeugdhulp 6,7 6,9 8,1 7,2 7,6 8,8 6,4*" under "1e halfjaar 2015 ... 1e halfjaar 2017"
    m = find(JAARVERSLAG, "jeugdhulp.jongeren_pct", 6.4, method="table")
    assert (m.period_start, m.period_end, m.provisional) == ("2017-01-01", "2017-06-30", True)


def test_2024_bbv_table_keeps_missing_values_missing():
    table = [m for m in measurements(HMM_2024) if m.method == "table"]
    assert not [m for m in table if m.value == 0]  # "n/b" is missing, never zero
    jeugdhulp = {m.period_start[:4]: m.value for m in table if m.indicator == "jeugdhulp.jongeren_pct"}
    assert jeugdhulp == {"2020": 11.8, "2021": 13.2, "2022": 13.3, "2023": 13.6, "2024": 11.1}
    assert all(m.geography == "Haarlemmermeer" for m in table)


def test_every_measurement_points_back_into_its_document():
    for path in (Q2, JAARVERSLAG, HMM_2024):
        doc = load(path)
        for m in measurements(path):
            assert m.doc == doc.name and m.doc_id == doc.meta.id
            assert m.start is not None and doc.text[m.start:m.end].strip(), m
            assert m.line is not None and m.rule.startswith(m.indicator)
            assert m.low is None or m.low <= m.value
            assert m.high is None or m.value <= m.high


def test_a_decrease_told_by_a_verb_and_met_is_a_negative_change():
    # Q2: "In 2016 daalde echter de aanmelding van nieuwe pleeggezinnen met 15% (bron Pleegzorg Nederland)."
    m = find(Q2, "pleegzorg.nieuwe_pleeggezinnen", -15)
    assert (m.kind, m.unit) == ("change", "percent")


def test_a_figure_that_counts_its_own_noun_takes_no_phrase_behind_another_figure():
    # Q2: "Twee aanbieders rapporteren samen 3 niet-formele klachten.": the klachten are 3, not 2
    found = [m for m in measurements(Q2) if m.quote == "Twee aanbieders rapporteren samen 3 niet-formele klachten."]
    assert [(m.value, m.indicator) for m in found] == [(3, "jeugd.klachten")]
    # figures of one enumeration share the phrase after them (jaarverslag: "in totaal 88 instellingen en
    # 68 vrijgevestigde beroepsbeoefenaars ..."): 88 keeps its indicator
    assert find(JAARVERSLAG, "jeugdhulp.aanbieders", 88)


def test_one_figure_in_words_and_in_brackets_is_one_measurement():
    # jaarverslag: "Drie op de tien respondenten heeft een mantelzorger (30%), 74% heeft het idee ..."
    found = [m for m in measurements(JAARVERSLAG) if m.quote.startswith("Drie op de tien respondenten")]
    assert sorted(m.value for m in found) == [30, 74]


def test_in_2017_in_a_half_year_report_is_the_year_so_far():
    # Q2 report (January to June 2017): "In 2017 zijn er in totaal 53 cliënten in zorg en 39 cliënten uit een
    # gecontracteerde beschermd wonen voorziening gegaan." The jaarverslag gives 69 and 60 for the whole year.
    for indicator, value in (("bw.instroom", 53), ("bw.uitstroom", 39)):
        m = find(Q2, indicator, value)
        assert (m.period_start, m.period_end) == ("2017-01-01", "2017-06-30")
    # a budget for 2017 in the same report is the whole year's: "Voor 2017 worden de uitgaven geraamd op € 1,5 miljoen."
    budget = next(m for m in measurements(Q2) if m.value == 1_500_000 and "geraamd op" in m.quote)
    assert (budget.period_start, budget.period_end) == ("2017-01-01", "2017-12-31")


def test_figures_on_a_basis_carry_it():
    # "Het aantal klachten ... ligt gemiddeld rond de 150 klachten per maand."; "Dit is gemiddeld 66 per kwartaal"
    assert find(Q2, "regiorijder.klachten", 150).dimensions == {"per": "maand"}
    # an indicator that is per week by definition does not get it twice: "... 2,8 uur per week per klant."
    assert "per" not in find(Q2, "ho.uren_per_week", 2.8).dimensions


def test_a_heading_naming_two_projects_decides_neither():
    # under the heading "Skaeve Huse en Domus Plus": "Voor de realisatie en exploitatie kunnen we bijdragen aan de
    # incidentele kosten; we kunnen daar € 500.000,- voor vrijmaken." (the Domus Plus, named a sentence earlier)
    m = next(m for m in measurements(UITVOERINGSPROGRAMMA) if m.value == 500_000 and "vrijmaken" in m.quote)
    assert "project" not in m.dimensions
