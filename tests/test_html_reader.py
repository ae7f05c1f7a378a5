"""The HTML reader and its fragment helpers, on HTML built from real corpus content.

The corpus has no HTML file, so the documents here carry the Q2 report's sentences
and tables as a web export would; the fragment helpers are tested on table cells
copied verbatim from the uitvoeringsprogramma Markdown.
"""

from __future__ import annotations

import pytest
from conftest import Q2, UITVOERINGSPROGRAMMA, load, sentence, table_with
from invariance import table_grid

from extract.documents import ReadError, read_document
from extract.documents.html import html_fragment_to_text, tables_from_html
from extract.documents.inline import footnote_line

Q2_HTML = """<!DOCTYPE html>
<html lang="nl">
<head><meta charset="utf-8"><title>Rapportage sociaal domein</title>
<style>td { padding: 2px }</style>
<script>var totaal = 999;</script></head>
<body>
<nav><a href="/">Home</a> | <a href="/2016">Archief 2016</a></nav>
<h2>2. Koersdocument</h2>
<h3>Bezwaar en beroep</h3>
<h4>2e kwartaal 2017 Bezwaren</h4>
<table>
<tr><td>Anders opgelost</td><td>19</td></tr>
<tr><td>Gegronnd</td><td>6</td></tr>
<tr><td>Deels Gegronnd</td><td>5</td></tr>
<tr><td>Ongegronnd</td><td>35</td></tr>
<tr><td>Niet ontvankelijk</td><td>8</td></tr>
<tr><td>Ingetrokken</td><td>2</td></tr>
<tr><td>Totaal</td><td>75</td></tr>
</table>
<p>In het eerste kwartaal van 2017 zijn in totaal 75 bezwaren afgedaan die betrekking hebben op de afdeling
Sociale Zaken. Hiervan waren 6 zaken gegrond, 5 deels gegrond, 10 ingetrokken/niet ontvankelijk, 19 anders opgelost
en 35 ongegrond.</p>
<h2>2. Wmo<sup>1</sup></h2>
<h3>RegioRijder</h3>
<p>De RegioRijder is per 1 januari 2017 ge&iuml;mplementeerd. In de maanden mei en juni was de stiptheid op of net
iets boven de streefwaarde van 92%; in juli is deze norm niet gehaald.</p>
<p>Tabel 1</p>
<table>
<thead><tr><th><i>Maand</i></th><th><i>Aantal ritten regionaal</i></th><th><i>Stiptheid (streefwaarde 92%)</i></th><th><i>Klachten</i></th></tr></thead>
<tbody>
<tr><td>mei</td><td>29.446</td><td>92,9</td><td>171</td></tr>
<tr><td>juni</td><td>28.906</td><td>93,5</td><td>120</td></tr>
<tr><td>juli</td><td>28.078</td><td>89,1</td><td>150</td></tr>
</tbody>
</table>
<p><sup>1</sup> Voor de financi&euml;le voortgang op het Sociaal Domein wordt verwezen naar de tekst van de Bestuursrapportage.</p>
</body>
</html>
"""


def write(tmp_path, text: str | bytes, name: str = "rapportage.html"):
    path = tmp_path / name
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return path


def read_html(tmp_path, text: str | bytes, name: str = "rapportage.html"):
    return read_document(write(tmp_path, text, name))



# -- a Q2 report exported as HTML ------------------------------------------------------------


def test_q2_html_headings_give_sections(tmp_path):
    doc = read_html(tmp_path, Q2_HTML)
    assert [(h.title, h.level) for h in doc.headings()] == [
        ("2. Koersdocument", 2), ("Bezwaar en beroep", 3), ("2e kwartaal 2017 Bezwaren", 4),
        ("2. Wmo", 2), ("RegioRijder", 3),
    ]
    block, s = sentence(doc, "De RegioRijder is per 1 januari 2017")
    assert s.text == "De RegioRijder is per 1 januari 2017 geïmplementeerd."
    assert block.section == ("2. Wmo", "RegioRijder")
    assert block.span.line == 25


