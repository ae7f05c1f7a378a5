"""Rule files: the indicators, their phrases, dimensions and examples, as validated data.

``load_rules(folder)`` reads ``vocabulary.yaml`` and every ``indicators/*.yaml`` with
``yaml.safe_load`` semantics (Python tags are refused), checks each entry against a
schema that forbids unknown keys, and reports problems as ``file:line: problem``.
``lint(rules)`` finds what loads but is still wrong: duplicate ids, phrases claimed
by two indicators, indicators without examples.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from .errors import RuleFileError
from .locate import rules_folder
from .reasons import Reasons, load_reasons

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*$")
INDICATOR_KEYS = {
    "id", "label", "description", "unit", "quantity", "additive", "plausible", "phrases", "table_labels",
    "context", "exclude", "fuzzy", "dimensions", "examples", "allow_over_100", "kind", "bbv", "definition_source",
    "row_must_name", "section_dimension", "row_dimension",
}
EXAMPLE_KEYS = {"doc", "text", "table", "expect", "note", "known_gap"}
EXPECT_KEYS = {"value", "unit", "period", "kind", "dimensions", "geography", "qualifier", "indicator"}
TABLE_KEYS = {"caption", "header", "group", "row", "unit_hint"}
DEFAULT_FUZZY = 85


@dataclass(frozen=True)
class Example:
    source: str  # file:line
    doc: str
    text: str
    table: dict[str, Any] | None
    expect: tuple[dict[str, Any], ...]
    #: why the engine does not get this example right yet; the example still runs, and
    #: `harvest rules test` reports it as fixed (a failure) once it passes
    known_gap: str = ""


@dataclass(frozen=True)
class Indicator:
    id: str
    label: str
    domain: str
    unit: str
    quantity: str
    phrases: tuple[str, ...]
    table_labels: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    dimensions: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    additive: bool = True
    plausible: tuple[float, float] | None = None
    fuzzy: int = DEFAULT_FUZZY
    allow_over_100: bool = False
    kind: str = ""  # a fixed kind ("target" for a doelstelling indicator), else from cues
    description: str = ""
    examples: tuple[Example, ...] = ()
    source: str = ""  # file:line
    #: the BBV verplichte beleidsindicator this indicator is, by its number in the Regeling
    #: (the "(21)" after "Banen" in many begrotingen) and official name; 0 and "" otherwise
    bbv_number: int = 0
    bbv_name: str = ""
    #: where the definition in ``description`` was taken from (an address)
    definition_source: str = ""
    #: a table figure counts only when its row names the indicator, a total of it or one
    #: of its categories ("Lasten" above "BUIG" is a part the rules do not know: labelled)
    row_must_name: bool = False
    #: the dimension that takes the figure's section heading as its category
    #: ("Programma 3 Sociale leefomgeving"), so that parts of a budget stay apart
    section_dimension: str = ""
    #: with ``row_must_name``: the dimension that takes, as written, the name of a row that
    #: names none of the categories ("BUIG" under "Lasten"), so that the row is typed as that
    #: part and not as the whole
    row_dimension: str = ""


@dataclass
class Vocabulary:
    domains: dict[str, str]
    units: dict[str, str]
    quantities: dict[str, str]
    kinds: dict[str, tuple[str, ...]]
    geography: dict[str, tuple[str, ...]]
    region_pattern: re.Pattern[str] | None
    #: nouns that count people, cases or provisions: a prose figure no rule names is kept
    #: with its noun when the noun ends in one of these ("345 bezwaarschriften")
    counted: tuple[str, ...] = ()
    #: whole headers that are an area's name ("Nederland" -> NL), lower-cased
    header_geography: dict[str, str] = field(default_factory=dict)
    #: the words and the size-class pattern that make a header a comparison group
    comparison_words: tuple[str, ...] = ()
    comparison_pattern: re.Pattern[str] | None = None
    #: the basis a figure is given on (plek, maand, jaar) -> its cues ("per plek", "op jaarbasis")
    per_unit: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: one-off or recurring (incidenteel, structureel) -> its cues ("eenmalig", "op jaarbasis")
    deel: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: nouns that count households, not people ("huishoudens", "gezinnen")
    households: tuple[str, ...] = ()
    #: the rows (or columns) of a stock-and-flow table by role (begin, instroom, uitstroom,
    #: mutatie, eind) -> the labels that start them ("stand 1 januari", "onttrekkingen")
    stock_flow: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def stock_flow_role(self, label: str) -> str | None:
        """The role of a row or column label in a stock-and-flow table, or None: the label
        (without a leading dash or bullet and a trailing colon) is a cue or starts with one
        and a space."""
        text = re.sub(r"\s+", " ", label.lower()).strip(" -–•*:\t")
        found = [(len(cue), role) for role, cues in self.stock_flow.items() for cue in cues
                 if text == cue or text.startswith(cue + " ")]
        return max(found)[1] if found else None  # the longest cue: "stortingen en onttrekkingen" is a mutatie

    @cached_property
    def per_unit_re(self) -> re.Pattern[str] | None:
        """Every per-unit cue as whole words, one group per basis, compiled once."""
        return _cue_groups(self.per_unit)

    @cached_property
    def deel_re(self) -> re.Pattern[str] | None:
        """Every one-off and recurring cue as whole words, one group per category, compiled once."""
        return _cue_groups(self.deel)

    def comparison_group(self, header: str) -> bool:
        """Whether a column header names a comparison group ("Grootteklasse", "100.000- 300.000")."""
        if self.comparison_pattern is not None and self.comparison_pattern.search(header):
            return True
        return self._comparison_words_re is not None and self._comparison_words_re.search(header.lower()) is not None

    @cached_property
    def _comparison_words_re(self) -> re.Pattern[str] | None:
        """The comparison words as whole words ("ref." but not "referentiewaarde"), compiled once."""
        if not self.comparison_words:
            return None
        return re.compile("|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for w in self.comparison_words))

    def counts(self, noun: str) -> bool:
        """Whether ``noun`` (the words a figure counts: "nieuwe aanvragen", "plekken beschut werk")
        holds one of the counted nouns, plural or compound."""
        return any(word.endswith(stem) for word in noun.lower().split() for stem in self.counted)

    @cached_property
    def kind_patterns(self) -> dict[str, re.Pattern[str]]:
        """Per kind, one pattern that finds any of its cues as whole words in a lower-cased label."""
        return {kind: re.compile(r"\b(?:" + "|".join(re.escape(c.lower()) for c in cues) + r")\b")
                for kind, cues in self.kinds.items() if cues}


def _cue_groups(cues_of: dict[str, tuple[str, ...]]) -> re.Pattern[str] | None:
    """One pattern of whole-word cues with a named group per category (the category a match names)."""
    if not cues_of:
        return None
    return re.compile("|".join(rf"(?P<{name}>(?<!\w)(?:{'|'.join(re.escape(c) for c in cues)})(?!\w))"
                               for name, cues in cues_of.items()), re.I)


@dataclass
class RuleSet:
    folder: Path
    vocabulary: Vocabulary
    indicators: list[Indicator]
    hash: str
    reasons: Reasons = field(default_factory=Reasons)

    def by_id(self) -> dict[str, Indicator]:
        return {i.id: i for i in self.indicators}


# -- loading ------------------------------------------------------------------------------


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader that remembers the line of every mapping (as ``__line__``); libyaml's
    parser where PyYAML was built with it (the rules load in a third of the time)."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


def _load_yaml(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        line = mark.line + 1 if mark else 1
        raise RuleFileError(f"{path}:{line}: invalid YAML: {getattr(err, 'problem', None) or err}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise RuleFileError(f"{path}:1: cannot read: {err}") from None


def default_rules_dir() -> Path:
    """The rule folder in use when none is given: :func:`.locate.rules_folder`."""
    return rules_folder()


def load_rules(folder: Path | None = None) -> RuleSet:
    """The rule set of ``folder`` (default: :func:`default_rules_dir`): its vocabulary, its
    indicators and its non-measurement reasons, all from that one folder."""
    folder = rules_folder(folder)
    if not folder.is_dir():
        raise RuleFileError(f"{folder}:0: no such rule folder")
    vocabulary = _vocabulary(folder / "vocabulary.yaml")
    files = sorted((folder / "indicators").glob("*.yaml"))
    if not files:
        raise RuleFileError(f"{folder / 'indicators'}:0: no indicator files (*.yaml)")
    indicators: list[Indicator] = []
    for path in files:
        indicators.extend(_indicator_file(path, vocabulary))
    return RuleSet(folder, vocabulary, indicators, rules_hash(folder), load_reasons(folder / "mentions.yaml"))


def rules_hash(folder: Path) -> str:
    """A fingerprint of every rule file: a change in any of them re-extracts the corpus."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*.yaml")):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _vocabulary(path: Path) -> Vocabulary:
    data = _load_yaml(path)
    where = f"{path}:{data.get('__line__', 1) if isinstance(data, dict) else 1}"
    if not isinstance(data, dict):
        raise RuleFileError(f"{where}: expected a mapping")
    _no_unknown(data, {"version", "domains", "units", "quantities", "kinds", "geography", "counted",
                       "header_geography", "comparison_groups", "per_unit", "deel", "households",
                       "stock_flow"}, where)
    groups = data.get("comparison_groups") or {}
    _no_unknown(groups, {"words", "pattern"}, where)
    header_places = {str(form).lower(): str(place) for place, forms in (data.get("header_geography") or {}).items()
                     if place != "__line__" for form in forms}
    geo = {k: tuple(v) for k, v in (data.get("geography") or {}).items() if k not in ("__line__", "region_pattern")}
    pattern = (data.get("geography") or {}).get("region_pattern")
    return Vocabulary(
        domains=_plain(data.get("domains")), units=_plain(data.get("units")), quantities=_plain(data.get("quantities")),
        kinds={k: tuple(v) for k, v in (data.get("kinds") or {}).items() if k != "__line__"},
        geography=geo, region_pattern=_pattern(pattern, f"{where}: geography.region_pattern"),
        counted=tuple(str(c).lower() for c in data.get("counted") or ()),
        header_geography=header_places, comparison_words=tuple(str(w).lower() for w in groups.get("words") or ()),
        comparison_pattern=_pattern(groups.get("pattern"), f"{where}: comparison_groups.pattern"),
        per_unit=_cues(data.get("per_unit"), f"{where}: per_unit"), deel=_cues(data.get("deel"), f"{where}: deel"),
        households=tuple(str(w).lower() for w in data.get("households") or ()),
        stock_flow=_cues(data.get("stock_flow"), f"{where}: stock_flow"),
    )


