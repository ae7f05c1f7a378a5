"""The indicator store: one SQLite file (default ``output/indicators.sqlite``).

SQLite because researchers open it with any SQLite tool and no server is needed.
The store is cumulative: a re-run adds and replaces documents but never deletes a
document just because it was not in that run (ingesting one folder after another
builds one store). Per file path the latest outcome wins: a changed file (new
sha256 at the same path) replaces its previous version, and a file that now fails
replaces its earlier rows with an error row.

Every write of a document is one transaction (delete its old rows, insert the new
ones), so a crash or a kill leaves either the old document or the new one, never
half of one. The Document model is kept as zlib-compressed JSON so that changed
rules can re-extract (:meth:`Store.stale_documents`) without re-reading files.

The schema is versioned: ``schema_version`` holds the version, :data:`MIGRATIONS`
the ordered steps. Opening an older store upgrades it; a newer one is refused.
"""

from __future__ import annotations

import json
import os
import sqlite3
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from itertools import groupby
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..documents.errors import path_text
from ..errors import HarvestError
from ..model import Document
from ..records import Finding, Measurement, MentionRecord

DEFAULT_PATH = Path("output") / "indicators.sqlite"

#: the views of schema version 6, by name (kept whole: migration 7 rebuilds documents under them)
_VIEWS_V6 = {
    # the typed figures with a period, in the order of a time series
    "series": """CREATE VIEW series AS
        SELECT m.indicator, m.municipality, m.municipality_code, m.geography, m.dimensions, m.kind, m.unit,
               m.period_start, m.period_end, m.period_label, m.value, m.low, m.high, m.qualifier,
               m.doc, d.date AS doc_date, m.page, m.line, m.quote, m.id AS measurement_id
        FROM measurements m JOIN documents d ON d.doc_id = m.doc_id
        WHERE m.indicator <> '' AND m.period_end IS NOT NULL
        ORDER BY m.indicator, m.municipality, m.geography, m.dimensions, m.kind, m.unit,
                 m.period_end, m.period_start DESC, d.date""",
    # per series, the figure of the latest period: the widest period ending then, as the
    # latest report states it
    "latest_values": """CREATE VIEW latest_values AS
        SELECT indicator, municipality, municipality_code, geography, dimensions, kind, unit, period_start,
               period_end, period_label, value, low, high, qualifier, doc, doc_date, page, line, quote,
               measurement_id
        FROM (SELECT s.*, row_number() OVER (
                PARTITION BY indicator, municipality, geography, dimensions, kind, unit
                ORDER BY period_end DESC, period_start, doc_date DESC, measurement_id DESC) AS latest
              FROM series s)
        WHERE latest = 1""",
    # one row per finding and figure it involves (the findings keep them as a JSON list)
    "finding_evidence": """CREATE VIEW finding_evidence AS
        SELECT f.finding_id, f.check_code, f.severity, json_extract(e.value, '$.role') AS role,
               json_extract(e.value, '$.doc') AS doc,
               (SELECT d.municipality FROM documents d WHERE d.doc = json_extract(e.value, '$.doc')
                ORDER BY d.ingested_at DESC LIMIT 1) AS municipality,
               json_extract(e.value, '$.indicator') AS indicator, json_extract(e.value, '$.value') AS value,
               json_extract(e.value, '$.unit') AS unit, json_extract(e.value, '$.kind') AS kind,
               json_extract(e.value, '$.period_start') AS period_start, json_extract(e.value, '$.period_end') AS period_end,
               json_extract(e.value, '$.geography') AS geography, json_extract(e.value, '$.page') AS page,
               json_extract(e.value, '$.line') AS line, json_extract(e.value, '$.quote') AS quote
        FROM findings f, json_each(f.measurements) e
        ORDER BY f.id, e.key""",
    # the same figure (indicator, place, breakdown, kind, unit, period) in two documents, and
    # whether they agree (equal, or within the rounding both allow)
    "cross_document_pairs": """CREATE VIEW cross_document_pairs AS
        SELECT a.indicator, a.municipality, a.geography, a.dimensions, a.kind, a.unit, a.period_start,
               a.period_end, a.doc AS doc_a, a.value AS value_a, a.page AS page_a, a.line AS line_a,
               a.quote AS quote_a, b.doc AS doc_b, b.value AS value_b, b.page AS page_b, b.line AS line_b,
               b.quote AS quote_b,
               (a.value = b.value OR (coalesce(a.low, a.value) <= coalesce(b.high, b.value)
                                      AND coalesce(b.low, b.value) <= coalesce(a.high, a.value))) AS agrees,
               a.id AS measurement_a, b.id AS measurement_b
        FROM measurements a JOIN measurements b
          ON b.indicator = a.indicator AND b.doc_id > a.doc_id AND b.municipality IS a.municipality
         AND b.geography IS a.geography AND b.dimensions = a.dimensions AND b.kind = a.kind
         AND b.unit = a.unit AND b.period_start = a.period_start AND b.period_end = a.period_end
        WHERE a.indicator <> ''""",
}
#: the views that read the documents table
_ON_DOCUMENTS = ("series", "latest_values", "finding_evidence")

