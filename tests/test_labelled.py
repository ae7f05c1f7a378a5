"""Labelled measurements: figures no rule names, kept with their row label and column header
(DESIGN.md, "Typed and labelled measurements"), from the dev set's real documents."""

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


def measurements(extractor, name):
    return extractor.extract(read_document(DEVSET / f"{name}.txt")).measurements


def test_lasten_table_cells_become_measurements_in_euros_with_their_row_label(extractor):
    # Gooise Meren, jaarstukken 2022, "Bedragen x €1.000", header
    # "Exploitatie Realisatie 2021 Prim. Begroting 2022 Begroting 2022 (na wijziging) Realisatie 2022",
    # under "Lasten" the row "622 BUIG 18.553 15.040 14.025 13.353": a product no rule names, typed
    # as that part of the lasten (test_lasten_baten.py)
    found = measurements(extractor, "gooise-meren_2022_jaarstukken-werk-en-inkomen-wat-heeft-het-gekost")
    row = [m for m in found if "BUIG" in m.label]
    assert row[0].label == "Lasten / BUIG / Realisatie 2021"  # under its group line, without its product code
    assert [(m.label.split(" / ")[-1], m.value, m.unit, m.kind) for m in row[:2]] == [
        ("Realisatie 2021", 18553000, "eur", "actual"), ("Prim. Begroting 2022", 15040000, "eur", "budget")]
    assert all(m.method == "table" for m in row)
    assert (row[0].period_start, row[0].period_end) == ("2021-01-01", "2021-12-31")
    assert not any(m.value == 622 for m in found)  # the product code is no figure


def test_bbv_row_takes_its_period_and_unit_from_its_own_cells(extractor):
    # Hoorn, begroting 2019: "6 | Banen | per 1.000 inwoners in de leeftijd 15 - 64 jaar | 685,1 | 2017 | LISA | ..."
    found = measurements(extractor, "hoorn_2019_begroting-beleidsindicatoren")
    banen = next(m for m in found if m.value == 685.1)
    assert banen.label.startswith("Banen") and banen.unit == "per_1000"
    assert (banen.period_start, banen.period_end) == ("2017-01-01", "2017-12-31")
    # "6 | Bijstandsuitkeringen | ... | 38,1 | tweede half jaar 2017 | ..."
    bijstand = next(m for m in found if m.value == 38.1)
    assert (bijstand.period_start, bijstand.period_end) == ("2017-07-01", "2017-12-31")
    assert not any(m.value in (6, 2017, 2015) for m in found)  # taakveld codes and Periode cells stay out


def test_columns_of_places_give_the_geography(extractor):
    # Kerkrade, jaarrekening 2018: "Banen | LISA | Aantal per 1.000 inwoners 15-74 jr | 2017 | 420,5 | 651,5 | 594,7"
    # under "omschrijving | bron | eenheid | periode | Kerkrade | Nederland | Limburg"
    found = measurements(extractor, "kerkrade_2018_jaarverslag-beleidsindicatoren")
    banen = {m.value: m for m in found if m.label.startswith("Banen")}
    assert banen[420.5].geography == "Kerkrade" and banen[420.5].unit == "per_1000"
    assert not any(m.value == 16.5 for m in found)  # "% 12-21 jr" under "eenheid" is no figure
    assert not any(m.value == 2015 for m in found)  # nor the row's peildatum


def test_a_cell_with_words_around_its_number_is_not_labelled():
    # the corpus's uitvoeringsprogramma: "Meer zelfstandige woningen | ... | 2e kw 17 1e kw 18" (Planning)
    corpus = ROOT / "corpus" / "haarlem-regio_2017-03_uitvoeringsprogramma-opvang-wonen-herstel.md"
    found = Extractor(load_rules()).extract(read_document(corpus)).measurements
    assert not any(m.indicator == "" and m.label.endswith("/ Planning") for m in found)


