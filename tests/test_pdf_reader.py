"""The PDF reader: facts of the real renditions, format invariance, repairs, bad input.

The renditions in tests/fixtures/renditions were made by a word processor from the
corpus texts, so a right reader gives the same tables and figures as the text.
"""

from __future__ import annotations

import ctypes
import io
import re
import time
from collections import Counter
from functools import cache

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from conftest import CORPUS, HMM_2024, JAARVERSLAG, Q2, RAADSBRIEF, RENDITIONS, UITVOERINGSPROGRAMMA, load
from invariance import all_numbers, fold, numbers_by_section, table_grids
from pdfplumber.table import TableFinder

from extract import limits
from extract.documents import ReadError, read_document
from extract.documents import pdf as pdf_reader
from extract.documents.tables import grid_positions
from extract.model import Table

Q2_PDF = RENDITIONS / "haarlem_2017-q2_rapportage-sociaal-domein.pdf"
Q2_DOCX = RENDITIONS / "haarlem_2017-q2_rapportage-sociaal-domein.docx"
HMM_2024_PDF = RENDITIONS / "haarlemmermeer_2024_jaarverslag-sociaal-domein.pdf"
RAADSBRIEF_PDF = RENDITIONS / "haarlemmermeer_2017-06_raadsbrief-sociaal-domein.pdf"
JAARVERSLAG_PDF = RENDITIONS / "haarlem_2017_jaarverslag-sociaal-domein.pdf"
UITVOERINGSPROGRAMMA_PDF = RENDITIONS / "haarlem-regio_2017-03_uitvoeringsprogramma-opvang-wonen-herstel.pdf"


def rows(table: Table) -> list[tuple[str, ...]]:
    return [tuple(fold(v) for v in row) for row in table.rows()]


def table_starting(doc, first_cell: str) -> Table:
    return next(t for t in doc.tables() if fold(t.rows()[0][0]) == first_cell)


def sentence(doc, start: str):
    return next(s for _, s in doc.sentences() if s.text.startswith(start))


# -- haarlem_2017-q2: ruled tables -----------------------------------------------------


def test_q2_page_count_and_format():
    doc = load(Q2_PDF)
    assert doc.meta.pages == 16
    assert doc.meta.format == "pdf"


def test_q2_reden_einde_table_joined_across_pages():
    """The table breaks after "Ander inkomen" on page 2. Joined it has the header, the 16
    reasons the text lists (their counts add up to the total) and "Totaal 193"."""
    doc = load(Q2_PDF)
    table = table_starting(doc, "Reden einde")
    grid = rows(table)
    assert len(grid) == 18
    assert grid[0] == ("Reden einde", "Aantal")
    assert grid[-1] == ("Totaal", "193")
    assert sum(int(count) for _, count in grid[1:-1]) == 193
    assert "joined table across pages 2-3" in doc.repairs
    assert table.cell(1, 0).span.page == 2
    overlijden = next(c for c in table.cells if c.text == "Overlijden")
    assert overlijden.span.page == 3


def test_q2_wrapped_cell_is_one_cell():
    table = table_starting(load(Q2_PDF), "Reden einde")
    assert ("Bereiken leeftijd van 27 jaar of pensioengerechtigde leeftijd", "17") in rows(table)


def test_q2_bezwaren_and_beroep_tables():
    doc = load(Q2_PDF)
    bezwaren, beroep = [t for t in doc.tables() if fold(t.rows()[0][0]) == "Anders opgelost"]
    assert rows(bezwaren) == [("Anders opgelost", "19"), ("Gegronnd", "6"), ("Deels Gegronnd", "5"), ("Ongegronnd", "35"),
                              ("Niet ontvankelijk", "8"), ("Ingetrokken", "2"), ("Totaal", "75")]
    assert bezwaren.caption == "2e kwartaal 2017 Bezwaren"
    # the Beroepzaken table also breaks over a page (3-4); the empty row PDF put on top of page 4 is dropped
    assert rows(beroep)[-1] == ("Totaal", "28") and len(rows(beroep)) == 7
    assert "joined table across pages 3-4" in doc.repairs


def test_q2_regiorijder_cjg_and_pgb_tables():
    doc = load(Q2_PDF)
    regio = table_starting(doc, "Maand")
    assert regio.caption == "Tabel 1"
    assert ("mei", "29.446", "92,9", "171") in rows(regio)
    assert regio.header_rows == 1 and regio.source == "pdf-ruled"
    cjg = next(t for t in doc.tables() if fold(t.rows()[-1][0]) == "Haarlem")
    assert rows(cjg)[-1] == ("Haarlem", "341", "214", "892", "1106")
    assert rows(cjg)[0][3] == "Aantal cliënten op 1-8-2017"  # a date broken at its hyphen stays whole
    pgb = table_starting(doc, "JAAAR")
    assert rows(pgb)[1] == ("2017", "190", "147", "€ 1.000.000", "€ 1.524.000", "€ 625.000", "41%")


