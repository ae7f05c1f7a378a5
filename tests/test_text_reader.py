"""The text reader on the real corpus: tab tables, pipe tables and a wrapped PDF text layer."""

from __future__ import annotations

from conftest import HMM_2024, JAARVERSLAG, Q2, load, sentence, table_with

# -- haarlem_2017-q2: tab-separated tables with <i> tags ---------------------------------


def test_q2_bezwaren_table_has_seven_rows_with_total_75():
    # "2e kwartaal 2017 Bezwaren" / "Anders opgelost	19" ... "Totaal	75"
    t = table_with(load(Q2), "Anders opgelost")
    assert t.caption == "2e kwartaal 2017 Bezwaren"
    assert t.n_rows == 7 and t.n_cols == 2
    assert t.header_rows == 0 and t.header_cols == 1
    assert t.rows()[1] == ["Gegronnd", "6"]
    assert t.rows()[-1] == ["Totaal", "75"]
    assert sum(int(r[1]) for r in t.rows()[:-1]) == 75


def test_q2_reden_einde_table_sums_to_its_total():
    # "Reden einde	Aantal" ... "Totaal	193"
    t = table_with(load(Q2), "Reden einde")
    assert t.header_rows == 1
    assert t.n_rows == 18  # header, 16 reasons, Totaal
    body = t.rows()[1:]
    assert body[-1] == ["Totaal", "193"]
    assert sum(int(v) for _, v in body[:-1]) == 193


def test_q2_regiorijder_table_strips_inline_tags_and_finds_header():
    # "<i>Maand</i>	<i>Aantal ritten regionaal</i>	<i>Stiptheid (streefwaarde 92%)</i>	<i>Klachten</i>"
    t = table_with(load(Q2), "Maand")
    assert t.caption == "Tabel 1"
    assert t.header_rows == 1 and t.header_cols == 1
    assert t.rows()[0] == ["Maand", "Aantal ritten regionaal", "Stiptheid (streefwaarde 92%)", "Klachten"]
    assert t.rows()[1] == ["mei", "29.446", "92,9", "171"]
    assert t.column_header(2) == "Stiptheid (streefwaarde 92%)"


def test_q2_pgb_table_keeps_euro_cells():
    # "2017	190	147	€ 1.000.000	€ 1.524.000	€ 625.000	41%"
    t = table_with(load(Q2), "JAAAR")
    assert t.rows()[1] == ["2017", "190", "147", "€ 1.000.000", "€ 1.524.000", "€ 625.000", "41%"]
    assert t.header_rows == 1 and t.header_cols == 1  # the year labels the row


def test_q2_cjg_table_with_empty_corner():
    # "	Nieuwe aanmeldingen	Einde zorg	Aantal cliënten op 1-8-2017	Totaal aantal cliënten in tweede kwartaal"
    t = table_with(load(Q2), "Nieuwe aanmeldingen")
    assert t.rows() == [
        ["", "Nieuwe aanmeldingen", "Einde zorg", "Aantal cliënten op 1-8-2017", "Totaal aantal cliënten in tweede kwartaal"],
        ["Haarlem", "341", "214", "892", "1106"],
    ]
    assert t.row_header(1) == "Haarlem"


def test_q2_sentence_provenance():
    doc = load(Q2)
    block, s = sentence(doc, "Eind 2016 bedroeg het aantal bijstandsgerechtigden 3736.")
    assert s.text == "Eind 2016 bedroeg het aantal bijstandsgerechtigden 3736."
    assert s.span.line == 47
    assert doc.text[s.span.start:s.span.end] == s.text
    assert block.section == ("2. Koersdocument", "Ontwikkelingen aantal uitkeringsgerechtigden")


def test_q2_superscript_footnote_mark_is_taken_off_the_heading():
    # "2. Wmo¹" with "¹ Voor de financiële voortgang op het Sociaal Domein ..."
    doc = load(Q2)
    assert "2. Wmo" in [h.title for h in doc.headings()]
    notes = {f.marker: f.content for f in doc.footnotes()}
    assert notes["1"].startswith("Voor de financiële voortgang op het Sociaal Domein")
    assert notes["2"].startswith("Naast een externe wachtlijst")


def test_q2_list_items():
    # "- Voortdurende monitoring van de wachtlijst en het organiseren van afstemming ..."
    doc = load(Q2)
    items = [p for p in doc.paragraphs() if p.list_item]
    assert any(p.content.startswith("Voortdurende monitoring van de wachtlijst") for p in items)


# -- haarlem_2017_jaarverslag: a PDF text layer -------------------------------------------


