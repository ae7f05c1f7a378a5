"""Exports in the contract's columns (DESIGN.md "Export columns"), on real figures of the corpus."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from conftest import HMM_2024, Q2, load
from test_store import RULES, hmm_measurement, q2_measurements, q2_mentions

from extract.records import EXPORT_COLUMNS, EXTRA_COLUMNS, Finding
from extract.store.columns import FINDING_COLUMNS, MENTION_COLUMNS, columns
from extract.store.export import FORMATS, _number, export, write_datapackage
from extract.store.sqlite import DOCUMENT_COLUMNS, Store, StoreError, document_row

#: the text says "eerste kwartaal" of the table whose caption says "2e kwartaal 2017" (Q2, lines 80-90)
PERIOD_TEXT = ("In het eerste kwartaal van 2017 zijn in totaal 75 bezwaren afgedaan die betrekking hebben op de "
               "afdeling Sociale Zaken.")


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "indicators.sqlite") as s:
        run = s.begin_run("0.1.0", RULES)
        q2, hmm = load(Q2), load(HMM_2024)
        s.write_document(document_row(q2), q2, q2_measurements(), q2_mentions(), RULES, run)
        s.write_document(document_row(hmm), hmm, [hmm_measurement()], [], RULES, run)
        s.write_error(tmp_path / "haarlem_2017-q3.pdf", None, "no text found (empty document, or a scan without a text layer)", run)
        total = q2_measurements()[-1].to_row()
        s.replace_findings([Finding(
            "period_conflict", "warning", "De tekst noemt het eerste kwartaal van 2017; de tabel zegt 2e kwartaal 2017.",
            total["doc"], [{k: total[k] for k in ("doc", "value", "unit", "quote", "period_start", "period_end", "page", "line")}],
            "2017-04-01..2017-06-30", PERIOD_TEXT)])
        yield s


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


CONTRACT = {
    "measurements": EXPORT_COLUMNS,
    "findings": ["check", "severity", "message", "doc", "measurements", "expected", "stated"],
    "mentions": ["doc", "text", "value", "page", "line", "status", "reason"],
    "documents": DOCUMENT_COLUMNS,
}


def test_the_contract_columns_are_the_designs():
    assert EXPORT_COLUMNS == [
        "doc", "path", "municipality", "municipality_code", "indicator", "label", "value", "unit", "low", "high",
        "qualifier", "kind", "period_start", "period_end", "period_label", "geography", "dimensions", "page", "line", "quote", "method",
        "rule", "confidence"]
    assert (FINDING_COLUMNS, MENTION_COLUMNS) == (CONTRACT["findings"], CONTRACT["mentions"])


ROWS = {"measurements": 10, "findings": 1, "mentions": 2, "documents": 3}


def file_columns(path, fmt):
    """The header of a CSV, the keys of every JSON line (all alike), the schema of a Parquet file."""
    if fmt == "csv":
        return read_csv(path)[0], len(read_csv(path)) - 1
    if fmt == "jsonl":
        records = jsonl(path)
        assert all(list(r) == list(records[0]) for r in records)
        return list(records[0]), len(records)
    pq = pytest.importorskip("pyarrow.parquet")
    return pq.read_schema(path).names, pq.read_metadata(path).num_rows


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("what", list(CONTRACT))
def test_every_export_has_the_contract_columns_in_order(store, tmp_path, what, fmt):
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    path = export(store, what, fmt, tmp_path / f"{what}.{fmt}")
    assert path == tmp_path / f"{what}.{fmt}"
    assert file_columns(path, fmt) == (CONTRACT[what], ROWS[what])


def test_heavy_libraries_are_imported_only_when_used():
    code = ("import sys, extract.store.export, extract.store.frames, extract.store.sqlite; "
            "print(sorted(m for m in ('pandas', 'pyarrow') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_all_columns_appends_the_provenance(store, tmp_path):
    rows = read_csv(export(store, "measurements", "csv", tmp_path / "m.csv", all_columns=True))
    assert rows[0] == EXPORT_COLUMNS + EXTRA_COLUMNS
    record = jsonl(export(store, "measurements", "jsonl", tmp_path / "m.jsonl", all_columns=True))[0]
    assert list(record) == EXPORT_COLUMNS + EXTRA_COLUMNS
    gegrond = dict(zip(rows[0], rows[4], strict=True))
    assert (gegrond["label"], gegrond["cell"], gegrond["total"], gegrond["doc_id"]) == ("Gegronnd", "[1, 1]", "false", load(Q2).meta.id)


def test_csv_values_are_plain(store, tmp_path):
    with open(export(store, "measurements", "csv", tmp_path / "m.csv"), encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    eind_2016 = next(r for r in rows if r["quote"] == "Eind 2016 bedroeg het aantal bijstandsgerechtigden 3736.")
    assert (eind_2016["value"], eind_2016["low"], eind_2016["period_start"], eind_2016["period_end"]) == (
        "3736", "3736", "2016-12-31", "2016-12-31")
    assert (eind_2016["page"], eind_2016["dimensions"], eind_2016["confidence"]) == ("", "{}", "1")
    jeugdhulp = next(r for r in rows if r["indicator"] == "jeugdhulp_jongeren")
    assert (jeugdhulp["value"], jeugdhulp["low"], jeugdhulp["high"], jeugdhulp["unit"]) == ("11.1", "11.05", "11.15", "percent")
    gegrond = next(r for r in rows if r["label"] == "Deels Gegronnd")
    assert json.loads(gegrond["dimensions"]) == {"uitkomst": "deels gegrond"}
    assert (gegrond["value"], gegrond["method"], gegrond["quote"]) == ("5", "table", "Deels Gegronnd\t5")
    assert rows[-1]["confidence"] == "1" and next(r for r in rows if r["value"] == "3835")["confidence"] == "0.9"


def test_csv_numbers_never_use_exponents():
    # € 1.524.000 (the indicatie of the uitvoeringsprogramma) and a tiny rate that repr() would write as 1e-05
    assert (_number(1524000.0), _number(625000.5), _number(1e-05), _number(float("inf"))) == (
        "1524000", "625000.5", "0.00001", "")


def test_findings_csv_carries_the_measurements_as_json(store, tmp_path):
    (header, row) = read_csv(export(store, "findings", "csv", tmp_path / "f.csv"))
    finding = dict(zip(header, row, strict=True))
    (figure,) = json.loads(finding["measurements"])
    assert (figure["value"], figure["quote"], figure["period_start"], figure["page"]) == (75.0, "Totaal\t75", "2017-04-01", None)
    assert finding["stated"] == PERIOD_TEXT


def test_documents_export_records_errors(store, tmp_path):
    with open(export(store, "documents", "csv", tmp_path / "d.csv"), encoding="utf-8", newline="") as f:
        rows = {r["doc"]: r for r in csv.DictReader(f)}
    assert rows["haarlem_2017-q3"]["status"] == "error"
    assert rows["haarlem_2017-q3"]["error"].startswith("no text found")
    assert (rows[load(Q2).name]["status"], rows[load(Q2).name]["period_end"]) == ("ok", "2017-06-30")


def test_jsonl_nests_objects_and_writes_null(store, tmp_path):
    records = jsonl(export(store, "measurements", "jsonl", tmp_path / "m.jsonl"))
    gegrond = next(r for r in records if r["label"] == "Gegronnd")
    assert gegrond["dimensions"] == {"uitkomst": "gegrond"}
    assert (gegrond["page"], gegrond["value"], gegrond["line"]) == (None, 6.0, 83)


def test_parquet_has_an_explicit_schema(store, tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    table = pq.read_table(export(store, "measurements", "parquet", tmp_path / "m.parquet"))
    assert table.schema.field("value").type == pa.float64()
    assert table.schema.field("page").type == pa.int64() and table.column("page").null_count == table.num_rows
    assert table.schema.field("dimensions").type == pa.string()
    assert table.schema.field("period_start").type == pa.date32()
    rows = table.to_pylist()
    assert json.loads(next(r for r in rows if r["label"] == "Gegronnd")["dimensions"]) == {"uitkomst": "gegrond"}
    assert str(rows[0]["period_end"]) == "2016-12-31"


def test_stdout_and_its_limits(store, capsys):
    assert export(store, "mentions", "csv", None) is None
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == ",".join(CONTRACT["mentions"])
    assert next(csv.reader(io.StringIO(lines[2]))) == [load(Q2).name, "3736", "3736", "", "47", "measurement", "bijstand_uitkeringen"]
    with pytest.raises(ValueError, match="parquet is binary"):
        export(store, "measurements", "parquet", None)
    with pytest.raises(ValueError, match="unknown export"):
        export(store, "quotes", "csv", None)


def test_a_failed_export_leaves_the_previous_file(store, tmp_path):
    pytest.importorskip("pyarrow")
    out = tmp_path / "exports" / "measurements.parquet"
    export(store, "measurements", "parquet", out)
    before = out.read_bytes()
    store._conn.execute("UPDATE measurements SET period_end = 'eind juni' WHERE value = 3835")
    with pytest.raises(ValueError):
        export(store, "measurements", "parquet", out)
    assert out.read_bytes() == before
    assert [p.name for p in out.parent.iterdir()] == ["measurements.parquet"]


def test_parquet_without_pyarrow_says_what_to_install(store, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ImportError, match=r"pip install pyarrow"):
        export(store, "measurements", "parquet", tmp_path / "measurements.parquet")
    assert list(tmp_path.glob("measurements.parquet*")) == list(tmp_path.glob(".measurements.parquet*")) == []


def test_datapackage_describes_the_files_as_written(store, tmp_path):
    pytest.importorskip("pyarrow")
    out = tmp_path / "exports"
    export(store, "measurements", "csv", out / "measurements.csv", all_columns=True)
    export(store, "measurements", "parquet", out / "measurements.parquet")
    export(store, "findings", "jsonl", out / "findings.jsonl")
    package = json.loads(write_datapackage(out).read_text(encoding="utf-8"))
    by_path = {r["path"]: r for r in package["resources"]}
    assert set(by_path) == {"measurements.csv", "measurements.parquet", "findings.jsonl"}
    fields = by_path["measurements.csv"]["schema"]["fields"]
    assert [f["name"] for f in fields] == read_csv(out / "measurements.csv")[0] == columns("measurements", True)
    assert [f["name"] for f in by_path["measurements.parquet"]["schema"]["fields"]] == EXPORT_COLUMNS
    assert [f["name"] for f in by_path["findings.jsonl"]["schema"]["fields"]] == FINDING_COLUMNS
    types = {f["name"]: f["type"] for f in fields}
    assert (types["value"], types["page"], types["period_start"], types["dimensions"], types["total"]) == (
        "number", "integer", "date", "object", "boolean")
    assert all(f["description"] for r in package["resources"] for f in r["schema"]["fields"])
    assert len({r["name"] for r in package["resources"]}) == 3


def test_load_measurements_types_the_columns(store):
    pd = pytest.importorskip("pandas")
    from extract.store.frames import load_measurements

    frame = load_measurements(store.path)
    assert list(frame.columns) == EXPORT_COLUMNS + EXTRA_COLUMNS
    assert len(frame) == 10
    assert frame["value"].dtype == "float64" and frame["low"].dtype == "float64"
    assert pd.api.types.is_datetime64_any_dtype(frame["period_start"])
    assert frame["page"].dtype == "Int64" and frame["page"].isna().all()
    assert frame["line"].tolist()[:3] == [47, 47, 82]
    gegrond = frame[frame["label"] == "Gegronnd"].iloc[0]
    assert gegrond["dimensions"] == {"uitkomst": "gegrond"} and gegrond["cell"] == (1, 1)
    assert gegrond["period_start"] == pd.Timestamp("2017-04-01")
    assert frame["provisional"].dtype == "bool" and frame["provisional"].sum() == 1


def test_load_measurements_needs_an_existing_store(tmp_path):
    pytest.importorskip("pandas")
    from extract.store.frames import load_measurements

    with pytest.raises(StoreError, match="no store here"):
        load_measurements(tmp_path / "indicators.sqlite")


def test_typed_export_leaves_out_the_labelled_measurements(store, tmp_path):
    # Gooise Meren, jaarstukken 2022: "Uitgaven | 18,44% € 31.313 x €1.000": no rule names the
    # share of the budget spent: a labelled measurement, indicator empty
    from conftest import ROOT

    from extract.extraction.extractor import Extractor
    from extract.ruleset.load import load_rules

    gooise_meren = load(ROOT / "tests" / "devset" / "gooise-meren_2022_jaarstukken-werk-en-inkomen-wat-heeft-het-gekost.txt")
    labelled = [m for m in Extractor(load_rules()).extract(gooise_meren).measurements if not m.indicator]
    assert labelled
    store.write_document(document_row(gooise_meren), gooise_meren, labelled, [], RULES, store.begin_run("0.1.0", RULES))
    everything, typed = tmp_path / "all.csv", tmp_path / "typed.csv"
    export(store, "measurements", "csv", everything)
    export(store, "measurements", "csv", typed, typed=True)
    indicator = EXPORT_COLUMNS.index("indicator")
    all_rows, typed_rows = read_csv(everything)[1:], read_csv(typed)[1:]
    assert len(all_rows) == len(typed_rows) + len(labelled)
    assert typed_rows and all(r[indicator] for r in typed_rows)
    assert any(r[indicator] == "" and r[EXPORT_COLUMNS.index("label")] == "Uitgaven" for r in all_rows)
