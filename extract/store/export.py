"""Exports of the store in the columns of the contract (DESIGN.md, "Export columns").

Tidy long format: one measurement (mention, finding, document) per row, the
contract's columns in the contract's order, in every format. The provenance
columns beyond the contract (``doc_id``, offsets, table cell, markers, ...) are
appended only on request (``all_columns=True``, ``harvest export --all-columns``),
in every format alike, so that switching format never changes the table.

Formats: CSV (UTF-8, ``.`` decimals, ISO dates, JSON text for objects and lists,
empty cell for a missing value), JSON Lines (objects and lists nested, ``null``
for missing) and Parquet (explicit schema; objects and lists as JSON text).
Files are written to a temporary name and renamed, so a reader never sees half an
export. :func:`write_datapackage` describes the exports of a folder as a
Frictionless data package.
"""

from __future__ import annotations

import csv
import json
import math
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from .columns import CODEBOOK, FIELDS, FOREIGN_KEYS, PRIMARY_KEYS, RESOURCES, codebook_rows, columns
from .sqlite import Store

WHATS = ("measurements", "findings", "finding_evidence", "mentions", "documents")
FORMATS = ("csv", "jsonl", "parquet")
#: CSV dialects: "plain" (",", "." decimals, UTF-8) and "nl" for Dutch Excel (";", decimal commas, a BOM)
DIALECTS = ("plain", "nl")

_MEDIA = {"csv": "text/csv", "jsonl": "application/x-ndjson", "parquet": "application/vnd.apache.parquet"}


@dataclass(frozen=True)
class Selection:
    """Which measurements an export keeps (also the figures of ``finding_evidence``): of one
    indicator, municipality or kind, typed only, or with a period that overlaps
    ``start``..``end`` (ISO dates; a figure without a period is left out by a period filter).
    Names are compared in any case."""

    indicator: str | None = None
    municipality: str | None = None
    kind: str | None = None
    start: str | None = None
    end: str | None = None
    typed: bool = False

    def keeps(self, row: dict[str, Any]) -> bool:
        if self.typed and not row.get("indicator"):
            return False
        for key in ("indicator", "municipality", "kind"):
            wanted = getattr(self, key)
            if wanted is not None and str(row.get(key) or "").casefold() != wanted.casefold():
                return False
        if self.start or self.end:
            first, last = row.get("period_start"), row.get("period_end")
            if not first or not last or (self.end and first > self.end) or (self.start and last < self.start):
                return False
        return True


#: the exports a selection applies to: rows that are one figure each
SELECTABLE = ("measurements", "finding_evidence")


def export(store: Store, what: str, fmt: str, out: Path | None, *, all_columns: bool = False,
           typed: bool = False, selection: Selection | None = None, dialect: str = "plain") -> Path | None:
    """Export one resource; ``out=None`` writes CSV or JSON Lines to stdout. Returns the file written.
    ``typed`` keeps only the measurements a rule named (a non-empty indicator); ``selection``
    keeps the figures it names; ``dialect="nl"`` writes CSV for Dutch Excel."""
    if what not in RESOURCES:
        raise ValueError(f"unknown export {what!r} (choose from {', '.join(WHATS)})")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if fmt == "parquet" and out is None:
        raise ValueError("parquet is binary: give a file with --out")
    if typed:
        selection = replace(selection or Selection(), typed=True)
    rows = selected_rows(store, what, selection)
    return _write(rows, columns(what, all_columns), what, fmt, out, dialect)


def selected_rows(store: Store, what: str, selection: Selection | None = None) -> Iterator[dict[str, Any]]:
    """The rows of one export, as a selection keeps them (one that applies to figures only),
    read from the store as they are written: memory does not grow with the store."""
    rows = _rows(store, what)
    if selection is not None and what in SELECTABLE:
        rows = filter(selection.keeps, rows)
    return rows


