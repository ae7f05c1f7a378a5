"""The indicator store on real figures of the Haarlem Q2 2017 report and the Haarlemmermeer 2024 jaarverslag."""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import textwrap
import zlib

import pytest
from conftest import HMM_2024, Q2, load, store_at_version

from extract.documents import ReadError, read_document
from extract.records import Finding, Measurement, MentionRecord
from extract.store.sqlite import SCHEMA_VERSION, Store, StoreError, document_row

RULES = "rules-v1"
BIJSTAND_2016 = "Eind 2016 bedroeg het aantal bijstandsgerechtigden 3736."
BIJSTAND_2017 = "Eind juni 2017 is het aantal bijstandsgerechtigden gestegen tot 3835."


def q2_measurements() -> list[Measurement]:
    """Two prose figures and the rows of the "2e kwartaal 2017 Bezwaren" table, as an extractor would give them."""
    doc = load(Q2)
    common = {"doc": doc.name, "path": doc.meta.path, "municipality": "Haarlem", "unit": "count",
              "geography": "Haarlem", "doc_id": doc.meta.id, "temporal": "stock"}
    prose = [
        Measurement(**common, indicator="bijstand_uitkeringen", label="bijstandsgerechtigden", value=3736.0,
                    low=3736.0, high=3736.0, period_start="2016-12-31", period_end="2016-12-31",
                    period_label="Eind 2016", line=47, quote=BIJSTAND_2016, rule="bijstand_uitkeringen/bijstandsgerechtigden",
                    start=doc.text.index(BIJSTAND_2016) + len(BIJSTAND_2016) - 5, period_source="sentence"),
        Measurement(**common, indicator="bijstand_uitkeringen", label="bijstandsgerechtigden", value=3835.0,
                    low=3835.0, high=3835.0, period_start="2017-06-30", period_end="2017-06-30",
                    period_label="Eind juni 2017", line=47, quote=BIJSTAND_2017, rule="bijstand_uitkeringen/bijstandsgerechtigden",
                    confidence=0.9, period_source="sentence"),
    ]
    index, table = next((i, b) for i, b in enumerate(doc.blocks)
                        if b.kind == "table" and b.caption == "2e kwartaal 2017 Bezwaren")
    cells = []
    for row in table.body_rows():
        label, figure = row
        outcome = label.text.lower().replace("gegronnd", "gegrond")
        cells.append(Measurement(
            **{**common, "temporal": "flow"}, indicator="bezwaren_afgedaan", label=label.text, value=float(figure.text),
            low=float(figure.text), high=float(figure.text), period_start="2017-04-01", period_end="2017-06-30",
            period_label="2e kwartaal 2017", dimensions={} if outcome == "totaal" else {"uitkomst": outcome},
            line=figure.span.line, quote=f"{label.text}\t{figure.text}", method="table", rule="bezwaren_afgedaan/table",
            start=figure.span.start, end=figure.span.end, cell=(figure.row, figure.col), table=index,
            total=outcome == "totaal", period_source="caption"))
    return prose + cells


def hmm_measurement() -> Measurement:
    """Tabel 20, "Jongeren met jeugdhulp" in 2024: 11,1* (voorlopig)."""
    doc = load(HMM_2024)
    return Measurement(
        doc=doc.name, path=doc.meta.path, municipality="Haarlemmermeer", indicator="jeugdhulp_jongeren",
        label="Jongeren met jeugdhulp", value=11.1, unit="percent", low=11.05, high=11.15, period_start="2024-01-01",
        period_end="2024-12-31", period_label="2024", geography="Haarlemmermeer", line=36,
        quote="Jongeren met jeugdhulp | % van alle jongeren tot 18 jaar | BBV | Waarstaatjegemeente.nl | 11,8 | 13,2 | 13,3 | 13,6 | 11,1* |",
        method="table", rule="jeugdhulp_jongeren/table", doc_id=doc.meta.id, cell=(1, 8), provisional=True,
        period_source="column")


