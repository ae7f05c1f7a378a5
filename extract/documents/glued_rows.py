"""Tables whose cells reached us glued together: a web page's table flattened to text
without a space between its cells (financial pages of several begroting platforms)::

     BegrotingRekeningResultaat
     lastenbatensaldolastenbatensaldolastenbatensaldo
    Werk en inkomen132.395.32478.658.853-53.736.471135.288.89382.869.517-52.419.376...

The header words are split where a capital follows a lower-case letter or a digit, and a
run of lower-case column words by the words of financial tables (lasten, baten, saldo, ...).
The figures are split by their thousands groups: a figure is ``-``, one to three digits, then
groups of a dot and three digits, so after a complete group the next figure begins. Where
that leaves a choice (a figure under 1.000 glued to the next: "6603.096" is 660 | 3.096 or
6 | 603.096), the row must have as many figures as the header has columns, and under
lasten/baten/saldo columns the saldo must be the difference of the two before it; a row
that still reads two ways is left as text rather than guessed.
"""

from __future__ import annotations

import re
from functools import cache

from .tables import MONEY_SCALE, RawCell, RawTable

#: the column words of financial tables, as they run together in lower case
_COLUMN_WORDS = ("lasten", "baten", "saldo", "begroting", "begroot", "rekening", "realisatie", "resultaat",
                 "verschil", "raming", "primitief", "prognose", "werkelijk", "totaal", "mutatie", "na", "wijziging")
_WORD_RUN = re.compile(rf"(?:{'|'.join(_COLUMN_WORDS)})+")
_WORD = re.compile(rf"{'|'.join(sorted(_COLUMN_WORDS, key=len, reverse=True))}")
_CAMEL = re.compile(r"(?<=[a-zë\d)])(?=[A-Z])")
#: a glued row: a label, then figures with no space between them (at least two of them)
_GLUED_ROW = re.compile(r"^(?P<label>\S.*?\D)(?P<figures>-?\d[\d.\-]*\d)\s*$")
_FIGURE = re.compile(r"-?(?:[1-9]\d{0,2}(?:\.\d{3})+|[1-9]\d{0,2}|0)")
MAX_SEGMENTATIONS = 5000


def header_words(text: str) -> list[str]:
    """The cells of a glued header line, or [] when it is no header of column words."""
    text = text.strip()
    if not text or any(ch in text for ch in ".,:;!?") or len(text) > 400:
        return []
    pieces = [p.strip() for p in _CAMEL.split(text) if p.strip()]
    cells: list[str] = []
    for piece in pieces:
        if piece.islower() and _WORD_RUN.fullmatch(piece):
            cells.extend(_WORD.findall(piece))
        else:
            cells.append(piece)
    return cells if len(cells) >= 2 else []


def segmentations(digits: str, count: int | None = None) -> list[list[str]]:
    """Every way to read ``digits`` as well-formed figures (``count`` of them, when given);
    [] when there are too many ways to try."""
    found: list[list[str]] = []

    @cache
    def ways(at: int) -> int:  # how many readings the rest has, to stop before enumerating too many
        if at == len(digits):
            return 1
        return sum(ways(at + len(m)) for m in _prefixes(digits, at))

    if ways(0) > MAX_SEGMENTATIONS:
        return []

    def walk(at: int, taken: list[str]) -> None:
        if at == len(digits):
            if count is None or len(taken) == count:
                found.append(list(taken))
            return
        if count is not None and len(taken) >= count:
            return
        for figure in _prefixes(digits, at):
            taken.append(figure)
            walk(at + len(figure), taken)
            taken.pop()

    walk(0, [])
    return found


def _prefixes(digits: str, at: int) -> list[str]:
    """The well-formed figures that ``digits`` can start with at ``at``, each ending where a new figure can begin."""
    out = []
    for end in range(at + 1, len(digits) + 1):
        piece = digits[at:end]
        if _FIGURE.fullmatch(piece) and (end == len(digits) or digits[end] != "."):
            out.append(piece)
    return out


def _value(figure: str) -> int:
    return int(figure.replace(".", ""))


def _saldo_score(figures: list[str], columns: list[str]) -> int:
    """How many lasten/baten/saldo triples of the row add up (saldo = the difference of the two,
    or their sum where a difference column flips the sign of the lasten)."""
    score = 0
    for k in range(len(columns) - 2):
        if [c.lower() for c in columns[k:k + 3]] == ["lasten", "baten", "saldo"] and k + 2 < len(figures):
            lasten, baten, saldo = (_value(f) for f in figures[k:k + 3])
            if abs(saldo) in (abs(lasten - baten), abs(lasten + baten)):
                score += 1
    return score


def split_row(label: str, digits: str, columns: list[str]) -> tuple[str, list[str]] | None:
    """The label and figures of one glued row under ``columns``, or None when it does not read
    one way. The label may end in a digit of its own ("Programma 0" + "3.756660..."), so the
    digits it could keep are tried too."""
    count = len(columns)
    readings: list[tuple[str, list[str]]] = []
    for keep in range(0, 3):
        if keep and (len(digits) <= keep or not digits[:keep].isdigit()):
            break
        for figures in segmentations(digits[keep:], count):
            readings.append((label + digits[:keep], figures))
    if not readings:
        return None
    scored = sorted(((_saldo_score(f, columns), lab, f) for lab, f in readings), key=lambda r: -r[0])
    best = [r for r in scored if r[0] == scored[0][0]]
    if len(best) > 1:
        return None
    return best[0][1].strip(), best[0][2]


