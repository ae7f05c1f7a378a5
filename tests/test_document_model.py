"""Invariants of the Document model that must hold for every corpus document."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict

import pytest
from conftest import CORPUS_FILES, load

from extract.documents.inline import strip_all_tags
from extract.model import Document, Table, cell_display

NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?!\w)")


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.stem)
def test_offsets_point_into_the_normalised_text(path):
    doc = load(path)
    for block in doc.blocks:
        assert doc.text[block.span.start:block.span.end] == block.text
        for s in getattr(block, "sentences", ()):
            assert block.span.start <= s.span.start < s.span.end <= block.span.end
            assert doc.text[s.span.start:s.span.end] == s.text
        if isinstance(block, Table):
            for cell in block.cells:
                assert doc.text[cell.span.start:cell.span.end] == cell_display(cell)
                assert cell.span.line is not None


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.stem)
def test_source_lines_follow_reading_order(path):
    doc = load(path)
    lines = [b.span.line for b in doc.blocks]
    assert all(isinstance(n, int) and n >= 1 for n in lines)
    assert lines == sorted(lines)


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.stem)
def test_no_number_is_dropped_silently(path):
    """Every number of the source is in the model, or a repair says why it is not."""
    source = path.read_text(encoding="utf-8")
    source = re.sub(r"(\d)\s*\^\s*(e|de|ste)\b", r"\1\2", strip_all_tags(source))  # "2 ^e kw" is the ordinal 2e
    expected = Counter(NUMBER.findall(source))
    doc = load(path)
    found = Counter(NUMBER.findall(doc.text))
    for f in doc.footnotes():
        found[f.marker] += 1
    for p in doc.paragraphs():
        found.update(NUMBER.findall(p.marker))  # "1." of a numbered list item
    for t in doc.tables():
        found.update(c.text + c.footnote for c in t.cells if c.footnote)  # "20241": 2024 with footnote 1
    dropped = Counter(re.findall(r"dropped page number (\d+)", "\n".join(doc.repairs)))
    missing = expected - found - dropped
    assert not missing, f"numbers lost by the reader: {dict(missing)}"


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.stem)
def test_json_round_trip(path):
    doc = load(path)
    again = Document.from_dict(doc.to_dict())
    assert again.to_dict() == doc.to_dict()
    assert [type(b) for b in again.blocks] == [type(b) for b in doc.blocks]


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.stem)
def test_to_dict_is_asdict_with_kind_and_section(path):
    doc = load(path)
    data = doc.to_dict()
    assert data["meta"] == asdict(doc.meta)
    for block, d in zip(doc.blocks, data["blocks"], strict=True):
        assert d == {**asdict(block), "kind": block.kind, "section": list(block.section)}
