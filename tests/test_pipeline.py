"""The batch on the real corpus: idempotent, re-extracts after a rule change, deterministic, kill-safe."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest
from conftest import CORPUS, ROOT

from extract.batch.pipeline import RulesRef, _extractor, ingest, process_file
from extract.ruleset.load import load_rules
from extract.store.sqlite import Store

RULES = ROOT / "rules"


def rows(store: Store) -> list[tuple]:
    """The store's measurements, comparable across runs."""
    return sorted((m.doc_id, m.indicator, m.value, m.start or 0, m.cell or (), m.period_start, m.kind)
                  for m in store.measurements())


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    path = tmp_path_factory.mktemp("ref") / "indicators.sqlite"
    with Store.open(path) as store:
        counts = ingest([CORPUS], store, load_rules(RULES), workers=1)
        return counts, rows(store)


def test_ingest_reads_the_corpus(reference):
    counts, measured = reference
    assert (counts.read, counts.failed, counts.skipped) == (5, 0, 0)
    assert counts.measurements == len(measured) > 0


def test_reingest_is_a_no_op(tmp_path, reference):
    path = tmp_path / "s.sqlite"
    rules = load_rules(RULES)
    with Store.open(path) as store:
        ingest([CORPUS], store, rules, workers=1)
        started = time.perf_counter()
        again = ingest([CORPUS], store, rules, workers=1)
        elapsed = time.perf_counter() - started
        assert (again.read, again.skipped, again.measurements) == (0, 5, 0)
        assert rows(store) == reference[1]
    print(f"re-ingest of an unchanged corpus: {elapsed:.2f}s")


def test_changed_rules_reextract_from_the_stored_documents(tmp_path):
    rules_dir = tmp_path / "rules"
    shutil.copytree(RULES, rules_dir)
    path = tmp_path / "s.sqlite"
    with Store.open(path) as store:
        ingest([CORPUS], store, load_rules(rules_dir), workers=1)
        vocabulary = rules_dir / "vocabulary.yaml"
        vocabulary.write_text(vocabulary.read_text(encoding="utf-8") + "\n# a comment changes the rules hash\n", encoding="utf-8")
        counts = ingest([CORPUS], store, load_rules(rules_dir), workers=1)
        assert (counts.read, counts.reextracted, counts.skipped) == (5, 5, 0)


def test_a_worker_with_other_rules_refuses_rather_than_stores_them_as_the_batchs(tmp_path):
    # A long-lived worker (a Dask cluster) keeps its extractor between batches. When the
    # batch's rules hash differs it reloads its folder; if the folder still holds other
    # rules (not yet synced), the document is refused with the reason, not stored as if
    # extracted with the batch's rules.
    rules_dir = tmp_path / "rules"
    shutil.copytree(RULES, rules_dir)
    before = load_rules(rules_dir)
    ref = RulesRef(str(rules_dir), before.hash)
    assert _extractor(ref).rules.hash == before.hash
    vocabulary = rules_dir / "vocabulary.yaml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8") + "\n# the batch's edit\n", encoding="utf-8")
    after = load_rules(rules_dir)
    assert _extractor(RulesRef(str(rules_dir), after.hash)).rules.hash == after.hash  # reloaded
    result = process_file(str(CORPUS / "haarlemmermeer_2024_jaarverslag-sociaal-domein.txt"), ref)
    assert result.rows is None
    assert f"(hash {after.hash[:12]}) are not the batch's (hash {before.hash[:12]})" in result.error


def test_two_workers_give_the_same_store(tmp_path, reference):
    with Store.open(tmp_path / "s.sqlite") as store:
        counts = ingest([CORPUS], store, load_rules(RULES), workers=2)
        assert counts.read == 5
        assert rows(store) == reference[1]


def test_killed_ingest_leaves_only_complete_documents(tmp_path, reference):
    """SIGKILL `harvest ingest` mid-batch: the store opens, holds whole documents only, and a re-run completes it."""
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    store_path = tmp_path / "s.sqlite"
    command = [sys.executable, "-m", "extract.cli", "ingest", str(corpus), "--store", str(store_path),
               "--rules", str(RULES), "--workers", "1", "-q"]
    expected = Counter(r[0] for r in reference[1])
    for delay in (2.6, 3.2, 3.8):
        proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        with Store.open(store_path) as store:
            present = Counter(m.doc_id for m in store.measurements())
            for doc_id, n in present.items():
                assert n == expected[doc_id], f"document {doc_id[:12]} is incomplete after SIGKILL"
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    with Store.open(store_path) as store:
        assert rows(store) == reference[1]
        assert all(d["status"] == "ok" for d in store.documents())
