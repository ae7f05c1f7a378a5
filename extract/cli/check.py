"""``harvest check`` and ``harvest report``, and the step ``harvest run`` ends with.

Both commands recompute the findings from the store's measurements and store them
(``Store.replace_findings``), so ``harvest export --what findings`` and the report
never show findings of an older extraction. Data goes to stdout, the summary to
stderr. Exit codes: 0 ok, 1 findings at or above ``--min-severity`` (check), 2 a
store or rule file that cannot be used.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import asdict
from pathlib import Path

import click

from ..checks import ALL_CHECKS, SEVERITIES, run_checks, severity_rank
from ..records import Finding
from ..ruleset.load import RuleSet
from ..store.sqlite import Store, StoreError
from .common import EXIT_FINDINGS, EXIT_INPUT, load_rules_or_exit, rules_option, store_option


def refresh_findings(store: Store, rules: RuleSet) -> list[Finding]:
    """Run every check on the store's measurements and replace the stored findings."""
    findings = run_checks(store.measurements(), rules)
    store.replace_findings(findings)
    return findings


def check_and_report(store_path: Path, report_path: Path, rules_dir: Path | None, quiet: bool = False) -> None:
    """What ``harvest run`` does after ingesting: store the findings (before exporting), write the report."""
    from ..report import write_report

    rules = load_rules_or_exit(rules_dir)
    with _store(store_path) as store:
        findings = refresh_findings(store, rules)
        write_report(store, rules, report_path)
    if not quiet:
        click.echo(f"{_summary(findings)}; report: {report_path}", err=True)


@click.command("check")
@store_option
@rules_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: one block per finding with its quotes; json: a list of findings (export columns).")
@click.option("--min-severity", type=click.Choice(SEVERITIES), default="warning", show_default=True,
              help="Show findings at or above this severity; exit 1 when there are any.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
def check(store_path: Path, rules_dir: Path | None, fmt: str, min_severity: str, exit_zero: bool) -> None:
    """Run the consistency checks on the store and store their findings (all
    severities; --min-severity only chooses what is shown and what fails)."""
    rules = load_rules_or_exit(rules_dir)
    with _store(store_path) as store:
        findings = refresh_findings(store, rules)
    shown = [f for f in findings if severity_rank(f.severity) >= severity_rank(min_severity)]
    if fmt == "json":
        click.echo(json.dumps([asdict(f) for f in shown], ensure_ascii=False, indent=2))
    else:
        for f in shown:
            click.echo(_text(f))
    click.echo(f"{_summary(findings)}; {len(shown)} at or above {min_severity} shown; stored in {store_path}", err=True)
    if shown and not exit_zero:
        sys.exit(EXIT_FINDINGS)


check.help += "\n\n\b\nChecks:\n" + "\n".join(f"{c.code} {c.name}: {c.description}" for c in ALL_CHECKS)


@click.command("report")
@store_option
@rules_option
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=Path("output") / "report.html",
              show_default=True, help="The HTML file to write.")
def report(store_path: Path, rules_dir: Path | None, out: Path) -> None:
    """Write one self-contained HTML report: per document the figures found, rule
    coverage and findings; every finding with its quotes side by side; a small chart
    per indicator with a time series. Runs the checks first (and stores their
    findings, as `harvest check` does)."""
    check_and_report(store_path, out, rules_dir)


def _store(path: Path) -> Store:
    try:
        return Store.open(path, create=False)
    except StoreError as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(EXIT_INPUT)


def _summary(findings: list[Finding]) -> str:
    counts = Counter(f.severity for f in findings)
    return f"{len(findings)} findings: " + ", ".join(f"{counts[s]} {s}" for s in reversed(SEVERITIES))


def _text(f: Finding) -> str:
    lines = [f"{f.severity.upper():<8}{f.check} {f.doc}", f"        {f.message}"]
    for m in f.measurements:
        where = " ".join(x for x in (m["doc"] if m["doc"] != f.doc else "", f"p{m['page']}" if m.get("page") else "",
                                     f"line {m['line']}" if m.get("line") else "") if x)
        lines.append(f"        - {m.get('role', '')} {where}: \"{m['quote']}\"")
    return "\n".join(lines) + "\n"
