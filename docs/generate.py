"""Fill the generated parts of docs/cli.md and docs/exports.md from the code itself.

The prose around them is written by hand; what the code already says (every command's
``--help``, every export column and store column with its type and description) is copied
in between markers, so the docs cannot drift from the tool:

    <!-- generated: help run -->        harvest run --help
    <!-- generated: columns findings --> the columns of the findings export
    <!-- generated: store -->           the tables and views of the SQLite store
    <!-- /generated -->

``python docs/generate.py`` rewrites the files; ``--check`` only reports (exit 1) when one is
out of date, which the test suite does (tests/test_docs.py).
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

from extract.cli.main import main
from extract.store.columns import FIELDS, RESOURCES
from extract.store.datasette import metadata
from extract.store.sqlite import Store

DOCS = Path(__file__).resolve().parent
FILES = ("cli.md", "exports.md")
_SECTION = re.compile(r"(<!-- generated: (?P<key>[^>]*?) -->\n)(?P<body>.*?)(<!-- /generated -->)", re.S)


def render(text: str) -> str:
    """``text`` with every generated section filled anew."""
    return _SECTION.sub(lambda m: m.group(1) + _generate(m.group("key")) + m.group(4), text)


def _generate(key: str) -> str:
    kind, _, arg = key.partition(" ")
    if kind == "help":
        return _help(arg.split())
    if kind == "columns":
        return _columns(arg)
    if kind == "store":
        return _store()
    raise ValueError(f"unknown generated section {key!r}")


def _help(command: list[str]) -> str:
    result = CliRunner().invoke(main, [*command, "--help"], prog_name="harvest", terminal_width=100)
    if result.exit_code != 0:
        raise RuntimeError(f"harvest {' '.join(command)} --help failed: {result.output}")
    return f"```text\n{result.output.rstrip()}\n```\n"


def _columns(what: str) -> str:
    base, extra = RESOURCES[what]
    rows = ["| column | type | description |", "|---|---|---|"]
    for name in [*base, *extra]:
        kind, description = FIELDS[what][name]
        more = " *(with `--all-columns`)*" if name in extra else ""
        rows.append(f"| `{name}` | {kind} | {_cell(description)}{more} |")
    return "\n".join(rows) + "\n"


def _store() -> str:
    """Every table and view of a new, empty store, with its columns' descriptions."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "indicators.sqlite"
        Store.open(path).close()
        tables = metadata(path)["databases"]["indicators"]["tables"]
    parts = []
    for name, table in tables.items():
        if table.get("hidden"):
            continue
        parts.append(f"#### `{name}`\n\n{table['description']}\n")
        parts.append("| column | description |\n|---|---|")
        parts.extend(f"| `{c}` | {_cell(d)} |" for c, d in table["columns"].items())
        parts.append("")
    return "\n".join(parts)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def main_(check: bool) -> int:
    stale = []
    for name in FILES:
        path = DOCS / name
        text = path.read_text(encoding="utf-8")
        new = render(text)
        if new != text:
            stale.append(name)
            if not check:
                path.write_text(new, encoding="utf-8")
    if stale:
        verb = "out of date (run python docs/generate.py)" if check else "rewritten"
        print(f"{', '.join(stale)}: {verb}", file=sys.stderr)
    return 1 if stale and check else 0


if __name__ == "__main__":
    sys.exit(main_("--check" in sys.argv[1:]))
