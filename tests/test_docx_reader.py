"""The DOCX reader on the Q2 rendition, on DOCX files built here, and on hostile input."""

from __future__ import annotations

import random
import zipfile

import docx
import pytest
from conftest import Q2, RENDITIONS, load, sentence, table_with
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from invariance import numbers_by_section, table_grids

from extract.documents import ReadError, read_document

Q2_DOCX = RENDITIONS / "haarlem_2017-q2_rapportage-sociaal-domein.docx"



def heading(doc, title: str):
    return next(h for h in doc.headings() if h.title == title)


def save(document, tmp_path, name: str = "built.docx"):
    path = tmp_path / name
    document.save(str(path))
    return read_document(path)


# -- the Q2 rendition -----------------------------------------------------------------------


def test_q2_docx_has_the_six_tables_of_the_text():
    doc = load(Q2_DOCX)
    assert doc.meta.format == "docx"
    assert len(doc.tables()) == 6
    assert {t.source for t in doc.tables()} == {"docx"}


def test_q2_docx_reden_einde_table():
    # "Reden einde	Aantal" ... "Andere oorzaak (bijv. vermogen)	34" / "Totaal	193"
    t = table_with(load(Q2_DOCX), "Reden einde")
    assert t.n_rows == 18 and t.header_rows == 1  # header, then 17 rows down to the total
    assert t.rows()[0] == ["Reden einde", "Aantal"]
    assert t.rows()[-2] == ["Andere oorzaak (bijv. vermogen)", "34"]
    assert t.rows()[-1] == ["Totaal", "193"]
    assert sum(int(v) for _, v in t.rows()[1:-1]) == 193


def test_q2_docx_bezwaren_table_rows_and_caption():
    # "2e kwartaal 2017 Bezwaren" / "Anders opgelost	19" / "Gegronnd	6" ... "Totaal	75"
    t = table_with(load(Q2_DOCX), "Gegronnd")
    assert t.caption == "2e kwartaal 2017 Bezwaren"
    assert t.rows() == [
        ["Anders opgelost", "19"],
        ["Gegronnd", "6"],
        ["Deels Gegronnd", "5"],
        ["Ongegronnd", "35"],
        ["Niet ontvankelijk", "8"],
        ["Ingetrokken", "2"],
        ["Totaal", "75"],
    ]
    assert t.header_rows == 0 and t.header_cols == 1


def test_q2_docx_pgb_table_keeps_euro_cells():
    # "2017	190	147	€ 1.000.000	€ 1.524.000	€ 625.000	41%"
    t = table_with(load(Q2_DOCX), "JAAAR")
    assert t.rows()[1] == ["2017", "190", "147", "€ 1.000.000", "€ 1.524.000", "€ 625.000", "41%"]
    assert t.header_rows == 1
    assert t.column_header(6) == "UITGENUT TOV INDICATIE"


def test_q2_docx_heading_levels_come_from_section_numbers():
    # every heading has style "Heading 3"; "2. Koersdocument" is numbered, "Verwervingsstrategie" not
    doc = load(Q2_DOCX)
    assert heading(doc, "2. Koersdocument").level == 1
    assert heading(doc, "4. Jeugd").level == 1
    assert heading(doc, "Verwervingsstrategie").level == 3
    assert heading(doc, "Bezwaar en beroep").level == 3
    assert heading(doc, "Bezwaar en beroep").section == ("2. Koersdocument",)
    assert any(r.startswith("heading levels from section numbers") for r in doc.repairs)


def test_q2_docx_sentence_knows_its_section_and_paragraph():
    block, s = sentence(load(Q2_DOCX), "Eind 2016 bedroeg")
    assert s.text == "Eind 2016 bedroeg het aantal bijstandsgerechtigden 3736."
    assert block.section == ("2. Koersdocument", "Ontwikkelingen aantal uitkeringsgerechtigden")
    assert s.span.line == 22  # the 22nd paragraph of the body
    assert s.span.page is None  # the rendition has no page breaks


