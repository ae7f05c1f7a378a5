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

#: a figure whose thousands are grouped by (no-break) spaces: "29 115", "4 470", "1 234 567". A first
#: group of three digits is left out: "650 559" under "Almelo Grootteklasse" is two figures, the
#: municipality's and its reference group's
SPACE_GROUPED = r"[-−]?\d{1,2}(?:[ \u00a0\u202f]\d{3})+"
#: a value cell: 685,1 / 1.234 / -5.811 / € 12.345 / 41% / 2,5 % / 11,1* / n.v.t. / - / 12 N / 29 115
_FIGURE_CELL = re.compile(
    r"^(?:[-−+]?\s?(?:€\s?)?[-−]?\d{1,3}(?:\.\d{3})+(?:,\d+)?|[-−+]?\s?(?:€\s?)?" + SPACE_GROUPED +
    r"|[-−+]?\s?(?:€\s?)?[-−]?\d+(?:,\d+)?)"
    r"(?:\s?(?:miljoen|miljard|mln\.?|mld\.?|mrd\.?))?\s?%?\s?\*{0,3}(?:\s?[NV])?$"
    r"|^(?:-|–|—|n\.?v\.?t\.?|n\.?n\.?b\.?|n\.?b\.?|n/b|nb|x|\*|-/-\s?\S+|onbekend|niet bekend|geen gegevens|"
    r"nog niet bekend|geen data)$",
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
#: a zero-padded number is a code (BBV number "022", programme "04"), never a value
_CODE_CELL = re.compile(r"^0\d{1,3}$")
MAX_CELL = 300  # a line longer than this is a paragraph, not a cell
MAX_HEADER_CELL = 60
MAX_ROW = 20
MIN_ROWS = 2


@dataclass(frozen=True)
class CellLine:
    index: int  # position in the reader's line list
    text: str
    kind: str
    last: int = -1  # the last line the cell takes (a cell of several lines); -1: its only line

    @property
    def end(self) -> int:
        return self.index if self.last < 0 else self.last


def is_code(text: str) -> bool:
    """A zero-padded number: a code ("022", "04"), no value."""
    return bool(_CODE_CELL.match(text.strip()))


def cell_kind(text: str) -> str:
    t = text.strip()
    if _CODE_CELL.match(t):
        return TEXT
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
    last_text = max((i for i, t in enumerate(texts) if t.strip()), default=-1)
    for run in _runs(texts):
        position = 0
        while position < len(run):
            best = _best_table(run, position)
            ragged = _ragged_table(run, position)
            if ragged is not None and (best is None or ragged[1] <= best[0] or _covers_more(ragged, best)):
                best = (*ragged, [])
            if best is None:
                break
            head, end, header, body, starts, notes = best
            if end < len(run) and run[-1].end >= last_text:
                end = _cut_off_row(run, end, body, starts)
            table = CellLineTable(header, body, [run[i].index for i in starts], run[end - 1].end, notes)
            found[table.row_lines[0]] = table
            position = end
    return found


def _cut_off_row(run: list[CellLine], end: int, body: list[list[str]], starts: list[int]) -> int:
    """Where a table ends whose text stops inside its last row (an excerpt cut off in the
    row's description): the first cells, of the rows' shape, become the row, the missing ones
    stay empty. ``body`` and ``starts`` grow by that row; returns the new end."""
    if not body:
        return end
    shape = [_block_kind(t) for t in body[-1]]
    rest = [c.kind for c in run[end:]]
    if not 2 <= len(rest) < len(shape) or FIGURE not in rest or rest != shape[:len(rest)]:
        return end
    body.append([c.text for c in run[end:]] + [""] * (len(shape) - len(rest)))
    starts.append(end)
    return len(run)


def _covers_more(ragged, regular) -> bool:
    """Whether the ragged reading of a stretch places more figures in rows than the regular one
    that overlaps it (which then aligned its rows by chance), or as many from an earlier start
    (the regular one took the last columns of a header for all of it)."""
    if ragged[0] > regular[1]:
        return False
    def figures(body):
        return sum(1 for row in body for text in row if _block_kind(text) == FIGURE)
    return (figures(ragged[3]), regular[0] - ragged[0]) > (figures(regular[3]), 0)


def _runs(texts: list[str]) -> list[list[CellLine]]:
    """Stretches of short lines (blank lines between them allowed) with a figure among them."""
    runs: list[list[CellLine]] = []
    current: list[CellLine] = []
    for i, last, text in _cell_texts(texts):
        long = len(text) > MAX_CELL
        if "\t" in text or text.count("|") >= 2 or (long and current and current[-1].kind == NOTE):
            if current:
                runs.append(current)
            current = []
            continue
        if long:  # a paragraph: the run goes on only if a table row follows (a note under a row)
            current.append(CellLine(i, text, NOTE, last))
            continue
        if len(cells := _header_cells(text)) > 1:  # "Sociaal Domein Begroot 2025 Begroot 2026 Verschil"
            current.extend(CellLine(i, cell, TEXT, last) for cell in cells)
            continue
        kind = _block_kind(text)
        if current and current[-1].kind == TEXT and re.search(r"\w-$", current[-1].text):
            # a cell broken after a hyphen: "100.000-" / "300.000" is the one header "100.000- 300.000"
            current[-1] = CellLine(current[-1].index, f"{current[-1].text} {text}", TEXT, last)
            continue
        if kind == PERIOD and current and current[-1].kind == TEXT and _KIND_WORD.match(current[-1].text):
            current[-1] = CellLine(current[-1].index, f"{current[-1].text} {text}", TEXT, last)
            continue
        current.append(CellLine(i, text, kind, last))
    if current:
        runs.append(current)
    return [r for r in runs if sum(c.kind == FIGURE for c in r) >= MIN_ROWS]


#: a header cell of a kind and a year ("Begroot 2025", "Realisatie 2021", "Begroting 2022 (na wijziging)")
_KIND_YEAR = re.compile(r"\b(?:realisatie|rekening|jaarrekening|werkelijk|begroting|begroot|primitief|prim\.\s*begroting|"
                        r"raming|meerjarenraming|prognose|verwachting|streefwaarde)\s+(?:19|20)\d\d\b(?:\s*\([^)]{1,20}\))?",
                        re.I)


def _header_cells(text: str) -> list[str]:
    """The header cells of a line that holds two or more of a kind and a year, written on one
    line in a table of one cell per line: the words before them, each of them, the words after
    ("Sociaal Domein | Begroot 2025 | Begroot 2026 | Verschil"); [] for any other line."""
    found = list(_KIND_YEAR.finditer(text))
    if len(found) < 2 or len(text) > 3 * MAX_HEADER_CELL or text[:1].islower():
        return []
    between = [text[a.end():b.start()] for a, b in zip(found, found[1:], strict=False)]
    before, after = text[:found[0].start()], text[found[-1].end():]
    if any(gap.strip() for gap in between) or len(before.split()) > 4 or len(after.split()) > 3 \
            or any(cell_kind(t) == FIGURE for t in (before + " " + after).split()):
        return []  # a sentence that names two budget years, not a header
    return [c.strip() for c in (before, *(m.group(0) for m in found), after) if c.strip()]


def _cell_texts(texts: list[str]) -> list[tuple[int, int, str]]:
    """The cells among the lines: (first line, last line, text). Where blank lines separate
    the cells around, lines without a blank between them are one cell that wrapped or holds
    two figures ("Banen" / "per 1.000 inw 15-64jr", "95" / "23"); elsewhere a line is a cell."""
    filled = [i for i, raw in enumerate(texts) if raw.strip()]
    spaced = [i + 1 < len(texts) and not texts[i + 1].strip() for i in filled]
    cells: list[tuple[int, int, str]] = []
    for n, i in enumerate(filled):
        text = texts[i].strip()
        if cells and n and filled[n - 1] == i - 1 and _blank_separated(spaced, n - 1) and _joins(cells[-1][2], text):
            first, _, previous = cells[-1]
            cells[-1] = (first, i, f"{previous} {text}")
            continue
        cells.append((i, -1, text))
    return cells


def _blank_separated(spaced: list[bool], n: int, reach: int = 8) -> bool:
    """Whether most of the cells around line ``n`` (it and its neighbours) end in a blank line."""
    around = spaced[max(0, n - reach):n] + spaced[n + 2:n + 2 + reach]
    return len(around) >= 4 and sum(around) >= 0.5 * len(around)


def _joins(previous: str, text: str) -> bool:
    """Whether a line continues the cell above: both short, neither a list item or a paragraph,
    and figures join figures only ("95" / "23"), text only text."""
    if len(previous) > MAX_CELL or len(text) > MAX_HEADER_CELL * 2 or text[:1] in "•-*·" or previous.endswith((".", ":")):
        return False
    return (cell_kind(previous) == FIGURE) == (cell_kind(text) == FIGURE) or all(
        cell_kind(t) == FIGURE for t in f"{previous} {text}".split())


def _block_kind(text: str) -> str:
    """A cell's kind; a cell of figures only ("95 23": two series in one cell) is a figure."""
    kind = cell_kind(text)
    if kind == TEXT and " " in text and all(cell_kind(t) == FIGURE and t not in "-–—" for t in text.split()):
        return FIGURE
    return kind


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
    best_cover: tuple[float, bool, float, int] = (0.0, False, 0.0, 0)
    for first in range(position, len(run)):
        if best is not None and first > best[1]:
            break  # a later table starts after this one ends: take this one first
        for width in range(3, MAX_ROW + 1):
            shape = kinds[first:first + width]
            if len(shape) < width or FIGURE not in shape:
                continue
            # the header has a cell per column, or none over the row labels ("Lasten 33.104 ...")
            for corner, gap in ((0, 0), (1, 0), (0, 1), (1, 1)) if shape[0] == TEXT else ((0, 0),):
                # gap: a row group's label between the header and the first row ("Banen" above
                # "Aantal per 1.000 inwoners | 482,5 | 2018"), in a table that has more of them
                start = first - gap
                head = start - width + corner
                if head < position or not all(_header_like(c) for c in run[head:start]):
                    continue
                if gap and not _group_line(run, start, shape):
                    continue
                header = run[head:start]
                if any(h.kind == PERIOD and k == PERIOD for h, k in zip(header, shape[corner:], strict=False)):
                    continue  # a year over a column of years is a row's period cell, not its header
                rows, end, notes = _rows(run, start, shape)
                if gap and not any(weight == GROUP_WEIGHT for _, _, weight in rows[1:]):
                    continue
                if len(rows) < MIN_ROWS and not _series(header, shape):
                    continue
                words = sum(1 for h in header if h.kind == PERIOD or _HEADER_WORD.search(h.text))
                header_rows, top = [[""] * corner + [c.text for c in header]], head
                if corner and head > position and run[head - 1].index == run[head].index:
                    header_rows[0][0], top = run[head - 1].text, head - 1  # "Sociaal Domein" of the header's own line
                upper = _upper_header(run, head, position, header_rows[0], corner)
                # a header row spanning groups of the one below ("Rekening 2016" over "Lasten |
                # Baten | Saldo") explains more of the lines than its last cell taken as a corner
                cover = (sum(weight for _, _, weight in rows) * _distinct_labels(rows), upper is not None,
                         words / len(header), end)
                if cover > best_cover:
                    best_cover = cover
                    starts, at = [head], start
                    for _, used, _ in rows:
                        starts.append(at)
                        at += used
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
    for groups in range(columns // 2, 1, -1):  # the shortest group that repeats: "Lasten | Baten | Saldo", not twice it
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
        if rows and shape[0] == TEXT and width > 2 and kinds[at:at + width - 1] == shape[1:] \
                and (at + width - 1 >= len(run) or kinds[at + width - 1] == TEXT):
            # a row without its label: "67,40% / 2019" below "Bron: CBS / 66,00% / 2018", the
            # third measurement of the row group above
            rows.append(([""] + [c.text for c in run[at:at + width - 1]], width - 1, GROUP_WEIGHT * (width - 1)))
            at += width - 1
            continue
        if shape[0] == TEXT and _group_line(run, at, shape):
            rows.append(([run[at].text] + [""] * (width - 1), 1, GROUP_WEIGHT))  # "Inkomen" above "Lasten | 8.893 | ..."
            at += 1
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


#: how much a group line supports an alignment: less than any row of cells
GROUP_WEIGHT = 0.5


def _group_line(run: list[CellLine], at: int, shape: list[str]) -> bool:
    """Whether the line at ``at`` is a row group's label: a short text line right before a
    whole row of the shape, not a label that wrapped onto it ("Lopende re-integratie-" /
    "voorzieningen", a continuation in lower case). Only in rows of one label and figures:
    where a row has more text cells (a source, a unit), an extra line is one of them wrapped."""
    if shape.count(TEXT) != 1:
        return False
    line = run[at]
    following = [c.kind for c in run[at + 1:at + 1 + len(shape)]]
    return (line.kind == TEXT and following == shape and _header_like(line) and not line.text.endswith("-")
            and not run[at + 1].text[:1].islower())


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


#: a header word that names the kind of a group of year columns ("Realisatie cijfers" over 2014-2018)
_GROUP_KIND = re.compile(r"^(?:realisatie|rekening|werkelijk|begroting|begroot|raming|prognose|streef|referentie|doel)",
                         re.I)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _column_cell(cell: CellLine) -> bool:
    """A header cell over a column of values: a year, or a kind and its year ("Begroot 2016")."""
    return cell.kind == PERIOD or (cell.kind == TEXT and bool(_YEAR.search(cell.text))
                                   and len(cell.text.split()) <= 4 and _header_like(cell))


def _ragged_table(run: list[CellLine], position: int):
    """A table whose rows do not repeat one shape, because its web page dropped the empty
    cells and some rows have a source cell and others not, under a header of year columns::

        Naam indicator / Referentiewaarde / Streefwaarde / Bron / 2021 / ... / 2025
        022 / Jongeren met een delict voor de rechter, ... / 1,0 / 1,0 / 1 / 1 / CBS - Jeugdmonitor

    Each row is the text cell right before a run of figures (its label) and those figures; the
    text cells between two rows trail the row before (its source). A row with a figure for every
    year column fills them; a shorter one cannot be placed among them and gets columns of its
    own, without a year. Returns (first cell, end, header rows, body rows, row starts) or None."""
    for y0 in range(position, len(run)):
        if not _column_cell(run[y0]):
            continue
        y1 = y0
        while y1 < len(run) and _column_cell(run[y1]):
            y1 += 1
        if y1 - y0 < 2:
            continue
        found = _ragged_from(run, position, y0, y1)
        if found is not None:
            return found
    return None


def _ragged_from(run: list[CellLine], position: int, y0: int, y1: int):
    columns = y1 - y0
    lead_start = y0
    while lead_start > position and y0 - lead_start < 6 and _header_like(run[lead_start - 1]):
        lead_start -= 1
    corner = next((k for k in range(lead_start, y0) if _HEADER_WORD.search(run[k].text)
                   and not _GROUP_KIND.match(run[k].text)), None)
    if corner is not None:  # the header starts at its first column name, not at a heading above it
        while corner + 1 < y0 and run[corner + 1].text == run[corner].text:
            corner += 1  # "Indicatoren" / "Indicatoren": a heading and the header's first cell
        lead_start = corner
    else:
        # no column name: the last text above the year columns heads the label column ("Algemene middelen
        # bedragen x 1.000,-"); the headings above it ("Algemene dekkingsmiddelen") stay the page's
        plain = [k for k in range(lead_start, y0) if not _GROUP_KIND.match(run[k].text)]
        if plain:
            lead_start = plain[-1]
    lead = run[lead_start:y0]
    trail_end = y1
    while trail_end < len(run) and run[trail_end].kind == TEXT and _HEADER_WORD.search(run[trail_end].text) \
            and _header_like(run[trail_end]):
        trail_end += 1
    groups, end = _ragged_groups(run, trail_end, columns)
    if not groups:
        return None
    rows = _ragged_rows(run, groups, lead)
    if rows is None:
        return None
    full = sum(len(r[3]) == columns for r in rows)
    shapes = {(len(r[2]), len(r[3]), len(r[4])) for r in rows}
    if not full or (len(rows) < MIN_ROWS and columns < 3) or (len(shapes) == 1 and len(rows) >= MIN_ROWS):
        return None  # one shape throughout: the regular recogniser reads it, with its notes and mending
    extra = max(len(r[2]) for r in rows)
    trailing = max([y1 - trail_end] + [len(r[4]) for r in rows])
    spare = max([0] + [len(r[3]) for r in rows if len(r[3]) < columns])
    named = [c.text for c in lead if not _GROUP_KIND.match(c.text)]
    extra_names = [""] * extra
    if extra and len(named) > extra and all(_HEADER_WORD.search(t) for t in named[-extra:]):
        named, extra_names = named[:-extra], named[-extra:]  # "omschrijving / bron / eenheid" over label, source, unit
    trail_names = [c.text for c in run[y1:trail_end]]
    series = not groups[0][0]  # the label of a series under its header is the caption above it
    corner_name = "" if series or not named else named[-1] if any(extra_names) else named[0]
    if corner_name:  # texts above the corner ("Overige indicatoren" over "omschrijving | bron | ...") stay headings
        lead_start = next(k for k in range(lead_start, y0) if run[k].text == corner_name)
    header = [corner_name] + extra_names + _column_names(lead, run[y0:y1]) \
        + _pad(trail_names, trailing) + [""] * spare
    body = []
    for _, label, extras, figures, trail in rows:
        fits = len(figures) == columns
        body.append([label] + _pad(extras, extra) + (figures if fits else [""] * columns) + _pad(trail, trailing)
                    + _pad([] if fits else figures, spare))
    return lead_start, end, [header], body, [lead_start] + [r[0] for r in rows]


def _pad(cells: list[str], width: int) -> list[str]:
    return (cells + [""] * width)[:width]


def _ragged_groups(run: list[CellLine], at: int, columns: int) -> tuple[list[tuple[list[int], int, int]], int]:
    """The body as groups of text cells, each followed by its run of figures (at most one per
    column), until a paragraph, a period cell or a stretch of text without figures ends it:
    (the text cells, first figure, end of the figures), and where the body ends."""
    groups: list[tuple[list[int], int, int]] = []
    pending: list[int] = []
    end = at
    while at < len(run):
        cell = run[at]
        if cell.kind in (NOTE, PERIOD) or len(pending) > 4:
            break
        if cell.kind == TEXT:
            pending.append(at)
            at += 1
            continue
        stop = at
        while stop < len(run) and run[stop].kind == FIGURE:
            stop += 1
        if stop - at > columns or not (pending or not groups):
            break
        groups.append((pending, at, stop))
        pending = []
        at = end = stop
    return groups, end


def _ragged_rows(run: list[CellLine], groups, lead: list[CellLine]):
    """Each group as a row: (first cell, label, the row's other leading cells, figures, cells
    trailing it). The label is the group's last text that recurs in no other group and is no
    code: a source ("afd. WIZ") or unit ("aantal") repeats row after row, a row label does not.
    Texts before it trail the row above; a code right before it and texts after it are its own."""
    seen: dict[str, int] = {}
    for texts, _, _ in groups:
        for k in texts:
            seen[run[k].text] = seen.get(run[k].text, 0) + 1
    rows: list[tuple[int, str, list[str], list[str], list[str]]] = []
    for n, (texts, first, stop) in enumerate(groups):
        figures = [c.text for c in run[first:stop]]
        if not texts:  # a series right under its header: the label is the caption above
            named = [c for c in lead if not _GROUP_KIND.match(c.text) and not _HEADER_WORD.search(c.text)
                     and not re.match(r"^[\d.]+[a-z]?$", c.text)]
            if n or not named:
                return None
            rows.append((first, named[-1].text, [], figures, []))
            continue
        own = [k for k in texts if seen[run[k].text] == 1 and not _CODE_CELL.match(run[k].text)]
        label_at = own[-1] if own else texts[-1]
        before = [k for k in texts if k < label_at]
        codes = []
        while before and _CODE_CELL.match(run[before[-1]].text):
            codes.insert(0, before.pop())
        if rows:
            rows[-1][4].extend(run[k].text for k in before)
        extras = [run[k].text for k in codes] + [run[k].text for k in texts if k > label_at]
        rows.append((codes[0] if codes else label_at, run[label_at].text, extras, figures, []))
    return rows


def _column_names(lead: list[CellLine], years: list[CellLine]) -> list[str]:
    """The year columns' names, each with the kind of its group when the header names one kind per
    run of rising years ("Realisatie cijfers" / "Streefcijfers" over 2014 ... 2018 / 2018)."""
    kinds = [c.text for c in lead if _GROUP_KIND.match(c.text)]
    texts = [c.text for c in years]
    values = [int(m.group()) if (m := _YEAR.search(t)) else 0 for t in texts]
    runs = [0]
    for a, b in zip(values, values[1:], strict=False):
        runs.append(runs[-1] + (b <= a))
    if kinds and len(kinds) == runs[-1] + 1 and all(c.kind == PERIOD for c in years):
        return [f"{kinds[r]} {t}" for r, t in zip(runs, texts, strict=True)]
    return texts
