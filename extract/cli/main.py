"""The ``harvest`` command line. Data goes to stdout, messages and progress to stderr.

Exit codes: 0 ok, 1 findings at or above the requested severity (check), 2 usage,
configuration or input error.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

import click

from .. import __version__
from ..batch.corpus import walk
from ..documents import read_document
from ..metadata.manifest import Manifest
from ..model import Document, Table
from . import check as check_cli
from . import export as export_cli
from . import project as project_cli
from .common import (
    EXIT_FINDINGS,
    EXIT_INPUT,
    HarvestGroup,
    err,
    reviews_option,
    rule_set,
    rules_option,
    store_option,
)
from .progress import progress


@click.group(cls=HarvestGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="harvest")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Harvest indicators from Dutch municipal social-domain reports.

    Reads PDF, DOCX, HTML, Markdown and text renditions into one Document model,
    with exact provenance (page, line, character offsets) for every block and cell.
    A harvest.toml in the current folder or above (`harvest init` writes one) sets the
    default --rules, --store and --out of every command.
    """
    project = project_cli.project_or_exit()
    if project is not None:
        ctx.default_map = project_cli.project_defaults(main, project)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the Document model as JSON.")
def parse(file: Path, as_json: bool) -> None:
    """Show the Document model of one FILE: what the reader saw.

    The text view lists every block with its kind, source line (and page), section
    path and text; tables are drawn as rows with their caption, unit hint and notes.
    """
    doc = read_document(file, manifest=Manifest.find(file.parent, file))
    if as_json:
        click.echo(json.dumps(doc.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_document(doc))


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
    if doc.truncated:
        out.append("")
        out.append("not read (the document is stored as partial):")
        out.extend(f"  - {r}" for r in doc.truncated)
    return "\n".join(out)


def _ingest(paths, store_path: Path, ruleset, workers: int, quiet: bool, verbose: bool = False,
            engine: str = "local", scheduler: str | None = None):
    from ..batch.pipeline import ingest
    from ..store.sqlite import Store

    started = time.perf_counter()
    with Store.open(store_path) as store:
        if engine == "dask":
            counts = _ingest_dask(paths, store, ruleset, scheduler, workers, quiet)
        else:
            counts = ingest(list(paths), store, ruleset, workers=workers, progress=progress(quiet))
        in_store = store.count("documents", "status IN ('ok', 'partial')"), store.count("measurements")
    for error in counts.errors:
        err(f"error: {error}")
    for warning in counts.warnings:
        err(warning)
    if verbose:
        for path, reason in counts.other_paths:
            err(f"{path}: skipped: {reason}")
    if not quiet:
        new = counts.read - counts.reextracted
        err(f"{new} new documents read, {counts.reextracted} re-extracted from the store (rules changed), "
            f"{counts.skipped} unchanged, {counts.failed} failed, "
            + (f"{counts.partial} read only in part, " if counts.partial else "")
            + f"{counts.other_files} other files skipped"
            + ("" if verbose or not counts.other_files else " (-v names them)")
            + f"; {counts.measurements} new measurements, {in_store[1]} in the store ({in_store[0]} documents); "
              f"{time.perf_counter() - started:.1f}s; store: {store_path}")
    return counts



def _ingest_dask(paths, store, ruleset, scheduler: str | None, workers: int, quiet: bool):
    try:
        from ..batch.distributed import ingest_dask

        return ingest_dask(list(paths), store, ruleset, scheduler, workers=workers, progress=progress(quiet))
    except ImportError as error:
        err(f"error: --engine dask needs dask[distributed] (pip install 'extract[dask]'): {error}")
    except OSError as error:  # no scheduler at that address, or a cluster that cannot start
        err(f"error: Dask {'scheduler ' + scheduler if scheduler else 'local cluster'}: {error}")
    sys.exit(EXIT_INPUT)


_workers_option = click.option("--workers", type=click.IntRange(1, 64), default=None,
                               help="Processes reading documents in parallel (default: the number of cores).")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@rules_option
@_workers_option
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: processes on this machine; dask: a Dask cluster (extra 'dask').")
@click.option("--scheduler", metavar="ADDRESS", help="With --engine dask: a running scheduler (tcp://host:8786); "
              "default: a local cluster of --workers processes. Workers must see the files and rules at the same paths.")
@click.option("-q", "--quiet", is_flag=True, help="No progress on stderr.")
@click.option("-v", "--verbose", is_flag=True, help="Name every file skipped as no report, with the reason.")
def ingest(paths, store_path: Path, rules_dir: Path | None, workers: int | None, engine: str, scheduler: str | None,
           quiet: bool, verbose: bool) -> None:
    """Read files and folders (recursively), extract measurements, store them.

    Idempotent: a file whose content and rules are already in the store is skipped
    without being read; after a rule change, known files are re-extracted from their
    stored Document model. A file that cannot be read is recorded with its reason and
    the batch goes on. Exit 2 when nothing could be read."""
    from ..batch.pipeline import default_workers

    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    if scheduler and not re.fullmatch(r"(?:[a-z][a-z0-9+]*://)?[^\s/:]+:\d{1,5}/?", scheduler):
        raise click.BadParameter(f"{scheduler!r} is no scheduler address (tcp://host:8786)", param_hint="--scheduler")
    counts = _ingest(paths, store_path, rule_set(rules_dir), workers or default_workers(), quiet, verbose,
                     engine, scheduler)
    if counts.read + counts.skipped == 0:
        sys.exit(EXIT_INPUT)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", default="output", show_default=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the store, exports and reports.")
