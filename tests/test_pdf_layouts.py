"""The PDF reader on layouts municipalities publish: a table without ruling lines (zebra
shading, a rule under the header only, right-aligned figures), running headers and footers,
two columns, a landscape table, a table over two pages with its header repeated. The PDFs
are made from real text of the corpus and the dev set (tests/fixtures/layouts/make_layouts.py,
SOURCES.md); what each must give is written by hand from the source text (expected.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from extract.documents import read_document

LAYOUTS = Path(__file__).parent / "fixtures" / "layouts"
EXPECTED = yaml.safe_load((LAYOUTS / "expected.yaml").read_text(encoding="utf-8"))
TABLES = [(name, k) for name, spec in EXPECTED.items() for k in range(len(spec.get("tables") or []))]
SENTENCES = [(name, s) for name, spec in EXPECTED.items() for s in spec.get("sentences") or []]


def _doc(name: str):
    return read_document(LAYOUTS / name)


def _space(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name, k", TABLES)
def test_a_table_has_the_cells_of_its_source(name, k):
    expected = EXPECTED[name]["tables"][k]
    tables = [b for b in _doc(name).blocks if b.kind == "table"]
    assert len(tables) == len(EXPECTED[name]["tables"])
    table = tables[k]
    grid = [[_space(c) for c in row] for row in table.rows()]
    header = [[_space(c) for c in row] for row in expected["header"]]
    assert table.header_rows == len(header)
    assert grid[:table.header_rows] == header
    assert grid[table.header_rows:] == [[_space(c) for c in row] for row in expected["rows"]]


@pytest.mark.parametrize("name, sentence", SENTENCES)
def test_a_sentence_comes_out_whole(name, sentence):
    # across a page break with a running footer and header between, hyphenated at a page end,
    # or from the foot of one column to the head of the next
    texts = [_space(b.text) for b in _doc(name).blocks if b.kind != "table"]
    assert any(sentence in t for t in texts), sentence


def test_running_headers_and_page_numbers_are_left_out():
    spec = EXPECTED["running_headers.pdf"]
    text = "\n".join(b.text for b in _doc("running_headers.pdf").blocks)
    assert not [furniture for furniture in spec["removed"] if furniture in text]


def test_the_prose_around_an_unruled_table_stays_prose():
    spec = EXPECTED["unruled_table.pdf"]
    paragraphs = [_space(b.text) for b in _doc("unruled_table.pdf").blocks if b.kind == "paragraph"]
    assert all(any(p in t for t in paragraphs) for p in spec["paragraphs_not_table"])


def test_two_columns_are_read_column_by_column_and_say_so():
    spec = EXPECTED["two_columns.pdf"]
    doc = _doc("two_columns.pdf")
    assert [_space(b.text) for b in doc.blocks if b.kind == "heading"] == spec["headings_in_order"]
    assert "read page 1 column by column (set in two columns)" in doc.repairs


@pytest.mark.parametrize("name", ["unruled_table.pdf", "table_across_pages.pdf", "landscape_table.pdf",
                                  "running_headers.pdf"])
def test_a_page_in_one_column_is_not_cut_in_two(name):
    # a table of labels and figures has a gutter too; its columns hold no running text
    assert not [r for r in _doc(name).repairs if "column by column" in r]