def test_q2_table_text_is_not_repeated_as_paragraphs():
    doc = load(Q2_PDF)
    assert not any("Verhuizing andere gemeente" in p.content for p in doc.paragraphs())
    assert not any(p.content.startswith("Gegronnd") for p in doc.paragraphs())


def test_q2_sentences_know_their_page_and_line():
    doc = load(Q2_PDF)
    assert sentence(doc, "Eind 2016 bedroeg het aantal bijstandsgerechtigden 3736.").span.page == 2
    # third sentence of a paragraph that starts on line 16: it starts on line 17
    eind_juni = sentence(doc, "Eind juni 2017 is het aantal bijstandsgerechtigden gestegen tot 3835.")
    assert (eind_juni.span.page, eind_juni.span.line) == (2, 17)
    assert sentence(doc, "Haarlem had het tweede kwartaal te maken met in totaal 301 meldingen").span.page == 16


def test_q2_headings_from_fonts():
    doc = load(Q2_PDF)
    titles = [h.title for h in doc.headings()]
    assert titles[1:4] == ["1. Inleiding", "2. Koersdocument", "Implementatie Koersdocument Werk en Inkomen"]
    inleiding = doc.headings()[1]
    assert inleiding.level == 1 and inleiding.span.page == 1
    persoonsgebonden = next(b for b in doc.tables() if fold(b.rows()[0][0]) == "JAAAR")
    assert persoonsgebonden.section[0] == "4. Jeugd"


# -- haarlemmermeer_2024: a borderless table with wrapped cells -----------------------------


def test_2024_indicator_table_rebuilt_from_word_positions():
    doc = load(HMM_2024_PDF)
    (table,) = doc.tables()
    assert (table.n_rows, table.n_cols, table.header_rows) == (6, 9, 1)
    assert table.source == "pdf-text" and table.caption == "Tabel 20"
    assert [table.column_header(c) for c in range(4, 9)] == ["2020", "2021", "2022", "2023", "2024"]
    header_2024 = table.cell(0, 8)
    assert (header_2024.text, header_2024.footnote) == ("2024", "1")
    assert rows(table)[1] == ("Jongeren met jeugdhulp", "% van alle jongeren tot 18 jaar", "BBV",
                              "Waarstaatjegemeente.nl", "11,8", "13,2", "13,3", "13,6", "11,1*")
    voorlopig = table.cell(1, 8)
    assert (voorlopig.text, voorlopig.marker) == ("11,1", "*")
    onbekend = table.cell(5, 8)
    assert (onbekend.text, onbekend.marker) == ("", "n/b")
    assert table.cell(4, 0).text == "Cliënten met een maatwerk-arrangement Wmo"
    assert all(table.cell(r, 3).text == "Waarstaatjegemeente.nl" for r in range(1, 6))


# -- format invariance ----------------------------------------------------------------------


def test_q2_invariance():
    pdf, text = load(Q2_PDF), load(Q2)
    assert table_grids(pdf) == table_grids(text)
    assert numbers_by_section(pdf) == numbers_by_section(text)


def test_2024_invariance():
    pdf, text = load(HMM_2024_PDF), load(HMM_2024)
    assert table_grids(pdf) == table_grids(text)
    assert numbers_by_section(pdf) == numbers_by_section(text)


def test_raadsbrief_invariance():
    """In the PDF the header of the Bestuurlijke kalender is one bold line "Wat Wanneer"
    above the table, not aligned to its columns (the Markdown has it as the header row).
    So the PDF table is the text table without its header row; every figure is in the
    same section."""
    pdf, text = load(RAADSBRIEF_PDF), load(RAADSBRIEF)
    (pdf_table,), (text_table,) = table_grids(pdf), table_grids(text)
    assert text_table[0] == ("Wat", "Wanneer")
    assert pdf_table == text_table[1:]
    assert "joined table across pages 9-10" in pdf.repairs
    assert numbers_by_section(pdf) == numbers_by_section(text)