def q2_mentions() -> list[MentionRecord]:
    doc = load(Q2)
    at = doc.text.index(BIJSTAND_2016)
    return [
        MentionRecord(doc.name, "2016", 2016.0, None, 47, "non_measurement", "year", doc.meta.id, at + 5, BIJSTAND_2016),
        MentionRecord(doc.name, "3736", 3736.0, None, 47, "measurement", "bijstand_uitkeringen", doc.meta.id,
                      at + len(BIJSTAND_2016) - 5, BIJSTAND_2016),
    ]


def write_q2(store: Store, run: int, measurements: list[Measurement] | None = None) -> None:
    doc = load(Q2)
    store.write_document(document_row(doc), doc, q2_measurements() if measurements is None else measurements,
                         q2_mentions(), RULES, run)


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "output" / "indicators.sqlite") as s:
        yield s


def test_the_quoted_figures_are_in_the_document():
    doc = load(Q2)
    for m in q2_measurements():
        assert m.quote in doc.text
    assert len(q2_measurements()) == 2 + 7


def test_measurements_round_trip(store):
    run = store.begin_run("0.1.0", RULES)
    write_q2(store, run)
    hmm = load(HMM_2024)
    store.write_document(document_row(hmm), hmm, [hmm_measurement()], [], RULES, run)

    assert store.measurements(doc=load(Q2).name) == q2_measurements()
    assert store.measurements(municipality="Haarlemmermeer") == [hmm_measurement()]
    bijstand = store.measurements(indicator="bijstand_uitkeringen")
    assert [(m.value, m.period_end, m.quote) for m in bijstand] == [
        (3736.0, "2016-12-31", BIJSTAND_2016), (3835.0, "2017-06-30", BIJSTAND_2017)]
    gegrond = next(m for m in store.measurements(indicator="bezwaren_afgedaan") if m.label == "Gegronnd")
    assert (gegrond.value, gegrond.dimensions, gegrond.cell, gegrond.line) == (6.0, {"uitkomst": "gegrond"}, (1, 1), 83)
    assert store.measurements(indicator="bezwaren_afgedaan", municipality="Haarlemmermeer") == []


def test_mentions_and_document_metadata_round_trip(store):
    run = store.begin_run("0.1.0", RULES)
    write_q2(store, run)
    assert store.mentions() == q2_mentions()
    (row,) = store.documents()
    assert row["doc"] == "haarlem_2017-q2_rapportage-sociaal-domein"
    assert (row["municipality"], row["doc_type"], row["period_start"], row["period_end"]) == (
        "Haarlem", "bestuursrapportage", "2017-01-01", "2017-06-30")
    assert (row["status"], row["error"], row["rules_hash"], row["run_id"]) == ("ok", "", RULES, run)


def test_the_document_model_is_kept_compressed(store):
    doc = load(Q2)
    write_q2(store, store.begin_run("0.1.0", RULES))
    assert store.load_document(doc.meta.id).to_dict() == doc.to_dict()
    blob = store._conn.execute("SELECT document_json FROM documents").fetchone()[0]
    assert len(blob) < len(doc.text) < len(zlib.decompress(blob))


def test_rewriting_is_idempotent(store):
    doc = load(Q2)
    assert not store.is_current(doc.meta.id, RULES)
    write_q2(store, store.begin_run("0.1.0", RULES))
    assert store.is_current(doc.meta.id, RULES)
    assert not store.is_current(doc.meta.id, "rules-v2")
    first = (store.measurements(), store.mentions())
    write_q2(store, store.begin_run("0.1.0", RULES))
    assert (store.measurements(), store.mentions()) == first
    assert store._conn.execute("SELECT count(*) FROM measurements").fetchone()[0] == 9
    assert len(store.documents()) == 1