def test_q2_docx_footnote_lines_become_footnotes_and_marks_leave_headings():
    # "2. Wmo¹" ... "¹ Voor de financiële voortgang op het Sociaal Domein wordt verwezen ..."
    doc = load(Q2_DOCX)
    assert heading(doc, "2. Wmo").section == ()
    notes = {f.marker: f.content for f in doc.footnotes()}
    assert notes["1"].startswith("Voor de financiële voortgang op het Sociaal Domein")
    assert notes["2"].startswith("Naast een externe wachtlijst bestaat er ook een interne wachtlijst.")


def test_q2_docx_paragraph_cut_by_a_page_break_is_joined():
    # "... om deze groep naar werk te begeleiden, te" / "bundelen. Daarbij kan de aansturing ..."
    doc = load(Q2_DOCX)
    block, s = sentence(doc, "Dit biedt de mogelijkheid")
    assert s.text.endswith("naar werk te begeleiden, te bundelen.")
    _, after = sentence(doc, "Daarbij kan de aansturing")
    assert (s.span.line, after.span.line) == (14, 15)
    assert "joined paragraph 15 to paragraph 14 (split by a page break)" in doc.repairs


def test_q2_docx_dash_lines_are_list_items():
    # "- Cliënten de mogelijkheid bieden om tijdens de overbruggingsperiode te werken aan herstel ..."
    items = [p for p in load(Q2_DOCX).paragraphs() if p.list_item]
    first = next(p for p in items if p.content.startswith("Cliënten de mogelijkheid bieden"))
    assert first.marker == "-"
    assert sum(p.content.startswith("20 cliënten zijn uitgestroomd") for p in items) == 1


def test_q2_docx_repairs_caret_ordinals():
    # "aangeleverd door de aanbieders tot en met het 2^e kwartaal, circa 98% benut."
    _, s = sentence(load(Q2_DOCX), "Van die contracten wordt naar verwachting")
    assert "tot en met het 2e kwartaal, circa 98% benut." in s.text


def test_q2_docx_and_txt_give_the_same_tables_and_figures():
    docx_doc, txt_doc = load(Q2_DOCX), load(Q2)
    assert table_grids(docx_doc) == table_grids(txt_doc)
    assert numbers_by_section(docx_doc) == numbers_by_section(txt_doc)


# -- DOCX files built here ----------------------------------------------------------------------


def test_merged_cells_become_spans_without_repeated_text(tmp_path):
    d = docx.Document()
    d.add_paragraph("Bezwaren per uitkomst")
    t = d.add_table(rows=3, cols=3)
    t.cell(0, 0).merge(t.cell(0, 1)).text = "2e kwartaal 2017"
    t.cell(0, 2).text = "Totaal"
    t.cell(1, 2).merge(t.cell(2, 2)).text = "75"
    for r, (label, value) in enumerate([("Gegronnd", "6"), ("Ongegronnd", "35")], start=1):
        t.cell(r, 0).text, t.cell(r, 1).text = label, value
    table = save(d, tmp_path).tables()[0]
    assert (table.n_rows, table.n_cols) == (3, 3)
    assert table.cell(0, 1).colspan == 2 and table.cell(0, 1).text == "2e kwartaal 2017"
    assert table.cell(2, 2).rowspan == 2 and table.cell(2, 2).text == "75"
    assert table.rows() == [["2e kwartaal 2017", "", "Totaal"], ["Gegronnd", "6", "75"], ["Ongegronnd", "35", ""]]
    assert [c.text for c in table.cells].count("75") == 1


