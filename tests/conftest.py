from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
RENDITIONS = ROOT / "tests" / "fixtures" / "renditions"

Q2 = CORPUS / "haarlem_2017-q2_rapportage-sociaal-domein.txt"
JAARVERSLAG = CORPUS / "haarlem_2017_jaarverslag-sociaal-domein.txt"
RAADSBRIEF = CORPUS / "haarlemmermeer_2017-06_raadsbrief-sociaal-domein.md"
HMM_2024 = CORPUS / "haarlemmermeer_2024_jaarverslag-sociaal-domein.txt"
UITVOERINGSPROGRAMMA = CORPUS / "haarlem-regio_2017-03_uitvoeringsprogramma-opvang-wonen-herstel.md"
CORPUS_FILES = [Q2, JAARVERSLAG, RAADSBRIEF, HMM_2024, UITVOERINGSPROGRAMMA]


@cache
def load(path: Path):
    """Read a document once per test session (readers are deterministic)."""
    from extract.documents import read_document

    return read_document(path)


@pytest.fixture(scope="session")
def corpus_docs():
    return {p.name: load(p) for p in CORPUS_FILES}


def table_with(doc, text: str):
    """The table containing a cell with exactly this text."""
    for t in doc.tables():
        if any(c.text == text for c in t.cells):
            return t
    raise AssertionError(f"no table with a cell {text!r}")


def sentence(doc, start: str):
    """The first sentence starting with ``start``, with its block."""
    for block, s in doc.sentences():
        if s.text.startswith(start):
            return block, s
    raise AssertionError(f"no sentence starting {start!r}")


def store_at_version(path: Path, version: int):
    """An SQLite connection to a new store built by the first ``version`` migrations only, as an
    older harvest left it: for tests that open it with today's Store and check the upgrade."""
    import sqlite3

    from extract.store.sqlite import MIGRATIONS

    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    conn.execute("INSERT INTO schema_version VALUES (?)", (version,))
    for statement in (s for step in MIGRATIONS[:version] for s in step):
        conn.execute(statement)
    return conn