#: migration n (1-based) brings a store from version n-1 to n; never edit a released step, append one
MIGRATIONS: list[tuple[str, ...]] = [
    # 1: documents, runs and measurements: what ingest writes
    (
        """CREATE TABLE documents (
            doc_id TEXT PRIMARY KEY, doc TEXT NOT NULL, path TEXT NOT NULL, format TEXT, title TEXT,
            municipality TEXT, region TEXT, doc_type TEXT, period_start TEXT, period_end TEXT,
            period_label TEXT, date TEXT, reference TEXT, pages INTEGER,
            status TEXT NOT NULL CHECK (status IN ('ok', 'error')), error TEXT NOT NULL DEFAULT '',
            rules_hash TEXT, run_id INTEGER REFERENCES runs(run_id), document_json BLOB,
            ingested_at TEXT NOT NULL)""",
        "CREATE INDEX documents_path ON documents(path)",
        """CREATE TABLE runs (
            run_id INTEGER PRIMARY KEY AUTOINCREMENT, started_at TEXT NOT NULL, finished_at TEXT,
            tool_version TEXT NOT NULL, rules_hash TEXT NOT NULL, documents_read INTEGER,
            documents_skipped INTEGER, documents_failed INTEGER)""",
        """CREATE TABLE measurements (
            id INTEGER PRIMARY KEY,
            doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
            doc TEXT NOT NULL, path TEXT NOT NULL, municipality TEXT, indicator TEXT NOT NULL,
            label TEXT NOT NULL, value REAL NOT NULL, unit TEXT NOT NULL, low REAL, high REAL,
            qualifier TEXT NOT NULL, kind TEXT NOT NULL, period_start TEXT, period_end TEXT,
            period_label TEXT NOT NULL, geography TEXT, dimensions TEXT NOT NULL, page INTEGER,
            line INTEGER, quote TEXT NOT NULL, method TEXT NOT NULL, rule TEXT NOT NULL,
            confidence REAL NOT NULL, start INTEGER, "end" INTEGER, cell_row INTEGER, cell_col INTEGER,
            "table" INTEGER, provisional INTEGER NOT NULL, total INTEGER NOT NULL,
            temporal TEXT NOT NULL, period_source TEXT NOT NULL)""",
        "CREATE INDEX measurements_doc ON measurements(doc_id)",
        "CREATE INDEX measurements_indicator ON measurements(indicator)",
        "CREATE INDEX measurements_municipality ON measurements(municipality)",
        "CREATE INDEX measurements_period ON measurements(period_start, period_end)",
    ),
    # 2: mentions (rule coverage) and findings (consistency checks)
    (
        """CREATE TABLE mentions (
            id INTEGER PRIMARY KEY,
            doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
            doc TEXT NOT NULL, text TEXT NOT NULL, value REAL, page INTEGER, line INTEGER,
            status TEXT NOT NULL, reason TEXT NOT NULL, start INTEGER, context TEXT NOT NULL)""",
        "CREATE INDEX mentions_doc ON mentions(doc_id)",
        """CREATE TABLE findings (
            id INTEGER PRIMARY KEY, "check" TEXT NOT NULL, severity TEXT NOT NULL, message TEXT NOT NULL,
            doc TEXT NOT NULL, measurements TEXT NOT NULL, expected TEXT NOT NULL, stated TEXT NOT NULL)""",
    ),
    # 3: the CBS code of every document's municipality, and where the municipality was found
    (
        "ALTER TABLE documents ADD COLUMN municipality_code TEXT",
        "ALTER TABLE documents ADD COLUMN municipality_source TEXT",
        "ALTER TABLE measurements ADD COLUMN municipality_code TEXT",
    ),
    # 4: a finding's stable id and the researcher's review of it
    (
        "ALTER TABLE findings ADD COLUMN finding_id TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE findings ADD COLUMN review TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE findings ADD COLUMN review_note TEXT NOT NULL DEFAULT ''",
    ),
    # 5: how certain a finding is
    ("ALTER TABLE findings ADD COLUMN confidence REAL NOT NULL DEFAULT 1.0",),
    # 6: no SQL keywords as column names, the indicators of the latest run's rules, and views for
    # the questions researchers ask first
    (
        'ALTER TABLE measurements RENAME COLUMN "start" TO start_offset',
        'ALTER TABLE measurements RENAME COLUMN "end" TO end_offset',
        'ALTER TABLE measurements RENAME COLUMN "table" TO table_index',
        'ALTER TABLE mentions RENAME COLUMN "start" TO start_offset',
        'ALTER TABLE findings RENAME COLUMN "check" TO check_code',
        """CREATE TABLE indicators (
            indicator TEXT PRIMARY KEY, label TEXT NOT NULL, domain TEXT, unit TEXT, quantity TEXT,
            bbv_number INTEGER, bbv_name TEXT, description TEXT, definition_source TEXT, rule_file TEXT)""",
        *_VIEWS_V6.values(),
    ),
    # 7: a document can be stored as partial (its reader could not read all of it; ``error`` says
    # what). SQLite cannot change a CHECK, so the table is rebuilt under its views (foreign keys
    # are off during migrations, so its measurements stay)
    (
        *(f"DROP VIEW {name}" for name in _ON_DOCUMENTS),
        """CREATE TABLE documents_v7 (
            doc_id TEXT PRIMARY KEY, doc TEXT NOT NULL, path TEXT NOT NULL, format TEXT, title TEXT,
            municipality TEXT, region TEXT, doc_type TEXT, period_start TEXT, period_end TEXT,
            period_label TEXT, date TEXT, reference TEXT, pages INTEGER,
            status TEXT NOT NULL CHECK (status IN ('ok', 'partial', 'error')), error TEXT NOT NULL DEFAULT '',
            rules_hash TEXT, run_id INTEGER REFERENCES runs(run_id), document_json BLOB,
            ingested_at TEXT NOT NULL, municipality_code TEXT, municipality_source TEXT)""",
        "INSERT INTO documents_v7 SELECT doc_id, doc, path, format, title, municipality, region, doc_type, period_start,"
        " period_end, period_label, date, reference, pages, status, error, rules_hash, run_id, document_json,"
        " ingested_at, municipality_code, municipality_source FROM documents",
        "DROP TABLE documents",
        "ALTER TABLE documents_v7 RENAME TO documents",
        "CREATE INDEX documents_path ON documents(path)",
        *(_VIEWS_V6[name] for name in _ON_DOCUMENTS),
    ),
]
SCHEMA_VERSION = len(MIGRATIONS)

