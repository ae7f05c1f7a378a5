"""The main job as one function: ingest, check, report and export, for `harvest run` and for a
notebook (``extract.run_batch("reports/", out="output")``). The rule set is loaded once and
used by every step; messages are the caller's business (the result carries them)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..checks import MENTION_REASONS, run_checks_by_municipality
from ..checks.reviews import apply_reviews, load_reviews
from ..records import Finding
from ..ruleset.load import RuleSet, load_rules
from ..store.sqlite import Store
from .pipeline import IngestCounts, default_workers, ingest


@dataclass
class RunResult:
    """What a run did: the ingest counts (with the errors and warnings per file), the findings
    of the whole store, and the files written."""

    counts: IngestCounts
    findings: list[Finding]
    store: Path
    files: list[Path] = field(default_factory=list)


def refresh_findings(store: Store, rules: RuleSet, reviews_path: Path | None = None) -> list[Finding]:
    """Run every check on the store's measurements (and the mentions some read), add the reviews,
    and replace the stored findings."""
    found = run_checks_by_municipality(store.measurements_by_municipality(), rules,
                                       mentions=store.mentions(reasons=MENTION_REASONS))
    findings = apply_reviews(found, load_reviews(reviews_path) if reviews_path is not None else {})
    store.replace_findings(findings)
    return findings


def finish(store_path: Path, out_dir: Path, rules: RuleSet, reviews_path: Path | None = None) -> tuple[list[Finding], list[Path]]:
    """What a run does after ingesting: the findings (stored before the exports, so that they
    agree), the report, the exports of every table, the codebook, the data package and the
    store's datasette metadata."""
    from ..report import write_report
    from ..store.columns import CODEBOOK
    from ..store.datasette import write_metadata
    from ..store.export import WHATS, export, export_codebook, write_datapackage

    report = out_dir / "report.html"
    with Store.open(store_path, create=False) as store:
        findings = refresh_findings(store, rules, reviews_path)
        write_report(store, rules, report)
        files = [export(store, what, "csv", out_dir / f"{what}.csv") for what in WHATS]
    files.append(export_codebook(rules, "csv", out_dir / f"{CODEBOOK}.csv"))
    files.append(write_datapackage(out_dir))
    files.append(write_metadata(store_path, out_dir / "datasette-metadata.json"))
    return findings, [*files, report]


def run_batch(paths: str | Path | Iterable[str | Path], out: str | Path = "output", *, store: str | Path | None = None,
              rules: RuleSet | str | Path | None = None, workers: int | None = None,
              reviews: str | Path | None = None,
              progress: Callable[[int, int, str], None] | None = None) -> RunResult:
    """Ingest ``paths`` (files or folders) into ``store`` (default ``out/indicators.sqlite``),
    run the checks and write the report and exports to ``out``: `harvest run` as a function.
    A file that cannot be read is in ``result.counts.errors``; the batch goes on."""
    paths = [Path(paths)] if isinstance(paths, (str, Path)) else [Path(p) for p in paths]
    out_dir = Path(out)
    store_path = Path(store) if store is not None else out_dir / "indicators.sqlite"
    ruleset = rules if isinstance(rules, RuleSet) else load_rules(Path(rules) if rules is not None else None)
    with Store.open(store_path) as opened:
        counts = ingest(paths, opened, ruleset, workers=workers or default_workers(), progress=progress)
    findings, files = finish(store_path, out_dir, ruleset, Path(reviews) if reviews is not None else None)
    return RunResult(counts, findings, store_path, files)
