"""Tables that arrive one cell per line (begrotingsapp and jaarverslag pages flattened to
text): rebuilt with the same cells as the table written with pipes, from the dev set's
real documents."""

from __future__ import annotations

from conftest import ROOT

from extract.documents import read_document
from extract.documents.cell_lines import FIGURE, PERIOD, TEXT, cell_kind, find_cell_line_tables

DEVSET = ROOT / "tests" / "devset"


def tables_of(path):
    return [t for t in read_document(path).tables() if t.source == "cell-lines"]


def same_cells_as_pipes(tmp_path, table, header_rows: bool = True) -> None:
    """The rebuilt grid, written back as a pipe table, reads as the same cells (and header
    rows, unless a row group's label right below the header makes the pipe form ambiguous)."""
    piped = tmp_path / "piped.txt"
    piped.write_text("".join(f"| {' | '.join(row)} |\n" for row in table.rows()), encoding="utf-8")
    (again,) = read_document(piped).tables()
    assert again.rows() == table.rows()
    if header_rows:
        assert again.header_rows == table.header_rows == 1


def test_cell_kinds():
    assert [cell_kind(t) for t in ("685,1", "-5.811", "€ 49.382", "2,5%", "n.v.t.", "-")] == [FIGURE] * 6
    assert [cell_kind(t) for t in ("2017", "tweede halfjaar 2017", "1e halfjaar 2019", "2015/2016")] == [PERIOD] * 4
    assert [cell_kind(t) for t in ("Banen", "per 1.000 inwoners", "CBS - Participatiewet")] == [TEXT] * 3


def test_hoorn_bbv_table_with_a_taakveld_code_before_each_label(tmp_path):
    # Hoorn, begroting 2019: "Taakveld / BBV indicator / Eenheid / Waarde / Periode / Bron / Omschrijving",
    # then "6 / Banen / per 1.000 inwoners in de leeftijd 15 - 64 jaar / 685,1 / 2017 / LISA / Het aantal banen, ..."
    (table,) = tables_of(DEVSET / "hoorn_2019_begroting-beleidsindicatoren.txt")
    rows = table.rows()
    assert rows[0] == ["Taakveld", "BBV indicator", "Eenheid", "Waarde", "Periode", "Bron", "Omschrijving"]
    assert rows[1][:5] == ["6", "Banen", "per 1.000 inwoners in de leeftijd 15 - 64 jaar", "685,1", "2017"]
    assert [r[1] for r in rows[1:]][-1] == "Jongeren met jeugdreclassering"  # the last row, cut off after its cells
    assert len(rows) == 9
    same_cells_as_pipes(tmp_path, table)


def test_kerkrade_rows_whose_source_cell_wrapped_onto_two_lines(tmp_path):
    # Kerkrade, jaarrekening 2018: "Jongeren met een delict voor de rechter / Verwey Jonker Instituut /
    # Kinderen in Tel / % 12-21 jr / 2015 / 1,92 / 1,45 / 1,24": eight lines for seven columns
    basis, overige = tables_of(DEVSET / "kerkrade_2018_jaarverslag-beleidsindicatoren.txt")
    assert basis.rows()[0] == ["omschrijving", "bron", "eenheid", "periode", "Kerkrade", "Nederland", "Limburg"]
    assert basis.rows()[2] == ["Jongeren met een delict voor de rechter", "Verwey Jonker Instituut Kinderen in Tel",
                               "% 12-21 jr", "2015", "1,92", "1,45", "1,24"]
    # the second table's web page dropped an empty cell: "Aanvragen langdurigheids- / individuele
    # inkomenstoeslag / afd. WIZ / aantal / 1.183 / 1.244 / 1.221 / 1.345", four figures for five years
    assert overige.rows()[0][:8] == ["omschrijving", "bron", "eenheid", "2014", "2015", "2016", "2017", "2018"]
    assert overige.rows()[2][:8] == ["Aanvragen bijzondere bijstand", "afd. WIZ", "aantal",
                                     "1.354", "1.524", "1.749", "1.679", "1.679"]
    short = overige.rows()[3]
    assert short[:8] == ["Aanvragen langdurigheids- / individuele inkomenstoeslag", "afd. WIZ", "aantal", "", "", "", "", ""]
    assert [c for c in short[8:] if c] == ["1.183", "1.244", "1.221", "1.345"]  # no year: it cannot be placed
    same_cells_as_pipes(tmp_path, basis)
    # the heading above the second table, "Overige indicatoren", stays a heading (and names the table)
    doc = read_document(DEVSET / "kerkrade_2018_jaarverslag-beleidsindicatoren.txt")
    assert "Overige indicatoren" in [b.text for b in doc.blocks if type(b).__name__ == "Heading"]
    assert overige.caption == "Overige indicatoren"