def test_q2_html_bezwaren_table_matches_the_text_rendition(tmp_path):
    doc = read_html(tmp_path, Q2_HTML)
    t = table_with(doc, "Gegronnd")
    assert t.source == "html" and t.caption == "2e kwartaal 2017 Bezwaren"
    assert t.rows()[-1] == ["Totaal", "75"]
    assert t.cell(1, 1).span.line == 13
    assert table_grid(t) == table_grid(table_with(load(Q2), "Gegronnd"))


def test_q2_html_regiorijder_table_has_a_thead_header(tmp_path):
    doc = read_html(tmp_path, Q2_HTML)
    t = table_with(doc, "Maand")
    assert t.caption == "Tabel 1"
    assert t.header_rows == 1 and t.header_cols == 1
    assert t.rows()[1] == ["mei", "29.446", "92,9", "171"]
    assert table_grid(t) == table_grid(table_with(load(Q2), "Maand"))


def test_q2_html_drops_script_style_nav_and_head(tmp_path):
    doc = read_html(tmp_path, Q2_HTML)
    for gone in ("999", "padding", "Archief 2016", "Rapportage sociaal domein"):
        assert gone not in doc.text


def test_q2_html_sup_footnote_becomes_a_footnote(tmp_path):
    doc = read_html(tmp_path, Q2_HTML)
    [note] = doc.footnotes()
    assert note.marker == "1"
    assert note.content.startswith("Voor de financiële voortgang op het Sociaal Domein")
    assert note.span.line == 36


# -- tables ----------------------------------------------------------------------------------


def test_rowspan_and_colspan_fill_the_grid(tmp_path):
    html = """<table>
<tr><th rowspan="2">Perceel</th><th colspan="2">Cliënten in zorg</th></tr>
<tr><th>mei</th><th>juni</th></tr>
<tr><td>Overbruggingszorg</td><td>41</td><td>44</td></tr>
<tr><td>Dagbesteding</td><td colspan="2">n.b.</td></tr>
</table>"""
    t = read_html(tmp_path, html).tables()[0]
    assert (t.n_rows, t.n_cols, t.header_rows, t.header_cols) == (4, 3, 2, 1)
    assert t.rows() == [
        ["Perceel", "Cliënten in zorg", ""],
        ["", "mei", "juni"],
        ["Overbruggingszorg", "41", "44"],
        ["Dagbesteding", "n.b.", ""],
    ]
    assert t.cell(1, 0).rowspan == 2 and t.cell(0, 2).colspan == 2
    assert t.column_header(2) == "Cliënten in zorg juni"
    assert t.cell(3, 1).marker == "n.b."


def test_th_row_is_a_header_even_over_text(tmp_path):
    html = (
        "<table><tr><th>Reden einde</th><th>Toelichting</th></tr>"
        "<tr><td>Verhuizing andere gemeente</td><td>Naar een gemeente buiten de regio</td></tr></table>"
    )
    t = read_html(tmp_path, html).tables()[0]
    assert t.header_rows == 1
    assert all(c.header for c in t.cells if c.row == 0)


def test_nested_table_is_cell_text_not_a_second_table(tmp_path):
    html = (
        "<table><tr><td>CJG</td><td><table><tr><td>Nieuwe aanmeldingen</td><td>341</td></tr></table></td></tr>"
        "<tr><td>Beschermingstafel</td><td>11</td></tr></table>"
    )
    doc = read_html(tmp_path, html)
    assert len(doc.tables()) == 1
    assert doc.tables()[0].cell(0, 1).text == "Nieuwe aanmeldingen\n341"