def _writer(fmt: str, dialect: str):
    if dialect not in DIALECTS:
        raise ValueError(f"unknown CSV dialect {dialect!r} (choose from {', '.join(DIALECTS)})")
    if dialect == "nl":
        if fmt != "csv":
            raise ValueError("the nl dialect is for CSV")
        return _write_csv_nl
    return _WRITERS.get(fmt)


def export_codebook(rules, fmt: str, out: Path | None, *, dialect: str = "plain") -> Path | None:
    """:func:`codebook_rows` as CSV, JSON Lines or Parquet; ``out=None`` writes to stdout."""
    return _write(codebook_rows(rules), columns(CODEBOOK), CODEBOOK, fmt, out, dialect)


def _write(rows: Iterable[dict[str, Any]], cols: list[str], what: str, fmt: str, out: Path | None,
           dialect: str) -> Path | None:
    """Rows to stdout (``out=None``) or to a file that appears whole or not at all."""
    write = _writer(fmt, dialect)
    if out is None:
        write(rows, cols, what, sys.stdout)
        return None
    with atomic_path(out) as tmp:
        if fmt == "parquet":
            _write_parquet(rows, cols, what, tmp)
        else:
            with open(tmp, "w", encoding="utf-8-sig" if dialect == "nl" else "utf-8", newline="") as f:
                write(rows, cols, what, f)
    return out


def _rows(store: Store, what: str) -> Iterator[dict[str, Any]]:
    if what == "measurements":
        return (m.to_row() for m in store.iter_measurements())
    if what == "mentions":
        return map(asdict, store.iter_mentions())
    if what == "findings":
        return map(asdict, store.iter_findings())
    if what == "finding_evidence":
        return store.iter_finding_evidence()
    return store.iter_documents()


def _write_csv(rows: Iterable[dict[str, Any]], cols: list[str], what: str, f: IO[str]) -> None:
    types = {c: FIELDS[what][c][0] for c in cols}
    writer = csv.writer(f, lineterminator="\n")
    writer.writerow(cols)
    for row in rows:
        writer.writerow([_csv_cell(row[c], types[c]) for c in cols])


def _write_csv_nl(rows: Iterable[dict[str, Any]], cols: list[str], what: str, f: IO[str]) -> None:
    """CSV as Dutch Excel opens it by double-click: ";" between cells, decimal commas (the
    BOM that marks it UTF-8 is written by the caller's encoding)."""
    types = {c: FIELDS[what][c][0] for c in cols}
    writer = csv.writer(f, delimiter=";", lineterminator="\r\n")
    writer.writerow(cols)
    for row in rows:
        writer.writerow([_csv_cell(row[c], types[c]).replace(".", ",") if types[c] == "number"
                         else _csv_cell(row[c], types[c]) for c in cols])


def _csv_cell(value: Any, kind: str) -> str:
    """One CSV cell: empty for missing, JSON for objects and lists, plain ``.`` numbers."""
    if value is None:
        return ""
    if kind in ("object", "array"):
        return json.dumps(value, ensure_ascii=False)
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "number":
        return _number(value)
    return str(value)


def _number(x: float) -> str:
    """3736 rather than 3736.0, and never exponent notation (1e-05 is 0.00001)."""
    if not math.isfinite(x):
        return ""
    if float(x).is_integer():
        return str(int(x))
    return format(Decimal(repr(float(x))), "f")


def _write_jsonl(rows: Iterable[dict[str, Any]], cols: list[str], what: str, f: IO[str]) -> None:
    numbers = [c for c in cols if FIELDS[what][c][0] == "number"]
    for row in rows:
        record = {c: row[c] for c in cols}
        for c in numbers:
            if record[c] is not None and not math.isfinite(record[c]):
                record[c] = None  # JSON has no NaN or Infinity
        f.write(json.dumps(record, ensure_ascii=False) + "\n")


_WRITERS = {"csv": _write_csv, "jsonl": _write_jsonl}