def test_arnhem_rows_with_a_period_and_long_description_cells(tmp_path):
    # Arnhem, jaarstukken 2019: "Personen met een bijstandsuitkering / 1e halfjaar 2019 / 768 / 382 / Het aantal ..."
    (table,) = tables_of(DEVSET / "arnhem_2019_jaarverslag-beleidsindicatoren.txt")
    assert table.rows()[0] == ["Indicator", "Jaar", "Score Arnhem", "Score Nederland", "Toelichting", "Bron"]
    assert table.rows()[2][:4] == ["Personen met een bijstandsuitkering", "1e halfjaar 2019", "768", "382"]
    same_cells_as_pipes(tmp_path, table)


def test_best_header_cells_split_over_two_lines_and_no_corner_cell(tmp_path):
    # Best, begroting 2024: "Realisatie / 2022 / Begroting / 2023 / ..." then "Lasten / 33.104 / 35.461 / ..."
    (table,) = tables_of(DEVSET / "best_2024_begroting-wat-mag-het-kosten.txt")
    assert table.rows()[0] == ["", "Realisatie 2022", "Begroting 2023", "Begroting 2024", "Begroting 2025",
                               "Begroting 2026", "Begroting 2027"]
    assert table.rows()[1] == ["Lasten", "33.104", "35.461", "35.615", "35.812", "36.130", "37.143"]
    assert table.caption == "Bedragen x € 1.000" and table.unit_hint == "x € 1.000"  # two lines above the header
    same_cells_as_pipes(tmp_path, table)


def test_prose_with_short_lines_is_no_table():
    lines = ["Kerncijfers", "In 2019 hadden 768 personen een uitkering.", "Dat zijn er 12 meer dan in 2018.",
             "2019", "Bron: CBS"]
    assert find_cell_line_tables(lines) == {}


def test_a_lone_header_and_one_row_is_no_table_but_a_year_series_is():
    assert find_cell_line_tables(["Naam", "Waarde", "Bron", "Banen", "685,1", "LISA"]) == {}
    series = ["Aantal uitkeringen bijstand", "2014", "2015", "2016", "2900", "3025", "3140"]
    (table,) = find_cell_line_tables(series).values()
    assert table.rows == [["", "2014", "2015", "2016"], ["Aantal uitkeringen bijstand", "2900", "3025", "3140"]]


def test_culemborg_cells_of_several_lines_between_blank_lines(tmp_path):
    # Culemborg, begroting 2017: each cell is a paragraph, so a cell that wrapped or holds two
    # figures spans lines without a blank between: "Werkelijk" / "2015", "Banen" / "per 1.000 inw
    # 15-64jr", "95" / "23" ("Uitstroom naar werk Waarvan duurzame uitstroom naar werk")
    indicatoren, verplicht = tables_of(DEVSET / "culemborg_2017_begroting-indicatoren-sociaal-domein.txt")
    assert indicatoren.rows()[0][:8] == ["Indicatoren", "Werkelijk 2015", "Begroot 2016", "Begroot 2017",
                                         "Begroot 2018", "Begroot 2019", "Begroot 2020", "Meet-instrument"]
    assert indicatoren.rows()[2][:7] == ["Uitstroom naar werk Waarvan duurzame uitstroom naar werk",
                                         "95 23", "60 48", "60 48", "60 48", "60 48", "60 48"]
    assert verplicht.rows()[1] == ["Banen per 1.000 inw 15-64jr", "707", "656,4", "2015", "710", "LISA"]
    same_cells_as_pipes(tmp_path, verplicht)


