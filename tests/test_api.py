"""The Python API of a notebook: a run as a function, and the store as DataFrames filtered
like `harvest show`."""

from __future__ import annotations

import pytest
from conftest import Q2

import extract

pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """`harvest run` on the Haarlem Q2 2017 report, as extract.run_batch."""
    out = tmp_path_factory.mktemp("api") / "output"
    return extract.run_batch(Q2, out=out, workers=1)


def test_run_batch_ingests_checks_and_exports(run):
    assert (run.counts.read, run.counts.failed) == (1, 0) and run.counts.measurements > 100
    assert {p.name for p in run.files} >= {"measurements.csv", "findings.csv", "indicators.csv", "datapackage.json",
                                           "report.html"}
    assert all(p.is_file() for p in run.files)
    # Q2 states "53%" for € 12.040.000 of € 23.100.000 (52,12%): the share check's finding
    assert any(f.check == "HC002" for f in run.findings)


def test_load_measurements_filters_in_any_case(run):
    # "Op dit moment staan er 159 cliënten op de wachtlijst, vorig kwartaal waren dat er 164."
    frame = extract.load_measurements(run.store, indicator="BW.Wachtlijst", municipality="haarlem")
    assert {159.0, 164.0} <= set(frame["value"]) and set(frame["indicator"]) == {"bw.wachtlijst"}
    assert str(frame["period_end"].dtype).startswith("datetime64")
    with pytest.raises(ValueError, match="nearest: Haarlem"):
        extract.load_measurements(run.store, municipality="harlem")
    typed = extract.load_measurements(run.store, typed=True)
    assert len(typed) and typed["indicator"].ne("").all()


def test_load_findings_and_documents(run):
    findings = extract.load_findings(run.store, min_severity="warning")
    assert len(findings) and set(findings["severity"]) <= {"warning", "error"}
    assert list(extract.load_findings(run.store, check="hc999").columns)[:3] == ["check", "severity", "message"]
    documents = extract.load_documents(run.store)
    assert list(documents["status"]) == ["ok"] and documents.loc[0, "municipality"] == "Haarlem"


def test_import_extract_stays_light():
    import subprocess
    import sys

    code = "import sys, extract; print(sorted(m for m in ('pandas', 'spacy', 'extract.batch.run') if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"