def test_repeated_header_row_is_a_header(tmp_path):
    d = docx.Document()
    t = d.add_table(rows=2, cols=2)
    for c, text in enumerate(["Reden einde", "Toelichting"]):
        t.cell(0, c).text = text
    t.cell(1, 0).text, t.cell(1, 1).text = "Verhuizing andere gemeente", "Naar een gemeente buiten de regio"
    t.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    table = save(d, tmp_path).tables()[0]
    assert table.header_rows == 1  # an all-text table: only the mark says so
    assert table.column_header(1) == "Toelichting"


def test_heading_styles_lists_and_page_breaks(tmp_path):
    d = docx.Document()
    d.add_heading("4. Jeugd", 1)
    d.add_heading("Veilig Thuis", 2)
    d.add_paragraph("Haarlem had het tweede kwartaal te maken met in totaal 301 meldingen.")
    d.add_paragraph("De gegevens uit de aangeleverde kwartaalrapportages.", style="List Number")
    d.add_paragraph("De ingediende PGB declaraties tot en met het tweede kwartaal.", style="List Number")
    d.add_paragraph("De reeds gedeclareerde zorg door vrijgevestigden.", style="List Bullet")
    d.add_page_break()
    h = d.add_heading("Beschermingstafel", 2)
    h.runs[0]._r.insert(0, OxmlElement("w:lastRenderedPageBreak"))  # Word marks the same break again
    d.add_paragraph("In het tweede kwartaal zijn 11 aanmeldingen gedaan bij de Beschermingstafel.")
    doc = save(d, tmp_path)
    assert [(h.title, h.level, h.span.page) for h in doc.headings()] == [
        ("4. Jeugd", 1, 1), ("Veilig Thuis", 2, 1), ("Beschermingstafel", 2, 2),
    ]
    items = [(p.marker, p.content[:20]) for p in doc.paragraphs() if p.list_item]
    assert items == [("1.", "De gegevens uit de a"), ("2.", "De ingediende PGB de"), ("•", "De reeds gedeclareer")]
    assert doc.paragraphs()[0].section == ("4. Jeugd", "Veilig Thuis")
    assert doc.paragraphs()[-1].span.page == 2
    assert doc.meta.pages == 2


def test_footnotes_part_is_read_and_reference_marks_leave_the_text(tmp_path):
    d = docx.Document()
    d.add_heading("Wachtlijst", 1)
    p = d.add_paragraph("Het aantal cliënten op de (externe")
    run = p.add_run()
    ref = OxmlElement("w:footnoteReference")
    ref.set(qn("w:id"), "2")
    run._r.append(ref)
    p.add_run(") wachtlijst is licht gedaald.")
    notes = (
        '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Naast een externe '
        "wachtlijst bestaat er ook een interne wachtlijst.</w:t></w:r></w:p></w:footnote></w:footnotes>"
    )
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, notes.encode(), d.part.package)
    d.part.relate_to(part, RT.FOOTNOTES)
    doc = save(d, tmp_path)
    assert doc.paragraphs()[0].content == "Het aantal cliënten op de (externe) wachtlijst is licht gedaald."
    [note] = doc.footnotes()
    assert (note.marker, note.content) == ("1", "Naast een externe wachtlijst bestaat er ook een interne wachtlijst.")


# -- input that must be refused ---------------------------------------------------------------


def refused(path) -> str:
    with pytest.raises(ReadError) as err:
        read_document(path)
    message = str(err.value)
    assert "\n" not in message and message.startswith(f"{path}: ")
    return err.value.reason


def test_random_bytes_are_a_corrupt_docx(tmp_path):
    path = tmp_path / "random.docx"
    path.write_bytes(random.Random(7).randbytes(4096))
    assert refused(path).startswith("corrupt DOCX: not a zip archive")


def test_truncated_docx_is_corrupt(tmp_path):
    path = tmp_path / "truncated.docx"
    data = Q2_DOCX.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert refused(path).startswith("corrupt DOCX:")


def test_zip_without_a_word_document_is_corrupt(tmp_path):
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("notes.txt", "Totaal 193")
    assert refused(path).startswith("corrupt DOCX:")