def test_culemborg_rows_that_dropped_a_cell_or_have_no_source_keep_their_labels():
    # "Aantal werkzame personen / 12.750 / ... / 13.245 / PWE en PEV provincie Gelderland" has a source,
    # "Uitstroom naar werk ..." none, and "Aantal huishoudens, dat bijzondere bijstand ontvangt / 760 /
    # 750 / 750 / 750 / 750 / GWS" five figures under six years: no shape repeats, every row is kept
    indicatoren, _ = tables_of(DEVSET / "culemborg_2017_begroting-indicatoren-sociaal-domein.txt")
    labels = [row[0] for row in indicatoren.rows()[1:]]
    assert labels == [
        "Aantal werkzame personen", "Uitstroom naar werk Waarvan duurzame uitstroom naar werk",
        "Percentage meldingen voor een uitkering dat niet leidt tot een aanvraag",
        "Inzicht in de hoogte van de gemiddelde uitkering in relatie tot het landelijk gemiddelde",
        "Uitstroom uit de uitkering Waarvan duurzame uitstroom", "Aantal huishoudens, dat bijzondere bijstand ontvangt",
        "Aantal aanvragen bijzondere bijstand",
        "Het aantal inwoners, dat via bijzondere bijstand een vergoeding krijgt voor budgetbeheer en/of bewindvoering",
        "Aantal klanten preventieve trajecten", "Aantal klanten curatieve trajecten"]
    huishoudens = indicatoren.rows()[6]
    assert huishoudens[1:8] == [""] * 6 + ["GWS"]  # five figures for six years: none gets a year
    assert [c for c in huishoudens[8:] if c] == ["760", "750", "750", "750", "750"]


def test_hilversum_rows_with_a_bbv_number_and_dropped_empty_cells():
    # Hilversum, begroting 2025: "022 / Jongeren met een delict voor de rechter, percentage 12 t/m 21-
    # jarigen / 1,0 / 1,0 / 1 / 1 / CBS - Jeugdmonitor / Wettelijk" (four values for five years), then
    # "029 / Jongeren met jeugdhulp, ... / 12,8 / 13,0 / 13,2 / 9 / 13 / CBS - Indicatoren jeugdzorg in natura"
    (table,) = tables_of(DEVSET / "hilversum_2025_begroting-indicatoren-ondersteunende-stad.txt")
    rows = table.rows()
    assert rows[0][2:7] == ["2021", "2022", "2023", "2024", "2025"]
    assert rows[2][:9] == ["Jongeren met jeugdhulp, percentage van de jongeren tot 18 jaar", "029",
                           "12,8", "13,0", "13,2", "9", "13", "CBS - Indicatoren jeugdzorg in natura", "Wettelijk"]
    assert rows[1][1] == "022" and rows[1][2:7] == [""] * 5 and [c for c in rows[1][9:] if c] == ["1,0", "1,0", "1", "1"]
    assert len(rows) == 9  # every indicator row, the last ("Percentage Wmo-gebruikers ...") with two values


def test_amersfoort_series_under_a_header_of_kinds_over_runs_of_years():
    # Amersfoort, jaarstukken 2018: "4.5.a / Aantal uitkeringen bijstand / Realisatie cijfers / Streefcijfers /
    # 2014 / 2015 / 2016 / 2017 / 2018 / 2018 / 2900 / 3025 / 3140 / 3137 / 3060 / 3275"
    aantal, ontwikkeling = tables_of(DEVSET / "amersfoort_2018_jaarverslag-indicatoren-bijstand.txt")
    assert aantal.rows() == [
        ["", "Realisatie cijfers 2014", "Realisatie cijfers 2015", "Realisatie cijfers 2016", "Realisatie cijfers 2017",
         "Realisatie cijfers 2018", "Streefcijfers 2018"],
        ["Aantal uitkeringen bijstand", "2900", "3025", "3140", "3137", "3060", "3275"]]
    assert ontwikkeling.rows()[1][0] == "Ontwikkeling bestand t.o.v. landelijke lijn"


def test_meierijstad_two_level_header_over_repeating_groups(tmp_path):
    # Meierijstad, begroting 2020: "Indicator / 1 maart 2019 / 1 augustus 2019 / Jaar / Meierijstad / Ref. /
    # Jaar / Meierijstad / Ref." then "Banen, per 1.000 inwoners (15-64 jaar) / 2018 / 781,1 / 649,6 / 2018 / ..."
    (table,) = tables_of(DEVSET / "meierijstad_2020_begroting-beleidsindicatoren.txt")
    assert table.header_rows == 2
    assert table.column_header(2) == "1 maart 2019 Meierijstad"
    assert table.column_header(6) == "1 augustus 2019 Ref."
    assert table.rows()[2] == ["Banen, per 1.000 inwoners (15-64 jaar)", "2018", "781,1", "649,6", "2018", "920,2", "756,4"]
    assert table.unit_hint == ""  # the row's "per 1.000 inwoners" is the row's unit, not the table's