def test_jaarverslag_jeugdhulp_table_rebuilt_from_spread_headers():
    # " 1e \n\nhalfjaar \n\n2015 ..." / "Jongeren met jeugdhulp 6,7 6,9 8,1 7,2 7,6 8,8 6,4* "
    t = table_with(load(JAARVERSLAG), "Jongeren met jeugdhulp")
    assert (t.n_rows, t.n_cols) == (5, 8)  # 4 indicator rows x 7 period columns, plus header row and label column
    assert [t.column_header(c) for c in range(1, 8)] == [
        "1e halfjaar 2015", "2e halfjaar 2015", "2015", "1e halfjaar 2016", "2e halfjaar 2016", "2016", "1e halfjaar 2017",
    ]
    assert [t.row_header(r) for r in range(1, 5)] == [
        "Jongeren met jeugdhulp", "Waarvan jeugdhulp met verblijf", "Jongeren met jeugdbescherming", "Jongeren met jeugdreclassering",
    ]
    provisional = t.cell(1, 7)
    assert (provisional.text, provisional.marker) == ("6,4", "*")
    assert t.notes[0].startswith("*De gepresenteerde cijfers 2017 zijn gebaseerd op gegevens over 6 maanden.")


def test_jaarverslag_veilig_thuis_table_and_its_non_additive_note():
    # "Haarlem 869 705 198 591 292 357 17 145 101 62"
    t = table_with(load(JAARVERSLAG), "869")
    assert t.n_cols == 11
    assert [t.column_header(c) for c in range(1, 11)] == [
        "Meldingen", "Meldingen HG", "Meldingen KM", "Adviezen", "Adviezen HG", "Adviezen KM", "THV's",
        "Onderzoeken", "Onderzoeken HG", "Onderzoeken KM",
    ]
    assert t.notes == ["Eén melding kan leiden tot zowel melding HG als melding KM of andere categorie"]


def test_jaarverslag_cjg_table():
    # "CJG Haarlem 1.138 867 895" under "Nieuwe / aanmeldingen / Einde zorg Aantal cliënten op / 31-12-2017"
    t = table_with(load(JAARVERSLAG), "CJG Haarlem")
    assert t.rows() == [["", "Nieuwe aanmeldingen", "Einde zorg", "Aantal cliënten op 31-12-2017"],
                        ["CJG Haarlem", "1.138", "867", "895"]]


def test_jaarverslag_breakdown_lines_become_a_table():
    # "Herkomst cliënten nieuwe aanvragen 2017:" / "Beschermd wonen totaal, waarvan: 23" / "* uitstroom RIBW 16" ...
    t = table_with(load(JAARVERSLAG), "23")
    assert t.caption == "Herkomst cliënten nieuwe aanvragen 2017"
    assert [r[1] for r in t.rows()] == ["23", "16", "6", "1"]
    assert t.rows()[1][0] == "uitstroom RIBW"


def test_jaarverslag_knelpunt_tables_are_rebuilt():
    doc = load(JAARVERSLAG)
    tables = [t for t in doc.tables() if t.rows()[0] == ["Knelpunt", "Oplossingsrichting", "Resultaat"]]
    assert len(tables) == 5
    first = tables[0]
    # "Schotten Jeugd en Wmo We kopen een zorgaanbod in per 2018, waarbij de overgang van 18- "
    assert first.cell(1, 0).text == "Schotten Jeugd en Wmo"
    assert first.cell(1, 1).text.startswith("We kopen een zorgaanbod in per 2018")
    assert first.cell(1, 0).rowspan == 3  # the same knelpunt for three solutions
    assert first.cell(3, 1).text == "In het resterende jaar 2017 bedraagt deze € 150.000, per 2018 bedraagt deze € 100.000."
    assert first.cell(3, 2).marker == "±"


def test_jaarverslag_wrapped_lines_and_hyphenation_are_repaired():
    doc = load(JAARVERSLAG)
    # "Eind 2017 zijn de contracten gesloten met aanbieders voor de levering van de maatwerk-" / "voorzieningen Wmo."
    _, s = sentence(doc, "Eind 2017 zijn de contracten gesloten")
    assert "levering van de maatwerkvoorzieningen Wmo." in s.text
    # "In 2017 zijn er in totaal 69 cliënten in en 60 cliënten uit een beschermde woonvoorziening gegaan."
    _, s = sentence(doc, "In 2017 zijn er in totaal 69 cliënten in en 60 cliënten uit")
    assert s.text.endswith("gegaan.")
    assert s.span.line == 282


def test_jaarverslag_pdf_footnote_and_glued_mark():
    # "Het aantal (externe1) cliënten ..." with the note "1" / " Naast een externe wachtlijst ..."
    doc = load(JAARVERSLAG)
    _, s = sentence(doc, "Het aantal (externe) cliënten die op de wachtlijst")
    assert "158 in 2017" in s.text
    note = doc.footnotes()[0]
    assert note.marker == "1"
    assert note.content.startswith("Naast een externe wachtlijst bestaat er ook een interne wachtlijst.")
    assert note.content.endswith("op de externe wachtlijst staan.")