def test_prose_figure_with_a_counted_noun_is_labelled(extractor):
    # Apeldoorn, jaarverslag 2015: "We hebben in 2015 in totaal 672 mensen naar werk bemiddeld."
    found = measurements(extractor, "apeldoorn_2015_jaarverslag-apeldoorn-activeert")
    (m,) = [m for m in found if m.value == 672 and m.quote.startswith("We hebben in 2015")]
    assert (m.indicator, m.label, m.unit, m.kind) == ("", "mensen", "count", "actual")
    assert (m.period_start, m.period_end) == ("2015-01-01", "2015-12-31")


def test_a_unit_or_size_class_is_no_counted_figure(extractor):
    # Meierijstad, begroting 2020: "... gemeenten in de grootteklasse van 50.000 tot 100.000 inwoners."
    found = measurements(extractor, "meierijstad_2020_begroting-beleidsindicatoren")
    assert not any(m.value in (50000, 75000, 100000) for m in found)
    # Hendrik-Ido-Ambacht, jaarstukken 2017: "... per 1.000 leerlingen"
    found = measurements(extractor, "hendrik-ido-ambacht_2017_jaarstukken-indicatoren")
    assert not any(m.value == 1000 and m.label == "leerlingen" for m in found)


def test_counted_nouns_are_plural_or_compound_and_structural_nouns_are_not():
    vocabulary = load_rules().vocabulary
    assert vocabulary.counts("bezwaarschriften") and vocabulary.counts("bijstandsgerechtigden")
    assert vocabulary.counts("nieuwe aanvragen")
    assert not vocabulary.counts("doelen") and not vocabulary.counts("sporen") and not vocabulary.counts("")


def test_structural_counts_stay_unmapped():
    # the corpus's uitvoeringsprogramma: "Het uitvoeringsprogramma kent 10 doelen en daarmee 10 deelprojecten."
    corpus = ROOT / "corpus" / "haarlem-regio_2017-03_uitvoeringsprogramma-opvang-wonen-herstel.md"
    found = Extractor(load_rules()).extract(read_document(corpus)).measurements
    assert not any("kent 10 doelen" in m.quote for m in found)


def test_a_row_under_a_group_line_keeps_the_group_in_its_label(extractor):
    # Gooise Meren, jaarstukken 2022: "Baten" / "622 BUIG -17.261 -13.337 -12.283 -12.324"
    found = measurements(extractor, "gooise-meren_2022_jaarstukken-werk-en-inkomen-wat-heeft-het-gekost")
    baten = next(m for m in found if m.value == -17261000)
    assert baten.label == "Baten / BUIG / Realisatie 2021" and baten.unit == "eur"
    assert (baten.period_start, baten.kind) == ("2021-01-01", "actual")
    budget = next(m for m in found if m.value == -13337000)
    assert budget.kind == "budget" and budget.label.endswith("Prim. Begroting 2022")


def test_a_rate_in_the_rows_description_is_its_unit_and_no_count_indicator_takes_it(extractor):
    # Arnhem, jaarstukken 2019: "Personen met een bijstandsuitkering | 1e halfjaar 2019 | 768 | 382 |
    # Het aantal personen met een bijstandsuitkering, per 10.000 inwoners. | CBS - Participatiewet"
    found = measurements(extractor, "arnhem_2019_jaarverslag-beleidsindicatoren")
    arnhem = next(m for m in found if m.value == 768)
    assert arnhem.unit == "per_10000" and arnhem.indicator != "bijstand.uitkeringen"
    assert (arnhem.period_start, arnhem.period_end) == ("2019-01-01", "2019-06-30")
    # "Netto arbeidsparticipatie | 2018 | 66,5 | 67,8 | Het percentage van de werkzame beroepsbevolking ..."
    assert next(m for m in found if m.value == 66.5).unit == "percent"


