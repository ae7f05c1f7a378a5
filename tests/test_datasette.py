"""The store's datasette metadata: every table, view and column described, in the words of the
exports' descriptions (one description per column, everywhere)."""

from __future__ import annotations

import json

import pytest
from conftest import Q2

import extract
from extract.store.columns import FIELDS
from extract.store.datasette import metadata


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return extract.run_batch(Q2, out=tmp_path_factory.mktemp("datasette") / "output", workers=1)


def test_harvest_run_writes_the_metadata_beside_the_exports(run):
    path = run.store.parent / "datasette-metadata.json"
    assert path in run.files
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written == metadata(run.store)
    assert list(written["databases"]) == ["indicators"]  # datasette names a database after its file


def test_every_table_view_and_column_is_described(run):
    tables = metadata(run.store)["databases"]["indicators"]["tables"]
    assert {"measurements", "documents", "findings", "indicators", "series", "latest_values", "finding_evidence",
            "cross_document_pairs"} <= set(tables)
    assert tables["schema_version"] == {"hidden": True}
    bare = [(t, c) for t, v in tables.items() if not v.get("hidden") for c, d in v["columns"].items() if not d]
    assert bare == []
    assert all(v.get("hidden") or v["description"] for v in tables.values())


def test_a_column_is_described_as_in_the_exports(run):
    tables = metadata(run.store)["databases"]["indicators"]["tables"]
    assert tables["measurements"]["columns"]["quote"] == FIELDS["measurements"]["quote"][1]
    # the store's name for a keyword column shares the contract column's description
    assert tables["findings"]["columns"]["check_code"] == FIELDS["findings"]["check"][1]
    assert tables["measurements"]["columns"]["end_offset"] == FIELDS["measurements"]["end"][1]
    assert tables["cross_document_pairs"]["columns"]["value_b"].endswith("(the second document).")
