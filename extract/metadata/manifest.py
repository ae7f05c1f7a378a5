"""The corpus manifest: a researcher's corrections to detected metadata, per file.

Detection from content is right most of the time; the manifest is for the rest (a
report without a title page, a regional document filed under one municipality). It
lives at the corpus root as ``manifest.yaml``::

    files:
      haarlem/q2-2017.pdf:
        municipality: Haarlem
        doc_type: bestuursrapportage
        period: {start: 2017-01-01, end: 2017-06-30, label: eerste helft 2017}

or as ``manifest.csv`` with a ``path`` column and one column per field (the period as
``period_start``, ``period_end``, ``period_label``; an empty cell overrides nothing).
Paths are relative to the manifest. A manifest is configuration, so a typo must not
pass silently: unknown fields, document types, municipalities and malformed dates are
refused with ``<manifest>:<line>: <problem>``, and so is any path that leaves the
corpus root. In YAML, ``null`` clears a field that detection got wrong.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from ..errors import HarvestError
from ..model import DOCUMENT_TYPES, Document, Period
from .detect import gazetteer

MANIFEST_NAMES = ("manifest.yaml", "manifest.yml", "manifest.csv")
FIELDS = ("title", "municipality", "region", "doc_type", "period", "date", "reference")
PERIOD_KEYS = ("start", "end", "label")
CSV_PERIOD_COLUMNS = {"period_start": "start", "period_end": "end", "period_label": "label"}
#: ISO date, or a month ("2017-03") or year ("2017") where that is all a document says.
DATE_VALUE = re.compile(r"^[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?$")


class ManifestError(HarvestError):
    """A manifest that cannot be used; ``str(err)`` is ``"<manifest path>:<line>: <problem>"``."""

    def __init__(self, path: Path, line: int, problem: str):
        super().__init__(f"{path}:{line}: {problem}")
        self.path, self.line, self.problem = path, line, problem

    def __reduce__(self):
        """Rebuild from the three fields: a worker process sends the error to the batch pickled."""
        return type(self), (self.path, self.line, self.problem)


@dataclass
class Manifest:
    path: Path
    #: normalised relative path -> field -> value (period as a Period, cleared fields as None)
    entries: dict[str, dict[str, Any]]

    @property
    def root(self) -> Path:
        return self.path.parent

    @classmethod
    def load(cls, path: str | Path) -> Manifest:
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise ManifestError(path, 1, f"cannot read manifest: {err}") from None
        parse = _parse_csv if path.suffix.lower() == ".csv" else _parse_yaml
        return cls(path, parse(path, text))

    @classmethod
    def find(cls, root: str | Path, start: str | Path | None = None) -> Manifest | None:
        """The manifest nearest to ``start`` (a file or folder), looking up to and including ``root``."""
        root = Path(root).resolve()
        here = Path(start).resolve() if start is not None else root
        if here.is_file() or not here.exists():
            here = here.parent
        while True:
            for name in MANIFEST_NAMES:
                if (here / name).is_file():
                    return cls.load(here / name)
            if here == root or here.parent == here or root not in here.parents:
                return None
            here = here.parent

    def entry_for(self, doc_path: str | Path) -> dict[str, Any] | None:
        try:
            relative = Path(doc_path).resolve().relative_to(self.root.resolve())
        except ValueError:
            return None
        return self.entries.get(relative.as_posix())

    def apply(self, doc: Document) -> None:
        """Override the document's metadata with its manifest entry, if it has one."""
        entry = self.entry_for(doc.meta.path)
        for field, value in (entry or {}).items():
            setattr(doc.meta, field, "other" if field == "doc_type" and value is None else value)
            doc.meta.evidence[field] = "manifest"


# -- YAML ---------------------------------------------------------------------------


