"""Draft rule entries from the labels the catalogue does not know (`harvest rules suggest`).

A figure no rule names is kept as a *labelled* measurement: indicator empty, label its table
row (with the column header the table reader adds: "Bijstandsuitkeringen / Gouda") or the
words its sentence counts ("672 mensen"). The labels that recur across documents and
municipalities are the rules that pay next. This module

- extracts the documents with the current rules and takes every labelled measurement;
- normalises its label (:func:`normalise`: lower case, without the column suffix, units such
  as "per 1.000 inwoners", "(x € 1.000)" and "%", footnote marks, years, BBV numbers and age
  bounds) and groups the labels with rapidfuzz's ``token_set_ratio`` (:func:`cluster`): each
  label joins the most similar cluster whose leader scores at least the threshold, leaders
  taken in order of frequency, so clusters do not chain, and per kind of quantity the units
  give ("Saldo" in euros and in percent are two clusters); a cluster is named by its most
  frequent member;
- ranks the clusters by distinct municipalities, then documents, then figures, a label that is
  no more than a counted noun ("mensen", "inwoners") after all the others;
- writes a draft indicator entry per cluster (:func:`to_yaml`) that loads with the rule schema
  once pasted under ``indicators:`` of a rule file, marked as draft, for a rule author to review.

The examples of a draft quote the documents it was run on. Examples for ``rules/`` must not be
quoted from the dev set (``tests/devset``): a draft made from it shows what to look for, the
example then comes from another real report.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz, process

from ..extraction.extractor import Extraction
from ..model import Document, Table
from ..records import Measurement
from .coverage import extracted
from .load import RuleSet

#: how alike two normalised labels must be (``token_set_ratio``, 0-100) to share a cluster
DEFAULT_THRESHOLD = 90
#: a cluster must be seen in this many documents to be suggested
DEFAULT_MIN_DOCS = 2
#: how many member labels and examples a draft lists
MAX_LABELS = 12
MAX_EXAMPLES = 3
#: the share of the longer label (in letters of its words) that two labels must have in common:
#: token_set_ratio scores a label contained in another 100, and "inwoners" must not absorb
#: "inwoners dat mantelzorg verleent", nor "totaal" the label "totaal onttrekkingen"
MIN_SHARED = 0.5

#: quantity guessed from the unit (the rest is a stock): a draft says to review it
QUANTITY_OF_UNIT = {
    "percent": "share", "percentage_point": "share", "eur": "amount", "per_1000": "rate", "per_10000": "rate",
    "grade": "score", "hours": "duration", "days": "duration", "weeks": "duration", "months": "duration",
    "years": "duration",
}


# -- labels --------------------------------------------------------------------------------------

_UNIT_TAIL = re.compile(r"(?:[,(]\s*)?(?:\baantal\s+)?\bper\s+(?:1\.?000|10\.?000|100\.?000|100)\b.*$", re.I)
_SHARE_TAIL = re.compile(r"\s*\(?\s*%\s*(?:van|in|t\.?o\.?v\.?|v\.?d\.?)\b.*$", re.I)
_MONEY = re.compile(r"\(?\s*(?:bedragen\s+)?(?:x|×|in)\s*(?:€|eur\b|euro\b)\s*(?:[\d.]+|miljoen|mln\.?|duizend)?\s*\)?"
                    r"|€|\beuro\b|\b(?:miljoen|miljard|mln|mld)\b\.?", re.I)
_PERCENT = re.compile(r"\(\s*(?:in\s+)?%\s*\)|\bin\s+%|%")
_AGE = re.compile(r"(?:\b(?:van|tot|tussen|vanaf)\s+)?\b\d+\s*-?\s*(?:(?:-|–|t/m|tot|en)\s*\d+\s*-?\s*)?(?:jaar|jarigen|jr)\b\.?"
                  r"|\b\d+\s*\+|\bt/m\b", re.I)
_FOOTNOTE = re.compile(r"\*+\)?|\b\d\)|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\(\s*\d{1,3}\s*\)|\[\s*\d{1,3}\s*\]")
_NUMBER = re.compile(r"[-+−]?\d[\d.,]*")
_UNIT_WORD_TAIL = re.compile(r"[,\s]+(?:percentage|procent|in procenten|aantal)$", re.I)
_LEADING_COUNT = re.compile(r"^(?:het\s+)?aantal\s+(?=\S)", re.I)
_LEADING_TOTAL = re.compile(r"^(?:sub)?totaal\s+(?=\S)")
_SPACES = re.compile(r"\s+")
_EDGES = re.compile(r"^[\s\-–,.;:/|(]+|[\s\-–,.;:/|(]+$")
_WORDS = re.compile(r"[^\W\d_]+")


def clean(label: str) -> str:
    """A label as a rule author would name it, case kept: without units, footnote marks,
    years and other numbers ("Personen met een bijstandsuitkering (per 10.000 inwoners)" ->
    "Personen met een bijstandsuitkering")."""
    text = _SPACES.sub(" ", label).strip()
    text = _UNIT_TAIL.sub("", text)
    text = _SHARE_TAIL.sub("", text)
    for pattern in (_MONEY, _PERCENT, _FOOTNOTE, _AGE, _NUMBER):
        text = pattern.sub(" ", text)
    text = re.sub(r"\(\s*\)", " ", text)
    text = _EDGES.sub("", _SPACES.sub(" ", text))
    text = _EDGES.sub("", _UNIT_WORD_TAIL.sub("", text))
    return _LEADING_COUNT.sub("", text).strip() or text


def normalise(label: str) -> str:
    """The form labels are compared in: :func:`clean`, lower case, without accents and
    punctuation, a compound's hyphen dropped ("maatwerk-arrangement" -> "maatwerkarrangement",
    "Re-integratie" -> "reintegratie") but not an abbreviation's ("Wmo-cliënten" -> "wmo clienten"),
    and without a leading "totaal" (a total is its indicator without a breakdown: "Totaal lasten"
    is "lasten")."""
    text = re.sub(r"\b(re|her|co|ex)-(?=\w)", r"\1", clean(label), flags=re.I)
    text = re.sub(r"\b([^\W\d_]+)-(?=([^\W\d_]))",
                  lambda m: m.group(1) + ("" if m.group(1).islower() and m.group(2).islower() else " "), text)
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _LEADING_TOTAL.sub("", " ".join(_WORDS.findall(text)))


def _cut_column(label: str, column: str) -> str:
    """The label without the " / <column header>" the table reader appends."""
    column = column.strip()
    if column:
        at = label.rfind(f" / {column}")
        if at > 0:
            return label[:at]
    return label


def _split_group(label: str, table: Table, row: int, col: int) -> tuple[str, str]:
    """(group, row label) of a table label "Lasten / BUIG": the group is the label-only row the
    row falls under; the row label is a cell of the row itself (a code such as "6.1" dropped)."""
    for c in range(col):
        cell = table.cell(row, c)
        text = re.sub(r"^\d{1,3}(?:\.\d{1,3})*\.?\s+", "", cell.text.strip()) if cell is not None and cell.text else ""
        if text and label.endswith(f" / {text}") and len(label) > len(text) + 3:
            return label[:-len(text) - 3], text
    return "", label


@dataclass
class Figure:
    """One labelled measurement, with what a draft needs of it."""

    measurement: Measurement
    written: str  # the row label or prose label as written (no column, no group)
    group: str  # the label-only row above a table row ("Lasten"), else ""
    name: str  # :func:`clean` of ``written``
    key: str  # :func:`normalise` of ``written``
    municipality: str  # the document's municipality (or the document, when none is known)
    example: dict[str, Any] = field(default_factory=dict)  # text or table, as an example quotes it
    where: tuple = ()  # what figures of one example share: (doc, table, row) or (doc, quote)


def labelled_figures(doc: Document, extraction: Extraction) -> list[Figure]:
    """Every labelled measurement (no indicator) of one document, its label split and normalised."""
    figures = []
    municipality = doc.meta.municipality or f"({doc.name})"
    for m in extraction.measurements:
        if m.indicator or not m.label.strip():
            continue
        block = doc.blocks[m.table] if m.table is not None and 0 <= m.table < len(doc.blocks) else None
        if m.method == "table" and isinstance(block, Table) and m.cell is not None:
            row, col = m.cell
            group, written = _split_group(_cut_column(m.label, block.column_header(col)), block, row, col)
            example = _table_example(block, row)
            where = (m.doc, m.table, row)
        else:
            group, written = "", m.label
            example = {"text": _SPACES.sub(" ", m.quote).strip()}
            where = (m.doc, m.quote)
        key = normalise(written)
        if not key:
            continue  # a label of numbers and units only names nothing
        figures.append(Figure(m, written.strip(), group.strip(), clean(written), key, municipality, example, where))
    return figures


def _table_example(table: Table, row: int) -> dict[str, Any]:
    """A table row as an example quotes it: caption, column headers, the row, the unit hint."""
    example: dict[str, Any] = {}
    if table.caption:
        example["caption"] = table.caption
    if table.header_rows:
        example["header"] = [table.column_header(c) for c in range(table.n_cols)]
    example["row"] = list(table.rows()[row])
    if table.unit_hint:
        example["unit_hint"] = table.unit_hint
    return example


# -- clustering ----------------------------------------------------------------------------------


def similar(a: str, b: str, score: float, threshold: float) -> bool:
    """Whether two normalised labels with ``token_set_ratio`` ``score`` belong together: the
    score reaches the threshold and the words they share make up at least half of the longer
    one ("netto arbeidsparticipatie" and "arbeidsparticipatie" do, "totaal onttrekkingen" and
    "totaal" do not)."""
    if score < threshold:
        return False
    wa, wb = set(a.split()), set(b.split())
    shared = sum(len(w) for w in wa & wb)
    return shared >= MIN_SHARED * max(sum(len(w) for w in wa), sum(len(w) for w in wb))


def cluster(keys: Counter, threshold: float = DEFAULT_THRESHOLD, weight: Counter | None = None) -> dict[str, str]:
    """Each key's leader. Keys are taken most frequent first (``weight``, then ``keys``); a key
    joins the leader it is most similar to, else leads a cluster of its own."""
    weight = weight or keys
    order = sorted(keys, key=lambda k: (-weight[k], -keys[k], k))
    if not order:
        return {}
    scores = process.cdist(order, order, scorer=fuzz.token_set_ratio, score_cutoff=threshold, workers=1)
    leaders: list[int] = []
    leader_of: dict[str, str] = {}
    for i, key in enumerate(order):
        best = max((j for j in leaders if similar(key, order[j], scores[i][j], threshold)),
                   key=lambda j: (scores[i][j], -j), default=None)
        if best is None:
            leaders.append(i)
            leader_of[key] = key
        else:
            leader_of[key] = order[best]
    return leader_of


# -- suggestions ---------------------------------------------------------------------------------


@dataclass
class Suggestion:
    """A cluster of labels that recur, and the draft indicator entry it gives."""

    figures: list[Figure]
    nearest: tuple[str, str, float] | None = None  # (indicator id, its phrase or label, score)
    id: str = ""

    @property
    def municipalities(self) -> int:
        return len({f.municipality for f in self.figures})

    @property
    def documents(self) -> int:
        return len({f.measurement.doc for f in self.figures})

    @property
    def members(self) -> list[str]:
        """The distinct normalised labels, most frequent first."""
        return [k for k, _ in Counter(f.key for f in self.figures).most_common()]

    @property
    def name(self) -> str:
        """The most frequent member, as written most often (units and numbers cleaned off)."""
        top = self.members[0]
        return Counter(f.name for f in self.figures if f.key == top).most_common(1)[0][0]

    @property
    def unit(self) -> str:
        return Counter(f.measurement.unit for f in self.figures).most_common(1)[0][0]

    @property
    def quantity(self) -> str:
        return QUANTITY_OF_UNIT.get(self.unit, "stock")

    @property
    def table_labels(self) -> list[str]:
        """The distinct row labels of its table figures, as written."""
        return _distinct(f.written for f in self.figures if f.measurement.method == "table")

    @property
    def phrases(self) -> list[str]:
        """The distinct member labels, normalised (a rule needs at least one phrase)."""
        return _distinct(self.members)

    @property
    def groups(self) -> list[str]:
        return _distinct(f.group for f in self.figures if f.group)

    def examples(self) -> list[dict[str, Any]]:
        """Up to three examples, one row or sentence each, from as many municipalities as possible."""
        quoted: dict[tuple, list[Figure]] = {}
        for f in self.figures:
            quoted.setdefault(f.where, []).append(f)
        ranked = sorted(quoted.values(), key=lambda fs: -len(fs))
        chosen: list[list[Figure]] = []
        seen: set[str] = set()
        for fs in ranked:  # first one per municipality, then fill up
            if fs[0].municipality not in seen and len(chosen) < MAX_EXAMPLES:
                chosen.append(fs)
                seen.add(fs[0].municipality)
        for fs in ranked:
            if len(chosen) >= MAX_EXAMPLES:
                break
            if not any(fs is c for c in chosen):
                chosen.append(fs)
        return [_example(fs) for fs in chosen]

    def entry(self) -> dict[str, Any]:
        """The draft indicator entry (key order as in the rule files)."""
        entry: dict[str, Any] = {"id": self.id, "label": self.name, "unit": self.unit, "quantity": self.quantity,
                                 "phrases": self.phrases[:MAX_LABELS]}
        if self.table_labels:
            entry["table_labels"] = self.table_labels[:MAX_LABELS]
        entry["examples"] = self.examples()
        return entry

    def to_json(self, rank: int) -> dict[str, Any]:
        return {"rank": rank, "name": self.name, "municipalities": self.municipalities, "documents": self.documents,
                "figures": len(self.figures), "unit": self.unit, "quantity": self.quantity, "members": self.members,
                "groups": self.groups,
                "nearest": dict(zip(("indicator", "label", "score"), self.nearest, strict=True)) if self.nearest else None,
                "entry": self.entry()}


def _distinct(values: Iterable[str]) -> list[str]:
    """Distinct values (case-insensitively), most frequent first, then in order of appearance."""
    counts: Counter = Counter()
    first: dict[str, str] = {}
    for v in values:
        low = _SPACES.sub(" ", v).strip().lower()
        if low:
            counts[low] += 1
            first.setdefault(low, _SPACES.sub(" ", v).strip())
    order = {k: i for i, k in enumerate(first)}
    return [first[k] for k in sorted(counts, key=lambda k: (-counts[k], order[k]))]


def _example(figures: list[Figure]) -> dict[str, Any]:
    head = figures[0]
    m = head.measurement
    example: dict[str, Any] = {"doc": m.doc}
    if "text" in head.example:
        example["text"] = head.example["text"]
    else:
        example["table"] = dict(head.example)
        if head.group:
            example["table"]["group"] = head.group
    example["expect"] = [_expected(f.measurement) for f in sorted(figures, key=lambda f: f.measurement.start or 0)]
    where = m.path + (f" page {m.page}" if m.page else "") + (f" line {m.line}" if m.line else "")
    note = f"Found by harvest rules suggest in {where}: check every value against the report."
    if "devset" in Path(m.path).parts:
        note += " A dev-set document: quote another report before this goes into rules/."
    example["note"] = note
    return example


def _expected(m: Measurement) -> dict[str, Any]:
    value: float | int = int(m.value) if float(m.value).is_integer() else m.value
    expect: dict[str, Any] = {"value": value, "unit": m.unit}
    if m.period_start and m.period_end:
        expect["period"] = m.period_start if m.period_start == m.period_end else [m.period_start, m.period_end]
    expect["kind"] = m.kind
    if m.qualifier:
        expect["qualifier"] = m.qualifier
    if m.geography and m.geography != m.municipality:
        expect["geography"] = m.geography
    return expect


def suggest(rules: RuleSet, files: Iterable[Path], min_docs: int = DEFAULT_MIN_DOCS,
            threshold: float = DEFAULT_THRESHOLD, warn: Callable[[str], None] = lambda _: None) -> dict[str, Any]:
    """The ranked suggestions for the documents in ``files``, with counts of what was read."""
    figures: list[Figure] = []
    documents = 0
    for doc, extraction in extracted(rules, files, warn):
        documents += 1
        figures.extend(labelled_figures(doc, extraction))
    return {"documents": documents, "figures": len(figures),
            "suggestions": rank(rules, figures, min_docs=min_docs, threshold=threshold)}


def rank(rules: RuleSet, figures: list[Figure], min_docs: int = DEFAULT_MIN_DOCS,
         threshold: float = DEFAULT_THRESHOLD) -> list[Suggestion]:
    """Cluster the figures' labels and rank the clusters seen in ``min_docs`` documents or more.

    Labels are clustered per kind of quantity their units give (a count, a share, an amount, a
    rate, ...): "Saldo" in euros and "Saldo" in percent are two suggestions, and the euros of
    "bijzondere bijstand" never join the count of "aanvragen bijzondere bijstand"."""
    clusters: dict[tuple[str, str], list[Figure]] = {}
    for family in sorted({_family(f) for f in figures}):
        members = [f for f in figures if _family(f) == family]
        keys = Counter(f.key for f in members)
        docs_of: dict[str, set[str]] = {}
        for f in members:
            docs_of.setdefault(f.key, set()).add(f.measurement.doc)
        leader_of = cluster(keys, threshold, Counter({k: len(v) for k, v in docs_of.items()}))
        for f in members:
            clusters.setdefault((family, leader_of[f.key]), []).append(f)
    suggestions = [Suggestion(fs) for fs in clusters.values()]
    suggestions = [s for s in suggestions if s.documents >= min_docs]
    suggestions.sort(key=lambda s: (_only_counted(rules, s.name), -s.municipalities, -s.documents, -len(s.figures),
                                    s.members[0]))
    known = _catalogue_labels(rules)
    used: set[str] = {ind.id for ind in rules.indicators}
    for s in suggestions:
        s.id = _unique_id(s.members[0], used)
        s.nearest = _nearest(s.members[0], known, threshold)
    return suggestions


def _only_counted(rules: RuleSet, label: str) -> bool:
    """Whether a label is no more than a counted noun ("mensen", "inwoners", "uitkeringen"): it
    names no indicator, however many documents count it, so it ranks after every label that does."""
    words = [w for w in re.findall(r"\w+", label.lower()) if w not in ("de", "het", "een", "aantal")]
    return not words or all(rules.vocabulary.counts(w) and len(w) <= 14 for w in words)


def _family(f: Figure) -> str:
    return QUANTITY_OF_UNIT.get(f.measurement.unit, "stock")


def _catalogue_labels(rules: RuleSet) -> list[tuple[str, str, str]]:
    """(normalised, as written, indicator id) of every phrase and table label of the catalogue."""
    out = []
    for ind in rules.indicators:
        for text in dict.fromkeys(ind.phrases + ind.table_labels):
            key = normalise(text)
            if key:
                out.append((key, text, ind.id))
    return out


def _nearest(key: str, known: list[tuple[str, str, str]], threshold: float) -> tuple[str, str, float] | None:
    """The catalogue's phrase or table label most like ``key``, when it is alike enough to say
    that the label may belong to an existing indicator (a missing spelling, a unit that did not fit)."""
    if not known:
        return None
    found = process.extract(key, [k for k, _, _ in known], scorer=fuzz.token_set_ratio, score_cutoff=threshold,
                            limit=20)
    for _, score, index in found:
        if similar(key, known[index][0], score, threshold):
            return known[index][2], known[index][1], float(score)
    return None


def _unique_id(key: str, used: set[str]) -> str:
    """``draft.<slug>``: a valid rule id, marked as draft, not used by the catalogue or another draft."""
    ascii_key = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_key.lower()).strip("_")
    if len(slug) > 48:
        slug = slug[:48].rsplit("_", 1)[0] or slug[:48]
    slug = slug or "label"
    candidate, n = f"draft.{slug}", 2
    while candidate in used:
        candidate, n = f"draft.{slug}_{n}", n + 1
    used.add(candidate)
    return candidate


# -- output --------------------------------------------------------------------------------------

#: characters YAML (1.1) reads as line breaks, and other controls: never inside a comment
_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _comment(text: str) -> str:
    return _SPACES.sub(" ", _BREAKS.sub(" ", text)).strip()


def _dump(key: str, value: Any) -> list[str]:
    """One key of an entry as YAML lines, written by ``yaml.safe_dump`` (any character is quoted
    safely): a scalar as ``key: value``, a list of scalars in flow style (``[a, b]``), a mapping
    in block style; an example's expected measurements one flow mapping a line, as in the rule files."""
    if key == "examples":
        lines = ["examples:"]
        for example in value:
            first = True
            for k, v in example.items():
                for line in _dump(k, v):
                    lines.append(("  - " if first else "    ") + line)
                    first = False
        return lines
    if key == "expect":
        lines = ["expect:"]
        for item in value:
            flow = yaml.safe_dump([item], allow_unicode=True, sort_keys=False, default_flow_style=True, width=10**6)
            lines.append("  - " + flow.strip()[1:-1])  # "[{...}]" -> "{...}"
        return lines
    style = None if isinstance(value, list | dict) else False
    text = yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, default_flow_style=style, width=100)
    return text.rstrip("\n").split("\n")


