"""The project's own docs: generated parts up to date with the code, every command documented,
and no link to a file a clone does not have."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys

import click
from click.testing import CliRunner
from conftest import ROOT

from extract.cli.main import main

DOCS = ROOT / "docs"


def generator():
    spec = importlib.util.spec_from_file_location("docs_generate", DOCS / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from commands(command, (*prefix, name))


def test_generated_parts_are_up_to_date():
    """In a process of its own: click caches a command's help option by the first context that
    asked, so help rendered after other tests may differ from what `harvest CMD -h` shows."""
    check = subprocess.run([sys.executable, str(DOCS / "generate.py"), "--check"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_the_generator_fills_a_marked_section():
    gen = generator()
    filled = gen.render("x\n<!-- generated: columns mentions -->\nold\n<!-- /generated -->\ny\n")
    assert "| `reason` | string |" in filled and "old" not in filled and filled.endswith("<!-- /generated -->\ny\n")


def test_every_command_has_its_help_in_cli_md():
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    missing = [c for c in commands(main) if f"<!-- generated: help {' '.join(c)} -->" not in text]
    assert missing == []


def test_every_export_column_is_in_exports_md():
    from extract.store.columns import RESOURCES

    text = (DOCS / "exports.md").read_text(encoding="utf-8")
    for what, (base, extra) in RESOURCES.items():
        assert f"<!-- generated: columns {what} -->" in text
        assert all(f"| `{c}` |" in text for c in [*base, *extra])


def test_no_link_leaves_the_repository():
    """A clone has no ../shared: the README, the docs and the help point into the repository."""
    texts = {p.name: p.read_text(encoding="utf-8") for p in [ROOT / "README.md", *DOCS.glob("*.md")]}
    for command in commands(main):
        texts[" ".join(command)] = CliRunner().invoke(main, [*command, "--help"]).output
    assert [name for name, text in texts.items() if "../shared" in text or "DESIGN.md" in text] == []
    for path in [ROOT / "README.md", *DOCS.glob("*.md")]:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", path.read_text(encoding="utf-8")):
            if not re.match(r"[a-z]+:", target):
                assert (path.parent / target).exists(), f"{path.name} links {target}, which is not there"
