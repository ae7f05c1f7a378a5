"""Truncation is never silent: a document its reader could only read in part is stored as
``partial`` with what is missing, counted in the summary and shown in the report; one with
nothing readable is refused with the reason. The hostile inputs are built in the tests around
sentences of the corpus reports."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import store_at_version

from extract.cli.main import main
from extract.documents import ReadError, read_document
from extract.store.sqlite import Store

# Haarlem Q2 2017: "Op dit moment staan er 159 cliënten op de wachtlijst, vorig kwartaal waren dat er 164."
SENTENCE = "Op dit moment staan er 159 cliënten op de wachtlijst, vorig kwartaal waren dat er 164."
TITLE = "Rapportage sociaal domein gemeente Haarlem, tweede kwartaal 2017"


def deep_html(levels: int) -> str:
    return (f"<html><head><title>{TITLE}</title></head><body><h1>{TITLE}</h1><p>{SENTENCE}</p>"
            + "<div>" * levels + "diep" + "</div>" * levels
            + "<p>Na het diepe deel: 345 bezwaren ontvangen.</p></body></html>")


def test_html_nested_past_the_parser_limit_is_partial(tmp_path):
    path = tmp_path / "haarlem_2017-q2_diep.html"
    path.write_text(deep_html(300), encoding="utf-8")
    doc = read_document(path)
    assert "159 cliënten" in doc.text and "345 bezwaren" not in doc.text  # libxml2 drops the rest
    assert doc.truncated == ["HTML nested deeper than the parser's limit (256 levels) at line 1: "
                             "the text after that point is not read"]


def test_html_within_the_limit_is_whole(tmp_path):
    path = tmp_path / "haarlem_2017-q2_genest.html"
    path.write_text(deep_html(100), encoding="utf-8")
    doc = read_document(path)
    assert "345 bezwaren" in doc.text and doc.truncated == []


def test_utf32_html_is_read_as_text(tmp_path):
    path = tmp_path / "haarlem_2017-q2_utf32.html"
    path.write_bytes(f"<html><body><h1>{TITLE}</h1><p>{SENTENCE}</p></body></html>".encode("utf-32"))
    doc = read_document(path)
    assert SENTENCE in doc.text and doc.repairs == [] and doc.truncated == []


def raw_pdf(pages: list[tuple[bytes, bytes]]) -> bytes:
    """A PDF of one text line per page: (font dictionary, text operand) per page."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % (3 + 3 * i) for i in range(len(pages))),
                                                           len(pages))]
    for i, (font, operand) in enumerate(pages):
        page, font_obj, content = 3 + 3 * i, 4 + 3 * i, 5 + 3 * i
        stream = b"BT /F1 11 Tf 40 700 Td " + operand + b" Tj ET"
        objs += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> >> "
                 b"/Contents %d 0 R >>" % (font_obj, content), font,
                 b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)]
        assert page == len(objs) - 2
    out, offsets = b"%PDF-1.4\n", []
    for n, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, obj)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)


HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
#: a CID font without a ToUnicode map: the text layer holds glyph codes only
NO_MAP = (b"<< /Type /Font /Subtype /Type0 /BaseFont /Sub /Encoding /Identity-H /DescendantFonts [<< /Type /Font "
          b"/Subtype /CIDFontType2 /BaseFont /Sub /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) "
          b"/Supplement 0 >> /DW 500 >>] >>")
GLYPHS = b"<" + b"".join(b"%04X" % (0x25 + i % 40) for i in range(80)) + b">"


def readable(text: str) -> bytes:
    return b"(" + text.encode("cp1252").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def test_a_pdf_without_any_unicode_map_is_refused_with_the_reason(tmp_path):
    path = tmp_path / "haarlem_2017-q2_cid.pdf"
    path.write_bytes(raw_pdf([(NO_MAP, GLYPHS), (NO_MAP, GLYPHS)]))
    with pytest.raises(ReadError, match=r"no readable text: its fonts have no Unicode map .*OCR is not supported"):
        read_document(path)


def test_a_pdf_with_one_unmapped_page_is_partial(tmp_path):
    path = tmp_path / "haarlem_2017-q2_deels.pdf"
    path.write_bytes(raw_pdf([(HELVETICA, readable(TITLE)), (HELVETICA, readable(SENTENCE)), (NO_MAP, GLYPHS)]))
    doc = read_document(path)
    assert "159 cliënten op de wachtlijst" in doc.text and "%&" not in doc.text
    assert doc.truncated == ["page 3 of 3: no readable text (its fonts have no Unicode map: the characters come "
                             "out as glyph codes); OCR them to read them"]


def test_a_partial_document_is_stored_counted_and_reported(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "haarlem_2017-q2_diep.html").write_text(deep_html(300), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "haarlem_2017-q2_diep.html: partial: HTML nested deeper than the parser's limit" in result.stderr
    assert "1 read only in part" in result.stderr
    with Store.open(out / "indicators.sqlite", create=False) as store:
        [doc] = store.documents()
        assert doc["status"] == "partial" and doc["error"].startswith("HTML nested deeper")
        assert {m.value for m in store.measurements()} >= {159.0, 164.0}  # what was read is kept
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "read only in part: HTML nested deeper than the parser&#x27;s limit" in report
    again = CliRunner().invoke(main, ["run", str(folder), "--out", str(out)])
    assert "1 unchanged" in again.stderr  # a partial document is current, not re-read every run


def test_a_version_6_store_keeps_its_documents_and_figures_through_the_rebuild(tmp_path):
    path = tmp_path / "indicators.sqlite"
    conn = store_at_version(path, 6)
    conn.execute("INSERT INTO documents (doc_id, doc, path, status, ingested_at, municipality) "
                 "VALUES ('abc', 'q2', 'q2.txt', 'ok', '2024-01-01T00:00:00Z', 'Haarlem')")
    conn.execute(
        "INSERT INTO measurements (doc_id, doc, path, indicator, label, value, unit, qualifier, kind, period_label, "
        "dimensions, quote, method, rule, confidence, provisional, total, temporal, period_source, period_end) "
        f"VALUES ('abc', 'q2', 'q2.txt', 'bw.wachtlijst', 'wachtlijst', 159, 'count', '', 'actual', 'Op dit moment', "
        f"'{{}}', '{SENTENCE}', 'prose', 'r', 0.9, 0, 0, 'stock', 'sentence', '2017-06-30')")
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        assert [m.value for m in store.measurements()] == [159.0]
        assert store._conn.execute("SELECT value FROM series").fetchall() == [(159.0,)]
        store._conn.execute("UPDATE documents SET status = 'partial'")  # allowed now
        assert store._conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
