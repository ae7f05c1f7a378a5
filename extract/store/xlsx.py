"""The store as one Excel workbook: a sheet per table (measurements, findings, finding_evidence,
documents, and mentions while they fit) plus the indicators codebook, typed cells, a frozen
header row. Written with openpyxl in write-only mode, so memory stays flat per row."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import HarvestError
from .columns import CODEBOOK, FIELDS, codebook_rows, columns
from .export import SELECTABLE, WHATS, Selection, atomic_path, selected_rows
from .sqlite import Store

#: Excel's rows per sheet, header included
MAX_ROWS = 1_048_576


class TooLargeForExcel(HarvestError, ValueError):
    """A table with more rows than an Excel sheet holds."""


def export_xlsx(store: Store, out: Path, rules, *, whats: tuple[str, ...] = WHATS, all_columns: bool = False,
                selection: Selection | None = None) -> Path:
    """Write the workbook; a table over Excel's row limit is refused (naming it and how to cut it
    down), except mentions, which is left out with a note in the sheet 'about'."""
    try:
        from openpyxl import Workbook
    except ImportError as err:
        raise ImportError(f"--format xlsx needs openpyxl (pip install 'extract[xlsx]'): {err}") from err
    book = Workbook(write_only=True)
    left_out = []
    for what in whats:
        rows = _count(store, what, selection)
        if rows + 1 > MAX_ROWS:
            if what == "mentions":
                left_out.append(f"mentions: {rows:,} rows, more than a sheet holds; export them as CSV")
                continue
            raise TooLargeForExcel(f"{what}: {rows:,} rows, more than an Excel sheet holds "
                                   f"({MAX_ROWS - 1:,}); select with --municipality/--indicator/--from, or export CSV")
        _sheet(book, what, columns(what, all_columns), selected_rows(store, what, selection))
    if rules is not None:
        _sheet(book, CODEBOOK, columns(CODEBOOK), codebook_rows(rules))
    about = book.create_sheet("about")
    about.append(["Exported by harvest; columns are described in datapackage.json and docs/exports.md."])
    for line in left_out:
        about.append([line])
    with atomic_path(out) as tmp:
        book.save(tmp)
    return out


def _count(store: Store, what: str, selection: Selection | None) -> int:
    """The rows a sheet would get, counted before it is begun (a sheet cannot be taken back):
    a table's by SQL, a selection's or the evidence view's by reading them once."""
    if what == "finding_evidence" or (what in SELECTABLE and selection is not None):
        return sum(1 for _ in selected_rows(store, what, selection))
    return store.count(what)


def _sheet(book, what: str, cols: list[str], rows: Iterable[dict[str, Any]]) -> None:
    """One sheet, its rows streamed from the store."""
    from openpyxl.cell import WriteOnlyCell

    sheet = book.create_sheet(what[:31])
    sheet.freeze_panes = "A2"
    sheet.append(cols)
    types = [FIELDS[what][c][0] for c in cols]
    for row in rows:
        cells = []
        for c, kind in zip(cols, types, strict=True):
            value = _cell(row[c], kind)
            if isinstance(value, str) and value.startswith("="):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"  # document text, never a formula
                value = cell
            cells.append(value)
        sheet.append(cells)


def _cell(value: Any, kind: str) -> Any:
    """Numbers stay numbers (a missing or infinite one is empty); objects and lists become JSON
    text; booleans stay booleans; the rest is text."""
    if value is None:
        return None
    if kind in ("object", "array"):
        return json.dumps(value, ensure_ascii=False)
    if kind in ("number", "integer"):
        return value if isinstance(value, (int, float)) and math.isfinite(value) else None
    if kind == "boolean":
        return bool(value)
    return str(value)