def _cues(raw: Any, where: str) -> dict[str, tuple[str, ...]]:
    """A mapping of categories (plain words: each names a regex group) to their cues."""
    out = {}
    for name, cues in _plain(raw).items():
        if not re.fullmatch(r"[a-z]\w*", str(name)) or not isinstance(cues, list) or not cues:
            raise RuleFileError(f"{where}.{name}: expected a lower-case word with a list of cues")
        out[str(name)] = tuple(str(c).lower() for c in cues)
    return out


def _plain(d: Any) -> dict[str, Any]:
    return {k: v for k, v in (d or {}).items() if k != "__line__"}


def _pattern(text: Any, where: str) -> re.Pattern[str] | None:
    if not text:
        return None
    try:
        return re.compile(str(text))
    except re.error as exc:
        raise RuleFileError(f"{where}: not a regular expression: {exc}") from None


def _no_unknown(entry: dict, allowed: set[str], where: str) -> None:
    unknown = sorted(k for k in entry if k not in allowed and k != "__line__")
    if unknown:
        raise RuleFileError(f"{where}: unknown key(s): {', '.join(map(str, unknown))} (allowed: {', '.join(sorted(allowed))})")


def _indicator_file(path: Path, vocabulary: Vocabulary) -> list[Indicator]:
    data = _load_yaml(path)
    if not isinstance(data, dict):
        raise RuleFileError(f"{path}:1: expected a mapping with 'version', 'domain' and 'indicators'")
    _no_unknown(data, {"version", "domain", "indicators"}, f"{path}:{data['__line__']}")
    domain = data.get("domain")
    if domain not in vocabulary.domains:
        raise RuleFileError(f"{path}:{data['__line__']}: unknown domain {domain!r} (known: {', '.join(vocabulary.domains)})")
    entries = data.get("indicators")
    if not isinstance(entries, list) or not entries:
        raise RuleFileError(f"{path}:{data['__line__']}: 'indicators' must be a non-empty list")
    return [_indicator(path, entry, domain, vocabulary) for entry in entries]


