"""Configuration that cannot work gets one line naming the file and the reason, and exit 2:
a store folder that cannot be made, a damaged or full store, a scheduler address that is none,
a manifest with a Python tag. Each built inside the test around a real corpus report."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from click.testing import CliRunner
from conftest import CORPUS

from extract.cli.main import main
from extract.store.sqlite import Store, StoreError

REPORT = CORPUS / "haarlemmermeer_2017-06_raadsbrief-sociaal-domein.md"


def harvest(*args: str):
    return CliRunner().invoke(main, list(args))


def one_error_line(result, *words: str) -> None:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and all(w in lines[0] for w in words), result.stderr
    assert "Traceback" not in result.output


def test_a_store_folder_that_cannot_be_made(tmp_path):
    (tmp_path / "afile").write_text("not a folder", encoding="utf-8")
    one_error_line(harvest("ingest", str(REPORT), "--store", str(tmp_path / "afile" / "s" / "indicators.sqlite")),
                   "cannot make the store's folder")
    one_error_line(harvest("run", str(REPORT), "--out", str(tmp_path / "afile" / "out")),
                   "afile/out/indicators.sqlite", "cannot make the store's folder")


@pytest.fixture()
def store_path(tmp_path):
    path = tmp_path / "indicators.sqlite"
    result = harvest("ingest", str(REPORT), "--store", str(path), "-q")
    assert result.exit_code == 0, result.output
    return path


@pytest.mark.parametrize("damage, shows", [("DELETE FROM schema_version", "it holds []"),
                                           ("UPDATE schema_version SET version = 'abc'", "it holds ['abc']")])
def test_a_damaged_schema_version(store_path, damage, shows):
    with sqlite3.connect(store_path) as conn:
        conn.execute(damage)
    one_error_line(harvest("check", "--store", str(store_path)), "a damaged store", shows)


def test_a_full_disk_stops_the_batch_with_one_line_and_keeps_the_store(store_path, tmp_path, monkeypatch):
    """SQLite's page limit stands in for a full disk: the same SQLITE_FULL error."""
    opened = Store.open

    def full(path, *args, **kwargs):
        store = opened(path, *args, **kwargs)
        pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
        store._conn.execute(f"PRAGMA max_page_count = {pages}")
        return store

    monkeypatch.setattr(Store, "open", staticmethod(full))
    folder = tmp_path / "more"
    shutil.copytree(CORPUS, folder, ignore=shutil.ignore_patterns("gold", REPORT.name))
    result = harvest("ingest", str(folder), "--store", str(store_path), "-q", "--workers", "1")
    one_error_line(result, "cannot write the store", "full")
    monkeypatch.undo()
    with Store.open(store_path, create=False) as store:  # what was there before is whole
        assert [d["doc"] for d in store.documents()] == [REPORT.stem]
        assert store.count("measurements") > 0


def test_the_store_error_names_the_store(tmp_path):
    path = tmp_path / "indicators.sqlite"
    with Store.open(path) as store:
        pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
        store._conn.execute(f"PRAGMA max_page_count = {pages}")
        big = [{"indicator": "x", "label": "x" * 100_000}]
        with pytest.raises(StoreError, match=rf"{path}: cannot write the store \(database or disk is full\)"):
            store.begin_run("0", "rules", indicators=big)
        assert store.runs() == []  # the run and its indicators went back together


def test_a_scheduler_address_that_is_none_is_a_usage_error(tmp_path):
    result = harvest("ingest", str(REPORT), "--store", str(tmp_path / "s.sqlite"), "--engine", "dask",
                     "--scheduler", "not an address")
    assert result.exit_code == 2 and "is no scheduler address (tcp://host:8786)" in result.stderr
    assert "Traceback" not in result.output and not (tmp_path / "s.sqlite").exists()


def test_a_manifest_with_a_python_tag_is_refused_before_reading(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(REPORT, folder)
    (folder / "manifest.yaml").write_text(f'files:\n  {REPORT.name}: !!python/object/apply:os.system ["echo hi"]\n',
                                          encoding="utf-8")
    result = harvest("run", str(folder), "--out", str(tmp_path / "out"), "-q")
    one_error_line(result, "manifest.yaml:2", "a YAML tag a manifest cannot hold")