def test_gooise_meren_whitespace_rows_under_one_header_line_with_row_groups(tmp_path):
    # Gooise Meren, jaarstukken 2022, "Bedragen x €1.000":
    # "Exploitatie Realisatie 2021 Prim. Begroting 2022 Begroting 2022 (na wijziging) Realisatie 2022"
    # "Lasten" / "622 BUIG 18.553 15.040 14.025 13.353" / ... / "Baten" / "622 BUIG -17.261 -13.337 ..."
    (table,) = read_document(DEVSET / "gooise-meren_2022_jaarstukken-werk-en-inkomen-wat-heeft-het-gekost.txt").tables()
    rows = table.rows()
    assert rows[0] == ["Exploitatie", "Realisatie 2021", "Prim. Begroting 2022", "Begroting 2022 (na wijziging)",
                       "Realisatie 2022"]
    assert rows[1] == ["Lasten", "", "", "", ""] and rows[2] == ["622 BUIG", "18.553", "15.040", "14.025", "13.353"]
    assert ["Baten", "", "", "", ""] in rows and ["Onttrekkingen", "", "", "", ""] in rows
    assert table.unit_hint == "x €1.000" and table.header_rows == 1
    same_cells_as_pipes(tmp_path, table, header_rows=False)  # piped, "Lasten" reads as a second header row


def test_almelo_pipe_table_with_a_cut_short_separator_row():
    # Almelo, jaarverslag 2019: "Indicator | | 2015 | 2016 | 2017 | 2018 | 2019 |" / "---|" / "Banen per 1.000 ..."
    (table,) = read_document(DEVSET / "almelo_2019_jaarverslag-beleidsindicatoren.txt").tables()
    assert table.header_rows == 1 and table.column_header(2) == "2015"
    assert table.rows()[1][0] == "Banen per 1.000 inwoners van 15-64 jaar"


def test_brummen_header_cells_with_a_year_inside_a_plan_span():
    # Brummen, begroting 2025: "Exploitatie Begroting 2025 Progr.begr. 2025-2028 Begroting 2026 Progr.begr. 2025-2028 ..."
    from extract.extraction.extractor import Extractor
    from extract.ruleset.load import load_rules

    doc = read_document(DEVSET / "brummen_2025_begroting-sociale-leefomgeving-wat-mag-het-kosten.txt")
    (table,) = doc.tables()
    assert table.column_header(2) == "Begroting 2026 Progr.begr. 2025-2028"
    found = Extractor(load_rules()).extract(doc).measurements
    incidenteel = next(m for m in found if m.value == 334000)  # "Incidenteel 1.330 334 40 39", x €1.000
    assert (incidenteel.period_start, incidenteel.period_end, incidenteel.kind) == ("2026-01-01", "2026-12-31", "budget")


def test_lochem_paragraphs_between_rows_are_the_tables_notes():
    # Lochem, begroting 2022: "Indicator / Realisatie 2016 / ... / Ambitie 2023", then
    # "% inwoners dat vrijwilligerswerk deed/doet / 49 / 63 / 63 / 56 / 63", a paragraph, the next row
    from extract.extraction.extractor import Extractor
    from extract.ruleset.load import load_rules

    doc = read_document(DEVSET / "lochem_2022_begroting-sociaal-domein-indicatoren.txt")
    (table,) = tables_of(DEVSET / "lochem_2022_begroting-sociaal-domein-indicatoren.txt")
    assert [r[0] for r in table.rows()[1:]] == ["% inwoners dat vrijwilligerswerk deed/doet",
                                               "% inwoners dat mantelzorg verleende/verleent",
                                               "% inwoners dat mantelzorg verleent met hoge belasting"]
    assert table.notes and table.notes[0].startswith("De gemeente wil de informele zorg versterken.")
    found = Extractor(load_rules()).extract(doc).measurements
    # the note's own figure: "Uit deze burgerpeiling volgt dat 56% van de inwoners ..."
    assert any(m.value == 56 and m.method == "prose" and "burgerpeiling" in m.quote for m in found)
    ambitie = next(m for m in found if m.method == "table" and m.value == 63 and m.label.endswith("Ambitie 2021"))
    assert ambitie.kind == "target" and ambitie.unit == "percent"


