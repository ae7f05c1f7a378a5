"""The columns of every export and their descriptions: one place for the contract.

The exports (CSV, JSON Lines, Parquet, xlsx), ``datapackage.json``, the SQLite
store's datasette metadata and ``docs/exports.md`` are all written from
:data:`FIELDS`, so a column is described once and the same everywhere.
"""

from __future__ import annotations

from typing import Any

from ..records import EXPORT_COLUMNS, EXTRA_COLUMNS
from .sqlite import DOCUMENT_COLUMNS

FINDING_COLUMNS = ["check", "severity", "message", "doc", "measurements", "expected", "stated"]
MENTION_COLUMNS = ["doc", "text", "value", "page", "line", "status", "reason"]
#: one row per finding and measurement it involves: the tidy form of a finding's evidence
EVIDENCE_COLUMNS = ["finding_id", "check", "severity", "role", "doc", "indicator", "value", "unit", "kind",
                    "period_start", "period_end", "geography", "page", "line", "quote"]
#: the codebook of the indicators, from the rule set of the run (``indicator`` is the key the
#: measurements' ``indicator`` column refers to)
CODEBOOK = "indicators"
INDICATOR_COLUMNS = ["indicator", "label", "domain", "unit", "quantity", "bbv_number", "bbv_name", "description",
                     "definition_source", "rule_file"]

#: per resource: (contract columns, extra provenance columns)
RESOURCES: dict[str, tuple[list[str], list[str]]] = {
    "measurements": (EXPORT_COLUMNS, EXTRA_COLUMNS),
    "findings": (FINDING_COLUMNS, ["finding_id", "review", "review_note", "confidence"]),
    "finding_evidence": (EVIDENCE_COLUMNS, []),
    "mentions": (MENTION_COLUMNS, ["doc_id", "start", "context"]),
    "documents": (DOCUMENT_COLUMNS, []),
    CODEBOOK: (INDICATOR_COLUMNS, []),
}

_SHARED = {
    "doc": ("string", "File name without extension."),
    "path": ("string", "Path of the file as it was ingested."),
    "doc_id": ("string", "sha256 of the file bytes."),
    "municipality": ("string", "The municipality the report is about."),
    "municipality_code": ("string", "The CBS code of the municipality (GM + four digits), from the shipped CBS list."),
    "municipality_source": ("string", "Where the municipality was found: text, file name, folder or manifest."),
    "page": ("integer", "Page in the source (formats with pages)."),
    "line": ("integer", "Line in the source file, line on the PDF page, or DOCX paragraph number."),
    "start": ("integer", "Character offset of the figure in the document's normalised text."),
    "period_start": ("date", "First day of the period (ISO date)."),
    "period_end": ("date", "Last day of the period, inclusive (ISO date)."),
    "period_label": ("string", "The words that named the period."),
}

