"""Dutch quantities, table-driven from sentences and cells of the corpus (quoted as written)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.text.numbers import format_number, parse_number, parse_number_word
from extract.text.quantities import find_quantities, interval_of, parse_cell


@pytest.mark.parametrize(
    "written, value, decimals",
    [
        ("3.835", 3835, 0),  # Q2 "gestegen tot 3835" / jaarverslag tables
        ("29.446", 29446, 0),  # Q2 RegioRijder ritten mei
        ("92,9", 92.9, 1),  # Q2 stiptheid mei
        ("1.524.000", 1524000, 0),  # Q2 pgb geïndiceerd
        ("12,04", 12.04, 2),  # Q2 "€ 12,04 miljoen besteed"
        ("7,39", 7.39, 2),  # jaarverslag verzuim
        ("1.000.000,-", 1000000, 0),
        ("0,5", 0.5, 1),  # 2024 jeugdbescherming
        ("1 524 000", 1524000, 0),  # thousands written with spaces
        ("-3", -3, 0),  # "(-3%, -5%, -7% op het macrobudget)"
        ("2.5", 2.5, 1),  # English decimal point in a table
    ],
)
def test_parse_number(written, value, decimals):
    parsed = parse_number(written)
    assert parsed is not None
    assert parsed.value == pytest.approx(value)
    assert parsed.decimals == decimals


@pytest.mark.parametrize("written", ["", "abc", "1,2,3", "12a", "€", "1..2"])
def test_not_a_number(written):
    assert parse_number(written) is None


@pytest.mark.parametrize(
    "word, value",
    [
        ("twaalf", 12), ("drieëntwintig", 23), ("Eén", 1), ("twee", 2), ("drie", 3), ("tien", 10), ("zes", 6),
        ("eenenveertig", 41), ("tweehonderd", 200), ("honderd", 100), ("vijfhonderdtwaalf", 512),
        ("duizend", 1000), ("drieduizend", 3000), ("negentig", 90), ("achtentachtig", 88),
    ],
)
def test_number_words(word, value):
    assert parse_number_word(word) == value


@pytest.mark.parametrize("word", ["tiental", "drieën", "woning", "honderden"])
def test_not_number_words(word):
    assert parse_number_word(word) is None


@given(st.integers(min_value=-10**12, max_value=10**12), st.integers(min_value=0, max_value=3))
def test_format_then_parse_gives_the_number(n, decimals):
    value = n / 10**decimals
    written = format_number(value, decimals)
    parsed = parse_number(written)
    assert parsed is not None and parsed.decimals == decimals
    assert parsed.value == pytest.approx(value, abs=10 ** -(decimals + 1))


@given(st.text(max_size=200))
def test_find_quantities_never_raises_and_spans_are_in_the_text(text):
    for q in find_quantities(text):
        assert 0 <= q.start < q.end <= len(text)
        assert q.low <= q.value <= q.high


def one(text: str, **kwargs):
    qs = find_quantities(text, **kwargs)
    assert len(qs) == 1, qs
    return qs[0]


@pytest.mark.parametrize(
    "sentence, written, value, unit, low, high, qualifier",
    [
        # Q2: "Het gaat om een gezamenlijk pgb budget van ruim € 1.524.000."
        ("Het gaat om een gezamenlijk pgb budget van ruim € 1.524.000.", "ruim € 1.524.000", 1524000, "eur", 1523999.5, 1905000.625, "ruim"),
        # Q2: "Momenteel is ongeveer € 625.000 besteed."
        ("Momenteel is ongeveer € 625.000 besteed.", "ongeveer € 625.000", 625000, "eur", 562499.55, 687500.55, "ongeveer"),
        # Q2: "... de landelijk gemiddelde van 11%."
        ("De gemeente Haarlem zit daarmee nog onder het landelijk gemiddelde van 11%.", "11%", 11, "percent", 10.5, 11.5, ""),
        # Q2: "... onder het landelijk gemiddelde van 10,7%."
        ("De gemeente zit daarmee nog onder het landelijk gemiddelde van 10,7%.", "10,7%", 10.7, "percent", 10.65, 10.75, ""),
        # Q2: "Voor 2017 vertegenwoordigen de gezamenlijke afspraken een waarde van € 23,1 miljoen."
        ("Voor 2017 vertegenwoordigen de gezamenlijke afspraken een waarde van € 23,1 miljoen.", "€ 23,1 miljoen", 23100000, "eur", 23050000, 23150000, ""),
        # dev set, Horst aan de Maas jaarrekening 2020 (dashboard tile): "40,34% € 49.382 x €1.000 40,34% Complete"
        ("40,34% € 49.382 x €1.000 40,34% Complete", "€ 49.382 x €1.000", 49382000, "eur", 49381500, 49382500, ""),
        # raadsbrief: "... en €1,3 miljoen voor de overige doelgroepen."
        ("Daarnaast €1,3 miljoen voor de overige doelgroepen.", "€1,3 miljoen", 1300000, "eur", 1250000, 1350000, ""),
        # raadsbrief: "Het overige budget van circa € 10 miljoen is ten behoeve van ..."
        ("Het overige budget van circa € 10 miljoen is ten behoeve van onder andere bijzondere bijstand.", "circa € 10 miljoen", 10e6, "eur", 8.55e6, 11.55e6, "circa"),
        # jaarverslag: "gedragswetenschappers (2,5 fte)"
        ("In maart 2017 startte het CJG met de inzet van gedragswetenschappers (2,5 fte) als praktijkondersteuners.", "2,5 fte", 2.5, "fte", 2.45, 2.55, ""),
        # jaarverslag: "rapportcijfer 8,0"
        ("De algehele dienstverlening van RegioRijder werd gemiddeld beoordeeld met een rapportcijfer 8,0.", "8,0", 8.0, "grade", 7.95, 8.05, ""),
        # uitvoeringsprogramma: "(ad € 2,1 miljoen)"
        ("deze incidentele investeringen (ad € 2,1 miljoen) te dekken", "€ 2,1 miljoen", 2.1e6, "eur", 2.05e6, 2.15e6, ""),
        # uitvoeringsprogramma: "we kunnen daar € 500.000,- voor vrijmaken"
        ("we kunnen daar € 500.000,- voor vrijmaken.", "€ 500.000,-", 500000, "eur", 499999.5, 500000.5, ""),
        # 2024: "Een van de doelen was bijvoorbeeld een afname van 20% agressie"
        ("Een van de doelen was bijvoorbeeld een afname van 20% agressie (aantal incidenten) binnen de school.", "20%", 20, "percent", 19.5, 20.5, ""),
        # Q2: "circa 98% benut"
        ("Van die contracten wordt naar verwachting circa 98% benut.", "circa 98%", 98, "percent", 87.75, 108.35, "circa"),
        # raadsbrief: "bijna 500 inwoners"
        ("In 2015 organiseerden bijna 500 inwoners met een AWBZ-indicatie hun zorg met een pgb.", "bijna 500", 500, "count", 449.55, 500.5, "bijna"),
        # raadsbrief: "iets meer dan 300"
        ("In 2016 waren dat er iets meer dan 300.", "iets meer dan 300", 300, "count", 299.5, 330.55, "iets meer dan"),
        # "5 ton" is 500.000 euro
        ("Het project kost 5 ton.", "5 ton", 500000, "eur", 450000, 550000, ""),
        # "tot maximaal 5 plekken" (Q2: "(maximaal 5 plekken)")
        ("In oktober 2017 openen zij een andere nieuwe locatie (maximaal 5 plekken) binnen onze regio.", "maximaal 5", 5, "count", 0.0, 5.5, "maximaal"),
    ],
)
def test_quantity_in_a_sentence(sentence, written, value, unit, low, high, qualifier):
    q = [q for q in find_quantities(sentence) if q.text == written]
    assert q, [x.text for x in find_quantities(sentence)]
    q = q[0]
    assert q.value == pytest.approx(value)
    assert q.unit == unit
    assert q.low == pytest.approx(low)
    assert q.high == pytest.approx(high)
    assert q.qualifier == qualifier
    assert sentence[q.start:q.end] == q.text


def test_range_between_two_amounts():
    # Q2: "Het tekort zal naar verwachting variëren tussen de € 3,0 en € 4,0 miljoen."
    q = one("Het tekort zal naar verwachting variëren tussen de € 3,0 en € 4,0 miljoen.")
    assert q.text == "tussen de € 3,0 en € 4,0 miljoen"
    assert (q.unit, q.role, q.qualifier) == ("eur", "range", "tussen")
    assert q.low == pytest.approx(2.95e6) and q.high == pytest.approx(4.05e6)


def test_range_with_a():
    # uitvoeringsprogramma: "Per plek kunnen ongeveer 5 à 6 wooneenheden gerealiseerd worden."
    q = one("Per plek kunnen ongeveer 5 à 6 wooneenheden gerealiseerd worden.")
    assert q.role == "range" and q.counted == "wooneenheden"
    assert q.low < 5 and q.high >= 6


def test_change_from_to():
    # 2024: "Daarnaast zijn de uren voor de POH uitgebreid van 110 uur naar 143 uur."
    a, b = find_quantities("Daarnaast zijn de uren voor de POH uitgebreid van 110 uur naar 143 uur.")
    assert (a.value, a.unit, a.role) == (110, "hours", "from")
    assert (b.value, b.unit, b.role) == (143, "hours", "to")


def test_change_with_a_year_between():
    # Q2: "... is in 2016 gestegen van 8,1% (2015) naar 8,8%."
    qs = find_quantities("Het percentage jeugdigen dat gebruik maakt van jeugdhulp is in 2016 gestegen van 8,1% (2015) naar 8,8%.")
    roles = {q.text: q.role for q in qs}
    assert roles["8,1%"] == "from" and roles["8,8%"] == "to" and roles["2015"] == ""


def test_change_by_an_amount_to_a_level():
    # Leeuwarden, jaarstukken 2019: "Daling van het aantal bijstandsgerechtigden met 300 naar 5.700."
    change, level = find_quantities("Daling van het aantal bijstandsgerechtigden met 300 naar 5.700.")
    assert (change.value, change.role) == (300, "")
    assert (level.value, level.role) == (5700, "to")


@pytest.mark.parametrize(
    "sentence, value, counted",
    [
        ("De gemeente ontving drie bezwaren over aangaande de vergoeding voor vaktherapie met een pgb.", 3, "bezwaren"),
        ("In het tweede kwartaal ontving de gemeente twee klachten.", 2, "klachten"),
        ("Eén klacht betrof de bejegening van CJG coach.", 1, "klacht"),
        ("Er hebben tien marktconsultaties plaatsgevonden.", 10, "marktconsultaties"),
        ("Ten opzichte van het tweede kwartaal van 2016 is het aantal beroepzaken toegenomen met twaalf.", 12, ""),
    ],
)
def test_number_words_in_sentences(sentence, value, counted):
    q = [q for q in find_quantities(sentence) if q.in_words]
    assert len(q) == 1
    assert q[0].value == value and q[0].counted == counted


def test_een_alone_is_an_article_not_a_number():
    # Q2: "Een klacht betrof zorgen en onvrede over een aanbieder."
    assert [q for q in find_quantities("De gemeente heeft een brief gestuurd over een aanbieder.") if q.in_words] == []


@pytest.mark.parametrize(
    "sentence, value",
    [
        ("Drie op de tien respondenten heeft een mantelzorger", 30.0),  # without its restatement "(30%)"
        ("Van de totale vraag naar contingent woningen is circa een derde afkomstig vanuit beschermd wonen.", 100 / 3),
        ("Van de totale vraag naar contingent woningen is circa een kwart afkomstig van mensen", 25.0),
        ("de helft van de cliënten", 50.0),
    ],
)
def test_shares_in_words(sentence, value):
    q = [q for q in find_quantities(sentence) if q.in_words]
    assert q[0].unit == "percent" and q[0].value == pytest.approx(value)


@pytest.mark.parametrize(
    "cell, value, unit",
    [
        ("€ 1.000.000", 1000000, "eur"),  # Q2 pgb table BEGROOT
        ("41%", 41, "percent"),  # Q2 pgb table UITGENUT TOV INDICATIE
        ("29.446", 29446, "count"),
        ("(1.234)", -1234, "count"),  # accounting negative
        ("€ -/- 250.000", -250000, "eur"),
        ("€ 150.000,-", 150000, "eur"),  # uitvoeringsprogramma bestedingen
    ],
)
def test_parse_cell(cell, value, unit):
    q = parse_cell(cell)
    assert q is not None and q.value == value and q.unit == unit


def test_scale_hint_applies_to_bare_cells():
    # a table headed "x € 1.000": the cell "1.524" is 1.524.000 euro
    q = parse_cell("1.524", scale_hint=1000, unit_hint="eur")
    assert q.value == 1524000 and q.unit == "eur"
    assert (q.low, q.high) == (1523500, 1524500)


def test_interval_qualifiers_are_open_where_the_words_are():
    assert interval_of(300, 0.5, "meer dan")[1] == math.inf
    assert interval_of(300, 0.5, "ten minste") == (299.5, math.inf)
    assert interval_of(5, 0.5, "maximaal") == (0.0, 5.5)
    assert interval_of(11, 0.5) == (10.5, 11.5)


def test_hyphen_after_a_word_is_not_a_minus():
    # jaarverslag: "het vraagstuk 18-/18+"; "jeugdigen die 18 jaar worden"
    qs = find_quantities("Ook is een belangrijk deel van het vraagstuk 18-/18+ opgelost")
    assert all(q.value > 0 for q in qs)


def test_a_figure_restated_in_brackets_is_one_quantity():
    # Haarlem, jaarverslag 2017: "Drie op de tien respondenten heeft een mantelzorger (30%), 74% ..."
    qs = find_quantities("Drie op de tien respondenten heeft een mantelzorger (30%), 74% heeft het idee dat "
                         "deze mantelzorger zijn of haar taken aan kan.")
    assert [(q.text, q.value) for q in qs] == [("30%", 30), ("74%", 74)]
    # two different figures, the second in brackets, stay two
    assert [q.value for q in find_quantities("Drie op de tien cliënten (25%) heeft een mantelzorger.")] == [30, 25]


@pytest.mark.parametrize(
    "sentence, counted",
    [
        # Capelle aan den IJssel, jaarstukken 2022
        ("Op 31-12-2022 waren er 741 (mogelijk) gedupeerden in Capelle.", "(mogelijk) gedupeerden"),
        ("Op 31 december 2022 zijn op deze locatie 118 Oekraïense ontheemden ingeschreven.", "Oekraïense ontheemden"),
        # ISD Brabantse Wal, jaarverslag 2022
        ("Er waren ook nog eens 355 nieuwe aanvragen, waardoor ook een groot deel van het bijstandsbestand is vernieuwd.",
         "nieuwe aanvragen"),
    ],
)
def test_the_counted_noun_keeps_its_adjective_and_aside(sentence, counted):
    assert [q.counted for q in find_quantities(sentence) if q.value in (741, 118, 355)] == [counted]


def test_the_start_of_a_change_counts_what_its_end_counts():
    # Lelystad, begroting 2019: "... is dat in Lelystad bijna 270 procent (van 2.100 naar 7.700 inwoners)."
    qs = find_quantities("is dat in Lelystad bijna 270 procent (van 2.100 naar 7.700 inwoners).")
    assert [(q.value, q.role, q.counted) for q in qs[1:]] == [(2100, "from", "inwoners"), (7700, "to", "inwoners")]


def test_a_table_cell_with_a_decimal_point():
    # Hendrik-Ido-Ambacht, jaarstukken 2017: "Relatief verzuim 16.18 15.66 Gelijk DUO", "Absoluut verzuim 0.39 0 ..."
    assert [(q.value, q.text) for q in map(parse_cell, ("16.18", "0.39", "1.8%"))] == [
        (16.18, "16.18"), (0.39, "0.39"), (1.8, "1.8%")]
    assert parse_cell("1.234").value == 1234  # three digits after the dot: a thousands separator
    assert parse_cell("6.1") is None and parse_cell("6.71") is None  # taakveld codes