#: the columns of a document's metadata (``write_document``'s meta_row)
META_COLUMNS = [
    "doc", "path", "doc_id", "format", "title", "municipality", "municipality_code", "municipality_source",
    "region", "doc_type", "period_start", "period_end", "period_label", "date", "reference", "pages",
]
#: the ``documents`` rows as :meth:`Store.documents` returns them (all but the stored JSON)
DOCUMENT_COLUMNS = [*META_COLUMNS, "status", "error", "rules_hash", "run_id", "ingested_at"]
RUN_COUNTS = ("documents_read", "documents_skipped", "documents_failed")

#: the records' field names that are SQL keywords, and the store's columns for them (the exports
#: keep the contract's names)
STORE_NAMES = {"start": "start_offset", "end": "end_offset", "table": "table_index", "check": "check_code"}
#: and back: the contract's name of a store column
CONTRACT_NAMES = {store: contract for contract, store in STORE_NAMES.items()}

_MEASUREMENT_FIELDS = [f.name for f in fields(Measurement) if f.name != "cell"]
_MEASUREMENT_COLUMNS = [*(STORE_NAMES.get(n, n) for n in _MEASUREMENT_FIELDS), "cell_row", "cell_col"]
_MENTION_FIELDS = [f.name for f in fields(MentionRecord)]
_MENTION_COLUMNS = [STORE_NAMES.get(n, n) for n in _MENTION_FIELDS]
_FINDING_FIELDS = [f.name for f in fields(Finding)]


