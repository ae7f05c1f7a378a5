"""What every `harvest` command shares: exit codes, the --store and --rules options, the
rule set, and the group that turns a HarvestError into one line and exit code 2."""

from __future__ import annotations

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


class HarvestCommand(click.Command):
    """A `harvest` command: any :class:`~extract.errors.HarvestError` it lets through (a file,
    rule, manifest, reviews file or store that cannot be used) is its one line on stderr and
    exit code 2, in this one place, however the command is invoked."""

    def invoke(self, ctx: click.Context):
        from ..errors import HarvestError

        try:
            return super().invoke(ctx)
        except HarvestError as error:
            err(f"error: {error}")
            ctx.exit(EXIT_INPUT)


class HarvestGroup(HarvestCommand, click.Group):
    """The `harvest` group (and `harvest rules`): its own callback reports as a command does,
    and the commands declared on it are HarvestCommands."""

    command_class = HarvestCommand


def err(message: str) -> None:
    """A message for the user: stderr, so that stdout stays data."""
    click.echo(message, err=True)


def rule_set(folder: Path | None):
    """The rule set of ``--rules`` (loaded when a command needs it, not at start-up); a rule
    file that cannot be used is a RuleFileError, which the group turns into one line naming
    the file, line and problem and exit code 2."""
    from ..ruleset.load import load_rules

    return load_rules(folder)