def test_jaarverslag_invariance():
    """The word processor re-flowed this text: each heading runs into its paragraph in
    one font ("1. Inleiding In deze rapportage ..."), so no heading can be told apart
    and section paths differ; the Knelpunt tables lost their icon column and row
    structure in the PDF. A heading number run into its paragraph ("4. Beschermd Wonen
    Voortvloeiend ...") is read as a list marker, outside the paragraph text. Every other
    figure is there, and the "1e halfjaar 2015" table (header cells spread over lines) is
    rebuilt the same as from the text."""
    pdf, text = load(JAARVERSLAG_PDF), load(JAARVERSLAG)
    differ = (all_numbers(pdf) - all_numbers(text)) + (all_numbers(text) - all_numbers(pdf))
    assert set(differ) <= {"1", "2", "3", "4", "5"} and sum(differ.values()) <= 5
    halfjaar = next(g for g in table_grids(text) if g[0][1:3] == ("1e halfjaar 2015", "2e halfjaar 2015"))
    assert halfjaar in table_grids(pdf)


def test_uitvoeringsprogramma_invariance():
    """The word processor laid out the budget table of section 3 as one running
    paragraph (only its "2017 | 2018" header row is ruled), and split the Bijlage tables,
    whose HTML cells hold lists, over pages at row boundaries that do not match the
    Markdown tables. What holds: every figure the PDF gives is in the text, the budget
    header is the first table, and the first Bijlage tables agree cell by cell."""
    pdf, text = load(UITVOERINGSPROGRAMMA_PDF), load(UITVOERINGSPROGRAMMA)
    assert not all_numbers(pdf) - all_numbers(text)
    pdf_grids, text_grids = table_grids(pdf), table_grids(text)
    assert pdf_grids[0] == (("", "2017", "2018"),)
    assert pdf_grids[1:6] == text_grids[1:6]


@pytest.mark.parametrize("path", sorted(RENDITIONS.glob("*.pdf")), ids=lambda p: p.stem)
def test_every_rendition_has_its_text_version(path):
    assert list(CORPUS.glob(path.stem + ".*")), "a rendition without a corpus text cannot be checked"
    assert load(path).meta.pages >= 1


# -- the fast path against pdfplumber ------------------------------------------------------------


@cache
def reader_ruled_tables(path) -> list[tuple[int, list[list[str | None]]]]:
    """The ruled tables the reader builds, page by page before a table broken over pages
    is joined, as grids with None in the slots a merged cell covers (as pdfplumber gives them)."""
    found = []
    join_tables = pdf_reader._join_tables

    def capture(items, builder):
        for item in items:
            if isinstance(item, pdf_reader._PageTable) and item.source == "pdf-ruled":
                placed, n_rows, n_cols = grid_positions(item.rows)
                grid: list[list[str | None]] = [[None] * n_cols for _ in range(n_rows)]
                for r, c, cell in placed:
                    grid[r][c] = cell.text
                found.append((item.page, grid))
        return join_tables(items, builder)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf_reader, "_join_tables", capture)
        read_document(path)
    return found


@cache
def plumber_tables(path) -> list[tuple[int, list[list[str | None]]]]:
    """pdfplumber's own tables: pdfminer parses the page, its lattice finder works on the
    edges of pdfminer's lines, rects and curves, its text comes from pdfminer's chars.

    Only the pages on which PDFium sees a path object at any depth (Form XObjects
    included) are parsed: those edges come from path-painting operators, so a page
    without any cannot have a lattice table. (The reader looks at the page's top level
    only; counting at every depth here, a table drawn inside a form that the reader
    missed would show.) That is 17 of the 59 pages, and the difference between about
    2 s and 7 s, pdfminer being the slow part."""
    pdf = pdfium.PdfDocument(path.read_bytes())
    with_paths = [i + 1 for i in range(len(pdf))
                  if any(obj.type == pdfium_c.FPDF_PAGEOBJ_PATH for obj in pdf[i].get_objects(max_depth=15))]
    pdf.close()
    if not with_paths:
        return []
    with pdfplumber.open(path, pages=with_paths) as plumber:
        return [(page.page_number, table) for page in plumber.pages
                for table in page.extract_tables(pdf_reader._TABLE_SETTINGS)]