def test_hostile_spans_are_clamped(tmp_path):
    html = '<table><tr><td rowspan="65534" colspan="99999">Totaal</td><td>193</td></tr><tr><td>x</td></tr></table>'
    t = read_html(tmp_path, html).tables()[0]
    assert t.cell(0, 0).rowspan == 2 and t.cell(0, 0).colspan == 1000


# -- paragraphs, lists, inline markup -------------------------------------------------------


def test_lists_keep_markers_and_nesting(tmp_path):
    html = """<p>Uitstroom van 39 cliënten:</p>
<ul>
<li>20 cliënten zijn uitgestroomd naar een zelfstandige woning.</li>
<li>4 cliënten zijn overleden of verhuisd
  <ul><li>naar een gemeente buiten de regio</li></ul>
</li>
</ul>
<ol start="2"><li>De ingediende PGB declaraties.</li><li><p>De reeds gedeclareerde zorg.</p></li></ol>"""
    doc = read_html(tmp_path, html)
    items = [(p.marker, p.content) for p in doc.paragraphs() if p.list_item]
    assert items == [
        ("•", "20 cliënten zijn uitgestroomd naar een zelfstandige woning."),
        ("•", "4 cliënten zijn overleden of verhuisd"),
        ("•", "naar een gemeente buiten de regio"),
        ("2.", "De ingediende PGB declaraties."),
        ("3.", "De reeds gedeclareerde zorg."),
    ]
    assert not doc.paragraphs()[0].list_item


def test_bullets_typed_in_a_bare_list_become_items(tmp_path):
    html = '<ul style="list-style-type: none"> • Uitvoering nota van aanbevelingen • Monitoring en evaluatie </ul>'
    items = [(p.marker, p.content) for p in read_html(tmp_path, html).paragraphs()]
    assert items == [("•", "Uitvoering nota van aanbevelingen"), ("•", "Monitoring en evaluatie")]
    assert all(p.list_item for p in read_html(tmp_path, html).paragraphs())


def test_entities_br_blockquote_and_inline_marks(tmp_path):
    html = (
        "<blockquote><p>Het gaat om een gezamenlijk pgb budget van ruim &euro;&nbsp;1.524.000 &amp; meer.</p></blockquote>"
        "<p>Anders opgelost 19<br>Gegronnd 6</p>"
        "<p>Het aantal cli&#235;nten op de (externe<sup>2</sup>) wachtlijst is in het 2<sup>e</sup> kwartaal gedaald.</p>"
    )
    texts = [p.content for p in read_html(tmp_path, html).paragraphs()]
    assert texts == [
        "Het gaat om een gezamenlijk pgb budget van ruim € 1.524.000 & meer.",
        "Anders opgelost 19\nGegronnd 6",
        "Het aantal cliënten op de (externe) wachtlijst is in het 2e kwartaal gedaald.",
    ]


def test_malformed_html_is_repaired(tmp_path):
    html = (
        "<h3>Wachtlijst<p>Op dit moment staan er 159 cliënten op de wachtlijst, vorig kwartaal waren dat er 164."
        "<ul><li>RIBW K/AM<li>Leger des Heils</ul><table><tr><td>Wachtlijst<td>159<tr><td>Vorig kwartaal<td>164"
    )
    doc = read_html(tmp_path, html)
    assert "159 cliënten op de wachtlijst" in doc.text
    assert [p.content for p in doc.paragraphs() if p.list_item] == ["RIBW K/AM", "Leger des Heils"]
    assert doc.tables()[0].rows() == [["Wachtlijst", "159"], ["Vorig kwartaal", "164"]]


def test_pandoc_footnote_section(tmp_path):
    html = (
        "<p>Het aantal cliënten op de (externe<sup><a href='#fn1'>1</a></sup>) wachtlijst is gedaald.</p>"
        '<section class="footnotes"><hr><ol><li id="fn1"><p>Naast een externe wachtlijst bestaat er ook een '
        'interne wachtlijst. <a href="#fnref1">↩︎</a></p></li></ol></section>'
    )
    doc = read_html(tmp_path, html)
    assert doc.paragraphs()[0].content == "Het aantal cliënten op de (externe) wachtlijst is gedaald."
    assert [(f.marker, f.content) for f in doc.footnotes()] == [
        ("1", "Naast een externe wachtlijst bestaat er ook een interne wachtlijst.")
    ]