def test_hendrik_ido_ambacht_rows_with_source_text_after_the_figures_under_coded_columns():
    # Hendrik-Ido-Ambacht, begroting 2022:
    # "Indicatoren begroting 2022 HIA HIA PPD SLD ZWD ALB DRD H-G Bron Toelichting Extra opmerkingen"
    # "Aantal inwoners 30.970 31.205 32.130 25.230 44.730 20.070 119.345 18.295 OCD Buurtmonitor en CBS ..."
    # and row group lines "Programma 1 Sociaal, welzijn en educatie" / "Werk en inkomen" between rows
    doc = read_document(DEVSET / "hendrik-ido-ambacht_2022_begroting-indicatoren.txt")
    (table,) = [t for t in doc.tables() if t.source == "layout"]
    rows = table.rows()
    assert rows[0][1:4] == ["HIA", "HIA", "PPD"] and rows[0][-1] == "Bron Toelichting Extra opmerkingen"
    inwoners = next(r for r in rows if r[0] == "Aantal inwoners")
    assert inwoners[1:3] == ["30.970", "31.205"] and inwoners[-1].startswith("OCD Buurtmonitor")
    assert ["Werk en inkomen"] + [""] * 9 in rows
    bijstand = next(r for r in rows if r[0].startswith("Personen met bijstandsuitkering"))
    assert bijstand[1:9] == ["19", "23", "31", "32", "9", "33", "58", "16"]


def test_eindhoven_header_cell_broken_after_a_hyphen():
    # Eindhoven, begroting 2023: "Indicator / peiljaar / NL / 100.000- / 300.000 / Eindhoven", then
    # "Banen (per 1.000 inwoners  van 15-64 jaar) / 2021 / 805,5 / 886,2 / 1.052,8"
    (table,) = tables_of(DEVSET / "eindhoven_2023_begroting-bbv-indicatoren-sociaal-domein.txt")
    assert table.rows()[0] == ["Indicator", "peiljaar", "NL", "100.000- 300.000", "Eindhoven"]
    assert table.rows()[1][2:] == ["805,5", "886,2", "1.052,8"]


def test_baarn_bbv_rows_with_the_unit_in_a_long_label():
    # Baarn, begroting 2026: "22. Jongeren met delict voor rechter % van jongeren tussen 12 en 21 jaar 2023 1 0,8 1 1"
    from extract.extraction.extractor import Extractor
    from extract.ruleset.load import load_rules

    doc = read_document(DEVSET / "baarn_2026_begroting-zorg-voor-elkaar-indicatoren.txt")
    (table,) = doc.tables()
    assert table.rows()[0] == ["22. Jongeren met delict voor rechter % van jongeren tussen 12 en 21 jaar",
                               "2023", "1", "0,8", "1", "1"]
    found = Extractor(load_rules()).extract(doc).measurements
    jeugdhulp = [m for m in found if "Jongeren met Jeugdhulp" in m.label]  # typed: jeugdhulp.jongeren_pct
    assert {m.value for m in jeugdhulp} == {13.9, 9.0, 13.7} and all(m.unit == "percent" for m in jeugdhulp)
    assert not any(m.value in (2023, 2024, 22, 29) for m in found)  # peildatum and BBV numbers stay out


def test_laarbeek_rows_with_an_onbekend_cell_keep_their_shape():
    # Laarbeek, begroting 2021: "Jongeren met jeugdreclassering / Ja / % / 2019 / onbekend / 0,4": "onbekend"
    # stands where a figure would, like "n.b.", so the table goes on to the last row
    (table,) = tables_of(DEVSET / "laarbeek_2021_begroting-beleidsindicatoren.txt")
    rows = table.rows()
    assert ["Jongeren met jeugdreclassering", "Ja", "%", "2019", "onbekend", "0,4"] in rows
    assert ["Cliënten met een maatwerkarrangement WMO", "Ja", "per 10.000 inwoners", "2019", "740", "576"] in rows
    assert cell_kind("onbekend") == FIGURE


