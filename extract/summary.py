"""The parse summary: one row per document, what the reader found in it."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
from pathlib import Path

from .model import Document

_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?!\w)")


def count_numbers(text: str) -> int:
    """Numeric tokens in a text: a rough size of what later stages will classify."""
    return len(_NUMBER.findall(text))

SUMMARY_COLUMNS = [
    "doc", "path", "status", "error", "format", "municipality", "doc_type", "period_start", "period_end",
    "period_label", "date", "reference", "title", "pages", "headings", "paragraphs", "sentences",
    "tables", "table_cells", "footnotes", "numbers", "repairs", "sha256",
]


def summary_row(doc: Document) -> dict[str, object]:
    meta = doc.meta
    return {
        "doc": doc.name,
        "path": meta.path,
        "status": "ok",
        "error": "",
        "format": meta.format,
        "municipality": meta.municipality or "",
        "doc_type": meta.doc_type,
        "period_start": meta.period.start if meta.period else "",
        "period_end": meta.period.end if meta.period else "",
        "period_label": meta.period.label if meta.period else "",
        "date": meta.date or "",
        "reference": meta.reference or "",
        "title": meta.title or "",
        "pages": meta.pages if meta.pages is not None else "",
        "headings": len(doc.headings()),
        "paragraphs": len(doc.paragraphs()),
        "sentences": sum(1 for _ in doc.sentences()),
        "tables": len(doc.tables()),
        "table_cells": sum(len(t.cells) for t in doc.tables()),
        "footnotes": len(doc.footnotes()),
        "numbers": count_numbers(doc.text),
        "repairs": len(doc.repairs),
        "sha256": meta.id,
    }


def error_row(path: Path, reason: str) -> dict[str, object]:
    row: dict[str, object] = {c: "" for c in SUMMARY_COLUMNS}
    row.update({"doc": path.stem, "path": str(path), "status": "error", "error": reason})
    return row


def write_atomic(path: Path, text: str) -> None:
    """Write a file so that a crash never leaves half of it: temp file, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_summary(rows: list[dict[str, object]], out_dir: Path) -> tuple[Path, Path]:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=SUMMARY_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    csv_path = out_dir / "parse-summary.csv"
    json_path = out_dir / "parse-summary.json"
    write_atomic(csv_path, buf.getvalue())
    write_atomic(json_path, json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    return csv_path, json_path
