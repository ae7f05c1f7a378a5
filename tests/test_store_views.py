"""The store as researchers query it in SQL: the indicators table, the views for the first
questions (series, latest values, the evidence of findings, one figure in two reports), and
column names that need no quoting. Built by `harvest run` on the five corpus reports."""

from __future__ import annotations

import sqlite3

import pytest
from conftest import ROOT

import extract
from extract.ruleset.load import load_rules

VIEWS = ("series", "latest_values", "finding_evidence", "cross_document_pairs")


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    out = tmp_path_factory.mktemp("views") / "output"
    result = extract.run_batch(ROOT / "corpus", out=out, workers=1)
    conn = sqlite3.connect(result.store)
    yield conn
    conn.close()


def names(db, kind: str) -> set[str]:
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = ?", (kind,))}


def test_the_views_exist(db):
    assert set(VIEWS) <= names(db, "view")
    assert "indicators" in names(db, "table")


def test_every_column_can_be_named_without_quotes(db):
    """`SELECT check FROM findings` was a syntax error: no column is an SQL keyword any more."""
    for table in names(db, "table") | names(db, "view"):
        for (column,) in db.execute(f"SELECT name FROM pragma_table_info('{table}')"):
            db.execute(f"SELECT {column} FROM {table} LIMIT 1")  # raises on a keyword
    finding_columns = {r[0] for r in db.execute("SELECT name FROM pragma_table_info('findings')")}
    assert {"check_code", "severity"} <= finding_columns and "check" not in finding_columns


def test_the_indicators_table_is_the_codebook_of_the_run(db):
    rules = load_rules()
    assert db.execute("SELECT count(*) FROM indicators").fetchone()[0] == len(rules.indicators)
    label, unit = db.execute("SELECT label, unit FROM indicators WHERE indicator = 'bw.wachtlijst'").fetchone()
    assert label and unit == "count"
    # every typed measurement's indicator is described there
    orphans = db.execute("SELECT count(*) FROM measurements m WHERE m.indicator <> '' AND NOT EXISTS "
                         "(SELECT 1 FROM indicators i WHERE i.indicator = m.indicator)").fetchone()[0]
    assert orphans == 0


def test_series_orders_a_waiting_list_over_two_reports(db):
    # jaarverslag 2017: "... licht afgenomen van 166 in 2016 naar 158 in 2017."
    # Q2 2017: "Op dit moment staan er 159 cliënten op de wachtlijst, vorig kwartaal waren dat er 164."
    rows = db.execute("SELECT period_end, value FROM series WHERE indicator = 'bw.wachtlijst' "
                      "AND municipality = 'Haarlem'").fetchall()
    assert rows == [("2016-12-31", 166.0), ("2017-03-31", 164.0), ("2017-06-30", 159.0), ("2017-12-31", 158.0)]


def test_latest_values_keeps_the_latest_period_of_each_series(db):
    rows = db.execute("SELECT period_end, value, doc FROM latest_values WHERE indicator = 'bw.wachtlijst' "
                      "AND municipality = 'Haarlem'").fetchall()
    assert rows == [("2017-12-31", 158.0, "haarlem_2017_jaarverslag-sociaal-domein")]
    one_per_series = db.execute(
        "SELECT count(*) FROM (SELECT 1 FROM latest_values GROUP BY indicator, municipality, geography, "
        "dimensions, kind, unit HAVING count(*) > 1)").fetchone()[0]
    assert one_per_series == 0


def test_finding_evidence_is_one_row_per_finding_and_figure(db):
    stored = db.execute("SELECT sum(json_array_length(measurements)) FROM findings").fetchone()[0]
    assert db.execute("SELECT count(*) FROM finding_evidence").fetchone()[0] == stored > 0
    # Q2 2017: "In het eerste halfjaar is € 12,04 miljoen besteed, wat overeen komt met 53% van de contractwaarde."
    rows = db.execute("SELECT role, value, municipality FROM finding_evidence WHERE check_code = 'HC002' "
                      "AND doc = 'haarlem_2017-q2_rapportage-sociaal-domein'").fetchall()
    assert ("stated share", 53.0, "Haarlem") in rows and ("numerator", 12040000.0, "Haarlem") in rows


def test_finding_evidence_export_reads_the_view(db, tmp_path):
    from extract.store.export import export
    from extract.store.sqlite import Store

    path = db.execute("PRAGMA database_list").fetchone()[2]
    with Store.open(path, create=False) as store:
        out = export(store, "finding_evidence", "csv", tmp_path / "evidence.csv")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("finding_id,check,severity,role")  # the contract's names
    assert len(lines) - 1 == db.execute("SELECT count(*) FROM finding_evidence").fetchone()[0]


def test_cross_document_pairs_show_where_two_reports_disagree(db):
    # Q2 2017: "Van de jeugdigen met jeugdhulp verbleef 12,4% in 2016 ..."; the jaarverslag's table
    # row "Waarvan jeugdhulp met verblijf | ... | 12,4 | 11,8 | 13,2*" gives 11,8 for 2016
    row = db.execute("SELECT value_a, value_b, agrees FROM cross_document_pairs "
                     "WHERE indicator = 'jeugdhulp.verblijf_aandeel' AND period_end = '2016-12-31'").fetchone()
    assert row == (12.4, 11.8, 0)
    agreeing = db.execute("SELECT value_a, value_b FROM cross_document_pairs "
                          "WHERE indicator = 'jeugdhulp.jongeren_pct' AND agrees").fetchall()
    assert agreeing and all(a == b for a, b in agreeing)
    assert db.execute("SELECT count(*) FROM cross_document_pairs WHERE doc_a = doc_b").fetchone()[0] == 0