def test_an_amount_no_rule_names_is_labelled_by_its_clause_and_a_decrease_is_negative(extractor):
    # Best, begroting 2024: "In het deelgebied Participatie zijn de lasten (exclusief loonkosten) € 168.000 lager."
    found = measurements(extractor, "best_2024_begroting-wat-mag-het-kosten")
    m = next(m for m in found if m.quote.startswith("In het deelgebied Participatie"))
    assert (m.value, m.unit, m.kind, m.indicator) == (-168000, "eur", "change", "")
    assert "deelgebied Participatie" in m.label and "lasten" in m.label
    # "hogere lasten uitvoering Wet Sociale Werkvoorziening (€ 168.000 nadelig)": an increase stays positive
    assert any(m.value == 168000 and "Werkvoorziening" in m.label for m in found)


def test_a_dashboard_tile_is_labelled_by_its_heading_and_scaled_inline(extractor):
    # Horst aan de Maas, jaarrekening 2020: "Uitgaven" / "40,34%" / "€ 49.382" / "x €1.000" / "40,34% Complete"
    found = measurements(extractor, "horst-aan-de-maas_2020_jaarstukken-sociaal-maatschappelijk")
    tile = [m for m in found if m.label == "Uitgaven"]
    assert {(m.value, m.unit) for m in tile} >= {(49382000, "eur"), (40.34, "percent")}
    assert not any(m.value == 1000 for m in found)  # the "x €1.000" is the amount's scale
    shares = [m for m in tile if m.value == 40.34]
    assert len(shares) == len({m.line for m in shares}) == 2  # once per tile: its "40,34% Complete" legend is no second figure


def test_a_denied_figure_is_no_measurement():
    # the corpus's jaarverslag: "De voorgaande jaren was deze benutting geen 100%; in 2017 ..."
    corpus = ROOT / "corpus" / "haarlem_2017_jaarverslag-sociaal-domein.txt"
    found = Extractor(load_rules()).extract(read_document(corpus)).measurements
    assert not any(m.value == 100 and "benutting geen" in m.quote for m in found)


def test_a_column_that_is_the_same_on_every_row_names_no_row(extractor):
    # Gouda, begroting 2019: "6. Sociaal domein | Banen | per 1.000 inwoners 15-64 jaar | 2017 | 752,9 | 758,2 | ..."
    found = measurements(extractor, "gouda_2019_begroting-wettelijk-voorgeschreven-indicatoren")
    banen = next(m for m in found if m.value == 752.9)
    assert banen.label == "Banen / Gouda" and banen.geography == "Gouda" and banen.unit == "per_1000"


def test_a_qualified_percentage_keeps_its_clause_words_whole(extractor):
    # Maastricht, monitor 2019: "Ongeveer 25% van de huishoudens heeft een indicatie voor een voorziening ..."
    found = measurements(extractor, "maastricht_2019_monitor-sociaal-domein-eerste-halfjaar")
    m = next(m for m in found if m.value == 25)
    assert m.label.startswith("van de huishoudens heeft een indicatie") and m.qualifier.lower() == "ongeveer"


def test_a_cell_of_two_figures_named_by_a_series_cell(extractor):
    # Almelo, jaarverslag 2019: "Banen per 1.000 inwoners van 15-64 jaar | Almelo Grootteklasse | 883,1 727,9 | ..."
    found = measurements(extractor, "almelo_2019_jaarverslag-beleidsindicatoren")
    almelo = next(m for m in found if m.value == 883.1)
    peers = next(m for m in found if m.value == 727.9)
    assert almelo.label.endswith("/ 2015 Almelo") and almelo.geography == "Almelo"
    assert peers.label.endswith("/ 2015 Grootteklasse") and peers.unit == "per_1000"
    assert (peers.period_start, peers.period_end) == ("2015-01-01", "2015-12-31")
    # typed as the BBV indicator, each figure keeps its series: the peer group's is the group's
    assert almelo.indicator == peers.indicator == "bbv.banen" and peers.geography == "Grootteklasse"


def test_a_lasten_and_baten_table_holds_euros_without_a_euro_sign(extractor):
    # Amersfoort, jaarstukken 2018, "Analyse verschillen": "Lasten / Baten" then "04 SOCIAAL DOMEIN / -9.845 / 673"
    found = measurements(extractor, "amersfoort_2018_jaarverslag-analyse-verschillen-sociaal-domein")
    lasten = next(m for m in found if m.value == -9845)
    assert lasten.unit == "eur" and lasten.label == "SOCIAAL DOMEIN / Lasten"  # no scale is written: as it stands


