"""Running the examples of the rule files (`harvest rules test`), like Semgrep's rule tests.

Every example is a sentence or table row quoted from a real report, with the
measurements of its indicator that it must give. The example runs in its own report
when that report is in the corpus folder (so headings, the report's period and the
municipality count, as in a real run), and in a one-paragraph document otherwise.
Only the example's own indicator is compared: what other rules make of the sentence
is their examples' business.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..documents import read_document
from ..documents.builder import DocumentBuilder
from ..documents.tables import RawCell, RawTable
from ..extraction.extractor import Extractor
from ..model import Document, Metadata
from ..records import Measurement
from .load import Example, Indicator, RuleSet


@dataclass
class ExampleResult:
    indicator: str
    source: str
    problems: list[str] = field(default_factory=list)
    known_gap: str = ""

    @property
    def ok(self) -> bool:
        """Passed, or failed as its known gap says (a known gap that passes is not ok:
        its mark must go, so the list of gaps stays true)."""
        return not self.problems if not self.known_gap else bool(self.problems)

    @property
    def status(self) -> str:
        if self.known_gap:
            return "known gap" if self.problems else "fixed"
        return "ok" if not self.problems else "FAIL"


class ExampleRunner:
    def __init__(self, rules: RuleSet, corpus: Path | None = None, extractor: Extractor | None = None):
        self.rules = rules
        self.extractor = extractor or Extractor(rules)
        self.corpus = corpus
        self._docs: dict[str, tuple[Document, list[Measurement]] | None] = {}

    def run(self) -> list[ExampleResult]:
        return [self.run_example(ind, ex) for ind in self.rules.indicators for ex in ind.examples]

    def run_example(self, ind: Indicator, ex: Example) -> ExampleResult:
        result = ExampleResult(ind.id, ex.source, known_gap=ex.known_gap)
        got = [m for m in self._measurements_of(ex) if m.indicator == ind.id]
        result.problems = compare(ex.expect, got)
        return result

    # -- where an example runs
    def _corpus_doc(self, name: str) -> tuple[Document, list[Measurement]] | None:
        if name not in self._docs:
            found = None
            if self.corpus is not None and name:
                paths = sorted(p for p in self.corpus.glob(f"{name}.*") if p.suffix in (".txt", ".md", ".html", ".pdf", ".docx"))
                if paths:
                    doc = read_document(paths[0])
                    found = (doc, self.extractor.extract(doc).measurements)
            self._docs[name] = found
        return self._docs[name]

    def _measurements_of(self, ex: Example) -> list[Measurement]:
        real = self._corpus_doc(ex.doc)
        if ex.table is None:
            wanted = fold(ex.text)
            if real is not None:
                doc, measurements = real
                hits = [m for m in measurements if m.method == "prose" and (wanted in fold(m.quote) or fold(m.quote) in wanted)]
                if hits or wanted in fold(doc.text):
                    return hits
            return self.extractor.extract(_mini_document(ex, real[0].meta if real else None)).measurements
        row = [fold(str(c)) for c in ex.table.get("row", [])]
        if real is not None:
            doc, measurements = real
            for table in doc.tables():
                for r, cells in enumerate(table.rows()):
                    if [fold(c) for c in cells] == row:
                        block = doc.blocks.index(table)
                        return [m for m in measurements if m.table == block and m.cell and m.cell[0] == r]
        doc = _mini_document(ex, real[0].meta if real else None)
        return self.extractor.extract(doc).measurements


def _mini_document(ex: Example, meta: Metadata | None) -> Document:
    """A one-block document holding just the example, with the report's metadata if known."""
    base = meta or Metadata(id="example", path=f"{ex.doc or 'example'}.txt", format="text")
    builder = DocumentBuilder(Metadata(id="example:" + ex.source, path=base.path, format=base.format,
                                       municipality=base.municipality, region=base.region, doc_type=base.doc_type,
                                       period=base.period))
    if ex.table is None:
        builder.paragraph(ex.text, line=1)
    else:
        header = [str(c) for c in ex.table.get("header", [])]
        row = [str(c) for c in ex.table.get("row", [])]
        group = str(ex.table.get("group", ""))  # the label-only row above ("Lasten per taakveld")
        groups = [[RawCell(group)] + [RawCell("") for _ in row[1:]]] if group else []
        rows = ([[RawCell(c, header=True) for c in header]] if header else []) + groups + [[RawCell(c) for c in row]]
        builder.table(RawTable(rows=rows, caption=str(ex.table.get("caption", "")), source="example",
                               header_rows=1 if header else 0, line=1))
    return builder.build()


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def compare(expected: tuple[dict, ...], got: list[Measurement]) -> list[str]:
    """What differs between the expected measurements and the ones the rules gave."""
    problems: list[str] = []
    remaining = list(got)
    for e in expected:
        match = next((m for m in remaining if _same_value(m.value, e["value"])), None)
        if match is None:
            values = ", ".join(_fmt(m.value) for m in remaining) or "nothing"
            problems.append(f"expected {_fmt(e['value'])}, got {values}")
            continue
        remaining.remove(match)
        problems.extend(_field_problems(e, match))
    for m in remaining:
        problems.append(f"unexpected {_fmt(m.value)} {m.unit} ({m.rule}) in {m.quote[:60]!r}")
    return problems


def _field_problems(e: dict, m: Measurement) -> list[str]:
    out = []
    value = _fmt(e["value"])
    for key in ("unit", "kind", "geography", "qualifier"):
        if key in e and e[key] != getattr(m, key):
            out.append(f"{value}: {key} {getattr(m, key)!r}, expected {e[key]!r}")
    if "period" in e:
        want = e["period"]
        start, end = (str(want[0]), str(want[1])) if isinstance(want, list) else (str(want), str(want))
        if (m.period_start, m.period_end) != (start, end):
            out.append(f"{value}: period {m.period_start}..{m.period_end} ({m.period_label!r}), expected {start}..{end}")
    for dim, category in (e.get("dimensions") or {}).items():
        if m.dimensions.get(dim) != category:
            out.append(f"{value}: dimension {dim}={m.dimensions.get(dim)!r}, expected {category!r}")
    return out


def _same_value(a: float, b) -> bool:
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def _fmt(v) -> str:
    v = float(v)
    return str(int(v)) if v.is_integer() else str(v)
