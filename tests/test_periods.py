"""Period expressions of the corpus, resolved against the report's own period."""

from __future__ import annotations

import pytest

from extract.text.periods import Anchor, find_periods

Q2_ANCHOR = Anchor.of("2017-01-01", "2017-06-30")  # "de eerste periode van 2017"


def only(text: str, anchor: Anchor | None = Q2_ANCHOR):
    found = find_periods(text, anchor)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    "sentence, written, start, end, moment",
    [
        ("In het tweede kwartaal 2017 zijn 193 uitkeringen beëindigd.", "In het tweede kwartaal 2017", "2017-04-01", "2017-06-30", False),
        ("2e kwartaal 2017 Bezwaren", "2e kwartaal 2017", "2017-04-01", "2017-06-30", False),
        ("In het tweede kwartaal ontving de gemeente twee klachten.", "In het tweede kwartaal", "2017-04-01", "2017-06-30", False),
        ("Realisatie Q2 t.o.v. begroting", "Q2", "2017-04-01", "2017-06-30", False),
        ("Q2 2017", "Q2 2017", "2017-04-01", "2017-06-30", False),
        ("Start 2e kw 2017", "2e kw 2017", "2017-04-01", "2017-06-30", False),
        ("Planning 4e kw 17", "4e kw 17", "2017-10-01", "2017-12-31", False),
        ("In het eerste halfjaar is € 12,04 miljoen besteed", "eerste halfjaar", "2017-01-01", "2017-06-30", False),
        ("1e halfjaar 2015", "1e halfjaar 2015", "2015-01-01", "2015-06-30", False),
        ("Het eerste half jaar van 2017 laat een stijging zien.", "eerste half jaar van 2017", "2017-01-01", "2017-06-30", False),
        ("in de eerste helft van 2017", "eerste helft van 2017", "2017-01-01", "2017-06-30", False),
        # Kerkrade and Bloemendaal BBV tables (dev set): "1e helft 2018", "2e hj 2019"
        ("Bijstandsuitkeringen | CBS | Aantal per 1.000 inwoners 18jr eo | 1e helft 2018", "1e helft 2018", "2018-01-01", "2018-06-30", False),
        ("Bron: CBS | 131,8 | 2e hj 2019", "2e hj 2019", "2019-07-01", "2019-12-31", False),
        # Capelle aan den IJssel, jaarstukken 2019: header cells "Rek. 18", "Begr. 19"
        ("Aantal aanvragen levensonderhoud / Rek. 18", "Rek. 18", "2018-01-01", "2018-12-31", False),
        ("Begr. 19", "Begr. 19", "2019-01-01", "2019-12-31", False),
        ("medio 2017 zijn bijna 150 indicaties meer afgegeven", "medio 2017", "2017-06-30", "2017-06-30", True),
        ("Eind juni 2017 is het aantal bijstandsgerechtigden gestegen tot 3835.", "Eind juni 2017", "2017-06-30", "2017-06-30", True),
        ("Eind 2016 bedroeg het aantal bijstandsgerechtigden 3736.", "Eind 2016", "2016-12-31", "2016-12-31", True),
        ("Er zijn op 1 juli 2017 in totaal 12 wachtenden", "1 juli 2017", "2017-07-01", "2017-07-01", True),
        ("Aantal cliënten op 1-8-2017", "1-8-2017", "2017-08-01", "2017-08-01", True),
        ("Aantal cliënten op 31-12-2017", "31-12-2017", "2017-12-31", "2017-12-31", True),
        ("De RegioRijder is per 1 januari 2017 geïmplementeerd.", "1 januari 2017", "2017-01-01", "2017-01-01", True),
        ("In mei zijn we gestart met het project 'Ik doe mee'.", "In mei", "2017-05-01", "2017-05-31", False),
        ("In 2016 heeft de gemeente Haarlem € 730.000 uitgegeven", "2016", "2016-01-01", "2016-12-31", False),
        ("het beleidskader opvang, wonen en herstel 2017-2020", "2017-2020", "2017-01-01", "2020-12-31", False),
        ("het beleidskader \"Een Veilig thuis 2015 - 2020\"", "2015 - 2020", "2015-01-01", "2020-12-31", False),
        ("programma van eisen voor de verwerving van 2018 e.v.", "2018 e.v.", "2018-01-01", "9999-12-31", False),
        ("Ten opzichte van het tweede kwartaal van 2016 is het aantal bezwaarzaken afgenomen.", "het tweede kwartaal van 2016", "2016-04-01", "2016-06-30", False),
        ("in de periode januari tot en met juni 2017 240 mensen geplaatst", "in de periode januari tot en met juni 2017", "2017-01-01", "2017-06-30", False),
        ("Op dit moment staan er 159 cliënten op de wachtlijst", "Op dit moment", "2017-06-30", "2017-06-30", True),
        ("Verzenddatum: 27 JUNI 2017", "27 JUNI 2017", "2017-06-27", "2017-06-27", True),
    ],
)
def test_period(sentence, written, start, end, moment):
    p = only(sentence)
    assert p.text == written
    assert (p.period_start, p.period_end, p.moment) == (start, end, moment)


