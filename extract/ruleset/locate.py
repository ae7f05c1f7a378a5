"""Where the rule files are: one answer for every command, the Python API and every Dask
worker, so that the rules a run hashes are the rules it applies.

In order: the folder given (``--rules DIR``), ``$HARVEST_RULES``, the ``rules`` of the nearest
``harvest.toml`` (from the current folder up), ``./rules``, and the rules that ship inside the
package (``pip install`` copies the repository's ``rules/`` into ``extract/rules``; an editable
install reads the repository's own).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import RuleFileError

PROJECT_FILE = "harvest.toml"
#: the keys a project file may set, each a path relative to the file's folder
PROJECT_KEYS = ("rules", "store", "out")


@dataclass(frozen=True)
class Project:
    """A ``harvest.toml``: the folder it is in and the paths it sets, made absolute."""

    file: Path
    paths: dict[str, Path]

    @property
    def rules(self) -> Path | None:
        return self.paths.get("rules")


def packaged_rules() -> Path:
    """The rules that came with the package: inside an installed wheel, else the source tree's."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (package / "rules", package.parent / "rules"):
        if (candidate / "mentions.yaml").is_file():
            return candidate
    raise RuleFileError(f"{package / 'rules'}:0: the package's rule files are missing (reinstall extract)")


def find_project(start: Path | None = None) -> Project | None:
    """The nearest ``harvest.toml`` at or above ``start`` (the current folder), or None."""
    here = (start or Path.cwd()).absolute()
    for folder in (here, *here.parents):
        path = folder / PROJECT_FILE
        if path.is_file():
            return read_project(path)
    return None


def read_project(path: Path) -> Project:
    """A project file, validated: a TOML table of the :data:`PROJECT_KEYS`, each a string."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise RuleFileError(f"{path}:1: cannot read: {err}") from None
    except tomllib.TOMLDecodeError as err:
        raise RuleFileError(f"{path}: invalid TOML: {err}") from None
    unknown = sorted(set(data) - set(PROJECT_KEYS))
    if unknown:
        raise RuleFileError(f"{path}:1: unknown key(s) {', '.join(unknown)} (allowed: {', '.join(PROJECT_KEYS)})")
    paths = {}
    for key, value in data.items():
        if not isinstance(value, str) or not value:
            raise RuleFileError(f"{path}:1: '{key}' must be a path in quotes")
        paths[key] = (path.parent / value).resolve()
    return Project(path, paths)


def rules_folder(explicit: Path | None = None) -> Path:
    """The rule folder to use (see the module's docstring for the order)."""
    if explicit is not None:
        return Path(explicit)
    env = os.environ.get("HARVEST_RULES")
    if env:
        return Path(env)
    project = find_project()
    if project is not None and project.rules is not None:
        return project.rules
    local = Path.cwd() / "rules"
    if (local / "mentions.yaml").is_file():
        return local
    return packaged_rules()