class StoreError(HarvestError):
    """A store that cannot be used (not a store, from a newer version, missing)."""


def document_row(doc: Document) -> dict[str, Any]:
    """The meta_row of :meth:`Store.write_document` for a document read from a file."""
    meta, period = doc.meta, doc.meta.period
    return {
        "doc": doc.name, "path": meta.path, "doc_id": meta.id, "format": meta.format, "title": meta.title,
        "municipality": meta.municipality, "municipality_code": meta.municipality_code,
        "municipality_source": meta.municipality_source, "region": meta.region, "doc_type": meta.doc_type,
        "period_start": period.start if period else None, "period_end": period.end if period else None,
        "period_label": period.label if period else None, "date": meta.date, "reference": meta.reference,
        "pages": meta.pages,
    }


@dataclass
class DocumentRows:
    """One document as the store writes it, built where it was extracted.

    A worker builds these (rows as tuples, the Document model as compressed JSON) so
    that the batch's single writer only runs SQL: serialising the model took more
    than half of the writer's time per document.
    """

    meta_row: dict[str, Any]
    document_json: bytes | None  # zlib-compressed Document JSON; None keeps the stored one
    measurements: list[tuple]  # in the order of _MEASUREMENT_COLUMNS
    mentions: list[tuple]  # in the order of _MENTION_FIELDS
    truncated: list[str] = field(default_factory=list)  # what could not be read: stored as partial

    @property
    def measurement_count(self) -> int:
        return len(self.measurements)


def document_rows(meta_row: Mapping[str, Any], document: Document | None, measurements: list[Measurement],
                  mentions: list[MentionRecord], truncated: list[str] | None = None) -> DocumentRows:
    """Check and serialise one document's records for :meth:`Store.write_rows`; ``truncated``
    (what its reader could not read) stores it as ``partial``, with that as its ``error``."""
    unknown = set(meta_row) - set(META_COLUMNS)
    if unknown:
        raise ValueError(f"unknown document columns: {', '.join(sorted(unknown))}")
    doc_id = meta_row["doc_id"]
    return DocumentRows(
        dict(meta_row),
        _compress(document) if document is not None else None,
        [_measurement_values(m, doc_id) for m in measurements],
        [_mention_values(n, doc_id) for n in mentions],
        list(truncated or []),
    )