def _indicator(path: Path, entry: Any, domain: str, vocabulary: Vocabulary) -> Indicator:
    if not isinstance(entry, dict):
        raise RuleFileError(f"{path}:1: every indicator must be a mapping")
    where = f"{path}:{entry['__line__']}"
    _no_unknown(entry, INDICATOR_KEYS, where)
    iid = entry.get("id")
    if not isinstance(iid, str) or not ID_PATTERN.match(iid):
        raise RuleFileError(f"{where}: indicator id {iid!r} must be lower case letters, digits, '_' and '.'")
    where = f"{where}: indicator '{iid}'"
    for key in ("label", "unit", "quantity", "phrases"):
        if not entry.get(key):
            raise RuleFileError(f"{where}: missing '{key}'")
    _types(entry, where)
    if entry["unit"] not in vocabulary.units:
        raise RuleFileError(f"{where}: unknown unit {entry['unit']!r} (known: {', '.join(vocabulary.units)})")
    if entry["quantity"] not in vocabulary.quantities:
        raise RuleFileError(f"{where}: unknown quantity {entry['quantity']!r} (known: {', '.join(vocabulary.quantities)})")
    if entry.get("kind") and entry["kind"] not in ("actual", *vocabulary.kinds):
        raise RuleFileError(f"{where}: unknown kind {entry['kind']!r}")
    plausible = entry.get("plausible")
    if plausible is not None and (not isinstance(plausible, list) or len(plausible) != 2
                                  or not all(_is_number(v) for v in plausible) or plausible[0] > plausible[1]):
        raise RuleFileError(f"{where}: 'plausible' must be [low, high], two numbers, got {plausible!r}")
    fuzzy = entry.get("fuzzy", DEFAULT_FUZZY)
    if not isinstance(fuzzy, int) or not 50 <= fuzzy <= 100:
        raise RuleFileError(f"{where}: 'fuzzy' must be a whole number from 50 to 100")
    return Indicator(
        id=iid, label=str(entry["label"]), domain=domain, unit=entry["unit"], quantity=entry["quantity"],
        phrases=_strings(entry, "phrases", where), table_labels=_strings(entry, "table_labels", where),
        context=_strings(entry, "context", where), exclude=_strings(entry, "exclude", where),
        dimensions=_dimensions(entry.get("dimensions"), where), additive=bool(entry.get("additive", True)),
        plausible=tuple(plausible) if plausible else None, fuzzy=fuzzy,
        allow_over_100=bool(entry.get("allow_over_100", False)), kind=entry.get("kind", "") or "",
        description=str(entry.get("description", "")),
        examples=tuple(_example(path, ex, where) for ex in entry.get("examples") or []),
        source=f"{path.name}:{entry['__line__']}", **_bbv(entry.get("bbv"), where),
        definition_source=str(entry.get("definition_source", "") or ""),
        row_must_name=bool(entry.get("row_must_name", False)),
        section_dimension=str(entry.get("section_dimension", "") or ""),
        row_dimension=str(entry.get("row_dimension", "") or ""),
    )