def test_arnhem_last_row_cut_off_in_its_description(tmp_path):
    # Arnhem, jaarverslag 2019: the excerpt ends inside the last row, "Jongeren met jeugdreclassering /
    # 1e halfjaar 2019 / 0,5 / 0,3 / Het percentage jongeren (12-22 jaar) met een jeugdreclasseringsmaatregel t"
    (table,) = tables_of(DEVSET / "arnhem_2019_jaarverslag-beleidsindicatoren.txt")
    last = table.rows()[-1]
    assert last[:4] == ["Jongeren met jeugdreclassering", "1e halfjaar 2019", "0,5", "0,3"]
    assert last[5] == ""  # the source cell the excerpt does not have


def test_a_short_last_row_is_completed_only_where_the_text_ends(tmp_path):
    cells = ["Indicator", "Jaar", "Waarde", "Bron", "Banen", "2018", "685,1", "LISA", "Werkloze jongeren", "2018", "2",
             "CBS", "Bijstand", "2019", "41", "CBS", "Jeugdhulp", "2019", "12,1", "CBS", "Jeugdreclassering", "2019", "0,4"]
    ended = tmp_path / "ended.txt"
    ended.write_text("\n\n".join(cells) + "\n", encoding="utf-8")
    (table,) = tables_of(ended)
    assert table.rows()[-1] == ["Jeugdreclassering", "2019", "0,4", ""]
    going_on = tmp_path / "going_on.txt"
    going_on.write_text("\n\n".join(cells) + "\n\n" + "Een alinea lopende tekst na de tabel. " * 10 + "\n",
                        encoding="utf-8")
    (table,) = tables_of(going_on)
    assert table.rows()[-1][0] == "Jeugdhulp"  # not the end of the text: no row is made up of its first cells


#: Baarle-Nassau, begroting 2018, "Overzicht van baten en lasten"
#: (https://baarle-nassau.begroting-2018.nl/p4814/overzicht-van-baten-en-lasten), one cell per line:
#: six years, each over "Lasten / Baten / Saldo", then a row per programme (first rows quoted)
BAARLE_NASSAU = "\n\n".join(
    ["Programma", "Rekening 2016", "Begroting 2017", "Begroting 2018", "Begroting 2019", "Begroting 2020", "Begroting 2021"]
    + ["Lasten", "Baten", "Saldo"] * 6
    + ["Programma 0", *"880 311 569 880 104 776 919 104 814 919 104 815 915 104 811 916 104 812".split(),
       "Programma 1", *"604 61 543 752 99 653 786 66 719 802 66 735 807 67 740 825 67 758".split(),
       "Programma 2", *"728 44 684 931 21 910 858 21 837 866 21 844 935 21 914 959 21 937".split()]) + "\n"


def test_baarle_nassau_years_over_repeating_lasten_baten_saldo(tmp_path):
    path = tmp_path / "baarle-nassau_2018_begroting-overzicht-van-baten-en-lasten.txt"
    path.write_text(BAARLE_NASSAU, encoding="utf-8")
    (table,) = tables_of(path)
    upper, lower, *rows = table.rows()
    assert upper[:5] == ["Programma", "Rekening 2016", "Rekening 2016", "Rekening 2016", "Begroting 2017"]
    assert upper[-1] == "Begroting 2021" and lower[1:4] == ["Lasten", "Baten", "Saldo"] and len(lower) == 19
    assert [r[0] for r in rows] == ["Programma 0", "Programma 1", "Programma 2"]
    assert rows[2][-3:] == ["959", "21", "937"]


def test_bloemendaal_row_groups_with_a_source_row_and_a_row_without_its_label():
    # Bloemendaal, begroting 2021: "Kengetal / Eenheid - Bron / Uitkomst / Jaar", then per indicator its
    # name on a line of its own, "Aantal per 1.000 inwoners 15 - 64 jaar / 482,5 / 2018", "Bron: CBS / LISA /
    # 491,6 / 2019", and for some a third measurement without a label: "Bron: CBS / 66,00% / 2018 / 67,40% / 2019"
    first, *_ = tables_of(DEVSET / "bloemendaal_2021_begroting-verplichte-kengetallen.txt")
    rows = first.rows()
    assert rows[0] == ["Eenheid - Bron", "Uitkomst", "Jaar"]
    assert rows[1:4] == [["Banen", "", ""], ["Aantal per 1.000 inwoners 15 - 64 jaar", "482,5", "2018"],
                         ["Bron: CBS / LISA", "491,6", "2019"]]
    assert ["Bron: CBS", "66,00%", "2018"] in rows and ["", "67,40%", "2019"] in rows
    assert [r[0] for r in rows if r[0] and not any(r[1:])] == [
        "Banen", "Jongeren met een delict voor de rechter", "Kinderen in uitkeringsgezin", "Netto arbeidsparticipatie",
        "Werkloze jongeren", "Personen met een bijstandsuitkering", "Lopende re-integratievoorzieningen",
        "Jongeren met jeugdhulp", "Jongeren met jeugdbescherming"]