@click.option("--store", "store_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The SQLite indicator store (default: OUT/indicators.sqlite).")
@rules_option
@_workers_option
@reviews_option
@click.option("-q", "--quiet", is_flag=True, help="No progress on stderr.")
@click.option("-v", "--verbose", is_flag=True, help="Name every file skipped as no report, with the reason.")
def run(paths: tuple[Path, ...], out_dir: Path, store_path: Path | None, rules_dir: Path | None, workers: int | None,
        reviews_path: Path, quiet: bool, verbose: bool) -> None:
    """The main job: ingest PATHS into OUT/indicators.sqlite and export it.

    Reads every supported document (.pdf .docx .html .htm .md .txt) under the given
    files and folders, extracts the measurements with the rule files, and writes
    OUT/measurements.csv, mentions.csv, documents.csv and findings.csv (columns as in
    docs/exports.md), finding_evidence.csv and the indicators.csv codebook, with a
    datapackage.json describing them and datasette-metadata.json describing the store, after
    running the consistency checks; OUT/report.html shows the findings with their quotes side
    by side. A file that cannot be read
    gets one line on stderr naming it and the reason; the batch goes on. A
    manifest.yaml or manifest.csv in a folder overrides detected metadata per file.
    Exit code 2 when nothing could be read or a manifest is invalid."""
    from ..batch.pipeline import default_workers
    from ..batch.run import finish

    ctx = click.get_current_context()
    if store_path is None or (ctx.get_parameter_source("out_dir") is click.core.ParameterSource.COMMANDLINE
                              and ctx.get_parameter_source("store_path") is click.core.ParameterSource.DEFAULT_MAP):
        store_path = out_dir / "indicators.sqlite"  # --out on the command line takes the project's store with it
    ruleset = rule_set(rules_dir)
    counts = _ingest(paths, store_path, ruleset, workers or default_workers(), quiet, verbose)
    if counts.read + counts.skipped == 0:
        sys.exit(EXIT_INPUT)
    findings, files = finish(store_path, out_dir, ruleset, reviews_path)
    if not quiet:
        err(f"{check_cli.summary(findings)}; exports: {', '.join(str(f) for f in files[:-1])}; report: {files[-1]}")


@main.command()
@click.argument("indicator")
@click.option("--municipality", help="Only this municipality.")
@store_option
@click.option("--json", "as_json", is_flag=True, help="Print the series as JSON lines.")
def show(indicator: str, municipality: str | None, store_path: Path, as_json: bool) -> None:
    """A time series of one INDICATOR across documents, with sources.

    One line per measurement, oldest period first: period, value and unit, kind,
    dimensions, geography, and the document, page/line and quote it came from."""
    from ..store.sqlite import Store

    with Store.open(store_path, read_only=True) as store:
        indicator = _resolve_indicator(indicator, store.measured("indicator"))
        if municipality is not None:
            municipality = _resolve_or_exit(municipality, store.measured("municipality"), "municipality",
                                            "as the store names them")
        rows = store.measurements(indicator=indicator, municipality=municipality)
    if not rows:
        err(f"no measurements of '{indicator}'" + (f" for {municipality}" if municipality else ""))
        return
    rows.sort(key=lambda m: (m.period_start or "", m.period_end or "", m.doc, m.line or 0))
    for m in rows:
        if as_json:
            click.echo(json.dumps(m.to_row(), ensure_ascii=False))
            continue
        period = m.period_start if m.period_start == m.period_end else f"{m.period_start}..{m.period_end}"
        dims = ",".join(f"{k}={v}" for k, v in sorted(m.dimensions.items()))
        where = f"{m.doc}" + (f" p{m.page}" if m.page else "") + (f" L{m.line}" if m.line else "")
        value = f"{m.value:,.10g}".replace(",", " ")
        click.echo(f"{period:<23} {value:>14} {m.unit:<8} {m.kind:<8} {dims:<24} {m.geography or '':<14} {where}  \"{m.quote[:80]}\"")