def test_jaarverslag_headings_and_section_paths():
    doc = load(JAARVERSLAG)
    titles = [h.title for h in doc.headings() if h.level == 1]
    assert titles == [
        "1. Inleiding", "2. Participatiewet", "3. Wmo", "4. Beschermd Wonen", "5. Jeugd",
        "6. Eindrapportage actieplan ‘op weg naar volwassenheid’ (18- / 18+)",
        "7. Eindrapportage Samenwerking Centrum Jeugd en Gezin (CJG) & Sociaal Wijkteam (SWT)",
    ]
    block, _ = sentence(doc, "In 2017 zijn 68 gezinnen besproken aan de beschermingstafel.")
    assert block.section == ("5. Jeugd", "5.1 CJG", "Beschermingstafel")


# -- haarlemmermeer_2024: pipe table with footnoted year and markers -----------------------


def test_2024_indicator_table():
    # "Omschrijving | Eenheid | Indicator | Bron | 2020 | 2021 | 2022 | 2023 | 20241 |"
    t = table_with(load(HMM_2024), "Omschrijving")
    assert t.caption == "Tabel 20"
    assert (t.n_rows, t.n_cols) == (6, 9)
    assert t.header_rows == 1 and t.header_cols == 1
    year = t.cell(0, 8)
    assert (year.text, year.footnote) == ("2024", "1")
    assert [t.column_header(c) for c in range(4, 9)] == ["2020", "2021", "2022", "2023", "2024"]
    jeugdhulp = t.cell(1, 8)  # "11,1*"
    assert (jeugdhulp.text, jeugdhulp.marker) == ("11,1", "*")
    delict = t.cell(5, 8)  # "n/b": missing, never zero
    assert (delict.text, delict.marker) == ("", "n/b")
    assert t.notes == ["* = voorlopige cijfers"]
    assert t.cell(4, 1).text == "Aantal per 10.000 inwoners"


def test_2024_activity_list_is_not_a_table():
    # "01. Bieden onderwijs- zorgarrangementen |" is a list item with a stray pipe
    doc = load(HMM_2024)
    items = [p.content for p in doc.paragraphs() if p.list_item]
    assert items[0] == "01. Bieden onderwijs- zorgarrangementen"
    assert len(items) == 7


def test_a_pipe_header_that_lost_its_corner_and_space_grouped_thousands():
    # CBS, jeugdbescherming 1e halfjaar 2023, as the page's Markdown gives it: "Beginstand | Instroom | Uitstroom |
    # Eindstand | |" over "Totaal | 29 115 | 4 470 | 5 625 | 27 960 |": the header moves right over its columns,
    # and "29 115" is one figure
    from conftest import ROOT

    from extract.extraction.extractor import Extractor
    from extract.ruleset.load import load_rules

    doc = load(ROOT / "tests" / "fixtures" / "stock_flow" / "cbs_2023-h1_jeugdbescherming.md")
    table = table_with(doc, "29 115")
    assert table.rows()[0] == ["", "Beginstand", "Instroom", "Uitstroom", "Eindstand"]
    found = Extractor(load_rules(ROOT / "rules")).extract(doc).measurements
    assert {m.label: m.value for m in found if m.quote.startswith("Totaal")}["Totaal / Beginstand"] == 29115


def test_two_figures_in_a_cell_stay_two():
    # Almelo-style BBV rows put the municipality's figure and its reference group's in one cell ("883,1 727,9",
    # "650 559"): a first group of three digits is no thousands group, and a table with such pairs has none
    from extract.extraction.mentions import _SPACE_GROUPED

    assert _SPACE_GROUPED.fullmatch("29 115") and _SPACE_GROUPED.fullmatch("1 234 567")
    assert not _SPACE_GROUPED.fullmatch("650 559")


def test_q2_paragraph_broken_at_a_page_end_goes_on_below_the_blank_line():
    # Q2 lines 348-350: "... Hierop zijn" / "" / "voor Haarlem en Zandvoort samen 35 vragenlijsten teruggestuurd."
    doc = load(Q2)
    block, s = sentence(doc, "Hierop zijn voor Haarlem en Zandvoort samen 35 vragenlijsten teruggestuurd.")
    assert s.text == "Hierop zijn voor Haarlem en Zandvoort samen 35 vragenlijsten teruggestuurd."
    assert "november 2016 verstuurd" in block.text  # one paragraph with the sentence before it
    assert s.span.line == 348
