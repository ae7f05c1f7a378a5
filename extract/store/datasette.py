"""Datasette metadata for the store (``datasette indicators.sqlite -m datasette-metadata.json``):
a description of every table, view and column, taken from the exports' descriptions in
:mod:`.columns`, so that a column means the same in the CSV, the data package and the browser.

The columns are read from the store itself, so a column without a description is noticed
(the test suite fails on one) rather than shown bare.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from .columns import CODEBOOK, FIELDS
from .export import atomic_path
from .sqlite import CONTRACT_NAMES

TITLE = "Indicators harvested from municipal social-domain reports"

#: per table or view of the store: what a row is, and the export whose descriptions its columns share
TABLES: dict[str, tuple[str, str | None]] = {
    "measurements": ("One figure per row: value, unit, period, municipality and the sentence or table row "
                     "it was read from. An empty indicator is a labelled measurement (no rule named it).",
                     "measurements"),
    "documents": ("One ingested file per row, with its metadata, or the reason it could not be read.", "documents"),
    "findings": ("One consistency-check finding per row; its figures are in finding_evidence.", "findings"),
    "mentions": ("Every number of every document and what became of it (rule coverage).", "mentions"),
    "indicators": ("The indicator catalogue of the rules of the latest run: one indicator per row.", CODEBOOK),
    "runs": ("One ingest run per row: when, with which tool version and rules, and its counts.", None),
    "series": ("The typed figures that have a period, ordered as time series (indicator, municipality, "
               "geography, breakdown, kind, unit, period).", "measurements"),
    "latest_values": ("Per series the figure of its latest period (the widest period ending then, as the "
                      "latest report states it).", "measurements"),
    "finding_evidence": ("One row per finding and figure it involves.", "finding_evidence"),
    "cross_document_pairs": ("The same figure (indicator, place, breakdown, kind, unit, period) in two documents, "
                             "and whether the two agree.", "measurements"),
}
HIDDEN = ("schema_version", "sqlite_sequence")

#: the columns the exports do not have
STORE_ONLY: dict[str, str] = {
    "id": "Row id in the store.",
    "run_id": "Number of the run.",
    "rules_hash": "Hash of the rules the run used.",
    "cell_row": "Row of the table cell the figure was read from.",
    "cell_col": "Column of the table cell the figure was read from.",
    "document_json": "The document as it was read (zlib-compressed JSON), for re-extraction without the file.",
    "started_at": "When the run started (UTC, ISO).",
    "finished_at": "When the run finished (UTC, ISO); empty if it was stopped.",
    "tool_version": "Version of the extract package that ran.",
    "documents_read": "Documents read in the run.",
    "documents_skipped": "Documents skipped as unchanged.",
    "documents_failed": "Documents that could not be read.",
    "doc_date": "Date of the document the figure was read from (as in documents.date).",
    "measurement_id": "The figure's row id in measurements.",
    "agrees": "1 when the two values are equal or within the rounding both allow, else 0.",
}
#: the columns of cross_document_pairs ending in _a or _b describe one of the two figures
_SIDES = {"_a": "the first document", "_b": "the second document"}


def metadata(store_path: Path) -> dict[str, Any]:
    """The metadata for the store at ``store_path``, as Datasette reads it."""
    conn = sqlite3.connect(f"file:{store_path}?mode=ro", uri=True)
    try:
        listed = conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name")
        tables = {}
        for (name,) in listed.fetchall():
            if name in HIDDEN:
                tables[name] = {"hidden": True}
                continue
            names = [r[0] for r in conn.execute("SELECT name FROM pragma_table_info(?)", (name,))]
            description, resource = TABLES.get(name, ("", None))
            tables[name] = {"description": description,
                            "columns": {c: describe(c, resource) for c in names}}
    finally:
        conn.close()
    return {"title": TITLE, "databases": {Path(store_path).stem: {"tables": tables}}}


def describe(column: str, resource: str | None) -> str:
    """A store column's description: the export's (under its contract name), or the store's own."""
    name = CONTRACT_NAMES.get(column, column)
    for resource_name in (resource, "measurements"):
        if resource_name and name in FIELDS[resource_name]:
            return FIELDS[resource_name][name][1]
    if name in STORE_ONLY:
        return STORE_ONLY[name]
    for suffix, side in _SIDES.items():
        if name.endswith(suffix):
            base = name.removesuffix(suffix)
            if base == "measurement":
                return f"Row id in measurements of the figure in {side}."
            return f"{describe(base, resource).rstrip('.')} ({side})."
    return ""


def write_metadata(store_path: Path, target: Path) -> Path:
    """Write :func:`metadata` to ``target`` (whole or not at all)."""
    with atomic_path(target) as tmp:
        tmp.write_text(json.dumps(metadata(store_path), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return target