class Store:
    """A connection to one store file; use :meth:`open`, preferably as a context manager."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path

    @classmethod
    def open(cls, path: str | Path = DEFAULT_PATH, *, create: bool = True, read_only: bool = False) -> Store:
        """Open (or create) a store and bring its schema up to date.

        ``create=False`` is for readers (export, frames): a missing store is an error,
        not a silently created empty one. ``read_only=True`` (export, show, frames) never
        writes, so a store shared read-only can be read; it must be of this schema.
        """
        path = Path(path)
        if read_only:
            return cls._open_read_only(path)
        if not path.exists():
            if not create:
                raise StoreError(f"{path}: no store here (run `harvest ingest` first)")
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise StoreError(f"{path}: cannot make the store's folder ({err.strerror or err})") from None
        try:  # autocommit mode: every transaction is an explicit BEGIN ... COMMIT below
            conn = sqlite3.connect(path, isolation_level=None, timeout=30)
        except sqlite3.Error as err:
            raise StoreError(f"{path}: cannot open the store ({err})") from None
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            _migrate(conn, path)
        except sqlite3.OperationalError as err:
            conn.close()
            raise StoreError(f"{path}: cannot use the store ({err}; is it read-only, or the disk full?)") from None
        except sqlite3.DatabaseError as err:
            conn.close()
            raise StoreError(f"{path}: not an indicator store ({err})") from None
        except StoreError:
            conn.close()
            raise
        return cls(conn, path)

    @classmethod
    def _open_read_only(cls, path: Path) -> Store:
        """SQLite reads a WAL store only where it may write its shared-memory file beside it; a
        store in a folder one cannot write is read as an unchanging snapshot (``immutable``)."""
        if not path.is_file():
            raise StoreError(f"{path}: no store here (run `harvest ingest` first)")
        uri = "file:" + quote(str(path.resolve())) + "?mode=ro"
        conn = None
        try:
            for suffix in ("", "&immutable=1"):
                conn = sqlite3.connect(uri + suffix, uri=True, isolation_level=None, timeout=30)
                try:
                    version = _version(conn, path, create=False)
                    break
                except sqlite3.OperationalError:
                    conn.close()
                    if suffix:
                        raise
        except sqlite3.DatabaseError as err:
            raise StoreError(f"{path}: cannot read the store ({err})") from None
        if version != SCHEMA_VERSION:
            conn.close()
            if version < SCHEMA_VERSION and os.access(path, os.W_OK) and os.access(path.parent, os.W_OK):
                return cls.open(path, create=False)  # an older store one may write is upgraded, as by any command
            newer = "upgrade the extract package" if version > SCHEMA_VERSION else \
                "run `harvest check` on it once with write access to upgrade it"
            raise StoreError(f"{path}: store schema version {version}, this harvest reads {SCHEMA_VERSION}; {newer}")
        conn.execute("PRAGMA query_only=ON")
        return cls(conn, path)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """All or nothing: IMMEDIATE takes the write lock up front, so parallel writers queue."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                if self._conn.in_transaction:  # SQLite has rolled back itself after some errors (a full disk)
                    self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
        except sqlite3.OperationalError as err:  # a full disk, a read-only file, a lock held too long
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise StoreError(f"{self.path}: cannot write the store ({err})") from None

    # runs

    def begin_run(self, tool_version: str, rules_hash: str, indicators: list[dict[str, Any]] | None = None) -> int:
        """Record a run; ``indicators`` (the codebook of its rules, one dict per indicator) replace
        the ``indicators`` table, so that it describes the rules the latest run used."""
        with self._transaction() as tx:
            cur = tx.execute(
                "INSERT INTO runs (started_at, tool_version, rules_hash) VALUES (?, ?, ?)",
                (_now(), tool_version, rules_hash),
            )
            if indicators is not None:
                tx.execute("DELETE FROM indicators")
                _insert(tx, "indicators", indicators)
        return int(cur.lastrowid)

    def finish_run(self, run_id: int, counts: Mapping[str, int]) -> None:
        """Close a run with its counts (keys: documents_read, documents_skipped, documents_failed)."""
        unknown = set(counts) - set(RUN_COUNTS)
        if unknown:
            raise ValueError(f"unknown run counts: {', '.join(sorted(unknown))}")
        with self._transaction() as tx:
            tx.execute(
                "UPDATE runs SET finished_at = ?, documents_read = ?, documents_skipped = ?, documents_failed = ?"
                " WHERE run_id = ?",
                (_now(), *(counts.get(k, 0) for k in RUN_COUNTS), run_id),
            )

    def runs(self) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM runs ORDER BY run_id")

    # documents

    def is_current(self, doc_id: str, rules_hash: str) -> bool:
        """True when this document was ingested without error under these rules: skip it."""
        row = self._conn.execute(
            "SELECT 1 FROM documents WHERE doc_id = ? AND rules_hash = ? AND status IN ('ok', 'partial')",
            (doc_id, rules_hash)
        ).fetchone()
        return row is not None

    def stale_documents(self, rules_hash: str) -> list[str]:
        """Documents ingested under other rules: re-extract them from :meth:`load_document`."""
        rows = self._conn.execute(
            "SELECT doc_id FROM documents WHERE status IN ('ok', 'partial') AND rules_hash IS NOT ? ORDER BY doc, doc_id",
            (rules_hash,),
        )
        return [r[0] for r in rows]

    def write_document(
        self,
        meta_row: Mapping[str, Any],
        document: Document | None,
        measurements: list[Measurement],
        mentions: list[MentionRecord],
        rules_hash: str,
        run_id: int,
    ) -> None:
        """Replace everything of one document in one transaction.

        ``meta_row`` has the keys of :data:`META_COLUMNS` (see :func:`document_row`).
        ``document=None`` keeps the stored Document JSON: the re-extraction path, where
        only the rules changed. Rows of an earlier version at the same path go too.
        """
        self.write_rows(document_rows(meta_row, document, measurements, mentions), rules_hash, run_id)

    def write_rows(self, rows: DocumentRows, rules_hash: str, run_id: int) -> None:
        """:meth:`write_document` for rows prepared by :func:`document_rows` (in a worker)."""
        doc_id = rows.meta_row["doc_id"]
        with self._transaction() as tx:
            blob = rows.document_json if rows.document_json is not None else self._stored_json(doc_id)
            row = {**dict.fromkeys(META_COLUMNS), **rows.meta_row, "status": "partial" if rows.truncated else "ok",
                   "error": "; ".join(rows.truncated),
                   "rules_hash": rules_hash, "run_id": run_id, "document_json": blob, "ingested_at": _now()}
            self._replace_document(tx, row)
            _insert_values(tx, "measurements", _MEASUREMENT_COLUMNS, rows.measurements)
            _insert_values(tx, "mentions", _MENTION_COLUMNS, rows.mentions)

    def write_error(self, path: str | Path, doc_id: str | None, reason: str, run_id: int) -> None:
        """Record a document that could not be read, replacing what the store had of that file.

        A file refused before hashing (empty, too large, unsupported) has no sha256;
        its row is keyed ``path:<path>`` instead.
        """
        path = Path(path_text(path))
        row = {**dict.fromkeys(META_COLUMNS), "doc_id": doc_id or f"path:{path}", "doc": path.stem,
               "path": str(path), "status": "error", "error": reason, "rules_hash": None, "run_id": run_id,
               "document_json": None, "ingested_at": _now()}
        with self._transaction() as tx:
            self._replace_document(tx, row)

    def _replace_document(self, tx: sqlite3.Connection, row: dict[str, Any]) -> None:
        """Delete the document (and an earlier version at its path; rows cascade), insert the new row."""
        tx.execute("DELETE FROM documents WHERE doc_id = ? OR path = ?", (row["doc_id"], row["path"]))
        _insert(tx, "documents", [row])

    def _stored_json(self, doc_id: str) -> bytes | None:
        row = self._conn.execute("SELECT document_json FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def load_document(self, doc_id: str) -> Document:
        """The Document model as it was read, without touching the file."""
        blob = self._stored_json(doc_id)
        if blob is None:
            raise KeyError(f"no stored document {doc_id!r} in {self.path}")
        return Document.from_dict(json.loads(zlib.decompress(blob)))

    def documents(self) -> list[dict[str, Any]]:
        return list(self.iter_documents())

    def iter_documents(self) -> Iterator[dict[str, Any]]:
        cols = ", ".join(_quote(c) for c in DOCUMENT_COLUMNS)
        return self._iter_rows(f"SELECT {cols} FROM documents ORDER BY doc, path, doc_id")

    # records: a list each, and an iterator that reads them from a cursor (an export of a
    # country's store never holds a table in memory)

    def measurements(
        self, *, indicator: str | None = None, municipality: str | None = None, doc: str | None = None
    ) -> list[Measurement]:
        """Measurements in document order (doc, then as extracted), optionally filtered."""
        return list(self.iter_measurements(indicator=indicator, municipality=municipality, doc=doc))

    def iter_measurements(
        self, *, indicator: str | None = None, municipality: str | None = None, doc: str | None = None
    ) -> Iterator[Measurement]:
        filters = {"indicator": indicator, "municipality": municipality, "doc": doc}
        where = [f"{_quote(k)} = :{k}" for k, v in filters.items() if v is not None]
        sql = "SELECT * FROM measurements" + (" WHERE " + " AND ".join(where) if where else "")
        return map(_measurement, self._iter_rows(sql + " ORDER BY doc, doc_id, id", filters))

    def measurements_by_municipality(self) -> Iterator[list[Measurement]]:
        """The measurements one municipality at a time (those without one together), each
        group in document order: what the checks compare, without the whole table in memory."""
        rows = self._iter_rows("SELECT * FROM measurements ORDER BY municipality, doc, doc_id, id")
        for _, group in groupby(map(_measurement, rows), key=lambda m: m.municipality):
            yield list(group)

    def count(self, table: str, where: str = "") -> int:
        """Rows of one of the store's tables (``where``: a fixed SQL condition, never user text)."""
        if table not in ("documents", "measurements", "mentions", "findings", "indicators"):
            raise ValueError(f"not a table of the store: {table!r}")
        return self._conn.execute(f"SELECT count(*) FROM {table}" + (f" WHERE {where}" if where else "")).fetchone()[0]

    def measured(self, column: str) -> list[str]:
        """The distinct non-empty values of one of the measurements' name columns (indicator,
        municipality, geography, doc), for matching what a researcher types against them."""
        if column not in ("indicator", "municipality", "geography", "doc"):
            raise ValueError(f"not a name column of measurements: {column!r}")
        sql = f"SELECT DISTINCT {_quote(column)} FROM measurements WHERE {_quote(column)} <> '' ORDER BY 1"
        return [r[0] for r in self._conn.execute(sql)]

    def indicators(self) -> list[dict[str, Any]]:
        """The codebook of the rules of the latest run (empty before the first run)."""
        return self._rows("SELECT * FROM indicators ORDER BY indicator")

    def mentions(self, *, reasons: tuple[str, ...] | None = None) -> list[MentionRecord]:
        """Mentions in document order; with ``reasons``, only the numbers kept out for one of them."""
        return list(self.iter_mentions(reasons=reasons))

    def iter_mentions(self, *, reasons: tuple[str, ...] | None = None) -> Iterator[MentionRecord]:
        if reasons is not None and not reasons:
            return iter(())
        where = f" WHERE reason IN ({', '.join('?' * len(reasons))})" if reasons is not None else ""
        rows = self._iter_rows(f"SELECT * FROM mentions{where} ORDER BY doc, doc_id, id", tuple(reasons or ()))
        return (MentionRecord(**{k: r[STORE_NAMES.get(k, k)] for k in _MENTION_FIELDS}) for r in rows)

    def findings(self) -> list[Finding]:
        return list(self.iter_findings())

    def iter_findings(self) -> Iterator[Finding]:
        rows = self._iter_rows("SELECT * FROM findings ORDER BY id")
        return (Finding(**{**{k: r[STORE_NAMES.get(k, k)] for k in _FINDING_FIELDS},
                           "measurements": json.loads(r["measurements"])}) for r in rows)

    def finding_evidence(self) -> list[dict[str, Any]]:
        """The ``finding_evidence`` view: one row per finding and figure, with the contract's names."""
        return list(self.iter_finding_evidence())

    def iter_finding_evidence(self) -> Iterator[dict[str, Any]]:
        return map(_contract_names, self._iter_rows("SELECT * FROM finding_evidence"))

    def replace_findings(self, findings: list[Finding]) -> None:
        """Findings are recomputed as a whole by each check run."""
        rows = [_store_names({**asdict(f), "measurements": _json(f.measurements)}) for f in findings]
        with self._transaction() as tx:
            tx.execute("DELETE FROM findings")
            _insert(tx, "findings", rows)

    def _rows(self, sql: str, params: Mapping[str, Any] | tuple = ()) -> list[dict[str, Any]]:
        return list(self._iter_rows(sql, params))

    def _iter_rows(self, sql: str, params: Mapping[str, Any] | tuple = ()) -> Iterator[dict[str, Any]]:
        """Rows as dicts, read from the cursor as they are asked for (SQLite steps its query
        per row; the statement runs here, so a wrong one fails before the first row)."""
        cur = self._conn.execute(sql, params)
        names = [d[0] for d in cur.description]
        return (dict(zip(names, r, strict=True)) for r in cur)


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Apply the missing migrations in one transaction, with foreign keys off (a rebuilt table
    must not take its children with it) and checked before the commit."""
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = _version(conn, path)
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{path}: store schema version {version} is newer than this harvest understands "
                f"({SCHEMA_VERSION}); upgrade the extract package"
            )
        for number in range(version + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[number - 1]:
                conn.execute(statement)
            conn.execute("UPDATE schema_version SET version = ?", (number,))
        if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
            raise StoreError(f"{path}: a damaged store: rows refer to documents or runs it does not hold")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    conn.execute("PRAGMA foreign_keys=ON")


def _version(conn: sqlite3.Connection, path: Path, create: bool = True) -> int:
    """The schema version; a new empty file gets version 0, a foreign database is refused."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "schema_version" in tables:
        rows = conn.execute("SELECT version FROM schema_version").fetchall()
        if len(rows) != 1 or not isinstance(rows[0][0], int):
            raise StoreError(f"{path}: a damaged store: its schema_version table should hold one version number, "
                             f"it holds {[r[0] for r in rows]!r}")
        return rows[0][0]
    if tables or not create:
        raise StoreError(f"{path}: an SQLite database, but not an indicator store (no schema_version table)")
    conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    conn.execute("INSERT INTO schema_version VALUES (0)")
    return 0


def _insert(tx: sqlite3.Connection, table: str, rows: list[dict[str, Any]]) -> None:
    """Rows as dicts, with the keys of the first row as the columns."""
    if rows:
        names = list(rows[0])
        _insert_values(tx, table, names, [tuple(row[n] for n in names) for row in rows])


def _insert_values(tx: sqlite3.Connection, table: str, columns: list[str], rows: list[tuple]) -> None:
    if rows:
        tx.executemany(f"INSERT INTO {table} ({', '.join(_quote(n) for n in columns)}) "
                       f"VALUES ({', '.join('?' * len(columns))})", rows)


def _measurement_values(m: Measurement, doc_id: str) -> tuple:
    """A measurement's row in the order of _MEASUREMENT_COLUMNS."""
    if m.doc_id and m.doc_id != doc_id:
        raise ValueError(f"measurement of document {m.doc_id} written under {doc_id}")
    special = {"doc_id": doc_id, "dimensions": _json(m.dimensions)}
    cell = m.cell if m.cell else (None, None)
    return (*(special[n] if n in special else getattr(m, n) for n in _MEASUREMENT_FIELDS), *cell)


def _store_names(row: dict[str, Any]) -> dict[str, Any]:
    return {STORE_NAMES.get(k, k): v for k, v in row.items()}


def _contract_names(row: dict[str, Any]) -> dict[str, Any]:
    return {CONTRACT_NAMES.get(k, k): v for k, v in row.items()}


def _measurement(row: dict[str, Any]) -> Measurement:
    values = {name: row[STORE_NAMES.get(name, name)] for name in _MEASUREMENT_FIELDS}
    values["dimensions"] = json.loads(row["dimensions"])
    values["provisional"], values["total"] = bool(row["provisional"]), bool(row["total"])
    values["cell"] = (row["cell_row"], row["cell_col"]) if row["cell_row"] is not None else None
    return Measurement(**values)


def _mention_values(n: MentionRecord, doc_id: str) -> tuple:
    """A mention's row in the order of _MENTION_FIELDS."""
    if n.doc_id and n.doc_id != doc_id:
        raise ValueError(f"mention of document {n.doc_id} written under {doc_id}")
    return tuple(doc_id if name == "doc_id" else getattr(n, name) for name in _MENTION_FIELDS)


def _compress(document: Document) -> bytes:
    return zlib.compress(_json(document.to_dict()).encode("utf-8"))


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _quote(name: str) -> str:
    """Quoted, so that a column name is never read as SQL (stores before version 6 used keywords)."""
    return f'"{name}"'


def _now() -> str:
    """UTC in the form Frictionless reads as a datetime by default."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
