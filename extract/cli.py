"""The ``harvest`` command line. Data goes to stdout, messages and progress to stderr.

Exit codes: 0 ok, 1 findings at or above the requested severity (check), 2 usage,
configuration or input error.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from . import __version__
from .corpus import walk
from .documents import ReadError, read_document
from .manifest import Manifest, ManifestError
from .model import Document, Table
from .summary import error_row, summary_row, write_summary

EXIT_FINDINGS = 1
EXIT_INPUT = 2


def _err(message: str) -> None:
    click.echo(message, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="harvest")
def main() -> None:
    """Harvest indicators from Dutch municipal social-domain reports.

    Reads PDF, DOCX, HTML, Markdown and text renditions into one Document model,
    with exact provenance (page, line, character offsets) for every block and cell.
    """


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the Document model as JSON.")
def parse(file: Path, as_json: bool) -> None:
    """Show the Document model of one FILE: what the reader saw.

    The text view lists every block with its kind, source line (and page), section
    path and text; tables are drawn as rows with their caption, unit hint and notes.
    """
    try:
        doc = read_document(file, manifest=Manifest.find(file.parent, file))
    except (ReadError, ManifestError) as err:
        _err(f"error: {err}")
        sys.exit(EXIT_INPUT)
    if as_json:
        click.echo(json.dumps(doc.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_document(doc))


def _manifest_for(cache: dict[Path, Manifest | None], root: Path, file: Path) -> Manifest | None:
    """The corpus manifest nearest to a file, under the folder given on the command line."""
    key = file.parent.resolve()
    if key not in cache:
        cache[key] = Manifest.find(root, file)
    return cache[key]


def render_document(doc: Document) -> str:
    meta = doc.meta
    period = f"{meta.period.start}..{meta.period.end} ({meta.period.label})" if meta.period else "-"
    out = [
        f"# {doc.name}",
        f"format: {meta.format}   pages: {meta.pages or '-'}   sha256: {meta.id[:16]}…",
        f"title: {meta.title or '-'}",
        f"municipality: {meta.municipality or '-'}   region: {meta.region or '-'}   type: {meta.doc_type}",
        f"period: {period}   date: {meta.date or '-'}   reference: {meta.reference or '-'}",
        "",
    ]
    for block in doc.blocks:
        where = f"p{block.span.page}:" if block.span.page else ""
        where += f"L{block.span.line}" if block.span.line else ""
        if isinstance(block, Table):
            out.append(
                f"[table {block.n_rows}x{block.n_cols} {where} header rows {block.header_rows} cols {block.header_cols}"
                f"{' caption: ' + repr(block.caption) if block.caption else ''}"
                f"{' unit: ' + block.unit_hint if block.unit_hint else ''} ({block.source})]"
            )
            for row in block.rows():
                out.append("  | " + " | ".join(row))
            for note in block.notes:
                out.append(f"  note: {note}")
            continue
        kind = block.kind
        if kind == "heading":
            out.append(f"{'#' * min(block.level, 6)} {block.title}   ({where})")
        elif kind == "footnote":
            out.append(f"  [{block.marker}] {block.content}   ({where})")
        else:
            bullet = f"{block.marker or '•'} " if block.list_item else ""
            out.append(f"{bullet}{block.content}   ({where})")
    if doc.repairs:
        out.append("")
        out.append("repairs:")
        out.extend(f"  - {r}" for r in doc.repairs)
    return "\n".join(out)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", default="output", show_default=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the store, exports and reports.")
@click.option("-q", "--quiet", is_flag=True, help="No progress on stderr.")
def run(paths: tuple[Path, ...], out_dir: Path, quiet: bool) -> None:
    """The main job on files and folders (walked recursively).

    Reads every supported document (.pdf .docx .html .htm .md .txt) and writes the
    parse summary to OUT/parse-summary.csv and .json: per document its metadata and
    what was found (headings, paragraphs, tables, footnotes, numbers). A file that
    cannot be read gets one line on stderr naming it and the reason; the batch goes on.
    A manifest.yaml or manifest.csv in a folder overrides detected metadata per file.
    Exit code 2 when nothing could be read or a manifest is invalid.
    """
    found = walk(list(paths))
    for missing in found.missing:
        _err(f"error: {missing}: no such file or folder")
    rows = []
    ok = 0
    started = time.perf_counter()
    total = len(found.files)
    manifests: dict[Path, Manifest | None] = {}
    for n, file in enumerate(found.files, start=1):
        try:
            manifest = _manifest_for(manifests, found.roots[file], file)
            doc = read_document(file, manifest=manifest)
        except ManifestError as err:
            _err(f"error: {err}")
            sys.exit(EXIT_INPUT)
        except ReadError as err:
            _err(f"error: {err}")
            rows.append(error_row(file, err.reason))
            continue
        ok += 1
        rows.append(summary_row(doc))
        if not quiet:
            _err(f"[{n}/{total}] {file}: {len(doc.blocks)} blocks, {len(doc.tables())} tables")
    csv_path, _ = write_summary(rows, out_dir)
    failed = len(rows) - ok
    if not quiet:
        _err(
            f"read {ok} of {total} documents in {time.perf_counter() - started:.1f}s; "
            f"{failed} failed, {len(found.skipped)} other files skipped, {len(found.missing)} missing; "
            f"summary: {csv_path}"
        )
    if ok == 0:
        sys.exit(EXIT_INPUT)


@main.group()
def rules() -> None:
    """Check the rule files: validate them, run their examples, list what they miss."""


def _load_rules(folder: Path | None):
    from .rules import RuleFileError, load_rules

    try:
        return load_rules(folder)
    except RuleFileError as err:
        _err(f"error: {err}")
        sys.exit(EXIT_INPUT)


_rules_option = click.option("--rules", "rules_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                             help="Rule folder (default: ./rules or $HARVEST_RULES).")


@rules.command("lint")
@_rules_option
def rules_lint(rules_dir: Path | None) -> None:
    """Validate the rule files: schema, units, domains, duplicate ids, phrases claimed
    twice, indicators without examples. Exit 1 when there are problems, 2 when a file
    does not load."""
    from .rules import lint

    ruleset = _load_rules(rules_dir)
    problems = lint(ruleset)
    for p in problems:
        click.echo(p)
    _err(f"{len(ruleset.indicators)} indicators, {sum(len(i.examples) for i in ruleset.indicators)} examples, "
         f"{len(problems)} problems (rules {ruleset.hash})")
    if problems:
        sys.exit(EXIT_FINDINGS)


@rules.command("test")
@_rules_option
@click.option("--corpus", type=click.Path(file_okay=False, path_type=Path), default=Path("corpus"), show_default=True,
              help="Folder with the reports the examples quote; an example runs inside its report when found there.")
@click.option("-v", "--verbose", is_flag=True, help="List passing examples too.")
def rules_test(rules_dir: Path | None, corpus: Path, verbose: bool) -> None:
    """Run every example of the rule files and compare with what it must give.

    Prints each failing example with what differs, then one line
    'N passed, M failed'. Exit 1 when an example fails."""
    from .ruletest import ExampleRunner

    ruleset = _load_rules(rules_dir)
    results = ExampleRunner(ruleset, corpus if corpus.is_dir() else None).run()
    failed = [r for r in results if not r.ok]
    for r in results:
        if r.ok and verbose:
            click.echo(f"ok    {r.indicator}  {r.source}")
        for problem in r.problems:
            click.echo(f"FAIL  {r.indicator}  {r.source}: {problem}")
    click.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    if failed:
        sys.exit(EXIT_FINDINGS)


@rules.command("coverage")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_rules_option
@click.option("--top", default=40, show_default=True, help="How many groups of unmapped figures to list.")
@click.option("--json", "as_json", is_flag=True, help="Print the groups as JSON.")
def rules_coverage(paths: tuple[Path, ...], rules_dir: Path | None, top: int, as_json: bool) -> None:
    """What the rules do not map yet: the share of figures that became measurements,
    then the unmapped figures grouped by the word after them (or before), most frequent
    first, with an example of each, so a rule author sees what to add next."""
    from .coverage import coverage

    ruleset = _load_rules(rules_dir)
    report = coverage(ruleset, walk(list(paths)).files, _err)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    click.echo(f"{report['measurements']} of {report['quantities']} figures became measurements "
               f"({report['share']:.0%}); {report['unmapped']} unmapped, {report['non_measurements']} non-measurements")
    for group in report["groups"][:top]:
        click.echo(f"{group['count']:>4}  {group['key']:<28} e.g. {group['example']}")