def glued_row(text: str) -> tuple[str, str] | None:
    """A line that is a label with figures glued to it and to each other: (label, digits)."""
    found = _GLUED_ROW.match(text.strip())
    if not found or len(found.group("label")) > 80:
        return None
    digits = found.group("figures")
    if _FIGURE.fullmatch(digits) or "." not in digits:
        return None  # one figure, or digits without a thousands group to split by: "Programma 6", "Werk 2019"
    return found.group("label"), digits


def find_glued_tables(lines) -> dict[int, tuple[int, RawTable]]:
    """The glued tables among a reader's lines, by the line their header starts on: (last line, table)."""
    texts = [line.text for line in lines]
    found: dict[int, tuple[int, RawTable]] = {}
    i = 0
    while i < len(texts):
        rows = []
        j = i
        while j < len(texts) and (row := glued_row(texts[j])) is not None:
            rows.append((j, *row))
            j += 1
        if len(rows) < 2:
            i = max(j, i + 1)
            continue
        table = _table(lines, texts, i, rows)
        if table is not None:
            found[table[0]] = (j - 1, table[1])
        i = j
    return found


def _header_above(texts: list[str], first: int) -> list[tuple[int, list[str]]]:
    """The glued header lines right above the first row (at most two), top first."""
    header: list[tuple[int, list[str]]] = []
    k = first - 1
    while k >= 0 and len(header) < 2:
        words = header_words(texts[k])
        if not words:
            break
        header.insert(0, (k, words))
        k -= 1
    return header


def _table(lines, texts: list[str], first: int, rows) -> tuple[int, RawTable] | None:
    header = _header_above(texts, first)
    if not header:
        return None
    columns = header[-1][1]
    split = [split_row(label, digits, columns) for _, label, digits in rows]
    if sum(s is not None for s in split) < 2:
        return None
    start = header[0][0]
    header_rows = [_spread(words, len(columns), lines[k]) for k, words in header]
    body = []
    for (k, label, digits), parsed in zip(rows, split, strict=True):
        cells = [label + digits] + [""] * len(columns) if parsed is None else [parsed[0], *parsed[1]]
        body.append([RawCell(c, line=lines[k].line, page=lines[k].page) for c in cells])
    caption = next((texts[k].strip() for k in range(max(0, start - 4), start)
                    if MONEY_SCALE.search(texts[k]) and len(texts[k].strip()) <= 60), "")
    return start, RawTable(rows=header_rows + body, caption=caption, source="glued-cells",
                           header_rows=len(header_rows), line=lines[start].line, page=lines[start].page)


def _spread(words: list[str], width: int, source) -> list[RawCell]:
    """A header row over ``width`` figure columns: one cell per column, or each word spanning
    an equal group of them ("Begroting" over lasten, baten, saldo); a first word over the labels
    when the rest divide the columns ("Programma" / "Rekening 2015" / ...)."""
    corner = ""
    if len(words) != width and width % len(words) and len(words) > 1 and width % (len(words) - 1) == 0:
        corner, words = words[0], words[1:]
    cells = [RawCell(corner, line=source.line, page=source.page, header=True)]
    if width % len(words):
        return cells + [RawCell(w, line=source.line, page=source.page, header=True) for w in words] + \
            [RawCell("", line=source.line, page=source.page, header=True) for _ in range(width - len(words))]
    span = width // len(words)
    for w in words:
        cells.append(RawCell(w, colspan=span, line=source.line, page=source.page, header=True))
    return cells


#: a chart's data label flattened to text: series, kind and amount glued ("Werk en inkomenBegroting132,4 miljoen")
_CHART_ITEM = re.compile(
    r"^(?P<label>.*?[a-zë.)])?(?P<kind>Begroting|Rekening|Realisatie|Raming|Prognose|Werkelijk|Primitief|Lasten|Baten)"
    r"(?P<value>-?\d{1,3}(?:\.\d{3})*(?:,\d+)?(?:\s*(?:miljoen|mln\.?|duizend|miljard|mld\.?))?)$")
_SHARE = re.compile(r"^-?\d{1,3}(?:,\d+)?\s?%$")


def find_glued_charts(lines) -> dict[int, tuple[int, RawTable]]:
    """A chart's data labels, one item per line and its share on the next ("37%"), as a table
    of series, amount and share: the chart's figures, which the page shows nowhere else."""
    found: dict[int, tuple[int, RawTable]] = {}
    i = 0
    while i < len(lines):
        items = []
        j = i
        while j < len(lines) and (item := _CHART_ITEM.match(lines[j].text.strip())):
            share = lines[j + 1].text.strip() if j + 1 < len(lines) and _SHARE.match(lines[j + 1].text.strip()) else ""
            items.append((lines[j], item, share))
            j += 2 if share else 1
        if len(items) < 3:
            i = max(j, i + 1)
            continue
        header = [RawCell(text, line=items[0][0].line, page=items[0][0].page, header=True)
                  for text in ("", "Bedrag", "Aandeel")]
        rows = [header]
        for line, item, share in items:
            label = " / ".join(p for p in ((item.group("label") or "").strip(), item.group("kind")) if p)
            rows.append([RawCell(text, line=line.line, page=line.page) for text in (label, item.group("value"), share)])
        found[i] = (j - 1, RawTable(rows=rows, source="glued-chart", header_rows=1, line=items[0][0].line,
                                    page=items[0][0].page))
        i = j
    return found
