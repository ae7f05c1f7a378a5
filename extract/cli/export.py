"""``harvest export``: one table of the store (or the indicators codebook) as CSV, JSON Lines,
Parquet or an Excel workbook, with the figures a researcher selects."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from .common import EXIT_INPUT, HarvestCommand, err, rule_set, rules_option, store_option

_TABLES = ["measurements", "findings", "finding_evidence", "mentions", "documents", "indicators"]


def _iso_date(ctx, param, value: str | None) -> str | None:
    if value is None:
        return None
    text = value if len(value) == 10 else f"{value}-01-01" if param.name == "start" else f"{value}-12-31"
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is no date (2017, or 2017-06-30)") from None


@click.command("export", cls=HarvestCommand)
@store_option
@click.option("--what", type=click.Choice(_TABLES), default=None,
              help="A table of the store, or the indicators codebook of the rules (--rules). "
                   "Required except for --format xlsx, which writes every table unless one is given.")
@click.option("--format", "fmt", required=True, type=click.Choice(["csv", "jsonl", "parquet", "xlsx"]))
@click.option("--out", type=click.Path(path_type=Path),
              help="File (default stdout; parquet and xlsx need a file), or the dataset folder with --partition.")
@click.option("--all-columns", is_flag=True, help="Append the provenance columns after the contract's.")
@click.option("--partition", is_flag=True, help="Measurements as a Parquet dataset folder, partitioned by "
              "municipality and year (hive layout: municipality=Haarlem/year=2017/part-0.parquet).")
@click.option("--typed", is_flag=True, help="Only the measurements a rule named (an indicator id), "
              "without the labelled ones whose indicator is empty.")
@click.option("--indicator", help="Only the figures of this indicator id (any case).")
@click.option("--municipality", help="Only the figures of this municipality (any case).")
@click.option("--kind", type=click.Choice(["actual", "target", "forecast", "budget", "change"]),
              help="Only the figures of this kind.")
@click.option("--from", "start", callback=_iso_date, metavar="DATE", help="Only figures whose period ends on or "
              "after DATE (2017 or 2017-06-30).")
@click.option("--to", "end", callback=_iso_date, metavar="DATE", help="Only figures whose period starts on or "
              "before DATE.")
@click.option("--dialect", type=click.Choice(["plain", "nl"]), default="plain", show_default=True,
              help="CSV for tools (',' and '.' decimals) or for Dutch Excel (';', decimal commas, a BOM).")
@rules_option
def export_command(store_path: Path, what: str | None, fmt: str, out: Path | None, all_columns: bool,
                   partition: bool, typed: bool, indicator: str | None, municipality: str | None, kind: str | None,
                   start: str | None, end: str | None, dialect: str, rules_dir: Path | None) -> None:
    """Export the store in the columns of docs/exports.md: CSV (UTF-8, '.' decimals, ISO
    dates, one measurement per row), JSON lines, Parquet, or one Excel workbook (a sheet per
    table and the codebook). Measurements are typed (a rule named them) or labelled (indicator
    empty, label = row label and column, or counted noun). `--what indicators` is the codebook
    of the rules: id, label, unit, BBV number, definition. --indicator, --municipality, --kind,
    --from and --to select the figures of measurements and finding_evidence."""
    from ..store.columns import CODEBOOK
    from ..store.export import SELECTABLE, Selection, export, export_codebook
    from ..store.sqlite import Store

    selection = Selection(indicator, municipality, kind, start, end, typed)
    selecting = selection != Selection()
    if what is None and fmt != "xlsx":
        raise click.UsageError("--what is required (except for --format xlsx)")
    if fmt in ("parquet", "xlsx") and out is None:
        raise click.UsageError(f"{fmt} is binary: give a file with --out")
    if dialect != "plain" and fmt != "csv":
        raise click.UsageError("--dialect is for --format csv")
    if what == CODEBOOK and fmt != "xlsx":
        if selecting or partition or all_columns:
            raise click.UsageError("--typed, --partition, --all-columns and the selections are for the store's tables")
        _or_exit(lambda: export_codebook(rule_set(rules_dir), fmt, out, dialect=dialect))
        return
    if selecting and what is not None and what not in SELECTABLE:
        raise click.UsageError(f"--typed and the selections are for --what {' or '.join(SELECTABLE)}")
    if partition and ((what, fmt) != ("measurements", "parquet") or selecting):
        raise click.UsageError("--partition is for --what measurements --format parquet, without selections")
    if out is not None and out.is_dir() and not partition:
        raise click.UsageError(f"--out {out} is a folder; give a file")

    def write() -> None:
        with Store.open(store_path, read_only=True) as store:
            if partition:
                from ..store.parquet import export_partitioned

                export_partitioned(store, out, all_columns=all_columns)
            elif fmt == "xlsx":
                from ..store.export import WHATS
                from ..store.xlsx import export_xlsx

                whats = WHATS if what is None or what == CODEBOOK else (what,)
                export_xlsx(store, out, rule_set(rules_dir), whats=whats, all_columns=all_columns,
                            selection=selection)
            else:
                export(store, what, fmt, out, all_columns=all_columns, selection=selection, dialect=dialect)

    _or_exit(write)


def _or_exit(write) -> None:
    """Run ``write``; a missing library or a file in the way is one line and exit 2 (a store or a
    table too large for Excel is a HarvestError, which the group reports the same way)."""
    try:
        write()
    except (ImportError, FileExistsError) as error:
        err(f"error: {error}")
        sys.exit(EXIT_INPUT)