#: the keys of an indicator that hold one value, and the type it must have
_SCALARS = {"label": str, "unit": str, "quantity": str, "kind": str, "description": str, "definition_source": str,
            "additive": bool, "allow_over_100": bool, "row_must_name": bool}


def _types(entry: dict, where: str) -> None:
    """Refuse a value of the wrong type with the key (``unit: [count]`` is a list, not a unit)."""
    for key, kind in _SCALARS.items():
        value = entry.get(key)
        if value is not None and not isinstance(value, kind):
            raise RuleFileError(f"{where}: '{key}' must be {'true or false' if kind is bool else 'text'}, "
                                f"got {type(value).__name__} {value!r}")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _bbv(raw: Any, where: str) -> dict[str, Any]:
    """``bbv: {number: 21, name: Banen}``: the BBV indicator's number and official name."""
    if raw is None:
        return {}
    if not isinstance(raw, dict) or set(raw) - {"number", "name", "__line__"} or not isinstance(raw.get("name"), str) \
            or not isinstance(raw.get("number"), int) or raw["number"] <= 0:
        raise RuleFileError(f"{where}: 'bbv' must be {{number: <whole number>, name: <official name>}}")
    return {"bbv_number": raw["number"], "bbv_name": raw["name"].strip()}


def _strings(entry: dict, key: str, where: str) -> tuple[str, ...]:
    values = entry.get(key) or []
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise RuleFileError(f"{where}: '{key}' must be a list of non-empty strings")
    return tuple(v.strip() for v in values)