def line_joins(cell: str) -> re.Pattern:
    """The texts pdfplumber's cell can be once its lines are joined: pdfplumber keeps a
    cell's line breaks, the reader joins the lines with a space, or with nothing where a
    word was broken (a line of one word, or ending in a hyphen). Every difference in
    these renditions is such a join:
    "Deelprojec\\nt" -> "Deelproject" (uitvoeringsprogramma, pages 8, 11 and 15: a word a
    narrow column broke without a hyphen), "noord-\\noost" -> "noordoost" (page 9: a
    hyphenated word), "1-8-\\n2017" -> "1-8-2017" (q2, page 15: a date broken at its own
    hyphen, which stays). Text within a line must be the same."""
    lines = [fold(line) for line in cell.split("\n")]
    parts = [re.escape(lines[0])]
    for prev, line in zip(lines, lines[1:], strict=False):
        if prev.endswith("-"):  # a hyphen at the break: kept, with or without a space, or dropped
            parts[-1] = re.escape(prev[:-1])
            parts.append("(?:- |-|)")
        else:  # a space; nothing only after a single word, which a narrow column may have broken
            parts.append(" " if " " in prev else "(?: |)")
        parts.append(re.escape(line))
    return re.compile("".join(parts))


#: ruled tables per rendition (page by page), so that an empty comparison cannot pass
RULED_TABLES = {UITVOERINGSPROGRAMMA_PDF: 22, Q2_PDF: 8, JAARVERSLAG_PDF: 0, RAADSBRIEF_PDF: 0, HMM_2024_PDF: 0}


@pytest.mark.parametrize("path", sorted(RENDITIONS.glob("*.pdf")), ids=lambda p: p.stem)
def test_ruled_tables_are_those_of_plain_pdfplumber(path):
    """The reader takes characters and ruling lines from PDFium and runs only pdfplumber's
    table finder; it must find the tables plain pdfplumber finds, on the same pages, with
    the same rows, columns, merged cells and cell texts."""
    ours, theirs = reader_ruled_tables(path), plumber_tables(path)
    assert [page for page, _ in ours] == [page for page, _ in theirs]
    assert len(ours) == RULED_TABLES[path]
    for (page, grid), (_, expected) in zip(ours, theirs, strict=True):
        assert [len(row) for row in grid] == [len(row) for row in expected], f"page {page}"
        for row, expected_row in zip(grid, expected, strict=True):
            for text, cell in zip(row, expected_row, strict=True):
                if cell is None:  # a slot covered by a merged cell
                    assert text is None, f"page {page}"
                else:
                    assert text is not None and line_joins(cell).fullmatch(fold(text)), f"page {page}: {text!r} {cell!r}"


# -- a page past its time limit --------------------------------------------------------------


def test_a_page_whose_table_search_runs_past_the_limit_is_read_as_text(monkeypatch):
    """The search for ruled tables hangs on page 2 of the q2 rendition, where the
    "Reden einde" table starts (it goes on over page 3). Past PAGE_SECONDS that page is
    read as text lines: its table is rebuilt from the word positions with every cell,
    the document is read, the fallback is recorded; the other pages keep their ruled
    tables. All inside a document's limit, which still strikes on time afterwards: the
    page limit nests in it and gives it back its remaining time."""
    calls = []

    def hanging_on_first_page(edge_page, settings):
        calls.append(edge_page)
        if len(calls) == 1:
            time.sleep(60)
        return TableFinder(edge_page, settings)

    monkeypatch.setattr(pdf_reader, "TableFinder", hanging_on_first_page)
    monkeypatch.setattr(limits, "PAGE_SECONDS", 0.3)
    started = time.perf_counter()
    with pytest.raises(limits.DocumentTimeout) as timeout:
        with limits.time_limit(2.5):
            doc = read_document(Q2_PDF)  # about 0.6 s
            time.sleep(60)
    assert type(timeout.value) is limits.DocumentTimeout and timeout.value.seconds == 2.5
    assert time.perf_counter() - started < 6

    assert "page 2: search for ruled tables stopped after 0.3 s; page read as text lines" in doc.repairs
    assert "joined table across pages 2-3" not in doc.repairs  # page 3's part is still ruled, page 2's not
    page_2 = table_starting(doc, "Reden einde")
    assert (page_2.span.page, page_2.source) == (2, "pdf-text")
    normal = table_starting(load(Q2_PDF), "Reden einde")
    on_page_2 = {cell.row for cell in normal.cells if cell.span.page == 2}
    assert rows(page_2) == [row for r, row in enumerate(rows(normal)) if r in on_page_2]
    assert len(rows(page_2)) == 7 and rows(page_2)[-1] == ("Ander inkomen", "9")
    bezwaren = table_starting(doc, "Anders opgelost")
    assert (bezwaren.span.page, bezwaren.source) == (3, "pdf-ruled")
    assert all_numbers(doc) == all_numbers(load(Q2_PDF))


# -- repairs on a synthetic PDF ----------------------------------------------------------


