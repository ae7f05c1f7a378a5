"""Rule coverage: which figures the rules leave unmapped, grouped so the next rule is obvious."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..documents import ReadError, read_document
from ..extraction.extractor import Extraction, Extractor
from ..model import Document
from .load import RuleSet

_WORD = re.compile(r"[^\W\d_][\w-]*")
_STOP = frozenset("de het een en of in op van voor met aan bij door om dat die is zijn was waren er te tot "
                  "als uit over dan per naar wordt worden zal kan ook nog al wel niet".split())


def group_key(context: str, number: str) -> str:
    """The content word after a figure ("159 cliënten" -> cliënten), else the one before it."""
    at = context.find(number)
    after = [w.lower() for w in _WORD.findall(context[at + len(number):])][:3] if at >= 0 else []
    before = [w.lower() for w in _WORD.findall(context[:max(at, 0)])][-3:]
    for word in after:
        if word not in _STOP:
            return word
    for word in reversed(before):
        if word not in _STOP:
            return word
    return "(no words)"


def extracted(rules: RuleSet, files: Iterable[Path], warn: Callable[[str], None] = lambda _: None,
              extractor: Extractor | None = None) -> Iterator[tuple[Document, Extraction]]:
    """Each readable document with its extraction under ``rules``; an unreadable one is one warning."""
    extractor = extractor or Extractor(rules)
    for path in files:
        try:
            doc = read_document(path)
        except ReadError as err:
            warn(f"error: {err}")
            continue
        yield doc, extractor.extract(doc)


def coverage(rules: RuleSet, files: list[Path], warn: Callable[[str], None] = lambda _: None) -> dict:
    counts: Counter = Counter()
    groups: dict[str, list[str]] = defaultdict(list)
    for doc, extraction in extracted(rules, files, warn):
        for m in extraction.mentions:
            counts[m.status] += 1
            if m.status == "unmapped":
                groups[group_key(m.context, m.text)].append(f"{doc.name}: …{m.context}…")
    quantities = counts["measurement"] + counts["unmapped"]
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return {
        "quantities": quantities,
        "measurements": counts["measurement"],
        "unmapped": counts["unmapped"],
        "non_measurements": counts["non_measurement"],
        "share": counts["measurement"] / quantities if quantities else 0.0,
        "groups": [{"key": k, "count": len(v), "example": v[0], "examples": v[:5]} for k, v in ordered],
    }
