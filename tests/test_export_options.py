"""Exports a researcher selects and opens: figures of one indicator, municipality, kind or
period; CSV for Dutch Excel; one xlsx workbook with the codebook; the tidy evidence of the
findings, one row per finding and figure."""

from __future__ import annotations

import csv
import io
import re

import pytest
from click.testing import CliRunner
from conftest import Q2, RAADSBRIEF

from extract.cli.main import main


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """Haarlem Q2 2017 and the Haarlemmermeer raadsbrief of June 2017, checked."""
    path = tmp_path_factory.mktemp("exports") / "s.sqlite"
    for args in (["ingest", str(Q2), str(RAADSBRIEF), "--store", str(path), "-q"], ["check", "--store", str(path),
                                                                                        "--exit-zero"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
    return path


def rows(store, *args) -> list[dict[str, str]]:
    result = CliRunner().invoke(main, ["export", "--store", str(store), "--format", "csv", *args])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_selections_keep_the_figures_they_name(store):
    everything = rows(store, "--what", "measurements")
    assert {r["municipality"] for r in everything} == {"Haarlem", "Haarlemmermeer"}
    haarlem = rows(store, "--what", "measurements", "--municipality", "HAARLEM")
    assert haarlem and {r["municipality"] for r in haarlem} == {"Haarlem"}
    # Haarlem Q2: "Op dit moment staan er 159 cliënten op de wachtlijst, vorig kwartaal waren dat er 164."
    wachtlijst = rows(store, "--what", "measurements", "--indicator", "bw.wachtlijst", "--from", "2017-04-01")
    assert "159" in {r["value"] for r in wachtlijst} and "164" not in {r["value"] for r in wachtlijst}
    assert all(r["period_end"] >= "2017-04-01" for r in wachtlijst)
    budgets = rows(store, "--what", "measurements", "--kind", "budget")
    assert budgets and {r["kind"] for r in budgets} == {"budget"}
    assert len(rows(store, "--what", "measurements", "--to", "2016")) < len(everything)


def test_selections_are_refused_where_rows_are_no_figures(store):
    result = CliRunner().invoke(main, ["export", "--store", str(store), "--what", "documents", "--format", "csv",
                                       "--municipality", "Haarlem"])
    assert result.exit_code == 2 and "measurements or finding_evidence" in result.output
    bad = CliRunner().invoke(main, ["export", "--store", str(store), "--what", "measurements", "--format", "csv",
                                    "--from", "juni"])
    assert bad.exit_code == 2 and "no date" in bad.output


def test_finding_evidence_is_one_row_per_finding_and_figure(store):
    evidence = rows(store, "--what", "finding_evidence")
    findings = rows(store, "--what", "findings", "--all-columns")
    assert {r["finding_id"] for r in evidence} == {f["finding_id"] for f in findings}
    # Q2's share: "53%" stated of € 12.040.000 and € 23.100.000 (HC002), one row per figure
    share = [r for r in evidence if r["check"] == "HC002" and r["doc"].startswith("haarlem_2017-q2")]
    assert {"53", "12040000", "23100000"} <= {r["value"] for r in share}
    assert all(r["quote"] and r["role"] for r in evidence)


def test_dutch_excel_csv_has_semicolons_decimal_commas_and_a_bom(store, tmp_path):
    out = tmp_path / "nl.csv"
    result = CliRunner().invoke(main, ["export", "--store", str(store), "--what", "measurements", "--format", "csv",
                                       "--dialect", "nl", "--out", str(out)])
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    values = {r["value"] for r in table}
    assert any("," in v for v in values) and not any("." in v for v in values)
    assert {r["quote"] for r in table} == {r["quote"] for r in rows(store, "--what", "measurements")}


def test_xlsx_has_a_sheet_per_table_and_the_codebook(store, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "harvest.xlsx"
    result = CliRunner().invoke(main, ["export", "--store", str(store), "--format", "xlsx", "--out", str(out),
                                       "--municipality", "Haarlem"])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out, read_only=True)
    assert {"measurements", "findings", "finding_evidence", "documents", "indicators"} <= set(book.sheetnames)
    sheet = list(book["measurements"].iter_rows(values_only=True))
    header, body = sheet[0], sheet[1:]
    assert body and {r[header.index("municipality")] for r in body} == {"Haarlem"}
    assert all(isinstance(r[header.index("value")], (int, float)) for r in body)
    codebook = list(book["indicators"].iter_rows(values_only=True))
    assert any(r[0] == "bbv.banen" for r in codebook[1:])


def test_xlsx_without_a_file_is_a_usage_error(store):
    result = CliRunner().invoke(main, ["export", "--store", str(store), "--format", "xlsx"])
    assert result.exit_code == 2 and "give a file with --out" in result.output


def test_xlsx_refuses_a_table_past_the_sheet_limit_and_leaves_nothing(store, tmp_path, monkeypatch):
    pytest.importorskip("openpyxl")
    from extract.store import xlsx

    monkeypatch.setattr(xlsx, "MAX_ROWS", 4)  # a sheet of a header and three rows stands in for Excel's million
    out = tmp_path / "harvest.xlsx"
    result = CliRunner().invoke(main, ["export", "--store", str(store), "--format", "xlsx", "--out", str(out)])
    assert result.exit_code == 2
    assert re.search(r"measurements: [\d,]+ rows, more than an Excel sheet holds \(3\)", result.output)
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_xlsx_leaves_out_mentions_past_the_sheet_limit_and_says_so(store, tmp_path, monkeypatch):
    openpyxl = pytest.importorskip("openpyxl")
    from extract.store import xlsx
    from extract.store.sqlite import Store

    with Store.open(store, read_only=True) as opened:
        counts = {what: opened.count(what) for what in ("measurements", "mentions", "findings", "documents")}
        counts["finding_evidence"] = len(opened.finding_evidence())
    monkeypatch.setattr(xlsx, "MAX_ROWS", 1 + max(n for what, n in counts.items() if what != "mentions"))
    assert counts["mentions"] + 1 > xlsx.MAX_ROWS  # every other table fits
    out = tmp_path / "harvest.xlsx"
    result = CliRunner().invoke(main, ["export", "--store", str(store), "--format", "xlsx", "--out", str(out)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out, read_only=True)
    assert "mentions" not in book.sheetnames
    about = [r[0] for r in book["about"].iter_rows(values_only=True)]
    assert f"mentions: {counts['mentions']:,} rows, more than a sheet holds; export them as CSV" in about


def test_parquet_is_written_a_row_group_at_a_time_with_the_same_rows(store, tmp_path, monkeypatch):
    pq = pytest.importorskip("pyarrow.parquet")
    from extract.store import export as exporting

    whole = tmp_path / "whole.parquet"
    CliRunner().invoke(main, ["export", "--store", str(store), "--what", "measurements", "--format", "parquet",
                              "--out", str(whole)])
    monkeypatch.setattr(exporting, "ROW_GROUP", 7)
    grouped = tmp_path / "grouped.parquet"
    CliRunner().invoke(main, ["export", "--store", str(store), "--what", "measurements", "--format", "parquet",
                              "--out", str(grouped)])
    rows = pq.read_table(whole).num_rows
    assert rows > 14 and pq.ParquetFile(grouped).num_row_groups == -(-rows // 7)
    assert pq.read_table(grouped).equals(pq.read_table(whole))
