"""Table normalisation: from a reader's raw grid to a :class:`~extract.model.Table`.

Readers only know where cells are. This module decides what they mean, the same
way for every format: which rows and columns are headers, which signs are markers
(``*`` voorlopig, ``n/b``) rather than values, which header carries a footnote
(``20241`` = 2024 with footnote 1), and which unit or scale hint governs the table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .inline import clean_inline

#: a Dutch number as written in a cell: 3.835 / 92,9 / 1.524.000 / -3 / 0,5
NUMBER = re.compile(r"^[-+−]?\(?\d{1,3}(?:[. ]\d{3})*(?:,\d+)?\)?$|^[-+−]?\d+(?:,\d+)?$")
_MONEY_OR_PCT = re.compile(r"^(?:€\s*)?(.+?)(?:\s*%|,-)?$")
_MARKER_ONLY = re.compile(r"^(?:n\s*/\s*b|n\.?\s*b\.?|nb|-|–|—|±|x|\?|\*)$", re.I)
_TRAILING_STAR = re.compile(r"^(.*?\d)\s*(\*+)$")
SCALE_HINT = re.compile(
    r"([x×*]\s*€\s*(?:\d{1,3}(?:\.\d{3})+|1000(?:000)?\b)|\(?x\s*(?:\d{1,3}(?:\.\d{3})+|1000(?:000)?\b)\)?|"
    r"(?:bedragen\s+)?(?:in|x)\s+(?:duizenden|miljoenen)(?:\s+euro)?"
    r"|(?:aantal\s+)?per\s+\d{1,3}(?:\.\d{3})*\s+(?:inwoners|jongeren|jeugdigen|huishoudens)|bedragen\s+in\s+€)",
    re.I,
)
#: the money scales of SCALE_HINT: a line with one of these above a table scales all its cells
#: (a rate such as "per 1.000 inwoners" above a table belongs to a row, not to the table)
MONEY_SCALE = re.compile(
    r"[x×*]\s*€\s*(?:\d{1,3}(?:\.\d{3})+|1000(?:000)?\b)|\(?x\s*(?:\d{1,3}(?:\.\d{3})+|1000(?:000)?\b)\)?|"
    r"(?:bedragen\s+)?(?:in|x)\s+(?:duizenden|miljoenen)(?:\s+euro)?"
    r"|bedragen\s+in\s+€", re.I)
_YEAR = re.compile(r"^(19|20)\d\d$")
#: a year as a column header, possibly with a footnote digit glued on ("20241")
_YEAR_HEADER = re.compile(r"^(19|20)\d\d\d{0,2}$")


@dataclass
class RawCell:
    """A cell as a reader found it, before any interpretation."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    line: int | None = None
    page: int | None = None
    header: bool | None = None  # True when the format says so (<th>, bold header style)


@dataclass
class RawTable:
    """A reader's table: rows of cells (a spanning cell appears once, at its top-left)."""

    rows: list[list[RawCell]]
    caption: str = ""
    notes: list[str] = field(default_factory=list)
    source: str = ""
    header_rows: int | None = None  # when the format declares it (markdown, <thead>)
    line: int | None = None
    page: int | None = None


@dataclass
class CellValue:
    text: str
    marker: str = ""
    footnote: str = ""


def split_marker(raw: str) -> CellValue:
    """Separate a cell's status marker from its value: ``11,1*`` -> ('11,1', '*')."""
    text, _marks = clean_inline(raw)
    text = text.strip()
    if not text:
        return CellValue("")
    if _MARKER_ONLY.match(text):
        marker = text.lower().replace(" ", "")
        if marker in ("–", "—"):
            marker = "-"
        if marker in ("nb", "n.b", "n.b."):
            marker = "n.b." if "." in text else "n/b" if "/" in text else "nb"
        return CellValue("", marker)
    m = _TRAILING_STAR.match(text)
    if m:
        return CellValue(m.group(1).strip(), "*")
    return CellValue(text)


def is_numeric(text: str) -> bool:
    """Does a cell hold a number (with optional €, %, ,- and spacing)?"""
    t = text.strip().replace("\u00a0", " ")
    if not t:
        return False
    t = t.lstrip("+").replace("€", "").replace("%", "").strip()
    if t.endswith(",-"):
        t = t[:-2]
    return bool(NUMBER.match(t.strip()))


def grid_positions(rows: list[list[RawCell]]) -> tuple[list[tuple[int, int, RawCell]], int, int]:
    """Place cells on a grid following row/col spans (the HTML table algorithm)."""
    occupied: set[tuple[int, int]] = set()
    placed: list[tuple[int, int, RawCell]] = []
    n_cols = 0
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in occupied:
                c += 1
            placed.append((r, c, cell))
            for dr in range(max(1, cell.rowspan)):
                for dc in range(max(1, cell.colspan)):
                    occupied.add((r + dr, c + dc))
            c += max(1, cell.colspan)
            n_cols = max(n_cols, c)
    n_rows = max([r + 1 for r, _ in occupied], default=0)
    return placed, n_rows, n_cols


def detect_header_rows(values: list[list[str]], declared: int | None) -> int:
    """Count header rows: declared by the format, else the leading rows whose value
    cells are not numbers while the rows below them are."""
    if declared is not None:
        return declared
    if len(values) < 2:
        return 0
    n_cols = max(len(r) for r in values)
    numeric_cols = [
        c for c in range(1, n_cols)
        if sum(is_numeric(r[c]) for r in values[1:] if c < len(r)) >= max(1, (len(values) - 1) // 2)
    ]
    if not numeric_cols:
        # all-text tables: a short first row over longer text below is a header
        first = values[0]
        if all(len(v) <= 40 for v in first) and any(v for v in first) and len(values) > 1:
            longer = sum(len(" ".join(r)) for r in values[1:]) / (len(values) - 1)
            return 1 if longer > len(" ".join(first)) * 1.5 else 0
        return 0
    header = 0
    for row in values:
        cells = [row[c] for c in numeric_cols if c < len(row)]
        if any(v and is_numeric(v) and not _YEAR_HEADER.match(v.strip()) for v in cells):
            break
        if not any(cells) and header == 0 and not any(row):
            break
        header += 1
    if header >= len(values):
        return 0
    return header


def detect_header_cols(values: list[list[str]], header_rows: int) -> int:
    body = values[header_rows:]
    if not body or max(len(r) for r in body) < 2:
        return 0
    first = [r[0] for r in body if r]
    others = [v for r in body for v in r[1:]]
    if any(is_numeric(v) and not _YEAR.match(v.strip()) for v in first if v):
        return 0
    return 1 if any(is_numeric(v) for v in others) else 0


def split_year_footnotes(cells: list[CellValue]) -> None:
    """In a row of year headers, ``20241`` after 2023 is 2024 with footnote 1."""
    years = [int(c.text) for c in cells if _YEAR.match(c.text)]
    if len(years) < 2:
        return
    for c in cells:
        m = re.fullmatch(r"((?:19|20)\d\d)(\d{1,2})", c.text)
        if m and (int(m.group(1)) - 1 in years or int(m.group(1)) + 1 in years):
            c.text, c.footnote = m.group(1), m.group(2)


def find_unit_hint(caption: str, header_texts: list[str]) -> str:
    for text in [caption, *header_texts]:
        m = SCALE_HINT.search(text or "")
        if m:
            return m.group(0).strip()
    for text in header_texts:
        if text.strip() in ("%", "€", "in %", "(%)", "in €"):
            return text.strip()
    return ""
