"""Per-document coverage and its warnings (nothing lost silently), on dev-set documents."""

from __future__ import annotations

from conftest import ROOT

from extract.documents import read_document
from extract.extraction.coverage import coverage_of
from extract.extraction.extractor import Extractor
from extract.ruleset.load import load_rules

DEVSET = ROOT / "tests" / "devset"


def covered(name: str):
    doc = read_document(DEVSET / f"{name}.txt")
    result = Extractor(load_rules()).extract(doc)
    return coverage_of(doc.name, doc.meta.municipality, result.measurements, result.mentions, doc.repairs)


def test_dropped_page_numbers_are_counted_and_warned():
    # Maastricht, monitor 2019, as a document viewer shows it: "Copied!" / "56" / "0" / "0" (its
    # share counters) and "(2)" / "2" (a page number) are dropped, and the run says how many
    c = covered("maastricht_2019_monitor-sociaal-domein-eerste-halfjaar")
    assert c.dropped >= 4
    assert any("dropped as page or list numbers" in w for w in c.warnings())


def test_low_typed_coverage_is_warned_and_counts_add_up():
    # Almere, begroting 2026: a table of knelpunten ("bijzondere bijstand | -900 | -900 | ...") no rule names
    c = covered("almere_2026_begroting-financien-knelpunten-bestaanszekerheid")
    assert c.typed + c.labelled + c.unmapped == c.figures and c.labelled >= 20
    assert any(w.startswith("only ") and "typed" in w for w in c.warnings())


def test_a_document_without_municipality_says_how_to_fix_it():
    # Drechtsteden is a joint body: neither its text nor its file name names one municipality
    c = covered("drechtsteden_2009_jaarverslag-regio-in-cijfers")
    assert c.municipality is None
    assert any("no municipality" in w and "manifest" in w for w in c.warnings())


def test_a_well_covered_document_has_no_warnings():
    c = coverage_of("q2", "Haarlem", [], [])
    assert c.warnings() == [] and c.figures == 0


def test_ingest_prints_each_documents_warnings(tmp_path):
    import shutil

    from click.testing import CliRunner

    from extract.cli.main import main

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(DEVSET / "drechtsteden_2009_jaarverslag-regio-in-cijfers.txt", folder)
    shutil.copy(DEVSET / "hoorn_2019_begroting-beleidsindicatoren.txt", folder)
    result = CliRunner().invoke(main, ["ingest", str(folder), "--store", str(tmp_path / "s.sqlite"), "-q"])
    assert result.exit_code == 0, result.output
    warned = [line for line in result.output.splitlines() if ": warning: " in line]
    assert any("drechtsteden" in line and "no municipality" in line for line in warned)
    assert not any("hoorn" in line and "no municipality" in line for line in warned)  # named by its file
