"""Tables that reach us one cell per line: begrotingsapp and jaarverslag web pages
flattened to text, and PDF text layers of tables drawn without rules.

Such a table arrives as its header cells, one per line, then each row as a label and its
cells, one per line::

    Indicator / Jaar / Score Arnhem / Score Nederland / Toelichting / Bron
    Netto arbeidsparticipatie / 2018 / 66,5 / 67,8 / Het percentage ... / CBS - Arbeidsdeelname

Nothing marks where a row ends, but the rows repeat one shape: the same kinds of cell
(text, period, figure) in the same order, as many as there are header cells. The
recogniser looks for the header and row length whose rows repeat that shape longest, and
mends rows whose text cell wrapped onto a second line ("Verwey Jonker Instituut" /
"Kinderen in Tel"). Blank, ``-`` and ``n.v.t.`` cells keep their column: they are cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .tables import MONEY_SCALE, RawCell, RawTable

TEXT, PERIOD, FIGURE, NOTE = "T", "P", "F", "N"

#: a value cell: 685,1 / 1.234 / -5.811 / € 12.345 / 41% / 2,5 % / 11,1* / n.v.t. / - / 12 N
_FIGURE_CELL = re.compile(
    r"^(?:[-−+]?\s?(?:€\s?)?[-−]?\d{1,3}(?:\.\d{3})+(?:,\d+)?|[-−+]?\s?(?:€\s?)?[-−]?\d+(?:,\d+)?)"
    r"\s?%?\s?\*?(?:\s?[NV])?$"
    r"|^(?:-|–|—|n\.?v\.?t\.?|n\.?n\.?b\.?|n\.?b\.?|n/b|nb|x|\*|-/-\s?\S+)$",
    re.I,
)
#: a period cell: 2017 / 2015/2016 / 1e halfjaar 2019 / tweede half jaar 2017 / 2e kwartaal 2018 / t/m 2023
_PERIOD_CELL = re.compile(
    r"^(?:(?:\d(?:e|ste|de)|eerste|tweede|derde|vierde|peildatum|stand|t/m|medio|eind|begin)\s+)?"
    r"(?:(?:half\s?jaar|halfjaar|helft|hj|kwartaal|kw)\s+)?(?:19|20)\d\d(?:\s?[/-]\s?(?:19|20)?\d\d)?$",
    re.I,
)
#: a header cell split over two lines: the kind of figure, then its year ("Realisatie" / "2022")
_KIND_WORD = re.compile(
    r"^(?:realisatie|rekening|jaarrekening|werkelijk|begroting|begroot|primitief|primaire\s+begroting|raming|"
    r"meerjarenraming|prognose|verwachting|streefwaarde|streefcijfer|doel|actueel|gewijzigde\s+begroting|"
    r"na\s+wijziging|saldo|verschil)$", re.I)
#: words of the header cells of indicator and financial tables: they tell the real header from
#: a rotation of it that starts a few cells into the table
_HEADER_WORD = re.compile(
    r"\b(?:omschrijving|indicator(?:en)?|kengetal(?:len)?|bron|eenheid|meeteenheid|periode|jaar|peildatum|waarde|"
    r"score|toelichting|taakveld|programma|streefwaarde|referentiewaarde|uitkomst|realisatie|rekening|begroting|"
    r"begroot|raming|prognose|doel|norm|nederland|landelijk|gemiddeld\w*|regio|provincie|exploitatie|verschil|"
    r"meetinstrument|meet-instrument|trend|status)\b", re.I)
MAX_CELL = 300  # a line longer than this is a paragraph, not a cell
MAX_HEADER_CELL = 60
MAX_ROW = 14
MIN_ROWS = 2


@dataclass(frozen=True)
class CellLine:
    index: int  # position in the reader's line list
    text: str
    kind: str


def cell_kind(text: str) -> str:
    t = text.strip()
    if _PERIOD_CELL.match(t):
        return PERIOD
    if _FIGURE_CELL.match(t):
        return FIGURE
    return TEXT


@dataclass
class CellLineTable:
    """A table found one cell per line: its header rows and body rows of cell texts, and the
    reader's line index where the table, and each of its rows, starts and ends."""

    header: list[list[str]]
    body: list[list[str]]
    row_lines: list[int]  # the line where each header and body row starts
    last_line: int
    notes: list[str] = field(default_factory=list)  # paragraphs between rows, kept as the table's notes

    @property
    def rows(self) -> list[list[str]]:
        return self.header + self.body


def find_cell_line_tables(texts: list[str]) -> dict[int, CellLineTable]:
    """The one-cell-per-line tables among ``texts`` (a reader's lines, blank ones included),
    by the line they start on."""
    found: dict[int, CellLineTable] = {}
    for run in _runs(texts):
        position = 0
        while position < len(run):
            best = _best_table(run, position)
            if best is None:
                break
            head, end, header, body, starts, notes = best
            table = CellLineTable(header, body, [run[i].index for i in starts], run[end - 1].index, notes)
            found[table.row_lines[0]] = table
            position = end
    return found