def _resolve_indicator(typed: str, stored: list[str]) -> str:
    """The indicator id a researcher meant: one in the store or the catalogue, any case."""
    from ..ruleset.catalogue import resolve

    found = resolve(typed, stored).found
    if found:
        return found
    catalogue = [i.id for i in rule_set(None).indicators]
    return _resolve_or_exit(typed, [*stored, *catalogue], "indicator", f"`harvest indicators --search {typed}` lists them")


def _resolve_or_exit(typed: str, known: list[str], what: str, hint: str = "") -> str:
    """``typed`` among ``known`` (any case), or one line with the nearest names and exit code 2."""
    from ..ruleset.catalogue import resolve

    resolved = resolve(typed, known)
    if resolved.found:
        return resolved.found
    nearest = f"; nearest: {', '.join(resolved.nearest)}" if resolved.nearest else ""
    err(f"error: no {what} '{typed}'{nearest}" + (f" ({hint})" if hint else ""))
    sys.exit(EXIT_INPUT)


@main.command()
@click.option("--search", "word", metavar="WORD", help="Only indicators whose id, label, BBV name, phrases, "
              "table labels or definition contain WORD (any case).")
@click.option("--domain", help="Only the indicators of this domain (wmo, jeugd, participatiewet, ...).")
@rules_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per indicator, with its definition.")
def indicators(word: str | None, domain: str | None, rules_dir: Path | None, as_json: bool) -> None:
    """The indicator catalogue of the rule files: id, unit, domain, label and BBV number.

    The ids are what `harvest show`, the exports' indicator column and the rule files use."""
    from ..ruleset.catalogue import search

    ruleset = rule_set(rules_dir)
    if domain is not None:
        domain = _resolve_or_exit(domain, sorted({i.domain for i in ruleset.indicators}), "domain")
    found = search(ruleset, word, domain)
    for ind in found:
        if as_json:
            click.echo(json.dumps({"id": ind.id, "label": ind.label, "unit": ind.unit, "quantity": ind.quantity,
                                   "domain": ind.domain, "bbv_number": ind.bbv_number or None,
                                   "description": ind.description, "definition_source": ind.definition_source,
                                   "source": ind.source}, ensure_ascii=False))
        else:
            bbv = f"BBV {ind.bbv_number}" if ind.bbv_number else ""
            click.echo(f"{ind.id:<36} {ind.unit:<9} {ind.domain:<16} {bbv:<7} {ind.label}")
    if not found:
        err(f"no indicator matches '{word}'" + (f" in domain {domain}" if domain else ""))


@main.group(cls=HarvestGroup)
def rules() -> None:
    """Check the rule files: validate them, run their examples, list what they miss."""


@rules.command("lint")
@rules_option
def rules_lint(rules_dir: Path | None) -> None:
    """Validate the rule files: schema, units, domains, duplicate ids, phrases claimed
    twice, indicators without examples. Exit 1 when there are problems, 2 when a file
    does not load."""
    from ..ruleset.load import lint

    ruleset = rule_set(rules_dir)
    problems = lint(ruleset)
    for p in problems:
        click.echo(p)
    err(f"{len(ruleset.indicators)} indicators, {sum(len(i.examples) for i in ruleset.indicators)} examples, "
         f"{len(problems)} problems (rules {ruleset.hash})")
    if problems:
        sys.exit(EXIT_FINDINGS)


@rules.command("test")
@rules_option
@click.option("--corpus", type=click.Path(file_okay=False, path_type=Path), default=Path("corpus"), show_default=True,
              help="Folder with the reports the examples quote; an example runs inside its report when found there.")