def entry_yaml(s: Suggestion) -> str:
    """One draft entry as list item lines under ``indicators:``, with its review comments."""
    counts = f"{s.municipalities} municipalities, {s.documents} documents, {len(s.figures)} figures"
    lines = ["  # " + _comment(counts + (f"; rows under: {', '.join(s.groups[:6])}" if s.groups else ""))]
    if s.nearest:
        ind, label, score = s.nearest
        lines.append("  # " + _comment(f"close to existing {ind} ({label!r}, {score:.0f}): a missing label of it, "
                                       "or a unit or context that did not fit?"))
    first = True
    for key, value in s.entry().items():
        dumped = _dump(key, value)
        if key == "id":
            dumped[0] += "  # draft: choose a real id and the domain file"
        elif key == "quantity":
            dumped[0] += "  # review: guessed from the unit"
        elif key == "phrases":
            dumped[0] += "  # review: phrases match prose too; drop generic ones or add context"
        for line in dumped:
            lines.append(("  - " if first else "    ") + line)
            first = False
    return "\n".join(lines) + "\n"


def to_yaml(suggestions: list[Suggestion], documents: int = 0) -> str:
    """The draft entries as a YAML document ``indicators: [...]`` with comments: the entries
    load with the rule schema once put in a rule file (``version`` and ``domain`` above them)."""
    head = (f"# Draft indicator entries from `harvest rules suggest` ({documents} documents): labels that no rule\n"
            "# names and that recur across documents. Paste an entry under `indicators:` of its domain file, then\n"
            "# review each: id, label, unit, quantity, phrases, and the examples (quote a report outside\n"
            "# tests/devset); `harvest rules lint` and `harvest rules test` say what is left to do.\n")
    if not suggestions:
        return head + "indicators: []\n"
    return head + "indicators:\n" + "\n".join(entry_yaml(s) for s in suggestions)


def ranked_lines(suggestions: list[Suggestion]) -> list[str]:
    """The ranked list: rank, municipalities, documents, figures, label, unit, and the existing
    indicator whose phrase or table label is as alike as two members of a cluster (``~id``)."""
    lines = [f"{'rank':>4} {'munis':>5} {'docs':>4} {'figs':>5}  {'label':<48} {'unit':<10} close to"]
    for i, s in enumerate(suggestions, 1):
        near = f"~{s.nearest[0]}" if s.nearest else ""
        lines.append(f"{i:>4} {s.municipalities:>5} {s.documents:>4} {len(s.figures):>5}  {_comment(s.name)[:48]:<48} "
                     f"{s.unit:<10} {near}".rstrip())
    return lines


__all__ = ["suggest", "rank", "cluster", "normalise", "clean", "labelled_figures", "extracted", "Suggestion",
           "Figure", "to_yaml", "entry_yaml", "ranked_lines", "DEFAULT_THRESHOLD", "DEFAULT_MIN_DOCS"]