def _runs(texts: list[str]) -> list[list[CellLine]]:
    """Stretches of short lines (blank lines between them allowed) with a figure among them."""
    runs: list[list[CellLine]] = []
    current: list[CellLine] = []
    for i, raw in enumerate(texts):
        text = raw.strip()
        if not text:
            continue
        long = len(text) > MAX_CELL
        if "\t" in text or text.count("|") >= 2 or (long and current and current[-1].kind == NOTE):
            if current:
                runs.append(current)
            current = []
            continue
        if long:  # a paragraph: the run goes on only if a table row follows (a note under a row)
            current.append(CellLine(i, text, NOTE))
            continue
        kind = cell_kind(text)
        if current and current[-1].kind == TEXT and re.search(r"\w-$", current[-1].text):
            # a cell broken after a hyphen: "100.000-" / "300.000" is the one header "100.000- 300.000"
            current[-1] = CellLine(current[-1].index, f"{current[-1].text} {text}", TEXT)
            continue
        if kind == PERIOD and current and current[-1].kind == TEXT and _KIND_WORD.match(current[-1].text):
            current[-1] = CellLine(current[-1].index, f"{current[-1].text} {text}", TEXT)
            continue
        current.append(CellLine(i, text, kind))
    if current:
        runs.append(current)
    return [r for r in runs if sum(c.kind == FIGURE for c in r) >= MIN_ROWS]


def _header_like(cell: CellLine) -> bool:
    """A short cell that is no figure, sentence, bullet or chart label ("x €1.000", "40,34% Complete")."""
    abbreviation = cell.text.endswith(".") and " " not in cell.text and len(cell.text) <= 8  # "Ref.", "Begr."
    return (cell.kind != FIGURE and len(cell.text) <= MAX_HEADER_CELL and "%" not in cell.text
            and (abbreviation or not cell.text.endswith((".", ";", ","))) and cell.text[:1] not in "•-*"
            and not re.match(r"^x\s*€", cell.text))


def _best_table(run: list[CellLine], position: int):
    """The header and row length, from ``position`` on, whose rows repeat one shape longest,
    counting only rows with labels of their own (then: whose header reads most like one, that
    reaches furthest): (first cell, end, rows with the header first, the cell where each row starts).

    The tie-breaks tell the real rows from a rotation of them: rotated by a cell or two, a
    row starts with the previous row's last cells, a source ("CBS - Participatiewet") that
    repeats where real row labels do not."""
    kinds = [c.kind for c in run]
    best = None
    best_cover: tuple[float, float, int] = (0.0, 0.0, 0)
    for first in range(position, len(run)):
        if best is not None and first > best[1]:
            break  # a later table starts after this one ends: take this one first
        for width in range(3, MAX_ROW + 1):
            shape = kinds[first:first + width]
            if len(shape) < width or FIGURE not in shape:
                continue
            # the header has a cell per column, or none over the row labels ("Lasten 33.104 ...")
            for corner in ((0, 1) if shape[0] == TEXT else (0,)):
                head = first - width + corner
                if head < position or not all(_header_like(c) for c in run[head:first]):
                    continue
                header = run[head:first]
                if any(h.kind == PERIOD and k == PERIOD for h, k in zip(header, shape[corner:], strict=False)):
                    continue  # a year over a column of years is a row's period cell, not its header
                rows, end, notes = _rows(run, first, shape)
                if len(rows) < MIN_ROWS and not _series(header, shape):
                    continue
                words = sum(1 for h in header if h.kind == PERIOD or _HEADER_WORD.search(h.text))
                cover = (sum(weight for _, _, weight in rows) * _distinct_labels(rows), words / len(header), end)
                if cover > best_cover:
                    best_cover = cover
                    starts, at = [head], first
                    for _, used, _ in rows:
                        starts.append(at)
                        at += used
                    header_rows, top = [[""] * corner + [c.text for c in header]], head
                    upper = _upper_header(run, head, position, header_rows[0], corner)
                    if upper is not None:
                        header_rows[0][0], top = upper[0][0], head - len(upper[1])
                        header_rows.insert(0, upper[0])
                    best = (top, end, header_rows, [row for row, _, _ in rows],
                            [top, head][:len(header_rows)] + starts[1:], notes)
    return best