#: Best, begroting 2026, "Welke verschillen zijn er ten opzichte van de gewijzigde begroting 2025?"
#: (https://gemeentebest.publicaties.app/pub/begroting2026/1/p73-financien): its header on one line,
#: the cells one per line, a line naming each part above its rows (first parts quoted)
BEST_2026 = "\n\n".join(
    ["Bedragen x € 1.000", "Sociaal Domein Begroot 2025 Begroot 2026 Verschil",
     "Participatie", "Lasten (excl. loonkosten)", "4.776", "4.421", "-355", "Baten", "653", "0", "-653",
     "Saldo", "4.123", "4.421", "298",
     "Inkomen", "Lasten (excl. loonkosten)", "8.893", "8.825", "-68", "Baten", "7.429", "7.471", "42",
     "Saldo", "1.464", "1.354", "-110",
     "Loonkosten", "5.796", "6.947", "1.151", "Totaal lasten", "42.250", "42.880", "630"]) + "\n"


def test_best_header_on_one_line_over_cells_one_per_line_with_row_groups(tmp_path):
    path = tmp_path / "best_2026_begroting-financien.txt"
    path.write_text(BEST_2026, encoding="utf-8")
    (table,) = tables_of(path)
    rows = table.rows()
    assert rows[0] == ["Sociaal Domein", "Begroot 2025", "Begroot 2026", "Verschil"]
    assert rows[1:3] == [["Participatie", "", "", ""], ["Lasten (excl. loonkosten)", "4.776", "4.421", "-355"]]
    assert ["Inkomen", "", "", ""] in rows and rows[-1] == ["Totaal lasten", "42.250", "42.880", "630"]


def test_headings_above_a_ragged_table_stay_headings(tmp_path):
    # Leiden, programmabegroting 2022, "Dekkingsmiddelen, Overhead, Vpb en onvoorzien"
    # (https://programmabegroting.leiden.nl/beleidsbegroting/programmaplan/dekkingsmiddelen-overhead-vpb-en-onvoorzien),
    # its first three groups: page title, headings, then "Algemene middelen" / "bedragen x 1.000,-" over the years
    head = ["Programmabegroting 2022", "Dekkingsmiddelen, Overhead, Vpb en onvoorzien", "Algemene dekkingsmiddelen",
            "Algemene middelen\nbedragen x 1.000,-", " ", "Rekening\n2020", "Begroting\n2021", "Begroting\n2022",
            "Meerjarenraming", "2023", "2024", "2025"]
    groups = [("Lokale heffingen besteding niet gebonden", "0 0 0 0 0 0", "-62.455 -64.335 -59.609 -60.220 -60.793 -60.793",
               "-62.455 -64.335 -59.609 -60.220 -60.793 -60.793"),
              ("Algemene uitkering", "0 689 241 435 449 421", "-286.875 -285.548 -293.691 -292.792 -296.633 -301.645",
               "-286.875 -284.859 -293.450 -292.357 -296.184 -301.224"),
              ("Dividend", "63 45 90 90 90 90", "-3.021 -2.630 -2.830 -2.630 -2.630 -2.630",
               "-2.958 -2.585 -2.740 -2.540 -2.540 -2.540")]
    cells = list(head)
    for name, lasten, baten, saldo in groups:
        cells += [name, "Lasten", *lasten.split(), " ", "Baten", *baten.split(), "Saldo", " ", *saldo.split()]
    path = tmp_path / "leiden_2022_begroting-dekkingsmiddelen.txt"
    path.write_text("\n\n".join(cells) + "\n", encoding="utf-8")
    doc = read_document(path)
    headings = [b.text for b in doc.blocks if type(b).__name__ == "Heading"]
    assert headings[:3] == ["Programmabegroting 2022", "Dekkingsmiddelen, Overhead, Vpb en onvoorzien",
                            "Algemene dekkingsmiddelen"]
    (table,) = tables_of(path)
    assert table.rows()[0][0] == "Algemene middelen bedragen x 1.000,-" and table.unit_hint == "x 1.000"