def test_from_and_to_figures_are_levels_not_changes(extractor):
    # Leeuwarden, jaarstukken 2019: "Het aantal jongeren tot 18 jaar met jeugdhulp is gedaald van 13,3% in 2018 naar 12,4% in 2019."
    found = measurements(extractor, "leeuwarden_2019_jaarstukken-sociaal-wat-heeft-het-gekost")
    levels = {m.value: m for m in found if m.unit == "percent" and "jeugdhulp" in m.quote}
    assert set(levels) >= {13.3, 12.4} and all(m.kind == "actual" for m in levels.values())
    assert (levels[13.3].period_start, levels[12.4].period_start) == ("2018-01-01", "2019-01-01")


def test_a_source_sub_row_takes_the_label_of_its_row(extractor):
    # Bloemendaal, begroting 2021: "Personen met een bijstandsuitkering / Aantal per 10.000 inwoners / 120,9 /
    # 1e hj 2019", then the sub-row "Bron: CBS / 131,8 / 2e hj 2019"
    found = measurements(extractor, "bloemendaal_2021_begroting-verplichte-kengetallen")
    sub = next(m for m in found if m.value == 131.8)
    assert sub.label.startswith("Personen met een bijstandsuitkering") and sub.unit == "per_10000"
    assert (sub.period_start, sub.period_end) == ("2019-07-01", "2019-12-31")


def test_a_ragged_row_keeps_its_figures_without_guessing_their_years(extractor):
    # Hilversum, begroting 2025, one cell per line with the empty cells dropped: "029 / Jongeren met
    # jeugdhulp, percentage van de jongeren tot 18 jaar / 12,8 / 13,0 / 13,2 / 9 / 13" fills 2021-2025;
    # "022 / Jongeren met een delict voor de rechter, ... / 1,0 / 1,0 / 1 / 1" has four values for five years
    found = measurements(extractor, "hilversum_2025_begroting-indicatoren-ondersteunende-stad")
    jeugdhulp = [m for m in found if m.label.startswith("Jongeren met jeugdhulp")]
    assert [(m.value, m.period_start) for m in jeugdhulp] == [
        (12.8, "2021-01-01"), (13.0, "2022-01-01"), (13.2, "2023-01-01"), (9.0, "2024-01-01"), (13.0, "2025-01-01")]
    delict = [m for m in found if m.label.startswith("Jongeren met een delict")]
    # nor the begroting's own year (2025, from its file name): the table dates its columns, not these cells
    assert [m.value for m in delict] == [1.0, 1.0, 1.0, 1.0] and all(m.period_start is None for m in delict)
    assert not any(m.value in (22, 29, 30) for m in found)  # BBV numbers "022", "029", "030" are codes
    tevreden = [m for m in found if m.label.startswith("Algehele tevredenheid")]
    assert tevreden and all(m.unit == "grade" for m in tevreden)  # "7,0 / 7,0 / 7,3 / 7,5 / 7,5"


def test_a_whitespace_row_with_a_double_footnote_star_keeps_its_last_figure(extractor):
    # Capelle aan den IJssel, jaarstukken 2019: "Aantal aanvragen Bijzondere Bijstand 2.557 2.934 3.551**"
    found = measurements(extractor, "capelle-aan-den-ijssel_2019_jaarstukken-hoeveelheidsgegevens-inkomen")
    row = [m.value for m in found if m.label.startswith("Aantal aanvragen Bijzondere Bijstand")]
    assert row == [2557, 2934, 3551]