# -- encodings and refused input ----------------------------------------------------------------


CP1252_BODY = "<p>In het tweede kwartaal 2017 zijn 193 uitkeringen beëindigd; € 1,55 miljoen geïnd.</p>"
EXPECTED = "In het tweede kwartaal 2017 zijn 193 uitkeringen beëindigd; € 1,55 miljoen geïnd."


@pytest.mark.parametrize(
    "head",
    [
        "",
        '<meta charset="windows-1252">',
        '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">',
        '<meta charset="utf-8">',  # a wrong label: the bytes are not UTF-8
    ],
)
def test_cp1252_file_is_decoded(tmp_path, head):
    data = f"<html><head>{head}</head><body>{CP1252_BODY}</body></html>".encode("cp1252")
    doc = read_html(tmp_path, data)
    assert doc.paragraphs()[0].content == EXPECTED
    assert doc.repairs == ["decoded as cp1252 (not valid UTF-8)"]


def test_meta_charset_overrides_the_cp1252_guess(tmp_path):
    # in ISO-8859-15 the euro sign is byte A4, which cp1252 would read as "¤"
    data = f'<meta charset="iso-8859-15"><p>{EXPECTED}</p>'.encode("iso-8859-15")
    doc = read_html(tmp_path, data)
    assert doc.paragraphs()[0].content == EXPECTED
    assert doc.repairs == ["decoded as iso8859-15 (not valid UTF-8)"]


def test_binary_posing_as_html_is_refused(tmp_path):
    path = write(tmp_path, b"\x00\x01\x02PK\x00\x00" * 100)
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert str(err.value) == f"{path}: binary content, not text (NUL bytes)"


def test_html_without_content_is_refused(tmp_path):
    path = write(tmp_path, "<html><head><script>var a = 1;</script></head><body> </body></html>")
    with pytest.raises(ReadError, match="no text found"):
        read_document(path)


def test_whitespace_html_is_refused(tmp_path):
    path = write(tmp_path, "   \n\n  ")
    with pytest.raises(ReadError, match="empty HTML document"):
        read_document(path)


# -- fragment helpers on cells copied verbatim from the uitvoeringsprogramma ----------------------

CELL_171_DEELPROJECT = (
    '<ul style="list-style-type: none"> • Training/opleiden sw-leden in ggz deskundigheid • Kanteling individuele '
    "begeleiding (ggz) naar swt • Wijkgerichte ggz pilot (centrum/rozenprieel) <ul style=\"list-style-type: none\"> "
    "- netwerkversterking - versterking 1^e en 2^e lijns zorg • Toegang tot SWT • Samengaan van Loket Haarlem en Swt "
)
CELL_167_STAND = "<p>Start begin 2017</p> <p>Start begin 2018</p>"
CELL_234_PLANNING = "<p>gestart</p> <p>gestart 2^e kw 17 2^e kw 17</p> <p>2^e kw 17</p> <p>Geheel '17</p>"
CELL_234_DEELPROJECT = (
    '<p>Vanaf 2017 tot en met 2020 worden er gemiddeld 50 woningen per jaar omgeklapt. mbt 2017</p> <ul style="list-'
    'style-type: none"> - <i>Helderheid in de uitwerking van het beleid in 2018 en verder</i> - <i>Samen met de '
    "zorgaanbieders</i> - <i>Het maken van volume afspraken</i> - <i>Inspanningsverplichting zorgaanbieder en "
    "gemeenten.</i> - <i>Uitwerken van mogelijkheden en beperkingen</i> - <i>Realisatie en monitoring</i> "
)


