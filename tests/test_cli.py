"""The documented command line: help texts and `harvest parse` on real documents."""

from __future__ import annotations

import json

from click.testing import CliRunner
from conftest import HMM_2024, Q2

from extract.cli.main import main


def test_help_lists_the_commands():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "parse" in result.output and "run" in result.output


def test_each_command_documents_its_options():
    for command, option in [("parse", "--json"), ("run", "--out")]:
        result = CliRunner().invoke(main, [command, "--help"])
        assert result.exit_code == 0
        assert option in result.output


def test_unknown_command_is_a_usage_error():
    result = CliRunner().invoke(main, ["frobnicate"])
    assert result.exit_code == 2


def test_parse_text_view_draws_tables_and_provenance():
    result = CliRunner().invoke(main, ["parse", str(HMM_2024)])
    assert result.exit_code == 0, result.stderr
    out = result.output
    assert "caption: 'Tabel 20'" in out
    assert "  | Jongeren met jeugdhulp | % van alle jongeren tot 18 jaar | BBV | Waarstaatjegemeente.nl | 11,8 | 13,2 | 13,3 | 13,6 | 11,1*" in out
    assert "  note: * = voorlopige cijfers" in out
    assert "### Toelichting   (L17)" in out


def test_parse_json_is_the_document_model():
    result = CliRunner().invoke(main, ["parse", str(Q2), "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["meta"]["format"] == "text"
    kinds = {b["kind"] for b in data["blocks"]}
    assert kinds == {"heading", "paragraph", "table", "footnote"}
    bezwaren = next(b for b in data["blocks"] if b["kind"] == "table" and b["caption"] == "2e kwartaal 2017 Bezwaren")
    assert bezwaren["cells"][-1]["text"] == "75"


def test_every_error_of_the_input_is_a_harvest_error_the_commands_report_alike():
    # one base, so that the command line reports each in one line with exit code 2 in one place
    # (extract.cli.common.HarvestCommand) and a notebook can catch them all
    from extract.checks.reviews import ReviewFileError
    from extract.documents.errors import ReadError
    from extract.errors import HarvestError
    from extract.evaluate import GoldError
    from extract.metadata.manifest import ManifestError
    from extract.ruleset.errors import RuleFileError
    from extract.store.sqlite import StoreError
    from extract.store.xlsx import TooLargeForExcel

    for error in (ReadError, RuleFileError, ManifestError, ReviewFileError, GoldError, StoreError, TooLargeForExcel):
        assert issubclass(error, HarvestError), error
    from extract.cli.common import HarvestCommand
    from extract.cli.main import main

    commands = [main, *main.commands.values(), *main.commands["rules"].commands.values()]
    assert all(isinstance(c, HarvestCommand) for c in commands), [c.name for c in commands if not isinstance(c, HarvestCommand)]
