"""The exports of `harvest run` as a Frictionless data package that `frictionless validate`
accepts, with the keys that join them: measurements to documents (path) and to the
indicators codebook (indicator), which the run writes from its rules."""

from __future__ import annotations

import csv
import json
import shutil

import pytest
from click.testing import CliRunner
from conftest import Q2, UITVOERINGSPROGRAMMA

from extract.cli.main import main

frictionless = pytest.importorskip("frictionless")


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    folder = tmp_path_factory.mktemp("run")
    reports = folder / "reports"
    reports.mkdir()
    for path in (Q2, UITVOERINGSPROGRAMMA):  # the uitvoeringsprogramma is dated by its month only: 2017-03
        shutil.copy(path, reports)
    result = CliRunner().invoke(main, ["run", str(reports), "--out", str(folder / "output"), "-q"])
    assert result.exit_code == 0, result.output
    return folder / "output"


def test_frictionless_validates_the_package_with_a_month_date(out):
    dates = [row["date"] for row in csv.DictReader(open(out / "documents.csv", encoding="utf-8"))]
    assert "2017-03" in dates
    report = frictionless.validate(out / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])


def test_the_package_has_primary_and_foreign_keys(out):
    package = {r["name"]: r["schema"] for r in json.loads((out / "datapackage.json").read_text(encoding="utf-8"))["resources"]}
    assert package["documents"]["primaryKey"] == ["path"] and package["indicators"]["primaryKey"] == ["indicator"]
    assert {k["reference"]["resource"] for k in package["measurements"]["foreignKeys"]} == {"documents", "indicators"}


def test_a_measurement_of_an_unknown_indicator_breaks_the_foreign_key(out, tmp_path):
    broken = tmp_path / "output"
    shutil.copytree(out, broken)
    with open(broken / "measurements.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows[1][rows[0].index("indicator")] = "no.such_indicator"
    with open(broken / "measurements.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    report = frictionless.validate(broken / "datapackage.json")
    assert not report.valid and "foreign-key" in {e.type for task in report.tasks for e in task.errors}


def test_the_codebook_lists_every_indicator_with_its_definition(out):
    rows = list(csv.DictReader(open(out / "indicators.csv", encoding="utf-8")))
    banen = next(r for r in rows if r["indicator"] == "bbv.banen")
    assert banen["bbv_number"] == "21" and banen["unit"] == "per_1000" and banen["description"]
    assert banen["rule_file"].startswith("bbv.yaml:")
    typed = {r["indicator"] for r in csv.DictReader(open(out / "measurements.csv", encoding="utf-8")) if r["indicator"]}
    assert typed <= {r["indicator"] for r in rows}


def test_export_what_indicators_to_stdout_and_jsonl():
    result = CliRunner().invoke(main, ["export", "--what", "indicators", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert any(r["indicator"] == "bbv.reintegratievoorzieningen" and r["bbv_number"] == 28 for r in records)
    refused = CliRunner().invoke(main, ["export", "--what", "indicators", "--format", "csv", "--typed"])
    assert refused.exit_code == 2