def _parse_yaml(path: Path, text: str) -> dict[str, dict[str, Any]]:
    try:
        tree = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise ManifestError(path, mark.line + 1 if mark else 1, f"not valid YAML: {getattr(err, 'problem', err)}") from None
    lines, duplicates = _key_lines(tree)
    if duplicates:
        keys, line = duplicates[0]
        raise ManifestError(path, line, f"'{keys[-1]}' is listed twice")
    try:
        data = yaml.safe_load(text)
    except yaml.constructor.ConstructorError as err:  # a tag such as !!python/object, never constructed
        mark = err.problem_mark
        raise ManifestError(path, mark.line + 1 if mark else 1, f"a YAML tag a manifest cannot hold: {err.problem}") from None
    except ValueError as err:  # a date-like scalar that is no date (2017-02-30)
        node = _bad_timestamp(tree)
        raise ManifestError(path, node.start_mark.line + 1 if node else 1, f"'{node.value if node else ''}' is not a valid date: {err}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ManifestError(path, 1, "expected a mapping with a 'files' key")
    for key in data:
        if key != "files":
            raise ManifestError(path, lines.get((key,), 1), f"unknown top-level key '{key}' (expected 'files')")
    files = data.get("files") or {}
    if not isinstance(files, dict):
        raise ManifestError(path, lines.get(("files",), 1), "'files' must map file paths to their fields")
    entries: dict[str, dict[str, Any]] = {}
    for raw_path, fields in files.items():
        line = lines.get(("files", raw_path), 1)
        key = _relative_path(path, line, raw_path)
        if key in entries:
            raise ManifestError(path, line, f"'{raw_path}' is listed twice")
        if not isinstance(fields, dict):
            raise ManifestError(path, line, f"'{raw_path}' must map field names to values")
        entries[key] = {
            field: _check_field(path, lines.get(("files", raw_path, field), line), field, value)
            for field, value in fields.items()
        }
    return entries


def _key_lines(node: yaml.Node | None, prefix: tuple = ()) -> tuple[dict[tuple, int], list[tuple[tuple, int]]]:
    """1-based line of every mapping key by its path of keys, and the keys given twice.

    ``yaml.safe_load`` silently keeps the last of two equal keys; a manifest must not.
    """
    lines: dict[tuple, int] = {}
    duplicates: list[tuple[tuple, int]] = []
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            keys = prefix + (key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value),)
            if keys in lines:
                duplicates.append((keys, key_node.start_mark.line + 1))
            lines[keys] = key_node.start_mark.line + 1
            inner, inner_duplicates = _key_lines(value_node, keys)
            lines.update(inner)
            duplicates.extend(inner_duplicates)
    return lines, duplicates


def _bad_timestamp(node: yaml.Node | None) -> yaml.ScalarNode | None:
    """The first scalar YAML reads as a date but that is not one."""
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:timestamp":
        try:
            yaml.safe_load(node.value)
        except ValueError:
            return node
        return None
    children = node.value if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) else []
    for child in children:
        for item in child if isinstance(child, tuple) else (child,):
            if found := _bad_timestamp(item):
                return found
    return None


# -- CSV ----------------------------------------------------------------------------


