"""``harvest check``, ``harvest report`` and ``harvest review``, and the step ``harvest run`` ends with.

Check and report recompute the findings from the store's measurements and store them
(``Store.replace_findings``), so ``harvest export --what findings`` and the report
never show findings of an older extraction; each finding takes the researcher's review
from ``reviews.yaml`` by its stable id. Data goes to stdout, the summary to stderr.
Exit codes: 0 ok, 1 findings at or above ``--min-severity`` that are not dismissed
(check), 2 a store, rule or reviews file that cannot be used, or an unknown finding id.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import asdict
from pathlib import Path

import click

from ..batch.run import refresh_findings
from ..checks import ALL_CHECKS, SEVERITIES, severity_rank
from ..checks.reviews import Review, load_reviews, save_reviews
from ..records import Finding
from ..store.sqlite import Store
from .common import EXIT_FINDINGS, EXIT_INPUT, HarvestCommand, reviews_option, rule_set, rules_option, store_option


def check_and_report(store_path: Path, report_path: Path, rules_dir: Path | None, quiet: bool = False,
                     reviews_path: Path | None = None) -> None:
    """`harvest report`: store the findings, write the report."""
    from ..report import write_report

    rules = rule_set(rules_dir)
    with _store(store_path) as store:
        findings = refresh_findings(store, rules, reviews_path)
        write_report(store, rules, report_path)
    if not quiet:
        click.echo(f"{summary(findings)}; report: {report_path}", err=True)


def _reviews(path: Path | None) -> dict[str, Review]:
    return load_reviews(path) if path is not None else {}


@click.command("check", cls=HarvestCommand)
@store_option
@rules_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: one block per finding with its quotes; json: a list of findings (export columns).")
@click.option("--min-severity", type=click.Choice(SEVERITIES), default="warning", show_default=True,
              help="Show findings at or above this severity; exit 1 when there are any.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@reviews_option
@click.option("--show-dismissed", is_flag=True, help="Also show the findings dismissed in the reviews file.")
def check(store_path: Path, rules_dir: Path | None, fmt: str, min_severity: str, exit_zero: bool,
          reviews_path: Path, show_dismissed: bool) -> None:
    """Run the consistency checks on the store and store their findings (all
    severities; --min-severity only chooses what is shown and what fails). A finding
    dismissed in the reviews file is not shown and does not fail, unless --show-dismissed."""
    rules = rule_set(rules_dir)
    with _store(store_path) as store:
        findings = refresh_findings(store, rules, reviews_path)
    shown = [f for f in findings if severity_rank(f.severity) >= severity_rank(min_severity)
             and (show_dismissed or f.review != "dismissed")]
    if fmt == "json":
        click.echo(json.dumps([asdict(f) for f in shown], ensure_ascii=False, indent=2))
    else:
        for f in shown:
            click.echo(_text(f))
    dismissed = sum(f.review == "dismissed" for f in findings)
    click.echo(f"{summary(findings)}; {len(shown)} at or above {min_severity} shown"
               f"{f'; {dismissed} dismissed in {reviews_path}' if dismissed else ''}; stored in {store_path}", err=True)
    if any(f.review != "dismissed" for f in shown) and not exit_zero:
        sys.exit(EXIT_FINDINGS)


@click.command("review", cls=HarvestCommand)
@click.argument("finding_ids", nargs=-1, required=True)
@click.option("--confirm", "status", flag_value="confirmed", help="The finding is right: the report is wrong.")
@click.option("--dismiss", "status", flag_value="dismissed", help="The finding is wrong: hide it from now on.")
@click.option("--clear", "status", flag_value="clear", help="Remove the review.")
@click.option("--note", default="", help="Why: kept beside the review.")
@store_option
@reviews_option
def review(finding_ids: tuple[str, ...], status: str | None, note: str, store_path: Path, reviews_path: Path) -> None:
    """Confirm or dismiss findings by their id (as `harvest check` and the report show
    it), with a note. The review goes into the reviews file (reviews.yaml by default,
    written atomically) and stays with the finding across runs and rule changes; `harvest
    check` then leaves a dismissed finding out, and the report shows it as dismissed."""
    if status is None:
        click.echo("error: say --confirm, --dismiss or --clear", err=True)
        sys.exit(EXIT_INPUT)
    with _store(store_path) as store:
        known = {f.finding_id: f for f in store.findings()}
    unknown = [i for i in finding_ids if i not in known]
    if unknown:
        click.echo(f"error: no finding {', '.join(unknown)} in {store_path} (run `harvest check` first)", err=True)
        sys.exit(EXIT_INPUT)
    reviews = _reviews(reviews_path)
    for finding_id in finding_ids:
        if status == "clear":
            reviews.pop(finding_id, None)
        else:
            f = known[finding_id]
            reviews[finding_id] = Review(finding_id, status, note, f.check, f.message)
    save_reviews(reviews_path, reviews)
    click.echo(f"{len(finding_ids)} finding(s) {'cleared' if status == 'clear' else status} in {reviews_path}", err=True)


check.help += "\n\n\b\nChecks:\n" + "\n".join(f"{c.code} {c.name}: {c.description}" for c in ALL_CHECKS)


@click.command("report", cls=HarvestCommand)
@store_option
@rules_option
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=Path("output") / "report.html",
              show_default=True, help="The HTML file to write.")
@reviews_option
@click.option("--open", "open_it", is_flag=True, help="Open the report in the default web browser when written.")
def report(store_path: Path, rules_dir: Path | None, out: Path, reviews_path: Path, open_it: bool) -> None:
    """Write one self-contained HTML report: per document the figures found, rule
    coverage and findings; every finding with its quotes side by side; a small chart
    per indicator with a time series; a filter bar (severity, check, municipality,
    indicator, document, free text) that works offline. Runs the checks first (and stores
    their findings, as `harvest check` does); reviewed findings carry their review."""
    check_and_report(store_path, out, rules_dir, reviews_path=reviews_path)
    if open_it:
        import webbrowser

        if not webbrowser.open(out.resolve().as_uri()):
            click.echo(f"no web browser found: open {out} by hand", err=True)


def _store(path: Path) -> Store:
    return Store.open(path, create=False)


def summary(findings: list[Finding]) -> str:
    counts = Counter(f.severity for f in findings)
    return f"{len(findings)} findings: " + ", ".join(f"{counts[s]} {s}" for s in reversed(SEVERITIES))


def _text(f: Finding) -> str:
    review = f"  [{f.review}{': ' + f.review_note if f.review_note else ''}]" if f.review else ""
    lines = [f"{f.severity.upper():<8}{f.check} {f.doc}  ({f.finding_id}, confidence {f.confidence:.2f}){review}",
             f"        {f.message}"]
    for m in f.measurements:
        where = " ".join(x for x in (m["doc"] if m["doc"] != f.doc else "", f"p{m['page']}" if m.get("page") else "",
                                     f"line {m['line']}" if m.get("line") else "") if x)
        lines.append(f"        - {m.get('role', '')} {where}: \"{m['quote']}\"")
    return "\n".join(lines) + "\n"