def test_cells_are_verbatim_from_the_corpus():
    lines = UITVOERINGSPROGRAMMA.read_text(encoding="utf-8").split("\n")
    cells = {n: lines[n - 1].split("\t") for n in (167, 171, 234)}
    assert CELL_167_STAND in cells[167] and CELL_171_DEELPROJECT in cells[171]
    assert CELL_234_DEELPROJECT in cells[234] and CELL_234_PLANNING in cells[234]


def test_fragment_bullets_typed_in_lists_become_lines():
    assert html_fragment_to_text(CELL_171_DEELPROJECT).split("\n") == [
        "• Training/opleiden sw-leden in ggz deskundigheid",
        "• Kanteling individuele begeleiding (ggz) naar swt",
        "• Wijkgerichte ggz pilot (centrum/rozenprieel)",
        "- netwerkversterking",
        "- versterking 1^e en 2^e lijns zorg",
        "• Toegang tot SWT",
        "• Samengaan van Loket Haarlem en Swt",
    ]


def test_fragment_paragraphs_become_lines_and_ordinals_stay():
    assert html_fragment_to_text(CELL_167_STAND) == "Start begin 2017\nStart begin 2018"
    assert html_fragment_to_text(CELL_234_PLANNING) == "gestart\ngestart 2^e kw 17 2^e kw 17\n2^e kw 17\nGeheel '17"


def test_fragment_inline_tags_go_inside_dash_items():
    lines = html_fragment_to_text(CELL_234_DEELPROJECT).split("\n")
    assert lines[0] == "Vanaf 2017 tot en met 2020 worden er gemiddeld 50 woningen per jaar omgeklapt. mbt 2017"
    assert lines[1:3] == ["- Helderheid in de uitwerking van het beleid in 2018 en verder", "- Samen met de zorgaanbieders"]
    assert len(lines) == 7 and "<i>" not in "".join(lines)


def test_fragment_entities_and_plain_text():
    assert html_fragment_to_text("Binnen het budget MO is &euro;&nbsp;50.000,- gereserveerd") == (
        "Binnen het budget MO is € 50.000,- gereserveerd"
    )
    assert html_fragment_to_text("(regionaal)") == "(regionaal)"
    assert html_fragment_to_text("") == ""


def test_tables_from_html_fragment_with_line_offset():
    fragment = """<table>
<thead><tr><th>Beoogd resultaat</th><th colspan="2">Planning</th></tr></thead>
<tr><td rowspan="2">Versterken bemoeizorg</td><td>Start 2^e kw 2017</td><td>4^e kw 17</td></tr>
<tr><td><p>gestart</p> <p>Geheel '17</p></td><td>-</td></tr>
</table>
<p>tussentekst</p>
<table><tr><td>Totaal</td><td>193</td></tr></table>"""
    first, second = tables_from_html(fragment, line=100)
    assert first.source == "html" and first.header_rows == 1 and first.line == 100
    assert [[(c.text, c.rowspan, c.colspan, c.header) for c in row] for row in first.rows] == [
        [("Beoogd resultaat", 1, 1, True), ("Planning", 1, 2, True)],
        [("Versterken bemoeizorg", 2, 1, None), ("Start 2^e kw 2017", 1, 1, None), ("4^e kw 17", 1, 1, None)],
        [("gestart\nGeheel '17", 1, 1, None), ("-", 1, 1, None)],
    ]
    assert first.rows[2][0].line == 103
    assert second.line == 106 and second.rows[0][1].text == "193"


def test_footnote_line():
    assert footnote_line("² Naast een externe wachtlijst bestaat er ook een interne wachtlijst.") == (
        "2", "Naast een externe wachtlijst bestaat er ook een interne wachtlijst."
    )
    assert footnote_line("2e kwartaal 2017 Bezwaren") is None
