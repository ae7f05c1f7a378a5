"""Walking a corpus: which files to read, which to skip, and why."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..documents import is_supported

#: files that document a folder (a corpus README, its gold annotations' README), not reports
_FOLDER_DOCS = re.compile(r"^(?:readme|license|licence|changelog|contributing)(?:\.|$)", re.I)


@dataclass
class Walk:
    """The files to read, in a stable order, and what was passed over."""

    files: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)
    #: the folder (or file) named on the command line that each file was found under
    roots: dict[Path, Path] = field(default_factory=dict)


def walk(paths: list[str | Path]) -> Walk:
    """Expand files and folders (recursively) into the supported documents.

    A file named on the command line is always tried (so an unsupported one gets its
    own clear error); inside folders only supported extensions are taken, the rest
    (gold YAML, manifests, images) is counted as skipped. Hidden files are ignored.
    """
    result = Walk()
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    if name.startswith("."):
                        continue
                    file = Path(root) / name
                    if _FOLDER_DOCS.match(name):
                        result.skipped.append((file, "documentation of the folder, not a report"))
                    elif is_supported(file):
                        _add(result, seen, file, path)
                    else:
                        result.skipped.append((file, f"not a supported document type ('{file.suffix or name}')"))
        elif path.exists():
            _add(result, seen, path, path.parent)
        else:
            result.missing.append(path)
    return result


def _add(result: Walk, seen: set[Path], file: Path, root: Path) -> None:
    key = file.resolve()
    if key not in seen:
        seen.add(key)
        result.files.append(file)
        result.roots[file] = root