def test_changed_rules_reextract_from_the_stored_document(store):
    doc = load(Q2)
    write_q2(store, store.begin_run("0.1.0", RULES))
    assert store.stale_documents(RULES) == []
    assert store.stale_documents("rules-v2") == [doc.meta.id]
    again = store.load_document(doc.meta.id)
    store.write_document(document_row(again), None, q2_measurements()[:2], [], "rules-v2", store.begin_run("0.1.0", "rules-v2"))
    assert store.is_current(doc.meta.id, "rules-v2")
    assert len(store.measurements()) == 2
    assert store.load_document(doc.meta.id).to_dict() == doc.to_dict()


def test_the_store_is_cumulative(store):
    run = store.begin_run("0.1.0", RULES)
    write_q2(store, run)
    hmm = load(HMM_2024)
    store.write_document(document_row(hmm), hmm, [hmm_measurement()], [], RULES, store.begin_run("0.1.0", RULES))
    assert [d["doc"] for d in store.documents()] == [load(Q2).name, hmm.name]
    assert len(store.measurements()) == 10


def test_a_changed_file_replaces_its_previous_version(store, tmp_path):
    path = tmp_path / "haarlem_2017-q2.txt"
    path.write_text(Q2.read_text(encoding="utf-8"), encoding="utf-8")
    old = read_document(path)
    run = store.begin_run("0.1.0", RULES)
    store.write_document(document_row(old), old, [], q2_mentions()[:1], RULES, run)
    path.write_text(Q2.read_text(encoding="utf-8") + "\nEen regel erbij.\n", encoding="utf-8")
    new = read_document(path)
    store.write_document(document_row(new), new, [], [], RULES, run)
    assert [d["doc_id"] for d in store.documents()] == [new.meta.id]
    assert store.mentions() == []


def test_a_crash_inside_a_write_leaves_the_old_document(store):
    run = store.begin_run("0.1.0", RULES)
    write_q2(store, run)
    before = (store.measurements(), store.mentions(), store.documents())
    broken = q2_measurements()
    broken[4].value = object()  # an extractor bug: the fifth row cannot be stored, four were already inserted
    with pytest.raises(sqlite3.Error):
        write_q2(store, store.begin_run("0.1.0", RULES), broken)
    assert (store.measurements(), store.mentions(), store.documents()) == before
    # and the store is usable afterwards
    write_q2(store, run)
    assert store.measurements() == before[0]


def test_unreadable_files_are_recorded_with_their_reason(store, tmp_path):
    empty = tmp_path / "haarlem_2017-q3_rapportage.txt"
    empty.write_bytes(b"")
    with pytest.raises(ReadError) as err:
        read_document(empty)
    run = store.begin_run("0.1.0", RULES)
    store.write_error(empty, None, err.value.reason, run)
    (row,) = store.documents()
    assert (row["doc"], row["status"], row["error"], row["doc_id"]) == (
        "haarlem_2017-q3_rapportage", "error", "empty file", f"path:{empty}")
    assert store.stale_documents("rules-v2") == []
    assert not store.is_current(row["doc_id"], RULES)
    with pytest.raises(KeyError):
        store.load_document(row["doc_id"])

    empty.write_text(Q2.read_text(encoding="utf-8"), encoding="utf-8")  # the researcher fixed the file
    doc = read_document(empty)
    store.write_document(document_row(doc), doc, [], [], RULES, run)
    assert [(d["status"], d["error"]) for d in store.documents()] == [("ok", "")]


def test_a_file_that_now_fails_replaces_its_measurements(store):
    run = store.begin_run("0.1.0", RULES)
    write_q2(store, run)
    store.write_error(load(Q2).meta.path, load(Q2).meta.id, "cannot read TEXT: decoding failed", run)
    assert store.measurements() == [] and store.mentions() == []
    assert [d["status"] for d in store.documents()] == ["error"]


