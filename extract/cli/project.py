"""A researcher's project folder: ``harvest init`` makes one (the rule files to edit and a
``harvest.toml``), and every command takes its --rules, --store and --out defaults from the
nearest ``harvest.toml`` (an option given on the command line still wins)."""

from __future__ import annotations

import shutil
from pathlib import Path

import click

from ..ruleset.locate import PROJECT_FILE, Project, find_project, packaged_rules
from .common import HarvestCommand, err

PROJECT_TEMPLATE = """\
# harvest project settings: paths relative to this file. Options on the command line win.
rules = "rules"                     # the rule files (`harvest rules lint` / `harvest rules test` check them)
store = "output/indicators.sqlite"  # the indicator store of ingest, check, export, show, report
out = "output"                      # where `harvest run` writes the store, exports and report
"""


def project_or_exit() -> Project | None:
    """The nearest project file (a file that cannot be used is a RuleFileError: the group
    reports it in one line with exit code 2)."""
    return find_project()


def project_defaults(command: click.Command, project: Project) -> dict:
    """A click ``default_map`` for ``command`` and its subcommands from a project's paths."""
    store = project.paths.get("store") or (project.paths["out"] / "indicators.sqlite" if "out" in project.paths else None)
    given = {"rules_dir": project.rules, "store_path": store, "out_dir": project.paths.get("out")}
    defaults: dict = {}
    for param in command.params:
        if param.name in given and given[param.name] is not None:
            defaults[param.name] = given[param.name]
    for name, sub in getattr(command, "commands", {}).items():
        sub_defaults = project_defaults(sub, project)
        if sub_defaults:
            defaults[name] = sub_defaults
    return defaults


@click.command(cls=HarvestCommand)
@click.argument("folder", required=False, default=".", type=click.Path(file_okay=False, path_type=Path))
def init(folder: Path) -> None:
    """Make FOLDER (default: the current one) a harvest project: a copy of the rule files to
    edit in FOLDER/rules and a FOLDER/harvest.toml that points every command at them and at
    FOLDER/output. Existing files are left as they are."""
    folder.mkdir(parents=True, exist_ok=True)
    rules, config = folder / "rules", folder / PROJECT_FILE
    if rules.exists():
        err(f"{rules}: exists, left as it is")
    else:
        shutil.copytree(packaged_rules(), rules, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        err(f"{rules}: the rule files, to edit (see docs/rules.md in the repository)")
    if config.exists():
        err(f"{config}: exists, left as it is")
    else:
        config.write_text(PROJECT_TEMPLATE, encoding="utf-8")
        err(f"{config}: the project's rules, store and output folder")
    err(f"next: harvest run REPORTS/ (from {folder} or below), then open {folder / 'output' / 'report.html'}")
