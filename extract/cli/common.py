"""What every `harvest` command shares: exit codes, the --store and --rules options,
loading the rules with a one-line error."""

from __future__ import annotations

import sys
from pathlib import Path

import click

EXIT_FINDINGS = 1
EXIT_INPUT = 2
DEFAULT_STORE = Path("output") / "indicators.sqlite"

store_option = click.option("--store", "store_path", type=click.Path(dir_okay=False, path_type=Path),
                            default=DEFAULT_STORE, show_default=True, help="The SQLite indicator store.")
rules_option = click.option("--rules", "rules_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                            help="Rule folder (default: $HARVEST_RULES, the rules of harvest.toml, ./rules, else the rules installed with harvest).")
reviews_option = click.option("--reviews", "reviews_path", type=click.Path(dir_okay=False, path_type=Path),
                              default=Path("reviews.yaml"), show_default=True,
                              help="The researcher's reviews of findings (confirmed or dismissed), by finding id; "
                                   "`harvest review` writes it.")


def err(message: str) -> None:
    """A message for the user: stderr, so that stdout stays data."""
    click.echo(message, err=True)


def load_rules_or_exit(folder: Path | None):
    """The rule set, or one line naming the file, line and problem and exit code 2."""
    from ..ruleset.load import RuleFileError, load_rules

    try:
        return load_rules(folder)
    except RuleFileError as error:
        err(f"error: {error}")
        sys.exit(EXIT_INPUT)