def test_runs_record_counts(store):
    run = store.begin_run("0.1.0", RULES)
    store.finish_run(run, {"documents_read": 4, "documents_skipped": 0, "documents_failed": 1})
    (row,) = store.runs()
    assert (row["tool_version"], row["rules_hash"], row["documents_read"], row["documents_failed"]) == ("0.1.0", RULES, 4, 1)
    assert row["finished_at"] >= row["started_at"]
    with pytest.raises(ValueError, match="documents_lost"):
        store.finish_run(run, {"documents_lost": 1})


def test_findings_are_replaced_as_a_whole(store):
    figure = q2_measurements()[-1].to_row()
    period = Finding("period_conflict", "warning", "The text calls the Bezwaren table the first quarter; its caption says 2e kwartaal 2017.",
                     figure["doc"], [figure], "2017-04-01..2017-06-30", "eerste kwartaal van 2017")
    store.replace_findings([period, period])
    store.replace_findings([period])
    assert store.findings() == [period]


def test_an_older_store_is_upgraded(tmp_path):
    path = tmp_path / "indicators.sqlite"
    conn = store_at_version(path, 1)
    conn.execute("INSERT INTO runs (started_at, tool_version, rules_hash) VALUES ('2024-01-01T00:00:00+00:00', '0.0.1', 'old')")
    conn.execute("INSERT INTO documents (doc_id, doc, path, status, run_id, rules_hash, ingested_at) "
                 "VALUES ('abc', 'q2', 'q2.txt', 'ok', 1, 'old', '2024-01-01T00:00:00+00:00')")
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        assert store._conn.execute("SELECT version FROM schema_version").fetchone()[0] == SCHEMA_VERSION == 7
        assert store._conn.execute("SELECT municipality_code FROM documents").fetchone() == (None,)  # added, unknown
        assert store.stale_documents(RULES) == ["abc"]
        write_q2(store, 1)
        assert store.mentions() == q2_mentions()