def _parse_csv(path: Path, text: str) -> dict[str, dict[str, Any]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = reader.fieldnames or []
    if "path" not in columns:
        raise ManifestError(path, 1, "a CSV manifest needs a 'path' column")
    for column in columns:
        if column != "path" and column not in FIELDS and column not in CSV_PERIOD_COLUMNS:
            raise ManifestError(path, 1, f"unknown column '{column}' (known: path, {', '.join(_csv_columns())})")
    entries: dict[str, dict[str, Any]] = {}
    for row in reader:
        line = reader.line_num
        if None in row:
            raise ManifestError(path, line, f"more cells than the {len(columns)} columns of the header")
        key = _relative_path(path, line, row["path"] or "")
        if key in entries:
            raise ManifestError(path, line, f"'{row['path']}' is listed twice")
        cells = {c: v.strip() for c, v in row.items() if c != "path" and v and v.strip()}
        period = {CSV_PERIOD_COLUMNS[c]: cells.pop(c) for c in list(cells) if c in CSV_PERIOD_COLUMNS}
        if period:
            cells["period"] = period
        entries[key] = {field: _check_field(path, line, field, value) for field, value in cells.items()}
    return entries


def _csv_columns() -> list[str]:
    return [f for f in FIELDS if f != "period"] + list(CSV_PERIOD_COLUMNS)


# -- validation ---------------------------------------------------------------------


def _relative_path(manifest: Path, line: int, raw: object) -> str:
    """A manifest key as a clean relative path; anything that leaves the corpus root is refused."""
    if not isinstance(raw, str) or not raw.strip():
        raise ManifestError(manifest, line, f"file path must be a non-empty string, not {raw!r}")
    posix = PurePosixPath(raw.strip().replace("\\", "/"))
    root = manifest.parent.resolve()
    if posix.is_absolute() or re.match(r"^[A-Za-z]:", str(posix)):
        raise ManifestError(manifest, line, f"path '{raw}' must be relative to the manifest's folder")
    resolved = (root / posix).resolve()
    if resolved != root and root not in resolved.parents:
        raise ManifestError(manifest, line, f"path '{raw}' points outside the corpus root {root}")
    return resolved.relative_to(root).as_posix()


def _check_field(manifest: Path, line: int, field: object, value: Any) -> Any:
    if field not in FIELDS:
        raise ManifestError(manifest, line, f"unknown field '{field}' (known: {', '.join(FIELDS)})")
    if value is None:
        return None
    if field == "doc_type":
        if value not in DOCUMENT_TYPES:
            raise ManifestError(manifest, line, f"unknown doc_type '{value}' (known: {', '.join(DOCUMENT_TYPES)})")
        return value
    if field == "period":
        return _check_period(manifest, line, value)
    if field == "date":
        return _check_date(manifest, line, "date", value)
    if not isinstance(value, str):
        raise ManifestError(manifest, line, f"{field} must be text; quote it ({field}: \"{value}\")")
    if field == "municipality":
        return _official_name(manifest, line, value)
    return value


def _check_date(manifest: Path, line: int, what: str, value: Any) -> str:
    """An ISO date string; YAML's own dates (unquoted 2017-06-27) are taken as they are."""
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if not DATE_VALUE.match(text) or not _valid_date(text):
        raise ManifestError(manifest, line, f"{what} '{value}' is not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)")
    return text


def _valid_date(text: str) -> bool:
    parts = [int(p) for p in text.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


def _check_period(manifest: Path, line: int, value: Any) -> Period:
    if not isinstance(value, dict) or not {"start", "end"} <= set(value):
        raise ManifestError(manifest, line, "period needs start and end (and may have a label)")
    for key in value:
        if key not in PERIOD_KEYS:
            raise ManifestError(manifest, line, f"unknown period key '{key}' (known: {', '.join(PERIOD_KEYS)})")
    start, end = (_check_date(manifest, line, f"period {k}", value[k]) for k in ("start", "end"))
    if len(start) != 10 or len(end) != 10:
        raise ManifestError(manifest, line, "period start and end must be full dates (YYYY-MM-DD)")
    if start > end:
        raise ManifestError(manifest, line, f"period starts ({start}) after it ends ({end})")
    return Period(start, end, str(value.get("label") or ""))


def _official_name(manifest: Path, line: int, name: str) -> str:
    """The gazetteer's spelling of a municipality ("Den Bosch" -> "'s-Hertogenbosch")."""
    by_form: dict[str, set[str]] = {}
    for g in gazetteer():
        for form in (g.name, *g.aliases):
            by_form.setdefault(form.casefold(), set()).add(g.name)
    names = by_form.get(name.strip().casefold(), set())
    if len(names) == 1:
        return names.pop()
    if names:
        raise ManifestError(manifest, line, f"municipality '{name}' is ambiguous: {' or '.join(sorted(names))}")
    close = difflib.get_close_matches(name, sorted({g.name for g in gazetteer()}), n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    raise ManifestError(manifest, line, f"unknown municipality '{name}'{hint}")