def _upper_header(run: list[CellLine], head: int, position: int, sub: list[str], corner: int):
    """A header row above the header, whose cells each span a repeating group of the row
    below: "Indicator | 1 maart 2019 | 1 augustus 2019" over "Jaar | Meierijstad | Ref." twice.
    Returns the upper row spread over the columns, and the cells it took; None when there is none."""
    if not corner:
        return None
    columns = len(sub) - 1
    for groups in range(2, columns // 2 + 1):
        if columns % groups:
            continue
        span = columns // groups
        cells = run[head - groups - 1:head] if head - groups - 1 >= position else []
        repeats = all(sub[1 + i].strip().lower() == sub[1 + i + span].strip().lower() for i in range(columns - span))
        if len(cells) == groups + 1 and repeats and all(_header_like(c) for c in cells):
            row = [cells[0].text] + [c.text for c in cells[1:] for _ in range(span)]
            return row, cells
    return None


def _distinct_labels(rows: list[tuple[list[str], int, float]]) -> float:
    """The share of different values in the rows' first column that is not one constant code
    (a taakveld "6" on every row): each row names its own figure, its source may repeat."""
    width = min(len(row) for row, _, _ in rows)
    for col in range(width):
        values = [row[col].lower() for row, _, _ in rows]
        if len(values) > 1 and len(set(values)) == 1:
            continue
        return len(set(values)) / len(values)
    return 1.0


def _series(header: list[CellLine], shape: list[str]) -> bool:
    """One row of figures under a header of years ("2014 ... 2018" / "2900 ... 3275"): a
    time series whose label is the caption above it."""
    return all(c.kind == PERIOD for c in header) and all(k == FIGURE for k in shape) and len(shape) >= 3


def _rows(run: list[CellLine], first: int, shape: list[str]) -> tuple[list[tuple[list[str], int, float]], int, list[str]]:
    """Consecutive rows of ``shape`` from ``first``, each with the lines it took and how much
    it supports the alignment, and the paragraphs between them (notes): a row of exactly the shape counts its cells, a mended one
    (a wrapped text cell joined to its continuation) less, and one mended by joining its
    label least: an alignment shifted by a cell glues one row's label to the row before."""
    rows: list[tuple[list[str], int, float]] = []
    notes: list[str] = []
    at = first
    width = len(shape)
    kinds = [c.kind for c in run]
    while at + width <= len(run):
        if kinds[at:at + width] == shape:
            rows.append(([c.text for c in run[at:at + width]], width, float(width)))
            at += width
            continue
        if rows and _is_note(run[at]) and kinds[at + 1:at + 1 + width] == shape:
            row, used, weight = rows[-1]  # a paragraph under a row, the table's width: the row's note
            rows[-1] = (row, used + 1, weight)
            notes.append(run[at].text)
            at += 1
            continue
        mended = _mend(run, at, shape)
        if mended is None:
            break
        row, used, label_joined = mended
        rows.append((row, used, used * (0.3 if label_joined else 0.7)))
        at += used
    return rows, at, notes


def _is_note(cell: CellLine) -> bool:
    """A paragraph standing between rows: too long for a cell, or a long sentence."""
    return cell.kind == NOTE or (cell.kind == TEXT and len(cell.text) >= 120 and cell.text.endswith("."))


def _mend(run: list[CellLine], at: int, shape: list[str]) -> tuple[list[str], int, bool] | None:
    """A row whose text cell wrapped: ``shape`` plus one or two extra text lines, joined to
    the cell they continue (never the row's own label when another text cell can take it)."""
    for extra in (1, 2):
        piece = run[at:at + len(shape) + extra]
        if len(piece) < len(shape) + extra:
            return None
        for join in _join_positions(piece, shape, extra):
            cells = [c.text for c in piece]
            for j in sorted(join, reverse=True):
                cells[j:j + 2] = [f"{cells[j]} {cells[j + 1]}"]
            if [_kind_after_join(c, kind) for c, kind in zip(cells, shape, strict=True)] == shape:
                return cells, len(piece), 0 in join
    return None


def _kind_after_join(text: str, expected: str) -> str:
    kind = cell_kind(text)
    return TEXT if expected == TEXT and kind != FIGURE else kind


def _join_positions(piece: list[CellLine], shape: list[str], extra: int) -> list[tuple[int, ...]]:
    """Where to join wrapped text lines, likeliest first: a continuation that starts in lower
    case, then any text cell but the label, then the label."""
    texts = [i for i in range(len(piece) - 1) if piece[i].kind == TEXT and piece[i + 1].kind == TEXT]
    if extra == 1:
        ranked = sorted(texts, key=lambda i: (not piece[i + 1].text[:1].islower(), i == 0, i))
        return [(i,) for i in ranked]
    pairs = [(i, j) for i in texts for j in texts if j > i + 1 or (j == i + 1 and piece[j + 1].kind == TEXT)]
    return sorted(pairs, key=lambda p: (0 in p, p))


def raw_table(table: CellLineTable, lines, source: str = "cell-lines") -> RawTable:
    """The rows as a reader's table, each cell on the source line of its row's first cell."""
    raw_rows = []
    for n, (row, start) in enumerate(zip(table.rows, table.row_lines, strict=True)):
        line = lines[start]
        header = True if n < len(table.header) else None
        raw_rows.append([RawCell(text, line=line.line, page=line.page, header=header) for text in row])
    first = lines[table.row_lines[0]]
    return RawTable(rows=raw_rows, caption=_scale_above(lines, table.row_lines[0]), notes=list(table.notes),
                    source=source, header_rows=len(table.header), line=first.line, page=first.page)


def _scale_above(lines, start: int, reach: int = 4) -> str:
    """A scale line a few lines above the header ("Bedragen x € 1.000"): the table's caption."""
    seen = 0
    for line in reversed(lines[max(0, start - 3 * reach):start]):
        text = line.text.strip()
        if not text:
            continue
        if MONEY_SCALE.search(text) and len(text) <= 60:
            return text
        seen += 1
        if seen >= reach:
            break
    return ""