def test_a_whitespace_row_of_two_figures_then_an_ambition_and_a_source(extractor):
    # Hendrik-Ido-Ambacht, jaarstukken 2017: "Gezondheidsvoorzieningen 79% 79% Stijging OCD" under
    # "Vrijwillige indicatoren 0-waarde (2015) Actuele waarde (2017) ambitie 2019 t.o.v. 0-waarde Bron"
    found = measurements(extractor, "hendrik-ido-ambacht_2017_jaarstukken-indicatoren")
    row = [m for m in found if m.label.startswith("Gezondheidsvoorzieningen")]
    assert [(m.value, m.unit, m.method) for m in row] == [(79, "percent", "table"), (79, "percent", "table")]
    assert not any(m.indicator == "bbv.vsv" and m.value == 79 for m in found)  # no schoolverlaters


def test_a_count_is_labelled_by_what_its_sentence_counts(extractor):
    # Enschede, monitor bijstand 2017: "Het aantal Enschedeërs in de bijstand daalde van 6.943 op 1 januari naar
    # 6.669 op 31 december 2017." then "Een daling van 274, oftewel 3,95%."
    found = measurements(extractor, "enschede_2017_monitor-bijstand-persbericht")
    levels = [m for m in found if m.value in (6943, 6669)]
    assert [(m.label, m.kind) for m in levels] == [("aantal Enschedeërs in de bijstand", "actual")] * 2
    change = next(m for m in found if m.value == -274)  # the sentence after refers back to it
    assert (change.label, change.kind) == ("aantal Enschedeërs in de bijstand", "change")


def test_a_percentage_that_refers_back_takes_the_previous_sentences_subject(extractor):
    # Maastricht, monitor sociaal domein 2019: "In het eerste halfjaar van 2019 is het percentage Maastrichtse
    # inwoners met ondersteuning 16%. Dat is 1% meer dan in dezelfde periode van 2018."
    found = measurements(extractor, "maastricht_2019_monitor-sociaal-domein-eerste-halfjaar")
    level, more = (next(m for m in found if m.value == v and m.unit == "percent") for v in (16, 1))
    assert level.label == more.label == "percentage Maastrichtse inwoners met ondersteuning"
    assert (level.kind, more.kind) == ("actual", "change")


def test_a_count_is_labelled_by_the_subject_that_rises(extractor):
    # Apeldoorn, jaarverslag 2015: "De bemiddeling naar werk steeg ten opzichte van 2014, van 602 naar 672."
    found = measurements(extractor, "apeldoorn_2015_jaarverslag-apeldoorn-activeert")
    assert [(m.value, m.label, m.kind) for m in found if m.quote.startswith("De bemiddeling naar werk")] == [
        (602, "bemiddeling naar werk", "actual"), (672, "bemiddeling naar werk", "actual")]


def test_a_percentage_in_a_clause_too_short_is_labelled_by_its_sentence(extractor):
    # Enschede, monitor bijstand 2017: "Ook het aantal banen steeg sterk in 2017: 2,4% groei."
    enschede = measurements(extractor, "enschede_2017_monitor-bijstand-persbericht")
    assert next(m for m in enschede if m.value == 2.4).label == "aantal banen"
    # Dordrecht, begroting 2018: "Na jarenlange groei neemt de werkloosheid in Dordrecht (en ook landelijk) sinds
    # anderhalf jaar af (01-01-2016 - 01-07-2017: -14,4%)."
    dordrecht = measurements(extractor, "dordrecht_2018_begroting-belangrijkste-ontwikkelingen-werk-inkomen")
    assert "werkloosheid" in next(m for m in dordrecht if m.value == -14.4).label


def test_each_change_takes_the_sign_of_its_own_verb_and_the_subject_after_it(extractor):
    # Heerlen, persbericht 2015: "In 2013 groeide het aantal bijstandsuitkering in onze stad met 2,9 procent en
    # in 2012 daalde zelfs het nog met 1,4 procent."
    found = measurements(extractor, "heerlen_2015_monitor-bijstand-persbericht")
    ours = [m for m in found if m.quote.startswith("In 2013 groeide")]
    assert [(m.value, m.kind) for m in ours] == [(2.9, "change"), (-1.4, "change")]
    assert all("bijstandsuitkering" in m.label for m in ours)  # typed now: test_relative_change.py