def _pyarrow():
    """pyarrow and pyarrow.parquet, imported only for Parquet (a large optional dependency)."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as err:
        raise ImportError(f"Parquet needs pyarrow (pip install pyarrow): {err}") from err
    return pyarrow, pyarrow.parquet


#: rows per Parquet row group: the most an export holds in memory at once
ROW_GROUP = 10_000


def _write_parquet(rows: Iterable[dict[str, Any]], cols: list[str], what: str, path: Path) -> None:
    """An explicit schema, so that an all-empty column still has its type (page stays int64);
    written a row group at a time."""
    pa, pq = _pyarrow()
    arrow = {"string": pa.string(), "number": pa.float64(), "integer": pa.int64(), "boolean": pa.bool_(),
             "date": pa.date32(), "datetime": pa.timestamp("s", tz="UTC"), "object": pa.string(),
             "array": pa.string()}
    types = [FIELDS[what][c][0] for c in cols]
    schema = pa.schema([pa.field(c, arrow[t], nullable=True) for c, t in zip(cols, types, strict=True)])
    with pq.ParquetWriter(path, schema) as writer:
        for chunk in _chunks(rows, ROW_GROUP):
            arrays = [pa.array([_arrow_value(r[c], t) for r in chunk], type=arrow[t])
                      for c, t in zip(cols, types, strict=True)]
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))


def _chunks(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _arrow_value(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind in ("object", "array"):
        return json.dumps(value, ensure_ascii=False)
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "datetime":
        return datetime.fromisoformat(value)
    if kind == "number" and not math.isfinite(value):
        return None
    return value


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path`` that replaces it only when writing succeeded."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; an export is for sharing
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_datapackage(out_dir: Path) -> Path:
    """Describe every export in ``out_dir`` (``<what>.<format>``) in ``out_dir/datapackage.json``.

    The fields are read from each file itself, so an ``--all-columns`` export is
    described as written.
    """
    resources = []
    for what in (*WHATS, CODEBOOK):
        for fmt in FORMATS:
            path = out_dir / f"{what}.{fmt}"
            if path.is_file():
                resources.append(_resource(path, what, fmt))
    package = {"name": "harvest-indicators", "resources": resources}
    target = out_dir / "datapackage.json"
    with atomic_path(target) as tmp:
        tmp.write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return target


def _resource(path: Path, what: str, fmt: str) -> dict[str, Any]:
    cols = _file_columns(path, what, fmt)
    fields = [{"name": c, "type": FIELDS[what][c][0], "description": FIELDS[what][c][1]} for c in cols]
    resource: dict[str, Any] = {"name": f"{what}-{fmt}" if fmt != "csv" else what, "path": path.name,
                                "format": fmt, "mediatype": _MEDIA[fmt]}
    if fmt != "parquet":
        resource["encoding"] = "utf-8"
    resource["schema"] = {"fields": fields}
    if fmt == "csv" and PRIMARY_KEYS.get(what) in cols:
        resource["schema"]["primaryKey"] = [PRIMARY_KEYS[what]]
    keys = [{"fields": [col], "reference": {"resource": target, "fields": [ref]}}
            for col, target, ref in FOREIGN_KEYS.get(what, [])
            if fmt == "csv" and col in cols and (path.parent / f"{target}.csv").is_file()]
    if keys:
        resource["schema"]["foreignKeys"] = keys
    return resource


def _file_columns(path: Path, what: str, fmt: str) -> list[str]:
    """The columns a written export actually has (an empty JSON Lines file has the contract's)."""
    if fmt == "csv":
        with open(path, encoding="utf-8", newline="") as f:
            return next(csv.reader(f))
    if fmt == "jsonl":
        with open(path, encoding="utf-8") as f:
            first = f.readline()
        return list(json.loads(first)) if first.strip() else columns(what)
    return list(_pyarrow()[1].read_schema(path).names)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