def test_relative_periods():
    found = find_periods("Op dit moment staan er 159 cliënten op de wachtlijst, vorig kwartaal waren dat er 164.", Q2_ANCHOR)
    assert [(p.text, p.period_start, p.period_end, p.relative) for p in found] == [
        ("Op dit moment", "2017-06-30", "2017-06-30", True),
        ("vorig kwartaal", "2017-01-01", "2017-03-31", True),
    ]
    found = find_periods("medio 2017 zijn bijna 150 indicaties meer afgegeven dan een jaar eerder", Q2_ANCHOR)
    assert (found[1].text, found[1].period_start) == ("een jaar eerder", "2016-06-30")
    found = find_periods("De banen die zijn gerealiseerd zijn vooral het resultaat van inspanningen van voorgaande jaren.", Q2_ANCHOR)
    assert (found[0].period_start, found[0].period_end) == ("", "2016-12-31")


def test_year_less_phrases_need_an_anchor():
    assert find_periods("In het tweede kwartaal ontving de gemeente twee klachten.", None) == []


def test_impossible_dates_are_not_periods():
    assert find_periods("op 31-2-2017", Q2_ANCHOR) == []


def test_years_inside_references_are_not_periods_after_classification():
    # the period parser sees "2016" in "2016/2555655"; the mention classifier takes the kenmerk first
    from extract.extraction.mentions import classify_numbers

    reasons = {tok.group(0): r for tok, r in classify_numbers("het Koersdocument Werk en Inkomen (2016/2555655)", Q2_ANCHOR)}
    assert reasons == {"2016/2555655": "reference_number"}


def test_a_range_that_ends_before_it_starts_is_found():
    from extract.text.periods import reversed_ranges

    def reversed_in(text: str) -> list[str]:
        return [text[a:b] for a, b in reversed_ranges(text, find_periods(text, Q2_ANCHOR))]

    # Haarlem Q2 2017, above "tabel1 aantal bw cliënten in zorg": the slip the annual report corrects
    assert reversed_in("In tabel 1 is het aantal unieke cliënten beschermd wonen in zorg per maand te zien gedurende "
                       "de periode augustus 2017 tot en met juli 2017.") == ["augustus 2017 tot en met juli 2017"]
    # Haarlem jaarverslag 2017, the same table as it should read
    assert reversed_in("De figuur hieronder geeft inzicht in het aantal unieke cliënten met een indicatie Beschermd "
                       "Wonen in zorg per maand gedurende de periode augustus 2016 tot en met december 2017.") == []
    assert reversed_in("van 2018 t/m 2016") == ["2018 t/m 2016"]
    # a dash between years heads a difference column; a relative period is no range
    assert reversed_in("Verschil 2017 - 2016") == []
    assert reversed_in("in 2017 tot vorig kwartaal") == []