@click.option("-v", "--verbose", is_flag=True, help="List passing examples too.")
def rules_test(rules_dir: Path | None, corpus: Path, verbose: bool) -> None:
    """Run every example of the rule files and compare with what it must give.

    Prints each failing example with what differs, then one line 'N passed, M
    failed'. An example marked known_gap fails as expected and is not counted; one
    that passes is reported FIXED and fails the run until its mark is removed.
    Exit 1 when an example fails."""
    from ..ruleset.examples import ExampleRunner

    ruleset = rule_set(rules_dir)
    results = ExampleRunner(ruleset, corpus if corpus.is_dir() else None).run()
    failed = [r for r in results if not r.ok]
    gaps = [r for r in results if r.status == "known gap"]
    for r in results:
        if r.status == "ok" and verbose:
            click.echo(f"ok    {r.indicator}  {r.source}")
        elif r.status == "known gap" and verbose:
            click.echo(f"gap   {r.indicator}  {r.source}: {r.known_gap}")
        elif r.status == "fixed":
            click.echo(f"FIXED {r.indicator}  {r.source}: passes now; remove its known_gap")
        for problem in r.problems if r.status == "FAIL" else ():
            click.echo(f"FAIL  {r.indicator}  {r.source}: {problem}")
    err(f"{len(gaps)} examples are known gaps (-v lists them)")
    click.echo(f"{len(results) - len(failed) - len(gaps)} passed, {len(failed)} failed")
    if failed:
        sys.exit(EXIT_FINDINGS)


@rules.command("coverage")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@rules_option
@click.option("--top", default=40, show_default=True, help="How many groups of unmapped figures to list.")
@click.option("--json", "as_json", is_flag=True, help="Print the groups as JSON.")
def rules_coverage(paths: tuple[Path, ...], rules_dir: Path | None, top: int, as_json: bool) -> None:
    """What the rules do not map yet: the share of figures that became measurements,
    then the unmapped figures grouped by the word after them (or before), most frequent
    first, with an example of each, so a rule author sees what to add next."""
    from ..ruleset.coverage import coverage

    ruleset = rule_set(rules_dir)
    report = coverage(ruleset, walk(list(paths)).files, err)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    click.echo(f"{report['measurements']} of {report['quantities']} figures became measurements "
               f"({report['share']:.0%}); {report['unmapped']} unmapped, {report['non_measurements']} non-measurements")
    for group in report["groups"][:top]:
        click.echo(f"{group['count']:>4}  {group['key']:<28} e.g. {group['example']}")