def make_pdf(pages: list[list[tuple[float, float, str, float]]]) -> bytes:
    """A PDF with Helvetica text at (x, y, text, size) per page, made with PDFium."""
    pdf = pdfium.PdfDocument.new()
    for items in pages:
        page = pdf.new_page(595, 842)
        for x, y, text, size in items:
            obj = pdfium_c.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", ctypes.c_float(size))
            wide = ctypes.c_char_p((text + "\0").encode("utf-16-le"))
            pdfium_c.FPDFText_SetText(obj, ctypes.cast(wide, ctypes.POINTER(pdfium_c.FPDF_WCHAR)))
            pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, y)
            pdfium_c.FPDFPage_InsertObject(page.raw, obj)
        pdfium_c.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def synthetic_report() -> bytes:
    """Three pages with a running header, a page number, and a paragraph whose lines wrap
    at "maatwerk-" (spelled whole on page 1) and at "Zuid-"."""
    pages = []
    for n in range(1, 4):
        pages.append([
            (57, 800, "Jaarverslag sociaal domein 2017", 9),
            (57, 700, f"Op pagina {n} gaat het over maatwerk-", 11),
            (57, 687, "voorzieningen voor 37 inwoners van Zuid-", 11),
            (57, 674, "Kennemerland.", 11),
            (290, 30, str(n), 9),
        ])
    pages[0].append((57, 640, "Alle maatwerkvoorzieningen samen.", 11))
    return make_pdf(pages)


def test_running_header_and_page_numbers_dropped(tmp_path):
    path = tmp_path / "verslag.pdf"
    path.write_bytes(synthetic_report())
    doc = read_document(path)
    assert "Jaarverslag sociaal domein" not in doc.text
    assert all_numbers(doc) == Counter({"37": 3, "1": 1, "2": 1, "3": 1})  # the page numbers are gone
    assert "dropped running header/footer 'jaarverslag sociaal domein #' on 3 pages" in doc.repairs
    assert "dropped running header/footer '#' on 3 pages" in doc.repairs  # the page numbers


def test_wrapped_lines_joined_and_hyphenation_repaired(tmp_path):
    path = tmp_path / "verslag.pdf"
    path.write_bytes(synthetic_report())
    doc = read_document(path)
    first = doc.paragraphs()[0]
    assert first.content == "Op pagina 1 gaat het over maatwerkvoorzieningen voor 37 inwoners van Zuid-Kennemerland."
    assert (first.span.page, first.span.line) == (1, 2)


# -- bad input --------------------------------------------------------------------------------


def encrypted_pdf() -> bytes:
    """A one-page PDF with a Standard security handler whose user password is not empty."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    file_id = b"<" + b"ab" * 16 + b">"
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [%s %s] >>\n" % (len(objects) + 1, file_id, file_id)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def blank_pdf() -> bytes:
    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda: Q2_PDF.read_bytes()[: len(Q2_PDF.read_bytes()) // 2], "corrupt or truncated PDF"),
        (lambda: b"%PDF-1.4\n" + b"\x00garbage" * 100 + b"\n%%EOF\n", "corrupt or truncated PDF"),
        (encrypted_pdf, "encrypted PDF (password protected)"),
        (blank_pdf, "no text layer (scanned PDF?); OCR is not supported"),
        (lambda: b"Dit is gewoon tekst, geen PDF.\n", "not a PDF"),
    ],
    ids=["truncated", "corrupt", "encrypted", "no-text-layer", "text-named-pdf"],
)
def test_bad_pdf_gives_one_line_reason(tmp_path, make, reason):
    path = tmp_path / "rapport.pdf"
    path.write_bytes(make())
    with pytest.raises(ReadError) as err:
        read_document(path)
    message = str(err.value)
    assert message.startswith(f"{path}: {reason}")
    assert "\n" not in message



def test_a_bold_caption_or_lead_in_is_text_not_a_section():
    # Q2: "Tabel 1" set in bold above the RegioRijder table names the table; it is no section, so the
    # table stays under "RegioRijder" as in the text form. "Uitstroom van 39 cliënten:" in bold opens a
    # list and holds a figure: a paragraph.
    for doc in (load(Q2_PDF), load(Q2_DOCX)):
        table = next(t for t in doc.tables() if "29.446" in t.text)
        assert (table.section, table.caption) == (("2. Wmo", "RegioRijder"), "Tabel 1")
        lead_in = next(b for b in doc.blocks if b.text.startswith("Uitstroom van 39"))
        assert lead_in.kind == "paragraph"
