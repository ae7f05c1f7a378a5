"""`harvest eval`: precision and recall of the extracted measurements against gold annotations.

Gold files (``corpus/gold/<doc>.yaml``, written by hand from the documents, see the
README there) list every measurement a researcher would put in a spreadsheet. An
extracted measurement matches a gold one in the same document when value and unit
are the same and its quote overlaps the gold quote (the sentence or table row); indicator, period, geography and dimensions are then scored
separately, so a figure found with the wrong period counts as found, and the period
error shows in its own column.

Gold measurements of documents no rule was written for (the dev set of other
municipalities) name their figure by ``label`` instead of ``indicator``: the row label or
the counted noun. A match then also scores whether the extracted label names the same
thing, and recall is reported for value and label, and for value, label and period. Indicator accuracy is judged on the typed matches;
``typed`` is the share of matched gold figures with an indicator that a rule typed.

Gold figures that a researcher would compare across municipalities carry ``compare: true``,
and those that are a BBV verplichte beleidsindicator also ``bbv: <official name>``. For
them :func:`catalogue_scores` says how many the catalogue types, with the right BBV
indicator and the right unit: the measure of how national the catalogue is.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import HarvestError
from .records import Measurement

#: "indicator" is judged on the typed matches (a labelled one names no indicator, right or
#: wrong); "typed" is the share of matches to gold with an indicator that a rule typed
FIELDS = ("indicator", "typed", "label", "period", "geography", "dimensions", "kind")
#: fuzzy agreement (rapidfuzz token-set ratio, 0-100) at which two labels name the same figure
LABEL_AGREEMENT = 80


class GoldError(HarvestError, ValueError):
    """A gold file that cannot be used: ``<file>:<problem>``."""


@dataclass
class GoldMeasurement:
    doc: str
    quote: str
    value: float
    unit: str
    indicator: str = ""
    kind: str = "actual"
    period: tuple[str, str] | None = None
    geography: str | None = None
    dimensions: dict[str, str] | None = field(default_factory=dict)  # None: not annotated
    method: str = ""
    label: str = ""
    compare: bool = False  # a figure researchers compare across municipalities
    bbv: str = ""  # the BBV beleidsindicator it is, by official name


@dataclass
class GoldFinding:
    doc: str
    check: str
    severity: str
    description: str
    values: list[float] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    consistent: bool = False  # a case that must NOT be flagged


@dataclass
class Gold:
    measurements: list[GoldMeasurement] = field(default_factory=list)
    findings: list[GoldFinding] = field(default_factory=list)
    docs: list[str] = field(default_factory=list)


def load_gold(folder: Path) -> Gold:
    gold = Gold()
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise GoldError(f"{folder}: no gold files (*.yaml)")
    for path in files:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as err:
            raise GoldError(f"{path}: invalid YAML: {err}") from None
        if not isinstance(data, dict) or "doc" not in data:
            raise GoldError(f"{path}: expected a mapping with 'doc', 'measurements'")
        doc = str(data["doc"])
        gold.docs.append(doc)
        for n, m in enumerate(data.get("measurements") or [], start=1):
            gold.measurements.append(_gold_measurement(path, n, doc, m))
        for key, consistent in (("findings", False), ("consistent", True)):
            for f in data.get(key) or []:
                gold.findings.append(GoldFinding(doc, str(f.get("check", "")), str(f.get("severity", "")),
                                                 str(f.get("description", "")), [float(v) for v in f.get("values") or []],
                                                 [str(q) for q in f.get("quotes") or []], consistent))
    return gold


def _gold_measurement(path: Path, n: int, doc: str, m: Any) -> GoldMeasurement:
    if not isinstance(m, dict) or "value" not in m or "unit" not in m:
        raise GoldError(f"{path}: measurement {n} needs at least 'value' and 'unit'")
    period = m.get("period")
    if isinstance(period, list):
        period = (str(period[0]), str(period[1]))
    elif period is not None:
        period = (str(period), str(period))
    dimensions = m.get("dimensions")
    if dimensions is None and "label" in m and "indicator" not in m:
        dimensions_judged = None  # a labelled gold figure: its breakdown is in its label
    else:
        dimensions_judged = {str(k): str(v) for k, v in (dimensions or {}).items()}
    return GoldMeasurement(doc, str(m.get("quote", "")), float(m["value"]), str(m["unit"]), str(m.get("indicator", "")),
                           str(m.get("kind", "actual")), period, m.get("geography"), dimensions_judged,
                           str(m.get("method", "")), str(m.get("label", "")), bool(m.get("compare", False)),
                           str(m.get("bbv", "") or ""))


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\t", " | ")).strip().lower()


def _label_key(text: str) -> str:
    """A label without codes, brackets and punctuation: "6.1 Samenkracht (BBV)" -> "samenkracht"."""
    text = re.sub(r"\([^)]*\)", " ", text.lower())
    text = re.sub(r"\b\d+(?:[.,]\d+)*\b", " ", text)
    return " ".join(re.findall(r"[^\W\d_]+", text))


def labels_agree(gold_label: str, found_label: str) -> bool:
    """Whether an extracted label names the gold figure: the same words, one inside the
    other, or mostly the same words (readers join a row label and its column differently)."""
    from rapidfuzz import fuzz

    a, b = _label_key(gold_label), _label_key(found_label)
    if not a or not b:
        return False
    return a in b or fuzz.token_set_ratio(a, b) >= LABEL_AGREEMENT


def _value_matches(g: GoldMeasurement, m: Measurement) -> bool:
    """The same figure: the same unit and the value as written (both sides parse the same digits)."""
    return m.unit == g.unit and math.isclose(m.value, g.value, rel_tol=1e-9, abs_tol=1e-6)


def _quote_score(g: GoldMeasurement, m: Measurement) -> int:
    """2 for the same quote, 1 for overlapping ones (one inside the other, or mostly the
    same words: readers may cut a sentence or a table row a little differently)."""
    from rapidfuzz import fuzz

    a, b = _fold(g.quote), _fold(m.quote)
    if not a or not b:
        return 0
    if a == b:
        return 2
    if a in b or b in a or fuzz.token_set_ratio(a, b) >= 80:
        return 1
    a, b = _unspaced(a), _unspaced(b)  # "Begroting354,1 miljoen" as the page glued it, or split in cells
    return 1 if (a in b or b in a) else 0


def _unspaced(text: str) -> str:
    """A quote without spaces and cell separators: the same words whether a reader split them into cells or not."""
    return re.sub(r"[\s|/]+", "", text)


@dataclass
class Match:
    gold: GoldMeasurement
    found: Measurement


@dataclass
class Evaluation:
    matches: list[Match]
    misses: list[GoldMeasurement]
    false_positives: list[Measurement]

    def scores(self, predicate=lambda _: True) -> dict[str, float]:
        tp = sum(1 for x in self.matches if predicate(x.found))
        fp = sum(1 for m in self.false_positives if predicate(m))
        fn = sum(1 for g in self.misses if predicate(g))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1}

    def labelled_recall(self) -> dict[str, float]:
        """Recall counting only matches whose label is right, and also their period."""
        judged = [x for x in self.matches if x.gold.label]
        total = len([g for g in self.misses if g.label]) + len(judged)
        label = [x for x in judged if _field_ok(x.gold, x.found, "label")]
        period = [x for x in label if x.gold.period is None or _field_ok(x.gold, x.found, "period")]
        return {"gold": total, "label": len(label) / total if total else 0.0,
                "label_and_period": len(period) / total if total else 0.0}

    def field_accuracy(self) -> dict[str, float]:
        out = {}
        for name in FIELDS:
            judged = [x for x in self.matches if _judgeable(x.gold, name)
                      and (name != "indicator" or x.found.indicator)]
            right = sum(1 for x in judged if _field_ok(x.gold, x.found, name))
            if judged:  # a field no gold figure annotates is not scored
                out[name] = right / len(judged)
        return out


def _judgeable(g: GoldMeasurement, name: str) -> bool:
    return {"indicator": bool(g.indicator), "typed": bool(g.indicator), "label": bool(g.label), "period": g.period is not None,
            "geography": g.geography is not None, "dimensions": g.dimensions is not None, "kind": True}[name]


def _field_ok(g: GoldMeasurement, m: Measurement, name: str) -> bool:
    if name == "indicator":
        return g.indicator == m.indicator
    if name == "typed":
        return bool(m.indicator)
    if name == "label":
        return labels_agree(g.label, m.label)
    if name == "period":
        return g.period == (m.period_start, m.period_end)
    if name == "geography":
        return g.geography == m.geography
    if name == "dimensions":
        return g.dimensions == m.dimensions
    return g.kind == m.kind


def evaluate(gold: Gold, found: list[Measurement]) -> Evaluation:
    """Match extracted measurements to gold, document by document, best quote first."""
    matches: list[Match] = []
    misses: list[GoldMeasurement] = []
    used: set[int] = set()
    in_gold_docs = [m for m in found if m.doc in gold.docs]
    by_doc: dict[str, list[tuple[int, Measurement]]] = {}
    for i, m in enumerate(in_gold_docs):
        by_doc.setdefault(m.doc, []).append((i, m))
    for g in gold.measurements:
        candidates = [(i, m) for i, m in by_doc.get(g.doc, []) if i not in used and _value_matches(g, m)]
        if not candidates:
            misses.append(g)
            continue
        i, m = max(candidates, key=lambda c: (_quote_score(g, c[1]), g.indicator == c[1].indicator))
        if _quote_score(g, m) == 0 and g.quote:
            misses.append(g)
            continue
        used.add(i)
        matches.append(Match(g, m))
    false_positives = [m for i, m in enumerate(in_gold_docs) if i not in used]
    return Evaluation(matches, misses, false_positives)


def catalogue_scores(gold: Gold, found: list[Measurement], bbv_names: dict[str, str]) -> dict[str, dict[str, float]]:
    """How much of what researchers compare the catalogue types.

    For the gold figures marked ``compare`` and those marked ``bbv``: the share found at all
    (value and quote, whatever the unit), the share typed (of all of them), for BBV figures
    the share typed as that BBV indicator (``bbv_names`` maps indicator ids to their official
    BBV name), and the share of the found ones whose unit is right.
    """
    by_doc: dict[str, list[Measurement]] = {}
    for m in found:
        by_doc.setdefault(m.doc, []).append(m)
    out: dict[str, dict[str, float]] = {}
    for group, members in (("compare", [g for g in gold.measurements if g.compare]),
                           ("bbv", [g for g in gold.measurements if g.bbv])):
        if not members:
            continue
        hits = [(g, _same_figure(g, by_doc.get(g.doc, []))) for g in members]
        located = [(g, m) for g, m in hits if m is not None]
        typed = [(g, m) for g, m in located if m.indicator and m.unit == g.unit]
        scores = {"gold": len(members), "found": len(located) / len(members), "typed": len(typed) / len(members),
                  "unit": sum(m.unit == g.unit for g, m in located) / len(located) if located else 0.0}
        if group == "bbv":
            scores["right_bbv"] = sum(labels_agree(g.bbv, bbv_names.get(m.indicator, "")) for g, m in typed) / len(members)
        out[group] = scores
    return out


def _same_figure(g: GoldMeasurement, candidates: list[Measurement]) -> Measurement | None:
    """The extracted figure that is the gold one by value and quote, whatever its unit (typed and right unit first)."""
    same = [m for m in candidates if math.isclose(m.value, g.value, rel_tol=1e-9, abs_tol=1e-6) and _quote_score(g, m)]
    return max(same, key=lambda m: (_quote_score(g, m), m.unit == g.unit, bool(m.indicator)), default=None)


#: the gold files name checks by what they look for; the findings carry the checks' codes
GOLD_CHECKS = {
    "table_total": ("HC001", "HC012"), "share": ("HC002",), "change": ("HC003",), "direction": ("HC004",),
    "duplicate": ("HC005",), "period_conflict": ("HC006", "HC011"), "cross_document": ("HC007",),
    "plausibility": ("HC008",),
}


def findings_score(gold: Gold, findings: list[dict], confirmed: set[str] = frozenset()) -> dict[str, Any]:
    """Detected and missed contradictions, false alarms on consistent cases, and the findings
    at warning or error that name no annotated contradiction (``unconfirmed``).

    A gold finding is detected when a finding of the same document and check names
    all its values (or, without values, one of its quotes). The precision of the findings
    is the share of those at warning or error, in the gold's documents, that detect an
    annotated contradiction, or whose id a researcher ``confirmed`` (``harvest review``): a true
    finding neither lists counts against it."""
    detected, missed, false_alarms = [], [], []
    for g in gold.findings:
        hit = any(_finding_covers(g, f) for f in findings)
        if g.consistent:
            if hit:
                false_alarms.append(g)
        elif hit:
            detected.append(g)
        else:
            missed.append(g)
    contradictions = [g for g in gold.findings if not g.consistent]
    raised = [f for f in findings if f.get("severity") in ("warning", "error")
              and any(d in str(f.get("doc", "")) for d in gold.docs)]
    unconfirmed = [f for f in raised if f.get("finding_id") not in confirmed
                   and not any(_finding_covers(g, f) for g in contradictions)]
    precision = (len(raised) - len(unconfirmed)) / len(raised) if raised else 1.0
    return {"detected": detected, "missed": missed, "false_alarms": false_alarms, "raised": len(raised),
            "unconfirmed": unconfirmed, "precision": precision}


def _finding_covers(g: GoldFinding, f: dict) -> bool:
    if str(f.get("check", "")).split()[0] not in GOLD_CHECKS.get(g.check, (g.check,)):
        return False
    if f.get("severity") == "info" and not g.consistent and g.severity != "info":
        return False  # a contradiction annotated as an error or warning is not found by a note
    if g.consistent and f.get("severity") not in ("warning", "error"):
        return False
    docs = str(f.get("doc", ""))
    if g.doc not in docs:
        return False
    measured = f.get("measurements") or []
    values = [float(m.get("value")) for m in measured if m.get("value") is not None]
    quotes = [_fold(str(m.get("quote", ""))) for m in measured]
    quoted = any(_fold(q) in x or x in _fold(q) for q in g.quotes for x in quotes if x)
    if g.values:
        same_values = all(any(math.isclose(v, w, rel_tol=1e-6, abs_tol=1e-6) for w in values) for v in g.values)
        # a consistent case is falsely flagged only by a finding about its own statements
        return same_values and (quoted or not g.consistent or not g.quotes)
    return quoted