#: per resource, per column: (Frictionless type, description)
FIELDS: dict[str, dict[str, tuple[str, str]]] = {
    "measurements": {
        **_SHARED,
        "indicator": ("string", "Indicator id from the rules."),
        "label": ("string", "The phrase or table label that named the figure."),
        "value": ("number", "The value: euros in whole euros, percentages as 0-100."),
        "unit": ("string", "count, percent, eur, hours, days, per_1000, per_10000, grade, fte, ..."),
        "low": ("number", "Lower bound of the interval the value stands for as written; empty if open."),
        "high": ("number", "Upper bound of the interval the value stands for as written; empty if open."),
        "qualifier": ("string", "Qualifier as written (circa, ruim, bijna, ten minste, maximaal, ...)."),
        "kind": ("string", "actual, target, forecast, budget or change."),
        "geography": ("string", "The municipality, a region, or NL for a national average."),
        "dimensions": ("object", "Breakdowns as a JSON object, e.g. {\"uitkomst\": \"gegrond\"}."),
        "quote": ("string", "The sentence or table row the figure was read from."),
        "method": ("string", "prose or table."),
        "rule": ("string", "The rule that matched."),
        "confidence": ("number", "Confidence of the extraction, 0-1."),
        "end": ("integer", "Character offset just after the figure in the normalised text."),
        "cell": ("array", "Table cell as [row, column], for table figures."),
        "table": ("integer", "Block index of the table in the document."),
        "provisional": ("boolean", "Marked voorlopig (*) in the source."),
        "total": ("boolean", "A Totaal row or column."),
        "temporal": ("string", "stock or flow."),
        "period_source": ("string", "Where the period came from: sentence, column, row, row and column (a day in the row label, its year in the column), caption, section, document."),
    },
    "findings": {
        "check": ("string", "Stable code of the consistency check."),
        "severity": ("string", "info, warning or error."),
        "message": ("string", "What is wrong, in a sentence."),
        "doc": ("string", "The document (or documents) concerned."),
        "measurements": ("array", "The measurements involved, as a JSON list of objects."),
        "expected": ("string", "What the figures imply."),
        "stated": ("string", "What the document states."),
        "finding_id": ("string", "Stable id of the finding across runs (check and where its figures stand)."),
        "review": ("string", "The researcher's review from reviews.yaml: confirmed, dismissed or empty."),
        "review_note": ("string", "The note of that review."),
        "confidence": ("number", "How certain the finding is, 0-1: the lowest typing confidence of its figures."),
    },
    "finding_evidence": {
        **_SHARED,
        "finding_id": ("string", "The finding's stable id (as in findings.csv with --all-columns and reviews.yaml)."),
        "check": ("string", "Stable code of the consistency check."),
        "severity": ("string", "info, warning or error."),
        "role": ("string", "What the figure is in the finding: total, part, stated share, earlier value, ..."),
        "indicator": ("string", "Indicator id from the rules; empty for a labelled measurement."),
        "value": ("number", "The figure's value."),
        "unit": ("string", "Its unit."),
        "kind": ("string", "actual, target, forecast, budget or change."),
        "geography": ("string", "The municipality, a region, or NL."),
        "quote": ("string", "The sentence or table row the figure was read from."),
    },
    "mentions": {
        **_SHARED,
        "text": ("string", "The number as written."),
        "value": ("number", "Its value, when it parses as one."),
        "status": ("string", "measurement, non_measurement or unmapped."),
        "reason": ("string", "Why it is not a measurement, or what it became."),
        "context": ("string", "The words around the number."),
    },
    "documents": {
        **_SHARED,
        "format": ("string", "text, markdown, html, pdf or docx."),
        "title": ("string", "Title detected from the content."),
        "region": ("string", "Region the report covers, if any."),
        "doc_type": ("string", "Document type (bestuursrapportage, raadsbrief, ...)."),
        "date": ("string", "Date of the document as far as it gives one: ISO date, year-month or year "
                           "(2017-06-30, 2017-03, 2017)."),
        "reference": ("string", "Reference (kenmerk) of the document."),
        "pages": ("integer", "Number of pages (formats with pages)."),
        "status": ("string", "ok; partial when part of the file could not be read; error when none of it could."),
        "error": ("string", "Why the file could not be read, or (partial) what of it could not."),
        "rules_hash": ("string", "Hash of the rules the document was extracted with."),
        "run_id": ("integer", "The run that ingested the document."),
        "ingested_at": ("datetime", "When it was ingested (UTC, ISO)."),
    },
    CODEBOOK: {
        "indicator": ("string", "Indicator id, as in the measurements' indicator column."),
        "label": ("string", "What the indicator counts or measures, with its unit."),
        "domain": ("string", "The domain of its rule file (wmo, jeugd, participatiewet, bbv, ...)."),
        "unit": ("string", "The unit of its figures (a figure keeps the unit its row states)."),
        "quantity": ("string", "stock, flow, rate, share, amount, duration, grade, ..."),
        "bbv_number": ("integer", "Its number among the BBV verplichte beleidsindicatoren; empty otherwise."),
        "bbv_name": ("string", "Its official BBV name; empty otherwise."),
        "description": ("string", "The definition: what counts and what does not."),
        "definition_source": ("string", "Where the definition was taken from (an address)."),
        "rule_file": ("string", "The rule file and line that define it."),
    },
}

#: Frictionless keys of the resources that have them: the unique column, and the columns that
#: refer to another resource (an empty cell refers to nothing: a labelled measurement)
PRIMARY_KEYS = {"documents": "path", CODEBOOK: "indicator"}
FOREIGN_KEYS = {"measurements": [("path", "documents", "path"), ("indicator", CODEBOOK, "indicator")]}


def columns(what: str, all_columns: bool = False) -> list[str]:
    """The columns of one export: the contract's, and with ``all_columns`` the provenance after them."""
    base, extra = RESOURCES[what]
    return [*base, *extra] if all_columns else list(base)


def codebook_rows(rules) -> list[dict[str, Any]]:
    """The indicators of a rule set, one row each, in the columns of :data:`INDICATOR_COLUMNS`."""
    return [{"indicator": i.id, "label": i.label, "domain": i.domain, "unit": i.unit, "quantity": i.quantity,
             "bbv_number": i.bbv_number or None, "bbv_name": i.bbv_name, "description": i.description,
             "definition_source": i.definition_source, "rule_file": i.source} for i in rules.indicators]