@rules.command("suggest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@rules_option
@click.option("--min-docs", default=2, show_default=True, type=click.IntRange(min=1),
              help="Drop labels seen in fewer documents than this.")
@click.option("--top", default=25, show_default=True, type=click.IntRange(min=0),
              help="How many clusters to list and draft (0: all).")
@click.option("--threshold", default=90, show_default=True, type=click.IntRange(50, 100),
              help="How alike two labels must be to share a cluster (rapidfuzz token_set_ratio, 0-100).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the drafts to this file (default: stdout, after the ranked list).")
@click.option("--json", "as_json", is_flag=True,
              help="The drafts as a JSON list instead of YAML (on stdout alone, the ranked list then goes to stderr).")
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr.")
def rules_suggest(paths: tuple[Path, ...], rules_dir: Path | None, min_docs: int, top: int, threshold: int,
                  out: Path | None, as_json: bool, quiet: bool) -> None:
    """Draft rule entries from the labels no rule names yet.

    Extracts the documents under PATHS with the current rules, takes every labelled
    measurement (a figure kept with its row label or counted noun because no indicator
    names it), normalises the labels (lower case; no column header, units, footnote
    marks, years, BBV numbers) and clusters them. Clusters are ranked by the number of
    municipalities, then documents, then figures; the list (rank, municipalities,
    documents, figures, label, unit) goes to stdout, followed by a draft indicator entry
    per cluster as YAML to paste under `indicators:` of a rule file and review."""
    from ..ruleset.suggest import ranked_lines, suggest, to_yaml

    started = time.perf_counter()
    ruleset = rule_set(rules_dir)
    found = walk(list(paths))
    for path in found.missing:
        err(f"error: {path}: no such file or folder")
    if found.missing and not found.files:
        sys.exit(EXIT_INPUT)
    report = suggest(ruleset, found.files, min_docs=min_docs, threshold=threshold, warn=err)
    chosen = report["suggestions"][:top] if top else report["suggestions"]
    listing = "\n".join(ranked_lines(chosen))
    if as_json:
        drafts = json.dumps([s.to_json(i) for i, s in enumerate(chosen, 1)], ensure_ascii=False, indent=2)
    else:
        drafts = to_yaml(chosen, report["documents"])
    if as_json and out is None:
        err(listing)
    else:
        click.echo(listing)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(drafts + ("\n" if not drafts.endswith("\n") else ""), encoding="utf-8")
    else:
        if not as_json:
            click.echo()
        click.echo(drafts.rstrip("\n"))
    if not quiet:
        err(f"{report['documents']} documents, {report['figures']} labelled figures, "
            f"{len(report['suggestions'])} clusters in {min_docs}+ documents ({len(chosen)} shown) "
            f"in {time.perf_counter() - started:.1f} s" + (f"; drafts written to {out}" if out else ""))



#: the gold sets `harvest eval` scores when none is named: the sample corpus, and the dev set
#: of other municipalities' documents, each reported on its own
DEFAULT_GOLD = (Path("corpus") / "gold", Path("tests") / "devset" / "gold")


@main.command("eval")
@click.option("--gold", "gold_dirs", type=click.Path(file_okay=False, path_type=Path), multiple=True,
              help="Folder with gold annotations (one YAML file per document); repeat for several sets. "
                   "Default: corpus/gold and, where present, tests/devset/gold.")
@click.option("--corpus", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder with the annotated documents (default: each gold folder's parent).")
@rules_option
@click.option("--json", "as_json", is_flag=True,
              help="Print the scores as JSON: one set's report, or an object of reports keyed by gold folder.")
@click.option("--show", type=click.Choice(["misses", "false", "findings"]), multiple=True,
              help="List the gold measurements not found, the extracted ones not in gold, or the findings "
                   "at warning/error that no annotated contradiction confirms.")
@click.option("--reviews", "reviews_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="A reviews file (harvest review): the findings confirmed in it count as confirmed, beside the "
                   "annotated contradictions.")
def eval_command(gold_dirs: tuple[Path, ...], corpus: Path | None, rules_dir: Path | None, as_json: bool,
                 show: tuple[str, ...], reviews_path: Path | None) -> None:
    """Precision and recall of the extractor against gold annotations.

    Extracts every annotated document afresh with the current rules, matches the
    measurements to gold (same document, value and unit, overlapping quote) and
    prints precision, recall and F1 overall, per document and per method, the share
    of matched measurements whose indicator, label, period, geography, dimensions and
    kind are right, and which annotated contradictions the consistency checks detect,
    miss, or raise falsely on cases annotated as consistent. Gold that names figures by
    label (the dev set) also gets recall for value and label, and value, label and period.

    Each gold set is scored and printed on its own: the sample corpus the rules were
    written for, and the dev set of other municipalities, are never pooled."""
    from ..evaluate import load_gold
    from ..extraction.extractor import Extractor

    named = bool(gold_dirs)
    gold_dirs = gold_dirs or tuple(d for i, d in enumerate(DEFAULT_GOLD) if i == 0 or d.is_dir())
    ruleset = rule_set(rules_dir)
    extractor = Extractor(ruleset)
    reports = {}
    for gold_dir in gold_dirs:
        gold = load_gold(gold_dir)
        reports[str(gold_dir)] = _evaluate_set(gold, corpus or gold_dir.parent, extractor, ruleset, show,
                                               check_cli._reviews(reviews_path))
    if as_json:
        scores = {d: {k: v for k, v in r.items() if k != "listed"} for d, r in reports.items()}  # listings: text only
        payload = scores[str(gold_dirs[0])] if named and len(gold_dirs) == 1 else scores
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    for n, (gold_dir, report) in enumerate(reports.items()):
        if len(reports) > 1:
            click.echo(f"{'' if n == 0 else chr(10)}== {gold_dir} ({len(report['documents'])} documents)")
        click.echo(_score_table(report))
        precision = report["finding_precision"]
        click.echo(f"\nfindings at warning/error: {precision['raised']}, confirmed by an annotated contradiction or a review "
                   f"{precision['confirmed']}: precision {precision['precision']:.3f}")
        for key, title in (("detected", "contradictions detected"), ("missed", "contradictions missed"),
                           ("false_alarms", "false alarms on consistent cases")):
            if report["findings"][key] or key != "false_alarms":
                click.echo(f"\n{title} ({len(report['findings'][key])}):")
            for line in report["findings"][key]:
                click.echo(f"  {line}")
        for title, lines in report["listed"].items():
            click.echo(f"\n{title} ({len(lines)}):")
            for line in lines:
                click.echo(f"  {line}")


def _evaluate_set(gold, folder: Path, extractor, ruleset, show: tuple[str, ...], reviews=None) -> dict:
    """One gold set's scores: extract its documents afresh, match, run the checks."""
    from dataclasses import asdict

    from ..checks import run_checks
    from ..evaluate import catalogue_scores, evaluate, findings_score

    found, mentions = [], []
    for name in gold.docs:
        paths = sorted(p for p in folder.glob(f"{name}.*") if p.suffix in (".txt", ".md", ".html", ".htm", ".pdf", ".docx"))
        if not paths:
            err(f"error: {folder}: no document '{name}' for its gold file")
            sys.exit(EXIT_INPUT)
        extracted = extractor.extract(read_document(paths[0]))
        found.extend(extracted.measurements)
        mentions.extend(extracted.mentions)
    result = evaluate(gold, found)
    findings = [asdict(f) for f in run_checks(found, ruleset, "info", mentions)]
    judged = findings_score(gold, findings, {i for i, r in (reviews or {}).items() if r.status == "confirmed"})
    report = {
        "overall": result.scores(),
        "documents": {d: result.scores(lambda x, d=d: x.doc == d) for d in gold.docs},
        "methods": {m: result.scores(lambda x, m=m: getattr(x, "method", "") == m) for m in ("prose", "table")},
        "fields": result.field_accuracy(),
        "findings": {k: [f"{g.doc}: {g.check}: {g.description}" for g in judged[k]]
                     for k in ("detected", "missed", "false_alarms")},
        "finding_precision": {"raised": judged["raised"], "confirmed": judged["raised"] - len(judged["unconfirmed"]),
                              "precision": round(judged["precision"], 3)},
        "listed": {},
    }
    if any(g.label for g in gold.measurements):
        report["labelled_recall"] = result.labelled_recall()
    catalogue = catalogue_scores(gold, found, {i.id: i.bbv_name for i in ruleset.indicators if i.bbv_name})
    if catalogue:
        report["catalogue"] = catalogue
    for what in show:
        if what == "findings":
            report["listed"]["findings at warning/error that no annotated contradiction confirms"] = [
                f"{f['doc']}: {f['check']} {f['severity']}: {f['message']}" for f in judged["unconfirmed"]]
            continue
        items = result.misses if what == "misses" else result.false_positives
        report["listed"]["missed" if what == "misses" else "false positives"] = [
            f"{x.doc}: {x.value:g} {x.unit} {getattr(x, 'indicator', '') or getattr(x, 'label', '')}  \"{x.quote[:100]}\""
            for x in items]
    return report


def _score_table(report: dict) -> str:
    lines = [f"{'':<64} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]

    def row(name: str, s: dict) -> str:
        return f"{name:<64} {s['precision']:>6.3f} {s['recall']:>6.3f} {s['f1']:>6.3f} {s['tp']:>5} {s['fp']:>5} {s['fn']:>5}"

    lines.append(row("overall", report["overall"]))
    lines.extend(row(f"  {d}", s) for d, s in report["documents"].items())
    lines.extend(row(f"  method {m}", s) for m, s in report["methods"].items())
    lines.append("")
    lines.append("of the matched measurements, right: " + ", ".join(f"{k} {v:.3f}" for k, v in report["fields"].items()))
    if "labelled_recall" in report:
        r = report["labelled_recall"]
        lines.append(f"recall of the {r['gold']} labelled gold figures: value and label {r['label']:.3f}, "
                     f"value, label and period {r['label_and_period']:.3f}")
    for group, c in report.get("catalogue", {}).items():
        title = "figures compared across municipalities" if group == "compare" else "BBV beleidsindicatoren"
        lines.append(f"of the {c['gold']} {title}: found {c['found']:.3f}, typed {c['typed']:.3f}"
                     + (f", as the right BBV indicator {c['right_bbv']:.3f}" if "right_bbv" in c else "")
                     + f"; unit right (of found) {c['unit']:.3f}")
    return "\n".join(lines)


main.add_command(check_cli.check)
main.add_command(check_cli.report)
main.add_command(check_cli.review)
main.add_command(project_cli.init)
main.add_command(export_cli.export_command)


if __name__ == "__main__":
    main()
