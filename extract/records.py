"""The records that flow from extraction to the store and exports: measurements, mentions, findings.

Plain data classes whose fields are the export contract of DESIGN.md ("Export
columns"). Values are plain numbers with ``.`` decimals: euros in whole euros,
percentages as 0-100. ``low``/``high`` are the interval the value stands for as
written (digits and qualifier); an open bound is ``None``.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields
from typing import Any

KINDS = ("actual", "target", "forecast", "budget", "change")
METHODS = ("prose", "table")
MENTION_STATUSES = ("measurement", "non_measurement", "unmapped")


@dataclass
class Measurement:
    doc: str  # file name without extension
    path: str
    municipality: str | None
    indicator: str
    label: str  # the phrase or table label that named it
    value: float
    unit: str
    low: float | None
    high: float | None
    qualifier: str = ""
    kind: str = "actual"
    period_start: str | None = None
    period_end: str | None = None
    period_label: str = ""
    geography: str | None = None
    dimensions: dict[str, str] = field(default_factory=dict)
    page: int | None = None
    line: int | None = None
    quote: str = ""  # the sentence or table row
    method: str = "prose"
    rule: str = ""  # the rule (indicator/phrase) that matched
    confidence: float = 1.0
    # provenance beyond the export contract
    doc_id: str = ""  # sha256 of the document
    start: int | None = None  # offsets of the figure in Document.text
    end: int | None = None
    cell: tuple[int, int] | None = None  # (row, col) of a table cell
    table: int | None = None  # block index of the table
    provisional: bool = False  # "*" voorlopig
    total: bool = False  # a Totaal row/column
    temporal: str = ""  # stock or flow
    period_source: str = ""  # sentence, column, row, row and column, caption, section, document
    municipality_code: str | None = None  # the CBS code of ``municipality`` (GM0392)

    def to_row(self) -> dict[str, Any]:
        """The export row: contract columns first, JSON-able values."""
        row = asdict(self)
        row["low"] = _finite(self.low)
        row["high"] = _finite(self.high)
        row["cell"] = list(self.cell) if self.cell else None
        return row


EXPORT_COLUMNS = [
    "doc", "path", "municipality", "municipality_code", "indicator", "label", "value", "unit", "low", "high",
    "qualifier", "kind", "period_start", "period_end", "period_label", "geography", "dimensions", "page", "line", "quote", "method",
    "rule", "confidence",
]
EXTRA_COLUMNS = [f.name for f in fields(Measurement) if f.name not in EXPORT_COLUMNS]


@dataclass
class MentionRecord:
    """One number of a document and what became of it (the ``mentions`` export)."""

    doc: str
    text: str
    value: float | None
    page: int | None
    line: int | None
    status: str  # measurement / non_measurement / unmapped
    reason: str = ""
    doc_id: str = ""
    start: int | None = None
    context: str = ""  # the words around it, for `harvest rules coverage`


@dataclass
class Finding:
    """A consistency check's result (the ``findings`` export).

    ``finding_id`` is stable across runs and rule changes: it is made of the check's code and
    where its figures stand (document, line, table cell, value), not of its wording, so that a
    researcher's review (``review``: confirmed or dismissed, with ``review_note``) stays with it."""

    check: str
    severity: str
    message: str
    doc: str
    measurements: list[dict[str, Any]] = field(default_factory=list)
    expected: str = ""
    stated: str = ""
    finding_id: str = ""
    review: str = ""
    review_note: str = ""
    #: how sure the figures are of what they are (the lowest typing confidence among them): a
    #: finding on figures typed from their headings, or on labelled ones, is less certain
    confidence: float = 1.0


def _finite(x: float | None) -> float | None:
    if x is None or math.isinf(x) or math.isnan(x):
        return None
    return x