def test_a_newer_store_is_refused(tmp_path):
    path = tmp_path / "indicators.sqlite"
    Store.open(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE schema_version SET version = 99")
    conn.close()
    with pytest.raises(StoreError, match="schema version 99 is newer"):
        Store.open(path)


def test_what_is_not_a_store_is_refused(tmp_path):
    text = tmp_path / "indicators.sqlite"
    text.write_bytes(Q2.read_bytes())
    with pytest.raises(StoreError, match="not an indicator store"):
        Store.open(text)
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE gemeenten (naam TEXT)")
    conn.close()
    with pytest.raises(StoreError, match="not an indicator store"):
        Store.open(other)
    with pytest.raises(StoreError, match="no store here"):
        Store.open(tmp_path / "missing.sqlite", create=False)
    assert not (tmp_path / "missing.sqlite").exists()


KILL_CHILD = textwrap.dedent("""
    import sys
    from extract.records import Measurement
    from extract.store.sqlite import Store

    QUOTE = "Eind 2016 bedroeg het aantal bijstandsgerechtigden 3736."
    store = Store.open(sys.argv[1])
    run = store.begin_run("test", "r")
    print("ready", flush=True)
    i = 0
    while True:
        k, n = i % 5, 1 + (i * 37) % 200
        row = {"doc_id": f"{k:064x}", "doc": f"q2-{k}", "path": f"q2-{k}.txt"}
        ms = [Measurement(f"q2-{k}", f"q2-{k}.txt", "Haarlem", "bijstand_uitkeringen", "bijstandsgerechtigden",
                          float(i), "count", None, None, dimensions={"n": str(n)}, quote=QUOTE) for _ in range(n)]
        store.write_document(row, None, ms, [], "r", run)
        i += 1
""")


def test_a_killed_writer_leaves_only_complete_documents(tmp_path):
    path = tmp_path / "indicators.sqlite"
    child = subprocess.Popen([sys.executable, "-c", KILL_CHILD, str(path)], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline() == "ready\n"
    delay = random.uniform(0.05, 0.4)
    try:
        child.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        child.kill()
    child.wait()
    child.stdout.close()
    assert child.returncode == -9, f"the writer died by itself: {child.returncode}"
    with Store.open(path) as store:
        documents = store.documents()
        assert documents, f"killed after {delay:.2f}s before any document was written"
        for d in documents:
            ms = store.measurements(doc=d["doc"])
            writes = {m.value for m in ms}
            assert len(writes) == 1, f"{d['doc']} mixes writes {writes} (killed after {delay:.2f}s)"
            assert len(ms) == int(ms[0].dimensions["n"]) == 1 + (int(ms[0].value) * 37) % 200


def test_a_version_5_store_keeps_its_figures_under_the_new_column_names(tmp_path):
    """Version 6 renamed the SQL keywords start, end, table and check; nothing stored is lost."""
    path = tmp_path / "indicators.sqlite"
    conn = store_at_version(path, 5)
    conn.execute("INSERT INTO documents (doc_id, doc, path, status, ingested_at) "
                 "VALUES ('abc', 'q2', 'q2.txt', 'ok', '2024-01-01T00:00:00Z')")
    conn.execute(
        'INSERT INTO measurements (doc_id, doc, path, indicator, label, value, unit, qualifier, kind, period_label, '
        'dimensions, quote, method, rule, confidence, start, "end", "table", provisional, total, temporal, '
        "period_source) VALUES ('abc', 'q2', 'q2.txt', 'bw.wachtlijst', 'wachtlijst', 159, 'count', '', 'actual', "
        "'Op dit moment', '{}', 'Op dit moment staan er 159 cliënten op de wachtlijst', 'prose', 'r', 0.9, 23, 26, "
        "NULL, 0, 0, 'stock', 'sentence')")
    conn.execute('INSERT INTO findings ("check", severity, message, doc, measurements, expected, stated) '
                 "VALUES ('HC004', 'error', 'm', 'q2', '[]', '', '')")
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        [m] = store.measurements()
        assert (m.value, m.start, m.end, m.table) == (159.0, 23, 26, None)
        assert [f.check for f in store.findings()] == ["HC004"]


@pytest.fixture
def shared_read_only(tmp_path):
    """A store of the Q2 figures in a folder nobody may write, as a colleague shares one."""
    folder = tmp_path / "shared"
    folder.mkdir()
    path = folder / "indicators.sqlite"
    with Store.open(path) as store:
        write_q2(store, store.begin_run("0", RULES))
    path.chmod(0o444)
    folder.chmod(0o555)
    yield path
    folder.chmod(0o755)
    path.chmod(0o644)


def test_a_read_only_store_is_read_and_left_as_it_was(shared_read_only):
    before = shared_read_only.read_bytes()
    with Store.open(shared_read_only, read_only=True) as store:
        assert {m.value for m in store.measurements()} >= {3736.0, 3835.0}
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            store._conn.execute("DELETE FROM measurements")
    assert shared_read_only.read_bytes() == before


def test_an_older_store_one_may_not_write_says_how_to_upgrade_it(tmp_path, monkeypatch):
    path = tmp_path / "indicators.sqlite"
    old = store_at_version(path, 5)
    old.commit()
    old.close()
    monkeypatch.setattr("extract.store.sqlite.os.access", lambda *args: False)  # root may write anything
    with pytest.raises(StoreError, match=r"schema version 5, this harvest reads \d+; run `harvest check` on it"):
        Store.open(path, read_only=True)


def test_an_older_store_one_may_write_is_upgraded_by_a_reader(tmp_path):
    path = tmp_path / "indicators.sqlite"
    old = store_at_version(path, 5)
    old.commit()
    old.close()
    with Store.open(path, read_only=True) as store:
        assert store.measurements() == []
    assert sqlite3.connect(path).execute("SELECT version FROM schema_version").fetchone() == (SCHEMA_VERSION,)
