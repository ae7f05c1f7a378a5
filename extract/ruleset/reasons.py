"""The reasons a number is no measurement (``rules/mentions.yaml``): a kenmerk, a phone
number, an age bound, ... each a list of patterns with examples, in order of precedence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ..text.prefilter import PatternSet
from .errors import RuleFileError
from .locate import rules_folder


@dataclass(frozen=True)
class Reason:
    id: str
    description: str
    patterns: tuple[re.Pattern[str], ...]
    examples: tuple[dict, ...] = ()


class Reasons(tuple):
    """The reasons in order of precedence, with one prefilter screen over all their patterns."""

    def __new__(cls, reasons=()):
        self = super().__new__(cls, reasons)
        self.prefilter = PatternSet(pattern for reason in self for pattern in reason.patterns)
        return self


def load_reasons(path: Path | None = None) -> Reasons:
    """The non-measurement reasons of ``path`` (default: ``mentions.yaml`` of the rule folder in
    use), validated; read once per process for as long as the file is unchanged."""
    path = Path(path) if path else rules_folder() / "mentions.yaml"
    try:
        stat = path.stat()
    except OSError as err:
        raise RuleFileError(f"{path}:0: cannot read: {err.strerror or err}") from None
    return _load_reasons(path.resolve(), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _load_reasons(path: Path, _mtime: int, _size: int) -> Reasons:
    """Load and validate the reasons (``yaml.safe_load``; unknown keys refused)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        raise RuleFileError(f"{path}:{line}: invalid YAML: {getattr(err, 'problem', err)}") from None
    if not isinstance(data, dict) or set(data) - {"version", "reasons"} or not isinstance(data.get("reasons"), list):
        raise RuleFileError(f"{path}:1: expected keys 'version' and 'reasons' (a list)")
    text_lines = path.read_text(encoding="utf-8").splitlines()
    reasons = []
    for entry in data["reasons"]:
        rid = entry.get("id") if isinstance(entry, dict) else None
        line = next((n for n, t in enumerate(text_lines, 1) if re.match(rf"\s*- id:\s*{re.escape(str(rid))}\s*$", t)), 0)
        if not isinstance(entry, dict) or not rid:
            raise RuleFileError(f"{path}:{line}: every reason needs an 'id'")
        unknown = set(entry) - {"id", "description", "patterns", "examples", "case_sensitive"}
        if unknown:
            raise RuleFileError(f"{path}:{line}: reason '{rid}': unknown key(s) {', '.join(sorted(unknown))}")
        flags = 0 if entry.get("case_sensitive") else re.IGNORECASE
        patterns = []
        given = entry.get("patterns", []) or []
        if not isinstance(given, list) or not all(isinstance(p, str) for p in given):
            raise RuleFileError(f"{path}:{line}: reason '{rid}': 'patterns' must be a list of regular expressions in quotes")
        for p in given:
            try:
                patterns.append(re.compile(p, flags))
            except re.error as err:
                raise RuleFileError(f"{path}:{line}: reason '{rid}': bad pattern {p!r}: {err}") from None
        if rid != "period" and not patterns:
            raise RuleFileError(f"{path}:{line}: reason '{rid}' has no patterns")
        reasons.append(Reason(rid, entry.get("description", ""), tuple(patterns), tuple(entry.get("examples", []) or [])))
    return Reasons(reasons)