def test_plain_text_named_docx_is_refused(tmp_path):
    path = tmp_path / "rapportage.docx"
    path.write_text("In het tweede kwartaal 2017 zijn 193 uitkeringen beëindigd.\n", encoding="utf-8")
    assert refused(path).startswith("corrupt DOCX: not a zip archive, the file is plain text")


def zip_of_zeros(path, megabytes: int) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf, zf.open("word/document.xml", "w", force_zip64=True) as f:
        chunk = bytes(1024 * 1024)
        for _ in range(megabytes):
            f.write(chunk)


def test_zip_bomb_is_refused_by_declared_size(tmp_path):
    path = tmp_path / "bomb.docx"
    zip_of_zeros(path, 210)  # 210 MB of zeros, about 200 KB on disk
    assert path.stat().st_size < 1024 * 1024
    assert refused(path) == "DOCX refused: uncompressed size 220 MB exceeds limit of 200 MB"


def test_zip_bomb_is_refused_by_compression_ratio(tmp_path):
    path = tmp_path / "ratio.docx"
    zip_of_zeros(path, 20)  # under the size limit, but 1000:1
    reason = refused(path)
    assert reason.startswith("DOCX refused: uncompressed size 21 MB exceeds limit of 100:1 compression")


def rezipped_docx(padding: int, declared_real: bool) -> bytes:
    """The Q2 rendition with ``padding`` spaces before the end of word/document.xml; with
    ``declared_real=False`` the zip directory keeps the original, smaller size (a lie).
    benchmarks/hostile.py builds its DOCX case with it too."""
    import io
    import struct

    with zipfile.ZipFile(Q2_DOCX) as z:
        members = {i.filename: z.read(i) for i in z.infolist()}
    original = members["word/document.xml"]
    end = b"</w:document>"
    members["word/document.xml"] = original[: -len(end)] + b" " * padding + end
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as w:
        for name, content in members.items():
            w.writestr(name, content)
    data = bytearray(out.getvalue())
    if not declared_real:
        name = b"word/document.xml"
        at = 0
        while (at := data.find(b"PK\x01\x02", at)) >= 0:  # the central directory entries
            length = struct.unpack("<H", data[at + 28:at + 30])[0]
            if data[at + 46:at + 46 + length] == name:
                data[at + 24:at + 28] = struct.pack("<I", len(original))
                break
            at += 4
    return bytes(data)


def _rezipped(tmp_path, padding: int, declared_real: bool):
    path = tmp_path / "haarlem_2017-q2_rapportage-sociaal-domein.docx"
    path.write_bytes(rezipped_docx(padding, declared_real))
    return path


def test_a_member_larger_than_declared_is_refused_in_pieces(tmp_path):
    """5 MB behind a declared 137 KB: zipfile.read() would inflate all of it at once; read in
    1 MB pieces the stream stops at the declared size and fails its CRC."""
    with pytest.raises(ReadError, match=r"corrupt DOCX: Bad CRC-32 for file 'word/document.xml'"):
        read_document(_rezipped(tmp_path, 5_000_000, declared_real=False))


def test_an_xml_part_over_the_limit_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    from extract.documents import docx as reader

    monkeypatch.setattr(reader, "MAX_XML_PART", 1_000_000)
    with pytest.raises(ReadError, match=r"DOCX refused: word/document.xml is 2 MB uncompressed, over the limit of "
                                        r"1 MB for one part"):
        read_document(_rezipped(tmp_path, 2_000_000, declared_real=True))


def test_the_stored_copy_reads_as_the_original(tmp_path):
    # "Op dit moment staan er 159 cliënten op de wachtlijst, vorig kwartaal waren dat er 164."
    padded = read_document(_rezipped(tmp_path, 10, declared_real=True))
    assert padded.text == read_document(Q2_DOCX).text and "159 cliënten op de wachtlijst" in padded.text
