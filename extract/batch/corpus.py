"""Walking a corpus: which files to read, which to skip, and why."""

from __future__ import annotations

import os
import re
import stat
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
    #: what cannot be read at all, with the reason: a FIFO, device or socket, a symbolic link
    #: loop, a folder without read permission (never opened: a FIFO would block the batch)
    unreadable: list[tuple[Path, str]] = field(default_factory=list)
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

    def folder_error(error: OSError) -> None:
        result.unreadable.append((Path(error.filename), f"folder cannot be read: {error.strerror or error}"))

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, names in os.walk(path, onerror=folder_error):
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
        elif path.exists() or path.is_symlink():
            _add(result, seen, path, path.parent)
        else:
            result.missing.append(path)
    return result


def _not_regular(file: Path) -> str:
    """Why a path is no file to read (a FIFO, device or socket; a link that leads nowhere or in
    a loop), looked up without opening it; "" for a regular file."""
    try:
        mode = os.stat(file).st_mode
    except OSError as error:
        return f"cannot be read: {error.strerror or error}"
    return "" if stat.S_ISREG(mode) else "not a regular file (a FIFO, device or socket): not read"


def _add(result: Walk, seen: set[Path], file: Path, root: Path) -> None:
    if reason := _not_regular(file):
        result.unreadable.append((file, reason))
        return
    try:
        key = file.resolve()
    except (OSError, RuntimeError):
        key = file.absolute()
    if key not in seen:
        seen.add(key)
        result.files.append(file)
        result.roots[file] = root