def _dimensions(raw: Any, where: str) -> dict[str, dict[str, tuple[str, ...]]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise RuleFileError(f"{where}: 'dimensions' must map a dimension to its categories")
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for name, categories in raw.items():
        if name == "__line__":
            continue
        if not isinstance(categories, dict):
            raise RuleFileError(f"{where}: dimension '{name}' must map each category to its phrases")
        out[name] = {}
        for category, phrases in categories.items():
            if category == "__line__":
                continue
            if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
                raise RuleFileError(f"{where}: dimension '{name}', category '{category}': phrases must be a list of strings")
            out[name][str(category)] = tuple(phrases)
    return out


def _example(path: Path, raw: Any, where: str) -> Example:
    if not isinstance(raw, dict):
        raise RuleFileError(f"{where}: every example must be a mapping")
    ex_where = f"{path}:{raw['__line__']}"
    _no_unknown(raw, EXAMPLE_KEYS, ex_where)
    if bool(raw.get("text")) == bool(raw.get("table")):
        raise RuleFileError(f"{ex_where}: an example has either 'text' or 'table'")
    table = raw.get("table")
    if table is not None:
        if not isinstance(table, dict):
            raise RuleFileError(f"{ex_where}: 'table' must be a mapping")
        _no_unknown(table, TABLE_KEYS, ex_where)
        table = _strip_lines(table)
    expect = raw.get("expect")
    if not isinstance(expect, list):
        raise RuleFileError(f"{ex_where}: 'expect' must be a list (empty: the text must give no measurement)")
    for e in expect:
        if not isinstance(e, dict) or "value" not in e:
            raise RuleFileError(f"{ex_where}: every expected measurement needs a 'value'")
        _no_unknown(e, EXPECT_KEYS, f"{path}:{e['__line__']}")
    return Example(f"{path.name}:{raw['__line__']}", str(raw.get("doc", "")), str(raw.get("text", "")), table,
                   tuple(_strip_lines(e) for e in expect), str(raw.get("known_gap", "") or ""))


def _strip_lines(value: Any) -> Any:
    """The data without the loader's ``__line__`` bookkeeping."""
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


# -- lint -----------------------------------------------------------------------------------


def normalise_phrase(phrase: str) -> str:
    return re.sub(r"\s+", " ", phrase.lower()).strip()


def _told_apart_by_unit(phrase: str, one: Indicator, other: Indicator) -> bool:
    """Whether a label two indicators share is a table label of one of them, and their units
    differ: a table row's stated unit chooses ("Personen met een bijstandsuitkering" is a
    count, per 10.000 inwoners the BBV rate)."""
    def table_only(ind: Indicator) -> bool:
        return phrase not in {normalise_phrase(p) for p in ind.phrases}
    return one.unit != other.unit and (table_only(one) or table_only(other))


def lint(rules: RuleSet) -> list[str]:
    """Problems that load but are wrong, one line each (``file:line: problem``)."""
    problems: list[str] = []
    seen: dict[str, Indicator] = {}
    claimed: dict[str, Indicator] = {}
    numbered: dict[int, Indicator] = {}
    for ind in rules.indicators:
        if ind.bbv_number and numbered.setdefault(ind.bbv_number, ind) is not ind:
            first = numbered[ind.bbv_number]
            problems.append(f"{ind.source}: BBV number {ind.bbv_number} of '{ind.id}' is also '{first.id}' ({first.source})")
        if ind.id in seen:
            problems.append(f"{ind.source}: duplicate indicator id '{ind.id}' (first at {seen[ind.id].source})")
        seen[ind.id] = ind
        if not any(ex.expect for ex in ind.examples):
            problems.append(f"{ind.source}: indicator '{ind.id}' has no example that gives a measurement")
        for phrase in {normalise_phrase(p) for p in ind.phrases + ind.table_labels}:
            other = claimed.get(phrase)
            if other is not None and other.id != ind.id and not (ind.context or other.context) \
                    and not _told_apart_by_unit(phrase, ind, other):
                problems.append(f"{ind.source}: phrase '{phrase}' of '{ind.id}' is also claimed by '{other.id}' ({other.source})"
                                " — add 'context' words to one of them")
            claimed.setdefault(phrase, ind)
        for ex in ind.examples:
            for e in ex.expect:
                unit = e.get("unit")
                if unit and unit not in rules.vocabulary.units:
                    problems.append(f"{ex.source}: unknown unit {unit!r} in an example of '{ind.id}'")
                for dim, cat in (e.get("dimensions") or {}).items():
                    if dim not in (ind.section_dimension, ind.row_dimension) and (dim not in ind.dimensions or cat not in ind.dimensions[dim]):
                        problems.append(f"{ex.source}: example of '{ind.id}' uses undeclared dimension {dim}={cat}")
    return problems


__all__ = ["RuleSet", "Indicator", "Example", "Vocabulary", "load_rules", "lint", "rules_hash", "RuleFileError",
           "default_rules_dir", "normalise_phrase"]
