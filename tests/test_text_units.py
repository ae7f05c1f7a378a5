"""Sentence splitting, inline repairs and cell markers, on sentences and cells of the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.documents.inline import clean_inline, strip_bullet
from extract.documents.layout import Joiner, figures_of, group_header_words, heading_level_of
from extract.documents.tables import is_numeric, split_marker
from extract.limits import MAX_SENTENCE_CHARS
from extract.text.sentences import split_sentences

DEVSET = Path(__file__).parent / "devset"


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # Q2: abbreviation "o.a." and numbers inside sentences
        (
            "In- en extern is voorlichting over de regeling gegeven, o.a. via arbeidsmarktconferenties en bijeenkomsten. "
            "In de derde kwartaalrapportage kwartaal wordt het aantal aanvragen en toekenningen opgenomen.",
            2,
        ),
        # Q2: "Eind 2016 bedroeg het aantal bijstandsgerechtigden 3736. Het eerste half jaar ..."
        ("Eind 2016 bedroeg het aantal bijstandsgerechtigden 3736. Het eerste half jaar van 2017 laat een stijging van 99 bijstandsgerechtigden zien.", 2),
        # Q2: "t.o.v." inside a caption-like sentence
        ("Figuur 1 Realisatie Q2 t.o.v. begroting en t.o.v. contractwaarde", 1),
        # Q2: thousands separators never end a sentence
        ("Het gaat om een gezamenlijk pgb budget van ruim € 1.524.000. Momenteel is ongeveer € 625.000 besteed.", 2),
        # raadsbrief: "i.c." and a kenmerk with dots
        ("De raad heeft € 36,99 miljoen beschikbaar gesteld (kenmerk: X2016.31862) voor de nieuwe taken i.c. de uitvoering van de Jeugdwet.", 1),
        # Q2: "jl." (jongstleden) is an abbreviation
        ("De werkgeversservicepunten beschikken sinds juli jl. over een uniform instrumentarium.", 1),
        # Q2 table label "Arb. dienstbetr./uitk. ziekte"
        ("Arb. dienstbetr./uitk. ziekte", 1),
        # question marks end sentences too
        ("Wat zeggen jongeren en hun ouders zelf? Er wordt landelijk informatiemateriaal ontwikkeld.", 2),
    ],
)
def test_sentence_split(text, expected):
    assert len(sentences(text)) == expected


@given(st.text(max_size=300))
def test_sentence_spans_are_inside_the_text_and_ordered(text):
    spans = split_sentences(text)
    last = 0
    for s, e in spans:
        assert last <= s < e <= len(text)
        assert text[s:e] == text[s:e].strip()
        last = e



def test_the_longest_real_sentence_stays_whole():
    # Apeldoorn's begroting 2018 (dev set) runs 1,052 characters of prestaties into one sentence,
    # the longest of the corpus and the dev set: under the cut
    text = (DEVSET / "apeldoorn_2018_begroting-doelen-prestaties-participatie.txt").read_text(encoding="utf-8")
    longest = max(e - s for s, e in split_sentences(text))
    assert 1000 < longest <= MAX_SENTENCE_CHARS


def test_a_line_of_sixty_thousand_figures_is_cut_at_spaces_into_bounded_pieces():
    # a hostile file: every figure is weighed against its sentence, so this one "sentence" cost
    # the square of its 60,000 figures (past the 120 s limit) before it was cut
    text = "Rapportage sociaal domein. " + "12,5% " * 60_000
    spans = split_sentences(text)
    assert max(e - s for s, e in spans) <= MAX_SENTENCE_CHARS
    assert sum(text[s:e].count("12,5%") for s, e in spans) == 60_000  # no figure cut in two


@pytest.mark.parametrize(
    "raw, text, marks",
    [
        ("<i>Stiptheid (streefwaarde 92%)</i>", "Stiptheid (streefwaarde 92%)", []),  # Q2 table header
        ("2. Wmo¹", "2. Wmo", ["1"]),  # Q2 heading with footnote mark
        ("Gemeenten² zoeken", "Gemeenten zoeken", ["2"]),  # uitvoeringsprogramma
        ("Start 2 ^e kw 2017", "Start 2e kw 2017", []),  # uitvoeringsprogramma superscript ordinal
        ("versterking 1^e en 2^e lijns zorg", "versterking 1e en 2e lijns zorg", []),
        ("<b>Wat</b>", "Wat", []),  # raadsbrief agenda table
        ("AT&amp;T", "AT&T", []),
    ],
)
def test_clean_inline(raw, text, marks):
    assert clean_inline(raw) == (text, marks)


@pytest.mark.parametrize(
    "line, marker, rest",
    [
        ("- Voortdurende monitoring van de wachtlijst", "-", "Voortdurende monitoring van de wachtlijst"),  # Q2
        ("\uf0b7 RIBW K/AM heeft het tweede kwartaal", "•", "RIBW K/AM heeft het tweede kwartaal"),
        ("- a) In de aanloop naar de decentralisatie", "-", "a) In de aanloop naar de decentralisatie"),
        ("1. een regiesysteem, inclusief een declaratiemodule;", "1.", "een regiesysteem, inclusief een declaratiemodule;"),
        ("Eind 2016 bedroeg het aantal", "", "Eind 2016 bedroeg het aantal"),
    ],
)
def test_strip_bullet(line, marker, rest):
    assert strip_bullet(line) == (marker, rest)


@pytest.mark.parametrize(
    "raw, text, marker",
    [
        ("11,1*", "11,1", "*"),  # 2024 indicator table, voorlopig
        ("n/b", "", "n/b"),  # 2024: not known, never zero
        ("n.b.", "", "n.b."),
        ("-", "", "-"),
        ("±", "", "±"),  # jaarverslag Resultaat column
        ("€ 1.524.000", "€ 1.524.000", ""),
        ("6,4*", "6,4", "*"),  # jaarverslag jeugdhulp 1e halfjaar 2017
        ("Totaal", "Totaal", ""),
    ],
)
def test_split_marker(raw, text, marker):
    value = split_marker(raw)
    assert (value.text, value.marker) == (text, marker)


@pytest.mark.parametrize("cell", ["29.446", "92,9", "€ 1.000.000", "41%", "€ 150.000,-", "0,5", "1.138"])
def test_numeric_cells(cell):
    assert is_numeric(cell)


@pytest.mark.parametrize("cell", ["Totaal", "2e kwartaal", "Waarstaatjegemeente.nl", "", "1-8-2017"])
def test_non_numeric_cells(cell):
    assert not is_numeric(cell)


def test_figures_of_a_layout_row():
    # jaarverslag: "Waarvan jeugdhulp met verblijf 11,6 11,6 11,2 12,5 12,4 11,8 13,2* "
    assert figures_of("Waarvan jeugdhulp met verblijf 11,6 11,6 11,2 12,5 12,4 11,8 13,2* ") == (
        "Waarvan jeugdhulp met verblijf", ["11,6", "11,6", "11,2", "12,5", "12,4", "11,8", "13,2*"])
    assert figures_of("Beschermd wonen totaal, waarvan: 23 ") == ("Beschermd wonen totaal, waarvan:", ["23"])
    assert figures_of("Telefax 023 563 95 50") is None  # a phone number is not a row of figures
    assert figures_of("Eind 2016 bedroeg het aantal bijstandsgerechtigden 3736.") is None


def test_group_spread_header_words():
    words = "1e halfjaar 2015 2e halfjaar 2015 2015 1e halfjaar 2016 2e halfjaar 2016 2016 1e halfjaar 2017".split()
    assert group_header_words(words, 7) == [
        "1e halfjaar 2015", "2e halfjaar 2015", "2015", "1e halfjaar 2016", "2e halfjaar 2016", "2016", "1e halfjaar 2017"]
    assert group_header_words(words, 6) is None  # a grouping that does not fit is refused, never forced


def test_heading_levels_from_numbering():
    assert heading_level_of("2. Participatiewet") == 1
    assert heading_level_of("5.1 CJG") == 2
    assert heading_level_of("01. Bieden onderwijs- zorgarrangementen") == 4
    assert heading_level_of("Verwervingsstrategie") == 3
    assert heading_level_of("27 JUNI 2017") == 3  # a date, not section 27
    assert heading_level_of("1. een regiesysteem, inclusief een declaratiemodule;") == 3


def test_joiner_repairs_hyphenation_only_for_words_the_document_spells_whole():
    # jaarverslag: "maatwerk-" / "voorzieningen Wmo" (the report also writes "maatwerkvoorzieningen")
    joiner = Joiner(["Ten aanzien van de maatwerkvoorzieningen Wmo geldt"])
    assert joiner.join_all(["levering van de maatwerk-", "voorzieningen Wmo."]) == "levering van de maatwerkvoorzieningen Wmo."
    # a real hyphen stays: "re-integratie", "Zuid-Kennemerland"; "18-" + "naar 18+" keeps its space
    assert joiner.join_all(["voor de re-", "integratie"]) == "voor de re-integratie"
    assert joiner.join_all(["inwoners in Zuid-", "Kennemerland."]) == "inwoners in Zuid-Kennemerland."
    assert joiner.join_all(["de overgang van 18-", "naar 18+"]) == "de overgang van 18- naar 18+"
    assert joiner.join_all(["In-", "en uitstroom"]) == "In- en uitstroom"
    assert joiner.join_all(["zie https://www.stichtingrijk.nl/sociaal-", "domein/beschermd-wonen/"]) == (
        "zie https://www.stichtingrijk.nl/sociaal-domein/beschermd-wonen/")
